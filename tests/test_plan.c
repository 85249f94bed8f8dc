/* test_plan.c — suite plan: the consolidation planner (solver/plan.h) on
 * small lanes whose optimum is worked by hand in each test (domain.md "Time",
 * "Costs", "Consolidation plan"), and `clusterfreight plan` end to end.
 * Built-in catalogue, fill factor 0.90: usable 20GP 29.88 m3 / 28,200 kg. */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "models/date.h"
#include "models/equipment.h"
#include "models/ratecard.h"
#include "models/shipment.h"
#include "solver/plan.h"
#include "solver/plan_internal.h"

#define EPS 1e-9

struct fixture {
    struct cf_shipment ships[16];
    size_t nships;
    struct cf_ratecard card;
    struct cf_catalogue cat;
    struct cf_plan plan;
};

static cf_date_t day(const char *text)
{
    cf_date_t d = 0;
    cr_assert_eq(cf_date_parse(text, &d), 0, "bad date %s", text);
    return d;
}

static void fx_init(struct fixture *f)
{
    memset(f, 0, sizeof *f);
    struct cf_error err;
    cr_assert_eq(cf_catalogue_init_builtin(&f->cat, &err), CF_OK);
}

static void fx_free(struct fixture *f)
{
    cf_plan_free(&f->plan);
    cf_ratecard_free(&f->card);
    cf_catalogue_free(&f->cat);
}

static void ship(struct fixture *f, const char *id, const char *dest, double m3, double kg,
                 const char *ready, const char *due)
{
    struct cf_shipment *s = &f->ships[f->nships++];
    memset(s, 0, sizeof *s);
    snprintf(s->id, sizeof s->id, "%s", id);
    snprintf(s->firm, sizeof s->firm, "F%zu", f->nships);
    snprintf(s->origin, sizeof s->origin, "ZADUR");
    snprintf(s->destination, sizeof s->destination, "%s", dest);
    s->volume_m3 = m3;
    s->weight_kg = kg;
    s->ready_date = day(ready);
    s->due_date = day(due);
    s->modes = CF_MODES_ALL;
}

static void rate(struct fixture *f, enum cf_mode mode, const char *equipment, double all_in,
                 double min_charge, int transit_days, double min_teu)
{
    struct cf_rate r;
    memset(&r, 0, sizeof r);
    r.mode = mode;
    snprintf(r.origin, sizeof r.origin, "ZADUR");
    snprintf(r.destination, sizeof r.destination, "DEHAM");
    snprintf(r.equipment, sizeof r.equipment, "%s", equipment);
    r.rate = all_in;
    r.min_charge = min_charge;
    r.transit_days = transit_days;
    r.min_teu = min_teu;
    cr_assert_eq(cf_ratecard_push(&f->card, &r), CF_OK);
}

static void solve(struct fixture *f)
{
    struct cf_plan_input in = {f->ships, f->nships, &f->card, &f->cat, 0.90, 20.0, CF_DATE_NONE, NULL, NULL, 0};
    struct cf_error err;
    cf_error_clear(&err);
    cr_assert_eq(cf_plan_solve(&in, &f->plan, &err), CF_OK, "%s", err.message);
}

/* What the plan says about shipment id: its container, or NULL when loose. */
static const struct cf_plan_container *container_of(const struct fixture *f, const char *id)
{
    for (size_t c = 0; c < f->plan.ncontainers; c++)
        for (size_t i = 0; i < f->plan.containers[c].nshipments; i++)
            if (strcmp(f->ships[f->plan.containers[c].shipments[i]].id, id) == 0)
                return &f->plan.containers[c];
    return NULL;
}

Test(plan, consolidation_beats_lcl)
{
    /* 4 x (5 m3, 2 t): LCL 60/rt x 5 rt = 300 each, 1,200 loose; all 20 m3 / 8 t fit one
       20GP (29.88 m3, 28.2 t) at 1,000: optimum 1,000.00, one container */
    struct fixture f;
    fx_init(&f);
    for (int i = 0; i < 4; i++) {
        char id[8];
        snprintf(id, sizeof id, "S%d", i + 1);
        ship(&f, id, "DEHAM", 5, 2000, "2026-03-02", "2026-04-30");
    }
    rate(&f, CF_MODE_SEA, "20GP", 1000, 0, 28, 0);
    rate(&f, CF_MODE_SEA, "LCL", 60, 0, 28, 0);
    solve(&f);
    cr_assert_eq(f.plan.total_cost, 100000);
    cr_assert_eq(f.plan.ncontainers, 1);
    cr_assert_eq(f.plan.containers[0].nshipments, 4);
    cr_assert_eq(f.plan.nloose, 0);
    cr_assert_eq(f.plan.status, CF_PLAN_OPTIMAL);
    cr_assert_float_eq(f.plan.lower_bound, 1000.0, EPS);
    cr_assert_float_eq(f.plan.gap, 0.0, EPS);
    cr_assert_float_eq(f.plan.containers[0].fill_volume, 20.0 / 29.88, 1e-9);
    fx_free(&f);
}

Test(plan, weight_binds_and_not_volume)
{
    /* 3 x (5 m3, 15 t): 15 m3 would fit one 20GP by volume, but two weigh 30 t > 28.2 t,
       so each needs its own box: 3 x 1,500 = 4,500 < LCL 3 x 15 rt x 200 = 9,000 */
    struct fixture f;
    fx_init(&f);
    ship(&f, "H1", "DEHAM", 5, 15000, "2026-03-02", "2026-04-30");
    ship(&f, "H2", "DEHAM", 5, 15000, "2026-03-02", "2026-04-30");
    ship(&f, "H3", "DEHAM", 5, 15000, "2026-03-02", "2026-04-30");
    rate(&f, CF_MODE_SEA, "20GP", 1500, 0, 28, 0);
    rate(&f, CF_MODE_SEA, "LCL", 200, 0, 28, 0);
    solve(&f);
    cr_assert_eq(f.plan.total_cost, 450000);
    cr_assert_eq(f.plan.ncontainers, 3);
    for (size_t c = 0; c < 3; c++) {
        cr_assert_float_eq(f.plan.containers[c].fill_weight, 15000.0 / 28200.0, 1e-9);
        cr_assert(f.plan.containers[c].fill_volume < 0.2);
    }
    cr_assert_eq(f.plan.status, CF_PLAN_OPTIMAL);
    fx_free(&f);
}

Test(plan, waiting_a_week_for_a_fuller_box_is_cheaper)
{
    /* A (ready Mon 2 Mar, due 6 Apr) may sail 2 or 9 Mar; B (ready 9 Mar, due 6 Apr =
       9 Mar + 28) only 9 Mar. Alone each pays LCL 10 rt x 80 = 800 (a box is 1,000):
       1,600. Together on 9 Mar one 20GP carries both (20 m3): 1,000 — the optimum. */
    struct fixture f;
    fx_init(&f);
    ship(&f, "A", "DEHAM", 10, 1000, "2026-03-02", "2026-04-06");
    ship(&f, "B", "DEHAM", 10, 1000, "2026-03-09", "2026-04-06");
    rate(&f, CF_MODE_SEA, "20GP", 1000, 0, 28, 0);
    rate(&f, CF_MODE_SEA, "LCL", 80, 0, 28, 0);
    solve(&f);
    cr_assert_eq(f.plan.total_cost, 100000);
    cr_assert_eq(f.plan.ncontainers, 1);
    cr_assert_eq(f.plan.containers[0].departure, day("2026-03-09"));
    cr_assert_eq(f.plan.containers[0].nshipments, 2);
    cr_assert_eq(f.plan.status, CF_PLAN_OPTIMAL);
    fx_free(&f);
}

Test(plan, only_air_meets_the_due_date)
{
    /* due 8 days after ready: sea needs 28, air 3. Air chargeable kg = max(300,
       2 m3 x 166.67) = 333.33 kg x 4.00 = 1,333.33 (above the 100 minimum) */
    struct fixture f;
    fx_init(&f);
    ship(&f, "X", "DEHAM", 2, 300, "2026-03-02", "2026-03-10");
    rate(&f, CF_MODE_SEA, "20GP", 1000, 0, 28, 0);
    rate(&f, CF_MODE_SEA, "LCL", 50, 0, 28, 0);
    rate(&f, CF_MODE_AIR, "AIR", 4.0, 100, 3, 0);
    solve(&f);
    cr_assert_eq(f.plan.ncontainers, 0);
    cr_assert_eq(f.plan.nloose, 1);
    cr_assert_eq(f.plan.loose[0].mode, CF_MODE_AIR);
    cr_assert_str_eq(f.plan.loose[0].equipment, "AIR");
    cr_assert_eq(f.plan.loose[0].departure, day("2026-03-02"));
    cr_assert_eq(f.plan.loose[0].cost, 133333);
    cr_assert_eq(f.plan.total_cost, 133333);
    cr_assert_eq(f.plan.status, CF_PLAN_OPTIMAL);
    fx_free(&f);
}

Test(plan, no_mode_can_serve_is_unplaced_with_its_reason)
{
    /* N: no rate at all on ZADUR-USNYC. T: due 2 days after ready, sea needs 28 and
       air 3. OK goes LCL: 1 rt x 50 = 50.00. The plan still succeeds. */
    struct fixture f;
    fx_init(&f);
    ship(&f, "N", "USNYC", 1, 100, "2026-03-02", "2026-06-30");
    ship(&f, "T", "DEHAM", 1, 100, "2026-03-02", "2026-03-04");
    ship(&f, "OK", "DEHAM", 1, 100, "2026-03-02", "2026-06-30");
    rate(&f, CF_MODE_SEA, "LCL", 50, 0, 28, 0);
    rate(&f, CF_MODE_AIR, "AIR", 4.0, 0, 3, 0);
    solve(&f);
    cr_assert_eq(f.plan.nunplaced, 2);
    for (size_t u = 0; u < 2; u++) {
        const char *id = f.ships[f.plan.unplaced[u].shipment].id;
        if (strcmp(id, "N") == 0)
            cr_assert_str_eq(f.plan.unplaced[u].reason, "no sea, air or road rate for ZADUR-USNYC");
        else
            cr_assert_str_eq(f.plan.unplaced[u].reason,
                             "no departure reaches DEHAM by 2026-03-04: sea needs 28 days, air 3");
    }
    cr_assert_eq(f.plan.nloose, 1);
    cr_assert_eq(f.plan.total_cost, 5000);
    cr_assert_eq(f.plan.status, CF_PLAN_OPTIMAL);
    fx_free(&f);
}

Test(plan, a_tier_is_reached_only_by_pooling)
{
    /* Each shipment (20 m3) needs its own 20GP (two are 40 m3 > 29.88). Cluster card:
       20GP 1,000, or 700 from 3 TEU on the lane. Three firms pooled: 3 TEU, 3 x 700 =
       2,100. Two alone reach 2 TEU: 2 x 1,000 = 2,000 (3 x 700 = 2,100 is dearer). */
    struct fixture f;
    fx_init(&f);
    ship(&f, "P1", "DEHAM", 20, 2000, "2026-03-02", "2026-04-30");
    ship(&f, "P2", "DEHAM", 20, 2000, "2026-03-02", "2026-04-30");
    ship(&f, "P3", "DEHAM", 20, 2000, "2026-03-02", "2026-04-30");
    rate(&f, CF_MODE_SEA, "20GP", 1000, 0, 28, 0);
    rate(&f, CF_MODE_SEA, "20GP", 700, 0, 28, 3);
    solve(&f);
    cr_assert_eq(f.plan.total_cost, 210000);
    cr_assert_eq(f.plan.ncontainers, 3);
    for (size_t c = 0; c < 3; c++)
        cr_assert_eq(f.plan.containers[c].cost, 70000);
    cr_assert_eq(f.plan.status, CF_PLAN_OPTIMAL);
    cf_plan_free(&f.plan);

    f.nships = 2;
    solve(&f);
    cr_assert_eq(f.plan.total_cost, 200000);
    for (size_t c = 0; c < f.plan.ncontainers; c++)
        cr_assert_eq(f.plan.containers[c].cost, 100000);
    cr_assert_eq(f.plan.status, CF_PLAN_OPTIMAL);
    fx_free(&f);
}

Test(plan, balancing_breaks_a_tie)
{
    /* 15 + 10 + 10 + 5 = 40 m3 needs two 20GP (29.88 each) at 2,000 either way;
       {15,10}{10,5} has a fullest box of 25 m3, {15,5}{10,10} of 20 m3: the balanced
       plan fills both to 20 / 29.88 = 0.6693 */
    struct fixture f;
    fx_init(&f);
    ship(&f, "B15", "DEHAM", 15, 100, "2026-03-02", "2026-04-06");
    ship(&f, "B10a", "DEHAM", 10, 100, "2026-03-02", "2026-04-06");
    ship(&f, "B10b", "DEHAM", 10, 100, "2026-03-02", "2026-04-06");
    ship(&f, "B5", "DEHAM", 5, 100, "2026-03-02", "2026-04-06");
    rate(&f, CF_MODE_SEA, "20GP", 1000, 0, 28, 0);
    solve(&f);
    cr_assert_eq(f.plan.total_cost, 200000);
    cr_assert_eq(f.plan.ncontainers, 2);
    for (size_t c = 0; c < 2; c++)
        cr_assert_float_eq(f.plan.containers[c].fill_volume, 20.0 / 29.88, 1e-9);
    cr_assert_eq(container_of(&f, "B10a"), container_of(&f, "B10b"));
    fx_free(&f);
}

