/* SPDX-License-Identifier: Apache-2.0 */
/* The public HTTP API as data: each route is one NATS subject. proto/openapi.yaml agrees. */
#include "gateway.h"

#include <string.h>

#include "mc/json.h"

const struct gw_route gw_routes[] = {
    {"POST", "/api/v1/staff/sessions", "identity.staff.login", GW_AUTH_NONE, false},
    {"POST", "/api/v1/litigants/otp", "identity.otp.request", GW_AUTH_NONE, false},
    {"POST", "/api/v1/litigants/sessions", "identity.litigant.login", GW_AUTH_NONE, false},
    {"POST", "/api/v1/litigants/challenges", "identity.challenge.create", GW_AUTH_NONE, false},
    {"POST", "/api/v1/litigants/verifications", "identity.verification.submit", GW_AUTH_NONE,
     false},
    {"POST", "/api/v1/litigants/reviews/{id}/token", "identity.review.token", GW_AUTH_NONE, false},
    {"DELETE", "/api/v1/sessions/current", "identity.session.revoke", GW_AUTH_ANY, false},
    {"POST", "/api/v1/reverifications", "identity.reverify.challenge", GW_AUTH_ANY, false},
    {"POST", "/api/v1/documents/{id}/face-assertions", "identity.reverify", GW_AUTH_ANY, false},
    {"GET", "/api/v1/reviews", "identity.review.list", GW_AUTH_STAFF, false},
    {"GET", "/api/v1/reviews/{id}/photos/{n}", "identity.review.photo", GW_AUTH_STAFF, false},
    {"POST", "/api/v1/reviews/{id}/decision", "identity.review.decide", GW_AUTH_STAFF, false},
    {"POST", "/api/v1/staff/faces", "identity.staff.enroll_face", GW_AUTH_STAFF, false},
    {"GET", "/api/v1/courts/{code}", "docketing.court.get", GW_AUTH_NONE, false},
    {"POST", "/api/v1/filings", "docketing.filing.submit", GW_AUTH_ANY, false},
    {"GET", "/api/v1/filings/{id}", "docketing.filing.get", GW_AUTH_ANY, false},
    {"POST", "/api/v1/filings/{id}/decision", "docketing.filing.decide", GW_AUTH_STAFF, false},
    {"GET", "/api/v1/cases", "docketing.case.list", GW_AUTH_ANY, false},
    {"GET", "/api/v1/cases/{id}", "docketing.case.get", GW_AUTH_ANY, false},
    {"POST", "/api/v1/cases/{id}/assignment", "docketing.case.assign", GW_AUTH_STAFF, false},
    {"POST", "/api/v1/cases/{id}/documents", "documents.upload", GW_AUTH_ANY, true},
    {"GET", "/api/v1/cases/{id}/documents", "documents.list", GW_AUTH_ANY, false},
    {"GET", "/api/v1/documents/{id}", "documents.get", GW_AUTH_ANY, false},
    {"GET", "/api/v1/documents/{id}/content", "documents.content", GW_AUTH_ANY, false},
    {"POST", "/api/v1/cases/{id}/services", "documents.service.create", GW_AUTH_STAFF, false},
    {"GET", "/api/v1/services/{id}", "documents.service.get", GW_AUTH_ANY, false},
    {"POST", "/api/v1/services/{id}/receipt", "documents.service.receipt", GW_AUTH_ANY, false},
    {"POST", "/api/v1/cases/{id}/hearings", "hearings.open", GW_AUTH_STAFF, false},
    {"GET", "/api/v1/hearings/{id}", "hearings.get", GW_AUTH_ANY, false},
    {"POST", "/api/v1/hearings/{id}/messages", "hearings.message.post", GW_AUTH_ANY, false},
    {"GET", "/api/v1/hearings/{id}/messages", "hearings.message.list", GW_AUTH_ANY, false},
    {"POST", "/api/v1/hearings/{id}/close", "hearings.close", GW_AUTH_STAFF, false},
    {"POST", "/api/v1/documents/{id}/signatures", "signatures.sign", GW_AUTH_ANY, false},
    {"GET", "/api/v1/documents/{id}/signatures", "signatures.list", GW_AUTH_ANY, false},
    {"POST", "/api/v1/cases/{id}/enforcement", "enforcement.open", GW_AUTH_ANY, false},
    {"GET", "/api/v1/enforcement/{id}", "enforcement.get", GW_AUTH_ANY, false},
};
const size_t gw_n_routes = sizeof gw_routes / sizeof gw_routes[0];

/* Matches segment by segment; binds {name} segments into bound. */
static bool match_path(const char *pattern, const char *path, json_t *bound)
{
    while (*pattern == '/' && *path == '/') {
        const char *pe = strchrnul(pattern + 1, '/'), *se = strchrnul(path + 1, '/');
        size_t plen = (size_t)(pe - pattern - 1), slen = (size_t)(se - path - 1);

        if (plen > 2 && pattern[1] == '{') {
            char name[32];

            if (slen == 0 || slen > 128 || plen - 2 >= sizeof name)
                return false;
            memcpy(name, pattern + 2, plen - 2);
            name[plen - 2] = '\0';
            json_object_set_new(bound, name, json_stringn(path + 1, slen));
        } else if (plen != slen || memcmp(pattern + 1, path + 1, plen) != 0) {
            return false;
        }
        pattern = pe;
        path = se;
    }
    return *pattern == '\0' && *path == '\0';
}

const struct gw_route *gw_route_match(const char *method, const char *path, json_t *params,
                                      bool *out_path_known)
{
    *out_path_known = false;
    for (size_t i = 0; i < gw_n_routes; i++) {
        json_t *bound = json_object();
        const struct gw_route *r = &gw_routes[i];

        if (match_path(r->pattern, path, bound)) {
            *out_path_known = true;
            if (strcmp(r->method, method) == 0) {
                json_object_update(params, bound);
                json_decref(bound);
                return r;
            }
        }
        json_decref(bound);
    }
    return NULL;
}
