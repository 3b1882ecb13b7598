/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sign-in by face through the gateway, on real photos (see identity_face_fixture.h).
 *
 * The person is John Shimkus from dlib's johns set. Measured with the engine (yaw > 0: the nose
 * points to the image's right, i.e. the person turned to their own left):
 *   ID photo    000388_03227773  yaw -0.055
 *   face_front  000375_03227651  yaw -0.024  mouth 0.046   distance to ID 0.341
 *   turn_left   000390_03227666  yaw +0.322                distance to ID 0.370
 *   turn_right  000385_03227766  yaw -0.263                distance to ID 0.279
 *   open_mouth  000394_02340150  mouth 0.301               distance to ID 0.508 (grey zone)
 * Each is a different real photo: no frame is synthesised. Because his open-mouth photo lands in
 * the grey zone, the accepted sequence is drawn until the challenge asks for turns only, and
 * the review tests use challenges that ask for open_mouth. The impostor is John Simm.
 */
#include "identity_face_fixture.h"

#define SHIM FX_SHIM
#define ID_PHOTO FX_SHIM_ID_PHOTO

static int has_mouth(const json_t *actions)
{
    return !fx_turns_only(actions);
}

/* The genuine frames for p's challenge, in its order. owned: json array. */
static json_t *genuine_frames(const struct fx_person *p)
{
    json_t *frames = json_array();

    for (size_t i = 0; i < json_array_size(json_object_get(p->challenge, "actions")); i++) {
        struct blob b = fx_chip_frame(fx_shim_frame(fx_action(p, i)), 92);

        json_array_append_new(frames, fx_b64_blob(b));
        free(b.data);
    }
    return frames;
}

static json_t *id_photo(const char *rel)
{
    struct blob b = fx_chip_frame(rel, 92);
    json_t *s = fx_b64_blob(b);

    free(b.data);
    return s;
}

static struct tc_resp submit(json_t *body)
{
    struct tc_resp r = tc_call_json("POST", "/api/v1/litigants/verifications", NULL, body);

    json_decref(body);
    return r;
}

static long long challenge_unused(const struct fx_person *p)
{
    char *sql = mc_xasprintf("SELECT count(*) FROM challenges WHERE id = '%s' AND used_at IS NULL",
                             mc_json_str(p->challenge, "challenge_id"));
    long long n = tc_sql_count("identity", sql);

    free(sql);
    return n;
}

static void test_challenge_shape(void)
{
    struct fx_person p;
    const json_t *actions;

    CHECK_INT(0, fx_start(&p, "石晋", NULL));
    actions = json_object_get(p.challenge, "actions");
    CHECK_INT(3, json_array_size(actions));
    CHECK_STR("face_front", fx_action(&p, 0));
    CHECK(strcmp(fx_action(&p, 1), fx_action(&p, 2)) != 0);
    CHECK(strcmp(fx_action(&p, 1), "face_front") != 0);
    CHECK_INT(32, strlen(mc_json_str(p.challenge, "nonce")));
    CHECK(mc_is_uuid(mc_json_str(p.challenge, "challenge_id")));
    CHECK_INT(120, json_integer_value(json_object_get(p.challenge, "ttl_s")));
    CHECK_INT(20, strlen(mc_json_str(p.challenge, "expires_at")));
    fx_person_cleanup(&p);
}

