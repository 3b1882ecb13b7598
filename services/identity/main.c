/* SPDX-License-Identifier: Apache-2.0 */
/* Wiring of the identity service: config, keys, tables and face engine, then the runtime. */
#include "identity.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <string.h>

#include "mc/cfg.h"

extern const struct mc_cfg_entry identity_cfg[];
extern const int identity_n_cfg;

/* Parses a decision band ("0.45"); false when it is not a number in (0, 2). */
static bool parse_band(const char *text, float *out)
{
    char *end = NULL;
    double v = text ? strtod(text, &end) : 0;

    if (text == NULL || end == text || *end != '\0' || !(v > 0 && v < 2))
        return false;
    *out = (float)v;
    return true;
}

/* Creates the face engine from dir (the model/ folder or its parent); NULL with a warning. */
static mc_status face_init(struct identity *id, const struct mc_cfg *cfg)
{
    const char *dir = mc_cfg_str(cfg, "IDENTITY_FACE_MODEL_DIR");
    char *model = mc_xasprintf("%s/model", dir), err[256] = "";
    struct face_config fc;
    struct stat sb;

    face_config_init(&fc);
    if (!parse_band(mc_cfg_str(cfg, "IDENTITY_FACE_ACCEPT_BELOW"), &fc.accept_below) ||
        !parse_band(mc_cfg_str(cfg, "IDENTITY_FACE_REVIEW_BELOW"), &fc.review_below) ||
        fc.accept_below > fc.review_below) {
        free(model);
        return mc_err_set(MC_E_INVALID, "face bands must be numbers with accept <= review");
    }
    fc.max_bytes = (size_t)id->max_image_bytes;
    id->face = face_engine_create(stat(model, &sb) == 0 ? model : dir, &fc, err, sizeof err);
    if (id->face == NULL)
        mc_log_warn(NULL, "face engine not loaded; face routes answer face_unavailable (503)",
                    MC_KV_STR("dir", dir), MC_KV_STR("err", err));
    else
        mc_log_info(NULL, "face engine ready", MC_KV_DBL("accept_below", fc.accept_below),
                    MC_KV_DBL("review_below", fc.review_below));
    free(model);
    return MC_OK;
}

static mc_status data_key_init(struct identity *id, const struct mc_cfg *cfg)
{
    const char *path = mc_cfg_str(cfg, "IDENTITY_DATA_KEY_FILE");
    char *fallback = NULL;
    mc_status st;

    if (path == NULL || path[0] == '\0')
        path = fallback = mc_xasprintf("%s.data", mc_cfg_str(cfg, "IDENTITY_KEY_FILE"));
    st = identity_data_key_load(id, path);
    free(fallback);
    return st;
}

static mc_status identity_init(struct identity *id, const struct mc_cfg *cfg)
{
    const char *dir = mc_cfg_str(cfg, "MC_DATA_DIR");
    mc_status st;

    st = mc_key_load_or_create(mc_cfg_str(cfg, "IDENTITY_KEY_FILE"), id->pk, id->sk);
    if (st == MC_OK)
        st = data_key_init(id, cfg);
    if (st != MC_OK)
        return st;
    if (mc_court_tables_load(dir, &id->tables) != 0)
        return mc_err_set(MC_E_INVALID, "cannot load reference tables from %s", dir);
    id->sms_url = mc_cfg_str(cfg, "IDENTITY_SMS_URL");
    id->sms_log = mc_cfg_str(cfg, "IDENTITY_SMS_LOG");
    id->db_url = mc_cfg_str(cfg, "IDENTITY_DB_URL");
    id->token_ttl_s = mc_cfg_int(cfg, "IDENTITY_TOKEN_TTL_S");
    id->otp_ttl_s = mc_cfg_int(cfg, "IDENTITY_OTP_TTL_S");
    id->is_sms_registration_open =
        strcmp(mc_cfg_str(cfg, "IDENTITY_SMS_REGISTRATION"), "open") == 0;
    if (!id->is_sms_registration_open &&
        strcmp(mc_cfg_str(cfg, "IDENTITY_SMS_REGISTRATION"), "face"))
        return mc_err_set(MC_E_INVALID, "IDENTITY_SMS_REGISTRATION must be face or open");
    id->challenge_ttl_s = mc_cfg_int(cfg, "IDENTITY_CHALLENGE_TTL_S");
    id->n_actions = (int)mc_cfg_int(cfg, "IDENTITY_CHALLENGE_ACTIONS");
    id->photo_retention_s = mc_cfg_int(cfg, "IDENTITY_PHOTO_RETENTION_S");
    id->assertion_ttl_s = mc_cfg_int(cfg, "IDENTITY_ASSERTION_TTL_S");
    id->max_image_bytes = mc_cfg_int(cfg, "IDENTITY_FACE_MAX_IMAGE_BYTES");
    return face_init(id, cfg);
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

    rc = mc_service_boot(argc, argv, def.name, "IDENTITY", identity_cfg, identity_n_cfg, &cfg,
                         &opts);
    if (rc >= 0)
        return rc;
    if (identity_init(&id, &cfg) != MC_OK) {
        mc_log_error(NULL, "init failed", MC_KV_STR("err", mc_err_text()));
        return 1;
    }
    identity_backfill_start(&id);
    rc = mc_service_run(&def, &opts);
    face_engine_destroy(id.face);
    mc_court_tables_destroy(id.tables);
    sodium_memzero(id.enc_key, sizeof id.enc_key);
    sodium_memzero(id.mac_key, sizeof id.mac_key);
    return rc;
}
