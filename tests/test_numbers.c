#include <stdlib.h>
#include <stdio.h>
/* test_numbers.c - digit grammar with every separator, spelled numbers, exact decimals. */
#include <string.h>

#include "internal.h"
#include "tests.h"

static const char *digits(const char *s, char pref)
{
    static char out[128];
    cx_dec d;
    if (!cx_parse_digits(s, strlen(s), pref, &d))
        return "fail";
    cx_dec_to_string(&d, out, sizeof out);
    return out;
}

START_TEST(test_separators)
{
    ck_assert_str_eq(digits("50 000", ','), "50000");
    ck_assert_str_eq(digits("50.000", ','), "50000");
    ck_assert_str_eq(digits("50,000", '.'), "50000");
    ck_assert_str_eq(digits("1,6", ','), "1.6");
    ck_assert_str_eq(digits("1,6", '.'), "1.6");
    ck_assert_str_eq(digits("1.6", ','), "1.6");
    ck_assert_str_eq(digits("24,50", '.'), "24.5");
    ck_assert_str_eq(digits("5,576", ','), "5.576");  /* decimal-comma language */
    ck_assert_str_eq(digits("5,576", '.'), "5576");   /* English grouping */
    ck_assert_str_eq(digits("12.345", '.'), "12.345");
    ck_assert_str_eq(digits("94.000", ','), "94000");
    ck_assert_str_eq(digits("1.234.567,89", ','), "1234567.89");
    ck_assert_str_eq(digits("1,234,567.89", '.'), "1234567.89");
    ck_assert_str_eq(digits("0,0085", ','), "0.0085");
    ck_assert_str_eq(digits("1 000", ','), "1000");
    ck_assert_str_eq(digits("2048", ','), "2048");
    ck_assert_str_eq(digits("0", ','), "0");
    ck_assert_str_eq(digits("1.000.000", '.'), "1000000");
    ck_assert_str_eq(digits("12,34,567", '.'), "fail"); /* not three-digit groups */
    ck_assert_str_eq(digits("1 00", ','), "fail");
    ck_assert_str_eq(digits("12a", ','), "fail");
    /* digits only (cx_parse_digits' one-pass path) and where it hands over */
    ck_assert_str_eq(digits("007", ','), "7");
    ck_assert_str_eq(digits("000", ','), "0");
    ck_assert_str_eq(digits("-2500", ','), "2500");
    ck_assert_str_eq(digits("1000", ','), "1000");
    ck_assert_str_eq(digits("", ','), "fail");
    ck_assert_str_eq(digits("-", ','), "fail");
    ck_assert_str_eq(digits("0012", ','), "12");
    ck_assert_str_eq(digits("0001,5", ','), "1.5");
    ck_assert_str_eq(digits("001,5", ','), "1.5");
    ck_assert_str_eq(digits("123456", ','), "123456");
    ck_assert_str_eq(digits("123456a", ','), "fail");
    ck_assert_str_eq(digits("1234,5", ','), "1234.5");
    ck_assert_str_eq(digits("1234 5", ','), "fail");
}
END_TEST

