/* shapley.c — the Shapley value of a cost game (domain.md, "Cost allocation"):
 * exact over all 2^n coalitions up to CF_SHAPLEY_EXACT_MAX players, else the
 * mean marginal cost over sampled orders of arrival, taken in antithetic pairs
 * (an order and its reverse: a player early in one is late in the other, which
 * cancels much of the position effect) with a 95 % confidence half-width.
 * When the game has a proxy (game.h) the sampler uses it as a control
 * variate: it samples the game's marginal costs and the proxy's along the
 * same orders, and corrects their mean by how far the proxy's sampled mean
 * lies from its own value, which far more (cheap) orders give.
 * A player's first and last places are not sampled: its marginal cost there
 * is c({i}) in the one and c(N) - c(N - i) in the other, known exactly from
 * 2n + 1 coalitions, and is often far from the rest (a firm alone pays its
 * own rates; the pool's plan is planned in full, the coalitions quick). In
 * games of 6 to 20 players the second and second to last places are exact
 * too, and up to 40 where the run can afford them (struct ends). The
 * estimate is 2 depth/n times their mean plus the rest times the sampled
 * mean over the places between, drawn uniformly. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "allocate.h"
#include "shapley_internal.h"
#include "solver/clock.h"
#include "models/rng.h"

#define PAIRS_PER_BATCH 64    /* orders whose coalitions are prefetched together, at most */
#define COALITIONS_PER_BATCH 512 /* fewer pairs per batch in large games: the stopping rules are
                                    checked between batches, and a batch of 64 pairs of 40 firms
                                    is minutes of plans */
#define MIN_PAIRS_TO_STOP 10  /* a half-width from fewer pairs is too rough to stop on */
#define OWN_PAIRS_PER_BATCH 64 /* a player's own orders per batch, at most: 4 coalitions each */
#define PROXY_FIRST_PAIRS 4096 /* the proxy's own value: orders to start with */
#define PROXY_MAX_PAIRS 262144 /* and at most (about 2 s of a 40-firm lane) */
#define PROXY_SHARE 0.1        /* the proxy's error may add this share to a player's variance */
#define Z_95 1.959963984540054 /* two-sided 95 % normal quantile */
#define PAIRS_PER_COVARIATE 10 /* a regression's pairs per control variate, at least */
/* nominal seconds of one coalition's plan per unit of its game's cost hint
   (a lane's shipments): fitted on quick plans of the 40-firm year's lanes, where
   30 s of wall-clock sampling on two threads asked 17.7-18.4 million (1.7e-6);
   after the quick plans' faster sorts and indexes (keysort.h) 30 s of
   wall-clock sampling asked 1.31 times the work of the code before, back to
   back, and 1.4e-6 makes those 30 s count 30 nominal s again (35.3 and 37.7
   nominal s at 1.7e-6 in 30.0 and 31.0 s; the code before: 26.7 and 29.0) */
#define SAMPLE_S_PER_HINT 1.4e-6
/* and of a coalition asked, cached or not: looked up, its marginal costs
   summed (a 16-player table game: 2.9 million in 0.24 s); so a game the
   cache holds whole still spends its time */
#define SAMPLE_S_PER_ASK 1e-7

static int popcount64(cf_coalition_t s)
{
    return __builtin_popcountll(s);
}

static int shapley_exact(struct cf_game *game, const struct cf_alloc_opts *opts, double *x,
                         struct cf_error *err)
{
    size_t n = cf_game_players(game);
    double *cost = NULL;
    int rc = cf_game_cost_all(game, opts->threads, &cost, err);
    if (rc != CF_OK)
        return rc;
    cf_shapley_from_table(n, cost, x);
    free(cost);
    return CF_OK;
}

