/* SPDX-License-Identifier: Apache-2.0 */
/* Data at rest (services/identity/crypt.c): key file, sealing, keyed lookup hashes. */
#include "../../../../services/identity/crypt.c"

#include "harness.h"

static char dir[] = "/tmp/mc-crypt-XXXXXX";

static char *path_in(const char *name)
{
    return mc_xasprintf("%s/%s", dir, name);
}

static void test_key_created_then_reloaded(void)
{
    struct identity a = {0}, b = {0};
    char *p = path_in("data.key");
    char *text;
    size_t len = 0;
    struct stat sb;
    FILE *f;

    CHECK_INT(MC_OK, identity_data_key_load(&a, p));
    CHECK_INT(0, stat(p, &sb));
    CHECK_INT(0600, sb.st_mode & 0777);
    f = fopen(p, "rb");
    text = mc_xcalloc(1, 200);
    len = fread(text, 1, 199, f);
    fclose(f);
    CHECK_INT(65, len); /* 64 hex digits and a newline */
    CHECK_INT(MC_OK, identity_data_key_load(&b, p));
    CHECK(memcmp(a.enc_key, b.enc_key, IDENTITY_KEY_BYTES) == 0);
    CHECK(memcmp(a.enc_key, a.mac_key, IDENTITY_KEY_BYTES) != 0);
    free(text);
    free(p);
}

static void test_raw_and_bad_key_files(void)
{
    struct identity a = {0};
    char *raw = path_in("raw.key"), *bad = path_in("bad.key");
    unsigned char key[32];
    FILE *f;

    memset(key, 7, sizeof key);
    f = fopen(raw, "wb");
    fwrite(key, 1, sizeof key, f);
    fclose(f);
    CHECK_INT(MC_OK, identity_data_key_load(&a, raw));
    f = fopen(bad, "wb");
    fputs("not a key\n", f);
    fclose(f);
    CHECK_INT(MC_E_INVALID, identity_data_key_load(&a, bad));
    free(raw);
    free(bad);
}

static void test_seal_open_round_trip_and_tamper(void)
{
    struct identity id = {0};
    char *p = path_in("data.key"), *sealed, *again;
    unsigned char *plain = NULL;
    size_t len = 0;

    CHECK_INT(MC_OK, identity_data_key_load(&id, p));
    sealed = identity_seal(&id, "litigants.id_number", "330203198503122011", 18);
    again = identity_seal(&id, "litigants.id_number", "330203198503122011", 18);
    CHECK(strncmp(sealed, "\\x", 2) == 0);
    CHECK_INT(2 + 2 * (24 + 18 + 16), strlen(sealed));
    CHECK(strcmp(sealed, again) != 0); /* fresh nonce each time */
    CHECK(strstr(sealed, "330203") == NULL);
    CHECK_INT(MC_OK, identity_open(&id, "litigants.id_number", sealed, &plain, &len));
    CHECK_INT(18, len);
    CHECK_STR("330203198503122011", (char *)plain);
    free(plain);
    CHECK_INT(MC_E_INTERNAL, identity_open(&id, "litigants.phone", sealed, &plain, &len));
    sealed[60] = sealed[60] == '0' ? '1' : '0';
    CHECK_INT(MC_E_INTERNAL, identity_open(&id, "litigants.id_number", sealed, &plain, &len));
    CHECK_INT(MC_E_INTERNAL, identity_open(&id, "litigants.id_number", "\\x00", &plain, &len));
    free(sealed);
    free(again);
    free(p);
}

static void test_mac_is_keyed_and_separated(void)
{
    struct identity a = {0}, b = {0};
    char *pa = path_in("data.key"), *pb = path_in("other.key");
    char m1[IDENTITY_MAC_HEX], m2[IDENTITY_MAC_HEX], m3[IDENTITY_MAC_HEX];

    CHECK_INT(MC_OK, identity_data_key_load(&a, pa));
    CHECK_INT(MC_OK, identity_data_key_load(&b, pb));
    identity_mac(&a, "idn", "330203198503122011", m1);
    identity_mac(&a, "idn", "330203198503122011", m2);
    CHECK_STR(m1, m2);
    CHECK_INT(64, strlen(m1));
    identity_mac(&a, "phone", "330203198503122011", m3);
    CHECK(strcmp(m1, m3) != 0);
    identity_mac(&b, "idn", "330203198503122011", m3);
    CHECK(strcmp(m1, m3) != 0);
    free(pa);
    free(pb);
}

int main(void)
{
    static const struct th_case cases[] = {
        TH_CASE(test_key_created_then_reloaded), TH_CASE(test_raw_and_bad_key_files),
        TH_CASE(test_seal_open_round_trip_and_tamper), TH_CASE(test_mac_is_keyed_and_separated)};

    static const char *const files[] = {"data.key", "other.key", "raw.key", "bad.key"};
    int rc;

    if (sodium_init() < 0 || mkdtemp(dir) == NULL)
        return 2;
    rc = th_run(cases, sizeof cases / sizeof cases[0]);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *p = path_in(files[i]);

        unlink(p);
        free(p);
    }
    rmdir(dir);
    return rc;
}
