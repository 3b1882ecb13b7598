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
    if (name == NULL || *name == '\0' || strlen(name) > 128)
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", field,
                              "each party needs a name of at most 128 bytes");
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

mc_status docketing_check_parties(struct mc_req *req, const json_t *parties)
{
    bool has_plaintiff = false, has_defendant = false;
    size_t i;
    json_t *p;

    json_array_foreach(parties, i, p)
    {
        mc_status st = check_party(req, p, i);

        if (st != MC_OK)
            return st;
        has_plaintiff = has_plaintiff || strcmp(mc_json_str(p, "role"), "plaintiff") == 0;
        has_defendant = has_defendant || strcmp(mc_json_str(p, "role"), "defendant") == 0;
    }
    if (!has_plaintiff || !has_defendant)
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", "parties",
                              "a filing needs at least one plaintiff and one defendant");
    return MC_OK;
}
