/* bp_bounds.c — cheap proven lower bounds on the least cost: the continuous
 * bound per dimension (each item pays at least its share of the cheapest bin
 * per unit of capacity it fits, or its loose price), and Martello & Toth's
 * L2 (1990, "Lower bounds and reduction procedures for the bin packing
 * problem") for one bin type without loose items. */
#include "solver/bp_core.h"

#include <math.h>
#include <stdlib.h>

static double item_size(const struct cf_bp_item *it, int dim)
{
    return dim == 0 ? it->volume : it->weight;
}

static double type_cap(const struct cf_bp_bin_type *t, int dim)
{
    return dim == 0 ? t->volume : t->weight;
}

/* sum over items of min(loose price, size x cheapest cost per unit among
 * the types the item fits): a bin of type t costs c_t >= c_t/cap_t x load */
static double continuous_bound(const struct bp_ctx *c, int dim)
{
    const struct cf_bp_problem *p = c->p;
    double sum = 0;
    for (size_t i = 0; i < p->nitems; i++) {
        double share = INFINITY;
        for (size_t t = 0; t < p->ntypes; t++)
            if (c->fits[i * p->ntypes + t])
                share = fmin(share, item_size(&p->items[i], dim) * (double)p->types[t].cost /
                                        type_cap(&p->types[t], dim));
        if (bp_can_loose(c, i))
            share = fmin(share, (double)p->items[i].loose_cost);
        sum += share;
    }
    return sum;
}

/* L2 in bins for sizes s[] and capacity cap. Class boundaries lean to the
 * weaker side by a small tolerance so rounding never overstates the bound. */
static double l2_bound(const double *s, size_t n, double cap)
{
    double tol = CF_FEAS_TOL * cap, total = 0;
    for (size_t i = 0; i < n; i++)
        total += s[i];
    double best = ceil(total / cap - 1e-9);
    for (size_t a = 0; a <= n; a++) {
        double alpha = a == n ? 0 : s[a];
        if (alpha > cap / 2)
            continue;
        double n12 = 0, sum2 = 0, n2 = 0, sum3 = 0;
        for (size_t i = 0; i < n; i++) {
            if (s[i] + alpha > cap + tol) {
                n12 += 1;
            } else if (s[i] > cap / 2 + tol) {
                n12 += 1;
                n2 += 1;
                sum2 += s[i];
            } else if (s[i] >= alpha) {
                sum3 += s[i];
            }
        }
        double extra = ceil((sum3 - (n2 * cap - sum2)) / cap - 1e-9);
        double l = n12 + (extra > 0 ? extra : 0);
        if (l > best)
            best = l;
    }
    return best;
}

double bp_lower_bound(const struct bp_ctx *c)
{
    const struct cf_bp_problem *p = c->p;
    double lb = 0;
    for (int dim = 0; dim < 2; dim++)
        lb = fmax(lb, continuous_bound(c, dim));
    int any_loose = 0;
    for (size_t i = 0; i < p->nitems; i++)
        any_loose |= bp_can_loose(c, i);
    if (p->ntypes != 1 || any_loose || p->nitems == 0)
        return lb;
    double *s = malloc(p->nitems * sizeof *s);
    if (!s)
        return lb; /* a weaker bound is still a bound */
    for (int dim = 0; dim < 2; dim++) {
        for (size_t i = 0; i < p->nitems; i++)
            s[i] = item_size(&p->items[i], dim);
        lb = fmax(lb, l2_bound(s, p->nitems, type_cap(&p->types[0], dim)) * (double)p->types[0].cost);
    }
    free(s);
    return lb;
}
