/* shapley.c — the Shapley value of a cost game (domain.md, "Cost allocation"):
 * exact over all 2^n coalitions up to CF_SHAPLEY_EXACT_MAX players, else the
 * mean marginal cost over sampled orders of arrival, taken in antithetic pairs
 * (an order and its reverse: a player early in one is late in the other, which
 * cancels much of the position effect) with a 95 % confidence half-width. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "allocate.h"
#include "models/rng.h"

#define PAIRS_PER_BATCH 64 /* orders whose coalitions are prefetched together */
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

int cf_shapley_sample(struct cf_game *game, const struct cf_alloc_opts *opts, double *x,
                      double *half_width, struct cf_error *err)
{
    size_t n = cf_game_players(game);
    long pairs = (opts->samples + 1) / 2;
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
    if (orders == NULL || sets == NULL || mean == NULL || m2 == NULL || pair_mc == NULL) {
        rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
        goto done;
    }
    long seen = 0;
    for (long first = 0; first < pairs; first += PAIRS_PER_BATCH) {
        long batch = pairs - first < PAIRS_PER_BATCH ? pairs - first : PAIRS_PER_BATCH;
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
    }
    for (size_t i = 0; i < n; i++) {
        x[i] = mean[i];
        if (half_width != NULL)
            half_width[i] = Z_95 * sqrt(m2[i] / (double)(seen - 1)) / sqrt((double)seen);
    }
done:
    free(orders);
    free(sets);
    free(mean);
    free(m2);
    free(pair_mc);
    return rc;
}

int cf_shapley(struct cf_game *game, const struct cf_alloc_opts *opts, double *x,
               double *half_width, int *sampled, struct cf_error *err)
{
    size_t n = cf_game_players(game);
    if (n <= CF_SHAPLEY_EXACT_MAX) {
        if (half_width != NULL)
            memset(half_width, 0, n * sizeof *half_width);
        if (sampled != NULL)
            *sampled = 0;
        return shapley_exact(game, opts, x, err);
    }
    if (sampled != NULL)
        *sampled = 1;
    return cf_shapley_sample(game, opts, x, half_width, err);
}
