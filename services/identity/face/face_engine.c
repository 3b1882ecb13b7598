/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The engine object and the analysis pipeline: decode -> detect -> largest face -> quality
 * gates -> landmarks -> alignment -> descriptor. The engine holds only the loaded weights and
 * the configuration, both read-only after create; every call allocates its own scratch.
 */
#include "face_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Faces reported by the detector that the pipeline looks at. */
#define ENGINE_MAX_FACES 32

/* Detection box size over landmark extent on well-framed faces; re-framing passes. */
#define ENGINE_LM_FRAME_W 1.28f
#define ENGINE_LM_FRAME_H 1.22f
#define ENGINE_LM_REFINE 1

void face_config_init(struct face_config *cfg)
{
    *cfg = (struct face_config){
        .detect_input = 416,
        .min_score = 0.5f,
        .min_face_px = 64.0f,
        .many_faces_ratio = 0.5f,
        .max_bytes = 16u << 20,
        .max_pixels = 4096u * 4096u,
        .accept_below = 0.45f,
        .review_below = 0.60f,
    };
}

/* Runs every network once on a blank input so a wrong weight set fails at create. */
static int self_check(const struct face_engine *eng)
{
    unsigned char chip[FACE_CHIP_SIZE * FACE_CHIP_SIZE * 3] = {0};
    struct face_image img = {FACE_CHIP_SIZE, FACE_CHIP_SIZE, chip};
    struct face_point pts[FACE_N_LANDMARKS];
    struct face_box box;
    float desc[FACE_DESC_LEN];

    if (fnet_detect(&eng->detector, &img, eng->cfg.detect_input, 0.99f, &box, NULL, 1) < 0)
        return -1;
    if (fnet_landmarks(&eng->landmarks, &img, 0, 0, FACE_CHIP_SIZE, pts) != 0)
        return -1;
    return fnet_describe(&eng->recognizer, chip, desc);
}

struct face_engine *face_engine_create(const char *model_dir, const struct face_config *cfg,
                                       char *err, size_t err_len)
{
    struct face_engine *eng = NULL;

    if (model_dir == NULL || err == NULL) {
        if (err != NULL)
            snprintf(err, err_len, "model_dir is NULL");
        return NULL;
    }
    eng = calloc(1, sizeof *eng);
    if (eng == NULL) {
        snprintf(err, err_len, "out of memory");
        return NULL;
    }
    face_config_init(&eng->cfg);
    if (cfg != NULL)
        eng->cfg = *cfg;
    if (eng->cfg.detect_input < 64 || eng->cfg.detect_input % 32 != 0) {
        snprintf(err, err_len, "detect_input must be a multiple of 32, at least 64");
        goto fail;
    }

    if (fw_model_load(model_dir, "tiny_face_detector_model", &eng->detector, err, err_len) != 0 ||
        fw_model_load(model_dir, "face_landmark_68_model", &eng->landmarks, err, err_len) != 0 ||
        fw_model_load(model_dir, "face_recognition_model", &eng->recognizer, err, err_len) != 0)
        goto fail;
    if (self_check(eng) != 0) {
        snprintf(err, err_len, "weights in %s do not fit the networks", model_dir);
        goto fail;
    }
    return eng;
fail:
    face_engine_destroy(eng);
    return NULL;
}

void face_engine_destroy(struct face_engine *eng)
{
    if (eng == NULL)
        return;
    fw_model_cleanup(&eng->detector);
    fw_model_cleanup(&eng->landmarks);
    fw_model_cleanup(&eng->recognizer);
    free(eng);
}

const struct face_config *face_engine_config(const struct face_engine *eng)
{
    return &eng->cfg;
}

int face_detect(const struct face_engine *eng, const struct face_image *img,
                struct face_box *out_boxes, float *out_scores, int max_boxes)
{
    if (eng == NULL || img == NULL || img->rgb == NULL || img->width <= 0 || img->height <= 0)
        return -1;
    return fnet_detect(&eng->detector, img, eng->cfg.detect_input, eng->cfg.min_score, out_boxes,
                       out_scores, max_boxes);
}

/*
 * Landmarks of the face in box. The detector's boxes jitter in size and position, and the
 * landmark network is sensitive to framing, so the first estimate only serves to re-frame: the
 * crop is rebuilt around the landmarks' own extent (scaled to the framing the network sees on
 * well-detected faces, measured on the johns set) and the network runs again.
 */
static int find_landmarks(const struct face_engine *eng, const struct face_image *img,
                          const struct face_box *box, struct face_point *pts)
{
    struct face_box frame = *box;

    for (int pass = 0; pass <= ENGINE_LM_REFINE; pass++) {
        float side = frame.w > frame.h ? frame.w : frame.h;
        float x0 = frame.x + frame.w / 2 - side / 2, y0 = frame.y + frame.h / 2 - side / 2;
        float min_x = 1e30f, max_x = -1e30f, min_y = 1e30f, max_y = -1e30f;

        if (fnet_landmarks(&eng->landmarks, img, x0, y0, side, pts) != 0)
            return -1;
        for (int i = 0; i < FACE_N_LANDMARKS; i++) {
            min_x = fminf(min_x, pts[i].x);
            max_x = fmaxf(max_x, pts[i].x);
            min_y = fminf(min_y, pts[i].y);
            max_y = fmaxf(max_y, pts[i].y);
        }
        frame.w = (max_x - min_x) * ENGINE_LM_FRAME_W;
        frame.h = (max_y - min_y) * ENGINE_LM_FRAME_H;
        frame.x = (min_x + max_x) / 2 - frame.w / 2;
        frame.y = (min_y + max_y) / 2 - frame.h / 2;
    }
    return 0;
}

