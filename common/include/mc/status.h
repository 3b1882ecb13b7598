/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one error model of Microcourt. A fallible function returns an mc_status and, at the point
 * of failure, leaves a line of context in a per-thread slot (mc_err_set). Any thread may call
 * these; the slot belongs to the calling thread. Also holds the abort-on-OOM allocators.
 */
#ifndef MC_COMMON_STATUS_H
#define MC_COMMON_STATUS_H

#include <stddef.h>

#define MC_MUSTCHECK __attribute__((warn_unused_result))
#define MC_PRINTF(a, b) __attribute__((format(printf, a, b)))

typedef enum {
    MC_OK = 0,
    MC_E_INVALID,     /* the caller's input is wrong */
    MC_E_NOT_FOUND,   /* the thing asked for does not exist (or is not visible) */
    MC_E_CONFLICT,    /* the state does not allow it (already done, wrong state) */
    MC_E_FORBIDDEN,   /* the caller may not do this */
    MC_E_UNAUTH,      /* no valid credentials */
    MC_E_TOO_LARGE,   /* the input exceeds a stated limit */
    MC_E_UNAVAILABLE, /* a dependency is down */
    MC_E_TIMEOUT,     /* a dependency did not answer in time */
    MC_E_DB,          /* PostgreSQL failed */
    MC_E_INTERNAL,    /* a bug or a broken invariant */
    MC_E_NOT_IMPLEMENTED,
    MC_E_RATE_LIMITED,       /* too many requests of this kind for now; try later */
    MC_E_METHOD_NOT_ALLOWED, /* the path exists but not with this method */
} mc_status;

/* Discards a status on purpose (cleanup paths where the first failure is what counts). */
#define MC_IGNORE(expr)                                                                            \
    do {                                                                                           \
        mc_status ignored_ = (expr);                                                               \
        (void)ignored_;                                                                            \
    } while (0)

/* Stores a formatted context line for this thread and returns st. */
mc_status mc_err_set(mc_status st, const char *fmt, ...) MC_PRINTF(2, 3);

/* The context line last stored by this thread. borrowed: valid until the next mc_err_set. */
const char *mc_err_text(void);

/* Stable wire code for a status ("invalid_argument", "not_found", ...). borrowed: static. */
const char *mc_status_code(mc_status st);

/* Allocators that abort with a log line when memory runs out. owned: caller frees with free. */
void *mc_xmalloc(size_t n);
void *mc_xcalloc(size_t n, size_t size);
void *mc_xrealloc(void *p, size_t n);
char *mc_xstrdup(const char *s);
char *mc_xstrndup(const char *s, size_t n);
char *mc_xasprintf(const char *fmt, ...) MC_PRINTF(1, 2);

/* Aborts with file:line when an invariant does not hold; on in release builds too. */
#define MC_ASSERT(cond)                                                                            \
    do {                                                                                           \
        if (!(cond))                                                                               \
            mc_assert_fail(#cond, __FILE__, __LINE__);                                             \
    } while (0)
void mc_assert_fail(const char *what, const char *file, int line) __attribute__((noreturn));

#endif
