/*
 * stress.c - big and hostile inputs through the library (`make stress`; the
 * asan and valgrind targets run it with --quick, at a tenth or less of the size).
 *
 * Each case repeats a unit up to its size, extracts with the default options
 * (and the REPLACE_INVALID ones for invalid text), checks the result (status
 * OK, spans inside the input and equal to their text, valid JSON, no limit
 * hit) and that the work grew linearly: the same text at a tenth of the
 * size must cost at least a tenth of the work (cx_result_stats: bytes PCRE2
 * could examine and match calls). The smaller texts go through one result
 * reused from case to case (claimx_extract_into), which must give the JSON
 * and the work of a fresh one. Wall time is printed, never judged.
 *
 *   build/stress [--quick] [CASE...]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "claimx.h"
#include "internal.h"

typedef struct scase {
    const char *name;
    const char *unit;
    size_t size; /* full size in bytes */
    const char *tail; /* appended once at the end (NULL: nothing) */
    int flags; /* REPLACE: needs CLAIMX_OPT_REPLACE_INVALID; MAY_LIMIT: a limit hit is expected (and must be reported) */
} scase;

#define REPLACE 1
#define MAY_LIMIT 2
#define KB 1024
#define MB (1024 * 1024)
static const scase cases[] = {
    /* news prose on one line, an amount every ~1 KB; and dense amounts (the
     * engine's worst case per byte) at 4 MB */
    {"100MB single line", "Selon les documents consultés par notre rédaction, la société "
                          "parisienne a présenté hier à ses investisseurs un plan ambitieux pour "
                          "les prochaines années, avec de nouveaux centres de calcul, des recrutements dans "
                          "plusieurs pays européens et une offre destinée aux grandes entreprises, "
                          "tandis que ses concurrents américains et chinois multiplient les annonces; "
                          "les dirigeants estiment que la demande restera forte malgré la concurrence, "
                          "que les clients européens préfèrent un fournisseur local et que "
                          "la réglementation leur donne un avantage durable sur leurs rivaux, sans préciser "
                          "le calendrier ni les partenaires retenus pour la suite du projet, "
                          "qui doit encore être validé par le conseil d'administration en juin; "
                          "la start-up a levé sa dernière tranche de financement, ", 100 * MB,
     "et 450 millions d'euros.", 0},
    {"100MB ASCII line", "According to people familiar with the matter, the company told investors on Tuesday "
                         "that it plans to expand its data centres across Europe and Asia over the coming years, "
                         "hiring engineers in several countries and launching an offer for large customers while "
                         "its rivals keep announcing new models and partnerships; the executives believe demand "
                         "will stay strong despite the competition and that customers prefer a local supplier, "
                         "without giving a timetable or naming partners for the next stage of the project, which "
                         "still has to be approved by the board in June; the start-up raised more money, ", 100 * MB,
     "and $5 million.", 0},
    {"dense amounts", "It raised $5 million and about 490 million dollars, between 60 and 80 million; ", 128 * KB, NULL, 0},
    {"million digits", "9", 1000000, NULL, MAY_LIMIT}, /* 1M digits: past the 1M-step match limit */
    {"repeated separators", "1 ", 128 * KB, NULL, 0},
    {"grouped thousands", "1 000 ", 128 * KB, NULL, 0},
    {"currency symbols only", "\xe2\x82\xac$\xc2\xa3\xc2\xa5\xe2\x82\xb9", 128 * KB, NULL, 0},
    {"right-to-left flood", "\xe2\x80\xae\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9 \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d ", 128 * KB, NULL, 0},
    {"combining marks flood", "\xcc\x81\xcc\x82\xcc\x83\xcc\x88", 128 * KB, NULL, 0},
    {"digits with combining marks", "5\xcc\x81", 128 * KB, NULL, 0},
    {"NUL bytes", "\0", 128 * KB, NULL, 0},
    {"newlines", "\n", 128 * KB, NULL, 0},
    {"many short paragraphs", "5 \xe2\x82\xac\n", 128 * KB, NULL, 0},
    {"invalid UTF-8", "5 \xff millions \xc0\xaf d'euros \xed\xa0\x80 ", 128 * KB, NULL, REPLACE},
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *fill(const char *unit, size_t size, const char *tail, size_t *len)
{
    size_t u = strlen(unit);
    if (u == 0)
        u = 1; /* the NUL case */
    size_t n = size / u * u, tl = tail ? strlen(tail) : 0;
    char *p = malloc(n + tl + 1);
    if (!p)
        return NULL;
    for (size_t i = 0; i < n; i += u)
        memcpy(p + i, unit, u);
    if (tl)
        memcpy(p + n, tail, tl);
    *len = n + tl;
    return p;
}

/* reuse NULL: claimx_extract(); else claimx_extract_into(*reuse), a result
 * that served the earlier cases (big and hostile texts), checked against a
 * fresh one */
static int run(const claimx_extractor *ex, const char *t, size_t n, cx_stats *st, size_t *claims, uint32_t *flags,
               claimx_result **reuse)
{
    claimx_result *r;
    int rc = reuse ? claimx_extract_into(ex, t, n, reuse) : claimx_extract(ex, t, n, &r);
    if (reuse)
        r = *reuse;
    if (rc != CLAIMX_OK) {
        fprintf(stderr, "  status %d (%s)\n", rc, claimx_strerror(rc));
        return 1;
    }
    int bad = 0;
    *claims = 0; /* money claims: the filler prose also holds entities */
    for (size_t i = 0; i < claimx_result_count(r); i++) {
        const claimx_claim *c = claimx_result_get(r, i);
        if (c->start > c->end || c->end > n || memcmp(c->text, t + c->start, c->end - c->start))
            bad = 1;
        *claims += c->kind == CLAIMX_MONEY;
    }
    char *json;
    size_t jl;
    if (claimx_result_to_json(r, &json, &jl) != CLAIMX_OK || !cx_json_valid(json, jl))
        bad = 1;
    else
        claimx_string_free(json);
    cx_result_stats(r, st);
    *flags = claimx_result_flags(r);
    if (reuse) {
        /* the same claims, JSON and work as a fresh result */
        claimx_result *f;
        char *a = NULL, *b = NULL;
        cx_stats fs;
        if (claimx_extract(ex, t, n, &f) != CLAIMX_OK)
            bad = 1;
        else {
            cx_result_stats(f, &fs);
            if (claimx_result_to_json(r, &a, NULL) != CLAIMX_OK || claimx_result_to_json(f, &b, NULL) != CLAIMX_OK ||
                strcmp(a, b) || memcmp(&fs, st, sizeof fs) || claimx_result_flags(f) != *flags) {
                fprintf(stderr, "  the reused result differs from a fresh one\n");
                bad = 1;
            }
            claimx_string_free(a);
            claimx_string_free(b);
            claimx_result_free(f);
        }
    } else {
        claimx_result_free(r);
    }
    if (bad)
        fprintf(stderr, "  bad spans or JSON\n");
    return bad;
}

int main(int argc, char **argv)
{
    int quick = 0, fails = 0;
    int first = 1;
    if (argc > 1 && !strcmp(argv[1], "--quick")) {
        quick = 1;
        first = 2;
    }
    claimx_extractor *ex[2];
    claimx_options o;
    claimx_options_init(&o);
    if (claimx_extractor_new(&o, &ex[0], NULL) != CLAIMX_OK)
        return 2;
    o.flags = CLAIMX_OPT_REPLACE_INVALID;
    if (claimx_extractor_new(&o, &ex[1], NULL) != CLAIMX_OK)
        return 2;
    claimx_result *reused = NULL; /* the small runs: one result for every case */
    double t0 = now();
    for (size_t ci = 0; ci < sizeof cases / sizeof cases[0]; ci++) {
        const scase *c = &cases[ci];
        if (first < argc) {
            int want = 0;
            for (int a = first; a < argc; a++)
                want |= strstr(c->name, argv[a]) != NULL;
            if (!want)
                continue;
        }
        /* --quick: a hundredth, but the smaller text still several times the
         * longest stretch one anchored attempt may read (CX_SPAN_MAX), where
         * work per byte levels off */
        size_t size = c->size;
        if (quick) {
            size = c->size / 100;
            if (size < 64 * CX_SPAN_MAX && c->size >= 64 * CX_SPAN_MAX)
                size = 64 * CX_SPAN_MAX;
        }
        size_t n_big, n_small;
        char *big = fill(c->unit, size, c->tail, &n_big), *small = fill(c->unit, size / 10, c->tail, &n_small);
        if (!big || !small) {
            fprintf(stderr, "%s: out of memory\n", c->name);
            return 2;
        }
        cx_stats sb, ss;
        size_t kb, ks;
        uint32_t fb, fs;
        double a = now();
        int bad = run(ex[c->flags & REPLACE], big, n_big, &sb, &kb, &fb, NULL);
        double dt = now() - a;
        bad |= run(ex[c->flags & REPLACE], small, n_small, &ss, &ks, &fs, &reused);
        if (!bad && c->tail && kb != 1) {
            fprintf(stderr, "  %zu claims: the one at the end of the text was not found\n", kb);
            bad = 1;
        }
        if (!bad && ((fb | fs) & CLAIMX_RESULT_LIMIT_HIT) && !(c->flags & MAY_LIMIT)) {
            fprintf(stderr, "  a PCRE2 limit was hit\n");
            bad = 1;
        }
        /* linear: 10x the bytes, at most ~10x the work (12x: slack for the edges) */
        if (!bad && (sb.scanned > 12 * ss.scanned + 65536 || sb.matches > 12 * ss.matches + 1024)) {
            fprintf(stderr, "  not linear: %zu bytes: %llu scanned, %llu matches; %zu bytes: %llu scanned, %llu matches\n",
                    n_small, (unsigned long long)ss.scanned, (unsigned long long)ss.matches, n_big,
                    (unsigned long long)sb.scanned, (unsigned long long)sb.matches);
            bad = 1;
        }
        printf("%-28s %10zu bytes %7.2fs %8zu claims %12llu matches %7.1f scanned/byte%s%s\n", c->name, n_big, dt, kb,
               (unsigned long long)sb.matches, n_big ? (double)sb.scanned / (double)n_big : 0.0, (fb & CLAIMX_RESULT_LIMIT_HIT) ? "  limit_hit" : "", bad ? "  FAIL" : "");
        fflush(stdout);
        fails += bad;
        free(big);
        free(small);
    }
    claimx_result_free(reused);
    claimx_extractor_free(ex[0]);
    claimx_extractor_free(ex[1]);
    printf("stress: %d failed, %.1fs\n", fails, now() - t0);
    return fails ? 1 : 0;
}
