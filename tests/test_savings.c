/* test_savings.c — suite savings: the usage and standalone rules
 * (solver/usage.h) and `clusterfreight savings` end to end on the 3-firm
 * pooling case of tests/data/savings/ (every c(S) worked in test_coalition.c:
 * c(A) 1,500, c(B) 1,800, c(C) 1,650, c(AB) 1,500, c(AC) 1,500, c(BC) 1,800,
 * c(ABC) 2,000 — one 40GP holding A1 (RT 12), B1 (RT 12), C1 (RT 9)). */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "models/units.h"
#include "solver/usage.h"

#define DATA CF_TEST_DATA "/savings/"
#define ARGS "--shipments " DATA "shipments.csv --quotes " DATA "quotes.csv --cluster-rates " DATA "cluster_rates.csv"

static const char *const firms[] = {"Alpha", "Beta", "Gamma"};

static void ship(struct cf_shipments *list, const char *id, const char *firm, double m3, double kg)
{
    struct cf_shipment s;
    memset(&s, 0, sizeof s);
    snprintf(s.id, sizeof s.id, "%s", id);
    snprintf(s.firm, sizeof s.firm, "%s", firm);
    s.volume_m3 = m3;
    s.weight_kg = kg;
    cr_assert_eq(cf_shipments_push(list, &s), CF_OK);
}

Test(savings, usage_shares_a_box_by_revenue_tons)
{
    /* one 40GP at 2,000.00 holding RT 12, 12, 9 (33 in all):
     * 2,000 x 12/33 = 727.2727, 727.2727, 2,000 x 9/33 = 545.4545 -> floors
     * 727.27 + 727.27 + 545.45 = 1,999.99; the last cent to the largest
     * remainder (.45 of Gamma): 727.27, 727.27, 545.46. Plus a loose LCL
     * charge of 80.00 that Alpha pays alone. */
    struct cf_shipments ships = {0};
    ship(&ships, "A1", "Alpha", 12, 1000);
    ship(&ships, "B1", "Beta", 12, 3000);
    ship(&ships, "C1", "Gamma", 6, 9000);
    ship(&ships, "A2", "Alpha", 2, 100);
    size_t idx[3] = {0, 1, 2};
    struct cf_plan_container box;
    memset(&box, 0, sizeof box);
    snprintf(box.id, sizeof box.id, "C0001");
    box.cost = 200000;
    box.shipments = idx;
    box.nshipments = 3;
    struct cf_plan_loose loose;
    memset(&loose, 0, sizeof loose);
    loose.shipment = 3;
    loose.cost = 8000;
    struct cf_plan plan;
    memset(&plan, 0, sizeof plan);
    plan.containers = &box;
    plan.ncontainers = 1;
    plan.loose = &loose;
    plan.nloose = 1;
    plan.total_cost = 208000;
    cf_cents_t out[3];
    struct cf_error err;
    cr_assert_eq(cf_usage_allocate(&ships, &plan, NULL, firms, 3, out, &err), CF_OK, "%s", err.message);
    cr_expect_eq(out[0], 72727 + 8000);
    cr_expect_eq(out[1], 72727);
    cr_expect_eq(out[2], 54546);
    cr_expect_eq(out[0] + out[1] + out[2], plan.total_cost);
    /* a shipment whose firm is not listed is an internal error */
    cr_expect_eq(cf_usage_allocate(&ships, &plan, NULL, firms, 2, out, &err), CF_ERR_INTERNAL);
    cf_shipments_free(&ships);
}

