/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Court rules for Zhejiang online proceedings: resident ID numbers (GB 11643-1999), the court,
 * case-type, cause-of-action and region tables, litigation fees (诉讼费用交纳办法), procedural
 * periods (CPL Art.85) and case numbers (SPC 2015 rules). Pure C, no global state: every function
 * is safe from any thread; a loaded table set is read-only and may be shared between threads.
 * Tables are loaded from a directory the caller passes and are owned by struct mc_court_tables.
 */
#ifndef MC_COMMON_COURT_H
#define MC_COMMON_COURT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define MC_COURT_MUSTCHECK __attribute__((warn_unused_result))

/* Module status codes. Every fallible function returns 0 or one of the negative values. */
enum mc_court_error {
    MC_COURT_OK = 0,
    MC_COURT_E_INVALID = -1,   /* NULL or malformed argument */
    MC_COURT_E_NOT_FOUND = -2, /* no such code, name or row */
    MC_COURT_E_IO = -3,        /* a table file could not be read */
    MC_COURT_E_FORMAT = -4,    /* a table file is malformed or lacks a required row */
    MC_COURT_E_RANGE = -5,     /* amount or date outside the supported range */
    MC_COURT_E_NOMEM = -6,     /* allocation failed */
    MC_COURT_E_SPACE = -7,     /* output buffer too small */
};

/* Returns a stable lower-case reason ("invalid", "not_found", ...); never NULL, static. */
const char *mc_court_strerror(int err);

/* ---------------------------------------------------------------------------------------------
 * Dates. A date is a proleptic Gregorian calendar day; no time of day, no time zone.
 */
struct mc_date {
    int y; /* 1..9999 */
    int m; /* 1..12 */
    int d; /* 1..31 */
};

/* True when the date exists in the Gregorian calendar (leap years included), years 1..9999. */
bool mc_date_is_valid(struct mc_date d);

/* Days since 1970-01-01 (negative before). The date must be valid. */
int64_t mc_date_to_days(struct mc_date d);

/* The date that is `days` after 1970-01-01. */
struct mc_date mc_date_from_days(int64_t days);

/* Negative, zero or positive as a is before, equal to or after b. */
int mc_date_cmp(struct mc_date a, struct mc_date b);

/* ISO weekday: 1 = Monday ... 7 = Sunday. The date must be valid. */
int mc_date_weekday(struct mc_date d);

/*
 * Adds n calendar months; when the target month lacks the day, the result is the month's last
 * day (Civil Code Art.202). Returns 0, or MC_COURT_E_INVALID / MC_COURT_E_RANGE.
 */
MC_COURT_MUSTCHECK int mc_date_add_months(struct mc_date d, int n, struct mc_date *out);

/* Parses exactly "YYYY-MM-DD" into a valid date. Returns 0 or MC_COURT_E_INVALID. */
MC_COURT_MUSTCHECK int mc_date_parse(const char *s, struct mc_date *out);

/* Writes "YYYY-MM-DD" and a NUL into out (11 bytes). */
void mc_date_format(struct mc_date d, char out[11]);

/*
 * Today's calendar date in Asia/Shanghai for the instant `now`. China has used a fixed UTC+8
 * offset since 1992, so no tz database is consulted; instants before 1992 may be off by the
 * 1986-1991 summer time.
 */
struct mc_date mc_date_today_shanghai(time_t now);

/* ---------------------------------------------------------------------------------------------
 * CSV reader (RFC 4180): quoted fields, doubled quotes, commas and newlines inside quotes, CRLF or
 * LF rows, bytes passed through unchanged (UTF-8). A leading UTF-8 BOM is skipped.
 */

/*
 * Called once per row, header included (row 0). fields[i] are NUL-terminated, borrowed: valid
 * only during the call. Returning non-zero stops the parse and is returned by the parser.
 */
typedef int (*mc_court_csv_row_fn)(void *ctx, size_t row, size_t n_fields, char *const *fields);

/* Parses text[0..len). Returns 0, the callback's non-zero value, or MC_COURT_E_FORMAT/NOMEM. */
MC_COURT_MUSTCHECK int mc_court_csv_parse(const char *text, size_t len, mc_court_csv_row_fn fn,
                                          void *ctx);

