/* test_patterns.c - loading, overriding and compiling the pattern data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "claimx.h"
#include "internal.h"
#include "tests.h"

static char dir[64];

static void put(const char *rel, const char *content)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    char *slash = strrchr(p, '/');
    *slash = '\0';
    mkdir(p, 0700);
    *slash = '/';
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs(content, f);
    fclose(f);
}

static void mktmp(void)
{
    snprintf(dir, sizeof dir, "/tmp/claimx-pat-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static int load_err(char **msg)
{
    claimx_options o;
    claimx_options_init(&o);
    o.pattern_dir = dir;
    claimx_extractor *ex = NULL;
    int rc = claimx_extractor_new(&o, &ex, msg);
    claimx_extractor_free(ex);
    return rc;
}

/* Loading dir fails with want (any error when want is CLAIMX_OK), and its
 * message holds every needle of the NULL-ended list. */
static void expect_load_error(int want, const char *const *needles)
{
    char *msg = NULL;
    int rc = load_err(&msg);
    if (want == CLAIMX_OK)
        ck_assert_int_ne(rc, CLAIMX_OK);
    else
        ck_assert_int_eq(rc, want);
    for (; *needles; needles++)
        ck_assert_msg(msg && strstr(msg, *needles), "message: %s (want %s)", msg ? msg : "(null)", *needles);
    claimx_string_free(msg);
}
#define EXPECT_LOAD_ERROR(want, ...) expect_load_error(want, (const char *const[]){__VA_ARGS__, NULL})

/* CX_UCP_SPACE matches exactly the characters \s does under the options of
 * the rules (UTF, UCP, caseless), over every code point; and cx_spell_spaces()
 * rewrites only \s?+ outside classes and before the given offset. */
static bool one_match(pcre2_code *c, uint32_t cp, pcre2_match_data *md)
{
    char u[5];
    size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (n == 1) {
        u[0] = (char)cp;
    } else {
        for (size_t k = n - 1; k > 0; k--) {
            u[k] = (char)(0x80 | (cp & 0x3F));
            cp >>= 6;
        }
        u[0] = (char)((n == 2 ? 0xC0 : n == 3 ? 0xE0 : 0xF0) | cp);
    }
    return pcre2_match(c, (PCRE2_SPTR)u, n, 0, 0, md, NULL) >= 0;
}

START_TEST(test_ucp_space_class)
{
    const uint32_t o = PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_ANCHORED;
    int err;
    PCRE2_SIZE off;
    pcre2_code *a = pcre2_compile((PCRE2_SPTR) "\\s\\z", PCRE2_ZERO_TERMINATED, o, &err, &off, NULL);
    pcre2_code *b = pcre2_compile((PCRE2_SPTR)CX_UCP_SPACE "\\z", PCRE2_ZERO_TERMINATED, o, &err, &off, NULL);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    pcre2_match_data *md = pcre2_match_data_create(4, NULL);
    unsigned spaces = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        bool x = one_match(a, cp, md), y = one_match(b, cp, md);
        ck_assert_msg(x == y, "U+%04X: \\s %d, class %d", cp, x, y);
        spaces += x;
    }
    ck_assert_uint_ge(spaces, 25); /* the test saw both kinds */
    pcre2_match_data_free(md);
    pcre2_code_free(a);
    pcre2_code_free(b);

    const char *src = "a\\s?+b[\\s?+]\\s+\\\\s?+\\s??\\s?c\\s?+(?(DEFINE)\\s?+)";
    cx_buf out = {0};
    cx_spell_spaces(src, strlen(src), (size_t)(strstr(src, "(?(DEFINE)") - src), &out);
    ck_assert_str_eq(out.p, "a" CX_UCP_SPACE "?+b[\\s?+]\\s+\\\\s?+\\s??\\s?c" CX_UCP_SPACE "?+(?(DEFINE)\\s?+)");
    cx_buf_free(&out);
}
END_TEST

/* patterns/common/numbers.pat writes {lead_number}, once (?<!\p{L}){number}
 * with {number} = {digits}|{spelled}, as (?<![\p{L}\p{N}.,]){_digit_run}|{spelled}.
 * Both forms (with a small word list for {numbers}) give the same match at
 * every offset of every string of up to 5 characters over an alphabet of
 * letters, digits (ASCII and not), separators and spaces. */
START_TEST(test_lead_number_one_lookbehind)
{
    const char *run = "(?>[0-9]{1,3}(?:[ .,'][0-9]{3})+(?:[.,][0-9]+)?(?!\\p{N}|[.,][0-9])|[0-9]+(?:[.,][0-9]+)?(?!\\p{N}|[.,][0-9]))";
    const char *sp = "(?<!\\p{L})(?:un|deux)(?:(?:\\s+et\\s+|-et-|\\s+|-)(?:un|deux))*(?!\\p{L})";
    char old_p[1024], new_p[1024];
    snprintf(old_p, sizeof old_p, "(?<!\\p{L})(?:(?:(?<![\\p{N}.,])%s)|(?:%s))", run, sp);
    snprintf(new_p, sizeof new_p, "(?:(?<![\\p{L}\\p{N}.,])(?:%s)|(?:%s))", run, sp);
    const uint32_t o = PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_ANCHORED;
    int err;
    PCRE2_SIZE off;
    pcre2_code *a = pcre2_compile((PCRE2_SPTR)old_p, PCRE2_ZERO_TERMINATED, o, &err, &off, NULL);
    pcre2_code *b = pcre2_compile((PCRE2_SPTR)new_p, PCRE2_ZERO_TERMINATED, o, &err, &off, NULL);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    pcre2_match_data *ma = pcre2_match_data_create(4, NULL), *mb = pcre2_match_data_create(4, NULL);
    static const char *const alpha[] = {"1", "2", "0", ".", ",", " ", "'", "a", "\xC3\xA9", "\xD9\xA3", "un", "deux", "-"};
    const size_t na = sizeof alpha / sizeof *alpha;
    size_t idx[5], total = 0, hits = 0;
    for (size_t len = 1; len <= 5; len++) {
        memset(idx, 0, sizeof idx);
        for (;;) {
            char s[64];
            size_t n = 0, starts[6], ns = 0;
            for (size_t k = 0; k < len; k++) {
                starts[ns++] = n;
                size_t l = strlen(alpha[idx[k]]);
                memcpy(s + n, alpha[idx[k]], l);
                n += l;
            }
            for (size_t k = 0; k < ns; k++) {
                int ra = pcre2_match(a, (PCRE2_SPTR)s, n, starts[k], 0, ma, NULL);
                int rb = pcre2_match(b, (PCRE2_SPTR)s, n, starts[k], 0, mb, NULL);
                ck_assert_int_eq(ra >= 0, rb >= 0);
                if (ra >= 0) {
                    ck_assert_uint_eq(pcre2_get_ovector_pointer(ma)[1], pcre2_get_ovector_pointer(mb)[1]);
                    hits++;
                }
                total++;
            }
            size_t k = 0;
            while (k < len && ++idx[k] == na)
                idx[k++] = 0;
            if (k == len)
                break;
        }
    }
    ck_assert_uint_gt(hits, 1000);
    ck_assert_uint_gt(total - hits, 1000);
    pcre2_match_data_free(ma);
    pcre2_match_data_free(mb);
    pcre2_code_free(a);
    pcre2_code_free(b);
}
END_TEST

/* patterns/common/gpu.pat: {_gpu_after}, which ends its rules, without its
 * look-ahead (?={gpu_vendors}|{gpu_models}): the old and the new form, at the
 * end of a pattern, with small lists, give the same match and groups on every
 * string of "x" then up to 4 pieces of an alphabet of list words, connector
 * words, spaces, letters, digits and "'s". */
