/*
 * patterns.c - load the pattern data (patterns/README.md), expand the
 * {name} references, build the dictionaries and compile every rule once,
 * with JIT. The files come from the table embedded at build time
 * (build/patterns_data.c) or from a directory given at run time; both are
 * parsed by the same code, so errors always name file:line.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unicode/uchar.h>

#include "internal.h"

/* ---------- cx_buf ---------- */

void cx_buf_put(cx_buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 64;
        while (nc < b->len + n + 1)
            nc *= 2;
        char *p = realloc(b->p, nc);
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = nc;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void cx_buf_puts(cx_buf *b, const char *s) { cx_buf_put(b, s, strlen(s)); }
void cx_buf_putc(cx_buf *b, char c) { cx_buf_put(b, &c, 1); }

void cx_buf_printf(cx_buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        cx_buf_put(b, tmp, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->oom = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    cx_buf_put(b, big, (size_t)n);
    free(big);
}

char *cx_buf_take(cx_buf *b)
{
    if (b->oom) {
        cx_buf_free(b);
        return NULL;
    }
    if (!b->p)
        cx_buf_put(b, "", 0);
    char *p = b->p;
    if (b->oom)
        return NULL;
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}

void cx_buf_free(cx_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* ---------- maps ---------- */

static uint64_t hash_bytes(const char *s, size_t n) { return cx_hash_more(CX_HASH_SEED, s, n); }

const cx_entry *cx_map_get(const cx_map *m, const char *key, size_t n)
{
    if (!m->cap)
        return NULL;
    size_t i = (size_t)hash_bytes(key, n) & (m->cap - 1);
    while (m->keys[i]) {
        if (m->klen[i] == n && memcmp(m->keys[i], key, n) == 0)
            return &m->vals[i];
        i = (i + 1) & (m->cap - 1);
    }
    return NULL;
}

const cx_entry *cx_map_lookup(const cx_map *m, const char *s, size_t n)
{
    char key[256];
    size_t kl = 0, i = 0;
    /* ASCII text folds byte by byte (white space dropped, letters lower-cased),
     * and a key longer than the map's longest is in no map */
    for (; i < n && (unsigned char)s[i] < 0x80; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            continue;
        if (kl >= m->maxkey || kl >= sizeof key - 5)
            return NULL;
        key[kl++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if (i == n) {
        if (kl == 0 || !cx_map_may_key(m, key, kl))
            return NULL;
        return cx_map_get(m, key, kl);
    }
    kl = cx_fold_key(s, n, key, sizeof key);
    if (kl == 0 || kl >= sizeof key - 4)
        return NULL;
    return cx_map_get(m, key, kl);
}

/* The keys of a map live in blocks of its own, newest first (one malloc per
 * key was a quarter of map_put()'s cost at start-up: 14,032 keys). */
struct cx_kblock {
    struct cx_kblock *next;
    size_t used, cap;
    char data[];
};

static char *key_store(cx_map *m, size_t n)
{
    struct cx_kblock *b = m->kblocks;
    if (!b || b->cap - b->used < n) {
        size_t cap = b ? (b->cap < 16384 ? 2 * b->cap : b->cap) : 256; /* small maps stay small */
        if (cap < n)
            cap = n;
        struct cx_kblock *nb = malloc(sizeof *nb + cap);
        if (!nb)
            return NULL;
        nb->next = b;
        nb->used = 0;
        nb->cap = cap;
        m->kblocks = b = nb;
    }
    char *k = b->data + b->used;
    b->used += n;
    return k;
}

static int map_put(cx_map *m, const char *key, size_t n, const cx_entry *e)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 64;
        char **nk = calloc(nc, sizeof *nk);
        uint32_t *nl = calloc(nc, sizeof *nl);
        /* a value is read only at a slot holding a key, which map_put()
         * writes with it: no need to zero the values (a third of map_put()) */
        cx_entry *nv = malloc(nc * sizeof *nv);
        if (!nk || !nv || !nl) {
            free(nk);
            free(nl);
            free(nv);
            return CLAIMX_ENOMEM;
        }
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->keys[i])
                continue;
            size_t j = (size_t)hash_bytes(m->keys[i], m->klen[i]) & (nc - 1);
            while (nk[j])
                j = (j + 1) & (nc - 1);
            nk[j] = m->keys[i];
            nl[j] = m->klen[i];
            nv[j] = m->vals[i];
        }
        free(m->keys);
        free(m->klen);
        free(m->vals);
        m->keys = nk;
        m->klen = nl;
        m->vals = nv;
        m->cap = nc;
    }
    size_t i = (size_t)hash_bytes(key, n) & (m->cap - 1);
    while (m->keys[i]) {
        if (m->klen[i] == n && memcmp(m->keys[i], key, n) == 0) {
            m->vals[i] = *e; /* later (language) entries win */
            return CLAIMX_OK;
        }
        i = (i + 1) & (m->cap - 1);
    }
    char *k = key_store(m, n + 1);
    if (!k)
        return CLAIMX_ENOMEM;
    memcpy(k, key, n);
    k[n] = '\0';
    m->keys[i] = k;
    m->klen[i] = (uint32_t)n;
    if (n) {
        unsigned char f = (unsigned char)key[0], l = (unsigned char)key[n - 1];
        m->first[f >> 3] |= (uint8_t)(1u << (f & 7));
        m->last[l >> 3] |= (uint8_t)(1u << (l & 7));
        cx_map_sig_add(m, key, n);
    }
    m->vals[i] = *e;
    m->n++;
    if (n > m->maxkey)
        m->maxkey = n;
    return CLAIMX_OK;
}

static void map_free(cx_map *m)
{
    while (m->kblocks) {
        struct cx_kblock *b = m->kblocks;
        m->kblocks = b->next;
        free(b);
    }
    free(m->keys);
    free(m->klen);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* ---------- loading state ---------- */

typedef struct def {
    char *scope, *stem, *name, *value;
    size_t nlen; /* strlen(name): find_def() compares it first */
    const char *path;
    int line;
} def;

typedef struct item {
    char *scope, *list, *key, *variant;
    const char *path;
    int line;
    size_t run_end; /* one past the last item of the same file */
    size_t fold_off; /* the folded variant, loader.folds + fold_off, nfold bytes (folded) */
    uint32_t nfold;
    bool folded;
} item;

typedef struct frag {
    char *name, *value;
    char *first; /* the alternation of the units the list's variants start with: same first
                    bytes as value, for the probe of compile_rule (cheap to compile) */
    char *guard; /* "(?=[C])": C the first characters of every variant, for a list of two
                    tries (build_list_frag) that has no such look-ahead of its own; else NULL */
} frag;

/* An anchored rule waiting to be compiled with the other anchored rules of
 * its kind and language (compile_shared): its expanded pattern, before
 * rewrite_lists(), and the word lists it names. */
typedef struct pending {
    size_t rule; /* index in cx_lang.rules */
    const struct def *d;
    cx_buf pat;
    bool used[64];
} pending;

typedef struct loader {
    def *defs;
    size_t ndefs, capdefs;
    item *items;
    size_t nitems, capitems;
    char **strings; /* every string above, freed at the end */
    size_t nstrings, capstrings; /* strings: the blocks keep() carves its copies from */
    char *pool;                  /* the free part of the newest block, pool_left bytes */
    size_t pool_left;
    char **owned_paths;
    size_t npaths;
    cx_file *files;
    size_t nfiles;
    cx_buf err;
    cx_buf folds; /* the folded variants of common items (build_maps), read by every language */
    /* per language while building */
    const char *lang;
    frag *frags;
    size_t nfrags, capfrags;
    bool used[64]; /* word-list fragments referenced by the rule being expanded */
    uint8_t keys_ok; /* CX_KEYS_* lists keys_at() reads soundly, and the numbers
                        grammar is shared (keys_ok_of(), per language) */
    bool follow_ok;  /* every numbers.txt variant starts with a letter */
    size_t capcanon; /* capacity of cx_patterns.canon */
    pending *pend;   /* anchored rules of the language being built, not yet compiled */
    size_t npend;
} loader;

static int fail(loader *ld, const char *path, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(loader *ld, const char *path, int line, const char *fmt, ...)
{
    if (ld->err.len)
        return CLAIMX_EPATTERN;
    char tmp[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (path)
        cx_buf_printf(&ld->err, "%s:%d: %s", path, line, tmp);
    else
        cx_buf_puts(&ld->err, tmp);
    return CLAIMX_EPATTERN;
}

/* A copy of s[0..n) with a NUL, owned by the loader. The copies are carved
 * from blocks of 16 KB (one malloc per string was 1.4M Ir of parse_txt()
 * for 6,221 strings). */
#define CX_KEEP_BLOCK 16384
static char *keep(loader *ld, const char *s, size_t n)
{
    if (n < ld->pool_left) {
        char *p = ld->pool;
        memcpy(p, s, n);
        p[n] = '\0';
        ld->pool += n + 1;
        ld->pool_left -= n + 1;
        return p;
    }
    if (ld->nstrings == ld->capstrings) {
        size_t nc = ld->capstrings ? ld->capstrings * 2 : 256;
        char **v = realloc(ld->strings, nc * sizeof *v);
        if (!v)
            return NULL;
        ld->strings = v;
        ld->capstrings = nc;
    }
    size_t cap = n + 1 > CX_KEEP_BLOCK ? n + 1 : CX_KEEP_BLOCK;
    char *p = malloc(cap);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    ld->strings[ld->nstrings++] = p;
    ld->pool = p + n + 1;
    ld->pool_left = cap - (n + 1);
    return p;
}

static void trim(const char **a, const char **b)
{
    while (*a < *b && isspace((unsigned char)**a))
        (*a)++;
    while (*b > *a && isspace((unsigned char)(*b)[-1]))
        (*b)--;
}

/* A word list variant is trimmed of any white space (Unicode's too): no
 * variant starts or ends with a character \s matches, which the rules rely
 * on ("\s?+" before a list: patterns/common/money.pat). */
static void trim_variant(const char **a, const char **b)
{
    for (;;) {
        trim(a, b);
        uint32_t cp;
        size_t l = *a < *b ? cx_utf8_valid_seq((const unsigned char *)*a, (size_t)(*b - *a), &cp) : 0;
        if (l > 1 && u_isUWhiteSpace((UChar32)cp)) {
            *a += l;
            continue;
        }
        const char *e = *b;
        while (e > *a && ((unsigned char)e[-1] & 0xC0) == 0x80)
            e--;
        if (e > *a && e < *b && (unsigned char)e[-1] >= 0xC0)
            e--;
        l = e < *b && (unsigned char)*e >= 0xC0 ? cx_utf8_valid_seq((const unsigned char *)e, (size_t)(*b - e), &cp) : 0;
        if (l > 1 && e + l == *b && u_isUWhiteSpace((UChar32)cp)) {
            *b = e;
            continue;
        }
        return;
    }
}

/* "patterns/fr/money.pat" -> scope "fr", stem "money", ext "pat" */
static bool split_path(const char *path, char *scope, size_t sc, char *stem, size_t st, char *ext, size_t ec)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return false;
    const char *prev = slash;
    while (prev > path && prev[-1] != '/')
        prev--;
    size_t l = (size_t)(slash - prev);
    if (l == 0 || l >= sc)
        return false;
    memcpy(scope, prev, l);
    scope[l] = '\0';
    const char *fn = slash + 1, *dot = strrchr(fn, '.');
    if (!dot || (size_t)(dot - fn) >= st || strlen(dot + 1) >= ec)
        return false;
    memcpy(stem, fn, (size_t)(dot - fn));
    stem[dot - fn] = '\0';
    strcpy(ext, dot + 1);
    return true;
}

static bool valid_name(const char *a, const char *b)
{
    if (a >= b || !(isalpha((unsigned char)*a) || *a == '_'))
        return false;
    for (const char *p = a; p < b; p++)
        if (!(isalnum((unsigned char)*p) || *p == '_'))
            return false;
    return true;
}

static int add_def(loader *ld, const char *scope, const char *stem, const char *name, size_t nn,
                   const char *path, int line)
{
    if (ld->ndefs == ld->capdefs) {
        size_t nc = ld->capdefs ? ld->capdefs * 2 : 128;
        def *v = realloc(ld->defs, nc * sizeof *v);
        if (!v)
            return CLAIMX_ENOMEM;
        ld->defs = v;
        ld->capdefs = nc;
    }
    def *d = &ld->defs[ld->ndefs];
    d->scope = keep(ld, scope, strlen(scope));
    d->stem = keep(ld, stem, strlen(stem));
    d->name = keep(ld, name, nn);
    d->nlen = nn;
    d->value = NULL;
    d->path = path;
    d->line = line;
    if (!d->scope || !d->stem || !d->name)
        return CLAIMX_ENOMEM;
    ld->ndefs++;
    return CLAIMX_OK;
}

/* Pattern files are UTF-8 text: a NUL byte or invalid UTF-8 (binary junk, a
 * Latin-1 file) is an error at its line, never a silently odd word list. */
static int check_text(loader *ld, const cx_file *f)
{
    const unsigned char *s = (const unsigned char *)f->data;
    for (size_t i = 0; i < f->len;) {
        /* 8 bytes of ASCII other than NUL at once, most of the text */
        uint64_t w;
        if (f->len - i >= 8 && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ull)) &&
            !((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull)) {
            i += 8;
            continue;
        }
        if (s[i] - 1u < 0x7Fu) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = cx_utf8_valid_seq(s + i, f->len - i, &cp);
        if (k == 0 || cp == 0) { /* the line, for the message */
            int line = 1;
            for (size_t j = 0; j < i; j++)
                line += s[j] == '\n';
            return k == 0 ? fail(ld, f->path, line, "invalid UTF-8 (byte 0x%02x)", s[i])
                          : fail(ld, f->path, line, "NUL byte in a text file");
        }
        i += k;
    }
    return CLAIMX_OK;
}

static int parse_pat(loader *ld, const cx_file *f, const char *scope, const char *stem)
{
    const char *p = f->data, *end = f->data + f->len;
    int line = 0;
    cx_buf val = {0};
    def *cur = NULL;
    int rc = CLAIMX_OK;
    while (p < end && rc == CLAIMX_OK) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        line++;
        const char *a = p, *b = le;
        p = nl ? nl + 1 : end;
        if (b > a && b[-1] == '\r')
            b--;
        const char *t = a;
        while (t < b && (*t == ' ' || *t == '\t'))
            t++;
        if (t == b || *t == '#')
            continue;
        if (t > a) { /* continuation */
            if (!cur) {
                rc = fail(ld, f->path, line, "continuation line with no definition above it");
                break;
            }
            const char *x = t, *y = b;
            trim(&x, &y);
            cx_buf_put(&val, x, (size_t)(y - x));
            continue;
        }
        if (cur) {
            cur->value = keep(ld, val.p ? val.p : "", val.len);
            val.len = 0;
            cur = NULL;
        }
        const char *eq = memchr(a, '=', (size_t)(b - a));
        if (!eq) {
            rc = fail(ld, f->path, line, "expected 'name = pattern'");
            break;
        }
        const char *na = a, *nb = eq;
        trim(&na, &nb);
        if (!valid_name(na, nb)) {
            rc = fail(ld, f->path, line, "bad definition name '%.*s'", (int)(nb - na), na);
            break;
        }
        for (size_t i = 0; i < ld->ndefs; i++) {
            def *o = &ld->defs[i];
            if (!strcmp(o->scope, scope) && strlen(o->name) == (size_t)(nb - na) &&
                !memcmp(o->name, na, (size_t)(nb - na))) {
                rc = fail(ld, f->path, line, "'%.*s' is already defined at %s:%d", (int)(nb - na), na,
                          o->path, o->line);
                break;
            }
        }
        if (rc != CLAIMX_OK)
            break;
        rc = add_def(ld, scope, stem, na, (size_t)(nb - na), f->path, line);
        if (rc != CLAIMX_OK)
            break;
        cur = &ld->defs[ld->ndefs - 1];
        const char *x = eq + 1, *y = b;
        trim(&x, &y);
        cx_buf_put(&val, x, (size_t)(y - x));
    }
    if (rc == CLAIMX_OK && cur)
        cur->value = keep(ld, val.p ? val.p : "", val.len);
    if (rc == CLAIMX_OK && val.oom)
        rc = CLAIMX_ENOMEM;
    cx_buf_free(&val);
    return rc;
}

static int check_key(loader *ld, const cx_file *f, int line, const char *stem, const char *k)
{
    if (!strcmp(stem, "currencies")) {
        const char *c = k[0] == '?' ? k + 1 : k;
        size_t n = strlen(c);
        if (n < 3 || n > 4)
            return fail(ld, f->path, line, "currency key '%s' is not an ISO 4217 code", k);
        for (size_t i = 0; i < n; i++)
            if (!isupper((unsigned char)c[i]))
                return fail(ld, f->path, line, "currency key '%s' is not an ISO 4217 code", k);
    } else if (!strcmp(stem, "subunits")) {
        const char *colon = strchr(k, ':');
        if (!colon || colon - k < 3 || atoi(colon + 1) >= 0 || atoi(colon + 1) < -12)
            return fail(ld, f->path, line, "subunit key '%s' must look like USD:-2", k);
    } else if (!strcmp(stem, "scales")) {
        char *e;
        long v = strtol(k, &e, 10);
        if (*e || v < 0 || v > 24)
            return fail(ld, f->path, line, "scale key '%s' must be a power of ten, 0 to 24", k);
    } else if (!strcmp(stem, "numbers")) {
        if (strcmp(k, "+") != 0) {
            char *e;
            long long v = strtoll(k, &e, 10);
            if (e == k || v < 0 || (*e && *e != ':') || (*e == ':' && strspn(e + 1, "mMa") != strlen(e + 1)))
                return fail(ld, f->path, line, "number key '%s' must be VALUE[:m|:M|:a] or +", k);
        }
    } else if (!strcmp(stem, "bounds")) {
        if (strcmp(k, "approx") && strcmp(k, "at_least") && strcmp(k, "at_most"))
            return fail(ld, f->path, line, "bound key '%s' must be approx, at_least or at_most", k);
    } else if (!strcmp(stem, "periods")) {
        if (strcmp(k, "year") && strcmp(k, "month") && strcmp(k, "day"))
            return fail(ld, f->path, line, "period key '%s' must be year, month or day", k);
    } else if (!strcmp(stem, "language")) {
        if (strcmp(k, "words") && strcmp(k, "decimal"))
            return fail(ld, f->path, line, "language.txt key '%s' must be words or decimal", k);
    }
    return CLAIMX_OK;
}

static int parse_txt(loader *ld, const cx_file *f, const char *scope, const char *stem)
{
    const char *p = f->data, *end = f->data + f->len;
    char *fscope = NULL, *fstem = NULL;
    int line = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *a = p, *b = nl ? nl : end;
        p = nl ? nl + 1 : end;
        line++;
        trim(&a, &b);
        if (a == b || *a == '#')
            continue;
        const char *bar = memchr(a, '|', (size_t)(b - a));
        if (!bar)
            return fail(ld, f->path, line, "expected 'KEY|variant|...'");
        const char *ka = a, *kb = bar;
        trim(&ka, &kb);
        char *key = keep(ld, ka, (size_t)(kb - ka));
        if (!key)
            return CLAIMX_ENOMEM;
        int rc = check_key(ld, f, line, stem, key);
        if (rc != CLAIMX_OK)
            return rc;
        const char *v = bar + 1;
        while (v <= b) {
            const char *ve = memchr(v, '|', (size_t)(b - v));
            if (!ve)
                ve = b;
            const char *x = v, *y = ve;
            trim_variant(&x, &y);
            if (x < y) {
                if (ld->nitems == ld->capitems) {
                    size_t nc = ld->capitems ? ld->capitems * 2 : 512;
                    item *nv = realloc(ld->items, nc * sizeof *nv);
                    if (!nv)
                        return CLAIMX_ENOMEM;
                    ld->items = nv;
                    ld->capitems = nc;
                }
                item *it = &ld->items[ld->nitems];
                /* one copy per file: item_visible_c() compares the pointers */
                if (!fscope) {
                    fscope = keep(ld, scope, strlen(scope));
                    fstem = keep(ld, stem, strlen(stem));
                }
                it->scope = fscope;
                it->list = fstem;
                it->key = key;
                it->variant = keep(ld, x, (size_t)(y - x));
                it->path = f->path;
                it->line = line;
                it->folded = false;
                if (!it->scope || !it->list || !it->variant)
                    return CLAIMX_ENOMEM;
                ld->nitems++;
            }
            v = ve + 1;
        }
    }
    return CLAIMX_OK;
}

