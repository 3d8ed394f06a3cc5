/*
 * json.c - the JSON writer (results, in the gold format of
 * shared/gold/SCHEMA.md) and a small reader for flat objects (options of
 * claimx_extract_json(), input lines of claimx-demo --jsonl).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/*
 * The writer works on raw memory: each piece first reserves an upper bound of
 * its size (a string of n bytes takes at most 6n + 2 bytes once quoted and
 * escaped: one byte may become \u00XX or \ufffd, and the three bytes of
 * U+2028 become \u2028), then writes without further checks.
 */

/* Room for extra more bytes plus the final NUL; false when out of memory. */
static bool reserve(cx_buf *b, size_t extra)
{
    if (b->oom)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t nc = b->cap ? b->cap : 64;
    while (nc < b->len + extra + 1)
        nc *= 2;
    char *p = realloc(b->p, nc);
    if (!p) {
        b->oom = true;
        return false;
    }
    b->p = p;
    b->cap = nc;
    return true;
}

/* s[i .. n) escaped at w, then the closing quote (room for 6(n - i) + 1
 * bytes); returns the new end. */
static char *w_string_from(char *w, const char *s, size_t i, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    while (i < n) {
        /* eight plain bytes at a time: none >= 0x80, < 0x20, '"' or '\\';
         * the last 1-7 bytes padded with spaces. The plain bytes before the
         * first other one are copied at once (w has room for 6n + 2 bytes). */
        while (i < n) {
            uint64_t x;
            size_t k = n - i < 8 ? n - i : 8;
            if (k == 8) {
                memcpy(&x, u + i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            } else if (n >= 8) { /* the last eight bytes, shifted down: no call */
                memcpy(&x, u + n - 8, 8);
                x = x >> (8 * (8 - k)) | (ones * ' ') << (8 * k);
#endif
            } else {
                x = ones * ' ';
                memcpy(&x, u + i, k);
            }
            uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\');
            uint64_t bad = (x | ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((bs - ones) & ~bs)) & high;
            memcpy(w, &x, 8);
            if (bad) {
                /* the first flagged byte: the borrow of x - 0x20 only runs
                 * upwards from a byte that is flagged itself */
                size_t f = (size_t)__builtin_ctzll(bad) >> 3;
                w += f;
                i += f;
                break;
            }
            w += k;
            i += k;
        }
        if (i >= n)
            break;
        unsigned char c = u[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            *w++ = (char)c;
            i++;
            continue;
        }
        if (c < 0x80) {
            *w++ = '\\';
            switch (c) {
            case '"': *w++ = '"'; break;
            case '\\': *w++ = '\\'; break;
            case '\n': *w++ = 'n'; break;
            case '\r': *w++ = 'r'; break;
            case '\t': *w++ = 't'; break;
            case '\b': *w++ = 'b'; break;
            case '\f': *w++ = 'f'; break;
            default:
                *w++ = 'u'; *w++ = '0'; *w++ = '0';
                *w++ = hex[c >> 4]; *w++ = hex[c & 15];
            }
            i++;
        } else if (c >= 0xC2 && c <= 0xDF && n - i >= 2 && (u[i + 1] & 0xC0) == 0x80) {
            /* a two-byte character (U+0080..U+07FF) goes out as it is */
            w[0] = (char)c;
            w[1] = (char)u[i + 1];
            w += 2;
            i += 2;
        } else {
            uint32_t cp;
            size_t k = cx_utf8_valid_seq(u + i, n - i, &cp);
            if (k == 0) {
                memcpy(w, "\\ufffd", 6); /* invalid byte of the caller's text */
                w += 6;
                i++;
            } else if (cp == 0x2028 || cp == 0x2029) {
                memcpy(w, cp == 0x2028 ? "\\u2028" : "\\u2029", 6);
                w += 6;
                i += k;
            } else {
                for (size_t e = i + k; i < e; i++)
                    *w++ = (char)u[i];
            }
        }
    }
    *w++ = '"';
    return w;
}

/* s[0 .. n) quoted and escaped at w (room for 6n + 2 bytes); returns the new end. */
static char *w_string(char *w, const char *s, size_t n)
{
    *w++ = '"';
    return w_string_from(w, s, 0, n);
}

/* w_string() of a claim's text, whose bytes can be read CX_TEXT_SLACK past
 * its NUL (lib/internal.h): the bytes before the first one w_string_from()
 * would change sixteen at a time, the rest as w_string(). Plain are the bytes
 * 0x20..0x7F but '"' and '\\', and the two-byte characters (a lead byte
 * 0xC2..0xDF followed by a continuation byte 0x80..0xBF), which
 * w_string_from() copies as they are too (accented names: most of the texts
 * that are not ASCII). A lead byte is plain only when the next byte is a
 * continuation byte and a continuation byte only after a lead byte: any other
 * byte >= 0x80, an invalid or cut sequence, goes to w_string_from() from its
 * first byte. w needs room for 16 bytes more than w_string() (each step
 * stores 16). */
static inline __attribute__((always_inline)) char *w_text(char *w, const char *s, size_t n)
{
    *w++ = '"';
    size_t i = 0;
#if defined(__SSE2__)
    _Static_assert(CX_TEXT_SLACK >= 16, "w_text() reads 16 bytes from any byte of a text");
    const __m128i sp = _mm_set1_epi8(0x20), q = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\');
    /* signed bytes: 0x80..0xBF are -128..-65, 0xC2..0xDF are -62..-33 */
    const __m128i c_hi = _mm_set1_epi8(-64), l_lo = _mm_set1_epi8(-63), l_hi = _mm_set1_epi8(-32);
    while (i < n) {
        /* s[i .. i + 16) lies within s[0 .. n + CX_TEXT_SLACK - 1) */
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        /* signed: bytes >= 0x80 are negative, so below 0x20 as well */
        unsigned low = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(x, sp));
        unsigned qb = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, q), _mm_cmpeq_epi8(x, bs)));
        unsigned m = low | qb;
        _mm_storeu_si128((__m128i *)(void *)w, x);
        unsigned hi = (unsigned)_mm_movemask_epi8(x);
        size_t k = n - i < 16 ? n - i : 16;
        if (hi) {
            unsigned lead = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(x, l_lo), _mm_cmplt_epi8(x, l_hi)));
            /* (only those before n: a lead byte at n - 1 is cut) */
            unsigned cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(x, c_hi)) & ((2u << (k - 1)) - 1);
            /* the bytes >= 0x80 left out of low; then the other bytes >= 0x80,
             * the leads without a continuation next (a lead at 15: its
             * continuation is not in x) and the continuations without a lead */
            m = (low & ~hi) | qb | (hi & ~(lead | cont)) | (lead & ~(cont >> 1)) | (cont & ~(lead << 1));
        }
        size_t f = (size_t)__builtin_ctz(m | 1u << k); /* <= k */
        w += f;
        i += f;
        if (f < 16) {
            if (f == 15 && k == 16 && (hi >> 15 & 1))
                continue; /* a byte >= 0x80 at 15 (a lead: its continuation is in the next sixteen): the next step starts at it */
            break; /* at n, or at a byte for w_string_from() */
        }
    }
    if (i >= n) { /* (most texts) all plain: no call */
        *w++ = '"';
        return w;
    }
