/* SPDX-License-Identifier: Apache-2.0 */
/* Wiring of the hearings service: config, then the service runtime. */
#include "hearings.h"

#include <string.h>

#include "mc/cfg.h"

extern const struct mc_cfg_entry hearings_cfg[];
extern const int hearings_n_cfg;

int main(int argc, char **argv)
{
    struct mc_service_def def = {
        .name = "hearings",
        .routes = hearings_routes,
        .n_routes = hearings_n_routes,
        .migrations = hearings_migrations,
        .n_migrations = hearings_n_migrations,
        .stmts = hearings_stmts,
        .n_stmts = hearings_n_stmts,
    };
    struct mc_service_opts opts;
    struct mc_cfg cfg;
    int rc;

    rc = mc_service_boot(argc, argv, def.name, "HEARINGS", hearings_cfg, hearings_n_cfg, &cfg,
                         &opts);
    if (rc >= 0)
        return rc;
    return mc_service_run(&def, &opts);
}
