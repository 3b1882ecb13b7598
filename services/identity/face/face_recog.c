/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The recognition network: dlib's ResNet face model as face-api ships it. A 150x150 chip goes
 * through a 7x7 stride-2 convolution, a 3x3 max pool, four stages of residual blocks (32, 64,
 * 128, 256 channels; each stage after the first starts with a strided "down" block), a global
 * mean and a 256x128 projection. Every convolution is followed by a per-channel affine "scale"
 * layer (dlib's folded batch norm).
 */
#include "face_internal.h"

#include <stdio.h>

/* Mean RGB removed before the network, as the model was trained. */
static const float RECOG_MEAN[3] = {122.782f, 117.001f, 104.298f};

/* Convolution + bias + scale layer, optional ReLU; "down" layers use stride 2 and no padding. */
static int conv_scale(const struct fw_model *m, const char *prefix, const struct fnn_tensor *in,
                      int k, int n_out, int is_down, int with_relu, struct fnn_tensor *out)
{
    char name[128];
    const float *filters, *bias, *mul, *add;
    struct fnn_window win;

    snprintf(name, sizeof name, "%s/conv/filters", prefix);
    filters = fw_get(m, name, (size_t)k * k * in->c * n_out);
    snprintf(name, sizeof name, "%s/conv/bias", prefix);
    bias = fw_get(m, name, (size_t)n_out);
    snprintf(name, sizeof name, "%s/scale/weights", prefix);
    mul = fw_get(m, name, (size_t)n_out);
    snprintf(name, sizeof name, "%s/scale/biases", prefix);
    add = fw_get(m, name, (size_t)n_out);
    if (filters == NULL || bias == NULL || mul == NULL || add == NULL)
        return -1;

    win = is_down ? fnn_valid(in->h, in->w, k, 2) : fnn_same(in->h, in->w, k, 1);
    if (fnn_conv(in, filters, bias, n_out, win, out) != 0)
        return -1;
    fnn_scale(out, mul, add);
    if (with_relu)
        fnn_relu(out);
    return 0;
}

/*
 * sum = relu(branch + shortcut) on the shortcut's grid. Cells the branch lacks (a strided branch
 * can come out one pixel smaller) count as zero, and so do channels the shortcut lacks.
 */
static int add_shortcut(const struct fnn_tensor *branch, const struct fnn_tensor *shortcut,
                        struct fnn_tensor *sum)
{
    int n_out = branch->c;

    if (fnn_tensor_init(sum, shortcut->h, shortcut->w, n_out) != 0)
        return -1;
    for (int yy = 0; yy < sum->h; yy++) {
        for (int xx = 0; xx < sum->w; xx++) {
            float *dst = sum->d + ((size_t)yy * sum->w + xx) * n_out;
            const float *sc = shortcut->d + ((size_t)yy * shortcut->w + xx) * shortcut->c;

            if (yy < branch->h && xx < branch->w)
                for (int ch = 0; ch < n_out; ch++)
                    dst[ch] = branch->d[((size_t)yy * branch->w + xx) * n_out + ch];
            for (int ch = 0; ch < shortcut->c && ch < n_out; ch++)
                dst[ch] += sc[ch];
        }
    }
    fnn_relu(sum);
    return 0;
}

/*
 * A residual block: two 3x3 convolutions plus the input. A "down" block halves the size and its
 * shortcut is a 2x2 average pool of the input. x is replaced by the block's output.
 */
static int residual(const struct fw_model *m, const char *prefix, int n_out, int is_down,
                    struct fnn_tensor *x)
{
    struct fnn_tensor mid = {0}, out = {0}, pooled = {0}, sum = {0};
    char name[128];
    int rc = -1;

    snprintf(name, sizeof name, "%s/conv1", prefix);
    if (conv_scale(m, name, x, 3, n_out, is_down, 1, &mid) != 0)
        goto done;
    snprintf(name, sizeof name, "%s/conv2", prefix);
    if (conv_scale(m, name, &mid, 3, n_out, 0, 0, &out) != 0)
        goto done;
    if (is_down && fnn_avg_pool(x, fnn_valid(x->h, x->w, 2, 2), &pooled) != 0)
        goto done;
    if (add_shortcut(&out, is_down ? &pooled : x, &sum) != 0)
        goto done;
    fnn_tensor_cleanup(x);
    *x = sum;
    rc = 0;
done:
    fnn_tensor_cleanup(&mid);
    fnn_tensor_cleanup(&out);
    fnn_tensor_cleanup(&pooled);
    return rc;
}

/* The residual stages after the stem, in order. */
static const struct {
    const char *name;
    int n_out;
    int is_down;
} RECOG_BLOCKS[] = {
    {"conv32_1", 32, 0},    {"conv32_2", 32, 0},          {"conv32_3", 32, 0},
    {"conv64_down", 64, 1}, {"conv64_1", 64, 0},          {"conv64_2", 64, 0},
    {"conv64_3", 64, 0},    {"conv128_down", 128, 1},     {"conv128_1", 128, 0},
    {"conv128_2", 128, 0},  {"conv256_down", 256, 1},     {"conv256_1", 256, 0},
    {"conv256_2", 256, 0},  {"conv256_down_out", 256, 1},
};

/* Stem: normalised chip -> 7x7/2 conv -> 3x3/2 max pool. */
static int run_stem(const struct fw_model *m, const unsigned char *chip, struct fnn_tensor *x)
{
    struct fnn_tensor in = {0}, conv = {0};
    int rc = -1;

    if (fnn_tensor_init(&in, FACE_CHIP_SIZE, FACE_CHIP_SIZE, 3) != 0)
        goto done;
    for (size_t i = 0; i < (size_t)FACE_CHIP_SIZE * FACE_CHIP_SIZE * 3; i++)
        in.d[i] = ((float)chip[i] - RECOG_MEAN[i % 3]) / 255.0f;
    if (conv_scale(m, "conv32_down", &in, 7, 32, 1, 1, &conv) != 0)
        goto done;
    if (fnn_max_pool(&conv, fnn_valid(conv.h, conv.w, 3, 2), x) != 0)
        goto done;
    rc = 0;
done:
    fnn_tensor_cleanup(&in);
    fnn_tensor_cleanup(&conv);
    return rc;
}

int fnet_describe(const struct fw_model *m, const unsigned char *chip_rgb,
                  float out_desc[FACE_DESC_LEN])
{
    struct fnn_tensor x = {0};
    float mean[256] = {0};
    const float *fc = fw_get(m, "fc", (size_t)256 * FACE_DESC_LEN);
    int rc = -1;

    if (fc == NULL || run_stem(m, chip_rgb, &x) != 0)
        goto done;
    for (size_t i = 0; i < sizeof RECOG_BLOCKS / sizeof RECOG_BLOCKS[0]; i++) {
        if (residual(m, RECOG_BLOCKS[i].name, RECOG_BLOCKS[i].n_out, RECOG_BLOCKS[i].is_down, &x) !=
            0)
            goto done;
    }

    /* Global mean over the remaining spatial cells, then the projection to 128 values. */
    size_t n_px = (size_t)x.h * (size_t)x.w;

    for (size_t p = 0; p < n_px; p++)
        for (int ch = 0; ch < 256; ch++)
            mean[ch] += x.d[p * 256 + ch] / (float)n_px;
    fnn_dense(mean, 256, fc, NULL, FACE_DESC_LEN, out_desc);
    rc = 0;
done:
    fnn_tensor_cleanup(&x);
    return rc;
}
