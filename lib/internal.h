/*
 * internal.h - declarations shared by the modules of libclaimx. Nothing here
 * is exported from the shared library (built with -fvisibility=hidden).
 */
#ifndef CLAIMX_INTERNAL_H
#define CLAIMX_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>

#include "claimx.h"

#define CX_HIDDEN __attribute__((visibility("hidden")))

/* ---------- small growable buffer (json, patterns) ---------- */
typedef struct cx_buf {
    char *p;
    size_t len, cap;
    bool oom;
} cx_buf;

CX_HIDDEN void cx_buf_put(cx_buf *b, const char *s, size_t n);
CX_HIDDEN void cx_buf_puts(cx_buf *b, const char *s);
CX_HIDDEN void cx_buf_putc(cx_buf *b, char c);
CX_HIDDEN void cx_buf_printf(cx_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
CX_HIDDEN char *cx_buf_take(cx_buf *b); /* NUL-terminated, NULL on OOM */
CX_HIDDEN void cx_buf_free(cx_buf *b);

/* ---------- normalise.c ---------- */
typedef struct cx_run {
    size_t n;      /* first normalised byte of the run */
    uint32_t o, oe; /* original offsets (oe: see cx_text.runs) */
} cx_run;
#define CX_RUN_SAME UINT32_MAX

typedef struct cx_text {
    const char *orig;   /* caller's bytes */
    size_t orig_len;
    char *norm;         /* normalised UTF-8 (== orig when identical and no copy was needed) */
    size_t norm_len;
    /* The offset map, as runs in normalised order (NULL = identity): from
     * runs[k].n on, a run either copies the original as it is (oe ==
     * CX_RUN_SAME: normalised byte n comes from original byte o + (n - runs[k].n))
     * or holds what NFKC and the folds made of the original [o, oe). */
    struct cx_run *runs;
    size_t nruns;
    /* blk[k]: the run holding normalised byte k << CX_MAP_SHIFT (NULL: none;
     * cx_map_start/end then search all runs) */
    uint32_t *blk;
    bool owns_norm;
} cx_text;
#define CX_MAP_SHIFT 6

/* Validate and normalise. flags: CLAIMX_OPT_*. */
CX_HIDDEN int cx_normalise(const UNormalizer2 *nfkc, const char *in, size_t len, uint32_t flags,
                           cx_text *out);
/* The two halves of cx_normalise(): cx_validate() sets *plain (ASCII with no
 * CR nor NUL: nothing to change, and valid), then cx_normalise_valid() builds
 * the normalised text of a text that is not plain, checking its UTF-8 as it
 * goes (CLAIMX_EUTF8 unless flags allow replacement). */
CX_HIDDEN int cx_validate(const char *in, size_t len, uint32_t flags, bool *plain);
CX_HIDDEN int cx_normalise_valid(const UNormalizer2 *nfkc, const char *in, size_t len, uint32_t flags,
                                 bool plain, cx_text *out);
CX_HIDDEN void cx_text_free(cx_text *t);
/* Is cp one of the Latin letters normalisation copies without asking ICU? (for tests) */
CX_HIDDEN bool cx_norm_latin_same(uint32_t cp);
/* Is cp one of the signs normalisation copies without asking ICU when a
 * segment boundary follows? (for tests) */
CX_HIDDEN bool cx_norm_stable(uint32_t cp);
CX_HIDDEN size_t cx_map_start(const cx_text *t, size_t n);
CX_HIDDEN size_t cx_map_end(const cx_text *t, size_t n);
/* Both at once: *os = cx_map_start(t, ns), *oe = cx_map_end(t, ne). */
CX_HIDDEN void cx_map_span(const cx_text *t, size_t ns, size_t ne, size_t *os, size_t *oe);
/* Length of a valid UTF-8 sequence at s (at most n bytes), 0 if invalid. */
CX_HIDDEN size_t cx_utf8_valid_seq(const unsigned char *s, size_t n, uint32_t *cp);
/* Write code point cp as UTF-8 at o (room for 4 bytes); returns its length. */
CX_HIDDEN size_t cx_put_utf8(char *o, uint32_t cp);
/* What cx_fold_key() makes of a code point >= 0x80: 0 when it drops it
 * (no-break spaces), ' for typographic apostrophes, else its lower case. */
static inline uint32_t cx_fold_cp(uint32_t cp)
{
    if (cp == 0xA0 || cp == 0x202F)
        return 0;
    if (cp == 0x2019 || cp == 0x2018)
        return '\'';
    return (uint32_t)u_tolower((UChar32)cp);
}
/* The fold of the character at u[*i] (u has n bytes) as cx_fold_key()
 * makes it, at out (room for 4 bytes); moves *i past the character and
 * returns the bytes written: 0 for a character the fold drops (ASCII white
 * space, no-break spaces, an invalid byte). */
static inline size_t cx_fold_next(const unsigned char *u, size_t n, size_t *i, char *out)
{
    unsigned char c = u[*i];
    if (c < 0x80) {
        ++*i;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            return 0;
        out[0] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
        return 1;
    }
    uint32_t cp;
    size_t k = cx_utf8_valid_seq(u + *i, n - *i, &cp);
    if (k == 0) {
        ++*i;
        return 0;
    }
    *i += k;
    cp = cx_fold_cp(cp);
    return cp ? cx_put_utf8(out, cp) : 0;
}
/* The letters U+00C0..U+017F (UTF-8 C3 80 .. C5 BF) folded as cx_fold_cp()
 * does, by their two bytes: cx_latin_fold[cx_latin_at(c, d)] is the UTF-8 of
 * the lower case (first byte << 8 | second), CX_LATIN_NONE for no letter
 * (U+00D7, U+00F7), CX_LATIN_OTHER for a letter whose lower case has another
 * length (U+0130). A letter is upper case (u_isupper) when its entry differs
 * from its own bytes. tests/test_normalise.c checks the table against ICU. */
enum { CX_LATIN_NONE = 0, CX_LATIN_OTHER = 1 };
CX_HIDDEN extern const uint16_t cx_latin_fold[192];
/* The index of C3..C5 then d (80..BF): the caller checks both ranges. */
static inline unsigned cx_latin_at(unsigned char c, unsigned char d) { return (unsigned)(c - 0xC3) << 6 | (d & 0x3Fu); }
/* Fold a string for dictionary lookups: lower case, no white space, ' for
 * typographic apostrophes. Returns the length written (truncated at cap-1). */
CX_HIDDEN size_t cx_fold_key(const char *s, size_t n, char *out, size_t cap);

/* ---------- segment.c ---------- */
typedef struct cx_span {
    size_t start, end; /* in normalised text */
    int para;          /* paragraph index (sentences) */
    bool icu;          /* a sentence of a paragraph split by ICU's iterator */
} cx_span;

typedef struct cx_spans {
    cx_span *v;
    size_t n, cap;
} cx_spans;

CX_HIDDEN int cx_spans_push(cx_spans *s, size_t start, size_t end, int para);
CX_HIDDEN void cx_spans_free(cx_spans *s);
CX_HIDDEN int cx_paragraphs(const char *s, size_t n, cx_spans *out);
/* Sentences of each paragraph by the Unicode rules (UAX #29): hand-written
 * for Latin text, ICU's iterator (cx_sentences_icu) for anything else. */
CX_HIDDEN int cx_sentences(const UBreakIterator *tmpl, const char *s, size_t n, const cx_spans *paras,
                           cx_spans *out);
CX_HIDDEN int cx_sentences_icu(const UBreakIterator *tmpl, const char *s, size_t n, const cx_spans *paras,
                               cx_spans *out);
/* ICU counts offsets in int32_t: a longer paragraph (a 200 MB line can
 * normalise to over 2 GB) is given to the sentence iterator in pieces of at
 * most this many bytes. cx_sentences_max() takes the size, for tests. */
#define CX_ICU_MAX_PIECE ((size_t)1 << 30)
CX_HIDDEN int cx_sentences_max(const UBreakIterator *tmpl, const char *s, size_t n, const cx_spans *paras,
                               cx_spans *out, size_t max_piece);

/* ---------- patterns.c ---------- */
typedef struct cx_file {
    const char *path; /* "patterns/fr/money.pat" */
    const char *data;
    size_t len;
} cx_file;

/* Dictionary entry: a folded key and what it means. */
typedef struct cx_entry {
    int64_t val;   /* power of ten, number value, bound/period enum, ... */
    int32_t flags; /* CX_F_* */
    const char *canon; /* the line's KEY as written (currency code, model name, ...) */
} cx_entry;

#define CX_F_AMBIGUOUS 0x1  /* currencies: needs a scale word */
#define CX_F_MULT_SMALL 0x2 /* numbers :m */
#define CX_F_MULT_LARGE 0x4 /* numbers :M */
#define CX_F_ARTICLE 0x8    /* numbers :a */
#define CX_F_JOIN 0x10      /* numbers + */

typedef struct cx_map {
    char **keys;
    uint32_t *klen;  /* strlen(keys[i]) */
    cx_entry *vals;
    size_t cap, n;
    size_t maxkey; /* longest key in bytes */
    uint8_t first[32], last[32]; /* bit sets of the first and last bytes of the keys */
    uint64_t sig[64]; /* bloom filter of the keys' signatures (cx_map_sig), for cx_map_may_key */
    struct cx_kblock *kblocks; /* the keys' bytes (lib/patterns.c map_put), freed with the map */
} cx_map;

/* A key's signature: a bit index from its first two bytes, last byte and length. */
/* ... from those bytes alone: c0 = key[0], c1 = key[1] (0 when n == 1), cl = key[n - 1] */
static inline unsigned cx_map_sig3(unsigned c0, unsigned c1, unsigned cl, size_t n)
{
    uint32_t x = (c0 * 0x9E37u) ^ (c1 * 0x85EBu) ^ (cl * 0xC2B3u) ^ ((uint32_t)n * 0x27D5u);
    x ^= x >> 13;
    x *= 0x5BD1E995u;
    return (x >> 20) & 4095;
}
static inline unsigned cx_map_sig(const char *key, size_t n)
{
    const unsigned char *k = (const unsigned char *)key;
    return cx_map_sig3(k[0], n > 1 ? k[1] : 0u, k[n - 1], n);
}
/* Record a key (n > 0) in m->sig (patterns.c, when the key is added). */
static inline void cx_map_sig_add(cx_map *m, const char *key, size_t n)
{
    unsigned b = cx_map_sig(key, n);
    m->sig[b >> 6] |= 1ull << (b & 63);
}
/* Can the folded key k[0..n), n > 0, be in m? (false: certainly not) */
static inline bool cx_map_may_key(const cx_map *m, const char *key, size_t n)
{
    unsigned b = cx_map_sig(key, n);
    return m->sig[b >> 6] >> (b & 63) & 1;
}
/* The same for a key known by its bytes c0, c1, cl (see cx_map_sig3) and length n. */
static inline bool cx_map_may_key3(const cx_map *m, unsigned c0, unsigned c1, unsigned cl, size_t n)
{
    unsigned b = cx_map_sig3(c0, c1, cl, n);
    return m->sig[b >> 6] >> (b & 63) & 1;
}

/* Can a key start / end with the text byte c? (A quick no before a lookup;
 * upper-case ASCII is folded, other bytes >= 0x80 always pass.) */
static inline bool cx_map_may_first(const cx_map *m, unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        c += 32;
    return c >= 0x80 || (m->first[c >> 3] >> (c & 7) & 1);
}
static inline bool cx_map_may_last(const cx_map *m, unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        c += 32;
    return c >= 0x80 || (m->last[c >> 3] >> (c & 7) & 1);
}

CX_HIDDEN const cx_entry *cx_map_get(const cx_map *m, const char *key, size_t n);
/* The maps' hash (FNV-1a), in steps: cx_hash_more(CX_HASH_SEED, k, n) is the
 * hash of key k; cx_hash_more(hash of k, rest, m) the hash of k + rest. */
#define CX_HASH_SEED 1469598103934665603ull
/* one byte more of the hash h (a key folded and hashed in one pass) */
static inline uint64_t cx_hash_byte(uint64_t h, unsigned char c) { return (h ^ c) * 1099511628211ull; }
static inline uint64_t cx_hash_more(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = cx_hash_byte(h, (unsigned char)s[i]);
    return h;
}
/* cx_map_get() of a folded key whose hash is h (inline: for hot loops that
 * probe several maps with one key). */
static inline const cx_entry *cx_map_get_hashed(const cx_map *m, const char *key, size_t n, uint64_t h)
{
    if (!m->cap)
        return NULL;
    for (size_t i = (size_t)h & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1)) {
        if (m->klen[i] != n)
            continue;
        const char *k = m->keys[i];
        size_t j = 0;
        while (j < n && k[j] == key[j])
            j++;
        if (j == n)
            return &m->vals[i];
    }
    return NULL;
}
/* ---------- packed tables of short keys (patterns.c) ----------
 * A folded key of 1..CX_PACK_MAX bytes (no NUL) is two integers: its bytes
 * padded with zeros. A cx_ptab holds the short keys of a map that way, with
 * each entry's val, in open addressing at most a quarter full (k0 == 0: an
 * empty slot): a lookup is a multiply and one or two compares, not a
 * byte-wise hash and memcmp. lib/language.c and lib/scan.c read them. */
