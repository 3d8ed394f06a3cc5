/*
 * gpu.c - counts of GPUs and GPU-class accelerators (issue 3). The rules are
 * data (patterns/common/gpu.pat, patterns/<lang>/gpu.pat) and so are the
 * words (gpu_units, gpu_chips, gpu_models, gpu_vendors, ... .txt); this
 * module decides where to run the rules and turns their matches into claims.
 *
 * Cheap check first: the rules only run on a sentence holding a GPU word (a
 * unit word, a chip word or a model name, looked up token by token in the
 * language's lists), and only from a little before the first such word.
 * Each match then becomes a candidate when its count parses; overlapping
 * candidates are resolved leftmost, then longest.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "internal.h"

/* Bytes before the first GPU word where a count (and its bound word) may start:
 * "environ 4 096 puces", "ongeveer 2.000 grafische kaarten". */
#define GPU_BEFORE 96

typedef struct gpu_lists {
    const cx_map *units, *chips, *models, *vendors;
} gpu_lists;

static void get_lists(const cx_lang *L, gpu_lists *g)
{
    g->units = cx_lang_list(L, "gpu_units");
    g->chips = cx_lang_list(L, "gpu_chips");
    g->models = cx_lang_list(L, "gpu_models");
    g->vendors = cx_lang_list(L, "gpu_vendors");
}

/* Next word token in [i, end): a run of letters and digits. Returns false at the end. */
static bool next_token(const char *text, size_t i, size_t end, size_t *a, size_t *b)
{
    const unsigned char *t = (const unsigned char *)text;
    while (i < end) {
        unsigned char c = t[i];
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            break;
        if (c >= '0' && c <= '9')
            break;
        if (c >= 0x80) {
            uint32_t cp;
            size_t k = cx_utf8_valid_seq(t + i, end - i, &cp);
            if (k && u_isalnum((UChar32)cp))
                break;
            i += k ? k : 1;
            continue;
        }
        i++;
    }
    if (i >= end)
        return false;
    *a = i;
    while (i < end) {
        unsigned char c = t[i];
        if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9')) {
            i++;
        } else if (c >= 0x80) {
            uint32_t cp;
            size_t k = cx_utf8_valid_seq(t + i, end - i, &cp);
            if (!k || !u_isalnum((UChar32)cp))
                break;
            i += k;
        } else {
            break;
        }
    }
    *b = i;
    return true;
}

enum { GW_NONE = 0, GW_WEAK = 1, GW_STRONG = 2 };

/* Is key[0..n) (folded) a GPU word? GW_STRONG for a unit or a model,
 * GW_WEAK for a chip word. A plural s is tried off for models (H100s). */
static int gpu_word(const gpu_lists *g, const char *key, size_t n)
{
    if (n == 0)
        return GW_NONE;
    if (cx_map_get(g->units, key, n) || cx_map_get(g->models, key, n))
        return GW_STRONG;
    if (n > 2 && key[n - 1] == 's' && key[n - 2] >= '0' && key[n - 2] <= '9' && cx_map_get(g->models, key, n - 1))
        return GW_STRONG;
    if (cx_map_get(g->chips, key, n))
        return GW_WEAK;
    return GW_NONE;
}

static bool long_name(const gpu_lists *g, const char *key, size_t n)
{
    return cx_map_get(g->units, key, n) || cx_map_get(g->models, key, n);
}

/* Scan [from, end) for GPU words. Returns the start of the first one (or
 * (size_t)-1) and in *wend the end of its token; *strong is set when a unit
 * word or a model is seen. With stop_first, returns at the first word found;
 * otherwise at the first strong one. Names of several words are looked up
 * as a whole: two words ("processeurs graphiques", "Ascend 910B"), or three
 * or four with a short word inside ("placas de vídeo", "unités de traitement
 * graphique"). */
static size_t scan_words(const cx_match_env *env, const gpu_lists *g, size_t from, size_t end, bool stop_first,
                         bool *strong, size_t *wend)
{
    size_t a, b;
    size_t ta[4] = {0}, tb[4] = {0}; /* the previous tokens, [0] the latest */
    int nprev = 0;
    *strong = false;
    char key[128];
    while (next_token(env->text, from, end, &a, &b)) {
        from = b;
        int w = GW_NONE;
        size_t ws = a;
        if (b - a < 40) {
            size_t kl = cx_fold_key(env->text + a, b - a, key, sizeof key);
            w = gpu_word(g, key, kl);
            bool short_inside = false;
            for (int k = 1; w == GW_NONE && k <= nprev && k <= 3; k++) {
                size_t s0 = ta[k - 1];
                size_t next = k == 1 ? a : ta[k - 2];
                if (b - s0 > 60 || next - tb[k - 1] > 2)
                    break; /* too long, or not separated by one space or hyphen */
                if (k >= 2 && tb[k - 2] - ta[k - 2] <= 3)
                    short_inside = true;
                if (k >= 2 && !short_inside)
                    continue;
                kl = cx_fold_key(env->text + s0, b - s0, key, sizeof key);
                if (long_name(g, key, kl)) {
                    w = GW_STRONG;
                    ws = s0;
                }
            }
        }
        memmove(ta + 1, ta, 3 * sizeof *ta);
        memmove(tb + 1, tb, 3 * sizeof *tb);
        ta[0] = a;
        tb[0] = b;
        if (nprev < 4)
            nprev++;
        if (w == GW_NONE)
            continue;
        if (w == GW_STRONG)
            *strong = true;
        if (stop_first || *strong) {
            *wend = b;
            return ws;
        }
    }
    return (size_t)-1;
}

