/* plan_search.c — local search over a lane's container schedule
 * (plan_internal.h, pl_schedule_search): the schedule is the number of
 * containers per (class, departure); a schedule is priced by filling its
 * containers departure by departure (aggregate volume and weight), the items
 * with the fewest later open departures first and the dearest loose charge
 * per unit of container next, what is left going loose. Moves: one container
 * more, one less, or one moved to the neighbouring departure of its class;
 * the first move that lowers the price is taken, until none does or the
 * clock runs out. Only a heuristic: plan.c keeps the answer only when the
 * packed estimate (pl_choice_estimate) is lower than its best. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "solver/keysort.h"
#include "solver/plan_internal.h"

/* an unplaceable item costs this much, so a schedule leaving one out loses */
#define PS_PENALTY 1e13

struct ps_bucket {
    size_t cls;
    cf_date_t day;
    double price; /* cents; INFINITY: no usable row */
    size_t first, count; /* into the entries */
    long prev, next;     /* the same class's neighbouring departures, -1: none */
};

struct ps_entry {
    size_t item;
    size_t option;
    double density; /* loose charge per container share: who to take first */
};

struct ps_cand {
    cf_date_t last;  /* the item's last open departure */
    double density;
    size_t item, option;
};

struct ps {
    const struct pl_lane *lane;
    struct ps_bucket *bs;
    size_t nb;
    struct ps_entry *es;
    size_t *order;      /* bucket indices by day */
    cf_date_t *last;    /* per item */
    long *assign;       /* per item: option, -1 loose, -2 none */
    struct ps_cand *cand, *cand_tmp;
    struct cf_keyed *keyed; /* 2 x the largest bucket: the candidates' sort */
    double *bin_v, *bin_w; /* one departure's containers: loads */
};

/* A bucket's entries, densest first, then by item: the candidates of every
   evaluation come out in that order, and only their last departures are
   left to sort by. */
static int entry_cmp(const void *a, const void *b)
{
    const struct ps_entry *x = a, *y = b;
    if (x->density != y->density)
        return x->density > y->density ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}

/* At most this many distinct last departures among a bucket's candidates
   are counted into place; more are sorted. */
#define PS_FEW_DAYS 16

/* cand[0..nc) (densest first, then by item) ordered by last departure,
   soonest first, keeping that order among equals (qsort's comparator calls
   were a tenth of a year's plan). A bucket's candidates mostly share a few
   last departures (a sailing's shipments: two or three), so they are
   counted into place; with many, a stable keysort. */
static void sort_cands(struct ps *s, size_t nc)
{
    cf_date_t day[PS_FEW_DAYS];
    size_t nd = 0, at[PS_FEW_DAYS + 1];
    for (size_t c = 0; c < nc && nd <= PS_FEW_DAYS; c++) {
        size_t d = 0;
        while (d < nd && day[d] != s->cand[c].last)
            d++;
        if (d == nd && nd++ < PS_FEW_DAYS)
            day[d] = s->cand[c].last;
    }
    if (nd <= PS_FEW_DAYS) {
        for (size_t d = 1; d < nd; d++) /* the days, soonest first */
            for (size_t e = d; e > 0 && day[e] < day[e - 1]; e--) {
                cf_date_t t = day[e];
                day[e] = day[e - 1];
                day[e - 1] = t;
            }
        for (size_t d = 0; d <= nd; d++)
            at[d] = 0;
        for (size_t c = 0; c < nc; c++) {
            size_t d = 0;
            while (day[d] != s->cand[c].last)
                d++;
            at[d + 1]++;
        }
        for (size_t d = 1; d <= nd; d++)
            at[d] += at[d - 1];
        for (size_t c = 0; c < nc; c++) {
            size_t d = 0;
            while (day[d] != s->cand[c].last)
                d++;
            s->cand_tmp[at[d]++] = s->cand[c];
        }
        memcpy(s->cand, s->cand_tmp, nc * sizeof *s->cand);
        return;
    }
    for (size_t c = 0; c < nc; c++)
        s->keyed[c] = (struct cf_keyed){-(double)s->cand[c].last, c, c};
    cf_keyed_sort(s->keyed, nc, s->keyed + nc);
    for (size_t c = 0; c < nc; c++)
        s->cand_tmp[c] = s->cand[s->keyed[c].at];
    memcpy(s->cand, s->cand_tmp, nc * sizeof *s->cand);
}

