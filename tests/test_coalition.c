/* test_coalition.c — suite coalition: c(S) of the pooling game
 * (solver/coalition.h, domain.md "Costs" and "Cost allocation") on a tiny
 * one-lane cluster, tests/data/savings/, every c(S) worked by hand below.
 *
 * Shipments (all sea, ready 2026-03-02, due 2026-05-30, revenue tons max(m3, t)):
 *   A1 Alpha 12 m3 1,000 kg (RT 12)   B1 Beta 12 m3 3,000 kg (RT 12)
 *   C1 Gamma  6 m3 9,000 kg (RT 9)
 * Quotes (all-in = amount + surcharges): Alpha 20GP 1,500, 40GP 2,600;
 *   Beta 20GP 1,800, 40GP 2,400; Gamma none. Cluster: 40GP 2,000 from 2 TEU.
 * Usable 20GP 33.2 x 0.90 = 29.88 m3: any two shipments fit one (<= 24 m3,
 * <= 12,000 kg), all three (30 m3) do not; 40GP 67.7 x 0.9 = 60.93 m3 holds all.
 *   c(A) = 1,500 (own 20GP)   c(B) = 1,800 (own 20GP)
 *   c(C) = 1,650: the median of Alpha's and Beta's 20GP, (1,500 + 1,800) / 2, stands in
 *   c(AB) = 1,500, c(AC) = 1,500 (Alpha's 20GP), c(BC) = 1,800 (Beta's 20GP;
 *     a 40GP at the cluster's 2,000 costs more)
 *   c(ABC) = 2,000: one 40GP at the cluster tier (2 TEU >= 2), against two
 *     20GP at 1,500 = 3,000 or Beta's 40GP at 2,400. */
#include <criterion/criterion.h>
#include <string.h>

#include "models/loaders.h"
#include "solver/coalition.h"

#define DATA CF_TEST_DATA "/savings/"

struct fixture {
    struct cf_catalogue cat;
    struct cf_fx fx;
    struct cf_shipments ships;
    struct cf_quotes quotes, cluster;
    struct cf_coalition *co;
};

static void load_quotes(struct fixture *f, const char *name, int cluster, struct cf_quotes *out)
{
    struct cf_error err;
    struct cf_source src;
    cr_assert_eq(cf_source_open_file(&src, name, &err), CF_OK, "%s", err.message);
    struct cf_quote_opts opts = {&f->fx, &f->cat, cluster};
    cr_assert_eq(cf_load_quotes(&src, &opts, out, &err), CF_OK, "%s", err.message);
    cf_source_close(&src);
}

static void setup(struct fixture *f, int grand_every_quote)
{
    memset(f, 0, sizeof *f);
    struct cf_error err;
    cr_assert_eq(cf_catalogue_init_builtin(&f->cat, &err), CF_OK);
    cr_assert_eq(cf_fx_init(&f->fx, "USD", &err), CF_OK);
    struct cf_source src;
    cr_assert_eq(cf_source_open_file(&src, DATA "shipments.csv", &err), CF_OK, "%s", err.message);
    cr_assert_eq(cf_load_shipments(&src, &f->ships, &err), CF_OK, "%s", err.message);
    cf_source_close(&src);
    load_quotes(f, DATA "quotes.csv", 0, &f->quotes);
    load_quotes(f, DATA "cluster_rates.csv", 1, &f->cluster);
    struct cf_coalition_input in = {&f->ships, &f->quotes, &f->cluster, &f->cat, 0.90, 5.0, 5.0, CF_DATE_NONE,
                                    grand_every_quote};
    cr_assert_eq(cf_coalition_create(&in, &f->co, &err), CF_OK, "%s", err.message);
}

static void teardown(struct fixture *f)
{
    cf_coalition_free(f->co);
    cf_quotes_free(&f->cluster);
    cf_quotes_free(&f->quotes);
    cf_shipments_free(&f->ships);
    cf_fx_free(&f->fx);
    cf_catalogue_free(&f->cat);
}

