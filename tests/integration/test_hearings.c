/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hearings through the gateway: opening one on a case, the numbered message stream read and
 * resumed with ?after=N, the close with its mediation agreement stored as a PDF document, and
 * the access and state rules, each refusal shown to change nothing.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "harness.h"
#include "support/client.h"

#define STRANGER_IDN "33010619780101451X"

static char *plaintiff, *defendant, *stranger, *judge, *clerk, *officer, *other_clerk;
static char *case_id;

static const char *str(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static long long num(const json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

static const char *err_field(const struct tc_resp *r)
{
    return str(json_object_get(r->json, "error"), "field");
}

static long long count_sql(const char *sql)
{
    return tc_sql_count("hearings", sql);
}

/* An RFC 3339 time days from now, in UTC. */
static void time_in_days(int days, char out[32])
{
    time_t t = time(NULL) + (time_t)days * 86400;
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static struct tc_resp open_hearing(const char *token, const char *cid, const char *body)
{
    char path[160];

    snprintf(path, sizeof path, "/api/v1/cases/%s/hearings", cid);
    return tc_call("POST", path, token, body);
}

/* Opens a mediation hearing as the judge; owned: the hearing id. */
static char *new_hearing(void)
{
    char when[32], body[128];
    struct tc_resp r;
    char *id;

    time_in_days(1, when);
    snprintf(body, sizeof body, "{\"kind\":\"mediation\",\"starts_at\":\"%s\"}", when);
    r = open_hearing(judge, case_id, body);
    CHECK_INT(201, r.status);
    id = strdup(str(r.json, "id") ? str(r.json, "id") : "none");
    tc_resp_cleanup(&r);
    return id;
}

static struct tc_resp post_msg(const char *token, const char *hid, const char *text)
{
    char path[160];
    json_t *b = json_pack("{s:s}", "text", text);
    struct tc_resp r;

    snprintf(path, sizeof path, "/api/v1/hearings/%s/messages", hid);
    r = tc_call_json("POST", path, token, b);
    json_decref(b);
    return r;
}

static struct tc_resp list_msgs(const char *token, const char *hid, const char *query)
{
    char path[200];

    snprintf(path, sizeof path, "/api/v1/hearings/%s/messages%s", hid, query);
    return tc_call("GET", path, token, NULL);
}

static struct tc_resp close_hearing(const char *token, const char *hid, const char *body)
{
    char path[160];

    snprintf(path, sizeof path, "/api/v1/hearings/%s/close", hid);
    return tc_call("POST", path, token, body);
}

static struct tc_resp get_hearing(const char *token, const char *hid)
{
    char path[160];

    snprintf(path, sizeof path, "/api/v1/hearings/%s", hid);
    return tc_call("GET", path, token, NULL);
}

static void setup(void)
{
    curl_global_init(CURL_GLOBAL_ALL);
    plaintiff = tc_litigant_token(tc_plaintiff_name, tc_plaintiff_idn, tc_plaintiff_phone);
    defendant = tc_litigant_token(tc_defendant_name, tc_defendant_idn, tc_defendant_phone);
    stranger = tc_litigant_token("赵强", STRANGER_IDN, "13700000003");
    judge = tc_staff_token("judge1");
    clerk = tc_staff_token("clerk1");
    officer = tc_staff_token("officer1");
    other_clerk = tc_staff_token("clerk9");
    CHECK(plaintiff && defendant && stranger && judge && clerk && officer && other_clerk);
    CHECK_INT(0, tc_make_case(plaintiff, &case_id));
}

static void test_open_and_get(void)
{
    char when[32], body[128];
    struct tc_resp r, g;
    json_t *parts;

    time_in_days(3, when);
    snprintf(body, sizeof body, "{\"kind\":\"pre_trial\",\"starts_at\":\"%s\"}", when);
    r = open_hearing(clerk, case_id, body);
    CHECK_INT(201, r.status);
    CHECK_STR("open", str(r.json, "status"));
    CHECK_STR("pre_trial", str(r.json, "kind"));
    CHECK_STR(case_id, str(r.json, "case_id"));
    CHECK_STR("浙0203", str(r.json, "court_code"));
    CHECK_STR(when, str(r.json, "starts_at"));
    CHECK(str(r.json, "case_number") && strstr(str(r.json, "case_number"), "浙0203民初"));
    CHECK_INT(0, num(r.json, "last_seq"));
    parts = json_object_get(r.json, "participants");
    CHECK_INT(3, json_array_size(parts));
    CHECK_STR("plaintiff", str(json_array_get(parts, 0), "role"));
    CHECK_STR(tc_plaintiff_name, str(json_array_get(parts, 0), "name"));
    CHECK_STR("defendant", str(json_array_get(parts, 1), "role"));
    CHECK_STR("judge", str(json_array_get(parts, 2), "role"));
    CHECK_STR("李法官", str(json_array_get(parts, 2), "name"));
    CHECK(json_object_get(json_array_get(parts, 0), "id_number") == NULL);
    g = get_hearing(defendant, str(r.json, "id"));
    CHECK_INT(200, g.status);
    CHECK_STR(str(r.json, "id"), str(g.json, "id"));
    tc_resp_cleanup(&g);
    g = get_hearing(stranger, str(r.json, "id"));
    CHECK_INT(403, g.status);
    tc_resp_cleanup(&g);
    g = get_hearing(other_clerk, str(r.json, "id"));
    CHECK_INT(403, g.status);
    tc_resp_cleanup(&g);
    g = get_hearing(judge, "3f1c7a52-1111-4c1a-9d2b-000000000000");
    CHECK_INT(404, g.status);
    tc_resp_cleanup(&g);
    g = get_hearing(judge, "not-a-uuid");
    CHECK_INT(404, g.status);
    tc_resp_cleanup(&g);
    tc_resp_cleanup(&r);
}

static void expect_open_refused(const char *token, const char *cid, const char *body, int status,
                                const char *field)
{
    long long before = count_sql("SELECT count(*) FROM hearings");
    struct tc_resp r = open_hearing(token, cid, body);

    CHECK_INT(status, r.status);
    if (field)
        CHECK_STR(field, err_field(&r));
    if (r.status != status)
        fprintf(stderr, "  body was %s -> %s\n", body, r.body ? r.body : "");
    CHECK_INT(before, count_sql("SELECT count(*) FROM hearings"));
    tc_resp_cleanup(&r);
}

static void test_open_refusals(void)
{
    char when[32], far[32], past[32], ok[128], b1[128], b2[128];

    time_in_days(1, when);
    time_in_days(800, far);
    time_in_days(-400, past);
    snprintf(ok, sizeof ok, "{\"kind\":\"trial\",\"starts_at\":\"%s\"}", when);
    expect_open_refused(judge, case_id,
                        "{\"kind\":\"party\",\"starts_at\":\"2026-12-03T09:00:00Z\"}", 400, "kind");
    expect_open_refused(judge, case_id, "{\"kind\":\"trial\",\"starts_at\":\"next tuesday\"}", 400,
                        "starts_at");
    expect_open_refused(judge, case_id,
                        "{\"kind\":\"trial\",\"starts_at\":\"2026-02-30T09:00:00Z\"}", 400,
                        "starts_at");
    snprintf(b1, sizeof b1, "{\"kind\":\"trial\",\"starts_at\":\"%s\"}", far);
    expect_open_refused(judge, case_id, b1, 400, "starts_at");
    snprintf(b2, sizeof b2, "{\"kind\":\"trial\",\"starts_at\":\"%s\"}", past);
    expect_open_refused(judge, case_id, b2, 400, "starts_at");
    expect_open_refused(judge, case_id, "{\"kind\":5,\"starts_at\":\"x\"}", 400, "kind");
    expect_open_refused(judge, case_id, "{\"kind\":\"trial\"}", 400, "starts_at");
    expect_open_refused(judge, case_id, "{\"kind\":\"trial\",", 400, NULL);
    expect_open_refused(judge, case_id, "{\"kind\":\"trial\",\"starts_at\":\"x\",\"x\":1}", 400,
                        NULL);
    expect_open_refused(plaintiff, case_id, ok, 403, NULL);
    expect_open_refused(officer, case_id, ok, 403, NULL);
    expect_open_refused(other_clerk, case_id, ok, 403, NULL);
    expect_open_refused(judge, "3f1c7a52-1111-4c1a-9d2b-000000000000", ok, 404, NULL);
    expect_open_refused(judge, "nope", ok, 404, NULL);
}

static void test_message_cycle(void)
{
    char *hid = new_hearing();
    struct tc_resp r;
    json_t *msgs;

    r = post_msg(judge, hid, "现在开始调解。");
    CHECK_INT(201, r.status);
    CHECK_INT(1, num(r.json, "seq"));
    CHECK_STR("judge", str(r.json, "sender_role"));
    CHECK_STR("李法官", str(r.json, "sender_name"));
    CHECK(json_is_null(json_object_get(r.json, "party_id")));
    tc_resp_cleanup(&r);
    r = post_msg(plaintiff, hid, "我同意分期归还。");
    CHECK_INT(201, r.status);
    CHECK_INT(2, num(r.json, "seq"));
    CHECK_STR("plaintiff", str(r.json, "sender_role"));
    CHECK_STR("p1", str(r.json, "party_id"));
    CHECK_STR(tc_plaintiff_name, str(r.json, "sender_name"));
    tc_resp_cleanup(&r);
    r = post_msg(defendant, hid, "我一月底前还清。");
    CHECK_INT(201, r.status);
    CHECK_INT(3, num(r.json, "seq"));
    CHECK_STR("defendant", str(r.json, "sender_role"));
    CHECK_STR("p2", str(r.json, "party_id"));
    tc_resp_cleanup(&r);

    r = list_msgs(plaintiff, hid, "");
    CHECK_INT(200, r.status);
    msgs = json_object_get(r.json, "messages");
    CHECK_INT(3, json_array_size(msgs));
    CHECK_INT(3, num(r.json, "last_seq"));
    CHECK_STR(hid, str(r.json, "hearing_id"));
    for (size_t i = 0; i < json_array_size(msgs); i++)
        CHECK_INT((long long)i + 1, num(json_array_get(msgs, i), "seq"));
    CHECK_STR("我同意分期归还。", str(json_array_get(msgs, 1), "text"));
    tc_resp_cleanup(&r);
    r = list_msgs(defendant, hid, "?after=2");
    CHECK_INT(200, r.status);
    CHECK_INT(1, json_array_size(json_object_get(r.json, "messages")));
    CHECK_INT(3, num(json_array_get(json_object_get(r.json, "messages"), 0), "seq"));
    tc_resp_cleanup(&r);
    r = list_msgs(judge, hid, "?after=3");
    CHECK_INT(200, r.status);
    CHECK_INT(0, json_array_size(json_object_get(r.json, "messages")));
    CHECK_INT(3, num(r.json, "last_seq"));
    tc_resp_cleanup(&r);
    r = list_msgs(judge, hid, "?after=0&limit=2");
    CHECK_INT(2, json_array_size(json_object_get(r.json, "messages")));
    tc_resp_cleanup(&r);
    free(hid);
}

static void test_message_refusals(void)
{
    char *hid = new_hearing(), *big = malloc(4002), q[256];
    struct tc_resp r;
    long long before;

    snprintf(q, sizeof q, "SELECT count(*) FROM hearing_messages WHERE hearing_id = '%s'", hid);
    before = count_sql(q);
    CHECK_INT(0, before);
    r = post_msg(stranger, hid, "我也想说");
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    r = post_msg(officer, hid, "执行局意见");
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    r = post_msg(other_clerk, hid, "另一法院");
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    r = post_msg(judge, hid, "");
    CHECK_INT(400, r.status);
    CHECK_STR("text", err_field(&r));
    tc_resp_cleanup(&r);
    memset(big, 'a', 4001);
    big[4001] = '\0';
    r = post_msg(judge, hid, big);
    CHECK_INT(400, r.status);
    tc_resp_cleanup(&r);
    big[4000] = '\0';
    r = post_msg(judge, hid, big);
    CHECK_INT(201, r.status);
    CHECK_INT(1, num(r.json, "seq"));
    tc_resp_cleanup(&r);
    r = list_msgs(judge, hid, "?after=abc");
    CHECK_INT(400, r.status);
    CHECK_STR("after", err_field(&r));
    tc_resp_cleanup(&r);
    r = list_msgs(judge, hid, "?after=-1");
    CHECK_INT(400, r.status);
    tc_resp_cleanup(&r);
    r = list_msgs(judge, hid, "?limit=0");
    CHECK_INT(400, r.status);
    CHECK_STR("limit", err_field(&r));
    tc_resp_cleanup(&r);
    r = list_msgs(judge, hid, "?limit=99999");
    CHECK_INT(200, r.status);
    tc_resp_cleanup(&r);
    r = list_msgs(stranger, hid, "");
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    r = list_msgs(judge, "3f1c7a52-1111-4c1a-9d2b-000000000000", "");
    CHECK_INT(404, r.status);
    tc_resp_cleanup(&r);
    CHECK_INT(1, count_sql(q));
    free(big);
    free(hid);
}

struct poster {
    const char *hid;
    const char *token;
    int ok;
};

static void *post_many(void *arg)
{
    struct poster *p = arg;

    for (int i = 0; i < 6; i++) {
        struct tc_resp r = post_msg(p->token, p->hid, "并发消息");

        p->ok += r.status == 201;
        tc_resp_cleanup(&r);
    }
    return NULL;
}

static void test_numbering_under_concurrency(void)
{
    char *hid = new_hearing();
    struct poster ps[4] = {
        {hid, judge, 0}, {hid, plaintiff, 0}, {hid, defendant, 0}, {hid, clerk, 0}};
    pthread_t th[4];
    struct tc_resp r;
    json_t *msgs;

    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, post_many, &ps[i]);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    CHECK_INT(24, ps[0].ok + ps[1].ok + ps[2].ok + ps[3].ok);
    r = list_msgs(judge, hid, "?limit=500");
    msgs = json_object_get(r.json, "messages");
    CHECK_INT(24, json_array_size(msgs));
    CHECK_INT(24, num(r.json, "last_seq"));
    for (size_t i = 0; i < json_array_size(msgs); i++)
        CHECK_INT((long long)i + 1, num(json_array_get(msgs, i), "seq"));
    tc_resp_cleanup(&r);
    free(hid);
}

static void test_close_refusals_keep_it_open(void)
{
    char *hid = new_hearing();
    struct tc_resp r;

    r = close_hearing(plaintiff, hid, "{\"outcome\":\"concluded\"}");
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    r = close_hearing(other_clerk, hid, "{\"outcome\":\"concluded\"}");
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    r = close_hearing(officer, hid, "{\"outcome\":\"concluded\"}");
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    r = close_hearing(judge, hid, "{\"outcome\":\"settled\"}");
    CHECK_INT(400, r.status);
    CHECK_STR("outcome", err_field(&r));
    tc_resp_cleanup(&r);
    r = close_hearing(judge, hid, "{\"outcome\":\"mediated\"}");
    CHECK_INT(400, r.status);
    CHECK_STR("agreement_text", err_field(&r));
    tc_resp_cleanup(&r);
    r = close_hearing(judge, hid, "{\"outcome\":\"mediated\",\"agreement_text\":7}");
    CHECK_INT(400, r.status);
    tc_resp_cleanup(&r);
    /* Regression (issue 2): control characters and direction overrides reached the signed PDF. */
    r = close_hearing(judge, hid,
                      "{\"outcome\":\"mediated\",\"agreement_text\":\"被告支付\\u202e000,05\"}");
    CHECK_INT(400, r.status);
    CHECK_STR("agreement_text", err_field(&r));
    tc_resp_cleanup(&r);
    r = close_hearing(judge, hid,
                      "{\"outcome\":\"mediated\",\"agreement_text\":\"被告支付\\u0007五万元\"}");
    CHECK_INT(400, r.status);
    CHECK_STR("agreement_text", err_field(&r));
    tc_resp_cleanup(&r);
    r = close_hearing(judge, hid, "not json");
    CHECK_INT(400, r.status);
    tc_resp_cleanup(&r);
    r = get_hearing(judge, hid);
    CHECK_STR("open", str(r.json, "status"));
    CHECK(json_is_null(json_object_get(r.json, "outcome")));
    tc_resp_cleanup(&r);
    r = close_hearing(clerk, hid, "{\"outcome\":\"adjourned\"}");
    CHECK_INT(200, r.status);
    CHECK_STR("closed", str(r.json, "status"));
    CHECK_STR("adjourned", str(r.json, "outcome"));
    CHECK(json_is_null(json_object_get(r.json, "agreement_document_id")));
    tc_resp_cleanup(&r);
    free(hid);
}

/* Fetches document id as the judge, retrying while documents is still starting. */
static struct tc_resp get_document(const char *id, const char *suffix)
{
    char path[200];

    snprintf(path, sizeof path, "/api/v1/documents/%s%s", id, suffix);
    return tc_call("GET", path, judge, NULL);
}

static void test_mediated_close_stores_agreement(void)
{
    char *hid = new_hearing(), *doc_id = NULL;
    struct tc_resp r = post_msg(plaintiff, hid, "同意调解方案。");
    json_t *b = json_pack("{s:s, s:s}", "outcome", "mediated", "agreement_text",
                          "一、被告王芳于2027年1月31日前归还原告陈明借款人民币五万元。\n"
                          "二、案件受理费减半收取五百二十五元，由被告负担。");

    tc_resp_cleanup(&r);
    r = tc_call_json("POST", "/api/v1/hearings/x/close", judge, b);
    CHECK_INT(404, r.status);
    tc_resp_cleanup(&r);
    {
        char path[160];

        snprintf(path, sizeof path, "/api/v1/hearings/%s/close", hid);
        r = tc_call_json("POST", path, judge, b);
    }
    CHECK_INT(200, r.status);
    CHECK_STR("closed", str(r.json, "status"));
    CHECK_STR("mediated", str(r.json, "outcome"));
    CHECK(str(r.json, "agreement_document_id") != NULL);
    doc_id =
        strdup(str(r.json, "agreement_document_id") ? str(r.json, "agreement_document_id") : "");
    tc_resp_cleanup(&r);

    r = get_document(doc_id, "");
    CHECK_INT(200, r.status);
    CHECK_STR("application/pdf", str(r.json, "content_type"));
    CHECK_STR("mediation_agreement", str(r.json, "kind"));
    CHECK_STR(case_id, str(r.json, "case_id"));
    CHECK(num(r.json, "size") > 1000);
    tc_resp_cleanup(&r);
    r = get_document(doc_id, "/content");
    CHECK_INT(200, r.status);
    CHECK(r.body_len > 1000 && memcmp(r.body, "%PDF-", 5) == 0);
    tc_resp_cleanup(&r);

    r = close_hearing(judge, hid, "{\"outcome\":\"concluded\"}");
    CHECK_INT(409, r.status);
    tc_resp_cleanup(&r);
    r = post_msg(defendant, hid, "还能说话吗？");
    CHECK_INT(409, r.status);
    tc_resp_cleanup(&r);
    r = list_msgs(defendant, hid, "");
    CHECK_INT(200, r.status);
    CHECK_INT(1, json_array_size(json_object_get(r.json, "messages")));
    CHECK_INT(1, num(r.json, "last_seq"));
    tc_resp_cleanup(&r);
    r = get_hearing(plaintiff, hid);
    CHECK_STR(doc_id, str(r.json, "agreement_document_id"));
    tc_resp_cleanup(&r);
    json_decref(b);
    free(doc_id);
    free(hid);
}

/* A case that has left the states a hearing may be held in (docketing has no close subject yet,
 * so the test moves it there in docketing's own database). */
static void test_open_on_closed_case_conflicts(void)
{
    char *cid = NULL, sql[256], when[32], body[128];
    struct tc_resp r;

    CHECK_INT(0, tc_make_case(plaintiff, &cid));
    if (cid == NULL)
        return;
    snprintf(sql, sizeof sql, "UPDATE cases SET status = 'closed' WHERE id = '%s' RETURNING 1",
             cid);
    CHECK_INT(1, tc_sql_count("docketing", sql));
    time_in_days(2, when);
    snprintf(body, sizeof body, "{\"kind\":\"trial\",\"starts_at\":\"%s\"}", when);
    r = open_hearing(judge, cid, body);
    CHECK_INT(409, r.status);
    CHECK_STR("wrong_state", str(json_object_get(r.json, "error"), "code"));
    tc_resp_cleanup(&r);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM hearings WHERE case_id = '%s'", cid);
    CHECK_INT(0, count_sql(sql));
    free(cid);
}

TH_MAIN(TH_CASE(setup), TH_CASE(test_open_and_get), TH_CASE(test_open_refusals),
        TH_CASE(test_message_cycle), TH_CASE(test_message_refusals),
        TH_CASE(test_numbering_under_concurrency), TH_CASE(test_close_refusals_keep_it_open),
        TH_CASE(test_mediated_close_stores_agreement), TH_CASE(test_open_on_closed_case_conflicts))