static void test_genuine_sequence_accepted_then_replay_refused(void)
{
    struct fx_person p;
    json_t *body, *again;
    struct tc_resp r, cases, replay;
    char *sql;

    CHECK_INT(0, fx_start(&p, "石晋", fx_turns_only));
    body = fx_submission(&p, id_photo(ID_PHOTO), genuine_frames(&p));
    again = json_deep_copy(body);
    r = submit(body);
    CHECK_INT(201, r.status);
    CHECK_STR("litigant", mc_json_str(fx_claims(&r), "role"));
    CHECK_STR(p.idn, mc_json_str(fx_claims(&r), "idn"));
    CHECK_STR("石晋", mc_json_str(fx_claims(&r), "name"));
    CHECK_STR("face", mc_json_str(fx_claims(&r), "amr"));
    cases = tc_call("GET", "/api/v1/cases", mc_json_str(r.json, "token"), NULL);
    CHECK_INT(200, cases.status);
    /* The ID number and phone are sealed at rest; the reference face is kept, sealed. */
    CHECK_INT(0, tc_sql_count("identity", "SELECT count(*) FROM litigants"
                                          " WHERE id_number IS NOT NULL OR phone IS NOT NULL"));
    sql = mc_xasprintf("SELECT count(*) FROM litigants WHERE id::text = '%s' AND face_ct IS NOT"
                       " NULL AND position('%s' in encode(idn_ct, 'escape')) = 0",
                       mc_json_str(fx_claims(&r), "sub"), p.idn);
    CHECK_INT(1, tc_sql_count("identity", sql));
    free(sql);
    CHECK_INT(0, tc_sql_count("identity", "SELECT count(*) FROM review_photos p JOIN reviews r"
                                          " ON r.id = p.review_id WHERE r.status <> 'pending'"));
    replay = submit(again);
    CHECK_INT(409, replay.status);
    CHECK_STR("challenge_used", fx_error_code(&replay));
    tc_resp_cleanup(&replay);
    tc_resp_cleanup(&cases);
    tc_resp_cleanup(&r);
    fx_person_cleanup(&p);
}

static void test_static_frames_refused(void)
{
    struct fx_person p;
    struct blob front = fx_chip_frame(fx_shim_frame("face_front"), 92);
    struct blob q80 = fx_chip_frame(fx_shim_frame("face_front"), 80);
    struct blob q70 = fx_chip_frame(fx_shim_frame("face_front"), 70);
    struct tc_resp r;

    /* The same file as every frame. */
    CHECK_INT(0, fx_start(&p, "石晋", NULL));
    r = submit(fx_submission(
        &p, id_photo(ID_PHOTO),
        json_pack("[o,o,o]", fx_b64_blob(front), fx_b64_blob(front), fx_b64_blob(front))));
    CHECK_INT(403, r.status);
    CHECK_STR("liveness_failed", fx_error_code(&r));
    CHECK_INT(0, challenge_unused(&p));
    tc_resp_cleanup(&r);
    /* The same selfie re-encoded three times: different bytes, the same picture. */
    CHECK_INT(0, fx_otp(p.name, p.idn, p.phone, p.code));
    CHECK_INT(0, fx_new_challenge(&p, NULL));
    r = submit(fx_submission(
        &p, id_photo(ID_PHOTO),
        json_pack("[o,o,o]", fx_b64_blob(front), fx_b64_blob(q80), fx_b64_blob(q70))));
    CHECK_INT(403, r.status);
    CHECK_STR("liveness_failed", fx_error_code(&r));
    if (!strstr(r.body, "same picture"))
        fprintf(stderr, "re-encoded: %s\n", r.body);
    CHECK(strstr(mc_json_str(json_object_get(r.json, "error"), "message"), "same picture"));
    tc_resp_cleanup(&r);
    free(front.data);
    free(q80.data);
    free(q70.data);
    fx_person_cleanup(&p);
}

/* Turn frames swapped: each turn is real but in the wrong direction for its slot. */
static void test_wrong_direction_refused(void)
{
    struct fx_person p;
    json_t *frames = json_array();
    struct tc_resp r;

    CHECK_INT(0, fx_start(&p, "石晋", fx_turns_only));
    for (size_t i = 0; i < 3; i++) {
        const char *a = fx_action(&p, i);
        const char *swapped = strcmp(a, "turn_left") == 0    ? "turn_right"
                              : strcmp(a, "turn_right") == 0 ? "turn_left"
                                                             : a;
        struct blob b = fx_chip_frame(fx_shim_frame(swapped), 92);

        json_array_append_new(frames, fx_b64_blob(b));
        free(b.data);
    }
    r = submit(fx_submission(&p, id_photo(ID_PHOTO), frames));
    CHECK_INT(403, r.status);
    CHECK_STR("liveness_failed", fx_error_code(&r));
    CHECK(strstr(mc_json_str(json_object_get(r.json, "error"), "message"), "frame 1"));
    tc_resp_cleanup(&r);
    fx_person_cleanup(&p);
}

