/* SPDX-License-Identifier: Apache-2.0 */
#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>
#include <time.h>

#include <curl/curl.h>
#include <libpq-fe.h>

const char *const tc_plaintiff_idn = "330203198503122011", *const tc_plaintiff_name = "陈明",
                  *const tc_plaintiff_phone = "13800000001";
const char *const tc_defendant_idn = "330205199007183023", *const tc_defendant_name = "王芳",
                  *const tc_defendant_phone = "13900000002";

const char *tc_env(const char *name, const char *def)
{
    const char *v = getenv(name);

    return v && *v ? v : def;
}

void tc_resp_cleanup(struct tc_resp *r)
{
    json_decref(r->json);
    free(r->body);
    r->json = NULL;
    r->body = NULL;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    struct tc_resp *r = ud;
    size_t len = size * n, have = strlen(r->headers);

    if (have + len < sizeof r->headers) {
        memcpy(r->headers + have, p, len);
        r->headers[have + len] = '\0';
    }
    return len;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    struct tc_resp *r = ud;
    size_t len = size * n;

    r->body = realloc(r->body, r->body_len + len + 1);
    memcpy(r->body + r->body_len, p, len);
    r->body_len += len;
    r->body[r->body_len] = '\0';
    return len;
}

/*
 * Every JSON answer is appended to $MC_STATE_DIR/http.jsonl for the contract check
 * (tests/contract/check_http.mjs): errors against the envelope and proto/errors.md, bodies of
 * routes with a schema against proto/openapi.yaml. Appends are whole lines (O_APPEND).
 */
static void record_exchange(const char *method, const char *path, const struct tc_resp *r)
{
    char file[512];
    json_t *line;
    char *text;
    FILE *f;

    if (r->json == NULL || getenv("MC_STATE_DIR") == NULL)
        return;
    snprintf(file, sizeof file, "%s/http.jsonl", getenv("MC_STATE_DIR"));
    line = json_pack("{s:s, s:s, s:i, s:O}", "method", method, "path", path, "status", r->status,
                     "body", r->json);
    text = json_dumps(line, JSON_COMPACT);
    f = fopen(file, "a");
    if (f && text) {
        fprintf(f, "%s\n", text);
        fclose(f);
    } else if (f) {
        fclose(f);
    }
    free(text);
    json_decref(line);
}

static struct tc_resp perform_with(const char *method, const char *path, const char *token,
                                   const char *ctype, const void *data, size_t len,
                                   const char *extra_header);

static struct tc_resp perform(const char *method, const char *path, const char *token,
                              const char *ctype, const void *data, size_t len)
{
    return perform_with(method, path, token, ctype, data, len, NULL);
}

struct tc_resp tc_call_idempotent(const char *method, const char *path, const char *token,
                                  const char *json, const char *key)
{
    char header[256];

    snprintf(header, sizeof header, "Idempotency-Key: %s", key);
    return perform_with(method, path, token, NULL, json, json ? strlen(json) : 0, header);
}

static struct tc_resp perform_with(const char *method, const char *path, const char *token,
                                   const char *ctype, const void *data, size_t len,
                                   const char *extra_header)
{
    struct tc_resp r = {0};
    struct curl_slist *h = NULL;
    char url[1024], auth[4200], ct[160];
    CURL *c = curl_easy_init();
    char *type = NULL;
    long code = 0;

    snprintf(url, sizeof url, "%s%s", tc_env("GATEWAY_URL", "http://127.0.0.1:8080"), path);
    if (token) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
        h = curl_slist_append(h, auth);
    }
    snprintf(ct, sizeof ct, "Content-Type: %s", ctype ? ctype : "application/json");
    h = curl_slist_append(h, ct);
    h = curl_slist_append(h, "Expect:");
    if (extra_header)
        h = curl_slist_append(h, extra_header);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    if (data) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, data);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    }
    if (curl_easy_perform(c) == CURLE_OK) {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type);
        r.status = (int)code;
        snprintf(r.ctype, sizeof r.ctype, "%s", type ? type : "");
    }
    if (r.body && strncmp(r.ctype, "application/json", 16) == 0)
        r.json = json_loadb(r.body, r.body_len, 0, NULL);
    record_exchange(method, path, &r);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return r;
}

