/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Loads the Zhejiang reference tables (courts, case types, causes of action, regions and the
 * named procedural periods) from CSV files, and answers lookups on them. All strings live in one
 * arena owned by struct mc_court_tables; lookups are linear because the tables hold at most a few
 * hundred rows.
 */
#include "mc/court.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_chunk {
    struct arena_chunk *next;
    size_t used;
    size_t cap;
    char data[];
};

struct mc_court_tables {
    struct arena_chunk *arena;
    struct mc_court *courts;
    size_t n_courts, cap_courts;
    struct mc_case_type *types;
    size_t n_types, cap_types;
    struct mc_cause *causes;
    size_t n_causes, cap_causes;
    struct mc_region *regions;
    size_t n_regions, cap_regions;
    struct mc_period periods[MC_PERIOD_COUNT];
    bool has_period[MC_PERIOD_COUNT];
};

/* Where each named period lives in procedure_deadlines.csv: article_2023 and a rule prefix. */
struct period_spec {
    enum mc_court_period period;
    const char *article;
    const char *rule_prefix;
};

static const struct period_spec period_specs[] = {
    {MC_PERIOD_FILING_DECISION, "CPL Art.126", "Decide on filing"},
    {MC_PERIOD_SERVE_COMPLAINT, "CPL Art.128", "Serve copy of complaint"},
    {MC_PERIOD_ANSWER, "CPL Art.128", "Defendant files answer"},
    {MC_PERIOD_ANSWER_FOREIGN, "CPL Art.285", "Defendant with no domicile"},
    {MC_PERIOD_EXTENSION_REQUEST, "CPL Art.86", "Application to extend"},
    {MC_PERIOD_APPEAL_JUDGMENT, "CPL Art.171", "Appeal against first-instance judgment"},
    {MC_PERIOD_APPEAL_RULING, "CPL Art.171", "Appeal against first-instance ruling"},
    {MC_PERIOD_ORDINARY_LIMIT, "CPL Art.152", "Ordinary procedure time limit"},
    {MC_PERIOD_SUMMARY_LIMIT, "CPL Art.164", "Summary procedure time limit"},
    {MC_PERIOD_SMALL_CLAIMS_LIMIT, "CPL Art.168", "Small-claims time limit"},
    {MC_PERIOD_SECOND_INSTANCE, "CPL Art.183", "Second-instance time limit"},
    {MC_PERIOD_RETRIAL_APPLICATION, "CPL Art.216", "Retrial application"},
    {MC_PERIOD_PUBLIC_NOTICE, "CPL Art.95", "Service by public notice"},
    {MC_PERIOD_JUDICIAL_CONFIRM, "CPL Art.205", "Judicial confirmation"},
    {MC_PERIOD_PAYMENT_ORDER_ACCEPT, "CPL Art.226", "Payment order: notify"},
    {MC_PERIOD_ENFORCEMENT_APPLY, "CPL Art.250", "Enforcement application period"},
    {MC_PERIOD_ENFORCEMENT_ESCALATE, "CPL Art.237", "Not enforced within 6 months"},
    {MC_PERIOD_FEE_PAYMENT, "诉讼费用交纳办法 Art.22", "Pay acceptance fee"},
    {MC_PERIOD_ONLINE_REGISTER, "在线诉讼规则 Art.10", "Notified defendant"},
};

/*
 * NOTE: the family is derived from the code because the table's "procedure" column is free text.
 * Longer prefixes come first: 行保 is conduct preservation (civil), not an administrative case.
 */
static const struct {
    const char *prefix;
    enum mc_case_family family;
} family_prefixes[] = {
    {"行保", MC_CASE_FAMILY_PRESERVATION}, {"财保", MC_CASE_FAMILY_PRESERVATION},
    {"证保", MC_CASE_FAMILY_PRESERVATION}, {"民破", MC_CASE_FAMILY_BANKRUPTCY},
    {"司救", MC_CASE_FAMILY_JUDICIAL_AID}, {"执", MC_CASE_FAMILY_ENFORCEMENT},
    {"行", MC_CASE_FAMILY_ADMINISTRATIVE}, {"破", MC_CASE_FAMILY_BANKRUPTCY},
    {"民", MC_CASE_FAMILY_CIVIL},          {"商", MC_CASE_FAMILY_CIVIL},
    {"刑", MC_CASE_FAMILY_CRIMINAL},       {"协", MC_CASE_FAMILY_ASSISTANCE},
    {"认", MC_CASE_FAMILY_ASSISTANCE},     {"赔", MC_CASE_FAMILY_COMPENSATION},
    {"知", MC_CASE_FAMILY_SPECIALISED},
};

