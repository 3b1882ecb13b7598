/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Signed-in people: re-verification by face for signing (a face assertion bound to a document),
 * the staff reference face, and sign-out (token revocation, announced as an event).
 *
 * Face assertion: "mcfa1." base64url(claims) "." base64url(Ed25519 signature over everything
 * before the second dot), signed with the token key (public key from identity.keys). Claims:
 * {typ:"face_assertion", sub, role, doc, dist, iat, exp, jti}. The prefix keeps an assertion from
 * ever passing as a bearer token.
 */
#include "identity.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ASSERTION_PREFIX "mcfa1."

static bool is_litigant(struct mc_req *req)
{
    return strcmp(mc_auth_role(req), "litigant") == 0;
}

/* The caller's enrolled reference descriptor; replies no_reference_face when none. */
static mc_status load_reference(struct mc_req *req, float out[FACE_DESC_LEN])
{
    const char *sub = mc_auth_claim(req, "sub");
    bool is_lit = is_litigant(req);
    PGresult *res =
        mc_db_exec(req->db, is_lit ? "litigant_face" : "staff_face_get", 1, (const char *[]){sub});
    unsigned char *plain = NULL;
    size_t len = 0;
    mc_status st = MC_OK;

    if (mc_db_ok(res, "load reference face", &st) &&
        (PQntuples(res) == 0 || mc_db_val(res, 0, 0) == NULL))
        st = mc_reply_error(req, MC_E_CONFLICT, "no_reference_face", NULL,
                            is_lit ? "sign in by face once before re-verifying"
                                   : "no reference face is enrolled for this staff member");
    if (st == MC_OK)
        st = identity_open(identity_state(req), is_lit ? "litigants.face" : "staff_faces.face",
                           PQgetvalue(res, 0, 0), &plain, &len);
    if (st == MC_OK && len != FACE_DESC_LEN * sizeof(float))
        st = mc_err_set(MC_E_INTERNAL, "reference descriptor has %zu bytes", len);
    if (st == MC_OK)
        memcpy(out, plain, FACE_DESC_LEN * sizeof(float));
    free(plain);
    PQclear(res);
    return st;
}

mc_status identity_on_reverify_challenge(struct mc_req *req)
{
    float ref[FACE_DESC_LEN];
    mc_status st;

    if (mc_auth_claim(req, "sub") == NULL)
        return mc_reply_error(req, MC_E_UNAUTH, NULL, NULL, "sign in first");
    if (identity_face_ready(req) != MC_OK)
        return MC_E_UNAVAILABLE;
    if ((st = load_reference(req, ref)) != MC_OK)
        return st;
    return identity_challenge_issue(req, "reverify", mc_auth_claim(req, "sub"), mc_auth_role(req),
                                    NULL, NULL, NULL);
}

static char *b64url(const void *data, size_t len)
{
    size_t n = sodium_base64_encoded_len(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = mc_xmalloc(n);

    sodium_bin2base64(out, n, data, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

/* Signs an assertion for claims. owned: caller frees. */
static char *assertion_sign(const struct identity *id, const json_t *claims)
{
    char *json = mc_json_xdumps(claims), *body = b64url(json, strlen(json));
    char *head = mc_xasprintf(ASSERTION_PREFIX "%s", body), *sig_b64, *out;
    unsigned char sig[crypto_sign_BYTES];

    crypto_sign_detached(sig, NULL, (const unsigned char *)head, strlen(head), id->sk);
    sig_b64 = b64url(sig, sizeof sig);
    out = mc_xasprintf("%s.%s", head, sig_b64);
    free(json);
    free(body);
    free(head);
    free(sig_b64);
    return out;
}

static mc_status reply_assertion(struct mc_req *req, const char *doc, float dist)
{
    const struct identity *id = identity_state(req);
    long long now = (long long)time(NULL);
    unsigned char jti[16];
    char jti_hex[33], *token;
    json_t *claims;

    randombytes_buf(jti, sizeof jti);
    mc_hex_encode(jti, sizeof jti, jti_hex);
    claims = mc_json_xpack("{s:s, s:s, s:s, s:s, s:f, s:I, s:I, s:s}", "typ", "face_assertion",
                           "sub", mc_auth_claim(req, "sub"), "role", mc_auth_role(req), "doc", doc,
                           "dist", round(dist * 10000.0) / 10000.0, "iat", (json_int_t)now, "exp",
                           (json_int_t)(now + id->assertion_ttl_s), "jti", jti_hex);
    token = assertion_sign(id, claims);
    mc_reply_json_take(req, 201,
                       mc_json_xpack("{s:s, s:s, s:I, s:O}", "assertion", token, "document_id", doc,
                                     "expires_at", (json_int_t)(now + id->assertion_ttl_s),
                                     "claims", claims));
    free(token);
    json_decref(claims);
    return MC_OK;
}

/* Takes a re-verification challenge of the caller and commits its use. */
static mc_status take_reverify(struct mc_req *req, int n_frames, struct challenge *c)
{
    mc_status st;

    if ((st = mc_db_cmd(req->db, "BEGIN")) != MC_OK)
        return st;
    if ((st = identity_challenge_take(req, "reverify", n_frames, c)) != MC_OK)
        return st;
    if (c->subject == NULL || strcmp(c->subject, mc_auth_claim(req, "sub")) != 0)
        st = mc_reply_error(req, MC_E_NOT_FOUND, NULL, "challenge_id", "no such challenge");
    if (st == MC_OK)
        st = identity_challenge_use(req, c);
    if (st == MC_OK)
        st = mc_db_cmd(req->db, "COMMIT");
    if (st != MC_OK)
        identity_challenge_cleanup(c);
    return st;
}

mc_status identity_on_reverify(struct mc_req *req)
{
    const char *doc = mc_json_str(req->params, "id");
    float ref[FACE_DESC_LEN];
    struct face_outcome o;
    struct submission s;
    struct challenge c;
    mc_status st;

    if (mc_auth_claim(req, "sub") == NULL)
        return mc_reply_error(req, MC_E_UNAUTH, NULL, NULL, "sign in first");
    if (!mc_is_uuid(doc))
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", "id",
                              "the document id must be a UUID");
    if (identity_face_ready(req) != MC_OK)
        return MC_E_UNAVAILABLE;
    if ((st = load_reference(req, ref)) != MC_OK)
        return st;
    if ((st = identity_submission_decode(req, NULL, &s)) != MC_OK)
        return st;
    if ((st = take_reverify(req, s.n_frames, &c)) == MC_OK) {
        st = identity_face_check(req, &c, &s, ref, &o);
        if (st == MC_OK && o.verdict != FACE_MATCH)
            st = mc_reply_error(req, MC_E_FORBIDDEN, "face_uncertain", "frames",
                                "the face is not clearly the enrolled one; try again");
        identity_outcome_log(req, c.id,
                             st == MC_OK ? "reverified"
                             : o.refusal ? o.refusal
                                         : "face_uncertain",
                             o.max_distance);
        if (st == MC_OK)
            st = reply_assertion(req, doc, o.max_distance);
        identity_challenge_cleanup(&c);
    }
    identity_submission_cleanup(&s);
    return st;
}
