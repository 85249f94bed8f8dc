/* plan_anneal.c — simulated annealing on a packed lane (pl_anneal,
 * plan_internal.h): shipments moved one at a time between the lane's
 * containers, loose, or into a container of their own; swapped between two
 * containers; whole containers emptied; a container changed to another class.
 * Each container keeps its own volume and weight, so every state is a plan.
 * Uphill moves are taken at a falling temperature and the cheapest plan seen
 * is kept. The phases before the packing judge departures by aggregate room
 * or by greedy packings; this one moves single shipments by real room. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "models/grow.h"
#include "models/rng.h"
#include "solver/plan_internal.h"

/* Temperatures, as fractions of the lane's mean container price: from the
   first to the last, geometrically in time. */
#define PL_ANNEAL_T0 0.01
#define PL_ANNEAL_T1 0.0005
/* Moves between two readings of the clock. */
#define PL_ANNEAL_BATCH 512
/* Odds of a ruin-and-recreate move where a key has at most
   PL_ANNEAL_REBUILD_ITEMS items on average (less in proportion above) */
#define PL_ANNEAL_REBUILD 0.125
#define PL_ANNEAL_REBUILD_ITEMS 10.0
/* A ruin-and-recreate move empties the boxes within 1 to this many days of
   a departure. */
#define PL_ANNEAL_SPAN_DAYS 7
/* ... and reopens boxes by their saving times 1 + this x a uniform draw: of
   the boxes that pay, nearly any order (the 40-firm road lane alone at
   1.1-1.6 nominal s, mean of six: 123,098 at 0.1, 122,825 at 0.3, 122,654 at
   4, 122,609 at 10, 122,681 at 100; the years do not tell them apart) */
#define PL_ANNEAL_REBUILD_NOISE 4.0
/* ... and fills them, at these odds, with the shipments whose last
   departure is soonest first (else the densest first): the 40-firm years,
   seeds 1-5 at 9.5 and 10.5 s (bench/bench_plan_seeds.sh), 0.922 % at 0,
   0.864 % at 0.5, 0.856 % at 0.7, 0.880 % at 1; seeds 6-10 0.899 % at 0,
   0.870 % at 0.5. Densest first alone leaves a shipment due soon to go
   loose where a box it could have ridden took one that could wait. */
#define PL_ANNEAL_URGENT 0.5
/* Steps charged to the work clock per move, and per shipment a rebuild
   scans: set so that a nominal second of annealing takes about what one of
   the other phases does on the 40-firm year (0.6-0.8 s here). */
#define PL_ANNEAL_STEPS 110.0
#define PL_ANNEAL_SCAN_STEPS 4.5

/* One move of a compound move, for undoing it: item `item` moved from box
   (or loose) `from`; or, with item SIZE_MAX, box `from` moved from key `key`. */
struct an_step {
    size_t item;
    long from;
    size_t key;
};

struct an {
    const struct pl_lane *lane;
    /* distinct (class, departure) among the options, sorted */
    size_t nkeys;
    size_t *key_cls;
    cf_date_t *key_day;
    cf_cents_t *key_price; /* < 0: the class has no priced row */
    struct pl_ids *key_bins; /* boxes of the key, empty ones too */
    size_t *opt_off, *opt_key; /* item i's options' keys: opt_key[opt_off[i] .. opt_off[i + 1]) */
    size_t *key_off, *key_item; /* key q's items, densest loose charge first: key_item[key_off[q] .. key_off[q + 1]) */
    size_t *key_urgent;         /* the same, those whose last departure is soonest first */
    /* boxes */
    size_t nbins, cap;
    size_t *bin_key, *bin_pos; /* bin_pos: index in key_bins[bin_key] */
    double *lv, *lw;
    struct pl_ids *bin_items;
    size_t *item_pos; /* index in bin_items[item_bin] */
    unsigned char *alive; /* 0: a free slot */
    struct pl_ids free_bins;
    long *item_bin; /* >= 0 box, -1 loose, -2 no carrier */
    size_t *movable;
    size_t nmovable;
    cf_cents_t cost;
    double teu, teu_floor;
    uint64_t rng;
    struct an_step *log;
    size_t nlog, cap_log;
    double p_rebuild;  /* odds of a ruin-and-recreate move */
    size_t *cls_first; /* nclasses + 1: class k's keys are [cls_first[k], cls_first[k + 1]) */
    double steps;      /* work since the clock was last charged */
};

static uint64_t rnd(struct an *s)
{
    return cf_xorshift64s(&s->rng);
}

static size_t rnd_below(struct an *s, size_t n)
{
    return (size_t)((rnd(s) >> 11) % n);
}

static double rnd_unit(struct an *s)
{
    return (double)(rnd(s) >> 11) * (1.0 / 9007199254740992.0);
}

static const struct pl_class *bin_class(const struct an *s, size_t b)
{
    return &s->lane->classes[s->key_cls[s->bin_key[b]]];
}

/* a box of class k holds a load of v m3 and w kg */
static int holds(const struct pl_class *k, double v, double w)
{
    return v <= k->cap_volume_m3 * (1 + PL_FEAS_TOL) && w <= k->cap_weight_kg * (1 + PL_FEAS_TOL);
}

