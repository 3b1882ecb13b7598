/* SPDX-License-Identifier: Apache-2.0 */
/*
 * End to end: one lawsuit from filing to enforcement through the public HTTP API, the way
 * scripts/demo.sh walks it, with real files that Debian packages ship. The plaintiff signs in by
 * face: the ID photo and the challenge frames are real photos of one person from the dlib
 * examples (scripts/face-assets.sh), one per action. At the end the JetStream stream is read
 * back and must hold every event the lifecycle emitted, once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <nats/nats.h>
#include <sodium.h>

#include "harness.h"
#include "identity_face_fixture.h"
#include "support/client.h"

struct lawsuit {
    char *plaintiff, *defendant, *clerk, *judge;
    char filing_id[64], case_id[64], number[128];
    char jpeg_id[64], pdf_id[64], service_id[64], hearing_id[64], agreement_id[64];
    char enforcement_number[128];
};

static struct lawsuit L;

static const char *str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));

    return s ? s : "";
}

static void copy(char *dst, size_t len, const json_t *o, const char *k)
{
    snprintf(dst, len, "%s", str(o, k));
}

static char *sign_in_by_face(const char *name, const char *idn, const char *phone)
{
    struct fx_person p = {.name = name};
    json_t *frames = json_array();
    struct blob id_photo;
    struct tc_resp r;
    json_t *body;
    char *token = NULL;

    snprintf(p.idn, sizeof p.idn, "%s", idn);
    snprintf(p.phone, sizeof p.phone, "%s", phone);
    if (fx_otp(name, idn, phone, p.code) != 0 || fx_new_challenge(&p, fx_turns_only) != 0)
        return NULL;
    for (size_t i = 0; i < json_array_size(json_object_get(p.challenge, "actions")); i++) {
        struct blob b = fx_chip_frame(fx_shim_frame(fx_action(&p, i)), 92);

        json_array_append_new(frames, fx_b64_blob(b));
        free(b.data);
    }
    id_photo = fx_chip_frame(FX_SHIM_ID_PHOTO, 92);
    body = fx_submission(&p, fx_b64_blob(id_photo), frames);
    r = tc_call_json("POST", "/api/v1/litigants/verifications", NULL, body);
    json_decref(body);
    CHECK_INT(201, r.status);
    CHECK_STR("face", json_string_value(json_object_get(json_object_get(r.json, "claims"), "amr")));
    if (r.status == 201)
        token = strdup(json_string_value(json_object_get(r.json, "token")));
    tc_resp_cleanup(&r);
    free(id_photo.data);
    fx_person_cleanup(&p);
    return token;
}

static void step_sign_in(void)
{
    curl_global_init(CURL_GLOBAL_ALL);
    L.plaintiff = sign_in_by_face(tc_plaintiff_name, tc_plaintiff_idn, tc_plaintiff_phone);
    L.defendant = tc_litigant_token(tc_defendant_name, tc_defendant_idn, tc_defendant_phone);
    L.clerk = tc_staff_token("clerk1");
    L.judge = tc_staff_token("judge1");
    CHECK(L.plaintiff && L.defendant && L.clerk && L.judge);
}

static void step_file_and_accept(void)
{
    char path[160], prefix[64];
    json_t *body = json_pack(
        "{s:s, s:s, s:s, s:s, s:[{s:s, s:I}], s:[{s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s}],"
        " s:s}",
        "court_code", "浙0203", "case_type", "民初", "cause_of_action", "民间借贷纠纷", "procedure",
        "ordinary", "claims", "description", "判令被告归还借款本金50000元", "amount_fen",
        (json_int_t)5000000, "parties", "role", "plaintiff", "kind", "person", "name",
        tc_plaintiff_name, "id_number", tc_plaintiff_idn, "role", "defendant", "kind", "person",
        "name", tc_defendant_name, "id_number", tc_defendant_idn, "facts",
        "2025年3月1日被告向原告借款50000元，到期未还。");
    struct tc_resp r = tc_call_json("POST", "/api/v1/filings", L.plaintiff, body);

    CHECK_INT(201, r.status);
    CHECK_INT(105000, json_integer_value(json_object_get(json_object_get(r.json, "fee"), "fen")));
    copy(L.filing_id, sizeof L.filing_id, r.json, "id");
    tc_resp_cleanup(&r);
    json_decref(body);
    snprintf(path, sizeof path, "/api/v1/filings/%s/decision", L.filing_id);
    r = tc_call("POST", path, L.clerk, "{\"decision\":\"accept\"}");
    CHECK_INT(200, r.status);
    copy(L.case_id, sizeof L.case_id, json_object_get(r.json, "case"), "id");
    copy(L.number, sizeof L.number, json_object_get(r.json, "case"), "number");
    snprintf(prefix, sizeof prefix, "(%d)浙0203民初", tc_year_cn());
    CHECK(strncmp(L.number, prefix, strlen(prefix)) == 0);
    tc_resp_cleanup(&r);
    snprintf(path, sizeof path, "/api/v1/cases/%s/assignment", L.case_id);
    r = tc_call("POST", path, L.clerk, "{\"judge\":\"judge1\"}");
    CHECK_INT(200, r.status);
    CHECK_STR("李法官", str(r.json, "judge_name"));
    tc_resp_cleanup(&r);
}

/* Uploads a file a Debian package ships and checks the stored SHA-256 against our own. */
static void upload(const char *env, const char *def, const char *ctype, char *out_id)
{
    size_t len = 0;
    char *data = tc_read_file(tc_env(env, def), &len), path[160], hex[65];
    unsigned char h[32];
    struct tc_resp r;

    CHECK(data != NULL);
    if (data == NULL)
        return;
    crypto_hash_sha256(h, (const unsigned char *)data, len);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    snprintf(path, sizeof path, "/api/v1/cases/%s/documents?title=evidence", L.case_id);
    r = tc_post_raw(path, L.plaintiff, ctype, data, len);
    CHECK_INT(201, r.status);
    CHECK_STR(hex, str(r.json, "sha256"));
    CHECK_INT((long long)len, json_integer_value(json_object_get(r.json, "size")));
    copy(out_id, 64, r.json, "id");
    tc_resp_cleanup(&r);
    free(data);
}

