/*
 * claimx.h - the public API of libclaimx.
 *
 * libclaimx reads news text in French, Dutch, Portuguese and English and
 * extracts claims: money amounts, counts of GPUs and other accelerators, and
 * named entities (ORG, PERSON, PRODUCT, LOC), each as a plain record whose
 * offsets point into the caller's original bytes.
 *
 * Conventions
 *  - Every function returning int returns CLAIMX_OK (0) or a negative
 *    claimx_status; claimx_strerror() turns it into static text.
 *  - Objects are opaque and created by *_new / freed by *_free; every
 *    *_free(NULL) is a no-op.
 *  - An extractor is immutable once built: any number of threads may call
 *    claimx_extract() on the same extractor at once. A result belongs to the
 *    caller that received it.
 *  - The library never prints, exits or aborts, and keeps no global state.
 *  - Strings handed to the caller (char **) are released with
 *    claimx_string_free(), never with the caller's free().
 */
#ifndef CLAIMX_H
#define CLAIMX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define CLAIMX_API __declspec(dllexport)
#elif defined(__GNUC__)
#define CLAIMX_API __attribute__((visibility("default")))
#else
#define CLAIMX_API
#endif

/* The version, defined here only; the Makefile and claimx_version() read it. */
#define CLAIMX_VERSION_MAJOR 0
#define CLAIMX_VERSION_MINOR 1
#define CLAIMX_VERSION_PATCH 0
#define CLAIMX_VERSION_STRING "0.1.0"
/* (major << 16) | (minor << 8) | patch, equal to claimx_version_number(). */
#define CLAIMX_VERSION_NUMBER \
    ((CLAIMX_VERSION_MAJOR << 16) | (CLAIMX_VERSION_MINOR << 8) | CLAIMX_VERSION_PATCH)

/* Status codes. Numbers are fixed forever (FFI users copy them). */
typedef enum claimx_status {
    CLAIMX_OK = 0,
    CLAIMX_ENOMEM = -1,      /* out of memory */
    CLAIMX_EINVAL = -2,      /* invalid argument (NULL handle, NULL text with len > 0, bad option) */
    CLAIMX_EUTF8 = -3,       /* input is not valid UTF-8 (see CLAIMX_OPT_REPLACE_INVALID) */
    CLAIMX_ETOOBIG = -4,     /* input longer than claimx_options.max_input */
    CLAIMX_EMATCHLIMIT = -5, /* reserved: a hit limit is reported by CLAIMX_RESULT_LIMIT_HIT */
    CLAIMX_EPATTERN = -6,    /* a pattern file is malformed or a pattern failed to compile */
    CLAIMX_EIO = -7,         /* a pattern directory could not be read */
    CLAIMX_EICU = -8,        /* ICU reported an error */
    CLAIMX_ELANG = -9        /* the requested language has no pattern set */
} claimx_status;

/* Claim kinds; also the bits of claimx_options.kinds (1 << kind). */
typedef enum claimx_kind {
    CLAIMX_MONEY = 1,
    CLAIMX_GPU_COUNT = 2,
    CLAIMX_ENTITY = 3
} claimx_kind;

#define CLAIMX_KIND_BIT(k) (1u << (k))
#define CLAIMX_KINDS_ALL \
    (CLAIMX_KIND_BIT(CLAIMX_MONEY) | CLAIMX_KIND_BIT(CLAIMX_GPU_COUNT) | CLAIMX_KIND_BIT(CLAIMX_ENTITY))

typedef enum claimx_bound {
    CLAIMX_BOUND_EXACT = 0,
    CLAIMX_BOUND_APPROX = 1,
    CLAIMX_BOUND_AT_LEAST = 2,
    CLAIMX_BOUND_AT_MOST = 3
} claimx_bound;

typedef enum claimx_period {
    CLAIMX_PERIOD_NONE = 0,
    CLAIMX_PERIOD_YEAR = 1,
    CLAIMX_PERIOD_MONTH = 2,
    CLAIMX_PERIOD_DAY = 3
} claimx_period;

typedef enum claimx_entity_type {
    CLAIMX_ENTITY_NONE = 0,
    CLAIMX_ENTITY_ORG = 1,
    CLAIMX_ENTITY_PERSON = 2,
    CLAIMX_ENTITY_PRODUCT = 3,
    CLAIMX_ENTITY_LOC = 4
} claimx_entity_type;

