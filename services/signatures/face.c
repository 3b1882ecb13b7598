/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Face assertions on signing. A signer who re-verified by face for this document presents the
 * assertion identity issued ("mcfa1.<claims>.<signature>"); identity.assertion.verify checks
 * its signature, type and expiry, and this file checks that it names this document and this
 * signer. The jti is stored with the signature (store.c) so an assertion backs one signature.
 */
#include "signatures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#define ASSERTION_PREFIX "mcfa1."
#define CLAIMS_MAX 4096

static bool str_is(const json_t *obj, const char *key, const char *want)
{
    const char *v = mc_json_str(obj, key);

    return v != NULL && want != NULL && strcmp(v, want) == 0;
}

enum sig_claims_verdict sig_claims_check(const json_t *claims, const char *document_id,
                                         const char *sub, long long now)
{
    const char *jti = mc_json_str(claims, "jti");

    if (!json_is_object(claims) || !str_is(claims, "typ", "face_assertion"))
        return SIG_CLAIMS_BAD;
    if (!json_is_integer(json_object_get(claims, "exp")) || mc_json_int(claims, "exp", 0) <= now)
        return SIG_CLAIMS_BAD;
    if (jti == NULL || *jti == '\0' || strlen(jti) >= SIG_JTI_MAX)
        return SIG_CLAIMS_BAD;
    if (!json_is_number(json_object_get(claims, "dist")))
        return SIG_CLAIMS_BAD;
    if (!str_is(claims, "doc", document_id) || !str_is(claims, "sub", sub))
        return SIG_CLAIMS_MISMATCH;
    return SIG_CLAIMS_OK;
}

char *sig_assertion_peek_doc(const char *assertion)
{
    const char *dot = assertion ? strrchr(assertion, '.') : NULL;
    const size_t plen = strlen(ASSERTION_PREFIX);
    unsigned char buf[CLAIMS_MAX];
    size_t len = 0;
    json_t *claims;
    char *doc = NULL;

    if (dot == NULL || strncmp(assertion, ASSERTION_PREFIX, plen) != 0 ||
        (size_t)(dot - assertion) <= plen)
        return NULL;
    if (sodium_base642bin(buf, sizeof buf, assertion + plen, (size_t)(dot - assertion) - plen, NULL,
                          &len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return NULL;
    claims = json_loadb((const char *)buf, len, 0, NULL);
    if (mc_json_str(claims, "doc") != NULL)
        doc = mc_xstrdup(mc_json_str(claims, "doc"));
    json_decref(claims);
    return doc;
}

static mc_status refuse_bad(struct mc_req *req)
{
    return mc_reply_error(req, MC_E_UNAUTH, "bad_assertion", "face_assertion",
                          "the face assertion is not valid or has expired; re-verify by face");
}

/*
 * Asks identity to check the assertion's signature, type and expiry, for the document the
 * assertion itself names (so a foreign one is told apart from a forged one here). owned:
 * *out_claims on MC_OK.
 */
static mc_status ask_identity(struct mc_req *req, const char *text, json_t **out_claims)
{
    char *doc = sig_assertion_peek_doc(text), *code = NULL;
    json_t *body, *reply = NULL;
    mc_status st;

    if (doc == NULL || !mc_is_uuid(doc)) {
        free(doc);
        return refuse_bad(req);
    }
    body = mc_json_xpack("{s:s, s:s}", "assertion", text, "document_id", doc);
    st = mc_req_call(req, "identity.assertion.verify", NULL, body, &reply, &code);
    json_decref(body);
    free(doc);
    free(code);
    if (st == MC_E_INVALID || st == MC_E_FORBIDDEN || st == MC_E_NOT_FOUND || st == MC_E_UNAUTH ||
        (st == MC_OK && !json_is_true(json_object_get(reply, "valid"))))
        st = refuse_bad(req);
    if (st == MC_OK)
        *out_claims = json_incref(json_object_get(reply, "claims"));
    json_decref(reply);
    return st;
}

mc_status sig_face_check(struct mc_req *req, const char *document_id, struct sig_face *out)
{
    const char *text = mc_json_str(req->body, "face_assertion");
    json_t *claims = NULL;
    enum sig_claims_verdict v;
    mc_status st;

    memset(out, 0, sizeof *out);
    if (text == NULL)
        return MC_OK;
    if ((st = ask_identity(req, text, &claims)) != MC_OK)
        return st;
    v = sig_claims_check(claims, document_id, mc_auth_claim(req, "sub"), (long long)time(NULL));
    if (v == SIG_CLAIMS_MISMATCH)
        st = mc_reply_error(req, MC_E_FORBIDDEN, "assertion_mismatch", "face_assertion",
                            "the face assertion is for another document or another person");
    else if (v != SIG_CLAIMS_OK)
        st = refuse_bad(req);
    if (st == MC_OK) {
        out->verified = true;
        out->dist = json_number_value(json_object_get(claims, "dist"));
        snprintf(out->jti, sizeof out->jti, "%s", mc_json_str(claims, "jti"));
    }
    json_decref(claims);
    return st;
}