static const char obsolete_marker[] = "（已废止）";

static char *arena_strdup(struct mc_court_tables *t, const char *s)
{
    size_t n = strlen(s) + 1;
    struct arena_chunk *c = t->arena;

    if (c == NULL || c->cap - c->used < n) {
        size_t cap = n > 16384 ? n : 16384;

        c = malloc(sizeof *c + cap);
        if (c == NULL)
            return NULL;
        c->next = t->arena;
        c->used = 0;
        c->cap = cap;
        t->arena = c;
    }
    char *p = c->data + c->used;

    memcpy(p, s, n);
    c->used += n;
    return p;
}

/* Makes room for one more element of size elem in *items. */
static int reserve_one(void **items, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return MC_COURT_OK;

    size_t new_cap = *cap ? *cap * 2 : 64;
    void *p = realloc(*items, new_cap * elem);

    if (p == NULL)
        return MC_COURT_E_NOMEM;
    *items = p;
    *cap = new_cap;
    return MC_COURT_OK;
}

/* Column indices found in a header row, by name. */
struct columns {
    const char *const *names;
    size_t n_names;
    size_t idx[8];
    size_t n_fields;
};

static int map_columns(struct columns *c, size_t n_fields, char *const *fields)
{
    for (size_t k = 0; k < c->n_names; k++) {
        size_t j = 0;

        while (j < n_fields && strcmp(fields[j], c->names[k]) != 0)
            j++;
        if (j == n_fields)
            return MC_COURT_E_FORMAT;
        c->idx[k] = j;
    }
    c->n_fields = n_fields;
    return MC_COURT_OK;
}

/* Common row prologue: maps the header on row 0 and checks the width of data rows. */
static int check_row(struct columns *c, size_t row, size_t n_fields, char *const *fields,
                     bool *is_header)
{
    *is_header = row == 0;
    if (row == 0)
        return map_columns(c, n_fields, fields);
    return n_fields == c->n_fields ? MC_COURT_OK : MC_COURT_E_FORMAT;
}

struct load_ctx {
    struct mc_court_tables *t;
    struct columns cols;
};

static int parse_level(const char *s, enum mc_court_level *out)
{
    static const char *const names[] = {"supreme", "high", "intermediate", "basic", "special"};

    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        if (strcmp(s, names[k]) == 0) {
            *out = (enum mc_court_level)k;
            return MC_COURT_OK;
        }
    }
    return MC_COURT_E_FORMAT;
}

static int on_court_row(void *ctx, size_t row, size_t n_fields, char *const *f)
{
    struct load_ctx *lc = ctx;
    struct mc_court_tables *t = lc->t;
    const size_t *ix = lc->cols.idx;
    bool is_header;
    int rc = check_row(&lc->cols, row, n_fields, f, &is_header);

    if (rc != MC_COURT_OK || is_header)
        return rc;
    rc = reserve_one((void **)&t->courts, t->n_courts, &t->cap_courts, sizeof *t->courts);
    if (rc != MC_COURT_OK)
        return rc;

    struct mc_court *c = &t->courts[t->n_courts];

    rc = parse_level(f[ix[3]], &c->level);
    if (rc != MC_COURT_OK)
        return rc;
    c->code = arena_strdup(t, f[ix[0]]);
    c->name_zh = arena_strdup(t, f[ix[1]]);
    c->name_en = arena_strdup(t, f[ix[2]]);
    c->parent_code = arena_strdup(t, f[ix[4]]);
    c->region_code = arena_strdup(t, f[ix[5]]);
    c->is_current = strcmp(f[ix[6]], "historical") != 0;
    if (!c->code || !c->name_zh || !c->name_en || !c->parent_code || !c->region_code)
        return MC_COURT_E_NOMEM;
    t->n_courts++;
    return MC_COURT_OK;
}

