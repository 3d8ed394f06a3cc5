/*
 * language.c - which pattern set a passage gets: count the passage's words
 * that appear in each language's list of frequent words
 * (patterns/<lang>/language.txt) and take the language with most.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "internal.h"

static bool is_word_cp(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '\'';
    return u_isalpha((UChar32)cp) != 0;
}

/* Fold an ASCII word in place of cx_fold_key (lower case, nothing else to do). */
static size_t fold_word(const char *s, size_t n, bool ascii, char *key, size_t cap)
{
    if (!ascii)
        return cx_fold_key(s, n, key, cap);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        key[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    key[n] = '\0';
    return n;
}

/* ---------- the packed table of the short frequent words ----------
 * p->langtab: every key of p->langwords of at most CX_PACK_MAX bytes with its
 * language bits (cx_ptab, lib/internal.h). */
#define PACK_MAX CX_PACK_MAX

/* p->fuse: every key of p->langwords and of each language's anchors of at
 * most CX_PACK_MAX bytes in one packed table (lib/scan.c cx_scan_para). A
 * slot's val: the language bits of langwords in its low 32 bits (bit l for
 * language l < nl only: cx_patterns_load sets 1 << l), and in its high 32
 * bits the first index r of a row (r = row * nl; 0: the key is in no
 * language's anchors) of rows, rows[r + l] holding the anchors' val of
 * language l (CX_T_* bits, 0 when absent). Left NULL (the two walks stay apart) when a language has
 * no packed scan table or the values do not fit. */
static int fuse_build(cx_patterns *p)
{
    size_t nl = p->nlangs;
    if (nl == 0 || nl > 32)
        return CLAIMX_OK;
    size_t n = 0;
    for (size_t l = 0; l < nl; l++) {
        const cx_map *m = &p->langs[l].anchors;
        if (!p->langs[l].scantab)
            return CLAIMX_OK;
        for (size_t i = 0; i < m->cap; i++)
            if (cx_packable(m, i)) {
                if (m->vals[i].val < 0 || m->vals[i].val > 0xFFFF)
                    return CLAIMX_OK;
                n++;
            }
    }
    size_t nrows_max = n;
    const cx_map *w = &p->langwords;
    for (size_t i = 0; i < w->cap; i++)
        n += cx_packable(w, i);
    struct cx_fuse *F = calloc(1, sizeof *F);
    cx_ptab *t = cx_ptab_new(n);
    uint16_t *rows = calloc((nrows_max + 1) * nl, sizeof *rows);
    if (!F || !t || !rows) {
        free(F);
        free(t);
        free(rows);
        return CLAIMX_ENOMEM;
    }
    for (size_t i = 0; i < w->cap; i++)
        if (cx_packable(w, i))
            cx_ptab_put(t, w->keys[i], w->klen[i])->val |= (uint64_t)w->vals[i].val & 0xFFFFFFFFull;
    uint32_t nrows = 0;
    for (size_t l = 0; l < nl; l++) {
        const cx_map *m = &p->langs[l].anchors;
        for (size_t i = 0; i < m->cap; i++) {
            if (!cx_packable(m, i))
                continue;
            cx_pslot *x = cx_ptab_put(t, m->keys[i], m->klen[i]);
            /* the row's first index, r * nl, kept (no multiply in the walks) */
            uint32_t r = (uint32_t)(x->val >> 32);
            if (!r) {
                r = (uint32_t)(++nrows * nl);
                x->val |= (uint64_t)r << 32;
            }
            rows[(size_t)r + l] = (uint16_t)m->vals[i].val;
        }
    }
    F->tab = t;
    F->rows = rows;
    F->nl = nl;
    F->wordmax = w->maxkey;
    p->fuse = F;
    return CLAIMX_OK;
}

int cx_lang_prepare(cx_patterns *p)
{
    p->langtab = cx_ptab_build(&p->langwords);
    if (!p->langtab)
        return CLAIMX_ENOMEM;
    return fuse_build(p);
}

void cx_lang_fuse_free(cx_patterns *p)
{
    if (p->fuse) {
        free(p->fuse->tab);
        free(p->fuse->rows);
    }
    free(p->fuse);
    p->fuse = NULL;
}

/* keep[n]: the low n bytes of a word */
static const uint64_t keep[8] = {0, 0xFFull, 0xFFFFull, 0xFFFFFFull, 0xFFFFFFFFull, 0xFFFFFFFFFFull, 0xFFFFFFFFFFFFull,
                                 0xFFFFFFFFFFFFFFull};

static inline bool ascii_letter(unsigned char c) { return (unsigned)((c | 0x20) - 'a') < 26u; }

/* The folded word s[0..n) (n <= PACK_MAX) packed, as the general path folds
 * it: ascii (no other character after the first): ASCII upper case lowered,
 * other bytes kept; otherwise every character is ASCII or a Latin-1 letter
 * (C3 xx), which cx_fold_key lowers by adding 0x20 to xx below 0x9F. */
static inline void fold_pack(const unsigned char *u, size_t n, bool ascii, uint64_t *k0, uint64_t *k1)
{
    char b[PACK_MAX] = {0};
    for (size_t j = 0; j < n; j++) {
        unsigned char c = u[j];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        else if (!ascii && c == 0xC3 && j + 1 < n) {
            unsigned char d = u[j + 1];
            b[j++] = (char)c;
            c = d < 0x9F ? (unsigned char)(d + 0x20) : d;
        }
        b[j] = (char)c;
    }
    memcpy(k0, b, 8);
    memcpy(k1, b + 8, 8);
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define CX_LE 1
#else
#define CX_LE 0
#endif

/* fold_pack() of an all-ASCII word (letters and '), n <= PACK_MAX, with
 * room bytes readable from u: lower case is setting bit 5 of every byte. */
static inline void ascii_pack(const unsigned char *u, size_t n, size_t room, uint64_t *k0, uint64_t *k1)
{
    if (!CX_LE || room < PACK_MAX) {
        fold_pack(u, n, true, k0, k1);
        return;
    }
    const uint64_t lower = 0x2020202020202020ull;
    uint64_t x0, x1;
    memcpy(&x0, u, 8);
    memcpy(&x1, u + 8, 8);
    uint64_t m0 = n >= 8 ? ~0ull : (1ull << (8 * n)) - 1;
    uint64_t m1 = n >= 16 ? ~0ull : n <= 8 ? 0 : (1ull << (8 * (n - 8))) - 1;
    *k0 = (x0 | lower) & m0;
    *k1 = (x1 | lower) & m1;
}

/* The end of the run of ASCII letters from i (< n). */
static inline size_t letter_run(const unsigned char *u, size_t i, size_t n)
{
#if CX_LE
    /* eight bytes at a time: the high bit of each byte that is a letter
     * (bit 5 set, then in 'a'..'z'; the high bits are cleared before adding) */
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    while (n - i >= 8) {
        uint64_t x;
        memcpy(&x, u + i, 8);
        uint64_t y = (x | ones * 0x20) & ~high;
        uint64_t letter = (y + ones * 0x1F) & ~(y + ones * 0x05) & ~x & high;
        uint64_t other = ~letter & high;
        if (other)
            return i + ((size_t)__builtin_ctzll(other) >> 3);
        i += 8;
    }
#endif
    while (i < n && ascii_letter(u[i]))
        i++;
    return i;
}

/* The first n bytes of the packed key (k0, k1). */
static inline void pack_prefix(uint64_t *k0, uint64_t *k1, size_t n)
{
    char b[PACK_MAX];
    memcpy(b, k0, 8);
    memcpy(b + 8, k1, 8);
    memset(b + n, 0, PACK_MAX - n);
    memcpy(k0, b, 8);
    memcpy(k1, b + 8, 8);
}

/* The general lookup of the word s[a, a + len) (any length, any letters). */
static void count_slow(const cx_map *m, const char *w, size_t len, bool ascii, bool apos, uint64_t *pfull,
                       uint64_t *ppart)
{
    char key[100];
    size_t kl = fold_word(w, len, ascii, key, sizeof key);
    const cx_entry *e = cx_map_get(m, key, kl);
    uint64_t full = e ? (uint64_t)e->val : 0, part = 0;
    /* "l'homme", "d'une": also try the part after the elision */
    if (apos) {
        const char *ap = memchr(key, '\'', kl);
        if (ap) {
            const cx_entry *e2 = cx_map_get(m, key, (size_t)(ap - key) + 1);
            part = e2 ? (uint64_t)e2->val : 0;
        }
    }
    *pfull = full;
    *ppart = part;
}

/* The word at i (u[i] an ASCII letter or a lead byte C3..C5) when it is made
 * of ASCII letters, apostrophes and letters U+00C0..U+017F (cx_latin_fold)
 * and has at most PACK_MAX bytes: its end, and in *pfull and *ppart the
 * language bits of the word and of its part up to the first apostrophe, as
 * the general path below finds them (the fold keeps the word's length, so
 * the packed table is exact). 0 for a word of another shape or length, or no
 * word, which the general path reads. As the general path does, a word whose
 * first character alone is not ASCII keeps that character as it is. */
static size_t word_latin(const cx_ptab *tab, const unsigned char *u, size_t i, size_t n, uint64_t *pfull,
                         uint64_t *ppart)
{
    unsigned char kb[2 * PACK_MAX] = {0};
    size_t j = 0, ap = 0;
    unsigned first = 0; /* the fold of a first character that is not ASCII */
    bool other = false; /* a character that is not ASCII after the first */
    while (i < n) {
        unsigned char c = u[i];
        if (c < 0x80) {
            if (ascii_letter(c))
                c |= 0x20;
            else if (c == '\'' && j > 0) {
                if (!ap)
                    ap = j + 1;
            } else
                break;
            if (j >= PACK_MAX)
                return 0;
            kb[j++] = c;
            i++;
            continue;
        }
        if (c < 0xC3 || c > 0xC5 || n - i < 2 || (u[i + 1] & 0xC0) != 0x80)
            return 0;
        unsigned v = cx_latin_fold[cx_latin_at(c, u[i + 1])];
        if (v == CX_LATIN_NONE)
            break; /* the signs x and / end a word */
        if (v == CX_LATIN_OTHER || j + 2 > PACK_MAX)
            return 0;
        if (j == 0) {
            first = v;
            v = (unsigned)c << 8 | u[i + 1]; /* kept unless another follows */
        } else {
            other = true;
        }
        kb[j++] = (unsigned char)(v >> 8);
        kb[j++] = (unsigned char)v;
        i += 2;
    }
    if (j == 0)
        return 0;
    if (first && other) {
        kb[0] = (unsigned char)(first >> 8);
        kb[1] = (unsigned char)first;
    }
    uint64_t k0, k1;
    memcpy(&k0, kb, 8);
    memcpy(&k1, kb + 8, 8);
    *pfull = cx_ptab_get(tab, k0, k1);
    *ppart = 0;
    if (ap) {
        pack_prefix(&k0, &k1, ap);
        *ppart = cx_ptab_get(tab, k0, k1);
    }
    return i;
}

#if CX_LE && defined(__SSE2__)
/* word_latin() of a word that ends in the sixteen bytes from i (n - i >= 17),
 * with one load: its bytes are ASCII letters, apostrophes and bytes above
 * 0x7F up to the first other byte; the bytes above 0x7F are then folded two
 * by two, in order, as word_latin() does (the fold keeps the length).
 * SIZE_MAX when the word may go on past the sixteen bytes. */
static size_t word_latin16(const cx_ptab *tab, const unsigned char *u, size_t i, uint64_t *pfull, uint64_t *ppart)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
    __m128i lt = _mm_sub_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)), _mm_set1_epi8((char)('a' + 128)));
    __m128i lm = _mm_cmplt_epi8(lt, _mm_set1_epi8(-128 + 26));
    uint32_t L = (uint32_t)_mm_movemask_epi8(lm);
    uint32_t A = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('\'')));
    uint32_t H = (uint32_t)_mm_movemask_epi8(x);
    A &= ~1u; /* an apostrophe first is no part of a word */
    unsigned e = (unsigned)__builtin_ctz(~(L | A | H)); /* <= 16 */
    if (e >= 16)
        return SIZE_MAX;
    unsigned char kb[2 * PACK_MAX];
    /* ASCII letters lowered (apostrophes are as they fold), the bytes from
     * e on zero */
    const __m128i idx = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    __m128i in = _mm_cmplt_epi8(idx, _mm_set1_epi8((char)e));
    _mm_storeu_si128((__m128i *)(void *)kb,
                     _mm_and_si128(in, _mm_or_si128(x, _mm_and_si128(lm, _mm_set1_epi8(0x20)))));
    _mm_storeu_si128((__m128i *)(void *)(kb + 16), _mm_setzero_si128());
    unsigned first = 0; /* the fold of a first character that is not ASCII */
    bool other = false; /* a character that is not ASCII after the first */
    for (uint32_t h = H & ((1u << e) - 1); h;) {
        unsigned q = (unsigned)__builtin_ctz(h);
        unsigned char c = kb[q], d = kb[q + 1];
        if (c < 0xC3 || c > 0xC5 || (d & 0xC0) != 0x80)
            return 0;
        unsigned v = cx_latin_fold[cx_latin_at(c, d)];
        if (v == CX_LATIN_NONE) {
            e = q; /* the signs x and / end a word */
            memset(kb + e, 0, 16 - e);
            break;
        }
        if (v == CX_LATIN_OTHER)
            return 0;
        if (q == 0) {
            first = v; /* kept unless another follows */
        } else {
            other = true;
            kb[q] = (unsigned char)(v >> 8);
            kb[q + 1] = (unsigned char)v;
        }
        h &= ~(3u << q);
    }
    if (e == 0)
        return 0;
    if (first && other) {
        kb[0] = (unsigned char)(first >> 8);
        kb[1] = (unsigned char)first;
    }
    uint64_t k0, k1;
    memcpy(&k0, kb, 8);
    memcpy(&k1, kb + 8, 8);
    *pfull = cx_ptab_get(tab, k0, k1);
    *ppart = 0;
    uint32_t ap = A & ((1u << e) - 1);
    if (ap) {
        pack_prefix(&k0, &k1, (size_t)__builtin_ctz(ap) + 1);
        *ppart = cx_ptab_get(tab, k0, k1);
    }
    return i + e;
}
#endif

