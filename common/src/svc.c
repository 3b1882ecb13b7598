/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Design: a worker is a queue subscription plus a database connection. nats.c gives every
 * asynchronous subscription its own delivery thread, so N workers handle N requests at once
 * without a connection pool or locks: the connection belongs to the thread that uses it.
 * Instances of a service (processes, pods) join the same queue group, so scaling out is
 * starting more of them.
 */
#include "mc/svc.h"

#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mc/bus.h"
#include "svc_internal.h"

void *mc_service_user(const struct mc_service *svc)
{
    return svc->def->user;
}

natsConnection *mc_service_nats(const struct mc_service *svc)
{
    return svc->nc;
}

/* Keeps a success under the request's idempotency key, so a retry gets the same answer
 * instead of doing the work twice. Only after the handler committed (no open transaction), and
 * only answers up to IDEM_MAX_BODY (a larger one is done again on a retry). */
#define IDEM_MAX_BODY (64 * 1024)

static void remember_reply(struct mc_req *req, int http_status, const char *ctype, const void *data,
                           size_t len)
{
    char status[16];
    const char *p[5] = {req->idem_key, status, ctype, data, req->idem_print};
    const int lens[5] = {0, 0, 0, (int)len, 0}, fmts[5] = {0, 0, 0, 1, 0};

    if (req->idem_key == NULL || req->db == NULL || http_status < 200 || http_status >= 300 ||
        len > IDEM_MAX_BODY || PQtransactionStatus(req->db->conn) != PQTRANS_IDLE)
        return;
    snprintf(status, sizeof status, "%d", http_status);
    PQclear(mc_db_exec_bin(req->db, "mc_idem_put", 5, p, lens, fmts));
}

static void reply_bytes(struct mc_req *req, int http_status, const char *ctype, const void *data,
                        size_t len)
{
    const char *reply_to = natsMsg_GetReply(req->msg);
    natsMsg *m = NULL;
    char status[16];

    MC_ASSERT(!req->has_replied);
    req->has_replied = true;
    remember_reply(req, http_status, ctype, data, len);
    if (reply_to == NULL || natsMsg_Create(&m, reply_to, NULL, data, (int)len) != NATS_OK)
        return;
    snprintf(status, sizeof status, "%d", http_status);
    natsMsgHeader_Set(m, MC_HDR_STATUS, status);
    natsMsgHeader_Set(m, MC_HDR_CTYPE, ctype);
    if (natsConnection_PublishMsg(req->svc->nc, m) != NATS_OK)
        mc_log_warn(&req->log, "reply not sent");
    natsMsg_Destroy(m);
}

void mc_reply_json_take(struct mc_req *req, int http_status, json_t *body)
{
    char *text = mc_json_xdumps(body);

    reply_bytes(req, http_status, "application/json", text, strlen(text));
    free(text);
    json_decref(body);
}

void mc_reply_raw(struct mc_req *req, int http_status, const char *content_type, const void *data,
                  size_t len)
{
    reply_bytes(req, http_status, content_type, data, len);
}

mc_status mc_reply_error(struct mc_req *req, mc_status st, const char *code, const char *field,
                         const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    mc_reply_json_take(req, mc_status_http(st),
                       mc_json_error(code ? code : mc_status_code(st), msg, field));
    return st;
}

mc_status mc_req_call(struct mc_req *req, const char *subject, const json_t *params,
                      const json_t *body, json_t **out_data, char **out_code)
{
    struct mc_call c = {
        .subject = subject,
        .req_id = req->log.req_id,
        .auth = req->auth,
        .params = params,
        .timeout_ms = 3000,
    };

    return mc_bus_call_json(req->svc->nc, &c, body, out_data, out_code);
}

mc_status mc_outbox_add(struct mc_db *db, const char *svc, const char *type, json_t *data)
{
    char *subject = mc_xasprintf("evt.%s.%s", svc, type);
    char *text = mc_json_xdumps(data);
    const char *params[3] = {subject, type, text};
    PGresult *res;
    mc_status st = MC_OK;

    res = mc_db_exec(db, "mc_outbox_add", 3, params);
    mc_db_ok(res, "outbox add", &st);
    PQclear(res);
    free(subject);
    free(text);
    json_decref(data);
    return st;
}

const char *mc_auth_claim(const struct mc_req *req, const char *name)
{
    return mc_json_str(req->auth, name);
}

const char *mc_auth_role(const struct mc_req *req)
{
    const char *r = mc_auth_claim(req, "role");

    return r ? r : "";
}

bool mc_auth_is_staff(const struct mc_req *req)
{
    const char *r = mc_auth_role(req);

    return strcmp(r, "clerk") == 0 || strcmp(r, "judge") == 0 || strcmp(r, "enforcement") == 0 ||
           strcmp(r, "admin") == 0;
}
