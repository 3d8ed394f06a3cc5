/*
 * numbers.c - read the amounts the patterns found: digit strings with any
 * grouping and decimal separator, and spelled-out numbers from the language's
 * numbers.txt. Values are kept as exact decimals (digits x 10^exp), so
 * "1,6 milliard" is exactly 1600000000 and never 1599999999.99.
 */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void dec_normalise(cx_dec *d)
{
    int lead = 0;
    while (lead < d->ndigits && d->digits[lead] == '0')
        lead++;
    if (lead) {
        memmove(d->digits, d->digits + lead, (size_t)(d->ndigits - lead));
        d->ndigits -= lead;
    }
    while (d->ndigits > 0 && d->digits[d->ndigits - 1] == '0') {
        d->ndigits--;
        d->exp++;
    }
    if (d->ndigits == 0) {
        d->exp = 0;
        d->neg = false;
    }
    d->digits[d->ndigits] = '\0';
}

bool cx_dec_from_u64(uint64_t v, cx_dec *out)
{
    memset(out, 0, sizeof *out);
    /* the decimal digits of v, as "%llu" writes them (no snprintf: it
     * cost ~700 instructions a call), last first into tmp */
    char tmp[32];
    int n = 0;
    do {
        tmp[sizeof tmp - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    memcpy(out->digits, tmp + sizeof tmp - n, (size_t)n);
    out->ndigits = n;
    dec_normalise(out);
    return true;
}

/* Append the digits of s[a..b) to d; returns false when too long. */
static bool take_digits(cx_dec *d, const char *s, size_t a, size_t b, int *frac)
{
    for (size_t i = a; i < b; i++) {
        if (s[i] < '0' || s[i] > '9')
            continue;
        if (d->ndigits == 0 && s[i] == '0' && !frac)
            continue; /* leading zero of the integer part */
        if (d->ndigits >= CX_DEC_MAX)
            return false;
        d->digits[d->ndigits++] = s[i];
        if (frac)
            (*frac)++;
    }
    return true;
}

bool cx_parse_digits(const char *s, size_t n, char decimal_pref, cx_dec *out)
{
    memset(out, 0, sizeof *out);
    size_t pos[64];
    char sep[64];
    int ns = 0, ndots = 0, ncommas = 0;
    size_t i = 0;
    while (i < n && (s[i] == '-' || s[i] == ' '))
        i++;
    size_t first = i;
    /* digits only (most amounts): read as take_digits() below reads them
     * (leading zeros dropped, false past CX_DEC_MAX digits), in the same
     * pass; at the first other byte, the digits read are undone and the
     * walk below goes on from there */
    int nd = 0;
    bool too_long = false;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        if (nd == 0 && s[i] == '0')
            continue;
        if (nd >= CX_DEC_MAX)
            too_long = true;
        else
            out->digits[nd++] = s[i];
    }
    if (i == n) {
        if (too_long || (nd == 0 && first == n))
            return false;
        out->ndigits = nd;
        dec_normalise(out);
        return true;
    }
    memset(out->digits, 0, (size_t)nd);
    for (; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9')
            continue;
        if (c == '.' || c == ',' || c == ' ' || c == '\'') {
            if (ns == 64)
                return false;
            pos[ns] = i;
            sep[ns++] = c;
            ndots += c == '.';
            ncommas += c == ',';
            continue;
        }
        return false;
    }
    /* which punctuation mark is the decimal mark, if any */
    int dec_idx = -1;
    if (ns > 0) {
        int last = ns - 1;
        char lc = sep[last];
        if (lc == '.' || lc == ',') {
            size_t after = n - pos[last] - 1;
            int same = lc == '.' ? ndots : ncommas;
            int other = lc == '.' ? ncommas : ndots;
            if (other > 0 && same == 1)
                dec_idx = last; /* 1.234,5 */
            else if (same == 1 && after != 3)
                dec_idx = last; /* 24,50  1.6  0,0085 */
            else if (same == 1 && after == 3 && lc == decimal_pref && ns == 1)
                dec_idx = last; /* 5,576 in a decimal-comma language */
        }
    }
    /* grouping groups must have three digits */
    for (int k = 0; k < ns; k++) {
        if (k == dec_idx)
            continue;
        size_t next = (k + 1 < ns) ? pos[k + 1] : n;
        if (k + 1 == dec_idx)
            next = pos[dec_idx];
        if (next - pos[k] - 1 != 3)
            return false;
        size_t prev = k ? pos[k - 1] + 1 : first;
        if (k == 0 && (pos[0] - prev < 1 || pos[0] - prev > 3))
            return false;
    }
    size_t int_end = dec_idx >= 0 ? pos[dec_idx] : n;
    if (!take_digits(out, s, first, int_end, NULL))
        return false;
    int frac = 0;
    if (dec_idx >= 0) {
        /* keep leading zeros of the fraction: they matter */
        for (size_t k = pos[dec_idx] + 1; k < n; k++) {
            if (out->ndigits >= CX_DEC_MAX)
                return false;
            out->digits[out->ndigits++] = s[k];
            frac++;
        }
    }
    out->exp = -frac;
    if (out->ndigits == 0 && int_end == first)
        return false;
    dec_normalise(out);
    return true;
}

/* ---------- spelled-out numbers ---------- */

typedef struct tok {
    const cx_entry *e;
} tok;

/* Split key[0..n) into dictionary words, longest first, with backtracking. */
static int split_words(const cx_map *m, const char *key, size_t n, tok *toks, int ntoks, int max)
{
    if (n == 0)
        return ntoks;
    if (ntoks >= max)
        return -1;
    size_t lim = m->maxkey < n ? m->maxkey : n;
    for (size_t l = lim; l > 0; l--) {
        const cx_entry *e = cx_map_get(m, key, l);
        if (!e)
            continue;
        toks[ntoks].e = e;
        int r = split_words(m, key + l, n - l, toks, ntoks + 1, max);
        if (r >= 0)
            return r;
    }
    return -1;
}

bool cx_parse_words(const cx_lang *L, const char *s, size_t n, cx_dec *out, bool *article_only)
{
    char key[256];
    char clean[256];
    size_t cn = 0;
    for (size_t i = 0; i < n && cn < sizeof clean - 1; i++)
        if (s[i] != '-')
            clean[cn++] = s[i];
    size_t kl = cx_fold_key(clean, cn, key, sizeof key);
    if (kl == 0 || kl >= sizeof key - 4)
        return false;
    tok toks[24];
    int nt = split_words(&L->numbers, key, kl, toks, 0, 24);
    if (nt <= 0)
        return false;
    uint64_t total = 0, current = 0;
    int words = 0, articles = 0;
    const uint64_t cap = 1000000000000000000ull;
    for (int i = 0; i < nt; i++) {
        const cx_entry *e = toks[i].e;
        if (e->flags & CX_F_JOIN)
            continue;
        words++;
        if (e->flags & CX_F_ARTICLE)
            articles++;
        uint64_t v = (uint64_t)e->val;
        if (e->flags & CX_F_MULT_LARGE) {
            uint64_t c = current ? current : 1;
            if (c > cap / (v ? v : 1))
                return false;
            total += c * v;
            current = 0;
        } else if (e->flags & CX_F_MULT_SMALL) {
            if (current > 0 && current < v)
                current *= v;
            else
                current += v;
        } else {
            current += v;
        }
        if (total > cap || current > cap)
            return false;
    }
    if (words == 0)
        return false;
    *article_only = (words == 1 && articles == 1);
    return cx_dec_from_u64(total + current, out);
}

/* ---------- arithmetic and output ---------- */

int cx_dec_cmp(const cx_dec *a, const cx_dec *b)
{
    /* non-negative comparison of magnitudes (signs are rare and handled by callers) */
    int ma = a->ndigits + a->exp, mb = b->ndigits + b->exp; /* magnitude: number of integer digits */
    if (a->ndigits == 0 || b->ndigits == 0)
        return (a->ndigits > 0) - (b->ndigits > 0);
    if (ma != mb)
        return ma < mb ? -1 : 1;
    for (int i = 0; i < a->ndigits || i < b->ndigits; i++) {
        char x = i < a->ndigits ? a->digits[i] : '0', y = i < b->ndigits ? b->digits[i] : '0';
        if (x != y)
            return x < y ? -1 : 1;
    }
    return 0;
}

bool cx_dec_add(const cx_dec *a, const cx_dec *b, cx_dec *out)
{
    int e = a->exp < b->exp ? a->exp : b->exp;
    char x[2 * CX_DEC_MAX + 2], y[2 * CX_DEC_MAX + 2];
    int lx = a->ndigits + (a->exp - e), ly = b->ndigits + (b->exp - e);
    if (lx > 2 * CX_DEC_MAX || ly > 2 * CX_DEC_MAX)
        return false;
    memset(x, '0', sizeof x);
    memset(y, '0', sizeof y);
    memcpy(x, a->digits, (size_t)a->ndigits);
    memcpy(y, b->digits, (size_t)b->ndigits);
    int l = lx > ly ? lx : ly;
    char r[2 * CX_DEC_MAX + 3];
    int carry = 0, rl = l + 1;
    for (int i = 0; i < l; i++) {
        int dx = i < lx ? x[lx - 1 - i] - '0' : 0;
        int dy = i < ly ? y[ly - 1 - i] - '0' : 0;
        int s = dx + dy + carry;
        r[rl - 1 - i] = (char)('0' + s % 10);
        carry = s / 10;
    }
    r[0] = (char)('0' + carry);
    int lead = 0;
    while (lead < rl - 1 && r[lead] == '0')
        lead++;
    if (rl - lead > CX_DEC_MAX)
        return false;
    memset(out, 0, sizeof *out);
    memcpy(out->digits, r + lead, (size_t)(rl - lead));
    out->ndigits = rl - lead;
    out->exp = e;
    out->neg = a->neg;
    dec_normalise(out);
    return true;
}

/* 0 <= k <= CX_DEC_MAX + 30 zeros at buf + o (buf has room for 80 bytes
 * there), sixteen bytes a store: a loop of single bytes (or of stores, which
 * the compiler turns back into a memset) became a rep stos, whose start costs
 * more than the few zeros of an amount ("6 millions": 6). Returns the end. */
static inline size_t put_zeros(char *buf, size_t o, int k)
{
    _Static_assert(CX_DEC_MAX + 30 <= 80, "put_zeros() writes 80 zeros at most");
    static const char zeros[16] = {'0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0'};
    char *p = buf + o;
    memcpy(p, zeros, 16);
    if (k > 16) {
        memcpy(p + 16, zeros, 16);
        memcpy(p + 32, zeros, 16);
        memcpy(p + 48, zeros, 16);
        memcpy(p + 64, zeros, 16);
    }
    return o + (size_t)k;
}

size_t cx_dec_to_string(const cx_dec *d, char *out, size_t cap)
{
    char buf[3 * CX_DEC_MAX + 64];
    _Static_assert(3 * CX_DEC_MAX + 64 >= CX_DEC_MAX + 3 + 80, "room for put_zeros()");
    size_t o = 0;
    if (d->ndigits == 0) {
        snprintf(out, cap, "0");
        return 1;
    }
    if (d->neg)
        buf[o++] = '-';
    if (d->exp >= 0) {
        if (d->exp > CX_DEC_MAX + 30)
            return (size_t)snprintf(out, cap, "%se%d", d->digits, d->exp);
        memcpy(buf + o, d->digits, (size_t)d->ndigits);
        o += (size_t)d->ndigits;
        o = put_zeros(buf, o, d->exp); /* at 1 + CX_DEC_MAX at most */
    } else {
        int ip = d->ndigits + d->exp; /* digits before the point */
        if (ip > 0) {
            memcpy(buf + o, d->digits, (size_t)ip);
            o += (size_t)ip;
            buf[o++] = '.';
            memcpy(buf + o, d->digits + ip, (size_t)(d->ndigits - ip));
            o += (size_t)(d->ndigits - ip);
        } else {
            if (-ip > CX_DEC_MAX + 30)
                return (size_t)snprintf(out, cap, "%se%d", d->digits, d->exp);
            buf[o++] = '0';
            buf[o++] = '.';
            o = put_zeros(buf, o, -ip); /* at 3 at most */
            memcpy(buf + o, d->digits, (size_t)d->ndigits);
            o += (size_t)d->ndigits;
        }
    }
    if (cap) { /* as snprintf(out, cap, "%s", buf) would, without its cost */
        size_t k = o < cap - 1 ? o : cap - 1;
        memcpy(out, buf, k);
        out[k] = '\0';
    }
    return o;
}

double cx_dec_to_double(const cx_dec *d)
{
    char tmp[3 * CX_DEC_MAX + 64];
    if (d->ndigits == 0)
        return 0.0;
    /* Clinger's fast path: digits below 2^53 and a power of ten that is
     * exact in a double (10^22 at most) give one correctly rounded product
     * or quotient, the value strtod() returns (with no extended precision) */
#if FLT_EVAL_METHOD == 0
    if (d->ndigits <= 15 && d->exp >= -22 && d->exp <= 22) {
        static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                     1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
        uint64_t m = 0;
        for (int i = 0; i < d->ndigits; i++)
            m = m * 10 + (uint64_t)(d->digits[i] - '0');
        double v = d->exp >= 0 ? (double)m * p10[d->exp] : (double)m / p10[-d->exp];
        return d->neg ? -v : v;
    }
#endif
    snprintf(tmp, sizeof tmp, "%s%se%d", d->neg ? "-" : "", d->digits, d->exp);
    return strtod(tmp, NULL);
}

bool cx_parse_amount(const cx_lang *L, const char *t, size_t a, size_t b, cx_dec *d, bool *article)
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
