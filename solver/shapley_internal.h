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

/* Pairs drawn so far. */
long cf_sampler_pairs(const struct cf_sampler *s);

/* The estimate and its 95 % half-widths (n each) after the pairs so far
 * (at least 2 for finite half-widths). */
int cf_sampler_estimate(struct cf_sampler *s, double *x, double *hw, struct cf_error *err);

#endif
