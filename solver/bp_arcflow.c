/* bp_arcflow.c — the arc-flow model of bin packing (J. M. Valério de
 * Carvalho 1999; Brandão & Pedroso's VPSolver for several bin types) solved
 * with GLPK: when item sizes are integers on one dimension and the other
 * dimension can never bind, a bin is a path 0 -> cap_t of item arcs (sizes
 * in decreasing order) and loss arcs, ending in an exit arc priced at the bin
 * type's cost. Its LP bound equals the Gilmore-Gomory bound. After the root
 * LP, its whole path units are kept as bins and the items left over are
 * solved exactly apart (residual rounding); bin elimination resumes against
 * the LP bound; a dive (bp_arcdive.c) looks for a packing at the bound; then
 * glp_intopt searches, fed incumbents by an LP rounding (path decomposition,
 * floor, best fit of the rest) through glp_ios_heur_sol, and stops as soon
 * as the incumbent meets a proven bound. */
#include "solver/bp_core.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solver/bp_arcflow.h"
#include "solver/glpk_env.h"

#define AF_MAX_CAP 100000L     /* nodes are integers 0..cap */
#define AF_MAX_TABLE 5000000.0 /* classes x (cap + 1) arc lookup entries */
#define AF_RESUME_IMPROVE_S 0.3    /* bin elimination after the LP bound */
#define AF_RESIDUAL_S 0.3          /* the exact solve of the root LP's residual */

static double size_on(const struct cf_bp_item *it, int dim) { return dim == 0 ? it->volume : it->weight; }
static double cap_on(const struct cf_bp_bin_type *t, int dim) { return dim == 0 ? t->volume : t->weight; }

static void af_free(struct af *g)
{
    free(g->isize); free(g->iclass); free(g->csize); free(g->cdemand); free(g->tcap);
    free(g->node_of); free(g->node_val); free(g->arcs); free(g->arc_at); free(g->loss_from);
    free(g->exit_of); free(g->out_start); free(g->out_arcs); free(g->loose_col); free(g->rest);
    memset(g, 0, sizeof *g);
}

static int cmp_long_desc(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x < y) - (x > y);
}

/* The scale (1, 10, 100 or 1000) at which dim can carry the model, 0 when
 * none: sizes x scale integral and >= 1 for items that fit a type, capacity
 * x scale within AF_MAX_CAP, and no load of fitting items ever binding on
 * the other dimension. Volumes in m3 with up to three decimals qualify. */
static double suits(const struct bp_ctx *c, int dim)
{
    const struct cf_bp_problem *p = c->p;
    int od = 1 - dim;
    double cmax = 0;
    for (size_t t = 0; t < p->ntypes; t++) {
        double other = 0;
        cmax = fmax(cmax, cap_on(&p->types[t], dim));
        for (size_t i = 0; i < p->nitems; i++)
            if (c->fits[i * p->ntypes + t])
                other += size_on(&p->items[i], od);
        if (!bp_cap_ok(other, cap_on(&p->types[t], od)))
            return 0;
    }
    for (double scale = 1; scale <= 1000; scale *= 10) {
        int ok = floor(cmax * scale * (1 + CF_FEAS_TOL)) <= AF_MAX_CAP;
        for (size_t i = 0; i < p->nitems && ok; i++) {
            double s = size_on(&p->items[i], dim) * scale;
            if (bp_fits_any(c, i) && (s < 0.5 || fabs(s - round(s)) > CF_FEAS_TOL * fmax(1, s)))
                ok = 0;
        }
        if (ok)
            return scale;
    }
    return 0;
}

static int add_arc(struct af *g, int from, int to, int kind, int ref, int *cap_arcs)
{
    if (g->narcs == *cap_arcs) {
        int ncap = *cap_arcs ? 2 * *cap_arcs : 1024;
        struct af_arc *na = realloc(g->arcs, (size_t)ncap * sizeof *na);
        if (!na)
            return -1;
        g->arcs = na;
        *cap_arcs = ncap;
    }
    g->arcs[g->narcs++] = (struct af_arc){from, to, kind, ref};
    return g->narcs - 1;
}

