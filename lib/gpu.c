/*
 * gpu.c - counts of GPUs and GPU-class accelerators (issue 3). The rules are
 * data (patterns/common/gpu.pat, patterns/<lang>/gpu.pat) and so are the
 * words (gpu_units, gpu_chips, gpu_models, gpu_vendors, ... .txt); this
 * module decides where to run the rules and turns their matches into claims.
 *
 * Cheap check first: the rules only run on a sentence holding a GPU word (a
 * unit word, a chip word or a model name, looked up token by token in the
 * language's lists), and only from a little before the first such word.
 * Each match then becomes a candidate when its count parses; overlapping
 * candidates are resolved leftmost, then longest.
 */
#include <stdlib.h>
#include <string.h>

#include <emmintrin.h>
#include <unicode/uchar.h>

#include "internal.h"

/* Bytes before the first GPU word where a count (and its bound word) may start:
 * "environ 4 096 puces", "ongeveer 2.000 grafische kaarten". */
#define GPU_BEFORE 96

typedef struct gpu_lists {
    const cx_map *units, *chips, *models, *vendors;
} gpu_lists;

/* The lists (looked up once at load, cx_lang.gpu_*). */
static void get_lists(const cx_lang *L, gpu_lists *g)
{
    g->units = L->gpu_units;
    g->chips = L->gpu_chips;
    g->models = L->gpu_models;
    g->vendors = L->gpu_vendors;
}

/* Next word token in [i, end): a run of letters and digits. Returns false at the end. */
static bool next_token(const char *text, size_t i, size_t end, size_t *a, size_t *b)
{
    const unsigned char *t = (const unsigned char *)text;
    while (i < end) {
        unsigned char c = t[i];
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            break;
        if (c >= '0' && c <= '9')
            break;
        if (c >= 0x80) {
            uint32_t cp;
            size_t k = cx_utf8_valid_seq(t + i, end - i, &cp);
            if (k && u_isalnum((UChar32)cp))
                break;
            i += k ? k : 1;
            continue;
        }
        i++;
    }
    if (i >= end)
        return false;
    *a = i;
    while (i < end) {
        unsigned char c = t[i];
        if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9')) {
            i++;
        } else if (c >= 0x80) {
            uint32_t cp;
            size_t k = cx_utf8_valid_seq(t + i, end - i, &cp);
            if (!k || !u_isalnum((UChar32)cp))
                break;
            i += k;
        } else {
            break;
        }
    }
    *b = i;
    return true;
}

enum { GW_NONE = 0, GW_WEAK = 1, GW_STRONG = 2 };

/* cx_map_get(m, key, n), asked only where key may be one of m's: no longer
 * than its longest and with a signature of its keys (map_put adds every
 * non-empty key's to m->sig, as cx_map_lookup relies on) */
static inline bool map_has(const cx_map *m, const char *key, size_t n)
{
    if (n > m->maxkey || (n && !cx_map_may_key(m, key, n)))
        return false;
    return cx_map_get(m, key, n) != NULL;
}

/* Is key[0..n) (folded) a GPU word? GW_STRONG for a unit or a model,
 * GW_WEAK for a chip word. A plural s is tried off for models (H100s). */
static int gpu_word(const gpu_lists *g, const char *key, size_t n)
{
    if (n == 0)
        return GW_NONE;
    if (map_has(g->units, key, n) || map_has(g->models, key, n))
        return GW_STRONG;
    if (n > 2 && key[n - 1] == 's' && key[n - 2] >= '0' && key[n - 2] <= '9' && map_has(g->models, key, n - 1))
        return GW_STRONG;
    if (map_has(g->chips, key, n))
        return GW_WEAK;
    return GW_NONE;
}

static bool long_name(const gpu_lists *g, const char *key, size_t n)
{
    return map_has(g->units, key, n) || map_has(g->models, key, n);
}

/* Scan [from, end) for GPU words. Returns the start of the first one (or
 * (size_t)-1) and in *wend the end of its token; *strong is set when a unit
 * word or a model is seen. With stop_first, returns at the first word found;
 * otherwise at the first strong one. Names of several words are looked up
 * as a whole: two words ("processeurs graphiques", "Ascend 910B"), or three
 * or four with a short word inside ("placas de vídeo", "unités de traitement
 * graphique"). */
static size_t scan_words(const cx_match_env *env, const gpu_lists *g, size_t from, size_t end, bool stop_first,
                         bool *strong, size_t *wend)
{
    size_t a, b;
    size_t ta[4] = {0}, tb[4] = {0}; /* the previous tokens, [0] the latest */
    int nprev = 0;
    *strong = false;
    char key[128];
    while (next_token(env->text, from, end, &a, &b)) {
        from = b;
        int w = GW_NONE;
        size_t ws = a;
        if (b - a < 40) {
            size_t kl = cx_fold_key(env->text + a, b - a, key, sizeof key);
            w = gpu_word(g, key, kl);
            bool short_inside = false;
            for (int k = 1; w == GW_NONE && k <= nprev && k <= 3; k++) {
                size_t s0 = ta[k - 1];
                size_t next = k == 1 ? a : ta[k - 2];
                if (b - s0 > 60 || next - tb[k - 1] > 2)
                    break; /* too long, or not separated by one space or hyphen */
                if (k >= 2 && tb[k - 2] - ta[k - 2] <= 3)
                    short_inside = true;
                if (k >= 2 && !short_inside)
                    continue;
                kl = cx_fold_key(env->text + s0, b - s0, key, sizeof key);
                if (long_name(g, key, kl)) {
                    w = GW_STRONG;
                    ws = s0;
                }
            }
        }
        memmove(ta + 1, ta, 3 * sizeof *ta);
        memmove(tb + 1, tb, 3 * sizeof *tb);
        ta[0] = a;
        tb[0] = b;
        if (nprev < 4)
            nprev++;
        if (w == GW_NONE)
            continue;
        if (w == GW_STRONG)
            *strong = true;
        if (stop_first || *strong) {
            *wend = b;
            return ws;
        }
    }
    return (size_t)-1;
}

