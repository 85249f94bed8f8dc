/* test_propose.c — suite propose: the cluster-rate figures of domain.md
 * "Cluster rate (propose)" (solver/propose.h) on tiny one-lane clusters in
 * tests/data/savings/, and `clusterfreight propose` end to end. */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "models/loaders.h"
#include "solver/propose.h"

#define DATA CF_TEST_DATA "/savings/"

struct fixture {
    struct cf_catalogue cat;
    struct cf_fx fx;
    struct cf_shipments ships;
    struct cf_quotes quotes;
    struct cf_proposal p;
};

static void run(struct fixture *f, const char *shipments, const char *quotes)
{
    memset(f, 0, sizeof *f);
    struct cf_error err;
    cr_assert_eq(cf_catalogue_init_builtin(&f->cat, &err), CF_OK);
    cr_assert_eq(cf_fx_init(&f->fx, "USD", &err), CF_OK);
    struct cf_source src;
    cr_assert_eq(cf_source_open_file(&src, shipments, &err), CF_OK, "%s", err.message);
    cr_assert_eq(cf_load_shipments(&src, &f->ships, &err), CF_OK, "%s", err.message);
    cf_source_close(&src);
    cr_assert_eq(cf_source_open_file(&src, quotes, &err), CF_OK, "%s", err.message);
    struct cf_quote_opts opts = {&f->fx, &f->cat, 0};
    cr_assert_eq(cf_load_quotes(&src, &opts, &f->quotes, &err), CF_OK, "%s", err.message);
    cf_source_close(&src);
    struct cf_propose_input in = {&f->ships, &f->quotes, NULL, &f->cat, 0.90, 5.0, CF_DATE_NONE, NULL, NULL,
                                  NULL, NULL, NULL, 0, CF_PLAN_OPTIMAL, 0.0};
    cr_assert_eq(cf_propose(&in, &f->p, &err), CF_OK, "%s", err.message);
}

static void done(struct fixture *f)
{
    cf_proposal_free(&f->p);
    cf_quotes_free(&f->quotes);
    cf_shipments_free(&f->ships);
    cf_fx_free(&f->fx);
    cf_catalogue_free(&f->cat);
}

Test(propose, fit_recovers_a_power_law)
{
    /* rate = 1000 x v^-0.2 at v = 1, 2, 4, 8: log rate = log 1000 - 0.2 log v exactly */
    double v[4] = {1, 2, 4, 8}, r[4];
    for (int i = 0; i < 4; i++)
        r[i] = 1000.0 * pow(v[i], -0.2);
    double a = 0, b = 0;
    cr_assert_eq(cf_propose_fit(v, r, 4, &a, &b), 0);
    cr_expect_float_eq(b, -0.2, 1e-12);
    cr_expect_float_eq(a, log(1000.0), 1e-12);
    /* equal volumes: no slope, a = mean log rate = log sqrt(1000 x 1210) */
    double same[2] = {5, 5}, rr[2] = {1000, 1210};
    cr_assert_eq(cf_propose_fit(same, rr, 2, &a, &b), 0);
    cr_expect_eq(b, 0.0);
    cr_expect_float_eq(a, 0.5 * (log(1000.0) + log(1210.0)), 1e-12);
    cr_expect_eq(cf_propose_fit(v, r, 0, &a, &b), -1);
}

