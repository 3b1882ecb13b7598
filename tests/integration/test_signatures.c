/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Signatures over HTTP (and signatures.key over NATS) against a running stack: a mediation
 * hearing closed with an agreement gives the document; the parties and the judge sign it; the
 * list re-verifies every signature, also offline with the published key, and shows a changed
 * document hash as invalid. Refused requests change nothing.
 */
#include "harness.h"
#include "mc/json.h"

#include "agreement_fixture.h"

static struct {
    char *plaintiff, *defendant, *stranger, *judge, *clerk, *officer, *clerk9;
    char *case_id;
    char doc_id[40];
    char sha256[65];
} fx;

static long long count_signatures(void)
{
    char sql[200];

    snprintf(sql, sizeof sql, "SELECT count(*) FROM signatures WHERE document_id = '%s'",
             fx.doc_id);
    return tc_sql_count("signatures", sql);
}

static void test_setup(void)
{
    char path[160];
    struct tc_resp r;

    fx.plaintiff = fx_litigant(tc_plaintiff_name, tc_plaintiff_idn, tc_plaintiff_phone);
    fx.defendant = fx_litigant(tc_defendant_name, tc_defendant_idn, tc_defendant_phone);
    fx.stranger = fx_litigant("赵强", "330203199201150011", "13900001111");
    fx.judge = tc_staff_token("judge1");
    fx.clerk = tc_staff_token("clerk1");
    fx.officer = tc_staff_token("officer1");
    fx.clerk9 = tc_staff_token("clerk9");
    CHECK(fx.plaintiff && fx.defendant && fx.stranger && fx.judge && fx.clerk && fx.officer &&
          fx.clerk9);
    CHECK_INT(0, tc_make_case(fx.plaintiff, &fx.case_id));
    CHECK_INT(0, fx.case_id ? fx_make_agreement(fx.judge, fx.case_id, fx.doc_id) : -1);
    snprintf(path, sizeof path, "/api/v1/documents/%s", fx.doc_id);
    r = tc_call("GET", path, fx.plaintiff, NULL);
    CHECK_INT(200, r.status);
    CHECK_STR("mediation_agreement", json_string_value(json_object_get(r.json, "kind")));
    snprintf(fx.sha256, sizeof fx.sha256, "%s",
             json_string_value(json_object_get(r.json, "sha256")) ?: "");
    CHECK_INT(64, (int)strlen(fx.sha256));
    tc_resp_cleanup(&r);
}

static void test_list_before_signing(void)
{
    struct tc_resp r = fx_sig_call("GET", fx.doc_id, fx.defendant, NULL);

    CHECK_INT(200, r.status);
    CHECK_STR(fx.doc_id, json_string_value(json_object_get(r.json, "document_id")));
    CHECK_STR(fx.sha256, json_string_value(json_object_get(r.json, "sha256")));
    CHECK_INT(0, (int)json_array_size(json_object_get(r.json, "signatures")));
    CHECK(json_is_false(json_object_get(r.json, "signed_by_all_parties")));
    tc_resp_cleanup(&r);
}

static void test_bad_ids(void)
{
    struct tc_resp r = fx_sig_call("POST", "not-a-uuid", fx.plaintiff, NULL);

    CHECK_INT(404, r.status);
    tc_resp_cleanup(&r);
    r = fx_sig_call("POST", "00000000-0000-4000-8000-000000000000", fx.plaintiff, NULL);
    CHECK_INT(404, r.status);
    tc_resp_cleanup(&r);
    r = fx_sig_call("GET", "00000000-0000-4000-8000-000000000000", fx.judge, NULL);
    CHECK_INT(404, r.status);
    tc_resp_cleanup(&r);
    r = fx_sig_call("POST", fx.doc_id, NULL, NULL);
    CHECK_INT(401, r.status);
    tc_resp_cleanup(&r);
    CHECK_INT(0, count_signatures());
}

static void test_bad_body(void)
{
    struct tc_resp r = fx_sig_call("POST", fx.doc_id, fx.plaintiff, "{\"party_id\":");

    CHECK_INT(400, r.status);
    CHECK_STR("invalid_json", fx_err_code(&r));
    tc_resp_cleanup(&r);
    r = fx_sig_call("POST", fx.doc_id, fx.plaintiff, "{\"party_id\":\"p2\"}");
    CHECK_INT(400, r.status);
    tc_resp_cleanup(&r);
    r = fx_sig_call("POST", fx.doc_id, fx.plaintiff, "[1,2]");
    CHECK_INT(400, r.status);
    tc_resp_cleanup(&r);
    CHECK_INT(0, count_signatures());
}