static bool year_like(const cx_dec *d)
{
    if (d->exp != 0 || d->ndigits != 4)
        return false;
    int y = 0;
    for (int i = 0; i < 4; i++)
        y = y * 10 + (d->digits[i] - '0');
    return y >= 1990 && y <= 2039;
}

static bool has_digit(const char *s)
{
    for (; *s; s++)
        if (*s >= '0' && *s <= '9')
            return true;
    return false;
}

static inline bool ascii_alpha(unsigned char c) { return (unsigned char)((c | 0x20) - 'a') < 26; }


/* cx_phrase_before(&L->bounds, text, lo, e) (lib/money.c phrase_before),
 * walking L->gpu_bnd (the bounds' keys read backwards) from e instead of
 * looking up each suffix of the folded text: the same walk back, a byte at
 * a time over ASCII text (white space dropped, letters lowered, as there),
 * over at most the same window and key length; a start is a phrase's when
 * the node there spells a key, its first byte may start one and it is at a
 * word boundary; the leftmost wins. Where no key ends so (the node is 0) no
 * longer phrase is one either. A non-ASCII byte before the start decided
 * (in the walk, or before a letter at the start) leaves the answer to
 * cx_phrase_before(). *val: the phrase's bound (its entry's val) when
 * cx_map_lookup() of the phrase's text must find that key (no \v or \f,
 * which it keeps, inside), else -1. */
static size_t bound_before(const cx_lang *L, const char *text, size_t lo, size_t e, size_t *val)
{
    const cx_map *m = &L->bounds;
    *val = (size_t)-1;
    if (!m->cap || e <= lo || !cx_map_may_last(m, (unsigned char)text[e - 1]))
        return (size_t)-1;
    if (!L->gpu_bnd)
        return cx_phrase_before(m, text, lo, e);
    uint32_t v;
    bool vf;
    size_t best = cx_trie_walk(m, L->gpu_bnd, L->gpu_bnd_val, text, lo, e, &v, &vf);
    if (best == CX_WALK_ASK)
        return cx_phrase_before(m, text, lo, e);
    if (best != (size_t)-1 && !vf && v != UINT32_MAX)
        *val = v - 1;
    return best;
}

typedef struct gcand {
    size_t s, e;
    cx_claim_in c;
} gcand;

/* Build the claim of one match; false when the match is no GPU count.
 * *needs_context is set for a bare chip word ("8,960 chips"). */
static bool build(const cx_match_env *env, const gpu_lists *gl, const cx_rule *r, cx_groups *g, gcand *c,
                  bool *needs_context, size_t pre_memo[3])
{
    const cx_lang *L = env->lang;
    const char *t = env->text;
    memset(c, 0, sizeof *c);
    *needs_context = false;
    if (!g->set[CX_G_NUM])
        return false;
    cx_dec d;
    bool article;
    if (!cx_parse_amount(L, t, g->a[CX_G_NUM], g->b[CX_G_NUM], &d, &article) || article || d.neg)
        return false; /* "un GPU", "an H100": an article is no count */
    if (g->set[CX_G_SCALE]) {
        const cx_entry *e = cx_map_lookup(&L->scales, t + g->a[CX_G_SCALE], g->b[CX_G_SCALE] - g->a[CX_G_SCALE]);
        if (!e)
            return false;
        d.exp += (int)e->val;
    }
    if (d.ndigits == 0 || d.exp < 0)
        return false; /* zero or a fraction of a GPU */

    int mk = g->set[CX_G_MODEL] ? CX_G_MODEL : g->set[CX_G_MODEL2] ? CX_G_MODEL2 : -1;
    int vk = g->set[CX_G_VENDOR] ? CX_G_VENDOR : g->set[CX_G_VENDOR2] ? CX_G_VENDOR2 : -1;
    const cx_entry *model = mk >= 0 ? cx_map_lookup(gl->models, t + g->a[mk], g->b[mk] - g->a[mk]) : NULL;
    const cx_entry *vendor = vk >= 0 ? cx_map_lookup(gl->vendors, t + g->a[vk], g->b[vk] - g->a[vk]) : NULL;
    bool unit = g->set[CX_G_UNIT], chip = g->set[CX_G_CHIP];

    if (!unit && !chip) {
        /* the model stands for the units: "10 000 H800"; an architecture
         * name alone needs a vendor ("20 000 Hopper" is too vague) */
        if (!model || (!has_digit(model->canon) && !vendor))
            return false;
    }
    if (chip && !unit && !model && !vendor && !g->set[CX_G_AI])
        *needs_context = true;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(env->md);
    size_t bound_val = (size_t)-1; /* the bound of the phrase bound_before() found, when known */
    if (r->pre) {
        /* {_gpu_pre}: the bound phrase (bounds.txt) right before the count,
         * the longest there; the count starts after no letter */
        size_t e = ov[0];
        while (e > env->start && (t[e - 1] == ' ' || (t[e - 1] >= '\t' && t[e - 1] <= '\r')))
            e--;
        /* the rules tried at one place share it: looked up once */
        if (pre_memo[0] != e) {
            pre_memo[0] = e;
            pre_memo[1] = bound_before(L, t, env->start, e, &pre_memo[2]);
        }
        size_t b = pre_memo[1];
        if (b != (size_t)-1) {
            g->set[CX_G_BOUND] = true;
            g->a[CX_G_BOUND] = b;
            g->b[CX_G_BOUND] = e;
            bound_val = pre_memo[2];
        }
    }
    /* "in 2024 Blackwell GPUs": a year, unless the unit word follows it at once */
    if (!g->set[CX_G_BOUND] && !g->set[CX_G_SCALE] && year_like(&d)) {
        int uk = unit ? CX_G_UNIT : chip ? CX_G_CHIP : -1;
        if (uk < 0 || g->a[uk] > g->b[CX_G_NUM] + 2)
            return false;
    }

    c->s = g->a[CX_G_NUM];
    c->e = ov[1];
    if (c->e <= c->s)
        return false;
    int bound = CLAIMX_BOUND_EXACT;
    if (bound_val != (size_t)-1) {
        bound = (int)bound_val; /* the entry of the phrase found by bound_before() */
    } else if (g->set[CX_G_BOUND]) {
        const cx_entry *e = cx_map_lookup(&L->bounds, t + g->a[CX_G_BOUND], g->b[CX_G_BOUND] - g->a[CX_G_BOUND]);
        if (e)
            bound = (int)e->val;
    }
    cx_claim_in *a = &c->c;
    a->kind = CLAIMX_GPU_COUNT;
    a->value = d;
    a->bound = bound;
    a->nstart = c->s;
    a->nend = c->e;
    a->model = model ? model->canon : NULL;
    a->vendor = vendor ? vendor->canon : NULL;
    a->lang = L->code;
    a->rule = r->name;
    return true;
}

