/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Integration tests of the documents service through the gateway (and documents.create over
 * NATS, as hearings calls it). The files uploaded are real files shipped by Debian packages:
 * MC_TEST_JPEG (nodejs), MC_TEST_PDF (shared-mime-info), MC_TEST_PNG (libpng-dev) and
 * MC_TEST_TEXT (base-files). Needs GATEWAY_URL, NATS_URL, MC_SMS_LOG and MC_PG_URL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "harness.h"
#include "mc/bus.h"
#include "mc/json.h"
#include "mc/token.h"
#include "support/client.h"

struct file {
    char *data;
    size_t len;
};

static struct {
    char *plaintiff, *defendant, *stranger, *clerk, *judge, *officer, *clerk9;
    char *case_id, *case2_id;
    struct file jpeg, pdf, png, text;
    int is_ready;
} fx;

/* A valid GB 11643 identity number from its first 17 digits. */
static void make_idn(const char *base17, char out[19])
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;

    for (int i = 0; i < 17; i++)
        sum += (base17[i] - '0') * w[i];
    memcpy(out, base17, 17);
    out[17] = "10X98765432"[sum % 11];
    out[18] = '\0';
}

static struct file load(const char *env, const char *def)
{
    struct file f = {0};

    f.data = tc_read_file(tc_env(env, def), &f.len);
    if (f.data == NULL)
        fprintf(stderr, "cannot read %s (set %s)\n", tc_env(env, def), env);
    return f;
}

static void setup(void)
{
    char idn[19];

    if (fx.is_ready)
        return;
    fx.is_ready = 1;
    make_idn("11010119900307123", idn);
    fx.plaintiff = tc_litigant_token(tc_plaintiff_name, tc_plaintiff_idn, tc_plaintiff_phone);
    fx.defendant = tc_litigant_token(tc_defendant_name, tc_defendant_idn, tc_defendant_phone);
    fx.stranger = tc_litigant_token("李四", idn, "13700000077");
    fx.clerk = tc_staff_token("clerk1");
    fx.judge = tc_staff_token("judge1");
    fx.officer = tc_staff_token("officer1");
    fx.clerk9 = tc_staff_token("clerk9");
    if (tc_make_case(fx.plaintiff, &fx.case_id) != 0 || tc_make_case(fx.plaintiff, &fx.case2_id))
        fprintf(stderr, "cannot make the test cases\n");
    fx.jpeg = load("MC_TEST_JPEG", "/usr/share/doc/nodejs/thin-white-stripe.jpg");
    fx.pdf = load("MC_TEST_PDF", "/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf");
    fx.png = load("MC_TEST_PNG", "/usr/share/doc/libpng-dev/examples/pngtest.png");
    fx.text = load("MC_TEST_TEXT", "/usr/share/common-licenses/Apache-2.0");
}

static struct tc_resp upload(const char *case_id, const char *token, const char *ctype,
                             const void *data, size_t len, const char *query)
{
    char path[512];

    snprintf(path, sizeof path, "/api/v1/cases/%s/documents%s", case_id, query ? query : "");
    return tc_post_raw(path, token, ctype, data, len);
}

static long long n_documents(void)
{
    return tc_sql_count("documents", "SELECT count(*) FROM documents");
}

static long long n_services(void)
{
    return tc_sql_count("documents", "SELECT count(*) FROM services");
}

static long long n_events(const char *type)
{
    char sql[128];

    snprintf(sql, sizeof sql, "SELECT count(*) FROM mc_outbox WHERE type = '%s'", type);
    return tc_sql_count("documents", sql);
}

static const char *err_code(const struct tc_resp *r)
{
    return mc_json_str(json_object_get(r->json, "error"), "code");
}

static const char *err_field(const struct tc_resp *r)
{
    return mc_json_str(json_object_get(r->json, "error"), "field");
}

static void sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];

    crypto_hash_sha256(h, data, len);
    mc_hex_encode(h, sizeof h, out);
}

/* Uploads f and returns the new document's id (owned: free), or NULL. */
static char *upload_ok(const char *token, const char *ctype, const struct file *f,
                       const char *query)
{
    struct tc_resp r = upload(fx.case_id, token, ctype, f->data, f->len, query);
    char *id = r.status == 201 ? strdup(mc_json_str(r.json, "id")) : NULL;

    CHECK_INT(201, r.status);
    tc_resp_cleanup(&r);
    return id;
}

