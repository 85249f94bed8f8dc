/* plan_pack.c — turns a lane's MIP assignment into real containers: the
 * items of each departure are packed exactly with cf_binpack_solve (balanced
 * among least-cost packings, domain.md "Consolidation plan"), which also
 * repairs any departure where aggregate capacity overflowed. Tiers the packed
 * lane does not reach are either reached by raising the packing's TEU
 * (reach_tier) or dropped and the lane repacked, whichever costs less; every
 * container is then priced at the cheapest row the lane's final TEU allows. */
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/grow.h"
#include "models/ratecard.h"
#include "solver/binpack.h"
#include "solver/keysort.h"
#include "solver/plan_internal.h"

#define PL_GROW(ptr, count, cap)                                                                   \
    do {                                                                                           \
        void *np_ = cf_grow((ptr), &(cap), (count), 16, sizeof *(ptr));                            \
        if (np_ == NULL)                                                                           \
            return NULL;                                                                           \
        (ptr) = np_;                                                                               \
    } while (0)

struct cf_plan_container *pl_out_container(struct pl_out *o)
{
    PL_GROW(o->plan->containers, o->plan->ncontainers, o->cap_containers);
    struct cf_plan_container *c = &o->plan->containers[o->plan->ncontainers++];
    memset(c, 0, sizeof *c);
    return c;
}

struct cf_plan_loose *pl_out_loose(struct pl_out *o, const struct pl_item *it, const struct pl_loose_rate *lr)
{
    PL_GROW(o->plan->loose, o->plan->nloose, o->cap_loose);
    struct cf_plan_loose *l = &o->plan->loose[o->plan->nloose++];
    memset(l, 0, sizeof *l);
    l->shipment = it->shipment;
    l->mode = lr->mode;
    snprintf(l->equipment, sizeof l->equipment, "%s", lr->equipment);
    l->departure = lr->day;
    l->cost = lr->cost;
    return l;
}

struct cf_plan_container *pl_out_box(struct pl_out *o, const struct pl_lane *lane, const struct pl_class *k,
                                     cf_date_t day, cf_cents_t cost, const size_t *items, size_t count)
{
    struct cf_plan_container *pc = pl_out_container(o);
    if (pc == NULL)
        return NULL;
    pc->shipments = calloc(count ? count : 1, sizeof *pc->shipments);
    if (pc->shipments == NULL)
        return NULL; /* freed with the plan: the container is counted */
    for (size_t e = 0; e < count; e++) {
        const struct pl_item *it = &lane->items[items[e]];
        pc->shipments[pc->nshipments++] = it->shipment;
        pc->volume_m3 += it->volume_m3;
        pc->weight_kg += it->weight_kg;
    }
    pc->mode = k->mode;
    memcpy(pc->origin, lane->origin, sizeof pc->origin);
    memcpy(pc->destination, lane->destination, sizeof pc->destination);
    snprintf(pc->equipment, sizeof pc->equipment, "%s", k->equipment);
    pc->departure = day;
    pc->cost = cost;
    pc->fill_volume = pc->volume_m3 / k->cap_volume_m3;
    pc->fill_weight = pc->weight_kg / k->cap_weight_kg;
    return pc;
}

struct cf_plan_unplaced *pl_out_unplaced(struct pl_out *o)
{
    PL_GROW(o->plan->unplaced, o->plan->nunplaced, o->cap_unplaced);
    struct cf_plan_unplaced *u = &o->plan->unplaced[o->plan->nunplaced++];
    memset(u, 0, sizeof *u);
    return u;
}

struct gkey {
    size_t item;
    enum cf_mode mode;
    cf_date_t day;
    uint64_t mask; /* classes the item may ride on that day */
};

#if SIZE_MAX < UINT64_MAX
/* The order of a lane's packing groups: mode, day, mask, item. */
static int gkey_cmp(const void *a, const void *b)
{
    const struct gkey *x = a, *y = b;
    if (x->mode != y->mode)
        return x->mode < y->mode ? -1 : 1;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->mask != y->mask)
        return x->mask < y->mask ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}
#endif

/* keys[0..n), appended by ascending item, into gkey_cmp's order without
 * qsort's comparator calls (a fortieth of a quick plan): (mode, day) as one
 * key, negated for keysort's largest first, the mask as the tie, and the
 * input order, which is the items', last. 0, or -1 when out of memory. */
static int sort_gkeys(struct gkey *keys, size_t n)
{
#if SIZE_MAX < UINT64_MAX
    qsort(keys, n, sizeof *keys, gkey_cmp); /* the mask would not fit keysort's tie */
    return 0;
#else
    if (n < 2)
        return 0;
    cf_date_t lo = keys[0].day, hi = keys[0].day;
    for (size_t q = 1; q < n; q++) {
        lo = keys[q].day < lo ? keys[q].day : lo;
        hi = keys[q].day > hi ? keys[q].day : hi;
    }
    double span = (double)hi - (double)lo + 1.0;
    struct cf_keyed *keyed = malloc(2 * n * sizeof *keyed);
    struct gkey *copy = malloc(n * sizeof *copy);
    if (keyed == NULL || copy == NULL) {
        free(keyed);
        free(copy);
        return -1;
    }
    for (size_t q = 0; q < n; q++)
        keyed[q] = (struct cf_keyed){-((double)keys[q].mode * span + (double)(keys[q].day - lo)), keys[q].mask, q};
    cf_keyed_sort(keyed, n, keyed + n);
    memcpy(copy, keys, n * sizeof *copy);
    for (size_t q = 0; q < n; q++)
        keys[q] = copy[keyed[q].at];
    free(keyed);
    free(copy);
    return 0;
#endif
}

/* A packed lane: per item its bin (>= 0), loose (-1) or no carrier (-2). */
struct packed {
    long *item_bin;
    size_t *bin_cls;
    cf_date_t *bin_day;
    size_t nbins;
    unsigned char *bin_alive; /* after improve(): 0 for containers emptied */
};

/* A lane's packing record for n items (a bin holds at least one item, so n
   bins at most); 0, or -1 on OOM (pk is then still safe to free). */
static int packed_init(struct packed *pk, size_t n)
{
    n = n ? n : 1;
    *pk = (struct packed){calloc(n, sizeof(long)), calloc(n, sizeof(size_t)), calloc(n, sizeof(cf_date_t)), 0, NULL};
    return pk->item_bin != NULL && pk->bin_cls != NULL && pk->bin_day != NULL ? 0 : -1;
}

static void packed_free(struct packed *pk)
{
    free(pk->bin_alive);
    free(pk->bin_day);
    free(pk->bin_cls);
    free(pk->item_bin);
}

const struct pl_row *pl_class_price_at(const struct pl_class *k, double teu)
{
    const struct pl_row *best = NULL;
    for (size_t r = 0; r < k->nrows; r++)
        if (k->rows[r].min_teu <= teu + 1e-9 && (best == NULL || k->rows[r].cost < best->cost))
            best = &k->rows[r];
    return best;
}

uint64_t pl_item_day_classes(const struct pl_lane *lane, const struct pl_item *it, cf_date_t day, enum cf_mode mode,
                             unsigned char *const *tier_on)
{
    int rides = 0;
    for (size_t q = 0; q < it->noptions && !rides; q++) {
        const struct pl_class *k = &lane->classes[it->options[q].cls];
        rides = it->options[q].day == day && k->mode == mode && it->options[q].cls < 64 &&
                pl_class_price(k, tier_on[it->options[q].cls]) != NULL;
    }
    if (!rides)
        return 0;
    /* every priced class of the mode that arrives in time, also those the
       item is too big for: the packing knows each box's limits, and a mask
       of the boxes an item fits split one sailing's packing in two (a 31 m3
       shipment never shared a 40GP with a 28 m3 one that fits a 20GP) */
    uint64_t mask = 0;
    for (size_t k = 0; k < lane->nclasses && k < 64; k++) {
        const struct pl_class *kl = &lane->classes[k];
        if (kl->mode == mode && day + kl->transit_days <= it->due_date && pl_class_price(kl, tier_on[k]) != NULL)
            mask |= (uint64_t)1 << k;
    }
    return mask;
}

