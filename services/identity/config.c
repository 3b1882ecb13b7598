/* SPDX-License-Identifier: Apache-2.0 */
/* The environment variables of the identity service; this table is its configuration. */
#include "mc/cfg.h"

const struct mc_cfg_entry identity_cfg[] = {
    {"NATS_URL", MC_CFG_STR, "nats://127.0.0.1:4222", false, false, 0, 0, "NATS server URL"},
    {"IDENTITY_DB_URL", MC_CFG_STR, NULL, true, true, 0, 0, "libpq URI of the identity database"},
    {"IDENTITY_WORKERS", MC_CFG_INT, "4", false, false, 1, 64, "concurrent request handlers"},
    {"IDENTITY_QUEUE_GROUP", MC_CFG_STR, "identity", false, false, 0, 0, "NATS queue group"},
    {"IDENTITY_KEY_FILE", MC_CFG_STR, NULL, true, true, 0, 0,
     "token signing key seed (32 bytes), created when absent"},
    {"IDENTITY_SMS_URL", MC_CFG_STR, NULL, false, false, 0, 0,
     "HTTP endpoint that sends SMS; when unset, messages go to IDENTITY_SMS_LOG"},
    {"IDENTITY_SMS_LOG", MC_CFG_STR, ".run/outbox/sms.log", false, false, 0, 0,
     "file that receives SMS on the embedded default"},
    {"IDENTITY_TOKEN_TTL_S", MC_CFG_INT, "43200", false, false, 60, 604800, "token lifetime"},
    {"IDENTITY_OTP_TTL_S", MC_CFG_INT, "300", false, false, 30, 3600, "one-time code lifetime"},
    {"IDENTITY_FACE_MODEL_DIR", MC_CFG_STR, ".cache/face", false, false, 0, 0,
     "face engine weights"},
    {"MC_DATA_DIR", MC_CFG_STR, "data", false, false, 0, 0, "reference tables"},
    {"MC_STREAM_REPLICAS", MC_CFG_INT, "1", false, false, 1, 5, "JetStream replicas"},
    {"LOG_LEVEL", MC_CFG_STR, "info", false, false, 0, 0, "error|warn|info|debug"},
    {"LOG_FORMAT", MC_CFG_STR, "json", false, false, 0, 0, "json|text"},
};
const int identity_n_cfg = sizeof identity_cfg / sizeof identity_cfg[0];
