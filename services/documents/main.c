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

    if (mc_cfg_load(documents_cfg, documents_n_cfg, &cfg) != MC_OK)
        return 2;
    mc_log_setup("documents", mc_cfg_str(&cfg, "LOG_LEVEL"), mc_cfg_str(&cfg, "LOG_FORMAT"));
    mc_service_opts_init(&opts, &cfg, "DOCUMENTS");
    if (argc > 1 && strcmp(argv[1], "--probe") == 0)
        return mc_service_probe(opts.nats_url, def.name);
    mc_cfg_log(&cfg);
    return mc_service_run(&def, &opts);
}
