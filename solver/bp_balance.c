/* bp_balance.c — balanced loads at unchanged cost (domain.md, "Consolidation
 * plan"): moves and swaps of items between bins, bin types and loose items
 * kept, while the fullest bin's max(volume fill, weight fill) goes down.
 * A local search: cheap, not a proof that the balance is best. */
#include "solver/bp_core.h"

#include <math.h>
#include <stdlib.h>

struct bal {
    const struct bp_ctx *c;
    struct bp_pack *k;
    double *vol, *wt;
};

static double fill(const struct bal *s, size_t b, double dv, double dw)
{
    const struct cf_bp_bin_type *t = &s->c->p->types[s->k->type[b]];
    return fmax((s->vol[b] + dv) / t->volume, (s->wt[b] + dw) / t->weight);
}

static int holds(const struct bal *s, size_t b, double dv, double dw)
{
    const struct cf_bp_bin_type *t = &s->c->p->types[s->k->type[b]];
    return bp_cap_ok(s->vol[b] + dv, t->volume) && bp_cap_ok(s->wt[b] + dw, t->weight);
}

static void move(struct bal *s, size_t i, size_t to)
{
    const struct cf_bp_item *it = &s->c->p->items[i];
    size_t from = (size_t)s->k->item_bin[i];
    s->vol[from] -= it->volume;
    s->wt[from] -= it->weight;
    s->vol[to] += it->volume;
    s->wt[to] += it->weight;
    s->k->item_bin[i] = (long)to;
}

/* one move or swap that takes bin f below top and keeps the other bin below
 * top; 1 when made */
static int improve(struct bal *s, size_t f, double top)
{
    const struct cf_bp_problem *p = s->c->p;
    const double eps = 1e-12;
    for (size_t i = 0; i < p->nitems; i++) {
        if (s->k->item_bin[i] != (long)f)
            continue;
        double vi = p->items[i].volume, wi = p->items[i].weight;
        for (size_t b = 0; b < s->k->nbins; b++) {
            if (b == f)
                continue;
            if (holds(s, b, vi, wi) && fill(s, b, vi, wi) < top - eps) {
                move(s, i, b);
                return 1;
            }
        }
    }
    for (size_t i = 0; i < p->nitems; i++) {
        if (s->k->item_bin[i] != (long)f)
            continue;
        double vi = p->items[i].volume, wi = p->items[i].weight;
        for (size_t j = 0; j < p->nitems; j++) {
            long b = s->k->item_bin[j];
            if (b < 0 || (size_t)b == f)
                continue;
            double dv = vi - p->items[j].volume, dw = wi - p->items[j].weight;
            if (holds(s, (size_t)b, dv, dw) && holds(s, f, -dv, -dw) &&
                fill(s, (size_t)b, dv, dw) < top - eps && fill(s, f, -dv, -dw) < top - eps) {
                move(s, i, (size_t)b);
                move(s, j, f);
                return 1;
            }
        }
    }
    return 0;
}

int bp_balance(const struct bp_ctx *c, struct bp_pack *k)
{
    int rc = -1;
    struct bal s = {c, k, NULL, NULL};
    s.vol = malloc((k->nbins + 1) * sizeof *s.vol);
    s.wt = malloc((k->nbins + 1) * sizeof *s.wt);
    if (!s.vol || !s.wt)
        goto done;
    bp_pack_loads(c, k, s.vol, s.wt);
    /* every step lowers the fill of one bin at the top; the cap on steps only
     * guards the time spent */
    size_t steps = 0, max_steps = 50 * (c->p->nitems + 1);
    while (steps++ < max_steps && bp_time_left_s(c) > 0) {
        double top = -1;
        size_t f = 0;
        for (size_t b = 0; b < k->nbins; b++)
            if (fill(&s, b, 0, 0) > top) {
                top = fill(&s, b, 0, 0);
                f = b;
            }
        if (top < 0 || !improve(&s, f, top))
            break;
    }
    rc = 0;
done:
    free(s.vol);
    free(s.wt);
    return rc;
}
