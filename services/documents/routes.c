/* SPDX-License-Identifier: Apache-2.0 */
/* The subjects documents serves, each with the field table its body is checked against. */
#include "documents.h"

/* content_base64 of a 6 MiB file is 8 MiB; NATS refuses larger messages anyway. */
static const struct mc_field create_fields[] = {
    {"case_id", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 64},
    {"kind", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 32},
    {"title", MC_J_STRING, 0, DOCUMENTS_MAX_TITLE},
    {"content_type", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 128},
    {"content_base64", MC_J_STRING, MC_F_REQUIRED | MC_F_NONEMPTY, 8 * 1024 * 1024 + 4},
};

static const struct mc_field service_fields[] = {
    {"documents", MC_J_ARRAY, MC_F_REQUIRED | MC_F_NONEMPTY, DOCUMENTS_MAX_SERVED},
    {"recipients", MC_J_ARRAY, MC_F_REQUIRED | MC_F_NONEMPTY, DOCUMENTS_MAX_RECIPIENTS},
};

const struct mc_route documents_routes[] = {
    {"documents.upload", documents_on_upload, NULL, 0, MC_ROUTE_RAW | MC_ROUTE_IDEMPOTENT},
    {"documents.create", documents_on_create, MC_FIELDS(create_fields), 0},
    {"documents.get", documents_on_get, NULL, 0, 0},
    {"documents.list", documents_on_list, NULL, 0, 0},
    {"documents.content", documents_on_content, NULL, 0, 0},
    {"documents.service.create", documents_on_service_create, MC_FIELDS(service_fields),
     MC_ROUTE_IDEMPOTENT},
    {"documents.service.get", documents_on_service_get, NULL, 0, 0},
    {"documents.service.receipt", documents_on_service_receipt, NULL, 0, MC_ROUTE_IDEMPOTENT},
};
const size_t documents_n_routes = sizeof documents_routes / sizeof documents_routes[0];
