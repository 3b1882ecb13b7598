/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Litigation fees: every row of data/litigation_fees.csv, the worked examples of fee_rules.md,
 * halving, caps, rounding and rejected amounts.
 */
#include "../../../common/src/court_csv.c"
#include "../../../common/src/court_fees.c"

#include "harness.h"

#include <stdlib.h>

#define Y(x) ((int64_t)(x)*100)

/* How each kind of litigation_fees.csv maps onto the API. */
static const struct {
    const char *kind;
    enum mc_fee_kind fee_kind;
    unsigned reductions;
} kind_map[] = {
    {"acceptance_property", MC_FEE_PROPERTY, 0},
    {"acceptance_property_summary_procedure", MC_FEE_PROPERTY, MC_FEE_R_SUMMARY},
    {"acceptance_property_mediated", MC_FEE_PROPERTY, MC_FEE_R_MEDIATED},
    {"acceptance_property_withdrawn", MC_FEE_PROPERTY, MC_FEE_R_WITHDRAWN},
    {"acceptance_property_summary_and_mediated", MC_FEE_PROPERTY,
     MC_FEE_R_SUMMARY | MC_FEE_R_MEDIATED},
    {"acceptance_property_small_claims", MC_FEE_PROPERTY, MC_FEE_R_SMALL_CLAIMS},
    {"acceptance_property_counterclaim", MC_FEE_PROPERTY, MC_FEE_R_COUNTERCLAIM},
    {"acceptance_property_appeal_partial", MC_FEE_PROPERTY, 0},
    {"acceptance_property_convert_summary_to_ordinary", MC_FEE_PROPERTY, 0},
    {"bankruptcy", MC_FEE_BANKRUPTCY, 0},
    {"divorce_no_property", MC_FEE_DIVORCE, 0},
    {"divorce_with_property", MC_FEE_DIVORCE, 0},
    {"personality_rights_no_damages", MC_FEE_PERSONALITY, 0},
    {"personality_rights_damages", MC_FEE_PERSONALITY, 0},
    {"other_non_property", MC_FEE_OTHER_NON_PROPERTY, 0},
    {"ip_civil_no_amount", MC_FEE_IP_NO_AMOUNT, 0},
    {"ip_civil_with_amount", MC_FEE_PROPERTY, 0},
    {"labor_dispute", MC_FEE_LABOUR, 0},
    {"administrative_trademark_patent_maritime", MC_FEE_ADMIN_SPECIAL, 0},
    {"administrative_other", MC_FEE_ADMIN_OTHER, 0},
    {"jurisdiction_objection_rejected", MC_FEE_JURISDICTION_OBJECTION, 0},
    {"special_procedure", MC_FEE_EXEMPT, 0},
    {"appeal_against_non_acceptance_dismissal_or_jurisdiction_ruling", MC_FEE_EXEMPT, 0},
    {"administrative_compensation", MC_FEE_EXEMPT, 0},
    {"enforcement_no_amount", MC_FEE_ENFORCEMENT_NO_AMOUNT, 0},
    {"enforcement_application", MC_FEE_ENFORCEMENT, 0},
    {"preservation_no_amount", MC_FEE_PRESERVATION, 0},
    {"preservation_application", MC_FEE_PRESERVATION, 0},
    {"payment_order_application", MC_FEE_PAYMENT_ORDER, 0},
    {"public_summons_application", MC_FEE_PUBLIC_SUMMONS, 0},
    {"set_aside_arbitral_award_or_confirm_arbitration_agreement", MC_FEE_ARBITRATION_REVIEW, 0},
    {"maritime_liability_limitation_fund", MC_FEE_MARITIME_FUND, 0},
    {"maritime_injunction", MC_FEE_MARITIME_INJUNCTION, 0},
    {"maritime_lien_summons", MC_FEE_MARITIME_LIEN_SUMMONS, 0},
    {"maritime_claim_registration", MC_FEE_MARITIME_CLAIM_REG, 0},
    {"general_average_adjustment", MC_FEE_GENERAL_AVERAGE, 0},
};

/*
 * Parses a non-negative decimal yuan amount into fen, rounding half up past the second decimal.
 * Sets *is_exact when no digit beyond the fen was non-zero. Returns false on malformed text.
 */
