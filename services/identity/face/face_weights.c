/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Loads a TF.js layers model: a JSON manifest lists weight groups, each with the .bin files that
 * hold its bytes (concatenated in order) and the tensors packed in them (name, shape, dtype and an
 * optional uint8/uint16 quantisation with scale and min). Everything is dequantised to float
 * once, at load, so inference never touches the quantised form.
 */
#include "face_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* Bytes of the concatenated .bin files of one group. */
struct group_bytes {
    unsigned char *data;
    size_t len;
    size_t pos;
};

static int append_file(const char *dir, const char *name, struct group_bytes *g, char *err,
                       size_t err_len)
{
    char path[4096];
    FILE *f = NULL;
    long size;
    int rc = -1;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(err, err_len, "open %s failed", path);
        goto done;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        snprintf(err, err_len, "size of %s unknown", path);
        goto done;
    }

    unsigned char *grown = realloc(g->data, g->len + (size_t)size + 1);

    if (grown == NULL) {
        snprintf(err, err_len, "out of memory for %s", path);
        goto done;
    }
    g->data = grown;
    if (fread(g->data + g->len, 1, (size_t)size, f) != (size_t)size) {
        snprintf(err, err_len, "short read on %s", path);
        goto done;
    }
    g->len += (size_t)size;
    rc = 0;
done:
    if (f != NULL)
        fclose(f);
    return rc;
}

/* Reads name, shape and quantisation of one tensor entry into t (data not yet filled). */
static int parse_entry(json_t *entry, struct fw_tensor *t, int *out_bytes_per, double *out_scale,
                       double *out_min)
{
    const char *name = json_string_value(json_object_get(entry, "name"));
    const char *dtype = json_string_value(json_object_get(entry, "dtype"));
    json_t *shape = json_object_get(entry, "shape");
    json_t *quant = json_object_get(entry, "quantization");
    size_t i;
    json_t *dim;

    if (name == NULL || dtype == NULL || !json_is_array(shape) || json_array_size(shape) > 4 ||
        strlen(name) >= sizeof t->name || strcmp(dtype, "float32") != 0)
        return -1;
    snprintf(t->name, sizeof t->name, "%s", name);
    t->n_dims = (int)json_array_size(shape);
    t->count = 1;
    json_array_foreach(shape, i, dim)
    {
        json_int_t d = json_integer_value(dim);

        if (d <= 0 || d > (1 << 20))
            return -1;
        t->shape[i] = (int)d;
        t->count *= (size_t)d;
    }

    *out_bytes_per = 4;
    *out_scale = 1.0;
    *out_min = 0.0;
    if (quant == NULL)
        return 0;

    const char *qtype = json_string_value(json_object_get(quant, "dtype"));

    *out_scale = json_number_value(json_object_get(quant, "scale"));
    *out_min = json_number_value(json_object_get(quant, "min"));
    if (qtype != NULL && strcmp(qtype, "uint8") == 0)
        *out_bytes_per = 1;
    else if (qtype != NULL && strcmp(qtype, "uint16") == 0)
        *out_bytes_per = 2;
    else
        return -1;
    return 0;
}

/* Converts the next tensor of a group from its stored form to float. */
static int fill_tensor(struct group_bytes *g, struct fw_tensor *t, int bytes_per, double scale,
                       double min)
{
    const unsigned char *p = g->data + g->pos;

    if (g->pos + t->count * (size_t)bytes_per > g->len)
        return -1;
    t->data = malloc(t->count * sizeof(float));
    if (t->data == NULL)
        return -1;

    for (size_t i = 0; i < t->count; i++) {
        if (bytes_per == 4) {
            memcpy(&t->data[i], p + 4 * i, 4);
        } else if (bytes_per == 2) {
            uint16_t q;

            memcpy(&q, p + 2 * i, 2);
            t->data[i] = (float)(q * scale + min);
        } else {
            t->data[i] = (float)(p[i] * scale + min);
        }
    }
    g->pos += t->count * (size_t)bytes_per;
    return 0;
}

/* Loads one group (its files and tensors) and appends its tensors to m. */
static int load_group(const char *dir, json_t *group, struct fw_model *m, char *err, size_t err_len)
{
    struct group_bytes g = {0};
    json_t *paths = json_object_get(group, "paths");
    json_t *weights = json_object_get(group, "weights");
    json_t *item;
    size_t i;
    int rc = -1;

    if (!json_is_array(paths) || !json_is_array(weights)) {
        snprintf(err, err_len, "manifest group lacks paths or weights");
        goto done;
    }
    json_array_foreach(paths, i, item)
    {
        const char *p = json_string_value(item);

        if (p == NULL || strchr(p, '/') != NULL || append_file(dir, p, &g, err, err_len) != 0)
            goto done;
    }

    struct fw_tensor *grown =
        realloc(m->tensors, (m->n_tensors + json_array_size(weights)) * sizeof *grown);

    if (grown == NULL)
        goto done;
    m->tensors = grown;
    json_array_foreach(weights, i, item)
    {
        struct fw_tensor *t = &m->tensors[m->n_tensors];
        int bytes_per;
        double scale, min;

        memset(t, 0, sizeof *t);
        if (parse_entry(item, t, &bytes_per, &scale, &min) != 0 ||
            fill_tensor(&g, t, bytes_per, scale, min) != 0) {
            snprintf(err, err_len, "bad tensor %zu in manifest", i);
            goto done;
        }
        m->n_tensors++;
    }
    rc = 0;
done:
    free(g.data);
    return rc;
}

int fw_model_load(const char *dir, const char *name, struct fw_model *out_model, char *err,
                  size_t err_len)
{
    struct fw_model m = {0};
    char path[4096];
    json_error_t jerr;
    json_t *root = NULL, *group;
    size_t i;
    int rc = -1;

    snprintf(path, sizeof path, "%s/%s-weights_manifest.json", dir, name);
    root = json_load_file(path, 0, &jerr);
    if (!json_is_array(root)) {
        snprintf(err, err_len, "manifest %s: %s", path, root ? "not an array" : jerr.text);
        goto done;
    }
    json_array_foreach(root, i, group)
    {
        if (load_group(dir, group, &m, err, err_len) != 0)
            goto done;
    }
    *out_model = m;
    rc = 0;
done:
    if (rc != 0)
        fw_model_cleanup(&m);
    json_decref(root);
    return rc;
}

void fw_model_cleanup(struct fw_model *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->n_tensors; i++)
        free(m->tensors[i].data);
    free(m->tensors);
    m->tensors = NULL;
    m->n_tensors = 0;
}

const float *fw_get(const struct fw_model *m, const char *name, size_t count)
{
    for (size_t i = 0; i < m->n_tensors; i++) {
        if (strcmp(m->tensors[i].name, name) == 0)
            return m->tensors[i].count == count ? m->tensors[i].data : NULL;
    }
    return NULL;
}