/* Reads the file at path and parses it. Returns as mc_court_csv_parse, or MC_COURT_E_IO. */
MC_COURT_MUSTCHECK int mc_court_csv_read(const char *path, mc_court_csv_row_fn fn, void *ctx);

/* ---------------------------------------------------------------------------------------------
 * Reference tables.
 */
enum mc_court_level {
    MC_COURT_LEVEL_SUPREME,
    MC_COURT_LEVEL_HIGH,
    MC_COURT_LEVEL_INTERMEDIATE,
    MC_COURT_LEVEL_BASIC,
    MC_COURT_LEVEL_SPECIAL, /* maritime, internet and other special courts */
};

/* One court of court_codes_zhejiang.csv. Strings are UTF-8; "" when the column is empty. */
struct mc_court {
    const char *code;    /* e.g. "浙0203" */
    const char *name_zh; /* e.g. "宁波市海曙区人民法院" */
    const char *name_en;
    const char *parent_code; /* "" for the High Court */
    const char *region_code; /* GB/T 2260 code, e.g. "330203" */
    enum mc_court_level level;
    bool is_current; /* false for courts abolished or renamed (status "historical") */
};

/* Procedure family of a case-type code, derived from the code's leading characters. */
enum mc_case_family {
    MC_CASE_FAMILY_CIVIL,
    MC_CASE_FAMILY_ADMINISTRATIVE,
    MC_CASE_FAMILY_CRIMINAL,
    MC_CASE_FAMILY_ENFORCEMENT,
    MC_CASE_FAMILY_PRESERVATION, /* pre-suit property, conduct or evidence preservation */
    MC_CASE_FAMILY_BANKRUPTCY,
    MC_CASE_FAMILY_ASSISTANCE,   /* judicial assistance: foreign, HK, Macau, Taiwan judgments */
    MC_CASE_FAMILY_JUDICIAL_AID, /* 司法救助 */
    MC_CASE_FAMILY_COMPENSATION, /* state compensation */
    MC_CASE_FAMILY_SPECIALISED,  /* 知: a specialised-trial code, not a case type */
    MC_CASE_FAMILY_OTHER,
};

/* One row of case_type_codes.csv. */
struct mc_case_type {
    const char *code; /* e.g. "民初"; the "（已废止）" marker is stripped */
    const char *meaning_zh;
    const char *meaning_en;
    enum mc_case_family family;
    bool is_obsolete; /* pre-2016 designators such as 商初; not valid in new case numbers */
};

/* One row of causes_of_action_civil.csv (2020 catalogue numbering). */
struct mc_cause {
    const char *number;  /* e.g. "103(3)" or "第四部分" */
    const char *name_zh; /* e.g. "民间借贷纠纷" */
    const char *name_en;
    const char *parent; /* number of the parent entry, "" for a part */
    int level;          /* 1 part ... 4 fourth-level cause */
};

/* One row of region_codes_zhejiang.csv. */
struct mc_region {
    const char *code; /* six digits */
    const char *name_zh;
    bool is_current; /* false for codes used between 1980 and 2021 and since abolished */
};

