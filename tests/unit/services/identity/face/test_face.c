/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests of the face engine against real weights and real photos: the dlib "johns" set (55
 * aligned chips of five people) and dlib's example photos, fetched by scripts/face-assets.sh
 * into $FACE_ASSETS_DIR (default .cache/face). Missing assets fail the run; nothing is skipped.
 */
#include <dirent.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "harness.h"

#include "../../../../../services/identity/face/face.h"

#define MAX_CHIPS 64

struct chip_set {
    int n;
    char person[MAX_CHIPS][64];
    char path[MAX_CHIPS][1600];
};

struct buffer {
    unsigned char *data;
    size_t len;
};

static struct face_engine *engine;

static const char *assets_dir(void)
{
    const char *dir = getenv("FACE_ASSETS_DIR");

    return dir != NULL && dir[0] != '\0' ? dir : ".cache/face";
}

static struct buffer read_file(const char *path)
{
    struct buffer b = {0};
    FILE *f = fopen(path, "rb");
    long size;

    if (f == NULL) {
        fprintf(stderr, "missing asset %s (run scripts/face-assets.sh)\n", path);
        return b;
    }
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
        b.data = malloc((size_t)size);
        if (b.data != NULL && fread(b.data, 1, (size_t)size, f) == (size_t)size)
            b.len = (size_t)size;
    }
    fclose(f);
    return b;
}

static struct buffer read_asset(const char *rel)
{
    char path[1024];

    snprintf(path, sizeof path, "%s/%s", assets_dir(), rel);
    return read_file(path);
}

/* The engine, created once for all cases; NULL (and a failed check) when assets are missing. */
static struct face_engine *get_engine(void)
{
    char dir[1024], err[256] = "";

    if (engine == NULL) {
        snprintf(dir, sizeof dir, "%s/model", assets_dir());
        engine = face_engine_create(dir, NULL, err, sizeof err);
        if (engine == NULL)
            fprintf(stderr, "face engine: %s (run scripts/face-assets.sh)\n", err);
    }
    CHECK(engine != NULL);
    return engine;
}

