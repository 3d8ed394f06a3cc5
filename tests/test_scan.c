/* test_scan.c - the per-sentence token scan that every kind starts from. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>

#include "claimx.h"
#include "internal.h"
#include "corpus.h"
#include "tests.h"

static cx_patterns P;
static cx_toks T;

/* The patterns are loaded once per test case (an unchecked fixture: loading
 * and JIT-compiling them is most of this suite's time under valgrind); the
 * tokens are freed after each test. */
static void load(void)
{
    if (cx_patterns_load(&P, NULL, CLAIMX_KINDS_ALL, NULL) != CLAIMX_OK)
        abort();
}
static void unload(void) { cx_patterns_free(&P); }
static void setup(void) {}
static void teardown(void) { cx_toks_free(&T); }

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

/* The example articles the walks are compared on, whole and line by line. */
static const char *const example_articles[] = {
    "examples/articles/en_earnings.txt",     "examples/articles/fr_levee_fonds_ia.txt",
    "examples/articles/nl_chipfabriek.txt",  "examples/articles/pt_startup_brasil.txt",
    "examples/articles/mixed_fr_en_page.txt"};

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


/* ---------- the scan, the straightforward way ----------
 * Every word folded by cx_fold_key() and looked up by cx_map_get(); cx_scan
 * must give exactly these tokens (offsets and flags). */
static uint32_t ref_flags(const cx_lang *L, const char *w, size_t n)
{
    char key[512];
    if (n == 0 || n > 200)
        return 0;
    size_t kl = cx_fold_key(w, n, key, sizeof key);
    const cx_entry *e = kl ? cx_map_get(&L->anchors, key, kl) : NULL;
    return e ? (uint32_t)e->val : 0;
}

static size_t ref_scan(const cx_lang *L, const char *text, size_t start, size_t end, cx_tok *v, size_t cap)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t n = 0;
    for (size_t i = start; i < end;) {
        uint32_t cp = t[i];
        size_t k = 1;
        if (cp >= 0x80 && (k = cx_utf8_valid_seq(t + i, end - i, &cp)) == 0) {
            i++;
            continue;
        }
        bool letter = cp < 0x80 ? ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') : u_isalpha((UChar32)cp) != 0;
        if (!letter) {
            size_t a = i;
            i += k;
            if (cp >= '0' && cp <= '9') {
                while (i < end && t[i] >= '0' && t[i] <= '9')
                    i++;
                ck_assert_uint_lt(n, cap);
                v[n++] = (cx_tok){(uint32_t)a, (uint32_t)i, CX_T_DIGITS};
            } else if (cp == '$' || (cp >= 0x80 && u_charType((UChar32)cp) == U_CURRENCY_SYMBOL)) {
                ck_assert_uint_lt(n, cap);
                v[n++] = (cx_tok){(uint32_t)a, (uint32_t)i, CX_T_SYMBOL};
            }
            continue;
        }
        size_t a = i;
        bool cap_ = cp < 0x80 ? (cp >= 'A' && cp <= 'Z') : u_isupper((UChar32)cp) != 0;
        i += k;
        while (i < end) {
            uint32_t d = t[i];
            size_t kk = 1;
            if (d >= 0x80 && (kk = cx_utf8_valid_seq(t + i, end - i, &d)) == 0)
                break;
            if (d == '\'' || (d < 0x80 ? ((d | 0x20) >= 'a' && (d | 0x20) <= 'z') : u_isalpha((UChar32)d) != 0))
                i += kk;
            else
                break;
        }
        const char *ap = memchr(text + a, '\'', i - a);
        uint32_t f = ref_flags(L, text + a, i - a);
        if (!f && ap) {
            const char *last = text + i;
            while (last[-1] != '\'')
                last--;
            if (ref_flags(L, last, (size_t)(text + i - last)) & (CX_T_CURRENCY | CX_T_CURPART))
                f |= CX_T_CURPART;
        }
        if (ap && !(f & CX_T_GPU)) {
            uint32_t g = ref_flags(L, text + a, (size_t)(ap - (text + a)));
            if (g & CX_T_GPU)
                f |= g & (CX_T_GPU | CX_T_GPUCHIP | CX_T_GPUMODEL | CX_T_GPUUNIT);
        }
        if (cap_) {
            f |= CX_T_CAP;
            int up = 0;
            for (size_t j = a; j < i; j++)
                up += t[j] >= 'A' && t[j] <= 'Z';
            if (up >= 2)
                f |= CX_T_UPPER;
        }
        if (f) {
            ck_assert_uint_lt(n, cap);
            v[n++] = (cx_tok){(uint32_t)a, (uint32_t)i, f | CX_T_WORD};
        }
    }
    return n;
}