/* The departure keys[a..b) packed as c's hints say (c->bin: each item's box
 * among those of its option's class that day, as the dense start and the
 * exact fills leave them), appended to pk when every item has a hint, every
 * hinted box holds its load and is one of types[], and the boxes cost less
 * than `beat` (the packing's answer). Returns 1 when appended. */
static int hinted_group(const struct pl_lane *lane, const struct pl_choice *c, const struct gkey *keys, size_t a,
                        size_t b, const struct cf_bp_bin_type *types, const size_t *type_cls, size_t ntypes,
                        cf_cents_t beat, struct packed *pk)
{
    size_t m = b - a;
    for (size_t e = a; e < b; e++) {
        long h = c->bin[keys[e].item];
        if (h < 0 || (size_t)h >= m)
            return 0;
    }
    /* box (class t, hint h) gets slot t * m + h; boxes are numbered in order
       of first use (box_t[x]: box x's type) and at[e - a] is entry e's box */
    size_t nslots = ntypes * m;
    long *slot = malloc(nslots * sizeof *slot);
    size_t *at = calloc(m, sizeof *at), *box_t = calloc(m, sizeof *box_t);
    double *v = calloc(m, sizeof *v), *w = calloc(m, sizeof *w);
    int ok = slot != NULL && at != NULL && box_t != NULL && v != NULL && w != NULL;
    size_t nbox = 0;
    cf_cents_t cost = 0;
    if (ok)
        for (size_t q = 0; q < nslots; q++)
            slot[q] = -1;
    for (size_t e = a; ok && e < b; e++) {
        const struct pl_item *it = &lane->items[keys[e].item];
        size_t cls = it->options[c->option[keys[e].item]].cls, t = 0;
        while (t < ntypes && type_cls[t] != cls)
            t++;
        if (t == ntypes) {
            ok = 0;
            break;
        }
        size_t q = t * m + (size_t)c->bin[keys[e].item];
        if (slot[q] < 0) {
            box_t[nbox] = t;
            slot[q] = (long)nbox++;
            cost += types[t].cost;
        }
        size_t x = (size_t)slot[q];
        at[e - a] = x;
        v[x] += it->volume_m3;
        w[x] += it->weight_kg;
        ok = v[x] <= types[t].volume * (1 + PL_FEAS_TOL) && w[x] <= types[t].weight * (1 + PL_FEAS_TOL);
    }
    ok = ok && cost < beat;
    if (ok) {
        for (size_t x = 0; x < nbox; x++) {
            pk->bin_cls[pk->nbins + x] = type_cls[box_t[x]];
            pk->bin_day[pk->nbins + x] = keys[a].day;
        }
        for (size_t e = a; e < b; e++)
            pk->item_bin[keys[e].item] = (long)(pk->nbins + at[e - a]);
        pk->nbins += nbox;
    }
    free(w);
    free(v);
    free(box_t);
    free(at);
    free(slot);
    return ok;
}

/* The boxes base .. pk->nbins of one departure (keys[a..b)'s, as
 * hinted_group appended them) balanced at unchanged cost. 0, -1 on OOM. */
static int balance_hinted(const struct pl_lane *lane, struct packed *pk, const struct gkey *keys, size_t a, size_t b,
                          size_t base)
{
    size_t nb = pk->nbins;
    double *lv = calloc(nb, sizeof *lv), *lw = calloc(nb, sizeof *lw);
    size_t *count = calloc(nb, sizeof *count);
    int rc = lv != NULL && lw != NULL && count != NULL ? 0 : -1;
    if (rc == 0) {
        for (size_t e = a; e < b; e++) {
            long x = pk->item_bin[keys[e].item];
            lv[x] += lane->items[keys[e].item].volume_m3;
            lw[x] += lane->items[keys[e].item].weight_kg;
            count[x]++;
        }
        if (nb - base > 1)
            pl_balance_day(lane, pk->item_bin, pk->bin_cls, pk->bin_day, base, nb, lv, lw, count);
    }
    free(count);
    free(lw);
    free(lv);
    return rc;
}

static int pack_all(const struct pl_lane *lane, const struct pl_choice *c, unsigned char **tier_on,
                    const struct cf_plan_input *in, double deadline_s, int estimate, struct packed *pk,
                    struct gkey *keys, int *timed_out, struct cf_error *err)
{
    size_t nkeys = 0;
    pk->nbins = 0;
    free(pk->bin_alive); /* an earlier packing's, from improve() */
    pk->bin_alive = NULL;
    for (size_t i = 0; i < lane->nitems; i++) {
        const struct pl_item *it = &lane->items[i];
        long o = c->option[i];
        pk->item_bin[i] = it->loose_cost >= 0 ? -1 : -2;
        if (o < 0)
            continue;
        cf_date_t day = it->options[o].day;
        enum cf_mode mode = lane->classes[it->options[o].cls].mode;
        uint64_t mask = pl_item_day_classes(lane, it, day, mode, tier_on);
        if (mask == 0)
            continue;
        keys[nkeys].item = i;
        keys[nkeys].mode = mode;
        keys[nkeys].day = day;
        keys[nkeys].mask = mask;
        nkeys++;
    }
    if (sort_gkeys(keys, nkeys) != 0)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    size_t ngroups = 0;
    for (size_t a = 0; a < nkeys; a++)
        if (a == 0 || keys[a - 1].mode != keys[a].mode || keys[a - 1].mask != keys[a].mask ||
            keys[a - 1].day != keys[a].day)
            ngroups++;

    struct cf_bp_item *items = calloc(nkeys ? nkeys : 1, sizeof *items);
    struct cf_bp_bin_type types[64];
    size_t type_cls[64];
    if (items == NULL)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    int rc = CF_OK;
    size_t done_groups = 0;
    for (size_t a = 0; a < nkeys;) {
        size_t b = a;
        while (b < nkeys && keys[b].mode == keys[a].mode && keys[b].day == keys[a].day &&
               keys[b].mask == keys[a].mask)
            b++;
        size_t ntypes = 0;
        for (size_t k = 0; k < lane->nclasses && k < 64; k++) {
            if (!(keys[a].mask & ((uint64_t)1 << k)))
                continue;
            const struct pl_class *kl = &lane->classes[k];
            types[ntypes].volume = kl->cap_volume_m3;
            types[ntypes].weight = kl->cap_weight_kg;
            types[ntypes].cost = pl_class_price(kl, tier_on[k])->cost;
            type_cls[ntypes] = k;
            ntypes++;
        }
        for (size_t e = a; e < b; e++) {
            const struct pl_item *it = &lane->items[keys[e].item];
            items[e - a].volume = it->volume_m3;
            items[e - a].weight = it->weight_kg;
            items[e - a].loose_cost = it->loose_cost;
        }
        struct cf_bp_problem p = {items, b - a, types, ntypes};
        double left = deadline_s - cf_now_s();
        size_t groups_left = ngroups - done_groups;
        double share = left / (double)(groups_left ? groups_left : 1);
        /* a quick plan packs by the greedy packings alone: the same answer
           every run, whatever the machine's load; so does a plan whose time
           is spent, with the refit, as the packed estimate that chose its
           schedule does (first fit here had packed the departures it reached
           late dearer than that estimate) */
        int spent = !(left > 0.0 || in->quick || estimate);
        struct cf_bp_opts opts = {share > 0.002 ? share : 0.002, !in->quick && !estimate && !spent,
                                  estimate ? NULL : in->log, in->log_ctx, in->quick || estimate || spent,
                                  estimate || spent};
        struct cf_bp_solution sol;
        memset(&sol, 0, sizeof sol);
        rc = cf_binpack_solve(&p, &opts, &sol, err);
        *timed_out |= spent;
        if (rc != CF_OK) {
            cf_bp_solution_free(&sol);
            break;
        }
        if (sol.status == CF_BP_TIME_LIMIT)
            *timed_out = 1;
        if (sol.status != CF_BP_INFEASIBLE && pk->nbins + sol.nbins > lane->nitems) {
            cf_bp_solution_free(&sol);
            rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "internal: packing opened empty containers");
            break;
        }
        size_t base0 = pk->nbins;
        if (sol.status != CF_BP_INFEASIBLE &&
            hinted_group(lane, c, keys, a, b, types, type_cls, ntypes, sol.cost, pk)) {
            /* the boxes c's hints name cost less: kept, balanced (the
               packing's answer is; an estimate only needs the cost) */
            if (!estimate && balance_hinted(lane, pk, keys, a, b, base0) != 0) {
                cf_bp_solution_free(&sol);
                rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
                break;
            }
        } else if (sol.status != CF_BP_INFEASIBLE) {
            size_t base = pk->nbins;
            for (size_t bin = 0; bin < sol.nbins; bin++) {
                pk->bin_cls[base + bin] = type_cls[sol.bin_type[bin]];
                pk->bin_day[base + bin] = keys[a].day;
            }
            pk->nbins += sol.nbins;
            for (size_t e = a; e < b; e++) {
                long bin = sol.item_bin[e - a];
                pk->item_bin[keys[e].item] = bin < 0 ? -1 : (long)base + bin;
            }
        }
        cf_bp_solution_free(&sol);
        done_groups++;
        a = b;
    }
    free(items);
    return rc;
}

