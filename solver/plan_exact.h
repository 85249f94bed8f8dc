/* plan_exact.h — the exact method's pieces (plan_exact.c) shared with the
 * window search (plan_window.c): a lane's shipments as sets that may travel
 * together, and the dynamic programme over them (plan_internal.h declares
 * what the rest of plan/ calls: pl_exact_lane, pl_exact_windows). */
#ifndef CF_PLAN_EXACT_H
#define CF_PLAN_EXACT_H

#include <stddef.h>
#include <stdint.h>

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

/* A lane prepared for the DP: its departure days, and the groups of its
 * shipments that may share a box (pl_ex_build). */
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

/* The DP's tables, sized for the biggest component of a lane. */
struct ex_tables {
    struct ex_value *f;   /* [set][TEU state]: the best way to send set */
    uint32_t *back_group; /* the group sent last there, its option, the state before */
    uint16_t *back_opt, *back_units;
    struct ex_option *opts; /* every group's options at the level */
    size_t *opt_start;      /* ngroups + 1 */
};

/* qsort's order of cf_date_t, ascending. */
int pl_ex_day_cmp(const void *a, const void *b);

/* The lane's days, each item's days per class, and every group that may
 * travel together. 1: built, 0: not a lane for this method, -1: OOM. */
int pl_ex_build(struct ex_lane *x, const struct pl_lane *lane);

/* What pl_ex_build allocated (also after it returned 0 or -1). */
void pl_ex_free(struct ex_lane *x);

/* The tables for sets x TEU states of `cells` cells and `groups` groups of
 * a lane of nclasses classes: 0, or -1 when one could not be allocated
 * (pl_ex_tables_free frees what was). */
int pl_ex_tables_alloc(struct ex_tables *t, size_t cells, size_t groups, size_t nclasses);

/* The tables' arrays (any of them NULL). */
void pl_ex_tables_free(struct ex_tables *t);

/* Fills t with the best way to send every set of x's shipments and reach
 * each TEU state up to `need` units (the last one: need or more), prices at
 * `teu`. 0, or -1 when the steps left in *work ran out first. */
int pl_ex_fill_level(const struct ex_lane *x, double teu, int need, struct ex_tables *t, long *work);

/* The best way to send all of x's shipments ending in TEU state `end`, as
 * pl_ex_fill_level left it in t: per shipment its group (a set) and option. */
void pl_ex_trace(const struct ex_lane *x, int need, int end, const struct ex_tables *t, size_t *set_of,
                 struct ex_option *opt_of);

/* The TEU levels at which prices change, ascending and distinct, 0 first:
 * every min_teu of the lane's rows and loose rates (malloc'd; NULL on OOM). */
double *pl_ex_tier_thresholds(const struct pl_lane *lane, size_t *count);

/* The chosen groups into out: containers by set (each once, its shipments in
 * lane order, on the first day all of them may take), then loose and
 * unplaced shipments, priced at the lane's `teu`. CF_OK, or the error set:
 * out of memory, or a group the tables should never have made (no common
 * day, no price at the TEU). */
int pl_ex_emit(const struct ex_lane *x, const size_t *set_of, const struct ex_option *opt_of, double teu,
               struct pl_out *out, struct cf_error *err);

#endif
