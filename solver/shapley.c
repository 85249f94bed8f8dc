/* shapley.c — the Shapley value of a cost game (domain.md, "Cost allocation"):
 * exact over all 2^n coalitions up to CF_SHAPLEY_EXACT_MAX players, else the
 * mean marginal cost over sampled orders of arrival, taken in antithetic pairs
 * (an order and its reverse: a player early in one is late in the other, which
 * cancels much of the position effect) with a 95 % confidence half-width. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "allocate.h"
#include "solver/clock.h"
#include "models/rng.h"

#define PAIRS_PER_BATCH 64    /* orders whose coalitions are prefetched together, at most */
#define COALITIONS_PER_BATCH 512 /* fewer pairs per batch in large games: the stopping rules are
                                    checked between batches, and a batch of 64 pairs of 40 firms
                                    is minutes of plans */
#define MIN_PAIRS_TO_STOP 10  /* a half-width from fewer pairs is too rough to stop on */
#define Z_95 1.959963984540054 /* two-sided 95 % normal quantile */

static int popcount64(cf_coalition_t s)
{
    return __builtin_popcountll(s);
}

static int shapley_exact(struct cf_game *game, const struct cf_alloc_opts *opts, double *x,
                         struct cf_error *err)
{
    size_t n = cf_game_players(game);
    size_t count = (size_t)1 << n;
    double weight[CF_SHAPLEY_EXACT_MAX + 1];
    double *cost = NULL;
    int rc = cf_game_cost_all(game, opts->threads, &cost, err);
    if (rc != CF_OK)
        return rc;
    /* weight[k] = k! (n-k-1)! / n! for a coalition of k others: built as
     * 1/n * 1/C(n-1, k) to stay exact in floating point for n <= 12. */
    for (size_t k = 0; k < n; k++) {
        double binom = 1.0;
        for (size_t j = 1; j <= k; j++)
            binom = binom * (double)(n - 1 - k + j) / (double)j;
        weight[k] = 1.0 / ((double)n * binom);
    }
    for (size_t i = 0; i < n; i++) {
        cf_coalition_t bit = (cf_coalition_t)1 << i;
        double sum = 0.0;
        for (size_t s = 0; s < count; s++)
            if ((s & bit) == 0)
                sum += weight[popcount64(s)] * (cost[s | bit] - cost[s]);
        x[i] = sum;
    }
    free(cost);
    return CF_OK;
}

static void random_order(struct cf_rng *rng, size_t n, size_t *order)
{
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = n - 1; i > 0; i--) {
        size_t j = (size_t)cf_rng_range(rng, 0, (int64_t)i);
        size_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
}

/* 95 % half-widths from Welford's sums over `seen` pairs. */
static void half_widths(size_t n, const double *m2, long seen, double *hw)
{
    for (size_t i = 0; i < n; i++)
        hw[i] = seen > 1 ? Z_95 * sqrt(m2[i] / (double)(seen - 1)) / sqrt((double)seen) : INFINITY;
}

/* The target is met when every player's half-width is within target x |x_i|
 * (a player whose estimate is 0 needs a half-width of 0). */
static int target_met(size_t n, const double *mean, const double *hw, double target)
{
    for (size_t i = 0; i < n; i++)
        if (!(hw[i] <= target * fabs(mean[i])))
            return 0;
    return 1;
}

static long pairs_per_batch(size_t n)
{
    long pairs = (long)(COALITIONS_PER_BATCH / (2 * n));
    if (pairs < 1)
        pairs = 1;
    return pairs > PAIRS_PER_BATCH ? PAIRS_PER_BATCH : pairs;
}

int cf_shapley_sample(struct cf_game *game, const struct cf_alloc_opts *opts, double *x,
                      double *half_width, struct cf_error *err)
{
    return cf_shapley_sample_report(game, opts, x, half_width, NULL, err);
}