#define CX_PACK_MAX 16
typedef struct cx_pslot {
    uint64_t k0, k1, val;
} cx_pslot;
typedef struct cx_ptab {
    size_t mask; /* mask + 1 slots */
    cx_pslot slot[];
} cx_ptab;
/* v, an array of *cap elements of size bytes, with room for need of them:
 * v itself when it has, else grown to twice its size (first when empty) or
 * more. NULL when out of memory: v and *cap stay as they were (the caller
 * still owns v). */
static inline void *cx_grow(void *v, size_t *cap, size_t need, size_t first, size_t size)
{
    if (need <= *cap)
        return v;
    size_t nc = *cap ? *cap * 2 : first;
    while (nc < need)
        nc *= 2;
    void *p = realloc(v, nc * size);
    if (p)
        *cap = nc;
    return p;
}

/* The keys of m of at most CX_PACK_MAX bytes; NULL when out of memory. Free with free(). */
CX_HIDDEN cx_ptab *cx_ptab_build(const cx_map *m);
/* An empty cx_ptab for n keys (at most a quarter full); NULL when out of memory. */
CX_HIDDEN cx_ptab *cx_ptab_new(size_t n);
/* The slot of key[0..n) (0 < n <= CX_PACK_MAX) in t, claimed for it when it
 * is not there yet (val 0 then); t must have room. */