#endif
    return w_string_from(w, s, i, n);
}

void cx_json_string(cx_buf *b, const char *s, size_t n)
{
    if (!reserve(b, 6 * n + 2))
        return;
    char *w = w_string(b->p + b->len, s, n);
    b->len = (size_t)(w - b->p);
    b->p[b->len] = '\0';
}

/* A string literal at w. */
#define W_LIT(w, lit) (memcpy((w), (lit), sizeof(lit) - 1), (w) += sizeof(lit) - 1)

/* s (l bytes, from strlen) quoted, or null; room for 6l + 4 bytes. */
static char *w_opt(char *w, const char *s, size_t l)
{
    if (!s) {
        W_LIT(w, "null");
        return w;
    }
    return w_string(w, s, l);
}

/* The strings a result shares between its claims (lang, rule, currency,
 * model, vendor: one copy each per result) written before: their length,
 * and whether they went out as they are (no escape). Direct-mapped by
 * address; a miss only costs the plain path. */
typedef struct seen {
    const char *s;
    size_t len;
    bool plain;
} seen;
enum { SEEN_SLOTS = 256 };

static seen *seen_of(seen *cache, const char *s)
{
    return &cache[((uintptr_t)s >> 3) * 0x9E3779B97F4A7C15ull >> 56];
}

