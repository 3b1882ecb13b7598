/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hearing room: messages numbered 1, 2, 3... per hearing without gaps. The number comes from
 * the hearing row's counter, incremented under its row lock in the transaction that stores the
 * message, so concurrent posts are serialised and a rolled-back post leaves no hole.
 */
#include "hearings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Who is speaking: staff of the court or one of the parties. */
struct sender {
    const char *role; /* judge | clerk | plaintiff | defendant | third_party */
    const char *name;
    const char *party_id; /* NULL for staff */
};

/* Fills s from the caller and the case; false when the caller is no participant. */
static bool sender_of(const struct mc_req *req, const json_t *c, struct sender *s)
{
    const json_t *party = hearings_own_party(req, c);

    s->name = mc_auth_claim(req, "name");
    /* For the court, the judge conducting the case and the clerks speak. */
    if (hearings_may_conduct(req, c)) {
        s->role = mc_auth_role(req);
        s->party_id = NULL;
        return true;
    }
    if (party == NULL)
        return false;
    s->role = mc_json_str(party, "role");
    s->party_id = mc_json_str(party, "party_id");
    if (s->name == NULL)
        s->name = mc_json_str(party, "name");
    return true;
}

static mc_status store_message(struct mc_req *req, const char *id, const struct sender *s,
                               json_t **out)
{
    PGresult *res;
    mc_status st = MC_OK;

    res = mc_db_exec(req->db, "message_post", 6,
                     (const char *[]){id, mc_auth_claim(req, "sub"), s->role, s->name, s->party_id,
                                      mc_json_str(req->body, "text")});
    if (mc_db_ok(res, "post message", &st) && PQntuples(res) == 0)
        st = mc_reply_error(req, MC_E_CONFLICT, "hearing_closed", NULL,
                            "the hearing is closed; no more messages");
    else if (st == MC_OK)
        *out = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
    PQclear(res);
    return st;
}

mc_status hearings_on_message_post(struct mc_req *req)
{
    const char *id = mc_json_str(req->params, "id");
    json_t *h = NULL, *c = NULL, *m = NULL;
    struct sender s = {0};
    mc_status st;

    if ((st = hearings_load(req, id, &h, &c)) != MC_OK)
        return st;
    if (!sender_of(req, c, &s))
        st = mc_reply_error(req, MC_E_FORBIDDEN, NULL, NULL,
                            "only the case's judge, the clerks and the parties speak here");
    else if (strcmp(mc_json_str(h, "status"), "open") != 0)
        st = mc_reply_error(req, MC_E_CONFLICT, "hearing_closed", NULL,
                            "the hearing is closed; no more messages");
    if (st == MC_OK && (st = store_message(req, id, &s, &m)) == MC_OK)
        mc_reply_json_take(req, 201, m);
    json_decref(h);
    json_decref(c);
    return st;
}

/* Reads a non-negative decimal query parameter; false when present and not one. */
static bool query_num(const struct mc_req *req, const char *name, long def, long max, long *out)
{
    const char *s = mc_json_str(req->params, name);
    char *end;

    *out = def;
    if (s == NULL)
        return true;
    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    *out = strtol(s, &end, 10);
    if (*end != '\0' || errno == ERANGE || *out > max)
        return false;
    return true;
}

static mc_status list_messages(struct mc_req *req, const char *id, long after, long limit,
                               json_t *h)
{
    char after_s[24], limit_s[24];
    json_t *items = json_array();
    json_int_t last = mc_json_int(h, "last_seq", 0);
    PGresult *res;
    mc_status st = MC_OK;

    snprintf(after_s, sizeof after_s, "%ld", after);
    snprintf(limit_s, sizeof limit_s, "%ld", limit);
    res = mc_db_exec(req->db, "message_list", 3, (const char *[]){id, after_s, limit_s});
    if (mc_db_ok(res, "list messages", &st)) {
        for (int r = 0; r < PQntuples(res); r++) {
            json_t *m = json_loads(PQgetvalue(res, r, 0), 0, NULL);

            if (mc_json_int(m, "seq", 0) > last)
                last = mc_json_int(m, "seq", 0);
            json_array_append_new(items, m);
        }
        mc_reply_json_take(req, 200,
                           mc_json_xpack("{s:s, s:o, s:I}", "hearing_id", id, "messages",
                                         json_incref(items), "last_seq", last));
    }
    PQclear(res);
    json_decref(items);
    return st;
}

mc_status hearings_on_message_list(struct mc_req *req)
{
    const char *id = mc_json_str(req->params, "id");
    long after, limit;
    json_t *h = NULL;
    mc_status st;

    if ((st = hearings_load(req, id, &h, NULL)) != MC_OK)
        return st;
    if (!query_num(req, "after", 0, 2147483647L, &after))
        st = mc_reply_error(req, MC_E_INVALID, "invalid_argument", "after",
                            "after is the last message number already seen (0 or more)");
    else if (!query_num(req, "limit", HEARINGS_LIST_DEFAULT, 1000000L, &limit) || limit < 1)
        st = mc_reply_error(req, MC_E_INVALID, "invalid_argument", "limit",
                            "limit is a number from 1 to %d", HEARINGS_LIST_MAX);
    if (st == MC_OK)
        st =
            list_messages(req, id, after, limit > HEARINGS_LIST_MAX ? HEARINGS_LIST_MAX : limit, h);
    json_decref(h);
    return st;
}
