/* plan.c — cf_plan_solve (plan.h): splits the shipments into lanes (tiers
 * couple a whole lane, nothing couples two lanes), builds each lane's rate
 * classes, departures and options (domain.md "Time", "Costs"), lists what no
 * rate or departure can serve as unplaced, then per lane: greedy starts, the
 * aggregate-capacity MIP for a lower bound and a rounded plan (plan_mip.c),
 * a local search over the container schedule (plan_search.c), a Lagrangian
 * lower bound with whole containers per departure (plan_lagr.c; the lane's
 * bound is the larger of the two), shipments moved between departures while
 * their packings cost less (plan_rebalance.c; not in quick plans), exact
 * packing of each departure (plan_pack.c). The time limit is shared by lane
 * size. With -v each lane logs its cost, bound and time. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "models/units.h"
#include "solver/plan.h"
#include "solver/plan_internal.h"

/* share of what a lane has left before packing for moving shipments between
   departures by their packings' cost (plan_rebalance.c); packing keeps the
   rest. The 40-firm year at 10 s: 1.14 % at 0.2, 1.10 % at 0.4 and at 0.7 */
#define PL_REBALANCE_SHARE 0.4
/* share of a lane's time kept for annealing its packed plan (plan_anneal.c);
   a lane without an LP keeps more for the Lagrangian, its only bound. The
   40-firm years (seeds 1-3) at 10 s: 0.2 and the MIP's share at 0.55 gave
   0.902 / 1.078 / 0.939 %, 0.3 with the MIP's share as below 0.836 / 1.036
   / 0.885 % (README, "Annealing") */
#define PL_ANNEAL_SHARE 0.3
#define PL_ANNEAL_SHARE_NO_LP 0.2
/* share of a lane's time for the MIP at most; the rest packs its departures */
#define PL_MIP_SHARE 0.55
/* ... and at least, when its LP needs less (PL_LP_ROOM times the seconds
   PL_LP_OPTIONS_PER_S says it takes) */
#define PL_MIP_SHARE_MIN 0.3
#define PL_LP_ROOM 2.0
/* shares of what the MIP leaves of a lane's time: the schedule's local search,
   then the Lagrangian bound (towards the search's plan); packing has the rest */
#define PL_SEARCH_SHARE 0.3
/* exact fills (plan_assign.c): the windows after the search get this share
   of what is left after the MIP, the MIP's counts half of it of the lane's
   time (0.2: 10-firm year at 10 s 1.77 %, 40 firms at 30 s 1.31 %; 0.1:
   1.64 % and 1.30 %, medians of 3) */
#define PL_ASSIGN_SHARE 0.1
/* a lane of at most this many items has the MIP's containers filled in one
   model, a bigger one window by window */
#define PL_ASSIGN_WHOLE_ITEMS 200
#define PL_LAGR_SHARE 0.3
/* a lane the MIP left without container counts searches again from the
   Lagrangian's, for this share of the first search's time */
#define PL_LAGR_SEARCH_SHARE 0.5
/* ... scaled by this when the MIP found no LP answer in its time */
#define PL_NO_LP_SCALE 0.33
/* options a lane's first LP gets through per second, about (40 firms: 20,445
   options in 1.1-1.4 s; 200 firms: 22,500 options unfinished in 0.58 s) */
#define PL_LP_OPTIONS_PER_S 20000.0
/* ... but an LP this small is always tried: it solves in milliseconds */
#define PL_LP_ALWAYS_OPTIONS 5000
/* lanes with at most this many (item, departure, class) options also get the
   exact MIP (items whole) after the relaxed one */
#define PL_FULL_MIP_MAX_OPTIONS 400
/* lanes with at most this many options get the stronger relaxed model */
#define PL_LINK_MAX_OPTIONS 1000000
/* every lane's share of the time counts this many options more than it has:
   small lanes still need a few LP solves */
#define PL_LANE_BASE_WEIGHT 3000.0

const char *cf_plan_status_name(enum cf_plan_status status)
{
    switch (status) {
    case CF_PLAN_OPTIMAL: return "optimal";
    case CF_PLAN_FEASIBLE: return "feasible";
    case CF_PLAN_TIME_LIMIT: return "time_limit";
    case CF_PLAN_INFEASIBLE: return "infeasible";
    }
    return "infeasible";
}

void cf_plan_free(struct cf_plan *plan)
{
    if (plan == NULL)
        return;
    for (size_t i = 0; i < plan->ncontainers; i++)
        free(plan->containers[i].shipments);
    free(plan->containers);
    free(plan->loose);
    free(plan->unplaced);
    free(plan->lanes);
    memset(plan, 0, sizeof *plan);
}

static void lane_free(struct pl_lane *lane)
{
    for (size_t k = 0; k < lane->nclasses; k++)
        free(lane->classes[k].rows);
    free(lane->classes);
    for (size_t i = 0; i < lane->nitems; i++) {
        free(lane->items[i].options);
        free(lane->items[i].loose);
    }
    for (size_t i = 0; i < lane->nextras; i++)
        free(lane->extras[i].loose);
    free(lane->extras);
    free(lane->items);
    memset(lane, 0, sizeof *lane);
}

