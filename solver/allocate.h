/* allocate.h — the cost-allocation rules of domain.md ("Cost allocation") on a
 * cost game (game.h): Shapley value, nucleolus, equal profit method, the
 * standalone-proportional split, and the core check. Each rule fills x[0..n-1]
 * in currency units adding up to c(N); cf_allocate applies one rule, rounds to
 * cents with cf_money_round_to_total and checks the core. */
#ifndef CF_ALLOCATE_H
#define CF_ALLOCATE_H

#include <stddef.h>
#include <stdint.h>

#include "models/error.h"
#include "models/money.h"
#include "solver/game.h"

#define CF_SHAPLEY_EXACT_MAX 12 /* domain.md: exact Shapley value up to 12 firms */
#define CF_NUCLEOLUS_MAX 16     /* every coalition is a row of the LP: 2^16 - 2 rows */
#define CF_EPM_MAX 16           /* the core constraints of EPM: every coalition */
#define CF_CORE_EXACT_MAX 12    /* domain.md: core checked exactly up to 12 firms */

enum cf_alloc_rule { CF_RULE_SHAPLEY = 0, CF_RULE_NUCLEOLUS, CF_RULE_EPM, CF_RULE_STANDALONE };

/* "shapley", "nucleolus", "epm", "standalone" -> rule; 0, or -1 for any other
 * name (including "usage", which needs shipments: savings only). */
int cf_alloc_rule_parse(const char *name, enum cf_alloc_rule *out);
const char *cf_alloc_rule_name(enum cf_alloc_rule rule);

struct cf_alloc_opts {
    long samples;        /* sampled Shapley: permutations (made even: antithetic pairs) */
    uint64_t seed;       /* sampled Shapley and the random coalitions of the core check */
    int threads;         /* oracle threads for cf_game_prefetch */
    long core_random;    /* sampled core check: random coalitions beyond the structured ones */
    double target_half_width; /* sampled Shapley: stop once every half-width is within this share of
                                 |x_i| (0.01: 1 %); 0: run every sample. Repeatable: checked between
                                 batches whose orders do not depend on when it stops */
    double time_cap_s;   /* sampled Shapley: stop after the batch that passes this many seconds of
                            sampling; 0: none. Wall-clock seconds (not repeatable: reported), or
                            under the work clock (solver/clock.h) nominal seconds of the
                            coalitions asked (repeatable) */
};

/* samples 2000, seed 1, threads 2, core_random 2000, no target, no time cap. */
void cf_alloc_opts_default(struct cf_alloc_opts *opts);

/* Shapley value: exact over every coalition when n <= CF_SHAPLEY_EXACT_MAX,
 * else, when the game has parts (cf_game_set_parts), cf_shapley_by_parts,
 * else opts->samples permutations in antithetic pairs (a random order and its
 * reverse), each batch's coalitions prefetched in parallel. half_width (may be
 * NULL) gets the 95 % confidence half-width per player, 1.96 sd / sqrt(pairs),
 * all 0 when exact; *sampled (may be NULL) says which. */
int cf_shapley(struct cf_game *game, const struct cf_alloc_opts *opts, double *x,
               double *half_width, int *sampled, struct cf_error *err);

/* The exact Shapley value from the costs of every coalition of n players
 * (cost[s], s a bitmask, 2^n of them), as cf_shapley computes it up to
 * CF_SHAPLEY_EXACT_MAX players; for callers that hold the table (benches
 * that list every coalition of a larger game); n at most
 * CF_GAME_TABLE_MAX_PLAYERS (game.h). */
void cf_shapley_from_table(size_t n, const double *cost, double *x);

/* The sampled estimate whatever n (cf_shapley uses it beyond 12 players);
 * half_width may be NULL. Needs opts->samples >= 4. With a proxy on the game
 * (cf_game_set_proxy) the proxy is a control variate: per player x = mean of
 * the marginal costs - beta (mean of the proxy's - the proxy's value), beta
 * the regression coefficient, the proxy's value from its own orders (as many
 * as keep its error under a tenth of each player's variance), and the values
 * still add up to c(N). */
int cf_shapley_sample(struct cf_game *game, const struct cf_alloc_opts *opts, double *x,
                      double *half_width, struct cf_error *err);

/* How a Shapley value was reached: exact (sampled 0), or how many
 * permutations were drawn (antithetic pairs: even), why sampling stopped, and
 * its wall-clock seconds. */
enum cf_shapley_stop { CF_SHAPLEY_STOP_SAMPLES = 0, CF_SHAPLEY_STOP_TARGET, CF_SHAPLEY_STOP_TIME };
struct cf_shapley_report {
    int sampled;
    long permutations;     /* orders whose marginal costs were asked for every player */
    long own_permutations; /* orders asked for one player alone (by lane, the widest members) */
    enum cf_shapley_stop stop;
    double seconds;      /* wall-clock */
    double work_seconds; /* nominal: what the time cap counts under the work clock */
};
/* "samples", "target", "time" */
const char *cf_shapley_stop_name(enum cf_shapley_stop stop);
/* cf_shapley and cf_shapley_sample with their report (report required). */
int cf_shapley_report(struct cf_game *game, const struct cf_alloc_opts *opts, double *x,
                      double *half_width, struct cf_shapley_report *report, struct cf_error *err);
