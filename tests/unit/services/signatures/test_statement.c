/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The signature statement: its canonical text (v1 as stored before face assertions, v2 with
 * face_verified), signing, verification of tampered copies, and the face policy.
 */
#include <sodium.h>

#include "harness.h"

#include "../../../../services/signatures/statement.c"

static struct signatures key;

/* A fixed key, so runs are reproducible; runs first. */
static void test_make_key(void)
{
    unsigned char seed[crypto_sign_SEEDBYTES];

    CHECK(sodium_init() >= 0);
    memset(seed, 7, sizeof seed);
    crypto_sign_seed_keypair(key.pk, key.sk, seed);
    sig_key_id(key.pk, key.key_id);
}

static struct sig_statement sample(void)
{
    return (struct sig_statement){
        "0b7d8a32-5c44-4a8e-9a53-2d1f4e6c7b90",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "u-123",
        "plaintiff",
        "p1",
        "2026-12-03T17:06:08Z",
        1,
        false};
}

static struct sig_statement sample_v2(bool face)
{
    struct sig_statement s = sample();

    s.version = 2;
    s.face_verified = face;
    return s;
}

static void test_text_is_canonical(void)
{
    struct sig_statement s = sample();
    char buf[SIG_STATEMENT_MAX];
    int n = sig_statement_text(&s, buf, sizeof buf);

    CHECK(n > 0);
    CHECK_STR("microcourt-signature-v1\n0b7d8a32-5c44-4a8e-9a53-2d1f4e6c7b90\n"
              "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n"
              "u-123\nplaintiff\np1\n2026-12-03T17:06:08Z",
              buf);
    CHECK_INT((int)strlen(buf), n);
}

static void test_staff_has_dash_party(void)
{
    struct sig_statement s = sample();
    char buf[SIG_STATEMENT_MAX];

    s.signer_role = "judge";
    s.party_id = NULL;
    CHECK(sig_statement_text(&s, buf, sizeof buf) > 0);
    CHECK(strstr(buf, "\njudge\n-\n2026-12-03T17:06:08Z") != NULL);
}

static void test_text_refuses_bad_fields(void)
{
    struct sig_statement s = sample();
    char buf[SIG_STATEMENT_MAX], small[16];

    CHECK_INT(-1, sig_statement_text(&s, small, sizeof small));
    s.signer_id = "u-1\nforged";
    CHECK_INT(-1, sig_statement_text(&s, buf, sizeof buf));
    s = sample();
    s.sha256 = "";
    CHECK_INT(-1, sig_statement_text(&s, buf, sizeof buf));
    s = sample();
    s.document_id = NULL;
    CHECK_INT(-1, sig_statement_text(&s, buf, sizeof buf));
}

static void test_sign_and_verify(void)
{
    struct sig_statement s = sample();
    char hex[SIG_HEX_LEN];

    CHECK_INT(0, sig_statement_sign(&key, &s, hex));
    CHECK_INT(128, (int)strlen(hex));
    CHECK(sig_statement_verify(key.pk, &s, hex));
    CHECK_INT(16, (int)strlen(key.key_id));
}

static void test_tampered_is_invalid(void)
{
    struct sig_statement s = sample(), t;
    char hex[SIG_HEX_LEN];

    CHECK_INT(0, sig_statement_sign(&key, &s, hex));
    t = s;
    t.sha256 = "0f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    CHECK(!sig_statement_verify(key.pk, &t, hex));
    t = s;
    t.party_id = "p2";
    CHECK(!sig_statement_verify(key.pk, &t, hex));
    t = s;
    t.signed_at = "2026-12-03T17:06:09Z";
    CHECK(!sig_statement_verify(key.pk, &t, hex));
    t = s;
    t.signer_role = "defendant";
    CHECK(!sig_statement_verify(key.pk, &t, hex));
}

static void test_bad_signature_text(void)
{
    struct sig_statement s = sample();
    char hex[SIG_HEX_LEN];
    unsigned char other_pk[MC_TOKEN_PK_BYTES], other_sk[MC_TOKEN_SK_BYTES];

    CHECK_INT(0, sig_statement_sign(&key, &s, hex));
    hex[0] = hex[0] == '0' ? '1' : '0';
    CHECK(!sig_statement_verify(key.pk, &s, hex));
    CHECK(!sig_statement_verify(key.pk, &s, "zz"));
    CHECK(!sig_statement_verify(key.pk, &s, NULL));
    CHECK(!sig_statement_verify(key.pk, &s, ""));
    CHECK_INT(0, sig_statement_sign(&key, &s, hex));
    crypto_sign_keypair(other_pk, other_sk);
    CHECK(!sig_statement_verify(other_pk, &s, hex));
}

