/* plan_greedy.c — the planner's starting incumbent for a lane, a dispatch
 * rule run forward in time: on each departure day, the items whose last
 * chance it is open containers (first-fit decreasing, the class that is
 * cheapest per unit of capacity first), those containers are topped up with
 * items that could still wait, and a container is kept only when what it
 * carries is worth its price (the urgent items' loose charges plus the
 * waiting items' share of a container); the rest of the urgent items go loose.
 * Only plain (min_teu 0) rows are used, so the answer is feasible whatever
 * the tiers. */
#include <stddef.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solver/keysort.h"
#include "solver/plan_internal.h"

static double share(const struct pl_class *k, const struct pl_item *it)
{
    double v = it->volume_m3 / k->cap_volume_m3, w = it->weight_kg / k->cap_weight_kg;
    return v > w ? v : w;
}

static int day_cmp(const void *a, const void *b)
{
    cf_date_t x = *(const cf_date_t *)a, y = *(const cf_date_t *)b;
    return (x > y) - (x < y);
}

/* days[0..n-1] turned into its distinct days, ascending; returns how many.
 * Departures lie within a few years, so a mark per day of the span beats
 * sorting every option's day; a span too wide to mark is sorted. */
static size_t distinct_days(cf_date_t *days, size_t n)
{
    if (n == 0)
        return 0;
    cf_date_t lo = days[0], hi = days[0];
    for (size_t d = 1; d < n; d++) {
        lo = days[d] < lo ? days[d] : lo;
        hi = days[d] > hi ? days[d] : hi;
    }
    size_t span = (size_t)(hi - lo) + 1;
    unsigned char *seen = span <= 4 * n + 4096 ? calloc(span, 1) : NULL;
    size_t nd = 0;
    if (seen != NULL) {
        for (size_t d = 0; d < n; d++)
            seen[days[d] - lo] = 1;
        for (size_t k = 0; k < span; k++)
            if (seen[k])
                days[nd++] = lo + (cf_date_t)k;
        free(seen);
        return nd;
    }
    qsort(days, n, sizeof *days, day_cmp);
    for (size_t d = 0; d < n; d++)
        if (nd == 0 || days[d] != days[nd - 1])
            days[nd++] = days[d];
    return nd;
}

