/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Platform benchmark: requests per second and p50/p99 latency of the main request paths through
 * the gateway, at concurrency 1 and 8, against baselines measured in the same run on the same
 * servers: a raw NATS request/reply to an echo responder in this process, and raw libpq prepared
 * statements (INSERT + COMMIT, SELECT by primary key). Prints one table, then the resident
 * memory of every process of the stack. Run by scripts/bench.sh on a private stack; it reads
 * GATEWAY_URL, NATS_URL, MC_PG_URL, MC_STATE_DIR, MC_SMS_LOG, and BENCH_N (requests per row,
 * default 2000), BENCH_SECONDS (time cap per row, default 8) and BENCH_ONLY (run only the
 * platform rows whose name contains it, for profiling). Loopback only.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <libpq-fe.h>
#include <nats/nats.h>

#include <sodium.h>

#include "mc/bus.h"
#include "support/client.h"

#define BENCH_MAX_CONC 8
#define BENCH_ECHO_SUBJECT "bench.echo"

/* What the operations share: the stack, the tokens and the objects made during setup. */
static struct {
    const char *gateway;
    char *plaintiff, *judge;
    char *case_id;
    json_t *plaintiff_claims, *case_params; /* for calling docketing directly over NATS */
    char hearing_id[40], doc_id[40];
    natsConnection *nc; /* shared by the NATS baseline's clients */
    natsConnection *echo_nc;
    natsSubscription *echo_sub;
    char pg_url[512];
    atomic_long seq; /* unique keys for the INSERT baseline */
} g;

/* One client thread's connections, kept for the whole row (keep-alive). */
struct bench_worker {
    CURL *curl;
    struct curl_slist *hdr;
    PGconn *pg;
    char *body;
    size_t body_len;
};

/* A measured operation: fn makes request i, 0 when the reply was what it should be. */
struct bench_op {
    const char *name;
    int (*fn)(struct bench_worker *w, long i);
    bool use_pg;
    const char *token_kind; /* "plaintiff", "judge" or NULL: which bearer token HTTP sends */
};

/* One row of the table. */
struct bench_row {
    const char *name;
    int conc;
    long done, errors;
    double rps, p50, p99;
    const char *base; /* the baseline it is compared with, or NULL */
    double base_p50, base_rps;
};

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* ---------------------------------------------------------------- HTTP through the gateway */

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    struct bench_worker *w = ud;
    size_t len = size * n;
    char *nb = realloc(w->body, w->body_len + len + 1);

    if (nb == NULL)
        return 0;
    w->body = nb;
    memcpy(w->body + w->body_len, p, len);
    w->body_len += len;
    w->body[w->body_len] = '\0';
    return len;
}