void cf_shapley_from_table(size_t n, const double *cost, double *x)
{
    size_t count = (size_t)1 << n;
    double weight[CF_GAME_MAX_PLAYERS];
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

/* The proxy's Shapley value (game.h, cf_game_set_proxy), sampled on its own
 * stream in antithetic pairs like the game's, as far as the game's estimate
 * needs it: each order costs microseconds, so it takes far more orders. */
struct proxy_value {
    struct cf_rng rng;
    long pairs;
    double *phi, *m2; /* running mean and sum of squares per player */
    size_t *order;    /* 2n: an order and its reverse */
    double *pair_mc, *cost;
};

static int proxy_init(struct proxy_value *pv, size_t n, uint64_t seed)
{
    memset(pv, 0, sizeof *pv);
    cf_rng_seed(&pv->rng, seed ^ 0x5851f42d4c957f2dull); /* apart from the game's orders */
    pv->phi = calloc(4 * n, sizeof *pv->phi);
    pv->order = malloc(2 * n * sizeof *pv->order);
    if (pv->phi == NULL || pv->order == NULL)
        return -1;
    pv->m2 = pv->phi + n;
    pv->pair_mc = pv->phi + 2 * n;
    pv->cost = pv->phi + 3 * n;
    return 0;
}

static void proxy_free(struct proxy_value *pv)
{
    free(pv->phi);
    free(pv->order);
}

/* The proxy's marginal costs averaged over order and its reverse (n each)
 * into pair_mc; cost is scratch of n. 0, -1 on OOM. */
static int proxy_pair(const struct cf_game *game, const size_t *order, const size_t *reversed, double *cost,
                      double *pair_mc)
{
    size_t n = cf_game_players(game);
    memset(pair_mc, 0, n * sizeof *pair_mc);
    for (int direction = 0; direction < 2; direction++) {
        const size_t *o = direction == 0 ? order : reversed;
        if (cf_game_proxy_order(game, o, cost) != 0)
            return -1;
        for (size_t k = 0; k < n; k++)
            pair_mc[o[k]] += 0.5 * (cost[k] - (k > 0 ? cost[k - 1] : 0.0));
    }
    return 0;
}

/* `more` pairs of orders added to the proxy's estimate; 0, -1 on OOM. */
static int proxy_extend(const struct cf_game *game, struct proxy_value *pv, long more)
{
    size_t n = cf_game_players(game);
    for (long t = 0; t < more; t++) {
        random_order(&pv->rng, n, pv->order);
        for (size_t k = 0; k < n; k++)
            pv->order[n + k] = pv->order[n - 1 - k];
        if (proxy_pair(game, pv->order, pv->order + n, pv->cost, pv->pair_mc) != 0)
            return -1;
        pv->pairs++;
        for (size_t i = 0; i < n; i++) {
            double delta = pv->pair_mc[i] - pv->phi[i];
            pv->phi[i] += delta / (double)pv->pairs;
            pv->m2[i] += delta * (pv->pair_mc[i] - pv->phi[i]);
        }
    }
    return 0;
}

/* The variance of the proxy's estimate of player i's value. */
static double proxy_var(const struct proxy_value *pv, size_t i)
{
    return pv->pairs > 1 ? pv->m2[i] / (double)(pv->pairs - 1) / (double)pv->pairs : INFINITY;
}

/* The exact places at the ends of the order (above): `depth` at each end,
 * the first and the last, and in games of 6 to EXACT_SECOND_ALWAYS players
 * the second and the second to last too (c({i, j}) and c(N - {i, j}) for
 * every pair: n (n-1) coalitions), where a firm's marginal cost beside one
 * other firm alone jumps most with who that firm is; up to EXACT_SECOND_MAX
 * players where those coalitions cost at most ENDS_SHARE of the run
 * (ends_depth). Per player, the mean of
 * its marginal costs over those 2 depth places in the game and in the
 * proxy, and the known means of f and g over the places between (struct
 * mc_sums). */
#define EXACT_SECOND_ALWAYS 20
#define EXACT_SECOND_MAX 40
#define ENDS_SHARE 0.1
struct ends {
    double *game, *proxy; /* n each */
    double f_mean, g_mean;
    size_t depth;
};

/* How much the places between weigh: (n - 2 depth)/n. */
static double inner_share(const struct ends *e, size_t n)
{
    return n > 2 * e->depth ? ((double)n - 2.0 * (double)e->depth) / (double)n : 0.0;
}

/* A place between the exact ones. */
static int inner_place(const struct ends *e, size_t n, size_t k)
{
    return k >= e->depth && k + e->depth < n;
}

/* Running sums over the sampled pairs, per player, of w = (d, p, f, g): its
 * mean marginal cost in the game (d) and in the proxy (p, 0 without one),
 * and two functions of where it stood in the order, f = (k - (n-1)/2)^2 and
 * g = f^2 (k its place in the forward order; in the reverse order it stands
 * at n-1-k, the same f), over the places between the first and the last
 * only (struct ends). Means and co-moments by Welford's updates. A
 * player's pairs are those of every player plus its own (cf_sampler_player):
 * orders drawn the same way, of which only its marginal costs were asked. */
#define NW 4 /* d, p, f, g */
struct mc_sums {
    double *mean; /* [player * NW + a] */
    double *com;  /* [player * NW * NW + a * NW + b] */
    long *seen;   /* per player: pairs in its sums */
};

static void sums_add_one(struct mc_sums *s, size_t n, size_t i, double d, double p, size_t pos)
{
    double c = 0.5 * ((double)n - 1.0);
    double f = ((double)pos - c) * ((double)pos - c);
    double w[NW] = {d, p, f, f * f}, before[NW];
    double *mean = s->mean + i * NW, *com = s->com + i * NW * NW;
    long seen = ++s->seen[i];
    for (int a = 0; a < NW; a++) {
        before[a] = w[a] - mean[a];
        mean[a] += before[a] / (double)seen;
    }
    for (int a = 0; a < NW; a++)
        for (int b = 0; b < NW; b++)
            com[a * NW + b] += before[a] * (w[b] - mean[b]);
}

static void sums_add(struct mc_sums *s, const struct ends *e, size_t n, const double *d, const double *p,
                     const size_t *pos)
{
    for (size_t i = 0; i < n; i++)
        if (inner_place(e, n, pos[i]))
            sums_add_one(s, n, i, d[i], p[i], pos[i]);
}

/* The proxy's mean marginal cost over the places between, (n phi_p -
 * 2 depth end_p) / (n - 2 depth), and the variance of that as estimated. */
static double proxy_inner(const struct proxy_value *pv, const struct ends *e, size_t n, size_t i)
{
    double inner = (double)n - 2.0 * (double)e->depth;
    return inner > 0.0 ? ((double)n * pv->phi[i] - 2.0 * (double)e->depth * e->proxy[i]) / inner : 0.0;
}

static double proxy_inner_var(const struct proxy_value *pv, const struct ends *e, size_t n, size_t i)
{
    double w = inner_share(e, n);
    return w > 0.0 ? proxy_var(pv, i) / (w * w) : 0.0;
}

/* What the pairs give for player i over the places between the first and
 * the last: the estimate x (the mean of d, each covariate's regression
 * coefficient times how far its sampled mean lies from its known mean taken
 * off: the proxy's mean over those places, from its value phi_p and its
 * exact ends, and for f and g the moments of a place drawn uniformly from
 * the places between: 1..n-2, or 2..n-3 where the second places are exact),
 * the variance of that estimate, and the proxy's coefficient.
 * The variance is the regression's at the known means: the residual's
 * variance s^2 times 1/m + d' S^-1 d (m pairs, d the sampled means less the
 * known ones, S the covariates' sums of squares), so coefficients fitted on
 * a few pairs and carried far from them widen the half-width. It cannot see
 * a jump that the pairs so far have missed (README, "Are the half-widths
 * honest?"). Covariates are dropped in the order g, f, p while their system
 * is singular or there are fewer than PAIRS_PER_COVARIATE pairs for each. */
struct fit {
    double x, resid_var, beta_p;
};

static struct fit fit_player(const struct mc_sums *s, size_t n, size_t i, const struct proxy_value *pv,
                             const struct ends *e)
{
    const double *mean = s->mean + i * NW, *com = s->com + i * NW * NW;
    double known[NW] = {0.0, pv != NULL ? proxy_inner(pv, e, n, i) : 0.0, e->f_mean, e->g_mean};
    int cols[NW - 1] = {1, 2, 3}; /* p, f, g */
    int first = pv != NULL ? 0 : 1;
    long seen = s->seen[i];
    struct fit out = {mean[0], seen > 1 ? com[0] / (double)(seen - 1) / (double)seen : INFINITY, 0.0};
    if (pv != NULL && seen > 1) {
        /* while no coefficient can be fitted (too few pairs, or a singular
           fit): the difference from the proxy (coefficient 1), unbiased
           however poor the proxy, where the plain
           mean of pairs that all missed a jump the proxy knows of would
           claim a variance of 0 */
        out.x = mean[0] - (mean[1] - known[1]);
        out.resid_var = fmax(com[0] - 2.0 * com[1] + com[NW + 1], 0.0) / (double)(seen - 1) / (double)seen;
        out.beta_p = 1.0;
    }
    for (int last = NW - 2; last >= first; last--) {
        int q = last - first + 1; /* covariates in use: cols[first..last] */
        if ((long)q * PAIRS_PER_COVARIATE > seen)
            continue;
        double A[NW - 1][NW + 1], beta[NW - 1], z[NW - 1]; /* S beta = S_xd, S z = d */
        for (int r = 0; r < q; r++) {
            int a = cols[first + r];
            for (int c = 0; c < q; c++)
                A[r][c] = com[a * NW + cols[first + c]];
            A[r][q] = com[a * NW + 0];
            A[r][q + 1] = mean[a] - known[a];
        }
        int ok = 1;
        for (int r = 0; r < q && ok; r++) { /* Gaussian elimination, the system is symmetric positive */
            ok = A[r][r] > 1e-12 * (1.0 + fabs(com[cols[first + r] * NW + cols[first + r]]));
            for (int t = r + 1; t < q && ok; t++) {
                double f = A[t][r] / A[r][r];
                for (int c = r; c <= q + 1; c++)
                    A[t][c] -= f * A[r][c];
            }
        }
        if (!ok)
            continue;
        for (int r = q - 1; r >= 0; r--) {
            double v = A[r][q], w = A[r][q + 1];
            for (int c = r + 1; c < q; c++) {
                v -= A[r][c] * beta[c];
                w -= A[r][c] * z[c];
            }
            beta[r] = v / A[r][r];
            z[r] = w / A[r][r];
        }
        double rss = com[0], x = mean[0], reach = 0.0; /* reach: d' S^-1 d */
        for (int r = 0; r < q; r++) {
            int a = cols[first + r];
            rss -= beta[r] * com[a * NW + 0];
            x -= beta[r] * (mean[a] - known[a]);
            reach += (mean[a] - known[a]) * z[r];
        }
        out.x = x;
        out.resid_var = fmax(rss, 0.0) / (double)(seen - 1 - q) * (1.0 / (double)seen + fmax(reach, 0.0));
        out.beta_p = first == 0 ? beta[0] : 0.0;
        break;
    }
    return out;
}

/* More orders for the proxy until its own error adds at most a tenth to
 * any player's variance (or PROXY_MAX_PAIRS). */
static int proxy_refine(const struct cf_game *game, struct proxy_value *pv, const struct mc_sums *s,
                        const struct ends *e)
{
    size_t n = cf_game_players(game);
    while (pv->pairs < PROXY_MAX_PAIRS) {
        int enough = 1;
        for (size_t i = 0; i < n && enough; i++) {
            struct fit f = fit_player(s, n, i, pv, e);
            enough = f.beta_p * f.beta_p * proxy_inner_var(pv, e, n, i) <= PROXY_SHARE * f.resid_var;
        }
        if (enough)
            break;
        long more = pv->pairs < PROXY_MAX_PAIRS - pv->pairs ? pv->pairs : PROXY_MAX_PAIRS - pv->pairs;
        if (proxy_extend(game, pv, more) != 0)
            return -1;
    }
    return 0;
}

/* The estimate and its 95 % half-width per player: 2 depth/n times the mean
 * over its exact places plus the rest times fit_player's over the places
 * between (control
 * variates with known means, the proxy's when there is one and two of the
 * player's place in the order; the variance is the residual's over the pairs
 * plus beta_p^2 times the variance of the proxy's known mean), scaled
 * alike. A player no pair has seen between its ends yet (a few shared
 * pairs of a small game; cf_sampler_cover) has an infinite variance. With
 * a coefficient per player, the players' own orders and the exact ends the
 * values miss c(N) (grand) by a little, which goes back to the players in
 * proportion to their variances (the least-variance estimate that adds up;
 * the half-widths are those before). */
static void estimate(const struct mc_sums *s, size_t n, const struct proxy_value *pv, const struct ends *e,
                     double grand, double *x, double *hw)
{
    double total = grand, sum = 0.0, var_sum = 0.0, w = inner_share(e, n);
    for (size_t i = 0; i < n; i++) {
        double var = 0.0;
        x[i] = e->game[i];
        if (w > 0.0) {
            struct fit f = fit_player(s, n, i, pv, e);
            double inner =
                f.resid_var + (f.beta_p != 0.0 ? f.beta_p * f.beta_p * proxy_inner_var(pv, e, n, i) : 0.0);
            x[i] = (1.0 - w) * e->game[i] + w * f.x;
            var = w * w * inner;
        }
        hw[i] = Z_95 * sqrt(var);
        sum += x[i];
        var_sum += var;
    }
    if (!isfinite(var_sum))
        return;
    for (size_t i = 0; i < n; i++) {
        double var = hw[i] * hw[i] / (Z_95 * Z_95);
        x[i] -= (sum - total) * (var_sum > 0.0 ? var / var_sum : 1.0 / (double)n);
    }
}

/* A sampler that can be resumed batch by batch (shapley_internal.h). */
struct cf_sampler {
    struct cf_game *game;
    size_t n;
    int threads;
    struct cf_rng rng;
    struct proxy_value proxy;
    int proxied;
    size_t *orders;        /* PAIRS_PER_BATCH orders, then one reversed */
    cf_coalition_t *sets;  /* a batch's coalitions */
    double *work;
    struct mc_sums sums;
    struct ends ends;
    long pairs;            /* pairs of orders drawn for every player */
    double grand;          /* c(N) */
    double *pair_mc, *pair_pc, *proxy_cost;
    size_t *pos; /* each player's place in the pair's forward order */
    struct cf_rng *own;    /* per player: the stream of its own orders */
    long own_pairs;        /* own pairs drawn, over all players */
    size_t own_pos[PAIRS_PER_BATCH]; /* the player's place in each of a batch's own orders */
    double asked_s;        /* cf_sampler_work */
    size_t calls_seen;     /* the game's oracle calls when last charged */
};

/* Nominal seconds of `plans` coalitions planned on s's game, over its threads. */
static double planned_s(const struct cf_sampler *s, double plans)
{
    return plans * cf_game_cost_hint(s->game) * SAMPLE_S_PER_HINT / (double)(s->threads > 1 ? s->threads : 1);
}

/* A batch's nsets coalitions asked and those planned since the last charge
   (the oracle's calls: the cache's misses, the same on every run), in
   nominal seconds (cf_sampler_work) */
static void charge(struct cf_sampler *s, size_t nsets)
{
    size_t calls = cf_game_oracle_calls(s->game);
    s->asked_s += (double)nsets * SAMPLE_S_PER_ASK + planned_s(s, (double)(calls - s->calls_seen));
    s->calls_seen = calls;
}

/* Where proxy_place puts a player: first, after one other (j), before one
 * other (j), last. */
enum exact_place { PLACE_FIRST, PLACE_SECOND, PLACE_SECOND_LAST, PLACE_LAST };

/* The proxy's marginal cost of player i in an order (s->orders, scratch)
 * that puts it at `where`, the players other than i and j in index order:
 * [i, ...], [j, i, ...], [..., i, j] or [..., i]. 0, -1 on OOM. */
static int proxy_place(struct cf_sampler *s, size_t i, size_t j, enum exact_place where, double *out)
{
    size_t n = s->n, *order = s->orders, k = 0;
    int pair = where == PLACE_SECOND || where == PLACE_SECOND_LAST;
    if (where == PLACE_SECOND)
        order[k++] = j;
    if (where == PLACE_FIRST || where == PLACE_SECOND)
        order[k++] = i;
    for (size_t t = 0; t < n; t++)
        if (t != i && !(pair && t == j))
            order[k++] = t;
    if (where == PLACE_SECOND_LAST || where == PLACE_LAST)
        order[k++] = i;
    if (where == PLACE_SECOND_LAST)
        order[k++] = j;
    size_t place = where == PLACE_FIRST ? 0 : where == PLACE_SECOND ? 1 : where == PLACE_LAST ? n - 1 : n - 2;
    if (cf_game_proxy_order(s->game, order, s->proxy_cost) != 0)
        return -1;
    *out = s->proxy_cost[place] - (place > 0 ? s->proxy_cost[place - 1] : 0.0);
    return 0;
}

/* How many places at each end are exact (struct ends): 2 in games of 6 to
 * EXACT_SECOND_ALWAYS players; in games of up to EXACT_SECOND_MAX where the
 * n (n-1) coalitions of the second places cost at most ENDS_SHARE of the
 * run: of its time limit, at the nominal seconds charge() will count for
 * them, or, without one, of the coalitions of the orders --samples allows
 * (n an order). On the 40-firm year's lanes of 21-40 players (75 nominal s,
 * seeds 1-3) the widest half-width went from 1.03 / 1.00 / 1.00 % to 1.00 /
 * 1.00 / 1.00 % (0.9988 / 0.9981 / 0.9961); with 26 as the limit 1.02 % on
 * seed 1. On a 50-firm year (seed 1, 60 s) exact second places on its lanes
 * of 41-50 players gave 1.42 % against 1.37 % without. Else 1. */
static size_t ends_depth(const struct cf_sampler *s, const struct cf_alloc_opts *opts)
{
    size_t n = s->n;
    if (n < 6 || n > EXACT_SECOND_MAX)
        return 1;
    if (n <= EXACT_SECOND_ALWAYS)
        return 2;
    double sets = (double)n * (double)(n - 1);
    if (opts->time_cap_s > 0.0)
        return planned_s(s, sets) <= ENDS_SHARE * opts->time_cap_s ? 2 : 1;
    return sets <= ENDS_SHARE * (double)opts->samples * (double)n ? 2 : 1;
}

/* Each player's exact places (struct ends): c({i}) and c(N - i), and at
 * depth 2 c({i, j}) and c(N - {i, j}) for every j, asked at once; the
 * proxy's from orders that put the player in those places. */
static int ends_init(struct cf_sampler *s, const struct cf_alloc_opts *opts, struct cf_error *err)
{
    size_t n = s->n;
    struct ends *e = &s->ends;
    e->proxy = e->game + n;
    e->depth = ends_depth(s, opts);
    double c = 0.5 * ((double)n - 1.0), f_sum = 0.0, g_sum = 0.0;
    for (size_t k = e->depth; k + e->depth < n; k++) {
        double f = ((double)k - c) * ((double)k - c);
        f_sum += f;
        g_sum += f * f;
    }
    double inner = (double)n - 2.0 * (double)e->depth;
    e->f_mean = inner > 0.0 ? f_sum / inner : 0.0;
    e->g_mean = inner > 0.0 ? g_sum / inner : 0.0;
    cf_coalition_t grand = cf_game_grand(s->game);
    size_t nsets = 0;
    for (size_t i = 0; i < n; i++) {
        cf_coalition_t bit = (cf_coalition_t)1 << i;
        s->sets[nsets++] = bit;
        s->sets[nsets++] = grand & ~bit;
        for (size_t j = i + 1; e->depth == 2 && j < n; j++) {
            cf_coalition_t two = bit | (cf_coalition_t)1 << j;
            s->sets[nsets++] = two;
            s->sets[nsets++] = grand & ~two;
        }
    }
    int rc = cf_game_prefetch(s->game, s->sets, nsets, s->threads, err);
    charge(s, nsets);
    for (size_t i = 0; i < n && rc == CF_OK; i++) {
        cf_coalition_t bit = (cf_coalition_t)1 << i;
        double alone = 0.0, rest = 0.0, second = 0.0, pair, twoless, one = 0.0, lessone = 0.0;
        rc = cf_game_cost_set(s->game, bit, &alone, err);
        if (rc == CF_OK)
            rc = cf_game_cost_set(s->game, grand & ~bit, &rest, err);
        double sum = alone + (s->grand - rest);
        for (size_t j = 0; e->depth == 2 && j < n && rc == CF_OK; j++) {
            if (j == i)
                continue;
            cf_coalition_t other = (cf_coalition_t)1 << j;
            rc = cf_game_cost_set(s->game, bit | other, &pair, err);
            if (rc == CF_OK)
                rc = cf_game_cost_set(s->game, other, &one, err);
            if (rc == CF_OK)
                rc = cf_game_cost_set(s->game, grand & ~(bit | other), &twoless, err);
            if (rc == CF_OK)
                rc = cf_game_cost_set(s->game, grand & ~other, &lessone, err);
            /* second: beside j alone; second to last: all but j before it */
            second += ((pair - one) + (lessone - twoless)) / (double)(n - 1);
        }
        e->game[i] = (sum + second) / (2.0 * (double)e->depth);
    }
    for (size_t i = 0; i < n && rc == CF_OK && s->proxied; i++) {
        double first, last, sum = 0.0, v;
        if (proxy_place(s, i, n, PLACE_FIRST, &first) != 0 || proxy_place(s, i, n, PLACE_LAST, &last) != 0)
            return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
        for (size_t j = 0; e->depth == 2 && j < n; j++) {
            if (j == i)
                continue;
            if (proxy_place(s, i, j, PLACE_SECOND, &v) != 0)
                return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
            sum += v / (double)(n - 1);
            if (proxy_place(s, i, j, PLACE_SECOND_LAST, &v) != 0)
                return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
            sum += v / (double)(n - 1);
        }
        e->proxy[i] = (first + last + sum) / (2.0 * (double)e->depth);
    }
    return rc;
}

void cf_sampler_free(struct cf_sampler *s)
{
    if (s == NULL)
        return;
    proxy_free(&s->proxy);
    free(s->orders);
    free(s->sets);
    free(s->work);
    free(s->pos);
    free(s->sums.seen);
    free(s->ends.game);
    free(s->own);
    free(s);
}

int cf_sampler_create(struct cf_game *game, const struct cf_alloc_opts *opts, struct cf_sampler **out,
                      struct cf_error *err)
{
    *out = NULL;
    size_t n = cf_game_players(game);
    struct cf_sampler *s = calloc(1, sizeof *s);
    if (s == NULL)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    s->game = game;
    s->n = n;
    s->threads = opts->threads;
    cf_rng_seed(&s->rng, opts->seed);
    s->orders = malloc(((size_t)PAIRS_PER_BATCH + 1) * n * sizeof *s->orders);
    s->sets = malloc((size_t)PAIRS_PER_BATCH * 2 * n * sizeof *s->sets);
    s->work = calloc((4 + NW + NW * NW) * n, sizeof *s->work);
    s->pos = malloc(n * sizeof *s->pos);
    s->sums.seen = calloc(n, sizeof *s->sums.seen);
    s->ends.game = calloc(2 * n, sizeof *s->ends.game);
    s->own = calloc(n, sizeof *s->own);
    int ok = s->orders != NULL && s->sets != NULL && s->work != NULL && s->pos != NULL && s->sums.seen != NULL &&
             s->ends.game != NULL && s->own != NULL;
    for (size_t i = 0; ok && i < n; i++) /* apart from the shared orders and from each other */
        cf_rng_seed(&s->own[i], opts->seed ^ (0xd1b54a32d192ed03ull * (uint64_t)(i + 1)));
    if (ok && cf_game_has_proxy(game)) {
        s->proxied = 1;
        ok = proxy_init(&s->proxy, n, opts->seed) == 0 && proxy_extend(game, &s->proxy, PROXY_FIRST_PAIRS) == 0;
    }
    if (!ok) {
        cf_sampler_free(s);
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    }
    double *w = s->work;
    s->pair_mc = w;
    s->pair_pc = w + n;
    s->proxy_cost = w + 2 * n;
    s->sums.mean = w + 4 * n;
    s->sums.com = w + (4 + NW) * n;
    int rc = cf_game_cost_set(game, cf_game_grand(game), &s->grand, err);
    s->calls_seen = cf_game_oracle_calls(game);
    if (rc == CF_OK)
        rc = ends_init(s, opts, err);
    if (rc != CF_OK) {
        cf_sampler_free(s);
        return rc;
    }
    *out = s;
    return CF_OK;
}

/* The orders in s->orders (nsets / 4 of them, each with its 4 coalitions in
 * s->sets and the player's place in s->own_pos) into the player's sums. */
static int own_flush(struct cf_sampler *s, size_t player, size_t nsets, struct cf_error *err)
{
    size_t n = s->n;
    int rc = cf_game_prefetch(s->game, s->sets, nsets, s->threads, err);
    charge(s, nsets);
    if (rc != CF_OK)
        return rc;
    size_t *reversed = s->orders + (size_t)PAIRS_PER_BATCH * n;
    for (size_t q = 0; q < nsets / 4; q++) {
        double c[4];
        for (int j = 0; j < 4; j++) {
            rc = cf_game_cost_set(s->game, s->sets[4 * q + j], &c[j], err);
            if (rc != CF_OK)
                return rc;
        }
        double d = 0.5 * ((c[1] - c[0]) + (c[3] - c[2]));
        double p = 0.0;
        if (s->proxied) {
            const size_t *order = s->orders + q * n;
            for (size_t k = 0; k < n; k++)
                reversed[k] = order[n - 1 - k];
            if (proxy_pair(s->game, order, reversed, s->proxy_cost, s->pair_pc) != 0)
                return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
            p = s->pair_pc[player];
        }
        sums_add_one(&s->sums, n, player, d, p, s->own_pos[q]);
        s->own_pairs++;
    }
    return CF_OK;
}

/* r^16 for r = rel / widest in 0..1 (rel a member's relative variance): the
 * widest members only, all but the one the batches are after. With r^4 (the
 * previous rule) the 40-firm year's widest half-width at 30 nominal s of
 * sampling was 1.82 / 1.73 / 1.74 % on seeds 1-3, with r^8 1.70 / 1.62 /
 * 1.65 %, r^16 1.71 / 1.60 / 1.62 %; at 75 s, once --samples no longer
 * capped the widest member's orders: r^4 1.15 %, r^8 1.07 / 1.02 / 1.02 %,
 * r^12 1.05 / 1.00 / 1.00 %, r^16 1.03 / 1.00 / 1.00 % (bench/bench_shapley.sh) */
static double spread(double rel, double widest)
{
    double r2 = (rel / widest) * (rel / widest), r4 = r2 * r2, r8 = r4 * r4;
    return r8 * r8;
}

void cf_sampler_consider(const struct cf_sampler *ps, size_t p, cf_coalition_t mask, size_t n, long pairs,
                         const double *aim, const double *var, const double *lhw, double hint,
                         struct cf_sampler_move *best)
{
    double widest = 0.0;
    for (size_t i = 0; i < n; i++)
        widest = fmax(widest, var[i] / fmax(aim[i] * aim[i], 1e-18));
    if (!(widest > 0.0))
        return;
    size_t np = (size_t)__builtin_popcountll(mask);
    long step = pairs_per_batch(np); /* what cf_sampler_batch draws */
    long shared = pairs - cf_sampler_pairs(ps) < step ? pairs - cf_sampler_pairs(ps) : step;
    double shared_drop = 0.0;
    size_t local = 0;
    for (size_t i = 0; i < n; i++) {
        if (!((mask >> i) & 1u))
            continue;
        double scale = fmax(aim[i] * aim[i], 1e-18);
        double v = lhw[local] * lhw[local]; /* the part's share of var[i] (x Z^2, as var) */
        long k = cf_sampler_player_pairs(ps, local);
        double before = spread(var[i] / scale, widest);
        /* a shared pair is credited to every member, though it adds nothing
           to one it puts in an exact place: counting only the places between
           made the 1 % target of bench/bench_shapley_coverage.sh take 30-40 %
           more orders, the budget going to members' own orders */
        if (shared > 0)
            shared_drop += before - spread((var[i] - v * (double)shared / (double)(k + shared)) / scale, widest);
        if (k < pairs) {
            double own = CF_OWN_PAIRS_PER_STEP;
            double drop = before - spread((var[i] - v * own / ((double)k + own)) / scale, widest);
            double gain = drop / (own * 4.0 * hint);
            if (gain > best->gain)
                *best = (struct cf_sampler_move){p, i, local, gain};
        }
        local++;
    }
    if (shared > 0) {
        double gain = shared_drop / ((double)shared * 2.0 * (double)np * hint);
        if (gain > best->gain)
            *best = (struct cf_sampler_move){p, n, 0, gain};
    }
}

long cf_sampler_pairs(const struct cf_sampler *s)
{
    return s->pairs;
}

long cf_sampler_player_pairs(const struct cf_sampler *s, size_t player)
{
    return s->sums.seen[player];
}

int cf_sampler_cover(struct cf_sampler *s, struct cf_error *err)
{
    for (size_t i = 0; inner_share(&s->ends, s->n) > 0.0 && i < s->n; i++)
        while (s->sums.seen[i] < 2) {
            int rc = cf_sampler_player(s, i, 2 - s->sums.seen[i], err);
            if (rc != CF_OK)
                return rc;
        }
    return CF_OK;
}

size_t cf_sampler_thin(const struct cf_sampler *s)
{
    for (size_t i = 0; inner_share(&s->ends, s->n) > 0.0 && i < s->n; i++) /* else every place is exact */
        if (s->sums.seen[i] < CF_MIN_PAIRS_TO_STOP)
            return i;
    return s->n;
}

double cf_sampler_work(const struct cf_sampler *s)
{
    return s->asked_s;
}

double cf_sampling_elapsed(double started, double work)
{
    return cf_clock_counts_work() ? work : cf_wall_s() - started;
}

long cf_sampler_own_pairs(const struct cf_sampler *s)
{
    return s->own_pairs;
}

int cf_sampler_player(struct cf_sampler *s, size_t player, long count, struct cf_error *err)
{
    size_t n = s->n;
    if (count > OWN_PAIRS_PER_BATCH)
        count = OWN_PAIRS_PER_BATCH;
    if (player >= n)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "sampler: no player %zu", player);
    if (inner_share(&s->ends, n) <= 0.0)
        return CF_OK; /* every place is exact */
    /* an order and its reverse: the coalitions before the player and with it;
       orders where it comes first or last are drawn again (those places are
       exact), so its place is uniform over the ones between */
    size_t nsets = 0;
    for (long q = 0; q < count; q++) {
        size_t *order = s->orders + (size_t)(q % PAIRS_PER_BATCH) * n;
        size_t k;
        do {
            random_order(&s->own[player], n, order);
            for (k = 0; order[k] != player; k++)
                ;
        } while (!inner_place(&s->ends, n, k));
        cf_coalition_t before = 0;
        for (size_t j = 0; j < k; j++)
            before |= (cf_coalition_t)1 << order[j];
        cf_coalition_t bit = (cf_coalition_t)1 << player;
        cf_coalition_t after = cf_game_grand(s->game) & ~before & ~bit; /* before it in the reverse */
        s->sets[nsets++] = before;
        s->sets[nsets++] = before | bit;
        s->sets[nsets++] = after;
        s->sets[nsets++] = after | bit;
        s->own_pos[q % PAIRS_PER_BATCH] = k;
        if (q % PAIRS_PER_BATCH == PAIRS_PER_BATCH - 1 || q == count - 1) {
            int rc = own_flush(s, player, nsets, err);
            if (rc != CF_OK)
                return rc;
            nsets = 0;
        }
    }
    return CF_OK;
}

