/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Closing a hearing. A mediated outcome produces the mediation agreement PDF, stored through
 * documents.create with the closer's own auth while the hearing row is locked; when the store
 * fails the close fails and the hearing stays open. A document stored just before a failed
 * commit is left behind unreferenced (see services/hearings/README.md).
 */
#include "hearings.h"

#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include <sodium.h>

#include "agreement.h"
#include "mc/court.h"

static const char *const outcomes[] = {"mediated", "no_agreement", "adjourned", "concluded"};

static bool is_outcome(const char *s)
{
    for (size_t i = 0; i < sizeof outcomes / sizeof outcomes[0]; i++)
        if (s && strcmp(s, outcomes[i]) == 0)
            return true;
    return false;
}

/* The Chinese name of the court, or its code when docketing does not know it. owned: free. */
static char *court_name(struct mc_req *req, const char *code)
{
    json_t *params = mc_json_xpack("{s:s}", "code", code), *court = NULL;
    char *name;

    if (mc_req_call(req, "docketing.court.get", params, NULL, &court, NULL) == MC_OK &&
        mc_json_str(court, "name_zh"))
        name = mc_xstrdup(mc_json_str(court, "name_zh"));
    else
        name = mc_xstrdup(code);
    json_decref(params);
    json_decref(court);
    return name;
}

/* Renders the agreement of hearing h on case c. owned: *out_pdf. */
static mc_status render(struct mc_req *req, const json_t *c, unsigned char **out_pdf,
                        size_t *out_len)
{
    const json_t *parties = json_object_get(c, "parties");
    size_t n = json_array_size(parties);
    struct hearings_party *ps = mc_xcalloc(n ? n : 1, sizeof *ps);
    char date[11], *court = court_name(req, mc_json_str(c, "court_code"));
    struct hearings_agreement a;
    mc_status st;

    for (size_t i = 0; i < n; i++) {
        ps[i].role = mc_json_str(json_array_get(parties, i), "role");
        ps[i].name = mc_json_str(json_array_get(parties, i), "name");
    }
    mc_date_format(mc_date_today_shanghai(time(NULL)), date);
    a = (struct hearings_agreement){
        .court_name = court,
        .case_number = mc_json_str(c, "number"),
        .parties = ps,
        .n_parties = n,
        .text = mc_json_str(req->body, "agreement_text"),
        .date = date,
        .judge_name = mc_json_str(c, "judge_name"),
    };
    st = hearings_agreement_render(&a, out_pdf, out_len);
    free(ps);
    free(court);
    return st;
}

/* Renders and stores the agreement; *out_doc_id receives the document id (owned: free). */
static mc_status store_agreement(struct mc_req *req, const json_t *c, char **out_doc_id)
{
    unsigned char *pdf = NULL;
    size_t len = 0, b64_len;
    char *b64, *title;
    json_t *body, *doc = NULL;
    mc_status st = render(req, c, &pdf, &len);

    if (st != MC_OK)
        return st;
    b64_len = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
    b64 = mc_xmalloc(b64_len);
    sodium_bin2base64(b64, b64_len, pdf, len, sodium_base64_VARIANT_ORIGINAL);
    title = mc_xasprintf("调解协议 %s", mc_json_str(c, "number"));
    body = mc_json_xpack("{s:s, s:s, s:s, s:s, s:s}", "case_id", mc_json_str(c, "id"), "kind",
                         "mediation_agreement", "title", title, "content_type", "application/pdf",
                         "content_base64", b64);
    st = mc_req_call(req, "documents.create", NULL, body, &doc, NULL);
    if (st == MC_OK && mc_is_uuid(mc_json_str(doc, "id")))
        *out_doc_id = mc_xstrdup(mc_json_str(doc, "id"));
    else if (st == MC_OK)
        st = mc_err_set(MC_E_INTERNAL, "documents.create replied without a document id");
    if (st != MC_OK)
        st = mc_reply_error(req, st == MC_E_TIMEOUT ? st : MC_E_UNAVAILABLE, "agreement_not_stored",
                            NULL, "the mediation agreement could not be stored: %s", mc_err_text());
    json_decref(body);
    json_decref(doc);
    free(title);
    free(b64);
    free(pdf);
    return st;
}

