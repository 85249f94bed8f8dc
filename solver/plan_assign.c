/* plan_assign.c — a lane's items placed exactly into a container schedule
 * (plan_internal.h, pl_assign_schedule and pl_assign_improve). The relaxed
 * MIP (items split, container counts whole) gets the number of containers
 * per (class, departure) close to right, but rounding its split items one by
 * one lost several per cent: on a month of the 40-firm road lane (131
 * shipments) its rounding cost 15,194.83 against an optimum of 13,650.49
 * (CBC, per-truck model). Here the counts are held and every container is a
 * container of its own: binary x(i, b, k) puts item i in container k of
 * bucket b, loose(i) pays its loose charge, and each container meets volume
 * and weight:
 *
 *     min  sum price(b) y(b, k) + sum loose_cost(i) loose(i)
 *     s.t. sum over b, k of x(i, b, k) + loose(i) = 1          every item
 *          sum_i v(i) x(i, b, k) <= V(b) y(b, k), likewise w   every container
 *
 * A held container is fixed open (y = 1, paid whether filled or not): the LP
 * is then a multiple knapsack with time windows, tight, and GLPK closes it
 * fast; that month's MIP counts filled this way give 13,650.49, the optimum.
 * Optional containers (y binary, x <= y, y(k) <= y(k - 1)) let a window open
 * one more box per departure. Its answer packs as it stands.
 *
 * pl_assign_improve is a large-neighbourhood search built on it: windows of
 * PA_WINDOW_ITEMS items in order of their departure day, each re-solved with
 * the items outside it fixed, kept when the lane's first-fit estimate falls. */
#include <glpk.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solver/glpk_env.h"
#include "solver/plan_internal.h"

/* an item with no loose rate and no room: the model stays feasible through
   a column this dear, and an answer using it is refused */
#define PA_NO_ROOM_CENTS 1e9
/* pl_assign_improve's windows: about this many items each, half of them
   shared with the next, and at most this long each (100 items: a road
   window took 0.06 s and sea windows hit the limit unimproved; 40 gains
   as much on the road lane in a fifth of the time) */
#define PA_WINDOW_ITEMS 40
#define PA_WINDOW_S 0.25
/* this many windows in a row unclosed and without gain end the search */
#define PA_UNPRODUCTIVE 4

struct pa_bucket {
    size_t cls;
    cf_date_t day;
    double price; /* cents of one container */
    long count;   /* containers: the held ones first, then the optional */
    long held;    /* containers held: paid whether filled or not */
    int ycol;     /* first y column, count of them */
};

struct pa_model {
    const struct pl_lane *lane;
    const struct pl_choice *c;
    const unsigned char *active; /* per item: in the model */
    struct pl_okey *keys; /* every (item, option) on a held bucket, by (class, day) */
    size_t nk;
    long *key_bucket;    /* per key: its bucket */
    struct pa_bucket *bs;
    size_t nb;
    int *xcol;           /* per key: first of its bucket's count x columns */
    int *lcol;           /* per active item: loose column, or the no-room column (1..nactive) */
    int nactive;
    double *start;       /* 1..ncols */
    int ncols;
    double deadline;
    int proved; /* the MIP closed: its answer is the window's optimum */
};

struct pa_cb {
    const double *start;
    int given;
    double deadline;
    struct cf_glpk_tally tally; /* the work clock's charges */
};

static void on_tree(glp_tree *tree, void *info)
{
    struct pa_cb *cb = info;
    if (glp_ios_reason(tree) == GLP_IHEUR && cb->start != NULL && !cb->given) {
        cb->given = 1;
        glp_ios_heur_sol(tree, cb->start);
    }
    cf_glpk_tree_charge(tree, &cb->tally);
    if (cf_now_s() > cb->deadline)
        glp_ios_terminate(tree);
}

/* The end of the keys of m's bucket that begins at key a. */
static size_t bucket_end(const struct pa_model *m, size_t a)
{
    size_t e = a;
    while (e < m->nk && m->key_bucket[e] == m->key_bucket[a])
        e++;
    return e;
}

/* The start handed to GLPK: each bucket's items of c's assignment, in item
 * order, first fit into its containers; the rest loose. Always feasible. */
