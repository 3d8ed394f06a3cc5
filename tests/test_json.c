/* test_json.c - the JSON writer's escaping and the flat-object reader. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tests.h"

static char *esc(const char *s, size_t n)
{
    cx_buf b = {0};
    cx_json_string(&b, s, n);
    return cx_buf_take(&b);
}

START_TEST(test_escaping)
{
    char *j = esc("a\"b\\c\n\t\x01\x1f", 9);
    ck_assert_str_eq(j, "\"a\\\"b\\\\c\\n\\t\\u0001\\u001f\"");
    free(j);
    j = esc("\0x", 2);
    ck_assert_str_eq(j, "\"\\u0000x\"");
    free(j);
    j = esc("\xff\xc3\xa9", 3); /* invalid byte, then é */
    ck_assert_str_eq(j, "\"\\ufffd\xc3\xa9\"");
    free(j);
    j = esc("\xe2\x80\xa8", 3);
    ck_assert_str_eq(j, "\"\\u2028\"");
    free(j);
}
END_TEST

START_TEST(test_reader)
{
    const char *o = "{\"id\": {\"a\": [1, \"}\"]}, \"text\": \"L\\u2019euro \\ud83d\\ude00 \\\"x\\\"\", \"n\": 3}";
    size_t vl;
    const char *v = cx_json_find(o, strlen(o), "id", &vl);
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(strncmp(v, "{\"a\": [1, \"}\"]}", vl), 0);
    v = cx_json_find(o, strlen(o), "text", &vl);
    size_t tl;
    char *t = cx_json_unescape(v, vl, &tl);
    ck_assert_str_eq(t, "L\xe2\x80\x99" "euro \xf0\x9f\x98\x80 \"x\"");
    free(t);
    ck_assert_ptr_null(cx_json_find(o, strlen(o), "missing", &vl));
    ck_assert_ptr_null(cx_json_find("{\"a\": ", 6, "a", &vl));
    ck_assert_ptr_null(cx_json_find("[1,2]", 5, "a", &vl));
    ck_assert_ptr_null(cx_json_unescape("\"bad \\q\"", 8, NULL));
    t = cx_json_unescape("\"\\ud800x\"", 9, NULL); /* lone surrogate */
    ck_assert_str_eq(t, "\xef\xbf\xbdx");
    free(t);
}
END_TEST

START_TEST(test_result_json)
{
    claimx_extractor *ex;
    ck_assert_int_eq(claimx_extractor_new(NULL, &ex, NULL), CLAIMX_OK);
    const char *t = "Il a levé \"6 millions de dollars\" par an.";
    claimx_result *r;
    ck_assert_int_eq(claimx_extract(ex, t, strlen(t), &r), CLAIMX_OK);
    char *j;
    size_t n;
    ck_assert_int_eq(claimx_result_to_json(r, &j, &n), CLAIMX_OK);
    ck_assert_uint_eq(strlen(j), n);
    ck_assert_str_eq(j, "{\"lang\": \"fr\", \"claims\": [{\"kind\": \"money\", \"text\": \"6 millions de dollars\", "
                        "\"start\": 12, \"end\": 33, \"value\": 6000000, \"value_exact\": \"6000000\", "
                        "\"currency\": \"USD\", \"bound\": \"exact\", \"period\": null, \"lang\": \"fr\", "
                        "\"rule\": \"fr/money/num_cur\"}]}");
    claimx_string_free(j);
    claimx_result_free(r);
    claimx_extractor_free(ex);
}
END_TEST

Suite *json_suite(void)
{
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_escaping);
    tcase_add_test(tc, test_reader);
    tcase_add_test(tc, test_result_json);
    suite_add_tcase(s, tc);
    return s;
}
