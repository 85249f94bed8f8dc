/* plan_lagr.c — a lane's Lagrangian lower bound (plan_internal.h,
 * pl_lagrange_bound). The constraint "each item exactly once (loose or on one
 * option)" is priced out with a multiplier u_i per item; what is left splits
 * into independent pieces:
 *   - per item, loose or not: min(0, loose_i - u_i);
 *   - per bucket (class, departure): choose an INTEGER number N of containers
 *     at the class's cheapest row (any tier: no cheaper than any row a plan
 *     may use) and fill them with the WHOLE items that may ride it, under ONE
 *     capacity  sum s_i <= N,  s_i = alpha x weight share + (1 - alpha) x
 *     volume share of a container, alpha in {0, 1/2, 1}: a plan's containers
 *     meet both real capacities, hence every mix, so this is a relaxation. Its
 *     value for every N is the knapsack's optimum on buckets of at most
 *     LG_EXACT_ITEMS items (branch and bound), else over-estimated by
 *     Martello and Toth's bound U2 (at most the fractional one); per bucket
 *     the smallest value over the mixes is kept (each is >= the true
 *     maximum).
 * For every u the sum  sum_i u_i + pieces  is at most the cost of any plan of
 * the lane (weak duality), so every value seen is a proven lower bound. Unlike
 * the LP, N is whole: a departure pays a whole container or none, which is
 * where the LP is weak on lanes of many small departures (road, daily). The
 * multipliers follow a subgradient search (Polyak steps towards the best
 * plan's cost) from the LP's prices when there are any. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solver/keysort.h"
#include "solver/plan_internal.h"

/* capacity mixes tried per bucket: alpha x weight share + (1 - alpha) x
   volume share <= N for alpha = 0, 1/(LG_MIXES-1), ..., 1 */
#define LG_MIXES 3
/* the tightest mix per bucket is looked for on every this many iterations;
   in between each bucket keeps its last one (any mix is a relaxation) */
#define LG_ALL_MIXES_EVERY 8
/* a bucket of at most this many items gets its knapsacks solved exactly
   (knap_exact), within LG_EXACT_NODES nodes each; else, or when the nodes
   run out, Martello and Toth's U2 bound stands in */
#define LG_EXACT_ITEMS 24
#define LG_EXACT_NODES 4000
/* the price start's search: directions per round (two rounds) */
#define LG_PRICE_STEPS 32

struct lg_entry {
    size_t item;
    double size[2]; /* volume share, weight share of one container */
};

struct lg_bucket {
    size_t cls;
    cf_date_t day;
    double cost; /* cents: the class's cheapest row, tiers included */
    size_t first, count; /* into the entry array */
};

struct lg_ratio {
    double ratio; /* u_i / s_i */
    double value; /* u_i */
    double size;  /* s_i */
    size_t item;
};

/* Scratch for sorting one bucket's ratios: 2 x nitems keyed records and
   nitems ratios. */
struct lg_sort {
    struct cf_keyed *keyed;
    struct lg_ratio *tmp;
};

/* r[0..n) by ratio, largest first, then by item (keysort: qsort's
   comparator calls were a tenth of a year's plan) */
static void sort_ratios(struct lg_ratio *r, size_t n, const struct lg_sort *z)
{
    for (size_t q = 0; q < n; q++)
        z->keyed[q] = (struct cf_keyed){r[q].ratio, r[q].item, q};
    cf_keyed_sort(z->keyed, n, z->keyed + n);
    for (size_t q = 0; q < n; q++)
        z->tmp[q] = r[z->keyed[q].at];
    memcpy(r, z->tmp, n * sizeof *r);
}

/* The knapsack of capacity cap over r[0..n) (sorted by ratio), items whole,
 * given c, the critical item (the first that does not fit whole), and the
 * size and value of r[0..c): an upper bound on its value (Martello and
 * Toth's U2: the critical item either left out, the room then filled at the
 * next item's ratio, or put in, the overflow then removed at the last whole
 * item's ratio; both over-estimate their branch), at most the fractional
 * (Dantzig) bound. */
static double knap_upper(const struct lg_ratio *r, size_t n, double cap, size_t c, double sum_size,
                         double sum_value)
{
    if (c >= n)
        return sum_value; /* everything fits */
    double room = cap - sum_size;
    double out = sum_value + (c + 1 < n ? r[c + 1].ratio * room : 0.0);
    double in = -INFINITY;
    if (c > 0)
        in = sum_value + r[c].value - r[c - 1].ratio * (r[c].size - room);
    double dantzig = sum_value + r[c].ratio * room;
    double u = out > in ? out : in;
    return u < dantzig ? u : dantzig;
}

