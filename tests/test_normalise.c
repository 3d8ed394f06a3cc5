/* test_normalise.c - UTF-8 validation, folding, NFKC and the offset map. */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "internal.h"
#include "tests.h"

static const UNormalizer2 *nfkc(void)
{
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *n = unorm2_getNFKCInstance(&st);
    ck_assert(U_SUCCESS(st));
    return n;
}

static void check_norm(const char *in, size_t len, const char *want)
{
    cx_text t;
    ck_assert_int_eq(cx_normalise(nfkc(), in, len, 0, &t), CLAIMX_OK);
    ck_assert_uint_eq(t.norm_len, strlen(want));
    ck_assert_mem_eq(t.norm, want, t.norm_len);
    cx_text_free(&t);
}

START_TEST(test_ascii_fast_path)
{
    cx_text t;
    const char *s = "6 millions de dollars";
    ck_assert_int_eq(cx_normalise(nfkc(), s, strlen(s), 0, &t), CLAIMX_OK);
    ck_assert_ptr_eq(t.norm, s); /* no copy, no map */
    ck_assert_ptr_null(t.runs);
    ck_assert_uint_eq(cx_map_start(&t, 2), 2);
    ck_assert_uint_eq(cx_map_end(&t, 10), 10);
    cx_text_free(&t);
}
END_TEST

START_TEST(test_folds)
{
    check_norm("50\xc2\xa0" "000", 7, "50 000");           /* U+00A0 */
    check_norm("50\xe2\x80\xaf" "000", 8, "50 000");       /* U+202F */
    check_norm("50\xe2\x80\x89" "000", 8, "50 000");       /* U+2009 */
    check_norm("d\xe2\x80\x99" "euros", 9, "d'euros");     /* U+2019 */
    check_norm("\xc2\xab" "x\xc2\xbb", 5, "\"x\"");        /* guillemets */
    check_norm("\xef\xbc\x95\xef\xbc\x90", 6, "50");       /* fullwidth digits */
    check_norm("e\xcc\x81t\xc3\xa9", 6, "\xc3\xa9t\xc3\xa9"); /* e + U+0301 composes */
    check_norm("a\r\nb\rc", 6, "a\nb\nc");                 /* CRLF and CR */
    check_norm("mil\xc2\xadlions", 10, "millions");        /* soft hyphen dropped */
    check_norm("a\0b", 3, "a b");                          /* NUL read as a space */
    check_norm("m\xc2\xb2", 3, "m\xc2\xb2");               /* superscript kept: m2 is no number */
}
END_TEST

START_TEST(test_map_span)
{
    /* cx_map_span() against cx_map_start() and cx_map_end() for every span
     * of texts with many runs (quotes, spaces, soft hyphens, decomposed
     * accents, dropped characters), including spans over more than eight runs */
    static const char *const texts[] = {
        "l\xe2\x80\x99usine d\xe2\x80\x99" "Amsterdam \xe2\x80\x9c" "5\xe2\x80\xaf" "000\xc2\xa0\xe2\x82\xac\xe2\x80\x9d mil\xc2\xadlions",
        "e\xcc\x81t\xc3\xa9 a\xcc\x80 \xef\xbc\x95\xef\xbc\x90 \xe2\x80\x98x\xe2\x80\x99 \xc2\xad\xc2\xad y",
        "\xe2\x80\x99\xe2\x80\x99\xe2\x80\x99\xe2\x80\x99\xe2\x80\x99\xe2\x80\x99\xe2\x80\x99\xe2\x80\x99\xe2\x80\x99\xe2\x80\x99\xe2\x80\x99\xe2\x80\x99 end",
        "plain ascii text",
        "\xc2\xad",
    };
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
        cx_text t;
        ck_assert_int_eq(cx_normalise(nfkc(), texts[k], strlen(texts[k]), 0, &t), CLAIMX_OK);
        for (size_t a = 0; a <= t.norm_len + 1; a++)
            for (size_t b = 0; b <= t.norm_len + 1; b++) {
                size_t os, oe;
                cx_map_span(&t, a, b, &os, &oe);
                ck_assert_uint_eq(os, cx_map_start(&t, a));
                ck_assert_uint_eq(oe, cx_map_end(&t, b));
            }
        cx_text_free(&t);
    }
}
END_TEST