static int okey_cmp(const void *a, const void *b)
{
    const struct pl_okey *x = a, *y = b;
    if (x->cls != y->cls)
        return x->cls < y->cls ? -1 : 1;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->item != y->item)
        return x->item < y->item ? -1 : 1;
    return (x->option > y->option) - (x->option < y->option);
}

struct pl_okey *pl_lane_okeys(const struct pl_lane *lane, size_t *n)
{
    size_t nopt = 0;
    for (size_t i = 0; i < lane->nitems; i++)
        nopt += lane->items[i].noptions;
    struct pl_okey *keys = calloc(nopt ? nopt : 1, sizeof *keys);
    if (keys == NULL)
        return NULL;
    size_t nk = 0;
    for (size_t i = 0; i < lane->nitems; i++)
        for (size_t o = 0; o < lane->items[i].noptions; o++) {
            keys[nk].cls = lane->items[i].options[o].cls;
            keys[nk].day = lane->items[i].options[o].day;
            keys[nk].item = i;
            keys[nk].option = o;
            nk++;
        }
    qsort(keys, nk, sizeof *keys, okey_cmp);
    *n = nk;
    return keys;
}

/* The price of schedule n (containers per bucket); fills s->assign. */
static double evaluate(struct ps *s, const long *n)
{
    const struct pl_lane *lane = s->lane;
    double total = 0.0;
    double steps = 3.0 * (double)lane->nitems + (double)s->nb; /* for the work clock */
    for (size_t i = 0; i < lane->nitems; i++) {
        s->last[i] = CF_DATE_NONE;
        s->assign[i] = -2;
    }
    for (size_t b = 0; b < s->nb; b++) {
        if (n[b] <= 0)
            continue;
        total += (double)n[b] * s->bs[b].price;
        steps += (double)s->bs[b].count;
        for (size_t e = s->bs[b].first; e < s->bs[b].first + s->bs[b].count; e++) {
            size_t i = s->es[e].item;
            if (s->last[i] == CF_DATE_NONE || s->bs[b].day > s->last[i])
                s->last[i] = s->bs[b].day;
        }
    }
    for (size_t q = 0; q < s->nb; q++) {
        size_t b = s->order[q];
        if (n[b] <= 0)
            continue;
        const struct pl_class *k = &lane->classes[s->bs[b].cls];
        size_t nbins = (size_t)n[b] < s->bs[b].count ? (size_t)n[b] : s->bs[b].count;
        for (size_t x = 0; x < nbins; x++)
            s->bin_v[x] = s->bin_w[x] = 0.0;
        double cap_v = k->cap_volume_m3 * (1 + PL_FEAS_TOL), cap_w = k->cap_weight_kg * (1 + PL_FEAS_TOL);
        size_t nc = 0;
        for (size_t e = s->bs[b].first; e < s->bs[b].first + s->bs[b].count; e++) {
            size_t i = s->es[e].item;
            if (s->assign[i] != -2)
                continue;
            s->cand[nc].last = s->last[i];
            s->cand[nc].density = s->es[e].density;
            s->cand[nc].item = i;
            s->cand[nc].option = s->es[e].option;
            nc++;
        }
        if (nc > 1)
            sort_cands(s, nc);
        steps += (double)(nbins + s->bs[b].count) + 4.0 * (double)nc * log2((double)nc + 1.0);
        for (size_t c = 0; c < nc; c++) {
            const struct pl_item *it = &lane->items[s->cand[c].item];
            size_t x = 0; /* first fit into the departure's containers */
            while (x < nbins && (s->bin_v[x] + it->volume_m3 > cap_v || s->bin_w[x] + it->weight_kg > cap_w))
                x++;
            steps += (double)x + 1.0;
            if (x == nbins)
                continue;
            s->bin_v[x] += it->volume_m3;
            s->bin_w[x] += it->weight_kg;
            s->assign[s->cand[c].item] = (long)s->cand[c].option;
        }
    }
    for (size_t i = 0; i < lane->nitems; i++) {
        if (s->assign[i] != -2)
            continue;
        if (lane->items[i].loose_cost >= 0) {
            s->assign[i] = -1;
            total += (double)lane->items[i].loose_cost;
        } else {
            total += PS_PENALTY;
        }
    }
    cf_clock_count(steps);
    return total;
}

