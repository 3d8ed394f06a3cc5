/*
 * test_threads.c - one extractor shared by many threads gives the same
 * results as one thread, on the example corpus (the .txt files of examples/articles).
 * `make tsan` runs this suite under ThreadSanitizer.
 */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimx.h"
#include "corpus.h"
#include "tests.h"

#define MAX_DOCS 64
#define NTHREADS 4

typedef struct {
    char *text;
    size_t len;
    char *want; /* JSON from one thread */
} doc;

static doc docs[MAX_DOCS];
static size_t ndocs;
static claimx_extractor *ex;

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static char *to_json(const claimx_extractor *e, const doc *d)
{
    claimx_result *res;
    if (claimx_extract(e, d->text, d->len, &res) != CLAIMX_OK)
        return NULL;
    char *json = NULL;
    if (claimx_result_to_json(res, &json, NULL) != CLAIMX_OK)
        json = NULL;
    claimx_result_free(res);
    return json;
}

static void setup(void)
{
    DIR *dir = opendir("examples/articles");
    ck_assert_msg(dir != NULL, "run from the repository root");
    char *names[MAX_DOCS];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        size_t l = strlen(e->d_name);
        if (l > 4 && !strcmp(e->d_name + l - 4, ".txt") && n < MAX_DOCS)
            names[n++] = strdup(e->d_name);
    }
    closedir(dir);
    ck_assert_uint_ge(n, 5);
    qsort(names, n, sizeof *names, by_name);
    ck_assert_int_eq(claimx_extractor_new(NULL, &ex, NULL), CLAIMX_OK);
    for (size_t i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "examples/articles/%s", names[i]);
        docs[i].text = corpus_read_file(path, &docs[i].len);
        docs[i].want = to_json(ex, &docs[i]);
        ck_assert_ptr_nonnull(docs[i].want);
        free(names[i]);
    }
    ndocs = n;
}

static void teardown(void)
{
    for (size_t i = 0; i < ndocs; i++) {
        free(docs[i].text);
        claimx_string_free(docs[i].want);
    }
    ndocs = 0;
    claimx_extractor_free(ex);
}

typedef struct {
    size_t first; /* each thread starts at a different document */
    int rounds;
    size_t mismatches, failures, claims;
    pthread_barrier_t *go;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    pthread_barrier_wait(j->go); /* start together, to overlap as much as possible */
    for (int r = 0; r < j->rounds; r++)
        for (size_t k = 0; k < ndocs; k++) {
            const doc *d = &docs[(j->first + k) % ndocs];
            char *got = to_json(ex, d);
            if (!got)
                j->failures++;
            else if (strcmp(got, d->want))
                j->mismatches++;
            else
                j->claims += strstr(got, "\"kind\"") != NULL;
            claimx_string_free(got);
        }
    return NULL;
}

static void run_threads(int nthreads, int rounds, int same_start)
{
    pthread_t th[NTHREADS];
    job jobs[NTHREADS];
    pthread_barrier_t go;
    pthread_barrier_init(&go, NULL, (unsigned)nthreads);
    for (int t = 0; t < nthreads; t++) {
        jobs[t] = (job){.first = same_start ? 0 : (size_t)t * ndocs / (size_t)nthreads, .rounds = rounds, .go = &go};
        ck_assert_int_eq(pthread_create(&th[t], NULL, worker, &jobs[t]), 0);
    }
    size_t with_claims = 0;
    for (int t = 0; t < nthreads; t++) {
        ck_assert_int_eq(pthread_join(th[t], NULL), 0);
        ck_assert_msg(jobs[t].failures == 0, "thread %d: %zu extractions failed", t, jobs[t].failures);
        ck_assert_msg(jobs[t].mismatches == 0, "thread %d: %zu results differ from one thread", t,
                      jobs[t].mismatches);
        with_claims += jobs[t].claims;
    }
    pthread_barrier_destroy(&go);
    /* the corpus is not trivially empty: most documents have claims */
    ck_assert_uint_ge(with_claims, (size_t)nthreads * (size_t)rounds * ndocs / 2);
}

START_TEST(test_shared_extractor_staggered)
{
    run_threads(NTHREADS, 2, 0);
}
END_TEST

START_TEST(test_shared_extractor_same_document)
{
    run_threads(NTHREADS, 1, 1);
}
END_TEST

/* one extractor per thread and one shared extractor agree as well */
static void *own_extractor(void *arg)
{
    size_t *bad = arg;
    claimx_extractor *mine;
    if (claimx_extractor_new(NULL, &mine, NULL) != CLAIMX_OK) {
        *bad = 1000;
        return NULL;
    }
    for (size_t k = 0; k < ndocs; k++) {
        char *got = to_json(mine, &docs[k]);
        *bad += !got || strcmp(got, docs[k].want);
        claimx_string_free(got);
    }
    claimx_extractor_free(mine);
    return NULL;
}

START_TEST(test_extractors_built_concurrently)
{
    pthread_t th[2];
    size_t bad[2] = {0, 0};
    for (int t = 0; t < 2; t++)
        ck_assert_int_eq(pthread_create(&th[t], NULL, own_extractor, &bad[t]), 0);
    for (int t = 0; t < 2; t++) {
        pthread_join(th[t], NULL);
        ck_assert_uint_eq(bad[t], 0);
    }
}
END_TEST

Suite *threads_suite(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("shared");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300); /* slow under ThreadSanitizer */
    tcase_add_test(tc, test_shared_extractor_staggered);
    tcase_add_test(tc, test_shared_extractor_same_document);
    tcase_add_test(tc, test_extractors_built_concurrently);
    suite_add_tcase(s, tc);
    return s;
}
