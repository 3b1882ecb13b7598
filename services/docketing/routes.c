/* SPDX-License-Identifier: Apache-2.0 */
/* The subjects docketing serves, each with the field table its body is checked against. */
#include "docketing.h"

static const struct mc_field filing_fields[] = {
    {"court_code", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 32},
    {"case_type", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 16},
    {"cause_of_action", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 128},
    {"procedure", MC_J_STRING, 0, 16},
    {"claims", MC_J_ARRAY, MC_F_REQUIRED | MC_F_NONEMPTY, DOCKETING_MAX_CLAIMS},
    {"parties", MC_J_ARRAY, MC_F_REQUIRED | MC_F_NONEMPTY, DOCKETING_MAX_PARTIES},
    {"facts", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 20000},
    {"reasons", MC_J_STRING, 0, 20000},
};

static const struct mc_field decision_fields[] = {
    {"decision", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 16},
    {"reason", MC_J_STRING, 0, 2000},
};

static const struct mc_field assign_fields[] = {
    {"judge", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 64},
};

const struct mc_route docketing_routes[] = {
    {"docketing.court.get", docketing_on_court_get, NULL, 0, 0},
    {"docketing.filing.submit", docketing_on_filing_submit, MC_FIELDS(filing_fields),
     MC_ROUTE_IDEMPOTENT},
    {"docketing.filing.get", docketing_on_filing_get, NULL, 0, 0},
    {"docketing.filing.decide", docketing_on_filing_decide, MC_FIELDS(decision_fields),
     MC_ROUTE_IDEMPOTENT},
    {"docketing.case.get", docketing_on_case_get, NULL, 0, 0},
    {"docketing.case.list", docketing_on_case_list, NULL, 0, 0},
    {"docketing.case.assign", docketing_on_case_assign, MC_FIELDS(assign_fields),
     MC_ROUTE_IDEMPOTENT},
    {"docketing.case.access", docketing_on_case_access, NULL, 0, 0},
};
const size_t docketing_n_routes = sizeof docketing_routes / sizeof docketing_routes[0];

mc_status docketing_on_court_get(struct mc_req *req)
{
    const struct docketing *d = mc_service_user(req->svc);
    const char *code = mc_json_str(req->params, "code");
    const struct mc_court *c;

    if (code == NULL || mc_court_find(d->tables, code, &c) != 0)
        return mc_reply_error(req, MC_E_NOT_FOUND, "unknown_court", "code", "no such court");
    mc_reply_json_take(req, 200,
                       mc_json_xpack("{s:s, s:s, s:s, s:s, s:s, s:b}", "code", c->code, "name_zh",
                                     c->name_zh, "name_en", c->name_en, "parent_code",
                                     c->parent_code, "region_code", c->region_code, "is_current",
                                     c->is_current));
    return MC_OK;
}