Test(savings, usage_rounds_each_firms_total_not_each_box)
{
    /* ten 20GP at 1,000.00, each shared by one shipment of A, B and C with
     * the same revenue tons (RT 10): each firm's exact share is 10 x 333.3333
     * = 3,333.3333. Floors 3,333.33 x 3 = 9,999.99; the last cent goes to the
     * largest remainder, a three-way tie, so to the first firm: 3,333.34,
     * 3,333.33, 3,333.33 (domain.md: allocations by largest remainder).
     * Rounding each box's parts gave A the spare cent of every box: 3,333.40,
     * 3,333.30, 3,333.30. */
    static const char *const abc[] = {"A", "B", "C"};
    struct cf_shipments ships = {0};
    size_t idx[10][3];
    struct cf_plan_container boxes[10];
    for (size_t b = 0; b < 10; b++) {
        for (size_t f = 0; f < 3; f++) {
            char id[16];
            snprintf(id, sizeof id, "%s%zu", abc[f], b + 1);
            ship(&ships, id, abc[f], 10, 1000);
            idx[b][f] = 3 * b + f;
        }
        memset(&boxes[b], 0, sizeof boxes[b]);
        snprintf(boxes[b].id, sizeof boxes[b].id, "C%04zu", b + 1);
        boxes[b].cost = 100000;
        boxes[b].shipments = idx[b];
        boxes[b].nshipments = 3;
    }
    struct cf_plan plan;
    memset(&plan, 0, sizeof plan);
    plan.containers = boxes;
    plan.ncontainers = 10;
    plan.total_cost = 1000000;
    cf_cents_t out[3];
    struct cf_error err;
    cr_assert_eq(cf_usage_allocate(&ships, &plan, NULL, abc, 3, out, &err), CF_OK, "%s", err.message);
    cr_expect_eq(out[0], 333334);
    cr_expect_eq(out[1], 333333);
    cr_expect_eq(out[2], 333333);
    cf_shipments_free(&ships);
}

Test(savings, standalone_rule_splits_by_standalone_cost)
{
    /* 2,000 x 1,500/4,950 = 606.0606, x 1,800/4,950 = 727.2727, x 1,650/4,950 =
     * 666.6667 -> floors add to 1,999.99; the cent to the largest remainder
     * (.67 of Gamma): 606.06, 727.27, 666.67 */
    cf_cents_t standalone[3] = {150000, 180000, 165000}, out[3];
    struct cf_error err;
    cr_assert_eq(cf_usage_standalone(200000, standalone, 3, out, &err), CF_OK);
    cr_expect_eq(out[0], 60606);
    cr_expect_eq(out[1], 72727);
    cr_expect_eq(out[2], 66667);
    /* all zero: an equal split, 1.00 into 0.34, 0.33, 0.33 */
    cf_cents_t zero[3] = {0, 0, 0};
    cr_assert_eq(cf_usage_standalone(100, zero, 3, out, &err), CF_OK);
    cr_expect_eq(out[0] + out[1] + out[2], 100);
}

static cJSON *run_json(const char *extra)
{
    struct cf_run r = cf_run_cli("savings " ARGS " %s --format json", extra);
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
    cJSON *doc = cJSON_Parse(r.out);
    cr_assert_not_null(doc, "not JSON: %s", r.out);
    cf_run_free(&r);
    return doc;
}

static const cJSON *member(const cJSON *doc, size_t i)
{
    const cJSON *m = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "members"), (int)i);
    cr_assert_not_null(m);
    return m;
}

Test(savings, usage_rule_end_to_end)
{
    cJSON *doc = run_json("");
    cr_expect_str_eq(cJSON_GetObjectItem(doc, "rule")->valuestring, "usage");
    cr_expect_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "plan"), "clock")->valuestring, "wall");
    cr_expect_str_eq(cJSON_GetObjectItem(doc, "currency")->valuestring, "USD");
    cr_expect_float_eq(cf_json_num(doc, "total_standalone"), 4950.0, 1e-9); /* 1,500 + 1,800 + 1,650 */
    cr_expect_float_eq(cf_json_num(doc, "total_consolidated"), 2000.0, 1e-9);
    /* allocations: usage_shares_a_box_by_revenue_tons; savings = standalone - allocated;
     * savings_pct = savings / standalone to 2 decimals: 772.73/1,500 = 51.52 %,
     * 1,072.73/1,800 = 59.60 %, 1,104.54/1,650 = 66.94 % */
    const double alloc[3] = {727.27, 727.27, 545.46}, saved[3] = {772.73, 1072.73, 1104.54},
                 pct[3] = {51.52, 59.60, 66.94};
    for (size_t i = 0; i < 3; i++) {
        const cJSON *m = member(doc, i);
        cr_expect_str_eq(cJSON_GetObjectItem(m, "firm")->valuestring, firms[i]);
        cr_expect_float_eq(cf_json_num(m, "allocated_cost"), alloc[i], 1e-6);
        cr_expect_float_eq(cf_json_num(m, "savings"), saved[i], 1e-6);
        cr_expect_float_eq(cf_json_num(m, "savings_pct"), pct[i], 1e-9);
    }
    /* Gamma's standalone plan used the median stand-in, and says so */
    const cJSON *lanes = cJSON_GetObjectItem(member(doc, 2), "stand_in_lanes");
    cr_assert_eq(cJSON_GetArraySize(lanes), 1);
    cr_expect_str_eq(cJSON_GetArrayItem(lanes, 0)->valuestring, "ZADUR-DEHAM 20GP");
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItem(member(doc, 0), "stand_in_lanes")), 0);
    /* the core, over all 7 coalitions: x(AB) 1,454.54 <= 1,500, x(AC) 1,272.73 <= 1,500,
     * x(BC) 1,272.73 <= 1,800, singletons below standalone: stable */
    const cJSON *core = cJSON_GetObjectItem(doc, "core");
    cr_expect_str_eq(cJSON_GetObjectItem(core, "checked")->valuestring, "exact");
    cr_expect(cJSON_IsTrue(cJSON_GetObjectItem(core, "stable")));
    cr_expect(cJSON_IsNull(cJSON_GetObjectItem(core, "blocking_coalition")));
    cr_expect_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "plan"), "status")->valuestring, "optimal");
    cJSON_Delete(doc);
}