static void start_point(struct pa_model *m)
{
    const struct pl_lane *lane = m->lane;
    for (int j = 1; j <= m->ncols; j++)
        m->start[j] = 0.0;
    for (size_t i = 0; i < lane->nitems; i++)
        if (m->active[i])
            m->start[m->lcol[i]] = 1.0;
    double *lv = NULL, *lw = NULL;
    size_t maxc = 1;
    for (size_t b = 0; b < m->nb; b++)
        if ((size_t)m->bs[b].count > maxc)
            maxc = (size_t)m->bs[b].count;
    lv = calloc(maxc, sizeof *lv);
    lw = calloc(maxc, sizeof *lw);
    if (lv == NULL || lw == NULL)
        goto done;
    for (size_t a = 0; a < m->nk;) {
        size_t e = bucket_end(m, a);
        const struct pa_bucket *b = &m->bs[m->key_bucket[a]];
        const struct pl_class *k = &lane->classes[b->cls];
        for (long q = 0; q < b->count; q++) {
            lv[q] = lw[q] = 0.0;
            m->start[b->ycol + (int)q] = q < b->held ? 1.0 : 0.0;
        }
        /* keys of one bucket are by item: take them in that order (the
           assignment's own items only, at most a few per container) */
        for (size_t q = a; q < e; q++) {
            size_t i = m->keys[q].item;
            if (m->c->option[i] != (long)m->keys[q].option)
                continue;
            const struct pl_item *it = &lane->items[i];
            for (long x = 0; x < b->count; x++) {
                if (lv[x] + it->volume_m3 > k->cap_volume_m3 * (1 + PL_FEAS_TOL) ||
                    lw[x] + it->weight_kg > k->cap_weight_kg * (1 + PL_FEAS_TOL))
                    continue;
                lv[x] += it->volume_m3;
                lw[x] += it->weight_kg;
                m->start[m->lcol[i]] = 0.0;
                m->start[m->xcol[q] + (int)x] = 1.0;
                m->start[b->ycol + (int)x] = 1.0;
                break;
            }
        }
        a = e;
    }
    /* y(b, k) <= y(b, k - 1): the used containers of a bucket are its first
       ones (first fit fills them in order) */
done:
    free(lv);
    free(lw);
}

