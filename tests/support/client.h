/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test client for integration and end-to-end tests: HTTP calls to the gateway (libcurl) and
 * fixtures that sign people in and walk a case to a given point. The stack under test is
 * described by environment variables set by scripts/test.sh: GATEWAY_URL, NATS_URL,
 * MC_SMS_LOG, MC_STATE_DIR. Single-threaded unless stated.
 */
#ifndef MC_TESTS_SUPPORT_CLIENT_H
#define MC_TESTS_SUPPORT_CLIENT_H

#include <stddef.h>

#include <jansson.h>

struct tc_resp {
    int status;   /* HTTP status; 0 when the request could not be made */
    json_t *json; /* parsed body when it was JSON, else NULL; owned */
    char *body;   /* raw body, NUL-terminated; owned */
    size_t body_len;
    char ctype[128];
    char headers[2048]; /* the response headers as received (truncated past the buffer) */
};

/* Releases what a response holds; safe on a zeroed struct. */
void tc_resp_cleanup(struct tc_resp *r);

/* Calls method path (e.g. "/api/v1/filings") with a JSON body text (NULL: none). token may be
 * NULL. Returns the response; the caller cleans it up. */
struct tc_resp tc_call(const char *method, const char *path, const char *token, const char *json);

/* Like tc_call with an Idempotency-Key header. */
struct tc_resp tc_call_idempotent(const char *method, const char *path, const char *token,
                                  const char *json, const char *key);

/* Like tc_call with a json_t body (borrowed). */
struct tc_resp tc_call_json(const char *method, const char *path, const char *token,
                            const json_t *body);

/* POSTs raw bytes with a Content-Type. */
struct tc_resp tc_post_raw(const char *path, const char *token, const char *ctype, const void *data,
                           size_t len);

/* Reads a whole file. owned: caller frees; NULL when unreadable. */
char *tc_read_file(const char *path, size_t *out_len);

/* Environment helpers. borrowed: static or from the environment. */
const char *tc_env(const char *name, const char *def);

/* The one-time code of the last SMS that went to phone (MC_SMS_LOG). 0, or -1 when none. */
int tc_last_code(const char *phone, char out[8]);

/* Creates a staff account through microcourt-admin (ignores "already exists"). 0 on success. */
int tc_staff_ensure(const char *username, const char *role, const char *court, const char *name);

/* Signs staff in (password "correct horse battery"). owned: token, caller frees; NULL on failure.
 */
char *tc_staff_token(const char *username);

/* Signs a litigant in through the SMS code, or hands back the token the stack under test
 * already gave them (kept under $MC_STATE_DIR/tokens). owned: token; NULL on failure. */
char *tc_litigant_token(const char *name, const char *id_number, const char *phone);

/* A fresh case at 浙0203: files as the plaintiff, a clerk accepts, judge assigned.
 * owned: *out_case_id (free). Returns 0 on success. The parties are tc_plaintiff/tc_defendant. */
int tc_make_case(const char *plaintiff_token, char **out_case_id);

/* Runs a counting query (SELECT count(*) ...) on database mc_<svc> of the stack under test
 * (MC_PG_URL); returns -1 on failure. */
long long tc_sql_count(const char *svc, const char *sql);

/* The current year in China (UTC+8), as case numbers use it. */
int tc_year_cn(void);

/* Test identities (valid GB 11643 numbers) and phones. */
extern const char *const tc_plaintiff_idn, *const tc_plaintiff_name, *const tc_plaintiff_phone;
extern const char *const tc_defendant_idn, *const tc_defendant_name, *const tc_defendant_phone;

#endif
