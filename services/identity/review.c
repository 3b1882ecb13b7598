/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The review queue: a verification in the grey zone waits for a clerk, who looks at the sealed
 * photos and approves or rejects it. Deciding deletes the photos; undecided reviews expire and
 * lose their photos after IDENTITY_PHOTO_RETENTION_S. An approved review gives the litigant one
 * token, collected with the secret issued with the needs_review answer.
 */
#include "identity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const review_states[] = {"pending", "approved", "rejected", "expired",
                                            "collected"};

/* Clerks and administrators decide reviews; everyone else is refused. */
static mc_status require_clerk(struct mc_req *req)
{
    const char *role = mc_auth_role(req);

    if (role[0] == '\0')
        return mc_reply_error(req, MC_E_UNAUTH, NULL, NULL, "sign in first");
    if (strcmp(role, "clerk") != 0 && strcmp(role, "admin") != 0)
        return mc_reply_error(req, MC_E_FORBIDDEN, NULL, NULL,
                              "only clerks and administrators handle identity reviews");
    return MC_OK;
}

static mc_status purge(struct mc_req *req)
{
    char secs[24];
    PGresult *res;
    mc_status st = MC_OK;

    snprintf(secs, sizeof secs, "%lld", identity_state(req)->photo_retention_s);
    res = mc_db_exec(req->db, "review_purge", 1, (const char *[]){secs});
    mc_db_ok(res, "purge review photos", &st);
    PQclear(res);
    return st;
}

/* The ID number of a review, for the clerk to check against the identity authority's records
 * and the ID photo (photo 0). NULL when it cannot be opened. owned: free. */
static char *review_idn(struct mc_req *req, const PGresult *res, int r)
{
    unsigned char *plain = NULL;
    size_t len = 0;

    if (mc_db_val(res, r, 8) == NULL || identity_open(identity_state(req), "reviews.id_number",
                                                      PQgetvalue(res, r, 8), &plain, &len) != MC_OK)
        return NULL;
    return (char *)plain;
}

static json_t *review_item(struct mc_req *req, const PGresult *res, int r)
{
    json_t *dist = json_loads(PQgetvalue(res, r, 3), 0, NULL);
    char *idn = review_idn(req, res, r);
    json_t *item;

    item = mc_json_xpack(
        "{s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:i}", "id", PQgetvalue(res, r, 0), "status",
        PQgetvalue(res, r, 1), "name", PQgetvalue(res, r, 2), "distances",
        dist ? dist : json_array(), "created_at", PQgetvalue(res, r, 4), "decided_at",
        mc_json_str_or_null(mc_db_val(res, r, 5)), "reason",
        mc_json_str_or_null(mc_db_val(res, r, 6)), "photos", atoi(PQgetvalue(res, r, 7)));
    json_object_set_new(item, "id_number", mc_json_str_or_null(idn));
    free(idn);
    return item;
}

mc_status identity_on_review_list(struct mc_req *req)
{
    const char *status = mc_json_str(req->params, "status");
    bool is_known = false;
    json_t *items;
    PGresult *res;
    mc_status st;

    if (require_clerk(req) != MC_OK)
        return MC_E_FORBIDDEN;
    status = status ? status : "pending";
    for (size_t i = 0; i < sizeof review_states / sizeof review_states[0]; i++)
        is_known = is_known || strcmp(status, review_states[i]) == 0;
    if (!is_known)
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", "status",
                              "status must be pending, approved, rejected, expired or collected");
    if ((st = purge(req)) != MC_OK)
        return st;
    res = mc_db_exec(req->db, "review_list", 1, (const char *[]){status});
    if (mc_db_ok(res, "list reviews", &st)) {
        items = json_array();
        for (int r = 0; r < PQntuples(res); r++)
            json_array_append_new(items, review_item(req, res, r));
        mc_reply_json_take(req, 200, mc_json_xpack("{s:o}", "items", items));
    }
    PQclear(res);
    return st;
}

