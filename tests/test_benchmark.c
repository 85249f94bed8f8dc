/* test_benchmark.c — suite benchmark: the streaming aggregator and its report
 * (domain.md, "Benchmark"; interface.md, "Confidentiality"), on quotes built
 * in code. The same quotes are tests/data/benchmark/quotes.csv (and .json),
 * which the end-to-end tests at the bottom run through the binary.
 *
 * The quote set, in USD with --fx EUR 1.10, ZAR 0.05 (tests/data/benchmark/fx.csv):
 *   sea ZADUR-DEHAM 20GP   Alpha Castings  2300+200 USD = 2500; also 2400+200 = 2600 (lowest counts)
 *                          Bravo Plastics  2000 EUR x 1.10 = 2200
 *                          Charlie Wiring  40000+4000 ZAR x 0.05 = 2200 (tie with Bravo)
 *                          Delta Glass     1250+50 USD = 1300
 *                          Echo Seats      1000 USD valid to 2026-01-31 (expired on 2026-03-01)
 *                                          2800 USD valid 2026-01-01..2026-12-31
 *   sea ZADUR-NLRTM 40HC   Alpha 4000 USD; Bravo 3000+200 EUR x 1.10 = 3520      (2 firms)
 *   air ZADUR-DEHAM AIR    Charlie 60+10 ZAR/kg x 0.05 = 3.50, min 2000 ZAR = 100 (1 firm)
 *   road ZADUR-ZAJNB FTL   Alpha 900 USD; Delta 16000 ZAR x 0.05 = 800; Echo 1000  (3 firms)
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "rates/benchmark.h"

#define EPS 1e-9

static cf_date_t day(const char *text)
{
    cf_date_t d;
    cr_assert_eq(cf_date_parse(text, &d), 0);
    return d;
}

static struct cf_quote make(const char *firm, enum cf_mode mode, const char *dest, const char *equipment,
                            double all_in, double min_charge, int transit_days)
{
    struct cf_quote q;
    memset(&q, 0, sizeof q);
    snprintf(q.firm, sizeof q.firm, "%s", firm);
    q.mode = mode;
    snprintf(q.origin, sizeof q.origin, "ZADUR");
    snprintf(q.destination, sizeof q.destination, "%s", dest);
    snprintf(q.equipment, sizeof q.equipment, "%s", equipment);
    q.all_in = all_in;
    q.min_charge_base = min_charge;
    q.transit_days = transit_days;
    q.valid_from = CF_DATE_NONE;
    q.valid_to = CF_DATE_NONE;
    return q;
}

/* Feed the set above (already converted to USD) into a new aggregator. */
static struct cf_benchmark *feed_cluster(cf_date_t as_of)
{
    struct cf_quote q[14];
    size_t n = 0;
    q[n++] = make("Alpha Castings", CF_MODE_SEA, "DEHAM", "20GP", 2600, 0, 30);
    q[n++] = make("Alpha Castings", CF_MODE_SEA, "DEHAM", "20GP", 2500, 0, 30);
    q[n++] = make("Bravo Plastics", CF_MODE_SEA, "DEHAM", "20GP", 2200, 0, 28);
    q[n++] = make("Charlie Wiring", CF_MODE_SEA, "DEHAM", "20GP", 2200, 0, 28);
    q[n++] = make("Delta Glass", CF_MODE_SEA, "DEHAM", "20GP", 1300, 0, 35);
    q[n] = make("Echo Seats", CF_MODE_SEA, "DEHAM", "20GP", 1000, 0, 26);
    q[n++].valid_to = day("2026-01-31");
    q[n] = make("Echo Seats", CF_MODE_SEA, "DEHAM", "20GP", 2800, 0, 26);
    q[n].valid_from = day("2026-01-01");
    q[n++].valid_to = day("2026-12-31");
    q[n++] = make("Alpha Castings", CF_MODE_SEA, "NLRTM", "40HC", 4000, 0, 28);
    q[n++] = make("Bravo Plastics", CF_MODE_SEA, "NLRTM", "40HC", 3520, 0, 31);
    q[n++] = make("Charlie Wiring", CF_MODE_AIR, "DEHAM", "AIR", 3.5, 100, 5);
    q[n++] = make("Alpha Castings", CF_MODE_ROAD, "ZAJNB", "FTL", 900, 0, 2);
    q[n++] = make("Delta Glass", CF_MODE_ROAD, "ZAJNB", "FTL", 800, 0, 3);
    q[n++] = make("Echo Seats", CF_MODE_ROAD, "ZAJNB", "FTL", 1000, 0, 2);

    struct cf_benchmark *b = NULL;
    struct cf_error err;
    cr_assert_eq(cf_benchmark_create(as_of, &b, &err), CF_OK);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(cf_benchmark_each(&q[i], b, &err), CF_OK);
    return b;
}

static void report_of(cf_date_t as_of, const char *member, struct cf_benchmark_report *r)
{
    struct cf_benchmark *b = feed_cluster(as_of);
    struct cf_benchmark_view view = {member, 0};
    struct cf_error err;
    int rc = cf_benchmark_report(b, &view, r, &err);
    cr_assert_eq(rc, CF_OK, "%s", err.message);
    cf_benchmark_free(b);
}

