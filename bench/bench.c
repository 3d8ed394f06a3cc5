/*
 * bench.c - the libclaimx benchmark (`make bench`).
 *
 *   build/bench [--mb N] [--runs N] [--corpus FILE] ARTICLE.txt...
 *
 * Builds a corpus from the example articles (documents of 2-10 KB made of
 * each article's paragraphs, plus a few documents of 1 MB), at least N MB
 * (default 50), writes it to build/bench-corpus.txt (documents separated by
 * a line holding only \x1e), then measures, each as the median of --runs runs
 * (default 5):
 *   - start-up: claimx_extractor_new() with every kind (all rules compiled and JIT-ed);
 *   - end-to-end throughput (extract + JSON), all kinds and each kind alone, one
 *     result and one JSON buffer per thread reused (claimx_extract_into,
 *     claimx_result_to_json_into), as a program runs over a corpus; and, all
 *     kinds, the fresh way (claimx_extract + claimx_result_to_json + frees per
 *     document: "all_fresh_mb_s");
 *   - time per pipeline stage (cx_extract_into_timed(), an internal hook of the static library);
 *   - peak resident memory, with and without the corpus itself;
 *   - 2 threads against 1.
 * Prints a plain-text report, then one line of JSON starting with {"bench":.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "claimx.h"
#include "internal.h"

typedef struct doc {
    size_t off, len;
} doc;

typedef struct corpus {
    char *buf;
    size_t len;
    doc *docs;
    size_t ndocs, large;
} corpus;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *msg)
{
    fprintf(stderr, "bench: %s\n", msg);
    exit(1);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    if (!p || fread(p, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(p);
        return NULL;
    }
    fclose(f);
    p[n] = '\0';
    *len = (size_t)n;
    return p;
}

/* xorshift: the corpus is the same on every run */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

typedef struct article {
    char *text;
    size_t len;
    size_t npara;
    size_t *pa, *pb; /* paragraph [start, end) including its newline */
} article;

static void split_paras(article *a)
{
    a->pa = malloc((a->len / 2 + 2) * sizeof *a->pa);
    a->pb = malloc((a->len / 2 + 2) * sizeof *a->pb);
    if (!a->pa || !a->pb)
        die("out of memory");
    size_t i = 0;
    while (i < a->len) {
        char *nl = memchr(a->text + i, '\n', a->len - i);
        size_t e = nl ? (size_t)(nl - a->text) + 1 : a->len;
        if (e - i > 1) {
            a->pa[a->npara] = i;
            a->pb[a->npara] = e;
            a->npara++;
        }
        i = e;
    }
}

/* One document from article a: its paragraphs in order from a random one,
 * wrapping around, until the target size. */
static void put_doc(FILE *f, const article *a, size_t target)
{
    size_t p = rnd() % a->npara, n = 0;
    while (n < target) {
        size_t l = a->pb[p] - a->pa[p];
        fwrite(a->text + a->pa[p], 1, l, f);
        if (a->text[a->pb[p] - 1] != '\n')
            fputc('\n', f), l++;
        n += l;
        p = (p + 1) % a->npara;
    }
    fputs("\x1e\n", f);
}

