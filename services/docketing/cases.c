/* SPDX-License-Identifier: Apache-2.0 */
/* Cases: reading them (with access checks), listing, assigning a judge, and status events. */
#include "docketing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_MAX 200

/* Shows the first 6 and last 2 characters of an ID number to people it does not belong to. */
static void mask_parties(json_t *parties, const char *own_idn)
{
    size_t i;
    json_t *p;

    json_array_foreach(parties, i, p)
    {
        const char *idn = mc_json_str(p, "id_number");
        char masked[32];

        if (idn == NULL || (own_idn && strcmp(idn, own_idn) == 0) || strlen(idn) != 18)
            continue;
        snprintf(masked, sizeof masked, "%.6s**********%s", idn, idn + 16);
        json_object_set_new(p, "id_number", json_string(masked));
    }
}

static json_t *case_from_row(const PGresult *res, int r)
{
    json_t *parties = json_loads(PQgetvalue(res, r, 13), 0, NULL);

    return mc_json_xpack(
        "{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:o, s:o, s:s, s:I, s:s, s:o}", "id",
        PQgetvalue(res, r, 0), "number", PQgetvalue(res, r, 1), "court_code", PQgetvalue(res, r, 2),
        "case_type", PQgetvalue(res, r, 3), "cause_of_action", PQgetvalue(res, r, 4), "amount_fen",
        (json_int_t)atoll(PQgetvalue(res, r, 5)), "fee_fen",
        (json_int_t)atoll(PQgetvalue(res, r, 6)), "status", PQgetvalue(res, r, 7), "judge_id",
        mc_json_str_or_null(mc_db_val(res, r, 8)), "judge_name",
        mc_json_str_or_null(mc_db_val(res, r, 9)), "filing_id", PQgetvalue(res, r, 10), "version",
        (json_int_t)atoll(PQgetvalue(res, r, 11)), "created_at", PQgetvalue(res, r, 12), "parties",
        parties ? parties : json_array());
}

/* How the caller relates to the case: "court" staff, "party", or NULL for no access. */
static const char *access_of(struct mc_req *req, const json_t *c)
{
    const char *court = mc_auth_claim(req, "court"), *idn = mc_auth_claim(req, "idn");
    size_t i;
    json_t *p;

    if (mc_auth_is_staff(req))
        return court && strcmp(court, mc_json_str(c, "court_code")) == 0 ? "court" : NULL;
    json_array_foreach(json_object_get(c, "parties"), i, p)
    {
        const char *pidn = mc_json_str(p, "id_number");

        if (idn && pidn && strcmp(idn, pidn) == 0)
            return "party";
    }
    return NULL;
}

mc_status docketing_load_case(struct mc_req *req, const char *id, json_t **out_case)
{
    PGresult *res;
    const char *access;
    mc_status st = MC_OK;
    json_t *c;

    if (!mc_is_uuid(id))
        return mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id", "no case has this id");
    res = mc_db_exec(req->db, "case_get", 1, (const char *[]){id});
    if (!mc_db_ok(res, "get case", &st) || PQntuples(res) == 0) {
        PQclear(res);
        return st != MC_OK ? st
                           : mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id", "no case has this id");
    }
    c = case_from_row(res, 0);
    PQclear(res);
    access = access_of(req, c);
    if (access == NULL) {
        json_decref(c);
        return mc_reply_error(req, MC_E_FORBIDDEN, NULL, NULL, "this case is not yours to see");
    }
    json_object_set_new(c, "access", json_string(access));
    *out_case = c;
    return MC_OK;
}

mc_status docketing_on_case_get(struct mc_req *req)
{
    json_t *c = NULL;
    mc_status st = docketing_load_case(req, mc_json_str(req->params, "id"), &c);

    if (st != MC_OK)
        return st;
    if (!mc_auth_is_staff(req))
        mask_parties(json_object_get(c, "parties"), mc_auth_claim(req, "idn"));
    mc_reply_json_take(req, 200, c);
    return MC_OK;
}

/* The full case for other services; they decide what their caller may do with it. */
mc_status docketing_on_case_access(struct mc_req *req)
{
    json_t *c = NULL;
    mc_status st = docketing_load_case(req, mc_json_str(req->params, "id"), &c);

    if (st == MC_OK)
        mc_reply_json_take(req, 200, c);
    return st;
}

