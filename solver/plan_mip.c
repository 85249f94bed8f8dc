/* plan_mip.c — one lane's consolidation MIP (GLPK): every item loose or on
 * one (class, departure) option, integer container counts per (class,
 * departure, rate row) under AGGREGATE volume and weight capacity, one binary
 * per tier row (min_teu on the lane's TEU). Aggregate capacity relaxes
 * packing, so the best bound of this MIP is a lower bound on the plan. */
#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solver/glpk_env.h"
#include "solver/plan_internal.h"

int pl_choice_init(struct pl_choice *c, const struct pl_lane *lane)
{
    memset(c, 0, sizeof *c);
    c->option = calloc(lane->nitems ? lane->nitems : 1, sizeof *c->option);
    c->tier_on = calloc(lane->nclasses ? lane->nclasses : 1, sizeof *c->tier_on);
    c->item_dual = calloc(lane->nitems ? lane->nitems : 1, sizeof *c->item_dual);
    for (size_t i = 0; i < lane->nitems; i++)
        c->nsched += lane->items[i].noptions;
    c->sched = calloc(c->nsched ? c->nsched : 1, sizeof *c->sched);
    c->bin = malloc((lane->nitems ? lane->nitems : 1) * sizeof *c->bin);
    if (c->option == NULL || c->tier_on == NULL || c->item_dual == NULL || c->sched == NULL || c->bin == NULL)
        return -1;
    for (size_t i = 0; i < lane->nitems; i++)
        c->bin[i] = -1;
    for (size_t k = 0; k < lane->nclasses; k++) {
        c->tier_on[k] = calloc(lane->classes[k].nrows ? lane->classes[k].nrows : 1, 1);
        if (c->tier_on[k] == NULL)
            return -1;
    }
    return 0;
}

void pl_choice_free(struct pl_choice *c, const struct pl_lane *lane)
{
    if (c->tier_on != NULL) {
        for (size_t k = 0; k < lane->nclasses; k++)
            free(c->tier_on[k]);
    }
    free(c->tier_on);
    free(c->item_dual);
    free(c->sched);
    free(c->bin);
    free(c->option);
    memset(c, 0, sizeof *c);
}

const struct pl_row *pl_class_price(const struct pl_class *k, const unsigned char *tier_on)
{
    const struct pl_row *best = NULL;
    for (size_t r = 0; r < k->nrows; r++) {
        const struct pl_row *row = &k->rows[r];
        if (row->min_teu > 0 && (tier_on == NULL || !tier_on[r]))
            continue;
        if (best == NULL || row->cost < best->cost)
            best = row;
    }
    return best;
}

double pl_tier_need(const struct pl_lane *lane, unsigned char *const *tier_on)
{
    double need = 0.0;
    for (size_t k = 0; k < lane->nclasses; k++)
        for (size_t r = 0; r < lane->classes[k].nrows; r++)
            if (tier_on[k][r] && lane->classes[k].rows[r].min_teu > need)
                need = lane->classes[k].rows[r].min_teu;
    return need;
}

void pl_tiers_close(const struct pl_lane *lane, unsigned char **tier_on)
{
    double asked = pl_tier_need(lane, tier_on);
    for (size_t k = 0; k < lane->nclasses; k++)
        for (size_t r = 0; r < lane->classes[k].nrows; r++)
            if (lane->classes[k].rows[r].min_teu > 0 && lane->classes[k].rows[r].min_teu <= asked)
                tier_on[k][r] = 1;
}

/* --- buckets: the distinct (class, departure) pairs of a lane --- */

struct bucket {
    size_t cls;
    cf_date_t day;
    size_t nitems;   /* items with an option on it */
    int ncol;        /* first N column (one per row of the class) */
};

static int bucket_cmp(const void *a, const void *b)
{
    const struct bucket *x = a, *y = b;
    if (x->cls != y->cls)
        return x->cls < y->cls ? -1 : 1;
    return (x->day > y->day) - (x->day < y->day);
}

static long bucket_find(const struct bucket *bs, size_t n, size_t cls, cf_date_t day)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (bs[mid].cls < cls || (bs[mid].cls == cls && bs[mid].day < day))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < n && bs[lo].cls == cls && bs[lo].day == day)
        return (long)lo;
    return -1;
}

/* --- the model --- */

/* the branch-and-bound runs only with at least this many times the first
   LP's time left */
#define PL_INTOPT_MIN_SHARE 1.0

/* GLPK's Gomory cuts only on an LP of at most this many rows: each cut is a
   row of the simplex tableau, and the root's rounds of them cannot be
   interrupted. On the 40-firm year's road lane (about 5,500 rows once our
   cuts are in) they held the root for 4 s past its time limit and left the
   schedule search nothing: at --time-limit 30 the lane's plan was 129,212
   instead of 125,872 (bench/bench_plan.sh, LANES=1). */
#define PL_GMI_MAX_ROWS 3000

/* a MIP optimum this close to whole cents is that sum of whole cents: the
   exact model's costs are cents and its columns integers, so only the
   floating-point sum strays, by far less */
