/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared inside the face engine only: the tensor type, the layer kernels, the weight store and
 * the three networks. Tensors are height x width x channels (channels last, as TF.js stores its
 * filters). Every function here is reentrant; tensors belong to the caller that created them.
 */
#ifndef MC_IDENTITY_FACE_FACE_INTERNAL_H
#define MC_IDENTITY_FACE_FACE_INTERNAL_H

#include <stddef.h>

#include "face.h"

/* A dense float tensor; d is owned by whoever called fnn_tensor_init. */
struct fnn_tensor {
    int h, w, c;
    float *d;
};

/* Geometry of a 2-D window operation (conv or pool). */
struct fnn_window {
    int k; /* square kernel side */
    int stride;
    int pad_top; /* zero (or -inf for max pool) rows before the input */
    int pad_left;
    int out_h, out_w;
};

/* One named weight tensor, dequantised to float at load. */
struct fw_tensor {
    char name[96];
    int shape[4];
    int n_dims;
    size_t count;
    float *data;
};

/* Every tensor of one face-api model. */
struct fw_model {
    struct fw_tensor *tensors;
    size_t n_tensors;
};

struct face_engine {
    struct face_config cfg;
    struct fw_model detector;
    struct fw_model landmarks;
    struct fw_model recognizer;
};

/* --- tensors and layers (face_nn.c) --- */

/* Allocates an h x w x c tensor filled with zero; returns 0 or -1 when out of memory. */
int fnn_tensor_init(struct fnn_tensor *t, int h, int w, int c);
void fnn_tensor_cleanup(struct fnn_tensor *t);

/* TF "same" geometry for a kernel k and stride s over an in_h x in_w input. */
struct fnn_window fnn_same(int in_h, int in_w, int k, int stride);

/* TF "valid" geometry (no padding). */
struct fnn_window fnn_valid(int in_h, int in_w, int k, int stride);

/* out = conv(in, filters[k][k][in.c][n_out]) + bias (bias may be NULL). */
int fnn_conv(const struct fnn_tensor *in, const float *filters, const float *bias, int n_out,
             struct fnn_window win, struct fnn_tensor *out);

/* out = depthwise conv with filters[k][k][in.c] (channel multiplier 1), no bias. */
int fnn_depthwise(const struct fnn_tensor *in, const float *filters, struct fnn_window win,
                  struct fnn_tensor *out);

int fnn_max_pool(const struct fnn_tensor *in, struct fnn_window win, struct fnn_tensor *out);
int fnn_avg_pool(const struct fnn_tensor *in, struct fnn_window win, struct fnn_tensor *out);

/* In place: t = t * mul[c] + add[c] (either may be NULL). */
void fnn_scale(struct fnn_tensor *t, const float *mul, const float *add);
void fnn_relu(struct fnn_tensor *t);
void fnn_leaky(struct fnn_tensor *t, float alpha);

/* In place: t += other (same shape). */
void fnn_add(struct fnn_tensor *t, const struct fnn_tensor *other);

/* out[n_out] = in[n_in] x weights[n_in][n_out] + bias (bias may be NULL). */
void fnn_dense(const float *in, int n_in, const float *weights, const float *bias, int n_out,
               float *out);

/* --- weights (face_weights.c) --- */

/* Loads <dir>/<name>-weights_manifest.json and its .bin files. Returns 0 or -1 with err set. */
int fw_model_load(const char *dir, const char *name, struct fw_model *out_model, char *err,
                  size_t err_len);
void fw_model_cleanup(struct fw_model *m);

/*
 * The tensor called name, or NULL when it is missing or does not hold count values.
 * borrowed: valid until fw_model_cleanup
 */
const float *fw_get(const struct fw_model *m, const char *name, size_t count);

/* --- networks --- */

/*
 * Tiny face detector: fills up to max_boxes boxes (source pixels, sorted largest first) above
 * min_score after non-maximum suppression; returns the count found or -1.
 */
int fnet_detect(const struct fw_model *m, const struct face_image *img, int input_side,
                float min_score, struct face_box *out_boxes, float *out_scores, int max_boxes);

/* 68 landmarks of the face in the square region (x0, y0, side) of img, in source pixels. */
int fnet_landmarks(const struct fw_model *m, const struct face_image *img, float x0, float y0,
                   float side, struct face_point out_pts[FACE_N_LANDMARKS]);

/* 128-d descriptor of a 150x150 RGB chip. Returns 0 or -1. */
int fnet_describe(const struct fw_model *m, const unsigned char *chip_rgb,
                  float out_desc[FACE_DESC_LEN]);

/* --- geometry (face_align.c) --- */

/*
 * Samples an out_side x out_side RGB patch whose pixel (u, v) maps to source point
 * (a*u - b*v + tx, b*u + a*v + ty); outside pixels are black. Averages sub-samples when the
 * patch is a reduction so that large photos do not alias.
 */
void falign_sample(const struct face_image *img, const float xf[4], int out_side,
                   unsigned char *out_rgb);

/* Similarity transform (a, b, tx, ty) mapping chip pixels onto the source from 68 landmarks. */
int falign_fit(const struct face_point pts[FACE_N_LANDMARKS], float out_xf[4]);

/* Landmark plausibility: returns 1 when the layout looks like a face inside box. */
int falign_is_sane(const struct face_point pts[FACE_N_LANDMARKS], const struct face_box *box);

/* Head yaw (-1..1) and mouth opening ratio from landmarks. */
void falign_geometry(const struct face_point pts[FACE_N_LANDMARKS], float *out_yaw,
                     float *out_mouth);

#endif