static int by_path(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* Lists johns/<person>/<file>.jpg in a stable order. */
static void list_chips(struct chip_set *set)
{
    char root[600], sub[1200];
    DIR *people, *files;
    struct dirent *pe, *fe;

    set->n = 0;
    snprintf(root, sizeof root, "%s/johns", assets_dir());
    people = opendir(root);
    if (people == NULL)
        return;
    while ((pe = readdir(people)) != NULL) {
        if (pe->d_name[0] == '.')
            continue;
        snprintf(sub, sizeof sub, "%s/%s", root, pe->d_name);
        files = opendir(sub);
        while (files != NULL && (fe = readdir(files)) != NULL && set->n < MAX_CHIPS) {
            if (strstr(fe->d_name, ".jpg") == NULL)
                continue;
            snprintf(set->path[set->n], sizeof set->path[0], "%s/%s", sub, fe->d_name);
            set->n++;
        }
        if (files != NULL)
            closedir(files);
    }
    closedir(people);
    qsort(set->path, (size_t)set->n, sizeof set->path[0], by_path);
    for (int i = 0; i < set->n; i++) {
        const char *p = set->path[i] + strlen(root) + 1;
        size_t n = (size_t)(strchr(p, '/') - p);

        n = n < sizeof set->person[0] ? n : sizeof set->person[0] - 1;
        memcpy(set->person[i], p, n);
        set->person[i][n] = '\0';
    }
}

static int decode_file(const char *path, struct face_image *img)
{
    struct buffer b = read_file(path);
    int rc = b.data ? face_image_decode(b.data, b.len, 1u << 26, 1u << 26, img) : -1;

    free(b.data);
    return rc;
}

/* Places a chip in the middle of a grey canvas three times its size. */
static struct face_image embed(const struct face_image *chip)
{
    int side = chip->width * 3;
    struct face_image c = {side, side, malloc((size_t)side * side * 3)};

    memset(c.rgb, 128, (size_t)side * side * 3);
    for (int y = 0; y < chip->height; y++)
        memcpy(c.rgb + ((size_t)(y + chip->height) * side + chip->width) * 3,
               chip->rgb + (size_t)y * chip->width * 3, (size_t)chip->width * 3);
    return c;
}

static void mirror(struct face_image *img)
{
    for (int y = 0; y < img->height; y++) {
        unsigned char *row = img->rgb + (size_t)y * img->width * 3;

        for (int x = 0; x < img->width / 2; x++) {
            unsigned char *a = row + x * 3, *b = row + (img->width - 1 - x) * 3, t[3];

            memcpy(t, a, 3);
            memcpy(a, b, 3);
            memcpy(b, t, 3);
        }
    }
}

static void test_johns_chips_separate_people(void)
{
    static float desc[MAX_CHIPS][FACE_DESC_LEN];
    struct chip_set set;
    float worst_same = 0.0f, closest_diff = 10.0f;
    int n_same = 0, n_diff = 0, n_diff_accepted = 0;

    if (get_engine() == NULL)
        return;
    list_chips(&set);
    CHECK_INT(55, set.n);
    for (int i = 0; i < set.n; i++) {
        struct face_image img = {0};

        CHECK_INT(FACE_OK, decode_file(set.path[i], &img));
        CHECK_INT(FACE_OK, face_describe_chip(engine, &img, desc[i]));
        face_image_cleanup(&img);
    }

    for (int i = 0; i < set.n; i++) {
        for (int j = i + 1; j < set.n; j++) {
            float d = face_distance(desc[i], desc[j]);

            if (strcmp(set.person[i], set.person[j]) == 0) {
                n_same++;
                worst_same = fmaxf(worst_same, d);
            } else {
                n_diff++;
                closest_diff = fminf(closest_diff, d);
                n_diff_accepted += face_decide(face_engine_config(engine), d) == FACE_MATCH;
            }
        }
    }
    printf("johns: %d same-person pairs, worst %.4f; %d different, closest %.4f\n", n_same,
           worst_same, n_diff, closest_diff);
    CHECK_INT(275, n_same);
    CHECK_INT(1210, n_diff);
    CHECK(worst_same < 0.60f);
    CHECK(closest_diff > 0.60f);
    CHECK_INT(0, n_diff_accepted);
    CHECK_NEAR(0.551, worst_same, 0.01);
    CHECK_NEAR(0.660, closest_diff, 0.01);
}

/* A chip framed inside a larger picture goes through the whole pipeline and is re-aligned. */
static void test_pipeline_realigns_chips(void)
{
    struct chip_set set;
    float worst = 0.0f;
    int n_ok = 0;

    if (get_engine() == NULL)
        return;
    list_chips(&set);
    for (int i = 0; i < set.n; i += 5) {
        struct face_image chip = {0}, canvas;
        struct face_result res;
        float direct[FACE_DESC_LEN];

        if (decode_file(set.path[i], &chip) != FACE_OK)
            continue;
        canvas = embed(&chip);
        CHECK_INT(FACE_OK, face_describe_chip(engine, &chip, direct));
        if (face_analyze_image(engine, &canvas, &res) == FACE_OK) {
            n_ok++;
            worst = fmaxf(worst, face_distance(direct, res.descriptor));
            CHECK_INT(1, res.n_faces);
        }
        free(canvas.rgb);
        face_image_cleanup(&chip);
    }
    printf("pipeline on embedded chips: %d analysed, worst self-distance %.3f\n", n_ok, worst);
    CHECK(n_ok >= 10);
    CHECK(worst < 0.25f);
}

static void test_group_photo_is_many_faces(void)
{
    struct buffer b = read_asset("faces/bald_guys.jpg");
    struct face_image img = {0};
    struct face_box boxes[32];
    struct face_result res;

    CHECK(b.data != NULL);
    if (get_engine() == NULL || b.data == NULL)
        goto done;
    CHECK_INT(FACE_E_MANY_FACES, face_analyze(engine, b.data, b.len, &res));
    CHECK(res.n_faces >= 10);
    CHECK_INT(FACE_OK, face_image_decode(b.data, b.len, 1u << 26, 1u << 26, &img));
    CHECK(face_detect(engine, &img, boxes, NULL, 32) >= 10);
done:
    face_image_cleanup(&img);
    free(b.data);
}

static void test_portrait_is_one_good_face(void)
{
    struct buffer b = read_asset("faces/Tom_Cruise_avp_2014_4.jpg");
    struct face_result res;
    int n_inside = 0;

    CHECK(b.data != NULL);
    if (get_engine() == NULL || b.data == NULL)
        goto done;
    CHECK_INT(FACE_OK, face_analyze(engine, b.data, b.len, &res));
    CHECK_INT(1, res.n_faces);
    CHECK(res.score > 0.9f);
    for (int i = 0; i < FACE_N_LANDMARKS; i++)
        n_inside += res.landmarks[i].x >= 0 && res.landmarks[i].x < res.width &&
                    res.landmarks[i].y >= 0 && res.landmarks[i].y < res.height;
    CHECK_INT(FACE_N_LANDMARKS, n_inside);

    /* A smile showing teeth: the inner lips are apart, and the head faces the camera. */
    printf("portrait: yaw %.3f, mouth %.3f\n", res.yaw, res.mouth_open);
    CHECK(res.mouth_open > 0.10f);
    CHECK(fabsf(res.yaw) < 0.25f);
done:
    free(b.data);
}

/* Mirroring a turned head flips the sign of yaw and keeps the identity. */
static void test_mirror_flips_yaw(void)
{
    struct chip_set set;
    struct face_image chip = {0}, canvas;
    struct face_result a, b;

    if (get_engine() == NULL)
        return;
    list_chips(&set);
    for (int i = 0; i < set.n; i++) {
        if (strstr(set.path[i], "000306_00470223") != NULL)
            CHECK_INT(FACE_OK, decode_file(set.path[i], &chip));
    }
    CHECK(chip.rgb != NULL);
    if (chip.rgb == NULL)
        return;
    canvas = embed(&chip);
    CHECK_INT(FACE_OK, face_analyze_image(engine, &canvas, &a));
    mirror(&canvas);
    CHECK_INT(FACE_OK, face_analyze_image(engine, &canvas, &b));
    printf("yaw %.3f, mirrored %.3f\n", a.yaw, b.yaw);
    CHECK(a.yaw > 0.15f);
    CHECK(b.yaw < -0.15f);
    CHECK_NEAR(a.yaw, -b.yaw, 0.1);

    /* This chip's mouth is closed; the portrait test checks an open one. */
    CHECK(a.mouth_open < 0.05f);
    CHECK_NEAR(a.mouth_open, b.mouth_open, 0.03);
    CHECK(face_distance(a.descriptor, b.descriptor) < 0.45f);
    free(canvas.rgb);
    face_image_cleanup(&chip);
}

static void on_png_write(png_structp png, png_bytep data, png_size_t n)
{
    struct buffer *b = png_get_io_ptr(png);
    unsigned char *grown = realloc(b->data, b->len + n);

    if (grown == NULL)
        png_error(png, "out of memory");
    memcpy(grown + b->len, data, n);
    b->data = grown;
    b->len += n;
}

static void on_png_flush(png_structp png)
{
    (void)png;
}

/* A w x h PNG holding a smooth colour gradient, encoded into memory. */
static struct buffer gradient_png(int w, int h)
{
    struct buffer b = {0};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    unsigned char *row = malloc((size_t)w * 3);

    if (setjmp(png_jmpbuf(png)) == 0) {
        png_set_write_fn(png, &b, on_png_write, on_png_flush);
        png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
        png_write_info(png, info);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                row[x * 3] = (unsigned char)(255 * x / w);
                row[x * 3 + 1] = (unsigned char)(255 * y / h);
                row[x * 3 + 2] = 128;
            }
            png_write_row(png, row);
        }
        png_write_end(png, NULL);
    }
    png_destroy_write_struct(&png, &info);
    free(row);
    return b;
}