Test(savings, shapley_by_hand)
{
    /* marginal costs over the 6 orders (c(S) in the header):
     * phi_A = (1500 + 1500 - 300 + 200 - 150 + 200) / 6 = 491.667
     * phi_B = (0 + 500 + 1800 + 1800 + 500 + 150) / 6 = 791.667
     * phi_C = (500 + 0 + 500 + 0 + 1650 + 1650) / 6 = 716.667
     * rounded to add up to 2,000.00: two of them up, one down by a cent */
    cJSON *doc = run_json("--rule shapley");
    const double phi[3] = {491.6667, 791.6667, 716.6667};
    for (size_t i = 0; i < 3; i++)
        cr_expect(fabs(cf_json_num(member(doc, i), "allocated_cost") - phi[i]) <= 0.0101, "firm %zu", i);
    cJSON_Delete(doc);
}

Test(savings, every_rule_adds_up_to_the_cent)
{
    static const char *const rules[] = {"usage", "standalone", "shapley", "nucleolus", "epm"};
    for (size_t r = 0; r < 5; r++) {
        char extra[64];
        snprintf(extra, sizeof extra, "--rule %s", rules[r]);
        cJSON *doc = run_json(extra);
        cr_expect_str_eq(cJSON_GetObjectItem(doc, "rule")->valuestring, rules[r]);
        long long cents = 0;
        for (size_t i = 0; i < 3; i++)
            cents += llround(100.0 * cf_json_num(member(doc, i), "allocated_cost"));
        cr_expect_eq(cents, 200000, "rule %s: allocations add up to %lld cents", rules[r], cents);
        cJSON_Delete(doc);
    }
}

Test(savings, member_view_names_no_other_firm)
{
    struct cf_run r = cf_run_cli("savings " ARGS " --member Beta --format json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_not_null(strstr(r.out, "\"Beta\""));
    cr_expect_null(strstr(r.out, "Alpha"), "%s", r.out);
    cr_expect_null(strstr(r.out, "Gamma"), "%s", r.out);
    cr_expect_null(strstr(r.out, "1650"), "Gamma's standalone cost leaked: %s", r.out);
    cJSON *doc = cJSON_Parse(r.out);
    cr_assert_not_null(doc);
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "members")), 1);
    /* totals are an aggregate of 3 firms: shown */
    cr_expect_float_eq(cf_json_num(doc, "total_consolidated"), 2000.0, 1e-9);
    cJSON_Delete(doc);
    cf_run_free(&r);
    for (int f = 0; f < 2; f++) {
        r = cf_run_cli("savings " ARGS " --member Beta --format %s", f ? "csv" : "table");
        cr_assert_eq(r.status, 0, "%s", r.err);
        cr_expect_null(strstr(r.out, "Alpha"), "%s", r.out);
        cr_expect_null(strstr(r.out, "Gamma"), "%s", r.out);
        cr_expect_not_null(strstr(r.out, "Beta"));
        cf_run_free(&r);
    }
}

#define THIN "--shipments " DATA "thin_shipments.csv --quotes " DATA "thin_quotes.csv --cluster-rates " \
             DATA "thin_cluster_rates.csv --time-limit 1 --clock work"

