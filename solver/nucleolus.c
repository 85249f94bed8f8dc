/* nucleolus.c — the nucleolus of a cost game (domain.md, "Cost allocation"):
 * the imputation that lexicographically maximises the smallest excess
 * c(S) - x(S) (what S saves), i.e. minimises the largest x(S) - c(S), then
 * the next, ... Computed by the Maschler-Peleg-Shapley / Kopelowitz
 * sequence of LPs in GLPK: maximise eps s.t. x(S) + eps <= c(S) for the free
 * coalitions, fix those tight in every optimum at that level (by their duals),
 * repeat until x is unique. Rows are generated lazily (coalition_lp.h). */
#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "allocate.h"
#include "solver/coalition_lp.h"
#include "solver/glpk_env.h"

#define DUAL_TOL 1e-9 /* a row dual above this is a binding coalition */
#define RANK_TOL 1e-9 /* pivot threshold in the span test of 0/1 vectors */

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

/* Is free coalition s tight in every optimum at level eps? Checked with an
 * LP: minimise x(S) with eps fixed; tight everywhere when min x(S) equals
 * c(S) - eps. Used only when no row dual singles a coalition out. */
static int tight_everywhere(struct cf_coalition_lp *c, cf_coalition_t s, double eps, double tol, double eps_max)
{
    glp_prob *lp = c->lp;
    size_t n = c->n;
    int eps_col = (int)n + 1;
    glp_set_obj_coef(lp, eps_col, 0.0);
    for (size_t i = 0; i < n; i++)
        glp_set_obj_coef(lp, (int)i + 1, ((s >> i) & 1u) ? 1.0 : 0.0);
    glp_set_obj_dir(lp, GLP_MIN);
    glp_set_col_bnds(lp, eps_col, GLP_FX, eps, eps);
    int tight = 0;
    if (cf_coalition_lp_solve(c) == GLP_OPT)
        tight = glp_get_obj_val(lp) >= c->cost[s] - eps - tol;
    for (size_t i = 0; i < n; i++)
        glp_set_obj_coef(lp, (int)i + 1, 0.0);
    glp_set_obj_coef(lp, eps_col, 1.0);
    glp_set_obj_dir(lp, GLP_MAX);
    glp_set_col_bnds(lp, eps_col, GLP_UP, 0.0, eps_max);
    return tight;
}

static double slack_tol(double cost)
{
    return 1e-7 * fmax(1.0, fabs(cost));
}

/* The sequence of LPs on the table cost[0..2^n-1]; x gets the nucleolus.
 * Runs inside a GLPK guard (cf_nucleolus). */
