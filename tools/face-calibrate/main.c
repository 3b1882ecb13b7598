/* SPDX-License-Identifier: Apache-2.0 */
/*
 * face-calibrate: measures the face engine on a labelled photo set and suggests decision bands.
 *
 *   face-calibrate [--chips] [--model DIR] ROOT
 *
 * ROOT holds one directory per person with that person's JPEG/PNG photos. Every photo is
 * analysed (or, with --chips, described as an already aligned 150x150 chip); then every pair is
 * compared. The report gives the worst same-person distance, the closest different-person
 * distance, false accept / false reject rates per threshold and suggested bands.
 * Exit codes: 0 done, 1 runtime failure, 2 usage error.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../services/identity/face/face.h"

/* Safety margin kept below the closest impostor pair when suggesting accept_below. */
#define CAL_MARGIN 0.05f

struct sample {
    char person[128];
    float desc[FACE_DESC_LEN];
};

struct samples {
    struct sample *items;
    size_t n, cap;
};

struct options {
    const char *model_dir;
    const char *root;
    int is_chips;
};

static int read_bytes(const char *path, unsigned char **out, size_t *out_len)
{
    FILE *f = fopen(path, "rb");
    long size = -1;
    int rc = -1;

    *out = NULL;
    if (f == NULL)
        return -1;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (*out = malloc((size_t)size)) != NULL && fread(*out, 1, (size_t)size, f) == (size_t)size) {
        *out_len = (size_t)size;
        rc = 0;
    }
    fclose(f);
    return rc;
}

/* Descriptor of one file; prints the reason and returns non-zero when it is unusable. */
static int describe_file(const struct face_engine *eng, const struct options *opt, const char *path,
                         float *desc)
{
    const struct face_config *cfg = face_engine_config(eng);
    unsigned char *bytes = NULL;
    struct face_image img = {0};
    struct face_result res;
    size_t len = 0;
    int rc;

    if (read_bytes(path, &bytes, &len) != 0) {
        fprintf(stderr, "skip %s: unreadable\n", path);
        return -1;
    }
    if (opt->is_chips) {
        rc = face_image_decode(bytes, len, cfg->max_bytes, cfg->max_pixels, &img);
        if (rc == FACE_OK)
            rc = face_describe_chip(eng, &img, desc);
    } else {
        rc = face_analyze(eng, bytes, len, &res);
        if (rc == FACE_OK)
            memcpy(desc, res.descriptor, sizeof res.descriptor);
    }
    if (rc != FACE_OK)
        fprintf(stderr, "skip %s: %s\n", path, face_status_name(rc));
    face_image_cleanup(&img);
    free(bytes);
    return rc;
}

static struct sample *push_sample(struct samples *set)
{
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 64;
        struct sample *grown = realloc(set->items, cap * sizeof *grown);

        if (grown == NULL)
            return NULL;
        set->items = grown;
        set->cap = cap;
    }
    return &set->items[set->n];
}

/* Describes every photo of one person's directory. */
static int load_person(const struct face_engine *eng, const struct options *opt, const char *person,
                       struct samples *set)
{
    char dir[4096], path[8192];
    DIR *d;
    struct dirent *e;

    snprintf(dir, sizeof dir, "%s/%s", opt->root, person);
    d = opendir(dir);
    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL) {
        struct sample *s;

        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        s = push_sample(set);
        if (s == NULL) {
            closedir(d);
            return -1;
        }
        if (describe_file(eng, opt, path, s->desc) != FACE_OK)
            continue;
        snprintf(s->person, sizeof s->person, "%s", person);
        set->n++;
    }
    closedir(d);
    return 0;
}

static int load_all(const struct face_engine *eng, const struct options *opt, struct samples *set)
{
    DIR *d = opendir(opt->root);
    struct dirent *e;
    int rc = 0;

    if (d == NULL) {
        fprintf(stderr, "cannot open %s\n", opt->root);
        return -1;
    }
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] != '.')
            rc = load_person(eng, opt, e->d_name, set);
    }
    closedir(d);
    return rc;
}

