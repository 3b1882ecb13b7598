/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Calendar dates, the Asia/Shanghai "today", working days and procedural periods under CPL
 * Art.85. Day counts use the proleptic Gregorian calendar, computed with integer arithmetic over
 * 400-year eras (146,097 days each), so no time zone or libc date function is involved.
 *
 * TODO(holiday-calendar): no data/holidays_cn.csv is shipped — the 2026/2027 State Council
 * holiday schedules were not available from a source checked here, so without a calendar file
 * only weekends count as non-working days and a period ending on a public holiday is not moved.
 */
#include "mc/court.h"

#include <stdlib.h>
#include <string.h>

#define DAYS_PER_ERA 146097
/* Days from 0000-03-01 to 1970-01-01 in the March-based year count used below. */
#define EPOCH_SHIFT 719468

struct mc_court_calendar {
    int64_t *holidays; /* sorted day numbers that are non-working */
    size_t n_holidays;
    int64_t *workdays; /* sorted make-up working days (调休), usually weekends */
    size_t n_workdays;
};

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool mc_date_is_valid(struct mc_date d)
{
    if (d.y < 1 || d.y > 9999 || d.m < 1 || d.m > 12 || d.d < 1)
        return false;
    return d.d <= month_days(d.y, d.m);
}

/*
 * Design: years are counted from March so that the leap day is the last day of a year; the day
 * of a March-based year is then (153 * month + 2) / 5 + day - 1 for months numbered from March.
 */
int64_t mc_date_to_days(struct mc_date d)
{
    int64_t y = d.m <= 2 ? d.y - 1 : d.y;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = d.m > 2 ? d.m - 3 : d.m + 9;
    int64_t doy = (153 * mp + 2) / 5 + d.d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * DAYS_PER_ERA + doe - EPOCH_SHIFT;
}

struct mc_date mc_date_from_days(int64_t days)
{
    int64_t z = days + EPOCH_SHIFT;
    int64_t era = (z >= 0 ? z : z - (DAYS_PER_ERA - 1)) / DAYS_PER_ERA;
    int64_t doe = z - era * DAYS_PER_ERA;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    struct mc_date out;

    out.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    out.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    out.y = (int)(yoe + era * 400 + (out.m <= 2 ? 1 : 0));
    return out;
}

int mc_date_cmp(struct mc_date a, struct mc_date b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    if (a.d != b.d)
        return a.d < b.d ? -1 : 1;
    return 0;
}

int mc_date_weekday(struct mc_date d)
{
    /* 1970-01-01 was a Thursday (ISO 4). */
    int64_t w = (mc_date_to_days(d) + 3) % 7;

    if (w < 0)
        w += 7;
    return (int)w + 1;
}

int mc_date_add_months(struct mc_date d, int n, struct mc_date *out)
{
    if (out == NULL || !mc_date_is_valid(d))
        return MC_COURT_E_INVALID;

    int64_t months = (int64_t)d.y * 12 + (d.m - 1) + n;
    struct mc_date r;

    if (months < 12 || months > 9999LL * 12 + 11)
        return MC_COURT_E_RANGE;
    r.y = (int)(months / 12);
    r.m = (int)(months % 12) + 1;
    r.d = d.d;
    if (r.d > month_days(r.y, r.m))
        r.d = month_days(r.y, r.m);
    *out = r;
    return MC_COURT_OK;
}

/* Reads exactly n decimal digits. */
static bool read_digits(const char *s, int n, int *out)
{
    int v = 0;

    for (int k = 0; k < n; k++) {
        if (s[k] < '0' || s[k] > '9')
            return false;
        v = v * 10 + (s[k] - '0');
    }
    *out = v;
    return true;
}