struct tc_resp tc_call(const char *method, const char *path, const char *token, const char *json)
{
    return perform(method, path, token, NULL, json, json ? strlen(json) : 0);
}

struct tc_resp tc_call_json(const char *method, const char *path, const char *token,
                            const json_t *body)
{
    char *text = json_dumps(body, JSON_COMPACT);
    struct tc_resp r = tc_call(method, path, token, text);

    free(text);
    return r;
}

struct tc_resp tc_post_raw(const char *path, const char *token, const char *ctype, const void *data,
                           size_t len)
{
    return perform("POST", path, token, ctype, data, len);
}

char *tc_read_file(const char *path, size_t *out_len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n + 1);
        if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        } else {
            buf[n] = '\0';
            *out_len = (size_t)n;
        }
    }
    fclose(f);
    return buf;
}

int tc_staff_ensure(const char *username, const char *role, const char *court, const char *name)
{
    char cmd[1024];

    snprintf(cmd, sizeof cmd,
             "%s/bin/microcourt-admin staff add --username '%s' --password 'correct horse "
             "battery' --role %s --court '%s' --name '%s' >/dev/null 2>&1 || "
             "%s/bin/microcourt-admin staff add --username '%s' --password x --role %s "
             "--court '%s' --name x 2>&1 | grep -q already_exists",
             tc_env("BUILD", "build"), username, role, court, name, tc_env("BUILD", "build"),
             username, role, court);
    return system(cmd) == 0 ? 0 : -1;
}

static char *take_token(struct tc_resp *r)
{
    const char *t = r->status == 201 ? json_string_value(json_object_get(r->json, "token")) : NULL;
    char *out = t ? strdup(t) : NULL;

    tc_resp_cleanup(r);
    return out;
}

char *tc_staff_token(const char *username)
{
    json_t *b = json_pack("{s:s, s:s}", "username", username, "password", "correct horse battery");
    struct tc_resp r = tc_call_json("POST", "/api/v1/staff/sessions", NULL, b);

    json_decref(b);
    return take_token(&r);
}

int tc_last_code(const char *phone, char out[8])
{
    size_t len = 0;
    char *log = tc_read_file(tc_env("MC_SMS_LOG", ".run/outbox/sms.log"), &len), *p, *hit = NULL;

    for (p = log; p && (p = strstr(p, phone)) != NULL; p++)
        hit = p;
    if (hit == NULL || (hit = strstr(hit, "验证码 ")) == NULL) {
        free(log);
        return -1;
    }
    snprintf(out, 8, "%.6s", hit + strlen("验证码 "));
    free(log);
    return 0;
}

/*
 * Tokens are kept under $MC_STATE_DIR/tokens while they have a while to run: the test programs
 * sign the same people in, and identity allows three SMS codes a minute per phone.
 */
static void cache_path(const char *id_number, char *out, size_t len)
{
    snprintf(out, len, "%s/tokens/%s", tc_env("MC_STATE_DIR", ".test"), id_number);
}

static char *cached_token(const char *id_number)
{
    char path[512];
    size_t len = 0;
    char *t;

    cache_path(id_number, path, sizeof path);
    t = tc_read_file(path, &len);
    if (t && (len < 10 || strchr(t, '.') == NULL)) {
        free(t);
        t = NULL;
    }
    return t;
}

static void cache_token(const char *id_number, const char *token)
{
    char path[512], dir[512];
    FILE *f;

    snprintf(dir, sizeof dir, "%s/tokens", tc_env("MC_STATE_DIR", ".test"));
    mkdir(dir, 0700);
    cache_path(id_number, path, sizeof path);
    f = fopen(path, "w");
    if (f) {
        fputs(token, f);
        fclose(f);
    }
}