/* A container by its class and departure, for finding those an item may take. */
struct bin_key {
    size_t cls;
    cf_date_t day;
    size_t bin;
};

static int bin_key_cmp(const void *a, const void *b)
{
    const struct bin_key *x = a, *y = b;
    if (x->cls != y->cls)
        return x->cls < y->cls ? -1 : 1;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return (x->bin > y->bin) - (x->bin < y->bin);
}

/* The first of keys[0..n-1] (sorted) at (cls, day) or after. */
static size_t keys_from(const struct bin_key *keys, size_t n, size_t cls, cf_date_t day)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (keys[mid].cls < cls || (keys[mid].cls == cls && keys[mid].day < day))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Where each (class, day) starts among sorted bin keys: a table over the
 * classes and the span of the lane's option days, when that is small enough
 * (else keys_from's binary search, which was a sixteenth of a quick plan's
 * instructions). */
struct key_index {
    cf_date_t lo;
    size_t span, nclasses;
    size_t *first; /* [cls * span + day - lo]: the first key there or after; nclasses * span + 1 */
};

static int key_index_init(struct key_index *x, const struct pl_lane *lane)
{
    *x = (struct key_index){0, 0, lane->nclasses, NULL};
    cf_date_t lo = 0, hi = 0;
    int any = 0;
    size_t nopt = 0;
    for (size_t i = 0; i < lane->nitems; i++)
        for (size_t o = 0; o < lane->items[i].noptions; o++, nopt++) {
            cf_date_t d = lane->items[i].options[o].day;
            lo = !any || d < lo ? d : lo;
            hi = !any || d > hi ? d : hi;
            any = 1;
        }
    if (!any)
        return 0;
    size_t span = (size_t)(hi - lo) + 1;
    if (span > 4 * nopt + 4096)
        return 0;
    x->first = malloc((lane->nclasses * span + 1) * sizeof *x->first);
    if (x->first == NULL)
        return -1;
    x->lo = lo;
    x->span = span;
    return 0;
}

/* keys[0..n-1] sorted: fill the table (a no-op without one) */
static void key_index_fill(struct key_index *x, const struct bin_key *keys, size_t n)
{
    if (x->first == NULL)
        return;
    size_t slots = x->nclasses * x->span, e = 0;
    for (size_t slot = 0; slot <= slots; slot++) {
        /* first key whose (cls, day) slot is >= this slot; keys outside the
           span (never: bins ride on option days) would sort by cls and day */
        while (e < n && keys[e].cls * x->span + (size_t)(keys[e].day - x->lo) < slot)
            e++;
        x->first[slot] = e;
    }
}

/* The first of keys[0..n-1] (sorted) at (cls, day) or after. */
static size_t key_index_find(const struct key_index *x, const struct bin_key *keys, size_t n, size_t cls,
                             cf_date_t day)
{
    if (x->first == NULL)
        return keys_from(keys, n, cls, day);
    return x->first[cls * x->span + (size_t)(day - x->lo)];
}

static double alive_teu(const struct pl_lane *lane, const struct packed *pk);

/* The TEU a packing's boxes must keep: the highest min_teu among the rows
 * that price its live boxes under tier_on, and among the loose rates its
 * loose shipments ride at its TEU (0: no tier prices either). Without the
 * loose ones the local search emptied a box that an LCL tier needed:
 * 2,050.00 became 6,000.00 (tests/test_plan.c). */
static double packed_tier_floor(const struct pl_lane *lane, unsigned char **tier_on, const struct packed *pk)
{
    double floor_teu = 0.0, teu = alive_teu(lane, pk);
    for (size_t b = 0; b < pk->nbins; b++) {
        if (pk->bin_alive != NULL && !pk->bin_alive[b])
            continue;
        const struct pl_row *row = pl_class_price(&lane->classes[pk->bin_cls[b]], tier_on[pk->bin_cls[b]]);
        if (row != NULL && row->min_teu > floor_teu)
            floor_teu = row->min_teu;
    }
    for (size_t i = 0; i < lane->nitems; i++) {
        long q = pk->item_bin[i] == -1 ? pl_loose_rate_at(&lane->items[i], teu) : -1;
        if (q >= 0 && lane->items[i].loose[q].min_teu > floor_teu)
            floor_teu = lane->items[i].loose[q].min_teu;
    }
    return floor_teu;
}

/* Local search on the packed lane, container by container (exact: each
 * container's own volume and weight): loose items move into a container
 * with room on a departure and class they may take; a container whose items
 * all find room elsewhere (or go loose for less than its price) is emptied.
 * Never raises the cost; keeps the lane's TEU at the tiers in use. Returns
 * CF_OK or CF_ERR_INTERNAL (memory). */
