/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The gateway: the only HTTP entry. It verifies bearer tokens locally, maps each route to one
 * NATS subject and returns the service's reply. Only http_adapter.c knows civetweb; the rest is
 * plain C over the route table, so it can be tested without a socket. Request threads share
 * struct gateway, which is read-only after start except for the lazily fetched token key.
 */
#ifndef MC_SERVICES_GATEWAY_GATEWAY_H
#define MC_SERVICES_GATEWAY_GATEWAY_H

#include <pthread.h>
#include <stdbool.h>

#include <jansson.h>
#include <nats/nats.h>

#include "mc/status.h"
#include "mc/token.h"

enum gw_auth { GW_AUTH_NONE, GW_AUTH_ANY, GW_AUTH_STAFF };

struct gw_route {
    const char *method;
    const char *pattern; /* "/api/v1/cases/{id}/documents"; {name} binds a path segment */
    const char *subject;
    enum gw_auth auth;
    bool is_raw_body; /* the body is a file, passed through with its Content-Type */
};

struct gateway {
    natsConnection *nc;
    int timeout_ms;
    long long max_body;
    pthread_mutex_t key_lock;
    bool has_key;
    unsigned char pk[MC_TOKEN_PK_BYTES];
    natsSubscription *revoked_sub;
};

extern const struct gw_route gw_routes[];
extern const size_t gw_n_routes;

/*
 * Finds the route for method and path. On a match, path parameters are added to params
 * (borrowed: caller's object). *out_path_known is set when the path matched with another method.
 */
const struct gw_route *gw_route_match(const char *method, const char *path, json_t *params,
                                      bool *out_path_known);

/* Verifies "Bearer <token>" from the Authorization header. owned: *out_claims. */
mc_status gw_auth_verify(struct gateway *gw, const char *header, json_t **out_claims) MC_MUSTCHECK;

/* Subscribes to evt.identity.token_revoked (revoked.c). */
mc_status gw_revoked_start(struct gateway *gw) MC_MUSTCHECK;

/* True when the token id was revoked and the token has not expired yet. */
bool gw_revoked_has(struct gateway *gw, const char *jti);

/* Asks every service for its health. owned: *out_body; returns true when all are ok. */
bool gw_health(struct gateway *gw, json_t **out_body);

/* Collects every service's counters in Prometheus text format. owned: caller frees. */
char *gw_metrics(struct gateway *gw);

/* The civetweb options the gateway starts with (keep-alive, TCP_NODELAY, timeouts). borrowed:
 * static, valid until the next call; single-threaded use at start. */
const char **gw_http_options(const char *listen, const char *threads);

/* Starts civetweb on listen ("8080" or "127.0.0.1:8080"); NULL on failure. */
struct mg_context *gw_http_start(struct gateway *gw, const char *listen, int threads);
void gw_http_stop(struct mg_context *ctx);

#endif
