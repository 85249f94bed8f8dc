/* plan_rebalance.c — pl_choice_rebalance (plan_internal.h): shipments moved
 * one at a time between the departures their windows allow, or from loose
 * into a departure, each move kept when the two departures' packings
 * (binpack.c's greedy packings; a loose shipment's charge) cost less
 * together than before; a move first-fit decreasing prices dearer is not
 * tried. The phases before it choose departures by aggregate capacity or by
 * first fit into each (class, departure); this prices a departure by what
 * its boxes cost once packed, which is what the big sea lanes' plans were
 * left with: their schedule phases kept the dispatch start. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "models/grow.h"
#include "solver/binpack.h"
#include "solver/clock.h"
#include "solver/keysort.h"
#include "solver/plan_internal.h"

/* the items one departure packs together: those whose chosen option leaves
   that day by the same mode, with the same classes open to them there */
struct rb_group {
    cf_date_t day;
    enum cf_mode mode;
    uint64_t mask;
    struct pl_ids items;
    cf_cents_t cost, ffd; /* binpack.c's greedy packings; first-fit decreasing */
};

struct rb {
    const struct pl_lane *lane;
    const struct pl_choice *c;
    struct rb_group *groups;
    size_t ngroups, cap;
    long *group_of; /* per item: its group, -1 none */
    /* scratch for one group's packing, nitems + 1 each (keyed twice that:
       cf_keyed_sort's own scratch follows) */
    struct cf_bp_item *scratch;
    struct cf_keyed *keyed;
    size_t *order, *box;
    double *lv, *lw;
    cf_cents_t *lc;
};

/* the classes item i may ride on day by mode (tiers as in c), as pack_all */
static uint64_t class_mask(const struct rb *r, size_t i, cf_date_t day, enum cf_mode mode)
{
    return pl_item_day_classes(r->lane, &r->lane->items[i], day, mode, r->c->tier_on);
}

/* Group g's box types (tiers as in r->c) into types[64], each one's limit
 * (load <= cap x (1 + PL_FEAS_TOL)) into cap_v and cap_w; returns how many. */
static size_t group_types(const struct rb *r, const struct rb_group *g, struct cf_bp_bin_type *types, double *cap_v,
                          double *cap_w)
{
    size_t ntypes = 0;
    for (size_t k = 0; k < r->lane->nclasses && k < 64; k++) {
        if (!(g->mask & ((uint64_t)1 << k)))
            continue;
        const struct pl_class *kl = &r->lane->classes[k];
        types[ntypes] = (struct cf_bp_bin_type){kl->cap_volume_m3, kl->cap_weight_kg,
                                                pl_class_price(kl, r->c->tier_on[k])->cost};
        cap_v[ntypes] = kl->cap_volume_m3 * (1 + PL_FEAS_TOL);
        cap_w[ntypes] = kl->cap_weight_kg * (1 + PL_FEAS_TOL);
        ntypes++;
    }
    return ntypes;
}

/* Group g's items, `drop` left out and `add` put in (SIZE_MAX: none), into
 * r->scratch in the group's order; returns how many. */
static size_t group_items(struct rb *r, const struct rb_group *g, size_t drop, size_t add)
{
    size_t n = 0;
    for (size_t q = 0; q <= g->items.n; q++) {
        size_t i = q < g->items.n ? g->items.v[q] : add;
        if (i == SIZE_MAX || i == drop)
            continue;
        const struct pl_item *it = &r->lane->items[i];
        r->scratch[n++] = (struct cf_bp_item){it->volume_m3, it->weight_kg, it->loose_cost};
    }
    return n;
}

/* First-fit decreasing of n items (by their larger share of the biggest
 * box), new boxes of type `open` when it holds the item, else the cheapest
 * that does (open == ntypes: always that); then each box at the cheapest type
 * that holds its load, or loose when its items may go loose for less. The
 * cost in cents (CF_CENTS_HUGE for an item nothing carries). order: the items
 * sorted; lv, lw, lc: n slots; box: n slots of types. */
