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

#include "solver/plan_exact.h"

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

static int better(struct ex_value a, struct ex_value b)
{
    return a.cost < b.cost || (a.cost == b.cost && a.fill < b.fill - PL_EXACT_FILL_TOL);
}

int pl_ex_day_cmp(const void *a, const void *b)
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

void pl_ex_free(struct ex_lane *x)
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
int pl_ex_build(struct ex_lane *x, const struct pl_lane *lane)
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
    qsort(x->days, x->ndays, sizeof *x->days, pl_ex_day_cmp);
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

int pl_ex_tables_alloc(struct ex_tables *t, size_t cells, size_t groups, size_t nclasses)
{
    t->f = malloc(cells * sizeof *t->f);
    t->back_group = malloc(cells * sizeof *t->back_group);
    t->back_opt = malloc(cells * sizeof *t->back_opt);
    t->back_units = malloc(cells * sizeof *t->back_units);
    t->opts = malloc(groups * (nclasses + 1) * sizeof *t->opts);
    t->opt_start = malloc((groups + 1) * sizeof *t->opt_start);
    return t->f != NULL && t->back_group != NULL && t->back_opt != NULL && t->back_units != NULL &&
                   t->opts != NULL && t->opt_start != NULL
               ? 0
               : -1;
}

void pl_ex_tables_free(struct ex_tables *t)
{
    free(t->f);
    free(t->back_group);
    free(t->back_opt);
    free(t->back_units);
    free(t->opts);
    free(t->opt_start);
}

/* Fills t with the best way to send every set of x's shipments and reach
 * each TEU state up to `need` units (the last one: need or more), prices at
 * `teu`. 0, or -1 when the steps left in *work ran out first. */
int pl_ex_fill_level(const struct ex_lane *x, double teu, int need, struct ex_tables *t, long *work)
{
    size_t states = (size_t)need + 1, full = x->nsets - 1;
    size_t at = 0;
    for (size_t q = 0; q < x->ngroups; q++) {
        t->opt_start[q] = at;
        at += group_options(x, x->groups[q], teu, t->opts + at);
    }
    t->opt_start[x->ngroups] = at;
    struct ex_value *f = t->f;
    for (size_t e = 0; e < x->nsets * states; e++)
        f[e] = (struct ex_value){PL_EXACT_INF, 0.0};
    f[0] = (struct ex_value){0, 0.0};
    for (size_t mask = 0; mask < full; mask++) {
        const struct ex_value *fm = &f[mask * states];
        int any = 0;
        for (size_t u = 0; u < states && !any; u++)
            any = fm[u].cost != PL_EXACT_INF;
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
            for (size_t o = t->opt_start[q]; o < t->opt_start[q + 1]; o++) {
                const struct ex_option *op = &t->opts[o];
                for (size_t u = 0; u < states; u++) {
                    if (fm[u].cost == PL_EXACT_INF)
                        continue;
                    size_t nu = u + (size_t)op->units;
                    if (nu >= states)
                        nu = states - 1;
                    struct ex_value v = {fm[u].cost + op->cost, fmax(fm[u].fill, op->fill)};
                    size_t e = to * states + nu;
                    if (better(v, f[e])) {
                        f[e] = v;
                        t->back_group[e] = (uint32_t)q;
                        t->back_opt[e] = (uint16_t)(o - t->opt_start[q]);
                        t->back_units[e] = (uint16_t)u;
                    }
                }
            }
        }
    }
    return 0;
}

/* The best way to send all of x's shipments ending in TEU state `end`, as
 * pl_ex_fill_level left it in t: per shipment its group (a set) and option. */
