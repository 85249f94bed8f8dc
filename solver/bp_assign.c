/* bp_assign.c — the assignment model for departures the arc-flow model does
 * not suit (two binding dimensions, sizes with decimals): binary x[i][t][j]
 * puts item i in bin j of type t, y[t][j] opens that bin, l[i] sends i loose.
 * Symmetry is broken the usual way for identical bins: bins of a type open
 * in order (y[t][j+1] <= y[t][j]) and an item goes only to bins j <= its rank
 * among the items that fit the type. Bins per type are capped by the
 * incumbent's cost, so the model stays exact. Only for small departures. */
#include "solver/bp_core.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solver/glpk_env.h"

#define AS_MAX_X 20000 /* assignment variables: beyond this the model is not built */

struct as {
    const struct bp_ctx *c;
    size_t *kbins;   /* per type: bins in the model */
    size_t *ybase;   /* per type: column of y[t][0] (1-based) */
    int *rank;       /* [i * ntypes + t]: rank of i among items fitting t, -1 when it does not fit */
    int *xcol;       /* [(i * ntypes + t) ... ] start column of x[i][t][0], 0 when none */
    int *lcol;       /* per item: loose column, 0 when none */
    int ncols, nx;
    cf_cents_t fixed_cost;
    struct bp_pack *inc;
    cf_cents_t inc_cost;
    double lb;
    int passed;
    struct cf_glpk_tally tally;     /* the work clock's charges */
    double *x;       /* ncols + 1 */
    int *ia, *ja;
    double *ar;
    size_t nz_cap;
};

static void as_free(struct as *m)
{
    free(m->kbins); free(m->ybase); free(m->rank); free(m->xcol); free(m->lcol);
    free(m->x); free(m->ia); free(m->ja); free(m->ar);
}

struct ranked {
    double key;
    size_t idx;
};

static int cmp_ranked(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return x->idx < y->idx ? -1 : (x->idx > y->idx);
}

