/*
 * test_entities.c - named entities. Table-driven: every line of
 * tests/corpus/<lang>/entities.tsv (input, then the distinct entities as
 * "TYPE:name ; TYPE:name", "-" for none) is one case, run with the language
 * forced; the set of (type, name) found must equal the expected set (names
 * compared without ASCII case). Lines listed in tests/corpus/known_failures.tsv
 * (lang<TAB>input) are expected to fail. Plus checks on examples/articles/:
 * offsets, one type per name, and a few entities each article must yield.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "claimx.h"
#include "corpus.h"
#include "internal.h"
#include "tests.h"

static corpus entities = {.file = "entities.tsv", .ncols = 2, .kinds = CLAIMX_KIND_BIT(CLAIMX_ENTITY)};

static const char *type_s[] = {"NONE", "ORG", "PERSON", "PRODUCT", "LOC"};

/* "TYPE:name" of claim c */
static void key_of(const claimx_claim *c, char *out, size_t cap)
{
    int t = c->entity_type >= 0 && c->entity_type <= 4 ? c->entity_type : 0;
    snprintf(out, cap, "%s:%s", type_s[t], c->text);
}

/* NULL when the row passes, else what differs. */
static char *check_row(const corpus_row *r)
{
    static char why[4096];
    const char *input = r->cols[0];
    claimx_result *res;
    ck_assert_int_eq(claimx_extract(corpus_extractor(&entities, r->lang), input, strlen(input), &res), CLAIMX_OK);
    char *want = strdup(r->cols[1]);
    char *w[32];
    int nw = corpus_split(want, w, 32, 1);
    int found[32] = {0};
    char *res_why = NULL;
    size_t l = 0;
    why[0] = '\0';
    for (size_t i = 0; i < claimx_result_count(res); i++) {
        const claimx_claim *c = claimx_result_get(res, i);
        ck_assert_int_eq(c->kind, CLAIMX_ENTITY);
        ck_assert_mem_eq(input + c->start, c->text, c->end - c->start);
        char k[512];
        key_of(c, k, sizeof k);
        int hit = 0;
        for (int j = 0; j < nw; j++)
            if (!strcasecmp(k, w[j])) {
                found[j] = 1;
                hit = 1;
            }
        if (!hit) {
            l += (size_t)snprintf(why + l, sizeof why - l, " unexpected %s;", k);
            res_why = why;
        }
    }
    for (int j = 0; j < nw; j++)
        if (!found[j]) {
            l += (size_t)snprintf(why + l, sizeof why - l, " missing %s;", w[j]);
            res_why = why;
        }
    free(want);
    claimx_result_free(res);
    return res_why;
}

START_TEST(test_corpus_row)
{
    const corpus_row *r = &entities.rows[_i];
    corpus_assert_row(&entities, r, check_row(r));
}
END_TEST

START_TEST(test_corpus_size)
{
    /* the issue asks for at least 40 cases per language, negatives included */
    corpus_assert_size(&entities, "entity", 40, 8);
}
END_TEST

/* Example articles: spans, one type per name, and entities each must yield. */
static const struct {
    const char *file, *want;
} examples[] = {
    {"fr_levee_fonds_ia.txt", "PERSON:Camille Rousseau ; ORG:Lumen Raison ; LOC:Paris ; ORG:Microsoft ; PRODUCT:GPT-4"},
    {"nl_chipfabriek.txt", "ORG:ASML ; LOC:Eindhoven ; ORG:Veluwe Semiconductors ; ORG:Nvidia"},
    {"nl_datacenter_subsidie.txt", "PERSON:Ruben Hoekstra ; ORG:Dijkstra Datacenters ; LOC:Zwolle ; ORG:Tweede Kamer"},
    {"pt_startup_brasil.txt", "PERSON:Rafael Albuquerque ; ORG:Mantiqueira Ventures ; LOC:São Paulo ; PRODUCT:Jandaia 2"},
    {"pt_europa_investimento.txt", "PERSON:Inês Carvalho ; LOC:Lisboa ; ORG:Lusovento"},
    {"en_gpu_cluster.txt", "PERSON:Dana Okafor ; ORG:Blackridge Capital ; PRODUCT:GB200 ; LOC:Texas"},
    {"en_earnings.txt", "PERSON:Laura Chen ; ORG:Kempen Photonics ; PRODUCT:GB200"},
};