static int cmp_cand(const void *x, const void *y)
{
    const gcand *a = x, *b = y;
    if (a->s != b->s)
        return a->s < b->s ? -1 : 1;
    if (a->e != b->e)
        return a->e > b->e ? -1 : 1;
    return 0;
}

/* Does token i hint at a GPU name: the first word of one (CX_T_GPU), or the
 * letters of a model glued to its digits ("H" of "H100")? */
static inline bool hint_at(const cx_match_env *env, const cx_toks *tk, size_t i)
{
    uint32_t f = tk->v[i].flags;
    if (!(f & (CX_T_GPU | CX_T_GPUGLUE)))
        return false;
    /* a name is a word of its own: "11h20" holds no H20 */
    size_t a = tk->v[i].start;
    if (a > env->start && env->text[a - 1] >= '0' && env->text[a - 1] <= '9')
        return false;
    if (f & CX_T_GPU)
        return true;
    return i + 1 < tk->n && tk->v[i + 1].start == tk->v[i].end && (tk->v[i + 1].flags & CX_T_DIGITS);
}

/* Is the character ending right before byte p, a non-ASCII byte (p > env->start),
 * a letter (or, with digits, a letter or a digit)? */
static bool alnum_before_utf8(const cx_match_env *env, size_t p, bool digits)
{
    const unsigned char *t = (const unsigned char *)env->text;
    size_t j = p - 1;
    while (j > env->start && (t[j] & 0xC0) == 0x80 && p - j < 4)
        j--;
    uint32_t cp;
    return cx_utf8_valid_seq(t + j, p - j, &cp) && (digits ? u_isalnum((UChar32)cp) : u_isalpha((UChar32)cp));
}

/* cx_compound_number() (lib/money.c compound_number) of the word at p,
 * mostly without calling it: does a word of numbers.txt of two bytes or
 * more, neither a joining word nor an article, begin the run of letters and
 * non-ASCII bytes at p (64 bytes at most), folded by cx_fold_key()? That
 * fold works code point by code point and lowers ASCII letters, so the key
 * begins with the run's first ASCII letters lowered, whatever follows them.
 * Walking those: a prefix that is such a word says yes (compound_number
 * looks up every prefix of at most L->numbers.maxkey bytes); a prefix no key
 * of numbers.txt begins with (L->keypre holds every prefix of every key,
 * exactly, and which lists have keys going on) says no, as no longer prefix is a key then either;
 * the end of the run, or L->numbers.maxkey letters, say no (no shorter
 * prefix was a word, and no longer one can be); a Latin-1 letter's two
 * bytes (C3 xx) are walked folded, any other non-ASCII byte first leaves
 * the answer to cx_compound_number(). A yes needs run3() too (every
 * no here is one of run3() or of cx_compound_number()). */
/* Do three bytes, each an ASCII letter or a non-ASCII byte, start at p (a
 * word of two letters is a compound only if it is a number word itself, and
 * then a token)? */
static bool run3(const unsigned char *t, size_t p, size_t end)
{
    for (size_t e = p; e < p + 3; e++)
        if (e >= end || !(ascii_alpha(t[e]) || t[e] >= 0x80))
            return false;
    return true;
}

static bool compound_at(const cx_lang *L, const char *text, size_t p, size_t end)
{
    const cx_map *m = &L->numbers;
    const cx_keypre *T = L->keypre;
    const unsigned char *t = (const unsigned char *)text;
    uint32_t node = CX_KEYPRE_ROOT;
    size_t top = m->maxkey < 64 ? m->maxkey : 64;
    /* two ASCII letters first: the walk below says no at once unless both
     * prefixes they make begin a key (L->gpu_num2, read from L->keypre) */
    if (top >= 2 && p + 1 < end && ascii_alpha(t[p]) && ascii_alpha(t[p + 1])) {
        unsigned a = (t[p] | 0x20u) - 'a', b = (t[p + 1] | 0x20u) - 'a';
        if (!(L->gpu_num2[a] >> b & 1))
            return false;
        /* and a third: the walk says no at its third letter unless the
         * three begin a key, or at its second already yes when the two are
         * a key flagged compound (L->gpu_num3 holds both cases) */
        if (top >= 3 && p + 2 < end && ascii_alpha(t[p + 2]) &&
            !(L->gpu_num3[a][b] >> ((t[p + 2] | 0x20u) - 'a') & 1))
            return false;
    }
    for (size_t k = 0; k < top && p + k < end; k++) {
        unsigned char c = t[p + k];
        if (c == 0xC3 && k + 2 <= top && p + k + 1 < end && (t[p + k + 1] & 0xC0) == 0x80) {
            /* a letter U+00C0..U+00FF (or the sign x or /): cx_fold_key()
             * lowers it in its two bytes (u_tolower adds 0x20 to C3 80..C3 9E
             * but C3 97, as lib/scan.c fold_word folds), so the walk goes on
             * through both; a prefix ending between them is no key (keys are
             * UTF-8), and no key goes on where the walk leaves the numbers' */
            unsigned char d = t[p + k + 1];
            node = cx_keypre_next(T, node, c);
            if (!node || !(T->flag[node] & CX_KEYPRE_PRE(CX_KEYS_NUMBERS)))
                return false;
            k++;
            c = d < 0x9F && d != 0x97 ? (unsigned char)(d + 0x20) : d;
        } else if (c >= 0x80) {
            return run3(t, p, end) && cx_compound_number(L, text, p, end);
        } else if (!ascii_alpha(c)) {
            return false;
        } else {
            c |= 0x20;
        }
        node = cx_keypre_next(T, node, c);
        if (!node || !(T->flag[node] & CX_KEYPRE_PRE(CX_KEYS_NUMBERS)))
            return false;
        if (k && (T->flag[node] & CX_KEYPRE_COMPOUND))
            return k >= 2 || run3(t, p, end);
    }
    return false;
}

