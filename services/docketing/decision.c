/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The clerk's decision on a filing. Accepting creates the case and its number in the same
 * transaction that takes the next sequence from case_counters: the counter row stays locked
 * until commit, so two clerks accepting at once get consecutive numbers, and a failed
 * transaction gives its number back (no gaps, no duplicates).
 */
#include "docketing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct accepted {
    char case_id[40];
    char number[96];
};

static mc_status insert_parties(struct mc_req *req, const char *case_id, const json_t *parties)
{
    mc_status st = MC_OK;
    size_t i;
    json_t *p;

    json_array_foreach(parties, i, p)
    {
        char party_id[24];
        const char *idn = mc_json_str(p, "id_number");
        const char *v[6] = {case_id,
                            party_id,
                            mc_json_str(p, "role"),
                            mc_json_str(p, "kind"),
                            mc_json_str(p, "name"),
                            idn ? idn : mc_json_str(p, "uscc")};
        PGresult *res;

        snprintf(party_id, sizeof party_id, "p%zu", i + 1);
        res = mc_db_exec(req->db, "party_insert", 6, v);
        mc_db_ok(res, "insert party", &st);
        PQclear(res);
        if (st != MC_OK)
            break;
    }
    return st;
}

/* Takes the next number for the court, year and type, and formats it. */
static mc_status next_number(struct mc_req *req, const char *court, const char *type, int year,
                             char *out_seq, size_t seq_len, char *out_number, size_t number_len)
{
    char year_s[8];
    struct mc_case_number cn = {.year = year};
    PGresult *res;
    mc_status st = MC_OK;

    snprintf(year_s, sizeof year_s, "%d", year);
    res = mc_db_exec(req->db, "counter_next", 3, (const char *[]){court, year_s, type});
    if (mc_db_ok(res, "next case number", &st)) {
        snprintf(out_seq, seq_len, "%s", PQgetvalue(res, 0, 0));
        cn.seq = (uint32_t)atol(out_seq);
        snprintf(cn.court, sizeof cn.court, "%s", court);
        snprintf(cn.type, sizeof cn.type, "%s", type);
        if (mc_case_number_format(&cn, 0, out_number, number_len) < 0)
            st = mc_err_set(MC_E_INTERNAL, "cannot format case number");
    }
    PQclear(res);
    return st;
}

static mc_status create_case(struct mc_req *req, const char *filing_id, const PGresult *f,
                             struct accepted *out)
{
    const char *court = PQgetvalue(f, 0, 1), *type = PQgetvalue(f, 0, 2);
    int year = mc_date_today_shanghai(time(NULL)).y;
    char year_s[8], seq[16];
    json_t *body = json_loads(PQgetvalue(f, 0, 4), 0, NULL);
    PGresult *res;
    mc_status st;

