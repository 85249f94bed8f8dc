/* plan_exact.c — the proven optimum of a lane of a few shipments, by dynamic
 * programming over the subsets of its shipments: every container is a group
 * of shipments that share a departure of one class and fit it, every other
 * shipment goes loose (or unplaced), and the lane's TEU decides the tiers
 * (domain.md, "Costs" and "Consolidation plan"). A coalition's or a firm's
 * small lane is then exact within milliseconds where the models may not
 * close in the coalition's time limit. plan.c calls it before the models,
 * which take the lanes with too many ways to group their shipments. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solver/plan_internal.h"

/* Lanes of up to this many shipments (tiered-only loose ones aside) may be
 * solved here, when the work below fits PL_EXACT_WORK: the DP has a cell per
 * (set of shipments, TEU reached). */
#define PL_EXACT_MAX_ITEMS 16
/* Ways to group a lane's shipments (sets that fit one box on a departure all
 * of them can take) at most: 13 shipments that all fit one box together make
 * 8,191. Beyond it the models plan the lane. */
#define PL_EXACT_GROUPS 8192
/* The DP's (set placed, group, TEU state) steps a lane may take over all its
 * tier levels, about 3 ns each: 4 million in some 12 ms (14 shipments that
 * all fit one box together take 3^14 = 4.8 million a state). A lane that
 * needs more is left to the models. */
#define PL_EXACT_WORK 4000000L
/* The DP's cells (subsets x TEU states) at most: 12 MB of tables */
#define PL_EXACT_CELLS ((size_t)1 << 19)
/* What a shipment left without a carrier costs in the comparison: above any
 * real lane of PL_EXACT_MAX_ITEMS shipments (7 * 10^11 currency units), so
 * that a plan placing more shipments always wins (a tier reached to carry
 * one is worth what it costs). */
#define PL_EXACT_UNPLACED ((cf_cents_t)1 << 46)
#define PL_EXACT_INF INT64_MAX
/* fills within this are equal (the balancing rule compares fullest boxes) */
#define PL_EXACT_FILL_TOL 1e-12

enum { OPT_LOOSE = -1, OPT_UNPLACED = -2 };

/* A way to send one group: a container of class `cls` (its TEU in units),
 * the group's member loose (one shipment) or unplaced. */
struct ex_option {
    int cls;
    cf_cents_t cost;
    int units;
    double fill; /* max(fill_volume, fill_weight); 0 for loose */
};

/* A state's best: least cost, then least full fullest container. */
struct ex_value {
    cf_cents_t cost;
    double fill;
};

struct ex_lane {
    const struct pl_lane *lane;
    size_t n, nsets, nclasses;
    cf_date_t *days; /* distinct option days, ascending */
    size_t ndays, words;
    uint64_t *item_days; /* [item][class][word]: days the item may ride the class */
    uint64_t *fits;      /* per set: the classes it shares a day of and fits (0: none) */
    uint32_t *groups;    /* every set that may travel together (one box, or one
                            shipment alone), by lowest shipment */
    size_t ngroups, cap_groups;
    size_t *group_start; /* n + 1: groups of lowest shipment i from group_start[i] */
    int *units;          /* per class: its TEU in units */
    int max_units;
    double unit;         /* TEU per unit */
};

static int better(struct ex_value a, struct ex_value b)
{
    return a.cost < b.cost || (a.cost == b.cost && a.fill < b.fill - PL_EXACT_FILL_TOL);
}

static int day_cmp(const void *a, const void *b)
{
    cf_date_t x = *(const cf_date_t *)a, y = *(const cf_date_t *)b;
    return (x > y) - (x < y);
}

