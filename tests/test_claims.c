/* test_claims.c - the public API: versions, errors, misuse, offsets, JSON one-call. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimx.h"
#include "corpus.h"
#include "internal.h"
#include "tests.h"

static claimx_extractor *ex;
static void setup(void) { ck_assert_int_eq(claimx_extractor_new(NULL, &ex, NULL), CLAIMX_OK); }
static void teardown(void) { claimx_extractor_free(ex); }

/* An extractor of the kinds in bits (CLAIMX_KIND_BIT()), to free */
static claimx_extractor *kinds_extractor(uint32_t bits)
{
    claimx_options o;
    claimx_options_init(&o);
    o.kinds = bits;
    claimx_extractor *e = NULL;
    ck_assert_int_eq(claimx_extractor_new(&o, &e, NULL), CLAIMX_OK);
    return e;
}

START_TEST(test_version)
{
    ck_assert_str_eq(claimx_version(), CLAIMX_VERSION_STRING);
    ck_assert_uint_eq(claimx_version_number(), CLAIMX_VERSION_NUMBER);
}
END_TEST

START_TEST(test_strerror)
{
    for (int c = 0; c >= -9; c--)
        ck_assert_str_ne(claimx_strerror(c), "unknown error");
    ck_assert_str_eq(claimx_strerror(-1000), "unknown error");
    ck_assert_str_eq(claimx_strerror(42), "unknown error");
}
END_TEST

START_TEST(test_misuse)
{
    claimx_result *r = (claimx_result *)1;
    claimx_extractor_free(NULL);
    claimx_result_free(NULL);
    claimx_string_free(NULL);
    ck_assert_int_eq(claimx_extract(NULL, "x", 1, &r), CLAIMX_EINVAL);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(claimx_extract(ex, NULL, 5, &r), CLAIMX_EINVAL);
    ck_assert_int_eq(claimx_extract(ex, "x", 1, NULL), CLAIMX_EINVAL);
    ck_assert_int_eq(claimx_extract(ex, "x", SIZE_MAX, &r), CLAIMX_ETOOBIG);
    ck_assert_int_eq(claimx_extractor_new(NULL, NULL, NULL), CLAIMX_EINVAL);
    ck_assert_uint_eq(claimx_result_count(NULL), 0);
    ck_assert_ptr_null(claimx_result_get(NULL, 0));
    char *s;
    ck_assert_int_eq(claimx_result_to_json(NULL, &s, NULL), CLAIMX_EINVAL);
    claimx_options o;
    claimx_options_init(&o);
    o.kinds = 0;
    claimx_extractor *e2 = (claimx_extractor *)1;
    ck_assert_int_eq(claimx_extractor_new(&o, &e2, NULL), CLAIMX_EINVAL);
    ck_assert_ptr_null(e2);
    claimx_options_init(&o);
    o.lang = "xx";
    char *msg = NULL;
    ck_assert_int_eq(claimx_extractor_new(&o, &e2, &msg), CLAIMX_ELANG);
    ck_assert_ptr_nonnull(strstr(msg, "'xx'"));
    claimx_string_free(msg);
}
END_TEST

START_TEST(test_empty_and_nul)
{
    claimx_result *r;
    ck_assert_int_eq(claimx_extract(ex, NULL, 0, &r), CLAIMX_OK);
    ck_assert_uint_eq(claimx_result_count(r), 0);
    ck_assert_ptr_null(claimx_result_get(r, 0));
    claimx_result_free(r);
    const char t[] = "\0\0Il a levé 6 millions de dollars.\0 Ensuite 5 000 \xe2\x82\xac\0";
    ck_assert_int_eq(claimx_extract(ex, t, sizeof t - 1, &r), CLAIMX_OK);
    ck_assert_uint_eq(claimx_result_count(r), 2);
    const claimx_claim *c = claimx_result_get(r, 0);
    ck_assert_uint_eq(c->start, 13);
    ck_assert_mem_eq(t + c->start, "6 millions de dollars", 21);
    ck_assert_str_eq(c->text, "6 millions de dollars");
    claimx_result_free(r);
}
END_TEST

