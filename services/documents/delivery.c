/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Electronic service of documents: the court sends documents of a case to some of its parties,
 * one delivery per recipient, and each recipient acknowledges receipt once. A record is
 * "received" when every delivery has been acknowledged.
 */
#include "documents.h"

#include <stdlib.h>
#include <string.h>

/* The party of case c with party_id id. borrowed from c; NULL when none. */
static const json_t *find_party(const json_t *c, const char *id)
{
    size_t i;
    json_t *p;

    json_array_foreach(json_object_get(c, "parties"), i, p)
    {
        const char *pid = mc_json_str(p, "party_id");

        if (id && pid && strcmp(pid, id) == 0)
            return p;
    }
    return NULL;
}

/* True when arr holds a string equal to the one at index n before index n. */
static bool is_repeated(const json_t *arr, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (json_equal(json_array_get(arr, i), json_array_get(arr, n)))
            return true;
    }
    return false;
}

/* Every entry is a distinct document id of this case. owned: *out_literal, a uuid[] literal. */
static mc_status check_documents(struct mc_req *req, const char *case_id, const json_t *docs,
                                 char **out_literal)
{
    size_t n = json_array_size(docs), at = 1;
    char *lit = mc_xmalloc(n * 37 + 3), count[24];
    PGresult *res;
    mc_status st = MC_OK;

    lit[0] = '{';
    for (size_t i = 0; i < n; i++) {
        const char *id = json_string_value(json_array_get(docs, i));

        if (!mc_is_uuid(id) || is_repeated(docs, i)) {
            free(lit);
            return mc_reply_error(req, MC_E_INVALID, NULL, "documents",
                                  "documents holds distinct document ids");
        }
        at += (size_t)sprintf(lit + at, "%s%s", i ? "," : "", id);
    }
    strcpy(lit + at, "}");
    res = mc_db_exec(req->db, "doc_count_in_case", 2, (const char *[]){case_id, lit});
    if (mc_db_ok(res, "count documents", &st)) {
        snprintf(count, sizeof count, "%zu", n);
        if (strcmp(PQgetvalue(res, 0, 0), count) != 0)
            st = mc_reply_error(req, MC_E_INVALID, NULL, "documents",
                                "every document must belong to this case");
    }
    PQclear(res);
    if (st != MC_OK)
        free(lit);
    else
        *out_literal = lit;
    return st;
}

/* Every entry is a distinct party id of case c. */
static mc_status check_recipients(struct mc_req *req, const json_t *c, const json_t *recipients)
{
    for (size_t i = 0; i < json_array_size(recipients); i++) {
        const char *id = json_string_value(json_array_get(recipients, i));

        if (find_party(c, id) == NULL || is_repeated(recipients, i))
            return mc_reply_error(req, MC_E_INVALID, NULL, "recipients",
                                  "recipients holds distinct party ids of this case");
    }
    return MC_OK;
}

/* Inserts the record, its deliveries and service_sent; the caller owns the transaction.
 * owned: *out_id (free). */
static mc_status insert_service(struct mc_req *req, const json_t *c, const char *docs_literal,
                                char **out_id)
{
    const char *case_id = mc_json_str(c, "id"), *sub = mc_auth_claim(req, "sub");
    const json_t *recipients = json_object_get(req->body, "recipients");
    PGresult *res = mc_db_exec(req->db, "service_insert", 3,
                               (const char *[]){case_id, docs_literal, sub ? sub : ""});
    mc_status st = MC_OK;
    char *id;

    if (!mc_db_ok(res, "insert service", &st)) {
        PQclear(res);
        return st;
    }
    id = mc_xstrdup(PQgetvalue(res, 0, 0));
    PQclear(res);
    for (size_t i = 0; st == MC_OK && i < json_array_size(recipients); i++) {
        const json_t *p = find_party(c, json_string_value(json_array_get(recipients, i)));

        res = mc_db_exec(req->db, "delivery_insert", 4,
                         (const char *[]){id, mc_json_str(p, "party_id"), mc_json_str(p, "name"),
                                          mc_json_str(p, "id_number")});
        mc_db_ok(res, "insert delivery", &st);
        PQclear(res);
    }
    if (st == MC_OK)
        st = mc_outbox_add(
            req->db, "documents", "service_sent",
            mc_json_xpack("{s:s, s:s, s:O, s:O}", "service_id", id, "case_id", case_id, "documents",
                          json_object_get(req->body, "documents"), "recipients", recipients));
    if (st != MC_OK)
        free(id);
    else
        *out_id = id;
    return st;
}

/* Loads a service record. Replies 404 for an unknown id. owned: *out_record. */
static mc_status load_service(struct mc_req *req, const char *id, json_t **out_record)
{
    PGresult *res;
    json_t *rec;
    mc_status st = MC_OK;

    if (!mc_is_uuid(id))
        return mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id", "no service has this id");
    res = mc_db_exec(req->db, "service_get", 1, (const char *[]){id});
    if (!mc_db_ok(res, "get service", &st) || PQntuples(res) == 0) {
        PQclear(res);
        if (st != MC_OK)
            return st;
        return mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id", "no service has this id");
    }
    rec = json_loads(PQgetvalue(res, 0, 1), 0, NULL);
    PQclear(res);
    if (rec == NULL)
        return mc_err_set(MC_E_INTERNAL, "service row is not JSON");
    *out_record = rec;
    return MC_OK;
}