static int improve(const struct pl_lane *lane, unsigned char **tier_on, double teu, struct packed *pk,
                   double deadline_s)
{
    size_t nb = pk->nbins;
    size_t cap = lane->nitems ? lane->nitems : 1; /* a bin holds >= 1 item: never more bins */
    free(pk->bin_alive);
    pk->bin_alive = malloc(cap);
    double *load_v = calloc(cap, sizeof *load_v);
    double *load_w = calloc(cap, sizeof *load_w);
    size_t nopt = 0;
    for (size_t i = 0; i < lane->nitems; i++)
        nopt += lane->items[i].noptions;
    struct pl_fit_entry *lo = calloc(nopt ? nopt : 1, sizeof *lo);
    long *target = calloc(lane->nitems ? lane->nitems : 1, sizeof *target);
    long *head = malloc(cap * sizeof *head), *next = malloc(cap * sizeof *next);
    struct bin_key *keys = malloc(cap * sizeof *keys);
    struct key_index kx;
    int rc = CF_ERR_INTERNAL;
    if (key_index_init(&kx, lane) != 0 || pk->bin_alive == NULL || load_v == NULL || load_w == NULL ||
        target == NULL || lo == NULL || head == NULL || next == NULL || keys == NULL)
        goto done;
    memset(pk->bin_alive, 1, cap);
    double teu_floor = packed_tier_floor(lane, tier_on, pk);
    for (size_t i = 0; i < lane->nitems; i++)
        if (pk->item_bin[i] >= 0) {
            load_v[pk->item_bin[i]] += lane->items[i].volume_m3;
            load_w[pk->item_bin[i]] += lane->items[i].weight_kg;
        }
    /* a container with room for item i (other than skip), best fit by volume; -1 none */
#define PL_FITS(b, it)                                                                             \
    (load_v[b] + (it)->volume_m3 <= lane->classes[pk->bin_cls[b]].cap_volume_m3 * (1 + PL_FEAS_TOL) && \
     load_w[b] + (it)->weight_kg <= lane->classes[pk->bin_cls[b]].cap_weight_kg * (1 + PL_FEAS_TOL))
    int improved = 1;
    for (int round = 0; improved && round < 20 && cf_now_s() < deadline_s; round++) {
        improved = 0;
        /* loose items into containers with room */
        for (size_t i = 0; i < lane->nitems; i++) {
            const struct pl_item *it = &lane->items[i];
            if (pk->item_bin[i] != -1 || it->noptions == 0)
                continue;
            for (size_t b = 0; b < nb; b++) {
                if (!pk->bin_alive[b] || !PL_FITS(b, it))
                    continue;
                int allowed = 0;
                for (size_t o = 0; !allowed && o < it->noptions; o++)
                    allowed = it->options[o].cls == pk->bin_cls[b] && it->options[o].day == pk->bin_day[b];
                if (!allowed)
                    continue;
                pk->item_bin[i] = (long)b;
                load_v[b] += it->volume_m3;
                load_w[b] += it->weight_kg;
                improved = 1;
                break;
            }
        }
        /* loose items that share a departure and class: a new container when
           their loose charges add up to more than its price */
        size_t nlo = 0;
        for (size_t i = 0; i < lane->nitems; i++) {
            if (pk->item_bin[i] != -1)
                continue;
            const struct pl_item *it = &lane->items[i];
            for (size_t o = 0; o < it->noptions; o++) {
                const struct pl_class *k = &lane->classes[it->options[o].cls];
                double v = it->volume_m3 / k->cap_volume_m3, w = it->weight_kg / k->cap_weight_kg;
                lo[nlo].cls = it->options[o].cls;
                lo[nlo].day = it->options[o].day;
                lo[nlo].size = v > w ? v : w;
                lo[nlo].item = i;
                nlo++;
            }
        }
        pl_fit_entry_sort(lo, nlo, lane->nclasses);
        for (size_t a = 0; a < nlo && cf_now_s() < deadline_s;) {
            size_t b = a;
            while (b < nlo && lo[b].cls == lo[a].cls && lo[b].day == lo[a].day)
                b++;
            const struct pl_class *k = &lane->classes[lo[a].cls];
            const struct pl_row *row = pl_class_price(k, tier_on[lo[a].cls]);
            for (;;) { /* one new container at a time, first-fit decreasing */
                if (row == NULL || nb >= cap)
                    break;
                double v = 0, w = 0;
                cf_cents_t saved = 0;
                size_t count = 0;
                for (size_t e = a; e < b; e++) {
                    const struct pl_item *it = &lane->items[lo[e].item];
                    if (pk->item_bin[lo[e].item] != -1 ||
                        v + it->volume_m3 > k->cap_volume_m3 * (1 + PL_FEAS_TOL) ||
                        w + it->weight_kg > k->cap_weight_kg * (1 + PL_FEAS_TOL))
                        continue;
                    v += it->volume_m3;
                    w += it->weight_kg;
                    saved += it->loose_cost;
                    target[count++] = (long)lo[e].item;
                }
                if (count == 0 || saved <= row->cost)
                    break;
                size_t nbin = nb++;
                pk->nbins = nb;
                pk->bin_cls[nbin] = lo[a].cls;
                pk->bin_day[nbin] = lo[a].day;
                pk->bin_alive[nbin] = 1;
                load_v[nbin] = v;
                load_w[nbin] = w;
                for (size_t q = 0; q < count; q++)
                    pk->item_bin[target[q]] = (long)nbin;
                teu += k->teu;
                improved = 1;
            }
            a = b;
        }
        /* empty a container: its items into other containers, or loose.
           Each container's items (ascending) and the containers by (class,
           departure) are indexed first, so that neither is a scan of all */
        size_t nkeys = 0;
        for (size_t b = 0; b < nb; b++) {
            head[b] = -1;
            keys[nkeys++] = (struct bin_key){pk->bin_cls[b], pk->bin_day[b], b};
        }
        qsort(keys, nkeys, sizeof *keys, bin_key_cmp);
        key_index_fill(&kx, keys, nkeys);
        for (size_t i = lane->nitems; i-- > 0;)
            if (pk->item_bin[i] >= 0) {
                next[i] = head[pk->item_bin[i]];
                head[pk->item_bin[i]] = (long)i;
            }
        for (size_t b = 0; b < nb && cf_now_s() < deadline_s; b++) {
            if (!pk->bin_alive[b])
                continue;
            const struct pl_class *k = &lane->classes[pk->bin_cls[b]];
            if (teu - k->teu < teu_floor - 1e-9)
                continue;
            cf_cents_t price = pl_class_price(k, tier_on[pk->bin_cls[b]])->cost;
            cf_cents_t extra = 0;
            int ok = 1;
            size_t moved = 0;
            for (long li = head[b]; ok && li >= 0; li = next[li]) {
                size_t i = (size_t)li;
                const struct pl_item *it = &lane->items[i];
                long to = -1;
                for (size_t o = 0; to < 0 && o < it->noptions; o++)
                    for (size_t e = key_index_find(&kx, keys, nkeys, it->options[o].cls, it->options[o].day);
                         e < nkeys && keys[e].cls == it->options[o].cls && keys[e].day == it->options[o].day;
                         e++) {
                        size_t c = keys[e].bin;
                        if (c == b || !pk->bin_alive[c] || !PL_FITS(c, it))
                            continue;
                        to = (long)c;
                        break;
                    }
                target[moved++] = (long)i;
                if (to >= 0) {
                    load_v[to] += it->volume_m3;
                    load_w[to] += it->weight_kg;
                    pk->item_bin[i] = -3 - to; /* tentative: into container `to` */
                } else if (it->loose_cost >= 0) {
                    extra += it->loose_cost;
                    pk->item_bin[i] = -2 - (long)nb - 1; /* tentative: loose */
                } else {
                    ok = 0;
                }
            }
            ok = ok && extra < price;
            for (size_t m = 0; m < moved; m++) {
                size_t i = (size_t)target[m];
                long tb = pk->item_bin[i];
                if (tb == (long)b)
                    continue; /* the item that stopped the move */
                int to_loose = tb == -2 - (long)nb - 1;
                long to = to_loose ? -1 : -3 - tb;
                if (ok) {
                    pk->item_bin[i] = to_loose ? -1 : to;
                    if (!to_loose) { /* into to's list, in item order */
                        long *at = &head[to];
                        while (*at >= 0 && *at < (long)i)
                            at = &next[*at];
                        next[i] = *at;
                        *at = (long)i;
                    }
                } else {
                    if (!to_loose) {
                        load_v[to] -= lane->items[i].volume_m3;
                        load_w[to] -= lane->items[i].weight_kg;
                    }
                    pk->item_bin[i] = (long)b;
                }
            }
            if (ok) {
                pk->bin_alive[b] = 0;
                head[b] = -1;
                load_v[b] = load_w[b] = 0;
                teu -= k->teu;
                improved = 1;
            }
        }
    }
#undef PL_FITS
    rc = CF_OK;
done:
    free(kx.first);
    free(keys);
    free(head);
    free(next);
    free(lo);
    free(target);
    free(load_w);
    free(load_v);
    return rc;
}

long pl_loose_rate_at(const struct pl_item *it, double teu)
{
    long best = -1;
    for (size_t q = 0; q < it->nloose; q++) {
        const struct pl_loose_rate *lr = &it->loose[q];
        if (lr->min_teu > teu + 1e-9)
            continue;
        if (best < 0 || lr->cost < it->loose[best].cost ||
            (lr->cost == it->loose[best].cost && lr->day < it->loose[best].day))
            best = (long)q;
    }
    return best;
}

