/* SPDX-License-Identifier: Apache-2.0 */
/* Wiring of the enforcement service: config, then the service runtime. */
#include "enforcement.h"

#include <string.h>

#include "mc/cfg.h"

extern const struct mc_cfg_entry enforcement_cfg[];
extern const int enforcement_n_cfg;

int main(int argc, char **argv)
{
    struct mc_service_def def = {
        .name = "enforcement",
        .routes = enforcement_routes,
        .n_routes = enforcement_n_routes,
        .migrations = enforcement_migrations,
        .n_migrations = enforcement_n_migrations,
        .stmts = enforcement_stmts,
        .n_stmts = enforcement_n_stmts,
    };
    struct mc_service_opts opts;
    struct mc_cfg cfg;

    if (mc_cfg_load(enforcement_cfg, enforcement_n_cfg, &cfg) != MC_OK)
        return 2;
    mc_log_setup("enforcement", mc_cfg_str(&cfg, "LOG_LEVEL"), mc_cfg_str(&cfg, "LOG_FORMAT"));
    mc_service_opts_init(&opts, &cfg, "ENFORCEMENT");
    if (argc > 1 && strcmp(argv[1], "--probe") == 0)
        return mc_service_probe(opts.nats_url, def.name);
    mc_cfg_log(&cfg);
    return mc_service_run(&def, &opts);
}