/* the graph; -1 on OOM */
static int af_build(struct af *g, const struct bp_ctx *c, int dim)
{
    const struct cf_bp_problem *p = c->p;
    size_t n = p->nitems, T = p->ntypes;
    int cap_arcs = 0;
    unsigned char *reach = NULL;
    g->c = c;
    g->dim = dim;
    g->isize = malloc((n + 1) * sizeof *g->isize);
    g->iclass = malloc((n + 1) * sizeof *g->iclass);
    g->csize = malloc((n + 1) * sizeof *g->csize);
    g->cdemand = calloc(n + 1, sizeof *g->cdemand);
    g->tcap = malloc((T + 1) * sizeof *g->tcap);
    g->loose_col = calloc(n + 1, sizeof *g->loose_col);
    g->rest = calloc(n + 1, 1);
    g->exit_of = malloc((T + 1) * sizeof *g->exit_of);
    if (!g->isize || !g->iclass || !g->csize || !g->cdemand || !g->tcap || !g->loose_col || !g->exit_of ||
        !g->rest)
        return -1;
    g->cmax = 0;
    for (size_t t = 0; t < T; t++) {
        double cap = cap_on(&p->types[t], dim);
        g->tcap[t] = (long)floor(cap * g->scale * (1 + CF_FEAS_TOL));
        if (g->tcap[t] > g->cmax)
            g->cmax = g->tcap[t];
    }
    g->m = 0;
    for (size_t i = 0; i < n; i++) {
        g->isize[i] = lround(size_on(&p->items[i], dim) * g->scale);
        if (bp_fits_any(c, i))
            g->csize[g->m++] = g->isize[i];
    }
    qsort(g->csize, g->m, sizeof *g->csize, cmp_long_desc);
    size_t m = 0;
    for (size_t k = 0; k < g->m; k++)
        if (m == 0 || g->csize[m - 1] != g->csize[k])
            g->csize[m++] = g->csize[k];
    g->m = m;
    g->fixed_cost = 0;
    for (size_t i = 0; i < n; i++) {
        g->iclass[i] = -1;
        if (!bp_fits_any(c, i)) {
            g->fixed_cost += p->items[i].loose_cost;
            continue;
        }
        for (size_t k = 0; k < m; k++)
            if (g->csize[k] == g->isize[i])
                g->iclass[i] = (int)k;
        g->cdemand[g->iclass[i]]++;
    }
    if ((double)m * (double)(g->cmax + 1) > AF_MAX_TABLE)
        return 1;
    size_t width = (size_t)g->cmax + 1;
    reach = calloc(width, 1);
    g->node_of = malloc(width * sizeof *g->node_of);
    g->node_val = malloc(width * sizeof *g->node_val);
    g->arc_at = malloc((m ? m : 1) * width * sizeof *g->arc_at);
    g->loss_from = malloc(width * sizeof *g->loss_from);
    if (!reach || !g->node_of || !g->node_val || !g->arc_at || !g->loss_from)
        goto oom;
    /* reachable loads with items placed in decreasing size, demand-bounded */
    reach[0] = 1;
    for (size_t k = 0; k < m; k++) {
        long s = g->csize[k];
        for (long copy = 0; copy < g->cdemand[k]; copy++) {
            int changed = 0;
            for (long u = g->cmax - s; u >= 0; u--)
                if (reach[u] && !reach[u + s]) {
                    reach[u + s] = 1;
                    changed = 1;
                }
            if (!changed)
                break;
        }
    }
    for (size_t t = 0; t < T; t++)
        if (g->tcap[t] >= 1)
            reach[g->tcap[t]] = 1;
    g->nnodes = 0;
    for (size_t u = 0; u < width; u++) {
        g->node_of[u] = reach[u] ? g->nnodes : -1;
        if (reach[u])
            g->node_val[g->nnodes++] = (long)u;
    }
    for (size_t a = 0; a < m * width; a++)
        g->arc_at[a] = -1;
    /* item arcs from loads reachable with the larger classes and this one */
    memset(reach, 0, width);
    reach[0] = 1;
    for (size_t k = 0; k < m; k++) {
        long s = g->csize[k];
        for (long copy = 0; copy < g->cdemand[k]; copy++) {
            int changed = 0;
            for (long u = g->cmax - s; u >= 0; u--)
                if (reach[u] && !reach[u + s]) {
                    reach[u + s] = 1;
                    changed = 1;
                }
            if (!changed)
                break;
        }
        for (long u = 0; u + s <= g->cmax; u++) {
            /* u + s must be a load reachable within the demands */
            if (!reach[u] || g->node_of[u + s] < 0)
                continue;
            int a = add_arc(g, g->node_of[u], g->node_of[u + s], ARC_ITEM, (int)k, &cap_arcs);
            if (a < 0)
                goto oom;
            g->arc_at[k * width + (size_t)u] = a;
        }
    }
    for (int j = 0; j < g->nnodes; j++) {
        g->loss_from[j] = -1;
        if (j + 1 < g->nnodes) {
            g->loss_from[j] = add_arc(g, j, j + 1, ARC_LOSS, 0, &cap_arcs);
            if (g->loss_from[j] < 0)
                goto oom;
        }
    }
    for (size_t t = 0; t < T; t++) {
        g->exit_of[t] = -1;
        if (g->tcap[t] >= 1) {
            g->exit_of[t] = add_arc(g, g->node_of[g->tcap[t]], -1, ARC_EXIT, (int)t, &cap_arcs);
            if (g->exit_of[t] < 0)
                goto oom;
        }
    }
    g->out_start = calloc((size_t)g->nnodes + 1, sizeof *g->out_start);
    g->out_arcs = malloc(((size_t)g->narcs + 1) * sizeof *g->out_arcs);
    if (!g->out_start || !g->out_arcs)
        goto oom;
    for (int a = 0; a < g->narcs; a++)
        g->out_start[g->arcs[a].from + 1]++;
    for (int j = 0; j < g->nnodes; j++)
        g->out_start[j + 1] += g->out_start[j];
    {
        int *fill = calloc((size_t)g->nnodes + 1, sizeof *fill);
        if (!fill)
            goto oom;
        for (int a = 0; a < g->narcs; a++) {
            int j = g->arcs[a].from;
            g->out_arcs[g->out_start[j] + fill[j]++] = a;
        }
        free(fill);
    }
    g->ncols = g->narcs;
    for (size_t i = 0; i < n; i++)
        if (g->iclass[i] >= 0 && bp_can_loose(c, i))
            g->loose_col[i] = ++g->ncols;
    free(reach);
    return 0;
oom:
    free(reach);
    return -1;
}