static void make_corpus(const char *path, char **files, int nfiles, size_t bytes)
{
    article *arts = calloc((size_t)nfiles, sizeof *arts);
    if (!arts)
        die("out of memory");
    for (int i = 0; i < nfiles; i++) {
        arts[i].text = read_file(files[i], &arts[i].len);
        if (!arts[i].text)
            die("cannot read an article");
        split_paras(&arts[i]);
        if (!arts[i].npara)
            die("an article has no paragraph");
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        die("cannot write the corpus file");
    size_t total = 0;
    /* a few large documents (1 MB, paragraphs of every article in turn) */
    for (int k = 0; k < 4; k++) {
        size_t n = 0;
        while (n < (1u << 20)) {
            const article *a = &arts[rnd() % (size_t)nfiles];
            size_t p = rnd() % a->npara;
            fwrite(a->text + a->pa[p], 1, a->pb[p] - a->pa[p], f);
            n += a->pb[p] - a->pa[p];
        }
        fputs("\n\x1e\n", f);
        total += n;
    }
    while (total < bytes) {
        const article *a = &arts[rnd() % (size_t)nfiles];
        size_t target = 2048 + rnd() % (8 * 1024);
        put_doc(f, a, target);
        total += target;
    }
    fclose(f);
    for (int i = 0; i < nfiles; i++) {
        free(arts[i].text);
        free(arts[i].pa);
        free(arts[i].pb);
    }
    free(arts);
}

static void load_corpus(const char *path, corpus *c)
{
    c->buf = read_file(path, &c->len);
    if (!c->buf)
        die("cannot read the corpus file");
    size_t cap = 1024;
    c->docs = malloc(cap * sizeof *c->docs);
    size_t a = 0;
    while (a < c->len) {
        char *sep = memmem(c->buf + a, c->len - a, "\x1e\n", 2);
        size_t e = sep ? (size_t)(sep - c->buf) : c->len;
        if (e > a) {
            if (c->ndocs == cap) {
                cap *= 2;
                c->docs = realloc(c->docs, cap * sizeof *c->docs);
            }
            if (!c->docs)
                die("out of memory");
            c->docs[c->ndocs++] = (doc){a, e - a};
            if (e - a > 100000)
                c->large++;
        }
        a = sep ? e + 2 : c->len;
    }
}

static size_t corpus_bytes(const corpus *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->ndocs; i++)
        n += c->docs[i].len;
    return n;
}

/* ---------- runs ---------- */

typedef struct job {
    const claimx_extractor *ex;
    const corpus *c;
    atomic_size_t *next;
    cx_stage_times *times; /* NULL: the public path */
    int fresh; /* 1: a new result and JSON string per document (claimx_extract, claimx_result_to_json) */
    size_t claims;
    uint64_t json_ns; /* claimx_result_to_json() and claimx_result_free() */
    int failed;
} job;

/* The old way, a new result and string per document. */
static void worker_fresh(job *j)
{
    for (;;) {
        size_t i = atomic_fetch_add(j->next, 1);
        if (i >= j->c->ndocs)
            break;
        const doc *d = &j->c->docs[i];
        claimx_result *res;
        if (claimx_extract(j->ex, j->c->buf + d->off, d->len, &res) != CLAIMX_OK) {
            j->failed++;
            continue;
        }
        char *json;
        size_t jl;
        if (claimx_result_to_json(res, &json, &jl) != CLAIMX_OK)
            j->failed++;
        else
            claimx_string_free(json);
        j->claims += claimx_result_count(res);
        claimx_result_free(res);
    }
}

/* How a program runs over a corpus: one result and one JSON buffer per
 * thread, reused (claimx_extract_into, claimx_result_to_json_into). */
static void *worker(void *arg)
{
    job *j = arg;
    if (j->fresh) {
        worker_fresh(j);
        return NULL;
    }
    claimx_result *res = NULL;
    char *json = NULL;
    size_t jcap = 0;
    for (;;) {
        size_t i = atomic_fetch_add(j->next, 1);
        if (i >= j->c->ndocs)
            break;
        const doc *d = &j->c->docs[i];
        int rc;
        if (j->times)
            rc = cx_extract_into_timed(j->ex, j->c->buf + d->off, d->len, &res, j->times);
        else
            rc = claimx_extract_into(j->ex, j->c->buf + d->off, d->len, &res);
        if (rc != CLAIMX_OK) {
            j->failed++;
            continue;
        }
        double t0 = j->times ? now_s() : 0;
        size_t jl;
        if (claimx_result_to_json_into(res, &json, &jcap, &jl) != CLAIMX_OK)
            j->failed++;
        j->claims += claimx_result_count(res);
        if (j->times)
            j->json_ns += (uint64_t)((now_s() - t0) * 1e9);
    }
    claimx_result_free(res);
    claimx_string_free(json);
    return NULL;
}

