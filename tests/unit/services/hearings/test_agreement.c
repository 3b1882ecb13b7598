/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The mediation agreement PDF: rendered for real, then read back with pdftotext and pdfinfo
 * (poppler-utils) to check that it is a PDF with the expected pages and words.
 */
#include "../../../../services/hearings/agreement.c"

#include <unistd.h>

#include "harness.h"

static const struct hearings_party parties[] = {
    {"plaintiff", "陈明"},
    {"defendant", "王芳"},
};

static struct hearings_agreement sample(const char *text)
{
    return (struct hearings_agreement){
        .court_name = "宁波市海曙区人民法院",
        .case_number = "（2026）浙0203民初17号",
        .parties = parties,
        .n_parties = 2,
        .text = text,
        .date = "2026-12-03",
        .judge_name = "李法官",
    };
}

/* Writes the PDF to a temporary file and runs a poppler tool on it. owned: the output text. */
static char *run_tool(const char *tool, const unsigned char *pdf, size_t len)
{
    char path[] = "/tmp/test_agreement_XXXXXX", *cmd, *out = mc_xcalloc(1, 1);
    size_t n = 0;
    char chunk[4096];
    int fd = mkstemp(path);
    FILE *f;

    if (fd < 0 || write(fd, pdf, len) != (ssize_t)len)
        return out;
    close(fd);
    cmd =
        mc_xasprintf("%s %s%s 2>/dev/null", tool, path, strcmp(tool, "pdftotext") == 0 ? " -" : "");
    f = popen(cmd, "r");
    for (size_t got; f && (got = fread(chunk, 1, sizeof chunk, f)) > 0; n += got) {
        out = mc_xrealloc(out, n + got + 1);
        memcpy(out + n, chunk, got);
        out[n + got] = '\0';
    }
    if (f)
        pclose(f);
    unlink(path);
    free(cmd);
    return out;
}

/* The text of the PDF without the spaces and line breaks that layout puts in. owned: free. */
static char *pdf_words(const unsigned char *pdf, size_t len)
{
    char *text = run_tool("pdftotext", pdf, len), *w = text;

    for (const char *r = text; *r; r++)
        if (*r != ' ' && *r != '\n' && *r != '\f')
            *w++ = *r;
    *w = '\0';
    return text;
}

static int page_count(const unsigned char *pdf, size_t len)
{
    char *info = run_tool("pdfinfo", pdf, len), *p = strstr(info, "Pages:");
    int pages = p ? atoi(p + 6) : -1;

    free(info);
    return pages;
}

static void test_renders_one_page_with_all_names(void)
{
    struct hearings_agreement a = sample("一、被告王芳于2027年1月31日前向原告陈明归还借款人民币"
                                         "伍万元整。\n二、案件受理费减半收取，由被告负担。");
    unsigned char *pdf = NULL;
    size_t len = 0;
    char *text;

    CHECK_INT(MC_OK, hearings_agreement_render(&a, &pdf, &len));
    CHECK(len > 1000);
    CHECK(pdf && memcmp(pdf, "%PDF-", 5) == 0);
    CHECK_INT(1, page_count(pdf, len));
    text = pdf_words(pdf, len);
    CHECK(strstr(text, "宁波市海曙区人民法院") != NULL);
    CHECK(strstr(text, "调解协议") != NULL);
    CHECK(strstr(text, "（2026）浙0203民初17号") != NULL);
    CHECK(strstr(text, "原告：陈明") != NULL);
    CHECK(strstr(text, "被告：王芳") != NULL);
    CHECK(strstr(text, "归还借款人民币伍万元整") != NULL);
    CHECK(strstr(text, "原告（签字）：陈明日期：") != NULL);
    CHECK(strstr(text, "审判员：李法官") != NULL);
    CHECK(strstr(text, "2026年12月3日") != NULL);
    CHECK(strstr(text, "第1页") != NULL);
    free(text);
    free(pdf);
}

static void test_long_text_flows_onto_more_pages(void)
{
    char *body = mc_xcalloc(1, 1);
    struct hearings_agreement a;
    unsigned char *pdf = NULL;
    size_t len = 0;
    char *text;

    for (int i = 1; i <= 60; i++) {
        char *next = mc_xasprintf("%s第%d条 双方确认本条款内容真实有效，并自愿遵守。\n", body, i);

        free(body);
        body = next;
    }
    a = sample(body);
    CHECK_INT(MC_OK, hearings_agreement_render(&a, &pdf, &len));
    CHECK(page_count(pdf, len) >= 3);
    text = pdf_words(pdf, len);
    CHECK(strstr(text, "第1条") != NULL);
    CHECK(strstr(text, "第60条") != NULL);
    CHECK(strstr(text, "第2页") != NULL);
    CHECK(strstr(text, "审判员：李法官") != NULL);
    free(text);
    free(pdf);
    free(body);
}

static void test_refuses_missing_or_broken_input(void)
{
    struct hearings_agreement a = sample("");
    unsigned char *pdf = NULL;
    size_t len = 0;

    CHECK_INT(MC_E_INVALID, hearings_agreement_render(&a, &pdf, &len));
    a = sample("\xff\xfe not utf-8");
    CHECK_INT(MC_E_INVALID, hearings_agreement_render(&a, &pdf, &len));
    a = sample("ok");
    a.case_number = NULL;
    CHECK_INT(MC_E_INVALID, hearings_agreement_render(&a, &pdf, &len));
    CHECK(pdf == NULL);
}

static void test_role_names(void)
{
    CHECK_STR("原告", hearings_role_zh("plaintiff"));
    CHECK_STR("被告", hearings_role_zh("defendant"));
    CHECK_STR("第三人", hearings_role_zh("third_party"));
    CHECK_STR("agent", hearings_role_zh("agent"));
}

TH_MAIN(TH_CASE(test_renders_one_page_with_all_names),
        TH_CASE(test_long_text_flows_onto_more_pages),
        TH_CASE(test_refuses_missing_or_broken_input), TH_CASE(test_role_names))