/* Sends one request on the worker's kept-alive handle; the HTTP status, 0 when none came. */
static long http_do(struct bench_worker *w, const char *method, const char *path, const char *json)
{
    char url[512];
    long code = 0;

    snprintf(url, sizeof url, "%s%s", g.gateway, path);
    w->body_len = 0;
    curl_easy_setopt(w->curl, CURLOPT_URL, url);
    curl_easy_setopt(w->curl, CURLOPT_CUSTOMREQUEST, method);
    if (json) {
        curl_easy_setopt(w->curl, CURLOPT_POSTFIELDS, json);
        curl_easy_setopt(w->curl, CURLOPT_POSTFIELDSIZE, (long)strlen(json));
    } else {
        curl_easy_setopt(w->curl, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(w->curl, CURLOPT_CUSTOMREQUEST, method);
    }
    if (curl_easy_perform(w->curl) == CURLE_OK)
        curl_easy_getinfo(w->curl, CURLINFO_RESPONSE_CODE, &code);
    return code;
}

static int op_case_get(struct bench_worker *w, long i)
{
    char path[160];

    (void)i;
    snprintf(path, sizeof path, "/api/v1/cases/%s", g.case_id);
    return http_do(w, "GET", path, NULL) == 200 ? 0 : -1;
}

static const char filing_json[] =
    "{\"court_code\":\"浙0203\",\"case_type\":\"民初\",\"cause_of_action\":\"民间借贷纠纷\","
    "\"procedure\":\"ordinary\",\"claims\":[{\"description\":\"判令被告归还借款本金五万元\","
    "\"amount_fen\":5000000}],\"parties\":[{\"role\":\"plaintiff\",\"kind\":\"person\","
    "\"name\":\"陈明\",\"id_number\":\"330203198503122011\"},{\"role\":\"defendant\","
    "\"kind\":\"person\",\"name\":\"王芳\",\"id_number\":\"330205199007183023\"}],"
    "\"facts\":\"被告向原告借款五万元，到期未还。\"}";

/* No such route: the gateway answers 404 itself (HTTP and routing only, no NATS). */
static int op_http_only(struct bench_worker *w, long i)
{
    (void)i;
    return http_do(w, "GET", "/api/v1/bench-no-such-route", NULL) == 404 ? 0 : -1;
}

/* The service side of GET /cases/{id} without the gateway: one NATS call with the claims. */
static int op_case_get_nats(struct bench_worker *w, long i)
{
    struct mc_call c = {.subject = "docketing.case.get",
                        .auth = g.plaintiff_claims,
                        .params = g.case_params,
                        .timeout_ms = 5000};
    struct mc_reply r = {0};
    int rc;

    (void)w;
    (void)i;
    rc = mc_bus_call(g.nc, &c, &r) == MC_OK && r.status == 200 ? 0 : -1;
    mc_reply_cleanup(&r);
    return rc;
}

static int op_filing(struct bench_worker *w, long i)
{
    (void)i;
    return http_do(w, "POST", "/api/v1/filings", filing_json) == 201 ? 0 : -1;
}

static int op_message(struct bench_worker *w, long i)
{
    char path[160], body[96];

    snprintf(path, sizeof path, "/api/v1/hearings/%s/messages", g.hearing_id);
    snprintf(body, sizeof body, "{\"text\":\"第%ld条陈述\"}", i);
    return http_do(w, "POST", path, body) == 201 ? 0 : -1;
}

static int op_sig_list(struct bench_worker *w, long i)
{
    char path[160];

    (void)i;
    snprintf(path, sizeof path, "/api/v1/documents/%s/signatures", g.doc_id);
    return http_do(w, "GET", path, NULL) == 200 ? 0 : -1;
}

/* ---------------------------------------------------------------- baselines */

static void on_echo(natsConnection *nc, natsSubscription *sub, natsMsg *msg, void *closure)
{
    (void)sub;
    (void)closure;
    if (natsMsg_GetReply(msg))
        natsConnection_Publish(nc, natsMsg_GetReply(msg), natsMsg_GetData(msg),
                               natsMsg_GetDataLength(msg));
    natsMsg_Destroy(msg);
}

static int op_nats_echo(struct bench_worker *w, long i)
{
    static const char payload[] = "{\"id\":\"00000000-0000-0000-0000-000000000000\"}";
    natsMsg *reply = NULL;
    int rc;

    (void)w;
    (void)i;
    rc = natsConnection_Request(&reply, g.nc, BENCH_ECHO_SUBJECT, payload, sizeof payload - 1,
                                5000) == NATS_OK
             ? 0
             : -1;
    natsMsg_Destroy(reply);
    return rc;
}

static int pg_ok(PGresult *res, ExecStatusType want)
{
    int ok = PQresultStatus(res) == want;

    PQclear(res);
    return ok ? 0 : -1;
}

static int op_pg_insert(struct bench_worker *w, long i)
{
    char id[40];
    long k = atomic_fetch_add(&g.seq, 1) + 1;
    const char *p[2] = {id, "{\"text\":\"bench\",\"n\":1}"};

    (void)i;
    snprintf(id, sizeof id, "00000000-0000-4000-8000-%012ld", k);
    if (pg_ok(PQexec(w->pg, "BEGIN"), PGRES_COMMAND_OK) != 0)
        return -1;
    if (pg_ok(PQexecPrepared(w->pg, "ins", 2, p, NULL, NULL, 0), PGRES_COMMAND_OK) != 0) {
        pg_ok(PQexec(w->pg, "ROLLBACK"), PGRES_COMMAND_OK);
        return -1;
    }
    return pg_ok(PQexec(w->pg, "COMMIT"), PGRES_COMMAND_OK);
}

static int op_pg_select(struct bench_worker *w, long i)
{
    char id[40];
    const char *p[1] = {id};
    PGresult *res;
    int ok;

    snprintf(id, sizeof id, "00000000-0000-4000-8000-%012ld", 1 + i % 500);
    res = PQexecPrepared(w->pg, "sel", 1, p, NULL, NULL, 0);
    ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
    PQclear(res);
    return ok ? 0 : -1;
}

/* ---------------------------------------------------------------- workers and rows */

static int worker_init(struct bench_worker *w, const struct bench_op *op)
{
    char auth[4200];
    const char *tok = NULL;

    memset(w, 0, sizeof *w);
    if (op->use_pg) {
        w->pg = PQconnectdb(g.pg_url);
        if (PQstatus(w->pg) != CONNECTION_OK)
            return -1;
        pg_ok(PQprepare(w->pg, "ins", "INSERT INTO bench_kv (id, body) VALUES ($1, $2)", 2, NULL),
              PGRES_COMMAND_OK);
        pg_ok(PQprepare(w->pg, "sel", "SELECT id, body FROM bench_kv WHERE id = $1", 1, NULL),
              PGRES_COMMAND_OK);
        return 0;
    }
    if (op->token_kind)
        tok = strcmp(op->token_kind, "judge") == 0 ? g.judge : g.plaintiff;
    w->curl = curl_easy_init();
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", tok ? tok : "");
    w->hdr = curl_slist_append(NULL, auth);
    w->hdr = curl_slist_append(w->hdr, "Content-Type: application/json");
    w->hdr = curl_slist_append(w->hdr, "Expect:");
    curl_easy_setopt(w->curl, CURLOPT_HTTPHEADER, w->hdr);
    curl_easy_setopt(w->curl, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(w->curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(w->curl, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(w->curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(w->curl, CURLOPT_WRITEDATA, w);
    return 0;
}

static void worker_cleanup(struct bench_worker *w)
{
    if (w->curl)
        curl_easy_cleanup(w->curl);
    curl_slist_free_all(w->hdr);
    PQfinish(w->pg);
    free(w->body);
}

/* What the threads of one row share. lat[i] stays negative for requests never made. */
struct bench_run {
    const struct bench_op *op;
    long n;
    double deadline;
    atomic_long next, errors;
    double *lat;
};

static void *run_thread(void *arg)
{
    struct bench_run *r = arg;
    struct bench_worker w;
    long i;

    if (worker_init(&w, r->op) != 0) {
        atomic_fetch_add(&r->errors, 1);
        worker_cleanup(&w);
        return NULL;
    }
    while ((i = atomic_fetch_add(&r->next, 1)) < r->n && now_ms() < r->deadline) {
        double t0 = now_ms();

        if (r->op->fn(&w, i) != 0)
            atomic_fetch_add(&r->errors, 1);
        r->lat[i] = now_ms() - t0;
    }
    worker_cleanup(&w);
    return NULL;
}

/* Runs n requests of op (at most seconds long) on conc threads and fills row. */
static void run_row(const struct bench_op *op, int conc, long n, double seconds,
                    struct bench_row *row)
{
    struct bench_run r = {.op = op, .n = n};
    pthread_t th[BENCH_MAX_CONC];
    double t0, wall;
    long k = 0;

    r.lat = malloc(sizeof(double) * (size_t)n);
    for (long i = 0; i < n; i++)
        r.lat[i] = -1;
    t0 = now_ms();
    r.deadline = t0 + seconds * 1e3;
    for (int t = 0; t < conc; t++)
        pthread_create(&th[t], NULL, run_thread, &r);
    for (int t = 0; t < conc; t++)
        pthread_join(th[t], NULL);
    wall = now_ms() - t0;
    for (long i = 0; i < n; i++)
        if (r.lat[i] >= 0)
            r.lat[k++] = r.lat[i];
    qsort(r.lat, (size_t)k, sizeof(double), by_value);
    *row = (struct bench_row){.name = op->name,
                              .conc = conc,
                              .done = k,
                              .errors = atomic_load(&r.errors),
                              .rps = k * 1e3 / wall};
    row->p50 = k ? r.lat[k / 2] : 0;
    row->p99 = k ? r.lat[(k * 99) / 100 < k ? (k * 99) / 100 : k - 1] : 0;
    free(r.lat);
}

/* ---------------------------------------------------------------- setup */

static int setup_pg(void)
{
    PGconn *c = PQconnectdb(g.pg_url);
    int rc = -1;
    char sql[200];

    if (PQstatus(c) == CONNECTION_OK &&
        pg_ok(PQexec(c, "SET client_min_messages TO warning"), PGRES_COMMAND_OK) == 0 &&
        pg_ok(PQexec(c, "DROP TABLE IF EXISTS bench_kv"), PGRES_COMMAND_OK) == 0 &&
        pg_ok(PQexec(c, "CREATE TABLE bench_kv (id uuid PRIMARY KEY, body jsonb NOT NULL,"
                        " created_at timestamptz NOT NULL DEFAULT now())"),
              PGRES_COMMAND_OK) == 0) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO bench_kv (id, body) SELECT ('00000000-0000-4000-"
                 "8000-' || lpad(g::text, 12, '0'))::uuid, '{}' FROM "
                 "generate_series(1, 500) g");
        rc = pg_ok(PQexec(c, sql), PGRES_COMMAND_OK);
        atomic_store(&g.seq, 500);
    }
    if (rc != 0)
        fprintf(stderr, "bench: postgres setup: %s", PQerrorMessage(c));
    PQfinish(c);
    return rc;
}

static int setup_nats(void)
{
    const char *url = tc_env("NATS_URL", "nats://127.0.0.1:4222");

    if (mc_bus_connect(url, "bench-client", false, &g.nc) != MC_OK ||
        mc_bus_connect(url, "bench-echo", false, &g.echo_nc) != MC_OK ||
        natsConnection_Subscribe(&g.echo_sub, g.echo_nc, BENCH_ECHO_SUBJECT, on_echo, NULL) !=
            NATS_OK ||
        natsConnection_Flush(g.echo_nc) != NATS_OK) {
        fprintf(stderr, "bench: nats setup failed at %s\n", url);
        return -1;
    }
    return 0;
}

static void time_now(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Opens a mediation hearing on the case as the judge; 0 and out_id on success. */
static int open_hearing(char out_id[40])
{
    char path[160], body[128], when[32];
    struct tc_resp r;
    const char *id;
    int rc = -1;

    time_now(when);
    snprintf(path, sizeof path, "/api/v1/cases/%s/hearings", g.case_id);
    snprintf(body, sizeof body, "{\"kind\":\"mediation\",\"starts_at\":\"%s\"}", when);
    r = tc_call("POST", path, g.judge, body);
    id = json_string_value(json_object_get(r.json, "id"));
    if (r.status == 201 && id) {
        snprintf(out_id, 40, "%s", id);
        rc = 0;
    } else {
        fprintf(stderr, "bench: open hearing: HTTP %d %s\n", r.status, r.body ? r.body : "");
    }
    tc_resp_cleanup(&r);
    return rc;
}

/* A second hearing closed as mediated gives an agreement; the plaintiff signs it. */
static int make_signed_document(void)
{
    char hid[40], path[160];
    struct tc_resp r;
    const char *doc;
    int rc = -1;

    if (open_hearing(hid) != 0)
        return -1;
    snprintf(path, sizeof path, "/api/v1/hearings/%s/close", hid);
    r = tc_call("POST", path, g.judge,
                "{\"outcome\":\"mediated\",\"agreement_text\":\"被告于2027年1月31日前向原告归还"
                "借款人民币五万元。\"}");
    doc = json_string_value(json_object_get(r.json, "agreement_document_id"));
    if (r.status == 200 && doc) {
        snprintf(g.doc_id, sizeof g.doc_id, "%s", doc);
        tc_resp_cleanup(&r);
        snprintf(path, sizeof path, "/api/v1/documents/%s/signatures", g.doc_id);
        r = tc_call("POST", path, g.plaintiff, NULL);
        rc = r.status == 201 ? 0 : -1;
    }
    if (rc != 0)
        fprintf(stderr, "bench: agreement/sign: HTTP %d %s\n", r.status, r.body ? r.body : "");
    tc_resp_cleanup(&r);
    return rc;
}

/* The claims inside a bearer token (its first part, base64url JSON). owned; NULL if malformed. */
static json_t *claims_of(const char *token)
{
    const char *dot = strchr(token, '.');
    char buf[4096];
    size_t len = 0;

    if (dot == NULL ||
        sodium_base642bin((unsigned char *)buf, sizeof buf - 1, token, (size_t)(dot - token), NULL,
                          &len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return NULL;
    buf[len] = '\0';
    return json_loads(buf, 0, NULL);
}

static int setup_platform(void)
{
    g.gateway = tc_env("GATEWAY_URL", "http://127.0.0.1:8080");
    g.plaintiff = tc_litigant_token(tc_plaintiff_name, tc_plaintiff_idn, tc_plaintiff_phone);
    g.judge = tc_staff_token("judge1");
    if (g.plaintiff == NULL || g.judge == NULL) {
        fprintf(stderr, "bench: could not sign in (plaintiff %s, judge1 %s)\n",
                g.plaintiff ? "ok" : "failed", g.judge ? "ok" : "failed");
        return -1;
    }
    if (tc_make_case(g.plaintiff, &g.case_id) != 0) {
        fprintf(stderr, "bench: could not make a case\n");
        return -1;
    }
    g.plaintiff_claims = claims_of(g.plaintiff);
    g.case_params = json_pack("{s:s}", "id", g.case_id);
    if (g.plaintiff_claims == NULL) {
        fprintf(stderr, "bench: the plaintiff's token carries no readable claims\n");
        return -1;
    }
    if (open_hearing(g.hearing_id) != 0 || make_signed_document() != 0)
        return -1;
    return 0;
}

/* ---------------------------------------------------------------- report */

static void print_row(const struct bench_row *r)
{
    char vs[48] = "";

    if (r->base && r->base_p50 > 0 && r->rps > 0)
        snprintf(vs, sizeof vs, "%6.1fx %6.1fx  %s", r->p50 / r->base_p50, r->base_rps / r->rps,
                 r->base);
    printf("%-34s %4d %6ld %4ld %9.0f %8.2f %8.2f  %s\n", r->name, r->conc, r->done, r->errors,
           r->rps, r->p50, r->p99, vs);
}

/* Resident memory of the process whose pid is in file, in MiB; negative when unknown. */
static double rss_mib(const char *pid_file)
{
    char path[600], line[256];
    long pid = 0, kb = -1;
    FILE *f = fopen(pid_file, "r");

    if (f == NULL)
        return -1;
    if (fscanf(f, "%ld", &pid) != 1)
        pid = 0;
    fclose(f);
    snprintf(path, sizeof path, "/proc/%ld/status", pid);
    f = pid > 0 ? fopen(path, "r") : NULL;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb < 0 ? -1 : kb / 1024.0;
}

static void print_memory(const char *when)
{
    static const char *const procs[] = {"gateway",  "identity",   "docketing",   "documents",
                                        "hearings", "signatures", "enforcement", "nats"};
    const char *state = tc_env("MC_STATE_DIR", ".bench");
    char path[512];

    printf("RSS MiB %-6s", when);
    for (size_t i = 0; i < sizeof procs / sizeof procs[0]; i++) {
        double mib;

        snprintf(path, sizeof path, "%s/%s.pid", state, procs[i]);
        mib = rss_mib(path);
        if (mib >= 0)
            printf(" %s %.1f", procs[i], mib);
    }
    printf("\n");
}

/* ---------------------------------------------------------------- main */

static const struct bench_op ops_base[] = {
    {"nats echo request/reply", op_nats_echo, false, NULL},
    {"pg SELECT by pk (prepared)", op_pg_select, true, NULL},
    {"pg BEGIN+INSERT+COMMIT (prepared)", op_pg_insert, true, NULL},
    {"HTTP 404 from gateway (no NATS)", op_http_only, false, "plaintiff"},
};

/* Each platform operation with the baseline it is held against: NATS + a read or a write. */
static const struct {
    struct bench_op op;
    int pg_base; /* index into ops_base of the PostgreSQL part */
    const char *base;
} ops_platform[] = {
    {{"nats docketing.case.get (no gw)", op_case_get_nats, false, NULL}, 1, "nats+pg select"},
    {{"GET /cases/{id}", op_case_get, false, "plaintiff"}, 1, "nats+pg select"},
    {{"POST /filings", op_filing, false, "plaintiff"}, 2, "nats+pg insert"},
    {{"POST /hearings/{id}/messages", op_message, false, "plaintiff"}, 2, "nats+pg insert"},
    {{"GET /documents/{id}/signatures", op_sig_list, false, "plaintiff"}, 1, "nats+pg select"},
};

#define N_BASE (sizeof ops_base / sizeof ops_base[0])
#define N_PLAT (sizeof ops_platform / sizeof ops_platform[0])

/* Runs every row; only (BENCH_ONLY, for profiling) keeps the platform rows whose name has it. */
static void run_all(long n, double seconds, const char *only)
{
    static const int concs[] = {1, BENCH_MAX_CONC};
    struct bench_row base[N_BASE][2], row, warm;

    printf("%-34s %4s %6s %4s %9s %8s %8s  %s\n", "operation", "conc", "reqs", "err", "req/s",
           "p50 ms", "p99 ms", "p50/base  base/tput");
    for (size_t b = 0; b < N_BASE; b++) {
        for (int c = 0; c < 2; c++) {
            run_row(&ops_base[b], 1, 50, seconds, &warm);
            run_row(&ops_base[b], concs[c], n, seconds / 2, &base[b][c]);
            print_row(&base[b][c]);
        }
    }
    for (size_t p = 0; p < N_PLAT; p++) {
        if (only && strstr(ops_platform[p].op.name, only) == NULL)
            continue;
        run_row(&ops_platform[p].op, 1, 30, seconds, &warm);
        for (int c = 0; c < 2; c++) {
            const struct bench_row *nb = &base[0][c], *pb = &base[ops_platform[p].pg_base][c];

            run_row(&ops_platform[p].op, concs[c], n, seconds, &row);
            row.base = ops_platform[p].base;
            row.base_p50 = nb->p50 + pb->p50;
            row.base_rps = 1.0 / (1.0 / nb->rps + 1.0 / pb->rps);
            print_row(&row);
        }
    }
}

int main(void)
{
    long n = atol(tc_env("BENCH_N", "2000"));
    double seconds = atof(tc_env("BENCH_SECONDS", "8"));
    const char *pg = tc_env("MC_PG_URL", "postgresql://postgres@127.0.0.1:5432");

    if (n <= 0 || n > 1000000 || seconds <= 0 || seconds > 600) {
        fprintf(stderr, "bench: BENCH_N must be 1..1000000 and BENCH_SECONDS 0..600\n");
        return 2;
    }
    snprintf(g.pg_url, sizeof g.pg_url, "%s/postgres", pg);
    curl_global_init(CURL_GLOBAL_ALL);
    if (setup_pg() != 0 || setup_nats() != 0 || setup_platform() != 0)
        return 1;
    print_memory("before");
    run_all(n, seconds, getenv("BENCH_ONLY"));
    print_memory("after");
    printf("p50/base: platform p50 over the baseline's (NATS echo p50 + PostgreSQL p50) at the "
           "same concurrency;\nbase/tput: baseline req/s over platform req/s. HTTP rows keep one "
           "keep-alive connection per thread.\n");
    natsSubscription_Destroy(g.echo_sub);
    natsConnection_Destroy(g.echo_nc);
    natsConnection_Destroy(g.nc);
    free(g.plaintiff);
    free(g.judge);
    free(g.case_id);
    json_decref(g.plaintiff_claims);
    json_decref(g.case_params);
    curl_global_cleanup();
    return 0;
}
