/* bp_heuristic.c — first-fit and best-fit decreasing for the variable-sized,
 * two-dimensional packing with loose items: several item orders (by volume,
 * by weight, by the binding share, by the sum) and several rules for the type
 * of a new bin, each result tidied; the cheapest packing is the incumbent. */
#include "solver/bp_core.h"
#include "solver/keysort.h"

#include <math.h>
#include <stdlib.h>

/* cheapest type that holds item i alone; ties to the larger volume */
static size_t cheapest_type(const struct bp_ctx *c, size_t i)
{
    const struct cf_bp_problem *p = c->p;
    size_t best = p->ntypes;
    for (size_t t = 0; t < p->ntypes; t++) {
        if (!c->fits[i * p->ntypes + t])
            continue;
        if (best == p->ntypes || p->types[t].cost < p->types[best].cost ||
            (p->types[t].cost == p->types[best].cost && p->types[t].volume > p->types[best].volume))
            best = t;
    }
    return best;
}

/* the least a bin could charge item i: its share of the cheapest bin per unit */
static double packed_share(const struct bp_ctx *c, size_t i)
{
    const struct cf_bp_problem *p = c->p;
    double best = INFINITY;
    for (size_t t = 0; t < p->ntypes; t++) {
        if (!c->fits[i * p->ntypes + t])
            continue;
        double fv = p->types[t].volume > 0 ? p->items[i].volume / p->types[t].volume : 0;
        double fw = p->types[t].weight > 0 ? p->items[i].weight / p->types[t].weight : 0;
        double s = (double)p->types[t].cost * fmax(fv, fw);
        if (s < best)
            best = s;
    }
    return best;
}

/* Per item, what every pass asks: its cheapest type alone and its least share. */
struct item_facts {
    size_t cheapest;
    double share;
};

/* One greedy pass. open_type == ntypes: new bins take the cheapest type that
 * holds the item; else open_type when it holds the item. vol/wt: nitems slots.
 * cap_v/cap_w: per type the most a bin holds (bp_cap_ok's limit, worked out
 * once: the fit test is most of a pass). */
static int greedy(const struct bp_ctx *c, const struct cf_keyed *order, const struct item_facts *facts,
                  size_t open_type, int best_fit, int preloose, struct bp_pack *k, double *vol, double *wt,
                  const double *cap_v, const double *cap_w, const struct bp_tidy_scratch *ts)
{
    const struct cf_bp_problem *p = c->p;
    k->nbins = 0;
    for (size_t r = 0; r < p->nitems; r++) {
        size_t i = order[r].tie;
        const struct cf_bp_item *it = &p->items[i];
        k->item_bin[i] = -1;
        if (!bp_fits_any(c, i))
            continue;
        if (preloose && bp_can_loose(c, i) && (double)it->loose_cost < facts[i].share)
            continue;
        long chosen = -1;
        double chosen_slack = INFINITY;
        for (size_t b = 0; b < k->nbins; b++) {
            size_t ty = k->type[b];
            if (!(vol[b] + it->volume <= cap_v[ty]) || !(wt[b] + it->weight <= cap_w[ty]))
                continue;
            const struct cf_bp_bin_type *t = &p->types[ty];
            if (!best_fit) {
                chosen = (long)b;
                break;
            }
            double sv = (t->volume - vol[b] - it->volume) / t->volume;
            double sw = (t->weight - wt[b] - it->weight) / t->weight;
            double slack = fmin(sv, sw);
            if (slack < chosen_slack) {
                chosen_slack = slack;
                chosen = (long)b;
            }
        }
        if (chosen < 0) {
            size_t t = open_type < p->ntypes && c->fits[i * p->ntypes + open_type]
                           ? open_type
                           : facts[i].cheapest;
            chosen = bp_pack_open(k, t);
            if (chosen < 0)
                return -1;
            vol[chosen] = wt[chosen] = 0;
        }
        k->item_bin[i] = chosen;
        vol[chosen] += it->volume;
        wt[chosen] += it->weight;
    }
    return bp_pack_tidy_with(c, k, ts);
}