/* May a count start at p? The rules' count ({lead_number}) follows no
 * letter, and its digits no digit, '.' or ','. It starts a digit run, a
 * number word, an article before a number word ("a hundred"; alone it is
 * no count), or a word that begins with a number word (a compound such as
 * "tweeduizend" is no token of its own). *ti walks the scan tokens
 * ((size_t)-1 until first needed: then found from the hint token hi, which
 * starts after p).
 * Asked only where count_bytes lets a count start (cur, its class of t[p],
 * is 1 or has bit 2 or 4, the "may" of cx_gpu_run): t[p] is a digit, an
 * ASCII letter or a lead byte; the byte before p, when it is ASCII, is no
 * letter, and before a digit no digit, '.' or ','. So of the tests on the
 * character before p only those on a non-ASCII one are left. */
static bool count_start(const cx_match_env *env, size_t p, size_t *ti, size_t hi, unsigned cur)
{
    const cx_toks *tk = env->toks;
    const unsigned char *t = (const unsigned char *)env->text;
    unsigned char c = t[p];
    bool high_before = p > env->start && t[p - 1] >= 0x80;
    if (cur & 1) /* a digit */
        return !high_before || !alnum_before_utf8(env, p, true);
    if (!cx_map_may_first(&env->lang->numbers, c) || (high_before && alnum_before_utf8(env, p, false)))
        return false;
    if (*ti == (size_t)-1) {
        /* first asked for this hint token hi (which starts after p): the
         * first token starting at or after p, walked back to from hi */
        size_t x = hi;
        while (x > 0 && tk->v[x - 1].start >= p)
            x--;
        *ti = x;
    }
    while (*ti < tk->n && tk->v[*ti].start < p)
        (*ti)++;
    if (*ti < tk->n && tk->v[*ti].start == p) {
        uint32_t f = tk->v[*ti].flags;
        if (f & CX_T_NUMBER)
            return true;
        if (f & CX_T_STARTER) /* an article, or a range opener (no count) */
            return *ti + 1 < tk->n && (tk->v[*ti + 1].flags & CX_T_NUMBER) &&
                   tk->v[*ti + 1].start <= tk->v[*ti].end + 3;
    }
    /* a word that begins with a number word, of three bytes or more */
    return compound_at(env->lang, env->text, p, env->end);
}

/* The bytes where count_start() may say yes, and those it says no right
 * after. Low bits: what the byte is, when a count may start with it: 1 an
 * ASCII digit, 2 an ASCII letter, 4 a byte that leads a UTF-8 sequence or
 * none (0xC0 and up); 0 for every other byte (white space, punctuation,
 * continuation bytes: count_start says no). High bits (>> 4): what may not
 * start right after the byte: after an ASCII letter nothing (count_start's
 * first test), after a digit, '.' or ',' no digit (its digit test). */
static const unsigned char count_bytes[256] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x10, 0x00,
    0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72,
    0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72,
    0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04,
    0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04,
    0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04,
    0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04,
};

/* Where count_bytes lets a count start (its "may": cur & ~(prev >> 4) & 7,
 * cur the class of t[q], prev that of t[q - 1], 0 at start): a function of
 * the two bytes alone, t[q] a digit after no ASCII letter, digit, '.' or
 * ','; or an ASCII letter or a lead byte (0xC0 and up) after no ASCII
 * letter. Known for [base, lim) as bits (bit k: place base + k), sixteen
 * places at a time (SSE2) while their bytes lie before the sentence's end
 * (text that may be read), else one. Of those sixteen, an ASCII letter that
 * begins no key of numbers.txt (first: cx_map.first of numbers) is left out
 * too: count_start() says no there (its cx_map_may_first test). */
typedef struct may_win {
    size_t base, lim;
    uint32_t bits;
} may_win;

