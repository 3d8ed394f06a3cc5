/*
 * entities.c - named entities (ORG, PERSON, PRODUCT, LOC) (issue 4), from
 * capitalised sequences, shape and context cues and gazetteers kept as data
 * under patterns/ (entity_*.txt, see patterns/README.md).
 *
 * One pass per document (cx_entities_doc, called by claims.c after the
 * sentences are known):
 *   1. a linear scan of each sentence's bytes into word tokens with shape
 *      flags (ASCII fast path, ICU character properties otherwise);
 *   2. runs of name-like tokens, cut by stop words and punctuation, split
 *      into gazetteer matches (longest first) and unknown segments, merged
 *      by shape (a version after a name makes a product, an organisation
 *      suffix after names makes an organisation);
 *   3. every mention votes for a type of its folded name (gazetteer, shape,
 *      context cue before or after, given names, default);
 *   4. each name gets the type with the most weight; every mention of an
 *      accepted name is reported with it. A mention at the start of a
 *      sentence (where every word is capitalised) is kept only when its name
 *      is known from elsewhere or has evidence of its own.
 * All allocations are per document (token, mention and name arrays, the
 * folded text).
 *
 * Speed (issue 7): the text is folded once (fold_to, as cx_fold_key folds),
 * so every lookup key, of one token or of a span of tokens and the gaps
 * between them, is a slice of the fold: no folding per lookup. The usual
 * tokens (a lower-case word, a capitalised one, capitals, a number, 5.600, an
 * elision, a word before a possessive 's) take one pass in tokenize's token
 * loop, which goes on from token to token across the usual gaps (a space, a
 * sign and a space, a sign) without the general gap and fold code; runs of
 * lower-case words parted by single spaces have their own short loop. Other
 * tokens of ASCII and Latin-1 letters take fast_token (end, shape flags and
 * fold); the rest the general loops. Every shortcut makes what the general
 * loop would (tests/corpus/<lang>/entities.tsv hold a case for each). A lookup
 * first tests the map's first byte, last
 * byte and signature filters (most lookups miss), then hashes. Short
 * lower-case words look up the function and stop lists only where those
 * flags are read (list_flags).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif
#include <unicode/uchar.h>

#include "internal.h"

/* ENT_SSE2: the sixteen-byte paths (SSE2, on every x86-64); else the
 * portable ones, which a test may choose to build them beside the others
 * (tests/test_entities_scalar.c). */
#ifndef ENT_SSE2
#if defined(__SSE2__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ENT_SSE2 1
#else
#define ENT_SSE2 0
#endif
#endif
#if ENT_SSE2
#include <emmintrin.h>
#endif

enum {
    T_CAP = 1 << 0,      /* first character upper or title case */
    T_ALLCAPS = 1 << 1,  /* two or more letters, none lower case */
    T_DIGIT = 1 << 2,    /* holds a digit */
    T_ALPHA = 1 << 3,    /* holds a letter */
    T_FIRSTA = 1 << 4,   /* first character is a letter */
    T_INNER = 1 << 5,    /* an upper-case letter after a lower-case one (DeepSeek) */
    T_HYPHLOW = 1 << 6,  /* hyphenated, last part lower case (AI-bedrijven) */
    T_DOMAIN = 1 << 7,   /* name.tld */
    T_ELISION = 1 << 8,  /* d' l' qu' */
    T_RESTART = 1 << 9,  /* first of the sentence or after : ; ( " > bullets */
    T_GLUED = 1 << 10,   /* only blanks between the previous token and this one */
    T_FN = 1 << 11,      /* function word of the language or entity_stop fn */
    T_STOP = 1 << 12,    /* entity_stop: never part of a name */
    T_PART = 1 << 13,    /* particle inside names (de, van der, da) */
    T_LOWER = 1 << 14,   /* first character lower case letter */
    T_DOTNEXT = 1 << 15, /* a '.' follows right after */
    T_SLOW = 1 << 16,    /* made by tokenize's general loop: the only tokens that may hold '-' */
    /* list_lookups looked the token up packed (its fold of 1 to PK_MAX bytes,
     * its text at most 8 bytes longer: what lookup_f() and af_get() look up
     * packed), in PK_GPRE, which also holds the keys of the language's words,
     * entity_stop, entity_names and entity_suffix (cx_entities_prepare): the
     * TP_* flags say what it is in the other lists, which need not be asked
     * again */
    T_PROPS = 1 << 27,
    TP_NAME = 1 << 28,   /* a key of entity_names */
    TP_SUFFIX = 1 << 29, /* a key of entity_suffix */
};
/* and PK_GPRE's AF_* bits of the key (its aux) above TP_AF_SHIFT: a prefix of
 * a key of entity_gazetteer (TP_GAFFIX), a key (TP_GKEY) and its type_of() */
enum { TP_AF_SHIFT = 17 };
#define TP_GAFFIX ((uint32_t)AF_AFFIX << TP_AF_SHIFT)
#define TP_GKEY ((uint32_t)AF_KEY << TP_AF_SHIFT)
#define TP_GTYPE(f) ((int)((f) >> TP_AF_SHIFT & AF_TYPE))
#define TP_ALL (T_PROPS | TP_NAME | TP_SUFFIX | (uint32_t)(AF_TYPE | AF_AFFIX | AF_KEY) << TP_AF_SHIFT)
/* pslot.tok of PK_GPRE: the key's T_FN, T_STOP and T_PART are set (the
 * first list that has it decides, as in PK_FLAGS) */
#define TOK_LISTED (1u << 31)

typedef struct tok {
    uint32_t a, b;
    uint32_t fa, fb; /* the same span in the folded text (doc.fold) */
    uint32_t flags;
} tok;

enum { W_DEFAULT = 1, W_MEDIUM = 20, W_CUE = 50, W_GIVEN = 60, W_STRONG = 100, W_GAZ = 1000 };
enum { NTYPES = 5 };

typedef struct mention {
    uint32_t t0, t1; /* tokens [t0, t1) */
    uint32_t name;   /* index into the name table */
    uint32_t sent;   /* its sentence */
    bool initial;    /* needs its name to be known elsewhere */
    bool deferred;   /* a gazetteer match whose context votes wait (context_votes) */
} mention;

typedef struct name {
    uint32_t key, klen; /* into keys buffer (a key longer than PK_MAX, or empty) */
    uint64_t hash;      /* name_hash() of the key */
    uint64_t k0, k1;    /* a key of 1 to PK_MAX bytes, packed (pk_fold) */
    int32_t votes[NTYPES];
    uint32_t nment, ngaz; /* its mentions, and those of them that are gazetteer matches */
    bool accepted;
    uint8_t type, how; /* the type reported and how it was decided (set before the claims) */
} name;

enum { LS_STOP, LS_GAZ, LS_BEFORE, LS_AFTER, LS_SUFFIX, LS_NAMES, LS_JOIN, LS_COUNT };
static const char *const list_names[LS_COUNT] = {"entity_stop",   "entity_gazetteer", "entity_before", "entity_after",
                                                 "entity_suffix", "entity_names",     "entity_join"};

/* ---------- packed word lists ----------
 * Every key of at most PK_MAX bytes of an entity list, and of the language's
 * function words, is two integers: its bytes padded with zeros, and its
 * length in the top byte of the second. Built once per language at load time
 * (cx_entities_prepare), in open addressing at most half full: the lookup
 * of a short slice of the fold is two loads, masks, a multiply and (mostly)
 * one empty slot or one compare, in place of the map's filters, a byte-wise
 * hash and a byte-wise compare. Longer keys go through the map. */
#define PK_MAX 15
typedef struct pslot {
    uint64_t k0, k1; /* k1 == 0: an empty slot */
    uint32_t aux;    /* lists: type_of(canon); PK_FLAGS: the T_* flags list_lookups adds */
    uint32_t tok;    /* PK_GPRE: what list_lookups adds to a token of this key but T_PROPS (TP_*,
                      * the flags of PK_FLAGS, TOK_LISTED) */
} pslot;

typedef struct ptab {
    const cx_map *m; /* the list itself (longer keys, first and last byte sets) */
    pslot *v;
    size_t mask;
    /* a one-bit-per-hash filter in front of v (2^(64 - fshift) bits: 16 a
     * key of a list, 4 a slot of an affix table, which is at most half full;
     * at most 1 in 8 of them set): the bit of h >> fshift (pk_hash;
     * the top bits, which pk_slot does not use) of every key in v is set, so a
     * key whose bit is clear is not in v and the lookup need not touch the
     * slots. PK_GPRE is 16,384 slots x 24 B = 384 KB a language: a lookup
     * that misses (a third of them, mostly names) would load a cold line;
     * its filter is 8 KB */
    uint64_t *filt;
    unsigned fshift;
} ptab;

/* PK_FLAGS: entity_stop and the language's words, as list_lookups reads them:
 * held by PK_GPRE (the slots' tok, TOK_LISTED), the table itself is empty.
 * The affix tables: every suffix (PK_BSUF, of entity_before) or prefix
 * (PK_APRE of entity_after, PK_GPRE of entity_gazetteer) of at most PK_MAX
 * bytes of any key of the list, with AF_AFFIX; a whole key also has AF_KEY
 * and its type_of(). A fold slice that is no such affix cannot be the suffix
 * (the prefix) of a key, so no longer slice ending (starting) where it does
 * can be a key: the cue and gazetteer walks stop there. */
enum { PK_FLAGS = LS_COUNT, PK_BSUF, PK_APRE, PK_GPRE, PK_COUNT };
enum { AF_TYPE = 0xFF, AF_AFFIX = 1u << 8, AF_KEY = 1u << 9 };

/* EB2(a, b): the bit of the two bytes a b (hashed, 4096 bits) in
 * cx_entpack.before2, set for the last two bytes of every key of
 * entity_before of two bytes or more (cue_before) */
#define EB2(a, b) (((unsigned)(unsigned char)(b) << 4 ^ (unsigned)(unsigned char)(a)) & 4095u)
struct cx_entpack {
    ptab t[PK_COUNT];
    uint64_t before2[4096 / 64];
    size_t bytes; /* of the whole pack, slots and filters (pack_alloc) */
};

/* The memory of a pack (~600 KB a language), zeroed. Every page of it is
 * written while the pack is built (the keys of a table spread over all its
 * slots), one page fault each, ~175 a language: on Linux it is mapped
 * populated instead (MAP_POPULATE: one system call, the pages zeroed by the
 * kernel), and not through malloc, whose calloc of such a block can also be a
 * memset of recycled heap. Under ASan, calloc, so that the pack stays
 * checked. */
#if defined(__linux__) && defined(MAP_POPULATE) && !defined(__SANITIZE_ADDRESS__)
#define PACK_MMAP 1
#else
#define PACK_MMAP 0
#endif

static struct cx_entpack *pack_alloc(size_t bytes)
{
    struct cx_entpack *P;
#if PACK_MMAP
    void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    P = m == MAP_FAILED ? NULL : m;
#else
    P = calloc(1, bytes);
#endif
    if (P)
        P->bytes = bytes;
    return P;
}

void cx_entities_free(struct cx_entpack *P)
{
    if (!P)
        return;
#if PACK_MMAP
    munmap(P, P->bytes);
#else
    free(P);
#endif
}

typedef struct doc {
    const char *s;
    size_t n; /* text length */
    tok *tv;
    size_t nt, capt;
    mention *mv;
    size_t nm, capm;
    name *nv;
    size_t nn, capn;
    uint32_t *slots; /* hash of names */
    size_t nslots;
    cx_buf keys;
    /* the text folded as cx_fold_key() does, once, up to folded_to: the key
     * of any span between token boundaries is a slice of it */
    char *fold;
    size_t nfold, capfold, folded_to;
    /* the sentence sentence_runs() is at: its index and its tokens' end */
    uint32_t sent, send;
    bool oom;
} doc;

/* ---------- characters ---------- */

static size_t cp_at(const char *s, size_t i, size_t n, uint32_t *cp)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t k = cx_utf8_valid_seq((const unsigned char *)s + i, n - i, cp);
    if (!k) {
        *cp = 0xFFFD;
        return 1;
    }
    return k;
}

static bool is_alpha(uint32_t c)
{
    if (c < 0x80)
        return (c | 32) >= 'a' && (c | 32) <= 'z';
    return u_isalpha((UChar32)c);
}

