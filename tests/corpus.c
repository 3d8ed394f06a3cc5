/* corpus.c - loader and shared assertions of the table-driven corpora. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

static char *dupn(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) {
        fprintf(stderr, "corpus: out of memory\n");
        exit(1);
    }
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static int is_known_failure(const char *lang, const char *input)
{
    FILE *f = fopen("tests/corpus/known_failures.tsv", "r");
    if (!f)
        return 0;
    char buf[4096];
    int found = 0;
    while (!found && fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\r\n")] = '\0';
        char *tab = strchr(buf, '\t');
        if (buf[0] == '#' || !tab)
            continue;
        *tab = '\0';
        found = !strcmp(buf, lang) && !strcmp(tab + 1, input);
    }
    fclose(f);
    return found;
}

static void add_row(corpus *c, const char *lang, char *line, const char *path, int ln)
{
    corpus_row r;
    memset(&r, 0, sizeof r);
    memcpy(r.lang, lang, strnlen(lang, sizeof r.lang - 1)); /* a language code: checked short */
    r.line = ln;
    char *p = line;
    int n = 0;
    for (;;) {
        char *t = strchr(p, '\t');
        size_t len = t ? (size_t)(t - p) : strlen(p);
        if (n < CORPUS_MAXCOLS)
            r.cols[n] = dupn(p, len);
        n++;
        if (!t)
            break;
        p = t + 1;
    }
    if (n != c->ncols) {
        fprintf(stderr, "%s:%d: expected %d tab-separated columns, found %d\n", path, ln, c->ncols, n);
        exit(1);
    }
    r.known_failure = is_known_failure(lang, r.cols[0]);
    corpus_row *v = realloc(c->rows, (size_t)(c->nrows + 1) * sizeof *v);
    if (!v) {
        fprintf(stderr, "corpus: out of memory\n");
        exit(1);
    }
    c->rows = v;
    c->rows[c->nrows++] = r;
}

void corpus_load(corpus *c)
{
    if (c->nrows)
        return;
    DIR *d = opendir("tests/corpus");
    if (!d) {
        fprintf(stderr, "tests/corpus not found: run the tests from the repository root\n");
        exit(1);
    }
    struct dirent *e;
    while ((e = readdir(d)) && c->nlangs < CORPUS_MAXLANGS) {
        if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof c->langs[0])
            continue;
        char path[512];
        snprintf(path, sizeof path, "tests/corpus/%s/%s", e->d_name, c->file);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        memcpy(c->langs[c->nlangs++], e->d_name, strlen(e->d_name) + 1); /* shorter than langs[0]: checked above */
        char *line = NULL;
        size_t cap = 0;
        int ln = 0;
        while (getline(&line, &cap, f) > 0) {
            ln++;
            line[strcspn(line, "\r\n")] = '\0';
            if (line[0] && line[0] != '#')
                add_row(c, e->d_name, line, path, ln);
        }
        free(line);
        fclose(f);
    }
    closedir(d);
}

claimx_extractor *corpus_extractor(corpus *c, const char *lang)
{
    int li = 0;
    while (li < c->nlangs && strcmp(c->langs[li], lang))
        li++;
    ck_assert_msg(li < c->nlangs, "no corpus language %s", lang);
    if (!c->ex[li]) {
        claimx_options o;
        claimx_options_init(&o);
        o.lang = lang;
        o.kinds = c->kinds;
        ck_assert_int_eq(claimx_extractor_new(&o, &c->ex[li], NULL), CLAIMX_OK);
    }
    return c->ex[li];
}

int corpus_split(char *s, char **out, int max, int dash_is_none)
{
    if (dash_is_none && !strcmp(s, "-"))
        return 0;
    int n = 0;
    for (char *p = s; n < max;) {
        char *sep = strstr(p, " ; ");
        out[n++] = p;
        if (!sep)
            break;
        *sep = '\0';
        p = sep + 3;
    }
    return n;
}

void corpus_assert_row(const corpus *c, const corpus_row *r, const char *why)
{
    if (r->known_failure) {
        ck_assert_msg(why != NULL, "%s/%s:%d now passes: remove it from known_failures.tsv", r->lang, c->file,
                      r->line);
        return;
    }
    ck_assert_msg(why == NULL, "%s/%s:%d: %s\n  input: %s", r->lang, c->file, r->line, why ? why : "",
                  r->cols[0]);
}

void corpus_assert_size(const corpus *c, const char *what, int min_cases, int min_negatives)
{
    for (int l = 0; l < c->nlangs; l++) {
        int n = 0, neg = 0, known = 0;
        for (int i = 0; i < c->nrows; i++)
            if (!strcmp(c->rows[i].lang, c->langs[l])) {
                n++;
                neg += !strcmp(c->rows[i].cols[1], "-");
                known += c->rows[i].known_failure;
            }
        printf("%s corpus %s: %d cases, %d negatives, %d known failures\n", what, c->langs[l], n, neg, known);
        ck_assert_msg(n >= min_cases, "%s: only %d %s cases", c->langs[l], n, what);
        ck_assert_msg(neg >= min_negatives, "%s: only %d negative %s cases", c->langs[l], neg, what);
    }
    ck_assert_int_ge(c->nlangs, 4);
}

char *corpus_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    ck_assert_int_ge(n, 0);
    char *p = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(fread(p, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    p[n] = '\0';
    *len = (size_t)n;
    return p;
}

uint64_t corpus_random(uint64_t *r)
{
    *r = *r * 6364136223846793005ull + 1442695040888963407ull;
    return *r >> 33;
}

size_t corpus_random_text(const char *const *pieces, size_t np, uint64_t *r, char *buf, size_t cap)
{
    size_t n = 0;
    for (int k = 0; k < 40; k++) {
        const char *p = pieces[corpus_random(r) % np];
        size_t pl = strlen(p);
        if (n + pl >= cap)
            break;
        memcpy(buf + n, p, pl);
        n += pl;
    }
    return n;
}
