/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Regressions (issue 2) found by trying to break sign-in:
 * - anyone who knew a person's ID number could sign in as them with their own phone, since the
 *   login stored whatever phone the code went to. Holds: a code to another phone is refused with
 *   403 phone_mismatch and the registered person is untouched.
 * - staff passwords could be guessed without limit. Holds: after five wrong passwords the right
 *   one is refused with 401 account_locked.
 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "harness.h"
#include "support/client.h"

static const char *err_code(const struct tc_resp *r)
{
    return json_string_value(json_object_get(json_object_get(r->json, "error"), "code"));
}

static void test_code_to_another_phone_refused(void)
{
    char *owner, body[256], code[8] = "";
    struct tc_resp r;

    curl_global_init(CURL_GLOBAL_ALL);
    owner = tc_litigant_token(tc_defendant_name, tc_defendant_idn, tc_defendant_phone);
    CHECK(owner != NULL);
    snprintf(body, sizeof body, "{\"name\":\"x\",\"id_number\":\"%s\",\"phone\":\"13311112222\"}",
             tc_defendant_idn);
    r = tc_call("POST", "/api/v1/litigants/otp", NULL, body);
    CHECK_INT(201, r.status);
    tc_resp_cleanup(&r);
    CHECK_INT(0, tc_last_code("13311112222", code));
    snprintf(body, sizeof body, "{\"id_number\":\"%s\",\"phone\":\"13311112222\",\"code\":\"%s\"}",
             tc_defendant_idn, code);
    r = tc_call("POST", "/api/v1/litigants/sessions", NULL, body);
    CHECK_INT(403, r.status);
    CHECK_STR("phone_mismatch", err_code(&r));
    tc_resp_cleanup(&r);
    /* The owner's session still works. */
    r = tc_call("GET", "/api/v1/cases", owner, NULL);
    CHECK_INT(200, r.status);
    tc_resp_cleanup(&r);
    free(owner);
}

static void test_staff_lockout(void)
{
    const char *wrong = "{\"username\":\"locktest\",\"password\":\"wrong password 1\"}";
    const char *right = "{\"username\":\"locktest\",\"password\":\"correct horse battery\"}";
    struct tc_resp r;

    CHECK_INT(0, tc_staff_ensure("locktest", "clerk", "浙0203", "锁定测试"));
    r = tc_call("POST", "/api/v1/staff/sessions", NULL, right);
    CHECK_INT(201, r.status);
    tc_resp_cleanup(&r);
    for (int i = 0; i < 5; i++) {
        r = tc_call("POST", "/api/v1/staff/sessions", NULL, wrong);
        CHECK_INT(401, r.status);
        CHECK_STR("bad_credentials", err_code(&r));
        tc_resp_cleanup(&r);
    }
    r = tc_call("POST", "/api/v1/staff/sessions", NULL, right);
    CHECK_INT(401, r.status);
    CHECK_STR("account_locked", err_code(&r));
    tc_resp_cleanup(&r);
    /* An unknown username is counted and locked the same way: a lock tells nothing about which
     * usernames exist. */
    for (int i = 0; i < 6; i++) {
        r = tc_call("POST", "/api/v1/staff/sessions", NULL,
                    "{\"username\":\"nobody-here\",\"password\":\"whatever it is\"}");
        CHECK_INT(401, r.status);
        CHECK_STR(i < 5 ? "bad_credentials" : "account_locked", err_code(&r));
        tc_resp_cleanup(&r);
    }
}

TH_MAIN(TH_CASE(test_code_to_another_phone_refused), TH_CASE(test_staff_lockout))