static bool is_digit(uint32_t c) { return c >= '0' && c <= '9'; }
static bool is_upper(uint32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    return u_isupper((UChar32)c) || u_istitle((UChar32)c);
}
static bool is_lower(uint32_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z';
    return u_islower((UChar32)c);
}
static bool is_alnum(uint32_t c) { return is_digit(c) || is_alpha(c); }
static bool ascii_alnum(unsigned char c) { return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'); }
static bool is_apos(uint32_t c) { return c == '\'' || c == 0x2019; }

/* ---------- growable arrays ---------- */

/* cx_grow() that records running out of memory in *oom (NULL then: v is
 * still the caller's, to keep and free) */
static void *grow(void *v, size_t *cap, size_t need, size_t sz, bool *oom)
{
    void *p = cx_grow(v, cap, need, 64, sz);
    if (!p)
        *oom = true;
    return p;
}

/* ---------- lookups ---------- */

/* The packed list `which` of L (built by cx_entities_prepare). */
static inline const ptab *list(const cx_lang *L, int which) { return &L->entpack->t[which]; }

/* ---------- the folded text ---------- */

/* Fold the text up to pos (a character boundary) onto D->fold, as
 * cx_fold_key() folds it: without white space, lower case, ' for the
 * typographic apostrophes, invalid bytes dropped. Folding is per character,
 * so the fold of a span is the slice between the folds of its ends. */
/* Room to fold the text up to pos. */
static bool fold_reserve(doc *D, size_t pos)
{
    if (pos <= D->folded_to)
        return true;
    /* a character grows by half at most; and PK_MAX + 1 bytes from any
     * point of the fold are readable (pk_fold) */
    size_t need = D->nfold + 2 * (pos - D->folded_to) + 4 + PK_MAX + 1;
    if (need > D->capfold) {
        size_t nc = D->capfold ? D->capfold : 4096;
        while (nc < need)
            nc *= 2;
        char *p = realloc(D->fold, nc);
        if (!p) {
            D->oom = true;
            return false;
        }
        D->fold = p;
        D->capfold = nc;
    }
    return true;
}

/* fold_to() within room made by fold_reserve(). */
static inline void fold_run(doc *D, size_t pos)
{
    const unsigned char *u = (const unsigned char *)D->s;
    char *o = D->fold + D->nfold;
    size_t i = D->folded_to;
    while (i < pos) {
#if ENT_SSE2
        if (pos - i >= 16) {
            /* sixteen bytes: those before the first one that is white space,
             * another byte up to ' ' or no ASCII fold to themselves, capitals
             * lowered (the rest below) */
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
            uint32_t sp = (uint32_t)_mm_movemask_epi8(_mm_cmplt_epi8(x, _mm_set1_epi8(' ' + 1))); /* also >= 0x80 */
            __m128i up = _mm_cmplt_epi8(_mm_sub_epi8(x, _mm_set1_epi8((char)('A' + 128))), _mm_set1_epi8(-128 + 26));
            _mm_storeu_si128((__m128i *)(void *)o, _mm_or_si128(x, _mm_and_si128(up, _mm_set1_epi8(0x20))));
            size_t k = (size_t)__builtin_ctz(sp | 1u << 16);
            o += k;
            i += k;
            if (k == 16)
                continue;
        }
#endif
        unsigned char c = u[i];
        if (c < 0x80) {
            i++;
            if (c <= ' ' && (c == ' ' || c == '\t' || c == '\n' || c == '\r'))
                continue;
            *o++ = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            continue;
        }
        uint32_t cp;
        size_t k = cx_utf8_valid_seq(u + i, D->n - i, &cp);
        if (k == 0) {
            i++;
            continue;
        }
        i += k;
        if (cp == 0xA0 || cp == 0x202F)
            continue;
        if (cp == 0x2019 || cp == 0x2018)
            cp = '\'';
        else
            cp = (uint32_t)u_tolower((UChar32)cp);
        o += cx_put_utf8(o, cp);
    }
    D->nfold = (size_t)(o - D->fold);
    D->folded_to = i;
}

static void fold_to(doc *D, size_t pos)
{
    if (pos > D->folded_to && fold_reserve(D, pos))
        fold_run(D, pos);
}

/* Is byte c in the bit set bits (a map's first or last bytes)? */
static inline bool fold_bit(const uint8_t *bits, char c)
{
    unsigned char u = (unsigned char)c;
    return bits[u >> 3] >> (u & 7) & 1;
}

static int type_of(const char *canon)
{
    if (!canon || (canon[0] != 'O' && canon[0] != 'P' && canon[0] != 'L'))
        return 0;
    if (!strcmp(canon, "ORG"))
        return CLAIMX_ENTITY_ORG;
    if (!strcmp(canon, "PERSON"))
        return CLAIMX_ENTITY_PERSON;
    if (!strcmp(canon, "PRODUCT"))
        return CLAIMX_ENTITY_PRODUCT;
    if (!strcmp(canon, "LOC"))
        return CLAIMX_ENTITY_LOC;
    return 0;
}

static inline uint64_t pk_hash(uint64_t k0, uint64_t k1)
{
    return (k0 * 0x9E3779B97F4A7C15ull) ^ (k1 * 0xC2B2AE3D27D4EB4Full);
}

/* (bits 29 to 42 at most: the tables have at most 2^14 slots) */
static inline size_t pk_slot(uint64_t h, size_t mask)
{
    return (size_t)(h >> 29) & mask;
}

static inline bool pk_filt(const ptab *t, uint64_t h)
{
    uint64_t b = h >> t->fshift;
    return t->filt[b >> 6] >> (b & 63) & 1;
}

/* The packed form of key k[0..n), 0 < n <= PK_MAX. */
static inline void pk_pad(const char *k, size_t n, uint64_t *k0, uint64_t *k1)
{
    unsigned char b[16] = {0};
    memcpy(b, k, n);
    b[15] = (unsigned char)n;
    memcpy(k0, b, 8);
    memcpy(k1, b + 8, 8);
}

/* pk_pad() of a slice of the fold, which has 16 readable bytes at k
 * (fold_reserve): two loads and masks. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* pk_fold's masks by length (0 .. PK_MAX): the bytes of the key in its
 * first and second eight */
#define PK_M0(n) ((n) >= 8 ? ~0ull : (1ull << ((8 * (n)) & 63)) - 1) /* (& 63: no shift count out of range, */
#define PK_M1(n) ((n) > 8 ? (1ull << ((8 * ((n) - 8)) & 63)) - 1 : 0) /* even where not taken: clang warns) */
static const uint64_t pk_mask[PK_MAX + 1][2] = {
    {PK_M0(0), PK_M1(0)},   {PK_M0(1), PK_M1(1)},   {PK_M0(2), PK_M1(2)},   {PK_M0(3), PK_M1(3)},
    {PK_M0(4), PK_M1(4)},   {PK_M0(5), PK_M1(5)},   {PK_M0(6), PK_M1(6)},   {PK_M0(7), PK_M1(7)},
    {PK_M0(8), PK_M1(8)},   {PK_M0(9), PK_M1(9)},   {PK_M0(10), PK_M1(10)}, {PK_M0(11), PK_M1(11)},
    {PK_M0(12), PK_M1(12)}, {PK_M0(13), PK_M1(13)}, {PK_M0(14), PK_M1(14)}, {PK_M0(15), PK_M1(15)},
};
#endif

static inline void pk_fold(const char *k, size_t n, uint64_t *k0, uint64_t *k1)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t x0, x1;
    memcpy(&x0, k, 8);
    memcpy(&x1, k + 8, 8);
    *k0 = x0 & pk_mask[n][0];
    *k1 = (x1 & pk_mask[n][1]) | (uint64_t)n << 56;
#else
    pk_pad(k, n, k0, k1);
#endif
}

static inline const pslot *pk_get(const ptab *t, uint64_t k0, uint64_t k1)
{
    uint64_t h = pk_hash(k0, k1);
    if (!pk_filt(t, h))
        return NULL; /* (no key of t has this bit) */
    for (size_t i = pk_slot(h, t->mask); t->v[i].k1; i = (i + 1) & t->mask)
        if (t->v[i].k0 == k0 && t->v[i].k1 == k1)
            return &t->v[i];
    return NULL;
}

/* The slot of the packed key (k0, k1): its own, or the empty one where it
 * goes (then *fresh is set and the key written; the table is at most
 * half full, so there is one). */
static pslot *pk_slot_for_h(ptab *t, uint64_t h, uint64_t k0, uint64_t k1, bool *fresh)
{
    uint64_t b = h >> t->fshift;
    t->filt[b >> 6] |= 1ull << (b & 63);
    size_t i = pk_slot(h, t->mask);
    for (; t->v[i].k1; i = (i + 1) & t->mask)
        if (t->v[i].k0 == k0 && t->v[i].k1 == k1) {
            *fresh = false;
            return &t->v[i];
        }
    *fresh = true;
    t->v[i].k0 = k0;
    t->v[i].k1 = k1;
    t->v[i].aux = 0;
    return &t->v[i];
}

/* pk_slot_for_h() of key (k0, k1), whose pk_hash() is h */
static pslot *pk_slot_for(ptab *t, uint64_t k0, uint64_t k1, bool *fresh)
{
    return pk_slot_for_h(t, pk_hash(k0, k1), k0, k1, fresh);
}

/* Add every key of m of at most PK_MAX bytes, in m's order, with its
 * type_of() (a key that is there already stays as it is: the first one
 * stays): sixteen at a time, their slots prefetched first, so the inserts
 * wait for one cache miss, not one each. */
static void pk_put_list(ptab *t, const cx_map *m)
{
    uint64_t b0[16], b1[16], bh[16];
    uint32_t ba[16];
    size_t nb = 0;
    for (size_t i = 0; i <= m->cap; i++) {
        if (i < m->cap) {
            if (!m->keys[i] || m->klen[i] == 0 || m->klen[i] > PK_MAX)
                continue;
            pk_pad(m->keys[i], m->klen[i], &b0[nb], &b1[nb]);
            ba[nb] = (uint32_t)type_of(m->vals[i].canon);
            bh[nb] = pk_hash(b0[nb], b1[nb]);
            __builtin_prefetch(&t->v[pk_slot(bh[nb], t->mask)], 1);
            if (++nb < 16)
                continue;
        }
        for (size_t j = 0; j < nb; j++) {
            bool fresh;
            pslot *e = pk_slot_for_h(t, bh[j], b0[j], b1[j], &fresh);
            if (fresh)
                e->aux = ba[j];
        }
        nb = 0;
    }
}

/* What list_lookups adds for an entry of entity_stop. */
static uint32_t stop_flags(const char *c)
{
    if (c[0] == 's' && !strcmp(c, "stop"))
        return T_STOP;
    if (c[0] == 'p' && !strcmp(c, "particle"))
        return T_PART | T_FN;
    return T_FN;
}

/* The slot of key k[0..n) in t (inserted when it is not there: aux 0). */
static pslot *pk_at(ptab *t, const char *k, size_t n)
{
    uint64_t k0, k1;
    pk_pad(k, n, &k0, &k1);
    bool fresh;
    return pk_slot_for(t, k0, k1, &fresh);
}

/* The affixes of m's keys into t (suffixes when suffix, else prefixes), as
 * pk_pad() packs them. */
static void af_fill(ptab *t, const cx_map *m, bool suffix)
{
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i] || m->klen[i] == 0)
            continue;
        size_t kl = m->klen[i], na = kl < PK_MAX ? kl : PK_MAX;
        const unsigned char *k = (const unsigned char *)m->keys[i];
        /* the affixes packed and hashed first, their slots prefetched: the
         * inserts then wait for one cache miss, not one each */
        uint64_t a0[PK_MAX], a1[PK_MAX], ah[PK_MAX];
        unsigned char b[16] = {0};
        for (size_t n = 1; n <= na; n++) {
            if (suffix)
                for (size_t q = 0; q < n; q++)
                    b[q] = k[kl - n + q];
            else
                b[n - 1] = k[n - 1];
            b[15] = (unsigned char)n;
            memcpy(&a0[n - 1], b, 8);
            memcpy(&a1[n - 1], b + 8, 8);
            ah[n - 1] = pk_hash(a0[n - 1], a1[n - 1]);
            __builtin_prefetch(&t->v[pk_slot(ah[n - 1], t->mask)], 1);
        }
        for (size_t n = 1; n <= na; n++) {
            uint32_t aux = AF_AFFIX;
            if (n == kl)
                aux |= AF_KEY | (uint32_t)type_of(m->vals[i].canon);
            bool fresh;
            pk_slot_for_h(t, ah[n - 1], a0[n - 1], a1[n - 1], &fresh)->aux |= aux;
        }
    }
}

static size_t af_count(const cx_map *m)
{
    size_t n = 0;
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i])
            n += m->klen[i] < PK_MAX ? m->klen[i] : PK_MAX;
    return n;
}

static size_t pk_short_keys(const cx_map *m)
{
    size_t n = 0;
    for (size_t i = 0; i < m->cap; i++)
        n += m->keys[i] && m->klen[i] > 0 && m->klen[i] <= PK_MAX;
    return n;
}

/* The filter of a table of cap slots (a power of two): 4 bits a slot, one
 * word at least (ptab.filt) */
static size_t pk_fwords(size_t cap)
{
    return cap < 16 ? 1 : cap / 16;
}

int cx_entities_prepare(cx_patterns *p)
{
    for (size_t l = 0; l < p->nlangs; l++) {
        cx_lang *L = &p->langs[l];
        const cx_map *ms[PK_COUNT];
        size_t caps[PK_COUNT], fcaps[PK_COUNT], total = 0, ftotal = 0;
        for (int k = 0; k < LS_COUNT; k++)
            ms[k] = cx_lang_list(L, list_names[k]);
        ms[PK_FLAGS] = &L->words;
        ms[PK_BSUF] = ms[LS_BEFORE];
        ms[PK_APRE] = ms[LS_AFTER];
        ms[PK_GPRE] = ms[LS_GAZ];
        for (int k = 0; k < PK_COUNT; k++) {
            size_t n = k == PK_GPRE ? af_count(ms[k]) + (pk_short_keys(ms[PK_FLAGS]) + pk_short_keys(ms[LS_STOP]) +
                                                         pk_short_keys(ms[LS_NAMES]) + pk_short_keys(ms[LS_SUFFIX])) :
                       k >= PK_FLAGS ? (k > PK_FLAGS ? af_count(ms[k]) : 0) : pk_short_keys(ms[k]);
            /* at most half full: a list's n is exact (its keys), an affix
             * table's counts shared affixes once per key. The filter keeps
             * 16 bits a key (4 a slot of a quarter-full table), so that a
             * smaller table lets no more misses through to the slots. */
            size_t cap = 8, fcap = 8;
            while (cap < 2 * n)
                cap *= 2;
            while (fcap < (k > PK_FLAGS ? 2 : 4) * n)
                fcap *= 2;
            caps[k] = cap;
            fcaps[k] = fcap;
            total += cap;
            ftotal += pk_fwords(fcap);
        }
        struct cx_entpack *P = pack_alloc(sizeof *P + total * sizeof(pslot) + ftotal * sizeof(uint64_t));
        if (!P)
            return CLAIMX_ENOMEM;
        pslot *v = (pslot *)(P + 1);
        uint64_t *fw = (uint64_t *)(v + total);
        for (int k = 0; k < PK_COUNT; k++) {
            P->t[k].m = ms[k];
            P->t[k].v = v;
            P->t[k].mask = caps[k] - 1;
            v += caps[k];
            P->t[k].filt = fw;
            unsigned lg = 0; /* log2 of the filter's bits */
            while ((size_t)1 << lg < pk_fwords(fcaps[k]) * 64)
                lg++;
            P->t[k].fshift = 64 - lg;
            fw += pk_fwords(fcaps[k]);
        }
        for (int k = 0; k < LS_COUNT; k++)
            pk_put_list(&P->t[k], ms[k]);
        /* (PK_FLAGS stays empty: PK_GPRE holds its keys, below) */
        const cx_map *stop = ms[LS_STOP], *words = ms[PK_FLAGS];
        af_fill(&P->t[PK_BSUF], ms[PK_BSUF], true);
        for (size_t i = 0; i < ms[LS_BEFORE]->cap; i++) {
            size_t kl = ms[LS_BEFORE]->klen[i];
            if (ms[LS_BEFORE]->keys[i] && kl >= 2) {
                unsigned h = EB2(ms[LS_BEFORE]->keys[i][kl - 2], ms[LS_BEFORE]->keys[i][kl - 1]);
                P->before2[h / 64] |= 1ull << (h % 64);
            }
        }
        af_fill(&P->t[PK_APRE], ms[PK_APRE], false);
        af_fill(&P->t[PK_GPRE], ms[PK_GPRE], false);
        /* PK_GPRE also answers list_lookups: the keys of PK_FLAGS, the
         * language's words and entity_stop (a stop entry with a canon
         * decides, one without leaves it to the words), entity_names,
         * entity_suffix */
        ptab *gp = &P->t[PK_GPRE];
        for (int pass = 0; pass < 2; pass++) {
            const cx_map *m = pass ? words : stop;
            for (size_t i = 0; i < m->cap; i++) {
                if (!m->keys[i] || m->klen[i] == 0 || m->klen[i] > PK_MAX || (!pass && !m->vals[i].canon))
                    continue;
                pslot *e = pk_at(gp, m->keys[i], m->klen[i]);
                if (!(e->tok & TOK_LISTED))
                    e->tok |= TOK_LISTED | (pass ? T_FN : stop_flags(m->vals[i].canon));
            }
        }
        for (int pass = 0; pass < 2; pass++) {
            const cx_map *m = ms[pass ? LS_SUFFIX : LS_NAMES];
            for (size_t i = 0; i < m->cap; i++)
                if (m->keys[i] && m->klen[i] > 0 && m->klen[i] <= PK_MAX)
                    pk_at(gp, m->keys[i], m->klen[i])->tok |= pass ? TP_SUFFIX : TP_NAME;
        }
        L->entpack = P;
    }
    return CLAIMX_OK;
}