int cf_shapley_sample_report(struct cf_game *game, const struct cf_alloc_opts *opts, double *x,
                             double *half_width, struct cf_shapley_report *report, struct cf_error *err);

/* The Shapley value of a game that is a sum of parts (shapley_parts.c): for
 * every coalition S of two players or more, c(S) = sum over parts p of
 * c_p(S & members[p]), where parts[p] is a game over the players of
 * members[p] (bit sets of whole's players; local player k is the k-th lowest
 * bit) and c_p(empty) = 0. Singletons may differ (c({i}) is asked of whole).
 * Each part's value is exact up to CF_SHAPLEY_EXACT_MAX players, else sampled
 * (opts->samples and the target per part, each part on its own seed from
 * opts->seed; the time cap shared: each sampled part gets what is left of it
 * divided by the sampled parts still to come); a
 * player gets nothing from a part it is not in, besides the closed-form share
 * of the singletons' difference. half_width (may be NULL): the parts'
 * half-widths combined as independent (root of the sum of squares); report:
 * sampled if any part was, permutations summed over parts. */
int cf_shapley_by_parts(struct cf_game *whole, size_t nparts, struct cf_game *const *parts,
                        const cf_coalition_t *members, const struct cf_alloc_opts *opts, double *x,
                        double *half_width, struct cf_shapley_report *report, struct cf_error *err);

/* Nucleolus over the imputations (x_i <= c({i}), x(N) = c(N)) by the
 * Maschler-Peleg-Shapley sequence of LPs (GLPK); n <= CF_NUCLEOLUS_MAX, else
 * CF_ERR_DATA. c(N) > sum of c({i}) (no imputation) is CF_ERR_DATA too. */
int cf_nucleolus(struct cf_game *game, const struct cf_alloc_opts *opts, double *x,
                 struct cf_error *err);

/* Equal profit method (Frisk et al. 2010): minimise max_i x_i/c({i}) -
 * min_j x_j/c({j}) over the core, one LP. An empty core is CF_ERR_DATA
 * ("the core is empty ..."); every c({i}) must be > 0. n <= CF_EPM_MAX. */
int cf_epm(struct cf_game *game, const struct cf_alloc_opts *opts, double *x, struct cf_error *err);

/* c(N) split in proportion to c({i}) (equal split when all are 0). */
int cf_standalone_split(struct cf_game *game, const struct cf_alloc_opts *opts, double *x,
                        struct cf_error *err);

/* Core check (domain.md): exact over every coalition when n <= CF_CORE_EXACT_MAX,
 * else over singletons, pairs, complements of singletons and opts->core_random
 * random coalitions. blocking is the coalition with the largest violation
 * x(S) - c(S) (0 when stable). */
struct cf_core_check {
    int exact;
    int stable;
    cf_coalition_t blocking;
    double violation;  /* x(S) - c(S) of the blocking coalition, currency units */
    int rounding_only; /* unstable only in cents: the rule's unrounded values are stable
                          (cf_allocate sets it; cf_core_check leaves it 0) */
};
int cf_core_check(struct cf_game *game, const double *x, const struct cf_alloc_opts *opts,
                  struct cf_core_check *out, struct cf_error *err);

/* An unstable verdict that a better pool plan may undo: the blocking
 * coalition's excess is no larger than what the pool plan could still save,
 * its gap times its cost (plan_gap a fraction, plan_cost in currency units).
 * 0 for a stable check. */
int cf_core_within_plan_gap(const struct cf_core_check *core, double plan_gap, double plan_cost);

/* One rule applied, rounded to cents, with its core check. */
struct cf_allocation {
    enum cf_alloc_rule rule;
    size_t n;
    double *value;                 /* the rule's allocation, currency units */
    double *half_width;            /* NULL unless the Shapley value was sampled */
    cf_cents_t *standalone_cents;  /* c({i}) */
    cf_cents_t *allocated_cents;   /* value rounded so they add up to total_consolidated */
    cf_cents_t total_standalone;   /* sum of standalone_cents */
    cf_cents_t total_consolidated; /* c(N) in cents */
    struct cf_core_check core;
    struct cf_shapley_report shapley; /* the Shapley rule's; zero for the others */
};

/* Fill out (caller frees with cf_allocation_free, also on error). */
int cf_allocate(struct cf_game *game, enum cf_alloc_rule rule, const struct cf_alloc_opts *opts,
                struct cf_allocation *out, struct cf_error *err);
void cf_allocation_free(struct cf_allocation *a);

#endif
