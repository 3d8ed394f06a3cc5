/*
 * test_robust.c - defined behaviour for bad input (issue 6): invalid UTF-8,
 * NULs, empty and huge lengths, pathological text, malformed pattern
 * folders, API misuse, PCRE2 limits reported as CLAIMX_RESULT_LIMIT_HIT, JSON
 * escaping, and work that grows linearly with the input (cx_result_stats).
 * The 100 MB cases live in tests/stress.c (`make stress`), not here.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "claimx.h"
#include "internal.h"
#include "tests.h"

static claimx_extractor *ex, *ex_fr_repl;
static void setup(void)
{
    ck_assert_int_eq(claimx_extractor_new(NULL, &ex, NULL), CLAIMX_OK);
    claimx_options o;
    claimx_options_init(&o);
    o.flags = CLAIMX_OPT_REPLACE_INVALID;
    o.lang = "fr";
    ck_assert_int_eq(claimx_extractor_new(&o, &ex_fr_repl, NULL), CLAIMX_OK);
}
static void teardown(void)
{
    claimx_extractor_free(ex);
    claimx_extractor_free(ex_fr_repl);
}

/* Every promise a successful result makes: spans inside the input, text equal
 * to the span, order, and JSON that a strict validator accepts. */
static void check_result(const claimx_result *r, const char *t, size_t n)
{
    size_t prev = 0;
    for (size_t i = 0; i < claimx_result_count(r); i++) {
        const claimx_claim *c = claimx_result_get(r, i);
        ck_assert_uint_le(c->start, c->end);
        ck_assert_uint_le(c->end, n);
        ck_assert_uint_ge(c->start, prev);
        prev = c->start;
        ck_assert(memcmp(c->text, t + c->start, c->end - c->start) == 0);
    }
    char *json;
    size_t jl;
    ck_assert_int_eq(claimx_result_to_json(r, &json, &jl), CLAIMX_OK);
    ck_assert_msg(cx_json_valid(json, jl), "invalid JSON: %.300s", json);
    ck_assert_uint_eq(strlen(json), jl);
    claimx_string_free(json);
}

/* Extract, require status OK, check the result, return the claim count. */
static size_t run_ok(const claimx_extractor *e, const char *t, size_t n, uint32_t *flags)
{
    claimx_result *r = NULL;
    int rc = claimx_extract(e, t, n, &r);
    ck_assert_msg(rc == CLAIMX_OK, "status %d (%s)", rc, claimx_strerror(rc));
    check_result(r, t, n);
    size_t k = claimx_result_count(r);
    if (flags)
        *flags = claimx_result_flags(r);
    claimx_result_free(r);
    return k;
}

/* ---------- invalid UTF-8 ---------- */

static const struct {
    const char *name, *bad;
} invalid[] = {
    {"overlong 2-byte /", "\xc0\xaf"},
    {"overlong 2-byte NUL", "\xc0\x80"},
    {"overlong 3-byte", "\xe0\x80\xaf"},
    {"overlong 4-byte", "\xf0\x80\x80\xaf"},
    {"high surrogate", "\xed\xa0\x80"},
    {"low surrogate", "\xed\xbf\xbf"},
    {"surrogate pair as CESU-8", "\xed\xa0\xbd\xed\xb8\x80"},
    {"truncated 2 of 3", "\xe2\x82"},
    {"truncated 3 of 4", "\xf0\x9f\x98"},
    {"lead then ASCII", "\xe2" "A"},
    {"lone continuation 0x80", "\x80"},
    {"lone continuation 0xbf", "\xbf"},
    {"three continuations", "\x80\x80\x80"},
    {"above U+10FFFF", "\xf4\x90\x80\x80"},
    {"F5 lead", "\xf5\x80\x80\x80"},
    {"FE", "\xfe"},
    {"FF", "\xff"},
};

