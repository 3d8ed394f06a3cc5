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

#include <unicode/uchar.h>

#include "claimx.h"
#include "corpus.h"
#include "internal.h"
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

/* The letters and digits of a folded key, each case folded (PCRE2's caseless
 * matching takes a code point for any of its case partners, which fold alike). */
static size_t alnum_folded(const char *k, size_t n, UChar32 *out, size_t cap, UChar32 *first, UChar32 *last)
{
    size_t m = 0;
    *first = *last = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = cx_utf8_valid_seq((const unsigned char *)k + i, n - i, &cp);
        ck_assert_uint_gt(l, 0);
        i += l;
        if (!*first)
            *first = (UChar32)cp;
        *last = (UChar32)cp;
        if (u_isalnum((UChar32)cp) && m < cap)
            out[m++] = u_foldCase((UChar32)cp, U_FOLD_CASE_DEFAULT);
    }
    return m;
}

/* The definition of name in a gpu.pat ("name = value" lines), or NULL. */
static char *pat_def(const char *file, const char *name)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return NULL;
    char line[2048], *found = NULL;
    size_t nl = strlen(name);
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!strncmp(line, name, nl) && !strncmp(line + nl, " = ", 3)) {
            free(found);
            found = strdup(line + nl + 3);
        }
    }
    fclose(f);
    return found;
}

/* Does every unit and chip group of a gpu.pat hold its list's variants only? */
static void pat_groups_ok(const char *file)
{
    FILE *f = fopen(file, "r");
    ck_assert_msg(f != NULL, "%s", file);
    char line[2048];
    while (fgets(line, sizeof line, f)) {
        for (const char *q = line; (q = strstr(q, "(?<unit>")) != NULL; q++)
            ck_assert_msg(!strncmp(q, "(?<unit>{gpu_units})", 20), "%s: %s", file, line);
        for (const char *q = line; (q = strstr(q, "(?<chip>")) != NULL; q++)
            ck_assert_msg(!strncmp(q, "(?<chip>{gpu_chips})", 20), "%s: %s", file, line);
    }
    fclose(f);
}

/* lib/gpu.c (try_rules) skips the rule model at a place where a candidate
 * with a unit or chip word W was found, when no model name starts at or
 * after W: its match could only end past W through a model name that runs
 * over W. This holds the words and the rules to what that needs, for every
 * language: no gpu_models variant holds the letters and digits of a
 * gpu_units or gpu_chips variant other than at its start ("TPU v4" may hold
 * TPU, "GH200 superchip" may not be a model), a model starts with a letter
 * or a digit and a unit or chip word ends with one; the rule model ends
 * with {_gpu_model}{_gpu_more} as written in patterns/common/gpu.pat, and
 * the unit and chip groups hold the lists' variants. */
START_TEST(test_model_holds_no_unit)
{
    cx_patterns P;
    ck_assert_int_eq(cx_patterns_load(&P, NULL, CLAIMX_KINDS_ALL, NULL), CLAIMX_OK);
    size_t pairs = 0;
    for (size_t l = 0; l < P.nlangs; l++) {
        const cx_lang *L = &P.langs[l];
        const cx_map *models = cx_lang_list(L, "gpu_models");
        const cx_map *words[2] = {cx_lang_list(L, "gpu_units"), cx_lang_list(L, "gpu_chips")};
        ck_assert_uint_gt(models->n, 0);
        for (size_t i = 0; i < models->cap; i++) {
            if (!models->keys[i])
                continue;
            UChar32 m[256], mf, ml;
            size_t mn = alnum_folded(models->keys[i], models->klen[i], m, 256, &mf, &ml);
            ck_assert_msg(mn < 256 && u_isalnum(mf), "%s gpu_models '%s' starts with no letter or digit", L->code,
                          models->keys[i]);
            for (int k = 0; k < 2; k++) {
                for (size_t j = 0; j < words[k]->cap; j++) {
                    if (!words[k]->keys[j])
                        continue;
                    UChar32 w[256], wf, wl;
                    size_t wn = alnum_folded(words[k]->keys[j], words[k]->klen[j], w, 256, &wf, &wl);
                    ck_assert_msg(wn > 0 && wn < 256 && u_isalnum(wl), "%s %s '%s' ends with no letter or digit",
                                  L->code, k ? "gpu_chips" : "gpu_units", words[k]->keys[j]);
                    for (size_t o = 1; o + wn <= mn; o++)
                        ck_assert_msg(memcmp(m + o, w, wn * sizeof *w), "%s: gpu_models '%s' holds %s '%s'", L->code,
                                      models->keys[i], k ? "gpu_chips" : "gpu_units", words[k]->keys[j]);
                    pairs++;
                }
            }
        }
        /* the rules as lib/gpu.c reads them: a language's gpu.pat may replace a definition */
        static const char *const names[] = {"_gpu_model", "_gpu_more", "model"};
        char *def[3];
        char file[64];
        snprintf(file, sizeof file, "patterns/%s/gpu.pat", L->code);
        pat_groups_ok(file);
        pat_groups_ok("patterns/common/gpu.pat");
        for (int k = 0; k < 3; k++) {
            def[k] = pat_def(file, names[k]);
            if (!def[k])
                def[k] = pat_def("patterns/common/gpu.pat", names[k]);
            ck_assert_msg(def[k] != NULL, "%s: no %s in gpu.pat", L->code, names[k]);
        }
        ck_assert_str_eq(def[0], "(?<model>{gpu_models})(?:'?s)?(?![\\p{L}\\p{N}])");
        ck_assert_str_eq(def[1], "(?:\\s+(?:{_gpu_and})\\s+{gpu_models}(?:'?s)?(?![\\p{L}\\p{N}]))?");
        size_t n = strlen(def[2]);
        ck_assert_msg(n > 23 && !strcmp(def[2] + n - 23, "{_gpu_model}{_gpu_more}"), "%s: model = %s", L->code,
                      def[2]);
        for (int k = 0; k < 3; k++)
            free(def[k]);
    }
    ck_assert_uint_gt(pairs, 100);
    cx_patterns_free(&P);
}
END_TEST

