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
    int rc;

    rc = mc_service_boot(argc, argv, def.name, "ENFORCEMENT", enforcement_cfg, enforcement_n_cfg,
                         &cfg, &opts);
    if (rc >= 0)
        return rc;
    return mc_service_run(&def, &opts);
}
