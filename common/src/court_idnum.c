/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Resident ID numbers under GB 11643-1999: six-digit address code, eight-digit birth date,
 * three-digit sequence (odd for men) and an ISO 7064 MOD 11-2 check character. The address code
 * is checked for a mainland province prefix and, for Zhejiang, against the region table, because
 * a number keeps the (possibly since abolished) code under which it was issued.
 */
#include "mc/court.h"

#include <string.h>

#define IDNUM_LEN 18

/* W_i = 2^(18-i) mod 11 for positions 1..17, as in id_check_algorithm.csv. */
static const int idnum_weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

/* Check character for each remainder S mod 11. */
static const char idnum_check_chars[] = "10X98765432";

/* The 31 mainland province-level codes of GB/T 2260. */
static const char *const mainland_provinces[] = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
};

/* Address codes of residence permits for HK, Macau and Taiwan residents (2018). */
static const char *const permit_regions[] = {"810000", "820000", "830000"};

const char *mc_idnum_strerror(int err)
{
    static const char *const reasons[] = {
        "ok", "arg", "length", "chars", "lowercase_x", "region", "date", "check",
    };

    if (err < 0 || (size_t)err >= sizeof reasons / sizeof reasons[0])
        return "unknown";
    return reasons[err];
}

/* Length of the white space (ASCII or U+3000 ideographic space) at s, 0 if none. */
static size_t space_len(const char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        return 1;
    if (s[0] == '\xE3' && s[1] == '\x80' && s[2] == '\x80')
        return 3;
    return 0;
}

/* Maps a full-width digit, Ｘ or ｘ at s (3 UTF-8 bytes) to ASCII; 0 when s is not one. */
static char fullwidth_char(const unsigned char *s)
{
    if (s[0] != 0xEF)
        return 0;
    if (s[1] == 0xBC && s[2] >= 0x90 && s[2] <= 0x99)
        return (char)('0' + (s[2] - 0x90));
    if ((s[1] == 0xBC && s[2] == 0xB8) || (s[1] == 0xBD && s[2] == 0x98))
        return 'X';
    return 0;
}

int mc_idnum_normalize(const char *input, char out[19])
{
    const char *p, *end;
    size_t n = 0;

    if (input == NULL || out == NULL)
        return MC_IDNUM_E_ARG;
    p = input;
    end = input + strlen(input);
    while (p < end && space_len(p) > 0)
        p += space_len(p);
    while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
        end--;
    while (end - p >= 3 && memcmp(end - 3, "\xE3\x80\x80", 3) == 0)
        end -= 3;

    while (p < end) {
        char c = end - p >= 3 ? fullwidth_char((const unsigned char *)p) : 0;

        if (n == IDNUM_LEN)
            return MC_IDNUM_E_LENGTH;
        if (c != 0) {
            p += 3;
        } else {
            c = *p == 'x' ? 'X' : *p;
            p++;
        }
        out[n++] = c;
    }
    out[n] = '\0';
    return n == IDNUM_LEN ? MC_IDNUM_OK : MC_IDNUM_E_LENGTH;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (s[k] < '0' || s[k] > '9')
            return false;
    }
    return true;
}

int mc_idnum_check_char(const char *body17, char *out_check)
{
    int sum = 0;

    if (body17 == NULL || out_check == NULL)
        return MC_IDNUM_E_ARG;
    if (strnlen(body17, 17) < 17 || !all_digits(body17, 17))
        return MC_IDNUM_E_CHARS;
    for (size_t k = 0; k < 17; k++)
        sum += (body17[k] - '0') * idnum_weights[k];
    *out_check = idnum_check_chars[sum % 11];
    return MC_IDNUM_OK;
}