START_TEST(test_invalid_utf8)
{
    const char t[] = "Co\xfbt : 6 millions de dollars";
    claimx_result *r = (claimx_result *)1;
    ck_assert_int_eq(claimx_extract(ex, t, sizeof t - 1, &r), CLAIMX_EUTF8);
    ck_assert_ptr_null(r);
    claimx_options o;
    claimx_options_init(&o);
    o.flags = CLAIMX_OPT_REPLACE_INVALID;
    o.lang = "fr";
    claimx_extractor *e2;
    ck_assert_int_eq(claimx_extractor_new(&o, &e2, NULL), CLAIMX_OK);
    ck_assert_int_eq(claimx_extract(e2, t, sizeof t - 1, &r), CLAIMX_OK);
    ck_assert_uint_eq(claimx_result_count(r), 1);
    ck_assert_uint_eq(claimx_result_get(r, 0)->start, 7);
    ck_assert_str_eq(claimx_result_get(r, 0)->text, "6 millions de dollars");
    char *json;
    ck_assert_int_eq(claimx_result_to_json(r, &json, NULL), CLAIMX_OK);
    claimx_string_free(json);
    claimx_result_free(r);
    claimx_extractor_free(e2);
}
END_TEST

START_TEST(test_offsets_point_into_original)
{
    /* NBSP, narrow NBSP, typographic apostrophe and a decomposed accent before the claim */
    const char t[] = "Ve\xcc\x81rite\xcc\x81 : l\xe2\x80\x99" "entreprise a lev\xc3\xa9 50\xe2\x80\xaf" "000\xc2\xa0\xe2\x82\xac et 2 millions d\xe2\x80\x99" "euros par an.";
    claimx_result *r;
    ck_assert_int_eq(claimx_extract(ex, t, sizeof t - 1, &r), CLAIMX_OK);
    ck_assert_uint_eq(claimx_result_count(r), 2);
    const claimx_claim *a = claimx_result_get(r, 0), *b = claimx_result_get(r, 1);
    ck_assert_mem_eq(t + a->start, "50\xe2\x80\xaf" "000\xc2\xa0\xe2\x82\xac", a->end - a->start);
    ck_assert_str_eq(a->value_exact, "50000");
    ck_assert_str_eq(a->currency, "EUR");
    ck_assert_mem_eq(t + b->start, "2 millions d\xe2\x80\x99" "euros", b->end - b->start);
    ck_assert_int_eq(b->period, CLAIMX_PERIOD_YEAR);
    ck_assert(b->value == 2e6);
    claimx_result_free(r);
}
END_TEST

START_TEST(test_kinds_filter)
{
    claimx_extractor *e2 = kinds_extractor(CLAIMX_KIND_BIT(CLAIMX_ENTITY));
    claimx_result *r;
    ck_assert_int_eq(claimx_extract(e2, "It raised $5 million.", 21, &r), CLAIMX_OK);
    ck_assert_uint_eq(claimx_result_count(r), 0);
    claimx_result_free(r);
    claimx_extractor_free(e2);
}
END_TEST

START_TEST(test_extract_json)
{
    const char *t = "Il a levé 6 millions de dollars.";
    char *j = claimx_extract_json(t, strlen(t), "{\"lang\": \"fr\", \"kinds\": \"money\"}");
    ck_assert_ptr_nonnull(strstr(j, "\"value\": 6000000"));
    ck_assert_ptr_nonnull(strstr(j, "\"currency\": \"USD\""));
    claimx_string_free(j);
    j = claimx_extract_json(t, strlen(t), NULL);
    ck_assert_ptr_nonnull(strstr(j, "\"claims\": [{"));
    claimx_string_free(j);
    j = claimx_extract_json(t, strlen(t), "{\"kinds\": \"bogus\"}");
    ck_assert_ptr_nonnull(strstr(j, "\"error\""));
    claimx_string_free(j);
    j = claimx_extract_json("\xff", 1, "{}");
    ck_assert_ptr_nonnull(strstr(j, "\"code\": -3"));
    claimx_string_free(j);
    j = claimx_extract_json(t, strlen(t), "[1]");
    ck_assert_ptr_nonnull(strstr(j, "\"error\""));
    claimx_string_free(j);
}
END_TEST

