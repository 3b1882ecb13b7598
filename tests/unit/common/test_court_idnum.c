/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Resident ID numbers: every vector of data/id_number_vectors.csv in its mode, the weights and
 * check characters of data/id_check_algorithm.csv, and bad input.
 */
#include "../../../common/src/court_csv.c"
#include "../../../common/src/court_dates.c"
#include "../../../common/src/court_idnum.c"
#include "../../../common/src/court_tables.c"

#include "harness.h"

static const struct mc_date today = {2026, 12, 3};

/* The error each vector must produce; every row of the CSV has to be listed here. */
static const struct {
    const char *id;
    const char *mode;
    int want;
} vector_errors[] = {
    {"11010519491231002X", "strict", MC_IDNUM_OK},
    {"440524188001010014", "strict", MC_IDNUM_OK},
    {"110105491231002", "strict_18_digit", MC_IDNUM_E_LENGTH},
    {"11010519491231002x", "strict", MC_IDNUM_E_LOWERCASE_X},
    {"11010519491231002x", "normalized", MC_IDNUM_OK},
    {"１１０１０５１９４９１２３１００２Ｘ", "normalized", MC_IDNUM_OK},
    {" 11010519491231002X ", "normalized", MC_IDNUM_OK},
    {"110105194912310021", "strict", MC_IDNUM_E_CHECK},
    {"11020519491231002X", "strict", MC_IDNUM_E_CHECK},
    {"440524189001010014", "strict", MC_IDNUM_E_CHECK},
    {"110105199902300015", "strict", MC_IDNUM_E_DATE},
    {"110105190002290017", "strict", MC_IDNUM_E_DATE},
    {"110105209901010012", "strict", MC_IDNUM_E_DATE},
    {"330199194912310020", "strict", MC_IDNUM_E_REGION},
    {"11010519491231002", "strict", MC_IDNUM_E_LENGTH},
    {"11010519491231002X0", "strict", MC_IDNUM_E_LENGTH},
    {"1101051949123100AX", "strict", MC_IDNUM_E_CHARS},
    {"X10105194912310021", "strict", MC_IDNUM_E_CHARS},
};

struct vector_ctx {
    struct mc_court_tables *tables;
    size_t n_rows;
    size_t n_valid;
};

static unsigned flags_for_mode(const char *mode)
{
    return strcmp(mode, "normalized") == 0 ? MC_IDNUM_F_NORMALIZE : 0;
}

static int on_vector_row(void *ctx, size_t row, size_t n_fields, char *const *f)
{
    struct vector_ctx *vc = ctx;
    size_t k = 0;
    int rc;

    CHECK_INT(5, n_fields);
    if (row == 0 || n_fields != 5)
        return 0;
    vc->n_rows++;
    while (k < sizeof vector_errors / sizeof vector_errors[0] &&
           (strcmp(vector_errors[k].id, f[0]) != 0 || strcmp(vector_errors[k].mode, f[2]) != 0))
        k++;
    if (k == sizeof vector_errors / sizeof vector_errors[0]) {
        fprintf(stderr, "vector row %zu (%s, %s) has no expected error\n", row, f[0], f[2]);
        CHECK(false);
        return 0;
    }

    rc = mc_idnum_validate(f[0], flags_for_mode(f[2]), vc->tables, today, NULL);
    if (rc != vector_errors[k].want)
        fprintf(stderr, "vector row %zu [%s] %s: %s\n", row, f[0], f[2], mc_idnum_strerror(rc));
    CHECK_INT(vector_errors[k].want, rc);

    /* The CSV's own verdict must agree with the expected error. */
    CHECK_STR(vector_errors[k].want == MC_IDNUM_OK ? "true" : "false", f[1]);
    if (rc == MC_IDNUM_OK)
        vc->n_valid++;
    return 0;
}

static void test_every_vector(void)
{
    struct vector_ctx vc = {0};

    CHECK_INT(0, mc_court_tables_load("data", &vc.tables));
    CHECK_INT(0, mc_court_csv_read("data/id_number_vectors.csv", on_vector_row, &vc));
    CHECK_INT(18, vc.n_rows);
    CHECK_INT(5, vc.n_valid);
    mc_court_tables_destroy(vc.tables);
}

