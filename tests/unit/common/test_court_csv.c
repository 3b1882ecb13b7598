/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The RFC 4180 reader: quoting, doubled quotes, separators and newlines inside quotes, line
 * endings, UTF-8 passthrough, malformed input, and the module's error strings.
 */
#include "../../../common/src/court_csv.c"

#include "harness.h"

#define MAX_CELLS 32

/* Collected cells as "row:field=value", in order. */
struct collected {
    char cells[MAX_CELLS][64];
    size_t n_cells;
    size_t n_rows;
    size_t stop_at_row; /* return 99 on this row when non-zero */
};

static int on_row(void *ctx, size_t row, size_t n_fields, char *const *fields)
{
    struct collected *c = ctx;

    if (c->stop_at_row != 0 && row == c->stop_at_row)
        return 99;
    c->n_rows++;
    for (size_t k = 0; k < n_fields && c->n_cells < MAX_CELLS; k++)
        snprintf(c->cells[c->n_cells++], sizeof c->cells[0], "%zu:%zu=%s", row, k, fields[k]);
    return 0;
}

static int parse(const char *text, struct collected *c)
{
    memset(c, 0, sizeof *c);
    return mc_court_csv_parse(text, strlen(text), on_row, c);
}

static void test_plain_and_quoted(void)
{
    struct collected c;

    CHECK_INT(0, parse("a,b\n1,\"x, y\"\n", &c));
    CHECK_INT(2, c.n_rows);
    CHECK_INT(4, c.n_cells);
    CHECK_STR("0:0=a", c.cells[0]);
    CHECK_STR("1:1=x, y", c.cells[3]);

    CHECK_INT(0, parse("\"say \"\"hi\"\"\",\"\"\r\n", &c));
    CHECK_STR("0:0=say \"hi\"", c.cells[0]);
    CHECK_STR("0:1=", c.cells[1]);

    CHECK_INT(0, parse("\"line1\nline2\",z", &c));
    CHECK_INT(1, c.n_rows);
    CHECK_STR("0:0=line1\nline2", c.cells[0]);
    CHECK_STR("0:1=z", c.cells[1]);
}

static void test_empty_fields_and_endings(void)
{
    struct collected c;

    CHECK_INT(0, parse("a,,c,\n", &c));
    CHECK_INT(4, c.n_cells);
    CHECK_STR("0:3=", c.cells[3]);

    /* A trailing separator at end of input still yields the empty last field. */
    CHECK_INT(0, parse("a,", &c));
    CHECK_INT(2, c.n_cells);

    /* Blank lines are skipped; a missing final newline is fine; CR LF and LF mix. */
    CHECK_INT(0, parse("a\r\n\r\nb\n\nc", &c));
    CHECK_INT(3, c.n_rows);
    CHECK_STR("2:0=c", c.cells[2]);

    CHECK_INT(0, parse("", &c));
    CHECK_INT(0, c.n_rows);
}

static void test_utf8_and_bom(void)
{
    struct collected c;

    CHECK_INT(0, parse("\xEF\xBB\xBF"
                       "code,name\n浙0203,\"宁波市海曙区人民法院\"\n",
                       &c));
    CHECK_STR("0:0=code", c.cells[0]);
    CHECK_STR("1:0=浙0203", c.cells[2]);
    CHECK_STR("1:1=宁波市海曙区人民法院", c.cells[3]);

    /* Leading and trailing spaces are data, not trimmed. */
    CHECK_INT(0, parse(" 1 , 2\n", &c));
    CHECK_STR("0:0= 1 ", c.cells[0]);
}

static void test_malformed(void)
{
    struct collected c;

    CHECK_INT(MC_COURT_E_FORMAT, parse("\"unterminated\n", &c));
    CHECK_INT(MC_COURT_E_FORMAT, parse("\"closed\"junk,b\n", &c));
    CHECK_INT(MC_COURT_E_FORMAT, parse("ab\"c\n", &c));
    CHECK_INT(MC_COURT_E_INVALID, mc_court_csv_parse(NULL, 0, on_row, &c));
    CHECK_INT(MC_COURT_E_INVALID, mc_court_csv_parse("a", 1, NULL, &c));
    CHECK_INT(MC_COURT_E_INVALID, mc_court_csv_read(NULL, on_row, &c));
    CHECK_INT(MC_COURT_E_IO, mc_court_csv_read("/nonexistent/x.csv", on_row, &c));
}

static void test_callback_stops_parse(void)
{
    struct collected c;
    const char *text = "a\nb\nc\n";

    memset(&c, 0, sizeof c);
    c.stop_at_row = 1;
    CHECK_INT(99, mc_court_csv_parse(text, strlen(text), on_row, &c));
    CHECK_INT(1, c.n_rows);
}

/* Every reference table parses with a constant number of fields per row. */
struct width {
    size_t n_header;
    size_t n_bad;
    size_t n_rows;
};

static int on_width(void *ctx, size_t row, size_t n_fields, char *const *fields)
{
    struct width *w = ctx;

    (void)fields;
    if (row == 0)
        w->n_header = n_fields;
    else if (n_fields != w->n_header)
        w->n_bad++;
    w->n_rows++;
    return 0;
}

static void test_reference_tables_parse(void)
{
    static const struct {
        const char *path;
        size_t rows;
    } files[] = {
        {"data/court_codes_zhejiang.csv", 111},   {"data/case_type_codes.csv", 52},
        {"data/causes_of_action_civil.csv", 121}, {"data/region_codes_zhejiang.csv", 247},
        {"data/id_number_vectors.csv", 19},       {"data/id_check_algorithm.csv", 33},
        {"data/litigation_fees.csv", 75},         {"data/procedure_deadlines.csv", 60},
    };

    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        struct width w = {0};

        CHECK_INT(0, mc_court_csv_read(files[k].path, on_width, &w));
        CHECK_INT(files[k].rows, w.n_rows);
        CHECK_INT(0, w.n_bad);
    }
}

static void test_strerror(void)
{
    CHECK_STR("ok", mc_court_strerror(MC_COURT_OK));
    CHECK_STR("not_found", mc_court_strerror(MC_COURT_E_NOT_FOUND));
    CHECK_STR("format", mc_court_strerror(MC_COURT_E_FORMAT));
    CHECK_STR("space", mc_court_strerror(MC_COURT_E_SPACE));
    CHECK_STR("unknown", mc_court_strerror(12345));
}

TH_MAIN(TH_CASE(test_plain_and_quoted), TH_CASE(test_empty_fields_and_endings),
        TH_CASE(test_utf8_and_bom), TH_CASE(test_malformed), TH_CASE(test_callback_stops_parse),
        TH_CASE(test_reference_tables_parse), TH_CASE(test_strerror))
