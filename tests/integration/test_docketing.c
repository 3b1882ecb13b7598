/* SPDX-License-Identifier: Apache-2.0 */
/* Filing, the clerk's decision, case numbers and access rules, through the gateway. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "harness.h"
#include "support/client.h"

static char *plaintiff, *defendant, *clerk, *other_clerk;

static json_t *filing(const char *plaintiff_idn, long long amount_fen)
{
    return json_pack("{s:s, s:s, s:s, s:[{s:s, s:I}], s:[{s:s, s:s, s:s, s:s},"
                     " {s:s, s:s, s:s, s:s}], s:s}",
                     "court_code", "浙0203", "case_type", "民初", "cause_of_action", "民间借贷纠纷",
                     "claims", "description", "归还借款", "amount_fen", (json_int_t)amount_fen,
                     "parties", "role", "plaintiff", "kind", "person", "name", tc_plaintiff_name,
                     "id_number", plaintiff_idn, "role", "defendant", "kind", "person", "name",
                     tc_defendant_name, "id_number", tc_defendant_idn, "facts", "借款到期未还");
}

static long long count_filings(void)
{
    return tc_sql_count("docketing", "SELECT count(*) FROM filings");
}

static void setup(void)
{
    curl_global_init(CURL_GLOBAL_ALL);
    plaintiff = tc_litigant_token(tc_plaintiff_name, tc_plaintiff_idn, tc_plaintiff_phone);
    defendant = tc_litigant_token(tc_defendant_name, tc_defendant_idn, tc_defendant_phone);
    clerk = tc_staff_token("clerk1");
    other_clerk = tc_staff_token("clerk9");
    CHECK(plaintiff && defendant && clerk && other_clerk);
}

static void test_filing_fee_and_deadline(void)
{
    json_t *b = filing(tc_plaintiff_idn, 5000000);
    struct tc_resp r = tc_call_json("POST", "/api/v1/filings", plaintiff, b);
    json_t *fee = json_object_get(r.json, "fee");

    CHECK_INT(201, r.status);
    CHECK_STR("submitted", json_string_value(json_object_get(r.json, "status")));
    /* 诉讼费用交纳办法 Art.13(1): 50 + (50,000 - 10,000) * 2.5% = 1,050 yuan. */
    CHECK_INT(105000, json_integer_value(json_object_get(fee, "fen")));
    CHECK_INT(10, (long long)strlen(json_string_value(json_object_get(r.json, "decide_by"))));
    tc_resp_cleanup(&r);
    json_decref(b);
}

static void expect_error(const char *token, const char *body, int status, const char *code,
                         const char *field)
{
    struct tc_resp r = tc_call("POST", "/api/v1/filings", token, body);
    json_t *err = json_object_get(r.json, "error");

    CHECK_INT(status, r.status);
    CHECK_STR(code, json_string_value(json_object_get(err, "code")));
    if (field)
        CHECK_STR(field, json_string_value(json_object_get(err, "field")));
    tc_resp_cleanup(&r);
}

static void test_bad_filings_change_nothing(void)
{
    json_t *b = filing("11010519491231002x", 100);
    char *text = json_dumps(b, 0);
    long long before = count_filings();

    expect_error(plaintiff, "{\"court_code\":", 400, "invalid_json", NULL);
    expect_error(plaintiff, "{\"court_code\":7}", 400, "invalid_argument", "court_code");
    expect_error(plaintiff, text, 400, "invalid_id_number", "parties[0]");
    expect_error(NULL, "{}", 401, "unauthenticated", NULL);
    free(text);
    json_decref(b);
    b = filing(tc_plaintiff_idn, -5);
    text = json_dumps(b, 0);
    expect_error(plaintiff, text, 400, "invalid_amount", "claims[0].amount_fen");
    free(text);
    json_object_set_new(b, "court_code", json_string("浙9999"));
    json_object_set_new(json_array_get(json_object_get(b, "claims"), 0), "amount_fen",
                        json_integer(100));
    text = json_dumps(b, 0);
    expect_error(plaintiff, text, 400, "unknown_court", "court_code");
    free(text);
    json_decref(b);
    /* A litigant cannot file in someone else's name. */
    b = filing(tc_plaintiff_idn, 100);
    text = json_dumps(b, 0);
    expect_error(defendant, text, 403, "not_a_party", "parties");
    free(text);
    json_decref(b);
    CHECK(before >= 0);
    CHECK_INT(before, count_filings());
}

struct accept_job {
    char filing_id[64];
    char number[128];
    int status;
};

static void *accept_one(void *arg)
{
    struct accept_job *j = arg;
    char path[160];
    struct tc_resp r;

    snprintf(path, sizeof path, "/api/v1/filings/%s/decision", j->filing_id);
    r = tc_call("POST", path, clerk, "{\"decision\":\"accept\"}");
    j->status = r.status;
    snprintf(j->number, sizeof j->number, "%s",
             json_string_value(json_object_get(json_object_get(r.json, "case"), "number")) ?: "");
    tc_resp_cleanup(&r);
    return NULL;
}

static int seq_of(const char *number)
{
    const char *p = strstr(number, "民初");

    return p ? atoi(p + strlen("民初")) : -1;
}