/* One source-to-sink path of positive flow, following the largest flow out
 * of each node: its arcs in path[0..len), its bottleneck in *delta. Returns
 * the exit arc, or -1 when no flow leaves the source. */
int bp_af_next_path(const struct af *g, const double *flow, int *path, int *len, double *delta)
{
    const double eps = 1e-6;
    int u = 0;
    *len = 0;
    *delta = INFINITY;
    for (;;) {
        int best = -1;
        for (int e = g->out_start[u]; e < g->out_start[u + 1]; e++) {
            int a = g->out_arcs[e];
            if (flow[a] > eps && (best < 0 || flow[a] > flow[best]))
                best = a;
        }
        if (best < 0)
            return -1;
        *delta = fmin(*delta, flow[best]);
        path[(*len)++] = best;
        if (g->arcs[best].kind == ARC_EXIT)
            return best;
        u = g->arcs[best].to;
    }
}

/* A packing from arc values x[1..ncols] (GLPK's indexing). Integral x gives
 * its exact packing; fractional x is rounded: paths taken floor(flow) times,
 * the rest first-fit into the open bins or new ones, then tidied. -1 on OOM. */
int bp_af_decode(const struct af *g, const double *x, struct bp_pack *out, double *flow,
                     int *path, long *next_item, int *order_items)
{
    const struct bp_ctx *c = g->c;
    const struct cf_bp_problem *p = c->p;
    size_t n = p->nitems;
    const double eps = 1e-6;
    out->nbins = 0;
    for (int a = 0; a < g->narcs; a++)
        flow[a] = x[a + 1];
    /* next_item[k]: first unplaced item of class k in order_items (sorted by class) */
    size_t pos = 0;
    for (size_t k = 0; k < g->m; k++) {
        next_item[k] = (long)pos;
        for (size_t i = 0; i < n; i++)
            if (g->iclass[i] == (int)k)
                order_items[pos++] = (int)i;
    }
    next_item[g->m] = (long)pos;
    for (size_t i = 0; i < n; i++) {
        out->item_bin[i] = -1;
        g->rest[i] = 0;
    }
    /* items whose loose variable is set stay loose: move them out of reach */
    for (size_t k = 0; k < g->m; k++)
        for (long r = next_item[k]; r < next_item[k + 1]; r++) {
            int i = order_items[r];
            if (g->loose_col[i] && x[g->loose_col[i]] > 0.5)
                order_items[r] = -1 - i;
        }
    long *load = NULL;
    long *cursor = malloc((g->m + 1) * sizeof *cursor);
    if (!cursor)
        return -1;
    for (size_t k = 0; k <= g->m; k++)
        cursor[k] = next_item[k];
    for (;;) {
        int len = 0;
        double delta = 0;
        int exit_arc = bp_af_next_path(g, flow, path, &len, &delta);
        if (exit_arc < 0)
            break; /* no flow left from the source (or numerical debris) */
        for (int q = 0; q < len; q++)
            flow[path[q]] -= delta;
        long copies = (long)floor(delta + eps);
        for (long k = 0; k < copies; k++) {
            long b = bp_pack_open(out, (size_t)g->arcs[exit_arc].ref);
            if (b < 0)
                goto oom;
            for (int q = 0; q < len; q++) {
                if (g->arcs[path[q]].kind != ARC_ITEM)
                    continue;
                int cl = g->arcs[path[q]].ref;
                while (cursor[cl] < next_item[cl + 1] && order_items[cursor[cl]] < 0)
                    cursor[cl]++;
                if (cursor[cl] < next_item[cl + 1])
                    out->item_bin[order_items[cursor[cl]++]] = b;
            }
        }
    }
    /* the rest, largest first: best fit into the open bins, else a new bin of
     * the cheapest type that holds it (tidy may send it loose later) */
    load = calloc(out->nbins + n + 1, sizeof *load);
    if (!load)
        goto oom;
    for (size_t j = 0; j < n; j++)
        if (out->item_bin[j] >= 0)
            load[out->item_bin[j]] += g->isize[j];
    for (size_t k = 0; k < g->m; k++) {
        for (long r = cursor[k]; r < next_item[k + 1]; r++) {
            int i = order_items[r];
            if (i < 0)
                continue;
            long placed = -1, slack = 0;
            for (size_t b = 0; b < out->nbins; b++) {
                long left = g->tcap[out->type[b]] - load[b] - g->isize[i];
                if (left >= 0 && (placed < 0 || left < slack)) {
                    placed = (long)b;
                    slack = left;
                }
            }
            if (placed < 0) {
                size_t bt = p->ntypes;
                for (size_t t = 0; t < p->ntypes; t++)
                    if (c->fits[(size_t)i * p->ntypes + t] &&
                        (bt == p->ntypes || p->types[t].cost < p->types[bt].cost))
                        bt = t;
                placed = bp_pack_open(out, bt);
                if (placed < 0)
                    goto oom;
            }
            out->item_bin[i] = placed;
            g->rest[i] = 1;
            load[placed] += g->isize[i];
        }
    }
    free(load);
    free(cursor);
    return bp_pack_tidy(c, out);
oom:
    free(cursor);
    free(load);
    return -1;
}