/* strlen(s), from the cache when s was written before (0 for NULL) */
static size_t shared_len(seen *cache, const char *s)
{
    if (!s)
        return 0;
    seen *e = seen_of(cache, s);
    return e->s == s ? e->len : strlen(s);
}

/* w_opt() of a shared string: a string that needed no escape is copied */
static char *w_shared(char *w, seen *cache, const char *s, size_t l)
{
    if (!s)
        return w_opt(w, s, l);
    seen *e = seen_of(cache, s);
    if (e->s == s && e->plain) {
        *w++ = '"';
        memcpy(w, s, l);
        w += l;
        *w++ = '"';
        return w;
    }
    char *e0 = w;
    w = w_string(w, s, l);
    e->s = s;
    e->len = l;
    e->plain = (size_t)(w - e0) == l + 2;
    return w;
}

/* A size_t in decimal at w (at most 20 digits), without printf: its digits
 * counted first, then written from the last, two a division. */
static char *w_size(char *w, size_t v)
{
    static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                "8081828384858687888990919293949596979899";
    static const uint64_t pow10[20] = {1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u,
                                       1000000000u, 10000000000u, 100000000000u, 1000000000000u,
                                       10000000000000u, 100000000000000u, 1000000000000000u,
                                       10000000000000000u, 100000000000000000u, 1000000000000000000u,
                                       10000000000000000000u};
    /* the digits: from the bits (1233 / 4096 ~ log10(2)), t being the count
     * or one less (u = v | 1 compares as v against the even powers, and
     * counts one digit for 0) */
    uint64_t u = (uint64_t)v | 1;
    size_t t = (size_t)((64 - __builtin_clzll(u)) * 1233) >> 12;
    size_t d = t + (u >= pow10[t]);
    char *e = w + d, *p = e;
    while (v >= 100) {
        size_t r = v % 100;
        v /= 100;
        p -= 2;
        memcpy(p, pairs + 2 * r, 2);
    }
    if (v >= 10) {
        p -= 2;
        memcpy(p, pairs + 2 * v, 2);
    } else {
        *--p = (char)('0' + v);
    }
    return e;
}

char *cx_json_size(char *w, size_t v) { return w_size(w, v); }

char *cx_json_text(char *w, const char *s, size_t n) { return w_text(w, s, n); }

/* Fixed text of one claim, all kinds: keys, separators, numbers, kind, bound,
 * type and period names, with a wide margin. */
enum { CLAIM_FIXED = 384 };

/* The end of a claim's object, `, "lang": ..., "rule": ...}`, as written for
 * an earlier claim with the same language and rule strings (by address):
 * direct-mapped by the rule's address, copied whole (TAIL_MAX bytes) on a hit. */
enum { TAIL_MAX = 96, TAIL_SLOTS = 64 };
typedef struct tail {
    const char *rule, *lang;
    size_t len; /* 0: empty slot */
    char b[TAIL_MAX];
} tail;