static bool year_like(const cx_dec *d)
{
    if (d->exp != 0 || d->ndigits != 4)
        return false;
    int y = 0;
    for (int i = 0; i < 4; i++)
        y = y * 10 + (d->digits[i] - '0');
    return y >= 1990 && y <= 2039;
}

static bool has_digit(const char *s)
{
    for (; *s; s++)
        if (*s >= '0' && *s <= '9')
            return true;
    return false;
}

typedef struct gcand {
    size_t s, e;
    cx_claim_in c;
} gcand;

/* Build the claim of one match; false when the match is no GPU count.
 * *needs_context is set for a bare chip word ("8,960 chips"). */
static bool build(const cx_match_env *env, const gpu_lists *gl, const cx_rule *r, const cx_groups *g, gcand *c,
                  bool *needs_context)
{
    const cx_lang *L = env->lang;
    const char *t = env->text;
    memset(c, 0, sizeof *c);
    *needs_context = false;
    if (!g->set[CX_G_NUM])
        return false;
    cx_dec d;
    bool article;
    if (!cx_parse_amount(L, t, g->a[CX_G_NUM], g->b[CX_G_NUM], &d, &article) || article || d.neg)
        return false; /* "un GPU", "an H100": an article is no count */
    if (g->set[CX_G_SCALE]) {
        const cx_entry *e = cx_map_lookup(&L->scales, t + g->a[CX_G_SCALE], g->b[CX_G_SCALE] - g->a[CX_G_SCALE]);
        if (!e)
            return false;
        d.exp += (int)e->val;
    }
    if (d.ndigits == 0 || d.exp < 0)
        return false; /* zero or a fraction of a GPU */

    int mk = g->set[CX_G_MODEL] ? CX_G_MODEL : g->set[CX_G_MODEL2] ? CX_G_MODEL2 : -1;
    int vk = g->set[CX_G_VENDOR] ? CX_G_VENDOR : g->set[CX_G_VENDOR2] ? CX_G_VENDOR2 : -1;
    const cx_entry *model = mk >= 0 ? cx_map_lookup(gl->models, t + g->a[mk], g->b[mk] - g->a[mk]) : NULL;
    const cx_entry *vendor = vk >= 0 ? cx_map_lookup(gl->vendors, t + g->a[vk], g->b[vk] - g->a[vk]) : NULL;
    bool unit = g->set[CX_G_UNIT], chip = g->set[CX_G_CHIP];

    if (!unit && !chip) {
        /* the model stands for the units: "10 000 H800"; an architecture
         * name alone needs a vendor ("20 000 Hopper" is too vague) */
        if (!model || (!has_digit(model->canon) && !vendor))
            return false;
    }
    if (chip && !unit && !model && !vendor && !g->set[CX_G_AI])
        *needs_context = true;
    /* "in 2024 Blackwell GPUs": a year, unless the unit word follows it at once */
    if (!g->set[CX_G_BOUND] && !g->set[CX_G_SCALE] && year_like(&d)) {
        int uk = unit ? CX_G_UNIT : chip ? CX_G_CHIP : -1;
        if (uk < 0 || g->a[uk] > g->b[CX_G_NUM] + 2)
            return false;
    }

    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(env->md);
    c->s = g->a[CX_G_NUM];
    c->e = ov[1];
    if (c->e <= c->s)
        return false;
    int bound = CLAIMX_BOUND_EXACT;
    if (g->set[CX_G_BOUND]) {
        const cx_entry *e = cx_map_lookup(&L->bounds, t + g->a[CX_G_BOUND], g->b[CX_G_BOUND] - g->a[CX_G_BOUND]);
        if (e)
            bound = (int)e->val;
    }
    cx_claim_in *a = &c->c;
    a->kind = CLAIMX_GPU_COUNT;
    a->value = d;
    a->bound = bound;
    a->nstart = c->s;
    a->nend = c->e;
    a->model = model ? model->canon : NULL;
    a->vendor = vendor ? vendor->canon : NULL;
    a->lang = L->code;
    a->rule = r->name;
    return true;
}