int cx_entities_packed(const cx_lang *L, int which, const char *k, size_t n)
{
    if (!L->entpack || which < 0 || which >= PK_COUNT || n == 0 || n > PK_MAX)
        return -1;
    uint64_t k0, k1;
    pk_pad(k, n, &k0, &k1);
    if (which == PK_FLAGS) { /* (held by PK_GPRE) */
        const pslot *e = pk_get(&L->entpack->t[PK_GPRE], k0, k1);
        return e && (e->tok & TOK_LISTED) ? 1 + (int)(e->tok & (T_FN | T_STOP | T_PART)) : 0;
    }
    const pslot *e = pk_get(&L->entpack->t[which], k0, k1);
    return e ? 1 + (int)e->aux : 0;
}

/* Can the span [a, b), folded D->fold[fa, fb), be a key of m? (the map's
 * quick tests) */
static inline bool lookup_ok(const doc *D, const cx_map *m, size_t a, size_t b, size_t fa, size_t fb)
{
    if (!m->cap || b <= a || b - a > m->maxkey + 8 || fb <= fa)
        return false;
    size_t kl = fb - fa;
    if (kl >= 252 || kl > m->maxkey)
        return false;
    const unsigned char *k = (const unsigned char *)D->fold + fa;
    return (m->first[k[0] >> 3] >> (k[0] & 7) & 1) && (m->last[k[kl - 1] >> 3] >> (k[kl - 1] & 7) & 1) &&
           cx_map_may_key(m, (const char *)k, kl);
}

/* Is the text span [a, b), whose fold is D->fold[fa, fb), a key of list t?
 * (what cx_map_lookup(t->m, s + a, b - a) finds, without folding again): 0
 * when not, else 1 + type_of() of its entry. A short key (b - a <= kl + 8:
 * then the map's length limits pass for any of its keys) is looked up packed. */
static int lookup_map(const doc *D, const ptab *t, size_t a, size_t b, size_t fa, size_t fb);

static inline int lookup_f(const doc *D, const ptab *t, size_t a, size_t b, size_t fa, size_t fb)
{
    if (fb <= fa || b <= a)
        return 0;
    size_t kl = fb - fa;
    if (kl <= PK_MAX && b - a <= kl + 8) {
        uint64_t k0, k1;
        pk_fold(D->fold + fa, kl, &k0, &k1);
        const pslot *e = pk_get(t, k0, k1);
        return e ? 1 + (int)e->aux : 0;
    }
    return lookup_map(D, t, a, b, fa, fb);
}

/* lookup_f() of a longer key: through the map */
static __attribute__((noinline)) int lookup_map(const doc *D, const ptab *t, size_t a, size_t b, size_t fa, size_t fb)
{
    size_t kl = fb - fa;
    const cx_map *m = t->m;
    if (!lookup_ok(D, m, a, b, fa, fb))
        return 0;
    const char *k = D->fold + fa;
    const cx_entry *e = cx_map_get_hashed(m, k, kl, cx_hash_more(CX_HASH_SEED, k, kl));
    return e ? 1 + type_of(e->canon) : 0;
}

/* Tokens [i, j) of one stretch. */
static int lookup_toks(const doc *D, const ptab *t, uint32_t i, uint32_t j)
{
    const tok *x = &D->tv[i], *y = &D->tv[j - 1];
    return lookup_f(D, t, x->a, y->b, x->fa, y->fb);
}

/* The key cx_fold_key(text of the span, .., out, cap) writes: the folded
 * slice, cut at the last character boundary that fits in cap - 1 bytes. */
static size_t fold_slice(const doc *D, size_t fa, size_t fb, size_t cap, const char **k)
{
    *k = D->fold + fa;
    size_t kl = fb > fa ? fb - fa : 0;
    if (kl > cap - 1) {
        kl = cap - 1;
        while (kl > 0 && ((unsigned char)(*k)[kl] & 0xC0) == 0x80)
            kl--;
    }
    return kl;
}

/* ---------- 1. tokens ---------- */

/* Is the gap text between two tokens a clause restart? */
/* Does a token after ASCII byte c (in its gap) start a clause? The one list
 * of those bytes, for gap_restarts() and tokenize()'s short gaps. */
static inline bool restart_ascii(unsigned c)
{
    static const uint64_t bits[2] = {(1ull << '\n') | (1ull << '\r') | (1ull << '!') | (1ull << '"') | (1ull << '(') |
                                         (1ull << '.') | (1ull << ':') | (1ull << ';') | (1ull << '>') | (1ull << '?'),
                                     (1ull << ('[' - 64)) | (1ull << ('|' - 64))};
    return c < 128 && (bits[c >> 6] >> (c & 63) & 1);
}

static bool gap_restarts(const char *s, size_t a, size_t b, bool *blank)
{
    bool rs = false;
    *blank = true;
    for (size_t i = a; i < b;) {
        uint32_t c = (unsigned char)s[i];
        if (c < 0x80)
            i++;
        else
            i += cp_at(s, i, b, &c);
        if (c == ' ' || c == '\t' || c == 0xA0 || c == 0x202F)
            continue;
        *blank = false;
        if (restart_ascii(c) || c == 0xAB || c == 0x201C || c == 0x2022 || c == 0x00B7 || c >= 0x2190)
            rs = true;
    }
    return rs;
}

static bool is_domain(const char *s, size_t a, size_t b)
{
    /* letters/digits, a dot, then 2..6 lower-case ASCII letters at the end */
    size_t d = b;
    while (d > a && s[d - 1] != '.')
        d--;
    if (d <= a + 2 || b - d < 2 || b - d > 6)
        return false;
    for (size_t i = d; i < b; i++)
        if (s[i] < 'a' || s[i] > 'z')
            return false;
    return true;
}

enum { A_DIGIT = 1, A_UPPER = 2, A_LOWER = 4 };

/* The shape flags both ASCII word paths derive from what they saw: the class
 * of the first character (A_UPPER, A_LOWER or 0), the union of the classes,
 * a lower-to-upper change inside (CamelCase) and the number of capitals. */
static inline uint32_t shape_flags(unsigned first, unsigned acc, bool inner, int uppers)
{
    uint32_t f = 0;
    if (first)
        f |= T_FIRSTA | (first == A_UPPER ? T_CAP : T_LOWER);
    if (acc & A_DIGIT)
        f |= T_DIGIT;
    if (acc & (A_UPPER | A_LOWER))
        f |= T_ALPHA;
    if (inner)
        f |= T_INNER;
    if (!(acc & A_LOWER) && uppers >= 2)
        f |= T_ALLCAPS;
    return f;
}

/* Classes of the ASCII bytes (A_*), defined below. */
static const uint8_t ascii_class[256];

/* Shape flags of an all-ASCII token (what the general loop of add_flags
 * computes); false when the token holds other bytes. */
static bool ascii_shape(const char *s, size_t a, size_t b, uint32_t *pf)
{
    uint32_t f = *pf;
    unsigned acc = 0, prevc = 0;
    int uppers = 0;
    unsigned char after_hyph = 0;
    bool inner = false;
    unsigned char pc = 0; /* the byte before (none: 0) */
    for (size_t i = a; i < b; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80)
            return false;
        unsigned cl = ascii_class[c];
        if (cl == A_UPPER) {
            uppers++;
            if (prevc == A_LOWER)
                inner = true;
        }
        if (pc == '-')
            after_hyph = c;
        acc |= cl;
        prevc = cl;
        pc = c;
    }
    unsigned c0 = (unsigned char)s[a];
    f |= shape_flags((c0 | 32) >= 'a' && (c0 | 32) <= 'z' ? (c0 <= 'Z' ? A_UPPER : A_LOWER) : 0, acc, inner,
                     uppers);
    if (after_hyph >= 'a' && after_hyph <= 'z' && (f & (T_CAP | T_LOWER)))
        f |= T_HYPHLOW;
    *pf = f;
    return true;
}

/* Function words and stop words (entity_stop, the language's words). */
/* The flags of the previous token of the sentence that make the lists'
 * flags of a short lower-case word matter, or T_NEED_ALL for the first. */
#define T_NEED_PREV (T_CAP | T_INNER | T_DOMAIN | T_DIGIT | T_PART)
#define T_NEED_ALL 0xFFFFFFFFu

/* Function words and stop words (entity_stop, the language's words) of a
 * capitalised word, and of a short lower-case word where they matter (prev:
 * the previous token's flags, or T_NEED_ALL). A lower-case word is never
 * name-like unless T_INNER or T_DOMAIN, and either way it ends the initial
 * stretch of a sentence (sentence_runs), so its T_FN, T_STOP and T_PART are
 * read only when it is the first of its sentence (fn_start) or a particle
 * right after a run (a name-like token, a version, or another particle). */
static inline uint32_t list_lookups(const doc *D, const tok *t, uint32_t f, const struct cx_entpack *P);

static inline uint32_t list_flags(const doc *D, const tok *t, uint32_t f, const struct cx_entpack *P, uint32_t prev)
{
    if (!((f & T_CAP) || ((f & T_LOWER) && t->b - t->a <= 4 &&
                          ((prev & T_NEED_PREV) || (f & (T_INNER | T_DOMAIN | T_DIGIT))))))
        return f;
    return list_lookups(D, t, f, P);
}

static uint32_t list_lookups_long(const doc *D, const tok *t, uint32_t f, const struct cx_entpack *P);

/* A short word is looked up packed in PK_GPRE (whose slots' tok hold what
 * the two lookups below give, and TP_*, see cx_entities_prepare): T_PROPS;
 * a long one in the maps. */
static inline uint32_t list_lookups_in(const doc *D, const char *fold, const tok *t, uint32_t f,
                                       const struct cx_entpack *P)
{
    size_t kl = t->fb - t->fa;
    if (kl && kl <= PK_MAX && t->b - t->a <= kl + 8) {
        uint64_t k0, k1;
        pk_fold(fold + t->fa, kl, &k0, &k1);
        const pslot *e = pk_get(&P->t[PK_GPRE], k0, k1);
        return f | T_PROPS |
               (e ? (e->tok & ~TOK_LISTED) | (e->aux & (AF_TYPE | AF_AFFIX | AF_KEY)) << TP_AF_SHIFT : 0);
    }
    return list_lookups_long(D, t, f, P);
}

/* (list_lookups_in's fold: D->fold, which a caller may hold in a register) */
static inline uint32_t list_lookups(const doc *D, const tok *t, uint32_t f, const struct cx_entpack *P)
{
    return list_lookups_in(D, D->fold, t, f, P);
}

/* list_lookups() of a longer word: through the maps */
static __attribute__((noinline)) uint32_t list_lookups_long(const doc *D, const tok *t, uint32_t f,
                                                            const struct cx_entpack *P)
{
    const cx_map *stop = P->t[LS_STOP].m, *words = P->t[PK_FLAGS].m;
    uint64_t h = 0;
    bool hashed = false;
    if (lookup_ok(D, stop, t->a, t->b, t->fa, t->fb)) {
        h = cx_hash_more(CX_HASH_SEED, D->fold + t->fa, t->fb - t->fa);
        hashed = true;
        const cx_entry *e = cx_map_get_hashed(stop, D->fold + t->fa, t->fb - t->fa, h);
        if (e && e->canon)
            return f | stop_flags(e->canon);
    }
    if (lookup_ok(D, words, t->a, t->b, t->fa, t->fb)) {
        if (!hashed)
            h = cx_hash_more(CX_HASH_SEED, D->fold + t->fa, t->fb - t->fa);
        if (cx_map_get_hashed(words, D->fold + t->fa, t->fb - t->fa, h))
            f |= T_FN;
    }
    return f;
}

