/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The identity service: staff sign in with a password, litigants with their resident ID number,
 * phone and a one-time code. Tokens are signed here with an Ed25519 key; the gateway verifies
 * them with the public key it fetches from identity.keys. State is shared by all worker threads
 * and read-only after start.
 */
#ifndef MC_SERVICES_IDENTITY_IDENTITY_H
#define MC_SERVICES_IDENTITY_IDENTITY_H

#include <stdbool.h>

#include "mc/court.h"
#include "mc/svc.h"
#include "mc/token.h"

struct identity {
    unsigned char pk[MC_TOKEN_PK_BYTES];
    unsigned char sk[MC_TOKEN_SK_BYTES];
    struct mc_court_tables *tables; /* for ID number region checks */
    const char *sms_url;            /* NULL: write to sms_log */
    const char *sms_log;
    long long token_ttl_s;
    long long otp_ttl_s;
};

extern const struct mc_route identity_routes[];
extern const size_t identity_n_routes;
extern const char *const identity_migrations[];
extern const int identity_n_migrations;
extern const struct mc_sql identity_stmts[];
extern const int identity_n_stmts;

/* Sends a text message to phone; MC_E_UNAVAILABLE when the gateway or the log file fails. */
mc_status identity_sms_send(const struct identity *id, const char *phone,
                            const char *text) MC_MUSTCHECK;

#endif
