/* glpk_env.h — shared GLPK plumbing for solver/: GLPK's terminal output goes
 * to a log callback (the -v channel) and never to stdout, and GLPK's fatal
 * errors (which would abort the process) come back as a longjmp. GLPK keeps
 * its environment per thread in Debian's build: one solve per thread is safe. */
#ifndef CF_GLPK_ENV_H
#define CF_GLPK_ENV_H

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
 * unlimited, at least 1). */
int cf_glpk_time_limit_ms(double seconds_left);

#endif
