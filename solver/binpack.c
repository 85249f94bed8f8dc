/* binpack.c — cf_binpack_solve (binpack.h): checks the problem, finds an
 * incumbent by greedy packing and a short bin elimination, proves what it can with
 * cheap bounds (continuous, Martello-Toth L2), then
 * runs an exact GLPK model (arc-flow when one dimension is integral and the
 * other never binds, else an assignment model for small departures) within
 * the time limit, and finally balances loads at unchanged cost. */
#include "solver/binpack.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solver/bp_core.h"

static const char *const SRC = "binpack";

#define BP_IMPROVE_FIRST_S 0.1   /* bin elimination before the exact model */
#define BP_IMPROVE_NESTED_S 0.01 /* the same for a residual: its dive does better */

static int check_problem(const struct cf_bp_problem *p, struct cf_error *err)
{
    if (p->nitems > 0 && !p->items)
        return cf_error_set(err, CF_ERR_INTERNAL, SRC, 0, "items", "NULL with %zu items", p->nitems);
    if (p->ntypes > 0 && !p->types)
        return cf_error_set(err, CF_ERR_INTERNAL, SRC, 0, "types", "NULL with %zu types", p->ntypes);
    for (size_t t = 0; t < p->ntypes; t++) {
        const struct cf_bp_bin_type *b = &p->types[t];
        if (!(b->volume > 0) || !(b->weight > 0) || isinf(b->volume) || isnan(b->weight))
            return cf_error_set(err, CF_ERR_INTERNAL, SRC, 0, "types",
                                "type %zu: capacity must be positive and finite", t);
        if (b->cost < 0)
            return cf_error_set(err, CF_ERR_INTERNAL, SRC, 0, "types", "type %zu: negative cost", t);
    }
    for (size_t i = 0; i < p->nitems; i++) {
        const struct cf_bp_item *it = &p->items[i];
        if (!(it->volume >= 0) || !(it->weight >= 0) || isinf(it->volume) || isinf(it->weight))
            return cf_error_set(err, CF_ERR_INTERNAL, SRC, 0, "items",
                                "item %zu: size must be non-negative and finite", i);
    }
    return CF_OK;
}

/* copy k into the caller's solution record */
static int fill_solution(const struct bp_ctx *c, const struct bp_pack *k, struct cf_bp_solution *out)
{
    out->nbins = k->nbins;
    out->bin_type = malloc((k->nbins + 1) * sizeof *out->bin_type);
    if (!out->bin_type)
        return -1;
    for (size_t b = 0; b < k->nbins; b++)
        out->bin_type[b] = k->type[b];
    for (size_t i = 0; i < c->p->nitems; i++)
        out->item_bin[i] = k->item_bin[i];
    out->cost = bp_pack_cost(c, k);
    return 0;
}

static int solve(const struct cf_bp_problem *p, const struct cf_bp_opts *opts, int nested,
                 struct cf_bp_solution *out, struct cf_error *err)
{
    int rc = CF_OK;
    struct bp_pack inc = {0};
    struct bp_ctx c = {0};
    if (!out)
        return cf_error_set(err, CF_ERR_INTERNAL, SRC, 0, NULL, "no solution record");
    memset(out, 0, sizeof *out);
    if (!p)
        return cf_error_set(err, CF_ERR_INTERNAL, SRC, 0, NULL, "no problem");
    rc = check_problem(p, err);
    if (rc != CF_OK)
        return rc;
    c.p = p;
    c.nested = nested;
    c.start_s = cf_now_s();
    if (opts) {
        c.limit_s = opts->time_limit_s;
        c.log = opts->log;
        c.log_ctx = opts->log_ctx;
    }
    out->item_bin = malloc((p->nitems + 1) * sizeof *out->item_bin);
    c.fits = malloc(p->nitems * p->ntypes + 1);
    if (!out->item_bin || !c.fits || bp_pack_init(&inc, p->nitems) != 0)
        goto oom;
    for (size_t i = 0; i < p->nitems; i++) {
        out->item_bin[i] = -1;
        for (size_t t = 0; t < p->ntypes; t++)
            c.fits[i * p->ntypes + t] = (unsigned char)(bp_cap_ok(p->items[i].volume, p->types[t].volume) &&
                                                        bp_cap_ok(p->items[i].weight, p->types[t].weight));
        if (!bp_fits_any(&c, i) && !bp_can_loose(&c, i)) {
            bp_logf(&c, "binpack: item %zu fits no bin and cannot go loose", i);
            out->status = CF_BP_INFEASIBLE;
            goto done;
        }
    }

