/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Signatures over HTTP (and signatures.key over NATS) against a running stack: a mediation
 * hearing closed with an agreement gives the document; the parties and the judge sign it; the
 * list re-verifies every signature, also offline with the published key, and shows a changed
 * document hash as invalid. Refused requests change nothing.
 *
 * Face assertions use real photos (identity_face_fixture.h; the assets come from
 * scripts/face-assets.sh): the plaintiff signs in by face as John Shimkus, re-verifies for the
 * agreement and signs with the assertion; replays, foreign and forged assertions are refused.
 */
#include "harness.h"
#include "mc/json.h"
#include "mc/token.h"

#include "agreement_fixture.h"
#include "identity_face_fixture.h"

#define SHIM "johns/John_Shimkus/"
#define ID_PHOTO SHIM "000388_03227773.jpg"

static struct {
    char *plaintiff, *defendant, *stranger, *judge, *clerk, *officer, *clerk9;
    char *plaintiff_face; /* the plaintiff signed in by face: has a reference face */
    char *case_id;
    char doc_id[40], doc2_id[40]; /* the agreement; an evidence file of the same case */
    char sha256[65];
    json_t *assertion, *assertion2; /* the plaintiff's, for doc_id and for doc2_id */
} fx;

static long long count_signatures(void)
{
    char sql[200];

    snprintf(sql, sizeof sql, "SELECT count(*) FROM signatures WHERE document_id = '%s'",
             fx.doc_id);
    return tc_sql_count("signatures", sql);
}

/* Assertions used on this run's two documents. */
static long long count_used(void)
{
    char sql[300];

    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM used_assertions WHERE document_id IN ('%s', '%s')", fx.doc_id,
             fx.doc2_id);
    return tc_sql_count("signatures", sql);
}

/* The genuine frames for a challenge, in its order. owned: json array. */
static json_t *frames_for(const json_t *challenge)
{
    json_t *frames = json_array(), *a;
    size_t i;

    json_array_foreach(json_object_get(challenge, "actions"), i, a)
    {
        struct blob b = fx_chip_frame(fx_shim_frame(json_string_value(a)), 92);

        json_array_append_new(frames, fx_b64_blob(b));
        free(b.data);
    }
    return frames;
}

/* Signs the plaintiff in by face (sets the reference face). owned: token; NULL on failure. */
static char *face_login_plaintiff(void)
{
    struct fx_person p = {.name = tc_plaintiff_name};
    struct blob photo = fx_chip_frame(ID_PHOTO, 92);
    struct tc_resp r = {0};
    char *token = NULL;

    snprintf(p.idn, sizeof p.idn, "%s", tc_plaintiff_idn);
    snprintf(p.phone, sizeof p.phone, "%s", tc_plaintiff_phone);
    for (int i = 0; i < 15 && fx_otp(p.name, p.idn, p.phone, p.code) != 0; i++)
        sleep(5); /* three codes a minute per phone */
    if (fx_new_challenge(&p, fx_turns_only) == 0) {
        json_t *body = fx_submission(&p, fx_b64_blob(photo), frames_for(p.challenge));

        r = tc_call_json("POST", "/api/v1/litigants/verifications", NULL, body);
        json_decref(body);
        if (r.status == 201)
            token = mc_xstrdup(mc_json_str(r.json, "token"));
        else
            fprintf(stderr, "face sign-in: %d %s\n", r.status, r.body ? r.body : "");
    }
    tc_resp_cleanup(&r);
    fx_person_cleanup(&p);
    free(photo.data);
    return token;
}

/* Re-verifies the holder of token by face for doc. owned: the assertion reply, or NULL. */
static json_t *reverify(const char *token, const char *doc)
{
    struct tc_resp r = {0};
    json_t *ch = NULL, *body, *out = NULL;
    char path[160];

    for (int i = 0; i < 40 && (ch == NULL || !fx_turns_only(json_object_get(ch, "actions"))); i++) {
        json_decref(ch);
        r = tc_call("POST", "/api/v1/reverifications", token, "{}");
        ch = r.status == 201 ? json_incref(r.json) : NULL;
        tc_resp_cleanup(&r);
        if (ch == NULL)
            return NULL;
    }
    body = mc_json_xpack("{s:O, s:O, s:o}", "challenge_id", json_object_get(ch, "challenge_id"),
                         "nonce", json_object_get(ch, "nonce"), "frames", frames_for(ch));
    snprintf(path, sizeof path, "/api/v1/documents/%s/face-assertions", doc);
    r = tc_call_json("POST", path, token, body);
    if (r.status == 201)
        out = json_incref(r.json);
    else
        fprintf(stderr, "reverify: %d %s\n", r.status, r.body ? r.body : "");
    tc_resp_cleanup(&r);
    json_decref(body);
    json_decref(ch);
    return out;
}