/* One pass over the corpus with nthreads threads; returns seconds. */
static double run(const claimx_extractor *ex, const corpus *c, int nthreads, cx_stage_times *times,
                  size_t *claims, uint64_t *json_ns, int fresh)
{
    atomic_size_t next = 0;
    job jobs[8];
    pthread_t th[8];
    double t0 = now_s();
    for (int i = 0; i < nthreads; i++) {
        jobs[i] = (job){ex, c, &next, times, fresh, 0, 0, 0};
        if (nthreads > 1)
            pthread_create(&th[i], NULL, worker, &jobs[i]);
    }
    if (nthreads == 1)
        worker(&jobs[0]);
    else
        for (int i = 0; i < nthreads; i++)
            pthread_join(th[i], NULL);
    double t = now_s() - t0;
    size_t n = 0;
    for (int i = 0; i < nthreads; i++) {
        if (jobs[i].failed)
            die("an extraction failed");
        n += jobs[i].claims;
    }
    if (claims)
        *claims = n;
    if (json_ns)
        *json_ns = jobs[0].json_ns;
    return t;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static claimx_extractor *make_ex(uint32_t kinds)
{
    claimx_options o;
    claimx_options_init(&o);
    o.kinds = kinds;
    claimx_extractor *ex;
    char *err = NULL;
    if (claimx_extractor_new(&o, &ex, &err) != CLAIMX_OK)
        die(err ? err : "cannot build the extractor");
    return ex;
}

int main(int argc, char **argv)
{
    size_t mb = 50;
    int runs = 5;
    const char *cpath = "build/bench-corpus.txt";
    int ai = 1;
    for (; ai < argc && argv[ai][0] == '-'; ai++) {
        if (!strcmp(argv[ai], "--mb") && ai + 1 < argc)
            mb = (size_t)atol(argv[++ai]);
        else if (!strcmp(argv[ai], "--runs") && ai + 1 < argc)
            runs = atoi(argv[++ai]);
        else if (!strcmp(argv[ai], "--corpus") && ai + 1 < argc)
            cpath = argv[++ai];
        else
            die("usage: bench [--mb N] [--runs N] [--corpus FILE] ARTICLE.txt...");
    }
    if (ai >= argc || runs < 1 || runs > 99 || mb < 1)
        die("usage: bench [--mb N] [--runs N] [--corpus FILE] ARTICLE.txt...");
    make_corpus(cpath, argv + ai, argc - ai, mb << 20);
    corpus c = {0};
    load_corpus(cpath, &c);
    size_t bytes = corpus_bytes(&c);
    double mbytes = (double)bytes / (1 << 20);

    /* start-up */
    double st[100];
    for (int r = 0; r < runs; r++) {
        double t0 = now_s();
        claimx_extractor *ex = make_ex(CLAIMX_KINDS_ALL);
        st[r] = now_s() - t0;
        claimx_extractor_free(ex);
    }
    double startup_ms = median(st, runs) * 1e3;

    /* throughput: all kinds, then each alone */
    static const struct {
        const char *name;
        uint32_t bits;
    } kinds[] = {
        {"all", CLAIMX_KINDS_ALL},
        {"money", CLAIMX_KIND_BIT(CLAIMX_MONEY)},
        {"gpu", CLAIMX_KIND_BIT(CLAIMX_GPU_COUNT)},
        {"entity", CLAIMX_KIND_BIT(CLAIMX_ENTITY)},
    };
    double secs[4], fresh_secs = 0;
    size_t nclaims[4];
    for (int k = 0; k < 4; k++) {
        claimx_extractor *ex = make_ex(kinds[k].bits);
        double t[100], tf[100];
        for (int r = 0; r < runs; r++) {
            t[r] = run(ex, &c, 1, NULL, &nclaims[k], NULL, 0);
            if (k == 0) /* all kinds, new result and string per document, interleaved */
                tf[r] = run(ex, &c, 1, NULL, NULL, NULL, 1);
        }
        secs[k] = median(t, runs);
        if (k == 0)
            fresh_secs = median(tf, runs);
        claimx_extractor_free(ex);
    }

    /* stages (one timed pass per run; per-stage medians) and threads */
    claimx_extractor *ex = make_ex(CLAIMX_KINDS_ALL);
    enum { NST = CX_ST_COUNT + 1 }; /* the library's stages, then JSON writing */
    double stage_ms[NST];
    {
        double v[NST][100];
        for (int r = 0; r < runs; r++) {
            cx_stage_times tm;
            memset(&tm, 0, sizeof tm);
            uint64_t json_ns = 0;
            run(ex, &c, 1, &tm, NULL, &json_ns, 0);
            for (int s = 0; s < CX_ST_COUNT; s++)
                v[s][r] = (double)tm.ns[s] / 1e6;
            v[CX_ST_COUNT][r] = (double)json_ns / 1e6;
        }
        for (int s = 0; s < NST; s++)
            stage_ms[s] = median(v[s], runs);
    }
    double t1[100], t2[100];
    for (int r = 0; r < runs; r++) {
        t1[r] = run(ex, &c, 1, NULL, NULL, NULL, 0);
        t2[r] = run(ex, &c, 2, NULL, NULL, NULL, 0);
    }
    double one = median(t1, runs), two = median(t2, runs);
    claimx_extractor_free(ex);

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double rss_mb = (double)ru.ru_maxrss / 1024.0;
    double rss_ex_mb = rss_mb - (double)c.len / (1 << 20);

    static const char *stage_names[NST] = {
        "validation", "normalisation", "segmentation", "language_id", "scan",
        "money", "gpu", "entity", "result", "json"};

    printf("libclaimx %s benchmark: %zu documents (%zu of 1 MB), %.1f MB, median of %d runs\n",
           claimx_version(), c.ndocs, c.large, mbytes, runs);
    printf("start-up (extractor_new, all kinds): %.1f ms\n", startup_ms);
    for (int k = 0; k < 4; k++)
        printf("throughput %-6s: %8.2f MB/s %10.0f docs/s  (%zu claims)\n", kinds[k].name,
               mbytes / secs[k], (double)c.ndocs / secs[k], nclaims[k]);
    printf("throughput all, fresh result per document: %8.2f MB/s %10.0f docs/s\n", mbytes / fresh_secs,
           (double)c.ndocs / fresh_secs);
    printf("stages, all kinds, one thread (ms for the whole corpus):\n");
    for (int s = 0; s < NST; s++)
        printf("  %-14s %9.1f\n", stage_names[s], stage_ms[s]);
    printf("peak RSS: %.1f MB (%.1f MB without the %.1f MB corpus)\n", rss_mb, rss_ex_mb,
           (double)c.len / (1 << 20));
    printf("threads: 1: %.2f MB/s, 2: %.2f MB/s, speed-up %.2fx\n", mbytes / one, mbytes / two, one / two);

    printf("{\"bench\": \"libclaimx\", \"version\": \"%s\", \"docs\": %zu, \"mb\": %.2f, \"runs\": %d, "
           "\"startup_ms\": %.2f",
           claimx_version(), c.ndocs, mbytes, runs, startup_ms);
    for (int k = 0; k < 4; k++)
        printf(", \"%s_mb_s\": %.3f, \"%s_docs_s\": %.1f", kinds[k].name, mbytes / secs[k], kinds[k].name,
               (double)c.ndocs / secs[k]);
    printf(", \"all_fresh_mb_s\": %.3f", mbytes / fresh_secs);
    printf(", \"stages_ms\": {");
    for (int s = 0; s < NST; s++)
        printf("%s\"%s\": %.2f", s ? ", " : "", stage_names[s], stage_ms[s]);
    printf("}, \"peak_rss_mb\": %.1f, \"peak_rss_excl_input_mb\": %.1f, \"mb_s_1t\": %.3f, \"mb_s_2t\": %.3f, "
           "\"speedup_2t\": %.3f}\n",
           rss_mb, rss_ex_mb, mbytes / one, mbytes / two, one / two);
    free(c.buf);
    free(c.docs);
    return 0;
}
