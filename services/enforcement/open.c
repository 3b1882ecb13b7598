/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Opening an enforcement case. The applicant is a party of the case (or court staff act for
 * the first plaintiff); the respondents are other parties. The case must hold a mediation
 * agreement signed by every party. The number is taken from enforcement_counters in the same
 * transaction as the insert, so numbers have no gaps or duplicates, and a refused insert (a
 * second open enforcement for the case) gives its number back.
 */
#include "enforcement.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Everything an enforcement is opened with, checked; the handler releases the JSON. */
struct opening {
    const char *case_id;
    json_t *c;           /* the case from docketing.case.access */
    json_t *applicant;   /* {party_id, name} */
    json_t *respondents; /* [{party_id, name}] */
    long long amount_fen;
    int64_t fee_fen;
};

static const json_t *find_party(const json_t *c, const char *key, const char *value)
{
    size_t i;
    json_t *p;

    json_array_foreach(json_object_get(c, "parties"), i, p)
    {
        const char *v = mc_json_str(p, key);

        if (v && value && strcmp(v, value) == 0)
            return p;
    }
    return NULL;
}

static json_t *party_ref(const json_t *p)
{
    return mc_json_xpack("{s:s, s:s}", "party_id", mc_json_str(p, "party_id"), "name",
                         mc_json_str(p, "name"));
}

static bool is_respondent(const json_t *body, const char *party_id)
{
    size_t i;
    json_t *r;

    json_array_foreach(json_object_get(body, "respondents"), i, r)
    {
        if (json_is_string(r) && strcmp(json_string_value(r), party_id) == 0)
            return true;
    }
    return false;
}

/* True when refs, an array of {party_id, name}, already holds party_id. */
static bool has_party(const json_t *refs, const char *party_id)
{
    size_t i;
    json_t *r;

    json_array_foreach(refs, i, r)
    {
        if (strcmp(mc_json_str(r, "party_id"), party_id) == 0)
            return true;
    }
    return false;
}

/* The first plaintiff who is not a respondent: whom court staff open enforcement for. */
static const json_t *default_applicant(const json_t *c, const json_t *body)
{
    size_t i;
    json_t *p;

    json_array_foreach(json_object_get(c, "parties"), i, p)
    {
        const char *role = mc_json_str(p, "role"), *pid = mc_json_str(p, "party_id");

        if (role && pid && strcmp(role, "plaintiff") == 0 && !is_respondent(body, pid))
            return p;
    }
    return NULL;
}

/* Decides who applies. Replies and fails when the caller may not open enforcement. */
static mc_status find_applicant(struct mc_req *req, struct opening *o)
{
    const char *role = mc_auth_role(req), *access = mc_json_str(o->c, "access");
    const char *asked = mc_json_str(req->body, "applicant");
    const json_t *p;

    if (mc_auth_is_staff(req)) {
        if (strcmp(access ? access : "", "court") != 0 ||
            (strcmp(role, "enforcement") != 0 && strcmp(role, "clerk") != 0 &&
             strcmp(role, "judge") != 0))
            return mc_reply_error(req, MC_E_FORBIDDEN, NULL, NULL,
                                  "only enforcement officers, clerks and judges of the court");
        p = asked ? find_party(o->c, "party_id", asked) : default_applicant(o->c, req->body);
    } else {
        p = find_party(o->c, "id_number", mc_auth_claim(req, "idn"));
        if (p == NULL)
            return mc_reply_error(req, MC_E_FORBIDDEN, NULL, NULL, "only a party of the case");
        if (asked && strcmp(asked, mc_json_str(p, "party_id")) != 0)
            return mc_reply_error(req, MC_E_FORBIDDEN, NULL, "applicant",
                                  "a party applies only for themselves");
    }
    if (p == NULL)
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", "applicant",
                              "the applicant must be a party of the case");
    /* The creditor of the agreement applies: a plaintiff. A defendant opening first would block
     * the plaintiff's application (one open enforcement per case). */
    if (strcmp(mc_json_str(p, "role"), "plaintiff") != 0)
        return mc_reply_error(req, MC_E_FORBIDDEN, NULL, "applicant",
                              "a plaintiff applies for enforcement of the agreement");
    o->applicant = party_ref(p);
    return MC_OK;
}

