/*
 * scan.c - one pass over a sentence that finds the tokens the claim kinds
 * start from: digit runs, currency symbols, words of the language's money
 * lists (currencies, sub-units, scales, number words), capitalised words and
 * the first words of GPU names (CX_T_GPU, CX_T_GPUGLUE).
 *
 * Every kind runs its anchored rules only at these tokens (or just before
 * them) instead of over the whole text, and skips a sentence that has none
 * of the tokens it needs. A word is looked up once, in the language's
 * combined map of anchor words (cx_lang.anchors, built by patterns.c), so
 * the cost is one hash per word. Plain lower-case words that are in no list
 * are not recorded.
 */
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "internal.h"

static int push_grow(cx_toks *o, size_t a, size_t b, uint32_t flags)
{
    if (o->n == o->cap) {
        cx_tok *v = cx_grow(o->v, &o->cap, o->n + 1, 64, sizeof *v);
        if (!v)
            return CLAIMX_ENOMEM;
        o->v = v;
    }
    o->v[o->n++] = (cx_tok){(uint32_t)a, (uint32_t)b, flags};
    return CLAIMX_OK;
}

/* push() without the union (cx_scan_para_lang() does not keep it) */
static inline int tpush(cx_toks *o, size_t a, size_t b, uint32_t flags)
{
    if (o->n == o->cap)
        return push_grow(o, a, b, flags);
    o->v[o->n++] = (cx_tok){(uint32_t)a, (uint32_t)b, flags};
    return CLAIMX_OK;
}

static inline int push(cx_toks *o, size_t a, size_t b, uint32_t flags)
{
    o->all |= flags;
    if (o->n == o->cap)
        return push_grow(o, a, b, flags);
    o->v[o->n++] = (cx_tok){(uint32_t)a, (uint32_t)b, flags};
    return CLAIMX_OK;
}

static inline bool ascii_letter(unsigned char c) { return (unsigned char)((c | 0x20) - 'a') < 26; }

/* cx_fold_key(u, n, out, ...) when it is at most lim bytes long, else 0:
 * the same folding, written straight into out (a key longer than the
 * longest key of a map is in no map). */
static size_t fold_word(const unsigned char *u, size_t n, char *out, size_t lim)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp = u[i];
        if (cp == 0xC3 && i + 1 < n && (u[i + 1] & 0xC0) == 0x80) {
            /* U+00C0..U+00FF: u_tolower() adds 0x20 to the upper-case
             * letters C3 80..C3 9E (not C3 97, the multiplication sign) */
            unsigned char d = u[i + 1];
            if (o + 2 > lim)
                return 0;
            out[o++] = (char)0xC3;
            out[o++] = (char)(d < 0x9F && d != 0x97 ? d + 0x20 : d);
            i += 2;
            continue;
        }
        if (o + 4 <= lim) { /* room for any character */
            o += cx_fold_next(u, n, &i, out + o);
            continue;
        }
        char tmp[4];
        size_t w = cx_fold_next(u, n, &i, tmp);
        if (o + w > lim)
            return 0;
        for (size_t j = 0; j < w; j++)
            out[o++] = tmp[j];
    }
    return o;
}

/* ---------- the packed table of the anchors' short keys ----------
 * L->scantab: every key of L->anchors of at most 16 bytes, packed (cx_ptab,
 * lib/internal.h). An ASCII word (letters only) of up to 16 letters is
 * looked up with a multiply and one or two compares. (A filter by the first
 * two letters and the length before the probe cost more than the probes it
 * saved: the table is at most a quarter full, a miss mostly ends at the
 * first slot.) */
#define SCAN_PACK CX_PACK_MAX

struct cx_scantab {
    cx_ptab *tab;
};

static inline uint32_t scan_get(const struct cx_scantab *T, uint64_t k0, uint64_t k1)
{
    return (uint32_t)cx_ptab_get(T->tab, k0, k1);
}

/* Flags of the word t[a..b) from the anchor map. Most words are in no list:
 * the map's signature filter (cx_map_may_key) turns them away before the
 * key is hashed, an ASCII word (folded: lower-cased, all cx_fold_key() does
 * to it) even before it is copied. */
static uint32_t word_flags(const cx_lang *L, const char *t, size_t a, size_t b, bool ascii)
{
    const cx_map *m = &L->anchors;
    size_t n = b - a;
    if (n == 0 || n > m->maxkey + 8)
        return 0;
    const unsigned char *u = (const unsigned char *)t + a;
    if (!ascii && L->scantab && n <= SCAN_PACK) {
        /* letters, apostrophes and Latin-1 letters (C3 xx) fold to as many
         * bytes (see fold_word): the packed table has every key that long */
        unsigned char kb[SCAN_PACK] = {0};
        size_t j = 0;
        while (j < n) {
            unsigned char c = u[j];
            if (c < 0x80) {
                kb[j++] = c | 0x20; /* a letter or ' (0x27) */
            } else if (c == 0xC3 && j + 1 < n && (u[j + 1] & 0xC0) == 0x80) {
                unsigned char d = u[j + 1];
                kb[j++] = c;
                kb[j++] = (unsigned char)(d < 0x9F && d != 0x97 ? d + 0x20 : d);
            } else {
                break;
            }
        }
        if (j == n) {
            uint64_t k0, k1;
            memcpy(&k0, kb, 8);
            memcpy(&k1, kb + 8, 8);
            return scan_get(L->scantab, k0, k1);
        }
    }
    char key[128];
    size_t kl;
    if (ascii) {
        /* the word's bytes are ASCII letters and apostrophes, which c | 0x20
         * folds as cx_fold_key() does (' is 0x27); the folded key has n
         * bytes, so its signature is known before it is written */
        if (n > m->maxkey || n >= sizeof key)
            return 0;
        if (!cx_map_may_key3(m, u[0] | 0x20u, n > 1 ? u[1] | 0x20u : 0u, u[n - 1] | 0x20u, n))
            return 0;
        uint64_t h = CX_HASH_SEED;
        for (size_t i = 0; i < n; i++) {
            unsigned char c = u[i] | 0x20;
            key[i] = (char)c;
            h = cx_hash_byte(h, c);
        }
        const cx_entry *e = cx_map_get_hashed(m, key, n, h);
        return e ? (uint32_t)e->val : 0;
    } else {
        /* an ASCII first or last byte is folded alone */
        if ((u[0] < 0x80 && !cx_map_may_first(m, u[0])) || (u[n - 1] < 0x80 && !cx_map_may_last(m, u[n - 1])))
            return 0;
        kl = fold_word(u, n, key, m->maxkey < sizeof key - 5 ? m->maxkey : sizeof key - 5);
        if (kl == 0)
            return 0;
    }
    if (!cx_map_may_key(m, key, kl))
        return 0;
    const cx_entry *e = cx_map_get_hashed(m, key, kl, cx_hash_more(CX_HASH_SEED, key, kl));
    return e ? (uint32_t)e->val : 0;
}

