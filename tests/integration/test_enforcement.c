/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Enforcement over HTTP against a running stack: refused without a mediation agreement and
 * before every party signed it; opened by the plaintiff with an official 执 number and the
 * Art.14(1) fee; one open enforcement per case; consecutive numbers across cases; readable by
 * the court and the parties only. Refused requests change nothing.
 */
#include <pthread.h>
#include <regex.h>

#include "harness.h"
#include "mc/court.h"
#include "mc/json.h"

#include "agreement_fixture.h"

static struct {
    char *plaintiff, *defendant, *stranger, *judge, *officer, *clerk9;
    char *case_id, *case2_id;
    char doc_id[40], doc2_id[40];
    char enf_id[40], number[96];
} fx;

static struct tc_resp open_call(const char *case_id, const char *token, const char *body)
{
    char path[160];

    snprintf(path, sizeof path, "/api/v1/cases/%s/enforcement", case_id);
    return tc_call("POST", path, token, body);
}

static struct tc_resp get_call(const char *id, const char *token)
{
    char path[160];

    snprintf(path, sizeof path, "/api/v1/enforcement/%s", id);
    return tc_call("GET", path, token, NULL);
}

static long long count_enforcements(void)
{
    return tc_sql_count("enforcement", "SELECT count(*) FROM enforcements");
}

static void expect_refused(const char *case_id, const char *token, const char *body, int status,
                           const char *code, const char *field)
{
    long long before = count_enforcements();
    struct tc_resp r = open_call(case_id, token, body);
    const json_t *err = json_object_get(r.json, "error");

    CHECK_INT(status, r.status);
    if (code)
        CHECK_STR(code, fx_err_code(&r));
    if (field)
        CHECK_STR(field, json_string_value(json_object_get(err, "field")));
    if (r.status != status)
        fprintf(stderr, "  body %s -> %s\n", body ? body : "(none)", r.body ? r.body : "");
    CHECK_INT(before, count_enforcements());
    tc_resp_cleanup(&r);
}

static void sign(const char *doc_id, const char *token)
{
    struct tc_resp r = fx_sig_call("POST", doc_id, token, NULL);

    CHECK_INT(201, r.status);
    tc_resp_cleanup(&r);
}

static void test_setup(void)
{
    fx.plaintiff = fx_litigant(tc_plaintiff_name, tc_plaintiff_idn, tc_plaintiff_phone);
    fx.defendant = fx_litigant(tc_defendant_name, tc_defendant_idn, tc_defendant_phone);
    fx.stranger = fx_litigant("赵强", "330203199201150011", "13900001111");
    fx.judge = tc_staff_token("judge1");
    fx.officer = tc_staff_token("officer1");
    fx.clerk9 = tc_staff_token("clerk9");
    CHECK(fx.plaintiff && fx.defendant && fx.stranger && fx.judge && fx.officer && fx.clerk9);
    CHECK_INT(0, tc_make_case(fx.plaintiff, &fx.case_id));
    CHECK_INT(0, tc_make_case(fx.plaintiff, &fx.case2_id));
}

static void test_no_agreement(void)
{
    expect_refused(fx.case_id, fx.plaintiff, "{\"amount_fen\":5000000,\"respondents\":[\"p2\"]}",
                   409, "no_agreement", NULL);
}

static void test_bad_ids(void)
{
    struct tc_resp r;

    expect_refused("not-a-uuid", fx.plaintiff, "{\"amount_fen\":100,\"respondents\":[\"p2\"]}", 404,
                   NULL, NULL);
    expect_refused("00000000-0000-4000-8000-000000000000", fx.officer,
                   "{\"amount_fen\":100,\"respondents\":[\"p2\"]}", 404, NULL, NULL);
    r = get_call("not-a-uuid", fx.officer);
    CHECK_INT(404, r.status);
    tc_resp_cleanup(&r);
    r = get_call("00000000-0000-4000-8000-000000000000", fx.officer);
    CHECK_INT(404, r.status);
    tc_resp_cleanup(&r);
    r = open_call(fx.case_id, NULL, "{\"amount_fen\":100,\"respondents\":[\"p2\"]}");
    CHECK_INT(401, r.status);
    tc_resp_cleanup(&r);
}