START_TEST(test_gpu_after_one_test_of_the_vendor)
{
    const char *v = "(?<!\\p{L})(?:nvidia|amd)(?!\\p{L}(?<=\\p{L}\\p{L}))";
    const char *m = "(?<!\\p{L})(?:h100|a100|mi300x?)(?!\\p{L}(?<=\\p{L}\\p{L}))";
    const char *m2 = "(?:(?<model2>%s)(?:'?s)?(?![\\p{L}\\p{N}]))";
    char m2s[512], old_p[2048], new_p[2048];
    snprintf(m2s, sizeof m2s, m2, m);
    snprintf(old_p, sizeof old_p,
             "x(?:\\s+(?:(?:de|d'|de type)\\s+)?(?=%s|%s)(?:(?<vendor2>%s)(?:\\s+(?=%s))?)?%s?)?", v, m, v, m, m2s);
    snprintf(new_p, sizeof new_p,
             "x(?:\\s+(?:(?:de|d'|de type)\\s+)?(?:(?<vendor2>%s)(?:\\s+(?=%s))?|(?=%s))%s?)?", v, m, m, m2s);
    const uint32_t o = PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_ANCHORED;
    int err;
    PCRE2_SIZE off;
    pcre2_code *a = pcre2_compile((PCRE2_SPTR)old_p, PCRE2_ZERO_TERMINATED, o, &err, &off, NULL);
    pcre2_code *b = pcre2_compile((PCRE2_SPTR)new_p, PCRE2_ZERO_TERMINATED, o, &err, &off, NULL);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    pcre2_match_data *ma = pcre2_match_data_create(4, NULL), *mb = pcre2_match_data_create(4, NULL);
    static const char *const alpha[] = {" ",   "  ", "de", "d'", "type", "nvidia", "amd", "h100",
                                        "a100", "mi300", "x", "s", "'s", "2", "é"};
    const size_t na = sizeof alpha / sizeof *alpha;
    size_t idx[4], longer = 0, vend = 0, mod = 0;
    for (size_t len = 0; len <= 4; len++) {
        memset(idx, 0, sizeof idx);
        for (;;) {
            char s[64] = "x";
            size_t n = 1;
            for (size_t k = 0; k < len; k++) {
                size_t l = strlen(alpha[idx[k]]);
                memcpy(s + n, alpha[idx[k]], l);
                n += l;
            }
            int ra = pcre2_match(a, (PCRE2_SPTR)s, n, 0, 0, ma, NULL);
            int rb = pcre2_match(b, (PCRE2_SPTR)s, n, 0, 0, mb, NULL);
            ck_assert_int_eq(ra, rb);
            PCRE2_SIZE *oa = pcre2_get_ovector_pointer(ma), *ob = pcre2_get_ovector_pointer(mb);
            for (int g = 0; g < ra; g++) {
                ck_assert_uint_eq(oa[2 * g], ob[2 * g]);
                ck_assert_uint_eq(oa[2 * g + 1], ob[2 * g + 1]);
            }
            longer += oa[1] > 1;
            vend += ra > 1 && oa[2] != PCRE2_UNSET;
            mod += ra > 2 && oa[4] != PCRE2_UNSET;
            size_t k = 0;
            while (k < len && ++idx[k] == na)
                idx[k++] = 0;
            if (k == len)
                break;
        }
    }
    ck_assert_uint_gt(longer, 500); /* the strings reached every way */
    ck_assert_uint_gt(vend, 100);
    ck_assert_uint_gt(mod, 100);
    pcre2_match_data_free(ma);
    pcre2_match_data_free(mb);
    pcre2_code_free(a);
    pcre2_code_free(b);
}
END_TEST

/* compile_shared(): in each shared pattern, the branches of rules whose first
 * character is neither a digit nor non-ASCII (range_between, mcode_num) come
 * before the others, each group in rule order; the branches stay numbered
 * 1..n, one per rule. That the rules match as before is the corpora's and
 * the golden file's to show. */
/* A shared pattern's last branch has no callout: a failed attempt of an
 * earlier rule ends at its (*COMMIT) and never runs the last rule, even
 * where that one would match. */
/* The match state of cx_try_rule() over a loaded pattern set (P's
 * groups, the branch-selecting callout, no JIT stack until one is needed),
 * first over text t. Its env points into R: R must stay where it is. */
typedef struct rule_env {
    pcre2_match_data *md;
    pcre2_match_context *mc;
    int branch;
    uint32_t flags;
    cx_stats st;
    pcre2_jit_stack *js;
    cx_match_env env;
} rule_env;

static void rule_env_open(rule_env *R, const cx_patterns *P, const cx_lang *L, const char *t)
{
    memset(R, 0, sizeof *R);
    R->md = pcre2_match_data_create(P->max_groups, NULL);
    R->mc = pcre2_match_context_create(NULL);
    ck_assert(R->md && R->mc);
    pcre2_set_callout(R->mc, cx_branch_callout, &R->branch);
    R->env = (cx_match_env){.lang = L, .text = t, .start = 0, .end = strlen(t), .md = R->md, .mctx = R->mc,
                            .limit_flags = &R->flags, .stats = &R->st, .jit = &R->js, .jit_max = 1 << 20,
                            .branch = &R->branch};
}

static void rule_env_close(rule_env *R)
{
    pcre2_jit_stack_free(R->js);
    pcre2_match_context_free(R->mc);
    pcre2_match_data_free(R->md);
}

/* n lines "EUR|w" of a currency list, w nine random lower-case letters
 * (few shared prefixes: a large trie) from seed; the 18th w into w17 (16
 * bytes) unless NULL. */
static void put_random_euros(cx_buf *cur, uint32_t seed, int n, char *w17)
{
    for (int i = 0; i < n; i++) {
        char w[16];
        for (int k = 0; k < 9; k++) {
            seed = seed * 1103515245u + 12345u;
            w[k] = (char)('a' + (seed >> 16) % 26);
        }
        w[9] = '\0';
        cx_buf_printf(cur, "EUR|%s\n", w);
        if (i == 17 && w17)
            memcpy(w17, w, sizeof w);
    }
}

START_TEST(test_shared_failed_branch_commits)
{
    mktmp();
    cx_buf cur = {0};
    put_random_euros(&cur, 777, 300, NULL); /* a large list, so that the rules share */
    cx_buf_puts(&cur, "JPY|zorka|zorkas\n");
    put("xx/language.txt", "decimal|,\nwords|blub|blab|blob\n");
    put("xx/currencies.txt", cur.p);
    cx_buf_free(&cur);
    put("xx/money.pat", "bang = (?<num>\\d+)\\s(?<cur1>{currencies})!\n"
                        "plain = (?<num>\\d+)\\s(?<cur1>{currencies})\n");
    cx_patterns P;
    char *emsg = NULL;
    int lrc = cx_patterns_load(&P, dir, CLAIMX_KIND_BIT(CLAIMX_MONEY), &emsg);
    ck_assert_msg(lrc == CLAIMX_OK, "%d %s", lrc, emsg ? emsg : "");
    const cx_lang *L = &P.langs[cx_patterns_find(&P, "xx")];
    ck_assert_uint_eq(L->nrules, 2);
    ck_assert_ptr_eq(L->rules[0].code, L->rules[1].code);
    ck_assert_int_eq(L->rules[0].branch, 1);
    ck_assert_int_eq(L->rules[1].branch, 2);
    const char *t = "6 zorkas blub";
    rule_env R;
    rule_env_open(&R, &P, L, t);
    cx_match_env env = R.env;
    cx_groups g;
    size_t ms, me;
    ck_assert(!cx_try_rule(&env, &L->rules[0], 0, &g, &ms, &me)); /* bang: no "!", and not plain's match */
    ck_assert(cx_try_rule(&env, &L->rules[1], 0, &g, &ms, &me)); /* plain, the last branch */
    ck_assert_uint_eq(me, 8);
    t = "6 zorkas! blub";
    env.text = t;
    env.end = strlen(t);
    ck_assert(cx_try_rule(&env, &L->rules[0], 0, &g, &ms, &me));
    ck_assert_uint_eq(me, 9);
    ck_assert_uint_eq(R.flags, 0);
    ck_assert_uint_eq(R.st.limit_errors, 0);
    rule_env_close(&R);
    cx_patterns_free(&P);
}
END_TEST