/* ---------- reading a directory ---------- */

static int read_file(const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return CLAIMX_EIO;
    cx_buf b = {0};
    char tmp[8192];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        cx_buf_put(&b, tmp, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        cx_buf_free(&b);
        return CLAIMX_EIO;
    }
    *len = b.len;
    *data = cx_buf_take(&b);
    return *data ? CLAIMX_OK : CLAIMX_ENOMEM;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(loader *ld, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fail(ld, NULL, 0, "cannot open pattern directory %s: %s", dir, strerror(errno));
        return CLAIMX_EIO;
    }
    char **paths = NULL;
    size_t np = 0, cap = 0;
    int rc = CLAIMX_OK;
    struct dirent *e;
    while ((e = readdir(d)) && rc == CLAIMX_OK) {
        if (e->d_name[0] == '.')
            continue;
        size_t sl = strlen(dir) + strlen(e->d_name) + 2;
        char *sub = malloc(sl);
        if (!sub) {
            rc = CLAIMX_ENOMEM;
            break;
        }
        snprintf(sub, sl, "%s/%s", dir, e->d_name);
        struct stat st;
        DIR *d2 = (stat(sub, &st) == 0 && S_ISDIR(st.st_mode)) ? opendir(sub) : NULL;
        if (d2) {
            struct dirent *e2;
            while ((e2 = readdir(d2)) && rc == CLAIMX_OK) {
                size_t l = strlen(e2->d_name);
                if (e2->d_name[0] == '.' || l < 5 ||
                    (strcmp(e2->d_name + l - 4, ".pat") && strcmp(e2->d_name + l - 4, ".txt")))
                    continue;
                if (np == cap) {
                    cap = cap ? cap * 2 : 32;
                    char **v = realloc(paths, cap * sizeof *v);
                    if (!v) {
                        rc = CLAIMX_ENOMEM;
                        break;
                    }
                    paths = v;
                }
                size_t pl = sl + l + 1;
                paths[np] = malloc(pl);
                if (!paths[np]) {
                    rc = CLAIMX_ENOMEM;
                    break;
                }
                snprintf(paths[np], pl, "%s/%s", sub, e2->d_name);
                np++;
            }
            closedir(d2);
        }
        free(sub);
    }
    closedir(d);
    if (rc == CLAIMX_OK && np)
        qsort(paths, np, sizeof *paths, cmp_str);
    if (rc == CLAIMX_OK) {
        ld->files = calloc(np ? np : 1, sizeof *ld->files);
        if (!ld->files)
            rc = CLAIMX_ENOMEM;
    }
    for (size_t i = 0; i < np && rc == CLAIMX_OK; i++) {
        char *data;
        size_t len;
        rc = read_file(paths[i], &data, &len);
        if (rc == CLAIMX_EIO)
            fail(ld, NULL, 0, "cannot read %s: %s", paths[i], strerror(errno));
        if (rc == CLAIMX_OK) {
            ld->files[i] = (cx_file){paths[i], data, len};
            ld->nfiles = i + 1;
            paths[i] = NULL; /* owned by ld->files now */
        }
    }
    for (size_t i = 0; i < np; i++)
        free(paths[i]);
    free(paths);
    if (rc == CLAIMX_OK && ld->nfiles == 0) {
        fail(ld, NULL, 0, "no pattern files (*.pat, *.txt) under %s", dir);
        rc = CLAIMX_EPATTERN;
    }
    return rc;
}

/* ---------- fragments ---------- */

static bool is_letter_at(const char *s, size_t n, bool last)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t cp = 0;
    if (!last) {
        if (!cx_utf8_valid_seq(u, n, &cp))
            return false;
    } else {
        size_t i = n;
        while (i > 0 && (u[i - 1] & 0xC0) == 0x80)
            i--;
        if (i == 0 || !cx_utf8_valid_seq(u + i - 1, n - i + 1, &cp))
            return false;
    }
    if (cp < 0x80)
        return isalpha((int)cp) != 0;
    return u_isalpha((UChar32)cp) != 0; /* é is a letter, € is not */
}

/* A variant as a sequence of regex units: one character (escaped when
 * needed, folded to lower case: rules are compiled caseless) or a white
 * space unit. Lists become a trie of these units (build_list_frag), so a
 * failing list costs a few comparisons, not one per variant. */
#define UNIT_MAX 12
#define UNITS_MAX 96

typedef struct uvar {
    char (*u)[UNIT_MAX];
    size_t n;
    size_t len;        /* length of the variant in bytes (longest first) */
    bool first_letter, last_letter;
} uvar;

static void unit_set(char *u, const char *s) /* strlen(s) < UNIT_MAX */
{
    memcpy(u, s, strlen(s) + 1);
}

static size_t variant_units(const char *v, char (*u)[UNIT_MAX], size_t max)
{
    size_t n = strlen(v), k = 0;
    for (size_t i = 0; i < n && k + 2 < max;) {
        unsigned char c = (unsigned char)v[i];
        if (c == ' ') {
            while (i + 1 < n && v[i + 1] == ' ')
                i++;
            unit_set(u[k++], "\\s*");
            i++;
        } else if (c < 0x80 && strchr("\\^$.|?*+()[]{}#", c)) {
            /* "US$", "HK$" are also written "US $", "HK $" (not "A$": "a $5 bill") */
            if (i > 1 && isalpha((unsigned char)v[i - 1]) && isalpha((unsigned char)v[i - 2]))
                unit_set(u[k++], "\\s?");
            u[k][0] = '\\';
            u[k][1] = (char)c;
            u[k++][2] = '\0';
            i++;
        } else if (c == '\'') {
            unit_set(u[k++], "'");
            unit_set(u[k++], "\\s*");
            i++;
        } else if (c < 0x80) {
            u[k][0] = (char)tolower(c);
            u[k++][1] = '\0';
            i++;
        } else {
            uint32_t cp;
            size_t l = cx_utf8_valid_seq((const unsigned char *)v + i, n - i, &cp);
            if (l == 0)
                l = 1;
            char tmp[16];
            size_t tl = cx_fold_key(v + i, l, tmp, sizeof tmp); /* lower case */
            if (tl == 0 || tl >= UNIT_MAX) {
                memcpy(tmp, v + i, l);
                tl = l;
            }
            memcpy(u[k], tmp, tl);
            u[k++][tl] = '\0';
            i += l;
        }
    }
    return k;
}

static int cmp_uvar(const void *x, const void *y)
{
    const uvar *a = x, *b = y;
    for (size_t i = 0; i < a->n && i < b->n; i++) {
        int c = strcmp(a->u[i], b->u[i]);
        if (c)
            return c;
    }
    return (a->n > b->n) - (a->n < b->n);
}

/* A unit of one ASCII character (white space is a \\s unit): two such
 * units match the same text only when they are equal. */
static bool unit_simple(const char *u)
{
    if (u[0] == '\\')
        return u[1] && !u[2] && strchr("\\^$.|?*+()[]{}#", u[1]);
    return u[0] && !u[1] && (unsigned char)u[0] < 0x80;
}

/* Emit the trie of v[0..n) (sorted, all sharing their first depth units).
 * *ends_letter: set when a variant ends with a letter (build_list_frag then
 * writes the word-boundary look-ahead once, after the whole list). */
static void emit_trie(cx_buf *b, const uvar *v, size_t n, size_t depth, bool *ends_letter)
{
    /* children: runs of equal unit at depth; enders: variants of n == depth */
    typedef struct child {
        size_t from, to, maxlen;
    } child;
    child ch[256];
    size_t nch = 0;
    bool ender = false, ender_letter = false;
    for (size_t i = 0; i < n;) {
        if (v[i].n == depth) {
            ender = true;
            ender_letter |= v[i].last_letter;
            i++;
            continue;
        }
        size_t j = i + 1, maxlen = v[i].len;
        while (j < n && v[j].n > depth && !strcmp(v[j].u[depth], v[i].u[depth])) {
            if (v[j].len > maxlen)
                maxlen = v[j].len;
            j++;
        }
        if (nch < sizeof ch / sizeof ch[0])
            ch[nch++] = (child){i, j, maxlen};
        i = j;
    }
    /* longest first, as the plain alternation was */
    for (size_t i = 1; i < nch; i++)
        for (size_t j = i; j > 0 && ch[j].maxlen > ch[j - 1].maxlen; j--) {
            child t = ch[j];
            ch[j] = ch[j - 1];
            ch[j - 1] = t;
        }
    *ends_letter |= ender_letter;
    if (nch == 0)
        return;
    /* PCRE2 JIT work grows with the number of alternatives. When every child
     * starts with one ASCII character (never two children on the same text:
     * units are folded to lower case), the order of the children cannot
     * change a match, and children with the same subtree share one
     * alternative: nd|wd -> [nw]d, xaf|xof|xpf -> [aop]f. An ender stays the
     * empty last alternative, (?:x|): (?:x)? would be the same matches and
     * less JIT work, but JIT matches it about 9% slower (money rules). */
    if (nch == 1) { /* a chain: no alternative to share */
        if (ender)
            cx_buf_puts(b, "(?:");
        cx_buf_puts(b, v[ch[0].from].u[depth]);
        emit_trie(b, v + ch[0].from, ch[0].to - ch[0].from, depth + 1, ends_letter);
        if (ender)
            cx_buf_puts(b, "|)");
        return;
    }
    bool simple = true;
    for (size_t i = 0; i < nch && simple; i++)
        simple = unit_simple(v[ch[i].from].u[depth]);
    /* the subtrees, one after the other in t: child i's is t[off[i] .. off[i + 1]) */
    size_t *off = malloc((2 * nch + 1) * sizeof *off);
    size_t *lead = off + nch + 1; /* the child whose alternative holds child i */
    cx_buf t = {0};
    if (!off) {
        b->oom = true;
        return;
    }
    size_t nalt = 0;
    for (size_t i = 0; i < nch; i++) {
        off[i] = t.len;
        emit_trie(&t, v + ch[i].from, ch[i].to - ch[i].from, depth + 1, ends_letter);
    }
    off[nch] = t.len;
    if (t.oom)
        b->oom = true;
    for (size_t i = 0; i < nch; i++) {
        size_t li = off[i + 1] - off[i];
        lead[i] = i;
        for (size_t j = 0; simple && j < i; j++)
            if (lead[j] == j && off[j + 1] - off[j] == li && (!li || !memcmp(t.p + off[j], t.p + off[i], li))) {
                lead[i] = j;
                break;
            }
        nalt += lead[i] == i;
    }
    bool group = nalt > 1 || ender;
    if (group)
        cx_buf_puts(b, "(?:");
    bool first = true;
    for (size_t i = 0; i < nch; i++) {
        if (lead[i] != i)
            continue;
        if (!first)
            cx_buf_putc(b, '|');
        first = false;
        size_t members = 0;
        for (size_t j = i; j < nch; j++)
            members += lead[j] == i;
        if (members == 1) {
            cx_buf_puts(b, v[ch[i].from].u[depth]);
        } else {
            cx_buf_putc(b, '[');
            for (size_t j = i; j < nch; j++)
                if (lead[j] == i)
                    cx_buf_puts(b, !strcmp(v[ch[j].from].u[depth], "-") ? "\\-" : v[ch[j].from].u[depth]);
            cx_buf_putc(b, ']');
        }
        cx_buf_put(b, t.p ? t.p + off[i] : "", off[i + 1] - off[i]);
    }
    cx_buf_free(&t);
    free(off);
    if (ender)
        cx_buf_putc(b, '|'); /* the empty alternative, last ((?:x|)): PCRE2 JIT matches it faster than (?:x)? */
    if (group)
        cx_buf_putc(b, ')');
}

typedef struct vref {
    const char *v;
    size_t len;
} vref;

/* Items of list `list` visible to the current language: common, then language. */
static bool item_visible(const loader *ld, const item *it, const char *list)
{
    return !strcmp(it->list, list) && (!strcmp(it->scope, "common") || !strcmp(it->scope, ld->lang));
}

static bool list_exists(const loader *ld, const char *list)
{
    for (size_t r = 0; r < ld->nitems; r = ld->items[r].run_end)
        if (item_visible(ld, &ld->items[r], list))
            return true;
    return false;
}

/* Add the first character of trie unit u (variant_units()) to the class
 * body in g; false when u does not start with one character (white space
 * that may be empty). */
static bool guard_add(cx_buf *g, const char *u)
{
    if (u[0] == '\\') { /* an escaped character: the same escape means it in a class */
        if (!u[1] || u[2] || !strchr("\\^$.|?*+()[]{}#", u[1]))
            return false;
        cx_buf_put(g, u, 2);
        return true;
    }
    uint32_t cp;
    size_t l = cx_utf8_valid_seq((const unsigned char *)u, strlen(u), &cp);
    if (l == 0)
        return false;
    if (l == 1 && strchr("]\\^-[", u[0]))
        cx_buf_putc(g, '\\');
    cx_buf_put(g, u, l);
    return true;
}

/* Build the alternation of list `list` (joins: only "+" keys; else all others). */
static char *build_list_frag(loader *ld, const char *list, bool joins, char **first, char **guard)
{
    *guard = NULL;
    vref *vs = malloc((ld->nitems + 1) * sizeof *vs); /* vs[0 .. n) written below */
    if (!vs)
        return NULL;
    size_t n = 0;
    bool numbers = !strcmp(list, "numbers");
    for (size_t r = 0; r < ld->nitems && strcmp(list, "language"); r = ld->items[r].run_end) {
        if (!item_visible(ld, &ld->items[r], list))
            continue;
        for (size_t i = r; i < ld->items[r].run_end; i++) {
            item *it = &ld->items[i];
            if (numbers && (strcmp(it->key, "+") == 0) != joins)
                continue;
            vs[n].v = it->variant;
            vs[n].len = strlen(it->variant);
            n++;
        }
    }
    /* number words join into compounds (tweeduizend): {spelled} puts the
     * word boundaries around the whole number instead */
    bool bounded = strcmp(list, "numbers") != 0;
    uvar *uv = calloc(n + 1, sizeof *uv);
    /* not cleared: only the units variant_units() writes are read */
    char (*units)[UNIT_MAX] = malloc((n + 1) * UNITS_MAX * UNIT_MAX);
    if (!uv || !units) {
        free(uv);
        free(units);
        free(vs);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        uv[i].u = units + i * UNITS_MAX;
        uv[i].n = variant_units(vs[i].v, uv[i].u, UNITS_MAX);
        uv[i].len = vs[i].len;
        uv[i].first_letter = is_letter_at(vs[i].v, vs[i].len, false);
        uv[i].last_letter = is_letter_at(vs[i].v, vs[i].len, true);
    }
    /* Two tries, by whether a variant starts with a letter: the word-boundary
     * look-behind is written once for the letter-initial trie, and the
     * look-ahead once after the list (below). Variants that can match at the same position share
     * their first character, so they sit in one trie, whose branches are
     * ordered longest first ("Gaudi 3" before "Gaudi"):
     * (?:(?<!\p{L})(?:L-trie)|(?:N-trie)) */
    cx_buf b = {0}, fb = {0}, gc = {0};
    cx_buf_puts(&b, "(?:");
    cx_buf_puts(&fb, "(?:");
    bool fb_ok = n > 0, gc_ok = n > 0;
    size_t done = 0;
    bool any = false, ends_letter = false;
    size_t nletter = 0; /* variants of the letter-initial trie */
    for (size_t i = 0; i < n; i++)
        nletter += bounded && uv[i].first_letter;
    for (int cls = 0; cls < 2; cls++) {
        bool fl = cls == 0;
        size_t from = done;
        size_t g0 = gc.len; /* this trie's part of the class */
        for (size_t i = done; i < n; i++)
            if ((bounded && uv[i].first_letter) == fl) {
                uvar t = uv[done];
                uv[done++] = uv[i];
                uv[i] = t;
            }
        if (done == from)
            continue;
        qsort(uv + from, done - from, sizeof *uv, cmp_uvar);
        for (size_t i = from; i < done; i++) {
            if (uv[i].n == 0)
                fb_ok = gc_ok = false; /* could match empty: no first units */
            else if (i == from || uv[i - 1].n == 0 || strcmp(uv[i].u[0], uv[i - 1].u[0])) {
                if (fb.len > 3)
                    cx_buf_putc(&fb, '|');
                cx_buf_puts(&fb, uv[i].u[0]);
                gc_ok &= guard_add(&gc, uv[i].u[0]);
            }
        }
        if (any)
            cx_buf_putc(&b, '|');
        if (gc_ok && nletter > 0 && nletter < n && gc.p && !gc.oom) {
            /* two tries: each behind the class of its own first characters
             * (below), so text the first one cannot start ("$", "€" before
             * the letters of the currencies) skips it at once */
            cx_buf_puts(&b, "(?=[");
            cx_buf_put(&b, gc.p + g0, gc.len - g0);
            cx_buf_puts(&b, "])");
        }
        cx_buf_puts(&b, fl ? "(?<!\\p{L})(?:" : "(?:");
        any = true;
        emit_trie(&b, uv + from, done - from, 0, &ends_letter);
        cx_buf_putc(&b, ')');
    }
    if (n == 0)
        cx_buf_puts(&b, "(*FAIL)");
    cx_buf_putc(&b, ')');
    if (bounded && ends_letter) {
        /* the word boundary after a variant that ends with a letter: no
         * letter may follow. Written once after the list rather than after
         * each such variant in the trie (the same test: the subject's last
         * character is the variant's, caselessly), it shrinks the JIT code
         * of the rules several times over. */
        cx_buf_puts(&b, "(?!\\p{L}(?<=\\p{L}\\p{L}))");
        if (b.p && !b.oom) {
            /* (?:FRAG) -> (?:(?:FRAG)CHECK) */
            cx_buf w = {0};
            cx_buf_puts(&w, "(?:");
            cx_buf_put(&w, b.p, b.len);
            cx_buf_putc(&w, ')');
            cx_buf_free(&b);
            b = w;
        }
    }
    cx_buf_putc(&fb, ')');
    bool gc_ascii = gc.p != NULL;
    for (size_t i = 0; gc_ascii && i < gc.len; i++)
        gc_ascii = (unsigned char)gc.p[i] < 0x80;
    if (gc_ok && gc.len && gc_ascii && b.p && !b.oom && nletter > 0 && nletter < n) {
        /* two tries, each behind its own class: the class of both, for the
         * calls of the list in a shared pattern (compile_shared). Only an
         * ASCII class: one with other characters (the currencies' symbols)
         * costs more compile time than its calls save. */
        cx_buf w = {0};
        cx_buf_puts(&w, "(?=[");
        cx_buf_put(&w, gc.p, gc.len);
        cx_buf_puts(&w, "])");
        char *g = cx_buf_take(&w);
        *guard = g ? keep(ld, g, strlen(g)) : NULL;
        free(g);
    }
    if (gc_ok && gc.len && b.p && !b.oom && !(nletter > 0 && nletter < n)) {
        /* The first character of the text a variant matches is one of its
         * first unit's (caselessly: a class matches every case a literal
         * does): this look-ahead is a necessary condition of the list, so it
         * changes no match, but a failing list then costs one class test
         * instead of one comparison per branch of the trie (PCRE2 JIT tries
         * a group's branches one after the other): (?:(?=[FIRST])LIST) */
        cx_buf w = {0};
        cx_buf_puts(&w, "(?:(?=[");
        cx_buf_put(&w, gc.p, gc.len);
        cx_buf_puts(&w, "])");
        cx_buf_put(&w, b.p, b.len);
        cx_buf_putc(&w, ')');
        cx_buf_free(&b);
        b = w;
    }
    cx_buf_free(&gc);
    free(uv);
    free(units);
    free(vs);
    char *s = cx_buf_take(&b);
    char *f = cx_buf_take(&fb);
    char *k = s ? keep(ld, s, strlen(s)) : NULL;
    *first = k && f && fb_ok ? keep(ld, f, strlen(f)) : k;
    free(s);
    free(f);
    return *first ? k : NULL;
}