/* Index of day in the sorted distinct days[0..nd-1] (it is there). */
static size_t day_index(const cf_date_t *days, size_t nd, cf_date_t day)
{
    size_t lo = 0, hi = nd;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (days[mid] <= day)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Days by index: a table over the days' span when it is small enough, else
 * binary search in days[0..nd-1]. */
struct day_map {
    const cf_date_t *days;
    size_t nd;
    cf_date_t lo;
    size_t *index; /* [day - lo], or NULL */
};

static int day_map_init(struct day_map *m, const cf_date_t *days, size_t nd, size_t n)
{
    *m = (struct day_map){days, nd, nd ? days[0] : 0, NULL};
    if (nd == 0)
        return 0;
    size_t span = (size_t)(days[nd - 1] - days[0]) + 1;
    if (span > 4 * n + 4096)
        return 0;
    m->index = malloc(span * sizeof *m->index);
    if (m->index == NULL)
        return -1;
    for (size_t d = 0; d < nd; d++)
        m->index[days[d] - m->lo] = d;
    return 0;
}

static size_t day_map_find(const struct day_map *m, cf_date_t day)
{
    return m->index != NULL ? m->index[day - m->lo] : day_index(m->days, m->nd, day);
}

struct cand {
    size_t item;
    long option;
    double size;
    int urgent;
};

/* cands[0..nc) in the order a departure's candidates open and top up boxes:
 * the urgent ones first, each part by size, largest first, then by item
 * (keysort.h); keyed: 2 nc, out: nc scratch */
static void sort_cands(struct cand *cands, size_t nc, struct cf_keyed *keyed, struct cand *out)
{
    size_t nk = 0;
    for (int urgent = 1; urgent >= 0; urgent--) {
        size_t first = nk;
        for (size_t e = 0; e < nc; e++)
            if (cands[e].urgent == urgent)
                keyed[nk++] = (struct cf_keyed){cands[e].size, cands[e].item, e};
        cf_keyed_sort(keyed + first, nk - first, keyed + nc);
    }
    for (size_t e = 0; e < nc; e++)
        out[e] = cands[keyed[e].at];
    memcpy(cands, out, nc * sizeof *cands);
}

/* The dense start's settings (pl_greedy_dense), one pair per variant: `aim`,
 * the share of a box's payload a departure's urgent weight is counted against
 * when deciding how many boxes it opens (a box its urgent items fill to the
 * last kilogram has no weight left for waiting cargo to fill its volume), and
 * `rho`: a waiting item goes in the first pass only where it is no denser
 * than rho times the room left (kg per m3). Among the boxes it fits an item
 * takes the one it leaves least room in: volume share plus
 * PL_DENSE_WEIGHT_ROOM of the weight share. Which pair packs a lane best
 * varies from lane to lane and year to year by a few tenths of a percent, so
 * the planner tries them all (bench/bench_plan_seeds.sh, means over seeds
 * 1-10 at 9.5 and 10.5 s, 40 firms: the first alone 0.711 %, the first
 * three 0.694 %, all five 0.687 %, eight 0.685 %). */
static const struct {
    double aim, rho;
} dense_variants[PL_DENSE_VARIANTS] = {{0.97, 1.2}, {1.0, 1.0}, {0.94, 1.6}, {0.97, 3.0}, {0.90, 1.2}};
#define PL_DENSE_WEIGHT_ROOM 0.3

/* price per unit of usable capacity, for ordering classes */
static double efficiency(const struct pl_class *k)
{
    const struct pl_row *row = pl_class_price(k, NULL);
    return row == NULL ? -1.0 : (double)row->cost;
}

/* The dispatch start's filling of one (day, class): cands in sort_cands'
 * order, each into the first box it fits; urgent items open boxes, waiting
 * ones only fill them (box_of[e] -1 when none holds it). Returns the boxes. */
static size_t first_fit_fill(const struct pl_lane *lane, const struct pl_class *kl, const struct cand *cands,
                             size_t nc, long *box_of, double *box_v, double *box_w)
{
    size_t nbox = 0;
    for (size_t e = 0; e < nc; e++) {
        const struct pl_item *it = &lane->items[cands[e].item];
        size_t b = 0;
        while (b < nbox && (box_v[b] + it->volume_m3 > kl->cap_volume_m3 * (1 + PL_FEAS_TOL) ||
                            box_w[b] + it->weight_kg > kl->cap_weight_kg * (1 + PL_FEAS_TOL)))
            b++;
        if (b == nbox) {
            if (!cands[e].urgent) {
                box_of[e] = -1;
                continue;
            }
            box_v[nbox] = box_w[nbox] = 0;
            nbox++;
        }
        box_v[b] += it->volume_m3;
        box_w[b] += it->weight_kg;
        box_of[e] = (long)b;
    }
    return nbox;
}

/* The dense start's box for item it among nbox boxes of capacity V, P
 * (loads box_v, box_w), which then carries it; -1 when none holds it. An
 * urgent item (rho < 0) goes where the box's volume and weight shares stay
 * closest; a waiting one where it leaves least room (volume share plus
 * PL_DENSE_WEIGHT_ROOM of the weight share), only where it is no denser than
 * rho times the room left. */
static long dense_box(const struct pl_item *it, double *box_v, double *box_w, size_t nbox, double V, double P,
                      double rho)
{
    long best = -1;
    double best_score = INFINITY;
    for (size_t b = 0; b < nbox; b++) {
        double rv = V - box_v[b] - it->volume_m3, rw = P - box_w[b] - it->weight_kg;
        if (rv < 0 || rw < 0)
            continue;
        if (rho >= 0 && it->weight_kg * (V - box_v[b]) > (P - box_w[b]) * it->volume_m3 * rho)
            continue;
        double score = rho < 0 ? fabs((box_v[b] + it->volume_m3) / V - (box_w[b] + it->weight_kg) / P)
                               : rv / V + PL_DENSE_WEIGHT_ROOM * rw / P;
        if (score < best_score) {
            best_score = score;
            best = (long)b;
        }
    }
    if (best >= 0) {
        box_v[best] += it->volume_m3;
        box_w[best] += it->weight_kg;
    }
    return best;
}

/* The dense start's filling of one (day, class): urgent items (cands' first
 * part, largest first) open boxes, each put where the box's volume and weight
 * shares stay closest; then the waiting items, those due soonest first, fill
 * them: first only where the item is no denser than the room left (so a box a
 * heavy load has filled by weight takes light cargo), then anywhere, each into
 * the box it leaves least room in. Reorders cands' waiting part (keyed: 2 nc
 * and tmp: nc scratch); box_of[e] gets e's box or -1. Returns the boxes. */
static size_t dense_fill(const struct pl_lane *lane, const struct pl_class *kl, struct cand *cands, size_t nc,
                         const cf_date_t *last, cf_date_t day, struct cf_keyed *keyed, struct cand *tmp,
                         long *box_of, double *box_v, double *box_w, int variant)
{
    double V = kl->cap_volume_m3 * (1 + PL_FEAS_TOL), P = kl->cap_weight_kg * (1 + PL_FEAS_TOL);
    size_t nu = 0;
    while (nu < nc && cands[nu].urgent)
        nu++;
    /* the waiting ones by last day, then size (a share over 8 is a box the
       item cannot ride anyway) */
    for (size_t e = nu; e < nc; e++)
        keyed[e - nu] = (struct cf_keyed){-(double)(last[cands[e].item] - day) * 16.0 + fmin(cands[e].size, 8.0),
                                          cands[e].item, e};
    cf_keyed_sort(keyed, nc - nu, keyed + nc);
    for (size_t e = nu; e < nc; e++)
        tmp[e] = cands[keyed[e - nu].at];
    memcpy(cands + nu, tmp + nu, (nc - nu) * sizeof *cands);
    /* as few boxes as the urgent load needs by volume and weight, opened
       at once so that every box gets its share of it; one more each time
       the urgent items do not all fit */
    double uv = 0.0, uw = 0.0;
    for (size_t e = 0; e < nu; e++) {
        uv += lane->items[cands[e].item].volume_m3;
        uw += lane->items[cands[e].item].weight_kg;
    }
    double steps = 4.0 * (double)nc; /* for the work clock: the sort and the sums */
    double aim = dense_variants[variant].aim, rho = dense_variants[variant].rho;
    size_t nbox = (size_t)fmax(1.0, fmax(ceil(uv / V), ceil(uw / (P * aim))));
    if (nbox > nu)
        nbox = nu;
    for (;;) {
        for (size_t b = 0; b < nbox; b++)
            box_v[b] = box_w[b] = 0.0;
        for (size_t e = 0; e < nu; e++)
            box_of[e] = -1; /* an option is only made for a box the item fits, so one each always holds it */
        size_t e = 0;
        for (; e < nu; e++) {
            long best = dense_box(&lane->items[cands[e].item], box_v, box_w, nbox, V, P, -1.0);
            steps += (double)nbox + 2.0;
            if (best < 0)
                break;
            box_of[e] = best;
        }
        if (e == nu || nbox >= nu)
            break;
        nbox++;
    }
    for (size_t e = nu; e < nc; e++)
        box_of[e] = -1;
    for (int pass = 0; pass < 2 && nbox > 0; pass++)
        for (size_t e = nu; e < nc; e++) {
            if (box_of[e] >= 0)
                continue;
            box_of[e] = dense_box(&lane->items[cands[e].item], box_v, box_w, nbox, V, P, pass == 0 ? rho : INFINITY);
            steps += (double)nbox + 2.0;
        }
    cf_clock_count(steps);
    return nbox;
}

/* The dispatch start (variant -1) or the dense start's variant. */
static int greedy_run(const struct pl_lane *lane, struct pl_choice *c, int variant)
{
    int dense = variant >= 0;
    int rc = -1;
    size_t n = lane->nitems;
    size_t nopt = 0;
    for (size_t i = 0; i < n; i++)
        nopt += lane->items[i].noptions;
    cf_date_t *last = calloc(n ? n : 1, sizeof *last);
    unsigned char *done_item = calloc(n ? n : 1, 1);
    cf_date_t *days = calloc(nopt ? nopt : 1, sizeof *days);
    struct cand *cands = calloc(n ? n : 1, sizeof *cands);
    struct cand *cand_tmp = calloc(n ? n : 1, sizeof *cand_tmp);
    struct cf_keyed *keyed = calloc(2 * (n ? n : 1), sizeof *keyed);
    long *box_of = calloc(n ? n : 1, sizeof *box_of);
    double *box_v = calloc(n ? n : 1, sizeof *box_v);
    double *box_w = calloc(n ? n : 1, sizeof *box_w);
    double *box_value = calloc(n ? n : 1, sizeof *box_value);
    size_t *korder = calloc(lane->nclasses ? lane->nclasses : 1, sizeof *korder);
    /* each class's cheapest plain row (NULL: none), looked up once */
    const struct pl_row **plain = calloc(lane->nclasses ? lane->nclasses : 1, sizeof *plain);
    size_t *start = NULL, *fill = NULL, *entry_item = NULL, *due_start = NULL, *due_item = NULL;
    long *entry_option = NULL;
    struct day_map dmap = {NULL, 0, 0, NULL};
    if (last == NULL || done_item == NULL || days == NULL || cands == NULL || cand_tmp == NULL || keyed == NULL ||
        box_of == NULL || box_v == NULL || box_w == NULL || box_value == NULL || korder == NULL || plain == NULL)
        goto done;
    for (size_t k = 0; k < lane->nclasses; k++)
        plain[k] = pl_class_price(&lane->classes[k], NULL);

    size_t ndays = 0;
    for (size_t i = 0; i < n; i++) {
        const struct pl_item *it = &lane->items[i];
        c->option[i] = it->loose_cost >= 0 ? -1 : -2;
        if (dense)
            c->bin[i] = -1;
        last[i] = CF_DATE_NONE;
        cf_date_t last_any = CF_DATE_NONE;
        for (size_t o = 0; o < it->noptions; o++) {
            size_t k = it->options[o].cls;
            if (plain[k] == NULL)
                continue;
            if (it->options[o].day > last_any)
                last_any = it->options[o].day;
            if (!lane->classes[k].faster && it->options[o].day > last[i])
                last[i] = it->options[o].day;
            days[ndays++] = it->options[o].day;
        }
        /* an item waits for its last box of the plain kind, not for a
           dearer faster one (only what nothing else carries waits for it) */
        if (last[i] == CF_DATE_NONE)
            last[i] = last_any;
        if (last[i] == CF_DATE_NONE) {
            done_item[i] = 1;
            if (it->loose_cost < 0)
                goto done; /* only tier rows could carry it */
        }
    }
    size_t nd = distinct_days(days, ndays);
    if (day_map_init(&dmap, days, nd, nopt) != 0)
        goto done;
    /* each item's options by (day, class), items ascending within each: what
       a departure and class may carry, without scanning every item */
    size_t nbuckets = nd * lane->nclasses;
    start = calloc(nbuckets + 1, sizeof *start);
    entry_item = malloc((nopt ? nopt : 1) * sizeof *entry_item);
    entry_option = malloc((nopt ? nopt : 1) * sizeof *entry_option);
    due_start = calloc(nd + 1, sizeof *due_start);
    due_item = malloc((n ? n : 1) * sizeof *due_item);
    if (start == NULL || entry_item == NULL || entry_option == NULL || due_start == NULL || due_item == NULL)
        goto done;
    /* the items by their last day (its index), ascending within each: who
       goes loose once the day has passed, without scanning every item */
    for (size_t i = 0; i < n; i++)
        if (!done_item[i])
            due_start[day_map_find(&dmap, last[i]) + 1]++;
    for (size_t d = 0; d < nd; d++)
        due_start[d + 1] += due_start[d];
    {
        size_t *put = malloc((nd + 1) * sizeof *put);
        if (put == NULL)
            goto done;
        memcpy(put, due_start, (nd + 1) * sizeof *put);
        for (size_t i = 0; i < n; i++)
            if (!done_item[i])
                due_item[put[day_map_find(&dmap, last[i])]++] = i;
        free(put);
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            const struct pl_item *it = &lane->items[i];
            for (size_t o = 0; o < it->noptions; o++) {
                size_t k = it->options[o].cls;
                if (done_item[i] || plain[k] == NULL)
                    continue;
                size_t bucket = day_map_find(&dmap, it->options[o].day) * lane->nclasses + k;
                if (pass == 0) {
                    start[bucket + 1]++;
                    continue;
                }
                size_t at = fill[bucket];
                if (at > start[bucket] && entry_item[at - 1] == i)
                    continue; /* the item's first option there stands */
                entry_item[at] = i;
                entry_option[at] = (long)o;
                fill[bucket]++;
            }
        }
        if (pass == 0) {
            for (size_t b = 0; b < nbuckets; b++)
                start[b + 1] += start[b];
            fill = malloc((nbuckets ? nbuckets : 1) * sizeof *fill);
            if (fill == NULL)
                goto done;
            memcpy(fill, start, nbuckets * sizeof *fill);
        }
    }
    /* classes cheapest per unit of capacity first */
    size_t nk = 0;
    for (size_t k = 0; k < lane->nclasses; k++)
        if (efficiency(&lane->classes[k]) >= 0)
            korder[nk++] = k;
    for (size_t a = 1; a < nk; a++)
        for (size_t b = a; b > 0; b--) {
            const struct pl_class *x = &lane->classes[korder[b - 1]], *y = &lane->classes[korder[b]];
            double ex = efficiency(x) / x->cap_volume_m3, ey = efficiency(y) / y->cap_volume_m3;
            if (ey < ex) {
                size_t t = korder[b - 1];
                korder[b - 1] = korder[b];
                korder[b] = t;
            }
        }

    for (size_t d = 0; d < nd; d++) {
        cf_date_t day = days[d];
        for (size_t kk = 0; kk < nk; kk++) {
            size_t k = korder[kk];
            const struct pl_class *kl = &lane->classes[k];
            cf_cents_t price = plain[k]->cost;
            size_t nc = 0, nurgent = 0;
            size_t bucket = d * lane->nclasses + k;
            for (size_t e = start[bucket]; e < fill[bucket]; e++) {
                size_t i = entry_item[e];
                if (done_item[i])
                    continue;
                cands[nc].item = i;
                cands[nc].option = entry_option[e];
                cands[nc].size = share(kl, &lane->items[i]);
                cands[nc].urgent = last[i] == day;
                nurgent += cands[nc].urgent;
                nc++;
            }
            if (nurgent == 0)
                continue;
            sort_cands(cands, nc, keyed, cand_tmp);
            /* urgent items open boxes; waiting items only fill them */
            size_t nbox = dense ? dense_fill(lane, kl, cands, nc, last, day, keyed, cand_tmp, box_of, box_v,
                                             box_w, variant)
                                : first_fit_fill(lane, kl, cands, nc, box_of, box_v, box_w);
            /* what a box carries is worth: its urgent items' loose charges,
               the waiting ones' share of a box where cheaper */
            for (size_t b = 0; b < nbox; b++)
                box_value[b] = 0.0;
            for (size_t e = 0; e < nc; e++) {
                if (box_of[e] < 0)
                    continue;
                const struct pl_item *it = &lane->items[cands[e].item];
                double loose = it->loose_cost >= 0 ? (double)it->loose_cost : 1e18;
                double fill = (double)price * cands[e].size;
                box_value[box_of[e]] += cands[e].urgent ? loose : (fill < loose ? fill : loose);
            }
            int last_class = kk + 1 == nk;
            for (size_t e = 0; e < nc; e++) {
                long b = box_of[e];
                if (b < 0)
                    continue;
                const struct pl_item *it = &lane->items[cands[e].item];
                int keep = box_value[b] >= (double)price;
                /* last class and no loose rate: the urgent item must ride anyway */
                if (!keep && last_class && cands[e].urgent && it->loose_cost < 0)
                    keep = 1;
                if (keep) {
                    c->option[cands[e].item] = cands[e].option;
                    if (dense)
                        c->bin[cands[e].item] = b; /* its box: a hint the packing tries (plan_pack.c) */
                    done_item[cands[e].item] = 1;
                }
            }
        }
        /* urgent items no box took: loose (their last container chance is gone) */
        for (size_t q = due_start[d]; q < due_start[d + 1]; q++) {
            size_t i = due_item[q];
            if (!done_item[i]) {
                done_item[i] = 1;
                c->option[i] = lane->items[i].loose_cost >= 0 ? -1 : -2;
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        if (c->option[i] == -2)
            goto done;
    rc = 0;
done:
    free(start);
    free(fill);
    free(entry_item);
    free(entry_option);
    free(due_start);
    free(due_item);
    free(dmap.index);
    free(plain);
    free(korder);
    free(box_value);
    free(box_w);
    free(box_v);
    free(box_of);
    free(keyed);
    free(cand_tmp);
    free(cands);
    free(days);
    free(done_item);
    free(last);
    return rc;
}

int pl_greedy(const struct pl_lane *lane, struct pl_choice *c)
{
    return greedy_run(lane, c, -1);
}

int pl_greedy_dense(const struct pl_lane *lane, struct pl_choice *c, int variant)
{
    return variant >= 0 && variant < PL_DENSE_VARIANTS ? greedy_run(lane, c, variant) : -1;
}

int pl_fit_entry_cmp(const void *a, const void *b)
{
    const struct pl_fit_entry *x = a, *y = b;
    if (x->cls != y->cls)
        return x->cls < y->cls ? -1 : 1;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->size != y->size)
        return x->size > y->size ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}

/* The (class, day) bucket of record e of sort_by_class_day's array. */
static size_t bucket_key(const unsigned char *rec, size_t e, size_t size, size_t cls_off, size_t day_off,
                         cf_date_t lo, size_t span)
{
    size_t cls;
    cf_date_t day;
    memcpy(&cls, rec + e * size + cls_off, sizeof cls);
    memcpy(&day, rec + e * size + day_off, sizeof day);
    return cls * span + (size_t)(day - lo);
}

static cf_date_t record_day(const unsigned char *rec, size_t e, size_t size, size_t day_off)
{
    cf_date_t day;
    memcpy(&day, rec + e * size + day_off, sizeof day);
    return day;
}

/* Sort n records of `size` bytes into cmp's order, where cmp orders by the
 * size_t class at cls_off (< nclasses), then the cf_date_t day at day_off,
 * then the double at key_off largest first, then the size_t item at item_off:
 * counted into (class, day) buckets, each bucket then sorted alone by
 * (key, item) triples (keysort.h: qsort's indirect calls were a tenth of a
 * quick plan's instructions); one qsort with cmp when the days span too wide
 * or memory is short. Records equal under cmp keep their order either way. */
static void sort_by_class_day(void *base, size_t n, size_t size, size_t cls_off, size_t day_off,
                              size_t key_off, size_t item_off, size_t nclasses,
                              int (*cmp)(const void *, const void *))
{
    if (n < 2)
        return;
    unsigned char *rec = base;
    cf_date_t lo = record_day(rec, 0, size, day_off), hi = lo;
    for (size_t e = 1; e < n; e++) {
        cf_date_t day = record_day(rec, e, size, day_off);
        lo = day < lo ? day : lo;
        hi = day > hi ? day : hi;
    }
    size_t span = (size_t)(hi - lo) + 1, nb = span * nclasses;
    size_t *end = nb <= 4 * n + 4096 ? calloc(nb + 1, sizeof *end) : NULL;
    unsigned char *tmp = end != NULL ? malloc(n * size) : NULL;
    struct cf_keyed *keyed = tmp != NULL ? malloc(2 * n * sizeof *keyed) : NULL;
    if (keyed == NULL) {
        free(end);
        free(tmp);
        qsort(base, n, size, cmp);
        return;
    }
    for (size_t e = 0; e < n; e++)
        end[bucket_key(rec, e, size, cls_off, day_off, lo, span) + 1]++;
    for (size_t k = 1; k <= nb; k++)
        end[k] += end[k - 1];
    for (size_t e = 0; e < n; e++) /* end[key] runs from the bucket's start to its end */
        memcpy(tmp + size * end[bucket_key(rec, e, size, cls_off, day_off, lo, span)]++, rec + e * size, size);
    for (size_t k = 0, a = 0; k < nb; a = end[k++]) {
        size_t count = end[k] - a;
        if (count < 2) {
            if (count == 1)
                memcpy(rec + a * size, tmp + a * size, size);
            continue;
        }
        for (size_t q = 0; q < count; q++) {
            const unsigned char *r = tmp + (a + q) * size;
            memcpy(&keyed[q].key, r + key_off, sizeof keyed[q].key);
            memcpy(&keyed[q].tie, r + item_off, sizeof keyed[q].tie);
            keyed[q].at = q;
        }
        cf_keyed_sort(keyed, count, keyed + n);
        for (size_t q = 0; q < count; q++)
            memcpy(rec + (a + q) * size, tmp + (a + keyed[q].at) * size, size);
    }
    free(keyed);
    free(tmp);
    free(end);
}

void pl_fit_entry_sort(struct pl_fit_entry *es, size_t ne, size_t nclasses)
{
    sort_by_class_day(es, ne, sizeof *es, offsetof(struct pl_fit_entry, cls), offsetof(struct pl_fit_entry, day),
                      offsetof(struct pl_fit_entry, size), offsetof(struct pl_fit_entry, item), nclasses,
                      pl_fit_entry_cmp);
}

/* One packed box of the estimate: its items loose when that is cheaper and
 * every one of them has a loose rate (all_loose), else the box's price. */
static cf_cents_t box_charge(int all_loose, cf_cents_t loose, cf_cents_t price)
{
    return all_loose && loose < price ? loose : price;
}

/* Item it into box x of an estimate's scratch: bv, bw its load, bl its
 * items' loose charges, bfree 1 while every item in it has a loose rate, 0
 * once one has none (2: the box was empty). */
static void box_put(const struct pl_item *it, size_t x, double *bv, double *bw, cf_cents_t *bl,
                    unsigned char *bfree)
{
    bv[x] += it->volume_m3;
    bw[x] += it->weight_kg;
    if (bfree[x] == 2)
        bfree[x] = 1;
    if (it->loose_cost < 0)
        bfree[x] = 0;
    else
        bl[x] += it->loose_cost;
}

/* A departure's cost by the containers an exact fill left in c->bin for
 * es[a..b): -1 unless every item has a hint below b - a and every hinted
 * container holds its items (a stale hint is harmless: any split that fits
 * is a packing). bv, bw, bl, bfree: scratch of at least b - a entries. */
static cf_cents_t hint_cost(const struct pl_lane *lane, const struct pl_choice *c, const struct pl_fit_entry *es,
                            size_t a, size_t b, const struct pl_class *k, cf_cents_t price, double *bv, double *bw,
                            cf_cents_t *bl, unsigned char *bfree)
{
    size_t m = b - a;
    /* checked before the scratch is touched: plans without exact fills
       (every quick plan) leave here at once */
    for (size_t e = a; e < b; e++)
        if (c->bin[es[e].item] < 0 || (size_t)c->bin[es[e].item] >= m)
            return -1;
    for (size_t x = 0; x < m; x++) {
        bv[x] = bw[x] = 0;
        bl[x] = 0;
        bfree[x] = 2; /* 2: unused */
    }
    for (size_t e = a; e < b; e++) {
        size_t x = (size_t)c->bin[es[e].item];
        box_put(&lane->items[es[e].item], x, bv, bw, bl, bfree);
        if (bv[x] > k->cap_volume_m3 * (1 + PL_FEAS_TOL) || bw[x] > k->cap_weight_kg * (1 + PL_FEAS_TOL))
            return -1;
    }
    cf_cents_t cost = 0;
    for (size_t x = 0; x < m; x++)
        if (bfree[x] != 2)
            cost += box_charge(bfree[x], bl[x], price);
    return cost;
}

/* pl_choice_estimate's first fit with boxes at c's tier prices (tiers) or
 * at plain prices; *teu gets the TEU of the boxes first fit charges as boxes. */
static cf_cents_t estimate_at(const struct pl_lane *lane, const struct pl_choice *c, int tiers, double *teu)
{
    *teu = 0.0;
    size_t n = lane->nitems;
    struct pl_fit_entry *es = calloc(n ? n : 1, sizeof *es);
    double *bv = calloc(n ? n : 1, sizeof *bv);
    double *bw = calloc(n ? n : 1, sizeof *bw);
    cf_cents_t *bl = calloc(n ? n : 1, sizeof *bl);
    unsigned char *bfree = calloc(n ? n : 1, 1);
    cf_cents_t total = -1;
    if (es == NULL || bv == NULL || bw == NULL || bl == NULL || bfree == NULL)
        goto done;
    total = 0;
    size_t ne = 0;
    for (size_t i = 0; i < n; i++) {
        const struct pl_item *it = &lane->items[i];
        long o = c->option[i];
        if (o == -1) {
            total += it->loose_cost;
        } else if (o >= 0) {
            const struct pl_class *k = &lane->classes[it->options[o].cls];
            es[ne].cls = it->options[o].cls;
            es[ne].day = it->options[o].day;
            es[ne].size = share(k, it);
            es[ne].item = i;
            ne++;
        } else {
            total = CF_CENTS_HUGE;
            goto done;
        }
    }
    pl_fit_entry_sort(es, ne, lane->nclasses);
    double steps = 6.0 * (double)n + 4.0 * (double)ne * log2((double)ne + 1.0); /* for the work clock */
    for (size_t a = 0; a < ne;) {
        size_t b = a;
        while (b < ne && es[b].cls == es[a].cls && es[b].day == es[a].day)
            b++;
        const struct pl_class *k = &lane->classes[es[a].cls];
        const struct pl_row *row = tiers ? pl_class_price(k, c->tier_on[es[a].cls]) : NULL;
        if (row == NULL)
            row = pl_class_price(k, NULL);
        if (row == NULL) {
            total = CF_CENTS_HUGE;
            goto done;
        }
        cf_cents_t hinted = hint_cost(lane, c, es, a, b, k, row->cost, bv, bw, bl, bfree);
        size_t nbox = 0;
        for (size_t e = a; e < b; e++) {
            const struct pl_item *it = &lane->items[es[e].item];
            size_t x = 0;
            while (x < nbox && (bv[x] + it->volume_m3 > k->cap_volume_m3 * (1 + PL_FEAS_TOL) ||
                                bw[x] + it->weight_kg > k->cap_weight_kg * (1 + PL_FEAS_TOL)))
                x++;
            steps += (double)x + 2.0;
            if (x == nbox) {
                bv[nbox] = bw[nbox] = 0;
                bl[nbox] = 0;
                bfree[nbox] = 1;
                nbox++;
            }
            box_put(it, x, bv, bw, bl, bfree);
        }
        cf_cents_t fitted = 0;
        for (size_t x = 0; x < nbox; x++) {
            cf_cents_t charge = box_charge(bfree[x], bl[x], row->cost);
            fitted += charge;
            if (charge == row->cost)
                *teu += k->teu;
        }
        total += hinted >= 0 && hinted < fitted ? hinted : fitted;
        a = b;
    }
    cf_clock_count(steps);
done:
    free(bfree);
    free(bl);
    free(bw);
    free(bv);
    free(es);
    return total;
}

cf_cents_t pl_choice_estimate(const struct pl_lane *lane, const struct pl_choice *c)
{
    /* tier prices only where the boxes reach the tier: a schedule the MIP
       priced at a 5-TEU tier its two shipments cannot reach looked 599.94
       and beat the 1,900.00 one box that is optimal */
    double teu = 0.0;
    cf_cents_t est = estimate_at(lane, c, 1, &teu);
    if (est >= 0 && est < CF_CENTS_HUGE && pl_tier_need(lane, c->tier_on) > teu + 1e-9)
        est = estimate_at(lane, c, 0, &teu);
    return est;
}

int pl_choice_copy(struct pl_choice *dst, const struct pl_choice *src, const struct pl_lane *lane)
{
    memcpy(dst->option, src->option, lane->nitems * sizeof *dst->option);
    for (size_t k = 0; k < lane->nclasses; k++)
        memcpy(dst->tier_on[k], src->tier_on[k], lane->classes[k].nrows);
    dst->lower_bound = src->lower_bound;
    dst->timed_out = src->timed_out;
    memcpy(dst->bin, src->bin, lane->nitems * sizeof *dst->bin);
    dst->has_sched = src->has_sched;
    if (src->has_sched)
        memcpy(dst->sched, src->sched, src->nsched * sizeof *dst->sched);
    return 0;
}

/* --- the best-box greedy --- */

struct bb_entry {
    size_t cls;
    cf_date_t day;
    size_t item;
    size_t option;
    double density; /* value per unit of container share */
};

static int bb_cmp(const void *a, const void *b)
{
    const struct bb_entry *x = a, *y = b;
    if (x->cls != y->cls)
        return x->cls < y->cls ? -1 : 1;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->density != y->density)
        return x->density > y->density ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}

/* an item's worth in a container: the loose charge it saves (one with no
   loose rate must ride: worth several containers) */
static double bb_value(const struct pl_item *it, cf_cents_t price)
{
    return it->loose_cost >= 0 ? (double)it->loose_cost : 4.0 * (double)price;
}

/* Fill one container of bucket [a, b) from the unassigned items, densest
   first; returns the saving (value - price), marks chosen items in pick. */
static double bb_fill(const struct pl_lane *lane, const struct bb_entry *es, size_t a, size_t b,
                      const long *option, unsigned char *pick)
{
    const struct pl_class *k = &lane->classes[es[a].cls];
    cf_cents_t price = pl_class_price(k, NULL)->cost;
    double v = 0, w = 0, value = 0;
    for (size_t e = a; e < b; e++) {
        pick[e - a] = 0;
        const struct pl_item *it = &lane->items[es[e].item];
        if (option[es[e].item] != -3)
            continue;
        if (v + it->volume_m3 > k->cap_volume_m3 * (1 + PL_FEAS_TOL) ||
            w + it->weight_kg > k->cap_weight_kg * (1 + PL_FEAS_TOL))
            continue;
        v += it->volume_m3;
        w += it->weight_kg;
        value += bb_value(it, price);
        pick[e - a] = 1;
    }
    return value - (double)price;
}

int pl_greedy_best_box(const struct pl_lane *lane, struct pl_choice *c)
{
    int rc = -1;
    size_t n = lane->nitems, nopt = 0;
    for (size_t i = 0; i < n; i++)
        nopt += lane->items[i].noptions;
    /* written before they are read, but for dirty: malloc spares a quick
       plan the zeroing of arrays as long as the lane's options */
    struct bb_entry *es = malloc((nopt ? nopt : 1) * sizeof *es);
    size_t *bstart = malloc((nopt + 1) * sizeof *bstart);
    double *saving = malloc((nopt ? nopt : 1) * sizeof *saving);
    unsigned char *dirty = calloc(nopt ? nopt : 1, 1);
    unsigned char *pick = malloc(nopt ? nopt : 1);
    size_t *bucket_of = malloc((nopt ? nopt : 1) * sizeof *bucket_of); /* per item option, flattened */
    size_t *first_opt = malloc((n + 1) * sizeof *first_opt);
    const struct pl_row **plain = malloc((lane->nclasses ? lane->nclasses : 1) * sizeof *plain);
    if (es == NULL || bstart == NULL || saving == NULL || dirty == NULL || pick == NULL ||
        bucket_of == NULL || first_opt == NULL || plain == NULL)
        goto done;
    for (size_t k = 0; k < lane->nclasses; k++)
        plain[k] = pl_class_price(&lane->classes[k], NULL);
    size_t ne = 0;
    for (size_t i = 0; i < n; i++) {
        const struct pl_item *it = &lane->items[i];
        c->option[i] = -3; /* unassigned */
        first_opt[i] = ne;
        for (size_t o = 0; o < it->noptions; o++) {
            const struct pl_class *k = &lane->classes[it->options[o].cls];
            const struct pl_row *row = plain[it->options[o].cls];
            if (row == NULL)
                continue;
            double sv = it->volume_m3 / k->cap_volume_m3, sw = it->weight_kg / k->cap_weight_kg;
            double size = sv > sw ? sv : sw;
            es[ne].cls = it->options[o].cls;
            es[ne].day = it->options[o].day;
            es[ne].item = i;
            es[ne].option = o;
            es[ne].density = bb_value(it, row->cost) / (size > 1e-9 ? size : 1e-9);
            ne++;
        }
    }
    first_opt[n] = ne;
    sort_by_class_day(es, ne, sizeof *es, offsetof(struct bb_entry, cls), offsetof(struct bb_entry, day),
                      offsetof(struct bb_entry, density), offsetof(struct bb_entry, item), lane->nclasses, bb_cmp);
    size_t nb = 0;
    for (size_t e = 0; e < ne; e++) {
        if (e == 0 || es[e].cls != es[e - 1].cls || es[e].day != es[e - 1].day)
            bstart[nb++] = e;
        bucket_of[e] = nb - 1;
    }
    bstart[nb] = ne;
    /* item -> its buckets: scan entries (sorted by bucket), kept by item */
    size_t *item_buckets = calloc(ne ? ne : 1, sizeof *item_buckets);
    size_t *fill = calloc(n + 1, sizeof *fill);
    if (item_buckets == NULL || fill == NULL) {
        free(item_buckets);
        free(fill);
        goto done;
    }
    for (size_t e = 0; e < ne; e++)
        item_buckets[first_opt[es[e].item] + fill[es[e].item]++] = bucket_of[e];
    for (size_t b = 0; b < nb; b++)
        saving[b] = bb_fill(lane, es, bstart[b], bstart[b + 1], c->option, pick);
    for (;;) {
        size_t best = nb;
        for (size_t b = 0; b < nb; b++) {
            if (dirty[b]) {
                saving[b] = bb_fill(lane, es, bstart[b], bstart[b + 1], c->option, pick);
                dirty[b] = 0;
            }
            if (saving[b] > 0 && (best == nb || saving[b] > saving[best]))
                best = b;
        }
        if (best == nb)
            break;
        bb_fill(lane, es, bstart[best], bstart[best + 1], c->option, pick);
        for (size_t e = bstart[best]; e < bstart[best + 1]; e++) {
            if (!pick[e - bstart[best]])
                continue;
            size_t i = es[e].item;
            c->option[i] = (long)es[e].option;
            for (size_t q = first_opt[i]; q < first_opt[i] + fill[i]; q++)
                dirty[item_buckets[q]] = 1;
        }
    }
    free(item_buckets);
    free(fill);
    rc = 0;
    for (size_t i = 0; i < n; i++)
        if (c->option[i] == -3) {
            c->option[i] = lane->items[i].loose_cost >= 0 ? -1 : -2;
            if (c->option[i] == -2)
                rc = -1;
        }
done:
    free(plain);
    free(first_opt);
    free(bucket_of);
    free(pick);
    free(dirty);
    free(saving);
    free(bstart);
    free(es);
    return rc;
}