static int build_and_solve(struct pa_model *m, glp_prob *lp, struct cf_glpk_guard *guard, double *cost)
{
    const struct pl_lane *lane = m->lane;
    int rc = -1;
    struct pl_triplets t = {0};
#define PA_PUT(row_, col_, val_)                                                                   \
    do {                                                                                           \
        if (pl_trip_add(&t, (row_), (col_), (val_)) != 0)                                          \
            goto done;                                                                             \
    } while (0)

    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_cols(lp, m->ncols);
    for (int j = 1; j <= m->ncols; j++)
        glp_set_col_kind(lp, j, GLP_BV);
    for (size_t i = 0; i < lane->nitems; i++) {
        const struct pl_item *it = &lane->items[i];
        if (m->active[i])
            glp_set_obj_coef(lp, m->lcol[i], it->loose_cost >= 0 ? (double)it->loose_cost : PA_NO_ROOM_CENTS);
    }
    /* a held container is a constant: fixed open, so the LP is a multiple
       knapsack (tight) rather than the aggregate's fractional boxes (weak) */
    for (size_t b = 0; b < m->nb; b++)
        for (long q = 0; q < m->bs[b].count; q++) {
            glp_set_obj_coef(lp, m->bs[b].ycol + (int)q, m->bs[b].price);
            if (q < m->bs[b].held)
                glp_set_col_bnds(lp, m->bs[b].ycol + (int)q, GLP_FX, 1.0, 1.0);
        }

    /* every item once: its row is its loose column's number */
    int row0 = glp_add_rows(lp, m->nactive);
    for (size_t i = 0; i < lane->nitems; i++) {
        if (!m->active[i])
            continue;
        glp_set_row_bnds(lp, row0 + m->lcol[i] - 1, GLP_FX, 1.0, 1.0);
        PA_PUT(row0 + m->lcol[i] - 1, m->lcol[i], 1.0);
    }
    for (size_t q = 0; q < m->nk; q++) {
        const struct pa_bucket *b = &m->bs[m->key_bucket[q]];
        for (long x = 0; x < b->count; x++)
            PA_PUT(row0 + m->lcol[m->keys[q].item] - 1, m->xcol[q] + (int)x, 1.0);
    }
    /* per container: volume, weight, x <= y, and y(k) <= y(k - 1) */
    for (size_t a = 0; a < m->nk;) {
        size_t e = bucket_end(m, a);
        const struct pa_bucket *b = &m->bs[m->key_bucket[a]];
        const struct pl_class *k = &lane->classes[b->cls];
        for (long x = 0; x < b->count; x++) {
            int y = b->ycol + (int)x;
            int rv = glp_add_rows(lp, 2);
            glp_set_row_bnds(lp, rv, GLP_UP, 0.0, 0.0);
            glp_set_row_bnds(lp, rv + 1, GLP_UP, 0.0, 0.0);
            for (size_t q = a; q < e; q++) {
                const struct pl_item *it = &lane->items[m->keys[q].item];
                PA_PUT(rv, m->xcol[q] + (int)x, it->volume_m3);
                PA_PUT(rv + 1, m->xcol[q] + (int)x, it->weight_kg);
            }
            PA_PUT(rv, y, -k->cap_volume_m3 * (1 + PL_FEAS_TOL));
            PA_PUT(rv + 1, y, -k->cap_weight_kg * (1 + PL_FEAS_TOL));
            if (x < b->held)
                continue; /* open anyway: x <= 1 is enough */
            int rx = glp_add_rows(lp, (int)(e - a));
            for (size_t q = a; q < e; q++) {
                glp_set_row_bnds(lp, rx + (int)(q - a), GLP_UP, 0.0, 0.0);
                PA_PUT(rx + (int)(q - a), m->xcol[q] + (int)x, 1.0);
                PA_PUT(rx + (int)(q - a), y, -1.0);
            }
            if (x > 0) {
                int rs = glp_add_rows(lp, 1);
                glp_set_row_bnds(lp, rs, GLP_UP, 0.0, 0.0);
                PA_PUT(rs, y, 1.0);
                PA_PUT(rs, y - 1, -1.0);
            }
        }
        a = e;
    }
#undef PA_PUT
    glp_load_matrix(lp, (int)t.n, t.ia, t.ja, t.ar);
    start_point(m);

    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = GLP_MSG_OFF;
    smcp.presolve = GLP_OFF;
    double left = m->deadline - cf_now_s();
    if (cf_glpk_simplex(lp, &smcp, left > 0.01 ? left : 0.01) != 0 || glp_get_status(lp) != GLP_OPT) {
        rc = 1; /* no LP in time: no answer */
        goto done;
    }
    struct pa_cb cb = {m->start, 0, m->deadline, {0, 0}};
    glp_iocp iocp;
    glp_init_iocp(&iocp);
    iocp.msg_lev = cf_glpk_msg_level(guard) == GLP_MSG_OFF ? GLP_MSG_OFF : GLP_MSG_ERR;
    iocp.presolve = GLP_OFF;
    iocp.cb_func = on_tree;
    iocp.cb_info = &cb;
    iocp.br_tech = GLP_BR_PCH;
    iocp.bt_tech = GLP_BT_BLB;
    iocp.cov_cuts = GLP_ON;
    iocp.mir_cuts = GLP_ON;
    left = m->deadline - cf_now_s();
    iocp.tm_lim = cf_glpk_time_limit_ms(left > 0.01 ? left : 0.01);
    cf_glpk_tally_start(&cb.tally, lp);
    glp_intopt(lp, &iocp);
    int st = glp_mip_status(lp);
    if (st != GLP_OPT && st != GLP_FEAS) {
        rc = 1;
        goto done;
    }
    *cost = glp_mip_obj_val(lp);
    m->proved = st == GLP_OPT;
    rc = 0;
done:
    pl_trip_free(&t);
    return rc;
}

/* The guarded frame: GLPK's fatal errors land here (glpk_env.h). Returns 0
 * with an answer in *cost, 1 without one, -1 on OOM. */
