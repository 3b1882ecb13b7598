/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Case numbers: formatting and parsing of real numbers cited in the reference tables, the
 * specialised-trial code, full-width parentheses, table checks and malformed input.
 */
#include "../../../common/src/court_csv.c"
#include "../../../common/src/court_number.c"
#include "../../../common/src/court_tables.c"

#include "harness.h"

static struct mc_court_tables *tables;

static void load_tables(void)
{
    if (tables == NULL)
        CHECK_INT(0, mc_court_tables_load("data", &tables));
}

static struct mc_case_number make(int year, const char *court, const char *special,
                                  const char *type, uint32_t seq)
{
    struct mc_case_number cn = {.year = year, .seq = seq};

    snprintf(cn.court, sizeof cn.court, "%s", court);
    snprintf(cn.special, sizeof cn.special, "%s", special);
    snprintf(cn.type, sizeof cn.type, "%s", type);
    return cn;
}

static void test_format(void)
{
    struct mc_case_number cn = make(2026, "浙0203", "", "民初", 1);
    char buf[64];

    CHECK_INT((int)strlen("(2026)浙0203民初1号"), mc_case_number_format(&cn, 0, buf, sizeof buf));
    CHECK_STR("(2026)浙0203民初1号", buf);
    cn = make(2026, "浙0203", "", "执", 1);
    CHECK(mc_case_number_format(&cn, 0, buf, sizeof buf) > 0);
    CHECK_STR("(2026)浙0203执1号", buf);
    CHECK(mc_case_number_format(&cn, MC_CASE_NUMBER_F_FULLWIDTH, buf, sizeof buf) > 0);
    CHECK_STR("（2026）浙0203执1号", buf);
    cn = make(2024, "沪01", "知", "民初", 567);
    CHECK(mc_case_number_format(&cn, 0, buf, sizeof buf) > 0);
    CHECK_STR("(2024)沪01知民初567号", buf);
    cn = make(2019, "最高法", "", "民终", 999999999);
    CHECK(mc_case_number_format(&cn, 0, buf, sizeof buf) > 0);
    CHECK_STR("(2019)最高法民终999999999号", buf);
}

static void test_format_rejects(void)
{
    struct mc_case_number cn = make(2026, "浙0203", "", "民初", 1);
    char buf[64] = "unchanged";

    CHECK_INT(MC_COURT_E_SPACE, mc_case_number_format(&cn, 0, buf, 10));
    CHECK_INT(MC_COURT_E_INVALID, mc_case_number_format(NULL, 0, buf, sizeof buf));
    CHECK_INT(MC_COURT_E_INVALID, mc_case_number_format(&cn, 0, NULL, sizeof buf));
    CHECK_INT(MC_COURT_E_INVALID, mc_case_number_format(&cn, 1u << 5, buf, sizeof buf));
    cn.seq = 0;
    CHECK_INT(MC_COURT_E_INVALID, mc_case_number_format(&cn, 0, buf, sizeof buf));
    cn = make(1900, "浙0203", "", "民初", 1);
    CHECK_INT(MC_COURT_E_INVALID, mc_case_number_format(&cn, 0, buf, sizeof buf));
    cn = make(2026, "浙020", "", "民初", 1);
    CHECK_INT(MC_COURT_E_INVALID, mc_case_number_format(&cn, 0, buf, sizeof buf));
    cn = make(2026, "XY01", "", "民初", 1);
    CHECK_INT(MC_COURT_E_INVALID, mc_case_number_format(&cn, 0, buf, sizeof buf));
    cn = make(2026, "浙01", "金", "民初", 1);
    CHECK_INT(MC_COURT_E_INVALID, mc_case_number_format(&cn, 0, buf, sizeof buf));
    cn = make(2026, "浙01", "", "", 1);
    CHECK_INT(MC_COURT_E_INVALID, mc_case_number_format(&cn, 0, buf, sizeof buf));
    cn = make(2026, "浙01", "", "民号", 1);
    CHECK_INT(MC_COURT_E_INVALID, mc_case_number_format(&cn, 0, buf, sizeof buf));
    cn = make(2026, "浙01", "", "ab", 1);
    CHECK_INT(MC_COURT_E_INVALID, mc_case_number_format(&cn, 0, buf, sizeof buf));
}