START_TEST(test_shared_word_branches_first)
{
    cx_patterns P;
    ck_assert_int_eq(cx_patterns_load(&P, NULL, CLAIMX_KINDS_ALL, NULL), CLAIMX_OK);
    size_t moved = 0;
    for (size_t l = 0; l < P.nlangs; l++) {
        const cx_lang *L = &P.langs[l];
        for (size_t i = 0; i < L->nrules; i++) {
            const cx_rule *a = &L->rules[i];
            if (!a->branch)
                continue;
            bool wa = a->has_first;
            for (unsigned c = 0; wa && c < 256; c++)
                if ((c >= '0' && c <= '9') || c >= 0x80)
                    wa = !((a->first[c >> 3] >> (c & 7)) & 1);
            for (size_t j = 0; j < L->nrules; j++) {
                const cx_rule *b = &L->rules[j];
                if (j == i || b->code != a->code)
                    continue;
                ck_assert_uint_ne(a->branch, b->branch);
                bool wb = b->has_first;
                for (unsigned c = 0; wb && c < 256; c++)
                    if ((c >= '0' && c <= '9') || c >= 0x80)
                        wb = !((b->first[c >> 3] >> (c & 7)) & 1);
                if (wa && !wb) {
                    ck_assert_uint_lt(a->branch, b->branch);
                    moved += j < i;
                } else if (wa == wb) {
                    ck_assert_int_eq(a->branch < b->branch, i < j);
                }
            }
        }
    }
    ck_assert_uint_gt(moved, 0); /* some branch went before a rule defined before it */
    cx_patterns_free(&P);
}
END_TEST

START_TEST(test_embedded_all_languages)
{
    cx_patterns P;
    ck_assert_int_eq(cx_patterns_load(&P, NULL, CLAIMX_KINDS_ALL, NULL), CLAIMX_OK);
    const char *want[] = {"fr", "nl", "pt", "en"};
    for (int i = 0; i < 4; i++) {
        int l = cx_patterns_find(&P, want[i]);
        ck_assert_int_ge(l, 0);
        ck_assert_uint_gt(P.langs[l].nrules, 3);
        ck_assert_uint_gt(P.langs[l].currencies.n, 50);
        ck_assert_uint_gt(P.langs[l].scales.n, 5);
    }
    /* each language's own scale: the data, not C, decides */
    ck_assert_int_eq(cx_map_lookup(&P.langs[cx_patterns_find(&P, "fr")].scales, "billion", 7)->val, 12);
    ck_assert_int_eq(cx_map_lookup(&P.langs[cx_patterns_find(&P, "en")].scales, "billion", 7)->val, 9);
    ck_assert_int_eq(cx_map_lookup(&P.langs[cx_patterns_find(&P, "pt")].scales, "bilião", 7)->val, 12);
    ck_assert_int_eq(cx_map_lookup(&P.langs[cx_patterns_find(&P, "pt")].scales, "bilhão", 7)->val, 9);
    ck_assert_int_eq(cx_map_lookup(&P.langs[cx_patterns_find(&P, "nl")].scales, "biljoen", 7)->val, 12);
    ck_assert_str_eq(cx_map_lookup(&P.langs[0].currencies, "US $", 4)->canon, "USD");
    cx_patterns_free(&P);
}
END_TEST

START_TEST(test_runtime_dir_matches_embedded)
{
    const char *text = "Le groupe a levé 1,6 milliard de dollars et 300 k€.";
    claimx_options o;
    claimx_options_init(&o);
    claimx_extractor *a, *b;
    ck_assert_int_eq(claimx_extractor_new(&o, &a, NULL), CLAIMX_OK);
    o.pattern_dir = "patterns";
    ck_assert_int_eq(claimx_extractor_new(&o, &b, NULL), CLAIMX_OK);
    claimx_result *ra, *rb;
    ck_assert_int_eq(claimx_extract(a, text, strlen(text), &ra), CLAIMX_OK);
    ck_assert_int_eq(claimx_extract(b, text, strlen(text), &rb), CLAIMX_OK);
    char *ja, *jb;
    claimx_result_to_json(ra, &ja, NULL);
    claimx_result_to_json(rb, &jb, NULL);
    ck_assert_str_eq(ja, jb);
    ck_assert_uint_eq(claimx_result_count(ra), 2);
    claimx_string_free(ja);
    claimx_string_free(jb);
    claimx_result_free(ra);
    claimx_result_free(rb);
    claimx_extractor_free(a);
    claimx_extractor_free(b);
}
END_TEST

START_TEST(test_bad_regex_reports_file_line)
{
    mktmp();
    put("xx/language.txt", "words|foo|bar\n");
    put("xx/money.pat", "# comment\n\nok = \\d+\nbroken = (\\d+ dollars\n");
    EXPECT_LOAD_ERROR(CLAIMX_EPATTERN, "xx/money.pat:4:", "missing closing parenthesis");
}
END_TEST

START_TEST(test_undefined_name_and_cycle)
{
    mktmp();
    put("xx/language.txt", "words|foo\n");
    put("xx/money.pat", "rule = {nowhere}\n");
    EXPECT_LOAD_ERROR(CLAIMX_EPATTERN, "money.pat:1: undefined name 'nowhere'");
    put("xx/money.pat", "_a = x{_b}\n_b = y{_a}\nrule = {_a}\n");
    EXPECT_LOAD_ERROR(CLAIMX_EPATTERN, "nest too deeply");
}
END_TEST

START_TEST(test_bad_word_list_keys)
{
    mktmp();
    put("xx/language.txt", "words|foo\n");
    put("xx/scales.txt", "# scales\nmillion|million\n");
    EXPECT_LOAD_ERROR(CLAIMX_EPATTERN, "xx/scales.txt:2: scale key 'million'");
    put("xx/scales.txt", "6|million\n");
    put("xx/currencies.txt", "dollar|$\n");
    EXPECT_LOAD_ERROR(CLAIMX_EPATTERN, "currencies.txt:1: currency key 'dollar'");
}
END_TEST

START_TEST(test_language_folder_is_data_only)
{
    /* a new language from data alone: a folder with word lists, no C */
    mktmp();
    put("common/money.pat", "amount = (?<num>\\d+)\\s?(?<scale>{scales})?\\s?(?<cur1>{currencies})\n");
    put("xx/language.txt", "decimal|,\nwords|blub|blab|blob\n");
    put("xx/scales.txt", "6|megablub\n");
    /* a variant is trimmed of Unicode white space too (U+00A0, U+2003): no
     * variant starts with a character \s matches (patterns/common/money.pat) */
    put("xx/currencies.txt", "EUR|ойро\nGBP|\xC2\xA0zork\xE2\x80\x83\n");
    claimx_options o;
    claimx_options_init(&o);
    o.pattern_dir = dir;
    o.lang = "xx";
    claimx_extractor *ex;
    char *msg = NULL;
    ck_assert_int_eq(claimx_extractor_new(&o, &ex, &msg), CLAIMX_OK);
    claimx_result *r;
    const char *t = "blub 3 megablub ойро blab";
    ck_assert_int_eq(claimx_extract(ex, t, strlen(t), &r), CLAIMX_OK);
    ck_assert_uint_eq(claimx_result_count(r), 1);
    ck_assert_str_eq(claimx_result_get(r, 0)->value_exact, "3000000");
    ck_assert_str_eq(claimx_result_get(r, 0)->currency, "EUR");
    ck_assert_str_eq(claimx_result_get(r, 0)->rule, "xx/money/amount");
    claimx_result_free(r);
    t = "blub 4 zork blab";
    ck_assert_int_eq(claimx_extract(ex, t, strlen(t), &r), CLAIMX_OK);
    ck_assert_uint_eq(claimx_result_count(r), 1);
    ck_assert_str_eq(claimx_result_get(r, 0)->currency, "GBP");
    ck_assert_str_eq(claimx_result_get(r, 0)->text, "4 zork");
    claimx_result_free(r);
    claimx_extractor_free(ex);
}
END_TEST