static void assert_lane(const struct cf_benchmark_lane *l, enum cf_mode mode, const char *dest,
                        const char *equipment, size_t firms)
{
    cr_assert_eq(l->mode, mode);
    cr_assert_str_eq(l->origin, "ZADUR");
    cr_assert_str_eq(l->destination, dest);
    cr_assert_str_eq(l->equipment, equipment);
    cr_assert_eq(l->firms, firms);
}

Test(benchmark, lanes_sorted_by_mode_origin_destination_equipment)
{
    struct cf_benchmark_report r;
    report_of(CF_DATE_NONE, NULL, &r);
    /* modes in the order sea, air, road; within sea DEHAM before NLRTM */
    cr_assert_eq(r.nlanes, 4);
    assert_lane(&r.lanes[0], CF_MODE_SEA, "DEHAM", "20GP", 5);
    assert_lane(&r.lanes[1], CF_MODE_SEA, "NLRTM", "40HC", 2);
    assert_lane(&r.lanes[2], CF_MODE_AIR, "DEHAM", "AIR", 1);
    assert_lane(&r.lanes[3], CF_MODE_ROAD, "ZAJNB", "FTL", 3);
    /* 5 + 2 + 1 + 3 firm positions, firms by name within a lane */
    cr_assert_eq(r.npositions, 11);
    cr_assert_str_eq(r.positions[0].firm, "Alpha Castings");
    cr_assert_str_eq(r.positions[4].firm, "Echo Seats");
    cr_assert_eq(r.lanes[3].first, 8);
    cr_assert_str_eq(r.positions[8].firm, "Alpha Castings");
    cr_assert_str_eq(r.positions[9].firm, "Delta Glass");
    cr_assert_eq(r.positions[9].lane, 3);
    cf_benchmark_report_free(&r);
}

Test(benchmark, every_quote_counts_without_as_of)
{
    struct cf_benchmark_report r;
    report_of(CF_DATE_NONE, NULL, &r);
    const struct cf_benchmark_lane *l = &r.lanes[0];
    /* Echo's lowest is the 1000 that expired: {1000, 1300, 2200, 2200, 2500};
     * ranks 1, 2, 3 -> p25 1300, median 2200, p75 2200; mean 9200 / 5 = 1840;
     * p75/p25 = 2200/1300; excess over the median: only Alpha, 2500 - 2200 = 300 */
    cr_assert_float_eq(l->min, 1000.0, EPS);
    cr_assert_float_eq(l->p25, 1300.0, EPS);
    cr_assert_float_eq(l->median, 2200.0, EPS);
    cr_assert_float_eq(l->mean, 1840.0, EPS);
    cr_assert_float_eq(l->p75, 2200.0, EPS);
    cr_assert_float_eq(l->max, 2500.0, EPS);
    cr_assert_float_eq(l->p75_over_p25, 2200.0 / 1300.0, EPS);
    cr_assert_float_eq(l->excess_over_median, 300.0, EPS);
    cr_assert_float_eq(r.positions[4].all_in, 1000.0, EPS);
    cf_benchmark_report_free(&r);
}

Test(benchmark, as_of_drops_expired_quotes_and_lowest_per_firm_counts)
{
    struct cf_benchmark_report r;
    report_of(day("2026-03-01"), NULL, &r);
    const struct cf_benchmark_lane *l = &r.lanes[0];
    /* Echo's 1000 expired: {1300, 2200, 2200, 2500, 2800} (Alpha: 2500, not 2600);
     * p25 rank 1 = 2200, median rank 2 = 2200, p75 rank 3 = 2500; mean 11000 / 5 = 2200;
     * p75/p25 = 2500/2200; excess (2500 - 2200) + (2800 - 2200) = 900 */
    cr_assert_float_eq(l->min, 1300.0, EPS);
    cr_assert_float_eq(l->p25, 2200.0, EPS);
    cr_assert_float_eq(l->median, 2200.0, EPS);
    cr_assert_float_eq(l->mean, 2200.0, EPS);
    cr_assert_float_eq(l->p75, 2500.0, EPS);
    cr_assert_float_eq(l->max, 2800.0, EPS);
    cr_assert_float_eq(l->p75_over_p25, 2500.0 / 2200.0, EPS);
    cr_assert_float_eq(l->excess_over_median, 900.0, EPS);
    /* positions: Alpha 2500 / 2200, Bravo and Charlie tie at 1.0, Delta 1300 / 2200 */
    cr_assert_str_eq(r.positions[0].firm, "Alpha Castings");
    cr_assert_float_eq(r.positions[0].all_in, 2500.0, EPS);
    cr_assert_float_eq(r.positions[0].index_vs_median, 2500.0 / 2200.0, EPS);
    cr_assert_float_eq(r.positions[1].index_vs_median, 1.0, EPS);
    cr_assert_float_eq(r.positions[2].index_vs_median, 1.0, EPS);
    cr_assert_float_eq(r.positions[3].index_vs_median, 1300.0 / 2200.0, EPS);
    cr_assert_float_eq(r.positions[4].all_in, 2800.0, EPS);
    cf_benchmark_report_free(&r);
}