START_TEST(test_example_articles)
{
    claimx_extractor *ex;
    claimx_options o;
    claimx_options_init(&o);
    o.kinds = CLAIMX_KIND_BIT(CLAIMX_ENTITY);
    ck_assert_int_eq(claimx_extractor_new(&o, &ex, NULL), CLAIMX_OK);
    for (size_t e = 0; e < sizeof examples / sizeof *examples; e++) {
        char path[256];
        snprintf(path, sizeof path, "examples/articles/%s", examples[e].file);
        size_t len;
        char *text = corpus_read_file(path, &len);
        claimx_result *res;
        ck_assert_int_eq(claimx_extract(ex, text, len, &res), CLAIMX_OK);
        size_t n = claimx_result_count(res);
        ck_assert_msg(n > 0, "%s: no entity", examples[e].file);
        for (size_t i = 0; i < n; i++) {
            const claimx_claim *c = claimx_result_get(res, i);
            ck_assert_int_eq(c->kind, CLAIMX_ENTITY);
            ck_assert(c->entity_type >= CLAIMX_ENTITY_ORG && c->entity_type <= CLAIMX_ENTITY_LOC);
            ck_assert_mem_eq(text + c->start, c->text, c->end - c->start);
            for (size_t k = 0; k < i; k++) { /* the same name always has the same type */
                const claimx_claim *d = claimx_result_get(res, k);
                if (!strcasecmp(c->text, d->text))
                    ck_assert_msg(c->entity_type == d->entity_type, "%s: \"%s\" has two types", examples[e].file,
                                  c->text);
            }
        }
        char *want = strdup(examples[e].want);
        for (char *p = strtok(want, ";"); p; p = strtok(NULL, ";")) {
            while (*p == ' ')
                p++;
            size_t pl = strlen(p);
            while (pl && p[pl - 1] == ' ')
                p[--pl] = '\0';
            int hit = 0;
            for (size_t i = 0; i < n && !hit; i++) {
                char k[512];
                key_of(claimx_result_get(res, i), k, sizeof k);
                hit = !strcasecmp(k, p);
            }
            ck_assert_msg(hit, "%s: missing %s", examples[e].file, p);
        }
        free(want);
        claimx_result_free(res);
        free(text);
    }
    claimx_extractor_free(ex);
}
END_TEST

/* Every mention of a name is reported, and a cue seen later types earlier mentions. */
START_TEST(test_document_consistency)
{
    claimx_extractor *ex = corpus_extractor(&entities, "en"); /* owned by the corpus */
    const char *t = "Quorvane grew fast last year. Analysts expect Quorvane to hire. "
                    "The firm Quorvane now employs 300 people.";
    claimx_result *res;
    ck_assert_int_eq(claimx_extract(ex, t, strlen(t), &res), CLAIMX_OK);
    ck_assert_uint_eq(claimx_result_count(res), 3);
    for (size_t i = 0; i < 3; i++) {
        ck_assert_str_eq(claimx_result_get(res, i)->text, "Quorvane");
        ck_assert_int_eq(claimx_result_get(res, i)->entity_type, CLAIMX_ENTITY_ORG);
    }
    claimx_result_free(res);
    /* a sentence-initial unknown word is no name unless seen elsewhere */
    const char *u = "Floatopia arrives on consoles. It sold well.";
    ck_assert_int_eq(claimx_extract(ex, u, strlen(u), &res), CLAIMX_OK);
    ck_assert_uint_eq(claimx_result_count(res), 0);
    claimx_result_free(res);
}
END_TEST