START_TEST(test_invalid_utf8_table)
{
    const char *bad = invalid[_i].bad;
    char t[160];
    /* in the middle of a sentence with a claim, and at the very end (truncated input) */
    int n = snprintf(t, sizeof t, "Elle a lev%s 6 millions d'euros hier.", bad);
    claimx_result *r = (claimx_result *)1;
    ck_assert_msg(claimx_extract(ex, t, (size_t)n, &r) == CLAIMX_EUTF8, "%s not rejected", invalid[_i].name);
    ck_assert_ptr_null(r);
    ck_assert_uint_eq(run_ok(ex_fr_repl, t, (size_t)n, NULL), 1);
    claimx_result *r2;
    ck_assert_int_eq(claimx_extract(ex_fr_repl, t, (size_t)n, &r2), CLAIMX_OK);
    const claimx_claim *c = claimx_result_get(r2, 0);
    ck_assert_str_eq(c->text, "6 millions d'euros");
    ck_assert_uint_eq(c->start, 11 + strlen(bad));
    claimx_result_free(r2);
    n = snprintf(t, sizeof t, "Il a lev\xc3\xa9 6 millions d'euros %s", bad);
    ck_assert_int_eq(claimx_extract(ex, t, (size_t)n, &r), CLAIMX_EUTF8);
    ck_assert_uint_eq(run_ok(ex_fr_repl, t, (size_t)n, NULL), 1);
    /* the claim's own text holds the bad bytes: JSON escapes them, stays valid */
    n = snprintf(t, sizeof t, "Il a lev\xc3\xa9 6 millions%sd'euros", bad);
    run_ok(ex_fr_repl, t, (size_t)n, NULL);
    /* one-call API: an error object */
    char *j = claimx_extract_json(t, (size_t)n, NULL);
    ck_assert_ptr_nonnull(strstr(j, "\"code\": -3"));
    ck_assert(cx_json_valid(j, strlen(j)));
    claimx_string_free(j);
}
END_TEST

START_TEST(test_valid_utf8_edges_accepted)
{
    /* the largest and smallest of each length are valid, not rejected */
    static const char *ok[] = {"\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xef\xbf\xbf", "\xee\x80\x80",
                               "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf", "\xef\xbb\xbf"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        char t[64];
        int n = snprintf(t, sizeof t, "%s 5 000 \xe2\x82\xac %s", ok[i], ok[i]);
        ck_assert_uint_eq(run_ok(ex, t, (size_t)n, NULL), 1);
    }
}
END_TEST

/* ---------- NULs, empty, lengths ---------- */

START_TEST(test_nul_bytes)
{
    /* NUL reads as a space: it may sit inside a claim's span; JSON escapes it */
    const char t[] = "Il a lev\xc3\xa9 6\0millions de dollars.\0\0\0";
    claimx_result *r;
    ck_assert_int_eq(claimx_extract(ex, t, sizeof t - 1, &r), CLAIMX_OK);
    check_result(r, t, sizeof t - 1);
    ck_assert_uint_eq(claimx_result_count(r), 1);
    const claimx_claim *c = claimx_result_get(r, 0);
    ck_assert_uint_eq(c->end - c->start, 21);
    char *json;
    ck_assert_int_eq(claimx_result_to_json(r, &json, NULL), CLAIMX_OK);
    ck_assert_ptr_nonnull(strstr(json, "\"text\": \"6\\u0000millions de dollars\""));
    claimx_string_free(json);
    claimx_result_free(r);
    /* nothing but NULs */
    char z[4096];
    memset(z, 0, sizeof z);
    ck_assert_uint_eq(run_ok(ex, z, sizeof z, NULL), 0);
}
END_TEST

START_TEST(test_empty_and_blank)
{
    claimx_result *r;
    ck_assert_int_eq(claimx_extract(ex, "", 0, &r), CLAIMX_OK);
    ck_assert_empty_result(r);
    claimx_result_free(r);
    /* len 0 with a non-NUL buffer reads nothing */
    ck_assert_uint_eq(run_ok(ex, "5 000 \xe2\x82\xac", 0, NULL), 0);
    static const char *blank[] = {" ", "\n", "\r\n\r\n", "\t \f\v", "\xc2\xa0\xe2\x80\xaf", "\xe2\x80\x8b\xc2\xad"};
    for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++) {
        ck_assert_int_eq(claimx_extract(ex, blank[i], strlen(blank[i]), &r), CLAIMX_OK);
        ck_assert_uint_eq(claimx_result_count(r), 0);
        claimx_result_free(r);
    }
}
END_TEST