/* --- the command, end to end (tests/data/plan/) --- */

Test(plan, cli_plans_the_data_files_as_json)
{
    /* S1..S4 (5 m3, 2 t each) fit one 20GP: cluster rate 900 + 100 surcharges = 1,000
       beats LCL 4 x 5 rt x 60 = 1,200 and Alpha's own 1,300; U1's lane has no rate */
    struct cf_run run = cf_run_cli("plan --shipments %s/plan/shipments.csv --cluster-rates "
                                   "%s/plan/cluster_rates.csv --quotes %s/plan/quotes.csv --format json",
                                   CF_TEST_DATA, CF_TEST_DATA, CF_TEST_DATA);
    cr_assert_eq(run.status, 0, "stderr: %s", run.err);
    cr_assert(strstr(run.out, "\"total_cost\":\t1000") != NULL, "%s", run.out);
    cr_assert(strstr(run.out, "\"status\":\t\"optimal\"") != NULL, "%s", run.out);
    cr_assert(strstr(run.out, "\"shipments\":\t[\"S1\", \"S2\", \"S3\", \"S4\"]") != NULL, "%s", run.out);
    cr_assert(strstr(run.out, "no sea, air or road rate for ZADUR-USNYC") != NULL, "%s", run.out);
    cr_assert_str_eq(run.err, "");
    cf_run_free(&run);
}

/* `plan --format json EXTRA` on dir's shipments.csv, cluster_rates.csv and
   quotes.csv, asserted to succeed (the caller frees it) */
static struct cf_run plan_run(const char *dir, const char *extra)
{
    struct cf_run run = cf_run_cli("plan --shipments %s/shipments.csv --cluster-rates %s/cluster_rates.csv "
                                   "--quotes %s/quotes.csv --format json %s", dir, dir, dir, extra);
    cr_assert_eq(run.status, 0, "stderr: %s", run.err);
    return run;
}

/* every line of want (NULL-terminated) somewhere in text, which is printed
   when one is missing */
static void expect_all(const char *text, const char *const *want)
{
    for (; *want != NULL; want++)
        cr_expect(strstr(text, *want) != NULL, "missing \"%s\" in:\n%s", *want, text);
}

/* the same, its output parsed (the caller deletes it) */
static cJSON *plan_doc(const char *dir, const char *extra)
{
    struct cf_run run = plan_run(dir, extra);
    cJSON *doc = cJSON_Parse(run.out);
    cr_assert_not_null(doc, "%s", run.out);
    cf_run_free(&run);
    return doc;
}

static const cJSON *lane_entry(const cJSON *doc, size_t k)
{
    const cJSON *lanes = cJSON_GetObjectItemCaseSensitive(doc, "lanes");
    cr_assert(cJSON_IsArray(lanes));
    const cJSON *l = cJSON_GetArrayItem(lanes, (int)k);
    cr_assert_not_null(l, "no lane %zu", k);
    return l;
}

Test(plan, lanes_say_where_the_cost_and_the_gap_are)
{
    /* The data files above: ZADUR-DEHAM's four shipments in one 20GP at
       1,000.00, proven optimal; ZADUR-USNYC's one shipment has no rate, so
       that lane carries nothing and is infeasible on its own. */
    cJSON *doc = plan_doc(CF_TEST_DATA "/plan", "");
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "lanes")), 2);
    static const struct {
        const char *destination, *status;
        double shipments, unplaced, cost, bound;
    } want[] = {{"DEHAM", "optimal", 4, 0, 1000, 1000}, {"USNYC", "infeasible", 1, 1, 0, 0}};
    for (size_t k = 0; k < 2; k++) {
        const cJSON *l = lane_entry(doc, k);
        cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(l, "origin")->valuestring, "ZADUR");
        cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(l, "destination")->valuestring, want[k].destination);
        cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(l, "status")->valuestring, want[k].status);
        cr_expect_eq(cf_json_num(l, "shipments"), want[k].shipments);
        cr_expect_eq(cf_json_num(l, "unplaced"), want[k].unplaced);
        cr_expect_eq(cf_json_num(l, "cost"), want[k].cost);
        cr_expect_eq(cf_json_num(l, "lower_bound"), want[k].bound);
        cr_expect_eq(cf_json_num(l, "gap"), 0.0);
    }
    cJSON_Delete(doc);
    struct cf_run run = cf_run_cli("plan --shipments %s/plan/shipments.csv --cluster-rates "
                                   "%s/plan/cluster_rates.csv --quotes %s/plan/quotes.csv --format table",
                                   CF_TEST_DATA, CF_TEST_DATA, CF_TEST_DATA);
    cr_assert_eq(run.status, 0, "stderr: %s", run.err);
    cr_assert(strstr(run.out, "ZADUR-DEHAM          4         0  1,000.00     1,000.00   0.00  optimal") != NULL,
              "%s", run.out);
    cf_run_free(&run);
}

Test(plan, lanes_add_up_to_the_plan_to_the_cent, .timeout = 300)
{
    /* a generated quarter of 6 firms, cut short by one nominal second: the
       lanes' costs add up to total_cost and their bounds to lower_bound,
       each lane's gap is its own (cost - bound) / cost, and a lane cut short
       leaves the plan's status time_limit */
    char dir[64];
    snprintf(dir, sizeof dir, "%s", cf_temp_generated("--firms 6 --weeks 13 --seed 4"));
    cJSON *doc = plan_doc(dir, "--time-limit 1 --clock work");
    int nlanes = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "lanes"));
    cr_assert(nlanes >= 4, "%d lanes", nlanes);
    long long cost = 0, bound = 0;
    double shipments = 0;
    int cut_short = 0;
    for (int k = 0; k < nlanes; k++) {
        const cJSON *l = lane_entry(doc, (size_t)k);
        long long c = llround(100.0 * cf_json_num(l, "cost")), b = llround(100.0 * cf_json_num(l, "lower_bound"));
        cr_expect(b <= c, "lane %d: bound %lld above cost %lld", k, b, c);
        cr_expect_float_eq(cf_json_num(l, "gap"), c > 0 ? (double)(c - b) / (double)c : 0.0, 1e-12);
        cost += c;
        bound += b;
        shipments += cf_json_num(l, "shipments");
        cut_short |= strcmp(cJSON_GetObjectItemCaseSensitive(l, "status")->valuestring, "time_limit") == 0;
    }
    cr_expect_eq(cost, llround(100.0 * cf_json_num(doc, "total_cost")));
    cr_expect_eq(bound, llround(100.0 * cf_json_num(doc, "lower_bound")));
    char *csv = NULL;
    size_t len = 0;
    char path[96];
    snprintf(path, sizeof path, "%s/shipments.csv", dir);
    csv = cf_read_file(path, &len);
    cr_assert_not_null(csv);
    size_t rows = 0;
    for (size_t i = 0; i < len; i++)
        rows += csv[i] == '\n';
    cr_expect_eq(shipments, (double)(rows - 1), "every shipment on one lane");
    if (cut_short) /* a lane cut short leaves the plan cut short */
        cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(doc, "status")->valuestring, "time_limit");
    free(csv);
    cJSON_Delete(doc);
}

Test(plan, a_road_month_reaches_the_cbc_optimum, .timeout = 300)
{
    /* The 40-firm generated year's road lane, shipments ready before 2027-02-15
       (131; `generate --firms 40 --weeks 52 --seed 1`), with the cheapest road quotes
       (FTL 822 + 232 = 1,054.00 a truck, LTL 0.15 per chargeable kg, minimum 90.00).
       CBC proves the optimum 13,650.49 on the per-truck model that
       bench/cbc_road_lane.py writes. The lane model's relaxation closes at 13,597.08;
       rounding its split shipments gave 15,194.83 and the plan was 14,058.24 before
       the MIP's trucks were filled exactly (solver/plan_assign.c). Fifteen seconds
       of work (--clock work: the same plan in every build, about 9 s here): the MIP's
       trucks filled exactly are the optimum. With less the paths vary: at 10 s they
       give 13,931.12 and the annealing (solver/plan_anneal.c) 13,818.49; at 8 s
       13,789.20. */
    struct cf_run run = plan_run(CF_TEST_DATA "/plan/road_month", "--time-limit 15 --clock work -v");
    cr_assert(strstr(run.err, "the MIP's containers filled exactly: estimate 13650.49") != NULL, "%s", run.err);
    cr_assert(strstr(run.out, "\"total_cost\":\t13650.49") != NULL, "%s", run.out);
    cf_run_free(&run);
}

Test(plan, a_proven_optimum_above_ten_thousand_is_called_optimal, .timeout = 300)
{
    /* The same year's road lane, the 84 shipments ready in June 2027
       (tests/data/plan/road_june/, the road_month rates). The exact model's
       branch and bound closes at 10,144.26 after about 1.4 nominal s, and CBC
       proves the same optimum on bench/cbc_road_lane.py's per-truck model. The
       bound used to be rounded with a tolerance of a millionth of itself, a
       whole cent at 10,000.00: 10,144.25, so the plan was "feasible" with a
       gap of a cent, and its lane searched on for the rest of its time. */
    struct cf_run run = plan_run(CF_TEST_DATA "/plan/road_june", "--time-limit 30 --clock work -v");
    expect_all(run.err, (const char *const[]){"lane ZADUR-ZAJNB: cost 10144.26, bound 10144.26, gap 0.00", NULL});
    expect_all(run.out, (const char *const[]){"\"status\":\t\"optimal\"", "\"total_cost\":\t10144.26",
                                              "\"lower_bound\":\t10144.26", NULL});
    cf_run_free(&run);
}

Test(plan, a_lane_the_mip_left_unfilled_searches_from_the_lagrangian, .timeout = 300)
{
    /* The 40-firm generated year's road lane whole (1,054 shipments,
       tests/data/plan/road_year/), given 2 nominal seconds (the year's plan
       at 10 s gives it 1.3): no time for the MIP's branch and bound, so no
       container counts to fill. The schedule search from the best start (the
       fourth dense start, 130,221.84) ends at 126,725.14 after the exact
       windows; a second search from the containers the Lagrangian's
       multipliers open finds 124,597.13, which the packing keeps, and the
       annealing takes that to 121,809.75. (Before the dense starts: 126,202.51,
       124,540.71 and 122,492.52.) */
    struct cf_run run = plan_run(CF_TEST_DATA "/plan/road_year", "--time-limit 2 --clock work -v -v");
    expect_all(run.err, (const char *const[]){"dispatch start 133064.61", "dense start 4: 130221.84",
                                              "schedule search from the Lagrangian's containers",
                                              "first fit 124597.13, estimate 124597.13 (best 126725.14)",
                                              "annealed: 124597.13 to 121809.75", NULL});
    expect_all(run.out, (const char *const[]){"\"total_cost\":\t121809.75", NULL});
    cf_run_free(&run);
}

Test(plan, the_schedule_search_orders_shipments_with_many_last_days_as_before, .timeout = 300)
{
    /* tests/data/plan/long_windows: 120 road loads of 20-60 m3, ready in the
       first four days of June 2027 and due 5-40 days later, so a day's
       candidates in the schedule search have more than sixteen different last
       departures: more than the few it counts into place, so they are
       sorted (solver/plan_search.c, sort_cands). The figures are those of
       the build that still sorted every departure's candidates with qsort
       (same search, same order): 28 moves from 84,320.00 to 80,104.00. */
    struct cf_run run = plan_run(CF_TEST_DATA "/plan/long_windows", "--time-limit 2 --clock work -v");
    expect_all(run.err, (const char *const[]){
                            "schedule search: 28 moves", "first fit 84320.00, estimate 84320.00 (best 80104.00)",
                            "lane ZADUR-ZAJNB: cost 80104.00, bound 73780.00", NULL});
    expect_all(run.out, (const char *const[]){"\"total_cost\":\t80104,", NULL});
    cf_run_free(&run);
}

Test(plan, a_dearer_faster_quote_carries_what_the_lowest_misses)
{
    /* tests/data/plan/faster_quote: Alpha's LCL 50.00 per revenue ton takes 40 days, Beta's
       60.00 takes 20; no cluster rows. A1 (5 m3, 1,000 kg: 5 revenue tons), ready
       2027-01-04 and due 2027-02-01, only makes it on Beta's: 300.00. A2 and B1, due
       2027-03-01, take Alpha's: 250.00 each. 800.00 in all, none unplaced (the pool's card
       used to hold only the lowest quote, and A1 was unplaced). */
    cJSON *doc = plan_doc(CF_TEST_DATA "/plan/faster_quote", "");
    cr_assert_float_eq(cJSON_GetObjectItemCaseSensitive(doc, "total_cost")->valuedouble, 800.0, 1e-9);
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "unplaced")), 0);
    const cJSON *loose = cJSON_GetObjectItemCaseSensitive(doc, "loose");
    cr_assert_eq(cJSON_GetArraySize(loose), 3);
    const cJSON *a1 = cJSON_GetArrayItem(loose, 0);
    cr_assert_str_eq(cJSON_GetObjectItemCaseSensitive(a1, "shipment")->valuestring, "A1");
    cr_assert_float_eq(cJSON_GetObjectItemCaseSensitive(a1, "cost")->valuedouble, 300.0, 1e-9);
    cr_assert_str_eq(cJSON_GetObjectItemCaseSensitive(doc, "status")->valuestring, "optimal");
    cJSON_Delete(doc);
}

