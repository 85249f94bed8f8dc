/* propose.c — the cluster-rate figures of domain.md "Cluster rate (propose)"
 * (propose.h): the consolidated plan of all members and each member's
 * standalone plan come from the coalition oracle (coalition.h, with the grand
 * coalition priced at every quote-holder's lowest quote), then each sea
 * lane's figures are read off the plans. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/units.h"
#include "solver/coalition.h"
#include "solver/propose.h"
#include "solver/usage.h"

/* per lane plan of a firm alone; the consolidated plan gets the whole time limit */
#define PR_ALONE_LIMIT_S 1.0

static int oom(struct cf_error *err)
{
    return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "propose: out of memory");
}

void cf_proposal_free(struct cf_proposal *p)
{
    if (p == NULL)
        return;
    for (size_t l = 0; l < p->nlanes; l++)
        free(p->lanes[l].members);
    free(p->lanes);
    memset(p, 0, sizeof *p);
}

int cf_propose_fit(const double *volume, const double *rate, size_t n, double *a, double *b)
{
    if (n == 0)
        return -1;
    double mx = 0.0, my = 0.0;
    for (size_t i = 0; i < n; i++) {
        mx += log(volume[i]);
        my += log(rate[i]);
    }
    mx /= (double)n;
    my /= (double)n;
    double sxx = 0.0, sxy = 0.0;
    for (size_t i = 0; i < n; i++) {
        double dx = log(volume[i]) - mx;
        sxx += dx * dx;
        sxy += dx * (log(rate[i]) - my);
    }
    *b = sxx > 1e-12 ? sxy / sxx : 0.0;
    *a = my - *b * mx;
    return 0;
}

static int same_lane(const char *o1, const char *d1, const char *o2, const char *d2)
{
    return strcmp(o1, o2) == 0 && strcmp(d1, d2) == 0;
}

/* TEU of a container's equipment (0 for trucks and unknown codes). */
static double teu_of(const struct cf_catalogue *cat, const char *code)
{
    const struct cf_equipment *e = cf_catalogue_find(cat, code);
    return e != NULL ? e->teu : 0.0;
}

static long member_of(const struct cf_propose_lane *lane, const char *firm)
{
    for (size_t i = 0; i < lane->nmembers; i++)
        if (strcmp(lane->members[i].firm, firm) == 0)
            return (long)i;
    return -1;
}

/* The lane's cost of one plan (containers and loose charges on it, every
 * mode), its sea part (boxes and LCL: what ocean carriers are paid) in *sea
 * when not NULL, and its sea boxes' TEU in *teu when not NULL. */
static cf_cents_t lane_cost(const struct cf_plan *plan, const struct cf_shipments *ships, const char *origin,
                            const char *destination, double *teu, cf_cents_t *sea, const struct cf_catalogue *cat)
{
    cf_cents_t sum = 0, by_sea = 0;
    double t = 0.0;
    for (size_t c = 0; c < plan->ncontainers; c++) {
        const struct cf_plan_container *pc = &plan->containers[c];
        if (!same_lane(pc->origin, pc->destination, origin, destination))
            continue;
        sum += pc->cost;
        if (pc->mode == CF_MODE_SEA) {
            t += teu_of(cat, pc->equipment);
            by_sea += pc->cost;
        }
    }
    for (size_t l = 0; l < plan->nloose; l++) {
        const struct cf_shipment *s = &ships->items[plan->loose[l].shipment];
        if (!same_lane(s->origin, s->destination, origin, destination))
            continue;
        sum += plan->loose[l].cost;
        if (plan->loose[l].mode == CF_MODE_SEA)
            by_sea += plan->loose[l].cost;
    }
    if (teu != NULL)
        *teu = t;
    if (sea != NULL)
        *sea = by_sea;
    return sum;
}

/* Usage-rule shares on the lane of the consolidated plan: per member the TEU
 * it pays for (sea boxes, repriced per TEU) and its fixed part (loose charges,
 * shares of boxes without TEU), by the usage rule's weights. domain.md,
 * "Cluster rate": break-even. CF_OK, or the error set. */
