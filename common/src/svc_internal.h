/* SPDX-License-Identifier: Apache-2.0 */
/* Private to the service runtime (svc*.c): the service and worker structures. */
#ifndef MC_COMMON_SVC_INTERNAL_H
#define MC_COMMON_SVC_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "mc/svc.h"

struct route_stats {
    atomic_llong n_requests;
    atomic_llong n_errors;
    atomic_llong us_total;
};

struct mc_worker {
    struct mc_service *svc;
    struct mc_db db;
    bool has_db;
    natsSubscription *sub;
};

struct mc_service {
    const struct mc_service_def *def;
    const struct mc_service_opts *opts;
    natsConnection *nc;
    jsCtx *js;
    struct mc_sql *stmts; /* the runtime's statements followed by the service's */
    int n_stmts;
    struct mc_worker *workers;
    int n_workers;
    struct route_stats *stats; /* one per route, then one for unknown subjects */
    atomic_llong n_published;
    atomic_llong n_consumed;
    atomic_bool is_stopping;
    pthread_t publisher;
    bool has_publisher;
    pthread_t *consumers;
};

/* The runtime's own tables and statements (svc_events.c). */
extern const char *const mc_runtime_migration;
extern const char *const mc_runtime_ensure;
extern const struct mc_sql mc_runtime_stmts[];
extern const int mc_runtime_n_stmts;

void mc_svc_on_msg(natsConnection *nc, natsSubscription *sub, natsMsg *msg, void *closure);
mc_status mc_svc_ensure_stream(struct mc_service *svc) MC_MUSTCHECK;
void *mc_svc_publisher_main(void *arg);
void *mc_svc_consumer_main(void *arg);
void *mc_svc_consumer_arg(struct mc_service *svc, const struct mc_consumer *c);

#endif