/* The TEU of a packing's containers (those improve() left alive). */
static double alive_teu(const struct pl_lane *lane, const struct packed *pk)
{
    double teu = 0.0;
    for (size_t b = 0; b < pk->nbins; b++)
        if (pk->bin_alive == NULL || pk->bin_alive[b])
            teu += lane->classes[pk->bin_cls[b]].teu;
    return teu;
}

/* The items of a packing with no carrier (-2). */
static size_t packed_unplaced(const struct pl_lane *lane, const struct packed *pk)
{
    size_t n = 0;
    for (size_t i = 0; i < lane->nitems; i++)
        n += pk->item_bin[i] == -2;
    return n;
}

/* What the packed lane costs at `teu` TEU with bin `drop` (or none: pk->nbins)
 * emptied into loose: containers at the rows that TEU reaches, loose items at
 * the loose rates it reaches; CF_CENTS_HUGE when some item or box has none. */
static cf_cents_t lane_cost_at(const struct pl_lane *lane, const struct packed *pk, size_t drop, double teu)
{
    cf_cents_t total = 0;
    for (size_t b = 0; b < pk->nbins; b++) {
        if (b == drop || (pk->bin_alive != NULL && !pk->bin_alive[b]))
            continue;
        const struct pl_row *row = pl_class_price_at(&lane->classes[pk->bin_cls[b]], teu);
        if (row == NULL)
            return CF_CENTS_HUGE;
        total += row->cost;
    }
    for (size_t i = 0; i < lane->nitems; i++) {
        if (pk->item_bin[i] != -1 && !(drop < pk->nbins && pk->item_bin[i] == (long)drop))
            continue;
        long q = pl_loose_rate_at(&lane->items[i], teu);
        if (q < 0)
            return CF_CENTS_HUGE;
        total += lane->items[i].loose[q].cost;
    }
    return total;
}

/* Loose items at the cheapest loose rate the packed lane's TEU reaches
 * (interface.md: a min_teu row applies once the plan's TEU on the lane
 * reaches it), tiers included, which the models leave out. Where such a
 * tier makes a container dearer than its items sent loose (at the TEU left
 * without it), the container is emptied, one at a time while the lane's cost
 * falls; only lanes with tiered loose rates look. Fills rate[i] for every
 * loose item and lowers *teu by the containers emptied. */
static int settle_loose(const struct pl_lane *lane, struct packed *pk, double *teu, size_t *rate)
{
    int tiers = 0;
    for (size_t i = 0; i < lane->nitems && !tiers; i++)
        for (size_t q = 0; q < lane->items[i].nloose; q++)
            if (lane->items[i].loose[q].min_teu > 0)
                tiers = 1;
    if (tiers && pk->bin_alive == NULL) {
        pk->bin_alive = malloc(pk->nbins ? pk->nbins : 1);
        if (pk->bin_alive == NULL)
            return -1;
        memset(pk->bin_alive, 1, pk->nbins);
    }
    while (tiers) {
        cf_cents_t now = lane_cost_at(lane, pk, pk->nbins, *teu);
        size_t best = pk->nbins;
        cf_cents_t best_cost = now;
        for (size_t b = 0; b < pk->nbins; b++) {
            if (!pk->bin_alive[b])
                continue;
            cf_cents_t c = lane_cost_at(lane, pk, b, *teu - lane->classes[pk->bin_cls[b]].teu);
            if (c < best_cost) {
                best_cost = c;
                best = b;
            }
        }
        if (best == pk->nbins)
            break;
        pk->bin_alive[best] = 0;
        *teu -= lane->classes[pk->bin_cls[best]].teu;
        for (size_t i = 0; i < lane->nitems; i++)
            if (pk->item_bin[i] == (long)best)
                pk->item_bin[i] = -1;
    }
    for (size_t i = 0; i < lane->nitems; i++)
        if (pk->item_bin[i] == -1) {
            long q = pl_loose_rate_at(&lane->items[i], *teu);
            if (q < 0)
                return -2; /* cannot happen: every loose item has a rate without a tier */
            rate[i] = (size_t)q;
        }
    return 0;
}

int pl_ids_push(struct pl_ids *x, size_t e)
{
    size_t *v = cf_grow(x->v, &x->cap, x->n, 4, sizeof *v);
    if (v == NULL)
        return -1;
    x->v = v;
    x->v[x->n++] = e;
    return 0;
}

int pl_item_may_ride(const struct pl_item *it, size_t k, cf_date_t day)
{
    for (size_t o = 0; o < it->noptions; o++)
        if (it->options[o].cls == k && it->options[o].day == day)
            return 1;
    return 0;
}

/* The steps reach_tier takes at most: a tier that needs more is left to the
   search's other plans (each step scans the lane's bins and options) */
#define PL_TIER_STEPS 64

/* Raises a packing's TEU to `need`, which the tiers tier_on has on ask for,
 * where the packing fell short of it (it packs each departure at those
 * prices, and fewer, bigger boxes can lose the tier the MIP's plan
 * reached: 3 TEU at a 4-TEU tier's prices cost 2,900.00 untiered, where two
 * 40GP at the tier cost 2,280.00). Each step is the one of least cost per
 * TEU gained, counting no more TEU than are still short: a box to a bigger
 * class its load fits, an item of a shared box or a loose one into a box of
 * its own, or an item alone in its box into a box of more TEU. Returns 1
 * when `need` is reached (*teu updated), 0 when not; -1 when out of memory. */