Test(plan, a_dearer_faster_box_carries_what_only_it_brings_in_time)
{
    /* tests/data/plan/faster_box: Alpha's 20GP at 1,000.00 takes 28 days, Beta's at
       1,200.00 takes 26. U1 (25 m3, sea only), ready Monday 2027-01-04 and due
       2027-01-31, makes it only on Beta's (2027-01-04 + 26 = 01-30): one 20GP, 1,200.00,
       optimal. It was unplaced when the card kept the lowest quote alone. */
    cJSON *doc = plan_doc(CF_TEST_DATA "/plan/faster_box", "");
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "unplaced")), 0);
    const cJSON *box = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "containers"), 0);
    cr_assert_not_null(box);
    cr_assert_str_eq(cJSON_GetObjectItemCaseSensitive(box, "equipment")->valuestring, "20GP");
    cr_assert_str_eq(cJSON_GetObjectItemCaseSensitive(box, "departure")->valuestring, "2027-01-04");
    cr_assert_float_eq(cJSON_GetObjectItemCaseSensitive(box, "cost")->valuedouble, 1200.0, 1e-9);
    cr_assert_float_eq(cJSON_GetObjectItemCaseSensitive(doc, "total_cost")->valuedouble, 1200.0, 1e-9);
    cr_assert_str_eq(cJSON_GetObjectItemCaseSensitive(doc, "status")->valuestring, "optimal");
    cJSON_Delete(doc);
}

Test(plan, a_dearer_faster_box_waits_for_a_shipment_that_needs_it)
{
    /* tests/data/plan/faster_box_late: the same quotes, but U1 due 2027-02-01. Alpha's
       28-day box arrives in time, so no shipment needs Beta's, and the lane plans on the
       lowest quote alone (README, known limits): one 20GP at 1,000.00. */
    cJSON *doc = plan_doc(CF_TEST_DATA "/plan/faster_box_late", "");
    cr_assert_float_eq(cJSON_GetObjectItemCaseSensitive(doc, "total_cost")->valuedouble, 1000.0, 1e-9);
    cJSON_Delete(doc);
}

/* Each container's equipment in plan order, joined by spaces, into buf. */
static const char *box_types(const cJSON *doc, char *buf, size_t size)
{
    buf[0] = '\0';
    const cJSON *box;
    cJSON_ArrayForEach(box, cJSON_GetObjectItemCaseSensitive(doc, "containers"))
    {
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s", len ? " " : "",
                 cJSON_GetObjectItemCaseSensitive(box, "equipment")->valuestring);
    }
    return buf;
}

/* The plan of tests/data/plan/<name> (with extra options, "%s" the folder):
 * its boxes' equipment in plan order, its total and, unless NULL, its status. */
static void expect_plan_with(const char *name, const char *extra, const char *types, double total,
                             const char *status)
{
    char dir[256], got[256], opts[512];
    snprintf(dir, sizeof dir, "%s/plan/%s", CF_TEST_DATA, name);
    snprintf(opts, sizeof opts, extra, dir);
    cJSON *doc = plan_doc(dir, opts);
    cr_expect_str_eq(box_types(doc, got, sizeof got), types, "%s", name);
    cr_expect_float_eq(cJSON_GetObjectItemCaseSensitive(doc, "total_cost")->valuedouble, total, 1e-9, "%s", name);
    if (status != NULL)
        cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(doc, "status")->valuestring, status, "%s", name);
    cJSON_Delete(doc);
}

static void expect_plan(const char *name, const char *types, double total, const char *status)
{
    expect_plan_with(name, "", types, total, status);
}

Test(plan, a_shipment_too_big_for_a_20GP_shares_a_40GP_with_one_that_fits_it)
{
    /* tests/data/plan/mixed_sizes: one sailing, 20GP 1,200.00 (29.88 m3 usable at a 0.9
       fill), 40GP 1,700.00 (60.93 m3), 40HC 1,800.00, LCL 60.00 a revenue ton. S1 27.9
       and S5 28.5 m3 fit a 20GP; S4 31.0 does not. All three (87.4 m3) fit no box; two
       in a 40GP (S1 + S4 58.9 or S4 + S5 59.5) and one in a 20GP: 2,900.00, optimal (LCL
       is 1,674.00 and up a shipment). The packing grouped shipments by the boxes each
       fits, so S4 could not share with the others: S1 + S5 in one 40GP, S4 in another,
       3,400.00. */
    expect_plan("mixed_sizes", "20GP 40GP", 2900.0, "optimal");
}

Test(plan, a_tier_the_packing_fell_short_of_is_reached_by_a_bigger_box)
{
    /* tests/data/plan/tier_reach: 20GP 1,000.00, 40GP 1,900.00; from 4 TEU on the lane
       600.00 and 1,140.00; LCL 60.00 a revenue ton, at least 100.00. Monday sailings, 28
       days. S1, S2 and S4 (50.1 m3, 24,128 kg) can only sail 2027-01-11, S3 only 01-18,
       S5 either. Untiered: a 40GP on the 11th and S3 + S5 (22.7 m3) in a 20GP on the
       18th, 2,900.00. At the tier (4 TEU): two 40GP, 2,280.00; 40GP + 20GP + 20GP is
       2,340.00, four 20GP 2,400.00, and 5 TEU or more at least 2,880.00. Optimal:
       2,280.00. The packing put the 18th's load in the 20GP, fell to 3 TEU and lost the
       tier (2,900.00); it now raises the packing to the tier's TEU at the least cost a
       TEU and keeps it where that is cheaper. */
    expect_plan("tier_reach", "40GP 40GP", 2280.0, "optimal");
}

Test(plan, a_tier_one_teu_short_is_reached_by_the_cheapest_box_for_that_teu)
{
    /* tests/data/plan/tier_short (a helper's audit): from 3 TEU a 20GP is 500.00 and a
       40GP 700.00 (untiered 1,400.00, 1,850.00, 40HC 1,550.00; LCL 57.50 a revenue ton,
       at least 150.00). S1 (5.6 m3) and S4 (30 m3, too big for a 20GP) share a sailing.
       One 40GP for both is 2 TEU, untiered: 1,550.00 in a 40HC. At the tier: S4 in a 40GP
       and S1 in a 20GP, 3 TEU, 1,200.00, optimal; two 40GP (4 TEU) 1,400.00. Raising the
       packing by cost per TEU gained took the 40GP for S1 (350.00 a TEU against 500.00);
       counting only the one TEU still short, the 40GP costs 700.00 for it, the 20GP 500.00.
       (Two shipments: solved exactly now, each box on its first departure, S4's on
       2027-01-04, S1's, ready on the 6th, on the 11th.) */
    expect_plan("tier_short", "40GP 20GP", 1200.0, "optimal");
}

Test(plan, boxes_priced_only_by_a_tier_are_opened_to_reach_it)
{
    /* tests/data/plan/tier_only (a helper's audit): the card's one row is a 20GP at
       600.00 from 2 TEU. Two 10 m3 shipments fit one box, but one box is 1 TEU and has
       no price; each in its own 20GP makes 2 TEU: 1,200.00, optimal. The packing put
       both in one box, raised it to 2 TEU, then compared that with dropping the tier,
       which left both without a carrier at a cost of 0: "infeasible", both unplaced. */
    expect_plan("tier_only", "20GP 20GP", 1200.0, "optimal");
}

/* The plan of tests/data/plan/<name>: its status, the status of lane k, how many
   shipments are unplaced and the first one's reason. */
static void expect_unreached(const char *name, const char *status, size_t lane, const char *lane_status,
                             int unplaced, const char *reason)
{
    char dir[256];
    snprintf(dir, sizeof dir, "%s/plan/%s", CF_TEST_DATA, name);
    cJSON *doc = plan_doc(dir, "--time-limit 1 --clock work");
    cr_expect_float_eq(cJSON_GetObjectItemCaseSensitive(doc, "total_cost")->valuedouble, 900.0, 1e-9, "%s", name);
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "unplaced");
    cr_expect_eq(cJSON_GetArraySize(list), unplaced, "%s", name);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(list, 0), "reason")->valuestring, reason,
                     "%s", name);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(doc, "status")->valuestring, status, "%s", name);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(lane_entry(doc, lane), "status")->valuestring, lane_status,
                     "%s", name);
    cJSON_Delete(doc);
}

Test(plan, shipments_only_an_unreached_tier_serves_keep_the_plan_from_optimal)
{
    /* tests/data/plan/tier_unreached_many: on ZADUR-DEHAM only a 20GP at 600.00 from 30
       TEU, which its fourteen shipments cannot reach (28 TEU at most); ZADUR-NLRTM's
       shipment in a 900.00 20GP. Every DEHAM shipment is unplaced. The plan's bound
       covers only what it placed, so it was called optimal; whether some plan reaches a
       tier the models do not prove, so such a plan is "feasible". (Fourteen shipments of
       2 m3, any of which may share a box: 16,383 groups, too many ways for the exact
       method below, so the models plan the lane.) */
    expect_unreached("tier_unreached_many", "feasible", 1, "optimal", 14,
                     "only volume-tier rates (min_teu) serve it on ZADUR-DEHAM and the plan does not reach them");
    /* tests/data/plan/tier_unreached: the same with two DEHAM shipments and the tier at
       5 TEU (4 at most). A lane of a few shipments is solved by enumeration, which
       proves that no plan reaches the tier: "optimal", and the reason says so. */
    expect_unreached("tier_unreached", "optimal", 1, "optimal", 2,
                     "only volume-tier rates (min_teu) serve it on ZADUR-DEHAM and no plan reaches them");
}

Test(plan, tiers_the_lane_model_left_off_are_tried_at_the_packing)
{
    /* tests/data/plan/tier_probe (a helper's audit): the card has tier rows only, a
       20GP at 968.66 from 1 TEU and 658.33 from 3, a 40GP at 1,857.16 from 4; members'
       quotes price the rest (Alpha's 40GP 1,623.45 all-in, LCL). Six shipments, 56.3 m3
       and 41,363 kg, any Monday of the spring. Optimum (brute force): three 20GP at the
       3-TEU rate, B1 (29.3 m3) alone, A0 + G2 (24,105 kg), D3 + A4 + A5 (15,240 kg):
       1,974.99. The plan was Alpha's 40GP for four and two LCL, 2,323.65: the starts and
       the search price plain rows, and the lane's model had not turned the tier on. */
    expect_plan("tier_probe", "20GP 20GP 20GP", 1974.99, NULL);
}

Test(plan, a_tier_no_plan_reaches_does_not_price_the_schedule)
{
    /* tests/data/plan/tier_unreachable (a helper's audit): ZADUR-NLRTM's boxes are
       20GP 900.00, 40GP 1,950.00, 40HC 1,900.00 and, from 5 TEU, 1,000.00 and 500.00; two
       shipments (36.5 and 1.7 m3) make 4 TEU at most. Optimum: both in one 40HC on
       2027-01-11, 1,900.00. The schedule the lane's model priced at the 5-TEU 40GP looked
       599.94 (500.00 + an LCL) and won; packed, the tier was out of reach: 1,999.94. The
       estimates now price a tier only where their boxes reach it. */
    expect_plan("tier_unreachable", "40HC", 1900.0, NULL);
}

Test(plan, a_truck_load_moves_into_a_box_that_reaches_the_tier)
{
    /* tests/data/plan/tier_rebox (a helper's audit; fx ZAR 0.055, EUR 1.1): from 3 TEU
       a 40GP costs 9,090.91 ZAR = 500.00; a 20GP 8,727.27 ZAR = 480.00 (25 days); trucks
       700.00. Optimum 1,680.00: S2 (44.8 m3) in the tiered 40GP with a 20GP beside it (3
       TEU), the rest in the 20GP and one truck. The plan sent S2 by truck (1,880.00): a
       shipment alone in its box may now move into a box of more TEU to reach a tier. */
    expect_plan_with("tier_rebox", "--fx %s/fx.csv", "40GP 20GP FTL", 1680.0, NULL);
}

Test(plan, two_boxes_merge_into_a_bigger_one_that_keeps_the_tier)
{
    /* tests/data/plan/tier_merge (a helper's check of savings): from 4 TEU a 20GP is
       716.31 and a 40GP 1,213.60 (from 2 TEU a 20GP is 1,127.58; members' quotes are
       dearer). Five shipments, 68.8 m3, any Monday of the spring. The plan had a 40GP and
       two 20GP (4 TEU, 2,646.22), one of them holding 3.3 m3 alone; emptying it would
       lose the tier. Merged with the other 20GP's 21.9 m3 into a 40GP the lane keeps 4
       TEU: two 40GP, 2,427.20, the optimum by brute force. */
    expect_plan("tier_merge", "40GP 40GP", 2427.20, NULL);
}

Test(plan, every_tier_the_plan_reaches_prices_the_packing)
{
    /* tests/data/plan/tier_rows: one sailing, 20GP 900.00, 40GP 1,500.00, 40HC 1,800.00,
       from 2 TEU 540.00 and 900.00; LCL 80.00 a revenue ton. Five shipments, 120.6 m3:
       no two fit a 20GP (29.88 m3) and no three a 40GP (60.93 m3; the least three are
       65.6 m3), so two boxes cannot hold them, nor can two 20GP and a 40GP, and three
       20GP are too small. The least three boxes: S3 (16.6 m3) in a 20GP and two pairs in
       40GP (S1 + S4 54.2 m3, S2 + S5 49.8 m3, 24,605 kg at most), 5 TEU at the tier:
       540.00 + 2 x 900.00 = 2,340.00; four boxes cost at least 2,520.00. The MIP asked
       for the 40GP tier only, so the packing priced the 20GP at 900.00, no cheaper than
       a 40GP, and packed three 40GP: 2,700.00. The 20GP's tier, at 2 TEU too, now
       prices the packing as well. */
    expect_plan("tier_rows", "20GP 40GP 40GP", 2340.0, NULL);
}