START_TEST(test_never_money)
{
    static const char *t[] = {
        "En 2023, le 27 janvier 2025, 12,5 % des 10 000 employés utilisaient GPT-4 et la version 1.6.2.",
        "Le modèle compte 671 milliards de paramètres et tourne sur 2048 GPU.",
        "The figures are in dollars and the 7 billion parameter model scored 87.5 %.",
        "$$$ € € £ ¥ $ $",
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        claimx_result *r;
        ck_assert_int_eq(claimx_extract(ex, t[i], strlen(t[i]), &r), CLAIMX_OK);
        for (size_t k = 0; k < claimx_result_count(r); k++) /* entities (GPT-4) and gpu counts are fine */
            ck_assert_msg(claimx_result_get(r, k)->kind != CLAIMX_MONEY, "money found in: %s", t[i]);
        claimx_result_free(r);
    }
}
END_TEST


/* Claims come in text order (start, then the longer first, then kind),
 * whatever order the kinds found them in: entities inside money, GPU
 * counts after money in each sentence. */
START_TEST(test_claim_order)
{
    const char *t = "Nvidia a vendu 50 000 GPU H100 à Microsoft pour 6 millions de dollars. "
                    "Google investit 2 milliards d'euros et achète 10 000 puces TPU chez Broadcom. "
                    "Amazon paie 300 millions de dollars à Intel pour 5 000 accélérateurs Gaudi 3. "
                    "Le total atteint 9 millions de dollars, puis 4 000 GPU."; /* (claims after the last entity) */
    claimx_result *r;
    ck_assert_int_eq(claimx_extract(ex, t, strlen(t), &r), CLAIMX_OK);
    size_t n = claimx_result_count(r);
    int kinds = 0;
    for (size_t i = 0; i < n; i++) {
        const claimx_claim *c = claimx_result_get(r, i);
        kinds |= 1 << c->kind;
        if (i == 0)
            continue;
        const claimx_claim *p = claimx_result_get(r, i - 1);
        ck_assert_msg(p->start < c->start || (p->start == c->start && (p->end > c->end ||
                      (p->end == c->end && p->kind <= c->kind))), "claim %zu out of order", i);
    }
    ck_assert_int_eq(kinds, (1 << CLAIMX_MONEY) | (1 << CLAIMX_GPU_COUNT) | (1 << CLAIMX_ENTITY));
    ck_assert_uint_ge(n, 10);
    /* the sort moves every claim once: each kind's claims, found by an
     * extractor of that kind alone (already in order), are those of the
     * whole result, in the same order */
    for (int kind = CLAIMX_MONEY; kind <= CLAIMX_ENTITY; kind++) {
        claimx_extractor *one = kinds_extractor(CLAIMX_KIND_BIT(kind));
        claimx_result *r1;
        ck_assert_int_eq(claimx_extract(one, t, strlen(t), &r1), CLAIMX_OK);
        size_t j = 0;
        for (size_t i = 0; i < n; i++) {
            const claimx_claim *c = claimx_result_get(r, i);
            if ((int)c->kind != kind)
                continue;
            const claimx_claim *d = claimx_result_get(r1, j++);
            ck_assert_msg(d != NULL, "kind %d: claim %zu missing alone", kind, i);
            ck_assert_uint_eq(c->start, d->start);
            ck_assert_uint_eq(c->end, d->end);
            ck_assert_str_eq(c->text, d->text);
            ck_assert_str_eq(c->value_exact, d->value_exact);
            ck_assert_int_eq(c->entity_type, d->entity_type);
        }
        ck_assert_uint_eq(j, claimx_result_count(r1));
        ck_assert_uint_gt(j, 0);
        claimx_result_free(r1);
        claimx_extractor_free(one);
    }
    claimx_result_free(r);
}
END_TEST


/* A result owns its strings: it stays whole after its extractor is freed,
 * and claims of one result that share a rule or a currency see equal text. */
