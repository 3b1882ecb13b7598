/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sign-in by face: identity.challenge.create issues a liveness challenge, identity.verification
 * .submit checks the ID photo against the live frames and answers with a token, a refusal or a
 * review. Photos live in memory for the request only, except for a review, where they are sealed
 * into review_photos until a clerk decides. Nothing of a photo or an ID number reaches the log.
 */
#include "identity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONCE_BYTES 16

bool identity_b64_decode(const char *text, unsigned char **out, size_t *out_len)
{
    size_t len = text ? strlen(text) : 0, n = 0;
    unsigned char *buf;

    if (len == 0)
        return false;
    buf = mc_xmalloc(len / 4 * 3 + 3);
    if (sodium_base642bin(buf, len / 4 * 3 + 3, text, len, "\r\n", &n, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        n == 0) {
        free(buf);
        return false;
    }
    *out = buf;
    *out_len = n;
    return true;
}

mc_status identity_face_ready(struct mc_req *req)
{
    if (identity_state(req)->face != NULL)
        return MC_OK;
    return mc_reply_error(req, MC_E_UNAVAILABLE, "face_unavailable", NULL,
                          "face verification is unavailable: the face models are not installed "
                          "on this node (scripts/face-assets.sh)");
}

/* The descriptor of the picture flipped left to right; false when no face is found in it. */
static bool describe_mirror(const struct face_engine *eng, const unsigned char *bytes, size_t len,
                            float out[FACE_DESC_LEN])
{
    struct face_image img;
    struct face_result res;
    int rc;

    if (face_image_decode(bytes, len, len, (size_t)4096 * 4096, &img) != FACE_OK)
        return false;
    for (int y = 0; y < img.height; y++) {
        unsigned char *row = img.rgb + (size_t)y * (size_t)img.width * 3;

        for (int x = 0; x < img.width / 2; x++) {
            unsigned char *a = row + (size_t)x * 3, *b = row + (size_t)(img.width - 1 - x) * 3;

            for (int k = 0; k < 3; k++) {
                unsigned char t = a[k];

                a[k] = b[k];
                b[k] = t;
            }
        }
    }
    rc = face_analyze_image(eng, &img, &res);
    face_image_cleanup(&img);
    if (rc == FACE_OK)
        memcpy(out, res.descriptor, sizeof res.descriptor);
    return rc == FACE_OK;
}

mc_status identity_analyze(struct mc_req *req, const char *field, const unsigned char *bytes,
                           size_t len, struct identity_face *out)
{
    const struct face_engine *eng = identity_state(req)->face;
    struct face_result res;
    int rc = face_analyze(eng, bytes, len, &res);

    switch (rc) {
    case FACE_OK:
        memcpy(out->descriptor, res.descriptor, sizeof out->descriptor);
        out->yaw = res.yaw;
        out->mouth_open = res.mouth_open;
        out->has_geometry = true;
        out->has_mirror = describe_mirror(eng, bytes, len, out->mirror);
        return MC_OK;
    case FACE_E_TOO_LARGE:
        return mc_reply_error(req, MC_E_TOO_LARGE, "image_too_large", field,
                              "the image has too many pixels (at most 4096 x 4096)");
    case FACE_E_NO_FACE:
        return mc_reply_error(req, MC_E_INVALID, "no_face", field, "no face was found");
    case FACE_E_MANY_FACES:
        return mc_reply_error(req, MC_E_INVALID, "many_faces", field,
                              "%d faces were found; the photo must show one person", res.n_faces);
    case FACE_E_POOR_QUALITY:
        return mc_reply_error(req, MC_E_INVALID, "poor_quality", field,
                              "the face is too small, blurred or partly hidden");
    case FACE_E_NOT_IMAGE:
    case FACE_E_INVALID:
        return mc_reply_error(req, MC_E_INVALID, "not_image", field,
                              "not a complete JPEG or PNG image");
    default:
        return mc_err_set(MC_E_INTERNAL, "face engine: %s", face_status_name(rc));
    }
}

void identity_submission_cleanup(struct submission *s)
{
    free(s->photo);
    for (int i = 0; i < s->n_frames; i++)
        free(s->frames[i]);
    memset(s, 0, sizeof *s);
}

/* Decodes one base64 image, replying invalid_argument or image_too_large. */
static mc_status decode_image(struct mc_req *req, const char *field, const char *text,
                              unsigned char **out, size_t *out_len)
{
    if (!identity_b64_decode(text, out, out_len))
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", field,
                              "%s must be a base64 JPEG or PNG", field);
    if ((long long)*out_len > identity_state(req)->max_image_bytes) {
        free(*out);
        *out = NULL;
        return mc_reply_error(req, MC_E_TOO_LARGE, "image_too_large", field,
                              "an image may have at most %lld bytes",
                              identity_state(req)->max_image_bytes);
    }
    return MC_OK;
}

mc_status identity_submission_decode(struct mc_req *req, const char *photo_field,
                                     struct submission *s)
{
    const json_t *frames = json_object_get(req->body, "frames");
    mc_status st = MC_OK;
    size_t i;
    json_t *f;

