/* test_segment.c - paragraphs and sentences (hand-written for Latin text, ICU otherwise). */
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

/* Our sentences of s[0..n) in paragraphs p into *b, checked against ICU's
 * (cx_sentences_icu): the same spans in the same paragraphs. `what` names
 * the text in messages. The caller frees *b. */
static void sentences_as_icu(UBreakIterator *bi, const char *s, size_t n, const cx_spans *p, cx_spans *b,
                             size_t what)
{
    cx_spans a = {0};
    ck_assert_int_eq(cx_sentences_icu(bi, s, n, p, &a), CLAIMX_OK);
    ck_assert_int_eq(cx_sentences(bi, s, n, p, b), CLAIMX_OK);
    ck_assert_msg(a.n == b->n, "text %zu: %zu sentences, ICU %zu", what, b->n, a.n);
    for (size_t i = 0; i < a.n; i++) {
        ck_assert_msg(a.v[i].start == b->v[i].start && a.v[i].end == b->v[i].end && a.v[i].para == b->v[i].para,
                      "text %zu sentence %zu: [%zu, %zu) in %d, ICU [%zu, %zu) in %d", what, i, b->v[i].start,
                      b->v[i].end, (int)b->v[i].para, a.v[i].start, a.v[i].end, (int)a.v[i].para);
    }
    cx_spans_free(&a);
}

/* The hand-written splitter agrees with ICU's iterator, boundary for boundary. */
START_TEST(test_same_as_icu)
{
    static const char *texts[] = {
        "Mr. Smith went. He said \"Hi.\" Then (ok.) done! really? Yes... e.g. 3.5 U.S. Army. x.Y z",
        "The U.S. economy grew. The U.S. Treasury said so!! \"Really?\" she asked. 'Fine.' Next.",
        "He paid $5.5 million. 5. Item two. a. b. c. The end.Next sentence.Third? Yes!No.",
        "\"Quoted sentence.\" (Parenthetical sentence.) [Bracket.] {Brace.} Done - really. Ok; fine: end.",
        "Ended with spaces.   Then tab.\tThen more.  \nÉ uma frase. Ótimo! É? São 5 bi. Ñandú. ß ist klein.",
        "Multiple.... dots.. here. And ?! mixed !? marks ?!? End\nNumbers 1.5.6. Dates 12.03.2020. Ok",
        "Ce n'est pas l'homme. L'homme est là. D'accord.\nPrice: 5 €. Done. 10 £. Done. Temp 5°. Ok. 5×6. Ok.",
        "Il a levé 5 M€. Puis 6 € – ou 7 € — rien. Fin… Oui. Non.",
        "Il a dit \xE2\x80\xB9 oui. \xE2\x80\xBA Puis \xE2\x80\xB9non.\xE2\x80\xBA ok. \xE2\x80\xB9" "Fin.\xE2\x80\xBA Et l\xC3\xA0.\xE2\x80\xBA x",
        "\xE2\x94\x80\xE2\x94\x80 Titre. \xE2\x94\x80 Suite. Fin.\xE2\x94\x80 Next. a.\xE2\x95\xBF b. \xE2\x94\x82 C. d.\xE2\x94\x80" "e.",
        "Paris \xC2\xB7 Lyon. \xC2\xA7 3. Vu. \xC2\xB6 Fin. \xC2\xB7" "a. b \xC2\xB7 C. Oui.\xC2\xB7 Non. x.\xC2\xA7" "y. Z.",
        "Это предложение. Ещё одно! Greek: Αθήνα. Τέλος.\nLatin again. Yes.",
    };
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "en", NULL, 0, &st);
    ck_assert(U_SUCCESS(st));
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        const char *s = texts[k];
        cx_spans p = {0}, b = {0};
        cx_paragraphs(s, strlen(s), &p);
        sentences_as_icu(bi, s, strlen(s), &p, &b, k);
        ck_assert_uint_gt(b.n, 3);
        cx_spans_free(&p);
        cx_spans_free(&b);
    }
    ubrk_close(bi);
}
END_TEST

/* A paragraph found to need ICU after some of its sentences were split by
 * hand (a character the hand-written rules do not cover comes late, or
 * right after a terminator where the rules step over Close and Sp): its
 * sentences are ICU's, each once, the other paragraphs' stay hand-split. */
START_TEST(test_late_icu_paragraph)
{
    static const char *texts[] = {
        "One. Two. Three.\nFirst one. Second one. Third \xC2\xABquote\xC2\xBB here. Next.\nFour. Five.",
        "One. Two.\nAb. Cd. Ef.\xC2\xBB Next one. Last.\nA. B. C.",
        "One. Two.\nAb. Cd. Ef.  \xC2\xA0Next one. Last.\nA. B. C.",
        "One. Two.\nAb. Cd. Ef. Gh. Ij. Kl. Mn. Op. Qr. St. Uv. Wx. Yz. Ab. Cd. Ef. Gh. Ij. Kl. \xCE\xB1.\nA. B. C.",
    };
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "en", NULL, 0, &st);
    ck_assert(U_SUCCESS(st));
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        const char *s = texts[k];
        cx_spans p = {0}, b = {0};
        cx_paragraphs(s, strlen(s), &p);
        sentences_as_icu(bi, s, strlen(s), &p, &b, k);
        for (size_t i = 0; i < b.n; i++) /* the second paragraph only goes to ICU */
            ck_assert_msg(b.v[i].icu == (b.v[i].para == 1), "text %zu sentence %zu", k, i);
        cx_spans_free(&p);
        cx_spans_free(&b);
    }
    ubrk_close(bi);
}
END_TEST

/* Every prefix of a text, the terminators and letters outside ASCII at
 * every distance from the end (the last sixteen bytes are read with one
 * load that starts before the paragraph when it is short). */
START_TEST(test_prefixes_as_icu)
{
    const char *s = "x Ab. c d. E\xC3\xA9 f! g? h. I. \xC3\x89t\xC3\xA9. Oui.\xC2\xB7 3.5 U.S. Army. Fin.";
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "en", NULL, 0, &st);
    ck_assert(U_SUCCESS(st));
    size_t len = strlen(s);
    for (size_t from = 0; from < 3; from++)
        for (size_t n = from + 1; n <= len; n++) {
            if (n < len && ((unsigned char)s[n] & 0xC0) == 0x80)
                continue;
            cx_spans p = {0}, b = {0};
            p.n = p.cap = 1;
            p.v = calloc(1, sizeof *p.v);
            p.v[0] = (cx_span){from, n, 0, false};
            sentences_as_icu(bi, s, n, &p, &b, from * 1000 + n);
            cx_spans_free(&p);
            cx_spans_free(&b);
        }
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
     * sequence, with or without spaces to cut at. The Greek letter and the
     * ellipsis send the paragraphs to ICU (Latin text has its own splitter). */
    static const char *units[] = {"mot \xce\xb1 ", "\xce\xb1", "ab\xe2\x80\xa6"};
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
    tcase_add_test(tc, test_same_as_icu);
    tcase_add_test(tc, test_late_icu_paragraph);
    tcase_add_test(tc, test_prefixes_as_icu);
    tcase_add_test(tc, test_empty);
    tcase_add_test(tc, test_long_paragraph_in_pieces);
    suite_add_tcase(s, tc);
    return s;
}