Test(benchmark, two_firms_and_one_firm_lanes)
{
    struct cf_benchmark_report r;
    report_of(CF_DATE_NONE, NULL, &r);
    /* {3520, 4000}: p25 rank 0.25 -> 3640, median 3760, p75 3880; excess 4000 - 3760 = 240 */
    const struct cf_benchmark_lane *l = &r.lanes[1];
    cr_assert_float_eq(l->p25, 3640.0, EPS);
    cr_assert_float_eq(l->median, 3760.0, EPS);
    cr_assert_float_eq(l->mean, 3760.0, EPS);
    cr_assert_float_eq(l->p75, 3880.0, EPS);
    cr_assert_float_eq(l->p75_over_p25, 3880.0 / 3640.0, EPS);
    cr_assert_float_eq(l->excess_over_median, 240.0, EPS);
    /* one firm: every statistic is its 3.50 per kg, no spread, no excess; its
     * min charge (100) and transit (5) ride along */
    l = &r.lanes[2];
    cr_assert_float_eq(l->min, 3.5, EPS);
    cr_assert_float_eq(l->median, 3.5, EPS);
    cr_assert_float_eq(l->max, 3.5, EPS);
    cr_assert_float_eq(l->p75_over_p25, 1.0, EPS);
    cr_assert_float_eq(l->excess_over_median, 0.0, EPS);
    cr_assert_float_eq(r.positions[l->first].min_charge, 100.0, EPS);
    cr_assert_eq(r.positions[l->first].transit_days, 5);
    cr_assert_float_eq(r.positions[l->first].index_vs_median, 1.0, EPS);
    cf_benchmark_report_free(&r);
}

Test(benchmark, member_view_withholds_small_lanes_and_extremes)
{
    struct cf_benchmark_report r;
    report_of(day("2026-03-01"), "Alpha Castings", &r);
    cr_assert_eq(r.member_view, 1);
    cr_assert_eq(r.min_firms, 3);
    /* Alpha quotes sea DEHAM (5 firms), sea NLRTM (2 firms), road ZAJNB (3 firms); not the air lane */
    cr_assert_eq(r.nlanes, 3);
    assert_lane(&r.lanes[0], CF_MODE_SEA, "DEHAM", "20GP", 5);
    assert_lane(&r.lanes[1], CF_MODE_SEA, "NLRTM", "40HC", 2);
    assert_lane(&r.lanes[2], CF_MODE_ROAD, "ZAJNB", "FTL", 3);
    /* 5 firms {1300, 2200, 2200, 2500, 2800}: median and quartiles shown, but
       never min, max, mean or the excess over the median. Alpha holds the
       2500 (the p75): with the excess (900) it could work out the highest as
       2200 + 900 - 300 = 2800, then with the mean (2200) the lowest as
       5 x 2200 - 2200 - 2200 - 2500 - 2800 = 1300: every rate */
    cr_assert_eq(r.lanes[0].withheld, 0);
    cr_assert_float_eq(r.lanes[0].p25, 2200.0, EPS);
    cr_assert_float_eq(r.lanes[0].median, 2200.0, EPS);
    cr_assert_float_eq(r.lanes[0].p75, 2500.0, EPS);
    cr_assert(isnan(r.lanes[0].min));
    cr_assert(isnan(r.lanes[0].max));
    cr_assert(isnan(r.lanes[0].mean));
    cr_assert(isnan(r.lanes[0].excess_over_median));
    /* 2 firms: everything withheld, Alpha's index too */
    cr_assert_eq(r.lanes[1].withheld, 1);
    cr_assert(isnan(r.lanes[1].median));
    cr_assert(isnan(r.lanes[1].p25));
    cr_assert(isnan(r.lanes[1].mean));
    cr_assert(isnan(r.lanes[1].excess_over_median));
    /* exactly 3 firms is enough for the median: {800, 900, 1000}, median 900.
       Not for the quartiles: Alpha holds the 900, and p25 850 and p75 950
       would give it 2 x 850 - 900 = 800 and 2 x 950 - 900 = 1000, both
       other firms' rates */
    cr_assert_eq(r.lanes[2].withheld, 0);
    cr_assert_float_eq(r.lanes[2].median, 900.0, EPS);
    cr_assert(isnan(r.lanes[2].p25));
    cr_assert(isnan(r.lanes[2].p75));
    cr_assert(isnan(r.lanes[2].p75_over_p25));
    cr_assert(isnan(r.lanes[2].excess_over_median));
    /* only Alpha's own positions: 2500, 4000 (own rate shown, index withheld), 900 */
    cr_assert_eq(r.npositions, 3);
    for (size_t i = 0; i < r.npositions; i++)
        cr_assert_str_eq(r.positions[i].firm, "Alpha Castings");
    cr_assert_float_eq(r.positions[0].index_vs_median, 2500.0 / 2200.0, EPS);
    cr_assert_float_eq(r.positions[1].all_in, 4000.0, EPS);
    cr_assert(isnan(r.positions[1].index_vs_median));
    cr_assert_float_eq(r.positions[2].index_vs_median, 1.0, EPS);
    cr_assert_eq(r.lanes[1].first, 1);
    cr_assert_eq(r.lanes[1].count, 1);
    cf_benchmark_report_free(&r);
}

