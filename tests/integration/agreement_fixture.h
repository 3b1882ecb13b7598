/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared by test_signatures.c and test_enforcement.c: a mediation agreement on a case. The
 * real path is a mediation hearing closed as mediated (hearings stores the agreement through
 * documents.create). When hearings is not running, the fixture calls documents.create over NATS
 * itself, with the judge's own claims, as hearings would. Single-threaded; static helpers only.
 */
#ifndef MC_TESTS_INTEGRATION_AGREEMENT_FIXTURE_H
#define MC_TESTS_INTEGRATION_AGREEMENT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "mc/bus.h"
#include "support/client.h"

#define FX_AGREEMENT_TEXT "被告于2027年1月31日前向原告归还借款人民币五万元。"

static void fx_now_rfc3339(char out[32])
{
    time_t now = time(NULL);
    struct tm tm;

    gmtime_r(&now, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
 * Signs a litigant in, waiting out identity's limit of three SMS codes a minute per phone
 * (other test programs sign the same people in). owned: token; NULL after about 70 seconds.
 */
static char *fx_litigant(const char *name, const char *idn, const char *phone)
{
    char *token = NULL;

    for (int i = 0; i < 15 && token == NULL; i++) {
        if (i > 0)
            sleep(5);
        token = tc_litigant_token(name, idn, phone);
    }
    return token;
}

static const char *fx_err_code(const struct tc_resp *r)
{
    return json_string_value(json_object_get(json_object_get(r->json, "error"), "code"));
}

/* The claims inside a bearer token (its first part). owned: json_decref; NULL when malformed. */
static json_t *fx_claims_of(const char *token)
{
    const char *dot = token ? strchr(token, '.') : NULL;
    char buf[4096];
    size_t len = 0;

    if (dot == NULL ||
        sodium_base642bin((unsigned char *)buf, sizeof buf - 1, token, (size_t)(dot - token), NULL,
                          &len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return NULL;
    buf[len] = '\0';
    return json_loads(buf, 0, NULL);
}

/* The real path: a mediation hearing closed as mediated. 0 and out_id on success. */
static int fx_agreement_by_hearing(const char *judge, const char *case_id, char out_id[40])
{
    char path[160], starts[32];
    json_t *b;
    struct tc_resp r;
    const char *hid, *doc;
    int rc = -1;

    fx_now_rfc3339(starts);
    b = json_pack("{s:s, s:s}", "kind", "mediation", "starts_at", starts);
    snprintf(path, sizeof path, "/api/v1/cases/%s/hearings", case_id);
    r = tc_call_json("POST", path, judge, b);
    json_decref(b);
    hid = json_string_value(json_object_get(r.json, "id"));
    if (r.status == 201 && hid) {
        snprintf(path, sizeof path, "/api/v1/hearings/%s/close", hid);
        tc_resp_cleanup(&r);
        r = tc_call("POST", path, judge,
                    "{\"outcome\":\"mediated\",\"agreement_text\":\"" FX_AGREEMENT_TEXT "\"}");
        doc = json_string_value(json_object_get(r.json, "agreement_document_id"));
        if (r.status == 200 && doc) {
            snprintf(out_id, 40, "%s", doc);
            rc = 0;
        }
    }
    if (rc != 0)
        fprintf(stderr, "note: hearing path failed: HTTP %d %s\n", r.status, r.body ?: "");
    tc_resp_cleanup(&r);
    return rc;
}

/* The fallback: documents.create over NATS with the judge's claims and a small PDF. */
static int fx_agreement_by_documents(const char *judge, const char *case_id, char out_id[40])
{
    static const char pdf[] = "%PDF-1.4\n% " FX_AGREEMENT_TEXT "\n%%EOF\n";
    char b64[512];
    natsConnection *nc = NULL;
    json_t *auth = fx_claims_of(judge), *body, *out = NULL;
    struct mc_call c = {.subject = "documents.create", .auth = auth, .timeout_ms = 5000};
    int rc = -1;

    sodium_bin2base64(b64, sizeof b64, (const unsigned char *)pdf, sizeof pdf - 1,
                      sodium_base64_VARIANT_ORIGINAL);
    body = json_pack("{s:s, s:s, s:s, s:s, s:s}", "case_id", case_id, "kind", "mediation_agreement",
                     "title", "调解协议", "content_type", "application/pdf", "content_base64", b64);
    if (auth &&
        mc_bus_connect(tc_env("NATS_URL", "nats://127.0.0.1:4222"), "test", false, &nc) == MC_OK &&
        mc_bus_call_json(nc, &c, body, &out, NULL) == MC_OK &&
        json_string_value(json_object_get(out, "id"))) {
        snprintf(out_id, 40, "%s", json_string_value(json_object_get(out, "id")));
        rc = 0;
    }
    natsConnection_Destroy(nc);
    json_decref(out);
    json_decref(body);
    json_decref(auth);
    return rc;
}

static int fx_make_agreement(const char *judge, const char *case_id, char out_id[40])
{
    if (fx_agreement_by_hearing(judge, case_id, out_id) == 0)
        return 0;
    fprintf(stderr, "note: storing the agreement through documents.create instead\n");
    return fx_agreement_by_documents(judge, case_id, out_id);
}

static struct tc_resp fx_sig_call(const char *method, const char *doc_id, const char *token,
                                  const char *body)
{
    char path[160];

    snprintf(path, sizeof path, "/api/v1/documents/%s/signatures", doc_id);
    return tc_call(method, path, token, body);
}

#endif