int cf_sampler_batch(struct cf_sampler *s, long most, struct cf_error *err)
{
    size_t n = s->n;
    long batch = pairs_per_batch(n);
    if (most < batch)
        batch = most;
    size_t nsets = 0;
    for (long p = 0; p < batch; p++) {
        size_t *order = s->orders + (size_t)p * n;
        random_order(&s->rng, n, order);
        cf_coalition_t forward = 0, backward = 0;
        for (size_t k = 0; k < n; k++) {
            forward |= (cf_coalition_t)1 << order[k];
            backward |= (cf_coalition_t)1 << order[n - 1 - k];
            s->sets[nsets++] = forward;
            s->sets[nsets++] = backward;
        }
    }
    int rc = cf_game_prefetch(s->game, s->sets, nsets, s->threads, err);
    charge(s, nsets);
    if (rc != CF_OK)
        return rc;
    size_t *reversed = s->orders + (size_t)PAIRS_PER_BATCH * n;
    for (long p = 0; p < batch; p++) {
        const size_t *order = s->orders + (size_t)p * n;
        memset(s->pair_mc, 0, n * sizeof *s->pair_mc);
        for (size_t k = 0; k < n; k++) {
            reversed[k] = order[n - 1 - k];
            s->pos[order[k]] = k;
        }
        for (int direction = 0; direction < 2; direction++) {
            const size_t *o = direction == 0 ? order : reversed;
            cf_coalition_t prefix = 0;
            double before = 0.0;
            for (size_t k = 0; k < n; k++) {
                prefix |= (cf_coalition_t)1 << o[k];
                double after;
                rc = cf_game_cost_set(s->game, prefix, &after, err);
                if (rc != CF_OK)
                    return rc;
                s->pair_mc[o[k]] += 0.5 * (after - before);
                before = after;
            }
        }
        if (s->proxied && proxy_pair(s->game, order, reversed, s->proxy_cost, s->pair_pc) != 0)
            return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
        sums_add(&s->sums, &s->ends, n, s->pair_mc, s->pair_pc, s->pos);
        s->pairs++;
    }
    return CF_OK;
}