static int mps_sequence(size_t n, const double *cost, double *x, struct cf_error *err)
{
    cf_coalition_t grand = ((cf_coalition_t)1 << n) - 1;
    int eps_col = (int)n + 1;
    int rc = CF_OK;
    struct cf_coalition_lp c = {0};
    struct span *sp = calloc(1, sizeof *sp);
    cf_coalition_t *fixing = malloc((size_t)grand * sizeof *fixing);
    glp_prob *lp = glp_create_prob();
    if (sp == NULL || fixing == NULL || cf_coalition_lp_init(&c, lp, n, cost, eps_col) != 0) {
        rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
        goto done;
    }
    sp->n = n;
    span_reduce(sp, grand, 1);

    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_cols(lp, eps_col);
    for (size_t i = 0; i < n; i++) /* imputations: x_i <= c({i}) */
        glp_set_col_bnds(lp, (int)i + 1, GLP_UP, 0.0, cost[(cf_coalition_t)1 << i]);
    /* eps has an upper bound no excess reaches, so that the LP stays bounded
       while the rows that bound it are still to be generated: once rows were
       fixed or dropped, the rows left could leave eps free and the simplex
       stopped at "unbounded" (9 players, a helper's audit); at the bound the
       missing rows are violated and added */
    double most = 0.0, singles = fabs(cost[grand]); /* |x_i| <= sum |c(j)| + |c(N)| on imputations */
    for (cf_coalition_t s = 1; s <= grand; s++)
        most = fmax(most, fabs(cost[s]));
    for (size_t i = 0; i < n; i++)
        singles += fabs(cost[(cf_coalition_t)1 << i]);
    double eps_max = most + (double)n * singles + 1.0; /* |c(S) - x(S)| stays below */
    glp_set_col_bnds(lp, eps_col, GLP_UP, 0.0, eps_max);
    glp_set_obj_coef(lp, eps_col, 1.0);
    int ind[CF_NUCLEOLUS_MAX + 2];
    double val[CF_NUCLEOLUS_MAX + 2];
    for (size_t i = 0; i < n; i++) {
        ind[i + 1] = (int)i + 1;
        val[i + 1] = 1.0;
    }
    int eff_row = glp_add_rows(lp, 1); /* x(N) = c(N) */
    glp_set_mat_row(lp, eff_row, (int)n, ind, val);
    glp_set_row_bnds(lp, eff_row, GLP_FX, cost[grand], cost[grand]);
    cf_coalition_lp_seed(&c);
    glp_adv_basis(lp, 0);

    size_t free_sets = (size_t)grand - 1;
    while (free_sets > 0) {
        if (cf_coalition_lp_solve(&c) != GLP_OPT) {
            rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL,
                              "nucleolus: GLPK found no optimum (status %d)", glp_get_status(lp));
            goto done;
        }
        double eps = glp_get_col_prim(lp, eps_col);
        for (size_t i = 0; i < n; i++)
            x[i] = glp_get_col_prim(lp, (int)i + 1);

        /* A coalition with a positive dual is tight in every optimum
         * (complementary slackness); the duals on the eps column add up to
         * 1, so one exists unless they are numerically degenerate. Rows not
         * generated have dual 0, a valid dual of the LP with every row. */
        size_t nfixing = 0;
        for (cf_coalition_t s = 1; s < grand; s++) {
            int row = c.row_of[s];
            if (row == 0 || c.skip[s])
                continue;
            double slack = cost[s] - c.paid[s] - eps;
            if (fabs(glp_get_row_dual(lp, row)) > DUAL_TOL && slack <= slack_tol(cost[s]))
                fixing[nfixing++] = s;
        }
        if (nfixing == 0) { /* candidates: tight at this optimum; each checked by an LP */
            size_t ncandidates = 0;
            for (cf_coalition_t s = 1; s < grand; s++)
                if (c.row_of[s] != 0 && !c.skip[s] && cost[s] - c.paid[s] - eps <= slack_tol(cost[s]))
                    fixing[ncandidates++] = s;
            for (size_t k = 0; k < ncandidates; k++)
                if (tight_everywhere(&c, fixing[k], eps, slack_tol(cost[fixing[k]]), eps_max))
                    fixing[nfixing++] = fixing[k];
        }
        if (nfixing == 0) {
            rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL,
                              "nucleolus: no coalition could be fixed at excess %g", eps);
            goto done;
        }
        /* Fix them at this excess: x(S) = c(S) - eps, without the eps column;
           one that the fixed ones already determine is dropped instead (a
           second equation for the same x(S) whose right-hand side differs in
           the last bits made the next LP infeasible: 6 players, a helper's
           audit) */
        for (size_t k = 0; k < nfixing; k++) {
            cf_coalition_t s = fixing[k];
            c.skip[s] = 1;
            free_sets--;
            if (!span_reduce(sp, s, 1)) {
                glp_set_row_bnds(lp, c.row_of[s], GLP_FR, 0.0, 0.0);
                continue;
            }
            int row = c.row_of[s], len = 0;
            for (size_t i = 0; i < n; i++)
                if ((s >> i) & 1u) {
                    ind[++len] = (int)i + 1;
                    val[len] = 1.0;
                }
            glp_set_mat_row(lp, row, len, ind, val);
            glp_set_row_bnds(lp, row, GLP_FX, cost[s] - eps, cost[s] - eps);
        }
        /* Coalitions whose x(S) is now determined no longer matter. */
        for (cf_coalition_t s = 1; s < grand; s++) {
            if (c.skip[s] || span_reduce(sp, s, 0))
                continue;
            c.skip[s] = 1;
            if (c.row_of[s] != 0)
                glp_set_row_bnds(lp, c.row_of[s], GLP_FR, 0.0, 0.0);
            free_sets--;
        }
        for (size_t i = 0; i < n; i++) /* restore the row-major order of ind */
            ind[i + 1] = (int)i + 1;
    }
    /* x is from the last LP: its fixed rows are tight there and span R^n,
     * so it is the one point left. */
done:
    glp_delete_prob(lp);
    cf_coalition_lp_free(&c);
    free(fixing);
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
