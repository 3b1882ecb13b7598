/* SPDX-License-Identifier: Apache-2.0 */
/* The subjects signatures serves, the public key, and the look-ups every handler starts with. */
#include "signatures.h"

#include <stdio.h>
#include <stdlib.h>

/* Signing takes an empty body, {}, or a face assertion from identity.reverify. */
static const struct mc_field sign_fields[] = {
    {"face_assertion", MC_J_STRING, MC_F_NONEMPTY, 4096},
};

const struct mc_route signatures_routes[] = {
    {"signatures.sign", signatures_on_sign, MC_FIELDS(sign_fields), MC_ROUTE_IDEMPOTENT},
    {"signatures.list", signatures_on_list, NULL, 0, 0},
    {"signatures.key", signatures_on_key, NULL, 0, 0},
};
const size_t signatures_n_routes = sizeof signatures_routes / sizeof signatures_routes[0];

/* The public half of the court's key, so other court nodes can verify offline. */
mc_status signatures_on_key(struct mc_req *req)
{
    const struct signatures *s = mc_service_user(req->svc);
    char pk_hex[MC_TOKEN_PK_BYTES * 2 + 1];

    mc_hex_encode(s->pk, sizeof s->pk, pk_hex);
    mc_reply_json_take(req, 200,
                       mc_json_xpack("{s:s, s:s, s:s}", "alg", "Ed25519", "key_id", s->key_id,
                                     "public_key", pk_hex));
    return MC_OK;
}

/* Repeats another service's refusal to our caller; other failures go to the runtime. */
static mc_status pass_on(struct mc_req *req, mc_status st, char *code)
{
    char msg[256];

    if (st == MC_E_FORBIDDEN || st == MC_E_NOT_FOUND || st == MC_E_INVALID) {
        snprintf(msg, sizeof msg, "%s", mc_err_text());
        st = mc_reply_error(req, st, code, NULL, "%s", msg);
    }
    free(code);
    return st;
}

static mc_status call_by_id(struct mc_req *req, const char *subject, const char *id, json_t **out)
{
    json_t *params = mc_json_xpack("{s:s}", "id", id);
    char *code = NULL;
    mc_status st = mc_req_call(req, subject, params, NULL, out, &code);

    json_decref(params);
    if (st != MC_OK)
        return pass_on(req, st, code);
    free(code);
    return MC_OK;
}

mc_status signatures_load(struct mc_req *req, const char *document_id, json_t **out_doc,
                          json_t **out_case)
{
    json_t *doc = NULL, *c = NULL;
    const char *case_id;
    mc_status st;

    if (!mc_is_uuid(document_id))
        return mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id", "no document has this id");
    if ((st = call_by_id(req, "documents.get", document_id, &doc)) != MC_OK)
        return st;
    case_id = mc_json_str(doc, "case_id");
    if (case_id == NULL || mc_json_str(doc, "sha256") == NULL) {
        json_decref(doc);
        return mc_err_set(MC_E_INTERNAL, "documents.get replied without case_id or sha256");
    }
    if ((st = call_by_id(req, "docketing.case.access", case_id, &c)) != MC_OK) {
        json_decref(doc);
        return st;
    }
    *out_doc = doc;
    *out_case = c;
    return MC_OK;
}
