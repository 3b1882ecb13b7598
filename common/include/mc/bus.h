/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The NATS side of Microcourt: connecting with the project's defaults and calling another
 * service over request/reply. A call carries its context in headers: Mc-Req-Id (the request id
 * that travels with the work), Mc-Ctx (base64 JSON {"auth":..,"params":..}) and Content-Type;
 * a reply carries Mc-Status (an HTTP status) and Content-Type. Thread-safe.
 */
#ifndef MC_COMMON_BUS_H
#define MC_COMMON_BUS_H

#include <stddef.h>

#include <jansson.h>
#include <nats/nats.h>

#include "mc/status.h"

#define MC_HDR_REQ_ID "Mc-Req-Id"
#define MC_HDR_CTX "Mc-Ctx"
#define MC_HDR_STATUS "Mc-Status"
#define MC_HDR_CTYPE "Content-Type"

/*
 * Connects to url with reconnection forever, SendAsap and retry of a failed first connect when
 * retry is true. owned: *out_nc, caller destroys with natsConnection_Destroy.
 */
mc_status mc_bus_connect(const char *url, const char *name, bool retry,
                         natsConnection **out_nc) MC_MUSTCHECK;

/* What a call sends. All pointers borrowed for the duration of the call. */
struct mc_call {
    const char *subject;
    const char *req_id;   /* may be NULL */
    const json_t *auth;   /* claims of the caller, or NULL */
    const json_t *params; /* path and query parameters, or NULL */
    const void *body;     /* payload bytes (JSON text or a file) */
    size_t body_len;
    const char *content_type; /* NULL means application/json */
    int timeout_ms;
};

/* What came back. owned: release with mc_reply_cleanup. */
struct mc_reply {
    int status;         /* HTTP status from Mc-Status; 200 when absent */
    char *content_type; /* never NULL */
    char *data;         /* NUL-terminated copy of the payload */
    size_t len;
};

/*
 * Sends the call and waits. MC_OK when a reply came, whatever its status; MC_E_TIMEOUT when none
 * came in time; MC_E_UNAVAILABLE when nobody serves the subject or NATS is down.
 */
mc_status mc_bus_call(natsConnection *nc, const struct mc_call *c,
                      struct mc_reply *out) MC_MUSTCHECK;
void mc_reply_cleanup(struct mc_reply *r);

/*
 * Calls with a JSON body and decodes a JSON reply. On a 2xx reply *out_data receives the body
 * (owned: json_decref); otherwise the status is mapped back from the HTTP status, the remote
 * message is put in the error context and *out_code (when not NULL) gets a copy of the remote
 * code (owned: free).
 */
mc_status mc_bus_call_json(natsConnection *nc, const struct mc_call *c, const json_t *body,
                           json_t **out_data, char **out_code) MC_MUSTCHECK;

/* The HTTP status for a status, and back. */
int mc_status_http(mc_status st);
mc_status mc_status_from_http(int http);

/* Encodes the Mc-Ctx header value. owned: caller frees. */
char *mc_ctx_encode(const json_t *auth, const json_t *params);

/* Decodes an Mc-Ctx header value into {"auth":..,"params":..}. owned: json_decref; NULL if bad. */
json_t *mc_ctx_decode(const char *hdr);

#endif