static void add_flags(doc *D, tok *t, const struct cx_entpack *P, uint32_t prevf)
{
    const char *s = D->s;
    uint32_t f = t->flags;
    uint32_t c, prev = 0;
    size_t i = t->a;
    bool first = true;
    int letters = 0, lowers = 0;
    uint32_t after_hyph = 0;
    bool hyph = false;
    if (ascii_shape(s, t->a, t->b, &f))
        i = t->b; /* done: skip the general loop */
    while (i < t->b) {
        size_t k = cp_at(s, i, t->b, &c);
        if (first) {
            if (is_alpha(c))
                f |= T_FIRSTA;
            if (is_upper(c))
                f |= T_CAP;
            else if (is_lower(c))
                f |= T_LOWER;
            first = false;
        }
        if (is_digit(c))
            f |= T_DIGIT;
        else if (is_alpha(c)) {
            f |= T_ALPHA;
            letters++;
            if (is_lower(c))
                lowers++;
            else if (is_upper(c) && prev && is_lower(prev))
                f |= T_INNER;
        }
        if (hyph) {
            after_hyph = c;
            hyph = false;
        }
        if (c == '-') {
            hyph = true;
            after_hyph = 0;
        }
        prev = c;
        i += k;
    }
    if (letters >= 2 && lowers == 0)
        f |= T_ALLCAPS;
    if (after_hyph && is_lower(after_hyph) && (f & (T_CAP | T_LOWER)))
        f |= T_HYPHLOW; /* (all ASCII: set by ascii_shape) */
    if (memchr(s + t->a, '.', t->b - t->a) && is_domain(s, t->a, t->b))
        f |= T_DOMAIN;
    if (t->b < D->n && s[t->b] == '.')
        f |= T_DOTNEXT;
    t->flags = list_flags(D, t, f, P, prevf);
}

/* Tokens of sentence [a, b). */
/* Classes of the ASCII bytes for the token fast path. */
static const uint8_t ascii_class[256] = { /* (0 from 0x80 on) */
    ['0'] = A_DIGIT, ['1'] = A_DIGIT, ['2'] = A_DIGIT, ['3'] = A_DIGIT, ['4'] = A_DIGIT, ['5'] =
    A_DIGIT, ['6'] = A_DIGIT, ['7'] = A_DIGIT, ['8'] = A_DIGIT, ['9'] = A_DIGIT,
    ['A'] = A_UPPER, ['B'] = A_UPPER, ['C'] = A_UPPER, ['D'] = A_UPPER, ['E'] = A_UPPER, ['F'] =
    A_UPPER, ['G'] = A_UPPER, ['H'] = A_UPPER, ['I'] = A_UPPER, ['J'] = A_UPPER, ['K'] = A_UPPER,
    ['L'] = A_UPPER, ['M'] = A_UPPER, ['N'] = A_UPPER, ['O'] = A_UPPER, ['P'] = A_UPPER, ['Q'] =
    A_UPPER, ['R'] = A_UPPER, ['S'] = A_UPPER, ['T'] = A_UPPER, ['U'] = A_UPPER, ['V'] = A_UPPER,
    ['W'] = A_UPPER, ['X'] = A_UPPER, ['Y'] = A_UPPER, ['Z'] = A_UPPER,
    ['a'] = A_LOWER, ['b'] = A_LOWER, ['c'] = A_LOWER, ['d'] = A_LOWER, ['e'] = A_LOWER, ['f'] =
    A_LOWER, ['g'] = A_LOWER, ['h'] = A_LOWER, ['i'] = A_LOWER, ['j'] = A_LOWER, ['k'] = A_LOWER,
    ['l'] = A_LOWER, ['m'] = A_LOWER, ['n'] = A_LOWER, ['o'] = A_LOWER, ['p'] = A_LOWER, ['q'] =
    A_LOWER, ['r'] = A_LOWER, ['s'] = A_LOWER, ['t'] = A_LOWER, ['u'] = A_LOWER, ['v'] = A_LOWER,
    ['w'] = A_LOWER, ['x'] = A_LOWER, ['y'] = A_LOWER, ['z'] = A_LOWER,
};

/* Class of the character at s[q] (q < b) for the token fast path: ASCII
 * letters and digits and the Latin-1 letters (U+00C0-U+00FF but for x and
 * division, two bytes C3 xx, whose upper case folds by adding 0x20 to the
 * second byte); *len receives its length. 0: any other character. */
static inline unsigned fast_class(const unsigned char *u, size_t q, size_t b, size_t *len)
{
    unsigned char c = u[q];
    if (c < 0x80) {
        *len = 1;
        return ascii_class[c];
    }
    if (c != 0xC3 || q + 1 >= b)
        return 0;
    unsigned char d = u[q + 1];
    if (d < 0x80 || d > 0xBF || d == 0x97 || d == 0xB7) /* U+00D7, U+00F7 */
        return 0;
    *len = 2;
    return d < 0x9F ? A_UPPER : A_LOWER; /* U+00C0-U+00DE upper, U+00DF-U+00FF lower */
}

/* The end of the run of ASCII lower-case letters from q (< b), copied to
 * *fold (which has room for 2 (b - q) + 4 bytes: fold_reserve). */
static inline size_t lower_run(const unsigned char *u, size_t q, size_t b, char **fold)
{
    char *o = *fold;
#if ENT_SSE2
    /* sixteen bytes at a time: the first byte that is no a-z ends the run */
    while (b - q >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + q));
        __m128i lt = _mm_sub_epi8(x, _mm_set1_epi8((char)('a' + 128)));
        uint32_t other = ~(uint32_t)_mm_movemask_epi8(_mm_cmplt_epi8(lt, _mm_set1_epi8(-128 + 26)));
        size_t k = (size_t)__builtin_ctz(other); /* <= 16 (bits 16.. are set) */
        _mm_storeu_si128((__m128i *)(void *)o, x); /* the bytes after the run are overwritten later */
        o += k;
        q += k;
        if (k < 16) {
            *fold = o;
            return q;
        }
    }
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* eight bytes at a time: the high bit of each byte in 'a'..'z' (no
     * carry between bytes: the high bits are cleared before adding) */
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    while (b - q >= 8) {
        uint64_t x;
        memcpy(&x, u + q, 8);
        uint64_t y = x & ~high;
        uint64_t low = (y + ones * 0x1F) & ~(y + ones * 0x05) & ~x & high;
        uint64_t other = ~low & high;
        size_t k = other ? (size_t)__builtin_ctzll(other) >> 3 : 8;
        memcpy(o, u + q, 8); /* the bytes after the run are overwritten later */
        o += k;
        q += k;
        if (k < 8) {
            *fold = o;
            return q;
        }
    }
#endif
    while (q < b && (unsigned)(u[q] - 'a') < 26u)
        *o++ = (char)u[q++];
    *fold = o;
    return q;
}

/* In tokenize(): append the token [st, q), whose fold is already at
 * D->fold + nfold, at tp (in D->tv, which has room: see
 * tokenize) and point t at it. A macro, so the
 * loop's counters stay in registers (as a function taking their addresses,
 * the entity pass cost 2% more). */
#define PUSH_TOK(t, st, q)                                                                                          \
    do {                                                                                                           \
        (t) = tp++;                                                                                                  \
        (t)->a = (uint32_t)(st);                                                                                   \
        (t)->b = (uint32_t)(q);                                                                                    \
        (t)->fa = (uint32_t)nfold;                                                                                 \
        nfold += (q) - (st);                                                                                       \
        (t)->fb = (uint32_t)nfold;                                                                                 \
    } while (0)

/* The end of the run of lower-case letters from q (< b), ASCII or Latin-1
 * (fast_class: C3 9F-BF but for U+00F7), copied to *fold (as lower_run). */
static inline size_t lower_word(const unsigned char *u, size_t q, size_t b, char **fold)
{
    for (;;) {
        q = lower_run(u, q, b, fold);
        if (!(q + 1 < b && u[q] == 0xC3 && (unsigned)(u[q + 1] - 0x9F) <= 0x20u && u[q + 1] != 0xB7))
            return q;
        (*fold)[0] = (char)u[q];
        (*fold)[1] = (char)u[q + 1];
        *fold += 2;
        q += 2;
    }
}

/* A token of letters and digits of fast_class() from st, ended by a byte
 * that cannot join it to more (what the general loop of tokenize would find):
 * its end, with its shape flags in *pf (what add_flags' loops find) and its
 * fold written at fold (as long as the token); 0 otherwise. */
static size_t fast_token(const char *s, size_t st, size_t b, uint32_t *pf, char *fold)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned acc = 0, prevc = 0, inner = 0;
    int uppers = 0;
    size_t q = st, len = 1;
    while (q < b) {
        unsigned char c = u[q];
        if ((unsigned)(c - 'a') < 26u) {
            /* a run of ASCII lower-case letters, the most common bytes: they
             * fold to themselves and set only A_LOWER */
            q = lower_run(u, q, b, &fold);
            acc |= A_LOWER;
            prevc = A_LOWER;
            continue;
        }
        unsigned cl = fast_class(u, q, b, &len);
        if (!cl)
            break;
        unsigned up = cl >> 1 & 1; /* A_UPPER */
        if (len == 1) {
            *fold++ = (char)(u[q] | up << 5); /* the fold: lower case */
        } else {
            *fold++ = (char)u[q];
            *fold++ = (char)(u[q + 1] + (up << 5));
        }
        uppers += (int)up;
        inner |= up & (prevc >> 2); /* an upper-case letter after a lower-case one */
        acc |= cl;
        prevc = cl;
        q += len;
    }
    if (q == st)
        return 0;
    if (q < b) {
        unsigned char d = u[q];
        if (d >= 0x80)
            return 0;
        if (d == '-' || d == '.' || d == '&' || d == '_' || d == '\'') {
            /* a joining character: the token goes on when a letter or digit follows */
            if (q + 1 < b && (u[q + 1] >= 0x80 || ascii_alnum(u[q + 1])))
                return 0;
        }
    }
    uint32_t f = 0;
    size_t l0;
    f |= shape_flags(fast_class(u, st, b, &l0) & (A_UPPER | A_LOWER), acc, inner, uppers);
    *pf = f;
    return q;
}

/* Does a URL start at s[i] (i < b)? (it is skipped whole) */
static inline bool url_at(const char *s, size_t i, size_t b)
{
    return s[i] == 'h' && b - i > 7 && (!memcmp(s + i, "http://", 7) || (b - i > 8 && !memcmp(s + i, "https://", 8)));
}