static const char *get_frag(loader *ld, const char *name)
{
    for (size_t i = 0; i < ld->nfrags; i++)
        if (!strcmp(ld->frags[i].name, name))
            return ld->frags[i].value;
    const char *list = name;
    bool joins = false;
    char tmp[64];
    size_t nl = strlen(name);
    if (nl > 5 && !strcmp(name + nl - 5, "_join") && nl - 5 < sizeof tmp) {
        memcpy(tmp, name, nl - 5);
        tmp[nl - 5] = '\0';
        list = tmp;
        joins = true;
    }
    if (!list_exists(ld, list))
        return NULL;
    char *first = NULL, *guard = NULL;
    char *v = build_list_frag(ld, list, joins, &first, &guard);
    if (!v)
        return NULL;
    if (ld->nfrags == ld->capfrags) {
        size_t nc = ld->capfrags ? ld->capfrags * 2 : 16;
        frag *f = realloc(ld->frags, nc * sizeof *f);
        if (!f)
            return NULL;
        ld->frags = f;
        ld->capfrags = nc;
    }
    ld->frags[ld->nfrags++] = (frag){keep(ld, name, strlen(name)), v, first, guard};
    return v;
}

static const def *find_def(const loader *ld, const char *name, size_t n)
{
    const def *common = NULL;
    for (size_t i = 0; i < ld->ndefs; i++) {
        const def *d = &ld->defs[i];
        if (d->nlen != n || memcmp(d->name, name, n))
            continue;
        if (!strcmp(d->scope, ld->lang))
            return d;
        if (!strcmp(d->scope, "common"))
            common = d;
    }
    return common;
}

static int expand(loader *ld, const char *src, cx_buf *out, int depth, const char *path, int line)
{
    if (depth > 24)
        return fail(ld, path, line, "definitions nest too deeply (a reference cycle?) in language %s",
                    ld->lang);
    for (const char *p = src; *p;) {
        if (*p == '\\' && p[1]) {
            /* \p{L}, \x{A0}, \g{name}: braces after an escape are PCRE2's */
            size_t k = 2;
            if (p[2] == '{' && strchr("pPxgkNo", p[1])) {
                const char *close = strchr(p + 2, '}');
                if (close)
                    k = (size_t)(close - p) + 1;
            }
            cx_buf_put(out, p, k);
            p += k;
            continue;
        }
        if (*p == '{') {
            const char *q = p + 1;
            while (*q && (isalnum((unsigned char)*q) || *q == '_'))
                q++;
            if (*q == '}' && valid_name(p + 1, q)) {
                size_t n = (size_t)(q - p - 1);
                const def *d = find_def(ld, p + 1, n);
                if (d) {
                    cx_buf_puts(out, "(?:");
                    int rc = expand(ld, d->value, out, depth + 1, d->path, d->line);
                    if (rc != CLAIMX_OK)
                        return rc;
                    cx_buf_putc(out, ')');
                } else {
                    char name[64];
                    if (n >= sizeof name)
                        return fail(ld, path, line, "name too long");
                    memcpy(name, p + 1, n);
                    name[n] = '\0';
                    const char *fr = get_frag(ld, name);
                    if (!fr)
                        return fail(ld, path, line, "undefined name '%s' (language %s)", name, ld->lang);
                    /* word lists are big: each is defined once per rule and
                     * called as a subroutine wherever the rule names it */
                    size_t fi = 0;
                    while (fi < ld->nfrags && strcmp(ld->frags[fi].name, name))
                        fi++;
                    if (fi < 64 && ld->used[fi]) {
                        cx_buf_printf(out, "(?&wl_%zu)", fi);
                    } else if (fi < 64) {
                        /* defined where first used, so that PCRE2 can still
                         * work out the bytes a match starts with */
                        ld->used[fi] = true;
                        char head[32]; /* the list is long: no printf round trip through a heap copy */
                        snprintf(head, sizeof head, "(?<wl_%zu>", fi);
                        cx_buf_puts(out, head);
                        cx_buf_puts(out, fr);
                        cx_buf_putc(out, ')');
                    } else {
                        cx_buf_puts(out, fr);
                    }
                }
                p = q + 1;
                continue;
            }
        }
        size_t k = 1 + strcspn(p + 1, "\\{"); /* plain text up to the next escape or brace */
        cx_buf_put(out, p, k);
        p += k;
    }
    return out->oom ? CLAIMX_ENOMEM : CLAIMX_OK;
}

/* ---------- dictionaries ---------- */

static cx_map *other_list(cx_lang *L, const char *name)
{
    for (size_t i = 0; i < L->nlists; i++)
        if (!strcmp(L->lists[i].name, name))
            return &L->lists[i].map;
    cx_list *nl = realloc(L->lists, (L->nlists + 1) * sizeof *nl);
    if (!nl)
        return NULL;
    L->lists = nl;
    cx_list *x = &L->lists[L->nlists++];
    memset(x, 0, sizeof *x);
    snprintf(x->name, sizeof x->name, "%s", name);
    return &x->map;
}

cx_ptab *cx_ptab_new(size_t n)
{
    size_t cap = 16;
    while (cap < 4 * n)
        cap *= 2;
    cx_ptab *t = calloc(1, sizeof *t + cap * sizeof t->slot[0]);
    if (t)
        t->mask = cap - 1;
    return t;
}

cx_pslot *cx_ptab_put(cx_ptab *t, const char *key, size_t n)
{
    uint64_t k0, k1;
    cx_pack(key, n, &k0, &k1);
    size_t x = cx_ptab_slot(k0, k1, t->mask);
    while (t->slot[x].k0 && (t->slot[x].k0 != k0 || t->slot[x].k1 != k1))
        x = (x + 1) & t->mask;
    t->slot[x].k0 = k0;
    t->slot[x].k1 = k1;
    return &t->slot[x];
}

cx_ptab *cx_ptab_build(const cx_map *m)
{
    size_t n = 0;
    for (size_t i = 0; i < m->cap; i++)
        n += cx_packable(m, i);
    cx_ptab *t = cx_ptab_new(n);
    for (size_t i = 0; t && i < m->cap; i++)
        if (cx_packable(m, i))
            cx_ptab_put(t, m->keys[i], m->klen[i])->val = (uint64_t)m->vals[i].val;
    return t;
}

const cx_map *cx_lang_list(const cx_lang *L, const char *name)
{
    static const cx_map empty; /* read-only: cx_map_get() sees cap == 0 */
    for (size_t i = 0; i < L->nlists; i++)
        if (!strcmp(L->lists[i].name, name))
            return &L->lists[i].map;
    return &empty;
}

static int build_maps(loader *ld, cx_lang *L, char ***canon, size_t *ncanon)
{
    static const char *lists[] = {"currencies", "subunits", "scales", "numbers", "bounds", "periods", "language"};
    cx_map *maps[] = {&L->currencies, &L->subunits, &L->scales, &L->numbers, &L->bounds, &L->periods, &L->words};
    L->decimal = ',';
    for (int pass = 0; pass < 2; pass++) { /* common first, the language overrides */
        /* the items of one file (a run) share their scope and list, those
         * of one line their key: read each once */
        for (size_t r = 0; r < ld->nitems; r = ld->items[r].run_end) {
            if (strcmp(ld->items[r].scope, pass ? ld->lang : "common"))
                continue;
            int which = -1;
            for (int k = 0; k < 7; k++)
                if (!strcmp(ld->items[r].list, lists[k]))
                    which = k;
            cx_map *target = which >= 0 ? maps[which] : other_list(L, ld->items[r].list);
            if (!target)
                return CLAIMX_ENOMEM;
            const char *l_key = NULL;
            char *l_canon = NULL;
            cx_entry l_e = {0};
            for (size_t i = r; i < ld->items[r].run_end; i++) {
                item *it = &ld->items[i];
                cx_entry e = {0};
                const char *k = it->key;
                /* the entry depends on the line's KEY alone (but for the
                 * language's decimal mark): read it once per line, not per
                 * variant (the entity lists have up to 90 variants a line) */
                bool same = it->key == l_key && which != 6;
                if (same) {
                    e = l_e;
                } else {
                    switch (which) {
                    case -1: {
                        char *end;
                        long long v = strtoll(k, &end, 10);
                        if (end != k && *end == '\0')
                            e.val = v;
                        break;
                    }
                    case 0:
                        if (k[0] == '?') {
                            e.flags |= CX_F_AMBIGUOUS;
                            k++;
                        }
                        break;
                    case 1: {
                        const char *colon = strchr(k, ':');
                        e.val = atoi(colon + 1);
                        break;
                    }
                    case 2:
                        e.val = atoi(k);
                        break;
                    case 3:
                        if (!strcmp(k, "+")) {
                            e.flags |= CX_F_JOIN;
                        } else {
                            char *end;
                            e.val = strtoll(k, &end, 10);
                            if (*end == ':') {
                                if (strchr(end, 'm'))
                                    e.flags |= CX_F_MULT_SMALL;
                                if (strchr(end, 'M'))
                                    e.flags |= CX_F_MULT_LARGE;
                                if (strchr(end, 'a'))
                                    e.flags |= CX_F_ARTICLE;
                            }
                        }
                        break;
                    case 4:
                        e.val = !strcmp(k, "approx") ? CLAIMX_BOUND_APPROX
                              : !strcmp(k, "at_least") ? CLAIMX_BOUND_AT_LEAST : CLAIMX_BOUND_AT_MOST;
                        break;
                    case 5:
                        e.val = !strcmp(k, "year") ? CLAIMX_PERIOD_YEAR
                              : !strcmp(k, "month") ? CLAIMX_PERIOD_MONTH : CLAIMX_PERIOD_DAY;
                        break;
                    case 6:
                        if (!strcmp(k, "decimal")) {
                            if (strcmp(it->variant, ",") && strcmp(it->variant, "."))
                                return fail(ld, it->path, it->line, "decimal must be , or .");
                            L->decimal = it->variant[0];
                            continue;
                        }
                        break;
                    }
                }
                /* canonical key: the code before ':' (other lists keep it whole),
                 * one copy per line */
                if (it->key != l_key) {
                    size_t kl = which < 0 ? strlen(k) : strcspn(k, ":");
                    char *c = malloc(kl + 1);
                    if (!c)
                        return CLAIMX_ENOMEM;
                    memcpy(c, k, kl);
                    c[kl] = '\0';
                    if (*ncanon == ld->capcanon) {
                        size_t nc = ld->capcanon ? ld->capcanon * 2 : 1024;
                        char **nv = realloc(*canon, nc * sizeof *nv);
                        if (!nv) {
                            free(c);
                            return CLAIMX_ENOMEM;
                        }
                        *canon = nv;
                        ld->capcanon = nc;
                    }
                    (*canon)[(*ncanon)++] = c;
                    l_key = it->key;
                    l_canon = c;
                }
                e.canon = l_canon;
                l_e = e;
                char buf[256];
                const char *key = buf;
                size_t n;
                if (it->folded) {
                    n = it->nfold;
                    key = n ? ld->folds.p + it->fold_off : buf;
                } else {
                    n = cx_fold_key(it->variant, strlen(it->variant), buf, sizeof buf);
                    if (!pass) { /* a common item: every language folds it */
                        it->fold_off = ld->folds.len;
                        it->nfold = (uint32_t)n;
                        cx_buf_put(&ld->folds, buf, n);
                        it->folded = !ld->folds.oom; /* else folded again: the same key */
                    }
                }
                if (n == 0)
                    continue; /* symbols-only variants of white space: nothing to look up */
                int rc = map_put(target, key, n, &e);
                if (rc != CLAIMX_OK)
                    return rc;
            }
        }
    }
    return CLAIMX_OK;
}

/* The combined map of the words a claim can start from (lib/scan.c). */
static int map_or(cx_map *m, const char *key, size_t n, int64_t bits)
{
    cx_entry *e = (cx_entry *)cx_map_get(m, key, n);
    if (e) {
        e->val |= bits;
        return CLAIMX_OK;
    }
    cx_entry ne = {.val = bits};
    return map_put(m, key, n, &ne);
}

/* The last word of variant v as the scan reads it, v[*a..*b): letters and
 * apostrophes, starting with a letter, after no space (a space of a variant
 * matches no space too, which would glue two words). False when there is no
 * such word or v is not ASCII. */
static bool last_word(const char *v, size_t *a, size_t *b)
{
    size_t n = strlen(v);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] >= 0x80)
            return false;
    size_t e = n;
    while (e > 0 && !isalpha((unsigned char)v[e - 1]) && v[e - 1] != '\'')
        e--;
    size_t s = e;
    while (s > 0 && (isalpha((unsigned char)v[s - 1]) || v[s - 1] == '\''))
        s--;
    while (s < e && v[s] == '\'')
        s++;
    if (s == e || (s > 0 && (v[s - 1] == ' ' || v[s - 1] == '\'')))
        return false;
    *a = s;
    *b = e;
    return true;
}

/* Has every variant of gpu_ai_before a last word in the anchors (CX_T_GPUAI)? */
static bool ai_words_ok(const loader *ld)
{
    size_t a, b;
    /* the items of a run (one file) share their list and scope: one test a run */
    for (size_t r = 0; r < ld->nitems; r = ld->items[r].run_end) {
        if (!item_visible(ld, &ld->items[r], "gpu_ai_before"))
            continue;
        for (size_t i = r; i < ld->items[r].run_end; i++)
            if (!last_word(ld->items[i].variant, &a, &b))
                return false;
    }
    return true;
}

static int build_anchors(const loader *ld, cx_lang *L)
{
    const cx_map *src[] = {&L->currencies, &L->subunits, &L->scales, &L->numbers};
    const int64_t bit[] = {CX_T_CURRENCY, CX_T_CURRENCY, CX_T_SCALE, CX_T_NUMBER};
    for (int k = 0; k < 4; k++) {
        const cx_map *m = src[k];
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->keys[i])
                continue;
            if (k == 3 && (m->vals[i].flags & CX_F_JOIN))
                continue; /* "et", "and" anchor nothing */
            /* "un", "a" anchor nothing, but may open "a hundred million" */
            int64_t b = k == 3 && (m->vals[i].flags & CX_F_ARTICLE) ? CX_T_STARTER : bit[k];
            int rc = map_or(&L->anchors, m->keys[i], m->klen[i], b);
            if (rc != CLAIMX_OK)
                return rc;

        }
    }
    /* every word of a currency variant ("mark finlandais", "U.S. dollars",
     * "Rs."): the scan sees words, and a claim needs one of them near */
    /* (the items of a run, one file, share their list and scope: one test a run) */
    for (size_t r = 0; r < ld->nitems; r = ld->items[r].run_end) {
        if (!item_visible(ld, &ld->items[r], "currencies") && !item_visible(ld, &ld->items[r], "subunits"))
            continue;
        for (size_t i = r; i < ld->items[r].run_end; i++) {
            const char *v = ld->items[i].variant;
            size_t n = strlen(v);
            for (size_t a = 0; a < n;) {
                while (a < n && !(isalpha((unsigned char)v[a]) || (unsigned char)v[a] >= 0x80))
                    a++;
                size_t b = a;
                while (b < n && (isalpha((unsigned char)v[b]) || (unsigned char)v[b] >= 0x80))
                    b++;
                if (b > a && (a > 0 || b < n)) {
                    char key[256];
                    size_t kl = cx_fold_key(v + a, b - a, key, sizeof key);
                    int rc = kl ? map_or(&L->anchors, key, kl, CX_T_CURPART) : CLAIMX_OK;
                    if (rc != CLAIMX_OK)
                        return rc;
                }
                a = b;
            }
        }
    }
    /* GPU names (gpu_units, gpu_chips, gpu_models): their first word as the
     * scan sees it (letters and apostrophes) hints at a GPU mention; one
     * glued to a digit ("H" of "H100", "MI" of "MI300X") only with digits
     * right after it (lib/gpu.c) */
    const char *gpu_lists[] = {"gpu_units", "gpu_chips", "gpu_models"};
    const int64_t gpu_bits[] = {CX_T_GPUUNIT, CX_T_GPUCHIP, CX_T_GPUMODEL};
    for (size_t i = 0, k = 3; i < ld->nitems; i++) {
        const item *it = &ld->items[i];
        if (i == 0 || it[-1].run_end == i) { /* a run's first item: the run's list */
            k = 0;
            while (k < 3 && !item_visible(ld, it, gpu_lists[k]))
                k++;
        }
        if (k == 3) {
            i = it->run_end - 1; /* the rest of the file */
            continue;
        }
        const unsigned char *w = (const unsigned char *)it->variant;
        if (!(isalpha(w[0]) || w[0] >= 0x80))
            continue; /* the scan starts words with a letter only */
        size_t b = 1;
        while (w[b] && (isalpha(w[b]) || w[b] >= 0x80 || w[b] == '\''))
            b++;
        char key[256];
        size_t kl = cx_fold_key(it->variant, b, key, sizeof key);
        int64_t bit = (w[b] >= '0' && w[b] <= '9' ? CX_T_GPUGLUE : CX_T_GPU) | gpu_bits[k];
        int rc = kl ? map_or(&L->anchors, key, kl, bit) : CLAIMX_OK;
        if (rc != CLAIMX_OK)
            return rc;
    }
    /* the last word of a gpu_ai_before variant ("AI", "I" of "A.I."): a rule
     * that needs one is tried only where one follows (ai_words_ok()) */
    for (size_t i = 0; i < ld->nitems; i++) {
        const item *it = &ld->items[i];
        size_t a, b;
        if (!item_visible(ld, it, "gpu_ai_before")) {
            i = it->run_end - 1; /* the rest of the file */
            continue;
        }
        if (!last_word(it->variant, &a, &b))
            continue;
        char key[256];
        size_t kl = cx_fold_key(it->variant + a, b - a, key, sizeof key);
        int rc = kl ? map_or(&L->anchors, key, kl, CX_T_GPUAI) : CLAIMX_OK;
        if (rc != CLAIMX_OK)
            return rc;
    }
    /* the words of {range_open} ("between", "entre") open a claim too */
    const def *ro = find_def(ld, "range_open", 10);
    const char *v = ro && ro->value ? ro->value : "";
    while (*v) {
        size_t n = strcspn(v, "|");
        bool plain = n > 0;
        for (size_t i = 0; i < n; i++)
            if (!(isalpha((unsigned char)v[i]) || (unsigned char)v[i] >= 0x80 || v[i] == ' '))
                plain = false;
        if (plain) {
            char key[256];
            size_t kl = cx_fold_key(v, strcspn(v, " |"), key, sizeof key);
            int rc = kl ? map_or(&L->anchors, key, kl, CX_T_STARTER) : CLAIMX_OK;
            if (rc != CLAIMX_OK)
                return rc;
        } else if (!(n == 4 && !strncmp(v, "(?!)", 4))) {
            L->prev_any = true;
        }
        v += n;
        if (*v == '|')
            v++;
    }
    return CLAIMX_OK;
}