Test(savings, member_view_withholds_a_standalone_cost_a_median_of_one_firm_priced)
{
    /* Alpha ships 60 m3 and quotes only LCL (200.00 a revenue ton: 12,000.00); only Beta
       quotes a 40HC (1,777.77), so the cluster median that stands in for Alpha's missing
       40HC quote is Beta's own rate, and Alpha alone pays exactly 1,777.77. The
       committee's view shows it; Alpha's own view withholds its standalone cost and
       savings (interface.md, "Confidentiality": aggregates of fewer than 3 firms). */
    struct cf_run r = cf_run_cli("savings " THIN " --format json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_not_null(strstr(r.out, "1777.77"), "%s", r.out);
    cf_run_free(&r);
    r = cf_run_cli("savings " THIN " --member Alpha --format json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_null(strstr(r.out, "1777.77"), "Beta's rate leaked: %s", r.out);
    cJSON *doc = cJSON_Parse(r.out);
    cr_assert_not_null(doc);
    const cJSON *m = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "members"), 0);
    cr_expect(cJSON_IsNull(cJSON_GetObjectItem(m, "standalone_cost")));
    cr_expect(cJSON_IsNull(cJSON_GetObjectItem(m, "savings")));
    cr_expect(cJSON_IsNull(cJSON_GetObjectItem(m, "savings_pct")));
    /* and its share: the pool prices the 40HC at the lowest quote a member
       holds, Beta's 1,777.77, and Alpha's 60 m3 fill it alone, so the share
       was 1,777.77 to the cent (a helper's audit) */
    cr_expect(cJSON_IsNull(cJSON_GetObjectItem(m, "allocated_cost")));
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(m, "withheld")),
                     "standalone cost and savings withheld: a cluster median of fewer than 3 firms' quotes priced it");
    cJSON_Delete(doc);
    cf_run_free(&r);
    r = cf_run_cli("savings " THIN " --member Alpha");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_null(strstr(r.out, "1,777.77"), "%s", r.out);
    cr_expect_not_null(strstr(r.out, "withheld"), "%s", r.out);
    cf_run_free(&r);
    /* under the standalone rule too (there the share is in proportion to the
       withheld cost: share x total standalone / total consolidated gave it
       back to the cent); the totals stay */
    r = cf_run_cli("savings " THIN " --member Alpha --rule standalone --format json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    doc = cJSON_Parse(r.out);
    cr_assert_not_null(doc);
    m = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "members"), 0);
    cr_expect(cJSON_IsNull(cJSON_GetObjectItem(m, "standalone_cost")));
    cr_expect(cJSON_IsNull(cJSON_GetObjectItem(m, "allocated_cost")));
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(m, "share_withheld")),
                     "allocated cost withheld too: like the standalone cost, it would show the rate of the few "
                     "firms quoting a lane");
    cr_expect(cJSON_IsNumber(cJSON_GetObjectItem(doc, "total_consolidated")));
    cJSON_Delete(doc);
    cf_run_free(&r);
}

#define UNPLACED "--shipments " DATA "unplaced_shipments.csv --quotes " DATA "unplaced_quotes.csv " \
                 "--cluster-rates " DATA "unplaced_cluster_rates.csv --time-limit 1 --clock work"

static const cJSON *member_entry(const cJSON *doc, int k)
{
    return cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "members"), k);
}

Test(savings, unplaced_shipments_are_counted_and_flagged)
{
    /* Each shipment 5 m3, 1,000 kg: 5 revenue tons. A and B quote LCL to DEHAM at 100.00
       (500.00 a shipment); the cluster card has LCL to GBFXT at 50.00 (250.00), which only
       a pool may use; nobody serves NLRTM. Alone: A pays A1 500.00 and cannot carry A2; B
       500.00; C cannot carry C1 (0.00); D cannot carry D1 (0.00). The pool carries A2 and
       D1 (250.00 each) but not C1: 1,500.00, usage A 750.00, B 500.00, C 0.00, D 250.00.
       So A's and D's savings compare different shipments: counted, noted, D's savings %
       has no meaning (null), and the core "violation" by A alone is flagged as not like
       for like. The pool plan is optimal on every lane it serves (it was "infeasible"
       because the NLRTM lane is, though plan calls the same plan optimal). */
    struct cf_run r = cf_run_cli("savings " UNPLACED " --format json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cJSON *doc = cJSON_Parse(r.out);
    cr_assert_not_null(doc, "%s", r.out);
    static const double alone[] = {1, 0, 1, 1}, pooled[] = {0, 0, 1, 0}, allocated[] = {750, 500, 0, 250};
    for (int k = 0; k < 4; k++) {
        const cJSON *m = member_entry(doc, k);
        cr_expect_float_eq(cf_json_num(m, "unplaced_standalone"), alone[k], 1e-9, "member %d", k);
        cr_expect_float_eq(cf_json_num(m, "unplaced_pooled"), pooled[k], 1e-9, "member %d", k);
        cr_expect_float_eq(cf_json_num(m, "allocated_cost"), allocated[k], 1e-9, "member %d", k);
    }
    cr_expect(cJSON_IsNull(cJSON_GetObjectItem(member_entry(doc, 3), "savings_pct")));
    cr_expect_float_eq(cf_json_num(member_entry(doc, 0), "savings_pct"), -50.0, 1e-9);
    cr_expect(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "core"), "unplaced_differ")));
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "plan"), "status")),
                     "optimal");
    cJSON_Delete(doc);
    cf_run_free(&r);
    r = cf_run_cli("savings " UNPLACED " --format table");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_not_null(strstr(r.out, "note: A: 1 shipment unplaced alone, 0 in the pool: its standalone and "
                                     "allocated costs cover different shipments (unplaced ones cost nothing)\n"),
                       "%s", r.out);
    cr_expect_null(strstr(r.out, "note: C:"), "%s", r.out);
    cr_expect_not_null(strstr(r.out, "would pay 250.00 USD more than on its own (but plans alone and pooled "
                                     "leave different shipments unplaced: not like for like)"), "%s", r.out);
    cr_expect_not_null(strstr(r.out, "n/a"), "%s", r.out);
    cf_run_free(&r);
}

