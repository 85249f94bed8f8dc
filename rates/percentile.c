/* percentile.c — PERCENTILE.INC and the per-lane summary of the benchmark
 * (percentile.h; definitions in domain.md, "Benchmark"). */
#include "percentile.h"

#include <math.h>
#include <stdlib.h>

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void cf_percentile_sort(double *values, size_t n)
{
    if (n > 1)
        qsort(values, n, sizeof *values, compare_doubles);
}

double cf_percentile_inc(const double *sorted, size_t n, double q)
{
    if (n == 0)
        return NAN;
    if (q <= 0.0)
        return sorted[0];
    if (q >= 1.0)
        return sorted[n - 1];
    double rank = (double)(n - 1) * q;
    size_t lo = (size_t)floor(rank);
    double frac = rank - (double)lo;
    if (lo + 1 >= n)
        return sorted[n - 1];
    /* frac == 0 lands exactly on a rank: no arithmetic, no rounding */
    if (frac == 0.0)
        return sorted[lo];
    return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

int cf_summary_of_sorted(const double *sorted, size_t n, struct cf_summary *out)
{
    if (n == 0)
        return -1;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += sorted[i];
    out->n = n;
    out->min = sorted[0];
    out->max = sorted[n - 1];
    out->mean = sum / (double)n;
    out->p25 = cf_percentile_inc(sorted, n, 0.25);
    out->median = cf_percentile_inc(sorted, n, 0.50);
    out->p75 = cf_percentile_inc(sorted, n, 0.75);
    return 0;
}
