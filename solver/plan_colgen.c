/* plan_colgen.c — a lane's Dantzig-Wolfe bound, and a plan from its columns
 * (plan_internal.h, pl_colgen).
 *
 * The master problem covers every item by a container or its loose charge:
 *     min  sum_p cost_p x_p + sum_i loose_i y_i
 *     s.t. sum_{p holds i} x_p + y_i >= 1      for every item i
 * where a column p is ONE container of class k on departure d holding a set
 * of items that may ride (k, d) and fit its volume and its weight, priced at
 * the class's cheapest row (any tier: no dearer than what a plan pays). Every
 * plan is a 0-1 point of it, so its LP value is a lower bound; unlike the
 * aggregate-capacity MIP it knows that items are whole and boxes separate,
 * which is where that bound is weak (items large beside the box, departures
 * of a few items). Columns are priced out per (class, departure) by a 0-1
 * knapsack in two dimensions, solved exactly by depth-first branch and bound
 * with a node cap. With the LP's prices pi, every pricing answer gives a
 * bound (Farley 1990): theta x sum_i pi_i, theta = min(1, cost_b / U_b) over
 * the buckets b, U_b an upper bound on the knapsack's value (its exact value
 * when the search finished). The plan: the columns' master as a 0-1 program
 * (GLPK's branch and cut from the best plan's containers, given as its
 * first incumbent), read back as each item's (class, departure). */
#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solver/glpk_env.h"
#include "solver/plan_internal.h"

/* branch-and-bound nodes per pricing knapsack before its fractional bound
   stands in for the exact value */
#define CG_KNAP_NODES 4000
/* share of the budget for the LP (the rest for the 0-1 master) */
#define CG_LP_SHARE 0.6
/* a column is added when it saves more than this many cents */
#define CG_RC_EPS 0.5
/* columns priced per departure and round: each from the items the ones
   before it left */
#define CG_COLS_PER_BUCKET 6
/* weight of the best bound's prices in the pricing point (Wentges) */
#define CG_SMOOTH 0.5

struct cg_entry {
    size_t item;
    size_t option; /* index into the item's options */
    double v, w;   /* shares of the container's volume and weight */
};

struct cg_bucket {
    size_t cls;
    cf_date_t day;
    double cost; /* cents: the class's cheapest row, tiers included */
    size_t first, count;
};

/* a container column: its bucket and items (into the item pool) */
struct cg_col {
    size_t bucket;
    size_t first, count;
};

struct cg {
    const struct pl_lane *lane;
    struct cg_bucket *bs;
    size_t nb;
    struct cg_entry *es;
    size_t ne;
    struct cg_col *cols; /* GLPK column j > nloose is cols[j - nloose - 1] */
    size_t ncols, capcols;
    size_t *pool;
    size_t npool, cappool;
    int nloose;          /* GLPK columns 1..nloose are loose charges */
    size_t *loose_item;  /* [j - 1]: the item of loose column j */
    /* knapsack scratch */
    struct cg_cand *cand;
    unsigned char *take, *best_take;
    size_t *added_items;
};

struct cg_cand {
    double value, v, w, ratio;
    size_t entry;
};

static int cand_cmp(const void *a, const void *b)
{
    const struct cg_cand *x = a, *y = b;
    if (x->ratio != y->ratio)
        return x->ratio > y->ratio ? -1 : 1;
    return (x->entry > y->entry) - (x->entry < y->entry);
}

static int entry_cmp(const void *a, const void *b, const struct pl_lane *lane)
{
    const struct cg_entry *x = a, *y = b;
    const struct pl_option *ox = &lane->items[x->item].options[x->option];
    const struct pl_option *oy = &lane->items[y->item].options[y->option];
    if (ox->cls != oy->cls)
        return ox->cls < oy->cls ? -1 : 1;
    if (ox->day != oy->day)
        return ox->day < oy->day ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}

/* qsort has no context: the lane being sorted, per thread */
static _Thread_local const struct pl_lane *tls_lane;

static int entry_cmp_tls(const void *a, const void *b)
{
    return entry_cmp(a, b, tls_lane);
}

/* --- pricing: max sum value of items fitting both capacities (1 each) --- */

struct knap {
    const struct cg_cand *c;
    size_t n;
    unsigned char *take, *best_take;
    double best;
    long nodes;
    int exhausted; /* the node cap stopped the search */
};

/* The fractional bound of items from j on (in ratio order, whole when they
   fit alone) under the combined capacity (v + w) / 2 <= room. */