#define TIERS_SMALL "--shipments " DATA "tiers_small_shipments.csv --quotes " DATA "tiers_small_quotes.csv " \
                    "--cluster-rates " DATA "tiers_small_cluster_rates.csv --clock work"

Test(savings, small_tiered_lanes_give_the_exact_game_at_the_default_coalition_limit)
{
    /* tests/data/savings/tiers_small_* (a helper's random pool, seed 1012): ZADUR-DEHAM,
       any Monday of the spring. A0 20.1 m3 13,662 kg and A3 2.7 m3 13,047 kg (Alpha),
       B1 2.9 m3 2,003 kg (Beta), G2 28.0 m3 6,666 kg (Gamma). Cluster card: 20GP 1,115.56
       from 2 TEU and 837.05 from 4, 40GP 1,489.92. Quotes all-in: Alpha 40GP 1,705.60,
       40HC 2,037.53, LCL 136.74 (min 100.00); Beta 40HC 1,969.82, LCL 73.23; Gamma 40HC
       3,082.79, LCL 99.47 (min 100.00). By hand:
         c(A) = 3,411.20: A0 + A3 weigh 26,709 kg, over a 40GP's 26,700: two 40GP;
         c(B) = 212.37: 2.9 revenue tons at 73.23;
         c(G) = 1,705.60: a 40GP at the median of the 40GP quotes (Alpha's), a stand-in;
         c(AB) = 2,231.12: A0 + B1 and A3 in two 20GP, 2 TEU (a 40GP and a 20GP, 3 TEU:
           2,605.48; the 40GP cannot take all three: 28,712 kg);
         c(AG) = 2,231.12: A0 + A3 and G2 in two 20GP;
         c(BG) = 1,489.92: B1 + G2 in a 40GP (a 20GP alone, 1 TEU, has no price);
         c(ABG) = 2,443.49: c(AG)'s two 20GP and B1 loose at Beta's 212.37.
       Shapley: Beta = c(B)/3 + (c(AB) - c(A))/6 + (c(BG) - c(G))/6 + (c(ABG) - c(AG))/3
       = 70.79 - 196.68 - 35.95 + 70.79 = -91.05 (Beta's cheap LCL saves the others more
       than it costs); Alpha 1,878.97, Gamma 655.57. Alpha and Gamma together pay 2,534.54,
       303.42 over c(AG): the core is empty of this allocation. At the default
       --coalition-time-limit (0.02 s a lane) the models left c(AG) at 2,605.48 and c(AB)
       "time_limit": the Shapley values were off by up to 215.00. A lane of a few shipments
       is now solved by enumeration, exactly and at once. */
    struct cf_run r = cf_run_cli("savings " TIERS_SMALL " --rule shapley --format json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cJSON *doc = cJSON_Parse(r.out);
    cr_assert_not_null(doc, "%s", r.out);
    static const double standalone[] = {3411.20, 212.37, 1705.60}, allocated[] = {1878.97, -91.05, 655.57};
    for (int k = 0; k < 3; k++) {
        cr_expect_float_eq(cf_json_num(member_entry(doc, k), "standalone_cost"), standalone[k], 1e-9, "%d", k);
        cr_expect_float_eq(cf_json_num(member_entry(doc, k), "allocated_cost"), allocated[k], 1e-9, "%d", k);
    }
    cr_expect_float_eq(cf_json_num(doc, "total_consolidated"), 2443.49, 1e-9);
    const cJSON *core = cJSON_GetObjectItem(doc, "core");
    cr_expect(cJSON_IsFalse(cJSON_GetObjectItem(core, "stable")));
    cr_expect_float_eq(cf_json_num(core, "violation"), 303.42, 1e-9);
    const cJSON *plan = cJSON_GetObjectItem(doc, "plan");
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(plan, "worst_status")), "optimal");
    cJSON_Delete(doc);
    cf_run_free(&r);
}

