/* test_segment.c - paragraphs and ICU sentences. */
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

Suite *segment_suite(void)
{
    Suite *s = suite_create("segment");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_paragraphs);
    tcase_add_test(tc, test_sentences);
    tcase_add_test(tc, test_empty);
    suite_add_tcase(s, tc);
    return s;
}