static bool parse_yuan(const char *s, int64_t *out_fen, bool *is_exact)
{
    int64_t whole = 0, frac = 0;
    size_t k = 0, n_frac = 0;
    bool round_up = false;

    *is_exact = true;
    if (s[0] < '0' || s[0] > '9')
        return false;
    for (; s[k] >= '0' && s[k] <= '9'; k++)
        whole = whole * 10 + (s[k] - '0');
    if (s[k] == '.') {
        for (k++; s[k] >= '0' && s[k] <= '9'; k++, n_frac++) {
            if (n_frac < 2)
                frac = frac * 10 + (s[k] - '0');
            else if (n_frac == 2)
                round_up = s[k] >= '5';
            if (n_frac >= 2 && s[k] != '0')
                *is_exact = false;
        }
    }
    if (s[k] != '\0')
        return false;
    for (; n_frac < 2; n_frac++)
        frac *= 10;
    *out_fen = whole * 100 + frac + (round_up ? 1 : 0);
    return true;
}

struct fee_rows {
    size_t n_rows;
    size_t n_checked;
};

/* Checks one row at one amount: expected is "a" or "a-b" yuan. */
static void check_fee_row(size_t map, int64_t amount_fen, const char *expected, size_t row)
{
    struct mc_fee fee = {0};
    int64_t lo = 0, hi = 0;
    bool is_exact = true, is_exact_hi = true;
    char buf[64];
    char *dash;

    snprintf(buf, sizeof buf, "%s", expected);
    dash = strchr(buf, '-');
    if (dash != NULL)
        *dash = '\0';
    CHECK(parse_yuan(buf, &lo, &is_exact));
    hi = lo;
    if (dash != NULL)
        CHECK(parse_yuan(dash + 1, &hi, &is_exact_hi));

    int rc = mc_fee_compute(kind_map[map].fee_kind, amount_fen, kind_map[map].reductions, &fee);

    CHECK_INT(0, rc);
    if (fee.min_fen != lo || fee.max_fen != hi || fee.fen != lo)
        fprintf(stderr, "row %zu (%s, %" PRId64 " fen): want %s\n", row, kind_map[map].kind,
                amount_fen, expected);
    CHECK_INT(lo, fee.min_fen);
    CHECK_INT(hi, fee.max_fen);
    CHECK_INT(lo, fee.fen);
}

static int on_fee_row(void *ctx, size_t row, size_t n_fields, char *const *f)
{
    struct fee_rows *fr = ctx;
    size_t map = 0;
    bool is_exact;
    int64_t amount = 0;

    CHECK_INT(5, n_fields);
    if (row == 0 || n_fields != 5)
        return 0;
    fr->n_rows++;
    while (map < sizeof kind_map / sizeof kind_map[0] && strcmp(kind_map[map].kind, f[0]) != 0)
        map++;
    if (map == sizeof kind_map / sizeof kind_map[0]) {
        fprintf(stderr, "unmapped fee kind %s\n", f[0]);
        CHECK(false);
        return 0;
    }

    /* "any": the fee must not depend on the amount at all. */
    if (strcmp(f[1], "any") == 0) {
        static const int64_t amounts[] = {0, 1, Y(12345), Y(99999999), MC_FEE_MAX_AMOUNT_FEN};

        for (size_t k = 0; k < sizeof amounts / sizeof amounts[0]; k++)
            check_fee_row(map, amounts[k], f[2], row);
    } else {
        CHECK(parse_yuan(f[1], &amount, &is_exact));
        CHECK(is_exact);
        check_fee_row(map, amount, f[2], row);
    }
    fr->n_checked++;
    return 0;
}

static void test_every_row_of_litigation_fees_csv(void)
{
    struct fee_rows fr = {0};

    CHECK_INT(0, mc_court_csv_read("data/litigation_fees.csv", on_fee_row, &fr));
    CHECK_INT(74, fr.n_rows);
    CHECK_INT(fr.n_rows, fr.n_checked);
}

static void test_acceptance_worked_examples(void)
{
    static const struct {
        int64_t claim_yuan, fee_yuan;
    } cases[] = {
        {0, 50},          {10000, 50},       {50000, 1050},      {100000, 2300},
        {200000, 4300},   {500000, 8800},    {1000000, 13800},   {2000000, 22800},
        {5000000, 46800}, {10000000, 81800}, {20000000, 141800}, {100000000, 541800},
    };
    int64_t fee = -1;

    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        CHECK_INT(0, mc_fee_acceptance(Y(cases[k].claim_yuan), &fee));
        CHECK_INT(Y(cases[k].fee_yuan), fee);
    }
}