#define PL_WHOLE_CENT_TOL 1e-6

double pl_bound_up(double cents)
{
    return ceil(cents - 1e-6 * (1.0 + fabs(cents)));
}

int pl_trip_add(struct pl_triplets *t, int row, int col, double v)
{
    if (t->n + 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1024;
        int *ia = realloc(t->ia, cap * sizeof *ia);
        if (ia == NULL)
            return -1;
        t->ia = ia;
        int *ja = realloc(t->ja, cap * sizeof *ja);
        if (ja == NULL)
            return -1;
        t->ja = ja;
        double *ar = realloc(t->ar, cap * sizeof *ar);
        if (ar == NULL)
            return -1;
        t->ar = ar;
        t->cap = cap;
    }
    t->n++; /* GLPK's arrays are 1-based */
    t->ia[t->n] = row;
    t->ja[t->n] = col;
    t->ar[t->n] = v;
    return 0;
}

void pl_trip_free(struct pl_triplets *t)
{
    free(t->ia);
    free(t->ja);
    free(t->ar);
    memset(t, 0, sizeof *t);
}

struct cb_ctx {
    const double *start; /* start[1..ncols], or NULL */
    int start_given;
    double bound;        /* best bound seen, cents */
    double deadline;     /* cf_now_s() time: stop the search past it */
    struct cf_glpk_tally tally;         /* the work clock's charges */
};

static void on_tree(glp_tree *tree, void *info)
{
    struct cb_ctx *cb = info;
    int node = glp_ios_best_node(tree);
    if (node != 0) {
        double b = glp_ios_node_bound(tree, node);
        if (isfinite(b) && b > cb->bound)
            cb->bound = b;
    }
    if (glp_ios_reason(tree) == GLP_IHEUR && cb->start != NULL && !cb->start_given) {
        cb->start_given = 1;
        glp_ios_heur_sol(tree, cb->start);
    }
    /* tm_lim is checked between nodes only; the root's own cut rounds on a
       big LP can run far past it, leaving nothing to the search after */
    cf_glpk_tree_charge(tree, &cb->tally);
    if (cf_now_s() > cb->deadline)
        glp_ios_terminate(tree);
}

/* Container counts of an assignment under aggregate capacity: the start point
 * handed to GLPK. Fills x[1..ncols]; returns 0, -1 when infeasible (an item
 * without an option) so no start is given. */
static int start_point(const struct pl_lane *lane, const struct pl_choice *c, const struct bucket *bs,
                       size_t nb, const int *lcol, const int *ycol, const int *zcol, const int *zbase,
                       double *x, int ncols)
{
    for (int j = 1; j <= ncols; j++)
        x[j] = 0.0;
    double *vol = calloc(nb ? nb : 1, sizeof *vol);
    double *wt = calloc(nb ? nb : 1, sizeof *wt);
    int rc = -1;
    if (vol == NULL || wt == NULL)
        goto done;
    for (size_t i = 0; i < lane->nitems; i++) {
        const struct pl_item *it = &lane->items[i];
        long o = c->option[i];
        if (o == -1) {
            if (lcol[i] == 0)
                goto done;
            x[lcol[i]] = 1.0;
        } else if (o >= 0 && (size_t)o < it->noptions) {
            x[ycol[i] + o] = 1.0;
            long b = bucket_find(bs, nb, it->options[o].cls, it->options[o].day);
            if (b < 0)
                goto done;
            vol[b] += it->volume_m3;
            wt[b] += it->weight_kg;
        } else {
            goto done;
        }
    }
    /* counts, then the lane's TEU, then the tiers it reaches */
    double teu = 0.0;
    for (size_t b = 0; b < nb; b++) {
        const struct pl_class *k = &lane->classes[bs[b].cls];
        if (vol[b] <= 0 && wt[b] <= 0)
            continue;
        double n = ceil(vol[b] / k->cap_volume_m3 - 1e-9);
        double nw = ceil(wt[b] / k->cap_weight_kg - 1e-9);
        if (nw > n)
            n = nw;
        if (n < 1)
            n = 1;
        vol[b] = n; /* reuse: count */
        teu += n * k->teu;
    }
    for (size_t b = 0; b < nb; b++) {
        if (wt[b] <= 0 && vol[b] <= 0)
            continue;
        const struct pl_class *k = &lane->classes[bs[b].cls];
        size_t best = k->nrows;
        for (size_t r = 0; r < k->nrows; r++) {
            if (k->rows[r].min_teu > teu + 1e-9)
                continue;
            if (best == k->nrows || k->rows[r].cost < k->rows[best].cost)
                best = r;
        }
        if (best == k->nrows)
            goto done;
        x[bs[b].ncol + (int)best] = vol[b];
        if (k->rows[best].min_teu > 0)
            x[zcol[zbase[bs[b].cls] + (int)best]] = 1.0;
    }
    rc = 0;
done:
    free(vol);
    free(wt);
    return rc;
}