/* ---------- rules ---------- */

static const char *group_names[CX_G_COUNT] = {
    "num", "num2", "sign", "scale", "scale2", "cur", "cur1", "cur2", "cur3",
    "cents", "tail", "bound", "range", "period", "period0",
    "model", "model2", "vendor", "vendor2", "unit", "chip", "ai"};

void cx_read_groups(const cx_rule *r, pcre2_match_data *md, int rc, cx_groups *g)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    memset(g->set, 0, sizeof g->set);
    /* only the groups the rule has (r->gk, set_code()): the others stay unset */
    for (unsigned i = 0; i < r->ngroups; i++) {
        int k = r->gk[i];
        int n = r->group[k];
        if (n >= rc)
            continue;
        if (ov[2 * n] == PCRE2_UNSET || ov[2 * n + 1] <= ov[2 * n])
            continue;
        g->set[k] = true;
        g->a[k] = ov[2 * n];
        g->b[k] = ov[2 * n + 1];
    }
}

static int kind_of_stem(const char *stem)
{
    if (!strcmp(stem, "money"))
        return CLAIMX_MONEY;
    if (!strcmp(stem, "gpu"))
        return CLAIMX_GPU_COUNT;
    if (!strcmp(stem, "entities"))
        return CLAIMX_ENTITY;
    return 0;
}

/* Must every match of the rule source src set the named group name? True
 * when "(?<name>" is written in src itself and neither it nor any group
 * around it is optional (?, *, {0,) or has an alternative, and src has no
 * top-level alternative. A conservative reading: false when unsure. */
static bool required_at(const char *src, size_t gs);
static bool group_required(const char *src, const char *name)
{
    char open[64];
    snprintf(open, sizeof open, "(?<%s>", name);
    const char *target = strstr(src, open);
    return target && required_at(src, (size_t)(target - src));
}

/* The class opening at src[i] ('['): the index of its closing ']', n when
 * src[0..n) ends first. A ']' right after '[' or "[^" is a member, and so
 * is anything escaped or inside "[:name:]". */
static size_t class_end(const char *src, size_t i, size_t n)
{
    size_t j = i + 1;
    if (j < n && src[j] == '^')
        j++;
    if (j < n && src[j] == ']')
        j++;
    while (j < n && src[j] != ']') {
        if (src[j] == '\\') {
            j++;
        } else if (src[j] == '[' && j + 1 < n && src[j + 1] == ':') {
            const char *e = memchr(src + j + 2, ']', n - j - 2);
            if (e)
                j = (size_t)(e - src);
        }
        j++;
    }
    return j < n ? j : n;
}

/* The end of the group opening at src[i] ('('): the index of its ')', or 0. */
static size_t group_close(const char *src, size_t i)
{
    int depth = 0;
    for (; src[i]; i++) {
        char c = src[i];
        if (c == '\\') {
            if (!src[++i])
                return 0;
        } else if (c == '[') { /* a class: to its closing bracket */
            i++;
            if (src[i] == '^')
                i++;
            if (src[i] == ']')
                i++;
            while (src[i] && src[i] != ']') {
                if (src[i] == '\\' && src[i + 1])
                    i++;
                i++;
            }
            if (!src[i])
                return 0;
        } else if (c == '(') {
            depth++;
        } else if (c == ')' && --depth == 0) {
            return i;
        }
    }
    return 0;
}

/* Does every match of src set group a or group b? True when src holds
 * "(?:(?<a>...)|(?<b>...))" and that group is required (as group_required()
 * reads it): its two alternatives are the two groups, each set when taken. */
static bool either_required(const char *src, const char *a, const char *b)
{
    char open[64];
    snprintf(open, sizeof open, "(?:(?<%s>", a);
    const char *target = strstr(src, open);
    if (!target)
        return false;
    size_t gs = (size_t)(target - src);
    size_t ae = group_close(src, gs + 3);
    if (!ae)
        return false;
    snprintf(open, sizeof open, "|(?<%s>", b);
    size_t ol = strlen(open);
    if (strncmp(src + ae + 1, open, ol))
        return false;
    size_t be = group_close(src, ae + 2);
    return be && src[be + 1] == ')' && group_close(src, gs) == be + 1 && required_at(src, gs);
}

/* The group opening at src[gs]: is it set by every match (see group_required)? */
static bool required_at(const char *src, size_t gs)
{
    enum { MAXD = 64 };
    size_t stack[MAXD];
    bool alt[MAXD + 1] = {false};
    int depth = 0;
    bool required = true;
    size_t n = strlen(src);
    for (size_t i = 0; i < n && required; i++) {
        char c = src[i];
        if (c == '\\') {
            i++;
            continue;
        }
        if (c == '[') { /* a class: to its closing bracket */
            i = class_end(src, i, n);
            continue;
        }
        if (c == '(') {
            if (depth == MAXD)
                return false;
            stack[depth++] = i;
            alt[depth] = false;
        } else if (c == '|') {
            alt[depth] = true;
        } else if (c == ')' && depth > 0) {
            size_t st = stack[--depth];
            bool encloses = st <= gs && i > gs;
            char q = i + 1 < n ? src[i + 1] : '\0';
            bool optional = q == '?' || q == '*' || (q == '{' && i + 2 < n && src[i + 2] == '0');
            /* the group's own alternatives are fine; those around it are not */
            if (encloses && (optional || (alt[depth + 1] && st != gs)))
                required = false;
        }
    }
    return required && !alt[0];
}

/* Two forms of an expanded rule pat, where each word list is defined where
 * first used, "(?<wl_N>FRAG)", and called "(?&wl_N)" after:
 * - probe: each FRAG becomes the alternation of its first units (frag.first),
 *   which start with the same bytes: what the probe compile needs, at a
 *   fraction of the cost;
 * - !probe, the anchored form: the definition of a list the rule names more
 *   than once moves to a (?(DEFINE)...) group at the end and is called there
 *   too. The same matches (a called group is not atomic and these groups are
 *   never read), but PCRE2 JIT then compiles each list once (as the called
 *   function) instead of twice. A list named once stays in place. */
/* A list named more than once is written in place at every use, like a
 * list named once, when its copies add fewer than this many bytes of
 * pattern (its length times its uses less one): the small lists of the GPU
 * chips ("chip|chips|puce|puces"). A called list is a capture group of the
 * pattern, and the JIT pays for every group of the pattern on every match
 * (the ovector it clears and copies, each callout's copy of it) and for
 * each call's frame; a copy costs compile time instead. The same matches
 * (a called group is not atomic, and lists hold no capture). On the 2 MB
 * slice, gpu_chips (83-90 bytes, 2 uses) written in place: replayed GPU
 * attempts 8.78M -> 8.60M Ir, start-up +0.3M Ir. At 256 the GPU adjectives
 * of fr/nl/pt would follow: 0.15M Ir less for 1.9M more start-up; periods
 * (~260 bytes, 7 uses) would save 0.6M Ir of money attempts for 10.8M. */
#define CX_INLINE_COPY_MAX 128

static bool list_in_place(size_t len, unsigned uses)
{
    return uses <= 1 || len * (uses - 1) < CX_INLINE_COPY_MAX;
}

static int rewrite_lists(const loader *ld, const cx_buf *pat, cx_buf *out, bool probe)
{
    const char *s = pat->p ? pat->p : "";
    size_t n = pat->len;
    cx_buf defs = {0};
    /* uses of each list: calls and definitions (a shared pattern of several
     * rules, cx_rule.branch, holds one definition per rule; the first goes to
     * the DEFINE group, the others become calls). A list named once is
     * written in place, (?:FRAG), as a plain group. The same matches (a
     * called group is not atomic, and lists hold no capture), one group and
     * one capture slot less, and JIT compiles it without the call frame. */
    unsigned uses[64] = {0};
    bool defined[64] = {false};
    for (const char *c = s; !probe && (c = strstr(c, "(?&wl_")) != NULL; c += 6) {
        unsigned long v = strtoul(c + 6, NULL, 10);
        if (v < 64)
            uses[v]++;
    }
    for (const char *c = s; !probe && (c = strstr(c, "(?<wl_")) != NULL; c += 6) {
        unsigned long v = strtoul(c + 6, NULL, 10);
        if (v < 64)
            uses[v]++;
    }
    for (size_t i = 0; i < n;) {
        size_t fi = 0, hl = 0;
        const char *fr = NULL;
        if (s[i] == '(' && i + 6 < n && !memcmp(s + i, "(?<wl_", 6)) {
            char *e;
            unsigned long v = strtoul(s + i + 6, &e, 10);
            if (e < s + n && *e == '>' && v < 64 && v < ld->nfrags && ld->used[v]) {
                fi = v;
                hl = (size_t)(e + 1 - (s + i));
                fr = ld->frags[fi].value;
            }
        }
        size_t fl = fr ? strlen(fr) : 0;
        if (fr && i + hl + fl < n && !memcmp(s + i + hl, fr, fl) && s[i + hl + fl] == ')') {
            if (probe) {
                cx_buf_put(out, s + i, hl);
                cx_buf_puts(out, ld->frags[fi].first);
                cx_buf_putc(out, ')');
            } else if (list_in_place(fl, uses[fi])) {
                cx_buf_puts(out, "(?:");
                cx_buf_put(out, fr, fl);
                cx_buf_putc(out, ')');
            } else {
                cx_buf_printf(out, "(?&wl_%zu)", fi);
                if (!defined[fi])
                    cx_buf_put(&defs, s + i, hl + fl + 1);
                defined[fi] = true;
            }
            i += hl + fl + 1;
        } else if (!probe && s[i] == '(' && i + 6 < n && !memcmp(s + i, "(?&wl_", 6)) {
            /* a call: in place too when the list's definition is (above) */
            char *e;
            unsigned long v = strtoul(s + i + 6, &e, 10);
            size_t cl = (size_t)(e + 1 - (s + i));
            if (e < s + n && *e == ')' && v < 64 && v < ld->nfrags && list_in_place(strlen(ld->frags[v].value), uses[v])) {
                cx_buf_puts(out, "(?:");
                cx_buf_puts(out, ld->frags[v].value);
                cx_buf_putc(out, ')');
            } else {
                cx_buf_put(out, s + i, cl);
            }
            i += cl;
        } else {
            const char *nx = memchr(s + i + 1, '(', n - i - 1); /* a definition starts with ( */
            size_t k = nx ? (size_t)(nx - (s + i)) : n - i;
            cx_buf_put(out, s + i, k);
            i += k;
        }
    }
    if (defs.len) {
        cx_buf_puts(out, "(?(DEFINE)");
        cx_buf_put(out, defs.p, defs.len);
        cx_buf_putc(out, ')');
    }
    bool oom = defs.oom;
    cx_buf_free(&defs);
    return oom || out->oom ? CLAIMX_ENOMEM : CLAIMX_OK;
}

/* One grammar piece ("range_sep") of language L compiled alone, anchored,
 * into *out, followed by the text after (a look-ahead: "" for none); *out
 * stays NULL when the pattern set does not define it. */
static int compile_piece(loader *ld, cx_lang *L, const char *name, const char *after, pcre2_code **out,
                         uint8_t *first)
{
    memset(first, 0xFF, 32);
    size_t nl = strlen(name);
    if (!find_def(ld, name, nl))
        return CLAIMX_OK;
    char ref[96];
    snprintf(ref, sizeof ref, "(?:{%s})%s", name, after);
    cx_buf body = {0}, pat = {0};
    memset(ld->used, 0, sizeof ld->used);
    int rc = expand(ld, ref, &body, 0, "patterns/common/numbers.pat", 0);
    if (rc == CLAIMX_OK)
        rc = rewrite_lists(ld, &body, &pat, false);
    cx_buf_free(&body);
    if (rc != CLAIMX_OK) {
        cx_buf_free(&pat);
        return rc;
    }
    int err;
    PCRE2_SIZE off;
    /* the bytes a match can start with, from the piece compiled unanchored
     * (PCRE2 works them out only then) */
    pcre2_code *probe = pcre2_compile((PCRE2_SPTR)(pat.p ? pat.p : ""), pat.len,
                                      PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &err, &off, NULL);
    const uint8_t *fb = NULL;
    uint32_t ftype = 0, funit = 0;
    if (probe && pcre2_pattern_info(probe, PCRE2_INFO_FIRSTBITMAP, &fb) == 0 && fb) {
        memcpy(first, fb, 32);
    } else if (probe && pcre2_pattern_info(probe, PCRE2_INFO_FIRSTCODETYPE, &ftype) == 0 && ftype == 1 &&
               pcre2_pattern_info(probe, PCRE2_INFO_FIRSTCODEUNIT, &funit) == 0 && funit < 128) {
        memset(first, 0, 32);
        first[funit >> 3] |= (uint8_t)(1u << (funit & 7));
        if (isalpha((int)funit))
            first[(funit ^ 0x20) >> 3] |= (uint8_t)(1u << ((funit ^ 0x20) & 7));
    }
    pcre2_code_free(probe);
    *out = pcre2_compile((PCRE2_SPTR)(pat.p ? pat.p : ""), pat.len,
                         PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_ANCHORED, &err, &off, NULL);
    cx_buf_free(&pat);
    if (!*out) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        return fail(ld, "patterns/common/numbers.pat", 0, "{%s} (language %s): %s", name, L->code, (char *)msg);
    }
    pcre2_jit_compile(*out, PCRE2_JIT_COMPLETE); /* no JIT: the interpreter still works */
    return CLAIMX_OK;
}

/* Which word lists a money rule's match starts with when it starts with no
 * digit (cx_rule.lead_keys): a rule that opens with its number, with
 * {lead_number} of the shared grammar (a number in digits, or words of
 * {numbers} starting with a variant of numbers.txt), or with its currency
 * ({currencies}, the list), or with an optional currency then the number.
 * 0 when the rule opens otherwise or a language redefines those pieces. */
/* Does lib/money.c keys_at() find every text a variant matches? It folds
 * ASCII and the Latin-1 letters (U+00C0-U+00FF) of the text and stops at any
 * other character, so a variant is safe unless one of its characters
 * matches, caselessly, an ASCII or Latin-1 letter of another fold: "ı"
 * ("I"), "ſ" ("s"), the Kelvin sign ("k") are refused; "ł", "č", "ƒ",
 * symbols and CJK are fine. */
static bool fold_plain(const char *v)
{
    const unsigned char *u = (const unsigned char *)v;
    size_t n = strlen(v);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = cx_utf8_valid_seq(u + i, n - i, &cp);
        if (k == 0)
            return false;
        i += k;
        if (cp < 0x80 || (cp >= 0xC0 && cp <= 0xFF))
            continue;
        UChar32 c = (UChar32)cp;
        UChar32 other[] = {u_tolower(c), u_toupper(c), u_totitle(c), u_foldCase(c, U_FOLD_CASE_DEFAULT)};
        for (size_t k = 0; k < sizeof other / sizeof *other; k++)
            if (other[k] != c && (other[k] < 0x80 || (other[k] >= 0xC0 && other[k] <= 0xFF)))
                return false;
    }
    return true;
}

static bool same_fold(const char *a, const char *b)
{
    char ka[256], kb[256];
    size_t na = cx_fold_key(a, strlen(a), ka, sizeof ka), nb = cx_fold_key(b, strlen(b), kb, sizeof kb);
    return na == nb && !memcmp(ka, kb, na);
}

static bool shared_number_grammar(const loader *ld)
{
    static const char *const shared[] = {"lead_number", "number", "digits", "spelled"};
    if (find_def(ld, "numbers", 7) || find_def(ld, "currencies", 10))
        return false;
    for (size_t i = 0; i < sizeof shared / sizeof *shared; i++) {
        const def *x = find_def(ld, shared[i], strlen(shared[i]));
        if (!x || strcmp(x->scope, "common"))
            return false;
    }
    return true;
}

/* May lib/money.c's range_sep piece (L->range_sep) refuse a separator that
 * ends between two letters (the "a" of "aceleradores", of "até")? Yes when
 * every definition the language sees that names {range_sep} is a rule that
 * names it once, as (?:{range_sep})\s?(?:(?<cur2>{currencies})\s?)?(?<num2>{number})
 * with the shared number grammar and currencies.txt (shared_number_grammar()): there
 * \s? takes no letter, {number} is {digits} (a digit first) or {spelled}
 * ((?<!\p{L}) first), and {currencies} puts its variants that start with a
 * letter behind (?<!\p{L}) (build_list_frag); one that starts with another
 * character must not match a letter caselessly (checked here). So no match
 * of such a rule has its separator end between two letters. */
static bool range_sep_unglued(const loader *ld)
{
    static const char shape[] = "(?:{range_sep})\\s?(?:(?<cur2>{currencies})\\s?)?(?<num2>{number})";
    if (!shared_number_grammar(ld))
        return false;
    for (size_t i = 0; i < ld->ndefs; i++) {
        const def *d = &ld->defs[i];
        if ((strcmp(d->scope, "common") && strcmp(d->scope, ld->lang)) || !strstr(d->value, "{range_sep}"))
            continue;
        const char *at = strstr(d->value, shape);
        if (kind_of_stem(d->stem) != CLAIMX_MONEY || d->name[0] == '_' || !at ||
            strstr(d->value, "{range_sep}") != at + 3 || strstr(at + 4, "{range_sep}"))
            return false;
    }
    for (size_t r = 0; r < ld->nitems; r = ld->items[r].run_end) {
        if (!item_visible(ld, &ld->items[r], "currencies"))
            continue; /* (one file's items: one list, one scope) */
        for (size_t i = r; i < ld->items[r].run_end; i++) {
            const item *it = &ld->items[i];
            if (is_letter_at(it->variant, strlen(it->variant), false))
                continue;
            uint32_t cp = 0;
            const unsigned char *u = (const unsigned char *)it->variant;
            if (!cx_utf8_valid_seq(u, strlen(it->variant), &cp))
                return false;
            UChar32 c = (UChar32)cp;
            if (u_isalpha(u_tolower(c)) || u_isalpha(u_toupper(c)) || u_isalpha(u_foldCase(c, U_FOLD_CASE_DEFAULT)))
                return false;
        }
    }
    return true;
}