static cf_cents_t cost_of(struct fixture *f, int a, int b, int c)
{
    unsigned char in[3] = {(unsigned char)a, (unsigned char)b, (unsigned char)c};
    struct cf_error err;
    cf_error_clear(&err);
    cf_cents_t cents = -1;
    cr_assert_eq(cf_coalition_cost_cents(f->co, in, &cents, &err), CF_OK, "%s", err.message);
    return cents;
}

Test(coalition, players_in_order_of_first_shipment)
{
    struct fixture f;
    setup(&f, 0);
    cr_assert_eq(cf_coalition_nfirms(f.co), 3);
    cr_expect_str_eq(cf_coalition_firm(f.co, 0), "Alpha");
    cr_expect_str_eq(cf_coalition_firm(f.co, 2), "Gamma");
    cr_expect_eq(cf_coalition_firm_index(f.co, "Beta"), 1);
    cr_expect_eq(cf_coalition_firm_index(f.co, "Zed"), -1);
    /* 2026-03-02 is a Monday: every plan sails from it (domain.md, "Time") */
    cf_date_t monday;
    cf_date_parse("2026-03-02", &monday);
    cr_expect_eq(cf_coalition_schedule_start(f.co), monday);
    teardown(&f);
}

Test(coalition, every_coalition_cost_by_hand)
{
    struct fixture f;
    setup(&f, 0);
    /* figures: the file header */
    cr_expect_eq(cost_of(&f, 1, 0, 0), 150000);
    cr_expect_eq(cost_of(&f, 0, 1, 0), 180000);
    cr_expect_eq(cost_of(&f, 0, 0, 1), 165000);
    cr_expect_eq(cost_of(&f, 1, 1, 0), 150000);
    cr_expect_eq(cost_of(&f, 1, 0, 1), 150000);
    cr_expect_eq(cost_of(&f, 0, 1, 1), 180000);
    cr_expect_eq(cost_of(&f, 1, 1, 1), 200000);
    /* asked again, every lane problem comes from the cache */
    struct cf_coalition_stats st;
    cf_coalition_stats(f.co, &st);
    size_t solved = st.lane_plans;
    cr_expect_eq(cost_of(&f, 1, 1, 1), 200000);
    cf_coalition_stats(f.co, &st);
    cr_expect_eq(st.lane_plans, solved);
    cr_expect_eq(st.worst_status, CF_PLAN_OPTIMAL);
    teardown(&f);
}

Test(coalition, oracle_returns_currency_units)
{
    struct fixture f;
    setup(&f, 0);
    unsigned char in[3] = {0, 0, 1};
    double cost = 0.0;
    struct cf_error err;
    cr_assert_eq(cf_coalition_cost(f.co, in, &cost, &err), CF_OK, "%s", err.message);
    cr_expect_float_eq(cost, 1650.0, 1e-9); /* Gamma alone: the header */
    teardown(&f);
}

Test(coalition, standalone_plan_flags_stand_ins)
{
    struct fixture f;
    setup(&f, 0);
    struct cf_error err;
    struct cf_coalition_plan p;
    unsigned char gamma[3] = {0, 0, 1}, alpha[3] = {1, 0, 0};
    /* Gamma holds no quote: its 20GP is the cluster median, a stand-in */
    cr_assert_eq(cf_coalition_plan(f.co, gamma, &p, &err), CF_OK, "%s", err.message);
    cr_assert_eq(p.plan.ncontainers, 1);
    cr_expect_str_eq(p.plan.containers[0].equipment, "20GP");
    cr_expect_eq(p.container_stand_in[0], 2); /* a stand-in: the median of 2 firms' quotes */
    cr_expect_eq(p.plan.containers[0].shipments[0], 2); /* C1, the input's third shipment */
    cr_expect_eq(p.plan.total_cost, 165000);
    cf_coalition_plan_free(&p);
    /* Alpha uses its own quote */
    cr_assert_eq(cf_coalition_plan(f.co, alpha, &p, &err), CF_OK, "%s", err.message);
    cr_assert_eq(p.plan.ncontainers, 1);
    cr_expect_eq(p.container_stand_in[0], 0);
    cf_coalition_plan_free(&p);
    teardown(&f);
}