static void tokenize(doc *D, size_t a, size_t b, const cx_lang *L)
{
    const char *s = D->s;
    size_t i = a, gap = a;
    bool restart = true;
    const struct cx_entpack *P = L->entpack;
    uint32_t prevf = T_NEED_ALL; /* flags of the previous token */
    if (!fold_reserve(D, b))
        return;
    /* room for every token of [a, b) at once (the token loop's PUSH_TOK
     * does not check): each token but the last is followed by a byte of no
     * token (a gap, the byte that ended it), or is an elision of at least two
     * bytes (l'), so there are at most (b - a + 1) / 2 of them */
    tok *tv0 = grow(D->tv, &D->capt, D->nt + (b - a + 1) / 2 + 1, sizeof *D->tv, &D->oom);
    if (!tv0)
        return;
    D->tv = tv0;
    while (i < b) {
        unsigned char c0 = (unsigned char)s[i];
        if (c0 < 0x80 && !ascii_class[c0]) {
            i++;
            continue;
        }
        if (c0 >= 0x80) {
            uint32_t c;
            size_t k = cp_at(s, i, b, &c);
            if (!is_alnum(c)) {
                i += k;
                continue;
            }
        }
        /* a URL is skipped whole */
        if (url_at(s, i, b)) {
            while (i < b && s[i] != ' ' && s[i] != '\n')
                i++;
            gap = i;
            continue;
        }
        bool blank, rs;
        if (gap + 1 == i && s[gap] == ' ')
            blank = true, rs = restart; /* the usual gap: one space */
        else if (gap + 2 == i && s[gap + 1] == ' ' && (unsigned char)s[gap] < 0x80) {
            /* an ASCII byte and a space (", "): what gap_restarts finds */
            unsigned char g = (unsigned char)s[gap];
            blank = g == ' ' || g == '\t';
            rs = restart || restart_ascii(g);
        } else
            rs = gap_restarts(s, gap, i, &blank) || restart;
        restart = false;
        size_t st = i, j = i;
        uint32_t flags = 0, shape = 0;
        if (D->folded_to + 1 == st && s[D->folded_to] == ' ')
            D->folded_to = st; /* a space folds to nothing */
        else
            fold_run(D, st);
        size_t fast = 0;
        bool nofast = false; /* fast_token returns 0 at st */
        if (c0 < 0x80) {
            /* the most common token: ASCII lower-case letters ended by a byte
             * that is no letter, digit or joining character before one
             * (what fast_token finds, without its general shape work), else
             * what fast_token finds; and the next one after a single space,
             * or after an ASCII sign and a space, as the loop above would
             * find it (no restart, glued, the space folds to nothing) */
            const unsigned char *u = (const unsigned char *)s;
            size_t last = 0; /* the end of the last token taken (0: none yet) */
            uint32_t f0 = (rs ? T_RESTART : 0) | (blank && st > gap ? T_GLUED : 0);
            /* the counters stay in registers: written back on the way out */
            size_t nfold = D->nfold, folded = D->folded_to;
            /* D->fold, loaded once for the word stores and lookups (a byte
             * store may alias D; fold_reserve made room: no realloc here) */
            char *const fold = D->fold;
            tok *tp = D->tv + D->nt; /* the next token */
            for (;;) {
                size_t q = st;
                uint32_t f;
                unsigned char d = 0;
                /* the usual shapes, without fast_token's general work: a
                 * lower-case word, a capitalised one, capitals, a number */
                unsigned char c = u[st];
                char *o = fold + nfold;
                f = 0;
                if ((unsigned)(c - 'a') < 26u) {
                    q = lower_word(u, st, b, &o);
                    f = T_FIRSTA | T_LOWER | T_ALPHA;
                } else if ((unsigned)(c - 'A') < 26u) {
                    *o++ = (char)(c | 0x20);
                    q = st + 1;
                    if (q < b && (unsigned)(u[q] - 'A') < 26u) {
                        while (q < b && (unsigned)(u[q] - 'A') < 26u)
                            *o++ = (char)(u[q++] | 0x20);
                        f = T_FIRSTA | T_CAP | T_ALPHA | T_ALLCAPS;
                    } else {
                        q = lower_word(u, q, b, &o);
                        f = T_FIRSTA | T_CAP | T_ALPHA; /* (one capital: not T_ALLCAPS) */
                    }
                } else if ((unsigned)(c - '0') < 10u) {
                    /* digits, and a '.' between digits (5.600: the general
                     * loop joins them; its shape is T_DIGIT alone, no domain) */
                    for (;;) {
#if ENT_SSE2
                        if (b - q >= 16) {
                            /* sixteen bytes: the digits up to the first
                             * byte that is none, folded by one store */
                            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + q));
                            __m128i dt = _mm_sub_epi8(x, _mm_set1_epi8((char)('0' + 128)));
                            uint32_t dm = (uint32_t)_mm_movemask_epi8(_mm_cmplt_epi8(dt, _mm_set1_epi8(-128 + 10)));
                            unsigned k = (unsigned)__builtin_ctz(~dm); /* <= 16 */
                            _mm_storeu_si128((__m128i *)(void *)o, x); /* the bytes after are overwritten later */
                            o += k;
                            q += k;
                            if (k == 16)
                                continue;
                        } else
#endif
                        while (q < b && (unsigned)(u[q] - '0') < 10u)
                            *o++ = (char)u[q++];
                        if (!(q + 1 < b && u[q] == '.' && (unsigned)(u[q + 1] - '0') < 10u))
                            break;
                        *o++ = '.';
                        q++;
                    }
                    f = T_DIGIT;
                }
            scanned:
                /* what fast_token finds when a byte ends the token that is no
                 * letter or digit, nor a joining character before one */
                d = q < b ? u[q] : 0; /* the usual end: a space */
                bool plain = d == ' ' || q >= b ||
                             (d < 0x80 && !ascii_class[d] &&
                              !((d == '-' || d == '.' || d == '&' || d == '_' || d == '\'') && q + 1 < b &&
                                (u[q + 1] >= 0x80 || ascii_alnum(u[q + 1]))));
                /* a possessive 's (an ASCII apostrophe, s or S, then no letter
                 * or digit) after a word too long for an elision (see below):
                 * the general loop ends the token before the apostrophe, as
                 * here; the s is the next token */
                if (!plain && d == '\'' && q + 1 < b && (u[q + 1] | 32) == 's' &&
                    !(q + 2 < b && (u[q + 2] >= 0x80 || ascii_class[u[q + 2]])) &&
                    !(q - st <= 2 || (q - st == 3 && (u[st] | 32) == 'q')))
                    plain = true;
                bool lower = plain && f == (T_FIRSTA | T_LOWER | T_ALPHA);
                if (!plain && d == '\'' && q + 1 < b && ascii_class[u[q + 1]] &&
                    (q - st <= 2 || (q - st == 3 && (u[st] | 32) == 'q')) && !url_at(s, q + 1, b)) {
                    /* an elision (l'Asie, d'un, qu'il): what the general loop
                     * below makes of it, a token up to the apostrophe with
                     * T_ELISION and T_FN, no shape; the next token starts
                     * right after it (an empty gap: no restart, not glued) */
                    tok *t = tp++;
                    t->a = (uint32_t)st;
                    t->b = (uint32_t)(q + 1);
                    t->fa = (uint32_t)nfold;
                    D->fold[nfold + (q - st)] = '\''; /* (the scan wrote the letters) */
                    nfold += q + 1 - st;
                    t->fb = (uint32_t)nfold;
                    t->flags = prevf = T_ELISION | T_FN | T_SLOW | f0;
                    last = q + 1;
                    st = q + 1;
                    f0 = 0;
                    folded = st;
                    continue;
                }
                if (!plain) {
                    /* a joining character before a letter or digit: no
                     * fast_token (it ends where this scan did, then returns 0) */
                    if ((d == '-' || d == '.' || d == '&' || d == '_' || d == '\'') && q > st) {
                        /* parts of ASCII letters and digits joined by hyphens
                         * (start-up, AI-infrastructuur, GPT-4), then a byte
                         * that joins nothing more: what the general loop
                         * makes of it (it joins the same bytes; T_SLOW and
                         * add_flags' shape, ascii_shape, and domain) */
                        size_t j = q;
                        while (j + 1 < b && u[j] == '-' && ascii_alnum(u[j + 1])) {
                            j += 2;
                            while (j < b && ascii_alnum(u[j]))
                                j++;
                        }
                        unsigned char e = j < b ? u[j] : 0;
                        uint32_t fs = T_SLOW;
                        if (!(j > q && e < 0x80 &&
                              !((e == '-' || e == '.' || e == '&' || e == '_' || e == '\'') && j + 1 < b &&
                                (u[j + 1] >= 0x80 || ascii_alnum(u[j + 1]))) &&
                              ascii_shape(s, st, j, &fs))) {
                            nofast = !last;
                            break; /* (the loop above takes it) */
                        }
                        for (size_t k = q; k < j; k++) /* (the scan folded [st, q)) */
                            D->fold[nfold + (k - st)] = (char)(u[k] + ((unsigned)(u[k] - 'A') < 26u ? 32 : 0));
                        if (memchr(s + st, '.', j - st) && is_domain(s, st, j))
                            fs |= T_DOMAIN;
                        f = fs;
                        q = j;
                        d = e;
                    } else {
                        uint32_t ft; /* (not &f: f stays in a register) */
                        q = fast_token(s, st, b, &ft, D->fold + nfold);
                        if (!q)
                            break; /* (the loop above takes it) */
                        f = ft;
                        d = q < b ? u[q] : 0;
                    }
                }
                tok *t;
                PUSH_TOK(t, st, q);
                folded = q;
                f |= f0;
                if (d == '.' || (q >= b && q < D->n && s[q] == '.'))
                    f |= T_DOTNEXT;
                if (lower) {
                    /* list_flags of a lower-case word without digits or capitals */
                    if ((prevf & T_NEED_PREV) && q - st <= 4)
                        f = list_lookups_in(D, fold, t, f, P);
                    t->flags = prevf = f;
                } else {
                    t->flags = prevf = f = list_flags(D, t, f, P, prevf);
                    /* plural of a model name: H100s */
                    if ((f & T_DIGIT) && (f & T_FIRSTA) && q - st > 2 && s[q - 1] == 's' &&
                        is_digit((unsigned char)s[q - 2]))
                        t->b--, t->fb--, t->flags &= ~TP_ALL; /* (its key changed) */
                }
                last = q;
                if (d == ' ') {
                    if (!(q + 1 < b && ascii_class[u[q + 1]] && !url_at(s, q + 1, b))) {
                        if (q + 2 < b && u[q + 1] == 0xC3 && (unsigned)(u[q + 2] - 0x80) < 0x40u && u[q + 2] != 0x97 &&
                            u[q + 2] != 0xB7) {
                            /* a space, then a word from a Latin-1 letter (fast_class: à, État):
                             * the loop above would take it with fast_token (no URL, one space:
                             * no restart, glued), and so do the lines above (they scan nothing
                             * at a byte >= 0x80 and call fast_token at once; when it finds no
                             * token, the loop above takes it) */
                            st = q + 1;
                            f0 = T_GLUED;
                            folded = st;
                            continue;
                        }
                        /* a space, a printable ASCII byte that is no letter
                         * or digit, maybe a space, then the next word ( $5,
                         * (AI), a : b): what the loop above finds for it (a
                         * gap of blanks and the byte: restart by the byte, not
                         * blank; the byte folds to itself, a space to nothing) */
                        unsigned char g = q + 1 < b ? u[q + 1] : 0;
                        if (!(g > ' ' && g < 0x80 && !ascii_class[g]))
                            break;
                        size_t nx = q + 2 < b && u[q + 2] == ' ' ? q + 3 : q + 2;
                        if (!(nx < b && ascii_class[u[nx]] && !url_at(s, nx, b)))
                            break; /* (the loop above skips URLs) */
                        D->fold[nfold++] = (char)g;
                        st = nx;
                        f0 = restart_ascii(g) ? T_RESTART : 0;
                        folded = st;
                        continue;
                    }
                    st = q + 1;
                    f0 = T_GLUED; /* no restart, one space */
                    folded = st;
                    /* runs of lower-case words parted by single spaces, the
                     * bulk of a text: each is stored here (what the lines
                     * above do for it: plain, lower, T_GLUED from f0, no
                     * T_DOTNEXT before a space) while a space and a letter
                     * or digit (no URL) follow; after a lower-case one the
                     * loop goes on, after another one the loop above (what
                     * the lines above do next: st, f0 and folded as here,
                     * then no lower-case letter at st). The last word before
                     * anything else goes on there, scanned */
                    if ((unsigned)(u[st] - 'a') >= 26u)
                        continue;
                    unsigned char c1; /* the byte after the space after a word */
                    for (;;) {
                        /* u[st] is a lower-case letter (tested above, and
                         * below before each way back here) */
                        char *o2 = fold + nfold;
#if ENT_SSE2
                        if (b - st >= 18) {
                            /* the word, a space and a letter or digit within
                             * eighteen bytes: what lower_word() and the test
                             * below find (the space ends it: no Latin-1 letter
                             * goes on);
                             * q + 1 <= st + 17 < b, so no q + 1 < b test */
                            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + st));
                            __m128i lt = _mm_sub_epi8(x, _mm_set1_epi8((char)('a' + 128)));
                            uint32_t lm = (uint32_t)_mm_movemask_epi8(_mm_cmplt_epi8(lt, _mm_set1_epi8(-128 + 26)));
                            size_t k = (size_t)__builtin_ctz(~lm); /* <= 16 */
                            /* its fold when the word ends within the sixteen
                             * bytes, or at st + 16 (else lower_word() writes
                             * it again) */
                            _mm_storeu_si128((__m128i *)(void *)o2, x);
                            q = st + k;
                            unsigned char e = u[q];
                            c1 = u[q + 1];
                            if (e == ' ' && ascii_class[c1] && !url_at(s, q + 1, b))
                                goto run_word; /* (a space ends it where lower_word() does) */
                            if (k < 16 && e != 0xC3) {
                                /* the word ends within the sixteen bytes, by a
                                 * byte that starts no Latin-1 letter: where
                                 * lower_word() ends it (its fold: the store) */
                                f = T_FIRSTA | T_LOWER | T_ALPHA;
                                goto scanned;
                            }
                        }
#endif
                        q = lower_word(u, st, b, &o2);
                        if (!(q + 1 < b && u[q] == ' ' && ascii_class[c1 = u[q + 1]] && !url_at(s, q + 1, b))) {
                            f = T_FIRSTA | T_LOWER | T_ALPHA;
                            goto scanned;
                        }
#if ENT_SSE2
                    run_word:;
#endif
                        tok *w;
                        PUSH_TOK(w, st, q);
                        uint32_t fw = T_FIRSTA | T_LOWER | T_ALPHA | T_GLUED; /* (no '.' after: a space) */
                        if ((prevf & T_NEED_PREV) && q - st <= 4)
                            fw = list_lookups_in(D, fold, w, fw, P);
                        w->flags = prevf = fw;
                        last = q;
                        st = q + 1;
                        folded = st;
                        if ((unsigned)(c1 - 'a') >= 26u)
                            break; /* a capital or a digit: the loop above goes on */
                    }
                    continue;
                }
                /* a printable ASCII byte that is no letter or digit, then a
                 * space (", ") or the next word at once (2,1 and the s of a
                 * possessive: a joining character before a letter or digit
                 * ends no other token here): what the loop above finds for
                 * the next word (a gap of an ASCII byte and maybe a space:
                 * restart by the byte, not blank; the byte folds to itself,
                 * the space to nothing) */
                if (!(d > ' ' && d < 0x80 && !ascii_class[d]))
                    break;
                size_t nx = q + 1 < b && u[q + 1] == ' ' ? q + 2 : q + 1;
                if (!(nx < b && ascii_class[u[nx]] && !url_at(s, nx, b)))
                    break;
                D->fold[nfold++] = (char)d;
                st = nx;
                f0 = restart_ascii(d) ? T_RESTART : 0;
                folded = st;
            }
            D->nt = (size_t)(tp - D->tv);
            D->nfold = nfold;
            D->folded_to = folded;
            if (last) {
                i = gap = last;
                continue;
            }
        }
        if (!fast && !nofast)
            fast = fast_token(s, st, b, &shape, D->fold + D->nfold);
        if (fast) {
            if (D->nt == D->capt) {
                tok *tv = grow(D->tv, &D->capt, D->nt + 1, sizeof *D->tv, &D->oom);
                if (!tv)
                    return;
                D->tv = tv;
            }
            tok *t = &D->tv[D->nt++];
            t->a = (uint32_t)st;
            t->b = (uint32_t)fast;
            t->fa = (uint32_t)D->nfold;
            D->nfold += fast - st; /* written by fast_token */
            D->folded_to = fast;
            t->fb = (uint32_t)D->nfold;
            uint32_t f = shape | (rs ? T_RESTART : 0) | (blank && st > gap ? T_GLUED : 0);
            if (fast < D->n && s[fast] == '.')
                f |= T_DOTNEXT;
            t->flags = list_flags(D, t, f, P, prevf);
            prevf = t->flags;
            if ((f & T_DIGIT) && (f & T_FIRSTA) && fast - st > 2 && s[fast - 1] == 's' && is_digit((unsigned char)s[fast - 2]))
                t->b--, t->fb--, t->flags &= ~TP_ALL; /* (its key changed) */
            i = gap = fast;
            continue;
        }
        while (j < b) {
            if (ascii_alnum((unsigned char)s[j])) {
                j++;
                continue;
            }
            uint32_t d;
            size_t m = cp_at(s, j, b, &d);
            if (is_alnum(d) || d == 0x200D) {
                j += m;
                continue;
            }
            if (d == '-' || d == '.' || d == '&' || d == '_' || is_apos(d)) {
                uint32_t e = 0;
                if (j + m < b)
                    cp_at(s, j + m, b, &e);
                if (!is_alnum(e))
                    break;
                if (is_apos(d)) {
                    /* elision: d' l' qu' ... */
                    size_t wl = j - st;
                    if (wl <= 2 || (wl == 3 && (s[st] | 32) == 'q')) {
                        j += m;
                        flags |= T_ELISION;
                        break;
                    }
                    /* possessive 's */
                    if ((e == 's' || e == 'S')) {
                        uint32_t f2 = 0;
                        if (j + m + 1 < b)
                            cp_at(s, j + m + 1, b, &f2);
                        if (!is_alnum(f2))
                            break;
                    }
                }
                j += m;
                continue;
            }
            break;
        }
        tok *tv = grow(D->tv, &D->capt, D->nt + 1, sizeof *D->tv, &D->oom);
        if (!tv)
            return;
        D->tv = tv;
        fold_run(D, st);
        uint32_t fa = (uint32_t)D->nfold;
        fold_run(D, j);
        tok *t = &D->tv[D->nt++];
        t->a = (uint32_t)st;
        t->b = (uint32_t)j;
        t->fa = fa;
        t->fb = (uint32_t)D->nfold;
        t->flags = flags | T_SLOW | (rs ? T_RESTART : 0) | (blank && st > gap ? T_GLUED : 0);
        if (flags & T_ELISION)
            t->flags |= T_FN;
        else
            add_flags(D, t, P, prevf);
        prevf = t->flags;
        /* plural of a model name: H100s */
        if ((t->flags & T_DIGIT) && (t->flags & T_FIRSTA) && j - st > 2 && s[j - 1] == 's' && is_digit((unsigned char)s[j - 2]))
            t->b--, t->fb--, t->flags &= ~TP_ALL; /* the fold of 's' is one byte; its key changed */
        i = j;
        gap = j;
    }
}