Test(propose, two_quoting_firms_target_the_best_observed_rate)
{
    /* tests/data/savings/shipments.csv and quotes.csv (test_coalition.c's header):
     * priced at the lowest quote any member holds, the 30 m3 pool goes in one
     * 40GP at Beta's 2,400 (two 20GP at Alpha's 1,500 cost 3,000): 2 TEU.
     * current_spend = standalone 1,500 + 1,800 + 1,650 (Gamma's median stand-in) = 4,950
     * revenue_neutral = 4,950 / 2 = 2,475
     * best_observed = min(1,500/1, 2,600/2, 1,800/1, 2,400/2) = 1,200
     * usage TEU shares: 2 x 12/33, 2 x 12/33, 2 x 9/33 = 0.7273, 0.7273, 0.5455
     * break_even = min(1,500/0.7273, 1,800/0.7273, 1,650/0.5455) = min(2,062.5, 2,475, 3,025) = 2,062.5
     * 2 firms quote (< 3): target = best_observed = 1,200
     * cost_at_target: the box at 1,200 x 2 = 2,400 split 12:12:9 = 872.7272,
     *   872.7272, 654.5454 -> cents 872.72 + 872.72 + 654.54 = 2,399.98, two
     *   cents to the largest remainders (.72, .72): 872.73, 872.73, 654.54 */
    struct fixture f;
    run(&f, DATA "shipments.csv", DATA "quotes.csv");
    cr_assert_eq(f.p.nlanes, 1);
    const struct cf_propose_lane *l = &f.p.lanes[0];
    cr_expect_str_eq(l->origin, "ZADUR");
    cr_expect_str_eq(l->destination, "DEHAM");
    cr_expect_float_eq(l->consolidated_teu, 2.0, 1e-12);
    cr_expect_eq(l->current_spend, 495000);
    cr_expect_float_eq(l->revenue_neutral_rate, 2475.0, 1e-9);
    cr_expect_float_eq(l->best_observed_rate, 1200.0, 1e-9);
    cr_expect_float_eq(l->break_even_rate, 2062.5, 1e-9);
    cr_expect_eq(l->quoting_firms, 2);
    cr_expect_float_eq(l->target_rate, 1200.0, 1e-9);
    cr_assert_eq(l->nmembers, 3);
    const cf_cents_t standalone[3] = {150000, 180000, 165000}, at[3] = {87273, 87273, 65454};
    for (size_t m = 0; m < 3; m++) {
        cr_expect_eq(l->members[m].standalone_cost, standalone[m], "member %zu", m);
        cr_expect_eq(l->members[m].cost_at_target, at[m], "member %zu", m);
        cr_expect_eq(l->members[m].savings, standalone[m] - at[m]);
    }
    /* planning period 2026-03-02 .. 2026-05-30 inclusive: 90 days */
    cr_expect_float_eq(f.p.period_days, 90.0, 1e-12);
    done(&f);
}

Test(propose, three_quoting_firms_fit_clamped_to_break_even)
{
    /* propose_shipments.csv: 14 m3 shipments, two to a 20GP (29.88 m3 usable):
     * Alpha 1, Beta 3, Gamma 7, Delta 1. Quotes per 20GP: Alpha 1,000, Beta
     * 1,250, Gamma 1,562.5, Delta none (median 1,250 stands in).
     * Standalone: Alpha 1 box 1,000; Beta 2 boxes 2,500; Gamma 4 boxes 6,250;
     *   Delta 1 box 1,250. current_spend = 11,000.
     * Pool: 12 shipments in 6 boxes at Alpha's 1,000: consolidated_teu 6;
     *   revenue_neutral = 11,000 / 6 = 1,833.33; best_observed = 1,000.
     * Usage TEU shares (half a box per shipment): 0.5, 1.5, 3.5, 0.5; break_even =
     *   min(1,000/0.5, 2,500/1.5, 6,250/3.5, 1,250/0.5) = 1,666.67 (Beta).
     * Fit over (annual TEU, rate): volumes 1, 2, 4 TEU x 365/90, rates x1.25 per
     *   doubling: b = log 1.25 / log 2 = 0.321928; at the pool (6 TEU x 365/90)
     *   the fit is 1,000 x 6^0.321928 = 1,780.36, above the ceiling: target = the
     *   ceiling cut to the cent below, 1,666.66 (at 1,666.67 Beta would pay
     *   3 x 833.335 = 2,500.005, half a cent more than alone). */
    struct fixture f;
    run(&f, DATA "propose_shipments.csv", DATA "propose_quotes.csv");
    cr_assert_eq(f.p.nlanes, 1);
    const struct cf_propose_lane *l = &f.p.lanes[0];
    cr_expect_float_eq(l->consolidated_teu, 6.0, 1e-12);
    cr_expect_eq(l->current_spend, 1100000);
    cr_expect_float_eq(l->revenue_neutral_rate, 11000.0 / 6.0, 1e-9);
    cr_expect_float_eq(l->best_observed_rate, 1000.0, 1e-9);
    cr_expect_float_eq(l->break_even_rate, 2500.0 / 1.5, 1e-9);
    cr_expect_eq(l->quoting_firms, 3);
    cr_expect_eq(l->fit_points, 3);
    cr_expect_float_eq(l->fit_b, log(1.25) / log(2.0), 1e-9);
    cr_expect_float_eq(l->fitted_rate, 1000.0 * pow(6.0, log(1.25) / log(2.0)), 1e-6);
    cr_expect_float_eq(l->consolidated_teu_annual, 6.0 * 365.0 / 90.0, 1e-9);
    cr_expect_float_eq(l->target_rate, 1666.66, 1e-9);
    /* six boxes at 1,666.66, split in halves: 9,999.96 in all. Exact shares,
     * rounded once per member (domain.md: largest remainder): Alpha 0.5 x
     * 1,666.66 = 833.33, Beta 1.5 x = 2,499.99, Gamma 3.5 x = 5,833.31, Delta
     * 833.33, all whole cents; Beta saves 0.01 at the ceiling. Rounding each
     * half box instead gave the spare half cents to whichever shipment came
     * first. */
    const cf_cents_t at[4] = {83333, 249999, 583331, 83333};
    const char *const names[4] = {"Alpha", "Beta", "Gamma", "Delta"};
    cr_assert_eq(l->nmembers, 4);
    cf_cents_t sum = 0;
    for (size_t m = 0; m < l->nmembers; m++) {
        cr_expect_str_eq(l->members[m].firm, names[m]);
        cr_expect_eq(l->members[m].cost_at_target, at[m], "member %zu", m);
        sum += l->members[m].cost_at_target;
    }
    cr_expect_eq(sum, 6 * 166666);
    done(&f);
}