static cf_cents_t ffd_cost(const struct cf_bp_item *items, const size_t *order, size_t n,
                           const struct cf_bp_bin_type *types, const double *cap_v, const double *cap_w,
                           size_t ntypes, size_t open, double *lv, double *lw, cf_cents_t *lc, size_t *box,
                           size_t *nbox_out)
{
    size_t nbox = 0;
    cf_cents_t cost = 0;
    for (size_t q = 0; q < n; q++) {
        const struct cf_bp_item *it = &items[order[q]];
        size_t b = 0;
        while (b < nbox && !(lv[b] + it->volume <= cap_v[box[b]] && lw[b] + it->weight <= cap_w[box[b]]))
            b++;
        if (b == nbox) {
            size_t t = ntypes;
            if (open < ntypes && it->volume <= cap_v[open] && it->weight <= cap_w[open])
                t = open;
            for (size_t u = 0; t == ntypes && u < ntypes; u++)
                if (it->volume <= cap_v[u] && it->weight <= cap_w[u] &&
                    (t == ntypes || types[u].cost < types[t].cost))
                    t = u;
            if (t == ntypes) { /* no box holds it */
                if (it->loose_cost < 0) {
                    *nbox_out = nbox;
                    return CF_CENTS_HUGE; /* once: summed, several would overflow */
                }
                cost += it->loose_cost;
                continue;
            }
            box[nbox] = t;
            lv[nbox] = lw[nbox] = 0;
            lc[nbox] = 0;
            nbox++;
        }
        lv[b] += it->volume;
        lw[b] += it->weight;
        lc[b] = lc[b] >= 0 && it->loose_cost >= 0 ? lc[b] + it->loose_cost : -1;
    }
    for (size_t b = 0; b < nbox; b++) {
        cf_cents_t price = types[box[b]].cost;
        for (size_t t = 0; t < ntypes; t++)
            if (types[t].cost < price && lv[b] <= cap_v[t] && lw[b] <= cap_w[t])
                price = types[t].cost;
        cost += lc[b] >= 0 && lc[b] < price ? lc[b] : price;
    }
    *nbox_out = nbox;
    return cost;
}

/* What first-fit decreasing makes of group g's items, with item `drop` left
   out (SIZE_MAX: none) and item `add` put in (SIZE_MAX: none): the cheapest
   of its opening rules, in cents. A move is judged by this, far cheaper than
   binpack.c's greedy packings; what is kept is judged by the packed
   estimate after. */
static cf_cents_t group_cost_ffd(struct rb *r, const struct rb_group *g, size_t drop, size_t add)
{
    struct cf_bp_bin_type types[64];
    double cap_v[64], cap_w[64], vref = 0, wref = 0;
    size_t ntypes = group_types(r, g, types, cap_v, cap_w);
    for (size_t t = 0; t < ntypes; t++) {
        vref = fmax(vref, types[t].volume);
        wref = fmax(wref, types[t].weight);
    }
    size_t n = group_items(r, g, drop, add);
    if (n == 0)
        return 0;
    for (size_t q = 0; q < n; q++)
        r->keyed[q] = (struct cf_keyed){fmax(r->scratch[q].volume / vref, r->scratch[q].weight / wref), q, q};
    cf_keyed_sort(r->keyed, n, r->keyed + r->lane->nitems + 1);
    for (size_t q = 0; q < n; q++)
        r->order[q] = r->keyed[q].tie;
    cf_cents_t best = -1;
    size_t boxes = 0;
    for (size_t open = 0; open <= ntypes; open++) {
        size_t nbox = 0;
        cf_cents_t cost = ffd_cost(r->scratch, r->order, n, types, cap_v, cap_w, ntypes, open, r->lv, r->lw, r->lc,
                                   r->box, &nbox);
        if (best < 0 || cost < best)
            best = cost;
        boxes += nbox;
    }
    cf_clock_count(1.5 * (double)n * (double)(boxes + ntypes + 1) + 3.0 * (double)n * log2((double)n + 1.0));
    return best;
}

/* What binpack.c's greedy packings make of group g's items, with item
   `drop` left out and item `add` put in (SIZE_MAX: none); cents, -1 on OOM. */
static cf_cents_t group_cost(struct rb *r, const struct rb_group *g, size_t drop, size_t add)
{
    struct cf_bp_bin_type types[64];
    double cap_v[64], cap_w[64];
    size_t ntypes = group_types(r, g, types, cap_v, cap_w);
    size_t n = group_items(r, g, drop, add);
    if (n == 0)
        return 0;
    struct cf_bp_problem p = {r->scratch, n, types, ntypes};
    struct cf_bp_opts opts = {0.0, 0, NULL, NULL, 1, 0};
    struct cf_bp_solution sol;
    memset(&sol, 0, sizeof sol);
    struct cf_error err;
    cf_error_clear(&err);
    cf_cents_t cost = -1;
    if (cf_binpack_solve(&p, &opts, &sol, &err) == CF_OK)
        cost = sol.status == CF_BP_INFEASIBLE ? CF_CENTS_HUGE : sol.cost;
    cf_clock_count(24.0 * (double)(ntypes + 1) * (double)n * ((double)sol.nbins + 1.0));
    cf_bp_solution_free(&sol);
    return cost;
}

