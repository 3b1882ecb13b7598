/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The identity service: staff sign in with a password, litigants with their resident ID number,
 * phone and a one-time code, or by face (ID photo against live frames with a liveness challenge).
 * Tokens are signed here with an Ed25519 key; the gateway verifies them with the public key it
 * fetches from identity.keys. ID and phone numbers are sealed at rest under a data key. State is
 * shared by all worker threads and read-only after start.
 */
#ifndef MC_SERVICES_IDENTITY_IDENTITY_H
#define MC_SERVICES_IDENTITY_IDENTITY_H

#include <stdbool.h>

#include <sodium.h>

#include "face/face.h"
#include "mc/court.h"
#include "mc/svc.h"
#include "mc/token.h"

#define IDENTITY_KEY_BYTES 32
#define IDENTITY_MAC_HEX 65 /* keyed hash as hex + NUL */
#define IDENTITY_MAX_ACTIONS 4

struct identity {
    unsigned char pk[MC_TOKEN_PK_BYTES];
    unsigned char sk[MC_TOKEN_SK_BYTES];
    unsigned char enc_key[IDENTITY_KEY_BYTES]; /* AEAD key for data at rest */
    unsigned char mac_key[IDENTITY_KEY_BYTES]; /* keyed hash for lookups */
    struct mc_court_tables *tables;            /* for ID number region checks */
    struct face_engine *face;                  /* NULL: models missing, face routes answer 503 */
    const char *face_dir;
    const char *sms_url; /* NULL: write to sms_log */
    const char *sms_log;
    const char *db_url;
    long long token_ttl_s;
    long long otp_ttl_s;
    long long challenge_ttl_s;
    long long photo_retention_s;
    long long assertion_ttl_s;
    long long max_image_bytes;
    int n_actions;
    bool is_sms_registration_open; /* SMS alone may register a new ID number */
};

/* One measured frame or photo. */
struct identity_face {
    float descriptor[FACE_DESC_LEN];
    float mirror[FACE_DESC_LEN]; /* the descriptor of the picture flipped left to right */
    float yaw;
    float mouth_open;
    bool has_mirror;   /* mirror is set */
    bool has_geometry; /* yaw and mouth_open are measured (not for a stored reference) */
};

/* Liveness actions, in the order of their wire names. */
enum identity_action { ID_ACT_FRONT, ID_ACT_LEFT, ID_ACT_RIGHT, ID_ACT_MOUTH, ID_ACT_N };

extern const struct mc_route identity_routes[];
extern const size_t identity_n_routes;
extern const char *const identity_migrations[];
extern const int identity_n_migrations;
extern const struct mc_sql identity_stmts[];
extern const int identity_n_stmts;

/* The service state of a request. borrowed */
struct identity *identity_state(struct mc_req *req);

/* Sends a text message to phone; MC_E_UNAVAILABLE when the gateway or the log file fails. */
mc_status identity_sms_send(const struct identity *id, const char *phone,
                            const char *text) MC_MUSTCHECK;

/* --- data at rest (crypt.c) --- */

/* Loads the 32-byte data key (raw or 64 hex) from path, creating it (0600) when absent, and
 * derives the encryption and lookup keys into id. */
mc_status identity_data_key_load(struct identity *id, const char *path) MC_MUSTCHECK;

/* Keyed hash of a value (hex) for equality lookups; purpose separates columns. */
void identity_mac(const struct identity *id, const char *purpose, const char *value,
                  char out[IDENTITY_MAC_HEX]);

/* Seals len bytes for column ad as a PostgreSQL bytea hex literal ("\x..").
 * owned: caller frees. */
char *identity_seal(const struct identity *id, const char *ad, const void *data, size_t len);

/* Opens a bytea hex literal sealed by identity_seal. owned: *out (NUL-terminated), caller
 * frees. MC_E_INTERNAL when the value was tampered with or sealed under another key. */
mc_status identity_open(const struct identity *id, const char *ad, const char *hex,
                        unsigned char **out, size_t *out_len) MC_MUSTCHECK;

/* Starts a thread that seals the plaintext rows left by the first schema once migrations ran. */
void identity_backfill_start(struct identity *id);

/* --- shared handler helpers (handlers.c) --- */

/* Replies invalid_id_number unless idn is a valid resident ID number (strict: no lowercase x). */
mc_status identity_check_id_number(struct mc_req *req, const char *idn);

/* True for an 11-digit mainland mobile number. */
bool identity_is_phone(const char *s);

/* Checks the latest one-time code for idn and phone inside the caller's transaction and marks it
 * used. Replies code_expired or bad_code itself (a wrong code is counted and committed). */
mc_status identity_check_code(struct mc_req *req, const char *idn, const char *phone,
                              const char *code);

/* Upserts the litigant (sealed ID number and phone) inside the caller's transaction; *out_id
 * receives its id (owned). descriptor may be NULL (keeps the stored reference face). */
mc_status identity_litigant_upsert(struct mc_req *req, const char *idn, const char *name,
                                   const char *phone, const float *descriptor, char **out_id);

/* Signs a token for the claims and replies 201 with it. takes: claims. */
mc_status identity_reply_token(struct mc_req *req, json_t *claims);

/* --- liveness (liveness.c): pure functions --- */

/* Wire name of an action, or NULL. */
const char *identity_action_name(int action);

/* Action from its wire name, or -1. */
int identity_action_parse(const char *name);

/* Fills out[0..n) with a random challenge: face_front first, then distinct other actions. */
void identity_actions_draw(int *out, int n);

/*
 * Checks that frames[i] shows actions[i] relative to the face_front frame, and that no two
 * frames are the same picture. Returns NULL when live, else a constant reason; *out_frame is the
 * frame that fails its action, or -1.
 */