START_TEST(test_long_digits_are_refused)
{
    char big[200];
    memset(big, '9', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ck_assert_str_eq(digits(big, ','), "fail");
    /* 40 significant digits are kept, 41 are not, leading zeros free */
    char n40[60];
    memset(n40, '0', 10);
    memset(n40 + 10, '7', 40);
    n40[50] = '\0';
    ck_assert_str_eq(digits(n40, ','), n40 + 10);
    n40[9] = '1';
    ck_assert_str_eq(digits(n40, ','), "fail");
    n40[9] = '0';
    n40[48] = ',';
    ck_assert_str_eq(digits(n40, ','), "77777777777777777777777777777777777777.7");
}
END_TEST

START_TEST(test_decimal_arithmetic)
{
    cx_dec a, b, s;
    ck_assert(cx_parse_digits("15", 2, ',', &a));
    ck_assert(cx_parse_digits("0,5", 3, ',', &b));
    ck_assert(cx_dec_add(&a, &b, &s));
    char out[64];
    cx_dec_to_string(&s, out, sizeof out);
    ck_assert_str_eq(out, "15.5");
    ck_assert(cx_parse_digits("1,6", 3, ',', &a));
    a.exp += 9; /* milliard */
    cx_dec_to_string(&a, out, sizeof out);
    ck_assert_str_eq(out, "1600000000");
    ck_assert(cx_dec_to_double(&a) == 1.6e9);
    ck_assert(cx_parse_digits("34", 2, ',', &a));
    a.exp -= 2; /* cents */
    cx_dec_to_string(&a, out, sizeof out);
    ck_assert_str_eq(out, "0.34");
    ck_assert_int_eq(cx_dec_cmp(&b, &a), 1); /* 0.5 > 0.34 */
    ck_assert_int_eq(cx_dec_cmp(&a, &a), 0);
}
END_TEST

static cx_patterns P;
static void setup(void) { ck_assert_int_eq(cx_patterns_load(&P, NULL, CLAIMX_KINDS_ALL, NULL), CLAIMX_OK); }
static void teardown(void) { cx_patterns_free(&P); }

static const char *words(const char *lang, const char *s)
{
    static char out[64];
    cx_dec d;
    bool art;
    if (!cx_parse_words(&P.langs[cx_patterns_find(&P, lang)], s, strlen(s), &d, &art))
        return "fail";
    cx_dec_to_string(&d, out, sizeof out);
    if (art)
        strcat(out, " (article)");
    return out;
}

START_TEST(test_spelled)
{
    ck_assert_str_eq(words("fr", "deux"), "2");
    ck_assert_str_eq(words("fr", "trois cents"), "300");
    ck_assert_str_eq(words("fr", "quatre-vingt-dix"), "90");
    ck_assert_str_eq(words("fr", "vingt et un"), "21");
    ck_assert_str_eq(words("fr", "cinquante mille"), "50000");
    ck_assert_str_eq(words("fr", "deux mille trois cent vingt"), "2320");
    ck_assert_str_eq(words("fr", "un"), "1 (article)");
    ck_assert_str_eq(words("nl", "tweeduizend"), "2000");
    ck_assert_str_eq(words("nl", "vijfenveertig"), "45");
    ck_assert_str_eq(words("nl", "tweehonderdvijftig"), "250");
    ck_assert_str_eq(words("pt", "dois mil"), "2000");
    ck_assert_str_eq(words("pt", "duzentos e cinquenta mil"), "250000");
    ck_assert_str_eq(words("en", "ten"), "10");
    ck_assert_str_eq(words("en", "three hundred and five"), "305");
    ck_assert_str_eq(words("en", "forty-five thousand"), "45000");
    ck_assert_str_eq(words("en", "dollars"), "fail");
}
END_TEST


/* The conversions agree with the C library's: to_double with strtod() (the
 * fast path for short numbers must round the same way), to_string with the
 * digits it was given, also when the buffer is too short. */
/* cx_dec_from_u64() gives the value's digits as "%llu" writes them, then
 * normalised (trailing zeros into exp), for 0, the ends and many values
 * between: every power of ten, its neighbours and a spread of others. */
START_TEST(test_dec_from_u64)
{
    uint64_t vals[400];
    size_t nv = 0;
    vals[nv++] = 0;
    vals[nv++] = UINT64_MAX;
    vals[nv++] = UINT64_MAX - 1;
    uint64_t p = 1;
    for (int i = 0; i < 20; i++, p *= 10) {
        vals[nv++] = p;
        vals[nv++] = p - 1;
        vals[nv++] = p + 1;
        vals[nv++] = p * 7 / 3;
        vals[nv++] = p * 250;
    }
    uint64_t x = 88172645463325252ULL;
    while (nv < 400) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        vals[nv] = x >> (nv % 60);
        nv++;
    }
    for (size_t i = 0; i < nv; i++) {
        cx_dec d;
        ck_assert(cx_dec_from_u64(vals[i], &d));
        char want[32];
        int n = snprintf(want, sizeof want, "%llu", (unsigned long long)vals[i]);
        int exp = 0;
        while (n > 1 && want[n - 1] == '0')
            want[--n] = '\0', exp++;
        if (vals[i] == 0)
            want[0] = '\0', exp = 0;
        ck_assert_msg(!strcmp(d.digits, want) && d.exp == exp && d.ndigits == (int)strlen(want) && !d.neg,
                      "%llu: %s e%d", (unsigned long long)vals[i], d.digits, d.exp);
    }
}
END_TEST

