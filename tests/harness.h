/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A small unit-test harness. Each test is a function registered in a table; a run prints one
 * line per failed check (file:line, expected and actual) and ends with the plain summary line
 * "N passed, N failed" that the test driver adds up. Single-threaded.
 */
#ifndef MC_TESTS_HARNESS_H
#define MC_TESTS_HARNESS_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

struct th_case {
    const char *name;
    void (*fn)(void);
};

static int th_failed_checks;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            th_failed_checks++;                                                                    \
        }                                                                                          \
    } while (0)

#define CHECK_INT(expected, actual)                                                                \
    do {                                                                                           \
        long long e_ = (long long)(expected), a_ = (long long)(actual);                            \
        if (e_ != a_) {                                                                            \
            fprintf(stderr, "%s:%d: %s: expected %lld, got %lld\n", __FILE__, __LINE__, #actual,   \
                    e_, a_);                                                                       \
            th_failed_checks++;                                                                    \
        }                                                                                          \
    } while (0)

#define CHECK_STR(expected, actual)                                                                \
    do {                                                                                           \
        const char *e_ = (expected), *a_ = (actual);                                               \
        if (e_ == NULL || a_ == NULL || strcmp(e_, a_) != 0) {                                     \
            fprintf(stderr, "%s:%d: %s: expected \"%s\", got \"%s\"\n", __FILE__, __LINE__,        \
                    #actual, e_ ? e_ : "(null)", a_ ? a_ : "(null)");                              \
            th_failed_checks++;                                                                    \
        }                                                                                          \
    } while (0)

#define CHECK_NEAR(expected, actual, tol)                                                          \
    do {                                                                                           \
        double e_ = (expected), a_ = (actual);                                                     \
        if (!(a_ >= e_ - (tol) && a_ <= e_ + (tol))) {                                             \
            fprintf(stderr, "%s:%d: %s: expected %g (+-%g), got %g\n", __FILE__, __LINE__,         \
                    #actual, e_, (double)(tol), a_);                                               \
            th_failed_checks++;                                                                    \
        }                                                                                          \
    } while (0)

/* Runs every case, prints the summary line and returns the process exit code. */
static inline int th_run(const struct th_case *cases, size_t n_cases)
{
    int passed = 0, failed = 0;

    for (size_t i = 0; i < n_cases; i++) {
        int before = th_failed_checks;

        cases[i].fn();
        if (th_failed_checks == before) {
            passed++;
        } else {
            failed++;
            fprintf(stderr, "FAIL %s\n", cases[i].name);
        }
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

#define TH_CASE(fn)                                                                                \
    {                                                                                              \
#fn, fn                                                                                    \
    }
#define TH_MAIN(...)                                                                               \
    int main(void)                                                                                 \
    {                                                                                              \
        static const struct th_case cases_[] = {__VA_ARGS__};                                      \
        return th_run(cases_, sizeof cases_ / sizeof cases_[0]);                                   \
    }

#endif