/* box b holds its load with `out` taken out (NULL: none) and `in` put in */
static int fits_for(const struct an *s, size_t b, const struct pl_item *out, const struct pl_item *in)
{
    double v = s->lv[b], w = s->lw[b];
    if (out != NULL) {
        v -= out->volume_m3;
        w -= out->weight_kg;
    }
    return holds(bin_class(s, b), v + in->volume_m3, w + in->weight_kg);
}

static int fits(const struct an *s, size_t b, const struct pl_item *it)
{
    return fits_for(s, b, NULL, it);
}

/* a move to a plan of `teu` that costs d cents more is refused: below the
   TEU floor, or uphill and not taken at temperature temp */
static int refused(struct an *s, double teu, double d, double temp)
{
    return teu < s->teu_floor - 1e-9 || (d > 0 && !(rnd_unit(s) < exp(-d / temp)));
}

/* item i out of its box or loose charge */
static void take_out(struct an *s, size_t i)
{
    const struct pl_item *it = &s->lane->items[i];
    long b = s->item_bin[i];
    if (b == -1) {
        s->cost -= it->loose_cost;
        return;
    }
    size_t bb = (size_t)b;
    struct pl_ids *x = &s->bin_items[bb];
    size_t at = s->item_pos[i], last = x->v[--x->n];
    x->v[at] = last;
    s->item_pos[last] = at;
    s->lv[bb] -= it->volume_m3;
    s->lw[bb] -= it->weight_kg;
    if (x->n == 0) {
        s->lv[bb] = s->lw[bb] = 0.0;
        s->cost -= s->key_price[s->bin_key[bb]];
        s->teu -= bin_class(s, bb)->teu;
    }
}

/* item i into box b (>= 0) or loose (-1); room is the caller's to check */
static int put_in(struct an *s, size_t i, long b)
{
    const struct pl_item *it = &s->lane->items[i];
    s->item_bin[i] = b;
    if (b == -1) {
        s->cost += it->loose_cost;
        return 0;
    }
    size_t bb = (size_t)b;
    if (s->bin_items[bb].n == 0) {
        s->cost += s->key_price[s->bin_key[bb]];
        s->teu += bin_class(s, bb)->teu;
    }
    s->item_pos[i] = s->bin_items[bb].n;
    if (pl_ids_push(&s->bin_items[bb], i) != 0)
        return -1;
    s->lv[bb] += it->volume_m3;
    s->lw[bb] += it->weight_kg;
    return 0;
}

static int log_step(struct an *s, struct an_step st)
{
    struct an_step *l = cf_grow(s->log, &s->cap_log, s->nlog, 64, sizeof *l);
    if (l == NULL)
        return -1;
    s->log = l;
    s->log[s->nlog++] = st;
    return 0;
}

/* a move of item i to `to`, logged for undo */
static int move(struct an *s, size_t i, long to)
{
    if (log_step(s, (struct an_step){i, s->item_bin[i], 0}) != 0)
        return -1;
    take_out(s, i);
    return put_in(s, i, to);
}

static void unlist(struct an *s, size_t b);

/* box b (holding items) to key q2: its price and TEU change with it */
static int set_key(struct an *s, size_t b, size_t q2)
{
    size_t q = s->bin_key[b];
    if (s->bin_items[b].n > 0) {
        s->cost += s->key_price[q2] - s->key_price[q];
        s->teu += s->lane->classes[s->key_cls[q2]].teu - s->lane->classes[s->key_cls[q]].teu;
    }
    unlist(s, b);
    s->bin_key[b] = q2;
    s->bin_pos[b] = s->key_bins[q2].n;
    return pl_ids_push(&s->key_bins[q2], b);
}

/* the same, logged for undo */
static int rekey(struct an *s, size_t b, size_t q2)
{
    if (log_step(s, (struct an_step){SIZE_MAX, (long)b, s->bin_key[b]}) != 0)
        return -1;
    return set_key(s, b, q2);
}

static int undo(struct an *s)
{
    while (s->nlog > 0) {
        struct an_step st = s->log[--s->nlog];
        if (st.item == SIZE_MAX) {
            if (set_key(s, (size_t)st.from, st.key) != 0)
                return -1;
            continue;
        }
        take_out(s, st.item);
        if (put_in(s, st.item, st.from) != 0)
            return -1;
    }
    return 0;
}

/* A new empty box of key q (a free slot reused); -1 when out of slots or
   memory, or the class has no price. */
static long new_bin(struct an *s, size_t q)
{
    if (s->key_price[q] < 0)
        return -1;
    size_t b;
    if (s->free_bins.n > 0) {
        b = s->free_bins.v[--s->free_bins.n];
    } else {
        if (s->nbins == s->cap)
            return -1;
        b = s->nbins++;
    }
    s->alive[b] = 1;
    s->bin_key[b] = q;
    s->lv[b] = s->lw[b] = 0.0;
    s->bin_items[b].n = 0;
    s->bin_pos[b] = s->key_bins[q].n;
    if (pl_ids_push(&s->key_bins[q], b) != 0)
        return -1;
    return (long)b;
}