/* Does {range_sep} end at one place wherever it matches? Yes when it is a
 * list of literal words ("-|–|—|to") of which none, folded as the keys are
 * (cx_fold_key(); fold_plain(): no character matches another caselessly
 * that the fold keeps apart), is a proper prefix of another: two of them
 * that match at one place match the same text. */
static bool range_sep_one_end(const loader *ld)
{
    const def *d = find_def(ld, "range_sep", 9);
    if (!d)
        return false;
    char alt[16][64];
    size_t nalt = 0, fl[16];
    for (const char *a = d->value;;) {
        size_t n = strcspn(a, "|");
        if (n == 0 || n >= 64 || nalt == 16)
            return false;
        char w[64];
        memcpy(w, a, n);
        w[n] = '\0';
        for (size_t i = 0; i < n; i++)
            if (strchr("\\^$.?*+()[]{}# \t", w[i]))
                return false;
        if (!fold_plain(w))
            return false;
        fl[nalt] = cx_fold_key(w, n, alt[nalt], sizeof alt[nalt]);
        if (fl[nalt] == 0)
            return false;
        nalt++;
        if (!a[n])
            break;
        a += n + 1;
    }
    for (size_t i = 0; i < nalt; i++)
        for (size_t j = 0; j < nalt; j++)
            if (fl[i] < fl[j] && !memcmp(alt[i], alt[j], fl[i]))
                return false;
    return true;
}

/* Per language, before its rules: which lists keys_at() may read
 * (ld->keys_ok; none unless the number grammar is the shared one) and
 * whether every numbers.txt variant starts with a letter (ld->follow_ok). */
static void keys_ok_of(loader *ld)
{
    ld->keys_ok = 0;
    ld->follow_ok = false;
    if (!shared_number_grammar(ld))
        return;
    uint8_t ok = CX_KEYS_NUMBERS | CX_KEYS_CURRENCIES | CX_KEYS_SCALES | CX_KEYS_CUR_NO_DIGIT | CX_KEYS_SUBUNITS;
    bool follow = true;
    for (size_t r = 0; r < ld->nitems; r = ld->items[r].run_end) {
        const item *it0 = &ld->items[r];
        uint8_t bit = item_visible(ld, it0, "numbers") ? CX_KEYS_NUMBERS
                    : item_visible(ld, it0, "currencies") ? CX_KEYS_CURRENCIES
                    : item_visible(ld, it0, "scales") ? CX_KEYS_SCALES
                    : item_visible(ld, it0, "subunits") ? CX_KEYS_SUBUNITS : 0;
        for (size_t i = r; bit && i < it0->run_end; i++) {
            const item *it = &ld->items[i];
            unsigned char c = (unsigned char)it->variant[0];
            if (bit == CX_KEYS_NUMBERS && !(isalpha(c) || c >= 0x80))
                follow = false;
            if (!fold_plain(it->variant))
                ok &= (uint8_t)~bit;
            if (bit == CX_KEYS_CURRENCIES && strpbrk(it->variant, "0123456789"))
                ok &= (uint8_t)~CX_KEYS_CUR_NO_DIGIT;
            /* keys_at() takes a joining word ("+": "et", "e") for none, as
             * {numbers} does: not when a number word folds the same */
            if (bit == CX_KEYS_NUMBERS && !strcmp(it->key, "+"))
                for (size_t q = 0; q < ld->nitems; q = ld->items[q].run_end) {
                    if (!item_visible(ld, &ld->items[q], "numbers"))
                        continue;
                    for (size_t j = q; j < ld->items[q].run_end; j++) {
                        const item *o = &ld->items[j];
                        if (strcmp(o->key, "+") && same_fold(o->variant, it->variant))
                            ok &= (uint8_t)~CX_KEYS_NUMBERS;
                    }
                }
        }
    }
    ld->keys_ok = ok;
    ld->follow_ok = follow;
}

static uint8_t lead_keys(const loader *ld, const char *src)
{
    uint8_t ok = ld->keys_ok;
    static const struct {
        const char *head;
        uint8_t keys;
    } heads[] = {
        {"(?<num>{lead_number})", CX_KEYS_NUMBERS},
        {"(?<cur>{currencies})", CX_KEYS_CURRENCIES},
        {"(?:(?<cur>{currencies})\\s?)?(?<num>{lead_number})", CX_KEYS_CURRENCIES | CX_KEYS_NUMBERS},
    };
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
        if (!strncmp(src, heads[i].head, strlen(heads[i].head)))
            return (heads[i].keys & ok) == heads[i].keys ? heads[i].keys : 0;
    return 0;
}

/* cx_rule.list_next: the rule opens with (?<num>{lead_number}) of the shared
 * grammar, then one of the heads below, and scales, currencies and subunits
 * are the word lists (no definition replaces them): right after the number,
 * past at most one white space, a variant of those lists starts, or "-".
 * The scan's flags of those lists' words (lib/money.c word_flags_at()),
 * 0 for none. */
static uint32_t list_next(const loader *ld, const char *src)
{
    static const char head[] = "(?<num>{lead_number})";
    static const struct {
        const char *next;
        uint32_t flags;
    } next[] = {
        {"(?:\\s?+(?<scale>{scales}){_of}|\\s?|-)(?<cur1>{currencies}|{subunits})", CX_T_SCALE | CX_T_CURRENCYISH},
        {"(?:\\s?+(?<scale>{scales}){_of}|\\s?|-)(?<cur1>{currencies})", CX_T_SCALE | CX_T_CURRENCYISH},
        {"\\s?(?<cur1>{currencies})", CX_T_CURRENCYISH},
    };
    if (strncmp(src, head, sizeof head - 1) || !shared_number_grammar(ld) || find_def(ld, "scales", 6) ||
        find_def(ld, "subunits", 8))
        return 0;
    src += sizeof head - 1;
    for (size_t i = 0; i < sizeof next / sizeof *next; i++)
        if (!strncmp(src, next[i].next, strlen(next[i].next)))
            return next[i].flags;
    return 0;
}

/* The longest start of rule source src made of whole top-level items
 * (atoms, groups, classes, each with its quantifier) that names no
 * fragment or list ({name}) nor holds a callout: every match of the rule
 * starts with a match of it. Its length; 0 when src is an alternation at
 * its top level. */
static size_t list_free_prefix(const char *src)
{
    size_t n = strlen(src), cut = n, item = 0;
    int depth = 0;
    bool cls = false;
    for (size_t i = 0; i < n; i++) {
        char c = src[i];
        if (c == '\\') {
            if (depth == 0 && !cls)
                item = i;
            i++;
            if (i + 1 < n && isalpha((unsigned char)src[i]) && src[i + 1] == '{')
                while (i < n && src[i] != '}')
                    i++; /* \p{L}, \x{20AC} */
            continue;
        }
        if (cls) {
            cls = c != ']';
            continue;
        }
        if (c == '[') {
            if (depth == 0)
                item = i;
            cls = true;
            if (src[i + 1] == '^')
                i++;
            if (src[i + 1] == ']')
                i++;
        } else if (c == '(') {
            if (depth == 0)
                item = i;
            depth++;
            if (src[i + 1] == '?' && src[i + 2] == 'C' && cut == n)
                cut = depth == 1 ? i : item; /* a callout: the piece runs without the rule's */
        } else if (c == ')') {
            depth--;
        } else if (c == '|' && depth == 0) {
            return 0;
        } else if (c == '{' && isdigit((unsigned char)src[i + 1])) {
            while (i < n && src[i] != '}')
                i++; /* a quantifier {n,m} */
        } else if (c == '{') {
            if (cut == n)
                cut = depth == 0 ? i : item;
        } else if (c != '?' && c != '*' && c != '+' && depth == 0) {
            item = i;
        }
    }
    return cut;
}

/* cx_rule.head / tail: the list_free_prefix() of src compiled alone,
 * anchored and JIT-ed; none (NULL) when it may match the empty string or
 * does not compile alone. */
static int compile_prefix(loader *ld, const char *src, pcre2_code **out)
{
    *out = NULL;
    size_t n = list_free_prefix(src);
    if (n == 0)
        return CLAIMX_OK;
    char *part = malloc(n + 1);
    if (!part)
        return CLAIMX_ENOMEM;
    memcpy(part, src, n);
    part[n] = '\0';
    cx_buf body = {0};
    memset(ld->used, 0, sizeof ld->used);
    int rc = expand(ld, part, &body, 0, "", 0);
    free(part);
    memset(ld->used, 0, sizeof ld->used);
    if (rc != CLAIMX_OK || body.oom || !body.p) {
        cx_buf_free(&body);
        return rc == CLAIMX_ENOMEM || body.oom ? CLAIMX_ENOMEM : CLAIMX_OK;
    }
    int err;
    PCRE2_SIZE off;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)body.p, body.len,
                                     PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_ANCHORED, &err, &off, NULL);
    cx_buf_free(&body);
    uint32_t minlen = 0;
    if (!code || pcre2_pattern_info(code, PCRE2_INFO_MINLENGTH, &minlen) != 0 || minlen == 0 ||
        pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) != 0) {
        pcre2_code_free(code);
        return CLAIMX_OK;
    }
    *out = code;
    return CLAIMX_OK;
}

/* What may follow the number of a money rule that opens with it
 * ((?<num>{lead_number}) of the shared grammar, whose numbers.txt words all
 * start with a letter: at a digit, the number is {digits}): the rest of the
 * rule, with a leading \s? set aside (*ws), compiled alone unanchored, and
 * the bytes PCRE2 says a match of it starts with (none when it may match
 * the empty string). lib/money.c tries the rule at a digit only where one
 * of them comes after a reading of the number. */
static bool follow_bytes(loader *ld, const char *src, uint8_t *bits, bool *ws)
{
    static const char head[] = "(?<num>{lead_number})";
    if (strncmp(src, head, sizeof head - 1) || !ld->follow_ok)
        return false;
    const char *rest = src + sizeof head - 1;
    *ws = !strncmp(rest, "\\s?", 3);
    if (*ws)
        rest += 3;
    /* a rest that may start with white space ("(?:\s?{scales}|\s?|-)")
     * would give a test that passes after nearly every number: not worth
     * its compile time */
    if (!strncmp(rest, "(?:\\s", 5))
        return false;
    cx_buf body = {0}, pb = {0};
    memset(ld->used, 0, sizeof ld->used);
    int rc = expand(ld, rest, &body, 0, "", 0);
    if (rc == CLAIMX_OK)
        rc = rewrite_lists(ld, &body, &pb, true);
    cx_buf_free(&body);
    int err;
    PCRE2_SIZE off;
    pcre2_code *probe = rc == CLAIMX_OK && !pb.oom && pb.p ? pcre2_compile((PCRE2_SPTR)pb.p, pb.len,
                                                            PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &err, &off, NULL)
                                                 : NULL;
    cx_buf_free(&pb);
    memset(ld->used, 0, sizeof ld->used);
    const uint8_t *fb = NULL;
    uint32_t ftype = 0, funit = 0;
    bool ok = false;
    if (probe && pcre2_pattern_info(probe, PCRE2_INFO_FIRSTBITMAP, &fb) == 0 && fb) {
        memcpy(bits, fb, 32);
        ok = true;
    } else if (probe && pcre2_pattern_info(probe, PCRE2_INFO_FIRSTCODETYPE, &ftype) == 0 && ftype == 1 &&
               pcre2_pattern_info(probe, PCRE2_INFO_FIRSTCODEUNIT, &funit) == 0 && funit < 128) {
        /* one first byte (caseless: both cases of a letter) */
        memset(bits, 0, 32);
        bits[funit >> 3] |= (uint8_t)(1u << (funit & 7));
        if (isalpha((int)funit))
            bits[(funit ^ 0x20) >> 3] |= (uint8_t)(1u << ((funit ^ 0x20) & 7));
        ok = true;
    }
    pcre2_code_free(probe);
    return ok;
}

/* ---------- the words a GPU rule's text holds before its required word ----------
 *
 * A GPU rule's matches hold a required group W (unit or chip, AI qualifier,
 * model), written at the top level of the rule; everything the rule matches
 * before W is matched by its source before W (M). Each letter run of a text
 * word that starts at or after the count and before W is then matched from
 * the start of a letter run ("piece") of M: of a variant of a list that M
 * names, or of a literal word of M's source (letter runs of the text and of
 * the pieces meet the same non-letters, and a letter of the source is never
 * optional on its own: such a rule gets no test). The first text word that
 * starts inside W starts with the first piece of a W list's variant (every
 * variant holds a letter; before W's first letter only non-letters, and a
 * W list's word boundary keeps it off a letter before W). So a
 * text word after the count that starts with no piece of M and none of W
 * means the rule cannot match there (lib/gpu.c, follow_at).
 * A piece is "exact" when the text word must end with it (a non-letter or the
 * list's word boundary follows it), else a prefix of the text word (a variant's
 * space matches no space too; a number word may be glued: "tweeduizend").
 * Letters are ASCII and Latin-1 (C3 xx); a source or list with other letters
 * gets no test (their case partners, such as the long s, fold differently). */

typedef struct follow_ctx {
    loader *ld;
    cx_lang *L;
    unsigned shift; /* 4k for rule k */
    bool ok;        /* false: the rule gets no test */
    int rc;
} follow_ctx;

/* A Latin-1 letter C3 xx (not C3 97 or C3 B7: the multiplication and division signs)? */
static bool latin1_letter(const unsigned char *u) { return u[0] == 0xC3 && u[1] >= 0x80 && u[1] <= 0xBF && u[1] != 0x97 && u[1] != 0xB7; }

static void follow_add(follow_ctx *f, const char *s, size_t n, unsigned bits)
{
    char key[64];
    size_t k = 0;
    if (n == 0)
        return;
    if (n >= sizeof key) {
        f->ok = false;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xC3 && i + 1 < n) { /* as gpu.c folds the text */
            unsigned char d = (unsigned char)s[++i];
            key[k++] = (char)c;
            key[k++] = (char)(d < 0x9F && d != 0x97 ? d + 0x20 : d);
        } else {
            key[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
    }
    if (f->rc == CLAIMX_OK)
        f->rc = map_or(&f->L->gpu_follow, key, k, (int64_t)bits << f->shift);
}

/* The pieces of every variant of the list a fragment was built from. */
static void follow_list(follow_ctx *f, size_t fi, bool w)
{
    if (fi >= f->ld->nfrags) {
        f->ok = false;
        return;
    }
    char list[64];
    snprintf(list, sizeof list, "%s", f->ld->frags[fi].name);
    size_t nl = strlen(list);
    if (nl > 5 && !strcmp(list + nl - 5, "_join"))
        list[nl - 5] = '\0';
    bool bounded = strcmp(list, "numbers") != 0;
    if (w && !bounded)
        f->ok = false;
    for (size_t i = 0, re = 0; i < f->ld->nitems && f->ok; i++) {
        if (i == re) { /* a run: the items of one file, one list */
            re = f->ld->items[i].run_end;
            if (!item_visible(f->ld, &f->ld->items[i], list)) {
                i = re - 1;
                continue;
            }
        }
        const unsigned char *v = (const unsigned char *)f->ld->items[i].variant;
        size_t n = strlen((const char *)v);
        bool letter = false;
        for (size_t j = 0; j < n;) {
            size_t a = j;
            while (j < n && (isalpha(v[j]) || (j + 1 < n && latin1_letter(v + j))))
                j += v[j] < 0x80 ? 1 : 2;
            if (j > a) {
                if (w && letter) /* W: its first word starts with the first piece */
                    break;
                letter = true;
                /* a space matches no space too; a number word may be glued to the next */
                bool prefix = j < n ? v[j] == ' ' : !bounded;
                follow_add(f, (const char *)v + a, j - a, w ? (prefix ? CX_FOL_WP : CX_FOL_WX) : (prefix ? CX_FOL_MP : CX_FOL_MX));
                continue;
            }
            if (v[j] >= 0x80) {
                uint32_t cp;
                size_t k = cx_utf8_valid_seq(v + j, n - j, &cp);
                if (!k || u_isalpha((UChar32)cp) || u_charType((UChar32)cp) == U_NON_SPACING_MARK) {
                    f->ok = false; /* a letter other than ASCII and Latin-1 */
                    return;
                }
                j += k;
            } else {
                j++;
            }
        }
        if (w && !letter)
            f->ok = false; /* W must start a text word */
    }
}

/* After a literal letter run ending at src[i]: must the text word end there? */
static bool follow_exact(const char *src, size_t i, size_t end)
{
    while (i < end) {
        char c = src[i];
        if (c == ')') {
            i++;
            if (i < end && src[i] == '?')
                i++;
            else if (i < end && strchr("*+{", src[i]))
                return false;
            continue;
        }
        if (c == '|') { /* on after the enclosing group */
            int depth = 0;
            for (; i < end; i++) {
                if (src[i] == '\\') {
                    i++;
                } else if (src[i] == '[') { /* a class: to its closing bracket */
                    i = class_end(src, i, end);
                } else if (src[i] == '(')
                    depth++;
                else if (src[i] == ')' && depth-- == 0)
                    break;
            }
            continue;
        }
        /* the look-aheads of the lists and {_gpu_model}: no letter follows (a letter) */
        static const char *const no_letter[] = {"(?![\\p{L}\\p{N}])", "(?!\\p{L}(?<=\\p{L}\\p{L}))", "(?!\\p{L})"};
        for (int k = 0; k < 3; k++)
            if (!strncmp(src + i, no_letter[k], strlen(no_letter[k])))
                return true;
        if (c == '\\') {
            if (src[i + 1] != 's' && isalnum((unsigned char)src[i + 1]))
                return false;
            return !src[i + 1] || !src[i + 2] || !strchr("?*{", src[i + 2]);
        }
        if (isalpha((unsigned char)c) || (unsigned char)c >= 0x80 || strchr("([.^$?*+{", c))
            return false;
        return !strchr("?*{", src[i + 1]);
    }
    return false;
}

/* Read src[from, to): list fragments and literal pieces (w: of W, where no
 * literal letter may be). */
static void follow_scan(follow_ctx *f, const char *src, size_t from, size_t to, bool w)
{
    const unsigned char *u = (const unsigned char *)src;
    for (size_t i = from; i < to && f->ok && f->rc == CLAIMX_OK;) {
        char c = src[i];
        if (c == '\\') {
            char e = src[i + 1];
            if (e != 's' && isalnum((unsigned char)e)) {
                f->ok = false; /* \p, \d, \w, \x, ... */
                return;
            }
            i += 2;
        } else if (c == '[') {
            size_t j = i + 1;
            if (src[j] == '^') {
                f->ok = false;
                return;
            }
            if (src[j] == ']')
                j++;
            for (; j < to && src[j] != ']'; j++) {
                if (src[j] == '\\' || isalpha((unsigned char)src[j]) || (unsigned char)src[j] >= 0x80) {
                    f->ok = false;
                    return;
                }
            }
            i = j + 1;
        } else if (c == '(') {
            if (src[i + 1] != '?') {
                i++;
            } else if (src[i + 2] == '!' || src[i + 2] == '=' ||
                       (src[i + 2] == '<' && (src[i + 3] == '!' || src[i + 3] == '='))) {
                size_t e = group_close(src, i); /* a look-around matches no text */
                if (!e) {
                    f->ok = false;
                    return;
                }
                i = e + 1;
            } else if (!strncmp(src + i, "(?<wl_", 6) || !strncmp(src + i, "(?&wl_", 6)) {
                char *e;
                unsigned long v = strtoul(src + i + 6, &e, 10);
                follow_list(f, v, w);
                if (src[i + 2] == '&') {
                    i = (size_t)(e - src) + 1;
                } else {
                    size_t ge = group_close(src, i);
                    if (!ge) {
                        f->ok = false;
                        return;
                    }
                    i = ge + 1;
                }
            } else if (src[i + 2] == ':' || src[i + 2] == '>') {
                i += 3;
            } else if (src[i + 2] == '<') {
                const char *gt = strchr(src + i, '>');
                if (!gt) {
                    f->ok = false;
                    return;
                }
                i = (size_t)(gt - src) + 1;
            } else {
                f->ok = false;
                return;
            }
        } else if (c == '.') {
            f->ok = false;
            return;
        } else if (isalpha((unsigned char)c) || u[i] >= 0x80) {
            size_t j = i;
            while (j < to && (isalpha(u[j]) || (j + 1 < to && latin1_letter(u + j))))
                j += u[j] < 0x80 ? 1 : 2;
            if (j == i || w || (j < to && strchr("?*+{", src[j]))) {
                f->ok = false; /* another letter, a literal in W, or a letter of its own optional */
                return;
            }
            follow_add(f, src + i, j - i, follow_exact(src, j, to) ? CX_FOL_MX : CX_FOL_MP);
            i = j;
        } else {
            i++;
        }
    }
}

/* The follow test of a GPU rule (expanded source src, its lists still marked
 * "(?<wl_N>...)" / "(?&wl_N)"): *follow = k + 1, or 0 when it can have none. */
static int follow_rule(loader *ld, cx_lang *L, const char *src, uint32_t needs_gpu, uint32_t needs_gpu_any,
                       bool ai_required, uint8_t *follow)
{
    *follow = 0;
    uint32_t used = L->gpu_follow_rules;
    unsigned k = 0;
    while (k < CX_FOL_MAX && (used >> k & 1))
        k++;
    if (k == CX_FOL_MAX)
        return CLAIMX_OK;
    /* W: the leftmost of the rule's required groups of GPU words */
    size_t ws = (size_t)-1;
    const char *p;
    if (needs_gpu_any && (p = strstr(src, "(?:(?<unit>"))) /* either_required(src, "unit", "chip") */
        ws = (size_t)(p - src);
    static const char *const names[] = {"(?<chip>", "(?<ai>", "(?<model>"};
    const bool required[] = {needs_gpu & CX_T_GPUCHIP, ai_required, needs_gpu & CX_T_GPUMODEL}; /* group_required() */
    for (int i = 0; i < 3; i++)
        if (required[i] && (p = strstr(src, names[i])) && (size_t)(p - src) < ws)
            ws = (size_t)(p - src);
    if (ws == (size_t)-1)
        return CLAIMX_OK;
    size_t we = group_close(src, ws);
    /* all of the source before it is matched before it: the groups around it
     * (required: no alternative, not optional) are plain ones, not repeated */
    size_t open[64];
    int depth = 0;
    for (size_t i = 0; i < ws; i++) {
        if (src[i] == '\\') {
            i++;
        } else if (src[i] == '[') {
            i = class_end(src, i, ws);
        } else if (src[i] == '(') {
            if (depth == 64)
                return CLAIMX_OK;
            open[depth++] = i;
        } else if (src[i] == ')') {
            if (depth == 0)
                return CLAIMX_OK;
            depth--;
        }
    }
    if (!we)
        return CLAIMX_OK;
    for (int d = 0; d < depth; d++) {
        const char *g = src + open[d];
        size_t ge = group_close(src, open[d]);
        bool plain = g[1] != '?' || g[2] == ':' || g[2] == '>' || (g[2] == '<' && g[3] != '=' && g[3] != '!');
        if (!plain || !ge || (src[ge + 1] && strchr("?*+{", src[ge + 1])))
            return CLAIMX_OK;
    }
    follow_ctx f = {ld, L, 4 * k, true, CLAIMX_OK};
    follow_scan(&f, src, 0, ws, false);
    follow_scan(&f, src, ws, we + 1, true);
    if (f.rc == CLAIMX_OK && f.ok) {
        *follow = (uint8_t)(k + 1);
        L->gpu_follow_rules |= 1u << k;
    } else { /* no test: the bits it added go (a key left with none matters to no rule) */
        for (size_t i = 0; i < L->gpu_follow.cap; i++)
            L->gpu_follow.vals[i].val &= ~((int64_t)15 << (4 * k));
    }
    int rc = f.rc;
    return rc;
}

/* Give rule r its compiled code: its own (branch 0, groups read by name),
 * or branch k of a shared pattern with its group numbers in grp. */
static void set_code(cx_rule *r, pcre2_code *code, uint8_t branch, const int *grp, uint32_t *max_groups)
{
    r->code = code;
    r->branch = branch;
    r->owns_code = branch <= 1;
    size_t jsize = 0;
    r->jit = pcre2_pattern_info(code, PCRE2_INFO_JITSIZE, &jsize) == 0 && jsize > 0;
    for (int g = 0; g < CX_G_COUNT; g++) {
        int num = grp ? grp[g] : pcre2_substring_number_from_name(code, (PCRE2_SPTR)group_names[g]);
        r->group[g] = num > 0 ? num : -1;
    }
    r->ngroups = 0;
    for (int g = 0; g < CX_G_COUNT; g++)
        if (r->group[g] >= 0)
            r->gk[r->ngroups++] = (uint8_t)g;
    uint32_t cc = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &cc);
    if (cc + 1 > *max_groups)
        *max_groups = cc + 1;
}