/* Option flags (claimx_options.flags). */
#define CLAIMX_OPT_REPLACE_INVALID 0x1u /* read invalid UTF-8 as U+FFFD instead of failing */

/* Result flags (claimx_result_flags()). */
#define CLAIMX_RESULT_LIMIT_HIT 0x1u /* a pattern hit a match limit: claims may be missing */

/*
 * Options for claimx_extractor_new(). Always initialise with
 * claimx_options_init() and then change fields: new fields are only ever
 * appended, and struct_size tells the library which ones the caller knows.
 * Strings are borrowed for the duration of claimx_extractor_new() only.
 */
typedef struct claimx_options {
    uint32_t struct_size;     /* set by claimx_options_init() */
    uint32_t kinds;           /* bit set of CLAIMX_KIND_BIT(kind); default CLAIMX_KINDS_ALL */
    uint32_t flags;           /* CLAIMX_OPT_* ; default 0 */
    const char *lang;         /* NULL or "auto": detect per paragraph; "fr", "nl", ...: force */
    const char *pattern_dir;  /* NULL: embedded patterns; else load this folder at run time */
    uint32_t match_limit;     /* PCRE2 match limit per match (default 1000000) */
    uint32_t depth_limit;     /* PCRE2 depth limit (default 10000) */
    uint32_t heap_limit_kib;  /* PCRE2 heap limit in KiB (default 20000) */
    size_t max_input;         /* largest accepted input in bytes (default 1 GiB; at most UINT32_MAX - 1) */
} claimx_options;

/*
 * One claim. Plain data owned by the result it came from; valid until
 * claimx_result_free(). Strings are NUL-terminated UTF-8, or NULL where the
 * field does not apply to the kind.
 */
typedef struct claimx_claim {
    int32_t kind;             /* claimx_kind */
    int32_t bound;            /* claimx_bound (money, gpu_count) */
    int32_t period;           /* claimx_period (money) */
    int32_t entity_type;      /* claimx_entity_type (entity) */
    size_t start;             /* byte offset of the claim in the caller's original text */
    size_t end;               /* end offset, exclusive */
    double value;             /* the amount or count */
    const char *value_exact;  /* the same value as an exact decimal string ("1600000000", "24.5") */
    const char *currency;     /* ISO 4217 code (money) */
    const char *text;         /* copy of the original bytes [start, end) */
    const char *lang;         /* language of the passage ("fr", ...) */
    const char *rule;         /* name of the rule that matched ("fr/money/num_cur") */
    const char *model;        /* GPU model (gpu_count) */
    const char *vendor;       /* GPU vendor (gpu_count) */
} claimx_claim;

typedef struct claimx_extractor claimx_extractor;
typedef struct claimx_result claimx_result;

/* Version of the library actually linked: "0.1.0" and CLAIMX_VERSION_NUMBER. */
CLAIMX_API const char *claimx_version(void);
CLAIMX_API uint32_t claimx_version_number(void);

/* Static English text for a status code; "unknown error" for unknown codes. */
CLAIMX_API const char *claimx_strerror(int status);

/* Fill *opts with the defaults. */
CLAIMX_API void claimx_options_init(claimx_options *opts);

/*
 * Build an extractor: load the pattern data, compile every pattern once and
 * JIT it. opts may be NULL for the defaults. On success *out receives the
 * extractor (free it with claimx_extractor_free()). On failure *out is NULL
 * and, when errmsg is not NULL, *errmsg receives a one-line message such as
 * "patterns/fr/money.pat:12: rule num_cur (language fr): PCRE2 error at
 * offset 40 of the expanded pattern: ..."
 * (release it with claimx_string_free()).
 */
CLAIMX_API int claimx_extractor_new(const claimx_options *opts, claimx_extractor **out,
                                    char **errmsg);
CLAIMX_API void claimx_extractor_free(claimx_extractor *ex);

/*
 * Extract claims from text[0 .. len). The text need not be NUL-terminated and
 * may contain NUL bytes. text may be NULL only when len is 0. On success
 * *out receives a result, to be freed with claimx_result_free(); on failure
 * *out is NULL. Safe to call from many threads on one extractor.
 */
CLAIMX_API int claimx_extract(const claimx_extractor *ex, const char *text, size_t len,
                              claimx_result **out);

