/* plan_internal.h — internals shared by the planner's files (not for other
 * modules): one lane's rate rows grouped into container classes, each
 * shipment's options (its best loose charge, the departures a class can take
 * it on), and the entry points of the lane MIP (plan_mip.c), the Lagrangian
 * bound (plan_lagr.c), the schedule's local search (plan_search.c) and the
 * exact packing of departures (plan_pack.c). plan.c builds lanes and
 * assembles. */
#ifndef CF_PLAN_INTERNAL_H
#define CF_PLAN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "models/date.h"
#include "models/error.h"
#include "models/money.h"
#include "solver/clock.h"
#include "solver/plan.h"

/* a capacity holds a load when load <= cap * (1 + PL_FEAS_TOL) */
#define PL_FEAS_TOL 1e-9

/* One container rate row of a lane (a row of the card). */
struct pl_row {
    size_t card_index;
    cf_cents_t cost;  /* one container, rounded to cents (domain.md, "Costs") */
    double min_teu;   /* 0: always applies */
};

/* Container rows sharing mode, equipment and transit days: the boxes are the
 * same, only the price (and tier) differs. */
struct pl_class {
    enum cf_mode mode;
    char equipment[CF_CODE_MAX];
    int transit_days;
    double teu;
    double cap_volume_m3; /* volume_m3 x fill factor */
    double cap_weight_kg;
    struct pl_row *rows; /* applicable candidates: cheapest plain row + cheaper tier rows */
    size_t nrows;
    int faster;          /* every row a dearer, faster quote's (cf_rate.faster): planned only on a lane
                            where some shipment has no other box in time (plan.c) */
};

/* A shipment may ride class `cls` on departure `day`. */
struct pl_option {
    size_t cls;
    cf_date_t day;
};

/* One loose rate that reaches the item's due date. */
struct pl_loose_rate {
    cf_cents_t cost;
    double min_teu; /* 0: always applies */
    enum cf_mode mode;
    char equipment[CF_CODE_MAX];
    cf_date_t day;
};

struct pl_item {
    size_t shipment; /* index into the input */
    double volume_m3, weight_kg;
    /* The cheapest loose rate without a tier: what the models charge a loose
       item. The packed lane then charges the cheapest rate its TEU reaches,
       tiers included (plan_pack.c), and the lane's bound gives up what tiers
       could save (plan.c). */
    cf_cents_t loose_cost; /* < 0: no loose rate without a tier reaches its due date */
    enum cf_mode loose_mode;
    char loose_equipment[CF_CODE_MAX];
    cf_date_t loose_day;
    cf_date_t due_date; /* the shipment's: which boxes arrive in time */
    struct pl_option *options;
    size_t noptions;
    struct pl_loose_rate *loose; /* every loose rate that reaches in time, tiers too */
    size_t nloose;
};

struct pl_lane {
    char origin[CF_LOCODE_LEN];
    char destination[CF_LOCODE_LEN];
    struct pl_class *classes;
    size_t nclasses;
    struct pl_item *items;
    size_t nitems;
    /* shipments that only a tiered loose rate serves (no container, no plain
       loose rate): outside the models, loose when the packed lane reaches
       the tier, else unplaced (plan.c) */
    struct pl_item *extras;
    size_t nextras;
};

/* The MIP's answer for a lane: per item the chosen option (-1: loose) and
 * per class row whether its tier is taken. */
struct pl_choice {
    long *option;       /* nitems entries */
    unsigned char **tier_on; /* [cls][row]: 1 when the row may price containers */
    double lower_bound; /* cents, proven */
    int timed_out;      /* the time limit stopped the search */
    double *item_dual;  /* nitems: the last optimal LP's prices of "each item once" (cents) */
    int has_dual;       /* item_dual holds an LP's answer */
    long *sched;        /* containers per distinct (class, departure) in (class, day)
                           order, as the relaxed MIP opened them; nsched entries
                           allocated (the lane's options) */
    size_t nsched;
    int has_sched;      /* sched holds the MIP's counts */
    long *bin;          /* nitems: the container of its departure an exact fill put
                           the item in (-1: none). Only a hint: pl_choice_estimate
                           uses a departure's hints where they all hold and fit */
};

int pl_choice_init(struct pl_choice *c, const struct pl_lane *lane);
void pl_choice_free(struct pl_choice *c, const struct pl_lane *lane);

/* Greedy start: each item alone on its cheapest option, then first-fit by
 * departure; fills c (tier rows only when the lane's TEU reaches them).
 * Returns 0, -1 when some item has no option at all without tiers. */
int pl_greedy(const struct pl_lane *lane, struct pl_choice *c);

/* Another start: repeatedly open the container (class, departure) that
 * saves most loose charges, filled densest-first from unassigned items;
 * what no container saves on goes loose. Same contract as pl_greedy. */
