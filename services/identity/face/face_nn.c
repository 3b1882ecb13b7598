/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Layer kernels for the face networks: convolution, depthwise convolution, pooling, per-channel
 * scale, activations and a dense layer, on channels-last float tensors.
 *
 * Design: every convolution is written as "for each output pixel, for each tap, for each input
 * channel, add v * filter_row to the output channels". The innermost loop then walks both the
 * filter row and the output pixel contiguously, which the compiler turns into vector code without
 * intrinsics, and the TF.js filter layout [k][k][in][out] is used as loaded, with no repacking.
 */
#if defined(__GNUC__) && !defined(__clang__)
/* NOTE: the build uses -O2; these loops need the full vectoriser to reach the documented speed. */
#pragma GCC optimize("O3")
#endif

#include "face_internal.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

int fnn_tensor_init(struct fnn_tensor *t, int h, int w, int c)
{
    size_t n = (size_t)h * (size_t)w * (size_t)c;

    t->h = h;
    t->w = w;
    t->c = c;
    t->d = calloc(n ? n : 1, sizeof(float));
    return t->d ? 0 : -1;
}

void fnn_tensor_cleanup(struct fnn_tensor *t)
{
    if (t == NULL)
        return;
    free(t->d);
    t->d = NULL;
}

struct fnn_window fnn_same(int in_h, int in_w, int k, int stride)
{
    struct fnn_window win = {.k = k, .stride = stride};
    int pad_h, pad_w;

    win.out_h = (in_h + stride - 1) / stride;
    win.out_w = (in_w + stride - 1) / stride;
    pad_h = (win.out_h - 1) * stride + k - in_h;
    pad_w = (win.out_w - 1) * stride + k - in_w;

    /* TF puts the odd padding row or column after the input, never before. */
    win.pad_top = pad_h > 0 ? pad_h / 2 : 0;
    win.pad_left = pad_w > 0 ? pad_w / 2 : 0;
    return win;
}

struct fnn_window fnn_valid(int in_h, int in_w, int k, int stride)
{
    struct fnn_window win = {.k = k, .stride = stride};

    win.out_h = (in_h - k) / stride + 1;
    win.out_w = (in_w - k) / stride + 1;
    return win;
}

/* Output channels handled per pass: four 4-float vectors of accumulators. */
#define NN_BLOCK 16

/* GCC/Clang vector extension; it compiles to SSE on x86-64 and NEON on arm64. */
typedef float nn_v4 __attribute__((vector_size(16)));

static nn_v4 load_v4(const float *p)
{
    nn_v4 v;

    memcpy(&v, p, sizeof v);
    return v;
}

/*
 * Adds the taps of one output pixel to 16 output channels starting at acc. The accumulators
 * stay in registers for the whole sum instead of being reloaded once per input channel.
 */
static void conv_block16(const struct fnn_tensor *in, const float *filters, int n_out,
                         const struct fnn_window *win, int oy, int ox, int oc0, float *acc)
{
    nn_v4 a0 = load_v4(acc), a1 = load_v4(acc + 4), a2 = load_v4(acc + 8), a3 = load_v4(acc + 12);

    for (int ky = 0; ky < win->k; ky++) {
        int iy = oy * win->stride - win->pad_top + ky;

        for (int kx = 0; kx < win->k && iy >= 0 && iy < in->h; kx++) {
            int ix = ox * win->stride - win->pad_left + kx;

            if (ix < 0 || ix >= in->w)
                continue;
            const float *src = in->d + ((size_t)iy * in->w + ix) * in->c;
            const float *w = filters + (size_t)(ky * win->k + kx) * in->c * n_out + oc0;

            for (int ic = 0; ic < in->c; ic++, w += n_out) {
                nn_v4 s = {src[ic], src[ic], src[ic], src[ic]};

                a0 += s * load_v4(w);
                a1 += s * load_v4(w + 4);
                a2 += s * load_v4(w + 8);
                a3 += s * load_v4(w + 12);
            }
        }
    }
    memcpy(acc, &a0, sizeof a0);
    memcpy(acc + 4, &a1, sizeof a1);
    memcpy(acc + 8, &a2, sizeof a2);
    memcpy(acc + 12, &a3, sizeof a3);
}

/* The same for the n < 16 channels left over at the end (scalar). */
static void conv_tail(const struct fnn_tensor *in, const float *filters, int n_out,
                      const struct fnn_window *win, int oy, int ox, int oc0, float *acc)
{
    for (int ky = 0; ky < win->k; ky++) {
        int iy = oy * win->stride - win->pad_top + ky;

        for (int kx = 0; kx < win->k && iy >= 0 && iy < in->h; kx++) {
            int ix = ox * win->stride - win->pad_left + kx;

            if (ix < 0 || ix >= in->w)
                continue;
            const float *src = in->d + ((size_t)iy * in->w + ix) * in->c;
            const float *w = filters + (size_t)(ky * win->k + kx) * in->c * n_out;

            for (int ic = 0; ic < in->c; ic++, w += n_out)
                for (int oc = oc0; oc < n_out; oc++)
                    acc[oc - oc0] += src[ic] * w[oc];
        }
    }
}

/* Accumulates one output pixel of a convolution, 16 output channels at a time. */
static void conv_pixel(const struct fnn_tensor *in, const float *filters, int n_out,
                       const struct fnn_window *win, int oy, int ox, float *acc)
{
    int oc0 = 0;

    for (; oc0 + NN_BLOCK <= n_out; oc0 += NN_BLOCK)
        conv_block16(in, filters, n_out, win, oy, ox, oc0, acc + oc0);
    if (oc0 < n_out)
        conv_tail(in, filters, n_out, win, oy, ox, oc0, acc + oc0);
}

