/*
 * claimx-demo - extract claims from article files with libclaimx.
 *
 *   claimx-demo [options] FILE...       (- for standard input)
 *
 * With -j N, files (and lines in --jsonl mode, in batches) are extracted on
 * N threads sharing one extractor, and written in input order.
 *
 * Exit codes: 0 all inputs processed; 1 at least one file could not be read
 * or extracted (the others were still processed); 2 usage error; 3 the
 * extractor could not be built (bad --lang, bad --patterns data).
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimx.h"
#include "internal.h" /* the small JSON reader, shared with the library */

enum { FMT_TEXT, FMT_JSON, FMT_JSONL };

static void usage(FILE *f)
{
    fputs("usage: claimx-demo [options] FILE...   (- reads standard input)\n"
          "\n"
          "Extract money amounts, GPU counts and named entities from news articles\n"
          "in French, Dutch, Portuguese and English.\n"
          "\n"
          "options:\n"
          "  --format text|json   text (default): each claim with its line and context;\n"
          "                       json: one object per file, in the gold format\n"
          "  --jsonl              streaming: each input line {\"id\": ..., \"text\": ...} gives\n"
          "                       one output line {\"id\": ..., \"claims\": [...]}\n"
          "  --lang LANG          fr, nl, pt or en (default: detected per paragraph)\n"
          "  --kinds LIST         comma-separated: money,gpu,entity (default: all)\n"
          "  --patterns DIR       load pattern data from DIR instead of the built-in set\n"
          "  --replace-invalid    read invalid UTF-8 as U+FFFD instead of failing\n"
          "  --match-limit N      PCRE2 match limit per match (default 1000000); a hit\n"
          "                       is reported (stderr warning, \"limit_hit\": true)\n"
          "  -j, --jobs N         extract on N threads (0: all CPUs; default 1); output\n"
          "                       keeps the input order, --jsonl reads batches of 64 N lines\n"
          "  --version            print the version\n"
          "  --help               this text\n"
          "\n"
          "exit status: 0 ok; 1 some input failed (others were processed);\n"
          "             2 usage error; 3 the extractor could not be built\n",
          f);
}

/* Read the whole stream, but stop once it holds more than max bytes: the
 * library refuses such an input anyway (CLAIMX_ETOOBIG), so a 50 GB file
 * never gets read into memory. */
static char *read_all(FILE *f, size_t *len, size_t max)
{
    size_t cap = 65536, n = 0;
    char *p = malloc(cap);
    if (!p)
        return NULL;
    for (;;) {
        size_t r = fread(p + n, 1, cap - n, f);
        n += r;
        if (n < cap) {
            if (ferror(f)) {
                free(p);
                return NULL;
            }
            break;
        }
        if (n > max)
            break;
        char *q = realloc(p, cap * 2);
        if (!q) {
            free(p);
            return NULL;
        }
        p = q;
        cap *= 2;
    }
    *len = n;
    return p;
}

static const char *kind_name(int k)
{
    return k == CLAIMX_MONEY ? "money" : k == CLAIMX_GPU_COUNT ? "gpu" : "entity";
}

static const char *bound_word(int b)
{
    static const char *w[] = {"exact", "approx", "at_least", "at_most"};
    return b >= 0 && b <= 3 ? w[b] : "?";
}

/* print s[a..b) on one line, control characters as spaces */
static void put_flat(FILE *out, const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        putc((unsigned char)s[i] < 0x20 ? ' ' : s[i], out);
}

/* ASCII-case-insensitive equality of two claim texts */
static int same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

/* The distinct entities of the article, grouped by type, with their number
 * of mentions, in order of first mention. */
static void print_entities(FILE *out, const claimx_result *res)
{
    static const char *types[] = {"ORG", "PERSON", "PRODUCT", "LOC"};
    size_t n = claimx_result_count(res);
    for (int t = 1; t <= 4; t++) {
        int shown = 0;
        for (size_t i = 0; i < n; i++) {
            const claimx_claim *c = claimx_result_get(res, i);
            if (c->kind != CLAIMX_ENTITY || c->entity_type != t)
                continue;
            size_t seen = 0, count = 0;
            for (size_t k = 0; k < n; k++) {
                const claimx_claim *d = claimx_result_get(res, k);
                if (d->kind == CLAIMX_ENTITY && d->entity_type == t && same_name(d->text, c->text)) {
                    if (k < i)
                        seen++;
                    count++;
                }
            }
            if (seen)
                continue;
            fprintf(out, shown ? ", " : "        %-8s", shown ? "" : types[t - 1]);
            put_flat(out, c->text, 0, strlen(c->text));
            if (count > 1)
                fprintf(out, " (%zu)", count);
            shown = 1;
        }
        if (shown)
            putc('\n', out);
    }
}