static enum mc_case_family family_of(const char *code)
{
    for (size_t k = 0; k < sizeof family_prefixes / sizeof family_prefixes[0]; k++) {
        const char *p = family_prefixes[k].prefix;

        if (strncmp(code, p, strlen(p)) == 0)
            return family_prefixes[k].family;
    }
    return MC_CASE_FAMILY_OTHER;
}

static int on_type_row(void *ctx, size_t row, size_t n_fields, char *const *f)
{
    struct load_ctx *lc = ctx;
    struct mc_court_tables *t = lc->t;
    const size_t *ix = lc->cols.idx;
    bool is_header;
    int rc = check_row(&lc->cols, row, n_fields, f, &is_header);

    if (rc != MC_COURT_OK || is_header)
        return rc;
    rc = reserve_one((void **)&t->types, t->n_types, &t->cap_types, sizeof *t->types);
    if (rc != MC_COURT_OK)
        return rc;

    struct mc_case_type *ct = &t->types[t->n_types];
    char *code = f[ix[0]];
    char *marker = strstr(code, obsolete_marker);

    ct->is_obsolete = marker != NULL || strcmp(f[ix[3]], "obsolete") == 0;
    if (marker != NULL)
        *marker = '\0';
    ct->code = arena_strdup(t, code);
    ct->meaning_zh = arena_strdup(t, f[ix[1]]);
    ct->meaning_en = arena_strdup(t, f[ix[2]]);
    if (!ct->code || !ct->meaning_zh || !ct->meaning_en)
        return MC_COURT_E_NOMEM;
    ct->family = family_of(ct->code);
    t->n_types++;
    return MC_COURT_OK;
}

static int on_cause_row(void *ctx, size_t row, size_t n_fields, char *const *f)
{
    struct load_ctx *lc = ctx;
    struct mc_court_tables *t = lc->t;
    const size_t *ix = lc->cols.idx;
    bool is_header;
    int rc = check_row(&lc->cols, row, n_fields, f, &is_header);

    if (rc != MC_COURT_OK || is_header)
        return rc;
    rc = reserve_one((void **)&t->causes, t->n_causes, &t->cap_causes, sizeof *t->causes);
    if (rc != MC_COURT_OK)
        return rc;

    struct mc_cause *c = &t->causes[t->n_causes];

    c->level = atoi(f[ix[4]]);
    if (c->level < 1 || c->level > 4)
        return MC_COURT_E_FORMAT;
    c->number = arena_strdup(t, f[ix[0]]);
    c->name_zh = arena_strdup(t, f[ix[1]]);
    c->name_en = arena_strdup(t, f[ix[2]]);
    c->parent = arena_strdup(t, f[ix[3]]);
    if (!c->number || !c->name_zh || !c->name_en || !c->parent)
        return MC_COURT_E_NOMEM;
    t->n_causes++;
    return MC_COURT_OK;
}

static int on_region_row(void *ctx, size_t row, size_t n_fields, char *const *f)
{
    struct load_ctx *lc = ctx;
    struct mc_court_tables *t = lc->t;
    const size_t *ix = lc->cols.idx;
    bool is_header;
    int rc = check_row(&lc->cols, row, n_fields, f, &is_header);

    if (rc != MC_COURT_OK || is_header)
        return rc;
    if (strlen(f[ix[0]]) != 6 || strspn(f[ix[0]], "0123456789") != 6)
        return MC_COURT_E_FORMAT;
    rc = reserve_one((void **)&t->regions, t->n_regions, &t->cap_regions, sizeof *t->regions);
    if (rc != MC_COURT_OK)
        return rc;

    struct mc_region *r = &t->regions[t->n_regions];

    r->code = arena_strdup(t, f[ix[0]]);
    r->name_zh = arena_strdup(t, f[ix[1]]);
    if (!r->code || !r->name_zh)
        return MC_COURT_E_NOMEM;
    r->is_current = strcmp(f[ix[2]], "current") == 0;
    t->n_regions++;
    return MC_COURT_OK;
}

