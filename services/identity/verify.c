/* SPDX-License-Identifier: Apache-2.0 */
/*
 * identity.verification.submit and the checks it shares with re-verification: taking a
 * challenge (nonce, expiry, single use), comparing faces against the decision bands and the
 * liveness rules. A submission with the right nonce uses its challenge up, whatever its result.
 */
#include "identity.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void identity_challenge_cleanup(struct challenge *c)
{
    free(c->purpose);
    free(c->subject);
    free(c->role);
    free(c->name);
    free(c->idn);
    free(c->phone);
    memset(c, 0, sizeof *c);
}

static char *dup_or_null(const PGresult *res, int col)
{
    const char *v = mc_db_val(res, 0, col);

    return v ? mc_xstrdup(v) : NULL;
}

/* Opens a sealed column of the challenge into *out (NULL when the column is null). */
static mc_status open_text(struct mc_req *req, const char *ad, const char *hex, char **out)
{
    unsigned char *plain = NULL;
    size_t len;
    mc_status st;

    *out = NULL;
    if (hex == NULL)
        return MC_OK;
    st = identity_open(identity_state(req), ad, hex, &plain, &len);
    *out = (char *)plain;
    return st;
}

static void parse_actions(const char *list, struct challenge *c)
{
    char *copy = mc_xstrdup(list), *save = NULL;

    for (char *t = strtok_r(copy, ",", &save); t && c->n_actions < IDENTITY_MAX_ACTIONS;
         t = strtok_r(NULL, ",", &save))
        c->actions[c->n_actions++] = identity_action_parse(t);
    free(copy);
}

/* Refusals for a challenge row; MC_OK when it may be used. */
static mc_status challenge_refusal(struct mc_req *req, const PGresult *res, const char *purpose,
                                   const char *nonce)
{
    unsigned char h[32];
    char hash[65];

    if (PQntuples(res) == 0 || strcmp(PQgetvalue(res, 0, 1), purpose) != 0)
        return mc_reply_error(req, MC_E_NOT_FOUND, NULL, "challenge_id", "no such challenge");
    crypto_hash_sha256(h, (const unsigned char *)nonce, strlen(nonce));
    mc_hex_encode(h, sizeof h, hash);
    if (sodium_memcmp(hash, PQgetvalue(res, 0, 0), 64) != 0)
        return mc_reply_error(req, MC_E_FORBIDDEN, "bad_nonce", "nonce",
                              "the nonce is not the one issued with this challenge");
    if (strcmp(PQgetvalue(res, 0, 8), "t") == 0)
        return mc_reply_error(req, MC_E_CONFLICT, "challenge_used", "challenge_id",
                              "this challenge was already used; ask for a new one");
    if (strcmp(PQgetvalue(res, 0, 7), "t") != 0)
        return mc_reply_error(req, MC_E_CONFLICT, "challenge_expired", "challenge_id",
                              "the challenge has expired; ask for a new one");
    return MC_OK;
}

static mc_status challenge_fill(struct mc_req *req, const PGresult *res, struct challenge *c)
{
    mc_status st;

    c->purpose = dup_or_null(res, 1);
    c->subject = dup_or_null(res, 2);
    c->name = dup_or_null(res, 3);
    c->role = dup_or_null(res, 9);
    parse_actions(PQgetvalue(res, 0, 6), c);
    st = open_text(req, "challenges.id_number", mc_db_val(res, 0, 4), &c->idn);
    if (st == MC_OK)
        st = open_text(req, "challenges.phone", mc_db_val(res, 0, 5), &c->phone);
    return st;
}

mc_status identity_challenge_take(struct mc_req *req, const char *purpose, int n_frames,
                                  struct challenge *out)
{
    const char *cid = mc_json_str(req->body, "challenge_id");
    PGresult *res;
    mc_status st = MC_OK;