/*
 * claimx_extract() into a result that is reused, for loops over many texts.
 * *res is NULL (a new result is made) or a result from an earlier
 * claimx_extract() / claimx_extract_into(): its claims are dropped and its
 * memory (the claims array, the blocks holding their strings, and the working
 * buffers the extraction keeps in it) serves again, so a loop over many
 * documents allocates almost nothing once warm. A result keeps at most about
 * what the largest document it served needed; claimx_result_free() releases
 * it all. Every pointer read from *res before the call (claims, their
 * strings, claimx_result_lang()) is invalid after it. The claims are the
 * same as claimx_extract() gives for the text, whatever *res held before.
 * On failure *res is a valid, empty result (count 0, language "und"), still
 * to be freed with claimx_result_free(); *res stays NULL only when it was
 * NULL and no result could be made (CLAIMX_ENOMEM) or res itself is NULL
 * (CLAIMX_EINVAL). A result serves one thread at a time; many threads may
 * share the extractor, each with its own result.
 *
 *     claimx_result *res = NULL;
 *     for (size_t i = 0; i < ndocs; i++)
 *         if (claimx_extract_into(ex, doc[i], doc_len[i], &res) == CLAIMX_OK)
 *             use(res);
 *     claimx_result_free(res);
 */
CLAIMX_API int claimx_extract_into(const claimx_extractor *ex, const char *text, size_t len,
                                   claimx_result **res);

/* Number of claims, in order of their start offset. 0 for NULL. */
CLAIMX_API size_t claimx_result_count(const claimx_result *res);
/* Claim i (0-based), or NULL when i is out of range. Owned by res. */
CLAIMX_API const claimx_claim *claimx_result_get(const claimx_result *res, size_t i);
/* Main language of the text: the language covering most bytes of its
 * paragraphs ("fr", ...); "und" for empty or blank input. */
CLAIMX_API const char *claimx_result_lang(const claimx_result *res);
/* CLAIMX_RESULT_* flags. */
CLAIMX_API uint32_t claimx_result_flags(const claimx_result *res);

/*
 * Serialise a result as one JSON object, {"lang": ..., "claims": [...]}, in the
 * gold format (claims as in shared/gold/SCHEMA.md, plus "value_exact",
 * "lang" and "rule"; "limit_hit": true when CLAIMX_RESULT_LIMIT_HIT is set).
 * No newline is appended. *out is NUL-terminated; *len
 * (may be NULL) receives its length. Free *out with claimx_string_free().
 */
CLAIMX_API int claimx_result_to_json(const claimx_result *res, char **out, size_t *len);
/*
 * claimx_result_to_json() into a reused buffer. *buf is NULL or a string from
 * an earlier call of this function or of claimx_result_to_json() (owned by the
 * library's allocator), *cap its size in bytes (0 with NULL; for a string of
 * claimx_result_to_json(), its length + 1 will do). The JSON is written from
 * the start of *buf, NUL-terminated; when it does not fit, *buf is
 * reallocated and *buf and *cap are updated (so the buffer ends as large as
 * the largest JSON it held). *len (may be NULL) receives the length. On
 * failure (CLAIMX_ENOMEM) *buf and *cap still describe a valid buffer (or
 * NULL, 0), holding no JSON. Free *buf with claimx_string_free().
 */
CLAIMX_API int claimx_result_to_json_into(const claimx_result *res, char **buf, size_t *cap, size_t *len);
CLAIMX_API void claimx_result_free(claimx_result *res);

/*
 * One call for FFI users: build an extractor from options_json (NULL or a JSON
 * object with optional keys "lang": "fr", "kinds": "money,gpu,entity",
 * "replace_invalid": true), extract, and return the result as JSON. Errors
 * come back as {"error": "message", "code": N}. Never returns NULL except when
 * out of memory. Builds a fresh extractor per call: for many texts, use
 * claimx_extractor_new() once and claimx_extract(). Free with
 * claimx_string_free().
 */
CLAIMX_API char *claimx_extract_json(const char *text, size_t len, const char *options_json);

/* Release a string returned by this library. NULL is a no-op. */
CLAIMX_API void claimx_string_free(char *s);

#ifdef __cplusplus
}
#endif

#endif /* CLAIMX_H */
