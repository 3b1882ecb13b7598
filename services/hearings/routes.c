/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The subjects hearings serves, each with the field table its body is checked against, and the
 * access rules every handler shares: the case and the caller's relation to it come from
 * docketing.case.access, asked with the caller's own claims.
 */
#include "hearings.h"

#include <stdlib.h>
#include <string.h>

static const struct mc_field open_fields[] = {
    {"kind", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 32},
    {"starts_at", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 64},
};

static const struct mc_field message_fields[] = {
    {"text", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, HEARINGS_TEXT_MAX},
};

static const struct mc_field close_fields[] = {
    {"outcome", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 32},
    {"agreement_text", MC_J_STRING, 0, HEARINGS_AGREEMENT_MAX},
};

const struct mc_route hearings_routes[] = {
    {"hearings.open", hearings_on_open, MC_FIELDS(open_fields), MC_ROUTE_IDEMPOTENT},
    {"hearings.get", hearings_on_get, NULL, 0, 0},
    {"hearings.message.post", hearings_on_message_post, MC_FIELDS(message_fields),
     MC_ROUTE_IDEMPOTENT},
    {"hearings.message.list", hearings_on_message_list, NULL, 0, 0},
    {"hearings.close", hearings_on_close, MC_FIELDS(close_fields), MC_ROUTE_IDEMPOTENT},
};
const size_t hearings_n_routes = sizeof hearings_routes / sizeof hearings_routes[0];

mc_status hearings_case_access(struct mc_req *req, const char *case_id, json_t **out_case)
{
    json_t *params = mc_json_xpack("{s:s}", "id", case_id ? case_id : "");
    char *code = NULL;
    mc_status st = mc_req_call(req, "docketing.case.access", params, NULL, out_case, &code);

    json_decref(params);
    if (st == MC_E_FORBIDDEN || st == MC_E_NOT_FOUND || st == MC_E_INVALID)
        st = mc_reply_error(req, st == MC_E_INVALID ? MC_E_NOT_FOUND : st, code,
                            st == MC_E_FORBIDDEN ? NULL : "id", "%s", mc_err_text());
    free(code);
    return st;
}

mc_status hearings_load(struct mc_req *req, const char *id, json_t **out_hearing, json_t **out_case)
{
    PGresult *res;
    mc_status st = MC_OK;
    json_t *h, *c = NULL;

    if (!mc_is_uuid(id))
        return mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id", "no hearing has this id");
    res = mc_db_exec(req->db, "hearing_get", 1, (const char *[]){id});
    if (!mc_db_ok(res, "get hearing", &st) || PQntuples(res) == 0) {
        PQclear(res);
        return st != MC_OK
                   ? st
                   : mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id", "no hearing has this id");
    }
    h = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
    PQclear(res);
    MC_ASSERT(h != NULL);
    if ((st = hearings_case_access(req, mc_json_str(h, "case_id"), &c)) != MC_OK) {
        json_decref(h);
        return st;
    }
    *out_hearing = h;
    if (out_case)
        *out_case = c;
    else
        json_decref(c);
    return MC_OK;
}

bool hearings_is_court_officer(const struct mc_req *req, const json_t *c)
{
    const char *role = mc_auth_role(req), *access = mc_json_str(c, "access");

    return access && strcmp(access, "court") == 0 &&
           (strcmp(role, "judge") == 0 || strcmp(role, "clerk") == 0);
}

bool hearings_may_conduct(const struct mc_req *req, const json_t *c)
{
    const char *sub = mc_auth_claim(req, "sub"), *judge = mc_json_str(c, "judge_id");

    if (!hearings_is_court_officer(req, c))
        return false;
    if (strcmp(mc_auth_role(req), "clerk") == 0)
        return true;
    return sub && judge && strcmp(sub, judge) == 0;
}

const json_t *hearings_own_party(const struct mc_req *req, const json_t *c)
{
    const char *idn = mc_auth_claim(req, "idn"), *access = mc_json_str(c, "access");
    size_t i;
    json_t *p;

    if (idn == NULL || access == NULL || strcmp(access, "party") != 0)
        return NULL;
    json_array_foreach(json_object_get(c, "parties"), i, p)
    {
        const char *pidn = mc_json_str(p, "id_number");

        if (pidn && strcmp(pidn, idn) == 0)
            return p;
    }
    return NULL;
}
