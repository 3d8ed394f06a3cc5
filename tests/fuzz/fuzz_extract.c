/*
 * fuzz_extract.c - libFuzzer target for claimx_extract() and the JSON writer.
 *
 * Input layout: byte 0 chooses the kinds (1..7, every combination of money,
 * gpu, entity), byte 1 the language (auto, fr, nl, pt, en) and a variant
 * (bit 0: CLAIMX_OPT_REPLACE_INVALID, bit 1: tiny PCRE2 limits, so the
 * limit paths run too); the rest is the text. Each of the 140 extractors is
 * built once, on first use, and kept for the whole run.
 *
 * The same bytes also go through the small JSON reader (cx_json_find,
 * cx_json_unescape: claimx-demo --jsonl lines, claimx_extract_json options).
 *
 * Besides the sanitizers, it checks what the API promises: a defined status,
 * EUTF8 only for text that really is invalid UTF-8, every claim's span inside
 * the input and its text equal to those bytes, and JSON output that a strict
 * RFC 8259 validator accepts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimx.h"
#include "internal.h"

#define NKINDS 7
#define NLANGS 5
#define NVARS 4

static claimx_extractor *cache[NKINDS][NLANGS][NVARS];
static const char *const langs[NLANGS] = {NULL, "fr", "nl", "pt", "en"};

static void die(const char *what, const uint8_t *d, size_t n)
{
    fprintf(stderr, "fuzz_extract: %s (input of %zu bytes)\n", what, n);
    (void)d;
    abort();
}

static claimx_extractor *get(unsigned k, unsigned l, unsigned v)
{
    if (cache[k][l][v])
        return cache[k][l][v];
    claimx_options o;
    claimx_options_init(&o);
    o.kinds = (uint32_t)(k + 1) << 1; /* CLAIMX_KIND_BIT(1..3): money, gpu, entity */
    o.lang = langs[l];
    if (v & 1)
        o.flags |= CLAIMX_OPT_REPLACE_INVALID;
    if (v & 2) {
        o.match_limit = 50;
        o.depth_limit = 5;
        o.heap_limit_kib = 1;
    }
    char *err = NULL;
    if (claimx_extractor_new(&o, &cache[k][l][v], &err) != CLAIMX_OK) {
        fprintf(stderr, "fuzz_extract: cannot build an extractor: %s\n", err ? err : "?");
        abort();
    }
    return cache[k][l][v];
}

static int valid_utf8(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = cx_utf8_valid_seq(s + i, n - i, &cp);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t b0 = size > 0 ? data[0] : 0, b1 = size > 1 ? data[1] : 0;
    unsigned k = b0 % NKINDS, l = b1 % NLANGS, v = (b1 / NLANGS) % NVARS;
    const uint8_t *t = size > 2 ? data + 2 : data;
    size_t n = size > 2 ? size - 2 : 0;
    claimx_extractor *ex = get(k, l, v);

    /* the JSON reader on the same bytes, as claimx-demo --jsonl reads a line
     * and claimx_extract_json() its options: values found lie inside the
     * input, a decoded string is never longer than its JSON form */
    size_t vl;
    const char *tv = cx_json_find((const char *)t, n, "text", &vl);
    if (tv) {
        if (tv < (const char *)t || tv + vl > (const char *)t + n)
            die("cx_json_find: value outside the input", data, size);
        size_t ul;
        char *u = cx_json_unescape(tv, vl, &ul);
        if (u && ul > vl)
            die("cx_json_unescape: output longer than input", data, size);
        free(u);
    }
    const char *id = cx_json_find((const char *)t, n, "id", &vl);
    if (id)
        (void)cx_json_valid(id, vl);

    claimx_result *res = NULL;
    int rc = claimx_extract(ex, (const char *)t, n, &res);
    if (rc == CLAIMX_EUTF8) {
        if ((v & 1) || valid_utf8(t, n))
            die("EUTF8 for valid text or with REPLACE_INVALID", data, size);
        if (res)
            die("result set on failure", data, size);
        return 0;
    }
    if (rc != CLAIMX_OK || !res)
        die(claimx_strerror(rc), data, size);
    size_t cnt = claimx_result_count(res);
    size_t prev = 0;
    for (size_t i = 0; i < cnt; i++) {
        const claimx_claim *c = claimx_result_get(res, i);
        if (!c || c->start > c->end || c->end > n || c->start < prev)
            die("claim span outside the input or out of order", data, size);
        prev = c->start;
        if (memcmp(c->text, t + c->start, c->end - c->start) != 0 || c->text[c->end - c->start] != '\0')
            die("claim text differs from its span", data, size);
        if (c->kind != CLAIMX_ENTITY && (!c->value_exact || !cx_json_valid(c->value_exact, strlen(c->value_exact))))
            die("value_exact is not a JSON number", data, size);
        if (!(CLAIMX_KIND_BIT(c->kind) & ((uint32_t)(k + 1) << 1)))
            die("claim of a kind that was not asked for", data, size);
    }
    if (claimx_result_get(res, cnt) != NULL)
        die("claimx_result_get past the end", data, size);
    char *json = NULL;
    size_t jl = 0;
    if (claimx_result_to_json(res, &json, &jl) != CLAIMX_OK)
        die("claimx_result_to_json failed", data, size);
    if (strlen(json) != jl || !cx_json_valid(json, jl))
        die("claimx_result_to_json wrote invalid JSON", data, size);
    if (!!(claimx_result_flags(res) & CLAIMX_RESULT_LIMIT_HIT) != (strstr(json, "\"limit_hit\": true") != NULL))
        die("limit_hit flag and JSON disagree", data, size);
    claimx_string_free(json);
    claimx_result_free(res);
    return 0;
}