Test(savings, unknown_member_exits_65)
{
    struct cf_run r = cf_run_cli("savings " ARGS " --member Zed");
    cr_expect_eq(r.status, 65);
    cr_expect_str_eq(r.err, "clusterfreight: --member: no shipments from firm \"Zed\"\n");
    cr_expect_str_eq(r.out, "");
    cf_run_free(&r);
}

Test(savings, missing_cluster_rates_is_a_usage_error)
{
    struct cf_run r = cf_run_cli("savings --shipments " DATA "shipments.csv --quotes " DATA "quotes.csv");
    cr_expect_eq(r.status, 2);
    cr_expect_not_null(strstr(r.err, "--cluster-rates SRC is required"));
    cf_run_free(&r);
}

Test(savings, a_header_without_rows_is_named)
{
    /* savings and report said "no shipments: there is nothing to pool" without
       saying which file held none */
    const char *ships = cf_temp_file("id,firm,origin,destination,volume_m3,weight_kg,ready_date,due_date\n", ".csv");
    struct cf_run r = cf_run_cli("savings --shipments %s --quotes " DATA "quotes.csv --cluster-rates " DATA
                                 "cluster_rates.csv",
                                 ships);
    cr_expect_eq(r.status, 65);
    char want[512];
    snprintf(want, sizeof want, "clusterfreight: %s: no shipments: there is nothing to pool\n", ships);
    cr_expect_str_eq(r.err, want);
    cf_run_free(&r);
}

Test(savings, member_view_withholds_a_share_priced_by_a_quote_of_two_firms)
{
    /* few_*.csv: only Alpha (1,200.00 all-in) and Beta (1,600.00) quote a
     * ZADUR-DEHAM 20GP, the card's one row (a 40GP from 50 TEU) never
     * applies, and their 25 m3 each fill a 20GP alone: the pool pays Alpha's
     * 1,200.00 for Beta's box, which Beta's share showed to the cent (a
     * helper's audit), on a lane benchmark --member withholds for having
     * fewer than 3 firms. Gamma's air lane is its own. */
    struct cf_run r = cf_run_cli("savings --shipments " DATA "few_shipments.csv --quotes " DATA "few_quotes.csv "
                                 "--cluster-rates " DATA "few_cluster_rates.csv --clock work --time-limit 1 "
                                 "--member Beta --format json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_null(strstr(r.out, "1200"), "%s", r.out);
    cJSON *doc = cJSON_Parse(r.out);
    cr_assert_not_null(doc);
    const cJSON *m = member(doc, 0);
    cr_expect_float_eq(cf_json_num(m, "standalone_cost"), 1600.0, 1e-9);
    cr_expect(cJSON_IsNull(cJSON_GetObjectItem(m, "allocated_cost")));
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(m, "share_withheld")),
                     "allocated cost and savings withheld: on one of its lanes the pool pays a quote that fewer than "
                     "3 firms hold, which the share would show");
    cJSON_Delete(doc);
    cf_run_free(&r);
    /* the committee's view shows it; Gamma's own view too (its air quote is its own) */
    r = cf_run_cli("savings --shipments " DATA "few_shipments.csv --quotes " DATA "few_quotes.csv "
                   "--cluster-rates " DATA "few_cluster_rates.csv --clock work --time-limit 1 --member Gamma "
                   "--format json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    doc = cJSON_Parse(r.out);
    cr_assert_not_null(doc);
    cr_expect(cJSON_IsNumber(cJSON_GetObjectItem(member(doc, 0), "allocated_cost")), "%s", r.out);
    cJSON_Delete(doc);
    cf_run_free(&r);
}

