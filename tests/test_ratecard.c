/* test_ratecard.c — suite ratecard: the rate cards the planner prices with
 * (rates/ratecard.h), on a small quote set built in code (USD already; the
 * same firms and figures as test_benchmark.c):
 *   sea ZADUR-DEHAM 20GP  Alpha 2600 and 2500 (30 d), Bravo 2200 (28 d), Delta 1300 (35 d),
 *                         Echo 1000 valid to 2026-01-31 and 2800 from 2026-01-01 (26 d)
 *   sea ZADUR-NLRTM 40HC  Alpha 4000 (28 d), Bravo 3520 (31 d)
 *   air ZADUR-DEHAM AIR   Charlie 3.50/kg, min 100 (5 d)
 *   road ZADUR-ZAJNB FTL  Alpha 900 (2 d), Delta 800 (3 d), Echo 1000 (2 d)
 * Cluster rate card: sea ZADUR-DEHAM 20GP 1300 (min_teu 0) and 1150 (min_teu 50);
 * a 1100 row that expired on 2026-01-31. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "rates/ratecard.h"

#define EPS 1e-9

static cf_date_t day(const char *text)
{
    cf_date_t d;
    cr_assert_eq(cf_date_parse(text, &d), 0);
    return d;
}

static void add(struct cf_quotes *list, const char *firm, enum cf_mode mode, const char *dest,
                const char *equipment, double all_in, double min_charge, int transit_days)
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
    cr_assert_eq(cf_quotes_push(list, &q), CF_OK);
}

static void make_quotes(struct cf_quotes *list)
{
    memset(list, 0, sizeof *list);
    add(list, "Alpha", CF_MODE_SEA, "DEHAM", "20GP", 2600, 0, 30);
    add(list, "Alpha", CF_MODE_SEA, "DEHAM", "20GP", 2500, 0, 30);
    add(list, "Bravo", CF_MODE_SEA, "DEHAM", "20GP", 2200, 0, 28);
    add(list, "Delta", CF_MODE_SEA, "DEHAM", "20GP", 1300, 0, 35);
    add(list, "Echo", CF_MODE_SEA, "DEHAM", "20GP", 1000, 0, 26);
    list->items[list->count - 1].valid_to = day("2026-01-31");
    add(list, "Echo", CF_MODE_SEA, "DEHAM", "20GP", 2800, 0, 26);
    list->items[list->count - 1].valid_from = day("2026-01-01");
    add(list, "Alpha", CF_MODE_SEA, "NLRTM", "40HC", 4000, 0, 28);
    add(list, "Bravo", CF_MODE_SEA, "NLRTM", "40HC", 3520, 0, 31);
    add(list, "Charlie", CF_MODE_AIR, "DEHAM", "AIR", 3.5, 100, 5);
    add(list, "Alpha", CF_MODE_ROAD, "ZAJNB", "FTL", 900, 0, 2);
    add(list, "Delta", CF_MODE_ROAD, "ZAJNB", "FTL", 800, 0, 3);
    add(list, "Echo", CF_MODE_ROAD, "ZAJNB", "FTL", 1000, 0, 2);
}

static void make_cluster(struct cf_quotes *list)
{
    memset(list, 0, sizeof *list);
    add(list, "", CF_MODE_SEA, "DEHAM", "20GP", 1300, 0, 28);
    add(list, "", CF_MODE_SEA, "DEHAM", "20GP", 1150, 0, 28);
    list->items[1].min_teu = 50;
    add(list, "", CF_MODE_SEA, "DEHAM", "20GP", 1100, 0, 28);
    list->items[2].valid_to = day("2026-01-31");
}

static void assert_rate(const struct cf_rate *r, enum cf_mode mode, const char *dest, const char *equipment,
                        double rate, double min_charge, int transit_days, double min_teu, int stand_in)
{
    cr_assert_eq(r->mode, mode);
    cr_assert_str_eq(r->origin, "ZADUR");
    cr_assert_str_eq(r->destination, dest);
    cr_assert_str_eq(r->equipment, equipment);
    cr_assert_float_eq(r->rate, rate, EPS, "%s %s: rate %g, expected %g", dest, equipment, r->rate, rate);
    cr_assert_float_eq(r->min_charge, min_charge, EPS);
    cr_assert_eq(r->transit_days, transit_days, "%s %s: transit %d, expected %d", dest, equipment,
                 r->transit_days, transit_days);
    cr_assert_float_eq(r->min_teu, min_teu, EPS);
    cr_assert_eq(r->stand_in, stand_in);
}

Test(ratecard, coalition_takes_cluster_tiers_then_its_members_lowest)
{
    struct cf_quotes quotes, cluster;
    make_quotes(&quotes);
    make_cluster(&cluster);
    const char *firms[] = {"Alpha", "Bravo"};
    struct cf_ratecard card = {0};
    struct cf_error err;
    cr_assert_eq(cf_ratecard_coalition(&quotes, &cluster, firms, 2, day("2026-03-01"), &card, &err), CF_OK);
    /* cluster rows valid on 2026-03-01 (the 1100 expired), then per lane the lower of
     * Alpha's and Bravo's: DEHAM min(2500, 2200) = 2200 (Bravo, 28 d; Alpha's 30 d are no
     * faster), NLRTM min(4000, 3520) = 3520 (Bravo, 31 d) and then Alpha's 4000, whose 28 d
     * are faster, ZAJNB Alpha's 900 alone; nobody of the two quotes air */
    cr_assert_eq(card.count, 6);
    assert_rate(&card.items[0], CF_MODE_SEA, "DEHAM", "20GP", 1300, 0, 28, 0, 0);
    assert_rate(&card.items[1], CF_MODE_SEA, "DEHAM", "20GP", 1150, 0, 28, 50, 0);
    assert_rate(&card.items[2], CF_MODE_SEA, "DEHAM", "20GP", 2200, 0, 28, 0, 0);
    assert_rate(&card.items[3], CF_MODE_SEA, "NLRTM", "40HC", 3520, 0, 31, 0, 0);
    assert_rate(&card.items[4], CF_MODE_SEA, "NLRTM", "40HC", 4000, 0, 28, 0, 0);
    assert_rate(&card.items[5], CF_MODE_ROAD, "ZAJNB", "FTL", 900, 0, 2, 0, 0);
    cf_ratecard_free(&card);
    cf_quotes_free(&cluster);
    cf_quotes_free(&quotes);
}

