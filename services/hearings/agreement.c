/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The mediation agreement as a PDF: Pango lays out each block of text at the content width and
 * the lines are placed one by one, so that a long agreement flows onto as many A4 pages as it
 * needs, each with its page number at the foot.
 */
#include "agreement.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#define PAGE_W 595.28 /* A4 in points */
#define PAGE_H 841.89
#define MARGIN_X 72.0
#define MARGIN_TOP 72.0
#define MARGIN_BOTTOM 80.0
#define LINE_GAP 1.45 /* line pitch as a multiple of the font's line height */
#define FONT_FAMILY "WenQuanYi Micro Hei, Noto Sans CJK SC, Sans"

static pthread_mutex_t render_lock = PTHREAD_MUTEX_INITIALIZER;

/* Where the PDF bytes go while Cairo writes them. */
struct pdf_buf {
    unsigned char *data;
    size_t len, cap;
};

/* The pen: the Cairo context, the current height on the page and the page number. */
struct pdf_pen {
    cairo_t *cr;
    double y;
    int page;
};

const char *hearings_role_zh(const char *role)
{
    if (role == NULL)
        return "";
    if (strcmp(role, "plaintiff") == 0)
        return "原告";
    if (strcmp(role, "defendant") == 0)
        return "被告";
    if (strcmp(role, "third_party") == 0)
        return "第三人";
    return role;
}

static cairo_status_t on_pdf_write(void *closure, const unsigned char *data, unsigned int len)
{
    struct pdf_buf *b = closure;

    if (b->len + len > b->cap) {
        b->cap = (b->len + len) * 2;
        b->data = mc_xrealloc(b->data, b->cap);
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return CAIRO_STATUS_SUCCESS;
}

static void pen_footer(struct pdf_pen *p)
{
    PangoLayout *l = pango_cairo_create_layout(p->cr);
    PangoFontDescription *fd = pango_font_description_from_string(FONT_FAMILY " 9");
    char label[32];

    snprintf(label, sizeof label, "第 %d 页", p->page);
    pango_layout_set_font_description(l, fd);
    pango_layout_set_width(l, (int)((PAGE_W - 2 * MARGIN_X) * PANGO_SCALE));
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    pango_layout_set_text(l, label, -1);
    cairo_move_to(p->cr, MARGIN_X, PAGE_H - MARGIN_BOTTOM / 2);
    pango_cairo_show_layout(p->cr, l);
    pango_font_description_free(fd);
    g_object_unref(l);
}

static void pen_new_page(struct pdf_pen *p)
{
    pen_footer(p);
    cairo_show_page(p->cr);
    p->page++;
    p->y = MARGIN_TOP;
}

/* Lays out text in one font and alignment and places it line by line, breaking pages. */
static void pen_block(struct pdf_pen *p, const char *text, double size, bool bold,
                      PangoAlignment align, double space_after)
{
    PangoLayout *l = pango_cairo_create_layout(p->cr);
    PangoFontDescription *fd = pango_font_description_from_string(FONT_FAMILY);
    PangoLayoutIter *it;

    pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE));
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_layout_set_width(l, (int)((PAGE_W - 2 * MARGIN_X) * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, align);
    pango_layout_set_text(l, text, -1);
    it = pango_layout_get_iter(l);
    do {
        PangoRectangle logical;
        double h, base;

        pango_layout_iter_get_line_extents(it, NULL, &logical);
        h = (double)logical.height / PANGO_SCALE;
        base = (double)(pango_layout_iter_get_baseline(it) - logical.y) / PANGO_SCALE;
        if (p->y + h > PAGE_H - MARGIN_BOTTOM)
            pen_new_page(p);
        cairo_move_to(p->cr, MARGIN_X + (double)logical.x / PANGO_SCALE, p->y + base);
        pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
        p->y += h * LINE_GAP;
    } while (pango_layout_iter_next_line(it));
    p->y += space_after;
    pango_layout_iter_free(it);
    pango_font_description_free(fd);
    g_object_unref(l);
}

/* "2026-12-03" -> "2026年12月3日"; out holds at least 32 bytes. */
static void date_zh(const char *iso, char *out, size_t cap)
{
    int y = 0, m = 0, d = 0;

    if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3)
        snprintf(out, cap, "%d年%d月%d日", y, m, d);
    else
        snprintf(out, cap, "%s", iso);
}