static void test_jpeg_round_trips_byte_for_byte(void)
{
    struct tc_resp r, c;
    char sha[65], path[128];
    long long events;

    setup();
    CHECK(fx.jpeg.data != NULL);
    events = n_events("document_stored");
    sha256_hex(fx.jpeg.data, fx.jpeg.len, sha);
    r = upload(fx.case_id, fx.plaintiff, "image/jpeg", fx.jpeg.data, fx.jpeg.len,
               "?kind=evidence&title=loan%20receipt");
    CHECK_INT(201, r.status);
    CHECK_STR(fx.case_id, mc_json_str(r.json, "case_id"));
    CHECK_STR("evidence", mc_json_str(r.json, "kind"));
    CHECK_STR("loan receipt", mc_json_str(r.json, "title"));
    CHECK_STR("image/jpeg", mc_json_str(r.json, "content_type"));
    CHECK_INT(fx.jpeg.len, mc_json_int(r.json, "size", -1));
    CHECK_STR(sha, mc_json_str(r.json, "sha256"));
    CHECK_STR("litigant", mc_json_str(r.json, "uploader_role"));
    CHECK_STR("p1", mc_json_str(r.json, "party_id"));
    CHECK(mc_json_str(r.json, "uploaded_by") != NULL && mc_json_str(r.json, "created_at"));
    CHECK_INT(events + 1, n_events("document_stored"));

    snprintf(path, sizeof path, "/api/v1/documents/%s/content", mc_json_str(r.json, "id"));
    c = tc_call("GET", path, fx.defendant, NULL);
    CHECK_INT(200, c.status);
    CHECK_STR("image/jpeg", c.ctype);
    CHECK_INT(fx.jpeg.len, c.body_len);
    CHECK(c.body_len == fx.jpeg.len && memcmp(c.body, fx.jpeg.data, c.body_len) == 0);
    sha256_hex(c.body, c.body_len, path);
    CHECK_STR(sha, path);
    tc_resp_cleanup(&c);
    tc_resp_cleanup(&r);
}

static void test_pdf_and_png_by_staff(void)
{
    struct tc_resp r, g;
    char sha[65], path[128];

    setup();
    r = upload(fx.case_id, fx.clerk, "application/pdf", fx.pdf.data, fx.pdf.len, "?kind=pleading");
    CHECK_INT(201, r.status);
    CHECK_STR("application/pdf", mc_json_str(r.json, "content_type"));
    CHECK_STR("pleading", mc_json_str(r.json, "kind"));
    CHECK(json_is_null(json_object_get(r.json, "party_id")));
    CHECK(json_is_null(json_object_get(r.json, "title")));
    CHECK_STR("clerk", mc_json_str(r.json, "uploader_role"));
    sha256_hex(fx.pdf.data, fx.pdf.len, sha);
    snprintf(path, sizeof path, "/api/v1/documents/%s", mc_json_str(r.json, "id"));
    g = tc_call("GET", path, fx.plaintiff, NULL);
    CHECK_INT(200, g.status);
    CHECK_STR(sha, mc_json_str(g.json, "sha256"));
    CHECK_INT(fx.pdf.len, mc_json_int(g.json, "size", -1));
    tc_resp_cleanup(&g);
    strcat(path, "/content");
    g = tc_call("GET", path, fx.judge, NULL);
    CHECK_INT(200, g.status);
    CHECK_STR("application/pdf", g.ctype);
    CHECK(g.body_len == fx.pdf.len && memcmp(g.body, fx.pdf.data, g.body_len) == 0);
    tc_resp_cleanup(&g);
    tc_resp_cleanup(&r);

    /* Parameters of the media type do not matter; its case does not either. */
    r = upload(fx.case_id, fx.defendant, "Image/PNG; q=1", fx.png.data, fx.png.len, NULL);
    CHECK_INT(201, r.status);
    CHECK_STR("image/png", mc_json_str(r.json, "content_type"));
    CHECK_STR("p2", mc_json_str(r.json, "party_id"));
    tc_resp_cleanup(&r);
}

