/*
 * money.c - run a language's money rules over one sentence and turn their
 * named groups (patterns/README.md) into money claims.
 *
 * The rules are compiled anchored (patterns.c) and tried only where a match
 * can start: at the tokens lib/scan.c found (digits, currency symbols, money
 * words), the start of the token holding one and the token before it. A
 * rule's leading {_pre} (bound and rate words) is read here from the word
 * lists, backwards from the amount. Each match becomes a candidate only if
 * its number parses, its currency is known and its scale word (if any) is
 * known. Overlapping candidates are then resolved: a candidate with a scale
 * word beats one without, a longer one beats a shorter one. A range match
 * yields two claims, the lower end at_least and the upper end at_most.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "internal.h"

typedef struct cand {
    size_t s, e;
    int score;
    int nclaims;
    size_t pre_at;    /* the rule's {_pre} ends at this match start: read when kept; (size_t)-1 if none */
    bool period_grp;  /* the match set its own period group ({_post}) */
    cx_claim_in c[2];
} cand;

typedef struct cur_info {
    const char *iso;
    int shift; /* sub-units: -2 */
    bool ambiguous;
} cur_info;

/* cx_map_lookup(m, s, n), the same entry: the text folded here, as
 * cx_map_lookup() and cx_fold_key() fold it, for ASCII (white space " \t\n\r"
 * dropped, upper case lowered), the letters U+00C0..U+017F (cx_latin_fold[]:
 * u_tolower(), two bytes; the signs and U+0130 go to cx_map_lookup()) and
 * the currency signs U+20A0..U+20BF (their own lower case: kept as they
 * are, as plain_symbol() says). Any other byte: cx_map_lookup() decides. A
 * key longer than the map's longest is in no map, nor one whose signature
 * the map lacks (map_put() adds every key's); both are asked before the
 * probe, which is cx_map_get()'s (the same FNV-1a hash). */
static const cx_entry *map_lookup(const cx_map *m, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    char key[256];
    size_t kl = 0, lim = m->maxkey;
    if (!m->cap || lim > 200)
        return cx_map_lookup(m, s, n);
    /* (the hash of the key folded so far, as cx_hash_more() makes it) */
    uint64_t h = CX_HASH_SEED;
#define MAP_PUT(ch)                                                                                                    \
    do {                                                                                                               \
        unsigned char ch_ = (unsigned char)(ch);                                                                       \
        key[kl++] = (char)ch_;                                                                                         \
        h = cx_hash_byte(h, ch_);                                                                                      \
    } while (0)
    for (size_t i = 0; i < n;) {
        unsigned char c = u[i];
        if (c < 0x80) {
            i++;
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                continue;
            if (kl >= lim)
                return NULL;
            MAP_PUT(c >= 'A' && c <= 'Z' ? c + 32 : c);
        } else if (c >= 0xC3 && c <= 0xC5 && i + 1 < n && (u[i + 1] & 0xC0) == 0x80) {
            unsigned v = cx_latin_fold[cx_latin_at(c, u[i + 1])];
            if (v <= CX_LATIN_OTHER)
                return cx_map_lookup(m, s, n);
            if (kl + 2 > lim)
                return NULL;
            MAP_PUT(v >> 8);
            MAP_PUT(v & 0xFF);
            i += 2;
        } else if (c == 0xE2 && i + 2 < n && u[i + 1] == 0x82 && u[i + 2] >= 0xA0 && u[i + 2] <= 0xBF) {
            if (kl + 3 > lim)
                return NULL;
            MAP_PUT(c);
            MAP_PUT(u[i + 1]);
            MAP_PUT(u[i + 2]);
            i += 3;
        } else {
            return cx_map_lookup(m, s, n);
        }
    }
#undef MAP_PUT
    if (kl == 0 || !cx_map_may_key(m, key, kl))
        return NULL;
    return cx_map_get_hashed(m, key, kl, h);
}

/* map_lookup(m, s, n) through the call's memo (env->money_memo, see
 * lib/internal.h): a slot of the same map and the same text (n bytes, as
 * written) holds the entry map_lookup() found for it, a pure function of
 * the two. Longer texts are looked up as they are. */
static const cx_entry *memo_lookup(const cx_match_env *env, const cx_map *m, const char *s, size_t n)
{
    cx_money_memo *mm = env->money_memo;
    if (!mm || n == 0 || n > CX_MONEY_MEMO_LEN)
        return map_lookup(m, s, n);
    for (unsigned i = 0; i < CX_MONEY_MEMO; i++) {
        const struct cx_money_memo_slot *x = &mm->slot[i];
        if (x->map == m && x->n == n && memcmp(x->text, s, n) == 0)
            return x->e;
    }
    const cx_entry *e = map_lookup(m, s, n);
    struct cx_money_memo_slot *x = &mm->slot[mm->next++ % CX_MONEY_MEMO];
    x->map = m;
    x->e = e;
    x->n = (uint8_t)n;
    memcpy(x->text, s, n);
    return e;
}

static bool lookup_currency(const cx_match_env *env, const cx_lang *L, const char *t, size_t a, size_t b,
                            cur_info *ci)
{
    memset(ci, 0, sizeof *ci);
    const cx_entry *e = memo_lookup(env, &L->currencies, t + a, b - a);
    if (e) {
        ci->iso = e->canon[0] == '?' ? e->canon + 1 : e->canon;
        ci->ambiguous = (e->flags & CX_F_AMBIGUOUS) != 0;
    } else {
        e = memo_lookup(env, &L->subunits, t + a, b - a);
        if (!e)
            return false;
        ci->iso = e->canon;
        ci->shift = (int)e->val;
    }
    return true;
}

/* Is the currency text t[a..b) a symbol ($, €, ...: no ASCII letter)? */
static bool currency_symbol(const char *t, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if ((t[i] | 0x20) >= 'a' && (t[i] | 0x20) <= 'z')
            return false;
    return true;
}

static bool lookup_scale(const cx_match_env *env, const cx_lang *L, const char *t, size_t a, size_t b, int *pow10)
{
    const cx_entry *e = memo_lookup(env, &L->scales, t + a, b - a);
    if (!e)
        return false;
    *pow10 = (int)e->val;
    return true;
}

static void span_of(const cx_groups *g, const int *ids, int n, size_t *s, size_t *e)
{
    *s = (size_t)-1;
    *e = 0;
    for (int i = 0; i < n; i++) {
        int k = ids[i];
        if (!g->set[k])
            continue;
        if (g->a[k] < *s)
            *s = g->a[k];
        if (g->b[k] > *e)
            *e = g->b[k];
    }
}

static bool year_like(const char *t, size_t a, size_t b)
{
    if (b - a != 4)
        return false;
    for (size_t i = a; i < b; i++)
        if (t[i] < '0' || t[i] > '9')
            return false;
    int y = (t[a] - '0') * 1000 + (t[a + 1] - '0') * 100 + (t[a + 2] - '0') * 10 + (t[a + 3] - '0');
    return y >= 1900 && y <= 2099;
}

static bool year_like_dec(const cx_dec *d)
{
    char tmp[64];
    /* digits carry no trailing zeros: 1990 is 199e1, 2000 is 2e3 */
    if (d->neg || d->exp < 0 || d->ndigits + d->exp != 4)
        return false;
    cx_dec_to_string(d, tmp, sizeof tmp);
    return year_like(tmp, 0, 4);
}

/* Build the claims of one match. Returns false when the match is not money. */
static bool build(const cx_match_env *env, const cx_rule *r, const cx_groups *g, cand *c)
{
    const cx_lang *L = env->lang;
    const char *t = env->text;
    bool range = g->set[CX_G_NUM2];
    /* (the fields of c not set below: those of the claim c[0] it does not
     * name; c[1] is a copy of c[0] when it is used, the rest of c is set
     * below or by the caller) */
    memset(&c->c[0], 0, sizeof c->c[0]);

    /* currencies of each end */
    int k1 = g->set[CX_G_CUR] ? CX_G_CUR : g->set[CX_G_CUR1] ? CX_G_CUR1 : -1;
    int k2 = g->set[CX_G_CUR2] ? CX_G_CUR2 : g->set[CX_G_CUR3] ? CX_G_CUR3 : -1;
    if (k1 < 0)
        k1 = k2;
    if (k2 < 0)
        k2 = k1;
    if (k1 < 0)
        return false; /* no currency: not money */
    cur_info c1, c2;
    if (!lookup_currency(env, L, t, g->a[k1], g->b[k1], &c1))
        return false;
    if (k2 == k1)
        c2 = c1; /* one currency for both ends (or a single amount): looked up once */
    else if (!lookup_currency(env, L, t, g->a[k2], g->b[k2], &c2))
        return false;

    /* amounts */
    cx_dec d1, d2;
    bool art1, art2 = false;
    if (!g->set[CX_G_NUM] || !cx_parse_amount(L, t, g->a[CX_G_NUM], g->b[CX_G_NUM], &d1, &art1))
        return false;
    if (range && !cx_parse_amount(L, t, g->a[CX_G_NUM2], g->b[CX_G_NUM2], &d2, &art2))
        return false;
    if (g->set[CX_G_SIGN])
        d1.neg = d1.ndigits > 0;

    /* scales: one written once applies to both ends */
    int s1 = 0, s2 = 0;
    bool has1 = g->set[CX_G_SCALE], has2 = g->set[CX_G_SCALE2];
    if (has1 && !lookup_scale(env, L, t, g->a[CX_G_SCALE], g->b[CX_G_SCALE], &s1))
        return false;
    if (has2 && !lookup_scale(env, L, t, g->a[CX_G_SCALE2], g->b[CX_G_SCALE2], &s2))
        return false;
    if (range) {
        /* "le 1 janvier 1990 à 1015 francs": a bare year opens no range */
        if (!has1 && !g->set[CX_G_CUR] && !g->set[CX_G_CUR1] && !g->set[CX_G_RANGE] && year_like_dec(&d1))
            return false;
        if (!has1 && has2 && cx_dec_cmp(&d1, &d2) < 0) {
            s1 = s2; /* "1-2 billion", "entre 1 et 2 milliards" */
            has1 = true;
        }
        if (has1 && !has2) {
            /* "R$ 2 bi até 2027", "2 milliards à 2030": an upper end with no
             * scale and no currency of its own must be of the same order */
            if (k2 == k1 && !year_like_dec(&d2) && cx_dec_cmp(&d1, &d2) < 0 &&
                d2.ndigits + d2.exp <= d1.ndigits + d1.exp + 2) {
                s2 = s1;
                has2 = true;
            } else if (k2 == k1) {
                return false;
            }
        }
    }
    if ((art1 && !has1 && c1.shift == 0) || (range && (art1 || art2)))
        return false; /* "un euro fort": an article, not an amount ("een cent" is) */
    if ((c1.ambiguous && !has1) || (range && c2.ambiguous && !has2))
        return false; /* "300 livres", "een pond": not money without a scale */

    /* sub-unit amount after the currency: "15 dollars 50" */
    if (!range && g->set[CX_G_CENTS] && c1.shift == 0) {
        cx_dec cents;
        bool art;
        if (!cx_parse_amount(L, t, g->a[CX_G_CENTS], g->b[CX_G_CENTS], &cents, &art) || art)
            return false;
        if (cents.ndigits > 0) {
            if (cx_dec_cmp(&cents, &(cx_dec){.digits = "1", .ndigits = 1, .exp = 2}) >= 0)
                return false; /* 100 or more is no cent amount */
            cents.exp -= 2;
            cx_dec sum;
            if (!cx_dec_add(&d1, &cents, &sum))
                return false;
            d1 = sum;
        }
    }
    d1.exp += s1 + c1.shift;
    if (range)
        d2.exp += s2 + c2.shift;
    if (d1.ndigits == 0 && !range)
        return false; /* "0 dollars" is no claim worth reporting */

    /* bound and period */
    int bound = CLAIMX_BOUND_EXACT, period = CLAIMX_PERIOD_NONE;
    if (g->set[CX_G_BOUND]) {
        const cx_entry *e = map_lookup(&L->bounds, t + g->a[CX_G_BOUND], g->b[CX_G_BOUND] - g->a[CX_G_BOUND]);
        if (e)
            bound = (int)e->val;
    }
    int pk = g->set[CX_G_PERIOD] ? CX_G_PERIOD : g->set[CX_G_PERIOD0] ? CX_G_PERIOD0 : -1;
    if (pk >= 0) {
        const cx_entry *e = map_lookup(&L->periods, t + g->a[pk], g->b[pk] - g->a[pk]);
        if (e)
            period = (int)e->val;
    }

    static const int end1_ids[] = {CX_G_CUR, CX_G_SIGN, CX_G_NUM, CX_G_SCALE, CX_G_CUR1, CX_G_CENTS, CX_G_TAIL};
    static const int end2_ids[] = {CX_G_CUR2, CX_G_NUM2, CX_G_SCALE2, CX_G_CUR3};
    cx_claim_in *a = &c->c[0];
    a->kind = CLAIMX_MONEY;
    a->value = d1;
    a->currency = c1.iso;
    a->bound = range ? CLAIMX_BOUND_AT_LEAST : bound;
    a->period = period;
    a->lang = L->code;
    a->rule = r->name;
    if (range) {
        span_of(g, end1_ids, 5, &a->nstart, &a->nend);
        cx_claim_in *b = &c->c[1];
        *b = *a;
        b->value = d2;
        b->currency = c2.iso;
        b->bound = CLAIMX_BOUND_AT_MOST;
        span_of(g, end2_ids, 4, &b->nstart, &b->nend);
        c->nclaims = 2;
        c->s = a->nstart;
        c->e = b->nend;
    } else {
        span_of(g, end1_ids, 7, &a->nstart, &a->nend);
        c->nclaims = 1;
        c->s = a->nstart;
        c->e = a->nend;
    }
    if (c->e <= c->s)
        return false;
    c->score = (int)(c->e - c->s) + ((has1 || has2) ? 1000 : 0);
    /* "in 2019 $5 million", "2020 €": a year is no amount */
    if (!has1 && !g->set[CX_G_CUR] && k1 == CX_G_CUR1 && year_like(t, g->a[CX_G_NUM], g->b[CX_G_NUM])) {
        if (currency_symbol(t, g->a[k1], g->b[k1]))
            return false;
        c->score -= 1500;
    }
    /* widen the candidate's extent to the whole match for overlap checks */
    return true;
}