static int solve_guarded(struct pa_model *m, void (*log)(void *ctx, const char *line), void *log_ctx,
                         long *option_out, long *bin_out, double *cost)
{
    struct cf_glpk_guard guard;
    glp_prob *volatile lp = NULL;
    cf_glpk_guard_begin(&guard, log, log_ctx);
    if (setjmp(guard.jump))
        return 1; /* GLPK failed: the caller keeps its plan */
    lp = glp_create_prob();
    int rc = build_and_solve(m, lp, &guard, cost);
    if (rc == 0) {
        const struct pl_lane *lane = m->lane;
        for (size_t i = 0; i < lane->nitems; i++)
            option_out[i] = !m->active[i] ? m->c->option[i] : glp_mip_col_val(lp, m->lcol[i]) > 0.5 ? -1 : -2;
        for (size_t i = 0; i < lane->nitems; i++)
            bin_out[i] = !m->active[i] ? m->c->bin[i] : -1;
        for (size_t q = 0; q < m->nk; q++) {
            const struct pa_bucket *b = &m->bs[m->key_bucket[q]];
            for (long x = 0; x < b->count; x++)
                if (glp_mip_col_val(lp, m->xcol[q] + (int)x) > 0.5) {
                    option_out[m->keys[q].item] = (long)m->keys[q].option;
                    bin_out[m->keys[q].item] = x;
                }
        }
        for (size_t i = 0; i < lane->nitems; i++)
            if (m->active[i] && ((option_out[i] == -1 && lane->items[i].loose_cost < 0) || option_out[i] == -2))
                rc = 1; /* needed the no-room column: no plan */
    }
    glp_delete_prob(lp);
    cf_glpk_guard_end(&guard);
    return rc;
}

/* Items on day d of the window [d0, d1): the option's day, or for a loose
 * item any option's. */
static int in_window(const struct pl_item *it, long option, cf_date_t d0, cf_date_t d1)
{
    if (option >= 0)
        return it->options[option].day >= d0 && it->options[option].day < d1;
    if (option != -1)
        return 0;
    for (size_t o = 0; o < it->noptions; o++)
        if (it->options[o].day >= d0 && it->options[o].day < d1)
            return 1;
    return 0;
}

/* One window's model solved; c changes only on an answer. Returns 0, -1 on
 * OOM. */
static int assign_window(const struct pl_lane *lane, struct pl_choice *c, const long *sched, cf_date_t d0,
                         cf_date_t d1, long extra, double time_limit_s, void (*log)(void *ctx, const char *line),
                         void *log_ctx, const struct pl_okey *all, const long *bucket_of, size_t na,
                         double *cost_cents, int *proved)
{
    int rc = -1;
    *cost_cents = INFINITY;
    size_t n1 = lane->nitems ? lane->nitems : 1, na1 = na ? na : 1;
    struct pa_model m = {lane, c, NULL, NULL, 0, NULL, NULL, 0, NULL, NULL, 0, NULL, 0, cf_now_s() + time_limit_s, 0};
    *proved = 0;
    unsigned char *active = calloc(n1, 1);
    long *option_out = calloc(n1, sizeof *option_out);
    long *bin_out = calloc(n1, sizeof *bin_out);
    m.keys = calloc(na1, sizeof *m.keys);
    m.key_bucket = calloc(na1, sizeof *m.key_bucket);
    m.bs = calloc(na1, sizeof *m.bs);
    m.xcol = calloc(na1, sizeof *m.xcol);
    m.lcol = calloc(n1, sizeof *m.lcol);
    if (active == NULL || option_out == NULL || bin_out == NULL || m.keys == NULL || m.key_bucket == NULL || m.bs == NULL ||
        m.xcol == NULL || m.lcol == NULL)
        goto done;
    m.active = active;
    int ncols = 0;
    for (size_t i = 0; i < lane->nitems; i++)
        if (in_window(&lane->items[i], c->option[i], d0, d1)) {
            active[i] = 1;
            m.lcol[i] = ++ncols;
        }
    m.nactive = ncols;
    long held = -1;
    for (size_t q = 0; q < na; q++) {
        long b = bucket_of[q];
        if (!active[all[q].item] || all[q].day < d0 || all[q].day >= d1)
            continue;
        if (q > 0 && all[q].item == all[q - 1].item && bucket_of[q - 1] == b)
            continue; /* one item twice on a bucket: once is enough */
        if (b != held) {
            held = b;
            const struct pl_row *row = pl_class_price(&lane->classes[all[q].cls], c->tier_on[all[q].cls]);
            long count = (sched[b] > 0 ? sched[b] : 0) + extra;
            /* more containers than items never helps */
            size_t items_here = 0;
            for (size_t r = q; r < na && bucket_of[r] == b; r++)
                items_here += active[all[r].item];
            if ((size_t)count > items_here)
                count = (long)items_here;
            struct pa_bucket *pb = &m.bs[m.nb++];
            pb->cls = all[q].cls;
            pb->day = all[q].day;
            pb->price = row != NULL ? (double)row->cost : 0.0;
            pb->count = row != NULL ? count : 0;
            pb->held = sched[b] > 0 ? (sched[b] < pb->count ? sched[b] : pb->count) : 0;
            pb->ycol = ncols + 1;
            ncols += (int)pb->count;
        }
        if (m.bs[m.nb - 1].count == 0)
            continue;
        m.keys[m.nk] = all[q];
        m.key_bucket[m.nk] = (long)m.nb - 1;
        m.xcol[m.nk] = ncols + 1;
        ncols += (int)m.bs[m.nb - 1].count;
        m.nk++;
    }
    m.ncols = ncols;
    if (m.nactive == 0) {
        rc = 0;
        goto done;
    }
    m.start = calloc((size_t)ncols + 1, sizeof *m.start);
    if (m.start == NULL)
        goto done;
    double cost = INFINITY;
    if (solve_guarded(&m, log, log_ctx, option_out, bin_out, &cost) == 0) {
        memcpy(c->option, option_out, lane->nitems * sizeof *c->option);
        memcpy(c->bin, bin_out, lane->nitems * sizeof *c->bin);
        *cost_cents = cost;
        *proved = m.proved;
    }
    rc = 0;
done:
    free(m.start);
    free(m.lcol);
    free(m.xcol);
    free(m.bs);
    free(m.key_bucket);
    free(m.keys);
    free(option_out);
    free(bin_out);
    free(active);
    return rc;
}