int bp_heuristic(const struct bp_ctx *c, struct bp_pack *best)
{
    const struct cf_bp_problem *p = c->p;
    size_t n = p->nitems;
    int rc = -1;
    struct bp_pack cur = {0};
    struct cf_keyed *order = malloc(2 * (n + 1) * sizeof *order); /* and cf_keyed_sort's scratch */
    double *vol = malloc((n + 1) * sizeof *vol);
    double *wt = malloc((n + 1) * sizeof *wt);
    struct item_facts *facts = malloc((n + 1) * sizeof *facts);
    size_t *orders = malloc((4 * n + 1) * sizeof *orders); /* each key's order, to skip repeats */
    unsigned char *own_rule = malloc(p->ntypes + 1); /* per open_type: packs unlike the cheapest rule */
    double *cap_v = malloc(2 * (p->ntypes + 1) * sizeof *cap_v), *cap_w = cap_v ? cap_v + p->ntypes + 1 : NULL;
    /* the tidy's arrays, once for all passes (a bin holds an item: n bins at most) */
    struct bp_tidy_scratch ts = {malloc((n + 1) * sizeof *ts.vol), malloc((n + 1) * sizeof *ts.wt),
                                 malloc((n + 1) * sizeof *ts.loose), malloc((n + 1) * sizeof *ts.renum)};
    cf_cents_t best_cost = -1;
    if (!order || !vol || !wt || !facts || !orders || !own_rule || !cap_v || !ts.vol || !ts.wt || !ts.loose ||
        !ts.renum || bp_pack_init(&cur, n) != 0)
        goto done;
    for (size_t t = 0; t < p->ntypes; t++) { /* bp_cap_ok(load, cap): load <= these */
        cap_v[t] = bp_cap_limit(p->types[t].volume);
        cap_w[t] = bp_cap_limit(p->types[t].weight);
    }
    for (size_t i = 0; i < n; i++)
        facts[i] = (struct item_facts){cheapest_type(c, i), packed_share(c, i)};
    /* Passes that cannot differ are run once, the first of them as before
       (on a tie in cost the first packing stays, so the answer is the same):
       sending cheap items loose first changes nothing when no item is cheaper
       loose than its least share, and opening type t changes nothing when
       every item that fits t has t as its cheapest type (own_rule[t] == 0:
       the same passes as the cheapest rule, open == ntypes). */
    int any_preloose = 0;
    for (size_t i = 0; i < n && !any_preloose; i++)
        any_preloose = bp_fits_any(c, i) && bp_can_loose(c, i) &&
                       (double)p->items[i].loose_cost < facts[i].share;
    size_t cheapest_rule = p->ntypes; /* the first open_type that packs as the cheapest rule */
    for (size_t t = p->ntypes; t-- > 0;) {
        own_rule[t] = 0;
        for (size_t i = 0; i < n && !own_rule[t]; i++)
            own_rule[t] = bp_fits_any(c, i) && c->fits[i * p->ntypes + t] && facts[i].cheapest != t;
        if (!own_rule[t])
            cheapest_rule = t;
    }
    own_rule[p->ntypes] = 0;
    double vref = 0, wref = 0;
    for (size_t t = 0; t < p->ntypes; t++) {
        vref = fmax(vref, p->types[t].volume);
        wref = fmax(wref, p->types[t].weight);
    }
    for (int key = 0; key < 4; key++) {
        for (size_t i = 0; i < n; i++) {
            double fv = vref > 0 ? p->items[i].volume / vref : 0;
            double fw = wref > 0 ? p->items[i].weight / wref : 0;
            double k = key == 0 ? fmax(fv, fw) : key == 1 ? fv : key == 2 ? fw : fv + fw;
            order[i] = (struct cf_keyed){k, i, i};
        }
        cf_keyed_sort(order, n, order + n + 1);
        /* an order an earlier key already gave (volume-bound cargo sorts
           alike by volume, by the binding share and by the sum) packs the
           same: its passes are skipped */
        int seen = 0;
        for (int e = 0; e < key && !seen; e++) {
            seen = 1;
            for (size_t i = 0; i < n && seen; i++)
                seen = orders[(size_t)e * n + i] == order[i].tie;
        }
        for (size_t i = 0; i < n; i++)
            orders[(size_t)key * n + i] = order[i].tie;
        if (seen)
            continue;
        for (size_t open = 0; open <= p->ntypes; open++)
            for (int bf = 0; bf < 2; bf++)
                for (int pl = 0; pl <= any_preloose; pl++) {
                    if (!own_rule[open] && open != cheapest_rule)
                        continue; /* packs as the cheapest rule, already run */
                    if (greedy(c, order, facts, open, bf, pl, &cur, vol, wt, cap_v, cap_w, &ts) != 0)
                        goto done;
                    cf_cents_t cost = bp_pack_cost(c, &cur);
                    if (best_cost < 0 || cost < best_cost) {
                        if (bp_pack_copy(best, &cur, n) != 0)
                            goto done;
                        best_cost = cost;
                    }
                }
    }
    rc = 0;
done:
    bp_pack_free(&cur);
    free(order);
    free(vol);
    free(wt);
    free(facts);
    free(orders);
    free(own_rule);
    free(cap_v);
    free(ts.vol);
    free(ts.wt);
    free(ts.loose);
    free(ts.renum);
    return rc;
}