static void put_claim(cx_buf *b, const claimx_claim *c, bool comma, seen *cache, tail *tails)
{
    size_t tl = c->end - c->start;
    tail *tc = &tails[((uintptr_t)c->rule >> 3) * 0x9E3779B97F4A7C15ull >> 58];
    bool hit = tc->len && tc->rule == c->rule && tc->lang == c->lang;
    size_t ll = 0, rl = 0;
    if (!hit) {
        ll = shared_len(cache, c->lang);
        rl = shared_len(cache, c->rule);
    }
    size_t vl = 0, cl = 0, ml = 0, dl = 0;
    if (c->kind != CLAIMX_ENTITY) {
        vl = strlen(c->value_exact);
        if (c->kind == CLAIMX_MONEY) {
            cl = shared_len(cache, c->currency);
        } else {
            ml = shared_len(cache, c->model);
            dl = shared_len(cache, c->vendor);
        }
    }
    /* (CLAIM_FIXED also covers w_text()'s 16 bytes past its room) */
    if (!reserve(b, CLAIM_FIXED + TAIL_MAX + 2 * vl + 6 * (tl + ll + rl + cl + ml + dl)))
        return;
    char *w = b->p + b->len;
    if (comma)
        W_LIT(w, ", ");
    if (c->kind == CLAIMX_MONEY)
        W_LIT(w, "{\"kind\": \"money\", \"text\": ");
    else if (c->kind == CLAIMX_GPU_COUNT)
        W_LIT(w, "{\"kind\": \"gpu_count\", \"text\": ");
    else
        W_LIT(w, "{\"kind\": \"entity\", \"text\": ");
    w = w_text(w, c->text, tl);
    W_LIT(w, ", \"start\": ");
    w = w_size(w, c->start);
    W_LIT(w, ", \"end\": ");
    w = w_size(w, c->end);
    if (c->kind == CLAIMX_ENTITY) {
        switch (c->entity_type) { /* entity_name(), as literals */
        case CLAIMX_ENTITY_ORG: W_LIT(w, ", \"type\": \"ORG\""); break;
        case CLAIMX_ENTITY_PERSON: W_LIT(w, ", \"type\": \"PERSON\""); break;
        case CLAIMX_ENTITY_PRODUCT: W_LIT(w, ", \"type\": \"PRODUCT\""); break;
        case CLAIMX_ENTITY_LOC: W_LIT(w, ", \"type\": \"LOC\""); break;
        default: W_LIT(w, ", \"type\": null");
        }
    } else {
        /* the exact decimal is a valid JSON number: no rounding on the way out */
        W_LIT(w, ", \"value\": ");
        memcpy(w, c->value_exact, vl);
        w += vl;
        W_LIT(w, ", \"value_exact\": \"");
        memcpy(w, c->value_exact, vl);
        w += vl;
        *w++ = '"';
        if (c->kind == CLAIMX_MONEY) {
            W_LIT(w, ", \"currency\": ");
            w = w_shared(w, cache, c->currency, cl);
        } else {
            W_LIT(w, ", \"model\": ");
            w = w_shared(w, cache, c->model, ml);
            W_LIT(w, ", \"vendor\": ");
            w = w_shared(w, cache, c->vendor, dl);
        }
        switch (c->bound) { /* as literals */
        case CLAIMX_BOUND_APPROX: W_LIT(w, ", \"bound\": \"approx\""); break;
        case CLAIMX_BOUND_AT_LEAST: W_LIT(w, ", \"bound\": \"at_least\""); break;
        case CLAIMX_BOUND_AT_MOST: W_LIT(w, ", \"bound\": \"at_most\""); break;
        default: W_LIT(w, ", \"bound\": \"exact\"");
        }
        if (c->kind == CLAIMX_MONEY) {
            switch (c->period) {
            case CLAIMX_PERIOD_YEAR: W_LIT(w, ", \"period\": \"year\""); break;
            case CLAIMX_PERIOD_MONTH: W_LIT(w, ", \"period\": \"month\""); break;
            case CLAIMX_PERIOD_DAY: W_LIT(w, ", \"period\": \"day\""); break;
            default: W_LIT(w, ", \"period\": null");
            }
        }
    }
    if (hit) {
        memcpy(w, tc->b, TAIL_MAX);
        w += tc->len;
    } else {
        char *t0 = w;
        W_LIT(w, ", \"lang\": ");
        w = w_shared(w, cache, c->lang, ll);
        W_LIT(w, ", \"rule\": ");
        w = w_shared(w, cache, c->rule, rl);
        *w++ = '}';
        size_t n = (size_t)(w - t0);
        if (n <= TAIL_MAX) {
            memcpy(tc->b, t0, n);
            tc->len = n;
            tc->rule = c->rule;
            tc->lang = c->lang;
        }
    }
    b->len = (size_t)(w - b->p);
    b->p[b->len] = '\0';
}

