/* SPDX-License-Identifier: Apache-2.0 */
/* Face assertion claims on signing: the checks against document, signer and time. */
#include <sodium.h>

#include "harness.h"

#include "../../../../services/signatures/face.c"

#define DOC "0b7d8a32-5c44-4a8e-9a53-2d1f4e6c7b90"
#define NOW 1796000000LL

/* Valid claims for DOC and signer "u-1" at NOW. owned */
static json_t *claims(void)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:f, s:I, s:I, s:s}", "typ", "face_assertion", "sub",
                     "u-1", "role", "litigant", "doc", DOC, "dist", 0.3412, "iat",
                     (json_int_t)(NOW - 10), "exp", (json_int_t)(NOW + 290), "jti",
                     "9c1f0e6a3b2d4c5e8f7a6b5c4d3e2f10");
}

static int verdict_with(const char *key, json_t *value)
{
    json_t *c = claims();
    int v;

    if (value)
        json_object_set_new(c, key, value);
    else
        json_object_del(c, key);
    v = (int)sig_claims_check(c, DOC, "u-1", NOW);
    json_decref(c);
    return v;
}

static void test_valid_claims(void)
{
    json_t *c = claims();

    CHECK_INT(SIG_CLAIMS_OK, sig_claims_check(c, DOC, "u-1", NOW));
    CHECK_INT(SIG_CLAIMS_BAD, sig_claims_check(c, DOC, "u-1", NOW + 290)); /* exp is exclusive */
    CHECK_INT(SIG_CLAIMS_MISMATCH,
              sig_claims_check(c, "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "u-1", NOW));
    CHECK_INT(SIG_CLAIMS_MISMATCH, sig_claims_check(c, DOC, "u-2", NOW));
    CHECK_INT(SIG_CLAIMS_MISMATCH, sig_claims_check(c, DOC, NULL, NOW));
    CHECK_INT(SIG_CLAIMS_BAD, sig_claims_check(NULL, DOC, "u-1", NOW));
    json_decref(c);
}

static void test_bad_claims(void)
{
    CHECK_INT(SIG_CLAIMS_BAD, verdict_with("typ", json_string("access")));
    CHECK_INT(SIG_CLAIMS_BAD, verdict_with("typ", NULL));
    CHECK_INT(SIG_CLAIMS_BAD, verdict_with("exp", json_string("1796000300")));
    CHECK_INT(SIG_CLAIMS_BAD, verdict_with("exp", NULL));
    CHECK_INT(SIG_CLAIMS_BAD, verdict_with("jti", json_string("")));
    CHECK_INT(SIG_CLAIMS_BAD, verdict_with("jti", NULL));
    CHECK_INT(SIG_CLAIMS_BAD, verdict_with("dist", json_string("0.3")));
    CHECK_INT(SIG_CLAIMS_MISMATCH, verdict_with("doc", NULL));
    CHECK_INT(SIG_CLAIMS_MISMATCH, verdict_with("sub", json_integer(1)));
    CHECK_INT(SIG_CLAIMS_OK, verdict_with("dist", json_integer(0)));
}

/* An assertion with the given claims text and a dummy signature. owned */
static char *assertion_of(const char *claims_json)
{
    size_t n =
        sodium_base64_encoded_len(strlen(claims_json), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *b64 = mc_xmalloc(n), *out;

    sodium_bin2base64(b64, n, (const unsigned char *)claims_json, strlen(claims_json),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out = mc_xasprintf("mcfa1.%s.c2lnbmF0dXJl", b64);
    free(b64);
    return out;
}

static void test_peek_doc(void)
{
    char *a = assertion_of("{\"typ\":\"face_assertion\",\"doc\":\"" DOC "\"}");
    char *doc = sig_assertion_peek_doc(a);

    CHECK_STR(DOC, doc);
    free(doc);
    a[0] = 'x'; /* not the mcfa1 prefix */
    CHECK(sig_assertion_peek_doc(a) == NULL);
    free(a);
    a = assertion_of("{\"typ\":\"face_assertion\"}");
    CHECK(sig_assertion_peek_doc(a) == NULL);
    free(a);
    a = assertion_of("not json");
    CHECK(sig_assertion_peek_doc(a) == NULL);
    free(a);
    CHECK(sig_assertion_peek_doc("mcfa1.***.sig") == NULL);
    CHECK(sig_assertion_peek_doc("mcfa1..sig") == NULL);
    CHECK(sig_assertion_peek_doc("mcfa1.") == NULL);
    CHECK(sig_assertion_peek_doc("garbage") == NULL);
    CHECK(sig_assertion_peek_doc(NULL) == NULL);
}

TH_MAIN(TH_CASE(test_valid_claims), TH_CASE(test_bad_claims), TH_CASE(test_peek_doc))