/* every (item, option) of the lane by (class, day, item), and per entry its
   distinct (class, day) bucket */
static struct pl_okey *lane_keys(const struct pl_lane *lane, long **bucket_of, size_t *na_out)
{
    size_t na = 0;
    struct pl_okey *all = pl_lane_okeys(lane, &na);
    *bucket_of = calloc(na ? na : 1, sizeof **bucket_of);
    if (all == NULL || *bucket_of == NULL) {
        free(all);
        free(*bucket_of);
        *bucket_of = NULL;
        return NULL;
    }
    long nb = -1;
    for (size_t q = 0; q < na; q++) {
        if (q == 0 || all[q].cls != all[q - 1].cls || all[q].day != all[q - 1].day)
            nb++;
        (*bucket_of)[q] = nb;
    }
    *na_out = na;
    return all;
}

void pl_sched_of_keys(const struct pl_lane *lane, const struct pl_choice *c, const struct pl_okey *all, size_t na,
                      long *sched)
{
    size_t nb = 0;
    for (size_t a = 0; a < na;) {
        size_t e = a;
        double v = 0.0, w = 0.0;
        while (e < na && all[e].cls == all[a].cls && all[e].day == all[a].day) {
            if (c->option[all[e].item] == (long)all[e].option) {
                v += lane->items[all[e].item].volume_m3;
                w += lane->items[all[e].item].weight_kg;
            }
            e++;
        }
        const struct pl_class *k = &lane->classes[all[a].cls];
        double need = fmax(v / k->cap_volume_m3, w / k->cap_weight_kg);
        sched[nb++] = (long)ceil(need - 1e-9);
        a = e;
    }
}

int pl_assign_schedule(const struct pl_lane *lane, struct pl_choice *c, const long *sched, double time_limit_s,
                       void (*log)(void *ctx, const char *line), void *log_ctx, double *cost_cents)
{
    long *bucket_of = NULL;
    size_t na = 0;
    struct pl_okey *all = lane_keys(lane, &bucket_of, &na);
    if (all == NULL)
        return -1;
    int proved = 0;
    int rc = assign_window(lane, c, sched, INT32_MIN, INT32_MAX, 0, time_limit_s, log, log_ctx, all, bucket_of,
                           na, cost_cents, &proved);
    free(all);
    free(bucket_of);
    return rc;
}

