/* nucleolus.c — the nucleolus of a cost game (domain.md, "Cost allocation"):
 * the imputation that lexicographically minimises the largest excess
 * c(S) - x(S) taken with a minus sign, i.e. maximises the smallest excess,
 * then the next, ... Computed by the Maschler-Peleg-Shapley / Kopelowitz
 * sequence of LPs in GLPK: maximise eps s.t. x(S) + eps <= c(S) for the free
 * coalitions, fix those tight in every optimum at that level, repeat. */
#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "allocate.h"
#include "solver/glpk_env.h"

#define DUAL_TOL 1e-9 /* a row dual above this is a binding coalition */
#define RANK_TOL 1e-9 /* pivot threshold in the span test of 0/1 vectors */

enum { ROW_FREE = 0, ROW_FIXED, ROW_IMPLIED };

/* The span of the coalitions whose x(S) is already determined (N and the
 * fixed ones), kept in row-echelon form: basis[r] has its pivot at pivot[r]. */
struct span {
    size_t n, rank;
    double basis[CF_NUCLEOLUS_MAX][CF_NUCLEOLUS_MAX];
    size_t pivot[CF_NUCLEOLUS_MAX];
};

/* Reduce the incidence vector of set against the span: returns 1 when it is
 * independent, and then adds it if add is set. */
static int span_reduce(struct span *sp, cf_coalition_t set, int add)
{
    double v[CF_NUCLEOLUS_MAX];
    for (size_t i = 0; i < sp->n; i++)
        v[i] = (double)((set >> i) & 1u);
    for (size_t r = 0; r < sp->rank; r++) {
        double f = v[sp->pivot[r]];
        if (f != 0.0)
            for (size_t i = 0; i < sp->n; i++)
                v[i] -= f * sp->basis[r][i];
    }
    size_t best = sp->n;
    for (size_t i = 0; i < sp->n; i++)
        if (fabs(v[i]) > RANK_TOL && (best == sp->n || fabs(v[i]) > fabs(v[best])))
            best = i;
    if (best == sp->n)
        return 0;
    if (add) {
        double p = v[best];
        for (size_t i = 0; i < sp->n; i++)
            v[i] /= p;
        /* keep earlier rows reduced in the new pivot column */
        for (size_t r = 0; r < sp->rank; r++) {
            double f = sp->basis[r][best];
            if (f != 0.0)
                for (size_t i = 0; i < sp->n; i++)
                    sp->basis[r][i] -= f * v[i];
        }
        memcpy(sp->basis[sp->rank], v, sizeof v);
        sp->pivot[sp->rank++] = best;
    }
    return 1;
}

static double set_sum(const double *x, size_t n, cf_coalition_t set)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        if ((set >> i) & 1u)
            sum += x[i];
    return sum;
}

/* Solve from the current basis; on a bad basis start again from an advanced
 * one. Returns 0 when an optimum was found. */
static int solve(glp_prob *lp)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    int rc = glp_simplex(lp, &parm);
    if (rc == GLP_EBADB || rc == GLP_ESING || rc == GLP_ECOND) {
        glp_adv_basis(lp, 0);
        rc = glp_simplex(lp, &parm);
    }
    if (rc != 0 || glp_get_status(lp) != GLP_OPT)
        return -1;
    return 0;
}

/* Is free row s tight in every optimum at level eps? Checked with an LP:
 * minimise x(S) with eps fixed; tight everywhere when min x(S) = c(S) - eps.
 * Used only when no row dual singles a coalition out (degenerate duals). */
