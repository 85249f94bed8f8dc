/* glpk_env.h — shared GLPK plumbing for solver/: GLPK's terminal output goes
 * to a log callback (the -v channel) and never to stdout, and GLPK's fatal
 * errors (which would abort the process) come back as a longjmp. GLPK keeps
 * its environment per thread in Debian's build: one solve per thread is safe. */
#ifndef CF_GLPK_ENV_H
#define CF_GLPK_ENV_H

#include <glpk.h>
#include <setjmp.h>
#include <stddef.h>

struct cf_glpk_guard {
    jmp_buf jump; /* target of GLPK's fatal error: see cf_glpk_guard_begin */
    void (*log)(void *ctx, const char *line);
    void *log_ctx;
    char line[512]; /* GLPK prints pieces of lines: collected up to '\n' */
    size_t len;
    int old_term_out;
};

/* Route GLPK's output of this thread to log (may be NULL: output dropped)
 * and its fatal errors to g->jump. The caller then runs
 *     if (setjmp(g->jump)) { ...GLPK failed... }
 * in the frame that calls glp_*: after the jump GLPK's environment has been
 * freed with its hooks (every glp_prob of this thread is gone: do not
 * delete them, and do not call cf_glpk_guard_end). Otherwise pair with
 * cf_glpk_guard_end. Guards do not nest: one per thread at a time (GLPK
 * keeps one hook of each kind and cf_glpk_guard_end clears them). */
void cf_glpk_guard_begin(struct cf_glpk_guard *g, void (*log)(void *ctx, const char *line),
                         void *log_ctx);

/* How many times GLPK failed fatally on this thread so far: a caller that
 * lifted its guard around a nested solve compares the counts to learn
 * whether GLPK's environment (and every glp_prob of the thread) is gone. */
unsigned cf_glpk_failures(void);

/* Flush a partial line, remove the hooks, restore terminal output. */
void cf_glpk_guard_end(struct cf_glpk_guard *g);

/* GLP_MSG_ON when a log is attached, else GLP_MSG_OFF: for glp_smcp/glp_iocp. */
int cf_glpk_msg_level(const struct cf_glpk_guard *g);

/* Milliseconds for glp_smcp/glp_iocp tm_lim from seconds left (INT_MAX when
 * unlimited, at least 1). INT_MAX under the work clock (clock.h): there the
 * limits are cf_glpk_simplex's iteration limit and the glp_intopt callbacks' deadlines. */
int cf_glpk_time_limit_ms(double seconds_left);

/* glp_simplex(lp, parm) within seconds_left by the chosen clock (clock.h):
 * tm_lim on the wall clock; under the work clock it_lim, the iterations of
 * an LP of lp's size that make that much work, and the iterations made are
 * charged to the clock. Returns what glp_simplex returns (GLP_ETMLIM or
 * GLP_EITLIM when the limit stopped it). */
int cf_glpk_simplex(glp_prob *lp, glp_smcp *parm, double seconds_left);

/* What a branch and bound has been charged for so far. */
struct cf_glpk_tally {
    int iterations; /* glp_get_it_cnt of the problem at the last charge */
    int node;       /* the current node at the last charge */
};

/* Before glp_intopt(lp): the tally starts from lp's counts. */
void cf_glpk_tally_start(struct cf_glpk_tally *t, glp_prob *lp);

/* For glp_intopt's callback: charges the work clock for the search's
 * simplex iterations since the last charge (glp_intopt solves its node LPs
 * on the problem itself) and for each node it moved to (copying the node's
 * LP in and out, its cut rounds). glp_iocp's tm_lim (from
 * cf_glpk_time_limit_ms) is unlimited under the work clock, so every
 * callback then stops the search itself (glp_ios_terminate) once cf_now_s()
 * is past its deadline. */
void cf_glpk_tree_charge(glp_tree *tree, struct cf_glpk_tally *t);

#endif
