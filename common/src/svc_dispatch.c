/* SPDX-License-Identifier: Apache-2.0 */
/* The request path: decode the context, check the body, run the handler, reply, count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "mc/bus.h"
#include "svc_internal.h"

static long long now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static const struct mc_route *find_route(const struct mc_service *svc, const char *subject,
                                         size_t *out_idx)
{
    for (size_t i = 0; i < svc->def->n_routes; i++) {
        if (strcmp(svc->def->routes[i].subject, subject) == 0) {
            *out_idx = i;
            return &svc->def->routes[i];
        }
    }
    *out_idx = svc->def->n_routes;
    return NULL;
}

/* A dead connection is only noticed when a query fails, so a failed ping resets and pings again. */
static bool is_db_up(struct mc_db *db)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        PGresult *res;
        bool is_ok;

        if (mc_db_ensure(db) != MC_OK)
            return false;
        res = PQexec(db->conn, "SELECT 1");
        is_ok = PQresultStatus(res) == PGRES_TUPLES_OK;
        PQclear(res);
        if (is_ok)
            return true;
    }
    return false;
}

static json_t *health_body(struct mc_req *req, int *out_http)
{
    const char *db = "none";

    *out_http = 200;
    if (req->db) {
        db = is_db_up(req->db) ? "ok" : "down";
        *out_http = strcmp(db, "ok") == 0 ? 200 : 503;
    }
    return mc_json_xpack("{s:s, s:s, s:s}", "service", req->svc->def->name, "status",
                         *out_http == 200 ? "ok" : "degraded", "db", db);
}

static json_t *stats_body(const struct mc_service *svc)
{
    json_t *routes = json_object();

    for (size_t i = 0; i <= svc->def->n_routes; i++) {
        const char *name = i < svc->def->n_routes ? svc->def->routes[i].subject : "unknown";
        const struct route_stats *s = &svc->stats[i];

        json_object_set_new(routes, name,
                            mc_json_xpack("{s:I, s:I, s:I}", "requests",
                                          (json_int_t)atomic_load(&s->n_requests), "errors",
                                          (json_int_t)atomic_load(&s->n_errors), "us_total",
                                          (json_int_t)atomic_load(&s->us_total)));
    }
    return mc_json_xpack("{s:s, s:o, s:I, s:I}", "service", svc->def->name, "routes", routes,
                         "events_published", (json_int_t)atomic_load(&svc->n_published),
                         "events_consumed", (json_int_t)atomic_load(&svc->n_consumed));
}

/* Built-in subjects every service answers. Returns true when the subject was one. */
static bool handle_builtin(struct mc_req *req, const char *suffix)
{
    int http = 200;

    if (strcmp(suffix, "health") == 0) {
        json_t *b = health_body(req, &http);

        mc_reply_json_take(req, http, b);
        return true;
    }
    if (strcmp(suffix, "stats") == 0) {
        mc_reply_json_take(req, 200, stats_body(req->svc));
        return true;
    }
    return false;
}

static mc_status decode_context(struct mc_req *req, json_t **out_ctx)
{
    const char *hdr = NULL;
    json_t *ctx;

    if (natsMsgHeader_Get(req->msg, MC_HDR_CTX, &hdr) != NATS_OK || hdr == NULL) {
        *out_ctx = mc_json_xpack("{s:n, s:{}}", "auth", "params");
    } else {
        ctx = mc_ctx_decode(hdr);
        if (ctx == NULL)
            return mc_err_set(MC_E_INVALID, "the Mc-Ctx header is not base64 JSON");
        *out_ctx = ctx;
    }
    req->auth = json_object_get(*out_ctx, "auth");
    req->params = json_object_get(*out_ctx, "params");
    if (!json_is_object(req->params)) {
        req->params = json_object();
        json_object_set_new(*out_ctx, "params", req->params);
    }
    if (json_is_null(req->auth))
        req->auth = NULL;
    return MC_OK;
}

static mc_status parse_body(struct mc_req *req, const struct mc_route *r)
{
    const char *field = NULL;
    json_error_t jerr;
    mc_status st;

    if (r->flags & MC_ROUTE_RAW)
        return MC_OK;
    req->body = req->data_len ? json_loadb(req->data, req->data_len, 0, &jerr) : json_object();
    if (req->body == NULL)
        return mc_reply_error(req, MC_E_INVALID, "invalid_json", NULL, "malformed JSON: %s",
                              jerr.text);
    st = mc_json_check(req->body, r->fields, r->n_fields, &field);
    if (st != MC_OK)
        return mc_reply_error(req, st, "invalid_argument", field, "%s", mc_err_text());
    return MC_OK;
}

/* A handler that failed without replying: answer for it and log once, here. The details of a
 * failed dependency stay in the log; the caller learns only what it can act on. */
static void reply_for_failure(struct mc_req *req, mc_status st)
{
    if (st == MC_E_DB || st == MC_E_INTERNAL || st == MC_OK) {
        mc_log_error(&req->log, "request failed", MC_KV_STR("err", mc_err_text()),
                     MC_KV_STR("code", mc_status_code(st)));
        mc_reply_error(req, st == MC_OK ? MC_E_INTERNAL : st, NULL, NULL, "internal error");
        return;
    }
    if (st == MC_E_UNAVAILABLE || st == MC_E_TIMEOUT) {
        mc_log_error(&req->log, "dependency failed", MC_KV_STR("err", mc_err_text()));
        mc_reply_error(req, st, NULL, NULL,
                       "a service this request needs is unavailable; "
                       "try again");
        return;
    }
    mc_reply_error(req, st, NULL, NULL, "%s", mc_err_text());
}

