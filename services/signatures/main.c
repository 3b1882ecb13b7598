/* SPDX-License-Identifier: Apache-2.0 */
/* Wiring of the signatures service: config, the signing key, the face policy, the runtime. */
#include "signatures.h"

#include <string.h>

#include "mc/cfg.h"

extern const struct mc_cfg_entry signatures_cfg[];
extern const int signatures_n_cfg;

int main(int argc, char **argv)
{
    static struct signatures s;
    struct mc_service_def def = {
        .name = "signatures",
        .routes = signatures_routes,
        .n_routes = signatures_n_routes,
        .migrations = signatures_migrations,
        .n_migrations = signatures_n_migrations,
        .stmts = signatures_stmts,
        .n_stmts = signatures_n_stmts,
        .user = &s,
    };
    struct mc_service_opts opts;
    struct mc_cfg cfg;
    int rc;

    rc = mc_service_boot(argc, argv, def.name, "SIGNATURES", signatures_cfg, signatures_n_cfg, &cfg,
                         &opts);
    if (rc >= 0)
        return rc;
    if (mc_key_load_or_create(mc_cfg_str(&cfg, "SIGNATURES_KEY_FILE"), s.pk, s.sk) != MC_OK) {
        mc_log_error(NULL, "cannot load the signing key", MC_KV_STR("err", mc_err_text()));
        return 1;
    }
    sig_key_id(s.pk, s.key_id);
    if (sig_face_policy_parse(mc_cfg_str(&cfg, "SIGNATURES_REQUIRE_FACE"), &s.face_policy) != 0) {
        mc_log_error(NULL, "SIGNATURES_REQUIRE_FACE must be none, staff or all",
                     MC_KV_STR("value", mc_cfg_str(&cfg, "SIGNATURES_REQUIRE_FACE")));
        return 1;
    }
    return mc_service_run(&def, &opts);
}