static void logf_plan(const struct cf_plan_input *in, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void logf_plan(const struct cf_plan_input *in, const char *fmt, ...)
{
    if (in->log == NULL)
        return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    in->log(in->log_ctx, line);
}

static int same_lane(const struct cf_shipment *s, const struct cf_rate *r)
{
    return strcmp(s->origin, r->origin) == 0 && strcmp(s->destination, r->destination) == 0;
}

/* First departure of mode on or after day (domain.md, "Time"). */
static cf_date_t first_departure(enum cf_mode mode, cf_date_t day, cf_date_t sea_start)
{
    if (mode != CF_MODE_SEA)
        return day;
    if (day <= sea_start)
        return sea_start;
    return sea_start + 7 * ((day - sea_start + 6) / 7);
}

static int departure_step(enum cf_mode mode)
{
    return mode == CF_MODE_SEA ? 7 : 1;
}

static int row_cmp(const void *a, const void *b)
{
    const struct pl_row *x = a, *y = b;
    if (x->min_teu != y->min_teu)
        return x->min_teu < y->min_teu ? -1 : 1;
    if (x->cost != y->cost)
        return x->cost < y->cost ? -1 : 1;
    return (x->card_index > y->card_index) - (x->card_index < y->card_index);
}

/* Keep only rows that can be the cheapest applicable one: a row with a higher
 * min_teu must be cheaper than every row of lower or equal min_teu. */
static void prune_rows(struct pl_class *k)
{
    qsort(k->rows, k->nrows, sizeof *k->rows, row_cmp);
    size_t w = 0;
    for (size_t r = 0; r < k->nrows; r++)
        if (w == 0 || k->rows[r].cost < k->rows[w - 1].cost)
            k->rows[w++] = k->rows[r];
    k->nrows = w;
}

/* "sea", "sea or air", "sea, air or road" */
static void mode_list(unsigned modes, char *buf, size_t size)
{
    const char *names[CF_MODE_COUNT];
    size_t n = 0;
    for (int m = 0; m < CF_MODE_COUNT; m++)
        if (modes & CF_MODE_BIT(m))
            names[n++] = cf_mode_name((enum cf_mode)m);
    buf[0] = '\0';
    size_t len = 0;
    for (size_t i = 0; i < n && len < size; i++) {
        const char *sep = i == 0 ? "" : (i + 1 == n ? " or " : ", ");
        len += (size_t)snprintf(buf + len, size - len, "%s%s", sep, names[i]);
    }
}

/* Why nothing carries s (domain.md, "Time": unplaced with that reason). */
static void unplaced_reason(const struct cf_plan_input *in, const struct cf_shipment *s,
                            cf_date_t sea_start, char *buf, size_t size)
{
    int has_rows = 0;
    int min_transit[CF_MODE_COUNT];
    for (int m = 0; m < CF_MODE_COUNT; m++)
        min_transit[m] = -1;
    for (size_t r = 0; r < in->card->count; r++) {
        const struct cf_rate *row = &in->card->items[r];
        if (!same_lane(s, row) || !(s->modes & CF_MODE_BIT(row->mode)))
            continue;
        has_rows = 1;
        if (min_transit[row->mode] < 0 || row->transit_days < min_transit[row->mode])
            min_transit[row->mode] = row->transit_days;
    }
    if (!has_rows) {
        char modes[64];
        mode_list(s->modes & CF_MODES_ALL, modes, sizeof modes);
        snprintf(buf, size, "no %s rate for %s-%s", modes, s->origin, s->destination);
        return;
    }
    int late = 1;
    for (int m = 0; m < CF_MODE_COUNT; m++)
        if (min_transit[m] >= 0 &&
            first_departure((enum cf_mode)m, s->ready_date, sea_start) + min_transit[m] <= s->due_date)
            late = 0;
    if (late) {
        char due[11];
        cf_date_format(s->due_date, due);
        int len = snprintf(buf, size, "no departure reaches %s by %s:", s->destination, due);
        int first = 1;
        for (int m = 0; m < CF_MODE_COUNT && len > 0 && (size_t)len < size; m++) {
            if (min_transit[m] < 0)
                continue;
            if (first)
                len += snprintf(buf + len, size - (size_t)len, " %s needs %d days",
                                cf_mode_name((enum cf_mode)m), min_transit[m]);
            else
                len += snprintf(buf + len, size - (size_t)len, ", %s %d",
                                cf_mode_name((enum cf_mode)m), min_transit[m]);
            first = 0;
        }
        return;
    }
    snprintf(buf, size,
             "fits no container on %s-%s (%.2f m3, %.0f kg) and no loose rate reaches %s in time",
             s->origin, s->destination, s->volume_m3, s->weight_kg, s->destination);
}

/* The classes of a lane from the card's container rows. */
static int build_classes(const struct cf_plan_input *in, const struct cf_shipment *s0,
                         struct pl_lane *lane, struct cf_error *err)
{
    for (size_t r = 0; r < in->card->count; r++) {
        const struct cf_rate *row = &in->card->items[r];
        if (!same_lane(s0, row))
            continue;
        const struct cf_equipment *e = cf_catalogue_find(in->catalogue, row->equipment);
        if (e == NULL)
            return cf_error_set(err, CF_ERR_DATA, "rate card", 0, "equipment",
                                "\"%s\" is not in the equipment catalogue", row->equipment);
        if (!cf_equipment_is_container(e))
            continue;
        if (e->volume_m3 <= 0 || e->payload_kg <= 0)
            return cf_error_set(err, CF_ERR_DATA, "equipment", 0, row->equipment,
                                "a container needs volume_m3 and payload_kg > 0");
        size_t k = 0;
        while (k < lane->nclasses &&
               !(lane->classes[k].mode == row->mode && lane->classes[k].transit_days == row->transit_days &&
                 strcasecmp(lane->classes[k].equipment, e->code) == 0))
            k++;
        if (k == lane->nclasses) {
            if (lane->nclasses == 64)
                return cf_error_set(err, CF_ERR_DATA, "rate card", 0, NULL,
                                    "more than 64 container rates with distinct transit on %s-%s",
                                    row->origin, row->destination);
            struct pl_class *nc = realloc(lane->classes, (lane->nclasses + 1) * sizeof *nc);
            if (nc == NULL)
                return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
            lane->classes = nc;
            struct pl_class *kl = &lane->classes[lane->nclasses++];
            memset(kl, 0, sizeof *kl);
            kl->mode = row->mode;
            snprintf(kl->equipment, sizeof kl->equipment, "%s", e->code);
            kl->transit_days = row->transit_days;
            kl->teu = e->teu;
            kl->cap_volume_m3 = e->volume_m3 * in->fill_factor;
            kl->cap_weight_kg = e->payload_kg;
            kl->faster = 1;
        }
        struct pl_class *kl = &lane->classes[k];
        kl->faster &= row->faster != 0;
        struct pl_row *nr = realloc(kl->rows, (kl->nrows + 1) * sizeof *nr);
        if (nr == NULL)
            return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
        kl->rows = nr;
        kl->rows[kl->nrows].card_index = r;
        kl->rows[kl->nrows].cost = cf_money_round(row->rate);
        kl->rows[kl->nrows].min_teu = row->min_teu > 0 ? row->min_teu : 0.0;
        kl->nrows++;
    }
    for (size_t k = 0; k < lane->nclasses; k++)
        prune_rows(&lane->classes[k]);
    return CF_OK;
}

/* A card row of the lane being built that prices loose shipments (not a
 * container), with its catalogue entry: found once a lane, not once a
 * shipment (plan_solve's profile had the lookups at 3 % of quick plans). */
struct loose_row {
    const struct cf_rate *row;
    const struct cf_equipment *eq;
};

/* The loose rows of s0's lane, in card order, into rows (room for every card row). */
static size_t lane_loose_rows(const struct cf_plan_input *in, const struct cf_shipment *s0, struct loose_row *rows)
{
    size_t n = 0;
    for (size_t r = 0; r < in->card->count; r++) {
        const struct cf_rate *row = &in->card->items[r];
        if (!same_lane(s0, row))
            continue;
        const struct cf_equipment *e = cf_catalogue_find(in->catalogue, row->equipment);
        if (e == NULL || cf_equipment_is_container(e))
            continue;
        rows[n].row = row;
        rows[n++].eq = e;
    }
    return n;
}

/* src into dst[size], cut to fit: the codes copied per item and rate. */
static void copy_code(char *dst, size_t size, const char *src)
{
    size_t len = strnlen(src, size - 1);
    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* Whether shipment s may ride class kl: its mode allowed, a row priced, and
 * within the box's volume and weight. */
static int item_fits_class(const struct cf_shipment *s, const struct pl_class *kl)
{
    return (s->modes & CF_MODE_BIT(kl->mode)) && kl->nrows > 0 &&
           s->volume_m3 <= kl->cap_volume_m3 * (1 + PL_FEAS_TOL) && s->weight_kg <= kl->cap_weight_kg * (1 + PL_FEAS_TOL);
}

/* Whether shipment s may ride class kl on some departure in its window. */
static int rides_class(const struct cf_shipment *s, const struct pl_class *kl, cf_date_t sea_start)
{
    return item_fits_class(s, kl) && first_departure(kl->mode, s->ready_date, sea_start) + kl->transit_days <= s->due_date;
}

/* A dearer, faster quote's box is planned on a lane only where some shipment
 * has no other box that arrives in time: planned on every lane it took the
 * 40-firm year at 10 s from 1.05 % to 1.17 % (1.52 % before the dispatch
 * start waited for plain boxes only; the same 1.17 % once each departure's
 * packing was offered every box arriving in time) while carrying nothing
 * there (README, "Known limits"). Elsewhere its classes are dropped. */
static void drop_unneeded_faster(const struct cf_plan_input *in, const size_t *idx, size_t n, cf_date_t sea_start,
                                 struct pl_lane *lane)
{
    int any = 0;
    for (size_t k = 0; k < lane->nclasses; k++)
        any |= lane->classes[k].faster;
    for (size_t e = 0; any && e < n; e++) {
        const struct cf_shipment *s = &in->shipments[idx[e]];
        int plain = 0, faster = 0;
        for (size_t k = 0; k < lane->nclasses && !plain; k++)
            if (rides_class(s, &lane->classes[k], sea_start)) {
                plain |= !lane->classes[k].faster;
                faster |= lane->classes[k].faster;
            }
        if (faster && !plain)
            return; /* it needs one */
    }
    size_t kept = 0; /* before any item's options: no class index is held yet */
    for (size_t k = 0; k < lane->nclasses; k++) {
        if (lane->classes[k].faster)
            free(lane->classes[k].rows);
        else
            lane->classes[kept++] = lane->classes[k];
    }
    lane->nclasses = kept;
}

/* One shipment's loose choice and container options; 0 options and no loose
 * leaves it for unplaced. rows: the lane's loose rows (lane_loose_rows). */
static int build_item(const struct cf_plan_input *in, size_t index, cf_date_t sea_start,
                      const struct pl_lane *lane, const struct loose_row *rows, size_t nrows,
                      struct pl_item *it, struct cf_error *err)
{
    const struct cf_shipment *s = &in->shipments[index];
    memset(it, 0, sizeof *it);
    it->shipment = index;
    it->volume_m3 = s->volume_m3;
    it->weight_kg = s->weight_kg;
    it->loose_cost = -1;
    it->due_date = s->due_date;
    /* loose: every row (tiers too) by its earliest departure that arrives in
       time; the models charge the cheapest row without a tier */
    if (nrows > 0 && (it->loose = malloc(nrows * sizeof *it->loose)) == NULL)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    for (size_t r = 0; r < nrows; r++) {
        const struct cf_rate *row = rows[r].row;
        const struct cf_equipment *e = rows[r].eq;
        if (!(s->modes & CF_MODE_BIT(row->mode)))
            continue;
        cf_date_t day = first_departure(row->mode, s->ready_date, sea_start);
        if (day + row->transit_days > s->due_date)
            continue;
        double units = cf_units_chargeable(e->unit, s->volume_m3, s->weight_kg);
        cf_cents_t cost = cf_units_loose_charge(units, row->rate, row->min_charge);
        struct pl_loose_rate *lr = &it->loose[it->nloose++];
        lr->cost = cost;
        lr->min_teu = row->min_teu > 0 ? row->min_teu : 0.0;
        lr->mode = row->mode;
        copy_code(lr->equipment, sizeof lr->equipment, e->code);
        lr->day = day;
        if (lr->min_teu > 0)
            continue; /* a tier: the packed lane may price it (plan_pack.c), the models do not */
        if (it->loose_cost < 0 || cost < it->loose_cost || (cost == it->loose_cost && day < it->loose_day)) {
            it->loose_cost = cost;
            it->loose_mode = row->mode;
            copy_code(it->loose_equipment, sizeof it->loose_equipment, e->code);
            it->loose_day = day;
        }
    }
    /* containers: every departure of every class it fits, counted first so
       that one allocation holds them (quick plans build thousands of items) */
    size_t count = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < lane->nclasses; k++) {
            const struct pl_class *kl = &lane->classes[k];
            if (!item_fits_class(s, kl))
                continue;
            for (cf_date_t day = first_departure(kl->mode, s->ready_date, sea_start);
                 day + kl->transit_days <= s->due_date; day += departure_step(kl->mode)) {
                if (pass == 1)
                    it->options[it->noptions++] = (struct pl_option){.cls = k, .day = day};
                else
                    count++;
            }
        }
        if (pass == 0) {
            if (count == 0)
                break;
            if ((it->options = malloc(count * sizeof *it->options)) == NULL)
                return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
        }
    }
    return CF_OK;
}

