/* SPDX-License-Identifier: Apache-2.0 */
/* The subjects of the identity service and the body each one accepts. */
#include "identity.h"

#define B64_IMAGE_MAX (8LL * 1024 * 1024) /* base64 text; decoded size is checked per image */

static const struct mc_field staff_create_fields[] = {
    {"username", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 64},
    {"password", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 256},
    {"role", MC_J_STRING, MC_F_REQUIRED, 16},
    {"court_code", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 32},
    {"name", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 64},
};
static const struct mc_field staff_login_fields[] = {
    {"username", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 64},
    {"password", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 256},
};
static const struct mc_field otp_fields[] = {
    {"name", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 64},
    {"id_number", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 32},
    {"phone", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 20},
};
static const struct mc_field login_fields[] = {
    {"id_number", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 32},
    {"phone", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 20},
    {"code", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 8},
};

static const struct mc_field challenge_fields[] = {
    {"name", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 64},
    {"id_number", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 32},
    {"phone", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 20},
};
static const struct mc_field submit_fields[] = {
    {"challenge_id", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 64},
    {"nonce", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 64},
    {"id_photo", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, B64_IMAGE_MAX},
    {"frames", MC_J_ARRAY, MC_F_REQUIRED | MC_F_NONEMPTY, IDENTITY_MAX_ACTIONS},
    {"phone_code", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 8},
};
static const struct mc_field reverify_fields[] = {
    {"challenge_id", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 64},
    {"nonce", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 64},
    {"frames", MC_J_ARRAY, MC_F_REQUIRED | MC_F_NONEMPTY, IDENTITY_MAX_ACTIONS},
};
static const struct mc_field decide_fields[] = {
    {"decision", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 16},
    {"reason", MC_J_STRING, 0, 500},
};
static const struct mc_field collect_fields[] = {
    {"secret", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 64},
};
static const struct mc_field assertion_fields[] = {
    {"assertion", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 4096},
    {"document_id", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 64},
};
static const struct mc_field enroll_fields[] = {
    {"staff", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 64},
    {"photo", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, B64_IMAGE_MAX},
};
static const struct mc_field revoke_fields[] = {
    {"jti", MC_J_STRING, MC_F_NONEMPTY, 64},
};

const struct mc_route identity_routes[] = {
    {"identity.keys", identity_on_keys, NULL, 0, 0},
    {"identity.staff.create", identity_on_staff_create, MC_FIELDS(staff_create_fields), 0},
    {"identity.staff.get", identity_on_staff_get, NULL, 0, 0},
    {"identity.staff.login", identity_on_staff_login, MC_FIELDS(staff_login_fields), 0},
    {"identity.staff.enroll_face", identity_on_staff_enroll_face, MC_FIELDS(enroll_fields), 0},
    {"identity.otp.request", identity_on_otp_request, MC_FIELDS(otp_fields), 0},
    {"identity.litigant.login", identity_on_litigant_login, MC_FIELDS(login_fields), 0},
    {"identity.challenge.create", identity_on_challenge_create, MC_FIELDS(challenge_fields), 0},
    {"identity.verification.submit", identity_on_verification_submit, MC_FIELDS(submit_fields), 0},
    {"identity.review.list", identity_on_review_list, NULL, 0, 0},
    {"identity.review.decide", identity_on_review_decide, MC_FIELDS(decide_fields), 0},
    {"identity.review.photo", identity_on_review_photo, NULL, 0, 0},
    {"identity.review.token", identity_on_review_token, MC_FIELDS(collect_fields), 0},
    {"identity.reverify.challenge", identity_on_reverify_challenge, NULL, 0, 0},
    {"identity.reverify", identity_on_reverify, MC_FIELDS(reverify_fields), 0},
    {"identity.assertion.verify", identity_on_assertion_verify, MC_FIELDS(assertion_fields), 0},
    {"identity.session.revoke", identity_on_session_revoke, MC_FIELDS(revoke_fields), 0},
    {"identity.session.revoked", identity_on_session_revoked, NULL, 0, 0},
};
const size_t identity_n_routes = sizeof identity_routes / sizeof identity_routes[0];