/* box b off its key's list */
static void unlist(struct an *s, size_t b)
{
    struct pl_ids *x = &s->key_bins[s->bin_key[b]];
    size_t at = s->bin_pos[b], last = x->v[--x->n];
    x->v[at] = last;
    s->bin_pos[last] = at;
}

/* An empty box of key q: one the key keeps, or a new one; -1 when none. */
static long empty_bin(struct an *s, size_t q)
{
    for (size_t e = 0; e < s->key_bins[q].n; e++)
        if (s->bin_items[s->key_bins[q].v[e]].n == 0)
            return (long)s->key_bins[q].v[e];
    return new_bin(s, q);
}

/* Empty boxes dropped, but one per key kept as a place to open; the loads
   summed again (a load kept by adding and subtracting drifts, and a box
   filled to the brim must stay within its capacity). */
static void purge(struct an *s)
{
    for (size_t b = 0; b < s->nbins; b++) {
        if (!s->alive[b])
            continue;
        double v = 0.0, w = 0.0;
        for (size_t e = 0; e < s->bin_items[b].n; e++) {
            v += s->lane->items[s->bin_items[b].v[e]].volume_m3;
            w += s->lane->items[s->bin_items[b].v[e]].weight_kg;
        }
        s->lv[b] = v;
        s->lw[b] = w;
    }
    for (size_t q = 0; q < s->nkeys; q++) {
        struct pl_ids *x = &s->key_bins[q];
        int spare = 0;
        for (size_t e = 0; e < x->n;) {
            size_t b = x->v[e];
            if (s->bin_items[b].n > 0 || !spare) {
                spare |= s->bin_items[b].n == 0;
                e++;
                continue;
            }
            unlist(s, b);
            s->alive[b] = 0;
            (void)pl_ids_push(&s->free_bins, b); /* room reserved at init: never fails */
        }
    }
}

static size_t key_find(const struct an *s, size_t cls, cf_date_t day)
{
    size_t lo = 0, hi = s->nkeys;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->key_cls[mid] < cls || (s->key_cls[mid] == cls && s->key_day[mid] < day))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->nkeys && s->key_cls[lo] == cls && s->key_day[lo] == day ? lo : SIZE_MAX;
}

static int item_may(const struct an *s, size_t i, size_t q)
{
    for (size_t e = s->opt_off[i]; e < s->opt_off[i + 1]; e++)
        if (s->opt_key[e] == q)
            return 1;
    return 0;
}

/* every item of box b may ride key q */
static int box_may(const struct an *s, size_t b, size_t q)
{
    for (size_t e = 0; e < s->bin_items[b].n; e++)
        if (!item_may(s, s->bin_items[b].v[e], q))
            return 0;
    return 1;
}

/* A box of one of item i's keys, not `not`: one of that key's boxes at
   random (an empty one opens it), or a new one; -1 when none. */
static long pick_bin(struct an *s, size_t i, long not)
{
    size_t no = s->opt_off[i + 1] - s->opt_off[i];
    if (no == 0)
        return -1;
    size_t q = s->opt_key[s->opt_off[i] + rnd_below(s, no)];
    struct pl_ids *x = &s->key_bins[q];
    if (x->n == 0)
        return new_bin(s, q);
    long b = (long)x->v[rnd_below(s, x->n)];
    return b == not ? -1 : b;
}

/* The keys of class k leaving on [lo, hi]: [*a, *b). */
static void keys_between(const struct an *s, size_t k, cf_date_t lo, cf_date_t hi, size_t *a, size_t *b)
{
    size_t x = s->cls_first[k], y = s->cls_first[k + 1];
    while (x < y) { /* the first key leaving on lo or later */
        size_t mid = (x + y) / 2;
        if (s->key_day[mid] < lo)
            x = mid + 1;
        else
            y = mid;
    }
    size_t z = x, end = s->cls_first[k + 1];
    while (z < end && s->key_day[z] <= hi)
        z++;
    *a = x;
    *b = z;
}

/* Every box leaving on [lo, hi] emptied into loose; then, while one pays,
 * the box of a key there that saves most when filled from the loose items
 * that may take it, densest first or soonest due first (one order per
 * rebuild); then loose items into any box of theirs with room. Moves are logged; an item left loose without a loose rate is
 * the caller's to undo (its loose_cost, -1, keeps the sums reversible). */
