/* SPDX-License-Identifier: Apache-2.0 */
/* All SQL of the identity service: its migrations and its prepared statements. */
#include "identity.h"

/* A timestamptz as RFC 3339 UTC text. */
#define TS(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

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
    /* 2: data protection, face verification, reviews, revocation. */
    "ALTER TABLE litigants ALTER COLUMN id_number DROP NOT NULL,"
    "  ALTER COLUMN phone DROP NOT NULL,"
    "  ADD COLUMN idn_mac text, ADD COLUMN idn_ct bytea,"
    "  ADD COLUMN phone_mac text, ADD COLUMN phone_ct bytea, ADD COLUMN face_ct bytea;"
    "CREATE UNIQUE INDEX litigants_idn_mac ON litigants (idn_mac);"
    "DELETE FROM otps;"
    "ALTER TABLE otps ALTER COLUMN id_number DROP NOT NULL, ALTER COLUMN phone DROP NOT NULL,"
    "  ADD COLUMN idn_mac text, ADD COLUMN phone_mac text;"
    "CREATE INDEX otps_mac_lookup ON otps (idn_mac, phone_mac, id DESC);"
    "CREATE INDEX otps_phone_mac ON otps (phone_mac, created_at);"
    "CREATE TABLE challenges ("
    "  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),"
    "  nonce_hash text NOT NULL,"
    "  purpose text NOT NULL CHECK (purpose IN ('login', 'reverify')),"
    "  subject text,"
    "  subject_role text,"
    "  name text,"
    "  idn_mac text, idn_ct bytea, phone_mac text, phone_ct bytea,"
    "  actions text NOT NULL,"
    "  created_at timestamptz NOT NULL DEFAULT now(),"
    "  expires_at timestamptz NOT NULL,"
    "  used_at timestamptz);"
    "CREATE TABLE verifications ("
    "  id bigserial PRIMARY KEY,"
    "  challenge_id uuid NOT NULL REFERENCES challenges (id),"
    "  outcome text NOT NULL,"
    "  max_distance real,"
    "  created_at timestamptz NOT NULL DEFAULT now());"
    "CREATE TABLE reviews ("
    "  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),"
    "  challenge_id uuid NOT NULL REFERENCES challenges (id),"
    "  status text NOT NULL DEFAULT 'pending'"
    "    CHECK (status IN ('pending', 'approved', 'rejected', 'expired', 'collected')),"
    "  name text NOT NULL,"
    "  idn_mac text NOT NULL, idn_ct bytea NOT NULL, phone_ct bytea NOT NULL,"
    "  descriptor_ct bytea NOT NULL,"
    "  distances jsonb NOT NULL,"
    "  secret_hash text NOT NULL,"
    "  created_at timestamptz NOT NULL DEFAULT now(),"
    "  decided_at timestamptz,"
    "  decided_by uuid,"
    "  reason text,"
    "  collected_at timestamptz);"
    "CREATE INDEX reviews_status ON reviews (status, created_at);"
    "CREATE TABLE review_photos ("
    "  review_id uuid NOT NULL REFERENCES reviews (id),"
    "  n int NOT NULL,"
    "  data_ct bytea NOT NULL,"
    "  PRIMARY KEY (review_id, n));"
    "CREATE TABLE revoked_tokens ("
    "  jti text PRIMARY KEY,"
    "  sub text NOT NULL,"
    "  expires_at timestamptz NOT NULL,"
    "  revoked_at timestamptz NOT NULL DEFAULT now());"
    "CREATE TABLE staff_faces ("
    "  staff_id uuid PRIMARY KEY REFERENCES staff (id),"
    "  descriptor_ct bytea NOT NULL,"
    "  enrolled_by text NOT NULL,"
    "  enrolled_at timestamptz NOT NULL DEFAULT now());",
    /* 3: staff sign-in lockout after repeated wrong passwords. */
    "ALTER TABLE staff ADD COLUMN failed_logins int NOT NULL DEFAULT 0,"
    "  ADD COLUMN locked_until timestamptz;",
    /* 4: failures are counted per username, known or not, so a lock tells nothing about
     * which usernames exist. */
    "CREATE TABLE login_failures ("
    "  username text PRIMARY KEY,"
    "  failures int NOT NULL,"
    "  locked_until timestamptz,"
    "  updated_at timestamptz NOT NULL DEFAULT now());",
};
const int identity_n_migrations = sizeof identity_migrations / sizeof identity_migrations[0];

