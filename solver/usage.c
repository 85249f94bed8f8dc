/* usage.c — the usage and standalone allocation rules (usage.h, domain.md
 * "Cost allocation"): whole cents per firm adding up to the plan's total. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/units.h"
#include "solver/usage.h"

static long firm_index(const char *const *firms, size_t nfirms, const char *firm)
{
    for (size_t i = 0; i < nfirms; i++)
        if (strcmp(firms[i], firm) == 0)
            return (long)i;
    return -1;
}

static int unknown_firm(struct cf_error *err, const char *firm)
{
    return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "usage: shipment of firm \"%s\" not among the firms",
                        firm);
}

int cf_usage_weights(const struct cf_shipments *ships, const struct cf_plan_container *pc, double *w)
{
    double sum = 0.0;
    for (size_t k = 0; k < pc->nshipments; k++) {
        const struct cf_shipment *s = &ships->items[pc->shipments[k]];
        w[k] = cf_units_revenue_tons(s->volume_m3, s->weight_kg);
        if (!isfinite(w[k]) || w[k] < 0)
            return -1;
        sum += w[k];
    }
    for (size_t k = 0; k < pc->nshipments; k++)
        w[k] = sum > 0.0 ? w[k] / sum : 1.0 / (double)pc->nshipments;
    return 0;
}

/* Whether plan entry (origin, destination) lies in scope. */
static int in_scope(const struct cf_usage_scope *scope, const char *origin, const char *destination)
{
    return scope == NULL || scope->origin == NULL ||
           (strcmp(origin, scope->origin) == 0 && strcmp(destination, scope->destination) == 0);
}

/* What container pc costs within scope: its price, or its sea TEU at the
 * scope's rate, rounded to cents. */
static cf_cents_t box_cost(const struct cf_usage_scope *scope, const struct cf_plan_container *pc)
{
    if (scope == NULL || !(scope->rate_per_teu > 0) || pc->mode != CF_MODE_SEA || scope->catalogue == NULL)
        return pc->cost;
    const struct cf_equipment *e = cf_catalogue_find(scope->catalogue, pc->equipment);
    return e != NULL && e->teu > 0.0 ? cf_money_round(scope->rate_per_teu * e->teu) : pc->cost;
}

int cf_usage_allocate(const struct cf_shipments *ships, const struct cf_plan *plan, const struct cf_usage_scope *scope,
                      const char *const *firms, size_t nfirms, cf_cents_t *out, struct cf_error *err)
{
    memset(out, 0, nfirms * sizeof *out);
    size_t most = 1;
    for (size_t c = 0; c < plan->ncontainers; c++)
        if (plan->containers[c].nshipments > most)
            most = plan->containers[c].nshipments;
    /* each firm's exact share first, rounded once on its total (domain.md:
       largest remainder on the allocations, not on each box's parts) */
    double *shares = malloc(most * sizeof *shares);
    double *exact = calloc(nfirms ? nfirms : 1, sizeof *exact);
    cf_cents_t total = 0;
    int rc = CF_OK;
    if (shares == NULL || exact == NULL) {
        rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "usage: out of memory");
        goto done;
    }
    for (size_t c = 0; c < plan->ncontainers; c++) {
        const struct cf_plan_container *pc = &plan->containers[c];
        if (pc->nshipments == 0 || !in_scope(scope, pc->origin, pc->destination))
            continue; /* an empty box is nobody's: never in a plan */
        cf_cents_t cost = box_cost(scope, pc);
        if (cf_usage_weights(ships, pc, shares) != 0) {
            rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "usage: container %s: bad weights", pc->id);
            goto done;
        }
        for (size_t k = 0; k < pc->nshipments; k++) {
            const struct cf_shipment *s = &ships->items[pc->shipments[k]];
            long f = firm_index(firms, nfirms, s->firm);
            if (f < 0) {
                rc = unknown_firm(err, s->firm);
                goto done;
            }
            exact[f] += (double)cost * shares[k];
        }
        total += cost;
    }
    for (size_t l = 0; l < plan->nloose; l++) {
        const struct cf_shipment *s = &ships->items[plan->loose[l].shipment];
        if (!in_scope(scope, s->origin, s->destination))
            continue;
        long f = firm_index(firms, nfirms, s->firm);
        if (f < 0) {
            rc = unknown_firm(err, s->firm);
            goto done;
        }
        exact[f] += (double)plan->loose[l].cost;
        total += plan->loose[l].cost;
    }
    if (cf_money_round_cents_to_total(exact, nfirms, total, out) != 0)
        rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "usage: rounding failed");
done:
    free(exact);
    free(shares);
    return rc;
}

int cf_usage_standalone(cf_cents_t total, const cf_cents_t *standalone, size_t n, cf_cents_t *out,
                        struct cf_error *err)
{
    if (n == 0)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "standalone rule: no firms");
    double *values = malloc(n * sizeof *values);
    if (values == NULL)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "standalone rule: out of memory");
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += (double)standalone[i];
    for (size_t i = 0; i < n; i++)
        values[i] = sum > 0.0 ? cf_money_units(total) * (double)standalone[i] / sum
                              : cf_money_units(total) / (double)n;
    int bad = cf_money_round_to_total(values, n, total, out);
    free(values);
    if (bad)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "standalone rule: rounding failed");
    return CF_OK;
}
