/* SPDX-License-Identifier: Apache-2.0 */
/*
 * All SQL of the documents service: its migrations and its prepared statements. Documents and
 * service records are returned as JSON built by PostgreSQL, so the wire shape lives here, next
 * to the columns it comes from.
 */
#include "documents.h"

const char *const documents_migrations[] = {
    "CREATE TABLE documents ("
    "  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),"
    "  case_id uuid NOT NULL,"
    "  kind text NOT NULL,"
    "  title text,"
    "  content_type text NOT NULL"
    "    CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),"
    "  size bigint NOT NULL CHECK (size > 0),"
    "  sha256 text NOT NULL CHECK (length(sha256) = 64),"
    "  content bytea NOT NULL,"
    "  uploaded_by text NOT NULL,"
    "  uploader_role text NOT NULL,"
    "  party_id text,"
    "  created_at timestamptz NOT NULL DEFAULT now());"
    "CREATE INDEX documents_case ON documents (case_id, created_at);"
    "CREATE TABLE services ("
    "  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),"
    "  case_id uuid NOT NULL,"
    "  documents uuid[] NOT NULL,"
    "  created_by text NOT NULL,"
    "  created_at timestamptz NOT NULL DEFAULT now());"
    "CREATE INDEX services_case ON services (case_id);"
    "CREATE TABLE service_deliveries ("
    "  service_id uuid NOT NULL REFERENCES services (id),"
    "  party_id text NOT NULL,"
    "  name text NOT NULL,"
    "  id_number text,"
    "  sent_at timestamptz NOT NULL DEFAULT now(),"
    "  received_at timestamptz,"
    "  PRIMARY KEY (service_id, party_id));",
};
const int documents_n_migrations = sizeof documents_migrations / sizeof documents_migrations[0];

#define UTC(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* clang-format off */
/* One document as the wire shows it (never its bytes). */
#define DOC_JSON                                                                                   \
    "json_build_object('id', d.id, 'case_id', d.case_id, 'kind', d.kind, 'title', d.title,"       \
    " 'content_type', d.content_type, 'size', d.size, 'sha256', d.sha256,"                        \
    " 'uploaded_by', d.uploaded_by, 'uploader_role', d.uploader_role, 'party_id', d.party_id,"    \
    " 'created_at', " UTC("d.created_at") ")::text"

/* One service record with its deliveries; "received" once every recipient acknowledged. */
#define SERVICE_JSON                                                                               \
    "json_build_object('id', s.id, 'case_id', s.case_id, 'documents', s.documents,"               \
    " 'recipients', (SELECT json_agg(json_build_object('party_id', r.party_id, 'name', r.name,"   \
    "   'sent_at', " UTC("r.sent_at") ", 'received_at', " UTC("r.received_at") ")"               \
    "   ORDER BY r.party_id) FROM service_deliveries r WHERE r.service_id = s.id),"               \
    " 'status', CASE WHEN (SELECT bool_and(r.received_at IS NOT NULL) FROM service_deliveries r"  \
    "   WHERE r.service_id = s.id) THEN 'received' ELSE 'sent' END,"                              \
    " 'created_by', s.created_by, 'created_at', " UTC("s.created_at") ")::text"
/* clang-format on */

const struct mc_sql documents_stmts[] = {
    {"doc_insert",
     "INSERT INTO documents AS d (case_id, kind, title, content_type, size, sha256, content,"
     " uploaded_by, uploader_role, party_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
     " RETURNING " DOC_JSON},
    {"doc_get", "SELECT " DOC_JSON " FROM documents d WHERE d.id = $1"},
    {"doc_list", "SELECT " DOC_JSON " FROM documents d WHERE d.case_id = $1"
                 " AND ($2::text IS NULL OR d.kind = $2) ORDER BY d.created_at, d.id"},
    {"doc_content", "SELECT case_id, content_type, content FROM documents WHERE id = $1"},
    {"doc_count_in_case",
     "SELECT count(*) FROM documents WHERE case_id = $1 AND id = ANY ($2::uuid[])"},
    {"service_insert", "INSERT INTO services (case_id, documents, created_by)"
                       " VALUES ($1, $2::uuid[], $3) RETURNING id"},
    {"delivery_insert", "INSERT INTO service_deliveries (service_id, party_id, name, id_number)"
                        " VALUES ($1, $2, $3, $4)"},
    {"service_get", "SELECT s.case_id, " SERVICE_JSON " FROM services s WHERE s.id = $1"},
    {"delivery_of_idn", "SELECT party_id FROM service_deliveries"
                        " WHERE service_id = $1 AND id_number = $2 ORDER BY party_id LIMIT 1"},
    {"delivery_receive", "UPDATE service_deliveries SET received_at = now()"
                         " WHERE service_id = $1 AND party_id = $2 AND received_at IS NULL"
                         " RETURNING party_id"},
};
const int documents_n_stmts = sizeof documents_stmts / sizeof documents_stmts[0];
