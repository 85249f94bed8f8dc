/* glpk_env.c — GLPK output and fatal errors routed into the project's log
 * channel and error path (style.md: library code never prints or aborts). */
#include "solver/glpk_env.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <string.h>

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
    if (!isfinite(seconds_left) || seconds_left * 1000.0 >= (double)INT_MAX)
        return INT_MAX;
    if (seconds_left <= 0.001)
        return 1;
    return (int)(seconds_left * 1000.0);
}
