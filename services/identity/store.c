/* SPDX-License-Identifier: Apache-2.0 */
/* All SQL of the identity service: its migrations and its prepared statements. */
#include "identity.h"

const char *const identity_migrations[] = {
    "CREATE TABLE staff ("
    "  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),"
    "  username text UNIQUE NOT NULL,"
    "  password_hash text NOT NULL,"
    "  role text NOT NULL CHECK (role IN ('clerk', 'judge', 'enforcement', 'admin')),"
    "  court_code text NOT NULL,"
    "  name text NOT NULL,"
    "  created_at timestamptz NOT NULL DEFAULT now());"
    "CREATE TABLE litigants ("
    "  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),"
    "  id_number text UNIQUE NOT NULL,"
    "  name text NOT NULL,"
    "  phone text NOT NULL,"
    "  created_at timestamptz NOT NULL DEFAULT now(),"
    "  last_login_at timestamptz);"
    "CREATE TABLE otps ("
    "  id bigserial PRIMARY KEY,"
    "  id_number text NOT NULL,"
    "  phone text NOT NULL,"
    "  name text NOT NULL,"
    "  code_hash text NOT NULL,"
    "  attempts int NOT NULL DEFAULT 0,"
    "  created_at timestamptz NOT NULL DEFAULT now(),"
    "  expires_at timestamptz NOT NULL,"
    "  used_at timestamptz);"
    "CREATE INDEX otps_lookup ON otps (id_number, phone, id DESC);",
};
const int identity_n_migrations = sizeof identity_migrations / sizeof identity_migrations[0];

const struct mc_sql identity_stmts[] = {
    {"staff_insert", "INSERT INTO staff (username, password_hash, role, court_code, name)"
                     " VALUES ($1, $2, $3, $4, $5) RETURNING id"},
    {"staff_by_username", "SELECT id, password_hash, role, court_code, name FROM staff"
                          " WHERE username = $1"},
    {"staff_get", "SELECT id, username, role, court_code, name FROM staff"
                  " WHERE id::text = $1 OR username = $1"},
    {"otp_recent", "SELECT count(*) FROM otps WHERE phone = $1"
                   " AND created_at > now() - interval '60 seconds'"},
    {"otp_insert", "INSERT INTO otps (id_number, phone, name, code_hash, expires_at)"
                   " VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5::int))"
                   " RETURNING id, to_char(expires_at AT TIME ZONE 'UTC',"
                   " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"},
    {"otp_latest", "SELECT id, code_hash, expires_at > now(), attempts, used_at IS NOT NULL, name"
                   " FROM otps WHERE id_number = $1 AND phone = $2"
                   " ORDER BY id DESC LIMIT 1 FOR UPDATE"},
    {"otp_attempt", "UPDATE otps SET attempts = attempts + 1 WHERE id = $1"},
    {"otp_use", "UPDATE otps SET used_at = now() WHERE id = $1"},
    {"litigant_upsert", "INSERT INTO litigants (id_number, name, phone, last_login_at)"
                        " VALUES ($1, $2, $3, now()) ON CONFLICT (id_number) DO UPDATE"
                        " SET phone = EXCLUDED.phone, last_login_at = now() RETURNING id, name"},
};
const int identity_n_stmts = sizeof identity_stmts / sizeof identity_stmts[0];
