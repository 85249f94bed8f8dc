/* test_percentile.c — suite percentile: PERCENTILE.INC and the lane summary
 * (domain.md, "Benchmark": rank p = (n - 1) x q, linear interpolation). Every
 * expected figure is worked by hand in the comment above its assertion. */
#include <criterion/criterion.h>
#include <math.h>

#include "rates/percentile.h"

#define EPS 1e-9

Test(percentile, matches_the_spreadsheet_example)
{
    /* Microsoft's PERCENTILE.INC help page: {1,2,3,4} at 0.3 gives 1.9
     * (rank 3 x 0.3 = 0.9: 1 + 0.9 x (2 - 1)) */
    double v[] = {4, 1, 3, 2};
    cf_percentile_sort(v, 4);
    cr_assert_float_eq(cf_percentile_inc(v, 4, 0.3), 1.9, EPS);
}

Test(percentile, single_value_is_every_statistic)
{
    /* n = 1: rank 0 for every q */
    double v[] = {1250.0};
    struct cf_summary s;
    cr_assert_eq(cf_summary_of_sorted(v, 1, &s), 0);
    cr_assert_eq(s.n, 1);
    cr_assert_float_eq(s.min, 1250.0, EPS);
    cr_assert_float_eq(s.p25, 1250.0, EPS);
    cr_assert_float_eq(s.median, 1250.0, EPS);
    cr_assert_float_eq(s.mean, 1250.0, EPS);
    cr_assert_float_eq(s.p75, 1250.0, EPS);
    cr_assert_float_eq(s.max, 1250.0, EPS);
}

Test(percentile, two_values_interpolate_a_quarter_apart)
{
    /* n = 2, {100, 200}: p25 rank 0.25 -> 125; median rank 0.5 -> 150;
     * p75 rank 0.75 -> 175; mean 150 */
    double v[] = {200, 100};
    cf_percentile_sort(v, 2);
    struct cf_summary s;
    cr_assert_eq(cf_summary_of_sorted(v, 2, &s), 0);
    cr_assert_float_eq(s.min, 100.0, EPS);
    cr_assert_float_eq(s.p25, 125.0, EPS);
    cr_assert_float_eq(s.median, 150.0, EPS);
    cr_assert_float_eq(s.mean, 150.0, EPS);
    cr_assert_float_eq(s.p75, 175.0, EPS);
    cr_assert_float_eq(s.max, 200.0, EPS);
}

Test(percentile, odd_count_lands_on_ranks)
{
    /* n = 5, {1..5}: ranks 1, 2, 3 exactly -> p25 2, median 3, p75 4 */
    double v[] = {5, 3, 1, 4, 2};
    cf_percentile_sort(v, 5);
    struct cf_summary s;
    cr_assert_eq(cf_summary_of_sorted(v, 5, &s), 0);
    cr_assert_float_eq(s.p25, 2.0, EPS);
    cr_assert_float_eq(s.median, 3.0, EPS);
    cr_assert_float_eq(s.p75, 4.0, EPS);
    cr_assert_float_eq(s.mean, 3.0, EPS);
}

Test(percentile, even_count_interpolates)
{
    /* n = 4, {10, 20, 30, 40}: p25 rank 0.75 -> 10 + 0.75 x 10 = 17.5;
     * median rank 1.5 -> 25; p75 rank 2.25 -> 30 + 0.25 x 10 = 32.5 */
    double v[] = {10, 20, 30, 40};
    struct cf_summary s;
    cr_assert_eq(cf_summary_of_sorted(v, 4, &s), 0);
    cr_assert_float_eq(s.p25, 17.5, EPS);
    cr_assert_float_eq(s.median, 25.0, EPS);
    cr_assert_float_eq(s.p75, 32.5, EPS);
    cr_assert_float_eq(s.mean, 25.0, EPS);
}

Test(percentile, ties_stay_flat_until_the_next_distinct_value)
{
    /* {100, 100, 100, 200}: p25 rank 0.75 and median rank 1.5 fall between
     * equal values -> 100; p75 rank 2.25 -> 100 + 0.25 x 100 = 125; mean 500/4 = 125 */
    double v[] = {100, 200, 100, 100};
    cf_percentile_sort(v, 4);
    struct cf_summary s;
    cr_assert_eq(cf_summary_of_sorted(v, 4, &s), 0);
    cr_assert_float_eq(s.p25, 100.0, EPS);
    cr_assert_float_eq(s.median, 100.0, EPS);
    cr_assert_float_eq(s.p75, 125.0, EPS);
    cr_assert_float_eq(s.mean, 125.0, EPS);
    cr_assert_float_eq(s.max, 200.0, EPS);
}

Test(percentile, quantile_bounds_are_min_and_max)
{
    double v[] = {3, 7, 9};
    cr_assert_float_eq(cf_percentile_inc(v, 3, 0.0), 3.0, EPS);
    cr_assert_float_eq(cf_percentile_inc(v, 3, 1.0), 9.0, EPS);
}

Test(percentile, empty_sample_has_no_summary)
{
    struct cf_summary s;
    cr_assert_eq(cf_summary_of_sorted(NULL, 0, &s), -1);
    cr_assert(isnan(cf_percentile_inc(NULL, 0, 0.5)));
}
