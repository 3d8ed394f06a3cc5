/* test_segment.c - paragraphs and ICU sentences. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tests.h"

START_TEST(test_paragraphs)
{
    const char *s = "Titre\n\nPremier paragraphe.\n   \nSecond.";
    cx_spans p = {0};
    cx_paragraphs(s, strlen(s), &p);
    ck_assert_uint_eq(p.n, 3);
    ck_assert_uint_eq(p.v[0].start, 0);
    ck_assert_uint_eq(p.v[0].end, 5);
    ck_assert_int_eq(strncmp(s + p.v[1].start, "Premier", 7), 0);
    ck_assert_int_eq(strncmp(s + p.v[2].start, "Second.", 7), 0);
    cx_spans_free(&p);
}
END_TEST

START_TEST(test_sentences)
{
    const char *s = "Il a levé 6 millions de dollars. Puis 1,6 milliard de dollars ! Fin";
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "en", NULL, 0, &st);
    ck_assert(U_SUCCESS(st));
    cx_spans p = {0}, q = {0};
    cx_paragraphs(s, strlen(s), &p);
    ck_assert_int_eq(cx_sentences(bi, s, strlen(s), &p, &q), CLAIMX_OK);
    ck_assert_uint_eq(q.n, 3);
    /* byte offsets into UTF-8, not UTF-16 indices */
    ck_assert_int_eq(strncmp(s + q.v[1].start, "Puis 1,6", 8), 0);
    ck_assert_int_eq(strncmp(s + q.v[2].start, "Fin", 3), 0);
    ck_assert_uint_eq(q.v[2].end, strlen(s));
    cx_spans_free(&p);
    cx_spans_free(&q);
    ubrk_close(bi);
}
END_TEST

START_TEST(test_empty)
{
    cx_spans p = {0};
    cx_paragraphs("", 0, &p);
    ck_assert_uint_eq(p.n, 0);
    cx_paragraphs(" \n\n \t", 5, &p);
    ck_assert_uint_eq(p.n, 0);
    cx_spans_free(&p);
}
END_TEST

START_TEST(test_long_paragraph_in_pieces)
{
    /* ICU counts in int32_t: paragraphs longer than the piece size go to it
     * in pieces (CX_ICU_MAX_PIECE, 1 GiB; here 100 bytes). The sentences
     * still tile the paragraph, each within a piece, never cutting a UTF-8
     * sequence, with or without spaces to cut at. */
    static const char *units[] = {"mot é ", "\xc3\xa9", "ab\xe2\x82\xac"};
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "en", NULL, 0, &st);
    ck_assert(U_SUCCESS(st));
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        size_t ul = strlen(units[u]), n = 0;
        char *s = malloc(4000 + ul);
        while (n < 4000) {
            memcpy(s + n, units[u], ul);
            n += ul;
        }
        cx_spans p = {0}, q = {0};
        ck_assert_int_eq(cx_paragraphs(s, n, &p), CLAIMX_OK);
        ck_assert_uint_eq(p.n, 1);
        ck_assert_int_eq(cx_sentences_max(bi, s, n, &p, &q, 100), CLAIMX_OK);
        ck_assert_uint_ge(q.n, 40);
        size_t at = 0;
        for (size_t i = 0; i < q.n; i++) {
            ck_assert_uint_le(q.v[i].end - q.v[i].start, 100);
            ck_assert_uint_ge(q.v[i].start, at); /* in order; gaps only for blank text */
            ck_assert((s[q.v[i].start] & 0xC0) != 0x80);
            ck_assert(q.v[i].end == n || (s[q.v[i].end] & 0xC0) != 0x80);
            at = q.v[i].end;
        }
        ck_assert_uint_eq(at, n);
        cx_spans_free(&p);
        cx_spans_free(&q);
        free(s);
    }
    ubrk_close(bi);
}
END_TEST

Suite *segment_suite(void)
{
    Suite *s = suite_create("segment");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_paragraphs);
    tcase_add_test(tc, test_sentences);
    tcase_add_test(tc, test_empty);
    tcase_add_test(tc, test_long_paragraph_in_pieces);
    suite_add_tcase(s, tc);
    return s;
}
