/* SPDX-License-Identifier: Apache-2.0 */
#include "mc/bus.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "mc/json.h"
#include "mc/log.h"

static void on_disconnected(natsConnection *nc, void *closure)
{
    (void)closure;
    if (!natsConnection_IsClosed(nc))
        mc_log_warn(NULL, "nats disconnected");
}

static void on_reconnected(natsConnection *nc, void *closure)
{
    (void)nc;
    (void)closure;
    mc_log_info(NULL, "nats reconnected");
}

mc_status mc_bus_connect(const char *url, const char *name, bool retry, natsConnection **out_nc)
{
    natsOptions *opts = NULL;
    natsConnection *nc = NULL;
    natsStatus s;

    if (sodium_init() < 0)
        return mc_err_set(MC_E_INTERNAL, "libsodium init failed");
    s = natsOptions_Create(&opts);
    if (s == NATS_OK)
        s = natsOptions_SetURL(opts, url);
    if (s == NATS_OK)
        s = natsOptions_SetName(opts, name);
    if (s == NATS_OK)
        s = natsOptions_SetSendAsap(opts, true);
    if (s == NATS_OK)
        s = natsOptions_SetMaxReconnect(opts, -1);
    if (s == NATS_OK)
        s = natsOptions_SetReconnectWait(opts, 250);
    if (s == NATS_OK)
        s = natsOptions_SetRetryOnFailedConnect(opts, retry, NULL, NULL);
    if (s == NATS_OK)
        s = natsOptions_SetDisconnectedCB(opts, on_disconnected, NULL);
    if (s == NATS_OK)
        s = natsOptions_SetReconnectedCB(opts, on_reconnected, NULL);
    if (s == NATS_OK)
        s = natsConnection_Connect(&nc, opts);
    natsOptions_Destroy(opts);
    if (s != NATS_OK && !(retry && s == NATS_NOT_YET_CONNECTED))
        return mc_err_set(MC_E_UNAVAILABLE, "nats connect %s: %s", url, natsStatus_GetText(s));
    *out_nc = nc;
    return MC_OK;
}

char *mc_ctx_encode(const json_t *auth, const json_t *params)
{
    json_t *ctx = json_object();
    char *text, *b64;
    size_t len, b64_len;

    json_object_set_new(ctx, "auth", auth ? json_deep_copy(auth) : json_null());
    json_object_set_new(ctx, "params", params ? json_deep_copy(params) : json_object());
    text = mc_json_xdumps(ctx);
    json_decref(ctx);
    len = strlen(text);
    b64_len = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
    b64 = mc_xmalloc(b64_len);
    sodium_bin2base64(b64, b64_len, (const unsigned char *)text, len,
                      sodium_base64_VARIANT_ORIGINAL);
    free(text);
    return b64;
}

json_t *mc_ctx_decode(const char *hdr)
{
    size_t cap = strlen(hdr), len = 0;
    unsigned char *buf = mc_xmalloc(cap + 1);
    json_t *ctx = NULL;

    if (sodium_base642bin(buf, cap, hdr, cap, NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL) ==
        0)
        ctx = json_loadb((const char *)buf, len, 0, NULL);
    free(buf);
    if (ctx && !json_is_object(ctx)) {
        json_decref(ctx);
        ctx = NULL;
    }
    return ctx;
}

static mc_status build_msg(const struct mc_call *c, natsMsg **out_msg)
{
    natsMsg *m = NULL;
    natsStatus s;
    char *ctx;

    s = natsMsg_Create(&m, c->subject, NULL, c->body, (int)c->body_len);
    if (s != NATS_OK)
        return mc_err_set(MC_E_INVALID, "bad subject %s: %s", c->subject, natsStatus_GetText(s));
    ctx = mc_ctx_encode(c->auth, c->params);
    s = natsMsgHeader_Set(m, MC_HDR_CTX, ctx);
    free(ctx);
    if (s == NATS_OK && c->req_id)
        s = natsMsgHeader_Set(m, MC_HDR_REQ_ID, c->req_id);
    if (s == NATS_OK)
        s = natsMsgHeader_Set(m, MC_HDR_CTYPE,
                              c->content_type ? c->content_type : "application/json");
    if (s != NATS_OK) {
        natsMsg_Destroy(m);
        return mc_err_set(MC_E_INTERNAL, "set headers: %s", natsStatus_GetText(s));
    }
    *out_msg = m;
    return MC_OK;
}