/* Under the row lock: checks the hearing is still open, stores the agreement, closes. */
static mc_status close_locked(struct mc_req *req, const char *id, const json_t *c, json_t **out)
{
    const char *outcome = mc_json_str(req->body, "outcome");
    PGresult *res = mc_db_exec(req->db, "hearing_lock", 1, (const char *[]){id});
    char *doc_id = NULL;
    mc_status st = MC_OK;

    if (mc_db_ok(res, "lock hearing", &st) &&
        (PQntuples(res) == 0 || strcmp(PQgetvalue(res, 0, 0), "open") != 0))
        st = mc_reply_error(req, MC_E_CONFLICT, "hearing_closed", NULL, "the hearing is closed");
    PQclear(res);
    if (st == MC_OK && strcmp(outcome, "mediated") == 0)
        st = store_agreement(req, c, &doc_id);
    if (st != MC_OK)
        return st;
    res = mc_db_exec(req->db, "hearing_close", 4,
                     (const char *[]){id, outcome, doc_id, mc_auth_claim(req, "sub")});
    if (mc_db_ok(res, "close hearing", &st) && PQntuples(res) == 1)
        *out = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
    else if (st == MC_OK)
        st = mc_err_set(MC_E_INTERNAL, "hearing %s vanished under its lock", id);
    PQclear(res);
    if (st == MC_OK)
        st = mc_outbox_add(req->db, "hearings", "hearing_closed",
                           mc_json_xpack("{s:s, s:s, s:s, s:o}", "hearing_id", id, "case_id",
                                         mc_json_str(c, "id"), "outcome", outcome,
                                         "agreement_document_id", mc_json_str_or_null(doc_id)));
    free(doc_id);
    return st;
}

#define AGREEMENT_MAX_LINES 300

/* The text goes into a signed court document: plain lines only. No control characters but the
 * line break, no bidirectional overrides (they reorder what a reader sees), a sane line count.
 * Input is valid UTF-8 (jansson checked it). */
static bool is_agreement_text_ok(const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    int n_lines = 1;

    for (; *p; p++) {
        if (*p == '\n' && ++n_lines > AGREEMENT_MAX_LINES)
            return false;
        if ((*p < 0x20 && *p != '\n') || *p == 0x7F)
            return false;
        /* U+202A-U+202E are E2 80 AA-AE; U+2066-U+2069 are E2 81 A6-A9. */
        if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE)
            return false;
        if (p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9)
            return false;
    }
    return true;
}

static mc_status check_close_body(struct mc_req *req)
{
    const char *outcome = mc_json_str(req->body, "outcome");
    const char *text = mc_json_str(req->body, "agreement_text");

    if (!is_outcome(outcome))
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", "outcome",
                              "outcome is mediated, no_agreement, adjourned or concluded");
    if (strcmp(outcome, "mediated") == 0 && (text == NULL || *text == '\0'))
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", "agreement_text",
                              "a mediated close needs the agreement_text (1 to %d bytes)",
                              HEARINGS_AGREEMENT_MAX);
    if (text && !is_agreement_text_ok(text))
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", "agreement_text",
                              "plain text of at most %d lines, without control characters or "
                              "direction overrides",
                              AGREEMENT_MAX_LINES);
    return MC_OK;
}

mc_status hearings_on_close(struct mc_req *req)
{
    const char *id = mc_json_str(req->params, "id");
    json_t *h = NULL, *c = NULL, *closed = NULL;
    mc_status st;

    if ((st = hearings_load(req, id, &h, &c)) != MC_OK)
        return st;
    if (!hearings_may_conduct(req, c))
        st = mc_reply_error(req, MC_E_FORBIDDEN, NULL, NULL,
                            "only the case's judge or a clerk of its court closes hearings");
    if (st == MC_OK)
        st = check_close_body(req);
    if (st == MC_OK && (st = mc_db_cmd(req->db, "BEGIN")) == MC_OK)
        st = close_locked(req, id, c, &closed);
    if (st == MC_OK && (st = mc_db_cmd(req->db, "COMMIT")) == MC_OK)
        mc_reply_json_take(req, 200, json_incref(closed));
    json_decref(closed);
    json_decref(h);
    json_decref(c);
    return st;
}
