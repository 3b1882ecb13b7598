/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Reference tables: every row of the court, case-type, cause and region tables is found by its
 * lookup with the right fields; the named periods match procedure_deadlines.csv; broken table
 * directories fail to load.
 */
#include "../../../common/src/court_csv.c"
#include "../../../common/src/court_tables.c"

#include "harness.h"

#include <sys/stat.h>
#include <unistd.h>

static struct mc_court_tables *tables;

static void load_tables(void)
{
    if (tables == NULL)
        CHECK_INT(0, mc_court_tables_load("data", &tables));
}

/* Row check against the CSV read independently of the loader. */
static int on_court_csv(void *ctx, size_t row, size_t n_fields, char *const *f)
{
    size_t *n = ctx;
    const struct mc_court *c = NULL;

    if (row == 0 || n_fields < 8)
        return 0;
    CHECK_INT(0, mc_court_find(tables, f[0], &c));
    if (c == NULL)
        return 0;
    CHECK_STR(f[1], c->name_zh);
    CHECK_STR(f[2], c->name_en);
    CHECK_STR(f[4], c->parent_code);
    CHECK_STR(f[5], c->region_code);
    CHECK(c->is_current == (strcmp(f[7], "current") == 0));
    CHECK(mc_court_at(tables, *n) == c);
    if (f[4][0] != '\0') {
        const struct mc_court *parent = NULL;

        CHECK_INT(0, mc_court_find(tables, f[4], &parent));
    }
    (*n)++;
    return 0;
}

static void test_courts(void)
{
    const struct mc_court *c = NULL;
    size_t n = 0;

    load_tables();
    CHECK_INT(0, mc_court_find(tables, "浙0203", &c));
    CHECK_STR("宁波市海曙区人民法院", c ? c->name_zh : NULL);
    CHECK_STR("浙02", c ? c->parent_code : NULL);
    CHECK_INT(MC_COURT_LEVEL_BASIC, c ? (int)c->level : -1);
    CHECK_INT(0, mc_court_find(tables, "浙", &c));
    CHECK_INT(MC_COURT_LEVEL_HIGH, c ? (int)c->level : -1);
    CHECK_INT(0, mc_court_find(tables, "浙0192", &c));
    CHECK_STR("杭州互联网法院", c ? c->name_zh : NULL);
    CHECK_INT(MC_COURT_LEVEL_SPECIAL, c ? (int)c->level : -1);
    CHECK_INT(0, mc_court_find(tables, "浙0103", &c));
    CHECK(c != NULL && !c->is_current);

    CHECK_INT(MC_COURT_E_NOT_FOUND, mc_court_find(tables, "浙9999", &c));
    CHECK_INT(MC_COURT_E_NOT_FOUND, mc_court_find(tables, "", &c));
    CHECK_INT(MC_COURT_E_INVALID, mc_court_find(tables, NULL, &c));
    CHECK_INT(MC_COURT_E_INVALID, mc_court_find(NULL, "浙", &c));

    CHECK_INT(110, mc_court_count(tables));
    CHECK(mc_court_at(tables, 110) == NULL);
    CHECK_INT(0, mc_court_csv_read("data/court_codes_zhejiang.csv", on_court_csv, &n));
    CHECK_INT(110, n);
}

static int on_type_csv(void *ctx, size_t row, size_t n_fields, char *const *f)
{
    size_t *n = ctx;
    const struct mc_case_type *ct = NULL;
    char code[64];
    char *marker;

    if (row == 0 || n_fields < 3)
        return 0;
    snprintf(code, sizeof code, "%s", f[0]);
    marker = strstr(code, "（");
    if (marker != NULL)
        *marker = '\0';
    CHECK_INT(0, mc_case_type_find(tables, code, &ct));
    CHECK_STR(f[1], ct ? ct->meaning_zh : NULL);
    CHECK(ct == NULL || ct->is_obsolete == (marker != NULL));
    CHECK(ct == NULL || ct->family != MC_CASE_FAMILY_OTHER);
    (*n)++;
    return 0;
}

static void check_family(const char *code, const char *family)
{
    const struct mc_case_type *ct = NULL;

    CHECK_INT(0, mc_case_type_find(tables, code, &ct));
    CHECK_STR(family, ct ? mc_case_family_name(ct->family) : NULL);
}

static void test_case_types(void)
{
    const struct mc_case_type *ct = NULL;
    size_t n = 0;

    load_tables();
    check_family("民初", "civil");
    check_family("民终", "civil");
    check_family("民诉前调", "civil");
    check_family("执", "enforcement");
    check_family("执异", "enforcement");
    check_family("行初", "administrative");
    check_family("行保", "preservation");
    check_family("财保", "preservation");
    check_family("破", "bankruptcy");
    check_family("协外认", "assistance");
    check_family("司救民", "judicial_aid");
    check_family("知", "specialised");
    CHECK_INT(0, mc_case_type_find(tables, "商初", &ct));
    CHECK(ct != NULL && ct->is_obsolete);
    CHECK_INT(MC_COURT_E_NOT_FOUND, mc_case_type_find(tables, "刑初", &ct));
    CHECK_STR("criminal", mc_case_family_name(MC_CASE_FAMILY_CRIMINAL));
    CHECK_STR("unknown", mc_case_family_name((enum mc_case_family)42));
    CHECK_INT(0, mc_court_csv_read("data/case_type_codes.csv", on_type_csv, &n));
    CHECK_INT(51, n);
}

