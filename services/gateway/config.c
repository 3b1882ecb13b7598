/* SPDX-License-Identifier: Apache-2.0 */
/* The environment variables of the gateway; this table is its configuration. */
#include "mc/cfg.h"

const struct mc_cfg_entry gateway_cfg[] = {
    {"NATS_URL", MC_CFG_STR, "nats://127.0.0.1:4222", false, false, 0, 0, "NATS server URL"},
    {"GATEWAY_LISTEN", MC_CFG_STR, "8080", false, false, 0, 0,
     "civetweb listening_ports, e.g. 8080 or 127.0.0.1:8080 (plain HTTP; TLS ends in front)"},
    {"GATEWAY_THREADS", MC_CFG_INT, "128", false, false, 2, 512, "HTTP worker threads"},
    {"GATEWAY_REQUEST_TIMEOUT_MS", MC_CFG_INT, "5000", false, false, 100, 60000,
     "deadline of one NATS request"},
    {"GATEWAY_MAX_BODY_BYTES", MC_CFG_INT, "6291456", false, false, 1024, 7340032,
     "largest request body; uploads above it get 413 (NATS max_payload is 8 MB)"},
    {"LOG_LEVEL", MC_CFG_STR, "info", false, false, 0, 0, "error|warn|info|debug"},
    {"LOG_FORMAT", MC_CFG_STR, "json", false, false, 0, 0, "json|text"},
};
const int gateway_n_cfg = sizeof gateway_cfg / sizeof gateway_cfg[0];
