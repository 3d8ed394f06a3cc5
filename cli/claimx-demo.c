/*
 * claimx-demo - extract claims from article files with libclaimx.
 *
 *   claimx-demo [options] FILE...       (- for standard input)
 *
 * Exit codes: 0 all inputs processed; 1 at least one file could not be read
 * or extracted (the others were still processed); 2 usage error; 3 the
 * extractor could not be built (bad --lang, bad --patterns data).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
static void put_flat(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        putchar((unsigned char)s[i] < 0x20 ? ' ' : s[i]);
}

static void print_text(const char *name, const char *text, size_t len, const claimx_result *res)
{
    size_t n = claimx_result_count(res);
    printf("== %s  (language %s, %zu claim%s)\n", name, claimx_result_lang(res), n, n == 1 ? "" : "s");
    size_t line = 1, pos = 0;
    for (size_t i = 0; i < n; i++) {
        const claimx_claim *c = claimx_result_get(res, i);
        for (; pos < c->start && pos < len; pos++)
            line += text[pos] == '\n';
        printf("%6zu  %-6s ", line, kind_name(c->kind));
        if (c->kind == CLAIMX_MONEY) {
            printf("%s %s", c->value_exact, c->currency);
            if (c->bound)
                printf(" %s", bound_word(c->bound));
            if (c->period)
                printf(" per %s", c->period == 1 ? "year" : c->period == 2 ? "month" : "day");
        } else if (c->kind == CLAIMX_GPU_COUNT) {
            printf("%s%s%s%s%s", c->value_exact, c->vendor ? " " : "", c->vendor ? c->vendor : "",
                   c->model ? " " : "", c->model ? c->model : "");
        }
        printf("  \"");
        put_flat(text, c->start, c->end);
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
        printf("\"  ...");
        put_flat(text, a, c->start);
        printf("[");
        put_flat(text, c->start, c->end);
        printf("]");
        put_flat(text, c->end, b);
        printf("...\n");
    }
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static int do_file(const claimx_extractor *ex, const char *path, int fmt, size_t max_input)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        fprintf(stderr, "claimx-demo: %s: %s\n", path, strerror(errno));
        return 1;
    }
    size_t len;
    char *text = read_all(f, &len, max_input);
    if (f != stdin)
        fclose(f);
    if (!text) {
        fprintf(stderr, "claimx-demo: %s: cannot read\n", path);
        return 1;
    }
    claimx_result *res;
    int rc = claimx_extract(ex, text, len, &res);
    if (rc != CLAIMX_OK) {
        fprintf(stderr, "claimx-demo: %s: %s\n", path, claimx_strerror(rc));
        free(text);
        return 1;
    }
    if (claimx_result_flags(res) & CLAIMX_RESULT_LIMIT_HIT)
        fprintf(stderr, "claimx-demo: %s: a pattern hit its match limit; claims may be missing\n", path);
    if (fmt == FMT_TEXT) {
        print_text(strcmp(path, "-") ? path : "(stdin)", text, len, res);
    } else {
        char *json;
        size_t jl;
        if (claimx_result_to_json(res, &json, &jl) != CLAIMX_OK) {
            fprintf(stderr, "claimx-demo: %s: out of memory\n", path);
            claimx_result_free(res);
            free(text);
            return 1;
        }
        cx_buf b = {0};
        cx_buf_puts(&b, "{\"doc\": ");
        const char *doc = strcmp(path, "-") ? base_name(path) : "-";
        cx_json_string(&b, doc, strlen(doc));
        cx_buf_puts(&b, ", ");
        fwrite(b.p, 1, b.len, stdout);
        fwrite(json + 1, 1, jl - 1, stdout); /* the library's object without its "{" */
        putchar('\n');
        cx_buf_free(&b);
        claimx_string_free(json);
    }
    claimx_result_free(res);
    free(text);
    return 0;
}

