/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Token revocation on sign-out (recorded, announced as evt.identity.token_revoked, listed for
 * the gateway), checking face assertions for the signatures service, and enrolling the staff
 * reference face.
 */
#include "identity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ASSERTION_PREFIX "mcfa1."

static mc_status record_revocation(struct mc_req *req, const char *jti, const char *sub,
                                   long long exp, bool *out_is_new)
{
    char exp_text[24];
    PGresult *res;
    mc_status st = MC_OK;

    snprintf(exp_text, sizeof exp_text, "%lld", exp);
    res = mc_db_exec(req->db, "revoke_insert", 3, (const char *[]){jti, sub, exp_text});
    if (mc_db_ok(res, "revoke token", &st))
        *out_is_new = PQntuples(res) == 1;
    PQclear(res);
    if (st == MC_OK && *out_is_new)
        st = mc_outbox_add(
            req->db, "identity", "token_revoked",
            mc_json_xpack("{s:s, s:s, s:I}", "jti", jti, "sub", sub, "exp", (json_int_t)exp));
    return st;
}

mc_status identity_on_session_revoke(struct mc_req *req)
{
    const char *own = mc_auth_claim(req, "jti"), *jti = mc_json_str(req->body, "jti");
    long long exp = mc_json_int(req->auth, "exp", 0);
    const char *sub = mc_auth_claim(req, "sub");
    bool is_new = false;
    mc_status st;

    if (own == NULL || sub == NULL)
        return mc_reply_error(req, MC_E_UNAUTH, NULL, NULL, "sign in first");
    if (jti && strcmp(jti, own) != 0) {
        const char *role = mc_auth_role(req);

        if (strcmp(role, "admin") != 0)
            return mc_reply_error(req, MC_E_FORBIDDEN, NULL, "jti",
                                  "only an administrator may revoke another session");
        exp = (long long)time(NULL) + identity_state(req)->token_ttl_s;
        sub = "(admin)";
    }
    jti = jti ? jti : own;
    if ((st = mc_db_cmd(req->db, "BEGIN")) != MC_OK)
        return st;
    st = record_revocation(req, jti, sub, exp, &is_new);
    if (st == MC_OK)
        st = mc_db_cmd(req->db, "COMMIT");
    if (st == MC_OK)
        mc_reply_json_take(
            req, 200,
            mc_json_xpack("{s:s, s:b, s:I}", "jti", jti, "revoked", 1, "exp", (json_int_t)exp));
    return st;
}

mc_status identity_on_session_revoked(struct mc_req *req)
{
    PGresult *res = mc_db_exec(req->db, "revoked_list", 0, NULL);
    mc_status st = MC_OK;
    json_t *items;

    if (mc_db_ok(res, "list revoked", &st)) {
        items = json_array();
        for (int r = 0; r < PQntuples(res); r++)
            json_array_append_new(items,
                                  mc_json_xpack("{s:s, s:I}", "jti", PQgetvalue(res, r, 0), "exp",
                                                (json_int_t)atoll(PQgetvalue(res, r, 1))));
        mc_reply_json_take(req, 200, mc_json_xpack("{s:o}", "items", items));
    }
    PQclear(res);
    return st;
}

/* Checks the signature and shape of an assertion. owned: *out_claims on MC_OK. */
static const char *assertion_open(const struct identity *id, const char *text, json_t **out_claims)
{
    const char *dot = text ? strrchr(text, '.') : NULL;
    unsigned char sig[crypto_sign_BYTES], body[4096];
    size_t body_len = 0, sig_len = 0, head_len;

    if (dot == NULL || strncmp(text, ASSERTION_PREFIX, strlen(ASSERTION_PREFIX)) != 0)
        return "not a face assertion";
    head_len = (size_t)(dot - text);
    if (sodium_base642bin(sig, sizeof sig, dot + 1, strlen(dot + 1), NULL, &sig_len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        sig_len != sizeof sig ||
        crypto_sign_verify_detached(sig, (const unsigned char *)text, head_len, id->pk) != 0)
        return "bad signature";
    if (sodium_base642bin(body, sizeof body - 1, text + strlen(ASSERTION_PREFIX),
                          head_len - strlen(ASSERTION_PREFIX), NULL, &body_len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return "malformed claims";
    *out_claims = json_loadb((const char *)body, body_len, 0, NULL);
    return *out_claims ? NULL : "malformed claims";
}

mc_status identity_on_assertion_verify(struct mc_req *req)
{
    const char *doc = mc_json_str(req->body, "document_id");
    json_t *claims = NULL;
    const char *why =
        assertion_open(identity_state(req), mc_json_str(req->body, "assertion"), &claims);

    if (why == NULL &&
        strcmp(mc_json_str(claims, "typ") ? mc_json_str(claims, "typ") : "", "face_assertion") != 0)
        why = "not a face assertion";
    if (why == NULL && mc_json_int(claims, "exp", 0) <= (long long)time(NULL))
        why = "expired";
    if (why == NULL &&
        (mc_json_str(claims, "doc") == NULL || strcmp(mc_json_str(claims, "doc"), doc) != 0))
        why = "bound to another document";
    if (why)
        mc_reply_json_take(req, 200, mc_json_xpack("{s:b, s:s}", "valid", 0, "reason", why));
    else
        mc_reply_json_take(req, 200, mc_json_xpack("{s:b, s:O}", "valid", 1, "claims", claims));
    json_decref(claims);
    return MC_OK;
}

static mc_status store_staff_face(struct mc_req *req, const char *staff_id,
                                  const struct identity_face *f)
{
    char *ct =
        identity_seal(identity_state(req), "staff_faces.face", f->descriptor, sizeof f->descriptor);
    const char *by = mc_auth_claim(req, "username");
    PGresult *res = mc_db_exec(req->db, "staff_face_upsert", 3,
                               (const char *[]){staff_id, ct, by ? by : "(internal)"});
    mc_status st = MC_OK;

    mc_db_ok(res, "enroll staff face", &st);
    PQclear(res);
    free(ct);
    return st;
}

/* Internal or admin: enrolls the reference face a staff member re-verifies against. */
mc_status identity_on_staff_enroll_face(struct mc_req *req)
{
    const char *role = mc_auth_role(req), *key = mc_json_str(req->body, "staff");
    struct identity_face f;
    unsigned char *photo = NULL;
    size_t len = 0;
    PGresult *res;
    mc_status st = MC_OK;

    if (role[0] != '\0' && strcmp(role, "admin") != 0)
        return mc_reply_error(req, MC_E_FORBIDDEN, NULL, NULL, "only administrators enroll faces");
    if (identity_face_ready(req) != MC_OK)
        return MC_E_UNAVAILABLE;
    if (!identity_b64_decode(mc_json_str(req->body, "photo"), &photo, &len))
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", "photo",
                              "photo must be a base64 JPEG or PNG");
    res = mc_db_exec(req->db, "staff_get", 1, (const char *[]){key});
    if (mc_db_ok(res, "find staff", &st) && PQntuples(res) == 0)
        st = mc_reply_error(req, MC_E_NOT_FOUND, NULL, "staff", "no staff member %s", key);
    if (st == MC_OK && (st = identity_analyze(req, "photo", photo, len, &f)) == MC_OK)
        st = store_staff_face(req, PQgetvalue(res, 0, 0), &f);
    if (st == MC_OK)
        mc_reply_json_take(
            req, 201,
            mc_json_xpack("{s:s, s:b}", "staff_id", PQgetvalue(res, 0, 0), "enrolled", 1));
    PQclear(res);
    free(photo);
    return st;
}
