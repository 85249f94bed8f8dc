/* propose.h — the cluster rate to ask carriers for, per sea lane (domain.md,
 * "Cluster rate (propose)"): from the consolidated plan of all members priced
 * at the lowest quote any member holds (or the cluster card) and from each
 * member's standalone plan. Figures per TEU are in the base currency. */
#ifndef CF_PROPOSE_H
#define CF_PROPOSE_H

#include <stddef.h>

#include "models/date.h"
#include "models/equipment.h"
#include "models/error.h"
#include "models/money.h"
#include "models/quote.h"
#include "models/shipment.h"
#include "solver/plan.h"

struct cf_propose_input {
    const struct cf_shipments *shipments;
    const struct cf_quotes *quotes;
    const struct cf_quotes *cluster;      /* --cluster-rates; NULL: lowest quotes only */
    const struct cf_catalogue *catalogue;
    double fill_factor;
    double time_limit_s;                  /* the consolidated plan; each firm's own plan gets at most 1 s a lane */
    cf_date_t as_of;
    const char *origin, *destination;     /* one lane only; NULL: every sea lane */
    /* Plans the caller already has (savings --with-proposal, for report: the
       figures then stand on the very plans the page shows): the pool's, and
       each of firms[0..nfirms) alone; their shipment indices refer to
       shipments. NULL pool: cf_propose plans them (the pool priced with every
       quote-holder's quotes, each firm alone at most 1 s a lane). */
    const struct cf_plan *pool;
    const struct cf_plan *alone;
    const char *const *firms;
    size_t nfirms;
    enum cf_plan_status plans_worst_status; /* with pool: the caller's plans' worst status and gap */
    double plans_worst_gap;
};

struct cf_propose_member {
    char firm[CF_NAME_MAX];
    cf_cents_t standalone_cost;  /* the lane's part of the firm's standalone plan */
    cf_cents_t cost_at_target;   /* usage share with the lane's boxes at target_rate per TEU */
    cf_cents_t savings;          /* standalone_cost - cost_at_target */
    double teu_share;            /* TEU of the consolidated boxes it pays for under the usage rule */
    double fixed_cost;           /* its loose charges (and non-TEU boxes' shares), currency units */
    double own_rate_per_teu;     /* its lowest all-in per TEU on the lane; 0 when it holds none */
    double annual_teu;           /* TEU of its standalone plan on the lane, annualised */
};

struct cf_propose_lane {
    char origin[CF_LOCODE_LEN];
    char destination[CF_LOCODE_LEN];
    double consolidated_teu;
    double consolidated_teu_annual; /* consolidated_teu x 365 / period_days: where the fit is read */
    cf_cents_t current_spend;           /* the members' standalone sea freight on the lane: boxes and
                                           LCL, what ocean carriers earn today (air on the same route
                                           is paid to airlines, pooled or not) */
    cf_cents_t current_spend_all_modes; /* the same with air (and any other mode) on the route */
    double best_observed_rate;
    double revenue_neutral_rate;
    double break_even_rate;
    double target_rate;
    double fitted_rate;       /* the log-log fit at consolidated_teu_annual before clamping; 0 unfitted */
    double fit_a, fit_b;      /* log(rate) = a + b log(annual TEU) */
    int fit_points;           /* firms with their own rate and volume on the lane */
    int quoting_firms;        /* firms holding a container quote on the lane */
    struct cf_propose_member *members; /* firms with shipments on the lane, in order of first shipment */
    size_t nmembers;
};

struct cf_proposal {
    struct cf_propose_lane *lanes;
    size_t nlanes;
    double period_days;             /* first ready date to last due date, inclusive */
    enum cf_plan_status worst_status;
    double worst_gap;
};

/* Fill out (caller frees with cf_proposal_free, also on error). A lane is
 * proposed when some firm holds a sea container quote for it and the
 * consolidated plan ships at least one TEU on it. */
int cf_propose(const struct cf_propose_input *in, struct cf_proposal *out, struct cf_error *err);
void cf_proposal_free(struct cf_proposal *p);

/* The OLS fit of log(rate) = a + b log(volume) over n points (volume, rate > 0).
 * With every volume equal, b = 0 and a is the mean log rate. Returns 0, or -1
 * when n == 0. */
int cf_propose_fit(const double *volume, const double *rate, size_t n, double *a, double *b);

#endif
