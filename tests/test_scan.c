/* test_scan.c - the per-sentence token scan that every kind starts from. */
#include <string.h>

#include "claimx.h"
#include "internal.h"
#include "tests.h"

static cx_patterns P;
static cx_toks T;

static void setup(void) { ck_assert_int_eq(cx_patterns_load(&P, NULL, CLAIMX_KINDS_ALL, NULL), CLAIMX_OK); }
static void teardown(void)
{
    cx_toks_free(&T);
    cx_patterns_free(&P);
}

static const cx_lang *lang(const char *code)
{
    int l = cx_patterns_find(&P, code);
    ck_assert_int_ge(l, 0);
    return &P.langs[l];
}

/* Flags of the token spelled tok in s (it must be there, once). */
static uint32_t flags_of(const char *s, const char *tok)
{
    const char *p = strstr(s, tok);
    ck_assert_ptr_nonnull(p);
    size_t a = (size_t)(p - s), b = a + strlen(tok);
    for (size_t i = 0; i < T.n; i++)
        if (T.v[i].start == a && T.v[i].end == b)
            return T.v[i].flags;
    return 0;
}

static void scan(const char *code, const char *s)
{
    ck_assert_int_eq(cx_scan(lang(code), s, 0, strlen(s), &T), CLAIMX_OK);
}

START_TEST(test_money_tokens)
{
    const char *s = "Il a levé 450 millions d'euros, soit 5 € ou 6 $ pour MUSD.";
    scan("fr", s);
    ck_assert_uint_eq(flags_of(s, "450"), CX_T_DIGITS);
    ck_assert(flags_of(s, "millions") & CX_T_SCALE);
    ck_assert(flags_of(s, "millions") & CX_T_WORD);
    ck_assert(flags_of(s, "d'euros") & CX_T_CURPART); /* after the elision */
    ck_assert_uint_eq(flags_of(s, "€"), CX_T_SYMBOL);
    ck_assert_uint_eq(flags_of(s, "$"), CX_T_SYMBOL);
    ck_assert(flags_of(s, "Il") & CX_T_CAP);
    ck_assert(!(flags_of(s, "Il") & CX_T_UPPER));
    ck_assert(flags_of(s, "MUSD") & CX_T_UPPER);
    /* plain lower-case words are not recorded */
    ck_assert_uint_eq(flags_of(s, "levé"), 0);
    ck_assert_uint_eq(flags_of(s, "soit"), 0);
    ck_assert(T.all & CX_T_SYMBOL);
    ck_assert(T.all & CX_T_DIGITS);
}
END_TEST

START_TEST(test_words)
{
    const char *s = "entre un et deux milliards de dollars";
    scan("fr", s);
    ck_assert(flags_of(s, "entre") & CX_T_STARTER); /* {range_open} */
    ck_assert(flags_of(s, "un") & CX_T_STARTER);    /* an article that is also one */
    ck_assert(!(flags_of(s, "un") & CX_T_NUMBER));
    ck_assert_uint_eq(flags_of(s, "et"), 0);        /* joining word */
    ck_assert(flags_of(s, "deux") & CX_T_NUMBER);
    ck_assert(flags_of(s, "dollars") & CX_T_CURRENCY);
    /* a word of a multi-word currency name is a currency hint */
    const char *e = "paid in U.S. dollars";
    scan("en", e);
    ck_assert(flags_of(e, "U") & CX_T_CURPART);
}
END_TEST

START_TEST(test_gpu_words)
{
    /* the first word of a gpu_units / gpu_chips / gpu_models variant; the
     * letters glued to a model's digits get CX_T_GPUGLUE only */
    const char *s = "Ze kochten 4.096 Nvidia H100-GPU's, grafische kaarten en chip's van Gaudi 3.";
    scan("nl", s);
    ck_assert(flags_of(s, "GPU's") & CX_T_GPU);
    ck_assert(flags_of(s, "grafische") & CX_T_GPU);
    ck_assert(!(flags_of(s, "kaarten") & (CX_T_GPU | CX_T_GPUGLUE)));
    ck_assert(flags_of(s, "chip's") & CX_T_GPU); /* the word before the apostrophe */
    ck_assert(flags_of(s, "chip's") & CX_T_GPUCHIP);
    ck_assert(flags_of(s, "GPU's") & CX_T_GPUUNIT); /* starts a gpu_units variant */
    ck_assert(flags_of(s, "grafische") & CX_T_GPUUNIT);
    ck_assert(!(flags_of(s, "chip's") & CX_T_GPUUNIT));
    ck_assert(flags_of(s, "Gaudi") & CX_T_GPUMODEL);
    uint32_t h = flags_of(s, "H");
    ck_assert(h & CX_T_GPUGLUE);
    ck_assert(h & CX_T_GPUMODEL);
    ck_assert(!(h & CX_T_GPU));
    ck_assert(!(flags_of(s, "Nvidia") & (CX_T_GPU | CX_T_GPUGLUE)));
}
END_TEST

START_TEST(test_nothing)
{
    const char *s = "le chat dort sur le tapis";
    scan("fr", s);
    ck_assert_uint_eq(T.n, 0);
    ck_assert_uint_eq(T.all, 0);
    /* a sub-range: only the tokens inside it, offsets in the whole text */
    const char *t = "5 euros. Puis 7 dollars.";
    ck_assert_int_eq(cx_scan(lang("fr"), t, 9, strlen(t), &T), CLAIMX_OK);
    ck_assert_uint_eq(T.v[0].start, 9); /* "Puis" */
    ck_assert_uint_eq(flags_of(t, "7"), CX_T_DIGITS);
    ck_assert_uint_eq(flags_of(t, "5"), 0);
}
END_TEST

Suite *scan_suite(void)
{
    Suite *s = suite_create("scan");
    TCase *tc = tcase_create("scan");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_money_tokens);
    tcase_add_test(tc, test_words);
    tcase_add_test(tc, test_gpu_words);
    tcase_add_test(tc, test_nothing);
    suite_add_tcase(s, tc);
    return s;
}
