/* SPDX-License-Identifier: Apache-2.0 */
/* All SQL of the docketing service: its migrations and its prepared statements. */
#include "docketing.h"

const char *const docketing_migrations[] = {
    "CREATE TABLE filings ("
    "  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),"
    "  court_code text NOT NULL,"
    "  case_type text NOT NULL,"
    "  cause text NOT NULL,"
    "  body jsonb NOT NULL,"
    "  amount_fen bigint NOT NULL CHECK (amount_fen >= 0),"
    "  fee_fen bigint NOT NULL CHECK (fee_fen >= 0),"
    "  status text NOT NULL DEFAULT 'submitted'"
    "    CHECK (status IN ('submitted', 'accepted', 'rejected', 'amendment_requested')),"
    "  filed_by text NOT NULL,"
    "  filed_by_idn text,"
    "  received_on date NOT NULL,"
    "  decide_by date NOT NULL,"
    "  decision_reason text,"
    "  decided_by text,"
    "  decided_at timestamptz,"
    "  case_id uuid,"
    "  version int NOT NULL DEFAULT 1,"
    "  created_at timestamptz NOT NULL DEFAULT now());"
    "CREATE INDEX filings_court ON filings (court_code, status);"
    "CREATE TABLE case_counters ("
    "  court_code text NOT NULL,"
    "  year int NOT NULL,"
    "  case_type text NOT NULL,"
    "  last_seq int NOT NULL,"
    "  PRIMARY KEY (court_code, year, case_type));"
    "CREATE TABLE cases ("
    "  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),"
    "  filing_id uuid UNIQUE NOT NULL REFERENCES filings (id),"
    "  number text UNIQUE NOT NULL,"
    "  court_code text NOT NULL,"
    "  year int NOT NULL,"
    "  case_type text NOT NULL,"
    "  seq int NOT NULL,"
    "  cause text NOT NULL,"
    "  amount_fen bigint NOT NULL,"
    "  fee_fen bigint NOT NULL,"
    "  status text NOT NULL DEFAULT 'accepted',"
    "  judge_id text,"
    "  judge_name text,"
    "  version int NOT NULL DEFAULT 1,"
    "  created_at timestamptz NOT NULL DEFAULT now(),"
    "  UNIQUE (court_code, year, case_type, seq));"
    "CREATE TABLE case_parties ("
    "  case_id uuid NOT NULL REFERENCES cases (id),"
    "  party_id text NOT NULL,"
    "  role text NOT NULL,"
    "  kind text NOT NULL,"
    "  name text NOT NULL,"
    "  id_number text,"
    "  PRIMARY KEY (case_id, party_id));"
    "CREATE INDEX case_parties_idn ON case_parties (id_number);",
};
const int docketing_n_migrations = sizeof docketing_migrations / sizeof docketing_migrations[0];

#define CASE_COLS                                                                                  \
    "c.id, c.number, c.court_code, c.case_type, c.cause, c.amount_fen, c.fee_fen, c.status,"       \
    " c.judge_id, c.judge_name, c.filing_id, c.version,"                                           \
    " to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"                 \
    " (SELECT coalesce(json_agg(json_build_object('party_id', p.party_id, 'role', p.role,"         \
    "   'kind', p.kind, 'name', p.name, 'id_number', p.id_number) ORDER BY p.party_id), '[]')"     \
    "  FROM case_parties p WHERE p.case_id = c.id)"

const struct mc_sql docketing_stmts[] = {
    {"filing_insert",
     "INSERT INTO filings (court_code, case_type, cause, body, amount_fen, fee_fen, filed_by,"
     " filed_by_idn, received_on, decide_by) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, "
     "$10)"
     " RETURNING id"},
    {"filing_get",
     "SELECT id, court_code, case_type, cause, body::text, amount_fen, fee_fen, status, filed_by,"
     " filed_by_idn, received_on, decide_by, decision_reason, case_id, version"
     " FROM filings WHERE id = $1"},
    {"filing_lock", "SELECT status, court_code, case_type, cause, body::text, amount_fen, fee_fen"
                    " FROM filings WHERE id = $1 FOR UPDATE"},
    {"filing_decide",
     "UPDATE filings SET status = $2, decision_reason = $3, decided_by = $4, decided_at = now(),"
     " case_id = $5, version = version + 1 WHERE id = $1"},
    {"counter_next",
     "INSERT INTO case_counters (court_code, year, case_type, last_seq) VALUES ($1, $2, $3, 1)"
     " ON CONFLICT (court_code, year, case_type)"
     " DO UPDATE SET last_seq = case_counters.last_seq + 1 RETURNING last_seq"},
    {"case_insert",
     "INSERT INTO cases (filing_id, number, court_code, year, case_type, seq, cause, amount_fen,"
     " fee_fen) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"},
    {"party_insert", "INSERT INTO case_parties (case_id, party_id, role, kind, name, id_number)"
                     " VALUES ($1, $2, $3, $4, $5, $6)"},
    {"case_get", "SELECT " CASE_COLS " FROM cases c WHERE c.id = $1"},
    {"case_list_court", "SELECT " CASE_COLS " FROM cases c WHERE c.court_code = $1"
                        " ORDER BY c.created_at DESC, c.id LIMIT $2"},
    {"case_list_party", "SELECT " CASE_COLS " FROM cases c WHERE c.id IN"
                        " (SELECT case_id FROM case_parties WHERE id_number = $1)"
                        " ORDER BY c.created_at DESC, c.id LIMIT $2"},
    {"case_assign", "UPDATE cases SET judge_id = $2, judge_name = $3, status = 'assigned',"
                    " version = version + 1 WHERE id = $1 AND status IN ('accepted', 'assigned')"
                    " RETURNING version"},
    {"case_set_status", "UPDATE cases SET status = $2, version = version + 1 WHERE id = $1"},
};
const int docketing_n_stmts = sizeof docketing_stmts / sizeof docketing_stmts[0];