static void print_text(FILE *out, const char *name, const char *text, size_t len, const claimx_result *res)
{
    size_t n = claimx_result_count(res), ne = 0;
    for (size_t i = 0; i < n; i++)
        ne += claimx_result_get(res, i)->kind == CLAIMX_ENTITY;
    fprintf(out, "== %s  (language %s, %zu claim%s", name, claimx_result_lang(res), n - ne, n - ne == 1 ? "" : "s");
    if (ne)
        fprintf(out, ", %zu entity mention%s", ne, ne == 1 ? "" : "s");
    fprintf(out, ")\n");
    size_t line = 1, pos = 0;
    for (size_t i = 0; i < n; i++) {
        const claimx_claim *c = claimx_result_get(res, i);
        if (c->kind == CLAIMX_ENTITY)
            continue;
        for (; pos < c->start && pos < len; pos++)
            line += text[pos] == '\n';
        fprintf(out, "%6zu  %-6s ", line, kind_name(c->kind));
        if (c->kind == CLAIMX_MONEY) {
            fprintf(out, "%s %s", c->value_exact, c->currency);
            if (c->bound)
                fprintf(out, " %s", bound_word(c->bound));
            if (c->period)
                fprintf(out, " per %s", c->period == 1 ? "year" : c->period == 2 ? "month" : "day");
        } else if (c->kind == CLAIMX_GPU_COUNT) {
            fprintf(out, "%s%s%s%s%s", c->value_exact, c->vendor ? " " : "", c->vendor ? c->vendor : "",
                   c->model ? " " : "", c->model ? c->model : "");
            if (c->bound)
                fprintf(out, " %s", bound_word(c->bound));
        }
        fprintf(out, "  \"");
        put_flat(out, text, c->start, c->end);
        /* context: up to 40 bytes either side, within the line, on character boundaries */
        size_t a = c->start > 40 ? c->start - 40 : 0, b = c->end + 40 < len ? c->end + 40 : len;
        for (size_t k = c->start; k > a; k--)
            if (text[k - 1] == '\n') {
                a = k;
                break;
            }
        for (size_t k = c->end; k < b; k++)
            if (text[k] == '\n') {
                b = k;
                break;
            }
        while (a < c->start && ((unsigned char)text[a] & 0xC0) == 0x80)
            a++;
        while (b > c->end && b < len && ((unsigned char)text[b] & 0xC0) == 0x80)
            b--;
        fprintf(out, "\"  ...");
        put_flat(out, text, a, c->start);
        fprintf(out, "[");
        put_flat(out, text, c->start, c->end);
        fprintf(out, "]");
        put_flat(out, text, c->end, b);
        fprintf(out, "...\n");
    }
    if (ne) {
        fprintf(out, "     entities\n");
        print_entities(out, res);
    }
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* What one thread reuses from one document to the next: the result and the
 * JSON buffer (claimx_extract_into, claimx_result_to_json_into). */
typedef struct {
    claimx_result *res;
    char *json;
    size_t jcap;
} reuse;

static void reuse_free(reuse *r)
{
    claimx_result_free(r->res);
    claimx_string_free(r->json);
    memset(r, 0, sizeof *r);
}

/* extract one file, writing its output to out and its messages to err */
static int do_file(const claimx_extractor *ex, const char *path, int fmt, size_t max_input, FILE *out, FILE *err,
                   reuse *ru)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        fprintf(err, "claimx-demo: %s: %s\n", path, strerror(errno));
        return 1;
    }
    size_t len;
    char *text = read_all(f, &len, max_input);
    if (f != stdin)
        fclose(f);
    if (!text) {
        fprintf(err, "claimx-demo: %s: cannot read\n", path);
        return 1;
    }
    int rc = claimx_extract_into(ex, text, len, &ru->res);
    claimx_result *res = ru->res;
    if (rc != CLAIMX_OK) {
        fprintf(err, "claimx-demo: %s: %s\n", path, claimx_strerror(rc));
        free(text);
        return 1;
    }
    if (claimx_result_flags(res) & CLAIMX_RESULT_LIMIT_HIT)
        fprintf(err, "claimx-demo: %s: a pattern hit its match limit; claims may be missing\n", path);
    if (fmt == FMT_TEXT) {
        print_text(out, strcmp(path, "-") ? path : "(stdin)", text, len, res);
    } else {
        size_t jl;
        if (claimx_result_to_json_into(res, &ru->json, &ru->jcap, &jl) != CLAIMX_OK) {
            fprintf(err, "claimx-demo: %s: out of memory\n", path);
            free(text);
            return 1;
        }
        const char *json = ru->json;
        cx_buf b = {0};
        cx_buf_puts(&b, "{\"doc\": ");
        const char *doc = strcmp(path, "-") ? base_name(path) : "-";
        cx_json_string(&b, doc, strlen(doc));
        cx_buf_puts(&b, ", ");
        fwrite(b.p, 1, b.len, out);
        fwrite(json + 1, 1, jl - 1, out); /* the library's object without its "{" */
        putc('\n', out);
        cx_buf_free(&b);
    }
    free(text);
    return 0;
}