static int ruin_recreate(struct an *s, cf_date_t lo, cf_date_t hi)
{
    const struct pl_lane *lane = s->lane;
    const size_t *order = rnd_unit(s) < PL_ANNEAL_URGENT ? s->key_urgent : s->key_item;
    for (size_t k = 0; k < lane->nclasses; k++) {
        size_t a, b;
        keys_between(s, k, lo, hi, &a, &b);
        for (size_t q = a; q < b; q++)
            for (size_t e = 0; e < s->key_bins[q].n; e++) {
                size_t bb = s->key_bins[q].v[e];
                while (s->bin_items[bb].n > 0)
                    if (move(s, s->bin_items[bb].v[s->bin_items[bb].n - 1], -1) != 0)
                        return -1;
            }
    }
    for (;;) {
        double best_gain = 0.0;
        size_t best_q = SIZE_MAX;
        for (size_t k = 0; k < lane->nclasses; k++) {
            size_t a, b;
            keys_between(s, k, lo, hi, &a, &b);
            const struct pl_class *kl = &lane->classes[k];
            for (size_t q = a; q < b; q++) {
                if (s->key_price[q] < 0)
                    continue;
                double v = 0, w = 0, gain = -(double)s->key_price[q];
                for (size_t e = s->key_off[q]; e < s->key_off[q + 1]; e++) {
                    const struct pl_item *jt = &lane->items[order[e]];
                    if (s->item_bin[order[e]] != -1 || !holds(kl, v + jt->volume_m3, w + jt->weight_kg))
                        continue;
                    v += jt->volume_m3;
                    w += jt->weight_kg;
                    /* a shipment with no loose rate must ride: it counts ten boxes */
                    gain += jt->loose_cost < 0 ? 10.0 * (double)s->key_price[q] : (double)jt->loose_cost;
                }
                s->steps += PL_ANNEAL_SCAN_STEPS * (double)(s->key_off[q + 1] - s->key_off[q]);
                gain *= 1.0 + PL_ANNEAL_REBUILD_NOISE * rnd_unit(s);
                if (gain > best_gain) {
                    best_gain = gain;
                    best_q = q;
                }
            }
        }
        if (best_q == SIZE_MAX)
            break;
        long bb = empty_bin(s, best_q);
        if (bb < 0)
            break;
        for (size_t e = s->key_off[best_q]; e < s->key_off[best_q + 1]; e++) {
            size_t j = order[e];
            if (s->item_bin[j] == -1 && fits(s, (size_t)bb, &lane->items[j]) && move(s, j, bb) != 0)
                return -1;
        }
    }
    /* what is still loose: into a box of its own keys with room */
    size_t nlog = s->nlog;
    for (size_t m = 0; m < nlog; m++) {
        size_t j = s->log[m].item;
        if (j == SIZE_MAX || s->item_bin[j] != -1)
            continue;
        for (size_t e = s->opt_off[j]; e < s->opt_off[j + 1] && s->item_bin[j] == -1; e++) {
            struct pl_ids *x = &s->key_bins[s->opt_key[e]];
            for (size_t f = 0; f < x->n; f++)
                if (s->bin_items[x->v[f]].n > 0 && fits(s, x->v[f], &lane->items[j])) {
                    if (move(s, j, (long)x->v[f]) != 0)
                        return -1;
                    break;
                }
        }
    }
    return 0;
}

/* The cheapest key of box b's day, of another class, that holds b's load
   with item j added and that j and every item of b may ride: SIZE_MAX when
   none. */
static size_t bigger_key(const struct an *s, size_t b, size_t j)
{
    const struct pl_item *jt = &s->lane->items[j];
    size_t q = s->bin_key[b], best = SIZE_MAX;
    for (size_t k = 0; k < s->lane->nclasses; k++) {
        if (k == s->key_cls[q])
            continue;
        size_t q2 = key_find(s, k, s->key_day[q]);
        if (q2 == SIZE_MAX || s->key_price[q2] < 0 ||
            (best != SIZE_MAX && s->key_price[q2] >= s->key_price[best]) ||
            !holds(&s->lane->classes[k], s->lv[b] + jt->volume_m3, s->lw[b] + jt->weight_kg) || !item_may(s, j, q2))
            continue;
        if (box_may(s, b, q2))
            best = q2;
    }
    return best;
}