int cx_scan_prepare(cx_lang *L)
{
    const cx_map *m = &L->anchors;
    struct cx_scantab *T = calloc(1, sizeof *T);
    if (!T || !(T->tab = cx_ptab_build(m))) {
        free(T);
        return CLAIMX_ENOMEM;
    }
    cx_scan_free(L);
    L->scantab = T;
    return CLAIMX_OK;
}

void cx_scan_free(cx_lang *L)
{
    if (L->scantab)
        free(L->scantab->tab);
    free(L->scantab);
    L->scantab = NULL;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SCAN_LE 1
#else
#define SCAN_LE 0
#endif

/* What the main loop does at a byte (B_SKIP: nothing) */
enum { B_SKIP, B_LETTER, B_DIGIT, B_DOLLAR, B_HIGH };

#define R2(x) x, x
#define R4(x) R2(x), R2(x)
#define R8(x) R4(x), R4(x)
#define R16(x) R8(x), R8(x)
#define R32(x) R16(x), R16(x)
static const unsigned char byte_class[256] = {
    ['$'] = B_DOLLAR,
    ['0'] = R8(B_DIGIT), R2(B_DIGIT),
    ['A'] = R16(B_LETTER), R8(B_LETTER), R2(B_LETTER),
    ['a'] = R16(B_LETTER), R8(B_LETTER), R2(B_LETTER),
    [0x80] = R32(B_HIGH), R32(B_HIGH), R32(B_HIGH), R32(B_HIGH),
};
#undef R2
#undef R4
#undef R8
#undef R16
#undef R32

/* The word that starts at a with the character cp of k bytes (c its first
 * byte), the general way (any letters, apostrophes): its token pushed (*rc
 * set on failure); returns its end. */
static size_t word_general(const cx_lang *L, const char *text, size_t a, size_t end, unsigned char c, uint32_t cp,
                           size_t k, cx_toks *out, int *rc)
{
    const unsigned char *t = (const unsigned char *)text;
    bool cap = c < 0x80 ? (c >= 'A' && c <= 'Z') : u_isupper((UChar32)cp) != 0;
    bool ascii = c < 0x80, apos = false;
    size_t i = a + k;
    while (i < end) {
        unsigned char d = t[i];
        if (d < 0x80) {
            if (ascii_letter(d))
                i++;
            else if (d == '\'')
                i++, apos = true;
            else
                break;
        } else if (d == 0xC3 && i + 1 < end && (t[i + 1] & 0xC0) == 0x80) {
            /* U+00C0..U+00FF: letters but for the signs x and / */
            if (t[i + 1] == 0x97 || t[i + 1] == 0xB7)
                break;
            ascii = false;
            i += 2;
        } else if ((k = cx_utf8_valid_seq(t + i, end - i, &cp)) && u_isalpha((UChar32)cp)) {
            ascii = false;
            i += k;
        } else {
            break;
        }
    }
    uint32_t f = word_flags(L, text, a, i, ascii);
    if (!f && apos) {
        /* "d'euros", "l'euro": the word after the elision names a currency */
        size_t b = i;
        while (b > a && t[b - 1] != '\'')
            b--;
        if (b < i && (word_flags(L, text, b, i, ascii) & (CX_T_CURRENCY | CX_T_CURPART)))
            f |= CX_T_CURPART;
    }
    if (apos && !(f & CX_T_GPU)) {
        /* "GPU's", "chip's": the word before the apostrophe may name a GPU */
        size_t b = a;
        while (t[b] != '\'')
            b++;
        uint32_t g = b > a ? word_flags(L, text, a, b, ascii) : 0;
        if (g & CX_T_GPU)
            f |= g & (CX_T_GPU | CX_T_GPUCHIP | CX_T_GPUMODEL | CX_T_GPUUNIT);
    }
    if (cap) {
        f |= CX_T_CAP;
        int up = 0;
        for (size_t j = a; j < i && up < 2; j++)
            up += t[j] >= 'A' && t[j] <= 'Z';
        if (up >= 2)
            f |= CX_T_UPPER;
    }
    if (f && push(out, a, i, f | CX_T_WORD) != CLAIMX_OK)
        *rc = CLAIMX_ENOMEM;
    return i;
}

/* keep[n]: the low n bytes of a word */
static const uint64_t keep[9] = {0, 0xFFull, 0xFFFFull, 0xFFFFFFull, 0xFFFFFFFFull, 0xFFFFFFFFFFull,
                                 0xFFFFFFFFFFFFull, 0xFFFFFFFFFFFFFFull, ~0ull};

/* The usual word: 1..16 ASCII letters at p (16 bytes readable), then an
 * ASCII byte that is no letter nor '. Returns its length, 0 for a word of
 * another shape; *pf receives its flags (CX_T_WORD left out; 0: no token). */
static inline __attribute__((always_inline)) size_t word_fast_raw(const cx_ptab *tab, const unsigned char *p, uint64_t *pv, uint32_t *pcap)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull, lower = ones * 0x20;
    uint64_t x0, x1 = 0, k0, k1;
    size_t len;
    memcpy(&x0, p, 8);
    /* the high bit of each byte that is no ASCII letter (bit 5 set, then in
     * 'a'..'z'; the high bits are cleared before adding) */
    uint64_t y = (x0 | lower) & ~high;
    uint64_t other = ~((y + ones * 0x1F) & ~(y + ones * 0x05) & ~x0) & high;
    if (other) {
        len = (size_t)__builtin_ctzll(other) >> 3; /* >= 1: p[0] is a letter */
        k0 = (x0 | lower) & keep[len];
        k1 = 0;
    } else {
        memcpy(&x1, p + 8, 8);
        y = (x1 | lower) & ~high;
        other = ~((y + ones * 0x1F) & ~(y + ones * 0x05) & ~x1) & high;
        if (!other)
            return 0;
        len = 8 + ((size_t)__builtin_ctzll(other) >> 3);
        k0 = x0 | lower;
        k1 = (x1 | lower) & keep[len - 8];
    }
    unsigned char d = p[len];
    if (d == '\'' || d >= 0x80)
        return 0;
    *pv = len < 8 ? cx_ptab_get(tab, k0, 0) : cx_ptab_get(tab, k0, k1); /* one multiply for the short ones */
    uint32_t f = 0;
    if (!(p[0] & 0x20)) {
        /* upper case: a letter with bit 5 clear; two or more of them */
        uint64_t u0 = ~(x0 << 2) & high & keep[len < 8 ? len : 8];
        uint64_t u1 = len > 8 ? ~(x1 << 2) & high & keep[len - 8] : 0;
        bool up = (u0 & (u0 - 1)) | (u1 & (u1 - 1)) | (u0 && u1);
        f = up ? CX_T_CAP | CX_T_UPPER : CX_T_CAP;
    }
    *pcap = f;
    return len;
}