static int reach_tier(const struct pl_lane *lane, unsigned char *const *tier_on, struct packed *pk, double need,
                      double *teu)
{
    size_t cap = lane->nitems ? lane->nitems : 1;
    double *lv = calloc(cap, sizeof *lv), *lw = calloc(cap, sizeof *lw);
    size_t *count = calloc(cap, sizeof *count);
    long *head = malloc(cap * sizeof *head), *next = malloc(cap * sizeof *next);
    int rc = -1;
    if (lv == NULL || lw == NULL || count == NULL || head == NULL || next == NULL)
        goto done;
    for (size_t i = 0; i < lane->nitems; i++)
        if (pk->item_bin[i] >= 0) {
            lv[pk->item_bin[i]] += lane->items[i].volume_m3;
            lw[pk->item_bin[i]] += lane->items[i].weight_kg;
            count[pk->item_bin[i]]++;
        }
    rc = 0;
    for (int step = 0; step < PL_TIER_STEPS && *teu < need - 1e-9; step++) {
        /* cost per TEU of what is still short: a 40GP where one more TEU
           reaches the tier costs its whole price for that one TEU */
        double short_by = need - *teu, best = INFINITY;
        size_t bin = SIZE_MAX, item = SIZE_MAX, cls = 0;
        cf_date_t day = 0;
        for (size_t b = 0; b < pk->nbins; b++)
            head[b] = -1;
        for (size_t i = lane->nitems; i-- > 0;)
            if (pk->item_bin[i] >= 0) {
                next[i] = head[pk->item_bin[i]];
                head[pk->item_bin[i]] = (long)i;
            }
        for (size_t b = 0; b < pk->nbins; b++) { /* a bigger box for b's load, the same day */
            const struct pl_class *k = &lane->classes[pk->bin_cls[b]];
            cf_cents_t now = pl_class_price(k, tier_on[pk->bin_cls[b]])->cost;
            for (size_t k2 = 0; k2 < lane->nclasses; k2++) {
                const struct pl_class *kk = &lane->classes[k2];
                const struct pl_row *row = pl_class_price(kk, tier_on[k2]);
                if (kk->mode != k->mode || !(kk->teu > k->teu) || row == NULL ||
                    lv[b] > kk->cap_volume_m3 * (1 + PL_FEAS_TOL) || lw[b] > kk->cap_weight_kg * (1 + PL_FEAS_TOL))
                    continue;
                double per = (double)(row->cost - now) / fmin(kk->teu - k->teu, short_by);
                int all = per < best;
                for (long i = head[b]; all && i >= 0; i = next[i])
                    all = pl_item_may_ride(&lane->items[i], k2, pk->bin_day[b]);
                if (all) {
                    best = per;
                    bin = b;
                    item = SIZE_MAX;
                    cls = k2;
                }
            }
        }
        for (size_t i = 0; i < lane->nitems; i++) {
            /* an item of a shared box, or a loose one, into a box of its
               own; an item alone in its box into one of more TEU, on any
               departure or mode it may take (a truck's load into a 40GP) */
            const struct pl_item *it = &lane->items[i];
            long b = pk->item_bin[i];
            if (b == -2 || (b == -1 && it->loose_cost < 0))
                continue;
            double had_teu = 0.0;
            cf_cents_t had = b == -1 ? it->loose_cost : 0;
            if (b >= 0 && count[b] == 1) {
                had_teu = lane->classes[pk->bin_cls[b]].teu;
                had = pl_class_price(&lane->classes[pk->bin_cls[b]], tier_on[pk->bin_cls[b]])->cost;
            }
            for (size_t o = 0; o < it->noptions; o++) {
                const struct pl_class *kk = &lane->classes[it->options[o].cls];
                const struct pl_row *row = pl_class_price(kk, tier_on[it->options[o].cls]);
                if (row == NULL || !(kk->teu > had_teu))
                    continue;
                double per = (double)(row->cost - had) / fmin(kk->teu - had_teu, short_by);
                if (per < best) {
                    best = per;
                    bin = SIZE_MAX;
                    item = i;
                    cls = it->options[o].cls;
                    day = it->options[o].day;
                }
            }
        }
        if (bin != SIZE_MAX) {
            *teu += lane->classes[cls].teu - lane->classes[pk->bin_cls[bin]].teu;
            pk->bin_cls[bin] = cls;
        } else if (item != SIZE_MAX && pk->item_bin[item] >= 0 && count[pk->item_bin[item]] == 1) {
            size_t b = (size_t)pk->item_bin[item]; /* alone: its box changes */
            *teu += lane->classes[cls].teu - lane->classes[pk->bin_cls[b]].teu;
            pk->bin_cls[b] = cls;
            pk->bin_day[b] = day;
        } else if (item != SIZE_MAX && pk->nbins < cap) {
            const struct pl_item *it = &lane->items[item];
            long from = pk->item_bin[item];
            if (from >= 0) {
                lv[from] -= it->volume_m3;
                lw[from] -= it->weight_kg;
                count[from]--;
            }
            size_t nb = pk->nbins++;
            pk->bin_cls[nb] = cls;
            pk->bin_day[nb] = day;
            pk->item_bin[item] = (long)nb;
            lv[nb] = it->volume_m3;
            lw[nb] = it->weight_kg;
            count[nb] = 1;
            *teu += lane->classes[cls].teu;
        } else {
            break;
        }
        cf_clock_count(4.0 * (double)lane->nitems + (double)pk->nbins * (double)lane->nclasses);
    }
    rc = *teu >= need - 1e-9;
done:
    free(next);
    free(head);
    free(count);
    free(lw);
    free(lv);
    return rc;
}

/* A lane's packing at some tiers: the packing, the tier rows that price it,
 * its TEU, its cost at that TEU and its shipments without a carrier. */
struct tiered {
    struct packed pk;
    unsigned char **tier_on;
    double teu;
    cf_cents_t cost;
    size_t out;
};

static void tiered_free(struct tiered *t, const struct pl_lane *lane)
{
    if (t->tier_on != NULL) /* NULL: never allocated */
        for (size_t k = 0; k < lane->nclasses; k++)
            free(t->tier_on[k]);
    free(t->tier_on);
    packed_free(&t->pk);
    memset(t, 0, sizeof *t);
}

/* t for the lane, its tier rows from `from`; 0, or -1 on OOM (t is then
   still safe to free). */
static int tiered_init(struct tiered *t, const struct pl_lane *lane, unsigned char *const *from)
{
    memset(t, 0, sizeof *t);
    int bad = packed_init(&t->pk, lane->nitems ? lane->nitems : 1) != 0;
    t->tier_on = calloc(lane->nclasses ? lane->nclasses : 1, sizeof *t->tier_on);
    for (size_t k = 0; !bad && t->tier_on != NULL && k < lane->nclasses; k++) {
        if ((t->tier_on[k] = malloc(lane->classes[k].nrows ? lane->classes[k].nrows : 1)) == NULL)
            bad = 1;
        else
            memcpy(t->tier_on[k], from[k], lane->classes[k].nrows);
    }
    return bad || t->tier_on == NULL ? -1 : 0;
}

/* dst (initialised here when it never was) becomes a copy of src: tiers,
   packing, TEU, cost; 0, or -1 on OOM */
static int tiered_copy(const struct pl_lane *lane, struct tiered *dst, const struct tiered *src)
{
    if (dst->tier_on == NULL && tiered_init(dst, lane, src->tier_on) != 0)
        return -1;
    free(dst->pk.bin_alive);
    dst->pk.bin_alive = NULL;
    if (src->pk.bin_alive != NULL) {
        if ((dst->pk.bin_alive = malloc(lane->nitems ? lane->nitems : 1)) == NULL)
            return -1;
        memcpy(dst->pk.bin_alive, src->pk.bin_alive, src->pk.nbins);
    }
    memcpy(dst->pk.item_bin, src->pk.item_bin, lane->nitems * sizeof *src->pk.item_bin);
    memcpy(dst->pk.bin_cls, src->pk.bin_cls, src->pk.nbins * sizeof *src->pk.bin_cls);
    memcpy(dst->pk.bin_day, src->pk.bin_day, src->pk.nbins * sizeof *src->pk.bin_day);
    dst->pk.nbins = src->pk.nbins;
    for (size_t k = 0; k < lane->nclasses; k++)
        memcpy(dst->tier_on[k], src->tier_on[k], lane->classes[k].nrows);
    dst->teu = src->teu;
    dst->cost = src->cost;
    dst->out = src->out;
    return 0;
}

/* a ranks before b: fewer shipments without a carrier, then cheaper */
static int tiered_better(const struct tiered *a, const struct tiered *b)
{
    return a->out < b->out || (a->out == b->out && a->cost < b->cost);
}

static void tiered_swap(struct tiered *a, struct tiered *b)
{
    struct tiered x = *a;
    *a = *b;
    *b = x;
}

/* t's packing improved (improve()), then its TEU, cost and shipments left out. */
/* Two boxes merged into one of a bigger class that holds both loads, on
 * the second's departure, where that costs less and the lane keeps the TEU
 * its tier prices ask (improve() never empties a box below them: a 20GP of
 * 3.3 m3 beside a 20GP of 21.9 m3 at a 4-TEU tier, 716.31 each, merged into
 * a 40GP at 1,213.60 with the TEU kept, 219.02 less; a helper's audit).
 * Lanes of at most PL_MERGE_BINS boxes: the pairs are a square. */
