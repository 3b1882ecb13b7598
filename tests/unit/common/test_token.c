/* SPDX-License-Identifier: Apache-2.0 */
/* Bearer tokens: sign, verify, tamper, expire; key files. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sodium.h>

#include "harness.h"
#include "mc/json.h"
#include "mc/token.h"

static unsigned char pk[MC_TOKEN_PK_BYTES], sk[MC_TOKEN_SK_BYTES];

static void setup(void)
{
    CHECK(sodium_init() >= 0);
    crypto_sign_keypair(pk, sk);
}

static void test_round_trip(void)
{
    json_t *claims = mc_json_xpack("{s:s, s:s, s:I}", "sub", "u1", "role", "judge", "exp",
                                   (json_int_t)2000000000);
    char *t = mc_token_sign(sk, claims);
    json_t *out = NULL;

    CHECK_INT(MC_OK, mc_token_verify(pk, t, 1900000000, &out));
    CHECK_STR("judge", mc_json_str(out, "role"));
    json_decref(out);
    CHECK_INT(MC_E_UNAUTH, mc_token_verify(pk, t, 2000000000, &out));
    free(t);
    json_decref(claims);
}

static void test_tampering_fails(void)
{
    json_t *claims = mc_json_xpack("{s:s, s:s, s:I}", "sub", "u1", "role", "litigant", "exp",
                                   (json_int_t)2000000000);
    char *t = mc_token_sign(sk, claims);
    unsigned char other_pk[MC_TOKEN_PK_BYTES], other_sk[MC_TOKEN_SK_BYTES];
    json_t *out = NULL;

    t[3] = t[3] == 'A' ? 'B' : 'A';
    CHECK_INT(MC_E_UNAUTH, mc_token_verify(pk, t, 1900000000, &out));
    t[3] = t[3] == 'A' ? 'B' : 'A';
    crypto_sign_keypair(other_pk, other_sk);
    CHECK_INT(MC_E_UNAUTH, mc_token_verify(other_pk, t, 1900000000, &out));
    CHECK_INT(MC_E_UNAUTH, mc_token_verify(pk, "no-dot-here", 1900000000, &out));
    CHECK_INT(MC_E_UNAUTH, mc_token_verify(pk, "a.b", 1900000000, &out));
    CHECK_INT(MC_E_UNAUTH, mc_token_verify(pk, NULL, 1900000000, &out));
    free(t);
    json_decref(claims);
}

static void test_key_file_created_then_reused(void)
{
    char path[] = "/tmp/mc-key-XXXXXX";
    unsigned char pk1[32], sk1[64], pk2[32], sk2[64];
    int fd = mkstemp(path);

    close(fd);
    unlink(path);
    CHECK_INT(MC_OK, mc_key_load_or_create(path, pk1, sk1));
    CHECK_INT(MC_OK, mc_key_load_or_create(path, pk2, sk2));
    CHECK(memcmp(pk1, pk2, 32) == 0);
    unlink(path);
}

static void test_hex_key_file(void)
{
    char path[] = "/tmp/mc-hexkey-XXXXXX";
    unsigned char pk1[32], sk1[64];
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");

    fprintf(f, "%s\n", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    fclose(f);
    CHECK_INT(MC_OK, mc_key_load_or_create(path, pk1, sk1));
    f = fopen(path, "w");
    fprintf(f, "short\n");
    fclose(f);
    CHECK_INT(MC_E_INVALID, mc_key_load_or_create(path, pk1, sk1));
    unlink(path);
}

TH_MAIN(TH_CASE(setup), TH_CASE(test_round_trip), TH_CASE(test_tampering_fails),
        TH_CASE(test_key_file_created_then_reused), TH_CASE(test_hex_key_file))