/* The quick formulas of fee_rules.md must agree with the cumulative brackets everywhere. */
static void test_acceptance_matches_quick_formulas(void)
{
    static const struct {
        int64_t from_yuan, rate_pm, offset_yuan;
    } quick[] = {
        {10000, 25, -200},   {100000, 20, 300},    {200000, 15, 1300},
        {500000, 10, 3800},  {1000000, 9, 4800},   {2000000, 8, 6800},
        {5000000, 7, 11800}, {10000000, 6, 21800}, {20000000, 5, 41800},
    };

    for (size_t k = 0; k < sizeof quick / sizeof quick[0]; k++) {
        for (int64_t step = 1; step <= 7; step++) {
            int64_t claim = Y(quick[k].from_yuan) + step * Y(quick[k].from_yuan) / 7;
            int64_t want_mfen = claim * quick[k].rate_pm + Y(quick[k].offset_yuan) * 1000;

            CHECK_INT(want_mfen, scale_mfen(&property_scale, claim));
        }
    }
}

static void test_enforcement_and_preservation(void)
{
    int64_t fee = -1;

    CHECK_INT(0, mc_fee_enforcement(Y(500000), &fee));
    CHECK_INT(Y(7400), fee);
    CHECK_INT(0, mc_fee_enforcement(Y(5000000), &fee));
    CHECK_INT(Y(52400), fee);
    CHECK_INT(0, mc_fee_enforcement(Y(10000000), &fee));
    CHECK_INT(Y(77400), fee);
    CHECK_INT(0, mc_fee_preservation(0, &fee));
    CHECK_INT(Y(30), fee);
    CHECK_INT(0, mc_fee_preservation(Y(895998), &fee));
    CHECK_INT(Y(4999) + 99, fee);
    CHECK_INT(0, mc_fee_preservation(Y(896000), &fee));
    CHECK_INT(Y(5000), fee);
    CHECK_INT(0, mc_fee_preservation(MC_FEE_MAX_AMOUNT_FEN, &fee));
    CHECK_INT(Y(5000), fee);
}

static void test_rounding_half_up_once(void)
{
    struct mc_fee fee;

    /* 10,001 yuan: exactly 50.025 yuan, charged 50.03. */
    CHECK_INT(5002500, scale_mfen(&property_scale, Y(10001)));
    CHECK_INT(0, mc_fee_compute(MC_FEE_PROPERTY, Y(10001), 0, &fee));
    CHECK_INT(5003, fee.fen);

    /* Halved exactly first (25.0125), rounded once: 25.01, not half of 50.03. */
    CHECK_INT(0, mc_fee_compute(MC_FEE_PROPERTY, Y(10001), MC_FEE_R_SUMMARY, &fee));
    CHECK_INT(2501, fee.fen);

    /* 12,345.67 yuan: exactly 108.64175 yuan, charged 108.64. */
    CHECK_INT(10864175, scale_mfen(&property_scale, 1234567));
    CHECK_INT(0, mc_fee_compute(MC_FEE_PROPERTY, 1234567, 0, &fee));
    CHECK_INT(10864, fee.fen);

    /* One fen of claim above 10,000 yuan adds 0.025 fen: still 50.00. */
    CHECK_INT(0, mc_fee_compute(MC_FEE_PROPERTY, Y(10000) + 1, 0, &fee));
    CHECK_INT(5000, fee.fen);

    /* Payment order: 550 / 3 = 183.333... yuan. */
    CHECK_INT(0, mc_fee_compute(MC_FEE_PAYMENT_ORDER, Y(30000), 0, &fee));
    CHECK_INT(18333, fee.fen);
}