Test(benchmark, member_view_threshold_can_be_raised)
{
    struct cf_benchmark *b = feed_cluster(CF_DATE_NONE);
    struct cf_benchmark_view view = {"Delta Glass", 5};
    struct cf_benchmark_report r;
    struct cf_error err;
    cr_assert_eq(cf_benchmark_report(b, &view, &r, &err), CF_OK);
    /* Delta: sea DEHAM (5 firms, shown) and road ZAJNB (3 firms: under 5, withheld) */
    cr_assert_eq(r.nlanes, 2);
    cr_assert_eq(r.lanes[0].withheld, 0);
    cr_assert_eq(r.lanes[1].withheld, 1);
    cf_benchmark_report_free(&r);
    cf_benchmark_free(b);
}

Test(benchmark, unknown_member_is_a_data_error)
{
    struct cf_benchmark *b = feed_cluster(CF_DATE_NONE);
    struct cf_benchmark_view view = {"Zulu Motors", 0};
    struct cf_benchmark_report r;
    struct cf_error err;
    cr_assert_eq(cf_benchmark_report(b, &view, &r, &err), CF_ERR_DATA);
    cr_assert_str_eq(err.message, "--member: no quotes from firm \"Zulu Motors\"");
    cf_benchmark_report_free(&r);
    cf_benchmark_free(b);
}

Test(benchmark, member_with_only_expired_quotes_is_a_data_error)
{
    struct cf_quote q = make("Foxtrot Paints", CF_MODE_SEA, "DEHAM", "20GP", 900, 0, 28);
    q.valid_to = day("2025-12-31");
    struct cf_benchmark *b = feed_cluster(day("2026-03-01"));
    struct cf_error err;
    cr_assert_eq(cf_benchmark_add(b, &q, &err), CF_OK);
    struct cf_benchmark_view view = {"Foxtrot Paints", 0};
    struct cf_benchmark_report r;
    cr_assert_eq(cf_benchmark_report(b, &view, &r, &err), CF_ERR_DATA);
    cr_assert_str_eq(err.message, "--member: no quotes from firm \"Foxtrot Paints\" valid on 2026-03-01");
    cf_benchmark_report_free(&r);
    cf_benchmark_free(b);
}

Test(benchmark, memory_follows_keys_not_rows)
{
    /* the same 3 (firm, lane) keys fed 100,000 times: 3 keys, 2 lanes, 2 firms;
     * firm A's figure is the lowest of 1000 + (i mod 7) over i, i.e. 1000 */
    struct cf_benchmark *b = NULL;
    struct cf_error err;
    cr_assert_eq(cf_benchmark_create(CF_DATE_NONE, &b, &err), CF_OK);
    for (int i = 0; i < 100000; i++) {
        struct cf_quote q = make(i % 3 == 2 ? "B" : "A", CF_MODE_SEA, i % 3 == 1 ? "NLRTM" : "DEHAM",
                                 "20GP", 1000 + i % 7, 0, 28);
        cr_assert_eq(cf_benchmark_add(b, &q, &err), CF_OK);
    }
    struct cf_benchmark_counts c;
    cf_benchmark_counts(b, &c);
    cr_assert_eq(c.rows, 100000);
    cr_assert_eq(c.valid, 100000);
    cr_assert_eq(c.keys, 3);
    cr_assert_eq(c.lanes, 2);
    cr_assert_eq(c.firms, 2);
    struct cf_benchmark_report r;
    cr_assert_eq(cf_benchmark_report(b, NULL, &r, &err), CF_OK);
    cr_assert_float_eq(r.positions[0].all_in, 1000.0, EPS);
    cf_benchmark_report_free(&r);
    cf_benchmark_free(b);
}