/* Signs doc with token and the assertion text (NULL: none). */
static struct tc_resp sign_with(const char *doc, const char *token, const char *assertion)
{
    json_t *body = assertion ? json_pack("{s:s}", "face_assertion", assertion) : json_object();
    char *text = json_dumps(body, 0);
    struct tc_resp r = fx_sig_call("POST", doc, token, text);

    free(text);
    json_decref(body);
    return r;
}

static const char *assertion_text(const json_t *reply)
{
    return mc_json_str(reply, "assertion");
}

static int upload_evidence(const char *token, char out_id[40])
{
    static const char pdf[] = "%PDF-1.4\n% evidence for the signature tests\n%%EOF\n";
    char path[160];
    struct tc_resp r;
    int rc;

    snprintf(path, sizeof path, "/api/v1/cases/%s/documents", fx.case_id);
    r = tc_post_raw(path, token, "application/pdf", pdf, sizeof pdf - 1);
    rc = r.status == 201 && mc_json_str(r.json, "id") ? 0 : -1;
    if (rc == 0)
        snprintf(out_id, 40, "%s", mc_json_str(r.json, "id"));
    else
        fprintf(stderr, "upload: %d %s\n", r.status, r.body ? r.body : "");
    tc_resp_cleanup(&r);
    return rc;
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
    CHECK_INT(0, upload_evidence(fx.plaintiff, fx.doc2_id));
}