/*
 * Design: a client that lost an answer (a dropped connection, a 503 timeout after which the
 * service still finished) retries with the same Idempotency-Key and gets the first answer back.
 * The key is scoped to the caller and the subject. Successes are kept for a day; a crash between
 * the handler's commit and keeping its answer is the one case a retry still repeats the work.
 */
/* What the request asks: its parameters (path and query) and its body, hashed. */
static void fingerprint(const struct mc_req *req, char out[65])
{
    crypto_hash_sha256_state h;
    unsigned char digest[32];
    char *params = mc_json_xdumps(req->params);

    crypto_hash_sha256_init(&h);
    crypto_hash_sha256_update(&h, (const unsigned char *)params, strlen(params));
    crypto_hash_sha256_update(&h, (const unsigned char *)"\n", 1);
    crypto_hash_sha256_update(&h, (const unsigned char *)req->data, req->data_len);
    crypto_hash_sha256_final(&h, digest);
    sodium_bin2hex(out, 65, digest, sizeof digest);
    free(params);
}

/* Replies from the store when the key was answered before. A key reused for another request
 * (other parameters or body) is refused rather than answered with someone else's answer. */
static bool replay_stored(struct mc_req *req, const struct mc_route *r)
{
    const char *key = mc_json_str(req->params, "idempotency_key"), *sub;
    unsigned char *body;
    size_t len = 0;
    PGresult *res;

    sub = mc_auth_claim(req, "sub");
    if (!(r->flags & MC_ROUTE_IDEMPOTENT) || key == NULL || sub == NULL || req->db == NULL)
        return false;
    req->idem_key = mc_xasprintf("%s|%s|%s", sub, req->log.subject, key);
    json_object_del(req->params, "idempotency_key");
    fingerprint(req, req->idem_print);
    res = mc_db_exec(req->db, "mc_idem_get", 1, (const char *[]){req->idem_key});
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        PQclear(res);
        return false;
    }
    free(req->idem_key);
    req->idem_key = NULL; /* answered from the store: nothing new to keep */
    if (strcmp(PQgetvalue(res, 0, 3), req->idem_print) != 0) {
        PQclear(res);
        mc_reply_error(req, MC_E_CONFLICT, "idempotency_key_reused", "Idempotency-Key",
                       "this key was used for another request");
        return true;
    }
    body = PQunescapeBytea((const unsigned char *)PQgetvalue(res, 0, 2), &len);
    mc_reply_raw(req, atoi(PQgetvalue(res, 0, 0)), PQgetvalue(res, 0, 1), body, len);
    PQfreemem(body);
    PQclear(res);
    return true;
}

static mc_status run_route(struct mc_req *req, struct mc_worker *w, const struct mc_route *r)
{
    mc_status st = parse_body(req, r);

    if (st != MC_OK || req->has_replied)
        return st;
    if (w->has_db && mc_db_ensure(&w->db) != MC_OK) {
        mc_log_error(&req->log, "database unavailable", MC_KV_STR("err", mc_err_text()));
        return mc_reply_error(req, MC_E_UNAVAILABLE, NULL, NULL, "the database is unavailable");
    }
    if (replay_stored(req, r))
        return MC_OK;
    st = r->handler(req);
    if (!req->has_replied)
        reply_for_failure(req, st);
    if (w->has_db && PQtransactionStatus(w->db.conn) != PQTRANS_IDLE)
        MC_IGNORE(mc_db_cmd(&w->db, "ROLLBACK"));
    return st;
}

static void dispatch(struct mc_req *req, struct mc_worker *w)
{
    const char *subject = natsMsg_GetSubject(req->msg);
    size_t name_len = strlen(w->svc->def->name), idx;
    const struct mc_route *r = find_route(w->svc, subject, &idx);
    long long t0 = now_us();
    mc_status st;

    if (r == NULL && handle_builtin(req, subject + name_len + 1))
        return;
    if (r == NULL) {
        st = mc_reply_error(req, MC_E_NOT_FOUND, "unknown_subject", NULL, "no such subject");
    } else {
        st = run_route(req, w, r);
    }
    atomic_fetch_add(&w->svc->stats[idx].n_requests, 1);
    atomic_fetch_add(&w->svc->stats[idx].us_total, now_us() - t0);
    if (st != MC_OK)
        atomic_fetch_add(&w->svc->stats[idx].n_errors, 1);
    mc_log_debug(&req->log, "request", MC_KV_STR("code", mc_status_code(st)),
                 MC_KV_INT("us", now_us() - t0));
}

void mc_svc_on_msg(natsConnection *nc, natsSubscription *sub, natsMsg *msg, void *closure)
{
    struct mc_worker *w = closure;
    struct mc_req req = {.svc = w->svc, .msg = msg, .db = w->has_db ? &w->db : NULL};
    json_t *ctx = NULL;
    const char *v = NULL;

    (void)nc;
    (void)sub;
    req.log.subject = natsMsg_GetSubject(msg);
    if (natsMsgHeader_Get(msg, MC_HDR_REQ_ID, &v) == NATS_OK)
        req.log.req_id = v;
    v = NULL;
    req.content_type = natsMsgHeader_Get(msg, MC_HDR_CTYPE, &v) == NATS_OK ? v : NULL;
    req.data = natsMsg_GetData(msg);
    req.data_len = (size_t)natsMsg_GetDataLength(msg);
    if (decode_context(&req, &ctx) != MC_OK)
        mc_reply_error(&req, MC_E_INVALID, "invalid_context", NULL, "%s", mc_err_text());
    else
        dispatch(&req, w);
    json_decref(req.body);
    json_decref(ctx);
    free(req.idem_key);
    natsMsg_Destroy(msg);
}
