/* ratecard.c — rate cards from quotes (rates/ratecard.h). Each firm's lowest
 * valid quote per lane comes from the benchmark aggregator (benchmark.c), so
 * "a firm's figure" means the same thing in the benchmark and in the plans. */
#include "ratecard.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "benchmark.h"
#include "percentile.h"

static void rate_from_lane(struct cf_rate *r, const struct cf_benchmark_lane *lane)
{
    memset(r, 0, sizeof *r);
    r->mode = lane->mode;
    memcpy(r->origin, lane->origin, sizeof r->origin);
    memcpy(r->destination, lane->destination, sizeof r->destination);
    memcpy(r->equipment, lane->equipment, sizeof r->equipment);
}

static int push(struct cf_ratecard *out, const struct cf_rate *r, struct cf_error *err)
{
    if (cf_ratecard_push(out, r) != CF_OK)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "rate card: out of memory");
    return CF_OK;
}

static int is_member(const char *firm, const char *const *firms, size_t nfirms)
{
    if (firms == NULL)
        return 1;
    for (size_t i = 0; i < nfirms; i++)
        if (strcmp(firms[i], firm) == 0)
            return 1;
    return 0;
}

/* The report over the quotes of firms (NULL: every firm) valid on as_of. */
static int aggregate(const struct cf_quotes *quotes, const char *const *firms, size_t nfirms,
                     cf_date_t as_of, struct cf_benchmark_report *report, struct cf_error *err)
{
    memset(report, 0, sizeof *report);
    struct cf_benchmark *b = NULL;
    int rc = cf_benchmark_create(as_of, &b, err);
    for (size_t i = 0; rc == CF_OK && i < quotes->count; i++)
        if (is_member(quotes->items[i].firm, firms, nfirms))
            rc = cf_benchmark_add(b, &quotes->items[i], err);
    if (rc == CF_OK)
        rc = cf_benchmark_report(b, NULL, report, err);
    cf_benchmark_free(b);
    return rc;
}

/* Does a beat b as the lane's lowest quote? Same order as benchmark.h. */
static int lower(const struct cf_benchmark_position *a, const struct cf_benchmark_position *b)
{
    if (a->all_in != b->all_in)
        return a->all_in < b->all_in;
    if (a->min_charge != b->min_charge)
        return a->min_charge < b->min_charge;
    return a->transit_days < b->transit_days;
}

static int lowest_rows(const struct cf_quotes *quotes, const char *const *firms, size_t nfirms,
                       cf_date_t as_of, struct cf_ratecard *out, struct cf_error *err)
{
    struct cf_benchmark_report report;
    int rc = aggregate(quotes, firms, nfirms, as_of, &report, err);
    for (size_t l = 0; rc == CF_OK && l < report.nlanes; l++) {
        const struct cf_benchmark_lane *lane = &report.lanes[l];
        const struct cf_benchmark_position *best = &report.positions[lane->first];
        for (size_t i = 1; i < lane->count; i++)
            if (lower(&report.positions[lane->first + i], best))
                best = &report.positions[lane->first + i];
        struct cf_rate r;
        rate_from_lane(&r, lane);
        r.rate = best->all_in;
        r.min_charge = best->min_charge;
        r.transit_days = best->transit_days;
        rc = push(out, &r, err);
    }
    cf_benchmark_report_free(&report);
    return rc;
}

int cf_ratecard_coalition(const struct cf_quotes *quotes, const struct cf_quotes *cluster,
                          const char *const *firms, size_t nfirms, cf_date_t as_of,
                          struct cf_ratecard *out, struct cf_error *err)
{
    for (size_t i = 0; cluster != NULL && i < cluster->count; i++) {
        const struct cf_quote *q = &cluster->items[i];
        if (!cf_quote_valid_on(q, as_of))
            continue;
        struct cf_rate r;
        memset(&r, 0, sizeof r);
        r.mode = q->mode;
        memcpy(r.origin, q->origin, sizeof r.origin);
        memcpy(r.destination, q->destination, sizeof r.destination);
        memcpy(r.equipment, q->equipment, sizeof r.equipment);
        r.rate = q->all_in;
        r.min_charge = q->min_charge_base;
        r.transit_days = q->transit_days;
        r.min_teu = q->min_teu;
        int rc = push(out, &r, err);
        if (rc != CF_OK)
            return rc;
    }
    /* no firms: the coalition holds no quotes of its own */
    if (nfirms == 0)
        return CF_OK;
    return lowest_rows(quotes, firms, nfirms, as_of, out, err);
}

int cf_ratecard_all_lowest(const struct cf_quotes *quotes, cf_date_t as_of, struct cf_ratecard *out,
                           struct cf_error *err)
{
    return lowest_rows(quotes, NULL, 0, as_of, out, err);
}

int cf_ratecard_standalone(const struct cf_quotes *quotes, const char *firm, cf_date_t as_of,
                           struct cf_ratecard *out, struct cf_error *err)
{
    struct cf_benchmark_report report;
    double *values = NULL;
    int rc = aggregate(quotes, NULL, 0, as_of, &report, err);
    if (rc != CF_OK)
        goto done;
    values = malloc((report.npositions ? report.npositions : 1) * sizeof *values);
    if (values == NULL) {
        rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "rate card: out of memory");
        goto done;
    }
    for (size_t l = 0; rc == CF_OK && l < report.nlanes; l++) {
        const struct cf_benchmark_lane *lane = &report.lanes[l];
        const struct cf_benchmark_position *pos = &report.positions[lane->first];
        const struct cf_benchmark_position *own = NULL;
        for (size_t i = 0; own == NULL && i < lane->count; i++)
            if (strcmp(pos[i].firm, firm) == 0)
                own = &pos[i];
        struct cf_rate r;
        rate_from_lane(&r, lane);
        if (own != NULL) {
            r.rate = own->all_in;
            r.min_charge = own->min_charge;
            r.transit_days = own->transit_days;
        } else {
            /* domain.md, "Costs": the cluster's median all-in quote stands in */
            r.rate = lane->median;
            for (size_t i = 0; i < lane->count; i++)
                values[i] = pos[i].min_charge;
            cf_percentile_sort(values, lane->count);
            r.min_charge = cf_percentile_inc(values, lane->count, 0.5);
            for (size_t i = 0; i < lane->count; i++)
                values[i] = pos[i].transit_days;
            cf_percentile_sort(values, lane->count);
            /* a median of 30.5 days is 31: a plan never promises a faster box */
            r.transit_days = (int)ceil(cf_percentile_inc(values, lane->count, 0.5) - 1e-9);
            r.stand_in = 1;
        }
        rc = push(out, &r, err);
    }
done:
    free(values);
    cf_benchmark_report_free(&report);
    return rc;
}
