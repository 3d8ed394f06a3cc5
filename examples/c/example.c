/*
 * example.c - the smallest useful program on libclaimx: print the money
 * claims of a text given on the command line, then the JSON of the result.
 *
 *   cc example.c $(pkg-config --cflags --libs claimx)      (installed), or
 *   cc example.c -Iinclude -Lbuild -lclaimx                (build tree)
 */
#include <claimx.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *text = argc > 1 ? argv[1] : "DeepSeek aurait dépensé environ 1,6 milliard de dollars.";
    claimx_options opts;
    claimx_options_init(&opts);
    opts.kinds = CLAIMX_KIND_BIT(CLAIMX_MONEY);

    claimx_extractor *ex;
    char *err = NULL;
    int rc = claimx_extractor_new(&opts, &ex, &err);
    if (rc != CLAIMX_OK) {
        fprintf(stderr, "example: %s\n", err ? err : claimx_strerror(rc));
        claimx_string_free(err);
        return 1;
    }
    claimx_result *res;
    rc = claimx_extract(ex, text, strlen(text), &res);
    if (rc != CLAIMX_OK) {
        fprintf(stderr, "example: %s\n", claimx_strerror(rc));
        claimx_extractor_free(ex);
        return 1;
    }
    for (size_t i = 0; i < claimx_result_count(res); i++) {
        const claimx_claim *c = claimx_result_get(res, i);
        printf("%zu-%zu %s %s bound=%d \"%s\"\n", c->start, c->end, c->value_exact, c->currency, c->bound,
               c->text);
    }
    char *json;
    if (claimx_result_to_json(res, &json, NULL) == CLAIMX_OK) {
        printf("%s\n", json);
        claimx_string_free(json);
    }
    claimx_result_free(res);
    claimx_extractor_free(ex);
    return 0;
}
