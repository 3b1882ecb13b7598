/* SPDX-License-Identifier: Apache-2.0 */
/* All SQL of the signatures service: its migrations and its prepared statements. */
#include "signatures.h"

const char *const signatures_migrations[] = {
    "CREATE TABLE signatures ("
    "  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),"
    "  document_id uuid NOT NULL,"
    "  case_id uuid NOT NULL,"
    "  sha256 text NOT NULL,"
    "  signer_id text NOT NULL,"
    "  signer_role text NOT NULL,"
    "  signer_name text NOT NULL,"
    "  party_id text,"
    "  signed_at text NOT NULL,"
    "  signature text NOT NULL,"
    "  key_id text NOT NULL,"
    "  created_at timestamptz NOT NULL DEFAULT now(),"
    "  UNIQUE (document_id, signer_id));"
    "CREATE INDEX signatures_case ON signatures (case_id);",
    /* 2: face assertions. Rows stored before keep statement version 1. */
    "ALTER TABLE signatures"
    "  ADD COLUMN statement_version int NOT NULL DEFAULT 1,"
    "  ADD COLUMN face_verified boolean NOT NULL DEFAULT false,"
    "  ADD COLUMN face_distance double precision,"
    "  ADD COLUMN assertion_jti text;"
    "CREATE TABLE used_assertions ("
    "  jti text NOT NULL,"
    "  document_id uuid NOT NULL,"
    "  signer_id text NOT NULL,"
    "  used_at timestamptz NOT NULL DEFAULT now(),"
    "  CONSTRAINT used_assertions_jti UNIQUE (jti));",
};
const int signatures_n_migrations = sizeof signatures_migrations / sizeof signatures_migrations[0];

const struct mc_sql signatures_stmts[] = {
    {"signature_insert",
     "INSERT INTO signatures (document_id, case_id, sha256, signer_id, signer_role, signer_name,"
     " party_id, signed_at, signature, key_id, statement_version, face_verified, face_distance,"
     " assertion_jti) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
     " ON CONFLICT (document_id, signer_id) DO NOTHING RETURNING id"},
    {"signature_list",
     "SELECT id, sha256, signer_id, signer_role, signer_name, party_id, signed_at, signature,"
     " key_id, statement_version, face_verified, face_distance FROM signatures"
     " WHERE document_id = $1 ORDER BY created_at, id"},
    {"assertion_use",
     "INSERT INTO used_assertions (jti, document_id, signer_id) VALUES ($1, $2, $3)"
     " ON CONFLICT (jti) DO NOTHING RETURNING jti"},
};
const int signatures_n_stmts = sizeof signatures_stmts / sizeof signatures_stmts[0];
