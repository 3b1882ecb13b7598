/* SPDX-License-Identifier: Apache-2.0 */
/* The environment variables of the enforcement service; this table is its configuration. */
#include "mc/cfg.h"

const struct mc_cfg_entry enforcement_cfg[] = {
    {"NATS_URL", MC_CFG_STR, "nats://127.0.0.1:4222", false, false, 0, 0, "NATS server URL"},
    {"ENFORCEMENT_DB_URL", MC_CFG_STR, NULL, true, true, 0, 0,
     "libpq URI of the enforcement database"},
    {"ENFORCEMENT_WORKERS", MC_CFG_INT, "4", false, false, 1, 64, "concurrent request handlers"},
    {"ENFORCEMENT_QUEUE_GROUP", MC_CFG_STR, "enforcement", false, false, 0, 0, "NATS queue group"},
    {"MC_DATA_DIR", MC_CFG_STR, "data", false, false, 0, 0, "reference tables (unused)"},
    {"MC_STREAM_REPLICAS", MC_CFG_INT, "1", false, false, 1, 5, "JetStream replicas"},
    {"LOG_LEVEL", MC_CFG_STR, "info", false, false, 0, 0, "error|warn|info|debug"},
    {"LOG_FORMAT", MC_CFG_STR, "json", false, false, 0, 0, "json|text"},
};
const int enforcement_n_cfg = sizeof enforcement_cfg / sizeof enforcement_cfg[0];