/* The most that tiered loose rates, which the models leave out, could take
 * off a plan of the lane (cents): per item its plain loose charge less its
 * cheapest tiered one, or, with no plain loose rate, the dearest container
 * it may ride (it may leave the box). The models' bound less this holds. */
static double tier_saving(const struct pl_lane *lane)
{
    double total = 0.0;
    for (size_t i = 0; i < lane->nitems; i++) {
        const struct pl_item *it = &lane->items[i];
        cf_cents_t tier = -1;
        for (size_t q = 0; q < it->nloose; q++)
            if (it->loose[q].min_teu > 0 && (tier < 0 || it->loose[q].cost < tier))
                tier = it->loose[q].cost;
        if (tier < 0)
            continue;
        if (it->loose_cost >= 0) {
            if (tier < it->loose_cost)
                total += (double)(it->loose_cost - tier);
            continue;
        }
        cf_cents_t dearest = 0;
        for (size_t o = 0; o < it->noptions; o++) {
            const struct pl_class *k = &lane->classes[it->options[o].cls];
            for (size_t r = 0; r < k->nrows; r++)
                if (k->rows[r].cost > dearest)
                    dearest = k->rows[r].cost;
        }
        total += (double)dearest;
    }
    return total;
}

/* A bound on the lane with every loose item at its cheapest loose rate of
 * any tier (no plan pays less): the Lagrangian of plan_lagr.c on a copy of
 * the items so priced. Returns 0, -1 on OOM. */
