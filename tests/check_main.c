/* check_main.c - runs every unit suite; one suite per lib/ module. */
#include <stdlib.h>

#include "tests.h"

int main(void)
{
    SRunner *sr = srunner_create(normalise_suite());
    srunner_add_suite(sr, segment_suite());
    srunner_add_suite(sr, language_suite());
    srunner_add_suite(sr, patterns_suite());
    srunner_add_suite(sr, numbers_suite());
    srunner_add_suite(sr, scan_suite());
    srunner_add_suite(sr, money_suite());
    srunner_add_suite(sr, gpu_suite());
    srunner_add_suite(sr, claims_suite());
    srunner_add_suite(sr, json_suite());
    srunner_add_suite(sr, threads_suite());
    srunner_add_suite(sr, entities_suite());
    srunner_add_suite(sr, robust_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
