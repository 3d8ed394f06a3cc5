/* tests.h - the suites of the unit test runner (tests/check_main.c). */
#ifndef CLAIMX_TESTS_H
#define CLAIMX_TESTS_H
#include <check.h>

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

#endif
