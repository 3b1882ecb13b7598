/* SPDX-License-Identifier: Apache-2.0 */
/* The service lifecycle: connect, migrate, start workers and event threads, wait, drain. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mc/bus.h"
#include "mc/cfg.h"
#include "svc_internal.h"

static void merge_statements(struct mc_service *svc)
{
    const struct mc_service_def *d = svc->def;

    svc->n_stmts = mc_runtime_n_stmts + d->n_stmts;
    svc->stmts = mc_xcalloc((size_t)svc->n_stmts, sizeof *svc->stmts);
    memcpy(svc->stmts, mc_runtime_stmts, (size_t)mc_runtime_n_stmts * sizeof *svc->stmts);
    if (d->n_stmts)
        memcpy(svc->stmts + mc_runtime_n_stmts, d->stmts, (size_t)d->n_stmts * sizeof *d->stmts);
}

/* The runtime's later tables, under a lock so instances starting together do not race. */
static mc_status ensure_runtime_tables(struct mc_db *db)
{
    mc_status st = mc_db_cmd(db, "SELECT pg_advisory_lock(hashtext('mc-runtime'))");

    if (st == MC_OK) {
        st = mc_db_cmd(db, mc_runtime_ensure);
        MC_IGNORE(mc_db_cmd(db, "SELECT pg_advisory_unlock(hashtext('mc-runtime'))"));
    }
    return st;
}

/* Waits for PostgreSQL (it may still be starting) and applies the migrations. */
static mc_status migrate(struct mc_service *svc)
{
    const struct mc_service_def *d = svc->def;
    const char **all = mc_xcalloc((size_t)d->n_migrations + 1, sizeof *all);
    struct mc_db db = {0};
    mc_status st;

    all[0] = mc_runtime_migration;
    for (int i = 0; i < d->n_migrations; i++)
        all[i + 1] = d->migrations[i];
    for (int attempt = 1; (st = mc_db_open(&db, svc->opts->db_url, NULL, 0)) != MC_OK; attempt++) {
        if (attempt >= 60)
            break;
        mc_log_warn(NULL, "database not ready", MC_KV_INT("attempt", attempt),
                    MC_KV_STR("err", mc_err_text()));
        sleep(1);
    }
    if (st == MC_OK)
        st = mc_db_migrate(&db, d->name, all, d->n_migrations + 1);
    if (st == MC_OK)
        st = ensure_runtime_tables(&db);
    mc_db_close(&db);
    free(all);
    return st;
}

static mc_status start_workers(struct mc_service *svc)
{
    const char *subject = mc_xasprintf("%s.>", svc->def->name);
    mc_status st = MC_OK;

    svc->workers = mc_xcalloc((size_t)svc->opts->workers, sizeof *svc->workers);
    for (int i = 0; st == MC_OK && i < svc->opts->workers; i++) {
        struct mc_worker *w = &svc->workers[i];
        natsStatus s;

        w->svc = svc;
        w->has_db = svc->opts->db_url != NULL;
        if (w->has_db)
            st = mc_db_open(&w->db, svc->opts->db_url, svc->stmts, svc->n_stmts);
        if (st != MC_OK)
            break;
        s = natsConnection_QueueSubscribe(&w->sub, svc->nc, subject, svc->opts->queue_group,
                                          mc_svc_on_msg, w);
        if (s != NATS_OK)
            st = mc_err_set(MC_E_UNAVAILABLE, "subscribe %s: %s", subject, natsStatus_GetText(s));
        else
            svc->n_workers++;
    }
    free((void *)subject);
    return st;
}

static mc_status start_events(struct mc_service *svc)
{
    natsStatus s = natsConnection_JetStream(&svc->js, svc->nc, NULL);
    mc_status st;

    if (s != NATS_OK)
        return mc_err_set(MC_E_UNAVAILABLE, "jetstream: %s", natsStatus_GetText(s));
    for (int attempt = 1; (st = mc_svc_ensure_stream(svc)) != MC_OK && attempt < 30; attempt++)
        sleep(1);
    if (st != MC_OK)
        return st;
    svc->has_publisher = pthread_create(&svc->publisher, NULL, mc_svc_publisher_main, svc) == 0;
    svc->consumers = mc_xcalloc(svc->def->n_consumers + 1, sizeof *svc->consumers);
    for (size_t i = 0; i < svc->def->n_consumers; i++) {
        void *arg = mc_svc_consumer_arg(svc, &svc->def->consumers[i]);

        if (pthread_create(&svc->consumers[i], NULL, mc_svc_consumer_main, arg) != 0)
            return mc_err_set(MC_E_INTERNAL, "cannot start consumer thread");
    }
    return MC_OK;
}