/* The pattern text (bytes) of the word lists a rule names along with other
 * rules that makes it share their compiled pattern (compile_shared). At 256
 * every built-in money and GPU rule shares (the smallest shared part is the
 * numbers list): start-up 153.1M -> 145.5M Ir, extraction of the 2 MB slice
 * 388.4M -> 390.6M Ir (at 1024 the two mcode rules and fr/nl gpu/model
 * stayed alone). */
#define CX_SHARED_LIST_MIN 256

/* Can rule text src (expanded, before rewrite_lists()) be a branch of a
 * shared pattern? Its groups lose their names there and are renumbered, so
 * it must not refer to a group of its own (by name, number or recursion),
 * nor hold callouts, comments (unname_branches() reads one as the start of
 * the last branch), conditions or branch resets of its own. */
static bool shareable(const char *src, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        i += strcspn(src + i, "\\("); /* only an escape or a group matters (src ends with a NUL) */
        if (i + 1 >= n)
            break;
        const char *c = src + i;
        if (c[0] == '\\') {
            if (c[1] == 'k' || c[1] == 'g') /* \k<name> \g{1} */
                return false;
            i++;
        } else if (c[0] == '(' && c[1] == '*') { /* (*VERB) */
            return false;
        } else if (c[0] == '(' && c[1] == '?' && i + 2 < n) {
            char d = c[2];
            bool rel = (d == '+' || d == '-') && i + 3 < n && c[3] >= '0' && c[3] <= '9'; /* not (?-i: */
            if (d == 'C' || d == '#' || d == '(' || d == '|' || d == 'P' || d == 'R' || rel || (d >= '0' && d <= '9') ||
                (d == '&' && (n - i < 6 || memcmp(c, "(?&wl_", 6))))
                return false; /* callouts, conditions, branch resets, calls other than a word list's */
        }
    }
    return true;
}

/* s[0..n): "(?|(?C1)(*COMMIT)(?:RULE1)|...|(?#last)(?:RULEn))" (each branch
 * but the last may open with a guard, branch_guard()) then the DEFINE group of
 * rewrite_lists(). Copies it to out with the rules' group names removed, so
 * the branch reset numbers each branch's groups from 1 (a callout copies
 * every group of the pattern: fewer groups, cheaper callouts), and fills
 * grp[k] with the number of each of group_names in branch k (-1: none).
 * *top: the most groups of a branch. False on a form it does not know. */
static bool unname_branches(const char *s, size_t n, cx_buf *out, int (*grp)[CX_G_COUNT], size_t nb, uint32_t *top)
{
    const char *def = NULL;
    for (const char *c = s; (c = memmem(c, n - (size_t)(c - s), "(?(DEFINE)", 10)) != NULL; c++)
        def = c;
    size_t end = def ? (size_t)(def - s) : n;
    long b = -1;
    uint32_t count = 0;
    *top = 0;
    for (size_t k = 0; k < nb; k++)
        for (int g = 0; g < CX_G_COUNT; g++)
            grp[k][g] = -1;
    size_t i = 0, from = 0;
    while (i < end) {
        char c = s[i];
        if (c == '\\') {
            i += 2;
        } else if (c == '[') {
            i = class_end(s, i, end) + 1;
        } else if (c == '(' && i + 2 < end) {
            const char *q = s + i + 1;
            if (q[0] == '?' && (q[1] == 'C' || q[1] == '#')) { /* the next branch (the last: a comment) */
                if (++b >= (long)nb)
                    return false;
                count = 0;
                i += 2;
            } else if (q[0] != '?' && q[0] != '*') {
                count++;
                i++;
            } else if (q[0] == '?' && q[1] == '<' && q[2] != '=' && q[2] != '!') {
                const char *e = memchr(q + 2, '>', end - i - 3);
                if (!e || b < 0)
                    return false;
                count++;
                size_t nl = (size_t)(e - (q + 2));
                for (int g = 0; g < CX_G_COUNT; g++)
                    if (strlen(group_names[g]) == nl && !memcmp(q + 2, group_names[g], nl))
                        grp[b][g] = (int)count;
                cx_buf_put(out, s + from, i + 1 - from); /* up to "(" */
                i = from = (size_t)(e + 1 - s);
            } else if (q[0] == '?' && (q[1] == '\'' || q[1] == 'P')) {
                return false;
            } else {
                i++;
            }
            if (count > *top)
                *top = count;
        } else {
            i++;
        }
    }
    cx_buf_put(out, s + from, n - from);
    return b + 1 == (long)nb && !out->oom;
}

/* Capturing groups opened in src[0..n): "(" not followed by "?" or "*",
 * and the named forms "(?<name>", "(?'name'", "(?P<name>". Skips escapes,
 * character classes and the condition of a conditional group. */
static uint32_t count_captures(const char *src, size_t n)
{
    uint32_t count = 0;
    for (size_t i = 0; i < n; i++) {
        char c = src[i];
        if (c == '\\') {
            i++;
        } else if (c == '[') {
            i = class_end(src, i, n);
        } else if (c == '(' && i + 1 < n) {
            const char *q = src + i + 1;
            size_t left = n - i - 1;
            if (*q != '?' && *q != '*')
                count++;
            else if (left >= 3 && q[0] == '?' && q[1] == '<' && q[2] != '=' && q[2] != '!')
                count++;
            else if (left >= 2 && q[0] == '?' && q[1] == '\'')
                count++;
            else if (left >= 3 && q[0] == '?' && q[1] == 'P' && q[2] == '<')
                count++;
            else if (left >= 3 && q[0] == '?' && q[1] == '(' && q[2] != '?') { /* (?(DEFINE) (?(name) (?(1) */
                const char *e = memchr(q + 2, ')', left - 2);
                if (e)
                    i = (size_t)(e - src);
            }
        }
    }
    return count;
}

/* Before the callout of a rule's branch: a look-ahead class of the
 * characters its match can start with (cx_rule.first: the ASCII bytes, and
 * every non-ASCII character when a lead byte is there). A branch the text
 * at the start cannot open then fails at one class test, without its
 * callout; it is a necessary condition of the branch, so each rule matches
 * as before (and the attempt of the wanted rule passed cx_try_rule()'s test
 * of the same bytes). Nothing when the rule's first bytes are not known,
 * or when the class would let every byte through that the other branches'
 * matches start with (others). */
static void branch_guard(cx_buf *b, const cx_rule *r, const uint8_t *others)
{
    if (!r->has_first)
        return;
    bool non_ascii = false, skips = false;
    for (unsigned c = 0xC0; c < 256; c++)
        non_ascii |= (r->first[c >> 3] >> (c & 7)) & 1;
    /* only where another branch's attempt may start with a character the
     * class refuses (the GPU rules all open with a count: none) */
    for (unsigned c = 0; c < 256 && !skips; c++)
        skips = ((others[c >> 3] >> (c & 7)) & 1) && !(c < 128 ? (r->first[c >> 3] >> (c & 7)) & 1 : non_ascii);
    if (!skips)
        return;
    /* case-sensitive: the bytes are PCRE2's, other cases included (and a
     * caseless class of every non-ASCII character is slow to compile) */
    cx_buf_puts(b, "(?=(?-i)[");
    for (unsigned c = 0; c < 128; c++) {
        if (!((r->first[c >> 3] >> (c & 7)) & 1))
            continue;
        unsigned e = c; /* a run of bytes: one range */
        while (e + 1 < 128 && ((r->first[(e + 1) >> 3] >> ((e + 1) & 7)) & 1))
            e++;
        if (e == c)
            cx_buf_printf(b, "\\x{%x}", c);
        else
            cx_buf_printf(b, "\\x{%x}-\\x{%x}", c, e);
        c = e;
    }
    if (non_ascii)
        cx_buf_puts(b, "\\x{80}-\\x{10ffff}");
    cx_buf_puts(b, "])");
}

/* Under PCRE2_UCP, \s is every character of \p{Z}, \h or \v (pcre2pattern),
 * and \p{Z} (Zs, Zl, Zp) lies inside \h and \v: so CX_UCP_SPACE, [\h\v],
 * matches exactly the characters \s does (tests/test_patterns.c compares the
 * two over every code point with the PCRE2 we link), and X?+ matches the same
 * as \s?+ for a class X of the same characters. The JIT tests \h and \v as
 * lists of code points instead of looking up the Unicode properties of the
 * character, which costs less on the rule attempts: cx_extract_timed about 1.0M
 * Ir less on the 2 MB slice. Only the possessive \s?+ of the branches are
 * rewritten (before upto: the DEFINE group of the word lists stays as it is):
 * they are tried on nearly every attempt (the number's scale, {_of}, {_post}),
 * and each class costs more to compile than \s; rewriting every \s? too would
 * save 0.4M Ir more but cost 0.8M Ir of start-up. Classes ([\s]) and other
 * escapes (\\s) are copied as they are. */
void cx_spell_spaces(const char *p, size_t n, size_t upto, cx_buf *out)
{
    size_t i = 0, from = 0;
    while (i < upto && i < n) {
        if (p[i] == '\\' && i + 1 < n) {
            if (p[i + 1] == 's' && i + 3 < n && p[i + 2] == '?' && p[i + 3] == '+') {
                cx_buf_put(out, p + from, i - from);
                cx_buf_puts(out, CX_UCP_SPACE);
                from = i + 2;
            }
            i += 2;
        } else if (p[i] == '[') {
            i = class_end(p, i, n) + 1;
        } else {
            i++;
        }
    }
    cx_buf_put(out, p + from, n - from);
}

/* p[0..n), a shared pattern: copied to out with the look-ahead of its
 * first characters (frag.guard) before each call of a list of two tries.
 * Such a list tests each trie's own class in turn inside the call; where
 * neither lets the text through, the look-ahead fails before the call,
 * which costs more than the class (the JIT's subroutine frame). It is a
 * necessary condition of the list, at the place the call starts: the same
 * matches. Only calls before upto (the DEFINE group holds definitions). */
static void guard_calls(const loader *ld, const char *p, size_t n, size_t upto, cx_buf *out)
{
    size_t from = 0;
    for (const char *c = p; (c = memmem(c, upto - (size_t)(c - p), "(?&wl_", 6)) != NULL; c += 6) {
        unsigned long v = strtoul(c + 6, NULL, 10);
        if (v < ld->nfrags && ld->frags[v].guard) {
            cx_buf_put(out, p + from, (size_t)(c - p) - from);
            cx_buf_puts(out, ld->frags[v].guard);
            from = (size_t)(c - p);
        }
    }
    cx_buf_put(out, p + from, n - from);
}

/* Compile the pending anchored rules of kind in L: one pattern with a branch
 * per rule (cx_rule.branch), so the word lists they share (the currencies of
 * five money rules) are compiled and JIT-ed once: about half the start-up.
 * A rule that is not shareable(), or every rule when PCRE2 refuses the
 * shared pattern, is compiled alone (which names the rule at fault). */
