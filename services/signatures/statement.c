/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The canonical statement a signature covers, and signing and checking it with Ed25519. One
 * line per field in a fixed order after a version tag, so a verifier elsewhere can rebuild it
 * from the stored fields alone; v2 adds whether the signer re-verified by face. Also the face
 * policy (SIGNATURES_REQUIRE_FACE). Pure functions; any thread.
 */
#include "signatures.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#define STATEMENT_TAG_V1 "microcourt-signature-v1"
#define STATEMENT_TAG_V2 "microcourt-signature-v2"

static bool field_ok(const char *s)
{
    return s != NULL && *s != '\0' && strchr(s, '\n') == NULL;
}

/* v1 is the six fields; v2 adds an eighth line, "true" or "false" for face_verified. */
int sig_statement_text(const struct sig_statement *s, char *buf, size_t buf_len)
{
    const char *party = s->party_id ? s->party_id : "-";
    int n;

    if (!field_ok(s->document_id) || !field_ok(s->sha256) || !field_ok(s->signer_id) ||
        !field_ok(s->signer_role) || !field_ok(party) || !field_ok(s->signed_at))
        return -1;
    if (s->version == 1)
        n = snprintf(buf, buf_len, "%s\n%s\n%s\n%s\n%s\n%s\n%s", STATEMENT_TAG_V1, s->document_id,
                     s->sha256, s->signer_id, s->signer_role, party, s->signed_at);
    else if (s->version == 2)
        n = snprintf(buf, buf_len, "%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s", STATEMENT_TAG_V2,
                     s->document_id, s->sha256, s->signer_id, s->signer_role, party, s->signed_at,
                     s->face_verified ? "true" : "false");
    else
        return -1;
    if (n < 0 || (size_t)n >= buf_len)
        return -1;
    return n;
}

int sig_statement_sign(const struct signatures *k, const struct sig_statement *s,
                       char out_hex[SIG_HEX_LEN])
{
    char text[SIG_STATEMENT_MAX];
    unsigned char sig[crypto_sign_BYTES];
    int n = sig_statement_text(s, text, sizeof text);

    if (n < 0)
        return -1;
    crypto_sign_detached(sig, NULL, (const unsigned char *)text, (unsigned long long)n, k->sk);
    mc_hex_encode(sig, sizeof sig, out_hex);
    return 0;
}

bool sig_statement_verify(const unsigned char pk[MC_TOKEN_PK_BYTES], const struct sig_statement *s,
                          const char *sig_hex)
{
    char text[SIG_STATEMENT_MAX];
    unsigned char sig[crypto_sign_BYTES];
    size_t sig_len = 0;
    int n = sig_statement_text(s, text, sizeof text);

    if (n < 0 || sig_hex == NULL || strlen(sig_hex) != crypto_sign_BYTES * 2)
        return false;
    if (sodium_hex2bin(sig, sizeof sig, sig_hex, strlen(sig_hex), NULL, &sig_len, NULL) != 0 ||
        sig_len != sizeof sig)
        return false;
    return crypto_sign_verify_detached(sig, (const unsigned char *)text, (unsigned long long)n,
                                       pk) == 0;
}

void sig_key_id(const unsigned char pk[MC_TOKEN_PK_BYTES], char out[SIG_KEY_ID_HEX])
{
    mc_hex_encode(pk, SIG_KEY_ID_BYTES, out);
}

int sig_face_policy_parse(const char *text, enum sig_face_policy *out)
{
    if (text == NULL)
        return -1;
    if (strcmp(text, "none") == 0)
        *out = SIG_FACE_NONE;
    else if (strcmp(text, "staff") == 0)
        *out = SIG_FACE_STAFF;
    else if (strcmp(text, "all") == 0)
        *out = SIG_FACE_ALL;
    else
        return -1;
    return 0;
}

bool sig_face_allowed(enum sig_face_policy policy, const char *role, bool has_assertion)
{
    bool staff = role != NULL && (strcmp(role, "judge") == 0 || strcmp(role, "clerk") == 0);

    if (has_assertion || policy == SIG_FACE_NONE)
        return true;
    return policy == SIG_FACE_STAFF && !staff;
}
