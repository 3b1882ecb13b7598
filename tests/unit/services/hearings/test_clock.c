/* SPDX-License-Identifier: Apache-2.0 */
/* RFC 3339 parsing of starts_at. */
#include "../../../../services/hearings/clock.c"

#include "harness.h"

static long long parsed(const char *s)
{
    time_t t = 0;

    return hearings_parse_time(s, &t) ? (long long)t : -1;
}

static void test_accepts_rfc3339(void)
{
    CHECK_INT(0, parsed("1970-01-01T00:00:00Z"));
    CHECK_INT(1796290200LL, parsed("2026-12-03T09:30:00Z"));
    CHECK_INT(1796290200LL - 8 * 3600, parsed("2026-12-03T09:30:00+08:00"));
    CHECK_INT(1796290200LL + 5 * 3600 + 30 * 60, parsed("2026-12-03T09:30:00-05:30"));
    CHECK_INT(1796290200LL, parsed("2026-12-03t09:30:00.250z"));
    CHECK_INT(1709164800LL, parsed("2024-02-29T00:00:00Z"));
}

static void test_refuses_garbage(void)
{
    const char *bad[] = {
        "",
        "tomorrow",
        "2026-12-03",
        "2026-12-03 09:30:00Z",
        "2026-12-03T09:30:00",
        "2026-13-03T09:30:00Z",
        "2025-02-29T09:30:00Z",
        "2026-12-03T24:00:00Z",
        "2026-12-03T09:60:00Z",
        "2026-12-03T09:30:00+8:00",
        "2026-12-03T09:30:00.Z",
        "2026-12-03T09:30:00Zjunk",
        "2026-12-03T09:30:00+08:00x",
        "2026-1a-03T09:30:00Z",
    };

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_INT(-1, parsed(bad[i]));
    CHECK_INT(-1, parsed(NULL));
}

TH_MAIN(TH_CASE(test_accepts_rfc3339), TH_CASE(test_refuses_garbage))
