/* SPDX-License-Identifier: Apache-2.0 */
/* Reading documents: their description, the list of a case's documents, and their bytes. */
#include "documents.h"

#include <string.h>

/* Loads a document's description and checks that the caller may see its case. owned: *out_doc. */
static mc_status load_document(struct mc_req *req, const char *id, json_t **out_doc)
{
    PGresult *res;
    json_t *doc, *c = NULL;
    mc_status st = MC_OK;

    if (!mc_is_uuid(id))
        return mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id", "no document has this id");
    res = mc_db_exec(req->db, "doc_get", 1, (const char *[]){id});
    if (!mc_db_ok(res, "get document", &st) || PQntuples(res) == 0) {
        PQclear(res);
        if (st != MC_OK)
            return st;
        return mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id", "no document has this id");
    }
    doc = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
    PQclear(res);
    if (doc == NULL)
        return mc_err_set(MC_E_INTERNAL, "document row is not JSON");
    if ((st = documents_case_access(req, mc_json_str(doc, "case_id"), &c)) != MC_OK) {
        json_decref(doc);
        return st;
    }
    json_decref(c);
    *out_doc = doc;
    return MC_OK;
}

mc_status documents_on_get(struct mc_req *req)
{
    json_t *doc = NULL;
    mc_status st = load_document(req, mc_json_str(req->params, "id"), &doc);

    if (st == MC_OK)
        mc_reply_json_take(req, 200, doc);
    return st;
}

mc_status documents_on_list(struct mc_req *req)
{
    const char *case_id = mc_json_str(req->params, "id"), *kind = mc_json_str(req->params, "kind");
    json_t *c = NULL, *items;
    PGresult *res;
    mc_status st = documents_case_access(req, case_id, &c);

    if (st != MC_OK)
        return st;
    json_decref(c);
    if (kind && !documents_is_kind(kind, true))
        return mc_reply_error(req, MC_E_INVALID, NULL, "kind", "unknown document kind");
    res = mc_db_exec(req->db, "doc_list", 2, (const char *[]){case_id, kind});
    if (mc_db_ok(res, "list documents", &st)) {
        items = json_array();
        for (int r = 0; r < PQntuples(res); r++) {
            json_t *doc = json_loads(PQgetvalue(res, r, 0), 0, NULL);

            if (doc)
                json_array_append_new(items, doc);
        }
        mc_reply_json_take(req, 200, mc_json_xpack("{s:o}", "items", items));
    }
    PQclear(res);
    return st;
}

/* The bytes of a document, with their content type, after the same access check as get. */
mc_status documents_on_content(struct mc_req *req)
{
    const char *id = mc_json_str(req->params, "id");
    json_t *doc = NULL;
    PGresult *res;
    unsigned char *bytes;
    size_t len = 0;
    mc_status st = load_document(req, id, &doc);

    if (st != MC_OK)
        return st;
    json_decref(doc);
    res = mc_db_exec(req->db, "doc_content", 1, (const char *[]){id});
    if (!mc_db_ok(res, "get content", &st) || PQntuples(res) == 0) {
        PQclear(res);
        return st != MC_OK ? st : mc_err_set(MC_E_INTERNAL, "document vanished");
    }
    bytes = PQunescapeBytea((const unsigned char *)PQgetvalue(res, 0, 2), &len);
    if (bytes == NULL) {
        PQclear(res);
        return mc_err_set(MC_E_INTERNAL, "cannot decode document content");
    }
    mc_reply_raw(req, 200, PQgetvalue(res, 0, 1), bytes, len);
    PQfreemem(bytes);
    PQclear(res);
    return MC_OK;
}
