/* SPDX-License-Identifier: Apache-2.0 */
#include "mc/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mc/log.h"

static _Thread_local char err_text[512];

mc_status mc_err_set(mc_status st, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err_text, sizeof err_text, fmt, ap);
    va_end(ap);
    return st;
}

const char *mc_err_text(void)
{
    return err_text;
}

const char *mc_status_code(mc_status st)
{
    static const char *const codes[] = {
        [MC_OK] = "ok",
        [MC_E_INVALID] = "invalid_argument",
        [MC_E_NOT_FOUND] = "not_found",
        [MC_E_CONFLICT] = "conflict",
        [MC_E_FORBIDDEN] = "forbidden",
        [MC_E_UNAUTH] = "unauthenticated",
        [MC_E_TOO_LARGE] = "payload_too_large",
        [MC_E_UNAVAILABLE] = "unavailable",
        [MC_E_TIMEOUT] = "timeout",
        [MC_E_DB] = "unavailable",
        [MC_E_INTERNAL] = "internal",
        [MC_E_NOT_IMPLEMENTED] = "not_implemented",
        [MC_E_RATE_LIMITED] = "too_many_requests",
        [MC_E_METHOD_NOT_ALLOWED] = "method_not_allowed",
    };

    if ((unsigned)st >= sizeof codes / sizeof codes[0])
        return "internal";
    return codes[st];
}

static void die_oom(size_t n)
{
    mc_log_error(NULL, "out of memory", MC_KV_INT("bytes", (long long)n));
    abort();
}

void *mc_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);

    if (p == NULL)
        die_oom(n);
    return p;
}

void *mc_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);

    if (p == NULL)
        die_oom(n * size);
    return p;
}

void *mc_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);

    if (q == NULL)
        die_oom(n);
    return q;
}

char *mc_xstrdup(const char *s)
{
    return mc_xstrndup(s, strlen(s));
}

char *mc_xstrndup(const char *s, size_t n)
{
    char *p = mc_xmalloc(n + 1);

    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *mc_xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *out = NULL;
    int n;

    va_start(ap, fmt);
    n = vasprintf(&out, fmt, ap);
    va_end(ap);
    if (n < 0)
        die_oom(0);
    return out;
}

void mc_assert_fail(const char *what, const char *file, int line)
{
    mc_log_error(NULL, "assertion failed", MC_KV_STR("cond", what), MC_KV_STR("file", file),
                 MC_KV_INT("line", line));
    abort();
}
