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
#include <stdint.h>

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

/* c(S) with every lane planned quick whatever the mode (cached apart from
 * full plans): to tell how far quick plans lie above full ones. */
int cf_coalition_quick_cost_cents(struct cf_coalition *c, const unsigned char *in, cf_cents_t *out,
                                  struct cf_error *err);

/* The game oracle (solver/game.h, cf_game_cost_fn): ctx is a struct
 * cf_coalition; *cost is c(S) in currency units (whole cents). */
int cf_coalition_cost(void *ctx, const unsigned char *in, double *cost, struct cf_error *err);

/* The plan behind c(S), lanes merged: shipment indices refer to the input
 * shipments; stand_in flags (one per container, one per loose charge) say
 * which charges a cluster-median stand-in priced (only for |S| = 1): 0 for
 * none, else how many firms' quotes its median is over (capped at 255). Its
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
    enum cf_plan_status worst_status; /* over every plan, quick ones included */
    double worst_gap;                 /* over the plans solved in full (a quick plan proves no bound) */
    size_t lane_plans;                /* distinct lane problems planned, quick ones included */
    size_t lane_hits;
    size_t quick_lane_plans;          /* of lane_plans, those solved quick */
};
void cf_coalition_stats(struct cf_coalition *c, struct cf_coalition_stats *out);

/* Quick sub-coalition plans (solver/plan.h, cf_plan_input.quick: the better
 * greedy start, packed, no models; a fast upper bound). With quick set, a
 * lane plan is quick unless the coalition is one firm (its standalone cost,
 * shown as such) or holds every player of the lane (the whole pool's lane
 * problem: c(N) stays the full plan's cost). Set it before the first cost is
 * asked; 0 when created. Quick and full lane costs are cached apart. */
void cf_coalition_set_quick(struct cf_coalition *c, int quick);
int cf_coalition_quick(const struct cf_coalition *c);

/* --- the lanes as parts of an additive game ---
 * Nothing couples two lanes, so for every coalition S of two or more firms
 * c(S) = sum over lanes l of c_l(S & P_l), where P_l, the lane's players, are
 * the firms shipping on it or holding a valid quote for it: no other firm
 * changes the lane's problem (c_l(empty) = 0). A firm alone pays standalone
 * prices instead, which is the only exception. Not for grand_every_quote. */
size_t cf_coalition_nlanes(const struct cf_coalition *c);
uint64_t cf_coalition_lane_players(const struct cf_coalition *c, size_t l);
/* the shipments on lane l (of every firm) */
size_t cf_coalition_lane_shipments(const struct cf_coalition *c, size_t l);
/* "ORIG-DEST" into buf */
void cf_coalition_lane_name(const struct cf_coalition *c, size_t l, char *buf, size_t size);
/* c_l(set) in cents: lane l's cost for the firms of set (bits of
 * cf_coalition_firm indices), priced as a coalition even when set holds one
 * firm. Cached with the other lane costs; thread-safe. */
int cf_coalition_lane_cost_cents(struct cf_coalition *c, size_t l, uint64_t set, cf_cents_t *out,
                                 struct cf_error *err);

/* --- a control variate for the lane games ---
 * A cheap stand-in per lane (coalition_proxy.c) built from the whole pool's
 * plan grand (cf_coalition_plan of every firm): a coalition fills the pool
 * plan's departures with its members' container loads in whole boxes (the
 * rest loose when cheaper) and pays its members' loose charges, all at the
 * prices its members' quotes and the tiers its TEU reaches give. It follows
 * the lane game where that jumps, for the sampled Shapley value to sample
 * only the difference (allocate.h). Build once, before the lane games are
 * sampled. cf_coalition_lane_proxy_order then gives, for the firms order[0..n-1]
 * arriving in turn, the stand-in's cost of each prefix into cost[0..n-1]
 * (firms off the lane add nothing; all 0 before the build); read-only and
 * thread-safe. Returns 0, -1 on OOM. */
int cf_coalition_proxy_build(struct cf_coalition *c, const struct cf_plan *grand, struct cf_error *err);
int cf_coalition_lane_proxy_order(const struct cf_coalition *c, size_t l, const size_t *order, size_t n,
                                  double *cost);

/* --- a lane as a game of its own (solver/game.h callbacks) ---
 * The lane's players as local players 0..n-1, local k being firm global[k]
 * (cf_coalition_lane_part_init: in firm order). With the part as ctx,
 * cf_coalition_lane_part_cost is a cf_game_cost_fn (c_l of the local set, in
 * currency units) and cf_coalition_lane_part_proxy a cf_game_proxy_fn (the
 * stand-in along an order of local players). */
struct cf_lane_part {
    struct cf_coalition *co;
    size_t lane, n;
    size_t global[64];
};
void cf_coalition_lane_part_init(struct cf_coalition *c, size_t l, struct cf_lane_part *part);
int cf_coalition_lane_part_cost(void *ctx, const unsigned char *in, double *cost, struct cf_error *err);
int cf_coalition_lane_part_proxy(void *ctx, const size_t *order, size_t n, double *cost);

#endif
