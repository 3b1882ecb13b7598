/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Regression (issue 2): after PostgreSQL restarted, the first request on each worker failed with
 * 503 "server closed the connection unexpectedly", because libpq notices a dead connection only
 * when a query fails. mc_db_ensure now notices a connection the server closed before using it.
 * Holds: once the database is back, every one of the next 8 requests (more than the workers, so
 * each worker's connection is used) succeeds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <curl/curl.h>

#include "harness.h"
#include "support/client.h"

static int fault(const char *action)
{
    char cmd[512];

    snprintf(cmd, sizeof cmd, "scripts/fault.sh '%s' %s", tc_env("MC_STATE_DIR", ".test"), action);
    return system(cmd);
}

static void test_every_worker_serves_after_restart(void)
{
    char *clerk;
    int n_ok = 0;

    curl_global_init(CURL_GLOBAL_ALL);
    clerk = tc_staff_token("clerk1");
    CHECK(clerk != NULL);
    CHECK_INT(0, fault("pg-stop"));
    CHECK_INT(0, fault("pg-start"));
    sleep(1);
    for (int i = 0; i < 8; i++) {
        struct tc_resp r = tc_call("GET", "/api/v1/cases?limit=1", clerk, NULL);

        n_ok += r.status == 200;
        tc_resp_cleanup(&r);
    }
    CHECK_INT(8, n_ok);
    free(clerk);
}

TH_MAIN(TH_CASE(test_every_worker_serves_after_restart))