const struct mc_sql identity_stmts[] = {
    {"staff_insert", "INSERT INTO staff (username, password_hash, role, court_code, name)"
                     " VALUES ($1, $2, $3, $4, $5) RETURNING id"},
    {"staff_by_username", "SELECT id, password_hash, role, court_code, name,"
                          " coalesce((SELECT locked_until > now() FROM login_failures"
                          " WHERE username = $1), false) FROM staff WHERE username = $1"},
    {"login_locked", "SELECT count(*) FROM login_failures WHERE username = $1"
                     " AND locked_until > now()"},
    {"staff_login_failed",
     "INSERT INTO login_failures AS f (username, failures) VALUES ($1, 1)"
     " ON CONFLICT (username) DO UPDATE SET failures = CASE WHEN f.locked_until < now()"
     " THEN 1 ELSE f.failures + 1 END, updated_at = now(), locked_until = CASE"
     " WHEN f.locked_until > now() THEN f.locked_until"
     " WHEN f.failures + 1 >= $2::int THEN now() + make_interval(secs => $3::int) END"},
    {"staff_login_ok", "DELETE FROM login_failures WHERE username = $1"},
    {"staff_get", "SELECT id, username, role, court_code, name FROM staff"
                  " WHERE id::text = $1 OR username = $1"},
    {"challenge_recent", "SELECT count(*) FROM challenges WHERE idn_mac = $1"
                         " AND created_at > now() - interval '10 minutes'"},
    {"otp_lock", "SELECT pg_advisory_xact_lock(hashtext('otp:' || $1))"},
    {"otp_recent", "SELECT count(*) FROM otps WHERE phone_mac = $1"
                   " AND created_at > now() - interval '60 seconds'"},
    {"otp_insert", "INSERT INTO otps (idn_mac, phone_mac, name, code_hash, expires_at)"
                   " VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5::int))"
                   " RETURNING id, " TS("expires_at")},
    {"otp_latest", "SELECT id, code_hash, expires_at > now(), attempts, used_at IS NOT NULL, name"
                   " FROM otps WHERE idn_mac = $1 AND phone_mac = $2"
                   " ORDER BY id DESC LIMIT 1 FOR UPDATE"},
    {"otp_attempt", "UPDATE otps SET attempts = attempts + 1 WHERE id = $1"},
    {"otp_use", "UPDATE otps SET used_at = now() WHERE id = $1"},
    {"litigant_binding", "SELECT phone_mac FROM litigants WHERE idn_mac = $1"},
    {"litigant_registration", "SELECT face_ct, phone_mac, name FROM litigants WHERE idn_mac = $1"},
    {"litigant_upsert",
     "INSERT INTO litigants (idn_mac, idn_ct, name, phone_mac, phone_ct, face_ct, last_login_at)"
     " VALUES ($1, $2::bytea, $3, $4, $5::bytea, $6::bytea, now()) ON CONFLICT (idn_mac) DO UPDATE"
     " SET phone_mac = EXCLUDED.phone_mac, phone_ct = EXCLUDED.phone_ct,"
     " face_ct = COALESCE(EXCLUDED.face_ct, litigants.face_ct), last_login_at = now()"
     " RETURNING id, name"},
    {"litigant_face", "SELECT face_ct FROM litigants WHERE id::text = $1"},
    {"challenge_insert",
     "INSERT INTO challenges (nonce_hash, purpose, subject, subject_role, name, idn_mac, idn_ct,"
     " phone_mac, phone_ct, actions, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7::bytea, $8,"
     " $9::bytea, $10, now() + make_interval(secs => $11::int)) RETURNING id, " TS("expires_at")},
    {"challenge_lock", "SELECT nonce_hash, purpose, subject, name, idn_ct, phone_ct, actions,"
                       " expires_at > now(), used_at IS NOT NULL, subject_role"
                       " FROM challenges WHERE id::text = $1 FOR UPDATE"},
    {"challenge_use", "UPDATE challenges SET used_at = now() WHERE id = $1::uuid"},
    {"verification_log", "INSERT INTO verifications (challenge_id, outcome, max_distance)"
                         " VALUES ($1::uuid, $2, $3::real)"},
    {"review_insert",
     "INSERT INTO reviews (challenge_id, name, idn_mac, idn_ct, phone_ct, descriptor_ct,"
     " distances, secret_hash) VALUES ($1::uuid, $2, $3, $4::bytea, $5::bytea, $6::bytea,"
     " $7::jsonb, $8) RETURNING id"},
    {"review_photo_insert", "INSERT INTO review_photos (review_id, n, data_ct)"
                            " VALUES ($1::uuid, $2::int, $3::bytea)"},
    {"review_list",
     "SELECT r.id, r.status, r.name, r.distances::text, " TS(
         "r.created_at") ","
                         " " TS("r.decided_at") ", r.reason,"
                                                " (SELECT count(*) FROM review_photos p WHERE "
                                                "p.review_id = r.id), r.idn_ct"
                                                " FROM reviews r WHERE r.status = $1 ORDER BY "
                                                "r.created_at LIMIT 200"},
    {"review_lock", "SELECT status, name, idn_ct, phone_ct, descriptor_ct, secret_hash"
                    " FROM reviews WHERE id::text = $1 FOR UPDATE"},
    {"review_decide", "UPDATE reviews SET status = $2, decided_at = now(), decided_by = $3::uuid,"
                      " reason = $4 WHERE id::text = $1"},
    {"review_photos_drop", "DELETE FROM review_photos WHERE review_id::text = $1"},
    {"review_photo_get", "SELECT data_ct FROM review_photos WHERE review_id::text = $1"
                         " AND n = $2::int"},
    {"review_collect", "UPDATE reviews SET status = 'collected', collected_at = now()"
                       " WHERE id::text = $1"},
    {"review_purge",
     "WITH old AS (UPDATE reviews SET status = 'expired', decided_at = now()"
     " WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1::int)"
     " RETURNING id) DELETE FROM review_photos WHERE review_id IN (SELECT id FROM old)"
     " OR review_id IN (SELECT id FROM reviews"
     " WHERE created_at < now() - make_interval(secs => $1::int))"},
    {"revoke_insert", "INSERT INTO revoked_tokens (jti, sub, expires_at)"
                      " VALUES ($1, $2, to_timestamp($3::bigint)) ON CONFLICT (jti) DO NOTHING"
                      " RETURNING jti"},
    {"revoked_list", "SELECT jti, extract(epoch FROM expires_at)::bigint FROM revoked_tokens"
                     " WHERE expires_at > now() ORDER BY revoked_at LIMIT 100000"},
    {"staff_face_upsert",
     "INSERT INTO staff_faces (staff_id, descriptor_ct, enrolled_by)"
     " VALUES ($1::uuid, $2::bytea, $3) ON CONFLICT (staff_id) DO UPDATE"
     " SET descriptor_ct = EXCLUDED.descriptor_ct, enrolled_by = EXCLUDED.enrolled_by,"
     " enrolled_at = now()"},
    {"staff_face_get", "SELECT descriptor_ct FROM staff_faces WHERE staff_id::text = $1"},
};
const int identity_n_stmts = sizeof identity_stmts / sizeof identity_stmts[0];

/* Statements of the start-up pass that seals rows written before migration 2 (backfill.c). */
const struct mc_sql identity_backfill_stmts[] = {
    {"backfill_next", "SELECT id, id_number, phone FROM litigants"
                      " WHERE id_number IS NOT NULL OR phone IS NOT NULL LIMIT 100"},
    {"backfill_set", "UPDATE litigants SET idn_mac = $2, idn_ct = $3::bytea, phone_mac = $4,"
                     " phone_ct = $5::bytea, id_number = NULL, phone = NULL WHERE id = $1::uuid"},
};
const int identity_n_backfill_stmts =
    sizeof identity_backfill_stmts / sizeof identity_backfill_stmts[0];
