/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hearings service: a hearing opened on a case, its numbered message stream (the online
 * hearing room a phone reads from and resumes after reconnecting), and its close, which for a
 * mediated outcome produces the mediation agreement PDF stored through documents.create.
 * Who may do what is decided from docketing.case.access with the caller's own claims.
 */
#ifndef MC_SERVICES_HEARINGS_HEARINGS_H
#define MC_SERVICES_HEARINGS_HEARINGS_H

#include <stdbool.h>
#include <time.h>

#include "mc/svc.h"

#define HEARINGS_TEXT_MAX 4000       /* bytes of one message */
#define HEARINGS_AGREEMENT_MAX 20000 /* bytes of agreement_text */
#define HEARINGS_LIST_DEFAULT 100
#define HEARINGS_LIST_MAX 500
#define HEARINGS_PAST_DAYS 365  /* starts_at may lie this far back */
#define HEARINGS_AHEAD_DAYS 730 /* and this far ahead */

extern const struct mc_route hearings_routes[];
extern const size_t hearings_n_routes;
extern const char *const hearings_migrations[];
extern const int hearings_n_migrations;
extern const struct mc_sql hearings_stmts[];
extern const int hearings_n_stmts;

/* Handlers, one per subject (rooms.c, messages.c, close.c). */
mc_status hearings_on_open(struct mc_req *req);
mc_status hearings_on_get(struct mc_req *req);
mc_status hearings_on_message_post(struct mc_req *req);
mc_status hearings_on_message_list(struct mc_req *req);
mc_status hearings_on_close(struct mc_req *req);

/*
 * Parses an RFC 3339 date-time ("2026-12-03T09:30:00+08:00", "...Z", optional fraction) into
 * seconds since the epoch. Returns false when s is not one.
 */
bool hearings_parse_time(const char *s, time_t *out);

/*
 * Asks docketing for the case and the caller's access to it. owned: *out_case. Refusals are
 * replied to req with docketing's status (403/404) and returned.
 */
mc_status hearings_case_access(struct mc_req *req, const char *case_id,
                               json_t **out_case) MC_MUSTCHECK;

/*
 * Loads hearing id (replies 404 for an unknown or malformed id), then the case with the caller's
 * access. owned: *out_hearing, *out_case (either may be NULL-ed out by passing NULL).
 */
mc_status hearings_load(struct mc_req *req, const char *id, json_t **out_hearing,
                        json_t **out_case) MC_MUSTCHECK;

/* True when the caller is a judge or clerk with access "court" to c. */
bool hearings_is_court_officer(const struct mc_req *req, const json_t *c);

/* True when the caller may open or close hearings of c: its assigned judge or a clerk. */
bool hearings_may_conduct(const struct mc_req *req, const json_t *c);

/* The party of c whose id_number is the caller's idn, or NULL. borrowed from c. */
const json_t *hearings_own_party(const struct mc_req *req, const json_t *c);

#endif