START_TEST(test_offset_map)
{
    /* "5 000 €" with a narrow no-break space: the claim must map back to the original bytes */
    const char in[] = "x 5\xe2\x80\xaf" "000 \xe2\x82\xac y";
    cx_text t;
    ck_assert_int_eq(cx_normalise(nfkc(), in, sizeof in - 1, 0, &t), CLAIMX_OK);
    ck_assert_str_eq(t.norm, "x 5 000 \xe2\x82\xac y");
    /* normalised [2, 11) is "5 000 €"; original [2, 13) */
    ck_assert_uint_eq(cx_map_start(&t, 2), 2);
    ck_assert_uint_eq(cx_map_end(&t, 11), 13);
    ck_assert_uint_eq(cx_map_start(&t, 8), 10);
    ck_assert_uint_eq(cx_map_start(&t, t.norm_len), sizeof in - 1);
    cx_text_free(&t);

    /* decomposed accent: both bytes of the composed é map to the original two characters */
    const char in2[] = "e\xcc\x81" "t";
    ck_assert_int_eq(cx_normalise(nfkc(), in2, 4, 0, &t), CLAIMX_OK);
    ck_assert_uint_eq(cx_map_start(&t, 0), 0);
    ck_assert_uint_eq(cx_map_end(&t, 2), 3);
    ck_assert_uint_eq(cx_map_end(&t, 3), 4);
    cx_text_free(&t);
}
END_TEST

START_TEST(test_invalid_utf8)
{
    static const char *bad[] = {
        "\x80",             /* lone continuation byte */
        "\xc0\xaf",         /* overlong */
        "\xe0\x80\xaf",     /* overlong 3-byte */
        "\xed\xa0\x80",     /* surrogate */
        "\xf4\x90\x80\x80", /* > U+10FFFF */
        "abc\xe2\x82",      /* truncated */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cx_text t;
        ck_assert_int_eq(cx_normalise(nfkc(), bad[i], strlen(bad[i]), 0, &t), CLAIMX_EUTF8);
    }
    /* with replacement: U+FFFD, and offsets still point into the original */
    cx_text t;
    const char in[] = "a\xff" "b";
    ck_assert_int_eq(cx_normalise(nfkc(), in, 3, CLAIMX_OPT_REPLACE_INVALID, &t), CLAIMX_OK);
    ck_assert_str_eq(t.norm, "a\xef\xbf\xbd" "b");
    ck_assert_uint_eq(cx_map_start(&t, 4), 2);
    ck_assert_uint_eq(cx_map_end(&t, 4), 2);
    cx_text_free(&t);
}
END_TEST

/* cx_validate() only decides plain; the UTF-8 of a text that is not plain is
 * checked by cx_normalise_valid(), wherever the bad byte is: after the first
 * byte above 0x7F, far from it, in the sixteen-byte steps or the tail */
START_TEST(test_invalid_utf8_deferred)
{
    char buf[200];
    for (size_t pre = 0; pre < 40; pre++) {
        for (size_t gap = 0; gap < 40; gap += 3) {
            size_t n = 0;
            memset(buf, 'a', pre);
            n = pre;
            memcpy(buf + n, "\xc3\xa9", 2); /* é: not plain */
            n += 2;
            memset(buf + n, '\n', gap);
            n += gap;
            buf[n++] = (char)0xff;
            memset(buf + n, 'b', 20);
            n += 20;
            bool plain = true;
            ck_assert_int_eq(cx_validate(buf, n, 0, &plain), CLAIMX_OK);
            ck_assert(!plain);
            cx_text t;
            ck_assert_int_eq(cx_normalise_valid(nfkc(), buf, n, 0, plain, &t), CLAIMX_EUTF8);
            ck_assert_int_eq(cx_normalise(nfkc(), buf, n, 0, &t), CLAIMX_EUTF8);
            ck_assert_int_eq(cx_normalise(nfkc(), buf, n, CLAIMX_OPT_REPLACE_INVALID, &t), CLAIMX_OK);
            ck_assert_uint_eq(t.norm_len, n + 2); /* FF -> EF BF BD */
            cx_text_free(&t);
            /* an ASCII text with CR or NUL is not plain either */
            bool p2 = true;
            memset(buf, 'a', pre + gap + 20);
            buf[pre + gap] = gap & 1 ? '\r' : '\0';
            ck_assert_int_eq(cx_validate(buf, pre + gap + 20, 0, &p2), CLAIMX_OK);
            ck_assert(!p2);
            buf[pre + gap] = 'a';
            ck_assert_int_eq(cx_validate(buf, pre + gap + 20, 0, &p2), CLAIMX_OK);
            ck_assert(p2);
        }
    }
}
END_TEST