Test(savings, member_view_withholds_totals_of_two_firms)
{
    /* two_firms.csv: Alpha and Beta only. A total of 2 firms would reveal the
     * other firm's figures by subtraction (interface.md, "Confidentiality"). */
    struct cf_run r = cf_run_cli("savings --shipments " DATA "two_firms.csv --quotes " DATA "quotes.csv "
                                 "--cluster-rates " DATA "cluster_rates.csv --member Alpha --format json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cJSON *doc = cJSON_Parse(r.out);
    cr_assert_not_null(doc);
    cr_expect(cJSON_IsNull(cJSON_GetObjectItem(doc, "total_standalone")));
    cr_expect(cJSON_IsNull(cJSON_GetObjectItem(doc, "total_consolidated")));
    cr_expect_null(strstr(r.out, "Beta"), "%s", r.out);
    /* Alpha's own row: c(A) = 1,500. Its share is withheld too: A1 and B1
     * share one 20GP at Alpha's 1,500 by RT 12:12, so the usage rule's 750.00
     * would tell Alpha that Beta ships 12 m3 with it; under other rules a
     * 2-firm share is a function of the pool's cost and Beta's alone, which
     * two views under two rules would solve for */
    const cJSON *m = member(doc, 0);
    cr_expect_float_eq(cf_json_num(m, "standalone_cost"), 1500.0, 1e-9);
    cr_expect(cJSON_IsNull(cJSON_GetObjectItem(m, "allocated_cost")));
    cr_expect(cJSON_IsNull(cJSON_GetObjectItem(m, "savings")));
    cr_expect(cJSON_IsNull(cJSON_GetObjectItem(m, "savings_pct")));
    cr_expect_str_eq(cJSON_GetObjectItem(m, "share_withheld")->valuestring,
                     "allocated cost and savings withheld: in a pool of fewer than 3 firms a member's share would "
                     "reveal the other firm's costs");
    cr_expect_null(strstr(r.out, "750"), "%s", r.out);
    cJSON_Delete(doc);
    cf_run_free(&r);
    for (int rule = 0; rule < 2; rule++) { /* the table too, under any rule */
        r = cf_run_cli("savings --shipments " DATA "two_firms.csv --quotes " DATA "quotes.csv "
                       "--cluster-rates " DATA "cluster_rates.csv --member Alpha --format table --rule %s",
                       rule == 0 ? "usage" : "shapley");
        cr_assert_eq(r.status, 0, "%s", r.err);
        cr_expect_null(strstr(r.out, "750"), "%s", r.out);
        cr_expect_null(strstr(r.out, "Beta"), "%s", r.out);
        cr_expect_not_null(strstr(r.out, "withheld"), "%s", r.out);
        cf_run_free(&r);
    }
}

Test(savings, quick_coalition_plans_say_so)
{
    /* --coalition-plans quick: the pairs are planned quick (greedy, packed).
     * A pair's best plan is a single box, which the greedy start finds, so
     * c(AB) 1,500, c(AC) 1,500, c(BC) 1,800 (the header) and the Shapley value
     * is shapley_by_hand's; each firm alone and the pool stay full plans. */
    cJSON *doc = run_json("--rule shapley --coalition-plans quick");
    const double phi[3] = {491.6667, 791.6667, 716.6667};
    for (size_t i = 0; i < 3; i++)
        cr_expect(fabs(cf_json_num(member(doc, i), "allocated_cost") - phi[i]) <= 0.0101, "firm %zu", i);
    cr_expect_float_eq(cf_json_num(doc, "total_consolidated"), 2000.0, 1e-9);
    const cJSON *plan = cJSON_GetObjectItem(doc, "plan");
    cr_expect_str_eq(cJSON_GetObjectItem(plan, "coalition_plans")->valuestring, "quick");
    /* the three pairs, and the pool's quick plan that quick_excess compares */
    cr_expect_float_eq(cf_json_num(plan, "quick_lane_plans"), 4.0, 1e-9);
    cr_expect(cf_json_num(plan, "quick_lane_plans") < cf_json_num(plan, "lane_plans"));
    cr_expect_float_eq(cf_json_num(plan, "quick_excess"), 0.0, 1e-12, "quick finds the pool's one 40GP too");
    cr_expect_null(cJSON_GetObjectItem(doc, "shapley"), "3 firms: exact, nothing sampled");
    cJSON_Delete(doc);

    /* auto plans 3 firms in full */
    doc = run_json("--rule shapley");
    plan = cJSON_GetObjectItem(doc, "plan");
    cr_expect_str_eq(cJSON_GetObjectItem(plan, "coalition_plans")->valuestring, "full");
    cr_expect_float_eq(cf_json_num(plan, "quick_lane_plans"), 0.0, 1e-9);
    cr_expect_null(cJSON_GetObjectItem(plan, "quick_excess"));
    cJSON_Delete(doc);

    struct cf_run r = cf_run_cli("savings " ARGS " --coalition-plans fast");
    cr_expect_eq(r.status, 2);
    cr_expect_not_null(strstr(r.err, "--coalition-plans: expected auto, full or quick"), "%s", r.err);
    cf_run_free(&r);
}

/* 14 firms over 3 weeks (generate): beyond 12 firms the Shapley value is
 * sampled, lane by lane, on quick sub-coalition plans. */
static char *run_generated(const char *dir, const char *extra)
{
    struct cf_run r = cf_run_cli("savings --shipments %s/shipments.csv --quotes %s/quotes.csv --cluster-rates "
                                 "%s/cluster_rates.csv --rule shapley --samples 20 --core-samples 20 "
                                 "--time-limit 1 --format json %s", dir, dir, dir, extra);
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
    char *out = strdup(r.out);
    cf_run_free(&r);
    return out;
}

static long long allocated_cents(const cJSON *doc)
{
    long long cents = 0;
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItem(doc, "members"))
        cents += llround(100.0 * cf_json_num(m, "allocated_cost"));
    return cents;
}

