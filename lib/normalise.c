/*
 * normalise.c - UTF-8 validation and ICU normalisation with an offset map.
 *
 * The normalised text is what every pattern sees: NFKC, no-break and thin
 * spaces folded to a space, typographic apostrophes and quotes folded to '
 * and ", CRLF read as LF, soft hyphens and zero-width characters dropped,
 * NUL read as a space. For each normalised byte we keep the original offsets
 * of the characters it came from, so claims point into the caller's bytes.
 * Text that is plain ASCII (the common case for large parts of news) takes a
 * fast path with no copy and no map.
 */
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "internal.h"

size_t cx_utf8_valid_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c < 0xC2 || c > 0xF4)
        return 0; /* continuation byte, overlong 2-byte lead, or > U+10FFFF */
    if (c < 0xE0) {
        if (n < 2 || (s[1] & 0xC0) != 0x80)
            return 0;
        *cp = ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    if (c < 0xF0) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && s[1] >= 0xA0)
            return 0; /* surrogate */
        *cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        return 3;
    }
    if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
        return 0;
    if (c == 0xF0 && s[1] < 0x90)
        return 0; /* overlong */
    if (c == 0xF4 && s[1] >= 0x90)
        return 0; /* > U+10FFFF */
    *cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
          ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    return 4;
}

size_t cx_put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Our folds, applied before NFKC. Returns the replacement code point,
 * FOLD_DROP to drop the character, or FOLD_KEEP_RAW to bypass NFKC. */
#define FOLD_NONE 0xFFFFFFFFu
#define FOLD_DROP 0xFFFFFFFEu
#define FOLD_KEEP_RAW 0xFFFFFFFDu

static uint32_t fold_cp(uint32_t cp)
{
    switch (cp) {
    case 0x0000:
        return ' ';
    case 0x00A0: case 0x202F: case 0x2007: case 0x205F: case 0x3000:
        return ' ';
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC: case 0x00B4:
        return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB: case 0x2033:
        return '"';
    case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
        return FOLD_DROP;
    case 0x00B2: case 0x00B3: case 0x00B9:
        return FOLD_KEEP_RAW; /* superscript digits: "m²" must not become "m2" */
    default:
        break;
    }
    if (cp >= 0x2000 && cp <= 0x200A)
        return ' ';
    if (cp >= 0x2070 && cp <= 0x209F)
        return FOLD_KEEP_RAW;
    return FOLD_NONE;
}

typedef struct nbuilder {
    const unsigned char *orig;
    char *out;
    size_t len, cap;
    cx_run *runs;
    size_t nruns, rcap;
    bool oom;
} nbuilder;

static bool nb_reserve(nbuilder *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t ncap = b->cap ? b->cap : 256;
    while (ncap < b->len + extra + 1)
        ncap *= 2;
    char *o = realloc(b->out, ncap);
    if (!o) {
        b->oom = true;
        return false;
    }
    b->out = o;
    b->cap = ncap;
    return true;
}

static bool nb_run(nbuilder *b, size_t ostart, uint32_t oend)
{
    if (b->nruns == b->rcap) {
        size_t nc = b->rcap ? b->rcap * 2 : 16;
        cx_run *r = realloc(b->runs, nc * sizeof *r);
        if (!r) {
            b->oom = true;
            return false;
        }
        b->runs = r;
        b->rcap = nc;
    }
    b->runs[b->nruns++] = (cx_run){b->len, (uint32_t)ostart, oend};
    return true;
}

/* Original bytes s[0..n) at ostart, copied as they are: the current run
 * goes on when it copies and ends right before ostart. */
static void nb_put_same(nbuilder *b, const unsigned char *s, size_t n, size_t ostart)
{
    if (!nb_reserve(b, n))
        return;
    const cx_run *r = b->nruns ? &b->runs[b->nruns - 1] : NULL;
    if (!r || r->oe != CX_RUN_SAME || r->o + (b->len - r->n) != ostart)
        if (!nb_run(b, ostart, CX_RUN_SAME))
            return;
    memcpy(b->out + b->len, s, n);
    b->len += n;
}

