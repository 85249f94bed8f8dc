/* clock.h — the one clock solver/ keeps its time limits by. */
#ifndef CF_CLOCK_H
#define CF_CLOCK_H

/* Monotonic seconds (CLOCK_MONOTONIC): only differences mean anything. */
double cf_now_s(void);

#endif
