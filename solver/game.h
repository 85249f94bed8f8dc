/* game.h — a cooperative cost game (domain.md, "Cost allocation"): n players and
 * a cost oracle c(S), cached by coalition so that each c(S) is computed once,
 * with parallel evaluation of a list of coalitions. The oracle may be an
 * explicit table (cf_game_from_table) or the consolidation solver, for clusters
 * too large to enumerate. The allocation rules (allocate.h) only ask this. */
#ifndef CF_GAME_H
#define CF_GAME_H

#include <stddef.h>
#include <stdint.h>

#include "models/error.h"

/* Coalitions are bit sets over the players (bit i = player i), so a game has
 * at most 64 players: enough for the ~40 firms of a cluster. */
#define CF_GAME_MAX_PLAYERS 64

typedef uint64_t cf_coalition_t;

/* The oracle: the cost of the coalition whose members have in[i] == 1 (n
 * flags). Returns CF_OK and fills *cost, or an error status with err filled.
 * It is called from up to `threads` threads at once (cf_game_prefetch), so it
 * must be thread-safe; it is never called twice for the same coalition unless
 * an earlier call failed. The empty coalition is never asked (c(empty) = 0). */
typedef int (*cf_game_cost_fn)(void *ctx, const unsigned char *in, double *cost,
                               struct cf_error *err);

struct cf_game;

/* A game over n players (1..CF_GAME_MAX_PLAYERS) named names[0..n-1] (copied).
 * ctx is passed to cost_fn and must outlive the game. Free with cf_game_free. */
int cf_game_create(size_t n, const char *const *names, cf_game_cost_fn cost_fn, void *ctx,
                   struct cf_game **out, struct cf_error *err);

/* An explicit game: cost[S] for every bit set S in 0..2^n-1 (cost[0] ignored),
 * copied. n at most CF_GAME_TABLE_MAX_PLAYERS. Free with cf_game_free. */
#define CF_GAME_TABLE_MAX_PLAYERS 24
int cf_game_from_table(size_t n, const char *const *names, const double *cost,
                       struct cf_game **out, struct cf_error *err);

void cf_game_free(struct cf_game *game);

size_t cf_game_players(const struct cf_game *game);
const char *cf_game_player(const struct cf_game *game, size_t i);
/* Every player: the bit set of N. */
cf_coalition_t cf_game_grand(const struct cf_game *game);

/* c(S) for the members flagged in in[0..n-1]; cached. Thread-safe. */
int cf_game_cost(struct cf_game *game, const unsigned char *in, double *cost, struct cf_error *err);

/* c(S) for the bit set S (only bits below n may be set); cached. Thread-safe. */
int cf_game_cost_set(struct cf_game *game, cf_coalition_t set, double *cost, struct cf_error *err);

/* Evaluate every coalition of sets[0..count-1] that is not cached yet, on up
 * to `threads` threads (1 or less: the calling thread only). Duplicates and
 * the empty set are skipped. The first oracle error is returned. */
int cf_game_prefetch(struct cf_game *game, const cf_coalition_t *sets, size_t count, int threads,
                     struct cf_error *err);

/* Every c(S), S = 0..2^n-1, into a new array (*out, caller frees with free();
 * (*out)[0] = 0), evaluated on up to `threads` threads. n <= CF_GAME_TABLE_MAX_PLAYERS. */
int cf_game_cost_all(struct cf_game *game, int threads, double **out, struct cf_error *err);

/* An additive structure the Shapley value may use beyond 12 players
 * (allocate.h, cf_shapley_by_parts): c(S) = sum over parts of
 * c_p(S & members[p]) for every S of two players or more. The arrays are
 * copied, the part games are not owned (they must outlive game). */
int cf_game_set_parts(struct cf_game *game, size_t nparts, struct cf_game *const *parts,
                      const cf_coalition_t *members, struct cf_error *err);
size_t cf_game_nparts(const struct cf_game *game);
struct cf_game *const *cf_game_parts(const struct cf_game *game);
const cf_coalition_t *cf_game_part_members(const struct cf_game *game);

/* A control variate for the sampled Shapley value (allocate.h): a cheap
 * stand-in game c' that moves with c, whose own Shapley value can be
 * estimated to any precision because an order of arrival costs microseconds.
 * The sampler then samples the difference c - beta c' only. fn gives, for
 * the players order[0..n-1] (a permutation of all n) arriving in turn, c' of
 * each prefix: cost[k] = c'({order[0..k]}); it returns 0, or -1 when out of
 * memory. It must be deterministic and thread-safe; ctx must outlive the
 * game. fn NULL removes it. */
typedef int (*cf_game_proxy_fn)(void *ctx, const size_t *order, size_t n, double *cost);
void cf_game_set_proxy(struct cf_game *game, cf_game_proxy_fn fn, void *ctx);
int cf_game_has_proxy(const struct cf_game *game);
/* fn's answer for order (all 0 without a proxy); 0 or -1 as fn. */
int cf_game_proxy_order(const struct cf_game *game, const size_t *order, double *cost);

/* Whether cf_game_proxy_cost can answer: the game has a proxy of its own,
 * or parts (cf_game_set_parts) that all have one. */
int cf_game_proxy_available(const struct cf_game *game);

/* c'(set) for a set of two players or more: from the game's own proxy, or
 * the sum of the parts' proxies on their shares of set. Returns 0, or -1
 * when no proxy is available or memory ran out. For screening many
 * coalitions cheaply (the core check). */
int cf_game_proxy_cost(const struct cf_game *game, cf_coalition_t set, double *cost);

/* How dear one oracle call of this game is against another game's (1 when
 * created): the sampled Shapley value of a game with parts spends its
 * batches where they narrow half-widths most per unit of this. */
void cf_game_set_cost_hint(struct cf_game *game, double hint);
double cf_game_cost_hint(const struct cf_game *game);

/* How many times the oracle has been called (successful calls), for -v and
 * for tests that check each coalition is computed once. */
size_t cf_game_oracle_calls(const struct cf_game *game);

#endif
