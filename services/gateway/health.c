/* SPDX-License-Identifier: Apache-2.0 */
/* /healthz and /metrics: the gateway asks each service over NATS and reports what it heard. */
#include "gateway.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mc/bus.h"
#include "mc/json.h"

static const char *const services[] = {"identity", "docketing",  "documents",
                                       "hearings", "signatures", "enforcement"};
#define N_SERVICES (sizeof services / sizeof services[0])

/* The service's JSON answer whatever its status (a degraded service still says why), or NULL
 * when nobody answered. */
static json_t *ask(struct gateway *gw, const char *svc, const char *what, int timeout_ms)
{
    char subject[64];
    struct mc_call c = {.subject = subject, .body = "{}", .body_len = 2, .timeout_ms = timeout_ms};
    struct mc_reply r = {0};
    json_t *reply = NULL;

    snprintf(subject, sizeof subject, "%s.%s", svc, what);
    if (mc_bus_call(gw->nc, &c, &r) == MC_OK)
        reply = json_loadb(r.data, r.len, 0, NULL);
    mc_reply_cleanup(&r);
    return reply;
}

bool gw_health(struct gateway *gw, json_t **out_body)
{
    json_t *states = json_object();
    bool is_ok = true;

    for (size_t i = 0; i < N_SERVICES; i++) {
        json_t *h = ask(gw, services[i], "health", 1000);
        const char *s = h ? mc_json_str(h, "status") : NULL;

        json_object_set_new(states, services[i], json_string(s ? s : "unreachable"));
        is_ok = is_ok && s && strcmp(s, "ok") == 0;
        json_decref(h);
    }
    *out_body =
        mc_json_xpack("{s:s, s:o}", "status", is_ok ? "ok" : "degraded", "services", states);
    return is_ok;
}

static void append(char **buf, size_t *len, const char *fmt, ...) MC_PRINTF(3, 4);
static void append(char **buf, size_t *len, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    *buf = mc_xrealloc(*buf, *len + (size_t)n + 1);
    memcpy(*buf + *len, line, (size_t)n + 1);
    *len += (size_t)n;
}

static void append_service(char **buf, size_t *len, const char *svc, const json_t *stats)
{
    const char *subject;
    json_t *r;

    json_object_foreach(json_object_get(stats, "routes"), subject, r)
    {
        append(buf, len, "mc_requests_total{service=\"%s\",subject=\"%s\"} %lld\n", svc, subject,
               mc_json_int(r, "requests", 0));
        append(buf, len, "mc_request_errors_total{service=\"%s\",subject=\"%s\"} %lld\n", svc,
               subject, mc_json_int(r, "errors", 0));
        append(buf, len, "mc_request_seconds_sum{service=\"%s\",subject=\"%s\"} %.6f\n", svc,
               subject, (double)mc_json_int(r, "us_total", 0) / 1e6);
    }
    append(buf, len, "mc_events_published_total{service=\"%s\"} %lld\n", svc,
           mc_json_int(stats, "events_published", 0));
    append(buf, len, "mc_events_consumed_total{service=\"%s\"} %lld\n", svc,
           mc_json_int(stats, "events_consumed", 0));
}

char *gw_metrics(struct gateway *gw)
{
    char *buf = mc_xstrdup("");
    size_t len = 0;

    for (size_t i = 0; i < N_SERVICES; i++) {
        json_t *s = ask(gw, services[i], "stats", 1000);

        append(&buf, &len, "mc_service_up{service=\"%s\"} %d\n", services[i], s ? 1 : 0);
        if (s)
            append_service(&buf, &len, services[i], s);
        json_decref(s);
    }
    return buf;
}