int mc_date_parse(const char *s, struct mc_date *out)
{
    struct mc_date d;

    if (s == NULL || out == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return MC_COURT_E_INVALID;
    if (!read_digits(s, 4, &d.y) || !read_digits(s + 5, 2, &d.m) || !read_digits(s + 8, 2, &d.d))
        return MC_COURT_E_INVALID;
    if (!mc_date_is_valid(d))
        return MC_COURT_E_INVALID;
    *out = d;
    return MC_COURT_OK;
}

static void put_digits(char *p, int v, int n)
{
    for (int k = n - 1; k >= 0; k--) {
        p[k] = (char)('0' + v % 10);
        v /= 10;
    }
}

void mc_date_format(struct mc_date d, char out[11])
{
    put_digits(out, d.y, 4);
    out[4] = '-';
    put_digits(out + 5, d.m, 2);
    out[7] = '-';
    put_digits(out + 8, d.d, 2);
    out[10] = '\0';
}

struct mc_date mc_date_today_shanghai(time_t now)
{
    int64_t secs = (int64_t)now + 8 * 3600;
    int64_t days = secs / 86400;

    if (secs % 86400 < 0)
        days--;
    return mc_date_from_days(days);
}

/* ------------------------------------------------------------------------------------------- */

struct calendar_ctx {
    struct mc_court_calendar *cal;
    size_t cap_holidays;
    size_t cap_workdays;
};

static int push_day(int64_t **items, size_t *n, size_t *cap, int64_t day)
{
    if (*n == *cap) {
        size_t new_cap = *cap ? *cap * 2 : 32;
        int64_t *p = realloc(*items, new_cap * sizeof *p);

        if (p == NULL)
            return MC_COURT_E_NOMEM;
        *items = p;
        *cap = new_cap;
    }
    (*items)[(*n)++] = day;
    return MC_COURT_OK;
}

static int on_calendar_row(void *ctx, size_t row, size_t n_fields, char *const *f)
{
    struct calendar_ctx *cc = ctx;
    struct mc_court_calendar *cal = cc->cal;
    struct mc_date d;

    if (n_fields != 2)
        return MC_COURT_E_FORMAT;
    if (row == 0)
        return strcmp(f[0], "date") == 0 && strcmp(f[1], "kind") == 0 ? 0 : MC_COURT_E_FORMAT;
    if (mc_date_parse(f[0], &d) != MC_COURT_OK)
        return MC_COURT_E_FORMAT;
    if (strcmp(f[1], "holiday") == 0)
        return push_day(&cal->holidays, &cal->n_holidays, &cc->cap_holidays, mc_date_to_days(d));
    if (strcmp(f[1], "workday") == 0)
        return push_day(&cal->workdays, &cal->n_workdays, &cc->cap_workdays, mc_date_to_days(d));
    return MC_COURT_E_FORMAT;
}

static int cmp_day(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

int mc_court_calendar_load(const char *path, struct mc_court_calendar **out)
{
    struct calendar_ctx cc = {0};
    int rc;

    if (path == NULL || out == NULL)
        return MC_COURT_E_INVALID;
    cc.cal = calloc(1, sizeof *cc.cal);
    if (cc.cal == NULL)
        return MC_COURT_E_NOMEM;
    rc = mc_court_csv_read(path, on_calendar_row, &cc);
    if (rc != MC_COURT_OK) {
        mc_court_calendar_destroy(cc.cal);
        return rc;
    }
    if (cc.cal->n_holidays > 0)
        qsort(cc.cal->holidays, cc.cal->n_holidays, sizeof(int64_t), cmp_day);
    if (cc.cal->n_workdays > 0)
        qsort(cc.cal->workdays, cc.cal->n_workdays, sizeof(int64_t), cmp_day);
    *out = cc.cal;
    return MC_COURT_OK;
}

void mc_court_calendar_destroy(struct mc_court_calendar *cal)
{
    if (cal == NULL)
        return;
    free(cal->holidays);
    free(cal->workdays);
    free(cal);
}

static bool has_day(const int64_t *items, size_t n, int64_t day)
{
    return n > 0 && bsearch(&day, items, n, sizeof *items, cmp_day) != NULL;
}

bool mc_court_is_working_day(const struct mc_court_calendar *cal, struct mc_date d)
{
    int64_t day = mc_date_to_days(d);

    if (cal != NULL) {
        if (has_day(cal->workdays, cal->n_workdays, day))
            return true;
        if (has_day(cal->holidays, cal->n_holidays, day))
            return false;
    }
    return mc_date_weekday(d) <= 5;
}

/* The nominal last day, before the holiday rule: the start day itself is not counted. */
static int nominal_end(struct mc_date start, int n, enum mc_period_unit unit, struct mc_date *out)
{
    switch (unit) {
    case MC_UNIT_DAY:
        *out = mc_date_from_days(mc_date_to_days(start) + n);
        return mc_date_is_valid(*out) ? MC_COURT_OK : MC_COURT_E_RANGE;
    case MC_UNIT_MONTH:
        return mc_date_add_months(start, n, out);
    case MC_UNIT_YEAR:
        if (n > 9999)
            return MC_COURT_E_RANGE;
        return mc_date_add_months(start, n * 12, out);
    }
    return MC_COURT_E_INVALID;
}

int mc_court_period_end(struct mc_date start, int n, enum mc_period_unit unit,
                        const struct mc_court_calendar *cal, struct mc_date *out_end)
{
    struct mc_date end;
    int rc;

    if (out_end == NULL || n < 0 || !mc_date_is_valid(start))
        return MC_COURT_E_INVALID;
    if (n > 1000000)
        return MC_COURT_E_RANGE;
    rc = nominal_end(start, n, unit, &end);
    if (rc != MC_COURT_OK)
        return rc;

    /* CPL Art.85: a last day that is a rest day moves to the first working day after it. */
    for (int guard = 0; !mc_court_is_working_day(cal, end); guard++) {
        if (guard > 366)
            return MC_COURT_E_RANGE;
        end = mc_date_from_days(mc_date_to_days(end) + 1);
        if (!mc_date_is_valid(end))
            return MC_COURT_E_RANGE;
    }
    *out_end = end;
    return MC_COURT_OK;
}

int mc_court_deadline(const struct mc_court_tables *t, enum mc_court_period p, struct mc_date start,
                      const struct mc_court_calendar *cal, struct mc_date *out_end)
{
    struct mc_period period;
    int rc = mc_court_period_get(t, p, &period);

    if (rc != MC_COURT_OK)
        return rc;
    return mc_court_period_end(start, period.n, period.unit, cal, out_end);
}