/* the group of (day, mode, mask), made when there is none; -1 on OOM */
static long group_find(struct rb *r, cf_date_t day, enum cf_mode mode, uint64_t mask)
{
    for (size_t g = 0; g < r->ngroups; g++)
        if (r->groups[g].day == day && r->groups[g].mode == mode && r->groups[g].mask == mask)
            return (long)g;
    struct rb_group *ng = cf_grow(r->groups, &r->cap, r->ngroups, 64, sizeof *ng);
    if (ng == NULL)
        return -1;
    r->groups = ng;
    r->groups[r->ngroups] = (struct rb_group){day, mode, mask, {NULL, 0, 0}, 0, 0};
    return (long)r->ngroups++;
}

static void group_remove(struct rb_group *g, size_t item)
{
    size_t q = 0;
    while (q < g->items.n && g->items.v[q] != item)
        q++;
    if (q < g->items.n) /* keep the order: the packings' ties follow it */
        memmove(&g->items.v[q], &g->items.v[q + 1], (g->items.n - q - 1) * sizeof *g->items.v);
    g->items.n -= q < g->items.n;
}

/* Item j's option that rides group g (its day and mode, a class of its mask
 * that j's own mask there equals), -1 when none. */
static long option_into(const struct rb *r, size_t j, const struct rb_group *g)
{
    const struct pl_item *it = &r->lane->items[j];
    for (size_t o = 0; o < it->noptions; o++)
        if (it->options[o].day == g->day && r->lane->classes[it->options[o].cls].mode == g->mode &&
            (g->mask & ((uint64_t)1 << it->options[o].cls)))
            return class_mask(r, j, g->day, g->mode) == g->mask ? (long)o : -1;
    return -1;
}

/* One pass of swaps: item i of group a for item j of group b, each riding
 * the other's departure, kept when the two greedy packings cost less (the
 * screen as for moves). Returns how many shipments moved (two a swap), -1
 * on OOM. */
static int swap_pass(struct rb *r, struct pl_choice *c, double deadline)
{
    const struct pl_lane *lane = r->lane;
    int kept = 0;
    for (size_t i = 0; i < lane->nitems && cf_now_s() < deadline; i++) {
        if (r->group_of[i] < 0)
            continue;
        const struct pl_item *it = &lane->items[i];
        for (size_t o = 0; o < it->noptions; o++) {
            struct rb_group *a = &r->groups[r->group_of[i]];
            cf_date_t day = it->options[o].day;
            enum cf_mode mode = lane->classes[it->options[o].cls].mode;
            if (day == a->day && mode == a->mode)
                continue;
            uint64_t mask = class_mask(r, i, day, mode);
            if (mask == 0 || !(mask & ((uint64_t)1 << it->options[o].cls)))
                continue;
            long gb = group_find(r, day, mode, mask);
            if (gb < 0)
                return -1;
            a = &r->groups[r->group_of[i]]; /* group_find may have moved the groups */
            struct rb_group *b = &r->groups[gb];
            for (size_t q = 0; q < b->items.n && cf_now_s() < deadline; q++) {
                size_t j = b->items.v[q];
                long oj = option_into(r, j, a);
                if (oj < 0)
                    continue;
                cf_cents_t a_ffd = group_cost_ffd(r, a, i, j), b_ffd = group_cost_ffd(r, b, j, i);
                if ((a_ffd + b_ffd) - (a->ffd + b->ffd) >= 0)
                    continue;
                cf_cents_t a_cost = group_cost(r, a, i, j), b_cost = group_cost(r, b, j, i);
                if (a_cost < 0 || b_cost < 0)
                    return -1;
                if ((a_cost + b_cost) - (a->cost + b->cost) >= 0)
                    continue;
                group_remove(a, i);
                group_remove(b, j);
                if (pl_ids_push(&a->items, j) != 0 || pl_ids_push(&b->items, i) != 0)
                    return -1;
                a->cost = a_cost;
                a->ffd = a_ffd;
                b->cost = b_cost;
                b->ffd = b_ffd;
                r->group_of[j] = r->group_of[i];
                r->group_of[i] = gb;
                c->option[j] = oj;
                c->option[i] = (long)o;
                kept += 2;
                break;
            }
            if (r->group_of[i] == gb)
                break; /* i has moved: its options start again next pass */
        }
    }
    return kept;
}

