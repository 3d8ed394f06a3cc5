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

int cx_lang_identify(const cx_patterns *p, const char *s, size_t n, int *score)
{
    size_t counts[32] = {0}; /* a multi-GB paragraph overflows an int */
    size_t nl = p->nlangs < 32 ? p->nlangs : 32;
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = cx_utf8_valid_seq(u + i, n - i, &cp);
        if (k == 0) {
            i++;
            continue;
        }
        if (!is_word_cp(cp) || cp == '\'') {
            i += k;
            continue;
        }
        size_t a = i;
        while (i < n) {
            k = cx_utf8_valid_seq(u + i, n - i, &cp);
            if (k == 0 || !is_word_cp(cp))
                break;
            i += k;
        }
        size_t len = i - a;
        if (len > 24)
            continue;
        char key[100];
        size_t kl = cx_fold_key(s + a, len, key, sizeof key);
        /* "l'homme", "d'une": also try the part after the elision */
        const char *ap = memchr(key, '\'', kl);
        for (size_t L = 0; L < nl; L++) {
            if (cx_map_get(&p->langs[L].words, key, kl))
                counts[L] += 2;
            else if (ap && cx_map_get(&p->langs[L].words, key, (size_t)(ap - key) + 1))
                counts[L] += 1;
        }
    }
    int best = -1;
    size_t bestc = 0, second = 0;
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