/* The densest sentences (one-letter words, chained elisions, digits and
 * signs: about a token every two bytes, the room tokenize() makes at once),
 * then a name: every token is kept, the name found. */
START_TEST(test_dense_tokens)
{
    claimx_extractor *ex = corpus_extractor(&entities, "fr"); /* owned by the corpus */
    static const char *const units[] = {"a ", "l'", "2,", "d'l'", "I ", "x-"};
    for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
        size_t ul = strlen(units[u]), n = 3000;
        const char *tail = "a Quorvane et Quorvane.";
        char *t = malloc(n * ul + strlen(tail) + 1);
        ck_assert_ptr_nonnull(t);
        for (size_t i = 0; i < n; i++)
            memcpy(t + i * ul, units[u], ul);
        strcpy(t + n * ul, tail);
        claimx_result *res;
        ck_assert_int_eq(claimx_extract(ex, t, strlen(t), &res), CLAIMX_OK);
        size_t hits = 0;
        for (size_t i = 0; i < claimx_result_count(res); i++)
            hits += !strcmp(claimx_result_get(res, i)->text, "Quorvane");
        ck_assert_msg(hits == 2, "unit '%s': %zu mentions of Quorvane", units[u], hits);
        claimx_result_free(res);
        free(t);
    }
}
END_TEST

/* sentence_runs walks over common words without a bound check, up to the
 * T_RESTART of the next sentence's first token or of the sentinel after the
 * last token: sentences and documents that end in common words, and one of
 * common words only, lose or repeat no mention. */
START_TEST(test_common_word_ends)
{
    claimx_extractor *ex = corpus_extractor(&entities, "en"); /* owned by the corpus */
    static const struct {
        const char *text;
        size_t hits;
    } cases[] = {
        {"prices rose sharply. the analysts at Quorvane agreed. costs fell. the team at Quorvane said so", 2},
        {"shares of Quorvane grew. it rose and rose and rose and rose and rose and rose and rose and rose and rose", 1},
        {"it rose and rose and rose and rose and rose and rose and rose and rose and rose and rose again", 0},
        {"the deal with Quorvane was signed", 1},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        claimx_result *res;
        ck_assert_int_eq(claimx_extract(ex, cases[c].text, strlen(cases[c].text), &res), CLAIMX_OK);
        size_t hits = 0;
        for (size_t i = 0; i < claimx_result_count(res); i++)
            hits += !strcmp(claimx_result_get(res, i)->text, "Quorvane");
        ck_assert_msg(hits == cases[c].hits, "'%s': %zu mentions of Quorvane", cases[c].text, hits);
        ck_assert_uint_eq(claimx_result_count(res), cases[c].hits);
        claimx_result_free(res);
    }
}
END_TEST

/* The token loop reads runs of lower-case words sixteen bytes at a time
 * (a mask of the letters, of the spaces): a word whose space, or whose next
 * letter, falls at either edge of the sixteen bytes, a URL or a Latin-1
 * letter right after the space, change no token. Every shift of the text
 * by one byte yields the one mention of Quorvane after "at" (the URL is
 * skipped whole), at its offset. */
START_TEST(test_lower_run_blocks)
{
    claimx_extractor *ex = corpus_extractor(&entities, "en"); /* owned by the corpus */
    static const char *const mids[] = {
        " rose and rose http://quorvane.example.com so it went on and on at Quorvane.",
        " rose \xC3\xA9t\xC3\xA9 and rose and the team at Quorvane said so",
        " a b c d e f g h i j k l m n o p q r s t u v w x y z the analysts at Quorvane agreed",
    };
    char t[256];
    for (size_t m = 0; m < sizeof mids / sizeof *mids; m++)
        for (size_t pad = 1; pad <= 40; pad++) {
            memset(t, 'x', pad);
            strcpy(t + pad, mids[m]);
            claimx_result *res;
            ck_assert_int_eq(claimx_extract(ex, t, strlen(t), &res), CLAIMX_OK);
            const char *at = strstr(t, "at Quorvane") + 3;
            ck_assert_msg(claimx_result_count(res) == 1, "'%s': %zu claims", t, claimx_result_count(res));
            const claimx_claim *c = claimx_result_get(res, 0);
            ck_assert_str_eq(c->text, "Quorvane");
            ck_assert_uint_eq(c->start, (size_t)(at - t));
            claimx_result_free(res);
        }
}
END_TEST