/* Uploads and expects a 400 with code and field, and no new document. */
static void expect_refused(const char *token, const char *ctype, const void *data, size_t len,
                           const char *query, int status, const char *code, const char *field)
{
    long long before = n_documents(), events = n_events("document_stored");
    struct tc_resp r = upload(fx.case_id, token, ctype, data, len, query);

    CHECK_INT(status, r.status);
    CHECK_STR(code, err_code(&r));
    if (field)
        CHECK_STR(field, err_field(&r));
    CHECK(before >= 0);
    CHECK_INT(before, n_documents());
    CHECK_INT(events, n_events("document_stored"));
    tc_resp_cleanup(&r);
}

static void test_content_must_match_its_claim(void)
{
    char *noeoi;

    setup();
    expect_refused(fx.plaintiff, "application/pdf", fx.png.data, fx.png.len, NULL, 400,
                   "content_type_mismatch", "content");
    expect_refused(fx.plaintiff, "image/png", fx.jpeg.data, fx.jpeg.len, NULL, 400,
                   "content_type_mismatch", "content");
    expect_refused(fx.plaintiff, "image/jpeg", fx.text.data, fx.text.len, NULL, 400,
                   "unsupported_media_type", "content");
    expect_refused(fx.plaintiff, "text/plain", fx.text.data, fx.text.len, NULL, 400,
                   "unsupported_media_type", "content");
    expect_refused(fx.plaintiff, "application/octet-stream", fx.jpeg.data, fx.jpeg.len, NULL, 400,
                   "unsupported_media_type", "content");

    /* Truncated files: half a JPEG, a JPEG without its EOI, a PDF without "%%EOF". */
    expect_refused(fx.plaintiff, "image/jpeg", fx.jpeg.data, fx.jpeg.len / 2, NULL, 400,
                   "unsupported_media_type", "content");
    noeoi = malloc(fx.jpeg.len);
    memcpy(noeoi, fx.jpeg.data, fx.jpeg.len);
    expect_refused(fx.plaintiff, "image/jpeg", noeoi, fx.jpeg.len - 2, NULL, 400,
                   "unsupported_media_type", "content");
    noeoi[3] ^= 0xFF; /* the first segment marker is broken */
    expect_refused(fx.plaintiff, "image/jpeg", noeoi, fx.jpeg.len, NULL, 400,
                   "unsupported_media_type", "content");
    free(noeoi);
    expect_refused(fx.plaintiff, "application/pdf", fx.pdf.data, fx.pdf.len - 200, NULL, 400,
                   "unsupported_media_type", "content");
    expect_refused(fx.plaintiff, "image/png", fx.png.data, fx.png.len - 12, NULL, 400,
                   "unsupported_media_type", "content");
}

static void test_upload_bad_input(void)
{
    char title[260] = "?title=";

    setup();
    expect_refused(fx.plaintiff, "image/jpeg", "", 0, NULL, 400, "invalid_argument", "content");
    expect_refused(fx.plaintiff, "image/jpeg", fx.jpeg.data, fx.jpeg.len, "?kind=verdict", 400,
                   "invalid_argument", "kind");
    expect_refused(fx.plaintiff, "image/jpeg", fx.jpeg.data, fx.jpeg.len,
                   "?kind=mediation_agreement", 400, "invalid_argument", "kind");
    memset(title + 7, 'a', 201);
    title[7 + 201] = '\0';
    expect_refused(fx.plaintiff, "image/jpeg", fx.jpeg.data, fx.jpeg.len, title, 400,
                   "invalid_argument", "title");
}

static void test_upload_access(void)
{
    long long before;
    struct tc_resp r;

    setup();
    before = n_documents();
    r = upload(fx.case_id, fx.stranger, "image/jpeg", fx.jpeg.data, fx.jpeg.len, NULL);
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    r = upload(fx.case_id, fx.clerk9, "image/jpeg", fx.jpeg.data, fx.jpeg.len, NULL);
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    r = upload("not-a-uuid", fx.plaintiff, "image/jpeg", fx.jpeg.data, fx.jpeg.len, NULL);
    CHECK_INT(404, r.status);
    tc_resp_cleanup(&r);
    r = upload("00000000-0000-4000-8000-000000000000", fx.plaintiff, "image/jpeg", fx.jpeg.data,
               fx.jpeg.len, NULL);
    CHECK_INT(404, r.status);
    tc_resp_cleanup(&r);
    r = upload(fx.case_id, NULL, "image/jpeg", fx.jpeg.data, fx.jpeg.len, NULL);
    CHECK_INT(401, r.status);
    tc_resp_cleanup(&r);
    CHECK_INT(before, n_documents());
}