/* where a --jsonl line came from, for messages on stderr */
typedef struct {
    const char *src;
    unsigned long lineno;
} line_ref;

static void jsonl_error(cx_buf *o, cx_buf *e, line_ref at, const char *id, size_t idl, const char *msg)
{
    cx_buf_printf(e, "claimx-demo: %s:%lu: %s\n", at.src, at.lineno, msg);
    cx_buf_puts(o, "{\"id\": ");
    if (id)
        cx_buf_put(o, id, idl);
    else
        cx_buf_puts(o, "null");
    cx_buf_puts(o, ", \"error\": ");
    cx_json_string(o, msg, strlen(msg));
    cx_buf_puts(o, "}\n");
}

/* one --jsonl input line (without its newline) -> exactly one output line in o */
static void jsonl_line(const claimx_extractor *ex, const char *line, size_t l, line_ref at, cx_buf *o, cx_buf *e,
                       reuse *ru)
{
    size_t idl = 0, tl = 0;
    const char *id = cx_json_find(line, l, "id", &idl);
    const char *tv = cx_json_find(line, l, "text", &tl);
    /* the id is copied to the output verbatim: only if it is valid JSON */
    if (id && !cx_json_valid(id, idl)) {
        jsonl_error(o, e, at, NULL, 0, "\"id\" is not a valid JSON value");
        return;
    }
    if (!tv) {
        jsonl_error(o, e, at, id, idl, l ? "line is not a JSON object with a \"text\" string" : "empty line");
        return;
    }
    size_t textlen;
    char *text = cx_json_unescape(tv, tl, &textlen);
    if (!text) {
        jsonl_error(o, e, at, id, idl, "\"text\" is not a valid JSON string");
        return;
    }
    int rc = claimx_extract_into(ex, text, textlen, &ru->res);
    claimx_result *res = ru->res;
    free(text);
    if (rc != CLAIMX_OK) {
        jsonl_error(o, e, at, id, idl, claimx_strerror(rc));
        return;
    }
    if (claimx_result_flags(res) & CLAIMX_RESULT_LIMIT_HIT)
        cx_buf_printf(e, "claimx-demo: %s:%lu: a pattern hit its match limit; claims may be missing\n", at.src,
                      at.lineno);
    size_t jl;
    if (claimx_result_to_json_into(res, &ru->json, &ru->jcap, &jl) == CLAIMX_OK) {
        const char *json = ru->json;
        cx_buf_puts(o, "{\"id\": ");
        if (id)
            cx_buf_put(o, id, idl);
        else
            cx_buf_puts(o, "null");
        cx_buf_puts(o, ", ");
        cx_buf_put(o, json + 1, jl - 1);
        cx_buf_putc(o, '\n');
    } else {
        jsonl_error(o, e, at, id, idl, "out of memory");
    }
}

