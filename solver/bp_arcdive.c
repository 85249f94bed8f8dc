/* bp_arcdive.c — LP diving for the arc-flow model: whole units of the
 * flow's paths are fixed as arc lower bounds and the LP re-solved, depth
 * first within a budget, looking for an integral LP at the root bound
 * rounded up (the classic residual rounding of cutting stock, with
 * backtracking). Called by bp_arcflow.c before GLPK's branch and bound. */
#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solver/bp_arcflow.h"
#include "solver/glpk_env.h"

#define DIVE_CANDIDATES 4 /* paths tried at each level of the dive */
#define DIVE_SOLVES 40     /* LP solves per dive, backtracking included */

/* the dive's state: a copy of the root LP whose arc lower bounds hold the
 * paths fixed so far */
struct dive {
    glp_prob *lp;
    struct af_run *r;
    double target; /* model objective the LP must stay within */
    double *lbs;   /* per arc: units fixed */
    int solves;
    int done;      /* 1: a packing at the target was found, or out of budget */
    int failed;    /* OOM */
};

/* one move: units added to the lower bounds of some arcs */
struct dive_move {
    int *arcs;
    double *units;
    int len;
};

static void dive_apply(struct dive *v, const struct dive_move *mv, double sign)
{
    const struct af *g = v->r->g;
    for (int q = 0; q < mv->len; q++) {
        int a = mv->arcs[q];
        v->lbs[a] += sign * mv->units[q];
        if (g->arcs[a].kind == ARC_ITEM) {
            double ub = (double)g->cdemand[g->arcs[a].ref];
            double lo = fmin(v->lbs[a], ub);
            glp_set_col_bnds(v->lp, a + 1, lo < ub ? GLP_DB : GLP_FX, lo, ub);
        } else {
            glp_set_col_bnds(v->lp, a + 1, GLP_LO, v->lbs[a], 0);
        }
    }
}

/* re-solve; 1 when optimal within the target objective */
static int dive_solve(struct dive *v)
{
    const struct bp_ctx *c = v->r->g->c;
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = GLP_MSG_OFF;
    smcp.meth = GLP_DUALP;
    smcp.obj_ul = v->target + 1e-3; /* the dual simplex stops once past the target */
    v->solves++;
    int ret = cf_glpk_simplex(v->lp, &smcp, bp_time_left_s(c));
    if (bp_time_left_s(c) <= 0 || ret != 0 || glp_get_status(v->lp) != GLP_OPT)
        return 0;
    return glp_get_obj_val(v->lp) <= v->target + 1e-6;
}

/* the LP is integral: keep its packing when cheaper; 1 when integral */
static int dive_leaf(struct dive *v)
{
    struct af_run *r = v->r;
    const struct af *g = r->g;
    const struct bp_ctx *c = g->c;
    for (int col = 1; col <= g->ncols; col++) {
        r->x[col] = glp_get_col_prim(v->lp, col);
        if (fabs(r->x[col] - round(r->x[col])) > 1e-6)
            return 0;
        r->x[col] = round(r->x[col]);
    }
    if (bp_af_decode(g, r->x, &r->cand, r->flow, r->path, r->next_item, r->order_items) != 0) {
        v->failed = v->done = 1;
        return 1;
    }
    cf_cents_t cost = bp_pack_cost(c, &r->cand);
    if (cost < r->inc_cost && bp_pack_check(c, &r->cand) == 0) {
        if (bp_pack_copy(r->inc, &r->cand, c->p->nitems) != 0) {
            v->failed = v->done = 1;
            return 1;
        }
        r->inc_cost = cost;
        bp_logf(c, "binpack: arc-flow dive found cost %lld after %d LP solves", (long long)cost, v->solves);
    }
    if ((double)r->inc_cost <= v->target + (double)g->fixed_cost + 1e-6)
        v->done = 1;
    return 1;
}

/* Depth-first dive from the current (accepted) LP: moves are the bulk of all
 * whole path units, then single paths of largest flow; a move is kept while
 * the LP stays within the target, and undone on backtracking. */