/* s[0..n), what became of the original [ostart, oend). */
static void nb_put(nbuilder *b, const char *s, size_t n, size_t ostart, size_t oend)
{
    if (n == oend - ostart && !memcmp(s, b->orig + ostart, n)) {
        nb_put_same(b, (const unsigned char *)s, n, ostart);
        return;
    }
    if (!nb_reserve(b, n) || !nb_run(b, ostart, (uint32_t)oend))
        return;
    memcpy(b->out + b->len, s, n);
    b->len += n;
}

/* nb_put() of one ASCII byte c for the original [ostart, oend) of two bytes
 * or more (so never the same bytes). */
static void nb_put_byte(nbuilder *b, char c, size_t ostart, size_t oend)
{
    if (!nb_reserve(b, 1) || !nb_run(b, ostart, (uint32_t)oend))
        return;
    b->out[b->len++] = c;
}

/* fold_cp() of the characters of two or three bytes at s (n bytes left)
 * that fold to an ASCII byte: quotes, apostrophes and spaces of
 * typography. Their byte count in *k; 0 for any other character. */
static inline char ascii_fold(const unsigned char *s, size_t n, size_t *k)
{
    if (s[0] == 0xE2 && n >= 3 && s[1] == 0x80) {
        unsigned char d = s[2];
        *k = 3;
        if (d <= 0x8A && d >= 0x80) /* U+2000..U+200A */
            return ' ';
        if (d == 0xAF) /* U+202F */
            return ' ';
        if ((d >= 0x98 && d <= 0x9B) || d == 0xB2) /* U+2018..U+201B, U+2032 */
            return '\'';
        if ((d >= 0x9C && d <= 0x9F) || d == 0xB3) /* U+201C..U+201F, U+2033 */
            return '"';
        return 0;
    }
    if (s[0] == 0xC2 && n >= 2) {
        unsigned char d = s[1];
        *k = 2;
        if (d == 0xA0)
            return ' ';
        if (d == 0xB4)
            return '\'';
        if (d == 0xAB || d == 0xBB)
            return '"';
    }
    return 0;
}

/* Characters of two or three bytes at s (n bytes left) that NFKC and our
 * folds leave as they are and that start a segment (a normalisation
 * boundary before them): dashes U+2013 U+2014, the euro sign, box drawing
 * U+2500..U+257F, and the Latin-1 signs pound, degree, section and middle
 * dot (tests/test_normalise.c checks them against ICU). Their byte count,
 * 0 for any other character. */
static inline size_t stable_char(const unsigned char *s, size_t n)
{
    if (s[0] == 0xE2 && n >= 3) {
        if ((s[1] == 0x80 && (s[2] == 0x93 || s[2] == 0x94)) || (s[1] == 0x82 && s[2] == 0xAC) ||
            ((s[1] == 0x94 || s[1] == 0x95) && (s[2] & 0xC0) == 0x80))
            return 3;
        return 0;
    }
    if (s[0] == 0xC2 && n >= 2 && (s[1] == 0xA3 || s[1] == 0xB0 || s[1] == 0xA7 || s[1] == 0xB7))
        return 2;
    return 0;
}

bool cx_norm_stable(uint32_t cp)
{
    char b[4];
    size_t l = cp >= 0x80 && cp < 0x10000 ? cx_put_utf8(b, cp) : 0;
    return l && stable_char((const unsigned char *)b, l) == l;
}

/* Does the character at s (n >= 1 bytes left) make the segment before it
 * end, whatever that holds? ASCII (copied, CR and NUL folded) and the
 * characters of ascii_fold() and stable_char() do. */
static inline bool ends_segment(const unsigned char *s, size_t n)
{
    size_t k;
    return s[0] < 0x80 || ascii_fold(s, n, &k) || stable_char(s, n);
}

#define SEG_MAX 64
#define NFKC_MAX_GROWTH 4 /* UTF-16 units out per unit in (ﬃ, ㎒, ½: 3) */

typedef struct segment {
    UChar u[SEG_MAX];
    int32_t n;
    int ncp;
    uint32_t first_cp;
    size_t ostart, oend;
} segment;

