/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Face engine of the identity service: decodes a JPEG or PNG photo, finds the face, checks its
 * quality, aligns it and computes a 128-float descriptor; two descriptors are compared by
 * Euclidean distance. Plain C, no ML runtime: the three networks run on weights loaded once from
 * the TF.js files of @vladmandic/face-api (see README.md). The engine is read-only after create,
 * so every operation may be called from several threads at once; each call owns its scratch.
 */
#ifndef MC_IDENTITY_FACE_FACE_H
#define MC_IDENTITY_FACE_FACE_H

#include <stddef.h>

#define FACE_DESC_LEN 128
#define FACE_N_LANDMARKS 68
#define FACE_CHIP_SIZE 150

/* Result of an analysis; FACE_OK is zero, every other value is a reason to reject the photo. */
enum face_status {
    FACE_OK = 0,
    FACE_E_NOT_IMAGE,    /* not a JPEG/PNG, truncated or corrupt */
    FACE_E_TOO_LARGE,    /* more bytes or pixels than the engine accepts */
    FACE_E_NO_FACE,      /* no face above the detection threshold */
    FACE_E_MANY_FACES,   /* a second face of comparable size */
    FACE_E_POOR_QUALITY, /* face too small, score too low or implausible landmarks */
    FACE_E_INVALID,      /* bad argument */
    FACE_E_INTERNAL,     /* engine failure (should not happen with valid weights) */
};

/* Verdict of a comparison against the decision bands. */
enum face_verdict {
    FACE_MATCH = 0, /* distance below accept_below */
    FACE_REVIEW,    /* between the bands: a person decides */
    FACE_NO_MATCH,  /* at or above review_below */
};

/*
 * Tunables. face_config_init() fills the defaults; a caller may change any field before
 * face_engine_create() copies the struct.
 */
struct face_config {
    int detect_input;       /* detector input side, multiple of 32 (default 416) */
    float min_score;        /* detection score floor, 0..1 (default 0.5) */
    float min_face_px;      /* smallest accepted face box side in source pixels (default 64) */
    float many_faces_ratio; /* second face side / largest side that counts as "many" (0.5) */
    size_t max_bytes;       /* largest encoded photo accepted (default 16 MiB) */
    size_t max_pixels;      /* largest decoded photo accepted (default 4096 * 4096) */
    float accept_below;     /* distance under which two faces match (default 0.45) */
    float review_below;     /* distance under which a person reviews (default 0.60) */
};

struct face_box {
    float x, y, w, h; /* source pixels, top-left origin */
};

struct face_point {
    float x, y;
};

/* Everything face_analyze() learns about the chosen (largest) face. */
struct face_result {
    struct face_box box;
    float score;                                   /* detector confidence, 0..1 */
    int n_faces;                                   /* detections above min_score */
    struct face_point landmarks[FACE_N_LANDMARKS]; /* dlib/iBUG 68-point order, source px */
    float descriptor[FACE_DESC_LEN];
    float yaw;         /* signed head turn, -1..1: > 0 when the nose points to the image right */
    float mouth_open;  /* inner-lip gap / mouth width: ~0 closed, > 0.3 clearly open */
    int width, height; /* decoded photo size */
};

/* An RGB image, 3 bytes per pixel, rows packed. */
struct face_image {
    int width, height;
    unsigned char *rgb;
};

/* Fills cfg with the defaults listed in struct face_config. */
void face_config_init(struct face_config *cfg);

/*
 * Loads the three networks from model_dir (the face-api model/ folder) and checks every tensor.
 * cfg may be NULL for the defaults. On failure returns NULL and writes a reason into err.
 * owned: caller frees with face_engine_destroy
 */
struct face_engine *face_engine_create(const char *model_dir, const struct face_config *cfg,
                                       char *err, size_t err_len);

/* Releases the engine; accepts NULL. No call may be running on it. */
void face_engine_destroy(struct face_engine *eng);

/* The configuration the engine was created with. borrowed: valid until face_engine_destroy */
const struct face_config *face_engine_config(const struct face_engine *eng);

/*
 * Decodes JPEG or PNG bytes to RGB, refusing more than max_bytes or max_pixels.
 * out_img->rgb is owned: caller frees with face_image_cleanup. Written only on FACE_OK.
 * Returns FACE_OK, FACE_E_NOT_IMAGE, FACE_E_TOO_LARGE or FACE_E_INVALID.
 */
int face_image_decode(const unsigned char *bytes, size_t len, size_t max_bytes, size_t max_pixels,
                      struct face_image *out_img);

/* Frees the pixels of an image filled by this module and zeroes it; accepts NULL. */
void face_image_cleanup(struct face_image *img);

/*
 * Runs the detector alone. Writes up to max_boxes boxes (largest first) and scores; returns the
 * number of faces found (which may exceed max_boxes) or -1 on allocation failure.
 */
int face_detect(const struct face_engine *eng, const struct face_image *img,
                struct face_box *out_boxes, float *out_scores, int max_boxes);

/*
 * Full pipeline on an encoded photo: decode, detect, pick the largest face, quality gates,
 * landmarks, alignment, descriptor. out is written only on FACE_OK, except n_faces, width and
 * height, which are also set on FACE_E_NO_FACE, FACE_E_MANY_FACES and FACE_E_POOR_QUALITY.
 */
int face_analyze(const struct face_engine *eng, const unsigned char *bytes, size_t len,
                 struct face_result *out);

/* As face_analyze() on an already decoded image. */
int face_analyze_image(const struct face_engine *eng, const struct face_image *img,
                       struct face_result *out);

/*
 * Descriptor of an already aligned dlib-style chip (the face centred as dlib's
 * extract_image_chip leaves it, 25 % padding). A chip that is not 150x150 is resampled.
 * Returns FACE_OK, FACE_E_INVALID or FACE_E_INTERNAL.
 */
int face_describe_chip(const struct face_engine *eng, const struct face_image *chip,
                       float out_desc[FACE_DESC_LEN]);

/* Euclidean distance between two descriptors (0 = identical; same person usually < 0.6). */
float face_distance(const float a[FACE_DESC_LEN], const float b[FACE_DESC_LEN]);

/* Places a distance in the bands of cfg (accept_below, review_below). */
enum face_verdict face_decide(const struct face_config *cfg, float distance);

/* A constant lower-case name for a status, e.g. "no_face". */
const char *face_status_name(int status);

#endif
