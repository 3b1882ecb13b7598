/* SPDX-License-Identifier: Apache-2.0 */
/* Route matching of the gateway: path parameters, methods, near misses. */
#include "harness.h"

#include "../../../../services/gateway/routes.c"

static const char *match(const char *method, const char *path, json_t *params, bool *known)
{
    const struct gw_route *r = gw_route_match(method, path, params, known);

    return r ? r->subject : NULL;
}

static void test_binds_path_parameters(void)
{
    json_t *p = json_object();
    bool known;

    CHECK_STR("documents.upload", match("POST", "/api/v1/cases/abc/documents", p, &known));
    CHECK_STR("abc", mc_json_str(p, "id"));
    json_decref(p);
    p = json_object();
    CHECK_STR("docketing.court.get", match("GET", "/api/v1/courts/浙0203", p, &known));
    CHECK_STR("浙0203", mc_json_str(p, "code"));
    json_decref(p);
}

static void test_method_and_path_misses(void)
{
    json_t *p = json_object();
    bool known = true;

    CHECK(match("GET", "/api/v1/nothing", p, &known) == NULL);
    CHECK(!known);
    CHECK(match("DELETE", "/api/v1/cases", p, &known) == NULL);
    CHECK(known);
    CHECK(match("GET", "/api/v1/cases/", p, &known) == NULL);
    CHECK(match("GET", "/api/v1/cases/a/b/c", p, &known) == NULL);
    CHECK(match("GET", "/api/v1/casesx", p, &known) == NULL);
    CHECK_INT(0, (long long)json_object_size(p));
    json_decref(p);
}

static void test_every_route_matches_itself(void)
{
    for (size_t i = 0; i < gw_n_routes; i++) {
        json_t *p = json_object();
        char path[256], *o = path;
        bool known;

        for (const char *s = gw_routes[i].pattern; *s && o < path + sizeof path - 2; s++) {
            if (*s == '{') {
                *o++ = 'x';
                while (*s && *s != '}')
                    s++;
            } else {
                *o++ = *s;
            }
        }
        *o = '\0';
        CHECK_STR(gw_routes[i].subject, match(gw_routes[i].method, path, p, &known));
        json_decref(p);
    }
}

TH_MAIN(TH_CASE(test_binds_path_parameters), TH_CASE(test_method_and_path_misses),
        TH_CASE(test_every_route_matches_itself))