Test(plan, freight_that_could_overflow_the_cents_is_an_input_error)
{
    /* tests/data/plan/overflow: 100 road shipments of 10,000 m3 (3.33 million chargeable
       kg each, 333 kg a m3) at 10,000,000.00 a kg LTL, each within the loaders' limits:
       3.33e13 a shipment, so the 87th passes 2^58 cents (2.88e15) and, some 2,700 later,
       the plan's total would have wrapped past 2^63 cents. Exit 65 naming the 87th
       shipment's line (88), before any plan. */
    struct cf_run run = cf_run_cli("plan --shipments %s/shipments.csv --cluster-rates %s/cluster_rates.csv "
                                   "--quotes %s/quotes.csv --format json",
                                   CF_TEST_DATA "/plan/overflow", CF_TEST_DATA "/plan/overflow",
                                   CF_TEST_DATA "/plan/overflow");
    cr_assert_eq(run.status, 65, "%s", run.err);
    cr_assert_str_eq(run.out, "");
    cr_assert(strstr(run.err, "/plan/overflow/shipments.csv:88: volume_m3: the shipments up to here could cost "
                              "2.9e+15 at the dearest rates quoted, more than the 2.88e+15 that totals are kept "
                              "to the cent within; check units and --fx\n") != NULL, "%s", run.err);
    cf_run_free(&run);
}

Test(plan, cli_csv_has_one_row_per_shipment)
{
    /* RFC 4180 rows end in CRLF. With ';' (Excel in ZA and EU locales) only
     * the cost column turns to a decimal comma; ids, dates and the empty
     * fields of an unplaced shipment stay as they are. */
    static const struct {
        const char *option, *head, *unplaced;
    } forms[] = {
        {"", "shipment,firm,mode,equipment,container,departure,cost,status,cost_share\r\n"
             "S1,Alpha,sea,20GP,C0001,2026-03-02,1000.00,container,250.00\r\n", "U1,Alpha,,,,,,unplaced,\r\n"},
        {" --csv-delimiter ';'", "shipment;firm;mode;equipment;container;departure;cost;status;cost_share\r\n"
                                "S1;Alpha;sea;20GP;C0001;2026-03-02;1000,00;container;250,00\r\n",
         "U1;Alpha;;;;;;unplaced;\r\n"},
    };
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
        struct cf_run run = cf_run_cli("plan --shipments %s/plan/shipments.csv --cluster-rates "
                                       "%s/plan/cluster_rates.csv --format csv%s",
                                       CF_TEST_DATA, CF_TEST_DATA, forms[f].option);
        cr_assert_eq(run.status, 0, "stderr: %s", run.err);
        cr_assert(strstr(run.out, forms[f].head) != NULL, "%s", run.out);
        cr_assert(strstr(run.out, forms[f].unplaced) != NULL, "%s", run.out);
        /* Excel's form starts with the UTF-8 byte order mark, the plain one does not */
        cr_assert_eq(strncmp(run.out, "\xEF\xBB\xBF", 3) == 0, f == 1, "%s", run.out);
        if (f == 1)
            cr_assert(strchr(run.out, '.') == NULL, "%s", run.out);
        cf_run_free(&run);
    }
}

Test(plan, csv_cost_shares_add_up_to_the_total)
{
    /* a finance lead sums a column in Excel: `cost` repeats the box's 1,000.00
     * on each of its three rows (3,000.00), cost_share splits it by revenue
     * tons (9 m3 each; loose they would pay 3 x 540.00) into whole cents that
     * add up to the box: two 333.33 and one 333.34 */
    const char *ships = cf_temp_file("id,firm,origin,destination,volume_m3,weight_kg,ready_date,due_date\n"
                                     "S1,Alpha,ZADUR,DEHAM,9,2000,2026-03-02,2026-04-30\n"
                                     "S2,Beta,ZADUR,DEHAM,9,2000,2026-03-02,2026-04-30\n"
                                     "S3,Gamma,ZADUR,DEHAM,9,2000,2026-03-02,2026-04-30\n",
                                     ".csv");
    struct cf_run run = cf_run_cli("plan --shipments %s --cluster-rates %s/plan/cluster_rates.csv --format csv", ships,
                                   CF_TEST_DATA);
    cr_assert_eq(run.status, 0, "stderr: %s", run.err);
    long total = 0, thirds = 0, extra = 0;
    for (const char *line = strchr(run.out, '\n'); line != NULL && line[1] != '\0'; line = strchr(line + 1, '\n')) {
        const char *last = line + 1, *comma;
        while ((comma = strchr(last, ',')) != NULL && comma < strchr(line + 1, '\n'))
            last = comma + 1;
        long cents = lround(strtod(last, NULL) * 100.0);
        total += cents;
        thirds += cents == 33333;
        extra += cents == 33334;
    }
    cr_expect_eq(total, 100000, "%s", run.out);
    cr_expect_eq(thirds, 2, "%s", run.out);
    cr_expect_eq(extra, 1, "%s", run.out);
    cf_run_free(&run);
}

Test(plan, cli_bad_input_exits_65_before_solving)
{
    struct cf_run run = cf_run_cli("plan --shipments %s/plan/shipments_bad.csv --cluster-rates "
                                   "%s/plan/cluster_rates.csv --format json",
                                   CF_TEST_DATA, CF_TEST_DATA);
    cr_assert_eq(run.status, 65);
    cr_assert_str_eq(run.out, "");
    cr_assert(strstr(run.err, "shipments_bad.csv:2: volume_m3: must be > 0, got \"-3\"") != NULL, "%s",
              run.err);
    cf_run_free(&run);
}

Test(plan, cli_needs_cluster_rates)
{
    struct cf_run run = cf_run_cli("plan --shipments %s/plan/shipments.csv", CF_TEST_DATA);
    cr_assert_eq(run.status, 2);
    cf_run_free(&run);
}

/* --- the planner's internals on hand-built lanes: one FTL class (usable
   73.8 m3 / 24,000 kg here, set directly), one row at 1,000.00 --- */

struct hand_lane {
    struct pl_lane lane;
    struct pl_class cls;
    struct pl_row row;
    struct pl_item items[8];
    struct pl_option opts[8][3];
};

static void hand_init(struct hand_lane *h)
{
    memset(h, 0, sizeof *h);
    h->row.cost = 100000;
    h->cls.mode = CF_MODE_ROAD;
    snprintf(h->cls.equipment, sizeof h->cls.equipment, "FTL");
    h->cls.transit_days = 2;
    h->cls.cap_volume_m3 = 73.8;
    h->cls.cap_weight_kg = 24000;
    h->cls.rows = &h->row;
    h->cls.nrows = 1;
    h->lane.classes = &h->cls;
    h->lane.nclasses = 1;
    h->lane.items = h->items;
}

/* An item of kg (1 m3) with a loose charge, on departure days first..last. */
static void hand_item(struct hand_lane *h, double kg, cf_cents_t loose, cf_date_t first, cf_date_t last)
{
    size_t i = h->lane.nitems++;
    struct pl_item *it = &h->items[i];
    it->shipment = i;
    it->volume_m3 = 1;
    it->weight_kg = kg;
    it->loose_cost = loose;
    it->due_date = last + h->cls.transit_days;
    it->options = h->opts[i];
    for (cf_date_t d = first; d <= last; d++) {
        h->opts[i][it->noptions].cls = 0;
        h->opts[i][it->noptions].day = d;
        it->noptions++;
    }
}

/* A packed hand lane for pl_anneal: each shipment alone in a truck. */
struct anneal_case {
    struct hand_lane h;
    long item_bin[8];
    size_t bin_cls[8], nbins;
    cf_date_t bin_day[8];
    unsigned char alive[8], on[1];
    unsigned char *tier_on[1];
};

static void anneal_init(struct anneal_case *c)
{
    memset(c, 0, sizeof *c);
    hand_init(&c->h);
    c->h.cls.teu = 1;
    c->tier_on[0] = c->on;
}

/* A shipment of kg (1 m3) on days first..last, loose, alone in a truck on day. */
static void anneal_item(struct anneal_case *c, double kg, cf_cents_t loose, cf_date_t first, cf_date_t last,
                        cf_date_t day)
{
    size_t i = c->h.lane.nitems;
    hand_item(&c->h, kg, loose, first, last);
    c->item_bin[i] = (long)i;
    c->bin_cls[i] = 0;
    c->bin_day[i] = day;
    c->alive[i] = 1;
    c->nbins = i + 1;
}

/* c annealed for 0.05 s with the lane's TEU kept >= teu_floor: the cents saved */
static cf_cents_t anneal_run(struct anneal_case *c, double teu_floor)
{
    cf_cents_t saved = -1;
    cr_assert_eq(pl_anneal(&c->h.lane, c->tier_on, teu_floor, c->item_bin, c->bin_cls, c->bin_day, c->alive,
                           &c->nbins, 0.05, &saved),
                 0);
    return saved;
}

/* The hand lane's four shipments (1 m3 each, 900.00 loose): a 14,000 kg
   on day 1, b 10,000 kg on days 1-2, c 16,000 kg on day 2, d 8,000 kg on
   days 1-2; each alone in a truck of its own, b's and d's on the day the
   other's window does not force: 4,000.00. */
static void anneal_four(struct anneal_case *c)
{
    anneal_init(c);
    anneal_item(c, 14000, 90000, 1, 1, 1);
    anneal_item(c, 10000, 90000, 1, 2, 2);
    anneal_item(c, 16000, 90000, 2, 2, 2);
    anneal_item(c, 8000, 90000, 1, 2, 1);
}

Test(plan, annealing_finds_the_two_full_trucks)
{
    /* Two trucks (24,000 kg) must both be full to carry the 48,000 kg: day 1
       must hold a (day 1 only) and so b (24,000 - 14,000), day 2 c and d.
       Any plan with a shipment loose costs at least 1,000.00 + 2 x 900.00.
       So 2,000.00 is the optimum, and the only plan at it; the annealing
       gets there from 4,000.00 by moves and swaps. */
    struct anneal_case c;
    anneal_four(&c);
    cf_cents_t saved = anneal_run(&c, 0.0);
    cr_assert_eq(saved, 200000, "%lld", (long long)saved);
    cr_assert_eq(c.nbins, 2, "%zu trucks", c.nbins);
    cr_assert(c.item_bin[0] >= 0 && c.item_bin[0] == c.item_bin[1], "a and b share: %ld %ld", c.item_bin[0],
              c.item_bin[1]);
    cr_assert(c.item_bin[2] >= 0 && c.item_bin[2] == c.item_bin[3], "c and d share: %ld %ld", c.item_bin[2],
              c.item_bin[3]);
    cr_assert_eq(c.bin_day[c.item_bin[0]], 1);
    cr_assert_eq(c.bin_day[c.item_bin[2]], 2);
    cr_assert(c.alive[0] && c.alive[1]);
}

Test(plan, annealing_keeps_the_tier_it_was_given)
{
    /* The same lane where the prices hold from 3 TEU (one a truck here): no
       plan of fewer than three trucks, and three cost 3,000.00 (every
       shipment in one; one loose would add 900.00) */
    struct anneal_case c;
    anneal_four(&c);
    cf_cents_t saved = anneal_run(&c, 3.0);
    cr_assert_eq(saved, 100000, "%lld", (long long)saved);
    cr_assert_eq(c.nbins, 3, "%zu trucks", c.nbins);
    double load[3] = {0, 0, 0};
    for (size_t i = 0; i < 4; i++) {
        long b = c.item_bin[i];
        cr_assert(b >= 0 && b < 3, "shipment %zu in %ld", i, b);
        load[b] += c.h.items[i].weight_kg;
        cr_assert(c.bin_day[b] >= c.h.opts[i][0].day && c.bin_day[b] <= c.h.opts[i][c.h.items[i].noptions - 1].day,
                  "shipment %zu leaves in its window", i);
    }
    for (size_t b = 0; b < 3; b++)
        cr_assert(load[b] <= 24000, "truck %zu carries %.0f kg", b, load[b]);
}

Test(plan, annealing_leaves_each_departure_balanced)
{
    /* One day, shipments of 12,000, 10,000, 8,000 and 6,000 kg (1,200.00
       loose each), each alone in a truck: 4,000.00. Two trucks carry them for
       2,000.00 (one truck and one loose: 2,200.00), in four ways: {12, 10}
       {8, 6}, {12, 8} {10, 6}, {12, 6} {10, 8}, {12} {10, 8, 6}. The
       balanced one (domain.md: the fullest box least full) is {12, 6}
       {10, 8}, 18,000 kg each. */
    struct anneal_case c;
    anneal_init(&c);
    double kg[4] = {12000, 10000, 8000, 6000};
    for (size_t i = 0; i < 4; i++)
        anneal_item(&c, kg[i], 120000, 1, 1, 1);
    cf_cents_t saved = anneal_run(&c, 0.0);
    cr_assert_eq(saved, 200000, "%lld", (long long)saved);
    cr_assert_eq(c.nbins, 2, "%zu trucks", c.nbins);
    cr_assert(c.item_bin[0] == c.item_bin[3] && c.item_bin[1] == c.item_bin[2] && c.item_bin[0] != c.item_bin[1],
              "12 with 6, 10 with 8: %ld %ld %ld %ld", c.item_bin[0], c.item_bin[1], c.item_bin[2], c.item_bin[3]);
}