static double frac_bound(const struct knap *k, size_t j, double used_v, double used_w)
{
    double room = 1.0 + PL_FEAS_TOL - (used_v + used_w) / 2.0;
    double val = 0.0;
    for (size_t q = j; q < k->n && room > 0; q++) {
        const struct cg_cand *x = &k->c[q];
        if (used_v + x->v > 1.0 + PL_FEAS_TOL || used_w + x->w > 1.0 + PL_FEAS_TOL)
            continue;
        double s = (x->v + x->w) / 2.0;
        if (s <= room) {
            room -= s;
            val += x->value;
        } else {
            val += x->value * room / s;
            room = 0;
        }
    }
    return val;
}

static void knap_dfs(struct knap *k, size_t j, double used_v, double used_w, double val)
{
    if (val > k->best) {
        k->best = val;
        memcpy(k->best_take, k->take, k->n);
    }
    if (j >= k->n)
        return;
    if (++k->nodes > CG_KNAP_NODES) {
        k->exhausted = 1;
        return;
    }
    if (val + frac_bound(k, j, used_v, used_w) <= k->best + 1e-9)
        return;
    const struct cg_cand *x = &k->c[j];
    if (used_v + x->v <= 1.0 + PL_FEAS_TOL && used_w + x->w <= 1.0 + PL_FEAS_TOL) {
        k->take[j] = 1;
        knap_dfs(k, j + 1, used_v + x->v, used_w + x->w, val + x->value);
        k->take[j] = 0;
    }
    if (k->exhausted)
        return;
    knap_dfs(k, j + 1, used_v, used_w, val);
}

/* Price bucket b at duals pi (cents): fills take[] over cand (the best set
   found) and returns its value; *upper receives an upper bound on the
   knapsack's value. */
static double price_bucket(struct cg *g, size_t b, const double *pi, size_t *ncand, double *upper)
{
    const struct cg_bucket *bk = &g->bs[b];
    size_t n = 0;
    for (size_t e = bk->first; e < bk->first + bk->count; e++) {
        double p = pi[g->es[e].item];
        if (p <= 1e-9)
            continue;
        struct cg_cand *x = &g->cand[n++];
        x->value = p;
        x->v = g->es[e].v;
        x->w = g->es[e].w;
        x->ratio = p / ((x->v + x->w) / 2.0 + 1e-12);
        x->entry = e;
    }
    *ncand = n;
    if (n == 0) {
        *upper = 0.0;
        return 0.0;
    }
    qsort(g->cand, n, sizeof *g->cand, cand_cmp);
    struct knap k = {g->cand, n, g->take, g->best_take, 0.0, 0, 0};
    memset(g->take, 0, n);
    memset(g->best_take, 0, n);
    double root = frac_bound(&k, 0, 0.0, 0.0);
    knap_dfs(&k, 0, 0.0, 0.0, 0.0);
    *upper = k.exhausted ? (root > k.best ? root : k.best) : k.best;
    return k.best;
}

/* --- the master --- */

static int pool_add(struct cg *g, size_t item)
{
    if (g->npool == g->cappool) {
        size_t cap = g->cappool ? 2 * g->cappool : 1024;
        size_t *p = realloc(g->pool, cap * sizeof *p);
        if (p == NULL)
            return -1;
        g->pool = p;
        g->cappool = cap;
    }
    g->pool[g->npool++] = item;
    return 0;
}

/* Append a container column of bucket b holding items[0..n) (all riding b). */
static int add_column(struct cg *g, glp_prob *lp, size_t b, const size_t *items, size_t n, int *ind,
                      double *val)
{
    if (g->ncols == g->capcols) {
        size_t cap = g->capcols ? 2 * g->capcols : 1024;
        struct cg_col *p = realloc(g->cols, cap * sizeof *p);
        if (p == NULL)
            return -1;
        g->cols = p;
        g->capcols = cap;
    }
    struct cg_col *c = &g->cols[g->ncols++];
    c->bucket = b;
    c->first = g->npool;
    c->count = n;
    for (size_t q = 0; q < n; q++) {
        if (pool_add(g, items[q]) != 0)
            return -1;
        ind[q + 1] = (int)items[q] + 1;
        val[q + 1] = 1.0;
    }
    int j = glp_add_cols(lp, 1);
    glp_set_col_bnds(lp, j, GLP_LO, 0.0, 0.0);
    glp_set_obj_coef(lp, j, g->bs[b].cost / 100.0);
    glp_set_mat_col(lp, j, (int)n, ind, val);
    return 0;
}

