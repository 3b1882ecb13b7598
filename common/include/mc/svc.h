/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The service runtime. A service declares its routes (subject, handler, body field table), its
 * migrations and statements, and the events it consumes; mc_service_run does the rest: connects
 * NATS and PostgreSQL, migrates, starts N workers (each a queue subscription on "<svc>.>" with
 * its own database connection and delivery thread), the outbox publisher and the durable
 * consumers, answers "<svc>.health" and "<svc>.stats", and drains on SIGINT/SIGTERM.
 * Handlers run on worker threads; a request and everything hanging off it belong to one thread.
 */
#ifndef MC_COMMON_SVC_H
#define MC_COMMON_SVC_H

#include <stdbool.h>

#include <jansson.h>
#include <nats/nats.h>

#include "mc/db.h"
#include "mc/json.h"
#include "mc/log.h"
#include "mc/status.h"

struct mc_service;

/* One request being handled. Everything here is borrowed from the runtime for the handler. */
struct mc_req {
    struct mc_log_ctx log; /* req id and subject, for mc_log_* */
    struct mc_service *svc;
    struct mc_db *db; /* this worker's connection; NULL for a service without one */
    json_t *auth;     /* the caller's verified claims, or NULL (JSON null) */
    json_t *params;   /* path and query parameters: always an object */
    json_t *body;     /* the checked JSON body; NULL on raw routes */
    const char *data; /* the raw payload */
    size_t data_len;
    const char *content_type; /* of the payload */
    natsMsg *msg;
    bool has_replied;
    char *idem_key;      /* runtime: caller, subject and Idempotency-Key of a retriable request */
    char idem_print[65]; /* runtime: SHA-256 of its parameters and body */
};

typedef mc_status (*mc_handler_fn)(struct mc_req *req);

#define MC_ROUTE_RAW 0x1u        /* the payload is not JSON (a file); no field check */
#define MC_ROUTE_IDEMPOTENT 0x2u /* a retry with the same Idempotency-Key gets the first answer */

struct mc_route {
    const char *subject; /* full subject, "docketing.filing.submit" */
    mc_handler_fn handler;
    const struct mc_field *fields;
    size_t n_fields;
    unsigned flags;
};

/* A durable JetStream consumer; fn runs inside a transaction that also records the event id. */
struct mc_event {
    const char *id; /* "<svc>:<outbox id>" */
    const char *type;
    const char *subject;
    json_t *data; /* borrowed */
    struct mc_db *db;
    struct mc_service *svc;
};
typedef mc_status (*mc_event_fn)(struct mc_event *ev);

struct mc_consumer {
    const char *durable; /* consumer name, unique per service */
    const char *filter;  /* subject filter, "evt.hearings.>" */
    mc_event_fn fn;
};

struct mc_service_def {
    const char *name;
    const struct mc_route *routes;
    size_t n_routes;
    const char *const *migrations;
    int n_migrations;
    const struct mc_sql *stmts;
    int n_stmts;
    const struct mc_consumer *consumers;
    size_t n_consumers;
    void *user; /* service state, reachable from handlers through mc_service_user */
};

struct mc_service_opts {
    const char *nats_url;
    const char *db_url; /* NULL: no database */
    int workers;
    const char *queue_group;
    int stream_replicas;
};

/*
 * Fills opts from a loaded configuration using the shared names NATS_URL, MC_STREAM_REPLICAS and
 * <prefix>_DB_URL, <prefix>_WORKERS, <prefix>_QUEUE_GROUP (those absent from the table are left
 * at their defaults). Strings borrowed from cfg.
 */
struct mc_cfg;
struct mc_cfg_entry;
void mc_service_opts_init(struct mc_service_opts *opts, const struct mc_cfg *cfg,
                          const char *prefix);

/*
 * The first steps of every service's main: load the configuration table (exit code 2 on a bad
 * variable), set up logging, fill opts from the shared names (see mc_service_opts_init), answer
 * `--probe`, and log the effective configuration. Returns -1 when main should go on, or the
 * exit code to return now. cfg and opts are written only when it returns -1.
 */
int mc_service_boot(int argc, char **argv, const char *name, const char *prefix,
                    const struct mc_cfg_entry *table, int n_table, struct mc_cfg *out_cfg,
                    struct mc_service_opts *out_opts);

/* Runs until SIGINT or SIGTERM, then drains. Returns 0 on a clean stop, 1 on failure. */
int mc_service_run(const struct mc_service_def *def, const struct mc_service_opts *opts);

/* Asks "<name>.health" once; returns 0 when it answers 200 (for container probes). */
int mc_service_probe(const char *nats_url, const char *name);

/* The service's user pointer and its NATS connection (for calls to other services). */
void *mc_service_user(const struct mc_service *svc);
natsConnection *mc_service_nats(const struct mc_service *svc);

/* Replies with a JSON body and HTTP status. takes: body, even on failure. */
void mc_reply_json_take(struct mc_req *req, int http_status, json_t *body);

/* Replies with raw bytes (borrowed until return). */
void mc_reply_raw(struct mc_req *req, int http_status, const char *content_type, const void *data,
                  size_t len);

/*
 * Replies with the error envelope. code NULL means the stable code of st; field may be NULL.
 * Returns st so a handler can `return mc_reply_error(...)`.
 */
mc_status mc_reply_error(struct mc_req *req, mc_status st, const char *code, const char *field,
                         const char *fmt, ...) MC_PRINTF(5, 6);

/*
 * Calls another service with the same request id and auth as req. Same contract as
 * mc_bus_call_json; owned: *out_data.
 */
mc_status mc_req_call(struct mc_req *req, const char *subject, const json_t *params,
                      const json_t *body, json_t **out_data, char **out_code) MC_MUSTCHECK;

/*
 * Adds an event to the outbox in the current transaction of req->db; it is published to
 * JetStream as "evt.<svc>.<type>" once the transaction commits. takes: data.
 */
mc_status mc_outbox_add(struct mc_db *db, const char *svc, const char *type,
                        json_t *data) MC_MUSTCHECK;

/* Claims helpers: the caller's role ("litigant", "clerk", "judge", "enforcement", "admin"). */
const char *mc_auth_role(const struct mc_req *req);
const char *mc_auth_claim(const struct mc_req *req, const char *name);
bool mc_auth_is_staff(const struct mc_req *req);

#endif
