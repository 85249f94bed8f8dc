/* bp_arcflow.c — placeholder while the arc-flow model is written. */
#include "solver/bp_core.h"

int bp_arcflow_solve(const struct bp_ctx *c, struct bp_pack *inc, double *lb, int *applicable,
                     struct cf_error *err)
{
    (void)c; (void)inc; (void)lb; (void)err;
    *applicable = 0;
    return CF_OK;
}
