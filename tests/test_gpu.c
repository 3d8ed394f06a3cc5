/*
 * test_gpu.c - table-driven GPU count tests, the same runner as test_money.c:
 * every line of tests/corpus/<lang>/gpu.tsv (input, value, model, vendor,
 * bound, text; several claims separated by " ; ", "-" for none and for a
 * null model or vendor) is one test case, run with the language forced and
 * only the gpu kind. Lines listed in tests/corpus/known_failures.tsv
 * (lang<TAB>input) are expected to fail and are counted aloud.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimx.h"
#include "tests.h"

#define MAXROWS 2000

typedef struct row {
    char lang[8];
    char *cols[6];
    int line;
    int known_failure;
} row;

static row rows[MAXROWS];
static int nrows;
static claimx_extractor *ex_by_lang[8];
static char langs[8][8];
static int nlangs;

static char *dupn(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static int is_known_failure(const char *lang, const char *input)
{
    FILE *f = fopen("tests/corpus/known_failures.tsv", "r");
    if (!f)
        return 0;
    char buf[4096];
    int found = 0;
    while (!found && fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\n")] = '\0';
        char *tab = strchr(buf, '\t');
        if (buf[0] == '#' || !tab)
            continue;
        *tab = '\0';
        found = !strcmp(buf, lang) && !strcmp(tab + 1, input);
    }
    fclose(f);
    return found;
}

static void load_corpus(void)
{
    if (nrows)
        return;
    DIR *d = opendir("tests/corpus");
    if (!d) {
        fprintf(stderr, "test_gpu: tests/corpus not found: run the tests from the repository root\n");
        exit(1);
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || strlen(e->d_name) > 7)
            continue;
        char path[512];
        snprintf(path, sizeof path, "tests/corpus/%s/gpu.tsv", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        memcpy(langs[nlangs++], e->d_name, strlen(e->d_name) + 1); /* at most 7 bytes: checked above */
        char *line = NULL;
        size_t cap = 0;
        int ln = 0;
        while (getline(&line, &cap, f) > 0) {
            ln++;
            line[strcspn(line, "\r\n")] = '\0';
            if (!line[0] || line[0] == '#')
                continue;
            row *r = &rows[nrows];
            memcpy(r->lang, e->d_name, strlen(e->d_name) + 1);
            r->line = ln;
            char *p = line;
            int c = 0;
            for (; c < 6; c++) {
                char *t = strchr(p, '\t');
                size_t n = t ? (size_t)(t - p) : strlen(p);
                r->cols[c] = dupn(p, n);
                if (!t) {
                    c++;
                    break;
                }
                p = t + 1;
            }
            if (c != 6) {
                fprintf(stderr, "%s:%d: expected 6 tab-separated columns\n", path, ln);
                exit(1);
            }
            r->known_failure = is_known_failure(r->lang, r->cols[0]);
            if (++nrows == MAXROWS)
                break;
        }
        free(line);
        fclose(f);
        if (nlangs == 8)
            break;
    }
    closedir(d);
}

/* split "a ; b ; c" in place; a lone "-" is no item at all */
/* split "a ; b ; c" in place, keeping "-" items (a null model or vendor) */
static int split_items(char *s, char **out, int max)
{
    int n = 0;
    for (char *p = s; n < max;) {
        char *sep = strstr(p, " ; ");
        out[n++] = p;
        if (!sep)
            break;
        *sep = '\0';
        p = sep + 3;
    }
    return n;
}

static int split(char *s, char **out, int max)
{
    if (!strcmp(s, "-"))
        return 0;
    return split_items(s, out, max);
}

static const char *bound_s[] = {"exact", "approx", "at_least", "at_most"};

/* Returns NULL when the row passes, else a description of the difference. */
static char *check_row(const row *r)
{
    static char why[2048];
    int li = 0;
    while (li < nlangs && strcmp(langs[li], r->lang))
        li++;
    if (!ex_by_lang[li]) {
        claimx_options o;
        claimx_options_init(&o);
        o.lang = r->lang;
        o.kinds = CLAIMX_KIND_BIT(CLAIMX_GPU_COUNT);
        ck_assert_int_eq(claimx_extractor_new(&o, &ex_by_lang[li], NULL), CLAIMX_OK);
    }
    claimx_result *res;
    ck_assert_int_eq(claimx_extract(ex_by_lang[li], r->cols[0], strlen(r->cols[0]), &res), CLAIMX_OK);
    char *cols[6];
    for (int c = 1; c < 6; c++)
        cols[c] = strdup(r->cols[c]);
    char *v[16], *model[16], *vendor[16], *b[16], *txt[16];
    int n = split(cols[1], v, 16);
    int nm = split_items(cols[2], model, 16), nv = split_items(cols[3], vendor, 16);
    int nb = split(cols[4], b, 16), nt = split(cols[5], txt, 16);
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
    const row *r = &rows[_i];
    char *why = check_row(r);
    if (r->known_failure) {
        ck_assert_msg(why != NULL, "%s/gpu.tsv:%d now passes: remove it from known_failures.tsv", r->lang,
                      r->line);
        return;
    }
    ck_assert_msg(why == NULL, "%s/gpu.tsv:%d: %s\n  input: %s", r->lang, r->line, why ? why : "",
                  r->cols[0]);
}
END_TEST

START_TEST(test_corpus_size)
{
    /* the issue asks for at least 40 cases per language, negatives included */
    for (int l = 0; l < nlangs; l++) {
        int n = 0, neg = 0, known = 0;
        for (int i = 0; i < nrows; i++)
            if (!strcmp(rows[i].lang, langs[l])) {
                n++;
                neg += !strcmp(rows[i].cols[1], "-");
                known += rows[i].known_failure;
            }
        printf("gpu corpus %s: %d cases, %d negatives, %d known failures\n", langs[l], n, neg, known);
        ck_assert_msg(n >= 40, "%s: only %d gpu cases", langs[l], n);
        ck_assert_msg(neg >= 10, "%s: only %d negative cases", langs[l], neg);
    }
    ck_assert_int_ge(nlangs, 4);
}
END_TEST

Suite *gpu_suite(void)
{
    load_corpus();
    Suite *s = suite_create("gpu");
    TCase *tc = tcase_create("corpus");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_corpus_size);
    tcase_add_loop_test(tc, test_corpus_row, 0, nrows);
    suite_add_tcase(s, tc);
    return s;
}