struct mip {
    const struct pl_lane *lane;
    struct bucket *bs;
    size_t nb;
    int *lcol, *ycol, *zbase, *zcol;
    double *start;
    struct pl_triplets *t;
    int ncols, nz;
    double t0, time_limit_s;
    struct pl_choice *c;
    struct cf_error *err;
    int relaxed; /* 1: items continuous, a MIP over container counts only;
                    2: the same, its LP tightened by item-needs-a-container cuts */
    long *saved; /* nitems: the LP-rounded options */
};

/* A bound needing no LP: a container of price p holds items whose volume
 * and weight shares each add up to at most 1, so it costs at least
 * p x (sum of (v/V + w/W) / 2) over them; each item pays at least the least
 * of that share (cheapest row of any class it may ride, tiers included) and
 * its loose charge. Whole cents, rounded up. */
static double item_bound(const struct pl_lane *lane)
{
    double total = 0.0;
    for (size_t i = 0; i < lane->nitems; i++) {
        const struct pl_item *it = &lane->items[i];
        double best = it->loose_cost >= 0 ? (double)it->loose_cost : INFINITY;
        for (size_t o = 0; o < it->noptions; o++) {
            const struct pl_class *k = &lane->classes[it->options[o].cls];
            for (size_t r = 0; r < k->nrows; r++) {
                double v = (double)k->rows[r].cost *
                           (it->volume_m3 / k->cap_volume_m3 + it->weight_kg / k->cap_weight_kg) / 2.0;
                if (v < best)
                    best = v;
            }
        }
        if (isfinite(best))
            total += best;
    }
    return ceil(total - 1e-6 * (1.0 + total));
}

/* An item's choice: binary, or in the relaxed model a share in [0, 1]. */
static void set_item_kind(glp_prob *lp, int col, int relaxed)
{
    if (relaxed) {
        glp_set_col_kind(lp, col, GLP_CV);
        glp_set_col_bnds(lp, col, GLP_DB, 0.0, 1.0);
    } else {
        glp_set_col_kind(lp, col, GLP_BV);
    }
}

struct share {
    double value;
    long option; /* -1: loose */
};

static int share_cmp(const void *a, const void *b)
{
    const struct share *x = a, *y = b;
    if (x->value != y->value)
        return x->value > y->value ? -1 : 1;
    return (x->option > y->option) - (x->option < y->option);
}

static double col_val(glp_prob *lp, int col, int from_lp)
{
    return from_lp ? glp_get_col_prim(lp, col) : glp_mip_col_val(lp, col);
}

/* The containers the model opened per bucket (every row of its class),
 * rounded up: a schedule for pl_assign_schedule. */
static void save_sched(const struct mip *m, glp_prob *lp, int from_lp)
{
    for (size_t b = 0; b < m->nb && b < m->c->nsched; b++) {
        const struct pl_class *k = &m->lane->classes[m->bs[b].cls];
        double n = 0;
        for (size_t r = 0; r < k->nrows; r++)
            n += col_val(lp, m->bs[b].ncol + (int)r, from_lp);
        m->c->sched[b] = (long)ceil(n - 1e-6);
    }
    m->c->has_sched = 1;
}

/* Round the relaxed model's shares into whole items: each item, most certain
 * first, to its largest share whose containers still have room (aggregate
 * volume and weight of the counts the MIP opened), else to another departure
 * with room, else loose, else its largest share (packing then adds a box). */