Test(plan, annealing_empties_a_box_into_one_it_makes_bigger)
{
    /* Small boxes (10,000 kg, 1,000.00) and big ones (24,000 kg, 1,500.00).
       a (9,000 kg, no loose rate) may ride a small box on day 1 or day 20, or
       a big one on day 20; b (9,000 kg, no loose rate) a small or big box on
       day 20; c (500 kg, 400.00 loose) a small box on day 1. Start: a and c
       in a small box on day 1, b in one on day 20: 2,000.00. The optimum:
       a and b in a big box on day 20, c loose: 1,900.00 (a and b cannot
       share a small box; a big one on day 20 with c in its own box costs
       2,500.00). No single move went downhill to it: c loose first costs
       400.00 and a big box first 500.00, which the annealing's temperature
       (at most a hundredth of the mean box price, 12.50 here) takes about
       never; a's box cannot move to day 20 with c in it; a rebuild empties
       the boxes of a week around one day, never both. The move that
       empties a box may now make the box a shipment goes to a bigger class
       the same day: c loose, b's box big, a into it, a's box gone. */
    struct pl_row rows[2] = {{.cost = 100000}, {.cost = 150000}};
    struct pl_class cls[2] = {
        {.mode = CF_MODE_ROAD, .equipment = "SMALL", .transit_days = 2, .teu = 1, .cap_volume_m3 = 70,
         .cap_weight_kg = 10000, .rows = &rows[0], .nrows = 1},
        {.mode = CF_MODE_ROAD, .equipment = "BIG", .transit_days = 2, .teu = 2, .cap_volume_m3 = 70,
         .cap_weight_kg = 24000, .rows = &rows[1], .nrows = 1},
    };
    struct pl_option opts_a[3] = {{0, 1}, {0, 20}, {1, 20}}, opts_b[2] = {{0, 20}, {1, 20}}, opts_c[1] = {{0, 1}};
    struct pl_item items[3] = {
        {.shipment = 0, .volume_m3 = 1, .weight_kg = 9000, .loose_cost = -1, .due_date = 22, .options = opts_a,
         .noptions = 3},
        {.shipment = 1, .volume_m3 = 1, .weight_kg = 9000, .loose_cost = -1, .due_date = 22, .options = opts_b,
         .noptions = 2},
        {.shipment = 2, .volume_m3 = 1, .weight_kg = 500, .loose_cost = 40000, .due_date = 22, .options = opts_c,
         .noptions = 1},
    };
    struct pl_lane lane = {.classes = cls, .nclasses = 2, .items = items, .nitems = 3};
    unsigned char on0[1] = {0}, on1[1] = {0};
    unsigned char *tier_on[2] = {on0, on1};
    long item_bin[3] = {0, 1, 0};
    size_t bin_cls[4] = {0, 0}, nbins = 2;
    cf_date_t bin_day[4] = {1, 20};
    unsigned char alive[4] = {1, 1};
    cf_cents_t saved = -1;
    cr_assert_eq(pl_anneal(&lane, tier_on, 0.0, item_bin, bin_cls, bin_day, alive, &nbins, 0.05, &saved), 0);
    cr_assert_eq(saved, 10000, "%lld", (long long)saved);
    cr_assert_eq(nbins, 1, "%zu boxes", nbins);
    cr_assert(item_bin[0] == 0 && item_bin[1] == 0 && item_bin[2] == -1, "a and b in box 0, c loose: %ld %ld %ld",
              item_bin[0], item_bin[1], item_bin[2]);
    cr_assert_eq(bin_cls[0], 1, "the big box");
    cr_assert_eq(bin_day[0], 20);
}

/* pl_pack_lane on c (a plain plan input: full, no log) into *plan, with
   `seconds` for the packing and `anneal_s` for the annealing; whether a
   packing hit its time limit */
static int pack_lane(const struct pl_lane *lane, const struct pl_choice *c, double seconds, double anneal_s,
                     struct cf_plan *plan)
{
    struct cf_plan_input in;
    memset(&in, 0, sizeof in);
    memset(plan, 0, sizeof *plan);
    struct pl_out out = {plan, 0, 0, 0};
    struct cf_error err;
    cf_error_clear(&err);
    int timed_out = 0;
    cr_assert_eq(pl_pack_lane(lane, c, &in, seconds, anneal_s, &out, &timed_out, &err), CF_OK, "%s", err.message);
    return timed_out;
}

Test(plan, a_departure_s_boxes_are_balanced_at_unchanged_cost)
{
    /* pl_balance_day, which balances the annealing's departures and those
       the packing keeps from a start's hints (plan_pack.c): boxes of 11 m3 and
       10,000 kg; H1, H2 (1 m3, 5,000 kg), G1, G2 (4 m3, 100 kg), L1, L2 (5 m3,
       100 kg), packed H1+G1+G2 (9 m3) and H2+L1+L2 (11 m3, full). No single
       shipment of the full box fits the other; swapping L1 for G1 leaves 10 m3
       and 5,200 kg in each (fill 0.909): the same two boxes, the fullest less
       full (domain.md, among plans of least cost the balanced one). */
    struct hand_lane h;
    hand_init(&h);
    h.cls.cap_volume_m3 = 11;
    h.cls.cap_weight_kg = 10000;
    const double m3[6] = {1, 1, 4, 4, 5, 5}, kg[6] = {5000, 5000, 100, 100, 100, 100};
    long item_bin[6] = {0, 1, 0, 0, 1, 1};
    for (size_t i = 0; i < 6; i++) {
        hand_item(&h, kg[i], 500000, 100, 100);
        h.items[i].volume_m3 = m3[i];
    }
    size_t bin_cls[2] = {0, 0}, count[2] = {3, 3};
    cf_date_t bin_day[2] = {100, 100};
    double lv[2] = {9, 11}, lw[2] = {5200, 5200};
    pl_balance_day(&h.lane, item_bin, bin_cls, bin_day, 0, 2, lv, lw, count);
    for (size_t b = 0; b < 2; b++) {
        cr_assert_float_eq(lv[b], 10.0, 1e-9, "box %zu: %.1f m3", b, lv[b]);
        cr_assert_float_eq(lw[b], 5200.0, 1e-9, "box %zu: %.0f kg", b, lw[b]);
        cr_assert_eq(count[b], 3);
    }
    cr_assert(item_bin[0] != item_bin[1], "H1 and H2 apart");
    cr_assert(item_bin[2] != item_bin[3] && item_bin[4] != item_bin[5], "a G and an L in each box");
}

Test(plan, the_packing_keeps_the_tier_a_loose_shipment_rides_at)
{
    /* One 20GP class (1 TEU, 1,000.00). x (10 m3) leaves on day 100 only, y
       (10 m3) on day 100 or 107 and is planned on 107; both 1,100.00 loose. z
       has no box: LCL 5,000.00, or 50.00 once the lane makes 2 TEU. Packed:
       x and y a 20GP each, z at the tier: 2,050.00. Moving y into x's box
       saves a box by the boxes' prices, but leaves 1 TEU and z at 5,000.00:
       6,000.00, which the packing's local search used to do (it kept only
       the tiers of the boxes' rows). It and the annealing now keep the TEU
       z's rate asks, and the packing keeps its plan should an annealed one
       cost more at the lane's real prices. */
    struct pl_row row = {0, 100000, 0};
    struct pl_class cls = {CF_MODE_SEA, "20GP", 20, 1, 33.2, 28000, &row, 1, 0};
    struct pl_option ox[1] = {{0, 100}}, oy[2] = {{0, 100}, {0, 107}};
    struct pl_loose_rate lx = {110000, 0, CF_MODE_SEA, "LCL", 100}, ly = {110000, 0, CF_MODE_SEA, "LCL", 100};
    struct pl_loose_rate lz[2] = {{500000, 0, CF_MODE_SEA, "LCL", 100}, {5000, 2, CF_MODE_SEA, "LCL", 100}};
    struct pl_item items[3];
    memset(items, 0, sizeof items);
    for (size_t i = 0; i < 3; i++) {
        items[i].shipment = i;
        items[i].volume_m3 = 10;
        items[i].weight_kg = 1000;
        items[i].due_date = 140;
    }
    items[0].options = ox;
    items[0].noptions = 1;
    items[0].loose_cost = 110000;
    items[0].loose = &lx;
    items[0].nloose = 1;
    items[1].options = oy;
    items[1].noptions = 2;
    items[1].loose_cost = 110000;
    items[1].loose = &ly;
    items[1].nloose = 1;
    items[2].loose_cost = 500000;
    items[2].loose = lz;
    items[2].nloose = 2;
    struct pl_lane lane;
    memset(&lane, 0, sizeof lane);
    lane.classes = &cls;
    lane.nclasses = 1;
    lane.items = items;
    lane.nitems = 3;
    struct pl_choice c;
    cr_assert_eq(pl_choice_init(&c, &lane), 0);
    c.option[0] = 0;
    c.option[1] = 1;
    c.option[2] = -1;
    struct cf_plan plan;
    pack_lane(&lane, &c, 1.0, 0.05, &plan);
    cf_cents_t total = 0;
    for (size_t b = 0; b < plan.ncontainers; b++)
        total += plan.containers[b].cost;
    for (size_t l = 0; l < plan.nloose; l++)
        total += plan.loose[l].cost;
    cr_assert_eq(plan.ncontainers, 2, "%zu boxes", plan.ncontainers);
    cr_assert_eq(total, 205000, "%lld", (long long)total);
    cf_plan_free(&plan);
    pl_choice_free(&c, &lane);
}

/* The Lagrangian bound of one departure with three items of kg each (1 m3),
   700.00 loose each, on the hand lane's truck (1,000.00, 24,000 kg). */
static double three_item_bound(double kg)
{
    struct hand_lane h;
    hand_init(&h);
    for (int i = 0; i < 3; i++)
        hand_item(&h, kg, 70000, 100, 100);
    double bound = 0;
    int iters = 0;
    cr_assert_eq(pl_lagrange_bound(&h.lane, 170000, 1.0, NULL, &bound, &iters, NULL), 0);
    cr_assert(iters >= 1);
    return bound;
}

Test(plan, lagrangian_bound_counts_whole_trucks)
{
    /* One departure, 3 items of 12,000 kg, each 700.00 loose. Plans: all loose 2,100;
       one truck with two (24,000 kg, full) + one loose = 1,000 + 700 = 1,700; two
       trucks 2,000. Optimum 1,700.00. The LP may open 1.5 trucks (36,000 kg) for 1,500;
       the Lagrangian at u = the loose charges: 3 x 700 - max(0, 1,400 - 1,000,
       2,100 - 2,000) = 2,100 - 400 = 1,700: the optimum, and no u does better. */
    double bound = three_item_bound(12000);
    cr_assert_float_eq(bound, 170000, 1e-9, "bound %.2f", bound);
}

Test(plan, lagrangian_knapsacks_take_whole_shipments)
{
    /* One departure, 3 items of 10,000 kg, each 700.00 loose: a truck holds
       two (20,000 of 24,000 kg), so the optimum is one truck with two and one
       loose, 1,000 + 700 = 1,700.00. At u = the loose charges the truck's
       knapsack by weight share (0.417 an item) is worth 1,400 with whole
       items: 2,100 - (1,400 - 1,000) = 1,700, the optimum. Martello and
       Toth's bound lets the third item in by the room it overflows at the
       second's ratio (1,680): 2,100 - 680 = 1,420 from there; the exact
       knapsack (LG_EXACT_ITEMS) closes it. */
    double bound = three_item_bound(10000);
    cr_assert_float_eq(bound, 170000, 1e-9, "bound %.2f", bound);
}

Test(plan, schedules_are_compared_by_what_their_packing_costs)
{
    /* tests/data/binpack/sailing_zadur_deham_2027-06-21.csv on one sailing
       of a sea lane with the 40-firm year's prices: 20GP (29.88 m3, 28,200 kg)
       1,195.00, 40GP (60.93 m3, 26,700 kg) 1,853.00, 40HC (68.67 m3, 26,500
       kg) 1,936.00; no loose rate. A schedule that puts the 55 shipments
       (205.5 m3) on the 40GP: first fit in 40GP alone needs four of them,
       7,412.00. The lane's packing may use any box that sailing, and with
       the refit packs three 40HC, 5,808.00 (tests/test_binpack.c: the
       optimum); the planner compares schedules by that. */
    static const double cap_v[3] = {33.2 * 0.9, 67.7 * 0.9, 76.3 * 0.9}, cap_w[3] = {28200, 26700, 26500};
    static const cf_cents_t price[3] = {119500, 185300, 193600};
    struct pl_row rows[3];
    struct pl_class cls[3];
    memset(cls, 0, sizeof cls);
    for (int k = 0; k < 3; k++) {
        rows[k] = (struct pl_row){0, price[k], 0};
        cls[k].mode = CF_MODE_SEA;
        snprintf(cls[k].equipment, sizeof cls[k].equipment, "%s", k == 0 ? "20GP" : k == 1 ? "40GP" : "40HC");
        cls[k].transit_days = 28;
        cls[k].teu = k == 0 ? 1 : 2;
        cls[k].cap_volume_m3 = cap_v[k];
        cls[k].cap_weight_kg = cap_w[k];
        cls[k].rows = &rows[k];
        cls[k].nrows = 1;
    }
    static struct pl_item items[64];
    static struct pl_option opts[64][3];
    memset(items, 0, sizeof items);
    FILE *f = fopen(CF_TEST_DATA "/binpack/sailing_zadur_deham_2027-06-21.csv", "r");
    cr_assert_not_null(f);
    char line[64];
    size_t n = 0;
    cr_assert_not_null(fgets(line, sizeof line, f)); /* header */
    while (n < 64 && fgets(line, sizeof line, f)) {
        char *end;
        items[n].shipment = n;
        items[n].volume_m3 = strtod(line, &end);
        items[n].weight_kg = strtod(end + 1, NULL);
        items[n].loose_cost = -1;
        items[n].due_date = 100 + 28;
        items[n].options = opts[n];
        for (size_t k = 0; k < 3; k++)
            opts[n][k] = (struct pl_option){k, 100};
        items[n].noptions = 3;
        n++;
    }
    fclose(f);
    cr_assert_eq(n, 55);
    struct pl_lane lane;
    memset(&lane, 0, sizeof lane);
    lane.classes = cls;
    lane.nclasses = 3;
    lane.items = items;
    lane.nitems = n;
    struct pl_choice c;
    cr_assert_eq(pl_choice_init(&c, &lane), 0);
    for (size_t k = 0; k < 3; k++)
        c.tier_on[k][0] = 1;
    for (size_t i = 0; i < n; i++)
        c.option[i] = 1; /* the 40GP option */
    struct cf_plan_input in;
    memset(&in, 0, sizeof in);
    cr_assert_eq(pl_choice_estimate(&lane, &c), 741200);
    cr_assert_eq(pl_choice_packed_estimate(&lane, &c, &in), 580800);
    pl_choice_free(&c, &lane);
}

