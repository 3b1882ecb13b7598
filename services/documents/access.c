/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Who may touch a case is docketing's decision: every handler asks docketing.case.access with
 * the caller's own claims and passes a refusal on unchanged, so documents never holds a second
 * copy of the rules about courts and parties.
 */
#include "documents.h"

#include <string.h>

mc_status documents_case_access(struct mc_req *req, const char *case_id, json_t **out_case)
{
    json_t *params, *c = NULL;
    mc_status st;

    if (!mc_is_uuid(case_id))
        return mc_reply_error(req, MC_E_NOT_FOUND, NULL, "id", "no case has this id");
    params = mc_json_xpack("{s:s}", "id", case_id);
    st = mc_req_call(req, "docketing.case.access", params, NULL, &c, NULL);
    json_decref(params);
    if (st != MC_OK)
        return st; /* the runtime replies with docketing's message and status */
    *out_case = c;
    return MC_OK;
}

const char *documents_party_of(const json_t *c, const char *idn)
{
    size_t i;
    json_t *p;

    if (idn == NULL)
        return NULL;
    json_array_foreach(json_object_get(c, "parties"), i, p)
    {
        const char *pidn = mc_json_str(p, "id_number");

        if (pidn && strcmp(pidn, idn) == 0)
            return mc_json_str(p, "party_id");
    }
    return NULL;
}
