/* benchmark.h — the rate benchmark of domain.md ("Benchmark"). A streaming
 * aggregator is fed one quote at a time (cf_benchmark_each fits
 * cf_load_quotes_each) and keeps, per (firm, mode, origin, destination,
 * equipment), the firm's lowest valid all-in quote: memory grows with those
 * keys, never with rows. A report then gives per lane min, p25, median, mean,
 * p75, max over firms and the spread, and per firm its position; a member's
 * confidential view follows interface.md, "Confidentiality". */
#ifndef CF_BENCHMARK_H
#define CF_BENCHMARK_H

#include <stddef.h>

#include "models/date.h"
#include "models/error.h"
#include "models/quote.h"

/* interface.md, "Confidentiality": an aggregate needs at least 3 firms */
#define CF_BENCHMARK_MIN_FIRMS 3
/* A member's view shows a lane's quartiles only from this many firms: below
 * it p25, the median and p75 with the member's own rate give every other
 * firm's rate (3 firms: p25 = (r0 + r1) / 2, p75 = (r1 + r2) / 2). From 5 on,
 * the lowest and the highest rate never enter p25, the median or p75. */
#define CF_BENCHMARK_QUARTILE_FIRMS 5

struct cf_benchmark;

/* A new aggregator that counts only quotes valid on as_of (CF_DATE_NONE:
 * every quote). Returns CF_OK and *out, which the caller frees with
 * cf_benchmark_free, or CF_ERR_INTERNAL (out of memory). */
int cf_benchmark_create(cf_date_t as_of, struct cf_benchmark **out, struct cf_error *err);
void cf_benchmark_free(struct cf_benchmark *b);

/* Feed one firm's quote (q->all_in, q->min_charge_base already in the base
 * currency). A firm's figure for a key is its lowest all-in; on equal all-in
 * the lower min_charge, then the shorter transit, then the first fed. */
int cf_benchmark_add(struct cf_benchmark *b, const struct cf_quote *q, struct cf_error *err);

/* cf_quote_fn for cf_load_quotes_each: ctx is the struct cf_benchmark. */
int cf_benchmark_each(const struct cf_quote *q, void *ctx, struct cf_error *err);

struct cf_benchmark_counts {
    size_t rows;  /* quotes fed */
    size_t valid; /* of which valid on as_of */
    size_t firms; /* distinct firms fed (valid or not) */
    size_t lanes; /* distinct (mode, origin, destination, equipment) with a valid quote */
    size_t keys;  /* distinct (firm, lane) with a valid quote */
};
void cf_benchmark_counts(const struct cf_benchmark *b, struct cf_benchmark_counts *out);

/* A lane is (mode, origin, destination, equipment). Figures are all-in rates
 * per unit of the equipment in the base currency; NAN where withheld or
 * undefined (the CLI prints null / an empty cell). */
struct cf_benchmark_lane {
    enum cf_mode mode;
    char origin[CF_LOCODE_LEN];
    char destination[CF_LOCODE_LEN];
    char equipment[CF_CODE_MAX];
    size_t firms;   /* firms with a valid quote on it */
    int withheld;   /* member view, fewer than min_firms firms: every figure NAN */
    /* in a member view min, max, mean and excess_over_median are NAN (with
       the quartiles they give the extremes), and so are p25, p75 and
       p75_over_p25 below CF_BENCHMARK_QUARTILE_FIRMS firms */
    double min, p25, median, mean, p75, max;
    double p75_over_p25;       /* p75 / p25 (NAN when p25 == 0) */
    double excess_over_median; /* sum over firms of max(0, all_in - median) */
    size_t first, count;       /* its positions: positions[first .. first + count) */
};

struct cf_benchmark_position {
    char firm[CF_NAME_MAX];
    size_t lane;            /* index into lanes */
    double all_in;          /* the firm's lowest valid all-in quote */
    double min_charge;      /* min_charge_base of that quote */
    int transit_days;       /* of that quote */
    double index_vs_median; /* all_in / median; NAN when withheld or median == 0 */
};

struct cf_benchmark_view {
    const char *member; /* NULL: every firm; else only that firm's rows and lanes */
    size_t min_firms;   /* member view: fewest firms for an aggregate; 0 means CF_BENCHMARK_MIN_FIRMS */
};

/* Lanes sorted by mode (sea, air, road), origin, destination, equipment;
 * each lane's positions sorted by firm name (byte order). */
struct cf_benchmark_report {
    struct cf_benchmark_lane *lanes;
    size_t nlanes;
    struct cf_benchmark_position *positions;
    size_t npositions;
    int member_view;  /* 1: positions hold only the member's rows */
    size_t min_firms; /* the threshold applied in a member view */
};

/* Build the report (view NULL: every firm). The caller frees out with
 * cf_benchmark_report_free, also on error. A member who sent no quote is
 * CF_ERR_DATA `--member: no quotes from firm "X"`; one whose quotes are all
 * invalid on as_of, the same with ` valid on DATE`. */
int cf_benchmark_report(const struct cf_benchmark *b, const struct cf_benchmark_view *view,
                        struct cf_benchmark_report *out, struct cf_error *err);
void cf_benchmark_report_free(struct cf_benchmark_report *r);

#endif