static int tier_bound(const struct pl_lane *lane, double seconds, double *bound_cents)
{
    struct pl_item *items = malloc((lane->nitems ? lane->nitems : 1) * sizeof *items);
    if (items == NULL)
        return -1;
    for (size_t i = 0; i < lane->nitems; i++) {
        items[i] = lane->items[i];
        for (size_t q = 0; q < items[i].nloose; q++)
            if (items[i].loose_cost < 0 || items[i].loose[q].cost < items[i].loose_cost)
                items[i].loose_cost = items[i].loose[q].cost;
    }
    struct pl_lane copy = *lane;
    copy.items = items;
    int iterations = 0;
    int rc = pl_lagrange_bound(&copy, INFINITY, seconds > 0.01 ? seconds : 0.01, NULL, bound_cents, &iterations,
                               NULL);
    free(items);
    return rc;
}

/* What out's containers from c0 and loose charges from l0 on cost. */
static cf_cents_t cost_since(const struct cf_plan *out, size_t c0, size_t l0)
{
    cf_cents_t cost = 0;
    for (size_t q = c0; q < out->ncontainers; q++)
        cost += out->containers[q].cost;
    for (size_t q = l0; q < out->nloose; q++)
        cost += out->loose[q].cost;
    return cost;
}

/* The lane's shipments that only a tiered loose rate serves: loose at the
 * cheapest tier the packed lane (its containers from out's index c0 on)
 * reaches, else unplaced, saying which TEU it would need. */
static int place_extras(const struct cf_plan_input *in, const struct pl_lane *lane, struct pl_out *po,
                        size_t c0, struct cf_error *err)
{
    if (lane->nextras == 0)
        return CF_OK;
    double teu = 0.0;
    for (size_t q = c0; q < po->plan->ncontainers; q++) {
        const struct cf_equipment *e = cf_catalogue_find(in->catalogue, po->plan->containers[q].equipment);
        if (e != NULL)
            teu += e->teu;
    }
    for (size_t x = 0; x < lane->nextras; x++) {
        const struct pl_item *it = &lane->extras[x];
        long best = pl_loose_rate_at(it, teu);
        double need = 0.0;
        for (size_t q = 0; q < it->nloose; q++)
            if (need == 0.0 || it->loose[q].min_teu < need)
                need = it->loose[q].min_teu;
        if (best >= 0) {
            if (pl_out_loose(po, it, &it->loose[best]) == NULL)
                return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
        } else {
            struct cf_plan_unplaced *u = pl_out_unplaced(po);
            if (u == NULL)
                return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
            u->shipment = it->shipment;
            snprintf(u->reason, sizeof u->reason,
                     "fits no container on %s-%s and only loose rates with min_teu >= %g serve it; "
                     "the plan reaches %g TEU there", lane->origin, lane->destination, need, teu);
        }
    }
    return CF_OK;
}

static int check_input(const struct cf_plan_input *in, struct cf_error *err)
{
    if (in == NULL || in->card == NULL || in->catalogue == NULL ||
        (in->nshipments > 0 && in->shipments == NULL))
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "internal: incomplete plan input");
    if (!(in->fill_factor > 0 && in->fill_factor <= 1))
        return cf_error_set(err, CF_ERR_USAGE, NULL, 0, "fill-factor", "must be > 0 and <= 1, got %g",
                            in->fill_factor);
    for (size_t i = 0; i < in->nshipments; i++) {
        const struct cf_shipment *s = &in->shipments[i];
        if (!(s->volume_m3 > 0) || !(s->weight_kg > 0) || s->due_date < s->ready_date)
            return cf_error_set(err, CF_ERR_DATA, "shipments", s->line, s->id,
                                "needs volume and weight > 0 and due_date >= ready_date");
    }
    for (size_t r = 0; r < in->card->count; r++) {
        const struct cf_rate *row = &in->card->items[r];
        if (!(row->rate >= 0) || !isfinite(row->rate) || row->transit_days <= 0 || !(row->min_charge >= 0))
            return cf_error_set(err, CF_ERR_DATA, "rate card", 0, row->equipment,
                                "needs rate >= 0, min_charge >= 0 and transit_days > 0 on %s-%s",
                                row->origin, row->destination);
    }
    return CF_OK;
}

static int lane_order_cmp(const void *a, const void *b, const struct cf_shipment *s)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(s[x].origin, s[y].origin);
    if (c == 0)
        c = strcmp(s[x].destination, s[y].destination);
    if (c == 0)
        c = (x > y) - (x < y);
    return c;
}

/* qsort has no context argument in C17: sort indices by insertion within the
 * few lanes instead (a stable merge keeps input order inside a lane). */
static void sort_by_lane(size_t *idx, size_t n, const struct cf_shipment *s, size_t *tmp)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_by_lane(idx, h, s, tmp);
    sort_by_lane(idx + h, n - h, s, tmp);
    if (lane_order_cmp(&idx[h - 1], &idx[h], s) <= 0)
        return; /* the halves are already in order: a one-lane plan costs one comparison a merge */
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = lane_order_cmp(&idx[i], &idx[j], s) <= 0 ? idx[i++] : idx[j++];
    while (i < h)
        tmp[k++] = idx[i++];
    while (j < n)
        tmp[k++] = idx[j++];
    memcpy(idx, tmp, n * sizeof *idx);
}

