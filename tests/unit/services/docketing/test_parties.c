/* SPDX-License-Identifier: Apache-2.0 */
/* Unified social credit codes (GB 32100-2015). */
#include "harness.h"

#include "../../../../services/docketing/parties.c"

static void test_uscc(void)
{
    /* Check characters worked out by hand with the GB 32100 weights (mod 31). */
    CHECK(docketing_is_uscc("91110000802100433B"));
    CHECK(docketing_is_uscc("91330000MA27U0QF74"));
    CHECK(docketing_is_uscc("911100001000064211"));
    CHECK(!docketing_is_uscc("91330000MA27U0QF7L"));
    CHECK(!docketing_is_uscc("91110000802100433C"));
    CHECK(!docketing_is_uscc("9111000080210043"));
    CHECK(!docketing_is_uscc("91110000802100433b"));
    CHECK(!docketing_is_uscc("I1110000802100433B"));
    CHECK(!docketing_is_uscc(NULL));
}

TH_MAIN(TH_CASE(test_uscc))