/* Respondents: distinct party ids of the case, other than the applicant. Replies on refusal. */
static mc_status check_respondents(struct mc_req *req, struct opening *o)
{
    const char *applicant = mc_json_str(o->applicant, "party_id");
    size_t i;
    json_t *r;

    o->respondents = json_array();
    json_array_foreach(json_object_get(req->body, "respondents"), i, r)
    {
        const char *pid = json_string_value(r);
        const json_t *p = pid ? find_party(o->c, "party_id", pid) : NULL;

        if (p == NULL || strcmp(pid, applicant) == 0 || has_party(o->respondents, pid) ||
            strcmp(mc_json_str(p, "role"), "defendant") != 0)
            return mc_reply_error(req, MC_E_INVALID, "invalid_argument", "respondents",
                                  "respondents must be distinct defendants of the case");
        json_array_append_new(o->respondents, party_ref(p));
    }
    return MC_OK;
}

/* True when signatures.list says every party signed document doc_id. */
static mc_status agreement_signed(struct mc_req *req, const char *doc_id, bool *out)
{
    json_t *sigs = NULL;
    mc_status st =
        enforcement_call(req, "signatures.list", mc_json_xpack("{s:s}", "id", doc_id), &sigs);

    if (st == MC_OK)
        *out = json_is_true(json_object_get(sigs, "signed_by_all_parties"));
    json_decref(sigs);
    return st;
}

/*
 * The case's latest mediation agreement must be signed by all its parties: a later agreement
 * replaces an earlier one, so an old signed one does not count. Replies 409 otherwise.
 * documents.list returns the oldest first.
 */
static mc_status check_agreement(struct mc_req *req, const char *case_id)
{
    json_t *docs = NULL, *items, *latest;
    bool ok = false;
    mc_status st = enforcement_call(
        req, "documents.list",
        mc_json_xpack("{s:s, s:s}", "id", case_id, "kind", "mediation_agreement"), &docs);

    if (st != MC_OK)
        return st;
    items = json_object_get(docs, "items");
    latest = json_array_get(items, json_array_size(items) - 1);
    if (mc_json_str(latest, "id"))
        st = agreement_signed(req, mc_json_str(latest, "id"), &ok);
    if (st == MC_OK && json_array_size(json_object_get(docs, "items")) == 0)
        st = mc_reply_error(req, MC_E_CONFLICT, "no_agreement", NULL,
                            "the case has no mediation agreement to enforce");
    else if (st == MC_OK && !ok)
        st = mc_reply_error(req, MC_E_CONFLICT, "agreement_not_signed", NULL,
                            "the mediation agreement is not signed by every party");
    json_decref(docs);
    return st;
}

/* Takes the next 执 number of the case's court for this year (inside the open transaction). */
static mc_status next_number(struct mc_req *req, const char *court, int year, char *out_seq,
                             size_t seq_len, char *out_number, size_t number_len)
{
    struct mc_case_number cn = {.year = year};
    char year_s[8];
    PGresult *res;
    mc_status st = MC_OK;

    snprintf(year_s, sizeof year_s, "%d", year);
    res = mc_db_exec(req->db, "counter_next", 3,
                     (const char *[]){court, year_s, ENFORCEMENT_CASE_TYPE});
    if (mc_db_ok(res, "next enforcement number", &st)) {
        snprintf(out_seq, seq_len, "%s", PQgetvalue(res, 0, 0));
        cn.seq = (uint32_t)strtoul(out_seq, NULL, 10);
        snprintf(cn.court, sizeof cn.court, "%s", court);
        snprintf(cn.type, sizeof cn.type, "%s", ENFORCEMENT_CASE_TYPE);
        if (mc_case_number_format(&cn, 0, out_number, number_len) <= 0)
            st = mc_err_set(MC_E_INTERNAL, "cannot format an enforcement number for %s", court);
    }
    PQclear(res);
    return st;
}