/* x[1..ncols] of a packing; 0, or 1 when a bin has no path in the graph */
static int af_encode(const struct af *g, const struct bp_pack *k, double *x, int *items)
{
    const struct cf_bp_problem *p = g->c->p;
    size_t n = p->nitems;
    size_t width = (size_t)g->cmax + 1;
    for (int col = 0; col <= g->ncols; col++)
        x[col] = 0;
    for (size_t i = 0; i < n; i++)
        if (k->item_bin[i] < 0 && g->loose_col[i])
            x[g->loose_col[i]] = 1;
    for (size_t b = 0; b < k->nbins; b++) {
        int cnt = 0;
        for (size_t i = 0; i < n; i++)
            if (k->item_bin[i] == (long)b)
                items[cnt++] = (int)i;
        /* decreasing size: insertion sort, bins are short */
        for (int q = 1; q < cnt; q++)
            for (int r = q; r > 0 && g->isize[items[r]] > g->isize[items[r - 1]]; r--) {
                int tmp = items[r];
                items[r] = items[r - 1];
                items[r - 1] = tmp;
            }
        long u = 0, cap = g->tcap[k->type[b]];
        for (int q = 0; q < cnt; q++) {
            int cl = g->iclass[items[q]];
            if (cl < 0 || u + g->isize[items[q]] > cap)
                return 1;
            int a = g->arc_at[(size_t)cl * width + (size_t)u];
            if (a < 0)
                return 1;
            x[a + 1] += 1;
            u += g->isize[items[q]];
        }
        if (g->exit_of[k->type[b]] < 0)
            return 1;
        for (int j = g->node_of[u]; g->node_val[j] < cap; j++)
            x[g->loss_from[j] + 1] += 1;
        x[g->exit_of[k->type[b]] + 1] += 1;
    }
    return 0;
}