    memset(s, 0, sizeof *s);
    if (photo_field)
        st = decode_image(req, photo_field, mc_json_str(req->body, photo_field), &s->photo,
                          &s->photo_len);
    json_array_foreach(frames, i, f)
    {
        if (st != MC_OK)
            break;
        st = decode_image(req, "frames", json_string_value(f), &s->frames[i], &s->frame_lens[i]);
        if (st == MC_OK)
            s->n_frames++;
    }
    if (st != MC_OK)
        identity_submission_cleanup(s);
    return st;
}

static void sha256_hex(const char *text, char out[65])
{
    unsigned char h[32];

    crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
    mc_hex_encode(h, sizeof h, out);
}

/* The actions as a JSON array and as the comma list stored with the challenge. */
static json_t *draw_actions(int n, char *list, size_t list_len)
{
    int actions[IDENTITY_MAX_ACTIONS];
    json_t *arr = json_array();

    identity_actions_draw(actions, n);
    list[0] = '\0';
    for (int i = 0; i < n; i++) {
        json_array_append_new(arr, json_string(identity_action_name(actions[i])));
        if (i > 0)
            strncat(list, ",", list_len - strlen(list) - 1);
        strncat(list, identity_action_name(actions[i]), list_len - strlen(list) - 1);
    }
    return arr;
}

mc_status identity_challenge_issue(struct mc_req *req, const char *purpose, const char *subject,
                                   const char *role, const char *name, const char *idn,
                                   const char *phone)
{
    const struct identity *id = identity_state(req);
    unsigned char raw[NONCE_BYTES];
    char nonce[NONCE_BYTES * 2 + 1], nonce_hash[65], list[128], ttl[16];
    char idn_mac[IDENTITY_MAC_HEX], phone_mac[IDENTITY_MAC_HEX];
    char *idn_ct = idn ? identity_seal(id, "challenges.id_number", idn, strlen(idn)) : NULL;
    char *phone_ct = phone ? identity_seal(id, "challenges.phone", phone, strlen(phone)) : NULL;
    json_t *actions = draw_actions(id->n_actions, list, sizeof list);
    mc_status st = MC_OK;
    PGresult *res;

    randombytes_buf(raw, sizeof raw);
    mc_hex_encode(raw, sizeof raw, nonce);
    sha256_hex(nonce, nonce_hash);
    identity_mac(id, "idn", idn ? idn : "", idn_mac);
    identity_mac(id, "phone", phone ? phone : "", phone_mac);
    snprintf(ttl, sizeof ttl, "%lld", id->challenge_ttl_s);
    res =
        mc_db_exec(req->db, "challenge_insert", 11,
                   (const char *[]){nonce_hash, purpose, subject, role, name, idn ? idn_mac : NULL,
                                    idn_ct, phone ? phone_mac : NULL, phone_ct, list, ttl});
    if (mc_db_ok(res, "insert challenge", &st))
        mc_reply_json_take(req, 201,
                           mc_json_xpack("{s:s, s:O, s:s, s:s, s:I}", "challenge_id",
                                         PQgetvalue(res, 0, 0), "actions", actions, "nonce", nonce,
                                         "expires_at", PQgetvalue(res, 0, 1), "ttl_s",
                                         (json_int_t)id->challenge_ttl_s));
    PQclear(res);
    json_decref(actions);
    free(idn_ct);
    free(phone_ct);
    return st;
}

/* Challenges cannot be drawn again and again until one asks for easy actions. */
#define CHALLENGES_PER_10_MIN 30

static bool too_many_challenges(struct mc_req *req, const char *idn)
{
    char idn_mac[IDENTITY_MAC_HEX];
    PGresult *res;
    bool is_over;

    identity_mac(identity_state(req), "idn", idn, idn_mac);
    res = mc_db_exec(req->db, "challenge_recent", 1, (const char *[]){idn_mac});
    is_over = PQresultStatus(res) == PGRES_TUPLES_OK &&
              atoi(PQgetvalue(res, 0, 0)) >= CHALLENGES_PER_10_MIN;
    PQclear(res);
    return is_over;
}

mc_status identity_on_challenge_create(struct mc_req *req)
{
    const char *idn = mc_json_str(req->body, "id_number"), *phone = mc_json_str(req->body, "phone");

    if (identity_check_id_number(req, idn) != MC_OK)
        return MC_E_INVALID;
    if (!identity_is_phone(phone))
        return mc_reply_error(req, MC_E_INVALID, "invalid_phone", "phone",
                              "the phone must be an 11-digit mainland mobile number");
    if (identity_face_ready(req) != MC_OK)
        return MC_E_UNAVAILABLE;
    if (too_many_challenges(req, idn))
        return mc_reply_error(req, MC_E_RATE_LIMITED, "too_many_requests", "id_number",
                              "at most %d challenges in ten minutes for one ID number",
                              CHALLENGES_PER_10_MIN);
    return identity_challenge_issue(req, "login", NULL, NULL, mc_json_str(req->body, "name"), idn,
                                    phone);
}