static int cmp_score(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return a->s < b->s ? -1 : a->s > b->s;
}

static int cmp_start(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->s != b->s)
        return a->s < b->s ? -1 : 1;
    return cmp_score(x, y);
}

/* " " and "\t" .. "\r", as a bit set of the bytes below 64 */
static const bool space_byte[256] = {['\t'] = true, ['\n'] = true, ['\v'] = true, ['\f'] = true, ['\r'] = true, [' '] = true};
static inline bool is_space(unsigned char c) { return space_byte[c]; }
static inline bool ascii_letter(unsigned char c) { return (unsigned char)((c | 0x20) - 'a') < 26; }

/* Is the character ending right before byte i a letter? */
static bool letter_before(const char *text, size_t i)
{
    const unsigned char *t = (const unsigned char *)text;
    if (i == 0)
        return false;
    if (t[i - 1] < 0x80)
        return ascii_letter(t[i - 1]);
    size_t j = i - 1;
    while (j > 0 && (t[j] & 0xC0) == 0x80 && i - j < 4)
        j--;
    uint32_t cp;
    if (!cx_utf8_valid_seq(t + j, i - j, &cp))
        return false;
    return cp < 0x80 ? ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') : u_isalpha((UChar32)cp) != 0;
}

static bool letter_at(const char *text, size_t i, size_t end)
{
    const unsigned char *t = (const unsigned char *)text;
    if (i >= end)
        return false;
    if (t[i] < 0x80)
        return ascii_letter(t[i]);
    uint32_t cp;
    if (!cx_utf8_valid_seq(t + i, end - i, &cp))
        return false;
    return cp < 0x80 ? ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') : u_isalpha((UChar32)cp) != 0;
}

#define NONE ((size_t)-1)

/* Start of the longest phrase of list m that ends at e, starts at or after
 * lo, and starts at a word boundary when it starts with a letter (as the
 * list's regex alternation would match it); NONE when there is none. The
 * text before e is folded once (lower case, no white space, as map keys
 * are) and each candidate start is one lookup of a suffix of it. */
static size_t phrase_before_e(const cx_map *m, const char *text, size_t lo, size_t e, const cx_entry **ent)
{
    const unsigned char *t = (const unsigned char *)text;
    if (!m->cap || e <= lo || !cx_map_may_last(m, t[e - 1]))
        return NONE;
    enum { WIN = 96 };
    char key[WIN + 16]; /* the folded text from the current start to e: key[WIN - kl .. WIN) */
    size_t win = 2 * m->maxkey + 8 < WIN ? 2 * m->maxkey + 8 : WIN; /* keys have no spaces */
    size_t from = e - lo > win ? e - win : lo;
    size_t lim = m->maxkey < WIN ? m->maxkey : WIN;
    size_t kl = 0, best = NONE;
    /* from e backwards, a character at a time, as far as the longest key */
    for (size_t s = e; s > from;) {
        size_t c0 = s - 1;
        unsigned char c = t[c0];
        if (c < 0x80) {
            if (is_space(c)) {
                s = c0;
                continue;
            }
            /* an ASCII letter after an ASCII letter starts no phrase (the
             * word boundary test below): the inside of a word is folded at
             * once, up to its first letter, which is looked at below */
            if (ascii_letter(c)) {
                /* back to the word's first letter (or from), folding as it
                 * goes; a word that does not fit in the longest key: done */
                for (;;) {
                    if (kl + 1 > lim)
                        return best; /* past the longest key before the word's start */
                    key[WIN - ++kl] = (char)(t[c0] | 0x20);
                    if (c0 == from || !ascii_letter(t[c0 - 1]))
                        break;
                    c0--;
                }
                c = t[c0];
            } else {
                key[WIN - ++kl] = (char)c; /* (no letter: folds to itself) */
            }
        } else {
            while (c0 > from && (t[c0] & 0xC0) == 0x80 && s - c0 < 4)
                c0--;
            c = t[c0];
            char tmp[16];
            size_t fl;
            unsigned v;
            /* a letter U+00C0..U+017F (two bytes, the second a continuation
             * byte: the walk back stopped at the first) folds as
             * cx_latin_fold[] says, a currency sign U+20A0..U+20BF to itself
             * (see map_lookup()); anything else as cx_fold_key() folds it */
            if (s - c0 == 2 && c >= 0xC3 && c <= 0xC5 && (v = cx_latin_fold[cx_latin_at(c, t[c0 + 1])]) > CX_LATIN_OTHER) {
                tmp[0] = (char)(v >> 8);
                tmp[1] = (char)(v & 0xFF);
                fl = 2;
            } else if (s - c0 == 3 && c == 0xE2 && t[c0 + 1] == 0x82 && t[c0 + 2] >= 0xA0 && t[c0 + 2] <= 0xBF) {
                memcpy(tmp, text + c0, 3);
                fl = 3;
            } else {
                fl = cx_fold_key(text + c0, s - c0, tmp, sizeof tmp);
            }
            if (kl + fl > WIN)
                return best;
            kl += fl;
            memcpy(key + WIN - kl, tmp, fl);
        }
        s = c0;
        if (kl > lim)
            break;
        if (!cx_map_may_first(m, c))
            continue;
        if (c < 0x80 && c0 > 0 && t[c0 - 1] < 0x80) {
            /* ASCII on both sides: letter_at() and letter_before() inline */
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z' && (t[c0 - 1] | 0x20) >= 'a' && (t[c0 - 1] | 0x20) <= 'z')
                continue;
        } else if (letter_at(text, c0, e) && letter_before(text, c0)) {
            continue;
        }
        const cx_entry *x;
        if (kl && cx_map_may_key(m, key + WIN - kl, kl) && (x = cx_map_get(m, key + WIN - kl, kl))) {
            best = c0;
            *ent = x;
        }
    }
    return best;
}

static size_t phrase_before(const cx_map *m, const char *text, size_t lo, size_t e)
{
    const cx_entry *x;
    return phrase_before_e(m, text, lo, e, &x);
}

/* phrase_before_e(&L->bounds, text, lo, e, ent), walking L->gpu_bnd (the
 * bounds' keys read backwards, lib/patterns.c build_gpu_tables) from e
 * instead of looking each suffix of the folded text up: the same walk back
 * over the same window, a byte at a time over ASCII text (white space of
 * is_space() dropped, letters lowered: the fold of the lookups), as far as
 * the longest key. A place is a phrase's start when the node the walk
 * reaches there spells a key (gpu_bnd_val[node] != 0: the suffix is a key
 * of the map, as the lookup would find it), its byte may start a key and
 * it is at a word boundary (no ASCII letter before an ASCII letter, as
 * there); the leftmost (the longest phrase) wins, as there. Where no key
 * ends with the text walked (node 0), no longer suffix is a key either: the
 * walk stops. A non-ASCII byte in the walk, or before a letter at a start,
 * leaves the answer to phrase_before_e(). The entry: the found key's,
 * looked up once.
 * trie_phrase() walks the trie T (values V, as gpu_bnd and gpu_bnd_val) of
 * the keys of list m read backwards: bound_phrase() the bounds', the rate
 * word walk of pre_words() the periods' (L->mny_per, built alike). */
static size_t trie_phrase(const cx_map *m, const cx_keypre *T, const uint32_t *V, const char *text, size_t lo,
                          size_t e, const cx_entry **ent, uint32_t *vv)
{
    if (vv)
        *vv = 0;
    if (!T || !V)
        return phrase_before_e(m, text, lo, e, ent);
    uint32_t v;
    bool vf;
    size_t best = cx_trie_walk(m, T, V, text, lo, e, &v, &vf);
    if (best == CX_WALK_ASK)
        return phrase_before_e(m, text, lo, e, ent);
    if (best != NONE && vv && !vf && v != UINT32_MAX) {
        /* V at the phrase's node is the val + 1 of the key the node spells
         * (lib/patterns.c trie_of()), the key the look-up below finds: the
         * entry's val, all found_entry() would read of it (no \v or \f was
         * dropped in the phrase: found_entry() returns that entry) */
        *vv = v;
        *ent = NULL;
        return best;
    }
    if (best != NONE) {
        const unsigned char *t = (const unsigned char *)text;
        char key[96];
        size_t n = 0;
        for (size_t i = best; i < e && n < sizeof key; i++)
            if (!is_space(t[i]))
                key[n++] = (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] + 32 : t[i]);
        const cx_entry *x = cx_map_get(m, key, n);
        if (!x) /* (the trie and the map disagree: cannot be; the lookups decide) */
            return phrase_before_e(m, text, lo, e, ent);
        *ent = x;
    }
    return best;
}

static size_t bound_phrase(const cx_lang *L, const char *text, size_t lo, size_t e, const cx_entry **ent,
                           uint32_t *vv)
{
    return trie_phrase(&L->bounds, L->gpu_bnd, L->gpu_bnd_val, text, lo, e, ent, vv);
}

/* phrase_before_e(&L->periods, ...) the same way, walking L->mny_per */
static size_t rate_phrase(const cx_lang *L, const char *text, size_t lo, size_t e, const cx_entry **ent,
                          uint32_t *vv)
{
    return trie_phrase(&L->periods, L->mny_per, L->mny_per_val, text, lo, e, ent, vv);
}

/* What {_pre} matched before an amount starting at a: the bound nearest the
 * amount (the longest phrase there), then a rate word before the bounds
 * (only when rate: an earlier bound moves nothing but where it ends). */