mc_status docketing_on_case_list(struct mc_req *req)
{
    const char *limit_s = mc_json_str(req->params, "limit");
    long limit = limit_s ? strtol(limit_s, NULL, 10) : 50;
    bool is_staff = mc_auth_is_staff(req);
    const char *key = mc_auth_claim(req, is_staff ? "court" : "idn");
    char limit_buf[16];
    json_t *items = json_array();
    PGresult *res;
    mc_status st = MC_OK;

    if (limit < 1 || limit > LIST_MAX)
        limit = LIST_MAX;
    snprintf(limit_buf, sizeof limit_buf, "%ld", limit);
    res = mc_db_exec(req->db, is_staff ? "case_list_court" : "case_list_party", 2,
                     (const char *[]){key ? key : "", limit_buf});
    if (mc_db_ok(res, "list cases", &st)) {
        for (int r = 0; r < PQntuples(res); r++) {
            json_t *c = case_from_row(res, r);

            if (!is_staff)
                mask_parties(json_object_get(c, "parties"), key);
            json_array_append_new(items, c);
        }
        mc_reply_json_take(req, 200, mc_json_xpack("{s:O}", "items", items));
    }
    json_decref(items);
    PQclear(res);
    return st;
}

/* Asks identity who the judge is; replies and fails unless it is a judge of this court. */
static mc_status find_judge(struct mc_req *req, const char *court, json_t **out_judge)
{
    json_t *params = mc_json_xpack("{s:s}", "id", mc_json_str(req->body, "judge"));
    json_t *j = NULL;
    mc_status st = mc_req_call(req, "identity.staff.get", params, NULL, &j, NULL);

    json_decref(params);
    if (st == MC_E_NOT_FOUND || st == MC_E_INVALID)
        return mc_reply_error(req, MC_E_INVALID, "unknown_judge", "judge", "no such staff member");
    if (st != MC_OK)
        return st;
    if (strcmp(mc_json_str(j, "role"), "judge") != 0 ||
        strcmp(mc_json_str(j, "court_code"), court) != 0) {
        json_decref(j);
        return mc_reply_error(req, MC_E_INVALID, "unknown_judge", "judge",
                              "the judge must be a judge of court %s", court);
    }
    *out_judge = j;
    return MC_OK;
}

mc_status docketing_on_case_assign(struct mc_req *req)
{
    const char *id = mc_json_str(req->params, "id"), *role = mc_auth_role(req);
    json_t *c = NULL, *judge = NULL;
    PGresult *res = NULL;
    mc_status st;

    if ((st = docketing_load_case(req, id, &c)) != MC_OK)
        return st;
    if (strcmp(role, "clerk") != 0 && strcmp(role, "admin") != 0)
        st = mc_reply_error(req, MC_E_FORBIDDEN, NULL, NULL, "only a clerk assigns judges");
    if (st == MC_OK)
        st = find_judge(req, mc_json_str(c, "court_code"), &judge);
    if (st == MC_OK && (st = mc_db_cmd(req->db, "BEGIN")) == MC_OK) {
        res =
            mc_db_exec(req->db, "case_assign", 3,
                       (const char *[]){id, mc_json_str(judge, "id"), mc_json_str(judge, "name")});
        if (mc_db_ok(res, "assign", &st) && PQntuples(res) == 0)
            st = mc_reply_error(req, MC_E_CONFLICT, "wrong_state", NULL,
                                "a judge can only be assigned before the case moves on");
    }
    if (st == MC_OK)
        st = mc_outbox_add(req->db, "docketing", "case_assigned",
                           mc_json_xpack("{s:s, s:s, s:s}", "case_id", id, "judge_id",
                                         mc_json_str(judge, "id"), "judge_name",
                                         mc_json_str(judge, "name")));
    if (st == MC_OK && (st = mc_db_cmd(req->db, "COMMIT")) == MC_OK) {
        json_decref(c);
        c = NULL;
        if ((st = docketing_load_case(req, id, &c)) == MC_OK)
            mc_reply_json_take(req, 200, json_incref(c));
    }
    PQclear(res);
    json_decref(judge);
    json_decref(c);
    return st;
}

/* Case status follows what happens elsewhere: a mediated hearing, an enforcement. */
static mc_status on_case_event(struct mc_event *ev)
{
    const char *case_id = mc_json_str(ev->data, "case_id"), *status = NULL;
    PGresult *res;
    mc_status st = MC_OK;

    if (strcmp(ev->type, "hearing_closed") == 0 &&
        strcmp(mc_json_str(ev->data, "outcome") ? mc_json_str(ev->data, "outcome") : "",
               "mediated") == 0)
        status = "mediated";
    else if (strcmp(ev->type, "enforcement_opened") == 0)
        status = "in_enforcement";
    if (status == NULL || !mc_is_uuid(case_id))
        return MC_OK;
    res = mc_db_exec(ev->db, "case_set_status", 2, (const char *[]){case_id, status});
    mc_db_ok(res, "set case status", &st);
    PQclear(res);
    return st;
}

const struct mc_consumer docketing_consumers[] = {
    {"docketing-hearings", "evt.hearings.>", on_case_event},
    {"docketing-enforcement", "evt.enforcement.>", on_case_event},
};
const size_t docketing_n_consumers = sizeof docketing_consumers / sizeof docketing_consumers[0];