/* The JSON of res into b (its memory, if any, grows as needed). */
static void to_json(const claimx_result *res, cx_buf *b);

int claimx_result_to_json(const claimx_result *res, char **out, size_t *len)
{
    if (!res || !out)
        return CLAIMX_EINVAL;
    *out = NULL;
    cx_buf b = {0};
    to_json(res, &b);
    size_t l = b.len;
    char *s = cx_buf_take(&b);
    if (!s)
        return CLAIMX_ENOMEM;
    *out = s;
    if (len)
        *len = l;
    return CLAIMX_OK;
}

int claimx_result_to_json_into(const claimx_result *res, char **buf, size_t *cap, size_t *len)
{
    if (!res || !buf || !cap || (*buf && !*cap) || (!*buf && *cap))
        return CLAIMX_EINVAL;
    /* written from the start of *buf; a growth reallocs it (the caller's
     * pointer is updated even on failure: realloc keeps the old block) */
    cx_buf b = {*buf, 0, *cap, false};
    to_json(res, &b);
    if (!b.oom && !b.p)
        cx_buf_put(&b, "", 0);
    *buf = b.p;
    *cap = b.cap;
    if (b.oom || !b.p) {
        if (b.p && b.cap)
            b.p[0] = '\0';
        if (len)
            *len = 0;
        return CLAIMX_ENOMEM;
    }
    b.p[b.len] = '\0';
    if (len)
        *len = b.len;
    return CLAIMX_OK;
}

static void to_json(const claimx_result *res, cx_buf *bp)
{
    size_t n = claimx_result_count(res);
    cx_buf b = *bp;
    /* one allocation for a typical result (about 200 bytes a claim) */
    if (n < ((size_t)-1 - 4096) / 256)
        reserve(&b, 128 + 256 * n);
    cx_buf_puts(&b, "{\"lang\": ");
    const char *lang = claimx_result_lang(res);
    if (lang)
        cx_json_string(&b, lang, strlen(lang));
    else
        cx_buf_puts(&b, "null");
    if (claimx_result_flags(res) & CLAIMX_RESULT_LIMIT_HIT)
        cx_buf_puts(&b, ", \"limit_hit\": true");
    cx_buf_puts(&b, ", \"claims\": [");
    seen cache[SEEN_SLOTS] = {{0}};
    tail tails[TAIL_SLOTS];
    /* only the lengths (0: empty): clearing the 7.7 KB of tails was a rep
     * stos a result. A hit copies TAIL_MAX bytes of which only len were
     * written; the rest lands past the claim's end and is overwritten (or
     * lies past the final NUL), so it never reaches the output. */
    for (size_t t = 0; t < TAIL_SLOTS; t++)
        tails[t].len = 0;
    for (size_t i = 0; i < n; i++)
        put_claim(&b, claimx_result_get(res, i), i > 0, cache, tails);
    cx_buf_puts(&b, "]}");
    *bp = b;
}

/* ---------- reader ---------- */

static size_t skip_ws(const char *s, size_t i, size_t n)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    return i;
}

/* End of the JSON string starting at s[i] == '"', or 0 on error. */
static size_t skip_string(const char *s, size_t i, size_t n)
{
    for (i++; i < n; i++) {
        if (s[i] == '\\') {
            i++;
            continue;
        }
        if (s[i] == '"')
            return i + 1;
    }
    return 0;
}