static void pre_words(const cx_match_env *env, size_t a, bool rate, cx_groups *g, const cx_entry **bent,
                      const cx_entry **pent, uint32_t *bv, uint32_t *pv)
{
    const char *t = env->text;
    const cx_lang *L = env->lang;
    size_t e = a;
    while (e > env->start && is_space((unsigned char)t[e - 1]))
        e--;
    size_t chain = a;
    /* a bound ending with a letter right against a word: no boundary */
    if (!(e == a && letter_at(t, a, env->end) && letter_before(t, e))) {
        size_t b = bound_phrase(L, t, env->start, e, bent, bv);
        if (b != NONE) {
            g->set[CX_G_BOUND] = true;
            g->a[CX_G_BOUND] = b;
            g->b[CX_G_BOUND] = e;
            chain = b;
            if (!rate)
                return;
            /* "well over about": an earlier bound only moves the start */
            size_t e1 = b;
            while (e1 > env->start && is_space((unsigned char)t[e1 - 1]))
                e1--;
            const cx_entry *x1;
            size_t b1 = bound_phrase(L, t, env->start, e1, &x1, NULL);
            if (b1 != NONE)
                chain = b1;
        }
    }
    if (!rate)
        return;
    size_t pe = chain;
    while (pe > env->start && is_space((unsigned char)t[pe - 1]))
        pe--;
    if (pe == chain)
        return; /* the rate word needs white space after it */
    size_t p = rate_phrase(L, t, env->start, pe, pent, pv);
    if (p != NONE) {
        g->set[CX_G_PERIOD0] = true;
        g->a[CX_G_PERIOD0] = p;
        g->b[CX_G_PERIOD0] = pe;
    }
}

/* The entry of list m that phrase_before_e() found for t[a..b) (x), as
 * cx_map_lookup() of that text finds it: the walk folds the text as
 * cx_map_lookup() does, but drops every white space of is_space(), the
 * lookup only " \t\n\r": with a "\v" or "\f" in it, the lookup decides. */
static const cx_entry *found_entry(const cx_map *m, const char *t, size_t a, size_t b, const cx_entry *x)
{
    for (size_t i = a; i < b; i++)
        if (t[i] == '\v' || t[i] == '\f')
            return cx_map_lookup(m, t + a, b - a);
    return x;
}

/* The bound and rate words of a kept candidate whose rule began with
 * {_pre}, as build() reads them: a bound sets the bound of a single amount
 * (a range keeps at_least / at_most), a rate word the period of every
 * claim unless the match has its own period group. */
static void apply_pre(const cx_match_env *env, cand *c)
{
    const cx_lang *L = env->lang;
    const char *t = env->text;
    cx_groups g;
    g.set[CX_G_BOUND] = g.set[CX_G_PERIOD0] = false;
    const cx_entry *bent = NULL, *pent = NULL;
    uint32_t bv = 0, pv = 0; /* (the entry's val + 1 when the walk gave it: no look-up) */
    /* (a match with a period group of its own keeps it: no rate word asked) */
    pre_words(env, c->pre_at, !c->period_grp, &g, &bent, &pent, &bv, &pv);
    if (g.set[CX_G_BOUND] && c->nclaims == 1) {
        const cx_entry *e = bv ? NULL : found_entry(&L->bounds, t, g.a[CX_G_BOUND], g.b[CX_G_BOUND], bent);
        if (bv)
            c->c[0].bound = (int)(bv - 1);
        else if (e)
            c->c[0].bound = (int)e->val;
    }
    if (g.set[CX_G_PERIOD0] && !c->period_grp) {
        const cx_entry *e = pv ? NULL : found_entry(&L->periods, t, g.a[CX_G_PERIOD0], g.b[CX_G_PERIOD0], pent);
        if (pv || e)
            for (int k = 0; k < c->nclaims; k++)
                c->c[k].period = pv ? (int)(pv - 1) : (int)e->val;
    }
}

/* Does the word at p start with a number word ("tweehonderd", "vijftig")? */
static bool compound_number(const cx_lang *L, const char *text, size_t p, size_t end)
{
    const unsigned char *t = (const unsigned char *)text;
    if (p >= end || !cx_map_may_first(&L->numbers, t[p]))
        return false; /* no entry starts with that letter (or it is no letter) */
    /* A word of ASCII letters walks L->keypre, the trie of every prefix of
     * every key (lib/patterns.c build_keypre(): CX_KEYPRE_COMPOUND marks a
     * key of numbers that is neither a joining word nor an article, what
     * the look-ups below ask of each prefix of 2 letters or more): no key
     * of numbers goes on where the walk ends or leaves the numbers' keys,
     * so no longer prefix, whatever follows, is one. At a non-ASCII byte
     * (folded by cx_fold_key() below) before that, the look-ups decide. */
    const cx_keypre *T = L->keypre;
    /* two ASCII letters first: the walk below reads them to nodes of
     * prefixes of numbers' keys, or says no at one of them (returning yes
     * only from the second on, after both): L->gpu_num2 has the pairs that
     * are such prefixes (lib/patterns.c build_gpu_tables(), from T, built
     * before it) */
    if (T && p + 1 < end && ascii_letter(t[p]) && ascii_letter(t[p + 1]) &&
        !(L->gpu_num2[(t[p] | 0x20) - 'a'] >> ((t[p + 1] | 0x20) - 'a') & 1))
        return false;
    if (T) {
        uint32_t node = CX_KEYPRE_ROOT;
        size_t k = 0;
        for (; p + k < end && k < 64; k++) {
            unsigned char c = t[p + k];
            if (c >= 0x80)
                break;
            if (!ascii_letter(c))
                return false;
            node = cx_keypre_next(T, node, (unsigned char)(c | 0x20));
            if (!node || !(T->flag[node] & CX_KEYPRE_PRE(CX_KEYS_NUMBERS)))
                return false;
            if (k && (T->flag[node] & CX_KEYPRE_COMPOUND))
                return true;
        }
        if (p + k >= end || k == 64)
            return false; /* the whole word walked */
    }
    size_t e = p;
    bool ascii = true;
    while (e < end && e - p < 64 && (((t[e] | 0x20) >= 'a' && (t[e] | 0x20) <= 'z') || t[e] >= 0x80)) {
        ascii = ascii && t[e] < 0x80;
        e++;
    }
    char key[256];
    size_t kl;
    if (ascii) { /* as cx_fold_key folds ASCII letters */
        for (kl = 0; kl < e - p; kl++)
            key[kl] = (char)(t[p + kl] | 0x20);
    } else {
        kl = cx_fold_key(text + p, e - p, key, sizeof key);
    }
    for (size_t n = kl > L->numbers.maxkey ? L->numbers.maxkey : kl; n >= 2; n--) {
        if (!cx_map_may_key(&L->numbers, key, n))
            continue; /* the signature says no: most prefix lengths */
        const cx_entry *x = cx_map_get(&L->numbers, key, n);
        if (x && !(x->flags & (CX_F_JOIN | CX_F_ARTICLE)))
            return true;
    }
    return false;
}

/* Index of the first token starting at or after p. lo: a token index
 * before which every token starts before p (0 when nothing is known); the
 * few tokens from lo are looked at first, then a binary search. */