int cf_shapley_sample_report(struct cf_game *game, const struct cf_alloc_opts *opts, double *x,
                             double *half_width, struct cf_shapley_report *report, struct cf_error *err)
{
    size_t n = cf_game_players(game);
    long pairs = (opts->samples + 1) / 2;
    double started = cf_now_s();
    enum cf_shapley_stop stop = CF_SHAPLEY_STOP_SAMPLES;
    if (pairs < 2)
        return cf_error_set(err, CF_ERR_USAGE, NULL, 0, "samples",
                            "sampled Shapley value needs at least 4 permutations, got %ld", opts->samples);
    int rc = CF_OK;
    struct cf_rng rng;
    cf_rng_seed(&rng, opts->seed);
    size_t *orders = malloc((size_t)PAIRS_PER_BATCH * n * sizeof *orders);
    cf_coalition_t *sets = malloc((size_t)PAIRS_PER_BATCH * 2 * n * sizeof *sets);
    double *mean = calloc(n, sizeof *mean);
    double *m2 = calloc(n, sizeof *m2);
    double *pair_mc = calloc(n, sizeof *pair_mc);
    double *hw = calloc(n, sizeof *hw);
    if (orders == NULL || sets == NULL || mean == NULL || m2 == NULL || pair_mc == NULL || hw == NULL) {
        rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
        goto done;
    }
    long seen = 0, per_batch = pairs_per_batch(n);
    for (long first = 0; first < pairs; first += per_batch) {
        long batch = pairs - first < per_batch ? pairs - first : per_batch;
        size_t nsets = 0;
        for (long p = 0; p < batch; p++) {
            size_t *order = orders + (size_t)p * n;
            random_order(&rng, n, order);
            cf_coalition_t forward = 0, backward = 0;
            for (size_t k = 0; k < n; k++) {
                forward |= (cf_coalition_t)1 << order[k];
                backward |= (cf_coalition_t)1 << order[n - 1 - k];
                sets[nsets++] = forward;
                sets[nsets++] = backward;
            }
        }
        rc = cf_game_prefetch(game, sets, nsets, opts->threads, err);
        if (rc != CF_OK)
            goto done;
        for (long p = 0; p < batch; p++) {
            const size_t *order = orders + (size_t)p * n;
            memset(pair_mc, 0, n * sizeof *pair_mc);
            for (int direction = 0; direction < 2; direction++) {
                cf_coalition_t prefix = 0;
                double before = 0.0;
                for (size_t k = 0; k < n; k++) {
                    size_t player = direction == 0 ? order[k] : order[n - 1 - k];
                    prefix |= (cf_coalition_t)1 << player;
                    double after;
                    rc = cf_game_cost_set(game, prefix, &after, err);
                    if (rc != CF_OK)
                        goto done;
                    pair_mc[player] += 0.5 * (after - before);
                    before = after;
                }
            }
            seen++;
            for (size_t i = 0; i < n; i++) { /* Welford's running mean and variance */
                double delta = pair_mc[i] - mean[i];
                mean[i] += delta / (double)seen;
                m2[i] += delta * (pair_mc[i] - mean[i]);
            }
        }
        /* the stopping rules, between batches only: the orders drawn do not
           depend on the batch size, so a run that stops on the target is the
           prefix of a longer run with the same seed */
        if (seen < MIN_PAIRS_TO_STOP || seen >= pairs)
            continue;
        half_widths(n, m2, seen, hw);
        if (opts->target_half_width > 0.0 && target_met(n, mean, hw, opts->target_half_width)) {
            stop = CF_SHAPLEY_STOP_TARGET;
            break;
        }
        if (opts->time_cap_s > 0.0 && cf_now_s() - started >= opts->time_cap_s) {
            stop = CF_SHAPLEY_STOP_TIME;
            break;
        }
    }
    half_widths(n, m2, seen, hw);
    for (size_t i = 0; i < n; i++) {
        x[i] = mean[i];
        if (half_width != NULL)
            half_width[i] = hw[i];
    }
    if (report != NULL) {
        report->sampled = 1;
        report->permutations = 2 * seen;
        report->stop = stop;
        report->seconds = cf_now_s() - started;
    }
done:
    free(orders);
    free(sets);
    free(mean);
    free(m2);
    free(pair_mc);
    free(hw);
    return rc;
}

int cf_shapley(struct cf_game *game, const struct cf_alloc_opts *opts, double *x,
               double *half_width, int *sampled, struct cf_error *err)
{
    struct cf_shapley_report report;
    int rc = cf_shapley_report(game, opts, x, half_width, &report, err);
    if (sampled != NULL)
        *sampled = report.sampled;
    return rc;
}

int cf_shapley_report(struct cf_game *game, const struct cf_alloc_opts *opts, double *x,
                      double *half_width, struct cf_shapley_report *report, struct cf_error *err)
{
    size_t n = cf_game_players(game);
    memset(report, 0, sizeof *report);
    if (n <= CF_SHAPLEY_EXACT_MAX) {
        if (half_width != NULL)
            memset(half_width, 0, n * sizeof *half_width);
        return shapley_exact(game, opts, x, err);
    }
    if (cf_game_nparts(game) > 0)
        return cf_shapley_by_parts(game, cf_game_nparts(game), cf_game_parts(game), cf_game_part_members(game),
                                   opts, x, half_width, report, err);
    return cf_shapley_sample_report(game, opts, x, half_width, report, err);
}