static void test_read_access(void)
{
    char *id = NULL, path[160];
    struct tc_resp r;

    setup();
    id = upload_ok(fx.plaintiff, "image/jpeg", &fx.jpeg, NULL);
    if (id == NULL)
        return;
    snprintf(path, sizeof path, "/api/v1/documents/%s", id);
    r = tc_call("GET", path, fx.stranger, NULL);
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    r = tc_call("GET", path, fx.clerk9, NULL);
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    strcat(path, "/content");
    r = tc_call("GET", path, fx.stranger, NULL);
    CHECK_INT(403, r.status);
    CHECK(r.json != NULL);
    tc_resp_cleanup(&r);
    r = tc_call("GET", "/api/v1/documents/xyz", fx.plaintiff, NULL);
    CHECK_INT(404, r.status);
    tc_resp_cleanup(&r);
    r = tc_call("GET", "/api/v1/documents/00000000-0000-4000-8000-000000000000/content",
                fx.plaintiff, NULL);
    CHECK_INT(404, r.status);
    tc_resp_cleanup(&r);
    free(id);
}

static long long n_documents_of_case(void)
{
    char sql[160];

    snprintf(sql, sizeof sql, "SELECT count(*) FROM documents WHERE case_id = '%s'", fx.case_id);
    return tc_sql_count("documents", sql);
}

static void test_list(void)
{
    char path[160];
    struct tc_resp r;
    size_t i, n_all, n_pleading = 0;
    json_t *d;

    setup();
    snprintf(path, sizeof path, "/api/v1/cases/%s/documents", fx.case_id);
    r = tc_call("GET", path, fx.defendant, NULL);
    CHECK_INT(200, r.status);
    n_all = json_array_size(json_object_get(r.json, "items"));
    CHECK_INT(n_documents_of_case(), n_all);
    json_array_foreach(json_object_get(r.json, "items"), i, d)
    {
        CHECK_STR(fx.case_id, mc_json_str(d, "case_id"));
        CHECK(json_object_get(d, "content") == NULL);
        n_pleading += strcmp(mc_json_str(d, "kind"), "pleading") == 0;
    }
    tc_resp_cleanup(&r);
    strcat(path, "?kind=pleading");
    r = tc_call("GET", path, fx.clerk, NULL);
    CHECK_INT(200, r.status);
    CHECK_INT(n_pleading, json_array_size(json_object_get(r.json, "items")));
    tc_resp_cleanup(&r);
    snprintf(path, sizeof path, "/api/v1/cases/%s/documents?kind=nonsense", fx.case_id);
    r = tc_call("GET", path, fx.clerk, NULL);
    CHECK_INT(400, r.status);
    CHECK_STR("kind", err_field(&r));
    tc_resp_cleanup(&r);
    snprintf(path, sizeof path, "/api/v1/cases/%s/documents", fx.case_id);
    r = tc_call("GET", path, fx.stranger, NULL);
    CHECK_INT(403, r.status);
    tc_resp_cleanup(&r);
    r = tc_call("GET", "/api/v1/cases/123/documents", fx.clerk, NULL);
    CHECK_INT(404, r.status);
    tc_resp_cleanup(&r);
}

/* Posts a service of docs to recipients (JSON arrays as text) on case_id. */
static struct tc_resp serve(const char *case_id, const char *token, const char *docs,
                            const char *recipients)
{
    char path[128], body[1024];

    snprintf(path, sizeof path, "/api/v1/cases/%s/services", case_id);
    snprintf(body, sizeof body, "{\"documents\":%s,\"recipients\":%s}", docs, recipients);
    return tc_call("POST", path, token, body);
}

static struct tc_resp service_call(const char *method, const char *id, const char *suffix,
                                   const char *token)
{
    char path[160];

    snprintf(path, sizeof path, "/api/v1/services/%s%s", id, suffix);
    return tc_call(method, path, token, method[0] == 'P' ? "{}" : NULL);
}

