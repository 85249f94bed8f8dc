/* plan_window.c — after the models, a lane's plan improved window by window:
 * the shipments leaving on a few consecutive departures are regrouped
 * exactly by the dynamic programme of plan_exact.c, with the TEU the rest of
 * the lane leaves them to make, and kept where cheaper (pl_exact_windows,
 * plan_internal.h). plan.c calls it on full plans of lanes too big for the
 * exact method. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solver/plan_exact.h"

/* Window search: shipments a window regroups at most, the TEU states it may
 * need, and the lanes it runs on (more shipments than that: pooled lanes,
 * whose every week holds more than a window) */
#define PL_WINDOW_ITEMS 10
#define PL_WINDOW_STATES 16
#define PL_WINDOW_MAX_LANE 400

/* Window search (pl_exact_windows): the lane's plan as entries, each shipment
 * of the lane in one box or loose. */
struct ex_entry {
    size_t shipment; /* input index */
    size_t item;     /* lane index */
};

static int entry_cmp(const void *a, const void *b)
{
    const struct ex_entry *x = a, *y = b;
    return (x->shipment > y->shipment) - (x->shipment < y->shipment);
}

/* The lane item of input shipment s (map sorted by shipment), or -1. */
static long item_of(const struct ex_entry *map, size_t n, size_t s)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (map[mid].shipment < s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && map[lo].shipment == s ? (long)map[lo].item : -1;
}

/* The lane item, or the shipment only a tiered loose rate serves, that is
 * input shipment s; NULL when neither. */
static const struct pl_item *loose_item(const struct pl_lane *lane, const struct ex_entry *map, size_t n, size_t s)
{
    long i = item_of(map, n, s);
    if (i >= 0)
        return &lane->items[i];
    for (size_t x = 0; x < lane->nextras; x++)
        if (lane->extras[x].shipment == s)
            return &lane->extras[x];
    return NULL;
}

/* Whether day lies in the window [lo, hi]. */
static int in_window(cf_date_t day, cf_date_t lo, cf_date_t hi)
{
    return day >= lo && day <= hi;
}

/* The class of container pc on the lane: of its mode and equipment, one whose
 * departure every shipment in it may take, at the cheapest row `teu` allows;
 * -1 when none. */
static long box_class(const struct pl_lane *lane, const struct cf_plan_container *pc, const struct ex_entry *map,
                      size_t nmap, double teu)
{
    long best = -1;
    cf_cents_t best_cost = 0;
    for (size_t k = 0; k < lane->nclasses; k++) {
        const struct pl_class *kl = &lane->classes[k];
        if (kl->mode != pc->mode || strcmp(kl->equipment, pc->equipment) != 0)
            continue;
        const struct pl_row *row = pl_class_price_at(kl, teu);
        int all = row != NULL;
        for (size_t e = 0; e < pc->nshipments && all; e++) {
            long i = item_of(map, nmap, pc->shipments[e]);
            all = 0;
            for (size_t q = 0; i >= 0 && q < lane->items[i].noptions && !all; q++)
                all = lane->items[i].options[q].cls == k && lane->items[i].options[q].day == pc->departure;
        }
        if (all && (best < 0 || row->cost < best_cost)) {
            best = (long)k;
            best_cost = row->cost;
        }
    }
    return best;
}

/* The TEU of container pc (its equipment's, as the lane's classes give it). */
static double box_teu(const struct pl_lane *lane, const struct cf_plan_container *pc)
{
    for (size_t k = 0; k < lane->nclasses; k++)
        if (lane->classes[k].mode == pc->mode && strcmp(lane->classes[k].equipment, pc->equipment) == 0)
            return lane->classes[k].teu;
    return 0.0;
}

/* Drops containers [c0, end) for which drop_box[c - c0] and loose [l0, end)
 * for which drop_loose[l - l0] from out, keeping the order of the rest. */
static void drop_entries(struct pl_out *out, size_t c0, size_t l0, const unsigned char *drop_box,
                         const unsigned char *drop_loose)
{
    struct cf_plan *plan = out->plan;
    size_t keep = c0;
    for (size_t c = c0; c < plan->ncontainers; c++) {
        if (drop_box[c - c0]) {
            free(plan->containers[c].shipments);
            continue;
        }
        plan->containers[keep++] = plan->containers[c];
    }
    plan->ncontainers = keep;
    keep = l0;
    for (size_t l = l0; l < plan->nloose; l++)
        if (!drop_loose[l - l0])
            plan->loose[keep++] = plan->loose[l];
    plan->nloose = keep;
}