static long bucket_of(const struct cg *g, size_t cls, cf_date_t day)
{
    size_t lo = 0, hi = g->nb;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const struct cg_bucket *x = &g->bs[mid];
        if (x->cls < cls || (x->cls == cls && x->day < day))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < g->nb && g->bs[lo].cls == cls && g->bs[lo].day == day ? (long)lo : -1;
}

/* The start's containers as columns: per (class, departure) of the choice,
   first-fit decreasing. Items without an option in c get a container of
   their own on their first option when they cannot go loose. */
static int start_columns(struct cg *g, glp_prob *lp, const struct pl_choice *c, int *ind, double *val)
{
    const struct pl_lane *lane = g->lane;
    size_t n = lane->nitems;
    struct pl_fit_entry *fe = calloc(n ? n : 1, sizeof *fe);
    double *bv = calloc(n ? n : 1, sizeof *bv), *bw = calloc(n ? n : 1, sizeof *bw);
    size_t *box = calloc(n ? n : 1, sizeof *box), *members = calloc(n ? n : 1, sizeof *members);
    int rc = -1;
    if (fe == NULL || bv == NULL || bw == NULL || box == NULL || members == NULL)
        goto done;
    size_t nf = 0;
    for (size_t i = 0; i < n; i++) {
        const struct pl_item *it = &lane->items[i];
        long o = c->option[i];
        if (o < 0 && it->loose_cost >= 0)
            continue;
        if (o < 0)
            o = 0; /* no start and no loose charge: alone on its first option */
        const struct pl_class *k = &lane->classes[it->options[o].cls];
        fe[nf].cls = it->options[o].cls;
        fe[nf].day = it->options[o].day;
        double sv = it->volume_m3 / k->cap_volume_m3, sw = it->weight_kg / k->cap_weight_kg;
        fe[nf].size = sv > sw ? sv : sw;
        fe[nf].item = i;
        nf++;
    }
    qsort(fe, nf, sizeof *fe, pl_fit_entry_cmp);
    for (size_t a = 0; a < nf;) {
        size_t e = a;
        while (e < nf && fe[e].cls == fe[a].cls && fe[e].day == fe[a].day)
            e++;
        const struct pl_class *k = &lane->classes[fe[a].cls];
        long b = bucket_of(g, fe[a].cls, fe[a].day);
        size_t nbox = 0;
        for (size_t q = a; q < e; q++) {
            const struct pl_item *it = &lane->items[fe[q].item];
            size_t x = 0;
            while (x < nbox && (bv[x] + it->volume_m3 > k->cap_volume_m3 * (1 + PL_FEAS_TOL) ||
                                bw[x] + it->weight_kg > k->cap_weight_kg * (1 + PL_FEAS_TOL)))
                x++;
            if (x == nbox)
                bv[nbox] = bw[nbox] = 0, nbox++;
            bv[x] += it->volume_m3;
            bw[x] += it->weight_kg;
            box[q] = x;
        }
        for (size_t x = 0; x < nbox; x++) {
            size_t m = 0;
            for (size_t q = a; q < e; q++)
                if (box[q] == x)
                    members[m++] = fe[q].item;
            if (add_column(g, lp, (size_t)b, members, m, ind, val) != 0)
                goto done;
        }
        a = e;
    }
    rc = 0;
done:
    free(members);
    free(box);
    free(bw);
    free(bv);
    free(fe);
    return rc;
}

struct cg_heur {
    const double *x; /* the start as a 0-1 point, [1..ncols] */
    int given;
};

static void on_tree(glp_tree *tree, void *info)
{
    struct cg_heur *h = info;
    if (glp_ios_reason(tree) == GLP_IHEUR && !h->given) {
        h->given = 1;
        glp_ios_heur_sol(tree, h->x);
    }
}

/* The 0-1 master over the columns generated: writes the answer into c when
   GLPK finds a plan. Returns 0, -1 on OOM. */