int pl_choice_rebalance(const struct pl_lane *lane, struct pl_choice *c, double seconds, int *moves)
{
    double deadline = cf_now_s() + seconds;
    *moves = 0;
    struct rb r;
    memset(&r, 0, sizeof r);
    r.lane = lane;
    r.c = c;
    int rc = -1;
    size_t m = lane->nitems + 1;
    r.group_of = malloc(m * sizeof *r.group_of);
    r.scratch = malloc(m * sizeof *r.scratch);
    r.keyed = malloc(2 * m * sizeof *r.keyed);
    r.order = malloc(m * sizeof *r.order);
    r.box = malloc(m * sizeof *r.box);
    r.lv = malloc(m * sizeof *r.lv);
    r.lw = malloc(m * sizeof *r.lw);
    r.lc = malloc(m * sizeof *r.lc);
    if (!r.group_of || !r.scratch || !r.keyed || !r.order || !r.box || !r.lv || !r.lw || !r.lc)
        goto done;
    for (size_t i = 0; i < lane->nitems; i++) {
        r.group_of[i] = -1;
        long o = c->option[i];
        if (o < 0)
            continue;
        cf_date_t day = lane->items[i].options[o].day;
        enum cf_mode mode = lane->classes[lane->items[i].options[o].cls].mode;
        uint64_t mask = class_mask(&r, i, day, mode);
        if (mask == 0)
            continue;
        long g = group_find(&r, day, mode, mask);
        if (g < 0 || pl_ids_push(&r.groups[g].items, i) != 0)
            goto done;
        r.group_of[i] = g;
    }
    for (size_t g = 0; g < r.ngroups; g++) {
        r.groups[g].ffd = group_cost_ffd(&r, &r.groups[g], SIZE_MAX, SIZE_MAX);
        if ((r.groups[g].cost = group_cost(&r, &r.groups[g], SIZE_MAX, SIZE_MAX)) < 0)
            goto done;
    }
    int improved = 1;
    while (improved && cf_now_s() < deadline) {
        improved = 0;
        for (size_t i = 0; i < lane->nitems && cf_now_s() < deadline; i++) {
            long from = r.group_of[i];
            const struct pl_item *it = &lane->items[i];
            /* a shipment sent loose (c's option -1) may move into a
               departure's boxes: its present cost is its loose charge */
            int loose = from < 0;
            if (loose && (c->option[i] != -1 || it->loose_cost < 0))
                continue;
            cf_cents_t from_cost = loose ? it->loose_cost : r.groups[from].cost;
            cf_cents_t from_ffd = loose ? it->loose_cost : r.groups[from].ffd;
            cf_cents_t without_ffd = loose ? 0 : group_cost_ffd(&r, &r.groups[from], i, SIZE_MAX);
            cf_cents_t without = loose ? 0 : -2;
            cf_cents_t best_with_ffd = 0;
            /* the best other departure of its mode, by the two groups' cost */
            cf_cents_t best_delta = 0;
            long best_o = -1, best_g = -1;
            cf_cents_t best_with = 0;
            for (size_t o = 0; o < it->noptions; o++) {
                cf_date_t day = it->options[o].day;
                enum cf_mode mode = lane->classes[it->options[o].cls].mode;
                if (!loose && day == r.groups[from].day && mode == r.groups[from].mode)
                    continue;
                uint64_t mask = class_mask(&r, i, day, mode);
                if (mask == 0 || !(mask & ((uint64_t)1 << it->options[o].cls)))
                    continue;
                long g = group_find(&r, day, mode, mask);
                if (g < 0)
                    goto done;
                if (g == best_g)
                    continue;
                /* screened by first-fit decreasing (a move it prices dearer is
                   not tried: the greedy packings cost some 16 times as much),
                   judged by the greedy packings */
                cf_cents_t with_ffd = group_cost_ffd(&r, &r.groups[g], SIZE_MAX, i);
                if ((without_ffd + with_ffd) - (from_ffd + r.groups[g].ffd) > 0)
                    continue;
                if (without == -2 && (without = group_cost(&r, &r.groups[from], i, SIZE_MAX)) < 0)
                    goto done;
                cf_cents_t with = group_cost(&r, &r.groups[g], SIZE_MAX, i);
                if (with < 0)
                    goto done;
                cf_cents_t delta = (without + with) - (from_cost + r.groups[g].cost);
                if (delta < best_delta) {
                    best_delta = delta;
                    best_o = (long)o;
                    best_g = g;
                    best_with = with;
                    best_with_ffd = with_ffd;
                }
            }
            if (best_g < 0)
                continue;
            if (!loose) {
                group_remove(&r.groups[from], i);
                r.groups[from].cost = without;
                r.groups[from].ffd = without_ffd;
            }
            if (pl_ids_push(&r.groups[best_g].items, i) != 0)
                goto done;
            r.groups[best_g].cost = best_with;
            r.groups[best_g].ffd = best_with_ffd;
            r.group_of[i] = best_g;
            c->option[i] = best_o;
            (*moves)++;
            improved = 1;
        }
        if (!improved) { /* no single move gains: try swaps */
            int kept = swap_pass(&r, c, deadline);
            if (kept < 0)
                goto done;
            *moves += kept;
            improved = kept > 0;
        }
    }
    rc = 0;
done:
    for (size_t g = 0; g < r.ngroups; g++)
        free(r.groups[g].items.v);
    free(r.groups);
    free(r.group_of);
    free(r.scratch);
    free(r.keyed);
    free(r.order);
    free(r.box);
    free(r.lv);
    free(r.lw);
    free(r.lc);
    return rc;
}