static void jsonl_error(const char *src, unsigned long lineno, const char *id, size_t idl, const char *msg)
{
    fprintf(stderr, "claimx-demo: %s:%lu: %s\n", src, lineno, msg);
    cx_buf b = {0};
    cx_buf_puts(&b, "{\"id\": ");
    if (id)
        cx_buf_put(&b, id, idl);
    else
        cx_buf_puts(&b, "null");
    cx_buf_puts(&b, ", \"error\": ");
    cx_json_string(&b, msg, strlen(msg));
    cx_buf_puts(&b, "}\n");
    fwrite(b.p, 1, b.len, stdout);
    cx_buf_free(&b);
}

static int do_jsonl(const claimx_extractor *ex, FILE *f, const char *src)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long lineno = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        size_t l = (size_t)n;
        while (l && (line[l - 1] == '\n' || line[l - 1] == '\r'))
            l--;
        size_t idl = 0, tl = 0;
        const char *id = cx_json_find(line, l, "id", &idl);
        const char *tv = cx_json_find(line, l, "text", &tl);
        /* the id is copied to the output verbatim: only if it is valid JSON */
        if (id && !cx_json_valid(id, idl)) {
            jsonl_error(src, lineno, NULL, 0, "\"id\" is not a valid JSON value");
            fflush(stdout);
            continue;
        }
        if (!tv) {
            jsonl_error(src, lineno, id, idl, l ? "line is not a JSON object with a \"text\" string" : "empty line");
            fflush(stdout);
            continue;
        }
        size_t textlen;
        char *text = cx_json_unescape(tv, tl, &textlen);
        if (!text) {
            jsonl_error(src, lineno, id, idl, "\"text\" is not a valid JSON string");
            fflush(stdout);
            continue;
        }
        claimx_result *res;
        int rc = claimx_extract(ex, text, textlen, &res);
        free(text);
        if (rc != CLAIMX_OK) {
            jsonl_error(src, lineno, id, idl, claimx_strerror(rc));
            fflush(stdout);
            continue;
        }
        if (claimx_result_flags(res) & CLAIMX_RESULT_LIMIT_HIT)
            fprintf(stderr, "claimx-demo: %s:%lu: a pattern hit its match limit; claims may be missing\n", src, lineno);
        char *json;
        size_t jl;
        if (claimx_result_to_json(res, &json, &jl) == CLAIMX_OK) {
            fputs("{\"id\": ", stdout);
            if (id)
                fwrite(id, 1, idl, stdout);
            else
                fputs("null", stdout);
            fputs(", ", stdout);
            fwrite(json + 1, 1, jl - 1, stdout);
            putchar('\n');
            claimx_string_free(json);
        } else {
            jsonl_error(src, lineno, id, idl, "out of memory");
        }
        claimx_result_free(res);
        fflush(stdout);
    }
    free(line);
    return ferror(f) ? 1 : 0;
}

int main(int argc, char **argv)
{
    claimx_options o;
    claimx_options_init(&o);
    int fmt = FMT_TEXT;
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
                strcmp(name, "--patterns") && strcmp(name, "--match-limit")) {
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
            status |= do_jsonl(ex, stdin, "(stdin)");
        } else {
            for (int i = first; i < argc; i++) {
                FILE *f = strcmp(argv[i], "-") ? fopen(argv[i], "rb") : stdin;
                if (!f) {
                    fprintf(stderr, "claimx-demo: %s: %s\n", argv[i], strerror(errno));
                    status = 1;
                    continue;
                }
                status |= do_jsonl(ex, f, f == stdin ? "(stdin)" : argv[i]);
                if (f != stdin)
                    fclose(f);
            }
        }
    } else {
        for (int i = first; i < argc; i++)
            status |= do_file(ex, argv[i], fmt, o.max_input);
    }
    claimx_extractor_free(ex);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "claimx-demo: write error: %s\n", strerror(errno));
        status = 1;
    }
    return status;
}