static int round_shares(const struct mip *m, glp_prob *lp, int from_lp)
{
    const struct pl_lane *lane = m->lane;
    int rc = -1;
    double *room_v = calloc(m->nb ? m->nb : 1, sizeof *room_v);
    double *room_w = calloc(m->nb ? m->nb : 1, sizeof *room_w);
    struct share *order = calloc(lane->nitems ? lane->nitems : 1, sizeof *order);
    size_t maxopt = 1;
    for (size_t i = 0; i < lane->nitems; i++)
        if (lane->items[i].noptions + 1 > maxopt)
            maxopt = lane->items[i].noptions + 1;
    struct share *cand = calloc(maxopt, sizeof *cand);
    if (room_v == NULL || room_w == NULL || order == NULL || cand == NULL)
        goto done;
    for (size_t b = 0; b < m->nb; b++) {
        const struct pl_class *k = &lane->classes[m->bs[b].cls];
        double n = 0;
        for (size_t r = 0; r < k->nrows; r++)
            n += col_val(lp, m->bs[b].ncol + (int)r, from_lp);
        n = ceil(n - 1e-6);
        room_v[b] = n * k->cap_volume_m3 * (1 + PL_FEAS_TOL);
        room_w[b] = n * k->cap_weight_kg * (1 + PL_FEAS_TOL);
    }
    for (size_t i = 0; i < lane->nitems; i++) {
        const struct pl_item *it = &lane->items[i];
        double best = m->lcol[i] ? col_val(lp, m->lcol[i], from_lp) : 0.0;
        for (size_t o = 0; o < it->noptions; o++) {
            double y = col_val(lp, m->ycol[i] + (int)o, from_lp);
            if (y > best)
                best = y;
        }
        order[i].value = best;
        order[i].option = (long)i;
    }
    qsort(order, lane->nitems, sizeof *order, share_cmp);
    cf_clock_count(30.0 * (double)glp_get_num_cols(lp)); /* for the work clock */
    for (size_t q = 0; q < lane->nitems; q++) {
        size_t i = (size_t)order[q].option;
        const struct pl_item *it = &lane->items[i];
        size_t nc = 0;
        if (m->lcol[i]) {
            cand[nc].value = col_val(lp, m->lcol[i], from_lp);
            cand[nc++].option = -1;
        }
        for (size_t o = 0; o < it->noptions; o++) {
            cand[nc].value = col_val(lp, m->ycol[i] + (int)o, from_lp);
            cand[nc++].option = (long)o;
        }
        qsort(cand, nc, sizeof *cand, share_cmp);
        long pick = -3;
        for (size_t a = 0; pick == -3 && a < nc; a++) {
            if (cand[a].value <= 1e-6)
                break;
            if (cand[a].option == -1) {
                pick = -1;
                break;
            }
            const struct pl_option *op = &it->options[cand[a].option];
            long b = bucket_find(m->bs, m->nb, op->cls, op->day);
            if (room_v[b] >= it->volume_m3 && room_w[b] >= it->weight_kg)
                pick = cand[a].option;
        }
        for (size_t o = 0; pick == -3 && o < it->noptions; o++) {
            long b = bucket_find(m->bs, m->nb, it->options[o].cls, it->options[o].day);
            if (room_v[b] >= it->volume_m3 && room_w[b] >= it->weight_kg)
                pick = (long)o;
        }
        if (pick == -3 && m->lcol[i])
            pick = -1;
        if (pick == -3)
            pick = nc > 0 ? cand[0].option : -2;
        if (pick >= 0) {
            long b = bucket_find(m->bs, m->nb, it->options[pick].cls, it->options[pick].day);
            room_v[b] -= it->volume_m3;
            room_w[b] -= it->weight_kg;
        }
        m->c->option[i] = pick;
    }
    rc = 0;
done:
    free(cand);
    free(order);
    free(room_w);
    free(room_v);
    return rc;
}

/* The optimal LP's prices of the assignment rows (rows 1..nitems): a
 * starting point for the Lagrangian bound (plan_lagr.c). */
static void save_duals(const struct pl_lane *lane, glp_prob *lp, struct pl_choice *c)
{
    for (size_t i = 0; i < lane->nitems; i++)
        c->item_dual[i] = glp_get_row_dual(lp, (int)i + 1);
    c->has_dual = 1;
}