static void test_other_person_is_face_mismatch(void)
{
    struct fx_person p;
    struct tc_resp r;

    CHECK_INT(0, fx_start(&p, "石晋", fx_turns_only));
    r = submit(
        fx_submission(&p, id_photo("johns/John_Simm/000297_00470170.jpg"), genuine_frames(&p)));
    CHECK_INT(403, r.status);
    CHECK_STR("face_mismatch", fx_error_code(&r));
    CHECK_INT(1, tc_sql_count("identity", "SELECT count(*) FROM verifications WHERE outcome ="
                                          " 'face_mismatch' AND max_distance >= 0.6 LIMIT 1") > 0);
    tc_resp_cleanup(&r);
    fx_person_cleanup(&p);
}

/* A photo that is refused before anything is compared; returns the response. */
static struct tc_resp submit_photo(const char *what, json_t *photo)
{
    struct fx_person p;
    struct tc_resp r = {0};

    if (fx_start(&p, "石晋", NULL) != 0) {
        fprintf(stderr, "no challenge for %s\n", what);
        json_decref(photo);
        return r;
    }
    r = submit(fx_submission(&p, photo, genuine_frames(&p)));
    fx_person_cleanup(&p);
    return r;
}

static void check_refusal(const char *what, json_t *photo, int status, const char *code)
{
    struct tc_resp r = submit_photo(what, photo);

    if (r.status != status || fx_error_code(&r) == NULL || strcmp(fx_error_code(&r), code) != 0)
        fprintf(stderr, "%s: got %d %s\n", what, r.status, r.body);
    CHECK_INT(status, r.status);
    CHECK_STR(code, fx_error_code(&r));
    tc_resp_cleanup(&r);
}

static void test_bad_images_refused(void)
{
    struct blob good = fx_chip_frame(ID_PHOTO, 92), group = fx_file("faces/bald_guys.jpg");
    struct blob dogs = fx_file("faces/dogs.jpg");
    struct face_image huge = {4200, 4200, NULL};
    struct blob big;

    check_refusal("truncated", fx_b64(good.data, good.len / 2), 400, "not_image");
    check_refusal("text", fx_b64("hello, I am a photo", 19), 400, "not_image");
    check_refusal("not base64", json_string("*** not base64 ***"), 400, "invalid_argument");
    check_refusal("several faces", fx_b64_blob(group), 400, "many_faces");
    check_refusal("no face", fx_b64_blob(dogs), 400, "no_face");
    huge.rgb = mc_xcalloc((size_t)huge.width * huge.height, 3);
    big = fx_jpeg(&huge, 50);
    check_refusal("17.6 Mpx", fx_b64_blob(big), 413, "image_too_large");
    free(huge.rgb);
    free(big.data);
    free(good.data);
    free(group.data);
    free(dogs.data);
}

static void test_malformed_submissions_change_nothing(void)
{
    struct fx_person p;
    json_t *frames, *body;
    struct tc_resp r;

    CHECK_INT(0, fx_start(&p, "石晋", NULL));
    frames = genuine_frames(&p);
    json_array_append(frames, json_array_get(frames, 0));
    json_array_append(frames, json_array_get(frames, 0));
    r = submit(fx_submission(&p, id_photo(ID_PHOTO), frames)); /* five frames */
    CHECK_INT(400, r.status);
    CHECK_STR("invalid_argument", fx_error_code(&r));
    CHECK_STR("frames", mc_json_str(json_object_get(r.json, "error"), "field"));
    tc_resp_cleanup(&r);
    frames = genuine_frames(&p);
    json_array_remove(frames, 2);
    r = submit(fx_submission(&p, id_photo(ID_PHOTO), frames)); /* one frame short */
    CHECK_INT(400, r.status);
    CHECK_STR("invalid_argument", fx_error_code(&r));
    tc_resp_cleanup(&r);
    body = fx_submission(&p, id_photo(ID_PHOTO), json_pack("[i,i,i]", 1, 2, 3));
    r = submit(body);
    CHECK_INT(400, r.status);
    CHECK_STR("invalid_argument", fx_error_code(&r));
    tc_resp_cleanup(&r);
    r = tc_call("POST", "/api/v1/litigants/verifications", NULL, "{\"challenge_id\": ");
    CHECK_INT(400, r.status);
    CHECK_STR("invalid_json", fx_error_code(&r));
    tc_resp_cleanup(&r);
    CHECK_INT(1, challenge_unused(&p));
    fx_person_cleanup(&p);
}