static int cmp_cand(const void *x, const void *y)
{
    const gcand *a = x, *b = y;
    if (a->s != b->s)
        return a->s < b->s ? -1 : 1;
    if (a->e != b->e)
        return a->e > b->e ? -1 : 1;
    return 0;
}

/* Bytes after a GPU word where its mention may go on ("GPU de Nvidia Hopper",
 * "kaarten van het type Nvidia A100"). */
#define GPU_AFTER 64

static int run_rules(cx_work *w, const cx_match_env *env, const gpu_lists *gl, size_t from, size_t to,
                     gcand **cands, size_t *n, size_t *cap, gcand *local, int *context)
{
    const cx_lang *L = env->lang;
    for (size_t ri = 0; ri < L->nrules; ri++) {
        const cx_rule *r = &L->rules[ri];
        if (r->kind != CLAIMX_GPU_COUNT)
            continue;
        size_t off = from;
        while (off < to) {
            int m = cx_match(env, r->code, to, off, 0);
            if (m < 0)
                break; /* no match, or a limit: cx_match() flagged it */
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(env->md);
            size_t ms = ov[0], me = ov[1];
            if (me <= ms) {
                off = ms + 1;
                while (off < to && ((unsigned char)env->text[off] & 0xC0) == 0x80)
                    off++;
                continue;
            }
            cx_groups g;
            cx_read_groups(r, env->md, m, &g);
            gcand c;
            bool needs_context;
            bool ok = build(env, gl, r, &g, &c, &needs_context);
            /* a failed match may hide a count inside it ("a 2,000-GPU
             * cluster"): go on right after its number */
            off = ok ? me : (g.set[CX_G_NUM] ? g.b[CX_G_NUM] : me);
            if (off <= ms)
                off = me;
            if (!ok)
                continue;
            if (needs_context) {
                if (*context < 0) {
                    bool s;
                    size_t we;
                    scan_words(env, gl, env->start, env->end, false, &s, &we);
                    *context = s;
                }
                if (!*context)
                    continue;
            }
            if (*n == *cap) {
                size_t nc = *cap * 2;
                gcand *nv = *cands == local ? malloc(nc * sizeof *nv) : realloc(*cands, nc * sizeof *nv);
                if (!nv)
                    return CLAIMX_ENOMEM;
                if (*cands == local)
                    memcpy(nv, local, *cap * sizeof *nv);
                *cands = nv;
                *cap = nc;
            }
            (*cands)[(*n)++] = c;
        }
    }
    (void)w;
    return CLAIMX_OK;
}

int cx_gpu_run(cx_work *w, const cx_match_env *env)
{
    const unsigned char *t = (const unsigned char *)env->text;
    gpu_lists gl;
    get_lists(env->lang, &gl);
    gcand local[16];
    gcand *cands = local;
    size_t n = 0, cap = 16;
    int context = -1; /* does the sentence name a GPU unit or model? -1: not looked yet */
    int rc = CLAIMX_OK;
    size_t pos = env->start, done = env->start;
    bool strong;
    size_t word, wend;
    /* one window per GPU word (merged when they overlap): the count and
     * its bound word before it, the vendor or model after it */
    while (rc == CLAIMX_OK && (word = scan_words(env, &gl, pos, env->end, true, &strong, &wend)) != (size_t)-1) {
        size_t from = word > env->start + GPU_BEFORE ? word - GPU_BEFORE : env->start;
        if (from < done)
            from = done;
        while (from > env->start && (t[from] & 0xC0) == 0x80)
            from--;
        size_t to = wend + GPU_AFTER;
        for (;;) { /* grow the window over the next GPU words in reach */
            size_t nend;
            size_t nw = to < env->end ? scan_words(env, &gl, wend, to, true, &strong, &nend) : (size_t)-1;
            if (nw == (size_t)-1)
                break;
            wend = nend;
            to = wend + GPU_AFTER;
        }
        if (to >= env->end)
            to = env->end;
        while (to < env->end && t[to] != ' ' && t[to] != '\n')
            to++; /* end on a space, never inside a word */
        rc = run_rules(w, env, &gl, from, to, &cands, &n, &cap, local, &context);
        done = to;
        pos = to > wend ? to : wend;
    }
    if (rc != CLAIMX_OK || n == 0)
        goto out;
    /* leftmost wins; at the same start, the longest */
    qsort(cands, n, sizeof *cands, cmp_cand);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (kept && cands[i].s < cands[kept - 1].e)
            continue;
        cands[kept++] = cands[i];
    }
    for (size_t i = 0; i < kept && rc == CLAIMX_OK; i++)
        rc = cx_emit(w, &cands[i].c);
out:
    if (cands != local)
        free(cands);
    return rc;
}
