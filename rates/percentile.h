/* percentile.h — order statistics of a small sample of rates: the
 * PERCENTILE.INC percentile of domain.md ("Benchmark"), and the summary
 * (min, p25, median, mean, p75, max) the benchmark prints per lane. */
#ifndef CF_PERCENTILE_H
#define CF_PERCENTILE_H

#include <stddef.h>

/* Sort n doubles ascending in place (no NaN expected). */
void cf_percentile_sort(double *values, size_t n);

/* The q-quantile (0 <= q <= 1) of n >= 1 ascending values by linear
 * interpolation between closest ranks: rank p = (n - 1) x q, value
 * sorted[floor p] + (p - floor p) x (sorted[floor p + 1] - sorted[floor p])
 * (domain.md, "Benchmark"; spreadsheets' PERCENTILE.INC). */
double cf_percentile_inc(const double *sorted, size_t n, double q);

struct cf_summary {
    size_t n;
    double min, p25, median, mean, p75, max;
};

/* Summary of n >= 1 ascending values. Returns 0, or -1 when n == 0. */
int cf_summary_of_sorted(const double *sorted, size_t n, struct cf_summary *out);

#endif