/* One compound move tried: 0 (kept or undone), -1 out of memory. */
static int try_move(struct an *s, double temp)
{
    size_t i = s->movable[rnd_below(s, s->nmovable)];
    const struct pl_item *it = &s->lane->items[i];
    long from = s->item_bin[i];
    cf_cents_t e0 = s->cost;
    /* the moves' odds out of 16: 0 empty a box, 1 change its key, 2 open a
       box, 3-5 swap, the rest relocate; a rebuild first, at its own odds */
    int kind = rnd_unit(s) < s->p_rebuild ? -1 : (int)rnd_below(s, 16);
    s->nlog = 0;
    if (kind == 0 && from >= 0) {
        /* empty i's box: each item to another box of its keys with room, else loose */
        size_t b = (size_t)from;
        while (s->bin_items[b].n > 0) {
            size_t j = s->bin_items[b].v[s->bin_items[b].n - 1];
            const struct pl_item *jt = &s->lane->items[j];
            long to = -1;
            for (int tries = 0; tries < 4 && to < 0; tries++) {
                long c = pick_bin(s, j, (long)b);
                if (c >= 0 && s->bin_items[c].n > 0 && fits(s, (size_t)c, jt))
                    to = c;
            }
            for (int tries = 0; tries < 4 && to < 0 && s->lane->nclasses > 1; tries++) {
                /* a box that j fits once it is a bigger box the same day */
                long c = pick_bin(s, j, (long)b);
                size_t q2 = c >= 0 && s->bin_items[c].n > 0 ? bigger_key(s, (size_t)c, j) : SIZE_MAX;
                if (q2 != SIZE_MAX) {
                    if (rekey(s, (size_t)c, q2) != 0)
                        return -1;
                    to = c;
                }
            }
            if (to < 0 && jt->loose_cost < 0)
                return undo(s);
            if (move(s, j, to) != 0)
                return -1;
        }
    } else if (kind == 2) {
        /* a new box on one of i's keys, filled densest-first from loose items */
        size_t no = s->opt_off[i + 1] - s->opt_off[i];
        if (no == 0)
            return 0;
        size_t q = s->opt_key[s->opt_off[i] + rnd_below(s, no)];
        long b = empty_bin(s, q);
        if (b < 0)
            return 0;
        if (from != b && fits(s, (size_t)b, it) && move(s, i, b) != 0)
            return -1;
        for (size_t e = s->key_off[q]; e < s->key_off[q + 1]; e++) {
            size_t j = s->key_item[e];
            if (s->item_bin[j] == -1 && fits(s, (size_t)b, &s->lane->items[j]) && move(s, j, b) != 0)
                return -1;
        }
        if (s->nlog == 0)
            return 0;
    } else if (kind == 1 && from >= 0) {
        /* the box to another of i's keys: another class or departure */
        size_t b = (size_t)from, q = s->bin_key[b];
        size_t no = s->opt_off[i + 1] - s->opt_off[i];
        size_t q2 = s->opt_key[s->opt_off[i] + rnd_below(s, no)];
        if (q2 == q || s->key_price[q2] < 0)
            return 0;
        const struct pl_class *kk = &s->lane->classes[s->key_cls[q2]];
        if (!holds(kk, s->lv[b], s->lw[b]) || !box_may(s, b, q2))
            return 0;
        double teu2 = s->teu - bin_class(s, b)->teu + kk->teu;
        cf_cents_t cost2 = s->cost - s->key_price[q] + s->key_price[q2];
        double d = (double)(cost2 - e0);
        if (refused(s, teu2, d, temp))
            return 0;
        return set_key(s, b, q2);
    } else if (kind == -1) {
        /* ruin and recreate: every box leaving within some days of one of
           i's departures emptied, then boxes there reopened greedily */
        size_t no = s->opt_off[i + 1] - s->opt_off[i];
        if (no == 0)
            return 0;
        cf_date_t mid = s->key_day[s->opt_key[s->opt_off[i] + rnd_below(s, no)]];
        int span = 1 + (int)rnd_below(s, PL_ANNEAL_SPAN_DAYS);
        if (ruin_recreate(s, mid - span, mid + span) != 0)
            return -1;
        if (s->nlog == 0)
            return 0;
    } else if (kind < 6 && from >= 0) {
        /* swap with an item of another box that may ride i's */
        long c = pick_bin(s, i, from);
        if (c < 0 || s->bin_items[c].n == 0)
            return 0;
        size_t j = s->bin_items[c].v[rnd_below(s, s->bin_items[c].n)];
        const struct pl_item *jt = &s->lane->items[j];
        if (!item_may(s, j, s->bin_key[from]))
            return 0;
        if (!fits_for(s, (size_t)from, it, jt) || !fits_for(s, (size_t)c, jt, it))
            return 0;
        /* j out to loose first keeps both boxes open throughout */
        if (move(s, j, -1) != 0 || move(s, i, c) != 0 || move(s, j, from) != 0)
            return -1;
    } else {
        /* i to another box with room, a new one, or loose; where the box
           has no room for it, one of its items goes loose to make room */
        long to;
        if (from >= 0 && it->loose_cost >= 0 && rnd_below(s, 8) == 0) {
            to = -1;
        } else {
            to = pick_bin(s, i, from);
            if (to < 0)
                return 0;
        }
        if (to >= 0 && !fits(s, (size_t)to, it)) {
            size_t n = s->bin_items[to].n;
            size_t j = s->bin_items[to].v[rnd_below(s, n)];
            const struct pl_item *jt = &s->lane->items[j];
            if (jt->loose_cost < 0 || !fits_for(s, (size_t)to, jt, it))
                return 0;
            if (move(s, j, -1) != 0)
                return -1;
        }
        if (to == from)
            return undo(s);
        if (move(s, i, to) != 0)
            return -1;
    }
    for (size_t m = 0; m < s->nlog; m++)
        if (s->log[m].item != SIZE_MAX && s->item_bin[s->log[m].item] == -1 &&
            s->lane->items[s->log[m].item].loose_cost < 0)
            return undo(s);
    double d = (double)(s->cost - e0);
    if (refused(s, s->teu, d, temp))
        return undo(s);
    return 0;
}

static void an_free(struct an *s)
{
    if (s->key_bins != NULL)
        for (size_t q = 0; q < s->nkeys; q++)
            free(s->key_bins[q].v);
    if (s->bin_items != NULL)
        for (size_t b = 0; b < s->cap; b++)
            free(s->bin_items[b].v);
    free(s->key_bins);
    free(s->bin_items);
    free(s->free_bins.v);
    free(s->key_cls);
    free(s->key_day);
    free(s->key_price);
    free(s->opt_off);
    free(s->opt_key);
    free(s->key_off);
    free(s->key_item);
    free(s->key_urgent);
    free(s->cls_first);
    free(s->bin_key);
    free(s->bin_pos);
    free(s->lv);
    free(s->lw);
    free(s->item_pos);
    free(s->alive);
    free(s->item_bin);
    free(s->movable);
    free(s->log);
}