/* Expects method on service id by token to answer status. */
static void expect_service_status(const char *method, const char *id, const char *suffix,
                                  const char *token, int status)
{
    struct tc_resp r = service_call(method, id, suffix, token);

    CHECK_INT(status, r.status);
    tc_resp_cleanup(&r);
}

static const json_t *recipient(const json_t *rec, const char *party_id)
{
    size_t i;
    json_t *p;

    json_array_foreach(json_object_get(rec, "recipients"), i, p)
    {
        if (strcmp(mc_json_str(p, "party_id"), party_id) == 0)
            return p;
    }
    return NULL;
}

/* Serves a fresh PDF on recipients as the clerk. owned: the service id (free), NULL on failure. */
static char *new_service(const char *recipients)
{
    char *doc = upload_ok(fx.clerk, "application/pdf", &fx.pdf, "?kind=judgment"), docs[64];
    char *sid = NULL;
    struct tc_resp r;

    if (doc == NULL)
        return NULL;
    snprintf(docs, sizeof docs, "[\"%s\"]", doc);
    r = serve(fx.case_id, fx.clerk, docs, recipients);
    CHECK_INT(201, r.status);
    if (r.status == 201)
        sid = strdup(mc_json_str(r.json, "id"));
    tc_resp_cleanup(&r);
    free(doc);
    return sid;
}

static void test_service_create(void)
{
    char *doc, docs[64];
    struct tc_resp r;
    long long events;

    setup();
    if ((doc = upload_ok(fx.clerk, "application/pdf", &fx.pdf, "?kind=judgment")) == NULL)
        return;
    events = n_events("service_sent");
    snprintf(docs, sizeof docs, "[\"%s\"]", doc);
    r = serve(fx.case_id, fx.clerk, docs, "[\"p2\"]");
    CHECK_INT(201, r.status);
    CHECK(mc_is_uuid(mc_json_str(r.json, "id")));
    CHECK_STR("sent", mc_json_str(r.json, "status"));
    CHECK_STR(fx.case_id, mc_json_str(r.json, "case_id"));
    CHECK_STR(doc, json_string_value(json_array_get(json_object_get(r.json, "documents"), 0)));
    CHECK_INT(1, json_array_size(json_object_get(r.json, "recipients")));
    CHECK_STR(tc_defendant_name, mc_json_str(recipient(r.json, "p2"), "name"));
    CHECK(mc_json_str(recipient(r.json, "p2"), "sent_at") != NULL);
    CHECK(json_is_null(json_object_get(recipient(r.json, "p2"), "received_at")));
    CHECK(mc_json_str(r.json, "created_by") != NULL);
    CHECK_INT(events + 1, n_events("service_sent"));
    tc_resp_cleanup(&r);
    free(doc);
}

/* Court staff and the recipient see a service record; the other party and strangers do not. */
static void test_service_visibility(void)
{
    char *sid;

    setup();
    if ((sid = new_service("[\"p2\"]")) == NULL)
        return;
    expect_service_status("GET", sid, "", fx.defendant, 200);
    expect_service_status("GET", sid, "", fx.judge, 200);
    expect_service_status("GET", sid, "", fx.officer, 200);
    expect_service_status("GET", sid, "", fx.plaintiff, 403);
    expect_service_status("GET", sid, "", fx.clerk9, 403);
    expect_service_status("GET", sid, "", fx.stranger, 403);
    expect_service_status("GET", "not-a-uuid", "", fx.clerk, 404);
    expect_service_status("GET", "00000000-0000-4000-8000-000000000000", "", fx.clerk, 404);
    free(sid);
}

/* Only the recipient acknowledges; a second receipt keeps the first time and emits nothing. */
static void test_service_receipt(void)
{
    char *sid, first[32] = "";
    struct tc_resp r;
    long long events;

    setup();
    if ((sid = new_service("[\"p2\"]")) == NULL)
        return;
    events = n_events("service_received");
    expect_service_status("POST", sid, "/receipt", fx.plaintiff, 403);
    expect_service_status("POST", sid, "/receipt", fx.clerk, 403);
    expect_service_status("POST", sid, "/receipt", fx.stranger, 403);
    expect_service_status("POST", "nope", "/receipt", fx.defendant, 404);
    CHECK_INT(events, n_events("service_received"));
    r = service_call("POST", sid, "/receipt", fx.defendant);
    CHECK_INT(200, r.status);
    CHECK_STR("received", mc_json_str(r.json, "status"));
    CHECK(mc_json_str(recipient(r.json, "p2"), "received_at") != NULL);
    snprintf(first, sizeof first, "%s", mc_json_str(recipient(r.json, "p2"), "received_at"));
    tc_resp_cleanup(&r);
    CHECK_INT(events + 1, n_events("service_received"));

    sleep(1);
    r = service_call("POST", sid, "/receipt", fx.defendant);
    CHECK_INT(200, r.status);
    CHECK_STR(first, mc_json_str(recipient(r.json, "p2"), "received_at"));
    CHECK_STR("received", mc_json_str(r.json, "status"));
    tc_resp_cleanup(&r);
    CHECK_INT(events + 1, n_events("service_received"));
    free(sid);
}