/* The exact knapsack: depth-first branch and bound over r[0..n) (sorted by
 * ratio, best first), Dantzig's bound at each node (Horowitz and Sahni).
 * Returns 1 with the optimum in k->best (and its items in k->best_take), or
 * 0 when LG_EXACT_NODES nodes did not settle it. */
struct knap {
    const struct lg_ratio *r;
    size_t n;
    double best;
    long nodes;
    double steps; /* nodes and their bounds' scans, for the work clock */
    unsigned char take[LG_EXACT_ITEMS], best_take[LG_EXACT_ITEMS];
};

static int knap_node(struct knap *k, size_t at, double room, double value)
{
    if (++k->nodes > LG_EXACT_NODES)
        return 0;
    if (value > k->best) {
        k->best = value;
        memcpy(k->best_take, k->take, k->n);
    }
    if (at == k->n)
        return 1;
    double bound = value, left = room;
    size_t j = at;
    while (j < k->n && k->r[j].size <= left) {
        bound += k->r[j].value;
        left -= k->r[j].size;
        j++;
    }
    if (j < k->n)
        bound += k->r[j].ratio * left;
    k->steps += 8.0 + 2.0 * (double)(j - at);
    if (bound <= k->best * (1.0 + 1e-12))
        return 1; /* nothing better below */
    if (k->r[at].size <= room) {
        k->take[at] = 1;
        int done = knap_node(k, at + 1, room - k->r[at].size, value + k->r[at].value);
        k->take[at] = 0;
        if (!done)
            return 0;
    }
    return knap_node(k, at + 1, room, value);
}

static int knap_exact(struct knap *k, const struct lg_ratio *r, size_t n, double cap)
{
    k->r = r;
    k->n = n;
    k->best = 0.0;
    k->nodes = 0;
    k->steps = 0.0;
    memset(k->take, 0, n);
    memset(k->best_take, 0, n);
    /* a plan's containers hold up to (1 + PL_FEAS_TOL) of their capacity */
    return knap_node(k, 0, cap * (1.0 + PL_FEAS_TOL), 0.0);
}

/* max over whole N >= 0 of K(N) - cost N, K(N) an upper bound on the
 * knapsack of capacity N over r[0..n) (sorted by ratio): every N up to the
 * one that holds all items (more only costs). When g != NULL the chosen N's
 * items are subtracted from g[item] (a subgradient): whole, as its exact
 * knapsack took them, where that was solved, else the fractional shares of
 * the greedy fill; when count != NULL it receives that N. */
static double bucket_best(const struct lg_ratio *r, size_t n, double cost, double *g, long *count)
{
    double best = 0.0;
    size_t best_n = 0;
    int best_exact = 0;
    unsigned char best_take[LG_EXACT_ITEMS]; /* the exact optimum's items at best_n */
    struct knap k;
    double steps = 0.0; /* the exact knapsacks', for the work clock */
    double total_size = 0.0;
    for (size_t q = 0; q < n; q++)
        total_size += r[q].size;
    size_t top = (size_t)ceil(total_size - 1e-12);
    double sum_size = 0.0, sum_value = 0.0;
    size_t c = 0; /* the critical item moves right as the capacity grows */
    for (size_t cap = 1; cap <= top; cap++) {
        while (c < n && sum_size + r[c].size <= (double)cap) {
            sum_size += r[c].size;
            sum_value += r[c].value;
            c++;
        }
        double upper = knap_upper(r, n, (double)cap, c, sum_size, sum_value);
        int exact = 0;
        if (n <= LG_EXACT_ITEMS && c < n && upper - cost * (double)cap > best) {
            /* only where it could change the answer: U2 already below */
            exact = knap_exact(&k, r, n, (double)cap);
            steps += k.steps;
            if (exact)
                upper = fmin(upper, k.best);
        }
        double gain = upper - cost * (double)cap;
        if (gain > best) {
            best = gain;
            best_n = cap;
            best_exact = exact;
            if (best_exact)
                memcpy(best_take, k.best_take, n);
        }
    }
    cf_clock_count(steps);
    if (count != NULL)
        *count = (long)best_n;
    if (g != NULL && best_n > 0 && best_exact) {
        for (size_t q = 0; q < n; q++) /* the exact knapsack's items, whole */
            g[r[q].item] -= best_take[q];
    } else if (g != NULL && best_n > 0) {
        double left = (double)best_n;
        for (size_t q = 0; q < n && left > 0; q++) {
            double take = r[q].size <= left ? 1.0 : left / r[q].size;
            g[r[q].item] -= take;
            left -= take * r[q].size;
        }
    }
    return best;
}

