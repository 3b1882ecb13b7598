/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Listing a document's signatures. Each one is verified again now, against the statement as
 * stored but with the document's current hash from documents.get: a document whose content or
 * hash changed after signing shows every earlier signature as invalid.
 */
#include "signatures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The stored face distance, or JSON null. */
static json_t *distance_of(const PGresult *res, int r)
{
    const char *d = mc_db_val(res, r, 11);

    return d ? json_real(strtod(d, NULL)) : json_null();
}

static json_t *row_to_json(const struct signatures *k, const PGresult *res, int r,
                           const char *doc_id, const char *current_sha)
{
    struct sig_statement s = {doc_id,
                              current_sha,
                              PQgetvalue(res, r, 2),
                              PQgetvalue(res, r, 3),
                              mc_db_val(res, r, 5),
                              PQgetvalue(res, r, 6),
                              atoi(PQgetvalue(res, r, 9)),
                              strcmp(PQgetvalue(res, r, 10), "t") == 0};
    bool valid = strcmp(PQgetvalue(res, r, 8), k->key_id) == 0 &&
                 strcmp(PQgetvalue(res, r, 1), current_sha) == 0 &&
                 sig_statement_verify(k->pk, &s, PQgetvalue(res, r, 7));

    return mc_json_xpack("{s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:b, s:i, s:b, s:o}", "id",
                         PQgetvalue(res, r, 0), "sha256", PQgetvalue(res, r, 1), "signer_id",
                         s.signer_id, "signer_role", s.signer_role, "signer_name",
                         PQgetvalue(res, r, 4), "party_id", mc_json_str_or_null(s.party_id),
                         "signed_at", s.signed_at, "signature", PQgetvalue(res, r, 7), "key_id",
                         PQgetvalue(res, r, 8), "valid", valid, "statement_version", s.version,
                         "face_verified", s.face_verified, "face_distance", distance_of(res, r));
}

/* True when the signature list holds a valid signature of party_id. */
static bool party_signed(const json_t *sigs, const char *party_id)
{
    size_t i;
    json_t *sg;

    json_array_foreach(sigs, i, sg)
    {
        const char *p = mc_json_str(sg, "party_id");

        if (p && strcmp(p, party_id) == 0 && json_is_true(json_object_get(sg, "valid")))
            return true;
    }
    return false;
}

/* Every plaintiff and defendant of the case has signed (and the case has at least one). */
static bool all_parties_signed(const json_t *c, const json_t *sigs)
{
    size_t i, n = 0;
    json_t *p;

    json_array_foreach(json_object_get(c, "parties"), i, p)
    {
        const char *role = mc_json_str(p, "role"), *pid = mc_json_str(p, "party_id");

        if (role == NULL || (strcmp(role, "plaintiff") != 0 && strcmp(role, "defendant") != 0))
            continue;
        n++;
        if (pid == NULL || !party_signed(sigs, pid))
            return false;
    }
    return n > 0;
}

mc_status signatures_on_list(struct mc_req *req)
{
    const struct signatures *k = mc_service_user(req->svc);
    const char *doc_id = mc_json_str(req->params, "id"), *sha;
    json_t *doc = NULL, *c = NULL, *sigs;
    PGresult *res;
    mc_status st;

    if ((st = signatures_load(req, doc_id, &doc, &c)) != MC_OK)
        return st;
    sha = mc_json_str(doc, "sha256");
    res = mc_db_exec(req->db, "signature_list", 1, (const char *[]){doc_id});
    if (mc_db_ok(res, "list signatures", &st)) {
        sigs = json_array();
        for (int r = 0; r < PQntuples(res); r++)
            json_array_append_new(sigs, row_to_json(k, res, r, doc_id, sha));
        mc_reply_json_take(req, 200,
                           mc_json_xpack("{s:s, s:s, s:s, s:b, s:o}", "document_id", doc_id,
                                         "sha256", sha, "key_id", k->key_id,
                                         "signed_by_all_parties", all_parties_signed(c, sigs),
                                         "signatures", sigs));
    }
    PQclear(res);
    json_decref(doc);
    json_decref(c);
    return st;
}