#define ARGS "--shipments " DATA "propose_shipments.csv --quotes " DATA "propose_quotes.csv"

Test(propose, json_has_the_interface_fields)
{
    struct cf_run r = cf_run_cli("propose " ARGS " --format json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    static const char *const fields[] = {"\"currency\"", "\"lanes\"", "\"consolidated_teu\"", "\"current_spend\"",
                                         "\"best_observed_rate\"", "\"revenue_neutral_rate\"",
                                         "\"break_even_rate\"", "\"target_rate\"", "\"members\"",
                                         "\"standalone_cost\"", "\"cost_at_target\"", "\"savings\""};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        cr_expect_not_null(strstr(r.out, fields[i]), "missing %s", fields[i]);
    cr_expect_not_null(strstr(r.out, "\"target_rate\":\t1666.66"), "%s", r.out);
    cf_run_free(&r);
}

Test(propose, markdown_names_no_member_unless_named)
{
    char path[] = "/tmp/cf_proposal_XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    struct cf_run r = cf_run_cli("propose " ARGS " --format json -o %s", path);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cf_run_free(&r);
    char *md = cf_read_file(path, NULL);
    cr_assert_not_null(md);
    cr_expect_not_null(strstr(md, "ZADUR → DEHAM"));
    cr_expect_not_null(strstr(md, "1,666.66"), "%s", md); /* the asking rate */
    static const char *const names[] = {"Alpha", "Beta", "Gamma", "Delta"};
    for (size_t i = 0; i < 4; i++)
        cr_expect_null(strstr(md, names[i]), "%s named: %s", names[i], md);
    free(md);
    r = cf_run_cli("propose " ARGS " --format json --named -o %s", path);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cf_run_free(&r);
    md = cf_read_file(path, NULL);
    cr_assert_not_null(md);
    for (size_t i = 0; i < 4; i++)
        cr_expect_not_null(strstr(md, names[i]), "%s not named", names[i]);
    free(md);
    unlink(path);
}

