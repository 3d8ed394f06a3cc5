/*
 * claims.c - the public API: options, the extractor, the extraction pipeline
 * (validate, normalise, segment, identify language, run the pattern sets) and
 * the result that owns the claims.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/uloc.h>

#include "internal.h"

struct claimx_extractor {
    uint32_t kinds, flags;
    int forced; /* language index, or -1 for detection */
    int fallback;
    size_t max_input;
    cx_patterns pat;
    const UNormalizer2 *nfkc; /* owned by ICU */
    UBreakIterator *sentences; /* template, cloned per call */
    pcre2_match_context *mctx; /* template with the limits, copied per call */
    size_t jit_stack_max; /* bytes of JIT stack per call (jit_stack_size) */
};

typedef struct block {
    struct block *next;
    size_t used, cap;
    char data[];
} block;

struct claimx_result {
    claimx_claim *claims;
    size_t n, cap;
    block *blocks;
    /* memory kept for the next claimx_extract_into() (none in a result of
     * claimx_extract()): string blocks of earlier documents, emptied, and
     * sort_claims()'s buffers */
    block *spare;
    claimx_claim *alt; /* the other claims array: sort_claims() writes into it and swaps */
    size_t alt_cap;
    void *keys; /* sort_claims()'s keys */
    size_t keys_cap;
    cx_ent_mem ent; /* the entity pass's arrays */
    char lang[8];
    uint32_t flags;
    cx_stats stats;
    /* the result's copies of the extractor's strings (language codes, rule
     * names, currencies, models, vendors), by the address of the original:
     * each is copied once per result, not once per claim */
    struct {
        const char *from, *copy;
    } interned[64];
};

struct cx_work {
    const claimx_extractor *ex;
    const cx_text *text;
    claimx_result *res;
    cx_stage_times *times; /* NULL unless the benchmark asks */
};

/* ---------- versions and errors ---------- */

const char *claimx_version(void) { return CLAIMX_VERSION_STRING; }
uint32_t claimx_version_number(void) { return CLAIMX_VERSION_NUMBER; }

const char *claimx_strerror(int status)
{
    switch (status) {
    case CLAIMX_OK: return "success";
    case CLAIMX_ENOMEM: return "out of memory";
    case CLAIMX_EINVAL: return "invalid argument";
    case CLAIMX_EUTF8: return "input is not valid UTF-8";
    case CLAIMX_ETOOBIG: return "input is larger than the configured maximum";
    case CLAIMX_EMATCHLIMIT: return "a pattern hit its match limit";
    case CLAIMX_EPATTERN: return "malformed pattern data";
    case CLAIMX_EIO: return "cannot read the pattern directory";
    case CLAIMX_EICU: return "ICU error";
    case CLAIMX_ELANG: return "no pattern set for the requested language";
    default: return "unknown error";
    }
}

void claimx_options_init(claimx_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->struct_size = (uint32_t)sizeof *o;
    o->kinds = CLAIMX_KINDS_ALL;
    o->match_limit = 1000000;
    o->depth_limit = 10000;
    o->heap_limit_kib = 20000;
    o->max_input = (size_t)1 << 30;
}

/* ---------- extractor ---------- */

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* The JIT stack of a call, sized for the rules: the interpreter would use
 * one backtracking frame (PCRE2_INFO_FRAMESIZE, larger for rules with more
 * groups) per nesting level, up to depth_limit levels, within heap_limit.
 * The JIT, which ignores both limits, gets that same budget as its stack;
 * running out of it is reported like any other limit
 * (PCRE2_ERROR_JIT_STACKLIMIT -> CLAIMX_RESULT_LIMIT_HIT). */
static size_t jit_stack_size(const cx_patterns *p, const claimx_options *o)
{
    size_t frame = 0;
    for (size_t L = 0; L < p->nlangs; L++)
        for (size_t r = 0; r < p->langs[L].nrules; r++) {
            size_t fs = 0;
            if (pcre2_pattern_info(p->langs[L].rules[r].code, PCRE2_INFO_FRAMESIZE, &fs) == 0 && fs > frame)
                frame = fs;
        }
    size_t want = frame * (size_t)o->depth_limit;
    size_t heap = (size_t)o->heap_limit_kib * 1024;
    if (want > heap)
        want = heap;
    if (want < 64 * 1024)
        want = 64 * 1024; /* pcre2 JIT's own minimum useful size is 32 KiB */
    if (want > 64 * 1024 * 1024)
        want = 64 * 1024 * 1024;
    return want;
}

