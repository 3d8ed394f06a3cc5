/*
 * segment.c - paragraphs (lines of the normalised text) and sentences (ICU
 * sentence BreakIterator over UTF-8, so boundaries are byte offsets).
 */
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "internal.h"

int cx_spans_push(cx_spans *s, size_t start, size_t end, int para)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 32;
        cx_span *v = realloc(s->v, nc * sizeof *v);
        if (!v)
            return CLAIMX_ENOMEM;
        s->v = v;
        s->cap = nc;
    }
    s->v[s->n++] = (cx_span){start, end, para, false};
    return CLAIMX_OK;
}

/* cx_spans_push(), the usual case (room left) inline */
static inline int spans_push(cx_spans *s, size_t start, size_t end, int para)
{
    if (s->n == s->cap)
        return cx_spans_push(s, start, end, para);
    s->v[s->n++] = (cx_span){start, end, para, false};
    return CLAIMX_OK;
}

/* Room for cap spans in an empty array, so that most texts never grow it
 * (without memory the pushes grow it as they need) */
static void spans_presize(cx_spans *s, size_t cap)
{
    if (s->cap || !cap)
        return;
    cx_span *v = malloc(cap * sizeof *v);
    if (v) {
        s->v = v;
        s->cap = cap;
    }
}

void cx_spans_free(cx_spans *s)
{
    free(s->v);
    memset(s, 0, sizeof *s);
}

static bool is_blank(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\f' && s[i] != '\v')
            return false;
    return true;
}

/* A paragraph is a non-blank line: scraped news puts one paragraph per line,
 * with or without blank lines between them. */
int cx_paragraphs(const char *s, size_t n, cx_spans *out)
{
    size_t a = 0;
    spans_presize(out, n / 256 + 32); /* news: a paragraph every 235 bytes */
    while (a < n) {
        const char *nl = memchr(s + a, '\n', n - a);
        size_t b = nl ? (size_t)(nl - s) : n;
        if (!is_blank(s, a, b))
            if (spans_push(out, a, b, (int)out->n) != CLAIMX_OK)
                return CLAIMX_ENOMEM;
        a = b + 1;
    }
    return CLAIMX_OK;
}

/* End of the next piece of [a, b) given to ICU: at most max bytes (ICU's
 * break iterators count in int32_t), cut after a space when one is near, and
 * never inside a UTF-8 sequence. */
static size_t piece_end(const char *s, size_t a, size_t b, size_t max)
{
    if (b - a <= max)
        return b;
    size_t e = a + max;
    for (size_t k = e; k > a && k + 256 > e; k--)
        if (s[k - 1] == ' ') /* the space ends this piece */
            return k;
    while (e > a + 1 && ((unsigned char)s[e] & 0xC0) == 0x80)
        e--;
    return e;
}

/* ---------- sentences without ICU ----------
 * The rules of Unicode's sentence breaking (UAX #29, what ICU's iterator
 * implements) for the paragraphs that only hold ASCII and Latin letters
 * (U+0080..U+024F), currency signs and dashes, which is nearly all of
 * Western European news once normalised. Any other paragraph goes to ICU. */

enum { SB_OTHER, SB_SP, SB_LOWER, SB_UPPER, SB_NUMERIC, SB_ATERM, SB_STERM, SB_CLOSE, SB_SCONTINUE };

static int sb_class(const unsigned char *t, size_t i, size_t end, size_t *len)
{
    unsigned char c = t[i];
    *len = 1;
    if (c < 0x80) {
        if (c >= 'a' && c <= 'z')
            return SB_LOWER;
        if (c >= 'A' && c <= 'Z')
            return SB_UPPER;
        if (c >= '0' && c <= '9')
            return SB_NUMERIC;
        switch (c) {
        case ' ': case '\t': case '\v': case '\f':
            return SB_SP;
        case '.':
            return SB_ATERM;
        case '!': case '?':
            return SB_STERM;
        case '"': case '\'': case '(': case ')': case '[': case ']': case '{': case '}':
            return SB_CLOSE;
        case ',': case '-': case ':': case ';':
            return SB_SCONTINUE;
        default:
            return SB_OTHER;
        }
    }
    uint32_t cp = 0;
    size_t k = cx_utf8_valid_seq(t + i, end - i, &cp);
    *len = k ? k : 1;
    if (cp == 0x2013 || cp == 0x2014)
        return SB_SCONTINUE;
    if (cp == 0x2039 || cp == 0x203A)
        return SB_CLOSE; /* single angle quotes (Quotation_Mark) */
    if (u_isULowercase((UChar32)cp))
        return SB_LOWER;
    if (u_isUUppercase((UChar32)cp))
        return SB_UPPER;
    return SB_OTHER;
}

