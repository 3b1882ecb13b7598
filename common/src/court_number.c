/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Case numbers under the SPC rules on case numbers (法〔2015〕137号, amended by 法〔2018〕335号):
 * (year) + court code + optional specialised-trial code + case-type code + sequence + 号.
 * A court code is a province abbreviation followed by no digits (high court), two digits
 * (intermediate or special court) or four digits (basic court); the SPC is 最高法.
 */
#include "mc/court.h"

#include <stdio.h>
#include <string.h>

#define CN_MIN_YEAR 1949
#define CN_MAX_SEQ 999999999u
#define CN_MAX_TYPE_CHARS 4

/* Province-level court abbreviations (Art.4 of the 2015 rules); 兵 is the XPCC. */
static const char *const province_abbrevs[] = {
    "京", "津", "冀", "晋", "蒙", "辽", "吉", "黑", "沪", "苏", "浙", "皖", "闽", "赣", "鲁", "豫",
    "鄂", "湘", "粤", "桂", "琼", "渝", "川", "贵", "云", "藏", "陕", "甘", "青", "宁", "新", "兵",
};

static const char supreme_court[] = "最高法";
static const char specialised_ip[] = "知";
static const char hao[] = "号";

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Byte length of a valid court code at the start of s, or 0. */
static size_t court_code_len(const char *s)
{
    size_t n = 0, digits = 0;

    if (strncmp(s, supreme_court, strlen(supreme_court)) == 0)
        return strlen(supreme_court);
    for (size_t k = 0; k < sizeof province_abbrevs / sizeof province_abbrevs[0]; k++) {
        if (strncmp(s, province_abbrevs[k], 3) == 0) {
            n = 3;
            break;
        }
    }
    if (n == 0)
        return 0;
    while (is_digit(s[n + digits]))
        digits++;
    return digits == 0 || digits == 2 || digits == 4 ? n + digits : 0;
}