Test(benchmark, many_firms_grow_the_tables)
{
    /* 5000 firms on one lane, firm i at rate i (fed in a scrambled order):
     * median rank 4999 x 0.5 = 2499.5 -> 2500.5; p25 rank 1249.75 -> 1250.75;
     * p75 rank 3749.25 -> 3750.25; mean 5001 / 2 = 2500.5 */
    struct cf_benchmark *b = NULL;
    struct cf_error err;
    cr_assert_eq(cf_benchmark_create(CF_DATE_NONE, &b, &err), CF_OK);
    for (int k = 0; k < 5000; k++) {
        int i = 1 + (k * 2003) % 5000; /* 2003 is prime to 5000: a permutation */
        char name[32];
        snprintf(name, sizeof name, "firm%05d", i);
        struct cf_quote q = make(name, CF_MODE_SEA, "DEHAM", "20GP", i, 0, 28);
        cr_assert_eq(cf_benchmark_add(b, &q, &err), CF_OK);
    }
    struct cf_benchmark_report r;
    cr_assert_eq(cf_benchmark_report(b, NULL, &r, &err), CF_OK);
    cr_assert_eq(r.nlanes, 1);
    cr_assert_eq(r.lanes[0].firms, 5000);
    cr_assert_float_eq(r.lanes[0].median, 2500.5, EPS);
    cr_assert_float_eq(r.lanes[0].p25, 1250.75, EPS);
    cr_assert_float_eq(r.lanes[0].p75, 3750.25, EPS);
    cr_assert_float_eq(r.lanes[0].mean, 2500.5, EPS);
    cr_assert_str_eq(r.positions[0].firm, "firm00001");
    cr_assert_str_eq(r.positions[4999].firm, "firm05000");
    cr_assert_float_eq(r.positions[4999].all_in, 5000.0, EPS);
    cf_benchmark_report_free(&r);
    cf_benchmark_free(b);
}

Test(benchmark, no_quotes_give_an_empty_report)
{
    struct cf_benchmark *b = NULL;
    struct cf_error err;
    cr_assert_eq(cf_benchmark_create(CF_DATE_NONE, &b, &err), CF_OK);
    struct cf_benchmark_report r;
    cr_assert_eq(cf_benchmark_report(b, NULL, &r, &err), CF_OK);
    cr_assert_eq(r.nlanes, 0);
    cr_assert_eq(r.npositions, 0);
    cf_benchmark_report_free(&r);
    cf_benchmark_free(b);
}

/* --- end to end: the binary on tests/data/benchmark (same figures as above, now
 * converted by the loader with fx.csv: EUR 1.10, ZAR 0.05) --- */

#include <cjson/cJSON.h>

#define DATA CF_TEST_DATA "/benchmark"
#define RUN_BENCH(extra, ...) \
    cf_run_cli("benchmark --fx " DATA "/fx.csv " extra, ##__VA_ARGS__)

static double number(const cJSON *obj, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    cr_assert(cJSON_IsNumber(item), "field %s is not a number", name);
    return item->valuedouble;
}

static int is_null(const cJSON *obj, const char *name)
{
    return cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(obj, name));
}

Test(benchmark, cli_json_figures_after_fx_and_as_of)
{
    struct cf_run run = RUN_BENCH("--quotes " DATA "/quotes.csv --as-of 2026-03-01 --format json");
    cr_assert_eq(run.status, 0, "stderr: %s", run.err);
    cJSON *doc = cJSON_Parse(run.out);
    cr_assert_not_null(doc);
    cr_assert_str_eq(cJSON_GetObjectItem(doc, "currency")->valuestring, "USD");
    cJSON *lanes = cJSON_GetObjectItem(doc, "lanes");
    cr_assert_eq(cJSON_GetArraySize(lanes), 4);
    /* sea DEHAM 20GP: {1300, 2200 (2000 EUR), 2200 (44000 ZAR), 2500, 2800}, see the top */
    cJSON *l = cJSON_GetArrayItem(lanes, 0);
    cr_assert_str_eq(cJSON_GetObjectItem(l, "destination")->valuestring, "DEHAM");
    cr_assert_float_eq(number(l, "firms"), 5, EPS);
    cr_assert_float_eq(number(l, "min"), 1300, 1e-6);
    cr_assert_float_eq(number(l, "p25"), 2200, 1e-6);
    cr_assert_float_eq(number(l, "median"), 2200, 1e-6);
    cr_assert_float_eq(number(l, "mean"), 2200, 1e-6);
    cr_assert_float_eq(number(l, "p75"), 2500, 1e-6);
    cr_assert_float_eq(number(l, "max"), 2800, 1e-6);
    cr_assert_float_eq(number(l, "p75_over_p25"), 2500.0 / 2200.0, 1e-9);
    cr_assert_float_eq(number(l, "excess_over_median"), 900, 1e-6);
    /* sea NLRTM 40HC: Bravo 3200 EUR x 1.10 = 3520 and Alpha 4000: median 3760 */
    l = cJSON_GetArrayItem(lanes, 1);
    cr_assert_float_eq(number(l, "median"), 3760, 1e-6);
    cr_assert_null(cJSON_GetObjectItem(l, "withheld"));
    /* air: 70 ZAR x 0.05 = 3.50 per kg */
    l = cJSON_GetArrayItem(lanes, 2);
    cr_assert_str_eq(cJSON_GetObjectItem(l, "unit")->valuestring, "kg");
    cr_assert_float_eq(number(l, "median"), 3.5, 1e-9);
    /* road: Delta 16000 ZAR x 0.05 = 800 */
    l = cJSON_GetArrayItem(lanes, 3);
    cr_assert_float_eq(number(l, "min"), 800, 1e-6);
    cJSON *firms = cJSON_GetObjectItem(doc, "firms");
    cr_assert_eq(cJSON_GetArraySize(firms), 11);
    cJSON *f = cJSON_GetArrayItem(firms, 0);
    cr_assert_str_eq(cJSON_GetObjectItem(f, "firm")->valuestring, "Alpha Castings");
    cr_assert_str_eq(cJSON_GetObjectItem(f, "lane")->valuestring, "ZADUR-DEHAM");
    cr_assert_str_eq(cJSON_GetObjectItem(f, "equipment")->valuestring, "20GP");
    cr_assert_float_eq(number(f, "all_in"), 2500, 1e-6);
    cr_assert_float_eq(number(f, "index_vs_median"), 2500.0 / 2200.0, 1e-9);
    cJSON_Delete(doc);
    cf_run_free(&run);
}