Test(plan, rebalancing_moves_a_shipment_to_the_departure_it_fills)
{
    /* The hand lane's truck (24,000 kg, 1,000.00), 800.00 loose each: A and B
       (12,000 kg) on day 100 only, C (12,000 kg) on day 100 or 101, D (12,000
       kg) on day 101 only. With C on day 100, day 100 packs A+B in a truck and
       sends C loose (1,800.00), day 101 sends D loose (800.00): 2,600.00.
       C moved to day 101 fills a second truck with D: 2,000.00, the optimum
       (48,000 kg need two trucks). */
    struct hand_lane h;
    hand_init(&h);
    hand_item(&h, 12000, 80000, 100, 100); /* A */
    hand_item(&h, 12000, 80000, 100, 100); /* B */
    hand_item(&h, 12000, 80000, 100, 101); /* C */
    hand_item(&h, 12000, 80000, 101, 101); /* D */
    struct pl_choice c;
    cr_assert_eq(pl_choice_init(&c, &h.lane), 0);
    c.option[0] = c.option[1] = c.option[2] = c.option[3] = 0; /* everyone on their first day */
    struct cf_plan_input in;
    memset(&in, 0, sizeof in);
    cr_assert_eq(pl_choice_packed_estimate(&h.lane, &c, &in), 260000);
    int moves = 0;
    cr_assert_eq(pl_choice_rebalance(&h.lane, &c, 10.0, &moves), 0);
    cr_assert_eq(moves, 1);
    cr_assert_eq(h.items[2].options[c.option[2]].day, 101, "C on day %d", (int)h.items[2].options[c.option[2]].day);
    cr_assert_eq(pl_choice_packed_estimate(&h.lane, &c, &in), 200000);
    pl_choice_free(&c, &h.lane);
}

Test(plan, rebalancing_moves_a_loose_shipment_into_a_box_with_room)
{
    /* The hand lane's truck (24,000 kg, 1,000.00): A (10,000 kg) and B (8,000
       kg) ride day 100's truck, C (5,000 kg, 800.00 loose) was sent loose:
       1,800.00. The truck has room for C (23,000 kg): 1,000.00. */
    struct hand_lane h;
    hand_init(&h);
    hand_item(&h, 10000, 80000, 100, 100); /* A */
    hand_item(&h, 8000, 80000, 100, 100);  /* B */
    hand_item(&h, 5000, 80000, 100, 100);  /* C */
    struct pl_choice c;
    cr_assert_eq(pl_choice_init(&c, &h.lane), 0);
    c.option[0] = c.option[1] = 0;
    c.option[2] = -1;
    struct cf_plan_input in;
    memset(&in, 0, sizeof in);
    cr_assert_eq(pl_choice_packed_estimate(&h.lane, &c, &in), 180000);
    int moves = 0;
    cr_assert_eq(pl_choice_rebalance(&h.lane, &c, 10.0, &moves), 0);
    cr_assert_eq(moves, 1);
    cr_assert_eq(c.option[2], 0, "C rides the truck");
    cr_assert_eq(pl_choice_packed_estimate(&h.lane, &c, &in), 100000);
    pl_choice_free(&c, &h.lane);
}

Test(plan, rebalancing_swaps_two_shipments_when_no_single_move_gains)
{
    /* The hand lane's truck (24,000 kg, 1,000.00), 5,000.00 loose each, all
       four shipments free to leave on day 100 or 101. A (14,000 kg) and B
       (12,000) on day 100 need two trucks, C (10,000) and D (12,000) on day
       101 one: 3,000.00. Every single move leaves 34,000 kg or more on one
       day, two trucks, and a truck on the other: 3,000.00 still. Swapping A
       and D (the first swap the pass meets that gains: A for C leaves A+D at
       26,000) gives B+D and C+A, 24,000 kg each: 2,000.00, the optimum. */
    struct hand_lane h;
    hand_init(&h);
    hand_item(&h, 14000, 500000, 100, 101); /* A */
    hand_item(&h, 12000, 500000, 100, 101); /* B */
    hand_item(&h, 10000, 500000, 100, 101); /* C */
    hand_item(&h, 12000, 500000, 100, 101); /* D */
    struct pl_choice c;
    cr_assert_eq(pl_choice_init(&c, &h.lane), 0);
    c.option[0] = c.option[1] = 0; /* day 100 */
    c.option[2] = c.option[3] = 1; /* day 101 */
    struct cf_plan_input in;
    memset(&in, 0, sizeof in);
    cr_assert_eq(pl_choice_packed_estimate(&h.lane, &c, &in), 300000);
    int moves = 0;
    cr_assert_eq(pl_choice_rebalance(&h.lane, &c, 10.0, &moves), 0);
    cr_assert_eq(moves, 2, "one swap, two shipments moved");
    cr_assert_eq(h.items[0].options[c.option[0]].day, 101, "A on day %d", (int)h.items[0].options[c.option[0]].day);
    cr_assert_eq(h.items[3].options[c.option[3]].day, 100, "D on day %d", (int)h.items[3].options[c.option[3]].day);
    cr_assert_eq(pl_choice_packed_estimate(&h.lane, &c, &in), 200000);
    pl_choice_free(&c, &h.lane);
}

Test(plan, the_dense_start_fills_with_what_is_due_soonest)
{
    /* The hand lane's truck (24,000 kg, 1,000.00), 5,000.00 loose each: U
       (16,000 kg) must leave on day 100, A (7,000) on day 100 or 101, B
       (8,000) on 100-102, C (18,000) on 101, D (15,000) on 102. 64,000 kg
       need three trucks. The dispatch start tops U's truck up with the
       biggest waiting item that fits, B: U+B on day 100, then A no longer fits
       beside C (25,000 kg), two trucks on day 101, D alone on 102: 4,000.00.
       The dense start tops it up with what is due soonest, A: U+A (23,000),
       C alone, then B+D (23,000) on day 102: 3,000.00, the optimum. */
    struct hand_lane h;
    hand_init(&h);
    hand_item(&h, 16000, 500000, 100, 100); /* U */
    hand_item(&h, 7000, 500000, 100, 101);  /* A */
    hand_item(&h, 8000, 500000, 100, 102);  /* B */
    hand_item(&h, 18000, 500000, 101, 101); /* C */
    hand_item(&h, 15000, 500000, 102, 102); /* D */
    struct pl_choice c;
    cr_assert_eq(pl_choice_init(&c, &h.lane), 0);
    cr_assert_eq(pl_greedy(&h.lane, &c), 0);
    cr_assert_eq(pl_choice_estimate(&h.lane, &c), 400000);
    cr_assert_eq(h.items[2].options[c.option[2]].day, 100, "dispatch: B on day %d",
                 (int)h.items[2].options[c.option[2]].day);
    cr_assert_eq(pl_greedy_dense(&h.lane, &c, 0), 0);
    cr_assert_eq(pl_choice_estimate(&h.lane, &c), 300000);
    const cf_date_t want[5] = {100, 100, 102, 101, 102};
    for (size_t i = 0; i < 5; i++) {
        cr_assert_geq(c.option[i], 0, "item %zu loose", i);
        cr_assert_eq(h.items[i].options[c.option[i]].day, want[i], "dense: item %zu on day %d", i,
                     (int)h.items[i].options[c.option[i]].day);
    }
    pl_choice_free(&c, &h.lane);
}

Test(plan, the_dense_start_spreads_a_heavy_urgent_load_for_light_cargo)
{
    /* A box of 10 m3 and 10,000 kg at 1,000.00, 5,000.00 loose each. Due on
       day 100: H1 and H2 (1 m3, 5,000 kg each), G1 and G2 (4 m3, 100 kg);
       free to leave on day 100 or 101: L1 and L2 (5 m3, 100 kg). 20 m3 need
       two boxes. The dispatch start packs the urgent items first fit: H1+H2
       fill a box by weight at 2 m3, G1+G2 a second to 8 m3, and neither L
       fits beside them; both leave on day 101 in a third box: 3,000.00. The
       dense start counts the urgent 10,200 kg against 97 % of a payload and
       opens two boxes at once, each item where the box's volume and weight
       shares stay closest: H1+G1 and H2+G2 (5 m3, 5,100 kg each); an L tops
       up each: everything on day 100, two boxes, 2,000.00, the optimum. The
       packing's greedy packings find no two boxes for those six (first fit
       decreasing: H1+H2, L1+L2, then G1+G2: 3,000.00); the dense start's boxes,
       left as hints in c.bin, are kept where they cost less (plan_pack.c,
       hinted_group). */
    struct hand_lane h;
    hand_init(&h);
    h.cls.cap_volume_m3 = 10;
    h.cls.cap_weight_kg = 10000;
    const double m3[6] = {1, 1, 4, 4, 5, 5}, kg[6] = {5000, 5000, 100, 100, 100, 100};
    for (size_t i = 0; i < 6; i++) {
        hand_item(&h, kg[i], 500000, 100, i < 4 ? 100 : 101);
        h.items[i].volume_m3 = m3[i];
    }
    struct cf_plan_input in;
    memset(&in, 0, sizeof in);
    struct pl_choice c;
    cr_assert_eq(pl_choice_init(&c, &h.lane), 0);
    cr_assert_eq(pl_greedy(&h.lane, &c), 0);
    cr_assert_eq(h.items[4].options[c.option[4]].day, 101, "dispatch: L1 on day %d",
                 (int)h.items[4].options[c.option[4]].day);
    cr_assert_eq(pl_choice_packed_estimate(&h.lane, &c, &in), 300000);
    cr_assert_eq(pl_greedy_dense(&h.lane, &c, 0), 0);
    for (size_t i = 0; i < 6; i++) {
        cr_assert_geq(c.option[i], 0, "item %zu loose", i);
        cr_assert_eq(h.items[i].options[c.option[i]].day, 100, "dense: item %zu on day %d", i,
                     (int)h.items[i].options[c.option[i]].day);
    }
    cr_assert_eq(pl_choice_packed_estimate(&h.lane, &c, &in), 200000);
    for (size_t i = 0; i < 6; i++)
        c.bin[i] = -1;
    cr_assert_eq(pl_choice_packed_estimate(&h.lane, &c, &in), 300000, "without the hints");
    for (size_t i = 0; i < 6; i++)
        c.bin[i] = 0; /* one box for 20 m3: a hint that overflows is not kept */
    cr_assert_eq(pl_choice_packed_estimate(&h.lane, &c, &in), 300000, "with hints that overflow");
    pl_choice_free(&c, &h.lane);
}

Test(plan, the_dispatch_start_does_not_wait_for_a_dearer_faster_box)
{
    /* A 20GP at 1,000.00 taking 28 days sails on day 100 only for A and B (10 m3 each),
       a 20GP at 1,200.00 taking 21 days on days 100 and 107. The dispatch start sends an
       item when its last departure comes; counted over the faster box, that was day 107,
       where only the dearer box is left: 1,200.00. Counted over the plain box, A and B
       leave together on day 100 in the cheaper one: 1,000.00. */
    struct pl_row rows[2] = {{0, 100000, 0}, {1, 120000, 0}};
    struct pl_class cls[2] = {{CF_MODE_SEA, "20GP", 28, 1, 33.2, 28000, &rows[0], 1, 0},
                              {CF_MODE_SEA, "20GP", 21, 1, 33.2, 28000, &rows[1], 1, 1}};
    struct pl_option opts[3] = {{0, 100}, {1, 100}, {1, 107}};
    struct pl_item items[2];
    memset(items, 0, sizeof items);
    for (int i = 0; i < 2; i++) {
        items[i].shipment = (size_t)i;
        items[i].volume_m3 = 10;
        items[i].weight_kg = 1000;
        items[i].loose_cost = 500000;
        items[i].due_date = 107 + 21;
        items[i].options = opts;
        items[i].noptions = 3;
    }
    struct pl_lane lane;
    memset(&lane, 0, sizeof lane);
    lane.classes = cls;
    lane.nclasses = 2;
    lane.items = items;
    lane.nitems = 2;
    struct pl_choice c;
    cr_assert_eq(pl_choice_init(&c, &lane), 0);
    cr_assert_eq(pl_greedy(&lane, &c), 0);
    for (int i = 0; i < 2; i++) {
        cr_assert_eq(c.option[i], 0, "item %d on option %ld", i, c.option[i]);
    }
    cr_assert_eq(pl_choice_estimate(&lane, &c), 100000);
    pl_choice_free(&c, &lane);
}

