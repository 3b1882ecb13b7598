/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Dates and periods: calendar arithmetic against a day-by-day count, the Asia/Shanghai date,
 * CPL Art.85 period ends with weekends and with a holiday calendar file, and bad input.
 */
#include "../../../common/src/court_csv.c"
#include "../../../common/src/court_dates.c"
#include "../../../common/src/court_tables.c"

#include "harness.h"

#include <unistd.h>

static struct mc_date date(int y, int m, int d)
{
    struct mc_date out = {y, m, d};

    return out;
}

#define CHECK_DATE(y, m, d, actual)                                                                \
    do {                                                                                           \
        char buf_[11];                                                                             \
        char want_[16];                                                                            \
                                                                                                   \
        mc_date_format((actual), buf_);                                                            \
        snprintf(want_, sizeof want_, "%04d-%02d-%02d", (y), (m), (d));                            \
        CHECK_STR(want_, buf_);                                                                    \
    } while (0)

static void test_validity(void)
{
    CHECK(mc_date_is_valid(date(2024, 2, 29)));
    CHECK(mc_date_is_valid(date(2000, 2, 29)));
    CHECK(!mc_date_is_valid(date(2023, 2, 29)));
    CHECK(!mc_date_is_valid(date(1900, 2, 29)));
    CHECK(!mc_date_is_valid(date(2026, 2, 30)));
    CHECK(!mc_date_is_valid(date(2026, 4, 31)));
    CHECK(!mc_date_is_valid(date(2026, 13, 1)));
    CHECK(!mc_date_is_valid(date(2026, 0, 1)));
    CHECK(!mc_date_is_valid(date(2026, 1, 0)));
    CHECK(!mc_date_is_valid(date(0, 1, 1)));
    CHECK(!mc_date_is_valid(date(10000, 1, 1)));
}

/* Day numbers against an independent day-by-day walk from 1600 to 2400. */
static void test_day_numbers(void)
{
    struct mc_date d = date(1600, 1, 1);
    int64_t day = mc_date_to_days(d);
    int n_bad = 0;

    CHECK_INT(0, mc_date_to_days(date(1970, 1, 1)));
    CHECK_INT(-1, mc_date_to_days(date(1969, 12, 31)));
    CHECK_INT(20790, mc_date_to_days(date(2026, 12, 3)));
    CHECK_INT(-719162, mc_date_to_days(date(1, 1, 1)));
    CHECK_INT(2932896, mc_date_to_days(date(9999, 12, 31)));
    while (d.y < 2400) {
        struct mc_date back = mc_date_from_days(day);

        if (mc_date_to_days(d) != day || mc_date_cmp(back, d) != 0)
            n_bad++;
        d.d++;
        if (!mc_date_is_valid(d)) {
            d.d = 1;
            if (++d.m == 13) {
                d.m = 1;
                d.y++;
            }
        }
        day++;
    }
    CHECK_INT(0, n_bad);
}

static void test_weekday_and_cmp(void)
{
    CHECK_INT(4, mc_date_weekday(date(1970, 1, 1)));
    CHECK_INT(4, mc_date_weekday(date(2026, 12, 3)));
    CHECK_INT(6, mc_date_weekday(date(2026, 12, 19)));
    CHECK_INT(7, mc_date_weekday(date(2026, 12, 13)));
    CHECK_INT(3, mc_date_weekday(date(1969, 12, 31)));
    CHECK(mc_date_cmp(date(2026, 1, 2), date(2026, 1, 10)) < 0);
    CHECK(mc_date_cmp(date(2027, 1, 1), date(2026, 12, 31)) > 0);
    CHECK_INT(0, mc_date_cmp(date(2026, 5, 5), date(2026, 5, 5)));
}

static void test_add_months(void)
{
    struct mc_date out = {0};

    CHECK_INT(0, mc_date_add_months(date(2026, 1, 31), 1, &out));
    CHECK_DATE(2026, 2, 28, out);
    CHECK_INT(0, mc_date_add_months(date(2024, 1, 31), 1, &out));
    CHECK_DATE(2024, 2, 29, out);
    CHECK_INT(0, mc_date_add_months(date(2024, 2, 29), 12, &out));
    CHECK_DATE(2025, 2, 28, out);
    CHECK_INT(0, mc_date_add_months(date(2026, 3, 31), -1, &out));
    CHECK_DATE(2026, 2, 28, out);
    CHECK_INT(0, mc_date_add_months(date(2026, 11, 15), 3, &out));
    CHECK_DATE(2027, 2, 15, out);
    CHECK_INT(MC_COURT_E_INVALID, mc_date_add_months(date(2026, 2, 30), 1, &out));
    CHECK_INT(MC_COURT_E_RANGE, mc_date_add_months(date(9999, 12, 1), 1, &out));
    CHECK_INT(MC_COURT_E_INVALID, mc_date_add_months(date(2026, 1, 1), 1, NULL));
}