/* With two recipients the record is "received" only once both acknowledged. */
static void test_service_to_both_parties(void)
{
    char *sid;
    struct tc_resp r;

    setup();
    if ((sid = new_service("[\"p1\",\"p2\"]")) == NULL)
        return;
    r = service_call("POST", sid, "/receipt", fx.plaintiff);
    CHECK_INT(200, r.status);
    CHECK_INT(2, json_array_size(json_object_get(r.json, "recipients")));
    CHECK_STR("sent", mc_json_str(r.json, "status"));
    CHECK(mc_json_str(recipient(r.json, "p1"), "received_at") != NULL);
    CHECK(json_is_null(json_object_get(recipient(r.json, "p2"), "received_at")));
    tc_resp_cleanup(&r);
    r = service_call("POST", sid, "/receipt", fx.defendant);
    CHECK_INT(200, r.status);
    CHECK_STR("received", mc_json_str(r.json, "status"));
    tc_resp_cleanup(&r);
    free(sid);
}

/* A refused service request answers status and field and adds no record and no event. */
static void expect_service_refused(const char *case_id, const char *token, const char *docs,
                                   const char *recipients, int status, const char *field)
{
    long long before = n_services(), events = n_events("service_sent");
    struct tc_resp r = serve(case_id, token, docs, recipients);

    CHECK_INT(status, r.status);
    CHECK_STR(status == 400   ? "invalid_argument"
              : status == 403 ? "forbidden"
                              : "not_found",
              err_code(&r));
    if (field)
        CHECK_STR(field, err_field(&r));
    CHECK(before >= 0);
    CHECK_INT(before, n_services());
    CHECK_INT(events, n_events("service_sent"));
    tc_resp_cleanup(&r);
}

static void test_service_bad_documents(void)
{
    char *doc, *other = NULL, docs[128];
    struct tc_resp r;

    setup();
    doc = upload_ok(fx.clerk, "application/pdf", &fx.pdf, NULL);
    r = upload(fx.case2_id, fx.clerk, "application/pdf", fx.pdf.data, fx.pdf.len, NULL);
    CHECK_INT(201, r.status);
    if (r.status == 201)
        other = strdup(mc_json_str(r.json, "id"));
    tc_resp_cleanup(&r);
    if (doc == NULL || other == NULL)
        goto done;
    expect_service_refused(fx.case_id, fx.clerk, "[\"nope\"]", "[\"p2\"]", 400, "documents");
    expect_service_refused(fx.case_id, fx.clerk, "\"x\"", "[\"p2\"]", 400, "documents");
    expect_service_refused(fx.case_id, fx.clerk, "[]", "[\"p2\"]", 400, "documents");
    expect_service_refused(fx.case_id, fx.clerk, "[7]", "[\"p2\"]", 400, "documents");
    snprintf(docs, sizeof docs, "[\"%s\",\"%s\"]", doc, doc);
    expect_service_refused(fx.case_id, fx.clerk, docs, "[\"p2\"]", 400, "documents");
    snprintf(docs, sizeof docs, "[\"%s\",\"%s\"]", doc, other); /* one of another case */
    expect_service_refused(fx.case_id, fx.clerk, docs, "[\"p2\"]", 400, "documents");
    snprintf(docs, sizeof docs, "[\"%s\"]", doc);
    expect_service_refused(fx.case2_id, fx.clerk, docs, "[\"p2\"]", 400, "documents");
done:
    free(doc);
    free(other);
}