Test(propose, named_markdown_escapes_names)
{
    /* propose_*.csv with three firms renamed to hold what Markdown and HTML
     * read as syntax: the table must keep its two columns and no tag may get
     * through; the TEU a year are those of Alpha, Beta, Gamma and Delta in
     * markdown_names_no_member_unless_named (same shipments) */
    char *ships = cf_read_file(DATA "propose_shipments.csv", NULL);
    char *quotes = cf_read_file(DATA "propose_quotes.csv", NULL);
    cr_assert_not_null(ships);
    cr_assert_not_null(quotes);
    static const char *const from[] = {"Alpha", "Beta", "Gamma"};
    static const char *const to[] = {"\"A|B <script>alert(1)</script>\"", "\"Be*ta_ `x` & [c]\"", "\"G\\amma~\""};
    char *texts[2] = {ships, quotes};
    for (size_t t = 0; t < 2; t++)
        for (size_t k = 0; k < 3; k++) {
            char *hit;
            while ((hit = strstr(texts[t], from[k])) != NULL) {
                size_t head = (size_t)(hit - texts[t]), tail = strlen(hit + strlen(from[k]));
                char *grown = malloc(head + strlen(to[k]) + tail + 1);
                cr_assert_not_null(grown);
                memcpy(grown, texts[t], head);
                strcpy(grown + head, to[k]);
                strcat(grown, hit + strlen(from[k]));
                free(texts[t]);
                texts[t] = grown;
            }
        }
    char sp[256];
    snprintf(sp, sizeof sp, "%s", cf_temp_file(texts[0], ".csv"));
    const char *qp = cf_temp_file(texts[1], ".csv");
    char path[] = "/tmp/cf_proposal_XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    struct cf_run r = cf_run_cli("propose --shipments %s --quotes %s --format json --named -o %s", sp, qp, path);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cf_run_free(&r);
    char *md = cf_read_file(path, NULL);
    cr_assert_not_null(md);
    const char *table = strstr(md, "| member |");
    cr_assert_not_null(table, "%s", md);
    cr_expect_str_eq(table, "| member | TEU a year shipped alone |\n"
                            "| --- | ---: |\n"
                            "| A\\|B &lt;script&gt;alert(1)&lt;/script&gt; | 4.1 |\n"
                            "| Be\\*ta\\_ \\`x\\` &amp; \\[c\\] | 8.1 |\n"
                            "| G\\\\amma\\~ | 16.2 |\n"
                            "| Delta | 4.1 |\n");
    cr_expect_null(strstr(md, "<script"));
    free(md);
    free(texts[0]);
    free(texts[1]);
    unlink(path);
}

Test(propose, revenue_neutral_counts_what_ocean_carriers_earn)
{
    /* three firms, each with one 25 m3 shipment that fills a 20GP alone
     * (2,000; no two fit one box) and one parcel due in six days, which only
     * air reaches: max(100 kg, 1 m3 x 166.67) x 5.00 = 833.33. Today the
     * ocean carriers earn 3 x 2,000 on 3 TEU, so revenue-neutral is 2,000.00
     * per TEU; it used to divide the air freight too (8,499.99 / 3 =
     * 2,833.33), a rate no carrier earns. current_spend_all_modes keeps the
     * whole 8,499.99; break-even (2,833.33 - 833.33) / 1 TEU = 2,000.00. */
    char sp[256];
    snprintf(sp, sizeof sp, "%s",
             cf_temp_file("id,firm,origin,destination,volume_m3,weight_kg,ready_date,due_date\n"
                          "A1,Alpha,ZADUR,DEHAM,25,5000,2027-01-04,2027-03-01\n"
                          "A2,Alpha,ZADUR,DEHAM,1,100,2027-01-04,2027-01-10\n"
                          "B1,Beta,ZADUR,DEHAM,25,5000,2027-01-04,2027-03-01\n"
                          "B2,Beta,ZADUR,DEHAM,1,100,2027-01-04,2027-01-10\n"
                          "G1,Gamma,ZADUR,DEHAM,25,5000,2027-01-04,2027-03-01\n"
                          "G2,Gamma,ZADUR,DEHAM,1,100,2027-01-04,2027-01-10\n",
                          ".csv"));
    const char *qp = cf_temp_file("firm,mode,origin,destination,equipment,amount,currency,transit_days\n"
                                  "Alpha,sea,ZADUR,DEHAM,20GP,2000,USD,28\n"
                                  "Alpha,air,ZADUR,DEHAM,AIR,5,USD,3\n"
                                  "Beta,sea,ZADUR,DEHAM,20GP,2000,USD,28\n"
                                  "Beta,air,ZADUR,DEHAM,AIR,5,USD,3\n"
                                  "Gamma,sea,ZADUR,DEHAM,20GP,2000,USD,28\n"
                                  "Gamma,air,ZADUR,DEHAM,AIR,5,USD,3\n",
                                  ".csv");
    struct cf_run r = cf_run_cli("propose --shipments %s --quotes %s --format json", sp, qp);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cJSON *doc = cJSON_Parse(r.out);
    cr_assert_not_null(doc);
    cJSON *lane = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "lanes"), 0);
    cr_assert_not_null(lane);
    cr_expect_float_eq(cJSON_GetObjectItem(lane, "consolidated_teu")->valuedouble, 3.0, 1e-9);
    cr_expect_float_eq(cJSON_GetObjectItem(lane, "current_spend")->valuedouble, 6000.00, 1e-6);
    cr_expect_float_eq(cJSON_GetObjectItem(lane, "current_spend_all_modes")->valuedouble, 8499.99, 1e-6);
    cr_expect_float_eq(cJSON_GetObjectItem(lane, "revenue_neutral_rate")->valuedouble, 2000.00, 1e-6);
    cr_expect_float_eq(cJSON_GetObjectItem(lane, "break_even_rate")->valuedouble, 2000.00, 1e-6);
    cJSON *m = cJSON_GetArrayItem(cJSON_GetObjectItem(lane, "members"), 0);
    cr_expect_float_eq(cJSON_GetObjectItem(m, "standalone_cost")->valuedouble, 2833.33, 1e-6);
    cJSON_Delete(doc);
    cf_run_free(&r);
}