/* A rule's start bytes are read from a probe of its head alone when the
 * head cannot match the empty string (lib/patterns.c probe_head()); an
 * optional head, a top-level alternation or a leading look-behind must give
 * the bytes of the whole rule. */
static bool first_has(const cx_rule *r, unsigned char c)
{
    return r->has_first && (r->first[c >> 3] >> (c & 7) & 1);
}

START_TEST(test_probe_head_start_bytes)
{
    mktmp();
    put("common/money.pat", "opt = (?:about\\s)?(?<num>[0-9]+)\\s?(?<cur1>{currencies})\n"
                            "alt = (?<num>[0-9]+)\\s?(?<cur1>{currencies})|zz(?<num2>[0-9]+)\n"
                            "look = (?<![a-z])(?<num>[0-9]+)\\s?(?<cur1>{currencies})\n"
                            "cur = (?<cur>{currencies})\\s?(?<num>[0-9]+)\n");
    put("xx/language.txt", "words|blub|blab|blob\n");
    put("xx/currencies.txt", "GBP|zork\n");
    cx_patterns P;
    char *msg = NULL;
    ck_assert_int_eq(cx_patterns_load(&P, dir, CLAIMX_KIND_BIT(CLAIMX_MONEY), &msg), CLAIMX_OK);
    const cx_lang *L = &P.langs[cx_patterns_find(&P, "xx")];
    int seen = 0;
    for (size_t i = 0; i < L->nrules; i++) {
        const cx_rule *r = &L->rules[i];
        ck_assert_msg(first_has(r, '5') == !!strcmp(r->name, "xx/money/cur"), "%s: digits", r->name);
        ck_assert_msg(first_has(r, 'z') == (strstr(r->name, "/alt") || strstr(r->name, "/cur")), "%s: z", r->name);
        ck_assert_msg(first_has(r, 'a') == !!strstr(r->name, "/opt"), "%s: a", r->name);
        seen++;
    }
    ck_assert_int_eq(seen, 4);
    cx_patterns_free(&P);
}
END_TEST

/* Pattern files are checked as UTF-8, with the line of the first bad byte
 * (lib/patterns.c check_text(): ASCII is read byte by byte, the rest as
 * sequences). */
START_TEST(test_pattern_file_bad_utf8_line)
{
    mktmp();
    put("xx/language.txt", "words|foo\n");
    put("xx/scales.txt", "6|million\n3|thous\xC3\xA9nd\n9|bi\xFFllion\n");
    EXPECT_LOAD_ERROR(CLAIMX_OK, "scales.txt:3: invalid UTF-8 (byte 0xff)");
}
END_TEST

START_TEST(test_missing_dir)
{
    snprintf(dir, sizeof dir, "/nonexistent/claimx");
    EXPECT_LOAD_ERROR(CLAIMX_EIO, "/nonexistent/claimx");
}
END_TEST

/* Anchored rules naming the same large word list share one compiled pattern,
 * a branch each (cx_rule.branch, lib/patterns.c compile_shared): each rule
 * still matches only its own shape, reads its own groups, and a rule that
 * cannot share (a callout of its own) is compiled alone. */
START_TEST(test_shared_rules)
{
    cx_patterns P;
    ck_assert_int_eq(cx_patterns_load(&P, NULL, CLAIMX_KINDS_ALL, NULL), CLAIMX_OK);
    for (size_t li = 0; li < P.nlangs; li++) {
        const cx_lang *L = &P.langs[li];
        const pcre2_code *shared[8] = {NULL};
        int owners[8] = {0}, branches[8] = {0};
        uint32_t seen[8] = {0};
        for (size_t i = 0; i < L->nrules; i++) {
            const cx_rule *r = &L->rules[i];
            uint32_t cc = 0;
            pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &cc);
            for (int g = 0; g < CX_G_COUNT; g++)
                ck_assert_msg(r->group[g] == -1 || (r->group[g] >= 1 && (uint32_t)r->group[g] <= cc), "%s", r->name);
            ck_assert_msg(r->group[CX_G_NUM] > 0, "%s: no num group", r->name);
            if (!r->branch) {
                ck_assert(r->owns_code);
                continue;
            }
            ck_assert(r->kind > 0 && r->kind < 8);
            if (!shared[r->kind])
                shared[r->kind] = r->code;
            ck_assert_ptr_eq(r->code, shared[r->kind]);
            /* branches 1..n, one a rule (test_shared_word_branches_first: their order) */
            ck_assert(r->branch >= 1 && r->branch < 32);
            ck_assert(!(seen[r->kind] & (1u << r->branch)));
            seen[r->kind] |= 1u << r->branch;
            branches[r->kind]++;
            owners[r->kind] += r->owns_code;
        }
        for (int k = 0; k < 8; k++)
            ck_assert_uint_eq(seen[k], (2u << branches[k]) - 2);
        /* every built-in money rule (all name the numbers list, five the currencies) */
        ck_assert_msg(branches[CLAIMX_MONEY] == 7, "%s: %d shared rules", L->code, branches[CLAIMX_MONEY]);
        for (int k = 0; k < 8; k++)
            ck_assert_int_eq(owners[k], branches[k] > 0);
    }
    cx_patterns_free(&P);

    /* a language of its own: 300 currency words (a large list), two rules
     * that share it in opposite orders, a third with a callout of its own */
    mktmp();
    cx_buf cur = {0};
    cx_buf_puts(&cur, "JPY|zorka|zorkas\n");
    char w17[16] = "";
    put_random_euros(&cur, 12345, 300, w17); /* words with few shared prefixes: a large trie */
    put("xx/language.txt", "decimal|,\nwords|blub|blab|blob\n");
    put("xx/currencies.txt", cur.p);
    cx_buf_free(&cur);
    put("xx/money.pat", "after = (?<num>\\d+)\\s(?<cur1>{currencies})\n"
                        "before = (?<cur>{currencies})\\s(?<num>\\d+)(?<tail>!)?\n"
                        "bang = (?<num>\\d+)\\s(?<cur1>{currencies})\\sblub\n"
                        "own = (?C7)(?<num>\\d+)@(?<cur1>{currencies})\n");
    char *emsg = NULL;
    int lrc = cx_patterns_load(&P, dir, CLAIMX_KIND_BIT(CLAIMX_MONEY), &emsg);
    ck_assert_msg(lrc == CLAIMX_OK, "%d %s", lrc, emsg ? emsg : "");
    const cx_lang *L = &P.langs[cx_patterns_find(&P, "xx")];
    ck_assert_uint_eq(L->nrules, 4);
    ck_assert_int_eq(L->rules[0].branch, 1);
    ck_assert_int_eq(L->rules[1].branch, 2);
    ck_assert_int_eq(L->rules[2].branch, 3);
    ck_assert_int_eq(L->rules[3].branch, 0);
    ck_assert_ptr_eq(L->rules[0].code, L->rules[1].code);
    /* one group numbering per branch: num is the first group of "after", the second of "before" */
    ck_assert_int_eq(L->rules[0].group[CX_G_NUM], 1);
    ck_assert_int_eq(L->rules[0].group[CX_G_CUR1], 2);
    ck_assert_int_eq(L->rules[1].group[CX_G_CUR], 1);
    ck_assert_int_eq(L->rules[1].group[CX_G_NUM], 2);
    ck_assert_int_eq(L->rules[1].group[CX_G_TAIL], 3);
    ck_assert_int_eq(L->rules[0].group[CX_G_TAIL], -1);
    /* at "6 zorkas blub" both "after" and "bang" match: each attempt gets its own
     * rule's match (were the branch not selected, bang's would be after's) */
    const char *bt = "6 zorkas blub";
    rule_env R;
    rule_env_open(&R, &P, L, bt);
    cx_match_env env = R.env;
    cx_groups g;
    size_t ms, me;
    ck_assert(cx_try_rule(&env, &L->rules[2], 0, &g, &ms, &me)); /* bang */
    ck_assert_uint_eq(me, strlen(bt));
    ck_assert(cx_try_rule(&env, &L->rules[0], 0, &g, &ms, &me)); /* after */
    ck_assert_uint_eq(me, 8);
    ck_assert(g.set[CX_G_CUR1] && g.a[CX_G_CUR1] == 2 && g.b[CX_G_CUR1] == 8);
    ck_assert(!cx_try_rule(&env, &L->rules[1], 0, &g, &ms, &me)); /* before: no currency first */
    /* past the wanted branch (bang's callout, after before failed) the callout
     * ends the match as a plain no match, never as an error or limit */
    ck_assert_uint_eq(R.flags, 0);
    ck_assert_uint_eq(R.st.limit_errors, 0);
    pcre2_callout_block cb = {.version = 2};
    int wanted = 2;
    cb.callout_number = 1;
    ck_assert_int_eq(cx_branch_callout(&cb, &wanted), 1); /* an earlier branch: fails, the next is tried */
    cb.callout_number = 2;
    ck_assert_int_eq(cx_branch_callout(&cb, &wanted), 0);
    cb.callout_number = 3;
    ck_assert_int_eq(cx_branch_callout(&cb, &wanted), PCRE2_ERROR_NOMATCH);
    wanted = 0;
    ck_assert_int_eq(cx_branch_callout(&cb, &wanted), 0);
    rule_env_close(&R);
    cx_patterns_free(&P);

    claimx_options o;
    claimx_options_init(&o);
    o.pattern_dir = dir;
    o.lang = "xx";
    o.kinds = CLAIMX_KIND_BIT(CLAIMX_MONEY);
    claimx_extractor *ex;
    ck_assert_int_eq(claimx_extractor_new(&o, &ex, NULL), CLAIMX_OK);
    claimx_result *r;
    /* "5 zorkas" is only "after"'s shape, "zorka 7" only "before"'s, "9@zorka" only "own"'s */
    char t[128];
    snprintf(t, sizeof t, "blub 5 zorkas blab. blob zorka 7 blub. blab 9@zorka blub. blob %s 3 blab.", w17);
    ck_assert_int_eq(claimx_extract(ex, t, strlen(t), &r), CLAIMX_OK);
    const char *want[][3] = {{"xx/money/after", "5", "JPY"},
                             {"xx/money/before", "7", "JPY"},
                             {"xx/money/own", "9", "JPY"},
                             {"xx/money/before", "3", "EUR"}};
    size_t nw = sizeof want / sizeof *want, got = 0;
    for (size_t i = 0; i < claimx_result_count(r); i++) {
        const claimx_claim *c = claimx_result_get(r, i);
        for (size_t k = 0; k < nw; k++)
            if (!strcmp(c->rule, want[k][0]) && !strcmp(c->value_exact, want[k][1]) &&
                (!want[k][2] || (c->currency && !strcmp(c->currency, want[k][2]))))
                got |= (size_t)1 << k;
    }
    ck_assert_msg(got == ((size_t)1 << nw) - 1, "claims found: %#zx of %zu, %zu claims", got, nw,
                  claimx_result_count(r));
    claimx_result_free(r);
    claimx_extractor_free(ex);
}
END_TEST