static cx_tok ref_v[4096];

/* cx_scan == ref_scan on text[start, end) in every language. */
static void same_scan(const char *text, size_t start, size_t end)
{
    for (size_t l = 0; l < P.nlangs; l++) {
        const cx_lang *L = &P.langs[l];
        size_t n = ref_scan(L, text, start, end, ref_v, sizeof ref_v / sizeof *ref_v);
        ck_assert_int_eq(cx_scan(L, text, start, end, &T), CLAIMX_OK);
        uint32_t all = 0;
        for (size_t j = 0; j < n; j++)
            all |= ref_v[j].flags;
        if (T.n != n || T.all != all)
            ck_abort_msg("%s: %zu tokens, expected %zu in [%zu, %zu) of \"%.*s\"", L->code, T.n, n, start, end,
                         (int)(end - start), text + start);
        for (size_t j = 0; j < n; j++)
            if (T.v[j].start != ref_v[j].start || T.v[j].end != ref_v[j].end || T.v[j].flags != ref_v[j].flags)
                ck_abort_msg("%s: token %zu [%u, %u) %#x, expected [%u, %u) %#x in \"%.*s\"", L->code, j,
                             T.v[j].start, T.v[j].end, T.v[j].flags, ref_v[j].start, ref_v[j].end, ref_v[j].flags,
                             (int)(end - start), text + start);
    }
}

/* Each line of a text whole, and cut at many ends and starts. */
static void same_lines(const char *text, size_t len)
{
    for (size_t a = 0; a < len;) {
        size_t b = a;
        while (b < len && text[b] != '\n')
            b++;
        same_scan(text, a, b);
        for (size_t e = a; e < b; e += 5)
            same_scan(text, a, e);
        for (size_t s = a; s < b; s += 11)
            same_scan(text, s, b);
        a = b + 1;
    }
}

START_TEST(test_reference)
{
    static const char *const langs[] = {"en", "fr", "nl", "pt"};
    static const char *const files[] = {"money.tsv", "gpu.tsv", "entities.tsv"};
    for (size_t l = 0; l < 4; l++)
        for (size_t f = 0; f < 3; f++) {
            char path[256];
            snprintf(path, sizeof path, "tests/corpus/%s/%s", langs[l], files[f]);
            size_t len;
            char *text = corpus_read_file(path, &len);
            same_lines(text, len);
            free(text);
        }
    /* words of every shape: cases, apostrophes, letters outside ASCII, broken
     * UTF-8, lengths around the 8- and 16-byte loads, at the end of a range */
    static const char *const pieces[] = {
        "A", "b", "Z", "'", " ", ",", ".", "-", "\xC3\xA9", "\xC3\x89", "\xE2\x82\xAC", "$", "7", "42", "dollars",
        "Euro", "USD", "MUSD", "milliards", "GPU", "H", "\xC3", "\xE2\x80\x99", "l'", "d'", "Nvidia", "gpu's",
        "abcdefghijklmnop", "ABCDEFGHIJKLMNOPQ", "\x80", "\xC3\x9F", "\xC4\xB0", "millions", "Billion", "entre",
        "cartes", "reais", "MILH\xC3\x95""ES", "milh\xC3\xB5""es", "\xC3\x97", "\xC3\x9E", "\xC3\xBF", "\xC2\xA0", "\t", "\xE2\x80\xAF", "un", "deux", "mil", "Bilh\xC3\xB5""es", "eight888",
        /* letters U+00C0..U+017F (the table fold of word_latin()) */
        "\xC5\x93", "\xC5\x92", "\xC4\x81", "\xC4\x80", "\xC5\xB8", "\xC5\xBF", "\xC4\xB1", "\xC3\xB7",
        "\xC3\x80", "\xC5", "\xC4\xC4", "qu'", "aujourd'hui", "euros", "\xC3\xA9""es", "D'", "mil\xC3\xB5""es",
        "Milh\xC3\xB5""es", "R\xC3\xA9""AIS",
        /* Latin words that end in, at and past the sixteen bytes of one load
         * (word_latin16()), signs x and / inside, apostrophes around accents */
        "pr\xC3\xA9sidentielles", "pr\xC3\xA9sidentielle", "pr\xC3\xA9sidentiellesx",
        "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", "abcdefghijklmno\xC3\xA9",
        "abcdefghijklmn\xC3\xA9", "\xC3\x89TATS", "a\xC3\x97""b", "\xC3\xA9\xC3\xB7", "l'\xC3\xA9t\xC3\xA9",
        "d'\xC3\xA9""cus", "\xC3\xA9t\xC3\xA9'", "GPU'\xC3\xA9", "\xC3\x89\xC3\x89U", "AB\xC3\xA9",
    };
    size_t np = sizeof pieces / sizeof *pieces;
    uint64_t r = 0x9E3779B97F4A7C15ull;
    char buf[512];
    for (int it = 0; it < 3000; it++) {
        size_t n = corpus_random_text(pieces, np, &r, buf, sizeof buf);
        same_scan(buf, 0, n);
        uint64_t x = corpus_random(&r);
        size_t s = x % (n + 1), e = s + (x >> 12) % (n - s + 1);
        same_scan(buf, s, e);
    }
    /* the example articles, as lines and whole */
    for (size_t a = 0; a < sizeof example_articles / sizeof *example_articles; a++) {
        size_t len;
        char *text = corpus_read_file(example_articles[a], &len);
        same_lines(text, len);
        free(text);
    }
}
END_TEST