    memset(out, 0, sizeof *out);
    if (!mc_is_uuid(cid))
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", "challenge_id",
                              "challenge_id must be a UUID");
    snprintf(out->id, sizeof out->id, "%s", cid);
    res = mc_db_exec(req->db, "challenge_lock", 1, (const char *[]){cid});
    if (mc_db_ok(res, "lock challenge", &st))
        st = challenge_refusal(req, res, purpose, mc_json_str(req->body, "nonce"));
    if (st == MC_OK)
        st = challenge_fill(req, res, out);
    PQclear(res);
    if (st == MC_OK && n_frames != out->n_actions)
        st = mc_reply_error(req, MC_E_INVALID, "invalid_argument", "frames",
                            "send exactly one frame per action (%d)", out->n_actions);
    if (st != MC_OK)
        identity_challenge_cleanup(out);
    return st;
}

mc_status identity_challenge_use(struct mc_req *req, const struct challenge *c)
{
    PGresult *res = mc_db_exec(req->db, "challenge_use", 1, (const char *[]){c->id});
    mc_status st = MC_OK;

    mc_db_ok(res, "use challenge", &st);
    PQclear(res);
    return st;
}

/* The same file offered twice (as two frames, or a frame that is the ID photo itself). */
static bool repeats_bytes(const struct submission *s)
{
    for (int i = 0; i < s->n_frames; i++) {
        if (s->photo && s->frame_lens[i] == s->photo_len &&
            memcmp(s->frames[i], s->photo, s->photo_len) == 0)
            return true;
        for (int j = i + 1; j < s->n_frames; j++)
            if (s->frame_lens[i] == s->frame_lens[j] &&
                memcmp(s->frames[i], s->frames[j], s->frame_lens[i]) == 0)
                return true;
    }
    return false;
}

static mc_status analyze_all(struct mc_req *req, const struct submission *s, const float *ref,
                             struct identity_face *frames, struct face_outcome *out)
{
    mc_status st = MC_OK;

    if (ref) {
        memset(&out->ref, 0, sizeof out->ref);
        memcpy(out->ref.descriptor, ref, sizeof out->ref.descriptor);
    } else
        st = identity_analyze(req, "id_photo", s->photo, s->photo_len, &out->ref);
    for (int i = 0; st == MC_OK && i < s->n_frames; i++)
        st = identity_analyze(req, "frames", s->frames[i], s->frame_lens[i], &frames[i]);
    return st;
}

mc_status identity_face_check(struct mc_req *req, const struct challenge *c,
                              const struct submission *s, const float *ref,
                              struct face_outcome *out)
{
    const struct face_config *cfg = face_engine_config(identity_state(req)->face);
    struct identity_face frames[IDENTITY_MAX_ACTIONS];
    const char *why;
    int bad = -1;
    mc_status st;

    memset(out, 0, sizeof *out);
    out->refusal = "liveness_failed";
    if (repeats_bytes(s))
        return mc_reply_error(req, MC_E_FORBIDDEN, "liveness_failed", "frames",
                              "the same picture was sent more than once");
    out->refusal = "image_refused";
    if ((st = analyze_all(req, s, ref, frames, out)) != MC_OK)
        return st;
    out->refusal = "face_mismatch";
    out->verdict = FACE_MATCH;
    for (int i = 0; i < s->n_frames; i++) {
        enum face_verdict v;

        out->distances[i] = face_distance(out->ref.descriptor, frames[i].descriptor);
        v = face_decide(cfg, out->distances[i]);
        out->verdict = v > out->verdict ? v : out->verdict;
        out->max_distance =
            out->distances[i] > out->max_distance ? out->distances[i] : out->max_distance;
    }
    mc_log_info(&req->log, "face comparison", MC_KV_DBL("max_distance", out->max_distance),
                MC_KV_DBL("accept_below", cfg->accept_below),
                MC_KV_DBL("review_below", cfg->review_below));
    if (out->verdict == FACE_NO_MATCH)
        return mc_reply_error(req, MC_E_FORBIDDEN, "face_mismatch", "frames",
                              "the live face does not match the reference photo");
    out->refusal = "liveness_failed";
    why = identity_still_check(&out->ref, frames, s->n_frames, &bad);
    if (why)
        return mc_reply_error(req, MC_E_FORBIDDEN, "liveness_failed", "frames", "frame %d: %s", bad,
                              why);
    why = identity_liveness_check(c->actions, frames, s->n_frames, &bad);
    if (why && bad >= 0)
        return mc_reply_error(req, MC_E_FORBIDDEN, "liveness_failed", "frames",
                              "frame %d does not show %s", bad,
                              identity_action_name(c->actions[bad]));
    if (why)
        return mc_reply_error(req, MC_E_FORBIDDEN, "liveness_failed", "frames", "%s", why);
    out->refusal = NULL;
    return MC_OK;
}

