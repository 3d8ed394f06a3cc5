/*
 * language.c - which pattern set a passage gets: count the passage's words
 * that appear in each language's list of frequent words
 * (patterns/<lang>/language.txt) and take the language with most.
 */
#include <limits.h>
#include <string.h>
#include <unicode/uchar.h>

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

void cx_lang_count(const cx_patterns *p, const char *s, size_t n, size_t *counts)
{
    size_t nl = p->nlangs < 32 ? p->nlangs : 32;
    const unsigned char *u = (const unsigned char *)s;
    const cx_map *m = &p->langwords;
    size_t i = 0;
    while (i < n) {
        unsigned char c = u[i];
        uint32_t cp = c;
        size_t k = 1;
        if (c < 0x80) {
            if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
                i++;
                continue;
            }
        } else {
            k = cx_utf8_valid_seq(u + i, n - i, &cp);
            if (k == 0) {
                i++;
                continue;
            }
            if (!is_word_cp(cp)) {
                i += k;
                continue;
            }
        }
        size_t a = i;
        bool ascii = true, apos = false;
        i += k;
        while (i < n) {
            c = u[i];
            if (c < 0x80) {
                if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
                    i++;
                else if (c == '\'')
                    i++, apos = true;
                else
                    break;
            } else {
                k = cx_utf8_valid_seq(u + i, n - i, &cp);
                if (k == 0 || !is_word_cp(cp))
                    break;
                ascii = false;
                i += k;
            }
        }
        size_t len = i - a;
        if (len > 24)
            continue;
        char key[100];
        size_t kl = fold_word(s + a, len, ascii, key, sizeof key);
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
        if (!(full | part))
            continue;
        for (size_t L = 0; L < nl; L++) {
            if (full >> L & 1)
                counts[L] += 2;
            else if (part >> L & 1)
                counts[L] += 1;
        }
    }
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
