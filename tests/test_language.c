/* test_language.c - language of a passage, and of each paragraph of a page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

#include "claimx.h"
#include "internal.h"
#include "corpus.h"
#include "tests.h"

static cx_patterns P;

static void setup(void) { ck_assert_int_eq(cx_patterns_load(&P, NULL, CLAIMX_KINDS_ALL, NULL), CLAIMX_OK); }
static void teardown(void) { cx_patterns_free(&P); }

static const char *ident(const char *s)
{
    int score;
    int l = cx_lang_identify(&P, s, strlen(s), &score);
    return l < 0 ? "none" : P.langs[l].code;
}

START_TEST(test_identify)
{
    ck_assert_str_eq(ident("La société a annoncé qu'elle allait investir dans les centres de données."), "fr");
    ck_assert_str_eq(ident("Het bedrijf heeft aangekondigd dat het meer gaat investeren in datacenters."), "nl");
    ck_assert_str_eq(ident("A empresa anunciou que não vai investir mais nos centros de dados este ano."), "pt");
    ck_assert_str_eq(ident("The company said that it would invest more in its data centres this year."), "en");
    ck_assert_str_eq(ident("$ 5"), "none");
}
END_TEST

/* Upper-case words (ASCII and Latin-1 letters) count as their lower-case
 * forms, inside a long text and at its very end (the packed lookups). */
START_TEST(test_case_folds)
{
    static const char *const pairs[][2] = {{"ÉTÉ", "été"}, {"THE", "the"}, {"DAT", "dat"}, {"NÃO", "não"}};
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        char up[64], low[64];
        snprintf(up, sizeof up, "%s, %s", pairs[i][0], pairs[i][0]);
        snprintf(low, sizeof low, "%s, %s", pairs[i][1], pairs[i][1]);
        size_t cu[32] = {0}, cl[32] = {0}, total = 0;
        cx_lang_count(&P, up, strlen(up), cu);
        cx_lang_count(&P, low, strlen(low), cl);
        for (size_t L = 0; L < 32; L++) {
            ck_assert_uint_eq(cu[L], cl[L]);
            total += cl[L];
        }
        ck_assert_uint_eq(total, 4); /* each word in one list, both times */
    }
}
END_TEST

START_TEST(test_mixed_page)
{
    /* A French page with an English sidebar: "billion" means 10^12 in French
     * and 10^9 in English, so each paragraph must get its own pattern set. */
    const char *page = "La société a levé 2 billions de dollars selon les chiffres de la banque.\n"
                       "In the sidebar, the company said it had raised $2 billion from its investors.\n";
    claimx_extractor *ex;
    ck_assert_int_eq(claimx_extractor_new(NULL, &ex, NULL), CLAIMX_OK);
    claimx_result *r;
    ck_assert_int_eq(claimx_extract(ex, page, strlen(page), &r), CLAIMX_OK);
    ck_assert_uint_eq(claimx_result_count(r), 2);
    ck_assert_str_eq(claimx_result_get(r, 0)->lang, "fr");
    ck_assert_str_eq(claimx_result_get(r, 0)->value_exact, "2000000000000");
    ck_assert_str_eq(claimx_result_get(r, 1)->lang, "en");
    ck_assert_str_eq(claimx_result_get(r, 1)->value_exact, "2000000000");
    claimx_result_free(r);
    claimx_extractor_free(ex);
}
END_TEST


/* ---------- the count, the straightforward way ----------
 * Each word (a letter, then letters and apostrophes; at most 24 bytes)
 * folded by cx_fold_key() and looked up by cx_map_get(): 2 for each language
 * of the word, else 1 for each language of its part up to the apostrophe
 * ("l'", "d'"). cx_lang_count must give exactly these counts. */
static bool ref_letter(const unsigned char *u, size_t n, size_t *k, bool apos_ok)
{
    uint32_t cp = u[0];
    *k = 1;
    if (cp >= 0x80 && (*k = cx_utf8_valid_seq(u, n, &cp)) == 0) {
        *k = 1;
        return false;
    }
    if (cp < 0x80)
        return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') || (apos_ok && cp == '\'');
    return u_isalpha((UChar32)cp) != 0;
}

static void ref_count(const char *s, size_t n, size_t *counts)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t k;
        if (!ref_letter(u + i, n - i, &k, false)) {
            i += k;
            continue;
        }
        size_t a = i, k0 = k;
        for (i += k; i < n && ref_letter(u + i, n - i, &k, true); i += k)
            ;
        if (i - a > 24)
            continue;
        /* as lib/language.c has always done: when every character after
         * the first is ASCII, only ASCII letters are lowered ("ÃtÃ©"
         * is folded, "Ãtat" is not) */
        size_t f = a + (u[a] < 0x80 ? 1 : k0), kl = 0;
        while (f < i && u[f] < 0x80)
            f++;
        char key[128];
        if (f == i)
            for (size_t j = a; j < i; j++)
                key[kl++] = (char)(u[j] >= 'A' && u[j] <= 'Z' ? u[j] + 32 : u[j]);
        else
            kl = cx_fold_key(s + a, i - a, key, sizeof key);
        const cx_entry *e = kl ? cx_map_get(&P.langwords, key, kl) : NULL;
        const char *ap = memchr(key, '\'', kl);
        const cx_entry *e2 = ap ? cx_map_get(&P.langwords, key, (size_t)(ap - key) + 1) : NULL;
        uint64_t full = e ? (uint64_t)e->val : 0, part = e2 ? (uint64_t)e2->val : 0;
        for (size_t L = 0; L < P.nlangs && L < 32; L++)
            counts[L] += full >> L & 1 ? 2 : part >> L & 1 ? 1 : 0;
    }
}