/* an item's loose charge per share of a box of class k (by its binding dimension) */
static double density(const struct pl_item *it, const struct pl_class *k)
{
    double share = fmax(it->volume_m3 / k->cap_volume_m3, it->weight_kg / k->cap_weight_kg);
    return it->loose_cost < 0 ? 0.0 : (double)it->loose_cost / fmax(share, 1e-9);
}

/* An item's place in a key's fill order: by first, then second, then item. */
struct an_rank {
    double first, second;
    size_t item;
};

static int rank_cmp(const void *a, const void *b)
{
    const struct an_rank *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    if (x->second != y->second)
        return x->second < y->second ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}

/* boxes by departure, then class, then number (the packing's order) */
static int box_cmp(const void *a, const void *b)
{
    const struct pl_okey *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->cls != y->cls)
        return x->cls < y->cls ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}

/* s from the packing (item_bin, bin_cls, bin_day; alive NULL: all); 0 or -1 on OOM */
static int an_init(struct an *s, const struct pl_lane *lane, unsigned char *const *tier_on, double teu_floor,
                   const long *item_bin, const size_t *bin_cls, const cf_date_t *bin_day,
                   const unsigned char *alive, size_t nbins)
{
    memset(s, 0, sizeof *s);
    s->lane = lane;
    s->teu_floor = teu_floor;
    s->rng = 0x9E3779B97F4A7C15ULL ^ (uint64_t)lane->nitems; /* fixed: the same plan every run */
    size_t n = lane->nitems, nopt = 0;
    for (size_t i = 0; i < n; i++)
        nopt += lane->items[i].noptions;
    size_t na = 0;
    struct pl_okey *all = pl_lane_okeys(lane, &na); /* by (class, day, item, option) */
    s->opt_off = calloc(n + 1, sizeof *s->opt_off);
    s->opt_key = malloc((nopt ? nopt : 1) * sizeof *s->opt_key);
    s->key_cls = malloc((nopt ? nopt : 1) * sizeof *s->key_cls);
    s->key_day = malloc((nopt ? nopt : 1) * sizeof *s->key_day);
    s->key_price = malloc((nopt ? nopt : 1) * sizeof *s->key_price);
    s->key_off = calloc(nopt + 2, sizeof *s->key_off);
    s->key_item = malloc((nopt ? nopt : 1) * sizeof *s->key_item);
    s->key_urgent = malloc((nopt ? nopt : 1) * sizeof *s->key_urgent);
    /* room for every box the packing had and one new per key: a plan never
       needs more boxes than items, the spares being empty */
    s->cap = (n > nbins ? n : nbins) + nopt + 1;
    s->key_bins = calloc(nopt ? nopt : 1, sizeof *s->key_bins);
    s->bin_items = calloc(s->cap, sizeof *s->bin_items);
    s->bin_key = calloc(s->cap, sizeof *s->bin_key);
    s->bin_pos = calloc(s->cap, sizeof *s->bin_pos);
    s->lv = calloc(s->cap, sizeof *s->lv);
    s->lw = calloc(s->cap, sizeof *s->lw);
    s->alive = calloc(s->cap, 1);
    s->free_bins.v = malloc(s->cap * sizeof *s->free_bins.v);
    s->free_bins.cap = s->cap;
    s->item_pos = calloc(n ? n : 1, sizeof *s->item_pos);
    s->item_bin = malloc((n ? n : 1) * sizeof *s->item_bin);
    s->movable = malloc((n ? n : 1) * sizeof *s->movable);
    if (all == NULL || s->opt_off == NULL || s->opt_key == NULL || s->key_cls == NULL || s->key_day == NULL ||
        s->key_price == NULL || s->key_off == NULL || s->key_item == NULL || s->key_urgent == NULL || s->key_bins == NULL || s->bin_items == NULL || s->bin_key == NULL ||
        s->bin_pos == NULL || s->lv == NULL || s->lw == NULL || s->alive == NULL || s->free_bins.v == NULL ||
        s->item_pos == NULL || s->item_bin == NULL || s->movable == NULL) {
        free(all);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        s->opt_off[i + 1] = s->opt_off[i] + lane->items[i].noptions;
    for (size_t e = 0; e < na; e++) {
        if (e == 0 || all[e].cls != all[e - 1].cls || all[e].day != all[e - 1].day) {
            s->key_cls[s->nkeys] = all[e].cls;
            s->key_day[s->nkeys] = all[e].day;
            const struct pl_row *row = pl_class_price(&lane->classes[all[e].cls], tier_on[all[e].cls]);
            s->key_price[s->nkeys] = row != NULL ? row->cost : -1;
            s->nkeys++;
        }
        s->opt_key[s->opt_off[all[e].item] + all[e].option] = s->nkeys - 1;
        s->key_item[e] = all[e].item;
        s->key_off[s->nkeys] = e + 1;
    }
    free(all);
    /* a rebuild scans its keys' items: on lanes whose keys hold many, fewer */
    s->p_rebuild = PL_ANNEAL_REBUILD * fmin(1.0, PL_ANNEAL_REBUILD_ITEMS * (double)s->nkeys / (double)(na ? na : 1));
    s->cls_first = calloc(lane->nclasses + 1, sizeof *s->cls_first);
    if (s->cls_first == NULL)
        return -1;
    for (size_t k = 0, q = 0; k <= lane->nclasses; k++) {
        while (q < s->nkeys && s->key_cls[q] < k)
            q++;
        s->cls_first[k] = q;
    }
    /* each key's items densest first: loose charge per share of the box */
    struct an_rank *rank = malloc((na ? na : 1) * sizeof *rank);
    if (rank == NULL)
        return -1;
    for (size_t q = 0; q < s->nkeys; q++) {
        const struct pl_class *k = &lane->classes[s->key_cls[q]];
        size_t a = s->key_off[q], m = s->key_off[q + 1] - a;
        for (int urgent = 1; urgent >= 0; urgent--) {
            for (size_t x = 0; x < m; x++) {
                const struct pl_item *it = &lane->items[s->key_item[a + x]];
                double last = 0.0;
                for (size_t o = 0; urgent && o < it->noptions; o++)
                    last = fmax(last, (double)it->options[o].day);
                rank[x] = (struct an_rank){last, -density(it, k), s->key_item[a + x]};
            }
            qsort(rank, m, sizeof *rank, rank_cmp);
            for (size_t x = 0; x < m; x++)
                (urgent ? s->key_urgent : s->key_item)[a + x] = rank[x].item;
        }
    }
    free(rank);
    /* the packing's boxes, at their keys */
    long *renum = malloc((nbins ? nbins : 1) * sizeof *renum);
    if (renum == NULL)
        return -1;
    for (size_t b = 0; b < nbins; b++) {
        renum[b] = -1;
        if (alive != NULL && !alive[b])
            continue;
        size_t q = key_find(s, bin_cls[b], bin_day[b]);
        if (q == SIZE_MAX || s->key_price[q] < 0) {
            free(renum);
            return 1; /* a box no item's option names: not ours to move */
        }
        renum[b] = new_bin(s, q);
        if (renum[b] < 0) {
            free(renum);
            return -1;
        }
    }
    for (size_t i = 0; i < n; i++) {
        long b = item_bin[i];
        s->item_bin[i] = b < 0 ? b : renum[b];
        if (b >= 0 && s->item_bin[i] < 0) {
            free(renum);
            return 1;
        }
        if (b == -2)
            continue;
        if (b >= 0 || lane->items[i].noptions > 0)
            s->movable[s->nmovable++] = i;
        if (put_in(s, i, s->item_bin[i]) != 0) {
            free(renum);
            return -1;
        }
    }
    free(renum);
    return 0;
}

void pl_balance_day(const struct pl_lane *lane, long *item_bin, const size_t *bin_cls, const cf_date_t *bin_day,
                    size_t b0, size_t b1, double *lv, double *lw, size_t *count)
{
#define PL_FILL(b, v, w) \
    fmax((v) / lane->classes[bin_cls[b]].cap_volume_m3, (w) / lane->classes[bin_cls[b]].cap_weight_kg)
    for (int step = 0; step < 1000; step++) {
        size_t f = b0;
        for (size_t b = b0; b < b1; b++)
            if (PL_FILL(b, lv[b], lw[b]) > PL_FILL(f, lv[f], lw[f]))
                f = b;
        double top = PL_FILL(f, lv[f], lw[f]);
        int moved = 0;
        for (size_t i = 0; i < lane->nitems && !moved && count[f] > 1; i++) {
            if (item_bin[i] != (long)f)
                continue;
            const struct pl_item *it = &lane->items[i];
            for (size_t b = b0; b < b1 && !moved; b++) {
                const struct pl_class *k = &lane->classes[bin_cls[b]];
                double v = lv[b] + it->volume_m3, w = lw[b] + it->weight_kg;
                if (b == f || !holds(k, v, w) ||
                    !(PL_FILL(b, v, w) < top - 1e-9) || !pl_item_may_ride(it, bin_cls[b], bin_day[b]))
                    continue;
                item_bin[i] = (long)b;
                lv[b] = v;
                lw[b] = w;
                lv[f] -= it->volume_m3;
                lw[f] -= it->weight_kg;
                count[b]++;
                count[f]--;
                moved = 1;
            }
        }
        /* else a swap: a shipment of the fullest for a smaller one of another box */
        for (size_t i = 0; i < lane->nitems && !moved; i++) {
            if (item_bin[i] != (long)f)
                continue;
            const struct pl_item *it = &lane->items[i];
            for (size_t j = 0; j < lane->nitems && !moved; j++) {
                long b = item_bin[j];
                if (b < (long)b0 || b >= (long)b1 || b == (long)f)
                    continue;
                const struct pl_item *jt = &lane->items[j];
                const struct pl_class *kf = &lane->classes[bin_cls[f]], *kb = &lane->classes[bin_cls[b]];
                double fv = lv[f] - it->volume_m3 + jt->volume_m3, fw = lw[f] - it->weight_kg + jt->weight_kg;
                double bv = lv[b] - jt->volume_m3 + it->volume_m3, bw = lw[b] - jt->weight_kg + it->weight_kg;
                if (!holds(kf, fv, fw) || !holds(kb, bv, bw) ||
                    !(PL_FILL(f, fv, fw) < top - 1e-9) || !(PL_FILL((size_t)b, bv, bw) < top - 1e-9) ||
                    !pl_item_may_ride(it, bin_cls[b], bin_day[b]) || !pl_item_may_ride(jt, bin_cls[f], bin_day[f]))
                    continue;
                item_bin[i] = b;
                item_bin[j] = (long)f;
                lv[f] = fv;
                lw[f] = fw;
                lv[b] = bv;
                lw[b] = bw;
                moved = 1;
            }
        }
        cf_clock_count((double)lane->nitems * (double)(1 + count[f]));
        if (!moved)
            break;
    }
#undef PL_FILL
}

int pl_anneal(const struct pl_lane *lane, unsigned char *const *tier_on, double teu_floor, long *item_bin,
              size_t *bin_cls, cf_date_t *bin_day, unsigned char *alive, size_t *nbins, double seconds,
              cf_cents_t *saved)
{
    *saved = 0;
    struct an s;
    int rc = an_init(&s, lane, tier_on, teu_floor, item_bin, bin_cls, bin_day, alive, *nbins);
    long *best_bin = NULL;
    size_t *best_key = NULL;
    if (rc != 0 || s.nmovable == 0) {
        an_free(&s);
        return rc < 0 ? -1 : 0;
    }
    rc = -1;
    best_bin = malloc((lane->nitems ? lane->nitems : 1) * sizeof *best_bin);
    best_key = malloc(s.cap * sizeof *best_key);
    if (best_bin == NULL || best_key == NULL)
        goto done;
    cf_cents_t start = s.cost, best = s.cost;
    memcpy(best_bin, s.item_bin, lane->nitems * sizeof *best_bin);
    double price_sum = 0.0;
    size_t nprice = 0;
    for (size_t q = 0; q < s.nkeys; q++)
        if (s.key_price[q] >= 0) {
            price_sum += (double)s.key_price[q];
            nprice++;
        }
    double mean_price = nprice ? price_sum / (double)nprice : 1.0;
    double t0 = cf_now_s(), end = t0 + seconds;
    double temp0 = PL_ANNEAL_T0 * mean_price, temp1 = PL_ANNEAL_T1 * mean_price;
    for (;;) {
        double now = cf_now_s();
        if (now >= end)
            break;
        double temp = temp0 * pow(temp1 / temp0, (now - t0) / seconds);
        for (int m = 0; m < PL_ANNEAL_BATCH; m++) {
            if (try_move(&s, temp) != 0)
                goto done;
            if (s.cost < best) {
                best = s.cost;
                memcpy(best_bin, s.item_bin, lane->nitems * sizeof *best_bin);
                memcpy(best_key, s.bin_key, s.nbins * sizeof *best_key);
            }
        }
        purge(&s);
        cf_clock_count(PL_ANNEAL_STEPS * PL_ANNEAL_BATCH + s.steps);
        s.steps = 0.0;
    }
    rc = 0;
    if (best < start) {
        /* the best plan's boxes, renumbered from 0 by departure, then class */
        struct pl_okey *order = malloc(s.cap * sizeof *order);
        long *renum = malloc(s.cap * sizeof *renum);
        if (order == NULL || renum == NULL) {
            free(order);
            free(renum);
            rc = -1;
            goto done;
        }
        size_t nb = 0;
        for (size_t b = 0; b < s.cap; b++)
            renum[b] = -1;
        for (size_t i = 0; i < lane->nitems; i++) {
            long b = best_bin[i];
            if (b >= 0 && renum[b] < 0) {
                renum[b] = 0;
                order[nb++] = (struct pl_okey){s.key_cls[best_key[b]], s.key_day[best_key[b]], (size_t)b, 0};
            }
        }
        qsort(order, nb, sizeof *order, box_cmp);
        for (size_t e = 0; e < nb; e++) {
            renum[order[e].item] = (long)e;
            bin_cls[e] = order[e].cls;
            bin_day[e] = order[e].day;
            alive[e] = 1;
        }
        for (size_t i = 0; i < lane->nitems; i++)
            item_bin[i] = best_bin[i] >= 0 ? renum[best_bin[i]] : best_bin[i];
        *nbins = nb;
        /* loads per box (s's arrays, no longer needed), then each
           departure's boxes balanced */
        for (size_t b = 0; b < nb; b++)
            s.lv[b] = s.lw[b] = 0.0;
        size_t *count = calloc(nb ? nb : 1, sizeof *count);
        if (count == NULL) {
            free(order);
            free(renum);
            rc = -1;
            goto done;
        }
        for (size_t i = 0; i < lane->nitems; i++)
            if (item_bin[i] >= 0) {
                s.lv[item_bin[i]] += lane->items[i].volume_m3;
                s.lw[item_bin[i]] += lane->items[i].weight_kg;
                count[item_bin[i]]++;
            }
        for (size_t a = 0; a < nb;) {
            size_t b = a;
            while (b < nb && bin_day[b] == bin_day[a])
                b++;
            if (b - a > 1)
                pl_balance_day(lane, item_bin, bin_cls, bin_day, a, b, s.lv, s.lw, count);
            a = b;
        }
        free(count);
        free(order);
        free(renum);
        *saved = start - best;
    }
done:
    free(best_bin);
    free(best_key);
    an_free(&s);
    return rc;
}
