/* bound.c — cf_freight_bound_check (bound.h). */
#include "bound.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/grow.h"
#include "models/units.h"

/* The dearest row of one (mode, lane, equipment) over every quote and cluster
 * row: its all-in rate and its minimum charge (each the largest seen). */
struct dearest {
    enum cf_mode mode;
    const char *origin, *destination;
    const struct cf_equipment *eq;
    double rate, min_charge;
};

static int add_rows(const struct cf_quotes *q, const struct cf_catalogue *catalogue, struct dearest **list,
                    size_t *n, size_t *cap)
{
    for (size_t i = 0; q != NULL && i < q->count; i++) {
        const struct cf_quote *r = &q->items[i];
        const struct cf_equipment *eq = cf_catalogue_find(catalogue, r->equipment);
        if (eq == NULL)
            continue; /* the loaders name it; nothing to price here */
        size_t k = 0;
        while (k < *n && !((*list)[k].mode == r->mode && (*list)[k].eq == eq &&
                           strcmp((*list)[k].origin, r->origin) == 0 &&
                           strcmp((*list)[k].destination, r->destination) == 0))
            k++;
        if (k == *n) {
            struct dearest *nl = cf_grow(*list, cap, *n, 16, sizeof *nl);
            if (nl == NULL)
                return -1;
            *list = nl;
            (*list)[(*n)++] = (struct dearest){r->mode, r->origin, r->destination, eq, 0.0, 0.0};
        }
        (*list)[k].rate = fmax((*list)[k].rate, r->all_in);
        (*list)[k].min_charge = fmax((*list)[k].min_charge, r->min_charge_base);
    }
    return 0;
}

int cf_freight_bound_check(const struct cf_shipments *ships, const struct cf_quotes *quotes,
                           const struct cf_quotes *cluster, const struct cf_catalogue *catalogue,
                           const char *source, struct cf_error *err)
{
    struct dearest *rows = NULL;
    size_t n = 0, cap = 0;
    if (add_rows(quotes, catalogue, &rows, &n, &cap) != 0 || add_rows(cluster, catalogue, &rows, &n, &cap) != 0) {
        free(rows);
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    }
    double total = 0.0;
    int rc = CF_OK;
    for (size_t i = 0; i < ships->count && rc == CF_OK; i++) {
        const struct cf_shipment *s = &ships->items[i];
        double worst = 0.0;
        for (size_t k = 0; k < n; k++) {
            const struct dearest *d = &rows[k];
            if (!(s->modes & CF_MODE_BIT(d->mode)) || strcmp(d->origin, s->origin) != 0 ||
                strcmp(d->destination, s->destination) != 0)
                continue;
            double units = cf_units_chargeable(d->eq->unit, s->volume_m3, s->weight_kg);
            worst = fmax(worst, 100.0 * fmax(d->min_charge, units * d->rate));
        }
        total += worst;
        if (total > CF_FREIGHT_MAX_CENTS)
            rc = cf_error_set(err, CF_ERR_DATA, source, s->line, "volume_m3",
                              "the shipments up to here could cost %.3g at the dearest rates quoted, more than "
                              "the %.3g that totals are kept to the cent within; check units and --fx",
                              total / 100.0, CF_FREIGHT_MAX_CENTS / 100.0);
    }
    free(rows);
    return rc;
}
