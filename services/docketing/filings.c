/* SPDX-License-Identifier: Apache-2.0 */
/* Filings: submission with the statutory fee and review deadline, and the clerk's decision. */
#include "docketing.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct docketing *state(struct mc_req *req)
{
    return mc_service_user(req->svc);
}

/* Adds up the claims; replies and returns MC_E_INVALID on a bad amount. */
static mc_status sum_claims(struct mc_req *req, const json_t *claims, int64_t *out_total)
{
    int64_t total = 0;
    char field[48];
    size_t i;
    json_t *c;

    json_array_foreach(claims, i, c)
    {
        json_t *amount = json_object_get(c, "amount_fen");
        const char *desc = mc_json_str(c, "description");

        snprintf(field, sizeof field, "claims[%zu].amount_fen", i);
        if (desc == NULL || *desc == '\0' || strlen(desc) > 2000)
            return mc_reply_error(req, MC_E_INVALID, "invalid_argument", field,
                                  "each claim needs a description of at most 2000 bytes");
        if (!json_is_integer(amount) || json_integer_value(amount) < 0 ||
            json_integer_value(amount) > MC_FEE_MAX_AMOUNT_FEN - total)
            return mc_reply_error(req, MC_E_INVALID, "invalid_amount", field,
                                  "amounts are whole fen from 0 to %" PRId64 " in total",
                                  MC_FEE_MAX_AMOUNT_FEN);
        total += json_integer_value(amount);
    }
    *out_total = total;
    return MC_OK;
}

static mc_status check_court_and_type(struct mc_req *req, const struct mc_case_type **out_type)
{
    const struct docketing *d = state(req);
    const char *court = mc_json_str(req->body, "court_code");
    const char *type = mc_json_str(req->body, "case_type");
    const char *cause = mc_json_str(req->body, "cause_of_action");
    const struct mc_court *c;
    const struct mc_case_type *t;
    const struct mc_cause *ca;

    if (mc_court_find(d->tables, court, &c) != 0 || !c->is_current)
        return mc_reply_error(req, MC_E_INVALID, "unknown_court", "court_code",
                              "no sitting court has the code %s", court);
    if (mc_case_type_find(d->tables, type, &t) != 0 || t->is_obsolete ||
        (t->family != MC_CASE_FAMILY_CIVIL && t->family != MC_CASE_FAMILY_ADMINISTRATIVE))
        return mc_reply_error(req, MC_E_INVALID, "unsupported_case_type", "case_type",
                              "%s is not a civil or administrative case type filed here", type);
    if (t->family == MC_CASE_FAMILY_CIVIL && mc_cause_find(d->tables, cause, &ca) != 0)
        return mc_reply_error(req, MC_E_INVALID, "unknown_cause", "cause_of_action",
                              "%s is not a cause of action of the 2020 rules", cause);
    *out_type = t;
    return MC_OK;
}

/* A litigant files for themself, so their ID number must be one of the plaintiffs, under the
 * name they signed in with. */
static bool is_filer_plaintiff(struct mc_req *req, const json_t *parties)
{
    const char *idn = mc_auth_claim(req, "idn"), *name = mc_auth_claim(req, "name");
    size_t i;
    json_t *p;

    json_array_foreach(parties, i, p)
    {
        const char *pidn = mc_json_str(p, "id_number");

        if (idn && pidn && strcmp(idn, pidn) == 0 &&
            strcmp(mc_json_str(p, "role"), "plaintiff") == 0)
            return name == NULL || strcmp(name, mc_json_str(p, "name")) == 0;
    }
    return false;
}

static mc_status compute_fee(struct mc_req *req, const struct mc_case_type *t, int64_t amount,
                             struct mc_fee *out_fee)
{
    const char *proc = mc_json_str(req->body, "procedure");
    unsigned reductions = 0;
    enum mc_fee_kind kind = MC_FEE_PROPERTY;

    if (proc && strcmp(proc, "summary") == 0)
        reductions |= MC_FEE_R_SUMMARY;
    else if (proc && strcmp(proc, "small_claims") == 0)
        reductions |= MC_FEE_R_SMALL_CLAIMS;
    else if (proc && strcmp(proc, "ordinary") != 0)
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", "procedure",
                              "procedure must be ordinary, summary or small_claims");
    if (t->family == MC_CASE_FAMILY_ADMINISTRATIVE)
        kind = MC_FEE_ADMIN_OTHER;
    else if (amount == 0)
        kind = MC_FEE_OTHER_NON_PROPERTY;
    if (mc_fee_compute(kind, amount, reductions, out_fee) != 0)
        return mc_reply_error(req, MC_E_INVALID, "invalid_amount", "claims",
                              "no fee can be computed for this amount");
    return MC_OK;
}

static json_t *fee_json(const struct mc_fee *fee)
{
    return mc_json_xpack("{s:I, s:I, s:I, s:s}", "fen", (json_int_t)fee->fen, "min_fen",
                         (json_int_t)fee->min_fen, "max_fen", (json_int_t)fee->max_fen, "rule",
                         "诉讼费用交纳办法 Art.13-16");
}

