/* SPDX-License-Identifier: Apache-2.0 */
/* The request field table check and the error envelope. */
#include "harness.h"
#include "mc/json.h"

static const struct mc_field fields[] = {
    {"name", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 8},
    {"count", MC_J_INTEGER, MC_F_POSITIVE, 100},
    {"tags", MC_J_ARRAY, 0, 2},
};

static mc_status check(const char *text, const char **out_field)
{
    json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
    mc_status st;

    *out_field = "unset";
    st = mc_json_check(v, MC_FIELDS(fields), out_field);
    json_decref(v);
    return st;
}

static void test_accepts_good_bodies(void)
{
    const char *f;

    CHECK_INT(MC_OK, check("{\"name\":\"ab\"}", &f));
    CHECK_INT(MC_OK, check("{\"name\":\"ab\",\"count\":3,\"tags\":[1,2]}", &f));
    CHECK_INT(MC_OK, check("{\"name\":\"ab\",\"count\":null}", &f));
}

static void test_names_the_field_at_fault(void)
{
    const char *f;

    CHECK_INT(MC_E_INVALID, check("{}", &f));
    CHECK_STR("name", f);
    CHECK_INT(MC_E_INVALID, check("{\"name\":\"\"}", &f));
    CHECK_STR("name", f);
    CHECK_INT(MC_E_INVALID, check("{\"name\":\"123456789\"}", &f));
    CHECK_STR("name", f);
    CHECK_INT(MC_E_INVALID, check("{\"name\":\"a\",\"count\":0}", &f));
    CHECK_STR("count", f);
    CHECK_INT(MC_E_INVALID, check("{\"name\":\"a\",\"count\":101}", &f));
    CHECK_STR("count", f);
    CHECK_INT(MC_E_INVALID, check("{\"name\":\"a\",\"count\":\"3\"}", &f));
    CHECK_STR("count", f);
    CHECK_INT(MC_E_INVALID, check("{\"name\":\"a\",\"tags\":[1,2,3]}", &f));
    CHECK_STR("tags", f);
    CHECK_INT(MC_E_INVALID, check("{\"name\":null}", &f));
    CHECK_STR("name", f);
}

static void test_rejects_unknown_fields_and_non_objects(void)
{
    const char *f;

    CHECK_INT(MC_E_INVALID, check("{\"name\":\"a\",\"evil\":1}", &f));
    CHECK(f == NULL);
    CHECK_INT(MC_E_INVALID, check("[1]", &f));
    CHECK(f == NULL);
    CHECK_INT(MC_E_INVALID, check("\"x\"", &f));
}

static void test_error_envelope(void)
{
    json_t *e = mc_json_error("invalid_argument", "bad", "name");
    json_t *inner = json_object_get(e, "error");

    CHECK_STR("invalid_argument", mc_json_str(inner, "code"));
    CHECK_STR("bad", mc_json_str(inner, "message"));
    CHECK_STR("name", mc_json_str(inner, "field"));
    json_decref(e);
    e = mc_json_error("not_found", "gone", NULL);
    CHECK(json_object_get(json_object_get(e, "error"), "field") == NULL);
    json_decref(e);
}

static void test_uuid_shape(void)
{
    CHECK(mc_is_uuid("67410329-bf4d-4408-8142-ff96f20b01a8"));
    CHECK(!mc_is_uuid("67410329-bf4d-4408-8142-ff96f20b01a"));
    CHECK(!mc_is_uuid("67410329xbf4d-4408-8142-ff96f20b01a8"));
    CHECK(!mc_is_uuid("6741032g-bf4d-4408-8142-ff96f20b01a8"));
    CHECK(!mc_is_uuid("'; DROP TABLE cases; --"));
    CHECK(!mc_is_uuid(NULL));
}

TH_MAIN(TH_CASE(test_accepts_good_bodies), TH_CASE(test_names_the_field_at_fault),
        TH_CASE(test_rejects_unknown_fields_and_non_objects), TH_CASE(test_error_envelope),
        TH_CASE(test_uuid_shape))
