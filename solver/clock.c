/* clock.c — the wall and work clocks (clock.h). */
#include "solver/clock.h"

#include <time.h>

/* Work charged per reading of the work clock: about what a reading and the
   step of the loop around it cost (see README, "Repeatable plans"). */
#define CF_WORK_PER_READING_S 2e-6
/* Work per counted step of a heuristic's loop (cf_clock_count). */
#define CF_WORK_PER_STEP_S 1.4e-9

static enum cf_clock_kind clock_kind = CF_CLOCK_WALL;
static _Thread_local double work_s;  /* this thread's work, nominal seconds */
static _Thread_local int solve_depth; /* nested cf_clock_enter calls */

void cf_clock_use(enum cf_clock_kind kind)
{
    clock_kind = kind;
}

const char *cf_clock_name(enum cf_clock_kind kind)
{
    return kind == CF_CLOCK_WORK ? "work" : "wall";
}

int cf_clock_counts_work(void)
{
    return clock_kind == CF_CLOCK_WORK;
}

double cf_wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double cf_now_s(void)
{
    if (clock_kind == CF_CLOCK_WALL)
        return cf_wall_s();
    work_s += CF_WORK_PER_READING_S;
    return work_s;
}

double cf_clock_peek(void)
{
    return clock_kind == CF_CLOCK_WALL ? cf_wall_s() : work_s;
}

void cf_clock_charge(double seconds)
{
    if (clock_kind == CF_CLOCK_WORK && seconds > 0.0)
        work_s += seconds;
}

void cf_clock_count(double steps)
{
    if (clock_kind == CF_CLOCK_WORK && steps > 0.0)
        work_s += steps * CF_WORK_PER_STEP_S;
}

void cf_clock_enter(void)
{
    if (solve_depth++ == 0)
        work_s = 0.0;
}

void cf_clock_leave(void)
{
    if (solve_depth > 0)
        solve_depth--;
}