/* Build and solve the GLPK model of m in lp: runs inside the guard. */
static int mip_model(struct mip *m, glp_prob *lp, const struct cf_glpk_guard *guard_ptr)
{
    int rc = CF_ERR_INTERNAL;
    const struct pl_lane *lane = m->lane;
    struct bucket *bs = m->bs;
    size_t nb = m->nb;
    int *lcol = m->lcol, *ycol = m->ycol, *zbase = m->zbase, *zcol = m->zcol;
    double *start = m->start;
    struct pl_triplets *t = m->t;
    int ncols = m->ncols, nz = m->nz;
    double t0 = m->t0, time_limit_s = m->time_limit_s;
    struct pl_choice *c = m->c;
    struct cf_error *err = m->err;
    const struct cf_glpk_guard guard = *guard_ptr;

    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_cols(lp, ncols);
    for (size_t i = 0; i < lane->nitems; i++) {
        const struct pl_item *it = &lane->items[i];
        if (lcol[i]) {
            set_item_kind(lp, lcol[i], m->relaxed);
            glp_set_obj_coef(lp, lcol[i], (double)it->loose_cost);
        }
        for (size_t o = 0; o < it->noptions; o++)
            set_item_kind(lp, ycol[i] + (int)o, m->relaxed);
    }
    for (size_t b = 0; b < nb; b++) {
        const struct pl_class *k = &lane->classes[bs[b].cls];
        for (size_t r = 0; r < k->nrows; r++) {
            int j = bs[b].ncol + (int)r;
            glp_set_col_kind(lp, j, GLP_IV);
            glp_set_col_bnds(lp, j, GLP_DB, 0.0, (double)bs[b].nitems);
            glp_set_obj_coef(lp, j, (double)k->rows[r].cost);
        }
    }
    for (int z = 0; z < nz; z++)
        if (zcol[z])
            glp_set_col_kind(lp, zcol[z], GLP_BV);

    int nrows = 0;
    /* assignment: each item exactly once */
    for (size_t i = 0; i < lane->nitems; i++) {
        const struct pl_item *it = &lane->items[i];
        int row = ++nrows;
        if (lcol[i] && pl_trip_add(t, row, lcol[i], 1.0))
            goto oom_guard;
        for (size_t o = 0; o < it->noptions; o++)
            if (pl_trip_add(t, row, ycol[i] + (int)o, 1.0))
                goto oom_guard;
    }
    int first_cap = nrows + 1;
    /* aggregate capacity per bucket: volume, then weight */
    nrows += 2 * (int)nb;
    for (size_t i = 0; i < lane->nitems; i++) {
        const struct pl_item *it = &lane->items[i];
        for (size_t o = 0; o < it->noptions; o++) {
            long b = bucket_find(bs, nb, it->options[o].cls, it->options[o].day);
            int row = first_cap + 2 * (int)b;
            if (pl_trip_add(t, row, ycol[i] + (int)o, it->volume_m3) ||
                pl_trip_add(t, row + 1, ycol[i] + (int)o, it->weight_kg))
                goto oom_guard;
        }
    }
    for (size_t b = 0; b < nb; b++) {
        const struct pl_class *k = &lane->classes[bs[b].cls];
        int row = first_cap + 2 * (int)b;
        for (size_t r = 0; r < k->nrows; r++)
            if (pl_trip_add(t, row, bs[b].ncol + (int)r, -k->cap_volume_m3) ||
                pl_trip_add(t, row + 1, bs[b].ncol + (int)r, -k->cap_weight_kg))
                goto oom_guard;
    }
    /* an item in a bucket needs one of its containers open (strengthens the LP) */
    for (size_t i = 0; m->relaxed == 0 && i < lane->nitems; i++) {
        const struct pl_item *it = &lane->items[i];
        for (size_t o = 0; o < it->noptions; o++) {
            long b = bucket_find(bs, nb, it->options[o].cls, it->options[o].day);
            int row = ++nrows;
            if (pl_trip_add(t, row, ycol[i] + (int)o, 1.0))
                goto oom_guard;
            for (size_t r = 0; r < lane->classes[bs[b].cls].nrows; r++)
                if (pl_trip_add(t, row, bs[b].ncol + (int)r, -1.0))
                    goto oom_guard;
        }
    }
    /* items over half a container (by volume, or by weight) never share one with
       each other: per bucket and dimension, their count <= the containers */
    int first_big = nrows + 1;
    nrows += 2 * (int)nb;
    for (size_t i = 0; i < lane->nitems; i++) {
        const struct pl_item *it = &lane->items[i];
        for (size_t o = 0; o < it->noptions; o++) {
            const struct pl_class *k = &lane->classes[it->options[o].cls];
            long b = bucket_find(bs, nb, it->options[o].cls, it->options[o].day);
            if (it->volume_m3 > k->cap_volume_m3 / 2 && pl_trip_add(t, first_big + 2 * (int)b, ycol[i] + (int)o, 1.0))
                goto oom_guard;
            if (it->weight_kg > k->cap_weight_kg / 2 &&
                pl_trip_add(t, first_big + 2 * (int)b + 1, ycol[i] + (int)o, 1.0))
                goto oom_guard;
        }
    }
    for (size_t b = 0; b < nb; b++)
        for (size_t r = 0; r < lane->classes[bs[b].cls].nrows; r++)
            if (pl_trip_add(t, first_big + 2 * (int)b, bs[b].ncol + (int)r, -1.0) ||
                pl_trip_add(t, first_big + 2 * (int)b + 1, bs[b].ncol + (int)r, -1.0))
                goto oom_guard;
    /* tiers: containers at a tier row need its binary; the binary needs the TEU */
    for (size_t b = 0; b < nb; b++) {
        const struct pl_class *k = &lane->classes[bs[b].cls];
        for (size_t r = 0; r < k->nrows; r++) {
            int z = zcol[zbase[bs[b].cls] + (int)r];
            if (!z)
                continue;
            int row = ++nrows;
            if (pl_trip_add(t, row, bs[b].ncol + (int)r, 1.0) ||
                pl_trip_add(t, row, z, -(double)bs[b].nitems))
                goto oom_guard;
        }
    }
    int first_teu = nrows + 1;
    for (size_t k = 0; k < lane->nclasses; k++) {
        for (size_t r = 0; r < lane->classes[k].nrows; r++) {
            int z = zcol[zbase[k] + (int)r];
            if (!z)
                continue;
            int row = ++nrows;
            for (size_t b = 0; b < nb; b++) {
                const struct pl_class *kb = &lane->classes[bs[b].cls];
                if (kb->teu <= 0)
                    continue;
                for (size_t r2 = 0; r2 < kb->nrows; r2++)
                    if (pl_trip_add(t, row, bs[b].ncol + (int)r2, kb->teu))
                        goto oom_guard;
            }
            if (pl_trip_add(t, row, z, -lane->classes[k].rows[r].min_teu))
                goto oom_guard;
        }
    }
    if (nrows > 0) {
        glp_add_rows(lp, nrows);
        for (int row = 1; row <= nrows; row++) {
            if (row < first_cap)
                glp_set_row_bnds(lp, row, GLP_FX, 1.0, 1.0);
            else if (row >= first_teu)
                glp_set_row_bnds(lp, row, GLP_LO, 0.0, 0.0);
            else
                glp_set_row_bnds(lp, row, GLP_UP, 0.0, 0.0);
        }
        glp_load_matrix(lp, (int)t->n, t->ia, t->ja, t->ar);
    }

    struct cb_ctx cb = {NULL, 0, -INFINITY, t0 + time_limit_s, {0, 0}};
    if (start_point(lane, c, bs, nb, lcol, ycol, zcol, zbase, start, ncols) == 0)
        cb.start = start;

    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = cf_glpk_msg_level(&guard) == GLP_MSG_OFF ? GLP_MSG_OFF : GLP_MSG_ERR;
    smcp.presolve = GLP_ON; /* 3x faster here; the basis is recovered for glp_intopt */
    int ret = cf_glpk_simplex(lp, &smcp, time_limit_s - (cf_now_s() - t0));
    int lp_status = glp_get_status(lp);
    if (guard.log != NULL) {
        char line[160];
        snprintf(line, sizeof line, "plan: %s LP %s-%s: %d rows, %d columns, %.2f s, status %d, objective %.2f",
                 m->relaxed ? "relaxed" : "exact", lane->origin, lane->destination, glp_get_num_rows(lp),
                 glp_get_num_cols(lp), cf_clock_peek() - t0, lp_status, glp_get_obj_val(lp) / 100.0);
        guard.log(guard.log_ctx, line);
    }
    if (ret != 0 || lp_status != GLP_OPT) {
        /* no LP answer in time (or an infeasible lane): keep the start, and
           the per-item bound */
        c->timed_out = 1;
        c->lower_bound = item_bound(lane);
        rc = CF_OK;
        goto done;
    }
    double lp_bound = glp_get_obj_val(lp);
    save_duals(lane, lp, c);
    cb.bound = lp_bound;
    /* the LP's shares rounded: often better than what the search finds in time */
    cf_cents_t lp_est = -1;
    if (m->relaxed && round_shares(m, lp, 1) == 0) {
        lp_est = pl_choice_estimate(lane, c);
        if (lp_est >= 0)
            memcpy(m->saved, c->option, lane->nitems * sizeof *c->option);
    }
    /* cuts: an item's share of a departure needs a container open there
       (Y <= sum of N); added where the LP violates them, re-solved warm with
       the dual simplex. Each optimal LP is a bound; a round cut short by the
       clock ends the search with the last one. */
    for (int round = 0; m->relaxed == 2 && round < 100; round++) {
        int added = 0;
        int row0 = glp_get_num_rows(lp);
        cf_clock_count(30.0 * (double)glp_get_num_cols(lp)); /* the scan below, for the work clock */
        for (size_t i = 0; i < lane->nitems; i++) {
            const struct pl_item *it = &lane->items[i];
            for (size_t o = 0; o < it->noptions; o++) {
                double y = glp_get_col_prim(lp, ycol[i] + (int)o);
                if (y <= 1e-6)
                    continue;
                long b = bucket_find(bs, nb, it->options[o].cls, it->options[o].day);
                const struct pl_class *k = &lane->classes[bs[b].cls];
                double open = 0;
                for (size_t r = 0; r < k->nrows; r++)
                    open += glp_get_col_prim(lp, bs[b].ncol + (int)r);
                if (y <= open + 1e-6)
                    continue;
                int ind[1 + 64];
                double val[1 + 64];
                int len = 0;
                ind[++len] = ycol[i] + (int)o;
                val[len] = 1.0;
                for (size_t r = 0; r < k->nrows && len < 64; r++) {
                    ind[++len] = bs[b].ncol + (int)r;
                    val[len] = -1.0;
                }
                int row = glp_add_rows(lp, 1);
                glp_set_row_bnds(lp, row, GLP_UP, 0.0, 0.0);
                glp_set_mat_row(lp, row, len, ind, val);
                added++;
            }
        }
        if (added == 0)
            break;
        double left_s = time_limit_s - (cf_now_s() - t0);
        if (left_s < 0.05) {
            int *del = malloc(((size_t)added + 1) * sizeof *del);
            if (del == NULL)
                goto oom_guard;
            for (int q = 1; q <= added; q++)
                del[q] = row0 + q;
            glp_del_rows(lp, added, del);
            free(del);
            break;
        }
        smcp.meth = GLP_DUALP;
        smcp.presolve = GLP_OFF;
        ret = cf_glpk_simplex(lp, &smcp, left_s);
        if (ret != 0 || glp_get_status(lp) != GLP_OPT) {
            /* out of time: the last optimal LP's bound and rounding stand */
            c->timed_out = 1;
            c->lower_bound = pl_bound_up(lp_bound);
            if (lp_est >= 0)
                memcpy(c->option, m->saved, lane->nitems * sizeof *c->option);
            rc = CF_OK;
            goto done;
        }
        lp_bound = glp_get_obj_val(lp);
        save_duals(lane, lp, c);
        cb.bound = lp_bound;
        if (round_shares(m, lp, 1) == 0) {
            cf_cents_t est = pl_choice_estimate(lane, c);
            if (est >= 0 && (lp_est < 0 || est < lp_est)) {
                lp_est = est;
                memcpy(m->saved, c->option, lane->nitems * sizeof *c->option);
            }
        }
        if (guard.log != NULL) {
            char line[160];
            snprintf(line, sizeof line, "plan: cuts round %d: %d added, LP %.2f, %.2f s", round + 1, added,
                     lp_bound / 100.0, cf_clock_peek() - t0);
            guard.log(guard.log_ctx, line);
        }
    }

    double lp_s = cf_now_s() - t0;
    if (time_limit_s - lp_s < PL_INTOPT_MIN_SHARE * lp_s) {
        /* GLPK checks its clock only between nodes, and its root (its own
           cuts on the LP with ours) takes about as long as the LP and our
           cut rounds did: with less time than that left, the search would
           overrun and take the time of the search and the packing after it
           (the 40-firm year's road lane at 4.5 s: 2.1 s of LP and cuts, then
           a root that ended past the lane's time). The LP's bound and
           rounding stand. */
        c->timed_out = 1;
        c->lower_bound = pl_bound_up(lp_bound);
        if (m->relaxed && lp_est >= 0)
            memcpy(c->option, m->saved, lane->nitems * sizeof *c->option); /* else c keeps its start */
        if (m->relaxed)
            save_sched(m, lp, 1);
        rc = CF_OK;
        goto done;
    }
    glp_iocp iocp;
    glp_init_iocp(&iocp);
    iocp.msg_lev = cf_glpk_msg_level(&guard) == GLP_MSG_OFF ? GLP_MSG_OFF : GLP_MSG_ON;
    iocp.out_frq = 2000;
    iocp.presolve = GLP_OFF;
    iocp.cb_func = on_tree;
    iocp.cb_info = &cb;
    iocp.br_tech = GLP_BR_PCH;
    iocp.bt_tech = GLP_BT_BLB;
    iocp.gmi_cuts = glp_get_num_rows(lp) <= PL_GMI_MAX_ROWS ? GLP_ON : GLP_OFF;
    if (guard.log != NULL) {
        char line[160];
        snprintf(line, sizeof line, "plan: branch and bound on %d rows, %d columns, Gomory cuts %s",
                 glp_get_num_rows(lp), glp_get_num_cols(lp), iocp.gmi_cuts == GLP_ON ? "on" : "off");
        guard.log(guard.log_ctx, line);
    }
    iocp.mir_cuts = glp_get_num_rows(lp) <= PL_GMI_MAX_ROWS ? GLP_ON : GLP_OFF;
    iocp.cov_cuts = GLP_ON;
    iocp.clq_cuts = GLP_OFF;
    iocp.fp_heur = GLP_OFF;
    double left = time_limit_s - (cf_now_s() - t0);
    iocp.tm_lim = cf_glpk_time_limit_ms(left > 0.01 ? left : 0.01);
    cf_glpk_tally_start(&cb.tally, lp);
    ret = glp_intopt(lp, &iocp);
    int mip_status = glp_mip_status(lp);
    double bound = cb.bound;
    if (ret == 0 && mip_status == GLP_OPT) {
        bound = glp_mip_obj_val(lp);
    } else {
        c->timed_out = 1;
        if (mip_status == GLP_OPT || mip_status == GLP_FEAS) {
            double inc = glp_mip_obj_val(lp);
            if (bound > inc)
                bound = inc;
        }
    }
    /* a bound rounds up to the next cent (pl_bound_up); an optimum proven
       on whole containers and shipments is a sum of whole cents, kept as it
       is (pl_bound_up's margin, a cent at 10,000.00, took a cent off every
       proven optimum above that, and their plans were never called optimal) */
    double whole = nearbyint(bound);
    if (ret == 0 && mip_status == GLP_OPT && fabs(bound - whole) <= PL_WHOLE_CENT_TOL)
        c->lower_bound = whole;
    else
        c->lower_bound = pl_bound_up(bound);
    if ((mip_status == GLP_OPT || mip_status == GLP_FEAS) && m->relaxed) {
        save_sched(m, lp, 0);
        if (round_shares(m, lp, 0) != 0)
            goto oom_guard;
        cf_cents_t mip_est = pl_choice_estimate(lane, c);
        if (lp_est >= 0 && (mip_est < 0 || lp_est < mip_est))
            memcpy(c->option, m->saved, lane->nitems * sizeof *c->option);
    } else if (m->relaxed && lp_est >= 0) {
        memcpy(c->option, m->saved, lane->nitems * sizeof *c->option);
    } else if (mip_status == GLP_OPT || mip_status == GLP_FEAS) {
        for (size_t i = 0; i < lane->nitems; i++) {
            const struct pl_item *it = &lane->items[i];
            long pick = lcol[i] && glp_mip_col_val(lp, lcol[i]) > 0.5 ? -1 : -2;
            for (size_t o = 0; pick == -2 && o < it->noptions; o++)
                if (glp_mip_col_val(lp, ycol[i] + (int)o) > 0.5)
                    pick = (long)o;
            c->option[i] = pick;
        }
        for (size_t k = 0; k < lane->nclasses; k++)
            for (size_t r = 0; r < lane->classes[k].nrows; r++) {
                int z = zcol[zbase[k] + (int)r];
                c->tier_on[k][r] = z ? glp_mip_col_val(lp, z) > 0.5 : 0;
            }
        pl_tiers_close(lane, c->tier_on);
    }
    rc = CF_OK;
    goto done;

oom_guard:
    rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
done:
    return rc;
}