void identity_outcome_log(struct mc_req *req, const char *challenge_id, const char *outcome,
                          float max_distance)
{
    char dist[32];

    snprintf(dist, sizeof dist, "%.4f", (double)max_distance);
    PQclear(mc_db_exec(req->db, "verification_log", 3,
                       (const char *[]){challenge_id, outcome, max_distance > 0 ? dist : NULL}));
}

/* Seals the photos of a grey-zone submission into a review and replies 202 needs_review. */
static mc_status open_review(struct mc_req *req, const struct challenge *c,
                             const struct submission *s, const struct face_outcome *o);

/* Finishes an accepted sign-in: litigant row with the reference face, token. */
static mc_status accept_login(struct mc_req *req, const struct challenge *c,
                              const struct face_outcome *o)
{
    char *sub = NULL;
    mc_status st;

    if ((st = mc_db_cmd(req->db, "BEGIN")) != MC_OK)
        return st;
    st = identity_litigant_upsert(req, c->idn, c->name, c->phone, o->ref.descriptor, &sub);
    if (st == MC_OK)
        st = mc_db_cmd(req->db, "COMMIT");
    if (st == MC_OK)
        st = identity_reply_token(req, mc_json_xpack("{s:s, s:s, s:s, s:s, s:s}", "sub", sub,
                                                     "role", "litigant", "idn", c->idn, "name",
                                                     c->name, "amr", "face"));
    free(sub);
    return st;
}

/* Takes the challenge and the phone code in one transaction, committed before the face work. */
static mc_status take_login(struct mc_req *req, int n_frames, struct challenge *c)
{
    mc_status st;

    if ((st = mc_db_cmd(req->db, "BEGIN")) != MC_OK)
        return st;
    if ((st = identity_challenge_take(req, "login", n_frames, c)) != MC_OK)
        return st;
    st = identity_check_code(req, c->idn, c->phone, mc_json_str(req->body, "phone_code"));
    if (st == MC_OK)
        st = identity_challenge_use(req, c);
    if (st == MC_OK)
        st = mc_db_cmd(req->db, "COMMIT");
    if (st != MC_OK)
        identity_challenge_cleanup(c);
    return st;
}

/*
 * Design: the ID photo a person sends is trusted only to register an ID number nobody has
 * registered. Once registered, the face on record is the reference: the frames are compared
 * with it (the ID photo sent is then not used), and a grey-zone result is refused rather than
 * queued, since a clerk would only compare photos the caller chose. An ID number registered by
 * SMS alone has no face on record; there the phone must be the registered one.
 */
static mc_status check_registration(struct mc_req *req, const struct challenge *c,
                                    const struct registration *reg)
{
    if (reg->is_registered && !reg->has_face && !identity_registration_phone_ok(req, reg, c->phone))
        return mc_reply_error(req, MC_E_FORBIDDEN, "phone_mismatch", "phone",
                              "this ID number is registered with another phone");
    return MC_OK;
}

mc_status identity_on_verification_submit(struct mc_req *req)
{
    struct registration reg;
    struct submission s;
    struct challenge c;
    struct face_outcome o = {0};
    mc_status st;

    if (identity_face_ready(req) != MC_OK)
        return MC_E_UNAVAILABLE;
    if ((st = identity_submission_decode(req, "id_photo", &s)) != MC_OK)
        return st;
    if ((st = take_login(req, s.n_frames, &c)) != MC_OK) {
        identity_submission_cleanup(&s);
        return st;
    }
    st = identity_registration_load(req, c.idn, &reg);
    if (st == MC_OK)
        st = check_registration(req, &c, &reg);
    if (st == MC_OK && reg.is_registered) {
        /* The name on record stands; the one typed with the challenge does not replace it. */
        free(c.name);
        c.name = mc_xstrdup(reg.name);
    }
    if (st == MC_OK)
        st = identity_face_check(req, &c, &s, reg.has_face ? reg.face : NULL, &o);
    if (st != MC_OK)
        identity_outcome_log(req, c.id, o.refusal ? o.refusal : mc_status_code(st), o.max_distance);
    else if (o.verdict == FACE_REVIEW && reg.has_face)
        st = mc_reply_error(req, MC_E_FORBIDDEN, "face_uncertain", "frames",
                            "the live face is not clearly the registered person");
    else if (o.verdict == FACE_REVIEW)
        st = open_review(req, &c, &s, &o);
    else if ((st = accept_login(req, &c, &o)) == MC_OK)
        identity_outcome_log(req, c.id, "accepted", o.max_distance);
    identity_submission_cleanup(&s);
    identity_challenge_cleanup(&c);
    return st;
}