static mc_status insert_filing(struct mc_req *req, int64_t amount, const struct mc_fee *fee,
                               const char *received, const char *decide_by, char **out_id)
{
    char amount_s[24], fee_s[24];
    char *body = mc_json_xdumps(req->body);
    const char *p[10] = {mc_json_str(req->body, "court_code"),
                         mc_json_str(req->body, "case_type"),
                         mc_json_str(req->body, "cause_of_action"),
                         body,
                         amount_s,
                         fee_s,
                         mc_auth_claim(req, "sub"),
                         mc_auth_claim(req, "idn"),
                         received,
                         decide_by};
    PGresult *res;
    mc_status st = MC_OK;

    snprintf(amount_s, sizeof amount_s, "%" PRId64, amount);
    snprintf(fee_s, sizeof fee_s, "%" PRId64, fee->fen);
    if ((st = mc_db_cmd(req->db, "BEGIN")) == MC_OK) {
        res = mc_db_exec(req->db, "filing_insert", 10, p);
        if (mc_db_ok(res, "insert filing", &st))
            *out_id = mc_xstrdup(PQgetvalue(res, 0, 0));
        PQclear(res);
    }
    if (st == MC_OK)
        st = mc_outbox_add(req->db, "docketing", "filing_submitted",
                           mc_json_xpack("{s:s, s:s, s:s, s:I, s:I}", "filing_id", *out_id,
                                         "court_code", p[0], "case_type", p[1], "amount_fen",
                                         (json_int_t)amount, "fee_fen", (json_int_t)fee->fen));
    if (st == MC_OK)
        st = mc_db_cmd(req->db, "COMMIT");
    free(body);
    return st;
}

mc_status docketing_on_filing_submit(struct mc_req *req)
{
    const struct mc_case_type *type = NULL;
    struct mc_date today = mc_date_today_shanghai(time(NULL)), due;
    char received[11], decide_by[11], *id = NULL;
    json_t *parties = json_object_get(req->body, "parties");
    int64_t amount = 0;
    struct mc_fee fee;
    mc_status st;

    if ((st = check_court_and_type(req, &type)) != MC_OK ||
        (st = sum_claims(req, json_object_get(req->body, "claims"), &amount)) != MC_OK ||
        (st = docketing_check_parties(req, parties)) != MC_OK ||
        (st = compute_fee(req, type, amount, &fee)) != MC_OK)
        return st;
    if (!mc_auth_is_staff(req) && !is_filer_plaintiff(req, parties))
        return mc_reply_error(req, MC_E_FORBIDDEN, "not_a_party", "parties",
                              "a litigant files as one of the plaintiffs, under their own name");
    if (mc_court_deadline(state(req)->tables, MC_PERIOD_FILING_DECISION, today,
                          state(req)->calendar, &due) != 0)
        return mc_err_set(MC_E_INTERNAL, "filing deadline not computable");
    mc_date_format(today, received);
    mc_date_format(due, decide_by);
    st = insert_filing(req, amount, &fee, received, decide_by, &id);
    if (st != MC_OK)
        return st;
    mc_reply_json_take(req, 201,
                       mc_json_xpack("{s:s, s:s, s:s, s:s, s:I, s:o, s:s, s:s, s:s}", "id", id,
                                     "status", "submitted", "court_code",
                                     mc_json_str(req->body, "court_code"), "case_type", type->code,
                                     "amount_fen", (json_int_t)amount, "fee", fee_json(&fee),
                                     "received_on", received, "decide_by", decide_by,
                                     "decide_by_rule", "CPL Art.126: 7 days"));
    free(id);
    return MC_OK;
}

/* Staff of the filing's court, or the litigant who filed it. */
static bool may_see_filing(struct mc_req *req, const PGresult *res)
{
    const char *court = mc_auth_claim(req, "court"), *sub = mc_auth_claim(req, "sub");

    if (mc_auth_is_staff(req))
        return court && strcmp(court, PQgetvalue(res, 0, 1)) == 0;
    return sub && strcmp(sub, PQgetvalue(res, 0, 8)) == 0;
}

mc_status docketing_on_filing_get(struct mc_req *req)
{
    const char *id = mc_json_str(req->params, "id");
    PGresult *res;
    mc_status st = MC_OK;

    if (!mc_is_uuid(id))
        return mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id", "no filing has this id");
    res = mc_db_exec(req->db, "filing_get", 1, (const char *[]){id});
    if (!mc_db_ok(res, "get filing", &st))
        goto done;
    if (PQntuples(res) == 0 || !may_see_filing(req, res)) {
        st = mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id", "no filing has this id");
        goto done;
    }
    mc_reply_json_take(
        req, 200,
        mc_json_xpack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:o, s:o, s:I}", "id", id,
                      "court_code", PQgetvalue(res, 0, 1), "case_type", PQgetvalue(res, 0, 2),
                      "cause_of_action", PQgetvalue(res, 0, 3), "status", PQgetvalue(res, 0, 7),
                      "amount_fen", (json_int_t)atoll(PQgetvalue(res, 0, 5)), "fee_fen",
                      (json_int_t)atoll(PQgetvalue(res, 0, 6)), "received_on",
                      PQgetvalue(res, 0, 10), "decide_by", PQgetvalue(res, 0, 11),
                      "decision_reason", mc_json_str_or_null(mc_db_val(res, 0, 12)), "case_id",
                      mc_json_str_or_null(mc_db_val(res, 0, 13)), "version",
                      (json_int_t)atoll(PQgetvalue(res, 0, 14))));
done:
    PQclear(res);
    return st;
}