Test(ratecard, coalition_without_cluster_card)
{
    struct cf_quotes quotes;
    make_quotes(&quotes);
    const char *firms[] = {"Delta", "Echo"};
    struct cf_ratecard card = {0};
    struct cf_error err;
    cr_assert_eq(cf_ratecard_coalition(&quotes, NULL, firms, 2, CF_DATE_NONE, &card, &err), CF_OK);
    /* every quote counts: DEHAM min(1300, 1000, 2800) = Echo's 1000 (26 d), which none is
     * faster than; ZAJNB min(800, 1000) = Delta's 800 (3 d), then Echo's 1000 (2 d) */
    cr_assert_eq(card.count, 3);
    assert_rate(&card.items[0], CF_MODE_SEA, "DEHAM", "20GP", 1000, 0, 26, 0, 0);
    assert_rate(&card.items[1], CF_MODE_ROAD, "ZAJNB", "FTL", 800, 0, 3, 0, 0);
    assert_rate(&card.items[2], CF_MODE_ROAD, "ZAJNB", "FTL", 1000, 0, 2, 0, 0);
    cf_ratecard_free(&card);
    cf_quotes_free(&quotes);
}

Test(ratecard, all_lowest_is_the_lowest_per_lane_over_every_firm)
{
    struct cf_quotes quotes;
    make_quotes(&quotes);
    struct cf_ratecard card = {0};
    struct cf_error err;
    cr_assert_eq(cf_ratecard_all_lowest(&quotes, day("2026-03-01"), &card, &err), CF_OK);
    /* on 2026-03-01 Echo's 1000 expired: DEHAM Delta's 1300 (35 d), then the faster ones
     * by price: Bravo's 2200 (28 d; Alpha's 2500 and 2600 take 30) and Echo's 2800 (26 d);
     * NLRTM Bravo 3520 (31 d), then Alpha 4000 (28 d); air Charlie 3.50 with its 100
     * minimum; ZAJNB Delta 800 (3 d), then Alpha 900 (2 d; Echo's 1000 is no faster) */
    cr_assert_eq(card.count, 8);
    assert_rate(&card.items[0], CF_MODE_SEA, "DEHAM", "20GP", 1300, 0, 35, 0, 0);
    assert_rate(&card.items[1], CF_MODE_SEA, "DEHAM", "20GP", 2200, 0, 28, 0, 0);
    assert_rate(&card.items[2], CF_MODE_SEA, "DEHAM", "20GP", 2800, 0, 26, 0, 0);
    assert_rate(&card.items[3], CF_MODE_SEA, "NLRTM", "40HC", 3520, 0, 31, 0, 0);
    assert_rate(&card.items[4], CF_MODE_SEA, "NLRTM", "40HC", 4000, 0, 28, 0, 0);
    assert_rate(&card.items[5], CF_MODE_AIR, "DEHAM", "AIR", 3.5, 100, 5, 0, 0);
    assert_rate(&card.items[6], CF_MODE_ROAD, "ZAJNB", "FTL", 800, 0, 3, 0, 0);
    assert_rate(&card.items[7], CF_MODE_ROAD, "ZAJNB", "FTL", 900, 0, 2, 0, 0);
    cf_ratecard_free(&card);
    cf_quotes_free(&quotes);
}