static void step_evidence_and_service(void)
{
    char path[160], body[256];
    struct tc_resp r;

    upload("MC_TEST_JPEG", "/usr/share/doc/nodejs/thin-white-stripe.jpg", "image/jpeg", L.jpeg_id);
    upload("MC_TEST_PDF", "/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf",
           "application/pdf", L.pdf_id);
    snprintf(path, sizeof path, "/api/v1/cases/%s/services", L.case_id);
    snprintf(body, sizeof body, "{\"documents\":[\"%s\",\"%s\"],\"recipients\":[\"p2\"]}",
             L.jpeg_id, L.pdf_id);
    r = tc_call("POST", path, L.clerk, body);
    CHECK_INT(201, r.status);
    copy(L.service_id, sizeof L.service_id, r.json, "id");
    tc_resp_cleanup(&r);
    snprintf(path, sizeof path, "/api/v1/services/%s/receipt", L.service_id);
    r = tc_call("POST", path, L.defendant, NULL);
    CHECK_INT(200, r.status);
    CHECK_STR("received", str(r.json, "status"));
    CHECK(json_is_string(
        json_object_get(json_array_get(json_object_get(r.json, "recipients"), 0), "received_at")));
    tc_resp_cleanup(&r);
}

static void post_message(const char *token, const char *text, int want_seq)
{
    char path[160], body[512];
    struct tc_resp r;

    snprintf(path, sizeof path, "/api/v1/hearings/%s/messages", L.hearing_id);
    snprintf(body, sizeof body, "{\"text\":\"%s\"}", text);
    r = tc_call("POST", path, token, body);
    CHECK_INT(201, r.status);
    CHECK_INT(want_seq, json_integer_value(json_object_get(r.json, "seq")));
    tc_resp_cleanup(&r);
}