int cf_sampler_estimate(struct cf_sampler *s, double *x, double *hw, struct cf_error *err)
{
    if (s->proxied && proxy_refine(s->game, &s->proxy, &s->sums, &s->ends) != 0)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    estimate(&s->sums, s->n, s->proxied ? &s->proxy : NULL, &s->ends, s->grand, x, hw);
    return CF_OK;
}

int cf_shapley_sample_report(struct cf_game *game, const struct cf_alloc_opts *opts, double *x,
                             double *half_width, struct cf_shapley_report *report, struct cf_error *err)
{
    size_t n = cf_game_players(game);
    long pairs = (opts->samples + 1) / 2;
    double started = cf_wall_s();
    enum cf_shapley_stop stop = CF_SHAPLEY_STOP_SAMPLES;
    if (pairs < 2)
        return cf_error_set(err, CF_ERR_USAGE, NULL, 0, "samples",
                            "sampled Shapley value needs at least 4 permutations, got %ld", opts->samples);
    struct cf_sampler *s = NULL;
    int rc = cf_sampler_create(game, opts, &s, err);
    double *hw = calloc(n, sizeof *hw);
    if (rc == CF_OK && hw == NULL)
        rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    /* the stopping rules, between batches only: the orders drawn do not
       depend on the batch size, so a run that stops on the target is the
       prefix of a longer run with the same seed (no orders of a player's
       own here, which would break that: they are for the lane games,
       shapley_parts.c; only after the last batch, for a player that every
       pair put first or last, cf_sampler_cover) */
    while (rc == CF_OK && cf_sampler_pairs(s) < pairs) {
        rc = cf_sampler_batch(s, pairs - cf_sampler_pairs(s), err);
        if (rc != CF_OK || cf_sampler_pairs(s) < MIN_PAIRS_TO_STOP || cf_sampler_pairs(s) >= pairs)
            continue;
        if (opts->target_half_width > 0.0) {
            rc = cf_sampler_estimate(s, x, hw, err);
            if (rc == CF_OK && target_met(n, x, hw, opts->target_half_width) && cf_sampler_thin(s) == n) {
                stop = CF_SHAPLEY_STOP_TARGET;
                break;
            }
        }
        if (opts->time_cap_s > 0.0 && cf_sampling_elapsed(started, cf_sampler_work(s)) >= opts->time_cap_s) {
            stop = CF_SHAPLEY_STOP_TIME;
            break;
        }
    }
    if (rc == CF_OK)
        rc = cf_sampler_cover(s, err);
    if (rc == CF_OK)
        rc = cf_sampler_estimate(s, x, hw, err);
    if (rc == CF_OK && half_width != NULL)
        memcpy(half_width, hw, n * sizeof *hw);
    if (rc == CF_OK && report != NULL) {
        report->sampled = 1;
        report->permutations = 2 * cf_sampler_pairs(s);
        report->own_permutations = 2 * cf_sampler_own_pairs(s);
        report->stop = stop;
        report->seconds = cf_wall_s() - started;
        report->work_seconds = cf_sampler_work(s);
    }
    cf_sampler_free(s);
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
