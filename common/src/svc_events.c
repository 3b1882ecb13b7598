/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Design: PostgreSQL is the source of truth for events. A handler writes its change and an
 * outbox row in one transaction; the publisher moves committed rows to JetStream with the row
 * id as Nats-Msg-Id (JetStream drops a duplicate inside its window) and marks them published
 * only after the ack. Rows are claimed with FOR UPDATE SKIP LOCKED, so several instances never
 * publish the same row at once. Consumers record each event id in mc_inbox inside the same
 * transaction as their change, so a redelivered event changes nothing twice.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mc/bus.h"
#include "svc_internal.h"

#define STREAM_NAME "MC_EVENTS"
#define PUBLISH_BATCH "64"

const char *const mc_runtime_migration =
    "CREATE TABLE IF NOT EXISTS mc_outbox ("
    "  id bigserial PRIMARY KEY,"
    "  subject text NOT NULL,"
    "  type text NOT NULL,"
    "  payload jsonb NOT NULL,"
    "  created_at timestamptz NOT NULL DEFAULT now(),"
    "  published_at timestamptz);"
    "CREATE INDEX IF NOT EXISTS mc_outbox_pending ON mc_outbox (id) WHERE published_at IS NULL;"
    "CREATE TABLE IF NOT EXISTS mc_inbox ("
    "  event_id text PRIMARY KEY,"
    "  consumer text NOT NULL,"
    "  received_at timestamptz NOT NULL DEFAULT now());";

/* Runtime tables added after the first release: ensured at every start, outside the numbered
 * migrations (which belong to the service). */
const char *const mc_runtime_ensure = "CREATE TABLE IF NOT EXISTS mc_idempotency ("
                                      "  key text PRIMARY KEY,"
                                      "  status int NOT NULL,"
                                      "  content_type text NOT NULL,"
                                      "  body bytea NOT NULL,"
                                      "  created_at timestamptz NOT NULL DEFAULT now());"
                                      "ALTER TABLE mc_idempotency ADD COLUMN IF NOT EXISTS"
                                      "  fingerprint text NOT NULL DEFAULT '';";