static void test_gradient_has_no_face(void)
{
    struct buffer b = gradient_png(320, 240);
    struct face_image img = {0};
    struct face_result res;

    CHECK(b.len > 0);
    if (get_engine() == NULL)
        goto done;
    CHECK_INT(FACE_OK, face_image_decode(b.data, b.len, 1u << 20, 1u << 20, &img));
    CHECK_INT(320, img.width);
    CHECK_INT(240, img.height);
    CHECK_INT(FACE_E_NO_FACE, face_analyze(engine, b.data, b.len, &res));
    CHECK_INT(0, res.n_faces);

    /* Truncated PNG: the header is intact but the pixel data ends early. */
    CHECK_INT(FACE_E_NOT_IMAGE, face_analyze(engine, b.data, b.len / 2, &res));
done:
    face_image_cleanup(&img);
    free(b.data);
}

static void test_rejects_non_images(void)
{
    static const unsigned char text[] = "%PDF-1.7 this is not a photo";
    struct buffer b = read_asset("faces/Tom_Cruise_avp_2014_4.jpg");
    struct face_result res;
    struct face_image img = {0};

    CHECK(b.data != NULL);
    if (get_engine() == NULL || b.data == NULL)
        goto done;
    CHECK_INT(FACE_E_NOT_IMAGE, face_analyze(engine, text, sizeof text, &res));
    CHECK_INT(FACE_E_NOT_IMAGE, face_analyze(engine, b.data, 2, &res));
    CHECK_INT(FACE_E_NOT_IMAGE, face_analyze(engine, b.data, b.len / 2, &res));
    CHECK_INT(FACE_E_NOT_IMAGE, face_analyze(engine, b.data, b.len - 100, &res));
    CHECK_INT(FACE_E_INVALID, face_analyze(engine, NULL, 10, &res));

    /* Limits: more pixels or more bytes than allowed. */
    CHECK_INT(FACE_E_TOO_LARGE, face_image_decode(b.data, b.len, 1u << 26, 1000, &img));
    CHECK_INT(FACE_E_TOO_LARGE, face_image_decode(b.data, b.len, 1000, 1u << 26, &img));
    CHECK(img.rgb == NULL);
done:
    free(b.data);
}

