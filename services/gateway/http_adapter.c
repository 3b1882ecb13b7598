/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The civetweb side of the gateway, and the only file that includes civetweb.h. One handler
 * serves every path: match the route, check the token, read the body within the limit, make one
 * NATS request and copy the reply out. TLS is terminated in front of the gateway, never here.
 */
#include "gateway.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <civetweb.h>
#include <sodium.h>

#include "mc/bus.h"
#include "mc/json.h"
#include "mc/log.h"

#define MAX_QUERY_PARAMS 16

/* Headers and body leave in one write: with Nagle's algorithm a separate small body write
 * waits for the client's delayed ACK (about 40 ms on every reused connection). */
static void send_bytes(struct mg_connection *conn, int status, const char *ctype,
                       const char *req_id, const void *data, size_t len)
{
    char head[1024];
    int n = snprintf(
        head, sizeof head,
        "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
        "X-Request-Id: %s\r\nCache-Control: no-store\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'; sandbox\r\n\r\n",
        status, mg_get_response_code_text(conn, status), ctype, len, req_id);
    char *buf;

    if (n < 0 || (size_t)n >= sizeof head) { /* a content type no service sends */
        n = snprintf(head, sizeof head, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
        len = 0;
    }
    buf = mc_xmalloc((size_t)n + len);
    memcpy(buf, head, (size_t)n);
    memcpy(buf + n, data, len);
    mg_write(conn, buf, (size_t)n + len);
    free(buf);
}

/* Sends a JSON body. takes: body. */
static int send_json_take(struct mg_connection *conn, int status, const char *req_id, json_t *body)
{
    char *text = mc_json_xdumps(body);

    send_bytes(conn, status, "application/json", req_id, text, strlen(text));
    free(text);
    json_decref(body);
    return status;
}

static int send_error(struct mg_connection *conn, mc_status st, const char *code,
                      const char *req_id, const char *message)
{
    int http = st == MC_E_TIMEOUT ? 503 : mc_status_http(st);

    return send_json_take(conn, http, req_id,
                          mc_json_error(code ? code : mc_status_code(st), message, NULL));
}

static void parse_query(const char *qs, json_t *params)
{
    char key[64], val[512];
    int n = 0;

    while (qs && *qs && n++ < MAX_QUERY_PARAMS) {
        const char *amp = strchrnul(qs, '&'), *eq = memchr(qs, '=', (size_t)(amp - qs));

        if (eq && eq > qs && mg_url_decode(qs, (int)(eq - qs), key, sizeof key, 1) > 0 &&
            mg_url_decode(eq + 1, (int)(amp - eq - 1), val, sizeof val, 1) >= 0 &&
            json_object_get(params, key) == NULL)
            json_object_set_new(params, key, json_string(val));
        qs = *amp ? amp + 1 : amp;
    }
}

/* Reads the whole body when it is within max; MC_E_TOO_LARGE otherwise. owned: *out. */
static mc_status read_body(struct mg_connection *conn, long long declared, long long max,
                           char **out, size_t *out_len)
{
    size_t cap = declared >= 0 ? (size_t)declared : 65536, len = 0;
    char *buf;
    int n;

    if (declared > max)
        return mc_err_set(MC_E_TOO_LARGE, "the body is over the limit of %lld bytes", max);
    buf = mc_xmalloc(cap + 1);
    while ((n = mg_read(conn, buf + len, cap - len)) > 0) {
        len += (size_t)n;
        if ((long long)len > max) {
            free(buf);
            return mc_err_set(MC_E_TOO_LARGE, "the body is over the limit of %lld bytes", max);
        }
        if (len == cap) {
            cap *= 2;
            buf = mc_xrealloc(buf, cap + 1);
        }
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return MC_OK;
}

static int forward(struct mg_connection *conn, struct gateway *gw, const struct gw_route *r,
                   const char *req_id, json_t *claims, json_t *params)
{
    const struct mg_request_info *ri = mg_get_request_info(conn);
    struct mc_call c = {.subject = r->subject,
                        .req_id = req_id,
                        .auth = claims,
                        .params = params,
                        .timeout_ms = gw->timeout_ms};
    struct mc_reply rep = {0};
    char *body = NULL;
    size_t len = 0;
    mc_status st;

    st = read_body(conn, ri->content_length, gw->max_body, &body, &len);
    if (st != MC_OK)
        return send_error(conn, st, NULL, req_id, mc_err_text());
    c.body = body;
    c.body_len = len;
    c.content_type = r->is_raw_body ? mg_get_header(conn, "Content-Type") : NULL;
    if (r->is_raw_body && c.content_type == NULL)
        c.content_type = "application/octet-stream";
    st = mc_bus_call(gw->nc, &c, &rep);
    free(body);
    if (st != MC_OK) {
        struct mc_log_ctx lc = {.req_id = req_id, .subject = r->subject, .peer = ri->remote_addr};

        mc_log_warn(&lc, "upstream failed", MC_KV_STR("err", mc_err_text()));
        return send_error(conn, st, st == MC_E_TIMEOUT ? "timeout" : "unavailable", req_id,
                          "the service did not answer; try again");
    }
    send_bytes(conn, rep.status, rep.content_type, req_id, rep.data, rep.len);
    mc_reply_cleanup(&rep);
    return rep.status;
}

/* A retry of a request carries the same Idempotency-Key (1-128 of A-Z a-z 0-9 - _ . :); the
 * service answers it with the first answer. Returns false for a malformed key. */
static bool take_idempotency_key(struct mg_connection *conn, json_t *params)
{
    const char *key = mg_get_header(conn, "Idempotency-Key");
    size_t len = key ? strlen(key) : 0;

    json_object_del(params, "idempotency_key");
    if (key == NULL || strcmp(mg_get_request_info(conn)->request_method, "GET") == 0)
        return true;
    if (len == 0 || len > 128 ||
        strspn(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                    "0123456789-_.:") != len)
        return false;
    json_object_set_new(params, "idempotency_key", json_string(key));
    return true;
}

static int serve_api(struct mg_connection *conn, struct gateway *gw, const char *req_id)
{
    const struct mg_request_info *ri = mg_get_request_info(conn);
    json_t *params = json_object(), *claims = NULL;
    const struct gw_route *r;
    bool is_known = false;
    mc_status st;
    int status;

    r = gw_route_match(ri->request_method, ri->local_uri, params, &is_known);
    if (r == NULL) {
        json_decref(params);
        return send_error(conn, is_known ? MC_E_METHOD_NOT_ALLOWED : MC_E_NOT_FOUND,
                          is_known ? "method_not_allowed" : "not_found", req_id,
                          is_known ? "this path does not take that method" : "no such route");
    }
    parse_query(ri->query_string, params);
    if (!take_idempotency_key(conn, params)) {
        json_decref(params);
        return send_json_take(conn, 400, req_id,
                              mc_json_error("invalid_argument",
                                            "Idempotency-Key takes 1 to 128 of A-Z a-z 0-9 - _ . :",
                                            "Idempotency-Key"));
    }
    if (r->auth != GW_AUTH_NONE &&
        (st = gw_auth_verify(gw, mg_get_header(conn, "Authorization"), &claims)) != MC_OK) {
        json_decref(params);
        return send_error(conn, st, NULL, req_id, mc_err_text());
    }
    if (r->auth == GW_AUTH_STAFF && strcmp(mc_json_str(claims, "role"), "litigant") == 0) {
        status = send_error(conn, MC_E_FORBIDDEN, NULL, req_id, "only court staff may do this");
    } else {
        status = forward(conn, gw, r, req_id, claims, params);
    }
    json_decref(claims);
    json_decref(params);
    return status;
}

static int on_request(struct mg_connection *conn, void *cbdata)
{
    struct gateway *gw = cbdata;
    const struct mg_request_info *ri = mg_get_request_info(conn);
    unsigned char raw[8];
    char req_id[17];
    json_t *health = NULL;

    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(req_id, sizeof req_id, raw, sizeof raw);
    if (strcmp(ri->local_uri, "/healthz") == 0) {
        bool is_ok = gw_health(gw, &health);

        return send_json_take(conn, is_ok ? 200 : 503, req_id, health);
    }
    if (strcmp(ri->local_uri, "/metrics") == 0) {
        char *text = gw_metrics(gw);

        send_bytes(conn, 200, "text/plain; version=0.0.4", req_id, text, strlen(text));
        free(text);
        return 200;
    }
    return serve_api(conn, gw, req_id);
}

const char **gw_http_options(const char *listen, const char *threads)
{
    static const char *options[13];
    const char *const fixed[] = {"listening_ports",
                                 listen,
                                 "num_threads",
                                 threads,
                                 "request_timeout_ms",
                                 "30000",
                                 "enable_keep_alive",
                                 "yes",
                                 "tcp_nodelay",
                                 "1",
                                 NULL};

    memcpy(options, fixed, sizeof fixed);
    return options;
}

struct mg_context *gw_http_start(struct gateway *gw, const char *listen, int threads)
{
    char n_threads[16];
    struct mg_callbacks cb;
    struct mg_context *ctx;

    snprintf(n_threads, sizeof n_threads, "%d", threads);
    memset(&cb, 0, sizeof cb);
    mg_init_library(0);
    ctx = mg_start(&cb, gw, gw_http_options(listen, n_threads));
    if (ctx)
        mg_set_request_handler(ctx, "/", on_request, gw);
    return ctx;
}

void gw_http_stop(struct mg_context *ctx)
{
    if (ctx)
        mg_stop(ctx);
    mg_exit_library();
}