static void test_bad_input(void)
{
    const char *p = fx.plaintiff, *c = fx.case_id;

    expect_refused(c, p, "{\"amount_fen\":", 400, "invalid_json", NULL);
    expect_refused(c, p, "[]", 400, NULL, NULL);
    expect_refused(c, p, "{\"amount_fen\":\"5000000\",\"respondents\":[\"p2\"]}", 400, NULL,
                   "amount_fen");
    expect_refused(c, p, "{\"amount_fen\":50000.5,\"respondents\":[\"p2\"]}", 400, NULL,
                   "amount_fen");
    expect_refused(c, p, "{\"amount_fen\":0,\"respondents\":[\"p2\"]}", 400, NULL, "amount_fen");
    expect_refused(c, p, "{\"amount_fen\":-5,\"respondents\":[\"p2\"]}", 400, NULL, "amount_fen");
    expect_refused(c, p, "{\"amount_fen\":10000000000001,\"respondents\":[\"p2\"]}", 400, NULL,
                   "amount_fen");
    expect_refused(c, p, "{\"respondents\":[\"p2\"]}", 400, NULL, "amount_fen");
    expect_refused(c, p, "{\"amount_fen\":100}", 400, NULL, "respondents");
    expect_refused(c, p, "{\"amount_fen\":100,\"respondents\":[]}", 400, NULL, "respondents");
    expect_refused(c, p, "{\"amount_fen\":100,\"respondents\":\"p2\"}", 400, NULL, "respondents");
    expect_refused(c, p, "{\"amount_fen\":100,\"respondents\":[2]}", 400, NULL, "respondents");
    expect_refused(c, p, "{\"amount_fen\":100,\"respondents\":[\"p9\"]}", 400, NULL, "respondents");
    expect_refused(c, p, "{\"amount_fen\":100,\"respondents\":[\"p1\"]}", 400, NULL, "respondents");
    expect_refused(c, p, "{\"amount_fen\":100,\"respondents\":[\"p2\",\"p2\"]}", 400, NULL,
                   "respondents");
    expect_refused(c, p, "{\"amount_fen\":100,\"respondents\":[\"p2\"],\"fee\":0}", 400, NULL,
                   NULL);
    expect_refused(c, p, "{\"amount_fen\":5000001,\"respondents\":[\"p2\"]}", 400,
                   "amount_exceeds_case", "amount_fen");
}

static void test_outsiders_refused(void)
{
    const char *body = "{\"amount_fen\":100,\"respondents\":[\"p2\"]}";

    expect_refused(fx.case_id, fx.stranger, body, 403, NULL, NULL);
    expect_refused(fx.case_id, fx.clerk9, body, 403, NULL, NULL);
    expect_refused(fx.case_id, fx.defendant,
                   "{\"amount_fen\":100,\"respondents\":[\"p2\"],\"applicant\":\"p1\"}", 403, NULL,
                   NULL);
    /* Regression (issue 2): the debtor opened enforcement against the creditor first and so
     * blocked the creditor's own application. Only a plaintiff applies, against defendants. */
    expect_refused(fx.case_id, fx.defendant, "{\"amount_fen\":100,\"respondents\":[\"p1\"]}", 403,
                   NULL, "applicant");
    expect_refused(fx.case_id, fx.officer,
                   "{\"amount_fen\":100,\"respondents\":[\"p1\"],\"applicant\":\"p2\"}", 403, NULL,
                   "applicant");
}

static void test_agreement_not_signed(void)
{
    const char *body = "{\"amount_fen\":5000000,\"respondents\":[\"p2\"]}";

    CHECK_INT(0, fx_make_agreement(fx.judge, fx.case_id, fx.doc_id));
    expect_refused(fx.case_id, fx.plaintiff, body, 409, "agreement_not_signed", NULL);
    sign(fx.doc_id, fx.plaintiff);
    sign(fx.doc_id, fx.judge);
    expect_refused(fx.case_id, fx.officer, body, 409, "agreement_not_signed", NULL);
    sign(fx.doc_id, fx.defendant);
}