static int solve_binary(struct cg *g, glp_prob *lp, size_t nstart, struct pl_choice *c, double seconds,
                        const struct cf_glpk_guard *guard)
{
    const struct pl_lane *lane = g->lane;
    int ncols = glp_get_num_cols(lp);
    double *x = calloc((size_t)ncols + 1, sizeof *x);
    if (x == NULL)
        return -1;
    /* the start: its containers (the first nstart columns after the loose ones)
       and the loose charges of the items they leave out */
    unsigned char *covered = calloc(lane->nitems ? lane->nitems : 1, 1);
    if (covered == NULL) {
        free(x);
        return -1;
    }
    for (size_t q = 0; q < nstart; q++) {
        x[g->nloose + 1 + (int)q] = 1.0;
        for (size_t e = 0; e < g->cols[q].count; e++)
            covered[g->pool[g->cols[q].first + e]] = 1;
    }
    for (int j = 1; j <= g->nloose; j++)
        x[j] = covered[g->loose_item[j - 1]] ? 0.0 : 1.0;
    free(covered);
    for (int j = 1; j <= ncols; j++)
        glp_set_col_kind(lp, j, GLP_BV);
    /* the bounds changed: the branch and cut starts from an optimal basis */
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.tm_lim = cf_glpk_time_limit_ms(seconds);
    double t0 = pl_now_s();
    if (glp_simplex(lp, &sp) != 0 || glp_get_status(lp) != GLP_OPT) {
        free(x);
        return 0;
    }
    seconds -= pl_now_s() - t0;
    struct cg_heur h = {x, 0};
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = cf_glpk_msg_level(guard) == GLP_MSG_OFF ? GLP_MSG_OFF : GLP_MSG_ERR;
    parm.presolve = GLP_OFF;
    parm.tm_lim = cf_glpk_time_limit_ms(seconds);
    parm.cb_func = on_tree;
    parm.cb_info = &h;
    int st = glp_intopt(lp, &parm);
    int ms = glp_mip_status(lp);
    if ((st == 0 || st == GLP_ETMLIM || st == GLP_EMIPGAP) && (ms == GLP_OPT || ms == GLP_FEAS)) {
        for (size_t i = 0; i < lane->nitems; i++)
            c->option[i] = -1;
        for (size_t q = 0; q < g->ncols; q++) {
            if (glp_mip_col_val(lp, g->nloose + 1 + (int)q) < 0.5)
                continue;
            const struct cg_bucket *bk = &g->bs[g->cols[q].bucket];
            for (size_t e = 0; e < g->cols[q].count; e++) {
                size_t i = g->pool[g->cols[q].first + e];
                if (c->option[i] >= 0)
                    continue; /* covered twice: one container is enough */
                const struct pl_item *it = &lane->items[i];
                for (size_t o = 0; o < it->noptions; o++)
                    if (it->options[o].cls == bk->cls && it->options[o].day == bk->day) {
                        c->option[i] = (long)o;
                        break;
                    }
            }
        }
    }
    free(x);
    return 0;
}

static int build(struct cg *g)
{
    const struct pl_lane *lane = g->lane;
    size_t ne = 0;
    for (size_t i = 0; i < lane->nitems; i++)
        ne += lane->items[i].noptions;
    g->es = calloc(ne ? ne : 1, sizeof *g->es);
    g->bs = calloc(ne ? ne : 1, sizeof *g->bs);
    g->cand = calloc(ne ? ne : 1, sizeof *g->cand);
    g->take = calloc(ne ? ne : 1, 1);
    g->best_take = calloc(ne ? ne : 1, 1);
    g->added_items = calloc(lane->nitems ? lane->nitems : 1, sizeof *g->added_items);
    g->loose_item = calloc(lane->nitems ? lane->nitems : 1, sizeof *g->loose_item);
    if (g->es == NULL || g->bs == NULL || g->cand == NULL || g->take == NULL || g->best_take == NULL ||
        g->added_items == NULL || g->loose_item == NULL)
        return -1;
    for (size_t i = 0; i < lane->nitems; i++)
        for (size_t o = 0; o < lane->items[i].noptions; o++) {
            const struct pl_class *k = &lane->classes[lane->items[i].options[o].cls];
            struct cg_entry *x = &g->es[g->ne++];
            x->item = i;
            x->option = o;
            x->v = lane->items[i].volume_m3 / k->cap_volume_m3;
            x->w = lane->items[i].weight_kg / k->cap_weight_kg;
        }
    tls_lane = lane;
    qsort(g->es, g->ne, sizeof *g->es, entry_cmp_tls);
    for (size_t e = 0; e < g->ne;) {
        const struct pl_option *o = &lane->items[g->es[e].item].options[g->es[e].option];
        size_t f = e;
        while (f < g->ne) {
            const struct pl_option *p = &lane->items[g->es[f].item].options[g->es[f].option];
            if (p->cls != o->cls || p->day != o->day)
                break;
            f++;
        }
        struct cg_bucket *b = &g->bs[g->nb++];
        b->cls = o->cls;
        b->day = o->day;
        b->first = e;
        b->count = f - e;
        const struct pl_class *k = &lane->classes[o->cls];
        double cheapest = INFINITY;
        for (size_t r = 0; r < k->nrows; r++)
            if ((double)k->rows[r].cost < cheapest)
                cheapest = (double)k->rows[r].cost;
        b->cost = cheapest;
        e = f;
    }
    return 0;
}