/* The dual function at u: returns the bound (cents) and fills g with a
 * subgradient (1 - loose share - container shares, per item). r holds
 * LG_MIXES x nitems scratch entries. */
static double dual_value(const struct pl_lane *lane, const struct lg_bucket *bs, size_t nb,
                         const struct lg_entry *es, const double *u, double *g, struct lg_ratio *r,
                         const struct lg_sort *z, long *sched, int *mix, int all_mixes)
{
    double total = 0.0;
    size_t stride = lane->nitems ? lane->nitems : 1;
    double steps = 2.0 * (double)lane->nitems + (double)nb; /* for the work clock */
    for (size_t i = 0; i < lane->nitems; i++) {
        total += u[i];
        g[i] = 1.0;
        const struct pl_item *it = &lane->items[i];
        if (it->loose_cost >= 0 && (double)it->loose_cost < u[i]) {
            total += (double)it->loose_cost - u[i];
            g[i] -= 1.0;
        }
    }
    for (size_t b = 0; b < nb; b++) {
        size_t n = 0;
        for (size_t e = bs[b].first; e < bs[b].first + bs[b].count; e++) {
            if (u[es[e].item] <= 0)
                continue;
            for (int a = 0; a < LG_MIXES; a++) {
                if (!all_mixes && a != mix[b])
                    continue;
                struct lg_ratio *x = &r[(size_t)a * stride + n];
                double alpha = (double)a / (LG_MIXES - 1);
                x->value = u[es[e].item];
                x->size = alpha * es[e].size[1] + (1.0 - alpha) * es[e].size[0];
                x->ratio = x->value / x->size;
                x->item = es[e].item;
            }
            n++;
        }
        if (sched != NULL)
            sched[b] = 0;
        steps += (double)bs[b].count * (all_mixes ? LG_MIXES : 1);
        if (n == 0)
            continue;
        steps += 8.0 * (double)n * log2((double)n + 1.0) * (all_mixes ? LG_MIXES : 1);
        /* the tightest of the mixes, and its shares for g */
        double least = INFINITY;
        int keep = mix[b];
        for (int a = 0; all_mixes && a < LG_MIXES; a++) {
            struct lg_ratio *x = &r[(size_t)a * stride];
            sort_ratios(x, n, z);
            double v = bucket_best(x, n, bs[b].cost, NULL, NULL);
            if (v < least) {
                least = v;
                keep = a;
            }
        }
        mix[b] = keep;
        if (!all_mixes)
            sort_ratios(&r[(size_t)keep * stride], n, z);
        total -= bucket_best(&r[(size_t)keep * stride], n, bs[b].cost, g, sched != NULL ? &sched[b] : NULL);
    }
    cf_clock_count(steps);
    return total;
}

/* sum_i min(loose_i, cv v_i + cw w_i): the value at the multipliers that
   price every item by its volume and weight at cv per m3 and cw per kg */
static double priced_value(const struct pl_lane *lane, double cv, double cw)
{
    double sum = 0.0;
    for (size_t i = 0; i < lane->nitems; i++) {
        const struct pl_item *it = &lane->items[i];
        double x = it->noptions > 0 ? cv * it->volume_m3 + cw * it->weight_kg : INFINITY;
        if (it->loose_cost >= 0 && (double)it->loose_cost < x)
            x = (double)it->loose_cost;
        sum += isfinite(x) ? x : 0.0;
    }
    cf_clock_count(4.0 * (double)lane->nitems);
    return sum;
}

/* Prices per m3 and per kg that no container class's cheapest row falls
   short of (cv cap_v + cw cap_w <= price for every class): a real box then
   never carries more value than it costs, and the multipliers min(loose_i,
   cv v_i + cw w_i) are the LP's bound without departures (the dual function
   is still evaluated there, as at the other starts: its single-capacity
   knapsacks may find a gain where both prices are positive; with one of
   them zero, the mix of that dimension finds none). Of those prices, the
   pair whose sum is largest, searched along the boundary of that set: a
   start for lanes without an LP's prices (a 200-firm year's sea lanes),
   where the subgradient search from the other starts does not get that far
   in its time. *cv = *cw = 0 when the lane has no class. */
