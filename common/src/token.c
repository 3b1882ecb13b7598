/* SPDX-License-Identifier: Apache-2.0 */
#include "mc/token.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "mc/json.h"

#define B64URL sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define MAX_TOKEN_LEN 4096

static char *b64url(const unsigned char *in, size_t n)
{
    size_t cap = sodium_base64_encoded_len(n, B64URL);
    char *out = mc_xmalloc(cap);

    sodium_bin2base64(out, cap, in, n, B64URL);
    return out;
}

char *mc_token_sign(const unsigned char sk[MC_TOKEN_SK_BYTES], const json_t *claims)
{
    char *text = mc_json_xdumps(claims);
    char *head = b64url((const unsigned char *)text, strlen(text));
    unsigned char sig[crypto_sign_BYTES];
    char *sig64, *token;

    crypto_sign_detached(sig, NULL, (const unsigned char *)head, strlen(head), sk);
    sig64 = b64url(sig, sizeof sig);
    token = mc_xasprintf("%s.%s", head, sig64);
    free(text);
    free(head);
    free(sig64);
    return token;
}

mc_status mc_token_verify(const unsigned char pk[MC_TOKEN_PK_BYTES], const char *token,
                          long long now, json_t **out_claims)
{
    unsigned char sig[crypto_sign_BYTES], claims_buf[MAX_TOKEN_LEN];
    const char *dot = token ? strchr(token, '.') : NULL;
    size_t sig_len = 0, claims_len = 0, head_len;
    json_t *claims;

    if (dot == NULL || strlen(token) > MAX_TOKEN_LEN)
        return mc_err_set(MC_E_UNAUTH, "malformed token");
    head_len = (size_t)(dot - token);
    if (sodium_base642bin(sig, sizeof sig, dot + 1, strlen(dot + 1), NULL, &sig_len, NULL,
                          B64URL) != 0 ||
        sig_len != sizeof sig)
        return mc_err_set(MC_E_UNAUTH, "malformed token signature");
    if (crypto_sign_verify_detached(sig, (const unsigned char *)token, head_len, pk) != 0)
        return mc_err_set(MC_E_UNAUTH, "token signature does not verify");
    if (sodium_base642bin(claims_buf, sizeof claims_buf - 1, token, head_len, NULL, &claims_len,
                          NULL, B64URL) != 0)
        return mc_err_set(MC_E_UNAUTH, "malformed token claims");
    claims = json_loadb((const char *)claims_buf, claims_len, 0, NULL);
    if (!json_is_object(claims) || mc_json_int(claims, "exp", 0) <= now) {
        json_decref(claims);
        return mc_err_set(MC_E_UNAUTH, "token expired or without claims");
    }
    *out_claims = claims;
    return MC_OK;
}

/* A seed file holds 32 raw bytes, or 64 hex digits (as secret stores often hand them out). */
static mc_status read_seed(const char *path, unsigned char seed[crypto_sign_SEEDBYTES])
{
    char buf[160];
    FILE *f = fopen(path, "rb");
    size_t n, bin_len = 0;

    if (f == NULL)
        return mc_err_set(MC_E_NOT_FOUND, "open %s: %s", path, strerror(errno));
    n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    if (n == crypto_sign_SEEDBYTES) {
        memcpy(seed, buf, n);
        return MC_OK;
    }
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
        n--;
    if (n == 2 * crypto_sign_SEEDBYTES &&
        sodium_hex2bin(seed, crypto_sign_SEEDBYTES, buf, n, NULL, &bin_len, NULL) == 0 &&
        bin_len == crypto_sign_SEEDBYTES)
        return MC_OK;
    return mc_err_set(MC_E_INVALID, "%s must hold 32 bytes or 64 hex digits", path);
}

static mc_status write_seed(const char *path, const unsigned char seed[crypto_sign_SEEDBYTES])
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    ssize_t n;

    if (fd < 0)
        return mc_err_set(MC_E_UNAVAILABLE, "create %s: %s", path, strerror(errno));
    n = write(fd, seed, crypto_sign_SEEDBYTES);
    close(fd);
    if (n != crypto_sign_SEEDBYTES)
        return mc_err_set(MC_E_UNAVAILABLE, "write %s", path);
    return MC_OK;
}

mc_status mc_key_load_or_create(const char *path, unsigned char pk[MC_TOKEN_PK_BYTES],
                                unsigned char sk[MC_TOKEN_SK_BYTES])
{
    unsigned char seed[crypto_sign_SEEDBYTES];
    mc_status st;

    if (sodium_init() < 0)
        return mc_err_set(MC_E_INTERNAL, "libsodium init failed");
    st = read_seed(path, seed);
    if (st == MC_E_NOT_FOUND) {
        randombytes_buf(seed, sizeof seed);
        st = write_seed(path, seed);
    }
    if (st != MC_OK)
        return st;
    crypto_sign_seed_keypair(pk, sk, seed);
    sodium_memzero(seed, sizeof seed);
    return MC_OK;
}

void mc_hex_encode(const unsigned char *in, size_t n, char *out)
{
    sodium_bin2hex(out, n * 2 + 1, in, n);
}