static void step_mediation(void)
{
    char path[160], body[512], when[32];
    time_t now = time(NULL);
    struct tm tm;
    struct tc_resp r;

    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    snprintf(path, sizeof path, "/api/v1/cases/%s/hearings", L.case_id);
    snprintf(body, sizeof body, "{\"kind\":\"mediation\",\"starts_at\":\"%s\"}", when);
    r = tc_call("POST", path, L.judge, body);
    CHECK_INT(201, r.status);
    copy(L.hearing_id, sizeof L.hearing_id, r.json, "id");
    tc_resp_cleanup(&r);
    post_message(L.judge, "双方是否同意调解？", 1);
    post_message(L.plaintiff, "同意，分两期还清即可。", 2);
    post_message(L.defendant, "同意，十月和十一月各还两万五千元。", 3);
    snprintf(path, sizeof path, "/api/v1/hearings/%s/messages?after=1", L.hearing_id);
    r = tc_call("GET", path, L.defendant, NULL);
    CHECK_INT(200, r.status);
    CHECK_INT(2, (long long)json_array_size(json_object_get(r.json, "messages")));
    tc_resp_cleanup(&r);
    snprintf(path, sizeof path, "/api/v1/hearings/%s/close", L.hearing_id);
    r = tc_call("POST", path, L.judge,
                "{\"outcome\":\"mediated\",\"agreement_text\":\"被告于2026年11月30日前分两期"
                "支付原告50000元。\"}");
    CHECK_INT(200, r.status);
    copy(L.agreement_id, sizeof L.agreement_id, r.json, "agreement_document_id");
    tc_resp_cleanup(&r);
    snprintf(path, sizeof path, "/api/v1/documents/%s/content", L.agreement_id);
    r = tc_call("GET", path, L.plaintiff, NULL);
    CHECK_INT(200, r.status);
    CHECK(r.body_len > 1000 && memcmp(r.body, "%PDF-", 5) == 0);
    tc_resp_cleanup(&r);
}

static void step_signatures_and_enforcement(void)
{
    const char *signers[3] = {L.plaintiff, L.defendant, L.judge};
    char path[160], prefix[64];
    struct tc_resp r;

    snprintf(path, sizeof path, "/api/v1/cases/%s/enforcement", L.case_id);
    r = tc_call("POST", path, L.plaintiff, "{\"amount_fen\":5000000,\"respondents\":[\"p2\"]}");
    CHECK_INT(409, r.status);
    tc_resp_cleanup(&r);
    snprintf(path, sizeof path, "/api/v1/documents/%s/signatures", L.agreement_id);
    for (int i = 0; i < 3; i++) {
        r = tc_call("POST", path, signers[i], NULL);
        CHECK_INT(201, r.status);
        tc_resp_cleanup(&r);
    }
    r = tc_call("GET", path, L.clerk, NULL);
    CHECK(json_is_true(json_object_get(r.json, "signed_by_all_parties")));
    CHECK_INT(3, (long long)json_array_size(json_object_get(r.json, "signatures")));
    tc_resp_cleanup(&r);
    snprintf(path, sizeof path, "/api/v1/cases/%s/enforcement", L.case_id);
    r = tc_call("POST", path, L.plaintiff, "{\"amount_fen\":5000000,\"respondents\":[\"p2\"]}");
    CHECK_INT(201, r.status);
    /* 诉讼费用交纳办法 Art.14(1): 50 + (50,000 - 10,000) * 1.5% = 650 yuan. */
    CHECK_INT(65000, json_integer_value(json_object_get(json_object_get(r.json, "fee"), "fen")));
    copy(L.enforcement_number, sizeof L.enforcement_number, r.json, "number");
    snprintf(prefix, sizeof prefix, "(%d)浙0203执", tc_year_cn());
    CHECK(strncmp(L.enforcement_number, prefix, strlen(prefix)) == 0);
    tc_resp_cleanup(&r);
}

