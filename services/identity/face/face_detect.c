/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The tiny face detector: a YOLOv2-style grid detector with depthwise-separable convolutions.
 * The photo is scaled so its longer side fills the square input (the rest stays black, top-left
 * aligned as face-api does), run through one plain and five separable convolutions with leaky
 * ReLU and max pools, and read out as a 13x13 (for 416) grid of 5 anchor boxes each holding
 * (x, y, w, h, objectness). Overlapping boxes are merged by non-maximum suppression.
 */
#include "face_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define DETECT_N_ANCHORS 5
#define DETECT_IOU 0.4f
#define DETECT_MAX_CAND 512

static const float DETECT_MEAN[3] = {117.001f, 114.697f, 97.404f};

/* Anchor sizes in grid cells, from the model's training configuration. */
static const float DETECT_ANCHORS[DETECT_N_ANCHORS][2] = {
    {1.603231f, 2.094468f}, {6.041143f, 7.080126f}, {2.882459f, 3.518061f},
    {4.266906f, 5.178857f}, {9.041765f, 10.66308f},
};

struct candidate {
    struct face_box box;
    float score;
};

/* Builds the normalised square input; returns the source-to-input scale. */
static float make_input(const struct face_image *img, int side, struct fnn_tensor *in)
{
    int longest = img->width > img->height ? img->width : img->height;
    float scale = (float)side / (float)longest;
    int w = (int)lroundf(img->width * scale), h = (int)lroundf(img->height * scale);
    unsigned char *scaled = malloc((size_t)side * side * 3);
    float xf[4] = {1.0f / scale, 0.0f, 0.0f, 0.0f};

    if (scaled == NULL)
        return 0.0f;

    /* Area-aware resampling keeps large photos from aliasing at 416 px. */
    xf[2] = 0.5f / scale - 0.5f;
    xf[3] = 0.5f / scale - 0.5f;
    falign_sample(img, xf, side, scaled);
    for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
            size_t o = ((size_t)y * side + x) * 3;
            int is_inside = x < w && y < h;

            for (int ch = 0; ch < 3; ch++)
                in->d[o + ch] = ((is_inside ? scaled[o + ch] : 0.0f) - DETECT_MEAN[ch]) / 255.0f;
        }
    }
    free(scaled);
    return scale;
}

/* Separable conv (pad 1, stride 1) + bias + leaky ReLU, then a 2x2 max pool. */
static int sep_block(const struct fw_model *m, int idx, int n_out, int pool_stride,
                     struct fnn_tensor *x)
{
    struct fnn_tensor dw = {0}, pw = {0};
    char dname[64], pname[64], bname[64];
    int rc = -1;

    snprintf(dname, sizeof dname, "conv%d/depthwise_filter", idx);
    snprintf(pname, sizeof pname, "conv%d/pointwise_filter", idx);
    snprintf(bname, sizeof bname, "conv%d/bias", idx);

    const float *dwf = fw_get(m, dname, (size_t)9 * x->c);
    const float *pwf = fw_get(m, pname, (size_t)x->c * n_out);
    const float *bias = fw_get(m, bname, (size_t)n_out);

    if (dwf == NULL || pwf == NULL || bias == NULL)
        goto done;
    if (fnn_depthwise(x, dwf, fnn_same(x->h, x->w, 3, 1), &dw) != 0 ||
        fnn_conv(&dw, pwf, bias, n_out, fnn_valid(dw.h, dw.w, 1, 1), &pw) != 0)
        goto done;
    fnn_leaky(&pw, 0.1f);
    fnn_tensor_cleanup(x);
    if (fnn_max_pool(&pw, fnn_same(pw.h, pw.w, 2, pool_stride), x) != 0)
        goto done;
    rc = 0;
done:
    fnn_tensor_cleanup(&dw);
    fnn_tensor_cleanup(&pw);
    return rc;
}

/* Runs the network on the prepared input; out receives the raw grid. */
static int run_net(const struct fw_model *m, const struct fnn_tensor *in, struct fnn_tensor *out)
{
    static const int widths[6] = {16, 32, 64, 128, 256, 512};
    struct fnn_tensor x = {0}, c0 = {0};
    const float *f0 = fw_get(m, "conv0/filters", (size_t)27 * widths[0]);
    const float *b0 = fw_get(m, "conv0/bias", (size_t)widths[0]);
    const float *f8 = fw_get(m, "conv8/filters", (size_t)512 * 25);
    const float *b8 = fw_get(m, "conv8/bias", 25);
    int rc = -1;

    if (f0 == NULL || b0 == NULL || f8 == NULL || b8 == NULL)
        goto done;
    if (fnn_conv(in, f0, b0, widths[0], fnn_valid(in->h, in->w, 3, 1), &c0) != 0)
        goto done;
    fnn_leaky(&c0, 0.1f);
    if (fnn_max_pool(&c0, fnn_same(c0.h, c0.w, 2, 2), &x) != 0)
        goto done;
    for (int i = 1; i <= 5; i++) {
        if (sep_block(m, i, widths[i], i < 5 ? 2 : 1, &x) != 0)
            goto done;
    }
    if (fnn_conv(&x, f8, b8, 25, fnn_valid(x.h, x.w, 1, 1), out) != 0)
        goto done;
    rc = 0;
done:
    fnn_tensor_cleanup(&x);
    fnn_tensor_cleanup(&c0);
    return rc;
}

