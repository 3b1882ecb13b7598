/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SMS adapter. With IDENTITY_SMS_URL set, a message is POSTed there as JSON
 * {"phone":..,"text":..} with libcurl and a 2xx answer means sent. Without it (the embedded
 * default) the message is appended to IDENTITY_SMS_LOG, one tab-separated line per message.
 */
#include "identity.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

static mc_status send_http(const char *url, const char *phone, const char *text)
{
    json_t *body = mc_json_xpack("{s:s, s:s}", "phone", phone, "text", text);
    char *payload = mc_json_xdumps(body);
    struct curl_slist *hdrs = curl_slist_append(NULL, "Content-Type: application/json");
    CURL *curl = curl_easy_init();
    long code = 0;
    CURLcode rc = CURLE_FAILED_INIT;

    if (curl) {
        curl_easy_setopt(curl, CURLOPT_URL, url);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload);
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 3000L);
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        rc = curl_easy_perform(curl);
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
        curl_easy_cleanup(curl);
    }
    curl_slist_free_all(hdrs);
    free(payload);
    json_decref(body);
    if (rc != CURLE_OK || code < 200 || code >= 300)
        return mc_err_set(MC_E_UNAVAILABLE, "sms gateway: %s (http %ld)", curl_easy_strerror(rc),
                          code);
    return MC_OK;
}

static mc_status send_log(const char *path, const char *phone, const char *text)
{
    FILE *f = fopen(path, "a");
    char ts[32];
    time_t now = time(NULL);
    struct tm tm;

    if (f == NULL)
        return mc_err_set(MC_E_UNAVAILABLE, "sms log %s: %s", path, strerror(errno));
    gmtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(f, "%s\t%s\t%s\n", ts, phone, text);
    if (fclose(f) != 0)
        return mc_err_set(MC_E_UNAVAILABLE, "sms log %s: %s", path, strerror(errno));
    return MC_OK;
}

mc_status identity_sms_send(const struct identity *id, const char *phone, const char *text)
{
    if (id->sms_url)
        return send_http(id->sms_url, phone, text);
    return send_log(id->sms_log, phone, text);
}
