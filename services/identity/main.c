/* SPDX-License-Identifier: Apache-2.0 */
/* Wiring of the identity service: config, keys and tables, then the service runtime. */
#include "identity.h"

#include <string.h>

#include "mc/cfg.h"

extern const struct mc_cfg_entry identity_cfg[];
extern const int identity_n_cfg;

static mc_status identity_init(struct identity *id, const struct mc_cfg *cfg)
{
    const char *dir = mc_cfg_str(cfg, "MC_DATA_DIR");
    mc_status st;

    st = mc_key_load_or_create(mc_cfg_str(cfg, "IDENTITY_KEY_FILE"), id->pk, id->sk);
    if (st != MC_OK)
        return st;
    if (mc_court_tables_load(dir, &id->tables) != 0)
        return mc_err_set(MC_E_INVALID, "cannot load reference tables from %s", dir);
    id->sms_url = mc_cfg_str(cfg, "IDENTITY_SMS_URL");
    id->sms_log = mc_cfg_str(cfg, "IDENTITY_SMS_LOG");
    id->token_ttl_s = mc_cfg_int(cfg, "IDENTITY_TOKEN_TTL_S");
    id->otp_ttl_s = mc_cfg_int(cfg, "IDENTITY_OTP_TTL_S");
    return MC_OK;
}

int main(int argc, char **argv)
{
    static struct identity id;
    struct mc_service_def def = {
        .name = "identity",
        .routes = identity_routes,
        .n_routes = identity_n_routes,
        .migrations = identity_migrations,
        .n_migrations = identity_n_migrations,
        .stmts = identity_stmts,
        .n_stmts = identity_n_stmts,
        .user = &id,
    };
    struct mc_service_opts opts;
    struct mc_cfg cfg;
    int rc;

    if (mc_cfg_load(identity_cfg, identity_n_cfg, &cfg) != MC_OK)
        return 2;
    mc_log_setup("identity", mc_cfg_str(&cfg, "LOG_LEVEL"), mc_cfg_str(&cfg, "LOG_FORMAT"));
    mc_service_opts_init(&opts, &cfg, "IDENTITY");
    if (argc > 1 && strcmp(argv[1], "--probe") == 0)
        return mc_service_probe(opts.nats_url, def.name);
    mc_cfg_log(&cfg);
    if (identity_init(&id, &cfg) != MC_OK) {
        mc_log_error(NULL, "init failed", MC_KV_STR("err", mc_err_text()));
        return 1;
    }
    mc_log_warn(NULL, "face verification not implemented; challenge routes answer not_implemented");
    rc = mc_service_run(&def, &opts);
    mc_court_tables_destroy(id.tables);
    return rc;
}