static void test_service_bad_recipients_and_callers(void)
{
    char *doc, docs[64], path[128];
    struct tc_resp r;
    long long before = n_services();

    setup();
    if ((doc = upload_ok(fx.clerk, "application/pdf", &fx.pdf, NULL)) == NULL)
        return;
    snprintf(docs, sizeof docs, "[\"%s\"]", doc);
    expect_service_refused(fx.case_id, fx.clerk, docs, "[\"p9\"]", 400, "recipients");
    expect_service_refused(fx.case_id, fx.clerk, docs, "[\"p2\",\"p2\"]", 400, "recipients");
    expect_service_refused(fx.case_id, fx.clerk, docs, "[2]", 400, "recipients");
    expect_service_refused(fx.case_id, fx.clerk, docs, "[]", 400, "recipients");
    expect_service_refused(fx.case_id, fx.officer, docs, "[\"p2\"]", 403, NULL);
    expect_service_refused(fx.case_id, fx.clerk9, docs, "[\"p2\"]", 403, NULL);
    expect_service_refused(fx.case_id, fx.plaintiff, docs, "[\"p2\"]", 403, NULL);
    expect_service_refused("nope", fx.clerk, docs, "[\"p2\"]", 404, NULL);

    snprintf(path, sizeof path, "/api/v1/cases/%s/services", fx.case_id);
    r = tc_call("POST", path, fx.clerk, "{\"documents\":[");
    CHECK_INT(400, r.status);
    CHECK_STR("invalid_json", err_code(&r));
    tc_resp_cleanup(&r);
    r = tc_call("POST", path, fx.clerk, "{\"documents\":[],\"recipients\":[],\"x\":1}");
    CHECK_INT(400, r.status);
    tc_resp_cleanup(&r);
    CHECK_INT(before, n_services());
    free(doc);
}

/* Calls subject over NATS as the holder of claims auth, as another service would. */
static struct mc_reply bus_call(const char *subject, const json_t *auth, const json_t *params,
                                const char *ctype, const void *data, size_t len)
{
    static natsConnection *nc;
    struct mc_reply rep = {0};
    struct mc_call c = {.subject = subject,
                        .auth = auth,
                        .params = params,
                        .body = data,
                        .body_len = len,
                        .content_type = ctype,
                        .timeout_ms = 10000};

    if (nc == NULL &&
        mc_bus_connect(tc_env("NATS_URL", "nats://127.0.0.1:4222"), "test", false, &nc) != MC_OK)
        return rep;
    if (mc_bus_call(nc, &c, &rep) != MC_OK)
        rep.status = 0;
    return rep;
}

static struct mc_reply create_internal(const json_t *auth, const json_t *body)
{
    char *text = json_dumps(body, JSON_COMPACT);
    struct mc_reply rep = bus_call("documents.create", auth, NULL, NULL, text, strlen(text));

    free(text);
    return rep;
}

static json_t *judge_claims(void)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "sub", "judge1", "role", "judge", "court", "浙0203",
                     "name", "judge1");
}

