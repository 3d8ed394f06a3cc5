/*
 * test_gpu.c - table-driven GPU count tests, the same runner as test_money.c:
 * every line of tests/corpus/<lang>/gpu.tsv (input, value, model, vendor,
 * bound, text; several claims separated by " ; ", "-" for none and for a
 * null model or vendor) is one test case, run with the language forced and
 * only the gpu kind. Lines listed in tests/corpus/known_failures.tsv
 * (lang<TAB>input) are expected to fail and are counted aloud.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimx.h"
#include "corpus.h"
#include "tests.h"

static corpus gpu = {.file = "gpu.tsv", .ncols = 6, .kinds = CLAIMX_KIND_BIT(CLAIMX_GPU_COUNT)};

static const char *bound_s[] = {"exact", "approx", "at_least", "at_most"};

/* Returns NULL when the row passes, else a description of the difference. */
static char *check_row(const corpus_row *r)
{
    static char why[2048];
    claimx_result *res;
    ck_assert_int_eq(claimx_extract(corpus_extractor(&gpu, r->lang), r->cols[0], strlen(r->cols[0]), &res), CLAIMX_OK);
    char *cols[6];
    for (int c = 1; c < 6; c++)
        cols[c] = strdup(r->cols[c]);
    char *v[16], *model[16], *vendor[16], *b[16], *txt[16];
    int n = corpus_split(cols[1], v, 16, 1);
    int nm = corpus_split(cols[2], model, 16, 0), nv = corpus_split(cols[3], vendor, 16, 0);
    int nb = corpus_split(cols[4], b, 16, 1), nt = corpus_split(cols[5], txt, 16, 1);
    char *res_why = NULL;
    size_t got = claimx_result_count(res);
    ck_assert_msg((n == 0 || (nm == n && nv == n)) && nb == n && nt == n, "%s/gpu.tsv:%d: columns disagree on the number of claims",
                  r->lang, r->line);
    if ((int)got != n) {
        snprintf(why, sizeof why, "expected %d claims, got %zu", n, got);
        res_why = why;
    }
    for (int i = 0; i < n && !res_why; i++) {
        const claimx_claim *c = claimx_result_get(res, (size_t)i);
        const char *m = c->model ? c->model : "-", *ve = c->vendor ? c->vendor : "-";
        if (c->kind != CLAIMX_GPU_COUNT || strcmp(c->value_exact, v[i]) || strcmp(m, model[i]) ||
            strcmp(ve, vendor[i]) || strcmp(bound_s[c->bound], b[i]) || strcmp(c->text, txt[i])) {
            snprintf(why, sizeof why, "claim %d: expected %s %s %s %s \"%s\", got %s %s %s %s \"%s\"", i, v[i],
                     model[i], vendor[i], b[i], txt[i], c->value_exact, m, ve, bound_s[c->bound], c->text);
            res_why = why;
        }
    }
    if (res_why && got && (int)got != n) {
        size_t l = strlen(why);
        for (size_t i = 0; i < got && l < sizeof why - 200; i++) {
            const claimx_claim *c = claimx_result_get(res, i);
            l += (size_t)snprintf(why + l, sizeof why - l, " [%s \"%s\"]", c->value_exact, c->text);
        }
    }
    for (int c = 1; c < 6; c++)
        free(cols[c]);
    claimx_result_free(res);
    return res_why;
}

START_TEST(test_corpus_row)
{
    const corpus_row *r = &gpu.rows[_i];
    corpus_assert_row(&gpu, r, check_row(r));
}
END_TEST

START_TEST(test_corpus_size)
{
    /* the issue asks for at least 40 cases per language, negatives included */
    corpus_assert_size(&gpu, "gpu", 40, 10);
}
END_TEST

Suite *gpu_suite(void)
{
    corpus_load(&gpu);
    Suite *s = suite_create("gpu");
    TCase *tc = tcase_create("corpus");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_corpus_size);
    tcase_add_loop_test(tc, test_corpus_row, 0, gpu.nrows);
    suite_add_tcase(s, tc);
    return s;
}