static void test_wrong_challenge_or_nonce_change_nothing(void)
{
    struct fx_person p;
    json_t *body;
    struct tc_resp r;
    char *huge;

    CHECK_INT(0, fx_start(&p, "石晋", NULL));
    body = fx_submission(&p, id_photo(ID_PHOTO), genuine_frames(&p));
    json_object_set_new(body, "nonce", json_string("00000000000000000000000000000000"));
    r = submit(body);
    CHECK_INT(403, r.status);
    CHECK_STR("bad_nonce", fx_error_code(&r));
    tc_resp_cleanup(&r);
    body = fx_submission(&p, id_photo(ID_PHOTO), genuine_frames(&p));
    json_object_set_new(body, "challenge_id", json_string("not-a-uuid"));
    r = submit(body);
    CHECK_INT(400, r.status);
    tc_resp_cleanup(&r);
    body = fx_submission(&p, id_photo(ID_PHOTO), genuine_frames(&p));
    json_object_set_new(body, "challenge_id", json_string("7b0c2f4e-0c1d-4a55-9d7e-2b1f0e9c8a77"));
    r = submit(body);
    CHECK_INT(404, r.status);
    tc_resp_cleanup(&r);
    CHECK_INT(1, challenge_unused(&p));
    /* Over the gateway's 6 MiB body limit. */
    huge = mc_xmalloc(7u << 20);
    memset(huge, 'A', 7u << 20);
    r = tc_post_raw("/api/v1/litigants/verifications", NULL, "application/json", huge, 7u << 20);
    CHECK_INT(413, r.status);
    tc_resp_cleanup(&r);
    free(huge);
    CHECK_INT(1, challenge_unused(&p));
    fx_person_cleanup(&p);
}

static void test_wrong_phone_code_keeps_challenge(void)
{
    struct fx_person p;
    json_t *body;
    struct tc_resp r;

    CHECK_INT(0, fx_start(&p, "石晋", NULL));
    body = fx_submission(&p, id_photo(ID_PHOTO), genuine_frames(&p));
    json_object_set_new(body, "phone_code",
                        json_string(strcmp(p.code, "000000") ? "000000" : "000001"));
    r = submit(body);
    CHECK_INT(401, r.status);
    CHECK_STR("bad_code", fx_error_code(&r));
    CHECK_INT(1, challenge_unused(&p));
    tc_resp_cleanup(&r);
    fx_person_cleanup(&p);
}

static void test_expired_challenge_refused(void)
{
    struct fx_person p;
    struct tc_resp r;
    char *sql;

    CHECK_INT(0, fx_start(&p, "石晋", fx_turns_only));
    /* Age the challenge past its deadline (a counting query that updates). */
    sql = mc_xasprintf("WITH u AS (UPDATE challenges SET expires_at = now() - interval '1 second'"
                       " WHERE id = '%s' RETURNING 1) SELECT count(*) FROM u",
                       mc_json_str(p.challenge, "challenge_id"));
    CHECK_INT(1, tc_sql_count("identity", sql));
    free(sql);
    r = submit(fx_submission(&p, id_photo(ID_PHOTO), genuine_frames(&p)));
    CHECK_INT(409, r.status);
    CHECK_STR("challenge_expired", fx_error_code(&r));
    tc_resp_cleanup(&r);
    fx_person_cleanup(&p);
}

