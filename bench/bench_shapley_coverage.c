/* bench_shapley_coverage.c — how honest the sampled Shapley value's
 * half-widths are on real lane games: each lane of a generated cluster with
 * 13 or 14 players (beyond the exact limit, small enough to list) has its
 * 2^n coalitions planned quick once (the whole lane in full, as `savings`
 * plans them), its exact Shapley value worked out from
 * them, and then RUNS seeds of the sampler run on that table (with the lane's
 * stand-in as the control variate, as `savings` does): how often the exact
 * value falls outside the 95 % interval (5 % if the half-widths are honest),
 * outside three half-widths, and the root mean square error against the mean
 * standard error the half-widths claim, and the root mean square error
 * itself (lower is a better sampler for the same orders), and the orders and
 * the coalitions a run asked (n a shared order, 2 a member's own: the cost
 * of reaching a target). MODE shared: SAMPLES orders shared by
 * every player (cf_shapley_sample_report); MODE target: the lane budget of
 * `savings` (shared pairs and members' own orders) to a TARGET % half-width.
 * Usage: bench_shapley_coverage DIR RUNS MODE SAMPLES|TARGET   (DIR from
 * clusterfreight generate --firms 14) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_cluster.h"
#include "models/money.h"
#include "solver/allocate.h"
#include "solver/game.h"
#include "solver/shapley_internal.h"

/* one lane: exact value, then runs of the sampler; prints its line */
static int lane_coverage(struct cf_lane_part *part, const char *name, int runs, int target_mode, double param,
                         struct cf_error *err)
{
    const char *names[CF_GAME_MAX_PLAYERS];
    static const char *const letters[] = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N"};
    for (size_t k = 0; k < part->n; k++)
        names[k] = letters[k];
    struct cf_game *oracle = NULL, *table = NULL, *whole = NULL;
    double *cost = NULL, exact[CF_GAME_MAX_PLAYERS], x[CF_GAME_MAX_PLAYERS], hw[CF_GAME_MAX_PLAYERS];
    int rc = cf_game_create(part->n, names, cf_coalition_lane_part_cost, part, &oracle, err);
    if (rc == CF_OK)
        rc = cf_game_cost_all(oracle, 2, &cost, err);
    if (rc == CF_OK) { /* the whole lane planned in full, the coalitions quick: as `savings` plans them */
        cf_coalition_set_quick(part->co, 0);
        uint64_t all = 0;
        for (size_t k = 0; k < part->n; k++)
            all |= (uint64_t)1 << part->global[k];
        cf_cents_t cents = 0;
        rc = cf_coalition_lane_cost_cents(part->co, part->lane, all, &cents, err);
        cost[((size_t)1 << part->n) - 1] = cf_money_units(cents);
        cf_coalition_set_quick(part->co, 1);
    }
    if (rc == CF_OK)
        rc = cf_game_from_table(part->n, names, cost, &table, err);
    if (rc == CF_OK)
        rc = cf_game_from_table(part->n, names, cost, &whole, err);
    if (rc != CF_OK)
        goto done;
    cf_game_set_proxy(table, cf_coalition_lane_part_proxy, part);
    cf_shapley_from_table(part->n, cost, exact);
    long out95 = 0, out3 = 0, seen = 0, perms = 0, asked = 0;
    double sq = 0.0, claimed = 0.0;
    for (int run = 1; run <= runs && rc == CF_OK; run++) {
        struct cf_alloc_opts opts;
        cf_alloc_opts_default(&opts);
        opts.seed = (uint64_t)run;
        opts.threads = 1;
        struct cf_shapley_report rep;
        if (target_mode) {
            opts.samples = 1000000;
            opts.target_half_width = param / 100.0;
            const cf_coalition_t members[1] = {cf_game_grand(whole)};
            rc = cf_shapley_by_parts(whole, 1, &table, members, &opts, x, hw, &rep, err);
        } else {
            opts.samples = (long)param;
            rc = cf_shapley_sample_report(table, &opts, x, hw, &rep, err);
        }
        perms += rep.permutations + rep.own_permutations;
        /* coalitions: n a shared order, 2 a member's own */
        asked += rep.permutations * (long)part->n + 2 * rep.own_permutations;
        for (size_t i = 0; rc == CF_OK && i < part->n; i++) {
            double se = hw[i] / 1.959963984540054, e = x[i] - exact[i];
            out95 += fabs(e) > hw[i];
            out3 += fabs(e) > 3.0 * hw[i];
            sq += e * e;
            claimed += se * se;
            seen++;
        }
    }
    if (rc == CF_OK)
        printf("%-14s %3zu players  outside 95%%: %5.1f %%  outside 3 hw: %4.1f %%  rmse / claimed: %.2f  "
               "rmse: %.2f  permutations a run: %ld  coalitions asked: %ld\n",
               name, part->n, 100.0 * (double)out95 / (double)seen, 100.0 * (double)out3 / (double)seen,
               sqrt(sq / claimed), sqrt(sq / (double)seen), perms / runs, asked / runs);
done:
    free(cost);
    cf_game_free(oracle);
    cf_game_free(table);
    cf_game_free(whole);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 5 || (strcmp(argv[3], "shared") != 0 && strcmp(argv[3], "target") != 0)) {
        fprintf(stderr, "usage: bench_shapley_coverage DIR RUNS shared|target SAMPLES|TARGET\n");
        return 2;
    }
    int runs = atoi(argv[2]), target_mode = strcmp(argv[3], "target") == 0;
    double param = atof(argv[4]);
    struct bench_cluster b;
    struct cf_coalition *co = NULL;
    struct cf_error err;
    cf_error_clear(&err);
    int rc = bench_cluster_load(&b, argv[1], "bench_shapley_coverage") == 0 ? CF_OK : CF_ERR_DATA;
    struct cf_coalition_input in = bench_cluster_input(&b, 0.02);
    if (rc == CF_OK)
        rc = cf_coalition_create(&in, &co, &err);
    struct cf_coalition_plan grand;
    memset(&grand, 0, sizeof grand);
    unsigned char all[CF_GAME_MAX_PLAYERS];
    memset(all, 1, sizeof all);
    if (rc == CF_OK)
        rc = cf_coalition_plan(co, all, &grand, &err);
    if (rc == CF_OK)
        rc = cf_coalition_proxy_build(co, &grand.plan, &err);
    if (rc == CF_OK)
        cf_coalition_set_quick(co, 1);
    for (size_t l = 0; rc == CF_OK && l < cf_coalition_nlanes(co); l++) {
        struct cf_lane_part part;
        cf_coalition_lane_part_init(co, l, &part);
        if (part.n <= CF_SHAPLEY_EXACT_MAX || part.n > 14)
            continue;
        char name[64];
        cf_coalition_lane_name(co, l, name, sizeof name);
        rc = lane_coverage(&part, name, runs, target_mode, param, &err);
    }
    if (rc != CF_OK)
        fprintf(stderr, "bench_shapley_coverage: %s\n", err.message);
    cf_coalition_plan_free(&grand);
    cf_coalition_free(co);
    bench_cluster_free(&b);
    return rc == CF_OK ? 0 : 1;
}
