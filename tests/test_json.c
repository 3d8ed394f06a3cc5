/* test_json.c - the JSON writer's escaping and the flat-object reader. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "corpus.h"
#include "tests.h"

static char *esc(const char *s, size_t n)
{
    cx_buf b = {0};
    cx_json_string(&b, s, n);
    return cx_buf_take(&b);
}

START_TEST(test_escaping)
{
    char *j = esc("a\"b\\c\n\t\x01\x1f", 9);
    ck_assert_str_eq(j, "\"a\\\"b\\\\c\\n\\t\\u0001\\u001f\"");
    free(j);
    j = esc("\0x", 2);
    ck_assert_str_eq(j, "\"\\u0000x\"");
    free(j);
    j = esc("\xff\xc3\xa9", 3); /* invalid byte, then é */
    ck_assert_str_eq(j, "\"\\ufffd\xc3\xa9\"");
    free(j);
    j = esc("\xe2\x80\xa8", 3);
    ck_assert_str_eq(j, "\"\\u2028\"");
    free(j);
}
END_TEST

/* A byte-at-a-time reference of the escaping (valid UTF-8 copied, an
 * invalid byte as \ufffd, U+2028/9 escaped). */
static void ref_escape(cx_buf *b, const unsigned char *s, size_t n)
{
    cx_buf_putc(b, '"');
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c == '"' || c == '\\') {
            cx_buf_putc(b, '\\');
            cx_buf_putc(b, (char)c);
            i++;
        } else if (c < 0x20) {
            const char *named = c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : c == '\b' ? "\\b" :
                                c == '\f' ? "\\f" : NULL;
            if (named)
                cx_buf_puts(b, named);
            else
                cx_buf_printf(b, "\\u%04x", c);
            i++;
        } else if (c < 0x80) {
            cx_buf_putc(b, (char)c);
            i++;
        } else {
            uint32_t cp;
            size_t k = cx_utf8_valid_seq(s + i, n - i, &cp);
            if (!k) {
                cx_buf_puts(b, "\\ufffd");
                i++;
            } else {
                if (cp == 0x2028 || cp == 0x2029)
                    cx_buf_printf(b, "\\u%04x", cp);
                else
                    cx_buf_put(b, (const char *)s + i, k);
                i += k;
            }
        }
    }
    cx_buf_putc(b, '"');
}

/* A random text of pieces (the next state of *seed each time): at least
 * the first of the random length 0..most bytes it aims at, whole pieces only,
 * never more than room bytes, written at s. Returns its length. */
static size_t random_pieces(uint32_t *seed, const char *const *pieces, size_t npieces, size_t most, size_t room,
                            unsigned char *s)
{
    size_t n = 0;
    *seed = *seed * 1103515245u + 12345u;
    size_t want = (*seed >> 16) % (most + 1);
    while (n < want) {
        *seed = *seed * 1103515245u + 12345u;
        const char *p = pieces[(*seed >> 16) % npieces];
        size_t l = strlen(p);
        if (n + l > room)
            break;
        memcpy(s + n, p, l);
        n += l;
    }
    return n;
}

/* The writer reads 8 bytes at a time: random strings of 0-40 bytes with
 * every kind of byte at every offset of a word agree with the reference. */
START_TEST(test_escaping_words)
{
    static const char *const pieces[] = {"a", "Z", " ", "\"", "\\", "\n", "\x01", "\x1f", "\x7f", "\xc3\xa9",
                                         "\xe2\x82\xac", "\xe2\x80\xa8", "\xf0\x9f\x98\x80", "\xff", "\xc3", "~"};
    uint32_t seed = 7;
    for (int round = 0; round < 20000; round++) {
        unsigned char s[64];
        size_t n = random_pieces(&seed, pieces, sizeof pieces / sizeof *pieces, 40, sizeof s, s);
        cx_buf want_b = {0};
        ref_escape(&want_b, s, n);
        char *got = esc((const char *)s, n);
        ck_assert_msg(!strcmp(got, want_b.p), "round %d: got %s want %s", round, got, want_b.p);
        free(got);
        cx_buf_free(&want_b);
    }
}
END_TEST