/* word_fast_raw() with the scan table: *pf the word's flags */
static inline size_t word_fast(const struct cx_scantab *T, const unsigned char *p, uint32_t *pf)
{
    uint64_t v = 0;
    uint32_t cap = 0;
    size_t len = word_fast_raw(T->tab, p, &v, &cap);
    *pf = (uint32_t)v | cap;
    return len;
}

/* The packed lookup of the folded key kb[0..SCAN_PACK) (a key of at most
 * SCAN_PACK bytes, the bytes after it zero). */
static inline uint32_t scan_key(const struct cx_scantab *T, const unsigned char *kb)
{
    uint64_t k0, k1;
    memcpy(&k0, kb, 8);
    memcpy(&k1, kb + 8, 8);
    return scan_get(T, k0, k1);
}

/* The flags word_latin() gives the word folded to kb[0..j) (zeros after
 * it): ap0 its first apostrophe, ap1 after its last (0: none), cap its first
 * letter upper case, up two ASCII upper-case letters or more. */
static inline uint32_t latin_flags(const struct cx_scantab *T, const unsigned char *kb, size_t j, size_t ap0,
                                   size_t ap1, bool cap, bool up)
{
    uint32_t f = scan_key(T, kb);
    if (__builtin_expect(ap1 != 0, 0)) {
        /* "d'euros", "l'euro": the word after the last apostrophe */
        if (!f && ap1 < j && (scan_key(T, kb + ap1) & (CX_T_CURRENCY | CX_T_CURPART)))
            f |= CX_T_CURPART;
        /* "GPU's": the word before the first one */
        if (!(f & CX_T_GPU) && ap0 > 0) {
            unsigned char pb[2 * SCAN_PACK] = {0};
            memcpy(pb, kb, ap0);
            uint32_t g = scan_key(T, pb);
            if (g & CX_T_GPU)
                f |= g & (CX_T_GPU | CX_T_GPUCHIP | CX_T_GPUMODEL | CX_T_GPUUNIT);
        }
    }
    if (cap)
        f |= up ? CX_T_CAP | CX_T_UPPER : CX_T_CAP;
    return f;
}

/* A word of ASCII letters, apostrophes and letters U+00C0..U+017F
 * (cx_latin_fold) at a (t[a] one of them, no apostrophe), folded to at most
 * SCAN_PACK bytes as long as itself: its end, *pf its flags as
 * word_general() finds them (CX_T_WORD left out; 0: no token). 0 for a word
 * of another shape or length, which word_general() reads. The fold is exact
 * (the packed table has every key of the word's length), so the three
 * lookups of word_general() are packed lookups of parts of one buffer. */
static size_t word_latin(const struct cx_scantab *T, const unsigned char *t, size_t a, size_t end, uint32_t *pf)
{
    unsigned char kb[2 * SCAN_PACK] = {0}; /* the fold, then zeros */
    size_t i = a, j = 0, ap0 = 0, ap1 = 0;
    unsigned up = 0;  /* ASCII upper-case letters */
    bool cap = false; /* the first letter is upper case */
    while (i < end) {
        unsigned char c = t[i];
        if (c < 0x80) {
            if (ascii_letter(c) && end - i >= 8) {
                /* a run of letters, eight bytes at a time (as word_fast) */
                const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull, lower = ones * 0x20;
                uint64_t x;
                memcpy(&x, t + i, 8);
                uint64_t y = (x | lower) & ~high;
                uint64_t other = ~((y + ones * 0x1F) & ~(y + ones * 0x05) & ~x) & high;
                size_t r = other ? (size_t)__builtin_ctzll(other) >> 3 : 8; /* >= 1 */
                if (j + r > SCAN_PACK)
                    return 0;
                uint64_t w = (x | lower) & keep[r], u = ~(x << 2) & high & keep[r];
                memcpy(kb + j, &w, 8);
                up += (u != 0) + ((u & (u - 1)) != 0); /* at least 2 when it has 2 */
                j += r;
                i += r;
                continue;
            }
            if (ascii_letter(c)) {
                up += c < 'a';
                c |= 0x20;
            } else if (c == '\'') {
                if (!ap1)
                    ap0 = j;
                ap1 = j + 1;
            } else {
                break;
            }
            if (j >= SCAN_PACK)
                return 0;
            kb[j++] = c;
            i++;
            continue;
        }
        if (c < 0xC3 || c > 0xC5 || i + 1 >= end || (t[i + 1] & 0xC0) != 0x80)
            return 0;
        unsigned v = cx_latin_fold[cx_latin_at(c, t[i + 1])];
        if (v == CX_LATIN_NONE)
            break; /* the signs x and / end a word */
        if (v == CX_LATIN_OTHER || j + 2 > SCAN_PACK)
            return 0;
        if (j == 0)
            cap = v != ((unsigned)c << 8 | t[i + 1]);
        kb[j++] = (unsigned char)(v >> 8);
        kb[j++] = (unsigned char)v;
        i += 2;
    }
    if (j == 0)
        return 0; /* t[a] is no letter */
    if (t[a] < 0x80)
        cap = t[a] < 'a';
    *pf = latin_flags(T, kb, j, ap0, ap1, cap, up >= 2);
    return i;
}