int fnn_conv(const struct fnn_tensor *in, const float *filters, const float *bias, int n_out,
             struct fnn_window win, struct fnn_tensor *out)
{
    if (fnn_tensor_init(out, win.out_h, win.out_w, n_out) != 0)
        return -1;

    for (int oy = 0; oy < win.out_h; oy++) {
        for (int ox = 0; ox < win.out_w; ox++) {
            float *acc = out->d + ((size_t)oy * win.out_w + ox) * n_out;

            if (bias != NULL)
                memcpy(acc, bias, sizeof(float) * (size_t)n_out);
            conv_pixel(in, filters, n_out, &win, oy, ox, acc);
        }
    }
    return 0;
}

int fnn_depthwise(const struct fnn_tensor *in, const float *filters, struct fnn_window win,
                  struct fnn_tensor *out)
{
    int c = in->c;

    if (fnn_tensor_init(out, win.out_h, win.out_w, c) != 0)
        return -1;

    for (int oy = 0; oy < win.out_h; oy++) {
        for (int ox = 0; ox < win.out_w; ox++) {
            float *restrict acc = out->d + ((size_t)oy * win.out_w + ox) * c;

            for (int ky = 0; ky < win.k; ky++) {
                int iy = oy * win.stride - win.pad_top + ky;

                if (iy < 0 || iy >= in->h)
                    continue;
                for (int kx = 0; kx < win.k; kx++) {
                    int ix = ox * win.stride - win.pad_left + kx;

                    if (ix < 0 || ix >= in->w)
                        continue;
                    const float *restrict src = in->d + ((size_t)iy * in->w + ix) * c;
                    const float *restrict w = filters + (size_t)(ky * win.k + kx) * c;

                    for (int ch = 0; ch < c; ch++)
                        acc[ch] += src[ch] * w[ch];
                }
            }
        }
    }
    return 0;
}

/* Shared body of the two pools: is_max selects max (padding = -inf) or mean over real taps. */
static int pool(const struct fnn_tensor *in, struct fnn_window win, int is_max,
                struct fnn_tensor *out)
{
    int c = in->c;

    if (fnn_tensor_init(out, win.out_h, win.out_w, c) != 0)
        return -1;

    for (int oy = 0; oy < win.out_h; oy++) {
        for (int ox = 0; ox < win.out_w; ox++) {
            float *acc = out->d + ((size_t)oy * win.out_w + ox) * c;
            int n_taps = 0;

            for (int ch = 0; ch < c; ch++)
                acc[ch] = is_max ? -FLT_MAX : 0.0f;
            for (int ky = 0; ky < win.k; ky++) {
                int iy = oy * win.stride - win.pad_top + ky;

                for (int kx = 0; kx < win.k; kx++) {
                    int ix = ox * win.stride - win.pad_left + kx;

                    if (iy < 0 || iy >= in->h || ix < 0 || ix >= in->w)
                        continue;
                    const float *src = in->d + ((size_t)iy * in->w + ix) * c;

                    n_taps++;
                    for (int ch = 0; ch < c; ch++)
                        acc[ch] =
                            is_max ? (src[ch] > acc[ch] ? src[ch] : acc[ch]) : acc[ch] + src[ch];
                }
            }
            if (!is_max && n_taps > 0)
                for (int ch = 0; ch < c; ch++)
                    acc[ch] /= (float)n_taps;
        }
    }
    return 0;
}

int fnn_max_pool(const struct fnn_tensor *in, struct fnn_window win, struct fnn_tensor *out)
{
    return pool(in, win, 1, out);
}

int fnn_avg_pool(const struct fnn_tensor *in, struct fnn_window win, struct fnn_tensor *out)
{
    return pool(in, win, 0, out);
}

void fnn_scale(struct fnn_tensor *t, const float *mul, const float *add)
{
    size_t n_px = (size_t)t->h * (size_t)t->w;

    for (size_t p = 0; p < n_px; p++) {
        float *restrict v = t->d + p * (size_t)t->c;

        for (int ch = 0; ch < t->c; ch++)
            v[ch] = v[ch] * (mul ? mul[ch] : 1.0f) + (add ? add[ch] : 0.0f);
    }
}

void fnn_relu(struct fnn_tensor *t)
{
    size_t n = (size_t)t->h * (size_t)t->w * (size_t)t->c;

    for (size_t i = 0; i < n; i++)
        t->d[i] = t->d[i] > 0.0f ? t->d[i] : 0.0f;
}

void fnn_leaky(struct fnn_tensor *t, float alpha)
{
    size_t n = (size_t)t->h * (size_t)t->w * (size_t)t->c;

    for (size_t i = 0; i < n; i++)
        t->d[i] = t->d[i] > 0.0f ? t->d[i] : t->d[i] * alpha;
}

void fnn_add(struct fnn_tensor *t, const struct fnn_tensor *other)
{
    size_t n = (size_t)t->h * (size_t)t->w * (size_t)t->c;

    for (size_t i = 0; i < n; i++)
        t->d[i] += other->d[i];
}

void fnn_dense(const float *in, int n_in, const float *weights, const float *bias, int n_out,
               float *out)
{
    for (int o = 0; o < n_out; o++)
        out[o] = bias ? bias[o] : 0.0f;
    for (int i = 0; i < n_in; i++) {
        const float *restrict w = weights + (size_t)i * n_out;

        for (int o = 0; o < n_out; o++)
            out[o] += in[i] * w[o];
    }
}
