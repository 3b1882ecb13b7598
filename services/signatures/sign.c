/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Signing a document. A party of the case signs as that party; the judge or a clerk of the
 * case's court signs for the court. Each signer signs a document once; the statement binds the
 * document's hash at signing time, so a later change to the document shows up on verification.
 * A signer may present a face assertion (face.c); SIGNATURES_REQUIRE_FACE says who must.
 */
#include "signatures.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

struct signer {
    const char *id;
    const char *role;
    const char *name;
    const char *party_id; /* NULL for court staff */
};

/* Decides who the caller signs as. Replies and fails when they may not sign. */
static mc_status find_signer(struct mc_req *req, const json_t *c, struct signer *out)
{
    const char *role = mc_auth_role(req), *idn = mc_auth_claim(req, "idn");
    const char *access = mc_json_str(c, "access");
    size_t i;
    json_t *p;

    out->id = mc_auth_claim(req, "sub");
    out->name = mc_auth_claim(req, "name") ? mc_auth_claim(req, "name") : "";
    if (out->id == NULL)
        return mc_reply_error(req, MC_E_UNAUTH, NULL, NULL, "sign in first");
    if (mc_auth_is_staff(req)) {
        const char *judge = mc_json_str(c, "judge_id");

        if (access == NULL || strcmp(access, "court") != 0 ||
            (strcmp(role, "judge") != 0 && strcmp(role, "clerk") != 0))
            return mc_reply_error(req, MC_E_FORBIDDEN, NULL, NULL,
                                  "only the judge or a clerk of the case's court signs for it");
        /* For the court, the judge the case is assigned to signs (a clerk attests). */
        if (strcmp(role, "judge") == 0 && (judge == NULL || strcmp(judge, out->id) != 0))
            return mc_reply_error(req, MC_E_FORBIDDEN, NULL, NULL,
                                  "only the judge assigned to the case signs for the court");
        out->role = role;
        out->party_id = NULL;
        return MC_OK;
    }
    json_array_foreach(json_object_get(c, "parties"), i, p)
    {
        const char *pidn = mc_json_str(p, "id_number");

        if (idn && pidn && strcmp(idn, pidn) == 0) {
            out->role = mc_json_str(p, "role");
            out->party_id = mc_json_str(p, "party_id");
            return MC_OK;
        }
    }
    return mc_reply_error(req, MC_E_FORBIDDEN, NULL, NULL, "only a party of the case signs");
}