/* A claim's text is read sixteen bytes at a time (w_text), two-byte
 * characters taken as plain: random texts of 0-60 bytes (two-byte
 * characters, cut ones, lone continuation bytes, other sequences, at every
 * offset of a block, and a lead byte as the last byte), followed by random
 * bytes within the slack, agree with the reference. */
START_TEST(test_escaping_texts)
{
    static const char *const pieces[] = {"a", "Z", " ", "\"", "\\", "\n", "\x01", "\x7f", "\xc3\xa9", "\xc2\x80",
                                         "\xdf\xbf", "\xc3", "\xa9", "\xbf", "\xc1\x80", "\xc3\xc3\xa9",
                                         "\xe2\x82\xac", "\xe2\x80\xa8", "\xf0\x9f\x98\x80", "\xff", "\xe0", "~"};
    uint32_t seed = 11;
    for (int round = 0; round < 40000; round++) {
        unsigned char s[80 + CX_TEXT_SLACK];
        size_t n = random_pieces(&seed, pieces, sizeof pieces / sizeof *pieces, 60, 80, s);
        for (size_t i = n; i < sizeof s; i++) { /* (a continuation byte after n must not count) */
            seed = seed * 1103515245u + 12345u;
            s[i] = (unsigned char)(i == n ? 0x80 + (seed >> 16) % 64 : seed >> 16);
        }
        cx_buf want_b = {0};
        ref_escape(&want_b, s, n);
        char got[6 * sizeof s + 32];
        char *e = cx_json_text(got, (const char *)s, n);
        *e = '\0';
        ck_assert_msg(!strcmp(got, want_b.p), "round %d: got %s want %s", round, got, want_b.p);
        cx_buf_free(&want_b);
    }
}
END_TEST

START_TEST(test_reader)
{
    const char *o = "{\"id\": {\"a\": [1, \"}\"]}, \"text\": \"L\\u2019euro \\ud83d\\ude00 \\\"x\\\"\", \"n\": 3}";
    size_t vl;
    const char *v = cx_json_find(o, strlen(o), "id", &vl);
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(strncmp(v, "{\"a\": [1, \"}\"]}", vl), 0);
    v = cx_json_find(o, strlen(o), "text", &vl);
    size_t tl;
    char *t = cx_json_unescape(v, vl, &tl);
    ck_assert_str_eq(t, "L\xe2\x80\x99" "euro \xf0\x9f\x98\x80 \"x\"");
    free(t);
    ck_assert_ptr_null(cx_json_find(o, strlen(o), "missing", &vl));
    ck_assert_ptr_null(cx_json_find("{\"a\": ", 6, "a", &vl));
    ck_assert_ptr_null(cx_json_find("[1,2]", 5, "a", &vl));
    ck_assert_ptr_null(cx_json_unescape("\"bad \\q\"", 8, NULL));
    t = cx_json_unescape("\"\\ud800x\"", 9, NULL); /* lone surrogate */
    ck_assert_str_eq(t, "\xef\xbf\xbdx");
    free(t);
}
END_TEST

START_TEST(test_sizes)
{
    /* every power of ten, one less and one more, the extremes: as printf */
    size_t v[256];
    int n = 0;
    v[n++] = 0;
    v[n++] = SIZE_MAX;
    for (size_t p = 1; n < 60; p *= 10) {
        v[n++] = p;
        v[n++] = p - 1;
        v[n++] = p + 1;
        if (p > SIZE_MAX / 10)
            break;
    }
    /* the digits are counted from the bits: every width, at both its ends */
    for (unsigned k = 1; k < 8 * sizeof(size_t); k++) {
        v[n++] = (size_t)1 << k;
        v[n++] = ((size_t)1 << k) - 1;
        v[n++] = ((size_t)1 << k) + 1;
    }
    for (int i = 0; i < n; i++) {
        char want[32], got[32];
        snprintf(want, sizeof want, "%zu", v[i]);
        char *e = cx_json_size(got, v[i]);
        *e = '\0';
        ck_assert_str_eq(got, want);
    }
}
END_TEST