static void test_challenge_needs_mobile_phone(void)
{
    char idn[19];
    json_t *body;
    struct tc_resp r;

    fx_idn(idn);
    body = mc_json_xpack("{s:s, s:s, s:s}", "name", "石晋", "id_number", idn, "phone", "010-1234");
    r = tc_call_json("POST", "/api/v1/litigants/challenges", NULL, body);
    CHECK_INT(400, r.status);
    CHECK_STR("invalid_phone", fx_error_code(&r));
    tc_resp_cleanup(&r);
    json_decref(body);
}

/* Claims of a staff member, from a password sign-in. owned */
static json_t *staff_claims(const char *username)
{
    json_t *body =
        mc_json_xpack("{s:s, s:s}", "username", username, "password", "correct horse battery");
    struct tc_resp r = tc_call_json("POST", "/api/v1/staff/sessions", NULL, body);
    json_t *claims = r.status == 201 ? json_incref(json_object_get(r.json, "claims")) : NULL;

    tc_resp_cleanup(&r);
    json_decref(body);
    return claims;
}

/* Signs a fresh person in by face (turns only). owned: the token reply, or NULL. */
static json_t *face_login(void)
{
    struct fx_person p;
    struct tc_resp r;
    json_t *out = NULL;

    if (fx_start(&p, "石晋", fx_turns_only) != 0)
        return NULL;
    r = submit(fx_submission(&p, id_photo(ID_PHOTO), genuine_frames(&p)));
    if (r.status == 201)
        out = json_incref(r.json);
    tc_resp_cleanup(&r);
    fx_person_cleanup(&p);
    return out;
}

/* Submits a genuine sequence that asks for open_mouth: the grey zone. owned: the reply. */
static json_t *grey_zone_review(int *out_status)
{
    struct fx_person p;
    struct tc_resp r;
    json_t *out;

    *out_status = 0;
    if (fx_start(&p, "石晋", has_mouth) != 0)
        return NULL;
    r = submit(fx_submission(&p, id_photo(ID_PHOTO), genuine_frames(&p)));
    *out_status = r.status;
    out = json_incref(r.json);
    tc_resp_cleanup(&r);
    fx_person_cleanup(&p);
    return out;
}

static json_t *collect(const char *review_id, const char *secret, int *out_status)
{
    json_t *params = mc_json_xpack("{s:s}", "id", review_id);
    json_t *body = mc_json_xpack("{s:s}", "secret", secret);
    json_t *out = fx_nats("identity.review.token", NULL, params, body, out_status);

    json_decref(params);
    json_decref(body);
    return out;
}

static int decide(const json_t *claims, const char *review_id, const char *decision)
{
    json_t *params = mc_json_xpack("{s:s}", "id", review_id);
    json_t *body = mc_json_xpack("{s:s, s:s}", "decision", decision, "reason", "photos compared");
    int status = 0;

    json_decref(fx_nats("identity.review.decide", claims, params, body, &status));
    json_decref(params);
    json_decref(body);
    return status;
}

static long long photos_of(const char *review_id)
{
    char *sql =
        mc_xasprintf("SELECT count(*) FROM review_photos WHERE review_id = '%s'", review_id);
    long long n = tc_sql_count("identity", sql);

    free(sql);
    return n;
}

static const char *err_code(const json_t *reply)
{
    return mc_json_str(json_object_get(reply, "error"), "code");
}

static bool listed(const json_t *list, const char *id, json_int_t *out_photos)
{
    size_t i;
    json_t *item;

    json_array_foreach(json_object_get(list, "items"), i,
                       item) if (strcmp(mc_json_str(item, "id"), id) == 0)
    {
        *out_photos = json_integer_value(json_object_get(item, "photos"));
        return true;
    }
    return false;
}