START_TEST(test_lengths)
{
    claimx_result *r = (claimx_result *)1;
    ck_assert_int_eq(claimx_extract(ex, NULL, 1, &r), CLAIMX_EINVAL);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(claimx_extract(ex, NULL, SIZE_MAX, &r), CLAIMX_EINVAL);
    ck_assert_int_eq(claimx_extract(ex, NULL, 0, &r), CLAIMX_OK);
    claimx_result_free(r);
    /* a length near SIZE_MAX is refused before the buffer is read */
    r = (claimx_result *)1;
    ck_assert_int_eq(claimx_extract(ex, "x", SIZE_MAX, &r), CLAIMX_ETOOBIG);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(claimx_extract(ex, "x", SIZE_MAX - 1, &r), CLAIMX_ETOOBIG);
    ck_assert_int_eq(claimx_extract(ex, "x", SIZE_MAX / 2 + 1, &r), CLAIMX_ETOOBIG);
    ck_assert_int_eq(claimx_extract(ex, "x", ((size_t)1 << 30) + 1, &r), CLAIMX_ETOOBIG);
    /* max_input: exactly the limit passes, one more byte does not */
    claimx_options o;
    claimx_options_init(&o);
    claimx_extractor *e2;
    o.max_input = 9;
    ck_assert_int_eq(claimx_extractor_new(&o, &e2, NULL), CLAIMX_OK);
    ck_assert_int_eq(claimx_extract(e2, "5 000 \xe2\x82\xac!", 10, &r), CLAIMX_ETOOBIG);
    ck_assert_uint_eq(run_ok(e2, "5 000 \xe2\x82\xac!", 9, NULL), 1);
    claimx_extractor_free(e2);
    /* max_input too large for 32-bit offsets, or 0 */
    o.max_input = (size_t)UINT32_MAX;
    e2 = (claimx_extractor *)1;
    ck_assert_int_eq(claimx_extractor_new(&o, &e2, NULL), CLAIMX_EINVAL);
    ck_assert_ptr_null(e2);
    o.max_input = SIZE_MAX;
    ck_assert_int_eq(claimx_extractor_new(&o, &e2, NULL), CLAIMX_EINVAL);
    o.max_input = 0;
    ck_assert_int_eq(claimx_extractor_new(&o, &e2, NULL), CLAIMX_EINVAL);
}
END_TEST

/* ---------- pathological text ---------- */

static char *repeat(const char *unit, size_t times, size_t *len)
{
    size_t u = strlen(unit);
    char *p = malloc(u * times + 1);
    ck_assert_ptr_nonnull(p);
    for (size_t i = 0; i < times; i++)
        memcpy(p + i * u, unit, u);
    p[u * times] = '\0';
    *len = u * times;
    return p;
}

/* Texts that break naive engines; each gets a defined result. The sizes here
 * keep `make check` fast; tests/stress.c runs them at 10-100 MB. */
typedef struct gen {
    const char *name;
    const char *unit; /* repeated */
} gen;

static const gen patho[] = {
    {"digits", "1234567890"},
    {"repeated separators", "1 "},
    {"grouped digits", "1 000 "},
    {"decimal commas", "1,2,3,"},
    {"currency symbols", "\xe2\x82\xac$\xc2\xa3\xc2\xa5\xe2\x82\xb9\xe2\x82\xbf R$ US$ "},
    {"currency codes", "EUR USD "},
    {"scale words", "millions de milliards d'euros "},
    {"amounts", "5 millions d'euros, "},
    {"bound words", "plus de environ entre "},
    {"right-to-left", "\xe2\x80\xae\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9 \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xe2\x80\xac"},
    {"combining marks", "\xcc\x81\xcc\x82\xcc\x83\xcc\x88\xd9\x8b"},
    {"combining after a digit", "5\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81 "},
    {"expanding NFKC", "\xef\xb7\xba\xef\xb7\xbb\xe3\x8d\xb1"},
    {"zero-width", "\xe2\x80\x8b\xc2\xad\xef\xbb\xbf" "5"},
    {"newlines", "\n\r\n"},
    {"dots", "5. "},
    {"letters", "a"},
    {"emoji", "\xf0\x9f\x92\xb0\xf0\x9f\x92\xb6 "},
};