static int tight_everywhere(glp_prob *lp, size_t n, cf_coalition_t s, double cost_s, double eps,
                            double tol)
{
    int eps_col = (int)n + 1;
    glp_set_obj_coef(lp, eps_col, 0.0);
    for (size_t i = 0; i < n; i++)
        glp_set_obj_coef(lp, (int)i + 1, ((s >> i) & 1u) ? 1.0 : 0.0);
    glp_set_obj_dir(lp, GLP_MIN);
    glp_set_col_bnds(lp, eps_col, GLP_FX, eps, eps);
    int tight = 0;
    if (solve(lp) == 0)
        tight = glp_get_obj_val(lp) >= cost_s - eps - tol;
    for (size_t i = 0; i < n; i++)
        glp_set_obj_coef(lp, (int)i + 1, 0.0);
    glp_set_obj_coef(lp, eps_col, 1.0);
    glp_set_obj_dir(lp, GLP_MAX);
    glp_set_col_bnds(lp, eps_col, GLP_FR, 0.0, 0.0);
    return tight;
}

/* The sequence of LPs on the table cost[0..2^n-1]; x gets the nucleolus.
 * Runs inside a GLPK guard (cf_nucleolus). */
static int mps_sequence(size_t n, const double *cost, double *x, struct cf_error *err)
{
    cf_coalition_t grand = (cf_coalition_t)((1u << n) - 1);
    double cost_n = cost[grand];
    int rc = CF_OK;
    size_t nrows = (size_t)grand - 1; /* rows 1..2^n-2: proper coalitions; last: x(N) = c(N) */
    int eff_row = (int)nrows + 1;
    int eps_col = (int)n + 1;
    int *ind = malloc((n + 2) * sizeof *ind);
    double *val = malloc((n + 2) * sizeof *val);
    unsigned char *state = calloc(nrows + 1, 1);
    struct span *sp = calloc(1, sizeof *sp);
    glp_prob *lp = glp_create_prob();
    if (ind == NULL || val == NULL || state == NULL || sp == NULL) {
        rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
        goto done;
    }
    sp->n = n;
    span_reduce(sp, grand, 1);

    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_cols(lp, eps_col);
    for (size_t i = 0; i < n; i++) /* imputations: x_i <= c({i}) */
        glp_set_col_bnds(lp, (int)i + 1, GLP_UP, 0.0, cost[(cf_coalition_t)1 << i]);
    glp_set_col_bnds(lp, eps_col, GLP_FR, 0.0, 0.0);
    glp_set_obj_coef(lp, eps_col, 1.0);
    glp_add_rows(lp, eff_row);
    for (size_t s = 1; s <= nrows + 1; s++) {
        cf_coalition_t set = s <= nrows ? (cf_coalition_t)s : grand;
        int len = 0;
        for (size_t i = 0; i < n; i++)
            if ((set >> i) & 1u) {
                ind[++len] = (int)i + 1;
                val[len] = 1.0;
            }
        if (s <= nrows) {
            ind[++len] = eps_col;
            val[len] = 1.0;
            glp_set_row_bnds(lp, (int)s, GLP_UP, 0.0, cost[set]);
        } else {
            glp_set_row_bnds(lp, (int)s, GLP_FX, cost_n, cost_n);
        }
        glp_set_mat_row(lp, (int)s, len, ind, val);
    }
    glp_adv_basis(lp, 0);

    size_t free_rows = nrows;
    while (free_rows > 0) {
        if (solve(lp) != 0) {
            rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL,
                              "nucleolus: GLPK found no optimum (status %d)", glp_get_status(lp));
            goto done;
        }
        double eps = glp_get_obj_val(lp);
        for (size_t i = 0; i < n; i++)
            x[i] = glp_get_col_prim(lp, (int)i + 1);

        /* A coalition with a positive dual is tight in every optimum
         * (complementary slackness); the duals of the eps column sum to 1,
         * so at least one exists unless they are numerically degenerate. */
        size_t nfixed = 0;
        for (size_t s = 1; s <= nrows; s++) {
            if (state[s] != ROW_FREE)
                continue;
            double slack = cost[s] - set_sum(x, n, (cf_coalition_t)s) - eps;
            if (fabs(glp_get_row_dual(lp, (int)s)) > DUAL_TOL && slack <= 1e-7 * fmax(1.0, fabs(cost[s]))) {
                state[s] = ROW_FIXED;
                nfixed++;
            }
        }
        if (nfixed == 0) {
            for (size_t s = 1; s <= nrows; s++) {
                if (state[s] != ROW_FREE)
                    continue;
                double slack = cost[s] - set_sum(x, n, (cf_coalition_t)s) - eps;
                if (slack <= 1e-7 * fmax(1.0, fabs(cost[s])) &&
                    tight_everywhere(lp, n, (cf_coalition_t)s, cost[s], eps,
                                     1e-7 * fmax(1.0, fabs(cost[s])))) {
                    state[s] = ROW_FIXED;
                    nfixed++;
                }
            }
        }
        if (nfixed == 0) {
            rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL,
                              "nucleolus: no coalition could be fixed at excess %g", eps);
            goto done;
        }
        /* Fix them at this excess: x(S) = c(S) - eps, without the eps column. */
        for (size_t s = 1; s <= nrows; s++) {
            if (state[s] != ROW_FIXED || glp_get_row_type(lp, (int)s) == GLP_FX)
                continue;
            int len = 0;
            for (size_t i = 0; i < n; i++)
                if ((s >> i) & 1u) {
                    ind[++len] = (int)i + 1;
                    val[len] = 1.0;
                }
            glp_set_mat_row(lp, (int)s, len, ind, val);
            glp_set_row_bnds(lp, (int)s, GLP_FX, cost[s] - eps, cost[s] - eps);
            span_reduce(sp, (cf_coalition_t)s, 1);
            free_rows--;
        }
        /* Coalitions whose x(S) is now determined no longer matter. */
        for (size_t s = 1; s <= nrows; s++) {
            if (state[s] != ROW_FREE || span_reduce(sp, (cf_coalition_t)s, 0))
                continue;
            state[s] = ROW_IMPLIED;
            glp_set_row_bnds(lp, (int)s, GLP_FR, 0.0, 0.0);
            free_rows--;
        }
    }
    if (sp->rank < n) {
        /* cannot happen: the singletons are coalitions; kept as a guard */
        rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "nucleolus: allocation not unique");
        goto done;
    }
    /* x from the last LP: its fixed rows are tight there and span R^n, so
     * it is the one point left. */