Test(ratecard, standalone_keeps_own_quotes_and_fills_gaps_with_medians)
{
    struct cf_quotes quotes;
    make_quotes(&quotes);
    struct cf_ratecard card = {0};
    struct cf_error err;
    cr_assert_eq(cf_ratecard_standalone(&quotes, "Alpha", day("2026-03-01"), &card, &err), CF_OK);
    /* Alpha's own lowest: DEHAM 2500 (not 2600), NLRTM 4000, ZAJNB 900; the air lane it
     * does not quote: the median of {3.50} with min charge 100 and 5 days, a stand-in */
    cr_assert_eq(card.count, 4);
    assert_rate(&card.items[0], CF_MODE_SEA, "DEHAM", "20GP", 2500, 0, 30, 0, 0);
    assert_rate(&card.items[1], CF_MODE_SEA, "NLRTM", "40HC", 4000, 0, 28, 0, 0);
    assert_rate(&card.items[2], CF_MODE_AIR, "DEHAM", "AIR", 3.5, 100, 5, 0, 1);
    assert_rate(&card.items[3], CF_MODE_ROAD, "ZAJNB", "FTL", 900, 0, 2, 0, 0);
    cf_ratecard_free(&card);
    cf_quotes_free(&quotes);
}

Test(ratecard, firm_without_quotes_gets_medians_with_transit_rounded_up)
{
    struct cf_quotes quotes;
    make_quotes(&quotes);
    struct cf_ratecard card = {0};
    struct cf_error err;
    cr_assert_eq(cf_ratecard_standalone(&quotes, "Foxtrot", day("2026-03-01"), &card, &err), CF_OK);
    /* DEHAM {1300, 2200, 2500, 2800}: median rank 1.5 -> 2350; transit {26, 28, 30, 35}
     *   -> 29, already whole;
     * NLRTM {3520, 4000} -> 3760; transit {28, 31} -> 29.5, rounded up to 30;
     * air {3.50} min 100, 5 d; ZAJNB {800, 900, 1000} -> 900, transit {2, 2, 3} -> 2 */
    cr_assert_eq(card.count, 4);
    assert_rate(&card.items[0], CF_MODE_SEA, "DEHAM", "20GP", 2350, 0, 29, 0, 1);
    assert_rate(&card.items[1], CF_MODE_SEA, "NLRTM", "40HC", 3760, 0, 30, 0, 1);
    assert_rate(&card.items[2], CF_MODE_AIR, "DEHAM", "AIR", 3.5, 100, 5, 0, 1);
    assert_rate(&card.items[3], CF_MODE_ROAD, "ZAJNB", "FTL", 900, 0, 2, 0, 1);
    cf_ratecard_free(&card);
    cf_quotes_free(&quotes);
}

