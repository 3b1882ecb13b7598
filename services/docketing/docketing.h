/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The docketing service: filings, the clerk's decision, cases and their numbers, assignment to
 * a judge, and the case facts other services ask for before they act (docketing.case.access).
 * Reference tables are loaded once at start and shared read-only by all worker threads.
 */
#ifndef MC_SERVICES_DOCKETING_DOCKETING_H
#define MC_SERVICES_DOCKETING_DOCKETING_H

#include "mc/court.h"
#include "mc/svc.h"

#define DOCKETING_MAX_PARTIES 32
#define DOCKETING_MAX_CLAIMS 32

struct docketing {
    struct mc_court_tables *tables;
    struct mc_court_calendar *calendar; /* NULL: weekends only */
};

extern const struct mc_route docketing_routes[];
extern const size_t docketing_n_routes;
extern const struct mc_consumer docketing_consumers[];
extern const size_t docketing_n_consumers;
extern const char *const docketing_migrations[];
extern const int docketing_n_migrations;
extern const struct mc_sql docketing_stmts[];
extern const int docketing_n_stmts;

/* Handlers, one per subject (filings.c, cases.c). */
mc_status docketing_on_court_get(struct mc_req *req);
mc_status docketing_on_filing_submit(struct mc_req *req);
mc_status docketing_on_filing_get(struct mc_req *req);
mc_status docketing_on_filing_decide(struct mc_req *req);
mc_status docketing_on_case_get(struct mc_req *req);
mc_status docketing_on_case_list(struct mc_req *req);
mc_status docketing_on_case_assign(struct mc_req *req);
mc_status docketing_on_case_access(struct mc_req *req);

/*
 * Checks the parties array of a filing: roles, kinds, names and identity numbers.
 * On failure replies to req with the problem and returns MC_E_INVALID.
 */
mc_status docketing_check_parties(struct mc_req *req, const json_t *parties) MC_MUSTCHECK;

/* True when s is a valid unified social credit code (GB 32100-2015, with its check character). */
bool docketing_is_uscc(const char *s);

/* Loads the case with id and decides whether the caller may see it. owned: *out_case. */
mc_status docketing_load_case(struct mc_req *req, const char *id, json_t **out_case) MC_MUSTCHECK;

#endif