/* Counts false accepts (different, < t) and false rejects (same, >= t) at threshold t. */
static void count_errors(const struct samples *set, float t, size_t *out_fa, size_t *out_fr)
{
    *out_fa = 0;
    *out_fr = 0;
    for (size_t i = 0; i < set->n; i++) {
        for (size_t j = i + 1; j < set->n; j++) {
            int is_same = strcmp(set->items[i].person, set->items[j].person) == 0;
            float d = face_distance(set->items[i].desc, set->items[j].desc);

            *out_fa += !is_same && d < t;
            *out_fr += is_same && d >= t;
        }
    }
}

/* Pair counts and the two extreme distances that decide the bands. */
struct summary {
    size_t n_same, n_diff;
    float worst_same, closest_diff;
};

static struct summary summarise(const struct samples *set)
{
    struct summary s = {0, 0, 0.0f, 1e9f};

    for (size_t i = 0; i < set->n; i++) {
        for (size_t j = i + 1; j < set->n; j++) {
            float d = face_distance(set->items[i].desc, set->items[j].desc);

            if (strcmp(set->items[i].person, set->items[j].person) == 0) {
                s.n_same++;
                s.worst_same = d > s.worst_same ? d : s.worst_same;
            } else {
                s.n_diff++;
                s.closest_diff = d < s.closest_diff ? d : s.closest_diff;
            }
        }
    }
    return s;
}

static void report(const struct samples *set)
{
    struct summary sm = summarise(set);
    size_t n_same = sm.n_same, n_diff = sm.n_diff, fa, fr;
    float worst_same = sm.worst_same, closest_diff = sm.closest_diff;

    printf("photos %zu, same-person pairs %zu, different-person pairs %zu\n", set->n, n_same,
           n_diff);
    printf("worst same-person distance %.4f, closest different-person distance %.4f\n", worst_same,
           closest_diff);
    printf("threshold  false-accepts  false-rejects\n");
    for (int k = 30; k <= 80; k += 5) {
        count_errors(set, k / 100.0f, &fa, &fr);
        printf("   %.2f   %8zu (%5.2f%%) %8zu (%5.2f%%)\n", k / 100.0, fa,
               n_diff ? 100.0 * fa / n_diff : 0.0, fr, n_same ? 100.0 * fr / n_same : 0.0);
    }
    float accept = closest_diff - CAL_MARGIN;
    float review = worst_same + 0.01f > accept ? worst_same + 0.01f : accept;

    printf("suggested accept_below %.2f (closest impostor minus %.2f)\n", accept, CAL_MARGIN);
    printf("suggested review_below %.2f (above the worst genuine pair)\n", review);
    if (worst_same >= closest_diff)
        printf("warning: genuine and impostor distances overlap on this set\n");
}

static int parse_args(int argc, char **argv, struct options *opt)
{
    opt->model_dir = ".cache/face/model";
    opt->root = NULL;
    opt->is_chips = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--chips") == 0)
            opt->is_chips = 1;
        else if (strcmp(argv[i], "--model") == 0 && i + 1 < argc)
            opt->model_dir = argv[++i];
        else if (argv[i][0] != '-' && opt->root == NULL)
            opt->root = argv[i];
        else
            return -1;
    }
    return opt->root != NULL ? 0 : -1;
}

int main(int argc, char **argv)
{
    struct options opt;
    struct samples set = {0};
    struct face_engine *eng;
    char err[512];
    int rc = 1;

    if (parse_args(argc, argv, &opt) != 0) {
        fprintf(stderr, "usage: face-calibrate [--chips] [--model DIR] ROOT\n");
        return 2;
    }
    eng = face_engine_create(opt.model_dir, NULL, err, sizeof err);
    if (eng == NULL) {
        fprintf(stderr, "face engine: %s\n", err);
        return 1;
    }
    if (load_all(eng, &opt, &set) == 0 && set.n >= 2) {
        report(&set);
        rc = 0;
    }
    free(set.items);
    face_engine_destroy(eng);
    return rc;
}
