/* core.c — is an allocation in the core (domain.md, "Cost allocation")? No
 * coalition S may pay more than c(S). Exact over every coalition up to
 * CF_CORE_EXACT_MAX players; beyond, over the structured coalitions most
 * likely to block (singletons, pairs, complements of singletons) and random
 * ones of every size, all evaluated in parallel through the game's cache.
 * When the game has a proxy (game.h), half of the random ones are the
 * likeliest to block out of fifty times as many, by the proxy's excess. */
#include <math.h>
#include <stdlib.h>

#include "allocate.h"
#include "models/rng.h"

#define SCREEN_FACTOR 50 /* random coalitions the proxy screens per one it keeps */

/* A violation below this is rounding noise, not a blocking coalition. */
static double violation_tol(double cost)
{
    return 1e-6 * fmax(1.0, fabs(cost));
}

static double set_sum(const double *x, size_t n, cf_coalition_t set)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        if ((set >> i) & 1u)
            sum += x[i];
    return sum;
}

static void consider(struct cf_core_check *out, cf_coalition_t set, double paid, double cost)
{
    double violation = paid - cost;
    if (violation > violation_tol(cost) && (out->stable || violation > out->violation)) {
        out->stable = 0;
        out->blocking = set;
        out->violation = violation;
    }
}

static int check_exact(struct cf_game *game, const double *x, const struct cf_alloc_opts *opts,
                       struct cf_core_check *out, struct cf_error *err)
{
    size_t n = cf_game_players(game);
    cf_coalition_t grand = cf_game_grand(game);
    double *cost = NULL;
    int rc = cf_game_cost_all(game, opts->threads, &cost, err);
    if (rc != CF_OK)
        return rc;
    for (cf_coalition_t s = 1; s < grand; s++)
        consider(out, s, set_sum(x, n, s), cost[s]);
    free(cost);
    return CF_OK;
}

/* A random coalition of k members (Floyd's algorithm over bit positions). */
static cf_coalition_t random_subset(struct cf_rng *rng, size_t n, size_t k)
{
    cf_coalition_t set = 0;
    for (size_t j = n - k; j < n; j++) {
        size_t t = (size_t)cf_rng_range(rng, 0, (int64_t)j);
        cf_coalition_t bit = (cf_coalition_t)1 << t;
        set |= (set & bit) ? (cf_coalition_t)1 << j : bit;
    }
    return set;
}

/* A candidate coalition and what the game's proxy says it would save by
 * leaving: x(S) - c'(S). */
struct screened {
    cf_coalition_t set;
    double excess;
};

static int excess_desc(const void *a, const void *b)
{
    const struct screened *x = a, *y = b;
    if (x->excess != y->excess)
        return x->excess > y->excess ? -1 : 1;
    return (x->set > y->set) - (x->set < y->set);
}

/* Half of the random coalitions: the `want` most likely to block among
 * SCREEN_FACTOR x want random ones, by the proxy's excess (game.h,
 * cf_game_proxy_cost), into sets[*count...]. Without a proxy nothing is
 * added and *count is unchanged; returns -1 only when out of memory. */
static int screen(const struct cf_game *game, const double *x, struct cf_rng *rng, size_t want,
                  cf_coalition_t *sets, size_t *count)
{
    size_t n = cf_game_players(game);
    if (want == 0 || n <= 3 || !cf_game_proxy_available(game))
        return 0;
    size_t pool = SCREEN_FACTOR * want;
    struct screened *cand = malloc(pool * sizeof *cand);
    if (cand == NULL)
        return -1;
    for (size_t r = 0; r < pool; r++) {
        size_t k = (size_t)cf_rng_range(rng, 2, (int64_t)n - 2);
        cand[r].set = random_subset(rng, n, k);
        double proxy = 0.0;
        if (cf_game_proxy_cost(game, cand[r].set, &proxy) != 0) {
            free(cand);
            return -1;
        }
        cand[r].excess = set_sum(x, n, cand[r].set) - proxy;
    }
    qsort(cand, pool, sizeof *cand, excess_desc);
    for (size_t r = 0; r < want; r++)
        sets[(*count)++] = cand[r].set;
    free(cand);
    return 0;
}

static int check_sampled(struct cf_game *game, const double *x, const struct cf_alloc_opts *opts,
                         struct cf_core_check *out, struct cf_error *err)
{
    size_t n = cf_game_players(game);
    cf_coalition_t grand = cf_game_grand(game);
    size_t random = opts->core_random > 0 ? (size_t)opts->core_random : 0;
    size_t cap = 2 * n + n * (n - 1) / 2 + random;
    cf_coalition_t *sets = malloc(cap * sizeof *sets);
    if (sets == NULL)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        cf_coalition_t bit = (cf_coalition_t)1 << i;
        sets[count++] = bit;
        sets[count++] = grand & ~bit;
        for (size_t j = i + 1; j < n; j++)
            sets[count++] = bit | (cf_coalition_t)1 << j;
    }
    struct cf_rng rng;
    cf_rng_seed(&rng, opts->seed ^ 0x636f7265ull); /* "core": apart from the Shapley stream */
    /* with a proxy, half of them are those it finds most likely to block */
    size_t before = count;
    if (screen(game, x, &rng, random / 2, sets, &count) != 0) {
        free(sets);
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    }
    for (size_t r = count - before; r < random && n > 3; r++) {
        size_t k = (size_t)cf_rng_range(&rng, 2, (int64_t)n - 2);
        sets[count++] = random_subset(&rng, n, k);
    }
    int rc = cf_game_prefetch(game, sets, count, opts->threads, err);
    for (size_t k = 0; rc == CF_OK && k < count; k++) {
        double cost;
        rc = cf_game_cost_set(game, sets[k], &cost, err);
        if (rc == CF_OK && sets[k] != grand)
            consider(out, sets[k], set_sum(x, n, sets[k]), cost);
    }
    free(sets);
    return rc;
}

int cf_core_check(struct cf_game *game, const double *x, const struct cf_alloc_opts *opts,
                  struct cf_core_check *out, struct cf_error *err)
{
    out->stable = 1;
    out->blocking = 0;
    out->violation = 0.0;
    out->rounding_only = 0;
    out->exact = cf_game_players(game) <= CF_CORE_EXACT_MAX;
    if (out->exact)
        return check_exact(game, x, opts, out, err);
    return check_sampled(game, x, opts, out, err);
}

int cf_core_within_plan_gap(const struct cf_core_check *core, double plan_gap, double plan_cost)
{
    return !core->stable && core->violation <= plan_gap * plan_cost + 1e-9;
}