CX_HIDDEN cx_pslot *cx_ptab_put(cx_ptab *t, const char *key, size_t n);
/* Does entry i of m hold a key a cx_ptab can hold (1 to CX_PACK_MAX bytes)? */
static inline bool cx_packable(const cx_map *m, size_t i)
{
    return m->keys[i] && m->klen[i] > 0 && m->klen[i] <= CX_PACK_MAX;
}
static inline void cx_pack(const char *key, size_t n, uint64_t *k0, uint64_t *k1) /* n <= CX_PACK_MAX */
{
    char b[CX_PACK_MAX] = {0};
    for (size_t i = 0; i < n; i++)
        b[i] = key[i];
    __builtin_memcpy(k0, b, 8);
    __builtin_memcpy(k1, b + 8, 8);
}
static inline size_t cx_ptab_slot(uint64_t k0, uint64_t k1, size_t mask)
{
    uint64_t h = k0 * 0x9E3779B97F4A7C15ull + k1 * 0xC2B2AE3D27D4EB4Full;
    return (size_t)(h >> 40) & mask;
}
/* The val of the packed key (k0, k1), 0 when absent. */
static inline uint64_t cx_ptab_get(const cx_ptab *t, uint64_t k0, uint64_t k1)
{
    for (size_t i = cx_ptab_slot(k0, k1, t->mask); t->slot[i].k0; i = (i + 1) & t->mask)
        if (t->slot[i].k0 == k0 && t->slot[i].k1 == k1)
            return t->slot[i].val;
    return 0;
}

/* Look up raw text: folds it first. */
CX_HIDDEN const cx_entry *cx_map_lookup(const cx_map *m, const char *s, size_t n);

/* Named groups a rule may use (see patterns/README.md). */
enum {
    CX_G_NUM, CX_G_NUM2, CX_G_SIGN, CX_G_SCALE, CX_G_SCALE2, CX_G_CUR, CX_G_CUR1, CX_G_CUR2,
    CX_G_CUR3, CX_G_CENTS, CX_G_TAIL, CX_G_BOUND, CX_G_RANGE, CX_G_PERIOD, CX_G_PERIOD0,
    CX_G_MODEL, CX_G_MODEL2, CX_G_VENDOR, CX_G_VENDOR2, CX_G_UNIT, CX_G_CHIP, CX_G_AI,
    CX_G_COUNT /* sentinel: the number of groups */
};

#define CX_LEAD_CUR 1 /* (?<cur>...) */
#define CX_LEAD_NUM 2 /* (?<num>...) */
#define CX_KEYS_NUMBERS 1    /* numbers.txt: (?<num>{lead_number}) */
#define CX_KEYS_CURRENCIES 2 /* currencies.txt: (?<cur>{currencies}) */
#define CX_KEYS_SCALES 4     /* scales.txt */
#define CX_KEYS_CUR_NO_DIGIT 8 /* in cx_lang.keys_ok: no currencies.txt variant holds a digit */
#define CX_KEYS_SUBUNITS 16    /* subunits.txt */
typedef struct cx_rule {
    char *name;      /* "fr/money/num_cur" */
    int kind;        /* claimx_kind */
    bool pre;        /* money: the rule began with {_pre}, compiled without it (lib/money.c reads
                        the bound and rate words before the amount) */
    bool anchored;   /* compiled with PCRE2_ANCHORED: run only at candidate positions */
    bool needs_scale; /* every match sets the scale group (a scale word or a glued code) */
    uint8_t lead;    /* money: what a match starts with: CX_LEAD_CUR, CX_LEAD_NUM or 0 (anything) */
    bool needs_cur1; /* money: every match sets cur1 (a currency after the amount) */
    bool scale_after_cur; /* money: the rule reads (?<cur1>{currencies})\s?(?<scale>{scales}) */
    uint32_t list_next; /* money: the rule opens with its number, and right after it (past one white
                           space, or at "-") a variant of scales, currencies or subunits starts: the
                           scan's flags (CX_T_*) of those lists' words; 0: not so */
    /* money: the start of the rule up to its first list or fragment (head, a
     * rule that opens with neither its number nor its currency: "MUSD 60"),
     * or of what follows its number (tail, r->has_follow: " MUSD"), compiled
     * alone, anchored and JIT-ed; NULL when there is none (lib/patterns.c
     * compile_prefix, lib/money.c) */
    pcre2_code *head, *tail;
    uint8_t lead_keys; /* money: CX_KEYS_* bits; a match that starts with no digit starts with a variant
                          of one of these lists (0: not known) */
    bool cur1_listed;  /* money: cur1 is (?<cur1>{currencies}) or (?<cur1>{currencies}|{subunits}) */
    bool has_follow;   /* money, lead CX_LEAD_NUM: follow[] is valid */
    bool follow_ws;    /* what follows the number begins with \s? (read before follow[]) */
    uint8_t follow[32]; /* bytes that what follows the number ((?<num>{lead_number}) of the shared
                           grammar) can start with, after follow_ws's white space (lib/money.c) */
    uint32_t needs_gpu; /* GPU rules: CX_T_GPUCHIP / CX_T_GPUMODEL when every match has a chip / model group,
                           CX_T_GPUAI when it has an ai group of gpu_ai_before */
    uint32_t needs_gpu_any; /* GPU rules: CX_T_GPUUNIT | CX_T_GPUCHIP when every match has a unit or a chip group */
    uint8_t follow_slot; /* GPU rules: k + 1 when bits 4k..4k+3 of cx_lang.gpu_follow's values (CX_FOL_*) tell
                       the words the rule's text may hold before and as its first required word; 0: none */
    bool jit;        /* code is JIT-compiled */
    /* Anchored rules of one kind and language share one compiled pattern, one
     * branch each: "(?|(?C1)(*COMMIT)(?:RULE1)|...|(?:RULEn))(?(DEFINE)LISTS)", so
     * a word list several rules name (the currencies) is compiled and JIT-ed
     * once. branch: k for the branch opened by callout k, which passes only
     * when the caller selects k (cx_match_env.branch); 0: the rule has code to
     * itself. owns_code: this rule frees code. */
    uint8_t branch;
    bool owns_code;
    bool has_first;  /* first[] is valid */
    uint8_t first[32]; /* bytes a match can start with (bit c of first[c / 8]) */
    pcre2_code *code;
    int group[CX_G_COUNT]; /* capture numbers, -1 when absent */
    /* the k with group[k] >= 0, ascending (gk[0..ngroups)): what cx_read_groups() reads */
    uint8_t ngroups, gk[CX_G_COUNT];
} cx_rule;

/* cx_lang.keypre: every prefix of every key of numbers, currencies, scales
 * and subunits, exactly (lib/patterns.c build_keypre): a trie of the keys'
 * bytes. Node CX_KEYPRE_ROOT is the empty prefix; cx_keypre_next(t, n, c)
 * the node of n's prefix + byte c, 0 when no key starts so. flag[node]:
 * low byte, the lists the prefix is a key of (CX_KEYS_NUMBERS: of
 * numbers.txt and no joining word, CX_KEYPRE_COMPOUND: neither a joining
 * word nor an article; CX_KEYS_CURRENCIES, _SCALES, _SUBUNITS;
 * CX_KEYPRE_KEY: a key of any of them, joining words too); high byte
 * (CX_KEYPRE_PRE(bits)), the lists a key of which starts with the prefix. */
