/* plan.h — the consolidation plan (domain.md, "Consolidation plan"): every
 * shipment on one departure its dates allow, in a shared container or loose,
 * at least cost, balanced among plans of equal cost. */
#ifndef CF_PLAN_H
#define CF_PLAN_H

#include <stddef.h>

#include "models/date.h"
#include "models/equipment.h"
#include "models/error.h"
#include "models/money.h"
#include "models/ratecard.h"
#include "models/shipment.h"

struct cf_plan_input {
    const struct cf_shipment *shipments;
    size_t nshipments;
    const struct cf_ratecard *card;       /* prices, base currency, with min_teu tiers */
    const struct cf_catalogue *catalogue; /* capacities and pricing units */
    double fill_factor;                   /* usable share of container volume */
    double time_limit_s;                  /* wall clock for the whole solve */
    cf_date_t schedule_start;             /* first sea sailing; CF_DATE_NONE: the Monday on or
                                             before the earliest ready date (domain.md) */
    void (*log)(void *ctx, const char *line); /* the -v channel; may be NULL */
    void *log_ctx;
    int quick;                            /* 1: no models, no search: the better of the greedy
                                             starts, packed (a fast upper bound; lower_bound 0) */
};

struct cf_plan_container {
    char id[32];
    enum cf_mode mode;
    char origin[CF_LOCODE_LEN];
    char destination[CF_LOCODE_LEN];
    char equipment[CF_CODE_MAX];
    cf_date_t departure;
    cf_cents_t cost;
    double volume_m3, weight_kg;
    double fill_volume, fill_weight; /* fractions of usable capacity, 0..1 */
    size_t *shipments;               /* indices into the input shipments */
    size_t nshipments;
};

struct cf_plan_loose {
    size_t shipment;
    enum cf_mode mode;
    char equipment[CF_CODE_MAX];
    cf_date_t departure;
    cf_cents_t cost;
};

struct cf_plan_unplaced {
    size_t shipment;
    char reason[160];
};

enum cf_plan_status { CF_PLAN_OPTIMAL = 0, CF_PLAN_FEASIBLE, CF_PLAN_TIME_LIMIT, CF_PLAN_INFEASIBLE };

/* One origin-destination lane of the plan (every mode on it): the lanes'
 * costs add up to the plan's total and their bounds to its lower bound. */
struct cf_plan_lane {
    char origin[CF_LOCODE_LEN];
    char destination[CF_LOCODE_LEN];
    size_t shipments;        /* on the lane, unplaced ones included */
    size_t unplaced;
    cf_cents_t cost;         /* its containers and loose charges */
    cf_cents_t lower_bound;  /* proven, at most cost */
    int timed_out;           /* the time limit stopped its search */
    int unproven;            /* it leaves shipments unplaced that tiered rates serve: a plan reaching
                                the tier might carry them, so it is never called optimal */
};

struct cf_plan {
    enum cf_plan_status status;
    cf_cents_t total_cost;
    double lower_bound; /* currency units */
    double gap;         /* (total_cost - lower_bound) / total_cost */
    struct cf_plan_container *containers;
    size_t ncontainers;
    struct cf_plan_loose *loose;
    size_t nloose;
    struct cf_plan_unplaced *unplaced;
    size_t nunplaced;
    struct cf_plan_lane *lanes; /* by origin, then destination */
    size_t nlanes;
};

/* Plan in->shipments. out is filled (caller frees with cf_plan_free, also on
 * error). An infeasible or partly unplaced plan is a status, not an error. */
int cf_plan_solve(const struct cf_plan_input *in, struct cf_plan *out, struct cf_error *err);

void cf_plan_free(struct cf_plan *plan);

/* "optimal", "feasible", "time_limit", "infeasible" (interface.md). */
const char *cf_plan_status_name(enum cf_plan_status status);

#endif