    snprintf(year_s, sizeof year_s, "%d", year);
    st = next_number(req, court, type, year, seq, sizeof seq, out->number, sizeof out->number);
    if (st != MC_OK)
        goto done;
    res =
        mc_db_exec(req->db, "case_insert", 9,
                   (const char *[]){filing_id, out->number, court, year_s, type, seq,
                                    PQgetvalue(f, 0, 3), PQgetvalue(f, 0, 5), PQgetvalue(f, 0, 6)});
    if (mc_db_ok(res, "insert case", &st))
        snprintf(out->case_id, sizeof out->case_id, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    if (st == MC_OK)
        st = insert_parties(req, out->case_id, json_object_get(body, "parties"));
done:
    json_decref(body);
    return st;
}

static const char *status_for(const char *decision)
{
    if (strcmp(decision, "accept") == 0)
        return "accepted";
    if (strcmp(decision, "reject") == 0)
        return "rejected";
    if (strcmp(decision, "amend") == 0)
        return "amendment_requested";
    return NULL;
}

/* Locks the filing and checks the clerk may decide it now. Replies on refusal. */
static mc_status lock_filing(struct mc_req *req, const char *id, PGresult **out_res)
{
    const char *court = mc_auth_claim(req, "court"), *role = mc_auth_role(req);
    PGresult *res = mc_db_exec(req->db, "filing_lock", 1, (const char *[]){id});
    mc_status st = MC_OK;

    if (!mc_db_ok(res, "lock filing", &st)) {
        PQclear(res);
        return st;
    }
    if (PQntuples(res) == 0)
        st = mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id", "no filing has this id");
    else if ((strcmp(role, "clerk") != 0 && strcmp(role, "admin") != 0) || court == NULL ||
             strcmp(court, PQgetvalue(res, 0, 1)) != 0)
        st = mc_reply_error(req, MC_E_FORBIDDEN, NULL, NULL,
                            "only a clerk of court %s decides this filing", PQgetvalue(res, 0, 1));
    else if (strcmp(PQgetvalue(res, 0, 0), "submitted") != 0)
        st = mc_reply_error(req, MC_E_CONFLICT, "already_decided", NULL, "the filing is already %s",
                            PQgetvalue(res, 0, 0));
    if (st != MC_OK) {
        PQclear(res);
        return st;
    }
    *out_res = res;
    return MC_OK;
}

static mc_status record_decision(struct mc_req *req, const char *id, const char *status,
                                 const struct accepted *a)
{
    const char *reason = mc_json_str(req->body, "reason");
    const char *v[5] = {id, status, reason, mc_auth_claim(req, "sub"),
                        a->case_id[0] ? a->case_id : NULL};
    PGresult *res = mc_db_exec(req->db, "filing_decide", 5, v);
    mc_status st = MC_OK;
    json_t *ev;

    mc_db_ok(res, "decide filing", &st);
    PQclear(res);
    if (st != MC_OK)
        return st;
    ev = mc_json_xpack("{s:s, s:s, s:o}", "filing_id", id, "status", status, "reason",
                       mc_json_str_or_null(reason));
    if (a->case_id[0]) {
        json_object_set_new(ev, "case_id", json_string(a->case_id));
        json_object_set_new(ev, "number", json_string(a->number));
    }
    return mc_outbox_add(req->db, "docketing", a->case_id[0] ? "case_accepted" : "filing_decided",
                         ev);
}

static mc_status decide(struct mc_req *req, const char *id, const char *status, struct accepted *a)
{
    PGresult *f = NULL;
    mc_status st;

    if ((st = mc_db_cmd(req->db, "BEGIN")) != MC_OK)
        return st;
    if ((st = lock_filing(req, id, &f)) != MC_OK)
        return st;
    if (strcmp(status, "accepted") == 0)
        st = create_case(req, id, f, a);
    if (st == MC_OK)
        st = record_decision(req, id, status, a);
    if (st == MC_OK)
        st = mc_db_cmd(req->db, "COMMIT");
    PQclear(f);
    return st;
}

mc_status docketing_on_filing_decide(struct mc_req *req)
{
    const char *id = mc_json_str(req->params, "id");
    const char *status = status_for(mc_json_str(req->body, "decision"));
    const char *reason = mc_json_str(req->body, "reason");
    struct accepted a = {{0}, {0}};
    json_t *reply;
    mc_status st;

    if (!mc_is_uuid(id))
        return mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id", "no filing has this id");
    if (status == NULL)
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", "decision",
                              "decision must be accept, reject or amend");
    if (strcmp(status, "accepted") != 0 && (reason == NULL || *reason == '\0'))
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", "reason",
                              "a rejection or a request for amendment needs a reason");
    st = decide(req, id, status, &a);
    if (st != MC_OK || req->has_replied)
        return st;
    reply = mc_json_xpack("{s:s, s:s}", "filing_id", id, "status", status);
    if (a.case_id[0]) {
        json_t *c = NULL;

        if (docketing_load_case(req, a.case_id, &c) != MC_OK) {
            json_decref(reply);
            return MC_E_INTERNAL;
        }
        json_object_set_new(reply, "case", c);
    }
    mc_reply_json_take(req, 200, reply);
    return MC_OK;
}