#define CX_KEYPRE_ROOT 1u
#define CX_KEYPRE_COMPOUND 0x20u
#define CX_KEYPRE_KEY 0x40u
#define CX_KEYPRE_PRE(bits) ((unsigned)(bits) << 8)
typedef struct cx_keyslot {
    uint32_t key, node; /* key: parent node << 8 | byte; 0: an empty slot */
} cx_keyslot;
typedef struct cx_keypre {
    uint32_t mask;         /* mask + 1 slots, at most half full */
    const uint16_t *flag;  /* by node (in the same block) */
    cx_keyslot slot[];
} cx_keypre;
static inline uint32_t cx_keypre_slot(uint32_t key, uint32_t mask)
{
    return (uint32_t)(((uint64_t)key * 0x9E3779B97F4A7C15ull) >> 40) & mask;
}
static inline unsigned cx_key_gram(unsigned n, uint32_t g)
{
    return (unsigned)((((uint64_t)n << 32 | g) * 0x9E3779B97F4A7C15ull) >> 49); /* 0 .. 512 * 64 - 1 */
}
static inline uint32_t cx_keypre_next(const cx_keypre *t, uint32_t node, unsigned char c)
{
    uint32_t k = node << 8 | c;
    for (uint32_t i = cx_keypre_slot(k, t->mask); t->slot[i].key; i = (i + 1) & t->mask)
        if (t->slot[i].key == k)
            return t->slot[i].node;
    return 0;
}
/* cx_lang.gpu_follow: a piece of the words before W that a text word equals (MX)
 * or starts with (MP: a letter may follow it, as after a list word's space,
 * which matches no space too); likewise a piece of W's words (WX, WP). */
#define CX_FOL_MX 1u
#define CX_FOL_MP 2u
#define CX_FOL_WX 4u
#define CX_FOL_WP 8u
#define CX_FOL_PREFIXES 0xAAAAAAAAu /* the MP and WP bits of every rule */
#define CX_FOL_MAX 8 /* rules with a follow test per language */

/* Any other word list of a language (gpu_models.txt, entity_orgs.txt, ...):
 * a map named after its file. Entries carry canon = the line's KEY as written
 * and val = the KEY read as an integer when it is one (else 0). */
typedef struct cx_list {
    char name[48];
    cx_map map;
} cx_list;

typedef struct cx_lang {
    char code[8];
    char decimal; /* ',' or '.' */
    cx_map currencies, subunits, scales, numbers, bounds, periods, words;
    cx_map anchors; /* every word of currencies, subunits, scales, numbers: val = CX_T_* bits */
    struct cx_scantab *scantab; /* anchors' keys of <= 16 bytes, packed, and their first letters (scan.c; free() it) */
    bool prev_any;  /* range_open is not a plain word list: any word may open a claim */
    cx_list *lists; /* the other lists, common merged under the language's */
    size_t nlists;
    /* cx_lang_list() of gpu_units, gpu_chips, gpu_models, gpu_vendors, looked up once at load */
    const cx_map *gpu_units, *gpu_chips, *gpu_models, *gpu_vendors;
    cx_rule *rules;
    size_t nrules;
    /* GPU rules (cx_rule.follow): each letter run ("piece") of the words a rule's
     * text may hold from its start to its first required word (unit or chip, AI
     * qualifier, model: W), and of W's own words; val: CX_FOL_* << 4k for rule k */
    cx_map gpu_follow;
    uint32_t gpu_follow_rules; /* bit k: some rule has follow k + 1 */
    /* gpu_follow's keys as a trie (lib/patterns.c build_gpu_tables): edges as
     * cx_keypre's (its flag unused), gpu_fol_val[node] the val of the key the
     * node spells (0 when it spells none); NULL when gpu_follow is empty.
     * free() gpu_fol (gpu_fol_val is in its block). */
    cx_keypre *gpu_fol;
    const uint32_t *gpu_fol_val;
    /* gpu_fol's node of the ASCII letter 'a' + a (gpu_fol1[a]) and of the
     * two 'a' + a, 'a' + b (gpu_fol2[a][b]), 0 when no key starts so */
    uint32_t gpu_fol1[26], gpu_fol2[26][26];
    /* bounds' keys read backwards, as a trie as gpu_fol: gpu_bnd_val[node] the
     * val + 1 of the key the node spells (UINT32_MAX: no small number), 0 when
     * it spells none (lib/gpu.c bound_before); free() gpu_bnd */
    cx_keypre *gpu_bnd;
    const uint32_t *gpu_bnd_val;
    /* periods' keys read backwards, as gpu_bnd (lib/money.c rate_phrase);
     * free() mny_per */
    cx_keypre *mny_per;
    const uint32_t *mny_per_val;
    /* bit b of gpu_num2[a]: the two ASCII letters 'a' + a, 'a' + b begin a
     * key of numbers.txt (both prefixes flagged CX_KEYPRE_PRE(CX_KEYS_NUMBERS)
     * in keypre) */
    uint32_t gpu_num2[26];
    /* gpu_cnt2: gpu_num2's bits and those of the first two bytes of each key
     * of anchors flagged CX_T_NUMBER or CX_T_STARTER (two ASCII letters) */
    uint32_t gpu_cnt2[26];
    /* bit c of gpu_num3[a][b]: 'a' + a, 'a' + b, 'a' + c begin a key of
     * numbers.txt (flagged CX_KEYPRE_PRE(CX_KEYS_NUMBERS) in keypre), or the
     * first two are a key flagged CX_KEYPRE_COMPOUND (lib/gpu.c compound_at) */
    uint32_t gpu_num3[26][26];
    /* bit c of gpu_cnt3[a][b]: gpu_num3's bit, or the three ASCII letters
     * 'a' + a, 'a' + b, 'a' + c begin a key of anchors flagged CX_T_NUMBER or
     * CX_T_STARTER (every bit when numbers' keys are shorter than three) */
    uint32_t gpu_cnt3[26][26];
    /* bit a of gpu_word1, bit b of gpu_word2[a]: the ASCII letter 'a' + a, the
     * two 'a' + a, 'a' + b, are a key of anchors flagged CX_T_NUMBER or
     * CX_T_STARTER */
    uint32_t gpu_word1, gpu_word2[26];
    /* the indices in rules of the GPU rules among the first 64, in order */
    uint8_t gpu_rule_ix[64];
    bool gpu_all_follow; /* every one of them has a follow test (cx_rule.follow_slot) */
    uint8_t ngpu_rules;
    char entity_rules[5][32]; /* "fr/entity/gazetteer", ... (cx_entities_rule_names) */
    /* {range_sep} and {scale_of} alone, anchored: the pre-check of the range
     * rules that start with their first number ("10 à 20", "5 millions de
     * dollars - 8", lib/money.c); NULL when the money kind is off or the
     * pattern set lacks them */
    pcre2_code *range_sep, *scale_of;
    /* every rule naming {range_sep} reads it as (?:{range_sep})\s?(?:(?<cur2>{currencies})\s?)?(?<num2>{number})
     * (lib/patterns.c range_sep_unglued), and {range_sep} ends at one place
     * wherever it matches (range_sep_one_end): a digit or a variant of
     * numbers or currencies follows that end, past at most one white space */
    bool range_sep_num;
    /* bit ri (ri < 64): rules[ri] is a money rule whose match may start with
     * byte c (its first[] says so, or it has none) */
    uint64_t money_by_byte[256];
    /* bit ri (ri < 64): rules[ri] (any kind) has a range group ({range_open}),
     * has lead_keys (lib/patterns.c, after the rules; lib/money.c cx_money_run) */
    uint64_t range_rules, key_rules;
    /* bit ri (ri < 64), money rules (lib/money.c cx_money_run drops them at a
     * start as soon as a check shared by all of them says no): cur1_rules[k],
     * lead CX_LEAD_NUM, needs_cur1 and cur1_listed == k; after_rules, those
     * of cur1_rules or with lead other than CX_LEAD_CUR, a num2 group and no
     * range group (after_number_ok() at a digit) */
    uint64_t cur1_rules[2], after_rules;
    uint8_t range_sep_first[32], scale_of_first[32]; /* the bytes each can start with (all when unknown) */
    /* {spelled} alone, anchored, and its first bytes: where a spelled number
     * at a start ends (lib/money.c spelled_ends); NULL as range_sep */
    pcre2_code *spelled;
    uint8_t spelled_first[32];
    /* every prefix of the keys of numbers, currencies, scales and subunits
     * (cx_keypre): lib/money.c keys_at() stops folding where no key goes on;
     * free() it */
    cx_keypre *keypre;
    uint8_t keys_ok; /* CX_KEYS_* lists whose variants keys_at() reads soundly (patterns.c keys_ok_of) */
    struct cx_entpack *entpack; /* the entity lists packed (entities.c, cx_entities_prepare); cx_entities_free() */
    /* bit cx_key_gram(n, g) of key_gram: some key of keypre holds the n
     * bytes g (2 <= n <= 4, packed first byte highest) one after the other
     * (lib/patterns.c build_key_grams; lib/money.c keys_go_on() skips
     * key_goes_on() with it) */
    uint64_t key_gram[512];
} cx_lang;