/* The guarded frame: GLPK's fatal errors land here (glpk_env.h). */
static int mip_glpk(struct mip *m, void (*log)(void *ctx, const char *line), void *log_ctx)
{
    struct cf_glpk_guard guard;
    glp_prob *volatile lp = NULL;
    cf_glpk_guard_begin(&guard, log, log_ctx);
    if (setjmp(guard.jump))
        return cf_error_set(m->err, CF_ERR_INTERNAL, NULL, 0, NULL, "GLPK failed on lane %s-%s",
                            m->lane->origin, m->lane->destination);
    lp = glp_create_prob();
    int rc = mip_model(m, lp, &guard);
    glp_delete_prob(lp);
    cf_glpk_guard_end(&guard);
    return rc;
}

int pl_mip_solve(const struct pl_lane *lane, int relaxed, double time_limit_s,
                 void (*log)(void *ctx, const char *line), void *log_ctx, struct pl_choice *c,
                 struct cf_error *err)
{
    int rc = CF_ERR_INTERNAL;
    struct bucket *bs = NULL;
    size_t nb = 0;
    int *lcol = NULL, *ycol = NULL, *zbase = NULL, *zcol = NULL;
    double *start = NULL;
    struct pl_triplets *t = calloc(1, sizeof *t);
    double t0 = cf_now_s();
    c->has_sched = 0;