/* ---------- one walk for the language and the scan ----------
 * cx_scan_para() of each paragraph must add to the counts exactly what
 * cx_lang_count() adds, and cx_scan_items() must give each sentence that
 * the hand-written splitter made exactly cx_scan()'s tokens, in every
 * language. A sentence of a paragraph ICU splits must be marked (the
 * pipeline scans it alone). */
static cx_items I;

static void same_fused(const char *text, size_t len, size_t *icu_out)
{
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "en", NULL, 0, &st);
    ck_assert(U_SUCCESS(st));
    ck_assert_ptr_nonnull(P.fuse);
    cx_spans paras = {0}, sents = {0};
    ck_assert_int_eq(cx_paragraphs(text, len, &paras), CLAIMX_OK);
    ck_assert_int_eq(cx_sentences(bi, text, len, &paras, &sents), CLAIMX_OK);
    I.n = 0;
    I.next = 0;
    for (size_t p = 0; p < paras.n; p++) {
        size_t c1[32] = {0}, c2[32] = {0};
        cx_lang_count(&P, text + paras.v[p].start, paras.v[p].end - paras.v[p].start, c1);
        ck_assert_int_eq(cx_scan_para(&P, text, paras.v[p].start, paras.v[p].end, &I, c2), CLAIMX_OK);
        for (size_t l = 0; l < P.nlangs; l++)
            if (c1[l] != c2[l])
                ck_abort_msg("%s: count %zu, expected %zu in \"%.*s\"", P.langs[l].code, c2[l], c1[l],
                             (int)(paras.v[p].end - paras.v[p].start), text + paras.v[p].start);
    }
    cx_toks U = {0};
    for (size_t l = 0; l < P.nlangs; l++) {
        size_t k = 0;
        for (size_t s = 0; s < sents.n; s++) {
            if (sents.v[s].icu) {
                if (l == 0 && icu_out)
                    ++*icu_out;
                continue;
            }
            size_t a = sents.v[s].start, b = sents.v[s].end;
            ck_assert_int_eq(cx_scan(&P.langs[l], text, a, b, &T), CLAIMX_OK);
            ck_assert_int_eq(cx_scan_items(&P, (int)l, text, &I, &k, a, b, &U), CLAIMX_OK);
            if (T.n != U.n || T.all != U.all)
                ck_abort_msg("%s: %zu tokens, expected %zu in \"%.*s\"", P.langs[l].code, U.n, T.n, (int)(b - a),
                             text + a);
            for (size_t j = 0; j < T.n; j++)
                if (T.v[j].start != U.v[j].start || T.v[j].end != U.v[j].end || T.v[j].flags != U.v[j].flags)
                    ck_abort_msg("%s: token %zu [%u, %u) %#x, expected [%u, %u) %#x in \"%.*s\"", P.langs[l].code,
                                 j, U.v[j].start, U.v[j].end, U.v[j].flags, T.v[j].start, T.v[j].end, T.v[j].flags,
                                 (int)(b - a), text + a);
        }
    }
    /* cx_scan_para_lang() in each language, sliced per sentence */
    for (size_t l = 0; l < P.nlangs; l++) {
        cx_toks W = {0};
        for (size_t p = 0; p < paras.n; p++) {
            size_t c1[32] = {0}, c2[32] = {0};
            cx_lang_count(&P, text + paras.v[p].start, paras.v[p].end - paras.v[p].start, c1);
            ck_assert_int_eq(cx_scan_para_lang(&P, (int)l, text, paras.v[p].start, paras.v[p].end, len, &W, c2), CLAIMX_OK);
            for (size_t m = 0; m < P.nlangs; m++)
                if (c1[m] != c2[m])
                    ck_abort_msg("%s in %s: count %zu, expected %zu in \"%.*s\"", P.langs[m].code, P.langs[l].code,
                                 c2[m], c1[m], (int)(paras.v[p].end - paras.v[p].start), text + paras.v[p].start);
        }
        size_t k = 0;
        for (size_t s = 0; s < sents.n; s++) {
            if (sents.v[s].icu)
                continue;
            size_t a = sents.v[s].start, b = sents.v[s].end;
            cx_toks V;
            ck_assert_int_eq(cx_scan(&P.langs[l], text, a, b, &T), CLAIMX_OK);
            cx_toks_slice(&W, &k, a, b, &V);
            if (T.n != V.n || T.all != V.all)
                ck_abort_msg("%s (para_lang): %zu tokens, expected %zu in \"%.*s\"", P.langs[l].code, V.n, T.n,
                             (int)(b - a), text + a);
            for (size_t j = 0; j < T.n; j++)
                if (T.v[j].start != V.v[j].start || T.v[j].end != V.v[j].end || T.v[j].flags != V.v[j].flags)
                    ck_abort_msg("%s (para_lang): token %zu [%u, %u) %#x, expected [%u, %u) %#x in \"%.*s\"",
                                 P.langs[l].code, j, V.v[j].start, V.v[j].end, V.v[j].flags, T.v[j].start,
                                 T.v[j].end, T.v[j].flags, (int)(b - a), text + a);
        }
        cx_toks_free(&W);
    }
    cx_toks_free(&U);
    cx_spans_free(&paras);
    cx_spans_free(&sents);
    ubrk_close(bi);
}

