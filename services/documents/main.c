/* SPDX-License-Identifier: Apache-2.0 */
/* Wiring of the documents service: config, then the service runtime. */
#include "documents.h"

#include <string.h>

#include "mc/cfg.h"

extern const struct mc_cfg_entry documents_cfg[];
extern const int documents_n_cfg;

int main(int argc, char **argv)
{
    struct mc_service_def def = {
        .name = "documents",
        .routes = documents_routes,
        .n_routes = documents_n_routes,
        .migrations = documents_migrations,
        .n_migrations = documents_n_migrations,
        .stmts = documents_stmts,
        .n_stmts = documents_n_stmts,
    };
    struct mc_service_opts opts;
    struct mc_cfg cfg;
    int rc;

    rc = mc_service_boot(argc, argv, def.name, "DOCUMENTS", documents_cfg, documents_n_cfg, &cfg,
                         &opts);
    if (rc >= 0)
        return rc;
    return mc_service_run(&def, &opts);
}