static int container_cmp(const void *a, const void *b)
{
    const struct cf_plan_container *x = a, *y = b;
    int c = strcmp(x->origin, y->origin);
    if (c == 0)
        c = strcmp(x->destination, y->destination);
    if (c == 0 && x->departure != y->departure)
        c = x->departure < y->departure ? -1 : 1;
    if (c == 0 && x->mode != y->mode)
        c = x->mode < y->mode ? -1 : 1;
    if (c == 0)
        c = strcmp(x->equipment, y->equipment);
    if (c == 0 && x->nshipments && y->nshipments && x->shipments[0] != y->shipments[0])
        c = x->shipments[0] < y->shipments[0] ? -1 : 1;
    return c;
}

/* What the phases' schedules are compared by: what the lane's packing would
 * make of them with the greedy packings and the refit (no models, no clock);
 * a quick plan keeps first fit, whose speed the Shapley sampler counts on.
 * First fit by (class, departure) overstated a sailing that the refit packs
 * into a full set of the cheapest boxes, and chose the wrong schedule: the
 * 40-firm year at 10 s went from 1.28 % to 1.17 % this way. */
static cf_cents_t lane_estimate(const struct cf_plan_input *in, const struct pl_lane *lane, const struct pl_choice *c)
{
    return in->quick ? pl_choice_estimate(lane, c) : pl_choice_packed_estimate(lane, c, in);
}

/* choice, whose estimate is est, becomes the lane's best when it is cheaper
 * than *best_est (an estimate that failed, -1, is never cheaper) */
static void keep_if_cheaper(const struct pl_lane *lane, struct pl_choice *best, cf_cents_t *best_est,
                            const struct pl_choice *choice, cf_cents_t est)
{
    if (est >= 0 && est < *best_est) {
        pl_choice_copy(best, choice, lane);
        *best_est = est;
    }
}

/* The container schedule's local search (pl_schedule_search) from sched,
 * or from best's assignment when sched is NULL, within seconds; its answer
 * becomes best when its estimate is lower. choice is scratch. Returns 0, -1
 * on OOM. */
static int search_schedule(const struct cf_plan_input *in, const struct pl_lane *lane, const long *sched,
                           double seconds, struct pl_choice *choice, struct pl_choice *best, cf_cents_t *best_est)
{
    double st0 = cf_now_s(), sched_cost = 0.0;
    int moves = 0;
    pl_choice_copy(choice, best, lane);
    if (pl_schedule_search(lane, choice, sched, seconds, &sched_cost, &moves) != 0)
        return -1;
    cf_cents_t est = lane_estimate(in, lane, choice);
    logf_plan(in, "plan: %s-%s: schedule search%s: %d moves, %.2f s, first fit %.2f, estimate %.2f (best %.2f)",
              lane->origin, lane->destination, sched != NULL ? " from the Lagrangian's containers" : "", moves,
              cf_clock_peek() - st0, sched_cost / 100.0, (double)est / 100.0, (double)*best_est / 100.0);
    keep_if_cheaper(lane, best, best_est, choice, est);
    return 0;
}