static int usage_shares(const struct cf_plan *plan, const struct cf_shipments *ships,
                        const struct cf_catalogue *cat, struct cf_propose_lane *lane, struct cf_error *err)
{
    size_t most = 1;
    for (size_t c = 0; c < plan->ncontainers; c++)
        if (plan->containers[c].nshipments > most)
            most = plan->containers[c].nshipments;
    double *w = malloc(most * sizeof *w);
    if (w == NULL)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "propose: out of memory");
    for (size_t c = 0; c < plan->ncontainers; c++) {
        const struct cf_plan_container *pc = &plan->containers[c];
        if (!same_lane(pc->origin, pc->destination, lane->origin, lane->destination))
            continue;
        if (cf_usage_weights(ships, pc, w) != 0) {
            free(w);
            return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "propose: container %s: bad weights",
                                pc->id);
        }
        double teu = pc->mode == CF_MODE_SEA ? teu_of(cat, pc->equipment) : 0.0;
        for (size_t k = 0; k < pc->nshipments; k++) {
            long m = member_of(lane, ships->items[pc->shipments[k]].firm);
            if (m < 0)
                continue;
            if (teu > 0.0)
                lane->members[m].teu_share += teu * w[k];
            else
                lane->members[m].fixed_cost += cf_money_units(pc->cost) * w[k];
        }
    }
    free(w);
    for (size_t l = 0; l < plan->nloose; l++) {
        const struct cf_shipment *s = &ships->items[plan->loose[l].shipment];
        if (!same_lane(s->origin, s->destination, lane->origin, lane->destination))
            continue;
        long m = member_of(lane, s->firm);
        if (m >= 0)
            lane->members[m].fixed_cost += cf_money_units(plan->loose[l].cost);
    }
    return CF_OK;
}

/* cost_at_target: the usage rule on the consolidated plan's lane, its sea
 * boxes repriced at rate per TEU (cf_usage_allocate's scope). */
static int cost_at_rate(const struct cf_plan *plan, const struct cf_shipments *ships,
                        const struct cf_catalogue *cat, struct cf_propose_lane *lane, double rate,
                        struct cf_error *err)
{
    size_t n = lane->nmembers ? lane->nmembers : 1;
    const char **firms = malloc(n * sizeof *firms);
    cf_cents_t *whole = malloc(n * sizeof *whole);
    int rc = CF_OK;
    if (firms == NULL || whole == NULL) {
        rc = oom(err);
        goto done;
    }
    for (size_t i = 0; i < lane->nmembers; i++)
        firms[i] = lane->members[i].firm;
    struct cf_usage_scope scope = {lane->origin, lane->destination, rate, cat};
    rc = cf_usage_allocate(ships, plan, &scope, firms, lane->nmembers, whole, err);
    if (rc != CF_OK)
        goto done;
    for (size_t i = 0; i < lane->nmembers; i++) {
        lane->members[i].cost_at_target = whole[i];
        lane->members[i].savings = lane->members[i].standalone_cost - whole[i];
    }
done:
    free(whole);
    free(firms);
    return rc;
}

/* Quotes: best_observed_rate, quoting firms, each member's own per-TEU rate. */
static void lane_quotes(const struct cf_propose_input *in, struct cf_propose_lane *lane)
{
    const struct cf_quotes *q = in->quotes;
    const char *seen[1024];
    size_t nseen = 0;
    lane->best_observed_rate = 0.0;
    for (size_t i = 0; q != NULL && i < q->count; i++) {
        const struct cf_quote *r = &q->items[i];
        if (r->mode != CF_MODE_SEA || !same_lane(r->origin, r->destination, lane->origin, lane->destination) ||
            !cf_quote_valid_on(r, in->as_of) || r->firm[0] == '\0')
            continue;
        double teu = teu_of(in->catalogue, r->equipment);
        if (!(teu > 0.0))
            continue;
        double per_teu = r->all_in / teu;
        if (lane->quoting_firms == 0 || per_teu < lane->best_observed_rate)
            lane->best_observed_rate = per_teu;
        size_t j = 0;
        while (j < nseen && strcmp(seen[j], r->firm) != 0)
            j++;
        if (j == nseen) {
            if (nseen < sizeof seen / sizeof seen[0])
                seen[nseen++] = r->firm;
            lane->quoting_firms++;
        }
        long m = member_of(lane, r->firm);
        if (m >= 0 && (lane->members[m].own_rate_per_teu == 0.0 || per_teu < lane->members[m].own_rate_per_teu))
            lane->members[m].own_rate_per_teu = per_teu;
    }
}

/* target_rate: the log-log fit at the consolidated volume, clamped to
 * [best_observed, break_even] (the ceiling cut to whole cents); best_observed
 * with fewer than 3 points. */
