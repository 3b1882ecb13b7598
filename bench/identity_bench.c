/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Identity verification benchmark: milliseconds per sign-in by face as the identity service
 * runs it (ID photo + one frame per action analysed, every frame compared with the ID photo,
 * the liveness rules, the sealing of the ID number and phone), on one core, with baselines
 * measured in the same run: one photo analysed, and the plain 1:1 check (two photos analysed
 * and compared) that face_bench reports as "verification".
 *
 *   cc -std=c11 -D_GNU_SOURCE -O2 -Icommon/include -Iservices/identity/face \
 *      bench/identity_bench.c build/libface.a build/libcommon.a -ljansson -lsodium -ljpeg \
 *      -lpng -lm -o build/identity_bench
 *   build/identity_bench [runs]        (from the repo root, after scripts/face-assets.sh)
 *
 * The frames are the real photos the integration test uses (dlib's johns chips on a grey
 * canvas, re-encoded as JPEG), so the work per frame is that of a phone selfie of that size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jpeglib.h>

#include "../services/identity/crypt.c"
#include "../services/identity/liveness.c"

#define SHIM ".cache/face/johns/John_Shimkus/"
#define N_FRAMES 3

struct blob {
    unsigned char *data;
    unsigned long len;
};

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* A chip on a grey canvas three times its size, as a JPEG (quality 92). */
static struct blob frame_jpeg(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *bytes = malloc(1 << 20);
    size_t n = f ? fread(bytes, 1, 1 << 20, f) : 0;
    struct face_image chip = {0}, canvas;
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr err;
    struct blob b = {NULL, 0};

    if (f)
        fclose(f);
    if (face_image_decode(bytes, n, 1u << 24, 1u << 24, &chip) != FACE_OK) {
        fprintf(stderr, "cannot read %s (run scripts/face-assets.sh)\n", path);
        exit(1);
    }
    canvas = (struct face_image){chip.width * 3, chip.height * 3, NULL};
    canvas.rgb = malloc((size_t)canvas.width * canvas.height * 3);
    memset(canvas.rgb, 128, (size_t)canvas.width * canvas.height * 3);
    for (int y = 0; y < chip.height; y++)
        memcpy(canvas.rgb + ((size_t)(y + chip.height) * canvas.width + chip.width) * 3,
               chip.rgb + (size_t)y * chip.width * 3, (size_t)chip.width * 3);
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    jpeg_mem_dest(&c, &b.data, &b.len);
    c.image_width = (JDIMENSION)canvas.width;
    c.image_height = (JDIMENSION)canvas.height;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 92, TRUE);
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = canvas.rgb + (size_t)c.next_scanline * (size_t)canvas.width * 3;

        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    free(canvas.rgb);
    face_image_cleanup(&chip);
    free(bytes);
    return b;
}

static struct face_engine *eng;
static struct blob id_photo, frames[N_FRAMES];
static struct identity ident;

static void to_face(const struct face_result *r, struct identity_face *f)
{
    memset(f, 0, sizeof *f);
    f->has_geometry = true;
    memcpy(f->descriptor, r->descriptor, sizeof f->descriptor);
    f->yaw = r->yaw;
    f->mouth_open = r->mouth_open;
}

static void run_one(void)
{
    struct face_result r;

    if (face_analyze(eng, id_photo.data, id_photo.len, &r) != FACE_OK)
        exit(1);
}

static void run_pair(void)
{
    struct face_result a, b;

    if (face_analyze(eng, id_photo.data, id_photo.len, &a) != FACE_OK ||
        face_analyze(eng, frames[0].data, frames[0].len, &b) != FACE_OK)
        exit(1);
    (void)face_decide(face_engine_config(eng), face_distance(a.descriptor, b.descriptor));
}

static void run_verification(void)
{
    static const int actions[N_FRAMES] = {ID_ACT_FRONT, ID_ACT_LEFT, ID_ACT_RIGHT};
    struct identity_face f[N_FRAMES];
    struct face_result ref, r;
    char mac[IDENTITY_MAC_HEX], *a, *b;
    int bad = -1;

    if (face_analyze(eng, id_photo.data, id_photo.len, &ref) != FACE_OK)
        exit(1);
    for (int i = 0; i < N_FRAMES; i++) {
        if (face_analyze(eng, frames[i].data, frames[i].len, &r) != FACE_OK)
            exit(1);
        to_face(&r, &f[i]);
        if (face_decide(face_engine_config(eng), face_distance(ref.descriptor, r.descriptor)) !=
            FACE_MATCH)
            exit(1);
    }
    if (identity_liveness_check(actions, f, N_FRAMES, &bad) != NULL)
        exit(1);
    identity_mac(&ident, "idn", "330203198503122011", mac);
    a = identity_seal(&ident, "litigants.id_number", "330203198503122011", 18);
    b = identity_seal(&ident, "litigants.phone", "13800000001", 11);
    free(a);
    free(b);
}

static double median_ms(void (*fn)(void), int runs)
{
    double *t = calloc((size_t)runs, sizeof *t), m;

    for (int i = 0; i < runs; i++) {
        double t0 = now_ms();

        fn();
        t[i] = now_ms() - t0;
    }
    qsort(t, (size_t)runs, sizeof *t, by_value);
    m = t[runs / 2];
    free(t);
    return m;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 5;
    char err[256];
    double one, pair, verify;

    if (sodium_init() < 0 || runs < 1)
        return 2;
    eng = face_engine_create(".cache/face/model", NULL, err, sizeof err);
    if (eng == NULL) {
        fprintf(stderr, "identity_bench: %s\n", err);
        return 1;
    }
    randombytes_buf(ident.enc_key, sizeof ident.enc_key);
    randombytes_buf(ident.mac_key, sizeof ident.mac_key);
    id_photo = frame_jpeg(SHIM "000388_03227773.jpg");
    frames[0] = frame_jpeg(SHIM "000375_03227651.jpg");
    frames[1] = frame_jpeg(SHIM "000390_03227666.jpg");
    frames[2] = frame_jpeg(SHIM "000385_03227766.jpg");
    run_verification(); /* warm-up, and a check that the sequence is accepted */
    one = median_ms(run_one, runs);
    pair = median_ms(run_pair, runs);
    verify = median_ms(run_verification, runs);
    printf("identity bench: median of %d runs, one core, 450x450 JPEG frames\n\n", runs);
    printf("| what | ms | x baseline |\n|---|---|---|\n");
    printf("| baseline: one photo analysed | %.1f | 1.00 |\n", one);
    printf("| baseline: 1:1 check (two photos + distance) | %.1f | %.2f |\n", pair, pair / one);
    printf(
        "| sign-in by face: ID photo + %d frames, distances, liveness, sealing | %.1f | %.2f |\n",
        N_FRAMES, verify, verify / one);
    printf("\nper frame after the ID photo: %.1f ms\n", (verify - one) / N_FRAMES);
    face_engine_destroy(eng);
    return 0;
}