/* The block index of the offset map gives what a search of all runs gives,
 * for every normalised offset of a text with runs of every length */
START_TEST(test_map_index)
{
    static const char *pieces[] = {"a", "bc", "\xe2\x80\x99", "\xc2\xa0", "d\r\n", "\xc2\xad", "\xef\xac\x81",
                                   "e\xcc\x81", "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnop"};
    char in[8192];
    size_t n = 0;
    for (unsigned k = 0; n + 80 < sizeof in; k = k * 1103515245u + 12345u)
        for (const char *q = pieces[(k >> 16) % (sizeof pieces / sizeof pieces[0])]; *q; q++)
            in[n++] = *q;
    cx_text t;
    ck_assert_int_eq(cx_normalise(nfkc(), in, n, 0, &t), CLAIMX_OK);
    ck_assert_ptr_nonnull(t.blk);
    ck_assert_uint_gt(t.norm_len >> CX_MAP_SHIFT, 50);
    uint32_t *blk = t.blk;
    for (size_t i = 0; i <= t.norm_len; i++) {
        t.blk = blk;
        size_t s1 = cx_map_start(&t, i), e1 = cx_map_end(&t, i);
        t.blk = NULL;
        size_t s0 = cx_map_start(&t, i), e0 = cx_map_end(&t, i);
        ck_assert_msg(s1 == s0 && e1 == e0, "offset %zu: %zu/%zu, %zu/%zu", i, s1, s0, e1, e0);
    }
    t.blk = blk;
    cx_text_free(&t);
}
END_TEST

START_TEST(test_fold_key)
{
    char k[64];
    ck_assert_uint_eq(cx_fold_key("Milliards De", 12, k, sizeof k), 11);
    ck_assert_str_eq(k, "milliardsde");
    cx_fold_key("BILH\xc3\x83O", 7, k, sizeof k);
    ck_assert_str_eq(k, "bilh\xc3\xa3o");
    cx_fold_key("d\xe2\x80\x99" "euros", 9, k, sizeof k);
    ck_assert_str_eq(k, "d'euros");
}
END_TEST

/* cx_latin_fold[] is u_tolower() of U+00C0..U+017F in UTF-8, 0 for no
 * letter, 1 for a lower case of another length; an entry differs from the
 * letter's own bytes exactly when the letter is upper case. */
START_TEST(test_latin_fold_table)
{
    for (uint32_t cp = 0xC0; cp < 0x180; cp++) {
        unsigned char c = (unsigned char)(0xC0 | cp >> 6), d = (unsigned char)(0x80 | (cp & 0x3F));
        unsigned v = cx_latin_fold[cx_latin_at(c, d)];
        if (!u_isalpha((UChar32)cp)) {
            ck_assert_uint_eq(v, CX_LATIN_NONE);
            continue;
        }
        char w[4];
        uint32_t lo = cx_fold_cp(cp);
        size_t k = cx_put_utf8(w, lo);
        if (k != 2) {
            ck_assert_uint_eq(v, CX_LATIN_OTHER);
            continue;
        }
        ck_assert_uint_eq(v, (unsigned)(unsigned char)w[0] << 8 | (unsigned char)w[1]);
        ck_assert_int_eq(v != ((unsigned)c << 8 | d), u_isupper((UChar32)cp) != 0);
    }
}
END_TEST

START_TEST(test_expansion_bounded)
{
    /* small NFKC expansions happen as usual */
    check_norm("\xef\xac\x83", 3, "ffi");                  /* U+FB03 ligature */
    check_norm("\xe3\x8e\x92", 3, "MHz");                  /* U+3392 */
    /* long ones (U+FDFA: 18 characters, U+FDFB: 8) stay as written, with
     * or without combining marks after them, so memory stays linear */
    check_norm("\xef\xb7\xba", 3, "\xef\xb7\xba");
    check_norm("\xef\xb7\xbb", 3, "\xef\xb7\xbb");
    check_norm("\xef\xb7\xba\xcc\x81\xef\xb7\xbb\xcc\x81", 10, "\xef\xb7\xba\xcc\x81\xef\xb7\xbb\xcc\x81");
    size_t n = 30000;
    char *in = malloc(n);
    for (size_t i = 0; i < n; i += 6)
        memcpy(in + i, "\xef\xb7\xbb\xcc\x81 ", 6);
    cx_text t;
    ck_assert_int_eq(cx_normalise(nfkc(), in, n, 0, &t), CLAIMX_OK);
    ck_assert_uint_le(t.norm_len, 2 * n);
    cx_text_free(&t);
    free(in);
}
END_TEST


