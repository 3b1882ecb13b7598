/* SPDX-License-Identifier: Apache-2.0 */
/* The environment variables of the docketing service; this table is its configuration. */
#include "mc/cfg.h"

const struct mc_cfg_entry docketing_cfg[] = {
    {"NATS_URL", MC_CFG_STR, "nats://127.0.0.1:4222", false, false, 0, 0, "NATS server URL"},
    {"DOCKETING_DB_URL", MC_CFG_STR, NULL, true, true, 0, 0, "libpq URI of the docketing database"},
    {"DOCKETING_WORKERS", MC_CFG_INT, "4", false, false, 1, 64, "concurrent request handlers"},
    {"DOCKETING_QUEUE_GROUP", MC_CFG_STR, "docketing", false, false, 0, 0, "NATS queue group"},
    {"DOCKETING_HOLIDAYS", MC_CFG_STR, NULL, false, false, 0, 0,
     "optional holiday calendar CSV (date,kind); without it only weekends move deadlines"},
    {"MC_DATA_DIR", MC_CFG_STR, "data", false, false, 0, 0, "reference tables"},
    {"MC_STREAM_REPLICAS", MC_CFG_INT, "1", false, false, 1, 5, "JetStream replicas"},
    {"LOG_LEVEL", MC_CFG_STR, "info", false, false, 0, 0, "error|warn|info|debug"},
    {"LOG_FORMAT", MC_CFG_STR, "json", false, false, 0, 0, "json|text"},
};
const int docketing_n_cfg = sizeof docketing_cfg / sizeof docketing_cfg[0];