START_TEST(test_result_json)
{
    claimx_extractor *ex;
    ck_assert_int_eq(claimx_extractor_new(NULL, &ex, NULL), CLAIMX_OK);
    const char *t = "Il a levé \"6 millions de dollars\" par an.";
    claimx_result *r;
    ck_assert_int_eq(claimx_extract(ex, t, strlen(t), &r), CLAIMX_OK);
    char *j;
    size_t n;
    ck_assert_int_eq(claimx_result_to_json(r, &j, &n), CLAIMX_OK);
    ck_assert_uint_eq(strlen(j), n);
    ck_assert_str_eq(j, "{\"lang\": \"fr\", \"claims\": [{\"kind\": \"money\", \"text\": \"6 millions de dollars\", "
                        "\"start\": 12, \"end\": 33, \"value\": 6000000, \"value_exact\": \"6000000\", "
                        "\"currency\": \"USD\", \"bound\": \"exact\", \"period\": null, \"lang\": \"fr\", "
                        "\"rule\": \"fr/money/num_cur\"}]}");
    claimx_string_free(j);
    claimx_result_free(r);
    claimx_extractor_free(ex);
}
END_TEST

/* The writer reads a claim's text 16 bytes at a time (w_text): every claim
 * of the example articles (accents, typographic quotes, no-break spaces at
 * many offsets) and of texts whose names put a non-ASCII letter at each
 * offset of a block has its text written as the reference does. */
START_TEST(test_claim_texts)
{
    claimx_extractor *ex;
    ck_assert_int_eq(claimx_extractor_new(NULL, &ex, NULL), CLAIMX_OK);
    static const char *const files[] = {"examples/articles/fr_levee_fonds_ia.txt", "examples/articles/pt_startup_brasil.txt",
                                        "examples/articles/nl_chipfabriek.txt", "examples/articles/mixed_fr_en_page.txt"};
    size_t checked = 0;
    for (size_t f = 0; f < sizeof files / sizeof *files + 40; f++) {
        char *text;
        size_t len;
        if (f < sizeof files / sizeof *files) {
            text = corpus_read_file(files[f], &len);
            ck_assert_msg(text != NULL, "%s", files[f]);
        } else {
            /* a name of k letters, then "\xc3\xa9", then more name and an amount:
             * the name's two-byte letter at every offset of a block */
            size_t k = f - sizeof files / sizeof *files;
            cx_buf b = {0};
            cx_buf_puts(&b, "Hier, Groupe A");
            for (size_t i = 0; i < k; i++)
                cx_buf_putc(&b, 'a');
            cx_buf_puts(&b, "\xc3\xa9");
            cx_buf_puts(&b, "rd Holdings a lev\xc3\xa9 12\xc2\xa0" "500 millions d'euros.");
            text = cx_buf_take(&b);
            len = strlen(text);
        }
        claimx_result *r;
        ck_assert_int_eq(claimx_extract(ex, text, len, &r), CLAIMX_OK);
        char *j;
        size_t n;
        ck_assert_int_eq(claimx_result_to_json(r, &j, &n), CLAIMX_OK);
        const char *at = j;
        for (size_t i = 0; i < claimx_result_count(r); i++) {
            const claimx_claim *c = claimx_result_get(r, i);
            cx_buf want = {0};
            cx_buf_puts(&want, "\"text\": ");
            ref_escape(&want, (const unsigned char *)c->text, strlen(c->text));
            const char *hit = strstr(at, want.p);
            ck_assert_msg(hit != NULL, "claim %zu of text %zu: %s not in the JSON", i, f, want.p);
            at = hit + want.len;
            cx_buf_free(&want);
            checked++;
        }
        claimx_string_free(j);
        claimx_result_free(r);
        free(text);
    }
    ck_assert_uint_gt(checked, 100);
    claimx_extractor_free(ex);
}
END_TEST

/* claimx_result_to_json_into: the same JSON as claimx_result_to_json, into a
 * buffer that grows when too small, kept when big enough, reused from one
 * result to the next (big, then small, then big). */
