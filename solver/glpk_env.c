/* glpk_env.c — GLPK output and fatal errors routed into the project's log
 * channel and error path (style.md: library code never prints or aborts). */
#include "solver/glpk_env.h"

#include "solver/clock.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#define CF_WORK_ITERATION_S 2e-6
#define CF_WORK_ITERATION_ROW_S 1e-8
#define CF_WORK_ITERATION_NZ_S 8e-9
#define CF_WORK_NODE_S 1e-4
#define CF_WORK_NODE_SIZE_S 5e-7

static void flush_line(struct cf_glpk_guard *g)
{
    if (g->len == 0)
        return;
    g->line[g->len] = '\0';
    if (g->log)
        g->log(g->log_ctx, g->line);
    g->len = 0;
}

/* GLPK calls this with each piece of text it prints; returning nonzero keeps
 * it off stdout. */
static int on_term(void *info, const char *s)
{
    struct cf_glpk_guard *g = info;
    for (; *s; s++) {
        if (*s == '\n') {
            flush_line(g);
        } else {
            if (g->len + 1 >= sizeof g->line)
                flush_line(g);
            g->line[g->len++] = *s;
        }
    }
    return 1;
}

static _Thread_local unsigned failures;

unsigned cf_glpk_failures(void)
{
    return failures;
}

/* GLPK's fatal error: its message has been printed through on_term. GLPK's
 * manual (glp_error_hook) requires glp_free_env before leaving by longjmp. */
static void on_error(void *info)
{
    struct cf_glpk_guard *g = info;
    failures++;
    flush_line(g);
    glp_free_env();
    longjmp(g->jump, 1);
}

void cf_glpk_guard_begin(struct cf_glpk_guard *g, void (*log)(void *ctx, const char *line),
                         void *log_ctx)
{
    g->log = log;
    g->log_ctx = log_ctx;
    g->len = 0;
    g->old_term_out = glp_term_out(log ? GLP_ON : GLP_OFF);
    glp_term_hook(on_term, g);
    glp_error_hook(on_error, g);
}

void cf_glpk_guard_end(struct cf_glpk_guard *g)
{
    flush_line(g);
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    glp_term_out(g->old_term_out == GLP_ON ? GLP_ON : GLP_OFF);
}

int cf_glpk_msg_level(const struct cf_glpk_guard *g)
{
    return g->log ? GLP_MSG_ON : GLP_MSG_OFF;
}

int cf_glpk_time_limit_ms(double seconds_left)
{
    if (cf_clock_counts_work())
        return INT_MAX;
    if (!isfinite(seconds_left) || seconds_left * 1000.0 >= (double)INT_MAX)
        return INT_MAX;
    if (seconds_left <= 0.001)
        return 1;
    return (int)(seconds_left * 1000.0);
}

/* Nominal seconds of one dual simplex iteration of lp: a fixed part, and a
   part that grows with the rows (the basis factor and its updates) and the
   nonzeros (pricing). Fitted to GLPK 5.0 on this project's lane, packing and
   fill models (README, "Repeatable plans"); the primal simplex's iterations
   cost less (parm_scale). */
static double iteration_s(glp_prob *lp)
{
    return CF_WORK_ITERATION_S + CF_WORK_ITERATION_ROW_S * glp_get_num_rows(lp) +
           CF_WORK_ITERATION_NZ_S * glp_get_num_nz(lp);
}

/* A primal iteration against a dual one; with the presolver the LP solved
   is smaller than lp. Measured on the 40-firm year. */
static double parm_scale(const glp_smcp *parm)
{
    if (parm->meth != GLP_PRIMAL)
        return 1.0;
    return parm->presolve == GLP_ON ? 0.35 : 0.6;
}

/* the iterations lp made since *seen, charged to the work clock at scale */
static void charge(glp_prob *lp, int *seen, double scale)
{
    int now = glp_get_it_cnt(lp);
    if (now > *seen)
        cf_clock_charge((double)(now - *seen) * iteration_s(lp) * scale);
    *seen = now;
}

int cf_glpk_simplex(glp_prob *lp, glp_smcp *parm, double seconds_left)
{
    parm->tm_lim = cf_glpk_time_limit_ms(seconds_left);
    parm->it_lim = INT_MAX;
    if (!cf_clock_counts_work())
        return glp_simplex(lp, parm);
    double scale = parm_scale(parm);
    double its = isfinite(seconds_left) ? seconds_left / (iteration_s(lp) * scale) : (double)INT_MAX;
    parm->it_lim = its >= (double)INT_MAX ? INT_MAX : its < 1.0 ? 1 : (int)its;
    int seen = glp_get_it_cnt(lp);
    int ret = glp_simplex(lp, parm);
    charge(lp, &seen, scale);
    return ret;
}

void cf_glpk_tally_start(struct cf_glpk_tally *t, glp_prob *lp)
{
    t->iterations = glp_get_it_cnt(lp);
    t->node = 0;
}

void cf_glpk_tree_charge(glp_tree *tree, struct cf_glpk_tally *t)
{
    if (!cf_clock_counts_work())
        return;
    glp_prob *lp = glp_ios_get_prob(tree);
    charge(lp, &t->iterations, 1.0); /* glp_intopt's node LPs: the dual simplex */
    int node = glp_ios_curr_node(tree);
    if (node != 0 && node != t->node) {
        t->node = node;
        cf_clock_charge(CF_WORK_NODE_S + CF_WORK_NODE_SIZE_S * (glp_get_num_rows(lp) + glp_get_num_cols(lp) +
                                                                glp_get_num_nz(lp)));
    }
}