/* The first such place in [p, h), h when none. */
static inline size_t next_may(may_win *w, const unsigned char *t, size_t p, size_t h, size_t start, size_t end,
                              const cx_lang *L)
{
    for (;;) {
        if (p >= w->base && p < w->lim) {
            uint32_t b = w->bits & (~0u << (p - w->base));
            if (b) {
                size_t q = w->base + (size_t)__builtin_ctz(b);
                return q < h ? q : h;
            }
            p = w->lim;
        }
        if (p >= h)
            return h;
        w->base = p;
        if (p > start && p + 16 <= end) {
            const __m128i c20 = _mm_set1_epi8(0x20), ca = _mm_set1_epi8('a'), c25 = _mm_set1_epi8(25);
            const __m128i c0 = _mm_set1_epi8('0'), c9 = _mm_set1_epi8(9), cc0 = _mm_set1_epi8((char)0xC0);
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(t + p));
            __m128i y = _mm_loadu_si128((const __m128i *)(const void *)(t + p - 1));
            __m128i xl = _mm_sub_epi8(_mm_or_si128(x, c20), ca), yl = _mm_sub_epi8(_mm_or_si128(y, c20), ca);
            __m128i xd = _mm_sub_epi8(x, c0), yd = _mm_sub_epi8(y, c0);
            __m128i xalpha = _mm_cmpeq_epi8(_mm_min_epu8(xl, c25), xl);
            __m128i yalpha = _mm_cmpeq_epi8(_mm_min_epu8(yl, c25), yl);
            __m128i xdigit = _mm_cmpeq_epi8(_mm_min_epu8(xd, c9), xd);
            __m128i ynum = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(yd, c9), yd),
                                        _mm_or_si128(_mm_cmpeq_epi8(y, _mm_set1_epi8('.')),
                                                     _mm_cmpeq_epi8(y, _mm_set1_epi8(','))));
            __m128i xlead = _mm_cmpeq_epi8(_mm_max_epu8(x, cc0), x);
            __m128i may = _mm_andnot_si128(
                yalpha, _mm_or_si128(_mm_andnot_si128(ynum, xdigit), _mm_or_si128(xalpha, xlead)));
            uint32_t bits = (uint32_t)_mm_movemask_epi8(may);
            /* an ASCII letter no key of numbers.txt begins with starts no
             * count either (count_start()'s cx_map_may_first test): off.
             * Nor does one followed by an ASCII letter (in the sentence)
             * when the two begin no key of numbers.txt and no number word
             * or starter of the scan (L->gpu_cnt2): count_start() says yes
             * there only for a token flagged CX_T_NUMBER or CX_T_STARTER
             * starting at it, whose flags are the anchors' val of the word
             * folded (lib/scan.c word_flags: ASCII letters lowered, so the
             * key begins with these two), or when compound_at() says yes,
             * which needs the two in L->gpu_num2. Likewise, when a third
             * ASCII letter follows, for the three (L->gpu_cnt3): the token
             * at the place is a word, a run of letters and apostrophes
             * (lib/scan.c word_general), so it holds all three and its
             * anchors key begins with them lowered; and compound_at() says
             * no unless they are in L->gpu_num3 (or numbers' keys are
             * shorter than three, where every bit is set). */
            const uint8_t *first = L->numbers.first;
            /* the first26 bit of a letter ('a' + bit): first[]'s bits of the
             * bytes 'a'..'z' (0x61..0x7A, in first[12..15]) */
            uint32_t first26 = ((uint32_t)first[12] | (uint32_t)first[13] << 8 | (uint32_t)first[14] << 16 |
                                (uint32_t)first[15] << 24) >> 1;
            /* ab: which of the sixteen bytes are ASCII letters. For a letter
             * at k <= 13 the two bytes after it lie in the sixteen (so before
             * end), and ab tells whether each is a letter ((b | 0x20) - 'a'
             * < 26 says the same of a byte b) */
            uint32_t ab = (uint32_t)_mm_movemask_epi8(xalpha), offm = 0;
            for (uint32_t lb = bits & ab; lb; lb &= lb - 1) {
                unsigned k = (unsigned)__builtin_ctz(lb), c = (t[p + k] | 0x20u) - 'a';
                bool off = !(first26 >> c & 1);
                if (!off && k <= 13) {
                    if (ab >> (k + 1) & 1) {
                        unsigned d = (t[p + k + 1] | 0x20u) - 'a';
                        if (!(L->gpu_cnt2[c] >> d & 1))
                            off = true;
                        else if (ab >> (k + 2) & 1)
                            off = !(L->gpu_cnt3[c][d] >> ((t[p + k + 2] | 0x20u) - 'a') & 1);
                        else
                            off = t[p + k + 2] < 0x80 && t[p + k + 2] != '\'' && !(L->gpu_word2[c] >> d & 1);
                    } else {
                        off = t[p + k + 1] < 0x80 && t[p + k + 1] != '\'' && !(L->gpu_word1 >> c & 1);
                    }
                } else if (!off && p + k + 1 < end) {
                    unsigned char n1 = t[p + k + 1];
                    unsigned d = (n1 | 0x20u) - 'a';
                    if (d < 26) {
                        if (!(L->gpu_cnt2[c] >> d & 1)) {
                            off = true;
                        } else if (p + k + 2 < end) {
                            unsigned char n2 = t[p + k + 2];
                            unsigned e = (n2 | 0x20u) - 'a';
                            off = e < 26 ? !(L->gpu_cnt3[c][d] >> e & 1)
                                         : n2 < 0x80 && n2 != '\'' && !(L->gpu_word2[c] >> d & 1);
                        }
                    } else {
                        off = n1 < 0x80 && n1 != '\'' && !(L->gpu_word1 >> c & 1);
                    }
                }
                offm |= (uint32_t)off << k;
            }
            bits &= ~offm;
            w->lim = p + 16;
            w->bits = bits;
        } else {
            unsigned prev = p > start ? count_bytes[t[p - 1]] : 0;
            w->lim = p + 1;
            w->bits = (count_bytes[t[p]] & ~(prev >> 4) & 7) != 0;
        }
    }
}

#define MAX_RULES 64

/* The matching state of one sentence. */
typedef struct gpu_run {
    const cx_match_env *env;
    gpu_lists gl;
    int context;            /* does the sentence name a GPU unit or model? -1: not looked yet */
    size_t off[MAX_RULES];  /* where rule i may start next (after its last match, as an
                               unanchored search would go on) */
    size_t kept_end;        /* end of the last candidate that the overlap resolution keeps */
    size_t next_unit, next_ai; /* the first token at or after the place tried last holding a
                                  word of a unit or a chip / ending an AI qualifier */
    gcand *cands, *local;
    size_t n, cap;
} gpu_run;

/* Does a token with one of bits start in [p, lim)? *j: the first token at or
 * after the last p asked with one of bits (p only grows). */
static bool bits_ahead(const cx_toks *tk, size_t *j, size_t p, size_t lim, uint32_t bits)
{
    const cx_tok *v = tk->v;
    size_t k = *j, n = tk->n;
    while (k < n && (v[k].start < p || !(v[k].flags & bits)))
        k++;
    *j = k;
    return k < n && v[k].start < lim;
}