int claimx_extractor_new(const claimx_options *opts, claimx_extractor **out, char **errmsg)
{
    if (errmsg)
        *errmsg = NULL;
    if (!out)
        return CLAIMX_EINVAL;
    *out = NULL;
    claimx_options o;
    claimx_options_init(&o);
    if (opts) {
        if (opts->struct_size < offsetof(claimx_options, max_input) + sizeof(size_t) ||
            opts->struct_size > sizeof o)
            return CLAIMX_EINVAL;
        memcpy(&o, opts, opts->struct_size);
    }
    if (o.kinds == 0 || (o.kinds & ~CLAIMX_KINDS_ALL) || o.max_input == 0 ||
        o.max_input > (size_t)UINT32_MAX - 1)
        return CLAIMX_EINVAL;
    claimx_extractor *ex = calloc(1, sizeof *ex);
    if (!ex)
        return CLAIMX_ENOMEM;
    ex->kinds = o.kinds;
    ex->flags = o.flags;
    ex->max_input = o.max_input;
    ex->forced = -1;
    int rc = cx_patterns_load(&ex->pat, o.pattern_dir, o.kinds, errmsg);
    if (rc != CLAIMX_OK) {
        free(ex);
        return rc;
    }
    if (o.lang && *o.lang && strcmp(o.lang, "auto") != 0) {
        ex->forced = cx_patterns_find(&ex->pat, o.lang);
        if (ex->forced < 0) {
            if (errmsg) {
                cx_buf b = {0};
                cx_buf_printf(&b, "no pattern set for language '%s'", o.lang);
                *errmsg = cx_buf_take(&b);
            }
            claimx_extractor_free(ex);
            return CLAIMX_ELANG;
        }
    }
    ex->fallback = cx_patterns_find(&ex->pat, "en");
    if (ex->fallback < 0)
        ex->fallback = 0;
    UErrorCode st = U_ZERO_ERROR;
    ex->nfkc = unorm2_getNFKCInstance(&st);
    if (U_SUCCESS(st))
        ex->sentences = ubrk_open(UBRK_SENTENCE, "en", NULL, 0, &st);
    if (U_FAILURE(st)) {
        if (errmsg)
            *errmsg = dup_str(u_errorName(st));
        claimx_extractor_free(ex);
        return CLAIMX_EICU;
    }
    ex->mctx = pcre2_match_context_create(NULL);
    if (!ex->mctx) {
        claimx_extractor_free(ex);
        return CLAIMX_ENOMEM;
    }
    pcre2_set_match_limit(ex->mctx, o.match_limit);
    pcre2_set_depth_limit(ex->mctx, o.depth_limit);
    pcre2_set_heap_limit(ex->mctx, o.heap_limit_kib);
    ex->jit_stack_max = jit_stack_size(&ex->pat, &o);
    *out = ex;
    return CLAIMX_OK;
}

void claimx_extractor_free(claimx_extractor *ex)
{
    if (!ex)
        return;
    cx_patterns_free(&ex->pat);
    if (ex->sentences)
        ubrk_close(ex->sentences);
    pcre2_match_context_free(ex->mctx);
    free(ex);
}

/* ---------- result ---------- */

/* A block with room for n bytes at the head of r's list: an emptied block
 * of an earlier document when the first spare one fits, else a new one. */
static __attribute__((noinline)) char *arena_grow(claimx_result *r, size_t n)
{
    block *nb = r->spare;
    if (nb && nb->cap >= n) {
        r->spare = nb->next;
    } else {
        if (nb) {
            /* too small for this string: freed, so that the blocks kept
             * never exceed what one document needed */
            r->spare = nb->next;
            free(nb);
        }
        size_t cap = n > 4000 ? n : 4000;
        /* CX_TEXT_SLACK bytes of room past the end, for arena_str() */
        if (cap > SIZE_MAX - sizeof(block) - CX_TEXT_SLACK)
            return NULL;
        nb = malloc(sizeof *nb + cap + CX_TEXT_SLACK);
        if (!nb)
            return NULL;
        nb->cap = cap;
    }
    nb->next = r->blocks;
    nb->used = n;
    r->blocks = nb;
    return nb->data;
}

static inline char *arena_alloc(claimx_result *r, size_t n)
{
    block *b = r->blocks;
    if (!b || b->used + n > b->cap)
        return arena_grow(r, n);
    char *p = b->data + b->used;
    b->used += n;
    return p;
}

