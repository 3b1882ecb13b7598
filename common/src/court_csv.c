/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RFC 4180 CSV reader for the reference tables, and the module's error strings. Fields are
 * collected into one growing buffer separated by NULs, then handed to the caller as an array of
 * pointers, so a row costs no allocation once the buffers have grown to the widest row.
 */
#include "mc/court.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct csv_row {
    char *text; /* field bytes, each field NUL-terminated */
    size_t text_len;
    size_t text_cap;
    size_t *starts; /* offset of each field in text */
    size_t n_fields;
    size_t starts_cap;
    char **fields; /* pointer array handed to the callback */
};

const char *mc_court_strerror(int err)
{
    switch (err) {
    case MC_COURT_OK:
        return "ok";
    case MC_COURT_E_INVALID:
        return "invalid";
    case MC_COURT_E_NOT_FOUND:
        return "not_found";
    case MC_COURT_E_IO:
        return "io";
    case MC_COURT_E_FORMAT:
        return "format";
    case MC_COURT_E_RANGE:
        return "range";
    case MC_COURT_E_NOMEM:
        return "nomem";
    case MC_COURT_E_SPACE:
        return "space";
    default:
        return "unknown";
    }
}

static int put_byte(struct csv_row *r, char c)
{
    if (r->text_len == r->text_cap) {
        size_t cap = r->text_cap ? r->text_cap * 2 : 256;
        char *p = realloc(r->text, cap);

        if (p == NULL)
            return MC_COURT_E_NOMEM;
        r->text = p;
        r->text_cap = cap;
    }
    r->text[r->text_len++] = c;
    return MC_COURT_OK;
}

static int start_field(struct csv_row *r)
{
    if (r->n_fields == r->starts_cap) {
        size_t cap = r->starts_cap ? r->starts_cap * 2 : 16;
        size_t *s = realloc(r->starts, cap * sizeof *s);
        char **f = realloc(r->fields, cap * sizeof *f);

        if (s != NULL)
            r->starts = s;
        if (f != NULL)
            r->fields = f;
        if (s == NULL || f == NULL)
            return MC_COURT_E_NOMEM;
        r->starts_cap = cap;
    }
    r->starts[r->n_fields++] = r->text_len;
    return MC_COURT_OK;
}

static bool is_field_end(char c)
{
    return c == ',' || c == '\r' || c == '\n';
}

/* Reads a quoted field whose opening quote is at *pos. A doubled quote is one literal quote. */
static int read_quoted(const char *text, size_t len, size_t *pos, struct csv_row *r)
{
    size_t i = *pos + 1;
    int rc;

    for (;;) {
        if (i >= len)
            return MC_COURT_E_FORMAT;
        if (text[i] == '"') {
            if (i + 1 < len && text[i + 1] == '"') {
                i++;
            } else {
                i++;
                break;
            }
        }
        rc = put_byte(r, text[i]);
        if (rc != MC_COURT_OK)
            return rc;
        i++;
    }

    /* Only a separator or the end of the row may follow the closing quote. */
    if (i < len && !is_field_end(text[i]))
        return MC_COURT_E_FORMAT;
    *pos = i;
    return MC_COURT_OK;
}

static int read_field(const char *text, size_t len, size_t *pos, struct csv_row *r)
{
    size_t i = *pos;
    int rc = start_field(r);

    if (rc != MC_COURT_OK)
        return rc;
    if (i < len && text[i] == '"') {
        rc = read_quoted(text, len, &i, r);
    } else {
        for (; i < len && !is_field_end(text[i]); i++) {
            if (text[i] == '"')
                return MC_COURT_E_FORMAT;
            rc = put_byte(r, text[i]);
            if (rc != MC_COURT_OK)
                return rc;
        }
    }
    if (rc != MC_COURT_OK)
        return rc;
    *pos = i;
    return put_byte(r, '\0');
}

static int emit_row(struct csv_row *r, size_t row, mc_court_csv_row_fn fn, void *ctx)
{
    for (size_t k = 0; k < r->n_fields; k++)
        r->fields[k] = r->text + r->starts[k];
    return fn(ctx, row, r->n_fields, r->fields);
}

static int parse_rows(const char *text, size_t len, struct csv_row *r, mc_court_csv_row_fn fn,
                      void *ctx)
{
    size_t i = 0, row = 0;
    int rc;

    while (i < len) {
        r->text_len = 0;
        r->n_fields = 0;
        for (;;) {
            rc = read_field(text, len, &i, r);
            if (rc != MC_COURT_OK)
                return rc;
            if (i < len && text[i] == ',') {
                i++;
                continue;
            }
            break;
        }
        if (i < len && text[i] == '\r')
            i++;
        if (i < len && text[i] == '\n')
            i++;

        /* NOTE: a blank line is skipped rather than reported as a row with one empty field. */
        if (r->n_fields == 1 && r->text_len == 1)
            continue;
        rc = emit_row(r, row++, fn, ctx);
        if (rc != 0)
            return rc;
    }
    return MC_COURT_OK;
}

int mc_court_csv_parse(const char *text, size_t len, mc_court_csv_row_fn fn, void *ctx)
{
    struct csv_row r = {0};
    int rc;

    if (text == NULL || fn == NULL)
        return MC_COURT_E_INVALID;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    rc = parse_rows(text, len, &r, fn, ctx);
    free(r.text);
    free(r.starts);
    free(r.fields);
    return rc;
}

/* Reads a whole file into a heap buffer. *out_text: owned: caller frees with free. */
static int slurp_file(const char *path, char **out_text, size_t *out_len)
{
    FILE *f = NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int rc = MC_COURT_OK;

    f = fopen(path, "rb");
    if (f == NULL)
        return MC_COURT_E_IO;
    for (;;) {
        if (len == cap) {
            char *p;

            cap = cap ? cap * 2 : 16384;
            p = realloc(buf, cap);
            if (p == NULL) {
                rc = MC_COURT_E_NOMEM;
                goto done;
            }
            buf = p;
        }
        size_t got = fread(buf + len, 1, cap - len, f);

        len += got;
        if (got == 0)
            break;
    }
    if (ferror(f))
        rc = MC_COURT_E_IO;
done:
    fclose(f);
    if (rc != MC_COURT_OK) {
        free(buf);
        return rc;
    }
    *out_text = buf;
    *out_len = len;
    return MC_COURT_OK;
}

int mc_court_csv_read(const char *path, mc_court_csv_row_fn fn, void *ctx)
{
    char *text = NULL;
    size_t len = 0;
    int rc;

    if (path == NULL || fn == NULL)
        return MC_COURT_E_INVALID;
    rc = slurp_file(path, &text, &len);
    if (rc != MC_COURT_OK)
        return rc;
    rc = mc_court_csv_parse(text, len, fn, ctx);
    free(text);
    return rc;
}
