/* test_core.c — the core check (solver/core.c): exact up to 12 players,
 * sampled beyond; the blocking coalition is the one that would pay most over
 * its own cost (domain.md, "Cost allocation"). */
#include <criterion/criterion.h>
#include <math.h>

#include "solver/allocate.h"

static const char *const names[] = {"A", "B", "C", "D", "E", "F", "G", "H",
                                    "I", "J", "K", "L", "M", "N"};

static struct cf_game *table_game(size_t n, const double *cost)
{
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_game *game = NULL;
    cr_assert_eq(cf_game_from_table(n, names, cost, &game, &err), CF_OK, "%s", err.message);
    return game;
}

Test(core, empty_core_game_is_unstable_with_its_blocking_pair)
{
    /* c(A)=c(B)=c(C)=10, every pair 12, c(ABC)=20. The core is empty: the
     * three pair constraints add up to 2 x(N) <= 36, but x(N) = 20. The
     * Shapley value is 20/3 each (symmetry), so every pair pays 13.33 > 12.
     * Rounded (largest remainder, the tie to the first) A and B pay 6.67,
     * C 6.66: the check is of those cents, so {A,B} blocks by 1.34, not by
     * the unrounded 1.33, and not only by rounding. */
    const double cost[8] = {0, 10, 10, 12, 10, 12, 12, 20};
    struct cf_game *game = table_game(3, cost);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    struct cf_error err;
    struct cf_allocation a;
    cr_assert_eq(cf_allocate(game, CF_RULE_SHAPLEY, &opts, &a, &err), CF_OK, "%s", err.message);
    cr_expect_eq(a.core.exact, 1);
    cr_expect_eq(a.core.stable, 0);
    cr_expect_eq(a.core.blocking, 3u, "blocking %llx", (unsigned long long)a.core.blocking);
    cr_expect(fabs(a.core.violation - 1.34) < 1e-9, "violation %g", a.core.violation);
    cr_expect_eq(a.core.rounding_only, 0);
    cf_allocation_free(&a);
    /* the equal profit method needs a core: it says so */
    cr_expect_eq(cf_allocate(game, CF_RULE_EPM, &opts, &a, &err), CF_ERR_DATA);
    cr_expect_str_eq(err.message, "epm: the core is empty: no allocation of c(N) keeps every coalition at "
                                  "or below its own cost, so the equal profit method is undefined");
    cf_allocation_free(&a);
    cf_game_free(game);
}

Test(core, blocking_coalition_is_the_largest_violation)
{
    /* x = (5, 5, 5) against c(A)=c(B)=c(C)=10, c(AB)=9, c(AC)=7, c(BC)=12,
     * c(ABC)=15: {A,B} pays 1 too much, {A,C} 3 too much: {A,C} blocks. */
    const double cost[8] = {0, 10, 10, 9, 10, 7, 12, 15};
    struct cf_game *game = table_game(3, cost);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    const double x[3] = {5, 5, 5};
    struct cf_core_check check;
    struct cf_error err;
    cr_assert_eq(cf_core_check(game, x, &opts, &check, &err), CF_OK);
    cr_expect_eq(check.stable, 0);
    cr_expect_eq(check.blocking, 5u); /* A and C */
    cr_expect(fabs(check.violation - 3.0) < 1e-12);
    cf_game_free(game);
}

Test(core, nucleolus_of_a_balanced_game_is_stable)
{
    /* Hasan et al. (2011) cost game (test_nucleolus.c): its nucleolus
     * (7.5, 0.5, 1.5, 10.5) meets every coalition's cost, {1,2} and {3,4}
     * with equality, which must not count as a violation. */
    const double cost[16] = {0, 8, 1, 8, 10, 10, 10, 10, 11, 19, 12, 19, 12, 20, 13, 20};
    struct cf_game *game = table_game(4, cost);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    struct cf_allocation a;
    struct cf_error err;
    cr_assert_eq(cf_allocate(game, CF_RULE_NUCLEOLUS, &opts, &a, &err), CF_OK, "%s", err.message);
    cr_expect_eq(a.core.exact, 1);
    cr_expect_eq(a.core.stable, 1);
    cr_expect_eq(a.core.blocking, 0u);
    cf_allocation_free(&a);
    cf_game_free(game);
}

/* 14 players sharing one facility: c(S) = 10 for every coalition, except
 * the pair {E, K} that can do with a smaller one costing 1. */
static int fourteen_cost(void *ctx, const unsigned char *in, double *cost, struct cf_error *err)
{
    (void)ctx;
    (void)err;
    int size = 0;
    for (int i = 0; i < 14; i++)
        size += in[i] != 0;
    *cost = size == 2 && in[4] && in[10] ? 1.0 : 10.0;
    return CF_OK;
}

Test(core, beyond_twelve_players_checks_structured_and_random_coalitions)
{
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_game *game = NULL;
    cr_assert_eq(cf_game_create(14, names, fourteen_cost, NULL, &game, &err), CF_OK);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    opts.core_random = 500;
    /* x_i = 10/14 each: {E,K} pays 20/14 = 1.43 > 1 and blocks by 3/7; any
     * other coalition pays at most x(N) = 10 = its cost. */
    double x[14];
    for (int i = 0; i < 14; i++)
        x[i] = 10.0 / 14;
    struct cf_core_check check;
    cr_assert_eq(cf_core_check(game, x, &opts, &check, &err), CF_OK, "%s", err.message);
    cr_expect_eq(check.exact, 0);
    cr_expect_eq(check.stable, 0);
    cr_expect_eq(check.blocking, ((cf_coalition_t)1 << 4) | ((cf_coalition_t)1 << 10));
    cr_expect(fabs(check.violation - 3.0 / 7) < 1e-9);
    /* structured: 14 singletons + 14 complements + 91 pairs, + N, + at most
     * 500 random ones: far fewer than the 16383 coalitions */
    size_t calls = cf_game_oracle_calls(game);
    cr_expect(calls >= 119 && calls <= 620, "oracle calls %zu", calls);

    /* E and K pay 0.5 each, the others 0.75: every coalition pays at most 10
     * (shares are >= 0 and add up to 10) and {E,K} pays 1: stable. */
    double y[14];
    for (int i = 0; i < 14; i++)
        y[i] = 0.75;
    y[4] = y[10] = 0.5;
    cr_assert_eq(cf_core_check(game, y, &opts, &check, &err), CF_OK);
    cr_expect_eq(check.stable, 1, "blocked by %llx by %g", (unsigned long long)check.blocking, check.violation);
    cr_expect_eq(check.exact, 0);
    cf_game_free(game);
}