/* "(<year>)浙0203执<n>号" for this year in Asia/Shanghai; returns n or -1. */
static long number_seq(const char *number)
{
    char pattern[96];
    regex_t re;
    regmatch_t m[2];
    long n = -1;

    snprintf(pattern, sizeof pattern, "^\\(%d\\)浙0203执([1-9][0-9]*)号$",
             mc_date_today_shanghai(time(NULL)).y);
    if (regcomp(&re, pattern, REG_EXTENDED) != 0)
        return -1;
    if (number && regexec(&re, number, 2, m, 0) == 0)
        n = strtol(number + m[1].rm_so, NULL, 10);
    regfree(&re);
    return n;
}

static void test_open(void)
{
    char sql[400];
    struct tc_resp r =
        open_call(fx.case_id, fx.plaintiff, "{\"amount_fen\":5000000,\"respondents\":[\"p2\"]}");
    const json_t *j = r.json, *fee = json_object_get(j, "fee");
    const json_t *resp0 = json_array_get(json_object_get(j, "respondents"), 0);

    CHECK_INT(201, r.status);
    CHECK(mc_is_uuid(json_string_value(json_object_get(j, "id"))));
    snprintf(fx.enf_id, sizeof fx.enf_id, "%s", json_string_value(json_object_get(j, "id")) ?: "");
    snprintf(fx.number, sizeof fx.number, "%s",
             json_string_value(json_object_get(j, "number")) ?: "");
    CHECK(number_seq(fx.number) > 0);
    CHECK_STR(fx.case_id, json_string_value(json_object_get(j, "case_id")));
    CHECK_STR("浙0203", json_string_value(json_object_get(j, "court_code")));
    CHECK(strstr(json_string_value(json_object_get(j, "case_number")) ?: "", "浙0203民初"));
    CHECK_STR("p1",
              json_string_value(json_object_get(json_object_get(j, "applicant"), "party_id")));
    CHECK_INT(1, (int)json_array_size(json_object_get(j, "respondents")));
    CHECK_STR("p2", json_string_value(json_object_get(resp0, "party_id")));
    CHECK_STR(tc_defendant_name, json_string_value(json_object_get(resp0, "name")));
    CHECK_INT(5000000, json_integer_value(json_object_get(j, "amount_fen")));
    /* 50 + (50,000 - 10,000) x 1.5 % = 650 yuan (data/fee_rules.md, Art.14(1)). */
    CHECK_INT(65000, json_integer_value(json_object_get(fee, "fen")));
    CHECK_STR("respondent", json_string_value(json_object_get(fee, "payable_by")));
    CHECK(json_string_value(json_object_get(fee, "rule")) != NULL);
    CHECK_STR("open", json_string_value(json_object_get(j, "status")));
    CHECK_INT(20, (int)strlen(json_string_value(json_object_get(j, "opened_at")) ?: ""));
    tc_resp_cleanup(&r);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM enforcements WHERE case_id = '%s' AND fee_fen = 65000"
             " AND amount_fen = 5000000 AND status = 'open' AND applicant->>'party_id' = 'p1'",
             fx.case_id);
    CHECK_INT(1, tc_sql_count("enforcement", sql));
}

static void test_second_open_refused(void)
{
    expect_refused(fx.case_id, fx.officer, "{\"amount_fen\":100,\"respondents\":[\"p2\"]}", 409,
                   "already_open", NULL);
    expect_refused(fx.case_id, fx.plaintiff, "{\"amount_fen\":5000000,\"respondents\":[\"p2\"]}",
                   409, "already_open", NULL);
}