/* The packed tables of the entity lists (cx_entities_prepare) hold every
 * key of up to 15 bytes of each list with its type, and nothing else: a key
 * with its last byte changed is found only when the list has it too. */
START_TEST(test_packed_lists)
{
    static const char *const lists[] = {"entity_stop",   "entity_gazetteer", "entity_before", "entity_after",
                                        "entity_suffix", "entity_names",     "entity_join"};
    cx_patterns P;
    ck_assert_int_eq(cx_patterns_load(&P, NULL, CLAIMX_KINDS_ALL, NULL), CLAIMX_OK);
    size_t checked = 0;
    for (size_t l = 0; l < P.nlangs; l++) {
        const cx_lang *L = &P.langs[l];
        for (int k = 0; k <= 7; k++) {
            const cx_map *m = k < 7 ? cx_lang_list(L, lists[k]) : &L->words;
            for (size_t i = 0; i < m->cap; i++) {
                if (!m->keys[i] || m->klen[i] == 0 || m->klen[i] > 15)
                    continue;
                int r = cx_entities_packed(L, k, m->keys[i], m->klen[i]);
                ck_assert_msg(r > 0, "%s %s: '%s' not packed", L->code, k < 7 ? lists[k] : "words", m->keys[i]);
                if (k == 1) {
                    const char *c = m->vals[i].canon;
                    int want = !strcmp(c, "ORG") ? CLAIMX_ENTITY_ORG : !strcmp(c, "PERSON") ? CLAIMX_ENTITY_PERSON :
                               !strcmp(c, "PRODUCT") ? CLAIMX_ENTITY_PRODUCT : !strcmp(c, "LOC") ? CLAIMX_ENTITY_LOC : 0;
                    ck_assert_int_eq(r - 1, want);
                }
                char other[16];
                memcpy(other, m->keys[i], m->klen[i]);
                other[m->klen[i] - 1] = '#';
                bool listed = cx_map_get(m, other, m->klen[i]) != NULL;
                if (k == 7) /* the words' table holds entity_stop's too */
                    listed = listed || cx_map_get(cx_lang_list(L, lists[0]), other, m->klen[i]) != NULL;
                ck_assert_int_eq(cx_entities_packed(L, k, other, m->klen[i]) > 0, listed);
                checked++;
            }
        }
        ck_assert_int_eq(cx_entities_packed(L, 0, "x", 16), -1);
        /* the affix tables (8 PK_BSUF: suffixes of entity_before, 9 PK_APRE
         * and 10 PK_GPRE: prefixes of entity_after and entity_gazetteer),
         * which a lookup reaches through their filters (ptab.filt) as well:
         * every affix of up to 15 bytes of every key is there */
        for (int k = 8; k <= 10; k++) {
            const cx_map *m = cx_lang_list(L, lists[k == 8 ? 2 : k == 9 ? 3 : 1]);
            for (size_t i = 0; i < m->cap; i++) {
                size_t kl = m->klen[i];
                for (size_t n = 1; m->keys[i] && n <= kl && n <= 15; n++) {
                    const char *p = k == 8 ? m->keys[i] + kl - n : m->keys[i];
                    ck_assert_msg(cx_entities_packed(L, k, p, n) > 0, "%s table %d: '%.*s' of '%s' not packed",
                                  L->code, k, (int)n, p, m->keys[i]);
                    checked++;
                }
            }
        }
    }
    ck_assert_uint_gt(checked, 1000);
    cx_patterns_free(&P);
}
END_TEST