/* Locks a review by the id path parameter; replies not_found. owned: *out_res. */
static mc_status lock_review(struct mc_req *req, PGresult **out_res)
{
    const char *rid = mc_json_str(req->params, "id");
    mc_status st = MC_OK;

    *out_res = NULL;
    if (!mc_is_uuid(rid))
        return mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id", "no such review");
    *out_res = mc_db_exec(req->db, "review_lock", 1, (const char *[]){rid});
    if (mc_db_ok(*out_res, "lock review", &st) && PQntuples(*out_res) == 0)
        st = mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id", "no such review");
    return st;
}

static mc_status exec_id(struct mc_req *req, const char *stmt, int n, const char *const *args)
{
    PGresult *res = mc_db_exec(req->db, stmt, n, args);
    mc_status st = MC_OK;

    mc_db_ok(res, stmt, &st);
    PQclear(res);
    return st;
}

mc_status identity_on_review_decide(struct mc_req *req)
{
    const char *rid = mc_json_str(req->params, "id"),
               *decision = mc_json_str(req->body, "decision");
    const char *reason = mc_json_str(req->body, "reason");
    bool is_approve = strcmp(decision, "approve") == 0;
    PGresult *res = NULL;
    mc_status st;

    if (require_clerk(req) != MC_OK)
        return MC_E_FORBIDDEN;
    if (!is_approve && strcmp(decision, "reject") != 0)
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", "decision",
                              "decision must be approve or reject");
    if ((st = mc_db_cmd(req->db, "BEGIN")) != MC_OK)
        return st;
    if ((st = lock_review(req, &res)) == MC_OK && strcmp(PQgetvalue(res, 0, 0), "pending") != 0)
        st = mc_reply_error(req, MC_E_CONFLICT, "already_decided", "id", "the review is %s",
                            PQgetvalue(res, 0, 0));
    if (st == MC_OK)
        st = exec_id(req, "review_decide", 4,
                     (const char *[]){rid, is_approve ? "approved" : "rejected",
                                      mc_auth_claim(req, "sub"), reason});
    if (st == MC_OK)
        st = exec_id(req, "review_photos_drop", 1, (const char *[]){rid});
    if (st == MC_OK)
        st = mc_db_cmd(req->db, "COMMIT");
    if (st == MC_OK)
        mc_reply_json_take(req, 200,
                           mc_json_xpack("{s:s, s:s, s:s}", "id", rid, "status",
                                         is_approve ? "approved" : "rejected", "decided_by",
                                         mc_auth_claim(req, "sub")));
    PQclear(res);
    return st;
}

mc_status identity_on_review_photo(struct mc_req *req)
{
    const char *rid = mc_json_str(req->params, "id"), *n = mc_json_str(req->params, "n");
    unsigned char *plain = NULL;
    PGresult *res;
    size_t len = 0;
    mc_status st = MC_OK;

    if (require_clerk(req) != MC_OK)
        return MC_E_FORBIDDEN;
    if (!mc_is_uuid(rid) || n == NULL || strspn(n, "0123456789") != strlen(n) || strlen(n) > 2)
        return mc_reply_error(req, MC_E_NOT_FOUND, NULL, NULL, "no such photo");
    res = mc_db_exec(req->db, "review_photo_get", 2, (const char *[]){rid, n});
    if (mc_db_ok(res, "get review photo", &st) && PQntuples(res) == 0)
        st = mc_reply_error(req, MC_E_NOT_FOUND, NULL, NULL,
                            "no such photo (photos are deleted once the review is decided)");
    if (st == MC_OK)
        st = identity_open(identity_state(req), "review_photos.data", PQgetvalue(res, 0, 0), &plain,
                           &len);
    if (st == MC_OK)
        mc_reply_raw(req, 200,
                     len > 2 && plain[0] == 0xff && plain[1] == 0xd8 ? "image/jpeg" : "image/png",
                     plain, len);
    free(plain);
    PQclear(res);
    return st;
}

