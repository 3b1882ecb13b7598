/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Data at rest: ID numbers, phone numbers, reference descriptors and review photos are sealed
 * with XChaCha20-Poly1305 (libsodium) under a key derived from IDENTITY_DATA_KEY_FILE, with the
 * column name as associated data; lookups use a keyed BLAKE2b hash under a second derived key.
 * Stored form: bytea = 24-byte nonce || ciphertext || 16-byte tag.
 */
#include "identity.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KDF_CONTEXT "mcident" /* 8 bytes with the NUL; crypto_kdf takes the first 8 */
#define SUBKEY_ENC 1
#define SUBKEY_MAC 2

static mc_status create_key(const char *path, unsigned char key[IDENTITY_KEY_BYTES])
{
    char hex[IDENTITY_KEY_BYTES * 2 + 2];
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);

    if (fd < 0)
        return mc_err_set(MC_E_INTERNAL, "cannot create data key %s: %s", path, strerror(errno));
    randombytes_buf(key, IDENTITY_KEY_BYTES);
    mc_hex_encode(key, IDENTITY_KEY_BYTES, hex);
    strcat(hex, "\n");
    if (write(fd, hex, strlen(hex)) != (ssize_t)strlen(hex)) {
        close(fd);
        return mc_err_set(MC_E_INTERNAL, "cannot write data key %s", path);
    }
    sodium_memzero(hex, sizeof hex);
    return close(fd) == 0 ? MC_OK : mc_err_set(MC_E_INTERNAL, "cannot close %s", path);
}

/* Reads 32 raw bytes or 64 hex digits (optionally followed by a newline). */
static mc_status read_key(const char *path, unsigned char key[IDENTITY_KEY_BYTES])
{
    unsigned char buf[IDENTITY_KEY_BYTES * 2 + 4];
    size_t n = 0, got;
    FILE *f = fopen(path, "rb");

    if (f == NULL)
        return mc_err_set(MC_E_INTERNAL, "cannot open data key %s: %s", path, strerror(errno));
    got = fread(buf, 1, sizeof buf, f);
    fclose(f);
    if (got == IDENTITY_KEY_BYTES) {
        memcpy(key, buf, IDENTITY_KEY_BYTES);
    } else if (got < IDENTITY_KEY_BYTES * 2 ||
               sodium_hex2bin(key, IDENTITY_KEY_BYTES, (const char *)buf, got, "\r\n", &n, NULL) !=
                   0 ||
               n != IDENTITY_KEY_BYTES) {
        sodium_memzero(buf, sizeof buf);
        return mc_err_set(MC_E_INVALID, "data key %s must hold 32 bytes or 64 hex digits", path);
    }
    sodium_memzero(buf, sizeof buf);
    return MC_OK;
}

mc_status identity_data_key_load(struct identity *id, const char *path)
{
    unsigned char key[IDENTITY_KEY_BYTES];
    struct stat sb;
    mc_status st;

    if (stat(path, &sb) != 0 && errno == ENOENT)
        st = create_key(path, key);
    else
        st = read_key(path, key);
    if (st != MC_OK)
        return st;
    crypto_kdf_derive_from_key(id->enc_key, IDENTITY_KEY_BYTES, SUBKEY_ENC, KDF_CONTEXT, key);
    crypto_kdf_derive_from_key(id->mac_key, IDENTITY_KEY_BYTES, SUBKEY_MAC, KDF_CONTEXT, key);
    sodium_memzero(key, sizeof key);
    return MC_OK;
}

void identity_mac(const struct identity *id, const char *purpose, const char *value,
                  char out[IDENTITY_MAC_HEX])
{
    unsigned char h[32];
    crypto_generichash_state s;

    crypto_generichash_init(&s, id->mac_key, IDENTITY_KEY_BYTES, sizeof h);
    crypto_generichash_update(&s, (const unsigned char *)purpose, strlen(purpose) + 1);
    crypto_generichash_update(&s, (const unsigned char *)value, strlen(value));
    crypto_generichash_final(&s, h, sizeof h);
    mc_hex_encode(h, sizeof h, out);
}

char *identity_seal(const struct identity *id, const char *ad, const void *data, size_t len)
{
    size_t n = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + len +
               crypto_aead_xchacha20poly1305_ietf_ABYTES;
    unsigned char *box = mc_xmalloc(n);
    char *out = mc_xmalloc(2 * n + 3);

    randombytes_buf(box, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    crypto_aead_xchacha20poly1305_ietf_encrypt(box + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                               NULL, data, len, (const unsigned char *)ad,
                                               strlen(ad), NULL, box, id->enc_key);
    out[0] = '\\';
    out[1] = 'x';
    mc_hex_encode(box, n, out + 2);
    free(box);
    return out;
}

mc_status identity_open(const struct identity *id, const char *ad, const char *hex,
                        unsigned char **out, size_t *out_len)
{
    size_t hex_len = hex ? strlen(hex) : 0, n = 0;
    size_t over =
        crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
    unsigned char *box, *plain;
    unsigned long long plain_len = 0;

    if (hex_len < 2 + 2 * over || hex[0] != '\\' || hex[1] != 'x')
        return mc_err_set(MC_E_INTERNAL, "sealed %s value is malformed", ad);
    box = mc_xmalloc((hex_len - 2) / 2);
    if (sodium_hex2bin(box, (hex_len - 2) / 2, hex + 2, hex_len - 2, NULL, &n, NULL) != 0) {
        free(box);
        return mc_err_set(MC_E_INTERNAL, "sealed %s value is not hex", ad);
    }
    plain = mc_xmalloc(n - over + 1);
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            plain, &plain_len, NULL, box + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
            n - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, (const unsigned char *)ad, strlen(ad),
            box, id->enc_key) != 0) {
        free(box);
        free(plain);
        return mc_err_set(MC_E_INTERNAL, "sealed %s value fails authentication", ad);
    }
    free(box);
    plain[plain_len] = '\0';
    *out = plain;
    *out_len = (size_t)plain_len;
    return MC_OK;
}
