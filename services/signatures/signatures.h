/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The signatures service: parties and court staff sign a stored document (usually a mediation
 * agreement) with the court's Ed25519 key, and anyone who may see the document can have every
 * signature checked again against the document's current hash. The key pair is loaded once at
 * start and shared read-only by all worker threads.
 */
#ifndef MC_SERVICES_SIGNATURES_SIGNATURES_H
#define MC_SERVICES_SIGNATURES_SIGNATURES_H

#include <stdbool.h>
#include <stddef.h>

#include "mc/svc.h"
#include "mc/token.h"

#define SIG_KEY_ID_BYTES 8
#define SIG_KEY_ID_HEX (SIG_KEY_ID_BYTES * 2 + 1)
#define SIG_HEX_LEN (64 * 2 + 1) /* an Ed25519 signature in hex, with its NUL */
#define SIG_STATEMENT_MAX 1024

struct signatures {
    unsigned char pk[MC_TOKEN_PK_BYTES];
    unsigned char sk[MC_TOKEN_SK_BYTES];
    char key_id[SIG_KEY_ID_HEX];
};

/* What a signature vouches for; every field is borrowed. party_id NULL for court staff. */
struct sig_statement {
    const char *document_id;
    const char *sha256;
    const char *signer_id;
    const char *signer_role;
    const char *party_id;
    const char *signed_at; /* RFC 3339, UTC, "2026-12-03T17:06:08Z" */
};

extern const struct mc_route signatures_routes[];
extern const size_t signatures_n_routes;
extern const char *const signatures_migrations[];
extern const int signatures_n_migrations;
extern const struct mc_sql signatures_stmts[];
extern const int signatures_n_stmts;

/* Handlers, one per subject (sign.c, list.c). */
mc_status signatures_on_sign(struct mc_req *req);
mc_status signatures_on_list(struct mc_req *req);
mc_status signatures_on_key(struct mc_req *req);

/*
 * Writes the canonical statement text into buf (NUL-terminated). Returns its length, or -1
 * when a required field is missing, contains a newline, or buf is too small.
 */
int sig_statement_text(const struct sig_statement *s, char *buf, size_t buf_len);

/* Signs the statement; out_hex receives the signature in lower-case hex. -1 on a bad statement. */
int sig_statement_sign(const struct signatures *k, const struct sig_statement *s,
                       char out_hex[SIG_HEX_LEN]);

/* True when sig_hex is a valid signature by pk over the statement. */
bool sig_statement_verify(const unsigned char pk[MC_TOKEN_PK_BYTES], const struct sig_statement *s,
                          const char *sig_hex);

/* The key id: hex of the first 8 bytes of the public key. */
void sig_key_id(const unsigned char pk[MC_TOKEN_PK_BYTES], char out[SIG_KEY_ID_HEX]);

/*
 * Fetches the document (documents.get) and its case (docketing.case.access) with the caller's
 * auth. On refusal replies with the other service's status and code. owned: *out_doc, *out_case.
 */
mc_status signatures_load(struct mc_req *req, const char *document_id, json_t **out_doc,
                          json_t **out_case) MC_MUSTCHECK;

#endif