    if (bp_heuristic(&c, &inc) != 0)
        goto oom;
    double lb = bp_lower_bound(&c);
    int heuristic_only = opts != NULL && opts->heuristic_only;
    /* a short search first: when it stalls above the cheap bound, the
     * arc-flow LP bound (a few ms) may already prove the incumbent (u250_13)
     * and bp_arcflow_solve resumes the search against it */
    if (!heuristic_only && bp_improve(&c, &inc, lb, nested ? BP_IMPROVE_NESTED_S : BP_IMPROVE_FIRST_S) != 0)
        goto oom;
    int refit = !heuristic_only || (opts != NULL && opts->refit);
    if (refit && !bp_proven(bp_pack_cost(&c, &inc), lb) && bp_refit(&c, &inc, lb, !heuristic_only) != 0)
        goto oom;
    cf_cents_t cost = bp_pack_cost(&c, &inc);
    bp_logf(&c, "binpack: %zu items, %zu types: greedy cost %lld, bound %.2f", p->nitems, p->ntypes,
            (long long)cost, lb);

    if (!heuristic_only && !bp_proven(cost, lb) && bp_time_left_s(&c) > 0) {
        int applicable = 0;
        rc = bp_arcflow_solve(&c, &inc, &lb, &applicable, err);
        if (rc == CF_OK && !applicable)
            rc = bp_assign_solve(&c, &inc, &lb, &applicable, err);
        if (rc != CF_OK)
            goto done;
        cost = bp_pack_cost(&c, &inc);
    }
    if (bp_pack_check(&c, &inc) != 0) {
        rc = cf_error_set(err, CF_ERR_INTERNAL, SRC, 0, NULL, "packing over capacity (solver bug)");
        goto done;
    }
    if (opts && opts->balance && !heuristic_only && bp_balance(&c, &inc) != 0)
        goto oom;
    if (fill_solution(&c, &inc, out) != 0)
        goto oom;
    if (bp_proven(out->cost, lb)) {
        out->status = CF_BP_OPTIMAL;
        out->lower_bound = (double)out->cost;
    } else {
        out->status = CF_BP_TIME_LIMIT;
        out->lower_bound = fmax(0, ceil(lb - 1e-6));
    }
    bp_logf(&c, "binpack: cost %lld, bound %.2f, %s, %.3f s", (long long)out->cost, out->lower_bound,
            out->status == CF_BP_OPTIMAL ? "optimal" : "time limit", cf_clock_peek() - c.start_s);
    goto done;
oom:
    rc = cf_error_set(err, CF_ERR_INTERNAL, SRC, 0, NULL, "out of memory");
done:
    bp_pack_free(&inc);
    free(c.fits);
    return rc;
}

int cf_binpack_solve(const struct cf_bp_problem *p, const struct cf_bp_opts *opts,
                     struct cf_bp_solution *out, struct cf_error *err)
{
    cf_clock_enter();
    int rc = solve(p, opts, 0, out, err);
    cf_clock_leave();
    return rc;
}

int bp_solve_nested(const struct cf_bp_problem *p, double limit_s, struct cf_bp_solution *out,
                    struct cf_error *err)
{
    struct cf_bp_opts opts = {.time_limit_s = limit_s};
    return solve(p, &opts, 1, out, err);
}

void cf_bp_solution_free(struct cf_bp_solution *s)
{
    if (!s)
        return;
    free(s->bin_type);
    free(s->item_bin);
    s->bin_type = NULL;
    s->item_bin = NULL;
    s->nbins = 0;
}