static void test_outsiders_refused(void)
{
    struct tc_resp r = fx_sig_call("POST", fx.doc_id, fx.stranger, NULL);

    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    r = fx_sig_call("GET", fx.doc_id, fx.stranger, NULL);
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    r = fx_sig_call("POST", fx.doc_id, fx.clerk9, NULL);
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    r = fx_sig_call("POST", fx.doc_id, fx.officer, NULL);
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    CHECK_INT(0, count_signatures());
}

static void check_signed(const struct tc_resp *r, const char *role, const char *party)
{
    const json_t *j = r->json;

    CHECK_INT(201, r->status);
    CHECK(mc_is_uuid(json_string_value(json_object_get(j, "id"))));
    CHECK_STR(fx.doc_id, json_string_value(json_object_get(j, "document_id")));
    CHECK_STR(fx.sha256, json_string_value(json_object_get(j, "sha256")));
    CHECK_STR(role, json_string_value(json_object_get(j, "signer_role")));
    if (party)
        CHECK_STR(party, json_string_value(json_object_get(j, "party_id")));
    else
        CHECK(json_is_null(json_object_get(j, "party_id")));
    CHECK_INT(128, (int)strlen(json_string_value(json_object_get(j, "signature")) ?: ""));
    CHECK_INT(16, (int)strlen(json_string_value(json_object_get(j, "key_id")) ?: ""));
    CHECK_INT(20, (int)strlen(json_string_value(json_object_get(j, "signed_at")) ?: ""));
    CHECK(json_is_true(json_object_get(j, "valid")));
}

static void test_sign_by_parties_and_judge(void)
{
    struct tc_resp r = fx_sig_call("POST", fx.doc_id, fx.plaintiff, NULL);

    check_signed(&r, "plaintiff", "p1");
    CHECK_STR(tc_plaintiff_name, json_string_value(json_object_get(r.json, "signer_name")));
    tc_resp_cleanup(&r);
    r = fx_sig_call("GET", fx.doc_id, fx.judge, NULL);
    CHECK_INT(1, (int)json_array_size(json_object_get(r.json, "signatures")));
    CHECK(json_is_false(json_object_get(r.json, "signed_by_all_parties")));
    tc_resp_cleanup(&r);
    r = fx_sig_call("POST", fx.doc_id, fx.defendant, "{}");
    check_signed(&r, "defendant", "p2");
    tc_resp_cleanup(&r);
    r = fx_sig_call("POST", fx.doc_id, fx.judge, NULL);
    check_signed(&r, "judge", NULL);
    tc_resp_cleanup(&r);
    CHECK_INT(3, count_signatures());
}

static void test_list_after_signing(void)
{
    struct tc_resp r = fx_sig_call("GET", fx.doc_id, fx.plaintiff, NULL);
    json_t *sigs = json_object_get(r.json, "signatures"), *s;
    size_t i;

    CHECK_INT(200, r.status);
    CHECK_INT(3, (int)json_array_size(sigs));
    json_array_foreach(sigs, i, s) CHECK(json_is_true(json_object_get(s, "valid")));
    CHECK_STR("p1", json_string_value(json_object_get(json_array_get(sigs, 0), "party_id")));
    CHECK_STR("judge", json_string_value(json_object_get(json_array_get(sigs, 2), "signer_role")));
    CHECK(json_is_true(json_object_get(r.json, "signed_by_all_parties")));
    tc_resp_cleanup(&r);
}

static void test_second_signature_refused(void)
{
    struct tc_resp r = fx_sig_call("POST", fx.doc_id, fx.plaintiff, NULL);

    CHECK_INT(409, r.status);
    CHECK_STR("already_signed", fx_err_code(&r));
    tc_resp_cleanup(&r);
    r = fx_sig_call("POST", fx.doc_id, fx.judge, NULL);
    CHECK_INT(409, r.status);
    tc_resp_cleanup(&r);
    CHECK_INT(3, count_signatures());
}

