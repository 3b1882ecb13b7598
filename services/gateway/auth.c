/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Token checks without a round trip: the identity service's public key is fetched once from
 * identity.keys and kept; every request is then verified locally with Ed25519.
 */
#include "gateway.h"

#include <string.h>
#include <time.h>

#include <sodium.h>

#include "mc/bus.h"
#include "mc/json.h"

static mc_status fetch_key(struct gateway *gw)
{
    struct mc_call c = {.subject = "identity.keys", .timeout_ms = gw->timeout_ms};
    json_t *reply = NULL;
    const char *hex;
    size_t n = 0;
    mc_status st;

    st = mc_bus_call_json(gw->nc, &c, NULL, &reply, NULL);
    if (st != MC_OK)
        return st;
    hex = mc_json_str(reply, "public_key");
    if (hex == NULL ||
        sodium_hex2bin(gw->pk, sizeof gw->pk, hex, strlen(hex), NULL, &n, NULL) != 0 ||
        n != sizeof gw->pk)
        st = mc_err_set(MC_E_INTERNAL, "identity.keys gave no usable key");
    else
        gw->has_key = true;
    json_decref(reply);
    return st;
}

mc_status gw_auth_verify(struct gateway *gw, const char *header, json_t **out_claims)
{
    unsigned char pk[MC_TOKEN_PK_BYTES];
    json_t *claims = NULL;
    mc_status st = MC_OK;

    if (header == NULL || strncmp(header, "Bearer ", 7) != 0)
        return mc_err_set(MC_E_UNAUTH, "an Authorization: Bearer token is required");
    pthread_mutex_lock(&gw->key_lock);
    if (!gw->has_key)
        st = fetch_key(gw);
    memcpy(pk, gw->pk, sizeof pk);
    pthread_mutex_unlock(&gw->key_lock);
    if (st != MC_OK)
        return st;
    st = mc_token_verify(pk, header + 7, (long long)time(NULL), &claims);
    if (st != MC_OK)
        return st;
    if (gw_revoked_has(gw, mc_json_str(claims, "jti"))) {
        json_decref(claims);
        return mc_err_set(MC_E_UNAUTH, "the token was revoked (signed out)");
    }
    *out_claims = claims;
    return MC_OK;
}