/* True when the article cell is `article` alone or `article` followed by "; ...". */
static bool article_matches(const char *cell, const char *article)
{
    size_t n = strlen(article);

    return strncmp(cell, article, n) == 0 && (cell[n] == '\0' || cell[n] == ';');
}

/* Parses a leading "N days|months|years" from a days_or_value cell. */
static int parse_period_value(const char *s, struct mc_period *out)
{
    char *end;
    long n = strtol(s, &end, 10);

    if (end == s || n <= 0 || n > 1000 || *end != ' ')
        return MC_COURT_E_FORMAT;
    end++;
    if (strncmp(end, "day", 3) == 0)
        out->unit = MC_UNIT_DAY;
    else if (strncmp(end, "month", 5) == 0)
        out->unit = MC_UNIT_MONTH;
    else if (strncmp(end, "year", 4) == 0)
        out->unit = MC_UNIT_YEAR;
    else
        return MC_COURT_E_FORMAT;
    out->n = (int)n;
    return MC_COURT_OK;
}

static int on_deadline_row(void *ctx, size_t row, size_t n_fields, char *const *f)
{
    struct load_ctx *lc = ctx;
    struct mc_court_tables *t = lc->t;
    const size_t *ix = lc->cols.idx;
    bool is_header;
    int rc = check_row(&lc->cols, row, n_fields, f, &is_header);

    if (rc != MC_COURT_OK || is_header)
        return rc;
    for (size_t k = 0; k < sizeof period_specs / sizeof period_specs[0]; k++) {
        const struct period_spec *ps = &period_specs[k];
        size_t n = strlen(ps->rule_prefix);

        if (!article_matches(f[ix[2]], ps->article) || strncmp(f[ix[0]], ps->rule_prefix, n))
            continue;
        rc = parse_period_value(f[ix[1]], &t->periods[ps->period]);
        if (rc != MC_COURT_OK)
            return rc;
        t->periods[ps->period].article = ps->article;
        t->has_period[ps->period] = true;
    }
    return MC_COURT_OK;
}

static const char *const court_cols[] = {"code",        "court_name_zh", "court_name_en", "level",
                                         "parent_code", "region_code",   "status"};
static const char *const type_cols[] = {"code", "meaning_zh", "meaning_en", "procedure"};
static const char *const cause_cols[] = {"code_or_number", "name_zh", "name_en", "parent", "level"};
static const char *const region_cols[] = {"code", "name_zh", "status"};
static const char *const deadline_cols[] = {"rule", "days_or_value", "article_2023"};

static const struct {
    const char *file;
    mc_court_csv_row_fn fn;
    const char *const *cols;
    size_t n_cols;
} table_files[] = {
    {"court_codes_zhejiang.csv", on_court_row, court_cols, 7},
    {"case_type_codes.csv", on_type_row, type_cols, 4},
    {"causes_of_action_civil.csv", on_cause_row, cause_cols, 5},
    {"region_codes_zhejiang.csv", on_region_row, region_cols, 3},
    {"procedure_deadlines.csv", on_deadline_row, deadline_cols, 3},
};

static int load_one(struct mc_court_tables *t, const char *dir, size_t k)
{
    struct load_ctx lc = {.t = t};
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", dir, table_files[k].file);

    if (n < 0 || (size_t)n >= sizeof path)
        return MC_COURT_E_INVALID;
    lc.cols.names = table_files[k].cols;
    lc.cols.n_names = table_files[k].n_cols;
    return mc_court_csv_read(path, table_files[k].fn, &lc);
}