Test(core, within_plan_gap_weighs_the_excess_against_what_a_better_plan_may_save)
{
    /* The pool plan costs 10,000.00 with a 1.5 % gap: a better plan may save up
     * to 150.00. A blocking excess of 120.00 is within it, 150.00 just within,
     * 150.01 not; a stable check is never "within". */
    struct cf_core_check core = {0, 0, 0x3u, 120.0, 0};
    cr_expect(cf_core_within_plan_gap(&core, 0.015, 10000.0));
    core.violation = 150.0;
    cr_expect(cf_core_within_plan_gap(&core, 0.015, 10000.0));
    core.violation = 150.01;
    cr_expect_not(cf_core_within_plan_gap(&core, 0.015, 10000.0));
    /* a proven optimal pool plan (gap 0) leaves no excess unexplained */
    core.violation = 0.01;
    cr_expect_not(cf_core_within_plan_gap(&core, 0.0, 10000.0));
    struct cf_core_check stable = {1, 1, 0, 0.0, 0};
    cr_expect_not(cf_core_within_plan_gap(&stable, 0.015, 10000.0));
}

/* 20 players, each with its own cost w_i: c(S) = sum of w_i, except that
 * a coalition of 4 to 7 holding A, B and C shares a facility and pays 30
 * less. Under x_i = w_i every other coalition pays exactly its cost and those
 * block by 30. None is a pair or a complement, and a random coalition of 2 to
 * 18 is one of them with probability 0.36 % (size s: s(s-1)(s-2) / 6840):
 * 40 random ones most likely miss, while the 1,000 a proxy screens hold some
 * 3.6 of them and it keeps the 20 with the largest excess. */
static const double twenty_own[20] = {11, 7, 13, 5, 9, 12, 8, 6, 14, 10, 4, 9, 15, 7, 11, 6, 8, 12, 10, 5};
#define ABC ((cf_coalition_t)7)

static int shares_the_facility(cf_coalition_t s)
{
    int size = __builtin_popcountll(s);
    return (s & ABC) == ABC && size >= 4 && size <= 7;
}

static double twenty_sum(cf_coalition_t s)
{
    double c = 0.0;
    for (int i = 0; i < 20; i++)
        if ((s >> i) & 1u)
            c += twenty_own[i];
    return shares_the_facility(s) ? c - 30.0 : c;
}

static int twenty_cost(void *ctx, const unsigned char *in, double *cost, struct cf_error *err)
{
    (void)ctx;
    (void)err;
    cf_coalition_t s = 0;
    for (int i = 0; i < 20; i++)
        if (in[i])
            s |= (cf_coalition_t)1 << i;
    *cost = twenty_sum(s);
    return CF_OK;
}

/* the proxy: the same costs, prefix by prefix */
static int twenty_proxy(void *ctx, const size_t *order, size_t n, double *cost)
{
    (void)ctx;
    cf_coalition_t s = 0;
    for (size_t k = 0; k < n; k++) {
        s |= (cf_coalition_t)1 << order[k];
        cost[k] = twenty_sum(s);
    }
    return 0;
}

Test(core, proxy_screens_random_coalitions_for_the_likeliest_to_block)
{
    static const char *const twenty[20] = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J",
                                           "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T"};
    struct cf_error err;
    cf_error_clear(&err);
    double x[20];
    for (int i = 0; i < 20; i++)
        x[i] = twenty_own[i];
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    opts.core_random = 40;
    struct cf_core_check check;
    for (int proxied = 0; proxied < 2; proxied++) {
        struct cf_game *game = NULL;
        cr_assert_eq(cf_game_create(20, twenty, twenty_cost, NULL, &game, &err), CF_OK);
        if (proxied)
            cf_game_set_proxy(game, twenty_proxy, NULL);
        double c = 0.0;
        cr_expect_eq(cf_game_proxy_available(game), proxied);
        cr_expect_eq(cf_game_proxy_cost(game, ABC | 8, &c), proxied ? 0 : -1);
        cr_assert_eq(cf_core_check(game, x, &opts, &check, &err), CF_OK, "%s", err.message);
        if (!proxied) {
            cr_expect_eq(check.stable, 1, "40 random coalitions found %llx", (unsigned long long)check.blocking);
        } else {
            cr_expect_float_eq(c, 11 + 7 + 13 + 5 - 30.0, 1e-9, "A, B, C, D share it");
            cr_expect_eq(check.stable, 0);
            cr_expect(shares_the_facility(check.blocking), "%llx", (unsigned long long)check.blocking);
            cr_expect_float_eq(check.violation, 30.0, 1e-9);
        }
        /* structured (20 + 20 + 190) and 40 random: screening adds no oracle call */
        cr_expect(cf_game_oracle_calls(game) <= 20 + 20 + 190 + 40 + 1, "%zu calls", cf_game_oracle_calls(game));
        cf_game_free(game);
    }
}
