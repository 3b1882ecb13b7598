/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Litigation fees under 诉讼费用交纳办法 (State Council Decree No.481), in integer arithmetic.
 *
 * Design: every rate in the 办法 is a whole number of thousandths (2.5 % = 25 per mille), so the
 * exact fee for an amount in fen is a whole number of milli-fen (1/1000 fen). The scales below
 * add up slices in milli-fen; halving and the payment-order third are applied as a fraction and
 * the result is rounded half up to the fen exactly once, at the end. No floating point is used,
 * so 10,001 yuan gives 50.025 yuan exactly and is charged 50.03.
 */
#include "mc/court.h"

#include <stddef.h>

#define MFEN_PER_YUAN INT64_C(100000)
#define FEN_PER_YUAN INT64_C(100)
#define NO_LIMIT INT64_MAX

/* One slice of a cumulative scale: amounts up to upto_fen are charged rate_pm per mille. */
struct bracket {
    int64_t upto_fen;
    int64_t rate_pm;
};

/* A cumulative scale: a flat base covering amounts up to base_upto_fen, then the brackets. */
struct scale {
    int64_t base_yuan;
    int64_t base_upto_fen;
    const struct bracket *brackets;
    size_t n_brackets;
};

#define YUAN(x) ((int64_t)(x)*FEN_PER_YUAN)
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Art.13(1): 50 per case up to 10,000, then 2.5 % ... 0.5 % above 20 million. */
static const struct bracket property_brackets[] = {
    {YUAN(100000), 25},  {YUAN(200000), 20},  {YUAN(500000), 15},
    {YUAN(1000000), 10}, {YUAN(2000000), 9},  {YUAN(5000000), 8},
    {YUAN(10000000), 7}, {YUAN(20000000), 6}, {NO_LIMIT, 5},
};

/* Art.14(1): 50 up to 10,000, then 1.5 %, 1 %, 0.5 % and 0.1 % above 10 million. */
static const struct bracket enforcement_brackets[] = {
    {YUAN(500000), 15},
    {YUAN(5000000), 10},
    {YUAN(10000000), 5},
    {NO_LIMIT, 1},
};

/* Art.14(2): 30 up to 1,000, then 1 % up to 100,000 and 0.5 % above (capped separately). */
static const struct bracket preservation_brackets[] = {
    {YUAN(100000), 10},
    {NO_LIMIT, 5},
};

/* Art.13(2)1: property divided in a divorce is free up to 200,000, then 0.5 %. */
static const struct bracket divorce_brackets[] = {
    {NO_LIMIT, 5},
};

/* Art.13(2)2: damages for personality rights are free up to 50,000, 1 % to 100,000, then 0.5 %. */
static const struct bracket personality_brackets[] = {
    {YUAN(100000), 10},
    {NO_LIMIT, 5},
};

static const struct scale property_scale = {50, YUAN(10000), property_brackets,
                                            N_OF(property_brackets)};
static const struct scale enforcement_scale = {50, YUAN(10000), enforcement_brackets,
                                               N_OF(enforcement_brackets)};
static const struct scale preservation_scale = {30, YUAN(1000), preservation_brackets,
                                                N_OF(preservation_brackets)};
static const struct scale divorce_scale = {0, YUAN(200000), divorce_brackets,
                                           N_OF(divorce_brackets)};
static const struct scale personality_scale = {0, YUAN(50000), personality_brackets,
                                               N_OF(personality_brackets)};

/* How one kind of fee is computed: (range + scale(amount)) * num / den, then the cap. */
struct fee_rule {
    int64_t min_yuan;
    int64_t max_yuan;
    const struct scale *scale; /* NULL when the amount does not matter */
    int64_t num;
    int64_t den;
    int64_t cap_yuan;  /* 0: no cap */
    bool is_reducible; /* an Art.13 acceptance fee that Art.15/16/18 may halve */
};

