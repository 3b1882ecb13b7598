/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Face engine benchmark: milliseconds per stage and per verification (two photos analysed and
 * compared) on one core, with a baseline in the same run: the recognition network rebuilt on a
 * textbook convolution (output channel outermost, input channel innermost), which also
 * cross-checks the engine's kernels (the two descriptors must agree).
 *
 *   cc -std=c11 -D_GNU_SOURCE -O2 -Icommon/include -Iservices/identity/face \
 *      bench/face_bench.c build/libface.a -lm -ljansson -ljpeg -lpng -o build/face_bench
 *   build/face_bench [runs]        (from the repo root, after scripts/face-assets.sh)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "face_internal.h"

/* The baseline: a second copy of the recognition network with the textbook convolution. */
static int naive_conv(const struct fnn_tensor *in, const float *filters, const float *bias,
                      int n_out, struct fnn_window win, struct fnn_tensor *out);
#define fnn_conv naive_conv
#define fnet_describe naive_describe
#include "face_recog.c"
#undef fnn_conv
#undef fnet_describe

#define BENCH_PHOTO ".cache/face/faces/Tom_Cruise_avp_2014_4.jpg"
#define BENCH_CHIP ".cache/face/johns/John_Salley/000179_02159509.jpg"

static int naive_conv(const struct fnn_tensor *in, const float *filters, const float *bias,
                      int n_out, struct fnn_window win, struct fnn_tensor *out)
{
    if (fnn_tensor_init(out, win.out_h, win.out_w, n_out) != 0)
        return -1;
    for (int oy = 0; oy < win.out_h; oy++) {
        for (int ox = 0; ox < win.out_w; ox++) {
            for (int oc = 0; oc < n_out; oc++) {
                float acc = bias ? bias[oc] : 0.0f;

                for (int ky = 0; ky < win.k; ky++) {
                    for (int kx = 0; kx < win.k; kx++) {
                        int iy = oy * win.stride - win.pad_top + ky;
                        int ix = ox * win.stride - win.pad_left + kx;

                        if (iy < 0 || iy >= in->h || ix < 0 || ix >= in->w)
                            continue;
                        for (int ic = 0; ic < in->c; ic++)
                            acc += in->d[((size_t)iy * in->w + ix) * in->c + ic] *
                                   filters[((size_t)(ky * win.k + kx) * in->c + ic) * n_out + oc];
                    }
                }
                out->d[((size_t)oy * win.out_w + ox) * n_out + oc] = acc;
            }
        }
    }
    return 0;
}

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static unsigned char *read_all(const char *path, size_t *out_len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *b = NULL;
    long n;

    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (b = malloc((size_t)n)) != NULL && fread(b, 1, (size_t)n, f) == (size_t)n)
        *out_len = (size_t)n;
    fclose(f);
    return b;
}

/* Everything one timed stage needs. */
struct bench_ctx {
    const struct face_engine *eng;
    unsigned char *photo, *chip_bytes;
    size_t photo_len, chip_len;
    struct face_image img, chip;
    struct face_box box;
    float desc[FACE_DESC_LEN], base_desc[FACE_DESC_LEN];
};

static void stage_decode(struct bench_ctx *c)
{
    struct face_image img;

    if (face_image_decode(c->photo, c->photo_len, 1u << 26, 1u << 26, &img) == FACE_OK)
        face_image_cleanup(&img);
}

static void stage_detect(struct bench_ctx *c)
{
    face_detect(c->eng, &c->img, &c->box, NULL, 1);
}

static void stage_landmarks(struct bench_ctx *c)
{
    struct face_point pts[FACE_N_LANDMARKS];
    float side = c->box.w > c->box.h ? c->box.w : c->box.h;

    fnet_landmarks(&c->eng->landmarks, &c->img, c->box.x, c->box.y, side, pts);
}

static void stage_describe(struct bench_ctx *c)
{
    fnet_describe(&c->eng->recognizer, c->chip.rgb, c->desc);
}

static void stage_describe_naive(struct bench_ctx *c)
{
    naive_describe(&c->eng->recognizer, c->chip.rgb, c->base_desc);
}

static void stage_analyze(struct bench_ctx *c)
{
    struct face_result r;

    face_analyze(c->eng, c->photo, c->photo_len, &r);
}

static void stage_verify(struct bench_ctx *c)
{
    struct face_result a, b;

    if (face_analyze(c->eng, c->photo, c->photo_len, &a) == FACE_OK &&
        face_analyze(c->eng, c->photo, c->photo_len, &b) == FACE_OK)
        (void)face_distance(a.descriptor, b.descriptor);
}

static const struct {
    const char *name;
    void (*run)(struct bench_ctx *c);
} STAGES[] = {
    {"decode jpeg 565x800", stage_decode},
    {"detect (416 input)", stage_detect},
    {"landmarks (one pass)", stage_landmarks},
    {"descriptor, engine kernels", stage_describe},
    {"descriptor, baseline textbook conv", stage_describe_naive},
    {"analyze (whole pipeline)", stage_analyze},
    {"verification (2 analyses + distance)", stage_verify},
};

/* Median of runs timings of one stage. */
static double time_stage(struct bench_ctx *c, void (*run)(struct bench_ctx *c), int runs)
{
    double *ms = malloc(sizeof(double) * (size_t)runs), median;

    run(c);
    for (int i = 0; i < runs; i++) {
        double t0 = now_ms();

        run(c);
        ms[i] = now_ms() - t0;
    }
    qsort(ms, (size_t)runs, sizeof *ms, by_value);
    median = ms[runs / 2];
    free(ms);
    return median;
}

static int load_inputs(struct bench_ctx *c)
{
    c->photo = read_all(BENCH_PHOTO, &c->photo_len);
    c->chip_bytes = read_all(BENCH_CHIP, &c->chip_len);
    if (c->photo == NULL || c->chip_bytes == NULL)
        return -1;
    if (face_image_decode(c->photo, c->photo_len, 1u << 26, 1u << 26, &c->img) != FACE_OK ||
        face_image_decode(c->chip_bytes, c->chip_len, 1u << 26, 1u << 26, &c->chip) != FACE_OK)
        return -1;
    return face_detect(c->eng, &c->img, &c->box, NULL, 1) == 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
    struct bench_ctx c = {0};
    char err[256];
    int runs = argc > 1 ? atoi(argv[1]) : 10;

    c.eng = face_engine_create(".cache/face/model", NULL, err, sizeof err);
    if (c.eng == NULL || runs < 1 || load_inputs(&c) != 0) {
        fprintf(stderr, "face_bench: assets missing (run scripts/face-assets.sh): %s\n",
                c.eng ? "inputs" : err);
        return 1;
    }
    printf("%-40s %10s\n", "stage (median of runs, one thread)", "ms");
    for (size_t i = 0; i < sizeof STAGES / sizeof STAGES[0]; i++)
        printf("%-40s %10.1f\n", STAGES[i].name, time_stage(&c, STAGES[i].run, runs));
    printf("engine vs baseline descriptor distance: %.6f\n", face_distance(c.desc, c.base_desc));

    face_image_cleanup(&c.img);
    face_image_cleanup(&c.chip);
    free(c.photo);
    free(c.chip_bytes);
    face_engine_destroy((struct face_engine *)c.eng);
    return 0;
}