/* sb_class() of the ASCII bytes */
#define SB_A(c) ((c) >= 'a' && (c) <= 'z'   ? SB_LOWER                                                              \
                 : (c) >= 'A' && (c) <= 'Z' ? SB_UPPER                                                              \
                 : (c) >= '0' && (c) <= '9' ? SB_NUMERIC                                                            \
                 : (c) == ' ' || (c) == '\t' || (c) == '\v' || (c) == '\f' ? SB_SP                                  \
                 : (c) == '.'                                               ? SB_ATERM                              \
                 : (c) == '!' || (c) == '?'                                 ? SB_STERM                              \
                 : (c) == '"' || (c) == '\'' || (c) == '(' || (c) == ')' || (c) == '[' || (c) == ']' || (c) == '{' || \
                         (c) == '}'                                                                                \
                     ? SB_CLOSE                                                                                     \
                 : (c) == ',' || (c) == '-' || (c) == ':' || (c) == ';' ? SB_SCONTINUE                               \
                                                                       : SB_OTHER)
#define SB_A4(c) SB_A(c), SB_A(c + 1), SB_A(c + 2), SB_A(c + 3)
#define SB_A16(c) SB_A4(c), SB_A4(c + 4), SB_A4(c + 8), SB_A4(c + 12)
static const unsigned char sb_ascii[128] = {SB_A16(0),  SB_A16(16), SB_A16(32), SB_A16(48),
                                            SB_A16(64), SB_A16(80), SB_A16(96), SB_A16(112)};
#undef SB_A16
#undef SB_A4
#undef SB_A

/* sb_class(), the ASCII bytes from the table */
static inline int sb_class_at(const unsigned char *t, size_t i, size_t end, size_t *len)
{
    if (t[i] < 0x80) {
        *len = 1;
        return sb_ascii[t[i]];
    }
    return sb_class(t, i, end, len);
}

/* Only ASCII and U+0080..U+024F, where the classes above are complete
 * (U+00AB/U+00BB quotes and U+00A0 are folded away by normalisation), and
 * the signs below: the length of the character of t[i] >= 0x80 when it is
 * one of those, 0 when its paragraph needs ICU. */
static size_t sb_simple_char(const unsigned char *t, size_t i, size_t b)
{
    unsigned char c = t[i];
    if (c >= 0xC3 && c <= 0xC9)
        return 2; /* U+00C0..U+024F: letters, and the signs x and / (Math) */
    if (c == 0xE2 && i + 2 < b &&
        ((t[i + 1] == 0x82 && t[i + 2] >= 0xA0) ||
         (t[i + 1] == 0x80 && (t[i + 2] == 0x93 || t[i + 2] == 0x94 || t[i + 2] == 0xB9 || t[i + 2] == 0xBA)) ||
         ((t[i + 1] == 0x94 || t[i + 1] == 0x95) && (t[i + 2] & 0xC0) == 0x80))) {
        /* currency signs U+20A0..U+20BF (€), dashes U+2013 U+2014 (SContinue),
         * single angle quotes U+2039 U+203A (Close), box drawing
         * U+2500..U+257F (Other) */
        return 3;
    }
    if (c < 0xC2 || c > 0xC9)
        return 0; /* U+0250 and above: ICU */
    uint32_t cp = ((uint32_t)(c & 0x1F) << 6) | (t[i + 1] & 0x3F);
    if (cp == 0xAB || cp == 0xBB || cp == 0xA0 || cp == 0x85 || cp == 0xA1 || cp == 0xBF)
        return 0; /* quotes, spaces, separators: ICU */
    /* U+00A7 U+00B6 U+00B7 (section, pilcrow, middle dot) are of class
     * Other, as the symbols */
    if (cp < 0xC0 && cp != 0xAA && cp != 0xB5 && cp != 0xBA && cp != 0xA7 && cp != 0xB6 && cp != 0xB7 &&
        (cp < 0xA0 || !u_isalpha((UChar32)cp)) &&
        u_charType((UChar32)cp) != U_OTHER_SYMBOL && u_charType((UChar32)cp) != U_MATH_SYMBOL &&
        u_charType((UChar32)cp) != U_CURRENCY_SYMBOL && u_charType((UChar32)cp) != U_OTHER_NUMBER &&
        u_charType((UChar32)cp) != U_MODIFIER_SYMBOL)
        return 0; /* Latin-1 punctuation of unusual class: ICU */
    return 2;
}