static void check_parse(const char *s, int year, const char *court, const char *special,
                        const char *type, uint32_t seq)
{
    struct mc_case_number cn = {0};
    char buf[64];

    load_tables();
    CHECK_INT(0, mc_case_number_parse(s, tables, &cn));
    CHECK_INT(year, cn.year);
    CHECK_STR(court, cn.court);
    CHECK_STR(special, cn.special);
    CHECK_STR(type, cn.type);
    CHECK_INT(seq, cn.seq);

    /* Formatting the parsed value gives the ASCII form back. */
    CHECK(mc_case_number_format(&cn, 0, buf, sizeof buf) > 0);
    if (strncmp(s, "(", 1) == 0)
        CHECK_STR(s, buf);
}

static void test_parse_real_numbers(void)
{
    check_parse("(2026)浙0203民初1号", 2026, "浙0203", "", "民初", 1);
    check_parse("(2026)浙0203执1号", 2026, "浙0203", "", "执", 1);
    check_parse("(2023)浙0203民初9952号", 2023, "浙0203", "", "民初", 9952);
    check_parse("(2020)浙01民终736号", 2020, "浙01", "", "民终", 736);
    check_parse("(2019)浙民终651号", 2019, "浙", "", "民终", 651);
    check_parse("(2019)浙72民初9号", 2019, "浙72", "", "民初", 9);
    check_parse("(2021)浙0192民初1695号", 2021, "浙0192", "", "民初", 1695);
    check_parse("(2024)浙02民诉前调595号", 2024, "浙02", "", "民诉前调", 595);
    check_parse("(2018)沪01协外认16号", 2018, "沪01", "", "协外认", 16);
    check_parse("(2024)沪01知民初567号", 2024, "沪01", "知", "民初", 567);
    check_parse("（2026）浙0203民初12号", 2026, "浙0203", "", "民初", 12);
}

static void test_parse_against_tables(void)
{
    struct mc_case_number cn = {.year = 7};

    load_tables();

    /* Unknown Zhejiang court and unknown or obsolete types are rejected with tables... */
    CHECK_INT(MC_COURT_E_NOT_FOUND, mc_case_number_parse("(2026)浙0299民初1号", tables, &cn));
    CHECK_INT(MC_COURT_E_NOT_FOUND, mc_case_number_parse("(2026)浙0203刑初1号", tables, &cn));
    CHECK_INT(MC_COURT_E_NOT_FOUND, mc_case_number_parse("(2026)浙0203商初1号", tables, &cn));
    CHECK_INT(MC_COURT_E_NOT_FOUND, mc_case_number_parse("(2026)浙0203知1号", tables, &cn));
    CHECK_INT(7, cn.year);

    /* ...but accepted as syntax without them; other provinces are syntax-checked only. */
    CHECK_INT(0, mc_case_number_parse("(2026)浙0299刑初1号", NULL, &cn));
    CHECK_STR("刑初", cn.type);
    CHECK_INT(0, mc_case_number_parse("(2024)沪0114执2986号", tables, &cn));
}

static void test_parse_malformed(void)
{
    static const char *const bad[] = {
        "",
        "2026浙0203民初1号",
        "(2026浙0203民初1号",
        "(26)浙0203民初1号",
        "(1900)浙0203民初1号",
        "(2026）浙0203民初1号",
        "(2026)0203民初1号",
        "(2026)浙020民初1号",
        "(2026)浙020345民初1号",
        "(2026)浙0203民初0号",
        "(2026)浙0203民初01号",
        "(2026)浙0203民初号",
        "(2026)浙0203民初1",
        "(2026)浙0203民初1号之一",
        "(2024)浙0114破1-6号",
        "(2026)浙0203民初1000000000号",
        "(2026)浙0203民初1号 ",
        "(2026)浙02031号",
        "(2026)浙0203abc1号",
        "(2026)浙0203民初民初民初1号",
        "(2013)杭下商初字第383号",
    };
    struct mc_case_number cn;

    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        int rc = mc_case_number_parse(bad[k], NULL, &cn);

        if (rc != MC_COURT_E_INVALID)
            fprintf(stderr, "accepted malformed case number [%s]\n", bad[k]);
        CHECK_INT(MC_COURT_E_INVALID, rc);
    }
    CHECK_INT(MC_COURT_E_INVALID, mc_case_number_parse(NULL, NULL, &cn));
    CHECK_INT(MC_COURT_E_INVALID, mc_case_number_parse("(2026)浙0203民初1号", NULL, NULL));
}

static void test_cleanup(void)
{
    mc_court_tables_destroy(tables);
    tables = NULL;
}

TH_MAIN(TH_CASE(test_format), TH_CASE(test_format_rejects), TH_CASE(test_parse_real_numbers),
        TH_CASE(test_parse_against_tables), TH_CASE(test_parse_malformed), TH_CASE(test_cleanup))
