/* SPDX-License-Identifier: Apache-2.0 */
/* Password and one-time-code sign-in, keys, staff accounts; shared helpers of the handlers. */
#include "identity.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#define OTP_MAX_ATTEMPTS 5

struct identity *identity_state(struct mc_req *req)
{
    return mc_service_user(req->svc);
}

static struct identity *state(struct mc_req *req)
{
    return identity_state(req);
}

/* A mainland mobile number: 11 digits starting with 1[3-9]. */
bool identity_is_phone(const char *s)
{
    if (strlen(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9')
        return false;
    for (int i = 2; i < 11; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

mc_status identity_check_id_number(struct mc_req *req, const char *idn)
{
    struct mc_date today = mc_date_today_shanghai(time(NULL));
    int rc = mc_idnum_validate(idn, 0, state(req)->tables, today, NULL);

    if (rc != MC_IDNUM_OK)
        return mc_reply_error(req, MC_E_INVALID, "invalid_id_number", "id_number",
                              "the ID number is not valid (%s)", mc_idnum_strerror(rc));
    return MC_OK;
}

mc_status identity_reply_token(struct mc_req *req, json_t *claims)
{
    const struct identity *id = state(req);
    long long now = (long long)time(NULL);
    unsigned char jti[16];
    char jti_hex[33];
    char *token;

    randombytes_buf(jti, sizeof jti);
    mc_hex_encode(jti, sizeof jti, jti_hex);
    json_object_set_new(claims, "iat", json_integer(now));
    json_object_set_new(claims, "exp", json_integer(now + id->token_ttl_s));
    json_object_set_new(claims, "jti", json_string(jti_hex));
    token = mc_token_sign(id->sk, claims);
    mc_reply_json_take(req, 201,
                       mc_json_xpack("{s:s, s:I, s:O}", "token", token, "expires_at",
                                     (json_int_t)(now + id->token_ttl_s), "claims", claims));
    free(token);
    json_decref(claims);
    return MC_OK;
}

mc_status identity_on_keys(struct mc_req *req)
{
    char hex[MC_TOKEN_PK_BYTES * 2 + 1];

    mc_hex_encode(state(req)->pk, MC_TOKEN_PK_BYTES, hex);
    mc_reply_json_take(req, 200, mc_json_xpack("{s:s, s:s}", "alg", "Ed25519", "public_key", hex));
    return MC_OK;
}

static const char *const staff_roles[] = {"clerk", "judge", "enforcement", "admin"};

mc_status identity_on_staff_create(struct mc_req *req)
{
    const char *user = mc_json_str(req->body, "username"), *pw = mc_json_str(req->body, "password");
    const char *role = mc_json_str(req->body, "role"),
               *court = mc_json_str(req->body, "court_code");
    char hash[crypto_pwhash_STRBYTES];
    const struct mc_court *c;
    bool is_role = false;
    mc_status st = MC_OK;
    PGresult *res;

    for (size_t i = 0; i < sizeof staff_roles / sizeof staff_roles[0]; i++)
        is_role = is_role || strcmp(role, staff_roles[i]) == 0;
    if (!is_role)
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", "role",
                              "role must be clerk, judge, enforcement or admin");
    if (mc_court_find(state(req)->tables, court, &c) != 0)
        return mc_reply_error(req, MC_E_INVALID, "unknown_court", "court_code",
                              "no court has the code %s", court);
    if (strlen(pw) < 10)
        return mc_reply_error(req, MC_E_INVALID, "weak_password", "password",
                              "the password needs at least 10 characters");
    if (crypto_pwhash_str(hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return mc_err_set(MC_E_INTERNAL, "password hashing ran out of memory");
    res = mc_db_exec(req->db, "staff_insert", 5,
                     (const char *[]){user, hash, role, court, mc_json_str(req->body, "name")});
    if (mc_db_ok(res, "insert staff", &st))
        mc_reply_json_take(req, 201,
                           mc_json_xpack("{s:s, s:s, s:s, s:s}", "id", PQgetvalue(res, 0, 0),
                                         "username", user, "role", role, "court_code", court));
    else if (st == MC_E_CONFLICT)
        mc_reply_error(req, st, "already_exists", "username", "the username is taken");
    PQclear(res);
    return st;
}

#define STAFF_MAX_FAILURES "5"
#define STAFF_LOCK_SECONDS "900"

/* Checks the password; an unknown username costs the same Argon2id work as a known one, so
 * timing does not tell which usernames exist. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
    if (crypto_pwhash_str(dummy_hash, "no such user", 12, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        dummy_hash[0] = '\0';
}

static bool is_password_ok(const PGresult *res, const char *pw)
{
    pthread_once(&dummy_once, make_dummy_hash);
    if (PQntuples(res) != 1) {
        bool is_dummy_ok = crypto_pwhash_str_verify(dummy_hash, pw, strlen(pw)) == 0;

        return is_dummy_ok && false;
    }
    return crypto_pwhash_str_verify(PQgetvalue(res, 0, 1), pw, strlen(pw)) == 0;
}

/* Five wrong passwords in a row lock the account for 15 minutes. */
static mc_status refuse_login(struct mc_req *req, const char *user, bool is_locked)
{
    const char *p[3] = {user, STAFF_MAX_FAILURES, STAFF_LOCK_SECONDS};

    if (!is_locked)
        PQclear(mc_db_exec(req->db, "staff_login_failed", 3, p));
    mc_log_warn(&req->log, "staff login refused", MC_KV_INT("locked", is_locked));
    if (is_locked)
        return mc_reply_error(req, MC_E_UNAUTH, "account_locked", NULL,
                              "too many wrong passwords; try again in 15 minutes");
    return mc_reply_error(req, MC_E_UNAUTH, "bad_credentials", NULL,
                          "the username or password is wrong");
}

static bool is_login_locked(struct mc_req *req, const char *user)
{
    PGresult *res = mc_db_exec(req->db, "login_locked", 1, (const char *[]){user});
    bool is_locked = PQresultStatus(res) == PGRES_TUPLES_OK && atoi(PQgetvalue(res, 0, 0)) > 0;

    PQclear(res);
    return is_locked;
}

mc_status identity_on_staff_login(struct mc_req *req)
{
    const char *user = mc_json_str(req->body, "username"), *pw = mc_json_str(req->body, "password");
    PGresult *res;
    mc_status st = MC_OK;

    if (is_login_locked(req, user))
        return refuse_login(req, user, true);
    res = mc_db_exec(req->db, "staff_by_username", 1, (const char *[]){user});
    if (!mc_db_ok(res, "find staff", &st)) {
        PQclear(res);
        return st;
    }
    if (!is_password_ok(res, pw)) {
        PQclear(res);
        return refuse_login(req, user, false);
    }
    PQclear(mc_db_exec(req->db, "staff_login_ok", 1, (const char *[]){user}));
    st = identity_reply_token(
        req, mc_json_xpack("{s:s, s:s, s:s, s:s, s:s}", "sub", PQgetvalue(res, 0, 0), "role",
                           PQgetvalue(res, 0, 2), "court", PQgetvalue(res, 0, 3), "name",
                           PQgetvalue(res, 0, 4), "username", user));
    PQclear(res);
    return st;
}

/* Internal: who a staff member is (by id or username), for assignment checks. */
mc_status identity_on_staff_get(struct mc_req *req)
{
    const char *key = mc_json_str(req->params, "id");
    PGresult *res;
    mc_status st = MC_OK;

    if (key == NULL)
        return mc_reply_error(req, MC_E_INVALID, "invalid_argument", "id", "id is required");
    res = mc_db_exec(req->db, "staff_get", 1, (const char *[]){key});
    if (mc_db_ok(res, "get staff", &st) && PQntuples(res) == 0)
        st = mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id", "no staff member %s", key);
    else if (st == MC_OK)
        mc_reply_json_take(req, 200,
                           mc_json_xpack("{s:s, s:s, s:s, s:s, s:s}", "id", PQgetvalue(res, 0, 0),
                                         "username", PQgetvalue(res, 0, 1), "role",
                                         PQgetvalue(res, 0, 2), "court_code", PQgetvalue(res, 0, 3),
                                         "name", PQgetvalue(res, 0, 4)));
    PQclear(res);
    return st;
}

/* Codes are stored as a keyed hash: a million guesses at a stolen table need the key too. */
static void hash_code(const struct identity *id, const char *idn, const char *code,
                      char out[IDENTITY_MAC_HEX])
{
    char *text = mc_xasprintf("%s:%s", idn, code);

    identity_mac(id, "otp", text, out);
    free(text);
}

static mc_status send_code(struct mc_req *req, const char *idn, const char *phone, const char *name)
{
    char code[8], hash[65], ttl[16], text[128], idn_mac[IDENTITY_MAC_HEX];
    char phone_mac[IDENTITY_MAC_HEX];
    mc_status st = MC_OK;
    PGresult *res;

    snprintf(code, sizeof code, "%06u", (unsigned)randombytes_uniform(1000000));
    hash_code(state(req), idn, code, hash);
    snprintf(ttl, sizeof ttl, "%lld", state(req)->otp_ttl_s);
    identity_mac(state(req), "idn", idn, idn_mac);
    identity_mac(state(req), "phone", phone, phone_mac);
    res =
        mc_db_exec(req->db, "otp_insert", 5, (const char *[]){idn_mac, phone_mac, name, hash, ttl});
    if (mc_db_ok(res, "insert otp", &st)) {
        snprintf(text, sizeof text, "【微法院】验证码 %s，%lld 分钟内有效。", code,
                 state(req)->otp_ttl_s / 60);
        st = identity_sms_send(state(req), phone, text);
    }
    if (st == MC_OK)
        st = mc_db_cmd(req->db, "COMMIT");
    if (st == MC_OK)
        mc_reply_json_take(
            req, 201, mc_json_xpack("{s:b, s:s}", "sent", 1, "expires_at", PQgetvalue(res, 0, 1)));
    PQclear(res);
    return st;
}

mc_status identity_on_otp_request(struct mc_req *req)
{
    const char *idn = mc_json_str(req->body, "id_number"), *phone = mc_json_str(req->body, "phone");
    char phone_mac[IDENTITY_MAC_HEX];
    PGresult *res;
    mc_status st = MC_OK;
    bool is_recent;

    if (identity_check_id_number(req, idn) != MC_OK)
        return MC_E_INVALID;
    if (!identity_is_phone(phone))
        return mc_reply_error(req, MC_E_INVALID, "invalid_phone", "phone",
                              "the phone must be an 11-digit mainland mobile number");
    identity_mac(state(req), "phone", phone, phone_mac);
    /* Count and insert under a per-phone lock, so parallel requests cannot all pass the count. */
    if ((st = mc_db_cmd(req->db, "BEGIN")) != MC_OK)
        return st;
    PQclear(mc_db_exec(req->db, "otp_lock", 1, (const char *[]){phone_mac}));
    res = mc_db_exec(req->db, "otp_recent", 1, (const char *[]){phone_mac});
    if (!mc_db_ok(res, "recent otp", &st)) {
        PQclear(res);
        return st;
    }
    is_recent = atoi(PQgetvalue(res, 0, 0)) >= 3;
    PQclear(res);
    if (is_recent)
        return mc_reply_error(req, MC_E_RATE_LIMITED, "too_many_requests", "phone",
                              "at most three codes a minute may go to one phone");
    return send_code(req, idn, phone, mc_json_str(req->body, "name"));
}

mc_status identity_check_code(struct mc_req *req, const char *idn, const char *phone,
                              const char *code)
{
    char hash[65], idn_mac[IDENTITY_MAC_HEX], phone_mac[IDENTITY_MAC_HEX];
    PGresult *res;
    const char *id;
    mc_status st = MC_OK;

    identity_mac(state(req), "idn", idn, idn_mac);
    identity_mac(state(req), "phone", phone, phone_mac);
    res = mc_db_exec(req->db, "otp_latest", 2, (const char *[]){idn_mac, phone_mac});
    if (!mc_db_ok(res, "find otp", &st))
        goto done;
    if (PQntuples(res) == 0 || strcmp(PQgetvalue(res, 0, 2), "t") != 0 ||
        strcmp(PQgetvalue(res, 0, 4), "t") == 0 ||
        atoi(PQgetvalue(res, 0, 3)) >= OTP_MAX_ATTEMPTS) {
        st = mc_reply_error(req, MC_E_UNAUTH, "code_expired", "code",
                            "no live code for this ID number and phone; ask for a new one");
        goto done;
    }
    id = PQgetvalue(res, 0, 0);
    hash_code(state(req), idn, code, hash);
    if (sodium_memcmp(hash, PQgetvalue(res, 0, 1), 64) != 0) {
        PQclear(mc_db_exec(req->db, "otp_attempt", 1, (const char *[]){id}));
        MC_IGNORE(mc_db_cmd(req->db, "COMMIT"));
        st = mc_reply_error(req, MC_E_UNAUTH, "bad_code", "code", "the code is wrong");
        goto done;
    }
    PQclear(mc_db_exec(req->db, "otp_use", 1, (const char *[]){id}));
done:
    PQclear(res);
    return st;
}

mc_status identity_litigant_upsert(struct mc_req *req, const char *idn, const char *name,
                                   const char *phone, const float *descriptor, char **out_id)
{
    const struct identity *id = state(req);
    char idn_mac[IDENTITY_MAC_HEX], phone_mac[IDENTITY_MAC_HEX];
    char *idn_ct = identity_seal(id, "litigants.id_number", idn, strlen(idn));
    char *phone_ct = identity_seal(id, "litigants.phone", phone, strlen(phone));
    char *face_ct =
        descriptor ? identity_seal(id, "litigants.face", descriptor, FACE_DESC_LEN * sizeof(float))
                   : NULL;
    mc_status st = MC_OK;
    PGresult *res;

    identity_mac(id, "idn", idn, idn_mac);
    identity_mac(id, "phone", phone, phone_mac);
    res = mc_db_exec(req->db, "litigant_upsert", 6,
                     (const char *[]){idn_mac, idn_ct, name, phone_mac, phone_ct, face_ct});
    if (mc_db_ok(res, "upsert litigant", &st))
        *out_id = mc_xstrdup(PQgetvalue(res, 0, 0));
    PQclear(res);
    free(idn_ct);
    free(phone_ct);
    free(face_ct);
    return st;
}

mc_status identity_registration_load(struct mc_req *req, const char *idn, struct registration *out)
{
    const struct identity *id = state(req);
    char idn_mac[IDENTITY_MAC_HEX];
    unsigned char *plain = NULL;
    size_t len = 0;
    PGresult *res;
    mc_status st = MC_OK;

    memset(out, 0, sizeof *out);
    identity_mac(id, "idn", idn, idn_mac);
    res = mc_db_exec(req->db, "litigant_registration", 1, (const char *[]){idn_mac});
    if (!mc_db_ok(res, "load registration", &st) || PQntuples(res) == 0)
        goto done;
    out->is_registered = true;
    snprintf(out->phone_mac, sizeof out->phone_mac, "%s", mc_db_val(res, 0, 1) ?: "");
    snprintf(out->name, sizeof out->name, "%s", PQgetvalue(res, 0, 2));
    if (mc_db_val(res, 0, 0) == NULL)
        goto done;
    st = identity_open(id, "litigants.face", PQgetvalue(res, 0, 0), &plain, &len);
    if (st == MC_OK && len == sizeof out->face) {
        memcpy(out->face, plain, len);
        out->has_face = true;
    }
    free(plain);
done:
    PQclear(res);
    return st;
}

bool identity_registration_phone_ok(struct mc_req *req, const struct registration *reg,
                                    const char *phone)
{
    char phone_mac[IDENTITY_MAC_HEX];

    if (!reg->is_registered || reg->phone_mac[0] == '\0')
        return true;
    identity_mac(state(req), "phone", phone, phone_mac);
    return strcmp(phone_mac, reg->phone_mac) == 0;
}

/* Name of the latest code for idn and phone (the name given when it was asked for). */
static char *otp_name(struct mc_req *req, const char *idn, const char *phone)
{
    char idn_mac[IDENTITY_MAC_HEX], phone_mac[IDENTITY_MAC_HEX];
    PGresult *res;
    char *name = NULL;

    identity_mac(state(req), "idn", idn, idn_mac);
    identity_mac(state(req), "phone", phone, phone_mac);
    res = mc_db_exec(req->db, "otp_latest", 2, (const char *[]){idn_mac, phone_mac});
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
        name = mc_xstrdup(PQgetvalue(res, 0, 5));
    PQclear(res);
    return name;
}

/* The name on record for idn, or NULL when it is not registered. owned: free. */
static char *registered_name(struct mc_req *req, const char *idn)
{
    struct registration reg;

    if (identity_registration_load(req, idn, &reg) != MC_OK || !reg.is_registered)
        return NULL;
    return mc_xstrdup(reg.name);
}

/*
 * An SMS code proves a phone, not a person. So the code signs in only the ID number that phone
 * is registered with; a new ID number registers by face sign-in (the ID photo against live
 * frames), unless IDENTITY_SMS_REGISTRATION=open (the embedded default for development).
 * Replies with the refusal.
 */
static mc_status check_phone_binding(struct mc_req *req, const char *idn, const char *phone)
{
    const struct identity *id = state(req);
    char idn_mac[IDENTITY_MAC_HEX], phone_mac[IDENTITY_MAC_HEX];
    PGresult *res;
    mc_status st = MC_OK;

    identity_mac(id, "idn", idn, idn_mac);
    identity_mac(id, "phone", phone, phone_mac);
    res = mc_db_exec(req->db, "litigant_binding", 1, (const char *[]){idn_mac});
    if (!mc_db_ok(res, "litigant binding", &st))
        goto done;
    if (PQntuples(res) == 0 && !id->is_sms_registration_open)
        st = mc_reply_error(req, MC_E_FORBIDDEN, "face_registration_required", "id_number",
                            "a new ID number registers by face sign-in first");
    else if (PQntuples(res) == 1 && !mc_db_val(res, 0, 0))
        st = MC_OK;
    else if (PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), phone_mac) != 0)
        st = mc_reply_error(req, MC_E_FORBIDDEN, "phone_mismatch", "phone",
                            "this ID number is registered with another phone; sign in by face "
                            "to change it");
done:
    PQclear(res);
    return st;
}

mc_status identity_on_litigant_login(struct mc_req *req)
{
    const char *idn = mc_json_str(req->body, "id_number"), *phone = mc_json_str(req->body, "phone");
    char *name = NULL, *sub = NULL;
    mc_status st;

    if (identity_check_id_number(req, idn) != MC_OK)
        return MC_E_INVALID;
    if ((st = mc_db_cmd(req->db, "BEGIN")) != MC_OK)
        return st;
    name = registered_name(req, idn);
    if (name == NULL)
        name = otp_name(req, idn, phone);
    /* The code first: only someone holding a code learns how the ID number is registered. */
    st = identity_check_code(req, idn, phone, mc_json_str(req->body, "code"));
    if (st == MC_OK)
        st = check_phone_binding(req, idn, phone);
    if (st == MC_OK)
        st = identity_litigant_upsert(req, idn, name ? name : "", phone, NULL, &sub);
    if (st == MC_OK)
        st = mc_db_cmd(req->db, "COMMIT");
    if (st == MC_OK)
        st = identity_reply_token(req, mc_json_xpack("{s:s, s:s, s:s, s:s}", "sub", sub, "role",
                                                     "litigant", "idn", idn, "name", name));
    free(sub);
    free(name);
    return st;
}