int mc_court_tables_load(const char *dir, struct mc_court_tables **out)
{
    struct mc_court_tables *t;
    int rc = MC_COURT_OK;

    if (dir == NULL || out == NULL)
        return MC_COURT_E_INVALID;
    t = calloc(1, sizeof *t);
    if (t == NULL)
        return MC_COURT_E_NOMEM;
    for (size_t k = 0; k < sizeof table_files / sizeof table_files[0]; k++) {
        rc = load_one(t, dir, k);
        if (rc != MC_COURT_OK)
            goto done;
    }

    /* A period missing from the table means the table drifted from this code: fail loudly. */
    for (size_t p = 0; p < MC_PERIOD_COUNT; p++) {
        if (!t->has_period[p]) {
            rc = MC_COURT_E_FORMAT;
            goto done;
        }
    }
    if (t->n_courts == 0 || t->n_types == 0 || t->n_causes == 0 || t->n_regions == 0)
        rc = MC_COURT_E_FORMAT;
done:
    if (rc != MC_COURT_OK) {
        mc_court_tables_destroy(t);
        return rc;
    }
    *out = t;
    return MC_COURT_OK;
}

void mc_court_tables_destroy(struct mc_court_tables *t)
{
    if (t == NULL)
        return;
    while (t->arena != NULL) {
        struct arena_chunk *next = t->arena->next;

        free(t->arena);
        t->arena = next;
    }
    free(t->courts);
    free(t->types);
    free(t->causes);
    free(t->regions);
    free(t);
}

int mc_court_find(const struct mc_court_tables *t, const char *code, const struct mc_court **out)
{
    if (t == NULL || code == NULL || out == NULL)
        return MC_COURT_E_INVALID;
    for (size_t k = 0; k < t->n_courts; k++) {
        if (strcmp(t->courts[k].code, code) == 0) {
            *out = &t->courts[k];
            return MC_COURT_OK;
        }
    }
    return MC_COURT_E_NOT_FOUND;
}

size_t mc_court_count(const struct mc_court_tables *t)
{
    return t ? t->n_courts : 0;
}

const struct mc_court *mc_court_at(const struct mc_court_tables *t, size_t i)
{
    return t && i < t->n_courts ? &t->courts[i] : NULL;
}

int mc_case_type_find(const struct mc_court_tables *t, const char *code,
                      const struct mc_case_type **out)
{
    if (t == NULL || code == NULL || out == NULL)
        return MC_COURT_E_INVALID;
    for (size_t k = 0; k < t->n_types; k++) {
        if (strcmp(t->types[k].code, code) == 0) {
            *out = &t->types[k];
            return MC_COURT_OK;
        }
    }
    return MC_COURT_E_NOT_FOUND;
}

const char *mc_case_family_name(enum mc_case_family f)
{
    static const char *const names[] = {
        "civil",      "administrative", "criminal",     "enforcement", "preservation", "bankruptcy",
        "assistance", "judicial_aid",   "compensation", "specialised", "other",
    };

    if ((unsigned)f >= sizeof names / sizeof names[0])
        return "unknown";
    return names[f];
}

int mc_cause_find(const struct mc_court_tables *t, const char *name_zh, const struct mc_cause **out)
{
    const struct mc_cause *best = NULL;

    if (t == NULL || name_zh == NULL || out == NULL)
        return MC_COURT_E_INVALID;

    /* Some names repeat at several levels (a part and its group); the deepest one is fileable. */
    for (size_t k = 0; k < t->n_causes; k++) {
        const struct mc_cause *c = &t->causes[k];

        if (strcmp(c->name_zh, name_zh) == 0 && (best == NULL || c->level > best->level))
            best = c;
    }
    if (best == NULL)
        return MC_COURT_E_NOT_FOUND;
    *out = best;
    return MC_COURT_OK;
}

int mc_region_find(const struct mc_court_tables *t, const char *code, const struct mc_region **out)
{
    if (t == NULL || code == NULL || out == NULL)
        return MC_COURT_E_INVALID;
    for (size_t k = 0; k < t->n_regions; k++) {
        if (strcmp(t->regions[k].code, code) == 0) {
            *out = &t->regions[k];
            return MC_COURT_OK;
        }
    }
    return MC_COURT_E_NOT_FOUND;
}

int mc_court_period_get(const struct mc_court_tables *t, enum mc_court_period p,
                        struct mc_period *out)
{
    if (t == NULL || out == NULL || (unsigned)p >= MC_PERIOD_COUNT)
        return MC_COURT_E_INVALID;
    *out = t->periods[p];
    return MC_COURT_OK;
}