/* A documents.create body for the test PDF. owned: json_decref. */
static json_t *agreement_body(void)
{
    size_t cap = sodium_base64_encoded_len(fx.pdf.len, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = malloc(cap);
    json_t *body;

    sodium_bin2base64(b64, cap, (const unsigned char *)fx.pdf.data, fx.pdf.len,
                      sodium_base64_VARIANT_ORIGINAL);
    body =
        json_pack("{s:s, s:s, s:s, s:s, s:s}", "case_id", fx.case_id, "kind", "mediation_agreement",
                  "title", "调解协议", "content_type", "application/pdf", "content_base64", b64);
    free(b64);
    return body;
}

/* documents.create as hearings calls it: over NATS with the judge's claims. */
static void test_create_internal(void)
{
    json_t *judge = judge_claims(), *body, *doc;
    struct mc_reply rep;
    char sha[65];

    setup();
    body = agreement_body();
    rep = create_internal(judge, body);
    CHECK_INT(201, rep.status);
    doc = json_loads(rep.data ? rep.data : "", 0, NULL);
    sha256_hex(fx.pdf.data, fx.pdf.len, sha);
    CHECK_STR(sha, mc_json_str(doc, "sha256"));
    CHECK_STR(fx.case_id, mc_json_str(doc, "case_id"));
    CHECK_STR("mediation_agreement", mc_json_str(doc, "kind"));
    CHECK_STR("调解协议", mc_json_str(doc, "title"));
    CHECK_STR("application/pdf", mc_json_str(doc, "content_type"));
    CHECK_STR("judge1", mc_json_str(doc, "uploaded_by"));
    CHECK_INT(fx.pdf.len, mc_json_int(doc, "size", -1));
    CHECK(mc_json_str(doc, "created_at") != NULL);
    json_decref(doc);
    mc_reply_cleanup(&rep);
    json_decref(body);
    json_decref(judge);
}

/* Expects documents.create to refuse with status and a body mentioning what. */
static void expect_create_refused(const json_t *auth, const json_t *body, int status,
                                  const char *what)
{
    struct mc_reply rep = create_internal(auth, body);

    CHECK_INT(status, rep.status);
    if (what)
        CHECK(rep.data && strstr(rep.data, what));
    mc_reply_cleanup(&rep);
}

static void test_create_internal_refused(void)
{
    json_t *judge = judge_claims(), *body, *litigant;
    long long before = n_documents();

    setup();
    body = agreement_body();
    litigant = json_pack("{s:s, s:s, s:s, s:s}", "sub", "x", "role", "litigant", "idn",
                         tc_plaintiff_idn, "name", tc_plaintiff_name);
    expect_create_refused(litigant, body, 403, NULL);
    json_object_set_new(body, "case_id", json_string("x"));
    expect_create_refused(judge, body, 404, NULL);
    json_object_set_new(body, "case_id", json_string(fx.case_id));
    json_object_set_new(body, "content_type", json_string("image/jpeg"));
    expect_create_refused(judge, body, 400, "content_type_mismatch");
    json_object_set_new(body, "content_type", json_string("application/pdf"));
    json_object_set_new(body, "kind", json_string("poem"));
    expect_create_refused(judge, body, 400, "kind");
    json_object_set_new(body, "kind", json_string("mediation_agreement"));
    json_object_set_new(body, "content_base64", json_string("@@not base64@@"));
    expect_create_refused(judge, body, 400, "content_base64");
    json_object_set_new(body, "content_base64", json_integer(5));
    expect_create_refused(judge, body, 400, "content_base64");
    CHECK_INT(before, n_documents());
    json_decref(litigant);
    json_decref(body);
    json_decref(judge);
}

/* The service enforces the 6 MiB limit itself, behind the gateway's. */
static void test_upload_too_large(void)
{
    size_t len = 6 * 1024 * 1024 + 1;
    char *big = calloc(1, len);
    json_t *auth, *params;
    struct mc_reply rep;
    struct tc_resp r;
    long long before = n_documents();

    setup();
    memcpy(big, fx.jpeg.data, fx.jpeg.len);
    auth = json_pack("{s:s, s:s, s:s, s:s}", "sub", "x", "role", "litigant", "idn",
                     tc_plaintiff_idn, "name", tc_plaintiff_name);
    params = json_pack("{s:s}", "id", fx.case_id);
    rep = bus_call("documents.upload", auth, params, "image/jpeg", big, len);
    CHECK_INT(413, rep.status);
    CHECK(rep.data && strstr(rep.data, "content"));
    mc_reply_cleanup(&rep);
    r = upload(fx.case_id, fx.plaintiff, "image/jpeg", big, len, NULL);
    CHECK_INT(413, r.status);
    tc_resp_cleanup(&r);
    CHECK_INT(before, n_documents());
    json_decref(params);
    json_decref(auth);
    free(big);
}

TH_MAIN(TH_CASE(test_jpeg_round_trips_byte_for_byte), TH_CASE(test_pdf_and_png_by_staff),
        TH_CASE(test_content_must_match_its_claim), TH_CASE(test_upload_bad_input),
        TH_CASE(test_upload_access), TH_CASE(test_upload_too_large), TH_CASE(test_read_access),
        TH_CASE(test_list), TH_CASE(test_service_create), TH_CASE(test_service_visibility),
        TH_CASE(test_service_receipt), TH_CASE(test_service_to_both_parties),
        TH_CASE(test_service_bad_documents), TH_CASE(test_service_bad_recipients_and_callers),
        TH_CASE(test_create_internal), TH_CASE(test_create_internal_refused))
