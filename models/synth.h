/* synth.h — synthetic cluster data, deterministic for a seed: the built-in
 * Durban Auto Cluster example of `demo` and the data of `generate`. Shaped on
 * the published Durban figures (small firms ~$2,500 per 20ft, the largest
 * ~$1,250, a $1,300 cluster rate once the pooled volume qualifies); the firms,
 * volumes and quotes themselves are illustrative. */
#ifndef CF_SYNTH_H
#define CF_SYNTH_H

#include <stdint.h>

#include "date.h"
#include "error.h"
#include "quote.h"
#include "shipment.h"

struct cf_synth_params {
    int firms;        /* member firms, >= 1 */
    int weeks;        /* weeks of shipments, >= 1 */
    uint64_t seed;
    cf_date_t start;  /* first week's Monday */
};

/* The demo's parameters: 40 firms, 12 weeks from 2027-01-04, seed 2027. */
void cf_synth_durban_params(struct cf_synth_params *p);

/* Generate shipments, per-firm quotes (USD) and the cluster rate card into the
 * (zeroed) lists; the caller frees them, also on error. Quotes carry all_in
 * and min_charge_base as a USD-based loader would compute them. */
int cf_synth_generate(const struct cf_synth_params *p, struct cf_shipments *shipments,
                      struct cf_quotes *quotes, struct cf_quotes *cluster, struct cf_error *err);

#endif