/* A word's votes: 2 for each language it is a word of (bit L of full), else
 * 1 for each that has its part before its first apostrophe (bit L of part). */
static inline void add_votes(size_t *counts, size_t nl, uint64_t full, uint64_t part)
{
    for (size_t L = 0; L < nl; L++) {
        if (full >> L & 1)
            counts[L] += 2;
        else if (part >> L & 1)
            counts[L] += 1;
    }
}

/* The general step of count_in() at i (< n): the word starting at i counted
 * (or the byte or character there skipped); returns where the next step
 * starts. room bytes are readable from s. */
static inline size_t count_at(const cx_patterns *p, const char *s, size_t i, size_t n, size_t room, size_t *counts)
{
    size_t nl = p->nlangs < 32 ? p->nlangs : 32;
    const unsigned char *u = (const unsigned char *)s;
    const cx_map *m = &p->langwords;
    const cx_ptab *tab = p->langtab;
    (void)room;
    unsigned char c = u[i];
    if (tab && (ascii_letter(c) || (unsigned char)(c - 0xC3) <= 2)) {
        uint64_t full, part;
        size_t e = SIZE_MAX;
#if CX_LE && defined(__SSE2__)
        if (room - i >= 17)
            e = word_latin16(tab, u, i, &full, &part);
#endif
        if (e == SIZE_MAX)
            e = word_latin(tab, u, i, n, &full, &part);
        if (e) {
            add_votes(counts, nl, full, part);
            return e;
        }
    }
    uint32_t cp = c;
    size_t k = 1;
    if (c < 0x80) {
        if (!ascii_letter(c)) {
            i++;
            return i;
        }
    } else {
        k = cx_utf8_valid_seq(u + i, n - i, &cp);
        if (k == 0) {
            i++;
            return i;
        }
        if (!is_word_cp(cp)) {
            i += k;
            return i;
        }
    }
    size_t a = i;
    /* ascii: no other character after the first (the general path then
     * lowers ASCII only); latin: every other character is C3 xx */
    bool ascii = true, apos = false, latin = c < 0x80 || c == 0xC3;
    i += k;
    for (;;) {
        i = letter_run(u, i, n);
        if (i >= n)
            break;
        c = u[i];
        if (c == '\'') {
            i++, apos = true;
            continue;
        }
        if (c < 0x80)
            break;
        if (c == 0xC3 && n - i >= 2 && (u[i + 1] & 0xC0) == 0x80) {
            /* U+00C0..U+00FF: letters but for the signs x and / */
            if (u[i + 1] == 0x97 || u[i + 1] == 0xB7)
                break;
            ascii = false;
            i += 2;
            continue;
        }
        k = cx_utf8_valid_seq(u + i, n - i, &cp);
        if (k == 0 || !is_word_cp(cp))
            break;
        ascii = false;
        if (c != 0xC3)
            latin = false;
        i += k;
    }
    size_t len = i - a;
    if (len > 24)
        return i;
    uint64_t full, part = 0;
    if (tab && len <= PACK_MAX && (ascii || latin)) {
        /* the fold is as long as the word: the packed table is exact */
        uint64_t k0, k1;
        if (ascii && u[a] < 0x80)
            ascii_pack(u + a, len, n - a, &k0, &k1);
        else
            fold_pack(u + a, len, ascii, &k0, &k1);
        full = cx_ptab_get(tab, k0, k1);
        if (apos) {
            const unsigned char *ap = memchr(u + a, '\'', len);
            if (ap) {
                pack_prefix(&k0, &k1, (size_t)(ap - (u + a)) + 1);
                part = cx_ptab_get(tab, k0, k1);
            }
        }
    } else {
        count_slow(m, s + a, len, ascii, apos, &full, &part);
    }
    if (!(full | part))
        return i;
    add_votes(counts, nl, full, part);
    return i;
}