static bool is_court_officer(struct mc_req *req, const json_t *c)
{
    const char *access = mc_json_str(c, "access"), *role = mc_auth_role(req);

    return access && strcmp(access, "court") == 0 && role &&
           (strcmp(role, "clerk") == 0 || strcmp(role, "judge") == 0);
}

mc_status documents_on_service_create(struct mc_req *req)
{
    const char *case_id = mc_json_str(req->params, "id");
    json_t *c = NULL, *rec = NULL;
    char *docs = NULL, *id = NULL;
    mc_status st = documents_case_access(req, case_id, &c);

    if (st == MC_OK && !is_court_officer(req, c))
        st = mc_reply_error(req, MC_E_FORBIDDEN, NULL, NULL,
                            "only a clerk or judge of the court serves documents");
    if (st == MC_OK)
        st = check_documents(req, case_id, json_object_get(req->body, "documents"), &docs);
    if (st == MC_OK)
        st = check_recipients(req, c, json_object_get(req->body, "recipients"));
    if (st == MC_OK && (st = mc_db_cmd(req->db, "BEGIN")) == MC_OK &&
        (st = insert_service(req, c, docs, &id)) == MC_OK &&
        (st = mc_db_cmd(req->db, "COMMIT")) == MC_OK && (st = load_service(req, id, &rec)) == MC_OK)
        mc_reply_json_take(req, 201, rec);
    free(docs);
    free(id);
    json_decref(c);
    return st;
}

/*
 * Loads a service record with its case access. out_party receives the recipient party the
 * caller is (owned: free; NULL for staff of the court), and a party who is not a recipient is
 * refused. owned: *out_record.
 */
static mc_status load_visible(struct mc_req *req, json_t **out_record, char **out_party)
{
    const char *id = mc_json_str(req->params, "id"), *idn = mc_auth_claim(req, "idn");
    json_t *rec = NULL, *c = NULL;
    PGresult *res = NULL;
    char *party = NULL;
    mc_status st = load_service(req, id, &rec);

    if (st == MC_OK)
        st = documents_case_access(req, mc_json_str(rec, "case_id"), &c);
    if (st == MC_OK && !mc_auth_is_staff(req) && idn) {
        res = mc_db_exec(req->db, "delivery_of_idn", 2, (const char *[]){id, idn});
        if (mc_db_ok(res, "find delivery", &st) && PQntuples(res) == 1)
            party = mc_xstrdup(PQgetvalue(res, 0, 0));
    }
    if (st == MC_OK && party == NULL && mc_auth_is_staff(req) == false)
        st = mc_reply_error(req, MC_E_FORBIDDEN, NULL, NULL, "you are not a recipient");
    PQclear(res);
    json_decref(c);
    if (st != MC_OK) {
        json_decref(rec);
        free(party);
        return st;
    }
    *out_record = rec;
    *out_party = party;
    return MC_OK;
}

mc_status documents_on_service_get(struct mc_req *req)
{
    json_t *rec = NULL;
    char *party = NULL;
    mc_status st = load_visible(req, &rec, &party);

    if (st == MC_OK)
        mc_reply_json_take(req, 200, rec);
    free(party);
    return st;
}

/* Marks the caller's delivery received; a repeated receipt keeps the first time. */
static mc_status receive(struct mc_req *req, const char *id, const char *case_id, const char *party)
{
    PGresult *res;
    mc_status st;

    if ((st = mc_db_cmd(req->db, "BEGIN")) != MC_OK)
        return st;
    res = mc_db_exec(req->db, "delivery_receive", 2, (const char *[]){id, party});
    if (mc_db_ok(res, "receive delivery", &st) && PQntuples(res) == 1)
        st = mc_outbox_add(req->db, "documents", "service_received",
                           mc_json_xpack("{s:s, s:s, s:s}", "service_id", id, "case_id", case_id,
                                         "party_id", party));
    PQclear(res);
    return st == MC_OK ? mc_db_cmd(req->db, "COMMIT") : st;
}

mc_status documents_on_service_receipt(struct mc_req *req)
{
    const char *id = mc_json_str(req->params, "id");
    json_t *rec = NULL;
    char *party = NULL;
    mc_status st = load_visible(req, &rec, &party);

    if (st == MC_OK && party == NULL)
        st = mc_reply_error(req, MC_E_FORBIDDEN, NULL, NULL,
                            "only the recipient acknowledges receipt");
    if (st == MC_OK)
        st = receive(req, id, mc_json_str(rec, "case_id"), party);
    json_decref(rec);
    rec = NULL;
    if (st == MC_OK && (st = load_service(req, id, &rec)) == MC_OK)
        mc_reply_json_take(req, 200, rec);
    free(party);
    return st;
}
