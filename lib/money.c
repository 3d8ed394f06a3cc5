/*
 * money.c - run a language's money rules over one sentence and turn their
 * named groups (patterns/README.md) into money claims.
 *
 * Every rule is run over the sentence; each match becomes a candidate only if
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
    cx_claim_in c[2];
} cand;

typedef struct grp {
    size_t a[CX_G_COUNT], b[CX_G_COUNT];
    bool set[CX_G_COUNT];
} grp;

static void read_groups(const cx_rule *r, pcre2_match_data *md, int rc, grp *g)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    for (int k = 0; k < CX_G_COUNT; k++) {
        int n = r->group[k];
        g->set[k] = false;
        if (n < 0 || n >= rc)
            continue;
        if (ov[2 * n] == PCRE2_UNSET || ov[2 * n + 1] <= ov[2 * n])
            continue;
        g->set[k] = true;
        g->a[k] = ov[2 * n];
        g->b[k] = ov[2 * n + 1];
    }
}

static bool parse_amount(const cx_lang *L, const char *t, size_t a, size_t b, cx_dec *d, bool *article)
{
    *article = false;
    while (a < b && t[a] == ' ')
        a++;
    while (b > a && t[b - 1] == ' ')
        b--;
    if (a >= b)
        return false;
    if ((t[a] >= '0' && t[a] <= '9') || t[a] == '-')
        return cx_parse_digits(t + a, b - a, L->decimal, d);
    return cx_parse_words(L, t + a, b - a, d, article);
}

typedef struct cur_info {
    const char *iso;
    int shift; /* sub-units: -2 */
    bool ambiguous;
    bool symbol; /* $, €, ... (no letters) */
} cur_info;

static bool lookup_currency(const cx_lang *L, const char *t, size_t a, size_t b, cur_info *ci)
{
    memset(ci, 0, sizeof *ci);
    const cx_entry *e = cx_map_lookup(&L->currencies, t + a, b - a);
    if (e) {
        ci->iso = e->canon[0] == '?' ? e->canon + 1 : e->canon;
        ci->ambiguous = (e->flags & CX_F_AMBIGUOUS) != 0;
    } else {
        e = cx_map_lookup(&L->subunits, t + a, b - a);
        if (!e)
            return false;
        ci->iso = e->canon;
        ci->shift = (int)e->val;
    }
    ci->symbol = true;
    for (size_t i = a; i < b; i++)
        if ((t[i] | 0x20) >= 'a' && (t[i] | 0x20) <= 'z')
            ci->symbol = false;
    return true;
}

static bool lookup_scale(const cx_lang *L, const char *t, size_t a, size_t b, int *pow10)
{
    const cx_entry *e = cx_map_lookup(&L->scales, t + a, b - a);
    if (!e)
        return false;
    *pow10 = (int)e->val;
    return true;
}

static void span_of(const grp *g, const int *ids, int n, size_t *s, size_t *e)
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
    if (d->exp != 0 || d->ndigits != 4)
        return false;
    cx_dec_to_string(d, tmp, sizeof tmp);
    return year_like(tmp, 0, 4);
}