/* The letters normalisation copies without ICU are exactly those ICU would
 * leave as they are: NFKC-stable, a boundary before them, no fold. */
START_TEST(test_latin_same_matches_icu)
{
    const UNormalizer2 *n = nfkc();
    int same = 0;
    for (uint32_t cp = 0x80; cp < 0x800; cp++) {
        if (!cx_norm_latin_same(cp))
            continue;
        same++;
        ck_assert_msg(unorm2_hasBoundaryBefore(n, (UChar32)cp), "U+%04X", cp);
        ck_assert_msg(u_getIntPropertyValue((UChar32)cp, UCHAR_NFKC_QUICK_CHECK) == UNORM_YES, "U+%04X", cp);
        char in[8];
        size_t l = cx_put_utf8(in, cp);
        in[l] = 'a';
        check_norm(in, l + 1, (const char[]){in[0], in[1], 'a', 0});
    }
    ck_assert_int_ge(same, 180);
    /* the ones left out go to ICU and change */
    check_norm("\xc4\xb3", 2, "ij");   /* U+0133 */
    check_norm("\xc5\x89", 2, "'n"); /* U+0149: U+02BC n, then the apostrophe fold */
}
END_TEST

/* The signs copied without ICU before a segment boundary (stable_char()):
 * ICU agrees they start a segment and stay as they are, before ASCII, a
 * fold, another such sign or the end, and with their offsets; before a
 * combining mark they still go to ICU. */
START_TEST(test_stable_matches_icu)
{
    const UNormalizer2 *n = nfkc();
    int stable = 0;
    for (uint32_t cp = 0x80; cp < 0x10000; cp++) {
        if (!cx_norm_stable(cp))
            continue;
        stable++;
        ck_assert_msg(unorm2_hasBoundaryBefore(n, (UChar32)cp), "U+%04X", cp);
        ck_assert_msg(u_getIntPropertyValue((UChar32)cp, UCHAR_NFKC_QUICK_CHECK) == UNORM_YES, "U+%04X", cp);
        char x[4];
        size_t l = cx_put_utf8(x, cp);
        char in[32], want[32];
        /* "a" X "b" X X "\xE2\x80\x99" X */
        size_t m = 0, w = 0;
        in[m++] = 'a', want[w++] = 'a';
        memcpy(in + m, x, l), m += l, memcpy(want + w, x, l), w += l;
        in[m++] = 'b', want[w++] = 'b';
        for (int r = 0; r < 2; r++)
            memcpy(in + m, x, l), m += l, memcpy(want + w, x, l), w += l;
        memcpy(in + m, "\xE2\x80\x99", 3), m += 3, want[w++] = '\'';
        memcpy(in + m, x, l), m += l, memcpy(want + w, x, l), w += l;
        want[w] = 0;
        check_norm(in, m, want);
        cx_text t;
        ck_assert_int_eq(cx_normalise(n, in, m, 0, &t), CLAIMX_OK);
        ck_assert_uint_eq(cx_map_start(&t, 1), 1);
        ck_assert_uint_eq(cx_map_end(&t, 1 + l), 1 + l);
        ck_assert_uint_eq(cx_map_start(&t, w - l), m - l);
        ck_assert_uint_eq(cx_map_end(&t, w), m);
        cx_text_free(&t);
    }
    ck_assert_int_ge(stable, 8);
    /* before a combining mark: ICU (the acute stays, nothing composes) */
    check_norm("\xE2\x82\xAC\xCC\x81x", 6, "\xE2\x82\xAC\xCC\x81x");
    check_norm("a\xC2\xB7\xCC\x81", 5, "a\xC2\xB7\xCC\x81");
}
END_TEST

/* Offsets across runs that are copied, folded and composed, at every
 * character boundary. */
