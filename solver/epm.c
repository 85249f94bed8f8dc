/* epm.c — the equal profit method of Frisk, Göthe-Lundgren, Jörnsten and
 * Rönnqvist (2010, "Cost allocation in collaborative forest transportation",
 * EJOR 205): over the core, minimise the largest difference between two
 * players' relative costs x_i / c({i}) (equivalently, relative savings). One
 * LP in GLPK: min u - l s.t. l <= x_i / c({i}) <= u, x(S) <= c(S), x(N) = c(N),
 * its core rows generated lazily (coalition_lp.h). */
#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>

#include "allocate.h"
#include "solver/coalition_lp.h"
#include "solver/glpk_env.h"

/* The LP on the table cost[0..2^n-1]; runs inside a GLPK guard (cf_epm). */
static int epm_lp(size_t n, const double *cost, double *x, struct cf_error *err)
{
    cf_coalition_t grand = ((cf_coalition_t)1 << n) - 1;
    int col_u = (int)n + 1, col_l = (int)n + 2;
    int ind[CF_EPM_MAX + 3];
    double val[CF_EPM_MAX + 3];
    int rc = CF_OK;
    struct cf_coalition_lp c = {0};
    glp_prob *lp = glp_create_prob();
    if (cf_coalition_lp_init(&c, lp, n, cost, 0) != 0) {
        glp_delete_prob(lp);
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    }
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_cols(lp, col_l);
    for (int j = 1; j <= col_l; j++)
        glp_set_col_bnds(lp, j, GLP_FR, 0.0, 0.0);
    glp_set_obj_coef(lp, col_u, 1.0);
    glp_set_obj_coef(lp, col_l, -1.0);
    for (size_t i = 0; i < n; i++) {
        ind[i + 1] = (int)i + 1;
        val[i + 1] = 1.0;
    }
    int row = glp_add_rows(lp, (int)(1 + 2 * n));
    glp_set_mat_row(lp, row, (int)n, ind, val); /* x(N) = c(N) */
    glp_set_row_bnds(lp, row, GLP_FX, cost[grand], cost[grand]);
    for (size_t i = 0; i < n; i++) {
        ind[1] = (int)i + 1;
        val[1] = 1.0 / cost[(cf_coalition_t)1 << i];
        ind[2] = col_u;
        val[2] = -1.0; /* x_i / c_i - u <= 0 */
        glp_set_mat_row(lp, ++row, 2, ind, val);
        glp_set_row_bnds(lp, row, GLP_UP, 0.0, 0.0);
        ind[2] = col_l; /* x_i / c_i - l >= 0 */
        glp_set_mat_row(lp, ++row, 2, ind, val);
        glp_set_row_bnds(lp, row, GLP_LO, 0.0, 0.0);
    }
    cf_coalition_lp_seed(&c); /* the core rows x(S) <= c(S), generated lazily */
    glp_adv_basis(lp, 0);
    int status = cf_coalition_lp_solve(&c);
    if (status == GLP_NOFEAS) {
        rc = cf_error_set(err, CF_ERR_DATA, NULL, 0, "epm",
                          "the core is empty: no allocation of c(N) keeps every coalition at or "
                          "below its own cost, so the equal profit method is undefined");
    } else if (status != GLP_OPT) {
        rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "epm: GLPK found no optimum (status %d)",
                          glp_get_status(lp));
    } else {
        for (size_t i = 0; i < n; i++)
            x[i] = glp_get_col_prim(lp, (int)i + 1);
    }
    glp_delete_prob(lp);
    cf_coalition_lp_free(&c);
    return rc;
}

int cf_epm(struct cf_game *game, const struct cf_alloc_opts *opts, double *x, struct cf_error *err)
{
    size_t n = cf_game_players(game);
    if (n > CF_EPM_MAX)
        return cf_error_set(err, CF_ERR_DATA, NULL, 0, "epm",
                            "constrains every coalition, up to %d players; this game has %zu "
                            "(use shapley, which samples beyond 12)", CF_EPM_MAX, n);
    double *cost = NULL;
    int rc = cf_game_cost_all(game, opts->threads, &cost, err);
    if (rc != CF_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (!(cost[(cf_coalition_t)1 << i] > 0.0)) {
            rc = cf_error_set(err, CF_ERR_DATA, NULL, 0, "epm",
                              "it compares x_i / c({i}): the standalone cost of \"%s\" must be > 0, got %.2f",
                              cf_game_player(game, i), cost[(cf_coalition_t)1 << i]);
            free(cost);
            return rc;
        }

    struct cf_glpk_guard guard; /* GLPK off stdout, its fatal errors back here */
    cf_glpk_guard_begin(&guard, NULL, NULL);
    if (setjmp(guard.jump) != 0) {
        free(cost);
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "epm: GLPK failed");
    }
    rc = epm_lp(n, cost, x, err);
    cf_glpk_guard_end(&guard);
    free(cost);
    return rc;
}
