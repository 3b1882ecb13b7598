/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a file really is. The declared Content-Type is only a claim: the type is taken from the
 * magic bytes, and the structure behind them is walked far enough to refuse a renamed text file
 * or a truncated upload. These checks are deliberately cheap; they do not decode images.
 */
#include "documents.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#define PDF_EOF_WINDOW 1024 /* "%%EOF" must lie within the last this many bytes */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The length of data without trailing NUL or whitespace padding, which some writers add. */
static size_t trimmed_len(const unsigned char *data, size_t len)
{
    while (len > 0 && (data[len - 1] == 0 || data[len - 1] == '\n' || data[len - 1] == '\r' ||
                       data[len - 1] == ' ' || data[len - 1] == '\t'))
        len--;
    return len;
}

/*
 * JPEG: SOI, then a chain of marker segments whose lengths stay inside the file up to the start
 * of scan, and EOI as the last marker.
 */
static bool is_jpeg(const unsigned char *d, size_t len)
{
    size_t i = 2, end = trimmed_len(d, len);

    if (len < 4 || d[0] != 0xFF || d[1] != 0xD8 || d[2] != 0xFF)
        return false;
    if (end < 4 || d[end - 2] != 0xFF || d[end - 1] != 0xD9)
        return false;
    while (i + 4 <= end) {
        unsigned m;

        if (d[i] != 0xFF)
            return false;
        while (i + 1 < end && d[i + 1] == 0xFF) /* fill bytes */
            i++;
        m = d[i + 1];
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) { /* markers without a length */
            i += 2;
            continue;
        }
        if (m < 0xC0 || m == 0xD8 || m == 0xD9) /* not a marker, or SOI/EOI before the scan */
            return false;
        if (i + 4 > end || ((size_t)d[i + 2] << 8 | d[i + 3]) < 2)
            return false;
        if (m == 0xDA) /* start of scan: entropy-coded data follows up to EOI */
            return i + 2 + ((size_t)d[i + 2] << 8 | d[i + 3]) <= end - 2;
        i += 2 + ((size_t)d[i + 2] << 8 | d[i + 3]);
    }
    return false;
}

/* CRC-32 as PNG defines it (ISO 3309), bit by bit: chunks here are few and small. */
static uint32_t png_crc(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;

    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return c ^ 0xFFFFFFFFu;
}

/* PNG: the signature, an IHDR chunk first with a correct CRC and a non-empty image, and the
 * IEND chunk at the very end. */
static bool is_png(const unsigned char *d, size_t len)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    static const unsigned char iend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82};

    if (len < 8 + 25 + 12 || memcmp(d, sig, 8) != 0)
        return false;
    if (be32(d + 8) != 13 || memcmp(d + 12, "IHDR", 4) != 0)
        return false;
    if (be32(d + 16) == 0 || be32(d + 20) == 0 || png_crc(d + 12, 17) != be32(d + 29))
        return false;
    return memcmp(d + len - 12, iend, 12) == 0;
}

/* PDF: "%PDF-" and a version digit at the start, "%%EOF" near the end. */
static bool is_pdf(const unsigned char *d, size_t len)
{
    size_t from = len > PDF_EOF_WINDOW ? len - PDF_EOF_WINDOW : 0;

    if (len < 5 + 1 + 5 || memcmp(d, "%PDF-", 5) != 0 || d[5] < '1' || d[5] > '9')
        return false;
    for (size_t i = len - 5; i + 1 > from; i--) {
        if (memcmp(d + i, "%%EOF", 5) == 0)
            return i >= 6;
        if (i == 0)
            break;
    }
    return false;
}

enum documents_type documents_sniff(const unsigned char *data, size_t len)
{
    if (data == NULL || len == 0)
        return DOCUMENTS_TYPE_NONE;
    if (is_jpeg(data, len))
        return DOCUMENTS_TYPE_JPEG;
    if (is_png(data, len))
        return DOCUMENTS_TYPE_PNG;
    if (is_pdf(data, len))
        return DOCUMENTS_TYPE_PDF;
    return DOCUMENTS_TYPE_NONE;
}

enum documents_type documents_type_of_media(const char *media_type)
{
    static const struct {
        const char *name;
        enum documents_type type;
    } names[] = {
        {"image/jpeg", DOCUMENTS_TYPE_JPEG},
        {"image/png", DOCUMENTS_TYPE_PNG},
        {"application/pdf", DOCUMENTS_TYPE_PDF},
    };
    size_t n;

    if (media_type == NULL)
        return DOCUMENTS_TYPE_NONE;
    while (*media_type == ' ' || *media_type == '\t')
        media_type++;
    n = strcspn(media_type, "; \t");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strlen(names[i].name) == n && strncasecmp(names[i].name, media_type, n) == 0)
            return names[i].type;
    }
    return DOCUMENTS_TYPE_NONE;
}

const char *documents_media_of_type(enum documents_type t)
{
    switch (t) {
    case DOCUMENTS_TYPE_JPEG:
        return "image/jpeg";
    case DOCUMENTS_TYPE_PNG:
        return "image/png";
    case DOCUMENTS_TYPE_PDF:
        return "application/pdf";
    case DOCUMENTS_TYPE_NONE:
        break;
    }
    return NULL;
}

bool documents_is_kind(const char *kind, bool is_internal)
{
    static const char *const uploadable[] = {"evidence", "pleading", "judgment", "other"};

    if (kind == NULL)
        return false;
    for (size_t i = 0; i < sizeof uploadable / sizeof uploadable[0]; i++) {
        if (strcmp(kind, uploadable[i]) == 0)
            return true;
    }
    return is_internal && strcmp(kind, "mediation_agreement") == 0;
}