static void test_parse_and_format(void)
{
    struct mc_date d = date(1, 1, 1);
    char buf[11];

    CHECK_INT(0, mc_date_parse("2026-12-03", &d));
    CHECK_DATE(2026, 12, 3, d);
    mc_date_format(date(880, 1, 9), buf);
    CHECK_STR("0880-01-09", buf);
    CHECK_INT(MC_COURT_E_INVALID, mc_date_parse("2026-02-30", &d));
    CHECK_INT(MC_COURT_E_INVALID, mc_date_parse("2026-2-03", &d));
    CHECK_INT(MC_COURT_E_INVALID, mc_date_parse("2026-12-03 ", &d));
    CHECK_INT(MC_COURT_E_INVALID, mc_date_parse("2026/12/03", &d));
    CHECK_INT(MC_COURT_E_INVALID, mc_date_parse("", &d));
    CHECK_INT(MC_COURT_E_INVALID, mc_date_parse(NULL, &d));
    CHECK_DATE(2026, 12, 3, d);
}

static void test_today_shanghai(void)
{
    /* 2026-12-03T16:00:00Z is midnight of 12-04 in Shanghai. */
    CHECK_DATE(2026, 12, 4, mc_date_today_shanghai((time_t)1796313600));
    CHECK_DATE(2026, 12, 3, mc_date_today_shanghai((time_t)1796313599));
    CHECK_DATE(1970, 1, 1, mc_date_today_shanghai((time_t)0));
    CHECK_DATE(1970, 1, 1, mc_date_today_shanghai((time_t)-1));
    CHECK_DATE(1969, 12, 31, mc_date_today_shanghai((time_t)(-8 * 3600 - 1)));
}

static void test_periods_weekends_only(void)
{
    struct mc_date end = {0};

    /* Filing decision: complaint received Thursday 12-03, 7 days -> Thursday 12-10. */
    CHECK_INT(0, mc_court_period_end(date(2026, 12, 3), 7, MC_UNIT_DAY, NULL, &end));
    CHECK_DATE(2026, 12, 10, end);

    /* 15 days from Friday 12-04 end on Saturday 12-19 -> Monday 12-21. */
    CHECK_INT(0, mc_court_period_end(date(2026, 12, 4), 15, MC_UNIT_DAY, NULL, &end));
    CHECK_DATE(2026, 12, 21, end);

    /* 10 days from 12-03 end on Sunday 12-13 -> Monday 12-14. */
    CHECK_INT(0, mc_court_period_end(date(2026, 12, 3), 10, MC_UNIT_DAY, NULL, &end));
    CHECK_DATE(2026, 12, 14, end);

    /* 3 months from 11-30 -> 2027-02-28 (no 30th; a Sunday) -> Monday 03-01. */
    CHECK_INT(0, mc_court_period_end(date(2026, 11, 30), 3, MC_UNIT_MONTH, NULL, &end));
    CHECK_DATE(2027, 3, 1, end);

    /* 2 years from 2024-02-29 -> Saturday 2026-02-28 -> Monday 03-02. */
    CHECK_INT(0, mc_court_period_end(date(2024, 2, 29), 2, MC_UNIT_YEAR, NULL, &end));
    CHECK_DATE(2026, 3, 2, end);

    /* A zero-length period ends on the start day (moved if it is a rest day). */
    CHECK_INT(0, mc_court_period_end(date(2026, 12, 12), 0, MC_UNIT_DAY, NULL, &end));
    CHECK_DATE(2026, 12, 14, end);
}

static void test_named_deadlines(void)
{
    struct mc_court_tables *t = NULL;
    struct mc_date end = {0};

    CHECK_INT(0, mc_court_tables_load("data", &t));
    CHECK_INT(0, mc_court_deadline(t, MC_PERIOD_FILING_DECISION, date(2026, 12, 3), NULL, &end));
    CHECK_DATE(2026, 12, 10, end);
    CHECK_INT(0, mc_court_deadline(t, MC_PERIOD_ANSWER, date(2026, 12, 3), NULL, &end));
    CHECK_DATE(2026, 12, 18, end);
    CHECK_INT(0, mc_court_deadline(t, MC_PERIOD_APPEAL_RULING, date(2026, 12, 3), NULL, &end));
    CHECK_DATE(2026, 12, 14, end);
    CHECK_INT(0, mc_court_deadline(t, MC_PERIOD_SUMMARY_LIMIT, date(2026, 3, 31), NULL, &end));
    CHECK_DATE(2026, 6, 30, end);
    CHECK_INT(0, mc_court_deadline(t, MC_PERIOD_SMALL_CLAIMS_LIMIT, date(2026, 3, 31), NULL, &end));
    CHECK_DATE(2026, 6, 1, end);
    CHECK_INT(0, mc_court_deadline(t, MC_PERIOD_ENFORCEMENT_APPLY, date(2026, 12, 3), NULL, &end));
    CHECK_DATE(2028, 12, 4, end);
    CHECK_INT(MC_COURT_E_INVALID,
              mc_court_deadline(NULL, MC_PERIOD_ANSWER, date(2026, 12, 3), NULL, &end));
    mc_court_tables_destroy(t);
}

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");

    if (f == NULL)
        return -1;
    fputs(text, f);
    return fclose(f);
}