/* lib/gpu.c's load-time tables (lib/patterns.c build_gpu_tables) agree with
 * the maps they stand for: the gpu_follow trie finds each key's val at the
 * key's node, every prefix of a key has a node, and a byte string no key
 * begins with has none (so walking it is looking up every prefix); a bit of
 * gpu_num2 is set exactly when the two letters begin a numbers.txt key, one
 * of gpu_cnt2 when they begin that or an anchors key flagged CX_T_NUMBER or
 * CX_T_STARTER; gpu_cnt3 likewise for three letters (and gpu_num3), and
 * gpu_word1/gpu_word2 for the anchors number words and starters of one or
 * two letters. */
START_TEST(test_gpu_tables)
{
    cx_patterns P;
    ck_assert_int_eq(cx_patterns_load(&P, NULL, CLAIMX_KINDS_ALL, NULL), CLAIMX_OK);
    size_t keys = 0, pairs = 0, cnt3 = 0, words = 0;
    for (size_t l = 0; l < P.nlangs; l++) {
        const cx_lang *L = &P.langs[l];
        const cx_map *m = &L->gpu_follow;
        ck_assert(m->n == 0 || L->gpu_fol != NULL);
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->keys[i])
                continue;
            uint32_t n = CX_KEYPRE_ROOT;
            for (size_t j = 0; j < m->klen[i]; j++) {
                n = cx_keypre_next(L->gpu_fol, n, (unsigned char)m->keys[i][j]);
                ck_assert_uint_ne(n, 0);
                const cx_entry *e = cx_map_get(m, m->keys[i], j + 1);
                ck_assert_uint_eq(L->gpu_fol_val[n], e ? (uint32_t)e->val : 0u);
            }
            /* one byte more that no key goes on with: no node */
            for (unsigned c = 1; c < 256; c++) {
                char k[128];
                if (m->klen[i] + 1 > sizeof k)
                    break;
                memcpy(k, m->keys[i], m->klen[i]);
                k[m->klen[i]] = (char)c;
                bool some = false;
                for (size_t x = 0; x < m->cap && !some; x++)
                    some = m->keys[x] && m->klen[x] > m->klen[i] && !memcmp(m->keys[x], k, m->klen[i] + 1);
                ck_assert_int_eq(cx_keypre_next(L->gpu_fol, n, (unsigned char)c) != 0, some);
            }
            keys++;
        }
        /* gpu_fol1, gpu_fol2: the trie's nodes of one and two ASCII letters */
        for (unsigned a = 0; L->gpu_fol && a < 26; a++) {
            uint32_t n1 = cx_keypre_next(L->gpu_fol, CX_KEYPRE_ROOT, (unsigned char)('a' + a));
            ck_assert_uint_eq(L->gpu_fol1[a], n1);
            for (unsigned b = 0; n1 && b < 26; b++)
                ck_assert_uint_eq(L->gpu_fol2[a][b], cx_keypre_next(L->gpu_fol, n1, (unsigned char)('a' + b)));
        }
        /* gpu_rule_ix: the GPU rules among the first 64, in order */
        size_t g = 0;
        for (size_t ri = 0; ri < L->nrules && ri < 64; ri++)
            if (L->rules[ri].kind == CLAIMX_GPU_COUNT) {
                ck_assert_uint_lt(g, L->ngpu_rules);
                ck_assert_uint_eq(L->gpu_rule_ix[g++], ri);
            }
        ck_assert_uint_eq(g, L->ngpu_rules);
        ck_assert_uint_gt(g, 0);
        /* gpu_all_follow: every GPU rule has a follow test */
        bool all = true;
        for (size_t gi = 0; gi < L->ngpu_rules; gi++)
            all &= L->rules[L->gpu_rule_ix[gi]].follow_slot != 0;
        ck_assert_int_eq(L->gpu_all_follow, all);
        const cx_map *num = &L->numbers;
        for (unsigned a = 0; a < 26; a++)
            for (unsigned b = 0; b < 26; b++) {
                bool some = false;
                for (size_t x = 0; x < num->cap && !some; x++)
                    some = num->keys[x] && num->klen[x] >= 2 && num->keys[x][0] == (char)('a' + a) &&
                           num->keys[x][1] == (char)('a' + b);
                ck_assert_int_eq(L->gpu_num2[a] >> b & 1, some);
                pairs += some;
                /* gpu_cnt2: those, and the anchors' number words and starters */
                const cx_map *an = &L->anchors;
                for (size_t x = 0; x < an->cap && !some; x++)
                    some = an->keys[x] && an->klen[x] >= 2 && (an->vals[x].val & (CX_T_NUMBER | CX_T_STARTER)) &&
                           an->keys[x][0] == (char)('a' + a) && an->keys[x][1] == (char)('a' + b);
                ck_assert_int_eq(L->gpu_cnt2[a] >> b & 1, some);
                /* gpu_num3: three letters beginning a numbers key, or a pair
                 * that is a key flagged compound (not a joining word nor an article) */
                char two[2] = {(char)('a' + a), (char)('a' + b)};
                const cx_entry *e2 = cx_map_get(num, two, 2);
                bool pair_key = e2 && !(e2->flags & (CX_F_JOIN | CX_F_ARTICLE));
                for (unsigned c = 0; c < 26; c++) {
                    bool three = pair_key;
                    for (size_t x = 0; x < num->cap && !three; x++)
                        three = num->keys[x] && num->klen[x] >= 3 && num->keys[x][0] == two[0] &&
                                num->keys[x][1] == two[1] && num->keys[x][2] == (char)('a' + c);
                    ck_assert_int_eq(L->gpu_num3[a][b] >> c & 1, (L->gpu_num2[a] >> b & 1) && three);
                    /* gpu_cnt3: those, and three letters beginning an anchors
                     * number word or starter */
                    bool three_an = false;
                    for (size_t x = 0; x < an->cap && !three_an; x++)
                        three_an = an->keys[x] && an->klen[x] >= 3 &&
                                   (an->vals[x].val & (CX_T_NUMBER | CX_T_STARTER)) && an->keys[x][0] == two[0] &&
                                   an->keys[x][1] == two[1] && an->keys[x][2] == (char)('a' + c);
                    bool want = num->maxkey < 3 || (L->gpu_num3[a][b] >> c & 1) || three_an;
                    ck_assert_int_eq(L->gpu_cnt3[a][b] >> c & 1, want);
                    if (want)
                        ck_assert(L->gpu_cnt2[a] >> b & 1);
                    cnt3 += want;
                }
                /* gpu_word1, gpu_word2: anchors number words and starters
                 * of one or two letters */
                const cx_entry *w2 = cx_map_get(an, two, 2);
                ck_assert_int_eq(L->gpu_word2[a] >> b & 1, w2 && (w2->val & (CX_T_NUMBER | CX_T_STARTER)));
                words += w2 && (w2->val & (CX_T_NUMBER | CX_T_STARTER));
            }
        for (unsigned a = 0; a < 26; a++) {
            char one = (char)('a' + a);
            const cx_entry *w1 = cx_map_get(&L->anchors, &one, 1);
            ck_assert_int_eq(L->gpu_word1 >> a & 1, w1 && (w1->val & (CX_T_NUMBER | CX_T_STARTER)));
            words += w1 && (w1->val & (CX_T_NUMBER | CX_T_STARTER));
        }
    }
    ck_assert_uint_gt(keys, 10);
    ck_assert_uint_gt(pairs, 10);
    ck_assert_uint_gt(cnt3, 10);
    ck_assert_uint_gt(words, 2); /* en "a", "an", fr "un", pt "um" */
    cx_patterns_free(&P);
}
END_TEST

Suite *gpu_suite(void)
{
    corpus_load(&gpu);
    Suite *s = suite_create("gpu");
    TCase *tc = tcase_create("corpus");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_corpus_size);
    tcase_add_test(tc, test_model_holds_no_unit);
    tcase_add_test(tc, test_gpu_tables);
    tcase_add_loop_test(tc, test_corpus_row, 0, gpu.nrows);
    suite_add_tcase(s, tc);
    return s;
}