static void step_case_follows_events(void)
{
    char path[160], status[32] = "";

    snprintf(path, sizeof path, "/api/v1/cases/%s", L.case_id);
    for (int i = 0; i < 50 && strcmp(status, "in_enforcement") != 0; i++) {
        struct tc_resp r = tc_call("GET", path, L.plaintiff, NULL);

        copy(status, sizeof status, r.json, "status");
        tc_resp_cleanup(&r);
        if (strcmp(status, "in_enforcement") != 0)
            usleep(100 * 1000);
    }
    CHECK_STR("in_enforcement", status);
}

/* Counts this lawsuit's events by type from the start of the stream. */
static void count_events(json_t *counts)
{
    char path[512];
    FILE *dump;
    natsConnection *nc = NULL;
    natsSubscription *sub = NULL;
    jsCtx *js = NULL;
    jsSubOptions so;
    natsMsg *m = NULL;

    /* Every event of the stream goes to events.jsonl for the contract check against
     * proto/schemas/events (tests/contract/check_events.mjs). */
    snprintf(path, sizeof path, "%s/events.jsonl", tc_env("MC_STATE_DIR", ".test"));
    dump = fopen(path, "w");
    jsSubOptions_Init(&so);
    so.Ordered = true;
    if (natsConnection_ConnectTo(&nc, tc_env("NATS_URL", "nats://127.0.0.1:14222")) != NATS_OK ||
        natsConnection_JetStream(&js, nc, NULL) != NATS_OK ||
        js_SubscribeSync(&sub, js, "evt.>", NULL, &so, NULL) != NATS_OK)
        goto done;
    while (natsSubscription_NextMsg(&m, sub, 1000) == NATS_OK) {
        json_t *e = json_loadb(natsMsg_GetData(m), natsMsg_GetDataLength(m), 0, NULL);
        json_t *d = json_object_get(e, "data");

        if (dump)
            fprintf(dump, "%.*s\n", natsMsg_GetDataLength(m), natsMsg_GetData(m));
        if (strcmp(str(d, "case_id"), L.case_id) == 0 ||
            strcmp(str(d, "filing_id"), L.filing_id) == 0) {
            const char *t = str(e, "type");

            json_object_set_new(counts, t,
                                json_integer(json_integer_value(json_object_get(counts, t)) + 1));
        }
        json_decref(e);
        natsMsg_Destroy(m);
    }
done:
    if (dump)
        fclose(dump);
    natsSubscription_Destroy(sub);
    jsCtx_Destroy(js);
    natsConnection_Destroy(nc);
}

static void step_events_on_jetstream(void)
{
    static const struct {
        const char *type;
        int n;
    } want[] = {
        {"filing_submitted", 1},   {"case_accepted", 1},  {"case_assigned", 1},
        {"document_stored", 3},    {"service_sent", 1},   {"service_received", 1},
        {"hearing_opened", 1},     {"hearing_closed", 1}, {"document_signed", 3},
        {"enforcement_opened", 1},
    };
    json_t *counts = json_object();

    sleep(1);
    count_events(counts);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        long long n = json_integer_value(json_object_get(counts, want[i].type));

        if (n != want[i].n)
            fprintf(stderr, "event %s: want %d, got %lld\n", want[i].type, want[i].n, n);
        CHECK_INT(want[i].n, n);
    }
    json_decref(counts);
}

TH_MAIN(TH_CASE(step_sign_in), TH_CASE(step_file_and_accept), TH_CASE(step_evidence_and_service),
        TH_CASE(step_mediation), TH_CASE(step_signatures_and_enforcement),
        TH_CASE(step_case_follows_events), TH_CASE(step_events_on_jetstream))