#define PL_MERGE_BINS 200
static void merge_up(const struct pl_lane *lane, unsigned char **tier_on, struct packed *pk)
{
    if (pk->bin_alive == NULL || pk->nbins > PL_MERGE_BINS)
        return;
    double floor_teu = packed_tier_floor(lane, tier_on, pk), teu = alive_teu(lane, pk);
    if (!(floor_teu > 0.0))
        return; /* without a tier the packing and improve() have merged what pays */
    double lv[PL_MERGE_BINS], lw[PL_MERGE_BINS];
    for (size_t b = 0; b < pk->nbins; b++)
        lv[b] = lw[b] = 0.0;
    for (size_t i = 0; i < lane->nitems; i++)
        if (pk->item_bin[i] >= 0) {
            lv[pk->item_bin[i]] += lane->items[i].volume_m3;
            lw[pk->item_bin[i]] += lane->items[i].weight_kg;
        }
    for (size_t b = 0; b < pk->nbins; b++) {
        if (!pk->bin_alive[b])
            continue;
        const struct pl_class *kb = &lane->classes[pk->bin_cls[b]];
        cf_cents_t pb = pl_class_price(kb, tier_on[pk->bin_cls[b]])->cost;
        for (size_t b2 = 0; b2 < pk->nbins; b2++) {
            if (b2 == b || !pk->bin_alive[b2] || lane->classes[pk->bin_cls[b2]].mode != kb->mode)
                continue;
            const struct pl_class *k2 = &lane->classes[pk->bin_cls[b2]];
            cf_cents_t p2 = pl_class_price(k2, tier_on[pk->bin_cls[b2]])->cost;
            for (size_t kn = 0; kn < lane->nclasses; kn++) {
                const struct pl_class *kk = &lane->classes[kn];
                const struct pl_row *row = pl_class_price(kk, tier_on[kn]);
                if (kk->mode != kb->mode || row == NULL || row->cost >= pb + p2 ||
                    teu - kb->teu - k2->teu + kk->teu < floor_teu - 1e-9 ||
                    lv[b] + lv[b2] > kk->cap_volume_m3 * (1 + PL_FEAS_TOL) ||
                    lw[b] + lw[b2] > kk->cap_weight_kg * (1 + PL_FEAS_TOL))
                    continue;
                int all = 1;
                for (size_t i = 0; all && i < lane->nitems; i++)
                    if (pk->item_bin[i] == (long)b || pk->item_bin[i] == (long)b2)
                        all = pl_item_may_ride(&lane->items[i], kn, pk->bin_day[b2]);
                if (!all)
                    continue;
                for (size_t i = 0; i < lane->nitems; i++)
                    if (pk->item_bin[i] == (long)b)
                        pk->item_bin[i] = (long)b2;
                pk->bin_alive[b] = 0;
                pk->bin_cls[b2] = kn;
                lv[b2] += lv[b];
                lw[b2] += lw[b];
                teu += kk->teu - kb->teu - k2->teu;
                cf_clock_count((double)lane->nitems);
                break;
            }
            if (!pk->bin_alive[b])
                break;
        }
        cf_clock_count((double)pk->nbins * (double)lane->nclasses);
    }
}

static int tiered_improve(const struct pl_lane *lane, struct tiered *t, double improve_by)
{
    if (improve(lane, t->tier_on, t->teu, &t->pk, improve_by) != CF_OK)
        return -1;
    merge_up(lane, t->tier_on, &t->pk);
    t->teu = alive_teu(lane, &t->pk);
    t->cost = lane_cost_at(lane, &t->pk, t->pk.nbins, t->teu);
    t->out = packed_unplaced(lane, &t->pk);
    return 0;
}

/* c's departures packed at t->tier_on's prices (closed first: every tier
 * row at or below the TEU they ask). Where the packing falls short of a
 * tier, a copy in alt is raised to it (reach_tier), the tier is dropped
 * from t and the lane packed again; both are improved, and the better ends
 * in t. Returns CF_OK or an error (err set). */
static int pack_tiered(const struct pl_lane *lane, const struct pl_choice *c, const struct cf_plan_input *in,
                       double pack_deadline_s, double improve_by, struct gkey *keys, int *timed_out,
                       struct tiered *t, struct tiered *alt, struct cf_error *err)
{
    pl_tiers_close(lane, t->tier_on);
    int raised = 0; /* 1: alt was tried; 2: and reached its tier */
    for (;;) {
        int rc = pack_all(lane, c, t->tier_on, in, pack_deadline_s, 0, &t->pk, keys, timed_out, err);
        if (rc != CF_OK)
            return rc;
        t->teu = alive_teu(lane, &t->pk);
        double need = pl_tier_need(lane, t->tier_on);
        if (!(need > t->teu + 1e-9))
            break;
        if (!raised) {
            if (tiered_copy(lane, alt, t) != 0)
                return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
            int reached = reach_tier(lane, alt->tier_on, &alt->pk, need, &alt->teu);
            if (reached < 0)
                return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
            raised = reached ? 2 : 1;
        }
        for (size_t k = 0; k < lane->nclasses; k++)
            for (size_t r = 0; r < lane->classes[k].nrows; r++)
                if (t->tier_on[k][r] && lane->classes[k].rows[r].min_teu > t->teu + 1e-9)
                    t->tier_on[k][r] = 0;
    }
    /* the raised packing is improved too before the two are compared (loose
       shipments into the room the raising opened: two 40GP at a 4-TEU tier,
       2,200.00, lost to 2,416.00 untiered without) */
    if (tiered_improve(lane, t, improve_by) != 0 || (raised == 2 && tiered_improve(lane, alt, improve_by) != 0))
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    if (raised == 2 && alt->cost < CF_CENTS_HUGE && tiered_better(alt, t))
        tiered_swap(alt, t);
    return CF_OK;
}

/* The tier levels to try beyond those c's tiers ask: 0 < min_teu above
 * `asked`, ascending, distinct, at most PL_TIER_PROBES (a lane's card has a
 * few). Returns how many. */
#define PL_TIER_PROBES 4
static size_t tier_levels(const struct pl_lane *lane, double asked, double *levels)
{
    size_t n = 0;
    for (;;) {
        double next = INFINITY;
        for (size_t k = 0; k < lane->nclasses; k++)
            for (size_t r = 0; r < lane->classes[k].nrows; r++) {
                double m = lane->classes[k].rows[r].min_teu;
                if (m > asked + 1e-9 && m < next && (n == 0 || m > levels[n - 1] + 1e-9))
                    next = m;
            }
        if (!isfinite(next) || n == PL_TIER_PROBES)
            return n;
        levels[n++] = next;
    }
}

/* The least a plan reaching `level` TEU pays for its boxes: level TEU at the
 * lowest price a TEU of any row it brings in (cents). */
static double tier_least_cost(const struct pl_lane *lane, double level)
{
    double per = INFINITY;
    for (size_t k = 0; k < lane->nclasses; k++)
        for (size_t r = 0; r < lane->classes[k].nrows && lane->classes[k].teu > 0; r++)
            if (lane->classes[k].rows[r].min_teu <= level + 1e-9)
                per = fmin(per, (double)lane->classes[k].rows[r].cost / lane->classes[k].teu);
    return level * per;
}