/*
 * -j N: a batch of items is processed by up to N threads (the calling thread
 * is one of them), each taking the next item from a shared counter; the
 * caller then writes the results in input order. If a thread cannot be
 * started, the others (at least the caller) do its share.
 */
#define MAX_JOBS 256

typedef struct {
    void (*run)(void *ctx, size_t i, reuse *ru);
    void *ctx;
    size_t n;
    atomic_size_t next;
    reuse *slots; /* MAX_JOBS, one a thread, kept by the caller from batch to batch */
} batch;

typedef struct {
    batch *b;
    reuse *ru;
} batch_thread;

static void *batch_worker(void *arg)
{
    batch_thread *bt = arg;
    batch *b = bt->b;
    size_t i;
    while ((i = atomic_fetch_add(&b->next, 1)) < b->n)
        b->run(b->ctx, i, bt->ru);
    return NULL;
}

static void run_batch(batch *b, int jobs)
{
    pthread_t th[MAX_JOBS];
    batch_thread bt[MAX_JOBS];
    int started = 0;
    atomic_init(&b->next, 0);
    for (int t = 1; t < jobs && (size_t)t < b->n; t++) {
        bt[started] = (batch_thread){b, &b->slots[started + 1]};
        if (pthread_create(&th[started], NULL, batch_worker, &bt[started]) == 0)
            started++;
    }
    batch_thread self = {b, &b->slots[0]};
    batch_worker(&self);
    for (int t = 0; t < started; t++)
        pthread_join(th[t], NULL);
}

typedef struct {
    const claimx_extractor *ex;
    const char *src;
    unsigned long first; /* line number of lines[0] */
    char **lines;
    size_t *caps, *lens;
    cx_buf *outs, *errs;
} jsonl_batch;

static void jsonl_run(void *ctx, size_t i, reuse *ru)
{
    jsonl_batch *jb = ctx;
    line_ref at = {jb->src, jb->first + i};
    jsonl_line(jb->ex, jb->lines[i], jb->lens[i], at, &jb->outs[i], &jb->errs[i], ru);
}

/* --jsonl: with one job, line by line with a flush after each line; with N
 * jobs, batches of 64 N lines, flushed after each batch. */
static int do_jsonl(const claimx_extractor *ex, FILE *f, const char *src, int jobs)
{
    size_t max = jobs > 1 ? 64 * (size_t)jobs : 1;
    jsonl_batch jb = {ex, src, 1, calloc(max, sizeof(char *)), calloc(max, sizeof(size_t)),
                      calloc(max, sizeof(size_t)), calloc(max, sizeof(cx_buf)), calloc(max, sizeof(cx_buf))};
    int status = 0;
    reuse *slots = calloc(MAX_JOBS, sizeof *slots);
    if (!slots || !jb.lines || !jb.caps || !jb.lens || !jb.outs || !jb.errs) {
        fprintf(stderr, "claimx-demo: out of memory\n");
        status = 1;
        goto out;
    }
    for (int eof = 0; !eof;) {
        size_t n = 0;
        while (n < max) {
            ssize_t r = getline(&jb.lines[n], &jb.caps[n], f);
            if (r < 0) {
                eof = 1;
                break;
            }
            size_t l = (size_t)r;
            while (l && (jb.lines[n][l - 1] == '\n' || jb.lines[n][l - 1] == '\r'))
                l--;
            jb.lens[n++] = l;
        }
        batch b = {jsonl_run, &jb, n, 0, slots};
        run_batch(&b, jobs);
        for (size_t i = 0; i < n; i++) {
            fwrite(jb.outs[i].p, 1, jb.outs[i].len, stdout);
            if (jb.errs[i].len)
                fwrite(jb.errs[i].p, 1, jb.errs[i].len, stderr);
            cx_buf_free(&jb.outs[i]);
            cx_buf_free(&jb.errs[i]);
        }
        fflush(stdout);
        jb.first += n;
    }
    status = ferror(f) ? 1 : 0;
out:
    for (int t = 0; slots && t < MAX_JOBS; t++)
        reuse_free(&slots[t]);
    free(slots);
    for (size_t i = 0; jb.lines && i < max; i++)
        free(jb.lines[i]);
    free(jb.lines);
    free(jb.caps);
    free(jb.lens);
    free(jb.outs);
    free(jb.errs);
    return status;
}

