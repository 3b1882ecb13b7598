/* SPDX-License-Identifier: Apache-2.0 */
/* The environment variables of the signatures service; this table is its configuration. */
#include "mc/cfg.h"

const struct mc_cfg_entry signatures_cfg[] = {
    {"NATS_URL", MC_CFG_STR, "nats://127.0.0.1:4222", false, false, 0, 0, "NATS server URL"},
    {"SIGNATURES_DB_URL", MC_CFG_STR, NULL, true, true, 0, 0,
     "libpq URI of the signatures database"},
    {"SIGNATURES_WORKERS", MC_CFG_INT, "4", false, false, 1, 64, "concurrent request handlers"},
    {"SIGNATURES_QUEUE_GROUP", MC_CFG_STR, "signatures", false, false, 0, 0, "NATS queue group"},
    {"SIGNATURES_KEY_FILE", MC_CFG_STR, NULL, true, false, 0, 0,
     "Ed25519 seed of the court's signing key (created, mode 0600, when absent)"},
    {"SIGNATURES_REQUIRE_FACE", MC_CFG_STR, "none", false, false, 0, 0,
     "who must sign with a face assertion: none|staff (judges and clerks)|all"},
    {"MC_DATA_DIR", MC_CFG_STR, "data", false, false, 0, 0, "reference tables (unused)"},
    {"MC_STREAM_REPLICAS", MC_CFG_INT, "1", false, false, 1, 5, "JetStream replicas"},
    {"LOG_LEVEL", MC_CFG_STR, "info", false, false, 0, 0, "error|warn|info|debug"},
    {"LOG_FORMAT", MC_CFG_STR, "json", false, false, 0, 0, "json|text"},
};
const int signatures_n_cfg = sizeof signatures_cfg / sizeof signatures_cfg[0];