static int date_cmp(const void *a, const void *b)
{
    cf_date_t x = *(const cf_date_t *)a, y = *(const cf_date_t *)b;
    return (x > y) - (x < y);
}

int pl_assign_improve(const struct pl_lane *lane, struct pl_choice *c, const long *sched0, double time_limit_s,
                      void (*log)(void *ctx, const char *line), void *log_ctx, int *windows, int *improved)
{
    int rc = -1;
    double deadline = cf_now_s() + time_limit_s;
    *windows = *improved = 0;
    long *bucket_of = NULL;
    size_t na = 0, nd = 0;
    struct pl_okey *all = lane_keys(lane, &bucket_of, &na);
    long *sched = calloc(na ? na : 1, sizeof *sched);
    long *keep = calloc(lane->nitems ? lane->nitems : 1, sizeof *keep);
    long *keep_bin = calloc(lane->nitems ? lane->nitems : 1, sizeof *keep_bin);
    cf_date_t *days = calloc(lane->nitems ? lane->nitems : 1, sizeof *days);
    if (all == NULL || sched == NULL || keep == NULL || keep_bin == NULL || days == NULL)
        goto done;
    /* window edges: every PA_WINDOW_ITEMS / 2 items in order of their day
       (a loose item's first), each window two such steps long */
    for (size_t i = 0; i < lane->nitems; i++) {
        const struct pl_item *it = &lane->items[i];
        long o = c->option[i];
        if (o >= 0)
            days[nd++] = it->options[o].day;
        else if (o == -1 && it->noptions > 0)
            days[nd++] = it->options[0].day;
    }
    if (nd == 0) {
        rc = 0;
        goto done;
    }
    qsort(days, nd, sizeof *days, date_cmp);
    size_t step = PA_WINDOW_ITEMS / 2;
    cf_cents_t cur = pl_choice_estimate(lane, c);
    int sweep_gain = 1, unproductive = 0;
    while (sweep_gain && cf_now_s() < deadline) {
        sweep_gain = 0;
        for (size_t a = 0; a < nd && cf_now_s() < deadline; a += step) {
            cf_date_t d0 = a == 0 ? INT32_MIN : days[a];
            cf_date_t d1 = a + 2 * step >= nd ? INT32_MAX : days[a + 2 * step];
            if (d1 <= d0)
                continue;
            if (sched0 != NULL)
                memcpy(sched, sched0, na * sizeof *sched); /* na >= the buckets */
            else
                pl_sched_of_keys(lane, c, all, na, sched);
            memcpy(keep, c->option, lane->nitems * sizeof *keep);
            memcpy(keep_bin, c->bin, lane->nitems * sizeof *keep_bin);
            double left = deadline - cf_now_s(), cost = INFINITY;
            int proved = 0, gain = 0;
            if (assign_window(lane, c, sched, d0, d1, 1, left < PA_WINDOW_S ? left : PA_WINDOW_S, log, log_ctx,
                              all, bucket_of, na, &cost, &proved) != 0)
                goto done;
            (*windows)++;
            if (isfinite(cost)) {
                cf_cents_t est = pl_choice_estimate(lane, c);
                gain = est >= 0 && (cur < 0 || est < cur);
                if (gain) {
                    cur = est;
                    (*improved)++;
                    sweep_gain = 1;
                } else {
                    memcpy(c->option, keep, lane->nitems * sizeof *keep);
                    memcpy(c->bin, keep_bin, lane->nitems * sizeof *keep_bin);
                }
            }
            /* windows GLPK cannot close in their time (big sea boxes, three
               classes a day) seldom gain: a run of them ends the search and
               leaves the time to the packing */
            unproductive = gain || proved ? 0 : unproductive + 1;
            if (unproductive >= PA_UNPRODUCTIVE)
                goto stop;
            if (a + 2 * step >= nd)
                break;
        }
    }
stop:
    rc = 0;
done:
    free(days);
    free(keep_bin);
    free(keep);
    free(sched);
    free(all);
    free(bucket_of);
    return rc;
}

int pl_sched_of(const struct pl_lane *lane, const struct pl_choice *c, long *sched)
{
    size_t na = 0;
    struct pl_okey *all = pl_lane_okeys(lane, &na);
    if (all == NULL)
        return -1;
    pl_sched_of_keys(lane, c, all, na, sched);
    free(all);
    return 0;
}
