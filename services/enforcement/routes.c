/* SPDX-License-Identifier: Apache-2.0 */
/* The subjects enforcement serves, reading an enforcement case, and calls to other services. */
#include "enforcement.h"

#include <stdio.h>
#include <stdlib.h>

static const struct mc_field open_fields[] = {
    {"amount_fen", MC_J_INTEGER, MC_F_REQUIRED | MC_F_POSITIVE, MC_FEE_MAX_AMOUNT_FEN},
    {"respondents", MC_J_ARRAY, MC_F_REQUIRED | MC_F_NONEMPTY, ENFORCEMENT_MAX_RESPONDENTS},
    {"applicant", MC_J_STRING, MC_F_NONEMPTY, 16},
};

const struct mc_route enforcement_routes[] = {
    {"enforcement.open", enforcement_on_open, MC_FIELDS(open_fields), MC_ROUTE_IDEMPOTENT},
    {"enforcement.get", enforcement_on_get, NULL, 0, 0},
};
const size_t enforcement_n_routes = sizeof enforcement_routes / sizeof enforcement_routes[0];

mc_status enforcement_call(struct mc_req *req, const char *subject, json_t *params, json_t **out)
{
    char *code = NULL, msg[256];
    mc_status st = mc_req_call(req, subject, params, NULL, out, &code);

    json_decref(params);
    if (st == MC_E_FORBIDDEN || st == MC_E_NOT_FOUND || st == MC_E_INVALID || st == MC_E_CONFLICT) {
        snprintf(msg, sizeof msg, "%s", mc_err_text());
        st = mc_reply_error(req, st, code, NULL, "%s", msg);
    }
    free(code);
    return st;
}

json_t *enforcement_from_row(const PGresult *res, int r)
{
    json_t *applicant = json_loads(PQgetvalue(res, r, 5), 0, NULL);
    json_t *respondents = json_loads(PQgetvalue(res, r, 6), 0, NULL);
    json_t *fee = mc_json_xpack("{s:I, s:s, s:s}", "fen", (json_int_t)atoll(PQgetvalue(res, r, 8)),
                                "payable_by", "respondent", "rule", ENFORCEMENT_FEE_RULE);

    return mc_json_xpack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:I, s:o, s:s, s:s}", "id",
                         PQgetvalue(res, r, 0), "number", PQgetvalue(res, r, 1), "case_id",
                         PQgetvalue(res, r, 2), "case_number", PQgetvalue(res, r, 3), "court_code",
                         PQgetvalue(res, r, 4), "applicant", applicant ? applicant : json_null(),
                         "respondents", respondents ? respondents : json_array(), "amount_fen",
                         (json_int_t)atoll(PQgetvalue(res, r, 7)), "fee", fee, "status",
                         PQgetvalue(res, r, 9), "opened_at", PQgetvalue(res, r, 10));
}

/* Staff of the court or a party of the underlying case; docketing decides which. */
mc_status enforcement_on_get(struct mc_req *req)
{
    const char *id = mc_json_str(req->params, "id");
    json_t *c = NULL, *e;
    PGresult *res;
    mc_status st = MC_OK;

    if (!mc_is_uuid(id))
        return mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id", "no enforcement case has this id");
    res = mc_db_exec(req->db, "enforcement_get", 1, (const char *[]){id});
    if (!mc_db_ok(res, "get enforcement", &st) || PQntuples(res) == 0) {
        PQclear(res);
        return st != MC_OK ? st
                           : mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id",
                                            "no enforcement case has this id");
    }
    e = enforcement_from_row(res, 0);
    PQclear(res);
    st = enforcement_call(req, "docketing.case.access",
                          mc_json_xpack("{s:s}", "id", mc_json_str(e, "case_id")), &c);
    if (st == MC_OK)
        mc_reply_json_take(req, 200, json_incref(e));
    json_decref(c);
    json_decref(e);
    return st;
}
