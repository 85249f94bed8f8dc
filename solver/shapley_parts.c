/* shapley_parts.c — the Shapley value of a game that is a sum of smaller
 * games (allocate.h, cf_shapley_by_parts): the pooling game is one per lane,
 * since nothing couples two lanes. The Shapley value is additive over games,
 * and a player outside a part is a null player of it, so each part's value
 * is computed on its own players only: exactly when it has at most
 * CF_SHAPLEY_EXACT_MAX of them, else sampled with its own stream. The one
 * exception to additivity, singletons priced apart (a firm alone pays
 * standalone prices), is a game d that is zero beyond singletons, whose
 * Shapley value is closed-form:
 *   d({i}) = delta_i,  phi_j(d) = delta_j / n - (sum_{i != j} delta_i) / (n (n - 1))
 * (j first in the order: weight 1/n, marginal delta_j; j second after i:
 * weight 1/(n (n-1)), marginal -delta_i; everywhere else 0). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "allocate.h"
#include "solver/clock.h"

/* A different stream per part, apart from the whole game's (splitmix64's
 * increment spreads consecutive parts). */
static uint64_t part_seed(uint64_t seed, size_t p)
{
    return seed ^ (0x9e3779b97f4a7c15ull * (uint64_t)(p + 1));
}

/* delta_i = c({i}) - sum over parts holding i of c_p({i}). */
static int singleton_gaps(struct cf_game *whole, size_t nparts, struct cf_game *const *parts,
                          const cf_coalition_t *members, double *delta, struct cf_error *err)
{
    size_t n = cf_game_players(whole);
    for (size_t i = 0; i < n; i++) {
        int rc = cf_game_cost_set(whole, (cf_coalition_t)1 << i, &delta[i], err);
        if (rc != CF_OK)
            return rc;
        for (size_t p = 0; p < nparts; p++) {
            if (!((members[p] >> i) & 1u))
                continue;
            /* i's local index: how many of the part's players come before it */
            size_t local = (size_t)__builtin_popcountll(members[p] & (((cf_coalition_t)1 << i) - 1));
            double part_cost;
            rc = cf_game_cost_set(parts[p], (cf_coalition_t)1 << local, &part_cost, err);
            if (rc != CF_OK)
                return rc;
            delta[i] -= part_cost;
        }
    }
    return CF_OK;
}

int cf_shapley_by_parts(struct cf_game *whole, size_t nparts, struct cf_game *const *parts,
                        const cf_coalition_t *members, const struct cf_alloc_opts *opts, double *x,
                        double *half_width, struct cf_shapley_report *report, struct cf_error *err)
{
    size_t n = cf_game_players(whole);
    memset(report, 0, sizeof *report);
    double *delta = calloc(n, sizeof *delta);
    double *var = calloc(n, sizeof *var);
    double *px = calloc(CF_GAME_MAX_PLAYERS, sizeof *px);
    double *phw = calloc(CF_GAME_MAX_PLAYERS, sizeof *phw);
    int rc = CF_OK;
    if (delta == NULL || var == NULL || px == NULL || phw == NULL) {
        rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
        goto done;
    }
    for (size_t p = 0; p < nparts; p++)
        if (cf_game_players(parts[p]) != (size_t)__builtin_popcountll(members[p]) ||
            (members[p] & ~cf_game_grand(whole)) != 0) {
            rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "part %zu: players do not match", p);
            goto done;
        }
    memset(x, 0, n * sizeof *x);
    rc = singleton_gaps(whole, nparts, parts, members, delta, err);
    if (rc != CF_OK)
        goto done;
    double total_delta = 0.0;
    for (size_t i = 0; i < n; i++)
        total_delta += delta[i];
    for (size_t j = 0; j < n; j++)
        x[j] = n > 1 ? delta[j] / (double)n - (total_delta - delta[j]) / ((double)n * (double)(n - 1))
                     : delta[j];
    size_t sampled_left = 0;
    for (size_t p = 0; p < nparts; p++)
        sampled_left += cf_game_players(parts[p]) > CF_SHAPLEY_EXACT_MAX;
    double started = cf_now_s();
    for (size_t p = 0; p < nparts; p++) {
        struct cf_alloc_opts part_opts = *opts;
        part_opts.seed = part_seed(opts->seed, p);
        if (opts->time_cap_s > 0.0 && cf_game_players(parts[p]) > CF_SHAPLEY_EXACT_MAX) {
            /* the time cap is the whole value's: what is left of it, shared
               by the sampled parts still to come */
            double left = opts->time_cap_s - (cf_now_s() - started);
            part_opts.time_cap_s = left > 0.0 ? left / (double)sampled_left : 1e-9;
            sampled_left--;
        }
        struct cf_shapley_report part_report;
        rc = cf_shapley_report(parts[p], &part_opts, px, phw, &part_report, err);
        if (rc != CF_OK)
            goto done;
        size_t local = 0;
        for (size_t i = 0; i < n; i++) {
            if (!((members[p] >> i) & 1u))
                continue;
            x[i] += px[local];
            var[i] += phw[local] * phw[local]; /* parts are sampled independently: variances add */
            local++;
        }
        if (part_report.sampled) {
            report->sampled = 1;
            report->permutations += part_report.permutations;
            if (part_report.stop > report->stop)
                report->stop = part_report.stop;
        }
        report->seconds += part_report.seconds;
    }
    if (half_width != NULL)
        for (size_t i = 0; i < n; i++)
            half_width[i] = sqrt(var[i]);
done:
    free(delta);
    free(var);
    free(px);
    free(phw);
    return rc;
}
