/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of content sniffing: magic bytes, structure checks and media type names. */
#include "../../../../services/documents/sniff.c"

#include <stdlib.h>

#include "harness.h"

/* SOI, APP0 (JFIF), SOS with a 2-byte scan, EOI. */
static const unsigned char jpeg[] = {
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J',  'F',  'I',  'F',  0x00, 0x01,
    0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xDA, 0x00, 0x08,
    0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0x34, 0xFF, 0xD9,
};

static const char pdf[] = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

/* Builds a 1x1 PNG: signature, IHDR (with its CRC), IEND. owned: caller frees. */
static unsigned char *make_png(size_t *out_len)
{
    static const unsigned char head[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0,
                                         0,    13,  'I', 'H', 'D',  'R',  0,    0,    0, 1,
                                         0,    0,   0,   1,   8,    2,    0,    0,    0};
    static const unsigned char iend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82};
    unsigned char *p = malloc(sizeof head + 4 + sizeof iend);
    uint32_t crc;

    memcpy(p, head, sizeof head);
    crc = png_crc(p + 12, 17);
    p[29] = (unsigned char)(crc >> 24);
    p[30] = (unsigned char)(crc >> 16);
    p[31] = (unsigned char)(crc >> 8);
    p[32] = (unsigned char)crc;
    memcpy(p + 33, iend, sizeof iend);
    *out_len = 33 + sizeof iend;
    return p;
}

static void test_jpeg(void)
{
    unsigned char buf[sizeof jpeg + 4];

    CHECK_INT(DOCUMENTS_TYPE_JPEG, documents_sniff(jpeg, sizeof jpeg));
    memcpy(buf, jpeg, sizeof jpeg);
    memset(buf + sizeof jpeg, 0, 4); /* trailing padding is tolerated */
    CHECK_INT(DOCUMENTS_TYPE_JPEG, documents_sniff(buf, sizeof buf));
    CHECK_INT(DOCUMENTS_TYPE_NONE, documents_sniff(jpeg, sizeof jpeg - 2)); /* no EOI */
    CHECK_INT(DOCUMENTS_TYPE_NONE, documents_sniff(jpeg, 3));
    memcpy(buf, jpeg, sizeof jpeg);
    buf[5] = 0x40; /* APP0 length runs past the end */
    CHECK_INT(DOCUMENTS_TYPE_NONE, documents_sniff(buf, sizeof jpeg));
    memcpy(buf, jpeg, sizeof jpeg);
    buf[3] = 0x12; /* not a marker */
    CHECK_INT(DOCUMENTS_TYPE_NONE, documents_sniff(buf, sizeof jpeg));
    memcpy(buf, jpeg, sizeof jpeg);
    buf[21] = 0xD9; /* EOI before any scan */
    CHECK_INT(DOCUMENTS_TYPE_NONE, documents_sniff(buf, sizeof jpeg));
}

static void test_png(void)
{
    size_t len;
    unsigned char *p = make_png(&len);

    CHECK_INT(DOCUMENTS_TYPE_PNG, documents_sniff(p, len));
    CHECK_INT(DOCUMENTS_TYPE_NONE, documents_sniff(p, len - 1)); /* IEND cut */
    p[20] ^= 1;                                                  /* IHDR CRC no longer matches */
    CHECK_INT(DOCUMENTS_TYPE_NONE, documents_sniff(p, len));
    p[20] ^= 1;
    memcpy(p + 12, "IDAT", 4); /* first chunk must be IHDR */
    CHECK_INT(DOCUMENTS_TYPE_NONE, documents_sniff(p, len));
    free(p);
}

static void test_pdf(void)
{
    const unsigned char *d = (const unsigned char *)pdf;
    char *big = malloc(4096);

    CHECK_INT(DOCUMENTS_TYPE_PDF, documents_sniff(d, strlen(pdf)));
    CHECK_INT(DOCUMENTS_TYPE_NONE, documents_sniff(d, strlen(pdf) - 4)); /* "%%EOF" cut */
    CHECK_INT(DOCUMENTS_TYPE_NONE, documents_sniff((const unsigned char *)"%PDF-x %%EOF", 12));
    CHECK_INT(DOCUMENTS_TYPE_NONE, documents_sniff((const unsigned char *)"%%EOF", 5));

    /* "%%EOF" far from the end (appended junk) is not accepted. */
    memset(big, ' ', 4096);
    memcpy(big, pdf, strlen(pdf));
    memset(big + strlen(pdf), 'x', 4096 - strlen(pdf));
    CHECK_INT(DOCUMENTS_TYPE_NONE, documents_sniff((unsigned char *)big, 4096));
    free(big);
}

static void test_text_and_empty(void)
{
    const char *text = "Licensed under the Apache License, Version 2.0\n";

    CHECK_INT(DOCUMENTS_TYPE_NONE, documents_sniff((const unsigned char *)text, strlen(text)));
    CHECK_INT(DOCUMENTS_TYPE_NONE, documents_sniff(NULL, 0));
    CHECK_INT(DOCUMENTS_TYPE_NONE, documents_sniff(jpeg, 0));
}

static void test_media_types(void)
{
    CHECK_INT(DOCUMENTS_TYPE_JPEG, documents_type_of_media("image/jpeg"));
    CHECK_INT(DOCUMENTS_TYPE_PNG, documents_type_of_media(" Image/PNG; charset=binary"));
    CHECK_INT(DOCUMENTS_TYPE_PDF, documents_type_of_media("application/pdf"));
    CHECK_INT(DOCUMENTS_TYPE_NONE, documents_type_of_media("application/pdfx"));
    CHECK_INT(DOCUMENTS_TYPE_NONE, documents_type_of_media("image/jp"));
    CHECK_INT(DOCUMENTS_TYPE_NONE, documents_type_of_media("text/plain"));
    CHECK_INT(DOCUMENTS_TYPE_NONE, documents_type_of_media(NULL));
    CHECK_STR("image/png", documents_media_of_type(DOCUMENTS_TYPE_PNG));
    CHECK(documents_media_of_type(DOCUMENTS_TYPE_NONE) == NULL);
}

static void test_kinds(void)
{
    CHECK(documents_is_kind("evidence", false));
    CHECK(documents_is_kind("other", false));
    CHECK(!documents_is_kind("mediation_agreement", false));
    CHECK(documents_is_kind("mediation_agreement", true));
    CHECK(!documents_is_kind("Evidence", true));
    CHECK(!documents_is_kind(NULL, true));
}

TH_MAIN(TH_CASE(test_jpeg), TH_CASE(test_png), TH_CASE(test_pdf), TH_CASE(test_text_and_empty),
        TH_CASE(test_media_types), TH_CASE(test_kinds))