#if SCAN_LE && defined(__SSE2__)
/* word_latin() of a word that ends in the sixteen bytes from a (end - a >=
 * 17), with one load: its bytes are ASCII letters, apostrophes and bytes
 * above 0x7F up to the first other byte; the bytes above 0x7F are then
 * folded two by two, in order, as word_latin() does (the fold keeps the
 * length). SIZE_MAX when the word may go on past the sixteen bytes. */
static size_t word_latin16(const struct cx_scantab *T, const unsigned char *t, size_t a, uint32_t *pf)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(t + a));
    __m128i lt = _mm_sub_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)), _mm_set1_epi8((char)('a' + 128)));
    __m128i lm = _mm_cmplt_epi8(lt, _mm_set1_epi8(-128 + 26));
    __m128i am = _mm_cmpeq_epi8(x, _mm_set1_epi8('\''));
    uint32_t L = (uint32_t)_mm_movemask_epi8(lm), A = (uint32_t)_mm_movemask_epi8(am);
    uint32_t H = (uint32_t)_mm_movemask_epi8(x);
    uint32_t B5 = (uint32_t)_mm_movemask_epi8(_mm_slli_epi16(x, 2)); /* bit 5 of each byte */
    unsigned e = (unsigned)__builtin_ctz(~(L | A | H)); /* <= 16 */
    if (e >= 16)
        return SIZE_MAX;
    unsigned char kb[2 * SCAN_PACK];
    /* ASCII letters lowered (apostrophes are as they fold), the bytes from
     * e on zero */
    const __m128i idx = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    __m128i in = _mm_cmplt_epi8(idx, _mm_set1_epi8((char)e));
    _mm_storeu_si128((__m128i *)(void *)kb,
                     _mm_and_si128(in, _mm_or_si128(x, _mm_and_si128(lm, _mm_set1_epi8(0x20)))));
    _mm_storeu_si128((__m128i *)(void *)(kb + 16), _mm_setzero_si128());
    bool cap = t[a] < 0x80 && t[a] < 'a';
    for (uint32_t h = H & ((1u << e) - 1); h;) {
        unsigned p = (unsigned)__builtin_ctz(h);
        unsigned char c = kb[p], d = kb[p + 1];
        if (c < 0xC3 || c > 0xC5 || (d & 0xC0) != 0x80)
            return 0;
        unsigned v = cx_latin_fold[cx_latin_at(c, d)];
        if (v == CX_LATIN_NONE) {
            e = p; /* the signs x and / end a word */
            memset(kb + e, 0, 16 - e);
            break;
        }
        if (v == CX_LATIN_OTHER)
            return 0;
        if (p == 0)
            cap = v != ((unsigned)c << 8 | d);
        kb[p] = (unsigned char)(v >> 8);
        kb[p + 1] = (unsigned char)v;
        h &= ~(3u << p);
    }
    if (e == 0)
        return 0; /* t[a] is no letter */
    uint32_t keepm = (1u << e) - 1;
    uint32_t ap = A & keepm, up = L & ~B5 & keepm;
    size_t ap0 = ap ? (size_t)__builtin_ctz(ap) : 0, ap1 = ap ? 32 - (size_t)__builtin_clz(ap) : 0;
    *pf = latin_flags(T, kb, e, ap0, ap1, cap, (up & (up - 1)) != 0);
    return a + e;
}
#endif

/* word_latin() at a, and the word's token when it has flags: the word's end,
 * 0 when word_latin() does not read it, (size_t)-1 when out of memory. */
static inline size_t latin_token(const struct cx_scantab *T, const unsigned char *t, size_t a, size_t end,
                                 cx_toks *out)
{
    uint32_t f = 0;
    size_t e = SIZE_MAX;
#if SCAN_LE && defined(__SSE2__)
    if (end - a >= 17) {
        e = word_latin16(T, t, a, &f);
    } else if (end >= SCAN_PACK) {
        /* near the end: the sixteen bytes before end, then NULs (no part
         * of a word: it ends at end) */
        unsigned char buf[2 * SCAN_PACK] = {0};
        memcpy(buf, t + end - SCAN_PACK, SCAN_PACK);
        size_t r = word_latin16(T, buf + (a - (end - SCAN_PACK)), 0, &f);
        e = r && r != SIZE_MAX ? a + r : r;
    }
#endif
    if (e == SIZE_MAX)
        e = word_latin(T, t, a, end, &f);
    if (e && f && push(out, a, e, f | CX_T_WORD) != CLAIMX_OK)
        return (size_t)-1;
    return e;
}

/* cx_scan()'s walk of the tokens that start in [i, stop), reading words up
 * to end (stop <= end), appended to out. */