/* files on N threads: each file's output and messages are kept in memory
 * (open_memstream) and written in the order of the command line */
typedef struct {
    const claimx_extractor *ex;
    int fmt;
    size_t max_input;
    char **paths;
    struct file_out {
        char *out, *err;
        size_t outlen, errlen;
        int status;
    } *res;
} files_batch;

static void file_run(void *ctx, size_t i, reuse *ru)
{
    files_batch *fb = ctx;
    struct file_out *r = &fb->res[i];
    FILE *out = open_memstream(&r->out, &r->outlen);
    FILE *err = open_memstream(&r->err, &r->errlen);
    if (!out || !err) {
        if (out)
            fclose(out);
        if (err)
            fclose(err);
        r->status = -1;
        return;
    }
    r->status = do_file(fb->ex, fb->paths[i], fb->fmt, fb->max_input, out, err, ru);
    if (fclose(out) | fclose(err))
        r->status = -1;
}

static int do_files(const claimx_extractor *ex, char **paths, size_t n, int fmt, size_t max_input, int jobs)
{
    int status = 0;
    if (jobs <= 1) {
        reuse ru = {0};
        for (size_t i = 0; i < n; i++)
            status |= do_file(ex, paths[i], fmt, max_input, stdout, stderr, &ru);
        reuse_free(&ru);
        return status;
    }
    size_t max = 4 * (size_t)jobs;
    files_batch fb = {ex, fmt, max_input, NULL, calloc(max, sizeof *fb.res)};
    reuse *slots = calloc(MAX_JOBS, sizeof *slots);
    if (!fb.res || !slots) {
        free(fb.res);
        free(slots);
        fprintf(stderr, "claimx-demo: out of memory\n");
        return 1;
    }
    for (size_t first = 0; first < n; first += max) {
        size_t k = n - first < max ? n - first : max;
        fb.paths = paths + first;
        memset(fb.res, 0, max * sizeof *fb.res);
        batch b = {file_run, &fb, k, 0, slots};
        run_batch(&b, jobs);
        for (size_t i = 0; i < k; i++) {
            struct file_out *r = &fb.res[i];
            if (r->status < 0) {
                fprintf(stderr, "claimx-demo: %s: out of memory\n", fb.paths[i]);
                status = 1;
            } else {
                fwrite(r->out, 1, r->outlen, stdout);
                if (r->errlen) {
                    fflush(stdout);
                    fwrite(r->err, 1, r->errlen, stderr);
                }
                status |= r->status;
            }
            free(r->out);
            free(r->err);
        }
        fflush(stdout);
    }
    for (int t = 0; t < MAX_JOBS; t++)
        reuse_free(&slots[t]);
    free(slots);
    free(fb.res);
    return status;
}

static long online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : n;
}

/* N for -j: 1..MAX_JOBS, or 0 for the number of online CPUs; -1 if invalid */
static int parse_jobs(const char *v)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < 0 || n > MAX_JOBS)
        return -1;
    return n == 0 ? (int)online_cpus() : (int)n;
}