static int on_cause_csv(void *ctx, size_t row, size_t n_fields, char *const *f)
{
    size_t *n = ctx;
    const struct mc_cause *c = NULL;

    if (row == 0 || n_fields < 5)
        return 0;
    CHECK_INT(0, mc_cause_find(tables, f[1], &c));
    CHECK_STR(f[1], c ? c->name_zh : NULL);
    CHECK(c == NULL || c->level >= atoi(f[4]));
    (*n)++;
    return 0;
}

static void test_causes(void)
{
    const struct mc_cause *c = NULL;
    size_t n = 0;

    load_tables();
    CHECK_INT(0, mc_cause_find(tables, "民间借贷纠纷", &c));
    CHECK_STR("103(3)", c ? c->number : NULL);
    CHECK_STR("103", c ? c->parent : NULL);
    CHECK_INT(4, c ? c->level : 0);

    /* A name used for a part and its group resolves to the group. */
    CHECK_INT(0, mc_cause_find(tables, "人格权纠纷", &c));
    CHECK_STR("一", c ? c->number : NULL);
    CHECK_INT(MC_COURT_E_NOT_FOUND, mc_cause_find(tables, "民间借贷", &c));
    CHECK_INT(MC_COURT_E_INVALID, mc_cause_find(tables, NULL, &c));
    CHECK_INT(0, mc_court_csv_read("data/causes_of_action_civil.csv", on_cause_csv, &n));
    CHECK_INT(120, n);
}

static int on_region_csv(void *ctx, size_t row, size_t n_fields, char *const *f)
{
    size_t *n_current = ctx;
    const struct mc_region *r = NULL;

    if (row == 0 || n_fields < 6)
        return 0;
    CHECK_INT(0, mc_region_find(tables, f[0], &r));
    CHECK_STR(f[1], r ? r->name_zh : NULL);
    if (r != NULL && r->is_current)
        (*n_current)++;
    return 0;
}

static void test_regions(void)
{
    const struct mc_region *r = NULL;
    size_t n_current = 0;

    load_tables();
    CHECK_INT(0, mc_region_find(tables, "330203", &r));
    CHECK_STR("海曙区", r ? r->name_zh : NULL);
    CHECK_INT(0, mc_region_find(tables, "330103", &r));
    CHECK(r != NULL && !r->is_current);
    CHECK_INT(MC_COURT_E_NOT_FOUND, mc_region_find(tables, "330199", &r));
    CHECK_INT(0, mc_court_csv_read("data/region_codes_zhejiang.csv", on_region_csv, &n_current));
    CHECK_INT(102, n_current);
}

static void check_period(enum mc_court_period p, int n, enum mc_period_unit unit,
                         const char *article)
{
    struct mc_period got = {0};

    CHECK_INT(0, mc_court_period_get(tables, p, &got));
    CHECK_INT(n, got.n);
    CHECK_INT(unit, got.unit);
    CHECK_STR(article, got.article);
}

static void test_periods(void)
{
    struct mc_period got;

    load_tables();
    check_period(MC_PERIOD_FILING_DECISION, 7, MC_UNIT_DAY, "CPL Art.126");
    check_period(MC_PERIOD_SERVE_COMPLAINT, 5, MC_UNIT_DAY, "CPL Art.128");
    check_period(MC_PERIOD_ANSWER, 15, MC_UNIT_DAY, "CPL Art.128");
    check_period(MC_PERIOD_ANSWER_FOREIGN, 30, MC_UNIT_DAY, "CPL Art.285");
    check_period(MC_PERIOD_EXTENSION_REQUEST, 10, MC_UNIT_DAY, "CPL Art.86");
    check_period(MC_PERIOD_APPEAL_JUDGMENT, 15, MC_UNIT_DAY, "CPL Art.171");
    check_period(MC_PERIOD_APPEAL_RULING, 10, MC_UNIT_DAY, "CPL Art.171");
    check_period(MC_PERIOD_ORDINARY_LIMIT, 6, MC_UNIT_MONTH, "CPL Art.152");
    check_period(MC_PERIOD_SUMMARY_LIMIT, 3, MC_UNIT_MONTH, "CPL Art.164");
    check_period(MC_PERIOD_SMALL_CLAIMS_LIMIT, 2, MC_UNIT_MONTH, "CPL Art.168");
    check_period(MC_PERIOD_SECOND_INSTANCE, 3, MC_UNIT_MONTH, "CPL Art.183");
    check_period(MC_PERIOD_RETRIAL_APPLICATION, 6, MC_UNIT_MONTH, "CPL Art.216");
    check_period(MC_PERIOD_PUBLIC_NOTICE, 30, MC_UNIT_DAY, "CPL Art.95");
    check_period(MC_PERIOD_JUDICIAL_CONFIRM, 30, MC_UNIT_DAY, "CPL Art.205");
    check_period(MC_PERIOD_PAYMENT_ORDER_ACCEPT, 5, MC_UNIT_DAY, "CPL Art.226");
    check_period(MC_PERIOD_ENFORCEMENT_APPLY, 2, MC_UNIT_YEAR, "CPL Art.250");
    check_period(MC_PERIOD_ENFORCEMENT_ESCALATE, 6, MC_UNIT_MONTH, "CPL Art.237");
    check_period(MC_PERIOD_FEE_PAYMENT, 7, MC_UNIT_DAY, "诉讼费用交纳办法 Art.22");
    check_period(MC_PERIOD_ONLINE_REGISTER, 3, MC_UNIT_DAY, "在线诉讼规则 Art.10");
    CHECK_INT(MC_COURT_E_INVALID, mc_court_period_get(tables, MC_PERIOD_COUNT, &got));
    CHECK_INT(MC_COURT_E_INVALID, mc_court_period_get(NULL, MC_PERIOD_ANSWER, &got));
}

