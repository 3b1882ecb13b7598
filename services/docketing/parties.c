/* SPDX-License-Identifier: Apache-2.0 */
/* Checks on the parties of a filing: who they are and how they are identified. */
#include "docketing.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

bool docketing_is_uscc(const char *s)
{
    static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    int sum = 0, check;

    if (s == NULL || strlen(s) != 18)
        return false;
    for (int i = 0; i < 18; i++) {
        const char *p = strchr(uscc_chars, s[i]);

        if (p == NULL || s[i] == '\0')
            return false;
        if (i < 17)
            sum += (int)(p - uscc_chars) * weights[i];
    }
    check = (31 - sum % 31) % 31;
    return s[17] == uscc_chars[check];
}

/* Code points that show nothing: spaces, zero-width characters, the byte-order mark. */
static bool is_blank_cp(unsigned cp)
{
    return cp == ' ' || cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x2064) || cp == 0xFEFF;
}

/* A name has no control characters and at least one visible character. Input is valid UTF-8
 * (jansson checked it). */
static bool is_name_ok(const char *name)
{
    const unsigned char *p = (const unsigned char *)name;
    bool has_visible = false;

    while (*p) {
        unsigned cp = *p, n = 0;

        if (cp < 0x20 || cp == 0x7F)
            return false;
        if (cp >= 0xF0)
            cp &= 0x07, n = 3;
        else if (cp >= 0xE0)
            cp &= 0x0F, n = 2;
        else if (cp >= 0xC0)
            cp &= 0x1F, n = 1;
        for (p++; n > 0 && *p; n--, p++)
            cp = (cp << 6) | (*p & 0x3F);
        has_visible = has_visible || !is_blank_cp(cp);
    }
    return has_visible;
}

static const char *const roles[] = {"plaintiff", "defendant", "third_party"};

static bool is_role(const char *r)
{
    for (size_t i = 0; r && i < sizeof roles / sizeof roles[0]; i++)
        if (strcmp(r, roles[i]) == 0)
            return true;
    return false;
}

static mc_status check_party(struct mc_req *req, const json_t *p, size_t i)
{
    const struct docketing *d = mc_service_user(req->svc);
    const char *kind = mc_json_str(p, "kind"), *name = mc_json_str(p, "name");
    const char *idn = mc_json_str(p, "id_number"), *uscc = mc_json_str(p, "uscc");
    char field[48];
    int rc;

    snprintf(field, sizeof field, "parties[%zu]", i);
    if (!json_is_object(p) || !is_role(mc_json_str(p, "role")))
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", field,
                              "each party needs a role: plaintiff, defendant or third_party");
    if (name == NULL || !is_name_ok(name) || strlen(name) > 128)
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", field,
                              "each party needs a visible name of at most 128 bytes");
    if (kind && strcmp(kind, "organisation") == 0) {
        if (!docketing_is_uscc(uscc))
            return mc_reply_error(req, MC_E_INVALID, "invalid_uscc", field,
                                  "an organisation needs a valid unified social credit code");
        return MC_OK;
    }
    if (kind == NULL || strcmp(kind, "person") != 0)
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", field,
                              "kind must be person or organisation");
    rc = mc_idnum_validate(idn, 0, d->tables, mc_date_today_shanghai(time(NULL)), NULL);
    if (rc != MC_IDNUM_OK)
        return mc_reply_error(req, MC_E_INVALID, "invalid_id_number", field,
                              "party %zu has an invalid ID number (%s)", i, mc_idnum_strerror(rc));
    return MC_OK;
}

/* The index of an earlier party with the same ID number or credit code, or -1. */
static long same_as_earlier(const json_t *parties, size_t i)
{
    const json_t *p = json_array_get(parties, i);
    const char *key =
        mc_json_str(p, "id_number") ? mc_json_str(p, "id_number") : mc_json_str(p, "uscc");

    for (size_t k = 0; key && k < i; k++) {
        const json_t *q = json_array_get(parties, k);
        const char *other =
            mc_json_str(q, "id_number") ? mc_json_str(q, "id_number") : mc_json_str(q, "uscc");

        if (other && strcmp(key, other) == 0)
            return (long)k;
    }
    return -1;
}

mc_status docketing_check_parties(struct mc_req *req, const json_t *parties)
{
    bool has_plaintiff = false, has_defendant = false;
    char field[32];
    size_t i;
    json_t *p;

    json_array_foreach(parties, i, p)
    {
        mc_status st = check_party(req, p, i);

        if (st != MC_OK)
            return st;
        if (same_as_earlier(parties, i) >= 0) {
            snprintf(field, sizeof field, "parties[%zu]", i);
            return mc_reply_error(req, MC_E_INVALID, "invalid_argument", field,
                                  "party %zu is the same person as party %ld", i,
                                  same_as_earlier(parties, i));
        }
        has_plaintiff = has_plaintiff || strcmp(mc_json_str(p, "role"), "plaintiff") == 0;
        has_defendant = has_defendant || strcmp(mc_json_str(p, "role"), "defendant") == 0;
    }
    if (!has_plaintiff || !has_defendant)
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", "parties",
                              "a filing needs at least one plaintiff and one defendant");
    return MC_OK;
}