/* Named procedural periods; the value of each is read from procedure_deadlines.csv. */
enum mc_court_period {
    MC_PERIOD_FILING_DECISION,      /* CPL Art.126: decide on filing, 7 days from receipt */
    MC_PERIOD_SERVE_COMPLAINT,      /* CPL Art.128: serve the complaint, 5 days from filing */
    MC_PERIOD_ANSWER,               /* CPL Art.128: defendant's answer, 15 days */
    MC_PERIOD_ANSWER_FOREIGN,       /* CPL Art.285: answer without PRC domicile, 30 days */
    MC_PERIOD_EXTENSION_REQUEST,    /* CPL Art.86: ask for a missed period, 10 days */
    MC_PERIOD_APPEAL_JUDGMENT,      /* CPL Art.171: 15 days from service of a judgment */
    MC_PERIOD_APPEAL_RULING,        /* CPL Art.171: 10 days from service of a ruling */
    MC_PERIOD_ORDINARY_LIMIT,       /* CPL Art.152: ordinary procedure, 6 months */
    MC_PERIOD_SUMMARY_LIMIT,        /* CPL Art.164: summary procedure, 3 months */
    MC_PERIOD_SMALL_CLAIMS_LIMIT,   /* CPL Art.168: small claims, 2 months */
    MC_PERIOD_SECOND_INSTANCE,      /* CPL Art.183: appeal of a judgment, 3 months */
    MC_PERIOD_RETRIAL_APPLICATION,  /* CPL Art.216: 6 months after effect */
    MC_PERIOD_PUBLIC_NOTICE,        /* CPL Art.95: service by notice complete after 30 days */
    MC_PERIOD_JUDICIAL_CONFIRM,     /* CPL Art.205: joint application, 30 days */
    MC_PERIOD_PAYMENT_ORDER_ACCEPT, /* CPL Art.226: notify the creditor, 5 days */
    MC_PERIOD_ENFORCEMENT_APPLY,    /* CPL Art.250: apply for enforcement, 2 years */
    MC_PERIOD_ENFORCEMENT_ESCALATE, /* CPL Art.237: not enforced in 6 months */
    MC_PERIOD_FEE_PAYMENT,          /* 办法 Art.22: pay the acceptance fee, 7 days */
    MC_PERIOD_ONLINE_REGISTER, /* 在线诉讼规则 Art.10: defendant registers online, 3 days */
    MC_PERIOD_COUNT
};

enum mc_period_unit {
    MC_UNIT_DAY,
    MC_UNIT_MONTH,
    MC_UNIT_YEAR,
};

/* A period as read from the table. */
struct mc_period {
    int n;
    enum mc_period_unit unit;
    const char *article; /* borrowed: static, e.g. "CPL Art.126" */
};

/* Opaque set of loaded tables; read-only after load. */
struct mc_court_tables;

/*
 * Loads court_codes_zhejiang.csv, case_type_codes.csv, causes_of_action_civil.csv,
 * region_codes_zhejiang.csv and procedure_deadlines.csv from dir. Every named period must be
 * found in procedure_deadlines.csv or the load fails with MC_COURT_E_FORMAT.
 * out: owned: caller frees with mc_court_tables_destroy; written only on success.
 * Returns 0, MC_COURT_E_INVALID, MC_COURT_E_IO, MC_COURT_E_FORMAT or MC_COURT_E_NOMEM.
 */
MC_COURT_MUSTCHECK int mc_court_tables_load(const char *dir, struct mc_court_tables **out);

/* Frees the tables and every string they hold. Accepts NULL. */
void mc_court_tables_destroy(struct mc_court_tables *t);

/*
 * Finds a court by code ("浙0203").
 * out: borrowed: valid until mc_court_tables_destroy. Returns 0, MC_COURT_E_INVALID or
 * MC_COURT_E_NOT_FOUND.
 */
MC_COURT_MUSTCHECK int mc_court_find(const struct mc_court_tables *t, const char *code,
                                     const struct mc_court **out);

/* Number of courts; mc_court_at(t, i) for i below it returns a borrowed entry (NULL if out of
 * range), in file order. */
size_t mc_court_count(const struct mc_court_tables *t);
const struct mc_court *mc_court_at(const struct mc_court_tables *t, size_t i);

/* Finds a case type by code ("民初", "执"). out: borrowed as for mc_court_find. */
MC_COURT_MUSTCHECK int mc_case_type_find(const struct mc_court_tables *t, const char *code,
                                         const struct mc_case_type **out);

/* Returns a stable name for a family ("civil", "administrative", ...); static, never NULL. */
const char *mc_case_family_name(enum mc_case_family f);

/* Finds a civil cause of action by its Chinese name; when a name repeats at several levels (a
 * part and its group), the deepest entry is returned. out: borrowed as for mc_court_find. */
MC_COURT_MUSTCHECK int mc_cause_find(const struct mc_court_tables *t, const char *name_zh,
                                     const struct mc_cause **out);

/* Finds a Zhejiang region code, current or historical. out: borrowed as for mc_court_find. */
MC_COURT_MUSTCHECK int mc_region_find(const struct mc_court_tables *t, const char *code,
                                      const struct mc_region **out);

/*
 * Copies the named period as loaded from procedure_deadlines.csv into *out.
 * Returns 0 or MC_COURT_E_INVALID (NULL argument or unknown period).
 */