static inline int scan_run(const cx_lang *L, const char *text, size_t i, size_t stop, size_t end, cx_toks *out)
{
    const unsigned char *t = (const unsigned char *)text;
    const struct cx_scantab *T = SCAN_LE ? L->scantab : NULL;
    int rc = CLAIMX_OK;
    while (i < stop) {
        unsigned char c = t[i];
        switch (byte_class[c]) {
        case B_SKIP:
            i++;
            continue;
        case B_DIGIT: {
            size_t a = i;
            while (++i < end && t[i] >= '0' && t[i] <= '9')
                ;
            if (push(out, a, i, CX_T_DIGITS) != CLAIMX_OK)
                return CLAIMX_ENOMEM;
            continue;
        }
        case B_DOLLAR:
            if (push(out, i, i + 1, CX_T_SYMBOL) != CLAIMX_OK)
                return CLAIMX_ENOMEM;
            i++;
            continue;
        case B_HIGH: {
            if (T && c >= 0xC3 && c <= 0xC5) {
                size_t e = latin_token(T, t, i, end, out);
                if (e == (size_t)-1)
                    return CLAIMX_ENOMEM;
                if (e) {
                    i = e;
                    continue;
                }
            }
            uint32_t cp;
            size_t k = cx_utf8_valid_seq(t + i, end - i, &cp);
            if (k == 0) {
                i++;
                continue;
            }
            if (!u_isalpha((UChar32)cp)) {
                if (u_charType((UChar32)cp) == U_CURRENCY_SYMBOL && push(out, i, i + k, CX_T_SYMBOL) != CLAIMX_OK)
                    return CLAIMX_ENOMEM;
                i += k;
                continue;
            }
            i = word_general(L, text, i, end, c, cp, k, out, &rc);
            if (rc != CLAIMX_OK)
                return rc;
            continue;
        }
        default: /* B_LETTER */
            break;
        }
        if (T) {
            size_t len;
            for (;;) {
                uint32_t f = 0;
                unsigned char buf[SCAN_PACK];
                const unsigned char *p = t + i;
                if (end - i < SCAN_PACK) {
                    /* near the end: a copy padded with NULs (no letter: the
                     * word ends at end) */
                    memset(buf, 0, sizeof buf);
                    memcpy(buf, t + i, end - i);
                    p = buf;
                }
                len = word_fast(T, p, &f);
                if (!len)
                    break;
                if (f && push(out, i, i + len, f | CX_T_WORD) != CLAIMX_OK)
                    return CLAIMX_ENOMEM;
                i += len;
                /* a space then a letter (the usual case): the loop would
                 * skip the space and come back here */
                if (i + 2 > stop || t[i] != ' ' || !ascii_letter(t[i + 1]))
                    break;
                i++;
                c = t[i];
            }
            if (len)
                continue;
            size_t e = latin_token(T, t, i, end, out);
            if (e == (size_t)-1)
                return CLAIMX_ENOMEM;
            if (e) {
                i = e;
                continue;
            }
        }
        i = word_general(L, text, i, end, c, c, 1, out, &rc);
        if (rc != CLAIMX_OK)
            return rc;
    }
    return CLAIMX_OK;
}

int cx_scan(const cx_lang *L, const char *text, size_t start, size_t end, cx_toks *out)
{
    out->n = 0;
    out->all = 0;
    return scan_run(L, text, start, end, end, out);
}


#if SCAN_LE && defined(__SSE2__)
/* The word at p (p[0..18) readable) when it is made of 1..15 bytes of ASCII
 * letters, apostrophes (not first) and Latin-1 letters (C3 80..C3 BF but for
 * the signs x and /, C3 97 and C3 B7), and ends at an ASCII byte (no letter
 * nor apostrophe then), at U+2000..U+203F (E2 80: punctuation) or at
 * U+20A0..U+20BF (E2 82 A0..BF: currency signs), none of them a letter: its
 * length, *k0 and *k1 its fold packed, *pap the length of its part up to its
 * first apostrophe included (0: none), *pap1 that up to its last, *pcap CX_T_CAP (| CX_T_UPPER) as
 * cx_scan() gives them; 0 for any other word. cx_scan() and cx_lang_count()
 * both read such a word as these bytes, and fold it the same way (ASCII
 * letters lowered, C3 80..C3 9E raised by 0x20) but for one case that is
 * left out here: cx_lang_count() keeps a first letter that is the word's
 * only one outside ASCII as it is. */
static inline __attribute__((always_inline)) size_t word_latin1(const unsigned char *p, uint64_t *k0, uint64_t *k1,
                                                                size_t *pap, size_t *pap1, uint32_t *pcap)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i lt = _mm_sub_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)), _mm_set1_epi8((char)('a' + 128)));
    __m128i lm = _mm_cmplt_epi8(lt, _mm_set1_epi8(-128 + 26));
    uint32_t L = (uint32_t)_mm_movemask_epi8(lm);
    uint32_t lead = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xC3)));
    /* continuation bytes 80..BF (signed below -64) but 97 and B7 */
    __m128i cm = _mm_andnot_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0x97)),
                                               _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xB7))),
                                  _mm_cmplt_epi8(x, _mm_set1_epi8((char)0xC0)));
    uint32_t cont = (uint32_t)_mm_movemask_epi8(cm);
    uint32_t pair = lead & (cont >> 1); /* a Latin-1 letter starts there */
    uint32_t A = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('\''))) & ~1u;
    uint32_t W = L | A | pair | pair << 1;
    unsigned e = (unsigned)__builtin_ctz(~W); /* <= 16 */
    if (e == 0 || e >= 16)
        return 0;
    unsigned char d = p[e];
    if (d >= 0x80 && !(d == 0xE2 && (p[e + 1] == 0x80 || (p[e + 1] == 0x82 && p[e + 2] >= 0xA0))))
        return 0;
    uint32_t keepm = (1u << e) - 1;
    uint32_t ap = A & keepm;
    *pap = ap ? (size_t)__builtin_ctz(ap) + 1 : 0;
    *pap1 = ap ? 32 - (size_t)__builtin_clz(ap) : 0;
    uint32_t hp = pair & keepm;
    /* upper-case Latin-1 letters: C3 80..9E (97 is no letter) */
    uint32_t upc = (uint32_t)_mm_movemask_epi8(_mm_cmplt_epi8(x, _mm_set1_epi8((char)0x9F))) & hp << 1;
    if ((hp & 1) && (upc & 2) && hp == 1)
        return 0; /* the first letter alone: cx_lang_count() keeps it as it is */
    /* lower: ASCII letters | 0x20, upper-case continuation bytes + 0x20 */
    const __m128i idx = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    __m128i in = _mm_cmplt_epi8(idx, _mm_set1_epi8((char)e));
    __m128i up20 = _mm_and_si128(_mm_cmplt_epi8(x, _mm_set1_epi8((char)0x9F)), _mm_and_si128(cm, _mm_set1_epi8(0x20)));
    /* (the bytes below 0x9F as signed are 0x80..0x9E and all ASCII: cm keeps
     * the continuation bytes; a continuation byte of a pair only, as every
     * byte before e is a letter or in a pair) */
    __m128i kx = _mm_and_si128(in, _mm_add_epi8(_mm_or_si128(x, _mm_and_si128(lm, _mm_set1_epi8(0x20))), up20));
    unsigned char kb[16];
    _mm_storeu_si128((__m128i *)(void *)kb, kx);
    memcpy(k0, kb, 8);
    memcpy(k1, kb + 8, 8);
    uint32_t f = 0;
    if ((L & 1) ? !(p[0] & 0x20) : (upc & 2) != 0) {
        uint32_t B5 = (uint32_t)_mm_movemask_epi8(_mm_slli_epi16(x, 2)); /* bit 5 of each byte */
        uint32_t up = L & ~B5 & keepm;
        f = (up & (up - 1)) ? CX_T_CAP | CX_T_UPPER : CX_T_CAP;
    }
    *pcap = f;
    return e;
}
#endif

