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
};
const int signatures_n_migrations = sizeof signatures_migrations / sizeof signatures_migrations[0];

const struct mc_sql signatures_stmts[] = {
    {"signature_insert",
     "INSERT INTO signatures (document_id, case_id, sha256, signer_id, signer_role, signer_name,"
     " party_id, signed_at, signature, key_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
     " ON CONFLICT (document_id, signer_id) DO NOTHING RETURNING id"},
    {"signature_list",
     "SELECT id, sha256, signer_id, signer_role, signer_name, party_id, signed_at, signature,"
     " key_id FROM signatures WHERE document_id = $1 ORDER BY created_at, id"},
};
const int signatures_n_stmts = sizeof signatures_stmts / sizeof signatures_stmts[0];