int pl_pack_lane(const struct pl_lane *lane, const struct pl_choice *c,
                 const struct cf_plan_input *in, double time_limit_s, double anneal_s, struct pl_out *out,
                 int *timed_out, struct cf_error *err)
{
    int rc = CF_ERR_INTERNAL;
    double deadline_s = cf_now_s() + time_limit_s;
    /* exact packing may use 60 % of the time; the local search has the rest */
    double pack_deadline_s = cf_now_s() + 0.6 * time_limit_s;
    /* a quick plan's local search runs its rounds to the end: no clock */
    double improve_by = in->quick ? INFINITY : deadline_s;
    size_t n = lane->nitems ? lane->nitems : 1;
    struct tiered best, alt, probe; /* alt and probe allocated when first needed */
    memset(&alt, 0, sizeof alt);
    memset(&probe, 0, sizeof probe);
    int ok = tiered_init(&best, lane, c->tier_on) == 0;
    struct gkey *keys = calloc(n, sizeof *keys);
    size_t *loose_rate = calloc(n, sizeof *loose_rate);
    size_t *bin_start = NULL, *bin_fill = NULL, *bin_items = NULL; /* each bin's items, for the output */
    if (!ok || keys == NULL || loose_rate == NULL)
        goto oom;

    rc = pack_tiered(lane, c, in, pack_deadline_s, improve_by, keys, timed_out, &best, &alt, err);
    if (rc != CF_OK)
        goto done;
    /* tiers the lane's model did not turn on: each level above those, with
       every row up to it, packed and raised the same way where a plan
       reaching it could cost less (a card of tier rows alone, which the
       greedy starts and the search, pricing plain rows, never try) */
    double levels[PL_TIER_PROBES]; /* closing c's tiers does not raise the TEU they ask */
    size_t nlevels = tier_levels(lane, pl_tier_need(lane, c->tier_on), levels);
    double biggest = 0.0; /* the most TEU one step of reach_tier adds */
    for (size_t k = 0; k < lane->nclasses; k++)
        biggest = fmax(biggest, lane->classes[k].teu);
    for (size_t v = 0; v < nlevels; v++) {
        /* a level too dear at the least price a TEU, or further above the
           packing than reach_tier's steps go, is not packed */
        if (best.out == 0 && (tier_least_cost(lane, levels[v]) >= (double)best.cost ||
                              levels[v] - best.teu > PL_TIER_STEPS * biggest))
            continue;
        if (probe.tier_on == NULL && tiered_init(&probe, lane, c->tier_on) != 0)
            goto oom;
        for (size_t k = 0; k < lane->nclasses; k++)
            for (size_t r = 0; r < lane->classes[k].nrows; r++)
                probe.tier_on[k][r] = lane->classes[k].rows[r].min_teu <= levels[v] + 1e-9;
        rc = pack_tiered(lane, c, in, pack_deadline_s, improve_by, keys, timed_out, &probe, &alt, err);
        if (rc != CF_OK)
            goto done;
        if (tiered_better(&probe, &best))
            tiered_swap(&probe, &best);
    }
    /* the annealing ends with the lane's time, whatever the packing took */
    anneal_s = fmin(anneal_s, deadline_s + anneal_s - cf_now_s());
    if (anneal_s > 0.0 && !in->quick && best.pk.bin_alive != NULL) {
        double at0 = cf_clock_peek();
        cf_cents_t before = best.cost, saved = 0;
        double floor_teu = packed_tier_floor(lane, best.tier_on, &best.pk);
        /* the packing as it was, in alt, should the annealed one cost more
           at the lane's real prices (every tier and loose rate its TEU
           reaches) */
        if (tiered_copy(lane, &alt, &best) != 0 ||
            pl_anneal(lane, best.tier_on, floor_teu, best.pk.item_bin, best.pk.bin_cls, best.pk.bin_day,
                      best.pk.bin_alive, &best.pk.nbins, anneal_s, &saved) != 0)
            goto oom;
        if (saved > 0) {
            best.teu = alive_teu(lane, &best.pk);
            best.cost = lane_cost_at(lane, &best.pk, best.pk.nbins, best.teu);
            if (best.cost >= before)
                tiered_swap(&alt, &best);
        }
        if (in->log != NULL) {
            char line[160];
            snprintf(line, sizeof line, "plan: %s-%s: annealed: %.2f to %.2f, %.2f s", lane->origin,
                     lane->destination, (double)before / 100.0, (double)best.cost / 100.0, cf_clock_peek() - at0);
            in->log(in->log_ctx, line);
        }
    }
    if (settle_loose(lane, &best.pk, &best.teu, loose_rate) != 0)
        goto oom;
    struct packed pk = best.pk; /* a view of the winner's, freed with best */
    double teu = best.teu;

    /* emit: containers in bin order (departure groups), then loose, then no
       carrier; each bin's items (ascending) gathered in one pass first */
    bin_start = calloc(pk.nbins + 1, sizeof *bin_start);
    bin_fill = malloc((pk.nbins ? pk.nbins : 1) * sizeof *bin_fill);
    bin_items = malloc((lane->nitems ? lane->nitems : 1) * sizeof *bin_items);
    if (bin_start == NULL || bin_fill == NULL || bin_items == NULL)
        goto oom;
    for (size_t i = 0; i < lane->nitems; i++)
        if (pk.item_bin[i] >= 0)
            bin_start[pk.item_bin[i] + 1]++;
    for (size_t b = 0; b < pk.nbins; b++) {
        bin_start[b + 1] += bin_start[b];
        bin_fill[b] = bin_start[b];
    }
    for (size_t i = 0; i < lane->nitems; i++)
        if (pk.item_bin[i] >= 0)
            bin_items[bin_fill[pk.item_bin[i]]++] = i;
    for (size_t b = 0; b < pk.nbins; b++) {
        if (pk.bin_alive != NULL && !pk.bin_alive[b])
            continue;
        const struct pl_class *k = &lane->classes[pk.bin_cls[b]];
        const struct pl_row *row = pl_class_price_at(k, teu);
        if (row == NULL) {
            rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL,
                              "internal: no rate prices a %s on %s-%s", k->equipment, lane->origin,
                              lane->destination);
            goto done;
        }
        if (pl_out_box(out, lane, k, pk.bin_day[b], row->cost, bin_items + bin_start[b],
                       bin_start[b + 1] - bin_start[b]) == NULL)
            goto oom;
    }
    for (size_t i = 0; i < lane->nitems; i++) {
        const struct pl_item *it = &lane->items[i];
        if (pk.item_bin[i] == -1) {
            if (pl_out_loose(out, it, &it->loose[loose_rate[i]]) == NULL)
                goto oom;
        } else if (pk.item_bin[i] == -2) {
            struct cf_plan_unplaced *u = pl_out_unplaced(out);
            if (u == NULL)
                goto oom;
            u->shipment = it->shipment;
            snprintf(u->reason, sizeof u->reason,
                     "only volume-tier rates (min_teu) serve it on %s-%s and the plan does not reach them",
                     lane->origin, lane->destination);
        }
    }
    rc = CF_OK;
    goto done;
oom:
    rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
done:
    tiered_free(&best, lane);
    tiered_free(&alt, lane);
    tiered_free(&probe, lane);
    free(loose_rate);
    free(keys);
    free(bin_start);
    free(bin_fill);
    free(bin_items);
    return rc;
}

cf_cents_t pl_choice_packed_estimate(const struct pl_lane *lane, const struct pl_choice *c,
                                     const struct cf_plan_input *in)
{
    struct packed pk;
    int pk_ok = packed_init(&pk, lane->nitems) == 0;
    struct gkey *keys = calloc(lane->nitems ? lane->nitems : 1, sizeof *keys);
    cf_cents_t total = -1;
    struct cf_error err;
    cf_error_clear(&err);
    int timed_out = 0;
    if (!pk_ok || keys == NULL)
        goto done;
    if (pack_all(lane, c, c->tier_on, in, INFINITY, 1, &pk, keys, &timed_out, &err) != CF_OK)
        goto done;
    /* the greedy packings' work, for the work clock (binpack.c does not count
       it): some 32 passes over a departure's items, each scanning its bins */
    size_t ndays = 0, npacked = 0;
    for (size_t b = 0; b < pk.nbins; b++)
        if (b == 0 || pk.bin_day[b] != pk.bin_day[b - 1])
            ndays++; /* a departure's bins are consecutive */
    for (size_t i = 0; i < lane->nitems; i++)
        npacked += pk.item_bin[i] >= 0;
    cf_clock_count(32.0 * (double)npacked * ((double)pk.nbins / (double)(ndays ? ndays : 1) + 1.0));
    /* CF_CENTS_HUGE once, as pl_choice_estimate, when a box has no row or a
       shipment no carrier: summed, a lane of them overflowed (a start that
       placed nothing, in scripts/fuzz_inputs.py's seed 1301) */
    /* each box at the cheapest row the packing's TEU reaches, as the plan
       is priced (a tier c asks for but the packing misses does not count) */
    total = 0;
    double teu = alive_teu(lane, &pk);
    for (size_t b = 0; b < pk.nbins; b++) {
        const struct pl_row *row = pl_class_price_at(&lane->classes[pk.bin_cls[b]], teu);
        if (row == NULL) {
            total = CF_CENTS_HUGE;
            goto done;
        }
        total += row->cost;
    }
    for (size_t i = 0; i < lane->nitems; i++) {
        if (pk.item_bin[i] == -2) {
            total = CF_CENTS_HUGE;
            goto done;
        }
        if (pk.item_bin[i] == -1)
            total += lane->items[i].loose_cost;
    }
done:
    free(keys);
    packed_free(&pk);
    return total;
}