/* cx_lang_count() of s[0..n), with room bytes readable from s (room >= n;
 * the bytes from n on are NUL when room > n). */
static void count_in(const cx_patterns *p, const char *s, size_t n, size_t room, size_t *counts)
{
    size_t nl = p->nlangs < 32 ? p->nlangs : 32;
    const unsigned char *u = (const unsigned char *)s;
    const cx_ptab *tab = p->langtab;
    uint64_t lmask = nl >= 32 ? 0xFFFFFFFFull : (1ull << nl) - 1;
    size_t i = 0;
    while (i < n) {
#if CX_LE
        if (tab) {
            /* one load: skip the ASCII bytes that are no letter, and when
             * the word starting there ends in the same eight bytes (an ASCII
             * byte that is no letter nor '), look it up from there too */
            const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull, lower = ones * 0x20;
            uint64_t x0, k0, k1 = 0;
            size_t s0, e;
            /* sixteen bytes at a time while 24 are left (the key of a word
             * starting in them is read with one more load of eight): one bit
             * a byte for the ASCII letters (L) and for the word starts, ASCII
             * letters and bytes above 0x7F (W); i is never inside a word */
        window:
            while (i < n && room - i >= 24) {
#ifdef __SSE2__
                /* ASCII letter: (x | 0x20) - 'a' < 26, as a signed compare
                 * after subtracting 'a' + 128 (bytes above 0x7F never pass) */
                __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
                __m128i t = _mm_sub_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)), _mm_set1_epi8((char)('a' + 128)));
                uint32_t L = (uint32_t)_mm_movemask_epi8(_mm_cmplt_epi8(t, _mm_set1_epi8(-128 + 26)));
                uint32_t H = (uint32_t)_mm_movemask_epi8(x);
                uint32_t A = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('\'')));