/* Rule bits (bit k, k < CX_FOL_MAX = 8) as nibble bits (bit 4k), and back. */
static inline uint32_t nib_of_bits(uint32_t x)
{
    _Static_assert(CX_FOL_MAX <= 8, "a rule's four CX_FOL_* bits lie in a uint32_t");
    x &= 0xFFu;
    x = (x | x << 12) & 0x000F000Fu;
    x = (x | x << 6) & 0x03030303u;
    return (x | x << 3) & 0x11111111u;
}
static inline uint32_t bits_of_nib(uint32_t x)
{
    x &= 0x11111111u;
    x = (x | x >> 3) & 0x03030303u;
    x = (x | x >> 6) & 0x000F000Fu;
    return (x | x >> 12) & 0xFFu;
}

/* The rules (bit k: follow k + 1) that may match at s, by the words after s
 * (patterns.c, follow_rule): a rule's match holds, from s, words that each
 * start with a piece of the words its text holds before its required word W
 * (exactly that piece when it is exact), then W's first word, which starts
 * with a piece of W's words. So walking the words from s, a rule stays
 * possible while they start with its pieces, is possible for good at the
 * first that starts with a piece of W, and impossible at one that starts
 * with neither (or at lim). A word with a letter other than ASCII and
 * Latin-1 may be anything (case partners such as the long s fold apart). */
static uint32_t follow_at(const cx_match_env *env, size_t s, size_t lim)
{
    const cx_lang *L = env->lang;
    const cx_keypre *T = L->gpu_fol;
    const uint32_t *val = L->gpu_fol_val;
    const unsigned char *t = (const unsigned char *)env->text;
    /* the rules alive and those possible for good as nibble bits (rule k:
     * bit 4k), as the CX_FOL_* bits of a word are laid out */
    uint32_t alive = T ? nib_of_bits(L->gpu_follow_rules) : 0, ok = 0;
    size_t i = s;
    while (alive) {
        /* the next letter: sixteen ASCII bytes that are no letter are
         * passed at once (as the loop below passes them one by one) */
        while (i + 16 <= lim) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
            __m128i xl = _mm_sub_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)), _mm_set1_epi8('a'));
            __m128i alpha = _mm_cmpeq_epi8(_mm_min_epu8(xl, _mm_set1_epi8(25)), xl);
            uint32_t stop = (uint32_t)_mm_movemask_epi8(_mm_or_si128(alpha, x)); /* a letter or a byte >= 0x80 */
            if (stop) {
                i += (size_t)__builtin_ctz(stop);
                break;
            }
            i += 16;
        }
        while (i < lim && !ascii_alpha(t[i])) {
            if (t[i] < 0x80) {
                i++;
                continue;
            }
            if (t[i] == 0xC3 && i + 1 < lim && (t[i + 1] & 0xC0) == 0x80) {
                if (t[i + 1] != 0x97 && t[i + 1] != 0xB7)
                    break;
                i += 2;
                continue;
            }
            uint32_t cp;
            size_t k = cx_utf8_valid_seq(t + i, lim - i, &cp);
            if (k && u_isalpha((UChar32)cp))
                return bits_of_nib(ok | alive);
            i += k ? k : 1;
        }
        if (i >= lim)
            return bits_of_nib(ok);
        /* the word, folded (ASCII letters lowered, a Latin-1 letter's second
         * byte lowered) and walked down gpu_follow's trie while some key
         * begins with it: the bits of each key it starts with (a proper
         * prefix of it: only the MP and WP bits) or is (every bit) */
        uint32_t node = CX_KEYPRE_ROOT, bits = 0;
        if (ascii_alpha(t[i])) {
            /* the first two ASCII letters from the tables (the same nodes) */
            unsigned a = (t[i] | 0x20u) - 'a', b;
            node = L->gpu_fol1[a];
            bits |= val[node] & CX_FOL_PREFIXES;
            i++;
            if (node && i < lim && (b = (t[i] | 0x20u) - 'a') < 26) {
                node = L->gpu_fol2[a][b];
                bits |= val[node] & CX_FOL_PREFIXES;
                i++;
            }
        }
        while (i < lim) {
            unsigned char c = t[i];
            if (ascii_alpha(c)) {
                if (node) {
                    node = cx_keypre_next(T, node, c | 0x20);
                    bits |= val[node] & CX_FOL_PREFIXES;
                }
                i++;
            } else if (c == 0xC3 && i + 1 < lim && (t[i + 1] & 0xC0) == 0x80 && t[i + 1] != 0x97 && t[i + 1] != 0xB7) {
                unsigned char d = t[i + 1];
                if (node) {
                    node = cx_keypre_next(T, node, c);
                    if (node) {
                        bits |= val[node] & CX_FOL_PREFIXES;
                        node = cx_keypre_next(T, node, d < 0x9F ? d + 0x20 : d);
                        bits |= val[node] & CX_FOL_PREFIXES;
                    }
                }
                i += 2;
            } else if (c >= 0x80 && c != 0xC3) {
                uint32_t cp;
                size_t k = cx_utf8_valid_seq(t + i, lim - i, &cp);
                if (k && u_isalpha((UChar32)cp))
                    return bits_of_nib(ok | alive);
                break;
            } else {
                break;
            }
        }
        bits |= val[node]; /* the word itself (node 0, no key, has val 0) */
        /* every rule alive at once: one whose W bits (WX, WP) are set is
         * possible for good; one with neither W nor M bits (MX, MP) is not */
        uint32_t wn = (bits >> 2 | bits >> 3) & 0x11111111u, mn = (bits | bits >> 1) & 0x11111111u;
        ok |= alive & wn;
        alive &= ~wn & mn;
    }
    return bits_of_nib(ok);
}

/* Is r the rule "model" (patterns/common/gpu.pat), whose every match ends
 * with a model name: {_gpu_model}{_gpu_more}? tests/test_gpu.c holds every
 * language's definition of it to that. */
static bool model_rule(const cx_rule *r)
{
    size_t n = strlen(r->name);
    return n >= 10 && !strcmp(r->name + n - 10, "/gpu/model");
}

