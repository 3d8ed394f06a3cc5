/* test_language.c - language of a passage, and of each paragraph of a page. */
#include <stdio.h>
#include <string.h>

#include "claimx.h"
#include "internal.h"
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

Suite *language_suite(void)
{
    Suite *s = suite_create("language");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_identify);
    tcase_add_test(tc, test_case_folds);
    tcase_add_test(tc, test_mixed_page);
    suite_add_tcase(s, tc);
    return s;
}