START_TEST(test_result_outlives_extractor)
{
    claimx_extractor *e;
    ck_assert_int_eq(claimx_extractor_new(NULL, &e, NULL), CLAIMX_OK);
    const char *t = "Nvidia a vendu 50 000 GPU H100 pour 6 millions de dollars et 8 millions de dollars. "
                    "OpenAI et Microsoft ont parlé à Paris.";
    claimx_result *r;
    ck_assert_int_eq(claimx_extract(e, t, strlen(t), &r), CLAIMX_OK);
    claimx_extractor_free(e);
    size_t n = claimx_result_count(r), money = 0;
    const char *first_rule = NULL;
    for (size_t i = 0; i < n; i++) {
        const claimx_claim *c = claimx_result_get(r, i);
        ck_assert_str_eq(c->lang, "fr");
        ck_assert_ptr_nonnull(strstr(c->rule, "fr/"));
        if (c->kind == CLAIMX_MONEY) {
            ck_assert_str_eq(c->currency, "USD");
            if (!first_rule)
                first_rule = c->rule;
            ck_assert_str_eq(c->rule, first_rule);
            money++;
        } else if (c->kind == CLAIMX_ENTITY) {
            ck_assert_ptr_nonnull(strstr(c->rule, "/entity/"));
        } else {
            ck_assert_str_eq(c->model, "H100");
        }
    }
    ck_assert_uint_eq(money, 2);
    claimx_result_free(r);
}
END_TEST

/* r, the result of reps copies of a paragraph of pl bytes whose own result
 * is one: as many claims as reps times one's, the last copy's the same as
 * one's, moved by pl * (reps - 1). */
static void same_last_copy(const claimx_result *one, const claimx_result *r, size_t reps, size_t pl)
{
    size_t n1 = claimx_result_count(one);
    ck_assert_uint_eq(claimx_result_count(r), n1 * reps);
    for (size_t k = 0; k < n1; k++) {
        const claimx_claim *a = claimx_result_get(one, k);
        const claimx_claim *b = claimx_result_get(r, n1 * (reps - 1) + k);
        ck_assert_int_eq(a->kind, b->kind);
        ck_assert_uint_eq(a->start + pl * (reps - 1), b->start);
        ck_assert_uint_eq(a->end + pl * (reps - 1), b->end);
        ck_assert_str_eq(a->value_exact ? a->value_exact : "", b->value_exact ? b->value_exact : "");
        ck_assert_str_eq(a->rule, b->rule);
    }
}

/* A document with more tokens than the fused walk keeps (CX_FUSE_MAX_ITEMS),
 * or a paragraph longer than it walks (CX_FUSE_MAX_PARA): the rest is
 * counted and scanned apart, and gives the same claims. */
START_TEST(test_many_items)
{
    const char *p = "Nvidia a vendu 300 GPU H100 pour 6 millions de dollars \xC3\xA0 Paris et l'Europe.\n";
    size_t pl = strlen(p);
    claimx_result *one;
    ck_assert_int_eq(claimx_extract(ex, p, pl, &one), CLAIMX_OK);
    size_t n1 = claimx_result_count(one);
    ck_assert_uint_ge(n1, 3);
    size_t reps = CX_FUSE_MAX_ITEMS / 8 + 1000; /* more than 8 items a paragraph */
    char *text = malloc(pl * reps);
    ck_assert_ptr_nonnull(text);
    for (size_t i = 0; i < reps; i++)
        memcpy(text + i * pl, p, pl);
    claimx_result *r;
    ck_assert_int_eq(claimx_extract(ex, text, pl * reps, &r), CLAIMX_OK);
    same_last_copy(one, r, reps, pl);
    claimx_result_free(r);
    /* one paragraph longer than CX_FUSE_MAX_PARA: scanned apart, the same
     * claims again */
    size_t reps2 = CX_FUSE_MAX_PARA / pl + 2;
    for (size_t i = 0; i + 1 < reps2; i++)
        text[i * pl + pl - 1] = ' ';
    ck_assert_int_eq(claimx_extract(ex, text, pl * reps2, &r), CLAIMX_OK);
    same_last_copy(one, r, reps2, pl);
    claimx_result_free(r);
    claimx_result_free(one);
    free(text);
}
END_TEST

/* Paragraphs after the first are walked in the language the document's
 * evidence so far gives (cx_scan_para_lang) while such guesses hold; a
 * paragraph whose own language turns out other is scanned per sentence
 * (cx_scan), and after a wrong guess paragraphs keep their items for every
 * language (cx_scan_para) until two guesses in a row would have held. Each
 * paragraph of a document of several languages (each with evidence enough of
 * its own) gives the claims it gives alone. Returns how many times the
 * language changes from one paragraph to the next (the first counts). */
