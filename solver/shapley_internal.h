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

/* Own pairs drawn so far, over all players. */
long cf_sampler_own_pairs(const struct cf_sampler *s);

/* The estimate and its 95 % half-widths (n each) after the pairs so far
 * (at least 2 for finite half-widths). */
int cf_sampler_estimate(struct cf_sampler *s, double *x, double *hw, struct cf_error *err);

#endif