static char *fresh_litigant_token(const char *name, const char *id_number, const char *phone);

char *tc_litigant_token(const char *name, const char *id_number, const char *phone)
{
    char *t = cached_token(id_number);

    if (t)
        return t;
    t = fresh_litigant_token(name, id_number, phone);
    if (t)
        cache_token(id_number, t);
    return t;
}

static char *fresh_litigant_token(const char *name, const char *id_number, const char *phone)
{
    json_t *b = json_pack("{s:s, s:s, s:s}", "name", name, "id_number", id_number, "phone", phone);
    struct tc_resp r = tc_call_json("POST", "/api/v1/litigants/otp", NULL, b);
    char code[8];

    json_decref(b);
    if (r.status != 201 || tc_last_code(phone, code) != 0) {
        tc_resp_cleanup(&r);
        return NULL;
    }
    tc_resp_cleanup(&r);
    b = json_pack("{s:s, s:s, s:s}", "id_number", id_number, "phone", phone, "code", code);
    r = tc_call_json("POST", "/api/v1/litigants/sessions", NULL, b);
    json_decref(b);
    return take_token(&r);
}

static json_t *filing_body(void)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:[{s:s, s:I}], s:[{s:s, s:s, s:s, s:s},"
                     " {s:s, s:s, s:s, s:s}], s:s}",
                     "court_code", "浙0203", "case_type", "民初", "cause_of_action", "民间借贷纠纷",
                     "procedure", "ordinary", "claims", "description", "判令被告归还借款本金五万元",
                     "amount_fen", (json_int_t)5000000, "parties", "role", "plaintiff", "kind",
                     "person", "name", tc_plaintiff_name, "id_number", tc_plaintiff_idn, "role",
                     "defendant", "kind", "person", "name", tc_defendant_name, "id_number",
                     tc_defendant_idn, "facts", "被告向原告借款五万元，到期未还。");
}

int tc_make_case(const char *plaintiff_token, char **out_case_id)
{
    json_t *b = filing_body();
    struct tc_resp r = tc_call_json("POST", "/api/v1/filings", plaintiff_token, b);
    char path[256], *clerk = tc_staff_token("clerk1");
    const char *id = json_string_value(json_object_get(r.json, "id"));
    int rc = -1;

    json_decref(b);
    if (r.status == 201 && id && clerk) {
        snprintf(path, sizeof path, "/api/v1/filings/%s/decision", id);
        tc_resp_cleanup(&r);
        r = tc_call("POST", path, clerk, "{\"decision\":\"accept\"}");
        id = json_string_value(json_object_get(json_object_get(r.json, "case"), "id"));
        if (r.status == 200 && id) {
            *out_case_id = strdup(id);
            snprintf(path, sizeof path, "/api/v1/cases/%s/assignment", id);
            tc_resp_cleanup(&r);
            r = tc_call("POST", path, clerk, "{\"judge\":\"judge1\"}");
            rc = r.status == 200 ? 0 : -1;
        }
    }
    tc_resp_cleanup(&r);
    free(clerk);
    return rc;
}

long long tc_sql_count(const char *svc, const char *sql)
{
    char url[512];
    PGconn *c;
    PGresult *res;
    long long n = -1;

    snprintf(url, sizeof url, "%s/mc_%s",
             tc_env("MC_PG_URL", "postgresql://postgres@127.0.0.1:15432"), svc);
    c = PQconnectdb(url);
    res = PQexec(c, sql);
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
        n = atoll(PQgetvalue(res, 0, 0));
    PQclear(res);
    PQfinish(c);
    return n;
}

int tc_year_cn(void)
{
    time_t t = time(NULL) + 8 * 3600;
    struct tm tm;

    gmtime_r(&t, &tm);
    return tm.tm_year + 1900;
}