int pl_exact_windows(const struct pl_lane *lane, struct pl_out *out, size_t c0, size_t l0, struct cf_error *err)
{
    struct cf_plan *plan = out->plan;
    size_t n = lane->nitems;
    if (n <= PL_EXACT_MAX_ITEMS || n > PL_WINDOW_MAX_LANE)
        return CF_OK;
    int rc = CF_OK;
    struct ex_entry *map = malloc(n * sizeof *map);
    cf_date_t *day_of = malloc(n * sizeof *day_of), *days = malloc(n * sizeof *days);
    size_t *count_of = malloc(n * sizeof *count_of);
    struct pl_item *win = malloc(PL_WINDOW_ITEMS * sizeof *win);
    struct pl_option *opts = NULL;
    unsigned char *drop_box = NULL, *drop_loose = NULL;
    double *levels = NULL;
    size_t nlevels = 0, nopt = 0;
    struct ex_tables t = {0};
    size_t set_of[PL_WINDOW_ITEMS];
    struct ex_option opt_of[PL_WINDOW_ITEMS];
    for (size_t i = 0; i < n; i++)
        nopt += lane->items[i].noptions;
    opts = malloc((nopt ? nopt : 1) * sizeof *opts);
    levels = pl_ex_tier_thresholds(lane, &nlevels);
    size_t cells = ((size_t)1 << PL_WINDOW_ITEMS) * PL_WINDOW_STATES;
    int tables = pl_ex_tables_alloc(&t, cells, PL_EXACT_GROUPS, lane->nclasses);
    if (map == NULL || day_of == NULL || days == NULL || count_of == NULL || win == NULL || opts == NULL ||
        levels == NULL || tables != 0)
        goto oom;
    for (size_t i = 0; i < n; i++)
        map[i] = (struct ex_entry){lane->items[i].shipment, i};
    qsort(map, n, sizeof *map, entry_cmp);
    long work = PL_EXACT_WORK;
    /* windows of consecutive departure days holding at most PL_WINDOW_ITEMS
       of the lane's shipments, each started on the next day of the plan; the
       plan's state is read again only after a window changed it */
    size_t nd = 0;
    double teu = 0.0, level = 0.0;
    int stale = 1, changed = 0;
    for (size_t start = 0;; start++) {
        if (stale) {
            /* where each shipment leaves now, and the lane's TEU and level */
            size_t placed = 0;
            teu = 0.0;
            for (size_t i = 0; i < n; i++)
                day_of[i] = CF_DATE_NONE;
            for (size_t c = c0; c < plan->ncontainers; c++) {
                const struct cf_plan_container *pc = &plan->containers[c];
                for (size_t e = 0; e < pc->nshipments; e++) {
                    long i = item_of(map, n, pc->shipments[e]);
                    if (i >= 0 && day_of[i] == CF_DATE_NONE) {
                        day_of[i] = pc->departure;
                        placed++;
                    }
                }
                teu += box_teu(lane, pc);
            }
            for (size_t l = l0; l < plan->nloose; l++) {
                long i = item_of(map, n, plan->loose[l].shipment);
                if (i >= 0 && day_of[i] == CF_DATE_NONE) {
                    day_of[i] = plan->loose[l].departure;
                    placed++;
                }
            }
            if (placed != n)
                break; /* a shipment without a carrier: the models' plan stays as it is */
            level = 0.0;
            for (size_t v = 0; v < nlevels; v++)
                if (levels[v] <= teu + 1e-9)
                    level = levels[v];
            /* the plan's distinct days, ascending, and how many leave on each */
            memcpy(days, day_of, n * sizeof *days);
            qsort(days, n, sizeof *days, pl_ex_day_cmp);
            nd = 0;
            for (size_t d = 0; d < n; d++) {
                if (nd == 0 || days[d] != days[nd - 1]) {
                    days[nd] = days[d];
                    count_of[nd++] = 0;
                }
                count_of[nd - 1]++;
            }
            stale = 0;
        }
        if (start >= nd)
            break;
        /* the window: days[start..end) while it holds few enough shipments */
        size_t end = start, count = 0;
        while (end < nd && count + count_of[end] <= PL_WINDOW_ITEMS)
            count += count_of[end++];
        if (end == start || count < 2)
            continue; /* one busy day, or nothing to regroup */
        cf_date_t lo = days[start], hi = days[end - 1];
        /* its shipments, each allowed only the departures inside it */
        size_t nw = 0, at = 0;
        for (size_t i = 0; i < n; i++) {
            if (!in_window(day_of[i], lo, hi))
                continue;
            win[nw] = lane->items[i];
            win[nw].options = opts + at;
            win[nw].noptions = 0;
            for (size_t q = 0; q < lane->items[i].noptions; q++)
                if (in_window(lane->items[i].options[q].day, lo, hi))
                    opts[at + win[nw].noptions++] = lane->items[i].options[q];
            at += win[nw].noptions;
            nw++;
        }
        /* what the window costs now, and the TEU it must keep */
        cf_cents_t now = 0;
        double teu_in = 0.0;
        for (size_t c = c0; c < plan->ncontainers; c++) {
            const struct cf_plan_container *pc = &plan->containers[c];
            if (in_window(pc->departure, lo, hi)) {
                now += pc->cost;
                teu_in += box_teu(lane, pc);
            }
        }
        for (size_t l = l0; l < plan->nloose; l++) {
            long i = item_of(map, n, plan->loose[l].shipment);
            if (i >= 0 && in_window(day_of[i], lo, hi))
                now += plan->loose[l].cost;
        }
        struct pl_lane view = *lane;
        view.items = win;
        view.nitems = nw;
        view.extras = NULL;
        view.nextras = 0;
        struct ex_lane x;
        int built = pl_ex_build(&x, &view);
        if (built < 0) {
            pl_ex_free(&x);
            goto oom;
        }
        int need = built ? (int)ceil((level - (teu - teu_in)) / x.unit - 1e-9) : 0;
        if (need < 0)
            need = 0;
        int better_found = 0;
        if (built && need < PL_WINDOW_STATES && need <= x.max_units &&
            pl_ex_fill_level(&x, level, need, &t, &work) == 0) {
            struct ex_value got = t.f[(x.nsets - 1) * ((size_t)need + 1) + (size_t)need];
            if (got.cost < now) {
                pl_ex_trace(&x, need, need, &t, set_of, opt_of);
                better_found = 1;
            }
        }
        if (better_found) {
            /* the window's boxes and loose shipments out, the better ones in */
            size_t nb = plan->ncontainers - c0, nl = plan->nloose - l0;
            drop_box = calloc(nb ? nb : 1, 1);
            drop_loose = calloc(nl ? nl : 1, 1);
            if (drop_box == NULL || drop_loose == NULL) {
                pl_ex_free(&x);
                goto oom;
            }
            for (size_t c = c0; c < plan->ncontainers; c++)
                drop_box[c - c0] = in_window(plan->containers[c].departure, lo, hi);
            for (size_t l = l0; l < plan->nloose; l++) {
                long i = item_of(map, n, plan->loose[l].shipment);
                drop_loose[l - l0] = i >= 0 && in_window(day_of[i], lo, hi);
            }
            drop_entries(out, c0, l0, drop_box, drop_loose);
            free(drop_box);
            free(drop_loose);
            drop_box = drop_loose = NULL;
            rc = pl_ex_emit(&x, set_of, opt_of, level, out, err);
            if (rc != CF_OK) {
                pl_ex_free(&x);
                goto done;
            }
            stale = changed = 1;
        }
        pl_ex_free(&x);
        if (work < 0)
            break;
    }
    if (!changed)
        goto done; /* the packing priced the lane at its TEU already */
    /* every box and loose shipment (a shipment only a tier serves too) priced
       at the TEU the lane now makes */
    teu = 0.0;
    for (size_t c = c0; c < plan->ncontainers; c++)
        teu += box_teu(lane, &plan->containers[c]);
    for (size_t c = c0; c < plan->ncontainers; c++) {
        struct cf_plan_container *pc = &plan->containers[c];
        long k = box_class(lane, pc, map, n, teu);
        if (k >= 0) {
            cf_cents_t cost = pl_class_price_at(&lane->classes[k], teu)->cost;
            pc->cost = cost < pc->cost ? cost : pc->cost;
        }
    }
    for (size_t l = l0; l < plan->nloose; l++) {
        const struct pl_item *it = loose_item(lane, map, n, plan->loose[l].shipment);
        long q = it != NULL ? pl_loose_rate_at(it, teu) : -1;
        if (q >= 0 && it->loose[q].cost < plan->loose[l].cost) {
            const struct pl_loose_rate *lr = &it->loose[q];
            plan->loose[l].mode = lr->mode;
            snprintf(plan->loose[l].equipment, sizeof plan->loose[l].equipment, "%s", lr->equipment);
            plan->loose[l].departure = lr->day;
            plan->loose[l].cost = lr->cost;
        }
    }
    goto done;
oom:
    rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
done:
    free(count_of);
    free(drop_box);
    free(drop_loose);
    pl_ex_tables_free(&t);
    free(levels);
    free(opts);
    free(win);
    free(days);
    free(day_of);
    free(map);
    return rc;
}