MC_COURT_MUSTCHECK int mc_court_period_get(const struct mc_court_tables *t, enum mc_court_period p,
                                           struct mc_period *out);

/* ---------------------------------------------------------------------------------------------
 * Resident ID numbers (GB 11643-1999).
 */
enum mc_idnum_error {
    MC_IDNUM_OK = 0,
    MC_IDNUM_E_ARG,         /* NULL input, or `today` is not a valid date */
    MC_IDNUM_E_LENGTH,      /* not 18 characters (15-digit numbers included) */
    MC_IDNUM_E_CHARS,       /* non-digit in 1-17, or an 18th character other than 0-9/X */
    MC_IDNUM_E_LOWERCASE_X, /* check character written as x; strict mode only */
    MC_IDNUM_E_REGION,      /* address code not plausible */
    MC_IDNUM_E_DATE,        /* birth date impossible or after `today` */
    MC_IDNUM_E_CHECK,       /* check character does not match (ISO 7064 MOD 11-2) */
};

/* Flags for mc_idnum_validate. Strict (0) takes the input as-is. */
enum {
    /* Trim white space, map full-width digits/X to ASCII and x to X before validating. */
    MC_IDNUM_F_NORMALIZE = 1u << 0,
    /* Also accept the address codes 810000/820000/830000 of HK, Macau and Taiwan residence
     * permits (2018). GB/T 2260 lists 71/81/82 but the mainland ID vectors do not use them. */
    MC_IDNUM_F_RESIDENCE_PERMIT = 1u << 1,
};

struct mc_idnum_info {
    char number[19]; /* the validated 18-character number (normalised form) */
    char region[7];  /* address code, e.g. "110105" */
    struct mc_date birth;
    int sequence; /* 0..999 */
    bool is_male; /* odd sequence */
};

/*
 * Validates an 18-character ID number. The address code must start with one of the 31 mainland
 * province codes; a 33xxxx code must appear in region_codes_zhejiang.csv when `tables` is not
 * NULL (historical codes count). The birth date must exist and not be after `today`; years
 * before 1900 are allowed. out_info may be NULL and is written only on success.
 * Returns MC_IDNUM_OK or the first failing enum mc_idnum_error, checked in enum order.
 */
MC_COURT_MUSTCHECK int mc_idnum_validate(const char *input, unsigned flags,
                                         const struct mc_court_tables *tables, struct mc_date today,
                                         struct mc_idnum_info *out_info);

/* Returns a stable short reason ("length", "lowercase_x", ...); static, never NULL. */
const char *mc_idnum_strerror(int err);

/* Normalises as MC_IDNUM_F_NORMALIZE does into out (NUL-terminated). Returns MC_IDNUM_OK,
 * MC_IDNUM_E_ARG or MC_IDNUM_E_LENGTH (result is not 18 characters). */
MC_COURT_MUSTCHECK int mc_idnum_normalize(const char *input, char out[19]);

/* Computes the check character ('0'-'9' or 'X') for 17 body digits. Returns MC_IDNUM_OK,
 * MC_IDNUM_E_ARG or MC_IDNUM_E_CHARS. */
MC_COURT_MUSTCHECK int mc_idnum_check_char(const char *body17, char *out_check);

/* Upgrades a 15-digit first-generation number (year 19xx) to 18 characters. Returns
 * MC_IDNUM_OK, MC_IDNUM_E_ARG, MC_IDNUM_E_LENGTH or MC_IDNUM_E_CHARS. */
MC_COURT_MUSTCHECK int mc_idnum_upgrade15(const char *id15, char out[19]);

/* ---------------------------------------------------------------------------------------------
 * Litigation fees (诉讼费用交纳办法), integer fen (1 yuan = 100 fen), no floating point.
 * Rounding: the exact fee (a multiple of 1/1000 fen before halving or thirds) is rounded once,
 * at the end, half up to the fen. Amounts above MC_FEE_MAX_AMOUNT_FEN (10^13 fen, i.e. 100 billion
 * yuan) are rejected as absurd; negative amounts are rejected.
 */
#define MC_FEE_MAX_AMOUNT_FEN INT64_C(10000000000000)