#else
                uint64_t x1;
                memcpy(&x0, u + i, 8);
                memcpy(&x1, u + i + 8, 8);
                uint64_t y0 = (x0 | lower) & ~high, y1 = (x1 | lower) & ~high;
                uint64_t l0 = (y0 + ones * 0x1F) & ~(y0 + ones * 0x05) & ~x0 & high;
                uint64_t l1 = (y1 + ones * 0x1F) & ~(y1 + ones * 0x05) & ~x1 & high;
                const uint64_t gather = 0x0102040810204080ull; /* bit 8j + 7 -> bit j of the top byte */
                uint32_t L = (uint32_t)(((l0 >> 7) * gather) >> 56) | (uint32_t)(((l1 >> 7) * gather) >> 56) << 8;
                uint32_t H = (uint32_t)((((x0 & high) >> 7) * gather) >> 56) |
                             (uint32_t)((((x1 & high) >> 7) * gather) >> 56) << 8;
                /* apostrophes: the bytes of x ^ '\'' that are zero */
                uint64_t a0 = x0 ^ (ones * '\''), a1 = x1 ^ (ones * '\'');
                a0 = ~(((a0 & ~high) + ~high) | a0) & high;
                a1 = ~(((a1 & ~high) + ~high) | a1) & high;
                uint32_t A = (uint32_t)(((a0 >> 7) * gather) >> 56) | (uint32_t)(((a1 >> 7) * gather) >> 56) << 8;
