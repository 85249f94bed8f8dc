/* bp_core.h — internals shared by the bin-packing files of solver/ (not for
 * other modules): the solve context, a packing under construction, capacity
 * checks with the one stated tolerance, and the entry points of each part. */
#ifndef CF_BP_CORE_H
#define CF_BP_CORE_H

#include <math.h>
#include <stddef.h>

#include "models/error.h"
#include "models/money.h"
#include "solver/binpack.h"
#include "solver/clock.h"

/* a load fits a capacity when load <= cap * (1 + CF_FEAS_TOL) */
#define CF_FEAS_TOL 1e-9

struct bp_ctx {
    const struct cf_bp_problem *p;
    unsigned char *fits; /* fits[i * ntypes + t]: item i alone fits type t */
    double start_s;      /* monotonic clock at the start of the call */
    double limit_s;      /* <= 0: no limit */
    void (*log)(void *ctx, const char *line);
    void *log_ctx;
    int nested;          /* 1 inside bp_solve_nested: no further nesting */
};

/* A packing: bins with a type each, items in a bin or loose (-1). */
struct bp_pack {
    size_t nbins, cap;
    size_t *type;
    long *item_bin;
};

/* seconds left of the time limit; INFINITY when unlimited */
double bp_time_left_s(const struct bp_ctx *c);
void bp_logf(const struct bp_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* In the header: the packing loops call them for every item and bin. */
/* the most a capacity holds: cap within CF_FEAS_TOL */
static inline double bp_cap_limit(double cap)
{
    return cap + CF_FEAS_TOL * fabs(cap);
}

static inline int bp_cap_ok(double load, double cap)
{
    return load <= bp_cap_limit(cap);
}

static inline int bp_can_loose(const struct bp_ctx *c, size_t item)
{
    return c->p->items[item].loose_cost >= 0;
}

static inline int bp_fits_any(const struct bp_ctx *c, size_t item)
{
    for (size_t t = 0; t < c->p->ntypes; t++)
        if (c->fits[item * c->p->ntypes + t])
            return 1;
    return 0;
}
/* true when cost is proven least by the bound lb */
int bp_proven(cf_cents_t cost, double lb);

int bp_pack_init(struct bp_pack *k, size_t nitems); /* all loose, no bins; -1 on OOM */
void bp_pack_free(struct bp_pack *k);
int bp_pack_copy(struct bp_pack *dst, const struct bp_pack *src, size_t nitems);
long bp_pack_open(struct bp_pack *k, size_t type); /* new bin index, -1 on OOM */
cf_cents_t bp_pack_cost(const struct bp_ctx *c, const struct bp_pack *k);
/* 0 when every bin holds its items within capacity and loose items may go loose */
int bp_pack_check(const struct bp_ctx *c, const struct bp_pack *k);
/* Never raises the cost: drops empty bins, gives each bin the cheapest type
 * that holds it, sends a bin's items loose when that is cheaper. -1 on OOM. */
int bp_pack_tidy(const struct bp_ctx *c, struct bp_pack *k);
/* bp_pack_tidy's work arrays, nbins + 1 each, from a caller that tidies
 * many packings (the greedy passes: allocating them for every pass was an
 * eighth of the passes' instructions in quick plans) */
struct bp_tidy_scratch {
    double *vol, *wt;
    cf_cents_t *loose;
    long *renum;
};
/* bp_pack_tidy in s's arrays; returns 0 */
int bp_pack_tidy_with(const struct bp_ctx *c, struct bp_pack *k, const struct bp_tidy_scratch *s);
/* per-bin loads (arrays of k->nbins) */
void bp_pack_loads(const struct bp_ctx *c, const struct bp_pack *k, double *vol, double *wt);

/* cf_binpack_solve without balancing or log on a part of a problem, for a
 * caller that is itself solving (c->nested set inside) */
int bp_solve_nested(const struct cf_bp_problem *p, double limit_s, struct cf_bp_solution *out,
                    struct cf_error *err);

/* the parts */
int bp_heuristic(const struct bp_ctx *c, struct bp_pack *best);          /* bp_heuristic.c */
double bp_lower_bound(const struct bp_ctx *c);                            /* bp_bounds.c */
int bp_balance(const struct bp_ctx *c, struct bp_pack *k);                /* bp_balance.c */
/* fewer bins for one bin type and nothing loose, within budget_s; -1 on OOM */
int bp_improve(const struct bp_ctx *c, struct bp_pack *k, double lb, double budget_s); /* bp_improve.c */
/* several bin types: the cheapest sets of bins that could hold the packed
 * items, each tried by moves and swaps that lower the overflow, while the
 * call's time lasts when clocked; -1 on OOM */
int bp_refit(const struct bp_ctx *c, struct bp_pack *k, double lb, int clocked); /* bp_improve.c */

/* Exact phases: improve *inc (a valid packing) and raise *lb. Return 0, or an
 * enum cf_status with err filled. *applicable is 0 when the model does not
 * suit the problem (nothing is done). */
int bp_arcflow_solve(const struct bp_ctx *c, struct bp_pack *inc, double *lb, int *applicable,
                     struct cf_error *err);                               /* bp_arcflow.c */
int bp_assign_solve(const struct bp_ctx *c, struct bp_pack *inc, double *lb, int *applicable,
                    struct cf_error *err);                                /* bp_assign.c */

#endif