START_TEST(test_fused)
{
    static const char *const texts[] = {
        /* apostrophes and elisions */
        "L'euro a gagn\xC3\xA9 d'euros l'an dernier. Qu'il pleuve, aujourd'hui c'est 5 millions d'euros.",
        "The GPU's price: 8 chip's worth. 'Quoted' words, rock'n'roll and O'Neil's $5bn.",
        "Rock'n'roll'. D'abord. l'\xC3\xA9t\xC3\xA9 d'\xC3\xA9""cus GPU'\xC3\xA9 \xC3\xA9t\xC3\xA9'",
        "d'USD l'UE gpu's GPU's' chips' l'\xE2\x82\xAC qu'' a''b d'dollars\xE2\x80\x99 l'euro\xE2\x82\xAC cartes' Nvidia's H100's "
        "d'\xC3\xA9t\xC3\xA9 \xC3\x89t\xC3\xA9'l L'\xC3\x89t\xC3\xA9 AB'CD'ef milliards' zo'n auto's d'abcdefghijklm d'abcdefghijklmn",
        /* digits with separators, symbols */
        "Il a lev\xC3\xA9 1.234.567,89 \xE2\x82\xAC et 3,5 milliards de dollars (US$ 2.5bn). Puis 10 000 \xC2\xA3.",
        "R$ 85 milh\xC3\xB5""es, \xC2\xA5""100, 1,000,000 USD, $3.5 billion; 7% of \xE2\x82\xAC""2bn.",
        /* Latin-1 and Latin Extended-A, upper case, signs x and / */
        "\xC3\x89TATS-UNIS : MILH\xC3\x95""ES de R\xC3\xA9""AIS. \xC3\x89t\xC3\xA9 \xC3\xA0 \xC3\x80 a\xC3\x97""b \xC3\xA9\xC3\xB7 \xC5\x93uvre \xC5\x92uvre.",
        "pr\xC3\xA9sidentielles pr\xC3\xA9sidentiellesx abcdefghijklmnop ABCDEFGHIJKLMNOPQ \xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9.",
        /* mixed languages in one paragraph, several paragraphs */
        "Nvidia levert 10.000 H100-chips. Les cartes graphiques co\xC3\xBBtent 30 000 dollars. A empresa comprou mil GPUs.\n"
        "De overheid investeert 2 miljard euro.\n\nThe company bought 4,000 GPUs for $1.2bn!",
        /* sentence ends: terminators, closing quotes and brackets, U.S., 3.5 */
        "He said \"no.\" Then (really!) it rose. The U.S. bought 3.5 million. Why? Because.'Next' one",
        /* paragraphs ICU splits (guillemets, no-break space, CJK) */
        "\xC2\xAB Il a dit : 5 millions d'euros. \xC2\xBB Puis\xC2\xA0""7 dollars. Fin.",
        "\xE6\x97\xA5\xE6\x9C\xAC\xE3\x80\x82 Nvidia sold 5 GPUs. \xE4\xB8\xAD\xE6\x96\x87\xE3\x80\x82 Then 3 more.",
        /* Latin-1 words read in one load (word_latin1): ends at punctuation
         * U+2000..U+203F, a first accented capital alone (kept as it is by
         * the language count) or with others, sixteen bytes and more */
        "\xC3\x89tat \xC3\x89rica \xC3\x89T\xC3\x89 \xC3\x89t\xC3\xA9 auto\xE2\x80\x99s caf\xC3\xA9\xE2\x80\x94ok \xC3\xA9t\xC3\xA9\xE2\x80\xA6 "
        "abcdefghijklmno\xC3\xA9 abcdefghijklmn\xC3\xA9 abcdefghijklm\xC3\xA9 ann\xC3\xA9""es \xC3\x80 \xC3\xA0 a\xC3\x97""b \xC3\xA9\xC3\xB7""c \xC3\xA9\xE2\x82\xAC",
        "milh\xC3\xB5""es\xE2\x80 milh\xC3\xB5""es\xE2 MILH\xC3\x95""ES\xC2\xA0 \xC3\x9F\xC3\x9F R\xC3\xA9""ais d\xC3\xB3lares\xE2\x80\x9D. \xC3\x89",
        /* a letter of U+2000..U+2FFF after a word (script l): no end there */
        "the\xE2\x84\x93 de\xE2\x84\x93 caf\xC3\xA9\xE2\x84\x93 euro\xE2\x84\x93 \xC3\xA9t\xC3\xA9\xE2\x85\xA0 dollars\xE2\x84\xA2",
        /* words that end a paragraph, the next one starting with a letter
         * (cx_scan_para_lang() reads them in place, past the paragraph's end) */
        "Nvidia sold GPUs\nmillions dollars\nd\xC3\xB3lares\nl'euro\nabcdefghijklmno\nMILH\xC3\x95""ES\nUSD\n\xC3\xA9t\xC3\xA9\nx",
        /* the next word taken at once after a word and a space (word_fast16's
         * pnext): its letter at the load's sixteenth byte or just past it,
         * the space the paragraph's last byte, upper-case words in a row */
        "abcdefghijklmn x abcdefghijklmno y abcdefghijklm zz a b c DE FG Hi jK USD EUR euros dollars\n"
        "ab \ncd ef\ng h\nIJ KL\nabcdefghijklmn\nabcdefghijklmn o",
        /* ASCII words of sixteen letters and more (read whole in the walk's
         * last path when longer than every langwords key): list words
         * (numbers, bounds), capitals, an apostrophe, a Latin-1 letter or a
         * letter elsewhere after them, at a paragraph's end */
        "tweehonderdduizend euro, approximativement 5 millions, Tweehonderdduizend TWEEHONDERDDUIZEND "
        "abcdefghijklmnop ABcdefghijklmnopq abcdefghijklmnopqrstuvwxyzabcdef abcdefghijklmnopq's "
        "abcdefghijklmnopq\xC3\xA9 abcdefghijklmnopq\xE2\x80\x99 abcdefghijklmnopq\xE2\x84\x93 abcdefghijklmnopq5 "
        "Abcdefghijklmnopq\nabcdefghijklmnopqr\nstaatssecretaris",
        /* broken UTF-8, a word at the very end */
        "abc\xC3 d\xC3\xA9""f \x80 ghi' \xC4\xB0stanbul \xE2\x80\x99s euros",
    };
    size_t icu = 0;
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        same_fused(texts[i], strlen(texts[i]), &icu);
    /* a paragraph that ends before a space and a word, read in place
     * (text[end] is no letter): the walk stops at end, nothing of the next
     * word is counted or kept */
    {
        static const char par[] = "Nvidia USD euros dollars milliards USD euros dollars";
        for (size_t end = 6; end <= 10; end += 4) {
            for (size_t l = 0; l < P.nlangs; l++) {
                cx_toks W = {0};
                size_t c1[32] = {0}, c2[32] = {0};
                cx_lang_count(&P, par, end, c1);
                ck_assert_int_eq(cx_scan_para_lang(&P, (int)l, par, 0, end, sizeof par - 1, &W, c2), CLAIMX_OK);
                ck_assert_int_eq(cx_scan(&P.langs[l], par, 0, end, &T), CLAIMX_OK);
                ck_assert_uint_eq(W.n, T.n);
                for (size_t j = 0; j < T.n; j++)
                    ck_assert(W.v[j].start == T.v[j].start && W.v[j].end == T.v[j].end &&
                              W.v[j].flags == T.v[j].flags);
                for (size_t m = 0; m < P.nlangs; m++)
                    ck_assert_uint_eq(c1[m], c2[m]);
                cx_toks_free(&W);
            }
        }
    }
    ck_assert_uint_gt(icu, 0); /* the ICU paragraphs were marked */
    /* random texts of the pieces of test_reference with sentence ends */
        cx_items_free(&I);
}
END_TEST

