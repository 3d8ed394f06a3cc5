/*
 * entities_tokens.h - included after lib/entities.c by the tests that build
 * a copy of the entity pass (test_entities.c: the library's paths,
 * test_entities_scalar.c: the portable ones), with ENT_TOKENS naming the
 * function it defines: the tokens of s[0..n) cut into nsent sentences of
 * equal length (1 to 8), as the entity pass makes them (a, b, fa, fb, flags
 * each, up to cap of them into out), and the fold (up to foldcap bytes): the
 * number of tokens, (size_t)-1 out of memory.
 */
size_t ENT_TOKENS(const cx_lang *L, const char *s, size_t n, size_t nsent, uint32_t *out, size_t cap, char *fold,
                  size_t foldcap, size_t *nfold);

size_t ENT_TOKENS(const cx_lang *L, const char *s, size_t n, size_t nsent, uint32_t *out, size_t cap, char *fold,
                  size_t foldcap, size_t *nfold)
{
    doc D = {0};
    D.s = s;
    D.n = n;
    D.tv = grow(NULL, &D.capt, n / 6 + 64, sizeof *D.tv, &D.oom);
    D.capfold = n + n / 4 + 64;
    D.fold = malloc(D.capfold);
    size_t nt = 0;
    *nfold = 0;
    if (D.fold && D.tv) {
        for (size_t k = 0; k < nsent && !D.oom; k++)
            tokenize(&D, n * k / nsent, n * (k + 1) / nsent, L);
        for (size_t i = 0; i < D.nt && nt < cap; i++, nt++) {
            const tok *t = &D.tv[i];
            uint32_t *o = out + 5 * nt;
            o[0] = t->a, o[1] = t->b, o[2] = t->fa, o[3] = t->fb, o[4] = t->flags;
        }
        *nfold = D.nfold < foldcap ? D.nfold : foldcap;
        memcpy(fold, D.fold, *nfold);
    }
    size_t r = D.oom || !D.fold || !D.tv ? (size_t)-1 : D.nt;
    free(D.tv);
    free(D.fold);
    return r;
}