/* What the loader learns about each money rule for lib/money.c. */
START_TEST(test_rule_flags)
{
    cx_patterns P;
    ck_assert_int_eq(cx_patterns_load(&P, NULL, CLAIMX_KINDS_ALL, NULL), CLAIMX_OK);
    const cx_lang *L = &P.langs[cx_patterns_find(&P, "en")];
    int seen = 0;
    for (size_t i = 0; i < L->nrules; i++) {
        const cx_rule *r = &L->rules[i];
        if (r->kind != CLAIMX_MONEY)
            continue;
        ck_assert(r->anchored);
        ck_assert_msg(r->has_first, "%s: no start bytes", r->name);
        /* "5 ..." can start num_cur, never cur_num */
        bool digit = r->first['5' >> 3] >> ('5' & 7) & 1;
        if (!strcmp(r->name, "en/money/cur_num")) {
            ck_assert(!digit);
            ck_assert(r->first['$' >> 3] >> ('$' & 7) & 1);
            ck_assert(r->pre && !r->needs_scale); /* (?:\s?(?<scale>...))? is optional */
            seen++;
        } else if (!strcmp(r->name, "en/money/num_cur")) {
            ck_assert(digit && r->pre && !r->needs_scale);
            seen++;
        } else if (!strcmp(r->name, "en/money/num_cur_scale") || !strcmp(r->name, "en/money/num_mcode")) {
            ck_assert(r->needs_scale); /* the scale group is not optional (its own | is fine) */
            seen++;
        } else if (!strcmp(r->name, "en/money/range_between")) {
            ck_assert(!r->pre && !r->needs_scale);
            ck_assert(r->group[CX_G_NUM2] >= 0);
            seen++;
        }
    }
    ck_assert_int_eq(seen, 5);
    /* what a rule starts with at a start that is no digit (lib/money.c
     * keys_at), and what follows the number of a rule that opens with it */
    int lk = 0;
    for (size_t i = 0; i < L->nrules; i++) {
        const cx_rule *r = &L->rules[i];
        const char *n = r->name;
        bool M = r->follow['M' >> 3] >> ('M' & 7) & 1, m = r->follow['m' >> 3] >> ('m' & 7) & 1,
             G = r->follow['G' >> 3] >> ('G' & 7) & 1, sp = r->follow[' ' >> 3] >> (' ' & 7) & 1;
        if (!strcmp(n, "en/money/cur_num")) {
            ck_assert_uint_eq(r->lead_keys, CX_KEYS_CURRENCIES);
            ck_assert(!r->has_follow);
            lk++;
        } else if (!strcmp(n, "en/money/num_cur")) {
            ck_assert_uint_eq(r->lead_keys, CX_KEYS_NUMBERS);
            ck_assert(!r->has_follow); /* (?:\s?{scales}...|\s?|-): white space first, not worth it */
            ck_assert(r->cur1_listed);
            lk++;
        } else if (!strcmp(n, "en/money/range_to")) {
            ck_assert_uint_eq(r->lead_keys, CX_KEYS_NUMBERS | CX_KEYS_CURRENCIES);
            lk++;
        } else if (!strcmp(n, "en/money/num_mcode")) { /* \s?(?-i:[MkK]|Md|Mrd|Bn)... */
            ck_assert_uint_eq(r->lead_keys, CX_KEYS_NUMBERS);
            ck_assert(r->has_follow && r->follow_ws && M && !m && !G && !sp);
            ck_assert(!r->cur1_listed); /* [A-Z]{3}, not a list: any acronym may be its code */
            lk++;
        } else if (!strcmp(n, "en/money/num_cur_scale")) { /* \s?(?<cur1>{currencies}): "USD", "$", "dollars" */
            ck_assert(r->has_follow && r->follow_ws && !sp);
            ck_assert(r->follow['$' >> 3] >> ('$' & 7) & 1);
            ck_assert(r->follow['d' >> 3] >> ('d' & 7) & 1 && r->follow['D' >> 3] >> ('D' & 7) & 1);
            lk++;
        } else if (!strcmp(n, "en/money/range_between") || !strcmp(n, "en/money/mcode_num")) {
            ck_assert_uint_eq(r->lead_keys, 0);
            lk++;
        }
    }
    ck_assert_int_eq(lk, 7);
    /* the prefix trie of keys_at(): every prefix of "dollars", and "dollars" is a currency */
    uint32_t dn = CX_KEYPRE_ROOT;
    for (size_t k = 0; k < 7; k++) {
        dn = cx_keypre_next(L->keypre, dn, (unsigned char)"dollars"[k]);
        ck_assert_uint_ne(dn, 0);
        ck_assert(L->keypre->flag[dn] & CX_KEYPRE_PRE(CX_KEYS_CURRENCIES));
    }
    ck_assert(L->keypre->flag[dn] & CX_KEYS_CURRENCIES);
    ck_assert(!(L->keypre->flag[dn] & (CX_KEYS_NUMBERS | CX_KEYS_SCALES)));
    /* the anchor map: list words, currency-name parts, starters */
    ck_assert(cx_map_get(&L->anchors, "dollars", 7)->val & CX_T_CURRENCY);
    ck_assert(cx_map_get(&L->anchors, "million", 7)->val & CX_T_SCALE);
    ck_assert(cx_map_get(&L->anchors, "between", 7)->val & CX_T_STARTER);
    ck_assert_ptr_null(cx_map_get(&L->anchors, "and", 3));
    /* GPU rules: the words every match needs (lib/gpu.c tries a rule only
     * where they are near) */
    int gpu_seen = 0;
    for (size_t i = 0; i < L->nrules; i++) {
        const cx_rule *r = &L->rules[i];
        if (!strcmp(r->name, "en/gpu/unit")) { /* (?:(?<unit>...)|(?<chip>...)), AI after it optional */
            ck_assert_uint_eq(r->needs_gpu_any, CX_T_GPUUNIT | CX_T_GPUCHIP);
            ck_assert_uint_eq(r->needs_gpu, 0);
            gpu_seen++;
        } else if (!strcmp(r->name, "en/gpu/ai_chip")) {
            ck_assert_uint_eq(r->needs_gpu, CX_T_GPUCHIP | CX_T_GPUAI);
            ck_assert_uint_eq(r->needs_gpu_any, 0);
            gpu_seen++;
        } else if (!strcmp(r->name, "en/gpu/model")) {
            ck_assert_uint_eq(r->needs_gpu, CX_T_GPUMODEL);
            ck_assert_uint_eq(r->needs_gpu_any, 0);
            gpu_seen++;
        }
    }
    ck_assert_int_eq(gpu_seen, 3);
    /* the follow test (lib/gpu.c follow_at): each rule's pieces of the words
     * before its required word (M) and of that word (W) */
    int fk[3] = {-1, -1, -1};
    for (size_t i = 0; i < L->nrules; i++) {
        const cx_rule *r = &L->rules[i];
        int which = !strcmp(r->name, "en/gpu/unit") ? 0 : !strcmp(r->name, "en/gpu/ai_chip") ? 1
                                                         : !strcmp(r->name, "en/gpu/model") ? 2 : -1;
        if (which >= 0) {
            ck_assert_uint_gt(r->follow_slot, 0);
            fk[which] = 4 * (r->follow_slot - 1);
            ck_assert(L->gpu_follow_rules >> (r->follow_slot - 1) & 1);
        }
    }
    const cx_map *fm = &L->gpu_follow;
    /* unit: a vendor, a scale, a number word (a prefix: the numbers list has no word boundary
     * of its own, "tweeduizend") before it; the unit or chip word itself */
    ck_assert_uint_eq(cx_map_get(fm, "nvidia", 6)->val >> fk[0] & 15, CX_FOL_MX);
    ck_assert(cx_map_get(fm, "million", 7)->val >> fk[0] & CX_FOL_MX);
    ck_assert(cx_map_get(fm, "hundred", 7)->val >> fk[0] & CX_FOL_MP);
    ck_assert(cx_map_get(fm, "gpus", 4)->val >> fk[0] & CX_FOL_WX);
    ck_assert(cx_map_get(fm, "s", 1)->val >> fk[0] & CX_FOL_MX); /* H100s: (?:'?s)?(?![\p{L}\p{N}]) */
    /* W: the first piece of each variant only ("graphics processing units") */
    ck_assert(cx_map_get(fm, "graphics", 8)->val >> fk[0] & CX_FOL_WP);
    const cx_entry *pe = cx_map_get(fm, "processing", 10);
    ck_assert(!pe || !(pe->val >> fk[0] & (CX_FOL_WX | CX_FOL_WP)));
    /* ai_chip: the AI word is W ("A.I.": its first piece, a); model: items and "made by" before the model */
    ck_assert(cx_map_get(fm, "ai", 2)->val >> fk[1] & CX_FOL_WX);
    ck_assert(cx_map_get(fm, "a", 1)->val >> fk[1] & CX_FOL_WX);
    const cx_entry *ie = cx_map_get(fm, "i", 1);
    ck_assert(!ie || !(ie->val >> fk[1] & (CX_FOL_WX | CX_FOL_WP)));
    ck_assert(cx_map_get(fm, "units", 5)->val >> fk[2] & CX_FOL_MX);
    ck_assert(cx_map_get(fm, "made", 4)->val >> fk[2] & CX_FOL_MX);
    ck_assert(cx_map_get(fm, "hopper", 6)->val >> fk[2] & CX_FOL_WX);
    ck_assert(!(cx_map_get(fm, "gpus", 4)->val >> fk[2] & 15)); /* no unit word in the model rule */
    ck_assert_ptr_null(cx_map_get(fm, "said", 4));
    ck_assert_ptr_null(cx_map_get(fm, "euro", 4));
    ck_assert(cx_map_get(&L->anchors, "gpus", 4)->val & CX_T_GPUUNIT);
    ck_assert(!(cx_map_get(&L->anchors, "chips", 5)->val & CX_T_GPUUNIT));
    ck_assert(cx_map_get(&L->anchors, "ai", 2)->val & CX_T_GPUAI);
    ck_assert(cx_map_get(&L->anchors, "i", 1)->val & CX_T_GPUAI); /* the last word of "A.I." */
    ck_assert(!(cx_map_get(&L->anchors, "a", 1)->val & CX_T_GPUAI));
    /* the grammar pieces of the range pre-check, compiled alone and anchored */
    static const struct {
        const char *lang, *sep[2], *of, *no, *glued, *digit;
    } rn[] = {{"en", {"to 5", "- 5"}, "of dollars", "dollars", "tomorrow", "to5"},
              {"fr", {"\xc3\xa0 5", "\xe2\x80\x93 5"}, "d'euros", "euros", "\xc3\xa0la", "\xc3\xa0" "5"},
              {"nl", {"tot 5", "- 5"}, "aan euro", "euro", "totaal", "tot5"},
              {"pt", {"a 5", "- 5"}, "de reais", "reais", "at\xc3\xa9", "a5"}};
    pcre2_match_data *md = pcre2_match_data_create(4, NULL);
    for (size_t k = 0; k < sizeof rn / sizeof rn[0]; k++) {
        const cx_lang *Lk = &P.langs[cx_patterns_find(&P, rn[k].lang)];
        ck_assert_ptr_nonnull(Lk->range_sep);
        ck_assert_ptr_nonnull(Lk->scale_of);
        for (int y = 0; y < 2; y++)
            ck_assert_msg(pcre2_match(Lk->range_sep, (PCRE2_SPTR)rn[k].sep[y], PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) >= 0,
                          "%s: %s", rn[k].lang, rn[k].sep[y]);
        ck_assert(pcre2_match(Lk->scale_of, (PCRE2_SPTR)rn[k].of, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) >= 0);
        /* their start bytes, which lib/money.c asks before matching */
        for (int y = 0; y < 2; y++) {
            unsigned char c = (unsigned char)rn[k].sep[y][0];
            ck_assert(Lk->range_sep_first[c >> 3] >> (c & 7) & 1);
        }
        ck_assert(Lk->scale_of_first[(unsigned char)rn[k].of[0] >> 3] >> (rn[k].of[0] & 7) & 1);
        ck_assert(!(Lk->range_sep_first['5' >> 3] >> ('5' & 7) & 1));
        ck_assert(!(Lk->scale_of_first['5' >> 3] >> ('5' & 7) & 1));
        ck_assert(pcre2_match(Lk->range_sep, (PCRE2_SPTR)rn[k].no, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) < 0);
        ck_assert(pcre2_match(Lk->scale_of, (PCRE2_SPTR)rn[k].no, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) < 0);
        /* a separator that ends between two letters separates nothing
         * (patterns.c range_sep_unglued); before a digit, or after "-", it does */
        ck_assert_msg(pcre2_match(Lk->range_sep, (PCRE2_SPTR)rn[k].glued, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) < 0,
                      "%s: %s", rn[k].lang, rn[k].glued);
        ck_assert(pcre2_match(Lk->range_sep, (PCRE2_SPTR)rn[k].digit, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) >= 0);
        ck_assert(pcre2_match(Lk->range_sep, (PCRE2_SPTR) "-year", PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) >= 0);
        /* the separator ends at one place, and the second number or its
         * currency follows it (lib/money.c sep_continues) */
        ck_assert(Lk->range_sep_num);
        /* only the rule that reads its currency and then its scale */
        for (size_t i = 0; i < Lk->nrules; i++) {
            ck_assert_int_eq(Lk->rules[i].scale_after_cur, strstr(Lk->rules[i].name, "/num_cur_scale") != NULL);
            /* a scale word or a currency right after the number: num_cur, num_cur_scale */
            ck_assert_int_eq(Lk->rules[i].list_next != 0, strstr(Lk->rules[i].name, "/num_cur") != NULL);
            if (strstr(Lk->rules[i].name, "/num_cur_scale")) /* its currency comes first */
                ck_assert_uint_eq(Lk->rules[i].list_next, CX_T_CURRENCYISH);
            else if (strstr(Lk->rules[i].name, "/num_cur"))
                ck_assert_uint_eq(Lk->rules[i].list_next, CX_T_SCALE | CX_T_CURRENCYISH);
            /* the list-free start of the rule (head) or after its number (tail) */
            const cx_rule *ri = &Lk->rules[i];
            if (ri->kind != CLAIMX_MONEY)
                continue;
            ck_assert_int_eq(ri->head != NULL, strstr(ri->name, "/mcode_num") != NULL);
            ck_assert_int_eq(ri->tail != NULL, strstr(ri->name, "/num_mcode") != NULL);
            if (ri->head) {
                ck_assert(pcre2_match(ri->head, (PCRE2_SPTR) "MUSD 60", 7, 0, 0, md, NULL) >= 0);
                ck_assert(pcre2_match(ri->head, (PCRE2_SPTR) "MI300X", 6, 0, 0, md, NULL) < 0);
                ck_assert(pcre2_match(ri->head, (PCRE2_SPTR) "musd 60", 7, 0, 0, md, NULL) < 0);
            }
            if (ri->tail) {
                ck_assert(pcre2_match(ri->tail, (PCRE2_SPTR) " MUSD.", 6, 0, 0, md, NULL) >= 0);
                ck_assert(pcre2_match(ri->tail, (PCRE2_SPTR) "MdEUR", 5, 0, 0, md, NULL) >= 0);
                ck_assert(pcre2_match(ri->tail, (PCRE2_SPTR) " M\xe2\x82\xac", 5, 0, 0, md, NULL) < 0);
                ck_assert(pcre2_match(ri->tail, (PCRE2_SPTR) " MUSDX", 6, 0, 0, md, NULL) < 0);
            }
        }
    }
    pcre2_match_data_free(md);
    cx_patterns_free(&P);
    /* without the money kind there is none */
    ck_assert_int_eq(cx_patterns_load(&P, NULL, CLAIMX_KIND_BIT(CLAIMX_ENTITY), NULL), CLAIMX_OK);
    ck_assert_ptr_null(P.langs[0].range_sep);
    cx_patterns_free(&P);
}
END_TEST