/* Aligns the face to the chip frame and computes its descriptor. */
static int describe_face(const struct face_engine *eng, const struct face_image *img,
                         const struct face_point *pts, float *desc)
{
    unsigned char *chip = malloc((size_t)FACE_CHIP_SIZE * FACE_CHIP_SIZE * 3);
    float xf[4];
    int rc = -1;

    if (chip == NULL || falign_fit(pts, xf) != 0)
        goto done;
    falign_sample(img, xf, FACE_CHIP_SIZE, chip);
    rc = fnet_describe(&eng->recognizer, chip, desc);
done:
    free(chip);
    return rc;
}

/* Detection and the gates on it; fills the box and score of the chosen face. */
static int pick_face(const struct face_engine *eng, const struct face_image *img,
                     struct face_result *res)
{
    struct face_box boxes[ENGINE_MAX_FACES];
    float scores[ENGINE_MAX_FACES];
    int n = face_detect(eng, img, boxes, scores, ENGINE_MAX_FACES);

    if (n < 0)
        return FACE_E_INTERNAL;
    res->n_faces = n;
    if (n == 0)
        return FACE_E_NO_FACE;

    /* Boxes come largest first; a runner-up of comparable size means several people. */
    if (n > 1 && boxes[1].w >= eng->cfg.many_faces_ratio * boxes[0].w)
        return FACE_E_MANY_FACES;
    if (boxes[0].w < eng->cfg.min_face_px || boxes[0].h < eng->cfg.min_face_px)
        return FACE_E_POOR_QUALITY;
    res->box = boxes[0];
    res->score = scores[0];
    return FACE_OK;
}

int face_analyze_image(const struct face_engine *eng, const struct face_image *img,
                       struct face_result *out)
{
    struct face_result *res = NULL;
    int rc;

    if (eng == NULL || img == NULL || out == NULL || img->rgb == NULL)
        return FACE_E_INVALID;
    res = calloc(1, sizeof *res);
    if (res == NULL)
        return FACE_E_INTERNAL;
    res->width = img->width;
    res->height = img->height;

    rc = pick_face(eng, img, res);
    if (rc != FACE_OK)
        goto done;
    if (find_landmarks(eng, img, &res->box, res->landmarks) != 0) {
        rc = FACE_E_INTERNAL;
        goto done;
    }
    if (!falign_is_sane(res->landmarks, &res->box)) {
        rc = FACE_E_POOR_QUALITY;
        goto done;
    }
    falign_geometry(res->landmarks, &res->yaw, &res->mouth_open);
    if (describe_face(eng, img, res->landmarks, res->descriptor) != 0)
        rc = FACE_E_INTERNAL;
done:
    if (rc == FACE_OK) {
        *out = *res;
    } else {
        out->n_faces = res->n_faces;
        out->width = res->width;
        out->height = res->height;
    }
    free(res);
    return rc;
}

int face_analyze(const struct face_engine *eng, const unsigned char *bytes, size_t len,
                 struct face_result *out)
{
    struct face_image img = {0};
    int rc;

    if (eng == NULL || bytes == NULL || out == NULL)
        return FACE_E_INVALID;
    rc = face_image_decode(bytes, len, eng->cfg.max_bytes, eng->cfg.max_pixels, &img);
    if (rc != FACE_OK)
        return rc;
    rc = face_analyze_image(eng, &img, out);
    face_image_cleanup(&img);
    return rc;
}

int face_describe_chip(const struct face_engine *eng, const struct face_image *chip,
                       float out_desc[FACE_DESC_LEN])
{
    unsigned char *resized = NULL;
    const unsigned char *rgb;
    int rc = FACE_E_INTERNAL;

    if (eng == NULL || chip == NULL || chip->rgb == NULL || chip->width <= 0 || chip->height <= 0 ||
        out_desc == NULL)
        return FACE_E_INVALID;
    rgb = chip->rgb;
    if (chip->width != chip->height)
        return FACE_E_INVALID;
    if (chip->width != FACE_CHIP_SIZE) {
        float step = (float)chip->width / FACE_CHIP_SIZE;
        float xf[4] = {step, 0.0f, 0.5f * step - 0.5f, 0.5f * step - 0.5f};

        resized = malloc((size_t)FACE_CHIP_SIZE * FACE_CHIP_SIZE * 3);
        if (resized == NULL)
            return FACE_E_INTERNAL;
        falign_sample(chip, xf, FACE_CHIP_SIZE, resized);
        rgb = resized;
    }
    if (fnet_describe(&eng->recognizer, rgb, out_desc) == 0)
        rc = FACE_OK;
    free(resized);
    return rc;
}

float face_distance(const float a[FACE_DESC_LEN], const float b[FACE_DESC_LEN])
{
    double sum = 0.0;

    for (int i = 0; i < FACE_DESC_LEN; i++) {
        double d = (double)a[i] - (double)b[i];

        sum += d * d;
    }
    return (float)sqrt(sum);
}

enum face_verdict face_decide(const struct face_config *cfg, float distance)
{
    if (distance < cfg->accept_below)
        return FACE_MATCH;
    return distance < cfg->review_below ? FACE_REVIEW : FACE_NO_MATCH;
}

const char *face_status_name(int status)
{
    static const char *const names[] = {
        [FACE_OK] = "ok",
        [FACE_E_NOT_IMAGE] = "not_image",
        [FACE_E_TOO_LARGE] = "too_large",
        [FACE_E_NO_FACE] = "no_face",
        [FACE_E_MANY_FACES] = "many_faces",
        [FACE_E_POOR_QUALITY] = "poor_quality",
        [FACE_E_INVALID] = "invalid",
        [FACE_E_INTERNAL] = "internal",
    };

    if (status < 0 || status >= (int)(sizeof names / sizeof names[0]))
        return "unknown";
    return names[status];
}
