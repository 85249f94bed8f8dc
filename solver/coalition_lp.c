/* coalition_lp.c — row generation over the coalition constraints of a game
 * (coalition_lp.h). After each solve every coalition's x(S) is computed in
 * O(2^n) from its subsets, and the most violated missing rows are added; the
 * dual simplex restarts from the previous basis, which stays dual feasible. */
#include "coalition_lp.h"

#include <math.h>
#include <limits.h>
#include <stdlib.h>

int cf_coalition_lp_init(struct cf_coalition_lp *c, glp_prob *lp, size_t n, const double *cost,
                         int eps_col)
{
    size_t count = (size_t)1 << n;
    c->lp = lp;
    c->n = n;
    c->cost = cost;
    c->eps_col = eps_col;
    c->rounds = 0;
    c->row_of = calloc(count, sizeof *c->row_of);
    c->skip = calloc(count, 1);
    c->paid = calloc(count, sizeof *c->paid);
    c->violated = calloc(count, sizeof *c->violated);
    if (c->row_of == NULL || c->skip == NULL || c->paid == NULL || c->violated == NULL) {
        cf_coalition_lp_free(c);
        return -1;
    }
    c->skip[0] = 1;
    c->skip[count - 1] = 1; /* N: the efficiency row, the caller's */
    return 0;
}

void cf_coalition_lp_free(struct cf_coalition_lp *c)
{
    free(c->row_of);
    free(c->skip);
    free(c->paid);
    free(c->violated);
    c->row_of = NULL;
    c->skip = NULL;
    c->paid = NULL;
    c->violated = NULL;
}

int cf_coalition_lp_add(struct cf_coalition_lp *c, cf_coalition_t set)
{
    if (c->row_of[set] != 0)
        return c->row_of[set];
    int ind[CF_GAME_MAX_PLAYERS + 2];
    double val[CF_GAME_MAX_PLAYERS + 2];
    int len = 0;
    for (size_t i = 0; i < c->n; i++)
        if ((set >> i) & 1u) {
            ind[++len] = (int)i + 1;
            val[len] = 1.0;
        }
    if (c->eps_col != 0) {
        ind[++len] = c->eps_col;
        val[len] = 1.0;
    }
    int row = glp_add_rows(c->lp, 1);
    glp_set_mat_row(c->lp, row, len, ind, val);
    glp_set_row_bnds(c->lp, row, GLP_UP, 0.0, c->cost[set]);
    c->row_of[set] = row;
    return row;
}

void cf_coalition_lp_seed(struct cf_coalition_lp *c)
{
    cf_coalition_t grand = ((cf_coalition_t)1 << c->n) - 1;
    for (size_t i = 0; i < c->n; i++) {
        cf_coalition_t bit = (cf_coalition_t)1 << i;
        cf_coalition_t sets[2] = {bit, grand & ~bit};
        for (int k = 0; k < 2; k++)
            if (!c->skip[sets[k]])
                cf_coalition_lp_add(c, sets[k]);
        for (size_t j = i + 1; j < c->n; j++)
            if (!c->skip[bit | (cf_coalition_t)1 << j])
                cf_coalition_lp_add(c, bit | (cf_coalition_t)1 << j);
    }
}

static int by_amount_desc(const void *a, const void *b)
{
    const struct cf_coalition_violation *x = a, *y = b;
    if (x->amount != y->amount)
        return x->amount < y->amount ? 1 : -1;
    return x->set < y->set ? -1 : (x->set > y->set);
}

static int simplex(glp_prob *lp)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.meth = GLP_DUALP; /* added rows keep the basis dual feasible */
    /* an 8-player game's LP stalled in the dual simplex for minutes
       (degenerate pivots): a limit, then the fallbacks below */
    parm.it_lim = 100 * (glp_get_num_rows(lp) + glp_get_num_cols(lp)) + 1000;
    int rc = glp_simplex(lp, &parm);
    if (rc == GLP_EBADB || rc == GLP_ESING || rc == GLP_ECOND || rc == GLP_EFAIL || rc == GLP_EITLIM ||
        (rc == 0 && glp_get_status(lp) != GLP_OPT)) {
        /* a basis gone bad, the dual simplex lost in the rows that fixing
           coalitions changed, or "no feasible solution" for an LP the last
           optimum satisfies (games of 6 to 12 players, a helper's audit): a
           fresh basis and the primal simplex, then rational arithmetic */
        glp_adv_basis(lp, 0);
        parm.meth = GLP_PRIMAL;
        rc = glp_simplex(lp, &parm);
        /* a "no feasible solution" the primal simplex finds from scratch is
           believed: rational arithmetic on a 16-player EPM's 65,535 rows
           would take minutes to say the same */
        if (rc != 0 || (glp_get_status(lp) != GLP_OPT && glp_get_status(lp) != GLP_NOFEAS)) {
            glp_adv_basis(lp, 0);
            parm.it_lim = INT_MAX;
            rc = glp_exact(lp, &parm);
        }
    }
    if (rc != 0)
        return -1;
    int status = glp_get_status(lp);
    if (status == GLP_OPT || status == GLP_NOFEAS)
        return status;
    if (glp_get_prim_stat(lp) == GLP_NOFEAS)
        return GLP_NOFEAS;
    return -1;
}

int cf_coalition_lp_solve(struct cf_coalition_lp *c)
{
    size_t count = (size_t)1 << c->n;
    size_t batch = 4 * c->n + 16; /* rows added per round: the most violated */
    for (;;) {
        int status = simplex(c->lp);
        c->rounds++;
        if (status != GLP_OPT)
            return status;
        double eps = c->eps_col != 0 ? glp_get_col_prim(c->lp, c->eps_col) : 0.0;
        double x[CF_GAME_MAX_PLAYERS];
        for (size_t i = 0; i < c->n; i++)
            x[i] = glp_get_col_prim(c->lp, (int)i + 1);
        size_t nviolated = 0;
        c->paid[0] = 0.0;
        for (size_t s = 1; s < count; s++) {
            c->paid[s] = c->paid[s & (s - 1)] + x[__builtin_ctzll(s)];
            if (c->skip[s] || c->row_of[s] != 0)
                continue;
            double over = c->paid[s] + eps - c->cost[s];
            if (over > 1e-9 * fmax(1.0, fabs(c->cost[s])))
                c->violated[nviolated++] = (struct cf_coalition_violation){over, s};
        }
        if (nviolated == 0)
            return GLP_OPT;
        if (nviolated > batch)
            qsort(c->violated, nviolated, sizeof *c->violated, by_amount_desc);
        for (size_t k = 0; k < nviolated && k < batch; k++)
            cf_coalition_lp_add(c, c->violated[k].set);
    }
}