/* ---------- 2. names ---------- */

/* A name's key k[0..kl), a slice of the fold (16 bytes readable): a short
 * key is packed (*k0, *k1) and mixed into *h; a longer one is hashed byte by
 * byte. Returns whether it is short. */
static inline bool name_key(const char *k, size_t kl, uint64_t *h, uint64_t *k0, uint64_t *k1)
{
    if (kl && kl <= PK_MAX) {
        pk_fold(k, kl, k0, k1);
        uint64_t x = (*k0 * 0x9E3779B97F4A7C15ull) ^ (*k1 * 0xC2B2AE3D27D4EB4Full);
        *h = x ^ (x >> 31);
        return true;
    }
    *k0 = *k1 = 0;
    *h = cx_hash_more(CX_HASH_SEED, k, kl);
    return false;
}

/* Is name n the key k[0..kl) of name_key() (h, k0, k1, short)? A short key is
 * compared packed (its length is in k1), a longer one with the keys buffer. */
static inline bool name_is(const doc *D, const name *n, const char *k, size_t kl, uint64_t h, uint64_t k0,
                           uint64_t k1, bool shortk)
{
    if (n->hash != h || n->klen != kl)
        return false;
    return shortk ? n->k0 == k0 && n->k1 == k1 : !memcmp(D->keys.p + n->key, k, kl);
}

static uint32_t name_id(doc *D, const char *k, size_t kl)
{
    if (D->nn * 2 + 2 > D->nslots) {
        size_t ns = D->nslots ? D->nslots * 2 : 256;
        uint32_t *sl = malloc(ns * sizeof *sl);
        if (!sl) {
            D->oom = true;
            return 0;
        }
        memset(sl, 0xff, ns * sizeof *sl);
        for (size_t n = 0; n < D->nn; n++) {
            size_t x = (size_t)D->nv[n].hash & (ns - 1);
            while (sl[x] != UINT32_MAX)
                x = (x + 1) & (ns - 1);
            sl[x] = (uint32_t)n;
        }
        free(D->slots);
        D->slots = sl;
        D->nslots = ns;
    }
    uint64_t h, k0, k1;
    bool shortk = name_key(k, kl, &h, &k0, &k1);
    size_t x = (size_t)h & (D->nslots - 1);
    while (D->slots[x] != UINT32_MAX) {
        if (name_is(D, &D->nv[D->slots[x]], k, kl, h, k0, k1, shortk))
            return D->slots[x];
        x = (x + 1) & (D->nslots - 1);
    }
    name *nv = grow(D->nv, &D->capn, D->nn + 1, sizeof *D->nv, &D->oom);
    if (!nv)
        return 0;
    D->nv = nv;
    name *n = &D->nv[D->nn];
    memset(n, 0, sizeof *n);
    n->klen = (uint32_t)kl;
    n->hash = h;
    n->k0 = k0;
    n->k1 = k1;
    if (!shortk) {
        n->key = (uint32_t)D->keys.len;
        cx_buf_put(&D->keys, k, kl);
        if (D->keys.oom) {
            D->oom = true;
            return 0;
        }
    }
    D->slots[x] = (uint32_t)D->nn;
    return (uint32_t)D->nn++;
}

/* The name with folded key k, or UINT32_MAX. */
static uint32_t name_find(const doc *D, const char *k, size_t kl)
{
    if (!D->nslots)
        return UINT32_MAX;
    uint64_t h, k0, k1;
    bool shortk = name_key(k, kl, &h, &k0, &k1);
    size_t x = (size_t)h & (D->nslots - 1);
    while (D->slots[x] != UINT32_MAX) {
        if (name_is(D, &D->nv[D->slots[x]], k, kl, h, k0, k1, shortk))
            return D->slots[x];
        x = (x + 1) & (D->nslots - 1);
    }
    return UINT32_MAX;
}

static uint32_t name_of(doc *D, uint32_t t0, uint32_t t1)
{
    const char *k;
    size_t kl = fold_slice(D, D->tv[t0].fa, D->tv[t1 - 1].fb, 256, &k);
    return name_id(D, k, kl);
}

/* The affix table's entry of the fold slice [fa, fa + kl), 1 <= kl <= PK_MAX. */
static inline const pslot *af_get(const doc *D, const ptab *t, size_t fa, size_t kl)
{
    uint64_t k0, k1;
    pk_fold(D->fold + fa, kl, &k0, &k1);
    return pk_get(t, k0, k1);
}

/* Context cue in list `list` over the text between token ranges; returns a type. */
static int cue_before(doc *D, uint32_t t0, const cx_lang *L)
{
    const ptab *pt = list(L, LS_BEFORE), *sx = list(L, PK_BSUF);
    const cx_map *m = pt->m;
    if (!m->cap)
        return 0;
    /* every key tried ends with the last byte of the fold before t0 */
    const tok *t = &D->tv[t0];
    uint32_t fa0 = t->fa;
    if (fa0 == 0 || !fold_bit(m->last, D->fold[fa0 - 1]))
        return 0;
    /* the slice of every k ends with the two bytes before fa0 and is at
     * least as long as that of k = 1: when that one has two bytes or more,
     * only a key of two bytes or more that ends with them (EB2) can match */
    if (t0 == 0)
        return 0; /* (no k) */
    if (fa0 >= t[-1].fa + 2) {
        unsigned h = EB2(D->fold[fa0 - 2], D->fold[fa0 - 1]);
        if (!(L->entpack->before2[h / 64] >> (h % 64) & 1))
            return 0;
    }
    int best = 0;
    /* may reach into the previous sentence: ICU ends one after "M." or "Dr." */
    for (uint32_t k = 1; k <= 4 && k <= t0; k++) {
        const tok *p = t - k;
        if (t->a - p->a > m->maxkey + 8 || fa0 - p->fa > m->maxkey)
            break; /* longer with every k: no key can match */
        size_t kl = fa0 > p->fa ? fa0 - p->fa : 0;
        if (kl && kl <= PK_MAX) {
            /* the slice of every k after this one ends with this one */
            const pslot *e = af_get(D, sx, p->fa, kl);
            if (!e)
                break;
            if (t->a - p->a <= kl + 8) { /* what lookup_f() looks up packed */
                if (e->aux & AF_KEY)
                    best = (int)(e->aux & AF_TYPE);
                continue;
            }
        }
        int e = lookup_f(D, pt, p->a, t->a, p->fa, fa0);
        if (e)
            best = e - 1;
    }
    return best;
}

static int cue_after(doc *D, uint32_t t1, const cx_lang *L)
{
    const ptab *pt = list(L, LS_AFTER), *px = list(L, PK_APRE);
    const cx_map *m = pt->m;
    if (!m->cap || t1 == 0 || t1 >= D->send)
        return 0; /* (no token after: the walk below takes no step) */
    const tok *l = &D->tv[t1 - 1];
    uint32_t fb0 = l->fb;
    int best = 0;
    /* every key tried starts with the byte at fb0 (tested once: when it is
     * no first byte of a key, the walk ends at the first k with a fold,
     * which the tests below, that also end it, leave unchanged) */
    bool first_ok = fold_bit(m->first, D->fold[fb0]);
    /* (tokens [t1 - 1, D->send) are of one sentence) */
    for (uint32_t k = 0; k < 4 && t1 + k < D->send; k++) {
        const tok *p = &D->tv[t1 + k];
        if (p->fb > fb0 && !first_ok)
            break;
        if (p->b - l->b > m->maxkey + 8 || p->fb - fb0 > m->maxkey)
            break; /* longer with every k: no key can match */
        size_t kl = p->fb > fb0 ? p->fb - fb0 : 0;
        if (kl && kl <= PK_MAX) {
            /* the slice of every k after this one starts with this one */
            const pslot *e = af_get(D, px, fb0, kl);
            if (!e)
                break;
            if (p->b - l->b <= kl + 8) { /* what lookup_f() looks up packed */
                if (e->aux & AF_KEY)
                    best = (int)(e->aux & AF_TYPE);
                continue;
            }
        }
        int e = lookup_f(D, pt, l->b, p->b, fb0, p->fb);
        if (e)
            best = e - 1;
    }
    return best;
}

/* Gazetteer match of tokens [i, i+len) in one run. */
static inline __attribute__((always_inline)) int gaz_type(doc *D, uint32_t i, uint32_t j, const cx_lang *L)
{
    int e = lookup_toks(D, list(L, LS_GAZ), i, j);
    return e ? e - 1 : 0;
}

/* gaz_type() of token i alone: what list_lookups found of it (T_PROPS), or
 * the lookup. */
static inline int gaz_type1(doc *D, uint32_t i, const cx_lang *L)
{
    uint32_t f = D->tv[i].flags;
    if (f & T_PROPS)
        return f & TP_GKEY ? TP_GTYPE(f) : 0;
    return gaz_type(D, i, i + 1, L);
}

/* Can a gazetteer match start at token i? (every span from it starts with
 * the first byte of its fold) */
static inline bool gaz_may_at(doc *D, uint32_t i, const cx_lang *L)
{
    const cx_map *m = list(L, LS_GAZ)->m;
    if (!m->cap)
        return false;
    uint32_t fa = D->tv[i].fa;
    return fa >= D->nfold || fold_bit(m->first, D->fold[fa]);
}

/* The longest gazetteer match from token i of at most top tokens (i + top
 * <= D->nt): its length (0: none), its type in *g. The fold of tokens
 * [i, i + len) of any match is a prefix of a key, so the first len whose fold
 * is no such prefix (PK_GPRE) ends the reach (a fold longer than PK_MAX is not
 * known: it reaches top); the lengths from the reach down are tried with
 * gaz_type(). A length whose fold the walk found in PK_GPRE as lookup_f()
 * would look it up (at most PK_MAX bytes, its text at most 8 bytes longer)
 * has its answer from that entry (AF_KEY and the type of a whole key of the
 * list: what the packed lookup of the list gives); an empty fold none. */
static inline __attribute__((always_inline)) uint32_t gaz_longest(doc *D, uint32_t i, uint32_t top, const cx_lang *L,
                                                                  int *g)
{
    /* (what the walk below finds at len 1 of a token with T_PROPS, whose
     * fold is 1 to PK_MAX bytes: no prefix of a key, no match) */
    if ((D->tv[i].flags & (T_PROPS | TP_GAFFIX)) == T_PROPS || !gaz_may_at(D, i, L))
        return 0;
    const ptab *px = list(L, PK_GPRE);
    int known[7]; /* len -> its type (0: no key), or -1: ask gaz_type() */
    uint32_t fa = D->tv[i].fa, a = D->tv[i].a, reach = top;
    for (uint32_t len = 1; len <= top; len++) {
        const tok *y = &D->tv[i + len - 1];
        uint32_t fb = y->fb;
        if (fb <= fa) {
            known[len] = 0; /* an empty slice: no key, but longer ones may be */
            continue;
        }
        if (fb - fa > PK_MAX) {
            for (uint32_t k = len; k <= top; k++)
                known[k] = -1;
            break;
        }
        if (len == 1 && (y->flags & T_PROPS)) {
            /* the entry list_lookups found (its text is short enough) */
            if (!(y->flags & TP_GAFFIX)) {
                reach = 0;
                break;
            }
            known[1] = y->flags & TP_GKEY ? TP_GTYPE(y->flags) : 0;
            continue;
        }
        const pslot *e = af_get(D, px, fa, fb - fa);
        if (!e || !(e->aux & AF_AFFIX)) { /* (the table holds other lists' words too) */
            reach = len - 1;
            break;
        }
        known[len] = y->b - a <= fb - fa + 8 ? ((e->aux & AF_KEY) ? (int)(e->aux & AF_TYPE) : 0) : -1;
    }
    for (uint32_t len = reach; len >= 1; len--) {
        int ty = known[len] >= 0 ? known[len] : gaz_type(D, i, i + len, L);
        if (ty) {
            *g = ty;
            return len;
        }
    }
    return 0;
}

static inline __attribute__((always_inline)) bool suffix_org(doc *D, const tok *t, const cx_lang *L)
{
    const ptab *m = list(L, LS_SUFFIX);
    return ((t->flags & T_PROPS) ? (t->flags & TP_SUFFIX) != 0 : lookup_f(D, m, t->a, t->b, t->fa, t->fb) != 0) ||
           ((t->flags & T_DOTNEXT) && lookup_f(D, m, t->a, t->b + 1, t->fa, t->fb + 1));
}