static void same_count(const char *s, size_t n)
{
    size_t got[32] = {0}, want[32] = {0};
    cx_lang_count(&P, s, n, got);
    ref_count(s, n, want);
    for (size_t L = 0; L < 32; L++)
        if (got[L] != want[L])
            ck_abort_msg("language %zu: %zu, expected %zu in \"%.*s\"", L, got[L], want[L], (int)n, s);
}

START_TEST(test_reference)
{
    static const char *const files[] = {"tests/corpus/en/money.tsv",    "tests/corpus/fr/money.tsv",
                                        "tests/corpus/nl/entities.tsv", "tests/corpus/pt/money.tsv",
                                        "tests/corpus/fr/gpu.tsv",      "examples/articles/mixed_fr_en_page.txt",
                                        "examples/articles/pt_startup_brasil.txt"};
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        size_t len;
        char *text = corpus_read_file(files[f], &len);
        for (size_t a = 0; a < len;) {
            size_t b = a;
            while (b < len && text[b] != '\n')
                b++;
            /* each line whole and cut at many ends */
            for (size_t e = a; e < b; e += 3)
                same_count(text + a, e - a);
            same_count(text + a, b - a);
            a = b + 1;
        }
        same_count(text, len);
        free(text);
    }
    /* words of every shape, around the 8- and 16-byte loads */
    static const char *const pieces[] = {"The", "de", "DAT", "l'", "d'une", "'", " ", ",  ", ".", "\xC3\xA9t\xC3\xA9",
                                         "\xC3\x89T\xC3\x89", "n\xC3\xA3o", "\xE2\x82\xAC", "7", "and", "abcdefghijklmnop",
                                         "ABCDEFGHIJKLMNO", "\x80", "\xC3", "\xC4\xB0", "que", "het", "Welcome",
                                         "\xE2\x80\x99", "investeren", "a", "aujourd'hui", "\t\n", "\xC3\x97", "\xC3\xB7", "\xC3\x80",
                                         /* letters U+00C0..U+017F (the table fold of word_latin()) */
                                         "\xC5\x93", "\xC5\x92", "\xC4\x81", "\xC5\xB8", "\xC5\xBF", "\xC4\xB1",
                                         "\xC3\xA0", "\xC5", "qu'", "tamb\xC3\xA9m", "N\xC3\x83O", "\xC3\x89t\xC3\xA9",
                                         "\xC3\x89tat", "\xC5\x92uvre", "c\xC5\x93ur", "\xC3\x80s", "L'",
                                         /* Latin words that end in, at and past the sixteen bytes of one
                                          * load (word_latin16()), signs x and / inside */
                                         "d\xC3\xA9j\xC3\xA0", "l\xC3\xA0", "o\xC3\xB9", "\xC3\xA9t\xC3\xA9'", "pr\xC3\xA9sidentielles",
                                         "pr\xC3\xA9sidentielle", "abcdefghijklmn\xC3\xA9", "abcdefghijklmno\xC3\xA9",
                                         "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", ("a\xC3\x97" "b"), "\xC3\x80\xC3\xA9", "\xC3\xA0'"};
    size_t np = sizeof pieces / sizeof *pieces;
    uint64_t r = 0x2545F4914F6CDD1Dull;
    char buf[512];
    for (int it = 0; it < 3000; it++) {
        size_t n = corpus_random_text(pieces, np, &r, buf, sizeof buf);
        same_count(buf, n);
        size_t s = corpus_random(&r) % (n + 1);
        same_count(buf + s, n - s);
    }
    /* passages around the length cx_lang_count() copies (2048 bytes) */
    static char big[8192];
    for (int it = 0; it < 20; it++) {
        size_t n = 0;
        while (n < 4096)
            n += corpus_random_text(pieces, np, &r, big + n, sizeof big - n);
        for (size_t e = 2040; e <= 2056 && e <= n; e++) {
            same_count(big, e);
            same_count(big + 1, e - 1);
        }
        same_count(big, n);
    }
}
END_TEST

Suite *language_suite(void)
{
    Suite *s = suite_create("language");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_identify);
    tcase_add_test(tc, test_case_folds);
    tcase_add_test(tc, test_mixed_page);
    tcase_add_test(tc, test_reference);
    suite_add_tcase(s, tc);
    return s;
}
