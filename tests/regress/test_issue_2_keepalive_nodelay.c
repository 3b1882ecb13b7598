/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Regression (issue 2): every request on a reused keep-alive connection took 44 ms, because the
 * gateway wrote headers and body separately with Nagle's algorithm on. Holds: civetweb starts
 * with tcp_nodelay=1 and keep-alive on, and a response leaves as one piece.
 */
#include "harness.h"

#include "../../services/gateway/auth.c"
#include "../../services/gateway/health.c"
#include "../../services/gateway/http_adapter.c"
#include "../../services/gateway/revoked.c"
#include "../../services/gateway/routes.c"

static const char *option(const char **opts, const char *name)
{
    for (int i = 0; opts[i]; i += 2)
        if (strcmp(opts[i], name) == 0)
            return opts[i + 1];
    return NULL;
}

static void test_options(void)
{
    const char **opts = gw_http_options("127.0.0.1:8080", "32");

    CHECK_STR("1", option(opts, "tcp_nodelay"));
    CHECK_STR("yes", option(opts, "enable_keep_alive"));
    CHECK_STR("127.0.0.1:8080", option(opts, "listening_ports"));
    CHECK_STR("32", option(opts, "num_threads"));
}

TH_MAIN(TH_CASE(test_options))