/* A version after a name: 2, 64, V3, R1, v3.1, S24 (not a year, not a count). */
static bool version_at(doc *D, uint32_t i)
{
    const tok *t = &D->tv[i];
    const char *s = D->s;
    size_t n = t->b - t->a;
    if (!(t->flags & T_GLUED) || !(t->flags & T_DIGIT) || n > 5)
        return false;
    if (i + 1 < D->nt && (D->tv[i + 1].flags & T_GLUED) && (D->tv[i + 1].flags & T_DIGIT) && !(D->tv[i + 1].flags & T_ALPHA))
        return false; /* 2 048 */
    size_t p = t->a;
    if (is_alpha((unsigned char)s[p])) {
        p++;
        if (n > 3 && !(n <= 5 && memchr(s + t->a, '.', n)))
            return false; /* V3, R1, S24, v3.1; not H100 */
    } else if (n > 3) {
        return false;
    }
    for (; p < t->b; p++)
        if (!is_digit((unsigned char)s[p]) && s[p] != '.')
            return false;
    return true;
}

/* version_at() behind its first test, inline: most tokens are no digits */
static inline bool is_version(doc *D, uint32_t i)
{
    return (D->tv[i].flags & (T_GLUED | T_DIGIT)) == (T_GLUED | T_DIGIT) && version_at(D, i);
}

/* Shape of a model or chip name: starts with a letter, holds a digit (R1, H800, GPT-4o). */
static bool product_shape(const tok *t)
{
    return (t->flags & T_FIRSTA) && (t->flags & T_DIGIT) && !(t->flags & T_LOWER && !(t->flags & T_CAP) && t->b - t->a > 3);
}

static inline __attribute__((always_inline)) bool given_name(doc *D, const tok *t, const cx_lang *L)
{
    const ptab *m = list(L, LS_NAMES);
    if ((t->flags & T_PROPS) ? (t->flags & TP_NAME) != 0 : lookup_f(D, m, t->a, t->b, t->fa, t->fb) != 0)
        return true;
    if (!(t->flags & T_SLOW))
        return false; /* no '-' */
    const char *h = memchr(D->s + t->a, '-', t->b - t->a); /* Jean-Baptiste */
    if (!h)
        return false;
    /* the first '-' of the text is the first of its fold */
    const char *fh = memchr(D->fold + t->fa, '-', t->fb - t->fa);
    return fh && lookup_f(D, m, t->a, (size_t)(h - D->s), t->fa, (size_t)(fh - D->fold));
}

/* Lower-case words then "(ACRONYM)" right after token t1-1, in one sentence. */
static bool defines_acronym(doc *D, uint32_t t1)
{
    for (uint32_t k = t1; k < D->send && k < t1 + 5; k++) {
        const tok *t = &D->tv[k];
        if ((t->flags & T_ALLCAPS) && t->a > 0 && D->s[t->a - 1] == '(')
            return k > t1;
        if (t->flags & T_CAP)
            return false;
    }
    return false;
}

static void vote(doc *D, uint32_t n, int type, int w)
{
    if (type > 0 && type < NTYPES)
        D->nv[n].votes[type] += w;
}

/* The votes of mention m (tokens [t0, t1), name n) from its context and
 * its words: an organisation suffix, cues before and after, a given name.
 * Returns whether it found evidence (a suffix or a cue). D->send: the end of
 * m's sentence. */
static bool context_votes(doc *D, uint32_t t0, uint32_t t1, uint32_t n, const cx_lang *L)
{
    const tok *first = &D->tv[t0], *last = &D->tv[t1 - 1];
    bool evidence = false;
    bool suffix = t1 - t0 >= 2 && suffix_org(D, last, L);
    if (suffix) {
        vote(D, n, CLAIMX_ENTITY_ORG, W_STRONG);
        evidence = true;
    }
    int cb = cue_before(D, t0, L), ca = cue_after(D, t1, L);
    if (cb) {
        vote(D, n, cb, W_CUE);
        evidence = true;
    }
    if (ca) {
        vote(D, n, ca, W_CUE);
        evidence = true;
    }
    if (t1 - t0 >= 2 && t1 - t0 <= 4 && given_name(D, first, L) && !(last->flags & T_DIGIT) && !suffix)
        vote(D, n, CLAIMX_ENTITY_PERSON, W_GIVEN), evidence = true;
    else if (t1 - t0 == 1 && !(first->flags & T_ALLCAPS) && given_name(D, first, L))
        vote(D, n, CLAIMX_ENTITY_PERSON, W_MEDIUM);
    return evidence;
}

/* The most a mention can add to a name's votes for one type besides a
 * gazetteer match's W_GAZ (its strong shape or product shape, a domain, an
 * organisation suffix, two cues, a given name, the default vote; propagate()
 * adds W_MEDIUM only to names with less than W_MEDIUM for their best type):
 * ORG 100 + 100 + 50 + 50 + 1 at most (a domain is one token, a suffix ends
 * two or more: both cannot be), PRODUCT 100 + 100 + 50 + 50, PERSON 60 + 100. */
enum { W_MENTION_MAX = 301 };

/* Can the context votes of the name's mentions change what is reported of
 * it? Not when its gazetteer votes (W_GAZ for its type T from every
 * gazetteer match: one key, one entry, one type) outweigh what all its
 * mentions can add to any other type: then T is its best type, its top vote
 * is at least W_GAZ ("gazetteer"), it is accepted (a match is evidence), and
 * propagate() neither reads nor changes more of it than that. */
static inline bool name_decided(const name *nm)
{
    return (uint64_t)W_GAZ * nm->ngaz > (uint64_t)W_MENTION_MAX * nm->nment;
}

static void add_mention(doc *D, uint32_t t0, uint32_t t1, int gtype, bool strong_shape, bool initial,
                        const cx_lang *L)
{
    if (t1 <= t0)
        return;
    const tok *first = &D->tv[t0];
    uint32_t n = name_of(D, t0, t1);
    if (D->oom)
        return;
    mention *mv = grow(D->mv, &D->capm, D->nm + 1, sizeof *D->mv, &D->oom);
    if (!mv)
        return;
    D->mv = mv;
    mention *m = &D->mv[D->nm++];
    m->t0 = t0;
    m->t1 = t1;
    m->name = n;
    m->sent = D->sent;
    m->initial = initial;
    m->deferred = gtype != 0;
    D->nv[n].nment++;
    bool evidence = false;
    if (gtype) {
        vote(D, n, gtype, W_GAZ);
        evidence = true;
        D->nv[n].ngaz++;
    }
    if (strong_shape) {
        vote(D, n, CLAIMX_ENTITY_PRODUCT, W_STRONG);
        evidence = true;
    }
    if (t1 - t0 == 1 && (first->flags & T_DOMAIN)) {
        vote(D, n, CLAIMX_ENTITY_ORG, W_STRONG);
        evidence = true;
    }
    if (t1 - t0 == 1 && product_shape(first)) {
        vote(D, n, CLAIMX_ENTITY_PRODUCT, W_STRONG);
        evidence = true;
    }
    /* a gazetteer match has its evidence: its context votes only add to
     * its name's votes, and wait until every mention is known (when
     * name_decided(), they cannot change the output and are not looked up) */
    if (!gtype && context_votes(D, t0, t1, n, L))
        evidence = true;
    /* one or two letters alone (R in R$, Md, Co) are not names without evidence */
    if (!gtype && t1 - t0 == 1 && first->b - first->a <= 2 && (!evidence || first->b - first->a == 1))
        return;
    /* an unknown acronym needs more than a context cue: in USD */
    if (!gtype && !strong_shape && t1 - t0 == 1 && (first->flags & T_ALLCAPS) && !(first->flags & T_DIGIT) &&
        !(first->flags & T_DOMAIN))
        evidence = false;
    bool acronym = t1 - t0 == 1 && (first->flags & T_ALLCAPS) && !(first->flags & T_DIGIT);
    if (!evidence && !gtype && t1 - t0 == 1 && defines_acronym(D, t1))
        return; /* a term written before its acronym: Attention latente (MLA) */
    if (first->flags & T_INNER)
        evidence = true;
    vote(D, n, CLAIMX_ENTITY_ORG, W_DEFAULT);
    if (evidence || (!initial && !acronym))
        D->nv[n].accepted = true;
}

/* Segment the run of name-like tokens [r0, r1). */
static __attribute__((noinline)) void run_segments(doc *D, uint32_t r0, uint32_t r1, bool initial, const cx_lang *L)
{
    uint32_t i = r0;
    int prev_g = 0;
    uint32_t prev0 = 0, prev1 = 0; /* previous gazetteer segment */
    uint32_t known_at = UINT32_MAX, known_len = 0; /* a match the unknown segment stopped at */
    int known_g = 0;
    while (i < r1) {
        /* longest gazetteer match at i */
        uint32_t best = 0;
        int g = 0;
        if (i == known_at) {
            best = known_len, g = known_g; /* found below, with the same walk */
        } else {
            best = gaz_longest(D, i, r1 - i < 6 ? r1 - i : 6, L, &g);
        }
        if (best) {
            uint32_t j = i + best;
            /* versions after a known name: DeepSeek V3, ChatGPT 4 */
            uint32_t v = j;
            while (v < r1 && is_version(D, v) && v - j < 2 && !gaz_type1(D, v, L))
                v++;
            if (v > j && (g == CLAIMX_ENTITY_ORG || g == CLAIMX_ENTITY_PRODUCT)) {
                add_mention(D, i, v, 0, true, false, L);
                i = v;
                prev_g = 0;
                continue;
            }
            add_mention(D, i, j, g, false, false, L);
            prev_g = g;
            prev0 = i;
            prev1 = j;
            i = j;
            continue;
        }
        /* unknown segment up to the next gazetteer match */
        uint32_t j = i + 1;
        while (j < r1) {
            int gty = 0;
            uint32_t glen = gaz_longest(D, j, r1 - j < 6 ? r1 - j : 6, L, &gty);
            if (!glen)
                j++;
            else if (j + glen < r1 && !is_version(D, j + glen) && !gaz_type1(D, j + glen, L))
                j += glen; /* a known word inside an unknown name: Killer Instinct Gold */
            else {
                known_at = j, known_len = glen, known_g = gty;
                break;
            }
        }
        /* trailing versions belong to the segment: Switch 2 */
        uint32_t nv = 0;
        while (j - nv > i + 1 && is_version(D, j - nv - 1))
            nv++;
        if (nv && j - nv == i + 1 && (D->tv[i].flags & T_ALLCAPS) && !(D->tv[i].flags & T_DIGIT))
            nv = 0, j = i + 1; /* EUR 750, CAC 40: a code and a number */
        if (prev_g == CLAIMX_ENTITY_ORG && prev1 == i && D->nm > 0) {
            /* Sony Interactive Entertainment, Apple Vision Pro */
            bool suf = suffix_org(D, &D->tv[j - 1], L);
            if (suf || (j - i <= 2 && !(D->tv[i].flags & T_ALLCAPS))) {
                D->nm--; /* replace the bare organisation mention (its votes stay) */
                if (D->mv[D->nm].deferred)
                    context_votes(D, D->mv[D->nm].t0, D->mv[D->nm].t1, D->mv[D->nm].name, L);
                if (suf)
                    add_mention(D, prev0, j, 0, false, false, L), vote(D, D->mv[D->nm - 1].name, CLAIMX_ENTITY_ORG, W_STRONG);
                else
                    add_mention(D, prev0, j, 0, true, false, L);
                i = j;
                prev_g = 0;
                continue;
            }
        }
        if (i > r0) { /* (only there: the versions alone are no mention) */
            bool only_versions = true;
            for (uint32_t q = i; q < j && only_versions; q++)
                only_versions = is_version(D, q);
            if (only_versions) {
                i = j;
                continue;
            }
        }
        add_mention(D, i, j, 0, nv > 0 && j - i > nv, initial && i == r0, L);
        prev_g = 0;
        i = j;
    }
}

static bool name_like(const tok *t)
{
    if (t->flags & (T_STOP | T_FN | T_HYPHLOW | T_ELISION))
        return false;
    if (t->flags & (T_CAP | T_DOMAIN | T_INNER))
        return true; /* T_INNER: iPhone, eBay */
    return false;
}