struct thread_job {
    const struct buffer *photo;
    struct face_result res;
    int rc;
};

static void *run_job(void *arg)
{
    struct thread_job *job = arg;

    job->rc = face_analyze(engine, job->photo->data, job->photo->len, &job->res);
    return NULL;
}

static void test_concurrent_analysis_agrees(void)
{
    struct buffer b = read_asset("faces/Tom_Cruise_avp_2014_4.jpg");
    struct thread_job jobs[3];
    pthread_t tids[3];

    CHECK(b.data != NULL);
    if (get_engine() == NULL || b.data == NULL)
        goto done;
    for (int i = 0; i < 3; i++) {
        jobs[i].photo = &b;
        CHECK_INT(0, pthread_create(&tids[i], NULL, run_job, &jobs[i]));
    }
    for (int i = 0; i < 3; i++)
        pthread_join(tids[i], NULL);
    for (int i = 0; i < 3; i++) {
        CHECK_INT(FACE_OK, jobs[i].rc);
        CHECK(memcmp(jobs[0].res.descriptor, jobs[i].res.descriptor,
                     sizeof jobs[0].res.descriptor) == 0);
    }
done:
    free(b.data);
}

static void test_distance_and_bands(void)
{
    struct face_config cfg;
    float a[FACE_DESC_LEN] = {0}, b[FACE_DESC_LEN] = {0};

    face_config_init(&cfg);
    a[0] = 0.3f;
    b[1] = 0.4f;
    CHECK_NEAR(0.5, face_distance(a, b), 1e-6);
    CHECK_NEAR(0.0, face_distance(a, a), 1e-9);
    CHECK_INT(FACE_MATCH, face_decide(&cfg, 0.30f));
    CHECK_INT(FACE_REVIEW, face_decide(&cfg, 0.50f));
    CHECK_INT(FACE_NO_MATCH, face_decide(&cfg, 0.60f));
    CHECK_STR("many_faces", face_status_name(FACE_E_MANY_FACES));
    CHECK_STR("unknown", face_status_name(99));
}

static void test_create_reports_missing_model(void)
{
    char err[256] = "";
    struct face_engine *e = face_engine_create("/nonexistent/face-model", NULL, err, sizeof err);

    CHECK(e == NULL);
    CHECK(strstr(err, "/nonexistent/face-model") != NULL);
    face_engine_destroy(NULL);
}

static void test_release_engine(void)
{
    face_engine_destroy(engine);
    engine = NULL;
}

TH_MAIN(TH_CASE(test_distance_and_bands), TH_CASE(test_create_reports_missing_model),
        TH_CASE(test_johns_chips_separate_people), TH_CASE(test_pipeline_realigns_chips),
        TH_CASE(test_group_photo_is_many_faces), TH_CASE(test_portrait_is_one_good_face),
        TH_CASE(test_mirror_flips_yaw), TH_CASE(test_gradient_has_no_face),
        TH_CASE(test_rejects_non_images), TH_CASE(test_concurrent_analysis_agrees),
        TH_CASE(test_release_engine))
