/* binpack.h — the packing core of the planner: variable-sized bin packing in
 * two dimensions (volume, weight) where an item may also travel loose at its
 * own price, solved to proven optimality with GLPK where time allows. One call
 * is one departure of one lane: items are shipments, bin types are container
 * types with their price. */
#ifndef CF_BINPACK_H
#define CF_BINPACK_H

#include <stddef.h>

#include "models/error.h"
#include "models/money.h"

struct cf_bp_bin_type {
    double volume;   /* usable volume (already x fill factor) */
    double weight;   /* max payload; use a huge value for "no limit" */
    cf_cents_t cost; /* price of one bin of this type */
};

struct cf_bp_item {
    double volume;
    double weight;
    cf_cents_t loose_cost; /* price to send it loose; < 0: it cannot go loose */
};

struct cf_bp_problem {
    const struct cf_bp_item *items;
    size_t nitems;
    const struct cf_bp_bin_type *types;
    size_t ntypes;
};

struct cf_bp_opts {
    double time_limit_s; /* wall clock for this call; <= 0 means no limit */
    int balance;         /* 1: among least-cost packings, minimise the fullest bin's fill */
    void (*log)(void *ctx, const char *line); /* the -v channel; may be NULL */
    void *log_ctx;
    int heuristic_only;  /* 1: the greedy packings only, no search and no model: the same
                            answer every run whatever the clock (quick plans) */
    int refit;           /* with heuristic_only: the refit too, without the clock */
};

enum cf_bp_status {
    CF_BP_OPTIMAL = 0,    /* cost proven least */
    CF_BP_TIME_LIMIT = 1, /* best packing found when time ran out; lower_bound < cost */
    CF_BP_INFEASIBLE = 2  /* some item fits no bin and cannot go loose */
};

struct cf_bp_solution {
    enum cf_bp_status status;
    cf_cents_t cost;      /* sum of bin costs and loose costs */
    double lower_bound;   /* proven bound on the least cost, in cents */
    size_t nbins;
    size_t *bin_type;     /* nbins entries: index into problem types */
    long *item_bin;       /* nitems entries: bin index, or -1 when loose */
};

/* Solve p. out is filled (caller frees with cf_bp_solution_free, also on error).
 * An infeasible problem is a status, not an error: the return code is for
 * failures (bad input, out of memory, GLPK failure). */
int cf_binpack_solve(const struct cf_bp_problem *p, const struct cf_bp_opts *opts,
                     struct cf_bp_solution *out, struct cf_error *err);

void cf_bp_solution_free(struct cf_bp_solution *s);

#endif
