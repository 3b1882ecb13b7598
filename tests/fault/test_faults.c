/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Failures of the parts the platform stands on: a service, PostgreSQL and nats-server die while
 * it runs. A request that cannot be served gets 503 within the gateway's deadline, the platform
 * serves again once the part is back, and nothing that was accepted is lost: every filing
 * answered 201 is in the database and its event leaves the outbox.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "harness.h"
#include "support/client.h"

static char *plaintiff;

static double now_s(void)
{
    struct timeval tv;

    gettimeofday(&tv, NULL);
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static int fault(const char *action, const char *svc)
{
    char cmd[512];

    snprintf(cmd, sizeof cmd, "scripts/fault.sh '%s' %s %s", tc_env("MC_STATE_DIR", ".test"),
             action, svc ? svc : "");
    return system(cmd);
}

/* Waits until /healthz is 200 again; returns the seconds it took, or -1. */
static double wait_healthy(double limit_s)
{
    double t0 = now_s();

    while (now_s() - t0 < limit_s) {
        struct tc_resp r = tc_call("GET", "/healthz", NULL, NULL);
        int status = r.status;

        tc_resp_cleanup(&r);
        if (status == 200)
            return now_s() - t0;
        usleep(200 * 1000);
    }
    return -1;
}

static int file_one(void)
{
    char body[1024];
    struct tc_resp r;
    int status;

    snprintf(
        body, sizeof body,
        "{\"court_code\":\"浙0203\",\"case_type\":\"民初\",\"cause_of_action\":\"民间借贷纠纷\","
        "\"claims\":[{\"description\":\"还款\",\"amount_fen\":100000}],\"parties\":["
        "{\"role\":\"plaintiff\",\"kind\":\"person\",\"name\":\"%s\",\"id_number\":\"%s\"},"
        "{\"role\":\"defendant\",\"kind\":\"person\",\"name\":\"%s\",\"id_number\":\"%s\"}],"
        "\"facts\":\"借款未还\"}",
        tc_plaintiff_name, tc_plaintiff_idn, tc_defendant_name, tc_defendant_idn);
    r = tc_call("POST", "/api/v1/filings", plaintiff, body);
    status = r.status;
    tc_resp_cleanup(&r);
    return status;
}

static long long pending_events(void)
{
    return tc_sql_count("docketing", "SELECT count(*) FROM mc_outbox WHERE published_at IS NULL");
}

/* Waits for the outbox to drain; returns the rows still pending. */
static long long wait_outbox_empty(double limit_s)
{
    double t0 = now_s();
    long long n = pending_events();

    while (n != 0 && now_s() - t0 < limit_s) {
        usleep(200 * 1000);
        n = pending_events();
    }
    return n;
}

static void setup(void)
{
    curl_global_init(CURL_GLOBAL_ALL);
    plaintiff = tc_litigant_token(tc_plaintiff_name, tc_plaintiff_idn, tc_plaintiff_phone);
    CHECK(plaintiff != NULL);
    CHECK(wait_healthy(10) >= 0);
}

static void test_dead_service_gives_503_fast(void)
{
    double t0;
    int status;

    CHECK_INT(0, fault("kill", "docketing"));
    usleep(300 * 1000);
    t0 = now_s();
    status = file_one();
    CHECK_INT(503, status);
    CHECK(now_s() - t0 < 5.5);
    CHECK_INT(0, fault("start", "docketing"));
    CHECK(wait_healthy(20) >= 0);
    CHECK_INT(201, file_one());
}

static void test_database_down_then_back(void)
{
    double t0;

    CHECK_INT(0, fault("pg-stop", NULL));
    t0 = now_s();
    CHECK_INT(503, file_one());
    CHECK(now_s() - t0 < 5.5);
    CHECK_INT(0, fault("pg-start", NULL));
    CHECK(wait_healthy(30) >= 0);
    /* The workers notice their dead connections before use: no request fails after this. */
    CHECK_INT(201, file_one());
    CHECK_INT(0, wait_outbox_empty(10));
}

static void test_nats_restart_keeps_events(void)
{
    long long before = tc_sql_count("docketing", "SELECT count(*) FROM mc_outbox");

    CHECK_INT(0, fault("nats-stop", NULL));
    CHECK_INT(503, file_one());
    CHECK_INT(0, fault("nats-start", NULL));
    CHECK(wait_healthy(30) >= 0);
    CHECK_INT(201, file_one());
    CHECK_INT(before + 1, tc_sql_count("docketing", "SELECT count(*) FROM mc_outbox"));
    CHECK_INT(0, wait_outbox_empty(15));
}

struct load {
    atomic_int n_ok;
    atomic_int n_sent;
    atomic_bool is_done;
};

static void *post_loop(void *arg)
{
    struct load *l = arg;

    while (!atomic_load(&l->is_done)) {
        atomic_fetch_add(&l->n_sent, 1);
        if (file_one() == 201)
            atomic_fetch_add(&l->n_ok, 1);
    }
    return NULL;
}

static void test_kill_service_under_load_loses_nothing(void)
{
    long long before = tc_sql_count("docketing", "SELECT count(*) FROM filings");
    struct load l = {0};
    pthread_t th[4];

    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, post_loop, &l);
    while (atomic_load(&l.n_sent) < 60)
        usleep(10 * 1000);
    CHECK_INT(0, fault("kill", "docketing"));
    usleep(500 * 1000);
    CHECK_INT(0, fault("start", "docketing"));
    /* Bounded: at most 60 s more, until 150 filings have been accepted in all. */
    for (double t0 = now_s(); atomic_load(&l.n_ok) < 150 && now_s() - t0 < 60;)
        usleep(20 * 1000);
    atomic_store(&l.is_done, true);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    /* Every 201 is a committed filing; a request cut off mid-way may have committed too. */
    CHECK(tc_sql_count("docketing", "SELECT count(*) FROM filings") - before >= l.n_ok);
    CHECK(l.n_ok >= 150);
    CHECK_INT(0, wait_outbox_empty(15));
    CHECK(wait_healthy(20) >= 0);
}

TH_MAIN(TH_CASE(setup), TH_CASE(test_dead_service_gives_503_fast),
        TH_CASE(test_database_down_then_back), TH_CASE(test_nats_restart_keeps_events),
        TH_CASE(test_kill_service_under_load_loses_nothing))