/* Does the word v hold the byte c? (the classic SWAR test: a byte of v ^ c is 0) */
static inline uint64_t has_byte(uint64_t v, unsigned char c)
{
    uint64_t x = v ^ (0x0101010101010101ull * c);
    return (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
}

#ifdef __SSE2__
/* One bit for each of the sixteen bytes at t that is '.', '!', '?' or above 0x7F. */
static inline uint32_t stop_mask16(const unsigned char *t)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)t);
    __m128i m = _mm_or_si128(_mm_or_si128(x, _mm_cmpeq_epi8(x, _mm_set1_epi8('.'))),
                             _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('!')), _mm_cmpeq_epi8(x, _mm_set1_epi8('?'))));
    return (uint32_t)_mm_movemask_epi8(m);
}
#endif

/* The first '.', '!', '?' or byte above 0x7F in t[i..b), or b. */
static size_t next_stop(const unsigned char *t, size_t i, size_t b)
{
#ifdef __SSE2__
    while (i + 16 <= b) {
        uint32_t k = stop_mask16(t + i);
        if (k)
            return i + (size_t)__builtin_ctz(k);
        i += 16;
    }
    if (i < b && b >= 16) {
        /* the last bytes: the sixteen before b, those before i shifted out */
        uint32_t k = stop_mask16(t + b - 16) >> (i - (b - 16));
        return k ? i + (size_t)__builtin_ctz(k) : b;
    }
#endif
    while (i + 8 <= b) {
        uint64_t v;
        memcpy(&v, t + i, 8);
        if ((v & 0x8080808080808080ull) | has_byte(v, '.') | has_byte(v, '!') | has_byte(v, '?'))
            break;
        i += 8;
    }
    while (i < b && t[i] < 0x80 && t[i] != '.' && t[i] != '!' && t[i] != '?')
        i++;
    return i;
}

/* sentences_simple(): the paragraph needs ICU */
#define SB_NEED_ICU 1

static int sentences_simple(const char *s, size_t a, size_t b, int para, cx_spans *out)
{
    const unsigned char *t = (const unsigned char *)s;
    size_t start = a, i = a, len;
    while (i < b) {
        /* only a terminator can end a sentence: skip to the next one,
         * checking on the way that the paragraph needs no ICU. Every byte
         * of the paragraph is checked so: those the rules below step over
         * (Close and Sp after a terminator) are ASCII or U+2039/U+203A,
         * which sb_simple_char() takes. */
        i = next_stop(t, i, b);
        if (i >= b)
            break;
        if (t[i] >= 0x80) {
            size_t k = sb_simple_char(t, i, b);
            if (!k)
                return SB_NEED_ICU;
            i += k;
            continue;
        }
        int c = t[i] == '.' ? SB_ATERM : SB_STERM;
        int prev = SB_OTHER; /* class of the character before i */
        if (i > a) {
            size_t p = i - 1;
            while (p > a && (t[p] & 0xC0) == 0x80)
                p--;
            prev = sb_class_at(t, p, b, &len);
        }
        bool aterm = c == SB_ATERM;
        size_t j = i + 1;
        /* SB6: 3.5 ; SB7: U.S */
        if (aterm && j < b) {
            int n = sb_class_at(t, j, b, &len);
            if (n == SB_NUMERIC || (n == SB_UPPER && (prev == SB_UPPER || prev == SB_LOWER))) {
                i = j;
                continue;
            }
        }
        /* SATerm Close* Sp* */
        while (j < b && sb_class_at(t, j, b, &len) == SB_CLOSE)
            j += len;
        while (j < b && sb_class_at(t, j, b, &len) == SB_SP)
            j += len;
        if (j >= b)
            break; /* the paragraph's end closes the sentence */
        int n = sb_class_at(t, j, b, &len);
        /* SB8a: followed by SContinue or another terminator */
        if (n == SB_SCONTINUE || n == SB_ATERM || n == SB_STERM) {
            i++;
            continue;
        }
        /* SB8: ATerm Close* Sp* (not a letter or terminator)* Lower */
        if (aterm) {
            size_t k = j;
            int m = n;
            while (k < b && m != SB_LOWER && m != SB_UPPER && m != SB_ATERM && m != SB_STERM) {
                k += len;
                if (k < b)
                    m = sb_class_at(t, k, b, &len);
            }
            if (k < b && m == SB_LOWER) {
                i++;
                continue;
            }
        }
        if (!is_blank(s, start, j)) {
            int rc = spans_push(out, start, j, para);
            if (rc != CLAIMX_OK)
                return rc;
        }
        start = j;
        i = j;
    }
    if (start < b && !is_blank(s, start, b))
        return spans_push(out, start, b, para);
    return CLAIMX_OK;
}