START_TEST(test_result_json_into)
{
    claimx_extractor *ex;
    ck_assert_int_eq(claimx_extractor_new(NULL, &ex, NULL), CLAIMX_OK);
    static const char *const files[] = {"examples/articles/mixed_fr_en_page.txt", "examples/articles/nl_chipfabriek.txt",
                                        "examples/articles/en_gpu_cluster.txt", "examples/articles/pt_startup_brasil.txt"};
    char *buf = NULL;
    size_t cap = 0, len = 7;
    claimx_result *r = NULL;
    ck_assert_int_eq(claimx_result_to_json_into(NULL, &buf, &cap, &len), CLAIMX_EINVAL);
    ck_assert_int_eq(claimx_extract_into(ex, "", 0, &r), CLAIMX_OK);
    ck_assert_int_eq(claimx_result_to_json_into(r, NULL, &cap, &len), CLAIMX_EINVAL);
    ck_assert_int_eq(claimx_result_to_json_into(r, &buf, NULL, &len), CLAIMX_EINVAL);
    cap = 5; /* a size without a buffer */
    ck_assert_int_eq(claimx_result_to_json_into(r, &buf, &cap, &len), CLAIMX_EINVAL);
    cap = 0;
    /* NULL, 0: a buffer is made */
    ck_assert_int_eq(claimx_result_to_json_into(r, &buf, &cap, &len), CLAIMX_OK);
    ck_assert_str_eq(buf, "{\"lang\": \"und\", \"claims\": []}");
    ck_assert_uint_eq(len, strlen(buf));
    ck_assert_uint_gt(cap, len);
    for (size_t k = 0; k < 3 * sizeof files / sizeof *files; k++) {
        size_t f = k % (sizeof files / sizeof *files), tl;
        char *text = corpus_read_file(files[f], &tl);
        ck_assert_int_eq(claimx_extract_into(ex, text, tl, &r), CLAIMX_OK);
        char *want;
        size_t wl;
        ck_assert_int_eq(claimx_result_to_json(r, &want, &wl), CLAIMX_OK);
        if (k == 4) {
            /* too small: 8 bytes */
            claimx_string_free(buf);
            buf = malloc(8);
            ck_assert_ptr_nonnull(buf);
            memcpy(buf, "garbage", 8);
            cap = 8;
        } else if (k == 8) {
            /* big: kept as it is */
            claimx_string_free(buf);
            cap = 1 << 20;
            buf = malloc(cap);
            ck_assert_ptr_nonnull(buf);
            memset(buf, 'x', cap);
        }
        char *before = buf;
        size_t cap_before = cap;
        ck_assert_int_eq(claimx_result_to_json_into(r, &buf, &cap, NULL), CLAIMX_OK);
        ck_assert_int_eq(claimx_result_to_json_into(r, &buf, &cap, &len), CLAIMX_OK);
        ck_assert_uint_eq(len, wl);
        ck_assert_uint_eq(strlen(buf), wl); /* NUL-terminated, nothing left of a longer JSON */
        ck_assert_str_eq(buf, want);
        ck_assert_uint_gt(cap, len);
        if (k == 4)
            ck_assert_uint_gt(cap, 8); /* grown */
        if (k == 8) {
            ck_assert_ptr_eq(buf, before); /* fits: not reallocated */
            ck_assert_uint_eq(cap, cap_before);
        }
        claimx_string_free(want);
        free(text);
    }
    /* a string of claimx_result_to_json() with its length + 1 as the size */
    claimx_string_free(buf);
    ck_assert_int_eq(claimx_result_to_json(r, &buf, &len), CLAIMX_OK);
    cap = len + 1;
    static const char small[] = "Il a lev\xC3\xA9 6 millions de dollars.";
    ck_assert_int_eq(claimx_extract_into(ex, small, sizeof small - 1, &r), CLAIMX_OK);
    ck_assert_int_eq(claimx_result_to_json_into(r, &buf, &cap, &len), CLAIMX_OK);
    ck_assert_ptr_nonnull(strstr(buf, "\"6 millions de dollars\""));
    ck_assert_uint_eq(strlen(buf), len);
    claimx_string_free(buf);
    claimx_result_free(r);
    claimx_extractor_free(ex);
}
END_TEST

Suite *json_suite(void)
{
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_escaping);
    tcase_add_test(tc, test_escaping_words);
    tcase_add_test(tc, test_escaping_texts);
    tcase_add_test(tc, test_reader);
    tcase_add_test(tc, test_sizes);
    tcase_add_test(tc, test_result_json);
    tcase_add_test(tc, test_claim_texts);
    tcase_add_test(tc, test_result_json_into);
    suite_add_tcase(s, tc);
    return s;
}
