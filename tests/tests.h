/* tests.h - the suites of the unit test runner (tests/check_main.c). */
#ifndef CLAIMX_TESTS_H
#define CLAIMX_TESTS_H
#include <check.h>
#include <claimx.h>

Suite *normalise_suite(void);
Suite *segment_suite(void);
Suite *language_suite(void);
Suite *patterns_suite(void);
Suite *numbers_suite(void);
Suite *scan_suite(void);
Suite *money_suite(void);
Suite *gpu_suite(void);
Suite *claims_suite(void);
Suite *json_suite(void);
Suite *threads_suite(void);
Suite *entities_suite(void);
Suite *robust_suite(void);

/* r is the empty result: no claim, language "und", and its JSON says so */
static inline void ck_assert_empty_result(const claimx_result *r)
{
    ck_assert_uint_eq(claimx_result_count(r), 0);
    ck_assert_ptr_null(claimx_result_get(r, 0));
    ck_assert_str_eq(claimx_result_lang(r), "und");
    char *json = NULL;
    ck_assert_int_eq(claimx_result_to_json(r, &json, NULL), CLAIMX_OK);
    ck_assert_str_eq(json, "{\"lang\": \"und\", \"claims\": []}");
    claimx_string_free(json);
}

#endif