static void test_holiday_calendar(void)
{
    char path[] = "/tmp/mc_holidays_XXXXXX";
    int fd = mkstemp(path);
    struct mc_court_calendar *cal = NULL;
    struct mc_date end = {0};

    CHECK(fd >= 0);
    close(fd);
    CHECK_INT(0, write_file(path, "date,kind\n2026-12-11,holiday\n2026-12-10,holiday\n"
                                  "2026-12-12,workday\n"));
    CHECK_INT(0, mc_court_calendar_load(path, &cal));
    CHECK(!mc_court_is_working_day(cal, date(2026, 12, 10)));
    CHECK(mc_court_is_working_day(cal, date(2026, 12, 12)));
    CHECK(!mc_court_is_working_day(cal, date(2026, 12, 13)));
    CHECK(mc_court_is_working_day(NULL, date(2026, 12, 10)));
    CHECK(!mc_court_is_working_day(NULL, date(2026, 12, 12)));

    /* Ends on holiday 12-10, next day 12-11 also a holiday, 12-12 a make-up working day. */
    CHECK_INT(0, mc_court_period_end(date(2026, 12, 3), 7, MC_UNIT_DAY, cal, &end));
    CHECK_DATE(2026, 12, 12, end);
    mc_court_calendar_destroy(cal);
    cal = NULL;

    CHECK_INT(0, write_file(path, "date,kind\n2026-12-10,vacation\n"));
    CHECK_INT(MC_COURT_E_FORMAT, mc_court_calendar_load(path, &cal));
    CHECK_INT(0, write_file(path, "date,kind\n2026-02-30,holiday\n"));
    CHECK_INT(MC_COURT_E_FORMAT, mc_court_calendar_load(path, &cal));
    CHECK_INT(0, write_file(path, "day,kind\n2026-12-10,holiday\n"));
    CHECK_INT(MC_COURT_E_FORMAT, mc_court_calendar_load(path, &cal));
    CHECK(cal == NULL);
    unlink(path);
    CHECK_INT(MC_COURT_E_IO, mc_court_calendar_load(path, &cal));
    CHECK_INT(MC_COURT_E_INVALID, mc_court_calendar_load(NULL, &cal));
    mc_court_calendar_destroy(NULL);
}

static void test_period_bad_input(void)
{
    struct mc_date end = date(2000, 1, 1);

    CHECK_INT(MC_COURT_E_INVALID,
              mc_court_period_end(date(2026, 2, 30), 7, MC_UNIT_DAY, NULL, &end));
    CHECK_INT(MC_COURT_E_INVALID,
              mc_court_period_end(date(2026, 2, 1), -1, MC_UNIT_DAY, NULL, &end));
    CHECK_INT(MC_COURT_E_INVALID,
              mc_court_period_end(date(2026, 2, 1), 1, MC_UNIT_DAY, NULL, NULL));
    CHECK_INT(MC_COURT_E_INVALID,
              mc_court_period_end(date(2026, 2, 1), 1, (enum mc_period_unit)7, NULL, &end));
    CHECK_INT(MC_COURT_E_RANGE,
              mc_court_period_end(date(9999, 12, 30), 5, MC_UNIT_DAY, NULL, &end));
    CHECK_INT(MC_COURT_E_RANGE,
              mc_court_period_end(date(2026, 1, 1), 9000, MC_UNIT_YEAR, NULL, &end));
    CHECK_DATE(2000, 1, 1, end);
}

TH_MAIN(TH_CASE(test_validity), TH_CASE(test_day_numbers), TH_CASE(test_weekday_and_cmp),
        TH_CASE(test_add_months), TH_CASE(test_parse_and_format), TH_CASE(test_today_shanghai),
        TH_CASE(test_periods_weekends_only), TH_CASE(test_named_deadlines),
        TH_CASE(test_holiday_calendar), TH_CASE(test_period_bad_input))