#if SCAN_LE && defined(__SSE2__)
/* word_fast_raw() with one sixteen-byte load: the same word (1..15 ASCII
 * letters, then an ASCII byte that is no letter nor '), key, value and
 * capitals; *pnext: 1 when the byte after it is a space and the one after
 * that an ASCII letter, both among the sixteen (where another word starts),
 * else 0. The key is the loaded bytes with bit 5 set (every byte before len
 * is a letter), cut to len bytes. */
static inline __attribute__((always_inline)) size_t word_fast16(const cx_ptab *tab, const unsigned char *p, uint64_t *pv,
                                                                uint32_t *pcap, unsigned *pnext)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i lw = _mm_or_si128(x, _mm_set1_epi8(0x20));
    __m128i lm = _mm_cmplt_epi8(_mm_sub_epi8(lw, _mm_set1_epi8((char)('a' + 128))), _mm_set1_epi8(-128 + 26));
    uint32_t L = (uint32_t)_mm_movemask_epi8(lm);
    unsigned len = (unsigned)__builtin_ctz(~L); /* >= 1: p[0] is a letter */
    if (len - 1 >= 15) /* (0 never: the compiler learns len >= 1) */
        return 0;
    unsigned char d = p[len];
    if (d == '\'' || d >= 0x80)
        return 0;
    uint64_t k0 = (uint64_t)_mm_cvtsi128_si64(lw);
    if (len < 8) {
        *pv = cx_ptab_get(tab, k0 & keep[len], 0);
    } else {
        uint64_t k1 = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(lw, lw));
        *pv = cx_ptab_get(tab, k0, k1 & keep[len - 8]);
    }
    uint32_t f = 0;
    if (!(p[0] & 0x20)) {
        /* upper case: a letter with bit 5 clear; two or more of them */
        uint32_t B5 = (uint32_t)_mm_movemask_epi8(_mm_slli_epi16(x, 2));
        uint32_t up = L & ~B5 & ((1u << len) - 1);
        f = (up & (up - 1)) ? CX_T_CAP | CX_T_UPPER : CX_T_CAP;
    }
    *pcap = f;
    *pnext = d == ' ' && (L >> (len + 1) & 1);
    return len;
}
#else
static inline size_t word_fast16(const cx_ptab *tab, const unsigned char *p, uint64_t *pv, uint32_t *pcap, unsigned *pnext)
{
    size_t len = word_fast_raw(tab, p, pv, pcap);
    *pnext = len && len + 1 < 16 && p[len] == ' ' && ascii_letter(p[len + 1]);
    return len;
}
#endif

/* ---------- one walk for the language and the scan ----------
 * cx_scan_para() walks a paragraph once, as cx_scan() walks a sentence, and
 * gives both what cx_lang_count() adds to counts and the paragraph's tokens
 * for every language at once (cx_item): a word of ASCII letters that
 * word_fast() reads is looked up once in p->fuse, which holds its language
 * bits and its anchor flags in each language; any other word is counted by
 * cx_lang_word() and left for cx_scan_items() to read as cx_scan() does,
 * once the language is known. The two walks find the same words: a word is
 * a run of ASCII letters, apostrophes (not first) and letters (u_isalpha,
 * the signs x and / excluded) in both, and word_fast()'s condition is the
 * one of cx_lang_count()'s packed fast path (1..16 ASCII letters, then an
 * ASCII byte that is no letter nor apostrophe), whose key is the same
 * lower-cased word. */
static int item_grow(cx_items *o)
{
    cx_item *v = cx_grow(o->v, &o->cap, o->n + 1, 256, sizeof *v);
    if (!v)
        return CLAIMX_ENOMEM;
    o->v = v;
    return CLAIMX_OK;
}

static inline int item_push(cx_items *o, size_t a, size_t b, uint32_t flags, uint32_t row)
{
    if (o->n == o->cap && item_grow(o) != CLAIMX_OK)
        return CLAIMX_ENOMEM;
    o->v[o->n++] = (cx_item){(uint32_t)a, (uint32_t)b, flags, row};
    return CLAIMX_OK;
}

static int ext_grow(cx_items *o)
{
    uint32_t *v = cx_grow(o->ext, &o->extcap, o->extcap + 1, 192, sizeof *v);
    if (!v)
        return CLAIMX_ENOMEM;
    o->ext = v;
    return CLAIMX_OK;
}

/* The val in tab of the key kb[0..n) (1 <= n <= 16; the 16 bytes from kb
 * readable), 0 for n == 0. */
static inline uint64_t fuse_get(const cx_ptab *tab, const unsigned char *kb, size_t n)
{
    if (n == 0)
        return 0;
    unsigned char b[16] = {0};
    memcpy(b, kb, n);
    uint64_t k0, k1;
    memcpy(&k0, b, 8);
    memcpy(&k1, b + 8, 8);
    return cx_ptab_get(tab, k0, k1);
}

/* The walk of cx_scan_para() (tk NULL: the items of every language into
 * out) and of cx_scan_para_lang() (tk: the tokens of language lang, as
 * cx_scan_items() would make them from the items, into tk; out unused). */
/* A word [a, a + len) read whole, v its value in the merged table (language
 * bits, of languages < nl only, then its row's first index) and cap its
 * shape flags: counted for the language id, and kept as a token of the
 * guessed language (tk, its flags lrows[row]) or as an item for every
 * language (out). */
static inline int word_whole(size_t *counts, const uint16_t *lrows, cx_toks *tk, cx_items *out, size_t a, size_t len,
                             uint64_t v, uint32_t cap)
{
    if (tk && !v) /* in no list: row 0, whose flags are 0 in every language */
        return cap ? tpush(tk, a, a + len, cap | CX_T_WORD) : CLAIMX_OK;
    for (uint32_t lb = (uint32_t)v; lb; lb &= lb - 1)
        counts[__builtin_ctz(lb)] += 2;
    uint32_t row = (uint32_t)(v >> 32);
    if (tk) {
        uint32_t f = cap | lrows[row];
        return f ? tpush(tk, a, a + len, f | CX_T_WORD) : CLAIMX_OK;
    }
    return (row | cap) ? item_push(out, a, a + len, cap | CX_ITEM_WORD, row) : CLAIMX_OK;
}