static size_t check_paras(const char *const *paras, size_t np)
{
    char text[4096];
    size_t off[16], len = 0;
    ck_assert_uint_le(np, 16);
    for (size_t i = 0; i < np; i++) {
        off[i] = len;
        ck_assert_uint_lt(len + strlen(paras[i]), sizeof text);
        memcpy(text + len, paras[i], strlen(paras[i]));
        len += strlen(paras[i]);
    }
    claimx_result *r;
    ck_assert_int_eq(claimx_extract(ex, text, len, &r), CLAIMX_OK);
    size_t k = 0, langs = 0;
    char prev[16] = "";
    for (size_t i = 0; i < np; i++) {
        claimx_result *one;
        ck_assert_int_eq(claimx_extract(ex, paras[i], strlen(paras[i]), &one), CLAIMX_OK);
        size_t n1 = claimx_result_count(one);
        ck_assert_uint_ge(n1, 2);
        for (size_t j = 0; j < n1; j++, k++) {
            const claimx_claim *a = claimx_result_get(one, j);
            ck_assert_uint_lt(k, claimx_result_count(r));
            const claimx_claim *b = claimx_result_get(r, k);
            ck_assert_int_eq(a->kind, b->kind);
            ck_assert_uint_eq(a->start + off[i], b->start);
            ck_assert_uint_eq(a->end + off[i], b->end);
            ck_assert_str_eq(a->value_exact ? a->value_exact : "", b->value_exact ? b->value_exact : "");
            ck_assert_str_eq(a->rule, b->rule);
            ck_assert_str_eq(a->lang, b->lang);
        }
        langs += strcmp(claimx_result_lang(one), prev) != 0;
        snprintf(prev, sizeof prev, "%s", claimx_result_lang(one));
        claimx_result_free(one);
    }
    ck_assert_uint_eq(k, claimx_result_count(r));
    claimx_result_free(r);
    return langs;
}

START_TEST(test_guessed_language)
{
    static const char *const paras[] = {
        "The company said it bought 4,000 GPUs for $1.2 billion and the chips were shipped to the data centre.\n",
        "L'entreprise a lev\xC3\xA9 5 millions d'euros et elle a achet\xC3\xA9 300 cartes graphiques pour le projet.\n",
        "De overheid investeert 2 miljard euro en het bedrijf kocht 500 GPU's voor een nieuw datacenter.\n",
        "A empresa comprou mil GPUs por 85 milh\xC3\xB5""es de reais e o governo investiu 3 milh\xC3\xB5""es de d\xC3\xB3lares.\n",
        "Nvidia sold 10,000 H100 chips to the firm for about $300 million, the report said.\n",
        "La soci\xC3\xA9t\xC3\xA9 a vendu 200 puces pour 7 milliards de dollars aux \xC3\x89tats-Unis, selon le rapport.\n",
    };
    size_t np = sizeof paras / sizeof *paras;
    ck_assert_uint_eq(check_paras(paras, np), np); /* the language changes at every paragraph */
    /* en, then fr five times (a wrong guess, walked in en; two kept as
     * items whose guess holds; two walked in fr), then en (a wrong guess
     * again, walked in fr), nl, nl, pt */
    const char *const runs[] = {paras[0], paras[1], paras[5], paras[1], paras[5], paras[1],
                                paras[4], paras[2], paras[2], paras[3]};
    ck_assert_uint_eq(check_paras(runs, sizeof runs / sizeof *runs), 5);
}
END_TEST

/* ---------- claimx_extract_into: a reused result gives what a fresh one does ---------- */