static void test_v2_text_is_canonical(void)
{
    struct sig_statement s = sample_v2(true);
    char buf[SIG_STATEMENT_MAX];
    int n = sig_statement_text(&s, buf, sizeof buf);

    CHECK(n > 0);
    CHECK_STR("microcourt-signature-v2\n0b7d8a32-5c44-4a8e-9a53-2d1f4e6c7b90\n"
              "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n"
              "u-123\nplaintiff\np1\n2026-12-03T17:06:08Z\ntrue",
              buf);
    CHECK_INT((int)strlen(buf), n);
    s.face_verified = false;
    CHECK(sig_statement_text(&s, buf, sizeof buf) > 0);
    CHECK(strstr(buf, "\n2026-12-03T17:06:08Z\nfalse") != NULL);
}

/* v1 ignores face_verified (it was not part of it); unknown versions are refused. */
static void test_versions(void)
{
    struct sig_statement s = sample();
    char a[SIG_STATEMENT_MAX], b[SIG_STATEMENT_MAX];

    CHECK(sig_statement_text(&s, a, sizeof a) > 0);
    s.face_verified = true;
    CHECK(sig_statement_text(&s, b, sizeof b) > 0);
    CHECK_STR(a, b);
    s.version = 0;
    CHECK_INT(-1, sig_statement_text(&s, a, sizeof a));
    s.version = 3;
    CHECK_INT(-1, sig_statement_text(&s, a, sizeof a));
}

static void test_v2_binds_face_and_version(void)
{
    struct sig_statement s = sample_v2(true), t;
    char hex[SIG_HEX_LEN], v1hex[SIG_HEX_LEN];

    CHECK_INT(0, sig_statement_sign(&key, &s, hex));
    CHECK(sig_statement_verify(key.pk, &s, hex));
    t = s;
    t.face_verified = false;
    CHECK(!sig_statement_verify(key.pk, &t, hex));
    t = s;
    t.version = 1;
    CHECK(!sig_statement_verify(key.pk, &t, hex));
    /* A stored v1 signature keeps verifying as v1, and only as v1. */
    t = sample();
    CHECK_INT(0, sig_statement_sign(&key, &t, v1hex));
    CHECK(sig_statement_verify(key.pk, &t, v1hex));
    t.version = 2;
    CHECK(!sig_statement_verify(key.pk, &t, v1hex));
}

static void test_policy_parse(void)
{
    enum sig_face_policy p = SIG_FACE_ALL;

    CHECK_INT(0, sig_face_policy_parse("none", &p));
    CHECK_INT(SIG_FACE_NONE, p);
    CHECK_INT(0, sig_face_policy_parse("staff", &p));
    CHECK_INT(SIG_FACE_STAFF, p);
    CHECK_INT(0, sig_face_policy_parse("all", &p));
    CHECK_INT(SIG_FACE_ALL, p);
    CHECK_INT(-1, sig_face_policy_parse("ALL", &p));
    CHECK_INT(-1, sig_face_policy_parse("", &p));
    CHECK_INT(-1, sig_face_policy_parse("staff ", &p));
    CHECK_INT(-1, sig_face_policy_parse(NULL, &p));
    CHECK_INT(SIG_FACE_ALL, p); /* unchanged on refusal */
}

/* policy x role x has_assertion: the whole table. */
static void test_policy_table(void)
{
    static const char *roles[] = {"judge", "clerk", "litigant", "enforcement", "admin", ""};
    static const bool staff_needs[] = {true, true, false, false, false, false};

    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        CHECK(sig_face_allowed(SIG_FACE_NONE, roles[i], false));
        CHECK(sig_face_allowed(SIG_FACE_NONE, roles[i], true));
        CHECK_INT(!staff_needs[i], sig_face_allowed(SIG_FACE_STAFF, roles[i], false));
        CHECK(sig_face_allowed(SIG_FACE_STAFF, roles[i], true));
        CHECK(!sig_face_allowed(SIG_FACE_ALL, roles[i], false));
        CHECK(sig_face_allowed(SIG_FACE_ALL, roles[i], true));
    }
    CHECK(sig_face_allowed(SIG_FACE_STAFF, NULL, false));
    CHECK(!sig_face_allowed(SIG_FACE_ALL, NULL, false));
    CHECK(!sig_face_allowed((enum sig_face_policy)7, "litigant", false)); /* fails closed */
}

static void test_key_id_is_prefix(void)
{
    char pk_hex[MC_TOKEN_PK_BYTES * 2 + 1];

    mc_hex_encode(key.pk, sizeof key.pk, pk_hex);
    CHECK(strncmp(pk_hex, key.key_id, 16) == 0);
}

TH_MAIN(TH_CASE(test_make_key), TH_CASE(test_text_is_canonical), TH_CASE(test_staff_has_dash_party),
        TH_CASE(test_text_refuses_bad_fields), TH_CASE(test_sign_and_verify),
        TH_CASE(test_tampered_is_invalid), TH_CASE(test_bad_signature_text),
        TH_CASE(test_key_id_is_prefix), TH_CASE(test_v2_text_is_canonical), TH_CASE(test_versions),
        TH_CASE(test_v2_binds_face_and_version), TH_CASE(test_policy_parse),
        TH_CASE(test_policy_table))
