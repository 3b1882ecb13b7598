/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fixtures of the identity face tests: real photos from the face assets (.cache/face, fetched by
 * scripts/face-assets.sh; dlib's johns chips and example photos, never committed), turned into
 * the JPEGs a phone would send, fresh test identities, one-time codes read from the SMS log, and
 * direct NATS calls for the subjects the gateway does not route yet. Single-threaded.
 *
 * The johns chips are 150x150 crops; a camera frame shows more than the face, so each chip is
 * placed in the middle of a grey canvas three times its size and encoded as a JPEG. Nothing else
 * is changed: the head turns and the open mouth are the person's own, in different real photos.
 */
#ifndef MC_TESTS_IDENTITY_FACE_FIXTURE_H
#define MC_TESTS_IDENTITY_FACE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jpeglib.h>
#include <sodium.h>

#include "face.h"
#include "harness.h"
#include "mc/bus.h"
#include "mc/court.h"
#include "mc/json.h"
#include "support/client.h"

struct blob {
    unsigned char *data;
    size_t len;
};

static inline const char *fx_assets(void)
{
    return tc_env("FACE_ASSETS_DIR", ".cache/face");
}

static inline struct face_image fx_decode_file(const char *rel)
{
    char *path = mc_xasprintf("%s/%s", fx_assets(), rel);
    struct face_image img = {0};
    size_t len = 0;
    char *bytes = tc_read_file(path, &len);

    if (bytes == NULL ||
        face_image_decode((unsigned char *)bytes, len, 1u << 26, 1u << 26, &img) != FACE_OK)
        fprintf(stderr, "cannot read %s (run scripts/face-assets.sh)\n", path);
    free(bytes);
    free(path);
    return img;
}

static inline struct blob fx_jpeg(const struct face_image *img, int quality)
{
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr err;
    unsigned long len = 0;
    unsigned char *out = NULL;
    struct blob b;

    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    jpeg_mem_dest(&c, &out, &len);
    c.image_width = (JDIMENSION)img->width;
    c.image_height = (JDIMENSION)img->height;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, quality, TRUE);
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = img->rgb + (size_t)c.next_scanline * (size_t)img->width * 3;

        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    b.data = mc_xmalloc(len);
    memcpy(b.data, out, len);
    b.len = len;
    free(out);
    return b;
}

/* A johns chip on a grey canvas three times its size, as a JPEG of the given quality. */
static inline struct blob fx_chip_frame(const char *rel, int quality)
{
    struct face_image chip = fx_decode_file(rel);
    struct face_image canvas = {chip.width * 3, chip.height * 3, NULL};
    struct blob b = {0};

    if (chip.rgb == NULL)
        return b;
    canvas.rgb = mc_xmalloc((size_t)canvas.width * canvas.height * 3);
    memset(canvas.rgb, 128, (size_t)canvas.width * canvas.height * 3);
    for (int y = 0; y < chip.height; y++)
        memcpy(canvas.rgb + ((size_t)(y + chip.height) * canvas.width + chip.width) * 3,
               chip.rgb + (size_t)y * chip.width * 3, (size_t)chip.width * 3);
    b = fx_jpeg(&canvas, quality);
    free(canvas.rgb);
    face_image_cleanup(&chip);
    return b;
}

static inline struct blob fx_file(const char *rel)
{
    char *path = mc_xasprintf("%s/%s", fx_assets(), rel);
    struct blob b = {0};

    b.data = (unsigned char *)tc_read_file(path, &b.len);
    free(path);
    return b;
}

static inline json_t *fx_b64(const void *data, size_t len)
{
    size_t n = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
    char *text = mc_xmalloc(n);
    json_t *s;

    sodium_bin2base64(text, n, data, len, sodium_base64_VARIANT_ORIGINAL);
    s = json_string(text);
    free(text);
    return s;
}

static inline json_t *fx_b64_blob(struct blob b)
{
    return fx_b64(b.data, b.len);
}

/* A valid resident ID number (born 1985-06-12 in 330203) with a random sequence number. */
static inline void fx_idn(char out[19])
{
    char check = '0';

    /* A random day of 1960-1999 and sequence: people of different test runs and programs must
     * not share an ID number (a registered one is bound to its phone). */
    snprintf(out, 19, "330203%04u%02u%02u%03u", 1960 + (unsigned)randombytes_uniform(40),
             1 + (unsigned)randombytes_uniform(12), 1 + (unsigned)randombytes_uniform(28),
             (unsigned)randombytes_uniform(1000));
    if (mc_idnum_check_char(out, &check) != MC_IDNUM_OK)
        fprintf(stderr, "check char failed for %s\n", out);
    out[17] = check;
    out[18] = '\0';
}

/* A random 11-digit mobile number, so the three-codes-a-minute limit never bites. */
static inline void fx_phone(char out[12])
{
    snprintf(out, 12, "139%08u", (unsigned)randombytes_uniform(100000000));
}

/* The code of the last SMS to phone, or -1. */
static inline int fx_last_code(const char *phone, char out[8])
{
    return tc_last_code(phone, out);
}

/* Real photos of one person (John Shimkus, dlib's johns set): an ID photo, and a frame for each
 * liveness action, measured to show it (yaw for the turns, the mouth ratio for open_mouth). */
#define FX_SHIM "johns/John_Shimkus/"
#define FX_SHIM_ID_PHOTO FX_SHIM "000388_03227773.jpg"

static inline const char *fx_shim_frame(const char *action)
{
    if (strcmp(action, "turn_left") == 0)
        return FX_SHIM "000390_03227666.jpg";
    if (strcmp(action, "turn_right") == 0)
        return FX_SHIM "000385_03227766.jpg";
    if (strcmp(action, "open_mouth") == 0)
        return FX_SHIM "000394_02340150.jpg";
    return FX_SHIM "000375_03227651.jpg";
}