static void lane_target(struct cf_propose_lane *lane)
{
    double vol[64], rate[64];
    size_t n = 0;
    for (size_t i = 0; i < lane->nmembers && n < 64; i++)
        if (lane->members[i].own_rate_per_teu > 0.0 && lane->members[i].annual_teu > 0.0) {
            vol[n] = lane->members[i].annual_teu;
            rate[n++] = lane->members[i].own_rate_per_teu;
        }
    lane->fit_points = (int)n;
    double lo = lane->best_observed_rate, hi = lane->break_even_rate;
    if (lane->quoting_firms < 3 || n < 3) {
        lane->target_rate = lo;
        return;
    }
    cf_propose_fit(vol, rate, n, &lane->fit_a, &lane->fit_b);
    lane->fitted_rate = exp(lane->fit_a + lane->fit_b * log(lane->consolidated_teu_annual));
    /* the ceiling to the cent below: boxes priced at it (rounded to cents)
       then leave nobody paying a cent more than alone */
    double hi_cent = floor(hi * 100.0 + 1e-6) / 100.0;
    double t = lane->fitted_rate;
    if (t > hi_cent)
        t = hi_cent;
    if (t < lo) /* also when the ceiling is below the floor: carriers accept no less */
        t = lo;
    lane->target_rate = t;
}

static int lane_has_sea_quote(const struct cf_propose_input *in, const char *origin, const char *destination)
{
    const struct cf_quotes *q = in->quotes;
    for (size_t i = 0; q != NULL && i < q->count; i++) {
        const struct cf_quote *r = &q->items[i];
        if (r->mode == CF_MODE_SEA && r->firm[0] != '\0' && same_lane(r->origin, r->destination, origin, destination) &&
            cf_quote_valid_on(r, in->as_of) && teu_of(in->catalogue, r->equipment) > 0.0)
            return 1;
    }
    return 0;
}

/* Firm name's place in the plans: the coalition's players, or the caller's firms. */
static long firm_index(const struct cf_coalition *co, const struct cf_propose_input *in, const char *name)
{
    if (co != NULL)
        return cf_coalition_firm_index(co, name);
    for (size_t i = 0; i < in->nfirms; i++)
        if (strcmp(in->firms[i], name) == 0)
            return (long)i;
    return -1;
}

