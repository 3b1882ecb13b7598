/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Bearer tokens: base64url(JSON claims) "." base64url(Ed25519 signature over the first part).
 * The identity service signs with its secret key; the gateway verifies with the public key and
 * needs no round trip. Claims always hold sub, role, iat, exp and jti. Thread-safe, stateless.
 */
#ifndef MC_COMMON_TOKEN_H
#define MC_COMMON_TOKEN_H

#include <jansson.h>

#include "mc/status.h"

#define MC_TOKEN_PK_BYTES 32
#define MC_TOKEN_SK_BYTES 64

/* Signs claims. owned: caller frees the returned token with free. */
char *mc_token_sign(const unsigned char sk[MC_TOKEN_SK_BYTES], const json_t *claims);

/*
 * Verifies signature and expiry against now (unix seconds). On MC_OK *out_claims receives the
 * claims (owned: json_decref). MC_E_UNAUTH for a bad, malformed or expired token.
 */
mc_status mc_token_verify(const unsigned char pk[MC_TOKEN_PK_BYTES], const char *token,
                          long long now, json_t **out_claims) MC_MUSTCHECK;

/*
 * Loads a 32-byte seed from path, creating it (mode 0600) when absent, and derives the key
 * pair. Used for the token key and the signatures key.
 */
mc_status mc_key_load_or_create(const char *path, unsigned char pk[MC_TOKEN_PK_BYTES],
                                unsigned char sk[MC_TOKEN_SK_BYTES]) MC_MUSTCHECK;

/* Hex encoding of n bytes into out (2n+1 bytes). */
void mc_hex_encode(const unsigned char *in, size_t n, char *out);

#endif