static void af_callback(glp_tree *tree, void *info)
{
    struct af_run *r = info;
    const struct bp_ctx *c = r->g->c;
    if (r->failed)
        return;
    if (glp_ios_reason(tree) == GLP_IHEUR) {
        if (!r->passed && af_encode(r->g, r->inc, r->x, r->items) == 0) {
            glp_ios_heur_sol(tree, r->x);
            r->passed = 1;
        }
        glp_prob *lp = glp_ios_get_prob(tree);
        for (int col = 1; col <= r->g->ncols; col++)
            r->x[col] = glp_get_col_prim(lp, col);
        /* each node's LP, rounded and then improved by bin elimination, is
         * a fresh start for the local search */
        if (bp_af_decode(r->g, r->x, &r->cand, r->flow, r->path, r->next_item, r->order_items) != 0 ||
            bp_improve(c, &r->cand, r->lb, 0.01) != 0) {
            r->failed = 1;
            return;
        }
        cf_cents_t cost = bp_pack_cost(c, &r->cand);
        if (cost < r->inc_cost && bp_pack_check(c, &r->cand) == 0) {
            if (bp_pack_copy(r->inc, &r->cand, c->p->nitems) != 0) {
                r->failed = 1;
                return;
            }
            r->inc_cost = cost;
            bp_logf(c, "binpack: arc-flow rounding found cost %lld", (long long)cost);
            if (af_encode(r->g, r->inc, r->x, r->items) == 0)
                glp_ios_heur_sol(tree, r->x);
        }
    }
    int best = glp_ios_best_node(tree);
    if (best) {
        double b = glp_ios_node_bound(tree, best) + (double)r->g->fixed_cost;
        if (b > r->lb)
            r->lb = b;
    }
    cf_glpk_tree_charge(tree, &r->tally);
    if (bp_proven(r->inc_cost, r->lb) || bp_time_left_s(c) <= 0)
        glp_ios_terminate(tree);
}

/* binpack.c gives bin elimination a short budget before this model; when
 * the LP bound has not proven the incumbent, the search resumes here, now
 * stopping as soon as it meets the (possibly higher) LP bound. -1 on OOM. */
static int af_resume_improve(struct af_run *r)
{
    const struct bp_ctx *c = r->g->c;
    if (bp_pack_copy(&r->cand, r->inc, c->p->nitems) != 0 ||
        bp_improve(c, &r->cand, r->lb, AF_RESUME_IMPROVE_S) != 0)
        return -1;
    cf_cents_t cost = bp_pack_cost(c, &r->cand);
    if (cost < r->inc_cost && bp_pack_check(c, &r->cand) == 0) {
        if (bp_pack_copy(r->inc, &r->cand, c->p->nitems) != 0)
            return -1;
        r->inc_cost = cost;
    }
    return 0;
}

/* Residual rounding, finished exactly: the root LP's whole path units are
 * kept as bins and the items they leave (a few bins' worth) are solved as a
 * problem of their own by a nested cf_binpack_solve, within a short limit.
 * On the tight uniform instances (u250_12: 11 units of slack in 105 bins)
 * best fit of the rest misses the last bin; the small exact solve finds it.
 * The nested solve brings its own GLPK guard: ours is lifted around it and
 * restored (guards do not nest); if GLPK failed inside, GLPK's environment
 * and our problem are gone, so we leave through our guard's jump. 0, 1 when
 * the residual solve failed (not for GLPK), -1 on OOM. */
