/* SPDX-License-Identifier: Apache-2.0 */
/* RFC 3339 date-times as the clients send them for starts_at. Pure; any thread. */
#include "hearings.h"

#include <ctype.h>
#include <string.h>

#include "mc/court.h"

/* Reads exactly n decimal digits at *s, advancing it; -1 when they are not there. */
static int digits(const char **s, int n)
{
    int v = 0;

    for (int i = 0; i < n; i++, (*s)++) {
        if (!isdigit((unsigned char)**s))
            return -1;
        v = v * 10 + (**s - '0');
    }
    return v;
}

static bool expect(const char **s, const char *any_of)
{
    if (**s == '\0' || strchr(any_of, **s) == NULL)
        return false;
    (*s)++;
    return true;
}

/* The zone suffix: "Z" or "+HH:MM" / "-HH:MM" as seconds east of UTC. */
static bool parse_offset(const char *s, long *out)
{
    int sign, hh, mm;

    if ((s[0] == 'Z' || s[0] == 'z') && s[1] == '\0') {
        *out = 0;
        return true;
    }
    if (s[0] != '+' && s[0] != '-')
        return false;
    sign = s[0] == '-' ? -1 : 1;
    s++;
    hh = digits(&s, 2);
    if (hh < 0 || hh > 23 || !expect(&s, ":"))
        return false;
    mm = digits(&s, 2);
    if (mm < 0 || mm > 59 || *s != '\0')
        return false;
    *out = sign * (hh * 3600L + mm * 60L);
    return true;
}

bool hearings_parse_time(const char *s, time_t *out)
{
    struct mc_date d;
    int hh, mi, ss;
    long offset;

    if (s == NULL || strlen(s) < 20)
        return false;
    d.y = digits(&s, 4);
    if (d.y < 1 || !expect(&s, "-") || (d.m = digits(&s, 2)) < 0 || !expect(&s, "-") ||
        (d.d = digits(&s, 2)) < 0 || !mc_date_is_valid(d) || !expect(&s, "Tt"))
        return false;
    hh = digits(&s, 2);
    if (hh < 0 || hh > 23 || !expect(&s, ":") || (mi = digits(&s, 2)) < 0 || mi > 59 ||
        !expect(&s, ":") || (ss = digits(&s, 2)) < 0 || ss > 59)
        return false;
    if (*s == '.') {
        s++;
        if (!isdigit((unsigned char)*s))
            return false;
        while (isdigit((unsigned char)*s))
            s++;
    }
    if (!parse_offset(s, &offset))
        return false;
    *out = (time_t)(mc_date_to_days(d) * 86400 + hh * 3600L + mi * 60L + ss - offset);
    return true;
}