static void price_start(const struct pl_lane *lane, double *cv, double *cw)
{
    double vref = 0.0, wref = 0.0;
    *cv = *cw = 0.0;
    for (size_t k = 0; k < lane->nclasses; k++) {
        vref = fmax(vref, lane->classes[k].cap_volume_m3);
        wref = fmax(wref, lane->classes[k].cap_weight_kg);
    }
    if (!(vref > 0) || !(wref > 0))
        return;
    double best = -INFINITY, lo = 0.0, hi = M_PI / 2;
    for (int round = 0; round < 2; round++) {
        double step = (hi - lo) / LG_PRICE_STEPS, at = lo;
        for (int q = 0; q <= LG_PRICE_STEPS; q++) {
            double th = lo + step * q;
            double dv = cos(th) / vref, dw = sin(th) / wref, scale = INFINITY;
            for (size_t k = 0; k < lane->nclasses; k++) {
                const struct pl_class *kl = &lane->classes[k];
                double cap = dv * kl->cap_volume_m3 + dw * kl->cap_weight_kg, price = INFINITY;
                for (size_t r = 0; r < kl->nrows; r++)
                    price = fmin(price, (double)kl->rows[r].cost);
                if (cap > 0 && isfinite(price))
                    scale = fmin(scale, price / cap);
            }
            if (!isfinite(scale))
                continue;
            double v = priced_value(lane, scale * dv, scale * dw);
            if (v > best) {
                best = v;
                at = th;
                *cv = scale * dv;
                *cw = scale * dw;
            }
        }
        lo = fmax(0.0, at - step);
        hi = fmin(M_PI / 2, at + step);
    }
}

