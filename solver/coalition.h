/* coalition.h — the cost oracle of the pooling game (domain.md, "Costs" and
 * "Cost allocation"): c(S) is the standalone cost of a firm for |S| = 1 and the
 * consolidated plan's cost of S's shipments for |S| >= 2. Every plan starts on
 * the same schedule (the Monday on or before the earliest ready date of all
 * shipments) so that the c(S) are comparable. c(S) is a sum over lanes
 * (origin, destination): nothing in a plan couples two lanes, so each lane's
 * cost is cached by (the lane's shippers in S, the lane's rate card for S) and
 * shared by every coalition that poses the same lane problem. */
#ifndef CF_COALITION_H
#define CF_COALITION_H

#include <stddef.h>

#include "models/date.h"
#include "models/equipment.h"
#include "models/error.h"
#include "models/money.h"
#include "models/quote.h"
#include "models/shipment.h"
#include "solver/plan.h"

struct cf_coalition_input {
    const struct cf_shipments *shipments;  /* every member's shipments (must outlive the oracle) */
    const struct cf_quotes *quotes;        /* firms' quotes, normalised */
    const struct cf_quotes *cluster;       /* cluster rate card with tiers; may be NULL */
    const struct cf_catalogue *catalogue;
    double fill_factor;
    double time_limit_s;                   /* per lane plan of every coalition but the grand one */
    double grand_time_limit_s;             /* the grand coalition's plan, shared by its lanes in
                                              proportion to their shipments; 0: time_limit_s per lane */
    cf_date_t as_of;                       /* CF_DATE_NONE: every quote */
    int grand_every_quote;                 /* 1: the grand coalition is priced with every quote-holder's
                                              quotes, members or not (propose, domain.md) */
};

struct cf_coalition;

/* Players are the firms that own shipments, in order of their first shipment
 * (at most 64). Free with cf_coalition_free. CF_ERR_DATA when there are no
 * shipments or more than 64 firms. */
int cf_coalition_create(const struct cf_coalition_input *in, struct cf_coalition **out,
                        struct cf_error *err);
void cf_coalition_free(struct cf_coalition *c);

size_t cf_coalition_nfirms(const struct cf_coalition *c);
const char *cf_coalition_firm(const struct cf_coalition *c, size_t i);
/* index of firm, or -1 when it owns no shipment */
long cf_coalition_firm_index(const struct cf_coalition *c, const char *firm);
/* every plan's first sea sailing */
cf_date_t cf_coalition_schedule_start(const struct cf_coalition *c);

/* c(S) in cents for the members flagged in in[0..nfirms-1] (at least one).
 * Thread-safe. */
int cf_coalition_cost_cents(struct cf_coalition *c, const unsigned char *in, cf_cents_t *out,
                            struct cf_error *err);

/* The game oracle (solver/game.h, cf_game_cost_fn): ctx is a struct
 * cf_coalition; *cost is c(S) in currency units (whole cents). */
int cf_coalition_cost(void *ctx, const unsigned char *in, double *cost, struct cf_error *err);

/* The plan behind c(S), lanes merged: shipment indices refer to the input
 * shipments; stand_in flags (one per container, one per loose charge) say
 * which charges a cluster-median stand-in priced (only for |S| = 1). Its
 * total_cost equals c(S) (the lane costs are cached from these plans). Free
 * with cf_coalition_plan_free. */
struct cf_coalition_plan {
    struct cf_plan plan;
    unsigned char *container_stand_in;
    unsigned char *loose_stand_in;
};
int cf_coalition_plan(struct cf_coalition *c, const unsigned char *in, struct cf_coalition_plan *out,
                      struct cf_error *err);
void cf_coalition_plan_free(struct cf_coalition_plan *p);

/* What the plans solved so far reached: the worst status, the largest gap,
 * and how many lane plans were solved (cache misses). */
struct cf_coalition_stats {
    enum cf_plan_status worst_status;
    double worst_gap;
    size_t lane_plans;
    size_t lane_hits;
};
void cf_coalition_stats(struct cf_coalition *c, struct cf_coalition_stats *out);

#endif
