/* SPDX-License-Identifier: Apache-2.0 */
#include "mc/db.h"

#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static mc_status prepare_all(struct mc_db *db)
{
    for (int i = 0; i < db->n_stmts; i++) {
        PGresult *res = PQprepare(db->conn, db->stmts[i].name, db->stmts[i].sql, 0, NULL);
        bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;

        if (!ok) {
            mc_status st =
                mc_err_set(MC_E_DB, "prepare %s: %s", db->stmts[i].name, PQresultErrorMessage(res));
            PQclear(res);
            return st;
        }
        PQclear(res);
    }
    return MC_OK;
}

mc_status mc_db_open(struct mc_db *db, const char *url, const struct mc_sql *stmts, int n_stmts)
{
    struct mc_db d = {.url = mc_xstrdup(url), .stmts = stmts, .n_stmts = n_stmts, .n_connects = 1};
    mc_status st;

    d.conn = PQconnectdb(url);
    if (PQstatus(d.conn) != CONNECTION_OK) {
        st = mc_err_set(MC_E_UNAVAILABLE, "connect: %s", PQerrorMessage(d.conn));
        mc_db_close(&d);
        return st;
    }
    st = prepare_all(&d);
    if (st != MC_OK) {
        mc_db_close(&d);
        return st;
    }
    *db = d;
    return MC_OK;
}

void mc_db_close(struct mc_db *db)
{
    if (db->conn)
        PQfinish(db->conn);
    free(db->url);
    db->conn = NULL;
    db->url = NULL;
}

/*
 * libpq notices a server that went away only when a query fails. An idle connection has nothing
 * to read, so a readable socket means either a notification (LISTEN connections) or the server
 * saying goodbye: a shutdown message, then the end of the stream. Anything but a notification
 * is taken as the connection's end. Costs one poll; saves the first request after a database
 * restart from failing. Returns true when the connection must be reset.
 */
static bool is_closed_by_server(struct mc_db *db)
{
    struct pollfd pfd = {.fd = PQsocket(db->conn), .events = POLLIN};
    bool had_notify = false;
    PGnotify *note;

    if (pfd.fd < 0 || poll(&pfd, 1, 0) <= 0)
        return false;
    if (!PQconsumeInput(db->conn))
        return true;
    while ((note = PQnotifies(db->conn)) != NULL) {
        had_notify = true;
        PQfreemem(note);
    }
    return !had_notify;
}

mc_status mc_db_ensure(struct mc_db *db)
{
    bool is_gone = PQstatus(db->conn) != CONNECTION_OK || is_closed_by_server(db);

    if (!is_gone && PQtransactionStatus(db->conn) != PQTRANS_UNKNOWN)
        return MC_OK;
    PQreset(db->conn);
    db->n_connects++;
    if (PQstatus(db->conn) != CONNECTION_OK)
        return mc_err_set(MC_E_UNAVAILABLE, "reconnect: %s", PQerrorMessage(db->conn));
    return prepare_all(db);
}

mc_status mc_db_cmd(struct mc_db *db, const char *sql)
{
    PGresult *res = PQexec(db->conn, sql);
    mc_status st = MC_OK;

    mc_db_ok(res, sql, &st);
    PQclear(res);
    return st;
}

static mc_status apply_one(struct mc_db *db, int version, const char *sql)
{
    char v[16];
    const char *params[1] = {v};
    PGresult *res;
    mc_status st;

    st = mc_db_cmd(db, "BEGIN");
    if (st != MC_OK)
        return st;
    st = mc_db_cmd(db, sql);
    if (st == MC_OK) {
        snprintf(v, sizeof v, "%d", version);
        res = PQexecParams(db->conn, "INSERT INTO mc_schema_version(version) VALUES ($1)", 1, NULL,
                           params, NULL, NULL, 0);
        mc_db_ok(res, "record migration", &st);
        PQclear(res);
    }
    if (st != MC_OK) {
        MC_IGNORE(mc_db_cmd(db, "ROLLBACK"));
        return st;
    }
    return mc_db_cmd(db, "COMMIT");
}

static int current_version(struct mc_db *db)
{
    PGresult *res = PQexec(db->conn, "SELECT coalesce(max(version), 0) FROM mc_schema_version");
    int v = -1;

    if (PQresultStatus(res) == PGRES_TUPLES_OK)
        v = atoi(PQgetvalue(res, 0, 0));
    PQclear(res);
    return v;
}

mc_status mc_db_migrate(struct mc_db *db, const char *lock_name, const char *const *migrations,
                        int n_migrations)
{
    const char *params[1] = {lock_name};
    PGresult *res;
    mc_status st = MC_OK;
    int have;

    res = PQexecParams(db->conn, "SELECT pg_advisory_lock(hashtext($1))", 1, NULL, params, NULL,
                       NULL, 0);
    if (!mc_db_ok(res, "migration lock", &st)) {
        PQclear(res);
        return st;
    }
    PQclear(res);
    st = mc_db_cmd(db, "CREATE TABLE IF NOT EXISTS mc_schema_version ("
                       " version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
    have = st == MC_OK ? current_version(db) : -1;
    if (st == MC_OK && have < 0)
        st = mc_err_set(MC_E_DB, "read schema version: %s", PQerrorMessage(db->conn));
    for (int i = have; st == MC_OK && i < n_migrations; i++)
        st = apply_one(db, i + 1, migrations[i]);
    res = PQexecParams(db->conn, "SELECT pg_advisory_unlock(hashtext($1))", 1, NULL, params, NULL,
                       NULL, 0);
    PQclear(res);
    if (st == MC_OK)
        st = prepare_all(db);
    return st;
}

PGresult *mc_db_exec(struct mc_db *db, const char *name, int n, const char *const *params)
{
    return PQexecPrepared(db->conn, name, n, params, NULL, NULL, 0);
}

PGresult *mc_db_exec_bin(struct mc_db *db, const char *name, int n, const char *const *params,
                         const int *lengths, const int *formats)
{
    return PQexecPrepared(db->conn, name, n, params, lengths, formats, 0);
}

bool mc_db_ok(const PGresult *res, const char *what, mc_status *out_st)
{
    ExecStatusType t = PQresultStatus(res);
    const char *state;

    if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK)
        return true;
    state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    if (state && strcmp(state, "23505") == 0) {
        *out_st = mc_err_set(MC_E_CONFLICT, "%s: duplicate", what);
        return false;
    }
    if (state == NULL || strncmp(state, "08", 2) == 0 || strncmp(state, "57", 2) == 0)
        *out_st = mc_err_set(MC_E_UNAVAILABLE, "%s: %s", what, PQresultErrorMessage(res));
    else
        *out_st = mc_err_set(MC_E_DB, "%s: %s", what, PQresultErrorMessage(res));
    return false;
}

const char *mc_db_val(const PGresult *res, int r, int c)
{
    if (PQgetisnull(res, r, c))
        return NULL;
    return PQgetvalue(res, r, c);
}