static void test_grey_zone_goes_to_review_and_approval_gives_token(void)
{
    json_t *clerk = staff_claims("clerk1"), *reply, *list, *tok, *bad_params;
    json_t *lit = mc_json_xpack("{s:s, s:s}", "sub", "x", "role", "litigant");
    int status = 0, st2 = 0;
    json_int_t photos = -1;
    const char *rid, *secret;

    reply = grey_zone_review(&status);
    CHECK_INT(202, status);
    CHECK_STR("needs_review", err_code(reply));
    rid = mc_json_str(json_object_get(reply, "review"), "id");
    secret = mc_json_str(json_object_get(reply, "review"), "secret");
    CHECK(mc_is_uuid(rid));
    CHECK_INT(4, photos_of(rid)); /* the ID photo and three frames, sealed */
    json_decref(collect(rid, secret, &status));
    CHECK_INT(409, status);
    json_decref(fx_nats("identity.review.list", lit, NULL, NULL, &status));
    CHECK_INT(403, status);
    list = fx_nats("identity.review.list", clerk, NULL, NULL, &status);
    CHECK_INT(200, status);
    CHECK(listed(list, rid, &photos));
    CHECK_INT(4, photos);
    bad_params = mc_json_xpack("{s:s, s:s}", "id", rid, "n", "0");
    json_decref(fx_nats("identity.review.photo", clerk, bad_params, NULL, &status));
    CHECK_INT(200, status);
    json_object_set_new(bad_params, "n", json_string("9"));
    json_decref(fx_nats("identity.review.photo", clerk, bad_params, NULL, &st2));
    CHECK_INT(404, st2);
    CHECK_INT(400, decide(clerk, rid, "maybe"));
    CHECK_INT(4, photos_of(rid));
    CHECK_INT(403, decide(lit, rid, "approve"));
    CHECK_INT(200, decide(clerk, rid, "approve"));
    CHECK_INT(0, photos_of(rid)); /* deleted once decided */
    CHECK_INT(409, decide(clerk, rid, "reject"));
    json_decref(collect(rid, "0000", &status));
    CHECK_INT(404, status);
    tok = collect(rid, secret, &status);
    CHECK_INT(201, status);
    CHECK_STR("face_review", mc_json_str(json_object_get(tok, "claims"), "amr"));
    CHECK(mc_json_str(tok, "token") != NULL);
    json_decref(collect(rid, secret, &status));
    CHECK_INT(409, status);
    json_decref(tok);
    json_decref(list);
    json_decref(bad_params);
    json_decref(reply);
    json_decref(lit);
    json_decref(clerk);
}

static void test_rejected_review_refuses_token(void)
{
    json_t *clerk = staff_claims("clerk1"), *reply, *got;
    int status = 0;
    const char *rid;

    reply = grey_zone_review(&status);
    CHECK_INT(202, status);
    rid = mc_json_str(json_object_get(reply, "review"), "id");
    CHECK_INT(200, decide(clerk, rid, "reject"));
    CHECK_INT(0, photos_of(rid));
    got = collect(rid, mc_json_str(json_object_get(reply, "review"), "secret"), &status);
    CHECK_INT(403, status);
    CHECK_STR("review_rejected", err_code(got));
    json_decref(got);
    json_decref(reply);
    json_decref(clerk);
}

/* A re-verification challenge for claims whose actions are turns only. owned */
static json_t *reverify_challenge(const json_t *claims, int *out_status)
{
    json_t *c = NULL;

    for (int i = 0; i < 40; i++) {
        json_decref(c);
        c = fx_nats("identity.reverify.challenge", claims, NULL, NULL, out_status);
        if (*out_status != 201 || fx_turns_only(json_object_get(c, "actions")))
            break;
    }
    return c;
}

static json_t *frames_for(const json_t *challenge, const char *person_prefix)
{
    json_t *frames = json_array();
    size_t i;
    json_t *a;

    json_array_foreach(json_object_get(challenge, "actions"), i, a)
    {
        const char *file = fx_shim_frame(json_string_value(a));
        char *path = person_prefix ? mc_xasprintf("%s", person_prefix) : mc_xstrdup(file);
        struct blob b = fx_chip_frame(path, 92);

        json_array_append_new(frames, fx_b64_blob(b));
        free(b.data);
        free(path);
    }
    return frames;
}

static json_t *reverify(const json_t *claims, const json_t *challenge, const char *doc,
                        json_t *frames, int *out_status)
{
    json_t *params = mc_json_xpack("{s:s}", "id", doc);
    json_t *body =
        mc_json_xpack("{s:O, s:O, s:o}", "challenge_id", json_object_get(challenge, "challenge_id"),
                      "nonce", json_object_get(challenge, "nonce"), "frames", frames);
    json_t *out = fx_nats("identity.reverify", claims, params, body, out_status);

    json_decref(params);
    json_decref(body);
    return out;
}

