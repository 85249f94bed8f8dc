/* ratecard.h — builders of the rate cards plans are priced with
 * (struct cf_ratecard, models/ratecard.h) from quotes already loaded and
 * normalised: a coalition's lowest quotes with the cluster's tiers, one firm's
 * own card with cluster-median stand-ins (domain.md, "Costs"), and the
 * lowest quote per lane and equipment over every firm (propose). Rows come
 * out sorted by mode, origin, destination, equipment (cluster rows first, in
 * file order). On error out may hold rows: free it with cf_ratecard_free. */
#ifndef CF_RATES_RATECARD_H
#define CF_RATES_RATECARD_H

#include <stddef.h>

#include "models/date.h"
#include "models/error.h"
#include "models/quote.h"
#include "models/ratecard.h"

/* cluster rate-card rows valid on as_of, with their min_teu tiers, plus for every (mode, lane, equipment)
   the lowest valid all-in quote held by any of the nfirms firms (min_teu 0), and after it each dearer quote
   of theirs that no row before it matches or beats on both minimum charge and transit days (a faster box
   may meet a due date the lowest one misses). cluster may be NULL. */
int cf_ratecard_coalition(const struct cf_quotes *quotes, const struct cf_quotes *cluster,
                          const char *const *firms, size_t nfirms, cf_date_t as_of,
                          struct cf_ratecard *out, struct cf_error *err);

/* a firm's own lowest valid quotes (and its faster dearer ones, as cf_ratecard_coalition); for every (mode, lane, equipment) that some firm quotes but this firm
   does not, the cluster's median all-in (median over firms' lowest quotes; min_charge and transit_days the
   medians likewise, transit rounded up) with stand_in = 1. */
int cf_ratecard_standalone(const struct cf_quotes *quotes, const char *firm, cf_date_t as_of,
                           struct cf_ratecard *out, struct cf_error *err);

/* the lowest valid all-in quote per (mode, lane, equipment) over every firm (and the faster dearer ones,
   as cf_ratecard_coalition), each row as the quote gives
   it (for the lowest-quote-per-equipment card of propose): the same as cf_ratecard_coalition over all
   firms with cluster NULL. */
int cf_ratecard_all_lowest(const struct cf_quotes *quotes, cf_date_t as_of, struct cf_ratecard *out,
                           struct cf_error *err);

#endif