/* {spelled} alone (cx_lang.spelled), which lib/money.c spelled_ends() asks
 * where a spelled number at a start ends, and the data it relies on: the
 * words of numbers.txt are letters only, and no joining word reads as a
 * number (so a join that skips a word skips no number). */
START_TEST(test_spelled_piece)
{
    cx_patterns P;
    ck_assert_int_eq(cx_patterns_load(&P, NULL, CLAIMX_KINDS_ALL, NULL), CLAIMX_OK);
    static const struct {
        const char *lang, *text;
        int end; /* -1: no match */
    } sp[] = {{"en", "twenty-five million", 11},
              {"en", "one hundred and fifty dollars", 21},
              {"en", "five-year contract", 4},
              {"en", "fiftyish dollars", -1},
              {"en", "and", -1},
              {"fr", "vingt et un euros", 11},
              {"fr", "deux mille", 10},
              {"fr", "et", -1},
              {"nl", "tweehonderd miljoen", 11},
              {"nl", "vijfentwintig euro", 13},
              {"nl", "en", -1},
              {"pt", "duzentos e cinquenta mil reais", 24},
              {"pt", "e", -1}};
    pcre2_match_data *md = pcre2_match_data_create(4, NULL);
    for (size_t k = 0; k < sizeof sp / sizeof sp[0]; k++) {
        const cx_lang *L = &P.langs[cx_patterns_find(&P, sp[k].lang)];
        ck_assert_ptr_nonnull(L->spelled);
        int m = pcre2_match(L->spelled, (PCRE2_SPTR)sp[k].text, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL);
        if (sp[k].end < 0) {
            ck_assert_msg(m < 0, "%s: %s", sp[k].lang, sp[k].text);
        } else {
            ck_assert_msg(m >= 0, "%s: %s", sp[k].lang, sp[k].text);
            ck_assert_int_eq((int)pcre2_get_ovector_pointer(md)[1], sp[k].end);
        }
        unsigned char c = (unsigned char)sp[k].text[0];
        if (sp[k].end > 0) /* (the look-behind keeps PCRE2 from narrowing them: all bytes) */
            ck_assert(L->spelled_first[c >> 3] >> (c & 7) & 1);
    }
    /* every word of every language's numbers.txt: letters (ASCII or not)
     * only; every joining word ("+"): no spelled number on its own */
    for (size_t li = 0; li < P.nlangs; li++) {
        const cx_lang *L = &P.langs[li];
        char path[256];
        snprintf(path, sizeof path, "patterns/%s/numbers.txt", L->code);
        FILE *f = fopen(path, "r");
        if (!f)
            continue; /* a language with no number words of its own */
        char line[512];
        int words = 0;
        while (fgets(line, sizeof line, f)) {
            if (line[0] == '#' || line[0] == '\n')
                continue;
            line[strcspn(line, "\r\n")] = '\0';
            bool join = line[0] == '+';
            char *v = strchr(line, '|');
            ck_assert_ptr_nonnull(v);
            for (char *w = strtok(v + 1, "|"); w; w = strtok(NULL, "|")) {
                for (const unsigned char *u = (const unsigned char *)w; *u; u++)
                    ck_assert_msg((*u | 0x20) >= 'a' && (*u | 0x20) <= 'z' ? 1 : *u >= 0x80, "%s: %s", path, w);
                if (join)
                    ck_assert_msg(pcre2_match(L->spelled, (PCRE2_SPTR)w, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) < 0,
                                  "%s: %s", path, w);
                words++;
            }
        }
        fclose(f);
        ck_assert_int_gt(words, 10);
    }
    pcre2_match_data_free(md);
    cx_patterns_free(&P);
}
END_TEST

