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

/* Regression (issue 2): names made only of invisible characters were accepted. */
static void test_names(void)
{
    CHECK(is_name_ok("陈明"));
    CHECK(is_name_ok("Zhang San"));
    CHECK(is_name_ok("阿卜杜拉·买买提"));
    CHECK(!is_name_ok(""));
    CHECK(!is_name_ok("   "));
    CHECK(!is_name_ok("\xe2\x80\x8b\xe2\x80\x8b"));
    CHECK(!is_name_ok("\xe3\x80\x80"));
    CHECK(!is_name_ok("\xef\xbb\xbf"));
    CHECK(!is_name_ok("陈\n明"));
    CHECK(!is_name_ok("a\x7f"));
}

TH_MAIN(TH_CASE(test_uscc), TH_CASE(test_names))