START_TEST(test_dec_conversions)
{
    uint64_t x = 88172645463325252ull;
    for (int k = 0; k < 20000; k++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        cx_dec d = {0};
        d.ndigits = 1 + (int)(x % 17);
        d.digits[0] = (char)('1' + (x >> 8) % 9);
        for (int i = 1; i < d.ndigits; i++)
            d.digits[i] = (char)('0' + (x >> (i * 3 + 11)) % 10);
        d.digits[d.ndigits] = '\0';
        d.exp = (int)((x >> 40) % 61) - 30;
        d.neg = (x >> 50) & 1;
        char want[128];
        snprintf(want, sizeof want, "%s%se%d", d.neg ? "-" : "", d.digits, d.exp);
        ck_assert_msg(cx_dec_to_double(&d) == strtod(want, NULL), "%s", want);
    }
    cx_dec d;
    ck_assert(cx_parse_digits("1 234,5", 7, ',', &d));
    char out[32];
    ck_assert_uint_eq(cx_dec_to_string(&d, out, sizeof out), 6);
    ck_assert_str_eq(out, "1234.5");
    ck_assert_uint_eq(cx_dec_to_string(&d, out, 4), 6); /* truncated, as snprintf */
    ck_assert_str_eq(out, "123");
    ck_assert(cx_dec_to_double(&d) == 1234.5);
}
END_TEST

/* cx_dec_to_string() writes the zeros of a power of ten sixteen at a time:
 * every count of zeros it writes (0 .. CX_DEC_MAX + 30, before the digits
 * or after them), with 1, 7 and CX_DEC_MAX digits, either sign, against a
 * byte-at-a-time reference. */
START_TEST(test_dec_zeros)
{
    static const int nds[] = {1, 7, CX_DEC_MAX};
    for (size_t a = 0; a < sizeof nds / sizeof *nds; a++)
        for (int z = 0; z <= CX_DEC_MAX + 30; z++)
            for (int form = 0; form < 4; form++) {
                cx_dec d;
                memset(&d, 0, sizeof d);
                d.ndigits = nds[a];
                for (int i = 0; i < d.ndigits; i++)
                    d.digits[i] = (char)('1' + (i * 7 + z) % 9);
                d.neg = form & 1;
                bool after = form < 2; /* zeros after the digits: exp = z; else "0." z zeros, digits */
                d.exp = after ? z : -(z + d.ndigits);
                char want[256], got[256];
                size_t o = 0;
                if (d.neg)
                    want[o++] = '-';
                if (!after) {
                    want[o++] = '0';
                    want[o++] = '.';
                    for (int i = 0; i < z; i++)
                        want[o++] = '0';
                }
                memcpy(want + o, d.digits, (size_t)d.ndigits);
                o += (size_t)d.ndigits;
                if (after)
                    for (int i = 0; i < z; i++)
                        want[o++] = '0';
                want[o] = '\0';
                memset(got, 'x', sizeof got);
                ck_assert_uint_eq(cx_dec_to_string(&d, got, sizeof got), o);
                ck_assert_msg(!strcmp(got, want), "got %s want %s", got, want);
            }
}
END_TEST

Suite *numbers_suite(void)
{
    Suite *s = suite_create("numbers");
    TCase *tc = tcase_create("digits");
    tcase_add_test(tc, test_separators);
    tcase_add_test(tc, test_long_digits_are_refused);
    tcase_add_test(tc, test_decimal_arithmetic);
    tcase_add_test(tc, test_dec_conversions);
    tcase_add_test(tc, test_dec_from_u64);
    tcase_add_test(tc, test_dec_zeros);
    suite_add_tcase(s, tc);
    TCase *tw = tcase_create("words");
    tcase_add_checked_fixture(tw, setup, teardown);
    tcase_add_test(tw, test_spelled);
    suite_add_tcase(s, tw);
    return s;
}