static int plan_solve(const struct cf_plan_input *in, struct cf_plan *out, struct cf_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = check_input(in, err);
    if (rc != CF_OK)
        return rc;
    double t0 = cf_now_s();
    double deadline = in->time_limit_s > 0 ? t0 + in->time_limit_s : INFINITY;
    struct pl_out po = {out, 0, 0, 0};
    size_t n = in->nshipments;
    size_t *idx = calloc(n ? n : 1, sizeof *idx);
    size_t *tmp = calloc(n ? n : 1, sizeof *tmp);
    struct loose_row *loose_rows = calloc(in->card->count ? in->card->count : 1, sizeof *loose_rows);
    struct pl_lane *lanes = NULL;
    size_t nlanes = 0;
    rc = CF_ERR_INTERNAL;
    if (idx == NULL || tmp == NULL || loose_rows == NULL)
        goto oom;

    cf_date_t sea_start = in->schedule_start;
    if (sea_start == CF_DATE_NONE) {
        cf_date_t earliest = 0;
        for (size_t i = 0; i < n; i++)
            if (i == 0 || in->shipments[i].ready_date < earliest)
                earliest = in->shipments[i].ready_date;
        sea_start = cf_date_monday_on_or_before(earliest);
    }
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    sort_by_lane(idx, n, in->shipments, tmp);
    size_t nlane_groups = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || strcmp(in->shipments[idx[i - 1]].origin, in->shipments[idx[i]].origin) != 0 ||
            strcmp(in->shipments[idx[i - 1]].destination, in->shipments[idx[i]].destination) != 0)
            nlane_groups++;
    lanes = calloc(nlane_groups ? nlane_groups : 1, sizeof *lanes);
    out->lanes = calloc(nlane_groups ? nlane_groups : 1, sizeof *out->lanes);
    if (lanes == NULL || out->lanes == NULL)
        goto oom;

    /* lanes, classes, items; what nothing serves goes to unplaced now */
    double total_weight = 0.0;
    for (size_t a = 0; a < n;) {
        const struct cf_shipment *s0 = &in->shipments[idx[a]];
        size_t b = a;
        while (b < n && strcmp(in->shipments[idx[b]].origin, s0->origin) == 0 &&
               strcmp(in->shipments[idx[b]].destination, s0->destination) == 0)
            b++;
        struct pl_lane *lane = &lanes[nlanes++];
        snprintf(lane->origin, sizeof lane->origin, "%s", s0->origin);
        snprintf(lane->destination, sizeof lane->destination, "%s", s0->destination);
        struct cf_plan_lane *summary = &out->lanes[out->nlanes++];
        memcpy(summary->origin, lane->origin, sizeof summary->origin);
        memcpy(summary->destination, lane->destination, sizeof summary->destination);
        summary->shipments = b - a;
        rc = build_classes(in, s0, lane, err);
        if (rc != CF_OK)
            goto done;
        drop_unneeded_faster(in, idx + a, b - a, sea_start, lane);
        size_t nloose_rows = lane_loose_rows(in, s0, loose_rows);
        lane->items = calloc(b - a, sizeof *lane->items);
        if (lane->items == NULL)
            goto oom;
        for (size_t e = a; e < b; e++) {
            struct pl_item *it = &lane->items[lane->nitems];
            rc = build_item(in, idx[e], sea_start, lane, loose_rows, nloose_rows, it, err);
            if (rc != CF_OK) {
                free(it->options);
                free(it->loose);
                goto done;
            }
            if (it->noptions == 0 && it->loose_cost < 0 && it->nloose > 0) {
                if (lane->extras == NULL && (lane->extras = calloc(b - a, sizeof *lane->extras)) == NULL) {
                    free(it->loose);
                    goto oom;
                }
                lane->extras[lane->nextras++] = *it;
                continue;
            }
            if (it->noptions == 0 && it->loose_cost < 0) {
                free(it->loose); /* the slot is built again for the next shipment */
                struct cf_plan_unplaced *u = pl_out_unplaced(&po);
                if (u == NULL)
                    goto oom;
                u->shipment = idx[e];
                unplaced_reason(in, &in->shipments[idx[e]], sea_start, u->reason, sizeof u->reason);
                continue;
            }
            total_weight += 1.0 + (double)it->noptions;
            if (lane->nitems == 0)
                total_weight += PL_LANE_BASE_WEIGHT;
            lane->nitems++;
        }
        a = b;
    }

    /* solve lane by lane, sharing the time by size */
    cf_cents_t bound_cents = 0;
    int timed_out = 0, unproven = 0;
    for (size_t l = 0; l < nlanes; l++) {
        struct pl_lane *lane = &lanes[l];
        if (lane->nitems == 0) {
            size_t c0 = out->ncontainers, l0 = out->nloose;
            rc = place_extras(in, lane, &po, c0, err);
            if (rc != CF_OK)
                goto done;
            out->lanes[l].cost = cost_since(out, c0, l0); /* bound 0: nothing was modelled */
            continue; /* no box on the lane: no tier is reached, its extras' unplaced are certain */
        }
        double weight = (double)lane->nitems + PL_LANE_BASE_WEIGHT;
        for (size_t i = 0; i < lane->nitems; i++)
            weight += (double)lane->items[i].noptions;
        {
            /* a lane of a few shipments: its proven optimum, no models */
            size_t c0 = out->ncontainers, l0 = out->nloose;
            int solved = 0;
            rc = pl_exact_lane(lane, &po, &solved, err);
            if (rc == CF_OK && solved)
                rc = place_extras(in, lane, &po, c0, err);
            if (rc != CF_OK)
                goto done;
            if (solved) {
                total_weight -= weight;
                cf_cents_t lane_cost = cost_since(out, c0, l0);
                bound_cents += lane_cost;
                out->lanes[l].cost = lane_cost;
                out->lanes[l].lower_bound = lane_cost;
                logf_plan(in, "plan: lane %s-%s: %zu shipments solved exactly: cost %.2f", lane->origin,
                          lane->destination, lane->nitems + lane->nextras, (double)lane_cost / 100.0);
                continue;
            }
        }
        double left = deadline - cf_now_s();
        double budget = isfinite(left) ? left * weight / (total_weight > 0 ? total_weight : 1) : 1e9;
        total_weight -= weight;
        if (budget < 0.01)
            budget = 0.01;
        /* the annealing's share comes out of the search, the windows, the
           rebalancing and the packing; the models and the bound keep theirs */
        double anneal_s = 0.0; /* set once the lane's LP is known to fit */
        double lane_deadline = cf_now_s() + budget;

        struct pl_choice choice, best;
        int ok_choice = pl_choice_init(&choice, lane) == 0;
        int ok_best = pl_choice_init(&best, lane) == 0;
        if (!ok_choice || !ok_best) {
            pl_choice_free(&choice, lane);
            pl_choice_free(&best, lane);
            goto oom;
        }
        if (pl_greedy(lane, &choice) != 0)
            for (size_t i = 0; i < lane->nitems; i++)
                choice.option[i] = -2;
        pl_choice_copy(&best, &choice, lane);
        cf_cents_t best_est = lane_estimate(in, lane, &choice);
        if (pl_greedy_best_box(lane, &choice) == 0) {
            cf_cents_t est = lane_estimate(in, lane, &choice);
            logf_plan(in, "plan: %s-%s: dispatch start %.2f, best-box start %.2f", lane->origin,
                      lane->destination, (double)best_est / 100.0, (double)est / 100.0);
            if (est >= 0 && (best_est < 0 || est < best_est)) {
                pl_choice_copy(&best, &choice, lane);
                best_est = est;
            }
        }
        pl_choice_copy(&choice, &best, lane);
        size_t nopt = 0;
        for (size_t i = 0; i < lane->nitems; i++)
            nopt += lane->items[i].noptions;
        int full = nopt <= PL_FULL_MIP_MAX_OPTIONS;
        int relaxed = nopt <= PL_LINK_MAX_OPTIONS ? 2 : 1;
        /* a lane too big for its LP in the MIP's share of the time: the LP
           would stop unfinished and leave nothing; its time goes to the
           Lagrangian bound (linear in the options) and the search instead */
        int lp_fits = nopt <= PL_LP_ALWAYS_OPTIONS || (double)nopt <= PL_LP_OPTIONS_PER_S * budget * PL_MIP_SHARE;
        /* the MIP's share: what the LP needs, twice over, between
           PL_MIP_SHARE_MIN and PL_MIP_SHARE; the branch and bound rarely
           beats the search on a lane its LP takes seconds for, and the
           annealing and the Lagrangian bound make more of the time */
        double mip_share =
            fmin(PL_MIP_SHARE, fmax(PL_MIP_SHARE_MIN, PL_LP_ROOM * (double)nopt / (PL_LP_OPTIONS_PER_S * budget)));
        int modelled = !in->quick && lp_fits;
        if (!in->quick)
            anneal_s = budget * (modelled ? PL_ANNEAL_SHARE : PL_ANNEAL_SHARE_NO_LP);
        if (!modelled) {
            full = 0; /* no models: the better greedy start, packed */
            choice.lower_bound = 0.0;
            choice.timed_out = 1;
            if (!in->quick)
                logf_plan(in, "plan: %s-%s: %zu options, too many for an LP in %.2f s: Lagrangian bound only",
                          lane->origin, lane->destination, nopt, budget * PL_MIP_SHARE);
        } else {
            rc = pl_mip_solve(lane, relaxed, budget * mip_share * (full ? 0.5 : 1.0), in->log, in->log_ctx,
                              &choice, err);
        }
        double bound = choice.lower_bound;
        int lane_timed_out = choice.timed_out;
        /* without a model, choice is still the best start: its estimate is best_est */
        cf_cents_t est = modelled ? lane_estimate(in, lane, &choice) : best_est;
        if (rc == CF_OK)
            keep_if_cheaper(lane, &best, &best_est, &choice, est);
        int mip_filled = rc == CF_OK && choice.has_sched; /* counts to fill exactly */
        if (mip_filled) {
            /* the MIP's container counts held, its items placed exactly */
            double at0 = cf_now_s(), acost = INFINITY;
            int windows = 0, kept = 0;
            int arc = lane->nitems <= PL_ASSIGN_WHOLE_ITEMS
                          ? pl_assign_schedule(lane, &choice, choice.sched, budget * PL_ASSIGN_SHARE * 0.5, in->log,
                                               in->log_ctx, &acost)
                          : pl_assign_improve(lane, &choice, choice.sched, budget * PL_ASSIGN_SHARE * 0.5, in->log,
                                              in->log_ctx, &windows, &kept);
            if (arc != 0) {
                pl_choice_free(&choice, lane);
                pl_choice_free(&best, lane);
                goto oom;
            }
            /* without an answer choice is still the MIP's rounding, already
               compared: comparing it again changes nothing */
            est = lane_estimate(in, lane, &choice);
            logf_plan(in, "plan: %s-%s: the MIP's containers filled exactly: estimate %.2f, %.2f s",
                      lane->origin, lane->destination, (double)est / 100.0, cf_clock_peek() - at0);
            keep_if_cheaper(lane, &best, &best_est, &choice, est);
        }
        if (rc == CF_OK && full) {
            double mip_left = lane_deadline - (1.0 - mip_share) * budget - cf_now_s();
            pl_choice_copy(&choice, &best, lane);
            choice.timed_out = 0;
            rc = pl_mip_solve(lane, 0, mip_left > 0.01 ? mip_left : 0.01, in->log, in->log_ctx, &choice,
                              err);
            if (choice.lower_bound > bound)
                bound = choice.lower_bound;
            if (!choice.timed_out)
                lane_timed_out = 0; /* the exact model finished: its bound is the optimum */
            est = lane_estimate(in, lane, &choice);
            if (rc == CF_OK && est >= 0 && est <= best_est) {
                pl_choice_copy(&best, &choice, lane);
                best_est = est;
            }
        }
        /* the dense start's variants, each kept when cheaper (not in quick
           plans: the Shapley sampler's thousands a second count on the two
           greedy starts alone). After the models, which start from the
           greedy starts as before: from a dense start's incumbent the lane
           model's branch and bound improved less, and the exact fill of its
           counts found less (the road month of tests/data/plan/road_month:
           14,080.06 where it finds the optimum, 13,650.49) */
        for (int v = 0; v < PL_DENSE_VARIANTS && !in->quick; v++) {
            if (pl_greedy_dense(lane, &choice, v) != 0)
                continue;
            cf_cents_t est = lane_estimate(in, lane, &choice);
            logf_plan(in, "plan: %s-%s: dense start %d: %.2f", lane->origin, lane->destination, v + 1,
                      (double)est / 100.0);
            if (est >= 0 && (best_est < 0 || est < best_est)) {
                pl_choice_copy(&best, &choice, lane);
                best_est = est;
            }
        }
        double search_s = 0.001, lagr_s = 0.001, assign_s = 0.0;
        /* the exact model finished and its plan meets the bound: nothing left
           for the search or the Lagrangian to find (their budgets are spent in
           full otherwise, which small plans cannot afford) */
        int proven = in->quick || (!lane_timed_out && best_est >= 0 && (double)best_est <= ceil(bound - 1e-6));
        if (rc == CF_OK && !proven) {
            /* the container schedule's local search, from the best assignment;
               without an LP answer (a lane too big for its time) neither has a
               good start: packing, which improves its plan, gets more */
            double rest = lane_deadline - cf_now_s(), rest_short = rest - anneal_s;
            double share_scale = choice.has_dual ? 1.0 : PL_NO_LP_SCALE;
            search_s = rest_short > 0 ? rest_short * PL_SEARCH_SHARE * share_scale : 0.001;
            /* a lane too big for an LP in its time is also too big to spare
               the packing's time for windows (200-firm year at 10 s: 3.23 %
               without, 3.30 % with) */
            assign_s = rest_short > 0 && modelled ? rest_short * PL_ASSIGN_SHARE : 0.0;
            lagr_s = rest > 0 ? rest * PL_LAGR_SHARE * share_scale : 0.001;
            if (!lp_fits && rest > 0) {
                /* no LP was tried: the Lagrangian is the only bound */
                search_s = rest * PL_SEARCH_SHARE * 0.5;
                lagr_s = rest * 0.5;
            }
            if (search_schedule(in, lane, NULL, search_s, &choice, &best, &best_est) != 0) {
                pl_choice_free(&choice, lane);
                pl_choice_free(&best, lane);
                goto oom;
            }
        }
        if (rc == CF_OK && !proven && assign_s > 0) {
            /* windows of the best assignment re-solved exactly */
            double at0 = cf_now_s();
            int windows = 0, kept = 0;
            pl_choice_copy(&choice, &best, lane);
            if (pl_assign_improve(lane, &choice, NULL, assign_s, in->log, in->log_ctx, &windows, &kept) != 0) {
                pl_choice_free(&choice, lane);
                pl_choice_free(&best, lane);
                goto oom;
            }
            est = lane_estimate(in, lane, &choice);
            logf_plan(in, "plan: %s-%s: exact windows: %d solved, %d kept, %.2f s, estimate %.2f (best %.2f)",
                      lane->origin, lane->destination, windows, kept, cf_clock_peek() - at0, (double)est / 100.0,
                      (double)best_est / 100.0);
            keep_if_cheaper(lane, &best, &best_est, &choice, est);
        }
        if (rc == CF_OK && !proven) {
            /* the Lagrangian bound (whole containers per departure), from the
               LP's prices when there is an LP answer, towards the best plan */
            double lt0 = cf_now_s(), lb2 = 0.0;
            int iters = 0;
            /* a lane the MIP left without container counts (no time for its
               branch and bound) gets the Lagrangian's: the containers its
               best multipliers open, a start the search then descends from
               (the 40-firm year's road lane at 10 s: 125,528.13 -> 124,541.47
               alone; lanes too big for an LP keep the time for packing) */
            int lagr_sched = modelled && !mip_filled;
            long *lsched = lagr_sched ? calloc(nopt ? nopt : 1, sizeof *lsched) : NULL;
            int lrc = lagr_sched && lsched == NULL ? -1
                      : pl_lagrange_bound(lane, best_est >= 0 && best_est < CF_CENTS_HUGE ? (double)best_est : INFINITY,
                                          lagr_s, choice.has_dual ? choice.item_dual : NULL, &lb2, &iters, lsched);
            if (lrc == 0) {
                logf_plan(in, "plan: %s-%s: Lagrangian bound %.2f, %d iterations, %.2f s",
                          lane->origin, lane->destination, lb2 / 100.0, iters, cf_clock_peek() - lt0);
                if (lb2 > bound)
                    bound = lb2;
                if (lsched != NULL)
                    lrc = search_schedule(in, lane, lsched, search_s * PL_LAGR_SEARCH_SHARE, &choice, &best,
                                          &best_est);
            }
            free(lsched);
            if (lrc != 0) {
                pl_choice_free(&choice, lane);
                pl_choice_free(&best, lane);
                goto oom;
            }
        }
        if (rc == CF_OK && !proven) {
            /* the best assignment's shipments moved between departures while
               their packings cost less (plan_rebalance.c) */
            double rest = lane_deadline - anneal_s - cf_now_s(), rt0 = cf_now_s();
            int moves = 0;
            pl_choice_copy(&choice, &best, lane);
            if (pl_choice_rebalance(lane, &choice, rest > 0 ? rest * PL_REBALANCE_SHARE : 0.001, &moves) != 0) {
                pl_choice_free(&choice, lane);
                pl_choice_free(&best, lane);
                goto oom;
            }
            est = lane_estimate(in, lane, &choice);
            logf_plan(in, "plan: %s-%s: rebalanced: %d moves, %.2f s, estimate %.2f (best %.2f)", lane->origin,
                      lane->destination, moves, cf_clock_peek() - rt0, (double)est / 100.0, (double)best_est / 100.0);
            keep_if_cheaper(lane, &best, &best_est, &choice, est);
        }
        best.lower_bound = bound;
        logf_plan(in, "plan: %s-%s: %zu shipments, %zu options, first-fit estimate %.2f, bound %.2f",
                  lane->origin, lane->destination, lane->nitems, nopt, (double)best_est / 100.0,
                  bound / 100.0);
        if (rc == CF_OK) {
            double pack_left = lane_deadline - anneal_s - cf_now_s();
            size_t c0 = out->ncontainers, l0 = out->nloose, u0 = out->nunplaced;
            double pack_t0 = cf_now_s();
            double pack_s = pack_left > 0.01 ? pack_left : 0.01;
            /* what the phases before overran comes out of the annealing */
            double anneal_left = proven ? 0.0 : fmin(anneal_s, lane_deadline - cf_now_s() - pack_s);
            rc = pl_pack_lane(lane, &best, in, pack_s, anneal_left, &po,
                              &lane_timed_out, err);
            timed_out |= lane_timed_out;
            if (rc == CF_OK)
                rc = place_extras(in, lane, &po, c0, err);
            if (rc == CF_OK && out->nunplaced == u0 && !in->quick)
                rc = pl_exact_windows(lane, &po, c0, l0, err); /* quick plans stay greedy */
            double saving = tier_saving(lane);
            if (saving > 0) {
                /* tiered loose rates the models left out: their bound less
                   what the tiers could save, or a bound at the cheapest loose
                   rate of any tier, whichever is higher */
                double optimistic = 0.0;
                if (tier_bound(lane, budget * PL_LAGR_SHARE * 0.2, &optimistic) != 0) {
                    pl_choice_free(&choice, lane);
                    pl_choice_free(&best, lane);
                    goto oom;
                }
                bound = bound - saving > optimistic ? bound - saving : optimistic;
                if (bound < 0)
                    bound = 0;
            }
            cf_cents_t lane_cost = cost_since(out, c0, l0);
            /* a bound never passes the plan it bounds (floating-point sums) */
            cf_cents_t lane_bound = (cf_cents_t)bound < lane_cost ? (cf_cents_t)bound : lane_cost;
            bound_cents += lane_bound;
            out->lanes[l].cost = lane_cost;
            out->lanes[l].lower_bound = lane_bound;
            out->lanes[l].timed_out = lane_timed_out;
            /* the packing's and place_extras' unplaced: only tiered rates serve them */
            out->lanes[l].unproven = out->nunplaced > u0;
            unproven |= out->lanes[l].unproven;
            logf_plan(in, "plan: lane %s-%s: cost %.2f, bound %.2f, gap %.2f, %.2f s of %.2f s "
                      "(packing %.2f s)%s", lane->origin, lane->destination, (double)lane_cost / 100.0,
                      bound / 100.0, (double)lane_cost / 100.0 - bound / 100.0,
                      cf_clock_peek() - (lane_deadline - budget), budget, cf_clock_peek() - pack_t0,
                      lane_timed_out ? ", time limit" : "");
        }
        pl_choice_free(&choice, lane);
        pl_choice_free(&best, lane);
        if (rc != CF_OK)
            goto done;
    }

    for (size_t u = 0; u < out->nunplaced; u++) {
        const struct cf_shipment *s = &in->shipments[out->unplaced[u].shipment];
        for (size_t l = 0; l < out->nlanes; l++)
            if (strcmp(out->lanes[l].origin, s->origin) == 0 && strcmp(out->lanes[l].destination, s->destination) == 0)
                out->lanes[l].unplaced++;
    }
    if (out->ncontainers > 1)
        qsort(out->containers, out->ncontainers, sizeof *out->containers, container_cmp);
    cf_cents_t total = 0;
    for (size_t c = 0; c < out->ncontainers; c++) {
        snprintf(out->containers[c].id, sizeof out->containers[c].id, "C%04zu", c + 1);
        total += out->containers[c].cost;
    }
    for (size_t i = 0; i < out->nloose; i++)
        total += out->loose[i].cost;
    out->total_cost = total;
    if (bound_cents > total)
        bound_cents = total; /* a bound never passes a plan it bounds */
    out->lower_bound = cf_money_units(bound_cents);
    out->gap = total > 0 ? (double)(total - bound_cents) / (double)total : 0.0;
    if (n > 0 && out->nunplaced == n)
        out->status = CF_PLAN_INFEASIBLE;
    else if (total == bound_cents && !unproven)
        out->status = CF_PLAN_OPTIMAL;
    else if (timed_out)
        out->status = CF_PLAN_TIME_LIMIT;
    else
        out->status = CF_PLAN_FEASIBLE;
    rc = CF_OK;
    goto done;
oom:
    rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
done:
    for (size_t l = 0; l < nlanes; l++)
        lane_free(&lanes[l]);
    free(lanes);
    free(loose_rows);
    free(tmp);
    free(idx);
    return rc;
}

int cf_plan_solve(const struct cf_plan_input *in, struct cf_plan *out, struct cf_error *err)
{
    cf_clock_enter();
    int rc = plan_solve(in, out, err);
    cf_clock_leave();
    return rc;
}
