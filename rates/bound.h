/* bound.h — the most the shipments' freight could cost at the dearest rates
 * quoted, checked before any plan: each loader's limit (models/input_limits.h)
 * keeps one charge inside whole cents in 64 bits, but thousands of charges at
 * those limits would add up past it, and a plan's, a coalition's or the
 * members' total would overflow. */
#ifndef CF_RATES_BOUND_H
#define CF_RATES_BOUND_H

#include "models/equipment.h"
#include "models/error.h"
#include "models/quote.h"
#include "models/shipment.h"

/* The largest sum of charges allowed, in cents (2^58, some 2.9e15 in the base
 * currency): a quarter of the planner's "no carrier" price (2^60), so every
 * total stays far below it and below 2^63. */
#define CF_FREIGHT_MAX_CENTS 288230376151711744.0

/* Each shipment at the dearest row on its lane and modes, over quotes and
 * cluster (either may be NULL): the container's price, or its loose charge.
 * When the running sum passes CF_FREIGHT_MAX_CENTS, an input error (exit 65)
 * naming source (the shipments' source), that shipment's line and volume_m3;
 * else CF_OK. */
int cf_freight_bound_check(const struct cf_shipments *ships, const struct cf_quotes *quotes,
                           const struct cf_quotes *cluster, const struct cf_catalogue *catalogue,
                           const char *source, struct cf_error *err);

#endif