/* Every field of an entity claim (cx_emit_entity): the kind, type, language
 * and rule, no value ("0"), bound, period, currency, model or vendor, and
 * offsets and text of the original bytes, in a text that normalisation
 * changes before and inside the names (a no-break space, a ligature, a
 * full-width letter), with a suffix's dot. */
START_TEST(test_entity_claim_fields)
{
    claimx_options o;
    claimx_options_init(&o);
    o.kinds = CLAIMX_KIND_BIT(CLAIMX_ENTITY);
    o.lang = "en";
    claimx_extractor *ex;
    ck_assert_int_eq(claimx_extractor_new(&o, &ex, NULL), CLAIMX_OK);
    static const char text[] = "Shares of\xc2\xa0Nvidia rose. The \xef\xac\x81rm Corvane Systems Inc. hired "
                               "\xef\xbc\xa1rlo Ventis, said Sam Altman.";
    claimx_result *res;
    ck_assert_int_eq(claimx_extract(ex, text, strlen(text), &res), CLAIMX_OK);
    static const char *const want[][3] = {{"Nvidia", "ORG", "en/entity/gazetteer"},
                                          {"Corvane Systems Inc.", "ORG", "en/entity/shape"},
                                          {"Sam Altman", "PERSON", "en/entity/gazetteer"},
                                          {"\xef\xbc\xa1rlo Ventis", "ORG", "en/entity/default"}};
    size_t found = 0;
    for (size_t i = 0; i < claimx_result_count(res); i++) {
        const claimx_claim *c = claimx_result_get(res, i);
        ck_assert_int_eq(c->kind, CLAIMX_ENTITY);
        ck_assert_int_eq(c->bound, 0);
        ck_assert_int_eq(c->period, 0);
        ck_assert(c->value == 0);
        ck_assert_str_eq(c->value_exact, "0");
        ck_assert_ptr_null(c->currency);
        ck_assert_ptr_null(c->model);
        ck_assert_ptr_null(c->vendor);
        ck_assert_str_eq(c->lang, "en");
        ck_assert_uint_le(c->start, c->end);
        ck_assert_uint_le(c->end, strlen(text));
        ck_assert_uint_eq(strlen(c->text), c->end - c->start);
        ck_assert_mem_eq(text + c->start, c->text, c->end - c->start);
        for (size_t k = 0; k < 4; k++)
            if (!strcmp(c->text, want[k][0])) {
                ck_assert_str_eq(type_s[c->entity_type], want[k][1]);
                ck_assert_str_eq(c->rule, want[k][2]);
                found |= 1u << k;
            }
    }
    ck_assert_uint_eq(found, 15);
    claimx_result_free(res);
    claimx_extractor_free(ex);
}
END_TEST

/* A copy of the entity pass with the library's paths (the sixteen-byte ones
 * on x86-64), under other names, and block_entity_tokens(); and the portable
 * paths' scalar_entity_tokens() (test_entities_scalar.c). */
#define cx_entities_doc block_entities_doc
#define cx_entities_prepare block_entities_prepare
#define cx_entities_free block_entities_free
#define cx_entities_packed block_entities_packed
#define cx_entities_rule_names block_entities_rule_names
#include "../lib/entities.c"
#undef cx_entities_doc
#undef cx_entities_prepare
#undef cx_entities_free
#undef cx_entities_packed
#undef cx_entities_rule_names
#define ENT_TOKENS block_entity_tokens
#include "entities_tokens.h"
size_t scalar_entity_tokens(const cx_lang *L, const char *s, size_t n, size_t nsent, uint32_t *out, size_t cap,
                            char *fold, size_t foldcap, size_t *nfold);

/* The token pass with the library's paths and the portable one make the same tokens (ends,
 * fold spans, flags) and the same fold, on random texts of pieces the token
 * loop cares about (lower-case runs longer and shorter than sixteen bytes, a
 * word of sixteen letters and a space, capitals, digits, joining characters,
 * elisions, URLs, Latin-1 and other UTF-8, invalid bytes), cut into one to
 * three sentences, in every language. */
