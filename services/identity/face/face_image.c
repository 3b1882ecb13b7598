/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Decodes JPEG (libjpeg-turbo) and PNG (libpng) from memory into packed RGB. Both libraries
 * report fatal errors by longjmp; the handlers here turn them into FACE_E_NOT_IMAGE. Photos are
 * untrusted input, so the size limits are checked from the header before any pixel buffer is
 * allocated, and a JPEG that decodes with warnings (e.g. a truncated file that libjpeg would
 * silently pad with grey) is rejected as well.
 */
#include "face_internal.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

/* libjpeg error manager that jumps back instead of calling exit(). */
struct jpeg_guard {
    struct jpeg_error_mgr mgr;
    jmp_buf env;
};

static void on_jpeg_error(j_common_ptr cinfo)
{
    struct jpeg_guard *g = (struct jpeg_guard *)cinfo->err;

    longjmp(g->env, 1);
}

static void on_jpeg_message(j_common_ptr cinfo, int level)
{
    /* Level -1 is a corrupt-data warning; count it so the caller rejects the image. */
    if (level < 0)
        cinfo->err->num_warnings++;
}

/* Reads every scanline into rgb, packed (the caller owns it, so a longjmp cannot leak it). */
static void read_rows(struct jpeg_decompress_struct *cinfo, unsigned char *rgb)
{
    size_t stride = (size_t)cinfo->output_width * 3;

    while (cinfo->output_scanline < cinfo->output_height) {
        JSAMPROW row = rgb + stride * cinfo->output_scanline;

        jpeg_read_scanlines(cinfo, &row, 1);
    }
}

static int decode_jpeg(const unsigned char *bytes, size_t len, size_t max_pixels,
                       struct face_image *out_img)
{
    struct jpeg_decompress_struct cinfo;
    struct jpeg_guard guard;
    unsigned char *volatile rgb = NULL;
    volatile int rc = FACE_E_NOT_IMAGE;

    cinfo.err = jpeg_std_error(&guard.mgr);
    guard.mgr.error_exit = on_jpeg_error;
    guard.mgr.emit_message = on_jpeg_message;
    jpeg_create_decompress(&cinfo);
    if (setjmp(guard.env) != 0)
        goto done;

    jpeg_mem_src(&cinfo, bytes, (unsigned long)len);
    if (jpeg_read_header(&cinfo, TRUE) != JPEG_HEADER_OK)
        goto done;
    if ((size_t)cinfo.image_width * cinfo.image_height > max_pixels) {
        rc = FACE_E_TOO_LARGE;
        goto done;
    }
    cinfo.out_color_space = JCS_RGB;
    jpeg_start_decompress(&cinfo);
    if (cinfo.output_components != 3)
        goto done;
    rgb = malloc((size_t)cinfo.output_width * cinfo.output_height * 3);
    if (rgb == NULL)
        goto done;
    read_rows(&cinfo, rgb);
    jpeg_finish_decompress(&cinfo);
    if (guard.mgr.num_warnings > 0)
        goto done;

    out_img->width = (int)cinfo.output_width;
    out_img->height = (int)cinfo.output_height;
    out_img->rgb = rgb;
    rgb = NULL;
    rc = FACE_OK;
done:
    jpeg_destroy_decompress(&cinfo);
    free(rgb);
    return rc;
}

/* Memory source for libpng; running past the end is a fatal PNG error. */
struct png_source {
    const unsigned char *bytes;
    size_t len;
    size_t pos;
};

static void on_png_read(png_structp png, png_bytep data, png_size_t n)
{
    struct png_source *src = png_get_io_ptr(png);

    if (n > src->len - src->pos)
        png_error(png, "truncated");
    memcpy(data, src->bytes + src->pos, n);
    src->pos += n;
}

/* Library code never prints: fatal errors jump back silently, warnings are dropped. */
static void on_png_error(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/* Asks libpng for 8-bit RGB whatever the stored colour type. */
static void png_want_rgb8(png_structp png, png_infop info)
{
    int color = png_get_color_type(png, info);

    if (png_get_bit_depth(png, info) == 16)
        png_set_strip_16(png);
    if (color == PNG_COLOR_TYPE_PALETTE)
        png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA) {
        png_set_expand_gray_1_2_4_to_8(png);
        png_set_gray_to_rgb(png);
    }
    if (png_get_valid(png, info, PNG_INFO_tRNS))
        png_set_tRNS_to_alpha(png);
    png_set_strip_alpha(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
}

static int decode_png(const unsigned char *bytes, size_t len, size_t max_pixels,
                      struct face_image *out_img)
{
    struct png_source src = {bytes, len, 0};
    png_structp png =
        png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, on_png_error, on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    unsigned char *volatile rgb = NULL;
    png_bytep *volatile rows = NULL;
    volatile int rc = FACE_E_NOT_IMAGE;

    if (info == NULL || setjmp(png_jmpbuf(png)) != 0)
        goto done;
    png_set_read_fn(png, &src, on_png_read);
    png_read_info(png, info);

    png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);

    if ((size_t)w * h > max_pixels) {
        rc = FACE_E_TOO_LARGE;
        goto done;
    }
    png_want_rgb8(png, info);
    rgb = malloc((size_t)w * h * 3);
    rows = malloc(sizeof(png_bytep) * h);
    if (rgb == NULL || rows == NULL || png_get_rowbytes(png, info) != (size_t)w * 3)
        goto done;
    for (png_uint_32 y = 0; y < h; y++)
        rows[y] = rgb + (size_t)y * w * 3;
    png_read_image(png, rows);
    png_read_end(png, NULL);

    out_img->width = (int)w;
    out_img->height = (int)h;
    out_img->rgb = rgb;
    rgb = NULL;
    rc = FACE_OK;
done:
    png_destroy_read_struct(png ? &png : NULL, info ? &info : NULL, NULL);
    free(rows);
    free(rgb);
    return rc;
}

int face_image_decode(const unsigned char *bytes, size_t len, size_t max_bytes, size_t max_pixels,
                      struct face_image *out_img)
{
    static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};

    if (bytes == NULL || out_img == NULL)
        return FACE_E_INVALID;
    if (len > max_bytes)
        return FACE_E_TOO_LARGE;
    if (len >= 3 && bytes[0] == 0xff && bytes[1] == 0xd8 && bytes[2] == 0xff)
        return decode_jpeg(bytes, len, max_pixels, out_img);
    if (len >= 8 && memcmp(bytes, png_sig, 8) == 0)
        return decode_png(bytes, len, max_pixels, out_img);
    return FACE_E_NOT_IMAGE;
}

void face_image_cleanup(struct face_image *img)
{
    if (img == NULL)
        return;
    free(img->rgb);
    img->rgb = NULL;
    img->width = 0;
    img->height = 0;
}