static int af_residual(struct af_run *r, glp_prob *lp, struct cf_glpk_guard *guard)
{
    struct af *g = r->g;
    const struct bp_ctx *c = g->c;
    const struct cf_bp_problem *p = c->p;
    size_t n = p->nitems, nrest = 0, nkept = 0;
    int rc = -1;
    for (int col = 1; col <= g->ncols; col++)
        r->x[col] = glp_get_col_prim(lp, col);
    if (bp_af_decode(g, r->x, &r->cand, r->flow, r->path, r->next_item, r->order_items) != 0)
        return -1;
    struct cf_bp_item *items = malloc((n + 1) * sizeof *items);
    size_t *idx = malloc((n + 1) * sizeof *idx);
    long *renum = malloc((r->cand.nbins + 1) * sizeof *renum);
    struct bp_pack k = {0};
    struct cf_bp_solution sub = {0};
    if (!items || !idx || !renum || bp_pack_init(&k, n) != 0)
        goto done;
    /* bins holding an item of a whole path are kept; their rest items go to
     * the residual problem like the other rest items */
    for (size_t b = 0; b < r->cand.nbins; b++)
        renum[b] = -1;
    for (size_t i = 0; i < n; i++) {
        long b = r->cand.item_bin[i];
        if (b >= 0 && !g->rest[i] && renum[b] < 0) {
            renum[b] = (long)nkept++;
            if (bp_pack_open(&k, r->cand.type[b]) < 0)
                goto done;
        }
    }
    for (size_t i = 0; i < n; i++) {
        long b = r->cand.item_bin[i];
        if (g->rest[i] || (b >= 0 && renum[b] < 0)) {
            idx[nrest] = i;
            items[nrest++] = p->items[i];
        } else {
            k.item_bin[i] = b >= 0 ? renum[b] : -1;
        }
    }
    rc = 0;
    /* nothing apart: the dive and the search see integral LPs themselves;
     * all apart: the nested solve would be this one again */
    double limit_s = fmin(AF_RESIDUAL_S, bp_time_left_s(c));
    if (nrest == 0 || nrest == n || limit_s < 0.001) /* a limit <= 0 would mean none */
        goto done;
    struct cf_bp_problem rp = {items, nrest, p->types, p->ntypes};
    struct cf_error err = {0};
    unsigned failures = cf_glpk_failures();
    cf_glpk_guard_end(guard);
    int solved = bp_solve_nested(&rp, limit_s, &sub, &err);
    cf_glpk_guard_begin(guard, c->log, c->log_ctx);
    if (solved != CF_OK) {
        if (cf_glpk_failures() != failures)
            longjmp(guard->jump, 1);
        rc = 1;
        goto done;
    }
    if (sub.status == CF_BP_INFEASIBLE)
        goto done;
    for (size_t b = 0; b < sub.nbins; b++)
        if (bp_pack_open(&k, sub.bin_type[b]) < 0) {
            rc = -1;
            goto done;
        }
    for (size_t q = 0; q < nrest; q++)
        k.item_bin[idx[q]] = sub.item_bin[q] >= 0 ? (long)nkept + sub.item_bin[q] : -1;
    cf_cents_t cost = bp_pack_cost(c, &k);
    bp_logf(c, "binpack: arc-flow residual: %zu bins kept, %zu items solved apart: cost %lld", nkept, nrest,
            (long long)cost);
    if (cost < r->inc_cost && bp_pack_check(c, &k) == 0) {
        if (bp_pack_copy(r->inc, &k, n) != 0) {
            rc = -1;
            goto done;
        }
        r->inc_cost = cost;
    }
done:
    cf_bp_solution_free(&sub);
    bp_pack_free(&k);
    free(items);
    free(idx);
    free(renum);
    return rc;
}

