/* SPDX-License-Identifier: Apache-2.0 */
/* The pure parts of opening an enforcement: parties, the default applicant, the fee used. */
#include "harness.h"

#include "../../../../services/enforcement/open.c"
#include "../../../../services/enforcement/routes.c"

static json_t *sample_case(void)
{
    return json_loads("{\"court_code\":\"浙0203\",\"amount_fen\":5000000,\"parties\":["
                      "{\"party_id\":\"p1\",\"role\":\"plaintiff\",\"name\":\"甲\","
                      "\"id_number\":\"A\"},"
                      "{\"party_id\":\"p2\",\"role\":\"defendant\",\"name\":\"乙\","
                      "\"id_number\":\"B\"},"
                      "{\"party_id\":\"p3\",\"role\":\"plaintiff\",\"name\":\"丙\","
                      "\"id_number\":\"C\"}]}",
                      0, NULL);
}

static void test_find_party(void)
{
    json_t *c = sample_case();

    CHECK_STR("p2", mc_json_str(find_party(c, "id_number", "B"), "party_id"));
    CHECK_STR("丙", mc_json_str(find_party(c, "party_id", "p3"), "name"));
    CHECK(find_party(c, "party_id", "p9") == NULL);
    CHECK(find_party(c, "id_number", NULL) == NULL);
    json_decref(c);
}

static void test_default_applicant_skips_respondents(void)
{
    json_t *c = sample_case();
    json_t *body = json_loads("{\"respondents\":[\"p1\", 7]}", 0, NULL);
    json_t *none = json_loads("{\"respondents\":[\"p1\",\"p3\"]}", 0, NULL);

    CHECK_STR("p3", mc_json_str(default_applicant(c, body), "party_id"));
    CHECK(default_applicant(c, none) == NULL);
    CHECK(is_respondent(body, "p1"));
    CHECK(!is_respondent(body, "p2"));
    json_decref(none);
    json_decref(body);
    json_decref(c);
}

static void test_party_refs(void)
{
    json_t *c = sample_case(), *refs = json_array();

    json_array_append_new(refs, party_ref(find_party(c, "party_id", "p2")));
    CHECK(has_party(refs, "p2"));
    CHECK(!has_party(refs, "p1"));
    CHECK_STR("乙", mc_json_str(json_array_get(refs, 0), "name"));
    CHECK_INT(2, (int)json_object_size(json_array_get(refs, 0)));
    json_decref(refs);
    json_decref(c);
}

/* 50,000 yuan: 50 + (50,000 - 10,000) * 1.5 % = 650 yuan (data/fee_rules.md section 3). */
static void test_fee_for_case_amount(void)
{
    int64_t fee = 0;

    CHECK_INT(0, mc_fee_enforcement(5000000, &fee));
    CHECK_INT(65000, fee);
    CHECK_INT(0, mc_fee_enforcement(1000000, &fee));
    CHECK_INT(5000, fee);
    CHECK_INT(0, mc_fee_enforcement(50000000, &fee));
    CHECK_INT(740000, fee);
}

TH_MAIN(TH_CASE(test_find_party), TH_CASE(test_default_applicant_skips_respondents),
        TH_CASE(test_party_refs), TH_CASE(test_fee_for_case_amount))