/* test_fused's random texts and the example articles: tagged "big" (too slow
 * under valgrind, run by make check and make asan) */
START_TEST(test_fused_random)
{
    static const char *const pieces[] = {
        "A", "b", "Z", "'", " ", " ", " ", ",", ".", ". ", "! ", "? ", ".\" ", ") ", "-", "\xC3\xA9", "\xC3\x89",
        "\xE2\x82\xAC", "$", "7", "42", "3.5", "1.000", "dollars", "Euro", "USD", "milliards", "GPU", "H100", "l'",
        "d'", "Nvidia", "gpu's", "abcdefghijklmnop", "ABCDEFGHIJKLMNOPQ", "\xC3", "\xE2\x80\x99", "millions",
        "reais", "MILH\xC3\x95""ES", "milh\xC3\xB5""es", "\xC3\x97", "\xC3\x9F", "un", "deux", "de", "het", "the",
        "que", "\xC5\x93", "\xC4\xB0", "aujourd'hui", "pr\xC3\xA9sidentielles", "U.S.", "\n", "\xC3\x89",
        "\xC3\x89t", "\xE2\x80\x99", "\xE2\x80\x94", "\xE2\x80", "\xE2", "\xC3\x97", "milh\xC3\xB5""es", "d\xC3\xB3lares", "ann\xC3\xA9""es",
    };
    uint64_t r = 0x2545F4914F6CDD1Dull;
    char buf[768];
    for (int it = 0; it < 2000; it++) {
        size_t n = corpus_random_text(pieces, sizeof pieces / sizeof *pieces, &r, buf, sizeof buf);
        same_fused(buf, n, NULL);
    }
    for (size_t a = 0; a < sizeof example_articles / sizeof *example_articles; a++) {
        size_t len;
        char *text = corpus_read_file(example_articles[a], &len);
        same_fused(text, len, NULL);
        free(text);
    }
    cx_items_free(&I);
}
END_TEST

Suite *scan_suite(void)
{
    Suite *s = suite_create("scan");
    TCase *tc = tcase_create("scan");
    tcase_add_unchecked_fixture(tc, load, unload);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_money_tokens);
    tcase_add_test(tc, test_words);
    tcase_add_test(tc, test_gpu_words);
    tcase_add_test(tc, test_nothing);
    tcase_add_test(tc, test_reference);
    tcase_add_test(tc, test_fused);
    suite_add_tcase(s, tc);
    TCase *big = tcase_create("scan-big");
    tcase_set_tags(big, "big"); /* skipped under valgrind (make valgrind) */
    tcase_add_unchecked_fixture(big, load, unload);
    tcase_add_checked_fixture(big, setup, teardown);
    tcase_add_test(big, test_fused_random);
    suite_add_tcase(s, big);
    return s;
}