static void dive_rec(struct dive *v)
{
    struct af_run *r = v->r;
    const struct af *g = r->g;
    const double eps = 1e-6;
    struct dive_move moves[DIVE_CANDIDATES + 1];
    double cand_delta[DIVE_CANDIDATES];
    int nmoves = 0, ncand = 0;
    if (v->done || dive_leaf(v))
        return;
    memset(moves, 0, sizeof moves);
    for (int k = 0; k <= DIVE_CANDIDATES; k++) {
        moves[k].arcs = malloc(((size_t)g->narcs + 1) * sizeof *moves[k].arcs);
        moves[k].units = malloc(((size_t)g->narcs + 1) * sizeof *moves[k].units);
        if (!moves[k].arcs || !moves[k].units) {
            v->failed = v->done = 1;
            goto done;
        }
    }
    /* decompose the flow beyond the fixed paths: moves[0] is the bulk, the
     * others the candidate paths sorted by flow */
    for (int a = 0; a < g->narcs; a++) {
        r->flow[a] = glp_get_col_prim(v->lp, a + 1) - v->lbs[a];
        r->x[a + 1] = 0; /* bulk units per arc */
    }
    for (;;) {
        int len = 0;
        double delta = 0;
        if (bp_af_next_path(g, r->flow, r->path, &len, &delta) < 0)
            break;
        for (int q = 0; q < len; q++)
            r->flow[r->path[q]] -= delta;
        double copies = floor(delta + eps);
        for (int q = 0; q < len && copies >= 1; q++)
            r->x[r->path[q] + 1] += copies;
        int at = ncand < DIVE_CANDIDATES ? ncand : DIVE_CANDIDATES - 1;
        if (ncand == DIVE_CANDIDATES && delta <= cand_delta[at])
            continue;
        struct dive_move spare = moves[1 + at];
        while (at > 0 && cand_delta[at - 1] < delta) {
            cand_delta[at] = cand_delta[at - 1];
            moves[1 + at] = moves[at];
            at--;
        }
        moves[1 + at] = spare;
        cand_delta[at] = delta;
        moves[1 + at].len = len;
        for (int q = 0; q < len; q++) {
            moves[1 + at].arcs[q] = r->path[q];
            moves[1 + at].units[q] = fmax(1, copies);
        }
        if (ncand < DIVE_CANDIDATES)
            ncand++;
    }
    for (int a = 0; a < g->narcs; a++)
        if (r->x[a + 1] > 0) {
            moves[0].arcs[moves[0].len] = a;
            moves[0].units[moves[0].len++] = r->x[a + 1];
        }
    nmoves = 1 + ncand;
    for (int k = 0; k < nmoves && !v->done; k++) {
        if (moves[k].len == 0)
            continue;
        if (v->solves >= DIVE_SOLVES || bp_time_left_s(g->c) <= 0) {
            v->done = 1;
            break;
        }
        dive_apply(v, &moves[k], 1);
        if (dive_solve(v))
            dive_rec(v);
        if (!v->done)
            dive_apply(v, &moves[k], -1);
    }
done:
    for (int k = 0; k <= DIVE_CANDIDATES; k++) {
        free(moves[k].arcs);
        free(moves[k].units);
    }
}

/* Diving on a copy of the solved LP, the classic cutting-stock rounding
 * (fix whole units of the flow's paths, re-solve with the dual simplex) made
 * a depth-first search that keeps the LP within the root bound rounded up
 * and backtracks within a budget of LP solves. Integral LPs give packings,
 * kept when cheaper. -1 on OOM. */
int bp_af_dive(struct af_run *r, glp_prob *root)
{
    struct af *g = r->g;
    struct dive v = {0};
    v.r = r;
    v.lp = glp_create_prob();
    v.lbs = calloc((size_t)g->narcs + 1, sizeof *v.lbs);
    if (v.lbs) {
        glp_copy_prob(v.lp, root, GLP_OFF);
        v.target = ceil(r->lb - 1e-6) - (double)g->fixed_cost;
        if (dive_solve(&v))
            dive_rec(&v);
    }
    bp_logf(g->c, "binpack: arc-flow dive: %d LP solves", v.solves);
    glp_delete_prob(v.lp);
    free(v.lbs);
    return !v.lbs || v.failed ? -1 : 0;
}