Test(benchmark, cli_table_prints_money_with_two_decimals)
{
    struct cf_run run = RUN_BENCH("--quotes " DATA "/quotes.csv --format table");
    cr_assert_eq(run.status, 0, "stderr: %s", run.err);
    /* without --as-of, Echo's expired 1000 counts: mean 1840 */
    cr_assert(strstr(run.out, "1,840.00") != NULL, "%s", run.out);
    cr_assert(strstr(run.out, "Firms' positions") != NULL);
    /* a rate per kg keeps 4 decimals: 70 ZAR x 0.05 */
    cr_assert(strstr(run.out, "3.5000") != NULL);
    cf_run_free(&run);
}

Test(benchmark, cli_csv_lanes_and_firms_views)
{
    struct cf_run run = RUN_BENCH("--quotes " DATA "/quotes.csv --as-of 2026-03-01 --format csv");
    cr_assert_eq(run.status, 0, "stderr: %s", run.err);
    const char *lanes_csv =
        "mode,origin,destination,equipment,unit,firms,min,p25,median,mean,p75,max,p75_over_p25,excess_over_median\r\n"
        "sea,ZADUR,DEHAM,20GP,container,5,1300.00,2200.00,2200.00,2200.00,2500.00,2800.00,1.1364,900.00\r\n"
        "sea,ZADUR,NLRTM,40HC,container,2,3520.00,3640.00,3760.00,3760.00,3880.00,4000.00,1.0659,240.00\r\n"
        "air,ZADUR,DEHAM,AIR,kg,1,3.5000,3.5000,3.5000,3.5000,3.5000,3.5000,1.0000,0.0000\r\n"
        "road,ZADUR,ZAJNB,FTL,truck,3,800.00,850.00,900.00,900.00,950.00,1000.00,1.1176,100.00\r\n";
    cr_assert_str_eq(run.out, lanes_csv);
    cf_run_free(&run);

    run = RUN_BENCH("--quotes " DATA "/quotes.csv --as-of 2026-03-01 --format csv --view firms");
    cr_assert_eq(run.status, 0, "stderr: %s", run.err);
    /* Echo's valid 2800 against the median 2200: 1.2727 */
    cr_assert(strstr(run.out, "firm,mode,lane,equipment,all_in,index_vs_median\r\n") == run.out);
    cr_assert(strstr(run.out, "Echo Seats,sea,ZADUR-DEHAM,20GP,2800.00,1.2727\r\n") != NULL, "%s", run.out);
    cf_run_free(&run);

    run = RUN_BENCH("--quotes " DATA "/quotes.csv --format csv --view both");
    cr_assert_eq(run.status, 2);
    cr_assert_str_eq(run.err, "clusterfreight benchmark: --view both: CSV holds one table, choose lanes or "
                              "firms (see 'clusterfreight benchmark --help')\n");
    cf_run_free(&run);
}

static void assert_no_other_firm(const char *out)
{
    static const char *const others[] = {"Bravo", "Charlie", "Delta", "Echo"};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        cr_assert(strstr(out, others[i]) == NULL, "%s appears in:\n%s", others[i], out);
}

Test(benchmark, cli_member_view_names_no_other_firm)
{
    const char *forms[] = {"--format json -v", "--format table", "--format csv", "--format csv --view firms"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        struct cf_run run = RUN_BENCH("--quotes " DATA "/quotes.csv --member 'Alpha Castings' %s", forms[i]);
        cr_assert_eq(run.status, 0, "%s: %s", forms[i], run.err);
        assert_no_other_firm(run.out);
        assert_no_other_firm(run.err);
        cr_assert(strstr(run.out, "Alpha Castings") != NULL || strstr(forms[i], "--view") == NULL);
        cf_run_free(&run);
    }
}

