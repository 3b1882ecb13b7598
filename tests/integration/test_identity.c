/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Identity through the gateway: one-time codes (bad phone, wrong code, too many attempts, too
 * many requests), sealed storage, token tampering, and sign-out revocation with its event.
 */
#include <unistd.h>

#include "identity_face_fixture.h"

static struct tc_resp otp(const char *idn, const char *phone)
{
    json_t *body =
        mc_json_xpack("{s:s, s:s, s:s}", "name", "陈明", "id_number", idn, "phone", phone);
    struct tc_resp r = tc_call_json("POST", "/api/v1/litigants/otp", NULL, body);

    json_decref(body);
    return r;
}

static struct tc_resp login(const char *idn, const char *phone, const char *code)
{
    json_t *body = mc_json_xpack("{s:s, s:s, s:s}", "id_number", idn, "phone", phone, "code", code);
    struct tc_resp r = tc_call_json("POST", "/api/v1/litigants/sessions", NULL, body);

    json_decref(body);
    return r;
}

static const char *code_of(const struct tc_resp *r)
{
    return mc_json_str(json_object_get(r->json, "error"), "code");
}

static void wrong_code(const char *right, char out[8])
{
    snprintf(out, 8, "%06d", (atoi(right) + 1) % 1000000);
}

static void test_bad_phone_and_id_refused(void)
{
    char idn[19];
    long long before = tc_sql_count("identity", "SELECT count(*) FROM otps");
    static const char *const phones[] = {"12800000000", "1380000000", "138000000001",
                                         "1380000abcd"};

    fx_idn(idn);
    for (size_t i = 0; i < sizeof phones / sizeof phones[0]; i++) {
        struct tc_resp r = otp(idn, phones[i]);

        CHECK_INT(400, r.status);
        CHECK_STR("invalid_phone", code_of(&r));
        tc_resp_cleanup(&r);
    }
    {
        struct tc_resp r = otp("330203198506120019x", "13800000000");

        CHECK_INT(400, r.status);
        tc_resp_cleanup(&r);
    }
    CHECK_INT(before, tc_sql_count("identity", "SELECT count(*) FROM otps"));
}

static void test_wrong_code_then_right_code(void)
{
    char idn[19], phone[12], code[8], bad[8];
    struct tc_resp r;

    fx_idn(idn);
    fx_phone(phone);
    CHECK_INT(0, fx_otp("陈明", idn, phone, code));
    wrong_code(code, bad);
    r = login(idn, phone, bad);
    CHECK_INT(401, r.status);
    CHECK_STR("bad_code", code_of(&r));
    tc_resp_cleanup(&r);
    r = login(idn, phone, code);
    CHECK_INT(201, r.status);
    CHECK_STR(idn, mc_json_str(fx_claims(&r), "idn"));
    CHECK_STR("litigant", mc_json_str(fx_claims(&r), "role"));
    tc_resp_cleanup(&r);
    r = login(idn, phone, code); /* used once */
    CHECK_INT(401, r.status);
    CHECK_STR("code_expired", code_of(&r));
    tc_resp_cleanup(&r);
    /* Stored sealed: no plain ID number or phone anywhere in the identity tables. */
    CHECK_INT(0, tc_sql_count("identity", "SELECT count(*) FROM litigants"
                                          " WHERE id_number IS NOT NULL OR phone IS NOT NULL"));
    CHECK_INT(0, tc_sql_count("identity", "SELECT count(*) FROM otps"
                                          " WHERE id_number IS NOT NULL OR phone IS NOT NULL"));
}

static void test_too_many_attempts(void)
{
    char idn[19], phone[12], code[8], bad[8];
    struct tc_resp r;

    fx_idn(idn);
    fx_phone(phone);
    CHECK_INT(0, fx_otp("陈明", idn, phone, code));
    wrong_code(code, bad);
    for (int i = 0; i < 5; i++) {
        r = login(idn, phone, bad);
        CHECK_INT(401, r.status);
        CHECK_STR("bad_code", code_of(&r));
        tc_resp_cleanup(&r);
    }
    r = login(idn, phone, code); /* the right code no longer helps */
    CHECK_INT(401, r.status);
    CHECK_STR("code_expired", code_of(&r));
    tc_resp_cleanup(&r);
}

static void test_too_many_requests(void)
{
    char idn[19], phone[12];
    struct tc_resp r;
    long long before;

    fx_idn(idn);
    fx_phone(phone);
    for (int i = 0; i < 3; i++) {
        r = otp(idn, phone);
        CHECK_INT(201, r.status);
        tc_resp_cleanup(&r);
    }
    before = tc_sql_count("identity", "SELECT count(*) FROM otps");
    r = otp(idn, phone);
    CHECK_INT(429, r.status);
    CHECK_STR("too_many_requests", code_of(&r));
    tc_resp_cleanup(&r);
    CHECK_INT(before, tc_sql_count("identity", "SELECT count(*) FROM otps"));
}

static void test_malformed_bodies(void)
{
    struct tc_resp r = tc_call("POST", "/api/v1/litigants/otp", NULL, "{\"name\": 5}");

    CHECK_INT(400, r.status);
    CHECK_STR("invalid_argument", code_of(&r));
    tc_resp_cleanup(&r);
    r = tc_call("POST", "/api/v1/litigants/sessions", NULL, "not json");
    CHECK_INT(400, r.status);
    CHECK_STR("invalid_json", code_of(&r));
    tc_resp_cleanup(&r);
    r = tc_call("POST", "/api/v1/litigants/challenges", NULL, "{\"id_number\": []}");
    CHECK_INT(400, r.status);
    CHECK_STR("invalid_argument", code_of(&r));
    tc_resp_cleanup(&r);
}