static inline __attribute__((always_inline)) int para_walk(const cx_patterns *P, const char *text, size_t start,
                                                           size_t end, size_t room, cx_items *out, cx_toks *tk,
                                                           int lang, size_t *counts)
{
    const uint16_t *lrows = tk ? P->fuse->rows + lang : NULL; /* lrows[row]: language lang's flags */
    const unsigned char *t = (const unsigned char *)text;
    const cx_ptab *tab = P->fuse->tab;
    /* (a value's low 32 bits are language bits of languages < nl only: no mask) */
    /* a word at i > lim16 is read from a padded copy (room < 16: every word) */
    const ptrdiff_t lim16 = (ptrdiff_t)room - SCAN_PACK;
    size_t i = start;
    while (i < end) {
        unsigned char c = t[i];
        unsigned bc = byte_class[c];
        /* the byte most often met here first: one the walk skips */
        if (bc == B_SKIP) {
            i++;
            continue;
        }
        switch (bc) {
        case B_DIGIT: {
            size_t a = i;
            while (++i < end && t[i] >= '0' && t[i] <= '9')
                ;
            if ((tk ? tpush(tk, a, i, CX_T_DIGITS) : item_push(out, a, i, CX_T_DIGITS, 0)) != CLAIMX_OK)
                return CLAIMX_ENOMEM;
            continue;
        }
        case B_DOLLAR:
            if ((tk ? tpush(tk, i, i + 1, CX_T_SYMBOL) : item_push(out, i, i + 1, CX_T_SYMBOL, 0)) != CLAIMX_OK)
                return CLAIMX_ENOMEM;
            i++;
            continue;
        case B_HIGH: {
            /* cx_scan(): a word when the character is a letter (latin_token()
             * reads only letters), else a currency sign or nothing */
            if (c == 0xE2 && end - i >= 3 && t[i + 1] == 0x80 && (t[i + 2] & 0xC0) == 0x80) {
                /* U+2000..U+203F (spaces, dashes, quotes, ...): no letter nor
                 * currency sign, as the general path below finds */
                i += 3;
                continue;
            }
            uint32_t cp;
            size_t k = cx_utf8_valid_seq(t + i, end - i, &cp);
            if (k == 0) {
                i++;
                continue;
            }
            if (!u_isalpha((UChar32)cp)) {
                if (u_charType((UChar32)cp) == U_CURRENCY_SYMBOL &&
                    (tk ? tpush(tk, i, i + k, CX_T_SYMBOL) : item_push(out, i, i + k, CX_T_SYMBOL, 0)) != CLAIMX_OK)
                    return CLAIMX_ENOMEM;
                i += k;
                continue;
            }
            if (c == 0xC3)
                goto latin1;
            goto other;
        }
        default: /* B_LETTER */
            break;
        }
        if (SCAN_LE) {
            size_t len;
            for (;;) {
                uint64_t v = 0;
                uint32_t cap = 0;
                unsigned char buf[SCAN_PACK];
                const unsigned char *p = t + i;
                if ((ptrdiff_t)i > lim16) {
                    memset(buf, 0, sizeof buf);
                    memcpy(buf, t + i, end - i);
                    p = buf;
                }
                unsigned next;
                len = word_fast16(tab, p, &v, &cap, &next);
                if (!len)
                    break;
                if (word_whole(counts, lrows, tk, out, i, len, v, cap) != CLAIMX_OK)
                    return CLAIMX_ENOMEM;
                i += len;
                /* a space, then a letter before end: the next word at once
                 * (the walk would skip the space and come here) */
                if (!next || end - i <= next)
                    break;
                i += next;
            }
            if (len)
                continue;
        }
    latin1:
#if SCAN_LE && defined(__SSE2__)
    {
        unsigned char buf[2 * SCAN_PACK];
        const unsigned char *p = t + i;
        if (i + 18 > room) {
            memset(buf, 0, sizeof buf);
            memcpy(buf, t + i, end - i);
            p = buf;
        }
        uint64_t k0, k1;
        uint32_t cap = 0;
        size_t ap = 0, ap1 = 0;
        size_t len = word_latin1(p, &k0, &k1, &ap, &ap1, &cap);
        if (len && ap) {
            /* "l'euro", "auto's": counted as cx_lang_count() does (the word,
             * else its part up to the first apostrophe included); its flags
             * in each language are latin_flags()'s, from the rows of the
             * word, of its part before the first apostrophe and of its part
             * after the last (the fold is the same, see word_latin1) */
            unsigned char kb[48] = {0};
            memcpy(kb, &k0, 8);
            memcpy(kb + 8, &k1, 8);
            uint64_t v = cx_ptab_get(tab, k0, k1);
            uint64_t full = v & 0xFFFFFFFFull;
            uint64_t part = fuse_get(tab, kb, ap) & 0xFFFFFFFFull & ~full;
            for (; full; full &= full - 1)
                counts[__builtin_ctzll(full)] += 2;
            for (; part; part &= part - 1)
                counts[__builtin_ctzll(part)] += 1;
            uint32_t r0 = (uint32_t)(v >> 32);
            uint32_t r1 = (uint32_t)(fuse_get(tab, kb, ap - 1) >> 32);
            uint32_t r2 = ap1 < len ? (uint32_t)(fuse_get(tab, kb + ap1, len - ap1) >> 32) : 0;
            if (tk) {
                /* cx_scan_items() of the item */
                uint32_t f = lrows[(size_t)r0];
                if (!f && (lrows[(size_t)r2] & (CX_T_CURRENCY | CX_T_CURPART)))
                    f |= CX_T_CURPART;
                uint32_t g = lrows[(size_t)r1];
                if (!(f & CX_T_GPU) && (g & CX_T_GPU))
                    f |= g & (CX_T_GPU | CX_T_GPUCHIP | CX_T_GPUMODEL | CX_T_GPUUNIT);
                f |= cap;
                if (f && tpush(tk, i, i + len, f | CX_T_WORD) != CLAIMX_OK)
                    return CLAIMX_ENOMEM;
            } else if (r0 | r1 | r2 | cap) {
                if (out->next + 3 > out->extcap && ext_grow(out) != CLAIMX_OK)
                    return CLAIMX_ENOMEM;
                out->ext[out->next] = r0;
                out->ext[out->next + 1] = r1;
                out->ext[out->next + 2] = r2;
                if (item_push(out, i, i + len, cap | CX_ITEM_APOS, (uint32_t)out->next) != CLAIMX_OK)
                    return CLAIMX_ENOMEM;
                out->next += 3;
            }
            i += len;
            continue;
        }
        if (len) {
            if (word_whole(counts, lrows, tk, out, i, len, cx_ptab_get(tab, k0, k1), cap) != CLAIMX_OK)
                return CLAIMX_ENOMEM;
            i += len;
            continue;
        }
    }
#endif
    other: {
        if (ascii_letter(t[i])) {
            /* a run of ASCII letters (16 or more: shorter ones are read
             * above) ended by an ASCII byte that is no letter nor ' (or by
             * end), longer than every key of langwords: the same word for
             * cx_lang_word() and cx_scan(), with no evidence (count_at():
             * its fold, ASCII lowered, is as long, so in no list) and the
             * flags word_general() gives it (no apostrophe, ASCII: word_flags()
             * of the word and its capitals) */
            size_t j = i + 1;
            while (j < end && ascii_letter(t[j]))
                j++;
            if (j - i > P->fuse->wordmax && (j == end || (t[j] < 0x80 && t[j] != '\''))) {
                if (tk) {
                    uint32_t f = word_flags(&P->langs[lang], text, i, j, true);
                    if (t[i] >= 'A' && t[i] <= 'Z') {
                        int up = 0;
                        for (size_t x = i; x < j && up < 2; x++)
                            up += t[x] >= 'A' && t[x] <= 'Z';
                        f |= up >= 2 ? CX_T_CAP | CX_T_UPPER : CX_T_CAP;
                    }
                    if (f && tpush(tk, i, j, f | CX_T_WORD) != CLAIMX_OK)
                        return CLAIMX_ENOMEM;
                } else if (item_push(out, i, j, CX_ITEM_OTHER, 0) != CLAIMX_OK) {
                    return CLAIMX_ENOMEM;
                }
                i = j;
                continue;
            }
        }
        /* any other word: counted now, its tokens read per sentence */
        size_t e = cx_lang_word(P, text, i, end, counts);
        if (tk) {
            /* what cx_scan_items() does with the item; the paragraph's end
             * for the sentence's: the word ends before either (no item
             * crosses a sentence's bounds) */
            int rc = scan_run(&P->langs[lang], text, i, i + 1, end, tk);
            if (rc != CLAIMX_OK)
                return rc;
        } else if (item_push(out, i, e, CX_ITEM_OTHER, 0) != CLAIMX_OK) {
            return CLAIMX_ENOMEM;
        }
        i = e;
    }
    }
    return CLAIMX_OK;
}