int pl_greedy_best_box(const struct pl_lane *lane, struct pl_choice *c);

/* The dispatch start with fuller boxes: on each day the boxes the urgent
 * items need are opened at once and the urgent items spread so that each
 * box's volume and weight shares stay level, then waiting items are added
 * soonest due first, light ones first where a box is heavy. Each item in a
 * box gets c->bin, its box among its (class, day)'s: a hint the packing keeps
 * where it costs less (plan_pack.c). variant (0 .. PL_DENSE_VARIANTS - 1)
 * picks how many boxes the urgent weight opens and how light "light" is
 * (plan_greedy.c). Same contract as pl_greedy. */
#define PL_DENSE_VARIANTS 5
int pl_greedy_dense(const struct pl_lane *lane, struct pl_choice *c, int variant);

/* What the choice costs once each (class, departure) is packed first-fit
 * decreasing (a container's items sent loose when cheaper): for comparing
 * starting points. CF_CENTS_HUGE when some item has no carrier; -1 on OOM. */
#define CF_CENTS_HUGE ((cf_cents_t)1 << 60)
cf_cents_t pl_choice_estimate(const struct pl_lane *lane, const struct pl_choice *c);
/* The classes (bit k: class k, k < 64) of `mode` that arrive in time for
 * item it from `day`, at a priced row under tier_on, also those it is too
 * big for; 0 unless it may ride one of them: the containers one departure's
 * packing may put it in (plan_pack.c, plan_rebalance.c). */
uint64_t pl_item_day_classes(const struct pl_lane *lane, const struct pl_item *it, cf_date_t day, enum cf_mode mode,
                             unsigned char *const *tier_on);
/* Moves c's shipments one at a time to other departures their windows
 * allow (loose ones into a departure too) while the two departures' greedy
 * packings (a loose one's charge) cost less together, for at most `seconds`;
 * *moves counts the moves kept. 0, -1 on OOM. */
int pl_choice_rebalance(const struct pl_lane *lane, struct pl_choice *c, double seconds, int *moves);
/* c's cost as the lane's packing would give it with the greedy packings and
   the refit alone (no models, no clock); -1 on OOM */
cf_cents_t pl_choice_packed_estimate(const struct pl_lane *lane, const struct pl_choice *c,
                                     const struct cf_plan_input *in);

/* Copy src's options, tiers, bound and flags into dst (same lane). */
int pl_choice_copy(struct pl_choice *dst, const struct pl_choice *src, const struct pl_lane *lane);

/* Solve the lane's aggregate-capacity MIP (a relaxation of packing) within
 * time_limit_s; relaxed 1: items may split across options (integer container
 * counts only), a weaker but much faster bound whose answer is rounded into
 * whole items; relaxed 2: the same plus one row per option (an item's share
 * needs a container open on that departure: a much stronger LP where
 * departures are many, at the price of a larger LP). relaxed 0: the items
 * are binary. Both start from c (which holds the greedy answer, or option
 * values all -2 when there is none), writing the best answer and bound back
 * into c. */
int pl_mip_solve(const struct pl_lane *lane, int relaxed, double time_limit_s,
                 void (*log)(void *ctx, const char *line), void *log_ctx, struct pl_choice *c,
                 struct cf_error *err);

/* Cheapest row of class k usable under c's tiers, or NULL. */
const struct pl_row *pl_class_price(const struct pl_class *k, const unsigned char *tier_on);
/* The TEU the lane must reach for the tier rows tier_on has on (0: none). */
double pl_tier_need(const struct pl_lane *lane, unsigned char *const *tier_on);
/* Turns on every tier row at or below the highest min_teu tier_on has on:
 * a lane that reaches that reaches them too (the MIP turns on only the rows
 * its boxes use, and left a 20GP dearer than a 40GP at its tier). */
void pl_tiers_close(const struct pl_lane *lane, unsigned char **tier_on);

/* A GLPK matrix being built: entries 1..n of ia, ja, ar (glp_load_matrix's
 * 1-based arrays), growing as needed. Start zeroed. */
struct pl_triplets {
    int *ia, *ja;
    double *ar;
    size_t n, cap;
};

/* Append entry (row, col, v); 0, -1 on OOM (t keeps what it had). */
int pl_trip_add(struct pl_triplets *t, int row, int col, double v);

/* Free t's arrays; t is zeroed again. */
void pl_trip_free(struct pl_triplets *t);

/* The plan under construction, with room to grow. */
struct pl_out {
    struct cf_plan *plan;
    size_t cap_containers, cap_loose, cap_unplaced;
};