/* Build the claims of one match. Returns false when the match is not money. */
static bool build(const cx_match_env *env, const cx_rule *r, const grp *g, cand *c)
{
    const cx_lang *L = env->lang;
    const char *t = env->text;
    bool range = g->set[CX_G_NUM2];
    memset(c, 0, sizeof *c);

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
    if (!lookup_currency(L, t, g->a[k1], g->b[k1], &c1) || !lookup_currency(L, t, g->a[k2], g->b[k2], &c2))
        return false;

    /* amounts */
    cx_dec d1, d2;
    bool art1, art2 = false;
    if (!g->set[CX_G_NUM] || !parse_amount(L, t, g->a[CX_G_NUM], g->b[CX_G_NUM], &d1, &art1))
        return false;
    if (range && !parse_amount(L, t, g->a[CX_G_NUM2], g->b[CX_G_NUM2], &d2, &art2))
        return false;
    if (g->set[CX_G_SIGN])
        d1.neg = d1.ndigits > 0;

    /* scales: one written once applies to both ends */
    int s1 = 0, s2 = 0;
    bool has1 = g->set[CX_G_SCALE], has2 = g->set[CX_G_SCALE2];
    if (has1 && !lookup_scale(L, t, g->a[CX_G_SCALE], g->b[CX_G_SCALE], &s1))
        return false;
    if (has2 && !lookup_scale(L, t, g->a[CX_G_SCALE2], g->b[CX_G_SCALE2], &s2))
        return false;
    if (range) {
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
        if (!parse_amount(L, t, g->a[CX_G_CENTS], g->b[CX_G_CENTS], &cents, &art) || art)
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
        const cx_entry *e = cx_map_lookup(&L->bounds, t + g->a[CX_G_BOUND], g->b[CX_G_BOUND] - g->a[CX_G_BOUND]);
        if (e)
            bound = (int)e->val;
    }
    int pk = g->set[CX_G_PERIOD] ? CX_G_PERIOD : g->set[CX_G_PERIOD0] ? CX_G_PERIOD0 : -1;
    if (pk >= 0) {
        const cx_entry *e = cx_map_lookup(&L->periods, t + g->a[pk], g->b[pk] - g->a[pk]);
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
        if (c1.symbol)
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

/* Candidate windows: every money claim holds a digit, a currency symbol or a
 * word of the language's currency, number or scale lists. One pass over the
 * sentence finds those anchors; the rules then run only in a window around
 * each (bound words before, the rest of the amount after), not over the
 * whole text. */
#define WIN_BEFORE 64
#define WIN_AFTER 192

static bool is_anchor_word(const cx_lang *L, const char *s, size_t n)
{
    char key[128];
    size_t kl = cx_fold_key(s, n, key, sizeof key); /* fold once for the four lists */
    if (kl == 0 || kl >= sizeof key - 4)
        return false;
    if (cx_map_get(&L->currencies, key, kl) || cx_map_get(&L->subunits, key, kl) || cx_map_get(&L->scales, key, kl))
        return true;
    /* "et", "and", "un", "a" are everywhere: joins and articles anchor nothing
     * (an article only counts before a scale word, which is an anchor) */
    const cx_entry *e = cx_map_get(&L->numbers, key, kl);
    return e && !(e->flags & (CX_F_JOIN | CX_F_ARTICLE));
}

/* First anchor in [from, limit): its start, and in *tok_end the end of its token. */
static size_t find_anchor(const cx_match_env *env, size_t from, size_t limit, size_t *tok_end)
{
    const cx_lang *L = env->lang;
    const unsigned char *t = (const unsigned char *)env->text;
    size_t i = from;
    while (i < limit) {
        unsigned char c = t[i];
        if (c >= '0' && c <= '9') {
            size_t a = i;
            while (i < env->end && t[i] >= '0' && t[i] <= '9')
                i++;
            *tok_end = i;
            return a;
        }
        if (c == '$') {
            *tok_end = i + 1;
            return i;
        }
        if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80) {
            uint32_t cp = c;
            size_t k = c >= 0x80 ? cx_utf8_valid_seq(t + i, env->end - i, &cp) : 1;
            if (k == 0) {
                i++;
                continue;
            }
            if (c >= 0x80 && u_charType((UChar32)cp) == U_CURRENCY_SYMBOL) {
                *tok_end = i + k;
                return i;
            }
            if (c >= 0x80 && !u_isalpha((UChar32)cp)) {
                i += k;
                continue;
            }
            size_t a = i;
            while (i < env->end) {
                unsigned char d = t[i];
                if (((d | 0x20) >= 'a' && (d | 0x20) <= 'z') || d == '\'')
                    i++;
                else if (d >= 0x80 && (k = cx_utf8_valid_seq(t + i, env->end - i, &cp)) && u_isalpha((UChar32)cp))
                    i += k;
                else
                    break;
            }
            if (i - a < 40 && is_anchor_word(L, env->text + a, i - a)) {
                *tok_end = i;
                return a;
            }
            continue;
        }
        i++;
    }
    return (size_t)-1;
}

static size_t next_window(const cx_match_env *env, size_t from, size_t *wend)
{
    const unsigned char *t = (const unsigned char *)env->text;
    size_t tok_end;
    size_t anchor = find_anchor(env, from, env->end, &tok_end);
    if (anchor == (size_t)-1)
        return (size_t)-1;
    size_t ws = anchor > env->start + WIN_BEFORE ? anchor - WIN_BEFORE : env->start;
    if (ws < from)
        ws = from;
    size_t we = anchor + WIN_AFTER;
    /* grow the window while further anchors fall inside it */
    while (we < env->end) {
        size_t na = find_anchor(env, tok_end, we, &tok_end);
        if (na == (size_t)-1)
            break;
        we = na + WIN_AFTER;
    }
    if (we > env->end)
        we = env->end;
    /* end on a space, never inside a word */
    while (we < env->end && t[we] != ' ' && t[we] != '\n')
        we++;
    *wend = we;
    return ws;
}

int cx_money_run(cx_work *w, const cx_match_env *env)
{
    const cx_lang *L = env->lang;
    cand local[32];
    cand *cands = local;
    size_t n = 0, cap = 32;
    int rc = CLAIMX_OK;
    size_t wpos = env->start, ws, we = 0;
    while ((ws = next_window(env, wpos, &we)) != (size_t)-1) {
    wpos = we;
    for (size_t ri = 0; ri < L->nrules; ri++) {
        const cx_rule *r = &L->rules[ri];
        if (r->kind != CLAIMX_MONEY)
            continue;
        size_t off = ws;
        while (off < we) {
            int m = cx_match(env, r->code, we, off);
            if (m == PCRE2_ERROR_NOMATCH)
                break;
            if (m < 0) {
                if (m == PCRE2_ERROR_MATCHLIMIT || m == PCRE2_ERROR_DEPTHLIMIT || m == PCRE2_ERROR_HEAPLIMIT ||
                    m == PCRE2_ERROR_JIT_STACKLIMIT || m == PCRE2_ERROR_NOMEMORY)
                    *env->limit_flags |= CLAIMX_RESULT_LIMIT_HIT;
                break;
            }
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(env->md);
            size_t ms = ov[0], me = ov[1];
            if (me <= ms) {
                off = ms + 1;
                while (off < we && ((unsigned char)env->text[off] & 0xC0) == 0x80)
                    off++;
                continue;
            }
            off = me;
            grp g;
            read_groups(r, env->md, m, &g);
            cand c;
            if (!build(env, r, &g, &c))
                continue;
            if (n == cap) {
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
            cands[n++] = c;
        }
    }
    }
    if (n == 0)
        goto out;
    /* leftmost wins; at the same start, the better score (scale word, length) */
    qsort(cands, n, sizeof *cands, cmp_start);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (kept && cands[i].s < cands[kept - 1].e) {
            if (cands[i].s == cands[kept - 1].s && cmp_score(&cands[i], &cands[kept - 1]) < 0)
                cands[kept - 1] = cands[i];
            continue;
        }
        cands[kept++] = cands[i];
    }
    for (size_t i = 0; i < kept && rc == CLAIMX_OK; i++)
        for (int k = 0; k < cands[i].nclaims && rc == CLAIMX_OK; k++)
            rc = cx_emit(w, &cands[i].c[k]);
out:
    if (cands != local)
        free(cands);
    return rc;
}
