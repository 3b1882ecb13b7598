/* SPDX-License-Identifier: Apache-2.0 */
/*
 * JSON-line logging on stderr: one object per line, UTC timestamps, four levels. Messages are
 * constant lower-case phrases; variable data goes in typed key/value fields. Thread-safe: each
 * line is written with a single write(2). Configure once in main before threads start.
 */
#ifndef MC_COMMON_LOG_H
#define MC_COMMON_LOG_H

enum mc_log_level { MC_LOG_ERROR, MC_LOG_WARN, MC_LOG_INFO, MC_LOG_DEBUG };

/* What a line is about; every field may be NULL. Embedded first in struct mc_req. */
struct mc_log_ctx {
    const char *req_id;
    const char *subject;
    const char *peer;
};

enum mc_kv_type { MC_KV_END, MC_KV_T_STR, MC_KV_T_INT, MC_KV_T_DBL };

struct mc_kv {
    const char *key;
    enum mc_kv_type type;
    const char *s;
    long long i;
    double d;
};

#define MC_KV_STR(k, v) ((struct mc_kv){(k), MC_KV_T_STR, (v), 0, 0})
#define MC_KV_INT(k, v) ((struct mc_kv){(k), MC_KV_T_INT, NULL, (long long)(v), 0})
#define MC_KV_DBL(k, v) ((struct mc_kv){(k), MC_KV_T_DBL, NULL, 0, (double)(v)})

/* Sets the service name, threshold and format ("json" or "text"). Call before threads. */
void mc_log_setup(const char *svc, const char *level, const char *format);

/* Parses "error|warn|info|debug"; returns -1 for anything else. */
int mc_log_parse_level(const char *s);

/* Writes one line. kvs ends with an MC_KV_END entry; the macros below add it. */
void mc_log_write(enum mc_log_level lvl, const struct mc_log_ctx *ctx, const char *file, int line,
                  const char *msg, const struct mc_kv *kvs);

#define MC_LOG_(lvl, ctx, msg, ...)                                                                \
    mc_log_write((lvl), (ctx), __FILE__, __LINE__, (msg),                                          \
                 (const struct mc_kv[]){__VA_ARGS__ __VA_OPT__(, ){NULL, MC_KV_END, NULL, 0, 0}})
#define mc_log_error(ctx, msg, ...) MC_LOG_(MC_LOG_ERROR, ctx, msg, __VA_ARGS__)
#define mc_log_warn(ctx, msg, ...) MC_LOG_(MC_LOG_WARN, ctx, msg, __VA_ARGS__)
#define mc_log_info(ctx, msg, ...) MC_LOG_(MC_LOG_INFO, ctx, msg, __VA_ARGS__)
#define mc_log_debug(ctx, msg, ...) MC_LOG_(MC_LOG_DEBUG, ctx, msg, __VA_ARGS__)

#endif