static mc_status store_photos(struct mc_req *req, const char *review_id, const struct submission *s)
{
    mc_status st = MC_OK;

    for (int i = 0; st == MC_OK && i <= s->n_frames; i++) {
        const unsigned char *p = i == 0 ? s->photo : s->frames[i - 1];
        size_t len = i == 0 ? s->photo_len : s->frame_lens[i - 1];
        char *ct = identity_seal(identity_state(req), "review_photos.data", p, len), n[16];
        PGresult *res;

        snprintf(n, sizeof n, "%d", i);
        res = mc_db_exec(req->db, "review_photo_insert", 3, (const char *[]){review_id, n, ct});
        mc_db_ok(res, "store review photo", &st);
        PQclear(res);
        free(ct);
    }
    return st;
}

static json_t *distances_json(const struct face_outcome *o, int n)
{
    json_t *arr = json_array();

    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_real(round(o->distances[i] * 10000.0) / 10000.0));
    return arr;
}

static mc_status insert_review(struct mc_req *req, const struct challenge *c,
                               const struct face_outcome *o, int n, const char *secret_hash,
                               char **out_id)
{
    const struct identity *id = identity_state(req);
    char idn_mac[IDENTITY_MAC_HEX];
    char *idn_ct = identity_seal(id, "reviews.id_number", c->idn, strlen(c->idn));
    char *phone_ct = identity_seal(id, "reviews.phone", c->phone, strlen(c->phone));
    char *desc_ct =
        identity_seal(id, "reviews.descriptor", o->ref.descriptor, sizeof o->ref.descriptor);
    json_t *dist = distances_json(o, n);
    char *dist_text = mc_json_xdumps(dist);
    mc_status st = MC_OK;
    PGresult *res;

    identity_mac(id, "idn", c->idn, idn_mac);
    res = mc_db_exec(req->db, "review_insert", 8,
                     (const char *[]){c->id, c->name, idn_mac, idn_ct, phone_ct, desc_ct, dist_text,
                                      secret_hash});
    if (mc_db_ok(res, "insert review", &st))
        *out_id = mc_xstrdup(PQgetvalue(res, 0, 0));
    PQclear(res);
    free(idn_ct);
    free(phone_ct);
    free(desc_ct);
    free(dist_text);
    json_decref(dist);
    return st;
}

static mc_status open_review(struct mc_req *req, const struct challenge *c,
                             const struct submission *s, const struct face_outcome *o)
{
    unsigned char raw[16], h[32];
    char secret[33], hash[65], *review_id = NULL;
    json_t *err;
    mc_status st;

    randombytes_buf(raw, sizeof raw);
    mc_hex_encode(raw, sizeof raw, secret);
    crypto_hash_sha256(h, (const unsigned char *)secret, strlen(secret));
    mc_hex_encode(h, sizeof h, hash);
    if ((st = mc_db_cmd(req->db, "BEGIN")) != MC_OK)
        return st;
    st = insert_review(req, c, o, s->n_frames, hash, &review_id);
    if (st == MC_OK)
        st = store_photos(req, review_id, s);
    if (st == MC_OK)
        st = mc_db_cmd(req->db, "COMMIT");
    if (st == MC_OK) {
        identity_outcome_log(req, c->id, "needs_review", o->max_distance);
        err = mc_json_error("needs_review",
                            "the faces are close but not clearly the same; a clerk will decide",
                            NULL);
        json_object_set_new(err, "review",
                            mc_json_xpack("{s:s, s:s}", "id", review_id, "secret", secret));
        mc_reply_json_take(req, 202, err);
    }
    free(review_id);
    return st;
}