/* The named groups of one match: [a[k], b[k]) when set[k]. */
typedef struct cx_groups {
    size_t a[CX_G_COUNT], b[CX_G_COUNT];
    bool set[CX_G_COUNT];
} cx_groups;

/* Read the named groups of rule r from a match (rc: pcre2_match's return). */
CX_HIDDEN void cx_read_groups(const cx_rule *r, pcre2_match_data *md, int rc, cx_groups *g);
/* The class every \s?+ of a shared pattern's branches is written as
 * (lib/patterns.c): the characters \s matches under PCRE2_UCP. */
#define CX_UCP_SPACE "[\\h\\v]"
/* Copy pattern p[0..n) to out, each \s?+ outside a class and before offset
 * upto written as CX_UCP_SPACE?+. */
CX_HIDDEN void cx_spell_spaces(const char *p, size_t n, size_t upto, cx_buf *out);

/* The word list called name ("gpu_models"): never NULL; an empty map when the
 * language has no such list. */
CX_HIDDEN const cx_map *cx_lang_list(const cx_lang *L, const char *name);

typedef struct cx_patterns {
    cx_lang *langs;
    size_t nlangs;
    cx_map langwords; /* every word of the language.txt lists: val = bit set of language indexes */
    struct cx_ptab *langtab; /* langwords' keys of <= 16 bytes, packed (language.c) */
    struct cx_fuse *fuse;    /* langwords' and every language's anchors' short keys in one table (language.c) */
    uint32_t max_groups; /* for match data */
    char **canon;        /* the strings cx_entry.canon points to */
    size_t ncanon;
} cx_patterns;

/* Load from the embedded files or from dir; compile rules of the given kinds. */
CX_HIDDEN int cx_patterns_load(cx_patterns *p, const char *dir, uint32_t kinds, char **errmsg);
CX_HIDDEN void cx_patterns_free(cx_patterns *p);
CX_HIDDEN int cx_patterns_find(const cx_patterns *p, const char *code);
CX_HIDDEN extern const cx_file cx_embedded_files[];
CX_HIDDEN extern const size_t cx_embedded_count;

/* ---------- language.c ---------- */
/* Best language index for s[0..n), or -1 when there is too little evidence.
 * *score receives the number of recognised words of the winner. */
CX_HIDDEN int cx_lang_identify(const cx_patterns *p, const char *s, size_t n, int *score);
/* The two halves: add the evidence of s[0..n) to counts[nlangs] (counts of
 * several passages add up), then pick from counts as cx_lang_identify does. */
CX_HIDDEN void cx_lang_count(const cx_patterns *p, const char *s, size_t n, size_t *counts);
CX_HIDDEN int cx_lang_pick(const cx_patterns *p, const size_t *counts, int *score);
/* Build p->langtab from p->langwords, and p->fuse (once, after loading;
 * langtab freed with free(), fuse with cx_lang_fuse_free()). */
CX_HIDDEN int cx_lang_prepare(cx_patterns *p);
CX_HIDDEN void cx_lang_fuse_free(cx_patterns *p);
/* The merged packed table of lib/scan.c's cx_scan_para (language.c fuse_build):
 * tab's val = language bits (of languages < nl only) | r << 32, r = row * nl
 * (a row's first index); rows[r + l]: language l's anchor flags of the key
 * (r 0: none in any language). */
typedef struct cx_fuse {
    struct cx_ptab *tab;
    uint16_t *rows;
    size_t nl;
    size_t wordmax; /* the longest key of p->langwords */
} cx_fuse;
/* cx_lang_count()'s evidence of the word starting at s[i] (i < n, the
 * paragraph's end), added to counts; returns the word's end (or, when no
 * word starts at i, where the next one may). */
CX_HIDDEN size_t cx_lang_word(const cx_patterns *p, const char *s, size_t i, size_t n, size_t *counts);

/* ---------- numbers.c ---------- */
/* A decimal number: value = digits * 10^exp, sign. digits holds no leading zeros. */
#define CX_DEC_MAX 40
typedef struct cx_dec {
    char digits[CX_DEC_MAX + 1];
    int ndigits;
    int exp;
    bool neg;
} cx_dec;

CX_HIDDEN bool cx_parse_digits(const char *s, size_t n, char decimal_pref, cx_dec *out);
CX_HIDDEN bool cx_parse_words(const cx_lang *L, const char *s, size_t n, cx_dec *out, bool *article_only);
/* An amount written in s[a..b) (digits or words, spaces trimmed); *article is
 * set when it is only an article ("un", "a", "een"). */
CX_HIDDEN bool cx_parse_amount(const cx_lang *L, const char *s, size_t a, size_t b, cx_dec *d, bool *article);
CX_HIDDEN bool cx_dec_from_u64(uint64_t v, cx_dec *out);
CX_HIDDEN bool cx_dec_add(const cx_dec *a, const cx_dec *b, cx_dec *out);
CX_HIDDEN int cx_dec_cmp(const cx_dec *a, const cx_dec *b);
CX_HIDDEN double cx_dec_to_double(const cx_dec *d);
CX_HIDDEN size_t cx_dec_to_string(const cx_dec *d, char *out, size_t cap);