START_TEST(test_offset_runs)
{
    /* "é" precomposed, "«" folded, "e" + U+0301 composed, NBSP folded, CRLF */
    const char in[] = "d\xc3\xa9j\xc3\xa0 \xc2\xab" "e\xcc\x81t\xc3\xa9\xc2\xbb\xc2\xa0" "5\r\nfin";
    cx_text t;
    ck_assert_int_eq(cx_normalise(nfkc(), in, sizeof in - 1, 0, &t), CLAIMX_OK);
    ck_assert_str_eq(t.norm, "d\xc3\xa9j\xc3\xa0 \"\xc3\xa9t\xc3\xa9\" 5\nfin");
    /* normalised character starts and where they come from */
    static const size_t ns[] = {0, 1, 3, 4, 6, 7, 8, 10, 11, 13, 14, 15, 16, 17, 18, 19};
    static const size_t os[] = {0, 1, 3, 4, 6, 7, 9, 12, 13, 15, 17, 19, 21, 22, 23, 24};
    static const size_t oe[] = {1, 3, 4, 6, 7, 9, 12, 13, 15, 17, 19, 20, 22, 23, 24, 25};
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        ck_assert_msg(cx_map_start(&t, ns[k]) == os[k], "start %zu: %zu", ns[k], cx_map_start(&t, ns[k]));
        size_t e = k + 1 < sizeof ns / sizeof ns[0] ? ns[k + 1] : ns[k] + 1;
        ck_assert_msg(cx_map_end(&t, e) == oe[k], "end %zu: %zu", e, cx_map_end(&t, e));
    }
    ck_assert_uint_eq(cx_map_end(&t, t.norm_len), sizeof in - 1);
    ck_assert_uint_eq(cx_map_start(&t, t.norm_len), sizeof in - 1);
    cx_text_free(&t);
    /* nothing left: every offset maps to the ends */
    ck_assert_int_eq(cx_normalise(nfkc(), "\xc2\xad\xc2\xad", 4, 0, &t), CLAIMX_OK);
    ck_assert_uint_eq(t.norm_len, 0);
    ck_assert_uint_eq(cx_map_start(&t, 0), 4);
    ck_assert_uint_eq(cx_map_end(&t, 0), 0);
    cx_text_free(&t);
}
END_TEST

/* A letter that a combining mark follows is composed with it wherever the
 * two fall in the blocks verbatim_run() reads (thirty-two bytes at a time),
 * also after a Latin letter whose two bytes straddle two blocks, and the
 * bytes copied around them keep their offsets. */
START_TEST(test_verbatim_blocks)
{
    char in[128], want[128];
    for (size_t pos = 2; pos + 8 < 100; pos++) {
        memset(in, 'a', 100);
        memcpy(in + pos - 2, "\xc3\xbc" "e\xcc\x81", 5); /* u-umlaut, e + U+0301 */
        memcpy(want, in, 100);
        memcpy(want + pos, "\xc3\xa9", 2); /* e-acute, one byte shorter */
        memmove(want + pos + 2, in + pos + 3, 100 - pos - 3);
        want[99] = '\0';
        check_norm(in, 100, want);
        cx_text t;
        ck_assert_int_eq(cx_normalise(nfkc(), in, 100, 0, &t), CLAIMX_OK);
        ck_assert_uint_eq(t.norm_len, 99);
        for (size_t n = 0; n < 99; n++) {
            size_t o = n < pos ? n : n < pos + 2 ? pos : n + 1;
            size_t e = n < pos ? n + 1 : n < pos + 2 ? pos + 3 : n + 2;
            ck_assert_msg(cx_map_start(&t, n) == o, "pos %zu start %zu: %zu", pos, n, cx_map_start(&t, n));
            if (n != pos)
                ck_assert_msg(cx_map_end(&t, n + 1) == e, "pos %zu end %zu: %zu", pos, n + 1, cx_map_end(&t, n + 1));
        }
        cx_text_free(&t);
    }
}
END_TEST

Suite *normalise_suite(void)
{
    Suite *s = suite_create("normalise");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_ascii_fast_path);
    tcase_add_test(tc, test_folds);
    tcase_add_test(tc, test_offset_map);
    tcase_add_test(tc, test_map_span);
    tcase_add_test(tc, test_invalid_utf8);
    tcase_add_test(tc, test_invalid_utf8_deferred);
    tcase_add_test(tc, test_map_index);
    tcase_add_test(tc, test_fold_key);
    tcase_add_test(tc, test_latin_fold_table);
    tcase_add_test(tc, test_expansion_bounded);
    tcase_add_test(tc, test_latin_same_matches_icu);
    tcase_add_test(tc, test_stable_matches_icu);
    tcase_add_test(tc, test_offset_runs);
    tcase_add_test(tc, test_verbatim_blocks);
    suite_add_tcase(s, tc);
    return s;
}