static inline __attribute__((always_inline)) const char *arena_str(claimx_result *r, const char *s, size_t n)
{
    char *p = arena_alloc(r, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    /* the NUL and CX_TEXT_SLACK - 1 zero bytes (into the next string's room
     * or the block's slack): every string of the arena (a claim's text) can
     * be read CX_TEXT_SLACK bytes at a time (lib/json.c) */
    memset(p + n, 0, CX_TEXT_SLACK);
    return p;
}

static const char *arena_cstr(claimx_result *r, const char *s)
{
    return s ? arena_str(r, s, strlen(s)) : NULL;
}

/* arena_cstr() of a string that lives as long as the extractor: the copy
 * made for an earlier claim of this result when there is one. */
static const char *arena_intern_slow(claimx_result *r, const char *s, size_t h)
{
    const char *c = arena_cstr(r, s);
    if (c) {
        r->interned[h].from = s;
        r->interned[h].copy = c;
    }
    return c;
}

static inline const char *arena_intern(claimx_result *r, const char *s)
{
    if (!s)
        return NULL;
    size_t h = ((uintptr_t)s >> 3) * 0x9E3779B97F4A7C15ull >> 58; /* 6 bits: 64 slots */
    if (r->interned[h].from == s)
        return r->interned[h].copy;
    return arena_intern_slow(r, s, h);
}

/* Room for one more claim in w's result. */
static int claims_room(cx_work *w)
{
    claimx_result *r = w->res;
    if (r->n == r->cap) {
        /* first room for the claims of a usual text at once (news: about one
         * claim every 60 bytes, entities mostly), so that most results never
         * grow (each growth copied the claims found so far) */
        size_t first = w->text->norm_len / 48 + 32;
        size_t nc = r->cap ? r->cap * 2 : first < 4096 ? first : 4096;
        claimx_claim *v = realloc(r->claims, nc * sizeof *v);
        if (!v)
            return CLAIMX_ENOMEM;
        r->claims = v;
        r->cap = nc;
    }
    return CLAIMX_OK;
}

int cx_emit(cx_work *w, const cx_claim_in *in)
{
    claimx_result *r = w->res;
    if (claims_room(w) != CLAIMX_OK)
        return CLAIMX_ENOMEM;
    claimx_claim *c = &r->claims[r->n];
    /* every field is written below (no memset: it was a rep stos, whose
     * start cost more than the stores; a field added to claimx_claim is
     * caught by the _Static_assert before cx_emit_entity()) */
    c->kind = in->kind;
    c->bound = in->bound;
    c->period = in->period;
    c->entity_type = in->entity_type;
    cx_map_span(w->text, in->nstart, in->nend, &c->start, &c->end);
    if (c->end < c->start)
        c->end = c->start;
    if (in->value.ndigits == 0) { /* entities, and any zero: no conversion */
        c->value = 0;
        c->value_exact = "0";
    } else {
        char num[3 * CX_DEC_MAX + 64];
        size_t nl = cx_dec_to_string(&in->value, num, sizeof num);
        if (nl > sizeof num - 1)
            nl = sizeof num - 1; /* (as written: cut to the buffer) */
        c->value = cx_dec_to_double(&in->value);
        if (nl < 16) {
            /* (nearly every amount) sixteen bytes at once, from num and into
             * the arena's room: the string, its NUL and CX_TEXT_SLACK - 1
             * zeros written after. A copy of a length the compiler can bound
             * became a rep movsq, whose start costs more than the copy. */
            _Static_assert(CX_TEXT_SLACK >= 16 && sizeof num >= 16, "value_exact: one 16-byte copy");
            char *p = arena_alloc(r, nl + 1);
            if (p) {
                memcpy(p, num, 16);
                memset(p + nl, 0, CX_TEXT_SLACK);
            }
            c->value_exact = p;
        } else {
            c->value_exact = arena_str(r, num, nl);
        }
    }
    c->text = arena_str(r, w->text->orig + c->start, c->end - c->start);
    c->currency = arena_intern(r, in->currency);
    c->lang = arena_intern(r, in->lang);
    c->rule = arena_intern(r, in->rule);
    c->model = arena_intern(r, in->model);
    c->vendor = arena_intern(r, in->vendor);
    if (!c->value_exact || !c->text || (in->currency && !c->currency) || (in->lang && !c->lang) ||
        (in->rule && !c->rule) || (in->model && !c->model) || (in->vendor && !c->vendor))
        return CLAIMX_ENOMEM;
    r->n++;
    return CLAIMX_OK;
}

/* cx_emit() of an entity claim (cx_entities_doc: one a mention, most of the
 * claims of a text): the same claim, without the fields an entity leaves
 * empty (value, currency, model, vendor: cx_emit sets value 0 and "0", NULL
 * strings) and without clearing what is written anyway. */
/* (cx_emit_entity writes every field of claimx_claim one by one: a field
 * added to the struct must be added there too) */
_Static_assert(sizeof(claimx_claim) == 4 * sizeof(int32_t) + 2 * sizeof(size_t) + sizeof(double) + 7 * sizeof(char *),
               "claimx_claim changed: update cx_emit_entity()");
int cx_emit_entity(cx_work *w, int entity_type, size_t nstart, size_t nend, const char *lang, const char *rule)
{
    claimx_result *r = w->res;
    if (claims_room(w) != CLAIMX_OK)
        return CLAIMX_ENOMEM;
    size_t os, oe;
    cx_map_span(w->text, nstart, nend, &os, &oe);
    if (oe < os)
        oe = os;
    const char *text = arena_str(r, w->text->orig + os, oe - os);
    const char *l = arena_intern(r, lang), *ru = arena_intern(r, rule);
    if (!text || (lang && !l) || (rule && !ru))
        return CLAIMX_ENOMEM;
    claimx_claim *c = &r->claims[r->n++]; /* (every field, as cx_emit leaves them) */
    c->kind = CLAIMX_ENTITY;
    c->bound = 0;
    c->period = 0;
    c->entity_type = entity_type;
    c->start = os;
    c->end = oe;
    c->value = 0;
    c->value_exact = "0";
    c->currency = NULL;
    c->text = text;
    c->lang = l;
    c->rule = ru;
    c->model = NULL;
    c->vendor = NULL;
    return CLAIMX_OK;
}

size_t claimx_result_count(const claimx_result *res) { return res ? res->n : 0; }

const claimx_claim *claimx_result_get(const claimx_result *res, size_t i)
{
    if (!res || i >= res->n)
        return NULL;
    return &res->claims[i];
}

const char *claimx_result_lang(const claimx_result *res) { return res ? res->lang : NULL; }
uint32_t claimx_result_flags(const claimx_result *res) { return res ? res->flags : 0; }

void cx_result_stats(const claimx_result *res, cx_stats *out)
{
    if (res)
        *out = res->stats;
    else
        memset(out, 0, sizeof *out);
}

static void ent_mem_free(cx_ent_mem *m)
{
    free(m->tv);
    free(m->mv);
    free(m->nv);
    free(m->fold);
    memset(m, 0, sizeof *m);
}

static void free_blocks(block *b)
{
    while (b) {
        block *n = b->next;
        free(b);
        b = n;
    }
}

void claimx_result_free(claimx_result *res)
{
    if (!res)
        return;
    free_blocks(res->blocks);
    free_blocks(res->spare);
    free(res->claims);
    free(res->alt);
    free(res->keys);
    ent_mem_free(&res->ent);
    free(res);
}

/* res as a new result, empty, keeping its memory: the claims array, the
 * string blocks (emptied, on the spare list) and the working buffers. */
static void result_reset(claimx_result *res)
{
    if (res->blocks) {
        block *b = res->blocks;
        while (b->next)
            b = b->next;
        b->next = res->spare;
        res->spare = res->blocks;
        res->blocks = NULL;
    }
    res->n = 0;
    res->flags = 0;
    memset(&res->stats, 0, sizeof res->stats);
    /* the copies interned point into the blocks, now empty */
    memset(res->interned, 0, sizeof res->interned);
    snprintf(res->lang, sizeof res->lang, "und");
}

/* What only the next claimx_extract_into() would use: released from a
 * result of claimx_extract(), which keeps no more than it did before. */
static void result_trim(claimx_result *res)
{
    free_blocks(res->spare);
    res->spare = NULL;
    free(res->alt);
    res->alt = NULL;
    res->alt_cap = 0;
    free(res->keys);
    res->keys = NULL;
    res->keys_cap = 0;
}

void claimx_string_free(char *s) { free(s); }

/* ---------- the pipeline ---------- */

/* Claims in order of start offset; at one offset, longer first, then by kind.
 * Every kind emits its claims in order, so ties are rare and the key is total
 * enough for a stable-looking result. */
static int claim_order(const void *a, const void *b)
{
    const claimx_claim *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    return (x->kind > y->kind) - (x->kind < y->kind);
}

/* Sorting the claims into claim_order(), stably. The kinds emit runs that
 * are already in order (a sentence's money, its GPU counts, the document's
 * entities: the last run, most of the claims), so the claims before the last
 * run are sorted by a natural merge sort of small keys, which finds few runs
 * to merge, and then merged with the last run as the claims move once. A
 * stable sort's order is unique (equal keys keep their order), so this is
 * the order of a merge sort of all the claims. */
typedef struct skey {
    size_t start, end;
    int32_t kind;
    uint32_t i;
} skey;

static inline bool key_after(const skey *a, const skey *b) /* claim_order(a, b) > 0 */
{
    if (a->start != b->start)
        return a->start > b->start;
    if (a->end != b->end)
        return a->end < b->end;
    return a->kind > b->kind;
}

static int sort_claims(claimx_result *r)
{
    size_t n = r->n;
    size_t runs = 1, last = 0; /* last: where the last run starts */
    for (size_t i = 1; i < n; i++)
        if (claim_order(&r->claims[i - 1], &r->claims[i]) > 0) {
            runs++;
            last = i;
        }
    if (runs == 1)
        return CLAIMX_OK;
    if (n > UINT32_MAX)
        return CLAIMX_ENOMEM; /* more claims than a 4 GiB text can hold */
    size_t p = last; /* the claims before the last run: runs - 1 runs */
    /* the keys and the sorted claims go into the result's buffers, kept for
     * its next document (claimx_extract_into) */
    if (r->keys_cap < 2 * p) {
        free(r->keys);
        r->keys_cap = 0;
        r->keys = malloc(2 * p * sizeof(skey));
        if (!r->keys)
            return CLAIMX_ENOMEM;
        r->keys_cap = 2 * p;
    }
    if (r->alt_cap < n) {
        free(r->alt);
        r->alt_cap = 0;
        r->alt = malloc(n * sizeof *r->alt);
        if (!r->alt)
            return CLAIMX_ENOMEM;
        r->alt_cap = n;
    }
    skey *k = r->keys;
    claimx_claim *out = r->alt;
    const claimx_claim *c = r->claims;
    for (size_t i = 0; i < p; i++)
        k[i] = (skey){c[i].start, c[i].end, c[i].kind, (uint32_t)i};
    skey *a = k, *b = k + p;
    runs--;
    while (runs > 1) {
        /* merge each pair of neighbouring runs of a into b */
        size_t i = 0, o = 0;
        runs = 0;
        while (i < p) {
            size_t m = i + 1;
            while (m < p && !key_after(&a[m - 1], &a[m]))
                m++;
            size_t e = m < p ? m + 1 : p;
            while (e < p && !key_after(&a[e - 1], &a[e]))
                e++;
            size_t x = i, y = m;
            while (x < m && y < e)
                b[o++] = key_after(&a[x], &a[y]) ? a[y++] : a[x++]; /* ties: the earlier run first */
            while (x < m)
                b[o++] = a[x++];
            while (y < e)
                b[o++] = a[y++];
            runs++;
            i = e;
        }
        skey *t = a;
        a = b;
        b = t;
    }
    /* the sorted claims before the last run with the last run (ties: the
     * claims before it first) */
    size_t x = 0, y = last, o = 0;
    while (x < p && y < n) {
        skey ky = {c[y].start, c[y].end, c[y].kind, 0};
        if (key_after(&a[x], &ky))
            out[o++] = c[y++];
        else
            out[o++] = c[a[x++].i];
    }
    while (x < p)
        out[o++] = c[a[x++].i];
    if (y < n)
        memcpy(out + o, c + y, (n - y) * sizeof *out);
    size_t out_cap = r->alt_cap;
    r->alt = r->claims;
    r->alt_cap = r->cap;
    r->claims = out;
    r->cap = out_cap;
    return CLAIMX_OK;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Close the stage that began at *t0 (when timing) and start the next one. */
static inline void stage(cx_stage_times *st, int which, uint64_t *t0)
{
    if (!st)
        return;
    uint64_t t = now_ns();
    st->ns[which] += t - *t0;
    *t0 = t;
}

int cx_branch_callout(pcre2_callout_block *cb, void *data)
{
    int want = *(const int *)data;
    if (want == 0 || cb->callout_number == (uint32_t)want)
        return 0;
    /* 1: this branch fails. Past the wanted branch, that branch has failed
     * (the branches are the alternatives of the pattern's top group, tried
     * in order, and the match is anchored), and so would every branch left:
     * end the match at once instead of paying their callouts. */
    return cb->callout_number > (uint32_t)want ? PCRE2_ERROR_NOMATCH : 1;
}

bool cx_jit_grow(const cx_match_env *env)
{
    *env->jit = pcre2_jit_stack_create(32 * 1024, env->jit_max, NULL);
    if (!*env->jit)
        return false;
    pcre2_jit_stack_assign(env->mctx, NULL, *env->jit);
    return true;
}

int claimx_extract(const claimx_extractor *ex, const char *text, size_t len, claimx_result **out)
{
    return cx_extract_timed(ex, text, len, out, NULL);
}

int claimx_extract_into(const claimx_extractor *ex, const char *text, size_t len, claimx_result **res)
{
    return cx_extract_into_timed(ex, text, len, res, NULL);
}

static int extract_run(const claimx_extractor *ex, const char *text, size_t len, claimx_result *res,
                       bool keep, cx_stage_times *times, uint64_t t0);

static claimx_result *result_new(void)
{
    claimx_result *res = calloc(1, sizeof *res);
    if (res)
        snprintf(res->lang, sizeof res->lang, "und");
    return res;
}

int cx_extract_timed(const claimx_extractor *ex, const char *text, size_t len, claimx_result **out,
                     cx_stage_times *times)
{
    uint64_t t0 = times ? now_ns() : 0;
    if (out)
        *out = NULL;
    if (!out)
        return CLAIMX_EINVAL;
    claimx_result *res = result_new();
    if (!res)
        return CLAIMX_ENOMEM;
    int rc = extract_run(ex, text, len, res, false, times, t0);
    if (rc != CLAIMX_OK) {
        claimx_result_free(res);
        return rc;
    }
    result_trim(res);
    *out = res;
    return CLAIMX_OK;
}

int cx_extract_into_timed(const claimx_extractor *ex, const char *text, size_t len, claimx_result **res,
                          cx_stage_times *times)
{
    uint64_t t0 = times ? now_ns() : 0;
    if (!res)
        return CLAIMX_EINVAL;
    if (*res)
        result_reset(*res);
    else if (!(*res = result_new()))
        return CLAIMX_ENOMEM;
    int rc = extract_run(ex, text, len, *res, true, times, t0);
    if (rc != CLAIMX_OK)
        result_reset(*res); /* valid and empty; the memory stays for the next call */
    return rc;
}

/* The pipeline over text[0 .. len) into res, empty, after checking the
 * arguments (ex, text NULL only when len is 0, len within the extractor's
 * maximum). On failure res may hold part of the claims (the caller empties
 * or frees it). keep: the working
 * memory the stages can keep goes into res for its next document
 * (claimx_extract_into); else it is freed as each stage ends. */
static int extract_run(const claimx_extractor *ex, const char *text, size_t len, claimx_result *res,
                       bool keep, cx_stage_times *times, uint64_t t0)
{
    if (!ex || (!text && len))
        return CLAIMX_EINVAL;
    if (len > ex->max_input)
        return CLAIMX_ETOOBIG;
    if (!text)
        text = "";
    cx_text t;
    bool plain;
    int rc = cx_validate(text, len, ex->flags, &plain);
    stage(times, CX_ST_VALIDATE, &t0);
    if (rc == CLAIMX_OK)
        rc = cx_normalise_valid(ex->nfkc, text, len, ex->flags, plain, &t);
    stage(times, CX_ST_NORMALISE, &t0);
    if (rc != CLAIMX_OK)
        return rc;
    cx_spans paras = {0}, sents = {0};
    int *plang = NULL;
    pcre2_match_context *mctx = NULL;
    pcre2_jit_stack *jit = NULL;
    pcre2_match_data *md = NULL;
    size_t *lang_bytes = NULL;
    cx_toks toks = {0};
    cx_items items = {0};
    size_t item_at = 0;
    cx_toks ptoks = {0}; /* tokens of the paragraphs walked in a language taken beforehand */
    size_t ptok_at = 0;

    rc = cx_paragraphs(t.norm, t.norm_len, &paras);
    if (rc == CLAIMX_OK)
        rc = cx_sentences(ex->sentences, t.norm, t.norm_len, &paras, &sents);
    stage(times, CX_ST_SEGMENT, &t0);
    if (rc != CLAIMX_OK)
        goto done;

    /* language of each paragraph; short ones take the document's */
    plang = calloc(2 * (paras.n + 1), sizeof *plang);
    lang_bytes = calloc(ex->pat.nlangs + 1, sizeof *lang_bytes);
    if (!plang || !lang_bytes) {
        rc = CLAIMX_ENOMEM;
        goto done;
    }
    /* one pass: each paragraph's evidence, summed over the first 64 KB for
     * the document's language, which short paragraphs take */
    int doc = ex->forced;
    /* one walk of each paragraph gives its language evidence and the tokens
     * of its sentences (cx_scan_para): not when the language is forced (no
     * evidence needed) */
    bool fused = ex->forced < 0 && ex->pat.fuse;
    size_t fused_np = 0; /* the paragraphs walked so: the first ones, while the items stay few */
    /* pspec[p]: the language paragraph p was walked in (cx_scan_para_lang),
     * -1 when its items were kept for every language (cx_scan_para). The
     * guess is the previous paragraph's language when its own evidence was
     * enough, else the one the document's evidence so far gives (what doc
     * would be if the document ended there); the first paragraph keeps its
     * items.
     * A sentence of a paragraph whose language turns out other than the
     * guess is scanned alone (cx_scan). */
    int *pspec = plang + paras.n + 1;
    int spec = -1;
    /* spec_hits: how many guesses in a row were the language of their
     * paragraph (of the paragraphs with evidence enough, walked in the guess
     * or not). A paragraph is walked in the guess only after two: in a
     * document whose paragraphs change language (as the bench's do) a wrong
     * guess costs the paragraph's sentences a second walk (cx_scan), its
     * items (cx_scan_para) only a look-up of each item's row
     * (cx_scan_items). Either way the same tokens. */
    unsigned spec_hits = 2;
    if (fused && paras.n > 1) {
        /* room for the tokens of a usual text (one every 15 bytes or so) at once */
        size_t cap = t.norm_len / 12 + 64;
        ptoks.v = malloc((cap < CX_FUSE_MAX_ITEMS ? cap : CX_FUSE_MAX_ITEMS) * sizeof *ptoks.v);
        if (!ptoks.v) {
            rc = CLAIMX_ENOMEM;
            goto done;
        }
        ptoks.cap = cap < CX_FUSE_MAX_ITEMS ? cap : CX_FUSE_MAX_ITEMS;
    }
    if (ex->forced < 0) {
        size_t dcounts[32] = {0};
        size_t ncounts = ex->pat.nlangs < 32 ? ex->pat.nlangs : 32;
        for (size_t p = 0; p < paras.n; p++) {
            size_t counts[32]; /* the walks and cx_lang_pick() touch only the first ncounts */
            memset(counts, 0, ncounts * sizeof *counts);
            int score;
            if (fused && items.n + ptoks.n < CX_FUSE_MAX_ITEMS &&
                paras.v[p].end - paras.v[p].start <= CX_FUSE_MAX_PARA && fused_np == p) {
                int walk = spec >= 0 && spec_hits >= 2 ? spec : -1;
                if (walk >= 0)
                    rc = cx_scan_para_lang(&ex->pat, walk, t.norm, paras.v[p].start, paras.v[p].end, t.norm_len,
                                           &ptoks, counts);
                else
                    rc = cx_scan_para(&ex->pat, t.norm, paras.v[p].start, paras.v[p].end, &items, counts);
                if (rc != CLAIMX_OK)
                    goto done;
                pspec[p] = walk;
                fused_np = p + 1;
            } else {
                cx_lang_count(&ex->pat, t.norm + paras.v[p].start, paras.v[p].end - paras.v[p].start, counts);
            }
            int pl = cx_lang_pick(&ex->pat, counts, &score);
            plang[p] = pl >= 0 && score >= 2 ? pl : -1;
            if (paras.v[p].start < 65536) {
                for (size_t L = 0; L < ex->pat.nlangs && L < 32; L++)
                    dcounts[L] += counts[L];
            }
            /* the guess for the next paragraph: this one's language when its
             * evidence is enough (as its neighbours' often is), else the
             * document's so far */
            if (fused) {
                if (spec >= 0 && plang[p] >= 0)
                    spec_hits = spec == plang[p] ? spec_hits + (spec_hits < 2) : 0;
                spec = plang[p] >= 0 ? plang[p] : cx_lang_pick(&ex->pat, dcounts, &score);
            }
        }
        int score;
        doc = cx_lang_pick(&ex->pat, dcounts, &score);
        if (doc < 0)
            doc = ex->fallback;
    }
    for (size_t p = 0; p < paras.n; p++) {
        if (ex->forced >= 0 || plang[p] < 0)
            plang[p] = doc;
        lang_bytes[plang[p]] += paras.v[p].end - paras.v[p].start;
    }
    if (paras.n) {
        size_t best = 0;
        for (size_t L = 1; L < ex->pat.nlangs; L++)
            if (lang_bytes[L] > lang_bytes[best])
                best = L;
        snprintf(res->lang, sizeof res->lang, "%s", ex->pat.langs[best].code);
    }
    stage(times, CX_ST_LANGID, &t0);

    mctx = pcre2_match_context_copy(ex->mctx);
    md = pcre2_match_data_create(ex->pat.max_groups ? ex->pat.max_groups : 1, NULL);
    if (!mctx || !md) {
        rc = CLAIMX_ENOMEM;
        goto done;
    }
    int branch = 0;
    pcre2_set_callout(mctx, cx_branch_callout, &branch);
    cx_money_memo money_memo;
    memset(&money_memo, 0, sizeof money_memo);

    cx_work w = {ex, &t, res, times};
    stage(times, CX_ST_RESULT, &t0);
    for (size_t s = 0; s < sents.n && rc == CLAIMX_OK; s++) {
        int sl = plang[sents.v[s].para];
        const cx_lang *L = &ex->pat.langs[sl];
        const cx_toks *tk = &toks;
        cx_toks view;
        /* a sentence of ICU's may cut a word: cx_scan() reads it alone */
        if ((size_t)sents.v[s].para < fused_np && !sents.v[s].icu && pspec[sents.v[s].para] < 0) {
            rc = cx_scan_items(&ex->pat, sl, t.norm, &items, &item_at, sents.v[s].start, sents.v[s].end, &toks);
        } else if ((size_t)sents.v[s].para < fused_np && !sents.v[s].icu && pspec[sents.v[s].para] == sl) {
            cx_toks_slice(&ptoks, &ptok_at, sents.v[s].start, sents.v[s].end, &view);
            tk = &view;
        } else {
            rc = cx_scan(L, t.norm, sents.v[s].start, sents.v[s].end, &toks);
        }
        stage(times, CX_ST_SCAN, &t0);
        if (rc != CLAIMX_OK)
            break;
        cx_match_env env = {
            .lang = L,
            .text = t.norm,
            .start = sents.v[s].start,
            .end = sents.v[s].end,
            .toks = tk,
            .md = md,
            .mctx = mctx,
            .limit_flags = &res->flags,
            .stats = &res->stats,
            .jit = &jit,
            .jit_max = ex->jit_stack_max,
            .branch = &branch,
            .money_memo = &money_memo,
        };
        res->stats.sentences++;
        if (ex->kinds & CLAIMX_KIND_BIT(CLAIMX_MONEY))
            rc = cx_money_run(&w, &env);
        stage(times, CX_ST_MONEY, &t0);
        if (rc == CLAIMX_OK && (ex->kinds & CLAIMX_KIND_BIT(CLAIMX_GPU_COUNT)))
            rc = cx_gpu_run(&w, &env);
        stage(times, CX_ST_GPU, &t0);
    }
    if (rc == CLAIMX_OK && (ex->kinds & CLAIMX_KIND_BIT(CLAIMX_ENTITY)))
        rc = cx_entities_doc(&w, &ex->pat, t.norm, t.norm_len, &sents, plang, keep ? &res->ent : NULL);
    stage(times, CX_ST_ENTITY, &t0);
    if (rc == CLAIMX_OK && res->n > 1)
        rc = sort_claims(res);
    stage(times, CX_ST_RESULT, &t0);

done:
    cx_toks_free(&toks);
    cx_items_free(&items);
    cx_toks_free(&ptoks);
    pcre2_match_data_free(md);
    pcre2_jit_stack_free(jit);
    pcre2_match_context_free(mctx);
    free(plang);
    free(lang_bytes);
    cx_spans_free(&paras);
    cx_spans_free(&sents);
    cx_text_free(&t);
    return rc;
}

/* ---------- one-call JSON API ---------- */

int cx_parse_kinds(const char *s, size_t n, uint32_t *kinds)
{
    uint32_t k = 0;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ',')
            j++;
        size_t l = j - i;
        if (l == 5 && !memcmp(s + i, "money", 5))
            k |= CLAIMX_KIND_BIT(CLAIMX_MONEY);
        else if ((l == 3 && !memcmp(s + i, "gpu", 3)) || (l == 9 && !memcmp(s + i, "gpu_count", 9)))
            k |= CLAIMX_KIND_BIT(CLAIMX_GPU_COUNT);
        else if ((l == 6 && !memcmp(s + i, "entity", 6)) || (l == 8 && !memcmp(s + i, "entities", 8)))
            k |= CLAIMX_KIND_BIT(CLAIMX_ENTITY);
        else if (l == 3 && !memcmp(s + i, "all", 3))
            k |= CLAIMX_KINDS_ALL;
        else
            return CLAIMX_EINVAL;
        i = j + 1;
    }
    if (!k)
        return CLAIMX_EINVAL;
    *kinds = k;
    return CLAIMX_OK;
}