int cx_scan_para(const cx_patterns *P, const char *text, size_t start, size_t end, cx_items *out, size_t *counts)
{
    return para_walk(P, text, start, end, end, out, NULL, -1, counts);
}

int cx_scan_para_lang(const cx_patterns *P, int lang, const char *text, size_t start, size_t end, size_t room,
                      cx_toks *out, size_t *counts)
{
    if (!out) /* never: tells the compiler that para_walk()'s tk is set */
        __builtin_unreachable();
    /* the walk pushes to a copy of *out on this stack, which counts cannot
     * point to (its fields stay in registers across the counts' updates) */
    cx_toks tk = *out;
    int rc = para_walk(P, text, start, end, room < end ? end : room, NULL, &tk, lang, counts);
    *out = tk;
    return rc;
}


int cx_scan_items(const cx_patterns *P, int lang, const char *text, const cx_items *it, size_t *k, size_t start,
                  size_t end, cx_toks *out)
{
    const cx_lang *L = &P->langs[lang];
    const uint16_t *rows = P->fuse->rows;
    out->n = 0;
    out->all = 0;
    size_t j = *k;
    while (j < it->n && it->v[j].start < start)
        j++;
    for (; j < it->n && it->v[j].start < end; j++) {
        const cx_item *x = &it->v[j];
        if (x->flags & CX_ITEM_APOS) {
            /* latin_flags() of a word with apostrophes */
            const uint32_t *r = it->ext + x->row;
            uint32_t f = rows[(size_t)r[0] + (size_t)lang];
            if (!f && (rows[(size_t)r[2] + (size_t)lang] & (CX_T_CURRENCY | CX_T_CURPART)))
                f |= CX_T_CURPART;
            uint32_t g = rows[(size_t)r[1] + (size_t)lang];
            if (!(f & CX_T_GPU) && (g & CX_T_GPU))
                f |= g & (CX_T_GPU | CX_T_GPUCHIP | CX_T_GPUMODEL | CX_T_GPUUNIT);
            f |= x->flags & 0xFFFF;
            if (f && push(out, x->start, x->end, f | CX_T_WORD) != CLAIMX_OK)
                return CLAIMX_ENOMEM;
            continue;
        }
        if (x->flags & CX_ITEM_OTHER) {
            /* what cx_scan() does at the word's start */
            int rc = scan_run(L, text, x->start, x->start + 1, end, out);
            if (rc != CLAIMX_OK)
                return rc;
            continue;
        }
        uint32_t f = (x->flags & 0xFFFF) | rows[(size_t)x->row + (size_t)lang];
        if (!f)
            continue;
        if (x->flags & CX_ITEM_WORD)
            f |= CX_T_WORD;
        if (push(out, x->start, x->end, f) != CLAIMX_OK)
            return CLAIMX_ENOMEM;
    }
    *k = j;
    return CLAIMX_OK;
}

void cx_items_free(cx_items *t)
{
    free(t->ext);
    free(t->v);
    memset(t, 0, sizeof *t);
}

void cx_toks_free(cx_toks *t)
{
    free(t->v);
    memset(t, 0, sizeof *t);
}