static int flush_segment(const UNormalizer2 *nfkc, nbuilder *b, segment *sg)
{
    if (sg->n == 0)
        return CLAIMX_OK;
    char tmp[8];
    /* a lone character that NFKC never changes (ASCII, é, ß, ...): as it is */
    if (sg->ncp == 1 && (sg->first_cp < 0x80 || u_getIntPropertyValue((UChar32)sg->first_cp,
                                                                        UCHAR_NFKC_QUICK_CHECK) == UNORM_YES)) {
        nb_put(b, tmp, cx_put_utf8(tmp, sg->first_cp), sg->ostart, sg->oend);
        sg->n = 0;
        sg->ncp = 0;
        return CLAIMX_OK;
    }
    UErrorCode st = U_ZERO_ERROR;
    if (sg->ncp == 1) {
        UChar d[8];
        if (unorm2_getDecomposition(nfkc, (UChar32)sg->first_cp, d, 8, &st) < 0 || U_FAILURE(st)) {
            /* no mapping: NFKC of a lone character is itself */
            nb_put(b, tmp, cx_put_utf8(tmp, sg->first_cp), sg->ostart, sg->oend);
            sg->n = 0;
            sg->ncp = 0;
            return CLAIMX_OK;
        }
        st = U_ZERO_ERROR;
    }
    UChar res[SEG_MAX * 18 + 8];
    int32_t rn = unorm2_normalize(nfkc, sg->u, sg->n, res, (int32_t)(sizeof res / sizeof res[0]), &st);
    if (U_FAILURE(st))
        return CLAIMX_EICU;
    if (rn > NFKC_MAX_GROWTH * sg->n) {
        /* ﷺ (U+FDFA) is 18 characters in NFKC: a text of them would need 30
         * times its size, plus the offset maps. No claim reads such
         * ligatures, so they stay as written and memory stays linear. */
        memcpy(res, sg->u, (size_t)sg->n * sizeof *res);
        rn = sg->n;
    }
    for (int32_t i = 0; i < rn;) {
        UChar32 c;
        U16_NEXT(res, i, rn, c);
        uint32_t f = fold_cp((uint32_t)c); /* NFKC can produce a no-break space etc. */
        if (f == FOLD_DROP)
            continue;
        if (f != FOLD_NONE && f != FOLD_KEEP_RAW)
            c = (UChar32)f;
        nb_put(b, tmp, cx_put_utf8(tmp, (uint32_t)c), sg->ostart, sg->oend);
    }
    sg->n = 0;
    sg->ncp = 0;
    return CLAIMX_OK;
}

/* Latin letters of two bytes that NFKC and our folds leave as they are and
 * that no character before them combines with: U+00C0..U+017E but the
 * compatibility characters Ĳ ĳ Ŀ ŀ ŉ (tests/test_normalise.c checks the
 * set against ICU). Followed by such a letter or by ASCII, they need no
 * normalisation. Returns the length (2) or 0. */
static inline size_t latin_same(const unsigned char *s, size_t i, size_t len)
{
    unsigned char c = s[i];
    if (c < 0xC3 || c > 0xC5 || i + 1 >= len || (s[i + 1] & 0xC0) != 0x80)
        return 0;
    uint32_t cp = ((uint32_t)(c & 0x1F) << 6) | (s[i + 1] & 0x3F);
    if (cp < 0xC0 || cp > 0x17E || cp == 0x132 || cp == 0x133 || cp == 0x13F || cp == 0x140 || cp == 0x149)
        return 0;
    return 2;
}

bool cx_norm_latin_same(uint32_t cp)
{
    unsigned char b[2] = {(unsigned char)(0xC0 | (cp >> 6)), (unsigned char)(0x80 | (cp & 0x3F))};
    return cp >= 0x80 && cp < 0x800 && latin_same(b, 0, 2) == 2;
}

#ifdef __SSE2__
/* One bit for each of the sixteen bytes at s that is above 0x7F, CR or NUL. */
static inline uint32_t stop_mask(const unsigned char *s)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)s);
    __m128i z = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_setzero_si128()), _mm_cmpeq_epi8(x, _mm_set1_epi8('\r')));
    return (uint32_t)_mm_movemask_epi8(_mm_or_si128(x, z));
}
#endif

/* The length of the character at s[j] (a byte above 0x7F, CR or NUL) when
 * normalisation copies it as it is whatever comes before it: a
 * latin_same() letter, or a stable_char() sign before the end or before a
 * character that ends a segment (so no combining mark follows; as the
 * single-character path of cx_normalise_valid() would copy it). 0 else. */
static inline size_t verbatim_char(const unsigned char *s, size_t j, size_t len)
{
    size_t k = latin_same(s, j, len);
    if (k)
        return k;
    k = stable_char(s + j, len - j);
    if (k && (j + k == len || ends_segment(s + j + k, len - j - k)))
        return k;
    return 0;
}