    /* buckets */
    size_t nopt = 0;
    for (size_t i = 0; i < lane->nitems; i++)
        nopt += lane->items[i].noptions;
    bs = calloc(nopt ? nopt : 1, sizeof *bs);
    lcol = calloc(lane->nitems ? lane->nitems : 1, sizeof *lcol);
    ycol = calloc(lane->nitems ? lane->nitems : 1, sizeof *ycol);
    zbase = calloc(lane->nclasses ? lane->nclasses : 1, sizeof *zbase);
    if (t == NULL || bs == NULL || lcol == NULL || ycol == NULL || zbase == NULL)
        goto oom;
    for (size_t i = 0; i < lane->nitems; i++)
        for (size_t o = 0; o < lane->items[i].noptions; o++) {
            bs[nb].cls = lane->items[i].options[o].cls;
            bs[nb].day = lane->items[i].options[o].day;
            nb++;
        }
    qsort(bs, nb, sizeof *bs, bucket_cmp);
    {
        size_t w = 0;
        for (size_t b = 0; b < nb; b++)
            if (w == 0 || bucket_cmp(&bs[w - 1], &bs[b]) != 0)
                bs[w++] = bs[b];
        nb = w;
    }
    for (size_t i = 0; i < lane->nitems; i++)
        for (size_t o = 0; o < lane->items[i].noptions; o++) {
            long b = bucket_find(bs, nb, lane->items[i].options[o].cls, lane->items[i].options[o].day);
            bs[b].nitems++;
        }