static const struct fee_rule fee_rules[] = {
    [MC_FEE_PROPERTY] = {0, 0, &property_scale, 1, 1, 0, true},
    [MC_FEE_DIVORCE] = {50, 300, &divorce_scale, 1, 1, 0, true},
    [MC_FEE_PERSONALITY] = {100, 500, &personality_scale, 1, 1, 0, true},
    [MC_FEE_OTHER_NON_PROPERTY] = {50, 100, NULL, 1, 1, 0, true},
    [MC_FEE_IP_NO_AMOUNT] = {500, 1000, NULL, 1, 1, 0, true},
    [MC_FEE_LABOUR] = {10, 10, NULL, 1, 1, 0, true},
    [MC_FEE_ADMIN_SPECIAL] = {100, 100, NULL, 1, 1, 0, true},
    [MC_FEE_ADMIN_OTHER] = {50, 50, NULL, 1, 1, 0, true},
    [MC_FEE_JURISDICTION_OBJECTION] = {50, 100, NULL, 1, 1, 0, false},
    [MC_FEE_EXEMPT] = {0, 0, NULL, 1, 1, 0, false},
    [MC_FEE_ENFORCEMENT] = {0, 0, &enforcement_scale, 1, 1, 0, false},
    [MC_FEE_ENFORCEMENT_NO_AMOUNT] = {50, 500, NULL, 1, 1, 0, false},
    [MC_FEE_PRESERVATION] = {0, 0, &preservation_scale, 1, 1, 5000, false},
    [MC_FEE_PAYMENT_ORDER] = {0, 0, &property_scale, 1, 3, 0, false},
    [MC_FEE_PUBLIC_SUMMONS] = {100, 100, NULL, 1, 1, 0, false},
    [MC_FEE_ARBITRATION_REVIEW] = {400, 400, NULL, 1, 1, 0, false},
    [MC_FEE_BANKRUPTCY] = {0, 0, &property_scale, 1, 2, 300000, false},
    [MC_FEE_MARITIME_FUND] = {1000, 10000, NULL, 1, 1, 0, false},
    [MC_FEE_MARITIME_INJUNCTION] = {1000, 5000, NULL, 1, 1, 0, false},
    [MC_FEE_MARITIME_LIEN_SUMMONS] = {1000, 5000, NULL, 1, 1, 0, false},
    [MC_FEE_MARITIME_CLAIM_REG] = {1000, 1000, NULL, 1, 1, 0, false},
    [MC_FEE_GENERAL_AVERAGE] = {1000, 1000, NULL, 1, 1, 0, false},
};

#define ALL_REDUCTIONS                                                                             \
    (MC_FEE_R_SUMMARY | MC_FEE_R_MEDIATED | MC_FEE_R_WITHDRAWN | MC_FEE_R_SMALL_CLAIMS |           \
     MC_FEE_R_COUNTERCLAIM)

/* The exact fee of a cumulative scale in milli-fen. amount_fen is within the supported range. */
static int64_t scale_mfen(const struct scale *s, int64_t amount_fen)
{
    int64_t total = s->base_yuan * MFEN_PER_YUAN;
    int64_t lo = s->base_upto_fen;

    for (size_t k = 0; k < s->n_brackets && amount_fen > lo; k++) {
        int64_t hi = s->brackets[k].upto_fen;

        if (amount_fen < hi)
            hi = amount_fen;
        total += (hi - lo) * s->brackets[k].rate_pm;
        lo = s->brackets[k].upto_fen;
    }
    return total;
}

/* mfen * num / den milli-fen, rounded half up to the fen. All values are non-negative. */
static int64_t round_to_fen(int64_t mfen, int64_t num, int64_t den)
{
    int64_t unit = den * 1000;

    return (2 * mfen * num + unit) / (2 * unit);
}

static int64_t apply_cap(int64_t fen, int64_t cap_yuan)
{
    return cap_yuan > 0 && fen > YUAN(cap_yuan) ? YUAN(cap_yuan) : fen;
}

int mc_fee_compute(enum mc_fee_kind kind, int64_t amount_fen, unsigned reductions,
                   struct mc_fee *out)
{
    const struct fee_rule *r;
    int64_t extra = 0, den;

    if (out == NULL || (unsigned)kind >= sizeof fee_rules / sizeof fee_rules[0])
        return MC_COURT_E_INVALID;
    r = &fee_rules[kind];
    if ((reductions & ~(unsigned)ALL_REDUCTIONS) != 0 || (reductions != 0 && !r->is_reducible))
        return MC_COURT_E_INVALID;
    if (amount_fen < 0 || amount_fen > MC_FEE_MAX_AMOUNT_FEN)
        return MC_COURT_E_RANGE;

    if (r->scale != NULL)
        extra = scale_mfen(r->scale, amount_fen);

    /* 民诉法解释 Art.206: however many grounds apply, the fee is halved only once. */
    den = reductions != 0 ? r->den * 2 : r->den;
    out->min_fen =
        apply_cap(round_to_fen(r->min_yuan * MFEN_PER_YUAN + extra, r->num, den), r->cap_yuan);
    out->max_fen =
        apply_cap(round_to_fen(r->max_yuan * MFEN_PER_YUAN + extra, r->num, den), r->cap_yuan);
    out->fen = out->min_fen;
    return MC_COURT_OK;
}

/* Runs one fixed-kind computation and returns only the fee. */
static int compute_fen(enum mc_fee_kind kind, int64_t amount_fen, int64_t *out_fen)
{
    struct mc_fee fee;
    int rc;

    if (out_fen == NULL)
        return MC_COURT_E_INVALID;
    rc = mc_fee_compute(kind, amount_fen, 0, &fee);
    if (rc != MC_COURT_OK)
        return rc;
    *out_fen = fee.fen;
    return MC_COURT_OK;
}

int mc_fee_acceptance(int64_t claim_fen, int64_t *out_fen)
{
    return compute_fen(MC_FEE_PROPERTY, claim_fen, out_fen);
}

int mc_fee_enforcement(int64_t amount_fen, int64_t *out_fen)
{
    return compute_fen(MC_FEE_ENFORCEMENT, amount_fen, out_fen);
}

int mc_fee_preservation(int64_t amount_fen, int64_t *out_fen)
{
    return compute_fen(MC_FEE_PRESERVATION, amount_fen, out_fen);
}
