/* usage.h — the two allocation rules that read a plan rather than a game
 * (domain.md, "Cost allocation"): `usage` shares each container's cost among
 * its shipments by revenue tons max(m3, t), loose shipments paying their own
 * charge; `standalone` splits the consolidated total in proportion to the
 * standalone costs. Both return whole cents that add up to the total exactly. */
#ifndef CF_USAGE_H
#define CF_USAGE_H

#include <stddef.h>

#include "models/equipment.h"
#include "models/error.h"
#include "models/money.h"
#include "models/shipment.h"
#include "solver/plan.h"

/* Which part of a plan the usage rule shares, and at what prices: one lane
 * (origin and destination; NULL: every lane), its sea boxes repriced at
 * rate_per_teu x their TEU from catalogue, each rounded to cents as invoiced
 * (rate_per_teu 0: the plan's prices). */
struct cf_usage_scope {
    const char *origin, *destination;
    double rate_per_teu;
    const struct cf_catalogue *catalogue;
};

/* Per firm (firms[0..nfirms-1], matched by name to the shipments' firm) the
 * usage-rule cost of plan within scope (NULL: the whole plan at its prices),
 * whose shipment indices refer to ships: each firm's exact share of every
 * container plus its loose charges, rounded once on the firm's total by
 * largest remainder (cf_money_round_cents_to_total), so out[] adds up to the
 * charges exactly. A shipment of a firm not in firms is CF_ERR_INTERNAL. */
int cf_usage_allocate(const struct cf_shipments *ships, const struct cf_plan *plan, const struct cf_usage_scope *scope,
                      const char *const *firms, size_t nfirms, cf_cents_t *out, struct cf_error *err);

/* The usage rule's weights for one container: each of pc's shipments
 * (indices into ships) its share of the revenue tons aboard, into
 * w[0..pc->nshipments-1], adding up to 1 (equal shares when they weigh
 * nothing). Returns 0, or -1 when a weight is unusable. */
int cf_usage_weights(const struct cf_shipments *ships, const struct cf_plan_container *pc, double *w);

/* total split in proportion to standalone[0..n-1] (equal split when all are 0),
 * rounded with cf_money_round_to_total: out[] adds up to total exactly. */
int cf_usage_standalone(cf_cents_t total, const cf_cents_t *standalone, size_t n, cf_cents_t *out,
                        struct cf_error *err);

#endif