START_TEST(test_pathological_text)
{
    size_t n;
    char *t = repeat(patho[_i].unit, 4000 / strlen(patho[_i].unit) + 1, &n);
    uint32_t flags;
    run_ok(ex, t, n, &flags);
    ck_assert_msg(!(flags & CLAIMX_RESULT_LIMIT_HIT), "%s: default limits hit", patho[_i].name);
    run_ok(ex_fr_repl, t, n, NULL);
    free(t);
}
END_TEST

START_TEST(test_long_digit_runs)
{
    /* tests/stress.c runs a million digits (a match limit is hit there and
     * reported); here 20 000, which must stay under the limits */
    size_t n;
    char *t = repeat("9", 20000, &n);
    uint32_t flags;
    ck_assert_uint_eq(run_ok(ex, t, n, &flags), 0);
    ck_assert_uint_eq(flags, 0);
    /* a currency after it: too long to be an amount (more than 40 digits), no claim and no crash */
    char *u = malloc(n + 8);
    memcpy(u, t, n);
    memcpy(u + n, " \xe2\x82\xac", 4);
    ck_assert_uint_eq(run_ok(ex, u, n + 4, NULL), 0);
    /* 39 digits still make an exact amount */
    u[n - 40] = '$';
    claimx_result *r;
    ck_assert_int_eq(claimx_extract(ex, u + n - 40, 40, &r), CLAIMX_OK);
    ck_assert_uint_eq(claimx_result_count(r), 1);
    ck_assert_str_eq(claimx_result_get(r, 0)->value_exact, "999999999999999999999999999999999999999");
    claimx_result_free(r);
    free(u);
    free(t);
}
END_TEST

/* ---------- malformed pattern folders ---------- */

static char pdir[256];

static void put(const char *rel, const char *content, size_t n)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", pdir, rel);
    char *slash = strrchr(p, '/');
    *slash = '\0';
    mkdir(p, 0700);
    *slash = '/';
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    fwrite(content, 1, n, f);
    fclose(f);
}
#define PUT(rel, lit) put(rel, lit, sizeof lit - 1)

static int load(const char *lang, claimx_extractor **e, char **msg)
{
    claimx_options o;
    claimx_options_init(&o);
    o.pattern_dir = pdir;
    o.lang = lang;
    *msg = NULL;
    *e = NULL;
    return claimx_extractor_new(&o, e, msg);
}

static const struct {
    const char *name, *file, *content;
    size_t len;
    int rc;
} badpat[] = {
#define B(name, file, lit, rc) {name, file, lit, sizeof lit - 1, rc}
    B("unclosed group", "xx/money.pat", "r = (\\d+\n", CLAIMX_EPATTERN),
    B("no equals sign", "xx/money.pat", "just some words\n", CLAIMX_EPATTERN),
    B("empty name", "xx/money.pat", " = \\d+\nr = x\n", CLAIMX_EPATTERN),
    B("undefined name", "xx/money.pat", "r = {nope}\n", CLAIMX_EPATTERN),
    B("self reference", "xx/money.pat", "r = a{r}\n", CLAIMX_EPATTERN),
    B("NUL in a rule", "xx/money.pat", "r = (?<num>\\d+)\0(?<cur>x)\n", CLAIMX_EPATTERN),
    B("invalid UTF-8 in a rule", "xx/money.pat", "r = (?<num>\\d+)\xff(?<cur>x)\n", CLAIMX_EPATTERN),
    B("invalid UTF-8 in a word list", "xx/currencies.txt", "EUR|\xc0\xaf\n", CLAIMX_EPATTERN),
    B("bad scale key", "xx/scales.txt", "many|lots\n", CLAIMX_EPATTERN),
    B("lookbehind too complex", "xx/money.pat", "r = (?<=a+)b\n", CLAIMX_EPATTERN),
    B("continuation first", "xx/money.pat", "   orphan continuation\n", CLAIMX_EPATTERN),
#undef B
};