/* May a model name start at token j? It is flagged CX_T_GPUMODEL (the
 * first word of a model name, or its letters before its digits), and when
 * it is only the letters before a model's digits (CX_T_GPUGLUE without
 * CX_T_GPU: every variant it starts goes on with a digit right after
 * them, "H" of "H100"), a digit run starts right where it ends ("a" of
 * "a smaller" starts no "A100"). */
static inline bool model_may_start(const cx_toks *tk, size_t j)
{
    uint32_t f = tk->v[j].flags;
    if (!(f & CX_T_GPUMODEL))
        return false;
    if (f & CX_T_GPU)
        return true;
    return j + 1 < tk->n && tk->v[j + 1].start == tk->v[j].end && (tk->v[j + 1].flags & CX_T_DIGITS);
}

/* Does a token where a model name may start (model_may_start()) start in
 * [a, lim)? Token hi starts after the place tried. */
static bool model_token_in(const cx_toks *tk, size_t hi, size_t a, size_t lim)
{
    size_t j = hi < tk->n ? hi : tk->n;
    while (j > 0 && tk->v[j - 1].start >= a)
        j--;
    for (; j < tk->n && tk->v[j].start < lim; j++)
        if (tk->v[j].start >= a && model_may_start(tk, j))
            return true;
    return false;
}

/* Try every GPU rule anchored at s. near: the CX_T_GPU* flags of the GPU
 * words in reach after s (hint tokens from hi on), read when a rule asks (a
 * rule whose matches all hold a chip or a model word needs one there). A rule whose matches all hold a unit or chip word,
 * or an AI qualifier, needs such a word after s, before the end of the attempt. */
static int try_rules(gpu_run *R, size_t s, size_t hi)
{
    const cx_match_env *env = R->env;
    const cx_lang *L = env->lang;
    size_t ng = L->ngpu_rules; /* the GPU rules among rules[0..MAX_RULES) */
    size_t best_end = 0; /* the end of the longest candidate found here */
    size_t at_s_end = 0; /* the end of the longest candidate whose count starts at s */
    size_t pre_memo[3] = {(size_t)-1, 0, 0}; /* build()'s bound phrase before the end it was looked up at */
    size_t lim = cx_attempt_end(env, s);
    int unit_ahead = -1, ai_ahead = -1; /* asked once */
    uint32_t near = 0; /* the CX_T_GPU* flags of the GPU words in reach (from token hi), when asked */
    bool near_known = false;
    uint32_t follow = 0;
    bool follow_known = false;
    size_t unit_at = (size_t)-1; /* the unit or chip word of a candidate whose count starts at s */
    if (L->gpu_all_follow) {
        /* every rule is tried only when its follow bit is set (below):
         * with none set, none is, and nothing changes here */
        follow = follow_at(env, s, lim);
        follow_known = true;
        if (!follow)
            return CLAIMX_OK;
    }
    for (size_t gi = 0; gi < ng; gi++) {
        size_t ri = L->gpu_rule_ix[gi];
        const cx_rule *r = &L->rules[ri];
        if (s < R->off[ri])
            continue;
        if (unit_at != (size_t)-1 && (r->needs_gpu & CX_T_GPUMODEL) && model_rule(r) &&
            !model_token_in(env->toks, hi, unit_at, lim)) {
            /* "5,000 Nvidia GH200 superchips" was found at s, its unit or chip
             * word W at [U, Ue), Ue <= at_s_end; the rule model ("5,000 Nvidia
             * GH200") cannot end after at_s_end then, so whatever it matches
             * here is dropped: cut below when its count starts at s, else
             * (after a bound word) a candidate inside the one kept at s; its
             * off[] and best_end stay at or before at_s_end. Why: its match
             * ends with a model name, plus 's at most ({_gpu_model}, or
             * {_gpu_more}'s). Every model name of a match starts at a word
             * flagged CX_T_GPUMODEL (the premise of needs_gpu above; the
             * rules put a model after a space, a hyphen or the count), so
             * here before U. A model name M matched from P < U to past Ue
             * would hold W's text, its letters and digits (the list
             * variants match those, caseless, and only non-alphanumeric
             * text between) inside M's at an offset >= 1 (the text at P is
             * a letter); tests/test_gpu.c (test_model_holds_no_unit) checks
             * that no gpu_models variant holds a gpu_units or gpu_chips
             * variant so ("TPU v4" holds TPU at 0 only). So M ends before
             * Ue, and as W ends with a letter or digit (checked too), its
             * 's ends at Ue at most. */
            continue;
        }
        if (r->needs_gpu & ~CX_T_GPUAI) {
            if (!near_known) {
                const cx_toks *tk = env->toks;
                for (size_t j = hi; j < tk->n && tk->v[j].start <= s + GPU_BEFORE; j++)
                    if (hint_at(env, tk, j))
                        near |= tk->v[j].flags;
                near_known = true;
            }
            if (r->needs_gpu & ~near & ~CX_T_GPUAI)
                continue;
        }
        if (r->needs_gpu_any) {
            if (unit_ahead < 0)
                unit_ahead = bits_ahead(env->toks, &R->next_unit, s, lim, CX_T_GPUUNIT | CX_T_GPUCHIP);
            if (!unit_ahead)
                continue;
        }
        if (r->needs_gpu & CX_T_GPUAI) {
            if (ai_ahead < 0)
                ai_ahead = bits_ahead(env->toks, &R->next_ai, s, lim, CX_T_GPUAI);
            if (!ai_ahead)
                continue;
        }
        if (r->follow_slot) {
            if (!follow_known) {
                follow = follow_at(env, s, lim);
                follow_known = true;
            }
            if (!(follow >> (r->follow_slot - 1) & 1))
                continue;
        }
        cx_groups g;
        size_t ms, me;
        if (!cx_try_rule(env, r, s, &g, &ms, &me))
            continue;
        if (me <= at_s_end && g.set[CX_G_NUM] && g.a[CX_G_NUM] == s) {
            /* Its candidate would be (s, me), after one of an earlier rule
             * at s ending at or after me (at_s_end): the overlap resolution
             * (leftmost, then longest, in the order found) keeps at most one
             * candidate starting at s, and not this one, so it is not built.
             * Its off[] is no matter: the next place tried is at or after
             * kept_end >= at_s_end >= me. */
            R->off[ri] = me;
            continue;
        }
        gcand c;
        bool needs_context;
        bool ok = build(env, &R->gl, r, &g, &c, &needs_context, pre_memo);
        /* a failed match may hide a count inside it ("a 2,000-GPU
         * cluster"): go on right after its number */
        R->off[ri] = ok ? me : (g.set[CX_G_NUM] ? g.b[CX_G_NUM] : me);
        if (R->off[ri] <= ms)
            R->off[ri] = me;
        if (!ok)
            continue;
        if (needs_context) {
            if (R->context < 0) {
                bool st;
                size_t we;
                scan_words(env, &R->gl, env->start, env->end, false, &st, &we);
                R->context = st;
            }
            if (!R->context)
                continue;
        }
        if (R->n == R->cap) {
            size_t nc = R->cap * 2;
            gcand *nv = R->cands == R->local ? malloc(nc * sizeof *nv) : realloc(R->cands, nc * sizeof *nv);
            if (!nv)
                return CLAIMX_ENOMEM;
            if (R->cands == R->local)
                memcpy(nv, R->local, R->cap * sizeof *nv);
            R->cands = nv;
            R->cap = nc;
        }
        R->cands[R->n++] = c;
        if (c.e > best_end)
            best_end = c.e;
        if (c.s == s && c.e > at_s_end)
            at_s_end = c.e;
        if (c.s == s && (g.set[CX_G_UNIT] || g.set[CX_G_CHIP]))
            unit_at = g.a[g.set[CX_G_UNIT] ? CX_G_UNIT : CX_G_CHIP];
    }
    if (best_end)
        R->kept_end = best_end;
    return CLAIMX_OK;
}

