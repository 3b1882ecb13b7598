/* SPDX-License-Identifier: Apache-2.0 */
#include "mc/cfg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mc/log.h"

static int load_one(const struct mc_cfg_entry *e, struct mc_cfg *cfg, int i)
{
    const char *v = getenv(e->name);
    char *end = NULL;
    long long n;

    if (v == NULL || *v == '\0')
        v = e->def;
    if (v == NULL) {
        if (!e->required)
            return 0;
        fprintf(stderr, "config: %s is required (%s)\n", e->name, e->help ? e->help : "");
        return -1;
    }
    cfg->str[i] = v;
    if (e->type != MC_CFG_INT)
        return 0;
    errno = 0;
    n = strtoll(v, &end, 10);
    if (errno != 0 || end == v || *end != '\0') {
        fprintf(stderr, "config: %s must be an integer, got \"%s\"\n", e->name, v);
        return -1;
    }
    if ((e->min || e->max) && (n < e->min || n > e->max)) {
        fprintf(stderr, "config: %s must be in %lld..%lld, got %lld\n", e->name, e->min, e->max, n);
        return -1;
    }
    cfg->num[i] = n;
    return 0;
}

mc_status mc_cfg_load(const struct mc_cfg_entry *table, int n, struct mc_cfg *out)
{
    struct mc_cfg cfg = {.table = table, .n = n};
    int n_bad = 0;

    MC_ASSERT(n <= MC_CFG_MAX);
    for (int i = 0; i < n; i++)
        if (load_one(&table[i], &cfg, i) != 0)
            n_bad++;
    if (n_bad > 0)
        return mc_err_set(MC_E_INVALID, "%d configuration problem(s)", n_bad);
    *out = cfg;
    return MC_OK;
}

static int find(const struct mc_cfg *cfg, const char *name)
{
    for (int i = 0; i < cfg->n; i++)
        if (strcmp(cfg->table[i].name, name) == 0)
            return i;
    mc_assert_fail(name, __FILE__, __LINE__);
}

const char *mc_cfg_str(const struct mc_cfg *cfg, const char *name)
{
    return cfg->str[find(cfg, name)];
}

long long mc_cfg_int(const struct mc_cfg *cfg, const char *name)
{
    return cfg->num[find(cfg, name)];
}

void mc_cfg_log(const struct mc_cfg *cfg)
{
    for (int i = 0; i < cfg->n; i++) {
        const struct mc_cfg_entry *e = &cfg->table[i];
        const char *v = cfg->str[i];

        if (v && e->secret)
            v = "***";
        mc_log_info(NULL, "config", MC_KV_STR("name", e->name), MC_KV_STR("value", v ? v : ""));
    }
}