struct cf_plan_container *pl_out_container(struct pl_out *o); /* NULL on OOM */
struct cf_plan_unplaced *pl_out_unplaced(struct pl_out *o);
/* Item it sent loose at rate lr, appended to o; NULL on OOM. */
struct cf_plan_loose *pl_out_loose(struct pl_out *o, const struct pl_item *it, const struct pl_loose_rate *lr);
/* A box of class k leaving on day at cost, holding the lane's items
 * items[0..count), appended to o with its loads and fills; NULL on OOM. */
struct cf_plan_container *pl_out_box(struct pl_out *o, const struct pl_lane *lane, const struct pl_class *k,
                                     cf_date_t day, cf_cents_t cost, const size_t *items, size_t count);
/* Cheapest row of class k a lane of `teu` TEU may use (min_teu <= teu), or NULL. */
const struct pl_row *pl_class_price_at(const struct pl_class *k, double teu);

/* A lower bound in cents rounded up to the next whole cent (every cost is
 * whole cents), after a margin of a millionth of itself for the LPs' and the
 * floating-point sums' error. */
double pl_bound_up(double cents);

/* A growable list of indices (items, boxes). */
struct pl_ids {
    size_t *v;
    size_t n, cap;
};

/* e appended to x; 0, or -1 out of memory (x unchanged) */
int pl_ids_push(struct pl_ids *x, size_t e);

/* Whether item it may ride class k on day: an option (it fits, it arrives
 * in time). */
int pl_item_may_ride(const struct pl_item *it, size_t k, cf_date_t day);

/* Balanced loads at unchanged cost (domain.md, "Consolidation plan"): on
 * each departure, a shipment of its fullest box (by max(volume fill, weight
 * fill)) moves to another box of the departure that may take it, or swaps
 * with a smaller one, while both end less full than the fullest was. The
 * boxes b0 .. b1 leave on one day; lv, lw, count: every box's volume, weight
 * and shipments, by box, kept up to date (plan_anneal.c). */
void pl_balance_day(const struct pl_lane *lane, long *item_bin, const size_t *bin_cls, const cf_date_t *bin_day,
                    size_t b0, size_t b1, double *lv, double *lw, size_t *count);

/* Simulated annealing on a packed lane (plan_anneal.c) for `seconds`: item
 * i in box item_bin[i] (>= 0; -1 loose, -2 no carrier, left alone), box b of
 * class bin_cls[b] leaving on bin_day[b], alive[b] 0 for an emptied box
 * (alive NULL: all). Shipments move between boxes of their options, loose,
 * or into new boxes; the lane's TEU stays >= teu_floor; boxes are priced at
 * tier_on's rows, loose shipments at their loose_cost. Where it finds a
 * cheaper plan it writes it back (boxes renumbered from 0, at most nitems of
 * them, all alive; alive must then have room for them) and sets *saved to the
 * cents saved, else leaves everything and sets 0. Returns 0, -1 on OOM. */
int pl_anneal(const struct pl_lane *lane, unsigned char *const *tier_on, double teu_floor, long *item_bin,
              size_t *bin_cls, cf_date_t *bin_day, unsigned char *alive, size_t *nbins, double seconds,
              cf_cents_t *saved);

/* Pack each departure of the lane exactly (cf_binpack_solve, balanced) from
 * the MIP's assignment c, drop tiers the packed lane does not reach, price
 * every container at the cheapest row its lane's TEU allows, and append the
 * containers, loose shipments (and any item left without a carrier, as
 * unplaced) to out. *timed_out is set when a packing hit its time limit.
 * anneal_s > 0: the packing then annealed for that long (pl_anneal) before
 * its loose shipments are priced. */
int pl_pack_lane(const struct pl_lane *lane, const struct pl_choice *c,
                 const struct cf_plan_input *in, double time_limit_s, double anneal_s, struct pl_out *out,
                 int *timed_out, struct cf_error *err);

/* A lane of a few shipments solved to its proven optimum (plan_exact.c):
 * the containers, loose and unplaced shipments of its items appended to out
 * (its extras are left to the caller) and *solved set; *solved stays 0, and
 * out untouched, on a lane too big for the method. The plan placing most
 * shipments, then of least cost, then whose fullest container is least
 * full. Returns CF_OK, or the error set. */
int pl_exact_lane(const struct pl_lane *lane, struct pl_out *out, int *solved, struct cf_error *err);

/* After the models (plan_window.c): windows of consecutive departures
 * holding a few of the lane's shipments (its entries in out from containers
 * c0 and loose l0 on), each regrouped exactly with the departures inside it
 * and the TEU the rest of the lane leaves it to make, kept where cheaper;
 * then, if any was, every entry priced at the TEU the lane makes. Never
 * raises the lane's cost. Returns CF_OK, or the error set. */
int pl_exact_windows(const struct pl_lane *lane, struct pl_out *out, size_t c0, size_t l0, struct cf_error *err);

/* The cheapest loose rate of item it that a lane of `teu` TEU reaches (an
 * index into it->loose; the earlier departure on a tie), or -1. */
