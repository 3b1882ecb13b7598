/* SPDX-License-Identifier: Apache-2.0 */
/* All SQL of the enforcement service: its migrations and its prepared statements. */
#include "enforcement.h"

const char *const enforcement_migrations[] = {
    "CREATE TABLE enforcement_counters ("
    "  court_code text NOT NULL,"
    "  year int NOT NULL,"
    "  case_type text NOT NULL,"
    "  last_seq int NOT NULL,"
    "  PRIMARY KEY (court_code, year, case_type));"
    "CREATE TABLE enforcements ("
    "  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),"
    "  case_id uuid NOT NULL,"
    "  case_number text NOT NULL,"
    "  court_code text NOT NULL,"
    "  number text UNIQUE NOT NULL,"
    "  year int NOT NULL,"
    "  case_type text NOT NULL,"
    "  seq int NOT NULL,"
    "  applicant jsonb NOT NULL,"
    "  respondents jsonb NOT NULL,"
    "  amount_fen bigint NOT NULL CHECK (amount_fen > 0),"
    "  fee_fen bigint NOT NULL CHECK (fee_fen >= 0),"
    "  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),"
    "  opened_by text NOT NULL,"
    "  opened_at timestamptz NOT NULL DEFAULT now(),"
    "  UNIQUE (court_code, year, case_type, seq));"
    "CREATE UNIQUE INDEX enforcements_one_open ON enforcements (case_id) WHERE status = 'open';",
};
const int enforcement_n_migrations =
    sizeof enforcement_migrations / sizeof enforcement_migrations[0];

#define ENF_COLS                                                                                   \
    "id, number, case_id, case_number, court_code, applicant::text, respondents::text,"            \
    " amount_fen, fee_fen, status,"                                                                \
    " to_char(opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

const struct mc_sql enforcement_stmts[] = {
    {"counter_next",
     "INSERT INTO enforcement_counters (court_code, year, case_type, last_seq)"
     " VALUES ($1, $2, $3, 1) ON CONFLICT (court_code, year, case_type)"
     " DO UPDATE SET last_seq = enforcement_counters.last_seq + 1 RETURNING last_seq"},
    {"enforcement_insert",
     "INSERT INTO enforcements (case_id, case_number, court_code, number, year, case_type, seq,"
     " applicant, respondents, amount_fen, fee_fen, opened_by)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12)"
     " ON CONFLICT (case_id) WHERE status = 'open' DO NOTHING RETURNING " ENF_COLS},
    {"enforcement_get", "SELECT " ENF_COLS " FROM enforcements WHERE id = $1"},
};
const int enforcement_n_stmts = sizeof enforcement_stmts / sizeof enforcement_stmts[0];
