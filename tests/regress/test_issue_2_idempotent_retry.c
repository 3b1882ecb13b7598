/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Regression (issue 2): a request the gateway answered with 503 timeout could still complete in
 * the service (a stalled process that resumed), and the client's retry did the work twice.
 * Holds: a retry with the same Idempotency-Key gets the first answer and changes nothing more,
 * including after a stall that turned the first try into a 503.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "harness.h"
#include "support/client.h"

static char *plaintiff, *judge;

static const char *filing_json(void)
{
    static char body[1024];

    snprintf(
        body, sizeof body,
        "{\"court_code\":\"浙0203\",\"case_type\":\"民初\",\"cause_of_action\":\"民间借贷纠纷\","
        "\"claims\":[{\"description\":\"还款\",\"amount_fen\":100000}],\"parties\":["
        "{\"role\":\"plaintiff\",\"kind\":\"person\",\"name\":\"%s\",\"id_number\":\"%s\"},"
        "{\"role\":\"defendant\",\"kind\":\"person\",\"name\":\"%s\",\"id_number\":\"%s\"}],"
        "\"facts\":\"借款未还\"}",
        tc_plaintiff_name, tc_plaintiff_idn, tc_defendant_name, tc_defendant_idn);
    return body;
}

static long long filings(void)
{
    return tc_sql_count("docketing", "SELECT count(*) FROM filings");
}

static void test_same_key_same_answer(void)
{
    long long before;
    char key[64], first[64] = "";
    struct tc_resp r;

    curl_global_init(CURL_GLOBAL_ALL);
    plaintiff = tc_litigant_token(tc_plaintiff_name, tc_plaintiff_idn, tc_plaintiff_phone);
    judge = tc_staff_token("judge1");
    before = filings();
    snprintf(key, sizeof key, "filing-%ld", (long)getpid());
    r = tc_call_idempotent("POST", "/api/v1/filings", plaintiff, filing_json(), key);
    CHECK_INT(201, r.status);
    snprintf(first, sizeof first, "%s", json_string_value(json_object_get(r.json, "id")) ?: "");
    tc_resp_cleanup(&r);
    r = tc_call_idempotent("POST", "/api/v1/filings", plaintiff, filing_json(), key);
    CHECK_INT(201, r.status);
    CHECK_STR(first, json_string_value(json_object_get(r.json, "id")));
    tc_resp_cleanup(&r);
    CHECK_INT(before + 1, filings());
    /* Another key is another request. */
    strcat(key, "-b");
    r = tc_call_idempotent("POST", "/api/v1/filings", plaintiff, filing_json(), key);
    CHECK_INT(201, r.status);
    CHECK(strcmp(first, json_string_value(json_object_get(r.json, "id")) ?: "") != 0);
    tc_resp_cleanup(&r);
    CHECK_INT(before + 2, filings());
    /* The same key for a different request is refused, not answered with the first answer. */
    {
        char other[1100];

        snprintf(other, sizeof other, "%s", filing_json());
        *strstr(other, "100000") = '2';
        r = tc_call_idempotent("POST", "/api/v1/filings", plaintiff, other, key);
        CHECK_INT(409, r.status);
        CHECK_STR("idempotency_key_reused",
                  json_string_value(json_object_get(json_object_get(r.json, "error"), "code")));
        tc_resp_cleanup(&r);
    }
    CHECK_INT(before + 2, filings());
    r = tc_call_idempotent("POST", "/api/v1/filings", plaintiff, filing_json(), "bad key!");
    CHECK_INT(400, r.status);
    tc_resp_cleanup(&r);
    CHECK_INT(before + 2, filings());
}

static pid_t hearings_pid(void)
{
    char path[512];
    size_t len = 0;
    char *text;
    pid_t pid;

    snprintf(path, sizeof path, "%s/hearings.pid", tc_env("MC_STATE_DIR", ".test"));
    text = tc_read_file(path, &len);
    pid = text ? (pid_t)atol(text) : 0;
    free(text);
    return pid;
}

static void test_retry_after_stall(void)
{
    char *case_id = NULL, path[160], body[256], key[64], sql[256], hearing[64] = "x";
    pid_t pid = hearings_pid();
    struct tc_resp r;
    long long seq;

    CHECK(pid > 0);
    CHECK_INT(0, tc_make_case(plaintiff, &case_id));
    snprintf(path, sizeof path, "/api/v1/cases/%s/hearings", case_id ? case_id : "x");
    r = tc_call("POST", path, judge,
                "{\"kind\":\"mediation\",\"starts_at\":\"2026-12-01T08:00:00Z\"}");
    CHECK_INT(201, r.status);
    snprintf(hearing, sizeof hearing, "%s",
             json_string_value(json_object_get(r.json, "id")) ?: "x");
    snprintf(path, sizeof path, "/api/v1/hearings/%s/messages", hearing);
    tc_resp_cleanup(&r);
    snprintf(body, sizeof body, "{\"text\":\"双方请陈述意见。\"}");
    snprintf(key, sizeof key, "message-%ld", (long)getpid());
    /* The service stalls past the gateway's deadline, then goes on with the request. */
    kill(pid, SIGSTOP);
    r = tc_call_idempotent("POST", path, judge, body, key);
    CHECK_INT(503, r.status);
    tc_resp_cleanup(&r);
    kill(pid, SIGCONT);
    sleep(1);
    r = tc_call_idempotent("POST", path, judge, body, key);
    CHECK_INT(201, r.status);
    seq = json_integer_value(json_object_get(r.json, "seq"));
    tc_resp_cleanup(&r);
    CHECK_INT(1, seq);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM hearing_messages WHERE hearing_id = '%s'",
             hearing);
    CHECK_INT(1, tc_sql_count("hearings", sql));
    free(case_id);
}

TH_MAIN(TH_CASE(test_same_key_same_answer), TH_CASE(test_retry_after_stall))