/* build and solve the model in GLPK (inside the guard); r owns the buffers */
static int af_model(struct af_run *r, struct cf_glpk_guard *guard, struct cf_error *err)
{
    struct af *g = r->g;
    const struct bp_ctx *c = g->c;
    const struct cf_bp_problem *p = c->p;
    int *ia = r->ia, *ja = r->ja;
    double *ar = r->ar;
    int rc = CF_OK;
    glp_prob *lp = glp_create_prob();
    int nrows = (g->nnodes - 1) + (int)g->m; /* conservation at nodes 1.., demand per class */
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_rows(lp, nrows);
    glp_add_cols(lp, g->ncols);
    for (int j = 1; j < g->nnodes; j++)
        glp_set_row_bnds(lp, j, GLP_FX, 0, 0);
    for (size_t k = 0; k < g->m; k++)
        glp_set_row_bnds(lp, g->nnodes + (int)k, GLP_LO, (double)g->cdemand[k], 0);
    int cnt = 0;
    for (int a = 0; a < g->narcs; a++) {
        const struct af_arc *arc = &g->arcs[a];
        int col = a + 1;
        glp_set_col_kind(lp, col, GLP_IV);
        if (arc->kind == ARC_ITEM)
            glp_set_col_bnds(lp, col, GLP_DB, 0, (double)g->cdemand[arc->ref]);
        else
            glp_set_col_bnds(lp, col, GLP_LO, 0, 0);
        if (arc->kind == ARC_EXIT)
            glp_set_obj_coef(lp, col, (double)p->types[arc->ref].cost);
        if (arc->from > 0) {
            cnt++; ia[cnt] = arc->from; ja[cnt] = col; ar[cnt] = -1;
        }
        if (arc->to > 0) {
            cnt++; ia[cnt] = arc->to; ja[cnt] = col; ar[cnt] = 1;
        }
        if (arc->kind == ARC_ITEM) {
            cnt++; ia[cnt] = g->nnodes + arc->ref; ja[cnt] = col; ar[cnt] = 1;
        }
    }
    for (size_t i = 0; i < p->nitems; i++) {
        int col = g->loose_col[i];
        if (!col)
            continue;
        glp_set_col_kind(lp, col, GLP_BV);
        glp_set_obj_coef(lp, col, (double)p->items[i].loose_cost);
        cnt++; ia[cnt] = g->nnodes + g->iclass[i]; ja[cnt] = col; ar[cnt] = 1;
    }
    glp_load_matrix(lp, cnt, ia, ja, ar);
    bp_logf(c, "binpack: arc-flow on %s x %g: %d nodes, %d arcs, %zu classes", g->dim ? "weight" : "volume",
            g->scale, g->nnodes, g->narcs, g->m);

    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = cf_glpk_msg_level(guard) == GLP_MSG_OFF ? GLP_MSG_OFF : GLP_MSG_ERR;
    if (cf_glpk_simplex(lp, &smcp, bp_time_left_s(c)) != 0 || glp_get_status(lp) != GLP_OPT)
        goto done; /* no bound, no harm: the incumbent stands */
    double root = glp_get_obj_val(lp) + (double)g->fixed_cost;
    if (root > r->lb)
        r->lb = root;
    bp_logf(c, "binpack: arc-flow LP bound %.4f", root);
    if (bp_proven(r->inc_cost, r->lb) || bp_time_left_s(c) <= 0)
        goto done;
    if (!c->nested) {
        int res = af_residual(r, lp, guard);
        if (res < 0) {
            rc = cf_error_set(err, CF_ERR_INTERNAL, "binpack", 0, NULL, "out of memory");
            goto done;
        }
        if (bp_proven(r->inc_cost, r->lb) || bp_time_left_s(c) <= 0)
            goto done;
    }
    if (!c->nested && af_resume_improve(r) != 0) {
        rc = cf_error_set(err, CF_ERR_INTERNAL, "binpack", 0, NULL, "out of memory");
        goto done;
    }
    if (bp_proven(r->inc_cost, r->lb) || bp_time_left_s(c) <= 0)
        goto done;
    if (bp_af_dive(r, lp) != 0) {
        rc = cf_error_set(err, CF_ERR_INTERNAL, "binpack", 0, NULL, "out of memory");
        goto done;
    }
    if (bp_proven(r->inc_cost, r->lb) || bp_time_left_s(c) <= 0)
        goto done;

    glp_iocp iocp;
    glp_init_iocp(&iocp);
    iocp.msg_lev = cf_glpk_msg_level(guard);
    iocp.presolve = GLP_OFF; /* the callback works on the original columns */
    iocp.cb_func = af_callback;
    iocp.cb_info = r;
    iocp.tm_lim = cf_glpk_time_limit_ms(bp_time_left_s(c));
    cf_glpk_tally_start(&r->tally, lp);
    glp_intopt(lp, &iocp);
    if (r->failed) {
        rc = cf_error_set(err, CF_ERR_INTERNAL, "binpack", 0, NULL, "out of memory");
        goto done;
    }
    int st = glp_mip_status(lp);
    if (st == GLP_OPT || st == GLP_FEAS) {
        double obj = glp_mip_obj_val(lp) + (double)g->fixed_cost;
        if (st == GLP_OPT && obj > r->lb)
            r->lb = obj;
        if (obj < (double)r->inc_cost - 0.5) {
            for (int col = 1; col <= g->ncols; col++)
                r->x[col] = round(glp_mip_col_val(lp, col));
            if (bp_af_decode(g, r->x, &r->cand, r->flow, r->path, r->next_item, r->order_items) != 0) {
                rc = cf_error_set(err, CF_ERR_INTERNAL, "binpack", 0, NULL, "out of memory");
                goto done;
            }
            cf_cents_t cost = bp_pack_cost(c, &r->cand);
            if (cost < r->inc_cost && bp_pack_check(c, &r->cand) == 0) {
                if (bp_pack_copy(r->inc, &r->cand, p->nitems) != 0) {
                    rc = cf_error_set(err, CF_ERR_INTERNAL, "binpack", 0, NULL, "out of memory");
                    goto done;
                }
                r->inc_cost = cost;
            }
        }
    }
done:
    glp_delete_prob(lp);
    return rc;
}