Test(savings, sampled_shapley_by_lane_adds_up_to_the_cent, .timeout = 120)
{
    char data[64];
    snprintf(data, sizeof data, "%s", cf_temp_generated("--firms 14 --weeks 3 --seed 2"));

    /* (not compared byte for byte with a second run: on the wall clock each
       firm's own plan and the pool's stop at their time limits, so c(S) may
       differ by a few cents from run to run; test_clock compares two runs
       under --clock work, and test_shapley the sampler's own repeatability) */
    char *first = run_generated(data, "");
    cJSON *doc = cJSON_Parse(first);
    cr_assert_not_null(doc);
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "members")), 14);
    cr_expect_eq(allocated_cents(doc), llround(100.0 * cf_json_num(doc, "total_consolidated")), "to the cent");
    const cJSON *sh = cJSON_GetObjectItem(doc, "shapley");
    cr_assert_not_null(sh);
    cr_expect_str_eq(cJSON_GetObjectItem(sh, "method")->valuestring, "by_lane");
    cr_expect(cJSON_IsTrue(cJSON_GetObjectItem(sh, "control_variate")), "on by default");
    cr_expect_str_eq(cJSON_GetObjectItem(sh, "stopped")->valuestring, "samples");
    const cJSON *plan = cJSON_GetObjectItem(doc, "plan");
    cr_expect_str_eq(cJSON_GetObjectItem(plan, "coalition_plans")->valuestring, "quick");
    cr_expect(cf_json_num(plan, "quick_lane_plans") > 0);
    cr_expect(cf_json_num(plan, "quick_excess") > -1.0);
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItem(doc, "members"))
        cr_expect(cf_json_num(m, "half_width") >= 0.0);
    cJSON_Delete(doc);

    char *whole = run_generated(data, "--shapley-by-lane no");
    doc = cJSON_Parse(whole);
    cr_assert_not_null(doc);
    cr_expect_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "shapley"), "method")->valuestring,
                     "whole_game");
    cr_expect(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "shapley"), "control_variate")),
              "no lane games, no control variates");
    cr_expect_eq(allocated_cents(doc), llround(100.0 * cf_json_num(doc, "total_consolidated")), "to the cent");
    cJSON_Delete(doc);

    char *plain = run_generated(data, "--control-variate no");
    doc = cJSON_Parse(plain);
    cr_assert_not_null(doc);
    cr_expect(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "shapley"), "control_variate")));
    cr_expect_eq(allocated_cents(doc), llround(100.0 * cf_json_num(doc, "total_consolidated")), "to the cent");
    cJSON_Delete(doc);
    struct cf_run bad = cf_run_cli("savings --shipments %s/shipments.csv --quotes %s/quotes.csv --cluster-rates "
                                   "%s/cluster_rates.csv --rule shapley --control-variate maybe", data, data, data);
    cr_expect_eq(bad.status, 2);
    cr_expect_not_null(strstr(bad.err, "--control-variate: expected yes or no, got \"maybe\""), "%s", bad.err);
    cf_run_free(&bad);
    free(first);
    free(whole);
    free(plain);
}