static json_t *check_assertion(const char *assertion, const char *doc)
{
    json_t *body = mc_json_xpack("{s:s, s:s}", "assertion", assertion, "document_id", doc);
    int status = 0;
    json_t *out = fx_nats("identity.assertion.verify", NULL, NULL, body, &status);

    CHECK_INT(200, status);
    json_decref(body);
    return out;
}

static void test_reverify_gives_assertion_bound_to_document(void)
{
    const char *doc = "3f1d7c9a-5b2e-4c81-9a0f-6e4d2b8c1a57";
    const char *other = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    json_t *login = face_login(), *claims = json_object_get(login, "claims");
    json_t *ch, *res, *again, *v;
    int status = 0;
    char *tampered;

    CHECK(login != NULL);
    ch = reverify_challenge(claims, &status);
    CHECK_INT(201, status);
    res = reverify(claims, ch, doc, frames_for(ch, NULL), &status);
    CHECK_INT(201, status);
    CHECK(strncmp(mc_json_str(res, "assertion"), "mcfa1.", 6) == 0);
    CHECK_STR(doc, mc_json_str(json_object_get(res, "claims"), "doc"));
    CHECK_STR(mc_json_str(claims, "sub"), mc_json_str(json_object_get(res, "claims"), "sub"));
    v = check_assertion(mc_json_str(res, "assertion"), doc);
    CHECK(json_is_true(json_object_get(v, "valid")));
    json_decref(v);
    v = check_assertion(mc_json_str(res, "assertion"), other);
    CHECK(json_is_false(json_object_get(v, "valid")));
    CHECK_STR("bound to another document", mc_json_str(v, "reason"));
    json_decref(v);
    tampered = mc_xstrdup(mc_json_str(res, "assertion"));
    tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
    v = check_assertion(tampered, doc);
    CHECK(json_is_false(json_object_get(v, "valid")));
    json_decref(v);
    free(tampered);
    again = reverify(claims, ch, doc, frames_for(ch, NULL), &status);
    CHECK_INT(409, status);
    CHECK_STR("challenge_used", err_code(again));
    json_decref(again);
    json_decref(res);
    json_decref(ch);
    /* Someone else's face in front of the camera. */
    ch = reverify_challenge(claims, &status);
    res = reverify(claims, ch, doc, frames_for(ch, "johns/John_Simm/000297_00470170.jpg"), &status);
    CHECK_INT(403, status);
    json_decref(res);
    json_decref(ch);
    json_decref(login);
}

static void test_reverify_needs_reference_and_own_challenge(void)
{
    json_t *a = face_login(), *b = face_login(), *ch, *res, *sms;
    char idn[19], phone[12], code[8];
    int status = 0;

    ch = reverify_challenge(json_object_get(a, "claims"), &status);
    CHECK_INT(201, status);
    res = reverify(json_object_get(b, "claims"), ch, "3f1d7c9a-5b2e-4c81-9a0f-6e4d2b8c1a57",
                   frames_for(ch, NULL), &status);
    CHECK_INT(404, status);
    json_decref(res);
    fx_idn(idn);
    fx_phone(phone);
    CHECK_INT(0, fx_otp("短信", idn, phone, code));
    sms = mc_json_xpack("{s:s, s:s, s:s}", "sub", "00000000-0000-4000-8000-000000000001", "role",
                        "litigant", "idn", idn);
    res = fx_nats("identity.reverify.challenge", sms, NULL, NULL, &status);
    CHECK_INT(409, status);
    CHECK_STR("no_reference_face", err_code(res));
    json_decref(res);
    json_decref(sms);
    json_decref(ch);
    json_decref(a);
    json_decref(b);
}