/* What is on record for an ID number: its reference face (sign-in by face registered it), the
 * keyed hash of its phone, and its name. */
struct registration {
    bool is_registered;
    bool has_face;
    float face[FACE_DESC_LEN];
    char phone_mac[IDENTITY_MAC_HEX];
    char name[128];
};

/* Loads the registration of idn (is_registered false when there is none). */
mc_status identity_registration_load(struct mc_req *req, const char *idn,
                                     struct registration *out) MC_MUSTCHECK;

/* True when phone is the one registered (or nothing is registered). */
bool identity_registration_phone_ok(struct mc_req *req, const struct registration *reg,
                                    const char *phone);

/*
 * Refuses frames that are the reference photo itself, re-encoded or flipped: a still of the ID
 * photo is not a live face. Returns NULL when every frame is a different picture, else a reason
 * and *out_frame (the frame at fault). borrowed: static reason.
 */
const char *identity_still_check(const struct identity_face *ref,
                                 const struct identity_face *frames, int n, int *out_frame);

const char *identity_liveness_check(const int *actions, const struct identity_face *frames, int n,
                                    int *out_frame);

/* --- face handlers (faceflow.c, verify.c) --- */

/* A decoded submission: the ID photo (or none) and one frame per action. */
struct submission {
    unsigned char *photo;
    size_t photo_len;
    unsigned char *frames[IDENTITY_MAX_ACTIONS];
    size_t frame_lens[IDENTITY_MAX_ACTIONS];
    int n_frames;
};

/* A challenge taken for a submission (all strings owned; NULL when absent). */
struct challenge {
    char id[37];
    char *purpose, *subject, *role, *name, *idn, *phone;
    int actions[IDENTITY_MAX_ACTIONS];
    int n_actions;
};

/* Decodes the body's photo_field (when not NULL) and its frames, replying invalid_argument or
 * image_too_large. On MC_OK s is owned: identity_submission_cleanup. */
mc_status identity_submission_decode(struct mc_req *req, const char *photo_field,
                                     struct submission *s);
void identity_submission_cleanup(struct submission *s);

/* Stores a challenge and replies 201 {challenge_id, actions, nonce, expires_at, ttl_s}.
 * idn, phone and name are NULL for a re-verification of subject (role). */
mc_status identity_challenge_issue(struct mc_req *req, const char *purpose, const char *subject,
                                   const char *role, const char *name, const char *idn,
                                   const char *phone);

/*
 * Inside the caller's transaction: locks the body's challenge_id, checks nonce, purpose, expiry
 * and single use and that there is one frame per action. Replies not_found, bad_nonce,
 * challenge_used, challenge_expired or invalid_argument itself. On MC_OK out is owned:
 * identity_challenge_cleanup.
 */
mc_status identity_challenge_take(struct mc_req *req, const char *purpose, int n_frames,
                                  struct challenge *out);

/* Marks the challenge used, inside the caller's transaction. */
mc_status identity_challenge_use(struct mc_req *req, const struct challenge *c);
void identity_challenge_cleanup(struct challenge *c);

/* Outcome of the face checks of a submission. */
struct face_outcome {
    enum face_verdict verdict; /* the worst frame */
    float max_distance;
    float distances[IDENTITY_MAX_ACTIONS];
    struct identity_face ref; /* the ID photo's face (or the enrolled reference) */
    const char *refusal;      /* stable code of a refusal, for the audit row; NULL when passed */
};

/*
 * Runs the face checks: the reference (the submission's photo, or ref when not NULL) against
 * every frame, then liveness. Replies the refusal itself (image codes, liveness_failed,
 * face_mismatch) and returns its status; on MC_OK out->verdict is MATCH or REVIEW.
 */
mc_status identity_face_check(struct mc_req *req, const struct challenge *c,
                              const struct submission *s, const float *ref,
                              struct face_outcome *out);

/* Records an outcome in verifications (best effort, outside any transaction). */
void identity_outcome_log(struct mc_req *req, const char *challenge_id, const char *outcome,
                          float max_distance);

/* Route handlers. */
mc_status identity_on_keys(struct mc_req *req);
mc_status identity_on_staff_create(struct mc_req *req);
mc_status identity_on_staff_get(struct mc_req *req);
mc_status identity_on_staff_login(struct mc_req *req);
mc_status identity_on_otp_request(struct mc_req *req);
mc_status identity_on_litigant_login(struct mc_req *req);
mc_status identity_on_challenge_create(struct mc_req *req);
mc_status identity_on_verification_submit(struct mc_req *req);
mc_status identity_on_review_list(struct mc_req *req);
mc_status identity_on_review_decide(struct mc_req *req);
mc_status identity_on_review_photo(struct mc_req *req);
mc_status identity_on_review_token(struct mc_req *req);
mc_status identity_on_reverify_challenge(struct mc_req *req);
mc_status identity_on_reverify(struct mc_req *req);
mc_status identity_on_assertion_verify(struct mc_req *req);
mc_status identity_on_staff_enroll_face(struct mc_req *req);
mc_status identity_on_session_revoke(struct mc_req *req);
mc_status identity_on_session_revoked(struct mc_req *req);

/* Decodes standard base64 text. owned: *out; false when it is not base64 or empty. */
bool identity_b64_decode(const char *text, unsigned char **out, size_t *out_len);

/*
 * Analyses one photo (field names it for the reply) and replies with the matching refusal
 * (not_image, image_too_large, no_face, many_faces, poor_quality) on failure.
 */
mc_status identity_analyze(struct mc_req *req, const char *field, const unsigned char *bytes,
                           size_t len, struct identity_face *out);

/* Replies 503 face_unavailable when the engine did not load. */
mc_status identity_face_ready(struct mc_req *req);

#endif