void pl_ex_trace(const struct ex_lane *x, int need, int end, const struct ex_tables *t, size_t *set_of,
                 struct ex_option *opt_of)
{
    size_t states = (size_t)need + 1, mask = x->nsets - 1, u = (size_t)end;
    while (mask != 0) {
        size_t e = mask * states + u;
        size_t q = t->back_group[e], g = x->groups[q];
        struct ex_option o = t->opts[t->opt_start[q] + t->back_opt[e]];
        for (size_t i = 0; i < x->n; i++)
            if ((g >> i) & 1u) {
                set_of[i] = g;
                opt_of[i] = o;
            }
        u = t->back_units[e];
        mask &= ~g;
    }
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
double *pl_ex_tier_thresholds(const struct pl_lane *lane, size_t *count)
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

/* The TEU of x's chosen containers. */
static double chosen_teu(const struct ex_lane *x, const size_t *set_of, const struct ex_option *opt_of)
{
    double teu = 0.0;
    for (size_t i = 0; i < x->n; i++)
        if (opt_of[i].cls >= 0 && (size_t)__builtin_ctzll(set_of[i]) == i)
            teu += x->lane->classes[opt_of[i].cls].teu;
    return teu;
}

/* The chosen groups into out: containers by set (each once, its shipments in
 * lane order, on the first day all of them may take), then loose and
 * unplaced shipments, priced at the lane's `teu`. CF_OK, or the error set:
 * out of memory, or a group the tables should never have made (no common
 * day, no price at the TEU). */
int pl_ex_emit(const struct ex_lane *x, const size_t *set_of, const struct ex_option *opt_of, double teu,
               struct pl_out *out, struct cf_error *err)
{
    const struct pl_lane *lane = x->lane;
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
        if (row == NULL || day == CF_DATE_NONE)
            return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL,
                                "exact plan of %s-%s: a %s of %zu shipments has %s", lane->origin,
                                lane->destination, k->equipment, count,
                                row == NULL ? "no price at the lane's TEU" : "no departure all of them may take");
        if (pl_out_box(out, lane, k, day, row->cost, members, count) == NULL)
            return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    }
    for (size_t i = 0; i < x->n; i++) {
        const struct pl_item *it = &lane->items[i];
        if (opt_of[i].cls == OPT_LOOSE) {
            long q = pl_loose_rate_at(it, teu);
            if (q < 0)
                return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL,
                                    "exact plan of %s-%s: a loose shipment has no loose rate at the lane's TEU",
                                    lane->origin, lane->destination);
            if (pl_out_loose(out, it, &it->loose[q]) == NULL)
                return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
        } else if (opt_of[i].cls == OPT_UNPLACED) {
            struct cf_plan_unplaced *u = pl_out_unplaced(out);
            if (u == NULL)
                return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
            u->shipment = it->shipment;
            snprintf(u->reason, sizeof u->reason,
                     "only volume-tier rates (min_teu) serve it on %s-%s and no plan reaches them",
                     lane->origin, lane->destination);
        }
    }
    return CF_OK;
}

static size_t find(size_t *parent, size_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

/* The departures item `item` may take in class `cls`, as a span of days. */
struct ex_span {
    size_t cls;
    cf_date_t first, last;
    size_t item;
};

static int span_cmp(const void *a, const void *b)
{
    const struct ex_span *x = a, *y = b;
    if (x->cls != y->cls)
        return x->cls < y->cls ? -1 : 1;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}

/* The lane's shipments split into parts no box links (no two of different
 * parts share a class and departure; two shipments whose spans of departures
 * in a class overlap are put in one part, which may join some that share
 * none, never part two that share one): per part a view of the lane holding
 * its items (copies, in lane order; no extras), into *views_out and the items
 * they point into *items_out (caller frees both). Returns the number of
 * parts; 0 (nothing allocated) when a part has more than PL_EXACT_MAX_ITEMS
 * shipments; -1 on OOM. */
static long split_parts(const struct pl_lane *lane, struct pl_lane **views_out, struct pl_item **items_out)
{
    size_t n = lane->nitems, nspans = 0;
    *views_out = NULL;
    *items_out = NULL;
    if (n > PL_EXACT_MAX_ITEMS) {
        /* more shipments than a part may hold on one class's departure are one
           part too big: counted per (class, day) before anything is sorted (a
           pooled lane stops here at once) */
        cf_date_t lo = 0, hi = 0;
        int any = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t q = 0; q < lane->items[i].noptions; q++) {
                cf_date_t d = lane->items[i].options[q].day;
                lo = any && lo < d ? lo : d;
                hi = any && hi > d ? hi : d;
                any = 1;
            }
        size_t span = any ? (size_t)(hi - lo) + 1 : 1;
        unsigned char *seen = calloc(span * (lane->nclasses ? lane->nclasses : 1), 1);
        if (seen == NULL)
            return -1;
        int crowded = 0;
        for (size_t i = 0; i < n && !crowded; i++)
            for (size_t q = 0; q < lane->items[i].noptions && !crowded; q++) {
                const struct pl_option *o = &lane->items[i].options[q];
                crowded = ++seen[o->cls * span + (size_t)(o->day - lo)] > PL_EXACT_MAX_ITEMS;
            }
        free(seen);
        if (crowded)
            return 0;
    }
    size_t *parent = malloc(n * sizeof *parent), *part = malloc(n * sizeof *part);
    size_t *count = calloc(n, sizeof *count);
    struct ex_span *spans = malloc(n * (lane->nclasses ? lane->nclasses : 1) * sizeof *spans);
    struct pl_item *items = NULL;
    struct pl_lane *views = NULL;
    long parts = -1;
    if (parent == NULL || part == NULL || count == NULL || spans == NULL)
        goto done;
    for (size_t i = 0; i < n; i++) {
        parent[i] = i;
        const struct pl_item *it = &lane->items[i];
        size_t first = nspans;
        for (size_t q = 0; q < it->noptions; q++) {
            size_t e = first;
            while (e < nspans && spans[e].cls != it->options[q].cls)
                e++;
            if (e == nspans)
                spans[nspans++] = (struct ex_span){it->options[q].cls, it->options[q].day, it->options[q].day, i};
            else if (it->options[q].day < spans[e].first)
                spans[e].first = it->options[q].day;
            else if (it->options[q].day > spans[e].last)
                spans[e].last = it->options[q].day;
        }
    }
    qsort(spans, nspans, sizeof *spans, span_cmp);
    for (size_t e = 0, run = 0; e < nspans; e++) {
        if (e > 0 && spans[e].cls == spans[run].cls && spans[e].first <= spans[run].last) {
            parent[find(parent, spans[e].item)] = find(parent, spans[run].item);
            if (spans[e].last > spans[run].last)
                spans[run].last = spans[e].last;
        } else {
            run = e;
        }
    }
    /* parts numbered by their first item (a root's part is set the first time
       one of its items comes up); counted, then laid out in lane order */
    parts = 0;
    for (size_t i = 0; i < n; i++)
        part[i] = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t r = find(parent, i);
        if (part[r] == SIZE_MAX)
            part[r] = (size_t)parts++;
        part[i] = part[r];
        if (++count[part[i]] > PL_EXACT_MAX_ITEMS) {
            parts = 0; /* a part too big: the models plan the lane */
            goto done;
        }
    }
    items = malloc(n * sizeof *items);
    views = calloc((size_t)parts, sizeof *views);
    if (items == NULL || views == NULL) {
        parts = -1;
        goto done;
    }
    size_t at = 0;
    for (long p = 0; p < parts; p++) {
        views[p] = *lane;
        views[p].items = items + at;
        views[p].nitems = 0;
        views[p].extras = NULL;
        views[p].nextras = 0;
        at += count[p];
    }
    for (size_t i = 0; i < n; i++) {
        struct pl_lane *v = &views[part[i]];
        v->items[v->nitems++] = lane->items[i];
    }
