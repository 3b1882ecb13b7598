/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Start-up pass that seals the ID and phone numbers written in plain text before migration 2.
 * It runs on its own thread and connection: it waits until the runtime has migrated (its
 * statements prepare only once the new columns exist), then works in batches of 100 rows.
 */
#include "identity.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const struct mc_sql identity_backfill_stmts[];
extern const int identity_n_backfill_stmts;

static mc_status seal_row(struct identity *id, struct mc_db *db, PGresult *rows, int r)
{
    const char *idn = mc_db_val(rows, r, 1), *phone = mc_db_val(rows, r, 2);
    char idn_mac[IDENTITY_MAC_HEX], phone_mac[IDENTITY_MAC_HEX];
    char *idn_ct, *phone_ct;
    mc_status st = MC_OK;
    PGresult *res;

    idn = idn ? idn : "";
    phone = phone ? phone : "";
    identity_mac(id, "idn", idn, idn_mac);
    identity_mac(id, "phone", phone, phone_mac);
    idn_ct = identity_seal(id, "litigants.id_number", idn, strlen(idn));
    phone_ct = identity_seal(id, "litigants.phone", phone, strlen(phone));
    res =
        mc_db_exec(db, "backfill_set", 5,
                   (const char *[]){PQgetvalue(rows, r, 0), idn_mac, idn_ct, phone_mac, phone_ct});
    if (!mc_db_ok(res, "seal litigant", &st))
        mc_log_warn(NULL, "backfill: row left in plain text",
                    MC_KV_STR("litigant", PQgetvalue(rows, r, 0)), MC_KV_STR("err", mc_err_text()));
    PQclear(res);
    free(idn_ct);
    free(phone_ct);
    return st;
}

static int seal_batch(struct identity *id, struct mc_db *db)
{
    PGresult *rows = mc_db_exec(db, "backfill_next", 0, NULL);
    mc_status st = MC_OK;
    int n = 0;

    if (mc_db_ok(rows, "backfill batch", &st))
        for (int r = 0; r < PQntuples(rows); r++)
            n += seal_row(id, db, rows, r) == MC_OK;
    PQclear(rows);
    return n;
}

static void *backfill_main(void *arg)
{
    struct identity *id = arg;
    struct mc_db db = {0};
    int total = 0, n;

    for (int attempt = 0; attempt < 300; attempt++) {
        if (mc_db_open(&db, id->db_url, identity_backfill_stmts, identity_n_backfill_stmts) ==
            MC_OK)
            break;
        mc_db_close(&db);
        sleep(1);
    }
    if (db.conn == NULL) {
        mc_log_warn(NULL, "backfill: database not ready; plain rows stay until the next start");
        return NULL;
    }
    while ((n = seal_batch(id, &db)) > 0)
        total += n;
    if (total > 0)
        mc_log_info(NULL, "backfill: sealed legacy litigant rows", MC_KV_INT("rows", total));
    mc_db_close(&db);
    return NULL;
}

void identity_backfill_start(struct identity *id)
{
    pthread_t t;

    if (pthread_create(&t, NULL, backfill_main, id) == 0)
        pthread_detach(t);
    else
        mc_log_warn(NULL, "backfill: cannot start its thread");
}