Test(benchmark, cli_member_view_withholds_the_two_firm_lane)
{
    struct cf_run run = RUN_BENCH("--quotes " DATA "/quotes.csv --as-of 2026-03-01 --member 'Alpha Castings' --format json");
    cr_assert_eq(run.status, 0, "stderr: %s", run.err);
    cJSON *doc = cJSON_Parse(run.out);
    cr_assert_not_null(doc);
    cr_assert_str_eq(cJSON_GetObjectItem(doc, "member")->valuestring, "Alpha Castings");
    cJSON *lanes = cJSON_GetObjectItem(doc, "lanes");
    /* Alpha's lanes only: sea DEHAM (5 firms), sea NLRTM (2 firms), road ZAJNB (3 firms) */
    cr_assert_eq(cJSON_GetArraySize(lanes), 3);
    cJSON *l = cJSON_GetArrayItem(lanes, 0);
    cr_assert(is_null(l, "min") && is_null(l, "max") && is_null(l, "mean") && is_null(l, "excess_over_median"));
    cr_assert_float_eq(number(l, "median"), 2200, 1e-6);
    cr_assert_float_eq(number(l, "p75"), 2500, 1e-6);
    cr_assert_null(cJSON_GetObjectItem(l, "quartiles_withheld"));
    l = cJSON_GetArrayItem(lanes, 1);
    cr_assert_str_eq(cJSON_GetObjectItem(l, "destination")->valuestring, "NLRTM");
    cr_assert_str_eq(cJSON_GetObjectItem(l, "withheld")->valuestring, "fewer than 3 firms");
    cr_assert(is_null(l, "p25") && is_null(l, "median") && is_null(l, "mean") && is_null(l, "p75"));
    cr_assert(is_null(l, "excess_over_median") && is_null(l, "p75_over_p25"));
    l = cJSON_GetArrayItem(lanes, 2); /* 3 firms: the median, not the quartiles */
    cr_assert_float_eq(number(l, "median"), 900, 1e-6);
    cr_assert(is_null(l, "p25") && is_null(l, "p75") && is_null(l, "p75_over_p25"));
    cr_assert_null(cJSON_GetObjectItem(l, "withheld"));
    cr_assert_str_eq(cJSON_GetObjectItem(l, "quartiles_withheld")->valuestring, "fewer than 5 firms");
    cJSON *firms = cJSON_GetObjectItem(doc, "firms");
    cr_assert_eq(cJSON_GetArraySize(firms), 3);
    /* its own 4000 on the withheld lane is shown, its index is not */
    cJSON *f = cJSON_GetArrayItem(firms, 1);
    cr_assert_float_eq(number(f, "all_in"), 4000, 1e-6);
    cr_assert(is_null(f, "index_vs_median"));
    cJSON_Delete(doc);
    cf_run_free(&run);
}

Test(benchmark, an_as_of_date_no_quote_holds_is_an_error)
{
    /* it printed empty lanes and exit 0 (and plan, savings, propose planned
       every shipment as unplaced): a date typed wrong, said as such */
    char csv[256];
    snprintf(csv, sizeof csv, "%s",
             cf_temp_file("firm,mode,origin,destination,equipment,amount,currency,valid_from,valid_to\n"
                          "Alpha,sea,ZADUR,DEHAM,20GP,2400,USD,2026-01-01,2026-06-30\n"
                          "Bravo,sea,ZADUR,DEHAM,20GP,2000,USD,2026-03-01,2026-12-31\n",
                          ".csv"));
    struct cf_run run = cf_run_cli("benchmark --quotes %s --as-of 2027-01-01 --format json", csv);
    cr_expect_eq(run.status, 65);
    char want[512];
    snprintf(want, sizeof want, "clusterfreight: %s: none of its 2 quotes is valid on 2027-01-01 (--as-of)\n", csv);
    cr_expect_str_eq(run.err, want);
    cr_expect_str_eq(run.out, "");
    cf_run_free(&run);
    /* one valid quote is enough */
    run = cf_run_cli("benchmark --quotes %s --as-of 2026-12-31 --format json", csv);
    cr_expect_eq(run.status, 0, "%s", run.err);
    cf_run_free(&run);
    char quotes_csv[256];
    snprintf(quotes_csv, sizeof quotes_csv, "%s", csv);
    /* plan, savings and propose say the same when no card row and no quote
       holds; one file lapsed while the other holds is planned as before */
    snprintf(csv, sizeof csv, "%s",
             cf_temp_file("mode,origin,destination,equipment,amount,currency,valid_from,valid_to\n"
                          "sea,ZADUR,DEHAM,20GP,2400,USD,2026-01-01,2026-06-30\n"
                          "sea,ZADUR,DEHAM,40GP,3000,USD,2026-03-01,2026-12-31\n",
                          ".csv"));
    run = cf_run_cli("plan --shipments " CF_TEST_DATA "/plan/shipments.csv --cluster-rates %s --as-of 2027-01-01 "
                     "--format json",
                     csv);
    cr_expect_eq(run.status, 65);
    cr_expect_str_eq(run.err, "clusterfreight: --as-of: none of the 2 quotes and rates read is valid on 2027-01-01\n");
    cf_run_free(&run);
    run = cf_run_cli("plan --shipments " CF_TEST_DATA "/plan/shipments.csv --cluster-rates " CF_TEST_DATA
                     "/plan/cluster_rates.csv --quotes %s --as-of 2027-01-01 --format json",
                     quotes_csv);
    cr_expect_eq(run.status, 0, "a lapsed quotes file beside a card that holds: %s", run.err);
    cf_run_free(&run);
}

