/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The enforcement service: opening an enforcement case (执行实施, type 执) on a case whose
 * mediation agreement every party has signed, with its own case number and the Art.14(1)
 * application fee, and reading it back. The service holds no state outside its database.
 */
#ifndef MC_SERVICES_ENFORCEMENT_ENFORCEMENT_H
#define MC_SERVICES_ENFORCEMENT_ENFORCEMENT_H

#include "mc/court.h"
#include "mc/svc.h"

#define ENFORCEMENT_CASE_TYPE "执"
#define ENFORCEMENT_MAX_RESPONDENTS 32
/* Who pays the Art.14(1) fee and when (办法 Art.20, 38): the respondent, after enforcement. */
#define ENFORCEMENT_FEE_RULE "诉讼费用交纳办法 Art.14(1); paid by the respondent after enforcement"

extern const struct mc_route enforcement_routes[];
extern const size_t enforcement_n_routes;
extern const char *const enforcement_migrations[];
extern const int enforcement_n_migrations;
extern const struct mc_sql enforcement_stmts[];
extern const int enforcement_n_stmts;

/* Handlers, one per subject (open.c, routes.c). */
mc_status enforcement_on_open(struct mc_req *req);
mc_status enforcement_on_get(struct mc_req *req);

/*
 * Calls subject with params {"id": id} and the caller's auth. A refusal (400/403/404/409) is
 * replied to our caller with the same status and code. takes: params; owned: *out.
 */
mc_status enforcement_call(struct mc_req *req, const char *subject, json_t *params,
                           json_t **out) MC_MUSTCHECK;

/* Builds the reply for the enforcement row r of res (columns of "enforcement_get"). owned. */
json_t *enforcement_from_row(const PGresult *res, int r);

#endif