/* Every key of every map passes the signature filter and is found by
 * cx_map_get_hashed() with cx_hash_more(): the quick paths of the entity
 * lookups agree with map_put() and cx_map_get(). */
static void check_map_quick_paths(const cx_map *m, const char *what)
{
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i] || !m->klen[i])
            continue;
        const char *k = m->keys[i];
        size_t n = m->klen[i];
        ck_assert_msg(cx_map_may_key(m, k, n), "%s: %s fails the signature filter", what, k);
        ck_assert_ptr_eq(cx_map_get_hashed(m, k, n, cx_hash_more(CX_HASH_SEED, k, n)), cx_map_get(m, k, n));
        ck_assert_ptr_eq(cx_map_get_hashed(m, k, n, cx_hash_more(cx_hash_more(CX_HASH_SEED, k, 1), k + 1, n - 1)),
                         &m->vals[i]);
    }
}

/* The text folded from s, walked in L->keypre (as lib/money.c keys_at()
 * walks it): its node, 0 when no key starts so. */
static uint32_t keypre_walk(const cx_lang *L, const char *s)
{
    uint32_t n = CX_KEYPRE_ROOT;
    for (size_t i = 0; s[i] && n; i++)
        n = cx_keypre_next(L->keypre, n, (unsigned char)s[i]);
    return n;
}

