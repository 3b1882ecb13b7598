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
#define SIG_STATEMENT_VERSION 2 /* the version new signatures are made with */
#define SIG_JTI_MAX 65          /* a face assertion's jti, with its NUL */

/* SIGNATURES_REQUIRE_FACE: who must present a face assertion to sign. */
enum sig_face_policy { SIG_FACE_NONE, SIG_FACE_STAFF, SIG_FACE_ALL };

struct signatures {
    unsigned char pk[MC_TOKEN_PK_BYTES];
    unsigned char sk[MC_TOKEN_SK_BYTES];
    char key_id[SIG_KEY_ID_HEX];
    enum sig_face_policy face_policy;
};

/* What a checked face assertion adds to a signature. */
struct sig_face {
    bool verified;
    double dist;           /* the assertion's face distance; meaningful when verified */
    char jti[SIG_JTI_MAX]; /* empty when not verified */
};

/* Why a face assertion's claims cannot back a signature. */
enum sig_claims_verdict { SIG_CLAIMS_OK, SIG_CLAIMS_BAD, SIG_CLAIMS_MISMATCH };

/*
 * What a signature vouches for; every field is borrowed. party_id NULL for court staff. version
 * is 1 (stored before face assertions; face_verified is not part of it) or 2.
 */
struct sig_statement {
    const char *document_id;
    const char *sha256;
    const char *signer_id;
    const char *signer_role;
    const char *party_id;
    const char *signed_at; /* RFC 3339, UTC, "2026-12-03T17:06:08Z" */
    int version;
    bool face_verified;
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
 * Checks the face assertion in the body's face_assertion, if any, with identity.assertion.verify
 * and against the document and the caller. No assertion: out->verified false and MC_OK. Replies
 * and fails on a bad (401), foreign (403) one; MC_E_UNAVAILABLE when identity does not answer.
 */
mc_status sig_face_check(struct mc_req *req, const char *document_id,
                         struct sig_face *out) MC_MUSTCHECK;

/* Pure: whether verified claims back a signature of document_id by sub at time now. */
enum sig_claims_verdict sig_claims_check(const json_t *claims, const char *document_id,
                                         const char *sub, long long now);

/*
 * The document id inside an assertion, read WITHOUT checking its signature (only to ask
 * identity about the right document). owned: caller frees; NULL when malformed.
 */
char *sig_assertion_peek_doc(const char *assertion);

/* Pure: parses "none", "staff" or "all". 0, or -1 on anything else. */
int sig_face_policy_parse(const char *text, enum sig_face_policy *out);

/* Pure: whether a signer of role may sign under policy, given whether they have an assertion. */
bool sig_face_allowed(enum sig_face_policy policy, const char *role, bool has_assertion);

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
