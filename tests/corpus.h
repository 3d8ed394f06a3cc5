/* corpus.h - the table-driven test corpora (tests/corpus/<lang>/<file>.tsv),
 * shared by the money, gpu and entity suites. */
#ifndef CLAIMX_TEST_CORPUS_H
#define CLAIMX_TEST_CORPUS_H
#include <stdint.h>

#include "claimx.h"

#define CORPUS_MAXCOLS 8
#define CORPUS_MAXLANGS 8

typedef struct corpus_row {
    char lang[8];
    char *cols[CORPUS_MAXCOLS]; /* cols[0] is the input; cols[1] "-" marks a negative case */
    int line;
    int known_failure; /* listed in tests/corpus/known_failures.tsv (lang<TAB>input) */
} corpus_row;

typedef struct corpus {
    const char *file; /* "money.tsv" */
    int ncols;        /* tab-separated columns every row must have */
    uint32_t kinds;   /* kinds of the extractors the rows run with */
    corpus_row *rows;
    int nrows;
    char langs[CORPUS_MAXLANGS][8];
    int nlangs;
    claimx_extractor *ex[CORPUS_MAXLANGS]; /* one per language, language forced */
} corpus;

/* Read tests/corpus/<lang>/<file> of every language folder (once). A malformed
 * row stops the test program with file:line. */
void corpus_load(corpus *c);
/* The extractor for lang (built on first use, language forced). */
claimx_extractor *corpus_extractor(corpus *c, const char *lang);
/* Split "a ; b ; c" in place into at most max items; "-" alone is no item when
 * dash_is_none. Returns the number of items. */
int corpus_split(char *s, char **out, int max, int dash_is_none);
/* Inside a test: assert the row's verdict (why == NULL: passed), with known
 * failures expected to fail. */
void corpus_assert_row(const corpus *c, const corpus_row *r, const char *why);
/* Inside a test: the whole file at path, NUL-terminated (free() it); *len
 * receives its length. */
char *corpus_read_file(const char *path, size_t *len);
/* Reference-test text: up to 40 pieces drawn at random (the LCG *r) and
 * glued into buf (less than cap bytes); returns the length. */
size_t corpus_random_text(const char *const *pieces, size_t np, uint64_t *r, char *buf, size_t cap);
/* The next value of the LCG *r (for picking cuts of such a text). */
uint64_t corpus_random(uint64_t *r);
/* Inside a test: print the per-language counts and assert the minimum sizes. */
void corpus_assert_size(const corpus *c, const char *what, int min_cases, int min_negatives);

#endif