Test(ratecard, median_min_charge_of_loose_stand_ins)
{
    /* two firms quote LCL with minimums 50 and 80: a third firm's stand-in carries the
     * median rate (40 + 60) / 2 = 50 and the median minimum (50 + 80) / 2 = 65 */
    struct cf_quotes quotes = {0};
    add(&quotes, "A", CF_MODE_SEA, "DEHAM", "LCL", 40, 50, 30);
    add(&quotes, "B", CF_MODE_SEA, "DEHAM", "LCL", 60, 80, 33);
    struct cf_ratecard card = {0};
    struct cf_error err;
    cr_assert_eq(cf_ratecard_standalone(&quotes, "C", CF_DATE_NONE, &card, &err), CF_OK);
    cr_assert_eq(card.count, 1);
    /* transit {30, 33} -> 31.5 -> 32 */
    assert_rate(&card.items[0], CF_MODE_SEA, "DEHAM", "LCL", 50, 65, 32, 0, 1);
    cf_ratecard_free(&card);
    cf_quotes_free(&quotes);
}

Test(ratecard, standalone_keeps_a_dearer_quote_that_is_faster_or_has_a_lower_minimum)
{
    /* A's own LCL quotes: 40 (minimum 50, 30 d), 60 (minimum 50, 25 d: faster), 70
     * (minimum 20, 30 d: a lower minimum, which a small shipment may pay less under) and 80
     * (minimum 50, 25 d: beaten by the 60 on both). The first three stay. */
    struct cf_quotes quotes = {0};
    add(&quotes, "A", CF_MODE_SEA, "DEHAM", "LCL", 80, 50, 25);
    add(&quotes, "A", CF_MODE_SEA, "DEHAM", "LCL", 70, 20, 30);
    add(&quotes, "A", CF_MODE_SEA, "DEHAM", "LCL", 40, 50, 30);
    add(&quotes, "A", CF_MODE_SEA, "DEHAM", "LCL", 60, 50, 25);
    struct cf_ratecard card = {0};
    struct cf_error err;
    cr_assert_eq(cf_ratecard_standalone(&quotes, "A", CF_DATE_NONE, &card, &err), CF_OK);
    cr_assert_eq(card.count, 3);
    assert_rate(&card.items[0], CF_MODE_SEA, "DEHAM", "LCL", 40, 50, 30, 0, 0);
    assert_rate(&card.items[1], CF_MODE_SEA, "DEHAM", "LCL", 60, 50, 25, 0, 0);
    assert_rate(&card.items[2], CF_MODE_SEA, "DEHAM", "LCL", 70, 20, 30, 0, 0);
    cr_assert(!card.items[0].faster && card.items[1].faster && card.items[2].faster);
    cf_ratecard_free(&card);
    cf_quotes_free(&quotes);
}

Test(ratecard, no_quotes_give_an_empty_card)
{
    struct cf_quotes quotes = {0};
    struct cf_ratecard card = {0};
    struct cf_error err;
    cr_assert_eq(cf_ratecard_all_lowest(&quotes, CF_DATE_NONE, &card, &err), CF_OK);
    cr_assert_eq(card.count, 0);
    cr_assert_eq(cf_ratecard_standalone(&quotes, "A", CF_DATE_NONE, &card, &err), CF_OK);
    cr_assert_eq(card.count, 0);
    cf_ratecard_free(&card);
}