static size_t day_index(const struct ex_lane *x, cf_date_t day)
{
    size_t lo = 0, hi = x->ndays;
    while (lo + 1 < hi) {
        size_t mid = (lo + hi) / 2;
        if (x->days[mid] <= day)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static long gcd(long a, long b)
{
    while (b != 0) {
        long t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static void ex_free(struct ex_lane *x)
{
    free(x->days);
    free(x->item_days);
    free(x->fits);
    free(x->groups);
    free(x->group_start);
    free(x->units);
}

/* Records set (of lowest shipment first) as a group that may travel on the
 * classes `alive`, then tries each later shipment j in it; days holds, per
 * class, the days every member may take (scratch below it for the deeper
 * sets). 0, or -1 when there are more groups than the DP could afford. */
static int grow(struct ex_lane *x, size_t set, size_t next, uint64_t alive, uint64_t *days, double vol, double wt)
{
    if (x->ngroups == x->cap_groups)
        return -1;
    x->groups[x->ngroups++] = (uint32_t)set;
    x->fits[set] = alive;
    const struct pl_lane *lane = x->lane;
    uint64_t *deeper = days + x->nclasses * x->words;
    for (size_t j = next; j < x->n; j++) {
        double v = vol + lane->items[j].volume_m3, w = wt + lane->items[j].weight_kg;
        uint64_t keep = 0;
        for (size_t k = 0; k < x->nclasses; k++) {
            if (!((alive >> k) & 1u))
                continue;
            const struct pl_class *kl = &lane->classes[k];
            if (v > kl->cap_volume_m3 * (1 + PL_FEAS_TOL) || w > kl->cap_weight_kg * (1 + PL_FEAS_TOL))
                continue;
            const uint64_t *mine = &x->item_days[(j * x->nclasses + k) * x->words];
            uint64_t any = 0;
            for (size_t q = 0; q < x->words; q++) {
                deeper[k * x->words + q] = days[k * x->words + q] & mine[q];
                any |= deeper[k * x->words + q];
            }
            if (any != 0)
                keep |= (uint64_t)1 << k;
        }
        /* a box that cannot take j cannot take j and more: no superset is tried */
        if (keep != 0 && grow(x, set | (size_t)1 << j, j + 1, keep, deeper, v, w) != 0)
            return -1;
    }
    return 0;
}

/* The lane's days, each item's days per class, and every group that may
 * travel together. 1: built, 0: not a lane for this method, -1: OOM. */
static int ex_build(struct ex_lane *x, const struct pl_lane *lane)
{
    memset(x, 0, sizeof *x);
    x->lane = lane;
    x->n = lane->nitems;
    x->nclasses = lane->nclasses;
    if (x->n == 0 || x->n > PL_EXACT_MAX_ITEMS || x->nclasses > 64)
        return 0;
    /* TEU in whole units (a quarter TEU at finest), so that the lane's TEU
       is an exact count */
    long g = 0;
    for (size_t k = 0; k < x->nclasses; k++) {
        double q = lane->classes[k].teu * 4.0;
        if (!(q >= 0) || fabs(q - nearbyint(q)) > 1e-9 || q > 1e6)
            return 0;
        g = gcd(g, (long)nearbyint(q));
    }
    x->unit = g > 0 ? (double)g / 4.0 : 1.0;
    x->units = calloc(x->nclasses ? x->nclasses : 1, sizeof *x->units);
    size_t nopt = 0;
    for (size_t i = 0; i < x->n; i++)
        nopt += lane->items[i].noptions;
    x->days = malloc((nopt ? nopt : 1) * sizeof *x->days);
    if (x->units == NULL || x->days == NULL)
        return -1;
    for (size_t k = 0; k < x->nclasses; k++)
        x->units[k] = g > 0 ? (int)(nearbyint(lane->classes[k].teu * 4.0) / g) : 0;
    for (size_t i = 0; i < x->n; i++)
        for (size_t q = 0; q < lane->items[i].noptions; q++)
            x->days[x->ndays++] = lane->items[i].options[q].day;
    qsort(x->days, x->ndays, sizeof *x->days, day_cmp);
    size_t nd = 0;
    for (size_t d = 0; d < x->ndays; d++)
        if (nd == 0 || x->days[d] != x->days[nd - 1])
            x->days[nd++] = x->days[d];
    x->ndays = nd;
    x->words = (nd + 63) / 64;
    if (x->words == 0)
        x->words = 1;
    x->nsets = (size_t)1 << x->n;
    x->cap_groups = x->nsets < PL_EXACT_GROUPS ? x->nsets : PL_EXACT_GROUPS;
    x->item_days = calloc(x->n * x->nclasses * x->words, sizeof *x->item_days);
    x->fits = calloc(x->nsets, sizeof *x->fits);
    x->groups = malloc(x->cap_groups * sizeof *x->groups);
    x->group_start = calloc(x->n + 1, sizeof *x->group_start);
    uint64_t *days = malloc((x->n + 1) * x->nclasses * x->words * sizeof *days + 1);
    if (x->item_days == NULL || x->fits == NULL || x->groups == NULL || x->group_start == NULL || days == NULL) {
        free(days);
        return -1;
    }
    for (size_t i = 0; i < x->n; i++) {
        const struct pl_item *it = &lane->items[i];
        for (size_t q = 0; q < it->noptions; q++) {
            size_t d = day_index(x, it->options[q].day);
            x->item_days[(i * x->nclasses + it->options[q].cls) * x->words + d / 64] |= (uint64_t)1 << (d % 64);
        }
        int most = 0;
        for (size_t q = 0; q < it->noptions; q++)
            if (x->units[it->options[q].cls] > most)
                most = x->units[it->options[q].cls];
        x->max_units += most;
    }
    int rc = 1;
    for (size_t i = 0; i < x->n && rc == 1; i++) {
        x->group_start[i] = x->ngroups;
        const struct pl_item *it = &lane->items[i];
        uint64_t alive = 0;
        for (size_t k = 0; k < x->nclasses; k++) {
            const struct pl_class *kl = &lane->classes[k];
            const uint64_t *mine = &x->item_days[(i * x->nclasses + k) * x->words];
            uint64_t any = 0;
            for (size_t q = 0; q < x->words; q++) {
                days[k * x->words + q] = mine[q];
                any |= mine[q];
            }
            if (any != 0 && it->volume_m3 <= kl->cap_volume_m3 * (1 + PL_FEAS_TOL) &&
                it->weight_kg <= kl->cap_weight_kg * (1 + PL_FEAS_TOL))
                alive |= (uint64_t)1 << k;
        }
        if (grow(x, (size_t)1 << i, i + 1, alive, days, it->volume_m3, it->weight_kg) != 0)
            rc = 0; /* too many ways to group them: the models plan the lane */
    }
    x->group_start[x->n] = x->ngroups;
    free(days);
    return rc;
}

/* Group s's ways to travel when the lane reaches `teu` TEU (every row up to
 * it priced); returns how many were written into o (room for nclasses + 1). */
static size_t group_options(const struct ex_lane *x, size_t s, double teu, struct ex_option *o)
{
    const struct pl_lane *lane = x->lane;
    size_t m = 0;
    double vol = 0.0, wt = 0.0;
    for (size_t i = 0; i < x->n; i++)
        if ((s >> i) & 1u) {
            vol += lane->items[i].volume_m3;
            wt += lane->items[i].weight_kg;
        }
    for (size_t k = 0; k < x->nclasses; k++) {
        if (!((x->fits[s] >> k) & 1u))
            continue;
        const struct pl_class *kl = &lane->classes[k];
        const struct pl_row *row = pl_class_price_at(kl, teu);
        if (row == NULL)
            continue;
        o[m++] = (struct ex_option){(int)k, row->cost, x->units[k],
                                    fmax(vol / kl->cap_volume_m3, wt / kl->cap_weight_kg)};
    }
    if ((s & (s - 1)) == 0) {
        const struct pl_item *it = &lane->items[__builtin_ctzll(s)];
        long q = pl_loose_rate_at(it, teu);
        if (q >= 0)
            o[m++] = (struct ex_option){OPT_LOOSE, it->loose[q].cost, 0, 0.0};
        else if (m == 0)
            o[m++] = (struct ex_option){OPT_UNPLACED, PL_EXACT_UNPLACED, 0, 0.0};
    }
    return m;
}

/* The best plan of the lane once it reaches `need` units of TEU (prices at
 * `teu`), into *best and, per item, its group's (set, option) in set_of[] /
 * opt_of[]; best->cost is PL_EXACT_INF when no plan reaches it. f and the
 * back pointers have room for nsets * (need + 1) cells, opts for every
 * group's options, opt_start for ngroups + 1. Returns 0, or -1 when the
 * steps left in *work ran out first. */
static int solve_level(const struct ex_lane *x, double teu, int need, struct ex_value *f, uint32_t *back_group,
                       uint16_t *back_opt, uint16_t *back_units, struct ex_option *opts, size_t *opt_start,
                       long *work, struct ex_value *best, size_t *set_of, struct ex_option *opt_of)
{
    size_t states = (size_t)need + 1, full = x->nsets - 1;
    size_t at = 0;
    for (size_t q = 0; q < x->ngroups; q++) {
        opt_start[q] = at;
        at += group_options(x, x->groups[q], teu, opts + at);
    }
    opt_start[x->ngroups] = at;
    for (size_t e = 0; e < x->nsets * states; e++)
        f[e] = (struct ex_value){PL_EXACT_INF, 0.0};
    f[0] = (struct ex_value){0, 0.0};
    for (size_t mask = 0; mask < full; mask++) {
        const struct ex_value *fm = &f[mask * states];
        int any = 0;
        for (size_t t = 0; t < states && !any; t++)
            any = fm[t].cost != PL_EXACT_INF;
        if (!any)
            continue;
        /* every group holding the lowest shipment not yet placed: each partition once */
        size_t low = (size_t)__builtin_ctzll(~mask);
        for (size_t q = x->group_start[low]; q < x->group_start[low + 1]; q++) {
            size_t g = x->groups[q];
            if ((g & mask) != 0)
                continue;
            *work -= (long)states;
            if (*work < 0)
                return -1;
            size_t to = mask | g;
            for (size_t o = opt_start[q]; o < opt_start[q + 1]; o++) {
                const struct ex_option *op = &opts[o];
                for (size_t t = 0; t < states; t++) {
                    if (fm[t].cost == PL_EXACT_INF)
                        continue;
                    size_t nt = t + (size_t)op->units;
                    if (nt >= states)
                        nt = states - 1;
                    struct ex_value v = {fm[t].cost + op->cost, fmax(fm[t].fill, op->fill)};
                    struct ex_value *dst = &f[to * states + nt];
                    if (better(v, *dst)) {
                        *dst = v;
                        back_group[to * states + nt] = (uint32_t)q;
                        back_opt[to * states + nt] = (uint16_t)(o - opt_start[q]);
                        back_units[to * states + nt] = (uint16_t)t;
                    }
                }
            }
        }
    }
    *best = f[full * states + states - 1];
    if (best->cost == PL_EXACT_INF)
        return 0;
    size_t mask = full, t = states - 1;
    while (mask != 0) {
        size_t e = mask * states + t;
        size_t q = back_group[e], g = x->groups[q];
        struct ex_option o = opts[opt_start[q] + back_opt[e]];
        for (size_t i = 0; i < x->n; i++)
            if ((g >> i) & 1u) {
                set_of[i] = g;
                opt_of[i] = o;
            }
        t = back_units[e];
        mask &= ~g;
    }
    return 0;
}

static int double_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void add_threshold(double *out, size_t *m, double v)
{
    if (!(v > 0))
        return;
    for (size_t z = 0; z < *m; z++)
        if (fabs(out[z] - v) < 1e-9)
            return;
    out[(*m)++] = v;
}

/* The TEU levels at which prices change, ascending and distinct, 0 first:
 * every min_teu of the lane's rows and loose rates (malloc'd; NULL on OOM). */
static double *tier_thresholds(const struct pl_lane *lane, size_t *count)
{
    size_t cap = 1;
    for (size_t k = 0; k < lane->nclasses; k++)
        cap += lane->classes[k].nrows;
    for (size_t i = 0; i < lane->nitems; i++)
        cap += lane->items[i].nloose;
    for (size_t i = 0; i < lane->nextras; i++)
        cap += lane->extras[i].nloose;
    double *out = malloc(cap * sizeof *out);
    if (out == NULL)
        return NULL;
    size_t m = 0;
    out[m++] = 0.0;
    for (size_t k = 0; k < lane->nclasses; k++)
        for (size_t r = 0; r < lane->classes[k].nrows; r++)
            add_threshold(out, &m, lane->classes[k].rows[r].min_teu);
    for (size_t i = 0; i < lane->nitems; i++)
        for (size_t q = 0; q < lane->items[i].nloose; q++)
            add_threshold(out, &m, lane->items[i].loose[q].min_teu);
    for (size_t i = 0; i < lane->nextras; i++)
        for (size_t q = 0; q < lane->extras[i].nloose; q++)
            add_threshold(out, &m, lane->extras[i].loose[q].min_teu);
    qsort(out, m, sizeof *out, double_cmp);
    *count = m;
    return out;
}

/* Shipments that only a tiered loose rate serves (plan.c places them after
 * the lane): what they cost at `teu` TEU, unplaced ones at the penalty. */
static cf_cents_t extras_cost(const struct pl_lane *lane, double teu)
{
    cf_cents_t cost = 0;
    for (size_t i = 0; i < lane->nextras; i++) {
        long q = pl_loose_rate_at(&lane->extras[i], teu);
        cost += q >= 0 ? lane->extras[i].loose[q].cost : PL_EXACT_UNPLACED;
    }
    return cost;
}

/* The chosen groups into out: containers by set (each once, its shipments in
 * lane order, on the first day all of them may take), then loose and
 * unplaced shipments, priced at the TEU the containers make. */
static int emit(const struct ex_lane *x, const size_t *set_of, const struct ex_option *opt_of, struct pl_out *out)
{
    const struct pl_lane *lane = x->lane;
    double teu = 0.0;
    for (size_t i = 0; i < x->n; i++)
        if (opt_of[i].cls >= 0 && (size_t)__builtin_ctzll(set_of[i]) == i)
            teu += lane->classes[opt_of[i].cls].teu;
    for (size_t i = 0; i < x->n; i++) {
        size_t s = set_of[i];
        if (opt_of[i].cls < 0 || (size_t)__builtin_ctzll(s) != i)
            continue;
        const struct pl_class *k = &lane->classes[opt_of[i].cls];
        cf_date_t day = CF_DATE_NONE;
        for (size_t d = 0; d < x->ndays && day == CF_DATE_NONE; d++) {
            int all = 1;
            for (size_t j = 0; j < x->n && all; j++)
                if ((s >> j) & 1u)
                    all = (x->item_days[(j * x->nclasses + (size_t)opt_of[i].cls) * x->words + d / 64] >>
                           (d % 64)) & 1u;
            if (all)
                day = x->days[d];
        }
        const struct pl_row *row = pl_class_price_at(k, teu);
        size_t members[PL_EXACT_MAX_ITEMS], count = 0;
        for (size_t j = 0; j < x->n; j++)
            if ((s >> j) & 1u)
                members[count++] = j;
        if (row == NULL || day == CF_DATE_NONE || pl_out_box(out, lane, k, day, row->cost, members, count) == NULL)
            return -1;
    }
    for (size_t i = 0; i < x->n; i++) {
        const struct pl_item *it = &lane->items[i];
        if (opt_of[i].cls == OPT_LOOSE) {
            long q = pl_loose_rate_at(it, teu);
            if (q < 0 || pl_out_loose(out, it, &it->loose[q]) == NULL)
                return -1;
        } else if (opt_of[i].cls == OPT_UNPLACED) {
            struct cf_plan_unplaced *u = pl_out_unplaced(out);
            if (u == NULL)
                return -1;
            u->shipment = it->shipment;
            snprintf(u->reason, sizeof u->reason,
                     "only volume-tier rates (min_teu) serve it on %s-%s and no plan reaches them",
                     lane->origin, lane->destination);
        }
    }
    return 0;
}

int pl_exact_lane(const struct pl_lane *lane, struct pl_out *out, int *solved, struct cf_error *err)
{
    *solved = 0;
    struct ex_lane x;
    int built = ex_build(&x, lane);
    double *levels = NULL;
    size_t nlevels = 0;
    struct ex_value *f = NULL;
    uint32_t *back_group = NULL;
    uint16_t *back_opt = NULL, *back_units = NULL;
    struct ex_option *opts = NULL, *opt_of = NULL, *best_opt = NULL;
    size_t *opt_start = NULL, *set_of = NULL, *best_set = NULL;
    int rc = CF_OK;
    if (built < 0)
        goto oom;
    if (built == 0)
        goto done;
    levels = tier_thresholds(lane, &nlevels);
    if (levels == NULL)
        goto oom;
    /* the most states any level needs: TEU units up to what the lane can make */
    int most = 0;
    for (size_t v = 0; v < nlevels; v++) {
        int need = (int)ceil(levels[v] / x.unit - 1e-9);
        if (need <= x.max_units && need > most)
            most = need;
    }
    size_t cells = x.nsets * ((size_t)most + 1);
    if (cells > PL_EXACT_CELLS)
        goto done; /* the models plan the lane */
    f = malloc(cells * sizeof *f);
    back_group = malloc(cells * sizeof *back_group);
    back_opt = malloc(cells * sizeof *back_opt);
    back_units = malloc(cells * sizeof *back_units);
    opts = malloc(x.ngroups * (x.nclasses + 1) * sizeof *opts);
    opt_start = malloc((x.ngroups + 1) * sizeof *opt_start);
    set_of = calloc(x.n, sizeof *set_of);
    best_set = calloc(x.n, sizeof *best_set);
    opt_of = calloc(x.n, sizeof *opt_of);
    best_opt = calloc(x.n, sizeof *best_opt);
    if (f == NULL || back_group == NULL || back_opt == NULL || back_units == NULL || opts == NULL ||
        opt_start == NULL || set_of == NULL || best_set == NULL || opt_of == NULL || best_opt == NULL)
        goto oom;
    struct ex_value best = {PL_EXACT_INF, 0.0};
    long work = PL_EXACT_WORK;
    for (size_t v = 0; v < nlevels; v++) {
        int need = (int)ceil(levels[v] / x.unit - 1e-9);
        if (need > x.max_units)
            continue; /* no plan of these shipments makes that much TEU */
        struct ex_value got;
        if (solve_level(&x, levels[v], need, f, back_group, back_opt, back_units, opts, opt_start, &work, &got,
                        set_of, opt_of) != 0)
            goto done; /* more work than a lane of a few shipments should take: the models plan it */
        if (got.cost == PL_EXACT_INF)
            continue;
        got.cost += extras_cost(lane, levels[v]);
        if (better(got, best)) {
            best = got;
            memcpy(best_set, set_of, x.n * sizeof *set_of);
            memcpy(best_opt, opt_of, x.n * sizeof *opt_of);
        }
    }
    if (best.cost == PL_EXACT_INF)
        goto done; /* cannot happen (level 0 always has a plan): the models decide */
    if (emit(&x, best_set, best_opt, out) != 0)
        goto oom;
    *solved = 1;
    goto done;
oom:
    rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
done:
    free(best_opt);
    free(opt_of);
    free(best_set);
    free(set_of);
    free(opt_start);
    free(opts);
    free(back_units);
    free(back_opt);
    free(back_group);
    free(f);
    free(levels);
    ex_free(&x);
    return rc;
}