/* Refusal for a review that cannot give a token now; MC_OK when approved. */
static mc_status collect_refusal(struct mc_req *req, const char *status)
{
    if (strcmp(status, "approved") == 0)
        return MC_OK;
    if (strcmp(status, "pending") == 0)
        return mc_reply_error(req, MC_E_CONFLICT, "review_pending", "id",
                              "a clerk has not decided yet; try again later");
    if (strcmp(status, "rejected") == 0)
        return mc_reply_error(req, MC_E_FORBIDDEN, "review_rejected", "id",
                              "a clerk rejected this verification");
    if (strcmp(status, "expired") == 0)
        return mc_reply_error(req, MC_E_CONFLICT, "review_expired", "id",
                              "nobody decided in time; verify again");
    return mc_reply_error(req, MC_E_CONFLICT, "already_collected", "id",
                          "the token of this review was already issued");
}

static mc_status open_review_fields(struct mc_req *req, const PGresult *res, char **idn,
                                    char **phone, unsigned char **desc)
{
    const struct identity *id = identity_state(req);
    size_t len = 0;
    mc_status st;

    st = identity_open(id, "reviews.id_number", PQgetvalue(res, 0, 2), (unsigned char **)idn, &len);
    if (st == MC_OK)
        st = identity_open(id, "reviews.phone", PQgetvalue(res, 0, 3), (unsigned char **)phone,
                           &len);
    if (st == MC_OK)
        st = identity_open(id, "reviews.descriptor", PQgetvalue(res, 0, 4), desc, &len);
    if (st == MC_OK && len != FACE_DESC_LEN * sizeof(float))
        st = mc_err_set(MC_E_INTERNAL, "review descriptor has %zu bytes", len);
    return st;
}

/* Checks the collect secret against the locked row; a wrong secret looks like no review. */
static mc_status check_secret(struct mc_req *req, const PGresult *res)
{
    const char *secret = mc_json_str(req->body, "secret");
    unsigned char h[32];
    char hash[65];

    crypto_hash_sha256(h, (const unsigned char *)secret, strlen(secret));
    mc_hex_encode(h, sizeof h, hash);
    if (sodium_memcmp(hash, PQgetvalue(res, 0, 5), 64) != 0)
        return mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id", "no such review");
    return MC_OK;
}

mc_status identity_on_review_token(struct mc_req *req)
{
    const char *rid = mc_json_str(req->params, "id");
    char *idn = NULL, *phone = NULL, *sub = NULL, *name = NULL;
    unsigned char *desc = NULL;
    PGresult *res = NULL;
    mc_status st;

    if ((st = mc_db_cmd(req->db, "BEGIN")) != MC_OK)
        return st;
    if ((st = lock_review(req, &res)) == MC_OK && (st = check_secret(req, res)) == MC_OK)
        st = collect_refusal(req, PQgetvalue(res, 0, 0));
    if (st == MC_OK && (st = open_review_fields(req, res, &idn, &phone, &desc)) == MC_OK) {
        struct registration reg;

        name = mc_xstrdup(PQgetvalue(res, 0, 1));
        /* A review registers a new ID number only: someone may have registered it since. */
        st = identity_registration_load(req, idn, &reg);
        if (st == MC_OK && reg.is_registered)
            st = mc_reply_error(req, MC_E_CONFLICT, "already_registered", "id",
                                "the ID number was registered meanwhile; sign in again");
        if (st == MC_OK)
            st = identity_litigant_upsert(req, idn, name, phone, (const float *)desc, &sub);
    }
    if (st == MC_OK)
        st = exec_id(req, "review_collect", 1, (const char *[]){rid});
    if (st == MC_OK)
        st = mc_db_cmd(req->db, "COMMIT");
    if (st == MC_OK)
        st = identity_reply_token(req, mc_json_xpack("{s:s, s:s, s:s, s:s, s:s}", "sub", sub,
                                                     "role", "litigant", "idn", idn, "name", name,
                                                     "amr", "face_review"));
    PQclear(res);
    free(idn);
    free(phone);
    free(desc);
    free(sub);
    free(name);
    return st;
}
