/* SPDX-License-Identifier: Apache-2.0 */
#include "mc/log.h"

#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static const char *log_svc = "microcourt";
static enum mc_log_level log_threshold = MC_LOG_INFO;
static int log_is_text;

static const char *const level_names[] = {"error", "warn", "info", "debug"};

int mc_log_parse_level(const char *s)
{
    for (int i = 0; s && i < 4; i++)
        if (strcmp(s, level_names[i]) == 0)
            return i;
    return -1;
}

void mc_log_setup(const char *svc, const char *level, const char *format)
{
    int lvl = mc_log_parse_level(level);

    if (svc)
        log_svc = svc;
    if (lvl >= 0)
        log_threshold = (enum mc_log_level)lvl;
    log_is_text = format && strcmp(format, "text") == 0;
}

struct line {
    char buf[2048];
    size_t len;
};

static void put(struct line *l, const char *s, size_t n)
{
    if (l->len + n >= sizeof l->buf - 2)
        n = sizeof l->buf - 2 - l->len;
    memcpy(l->buf + l->len, s, n);
    l->len += n;
}

static void put_str(struct line *l, const char *s)
{
    put(l, s, strlen(s));
}

/* JSON string escaping; bytes >= 0x80 pass through so UTF-8 stays readable. */
static void put_json_str(struct line *l, const char *s)
{
    char esc[8];

    put(l, "\"", 1);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            put(l, esc, 2);
        } else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            put_str(l, esc);
        } else {
            put(l, (const char *)&c, 1);
        }
    }
    put(l, "\"", 1);
}

static void put_field(struct line *l, const char *key, const char *val)
{
    if (val == NULL)
        return;
    if (log_is_text) {
        put_str(l, " ");
        put_str(l, key);
        put_str(l, "=");
        put_str(l, val);
        return;
    }
    put_str(l, ",");
    put_json_str(l, key);
    put_str(l, ":");
    put_json_str(l, val);
}

static void put_kv(struct line *l, const struct mc_kv *kv)
{
    char num[64];

    if (kv->type == MC_KV_T_STR) {
        put_field(l, kv->key, kv->s ? kv->s : "");
        return;
    }
    if (kv->type == MC_KV_T_INT)
        snprintf(num, sizeof num, "%lld", kv->i);
    else
        snprintf(num, sizeof num, "%.3f", kv->d);
    put_str(l, log_is_text ? " " : ",");
    if (log_is_text) {
        put_str(l, kv->key);
        put_str(l, "=");
    } else {
        put_json_str(l, kv->key);
        put_str(l, ":");
    }
    put_str(l, num);
}

static void put_head(struct line *l, enum mc_log_level lvl, const char *msg)
{
    struct timeval tv;
    struct tm tm;
    char ts[40];

    gettimeofday(&tv, NULL);
    gmtime_r(&tv.tv_sec, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(ts + strlen(ts), sizeof ts - strlen(ts), ".%03ldZ", (long)(tv.tv_usec / 1000));
    if (log_is_text) {
        put_str(l, ts);
        put_str(l, " ");
        put_str(l, level_names[lvl]);
        put_str(l, " ");
        put_str(l, log_svc);
        put_str(l, ": ");
        put_str(l, msg);
        return;
    }
    put_str(l, "{\"ts\":\"");
    put_str(l, ts);
    put_str(l, "\",\"level\":\"");
    put_str(l, level_names[lvl]);
    put_str(l, "\"");
    put_field(l, "svc", log_svc);
    put_field(l, "msg", msg);
}

void mc_log_write(enum mc_log_level lvl, const struct mc_log_ctx *ctx, const char *file, int line,
                  const char *msg, const struct mc_kv *kvs)
{
    struct line l = {.len = 0};
    char where[256];

    if (lvl > log_threshold)
        return;
    put_head(&l, lvl, msg);
    if (ctx) {
        put_field(&l, "req", ctx->req_id);
        put_field(&l, "subject", ctx->subject);
        put_field(&l, "peer", ctx->peer);
    }
    for (; kvs && kvs->type != MC_KV_END; kvs++)
        put_kv(&l, kvs);
    if (lvl == MC_LOG_ERROR) {
        snprintf(where, sizeof where, "%s:%d", file, line);
        put_field(&l, "at", where);
    }
    put_str(&l, log_is_text ? "\n" : "}\n");
    if (write(STDERR_FILENO, l.buf, l.len) < 0)
        return;
}