/* ---------- claims.c (result building) ---------- */
typedef struct cx_work cx_work; /* per-call state */

typedef struct cx_claim_in {
    int kind, bound, period, entity_type;
    size_t nstart, nend; /* normalised span */
    cx_dec value;
    /* strings that live as long as the extractor: cx_emit() copies each
     * into a result once, found again by its address */
    const char *currency, *lang, *rule, *model, *vendor;
} cx_claim_in;

CX_HIDDEN int cx_emit(cx_work *w, const cx_claim_in *c);
/* The text of a claim made by cx_emit() or cx_emit_entity() ends with a NUL
 * followed by at least CX_TEXT_SLACK - 1 more readable, initialised bytes
 * (the result's arena keeps that much room after its last string). */
#define CX_TEXT_SLACK 16
/* cx_emit() of a claim_in of kind CLAIMX_ENTITY with no value, currency, model or vendor */
CX_HIDDEN int cx_emit_entity(cx_work *w, int entity_type, size_t nstart, size_t nend, const char *lang,
                             const char *rule);

/* Time spent in each pipeline stage, for the benchmark (bench/bench.c links
 * the static library and calls cx_extract_timed()). claimx_extract() passes
 * NULL and reads no clock. */
enum {
    CX_ST_VALIDATE, CX_ST_NORMALISE, CX_ST_SEGMENT, CX_ST_LANGID, CX_ST_SCAN,
    CX_ST_MONEY, CX_ST_GPU, CX_ST_ENTITY, CX_ST_RESULT, CX_ST_COUNT
};
typedef struct cx_stage_times {
    uint64_t ns[CX_ST_COUNT];
} cx_stage_times;
CX_HIDDEN int cx_extract_timed(const claimx_extractor *ex, const char *text, size_t len,
                               claimx_result **out, cx_stage_times *times);
/* claimx_extract_into() with the stage times */
CX_HIDDEN int cx_extract_into_timed(const claimx_extractor *ex, const char *text, size_t len,
                                    claimx_result **res, cx_stage_times *times);

/* ---------- scan.c ---------- */
/* A token of a sentence that some kind starts from. */
typedef struct cx_tok {
    uint32_t start, end; /* byte span in the normalised text */
    uint32_t flags;      /* CX_T_* */
} cx_tok;

#define CX_T_DIGITS 0x1    /* a run of ASCII digits */
#define CX_T_SYMBOL 0x2    /* a currency symbol ($, €, ...) */
#define CX_T_WORD 0x4      /* a word (letters and apostrophes) */
#define CX_T_CAP 0x8       /* a word starting with an upper-case letter */
#define CX_T_CURRENCY 0x10 /* a word of currencies.txt or subunits.txt */
#define CX_T_SCALE 0x20    /* a word of scales.txt */
#define CX_T_NUMBER 0x40   /* a number word (not a joining word or a bare article) */
#define CX_T_CURPART 0x80  /* a word inside a currency variant ("U.S. dollars", "Rs.", "Mex$") */
#define CX_T_UPPER 0x100   /* a word with two or more upper-case ASCII letters (USD, MUSD, NVIDIA) */
#define CX_T_STARTER 0x200 /* a word that may open a claim before its amount: an article, a range opener */
#define CX_T_GPU 0x400     /* the first word of a GPU unit, chip or model name ("GPU", "cartes", "Gaudi") */
#define CX_T_GPUGLUE 0x800 /* the letters of a GPU model before its digits ("H" of "H100") */
#define CX_T_GPUCHIP 0x1000  /* with CX_T_GPU or CX_T_GPUGLUE: the word starts a gpu_chips variant */
#define CX_T_GPUMODEL 0x2000 /* with CX_T_GPU or CX_T_GPUGLUE: the word starts a gpu_models variant */
#define CX_T_GPUUNIT 0x4000  /* with CX_T_GPU: the word starts a gpu_units variant */
#define CX_T_GPUAI 0x8000    /* the word ends a gpu_ai_before variant ("AI", "I" of "A.I.") */
/* a money claim needs one of these near its amount */
#define CX_T_CURRENCYISH (CX_T_SYMBOL | CX_T_CURRENCY | CX_T_CURPART | CX_T_UPPER)
#define CX_T_MONEY (CX_T_DIGITS | CX_T_SYMBOL | CX_T_CURRENCY | CX_T_SCALE | CX_T_NUMBER)

typedef struct cx_toks {
    cx_tok *v;
    size_t n, cap;
    uint32_t all; /* union of the flags of v[0..n) */
} cx_toks;

/* The tokens of text[start..end) (one sentence), in order. Reuses out's storage. */
CX_HIDDEN int cx_scan(const cx_lang *L, const char *text, size_t start, size_t end, cx_toks *out);
CX_HIDDEN void cx_toks_free(cx_toks *t);
/* One walk of a paragraph for the language and the scan (cx_scan_para): the
 * paragraph's words and tokens for every language. flags: CX_T_* bits that
 * hold in every language (digits, symbol, capitals), CX_ITEM_WORD for a
 * word, whose anchor flags in language l are fuse->rows[row + l] (row: a
 * row's first index, see cx_fuse);
 * CX_ITEM_APOS (as CX_ITEM_WORD, three rows); CX_ITEM_OTHER for a word cx_scan_items() reads as cx_scan() does. */
typedef struct cx_item {
    uint32_t start, end, flags, row;
} cx_item;
#define CX_ITEM_WORD 0x40000000u
#define CX_ITEM_OTHER 0x80000000u
#define CX_ITEM_APOS 0x20000000u /* a word with apostrophes: ext[row..row + 3) rows of it, of its part
                                     before the first apostrophe, of its part after the last */
typedef struct cx_items {
    cx_item *v;
    size_t n, cap;
    uint32_t *ext;
    size_t next, extcap;
} cx_items;
/* The items of text[start..end) (a paragraph) appended to out, and what
 * cx_lang_count() adds to counts. Needs p->fuse. */
CX_HIDDEN int cx_scan_para(const cx_patterns *p, const char *text, size_t start, size_t end, cx_items *out,
                           size_t *counts);
/* cx_scan() of the sentence text[start..end) in language lang from the items
 * of its paragraph (no item crosses the sentence's bounds); *k: the first
 * item not yet passed (sentences are read in order), updated. */
CX_HIDDEN int cx_scan_items(const cx_patterns *p, int lang, const char *text, const cx_items *it, size_t *k,
                            size_t start, size_t end, cx_toks *out);
CX_HIDDEN void cx_items_free(cx_items *t);
/* cx_scan_para() when the paragraph's language is taken to be lang: its
 * tokens in that language, as cx_scan_items() makes them, appended to out
 * (out->all not kept), and what cx_lang_count() adds to counts. room: the
 * bytes readable from text (>= end); text[end] is no letter when end < room
 * (a paragraph ends at '\n'): words near end are then read in place. */
CX_HIDDEN int cx_scan_para_lang(const cx_patterns *p, int lang, const char *text, size_t start, size_t end,
                                size_t room, cx_toks *out, size_t *counts);
