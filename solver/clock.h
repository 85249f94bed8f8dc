/* clock.h — the one clock solver/ keeps its time limits by.
 *
 * Two kinds. The wall clock (the default) is monotonic seconds: a plan cut
 * short by a time limit depends on how busy the machine was. The work clock
 * counts the solver's own work instead, in nominal seconds: simplex
 * iterations weighted by the LP's size (charged by glpk_env.h) and a small
 * fixed amount per reading of the clock (every loop that stops on a deadline
 * reads it, so every such loop ends). Work is counted per thread and starts
 * from zero at each top-level solve (cf_clock_enter), so a solve under the
 * work clock gives the same answer on every run, machine and build, whatever
 * else the process or its other threads did. */
#ifndef CF_CLOCK_H
#define CF_CLOCK_H

enum cf_clock_kind { CF_CLOCK_WALL = 0, CF_CLOCK_WORK };

/* Choose the clock for the whole process. Call before any solve starts
 * (threads read the choice without locking). */
void cf_clock_use(enum cf_clock_kind kind);

/* "wall" or "work": the clock's name in --clock and in JSON. */
const char *cf_clock_name(enum cf_clock_kind kind);

/* 1 under the work clock, else 0. */
int cf_clock_counts_work(void);

/* Seconds by the chosen clock: only differences mean anything. Under the
 * work clock each reading itself counts as a little work. */
double cf_now_s(void);

/* Monotonic wall-clock seconds, whichever clock is chosen: for limits that
 * are documented as wall-clock. */
double cf_wall_s(void);

/* The chosen clock read without counting the reading as work: for what a
 * log line prints, so that -v never changes what the solver does. */
double cf_clock_peek(void);

/* Charge nominal seconds of work to this thread (nothing on the wall clock). */
void cf_clock_charge(double seconds);

/* Charge the steps of a simple loop (a load, a compare, an add: a few
 * nanoseconds each) to this thread: the heuristics count what they scan. */
void cf_clock_count(double steps);

/* A solve starts (enter) or ends (leave). The outermost enter of a thread
 * sets its work count to zero; nested solves keep counting. */
void cf_clock_enter(void);
void cf_clock_leave(void);

#endif