static __attribute__((noinline)) int gpu_sentence(cx_work *w, const cx_match_env *env);

int cx_gpu_run(cx_work *w, const cx_match_env *env)
{
    if (!(env->toks->all & (CX_T_GPU | CX_T_GPUGLUE)))
        return CLAIMX_OK; /* no word of a GPU name: nothing to do */
    /* the work (and its large frame) out of line: most sentences stop above */
    return gpu_sentence(w, env);
}

static int gpu_sentence(cx_work *w, const cx_match_env *env)
{
    const cx_toks *tk = env->toks;
    gcand local[16];
    /* set field by field: off[] is read for the language's rules only, so
     * the rest of it is left as is (not cleared for every sentence) */
    gpu_run R;
    R.env = env;
    get_lists(env->lang, &R.gl); /* four pointers: set at once */
    R.context = -1;
    R.kept_end = 0;
    R.next_unit = R.next_ai = 0;
    R.cands = R.local = local;
    R.n = 0;
    R.cap = 16;
    for (size_t gi = 0; gi < env->lang->ngpu_rules; gi++)
        R.off[env->lang->gpu_rule_ix[gi]] = env->start;
    const unsigned char *t = (const unsigned char *)env->text;
    int rc = CLAIMX_OK;
    /* a count starts at most GPU_BEFORE bytes before a GPU name: try the
     * rules, anchored, at each place in reach where a count may start.
     * Places are tried left to right, so the overlap resolution below
     * (leftmost, then longest) is known as we go: a place inside the last
     * kept candidate can only give candidates it drops, and is skipped. */
    size_t done = env->start;
    may_win mw = {0, 0, 0}; /* none known yet */
    const cx_tok *tv = tk->v;
    const size_t tn = tk->n;
    for (size_t i = 0; rc == CLAIMX_OK; i++) {
        while (i < tn && !(tv[i].flags & (CX_T_GPU | CX_T_GPUGLUE)))
            i++; /* the tokens of no GPU word, passed in a tight loop */
        if (i >= tn)
            break;
        if (!hint_at(env, tk, i))
            continue;
        size_t h = tk->v[i].start;
        size_t p = h > env->start + GPU_BEFORE ? h - GPU_BEFORE : env->start;
        if (p < done)
            p = done;
        size_t ti = (size_t)-1; /* the first token at or after the place asked (count_start) */
        if (p < R.kept_end)
            p = R.kept_end < h ? R.kept_end : h;
        /* count_start() is asked only where count_bytes lets a count start:
         * a digit, a letter or a lead byte, after no letter (and a digit
         * after no digit, '.' or ',') */
        while (p < h) {
            size_t q = next_may(&mw, t, p, h, env->start, env->end, env->lang);
            if (q >= h)
                break;
            if (count_start(env, q, &ti, i, count_bytes[t[q]])) {
                rc = try_rules(&R, q, i);
                if (rc != CLAIMX_OK)
                    break;
                if (q < R.kept_end) {
                    /* the places inside the candidate kept are skipped */
                    p = R.kept_end < h ? R.kept_end : h;
                    continue;
                }
            }
            p = q + 1;
        }
        if (done < h)
            done = h;
    }
    gcand *cands = R.cands;
    size_t n = R.n;
    if (rc != CLAIMX_OK || n == 0)
        goto out;
    /* leftmost wins; at the same start, the longest. A few candidates (the
     * usual case: one) are sorted in place by insertion, which keeps equal
     * ones in the order found, as glibc's qsort() (a merge sort) does */
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            gcand c = cands[i];
            size_t j = i;
            for (; j > 0 && cmp_cand(&cands[j - 1], &c) > 0; j--)
                cands[j] = cands[j - 1];
            if (j != i)
                cands[j] = c;
        }
    } else {
        qsort(cands, n, sizeof *cands, cmp_cand);
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (kept && cands[i].s < cands[kept - 1].e)
            continue;
        cands[kept++] = cands[i];
    }
    for (size_t i = 0; i < kept && rc == CLAIMX_OK; i++)
        rc = cx_emit(w, &cands[i].c);
out:
    if (cands != local)
        free(cands);
    return rc;
}