long pl_loose_rate_at(const struct pl_item *it, double teu);

/* A proven lower bound on the lane's cost (cents, rounded up) by Lagrangian
 * relaxation of "each item exactly once": per (class, departure) a WHOLE
 * number of containers at the class's cheapest row filled fractionally under
 * the volume or the weight capacity (plan_lagr.c). Subgradient search from
 * u_start (per item, cents; NULL: loose charges) towards upper_cents (a
 * plan's cost) for at most time_limit_s. When sched != NULL (one entry per
 * item option of the lane) it receives, per distinct (class, departure) in
 * (class, day) order, the containers the best multipliers open: a schedule
 * for pl_schedule_search. Returns 0, -1 on OOM. */
int pl_lagrange_bound(const struct pl_lane *lane, double upper_cents, double time_limit_s,
                      const double *u_start, double *bound_cents, int *iterations, long *sched);

/* Local search over the number of containers per (class, departure), each
 * schedule filled by aggregate capacity, most urgent items first, the rest
 * loose (plan_search.c). Starts from sched (containers per distinct (class,
 * departure) in (class, day) order, as pl_lagrange_bound fills it) when not
 * NULL, else from c's assignment, and writes the best
 * assignment found back into c (tiers unchanged), its aggregate price into
 * *cost_cents (INFINITY: none) and the moves taken into *moves, within
 * time_limit_s. Returns 0, -1 on OOM. */
int pl_schedule_search(const struct pl_lane *lane, struct pl_choice *c, const long *sched,
                       double time_limit_s, double *cost_cents, int *moves);


/* One option of one item: the lane's options sorted by (class, day, item,
 * option) group each distinct (class, departure) together, in the order a
 * schedule counts them (pl_schedule_search, pl_assign_schedule). */
struct pl_okey {
    size_t cls;
    cf_date_t day;
    size_t item, option;
};

/* Every option of the lane in that order, *n of them (malloc'd; NULL on
 * OOM). */
struct pl_okey *pl_lane_okeys(const struct pl_lane *lane, size_t *n);

/* The items placed exactly into the containers of schedule sched (per
 * distinct (class, departure) in (class, day) order, as pl_choice.sched):
 * one binary MIP over every single container (GLPK, plan_assign.c), an empty
 * container unpaid, the rest loose, within time_limit_s. On an answer writes
 * the assignment into c (tiers unchanged: prices are c's) and its cost into
 * *cost_cents, else leaves c and sets INFINITY. Returns 0, -1 on OOM. */
int pl_assign_schedule(const struct pl_lane *lane, struct pl_choice *c, const long *sched, double time_limit_s,
                       void (*log)(void *ctx, const char *line), void *log_ctx, double *cost_cents);

/* Large-neighbourhood search on c's assignment: windows of about forty
 * items in order of their day, each re-solved as pl_assign_schedule's MIP on
 * its departures (the containers of sched0 when not NULL, else those the
 * assignment needs there; one more each allowed), kept when the lane's
 * first-fit estimate falls; sweeps repeat while one gains, within
 * time_limit_s, and stop early after a run of windows GLPK could neither
 * close nor improve. Counts windows solved and kept. Returns 0, -1 on OOM. */
int pl_assign_improve(const struct pl_lane *lane, struct pl_choice *c, const long *sched0, double time_limit_s,
                      void (*log)(void *ctx, const char *line), void *log_ctx, int *windows, int *improved);

/* The containers c's assignment needs per distinct (class, departure), in
 * (class, day) order, under aggregate volume and weight: a schedule for
 * pl_assign_schedule. sched has room for the lane's options. Returns 0, -1
 * on OOM. */
int pl_sched_of(const struct pl_lane *lane, const struct pl_choice *c, long *sched);

/* pl_sched_of over the lane's keys all[0..na), already in pl_lane_okeys'
 * order (sched: one entry per distinct (class, day) of them). */
void pl_sched_of_keys(const struct pl_lane *lane, const struct pl_choice *c, const struct pl_okey *all, size_t na,
                      long *sched);

/* A shipment's place in a first-fit order: by container class, then day, then
 * size descending, then index (plan_greedy.c's estimate and plan_pack.c's
 * loose-item repair share it). */
struct pl_fit_entry {
    size_t cls;
    cf_date_t day;
    double size;
    size_t item;
};

/* qsort comparator for struct pl_fit_entry. */
int pl_fit_entry_cmp(const void *a, const void *b);

/* es[0..ne-1] into pl_fit_entry_cmp's order (every cls < nclasses): spread
 * into (class, day) buckets by counting, each bucket then sorted alone, which
 * compares far less than one sort of all; one qsort when the days span too
 * wide or memory is short. */
void pl_fit_entry_sort(struct pl_fit_entry *es, size_t ne, size_t nclasses);

#endif