Test(propose, lane_filter)
{
    struct cf_run r = cf_run_cli("propose " ARGS " --lane ZADUR-DEHAM --format csv");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_not_null(strstr(r.out, "ZADUR-DEHAM,Gamma,"), "%s", r.out);
    cf_run_free(&r);
    r = cf_run_cli("propose " ARGS " --lane ZADUR-USNYC");
    cr_expect_eq(r.status, 65);
    cr_expect_str_eq(r.err, "clusterfreight: --lane: no sea lane ZADUR-USNYC with pooled containers and a member's "
                            "sea quote\n");
    cf_run_free(&r);
    r = cf_run_cli("propose " ARGS " --lane DURBAN");
    cr_expect_eq(r.status, 2);
    cf_run_free(&r);
}

Test(propose, ceiling_below_the_floor_is_said)
{
    /* below_floor_*.csv (a generated 3-firm lane, every plan optimal):
     * Umbilo alone ships 66.5 m3 in one 40HC at 2,248. Its 40GP quote,
     * 2,150 = 1,075 a TEU, is the best observed rate (the floor). In the pool
     * one 40-foot box carries part of each firm's cargo (revenue-ton shares
     * 1.716, 0.182 and 0.102 TEU) and some of Umbilo's goes LCL, so Umbilo
     * breaks even at 1,020.01 a TEU, below the floor. The target never goes
     * under the floor, so at it Umbilo pays 94.36 more than alone: the
     * table says so under the lanes, and the JSON counts it. (Its exact
     * share at the target is 2,342.3559; Bayhead's 573.1684 and Prospecton's
     * 110.1757 floor to 3,025.68, and the two cents left go to the largest
     * remainders, Bayhead's and Umbilo's: 2,342.36 - 2,248.00 = 94.36.) */
    const char *args = "propose --shipments " DATA "below_floor_shipments.csv --quotes " DATA
                       "below_floor_quotes.csv";
    struct cf_run r = cf_run_cli("%s --format json", args);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_not_null(strstr(r.out, "\"best_observed_rate\":\t1075,"), "%s", r.out);
    cr_expect_not_null(strstr(r.out, "\"break_even_rate\":\t1020.01,"), "%s", r.out);
    cr_expect_not_null(strstr(r.out, "\"target_rate\":\t1075,"), "%s", r.out);
    cr_expect_not_null(strstr(r.out, "\"members_worse_off\":\t1,"), "%s", r.out);
    cr_expect_not_null(strstr(r.out, "\"savings\":\t-94.36,"), "%s", r.out);
    cf_run_free(&r);
    r = cf_run_cli("%s --format table", args);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_not_null(strstr(r.out, "\nZADUR-DEHAM: break-even 1,020.01 is below the best observed 1,075.00: at "
                                     "the target 1 member pays more than alone\n"),
                       "%s", r.out);
    cf_run_free(&r);
    /* where the ceiling is above the floor nobody is worse off, and nothing is said */
    r = cf_run_cli("propose " ARGS " --format table");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_null(strstr(r.out, "more than alone"), "%s", r.out);
    cf_run_free(&r);
}