done:
    glp_delete_prob(lp);
    free(ind);
    free(val);
    free(state);
    free(sp);
    return rc;
}

int cf_nucleolus(struct cf_game *game, const struct cf_alloc_opts *opts, double *x,
                 struct cf_error *err)
{
    size_t n = cf_game_players(game);
    if (n > CF_NUCLEOLUS_MAX)
        return cf_error_set(err, CF_ERR_DATA, NULL, 0, "nucleolus",
                            "computed over every coalition, up to %d players; "
                            "this game has %zu (use shapley, which samples beyond 12)",
                            CF_NUCLEOLUS_MAX, n);
    cf_coalition_t grand = cf_game_grand(game);
    double *cost = NULL;
    int rc = cf_game_cost_all(game, opts->threads, &cost, err);
    if (rc != CF_OK)
        return rc;
    double cost_n = cost[grand];
    double standalone_sum = 0.0;
    for (size_t i = 0; i < n; i++)
        standalone_sum += cost[(cf_coalition_t)1 << i];
    if (n == 1) {
        x[0] = cost_n;
    } else if (cost_n > standalone_sum + 1e-9 * fmax(1.0, fabs(cost_n))) {
        rc = cf_error_set(err, CF_ERR_DATA, NULL, 0, "nucleolus",
                          "no imputation: c(N) = %.2f exceeds the sum of standalone costs %.2f, "
                          "so it is undefined", cost_n, standalone_sum);
    } else {
        struct cf_glpk_guard guard; /* GLPK off stdout, its fatal errors back here */
        cf_glpk_guard_begin(&guard, NULL, NULL);
        if (setjmp(guard.jump) != 0) {
            free(cost);
            return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "nucleolus: GLPK failed");
        }
        rc = mps_sequence(n, cost, x, err);
        cf_glpk_guard_end(&guard);
    }
    free(cost);
    return rc;
}