static int af_glpk(struct af_run *r, struct cf_error *err)
{
    struct cf_glpk_guard guard;
    cf_glpk_guard_begin(&guard, r->g->c->log, r->g->c->log_ctx);
    if (setjmp(guard.jump))
        return cf_error_set(err, CF_ERR_INTERNAL, "binpack", 0, NULL, "GLPK failed (arc-flow)");
    int rc = af_model(r, &guard, err);
    cf_glpk_guard_end(&guard);
    return rc;
}

int bp_arcflow_solve(const struct bp_ctx *c, struct bp_pack *inc, double *lb, int *applicable,
                     struct cf_error *err)
{
    const struct cf_bp_problem *p = c->p;
    struct af g = {0};
    struct af_run r = {0};
    int rc = CF_OK, dim = -1;
    double scale = 0;
    *applicable = 0;
    for (int d = 0; d < 2 && dim < 0; d++) {
        scale = p->ntypes > 0 ? suits(c, d) : 0;
        if (scale > 0)
            dim = d;
    }
    if (dim < 0)
        return CF_OK;
    g.scale = scale;
    int built = af_build(&g, c, dim);
    if (built != 0) {
        af_free(&g);
        if (built > 0)
            return CF_OK;
        return cf_error_set(err, CF_ERR_INTERNAL, "binpack", 0, NULL, "out of memory");
    }
    *applicable = 1;
    r.g = &g;
    r.inc = inc;
    r.inc_cost = bp_pack_cost(c, inc);
    r.lb = *lb;
    r.x = malloc(((size_t)g.ncols + 1) * sizeof *r.x);
    r.flow = malloc(((size_t)g.narcs + 1) * sizeof *r.flow);
    r.path = malloc(((size_t)g.narcs + 1) * sizeof *r.path);
    r.items = malloc((p->nitems + 1) * sizeof *r.items);
    r.order_items = malloc((p->nitems + 1) * sizeof *r.order_items);
    r.next_item = malloc((g.m + 1) * sizeof *r.next_item);
    size_t nz = 3 * (size_t)g.narcs + (size_t)g.ncols + 1;
    r.ia = malloc(nz * sizeof *r.ia);
    r.ja = malloc(nz * sizeof *r.ja);
    r.ar = malloc(nz * sizeof *r.ar);
    if (!r.ia || !r.ja || !r.ar || !r.x || !r.flow || !r.path || !r.items || !r.order_items || !r.next_item ||
        bp_pack_init(&r.cand, p->nitems) != 0) {
        rc = cf_error_set(err, CF_ERR_INTERNAL, "binpack", 0, NULL, "out of memory");
        goto done;
    }
    rc = af_glpk(&r, err);
    *lb = r.lb;
done:
    bp_pack_free(&r.cand);
    free(r.x); free(r.flow); free(r.path); free(r.items); free(r.order_items); free(r.next_item);
    free(r.ia); free(r.ja); free(r.ar);
    af_free(&g);
    return rc;
}