Test(plan, a_packing_out_of_time_keeps_the_greedy_packings)
{
    /* One sailing with a 20GP (33.2 m3, 1,000.00) and a 40HC (76.4 m3,
       1,700.00), and one shipment of 10 m3 (5,000.00 loose). First fit
       decreasing, which the packing fell back on once its time was spent,
       opened the box cheapest per m3, the 40HC: 1,700.00. binpack.c's greedy
       packings, which price the schedule (the packed estimate), end each box
       at the cheapest type that holds it: the 20GP, 1,000.00. Given no time
       the packing now keeps those. */
    struct pl_row rows[2] = {{0, 100000, 0}, {1, 170000, 0}};
    struct pl_class cls[2] = {{CF_MODE_SEA, "20GP", 20, 1, 33.2, 28000, &rows[0], 1, 0},
                              {CF_MODE_SEA, "40HC", 20, 2, 76.4, 28000, &rows[1], 1, 0}};
    struct pl_option opts[2] = {{0, 100}, {1, 100}};
    struct pl_item item;
    memset(&item, 0, sizeof item);
    item.volume_m3 = 10;
    item.weight_kg = 1000;
    item.loose_cost = 500000;
    item.due_date = 100 + 20;
    item.options = opts;
    item.noptions = 2;
    struct pl_lane lane;
    memset(&lane, 0, sizeof lane);
    lane.classes = cls;
    lane.nclasses = 2;
    lane.items = &item;
    lane.nitems = 1;
    struct pl_choice c;
    cr_assert_eq(pl_choice_init(&c, &lane), 0);
    c.option[0] = 1;
    struct cf_plan_input in;
    memset(&in, 0, sizeof in);
    cf_cents_t est = pl_choice_packed_estimate(&lane, &c, &in);
    cr_assert_eq(est, 100000, "%lld", (long long)est);
    struct cf_plan plan;
    cr_assert(pack_lane(&lane, &c, 0.0, 0.0, &plan), "a packing without time is not proven");
    cr_assert_eq(plan.ncontainers, 1, "%zu boxes", plan.ncontainers);
    cr_assert_str_eq(plan.containers[0].equipment, "20GP");
    cr_assert_eq(plan.containers[0].cost, 100000, "%lld", (long long)plan.containers[0].cost);
    cf_plan_free(&plan);
    pl_choice_free(&c, &lane);
}

Test(plan, a_choice_that_carries_nothing_is_priced_once_as_huge)
{
    /* Eight shipments with no loose rate, none placed (the starts give that
       when no plain row carries them): the packed estimate used to add
       CF_CENTS_HUGE (2^60) per shipment and overflowed at the eighth (UBSan,
       scripts/fuzz_inputs.py seed 1301); it is CF_CENTS_HUGE once, as first
       fit's estimate is. */
    struct hand_lane h;
    hand_init(&h);
    for (int i = 0; i < 8; i++)
        hand_item(&h, 1000, -1, 100, 100);
    struct pl_choice c;
    cr_assert_eq(pl_choice_init(&c, &h.lane), 0);
    for (size_t i = 0; i < 8; i++)
        c.option[i] = -2;
    struct cf_plan_input in;
    memset(&in, 0, sizeof in);
    cr_assert_eq(pl_choice_packed_estimate(&h.lane, &c, &in), CF_CENTS_HUGE);
    cr_assert_eq(pl_choice_estimate(&h.lane, &c), CF_CENTS_HUGE);
    pl_choice_free(&c, &h.lane);
}

Test(plan, lagrangian_starts_from_prices_per_kg)
{
    /* Four 6,000 kg items (1 m3 each), each 400.00 loose, that may leave on
       day 100 or 101; the truck (73.8 m3, 24,000 kg, 1,000.00) takes all four:
       optimum 1,000.00. With no time for a search the bound is the best start.
       At u = the loose charges each day's truck gains 1,600 - 1,000: 1,600 -
       2 x 600 = 400; at the mean of the volume and weight shares, 1,000 x
       (1/73.8 + 1/4) / 2 = 131.78 an item: 527.10. Priced at 1,000 / 24,000
       a kg (no truck then holds more than it costs), 250.00 an item: 1,000.00,
       the optimum, at once (a lane too big for an LP starts there). */
    struct hand_lane h;
    hand_init(&h);
    for (int i = 0; i < 4; i++)
        hand_item(&h, 6000, 40000, 100, 101);
    double bound = 0;
    int iters = 0;
    cr_assert_eq(pl_lagrange_bound(&h.lane, INFINITY, 0.0, NULL, &bound, &iters, NULL), 0);
    cr_assert_eq(iters, 1);
    cr_assert_float_eq(bound, 100000, 1e-9, "bound %.2f", bound / 100);
}

Test(plan, lagrangian_bound_stays_below_the_optimum)
{
    /* A (5,000 kg) leaves on day 100 only, C (5,000 kg) on day 101 only, B
       (5,000 kg) either day; loose 800.00 each. A truck carries A and C only on
       different days: best is one truck with A+B (or B+C) and the other loose =
       1,000 + 800 = 1,800 (two trucks 2,000, all loose 2,400): optimum 1,800.00.
       At the start u = 800 each: 2,400 - (1,600 - 1,000) x 2 buckets = 1,200;
       the search only keeps better values. */
    struct hand_lane h;
    hand_init(&h);
    hand_item(&h, 5000, 80000, 100, 100);
    hand_item(&h, 5000, 80000, 100, 101);
    hand_item(&h, 5000, 80000, 101, 101);
    double bound = 0;
    int iters = 0;
    cr_assert_eq(pl_lagrange_bound(&h.lane, 180000, 1.0, NULL, &bound, &iters, NULL), 0);
    cr_assert(bound >= 120000 && bound <= 180000, "bound %.2f", bound);
}

Test(plan, schedule_search_opens_the_truck_that_pays)
{
    /* The three 12,000 kg items of lagrangian_bound_counts_whole_trucks, starting
       all loose (2,100.00): one more truck on day 100 carries two of them (1,700.00);
       a second truck (2,000.00) does not pay. */
    struct hand_lane h;
    hand_init(&h);
    for (int i = 0; i < 3; i++)
        hand_item(&h, 12000, 70000, 100, 100);
    struct pl_choice c;
    cr_assert_eq(pl_choice_init(&c, &h.lane), 0);
    for (size_t i = 0; i < 3; i++)
        c.option[i] = -1;
    double cost = 0;
    int moves = 0;
    cr_assert_eq(pl_schedule_search(&h.lane, &c, NULL, 0.05, &cost, &moves), 0);
    cr_assert_float_eq(cost, 170000, 1e-9, "cost %.2f", cost);
    int on_truck = 0, loose = 0;
    for (size_t i = 0; i < 3; i++) {
        on_truck += c.option[i] == 0;
        loose += c.option[i] == -1;
    }
    cr_assert_eq(on_truck, 2);
    cr_assert_eq(loose, 1);
    cr_assert_eq(pl_choice_estimate(&h.lane, &c), 170000);
    pl_choice_free(&c, &h.lane);
}

Test(plan, assign_schedule_chooses_which_items_fill_the_truck)
{
    /* One departure, one truck held (1,000.00). A: 20,000 kg, 900.00 loose; B and
       C: 12,000 kg, 700.00 loose each. The truck carries A alone (1,000 + 1,400 =
       2,400) or B and C (1,000 + 900 = 1,900); all loose is 2,300. Optimum 1,900.00,
       A loose. */
    struct hand_lane h;
    hand_init(&h);
    hand_item(&h, 20000, 90000, 100, 100);
    hand_item(&h, 12000, 70000, 100, 100);
    hand_item(&h, 12000, 70000, 100, 100);
    struct pl_choice c;
    cr_assert_eq(pl_choice_init(&c, &h.lane), 0);
    for (size_t i = 0; i < 3; i++)
        c.option[i] = 0; /* all on the truck: more than it holds */
    long sched[1] = {1};
    double cost = 0;
    cr_assert_eq(pl_assign_schedule(&h.lane, &c, sched, 5.0, NULL, NULL, &cost), 0);
    cr_assert_float_eq(cost, 190000, 1e-3, "cost %.4f", cost);
    cr_assert_eq(c.option[0], -1);
    cr_assert_eq(c.option[1], 0);
    cr_assert_eq(c.option[2], 0);
    cr_assert_eq(c.bin[0], -1);
    cr_assert_eq(c.bin[1], 0, "B and C share the one truck held");
    cr_assert_eq(c.bin[2], 0);
    cr_assert_eq(pl_choice_estimate(&h.lane, &c), 190000);
    pl_choice_free(&c, &h.lane);
}

Test(plan, assign_schedule_without_room_for_an_item_keeps_the_plan)
{
    /* A 30,000 kg item with no loose rate cannot ride the one 24,000 kg truck:
       no plan, and the assignment is left as it was. */
    struct hand_lane h;
    hand_init(&h);
    hand_item(&h, 30000, -1, 100, 100);
    struct pl_choice c;
    cr_assert_eq(pl_choice_init(&c, &h.lane), 0);
    c.option[0] = 0;
    long sched[1] = {1};
    double cost = 0;
    cr_assert_eq(pl_assign_schedule(&h.lane, &c, sched, 5.0, NULL, NULL, &cost), 0);
    cr_assert(isinf(cost));
    cr_assert_eq(c.option[0], 0);
    pl_choice_free(&c, &h.lane);
}

Test(plan, estimate_uses_an_exact_fill_where_first_fit_fails)
{
    /* One departure, trucks of 24,000 kg at 1,000.00, loose far dearer. Items of
       12,000, 9,600, 7,200, 7,200, 7,200 and 4,800 kg (48,000: two trucks full).
       First fit decreasing: 12,000 + 9,600 in one (2,400 left), the three 7,200 in a
       second (2,400 left), 4,800 in a third: 3,000.00. The fill {12,000, 7,200,
       4,800} and {9,600, 7,200, 7,200} needs two: 2,000.00. */
    struct hand_lane h;
    hand_init(&h);
    const double kg[6] = {12000, 9600, 7200, 7200, 7200, 4800};
    const long fill[6] = {0, 1, 0, 1, 1, 0};
    for (int i = 0; i < 6; i++)
        hand_item(&h, kg[i], 5000000, 100, 100);
    struct pl_choice c;
    cr_assert_eq(pl_choice_init(&c, &h.lane), 0);
    for (size_t i = 0; i < 6; i++)
        c.option[i] = 0;
    cr_assert_eq(pl_choice_estimate(&h.lane, &c), 300000);
    for (size_t i = 0; i < 6; i++)
        c.bin[i] = fill[i];
    cr_assert_eq(pl_choice_estimate(&h.lane, &c), 200000);
    /* a hint that overfills a truck is ignored: first fit again */
    c.bin[1] = 0;
    cr_assert_eq(pl_choice_estimate(&h.lane, &c), 300000);
    /* so is a departure where one item has none */
    c.bin[1] = 1;
    c.bin[5] = -1;
    cr_assert_eq(pl_choice_estimate(&h.lane, &c), 300000);
    pl_choice_free(&c, &h.lane);
}

Test(plan, assign_improve_opens_the_truck_that_pays)
{
    /* The three 12,000 kg items of lagrangian_bound_stays_below_the_optimum's
       shape: A on day 100 only, B on day 100 or 101, C on day 101 only, 700.00
       loose each, a truck 1,000.00. From all loose (2,100.00) the window may open
       one truck a day: one truck with B and A (or C) and the third loose =
       1,700.00 is the optimum (two trucks 2,000 + 0). */
    struct hand_lane h;
    hand_init(&h);
    hand_item(&h, 12000, 70000, 100, 100);
    hand_item(&h, 12000, 70000, 100, 101);
    hand_item(&h, 12000, 70000, 101, 101);
    struct pl_choice c;
    cr_assert_eq(pl_choice_init(&c, &h.lane), 0);
    for (size_t i = 0; i < 3; i++)
        c.option[i] = -1;
    cr_assert_eq(pl_choice_estimate(&h.lane, &c), 210000);
    int windows = 0, kept = 0;
    cr_assert_eq(pl_assign_improve(&h.lane, &c, NULL, 5.0, NULL, NULL, &windows, &kept), 0);
    cr_assert(windows >= 1 && kept >= 1, "%d windows, %d kept", windows, kept);
    cr_assert_eq(pl_choice_estimate(&h.lane, &c), 170000);
    int loose = 0;
    for (size_t i = 0; i < 3; i++)
        loose += c.option[i] == -1;
    cr_assert_eq(loose, 1);
    cr_assert_neq(c.option[1], -1, "B rides: it is the one that pairs with either");
    /* the containers the plan needs: one truck, on the day B rides */
    long sched[2] = {-1, -1};
    cr_assert_eq(pl_sched_of(&h.lane, &c, sched), 0);
    cr_assert_eq(sched[0] + sched[1], 1);
    cr_assert_eq(sched[c.option[1] == 0 ? 0 : 1], 1);
    pl_choice_free(&c, &h.lane);
}