/* True for the lead byte of a three-byte UTF-8 sequence in the CJK ideograph block. */
static bool is_cjk3(const char *s)
{
    unsigned char b0 = (unsigned char)s[0], b1 = (unsigned char)s[1];
    unsigned char b2 = b1 ? (unsigned char)s[2] : 0;

    return b0 >= 0xE4 && b0 <= 0xE9 && (b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80;
}

/* Byte length of a type code (1 to 4 CJK ideographs, not 号) at s, or 0. */
static size_t type_code_len(const char *s)
{
    size_t n = 0;
    int chars = 0;

    while (is_cjk3(s + n) && strncmp(s + n, hao, 3) != 0) {
        if (++chars > CN_MAX_TYPE_CHARS)
            return 0;
        n += 3;
    }
    return n;
}

/* Parses the "(year)" prefix in ASCII or full-width parentheses; returns bytes used or 0. */
static size_t parse_year(const char *s, int *out_year)
{
    static const char *const open[] = {"(", "（"};
    static const char *const close[] = {")", "）"};

    for (size_t k = 0; k < 2; k++) {
        size_t o = strlen(open[k]);

        if (strncmp(s, open[k], o) != 0)
            continue;
        for (size_t j = 0; j < 4; j++) {
            if (!is_digit(s[o + j]))
                return 0;
        }
        if (strncmp(s + o + 4, close[k], strlen(close[k])) != 0)
            return 0;
        *out_year =
            (s[o] - '0') * 1000 + (s[o + 1] - '0') * 100 + (s[o + 2] - '0') * 10 + (s[o + 3] - '0');
        return *out_year >= CN_MIN_YEAR ? o + 4 + strlen(close[k]) : 0;
    }
    return 0;
}

/* Parses "<seq>号" at the end of s: digits without a leading zero, then 号 and nothing else. */
static bool parse_seq(const char *s, uint32_t *out_seq)
{
    uint64_t v = 0;
    size_t n = 0;

    if (s[0] == '0')
        return false;
    for (; is_digit(s[n]); n++) {
        v = v * 10 + (uint64_t)(s[n] - '0');
        if (v > CN_MAX_SEQ)
            return false;
    }
    if (n == 0 || strcmp(s + n, hao) != 0)
        return false;
    *out_seq = (uint32_t)v;
    return true;
}

/* Checks the parsed court and type against the tables. */
static int check_known(const struct mc_case_number *cn, const struct mc_court_tables *t)
{
    const struct mc_case_type *ct;
    const struct mc_court *court;

    if (mc_case_type_find(t, cn->type, &ct) != MC_COURT_OK || ct->is_obsolete ||
        ct->family == MC_CASE_FAMILY_SPECIALISED)
        return MC_COURT_E_NOT_FOUND;
    if (strncmp(cn->court, "浙", 3) == 0 && mc_court_find(t, cn->court, &court) != MC_COURT_OK)
        return MC_COURT_E_NOT_FOUND;
    return MC_COURT_OK;
}

int mc_case_number_parse(const char *s, const struct mc_court_tables *tables,
                         struct mc_case_number *out)
{
    struct mc_case_number cn = {0};
    size_t n, pos;

    if (s == NULL || out == NULL)
        return MC_COURT_E_INVALID;
    pos = parse_year(s, &cn.year);
    n = pos ? court_code_len(s + pos) : 0;
    if (n == 0)
        return MC_COURT_E_INVALID;
    memcpy(cn.court, s + pos, n);
    pos += n;

    /* 知 is a specialised-trial code only when a type code follows it. */
    n = strlen(specialised_ip);
    if (strncmp(s + pos, specialised_ip, n) == 0 && type_code_len(s + pos + n) > 0) {
        memcpy(cn.special, specialised_ip, n + 1);
        pos += n;
    }
    n = type_code_len(s + pos);
    if (n == 0 || !parse_seq(s + pos + n, &cn.seq))
        return MC_COURT_E_INVALID;
    memcpy(cn.type, s + pos, n);

    if (tables != NULL) {
        int rc = check_known(&cn, tables);

        if (rc != MC_COURT_OK)
            return rc;
    }
    *out = cn;
    return MC_COURT_OK;
}

static bool is_well_formed(const struct mc_case_number *cn)
{
    size_t court_len = strnlen(cn->court, sizeof cn->court);
    size_t type_len = strnlen(cn->type, sizeof cn->type);

    if (cn->year < CN_MIN_YEAR || cn->year > 9999 || cn->seq < 1 || cn->seq > CN_MAX_SEQ)
        return false;
    if (court_len == sizeof cn->court || court_code_len(cn->court) != court_len || court_len == 0)
        return false;
    if (cn->special[0] != '\0' && strncmp(cn->special, specialised_ip, sizeof cn->special) != 0)
        return false;
    return type_len < sizeof cn->type && type_len > 0 && type_code_len(cn->type) == type_len;
}

int mc_case_number_format(const struct mc_case_number *cn, unsigned flags, char *buf,
                          size_t buf_len)
{
    bool is_fullwidth = (flags & MC_CASE_NUMBER_F_FULLWIDTH) != 0;
    int n;

    if (cn == NULL || buf == NULL || (flags & ~(unsigned)MC_CASE_NUMBER_F_FULLWIDTH) != 0)
        return MC_COURT_E_INVALID;
    if (!is_well_formed(cn))
        return MC_COURT_E_INVALID;
    n = snprintf(buf, buf_len, "%s%04d%s%s%s%s%u%s", is_fullwidth ? "（" : "(", cn->year,
                 is_fullwidth ? "）" : ")", cn->court, cn->special, cn->type, (unsigned)cn->seq,
                 hao);
    if (n < 0)
        return MC_COURT_E_INVALID;
    if ((size_t)n >= buf_len)
        return MC_COURT_E_SPACE;
    return n;
}