/* Fetches the published key over NATS, as another court node would. */
static int fetch_key(unsigned char pk[32], char key_id[17])
{
    natsConnection *nc = NULL;
    struct mc_call c = {.subject = "signatures.key", .timeout_ms = 3000};
    json_t *out = NULL;
    size_t len = 0;
    const char *hex, *kid;
    int rc = -1;

    if (mc_bus_connect(tc_env("NATS_URL", "nats://127.0.0.1:4222"), "test", false, &nc) != MC_OK)
        return -1;
    if (mc_bus_call_json(nc, &c, NULL, &out, NULL) == MC_OK) {
        hex = json_string_value(json_object_get(out, "public_key"));
        kid = json_string_value(json_object_get(out, "key_id"));
        if (hex && kid && strlen(kid) == 16 &&
            sodium_hex2bin(pk, 32, hex, strlen(hex), NULL, &len, NULL) == 0 && len == 32) {
            snprintf(key_id, 17, "%s", kid);
            rc = strcmp(json_string_value(json_object_get(out, "alg")) ?: "", "Ed25519");
        }
    }
    json_decref(out);
    natsConnection_Destroy(nc);
    return rc;
}

/* Rebuilds the statement from a listed signature and checks it with the public key alone. */
static void test_verify_offline(void)
{
    unsigned char pk[32], sig[64];
    char key_id[17], text[1024];
    struct tc_resp r = fx_sig_call("GET", fx.doc_id, fx.judge, NULL);
    json_t *s = json_array_get(json_object_get(r.json, "signatures"), 1);
    const char *party = json_string_value(json_object_get(s, "party_id"));
    const char *hex = json_string_value(json_object_get(s, "signature"));
    size_t len = 0;

    CHECK_INT(0, fetch_key(pk, key_id));
    CHECK_STR(key_id, json_string_value(json_object_get(s, "key_id")));
    snprintf(text, sizeof text, "microcourt-signature-v1\n%s\n%s\n%s\n%s\n%s\n%s", fx.doc_id,
             fx.sha256, json_string_value(json_object_get(s, "signer_id")),
             json_string_value(json_object_get(s, "signer_role")), party ? party : "-",
             json_string_value(json_object_get(s, "signed_at")));
    CHECK(hex && sodium_hex2bin(sig, sizeof sig, hex, strlen(hex), NULL, &len, NULL) == 0);
    CHECK_INT(0, crypto_sign_verify_detached(sig, (unsigned char *)text, strlen(text), pk));
    text[strlen(text) - 1] ^= 1;
    CHECK_INT(-1, crypto_sign_verify_detached(sig, (unsigned char *)text, strlen(text), pk));
    tc_resp_cleanup(&r);
}

static long long set_document_sha(const char *sha)
{
    char sql[300];

    snprintf(sql, sizeof sql, "UPDATE documents SET sha256 = '%s' WHERE id = '%s' RETURNING 1", sha,
             fx.doc_id);
    return tc_sql_count("documents", sql);
}

/* A document whose hash changed after signing shows every signature as invalid. */
static void test_tampered_hash_invalid(void)
{
    struct tc_resp r;
    json_t *s;
    size_t i;

    CHECK_INT(1,
              set_document_sha("0000000000000000000000000000000000000000000000000000000000000000"));
    r = fx_sig_call("GET", fx.doc_id, fx.plaintiff, NULL);
    CHECK_INT(200, r.status);
    CHECK_INT(3, (int)json_array_size(json_object_get(r.json, "signatures")));
    json_array_foreach(json_object_get(r.json, "signatures"), i, s)
        CHECK(json_is_false(json_object_get(s, "valid")));
    CHECK(json_is_false(json_object_get(r.json, "signed_by_all_parties")));
    tc_resp_cleanup(&r);
    CHECK_INT(1, set_document_sha(fx.sha256));
    r = fx_sig_call("GET", fx.doc_id, fx.plaintiff, NULL);
    CHECK(json_is_true(json_object_get(r.json, "signed_by_all_parties")));
    tc_resp_cleanup(&r);
}

TH_MAIN(TH_CASE(test_setup), TH_CASE(test_list_before_signing), TH_CASE(test_bad_ids),
        TH_CASE(test_bad_body), TH_CASE(test_outsiders_refused),
        TH_CASE(test_sign_by_parties_and_judge), TH_CASE(test_list_after_signing),
        TH_CASE(test_second_signature_refused), TH_CASE(test_verify_offline),
        TH_CASE(test_tampered_hash_invalid))