static int compile_shared(loader *ld, cx_lang *L, int kind, uint32_t *max_groups)
{
    const uint32_t copts = PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_ANCHORED;
    /* Each branch tried costs a callout, and each callout copies the
     * pattern's groups: only rules whose word lists named by other rules
     * too are large enough are worth it. */
    unsigned users[64] = {0};
    size_t size[64] = {0};
    for (size_t v = 0; v < ld->nfrags && v < 64; v++)
        size[v] = strlen(ld->frags[v].value);
    for (size_t i = 0; i < ld->npend; i++)
        for (size_t v = 0; v < 64; v++)
            users[v] += L->rules[ld->pend[i].rule].kind == kind && ld->pend[i].used[v];
    size_t idx[255], n = 0;
    for (size_t i = 0; i < ld->npend; i++) {
        pending *pd = &ld->pend[i];
        if (L->rules[pd->rule].kind != kind || L->rules[pd->rule].code)
            continue;
        size_t common = 0;
        for (size_t v = 0; v < 64; v++)
            common += pd->used[v] && users[v] >= 2 ? size[v] : 0;
        if (common >= CX_SHARED_LIST_MIN && n < 255 && pd->pat.p && shareable(pd->pat.p, pd->pat.len))
            idx[n++] = i;
    }
    /* The branches whose first character can be neither a digit nor
     * non-ASCII (a rule opened by words of its own: range_between's
     * "between", mcode_num's "M") go first, each group in rule order. An
     * attempt of the wanted branch passes the callout of every branch before
     * it whose guard (branch_guard()) lets its first character through, and
     * each callout copies all the groups; these guards let few attempts of
     * other rules through, while the number and currency rules' guards let
     * every attempt at a word through. Only the order of the alternatives
     * changes: the callout still lets the wanted branch alone run (any branch
     * number past it ends the match), and each rule keeps its own groups
     * (branch reset), so every rule matches as before. On the 2 MB slice,
     * 21,013 -> ~19,400 callouts. */
    size_t front = 0;
    for (size_t k = 0; k < n; k++) {
        const cx_rule *r = &L->rules[ld->pend[idx[k]].rule];
        bool word = r->has_first;
        for (unsigned c = 0; word && c < 256; c++)
            if ((c >= '0' && c <= '9') || c >= 0x80)
                word = !((r->first[c >> 3] >> (c & 7)) & 1);
        if (word) {
            size_t x = idx[k];
            memmove(idx + front + 1, idx + front, (k - front) * sizeof *idx);
            idx[front++] = x;
        }
    }
    int rc = CLAIMX_OK;
    if (n >= 2) {
        cx_buf cat = {0}, pat = {0}, spaced = {0}, bare = {0};
        memset(ld->used, 0, sizeof ld->used);
        cx_buf_puts(&cat, "(?|");
        for (size_t k = 0; k < n; k++) {
            pending *pd = &ld->pend[idx[k]];
            cx_buf_puts(&cat, k ? "|" : "");
            uint8_t others[32] = {0}; /* bytes the other branches' attempts may start with */
            for (size_t j = 0; j < n; j++) {
                const cx_rule *o = &L->rules[ld->pend[idx[j]].rule];
                for (size_t x = 0; j != k && x < 32; x++)
                    others[x] |= o->has_first ? o->first[x] : 0xFF;
            }
            /* The wanted branch's guard lets its attempt through (it passed
             * cx_try_rule()'s test of the same first bytes), so its callout
             * is reached, passes, and (*COMMIT) then ends the match when the
             * branch fails, without the callouts of the branches after it.
             * So a match reaches the last branch only when that branch is
             * the wanted one: it needs neither guard nor callout, only a
             * mark for unname_branches(), a comment, which PCRE2 drops.
             * The same matches; on the 2 MB slice (money and GPU), 18,239 -> 16,571
             * callouts. */
            if (k + 1 < n) {
                branch_guard(&cat, &L->rules[pd->rule], others);
                cx_buf_printf(&cat, "(?C%zu)(*COMMIT)(?:", k + 1);
            } else {
                cx_buf_puts(&cat, "(?#last)(?:");
            }
            cx_buf_put(&cat, pd->pat.p, pd->pat.len);
            cx_buf_putc(&cat, ')');
            for (size_t v = 0; v < 64; v++)
                ld->used[v] |= pd->used[v];
        }
        cx_buf_putc(&cat, ')');
        rc = cat.oom ? CLAIMX_ENOMEM : rewrite_lists(ld, &cat, &pat, false);
        cx_buf_free(&cat);
        int (*grp)[CX_G_COUNT] = rc == CLAIMX_OK ? malloc(n * sizeof *grp) : NULL;
        uint32_t top = 0;
        if (rc == CLAIMX_OK && !grp)
            rc = CLAIMX_ENOMEM;
        bool ok = rc == CLAIMX_OK && unname_branches(pat.p, pat.len, &spaced, grp, n, &top);
        if (ok) {
            const char *dp = memmem(spaced.p, spaced.len, "(?(DEFINE)", 10);
            cx_buf sp = {0};
            cx_spell_spaces(spaced.p, spaced.len, dp ? (size_t)(dp - spaced.p) : spaced.len, &sp);
            dp = sp.p ? memmem(sp.p, sp.len, "(?(DEFINE)", 10) : NULL;
            if (sp.p)
                guard_calls(ld, sp.p, sp.len, dp ? (size_t)(dp - sp.p) : sp.len, &bare);
            ok = !spaced.oom && !sp.oom && sp.p;
            cx_buf_free(&sp);
        }
        cx_buf_free(&spaced);
        if (rc == CLAIMX_OK && bare.oom)
            rc = CLAIMX_ENOMEM;
        int err;
        PCRE2_SIZE off;
        pcre2_code *code = ok ? pcre2_compile((PCRE2_SPTR)bare.p, bare.len, copts, &err, &off, NULL) : NULL;
        /* the groups as counted must be PCRE2's: a branch's, then the DEFINE group's lists */
        const char *dp = code ? memmem(bare.p, bare.len, "(?(DEFINE)", 10) : NULL;
        uint32_t want = top + (dp ? count_captures(dp, bare.len - (size_t)(dp - bare.p)) : 0), cc = 0;
        if (code && (pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &cc) != 0 || cc != want)) {
            pcre2_code_free(code);
            code = NULL;
        }
        cx_buf_free(&pat);
        cx_buf_free(&bare);
        if (code) {
            pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* no JIT: the interpreter still works */
            for (size_t k = 0; k < n; k++)
                set_code(&L->rules[ld->pend[idx[k]].rule], code, (uint8_t)(k + 1), grp[k], max_groups);
        }
        free(grp);
        if (rc != CLAIMX_OK)
            return rc;
    }
    /* the rest, and every rule when the shared pattern failed: one pattern each */
    for (size_t i = 0; i < ld->npend; i++) {
        pending *pd = &ld->pend[i];
        cx_rule *r = &L->rules[pd->rule];
        if (r->kind != kind || r->code)
            continue;
        cx_buf pat = {0};
        memcpy(ld->used, pd->used, sizeof ld->used);
        rc = rewrite_lists(ld, &pd->pat, &pat, false);
        if (rc != CLAIMX_OK) {
            cx_buf_free(&pat);
            return rc;
        }
        int err;
        PCRE2_SIZE off;
        pcre2_code *code = pcre2_compile((PCRE2_SPTR)pat.p, pat.len, copts, &err, &off, NULL);
        cx_buf_free(&pat);
        if (!code) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(err, msg, sizeof msg);
            return fail(ld, pd->d->path, pd->d->line,
                        "rule %s (language %s): PCRE2 error at offset %zu of the expanded pattern: %s", pd->d->name,
                        L->code, (size_t)off, (char *)msg);
        }
        pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* no JIT: the interpreter still works */
        set_code(r, code, 0, NULL, max_groups);
    }
    return CLAIMX_OK;
}

/* A rule's probe (compile_rule(): the bytes its matches start with) is
 * compiled on the rule's head H alone when it can: the pattern H T starts
 * with the same bytes as H when a match of H cannot be empty. PCRE2 reads
 * the start bytes item by item from the front (pcre2_study.c
 * set_start_bits()) and keeps a bitmap only when it stopped at an item
 * that cannot match the empty string: if H's probe has a bitmap, the walk
 * over H T stops at the same item of H with the same bits. Likewise a
 * first code unit is read from the first item of each top-level branch,
 * which is H's. H: the top-level items up to and including the first group
 * that is not a look-around (and its quantifier); none (0) when the pattern
 * has a top-level alternation, opens otherwise than with groups, or holds
 * what group_close() does not read (comments, \Q). When H's probe decides
 * nothing (probe_decided()), the whole pattern is compiled as before. On
 * the built-in patterns every rule gets the same bits either way. */
static size_t probe_head(const char *s, size_t n)
{
    if (memmem(s, n, "(?#", 3) || memmem(s, n, "\\Q", 2))
        return 0;
    /* extended mode ((?x), (?ix:...)): white space and # comments the scan does not read */
    for (const char *o = s; (o = memmem(o, n - (size_t)(o - s), "(?", 2)) != NULL; o += 2) {
        size_t k = 2;
        while ((size_t)(o - s) + k < n && (isalpha((unsigned char)o[k]) || o[k] == '-' || o[k] == '^')) {
            if (o[k] == 'x')
                return 0;
            k++;
        }
    }
    size_t head = 0;
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (c == '\\') {
            if (!head)
                return 0;
            i += 2;
        } else if (c == '[') {
            if (!head)
                return 0;
            i = class_end(s, i, n) + 1;
        } else if (c == '(') {
            size_t j = group_close(s, i);
            if (!j || j >= n)
                return 0;
            bool look = s[i + 1] == '?' && (s[i + 2] == '=' || s[i + 2] == '!' ||
                                             (s[i + 2] == '<' && (s[i + 3] == '=' || s[i + 3] == '!')));
            i = j + 1;
            if (!head && !look) {
                while (i < n && strchr("?*+", s[i]))
                    i++;
                if (i < n && s[i] == '{') {
                    const char *e = memchr(s + i, '}', n - i);
                    if (!e)
                        return 0;
                    i = (size_t)(e - s) + 1;
                    while (i < n && strchr("?+", s[i]))
                        i++;
                }
                head = i;
            }
        } else if (c == '|') {
            return 0;
        } else {
            if (!head)
                return 0;
            i++;
        }
    }
    return head < n ? head : 0;
}

static bool probe_decided(const pcre2_code *probe)
{
    const uint8_t *bits = NULL;
    uint32_t ftype = 0;
    return (pcre2_pattern_info(probe, PCRE2_INFO_FIRSTBITMAP, &bits) == 0 && bits) ||
           (pcre2_pattern_info(probe, PCRE2_INFO_FIRSTCODETYPE, &ftype) == 0 && ftype == 1);
}

static int compile_rule(loader *ld, cx_lang *L, const def *d, int kind, uint32_t *max_groups)
{
    cx_buf body = {0}, pat = {0};
    memset(ld->used, 0, sizeof ld->used);
    /* Money rules run anchored at the candidate positions of lib/scan.c;
     * their leading {_pre} (bound and rate words before the amount) is read
     * by lib/money.c from the word lists instead. */
    /* GPU rules likewise (lib/gpu.c), their leading {_gpu_pre} read the same way. */
    bool anchored = kind == CLAIMX_MONEY || kind == CLAIMX_GPU_COUNT, pre = false;
    const char *src = d->value;
    const char *pre_def = kind == CLAIMX_MONEY ? "{_pre}" : "{_gpu_pre}";
    if (anchored && !strncmp(src, pre_def, strlen(pre_def))) {
        src += strlen(pre_def);
        pre = true;
    }
    int rc = expand(ld, src, &body, 0, d->path, d->line);
    if (rc != CLAIMX_OK) {
        cx_buf_free(&body);
        return rc;
    }
    cx_buf_put(&pat, body.p ? body.p : "", body.len);
    cx_buf_free(&body);
    if (pat.oom) {
        cx_buf_free(&pat);
        return CLAIMX_ENOMEM;
    }
    uint32_t needs_gpu = 0, needs_gpu_any = 0;
    uint8_t follow = 0;
    if (kind == CLAIMX_GPU_COUNT && pat.p) { /* read on the expanded rule: the groups are in its helpers */
        needs_gpu = (group_required(pat.p, "chip") ? CX_T_GPUCHIP : 0) |
                    (group_required(pat.p, "model") ? CX_T_GPUMODEL : 0);
        if (either_required(pat.p, "unit", "chip"))
            needs_gpu_any = CX_T_GPUUNIT | CX_T_GPUCHIP;
        /* an ai group that holds gpu_ai_before and nothing else */
        const char *ai = strstr(pat.p, "(?<ai>");
        bool ai_required = ai && group_required(pat.p, "ai");
        if (ai_required && ai_words_ok(ld)) {
            size_t ae = group_close(pat.p, (size_t)(ai - pat.p));
            const char *w = ai + 6;
            char *end = NULL;
            unsigned long fi = 0;
            if (!strncmp(w, "(?<wl_", 6) || !strncmp(w, "(?&wl_", 6))
                fi = strtoul(w + 6, &end, 10);
            /* the list's definition "(?<wl_N>...)" or call "(?&wl_N)" fills the group */
            size_t we = !end ? 0 : w[2] == '&' ? (*end == ')' ? (size_t)(end - pat.p) : 0)
                                               : (*end == '>' ? group_close(pat.p, (size_t)(w - pat.p)) : 0);
            if (we && ae && we + 1 == ae && fi < ld->nfrags && !strcmp(ld->frags[fi].name, "gpu_ai_before"))
                needs_gpu |= CX_T_GPUAI;
        }
        rc = follow_rule(ld, L, pat.p, needs_gpu, needs_gpu_any, ai_required, &follow);
        if (rc != CLAIMX_OK) {
            cx_buf_free(&pat);
            return rc;
        }
    }
    int err;
    PCRE2_SIZE off;
    uint32_t copts = PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS;
    bool has_first = false;
    uint8_t first[32];
    if (anchored) {
        /* the bytes a match can start with: PCRE2 works them out only for an
         * unanchored pattern (and JIT ignores PCRE2_ANCHORED at match time) */
        cx_buf pb = {0};
        rc = rewrite_lists(ld, &pat, &pb, true);
        pcre2_code *probe = NULL;
        /* first the rule's head alone: a probe's cost grows with its length */
        size_t hl = rc == CLAIMX_OK && !pb.oom ? probe_head(pb.p, pb.len) : 0;
        if (hl)
            probe = pcre2_compile((PCRE2_SPTR)pb.p, hl, copts | PCRE2_NO_AUTO_POSSESS, &err, &off, NULL);
        if (probe && !probe_decided(probe)) {
            pcre2_code_free(probe);
            probe = NULL;
        }
        if (!probe && rc == CLAIMX_OK)
            probe = pcre2_compile((PCRE2_SPTR)pb.p, pb.len, copts | PCRE2_NO_AUTO_POSSESS, &err, &off, NULL); /* (possessive or not, the same first bytes) */
        cx_buf_free(&pb);
        const uint8_t *bits = NULL;
        uint32_t ftype = 0, funit = 0;
        if (probe && pcre2_pattern_info(probe, PCRE2_INFO_FIRSTBITMAP, &bits) == 0 && bits) {
            memcpy(first, bits, sizeof first);
            has_first = true;
        } else if (probe && pcre2_pattern_info(probe, PCRE2_INFO_FIRSTCODETYPE, &ftype) == 0 && ftype == 1 &&
                   pcre2_pattern_info(probe, PCRE2_INFO_FIRSTCODEUNIT, &funit) == 0 && funit < 256) {
            memset(first, 0, sizeof first);
            first[funit >> 3] |= (uint8_t)(1u << (funit & 7));
            if (isalpha((int)funit)) { /* caseless */
                uint32_t o = funit ^ 0x20;
                first[o >> 3] |= (uint8_t)(1u << (o & 7));
            }
            has_first = true;
        }
        pcre2_code_free(probe);
        if (rc != CLAIMX_OK) {
            cx_buf_free(&pat);
            return rc;
        }
    }
    pcre2_code *code = NULL;
    if (!anchored) {
        code = pcre2_compile((PCRE2_SPTR)pat.p, pat.len, copts, &err, &off, NULL);
        if (!code) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(err, msg, sizeof msg);
            fail(ld, d->path, d->line, "rule %s (language %s): PCRE2 error at offset %zu of the expanded pattern: %s",
                 d->name, L->code, (size_t)off, (char *)msg);
            cx_buf_free(&pat);
            return CLAIMX_EPATTERN;
        }
        cx_buf_free(&pat);
        pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* no JIT: the interpreter still works */
    }
    cx_rule *nr = realloc(L->rules, (L->nrules + 1) * sizeof *nr);
    pending *np = anchored ? realloc(ld->pend, (ld->npend + 1) * sizeof *np) : NULL;
    if (np)
        ld->pend = np;
    if (nr)
        L->rules = nr;
    if (!nr || (anchored && !np)) {
        pcre2_code_free(code);
        cx_buf_free(&pat);
        return CLAIMX_ENOMEM;
    }
    cx_rule *r = &L->rules[L->nrules++];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->pre = pre;
    r->anchored = anchored;
    if (anchored) {
        /* compiled with the language's other anchored rules of its kind (compile_shared) */
        pending *pd = &ld->pend[ld->npend++];
        pd->rule = L->nrules - 1;
        pd->d = d;
        pd->pat = pat; /* now owned by pd */
        memcpy(pd->used, ld->used, sizeof pd->used);
    }
    r->needs_scale = kind == CLAIMX_MONEY && group_required(d->value, "scale");
    if (kind == CLAIMX_MONEY) {
        r->lead = !strncmp(src, "(?<cur>", 7) ? CX_LEAD_CUR : !strncmp(src, "(?<num>", 7) ? CX_LEAD_NUM : 0;
        r->needs_cur1 = group_required(d->value, "cur1");
        r->cur1_listed = strstr(src, "(?<cur1>{currencies})") || strstr(src, "(?<cur1>{currencies}|{subunits})");
        r->scale_after_cur = strstr(src, "(?<cur1>{currencies})\\s?(?<scale>{scales})") != NULL;
        r->lead_keys = lead_keys(ld, src);
        r->list_next = list_next(ld, src);
        r->has_follow = r->lead == CX_LEAD_NUM && follow_bytes(ld, src, r->follow, &r->follow_ws);
        /* the list-free start of the rule (a rule that opens otherwise than
         * with its number or currency), or of what follows its number */
        static const char num_head[] = "(?<num>{lead_number})";
        int prc = CLAIMX_OK;
        if (r->lead == 0)
            prc = compile_prefix(ld, src, &r->head);
        else if (r->has_follow)
            prc = compile_prefix(ld, src + sizeof num_head - 1, &r->tail);
        if (prc != CLAIMX_OK)
            return prc;
    }
    r->needs_gpu = needs_gpu;
    r->needs_gpu_any = needs_gpu_any;
    r->follow_slot = follow;
    r->has_first = has_first;
    if (has_first)
        memcpy(r->first, first, sizeof first);
    size_t nl = strlen(L->code) + strlen(d->stem) + strlen(d->name) + 3;
    r->name = malloc(nl);
    if (!r->name)
        return CLAIMX_ENOMEM;
    snprintf(r->name, nl, "%s/%s/%s", L->code, d->stem, d->name);
    if (code)
        set_code(r, code, 0, NULL, max_groups);
    return CLAIMX_OK;
}

/* Insert the edge key (parent << 8 | byte) of node in the open-addressed
 * slots; returns the node already there, or node. */
static uint32_t keypre_put(cx_keyslot *slot, uint32_t mask, uint32_t key, uint32_t node)
{
    uint32_t i = cx_keypre_slot(key, mask);
    for (; slot[i].key; i = (i + 1) & mask)
        if (slot[i].key == key)
            return slot[i].node;
    slot[i].key = key;
    slot[i].node = node;
    return node;
}

/* The scratch table of a trie of keys totalling bound bytes: room for a new
 * node at every byte, at most half full (*cap slots); NULL when out of
 * memory or when node numbers would not fit 24 bits. */
static cx_keyslot *keypre_scratch(size_t bound, uint32_t *cap)
{
    if (bound >= (1u << 23))
        return NULL;
    uint32_t c = 16;
    while (c < 2 * bound)
        c *= 2;
    *cap = c;
    return calloc(c, sizeof(cx_keyslot));
}

/* The trie of the edges in tmp (cap slots, node numbers below nodes) in a
 * table at most half full, followed by nodes zeroed values of esize bytes
 * each (*extra); tmp is freed. NULL when out of memory. */
static cx_keypre *keypre_pack(cx_keyslot *tmp, uint32_t cap, uint32_t nodes, size_t esize, void **extra)
{
    uint32_t fcap = 16;
    while (fcap < 2 * nodes)
        fcap *= 2;
    size_t head = sizeof(cx_keypre) + (size_t)fcap * sizeof(cx_keyslot);
    cx_keypre *t = calloc(1, head + (size_t)nodes * esize);
    if (t) {
        t->mask = fcap - 1;
        for (uint32_t i = 0; i < cap; i++)
            if (tmp[i].key)
                keypre_put(t->slot, t->mask, tmp[i].key, tmp[i].node);
        *extra = (char *)t + head;
    }
    free(tmp);
    return t;
}

/* cx_lang.keypre: the trie of the keys of numbers, currencies, scales and
 * subunits. The nodes are numbered as the keys' bytes are walked in a
 * scratch table sized for every byte a new node; then the edges move to a
 * table at most half full, and each node gets its flags. */
