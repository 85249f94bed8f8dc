/* coalition_lp.h — an LP whose rows are coalition constraints x(S) <= c(S)
 * (or x(S) + eps <= c(S)), one per coalition of a game: 2^n of them, so rows
 * are added lazily — solve with a few, add the most violated of the others,
 * solve again (row generation) — until none is violated. Shared by the
 * nucleolus and the equal profit method; GLPK stays inside solver/. */
#ifndef CF_COALITION_LP_H
#define CF_COALITION_LP_H

#include <glpk.h>
#include <stddef.h>

#include "solver/game.h"

struct cf_coalition_violation {
    double amount;
    cf_coalition_t set;
};

struct cf_coalition_lp {
    glp_prob *lp;         /* columns 1..n are x; created by the caller */
    size_t n;
    const double *cost;   /* c(S) for S = 0..2^n-1, not owned */
    int eps_col;          /* 0: rows x(S) <= c(S); else x(S) + eps <= c(S) */
    int *row_of;          /* coalition -> LP row, 0 when not added */
    unsigned char *skip;  /* coalitions never to add (N, fixed, implied) */
    double *paid;         /* x(S) for every S, workspace */
    struct cf_coalition_violation *violated;
    size_t rounds;        /* LPs solved, for tests and -v */
};

/* Set up over lp (already holding its columns). Returns 0 or -1 (memory). */
int cf_coalition_lp_init(struct cf_coalition_lp *c, glp_prob *lp, size_t n, const double *cost,
                         int eps_col);
void cf_coalition_lp_free(struct cf_coalition_lp *c);

/* Add the row of coalition set (if not there yet); returns its row index. */
int cf_coalition_lp_add(struct cf_coalition_lp *c, cf_coalition_t set);

/* Add the rows most likely to bind: singletons, pairs and complements of
 * singletons (skipped ones left out). */
void cf_coalition_lp_seed(struct cf_coalition_lp *c);

/* Solve, adding violated rows of coalitions not skipped until none is
 * violated: then the optimum is that of the LP with every row. Returns
 * GLP_OPT, GLP_NOFEAS (no feasible point even with the rows so far, so none
 * with all of them), or -1 when GLPK failed otherwise. */
int cf_coalition_lp_solve(struct cf_coalition_lp *c);

#endif