enum mc_fee_kind {
    /* Art.13 acceptance fees; the amount is the claim unless noted. */
    MC_FEE_PROPERTY,               /* 13(1) cumulative scale; IP cases with an amount */
    MC_FEE_DIVORCE,                /* 13(2)1 50-300; amount = property divided, or 0 */
    MC_FEE_PERSONALITY,            /* 13(2)2 100-500; amount = damages claimed, or 0 */
    MC_FEE_OTHER_NON_PROPERTY,     /* 13(2)3 50-100 */
    MC_FEE_IP_NO_AMOUNT,           /* 13(3) 500-1,000 */
    MC_FEE_LABOUR,                 /* 13(4) 10 */
    MC_FEE_ADMIN_SPECIAL,          /* 13(5)1 trademark, patent, maritime: 100 */
    MC_FEE_ADMIN_OTHER,            /* 13(5)2 50 */
    MC_FEE_JURISDICTION_OBJECTION, /* 13(6) 50-100, only when the objection fails */
    MC_FEE_EXEMPT,                 /* Art.8 special procedure, dismissals, admin damages */

    /* Art.14 application fees; never halved. */
    MC_FEE_ENFORCEMENT,           /* 14(1) cumulative; amount = amount enforced */
    MC_FEE_ENFORCEMENT_NO_AMOUNT, /* 14(1) 50-500 */
    MC_FEE_PRESERVATION,          /* 14(2) amount = value preserved (0: none); cap 5,000 */
    MC_FEE_PAYMENT_ORDER,         /* 14(3) one third of the property fee */
    MC_FEE_PUBLIC_SUMMONS,        /* 14(4) 100 */
    MC_FEE_ARBITRATION_REVIEW,    /* 14(5) 400 */
    MC_FEE_BANKRUPTCY,            /* 14(6) half the property fee on the assets; cap 300,000 */
    MC_FEE_MARITIME_FUND,         /* 14(7)1 1,000-10,000 */
    MC_FEE_MARITIME_INJUNCTION,   /* 14(7)2 1,000-5,000 */
    MC_FEE_MARITIME_LIEN_SUMMONS, /* 14(7)3 1,000-5,000 */
    MC_FEE_MARITIME_CLAIM_REG,    /* 14(7)4 claim registration 1,000 */
    MC_FEE_GENERAL_AVERAGE,       /* 14(7)5 1,000 */
};

/* Reasons to halve an Art.13 acceptance fee. Any combination halves it exactly once
 * (民诉法解释 Art.206). Small claims follow the summary-procedure rule (an interpretation). */
enum {
    MC_FEE_R_SUMMARY = 1u << 0,      /* Art.16 summary procedure */
    MC_FEE_R_MEDIATED = 1u << 1,     /* Art.15 closed by mediation */
    MC_FEE_R_WITHDRAWN = 1u << 2,    /* Art.15 plaintiff withdraws */
    MC_FEE_R_SMALL_CLAIMS = 1u << 3, /* small-claims procedure */
    MC_FEE_R_COUNTERCLAIM = 1u << 4, /* Art.18 counterclaim or third-party claim heard together */
};

struct mc_fee {
    int64_t fen;     /* the fee to charge: the low end of a statutory range (the default) */
    int64_t min_fen; /* low end of the statutory range; equals max_fen for a fixed fee */
    int64_t max_fen; /* high end; provinces fix the amount inside the range (not collected) */
};

/*
 * Computes the fee of `kind` for amount_fen (ignored by fixed-amount kinds; must still be in
 * 0..MC_FEE_MAX_AMOUNT_FEN). `reductions` (MC_FEE_R_*) apply to Art.13 kinds only.
 * Returns 0, MC_COURT_E_INVALID (NULL out, unknown kind or flag, reductions on a kind that is
 * never halved: Art.14, Art.8 or a jurisdiction objection) or MC_COURT_E_RANGE (negative or
 * absurd amount). out is written only on success.
 */
MC_COURT_MUSTCHECK int mc_fee_compute(enum mc_fee_kind kind, int64_t amount_fen,
                                      unsigned reductions, struct mc_fee *out);