static void drain_and_stop(struct mc_service *svc)
{
    for (int i = 0; i < svc->n_workers; i++)
        natsSubscription_Drain(svc->workers[i].sub);
    for (int i = 0; i < svc->n_workers; i++) {
        natsSubscription_WaitForDrainCompletion(svc->workers[i].sub, 5000);
        natsSubscription_Destroy(svc->workers[i].sub);
    }
    atomic_store(&svc->is_stopping, true);
    if (svc->has_publisher)
        pthread_join(svc->publisher, NULL);
    for (size_t i = 0; svc->consumers && i < svc->def->n_consumers; i++)
        pthread_join(svc->consumers[i], NULL);
    for (int i = 0; i < svc->n_workers; i++)
        mc_db_close(&svc->workers[i].db);
}

static void release(struct mc_service *svc)
{
    jsCtx_Destroy(svc->js);
    natsConnection_Destroy(svc->nc);
    free(svc->workers);
    free(svc->consumers);
    free(svc->stats);
    free(svc->stmts);
}

static mc_status start(struct mc_service *svc)
{
    mc_status st;

    st = mc_bus_connect(svc->opts->nats_url, svc->def->name, true, &svc->nc);
    if (st == MC_OK && svc->opts->db_url)
        st = migrate(svc);
    if (st == MC_OK && svc->opts->db_url)
        st = start_events(svc);
    if (st == MC_OK)
        st = start_workers(svc);
    return st;
}

int mc_service_run(const struct mc_service_def *def, const struct mc_service_opts *opts)
{
    struct mc_service svc = {.def = def, .opts = opts};
    sigset_t set;
    int sig = 0;
    mc_status st;

    /* Block the stop signals before any library thread exists, then wait for them here. */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    svc.stats = mc_xcalloc(def->n_routes + 1, sizeof *svc.stats);
    merge_statements(&svc);
    st = start(&svc);
    if (st != MC_OK) {
        mc_log_error(NULL, "start failed", MC_KV_STR("err", mc_err_text()));
        atomic_store(&svc.is_stopping, true);
        drain_and_stop(&svc);
        release(&svc);
        return 1;
    }
    mc_log_info(NULL, "started", MC_KV_INT("workers", svc.n_workers),
                MC_KV_STR("queue_group", opts->queue_group));
    sigwait(&set, &sig);
    mc_log_info(NULL, "draining", MC_KV_INT("signal", sig));
    drain_and_stop(&svc);
    release(&svc);
    mc_log_info(NULL, "stopped");
    return 0;
}

int mc_service_probe(const char *nats_url, const char *name)
{
    natsConnection *nc = NULL;
    struct mc_reply r = {0};
    char *subject = mc_xasprintf("%s.health", name);
    struct mc_call c = {.subject = subject, .body = "{}", .body_len = 2, .timeout_ms = 2000};
    int rc = 1;

    if (mc_bus_connect(nats_url, "probe", false, &nc) == MC_OK && mc_bus_call(nc, &c, &r) == MC_OK)
        rc = r.status == 200 ? 0 : 1;
    mc_reply_cleanup(&r);
    natsConnection_Destroy(nc);
    free(subject);
    return rc;
}

static int cfg_index(const struct mc_cfg *cfg, const char *name)
{
    for (int i = 0; i < cfg->n; i++)
        if (strcmp(cfg->table[i].name, name) == 0)
            return i;
    return -1;
}

void mc_service_opts_init(struct mc_service_opts *opts, const struct mc_cfg *cfg,
                          const char *prefix)
{
    char name[64];
    int i;

    *opts = (struct mc_service_opts){.nats_url = "nats://127.0.0.1:4222",
                                     .workers = 4,
                                     .queue_group = "default",
                                     .stream_replicas = 1};
    if ((i = cfg_index(cfg, "NATS_URL")) >= 0)
        opts->nats_url = cfg->str[i];
    if ((i = cfg_index(cfg, "MC_STREAM_REPLICAS")) >= 0)
        opts->stream_replicas = (int)cfg->num[i];
    snprintf(name, sizeof name, "%s_DB_URL", prefix);
    if ((i = cfg_index(cfg, name)) >= 0)
        opts->db_url = cfg->str[i];
    snprintf(name, sizeof name, "%s_WORKERS", prefix);
    if ((i = cfg_index(cfg, name)) >= 0)
        opts->workers = (int)cfg->num[i];
    snprintf(name, sizeof name, "%s_QUEUE_GROUP", prefix);
    if ((i = cfg_index(cfg, name)) >= 0)
        opts->queue_group = cfg->str[i];
}

int mc_service_boot(int argc, char **argv, const char *name, const char *prefix,
                    const struct mc_cfg_entry *table, int n_table, struct mc_cfg *out_cfg,
                    struct mc_service_opts *out_opts)
{
    struct mc_service_opts opts;
    struct mc_cfg cfg;

    if (mc_cfg_load(table, n_table, &cfg) != MC_OK)
        return 2;
    mc_log_setup(name, mc_cfg_str(&cfg, "LOG_LEVEL"), mc_cfg_str(&cfg, "LOG_FORMAT"));
    mc_service_opts_init(&opts, &cfg, prefix);
    if (argc > 1 && strcmp(argv[1], "--probe") == 0)
        return mc_service_probe(opts.nats_url, name);
    mc_cfg_log(&cfg);
    *out_cfg = cfg;
    *out_opts = opts;
    return -1;
}