/* The tokens of the sentence [start, end) among all's (tokens of whole
 * paragraphs, in order; no token crosses the sentence's bounds): a view
 * (view->v points into all->v, view->cap 0: never pushed to), view->all
 * their union; *k the first token not yet passed, updated. */
static inline void cx_toks_slice(const cx_toks *all, size_t *k, size_t start, size_t end, cx_toks *view)
{
    cx_tok *v = all->v;
    size_t n = all->n, j = *k;
    while (j < n && v[j].start < start)
        j++;
    size_t a = j;
    uint32_t u = 0;
    /* four at a time while the fourth starts before end (the starts grow:
     * the three before it do too) */
    for (; n - j >= 4 && v[j + 3].start < end; j += 4)
        u |= v[j].flags | v[j + 1].flags | v[j + 2].flags | v[j + 3].flags;
    for (; j < n && v[j].start < end; j++)
        u |= v[j].flags;
    view->v = v ? v + a : NULL;
    view->n = j - a;
    view->cap = 0;
    view->all = u;
    *k = j;
}
/* The items a document keeps (16 bytes each): the fused walk stops before a
 * paragraph when CX_FUSE_MAX_ITEMS are kept or when the paragraph is longer
 * than CX_FUSE_MAX_PARA bytes (at most one item every two bytes); that
 * paragraph and those after are counted and scanned apart (cx_lang_count(),
 * cx_scan()), so memory stays bounded on huge inputs (a news article has a
 * few thousand items). */
#define CX_FUSE_MAX_ITEMS ((size_t)1 << 20)
#define CX_FUSE_MAX_PARA ((size_t)1 << 20)
/* Build L->scantab from L->anchors (once, after building them). */
CX_HIDDEN int cx_scan_prepare(cx_lang *L);
CX_HIDDEN void cx_scan_free(cx_lang *L);

/* Work counters of one claimx_extract() call. Tests read them to check that
 * the work grows linearly with the input (cx_result_stats). */
typedef struct cx_stats {
    uint64_t matches;   /* pcre2_match() calls */
    uint64_t scanned;   /* bytes those calls could examine: from the start offset
                           to the end of the match, or to the subject end */
    uint64_t sentences; /* sentences given to the kinds */
    uint64_t limit_errors; /* matches stopped by a limit or an error */
} cx_stats;

CX_HIDDEN void cx_result_stats(const claimx_result *res, cx_stats *out);

/* ---------- money.c ---------- */
typedef struct cx_match_env {
    const cx_lang *lang;
    const char *text; /* normalised */
    size_t start, end; /* sentence */
    const cx_toks *toks; /* cx_scan() of the sentence */
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    uint32_t *limit_flags;
    cx_stats *stats;
    /* The JIT stack: none at first (PCRE2 then uses 32 KB of the machine
     * stack); cx_jit_grow() makes one of the extractor's size the first time
     * a match runs out of that, so most calls never map one. */
    pcre2_jit_stack **jit;
    size_t jit_max;
    /* The callout data of mctx (cx_branch_callout): the branch of a shared
     * pattern the next match may take (cx_rule.branch); 0 lets every callout pass. */
    int *branch;
    /* lib/money.c's memo of list look-ups over the sentences of one call
     * (lib/claims.c; NULL: none) */
    struct cx_money_memo *money_memo;
} cx_match_env;

/* The callout that selects a rule's branch of a shared pattern (lib/claims.c
 * sets it on each call's match context, with the call's branch as data). */
CX_HIDDEN int cx_branch_callout(pcre2_callout_block *cb, void *data);

/* Create *env->jit and give it to env->mctx; false when it cannot. */
CX_HIDDEN bool cx_jit_grow(const struct cx_match_env *env);

/* Every rule match of every kind goes through here: pcre2_match() over
 * text[0..end) from off (opts: 0 or PCRE2_ANCHORED), under the extractor's match/depth/heap limits and
 * JIT stack. A match stopped by a limit (or any other PCRE2 error) sets
 * CLAIMX_RESULT_LIMIT_HIT, so a lost claim is never a silent "no match";
 * the caller sees a negative code and moves on. */
static inline int cx_match_as(const cx_match_env *env, const pcre2_code *code, size_t end, size_t off,
                              uint32_t opts, bool jit)
{
    /* jit: code is JIT-compiled and opts need no interpreter (no PCRE2_ANCHORED
     * at match time): pcre2_match() would call pcre2_jit_match() */
    int m = jit ? pcre2_jit_match(code, (PCRE2_SPTR)env->text, end, off, opts, env->md, env->mctx)
                : pcre2_match(code, (PCRE2_SPTR)env->text, end, off, PCRE2_NO_UTF_CHECK | opts, env->md, env->mctx);
    if (m == PCRE2_ERROR_JIT_STACKLIMIT && env->jit && !*env->jit && cx_jit_grow(env))
        m = jit ? pcre2_jit_match(code, (PCRE2_SPTR)env->text, end, off, opts, env->md, env->mctx)
                : pcre2_match(code, (PCRE2_SPTR)env->text, end, off, PCRE2_NO_UTF_CHECK | opts, env->md, env->mctx);
    env->stats->matches++;
    if (m >= 0) {
        env->stats->scanned += pcre2_get_ovector_pointer(env->md)[1] - off;
    } else {
        env->stats->scanned += end - off;
        if (m != PCRE2_ERROR_NOMATCH) {
            env->stats->limit_errors++;
            *env->limit_flags |= CLAIMX_RESULT_LIMIT_HIT;
        }
    }
    return m;
}
static inline int cx_match(const cx_match_env *env, const pcre2_code *code, size_t end, size_t off,
                           uint32_t opts)
{
    return cx_match_as(env, code, end, off, opts, false);
}

/* An anchored attempt at s sees at most CX_SPAN_MAX bytes: no claim is that
 * long, and it keeps the work per attempt bounded, so a megabyte-long
 * sentence costs linear time. The end is cut on a character boundary. */
#define CX_SPAN_MAX 512
static inline size_t cx_attempt_end(const cx_match_env *env, size_t s)
{
    if (env->end - s <= CX_SPAN_MAX)
        return env->end;
    size_t e = s + CX_SPAN_MAX;
    while (e > s && ((unsigned char)env->text[e] & 0xC0) == 0x80)
        e--;
    return e;
}

/* Try rule r at s (anchored): its start-byte filter, then cx_match() over at
 * most CX_SPAN_MAX bytes. On a non-empty match, fills *g with its groups,
 * *ms / *me with its span and returns true. */
static inline bool cx_try_rule(const cx_match_env *env, const cx_rule *r, size_t s, cx_groups *g, size_t *ms,
                               size_t *me)
{
    unsigned char c0 = (unsigned char)env->text[s];
    if (r->has_first && !(r->first[c0 >> 3] & (1u << (c0 & 7))))
        return false;
    *env->branch = r->branch;
    int m = cx_match_as(env, r->code, cx_attempt_end(env, s), s, r->anchored ? 0 : PCRE2_ANCHORED,
                        r->jit && r->anchored);
    if (m < 0)
        return false; /* no match, or a limit: cx_match() flagged it */
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(env->md);
    *ms = ov[0];
    *me = ov[1];
    if (*me <= *ms)
        return false;
    cx_read_groups(r, env->md, m, g);
    return true;
}