static void cg_free(struct cg *g)
{
    free(g->es);
    free(g->bs);
    free(g->cand);
    free(g->take);
    free(g->best_take);
    free(g->added_items);
    free(g->loose_item);
    free(g->cols);
    free(g->pool);
}

static int colgen(struct cg *g, glp_prob *lp, struct pl_choice *c, double time_limit_s, double *bound_cents,
                  int *iterations, int *converged, const struct cf_glpk_guard *guard,
                  void (*log)(void *ctx, const char *line), void *log_ctx)
{
    const struct pl_lane *lane = g->lane;
    double t0 = pl_now_s();
    double lp_end = t0 + time_limit_s * CG_LP_SHARE, end = t0 + time_limit_s;
    size_t n = lane->nitems;
    int rc = -1;
    int *ind = calloc(n + 2, sizeof *ind);
    double *val = calloc(n + 2, sizeof *val), *pi = calloc(n ? n : 1, sizeof *pi);
    double *pp = calloc(n ? n : 1, sizeof *pp), *center = calloc(n ? n : 1, sizeof *center);
    double *hidden = calloc(n ? n : 1, sizeof *hidden);
    if (ind == NULL || val == NULL || pi == NULL || pp == NULL || center == NULL || hidden == NULL)
        goto done;
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_rows(lp, (int)n);
    for (size_t i = 0; i < n; i++)
        glp_set_row_bnds(lp, (int)i + 1, GLP_LO, 1.0, 0.0);
    for (size_t i = 0; i < n; i++) {
        if (lane->items[i].loose_cost < 0)
            continue;
        int j = glp_add_cols(lp, 1);
        glp_set_col_bnds(lp, j, GLP_LO, 0.0, 0.0);
        glp_set_obj_coef(lp, j, (double)lane->items[i].loose_cost / 100.0);
        ind[1] = (int)i + 1;
        val[1] = 1.0;
        glp_set_mat_col(lp, j, 1, ind, val);
        g->loose_item[g->nloose++] = i;
    }
    if (start_columns(g, lp, c, ind, val) != 0)
        goto done;
    size_t nstart = g->ncols;

    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.presolve = GLP_OFF;
    *iterations = 0;
    *converged = 0;
    int lp_ok = 0;
    double alpha = CG_SMOOTH;
    int have_center = 0;
    double t_lp = 0.0, t_price = 0.0;
    while (pl_now_s() < lp_end) {
        double ts = pl_now_s();
        sp.tm_lim = cf_glpk_time_limit_ms(lp_end - pl_now_s());
        int st = glp_simplex(lp, &sp);
        t_lp += pl_now_s() - ts;
        if (st != 0 || glp_get_status(lp) != GLP_OPT) {
            lp_ok = 0;
            break;
        }
        lp_ok = 1;
        (*iterations)++;
        for (size_t i = 0; i < n; i++) {
            pi[i] = glp_get_row_dual(lp, (int)i + 1) * 100.0; /* cents */
            if (pi[i] < 0)
                pi[i] = 0;
        }
        /* the LP's prices satisfy its loose columns (pi_i <= loose_i) up to
           GLPK's tolerance: clip so that the bound stays valid */
        for (int j = 1; j <= g->nloose; j++) {
            size_t i = g->loose_item[j - 1];
            if (pi[i] > (double)lane->items[i].loose_cost)
                pi[i] = (double)lane->items[i].loose_cost;
        }
        /* Wentges smoothing: price at a point between the best bound's prices
           and the LP's, which tames the prices' swings; every point gives a bound */
        double a = have_center ? alpha : 0.0;
        double sum_p = 0.0;
        for (size_t i = 0; i < n; i++) {
            pp[i] = a * center[i] + (1.0 - a) * pi[i];
            sum_p += pp[i];
        }
        ts = pl_now_s();
        double theta = 1.0;
        int added = 0, complete = 1;
        for (size_t b = 0; b < g->nb; b++) {
            if (pl_now_s() >= lp_end) {
                complete = 0;
                break;
            }
            for (int round = 0; round < CG_COLS_PER_BUCKET; round++) {
                size_t nc = 0;
                double upper = 0.0;
                double best = price_bucket(g, b, pp, &nc, &upper);
                if (round == 0 && upper > g->bs[b].cost && g->bs[b].cost / upper < theta)
                    theta = g->bs[b].cost / upper;
                if (best <= g->bs[b].cost + CG_RC_EPS)
                    break;
                size_t m = 0;
                double at_lp = 0.0; /* the set's value at the LP's own prices */
                for (size_t q = 0; q < nc; q++)
                    if (g->best_take[q]) {
                        g->added_items[m++] = g->es[g->cand[q].entry].item;
                        at_lp += pi[g->es[g->cand[q].entry].item];
                    }
                if (at_lp > g->bs[b].cost + CG_RC_EPS) {
                    /* it lowers the LP: a smoothed point may find sets that do not */
                    if (add_column(g, lp, b, g->added_items, m, ind, val) != 0)
                        goto done;
                    added++;
                }
                /* the next column of this departure from the items left */
                for (size_t q = 0; q < m; q++)
                    hidden[g->added_items[q]] = pp[g->added_items[q]], pp[g->added_items[q]] = 0.0;
            }
            for (size_t e = g->bs[b].first; e < g->bs[b].first + g->bs[b].count; e++) {
                size_t i = g->es[e].item;
                if (hidden[i] > 0)
                    pp[i] = hidden[i], hidden[i] = 0.0;
            }
        }
        t_price += pl_now_s() - ts;
        if (getenv("CG_DEBUG") && log != NULL) {
            char line[200];
            snprintf(line, sizeof line, "cg round %d: LP %.2f, a %.2f, sum_p %.2f, theta %.4f, added %d",
                     *iterations, glp_get_obj_val(lp), a, sum_p / 100.0, theta, added);
            log(log_ctx, line);
        }
        if (complete) {
            double lb = theta * sum_p * (1.0 - 1e-9);
            if (lb > *bound_cents) {
                *bound_cents = lb;
                memcpy(center, pp, n * sizeof *center);
                have_center = 1;
            }
        }
        if (added == 0) {
            if (a > 0.0) {
                have_center = 0; /* mispriced: the next round prices at the LP's own prices */
                (*iterations)--;
                continue;
            }
            *converged = complete && theta >= 1.0;
            break;
        }
    }
    if (log != NULL) {
        char line[200];
        snprintf(line, sizeof line, "plan: column generation: %zu columns, LP %.2f s, pricing %.2f s",
                 g->ncols, t_lp, t_price);
        log(log_ctx, line);
    }
    /* the 0-1 master needs an optimal basis to start from */
    if (!lp_ok || glp_get_status(lp) != GLP_OPT) {
        sp.tm_lim = cf_glpk_time_limit_ms(end - pl_now_s());
        if (glp_simplex(lp, &sp) != 0 || glp_get_status(lp) != GLP_OPT) {
            rc = 0;
            goto done;
        }
    }
    if (end - pl_now_s() > 0.005 && solve_binary(g, lp, nstart, c, end - pl_now_s(), guard) != 0)
        goto done;
    rc = 0;
done:
    free(hidden);
    free(center);
    free(pp);
    free(pi);
    free(val);
    free(ind);
    return rc;
}

int pl_colgen(const struct pl_lane *lane, struct pl_choice *c, double time_limit_s,
              void (*log)(void *ctx, const char *line), void *log_ctx, double *bound_cents, int *iterations,
              int *converged, struct cf_error *err)
{
    struct cg g;
    memset(&g, 0, sizeof g);
    g.lane = lane;
    *bound_cents = 0.0;
    *iterations = 0;
    *converged = 0;
    if (build(&g) != 0) {
        cg_free(&g);
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    }
    struct cf_glpk_guard guard;
    glp_prob *volatile lp = NULL;
    cf_glpk_guard_begin(&guard, log, log_ctx);
    if (setjmp(guard.jump)) {
        cg_free(&g);
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "GLPK failed on lane %s-%s", lane->origin,
                            lane->destination);
    }
    lp = glp_create_prob();
    int rc = colgen(&g, lp, c, time_limit_s, bound_cents, iterations, converged, &guard, log, log_ctx);
    glp_delete_prob(lp);
    cf_glpk_guard_end(&guard);
    cg_free(&g);
    if (rc != 0)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    return CF_OK;
}