    /* columns: L_i, Y_io, N_br, Z_kr */
    int ncols = 0;
    for (size_t i = 0; i < lane->nitems; i++) {
        if (lane->items[i].loose_cost >= 0)
            lcol[i] = ++ncols;
        ycol[i] = ncols + 1;
        ncols += (int)lane->items[i].noptions;
    }
    for (size_t b = 0; b < nb; b++) {
        bs[b].ncol = ncols + 1;
        ncols += (int)lane->classes[bs[b].cls].nrows;
    }
    int nz = 0;
    for (size_t k = 0; k < lane->nclasses; k++) {
        zbase[k] = nz;
        nz += (int)lane->classes[k].nrows;
    }
    zcol = calloc((size_t)nz + 1, sizeof *zcol);
    if (zcol == NULL)
        goto oom;
    for (size_t k = 0; k < lane->nclasses; k++)
        for (size_t r = 0; r < lane->classes[k].nrows; r++)
            if (lane->classes[k].rows[r].min_teu > 0)
                zcol[zbase[k] + (int)r] = ++ncols;
    start = calloc((size_t)ncols + 1, sizeof *start);
    if (start == NULL)
        goto oom;

    {
        long *saved = calloc(lane->nitems ? lane->nitems : 1, sizeof *saved);
        if (saved == NULL)
            goto oom;
        struct mip m = {lane, bs, nb, lcol, ycol, zbase, zcol, start, t, ncols, nz, t0, time_limit_s, c, err, relaxed, saved};
        rc = mip_glpk(&m, log, log_ctx);
        free(saved);
    }
    goto done;
oom:
    rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
done:
    if (t != NULL)
        pl_trip_free(t);
    free(t);
    free(start);
    free(zcol);
    free(zbase);
    free(ycol);
    free(lcol);
    free(bs);
    return rc;
}