Test(benchmark, cli_unknown_member_is_exit_65)
{
    struct cf_run run = RUN_BENCH("--quotes " DATA "/quotes.csv --member 'Zulu Motors' --format json");
    cr_assert_eq(run.status, 65);
    cr_assert_str_eq(run.err, "clusterfreight: --member: no quotes from firm \"Zulu Motors\"\n");
    cr_assert_str_eq(run.out, "");
    cf_run_free(&run);
}

Test(benchmark, cli_quotes_option_is_required)
{
    struct cf_run run = cf_run_cli("benchmark --format json");
    cr_assert_eq(run.status, 2);
    cr_assert_str_eq(run.err, "clusterfreight benchmark: --quotes SRC is required (see 'clusterfreight benchmark --help')\n");
    cf_run_free(&run);
}

Test(benchmark, cli_min_firms_cannot_go_below_three)
{
    struct cf_run run = RUN_BENCH("--quotes " DATA "/quotes.csv --member 'Alpha Castings' --min-firms 2");
    cr_assert_eq(run.status, 2);
    cr_assert_str_eq(run.err, "clusterfreight benchmark: --min-firms: expected a whole number >= 3, got \"2\" "
                              "(see 'clusterfreight benchmark --help')\n");
    cf_run_free(&run);
}

Test(benchmark, cli_missing_file_is_exit_74)
{
    struct cf_run run = RUN_BENCH("--quotes " DATA "/no_such.csv --format json");
    cr_assert_eq(run.status, 74, "stderr: %s", run.err);
    cr_assert_str_eq(run.out, "");
    cf_run_free(&run);
}

Test(benchmark, cli_csv_json_and_stdin_give_identical_output)
{
    struct cf_run csv = RUN_BENCH("--quotes " DATA "/quotes.csv --as-of 2026-03-01 --format json");
    struct cf_run json = RUN_BENCH("--quotes " DATA "/quotes.json --as-of 2026-03-01 --format json");
    struct cf_run in = RUN_BENCH("--quotes - --as-of 2026-03-01 --format json < " DATA "/quotes.csv");
    cr_assert_eq(csv.status, 0, "stderr: %s", csv.err);
    cr_assert_eq(json.status, 0, "stderr: %s", json.err);
    cr_assert_eq(in.status, 0, "stderr: %s", in.err);
    cr_assert_str_eq(json.out, csv.out);
    cr_assert_str_eq(in.out, csv.out);
    cf_run_free(&csv);
    cf_run_free(&json);
    cf_run_free(&in);
}

Test(benchmark, cli_member_with_only_expired_quotes_is_exit_65)
{
    /* Kilo's only quote ended on 2026-01-31: on 2026-03-01 it holds none */
    const char *csv = cf_temp_file("firm,mode,origin,destination,equipment,amount,currency,valid_to\n"
                                   "Kilo Pistons,sea,ZADUR,DEHAM,20GP,1500,USD,2026-01-31\n"
                                   "Lima Trim,sea,ZADUR,DEHAM,20GP,1600,USD,\n",
                                   ".csv");
    struct cf_run run = cf_run_cli("benchmark --quotes %s --as-of 2026-03-01 --member 'Kilo Pistons' --format json", csv);
    cr_assert_eq(run.status, 65);
    cr_assert_str_eq(run.err, "clusterfreight: --member: no quotes from firm \"Kilo Pistons\" valid on 2026-03-01\n");
    cf_run_free(&run);
    unlink(csv);
}

Test(benchmark, cli_header_only_file_gives_empty_lanes)
{
    const char *csv = cf_temp_file("firm,mode,origin,destination,equipment,amount,currency\n", ".csv");
    struct cf_run run = cf_run_cli("benchmark --quotes %s --format json", csv);
    cr_assert_eq(run.status, 0, "stderr: %s", run.err);
    cJSON *doc = cJSON_Parse(run.out);
    cr_assert_not_null(doc);
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "lanes")), 0);
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "firms")), 0);
    cJSON_Delete(doc);
    cf_run_free(&run);
    unlink(csv);
}

Test(benchmark, cli_member_csv_leaves_withheld_cells_empty)
{
    struct cf_run run = RUN_BENCH("--quotes " DATA "/quotes.csv --member 'Alpha Castings' --format csv");
    cr_assert_eq(run.status, 0, "stderr: %s", run.err);
    /* every quote counts (no --as-of): DEHAM {1000, 1300, 2200, 2200, 2500} as in
     * every_quote_counts_without_as_of, min and max left empty; NLRTM withheld */
    cr_assert_str_eq(run.out,
        "mode,origin,destination,equipment,unit,firms,min,p25,median,mean,p75,max,p75_over_p25,excess_over_median,note\r\n"
        "sea,ZADUR,DEHAM,20GP,container,5,,1300.00,2200.00,,2200.00,,1.6923,,\r\n"
        "sea,ZADUR,NLRTM,40HC,container,2,,,,,,,,,withheld: fewer than 3 firms\r\n"
        "road,ZADUR,ZAJNB,FTL,truck,3,,,900.00,,,,,,quartiles withheld: fewer than 5 firms\r\n");
    cf_run_free(&run);
}
