/* shapley_internal.h — the sampled Shapley value as a sampler that can be
 * resumed batch by batch (shapley.c), so that shapley_parts.c can share one
 * budget among the lane games, giving each batch to the lane that narrows the
 * widest member's half-width most. Not for other modules. */
#ifndef CF_SHAPLEY_INTERNAL_H
#define CF_SHAPLEY_INTERNAL_H

#include "allocate.h"

struct cf_sampler;

/* A sampler of game's Shapley value on opts->seed's stream (opts->threads
 * oracle threads), with the game's proxy as a control variate when it has
 * one. Free with cf_sampler_free. */
int cf_sampler_create(struct cf_game *game, const struct cf_alloc_opts *opts, struct cf_sampler **out,
                      struct cf_error *err);
void cf_sampler_free(struct cf_sampler *s);

/* One batch of at most `most` antithetic pairs of orders (fewer in large
 * games: about 512 coalitions a batch). The orders do not depend on the
 * batch sizes: k pairs are the same whichever batches drew them. */
int cf_sampler_batch(struct cf_sampler *s, long most, struct cf_error *err);

/* Orders of its own for every player whose estimate has fewer than two
 * pairs (shared pairs that all put it in the places at the ends that are
 * exact and not sampled), so that every estimate has a variance. */
int cf_sampler_cover(struct cf_sampler *s, struct cf_error *err);

/* Pairs drawn so far for every player. */
long cf_sampler_pairs(const struct cf_sampler *s);

/* One batch of at most `count` pairs of orders for one player alone (at
 * most 64): orders drawn as for every player, on the player's own stream,
 * of which only its marginal costs are asked: 4 coalitions a pair (before it
 * and with it, in the order and in its reverse) instead of 2n. They go into
 * its estimate with the shared pairs: the same distribution. */
int cf_sampler_player(struct cf_sampler *s, size_t player, long count, struct cf_error *err);

/* Pairs in player's estimate: the shared ones and its own. */
long cf_sampler_player_pairs(const struct cf_sampler *s, size_t player);

/* Pairs a player's estimate needs before its half-width may stop the
 * sampling on the target: a variance from fewer is rough, and stopping when
 * it happens to come out low misses jumps the pairs have not met. On the
 * game of tests/test_shapley_parts.c with rare jumps, run to a 2 % target
 * 200 times, 30 pairs gave intervals that missed the exact value in 12.5 %
 * of cases after 865 orders, 60 in 8.8 % (1,705), 100 in 6.2 % (3,241);
 * the games of bench/bench_shapley_coverage.sh reach their 1 % target with
 * more pairs than that anyway. */
#define CF_MIN_PAIRS_TO_STOP 100

/* The first player whose estimate has fewer than CF_MIN_PAIRS_TO_STOP pairs,
 * or the number of players when none has. */
size_t cf_sampler_thin(const struct cf_sampler *s);

/* Nominal seconds of the coalitions planned for the sampler so far (those
 * its batches asked that the game's cache did not hold): the game's cost
 * hint (cf_game_set_cost_hint: a lane's shipments) per coalition, over the
 * sampler's threads. What
 * --shapley-time-limit counts under the work clock (solver/clock.h): the
 * same batches cost the same on every run and machine. */
double cf_sampler_work(const struct cf_sampler *s);

/* Seconds of sampling: since `started` (cf_wall_s) on the wall clock, or
 * `work` (cf_sampler_work, summed over the samplers) under the work clock. */
double cf_sampling_elapsed(double started, double work);

/* Own pairs drawn so far, over all players. */
long cf_sampler_own_pairs(const struct cf_sampler *s);

/* A member's own pairs a batch (cf_sampler_player): 120 coalitions, enough
 * to keep both threads busy. */
#define CF_OWN_PAIRS_PER_STEP 30

/* A batch to draw: shared pairs of a part (player == n, the whole game's
 * players), or one member's own (player: its index in the whole game;
 * local: in the part). */
struct cf_sampler_move {
    size_t part, player, local;
    double gain;
};

/* The batches part p offers (its sampler ps, its members mask among the n
 * players of the whole game): its next shared batch while it has fewer
 * than `pairs` pairs, and each member's own while the member's estimate
 * has fewer. Each is scored by how much it lowers sum_i r_i^16 per unit of
 * cost, r_i member i's relative variance (var[i] / aim[i]^2) over the
 * widest member's, and the cost the coalitions it asks (2 n_p a shared pair,
 * 4 an own pair) times the part's cost hint: the widest members get orders
 * of their own, shared pairs win once many are about as wide. A member's
 * variance from the part falls as 1/(pairs in its estimate). The cache is
 * not looked at, which would tie the choice to the run. aim, var: what
 * each member's half-width is measured against (its whole value, or more:
 * cf_shapley_by_parts) and its variance (var as half-width squared); lhw:
 * the part's half-widths by local index. *best is replaced when beaten. */
void cf_sampler_consider(const struct cf_sampler *ps, size_t p, cf_coalition_t mask, size_t n, long pairs,
                         const double *aim, const double *var, const double *lhw, double hint,
                         struct cf_sampler_move *best);

/* The estimate and its 95 % half-widths (n each) after the pairs so far
 * (at least 2 for finite half-widths). */
int cf_sampler_estimate(struct cf_sampler *s, double *x, double *hw, struct cf_error *err);

#endif