Test(coalition, grand_plan_is_one_40gp_at_the_cluster_tier)
{
    struct fixture f;
    setup(&f, 0);
    struct cf_error err;
    struct cf_coalition_plan p;
    unsigned char all[3] = {1, 1, 1};
    cr_assert_eq(cf_coalition_plan(f.co, all, &p, &err), CF_OK, "%s", err.message);
    cr_assert_eq(p.plan.ncontainers, 1);
    cr_expect_str_eq(p.plan.containers[0].equipment, "40GP");
    cr_expect_eq(p.plan.containers[0].cost, 200000);
    cr_expect_eq(p.plan.containers[0].nshipments, 3);
    cr_expect_eq(p.plan.total_cost, 200000);
    cf_coalition_plan_free(&p);
    teardown(&f);
}

Test(coalition, empty_coalition_is_an_error)
{
    struct fixture f;
    setup(&f, 0);
    unsigned char none[3] = {0, 0, 0};
    cf_cents_t cents = 0;
    struct cf_error err;
    cr_expect_eq(cf_coalition_cost_cents(f.co, none, &cents, &err), CF_ERR_INTERNAL);
    teardown(&f);
}

Test(coalition, proxy_reprices_the_pool_plan)
{
    /* The pool's plan (grand_plan_is_one_40gp_at_the_cluster_tier): one 40GP
     * at the cluster's 2,000 with A1, B1, C1, revenue tons 12, 12, 9 of 33:
     * shares 727.27, 727.27, 545.45 of its cost, 0.7273, 0.7273, 0.5455 of
     * its 2 TEU. Arriving Alpha, Beta, Gamma:
     *   {Alpha}:  0.73 TEU, no tier; Alpha's 40GP 2,600: 727.27 x 2,600 / 2,000 = 945.45
     *   {A, B}:   1.45 TEU, no tier; Beta's 2,400:      1,454.55 x 2,400 / 2,000 = 1,745.45
     *   {A, B, C}: 2 TEU reach the tier:                2,000.00 x 2,000 / 2,000 = 2,000
     * Gamma first: no quote of its own and no tier, so the dearest 40GP row
     * anyone holds (Alpha's 2,600) stands in: 545.45 x 2,600 / 2,000 = 709.09. */
    struct fixture f;
    setup(&f, 0);
    struct cf_error err;
    cf_error_clear(&err);
    size_t order[3] = {0, 1, 2};
    double cost[3] = {-1, -1, -1};
    /* before the build: all 0 */
    cr_assert_eq(cf_coalition_lane_proxy_order(f.co, 0, order, 3, cost), 0);
    cr_expect(cost[0] == 0.0 && cost[2] == 0.0);
    struct cf_coalition_plan p;
    unsigned char all[3] = {1, 1, 1};
    cr_assert_eq(cf_coalition_plan(f.co, all, &p, &err), CF_OK, "%s", err.message);
    cr_assert_eq(cf_coalition_proxy_build(f.co, &p.plan, &err), CF_OK, "%s", err.message);
    cf_coalition_plan_free(&p);
    cr_assert_eq(cf_coalition_lane_proxy_order(f.co, 0, order, 3, cost), 0);
    cr_expect_float_eq(cost[0], 2000.0 * 12.0 / 33.0 * 1.3, 1e-6);
    cr_expect_float_eq(cost[1], 2000.0 * 24.0 / 33.0 * 1.2, 1e-6);
    cr_expect_float_eq(cost[2], 2000.0, 1e-6);
    size_t gamma_first[3] = {2, 0, 1};
    cr_assert_eq(cf_coalition_lane_proxy_order(f.co, 0, gamma_first, 3, cost), 0);
    cr_expect_float_eq(cost[0], 2000.0 * 9.0 / 33.0 * 1.3, 1e-6);
    cr_expect_float_eq(cost[1], 2000.0 * 21.0 / 33.0 * 1.3, 1e-6); /* Gamma and Alpha: Alpha's 2,600 */
    cr_expect_float_eq(cost[2], 2000.0, 1e-6);
    teardown(&f);
}