#endif
                uint32_t W = L | H;
                /* a word ending there takes the general path: a byte above
                 * 0x7F, an apostrophe, or past the sixteen bytes */
                uint32_t bad = H | A | 1u << 16;
                uint32_t notL = ~L; /* bits 16.. set: an end past the sixteen bytes */
                while (W) {
                    unsigned sb = (unsigned)__builtin_ctz(W);
                    if (!(L >> sb & 1)) { /* not ASCII */
                        i += sb;
                        goto bytewise;
                    }
                    unsigned eb = (unsigned)__builtin_ctz(notL & (~0u << sb));
                    if (bad >> eb & 1) {
                        i += sb;
                        if (eb >= 16 && sb > 0) /* goes on past the sixteen bytes */
                            goto window;        /* sixteen bytes from the word */
                        goto bytewise;          /* (sixteen letters or more) */
                    }
                    /* the key: eight bytes from the word, and eight more
                     * when it is longer (sb <= 7 then: in the 24 bytes) */
                    unsigned len = eb - sb;
                    uint64_t w0, w1, full;
                    memcpy(&w0, u + i + sb, 8);
                    if (len < 8) { /* second half zero: the probe's hash is one multiply */
                        full = cx_ptab_get(tab, (w0 | lower) & keep[len], 0);
                    } else {
                        memcpy(&w1, u + i + sb + 8, 8);
                        full = cx_ptab_get(tab, w0 | lower, (w1 | lower) & keep[len - 8]);
                    }
                    full &= lmask;
                    for (; full; full &= full - 1)
                        counts[__builtin_ctzll(full)] += 2;
                    W &= ~0u << eb; /* u[i + eb] is no letter and not in W */
                }
                i += 16;
            }
            if (i >= n)
                goto bytewise; /* (the NULs after n are no word) */
            for (;;) {
                if (n - i < 8)
                    goto bytewise;
                memcpy(&x0, u + i, 8);
                uint64_t y = (x0 | lower) & ~high;
                uint64_t letter = (y + ones * 0x1F) & ~(y + ones * 0x05) & ~x0 & high;
                uint64_t start = (letter | x0) & high;
                if (!start) {
                    i += 8;
                    continue;
                }
                s0 = (size_t)__builtin_ctzll(start) >> 3;
                if (!(letter >> (8 * s0) & 0x80)) {
                    i += s0; /* not ASCII */
                    goto bytewise;
                }
                uint64_t other = ~letter & high & (~0ull << (8 * s0));
                if (!other)
                    break; /* the word goes on after the eight bytes */
                e = (size_t)__builtin_ctzll(other) >> 3;
                unsigned char d = (unsigned char)(x0 >> (8 * e));
                if (d >= 0x80 || d == '\'') {
                    i += s0;
                    goto bytewise;
                }
                k0 = ((x0 | lower) >> (8 * s0)) & ((1ull << (8 * (e - s0))) - 1);
                uint64_t full = cx_ptab_get(tab, k0, 0) & lmask;
                for (; full; full &= full - 1)
                    counts[__builtin_ctzll(full)] += 2;
                i += e;
            }
            /* a word from i + s0 that is longer: up to fifteen letters take
             * two loads */
            i += s0;
            if (n - i < 16)
                goto bytewise;
            uint64_t x1;
            memcpy(&x0, u + i, 8);
            memcpy(&x1, u + i + 8, 8);
            uint64_t y = (x0 | lower) & ~high;
            uint64_t other = ~((y + ones * 0x1F) & ~(y + ones * 0x05) & ~x0) & high;
            if (other) {
                e = (size_t)__builtin_ctzll(other) >> 3; /* >= 1: u[i] is a letter */
                k0 = (x0 | lower) & ((1ull << (8 * e)) - 1);
            } else {
                y = (x1 | lower) & ~high;
                other = ~((y + ones * 0x1F) & ~(y + ones * 0x05) & ~x1) & high;
                if (!other)
                    goto bytewise;
                e = 8 + ((size_t)__builtin_ctzll(other) >> 3);
                k0 = x0 | lower;
                k1 = (x1 | lower) & ((1ull << (8 * (e - 8))) - 1);
            }
            unsigned char d = u[i + e];
            if (d < 0x80 && d != '\'') {
                uint64_t full = cx_ptab_get(tab, k0, k1) & lmask;
                for (; full; full &= full - 1)
                    counts[__builtin_ctzll(full)] += 2;
                i += e;
                continue;
            }
        }
    bytewise:
        if (i >= n) /* the skip ended at n */
            break;