static char *json_error(int code, const char *msg)
{
    cx_buf b = {0};
    cx_buf_puts(&b, "{\"error\": ");
    cx_json_string(&b, msg, strlen(msg));
    cx_buf_printf(&b, ", \"code\": %d}", code);
    return cx_buf_take(&b);
}

char *claimx_extract_json(const char *text, size_t len, const char *options_json)
{
    claimx_options o;
    claimx_options_init(&o);
    char *lang = NULL;
    if (options_json && *options_json) {
        size_t n = strlen(options_json), vl;
        const char *v;
        size_t i = 0;
        while (i < n && (options_json[i] == ' ' || options_json[i] == '\n'))
            i++;
        if (i == n || options_json[i] != '{')
            return json_error(CLAIMX_EINVAL, "options_json is not a JSON object");
        if ((v = cx_json_find(options_json, n, "lang", &vl))) {
            if (!(vl == 4 && !memcmp(v, "null", 4))) {
                lang = cx_json_unescape(v, vl, NULL);
                if (!lang)
                    return json_error(CLAIMX_EINVAL, "option \"lang\" must be a string");
                o.lang = lang;
            }
        }
        if ((v = cx_json_find(options_json, n, "kinds", &vl))) {
            size_t kl;
            char *k = cx_json_unescape(v, vl, &kl);
            int rc = k ? cx_parse_kinds(k, kl, &o.kinds) : CLAIMX_EINVAL;
            free(k);
            if (rc != CLAIMX_OK) {
                free(lang);
                return json_error(CLAIMX_EINVAL, "option \"kinds\" must be a string like \"money,gpu,entity\"");
            }
        }
        if ((v = cx_json_find(options_json, n, "replace_invalid", &vl)) && vl == 4 && !memcmp(v, "true", 4))
            o.flags |= CLAIMX_OPT_REPLACE_INVALID;
    }
    claimx_extractor *ex;
    char *err = NULL;
    int rc = claimx_extractor_new(&o, &ex, &err);
    free(lang);
    if (rc != CLAIMX_OK) {
        char *r = json_error(rc, err ? err : claimx_strerror(rc));
        claimx_string_free(err);
        return r;
    }
    claimx_result *res;
    rc = claimx_extract(ex, text, len, &res);
    claimx_extractor_free(ex);
    if (rc != CLAIMX_OK)
        return json_error(rc, claimx_strerror(rc));
    char *out = NULL;
    rc = claimx_result_to_json(res, &out, NULL);
    claimx_result_free(res);
    if (rc != CLAIMX_OK)
        return json_error(rc, claimx_strerror(rc));
    return out;
}
