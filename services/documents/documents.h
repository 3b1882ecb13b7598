/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The documents service: files of a case (uploaded evidence and pleadings, generated mediation
 * agreements), their content, and electronic service of documents on the parties with receipts.
 * Files are stored in PostgreSQL with their SHA-256. Access to a case is always decided by
 * docketing (docketing.case.access) with the caller's own claims. Handlers run on worker
 * threads; nothing here is shared between requests.
 */
#ifndef MC_SERVICES_DOCUMENTS_DOCUMENTS_H
#define MC_SERVICES_DOCUMENTS_DOCUMENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "mc/svc.h"

#define DOCUMENTS_MAX_BYTES (6u * 1024u * 1024u) /* the gateway's body limit too */
#define DOCUMENTS_MAX_TITLE 200                  /* bytes */
#define DOCUMENTS_MAX_SERVED 50                  /* documents per service record */
#define DOCUMENTS_MAX_RECIPIENTS 32

/* What the bytes of a file are, judged by their content alone. */
enum documents_type {
    DOCUMENTS_TYPE_NONE = 0, /* not a file we accept, or damaged */
    DOCUMENTS_TYPE_JPEG,
    DOCUMENTS_TYPE_PNG,
    DOCUMENTS_TYPE_PDF,
};

/* A file to store, with everything already read from the request. All members borrowed. */
struct documents_file {
    const char *case_id;
    const char *kind;
    const char *title;        /* NULL: none */
    const char *content_type; /* as declared by the caller */
    const unsigned char *data;
    size_t len;
};

extern const struct mc_route documents_routes[];
extern const size_t documents_n_routes;
extern const char *const documents_migrations[];
extern const int documents_n_migrations;
extern const struct mc_sql documents_stmts[];
extern const int documents_n_stmts;

/* Handlers, one per subject (files.c, content.c, delivery.c). */
mc_status documents_on_upload(struct mc_req *req);
mc_status documents_on_create(struct mc_req *req);
mc_status documents_on_get(struct mc_req *req);
mc_status documents_on_list(struct mc_req *req);
mc_status documents_on_content(struct mc_req *req);
mc_status documents_on_service_create(struct mc_req *req);
mc_status documents_on_service_get(struct mc_req *req);
mc_status documents_on_service_receipt(struct mc_req *req);

/* Content sniffing (sniff.c): pure functions, any thread. */

/* Detects the type of data from its magic bytes and checks its structure. */
enum documents_type documents_sniff(const unsigned char *data, size_t len);

/* The type named by a Content-Type header value ("image/png; x=y" is PNG), case-insensitive;
 * DOCUMENTS_TYPE_NONE for any other or NULL. */
enum documents_type documents_type_of_media(const char *media_type);

/* The canonical media type of t ("image/jpeg", ...). borrowed: static; NULL for NONE. */
const char *documents_media_of_type(enum documents_type t);

/* True when kind is one a person may upload (evidence, pleading, judgment, other); with
 * is_internal, also the kinds other services generate (mediation_agreement). */
bool documents_is_kind(const char *kind, bool is_internal);

/* Case access (access.c). */

/*
 * Asks docketing for case_id with the caller's claims. Replies 404 itself for a non-uuid id;
 * passes docketing's 403/404 on as its status. owned: *out_case (json_decref).
 */
mc_status documents_case_access(struct mc_req *req, const char *case_id,
                                json_t **out_case) MC_MUSTCHECK;

/* The party_id of the case party whose id_number is idn. borrowed from c; NULL when none. */
const char *documents_party_of(const json_t *c, const char *idn);

/*
 * Checks f (size, kind, title, content against its declared type), stores it with its SHA-256
 * and emits document_stored, all in one transaction. Replies to req on refusal.
 * c is the case from documents_case_access. owned: *out_doc (json_decref).
 */
mc_status documents_store_file(struct mc_req *req, const json_t *c, const struct documents_file *f,
                               bool is_internal, json_t **out_doc) MC_MUSTCHECK;

#endif
