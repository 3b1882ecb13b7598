/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The mediation agreement (调解协议) of a closed hearing as a PDF document, laid out with Pango on
 * a Cairo PDF surface (A4, CJK text through fontconfig). Pure: no NATS, no database. Any thread
 * may call hearings_agreement_render; calls are serialised inside because fontconfig and the
 * default Pango font map are shared process-wide.
 */
#ifndef MC_SERVICES_HEARINGS_AGREEMENT_H
#define MC_SERVICES_HEARINGS_AGREEMENT_H

#include <stddef.h>

#include "mc/status.h"

struct hearings_party {
    const char *role; /* plaintiff | defendant | third_party (anything else is printed as is) */
    const char *name;
};

struct hearings_agreement {
    const char *court_name; /* 浙江省宁波市海曙区人民法院, or the court code when unknown */
    const char *case_number; /* (2026)浙0203民初1号 */
    const struct hearings_party *parties;
    size_t n_parties;
    const char *text;       /* the agreed terms, UTF-8; paragraphs separated by newlines */
    const char *date;       /* the day it was reached, "YYYY-MM-DD" */
    const char *judge_name; /* presiding judge, may be NULL */
};

/* The Chinese name of a party role (原告, 被告, 第三人); borrowed: static, or role itself. */
const char *hearings_role_zh(const char *role);

/*
 * Renders the agreement. owned: *out_pdf (free), *out_len bytes. Returns MC_E_INVALID when a
 * required field is missing or not UTF-8, MC_E_INTERNAL when Cairo fails.
 */
mc_status hearings_agreement_render(const struct hearings_agreement *a, unsigned char **out_pdf,
                                    size_t *out_len) MC_MUSTCHECK;

#endif