static void test_halving_only_once(void)
{
    struct mc_fee fee;
    unsigned all = MC_FEE_R_SUMMARY | MC_FEE_R_MEDIATED | MC_FEE_R_WITHDRAWN |
                   MC_FEE_R_SMALL_CLAIMS | MC_FEE_R_COUNTERCLAIM;

    CHECK_INT(0, mc_fee_compute(MC_FEE_PROPERTY, Y(100000), all, &fee));
    CHECK_INT(Y(1150), fee.fen);
    CHECK_INT(0, mc_fee_compute(MC_FEE_LABOUR, Y(100000), MC_FEE_R_MEDIATED, &fee));
    CHECK_INT(Y(5), fee.fen);
    CHECK_INT(0, mc_fee_compute(MC_FEE_DIVORCE, 0, MC_FEE_R_SUMMARY, &fee));
    CHECK_INT(Y(25), fee.min_fen);
    CHECK_INT(Y(150), fee.max_fen);

    /* Application fees and exempt cases are not acceptance fees: no halving. */
    CHECK_INT(MC_COURT_E_INVALID,
              mc_fee_compute(MC_FEE_ENFORCEMENT, Y(1), MC_FEE_R_MEDIATED, &fee));
    CHECK_INT(MC_COURT_E_INVALID, mc_fee_compute(MC_FEE_EXEMPT, 0, MC_FEE_R_SUMMARY, &fee));
    CHECK_INT(MC_COURT_E_INVALID, mc_fee_compute(MC_FEE_PROPERTY, 0, 1u << 9, &fee));
}

static void test_fixed_and_ranged_kinds(void)
{
    struct mc_fee fee;

    CHECK_INT(0, mc_fee_compute(MC_FEE_ADMIN_OTHER, 0, 0, &fee));
    CHECK_INT(Y(50), fee.fen);
    CHECK_INT(0, mc_fee_compute(MC_FEE_ADMIN_SPECIAL, 0, 0, &fee));
    CHECK_INT(Y(100), fee.fen);
    CHECK_INT(0, mc_fee_compute(MC_FEE_LABOUR, Y(1000000), 0, &fee));
    CHECK_INT(Y(10), fee.fen);
    CHECK_INT(0, mc_fee_compute(MC_FEE_OTHER_NON_PROPERTY, 0, 0, &fee));
    CHECK_INT(Y(50), fee.fen);
    CHECK_INT(Y(100), fee.max_fen);
    CHECK_INT(0, mc_fee_compute(MC_FEE_BANKRUPTCY, Y(200000000), 0, &fee));
    CHECK_INT(Y(300000), fee.fen);
}

static void test_rejects_bad_input(void)
{
    struct mc_fee fee = {.fen = 7, .min_fen = 7, .max_fen = 7};
    int64_t out = 7;

    CHECK_INT(MC_COURT_E_RANGE, mc_fee_compute(MC_FEE_PROPERTY, -1, 0, &fee));
    CHECK_INT(MC_COURT_E_RANGE,
              mc_fee_compute(MC_FEE_PROPERTY, MC_FEE_MAX_AMOUNT_FEN + 1, 0, &fee));
    CHECK_INT(MC_COURT_E_RANGE, mc_fee_compute(MC_FEE_LABOUR, INT64_MIN, 0, &fee));
    CHECK_INT(MC_COURT_E_INVALID, mc_fee_compute((enum mc_fee_kind)99, 0, 0, &fee));
    CHECK_INT(MC_COURT_E_INVALID, mc_fee_compute(MC_FEE_PROPERTY, 0, 0, NULL));
    CHECK_INT(7, fee.fen);
    CHECK_INT(MC_COURT_E_INVALID, mc_fee_acceptance(Y(1), NULL));
    CHECK_INT(MC_COURT_E_RANGE, mc_fee_enforcement(-5, &out));
    CHECK_INT(MC_COURT_E_RANGE, mc_fee_preservation(INT64_MAX, &out));
    CHECK_INT(7, out);

    /* The largest accepted claim does not overflow: 10^11 yuan at 0.5 % plus 41,800. */
    CHECK_INT(0, mc_fee_acceptance(MC_FEE_MAX_AMOUNT_FEN, &out));
    CHECK_INT(Y(500041800), out);
}

TH_MAIN(TH_CASE(test_every_row_of_litigation_fees_csv), TH_CASE(test_acceptance_worked_examples),
        TH_CASE(test_acceptance_matches_quick_formulas), TH_CASE(test_enforcement_and_preservation),
        TH_CASE(test_rounding_half_up_once), TH_CASE(test_halving_only_once),
        TH_CASE(test_fixed_and_ranged_kinds), TH_CASE(test_rejects_bad_input))