static int on_algorithm_row(void *ctx, size_t row, size_t n_fields, char *const *f)
{
    size_t *n_checked = ctx;
    int pos;

    if (row == 0 || n_fields < 3)
        return 0;
    pos = atoi(f[1]);
    if (strcmp(f[0], "weight") == 0) {
        CHECK(pos >= 1 && pos <= 17);
        if (pos >= 1 && pos <= 17)
            CHECK_INT(atoi(f[2]), idnum_weights[pos - 1]);
        (*n_checked)++;
    } else if (strcmp(f[0], "check_char_for_remainder") == 0) {
        CHECK(pos >= 0 && pos <= 10 && strlen(f[2]) == 1);
        if (pos >= 0 && pos <= 10)
            CHECK_INT(f[2][0], idnum_check_chars[pos]);
        (*n_checked)++;
    }
    return 0;
}

static void test_algorithm_table(void)
{
    size_t n_checked = 0;

    CHECK_INT(0, mc_court_csv_read("data/id_check_algorithm.csv", on_algorithm_row, &n_checked));
    CHECK_INT(28, n_checked);

    /* W_i = 2^(18-i) mod 11. */
    for (int i = 1; i <= 17; i++)
        CHECK_INT((1 << (18 - i)) % 11, idnum_weights[i - 1]);
}

static void test_valid_number_details(void)
{
    struct mc_idnum_info info = {0};

    CHECK_INT(MC_IDNUM_OK, mc_idnum_validate("11010519491231002X", 0, NULL, today, &info));
    CHECK_STR("11010519491231002X", info.number);
    CHECK_STR("110105", info.region);
    CHECK_INT(1949, info.birth.y);
    CHECK_INT(12, info.birth.m);
    CHECK_INT(31, info.birth.d);
    CHECK_INT(2, info.sequence);
    CHECK(!info.is_male);

    CHECK_INT(MC_IDNUM_OK, mc_idnum_validate("440524188001010014", 0, NULL, today, &info));
    CHECK_STR("440524", info.region);
    CHECK_INT(1880, info.birth.y);
    CHECK_INT(1, info.sequence);
    CHECK(info.is_male);

    /* Normalised input is stored in its canonical uppercase form. */
    CHECK_INT(MC_IDNUM_OK, mc_idnum_validate("　１１０１０５１９４９１２３１００２ｘ\t",
                                             MC_IDNUM_F_NORMALIZE, NULL, today, &info));
    CHECK_STR("11010519491231002X", info.number);
}

static void test_strict_rejects_unnormalised_forms(void)
{
    CHECK_INT(MC_IDNUM_E_LENGTH,
              mc_idnum_validate("１１０１０５１９４９１２３１００２Ｘ", 0, NULL, today, NULL));
    CHECK_INT(MC_IDNUM_E_LENGTH, mc_idnum_validate(" 11010519491231002X ", 0, NULL, today, NULL));
    CHECK_INT(MC_IDNUM_E_LOWERCASE_X,
              mc_idnum_validate("11010519491231002x", 0, NULL, today, NULL));
    CHECK_STR("lowercase_x", mc_idnum_strerror(MC_IDNUM_E_LOWERCASE_X));
    CHECK_STR("check", mc_idnum_strerror(MC_IDNUM_E_CHECK));
    CHECK_STR("unknown", mc_idnum_strerror(-3));
}

/* Builds a number from a 17-digit body with its correct check character. */
static void make_id(const char *body17, char out[19])
{
    char check = '?';

    memcpy(out, body17, 17);
    CHECK_INT(MC_IDNUM_OK, mc_idnum_check_char(body17, &check));
    out[17] = check;
    out[18] = '\0';
}

static void test_dates(void)
{
    char id[19];

    make_id("11010520261203001", id);
    CHECK_INT(MC_IDNUM_OK, mc_idnum_validate(id, 0, NULL, today, NULL));
    make_id("11010520261204001", id);
    CHECK_INT(MC_IDNUM_E_DATE, mc_idnum_validate(id, 0, NULL, today, NULL));
    make_id("11010520000229001", id);
    CHECK_INT(MC_IDNUM_OK, mc_idnum_validate(id, 0, NULL, today, NULL));
    make_id("11010519990230001", id);
    CHECK_INT(MC_IDNUM_E_DATE, mc_idnum_validate(id, 0, NULL, today, NULL));
    make_id("11010519991301001", id);
    CHECK_INT(MC_IDNUM_E_DATE, mc_idnum_validate(id, 0, NULL, today, NULL));
    make_id("11010519990100001", id);
    CHECK_INT(MC_IDNUM_E_DATE, mc_idnum_validate(id, 0, NULL, today, NULL));
}

