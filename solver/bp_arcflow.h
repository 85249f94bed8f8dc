/* bp_arcflow.h — internals shared by bp_arcflow.c (the arc-flow graph, its
 * model and GLPK search) and bp_arcdive.c (the LP diving heuristic). */
#ifndef CF_BP_ARCFLOW_H
#define CF_BP_ARCFLOW_H

#include <glpk.h>

#include "solver/bp_core.h"
#include "solver/glpk_env.h"

enum { ARC_ITEM, ARC_LOSS, ARC_EXIT };

struct af_arc {
    int from, to; /* node indices; to = -1 for an exit arc */
    int kind;
    int ref; /* class of an item arc, type of an exit arc */
};

struct af {
    const struct bp_ctx *c;
    int dim;
    double scale;  /* sizes x scale are integers (1, 10, 100 or 1000) */
    long *isize;   /* per item: integer size on dim */
    int *iclass;   /* per item: class index, -1 when it fits no type (loose) */
    size_t m;      /* classes: distinct sizes, decreasing */
    long *csize;
    long *cdemand;
    long *tcap;    /* per type: integer capacity, 0 when excluded */
    long cmax;
    int *node_of;  /* value -> node, -1 when not a node */
    long *node_val;
    int nnodes;
    struct af_arc *arcs;
    int narcs;
    int *arc_at;   /* [class * (cmax + 1) + value] -> item arc or -1 */
    int *loss_from;/* per node: loss arc to the next node, or -1 */
    int *exit_of;  /* per type: exit arc or -1 */
    int *out_start, *out_arcs; /* arcs leaving each node (CSR) */
    int *loose_col;/* per item: column of its loose variable, 0 when none */
    unsigned char *rest; /* per item: 1 when the last decode placed it after the whole paths */
    int ncols;
    cf_cents_t fixed_cost; /* items that fit no type go loose */
};

struct af_run {
    struct af *g;
    struct bp_pack *inc;
    cf_cents_t inc_cost;
    double lb;
    int passed, failed;
    struct cf_glpk_tally tally; /* the work clock's charges */
    struct bp_pack cand;
    double *x, *flow;
    int *path, *items, *order_items;
    long *next_item;
    int *ia, *ja; /* the matrix for glp_load_matrix, 1-based */
    double *ar;
};

/* One source-to-sink path of positive flow, following the largest flow out
 * of each node: its arcs in path[0..len), its bottleneck in *delta. Returns
 * the exit arc, or -1 when no flow leaves the source. */
int bp_af_next_path(const struct af *g, const double *flow, int *path, int *len, double *delta);

/* A packing from arc values x[1..ncols] (GLPK's indexing): integral x gives
 * its packing; fractional x is rounded (paths taken floor(flow) times, the
 * rest best-fit, then tidied). The buffers are the run's. -1 on OOM. */
int bp_af_decode(const struct af *g, const double *x, struct bp_pack *out, double *flow, int *path,
                 long *next_item, int *order_items);

/* LP diving from the solved root LP (bp_arcdive.c): r->inc improves when a
 * cheaper packing is found. Must run inside the GLPK guard. -1 on OOM. */
int bp_af_dive(struct af_run *r, glp_prob *root);

#endif
