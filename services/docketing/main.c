/* SPDX-License-Identifier: Apache-2.0 */
/* Wiring of the docketing service: config, reference tables, then the service runtime. */
#include "docketing.h"

#include <string.h>

#include "mc/cfg.h"

extern const struct mc_cfg_entry docketing_cfg[];
extern const int docketing_n_cfg;

static mc_status docketing_init(struct docketing *d, const struct mc_cfg *cfg)
{
    const char *dir = mc_cfg_str(cfg, "MC_DATA_DIR"), *hol = mc_cfg_str(cfg, "DOCKETING_HOLIDAYS");

    if (mc_court_tables_load(dir, &d->tables) != 0)
        return mc_err_set(MC_E_INVALID, "cannot load reference tables from %s", dir);
    if (hol && mc_court_calendar_load(hol, &d->calendar) != 0)
        return mc_err_set(MC_E_INVALID, "cannot load holiday calendar %s", hol);
    return MC_OK;
}

int main(int argc, char **argv)
{
    static struct docketing d;
    struct mc_service_def def = {
        .name = "docketing",
        .routes = docketing_routes,
        .n_routes = docketing_n_routes,
        .migrations = docketing_migrations,
        .n_migrations = docketing_n_migrations,
        .stmts = docketing_stmts,
        .n_stmts = docketing_n_stmts,
        .consumers = docketing_consumers,
        .n_consumers = docketing_n_consumers,
        .user = &d,
    };
    struct mc_service_opts opts;
    struct mc_cfg cfg;
    int rc;

    rc = mc_service_boot(argc, argv, def.name, "DOCKETING", docketing_cfg, docketing_n_cfg, &cfg,
                         &opts);
    if (rc >= 0)
        return rc;
    if (docketing_init(&d, &cfg) != MC_OK) {
        mc_log_error(NULL, "init failed", MC_KV_STR("err", mc_err_text()));
        return 1;
    }
    rc = mc_service_run(&def, &opts);
    mc_court_calendar_destroy(d.calendar);
    mc_court_tables_destroy(d.tables);
    return rc;
}