int pl_lagrange_bound(const struct pl_lane *lane, double upper_cents, double time_limit_s,
                      const double *u_start, double *bound_cents, int *iterations, long *sched)
{
    int rc = -1;
    double t0 = cf_now_s();
    double start_value = -INFINITY;
    *bound_cents = 0.0;
    *iterations = 0;
    size_t nopt = 0;
    for (size_t i = 0; i < lane->nitems; i++)
        nopt += lane->items[i].noptions;
    size_t nk = 0;
    struct pl_okey *keys = pl_lane_okeys(lane, &nk);
    struct lg_entry *es = calloc(nopt ? nopt : 1, sizeof *es);
    struct lg_bucket *bs = calloc(nopt ? nopt : 1, sizeof *bs);
    size_t n = lane->nitems ? lane->nitems : 1;
    double *u = calloc(n, sizeof *u), *best_u = calloc(n, sizeof *best_u);
    double *g = calloc(n, sizeof *g);
    struct lg_ratio *r = calloc(n * LG_MIXES, sizeof *r);
    int *mix = calloc(nopt ? nopt : 1, sizeof *mix);
    struct lg_sort z = {calloc(2 * n, sizeof *z.keyed), calloc(n, sizeof *z.tmp)};
    if (keys == NULL || es == NULL || bs == NULL || u == NULL || best_u == NULL || g == NULL ||
        r == NULL || mix == NULL || z.keyed == NULL || z.tmp == NULL)
        goto done;

    size_t nb = 0, ne = 0;
    for (size_t q = 0; q < nk; q++) {
        if (q > 0 && keys[q].cls == keys[q - 1].cls && keys[q].day == keys[q - 1].day &&
            keys[q].item == keys[q - 1].item)
            continue; /* the same item twice on one bucket counts once */
        if (nb == 0 || bs[nb - 1].cls != keys[q].cls || bs[nb - 1].day != keys[q].day) {
            const struct pl_class *k = &lane->classes[keys[q].cls];
            double cheapest = INFINITY;
            for (size_t r = 0; r < k->nrows; r++)
                if ((double)k->rows[r].cost < cheapest)
                    cheapest = (double)k->rows[r].cost;
            bs[nb].cls = keys[q].cls;
            bs[nb].day = keys[q].day;
            bs[nb].cost = cheapest;
            bs[nb].first = ne;
            bs[nb].count = 0;
            nb++;
        }
        const struct pl_class *k = &lane->classes[keys[q].cls];
        const struct pl_item *it = &lane->items[keys[q].item];
        es[ne].item = keys[q].item;
        es[ne].size[0] = it->volume_m3 / k->cap_volume_m3;
        es[ne].size[1] = it->weight_kg / k->cap_weight_kg;
        ne++;
        bs[nb - 1].count++;
    }

    /* start: the caller's multipliers; else the best of three points: each
       item's loose charge (or its dearest container share); each item's
       least of its loose charge and its share of a full container (the
       price x the mean of its volume and weight shares, cheapest row): there
       the alpha = 1/2 mix leaves no bucket a gain, so the value is at least
       the sum of those least charges (plan_mip.c's item bound); and each
       item's least of its loose charge and its volume and weight at the
       lane's best prices per m3 and per kg (price_start) */
    double price_cv = 0.0, price_cw = 0.0;
    if (u_start == NULL)
        price_start(lane, &price_cv, &price_cw);
    for (int pass = 0; pass < (u_start != NULL ? 1 : 3); pass++) {
        for (size_t i = 0; i < lane->nitems; i++) {
            const struct pl_item *it = &lane->items[i];
            if (u_start != NULL) {
                u[i] = u_start[i];
            } else if (pass == 0 && it->loose_cost >= 0) {
                u[i] = (double)it->loose_cost;
            } else if (pass == 0) {
                u[i] = 0.0;
                for (size_t o = 0; o < it->noptions; o++) {
                    const struct pl_class *k = &lane->classes[it->options[o].cls];
                    double sh = fmax(it->volume_m3 / k->cap_volume_m3, it->weight_kg / k->cap_weight_kg);
                    for (size_t r = 0; r < k->nrows; r++)
                        if ((double)k->rows[r].cost * sh > u[i])
                            u[i] = (double)k->rows[r].cost * sh;
                }
            } else if (pass == 2) {
                u[i] = it->noptions > 0 ? price_cv * it->volume_m3 + price_cw * it->weight_kg
                                        : (double)it->loose_cost; /* clipped to the loose charge below */
            } else {
                u[i] = it->loose_cost >= 0 ? (double)it->loose_cost : INFINITY;
                for (size_t o = 0; o < it->noptions; o++) {
                    const struct pl_class *k = &lane->classes[it->options[o].cls];
                    double sh = (it->volume_m3 / k->cap_volume_m3 + it->weight_kg / k->cap_weight_kg) / 2.0;
                    for (size_t r = 0; r < k->nrows; r++)
                        if ((double)k->rows[r].cost * sh < u[i])
                            u[i] = (double)k->rows[r].cost * sh;
                }
                if (!isfinite(u[i]))
                    u[i] = 0.0;
            }
            if (u[i] < 0)
                u[i] = 0;
            if (it->loose_cost >= 0 && u[i] > (double)it->loose_cost)
                u[i] = (double)it->loose_cost;
        }
        if (u_start != NULL)
            continue;
        double value = dual_value(lane, bs, nb, es, u, g, r, &z, NULL, mix, 1);
        if (pass == 0 || value > start_value) {
            memcpy(best_u, u, lane->nitems * sizeof *u);
            start_value = value;
        }
    }
    if (u_start == NULL)
        memcpy(u, best_u, lane->nitems * sizeof *u); /* the best start */

    double best = -INFINITY;
    double lambda = 0.25;
    int since_best = 0;
    for (int iter = 0;; iter++) {
        double v = dual_value(lane, bs, nb, es, u, g, r, &z, NULL, mix, iter % LG_ALL_MIXES_EVERY == 0);
        (*iterations)++;
        if (v > best) {
            best = v;
            memcpy(best_u, u, lane->nitems * sizeof *u);
            since_best = 0;
        } else if (++since_best >= 15) {
            lambda /= 2;
            since_best = 0;
            memcpy(u, best_u, lane->nitems * sizeof *u); /* restart from the best point */
            v = dual_value(lane, bs, nb, es, u, g, r, &z, NULL, mix, 1);
        }
        if (lambda < 1e-4 || cf_now_s() - t0 > time_limit_s || upper_cents - best < 0.5)
            break;
        double norm = 0.0;
        for (size_t i = 0; i < lane->nitems; i++)
            norm += g[i] * g[i];
        if (norm < 1e-12)
            break; /* u is optimal: the subproblem's answer is a plan */
        double target = upper_cents > v ? upper_cents : v + 1.0;
        if (!isfinite(target))
            target = v + 0.1 * fabs(v) + 100.0;
        double step = lambda * (target - v) / norm;
        for (size_t i = 0; i < lane->nitems; i++) {
            const struct pl_item *it = &lane->items[i];
            u[i] += step * g[i];
            if (u[i] < 0)
                u[i] = 0;
            if (it->loose_cost >= 0 && u[i] > (double)it->loose_cost)
                u[i] = (double)it->loose_cost;
        }
    }
    if (sched != NULL && isfinite(best))
        dual_value(lane, bs, nb, es, best_u, g, r, &z, sched, mix, 1);
    if (isfinite(best))
        *bound_cents = pl_bound_up(best);
    rc = 0;
done:
    free(mix);
    free(r);
    free(z.keyed);
    free(z.tmp);
    free(g);
    free(best_u);
    free(u);
    free(bs);
    free(es);
    free(keys);
    return rc;
}
