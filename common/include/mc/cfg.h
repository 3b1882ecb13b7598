/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Configuration from environment variables only. Each service declares a table of entries; one
 * call in main reads them all, reports every bad or missing variable in one pass and logs the
 * effective configuration with secrets masked. This is the only place that calls getenv.
 */
#ifndef MC_COMMON_CFG_H
#define MC_COMMON_CFG_H

#include <stdbool.h>

#include "mc/status.h"

enum mc_cfg_type { MC_CFG_STR, MC_CFG_INT };

struct mc_cfg_entry {
    const char *name; /* the environment variable */
    enum mc_cfg_type type;
    const char *def; /* default; NULL means none */
    bool required;
    bool secret;        /* masked when the config is logged */
    long long min, max; /* for MC_CFG_INT; both 0 means unbounded */
    const char *help;   /* one line for the service README */
};

#define MC_CFG_MAX 32

/* The loaded values, indexed like the table. */
struct mc_cfg {
    const struct mc_cfg_entry *table;
    int n;
    const char *str[MC_CFG_MAX]; /* borrowed from the environment or the table */
    long long num[MC_CFG_MAX];
};

/*
 * Reads every entry of table (n entries). On failure prints one line per problem to stderr and
 * returns MC_E_INVALID; main then exits with code 2.
 */
mc_status mc_cfg_load(const struct mc_cfg_entry *table, int n, struct mc_cfg *out) MC_MUSTCHECK;

/* Looks a value up by variable name; aborts on a name that is not in the table (a bug). */
const char *mc_cfg_str(const struct mc_cfg *cfg, const char *name);
long long mc_cfg_int(const struct mc_cfg *cfg, const char *name);

/* Logs the effective configuration at info, secrets masked. */
void mc_cfg_log(const struct mc_cfg *cfg);

#endif