int mc_idnum_upgrade15(const char *id15, char out[19])
{
    char check;

    if (id15 == NULL || out == NULL)
        return MC_IDNUM_E_ARG;
    if (strlen(id15) != 15)
        return MC_IDNUM_E_LENGTH;
    if (!all_digits(id15, 15))
        return MC_IDNUM_E_CHARS;

    /* First-generation numbers carry a two-digit year in the 1900s. */
    memcpy(out, id15, 6);
    memcpy(out + 6, "19", 2);
    memcpy(out + 8, id15 + 6, 9);
    if (mc_idnum_check_char(out, &check) != MC_IDNUM_OK)
        return MC_IDNUM_E_CHARS;
    out[17] = check;
    out[18] = '\0';
    return MC_IDNUM_OK;
}

static int check_chars(const char *id)
{
    if (!all_digits(id, 17))
        return MC_IDNUM_E_CHARS;
    if (id[17] == 'x')
        return MC_IDNUM_E_LOWERCASE_X;
    if (id[17] != 'X' && (id[17] < '0' || id[17] > '9'))
        return MC_IDNUM_E_CHARS;
    return MC_IDNUM_OK;
}

static int check_region(const char *region, unsigned flags, const struct mc_court_tables *t)
{
    const struct mc_region *r;

    if (flags & MC_IDNUM_F_RESIDENCE_PERMIT) {
        for (size_t k = 0; k < sizeof permit_regions / sizeof permit_regions[0]; k++) {
            if (strcmp(region, permit_regions[k]) == 0)
                return MC_IDNUM_OK;
        }
    }
    for (size_t k = 0; k < sizeof mainland_provinces / sizeof mainland_provinces[0]; k++) {
        if (strncmp(region, mainland_provinces[k], 2) != 0)
            continue;
        if (t == NULL || strncmp(region, "33", 2) != 0)
            return MC_IDNUM_OK;
        return mc_region_find(t, region, &r) == MC_COURT_OK ? MC_IDNUM_OK : MC_IDNUM_E_REGION;
    }
    return MC_IDNUM_E_REGION;
}

static int digits_value(const char *s, size_t n)
{
    int v = 0;

    for (size_t k = 0; k < n; k++)
        v = v * 10 + (s[k] - '0');
    return v;
}

/* Validates an 18-character candidate; fills info on success. */
static int validate_fixed(const char *id, unsigned flags, const struct mc_court_tables *t,
                          struct mc_date today, struct mc_idnum_info *info)
{
    char check;
    int rc = check_chars(id);

    if (rc != MC_IDNUM_OK)
        return rc;
    memcpy(info->region, id, 6);
    info->region[6] = '\0';
    rc = check_region(info->region, flags, t);
    if (rc != MC_IDNUM_OK)
        return rc;

    info->birth.y = digits_value(id + 6, 4);
    info->birth.m = digits_value(id + 10, 2);
    info->birth.d = digits_value(id + 12, 2);
    if (!mc_date_is_valid(info->birth) || mc_date_cmp(info->birth, today) > 0)
        return MC_IDNUM_E_DATE;

    if (mc_idnum_check_char(id, &check) != MC_IDNUM_OK || check != id[17])
        return MC_IDNUM_E_CHECK;
    info->sequence = digits_value(id + 14, 3);
    info->is_male = info->sequence % 2 == 1;
    memcpy(info->number, id, IDNUM_LEN + 1);
    return MC_IDNUM_OK;
}

int mc_idnum_validate(const char *input, unsigned flags, const struct mc_court_tables *tables,
                      struct mc_date today, struct mc_idnum_info *out_info)
{
    struct mc_idnum_info info;
    char id[IDNUM_LEN + 1];
    int rc;

    if (input == NULL || !mc_date_is_valid(today))
        return MC_IDNUM_E_ARG;
    if (flags & MC_IDNUM_F_NORMALIZE) {
        rc = mc_idnum_normalize(input, id);
        if (rc != MC_IDNUM_OK)
            return rc;
    } else {
        if (strlen(input) != IDNUM_LEN)
            return MC_IDNUM_E_LENGTH;
        memcpy(id, input, IDNUM_LEN + 1);
    }

    rc = validate_fixed(id, flags, tables, today, &info);
    if (rc == MC_IDNUM_OK && out_info != NULL)
        *out_info = info;
    return rc;
}