static void sentence_runs(doc *D, uint32_t s0, uint32_t s1, const cx_lang *L)
{
    /* SR_INITIAL: no lower-case word yet since the clause began; SR_FN_START:
     * the clause began with a function word */
    enum { SR_INITIAL = 1, SR_FN_START = 2 };
    /* the tokens the general path below takes; the others are common words */
    enum { SR_GENERAL = T_RESTART | T_CAP | T_DIGIT | T_DOMAIN | T_INNER };
    unsigned state = SR_INITIAL;
    uint32_t i = s0;
    while (i < s1) {
        tok *t = &D->tv[i];
        if (!(t->flags & SR_GENERAL)) {
            /* the common word (no capital, digit, domain or inner capital, not
             * the first of a clause): it only ends the initial stretch (what
             * the general path below does); and so do the ones after it. A
             * function word or entity_stop word (T_FN, T_STOP) of that kind is
             * one too: below, glen needs T_CAP, lowgaz T_DIGIT, name_like()
             * is false for it (T_FN or T_STOP; and no T_CAP, T_DOMAIN or
             * T_INNER), and the T_FN branch sets SR_FN_START only at i == s0,
             * the first token of the sentence, which has T_RESTART, then
             * (no T_CAP) clears SR_INITIAL, as for any other word */
            state &= ~(unsigned)SR_INITIAL;
            /* (no bound check: the first token of every sentence has
             * T_RESTART, and so has the sentinel after the last token of the
             * document (cx_entities_doc), so the walk stops at s1; were it to
             * pass s1, the loop would end there all the same) */
            do
                t++;
            while (!(t->flags & SR_GENERAL));
            i = (uint32_t)(t - D->tv);
            continue;
        }
        if ((t->flags & SR_GENERAL) == T_DIGIT && !gaz_may_at(D, i, L)) {
            /* a number (or a lower-case word with digits, not the first of a
             * clause) no gazetteer key can start with: what the general path
             * below does with it (glen needs T_CAP, lowgaz gaz_may_at();
             * name_like() is false without T_CAP, T_DOMAIN and T_INNER; the
             * T_FN branch sets SR_FN_START only at i == s0, which has
             * T_RESTART), then the next token */
            state &= ~(unsigned)SR_INITIAL;
            i++;
            continue;
        }
        bool joined = false;
        if (t->flags & T_RESTART) {
            state = SR_INITIAL;
        }
        /* gazetteer entries that start with a function word (The Verge) */
        uint32_t glen = 0;
        /* (what the test below needs; a match of tokens [i, i + len) is a key
         * whose prefix is the fold of token i: when list_lookups found that
         * fold to be no prefix of a key (T_PROPS without TP_GAFFIX, as
         * gaz_longest() reads it), no len can match) */
        if ((t->flags & (T_FN | T_STOP)) && (t->flags & T_CAP) &&
            (t->flags & (T_PROPS | TP_GAFFIX)) != T_PROPS && gaz_may_at(D, i, L)) {
            /* tokens [i, i + len) are glued when len <= 1 + the glued tokens
             * after i; and the fold of tokens [i, i + len) of a match is a
             * prefix of a key: when that of [i, ng + 1) is no such prefix
             * (PK_GPRE, as in gaz_longest(); a fold longer than PK_MAX is not
             * known), no len > ng can match */
            uint32_t top = s1 - i < 6 ? s1 - i : 6, ng = 1;
            const ptab *px = list(L, PK_GPRE);
            while (ng < top && (D->tv[i + ng].flags & T_GLUED)) {
                uint32_t fb = D->tv[i + ng].fb;
                if (fb > t->fa && fb - t->fa <= PK_MAX) {
                    const pslot *e = af_get(D, px, t->fa, fb - t->fa);
                    if (!e || !(e->aux & AF_AFFIX))
                        break;
                }
                ng++;
            }
            for (uint32_t len = ng; len >= 2 && !glen; len--) {
                if ((D->tv[i + len - 1].flags & T_CAP) && gaz_type(D, i, i + len, L))
                    glen = len;
            }
        }
        bool lowgaz = !(t->flags & T_CAP) && (t->flags & T_DIGIT) && gaz_may_at(D, i, L) && gaz_type1(D, i, L);
        if (!glen && !name_like(t) && !lowgaz) {
            if (t->flags & T_FN) {
                if ((state & SR_INITIAL) && i == s0)
                    state |= SR_FN_START;
                if (t->flags & T_CAP) {
                    if ((state & SR_INITIAL) && (i == s0 || (t->flags & T_RESTART)))
                        state |= SR_FN_START;
                } else
                    state &= ~(unsigned)SR_INITIAL;
            } else if (!(t->flags & T_CAP))
                state &= ~(unsigned)SR_INITIAL;
            i++;
            continue;
        }
        uint32_t j = glen ? i + glen : i + 1;
        while (j < s1) {
            const tok *u = &D->tv[j];
            if (!(u->flags & T_GLUED) || (u->flags & T_RESTART))
                break;
            if (name_like(u) || is_version(D, j)) {
                j++;
                continue;
            }
            /* particles between capitalised words: van der, da, dos */
            uint32_t q = j;
            while (q < s1 && (D->tv[q].flags & T_PART) && (D->tv[q].flags & T_GLUED) && q - j < 2)
                q++;
            if (q > j && q < s1 && !joined &&
                (q + 1 >= s1 || !(D->tv[q + 1].flags & T_GLUED) || !name_like(&D->tv[q + 1])) &&
                (D->tv[q].flags & T_GLUED) && name_like(&D->tv[q]) && !gaz_type1(D, q, L)) {
                j = q + 1;
                joined = true;
                continue;
            }
            break;
        }
        bool init = state == SR_INITIAL;
        if (j == i + 1 && (t->flags & T_PROPS)) {
            /* a run of one token that list_lookups looked up packed (2 in 3
             * runs): what run_segments() does with it, without its walks.
             * gaz_longest(top 1) finds the token's own entry: no match
             * without TP_GAFFIX; with it, the first byte of the fold (1 to
             * PK_MAX bytes, T_PROPS) starts a key (gaz_may_at() holds) and
             * known[1] is the key's type (TP_GKEY) or 0, which is the answer.
             * A match: no version can follow in the run, a mention of type
             * g, not initial. No match: one unknown segment [i, i + 1) (no
             * trailing versions, no previous match, i == r0): not strong,
             * initial when the run is */
            int g = (t->flags & (TP_GAFFIX | TP_GKEY)) == (TP_GAFFIX | TP_GKEY) ? TP_GTYPE(t->flags) : 0;
            add_mention(D, i, j, g, false, !g && init, L);
            i = j;
            continue;
        }
        run_segments(D, i, j, init, L);
        i = j;
    }
}

/* Initial mention unknown elsewhere: keep its longest known tail. */
static void resolve_initial(doc *D, mention *m)
{
    if (D->nv[m->name].accepted)
        return;
    for (uint32_t t0 = m->t0 + 1; t0 < m->t1; t0++) {
        const char *k;
        size_t kl = fold_slice(D, D->tv[t0].fa, D->tv[m->t1 - 1].fb, 256, &k);
        uint32_t n = name_find(D, k, kl);
        if (n != UINT32_MAX && D->nv[n].accepted) {
            m->t0 = t0;
            m->name = n;
            return;
        }
    }
}

static int best_type(const name *n);

/* A name with no evidence of its own takes the type of a name it is listed
 * with (Paris et Montréal), and a lone surname the type of the full name
 * (Rafael Albuquerque ... Albuquerque). */
static void propagate(doc *D, const cx_patterns *pat, const cx_spans *sents, const int *plang)
{
    for (size_t i = 0; i + 1 < D->nm; i++) {
        const mention *x = &D->mv[i], *y = &D->mv[i + 1];
        uint32_t s = x->sent;
        if (s != y->sent)
            continue;
        const char *gap;
        size_t ga = D->tv[x->t1 - 1].b, gb = D->tv[y->t0].a;
        if (gb - ga > 8)
            continue;
        size_t gl = fold_slice(D, D->tv[x->t1 - 1].fb, D->tv[y->t0].fa, 16, &gap);
        /* listed with: the gap is a word of entity_join ("et", "and", ",") */
        const cx_lang *L = &pat->langs[plang[sents->v[s].para]];
        if (gl == 0 || gl > PK_MAX)
            continue;
        uint64_t k0, k1;
        pk_pad(gap, gl, &k0, &k1);
        if (!pk_get(list(L, LS_JOIN), k0, k1))
            continue;
        name *a = &D->nv[x->name], *b = &D->nv[y->name];
        int ta = best_type(a), tb = best_type(b);
        if (a->votes[ta] >= W_GAZ && b->votes[tb] < W_MEDIUM)
            b->votes[ta] += W_MEDIUM;
        else if (b->votes[tb] >= W_GAZ && a->votes[ta] < W_MEDIUM)
            a->votes[tb] += W_MEDIUM;
    }
    for (size_t i = 0; i < D->nm; i++) {
        const mention *m = &D->mv[i];
        if (m->t1 - m->t0 < 2)
            continue;
        name *full = &D->nv[m->name];
        if (best_type(full) != CLAIMX_ENTITY_PERSON || !full->accepted)
            continue;
        const tok *last = &D->tv[m->t1 - 1];
        const char *k;
        size_t kl = fold_slice(D, last->fa, last->fb, 128, &k);
        uint32_t n = name_find(D, k, kl);
        if (n != UINT32_MAX && D->nv[n].votes[best_type(&D->nv[n])] < W_MEDIUM)
            D->nv[n].votes[CLAIMX_ENTITY_PERSON] += W_MEDIUM;
    }
}

static int best_type(const name *n)
{
    int best = CLAIMX_ENTITY_ORG;
    for (int t = 1; t < NTYPES; t++)
        if (n->votes[t] > n->votes[best])
            best = t;
    return best;
}

void cx_entities_rule_names(cx_lang *L)
{
    /* in the order cx_entities_doc() picks them: the strongest evidence of the type */
    static const char *const how[5] = {"gazetteer", "shape", "cue", "name", "default"};
    for (int k = 0; k < 5; k++) {
        size_t cl = strnlen(L->code, sizeof L->code), hl = strlen(how[k]); /* "%s/entity/%s" */
        if (cl + 8 + hl >= sizeof L->entity_rules[k])
            cl = sizeof L->entity_rules[k] - 9 - hl;
        memcpy(L->entity_rules[k], L->code, cl);
        memcpy(L->entity_rules[k] + cl, "/entity/", 8);
        memcpy(L->entity_rules[k] + cl + 8, how[k], hl + 1);
    }
}

int cx_entities_doc(cx_work *w, const cx_patterns *pat, const char *text, size_t len,
                    const cx_spans *sents, const int *plang, cx_ent_mem *mem)
{
    doc D = {0};
    D.s = text;
    D.n = len;
    int rc = CLAIMX_OK;
    size_t *sfirst = calloc(sents->n + 1, sizeof *sfirst);
    if (!sfirst)
        return CLAIMX_ENOMEM;
    /* room for the usual document at once (about one token per 6 bytes, a
     * fold a little shorter than the text): the arrays grow without copying */
    size_t want_t = len / 6 + 64, want_fold = len + len / 4 + 64;
    if (mem) {
        /* an earlier document's arrays: used when large enough (else made
         * anew, not realloc'd: nothing in them is worth copying). D.nt, D.nm,
         * D.nn and D.nfold start at 0: no element of them is read before
         * this document writes it, as with fresh malloc'd arrays. */
        if (mem->capt < want_t) {
            free(mem->tv);
            mem->tv = NULL;
            mem->capt = 0;
        }
        if (mem->capfold < want_fold) {
            free(mem->fold);
            mem->fold = NULL;
            mem->capfold = 0;
            want_fold += want_fold / 8; /* kept: room for a slightly longer document next */
        }
        D.tv = mem->tv;
        D.capt = mem->capt;
        D.mv = mem->mv;
        D.capm = mem->capm;
        D.nv = mem->nv;
        D.capn = mem->capn;
        D.fold = mem->fold;
        D.capfold = mem->capfold;
    }
    if (!D.tv)
        D.tv = grow(NULL, &D.capt, want_t, sizeof *D.tv, &D.oom);
    if (!D.fold) {
        D.capfold = want_fold;
        D.fold = malloc(D.capfold);
        if (!D.fold) {
            D.capfold = 0;
            D.oom = true;
        }
    }
    for (size_t s = 0; s < sents->n && !D.oom; s++) {
        const cx_lang *L = &pat->langs[plang[sents->v[s].para]];
        sfirst[s] = D.nt;
        tokenize(&D, sents->v[s].start, sents->v[s].end, L);
    }
    sfirst[sents->n] = D.nt;
    /* a sentinel after the last token (not one of D.nt): T_RESTART, as the
     * first token of every sentence (tokenize() starts each with restart), so
     * sentence_runs' walk over common words stops at the end of each sentence
     * without a bound check, and at the latest here */
    if (!D.oom) {
        tok *tv1 = grow(D.tv, &D.capt, D.nt + 1, sizeof *D.tv, &D.oom); /* (oom: no sentence_runs) */
        if (tv1) {
            D.tv = tv1;
            D.tv[D.nt] = (tok){(uint32_t)len, (uint32_t)len, 0, 0, T_RESTART};
        }
    }
    fold_to(&D, len); /* the byte after the last token (suffixes with a dot) */
    for (size_t s = 0; s < sents->n && !D.oom; s++) {
        const cx_lang *L = &pat->langs[plang[sents->v[s].para]];
        D.sent = (uint32_t)s;
        D.send = (uint32_t)sfirst[s + 1];
        sentence_runs(&D, (uint32_t)sfirst[s], (uint32_t)sfirst[s + 1], L);
    }
    if (D.oom) {
        rc = CLAIMX_ENOMEM;
        goto out;
    }
    /* the context votes that wait (add_mention) and can change the output */
    for (size_t i = 0; i < D.nm; i++) {
        const mention *m = &D.mv[i];
        if (!m->deferred || name_decided(&D.nv[m->name]))
            continue;
        D.sent = m->sent;
        D.send = (uint32_t)sfirst[m->sent + 1];
        context_votes(&D, m->t0, m->t1, m->name, &pat->langs[plang[sents->v[m->sent].para]]);
    }
    for (size_t i = 0; i < D.nm; i++)
        if (D.mv[i].initial)
            resolve_initial(&D, &D.mv[i]);
    propagate(&D, pat, sents, plang);
    /* per name: its type and how it was decided (the order of L->entity_rules) */
    for (size_t i = 0; i < D.nn; i++) {
        name *n = &D.nv[i];
        if (!n->accepted)
            continue;
        int ty = best_type(n), top = n->votes[ty];
        n->type = (uint8_t)ty;
        n->how = top >= W_GAZ ? 0 : top >= W_STRONG ? 1 : top >= W_CUE ? 2 : top >= W_MEDIUM ? 3 : 4;
    }
    for (size_t i = 0; i < D.nm && rc == CLAIMX_OK; i++) {
        const mention *m = &D.mv[i];
        const name *n = &D.nv[m->name];
        if (!n->accepted)
            continue;
        int li = plang[sents->v[m->sent].para];
        const cx_lang *L = &pat->langs[li];
        size_t nstart = D.tv[m->t0].a, nend = D.tv[m->t1 - 1].b;
        /* Inc. S.A. N.V.: the dot belongs to the suffix */
        const tok *last = &D.tv[m->t1 - 1];
        if ((last->flags & T_DOTNEXT) && m->t1 - m->t0 >= 2 &&
            lookup_f(&D, list(L, LS_SUFFIX), last->a, last->b + 1, last->fa, last->fb + 1))
            nend++;
        /* rule: "<lang>/entity/<how>", made at load */
        rc = cx_emit_entity(w, n->type, nstart, nend, L->code, L->entity_rules[n->how]);
    }
out:
    free(sfirst);
    if (mem) {
        /* kept for the next document (grown or made here: the pointers are
         * the arrays' current ones) */
        mem->tv = D.tv;
        mem->capt = D.tv ? D.capt : 0;
        mem->mv = D.mv;
        mem->capm = D.mv ? D.capm : 0;
        mem->nv = D.nv;
        mem->capn = D.nv ? D.capn : 0;
        mem->fold = D.fold;
        mem->capfold = D.fold ? D.capfold : 0;
    } else {
        free(D.tv);
        free(D.mv);
        free(D.nv);
        free(D.fold);
    }
    free(D.slots);
    cx_buf_free(&D.keys);
    return rc;
}
