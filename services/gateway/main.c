/* SPDX-License-Identifier: Apache-2.0 */
/* Wiring of the gateway: config, NATS, HTTP, then wait for a stop signal. */
#include "gateway.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "mc/bus.h"
#include "mc/cfg.h"
#include "mc/log.h"

extern const struct mc_cfg_entry gateway_cfg[];
extern const int gateway_n_cfg;

static int print_routes(void)
{
    for (size_t i = 0; i < gw_n_routes; i++)
        printf("%s %s %s\n", gw_routes[i].method, gw_routes[i].pattern, gw_routes[i].subject);
    return 0;
}

int main(int argc, char **argv)
{
    static struct gateway gw = {.key_lock = PTHREAD_MUTEX_INITIALIZER};
    struct mg_context *http;
    struct mc_cfg cfg;
    sigset_t set;
    int sig = 0;

    if (argc > 1 && strcmp(argv[1], "--routes") == 0)
        return print_routes();
    if (mc_cfg_load(gateway_cfg, gateway_n_cfg, &cfg) != MC_OK)
        return 2;
    mc_log_setup("gateway", mc_cfg_str(&cfg, "LOG_LEVEL"), mc_cfg_str(&cfg, "LOG_FORMAT"));
    mc_cfg_log(&cfg);
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    gw.timeout_ms = (int)mc_cfg_int(&cfg, "GATEWAY_REQUEST_TIMEOUT_MS");
    gw.max_body = mc_cfg_int(&cfg, "GATEWAY_MAX_BODY_BYTES");
    if (mc_bus_connect(mc_cfg_str(&cfg, "NATS_URL"), "gateway", true, &gw.nc) != MC_OK) {
        mc_log_error(NULL, "nats connect failed", MC_KV_STR("err", mc_err_text()));
        return 1;
    }
    if (gw_revoked_start(&gw) != MC_OK)
        mc_log_warn(NULL, "revocations not followed", MC_KV_STR("err", mc_err_text()));
    http = gw_http_start(&gw, mc_cfg_str(&cfg, "GATEWAY_LISTEN"),
                         (int)mc_cfg_int(&cfg, "GATEWAY_THREADS"));
    if (http == NULL) {
        mc_log_error(NULL, "http start failed",
                     MC_KV_STR("listen", mc_cfg_str(&cfg, "GATEWAY_LISTEN")));
        natsConnection_Destroy(gw.nc);
        return 1;
    }
    mc_log_info(NULL, "started", MC_KV_STR("listen", mc_cfg_str(&cfg, "GATEWAY_LISTEN")));
    sigwait(&set, &sig);
    mc_log_info(NULL, "draining", MC_KV_INT("signal", sig));
    gw_http_stop(http);
    natsSubscription_Destroy(gw.revoked_sub);
    natsConnection_Destroy(gw.nc);
    mc_log_info(NULL, "stopped");
    return 0;
}
