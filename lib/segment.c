/*
 * segment.c - paragraphs (lines of the normalised text) and sentences (ICU
 * sentence BreakIterator over UTF-8, so boundaries are byte offsets).
 */
#include <stdlib.h>
#include <string.h>
#include <unicode/utext.h>

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
    s->v[s->n++] = (cx_span){start, end, para};
    return CLAIMX_OK;
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
    while (a < n) {
        const char *nl = memchr(s + a, '\n', n - a);
        size_t b = nl ? (size_t)(nl - s) : n;
        if (!is_blank(s, a, b))
            if (cx_spans_push(out, a, b, (int)out->n) != CLAIMX_OK)
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

int cx_sentences(const UBreakIterator *tmpl, const char *s, size_t n, const cx_spans *paras,
                 cx_spans *out)
{
    return cx_sentences_max(tmpl, s, n, paras, out, CX_ICU_MAX_PIECE);
}

int cx_sentences_max(const UBreakIterator *tmpl, const char *s, size_t n, const cx_spans *paras,
                     cx_spans *out, size_t max_piece)
{
    (void)n;
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_clone(tmpl, &st);
    if (U_FAILURE(st))
        return CLAIMX_EICU;
    int rc = CLAIMX_OK;
    UText ut = UTEXT_INITIALIZER;
    for (size_t p = 0; p < paras->n && rc == CLAIMX_OK; p++) {
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
                if (!is_blank(s, a + (size_t)prev, a + (size_t)cur))
                    rc = cx_spans_push(out, a + (size_t)prev, a + (size_t)cur, (int)p);
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