/* Art.13(1) acceptance fee for a property claim, in fen. Returns as mc_fee_compute. */
MC_COURT_MUSTCHECK int mc_fee_acceptance(int64_t claim_fen, int64_t *out_fen);

/* Art.14(1) enforcement application fee for the amount enforced, in fen. */
MC_COURT_MUSTCHECK int mc_fee_enforcement(int64_t amount_fen, int64_t *out_fen);

/* Art.14(2) preservation fee for the value preserved (0 = no amount), capped at 5,000 yuan. */
MC_COURT_MUSTCHECK int mc_fee_preservation(int64_t amount_fen, int64_t *out_fen);

/* ---------------------------------------------------------------------------------------------
 * Periods (CPL Art.85): the start day is not counted; a period in months or years ends on the
 * corresponding day (the month's last day when there is none); a last day that is not a working
 * day moves to the next working day. Saturdays and Sundays are non-working unless a calendar
 * marks them as make-up working days (调休).
 */
struct mc_court_calendar;

/*
 * Loads a holiday file: CSV with header "date,kind", date YYYY-MM-DD, kind "holiday" or
 * "workday". out: owned: caller frees with mc_court_calendar_destroy; written only on success.
 * Returns 0, MC_COURT_E_INVALID, MC_COURT_E_IO, MC_COURT_E_FORMAT or MC_COURT_E_NOMEM.
 */
MC_COURT_MUSTCHECK int mc_court_calendar_load(const char *path, struct mc_court_calendar **out);

/* Frees a calendar. Accepts NULL. */
void mc_court_calendar_destroy(struct mc_court_calendar *cal);

/* True when d is a working day. cal may be NULL: weekends only. */
bool mc_court_is_working_day(const struct mc_court_calendar *cal, struct mc_date d);

/*
 * The last day of a period of n units starting on `start` (the day of the triggering event).
 * cal may be NULL. Returns 0, MC_COURT_E_INVALID (bad date, n < 0) or MC_COURT_E_RANGE.
 */
MC_COURT_MUSTCHECK int mc_court_period_end(struct mc_date start, int n, enum mc_period_unit unit,
                                           const struct mc_court_calendar *cal,
                                           struct mc_date *out_end);

/* mc_court_period_end for a named period read from the tables. */
MC_COURT_MUSTCHECK int mc_court_deadline(const struct mc_court_tables *t, enum mc_court_period p,
                                         struct mc_date start, const struct mc_court_calendar *cal,
                                         struct mc_date *out_end);

/* ---------------------------------------------------------------------------------------------
 * Case numbers (SPC 法〔2015〕137号, amended 2018): "(2026)浙0203民初1号" =
 * "(" year ")" court code [specialised code 知] type code sequence "号".
 */
struct mc_case_number {
    int year;        /* 1949..9999 */
    char court[16];  /* UTF-8, e.g. "浙0203", "浙", "最高法" */
    char special[4]; /* "" or "知" */
    char type[16];   /* e.g. "民初", "执", "民诉前调" */
    uint32_t seq;    /* 1..999999999 */
};

enum {
    /* Write full-width parentheses （2026） as printed on court documents; the default is the
     * ASCII form (2026). Parsing accepts both. */
    MC_CASE_NUMBER_F_FULLWIDTH = 1u << 0,
};

/*
 * Formats cn into buf (NUL-terminated). Returns the length written (> 0), MC_COURT_E_INVALID
 * (bad field) or MC_COURT_E_SPACE (buf too small; 64 bytes always suffice).
 */
MC_COURT_MUSTCHECK int mc_case_number_format(const struct mc_case_number *cn, unsigned flags,
                                             char *buf, size_t buf_len);

/*
 * Parses a case number. Suffixes such as 之一 and ranges such as 1-6 are rejected. When tables
 * is not NULL, the type code must be a current code in case_type_codes.csv and a Zhejiang (浙)
 * court code must be in court_codes_zhejiang.csv; other provinces are checked for syntax only.
 * Returns 0, MC_COURT_E_INVALID (malformed) or MC_COURT_E_NOT_FOUND (unknown court or type).
 */
MC_COURT_MUSTCHECK int mc_case_number_parse(const char *s, const struct mc_court_tables *tables,
                                            struct mc_case_number *out);

#endif
