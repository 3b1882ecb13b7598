/* SPDX-License-Identifier: Apache-2.0 */
/* Hearings themselves: opening one on a case, and reading it. */
#include "hearings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {"pre_trial", "evidence_exchange", "mediation", "trial"};

/* Case states in which a hearing may be held; anything else (closed, in enforcement) is not. */
static const char *const open_states[] = {"accepted", "assigned", "mediated"};

static bool is_one_of(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s && strcmp(s, list[i]) == 0)
            return true;
    return false;
}

/* The case's parties (without their ID numbers) and its judge. owned: json_decref. */
static json_t *participants_of(const json_t *c)
{
    json_t *out = json_array(), *p;
    size_t i;

    json_array_foreach(json_object_get(c, "parties"), i, p) json_array_append_new(
        out, mc_json_xpack("{s:O?, s:O?, s:O?, s:O?}", "party_id", json_object_get(p, "party_id"),
                           "role", json_object_get(p, "role"), "kind", json_object_get(p, "kind"),
                           "name", json_object_get(p, "name")));
    if (mc_json_str(c, "judge_id"))
        json_array_append_new(out, mc_json_xpack("{s:s, s:s, s:O?}", "role", "judge", "staff_id",
                                                 mc_json_str(c, "judge_id"), "name",
                                                 json_object_get(c, "judge_name")));
    return out;
}

/* Checks kind and starts_at; replies and returns MC_E_INVALID when either is wrong. */
static mc_status check_open_body(struct mc_req *req, time_t *out_starts)
{
    const char *kind = mc_json_str(req->body, "kind");
    const char *starts = mc_json_str(req->body, "starts_at");
    time_t now = time(NULL);

    if (!is_one_of(kind, kinds, sizeof kinds / sizeof kinds[0]))
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", "kind",
                              "kind is pre_trial, evidence_exchange, mediation or trial");
    if (!hearings_parse_time(starts, out_starts))
        return mc_reply_error(
            req, MC_E_INVALID, "invalid_argument", "starts_at",
            "starts_at is an RFC 3339 date-time such as 2026-12-03T09:30:00+08:00");
    if (*out_starts < now - HEARINGS_PAST_DAYS * 86400L ||
        *out_starts > now + HEARINGS_AHEAD_DAYS * 86400L)
        return mc_reply_error(req, MC_E_INVALID, "out_of_range", "starts_at",
                              "starts_at may be at most %d days back and %d days ahead",
                              HEARINGS_PAST_DAYS, HEARINGS_AHEAD_DAYS);
    return MC_OK;
}

static mc_status insert_hearing(struct mc_req *req, const json_t *c, time_t starts, json_t **out)
{
    char starts_s[32], *parts = NULL;
    json_t *participants = participants_of(c);
    PGresult *res = NULL;
    mc_status st;

    snprintf(starts_s, sizeof starts_s, "%lld", (long long)starts);
    parts = mc_json_xdumps(participants);
    if ((st = mc_db_cmd(req->db, "BEGIN")) == MC_OK) {
        res = mc_db_exec(req->db, "hearing_insert", 7,
                         (const char *[]){mc_json_str(c, "id"), mc_json_str(c, "number"),
                                          mc_json_str(c, "court_code"),
                                          mc_json_str(req->body, "kind"), starts_s,
                                          mc_auth_claim(req, "sub"), parts});
        if (mc_db_ok(res, "insert hearing", &st))
            *out = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
    }
    if (st == MC_OK)
        st = mc_outbox_add(req->db, "hearings", "hearing_opened",
                           mc_json_xpack("{s:O, s:O, s:O, s:O}", "hearing_id",
                                         json_object_get(*out, "id"), "case_id",
                                         json_object_get(*out, "case_id"), "kind",
                                         json_object_get(*out, "kind"), "starts_at",
                                         json_object_get(*out, "starts_at")));
    if (st == MC_OK)
        st = mc_db_cmd(req->db, "COMMIT");
    PQclear(res);
    free(parts);
    json_decref(participants);
    return st;
}

mc_status hearings_on_open(struct mc_req *req)
{
    json_t *c = NULL, *h = NULL;
    time_t starts = 0;
    mc_status st;

    if ((st = hearings_case_access(req, mc_json_str(req->params, "id"), &c)) != MC_OK)
        return st;
    if (!hearings_may_conduct(req, c))
        st = mc_reply_error(req, MC_E_FORBIDDEN, NULL, NULL,
                            "only the case's judge or a clerk of its court opens hearings");
    if (st == MC_OK)
        st = check_open_body(req, &starts);
    if (st == MC_OK && !is_one_of(mc_json_str(c, "status"), open_states,
                                  sizeof open_states / sizeof open_states[0]))
        st = mc_reply_error(req, MC_E_CONFLICT, "wrong_state", NULL,
                            "no hearing can be opened on a case that is %s",
                            mc_json_str(c, "status"));
    if (st == MC_OK && (st = insert_hearing(req, c, starts, &h)) == MC_OK)
        mc_reply_json_take(req, 201, json_incref(h));
    json_decref(h);
    json_decref(c);
    return st;
}

mc_status hearings_on_get(struct mc_req *req)
{
    json_t *h = NULL;
    mc_status st = hearings_load(req, mc_json_str(req->params, "id"), &h, NULL);

    if (st == MC_OK)
        mc_reply_json_take(req, 200, h);
    return st;
}