static void draw_heading(struct pdf_pen *p, const struct hearings_agreement *a)
{
    pen_block(p, a->court_name, 18, true, PANGO_ALIGN_CENTER, 6);
    pen_block(p, "调 解 协 议", 24, true, PANGO_ALIGN_CENTER, 8);
    pen_block(p, a->case_number, 12, false, PANGO_ALIGN_RIGHT, 14);
    for (size_t i = 0; i < a->n_parties; i++) {
        char *line = mc_xasprintf("%s：%s", hearings_role_zh(a->parties[i].role),
                                  a->parties[i].name ? a->parties[i].name : "");

        pen_block(p, line, 12, false, PANGO_ALIGN_LEFT, 2);
        free(line);
    }
    p->y += 10;
    pen_block(p,
              "上列当事人之间的纠纷一案，在本院主持下，"
              "经各方当事人自愿协商，达成如下协议：",
              12, false, PANGO_ALIGN_LEFT, 8);
}

static void draw_signatures(struct pdf_pen *p, const struct hearings_agreement *a)
{
    char date[64], *line;

    date_zh(a->date, date, sizeof date);
    p->y += 16;
    pen_block(p, "本协议经各方当事人签字后生效，由人民法院依法审查确认。", 12, false,
              PANGO_ALIGN_LEFT, 18);
    for (size_t i = 0; i < a->n_parties; i++) {
        line = mc_xasprintf("%s（签字）：%s            日期：____________",
                            hearings_role_zh(a->parties[i].role),
                            a->parties[i].name ? a->parties[i].name : "");
        pen_block(p, line, 12, false, PANGO_ALIGN_LEFT, 14);
        free(line);
    }
    p->y += 12;
    if (a->judge_name) {
        line = mc_xasprintf("审判员：%s", a->judge_name);
        pen_block(p, line, 12, false, PANGO_ALIGN_RIGHT, 4);
        free(line);
    }
    pen_block(p, a->court_name, 12, false, PANGO_ALIGN_RIGHT, 4);
    pen_block(p, date, 12, false, PANGO_ALIGN_RIGHT, 0);
}

static bool agreement_is_valid(const struct hearings_agreement *a)
{
    if (!a->court_name || !a->case_number || !a->text || !a->date || *a->text == '\0')
        return false;
    if (!g_utf8_validate(a->court_name, -1, NULL) || !g_utf8_validate(a->case_number, -1, NULL) ||
        !g_utf8_validate(a->text, -1, NULL) ||
        (a->judge_name && !g_utf8_validate(a->judge_name, -1, NULL)))
        return false;
    for (size_t i = 0; i < a->n_parties; i++)
        if (a->parties[i].name && !g_utf8_validate(a->parties[i].name, -1, NULL))
            return false;
    return true;
}

static mc_status render_locked(const struct hearings_agreement *a, struct pdf_buf *buf)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(on_pdf_write, buf, PAGE_W, PAGE_H);
    struct pdf_pen p = {.cr = cairo_create(s), .y = MARGIN_TOP, .page = 1};
    cairo_status_t cs;

    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "调解协议");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, a->case_number);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "Microcourt hearings");
    cairo_set_source_rgb(p.cr, 0, 0, 0);
    draw_heading(&p, a);
    pen_block(&p, a->text, 12, false, PANGO_ALIGN_LEFT, 0);
    draw_signatures(&p, a);
    pen_footer(&p);
    cairo_show_page(p.cr);
    cairo_destroy(p.cr);
    cairo_surface_finish(s);
    cs = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (cs != CAIRO_STATUS_SUCCESS)
        return mc_err_set(MC_E_INTERNAL, "cairo: %s", cairo_status_to_string(cs));
    return MC_OK;
}

mc_status hearings_agreement_render(const struct hearings_agreement *a, unsigned char **out_pdf,
                                    size_t *out_len)
{
    struct pdf_buf buf = {0};
    mc_status st;

    if (!agreement_is_valid(a))
        return mc_err_set(MC_E_INVALID, "the agreement lacks a field or is not UTF-8");
    pthread_mutex_lock(&render_lock);
    st = render_locked(a, &buf);
    pthread_mutex_unlock(&render_lock);
    if (st != MC_OK) {
        free(buf.data);
        return st;
    }
    *out_pdf = buf.data;
    *out_len = buf.len;
    return MC_OK;
}
