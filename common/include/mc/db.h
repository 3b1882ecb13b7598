/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PostgreSQL over libpq. A struct mc_db is one connection with the service's statements
 * prepared on it; it is used by one thread at a time (each worker owns one). It reconnects and
 * re-prepares after the server went away. Migrations run once at start under an advisory lock,
 * so any number of instances may start together.
 */
#ifndef MC_COMMON_DB_H
#define MC_COMMON_DB_H

#include <stdbool.h>

#include <libpq-fe.h>

#include "mc/status.h"

/* A named statement; the SQL of a service lives in its store.c. */
struct mc_sql {
    const char *name;
    const char *sql;
};

struct mc_db {
    PGconn *conn;
    char *url;
    const struct mc_sql *stmts;
    int n_stmts;
    unsigned n_connects; /* connections made so far: session state (LISTEN) is per connection */
};

/* Connects and prepares stmts (borrowed: must outlive the db). Retries are the caller's. */
mc_status mc_db_open(struct mc_db *db, const char *url, const struct mc_sql *stmts,
                     int n_stmts) MC_MUSTCHECK;
void mc_db_close(struct mc_db *db);

/* Makes sure the connection is up, resetting and re-preparing if it dropped. */
mc_status mc_db_ensure(struct mc_db *db) MC_MUSTCHECK;

/*
 * Applies the migrations not yet applied (index = version - 1), each in its own transaction,
 * recording them in mc_schema_version. Holds an advisory lock keyed by lock_name meanwhile.
 */
mc_status mc_db_migrate(struct mc_db *db, const char *lock_name, const char *const *migrations,
                        int n_migrations) MC_MUSTCHECK;

/*
 * Runs the prepared statement name with text parameters (NULL = SQL null). owned: the result,
 * caller clears with PQclear; never NULL. Check it with mc_db_ok.
 */
PGresult *mc_db_exec(struct mc_db *db, const char *name, int n, const char *const *params);

/* Like mc_db_exec with explicit lengths and formats (1 = binary) for bytea parameters. */
PGresult *mc_db_exec_bin(struct mc_db *db, const char *name, int n, const char *const *params,
                         const int *lengths, const int *formats);

/* True when res succeeded; otherwise sets the error context (MC_E_DB, or MC_E_CONFLICT for a
 * unique violation) and returns false; *out_st receives the status. */
bool mc_db_ok(const PGresult *res, const char *what, mc_status *out_st);

/* Runs a plain command (BEGIN, COMMIT, ROLLBACK, SET ...). */
mc_status mc_db_cmd(struct mc_db *db, const char *sql) MC_MUSTCHECK;

/* Borrowed value of row r, column c, or NULL when the value is SQL null. */
const char *mc_db_val(const PGresult *res, int r, int c);

#endif