static float sigmoid(float v)
{
    return 1.0f / (1.0f + expf(-v));
}

/* Reads boxes above min_score from the grid, in source pixels. Returns the count. */
static int decode_grid(const struct fnn_tensor *grid, int side, float scale, float min_score,
                       struct candidate *cand, int max_cand)
{
    int n = 0;
    float cell = (float)side / (float)grid->w;

    for (int row = 0; row < grid->h; row++) {
        for (int col = 0; col < grid->w; col++) {
            const float *v = grid->d + ((size_t)row * grid->w + col) * grid->c;

            for (int a = 0; a < DETECT_N_ANCHORS && n < max_cand; a++, v += 5) {
                float score = sigmoid(v[4]);

                if (score < min_score)
                    continue;
                float cx = (col + sigmoid(v[0])) * cell, cy = (row + sigmoid(v[1])) * cell;
                float w = expf(v[2]) * DETECT_ANCHORS[a][0] * cell;
                float h = expf(v[3]) * DETECT_ANCHORS[a][1] * cell;

                cand[n].box = (struct face_box){(cx - w / 2) / scale, (cy - h / 2) / scale,
                                                w / scale, h / scale};
                cand[n].score = score;
                n++;
            }
        }
    }
    return n;
}

static float iou(const struct face_box *a, const struct face_box *b)
{
    float x0 = fmaxf(a->x, b->x), y0 = fmaxf(a->y, b->y);
    float x1 = fminf(a->x + a->w, b->x + b->w), y1 = fminf(a->y + a->h, b->y + b->h);
    float inter = fmaxf(0.0f, x1 - x0) * fmaxf(0.0f, y1 - y0);
    float uni = a->w * a->h + b->w * b->h - inter;

    return uni > 0 ? inter / uni : 0.0f;
}

static int by_score_desc(const void *pa, const void *pb)
{
    const struct candidate *a = pa, *b = pb;

    return (a->score < b->score) - (a->score > b->score);
}

static int by_area_desc(const void *pa, const void *pb)
{
    const struct candidate *a = pa, *b = pb;
    float aa = a->box.w * a->box.h, ab = b->box.w * b->box.h;

    return (aa < ab) - (aa > ab);
}

/* Greedy NMS in score order; the kept boxes are compacted to the front. */
static int suppress(struct candidate *cand, int n)
{
    int n_kept = 0;

    qsort(cand, (size_t)n, sizeof *cand, by_score_desc);
    for (int i = 0; i < n; i++) {
        int is_kept = 1;

        for (int k = 0; k < n_kept && is_kept; k++)
            is_kept = iou(&cand[i].box, &cand[k].box) <= DETECT_IOU;
        if (is_kept)
            cand[n_kept++] = cand[i];
    }
    qsort(cand, (size_t)n_kept, sizeof *cand, by_area_desc);
    return n_kept;
}

int fnet_detect(const struct fw_model *m, const struct face_image *img, int input_side,
                float min_score, struct face_box *out_boxes, float *out_scores, int max_boxes)
{
    struct fnn_tensor in = {0}, grid = {0};
    struct candidate *cand = malloc(sizeof *cand * DETECT_MAX_CAND);
    int n = -1;

    if (cand == NULL || fnn_tensor_init(&in, input_side, input_side, 3) != 0)
        goto done;

    float scale = make_input(img, input_side, &in);

    if (scale <= 0.0f || run_net(m, &in, &grid) != 0)
        goto done;
    n = decode_grid(&grid, input_side, scale, min_score, cand, DETECT_MAX_CAND);
    n = suppress(cand, n);
    for (int i = 0; i < n && i < max_boxes; i++) {
        out_boxes[i] = cand[i].box;
        if (out_scores != NULL)
            out_scores[i] = cand[i].score;
    }
done:
    fnn_tensor_cleanup(&in);
    fnn_tensor_cleanup(&grid);
    free(cand);
    return n;
}