/* columns; 1 when the model would be too large, -1 on OOM */
static int as_layout(struct as *m)
{
    const struct bp_ctx *c = m->c;
    const struct cf_bp_problem *p = c->p;
    size_t n = p->nitems, T = p->ntypes;
    struct ranked *order = malloc((n + 1) * sizeof *order);
    m->kbins = calloc(T + 1, sizeof *m->kbins);
    m->ybase = calloc(T + 1, sizeof *m->ybase);
    m->rank = malloc((n * T + 1) * sizeof *m->rank);
    m->xcol = calloc(n * T + 1, sizeof *m->xcol);
    m->lcol = calloc(n + 1, sizeof *m->lcol);
    if (!order || !m->kbins || !m->ybase || !m->rank || !m->xcol || !m->lcol) {
        free(order);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = (struct ranked){p->items[i].volume + p->items[i].weight * 1e-9, i};
    qsort(order, n, sizeof *order, cmp_ranked);
    double nx = 0;
    for (size_t t = 0; t < T; t++) {
        int r = 0;
        for (size_t q = 0; q < n; q++) {
            size_t i = order[q].idx;
            m->rank[i * T + t] = c->fits[i * T + t] ? r++ : -1;
        }
        size_t k = (size_t)r;
        if (p->types[t].cost > 0 && (double)m->inc_cost / (double)p->types[t].cost < (double)k)
            k = (size_t)((double)m->inc_cost / (double)p->types[t].cost);
        m->kbins[t] = k;
        for (size_t i = 0; i < n; i++)
            if (m->rank[i * T + t] >= 0)
                nx += fmin((double)m->rank[i * T + t] + 1, (double)k);
    }
    free(order);
    if (nx > AS_MAX_X)
        return 1;
    int col = 0;
    for (size_t t = 0; t < T; t++) {
        m->ybase[t] = (size_t)col + 1;
        col += (int)m->kbins[t];
    }
    m->fixed_cost = 0;
    for (size_t i = 0; i < n; i++) {
        if (!bp_fits_any(c, i)) {
            m->fixed_cost += p->items[i].loose_cost;
            continue;
        }
        for (size_t t = 0; t < T; t++) {
            int r = m->rank[i * T + t];
            size_t cnt = r < 0 ? 0 : (size_t)fmin((double)r + 1, (double)m->kbins[t]);
            if (cnt) {
                m->xcol[i * T + t] = col + 1;
                col += (int)cnt;
            }
        }
        if (bp_can_loose(c, i))
            m->lcol[i] = ++col;
    }
    m->ncols = col;
    m->nx = (int)nx;
    return 0;
}

/* number of x columns of item i and type t */
static size_t as_count(const struct as *m, size_t i, size_t t)
{
    int r = m->rank[i * m->c->p->ntypes + t];
    return r < 0 ? 0 : (size_t)fmin((double)r + 1, (double)m->kbins[t]);
}

/* x of a packing (bins of a type ordered by their least rank); 1 when the
 * packing has no image in the model */
static int as_encode(struct as *m, const struct bp_pack *k)
{
    const struct cf_bp_problem *p = m->c->p;
    size_t n = p->nitems, T = p->ntypes;
    int rc = 1;
    long *minrank = malloc((k->nbins + 1) * sizeof *minrank);
    long *slot = malloc((k->nbins + 1) * sizeof *slot);
    if (!minrank || !slot)
        goto done;
    for (int col = 0; col <= m->ncols; col++)
        m->x[col] = 0;
    for (size_t b = 0; b < k->nbins; b++)
        minrank[b] = -1;
    for (size_t i = 0; i < n; i++) {
        long b = k->item_bin[i];
        if (b < 0) {
            if (m->lcol[i])
                m->x[m->lcol[i]] = 1;
            continue;
        }
        long r = m->rank[i * T + k->type[b]];
        if (r < 0)
            goto done;
        if (minrank[b] < 0 || r < minrank[b])
            minrank[b] = r;
    }
    for (size_t b = 0; b < k->nbins; b++) {
        /* slot: how many bins of the same type have a smaller least rank */
        slot[b] = 0;
        for (size_t o = 0; o < k->nbins; o++)
            if (o != b && k->type[o] == k->type[b] && minrank[o] >= 0 && minrank[o] < minrank[b])
                slot[b]++;
        if (minrank[b] < 0 || (size_t)slot[b] >= m->kbins[k->type[b]])
            goto done;
        m->x[m->ybase[k->type[b]] + (size_t)slot[b]] = 1;
    }
    for (size_t i = 0; i < n; i++) {
        long b = k->item_bin[i];
        if (b < 0)
            continue;
        size_t t = k->type[b];
        if ((size_t)slot[b] >= as_count(m, i, t))
            goto done;
        m->x[m->xcol[i * T + t] + slot[b]] = 1;
    }
    rc = 0;
done:
    free(minrank);
    free(slot);
    return rc;
}

static void as_callback(glp_tree *tree, void *info)
{
    struct as *m = info;
    if (glp_ios_reason(tree) == GLP_IHEUR && !m->passed) {
        m->passed = 1;
        if (as_encode(m, m->inc) == 0)
            glp_ios_heur_sol(tree, m->x);
    }
    int best = glp_ios_best_node(tree);
    if (best) {
        double b = glp_ios_node_bound(tree, best) + (double)m->fixed_cost;
        if (b > m->lb)
            m->lb = b;
    }
    cf_glpk_tree_charge(tree, &m->tally);
    if (bp_proven(m->inc_cost, m->lb) || bp_time_left_s(m->c) <= 0)
        glp_ios_terminate(tree);
}

static void nz_add(struct as *m, int *cnt, int row, int col, double val)
{
    ++*cnt;
    m->ia[*cnt] = row;
    m->ja[*cnt] = col;
    m->ar[*cnt] = val;
}

/* build and solve inside the guard; the packing found replaces *inc when cheaper */
static int as_model(struct as *m, const struct cf_glpk_guard *guard, struct bp_pack *cand,
                    struct cf_error *err)
{
    const struct bp_ctx *c = m->c;
    const struct cf_bp_problem *p = c->p;
    size_t n = p->nitems, T = p->ntypes;
    int rc = CF_OK, cnt = 0, row = 0;
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_cols(lp, m->ncols);
    for (int col = 1; col <= m->ncols; col++)
        glp_set_col_kind(lp, col, GLP_BV);
    for (size_t t = 0; t < T; t++)
        for (size_t j = 0; j < m->kbins[t]; j++)
            glp_set_obj_coef(lp, (int)(m->ybase[t] + j), (double)p->types[t].cost);
    for (size_t i = 0; i < n; i++)
        if (m->lcol[i])
            glp_set_obj_coef(lp, m->lcol[i], (double)p->items[i].loose_cost);
    /* each item once: in a bin or loose */
    for (size_t i = 0; i < n; i++) {
        if (!bp_fits_any(c, i))
            continue;
        row = glp_add_rows(lp, 1);
        glp_set_row_bnds(lp, row, GLP_FX, 1, 1);
        for (size_t t = 0; t < T; t++)
            for (size_t j = 0; j < as_count(m, i, t); j++)
                nz_add(m, &cnt, row, m->xcol[i * T + t] + (int)j, 1);
        if (m->lcol[i])
            nz_add(m, &cnt, row, m->lcol[i], 1);
    }
    for (size_t t = 0; t < T; t++) {
        for (size_t j = 0; j < m->kbins[t]; j++) {
            int y = (int)(m->ybase[t] + j);
            /* capacities as shares of the bin: rows scaled to 1 */
            for (int dim = 0; dim < 2; dim++) {
                double cap = dim == 0 ? p->types[t].volume : p->types[t].weight;
                row = glp_add_rows(lp, 1);
                glp_set_row_bnds(lp, row, GLP_UP, 0, 0);
                for (size_t i = 0; i < n; i++)
                    if (j < as_count(m, i, t)) {
                        double s = dim == 0 ? p->items[i].volume : p->items[i].weight;
                        if (s > 0)
                            nz_add(m, &cnt, row, m->xcol[i * T + t] + (int)j, s / cap);
                    }
                nz_add(m, &cnt, row, y, -1);
            }
            /* an item only in an open bin: a much tighter LP */
            for (size_t i = 0; i < n; i++)
                if (j < as_count(m, i, t)) {
                    row = glp_add_rows(lp, 1);
                    glp_set_row_bnds(lp, row, GLP_UP, 0, 0);
                    nz_add(m, &cnt, row, m->xcol[i * T + t] + (int)j, 1);
                    nz_add(m, &cnt, row, y, -1);
                }
            if (j + 1 < m->kbins[t]) {
                row = glp_add_rows(lp, 1);
                glp_set_row_bnds(lp, row, GLP_UP, 0, 0);
                nz_add(m, &cnt, row, y + 1, 1);
                nz_add(m, &cnt, row, y, -1);
            }
        }
    }
    glp_load_matrix(lp, cnt, m->ia, m->ja, m->ar);
    bp_logf(c, "binpack: assignment model: %d columns, %d rows", m->ncols, glp_get_num_rows(lp));

    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = cf_glpk_msg_level(guard) == GLP_MSG_OFF ? GLP_MSG_OFF : GLP_MSG_ERR;
    if (cf_glpk_simplex(lp, &smcp, bp_time_left_s(c)) != 0 || glp_get_status(lp) != GLP_OPT)
        goto done;
    double root = glp_get_obj_val(lp) + (double)m->fixed_cost;
    if (root > m->lb)
        m->lb = root;
    bp_logf(c, "binpack: assignment LP bound %.4f", root);
    if (bp_proven(m->inc_cost, m->lb) || bp_time_left_s(c) <= 0)
        goto done;
    glp_iocp iocp;
    glp_init_iocp(&iocp);
    iocp.msg_lev = cf_glpk_msg_level(guard);
    iocp.presolve = GLP_OFF; /* the callback works on the original columns */
    iocp.cb_func = as_callback;
    iocp.cb_info = m;
    iocp.tm_lim = cf_glpk_time_limit_ms(bp_time_left_s(c));
    cf_glpk_tally_start(&m->tally, lp);
    glp_intopt(lp, &iocp);
    int st = glp_mip_status(lp);
    if (st != GLP_OPT && st != GLP_FEAS)
        goto done;
    double obj = glp_mip_obj_val(lp) + (double)m->fixed_cost;
    if (st == GLP_OPT && obj > m->lb)
        m->lb = obj;
    if (obj >= (double)m->inc_cost - 0.5)
        goto done;
    /* decode: bin (t, j) becomes one bin when open */
    cand->nbins = 0;
    for (size_t i = 0; i < n; i++)
        cand->item_bin[i] = -1;
    for (size_t t = 0; t < T; t++)
        for (size_t j = 0; j < m->kbins[t]; j++) {
            if (glp_mip_col_val(lp, (int)(m->ybase[t] + j)) < 0.5)
                continue;
            long b = bp_pack_open(cand, t);
            if (b < 0) {
                rc = cf_error_set(err, CF_ERR_INTERNAL, "binpack", 0, NULL, "out of memory");
                goto done;
            }
            for (size_t i = 0; i < n; i++)
                if (j < as_count(m, i, t) && glp_mip_col_val(lp, m->xcol[i * T + t] + (int)j) > 0.5)
                    cand->item_bin[i] = b;
        }
    if (bp_pack_tidy(c, cand) != 0) {
        rc = cf_error_set(err, CF_ERR_INTERNAL, "binpack", 0, NULL, "out of memory");
        goto done;
    }
    cf_cents_t cost = bp_pack_cost(c, cand);
    if (cost < m->inc_cost && bp_pack_check(c, cand) == 0) {
        if (bp_pack_copy(m->inc, cand, n) != 0) {
            rc = cf_error_set(err, CF_ERR_INTERNAL, "binpack", 0, NULL, "out of memory");
            goto done;
        }
        m->inc_cost = cost;
    }
done:
    glp_delete_prob(lp);
    return rc;
}

static int as_glpk(struct as *m, struct bp_pack *cand, struct cf_error *err)
{
    struct cf_glpk_guard guard;
    cf_glpk_guard_begin(&guard, m->c->log, m->c->log_ctx);
    if (setjmp(guard.jump))
        return cf_error_set(err, CF_ERR_INTERNAL, "binpack", 0, NULL, "GLPK failed (assignment)");
    int rc = as_model(m, &guard, cand, err);
    cf_glpk_guard_end(&guard);
    return rc;
}

int bp_assign_solve(const struct bp_ctx *c, struct bp_pack *inc, double *lb, int *applicable,
                    struct cf_error *err)
{
    struct as m = {0};
    struct bp_pack cand = {0};
    int rc = CF_OK;
    *applicable = 0;
    if (c->p->ntypes == 0)
        return CF_OK;
    m.c = c;
    m.inc = inc;
    m.inc_cost = bp_pack_cost(c, inc);
    m.lb = *lb;
    int laid = as_layout(&m);
    if (laid != 0) {
        as_free(&m);
        return laid > 0 ? CF_OK : cf_error_set(err, CF_ERR_INTERNAL, "binpack", 0, NULL, "out of memory");
    }
    *applicable = 1;
    size_t ybins = 0;
    for (size_t t = 0; t < c->p->ntypes; t++)
        ybins += m.kbins[t];
    /* nonzeros: item rows (x, l), two capacity rows (x, y), links (2 per x), order */
    m.nz_cap = (size_t)m.nx * 5 + c->p->nitems + 4 * ybins + 1;
    m.x = malloc(((size_t)m.ncols + 1) * sizeof *m.x);
    m.ia = malloc(m.nz_cap * sizeof *m.ia);
    m.ja = malloc(m.nz_cap * sizeof *m.ja);
    m.ar = malloc(m.nz_cap * sizeof *m.ar);
    if (!m.x || !m.ia || !m.ja || !m.ar || bp_pack_init(&cand, c->p->nitems) != 0) {
        rc = cf_error_set(err, CF_ERR_INTERNAL, "binpack", 0, NULL, "out of memory");
        goto done;
    }
    rc = as_glpk(&m, &cand, err);
    *lb = m.lb;
done:
    bp_pack_free(&cand);
    as_free(&m);
    return rc;
}