done:
    free(parent);
    free(part);
    free(count);
    free(spans);
    if (parts <= 0) {
        free(views);
        free(items);
    } else {
        *views_out = views;
        *items_out = items;
    }
    return parts;
}

int pl_exact_lane(const struct pl_lane *lane, struct pl_out *out, int *solved, struct cf_error *err)
{
    *solved = 0;
    int rc = CF_OK;
    if (lane->nitems == 0)
        return CF_OK;
    struct pl_lane *views = NULL;
    struct pl_item *items = NULL;
    long split = split_parts(lane, &views, &items);
    size_t parts = split > 0 ? (size_t)split : 0;
    struct ex_lane *xs = parts ? calloc(parts, sizeof *xs) : NULL;
    double *levels = NULL;
    size_t nlevels = 0;
    struct ex_tables t = {0};
    struct ex_value *g = NULL, *g2 = NULL;
    int *choice = NULL, *best_end = NULL;
    size_t *set_of = NULL;
    struct ex_option *opt_of = NULL;
    if (split == 0)
        goto done; /* a part too big: the models plan the lane */
    if (xs == NULL)
        goto oom;
    /* every part small enough, or the models plan the lane */
    size_t most_sets = 0, most_groups = 0;
    int max_units = 0;
    for (size_t p = 0; p < parts; p++) {
        int built = pl_ex_build(&xs[p], &views[p]);
        if (built < 0)
            goto oom;
        if (built == 0)
            goto done;
        most_sets = xs[p].nsets > most_sets ? xs[p].nsets : most_sets;
        most_groups = xs[p].ngroups > most_groups ? xs[p].ngroups : most_groups;
        max_units += xs[p].max_units;
    }
    levels = pl_ex_tier_thresholds(lane, &nlevels);
    if (levels == NULL)
        goto oom;
    double unit = xs[0].unit; /* the lane's classes: the same in every part */
    int most = 0;
    for (size_t v = 0; v < nlevels; v++) {
        int need = (int)ceil(levels[v] / unit - 1e-9);
        if (need <= max_units && need > most)
            most = need;
    }
    size_t states = (size_t)most + 1, cells = most_sets * states;
    if (cells > PL_EXACT_CELLS)
        goto done; /* the models plan the lane */
    int tables = pl_ex_tables_alloc(&t, cells, most_groups, lane->nclasses);
    g = malloc(states * sizeof *g);
    g2 = malloc(states * sizeof *g2);
    choice = malloc(parts * states * 2 * sizeof *choice); /* per part and state: (state before, part's end) */
    best_end = malloc(parts * sizeof *best_end);
    set_of = calloc(lane->nitems, sizeof *set_of);
    opt_of = calloc(lane->nitems, sizeof *opt_of);
    if (tables != 0 || g == NULL || g2 == NULL || choice == NULL || best_end == NULL || set_of == NULL ||
        opt_of == NULL)
        goto oom;
    /* per tier level: each part's best per TEU state, combined over the parts
       (their TEU add up, capped at the level's) */
    struct ex_value best = {PL_EXACT_INF, 0.0};
    double best_level = 0.0;
    int best_need = 0;
    long work = PL_EXACT_WORK;
    for (size_t v = 0; v < nlevels; v++) {
        int need = (int)ceil(levels[v] / unit - 1e-9);
        if (need > max_units)
            continue; /* no plan of these shipments makes that much TEU */
        size_t ns = (size_t)need + 1;
        for (size_t u = 0; u < ns; u++)
            g[u] = (struct ex_value){u == 0 ? 0 : PL_EXACT_INF, 0.0};
        for (size_t p = 0; p < parts; p++) {
            if (pl_ex_fill_level(&xs[p], levels[v], need, &t, &work) != 0)
                goto done; /* more work than lanes of a few shipments should take */
            const struct ex_value *r = &t.f[(xs[p].nsets - 1) * ns];
            work -= (long)(ns * ns); /* the combination's steps count too */
            if (work < 0)
                goto done;
            for (size_t u = 0; u < ns; u++)
                g2[u] = (struct ex_value){PL_EXACT_INF, 0.0};
            for (size_t a = 0; a < ns; a++) {
                if (g[a].cost == PL_EXACT_INF)
                    continue;
                for (size_t b = 0; b < ns; b++) {
                    if (r[b].cost == PL_EXACT_INF)
                        continue;
                    size_t to = a + b < ns ? a + b : ns - 1;
                    struct ex_value val = {g[a].cost + r[b].cost, fmax(g[a].fill, r[b].fill)};
                    if (better(val, g2[to])) {
                        g2[to] = val;
                        choice[(p * states + to) * 2] = (int)a;
                        choice[(p * states + to) * 2 + 1] = (int)b;
                    }
                }
            }
            memcpy(g, g2, ns * sizeof *g);
        }
        struct ex_value got = g[ns - 1];
        if (got.cost == PL_EXACT_INF)
            continue;
        got.cost += extras_cost(lane, levels[v]);
        if (better(got, best)) {
            best = got;
            best_level = levels[v];
            best_need = need;
            for (size_t p = parts, u = ns - 1; p-- > 0;) {
                best_end[p] = choice[(p * states + u) * 2 + 1];
                u = (size_t)choice[(p * states + u) * 2];
            }
        }
    }
    if (best.cost == PL_EXACT_INF)
        goto done; /* cannot happen (level 0 always has a plan): the models decide */
    /* the best level's parts again, each traced from the TEU state it ends in */
    size_t *part_set = set_of;
    struct ex_option *part_opt = opt_of;
    for (size_t p = 0; p < parts; p++) {
        long again = PL_EXACT_WORK; /* the same steps as the first time */
        if (pl_ex_fill_level(&xs[p], best_level, best_need, &t, &again) != 0)
            goto done;
        pl_ex_trace(&xs[p], best_need, best_end[p], &t, part_set, part_opt);
        part_set += xs[p].n;
        part_opt += xs[p].n;
    }
    double teu = 0.0;
    part_set = set_of;
    part_opt = opt_of;
    for (size_t p = 0; p < parts; p++) {
        teu += chosen_teu(&xs[p], part_set, part_opt);
        part_set += xs[p].n;
        part_opt += xs[p].n;
    }
    part_set = set_of;
    part_opt = opt_of;
    for (size_t p = 0; p < parts; p++) {
        rc = pl_ex_emit(&xs[p], part_set, part_opt, teu, out, err);
        if (rc != CF_OK)
            goto done;
        part_set += xs[p].n;
        part_opt += xs[p].n;
    }
    *solved = 1;
    goto done;
oom:
    rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
done:
    free(opt_of);
    free(set_of);
    free(best_end);
    free(choice);
    free(g2);
    free(g);
    pl_ex_tables_free(&t);
    free(levels);
    for (size_t p = 0; xs != NULL && p < parts; p++)
        pl_ex_free(&xs[p]);
    free(xs);
    free(views);
    free(items);
    return rc;
}