/* End of the text from i that normalisation copies as it is: ASCII but CR
 * and NUL, and verbatim_char() characters, each followed by one of those
 * (a combining mark may follow the last character before anything else, so
 * that character is left out, unless what follows ends a segment). i
 * itself when there is none. */
static size_t verbatim_run(const unsigned char *s, size_t i, size_t len)
{
    size_t j = i;
#ifdef __SSE2__
    /* thirty-two bytes at a time: the bytes above 0x7F, CR or NUL of the
     * block one by one from its mask, a verbatim_char() taken (all its
     * bytes) without leaving the block */
    while (j + 32 <= len) {
        /* the caller's text is read here first, often from memory: ask
         * for the bytes 512 ahead now, so that their load overlaps this
         * walk (a hint only: no read, no fault, past the end too) */
        __builtin_prefetch(s + j + 512);
        uint32_t m = stop_mask(s + j) | stop_mask(s + j + 16) << 16;
        size_t next = j + 32;
        while (m) {
            unsigned k = (unsigned)__builtin_ctz(m);
            size_t q = j + k;
            size_t l = verbatim_char(s, q, len);
            if (!l) {
                j = q;
                goto stopped;
            }
            if (k + l > 32) {
                next = q + l; /* it ends in the next block */
                break;
            }
            m &= ~(((1u << l) - 1) << k);
        }
        j = next;
    }
#endif
    for (;;) {
        /* eight ASCII bytes at a time, none of them below 0x0e */
        while (j + 8 <= len) {
            uint64_t v;
            memcpy(&v, s + j, 8);
            if ((v & 0x8080808080808080ull) | ((v - 0x0e0e0e0e0e0e0e0eull) & ~v & 0x8080808080808080ull))
                break;
            j += 8;
        }
        if (j >= len)
            return len;
        unsigned char c = s[j];
        if (c < 0x80 && c != '\r' && c != 0) {
            j++;
            continue;
        }
        size_t k = c < 0x80 ? 0 : verbatim_char(s, j, len);
        if (!k)
            break;
        j += k;
    }
#ifdef __SSE2__
stopped:
#endif
    /* j: CR, NUL or a character above 0x7F that is not taken */
    if (j == i || s[j] == '\r' || s[j] == 0 || ends_segment(s + j, len - j))
        return j;
    /* the last character taken is followed by nothing that ends a segment,
     * so it is not a stable_char() (verbatim_char() takes those only
     * before such a character): ASCII or a latin_same() letter, whose start
     * is j - 1, or j - 2 when j - 1 is a letter's second byte */
    return s[j - 1] < 0x80 ? j - 1 : j - 2;
}

/* plain: no byte above 0x7F, no CR, no NUL (the text is its own
 * normalisation). The UTF-8 of a text that is not plain is checked by
 * cx_normalise_valid() as it goes over it (one pass instead of two), so this
 * stops at the first such byte. */
int cx_validate(const char *in, size_t len, uint32_t flags, bool *plain)
{
    (void)flags;
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0;
#ifdef __SSE2__
    while (i + 16 <= len) {
        if (stop_mask(s + i)) {
            *plain = false;
            return CLAIMX_OK;
        }
        i += 16;
    }
#endif
    for (; i < len; i++) {
        if (s[i] >= 0x80 || s[i] == '\r' || s[i] == 0) {
            *plain = false;
            return CLAIMX_OK;
        }
    }
    *plain = true;
    return CLAIMX_OK;
}

int cx_normalise(const UNormalizer2 *nfkc, const char *in, size_t len, uint32_t flags, cx_text *out)
{
    bool plain;
    memset(out, 0, sizeof *out);
    int rc = cx_validate(in, len, flags, &plain);
    if (rc != CLAIMX_OK)
        return rc;
    return cx_normalise_valid(nfkc, in, len, flags, plain, out);
}

/* t->blk, so that a lookup in the offset map searches the runs of one block
 * of 2^CX_MAP_SHIFT normalised bytes instead of all of them. Without memory
 * (or with more runs than a uint32_t counts) there is no index: the lookups
 * search all runs, with the same results. */