static int build_keypre(cx_lang *L)
{
    const cx_map *km[] = {&L->numbers, &L->currencies, &L->scales, &L->subunits};
    static const unsigned bit[] = {CX_KEYS_NUMBERS, CX_KEYS_CURRENCIES, CX_KEYS_SCALES, CX_KEYS_SUBUNITS};
    size_t bound = 0;
    for (int k = 0; k < 4; k++)
        for (size_t i = 0; i < km[k]->cap; i++)
            if (km[k]->keys[i])
                bound += km[k]->klen[i];
    uint32_t cap;
    cx_keyslot *tmp = keypre_scratch(bound, &cap);
    if (!tmp)
        return CLAIMX_ENOMEM;
    uint32_t nodes = CX_KEYPRE_ROOT + 1; /* the next node's number */
    for (int k = 0; k < 4; k++)
        for (size_t i = 0; i < km[k]->cap; i++) {
            uint32_t n = CX_KEYPRE_ROOT;
            for (size_t j = 0; km[k]->keys[i] && j < km[k]->klen[i]; j++) {
                uint32_t c = keypre_put(tmp, cap - 1, n << 8 | (unsigned char)km[k]->keys[i][j], nodes);
                nodes += c == nodes;
                n = c;
            }
        }
    void *extra;
    cx_keypre *t = keypre_pack(tmp, cap, nodes, sizeof(uint16_t), &extra);
    if (!t)
        return CLAIMX_ENOMEM;
    uint16_t *flag = extra;
    t->flag = flag;
    for (int k = 0; k < 4; k++)
        for (size_t i = 0; i < km[k]->cap; i++) {
            const char *key = km[k]->keys[i];
            if (!key)
                continue;
            uint32_t n = CX_KEYPRE_ROOT;
            for (size_t j = 0; j < km[k]->klen[i]; j++) {
                flag[n] |= (uint16_t)CX_KEYPRE_PRE(bit[k]);
                n = cx_keypre_next(t, n, (unsigned char)key[j]);
            }
            flag[n] |= (uint16_t)CX_KEYPRE_PRE(bit[k]);
            /* what a lookup of the key finds (keys_at(), lib/gpu.c
             * compound_at()): its own entry, a map's keys being distinct
             * (tests/test_patterns.c checks the flags against lookups) */
            const cx_entry *x = &km[k]->vals[i];
            flag[n] |= CX_KEYPRE_KEY;
            if (x && (k > 0 || !(x->flags & CX_F_JOIN)))
                flag[n] |= (uint16_t)bit[k];
            if (x && k == 0 && !(x->flags & (CX_F_JOIN | CX_F_ARTICLE)))
                flag[n] |= CX_KEYPRE_COMPOUND;
        }
    L->keypre = t;
    return CLAIMX_OK;
}

/* cx_lang.key_gram: every run of 2 to 4 bytes of a key of numbers,
 * currencies, scales or subunits (the keys L->keypre is made of) */
static void build_key_grams(cx_lang *L)
{
    const cx_map *km[] = {&L->numbers, &L->currencies, &L->scales, &L->subunits};
    memset(L->key_gram, 0, sizeof L->key_gram);
    for (int k = 0; k < 4; k++)
        for (size_t i = 0; i < km[k]->cap; i++) {
            const unsigned char *key = (const unsigned char *)km[k]->keys[i];
            if (!key || !km[k]->klen[i])
                continue;
            uint32_t g = key[0]; /* the last 4 bytes up to j */
            for (size_t j = 1; j < km[k]->klen[i]; j++) {
                g = g << 8 | key[j];
                for (unsigned n = 2; n <= 4 && n <= j + 1; n++) { /* the run of n bytes ending at j */
                    unsigned b = cx_key_gram(n, n == 4 ? g : g & ((1u << (8 * n)) - 1));
                    L->key_gram[b >> 6] |= 1ull << (b & 63);
                }
            }
        }
}

/* A trie of the keys of m (their bytes last first when reversed), edges as
 * cx_keypre's (its flag unused), and *val by node: for the node a key
 * spells, the key's val (reversed: the val + 1, UINT32_MAX when it is no
 * small number), 0 for every other node. NULL with *val NULL when m has no
 * key; CLAIMX_ENOMEM in *rc when out of memory. */
static cx_keypre *trie_of(const cx_map *m, bool reversed, const uint32_t **valp, int *rc)
{
    *valp = NULL;
    size_t bound = 0;
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i])
            bound += m->klen[i];
    if (!bound)
        return NULL;
    uint32_t cap;
    cx_keyslot *tmp = keypre_scratch(bound, &cap);
    if (!tmp) {
        *rc = CLAIMX_ENOMEM;
        return NULL;
    }
    uint32_t nodes = CX_KEYPRE_ROOT + 1;
    for (size_t i = 0; i < m->cap; i++) {
        uint32_t n = CX_KEYPRE_ROOT;
        for (size_t j = 0; m->keys[i] && j < m->klen[i]; j++) {
            unsigned char c = (unsigned char)m->keys[i][reversed ? m->klen[i] - 1 - j : j];
            uint32_t x = keypre_put(tmp, cap - 1, n << 8 | c, nodes);
            nodes += x == nodes;
            n = x;
        }
    }
    void *extra;
    cx_keypre *t = keypre_pack(tmp, cap, nodes, sizeof(uint32_t), &extra);
    if (!t) {
        *rc = CLAIMX_ENOMEM;
        return NULL;
    }
    uint32_t *val = extra;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        uint32_t n = CX_KEYPRE_ROOT;
        for (size_t j = 0; j < m->klen[i]; j++)
            n = cx_keypre_next(t, n, (unsigned char)m->keys[i][reversed ? m->klen[i] - 1 - j : j]);
        /* the keys are distinct: one per node */
        int64_t v = m->vals[i].val;
        val[n] = !reversed ? (uint32_t)v : v >= 0 && v < 65536 ? (uint32_t)v + 1 : UINT32_MAX;
    }
    *valp = val;
    return t;
}

/* lib/gpu.c's tables: L->gpu_fol, the trie of gpu_follow's keys; L->gpu_bnd,
 * the trie of bounds' keys read backwards; L->gpu_num2, the two-letter
 * starts of numbers.txt's keys read from L->keypre, and L->gpu_cnt2, those
 * and the two-letter starts of the anchors' number words and starters;
 * L->gpu_rule_ix, where the GPU rules are. */
static int build_gpu_tables(cx_lang *L)
{
    const cx_keypre *K = L->keypre;
    for (unsigned a = 0; K && a < 26; a++) {
        uint32_t n1 = cx_keypre_next(K, CX_KEYPRE_ROOT, (unsigned char)('a' + a));
        if (!n1 || !(K->flag[n1] & CX_KEYPRE_PRE(CX_KEYS_NUMBERS)))
            continue;
        for (unsigned b = 0; b < 26; b++) {
            uint32_t n2 = cx_keypre_next(K, n1, (unsigned char)('a' + b));
            if (!n2 || !(K->flag[n2] & CX_KEYPRE_PRE(CX_KEYS_NUMBERS)))
                continue;
            L->gpu_num2[a] |= 1u << b;
            for (unsigned c = 0; c < 26; c++) {
                uint32_t n3 = cx_keypre_next(K, n2, (unsigned char)('a' + c));
                if ((K->flag[n2] & CX_KEYPRE_COMPOUND) || (n3 && (K->flag[n3] & CX_KEYPRE_PRE(CX_KEYS_NUMBERS))))
                    L->gpu_num3[a][b] |= 1u << c;
            }
        }
    }
    const cx_map *an = &L->anchors;
    memcpy(L->gpu_cnt2, L->gpu_num2, sizeof L->gpu_cnt2);
    memcpy(L->gpu_cnt3, L->gpu_num3, sizeof L->gpu_cnt3);
    if (L->numbers.maxkey < 3) /* compound_at() has no third letter to test */
        memset(L->gpu_cnt3, 0xFF, sizeof L->gpu_cnt3);
    for (size_t i = 0; i < an->cap; i++) {
        const unsigned char *k = (const unsigned char *)an->keys[i];
        if (!k || !(an->vals[i].val & (CX_T_NUMBER | CX_T_STARTER)) || k[0] < 'a' || k[0] > 'z')
            continue;
        size_t n = an->klen[i];
        if (n == 1) {
            L->gpu_word1 |= 1u << (k[0] - 'a');
            continue;
        }
        if (k[1] < 'a' || k[1] > 'z')
            continue;
        L->gpu_cnt2[k[0] - 'a'] |= 1u << (k[1] - 'a');
        if (n == 2)
            L->gpu_word2[k[0] - 'a'] |= 1u << (k[1] - 'a');
        else if (k[2] >= 'a' && k[2] <= 'z')
            L->gpu_cnt3[k[0] - 'a'][k[1] - 'a'] |= 1u << (k[2] - 'a');
    }
    L->ngpu_rules = 0;
    for (size_t ri = 0; ri < L->nrules && ri < 64; ri++)
        if (L->rules[ri].kind == CLAIMX_GPU_COUNT)
            L->gpu_rule_ix[L->ngpu_rules++] = (uint8_t)ri;
    L->gpu_all_follow = true;
    for (size_t gi = 0; gi < L->ngpu_rules; gi++)
        L->gpu_all_follow &= L->rules[L->gpu_rule_ix[gi]].follow_slot != 0;
    int rc = CLAIMX_OK;
    L->gpu_fol = trie_of(&L->gpu_follow, false, &L->gpu_fol_val, &rc);
    for (unsigned a = 0; L->gpu_fol && a < 26; a++) {
        uint32_t n1 = cx_keypre_next(L->gpu_fol, CX_KEYPRE_ROOT, (unsigned char)('a' + a));
        L->gpu_fol1[a] = n1;
        for (unsigned b = 0; n1 && b < 26; b++)
            L->gpu_fol2[a][b] = cx_keypre_next(L->gpu_fol, n1, (unsigned char)('a' + b));
    }
    if (rc == CLAIMX_OK)
        L->gpu_bnd = trie_of(&L->bounds, true, &L->gpu_bnd_val, &rc);
    if (rc == CLAIMX_OK) /* (lib/money.c rate_phrase) */
        L->mny_per = trie_of(&L->periods, true, &L->mny_per_val, &rc);
    return rc;
}

static int build_lang(loader *ld, cx_patterns *P, const char *code, uint32_t kinds)
{
    cx_lang *L = &P->langs[P->nlangs];
    memset(L, 0, sizeof *L);
    snprintf(L->code, sizeof L->code, "%s", code);
    cx_entities_rule_names(L);
    P->nlangs++;
    ld->lang = L->code;
    ld->nfrags = 0;
    int rc = build_maps(ld, L, &P->canon, &P->ncanon);
    /* the lists are all made (L->lists moves no more) */
    L->gpu_units = cx_lang_list(L, "gpu_units");
    L->gpu_chips = cx_lang_list(L, "gpu_chips");
    L->gpu_models = cx_lang_list(L, "gpu_models");
    L->gpu_vendors = cx_lang_list(L, "gpu_vendors");
    if (rc == CLAIMX_OK)
        rc = build_anchors(ld, L);
    if (rc == CLAIMX_OK) {
        rc = build_keypre(L);
        build_key_grams(L);
    }
    if (rc == CLAIMX_OK)
        rc = cx_scan_prepare(L);
    if (rc != CLAIMX_OK)
        return rc;
    keys_ok_of(ld);
    L->keys_ok = ld->keys_ok;
    for (size_t i = 0; i < ld->ndefs && rc == CLAIMX_OK; i++) {
        const def *d = &ld->defs[i];
        int kind = kind_of_stem(d->stem);
        if (!kind || d->name[0] == '_')
            continue;
        if (strcmp(d->scope, "common") && strcmp(d->scope, code))
            continue;
        /* the language's rule of the same name replaces the common one */
        if (!strcmp(d->scope, "common") && find_def(ld, d->name, strlen(d->name)) != d)
            continue;
        if (!(kinds & CLAIMX_KIND_BIT(kind)))
            continue;
        rc = compile_rule(ld, L, d, kind, &P->max_groups);
    }
    if (rc == CLAIMX_OK)
        rc = compile_shared(ld, L, CLAIMX_MONEY, &P->max_groups);
    if (rc == CLAIMX_OK)
        rc = compile_shared(ld, L, CLAIMX_GPU_COUNT, &P->max_groups);
    if (rc == CLAIMX_OK)
        rc = build_gpu_tables(L);
    for (size_t i = 0; i < ld->npend; i++)
        cx_buf_free(&ld->pend[i].pat);
    ld->npend = 0;
    for (size_t ri = 0; rc == CLAIMX_OK && ri < L->nrules && ri < 64; ri++) {
        const cx_rule *r = &L->rules[ri];
        if (r->kind != CLAIMX_MONEY)
            continue;
        for (unsigned c = 0; c < 256; c++)
            if (!r->has_first || (r->first[c >> 3] >> (c & 7) & 1))
                L->money_by_byte[c] |= 1ull << ri;
    }
    for (size_t ri = 0; rc == CLAIMX_OK && ri < L->nrules && ri < 64; ri++) {
        if (L->rules[ri].group[CX_G_RANGE] >= 0)
            L->range_rules |= 1ull << ri;
        if (L->rules[ri].lead_keys)
            L->key_rules |= 1ull << ri;
        const cx_rule *r = &L->rules[ri];
        if (r->kind == CLAIMX_MONEY && r->lead == CX_LEAD_NUM && r->needs_cur1)
            L->cur1_rules[r->cur1_listed] |= 1ull << ri;
        if (r->kind == CLAIMX_MONEY && ((r->lead == CX_LEAD_NUM && r->needs_cur1) ||
                                        (r->lead != CX_LEAD_CUR && r->group[CX_G_NUM2] >= 0 && r->group[CX_G_RANGE] < 0)))
            L->after_rules |= 1ull << ri;
    }
    if (rc == CLAIMX_OK && (kinds & CLAIMX_KIND_BIT(CLAIMX_MONEY))) {
        L->range_sep_num = range_sep_unglued(ld) && range_sep_one_end(ld);
        rc = compile_piece(ld, L, "range_sep", range_sep_unglued(ld) ? "(?!(?<=\\p{L})\\p{L})" : "", &L->range_sep,
                           L->range_sep_first);
    }
    if (rc == CLAIMX_OK && (kinds & CLAIMX_KIND_BIT(CLAIMX_MONEY)))
        rc = compile_piece(ld, L, "scale_of", "", &L->scale_of, L->scale_of_first);
    if (rc == CLAIMX_OK && (kinds & CLAIMX_KIND_BIT(CLAIMX_MONEY)))
        rc = compile_piece(ld, L, "spelled", "", &L->spelled, L->spelled_first);
    return rc;
}

int cx_patterns_load(cx_patterns *P, const char *dir, uint32_t kinds, char **errmsg)
{
    memset(P, 0, sizeof *P);
    loader ld;
    memset(&ld, 0, sizeof ld);
    int rc = CLAIMX_OK;
    const cx_file *files = cx_embedded_files;
    size_t nfiles = cx_embedded_count;
    if (dir) {
        rc = load_dir(&ld, dir);
        files = ld.files;
        nfiles = ld.nfiles;
    }
    char scopes[32][16];
    size_t nscopes = 0;
    for (size_t i = 0; i < nfiles && rc == CLAIMX_OK; i++) {
        char scope[16], stem[64], ext[8];
        if (!split_path(files[i].path, scope, sizeof scope, stem, sizeof stem, ext, sizeof ext))
            continue;
        if (strcmp(ext, "pat") && strcmp(ext, "txt"))
            continue;
        rc = check_text(&ld, &files[i]);
        if (rc != CLAIMX_OK)
            break;
        if (!strcmp(ext, "pat"))
            rc = parse_pat(&ld, &files[i], scope, stem);
        else if (!strcmp(ext, "txt"))
            rc = parse_txt(&ld, &files[i], scope, stem);
        else
            continue;
        if (rc == CLAIMX_OK && strcmp(scope, "common") && !strcmp(stem, "language")) {
            if (nscopes < 32)
                snprintf(scopes[nscopes++], sizeof scopes[0], "%s", scope);
        }
    }
    /* the items of one file are contiguous and share their scope and list */
    for (size_t i = ld.nitems; i-- > 0;) {
        item *it = &ld.items[i], *nx = it + 1;
        it->run_end = i + 1 < ld.nitems && nx->scope == it->scope && nx->list == it->list ? nx->run_end : i + 1;
    }
    for (size_t i = 0; i < ld.ndefs && rc == CLAIMX_OK; i++)
        if (!ld.defs[i].value)
            ld.defs[i].value = keep(&ld, "", 0);
    if (rc == CLAIMX_OK && nscopes == 0)
        rc = fail(&ld, NULL, 0, "no language folder (one with a language.txt) in the pattern data");
    if (rc == CLAIMX_OK) {
        P->langs = calloc(nscopes, sizeof *P->langs);
        if (!P->langs)
            rc = CLAIMX_ENOMEM;
    }
    for (size_t i = 0; i < nscopes && rc == CLAIMX_OK; i++)
        rc = build_lang(&ld, P, scopes[i], kinds);
    /* one map of the frequent words of every language (lib/language.c) */
    for (size_t l = 0; l < P->nlangs && l < 32 && rc == CLAIMX_OK; l++) {
        const cx_map *m = &P->langs[l].words;
        for (size_t i = 0; i < m->cap && rc == CLAIMX_OK; i++)
            if (m->keys[i])
                rc = map_or(&P->langwords, m->keys[i], m->klen[i], (int64_t)1 << l);
    }
    if (rc == CLAIMX_OK)
        rc = cx_lang_prepare(P);
    if (rc == CLAIMX_OK && (kinds & CLAIMX_KIND_BIT(CLAIMX_ENTITY)))
        rc = cx_entities_prepare(P); /* read only by the entity pass */

    if (rc != CLAIMX_OK && errmsg) {
        if (!ld.err.len)
            cx_buf_puts(&ld.err, claimx_strerror(rc));
        *errmsg = cx_buf_take(&ld.err);
    }
    cx_buf_free(&ld.err);
    cx_buf_free(&ld.folds);
    for (size_t i = 0; i < ld.nstrings; i++)
        free(ld.strings[i]);
    free(ld.strings);
    free(ld.defs);
    free(ld.items);
    free(ld.frags);
    for (size_t i = 0; i < ld.npend; i++)
        cx_buf_free(&ld.pend[i].pat);
    free(ld.pend);
    for (size_t i = 0; i < ld.nfiles; i++) {
        free((char *)ld.files[i].path);
        free((char *)ld.files[i].data);
    }
    free(ld.files);
    if (rc != CLAIMX_OK)
        cx_patterns_free(P);
    return rc;
}

void cx_patterns_free(cx_patterns *P)
{
    if (!P)
        return;
    for (size_t i = 0; i < P->nlangs; i++) {
        cx_lang *L = &P->langs[i];
        map_free(&L->currencies);
        map_free(&L->subunits);
        map_free(&L->scales);
        map_free(&L->numbers);
        map_free(&L->bounds);
        map_free(&L->periods);
        map_free(&L->words);
        map_free(&L->anchors);
        cx_scan_free(L);
        map_free(&L->gpu_follow);
        for (size_t l = 0; l < L->nlists; l++)
            map_free(&L->lists[l].map);
        free(L->lists);
        for (size_t r = 0; r < L->nrules; r++) {
            if (L->rules[r].owns_code)
                pcre2_code_free(L->rules[r].code);
            pcre2_code_free(L->rules[r].head);
            pcre2_code_free(L->rules[r].tail);
            free(L->rules[r].name);
        }
        free(L->rules);
        pcre2_code_free(L->range_sep);
        pcre2_code_free(L->scale_of);
        pcre2_code_free(L->spelled);
        cx_entities_free(L->entpack);
        free(L->keypre);
        free(L->gpu_fol);
        free(L->gpu_bnd);
        free(L->mny_per);
    }
    free(P->langs);
    map_free(&P->langwords);
    free(P->langtab);
    cx_lang_fuse_free(P);
    for (size_t i = 0; i < P->ncanon; i++)
        free(P->canon[i]);
    free(P->canon);
    memset(P, 0, sizeof *P);
}

int cx_patterns_find(const cx_patterns *P, const char *code)
{
    for (size_t i = 0; i < P->nlangs; i++)
        if (!strcmp(P->langs[i].code, code))
            return (int)i;
    return -1;
}
