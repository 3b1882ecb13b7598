/* SPDX-License-Identifier: Apache-2.0 */
/*
 * microcourt-admin: operator commands sent to the services over NATS.
 *   microcourt-admin staff add --username U --password P --role clerk|judge|enforcement|admin
 *                              --court 浙0203 --name 姓名
 * Prints the service's JSON reply; exits 0 on success, 1 on a refusal, 2 on bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mc/bus.h"
#include "mc/cfg.h"
#include "mc/json.h"
#include "mc/log.h"

static const struct mc_cfg_entry admin_cfg[] = {
    {"NATS_URL", MC_CFG_STR, "nats://127.0.0.1:14222", false, false, 0, 0, "NATS server URL"},
};

static const struct {
    const char *flag, *field;
} staff_flags[] = {
    {"--username", "username"}, {"--password", "password"}, {"--role", "role"},
    {"--court", "court_code"},  {"--name", "name"},
};
#define N_STAFF_FLAGS (sizeof staff_flags / sizeof staff_flags[0])

static int usage(void)
{
    fprintf(stderr, "usage: microcourt-admin staff add --username U --password P "
                    "--role clerk|judge|enforcement|admin --court CODE --name NAME\n");
    return 2;
}

static json_t *parse_staff(int argc, char **argv)
{
    json_t *body = json_object();

    for (int i = 3; i + 1 < argc; i += 2) {
        size_t k = 0;

        while (k < N_STAFF_FLAGS && strcmp(argv[i], staff_flags[k].flag) != 0)
            k++;
        if (k == N_STAFF_FLAGS) {
            json_decref(body);
            return NULL;
        }
        json_object_set_new(body, staff_flags[k].field, json_string(argv[i + 1]));
    }
    if (json_object_size(body) != N_STAFF_FLAGS) {
        json_decref(body);
        return NULL;
    }
    return body;
}

int main(int argc, char **argv)
{
    struct mc_call call = {.subject = "identity.staff.create", .timeout_ms = 5000};
    natsConnection *nc = NULL;
    json_t *body, *reply = NULL;
    struct mc_cfg cfg;
    char *code = NULL, *text;
    mc_status st;

    if (mc_cfg_load(admin_cfg, 1, &cfg) != MC_OK)
        return 2;
    mc_log_setup("admin", "warn", "text");
    if (argc < 3 || strcmp(argv[1], "staff") != 0 || strcmp(argv[2], "add") != 0 ||
        (body = parse_staff(argc, argv)) == NULL)
        return usage();
    st = mc_bus_connect(mc_cfg_str(&cfg, "NATS_URL"), "microcourt-admin", false, &nc);
    if (st == MC_OK)
        st = mc_bus_call_json(nc, &call, body, &reply, &code);
    json_decref(body);
    natsConnection_Destroy(nc);
    if (st != MC_OK) {
        fprintf(stderr, "microcourt-admin: %s: %s\n", code ? code : mc_status_code(st),
                mc_err_text());
        free(code);
        return 1;
    }
    text = json_dumps(reply, JSON_INDENT(2) | JSON_ENSURE_ASCII * 0);
    printf("%s\n", text);
    free(text);
    json_decref(reply);
    return 0;
}