static void map_index(cx_text *t)
{
    if (!t->nruns || t->nruns > UINT32_MAX)
        return;
    size_t nb = (t->norm_len >> CX_MAP_SHIFT) + 1;
    uint32_t *blk = malloc(nb * sizeof *blk);
    if (!blk)
        return;
    /* blk[k], the last run starting at or before k << CX_MAP_SHIFT: run r
     * for the blocks from there on that start before run r + 1 */
    size_t k = 0;
    for (size_t r = 0; r + 1 < t->nruns; r++)
        for (size_t next = t->runs[r + 1].n; k < nb && k << CX_MAP_SHIFT < next; k++)
            blk[k] = (uint32_t)r;
    for (; k < nb; k++)
        blk[k] = (uint32_t)(t->nruns - 1);
    t->blk = blk;
}

int cx_normalise_valid(const UNormalizer2 *nfkc, const char *in, size_t len, uint32_t flags, bool plain,
                       cx_text *out)
{
    memset(out, 0, sizeof *out);
    out->orig = in;
    out->orig_len = len;
    const unsigned char *s = (const unsigned char *)in;
    if (plain) {
        out->norm = (char *)in; /* borrowed, never written */
        out->norm_len = len;
        return CLAIMX_OK;
    }

    nbuilder b = {.orig = s};
    if (!nb_reserve(&b, len + len / 8 + 16))
        return CLAIMX_ENOMEM;
    /* room for a run every 128 bytes (news: about one in 110), so that most
     * texts never grow the array */
    b.rcap = len / 128 + 16;
    if (!(b.runs = malloc(b.rcap * sizeof *b.runs))) {
        free(b.out);
        return CLAIMX_ENOMEM;
    }
    segment sg = {.n = 0};
    int rc = CLAIMX_OK;
    /* [p, i): bytes normalisation copies as they are, not yet written.
     * They go out in one copy when something else is written (a fold, a
     * segment, the end): the runs are the same as with a copy for each
     * piece, as nb_put_same() joins the pieces of one run anyway. There
     * are none while a segment is open (sg.n > 0). */
    size_t p = 0, i = 0;
    while (i < len && rc == CLAIMX_OK && !b.oom) {
        /* text NFKC and the folds leave as it is goes over in one copy */
        size_t stop = verbatim_run(s, i, len);
        if (stop > i) {
            if (sg.n) {
                rc = flush_segment(nfkc, &b, &sg);
                p = i;
            }
            i = stop;
            continue;
        }
        size_t k = s[i] < 0x80 ? (s[i] != '\r' && s[i] != 0) : stable_char(s + i, len - i);
        if (k && (i + k == len || ends_segment(s + i + k, len - i - k))) {
            /* an ASCII character (but CR and NUL) or one of stable_char()
             * before the end or before a character that ends a segment (so
             * no combining mark follows): alone, as it is, as the segment
             * path below would leave it */
            if (sg.n) {
                rc = flush_segment(nfkc, &b, &sg);
                p = i;
            }
            i += k;
            continue;
        }
        /* from here on the character at i is written (or dropped or put in
         * the segment): the bytes before it first */
        if (p < i)
            nb_put_same(&b, s + p, i - p, p);
        char a = ascii_fold(s + i, len - i, &k);
        if (a) {
            /* as fold_cp() below, without decoding */
            rc = flush_segment(nfkc, &b, &sg);
            nb_put_byte(&b, a, i, i + k);
            i += k;
            p = i;
            continue;
        }
        uint32_t cp;
        k = cx_utf8_valid_seq(s + i, len - i, &cp);
        if (k == 0) {
            if (!(flags & CLAIMX_OPT_REPLACE_INVALID)) {
                rc = CLAIMX_EUTF8; /* (verbatim_run() only takes valid UTF-8) */
                break;
            }
            cp = 0xFFFD;
            k = 1;
        }
        size_t ostart = i;
        i += k;
        p = i;
        if (cp == '\r') {
            rc = flush_segment(nfkc, &b, &sg);
            if (i < len && s[i] == '\n')
                continue; /* CRLF: the LF stands for both */
            nb_put(&b, "\n", 1, ostart, i);
            continue;
        }
        uint32_t f = fold_cp(cp);
        if (f != FOLD_NONE) {
            rc = flush_segment(nfkc, &b, &sg);
            if (f == FOLD_DROP)
                continue;
            char tmp[4];
            uint32_t o = f == FOLD_KEEP_RAW ? cp : f;
            nb_put(&b, tmp, cx_put_utf8(tmp, o), ostart, i);
            continue;
        }
        if (cp < 0x80 || unorm2_hasBoundaryBefore(nfkc, (UChar32)cp) || sg.n >= SEG_MAX - 2) {
            rc = flush_segment(nfkc, &b, &sg);
            sg.ostart = ostart;
            sg.first_cp = cp;
        }
        if (sg.n == 0) {
            sg.ostart = ostart;
            sg.first_cp = cp;
        }
        U16_APPEND_UNSAFE(sg.u, sg.n, cp);
        sg.ncp++;
        sg.oend = i;
    }
    if (rc == CLAIMX_OK) {
        rc = flush_segment(nfkc, &b, &sg);
        if (!sg.n && p < len && rc == CLAIMX_OK)
            nb_put_same(&b, s + p, len - p, p);
    }
    if (rc == CLAIMX_OK && b.oom)
        rc = CLAIMX_ENOMEM;
    if (rc != CLAIMX_OK || !nb_reserve(&b, 1)) {
        free(b.out);
        free(b.runs);
        return rc != CLAIMX_OK ? rc : CLAIMX_ENOMEM;
    }
    b.out[b.len] = '\0';
    out->norm = b.out;
    out->norm_len = b.len;
    out->runs = b.runs;
    out->nruns = b.nruns;
    out->owns_norm = true;
    map_index(out);
    return CLAIMX_OK;
}

