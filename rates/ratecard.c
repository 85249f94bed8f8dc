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

/* (mode, origin, destination, equipment) a against b in the benchmark
 * report's lane order (benchmark.c): < 0, 0 or > 0. */
static int lane_cmp(enum cf_mode ma, const char *oa, const char *da, const char *ea, enum cf_mode mb,
                    const char *ob, const char *db, const char *eb)
{
    if (ma != mb)
        return ma < mb ? -1 : 1;
    int c = strcmp(oa, ob);
    if (c == 0)
        c = strcmp(da, db);
    if (c == 0)
        c = strcmp(ea, eb);
    return c;
}

/* Quotes sorted by lane as the benchmark report orders lanes, then all-in
 * rate, minimum charge and transit days: a lane's first is its lowest quote,
 * the benchmark's choice (benchmark.h). */
static int quote_cmp(const void *a, const void *b)
{
    const struct cf_quote *x = *(const struct cf_quote *const *)a, *y = *(const struct cf_quote *const *)b;
    int c = lane_cmp(x->mode, x->origin, x->destination, x->equipment, y->mode, y->origin, y->destination,
                     y->equipment);
    if (c != 0)
        return c;
    if (x->all_in != y->all_in)
        return x->all_in < y->all_in ? -1 : 1;
    if (x->min_charge_base != y->min_charge_base)
        return x->min_charge_base < y->min_charge_base ? -1 : 1;
    if (x->transit_days != y->transit_days)
        return x->transit_days < y->transit_days ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* The valid quotes of firms (NULL: every firm) on as_of, sorted (quote_cmp);
 * *out NULL when there are none. */
static int sorted_quotes(const struct cf_quotes *quotes, const char *const *firms, size_t nfirms, cf_date_t as_of,
                         const struct cf_quote ***out, size_t *n, struct cf_error *err)
{
    *n = 0;
    *out = malloc((quotes->count ? quotes->count : 1) * sizeof **out);
    if (*out == NULL)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "rate card: out of memory");
    for (size_t i = 0; i < quotes->count; i++)
        if (is_member(quotes->items[i].firm, firms, nfirms) && cf_quote_valid_on(&quotes->items[i], as_of))
            (*out)[(*n)++] = &quotes->items[i];
    qsort(*out, *n, sizeof **out, quote_cmp);
    return CF_OK;
}

/* Quote q's lane against lane, in quote_cmp's order: < 0, 0 or > 0. */
static int lane_order(const struct cf_quote *q, const struct cf_benchmark_lane *lane)
{
    return lane_cmp(q->mode, q->origin, q->destination, q->equipment, lane->mode, lane->origin, lane->destination,
                    lane->equipment);
}

/* The rows of lane that sorted[*at..] holds (advancing *at past them): its
 * lowest quote, then each dearer one that no row already taken matches or
 * beats on both minimum charge and transit days. A firm's faster box may be
 * what meets a due date that the lowest quote's sailing misses (domain.md,
 * "Time"); the plan still takes the cheapest row that arrives in time. */
static int lane_rows(const struct cf_benchmark_lane *lane, const struct cf_quote *const *sorted, size_t n,
                     size_t *at, struct cf_ratecard *out, struct cf_error *err)
{
    while (*at < n && lane_order(sorted[*at], lane) < 0)
        (*at)++;
    size_t first = out->count;
    for (; *at < n && lane_order(sorted[*at], lane) == 0; (*at)++) {
        const struct cf_quote *q = sorted[*at];
        int beaten = 0;
        for (size_t k = first; k < out->count && !beaten; k++)
            beaten = out->items[k].min_charge <= q->min_charge_base && out->items[k].transit_days <= q->transit_days;
        if (beaten)
            continue;
        struct cf_rate r;
        rate_from_lane(&r, lane);
        r.rate = q->all_in;
        r.min_charge = q->min_charge_base;
        r.transit_days = q->transit_days;
        r.faster = out->count > first;
        int rc = push(out, &r, err);
        if (rc != CF_OK)
            return rc;
    }
    return CF_OK;
}

static int lowest_rows(const struct cf_quotes *quotes, const char *const *firms, size_t nfirms,
                       cf_date_t as_of, struct cf_ratecard *out, struct cf_error *err)
{
    struct cf_benchmark_report report;
    const struct cf_quote **sorted = NULL;
    size_t n = 0, at = 0;
    int rc = aggregate(quotes, firms, nfirms, as_of, &report, err);
    if (rc == CF_OK)
        rc = sorted_quotes(quotes, firms, nfirms, as_of, &sorted, &n, err);
    for (size_t l = 0; rc == CF_OK && l < report.nlanes; l++)
        rc = lane_rows(&report.lanes[l], sorted, n, &at, out, err);
    free(sorted);
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
    const struct cf_quote **mine = NULL;
    size_t nmine = 0, at = 0;
    int rc = aggregate(quotes, NULL, 0, as_of, &report, err);
    if (rc == CF_OK)
        rc = sorted_quotes(quotes, &firm, 1, as_of, &mine, &nmine, err);
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
        if (own != NULL) { /* its own rows: the lowest and any faster */
            rc = lane_rows(lane, mine, nmine, &at, out, err);
            continue;
        }
        /* domain.md, "Costs": the cluster's median all-in quote stands in */
        struct cf_rate r;
        rate_from_lane(&r, lane);
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
        r.stand_in_firms = (int)lane->count;
        rc = push(out, &r, err);
    }
done:
    free(mine);
    free(values);
    cf_benchmark_report_free(&report);
    return rc;
}