/* A fresh litigant token reply. owned */
static json_t *fresh_login(void)
{
    char idn[19], phone[12], code[8];
    struct tc_resp r;
    json_t *out = NULL;

    fx_idn(idn);
    fx_phone(phone);
    if (fx_otp("陈明", idn, phone, code) != 0)
        return NULL;
    r = login(idn, phone, code);
    if (r.status == 201)
        out = json_incref(r.json);
    tc_resp_cleanup(&r);
    return out;
}

static int status_with(const char *token)
{
    struct tc_resp r = tc_call("GET", "/api/v1/cases", token, NULL);
    int status = r.status;

    tc_resp_cleanup(&r);
    return status;
}

static void test_tampered_token_refused(void)
{
    json_t *t = fresh_login();
    const char *token = mc_json_str(t, "token");
    char *copy = mc_xstrdup(token);
    size_t dot = strcspn(token, ".");

    CHECK_INT(200, status_with(token));
    copy[dot / 2] = copy[dot / 2] == 'A' ? 'B' : 'A'; /* one character of the claims */
    CHECK_INT(401, status_with(copy));
    strcpy(copy, token);
    copy[dot + 5] = copy[dot + 5] == 'A' ? 'B' : 'A'; /* one character of the signature */
    CHECK_INT(401, status_with(copy));
    copy[dot] = '\0'; /* claims alone */
    CHECK_INT(401, status_with(copy));
    CHECK_INT(401, status_with(""));
    free(copy);
    json_decref(t);
}

static void test_revoke_records_and_announces(void)
{
    json_t *t = fresh_login(), *claims = json_object_get(t, "claims"), *res, *list, *body;
    const char *jti = mc_json_str(claims, "jti");
    char *sql_rev = mc_xasprintf("SELECT count(*) FROM revoked_tokens WHERE jti = '%s'", jti);
    char *sql_evt = mc_xasprintf("SELECT count(*) FROM mc_outbox WHERE type = 'token_revoked'"
                                 " AND payload->>'jti' = '%s'",
                                 jti);
    int status = 0;
    size_t i;
    json_t *item;
    bool is_listed = false;

    CHECK_INT(0, tc_sql_count("identity", sql_rev));
    res = fx_nats("identity.session.revoke", claims, NULL, NULL, &status);
    CHECK_INT(200, status);
    CHECK_STR(jti, mc_json_str(res, "jti"));
    CHECK_INT(json_integer_value(json_object_get(claims, "exp")),
              json_integer_value(json_object_get(res, "exp")));
    json_decref(res);
    CHECK_INT(1, tc_sql_count("identity", sql_rev));
    CHECK_INT(1, tc_sql_count("identity", sql_evt));
    json_decref(fx_nats("identity.session.revoke", claims, NULL, NULL, &status));
    CHECK_INT(200, status);
    CHECK_INT(1, tc_sql_count("identity", sql_evt)); /* announced once */
    list = fx_nats("identity.session.revoked", NULL, NULL, NULL, &status);
    CHECK_INT(200, status);
    json_array_foreach(json_object_get(list, "items"), i, item) is_listed =
        is_listed || strcmp(mc_json_str(item, "jti"), jti) == 0;
    CHECK(is_listed);
    /* A litigant may not revoke someone else's session; nothing is recorded. */
    body = mc_json_xpack("{s:s}", "jti", "0123456789abcdef0123456789abcdef");
    json_decref(fx_nats("identity.session.revoke", claims, NULL, body, &status));
    CHECK_INT(403, status);
    CHECK_INT(0, tc_sql_count("identity", "SELECT count(*) FROM revoked_tokens"
                                          " WHERE jti = '0123456789abcdef0123456789abcdef'"));
    json_decref(fx_nats("identity.session.revoke", NULL, NULL, NULL, &status));
    CHECK_INT(401, status);
    json_decref(body);
    json_decref(list);
    free(sql_rev);
    free(sql_evt);
    json_decref(t);
}

/* Signing out through the gateway: the same token is refused at once, others still work. */
static void test_sign_out_through_gateway(void)
{
    char *token = tc_staff_token("clerk1"), *other = tc_staff_token("clerk1");
    struct tc_resp r = tc_call("GET", "/api/v1/cases?limit=1", token, NULL);

    CHECK_INT(200, r.status);
    tc_resp_cleanup(&r);
    r = tc_call("DELETE", "/api/v1/sessions/current", token, NULL);
    CHECK_INT(200, r.status);
    tc_resp_cleanup(&r);
    for (int i = 0; i < 20; i++) {
        r = tc_call("GET", "/api/v1/cases?limit=1", token, NULL);
        if (r.status == 401)
            break;
        tc_resp_cleanup(&r);
        usleep(50 * 1000);
    }
    CHECK_INT(401, r.status);
    CHECK_STR("unauthenticated",
              json_string_value(json_object_get(json_object_get(r.json, "error"), "code")));
    tc_resp_cleanup(&r);
    r = tc_call("GET", "/api/v1/cases?limit=1", other, NULL);
    CHECK_INT(200, r.status);
    tc_resp_cleanup(&r);
    free(token);
    free(other);
}

TH_MAIN(TH_CASE(test_sign_out_through_gateway), TH_CASE(test_bad_phone_and_id_refused),
        TH_CASE(test_wrong_code_then_right_code), TH_CASE(test_too_many_attempts),
        TH_CASE(test_too_many_requests), TH_CASE(test_malformed_bodies),
        TH_CASE(test_tampered_token_refused), TH_CASE(test_revoke_records_and_announces))