const struct mc_sql mc_runtime_stmts[] = {
    {"mc_outbox_add", "WITH r AS (INSERT INTO mc_outbox (subject, type, payload)"
                      " VALUES ($1, $2, $3::jsonb) RETURNING id)"
                      " SELECT id, pg_notify('mc_outbox', '') FROM r"},
    {"mc_outbox_claim",
     "SELECT id, subject, type, payload::text,"
     " to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
     " FROM mc_outbox WHERE published_at IS NULL ORDER BY id"
     " LIMIT " PUBLISH_BATCH " FOR UPDATE SKIP LOCKED"},
    {"mc_outbox_done", "UPDATE mc_outbox SET published_at = now() WHERE id = $1"},
    {"mc_outbox_replay", "UPDATE mc_outbox SET published_at = NULL"
                         " WHERE published_at > now() - interval '5 minutes'"},
    {"mc_outbox_prune", "DELETE FROM mc_outbox WHERE published_at < now() - interval '1 day'"},
    {"mc_idem_get", "SELECT status, content_type, body, fingerprint FROM mc_idempotency"
                    " WHERE key = $1"},
    {"mc_idem_put", "INSERT INTO mc_idempotency (key, status, content_type, body, fingerprint)"
                    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING"},
    {"mc_idem_prune", "DELETE FROM mc_idempotency WHERE created_at < now() - interval '1 day'"},
    {"mc_inbox_prune", "DELETE FROM mc_inbox WHERE received_at < now() - interval '30 days'"},
    {"mc_inbox_add", "INSERT INTO mc_inbox (event_id, consumer) VALUES ($1, $2)"
                     " ON CONFLICT DO NOTHING RETURNING event_id"},
};
const int mc_runtime_n_stmts = sizeof mc_runtime_stmts / sizeof mc_runtime_stmts[0];

mc_status mc_svc_ensure_stream(struct mc_service *svc)
{
    const char *subjects[] = {"evt.>"};
    jsStreamConfig cfg;
    jsStreamInfo *si = NULL;
    jsErrCode jerr = 0;
    natsStatus s;

    jsStreamConfig_Init(&cfg);
    cfg.Name = STREAM_NAME;
    cfg.Subjects = subjects;
    cfg.SubjectsLen = 1;
    cfg.Storage = js_FileStorage;
    cfg.Replicas = svc->opts->stream_replicas > 0 ? svc->opts->stream_replicas : 1;
    s = js_AddStream(&si, svc->js, &cfg, NULL, &jerr);
    jsStreamInfo_Destroy(si);
    if (s == NATS_OK || jerr == JSStreamNameExistErr)
        return MC_OK;
    return mc_err_set(MC_E_UNAVAILABLE, "add stream %s: %s (%d)", STREAM_NAME,
                      natsStatus_GetText(s), (int)jerr);
}

static natsStatus publish_row(struct mc_service *svc, const PGresult *res, int r)
{
    const char *id = PQgetvalue(res, r, 0), *subject = PQgetvalue(res, r, 1);
    char *msg_id = mc_xasprintf("%s:%s", svc->def->name, id);
    json_t *data = json_loads(PQgetvalue(res, r, 3), 0, NULL);
    json_t *env =
        mc_json_xpack("{s:s, s:s, s:s, s:o}", "id", msg_id, "type", PQgetvalue(res, r, 2),
                      "occurred_at", PQgetvalue(res, r, 4), "data", data ? data : json_object());
    char *text = mc_json_xdumps(env);
    natsMsg *m = NULL;
    jsPubAck *ack = NULL;
    natsStatus s;

    s = natsMsg_Create(&m, subject, NULL, text, (int)strlen(text));
    if (s == NATS_OK)
        s = natsMsgHeader_Set(m, "Nats-Msg-Id", msg_id);
    if (s == NATS_OK)
        s = js_PublishMsg(&ack, svc->js, m, NULL, NULL);
    jsPubAck_Destroy(ack);
    natsMsg_Destroy(m);
    free(text);
    free(msg_id);
    json_decref(env);
    return s;
}

/* Publishes one batch; returns how many rows went out, or -1 when something failed. */
static int publish_batch(struct mc_service *svc, struct mc_db *db)
{
    PGresult *res;
    mc_status st = MC_OK;
    int n = 0, rows;

    if (mc_db_ensure(db) != MC_OK || mc_db_cmd(db, "BEGIN") != MC_OK)
        return -1;
    res = mc_db_exec(db, "mc_outbox_claim", 0, NULL);
    rows = mc_db_ok(res, "outbox claim", &st) ? PQntuples(res) : 0;
    for (int r = 0; st == MC_OK && r < rows; r++) {
        const char *p[1] = {PQgetvalue(res, r, 0)};
        PGresult *u;

        if (publish_row(svc, res, r) != NATS_OK)
            break;
        u = mc_db_exec(db, "mc_outbox_done", 1, p);
        if (mc_db_ok(u, "outbox done", &st))
            n++;
        PQclear(u);
    }
    PQclear(res);
    if (mc_db_cmd(db, st == MC_OK ? "COMMIT" : "ROLLBACK") != MC_OK || st != MC_OK)
        return -1;
    atomic_fetch_add(&svc->n_published, n);
    return n < rows ? -1 : n;
}

static void wait_for_notify(struct mc_db *db, int timeout_ms)
{
    struct pollfd pfd = {.fd = PQsocket(db->conn), .events = POLLIN};
    PGnotify *note;

    if (pfd.fd >= 0 && poll(&pfd, 1, timeout_ms) > 0)
        PQconsumeInput(db->conn);
    while ((note = PQnotifies(db->conn)) != NULL)
        PQfreemem(note);
}

/* How often the connection has reconnected; -1 when it cannot be read. */
static int64_t reconnects(natsConnection *nc)
{
    natsStatistics *stats = NULL;
    uint64_t n = 0;
    int64_t out = -1;

    if (natsStatistics_Create(&stats) == NATS_OK && natsConnection_GetStats(nc, stats) == NATS_OK &&
        natsStatistics_GetCounts(stats, NULL, NULL, NULL, NULL, &n) == NATS_OK)
        out = (int64_t)n;
    natsStatistics_Destroy(stats);
    return out;
}

/*
 * nats-server 2.9 acknowledges a JetStream write before it reaches the disk, so a server that
 * died may have lost events it acknowledged. After every reconnect the publisher sends the
 * last minutes of events again: the stream drops those it still has (same Nats-Msg-Id inside
 * its duplicate window) and consumers drop any that pass (mc_inbox).
 */
static void replay_after_reconnect(struct mc_service *svc, struct mc_db *db, int64_t *seen)
{
    int64_t now = reconnects(svc->nc);
    PGresult *res;
    mc_status st = MC_OK;

    if (now < 0 || now == *seen)
        return;
    res = mc_db_exec(db, "mc_outbox_replay", 0, NULL);
    if (mc_db_ok(res, "outbox replay", &st)) {
        mc_log_info(NULL, "outbox replay after reconnect", MC_KV_STR("rows", PQcmdTuples(res)));
        *seen = now;
    }
    PQclear(res);
}

/*
 * Published events stay a day (a reconnect replays the last minutes); consumers remember event
 * ids for 30 days, far longer than any redelivery. Runs every PRUNE_EVERY_S from the publisher.
 */
#define PRUNE_EVERY_S 600

static void prune(struct mc_db *db, time_t *last)
{
    time_t now = time(NULL);

    if (now - *last < PRUNE_EVERY_S)
        return;
    *last = now;
    PQclear(mc_db_exec(db, "mc_outbox_prune", 0, NULL));
    PQclear(mc_db_exec(db, "mc_inbox_prune", 0, NULL));
    PQclear(mc_db_exec(db, "mc_idem_prune", 0, NULL));
}

void *mc_svc_publisher_main(void *arg)
{
    struct mc_service *svc = arg;
    struct mc_db db = {0};
    int64_t seen = reconnects(svc->nc);
    time_t last_prune = 0;
    unsigned listening = 0; /* n_connects of the connection that LISTENs */
    int n;

    while (!atomic_load(&svc->is_stopping)) {
        if (db.conn == NULL &&
            mc_db_open(&db, svc->opts->db_url, svc->stmts, svc->n_stmts) != MC_OK) {
            sleep(1);
            continue;
        }
        if (mc_db_ensure(&db) == MC_OK && listening != db.n_connects) {
            if (mc_db_cmd(&db, "LISTEN mc_outbox") == MC_OK)
                listening = db.n_connects;
            else
                mc_log_warn(NULL, "outbox listen failed", MC_KV_STR("err", mc_err_text()));
        }
        replay_after_reconnect(svc, &db, &seen);
        prune(&db, &last_prune);
        n = publish_batch(svc, &db);
        if (n < 0) {
            mc_log_warn(NULL, "outbox publish deferred", MC_KV_STR("err", mc_err_text()));
            MC_IGNORE(mc_db_cmd(&db, "ROLLBACK"));
            usleep(500 * 1000);
        } else if (n == 0) {
            wait_for_notify(&db, 500);
        }
    }
    mc_db_close(&db);
    return NULL;
}

struct consumer_arg {
    struct mc_service *svc;
    const struct mc_consumer *c;
};

/* Applies one event in a transaction with its inbox row; MC_OK also for a duplicate. */
static mc_status apply_event(struct mc_service *svc, const struct mc_consumer *c, struct mc_db *db,
                             natsMsg *m)
{
    json_t *env = json_loadb(natsMsg_GetData(m), natsMsg_GetDataLength(m), 0, NULL);
    struct mc_event ev = {.svc = svc, .db = db, .subject = natsMsg_GetSubject(m)};
    const char *p[2];
    PGresult *res;
    mc_status st = MC_OK;

    if (env == NULL || mc_json_str(env, "id") == NULL) {
        json_decref(env);
        return mc_err_set(MC_E_INVALID, "event without id on %s", ev.subject);
    }
    ev.id = mc_json_str(env, "id");
    ev.type = mc_json_str(env, "type");
    ev.data = json_object_get(env, "data");
    p[0] = ev.id;
    p[1] = c->durable;
    if ((st = mc_db_ensure(db)) != MC_OK || (st = mc_db_cmd(db, "BEGIN")) != MC_OK)
        goto done;
    res = mc_db_exec(db, "mc_inbox_add", 2, p);
    if (mc_db_ok(res, "inbox add", &st) && PQntuples(res) == 1)
        st = c->fn(&ev);
    PQclear(res);
    st = st == MC_OK ? mc_db_cmd(db, "COMMIT") : st;
    if (st != MC_OK)
        MC_IGNORE(mc_db_cmd(db, "ROLLBACK"));
done:
    json_decref(env);
    return st;
}

static void consume_batch(struct mc_service *svc, const struct mc_consumer *c, struct mc_db *db,
                          natsSubscription *sub)
{
    natsMsgList list = {0};
    natsStatus s = natsSubscription_Fetch(&list, sub, 16, 1000, NULL);

    if (s != NATS_OK) {
        if (s != NATS_TIMEOUT)
            usleep(200 * 1000);
        return;
    }
    for (int i = 0; i < list.Count; i++) {
        mc_status st = apply_event(svc, c, db, list.Msgs[i]);

        if (st == MC_OK || st == MC_E_INVALID) {
            natsMsg_Ack(list.Msgs[i], NULL);
            atomic_fetch_add(&svc->n_consumed, 1);
        } else {
            mc_log_warn(NULL, "event retry", MC_KV_STR("consumer", c->durable),
                        MC_KV_STR("err", mc_err_text()));
            natsMsg_NakWithDelay(list.Msgs[i], 1000, NULL);
        }
    }
    natsMsgList_Destroy(&list);
}

static natsSubscription *subscribe_pull(struct mc_service *svc, const struct mc_consumer *c)
{
    natsSubscription *sub = NULL;
    jsSubOptions so;
    jsErrCode jerr = 0;
    natsStatus s;

    jsSubOptions_Init(&so);
    so.Stream = STREAM_NAME;
    so.Config.AckWait = 30LL * 1000 * 1000 * 1000;
    so.Config.MaxDeliver = -1;
    s = js_PullSubscribe(&sub, svc->js, c->filter, c->durable, NULL, &so, &jerr);
    if (s != NATS_OK) {
        mc_log_warn(NULL, "consumer subscribe failed", MC_KV_STR("consumer", c->durable),
                    MC_KV_STR("err", natsStatus_GetText(s)), MC_KV_INT("js_err", jerr));
        return NULL;
    }
    return sub;
}

void *mc_svc_consumer_main(void *arg)
{
    struct consumer_arg *ca = arg;
    struct mc_service *svc = ca->svc;
    struct mc_db db = {0};
    natsSubscription *sub = NULL;

    while (!atomic_load(&svc->is_stopping)) {
        if (db.conn == NULL &&
            mc_db_open(&db, svc->opts->db_url, svc->stmts, svc->n_stmts) != MC_OK) {
            sleep(1);
            continue;
        }
        if (sub == NULL && (sub = subscribe_pull(svc, ca->c)) == NULL) {
            sleep(1);
            continue;
        }
        consume_batch(svc, ca->c, &db, sub);
    }
    natsSubscription_Destroy(sub);
    mc_db_close(&db);
    free(ca);
    return NULL;
}

void *mc_svc_consumer_arg(struct mc_service *svc, const struct mc_consumer *c)
{
    struct consumer_arg *ca = mc_xmalloc(sizeof *ca);

    ca->svc = svc;
    ca->c = c;
    return ca;
}