/* Copies data/<name> to dir/<name>, replacing the first `from` with `to` when from is set. */
static void copy_table(const char *dir, const char *name, const char *from, const char *to)
{
    char src[256], dst[256], *buf = NULL, *hit;
    size_t len = 0;
    FILE *out;

    snprintf(src, sizeof src, "data/%s", name);
    snprintf(dst, sizeof dst, "%s/%s", dir, name);
    CHECK_INT(0, slurp_file(src, &buf, &len));
    out = fopen(dst, "wb");
    CHECK(out != NULL);
    if (buf == NULL || out == NULL)
        goto done;
    hit = from ? memmem(buf, len, from, strlen(from)) : NULL;
    if (hit == NULL) {
        fwrite(buf, 1, len, out);
    } else {
        fwrite(buf, 1, (size_t)(hit - buf), out);
        fputs(to, out);
        fwrite(hit + strlen(from), 1, len - (size_t)(hit - buf) - strlen(from), out);
    }
done:
    if (out != NULL)
        fclose(out);
    free(buf);
}

/* Builds a table directory with one edit and returns the load status. */
static int load_edited(const char *file, const char *from, const char *to)
{
    static const char *const names[] = {"court_codes_zhejiang.csv", "case_type_codes.csv",
                                        "causes_of_action_civil.csv", "region_codes_zhejiang.csv",
                                        "procedure_deadlines.csv"};
    char dir[] = "/tmp/mc_court_tables_XXXXXX";
    struct mc_court_tables *t = NULL;
    int rc;

    CHECK(mkdtemp(dir) != NULL);
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        bool is_target = strcmp(names[k], file) == 0;

        copy_table(dir, names[k], is_target ? from : NULL, to);
    }
    rc = mc_court_tables_load(dir, &t);
    mc_court_tables_destroy(t);
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        char path[256];

        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        unlink(path);
    }
    rmdir(dir);
    return rc;
}

static void test_load_failures(void)
{
    struct mc_court_tables *t = NULL;

    CHECK_INT(MC_COURT_E_INVALID, mc_court_tables_load(NULL, &t));
    CHECK_INT(MC_COURT_E_INVALID, mc_court_tables_load("data", NULL));
    CHECK_INT(MC_COURT_E_IO, mc_court_tables_load("/nonexistent/mc", &t));
    CHECK(t == NULL);
    CHECK_INT(0, load_edited("court_codes_zhejiang.csv", NULL, NULL));

    /* A missing period row, an unquoted quote, a bad level and a bad region code. */
    CHECK_INT(MC_COURT_E_FORMAT, load_edited("procedure_deadlines.csv", "CPL Art.126", "Art.9"));
    CHECK_INT(MC_COURT_E_FORMAT, load_edited("procedure_deadlines.csv", "7 days", "seven days"));
    CHECK_INT(MC_COURT_E_FORMAT, load_edited("court_codes_zhejiang.csv", ",basic,", ",ba\"sic,"));
    CHECK_INT(MC_COURT_E_FORMAT, load_edited("court_codes_zhejiang.csv", ",basic,", ",county,"));
    CHECK_INT(MC_COURT_E_FORMAT, load_edited("region_codes_zhejiang.csv", "330102", "33010"));
    CHECK_INT(MC_COURT_E_FORMAT, load_edited("case_type_codes.csv", "meaning_zh", "meaning"));
    mc_court_tables_destroy(NULL);
}

static void test_cleanup(void)
{
    mc_court_tables_destroy(tables);
    tables = NULL;
}

TH_MAIN(TH_CASE(test_courts), TH_CASE(test_case_types), TH_CASE(test_causes), TH_CASE(test_regions),
        TH_CASE(test_periods), TH_CASE(test_load_failures), TH_CASE(test_cleanup))