/* Sentences of the paragraphs that need ICU (use[p], or all when use is
 * NULL); the others are left to the caller. */
static int sentences_icu(const UBreakIterator *tmpl, const char *s, const cx_spans *paras, const bool *use,
                         cx_spans *out, size_t max_piece)
{
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_clone(tmpl, &st);
    if (U_FAILURE(st))
        return CLAIMX_EICU;
    int rc = CLAIMX_OK;
    UText ut = UTEXT_INITIALIZER;
    for (size_t p = 0; p < paras->n && rc == CLAIMX_OK; p++) {
        if (use && !use[p])
            continue;
        /* a paragraph longer than max_piece goes to ICU in pieces */
        for (size_t a = paras->v[p].start, b; a < paras->v[p].end && rc == CLAIMX_OK; a = b) {
            b = piece_end(s, a, paras->v[p].end, max_piece);
            st = U_ZERO_ERROR;
            utext_openUTF8(&ut, s + a, (int64_t)(b - a), &st);
            ubrk_setUText(bi, &ut, &st);
            if (U_FAILURE(st)) {
                rc = CLAIMX_EICU;
                break;
            }
            int32_t prev = ubrk_first(bi);
            for (int32_t cur = ubrk_next(bi); cur != UBRK_DONE; cur = ubrk_next(bi)) {
                if (!is_blank(s, a + (size_t)prev, a + (size_t)cur)) {
                    rc = cx_spans_push(out, a + (size_t)prev, a + (size_t)cur, (int)p);
                    if (rc == CLAIMX_OK)
                        out->v[out->n - 1].icu = true;
                }
                prev = cur;
                if (rc != CLAIMX_OK)
                    break;
            }
        }
    }
    utext_close(&ut);
    ubrk_close(bi);
    return rc;
}

static int cmp_span(const void *x, const void *y)
{
    const cx_span *a = x, *b = y;
    return (a->start > b->start) - (a->start < b->start);
}

int cx_sentences(const UBreakIterator *tmpl, const char *s, size_t n, const cx_spans *paras,
                 cx_spans *out)
{
    return cx_sentences_max(tmpl, s, n, paras, out, CX_ICU_MAX_PIECE);
}

int cx_sentences_max(const UBreakIterator *tmpl, const char *s, size_t n, const cx_spans *paras,
                     cx_spans *out, size_t max_piece)
{
    bool *icu = NULL;
    int rc = CLAIMX_OK;
    spans_presize(out, n / 96 + 32); /* news: a sentence every 117 bytes */
    for (size_t p = 0; p < paras->n && rc == CLAIMX_OK; p++) {
        /* the sentences of a paragraph found to need ICU on the way are taken back */
        size_t n0 = out->n;
        rc = sentences_simple(s, paras->v[p].start, paras->v[p].end, (int)p, out);
        if (rc != SB_NEED_ICU)
            continue;
        rc = CLAIMX_OK;
        out->n = n0;
        if (!icu && !(icu = calloc(paras->n, sizeof *icu)))
            return CLAIMX_ENOMEM;
        icu[p] = true;
    }
    if (icu && rc == CLAIMX_OK) {
        rc = sentences_icu(tmpl, s, paras, icu, out, max_piece);
        if (rc == CLAIMX_OK)
            qsort(out->v, out->n, sizeof *out->v, cmp_span); /* back in text order */
    }
    free(icu);
    return rc;
}

int cx_sentences_icu(const UBreakIterator *tmpl, const char *s, size_t n, const cx_spans *paras,
                     cx_spans *out)
{
    (void)n;
    return sentences_icu(tmpl, s, paras, NULL, out, CX_ICU_MAX_PIECE);
}