/* The plaintiff signs in by face, then re-verifies for the agreement and for the evidence. */
static void test_reverify_for_documents(void)
{
    const json_t *claims;

    fx.plaintiff_face = face_login_plaintiff();
    CHECK(fx.plaintiff_face != NULL);
    fx.assertion = reverify(fx.plaintiff_face, fx.doc_id);
    fx.assertion2 = reverify(fx.plaintiff_face, fx.doc2_id);
    CHECK(fx.assertion != NULL && fx.assertion2 != NULL);
    claims = json_object_get(fx.assertion, "claims");
    CHECK(strncmp(assertion_text(fx.assertion) ?: "", "mcfa1.", 6) == 0);
    CHECK_STR(fx.doc_id, mc_json_str(claims, "doc"));
    CHECK_STR("litigant", mc_json_str(claims, "role"));
    CHECK_STR(fx.doc2_id, mc_json_str(json_object_get(fx.assertion2, "claims"), "doc"));
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

static void check_refused(const char *token, const char *assertion, int status, const char *code)
{
    struct tc_resp r = sign_with(fx.doc_id, token, assertion);

    CHECK_INT(status, r.status);
    CHECK_STR(code, fx_err_code(&r));
    if (strcmp(code, "invalid_argument") != 0)
        CHECK_STR("face_assertion",
                  json_string_value(json_object_get(json_object_get(r.json, "error"), "field")));
    tc_resp_cleanup(&r);
}

/* Forged, malformed and foreign assertions; nothing is signed and no jti is used. */
static void test_bad_assertions(void)
{
    char *forged = mc_xstrdup(assertion_text(fx.assertion) ?: "mcfa1.x.y"), *last;
    struct tc_resp r;

    check_refused(fx.plaintiff_face, "garbage", 401, "bad_assertion");
    check_refused(fx.plaintiff_face, "mcfa1.e30.AAAA", 401, "bad_assertion");
    last = strrchr(forged, '.');
    last[3] = last[3] == 'A' ? 'B' : 'A'; /* the signature no longer matches */
    check_refused(fx.plaintiff_face, forged, 401, "bad_assertion");
    /* The agreement's assertion presented by another party (the defendant). */
    check_refused(fx.defendant, assertion_text(fx.assertion), 403, "assertion_mismatch");
    /* The evidence file's assertion presented for the agreement. */
    check_refused(fx.plaintiff_face, assertion_text(fx.assertion2), 403, "assertion_mismatch");
    r = fx_sig_call("POST", fx.doc_id, fx.plaintiff_face, "{\"face_assertion\":42}");
    CHECK_INT(400, r.status);
    CHECK_STR("invalid_argument", fx_err_code(&r));
    tc_resp_cleanup(&r);
    check_refused(fx.plaintiff_face, "", 400, "invalid_argument");
    CHECK_INT(0, count_signatures());
    CHECK_INT(0, count_used());
    free(forged);
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
    struct tc_resp r = sign_with(fx.doc_id, fx.plaintiff_face, assertion_text(fx.assertion));
    double dist = json_number_value(json_object_get(r.json, "face_distance"));

    check_signed(&r, "plaintiff", "p1");
    CHECK_STR(tc_plaintiff_name, json_string_value(json_object_get(r.json, "signer_name")));
    CHECK(json_is_true(json_object_get(r.json, "face_verified")));
    CHECK_INT(2, (int)json_integer_value(json_object_get(r.json, "statement_version")));
    CHECK(dist > 0.0 && dist < 0.5);
    CHECK(dist ==
          json_number_value(json_object_get(json_object_get(fx.assertion, "claims"), "dist")));
    CHECK_INT(1, count_used());
    tc_resp_cleanup(&r);
    r = fx_sig_call("GET", fx.doc_id, fx.judge, NULL);
    CHECK_INT(1, (int)json_array_size(json_object_get(r.json, "signatures")));
    CHECK(json_is_false(json_object_get(r.json, "signed_by_all_parties")));
    tc_resp_cleanup(&r);
    r = fx_sig_call("POST", fx.doc_id, fx.defendant, "{}");
    check_signed(&r, "defendant", "p2");
    CHECK(json_is_false(json_object_get(r.json, "face_verified")));
    CHECK(json_is_null(json_object_get(r.json, "face_distance")));
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
    CHECK(json_is_true(json_object_get(json_array_get(sigs, 0), "face_verified")));
    CHECK(json_is_number(json_object_get(json_array_get(sigs, 0), "face_distance")));
    CHECK(json_is_false(json_object_get(json_array_get(sigs, 1), "face_verified")));
    CHECK(json_is_false(json_object_get(json_array_get(sigs, 2), "face_verified")));
    CHECK_INT(
        2, (int)json_integer_value(json_object_get(json_array_get(sigs, 2), "statement_version")));
    tc_resp_cleanup(&r);
}

/* An assertion backs one signature: replayed, or carried to another document, it is refused. */
static void test_assertion_used_once(void)
{
    struct tc_resp r = sign_with(fx.doc_id, fx.plaintiff_face, assertion_text(fx.assertion));

    CHECK_INT(409, r.status);
    CHECK_STR("assertion_used", fx_err_code(&r));
    tc_resp_cleanup(&r);
    r = sign_with(fx.doc2_id, fx.plaintiff_face, assertion_text(fx.assertion));
    CHECK_INT(403, r.status);
    CHECK_STR("assertion_mismatch", fx_err_code(&r));
    tc_resp_cleanup(&r);
    CHECK_INT(1, count_used());
    /* The evidence file's own assertion signs it, once. */
    r = sign_with(fx.doc2_id, fx.plaintiff_face, assertion_text(fx.assertion2));
    CHECK_INT(201, r.status);
    CHECK(json_is_true(json_object_get(r.json, "face_verified")));
    tc_resp_cleanup(&r);
    r = sign_with(fx.doc2_id, fx.plaintiff_face, assertion_text(fx.assertion2));
    CHECK_INT(409, r.status);
    CHECK_STR("assertion_used", fx_err_code(&r));
    tc_resp_cleanup(&r);
    CHECK_INT(2, count_used());
    CHECK_INT(3, count_signatures());
}

/* A judge with an enrolled reference face signs with an assertion too; a clerk may not use it. */
static void test_judge_signs_with_face(void)
{
    struct blob photo = fx_chip_frame(ID_PHOTO, 92);
    json_t *body = mc_json_xpack("{s:s, s:o}", "staff", "judge1", "photo", fx_b64_blob(photo));
    json_t *a;
    struct tc_resp r;
    int status = 0;

    json_decref(fx_nats("identity.staff.enroll_face", NULL, NULL, body, &status));
    CHECK_INT(201, status);
    a = reverify(fx.judge, fx.doc2_id);
    CHECK(a != NULL);
    CHECK_STR("judge", mc_json_str(json_object_get(a, "claims"), "role"));
    r = sign_with(fx.doc2_id, fx.clerk, assertion_text(a));
    CHECK_INT(403, r.status);
    CHECK_STR("assertion_mismatch", fx_err_code(&r));
    tc_resp_cleanup(&r);
    r = sign_with(fx.doc2_id, fx.judge, assertion_text(a));
    CHECK_INT(201, r.status);
    CHECK_STR("judge", mc_json_str(r.json, "signer_role"));
    CHECK(json_is_true(json_object_get(r.json, "face_verified")));
    CHECK(json_is_null(json_object_get(r.json, "party_id")));
    tc_resp_cleanup(&r);
    CHECK_INT(3, count_used());
    json_decref(a);
    json_decref(body);
    free(photo.data);
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
    CHECK_INT(2, (int)json_integer_value(json_object_get(s, "statement_version")));
    snprintf(text, sizeof text, "microcourt-signature-v2\n%s\n%s\n%s\n%s\n%s\n%s\n%s", fx.doc_id,
             fx.sha256, json_string_value(json_object_get(s, "signer_id")),
             json_string_value(json_object_get(s, "signer_role")), party ? party : "-",
             json_string_value(json_object_get(s, "signed_at")),
             json_is_true(json_object_get(s, "face_verified")) ? "true" : "false");
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

/* The court's signing key, read from the stack's key file (never created here). */
static int read_key(unsigned char pk[32], unsigned char sk[64])
{
    char path[512];

    snprintf(path, sizeof path, "%s/keys/signatures.key", tc_env("MC_STATE_DIR", "."));
    if (access(path, R_OK) != 0)
        return -1;
    return mc_key_load_or_create(path, pk, sk) == MC_OK ? 0 : -1;
}

/* Stores a v1 signature of the defendant on the evidence, as rows made before v2 are. */
static int store_v1_signature(const char *sha)
{
    unsigned char pk[32], sk[64], sig[64];
    char text[1024], hex[129], kid[17], *sql;
    json_t *claims = fx_claims_of(fx.defendant);
    const char *at = "2026-12-01T08:00:00Z";
    long long n;

    if (read_key(pk, sk) != 0 || claims == NULL)
        return -1;
    snprintf(text, sizeof text, "microcourt-signature-v1\n%s\n%s\n%s\ndefendant\np2\n%s",
             fx.doc2_id, sha, mc_json_str(claims, "sub"), at);
    crypto_sign_detached(sig, NULL, (unsigned char *)text, strlen(text), sk);
    mc_hex_encode(sig, 64, hex);
    mc_hex_encode(pk, 8, kid);
    sql = mc_xasprintf("INSERT INTO signatures (document_id, case_id, sha256, signer_id,"
                       " signer_role, signer_name, party_id, signed_at, signature, key_id)"
                       " VALUES ('%s', '%s', '%s', '%s', 'defendant', 'v1', 'p2', '%s', '%s',"
                       " '%s') RETURNING 1",
                       fx.doc2_id, fx.case_id, sha, mc_json_str(claims, "sub"), at, hex, kid);
    n = tc_sql_count("signatures", sql);
    free(sql);
    json_decref(claims);
    return n == 1 ? 0 : -1;
}

/* A signature stored with statement v1 still verifies, next to v2 ones. */
static void test_v1_signature_still_valid(void)
{
    struct tc_resp r = fx_sig_call("GET", fx.doc2_id, fx.plaintiff, NULL);
    json_t *sigs, *s;
    size_t i;
    int v1 = 0;

    CHECK_INT(200, r.status);
    CHECK_INT(0, store_v1_signature(mc_json_str(r.json, "sha256")));
    tc_resp_cleanup(&r);
    r = fx_sig_call("GET", fx.doc2_id, fx.plaintiff, NULL);
    sigs = json_object_get(r.json, "signatures");
    CHECK_INT(3, (int)json_array_size(sigs));
    json_array_foreach(sigs, i, s)
    {
        CHECK(json_is_true(json_object_get(s, "valid")));
        v1 += json_integer_value(json_object_get(s, "statement_version")) == 1;
    }
    CHECK_INT(1, v1);
    CHECK(json_is_true(json_object_get(r.json, "signed_by_all_parties")));
    tc_resp_cleanup(&r);
    /* Claiming v2 for the v1 row breaks it. */
    CHECK_INT(1, tc_sql_count("signatures",
                              "UPDATE signatures SET statement_version = 2 WHERE signer_name = 'v1'"
                              " AND statement_version = 1 RETURNING 1"));
    r = fx_sig_call("GET", fx.doc2_id, fx.plaintiff, NULL);
    CHECK(json_is_false(json_object_get(r.json, "signed_by_all_parties")));
    tc_resp_cleanup(&r);
}

TH_MAIN(TH_CASE(test_setup), TH_CASE(test_reverify_for_documents),
        TH_CASE(test_list_before_signing), TH_CASE(test_bad_ids), TH_CASE(test_bad_body),
        TH_CASE(test_bad_assertions), TH_CASE(test_outsiders_refused),
        TH_CASE(test_sign_by_parties_and_judge), TH_CASE(test_list_after_signing),
        TH_CASE(test_assertion_used_once), TH_CASE(test_judge_signs_with_face),
        TH_CASE(test_v1_signature_still_valid), TH_CASE(test_second_signature_refused),
        TH_CASE(test_verify_offline), TH_CASE(test_tampered_hash_invalid))