void cx_text_free(cx_text *t)
{
    if (!t)
        return;
    if (t->owns_norm)
        free(t->norm);
    free(t->runs);
    free(t->blk);
    memset(t, 0, sizeof *t);
}

/* The run holding normalised byte n (< norm_len; runs[0].n is 0): the last
 * run starting at or before n, which is between the blocks' runs of n and
 * of the next block (when there is an index). */
static const cx_run *run_of(const cx_text *t, size_t n)
{
    size_t lo = 0, hi = t->nruns;
    if (t->blk) {
        size_t k = n >> CX_MAP_SHIFT;
        lo = t->blk[k];
        if (k + 1 <= t->norm_len >> CX_MAP_SHIFT)
            hi = (size_t)t->blk[k + 1] + 1;
    }
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->runs[mid].n <= n)
            lo = mid;
        else
            hi = mid;
    }
    return &t->runs[lo];
}

size_t cx_map_start(const cx_text *t, size_t n)
{
    if (t->norm == t->orig)
        return n; /* the identity (plain text) */
    if (n >= t->norm_len) /* also when nothing is left ("\u00AD"): no runs */
        return t->orig_len;
    const cx_run *r = run_of(t, n);
    return r->oe == CX_RUN_SAME ? r->o + (n - r->n) : r->o;
}

size_t cx_map_end(const cx_text *t, size_t n)
{
    if (t->norm == t->orig)
        return n;
    if (n == 0 || !t->nruns)
        return n == 0 && t->nruns ? t->runs[0].o : (n == 0 ? 0 : t->orig_len);
    if (n > t->norm_len)
        n = t->norm_len;
    const cx_run *r = run_of(t, n - 1);
    return r->oe == CX_RUN_SAME ? r->o + (n - r->n) : r->oe;
}

void cx_map_span(const cx_text *t, size_t ns, size_t ne, size_t *os, size_t *oe)
{
    /* cx_map_start(ns) and cx_map_end(ne); the run of ne - 1 is found by
     * walking on from the run of ns (a claim spans few runs) */
    if (t->norm == t->orig || ns >= t->norm_len || ne <= ns || ne > t->norm_len) {
        *os = cx_map_start(t, ns);
        *oe = cx_map_end(t, ne);
        return;
    }
    const cx_run *r = run_of(t, ns), *last = t->runs + t->nruns - 1;
    *os = r->oe == CX_RUN_SAME ? r->o + (ns - r->n) : r->o;
    size_t m = ne - 1;
    for (int k = 0; r < last && r[1].n <= m; r++)
        if (++k == 8) { /* a long way: search */
            r = run_of(t, m);
            break;
        }
    *oe = r->oe == CX_RUN_SAME ? r->o + (ne - r->n) : r->oe;
}