static void now_rfc3339(char out[32])
{
    time_t now = time(NULL);
    struct tm tm;

    gmtime_r(&now, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Marks the assertion's jti used. Replies 409 when it backed a signature already. */
static mc_status use_assertion(struct mc_req *req, const struct sig_statement *s,
                               const struct sig_face *face)
{
    PGresult *res;
    mc_status st = MC_OK;

    if (!face->verified)
        return MC_OK;
    res = mc_db_exec(req->db, "assertion_use", 3,
                     (const char *[]){face->jti, s->document_id, s->signer_id});
    if (mc_db_ok(res, "use assertion", &st) && PQntuples(res) == 0)
        st = mc_reply_error(req, MC_E_CONFLICT, "assertion_used", "face_assertion",
                            "this face assertion was used already; re-verify by face");
    PQclear(res);
    return st;
}

static mc_status insert_signature(struct mc_req *req, const char *case_id,
                                  const struct sig_statement *s, const struct sig_face *face,
                                  const char *sig_hex, char out_id[40])
{
    const struct signatures *k = mc_service_user(req->svc);
    const char *name = mc_auth_claim(req, "name") ? mc_auth_claim(req, "name") : "";
    char dist[32], version[8];
    const char *v[14] = {s->document_id,
                         case_id,
                         s->sha256,
                         s->signer_id,
                         s->signer_role,
                         name,
                         s->party_id,
                         s->signed_at,
                         sig_hex,
                         k->key_id,
                         version,
                         face->verified ? "true" : "false",
                         face->verified ? dist : NULL,
                         face->verified ? face->jti : NULL};
    PGresult *res;
    mc_status st = MC_OK;

    snprintf(dist, sizeof dist, "%.4f", face->dist);
    snprintf(version, sizeof version, "%d", s->version);
    res = mc_db_exec(req->db, "signature_insert", 14, v);
    if (mc_db_ok(res, "insert signature", &st) && PQntuples(res) == 0)
        st = mc_reply_error(req, MC_E_CONFLICT, "already_signed", NULL,
                            "you have already signed this document");
    else if (st == MC_OK)
        snprintf(out_id, 40, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return st;
}

/*
 * Stores the assertion's use, the signature and its event in one transaction. Replies 409 on
 * a used assertion or a second signature; the runtime rolls back whatever was written.
 */
static mc_status record(struct mc_req *req, const char *case_id, const struct sig_statement *s,
                        const struct sig_face *face, const char *sig_hex, char out_id[40])
{
    mc_status st;

    if ((st = mc_db_cmd(req->db, "BEGIN")) != MC_OK)
        return st;
    if ((st = use_assertion(req, s, face)) != MC_OK)
        return st;
    if ((st = insert_signature(req, case_id, s, face, sig_hex, out_id)) != MC_OK)
        return st;
    st = mc_outbox_add(req->db, "signatures", "document_signed",
                       mc_json_xpack("{s:s, s:s, s:s, s:s, s:o}", "document_id", s->document_id,
                                     "case_id", case_id, "signer_id", s->signer_id, "signer_role",
                                     s->signer_role, "party_id", mc_json_str_or_null(s->party_id)));
    if (st == MC_OK)
        st = mc_db_cmd(req->db, "COMMIT");
    return st;
}

/* Refuses a signer the face policy requires an assertion of. */
static mc_status check_policy(struct mc_req *req, const struct sig_face *face)
{
    const struct signatures *k = mc_service_user(req->svc);

    if (sig_face_allowed(k->face_policy, mc_auth_role(req), face->verified))
        return MC_OK;
    return mc_reply_error(req, MC_E_FORBIDDEN, "face_required", "face_assertion",
                          "re-verify by face for this document and sign with the assertion");
}

static json_t *reply_body(const char *id, const struct sig_statement *s, const struct signer *who,
                          const struct sig_face *face, const char *sig_hex, const char *key_id)
{
    return mc_json_xpack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:b, s:i, s:b, s:o}",
                         "id", id, "document_id", s->document_id, "sha256", s->sha256, "signer_id",
                         s->signer_id, "signer_role", s->signer_role, "signer_name", who->name,
                         "party_id", mc_json_str_or_null(s->party_id), "signed_at", s->signed_at,
                         "signature", sig_hex, "key_id", key_id, "valid", 1, "statement_version",
                         s->version, "face_verified", face->verified, "face_distance",
                         face->verified ? json_real(face->dist) : json_null());
}

mc_status signatures_on_sign(struct mc_req *req)
{
    const struct signatures *k = mc_service_user(req->svc);
    const char *doc_id = mc_json_str(req->params, "id");
    json_t *doc = NULL, *c = NULL;
    struct signer who = {NULL, NULL, NULL, NULL};
    struct sig_face face;
    struct sig_statement s;
    char signed_at[32], sig_hex[SIG_HEX_LEN], id[40] = "";
    mc_status st;

    if ((st = signatures_load(req, doc_id, &doc, &c)) != MC_OK)
        return st;
    if ((st = find_signer(req, c, &who)) != MC_OK ||
        (st = sig_face_check(req, doc_id, &face)) != MC_OK ||
        (st = check_policy(req, &face)) != MC_OK)
        goto done;
    now_rfc3339(signed_at);
    s = (struct sig_statement){
        doc_id,    mc_json_str(doc, "sha256"), who.id,       who.role, who.party_id,
        signed_at, SIG_STATEMENT_VERSION,      face.verified};
    if (sig_statement_sign(k, &s, sig_hex) != 0) {
        st = mc_err_set(MC_E_INTERNAL, "cannot build the statement for %s", doc_id);
        goto done;
    }
    st = record(req, mc_json_str(doc, "case_id"), &s, &face, sig_hex, id);
    if (st == MC_OK && !req->has_replied)
        mc_reply_json_take(req, 201, reply_body(id, &s, &who, &face, sig_hex, k->key_id));
done:
    json_decref(doc);
    json_decref(c);
    return st;
}