/* Loose rows with a volume tier (interface.md: a min_teu row "applies once the
 * lane's consolidated volume in the plan reaches this many TEU", loose or not). */

Test(plan, loose_tier_applies_once_the_lane_reaches_it)
{
    /* B (29 m3, 5 t): 20GP 1,000 < LCL 29 rt x 60 = 1,740, so one 20GP: the lane holds 1 TEU.
       L (2 m3, 0.5 t) does not fit beside B (31 > 29.88 m3) and cannot pay a box: LCL 2 rt x 60 = 120, or at the 1-TEU tier 2 x 30 =
       60. Optimum 1,060.00. */
    struct fixture f;
    fx_init(&f);
    ship(&f, "B", "DEHAM", 29, 5000, "2026-03-02", "2026-04-30");
    ship(&f, "L", "DEHAM", 2, 500, "2026-03-02", "2026-04-30");
    rate(&f, CF_MODE_SEA, "20GP", 1000, 0, 28, 0);
    rate(&f, CF_MODE_SEA, "LCL", 60, 0, 28, 0);
    rate(&f, CF_MODE_SEA, "LCL", 30, 0, 28, 1);
    solve(&f);
    cr_assert_eq(f.plan.ncontainers, 1);
    cr_assert_eq(f.plan.nloose, 1);
    cr_assert_eq(f.plan.loose[0].cost, 6000);
    cr_assert_eq(f.plan.total_cost, 106000);
    /* the bound may not assume the tier is reached: with every loose item at its cheapest
       rate of any tier both would go loose, B at 29 x 30 = 870, L at 60: 930 */
    cr_assert(f.plan.lower_bound >= 930.0 - 1e-6 && f.plan.lower_bound <= 1060.0 + EPS, "%f",
              f.plan.lower_bound);
    fx_free(&f);
}

Test(plan, loose_tier_not_reached_keeps_the_plain_rate)
{
    /* L alone: no container, 0 TEU, so the 1-TEU LCL tier does not apply: 2 rt x 60 = 120.00 */
    struct fixture f;
    fx_init(&f);
    ship(&f, "L", "DEHAM", 2, 500, "2026-03-02", "2026-04-30");
    rate(&f, CF_MODE_SEA, "20GP", 1000, 0, 28, 0);
    rate(&f, CF_MODE_SEA, "LCL", 60, 0, 28, 0);
    rate(&f, CF_MODE_SEA, "LCL", 30, 0, 28, 1);
    solve(&f);
    cr_assert_eq(f.plan.ncontainers, 0);
    cr_assert_eq(f.plan.nloose, 1);
    cr_assert_eq(f.plan.loose[0].cost, 12000);
    cr_assert_eq(f.plan.total_cost, 12000);
    /* the bound may not assume the tier: 120 - (120 - 60) = 60 */
    cr_assert(f.plan.lower_bound <= 120.0 + EPS);
    fx_free(&f);
}

Test(plan, loose_tier_is_the_only_loose_rate)
{
    /* No plain LCL: L (2 m3) rides loose only at the 1-TEU tier (2 x 30 = 60), which B's
       20GP reaches; otherwise L would need a 20GP of its own (1,000). Optimum 1,060.00. */
    struct fixture f;
    fx_init(&f);
    ship(&f, "B", "DEHAM", 29, 5000, "2026-03-02", "2026-04-30");
    ship(&f, "L", "DEHAM", 2, 500, "2026-03-02", "2026-04-30");
    rate(&f, CF_MODE_SEA, "20GP", 1000, 0, 28, 0);
    rate(&f, CF_MODE_SEA, "LCL", 30, 0, 28, 1);
    solve(&f);
    cr_assert_eq(f.plan.total_cost, 106000);
    cr_assert_eq(f.plan.nloose, 1);
    cr_assert_eq(f.plan.nunplaced, 0);
    fx_free(&f);
}

Test(plan, loose_tier_only_and_no_container_fits)
{
    /* L (40 m3) fits no 20GP (29.88 m3) and only a 1-TEU LCL tier would carry it; nothing
       else ships, so the lane holds 0 TEU: L is unplaced, and the reason says why */
    struct fixture f;
    fx_init(&f);
    ship(&f, "L", "DEHAM", 40, 500, "2026-03-02", "2026-04-30");
    rate(&f, CF_MODE_SEA, "20GP", 1000, 0, 28, 0);
    rate(&f, CF_MODE_SEA, "LCL", 30, 0, 28, 1);
    solve(&f);
    cr_assert_eq(f.plan.nunplaced, 1);
    cr_assert_eq(f.plan.total_cost, 0);
    cr_assert(strstr(f.plan.unplaced[0].reason, "min_teu") != NULL, "%s", f.plan.unplaced[0].reason);
    fx_free(&f);
}

Test(plan, a_lane_of_twelve_shipments_is_solved_exactly_and_balanced)
{
    /* tests/data/plan/twelve_tier: twelve shipments of 15 m3 and 2,000 kg, one sailing.
       A 20GP (29.88 m3 usable) takes one, a 40GP (60.93) four. 20GP 1,000.00, 40GP
       1,500.00 or 1,100.00 from 8 TEU, LCL 80.00 a revenue ton (1,200.00 each). Below 8
       TEU every shipment costs at least 1,500.00 / 4 = 375.00: 4,500.00 or more. From 8
       TEU the least is four 40GP at 1,100.00: 4,400.00, optimal. Among the packings of
       four 40GP, the balanced one (domain.md): three shipments in each, 73.9 % full (the
       models packed 4, 4, 3 and 1: 98.5 % at the fullest). Twelve shipments that may
       share a box only four at a time make 793 groups: the exact method's. */
    char dir[256];
    snprintf(dir, sizeof dir, "%s/plan/twelve_tier", CF_TEST_DATA);
    cJSON *doc = plan_doc(dir, "--time-limit 1 --clock work");
    char got[64];
    cr_expect_str_eq(box_types(doc, got, sizeof got), "40GP 40GP 40GP 40GP");
    cr_expect_float_eq(cJSON_GetObjectItemCaseSensitive(doc, "total_cost")->valuedouble, 4400.0, 1e-9);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(doc, "status")->valuestring, "optimal");
    const cJSON *box;
    cJSON_ArrayForEach(box, cJSON_GetObjectItemCaseSensitive(doc, "containers"))
    {
        cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(box, "shipments")), 3);
    }
    cJSON_Delete(doc);
}

Test(plan, two_shipments_share_a_faster_truck_neither_needs_alone)
{
    /* tests/data/plan/faster_shared (a helper's audit, D7): ZADUR-ZAJNB trucks at 1,000.00
       (2 days) or 1,300.00 (1 day). S1 is ready on 5 January and due on the 7th, S2 ready
       on the 6th and due on the 8th, 30 m3 and 8,000 kg each: each has a 2-day truck of its
       own (2,000.00 for both), but only the 1-day truck on the 6th takes both: 1,300.00.
       The models plan a faster box only beside the shipments that need it; the exact
       method for small lanes offers every box: optimal. */
    expect_plan_with("faster_shared", "--time-limit 1 --clock work", "FTL", 1300.0, "optimal");
}

Test(plan, windows_of_a_busy_lane_are_regrouped_exactly)
{
    /* tests/data/plan/window_busy (bench/compare_mid_lanes.py ... busy, seed 70): twenty
       shipments over ten weeks (nineteen that a sailing can bring in time), a 20GP at 1,329.00 or 670.00 from 12 TEU, a 40GP at
       1,541.00 or 1,363.00 from 20 TEU, LCL, trucks. Too many ways to group them for the
       exact method, so the models plan the lane: 10,937.00 against a proven bound of
       10,736.00. Then windows of a few consecutive departures (up to ten shipments) are
       regrouped exactly, keeping the TEU the rest of the lane leaves them to make:
       10,736.00, the optimum the exact model's branch and bound proves (its bound
       was once rounded a cent below, 10,735.99, and the plan called feasible). */
    char dir[256];
    snprintf(dir, sizeof dir, "%s/plan/window_busy", CF_TEST_DATA);
    cJSON *doc = plan_doc(dir, "--time-limit 5 --clock work");
    cr_expect_float_eq(cJSON_GetObjectItemCaseSensitive(doc, "total_cost")->valuedouble, 10736.0, 1e-9);
    cr_expect_float_eq(cJSON_GetObjectItemCaseSensitive(doc, "lower_bound")->valuedouble, 10736.0, 1e-9);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(doc, "status")->valuestring, "optimal");
    /* S13 is due too soon for any sailing: unplaced, whatever the plan */
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "unplaced")), 1);
    cJSON_Delete(doc);
}

Test(plan, a_lane_in_parts_no_box_links_is_solved_exactly_with_its_tier)
{
    /* tests/data/plan/parts_tier: twenty shipments of 25 m3, one every second Monday of
       2027, each with one sailing in its window (due 30 days after it is ready): no two
       can share a box, so the lane is twenty parts of one shipment. One 20GP each (LCL
       would be 25 x 100.00 = 2,500.00); twenty make 20 TEU, where the 20GP costs 700.00
       instead of 1,000.00: 14,000.00. Each part alone reaches no tier; their TEU add up
       across the parts. The models found the plan but proved only 13,999.99 ("feasible"). */
    expect_plan_with("parts_tier", "--time-limit 1 --clock work",
                     "20GP 20GP 20GP 20GP 20GP 20GP 20GP 20GP 20GP 20GP 20GP 20GP 20GP 20GP 20GP 20GP 20GP 20GP 20GP 20GP",
                     14000.0, "optimal");
}

Test(plan, a_lane_of_a_few_shipments_reaches_a_tier_to_carry_one_only_the_tier_serves)
{
    /* X (80 m3) fits no box, and only an LCL rate from 2 TEU (30.00 a revenue ton) carries
       it. S1 and S2 (10 m3, 2,000 kg) fit one 20GP (1,000.00, 1 TEU): cheapest, but X is
       then unplaced. Every shipment that can travel travels first: both in a 40GP (1,500.00,
       2 TEU) and X loose at 80 x 30.00 = 2,400.00: 3,900.00 (two 20GP: 4,400.00; S2 loose at
       the tier, 300.00, beside S1's 40GP: 4,200.00). Solved by enumeration: optimal. */
    struct fixture f;
    fx_init(&f);
    ship(&f, "S1", "DEHAM", 10, 2000, "2026-03-02", "2026-04-30");
    ship(&f, "S2", "DEHAM", 10, 2000, "2026-03-02", "2026-04-30");
    ship(&f, "X", "DEHAM", 80, 1000, "2026-03-02", "2026-04-30");
    rate(&f, CF_MODE_SEA, "20GP", 1000, 0, 28, 0);
    rate(&f, CF_MODE_SEA, "40GP", 1500, 0, 28, 0);
    rate(&f, CF_MODE_SEA, "LCL", 30, 0, 28, 2);
    solve(&f);
    cr_assert_eq(f.plan.nunplaced, 0);
    cr_assert_eq(f.plan.total_cost, 390000);
    cr_assert_eq(f.plan.ncontainers, 1);
    cr_assert_str_eq(f.plan.containers[0].equipment, "40GP");
    cr_assert_eq(f.plan.containers[0].nshipments, 2);
    cr_assert_eq(f.plan.nloose, 1);
    cr_assert_eq(f.plan.status, CF_PLAN_OPTIMAL);
    fx_free(&f);
}

Test(plan, loose_tier_out_of_reach_without_its_own_box)
{
    /* L alone with only a 1-TEU LCL tier: sent loose it would leave the lane at 0 TEU, where
       the tier does not apply, so it rides a 20GP of its own: 1,000.00 */
    struct fixture f;
    fx_init(&f);
    ship(&f, "L", "DEHAM", 2, 500, "2026-03-02", "2026-04-30");
    rate(&f, CF_MODE_SEA, "20GP", 1000, 0, 28, 0);
    rate(&f, CF_MODE_SEA, "LCL", 30, 0, 28, 1);
    solve(&f);
    cr_assert_eq(f.plan.total_cost, 100000);
    cr_assert_eq(f.plan.ncontainers, 1);
    cr_assert_eq(f.plan.nloose, 0);
    fx_free(&f);
}

Test(plan, fit_entry_sort_matches_one_qsort)
{
    /* the bucketed sort (by class and day, then each bucket alone) gives
     * pl_fit_entry_cmp's order exactly: checked against qsort on 500 entries
     * over 3 classes and 40 days, sizes with ties, and on a span too wide
     * to bucket */
    enum { N = 500 };
    static struct pl_fit_entry a[N], b[N];
    unsigned long x = 12345;
    for (int wide = 0; wide < 2; wide++) {
        for (size_t i = 0; i < N; i++) {
            x = x * 6364136223846793005UL + 1442695040888963407UL;
            a[i].cls = (size_t)(x >> 33) % 3;
            a[i].day = (cf_date_t)((x >> 40) % 40) * (wide ? 100000 : 1);
            a[i].size = (double)((x >> 20) % 8) / 8.0;
            a[i].item = N - i;
        }
        memcpy(b, a, sizeof a);
        qsort(b, N, sizeof *b, pl_fit_entry_cmp);
        pl_fit_entry_sort(a, N, 3);
        for (size_t i = 0; i < N; i++)
            cr_assert(a[i].item == b[i].item, "wide %d, place %zu: item %zu, qsort %zu", wide, i, a[i].item,
                      b[i].item);
    }
}
