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

#include "internal.h"

static int push_grow(cx_toks *o, size_t a, size_t b, uint32_t flags)
{
    if (o->n == o->cap) {
        size_t nc = o->cap ? o->cap * 2 : 64;
        cx_tok *v = realloc(o->v, nc * sizeof *v);
        if (!v)
            return CLAIMX_ENOMEM;
        o->v = v;
        o->cap = nc;
    }
    o->v[o->n++] = (cx_tok){(uint32_t)a, (uint32_t)b, flags};
    return CLAIMX_OK;
}

static inline int push(cx_toks *o, size_t a, size_t b, uint32_t flags)
{
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
        if (cp < 0x80) {
            i++;
            if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r')
                continue;
            if (o >= lim)
                return 0;
            out[o++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
            continue;
        }
        size_t k = cx_utf8_valid_seq(u + i, n - i, &cp);
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
        char tmp[4];
        size_t w = cx_put_utf8(tmp, cp);
        if (o + w > lim)
            return 0;
        for (size_t j = 0; j < w; j++)
            out[o++] = tmp[j];
    }
    return o;
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
            h = (h ^ c) * 1099511628211ull;
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

int cx_scan(const cx_lang *L, const char *text, size_t start, size_t end, cx_toks *out)
{
    const unsigned char *t = (const unsigned char *)text;
    out->n = 0;
    out->all = 0;
    size_t i = start;
    while (i < end) {
        unsigned char c = t[i];
        if (c < 0x80 && !ascii_letter(c)) {
            if (c >= '0' && c <= '9') {
                size_t a = i;
                while (i < end && t[i] >= '0' && t[i] <= '9')
                    i++;
                if (push(out, a, i, CX_T_DIGITS) != CLAIMX_OK)
                    return CLAIMX_ENOMEM;
                continue;
            }
            if (c == '$') {
                if (push(out, i, i + 1, CX_T_SYMBOL) != CLAIMX_OK)
                    return CLAIMX_ENOMEM;
            }
            i++;
            continue;
        }
        uint32_t cp = c;
        size_t k = 1;
        if (c >= 0x80) {
            k = cx_utf8_valid_seq(t + i, end - i, &cp);
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
        }
        /* a word: letters and apostrophes */
        size_t a = i;
        bool cap = c < 0x80 ? (c >= 'A' && c <= 'Z') : u_isupper((UChar32)cp) != 0;
        bool ascii = c < 0x80, apos = false;
        i += k;
        while (i < end) {
            unsigned char d = t[i];
            if (d < 0x80) {
                if (ascii_letter(d))
                    i++;
                else if (d == '\'')
                    i++, apos = true;
                else
                    break;
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
        if (f) {
            if (push(out, a, i, f | CX_T_WORD) != CLAIMX_OK)
                return CLAIMX_ENOMEM;
        }
    }
    for (size_t j = 0; j < out->n; j++)
        out->all |= out->v[j].flags;
    return CLAIMX_OK;
}

void cx_toks_free(cx_toks *t)
{
    free(t->v);
    memset(t, 0, sizeof *t);
}
