/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The 68-point landmark network: a 112x112 face crop passes four "dense blocks" (each a strided
 * entry convolution followed by three separable convolutions whose outputs are summed, with
 * ReLU between), a 7x7 mean and a 256x136 dense layer that gives (x, y) pairs relative to the
 * crop, in the iBUG 68-point order dlib uses.
 */
#include "face_internal.h"

#include <stdio.h>
#include <stdlib.h>

#define LM_INPUT 112

static const float LM_MEAN[3] = {122.782f, 117.001f, 104.298f};

/* Separable conv with TF "same" padding + bias, no activation. */
static int sep_conv(const struct fw_model *m, const char *prefix, const struct fnn_tensor *in,
                    int n_out, int stride, struct fnn_tensor *out)
{
    struct fnn_tensor dw = {0};
    char name[96];
    int rc = -1;

    snprintf(name, sizeof name, "%s/depthwise_filter", prefix);
    const float *dwf = fw_get(m, name, (size_t)9 * in->c);
    snprintf(name, sizeof name, "%s/pointwise_filter", prefix);
    const float *pwf = fw_get(m, name, (size_t)in->c * n_out);
    snprintf(name, sizeof name, "%s/bias", prefix);
    const float *bias = fw_get(m, name, (size_t)n_out);

    if (dwf == NULL || pwf == NULL || bias == NULL)
        goto done;
    if (fnn_depthwise(in, dwf, fnn_same(in->h, in->w, 3, stride), &dw) != 0 ||
        fnn_conv(&dw, pwf, bias, n_out, fnn_valid(dw.h, dw.w, 1, 1), out) != 0)
        goto done;
    rc = 0;
done:
    fnn_tensor_cleanup(&dw);
    return rc;
}

/* The block's strided entry layer: a plain conv in the first block, separable after. */
static int entry_conv(const struct fw_model *m, int block, const struct fnn_tensor *in, int n_out,
                      struct fnn_tensor *out)
{
    char prefix[48];

    snprintf(prefix, sizeof prefix, "dense%d/conv0", block);
    if (block == 0) {
        const float *f = fw_get(m, "dense0/conv0/filters", (size_t)9 * in->c * n_out);
        const float *b = fw_get(m, "dense0/conv0/bias", (size_t)n_out);

        if (f == NULL || b == NULL)
            return -1;
        return fnn_conv(in, f, b, n_out, fnn_same(in->h, in->w, 3, 2), out);
    }
    return sep_conv(m, prefix, in, n_out, 2, out);
}

/*
 * One dense block: s = relu(entry); then three times t = sep_conv(relu-ed running sum) and
 * s += t; the block returns relu(s). x is replaced by the result.
 */
static int dense_block(const struct fw_model *m, int block, int n_out, struct fnn_tensor *x)
{
    struct fnn_tensor sum = {0}, in = {0}, t = {0};
    char prefix[48];
    int rc = -1;

    if (entry_conv(m, block, x, n_out, &sum) != 0)
        goto done;
    fnn_relu(&sum);
    for (int i = 1; i <= 3; i++) {
        /* The first separable conv sees relu(entry) = sum itself; later ones a relu copy. */
        if (fnn_tensor_init(&in, sum.h, sum.w, sum.c) != 0)
            goto done;
        for (size_t k = 0; k < (size_t)sum.h * sum.w * sum.c; k++)
            in.d[k] = sum.d[k] > 0.0f ? sum.d[k] : 0.0f;
        snprintf(prefix, sizeof prefix, "dense%d/conv%d", block, i);
        if (sep_conv(m, prefix, &in, n_out, 1, &t) != 0)
            goto done;
        fnn_add(&sum, &t);
        fnn_tensor_cleanup(&in);
        fnn_tensor_cleanup(&t);
    }
    fnn_relu(&sum);
    fnn_tensor_cleanup(x);
    *x = sum;
    sum.d = NULL;
    rc = 0;
done:
    fnn_tensor_cleanup(&sum);
    fnn_tensor_cleanup(&in);
    fnn_tensor_cleanup(&t);
    return rc;
}

int fnet_landmarks(const struct fw_model *m, const struct face_image *img, float x0, float y0,
                   float side, struct face_point out_pts[FACE_N_LANDMARKS])
{
    static const int widths[4] = {32, 64, 128, 256};
    struct fnn_tensor x = {0};
    unsigned char *crop = malloc((size_t)LM_INPUT * LM_INPUT * 3);
    float step = side / LM_INPUT;
    float xf[4] = {step, 0.0f, x0 + 0.5f * step - 0.5f, y0 + 0.5f * step - 0.5f};
    float mean[256] = {0}, out[2 * FACE_N_LANDMARKS];
    const float *fcw = fw_get(m, "fc/weights", (size_t)256 * 2 * FACE_N_LANDMARKS);
    const float *fcb = fw_get(m, "fc/bias", (size_t)2 * FACE_N_LANDMARKS);
    int rc = -1;

    if (crop == NULL || fcw == NULL || fcb == NULL ||
        fnn_tensor_init(&x, LM_INPUT, LM_INPUT, 3) != 0)
        goto done;
    falign_sample(img, xf, LM_INPUT, crop);
    for (size_t i = 0; i < (size_t)LM_INPUT * LM_INPUT * 3; i++)
        x.d[i] = ((float)crop[i] - LM_MEAN[i % 3]) / 255.0f;
    for (int b = 0; b < 4; b++) {
        if (dense_block(m, b, widths[b], &x) != 0)
            goto done;
    }

    /* 7x7 -> 1 mean, then the dense layer; outputs are fractions of the crop side. */
    for (size_t p = 0; p < (size_t)x.h * x.w; p++)
        for (int ch = 0; ch < 256; ch++)
            mean[ch] += x.d[p * 256 + ch] / (float)(x.h * x.w);
    fnn_dense(mean, 256, fcw, fcb, 2 * FACE_N_LANDMARKS, out);
    for (int i = 0; i < FACE_N_LANDMARKS; i++) {
        out_pts[i].x = x0 + out[2 * i] * side;
        out_pts[i].y = y0 + out[2 * i + 1] * side;
    }
    rc = 0;
done:
    fnn_tensor_cleanup(&x);
    free(crop);
    return rc;
}