int cf_propose(const struct cf_propose_input *in, struct cf_proposal *out, struct cf_error *err)
{
    memset(out, 0, sizeof *out);
    const struct cf_shipments *ships = in->shipments;
    struct cf_coalition *co = NULL;
    struct cf_coalition_plan grand, *alone = NULL;
    memset(&grand, 0, sizeof grand);
    unsigned char *flags = NULL;
    size_t nfirms = 0;
    const struct cf_plan *pool = in->pool, **alone_plan = NULL; /* the plans the figures stand on */
    int rc = CF_OK;
    if (pool == NULL) {
        struct cf_coalition_input cin = {ships, in->quotes, in->cluster, in->catalogue, in->fill_factor,
                                         in->time_limit_s < PR_ALONE_LIMIT_S ? in->time_limit_s : PR_ALONE_LIMIT_S,
                                         in->time_limit_s, in->as_of, 1};
        rc = cf_coalition_create(&cin, &co, err);
        if (rc != CF_OK)
            goto done;
        nfirms = cf_coalition_nfirms(co);
    } else {
        nfirms = in->nfirms;
    }
    flags = calloc(nfirms ? nfirms : 1, 1);
    alone = calloc(nfirms ? nfirms : 1, sizeof *alone);
    alone_plan = calloc(nfirms ? nfirms : 1, sizeof *alone_plan);
    out->lanes = calloc(ships->count ? ships->count : 1, sizeof *out->lanes);
    if (flags == NULL || alone == NULL || alone_plan == NULL || out->lanes == NULL) {
        rc = oom(err);
        goto done;
    }
    cf_date_t first = ships->items[0].ready_date, last = ships->items[0].due_date;
    for (size_t s = 0; s < ships->count; s++) {
        if (ships->items[s].ready_date < first)
            first = ships->items[s].ready_date;
        if (ships->items[s].due_date > last)
            last = ships->items[s].due_date;
    }
    out->period_days = (double)(last - first + 1);

    /* the lanes and their members */
    for (size_t s = 0; s < ships->count; s++) {
        const struct cf_shipment *sh = &ships->items[s];
        if (in->origin != NULL && !same_lane(sh->origin, sh->destination, in->origin, in->destination))
            continue;
        size_t l = 0;
        while (l < out->nlanes && !same_lane(out->lanes[l].origin, out->lanes[l].destination, sh->origin,
                                             sh->destination))
            l++;
        if (l == out->nlanes) {
            if (!lane_has_sea_quote(in, sh->origin, sh->destination))
                continue;
            struct cf_propose_lane *lane = &out->lanes[out->nlanes++];
            memcpy(lane->origin, sh->origin, sizeof lane->origin);
            memcpy(lane->destination, sh->destination, sizeof lane->destination);
            lane->members = calloc(nfirms, sizeof *lane->members);
            if (lane->members == NULL) {
                rc = oom(err);
                goto done;
            }
        }
        struct cf_propose_lane *lane = &out->lanes[l];
        if (member_of(lane, sh->firm) < 0)
            snprintf(lane->members[lane->nmembers++].firm, CF_NAME_MAX, "%s", sh->firm);
    }

    /* the plans: everyone together, each firm alone */
    if (pool == NULL) {
        memset(flags, 1, nfirms);
        rc = cf_coalition_plan(co, flags, &grand, err);
        for (size_t i = 0; rc == CF_OK && i < nfirms; i++) {
            memset(flags, 0, nfirms);
            flags[i] = 1;
            rc = cf_coalition_plan(co, flags, &alone[i], err);
            alone_plan[i] = &alone[i].plan;
        }
        if (rc != CF_OK)
            goto done;
        pool = &grand.plan;
    } else {
        for (size_t i = 0; i < nfirms; i++)
            alone_plan[i] = &in->alone[i];
    }

    size_t kept = 0;
    for (size_t l = 0; l < out->nlanes; l++) {
        struct cf_propose_lane *lane = &out->lanes[l];
        lane_cost(pool, ships, lane->origin, lane->destination, &lane->consolidated_teu, NULL, in->catalogue);
        if (!(lane->consolidated_teu > 0.0)) { /* nothing boxed on the lane: no per-TEU rate to ask */
            free(lane->members);
            lane->members = NULL;
            continue;
        }
        for (size_t m = 0; m < lane->nmembers; m++) {
            struct cf_propose_member *pm = &lane->members[m];
            long f = firm_index(co, in, pm->firm);
            if (f < 0) {
                rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "propose: no plan of firm \"%s\" alone",
                                  pm->firm);
                goto done;
            }
            double teu = 0.0;
            cf_cents_t sea = 0;
            pm->standalone_cost =
                lane_cost(alone_plan[f], ships, lane->origin, lane->destination, &teu, &sea, in->catalogue);
            pm->annual_teu = teu * 365.0 / out->period_days;
            lane->current_spend += sea;
            lane->current_spend_all_modes += pm->standalone_cost;
        }
        lane->consolidated_teu_annual = lane->consolidated_teu * 365.0 / out->period_days;
        lane->revenue_neutral_rate = cf_money_units(lane->current_spend) / lane->consolidated_teu;
        rc = usage_shares(pool, ships, in->catalogue, lane, err);
        if (rc != CF_OK)
            goto done;
        /* break-even: share_i(R) = R teu_share_i + fixed_i < standalone_i for every member */
        int bounded = 0;
        for (size_t m = 0; m < lane->nmembers; m++) {
            const struct cf_propose_member *pm = &lane->members[m];
            if (!(pm->teu_share > 0.0))
                continue;
            double r = (cf_money_units(pm->standalone_cost) - pm->fixed_cost) / pm->teu_share;
            if (!bounded || r < lane->break_even_rate)
                lane->break_even_rate = r;
            bounded = 1;
        }
        lane_quotes(in, lane);
        lane_target(lane);
        rc = cost_at_rate(pool, ships, in->catalogue, lane, lane->target_rate, err);
        if (rc != CF_OK)
            goto done;
        if (kept != l) {
            out->lanes[kept] = *lane;
            lane->members = NULL; /* moved */
        }
        kept++;
    }
    out->nlanes = kept;
    if (co != NULL) {
        struct cf_coalition_stats st;
        cf_coalition_stats(co, &st);
        out->worst_status = st.worst_status;
        out->worst_gap = st.worst_gap;
    } else {
        out->worst_status = in->plans_worst_status;
        out->worst_gap = in->plans_worst_gap;
    }
done:
    for (size_t i = 0; alone != NULL && i < nfirms; i++)
        cf_coalition_plan_free(&alone[i]);
    free(alone);
    free(alone_plan);
    cf_coalition_plan_free(&grand);
    free(flags);
    cf_coalition_free(co);
    return rc;
}