static void read_reply(natsMsg *m, struct mc_reply *out)
{
    const char *v = NULL;
    int len = natsMsg_GetDataLength(m);

    out->status = 200;
    if (natsMsgHeader_Get(m, MC_HDR_STATUS, &v) == NATS_OK && v)
        out->status = atoi(v);
    v = NULL;
    if (natsMsgHeader_Get(m, MC_HDR_CTYPE, &v) != NATS_OK || v == NULL)
        v = "application/json";
    out->content_type = mc_xstrdup(v);
    out->data = mc_xmalloc((size_t)len + 1);
    memcpy(out->data, natsMsg_GetData(m), (size_t)len);
    out->data[len] = '\0';
    out->len = (size_t)len;
}

mc_status mc_bus_call(natsConnection *nc, const struct mc_call *c, struct mc_reply *out)
{
    natsMsg *req = NULL, *rep = NULL;
    natsStatus s;
    mc_status st;

    /* While disconnected nats.c would buffer the request and send it after the reconnect,
     * when the caller has long given up: fail at once instead. */
    if (natsConnection_Status(nc) != NATS_CONN_STATUS_CONNECTED)
        return mc_err_set(MC_E_UNAVAILABLE, "%s: not connected to NATS", c->subject);
    st = build_msg(c, &req);
    if (st != MC_OK)
        return st;
    s = natsConnection_RequestMsg(&rep, nc, req, c->timeout_ms);
    natsMsg_Destroy(req);
    if (s == NATS_TIMEOUT)
        return mc_err_set(MC_E_TIMEOUT, "%s did not answer in %d ms", c->subject, c->timeout_ms);
    if (s != NATS_OK)
        return mc_err_set(MC_E_UNAVAILABLE, "%s: %s", c->subject, natsStatus_GetText(s));
    read_reply(rep, out);
    natsMsg_Destroy(rep);
    return MC_OK;
}

void mc_reply_cleanup(struct mc_reply *r)
{
    free(r->content_type);
    free(r->data);
    r->content_type = NULL;
    r->data = NULL;
}

static mc_status remote_error(const struct mc_reply *r, json_t *body, char **out_code)
{
    json_t *err = json_object_get(body, "error");
    const char *code = mc_json_str(err, "code");
    const char *msg = mc_json_str(err, "message");

    if (out_code)
        *out_code = mc_xstrdup(code ? code : "internal");
    return mc_err_set(mc_status_from_http(r->status), "%s", msg ? msg : "remote error");
}

mc_status mc_bus_call_json(natsConnection *nc, const struct mc_call *c, const json_t *body,
                           json_t **out_data, char **out_code)
{
    struct mc_call call = *c;
    struct mc_reply r = {0};
    json_t *data;
    char *text = body ? mc_json_xdumps(body) : mc_xstrdup("{}");
    mc_status st;

    call.body = text;
    call.body_len = strlen(text);
    call.content_type = "application/json";
    st = mc_bus_call(nc, &call, &r);
    free(text);
    if (st != MC_OK)
        return st;
    data = json_loadb(r.data, r.len, 0, NULL);
    if (data == NULL)
        st = mc_err_set(MC_E_INTERNAL, "%s replied with bad JSON", c->subject);
    else if (r.status >= 400)
        st = remote_error(&r, data, out_code);
    if (st == MC_OK)
        *out_data = data;
    else
        json_decref(data);
    mc_reply_cleanup(&r);
    return st;
}

static const struct {
    mc_status st;
    int http;
} http_map[] = {
    {MC_OK, 200},          {MC_E_INVALID, 400},         {MC_E_UNAUTH, 401},
    {MC_E_FORBIDDEN, 403}, {MC_E_NOT_FOUND, 404},       {MC_E_METHOD_NOT_ALLOWED, 405},
    {MC_E_CONFLICT, 409},  {MC_E_TOO_LARGE, 413},       {MC_E_RATE_LIMITED, 429},
    {MC_E_INTERNAL, 500},  {MC_E_NOT_IMPLEMENTED, 501}, {MC_E_UNAVAILABLE, 503},
    {MC_E_DB, 503},        {MC_E_TIMEOUT, 504},
};

int mc_status_http(mc_status st)
{
    for (size_t i = 0; i < sizeof http_map / sizeof http_map[0]; i++)
        if (http_map[i].st == st)
            return http_map[i].http;
    return 500;
}

mc_status mc_status_from_http(int http)
{
    if (http < 400)
        return MC_OK;
    for (size_t i = 1; i < sizeof http_map / sizeof http_map[0]; i++)
        if (http_map[i].http == http)
            return http_map[i].st;
    return http < 500 ? MC_E_INVALID : MC_E_INTERNAL;
}