/* The fold of U+00C0..U+017F (lib/internal.h), made from ICU's u_tolower()
 * and u_isalpha(): 0 for the signs x and /, 1 for U+0130 (lower case "i"). */
const uint16_t cx_latin_fold[192] = {
    0xC3A0, 0xC3A1, 0xC3A2, 0xC3A3, 0xC3A4, 0xC3A5, 0xC3A6, 0xC3A7,
    0xC3A8, 0xC3A9, 0xC3AA, 0xC3AB, 0xC3AC, 0xC3AD, 0xC3AE, 0xC3AF,
    0xC3B0, 0xC3B1, 0xC3B2, 0xC3B3, 0xC3B4, 0xC3B5, 0xC3B6, 0x0000,
    0xC3B8, 0xC3B9, 0xC3BA, 0xC3BB, 0xC3BC, 0xC3BD, 0xC3BE, 0xC39F,
    0xC3A0, 0xC3A1, 0xC3A2, 0xC3A3, 0xC3A4, 0xC3A5, 0xC3A6, 0xC3A7,
    0xC3A8, 0xC3A9, 0xC3AA, 0xC3AB, 0xC3AC, 0xC3AD, 0xC3AE, 0xC3AF,
    0xC3B0, 0xC3B1, 0xC3B2, 0xC3B3, 0xC3B4, 0xC3B5, 0xC3B6, 0x0000,
    0xC3B8, 0xC3B9, 0xC3BA, 0xC3BB, 0xC3BC, 0xC3BD, 0xC3BE, 0xC3BF,
    0xC481, 0xC481, 0xC483, 0xC483, 0xC485, 0xC485, 0xC487, 0xC487,
    0xC489, 0xC489, 0xC48B, 0xC48B, 0xC48D, 0xC48D, 0xC48F, 0xC48F,
    0xC491, 0xC491, 0xC493, 0xC493, 0xC495, 0xC495, 0xC497, 0xC497,
    0xC499, 0xC499, 0xC49B, 0xC49B, 0xC49D, 0xC49D, 0xC49F, 0xC49F,
    0xC4A1, 0xC4A1, 0xC4A3, 0xC4A3, 0xC4A5, 0xC4A5, 0xC4A7, 0xC4A7,
    0xC4A9, 0xC4A9, 0xC4AB, 0xC4AB, 0xC4AD, 0xC4AD, 0xC4AF, 0xC4AF,
    0x0001, 0xC4B1, 0xC4B3, 0xC4B3, 0xC4B5, 0xC4B5, 0xC4B7, 0xC4B7,
    0xC4B8, 0xC4BA, 0xC4BA, 0xC4BC, 0xC4BC, 0xC4BE, 0xC4BE, 0xC580,
    0xC580, 0xC582, 0xC582, 0xC584, 0xC584, 0xC586, 0xC586, 0xC588,
    0xC588, 0xC589, 0xC58B, 0xC58B, 0xC58D, 0xC58D, 0xC58F, 0xC58F,
    0xC591, 0xC591, 0xC593, 0xC593, 0xC595, 0xC595, 0xC597, 0xC597,
    0xC599, 0xC599, 0xC59B, 0xC59B, 0xC59D, 0xC59D, 0xC59F, 0xC59F,
    0xC5A1, 0xC5A1, 0xC5A3, 0xC5A3, 0xC5A5, 0xC5A5, 0xC5A7, 0xC5A7,
    0xC5A9, 0xC5A9, 0xC5AB, 0xC5AB, 0xC5AD, 0xC5AD, 0xC5AF, 0xC5AF,
    0xC5B1, 0xC5B1, 0xC5B3, 0xC5B3, 0xC5B5, 0xC5B5, 0xC5B7, 0xC5B7,
    0xC3BF, 0xC5BA, 0xC5BA, 0xC5BC, 0xC5BC, 0xC5BE, 0xC5BE, 0xC5BF,
};

size_t cx_fold_key(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        if (o + 4 < cap) { /* room for any character and the NUL */
            o += cx_fold_next(u, n, &i, out + o);
            continue;
        }
        char tmp[4];
        size_t w = cx_fold_next(u, n, &i, tmp);
        if (o + w >= cap)
            break;
        for (size_t j = 0; j < w; j++)
            out[o++] = tmp[j];
    }
    if (cap)
        out[o] = '\0';
    return o;
}