START_TEST(test_block_scalar)
{
    cx_patterns P;
    ck_assert_int_eq(cx_patterns_load(&P, NULL, CLAIMX_KINDS_ALL, NULL), CLAIMX_OK);
    static const char *const al[] = {
        "a", "e", "s", "q", "h", "Z", "A", "S", "0", "5", " ", " ", " ", " ", ".", "-", "'", "&", "_", ",", ":",
        "/", "\n", "(", "\"", "\xC3\xA9", "\xC3\x89", "\xC3\x9F", "\xC3\xB7", "\xC3", "\xE2\x80\x99", "\xC2\xA0",
        "\xCE\xB1", "\x80", "http://", "https://x.", "qu'", "l'", "'s ", "H100s", "v2.1", "ab.com", "DeepSeek",
        "de ", "van ", "the ", "of ", "Inc.", "NVIDIA", "abcdefghijklmno ", "abcdefghijklmnop ", "abcdefghijklmnopqrstu ", "rose and rose "};
    const size_t nal = sizeof al / sizeof *al;
    enum { CAP = 1024 };
    static uint32_t o1[5 * CAP], o2[5 * CAP];
    static char t[CAP], f1[4 * CAP], f2[4 * CAP];
    uint64_t r = 0x9E3779B97F4A7C15u;
    for (int it = 0; it < 4000; it++) {
        size_t n = 0, want = (size_t)(r % 300);
        int raw = it % 5 == 0; /* random bytes */
        while (n < want) {
            r ^= r << 13, r ^= r >> 7, r ^= r << 17;
            if (raw) {
                t[n++] = (char)(r >> 24);
                continue;
            }
            if (r % 2 == 0) {
                /* a lower-case word of 1 to 20 letters (most words) */
                size_t l = 1 + (size_t)(r >> 40) % 20;
                for (size_t k = 0; k < l && n < CAP - 1; k++)
                    t[n++] = (char)('a' + (r >> (3 * k % 30)) % 26);
            } else {
                const char *x = al[(r >> 8) % nal];
                size_t l = strlen(x);
                memcpy(t + n, x, l);
                n += l;
            }
            if (r >> 33 & 1 && n < CAP - 1)
                t[n++] = ' ';
        }
        for (size_t li = 0; li < P.nlangs; li++) {
            size_t ns = 1 + (size_t)it % 3, nf1 = 0, nf2 = 0;
            size_t n1 = block_entity_tokens(&P.langs[li], t, n, ns, o1, CAP, f1, sizeof f1, &nf1);
            size_t n2 = scalar_entity_tokens(&P.langs[li], t, n, ns, o2, CAP, f2, sizeof f2, &nf2);
            ck_assert_msg(n1 == n2 && n1 != (size_t)-1, "'%.*s': %zu tokens, %zu portable", (int)n, t, n1, n2);
            ck_assert_msg(!memcmp(o1, o2, 5 * n1 * sizeof *o1), "'%.*s': the tokens differ", (int)n, t);
            ck_assert_msg(nf1 == nf2 && !memcmp(f1, f2, nf1), "'%.*s': the folds differ", (int)n, t);
        }
    }
    cx_patterns_free(&P);
}
END_TEST

Suite *entities_suite(void)
{
    corpus_load(&entities);
    Suite *s = suite_create("entities");
    TCase *tc = tcase_create("corpus");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_corpus_size);
    tcase_add_loop_test(tc, test_corpus_row, 0, entities.nrows);
    tcase_add_test(tc, test_example_articles);
    tcase_add_test(tc, test_document_consistency);
    tcase_add_test(tc, test_packed_lists);
    tcase_add_test(tc, test_dense_tokens);
    tcase_add_test(tc, test_common_word_ends);
    tcase_add_test(tc, test_lower_run_blocks);
    tcase_add_test(tc, test_block_scalar);
    tcase_add_test(tc, test_entity_claim_fields);
    suite_add_tcase(s, tc);
    return s;
}