static void test_staff_enrolled_face_reverifies(void)
{
    struct blob photo = fx_chip_frame(ID_PHOTO, 92);
    json_t *judge = staff_claims("judge1"), *clerk = staff_claims("clerk1"), *body, *ch, *res;
    int status = 0;

    body = mc_json_xpack("{s:s, s:o}", "staff", "judge1", "photo", fx_b64_blob(photo));
    json_decref(fx_nats("identity.staff.enroll_face", clerk, NULL, body, &status));
    CHECK_INT(403, status);
    json_decref(fx_nats("identity.staff.enroll_face", NULL, NULL, body, &status));
    CHECK_INT(201, status);
    ch = reverify_challenge(judge, &status);
    CHECK_INT(201, status);
    res =
        reverify(judge, ch, "3f1d7c9a-5b2e-4c81-9a0f-6e4d2b8c1a57", frames_for(ch, NULL), &status);
    CHECK_INT(201, status);
    CHECK_STR("judge", mc_json_str(json_object_get(res, "claims"), "role"));
    json_decref(res);
    json_decref(ch);
    json_decref(body);
    json_decref(judge);
    json_decref(clerk);
    free(photo.data);
}

/* An ID number with a valid check character for body17, into out. */
static void with_check(const char *body17, char out[19])
{
    char check = '?';

    snprintf(out, 19, "%s", body17);
    if (mc_idnum_check_char(body17, &check) != MC_IDNUM_OK)
        fprintf(stderr, "no check char for %s\n", body17);
    out[17] = check;
    out[18] = '\0';
}

/* Three invalid ID numbers: a wrong check digit, 30 February, and a lowercase x. */
static void bad_id_numbers(char wrong_check[19], char bad_date[19], char lower_x[19])
{
    char body[18];

    fx_idn(wrong_check);
    wrong_check[17] = wrong_check[17] == '1' ? '2' : '1';
    with_check("33020319850230001", bad_date);
    for (unsigned seq = 0; seq < 1000; seq++) {
        snprintf(body, sizeof body, "33020319850612%03u", seq);
        with_check(body, lower_x);
        if (lower_x[17] == 'X') {
            lower_x[17] = 'x';
            break;
        }
    }
}

static void test_invalid_id_numbers(void)
{
    char wrong_check[19], bad_date[19], lower_x[19];
    const char *bad[4] = {wrong_check, bad_date, lower_x, "3302031985061200"};
    long long before = tc_sql_count("identity", "SELECT count(*) FROM challenges");

    bad_id_numbers(wrong_check, bad_date, lower_x);
    CHECK_INT('x', lower_x[17]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *body = mc_json_xpack("{s:s, s:s, s:s}", "name", "石晋", "id_number", bad[i],
                                     "phone", "13912345678");
        struct tc_resp r = tc_call_json("POST", "/api/v1/litigants/challenges", NULL, body);

        if (r.status != 400)
            fprintf(stderr, "accepted %s\n", bad[i]);
        CHECK_INT(400, r.status);
        CHECK_STR("invalid_id_number", fx_error_code(&r));
        CHECK_STR("id_number", mc_json_str(json_object_get(r.json, "error"), "field"));
        tc_resp_cleanup(&r);
        json_decref(body);
    }
    CHECK_INT(before, tc_sql_count("identity", "SELECT count(*) FROM challenges"));
}

TH_MAIN(TH_CASE(test_challenge_shape), TH_CASE(test_genuine_sequence_accepted_then_replay_refused),
        TH_CASE(test_static_frames_refused), TH_CASE(test_wrong_direction_refused),
        TH_CASE(test_other_person_is_face_mismatch), TH_CASE(test_bad_images_refused),
        TH_CASE(test_malformed_submissions_change_nothing),
        TH_CASE(test_wrong_challenge_or_nonce_change_nothing),
        TH_CASE(test_wrong_phone_code_keeps_challenge), TH_CASE(test_invalid_id_numbers),
        TH_CASE(test_grey_zone_goes_to_review_and_approval_gives_token),
        TH_CASE(test_rejected_review_refuses_token),
        TH_CASE(test_reverify_gives_assertion_bound_to_document),
        TH_CASE(test_reverify_needs_reference_and_own_challenge),
        TH_CASE(test_staff_enrolled_face_reverifies), TH_CASE(test_expired_challenge_refused),
        TH_CASE(test_challenge_needs_mobile_phone))