static mc_status insert(struct mc_req *req, const struct opening *o, PGresult **out_res)
{
    const char *court = mc_json_str(o->c, "court_code");
    int year = mc_date_today_shanghai(time(NULL)).y;
    char year_s[8], seq[16], number[96], amount[24], fee[24];
    char *applicant = mc_json_xdumps(o->applicant), *respondents = mc_json_xdumps(o->respondents);
    PGresult *res;
    mc_status st;

    snprintf(year_s, sizeof year_s, "%d", year);
    snprintf(amount, sizeof amount, "%lld", o->amount_fen);
    snprintf(fee, sizeof fee, "%lld", (long long)o->fee_fen);
    st = next_number(req, court, year, seq, sizeof seq, number, sizeof number);
    if (st == MC_OK) {
        res = mc_db_exec(req->db, "enforcement_insert", 12,
                         (const char *[]){o->case_id, mc_json_str(o->c, "number"), court, number,
                                          year_s, ENFORCEMENT_CASE_TYPE, seq, applicant,
                                          respondents, amount, fee, mc_auth_claim(req, "sub")});
        if (mc_db_ok(res, "insert enforcement", &st) && PQntuples(res) == 0)
            st = mc_reply_error(req, MC_E_CONFLICT, "already_open", NULL,
                                "this case already has an open enforcement");
        if (st == MC_OK)
            *out_res = res;
        else
            PQclear(res);
    }
    free(applicant);
    free(respondents);
    return st;
}

/* Inserts the enforcement and its event in one transaction. owned: *out (the reply body). */
static mc_status record(struct mc_req *req, const struct opening *o, json_t **out)
{
    PGresult *res = NULL;
    json_t *e;
    mc_status st;

    if ((st = mc_db_cmd(req->db, "BEGIN")) != MC_OK)
        return st;
    if ((st = insert(req, o, &res)) != MC_OK)
        return st;
    e = enforcement_from_row(res, 0);
    PQclear(res);
    st = mc_outbox_add(req->db, "enforcement", "enforcement_opened",
                       mc_json_xpack("{s:s, s:s, s:s, s:I, s:I}", "enforcement_id",
                                     mc_json_str(e, "id"), "case_id", o->case_id, "number",
                                     mc_json_str(e, "number"), "amount_fen",
                                     (json_int_t)o->amount_fen, "fee_fen", (json_int_t)o->fee_fen));
    if (st == MC_OK)
        st = mc_db_cmd(req->db, "COMMIT");
    if (st == MC_OK)
        *out = e;
    else
        json_decref(e);
    return st;
}

/* The checks that need the case: who applies, against whom, for how much. */
static mc_status check_opening(struct mc_req *req, struct opening *o)
{
    long long case_amount = mc_json_int(o->c, "amount_fen", 0);
    mc_status st;

    if ((st = find_applicant(req, o)) != MC_OK || (st = check_respondents(req, o)) != MC_OK)
        return st;
    if (o->amount_fen > case_amount)
        return mc_reply_error(req, MC_E_INVALID, "amount_exceeds_case", "amount_fen",
                              "the amount may not exceed the case's %lld fen", case_amount);
    if (mc_fee_enforcement(o->amount_fen, &o->fee_fen) != 0)
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", "amount_fen",
                              "the amount is out of range");
    return check_agreement(req, o->case_id);
}

mc_status enforcement_on_open(struct mc_req *req)
{
    struct opening o = {.case_id = mc_json_str(req->params, "id"),
                        .amount_fen = mc_json_int(req->body, "amount_fen", 0)};
    json_t *e = NULL;
    mc_status st;

    if (!mc_is_uuid(o.case_id))
        return mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id", "no case has this id");
    st = enforcement_call(req, "docketing.case.access", mc_json_xpack("{s:s}", "id", o.case_id),
                          &o.c);
    if (st == MC_OK)
        st = check_opening(req, &o);
    if (st == MC_OK)
        st = record(req, &o, &e);
    if (st == MC_OK && !req->has_replied)
        mc_reply_json_take(req, 201, e);
    json_decref(o.c);
    json_decref(o.applicant);
    json_decref(o.respondents);
    return st;
}