static size_t tok_at(const cx_toks *tk, size_t p, size_t lo)
{
    for (int k = 0; k < 4; k++, lo++)
        if (lo >= tk->n || tk->v[lo].start >= p)
            return lo;
    size_t hi = tk->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (tk->v[mid].start < p)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* May a claim start with the word at p, before the token it leads to? */
static bool opens(const cx_match_env *env, size_t p, size_t ta)
{
    const cx_toks *tk = env->toks;
    size_t lo = ta; /* the token at a, after p: back to the first token at or after p */
    while (lo > 0 && tk->v[lo - 1].start >= p)
        lo--;
    if (lo < tk->n && tk->v[lo].start == p &&
        (tk->v[lo].flags & (CX_T_MONEY | CX_T_CURPART | CX_T_UPPER | CX_T_STARTER)))
        return true;
    return env->lang->prev_any || compound_number(env->lang, env->text, p, env->end);
}

/* Where a match may start around the token at a: the previous token when
 * it may open a claim (range openers, "MUSD 60", "a hundred", "tweehonderd
 * miljoen"), the start of the token holding a ("R$", "US$5") and a itself.
 * Ascending; returns how many. A start at or before last (the last place
 * tried: the caller skips those) is left out of the previous token's test,
 * which is not asked then. ta: the index of the token at a. */
#define WORD_MAX 64
static int starts_for(const cx_match_env *env, size_t a, size_t ta, size_t last, size_t *st)
{
    const unsigned char *t = (const unsigned char *)env->text;
    size_t lo = env->start;
    /* walks back at most WORD_MAX bytes per word, so a text with no space
     * ("€$£€$£...") costs linear time; a longer word starts at a itself */
    size_t floor = a > lo + WORD_MAX ? a - WORD_MAX : lo;
    size_t t0 = a;
    while (t0 > floor && !is_space(t[t0 - 1]))
        t0--;
    if (t0 > lo && !is_space(t[t0 - 1]))
        t0 = a;
    size_t p = t0, pfloor = t0 > lo + 2 * WORD_MAX ? t0 - 2 * WORD_MAX : lo;
    while (p > pfloor && is_space(t[p - 1]))
        p--;
    size_t pe = p;
    while (p > pfloor && !is_space(t[p - 1]))
        p--;
    if (p > lo && !is_space(t[p - 1]))
        p = pe; /* no previous word within reach */
    int n = 0;
    /* leading punctuation ("(between", "«US$") starts no rule */
    while (p < pe && !ascii_letter(t[p]) && t[p] < 0x80 && t[p] != '$' && t[p] != '~' && !(t[p] >= '0' && t[p] <= '9'))
        p++;
    if (p < pe && (last == NONE || p > last) && opens(env, p, ta))
        st[n++] = p;
    while (t0 < a && !ascii_letter(t[t0]) && t[t0] < 0x80 && t[t0] != '$' && !(t[t0] >= '0' && t[t0] <= '9'))
        t0++;
    if (t0 < a)
        st[n++] = t0;
    st[n++] = a;
    return n;
}

/* how far from an amount its currency may be, in bytes: "$ 5", "entre
 * cinquante et soixante-dix millions de dollars" */
#define NEAR_BEFORE 48
#define NEAR_AFTER 160

/* A rule that always has a scale (patterns.c: group_required) needs a scale
 * word or an acronym ("MUSD") within NEAR_AFTER bytes after s. */
static bool scale_near(const cx_match_env *env, size_t s, size_t ts)
{
    const cx_toks *tk = env->toks;
    size_t lo = tok_at(tk, s, ts);
    for (size_t i = lo; i < tk->n && tk->v[i].start <= s + NEAR_AFTER; i++)
        if (tk->v[i].flags & (CX_T_SCALE | CX_T_UPPER))
            return true;
    return false;
}

/* A range rule (one with a num2 group) needs a second number after the
 * first: is there a number token starting within RANGE_GAP bytes after the
 * end of the first number at or after s? */
#define RANGE_GAP 64
static bool second_number_near(const cx_match_env *env, size_t s, size_t ts)
{
    const cx_toks *tk = env->toks;
    const unsigned char *t = (const unsigned char *)env->text;
    size_t lo = tok_at(tk, s, ts);
    size_t i = lo;
    while (i < tk->n && !(tk->v[i].flags & (CX_T_DIGITS | CX_T_NUMBER)) && tk->v[i].start <= s + RANGE_GAP)
        i++;
    if (i == tk->n || tk->v[i].start > s + RANGE_GAP)
        return false;
    /* the end of the first number: digit groups "1 000 000", "1.5" */
    size_t e = tk->v[i].end, lim = s + CX_SPAN_MAX < env->end ? s + CX_SPAN_MAX : env->end;
    if (tk->v[i].flags & CX_T_DIGITS)
        while (e + 1 < lim && (t[e] == ' ' || t[e] == '.' || t[e] == ',' || t[e] == '\'') && t[e + 1] >= '0' &&
               t[e + 1] <= '9') {
            e++;
            while (e < lim && t[e] >= '0' && t[e] <= '9')
                e++;
        }
    for (i++; i < tk->n && tk->v[i].start <= e + RANGE_GAP; i++)
        if (tk->v[i].start >= e && (tk->v[i].flags & (CX_T_DIGITS | CX_T_NUMBER)))
            return true;
    return false;
}


static inline bool is_letter_byte(unsigned char c) { return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80; }

/* May the text t[a..b) sit between two tokens of one amount ("de", " of ",
 * "-", " et ", a compound number word the scan does not list: "honderdvijftig")?
 * Short gaps, or one word with white space around it. */
#define GAP_SHORT 8
#define GAP_WORD 40
static bool gap_ok(const unsigned char *t, size_t a, size_t b)
{
    if (b - a <= GAP_SHORT)
        return true;
    if (b - a > GAP_WORD)
        return false;
    while (a < b && is_space(t[a]))
        a++;
    while (b > a && is_space(t[b - 1]))
        b--;
    for (size_t i = a; i < b; i++)
        if (!is_letter_byte(t[i]) && t[i] != '-' && t[i] != '\'')
            return false;
    return true;
}

#define NUMBERISH (CX_T_DIGITS | CX_T_NUMBER | CX_T_STARTER | CX_T_SCALE)

static unsigned keys_at(const cx_lang *L, const char *text, size_t s, size_t end, unsigned want);
static size_t plain_symbol(const unsigned char *t, size_t q, size_t end);

/* Can a {currencies} or {subunits} variant start at token k, which the scan
 * found currency-ish? A word of the lists or a symbol: yes. An acronym
 * ("GPU", "AMD": CX_T_UPPER) or a word of a variant that is no variant's
 * first ("de" of "dollar de Hong Kong": CX_T_CURPART) made of ASCII letters
 * alone: a variant that starts with a letter starts at a word boundary,
 * none starts inside such a word, so only where keys_at() finds one. */
static bool may_start_currency(const cx_match_env *env, const cx_tok *k)
{
    const cx_lang *L = env->lang;
    unsigned need = CX_KEYS_CURRENCIES | CX_KEYS_SUBUNITS;
    if ((k->flags & (CX_T_SYMBOL | CX_T_CURRENCY)) || (L->keys_ok & need) != need)
        return true;
    const unsigned char *t = (const unsigned char *)env->text;
    for (size_t i = k->start; i < k->end; i++)
        if (!ascii_letter(t[i]))
            return true;
    return keys_at(L, env->text, k->start, env->end, need) != 0;
}

/* A rule whose amount comes first and whose currency (cur1) follows it:
 * from s, tokens of numbers and scale words, each after a gap_ok() gap,
 * must lead to a currency token. A word of a currency variant where no
 * variant starts (may_start_currency(): "de" of "120 milliards de
 * paramètres") is text of the gap, as the scale_of word it may be
 * ("millions de dollars"); the check for text the scan does not list then
 * looks after it. */
/* may_start_currency() of the token asked last (tok: its index, NONE at first) */
/* keys_at() want bit: read a plain_symbol() at s itself too (see there) */
#define KEYS_SYMBOL_AT_S 0x80

/* Is the character at p (non-ASCII) a plain_symbol() at which no variant of
 * numbers, currencies, scales or subunits may start? keys_at() reads it
 * as its own bytes (KEYS_SYMBOL_AT_S), as the lists' tries match it: a
 * variant that starts with it is a key starting with those bytes. Only
 * when keys_at() reads all four lists soundly (L->keys_ok). */
static bool symbol_starts_none(const cx_match_env *env, size_t p)
{
    const cx_lang *L = env->lang;
    unsigned need = CX_KEYS_NUMBERS | CX_KEYS_CURRENCIES | CX_KEYS_SCALES | CX_KEYS_SUBUNITS;
    if ((L->keys_ok & need) != need || !plain_symbol((const unsigned char *)env->text, p, env->end))
        return false;
    return keys_at(L, env->text, p, env->end, need | KEYS_SYMBOL_AT_S) == 0;
}

typedef struct start_memo {
    size_t tok;
    bool ans;
} start_memo;

/* currency_follows() says no: the unlisted answer in *any (see there) */
static inline bool cf_no(bool *any, bool cur_seen)
{
    if (any)
        *any = cur_seen;
    return false;
}

/* The walk is the same for both values of listed up to the first currency
 * token it reaches past s (the only place listed is read): there the
 * unlisted walk says yes. So the listed walk tells the unlisted answer too,
 * in *any (when any is not NULL): yes when it says yes (at that token or at
 * the non-ASCII test before, where both say yes), or when it reached such a
 * token before saying no; no when it said no before reaching one (the
 * unlisted walk, the same so far, says no there too). */
static bool currency_follows(const cx_match_env *env, size_t s, size_t ts, bool listed, start_memo *memo, bool *any)
{
    if (any)
        *any = true; /* (cleared below where the walk says no before a currency token) */
    bool cur_seen = false;
    const cx_toks *tk = env->toks;
    const unsigned char *t = (const unsigned char *)env->text;
    size_t i = tok_at(tk, s, ts), prev = s;
    size_t lim = s + CX_SPAN_MAX < env->end ? s + CX_SPAN_MAX : env->end; /* no claim is longer */
    if (i == tk->n || tk->v[i].start != s)
        while (prev < lim && is_letter_byte(t[prev]))
            prev++; /* a number word the scan does not know: "tweehonderd" */
    size_t after = prev; /* the end of the last token walked (prev, or a gap word after it) */
    for (;; i++) {
        if (prev >= lim || after >= lim)
            return cf_no(any, cur_seen);
        /* a non-ASCII character the scan does not list ("ரூ": a letter and
         * a mark) right after: let the rule decide, unless it is a
         * plain_symbol() (no letter: "–" of "2025 – L'opérateur") where
         * keys_at(), reading it, finds no variant of any list that may
         * start there (symbol_starts_none()): the rule then reads no
         * currency, scale or number there, and the character is text of
         * the gap like any other the scan does not list */
        size_t p = after;
        while (p < env->end && p < after + 2 && (is_space(t[p]) || t[p] == '-'))
            p++;
        if (p < env->end && t[p] >= 0x80 && (i == tk->n || tk->v[i].start != p) && !symbol_starts_none(env, p))
            return true;
        if (i == tk->n)
            return cf_no(any, cur_seen);
        const cx_tok *k = &tk->v[i];
        if (k->start < prev)
            continue;
        if (!gap_ok(t, prev, k->start))
            return cf_no(any, cur_seen);
        if ((k->flags & CX_T_CURRENCYISH) && k->start > s) {
            if (!listed)
                return true;
            cur_seen = true;
            if (memo->tok != i) {
                memo->tok = i;
                memo->ans = may_start_currency(env, k);
            }
            if (memo->ans)
                return true;
            if ((k->flags & CX_T_CURPART) && !(k->flags & NUMBERISH)) {
                after = k->end; /* a gap word */
                continue;
            }
        }
        if (!(k->flags & NUMBERISH))
            return cf_no(any, cur_seen);
        prev = after = k->end;
    }
}

/* A rule that starts with its currency: a currency token at s, then
 * (after the currency's other tokens) a number. */
static bool currency_leads(const cx_match_env *env, size_t s, size_t ts)
{
    const cx_toks *tk = env->toks;
    const unsigned char *t = (const unsigned char *)env->text;
    size_t i = tok_at(tk, s, ts);
    if (i == tk->n || tk->v[i].start != s || !(tk->v[i].flags & CX_T_CURRENCYISH))
        return false;
    size_t prev = tk->v[i].end;
    for (i++; i < tk->n && (tk->v[i].flags & CX_T_CURRENCYISH) && tk->v[i].start <= prev + 2 &&
              tk->v[i].start < s + CX_SPAN_MAX;
         i++)
        prev = tk->v[i].end;
    size_t p = prev;
    while (p < env->end && p < prev + GAP_SHORT && !is_letter_byte(t[p]) && !(t[p] >= '0' && t[p] <= '9'))
        p++;
    if (p >= env->end)
        return false;
    if (t[p] >= '0' && t[p] <= '9')
        return true;
    if (i < tk->n && tk->v[i].start == p)
        return (tk->v[i].flags & NUMBERISH) != 0 || compound_number(env->lang, env->text, p, env->end);
    return is_letter_byte(t[p]) && compound_number(env->lang, env->text, p, env->end);
}

/* A number in digits ({digits}, patterns/common/numbers.pat) never starts
 * right after a digit, a dot or a comma: "84" of "3.84", "000" of "60,000".
 * No money rule starts with a digit that is not its number's first (a
 * currency, scale or range word starts with no digit). */
static bool inside_number(const char *text, size_t lo, size_t s)
{
    const unsigned char *t = (const unsigned char *)text;
    return t[s] >= '0' && t[s] <= '9' && s > lo &&
           ((t[s - 1] >= '0' && t[s - 1] <= '9') || t[s - 1] == '.' || t[s - 1] == ',');
}

/* A rule whose number at s (a digit) must be followed, after at most one
 * white space, by a scale word, a currency or a range separator (num_cur,
 * num_cur_scale, num_mcode, range_to): each starts with a letter, "$", "-"
 * or a non-ASCII character. The number is read to its longest extent
 * (digit groups, decimal part); a shorter reading of it ends before a
 * separator and a digit, where none of those can start either. Walks at most
 * the attempt's CX_SPAN_MAX bytes. */
static size_t after_number(const cx_match_env *env, size_t s, size_t end)
{
    const unsigned char *t = (const unsigned char *)env->text;
    size_t e = s;
    while (e < end && t[e] >= '0' && t[e] <= '9')
        e++;
    while (e + 1 < end && (t[e] == ' ' || t[e] == '.' || t[e] == ',' || t[e] == '\'') && t[e + 1] >= '0' &&
           t[e + 1] <= '9') {
        e++;
        while (e < end && t[e] >= '0' && t[e] <= '9')
            e++;
    }
    if (e < end && is_space(t[e]))
        e++;
    return e;
}

/* after_number() at s over the attempt's text (end: cx_attempt_end(s)),
 * kept in *an (NONE: not yet) for the other checks at s */
static size_t after_number_at(const cx_match_env *env, size_t s, size_t end, size_t *an)
{
    if (*an == NONE)
        *an = after_number(env, s, end);
    return *an;
}

static bool after_number_ok(const cx_match_env *env, size_t s, size_t *an)
{
    size_t end = cx_attempt_end(env, s);
    size_t e = after_number_at(env, s, end, an);
    if (e >= end)
        return false;
    unsigned char c = (unsigned char)env->text[e];
    return c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '$' || c == '-';
}

/* A rule that opens with its number (r->has_follow): at a digit s the
 * number is {digits}, and a reading of it ends after a run of digits (never
 * before a digit, "." + digit or "," + digit; the longest reading goes on
 * over " ", ".", ",", "'" + digits). After some reading, the rest of the
 * rule must start: with a byte of r->follow, after one white space when it
 * begins with \s? (r->follow_ws). Non-ASCII bytes are left to the rule. */
static inline bool follow_at(const cx_rule *r, const unsigned char *t, size_t e, size_t end)
{
    if (e >= end)
        return false;
    unsigned char c = t[e];
    if (c >= 0x80 || (r->follow[c >> 3] >> (c & 7) & 1))
        return true;
    if (!r->follow_ws || !is_space(c) || e + 1 >= end)
        return false;
    c = t[e + 1];
    return c >= 0x80 || (r->follow[c >> 3] >> (c & 7) & 1);
}

/* Does the JIT-ed piece code (a rule's head or tail, lib/patterns.c
 * compile_prefix) match at p, as the rule's attempt at s would see the
 * text (it ends at cx_attempt_end(s))? A limit or any other error says
 * nothing: yes. */
static bool prefix_at(const cx_match_env *env, const pcre2_code *code, size_t p, size_t end)
{
    return pcre2_jit_match(code, (PCRE2_SPTR)env->text, end, p, 0, env->md, env->mctx) != PCRE2_ERROR_NOMATCH;
}

/* Can some reading of the number in digits at s be followed by the rest of
 * rule r: follow_at(), and for a rule with a tail (what follows its number
 * up to its first list) a match of r->tail there, as every match of the
 * rule goes on so from where its number ends. The readings walked are a
 * superset of the grammar's. */
static bool number_followed(const cx_match_env *env, const cx_rule *r, size_t s)
{
    const unsigned char *t = (const unsigned char *)env->text;
    size_t end = cx_attempt_end(env, s);
    size_t e = s;
    while (e < end && t[e] >= '0' && t[e] <= '9')
        e++;
    for (;;) {
        if (follow_at(r, t, e, end) && (!r->tail || prefix_at(env, r->tail, e, end)))
            return true;
        if (!(e + 1 < end && (t[e] == ' ' || t[e] == '.' || t[e] == ',' || t[e] == '\'') && t[e + 1] >= '0' &&
              t[e + 1] <= '9'))
            return false;
        e++;
        while (e < end && t[e] >= '0' && t[e] <= '9')
            e++;
    }
}

/* Anchored match of a grammar piece at p; its end in *pe. first: the bytes
 * a match of it can start with (lib/patterns.c compile_piece). */
static bool piece_at(const cx_match_env *env, const pcre2_code *code, const uint8_t *first, size_t p, size_t end,
                     size_t *pe)
{
    unsigned char c = (unsigned char)env->text[p];
    if (!(first[c >> 3] >> (c & 7) & 1))
        return false;
    /* the piece is compiled anchored and JIT-ed: pcre2_jit_match() straight,
     * as pcre2_match() would call it, with cx_match()'s counts; any error
     * (no JIT code, the JIT stack) is left to cx_match(), which deals with
     * it as before */
    int m = pcre2_jit_match(code, (PCRE2_SPTR)env->text, end, p, 0, env->md, env->mctx);
    if (m < 0 && m != PCRE2_ERROR_NOMATCH)
        m = cx_match(env, code, end, p, 0);
    else {
        env->stats->matches++;
        env->stats->scanned += (m >= 0 ? pcre2_get_ovector_pointer(env->md)[1] : end) - p;
    }
    if (m < 0)
        return false;
    *pe = pcre2_get_ovector_pointer(env->md)[1];
    return *pe > p;
}

/* The length of the character at t[q] when keys_at() and key_goes_on() may
 * read it as its own bytes: a non-ASCII symbol or punctuation mark (no
 * letter, no white space, which \s units of the tries may match) that has
 * no other case (ICU: it is its own lower, upper, title case and case fold)
 * and that cx_fold_key() keeps as it is ("’" becomes "'"). A caseless
 * pattern matches it with that very character only, and a variant's
 * character becomes a trie unit and a key character by cx_fold_key(): the
 * same bytes ("€"). 0 for any other character. */
static size_t plain_symbol(const unsigned char *t, size_t q, size_t end)
{
    /* U+20A0..U+20BF, the currency signs ("€", "₹"): all of them such */
    if (t[q] == 0xE2 && q + 2 < end && t[q + 1] == 0x82 && t[q + 2] >= 0xA0 && t[q + 2] <= 0xBF)
        return 3;
    uint32_t cp;
    size_t k = cx_utf8_valid_seq(t + q, end - q, &cp);
    if (k == 0)
        return 0;
    UChar32 c = (UChar32)cp;
    int8_t ty = u_charType(c);
    bool sym = ty == U_CURRENCY_SYMBOL || ty == U_MATH_SYMBOL || ty == U_OTHER_SYMBOL || ty == U_MODIFIER_SYMBOL ||
               ty == U_DASH_PUNCTUATION || ty == U_OTHER_PUNCTUATION || ty == U_START_PUNCTUATION ||
               ty == U_END_PUNCTUATION || ty == U_CONNECTOR_PUNCTUATION;
    if (!sym || u_isUWhiteSpace(c) || cx_fold_cp(cp) != cp || u_toupper(c) != c || u_totitle(c) != c ||
        u_foldCase(c, U_FOLD_CASE_DEFAULT) != c)
        return 0;
    return k;
}

/* Which of the lists numbers.txt (CX_KEYS_NUMBERS), currencies.txt
 * (CX_KEYS_CURRENCIES) and scales.txt (CX_KEYS_SCALES) have a variant that
 * may match at s, as the lists'
 * tries of lib/patterns.c match them (each character of the variant
 * caselessly, a white space of it or after "'" as any run of white space,
 * "US$" also as "US $"): a key of the map (the variant folded: lower case,
 * no white space) that is a prefix of the text from s folded the same way,
 * all white space skipped (which only finds more; a joining word of
 * numbers.txt is none, as in {numbers}). The fold reads ASCII, the
 * Latin-1 letters (C3 xx) and plain_symbol() characters ("€") itself; at any
 * other non-ASCII character, which may match a letter of another case or be
 * white space ("K" and the Kelvin sign), it stops and answers every list it
 * has not ruled out yet (want).
 * A list of keys longer than the fold goes is answered too. */
#define KEYS_MAX 64
static unsigned keys_at(const cx_lang *L, const char *text, size_t s, size_t end, unsigned want)
{
    const unsigned char *t = (const unsigned char *)text;
    unsigned found = 0, open = 0;
    size_t lim = 0;
    /* each list asked: a key too long for this fold says yes; one that may
     * start with the byte at s is open */
#define KEYS_LIST(map, bit)                                                                                            \
    if ((want & (bit)) && (map).cap) {                                                                                 \
        if ((map).maxkey > KEYS_MAX)                                                                                   \
            found |= (bit);                                                                                            \
        else if (cx_map_may_first(&(map), t[s])) {                                                                     \
            open |= (bit);                                                                                             \
            lim = (map).maxkey > lim ? (map).maxkey : lim;                                                             \
        }                                                                                                              \
    }
    KEYS_LIST(L->numbers, CX_KEYS_NUMBERS)
    KEYS_LIST(L->currencies, CX_KEYS_CURRENCIES)
    KEYS_LIST(L->scales, CX_KEYS_SCALES)
    KEYS_LIST(L->subunits, CX_KEYS_SUBUNITS)
#undef KEYS_LIST
    /* the fold walks L->keypre: node is the text folded so far, a prefix of
     * a key of an open list (its flags say which lists it is a key of) */
    const cx_keypre *T = L->keypre;
    uint32_t node = CX_KEYPRE_ROOT;
    size_t kl = 0;
    for (size_t p = s; open && p < end && kl < lim;) {
        unsigned char c = t[p];
        if (c < 0x80) {
            p++;
            if (is_space(c))
                continue;
            c = c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
            node = cx_keypre_next(T, node, c);
            kl++;
        } else if (c == 0xC3 && p + 1 < end && t[p + 1] >= 0x80 && t[p + 1] <= 0xBF) {
            unsigned char c1 = t[p + 1];
            c1 = c1 <= 0x9E && c1 != 0x97 ? (unsigned char)(c1 + 0x20) : c1; /* À-Þ -> à-þ, not × */
            node = cx_keypre_next(T, node, c);
            node = node ? cx_keypre_next(T, node, c1) : 0;
            kl += 2;
            p += 2;
        } else {
            /* (at s it answers at once, as cheap and as good where a
             * key starts with the symbol: "€") */
            size_t k = p > s || (want & KEYS_SYMBOL_AT_S) ? plain_symbol(t, p, end) : 0;
            if (k == 0)
                return found | open; /* left to the rule */
            for (size_t j = 0; j < k && node; j++)
                node = cx_keypre_next(T, node, t[p + j]);
            kl += k;
            p += k;
        }
        if (!node)
            break; /* no key starts with the text folded */
        unsigned f = T->flag[node];
        unsigned hit = f & open;
        found |= hit;
        open &= ~hit & (f >> 8); /* the open lists a key of which goes on */
    }
    /* past the longest key, where no key goes on, or at the end of the
     * attempt's text, no longer variant can match */
    return found;
}

/* May a variant of numbers, currencies, scales or subunits that starts at
 * b go on over the character at p (b < p)? It matches the text from b to
 * its end, which comes after that character, folded as keys_at() folds it
 * (all white space skipped, which only finds more): a key of L->keypre is
 * a prefix of that text at least as long as the text from b through that
 * character. Characters keys_at() does not read say yes; the attempt's end
 * (a variant ends before it) says no. */
static bool key_goes_on(const cx_lang *L, const unsigned char *t, size_t b, size_t p, size_t end)
{
    const cx_keypre *T = L->keypre;
    uint32_t node = CX_KEYPRE_ROOT;
    for (size_t q = b; q < end;) {
        unsigned char c = t[q];
        bool past = q >= p; /* the character at q is the one at p or after it */
        if (c < 0x80) {
            q++;
            if (is_space(c)) {
                if (q - 1 == p)
                    return true; /* (not asked: p is no white space) */
                continue;
            }
            node = cx_keypre_next(T, node, c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c);
        } else if (c == 0xC3 && q + 1 < end && t[q + 1] >= 0x80 && t[q + 1] <= 0xBF) {
            unsigned char c1 = t[q + 1];
            c1 = c1 <= 0x9E && c1 != 0x97 ? (unsigned char)(c1 + 0x20) : c1;
            node = cx_keypre_next(T, node, c);
            node = node ? cx_keypre_next(T, node, c1) : 0;
            q += 2;
        } else {
            size_t k = plain_symbol(t, q, end);
            if (k == 0)
                return true;
            for (size_t j = 0; j < k && node; j++)
                node = cx_keypre_next(T, node, t[q + j]);
            q += k;
        }
        if (!node)
            return false; /* no key goes on */
        if (past && (T->flag[node] & CX_KEYPRE_KEY))
            return true; /* a key that ends here */
    }
    return false;
}

/* Does key_goes_on() from one of from[0..n) (ascending starts of
 * characters, before p) say yes at p (no white space)? Where every
 * character from from[0] through p is one key_goes_on() reads as key bytes
 * (plain: ASCII, folded; C3 and a continuation byte, the second folded; a
 * sign U+20A0..U+20BF, its three bytes), it answers nothing before p, and
 * from from[k] it says yes only with a node of keypre after the first byte
 * it reads at p (the node after each byte of a character is asked before
 * the character's flags): the bytes it read from from[k], then that byte,
 * are a prefix of a key. So the last m of the bytes read from from[k]
 * before p (m <= 3, as many as there are), then that byte, follow each
 * other in a key: where no key holds those m + 1 bytes (L->key_gram, every
 * run of 2 to 4 bytes of a key), it says no, and is not asked. (m = 0: the
 * walk reads the byte at p first: asked.) */
static bool keys_go_on(const cx_lang *L, const unsigned char *t, const size_t *from, int n, size_t p, size_t end)
{
    if (n <= 0)
        return false;
    bool plain = true, at_p = false; /* at_p: p is a character's start */
    for (size_t q = from[0]; q <= p && plain;) {
        unsigned char c = t[q];
        at_p = q == p;
        if (c < 0x80) {
            q++;
        } else if (c == 0xC3 && q + 1 < end && t[q + 1] >= 0x80 && t[q + 1] <= 0xBF) {
            q += 2;
        } else if (c == 0xE2 && q + 2 < end && t[q + 1] == 0x82 && t[q + 2] >= 0xA0 && t[q + 2] <= 0xBF) {
            q += 3;
        } else {
            plain = false;
        }
    }
    plain = plain && at_p; /* (p inside a character: cannot be) */
    /* the last (up to 3) bytes read before p (back from p, over the plain
     * characters just read: a continuation byte ends C3 xx or E2 82 xx),
     * then the first one read at p; gpos[j]: the start of the character of
     * the byte j + 1 before p's */
    uint32_t gram = 0;
    size_t gpos[3] = {NONE, NONE, NONE};
    if (plain) {
        unsigned got = 0, sh = 8;
        uint32_t back = 0;
        for (size_t q = p; q > from[0] && got < 3;) {
            unsigned char c = t[q - 1];
            if (c < 0x80) {
                q--;
                if (is_space(c))
                    continue;
                back |= (uint32_t)(c >= 'A' && c <= 'Z' ? c + 32u : c) << (sh - 8);
                gpos[got++] = q;
                sh += 8;
            } else if (q >= from[0] + 2 && t[q - 2] == 0xC3) {
                q -= 2;
                back |= (uint32_t)(c <= 0x9E && c != 0x97 ? c + 0x20u : c) << (sh - 8); /* as key_goes_on() folds it */
                gpos[got++] = q;
                sh += 8;
                if (got < 3) {
                    back |= 0xC3u << (sh - 8);
                    gpos[got++] = q;
                    sh += 8;
                }
            } else { /* E2 82 xx */
                q -= 3;
                for (int j = 2; j >= 0 && got < 3; j--) {
                    back |= (uint32_t)t[q + (size_t)j] << (sh - 8);
                    gpos[got++] = q;
                    sh += 8;
                }
            }
        }
        unsigned char y = t[p];
        gram = back << 8 | (y >= 'A' && y <= 'Z' ? y + 32u : y);
    }
    for (int k = 0; k < n; k++) {
        if (plain && (t[from[k]] & 0xC0) != 0x80) { /* (from[k] a character's start, as said) */
            unsigned m = 0;
            while (m < 3 && gpos[m] != NONE && gpos[m] >= from[k])
                m++;
            if (m) {
                unsigned b = cx_key_gram(m + 1, m == 3 ? gram : gram & ((1u << (8 * (m + 1))) - 1));
                if (!(L->key_gram[b >> 6] >> (b & 63) & 1))
                    continue; /* no key goes on from from[k] */
            }
        }
        if (key_goes_on(L, t, from[k], p, end))
            return true;
    }
    return false;
}

/* What range_sep_from() asks of a separator found at p, ending at pe,
 * when L->range_sep_num: the rule reads after it \s?, then its second
 * number or the currency before it, so past at most one white space a
 * digit or a variant of numbers.txt or currencies.txt (keys_at()) starts
 * (non-ASCII text, which may be white space, is left to the rule). The
 * separator ends nowhere else (L->range_sep_num needs lib/patterns.c
 * range_sep_one_end()). */
static bool second_at(const cx_match_env *env, size_t x, size_t end)
{
    const unsigned char *t = (const unsigned char *)env->text;
    for (int sp = 0; sp < 2 && x < end; sp++, x++) {
        unsigned char c = t[x];
        if ((c >= '0' && c <= '9') || c >= 0x80 ||
            keys_at(env->lang, env->text, x, end, CX_KEYS_NUMBERS | CX_KEYS_CURRENCIES))
            return true;
        if (!is_space(c))
            return false;
    }
    return false;
}

static bool sep_continues(const cx_match_env *env, size_t pe, size_t end)
{
    const cx_lang *L = env->lang;
    unsigned need = CX_KEYS_NUMBERS | CX_KEYS_CURRENCIES;
    return !L->range_sep_num || (L->keys_ok & need) != need || second_at(env, pe, end);
}

/* A range rule that starts with its first number (no range group: "10 à 20
 * millions", "5-8 $", "3 millions de dollars à 4") reads after that number
 * scale words, {scale_of} words and currencies, then {range_sep}: walk the
 * tokens after the number (read to its longest extent: a shorter reading
 * ends before a separator and a digit, where none of those starts), one
 * white space between them, and look for the separator. Text the scan does
 * not know (inside a token, non-ASCII) is left to the rule. */
static bool range_sep_from(const cx_match_env *env, size_t p, size_t end, size_t ts);

static bool range_sep_follows(const cx_match_env *env, size_t s, size_t ts, size_t *an)
{
    size_t end = cx_attempt_end(env, s);
    return range_sep_from(env, after_number_at(env, s, end, an), end, ts);
}

/* The walk of range_sep_follows() from p, right after the number and the
 * one white space after it (when there is one); end: the attempt's end. */
static bool range_sep_from(const cx_match_env *env, size_t p, size_t end, size_t ts)
{
    const cx_lang *L = env->lang;
    if (!L->range_sep || !L->scale_of)
        return true;
    const cx_toks *tk = env->toks;
    const unsigned char *t = (const unsigned char *)env->text;
    size_t i = tok_at(tk, p, ts);
    size_t from[16]; /* where each item walked so far starts */
    for (int step = 0; step < 16 && p < end; step++) {
        while (i < tk->n && tk->v[i].start < p)
            i++;
        bool tok = i < tk->n && tk->v[i].start == p;
        size_t pe;
        from[step] = p;
        /* the separator first: a word may be both ("a" is a separator and,
         * in pt, part of a currency name) */
        if (piece_at(env, L->range_sep, L->range_sep_first, p, end, &pe) && sep_continues(env, pe, end)) {
            return true;
        } else if (tok && (tk->v[i].flags & (CX_T_SCALE | CX_T_CURRENCYISH))) {
            p = tk->v[i].end;
        } else if (piece_at(env, L->scale_of, L->scale_of_first, p, end, &pe)) {
            p = pe;
        } else {
            /* unknown non-ASCII text, or the middle of a token ("euros" of
             * "d'euros"): left to the rule */
            if (tok)
                return false;
            if (t[p] >= 0x80 || (i > 0 && tk->v[i - 1].end > p))
                return true;
            if (step == 0)
                return false;
            /* a word the scan does not know or punctuation, after a scale
             * or currency word: a variant of those that starts there, or
             * one that started at an item before and goes on there (the
             * second "." of "U.S. dollars", "HongKong" of a "Hong Kong
             * dollars" written glued) */
            unsigned need = CX_KEYS_SCALES | CX_KEYS_CURRENCIES;
            if ((L->keys_ok & need) != need || is_space(t[p]))
                return true;
            if (keys_at(L, env->text, p, end, need))
                return true;
            return keys_go_on(L, t, from, step, p, end);
        }
        if (p < end && is_space(t[p]))
            p++;
    }
    return true;
}

/* Where a spelled number ({spelled} of patterns/common/numbers.pat: words
 * of numbers.txt joined by {numjoin}, "(?<!\p{L}){numbers}(?:{numjoin}
 * {numbers})*(?!\p{L})") that starts at s may end, as a rule reading it can
 * end it after backtracking: a superset, in ends[0..n), n returned; 0 when
 * no spelled number starts at s, -1 when unknown (no test then).
 *
 * Every end is a place no letter follows ((?!\p{L})) after a letter: the
 * shared grammar (ld->follow_ok, which a rule's r->has_follow and
 * r->lead_keys need) reads words of numbers.txt, and every one of them
 * consists of letters (tests/test_patterns.c holds the data to that), so a
 * word ends only at a letter, and the match ends after a word. Every end is
 * at or before E, the end of {spelled} alone at s (L->spelled): the words
 * being letters, a {numjoin} that holds no letter starts and ends outside a
 * run of letters, and a joining word of letters ("en" of "vijfentwintig")
 * or the empty join stays inside one; so a match leaves a run of letters
 * only at its end, whichever words it read inside it, in the same state
 * (after a word, in the loop). From there the loop first tries to go on
 * (greedy), and the only run it can go on to is the next one: a join that
 * skips a run of letters skips a joining word ("\s+and\s+"), which reads as
 * no number (tests/test_patterns.c again), so a shorter join that stops
 * before it finds no number there. The first match PCRE2 finds then goes on
 * as far as any can: E is the longest end, and the others are ends of runs
 * of letters before it. Here: every place in (s, E] after a letter or a
 * non-ASCII byte, before a byte that is no ASCII letter, and E itself. */
#define SPELLED_ENDS 16
static int spelled_ends(const cx_match_env *env, size_t s, size_t end, size_t *ends)
{
    const cx_lang *L = env->lang;
    const unsigned char *t = (const unsigned char *)env->text;
    if (!L->spelled || s >= end)
        return -1;
    if (!(L->spelled_first[t[s] >> 3] >> (t[s] & 7) & 1))
        return 0;
    /* JIT straight (it is compiled anchored); any error, a limit or no JIT
     * code, says nothing: no test */
    int m = pcre2_jit_match(L->spelled, (PCRE2_SPTR)env->text, end, s, 0, env->md, env->mctx);
    if (m == PCRE2_ERROR_NOMATCH)
        return 0; /* no path of {spelled} matches at s */
    if (m < 0)
        return -1;
    size_t e1 = pcre2_get_ovector_pointer(env->md)[1];
    if (e1 <= s || e1 > end)
        return -1;
    int n = 0;
    for (size_t e = s + 1; e < e1; e++)
        if ((ascii_letter(t[e - 1]) || t[e - 1] >= 0x80) && !ascii_letter(t[e])) {
            if (n == SPELLED_ENDS - 1)
                return -1;
            ends[n++] = e;
        }
    ends[n++] = e1;
    return n;
}

/* range_sep_follows() for a range rule that opens with an optional
 * currency and then its number (lead_keys CX_KEYS_CURRENCIES |
 * CX_KEYS_NUMBERS), at a start s where no numbers.txt variant matches
 * (keys_at()): the match opens with its currency ("EUR 750 million",
 * "€1.3 billion"), which holds no digit, then \s? and the number. Unless a
 * number word may start after s, before the first digit q (then the number
 * may be spelled: left to the rule), the number is the digits at q: the
 * currency ends at q or right before a white space before q, and \s? takes
 * no digit. Then the walk of range_sep_follows() from q decides. */
static bool range_sep_after_currency(const cx_match_env *env, size_t s, size_t ts)
{
    const cx_lang *L = env->lang;
    const unsigned char *t = (const unsigned char *)env->text;
    if ((L->keys_ok & (CX_KEYS_NUMBERS | CX_KEYS_CUR_NO_DIGIT)) != (CX_KEYS_NUMBERS | CX_KEYS_CUR_NO_DIGIT))
        return true;
    size_t end = cx_attempt_end(env, s), lim = s + 64 < end ? s + 64 : end;
    size_t q = s + 1;
    while (q < lim && !(t[q] >= '0' && t[q] <= '9'))
        q++;
    if (q >= lim)
        return true;
    for (size_t x = s + 1; x < q; x++)
        if ((t[x] >= 0x80 || ascii_letter(t[x])) && !ascii_letter(t[x - 1]) &&
            keys_at(L, env->text, x, end, CX_KEYS_NUMBERS))
            return true;
    size_t an = NONE;
    return range_sep_follows(env, q, ts, &an);
}

/* A rule that starts with its number, then names its currency (cur1), then
 * its scale, with at most a white space between them ("75 USD milhões"):
 * the currency's tokens right after the number, then a scale word. Text
 * the scan does not know is left to the rule. */
static bool scale_after_currency_from(const cx_match_env *env, size_t p, size_t end, size_t ts);

static bool scale_after_currency(const cx_match_env *env, size_t s, size_t ts, size_t *an)
{
    size_t end = cx_attempt_end(env, s);
    return scale_after_currency_from(env, after_number_at(env, s, end, an), end, ts);
}

/* The walk of scale_after_currency() from p, right after the number and the
 * one white space after it (when there is one); end: the attempt's end. */
static bool scale_after_currency_from(const cx_match_env *env, size_t p, size_t end, size_t ts)
{
    const cx_toks *tk = env->toks;
    const unsigned char *t = (const unsigned char *)env->text;
    size_t i = tok_at(tk, p, ts);
    bool cur = false;
    size_t from[16]; /* where each currency token walked starts */
    for (int step = 0; step < 16 && p < end; step++) {
        while (i < tk->n && tk->v[i].start < p)
            i++;
        bool tok = i < tk->n && tk->v[i].start == p;
        if (!tok) {
            /* what the scan does not know, or punctuation inside a currency ("U.S. dollars") */
            if (t[p] >= 0x80 || (i > 0 && tk->v[i - 1].end > p) || t[p] == '$' || t[p] == '-' || t[p] == '\'')
                return true;
            if (!cur)
                return false;
            /* a word or a mark the scan does not know, after a currency
             * token: a scale variant that starts there, or the currency
             * variant, which started at a token walked, going on over it
             * (as in range_sep_from()) */
            const cx_lang *L = env->lang;
            unsigned need = CX_KEYS_SCALES | CX_KEYS_CURRENCIES;
            if ((L->keys_ok & need) != need || is_space(t[p]) || keys_at(L, env->text, p, end, need))
                return true;
            return keys_go_on(L, t, from, step, p, end);
        }
        if (cur && (tk->v[i].flags & CX_T_SCALE))
            return true;
        if (!(tk->v[i].flags & CX_T_CURRENCYISH))
            return false;
        from[step] = p;
        cur = true;
        p = tk->v[i].end;
        if (p < end && is_space(t[p]))
            p++;
    }
    return true;
}

/* A rule that starts with its number and captures its currency (cur1)
 * before its required scale (num_cur_scale: "75 USD milhões") names the
 * currency right after the number; a rule whose number is followed by a
 * scale word or its currency (cx_rule.list_next: num_cur) names one of
 * those there: word_flags_at() the place after the number and one white
 * space, the flags of the token there (every flag when it is left to the
 * rule, 0 when no such word can start there). A variant starting
 * with an ASCII letter starts at a word boundary and its first letters are
 * the whole word there (the lists are bounded by (?!\p{L}), or the variant
 * goes on with a character that is no letter), and lib/patterns.c anchors
 * every word of every variant of currencies, subunits and scales: the scan
 * then has a token with its flag at that word. Words with an apostrophe
 * or a non-ASCII letter, "$", "-" and non-ASCII characters are left to the
 * rule. */
static uint32_t word_flags_at(const cx_match_env *env, size_t p, size_t end, size_t ts)
{
    const unsigned char *t = (const unsigned char *)env->text;
    if (p >= end)
        return 0;
    unsigned char c = t[p];
    if (c >= 0x80 || c == '$' || c == '-')
        return UINT32_MAX;
    if ((c | 0x20) < 'a' || (c | 0x20) > 'z')
        return 0;
    size_t q = p;
    while (q < end && q - p < WORD_MAX && ((t[q] | 0x20) >= 'a' && (t[q] | 0x20) <= 'z'))
        q++;
    if (q == end || q - p == WORD_MAX || t[q] == '\'' || t[q] >= 0x80)
        return UINT32_MAX;
    const cx_toks *tk = env->toks;
    size_t i = tok_at(tk, p, ts);
    return i < tk->n && tk->v[i].start == p ? tk->v[i].flags : 0;
}

/* word_flags_at() for a rule that reads a variant of scales, currencies or
 * subunits at p (cx_rule.list_next): where the scan cannot tell
 * (UINT32_MAX: a word with a non-ASCII letter or an apostrophe, the
 * attempt's end inside the word), the lists keys_at() finds starting at p,
 * as the flags of their words. "-" (list_next's other way), a non-ASCII
 * character at p (it may be white space, which \s? takes: keys_at() reads
 * no such start) and lists keys_at() does not read soundly stay left to
 * the rule. */
static uint32_t list_flags_at(const cx_match_env *env, size_t p, size_t end, size_t ts)
{
    uint32_t f = word_flags_at(env, p, end, ts);
    const cx_lang *L = env->lang;
    unsigned need = CX_KEYS_SCALES | CX_KEYS_CURRENCIES | CX_KEYS_SUBUNITS;
    unsigned char c = (unsigned char)env->text[p];
    if (f != UINT32_MAX || (L->keys_ok & need) != need || c == '-' || c >= 0x80)
        return f;
    unsigned k = keys_at(L, env->text, p, end, need);
    return ((k & CX_KEYS_SCALES) ? CX_T_SCALE : 0) |
           ((k & (CX_KEYS_CURRENCIES | CX_KEYS_SUBUNITS)) ? CX_T_CURRENCYISH : 0);
}

static uint32_t word_right_after(const cx_match_env *env, size_t s, size_t ts, size_t *an)
{
    size_t end = cx_attempt_end(env, s);
    return word_flags_at(env, after_number_at(env, s, end, an), end, ts);
}

/* The overlap resolution of cx_money_run() (leftmost candidate first, at one
 * start the best score) as the attempts go: before the attempts at s, every
 * candidate starting before s is known (a candidate starts at or after its
 * attempt), so the claim kept among them is final. cands[fin..n) holds the
 * candidates not settled yet, in the order they were made; those starting
 * before s are settled here, by start and then score as the final sort
 * orders them. *kept_s / *kept_e: the span of the last kept one. */
static void settle(cand *cands, size_t n, size_t *fin, size_t s, size_t *kept_s, size_t *kept_e)
{
    while (*fin < n) {
        /* the unsettled candidate that comes first in the final order */
        size_t best = NONE;
        for (size_t i = *fin; i < n; i++)
            if (cands[i].s < s && (best == NONE || cmp_start(&cands[i], &cands[best]) < 0))
                best = i;
        if (best == NONE)
            return;
        cand *b = &cands[best];
        if (*kept_e == NONE || b->s >= *kept_e) {
            *kept_s = b->s;
            *kept_e = b->e;
        }
        /* (a later one at the same start has no better score: it stays
         * behind). The others keep their order: the final sort is stable. */
        if (best != *fin) {
            cand t = *b;
            memmove(&cands[*fin + 1], &cands[*fin], (best - *fin) * sizeof *cands);
            cands[*fin] = t;
        }
        (*fin)++;
    }
}

#define MAX_RULES 64

int cx_money_run(cx_work *w, const cx_match_env *env)
{
    const cx_lang *L = env->lang;
    const cx_toks *tk = env->toks;
    if (!(tk->all & CX_T_MONEY))
        return CLAIMX_OK; /* no digit, currency or number word: nothing to do */
    cand local[32];
    cand *cands = local;
    size_t n = 0, cap = 32;
    int rc = CLAIMX_OK;
    if (!(tk->all & CX_T_CURRENCYISH))
        return CLAIMX_OK; /* every claim has a currency */
    size_t off[MAX_RULES];
    size_t nr = L->nrules < MAX_RULES ? L->nrules : MAX_RULES;
    /* (set at the first token that gets past the currency test below: most
     * sentences have none, and nothing before reads them) */
    bool ready = false;
    const uint64_t range_rules = L->range_rules; /* the rules with a range group ({range_open}) */
    const uint64_t key_rules = L->key_rules;     /* the rules with lead_keys (the loop below asks keys_at() at a non-digit) */
    uint64_t tried = nr < 64 ? (1ull << nr) - 1 : ~0ull; /* the rules the loop below looks at */
    size_t last = NONE, cj = 0;
    size_t fin = 0, kept_s = NONE, kept_e = NONE; /* settle(): cands[0..fin) are settled */
    start_memo smemo = {NONE, false}; /* currency_follows(): the same tokens are asked from several places */
    for (size_t ti = 0; ti < tk->n; ti++) {
        if (!(tk->v[ti].flags & CX_T_MONEY))
            continue;
        /* a currency must be near: skip years, percentages, dates */
        size_t a0 = tk->v[ti].start;
        while (cj < tk->n && (!(tk->v[cj].flags & CX_T_CURRENCYISH) || tk->v[cj].end + NEAR_BEFORE < a0))
            cj++;
        if (cj == tk->n)
            break;
        if (tk->v[cj].start > a0 + NEAR_AFTER)
            continue;
        if (!ready) {
            for (size_t ri = 0; ri < nr; ri++)
                off[ri] = env->start;
            ready = true;
        }
        /* Every start of this token (starts_for(): the previous word, the
         * start of the word holding it, a0) is at or before a0, and only
         * those after last are tried. When a0 is inside the claim kept
         * last (kept_e: the candidates settled so far, all starting at or
         * before last), so is every such start s: a candidate settled at s
         * starts before s, so after kept_s, and overlaps the kept claim
         * unless it starts at or after kept_e > a0 >= s, so kept_s and
         * kept_e stay. Inside a kept claim only a rule with a range group
         * is tried (below), and a rule is tried at s only when
         * money_by_byte[] of the byte at s has it: when no byte of
         * (last, a0] has a range rule, no start of the token tries a rule,
         * and the token is done (last = a0, as its last start, a0, leaves
         * it). */
        if (last != NONE && fin < n)
            settle(cands, n, &fin, last + 1, &kept_s, &kept_e); /* (every later candidate starts after last) */
        if (kept_e != NONE && a0 < kept_e) {
            const unsigned char *t = (const unsigned char *)env->text;
            size_t x = last + 1; /* last != NONE: a candidate was made at a start tried */
            while (x <= a0 && !(L->money_by_byte[t[x]] & range_rules))
                x++;
            if (x > a0) {
                if (a0 > last)
                    last = a0;
                continue;
            }
        }
        size_t st[3];
        int ns = 0;
        if (last != NONE && a0 > last && a0 - last <= WORD_MAX) {
            /* The start tried last in the word of a0 or in the word before
             * it (no white space between last and a0, or one run of it
             * right before a0): starts_for() gives a0 and nothing after
             * last. last is a start tried, a token's first character or
             * the first one after a word's leading punctuation, at or
             * after the first character of its word that is a digit, a
             * letter, "$" or non-ASCII. In the word of a0 (which is within
             * WORD_MAX bytes before a0): the start of that word, after its
             * leading punctuation, is at or before last (or a0 itself for
             * a longer word), and the previous word starts before it (or
             * is that same long word, from its start, or is none). With
             * white space right before a0: the word of a0 starts at a0,
             * and the previous word, which holds last, starts at or before
             * it, after its leading punctuation too (or is out of reach:
             * none). */
            const unsigned char *t = (const unsigned char *)env->text;
            size_t q = a0;
            while (q > last && is_space(t[q - 1]))
                q--;
            while (q > last && !is_space(t[q - 1]))
                q--;
            if (q == last) {
                st[0] = a0;
                ns = 1;
            }
        }
        if (!ns)
            ns = starts_for(env, tk->v[ti].start, ti, last, st);
        for (int si = 0; si < ns; si++) {
            size_t s = st[si];
            if (last != NONE && s <= last)
                continue;
            last = s;
            /* (as above: a start inside the claim kept last where no range
             * rule may start tries no rule; settle() waits for the next
             * start, which settles the same candidates in the same order) */
            if (fin < n)
                settle(cands, n, &fin, s, &kept_s, &kept_e);
            if (kept_e != NONE && s < kept_e && !(L->money_by_byte[(unsigned char)env->text[s]] & range_rules))
                continue;
            /* inside a claim that is surely kept, a rule whose claim starts
             * where its match starts can only make a candidate that the
             * overlap resolution below drops */
            bool inside_kept = kept_e != NONE && s < kept_e;
            unsigned char c0 = (unsigned char)env->text[s];
            bool digit0 = c0 >= '0' && c0 <= '9';
            if (digit0 && inside_number(env->text, env->start, s))
                continue;
            /* At a non-digit, where every rule that may start with the byte
             * (inside the claim kept last: every such rule with a range
             * group) has lead_keys, keys_at() is asked of each, and where it
             * finds no variant of numbers or currencies, every one of them
             * is skipped (below): the start is done. */
            int keys_ok = -1; /* keys_at(s), when asked */
            if (!digit0 && !(L->money_by_byte[c0] & tried & (inside_kept ? range_rules : ~0ull) & ~key_rules)) {
                keys_ok = (int)keys_at(L, env->text, s, cx_attempt_end(env, s), CX_KEYS_NUMBERS | CX_KEYS_CURRENCIES);
                if (!keys_ok)
                    continue;
            }
            /* every rule that starts with its number reads it with
             * {lead_number}, which is not glued to a word before it: "H100" */
            if (digit0 && s > env->start &&
                ((unsigned char)env->text[s - 1] < 0x80 ? ascii_letter((unsigned char)env->text[s - 1])
                                                        : letter_before(env->text, s)))
                continue;
            /* the first token at or after s (s is at or before the token ti) */
            size_t ts = ti;
            while (ts > 0 && tk->v[ts - 1].start >= s)
                ts--;
            int8_t after_ok = -1;    /* after_number_ok(s), when asked */
            size_t an_end = NONE; /* after_number(s), when asked */
            int64_t word_after = -1; /* word_right_after(s), when asked */
            int8_t range_ok = -1, scale_ok = -1, lead_ok = -1, follow_ok[2] = {-1, -1}; /* second_number_near(s), scale_near(s), when asked */
            int8_t rsep_ok = -1, cscale_ok = -1; /* range_sep_follows(s), scale_after_currency(s), when asked */
            int8_t rsep_cur_ok = -1; /* range_sep_after_currency(s), when asked */
            size_t sp_end[SPELLED_ENDS];
            int sp_n = -2; /* spelled_ends(s), when asked (-2: not yet) */
            size_t sp_e1 = NONE; /* the end of the run of letters at s, when asked */
            /* the money rules that may start with this byte, in rule order */
            /* (tried: the rules below nr, ascending, as the loop broke at the first other) */
            /* (inside the claim kept last, only the rules with a range
             * group; a check below that says no for every rule of a mask of
             * cx_lang (cur1_rules[], after_rules: the same check with the
             * same answer at s, see there) drops the rest of the mask from
             * may: the checks are all necessary, in any order, so this skips
             * exactly the rules the check would skip, without reading them) */
            uint64_t may = L->money_by_byte[c0] & tried & (inside_kept ? range_rules : ~0ull);
            while (may) {
                size_t ri = (size_t)__builtin_ctzll(may);
                may &= may - 1;
                const cx_rule *r = &L->rules[ri];
                if (s < off[ri])
                    continue;
                /* At a digit, the checks of what comes right after the number
                 * (after_number_ok(), word_right_after(): one read of the
                 * text after the longest reading, kept for every rule at s)
                 * first: they are the cheapest, and at most starts that
                 * make no candidate (a year, a count: "380 people", "2022,
                 * and") they say no before number_followed() of each rule
                 * and the walk of currency_follows() are asked. */
                if (digit0 && ((r->lead == CX_LEAD_NUM && r->needs_cur1) ||
                               (r->lead != CX_LEAD_CUR && r->group[CX_G_NUM2] >= 0 && r->group[CX_G_RANGE] < 0))) {
                    if (after_ok < 0)
                        after_ok = after_number_ok(env, s, &an_end);
                    if (!after_ok) {
                        may &= ~L->after_rules; /* (digit0: every one of them asks it) */
                        continue;
                    }
                }
                if (digit0 && r->lead == CX_LEAD_NUM && r->needs_cur1 && r->needs_scale &&
                    r->group[CX_G_CUR1] < r->group[CX_G_SCALE]) {
                    if (word_after < 0)
                        word_after = word_right_after(env, s, ts, &an_end);
                    if (!(word_after & CX_T_CURRENCYISH))
                        continue;
                }
                if (digit0 && r->list_next) {
                    if (word_after < 0)
                        word_after = word_right_after(env, s, ts, &an_end);
                    if (!(word_after & r->list_next))
                        continue;
                }
                if (digit0 && r->has_follow && !number_followed(env, r, s))
                    continue;
                if (r->lead_keys && !digit0) {
                    if (keys_ok < 0)
                        keys_ok = (int)keys_at(L, env->text, s, cx_attempt_end(env, s),
                                               CX_KEYS_NUMBERS | CX_KEYS_CURRENCIES);
                    if (!((unsigned)keys_ok & r->lead_keys))
                        continue;
                }
                if (r->needs_scale) {
                    if (scale_ok < 0)
                        scale_ok = scale_near(env, s, ts);
                    if (!scale_ok)
                        continue;
                }
                if (r->lead == CX_LEAD_CUR) {
                    if (lead_ok < 0)
                        lead_ok = currency_leads(env, s, ts);
                    if (!lead_ok)
                        continue;
                } else if (r->lead == CX_LEAD_NUM && r->needs_cur1) {
                    int8_t *fo = &follow_ok[r->cur1_listed]; /* the answer depends on it */
                    if (*fo < 0) {
                        /* the listed walk answers for an unlisted rule too,
                         * and an unlisted no is a listed no (see there) */
                        bool any;
                        *fo = currency_follows(env, s, ts, r->cur1_listed, &smemo, r->cur1_listed ? &any : NULL);
                        if (r->cur1_listed && follow_ok[0] < 0)
                            follow_ok[0] = any;
                        if (!r->cur1_listed && !*fo)
                            follow_ok[1] = 0;
                        for (int k = 0; k < 2; k++)
                            if (follow_ok[k] == 0)
                                may &= ~L->cur1_rules[k];
                    }
                    if (!*fo)
                        continue;
                }
                if (digit0 && r->lead == CX_LEAD_NUM && r->scale_after_cur) {
                    if (cscale_ok < 0)
                        cscale_ok = scale_after_currency(env, s, ts, &an_end);
                    if (!cscale_ok)
                        continue;
                }
                if (r->group[CX_G_NUM2] >= 0) {
                    if (range_ok < 0)
                        range_ok = second_number_near(env, s, ts);
                    if (!range_ok)
                        continue;
                }
                if (!digit0 && r->lead_keys == (CX_KEYS_CURRENCIES | CX_KEYS_NUMBERS) && r->group[CX_G_NUM2] >= 0 &&
                    r->group[CX_G_RANGE] < 0 && !((unsigned)keys_ok & CX_KEYS_NUMBERS)) {
                    if (rsep_cur_ok < 0)
                        rsep_cur_ok = range_sep_after_currency(env, s, ts);
                    if (!rsep_cur_ok)
                        continue;
                }
                if (digit0 && r->lead != CX_LEAD_CUR && r->group[CX_G_NUM2] >= 0 && r->group[CX_G_RANGE] < 0) {
                    if (rsep_ok < 0)
                        rsep_ok = range_sep_follows(env, s, ts, &an_end);
                    if (!rsep_ok)
                        continue;
                }
                /* At a letter, a rule that opens with its number (r->has_follow:
                 * the shared (?<num>{lead_number})) reads a spelled number there
                 * ({digits} starts with a digit), and one of the ends it may have
                 * (spelled_ends()) must be followed by what follows the number
                 * in the rule (follow_at(), as for digits). A range rule that
                 * opens with an optional currency and then its number, where no
                 * currency variant starts (keys_at()), reads the number at s
                 * too, and after one of its ends the walk of range_sep_follows()
                 * must find the range separator. */
                if (!digit0 && (r->has_follow || (r->lead_keys == (CX_KEYS_CURRENCIES | CX_KEYS_NUMBERS) &&
                                                  r->group[CX_G_NUM2] >= 0 && r->group[CX_G_RANGE] < 0 &&
                                                  !((unsigned)keys_ok & CX_KEYS_CURRENCIES)))) {
                    size_t end = cx_attempt_end(env, s);
                    const unsigned char *t = (const unsigned char *)env->text;
                    /* the end of the first run of letters first: when the
                     * rule may go on there, it is tried without asking
                     * {spelled} (trying is always sound) */
                    if (sp_e1 == NONE) {
                        sp_e1 = s;
                        while (sp_e1 < end && (ascii_letter(t[sp_e1]) || t[sp_e1] >= 0x80))
                            sp_e1++;
                    }
                    /* (and where the rule reads a list word right after its
                     * number, word_flags_at() that place must say so) */
                    /* (a rule that reads its currency then its scale after its
                     * number, num_cur_scale: scale_after_currency() from the
                     * end, as for digits) */
                    bool pass = !r->has_follow ? range_sep_from(env, sp_e1 + (sp_e1 < end && is_space(t[sp_e1])), end, ts)
                                               : follow_at(r, t, sp_e1, end) &&
                                                     (!r->list_next ||
                                                      (list_flags_at(env, sp_e1 + (sp_e1 < end && is_space(t[sp_e1])),
                                                                     end, ts) &
                                                       r->list_next)) &&
                                                     (!r->scale_after_cur ||
                                                      scale_after_currency_from(
                                                          env, sp_e1 + (sp_e1 < end && is_space(t[sp_e1])), end, ts));
                    if (!pass && sp_n == -2)
                        sp_n = spelled_ends(env, s, end, sp_end);
                    if (!pass && sp_n >= 0) {
                        bool any = false;
                        for (int k = 0; k < sp_n && !any; k++) {
                            size_t e = sp_end[k];
                            if (e == sp_e1)
                                continue; /* asked above */
                            if (r->has_follow)
                                any = follow_at(r, t, e, end) &&
                                      (!r->list_next ||
                                       (list_flags_at(env, e + (e < end && is_space(t[e])), end, ts) & r->list_next)) &&
                                      (!r->scale_after_cur ||
                                       scale_after_currency_from(env, e + (e < end && is_space(t[e])), end, ts));
                            else
                                any = range_sep_from(env, e + (e < end && is_space(t[e])), end, ts);
                        }
                        if (!any)
                            continue;
                    }
                }
                /* a match starts with a match of the rule's head */
                if (r->head && !prefix_at(env, r->head, s, cx_attempt_end(env, s)))
                    continue;
                cx_groups g;
                size_t ms, me;
                if (!cx_try_rule(env, r, s, &g, &ms, &me))
                    continue;
                off[ri] = me;
                if (n == cap) { /* (room for it first: it is built in place) */
                    size_t nc = cap * 2;
                    cand *nv = cands == local ? malloc(nc * sizeof *nv) : realloc(cands, nc * sizeof *nv);
                    if (!nv) {
                        rc = CLAIMX_ENOMEM;
                        goto out;
                    }
                    if (cands == local)
                        memcpy(nv, local, sizeof local);
                    cands = nv;
                    cap = nc;
                }
                cand *c = &cands[n];
                /* the bound and rate words before it change neither its
                 * extent nor its score: read them only if it is kept */
                if (!build(env, r, &g, c))
                    continue;
                c->pre_at = r->pre ? ms : NONE;
                c->period_grp = g.set[CX_G_PERIOD];
                n++;
            }
        }
    }
    if (n == 0)
        goto out;
    /* leftmost wins; at the same start, the better score (scale word, length):
     * cands[0..fin) are in that order already, settle() puts the rest after
     * them as the stable sort by cmp_start() would */
    settle(cands, n, &fin, NONE, &kept_s, &kept_e);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (kept && cands[i].s < cands[kept - 1].e) {
            if (cands[i].s == cands[kept - 1].s && cmp_score(&cands[i], &cands[kept - 1]) < 0)
                cands[kept - 1] = cands[i];
            continue;
        }
        if (kept != i)
            cands[kept] = cands[i];
        kept++;
    }
    for (size_t i = 0; i < kept && rc == CLAIMX_OK; i++) {
        if (cands[i].pre_at != NONE)
            apply_pre(env, &cands[i]);
        for (int k = 0; k < cands[i].nclaims && rc == CLAIMX_OK; k++)
            rc = cx_emit(w, &cands[i].c[k]);
    }
out:
    if (cands != local)
        free(cands);
    return rc;
}

/* The word-list helpers above, shared with lib/gpu.c (its {_gpu_pre} bound
 * and its spelled counts). */
size_t cx_phrase_before(const cx_map *m, const char *text, size_t lo, size_t e)
{
    return phrase_before(m, text, lo, e);
}

bool cx_compound_number(const cx_lang *L, const char *text, size_t p, size_t end)
{
    return compound_number(L, text, p, end);
}

/* For tests: the rate word before e as pre_words() finds it (the walk of
 * L->mny_per) and as the look-ups find it (phrase_before_e()). */
size_t cx_money_rate_before(const cx_lang *L, const char *text, size_t lo, size_t e, bool walk, const cx_entry **ent)
{
    return walk ? rate_phrase(L, text, lo, e, ent, NULL) : phrase_before_e(&L->periods, text, lo, e, ent);
}
