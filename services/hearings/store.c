/* SPDX-License-Identifier: Apache-2.0 */
/*
 * All SQL of the hearings service: its migrations and its prepared statements. Rows leave the
 * database already shaped as the JSON the service replies with (json_build_object), so the wire
 * format of a hearing and of a message is defined here once.
 */
#include "hearings.h"

const char *const hearings_migrations[] = {
    "CREATE TABLE hearings ("
    "  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),"
    "  case_id uuid NOT NULL,"
    "  case_number text NOT NULL,"
    "  court_code text NOT NULL,"
    "  kind text NOT NULL"
    "    CHECK (kind IN ('pre_trial', 'evidence_exchange', 'mediation', 'trial')),"
    "  starts_at timestamptz NOT NULL,"
    "  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),"
    "  opened_by text NOT NULL,"
    "  participants jsonb NOT NULL,"
    "  last_seq int NOT NULL DEFAULT 0,"
    "  outcome text CHECK (outcome IN ('mediated', 'no_agreement', 'adjourned', 'concluded')),"
    "  agreement_document_id uuid,"
    "  closed_by text,"
    "  closed_at timestamptz,"
    "  created_at timestamptz NOT NULL DEFAULT now());"
    "CREATE INDEX hearings_case ON hearings (case_id);"
    "CREATE TABLE hearing_messages ("
    "  hearing_id uuid NOT NULL REFERENCES hearings (id),"
    "  seq int NOT NULL CHECK (seq > 0),"
    "  sender_id text NOT NULL,"
    "  sender_role text NOT NULL,"
    "  sender_name text,"
    "  party_id text,"
    "  text text NOT NULL,"
    "  sent_at timestamptz NOT NULL DEFAULT now(),"
    "  PRIMARY KEY (hearing_id, seq));",
};
const int hearings_n_migrations = sizeof hearings_migrations / sizeof hearings_migrations[0];

#define UTC(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define UTC_MS(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

#define HEARING_JSON                                                                               \
    "json_build_object('id', h.id, 'case_id', h.case_id, 'case_number', h.case_number,"            \
    " 'court_code', h.court_code, 'kind', h.kind, 'starts_at', " UTC(                              \
        "h.starts_at") ","                                                                         \
                       " 'status', h.status, 'opened_by', h.opened_by, 'participants', "           \
                       "h.participants,"                                                           \
                       " 'last_seq', h.last_seq, 'outcome', h.outcome,"                            \
                       " 'agreement_document_id', h.agreement_document_id, 'closed_by', "          \
                       "h.closed_by,"                                                              \
                       " 'closed_at', " UTC("h.closed_at") ", 'created_at', " UTC(                 \
                           "h.created_at") ")::text"

#define MESSAGE_JSON                                                                               \
    "json_build_object('hearing_id', m.hearing_id, 'seq', m.seq, 'sender_id', m.sender_id,"        \
    " 'sender_role', m.sender_role, 'sender_name', m.sender_name, 'party_id', m.party_id,"         \
    " 'text', m.text, 'sent_at', " UTC_MS("m.sent_at") ")::text"

const struct mc_sql hearings_stmts[] = {
    {"hearing_insert",
     "INSERT INTO hearings AS h (case_id, case_number, court_code, kind, starts_at, opened_by,"
     " participants) VALUES ($1, $2, $3, $4, to_timestamp($5::bigint), $6, $7::jsonb)"
     " RETURNING " HEARING_JSON},
    {"hearing_get", "SELECT " HEARING_JSON " FROM hearings h WHERE h.id = $1"},
    {"hearing_lock", "SELECT status FROM hearings WHERE id = $1 FOR UPDATE"},
    {"hearing_close",
     "UPDATE hearings h SET status = 'closed', outcome = $2, agreement_document_id = $3,"
     " closed_by = $4, closed_at = now() WHERE h.id = $1 AND h.status = 'open'"
     " RETURNING " HEARING_JSON},
    /* One statement, so one round trip and the counter row locked only while it runs: the
     * number is taken and the message stored atomically; no row means the hearing is closed. */
    {"message_post",
     "WITH s AS (UPDATE hearings SET last_seq = last_seq + 1 WHERE id = $1 AND status = 'open'"
     " RETURNING id, last_seq)"
     " INSERT INTO hearing_messages AS m (hearing_id, seq, sender_id, sender_role, sender_name,"
     " party_id, text) SELECT s.id, s.last_seq, $2, $3, $4, $5, $6 FROM s RETURNING " MESSAGE_JSON},
    {"message_list",
     "SELECT " MESSAGE_JSON " FROM hearing_messages m WHERE m.hearing_id = $1 AND m.seq > $2"
     " ORDER BY m.seq LIMIT $3"},
};
const int hearings_n_stmts = sizeof hearings_stmts / sizeof hearings_stmts[0];