static void test_concurrent_accepts_get_consecutive_numbers(void)
{
    struct accept_job jobs[4];
    pthread_t th[4];
    int seqs[4], min = 1 << 30;
    char prefix[64];

    snprintf(prefix, sizeof prefix, "(%d)浙0203民初", tc_year_cn());

    for (int i = 0; i < 4; i++) {
        json_t *b = filing(tc_plaintiff_idn, 1000000 + i);
        struct tc_resp r = tc_call_json("POST", "/api/v1/filings", plaintiff, b);

        snprintf(jobs[i].filing_id, sizeof jobs[i].filing_id, "%s",
                 json_string_value(json_object_get(r.json, "id")) ?: "none");
        tc_resp_cleanup(&r);
        json_decref(b);
    }
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, accept_one, &jobs[i]);
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        CHECK_INT(200, jobs[i].status);
        seqs[i] = seq_of(jobs[i].number);
        CHECK(strncmp(jobs[i].number, prefix, strlen(prefix)) == 0);
        min = seqs[i] < min ? seqs[i] : min;
    }
    /* Four distinct numbers with no gap: min, min+1, min+2, min+3 in some order. */
    for (int want = min; want < min + 4; want++) {
        int hits = 0;

        for (int i = 0; i < 4; i++)
            hits += seqs[i] == want;
        CHECK_INT(1, hits);
    }
}

static void test_decision_rules(void)
{
    json_t *b = filing(tc_plaintiff_idn, 100);
    struct tc_resp r = tc_call_json("POST", "/api/v1/filings", plaintiff, b);
    char path[160];

    snprintf(path, sizeof path, "/api/v1/filings/%s/decision",
             json_string_value(json_object_get(r.json, "id")));
    tc_resp_cleanup(&r);
    json_decref(b);
    r = tc_call("POST", path, other_clerk, "{\"decision\":\"accept\"}");
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    r = tc_call("POST", path, plaintiff, "{\"decision\":\"accept\"}");
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    r = tc_call("POST", path, clerk, "{\"decision\":\"reject\"}");
    CHECK_INT(400, r.status);
    CHECK_STR("reason",
              json_string_value(json_object_get(json_object_get(r.json, "error"), "field")));
    tc_resp_cleanup(&r);
    r = tc_call("POST", path, clerk, "{\"decision\":\"reject\",\"reason\":\"不属于本院管辖\"}");
    CHECK_INT(200, r.status);
    CHECK_STR("rejected", json_string_value(json_object_get(r.json, "status")));
    tc_resp_cleanup(&r);
    r = tc_call("POST", path, clerk, "{\"decision\":\"accept\"}");
    CHECK_INT(409, r.status);
    CHECK_STR("already_decided",
              json_string_value(json_object_get(json_object_get(r.json, "error"), "code")));
    tc_resp_cleanup(&r);
}

static void test_case_access(void)
{
    char *case_id = NULL, path[160];
    char *stranger = tc_litigant_token("路人", "33010619780101451X", "13700000003");
    struct tc_resp r;

    CHECK_INT(0, tc_make_case(plaintiff, &case_id));
    snprintf(path, sizeof path, "/api/v1/cases/%s", case_id ? case_id : "x");
    r = tc_call("GET", path, defendant, NULL);
    CHECK_INT(200, r.status);
    CHECK_STR("assigned", json_string_value(json_object_get(r.json, "status")));
    CHECK_STR("李法官", json_string_value(json_object_get(r.json, "judge_name")));
    /* The defendant sees the plaintiff's ID number masked. */
    CHECK_STR("330203**********11",
              json_string_value(json_object_get(
                  json_array_get(json_object_get(r.json, "parties"), 0), "id_number")));
    tc_resp_cleanup(&r);
    r = tc_call("GET", path, stranger, NULL);
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    r = tc_call("GET", path, other_clerk, NULL);
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    r = tc_call("GET", "/api/v1/cases/not-a-uuid", clerk, NULL);
    CHECK_INT(404, r.status);
    /* Answers are never sniffed or rendered as pages by a browser. */
    CHECK(strstr(r.headers, "X-Content-Type-Options: nosniff") != NULL);
    CHECK(strstr(r.headers, "Content-Security-Policy: default-src 'none'") != NULL);
    CHECK(strstr(r.headers, "X-Request-Id: ") != NULL);
    tc_resp_cleanup(&r);
    free(case_id);
    free(stranger);
}

static void test_gateway_edges(void)
{
    struct tc_resp r = tc_call("GET", "/api/v1/nowhere", NULL, NULL);
    size_t big = 7u << 20;
    char *blob = calloc(1, big);

    CHECK_INT(404, r.status);
    tc_resp_cleanup(&r);
    r = tc_call("DELETE", "/api/v1/filings", plaintiff, NULL);
    CHECK_INT(405, r.status);
    CHECK_STR("method_not_allowed",
              json_string_value(json_object_get(json_object_get(r.json, "error"), "code")));
    tc_resp_cleanup(&r);
    r = tc_call("GET", "/api/v1/cases", "eyJhIjoxfQ.AAAA", NULL);
    CHECK_INT(401, r.status);
    tc_resp_cleanup(&r);
    r = tc_post_raw("/api/v1/filings", plaintiff, "application/json", blob, big);
    CHECK_INT(413, r.status);
    tc_resp_cleanup(&r);
    free(blob);
}

TH_MAIN(TH_CASE(setup), TH_CASE(test_filing_fee_and_deadline),
        TH_CASE(test_bad_filings_change_nothing),
        TH_CASE(test_concurrent_accepts_get_consecutive_numbers), TH_CASE(test_decision_rules),
        TH_CASE(test_case_access), TH_CASE(test_gateway_edges))