/* cx_lang.keypre, the exact prefix test of lib/money.c keys_at(),
 * key_goes_on() and lib/gpu.c compound_at(): in every language, every
 * prefix of every key of numbers, currencies, scales and subunits is a
 * node that says its list goes on there (no key is ever ruled out), and the
 * node of a whole key says what a lookup of it finds. */
START_TEST(test_keypre_exact)
{
    cx_patterns P;
    ck_assert_int_eq(cx_patterns_load(&P, NULL, CLAIMX_KINDS_ALL, NULL), CLAIMX_OK);
    static const unsigned bit[] = {CX_KEYS_NUMBERS, CX_KEYS_CURRENCIES, CX_KEYS_SCALES, CX_KEYS_SUBUNITS};
    size_t keys = 0;
    for (size_t l = 0; l < P.nlangs; l++) {
        const cx_lang *L = &P.langs[l];
        const cx_map *km[] = {&L->numbers, &L->currencies, &L->scales, &L->subunits};
        ck_assert_ptr_nonnull(L->keypre);
        for (int k = 0; k < 4; k++)
            for (size_t i = 0; i < km[k]->cap; i++) {
                const char *key = km[k]->keys[i];
                if (!key)
                    continue;
                uint32_t n = CX_KEYPRE_ROOT;
                for (size_t j = 0; j < km[k]->klen[i]; j++) {
                    n = cx_keypre_next(L->keypre, n, (unsigned char)key[j]);
                    ck_assert_msg(n != 0, "%s: prefix of %s lost", L->code, key);
                    ck_assert_msg(L->keypre->flag[n] & CX_KEYPRE_PRE(bit[k]), "%s: %s", L->code, key);
                }
                ck_assert_ptr_nonnull(cx_map_get(km[k], key, km[k]->klen[i]));
                unsigned want = CX_KEYPRE_KEY; /* and what lookups of the key in each list find */
                for (int k2 = 0; k2 < 4; k2++) {
                    const cx_entry *x = cx_map_get(km[k2], key, km[k]->klen[i]);
                    if (x && (k2 > 0 || !(x->flags & CX_F_JOIN)))
                        want |= bit[k2];
                    if (x && k2 == 0 && !(x->flags & (CX_F_JOIN | CX_F_ARTICLE)))
                        want |= CX_KEYPRE_COMPOUND;
                }
                ck_assert_uint_eq(L->keypre->flag[n] & 0xFFu, want);
                keys++;
            }
        /* a node's flags name only lists of which a key is that prefix */
        static const char *plain[] = {"p", "po", "por", "at", "em", "an", "xyzzy", "dollarsx"};
        for (size_t w = 0; w < sizeof plain / sizeof *plain; w++) {
            uint32_t n = keypre_walk(L, plain[w]);
            for (int k = 0; k < 4 && n; k++)
                if (L->keypre->flag[n] & bit[k])
                    ck_assert_ptr_nonnull(cx_map_get(km[k], plain[w], strlen(plain[w])));
        }
    }
    ck_assert_uint_gt(keys, 400);
    /* what the bloom filter that was here let through in pt: "€p" of "1.500 € por
     * mês", "por", "até" */
    const cx_lang *pt = &P.langs[cx_patterns_find(&P, "pt")];
    ck_assert_uint_eq(keypre_walk(pt, "\xe2\x82\xacp"), 0);
    ck_assert_uint_eq(keypre_walk(pt, "por"), 0);
    ck_assert_uint_eq(keypre_walk(pt, "at\xc3\xa9"), 0);
    ck_assert_uint_ne(keypre_walk(pt, "milh\xc3\xb5" "es"), 0);
    ck_assert(pt->keypre->flag[keypre_walk(pt, "milh\xc3\xb5" "es")] & CX_KEYS_SCALES);
    ck_assert(pt->keypre->flag[keypre_walk(pt, "\xe2\x82\xac")] & CX_KEYS_CURRENCIES);
    cx_patterns_free(&P);
}
END_TEST

START_TEST(test_map_quick_paths)
{
    cx_patterns P;
    ck_assert_int_eq(cx_patterns_load(&P, NULL, CLAIMX_KINDS_ALL, NULL), CLAIMX_OK);
    size_t lists = 0;
    for (size_t l = 0; l < P.nlangs; l++) {
        const cx_lang *L = &P.langs[l];
        check_map_quick_paths(&L->words, "words");
        check_map_quick_paths(&L->anchors, "anchors");
        for (size_t i = 0; i < L->nlists; i++, lists++)
            check_map_quick_paths(&L->lists[i].map, L->lists[i].name);
    }
    ck_assert(lists > 0);
    /* a key of no list: the filter may pass it, the lookup must not find it */
    const cx_map *g = cx_lang_list(&P.langs[cx_patterns_find(&P, "en")], "entity_gazetteer");
    ck_assert(g->n > 0);
    ck_assert_ptr_null(cx_map_get_hashed(g, "zzqxv", 5, cx_hash_more(CX_HASH_SEED, "zzqxv", 5)));
    cx_patterns_free(&P);
}
END_TEST

Suite *patterns_suite(void)
{
    Suite *s = suite_create("patterns");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_embedded_all_languages);
    tcase_add_test(tc, test_rule_flags);
    tcase_add_test(tc, test_shared_rules);
    tcase_add_test(tc, test_runtime_dir_matches_embedded);
    tcase_add_test(tc, test_bad_regex_reports_file_line);
    tcase_add_test(tc, test_undefined_name_and_cycle);
    tcase_add_test(tc, test_bad_word_list_keys);
    tcase_add_test(tc, test_language_folder_is_data_only);
    tcase_add_test(tc, test_missing_dir);
    tcase_add_test(tc, test_map_quick_paths);
    tcase_add_test(tc, test_keypre_exact);
    tcase_add_test(tc, test_spelled_piece);
    tcase_add_test(tc, test_ucp_space_class);
    tcase_add_test(tc, test_probe_head_start_bytes);
    tcase_add_test(tc, test_pattern_file_bad_utf8_line);
    tcase_add_test(tc, test_lead_number_one_lookbehind);
    tcase_add_test(tc, test_gpu_after_one_test_of_the_vendor);
    tcase_add_test(tc, test_shared_word_branches_first);
    tcase_add_test(tc, test_shared_failed_branch_commits);
    suite_add_tcase(s, tc);
    return s;
}