static int str_same(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* every field of every claim, the language, the flags and the JSON */
static void assert_same_result(const claimx_result *a, const claimx_result *b, const char *what)
{
    ck_assert_msg(claimx_result_count(a) == claimx_result_count(b), "%s: %zu claims, fresh %zu", what,
                  claimx_result_count(a), claimx_result_count(b));
    ck_assert_str_eq(claimx_result_lang(a), claimx_result_lang(b));
    ck_assert_uint_eq(claimx_result_flags(a), claimx_result_flags(b));
    for (size_t i = 0; i < claimx_result_count(a); i++) {
        const claimx_claim *x = claimx_result_get(a, i), *y = claimx_result_get(b, i);
        ck_assert_msg(x->kind == y->kind && x->bound == y->bound && x->period == y->period &&
                          x->entity_type == y->entity_type && x->start == y->start && x->end == y->end &&
                          memcmp(&x->value, &y->value, sizeof x->value) == 0,
                      "%s: claim %zu differs", what, i);
        ck_assert_msg(str_same(x->value_exact, y->value_exact) && str_same(x->currency, y->currency) &&
                          str_same(x->text, y->text) && str_same(x->lang, y->lang) && str_same(x->rule, y->rule) &&
                          str_same(x->model, y->model) && str_same(x->vendor, y->vendor),
                      "%s: claim %zu: a string differs (%s / %s, %s / %s)", what, i, x->text, y->text,
                      x->rule ? x->rule : "-", y->rule ? y->rule : "-");
    }
    char *ja, *jb;
    ck_assert_int_eq(claimx_result_to_json(a, &ja, NULL), CLAIMX_OK);
    ck_assert_int_eq(claimx_result_to_json(b, &jb, NULL), CLAIMX_OK);
    ck_assert_msg(strcmp(ja, jb) == 0, "%s: JSON differs", what);
    claimx_string_free(ja);
    claimx_string_free(jb);
}

/* the example articles, each alone and all of them 12 times over (~450 KB,
 * over 4,096 claims: the claims array grows) */
static char *reuse_docs(const char **docs, size_t *lens, size_t max)
{
    static const char *const files[] = {
        "examples/articles/fr_levee_fonds_ia.txt", "examples/articles/nl_chipfabriek.txt",
        "examples/articles/pt_startup_brasil.txt", "examples/articles/en_gpu_cluster.txt",
        "examples/articles/mixed_fr_en_page.txt",  "examples/articles/en_earnings.txt",
    };
    size_t nf = sizeof files / sizeof *files, total = 0;
    ck_assert_uint_ge(max, nf);
    char *txt[6];
    size_t tl[6];
    for (size_t f = 0; f < nf; f++) {
        txt[f] = corpus_read_file(files[f], &tl[f]);
        total += tl[f];
    }
    char *big = malloc(12 * total + 1);
    ck_assert_ptr_nonnull(big);
    size_t n = 0;
    for (int r = 0; r < 12; r++)
        for (size_t f = 0; f < nf; f++) {
            memcpy(big + n, txt[f], tl[f]);
            n += tl[f];
        }
    for (size_t f = 0; f < nf; f++) {
        docs[f] = txt[f];
        lens[f] = tl[f];
    }
    docs[nf] = big;
    lens[nf] = n;
    return big;
}

START_TEST(test_extract_into_sequence)
{
    const char *art[7];
    size_t al[7];
    char *big = reuse_docs(art, al, 7);
    static const char bad[] = "Le groupe a lev\xC3\xA9 5 millions d'euros \xFF\xFE et 300 GPU."; /* invalid UTF-8 */
    /* big, small in other languages, an invalid one that fails, empty, big
     * again, NULL text; then small ones after big */
    struct {
        const char *t;
        size_t l;
    } seq[] = {
        {art[6], al[6]}, {art[0], al[0]}, {art[1], al[1]}, {bad, sizeof bad - 1}, {art[2], al[2]},
        {"", 0},         {art[6], al[6]}, {NULL, 0},       {art[3], al[3]},       {art[4], al[4]},
        {art[5], al[5]}, {bad, sizeof bad - 1}, {art[6], al[6] / 3}, {art[1], al[1]},
    };
    claimx_options o;
    claimx_options_init(&o);
    o.flags = CLAIMX_OPT_REPLACE_INVALID;
    claimx_extractor *lax;
    ck_assert_int_eq(claimx_extractor_new(&o, &lax, NULL), CLAIMX_OK);
    claimx_result *res = NULL;
    size_t fails = 0;
    for (int pass = 0; pass < 2; pass++) {
        /* pass 1: the same result alternates between two extractors (one
         * accepts invalid UTF-8) */
        for (size_t i = 0; i < sizeof seq / sizeof *seq; i++) {
            const claimx_extractor *e = pass && (i & 1) ? lax : ex;
            char what[64];
            snprintf(what, sizeof what, "pass %d, document %zu", pass, i);
            claimx_result *fresh = NULL;
            int want = claimx_extract(e, seq[i].t, seq[i].l, &fresh);
            int rc = claimx_extract_into(e, seq[i].t, seq[i].l, &res);
            ck_assert_int_eq(rc, want);
            ck_assert_ptr_nonnull(res);
            if (rc != CLAIMX_OK) {
                /* a failure leaves a valid empty result */
                ck_assert_ptr_null(fresh);
                ck_assert_empty_result(res);
                ck_assert_uint_eq(claimx_result_flags(res), 0);
                fails++;
                continue;
            }
            assert_same_result(res, fresh, what);
            claimx_result_free(fresh);
        }
    }
    ck_assert_uint_eq(fails, 2); /* the strict extractor refused the invalid text twice (pass 0) */
    claimx_result_free(res);
    claimx_extractor_free(lax);
    for (int f = 0; f < 6; f++)
        free((char *)art[f]);
    free(big);
}
END_TEST

START_TEST(test_extract_into_misuse)
{
    claimx_result *res = NULL;
    ck_assert_int_eq(claimx_extract_into(ex, "x", 1, NULL), CLAIMX_EINVAL);
    /* *res NULL: a result is made, even for a failure */
    ck_assert_int_eq(claimx_extract_into(NULL, "x", 1, &res), CLAIMX_EINVAL);
    ck_assert_ptr_nonnull(res);
    ck_assert_uint_eq(claimx_result_count(res), 0);
    claimx_result_free(res);
    res = NULL;
    static const char t[] = "Nvidia sold 10,000 H100 chips to the firm for about $300 million.";
    ck_assert_int_eq(claimx_extract_into(ex, t, sizeof t - 1, &res), CLAIMX_OK);
    ck_assert_uint_ge(claimx_result_count(res), 2);
    ck_assert_str_eq(claimx_result_lang(res), "en");
    /* each failure empties the result */
    ck_assert_int_eq(claimx_extract_into(ex, NULL, 5, &res), CLAIMX_EINVAL);
    ck_assert_uint_eq(claimx_result_count(res), 0);
    ck_assert_str_eq(claimx_result_lang(res), "und");
    ck_assert_int_eq(claimx_extract_into(ex, t, sizeof t - 1, &res), CLAIMX_OK);
    ck_assert_int_eq(claimx_extract_into(ex, t, SIZE_MAX, &res), CLAIMX_ETOOBIG);
    ck_assert_uint_eq(claimx_result_count(res), 0);
    ck_assert_int_eq(claimx_extract_into(ex, t, sizeof t - 1, &res), CLAIMX_OK);
    ck_assert_int_eq(claimx_extract_into(ex, "\xC3", 1, &res), CLAIMX_EUTF8);
    ck_assert_uint_eq(claimx_result_count(res), 0);
    ck_assert_int_eq(claimx_extract_into(ex, t, sizeof t - 1, &res), CLAIMX_OK);
    ck_assert_uint_ge(claimx_result_count(res), 2);
    claimx_result_free(res);
    /* a result of claimx_extract() serves claimx_extract_into() too */
    ck_assert_int_eq(claimx_extract(ex, t, sizeof t - 1, &res), CLAIMX_OK);
    claimx_result *fresh;
    static const char u[] = "L'entreprise a lev\xC3\xA9 5 millions d'euros pour 300 cartes graphiques.";
    ck_assert_int_eq(claimx_extract(ex, u, sizeof u - 1, &fresh), CLAIMX_OK);
    ck_assert_int_eq(claimx_extract_into(ex, u, sizeof u - 1, &res), CLAIMX_OK);
    assert_same_result(res, fresh, "into a result of claimx_extract");
    claimx_result_free(fresh);
    claimx_result_free(res);
}
END_TEST

Suite *claims_suite(void)
{
    Suite *s = suite_create("claims");
    TCase *tc = tcase_create("api");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_version);
    tcase_add_test(tc, test_strerror);
    tcase_add_test(tc, test_misuse);
    tcase_add_test(tc, test_empty_and_nul);
    tcase_add_test(tc, test_invalid_utf8);
    tcase_add_test(tc, test_offsets_point_into_original);
    tcase_add_test(tc, test_kinds_filter);
    tcase_add_test(tc, test_extract_json);
    tcase_add_test(tc, test_never_money);
    tcase_add_test(tc, test_claim_order);
    tcase_add_test(tc, test_result_outlives_extractor);
    tcase_add_test(tc, test_many_items);
    tcase_add_test(tc, test_guessed_language);
    tcase_add_test(tc, test_extract_into_sequence);
    tcase_add_test(tc, test_extract_into_misuse);
    tcase_set_timeout(tc, 120);
    suite_add_tcase(s, tc);
    return s;
}