static void test_regions(void)
{
    struct mc_court_tables *t = NULL;
    char id[19];

    CHECK_INT(0, mc_court_tables_load("data", &t));

    /* 330199 is unknown in Zhejiang; 330103 (abolished 2021) and 339001 (1986-1994) count. */
    make_id("33019919491231002", id);
    CHECK_INT(MC_IDNUM_E_REGION, mc_idnum_validate(id, 0, t, today, NULL));
    CHECK_INT(MC_IDNUM_OK, mc_idnum_validate(id, 0, NULL, today, NULL));
    make_id("33010319491231002", id);
    CHECK_INT(MC_IDNUM_OK, mc_idnum_validate(id, 0, t, today, NULL));
    make_id("33900119491231002", id);
    CHECK_INT(MC_IDNUM_OK, mc_idnum_validate(id, 0, t, today, NULL));

    /* Non-mainland prefixes: 71 never; 81/82/83 0000 only as residence permits. */
    make_id("71000019491231002", id);
    CHECK_INT(MC_IDNUM_E_REGION,
              mc_idnum_validate(id, MC_IDNUM_F_RESIDENCE_PERMIT, t, today, NULL));
    make_id("81000019491231002", id);
    CHECK_INT(MC_IDNUM_E_REGION, mc_idnum_validate(id, 0, t, today, NULL));
    CHECK_INT(MC_IDNUM_OK, mc_idnum_validate(id, MC_IDNUM_F_RESIDENCE_PERMIT, t, today, NULL));
    make_id("10010519491231002", id);
    CHECK_INT(MC_IDNUM_E_REGION, mc_idnum_validate(id, 0, t, today, NULL));
    make_id("65010219491231002", id);
    CHECK_INT(MC_IDNUM_OK, mc_idnum_validate(id, 0, t, today, NULL));
    mc_court_tables_destroy(t);
}

static void test_upgrade15(void)
{
    char out[19] = "";

    CHECK_INT(MC_IDNUM_OK, mc_idnum_upgrade15("110105491231002", out));
    CHECK_STR("11010519491231002X", out);
    CHECK_INT(MC_IDNUM_E_LENGTH, mc_idnum_upgrade15("11010549123100", out));
    CHECK_INT(MC_IDNUM_E_CHARS, mc_idnum_upgrade15("11010549123100X", out));
    CHECK_INT(MC_IDNUM_E_ARG, mc_idnum_upgrade15(NULL, out));
}

static void test_bad_input(void)
{
    struct mc_idnum_info info = {.sequence = 77};
    char out[19];
    char check = '?';
    struct mc_date bad_today = {2026, 2, 30};

    CHECK_INT(MC_IDNUM_E_ARG, mc_idnum_validate(NULL, 0, NULL, today, &info));
    CHECK_INT(MC_IDNUM_E_ARG, mc_idnum_validate("11010519491231002X", 0, NULL, bad_today, &info));
    CHECK_INT(MC_IDNUM_E_LENGTH, mc_idnum_validate("", 0, NULL, today, &info));
    CHECK_INT(MC_IDNUM_E_LENGTH, mc_idnum_validate("", MC_IDNUM_F_NORMALIZE, NULL, today, &info));
    CHECK_INT(MC_IDNUM_E_LENGTH,
              mc_idnum_validate("   ", MC_IDNUM_F_NORMALIZE, NULL, today, &info));
    CHECK_INT(MC_IDNUM_E_LENGTH,
              mc_idnum_validate("110105194912310021000", MC_IDNUM_F_NORMALIZE, NULL, today, &info));
    CHECK_INT(MC_IDNUM_E_CHARS, mc_idnum_validate("11010519491231002Y", 0, NULL, today, &info));
    CHECK_INT(MC_IDNUM_E_CHARS, mc_idnum_validate("110105-9491231002X", 0, NULL, today, &info));
    CHECK_INT(77, info.sequence);
    CHECK_INT(MC_IDNUM_E_ARG, mc_idnum_normalize(NULL, out));
    CHECK_INT(MC_IDNUM_E_CHARS, mc_idnum_check_char("1101051949123100", &check));
    CHECK_INT(MC_IDNUM_E_ARG, mc_idnum_check_char(NULL, &check));
    CHECK_INT('?', check);
}

TH_MAIN(TH_CASE(test_every_vector), TH_CASE(test_algorithm_table),
        TH_CASE(test_valid_number_details), TH_CASE(test_strict_rejects_unnormalised_forms),
        TH_CASE(test_dates), TH_CASE(test_regions), TH_CASE(test_upgrade15),
        TH_CASE(test_bad_input))
