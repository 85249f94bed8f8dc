/* usage.h — the two allocation rules that read a plan rather than a game
 * (domain.md, "Cost allocation"): `usage` shares each container's cost among
 * its shipments by revenue tons max(m3, t), loose shipments paying their own
 * charge; `standalone` splits the consolidated total in proportion to the
 * standalone costs. Both return whole cents that add up to the total exactly. */
#ifndef CF_USAGE_H
#define CF_USAGE_H

#include <stddef.h>

#include "models/error.h"
#include "models/money.h"
#include "models/shipment.h"
#include "solver/plan.h"

/* Per firm (firms[0..nfirms-1], matched by name to the shipments' firm) the
 * usage-rule cost of plan, whose shipment indices refer to ships: each firm's
 * exact share of every container plus its loose charges, rounded once on
 * the firm's total by cf_usage_round, so out[] adds up to the plan's charges
 * exactly. A shipment of a firm not in firms is CF_ERR_INTERNAL. */
int cf_usage_allocate(const struct cf_shipments *ships, const struct cf_plan *plan,
                      const char *const *firms, size_t nfirms, cf_cents_t *out, struct cf_error *err);

/* The usage rule for one container: cost shared among pc's shipments
 * (indices into ships) by revenue tons, exact and unrounded, in cents, into
 * cents[0..pc->nshipments-1]. Returns 0, or -1 when the weights are unusable. */
int cf_usage_container_shares(const struct cf_shipments *ships, const struct cf_plan_container *pc,
                              cf_cents_t cost, double *cents);

/* Exact shares exact_cents[0..n-1] (which add up to total, a whole number of
 * cents) to whole cents adding up to total: cf_money_round_to_total's
 * largest remainder, ties to the lower index. Returns 0, or -1. */
int cf_usage_round(const double *exact_cents, size_t n, cf_cents_t total, cf_cents_t *out);

/* total split in proportion to standalone[0..n-1] (equal split when all are 0),
 * rounded with cf_money_round_to_total: out[] adds up to total exactly. */
int cf_usage_standalone(cf_cents_t total, const cf_cents_t *standalone, size_t n, cf_cents_t *out,
                        struct cf_error *err);

#endif