static size_t skip_value(const char *s, size_t i, size_t n, int depth)
{
    if (i >= n || depth > 64)
        return 0;
    if (s[i] == '"')
        return skip_string(s, i, n);
    if (s[i] == '{' || s[i] == '[') {
        char close = s[i] == '{' ? '}' : ']';
        i = skip_ws(s, i + 1, n);
        if (i < n && s[i] == close)
            return i + 1;
        for (;;) {
            if (close == '}') {
                if (i >= n || s[i] != '"')
                    return 0;
                i = skip_string(s, i, n);
                if (!i)
                    return 0;
                i = skip_ws(s, i, n);
                if (i >= n || s[i] != ':')
                    return 0;
                i = skip_ws(s, i + 1, n);
            }
            i = skip_value(s, i, n, depth + 1);
            if (!i)
                return 0;
            i = skip_ws(s, i, n);
            if (i < n && s[i] == ',') {
                i = skip_ws(s, i + 1, n);
                continue;
            }
            if (i < n && s[i] == close)
                return i + 1;
            return 0;
        }
    }
    size_t a = i;
    while (i < n && (strchr("+-.eE", s[i]) || (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z')))
        i++;
    if (i == a)
        return 0;
    return i;
}

const char *cx_json_find(const char *s, size_t n, const char *key, size_t *vlen)
{
    size_t i = skip_ws(s, 0, n);
    if (i >= n || s[i] != '{')
        return NULL;
    i = skip_ws(s, i + 1, n);
    if (i < n && s[i] == '}')
        return NULL;
    size_t kl = strlen(key);
    while (i < n) {
        if (s[i] != '"')
            return NULL;
        size_t ke = skip_string(s, i, n);
        if (!ke)
            return NULL;
        bool match = (ke - i - 2 == kl) && memcmp(s + i + 1, key, kl) == 0;
        i = skip_ws(s, ke, n);
        if (i >= n || s[i] != ':')
            return NULL;
        i = skip_ws(s, i + 1, n);
        size_t ve = skip_value(s, i, n, 0);
        if (!ve)
            return NULL;
        if (match) {
            *vlen = ve - i;
            return s + i;
        }
        i = skip_ws(s, ve, n);
        if (i < n && s[i] == ',') {
            i = skip_ws(s, i + 1, n);
            continue;
        }
        return NULL;
    }
    return NULL;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static long read_u4(const char *s)
{
    long v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(s[k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

char *cx_json_unescape(const char *v, size_t vlen, size_t *outlen)
{
    if (vlen < 2 || v[0] != '"' || v[vlen - 1] != '"')
        return NULL;
    char *o = malloc(vlen + 1);
    if (!o)
        return NULL;
    size_t w = 0;
    for (size_t i = 1; i + 1 < vlen; i++) {
        char c = v[i];
        if (c != '\\') {
            o[w++] = c;
            continue;
        }
        if (i + 2 >= vlen)
            goto bad;
        c = v[++i];
        switch (c) {
        case '"': o[w++] = '"'; break;
        case '\\': o[w++] = '\\'; break;
        case '/': o[w++] = '/'; break;
        case 'b': o[w++] = '\b'; break;
        case 'f': o[w++] = '\f'; break;
        case 'n': o[w++] = '\n'; break;
        case 'r': o[w++] = '\r'; break;
        case 't': o[w++] = '\t'; break;
        case 'u': {
            if (i + 4 >= vlen)
                goto bad;
            long cp = read_u4(v + i + 1);
            if (cp < 0)
                goto bad;
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < vlen && v[i + 1] == '\\' && v[i + 2] == 'u') {
                long lo = read_u4(v + i + 3);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                }
            }
            if (cp >= 0xD800 && cp <= 0xDFFF)
                cp = 0xFFFD; /* lone surrogate */
            /* encode (always fits: \uXXXX is 6 bytes, UTF-8 at most 4) */
            if (cp < 0x80) {
                o[w++] = (char)cp;
            } else if (cp < 0x800) {
                o[w++] = (char)(0xC0 | (cp >> 6));
                o[w++] = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                o[w++] = (char)(0xE0 | (cp >> 12));
                o[w++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                o[w++] = (char)(0x80 | (cp & 0x3F));
            } else {
                o[w++] = (char)(0xF0 | (cp >> 18));
                o[w++] = (char)(0x80 | ((cp >> 12) & 0x3F));
                o[w++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                o[w++] = (char)(0x80 | (cp & 0x3F));
            }
            break;
        }
        default:
            goto bad;
        }
    }
    o[w] = '\0';
    if (outlen)
        *outlen = w;
    return o;
bad:
    free(o);
    return NULL;
}

/* ---------- strict validator (RFC 8259) ---------- */

typedef struct jv {
    const unsigned char *s;
    size_t n, i;
} jv;

static void jv_ws(jv *v)
{
    while (v->i < v->n && (v->s[v->i] == ' ' || v->s[v->i] == '\t' || v->s[v->i] == '\n' || v->s[v->i] == '\r'))
        v->i++;
}

static bool jv_string(jv *v)
{
    v->i++; /* opening quote */
    while (v->i < v->n) {
        unsigned char c = v->s[v->i];
        if (c == '"') {
            v->i++;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c == '\\') {
            if (++v->i >= v->n)
                return false;
            c = v->s[v->i];
            if (c == 'u') {
                if (v->i + 4 >= v->n)
                    return false;
                for (int k = 1; k <= 4; k++)
                    if (hexval((char)v->s[v->i + k]) < 0)
                        return false;
                v->i += 5;
            } else if (strchr("\"\\/bfnrt", c) && c) {
                v->i++;
            } else {
                return false;
            }
            continue;
        }
        if (c >= 0x80) {
            uint32_t cp;
            size_t k = cx_utf8_valid_seq(v->s + v->i, v->n - v->i, &cp);
            if (!k)
                return false;
            v->i += k;
            continue;
        }
        v->i++;
    }
    return false;
}

static bool jv_digits(jv *v)
{
    size_t a = v->i;
    while (v->i < v->n && v->s[v->i] >= '0' && v->s[v->i] <= '9')
        v->i++;
    return v->i > a;
}

static bool jv_number(jv *v)
{
    if (v->i < v->n && v->s[v->i] == '-')
        v->i++;
    if (v->i < v->n && v->s[v->i] == '0')
        v->i++;
    else if (!jv_digits(v))
        return false;
    if (v->i < v->n && v->s[v->i] == '.') {
        v->i++;
        if (!jv_digits(v))
            return false;
    }
    if (v->i < v->n && (v->s[v->i] == 'e' || v->s[v->i] == 'E')) {
        v->i++;
        if (v->i < v->n && (v->s[v->i] == '+' || v->s[v->i] == '-'))
            v->i++;
        if (!jv_digits(v))
            return false;
    }
    return true;
}

static bool jv_value(jv *v, int depth)
{
    jv_ws(v);
    if (v->i >= v->n || depth > 256)
        return false;
    unsigned char c = v->s[v->i];
    if (c == '"')
        return jv_string(v);
    if (c == '{' || c == '[') {
        unsigned char close = c == '{' ? '}' : ']';
        v->i++;
        jv_ws(v);
        if (v->i < v->n && v->s[v->i] == close) {
            v->i++;
            return true;
        }
        for (;;) {
            if (close == '}') {
                jv_ws(v);
                if (v->i >= v->n || v->s[v->i] != '"' || !jv_string(v))
                    return false;
                jv_ws(v);
                if (v->i >= v->n || v->s[v->i] != ':')
                    return false;
                v->i++;
            }
            if (!jv_value(v, depth + 1))
                return false;
            jv_ws(v);
            if (v->i < v->n && v->s[v->i] == ',') {
                v->i++;
                continue;
            }
            if (v->i < v->n && v->s[v->i] == close) {
                v->i++;
                return true;
            }
            return false;
        }
    }
    static const char *lit[] = {"true", "false", "null"};
    for (int k = 0; k < 3; k++) {
        size_t l = strlen(lit[k]);
        if (v->n - v->i >= l && !memcmp(v->s + v->i, lit[k], l)) {
            v->i += l;
            return true;
        }
    }
    return jv_number(v);
}

bool cx_json_valid(const char *s, size_t n)
{
    jv v = {(const unsigned char *)s, n, 0};
    if (!jv_value(&v, 0))
        return false;
    jv_ws(&v);
    return v.i == n;
}