/* His open-mouth photo falls in the review band, so sign-ins that must be accepted draw
 * challenges until one asks only for turns. */
static inline int fx_turns_only(const json_t *actions)
{
    size_t i;
    json_t *a;

    json_array_foreach(actions, i, a)
    {
        if (strcmp(json_string_value(a), "open_mouth") == 0)
            return 0;
    }
    return 1;
}

/* Asks for a one-time code for idn/phone and reads it from the SMS log. 0 on success. */
static inline int fx_otp(const char *name, const char *idn, const char *phone, char code[8])
{
    json_t *body = mc_json_xpack("{s:s, s:s, s:s}", "name", name, "id_number", idn, "phone", phone);
    struct tc_resp r = tc_call_json("POST", "/api/v1/litigants/otp", NULL, body);
    int rc = r.status == 201 ? fx_last_code(phone, code) : -1;

    tc_resp_cleanup(&r);
    json_decref(body);
    return rc;
}

/* A person signing in by face: identity, phone, code and the current challenge. */
struct fx_person {
    char idn[19], phone[12], code[8];
    const char *name;
    json_t *challenge; /* owned */
};

/* Fresh identity with a live code and a challenge; the challenge is redrawn until accept(actions)
 * holds (accept NULL: any). 0 on success. */
static inline int fx_start(struct fx_person *p, const char *name,
                           int (*accept)(const json_t *actions))
{
    json_t *body;

    memset(p, 0, sizeof *p);
    p->name = name;
    fx_idn(p->idn);
    fx_phone(p->phone);
    if (fx_otp(name, p->idn, p->phone, p->code) != 0)
        return -1;
    body = mc_json_xpack("{s:s, s:s, s:s}", "name", name, "id_number", p->idn, "phone", p->phone);
    for (int i = 0; i < 40; i++) {
        struct tc_resp r = tc_call_json("POST", "/api/v1/litigants/challenges", NULL, body);

        json_decref(p->challenge);
        p->challenge = r.status == 201 ? json_incref(r.json) : NULL;
        tc_resp_cleanup(&r);
        if (p->challenge == NULL)
            break;
        if (accept == NULL || accept(json_object_get(p->challenge, "actions")))
            break;
    }
    json_decref(body);
    return p->challenge ? 0 : -1;
}

static inline int fx_new_challenge(struct fx_person *p, int (*accept)(const json_t *actions))
{
    json_t *body =
        mc_json_xpack("{s:s, s:s, s:s}", "name", p->name, "id_number", p->idn, "phone", p->phone);

    for (int i = 0; i < 40; i++) {
        struct tc_resp r = tc_call_json("POST", "/api/v1/litigants/challenges", NULL, body);

        json_decref(p->challenge);
        p->challenge = r.status == 201 ? json_incref(r.json) : NULL;
        tc_resp_cleanup(&r);
        if (p->challenge == NULL || accept == NULL ||
            accept(json_object_get(p->challenge, "actions")))
            break;
    }
    json_decref(body);
    return p->challenge ? 0 : -1;
}

static inline void fx_person_cleanup(struct fx_person *p)
{
    json_decref(p->challenge);
    p->challenge = NULL;
}

static inline const char *fx_action(const struct fx_person *p, size_t i)
{
    return json_string_value(json_array_get(json_object_get(p->challenge, "actions"), i));
}

/* The submission body for p's challenge. takes: id_photo and frames (json strings/array). */
static inline json_t *fx_submission(const struct fx_person *p, json_t *id_photo, json_t *frames)
{
    return mc_json_xpack("{s:O, s:O, s:o, s:o, s:s}", "challenge_id",
                         json_object_get(p->challenge, "challenge_id"), "nonce",
                         json_object_get(p->challenge, "nonce"), "id_photo", id_photo, "frames",
                         frames, "phone_code", p->code);
}

static inline const char *fx_error_code(const struct tc_resp *r)
{
    return mc_json_str(json_object_get(r->json, "error"), "code");
}

/* --- direct NATS calls for the subjects without a gateway route --- */

static natsConnection *fx_nc;

/* Calls subject with claims (borrowed, may be NULL); *out_status gets the HTTP status.
 * owned: the reply JSON or NULL. */
static inline json_t *fx_nats(const char *subject, const json_t *claims, const json_t *params,
                              const json_t *body, int *out_status)
{
    char *text = body ? mc_json_xdumps(body) : mc_xstrdup("{}");
    struct mc_call c = {.subject = subject,
                        .auth = claims,
                        .params = params,
                        .body = text,
                        .body_len = strlen(text),
                        .timeout_ms = 15000};
    struct mc_reply rep = {0};
    json_t *out = NULL;

    *out_status = 0;
    if (fx_nc == NULL &&
        mc_bus_connect(tc_env("NATS_URL", "nats://127.0.0.1:4222"), "test", false, &fx_nc) != MC_OK)
        fx_nc = NULL;
    if (fx_nc && mc_bus_call(fx_nc, &c, &rep) == MC_OK) {
        *out_status = rep.status;
        out = json_loadb(rep.data, rep.len, 0, NULL);
    } else {
        fprintf(stderr, "%s: %s\n", subject, mc_err_text());
    }
    mc_reply_cleanup(&rep);
    free(text);
    return out;
}

/* The claims of a token reply (borrowed from r). */
static inline const json_t *fx_claims(const struct tc_resp *r)
{
    return json_object_get(r->json, "claims");
}

#endif
