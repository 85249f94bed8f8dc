/* test_money.c — suite money: cents rounding and the largest-remainder split. */
#include <math.h>
#include <criterion/criterion.h>

#include "models/money.h"

Test(money, rounds_half_away_from_zero)
{
    /* 2.675 is 2.67499999... in binary; an invoice says 2.68 */
    cr_assert_eq(cf_money_round(2.675), 268);
    cr_assert_eq(cf_money_round(-2.675), -268);
    cr_assert_eq(cf_money_round(0.004), 0);
    cr_assert_eq(cf_money_round(1062.5), 106250);
}

Test(money, split_adds_up_to_the_cent)
{
    /* 100.00 in three equal parts: 33.34 + 33.33 + 33.33 (tie goes to the first) */
    double w[3] = {1, 1, 1};
    cf_cents_t out[3];
    cr_assert_eq(cf_money_split(10000, w, 3, out), 0);
    cr_assert_eq(out[0], 3334);
    cr_assert_eq(out[1], 3333);
    cr_assert_eq(out[2], 3333);
}

Test(money, split_gives_leftover_cents_to_largest_remainders)
{
    /* 10.00 by 1:2:3 -> 1.666.., 3.333.., 5.00 -> 1.67, 3.33, 5.00 */
    double w[3] = {1, 2, 3};
    cf_cents_t out[3];
    cr_assert_eq(cf_money_split(1000, w, 3, out), 0);
    cr_assert_eq(out[0], 167);
    cr_assert_eq(out[1], 333);
    cr_assert_eq(out[2], 500);
}

Test(money, formats_with_two_places)
{
    char buf[32];
    cf_money_format(-5, buf, sizeof buf);
    cr_assert_str_eq(buf, "-0.05");
    cf_money_format_grouped(123456789, buf, sizeof buf);
    cr_assert_str_eq(buf, "1,234,567.89");
}

Test(money, round_to_total_keeps_the_total)
{
    /* Shapley-like thirds of 100.00: 33.333.. each -> 33.34, 33.33, 33.33 */
    double v[3] = {100.0 / 3, 100.0 / 3, 100.0 / 3};
    cf_cents_t out[3];
    cr_assert_eq(cf_money_round_to_total(v, 3, 10000, out), 0);
    cr_assert_eq(out[0] + out[1] + out[2], 10000);
    cr_assert_eq(out[0], 3334);
    /* -1.005, 2.015 to a total of 1.01: floors -101, 201 = 100; one cent to the larger remainder */
    double w[2] = {-1.005, 2.015};
    cr_assert_eq(cf_money_round_to_total(w, 2, 101, out), 0);
    cr_assert_eq(out[0] + out[1], 101);
}

Test(money, round_saturates_instead_of_overflowing)
{
    /* a double beyond 64-bit cents would make the cast undefined; the
     * loaders' limits keep real figures far below CF_CENTS_MAX */
    cr_expect_eq(cf_money_round(1e300), (cf_cents_t)CF_CENTS_MAX);
    cr_expect_eq(cf_money_round(-1e300), -(cf_cents_t)CF_CENTS_MAX);
    cr_expect_eq(cf_money_round(NAN), (cf_cents_t)CF_CENTS_MAX);
    cr_expect_eq(cf_money_round(1e15), (cf_cents_t)100000000000000000LL);
}