static void test_get(void)
{
    const char *allowed[] = {fx.plaintiff, fx.defendant, fx.officer, fx.judge};
    struct tc_resp r;

    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
        r = get_call(fx.enf_id, allowed[i]);
        CHECK_INT(200, r.status);
        CHECK_STR(fx.number, json_string_value(json_object_get(r.json, "number")));
        CHECK_INT(65000,
                  json_integer_value(json_object_get(json_object_get(r.json, "fee"), "fen")));
        tc_resp_cleanup(&r);
    }
    r = get_call(fx.enf_id, fx.stranger);
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    r = get_call(fx.enf_id, fx.clerk9);
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
}

/* An officer opens for the plaintiff on a second case: the next number, a smaller fee. */
static void test_officer_opens_next_number(void)
{
    struct tc_resp r;

    CHECK_INT(0, fx_make_agreement(fx.judge, fx.case2_id, fx.doc2_id));
    sign(fx.doc2_id, fx.plaintiff);
    sign(fx.doc2_id, fx.defendant);
    r = open_call(fx.case2_id, fx.officer, "{\"amount_fen\":1000000,\"respondents\":[\"p2\"]}");
    CHECK_INT(201, r.status);
    CHECK_INT(number_seq(fx.number) + 1,
              number_seq(json_string_value(json_object_get(r.json, "number"))));
    CHECK_STR("p1",
              json_string_value(json_object_get(json_object_get(r.json, "applicant"), "party_id")));
    CHECK_INT(5000, json_integer_value(json_object_get(json_object_get(r.json, "fee"), "fen")));
    tc_resp_cleanup(&r);
}

/* A fresh case whose agreement both parties signed. owned: *out_case_id. */
static int signed_case(char **out_case_id)
{
    char doc[40];

    if (tc_make_case(fx.plaintiff, out_case_id) != 0 ||
        fx_make_agreement(fx.judge, *out_case_id, doc) != 0)
        return -1;
    sign(doc, fx.plaintiff);
    sign(doc, fx.defendant);
    return 0;
}

struct racer {
    const char *case_id;
    pthread_t thread;
    struct tc_resp r;
};

static void *race(void *arg)
{
    struct racer *x = arg;

    x->r = open_call(x->case_id, fx.officer, "{\"amount_fen\":100000,\"respondents\":[\"p2\"]}");
    return NULL;
}

/* Four opens at once, two on the same case: three numbers, consecutive, and one 409. */
static void test_concurrent_numbers(void)
{
    char *cases[3] = {NULL, NULL, NULL};
    struct racer x[4];
    long seq[4], lo = -1, hi = -1;
    int created = 0, refused = 0;

    for (int i = 0; i < 3; i++)
        CHECK_INT(0, signed_case(&cases[i]));
    for (int i = 0; i < 4; i++) {
        x[i] = (struct racer){.case_id = cases[i == 0 ? 0 : i - 1] ?: "x"};
        CHECK_INT(0, pthread_create(&x[i].thread, NULL, race, &x[i]));
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(x[i].thread, NULL);
        seq[i] = x[i].r.status == 201
                     ? number_seq(json_string_value(json_object_get(x[i].r.json, "number")))
                     : -1;
        created += x[i].r.status == 201;
        refused += x[i].r.status == 409;
        lo = seq[i] > 0 && (lo < 0 || seq[i] < lo) ? seq[i] : lo;
        hi = seq[i] > hi ? seq[i] : hi;
        tc_resp_cleanup(&x[i].r);
    }
    CHECK_INT(3, created);
    CHECK_INT(1, refused);
    CHECK_INT(2, hi - lo);
    for (int i = 0; i < 4; i++)
        for (int j = i + 1; j < 4; j++)
            CHECK(seq[i] < 0 || seq[i] != seq[j]);
    for (int i = 0; i < 3; i++)
        free(cases[i]);
}

TH_MAIN(TH_CASE(test_setup), TH_CASE(test_no_agreement), TH_CASE(test_bad_ids),
        TH_CASE(test_bad_input), TH_CASE(test_outsiders_refused),
        TH_CASE(test_agreement_not_signed), TH_CASE(test_open), TH_CASE(test_second_open_refused),
        TH_CASE(test_get), TH_CASE(test_officer_opens_next_number),
        TH_CASE(test_concurrent_numbers))