int main(int argc, char **argv)
{
    claimx_options o;
    claimx_options_init(&o);
    int fmt = FMT_TEXT;
    int jobs = 1;
    int first = argc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        }
        if (!strcmp(a, "--version")) {
            printf("claimx-demo %s (libclaimx %s)\n", CLAIMX_VERSION_STRING, claimx_version());
            return 0;
        }
        if (!strcmp(a, "--jsonl")) {
            fmt = FMT_JSONL;
            continue;
        }
        if (!strcmp(a, "--replace-invalid")) {
            o.flags |= CLAIMX_OPT_REPLACE_INVALID;
            continue;
        }
        if (!strcmp(a, "--")) {
            first = i + 1;
            break;
        }
        if (!strncmp(a, "-j", 2)) { /* -j N or -jN */
            if (!a[2] && i + 1 >= argc) {
                fprintf(stderr, "claimx-demo: -j needs a value (try --help)\n");
                return 2;
            }
            if ((jobs = parse_jobs(a[2] ? a + 2 : argv[++i])) < 0) {
                fprintf(stderr, "claimx-demo: -j takes a number of threads from 0 (all CPUs) to %d\n", MAX_JOBS);
                return 2;
            }
            continue;
        }
        if (!strncmp(a, "--", 2) && strcmp(a, "-")) {
            const char *eq = strchr(a, '=');
            char name[32];
            size_t nl = eq ? (size_t)(eq - a) : strlen(a);
            if (nl >= sizeof name) {
                fprintf(stderr, "claimx-demo: unknown option %s (try --help)\n", a);
                return 2;
            }
            memcpy(name, a, nl);
            name[nl] = '\0';
            if (strcmp(name, "--format") && strcmp(name, "--lang") && strcmp(name, "--kinds") &&
                strcmp(name, "--patterns") && strcmp(name, "--jobs") && strcmp(name, "--match-limit")) {
                fprintf(stderr, "claimx-demo: unknown option %s (try --help)\n", a);
                return 2;
            }
            if (eq) {
                val = eq + 1;
            } else if (i + 1 < argc) {
                val = argv[++i];
            } else {
                fprintf(stderr, "claimx-demo: %s needs a value (try --help)\n", name);
                return 2;
            }
            if (!strcmp(name, "--format")) {
                if (!strcmp(val, "json"))
                    fmt = FMT_JSON;
                else if (!strcmp(val, "text"))
                    fmt = FMT_TEXT;
                else if (!strcmp(val, "jsonl"))
                    fmt = FMT_JSONL;
                else {
                    fprintf(stderr, "claimx-demo: --format must be text, json or jsonl\n");
                    return 2;
                }
            } else if (!strcmp(name, "--jobs")) {
                if ((jobs = parse_jobs(val)) < 0) {
                    fprintf(stderr, "claimx-demo: -j takes a number of threads from 0 (all CPUs) to %d\n", MAX_JOBS);
                    return 2;
                }
            } else if (!strcmp(name, "--lang")) {
                o.lang = val;
            } else if (!strcmp(name, "--kinds")) {
                if (cx_parse_kinds(val, strlen(val), &o.kinds) != CLAIMX_OK) {
                    fprintf(stderr, "claimx-demo: --kinds takes a list of money, gpu, entity\n");
                    return 2;
                }
            } else if (!strcmp(name, "--match-limit")) {
                char *e;
                errno = 0;
                unsigned long v = strtoul(val, &e, 10);
                if (errno || e == val || *e || v == 0 || v > UINT32_MAX || val[0] == '-') {
                    fprintf(stderr, "claimx-demo: --match-limit takes a number from 1 to %lu\n",
                            (unsigned long)UINT32_MAX);
                    return 2;
                }
                o.match_limit = (uint32_t)v;
            } else {
                o.pattern_dir = val;
            }
            continue;
        }
        first = i;
        break;
    }
    if (first >= argc && fmt != FMT_JSONL) {
        fprintf(stderr, "claimx-demo: no input files (try --help)\n");
        return 2;
    }
    claimx_extractor *ex;
    char *err = NULL;
    int rc = claimx_extractor_new(&o, &ex, &err);
    if (rc != CLAIMX_OK) {
        fprintf(stderr, "claimx-demo: %s\n", err ? err : claimx_strerror(rc));
        claimx_string_free(err);
        return 3;
    }
    int status = 0;
    if (fmt == FMT_JSONL) {
        if (first >= argc) {
            status |= do_jsonl(ex, stdin, "(stdin)", jobs);
        } else {
            for (int i = first; i < argc; i++) {
                FILE *f = strcmp(argv[i], "-") ? fopen(argv[i], "rb") : stdin;
                if (!f) {
                    fprintf(stderr, "claimx-demo: %s: %s\n", argv[i], strerror(errno));
                    status = 1;
                    continue;
                }
                status |= do_jsonl(ex, f, f == stdin ? "(stdin)" : argv[i], jobs);
                if (f != stdin)
                    fclose(f);
            }
        }
    } else {
        status |= do_files(ex, argv + first, (size_t)(argc - first), fmt, o.max_input, jobs);
    }
    claimx_extractor_free(ex);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "claimx-demo: write error: %s\n", strerror(errno));
        status = 1;
    }
    return status;
}