struct ps_ord {
    cf_date_t day;
    size_t cls, bucket;
};

static int order_cmp(const void *a, const void *b)
{
    const struct ps_ord *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return (x->cls > y->cls) - (x->cls < y->cls);
}

int pl_schedule_search(const struct pl_lane *lane, struct pl_choice *c, const long *sched,
                       double time_limit_s, double *cost_cents, int *moves)
{
    int rc = -1;
    double deadline = cf_now_s() + time_limit_s;
    *moves = 0;
    *cost_cents = INFINITY;
    size_t nopt = 0;
    for (size_t i = 0; i < lane->nitems; i++)
        nopt += lane->items[i].noptions;
    size_t n1 = lane->nitems ? lane->nitems : 1;
    struct ps s = {.lane = lane};
    size_t nk = 0;
    struct pl_okey *keys = pl_lane_okeys(lane, &nk);
    long *n = NULL, *best_assign = NULL, *cur = NULL;
    s.bs = calloc(nopt ? nopt : 1, sizeof *s.bs);
    s.es = calloc(nopt ? nopt : 1, sizeof *s.es);
    s.order = calloc(nopt ? nopt : 1, sizeof *s.order);
    s.cand = calloc(nopt ? nopt : 1, sizeof *s.cand);
    s.cand_tmp = calloc(nopt ? nopt : 1, sizeof *s.cand_tmp);
    s.keyed = calloc(2 * (nopt ? nopt : 1), sizeof *s.keyed);
    s.bin_v = calloc(n1, sizeof *s.bin_v);
    s.bin_w = calloc(n1, sizeof *s.bin_w);
    s.last = calloc(n1, sizeof *s.last);
    s.assign = calloc(n1, sizeof *s.assign);
    best_assign = calloc(n1, sizeof *best_assign);
    if (keys == NULL || s.bs == NULL || s.es == NULL || s.order == NULL || s.cand == NULL || s.cand_tmp == NULL ||
        s.keyed == NULL || s.last == NULL || s.assign == NULL || best_assign == NULL || s.bin_v == NULL ||
        s.bin_w == NULL)
        goto done;
    for (size_t q = 0; q < nk; q++) {
        if (s.nb == 0 || s.bs[s.nb - 1].cls != keys[q].cls || s.bs[s.nb - 1].day != keys[q].day) {
            struct ps_bucket *b = &s.bs[s.nb++];
            b->cls = keys[q].cls;
            b->day = keys[q].day;
            const struct pl_row *row = pl_class_price(&lane->classes[b->cls], c->tier_on[b->cls]);
            b->price = row != NULL ? (double)row->cost : INFINITY;
            b->first = q;
            b->count = 0;
            b->prev = b->next = -1;
            if (s.nb > 1 && s.bs[s.nb - 2].cls == b->cls) {
                b->prev = (long)s.nb - 2;
                s.bs[s.nb - 2].next = (long)s.nb - 1;
            }
        } else if (keys[q].item == keys[q - 1].item) {
            continue; /* one item twice on a bucket: once is enough */
        }
        const struct pl_item *it = &lane->items[keys[q].item];
        const struct pl_class *k = &lane->classes[keys[q].cls];
        double share = fmax(it->volume_m3 / k->cap_volume_m3, it->weight_kg / k->cap_weight_kg);
        struct ps_entry *e = &s.es[s.bs[s.nb - 1].first + s.bs[s.nb - 1].count++];
        e->item = keys[q].item;
        e->option = keys[q].option;
        e->density = (it->loose_cost >= 0 ? (double)it->loose_cost : PS_PENALTY) / (share > 0 ? share : 1e-9);
    }
    for (size_t b = 0; b < s.nb; b++)
        qsort(&s.es[s.bs[b].first], s.bs[b].count, sizeof *s.es, entry_cmp);
    {
        struct ps_ord *ord = calloc(s.nb ? s.nb : 1, sizeof *ord);
        if (ord == NULL)
            goto done;
        for (size_t b = 0; b < s.nb; b++) {
            ord[b].day = s.bs[b].day;
            ord[b].cls = s.bs[b].cls;
            ord[b].bucket = b;
        }
        qsort(ord, s.nb, sizeof *ord, order_cmp);
        for (size_t b = 0; b < s.nb; b++)
            s.order[b] = ord[b].bucket;
        free(ord);
    }

    /* the start: the containers c's assignment needs under aggregate
       capacity (the buckets are the keys' distinct (class, day)), or sched */
    n = calloc(s.nb ? s.nb : 1, sizeof *n);
    if (n == NULL)
        goto done;
    pl_sched_of_keys(lane, c, keys, nk, n);
    for (size_t b = 0; b < s.nb; b++) {
        if (sched != NULL)
            n[b] = sched[b] > 0 ? sched[b] : 0;
        if (!isfinite(s.bs[b].price))
            n[b] = 0;
    }

    cur = calloc(s.nb ? s.nb : 1, sizeof *cur);
    if (cur == NULL)
        goto done;
    double best = evaluate(&s, n);
    memcpy(best_assign, s.assign, lane->nitems * sizeof *best_assign);
    memcpy(cur, n, s.nb * sizeof *n);
    double cur_cost = best;
    uint64_t rng = 0x9e3779b97f4a7c15ull; /* a fixed seed: the same plan every run */
    while (cf_now_s() < deadline) {
        /* descend from n */
        int improved = 1;
        while (improved && cf_now_s() < deadline) {
            improved = 0;
            for (size_t q = 0; q < s.nb && cf_now_s() < deadline; q++) {
                size_t b = s.order[q];
                if (!isfinite(s.bs[b].price))
                    continue;
                /* moves: +1 here; -1 here; one from here to a departure of the
                   same class up to two away, or to another class the same day */
                long to[8] = {-1, -1, s.bs[b].prev, s.bs[b].next, -1, -1, -1, -1};
                if (s.bs[b].prev >= 0)
                    to[4] = s.bs[s.bs[b].prev].prev;
                if (s.bs[b].next >= 0)
                    to[5] = s.bs[s.bs[b].next].next;
                if (q > 0 && s.bs[s.order[q - 1]].day == s.bs[b].day)
                    to[6] = (long)s.order[q - 1];
                if (q + 1 < s.nb && s.bs[s.order[q + 1]].day == s.bs[b].day)
                    to[7] = (long)s.order[q + 1];
                for (int m = 0; m < 8; m++) {
                    long from = -1, add = -1;
                    if (m == 0)
                        add = (long)b;
                    else if (m == 1)
                        from = (long)b;
                    else if (to[m] >= 0 && isfinite(s.bs[to[m]].price)) {
                        from = (long)b;
                        add = to[m];
                    } else {
                        continue;
                    }
                    if (from >= 0 && n[from] <= 0)
                        continue;
                    if (from >= 0)
                        n[from]--;
                    if (add >= 0)
                        n[add]++;
                    double v = evaluate(&s, n);
                    if (v < cur_cost - 0.5) {
                        cur_cost = v;
                        improved = 1;
                        (*moves)++;
                        if (v < best - 0.5) {
                            best = v;
                            memcpy(best_assign, s.assign, lane->nitems * sizeof *best_assign);
                            memcpy(cur, n, s.nb * sizeof *n);
                        }
                        break;
                    }
                    if (from >= 0)
                        n[from]++;
                    if (add >= 0)
                        n[add]--;
                }
            }
        }
        /* a local optimum: kick the best schedule (a few containers added or
           removed at random departures) and descend again */
        memcpy(n, cur, s.nb * sizeof *n);
        size_t kicks = 2 + (size_t)(rng >> 61);
        for (size_t kq = 0; kq < kicks && s.nb > 0; kq++) {
            rng = rng * 6364136223846793005ull + 1442695040888963407ull;
            size_t b = (size_t)((rng >> 33) % s.nb);
            if (!isfinite(s.bs[b].price))
                continue;
            if ((rng >> 20) & 1)
                n[b]++;
            else if (n[b] > 0)
                n[b]--;
        }
        cur_cost = evaluate(&s, n);
    }
    if (best < PS_PENALTY) {
        memcpy(c->option, best_assign, lane->nitems * sizeof *c->option);
        *cost_cents = best;
    }
    rc = 0;
done:
    free(cur);
    free(n);
    free(best_assign);
    free(s.assign);
    free(s.last);
    free(s.cand);
    free(s.cand_tmp);
    free(s.keyed);
    free(s.bin_w);
    free(s.bin_v);
    free(s.order);
    free(s.es);
    free(s.bs);
    free(keys);
    return rc;
}
