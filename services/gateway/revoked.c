/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Revoked tokens. Identity records a sign-out and publishes evt.identity.token_revoked; the
 * gateway keeps the revoked token ids it heard of until each token would have expired anyway.
 * The set is loaded from identity.session.revoked when it is first needed and again every
 * minute, which also covers events published while the gateway was away. Request threads read
 * it under a mutex; revocations are few, so a plain array is enough.
 */
#include "gateway.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mc/bus.h"
#include "mc/json.h"
#include "mc/log.h"

#define RELOAD_S 60

struct revoked_entry {
    char jti[40];
    long long exp;
};

static struct {
    pthread_mutex_t lock;
    struct revoked_entry *items;
    size_t n, cap;
    long long loaded_at;
} set = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* Adds one id; drops expired ones on the way. Caller holds the lock. */
static void add_locked(const char *jti, long long exp, long long now)
{
    size_t w = 0;

    for (size_t i = 0; i < set.n; i++) {
        if (strcmp(set.items[i].jti, jti) == 0)
            return;
        if (set.items[i].exp > now)
            set.items[w++] = set.items[i];
    }
    set.n = w;
    if (strlen(jti) >= sizeof set.items[0].jti || exp <= now)
        return;
    if (set.n == set.cap) {
        set.cap = set.cap ? set.cap * 2 : 64;
        set.items = mc_xrealloc(set.items, set.cap * sizeof *set.items);
    }
    strcpy(set.items[set.n].jti, jti);
    set.items[set.n].exp = exp;
    set.n++;
}

static void on_revoked_event(natsConnection *nc, natsSubscription *sub, natsMsg *msg, void *arg)
{
    json_t *ev = json_loadb(natsMsg_GetData(msg), natsMsg_GetDataLength(msg), 0, NULL);
    json_t *data = json_object_get(ev, "data");
    const char *jti = mc_json_str(data, "jti");

    (void)nc;
    (void)sub;
    (void)arg;
    if (jti) {
        pthread_mutex_lock(&set.lock);
        add_locked(jti, mc_json_int(data, "exp", 0), (long long)time(NULL));
        pthread_mutex_unlock(&set.lock);
    }
    json_decref(ev);
    natsMsg_Destroy(msg);
}

mc_status gw_revoked_start(struct gateway *gw)
{
    natsSubscription *sub = NULL;
    natsStatus s = natsConnection_Subscribe(&sub, gw->nc, "evt.identity.token_revoked",
                                            on_revoked_event, NULL);

    if (s != NATS_OK)
        return mc_err_set(MC_E_UNAVAILABLE, "subscribe to revocations: %s", natsStatus_GetText(s));
    gw->revoked_sub = sub;
    return MC_OK;
}

/* Loads the whole list from identity; keeps the old one when identity does not answer. */
static void reload(struct gateway *gw, long long now)
{
    struct mc_call c = {.subject = "identity.session.revoked", .timeout_ms = gw->timeout_ms};
    json_t *reply = NULL, *item;
    size_t i;

    if (mc_bus_call_json(gw->nc, &c, NULL, &reply, NULL) != MC_OK) {
        mc_log_warn(NULL, "revocation list not loaded", MC_KV_STR("err", mc_err_text()));
        return;
    }
    pthread_mutex_lock(&set.lock);
    json_array_foreach(json_object_get(reply, "items"), i, item) add_locked(
        mc_json_str(item, "jti") ? mc_json_str(item, "jti") : "", mc_json_int(item, "exp", 0), now);
    set.loaded_at = now;
    pthread_mutex_unlock(&set.lock);
    json_decref(reply);
}

bool gw_revoked_has(struct gateway *gw, const char *jti)
{
    long long now = (long long)time(NULL);
    bool is_due, is_revoked = false;

    pthread_mutex_lock(&set.lock);
    is_due = now - set.loaded_at >= RELOAD_S;
    if (is_due)
        set.loaded_at = now; /* one thread reloads; the others use the current set */
    pthread_mutex_unlock(&set.lock);
    if (is_due)
        reload(gw, now);
    pthread_mutex_lock(&set.lock);
    for (size_t i = 0; jti && i < set.n && !is_revoked; i++)
        is_revoked = set.items[i].exp > now && strcmp(set.items[i].jti, jti) == 0;
    pthread_mutex_unlock(&set.lock);
    return is_revoked;
}