CX_HIDDEN int cx_money_run(cx_work *w, const cx_match_env *env);
/* The currency and scale words lib/money.c looked up last (build()): the
 * map, the text as written and the entry found (NULL: none). The lists are
 * read-only, so the same text of the same map finds the same entry; an
 * article repeats its currencies and scale words. One per call, zeroed
 * (lib/claims.c): a slot with no map matches nothing. */
#define CX_MONEY_MEMO 16
#define CX_MONEY_MEMO_LEN 22
typedef struct cx_money_memo {
    struct cx_money_memo_slot {
        const cx_map *map;
        const cx_entry *e;
        uint8_t n;
        char text[CX_MONEY_MEMO_LEN];
    } slot[CX_MONEY_MEMO];
    unsigned next; /* the slot the next miss fills */
} cx_money_memo;
/* Start of the longest phrase of list m that ends at e and starts at or
 * after lo, at a word boundary; (size_t)-1 when there is none. */
CX_HIDDEN size_t cx_phrase_before(const cx_map *m, const char *text, size_t lo, size_t e);
/* Does the word at p start with a number word ("tweehonderd", "vijftig")? */
CX_HIDDEN bool cx_compound_number(const cx_lang *L, const char *text, size_t p, size_t end);
/* The walk of a trie of list m's keys read backwards (T, values V: as
 * cx_lang.gpu_bnd / gpu_bnd_val) from e, over at most the window of
 * cx_phrase_before(m, text, lo, e): the start of the phrase that look-up
 * would find, (size_t)-1 when there is none, or CX_WALK_ASK when the answer
 * is left to the look-up (non-ASCII text). *val: V at the phrase's node;
 * *vf: a \v or \f was dropped between it and e (the fold of the look-ups
 * differs there). lib/money.c explains the walk (trie_phrase). */
#define CX_WALK_ASK ((size_t)-2)
static inline bool cx_ascii_letter(unsigned char c) { return (unsigned char)((c | 0x20) - 'a') < 26; }
static inline size_t cx_trie_walk(const cx_map *m, const cx_keypre *T, const uint32_t *V, const char *text, size_t lo,
                                  size_t e, uint32_t *val, bool *vf)
{
    const unsigned char *t = (const unsigned char *)text;
    *val = 0;
    *vf = false;
    if (!m->cap || e <= lo || !cx_map_may_last(m, t[e - 1]))
        return (size_t)-1;
    enum { WIN = 96 }; /* as lib/money.c phrase_before_e() */
    size_t win = 2 * m->maxkey + 8 < WIN ? 2 * m->maxkey + 8 : WIN;
    size_t from = e - lo > win ? e - win : lo;
    size_t lim = m->maxkey < WIN ? m->maxkey : WIN;
    size_t kl = 0, best = (size_t)-1;
    uint32_t node = CX_KEYPRE_ROOT;
    bool dropped = false; /* a \v or \f dropped so far */
    for (size_t s = e; s > from;) {
        size_t c0 = s - 1;
        unsigned char c = t[c0];
        if (c >= 0x80)
            return CX_WALK_ASK;
        s = c0;
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            dropped |= c == '\v' || c == '\f';
            continue;
        }
        if (++kl > lim)
            break;
        node = cx_keypre_next(T, node, (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
        if (!node)
            break;
        if (!V[node] || !cx_map_may_first(m, c))
            continue;
        if (c0 > 0 && t[c0 - 1] >= 0x80) {
            if (cx_ascii_letter(c))
                return CX_WALK_ASK; /* a letter before it? */
        } else if (c0 > 0 && cx_ascii_letter(c) && cx_ascii_letter(t[c0 - 1])) {
            continue;
        }
        best = c0;
        *val = V[node];
        *vf = dropped;
    }
    return best;
}

CX_HIDDEN size_t cx_money_rate_before(const cx_lang *L, const char *text, size_t lo, size_t e, bool walk,
                                      const cx_entry **ent);

/* ---------- gpu.c ---------- */
/* GPU and accelerator counts in one sentence (rules of patterns/LANG/gpu.pat). */
CX_HIDDEN int cx_gpu_run(cx_work *w, const cx_match_env *env);

/* ---------- entities.c ---------- */
/* Named entities of a whole document: text[0..len) normalised, its sentences
 * and the language index of each paragraph (entity types are decided per
 * document, so this runs once, after the sentences). */
/* Fill L->entity_rules (the rule names entity claims carry) for L->code. */
CX_HIDDEN void cx_entities_rule_names(cx_lang *L);
/* Memory of the entity pass kept from one document to the next
 * (claimx_extract_into: a result owns one): the token, mention and name
 * arrays and the folded text, taken as if just malloc'd (the pass writes
 * every element before reading it; nothing of an earlier document is read). */
typedef struct cx_ent_mem {
    void *tv, *mv, *nv;
    size_t capt, capm, capn;
    char *fold;
    size_t capfold;
} cx_ent_mem; /* (freed by claimx_result_free: free() of each pointer) */
/* mem: NULL (the arrays are made and freed here) or the memory to use and
 * keep (grown as needed) */
CX_HIDDEN int cx_entities_doc(cx_work *w, const cx_patterns *pat, const char *text, size_t len,
                              const cx_spans *sents, const int *plang, cx_ent_mem *mem);
/* Build each language's entpack (once, after loading). */
CX_HIDDEN int cx_entities_prepare(cx_patterns *p);
/* Free an entpack (NULL: nothing). */
CX_HIDDEN void cx_entities_free(struct cx_entpack *P);
/* For tests: the packed look-up of folded key k[0..n), 0 < n <= 15, in list
 * which of L (0..5: entity_stop, _gazetteer, _before, _after, _suffix, _names;
 * 6: entity_stop and the words as flags): 0 when absent, else 1 + its value
 * (entity type, or flags); -1 when it cannot be asked. */
CX_HIDDEN int cx_entities_packed(const cx_lang *L, int which, const char *k, size_t n);

/* "money,gpu,entity" -> kind bits */
CX_HIDDEN int cx_parse_kinds(const char *s, size_t n, uint32_t *kinds);

/* ---------- json.c ---------- */
CX_HIDDEN void cx_json_string(cx_buf *b, const char *s, size_t n);
/* For tests: v in decimal at w (room for 20 bytes); returns the end. */
CX_HIDDEN char *cx_json_size(char *w, size_t v);
/* For tests: s[0 .. n) quoted and escaped at w (room for 6n + 18 bytes), s
 * readable up to s + n + CX_TEXT_SLACK (a claim's text); returns the end. */
CX_HIDDEN char *cx_json_text(char *w, const char *s, size_t n);
/* Minimal JSON reader for flat objects: finds key at top level of obj[0..n).
 * Returns a pointer to the raw value and its length, or NULL. */
CX_HIDDEN const char *cx_json_find(const char *obj, size_t n, const char *key, size_t *vlen);
/* Decode a JSON string value (with quotes) into a malloc'd buffer. */
CX_HIDDEN char *cx_json_unescape(const char *v, size_t vlen, size_t *outlen);
/* Whether s[0..n) is exactly one valid JSON value (RFC 8259: strings in
 * valid UTF-8 with no raw control characters, strict numbers), surrounding
 * white space allowed. Nesting deeper than 256 counts as invalid. */
CX_HIDDEN bool cx_json_valid(const char *s, size_t n);

#endif