#endif
        i = count_at(p, s, i, n, room, counts);
    }
}

size_t cx_lang_word(const cx_patterns *p, const char *s, size_t i, size_t n, size_t *counts)
{
    return count_at(p, s, i, n, n, counts);
}

#define LANG_PAD 24         /* NULs after a copy: the windows of count_in() go to its end */
#define LANG_COPY_MAX 2048 /* paragraphs up to this long are copied */

void cx_lang_count(const cx_patterns *p, const char *s, size_t n, size_t *counts)
{
#if CX_LE
    if (n <= LANG_COPY_MAX) {
        /* a copy with NULs after it: the sixteen-byte windows read the
         * whole paragraph (NUL is no letter: a word ends at n as before) */
        char buf[LANG_COPY_MAX + LANG_PAD];
        memcpy(buf, s, n);
        memset(buf + n, 0, LANG_PAD);
        count_in(p, buf, n, n + LANG_PAD, counts);
        return;
    }
#endif
    count_in(p, s, n, n, counts);
}

int cx_lang_pick(const cx_patterns *p, const size_t *counts, int *score)
{
    size_t nl = p->nlangs < 32 ? p->nlangs : 32;
    int best = -1;
    size_t bestc = 0, second = 0; /* a multi-GB paragraph overflows an int */
    for (size_t L = 0; L < nl; L++) {
        if (counts[L] > bestc) {
            second = bestc;
            bestc = counts[L];
            best = (int)L;
        } else if (counts[L] > second) {
            second = counts[L];
        }
    }
    if (score)
        *score = bestc / 2 > INT_MAX ? INT_MAX : (int)(bestc / 2);
    /* no evidence, or a tie: let the caller fall back; the caller decides
     * from *score whether the evidence is enough */
    if (bestc == 0 || bestc == second)
        return -1;
    return best;
}

int cx_lang_identify(const cx_patterns *p, const char *s, size_t n, int *score)
{
    size_t counts[32] = {0};
    cx_lang_count(p, s, n, counts);
    return cx_lang_pick(p, counts, score);
}