START_TEST(test_malformed_pattern_files)
{
    snprintf(pdir, sizeof pdir, "/tmp/claimx-robust-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(pdir));
    PUT("xx/language.txt", "words|foo|bar\n");
    put(badpat[_i].file, badpat[_i].content, badpat[_i].len);
    claimx_extractor *e;
    char *msg;
    int rc = load(NULL, &e, &msg);
    ck_assert_msg(rc == badpat[_i].rc, "%s: status %d, message %s", badpat[_i].name, rc, msg ? msg : "(none)");
    ck_assert_ptr_null(e);
    ck_assert_msg(msg && *msg, "%s: no message", badpat[_i].name);
    ck_assert_msg(strstr(msg, badpat[_i].file) != NULL, "%s: message names no file: %s", badpat[_i].name, msg);
    claimx_string_free(msg);
}
END_TEST

START_TEST(test_pattern_dir_edge_cases)
{
    snprintf(pdir, sizeof pdir, "/tmp/claimx-robust-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(pdir));
    claimx_extractor *e;
    char *msg;
    /* an empty folder has no language */
    int rc = load(NULL, &e, &msg);
    ck_assert_int_ne(rc, CLAIMX_OK);
    ck_assert_ptr_null(e);
    claimx_string_free(msg);
    /* a file where a folder should be */
    char p[200];
    snprintf(p, sizeof p, "%.100s/file", pdir);
    FILE *f = fopen(p, "w");
    fclose(f);
    char keep[256];
    memcpy(keep, pdir, sizeof keep);
    snprintf(pdir, sizeof pdir, "%s", p);
    rc = load(NULL, &e, &msg);
    ck_assert_int_eq(rc, CLAIMX_EIO);
    claimx_string_free(msg);
    memcpy(pdir, keep, sizeof keep);
    /* a very long line, and a huge word list: loads */
    PUT("xx/language.txt", "words|foo|bar\n");
    size_t n;
    char *big = repeat("a", 200000, &n);
    char *line = malloc(n + 64);
    int l = snprintf(line, n + 64, "# %s\nr = (?<num>\\d+) ?(?<cur>zorkmid)\n", big);
    put("xx/money.pat", line, (size_t)l);
    ck_assert_int_eq(load("xx", &e, &msg), CLAIMX_OK);
    claimx_extractor_free(e);
    free(line);
    free(big);
    /* a rule with catastrophic backtracking: builds, and extraction reports the
     * limit (a currency follows the digits, so the rule is tried; the
     * look-ahead then fails it after exponential backtracking) */
    PUT("xx/money.pat", "r = (?<num>(?:\\d|\\d\\d)+)+ ?(?<cur>zorkmid|!)(?! y)\n");
    PUT("xx/currencies.txt", "ZMD|zorkmid\n");
    ck_assert_int_eq(load("xx", &e, &msg), CLAIMX_OK);
    char *t = repeat("1", 100, &n);
    t = realloc(t, n + 16);
    memcpy(t + n, " zorkmid y", 10);
    n += 10;
    uint32_t flags;
    run_ok(e, t, n, &flags);
    ck_assert_msg(flags & CLAIMX_RESULT_LIMIT_HIT, "catastrophic rule did not report its limit");
    free(t);
    ck_assert_uint_eq(run_ok(e, "12 zorkmid", 10, &flags), 1);
    ck_assert_uint_eq(flags, 0);
    claimx_extractor_free(e);
    /* a match that needs more JIT stack than PCRE2's default 32 KB: the
     * extraction makes a larger stack and the claim is found */
    PUT("xx/money.pat", "r = (?<num>\\d+) ?(?<cur>zorkmid)(?=(?:(((((((((((( a))))))))))))|(((((((((((( b)))))))))))))+)\n");
    ck_assert_int_eq(load("xx", &e, &msg), CLAIMX_OK);
    char deep[512];
    memcpy(deep, "12 zorkmid", 10);
    for (int i = 10; i < 490; i += 2)
        memcpy(deep + i, i % 4 ? " a" : " b", 2);
    deep[490] = '.';
    ck_assert_uint_eq(run_ok(e, deep, 491, &flags), 1);
    ck_assert_uint_eq(flags, 0);
    claimx_extractor_free(e);
}
END_TEST

/* ---------- API misuse ---------- */

START_TEST(test_api_misuse)
{
    claimx_extractor_free(NULL);
    claimx_result_free(NULL);
    claimx_string_free(NULL);
    claimx_options_init(NULL);
    ck_assert_uint_eq(claimx_result_count(NULL), 0);
    ck_assert_ptr_null(claimx_result_get(NULL, 0));
    ck_assert_ptr_null(claimx_result_get(NULL, SIZE_MAX));
    ck_assert_ptr_null(claimx_result_lang(NULL));
    ck_assert_uint_eq(claimx_result_flags(NULL), 0);
    char *s = (char *)1;
    size_t l = 7;
    ck_assert_int_eq(claimx_result_to_json(NULL, &s, &l), CLAIMX_EINVAL);
    claimx_result *r;
    ck_assert_int_eq(claimx_extract(ex, "x", 1, &r), CLAIMX_OK);
    ck_assert_int_eq(claimx_result_to_json(r, NULL, &l), CLAIMX_EINVAL);
    ck_assert_ptr_null(claimx_result_get(r, SIZE_MAX));
    claimx_result_free(r);
    ck_assert_int_eq(claimx_extract(NULL, NULL, 0, NULL), CLAIMX_EINVAL);
    /* options: wrong struct_size, unknown kinds */
    claimx_options o;
    claimx_options_init(&o);
    claimx_extractor *e = (claimx_extractor *)1;
    char *msg = (char *)1;
    o.struct_size = 0;
    ck_assert_int_eq(claimx_extractor_new(&o, &e, &msg), CLAIMX_EINVAL);
    ck_assert_ptr_null(e);
    ck_assert_ptr_null(msg);
    o.struct_size = sizeof o + 1;
    ck_assert_int_eq(claimx_extractor_new(&o, &e, NULL), CLAIMX_EINVAL);
    claimx_options_init(&o);
    o.kinds = 1u << 20;
    ck_assert_int_eq(claimx_extractor_new(&o, &e, NULL), CLAIMX_EINVAL);
    claimx_options_init(&o);
    o.lang = "";
    ck_assert_int_eq(claimx_extractor_new(&o, &e, NULL), CLAIMX_OK); /* "" is auto */
    claimx_extractor_free(e);
    /* one-call API: NULL text with a length, bad options */
    char *j = claimx_extract_json(NULL, 5, NULL);
    ck_assert_ptr_nonnull(strstr(j, "\"code\": -2"));
    claimx_string_free(j);
    j = claimx_extract_json(NULL, 0, "");
    ck_assert_ptr_nonnull(strstr(j, "\"claims\": []"));
    claimx_string_free(j);
    static const char *badopt[] = {"{", "{\"lang\": 5}", "{\"lang\": \"xx\"}", "{\"kinds\": \"\"}", "nope",
                                   "{\"lang\": \"\\ud800\"}", "{\"kinds\": [\"money\"]}"};
    for (size_t i = 0; i < sizeof badopt / sizeof badopt[0]; i++) {
        j = claimx_extract_json("5 $", 3, badopt[i]);
        ck_assert_msg(j && cx_json_valid(j, strlen(j)), "options %s", badopt[i]);
        claimx_string_free(j);
    }
}
END_TEST

/* ---------- limits ---------- */

START_TEST(test_match_limit_reported)
{
    const char *t = "La start-up a lev\xc3\xa9 450 millions d'euros, soit environ 490 millions de dollars.";
    uint32_t flags;
    ck_assert_uint_eq(run_ok(ex, t, strlen(t), &flags), 2);
    ck_assert_uint_eq(flags, 0);
    claimx_options o;
    claimx_options_init(&o);
    o.match_limit = 2;
    claimx_extractor *e;
    ck_assert_int_eq(claimx_extractor_new(&o, &e, NULL), CLAIMX_OK);
    claimx_result *r;
    ck_assert_int_eq(claimx_extract(e, t, strlen(t), &r), CLAIMX_OK);
    ck_assert(claimx_result_flags(r) & CLAIMX_RESULT_LIMIT_HIT);
    cx_stats st;
    cx_result_stats(r, &st);
    ck_assert_uint_gt(st.limit_errors, 0);
    char *json;
    ck_assert_int_eq(claimx_result_to_json(r, &json, NULL), CLAIMX_OK);
    ck_assert_ptr_nonnull(strstr(json, "{\"lang\": \"fr\", \"limit_hit\": true, \"claims\": ["));
    ck_assert(cx_json_valid(json, strlen(json)));
    claimx_string_free(json);
    claimx_result_free(r);
    claimx_extractor_free(e);
    /* the heap and depth limits are passed on too (the interpreter obeys them) */
    claimx_options_init(&o);
    o.depth_limit = 1;
    o.heap_limit_kib = 0;
    ck_assert_int_eq(claimx_extractor_new(&o, &e, NULL), CLAIMX_OK);
    ck_assert_int_eq(claimx_extract(e, t, strlen(t), &r), CLAIMX_OK);
    check_result(r, t, strlen(t));
    claimx_result_free(r);
    claimx_extractor_free(e);
}
END_TEST

/* ---------- JSON escaping ---------- */

START_TEST(test_json_escapes_every_byte)
{
    /* every byte value alone, and in a run of text, gives a valid JSON string
     * that decodes back (control characters as \u00XX or \n etc., invalid bytes as \ufffd) */
    for (int c = 0; c < 256; c++) {
        char in[8] = {'a', (char)c, 'b'};
        cx_buf b = {0};
        cx_json_string(&b, in, 3);
        ck_assert_msg(cx_json_valid(b.p, b.len), "byte 0x%02x: %.*s", c, (int)b.len, b.p);
        for (size_t i = 0; i < b.len; i++)
            ck_assert_msg((unsigned char)b.p[i] >= 0x20, "byte 0x%02x left raw", c);
        size_t ol;
        char *back = cx_json_unescape(b.p, b.len, &ol);
        ck_assert_ptr_nonnull(back);
        if (c < 0x80)
            ck_assert(ol == 3 && memcmp(back, in, 3) == 0);
        else
            ck_assert_str_eq(back, "a\xef\xbf\xbd" "b"); /* lone byte >= 0x80: U+FFFD */
        free(back);
        cx_buf_free(&b);
    }
    cx_buf b = {0};
    cx_json_string(&b, "\xe2\x80\xa8\xe2\x80\xa9\"\\/", 9);
    cx_buf_putc(&b, '\0');
    ck_assert_str_eq(b.p, "\"\\u2028\\u2029\\\"\\\\/\"");
    cx_buf_free(&b);
}
END_TEST

START_TEST(test_json_validator)
{
    static const char *good[] = {"{}", "[]", "0", "-0.5e+3", "\"\\u00e9\"", " {\"a\": [1, true, null]} ",
                                 "\"\xc3\xa9\""};
    static const char *bad[] = {"", "{", "{\"a\" 1}", "[1,]", "01", "1.", "\"\x01\"", "\"\\x\"", "\"\xff\"",
                                "tru", "{} {}", "\"\\u12\"", "+1", "{'a': 1}"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        ck_assert_msg(cx_json_valid(good[i], strlen(good[i])), "%s", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!cx_json_valid(bad[i], strlen(bad[i])), "%s", bad[i]);
    size_t n;
    char *deep = repeat("[", 100000, &n);
    ck_assert(!cx_json_valid(deep, n));
    free(deep);
}
END_TEST

/* ---------- linear work ---------- */

static cx_stats stats_of(const claimx_extractor *e, const char *t, size_t n)
{
    claimx_result *r;
    ck_assert_int_eq(claimx_extract(e, t, n, &r), CLAIMX_OK);
    cx_stats st;
    cx_result_stats(r, &st);
    claimx_result_free(r);
    return st;
}

static const gen lin[] = {
    {"article", "La start-up a lev\xc3\xa9 450 millions d'euros, soit environ 490 millions de dollars. "
                "Elle vise entre 60 et 80 millions de dollars en 2026, plus de 1 200 \xe2\x82\xac par mois.\n"},
    {"one long sentence", "le chiffre 5 millions d'euros et 3 $ puis "},
    {"repeated separators", "1 "},
    {"digits", "1234567890"},
    {"currency symbols", "\xe2\x82\xac$\xc2\xa3 "},
    {"scale words", "millions de milliards "},
    {"grouped digits", "1.000,"},
};

START_TEST(test_linear_work)
{
    /* 10x the input costs at most about 10x the work, in pcre2_match calls and
     * in bytes PCRE2 could examine; never wall time */
    size_t n1, n2;
    size_t unit = strlen(lin[_i].unit);
    char *a = repeat(lin[_i].unit, 2000 / unit + 1, &n1);
    char *b = repeat(lin[_i].unit, 10 * (2000 / unit + 1), &n2);
    cx_stats s1 = stats_of(ex, a, n1), s2 = stats_of(ex, b, n2);
    ck_assert_msg(s2.scanned <= 12 * s1.scanned + 4096, "%s: %llu bytes scanned for %zu, %llu for %zu",
                  lin[_i].name, (unsigned long long)s1.scanned, n1, (unsigned long long)s2.scanned, n2);
    ck_assert_msg(s2.matches <= 12 * s1.matches + 64, "%s: %llu matches for %zu, %llu for %zu", lin[_i].name,
                  (unsigned long long)s1.matches, n1, (unsigned long long)s2.matches, n2);
    /* and the work is bounded per byte at all: no rule scans the text 1000 times */
    ck_assert_msg(s2.scanned <= 400 * n2, "%s: %llu bytes scanned for %zu bytes of text", lin[_i].name,
                  (unsigned long long)s2.scanned, n2);
    ck_assert_uint_eq(s2.limit_errors, 0);
    free(a);
    free(b);
}
END_TEST

Suite *robust_suite(void)
{
    Suite *s = suite_create("robust");
    TCase *tc = tcase_create("bad input");
    tcase_add_unchecked_fixture(tc, setup, teardown); /* built once per test case */
    tcase_add_loop_test(tc, test_invalid_utf8_table, 0, (int)(sizeof invalid / sizeof invalid[0]));
    tcase_add_test(tc, test_valid_utf8_edges_accepted);
    tcase_add_test(tc, test_nul_bytes);
    tcase_add_test(tc, test_empty_and_blank);
    tcase_add_test(tc, test_lengths);
    tcase_add_loop_test(tc, test_malformed_pattern_files, 0, (int)(sizeof badpat / sizeof badpat[0]));
    tcase_add_test(tc, test_pattern_dir_edge_cases);
    tcase_add_test(tc, test_api_misuse);
    tcase_add_test(tc, test_match_limit_reported);
    tcase_add_test(tc, test_json_escapes_every_byte);
    tcase_add_test(tc, test_json_validator);
    suite_add_tcase(s, tc);
    /* tagged "big": skipped under valgrind (make valgrind), run everywhere else */
    tc = tcase_create("big input");
    tcase_set_tags(tc, "big");
    tcase_set_timeout(tc, 120);
    tcase_add_unchecked_fixture(tc, setup, teardown); /* built once per test case */
    tcase_add_loop_test(tc, test_pathological_text, 0, (int)(sizeof patho / sizeof patho[0]));
    tcase_add_test(tc, test_long_digit_runs);
    tcase_add_loop_test(tc, test_linear_work, 0, (int)(sizeof lin / sizeof lin[0]));
    suite_add_tcase(s, tc);
    return s;
}
