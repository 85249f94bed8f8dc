/* test_nucleolus.c — the nucleolus (solver/nucleolus.c) against the published
 * nucleoli that Guajardo & Jörnsten collected to show common mistakes in
 * computing it: "Common mistakes in computing the nucleolus", European Journal
 * of Operational Research 241(3), 2015, 931-935 (the same games and figures
 * are the test suite of A. Churkin's Nucleolus.jl). Games given as gains v
 * are entered as cost games c = -v, whose nucleolus is minus that of v. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "helpers.h"
#include "models/rng.h"
#include "solver/allocate.h"

static const char *const names[] = {"P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"};

/* cost[S] indexed by bit set S (bit 0 = player 1). */
static void nucleolus_of(size_t n, const double *cost, double *x)
{
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_game *game = NULL;
    cr_assert_eq(cf_game_from_table(n, names, cost, &game, &err), CF_OK, "%s", err.message);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    int rc = cf_nucleolus(game, &opts, x, &err);
    cr_assert_eq(rc, CF_OK, "%s", err.message);
    cf_game_free(game);
}

Test(nucleolus, lemaire_1991_three_investors)
{
    /* Lemaire (1991), "Cooperative game theory and its insurance applications",
     * ASTIN Bulletin 21(1): gains v(1)=46125, v(2)=17437.5, v(3)=5812.5,
     * v(12)=69187.5, v(13)=53812.5, v(23)=30750, v(123)=90000. Published
     * nucleolus (G&J 2015, Example 1): 52687.5, 24468.75, 12843.75. */
    const double cost[8] = {0, -46125, -17437.5, -69187.5, -5812.5, -53812.5, -30750, -90000};
    const double want[3] = {-52687.5, -24468.75, -12843.75};
    double x[3];
    nucleolus_of(3, cost, x);
    cf_expect_values(3, x, want, 1e-6);
}

Test(nucleolus, hasan_2011_broadcast_cost_game)
{
    /* Hasan et al. (2011), mobiles in broadcast transmission, a 4-player cost
     * game: c(1)=8 c(2)=1 c(3)=10 c(4)=11 c(12)=8 c(13)=10 c(14)=19 c(23)=10
     * c(24)=12 c(34)=12 c(123)=10 c(124)=19 c(134)=20 c(234)=13 c(1234)=20.
     * Published nucleolus (G&J 2015, Example 2): 7.5, 0.5, 1.5, 10.5. */
    const double cost[16] = {0, 8, 1, 8, 10, 10, 10, 10, 11, 19, 12, 19, 12, 20, 13, 20};
    const double want[4] = {7.5, 0.5, 1.5, 10.5};
    double x[4];
    nucleolus_of(4, cost, x);
    cf_expect_values(4, x, want, 1e-7);
}

Test(nucleolus, oh_shin_2012_manufacturing_cost_game)
{
    /* Oh & Shin (2012), manufacturing cost game: c(1)=375144 c(2)=245280
     * c(3)=211239 c(12)=568232 c(13)=551055 c(23)=452411 c(123)=772500.
     * Published nucleolus (G&J 2015, Example 3): 331695.25, 233051.25, 207753.5. */
    const double cost[8] = {0, 375144, 245280, 568232, 211239, 551055, 452411, 772500};
    const double want[3] = {331695.25, 233051.25, 207753.5};
    double x[3];
    nucleolus_of(3, cost, x);
    cf_expect_values(3, x, want, 1e-6);
}

Test(nucleolus, sakawa_2001_five_player_production_game)
{
    /* Sakawa, Nishizaki & Uemura (2001), production and transportation
     * planning, 5-player gains game, entered by bit set (G&J list it in
     * lexicographic order: v(1)=0.060, v(12)=0.378, ..., v(5)=0). Published
     * nucleolus (G&J 2015, Example 4): 0.165, 0.3205, 0.0845, 0.3745, 0.0555,
     * which takes several LP rounds to find. */
    const double cost[32] = {0,      -0.06,  -0.168, -0.378, -0.03,  -0.144, -0.337, -0.536,
                             -0.249, -0.408, -0.538, -0.747, -0.383, -0.546, -0.706, -0.906,
                             0,      -0.182, -0.279, -0.485, -0.083, -0.255, -0.379, -0.573,
                             -0.386, -0.561, -0.668, -0.874, -0.473, -0.634, -0.801, -1};
    const double want[5] = {-0.165, -0.3205, -0.0845, -0.3745, -0.0555};
    double x[5];
    nucleolus_of(5, cost, x);
    cf_expect_values(5, x, want, 1e-9);
}

Test(nucleolus, airport_game_by_hand)
{
    /* A 3-player airport game (Littlechild & Owen 1973): runway segments cost
     * 6, 6 and 30, so c(1)=6, c(2)=12, c(3)=42 and c(S) = the longest runway
     * in S: c(12)=12, c(13)=c(23)=c(123)=42. By hand: excesses are
     * e1 = 6-x1, e23 = x1, so x1 = 3 (both 3); then e2 = 12-x2, e13 = x2 and
     * e12 = 12-x1-x2 = 9-x2 give x2 = 4.5; x3 = 42-3-4.5 = 34.5. Littlechild
     * (1974) shows the airport nucleolus splits each segment this way. */
    const double cost[8] = {0, 6, 12, 12, 42, 42, 42, 42};
    const double want[3] = {3, 4.5, 34.5};
    double x[3];
    nucleolus_of(3, cost, x);
    cf_expect_values(3, x, want, 1e-9);
}

Test(nucleolus, more_than_sixteen_players_is_refused)
{
    struct cf_error err;
    cf_error_clear(&err);
    size_t n = 17;
    double *cost = calloc((size_t)1 << n, sizeof *cost);
    cr_assert_not_null(cost);
    const char *many[17];
    for (size_t i = 0; i < n; i++)
        many[i] = "F";
    struct cf_game *game = NULL;
    cr_assert_eq(cf_game_from_table(n, many, cost, &game, &err), CF_OK);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    double x[17];
    cr_expect_eq(cf_nucleolus(game, &opts, x, &err), CF_ERR_DATA);
    cr_expect_str_eq(err.message, "nucleolus: computed over every coalition, up to 16 "
                                  "players; this game has 17 (use shapley, which samples beyond 12)");
    cr_expect_eq(cf_game_oracle_calls(game), 0);
    cf_game_free(game);
    free(cost);
}

/* --- the defining property, on games without a published answer --- */

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorted excesses c(S) - x(S) of the proper coalitions, ascending. */
static void sorted_excesses(size_t n, const double *cost, const double *x, double *out)
{
    size_t grand = ((size_t)1 << n) - 1;
    for (size_t s = 1; s < grand; s++) {
        double paid = 0.0;
        for (size_t i = 0; i < n; i++)
            if ((s >> i) & 1u)
                paid += x[i];
        out[s - 1] = cost[s] - paid;
    }
    qsort(out, grand - 1, sizeof *out, by_value);
}

static void no_better_imputation_nearby(size_t n, uint64_t seed)
{
    /* c(S) = sqrt(sum of random weights) * 10 + a random fixed cost per
     * coalition size: irregular, so the nucleolus needs several rounds */
    struct cf_rng rng;
    cf_rng_seed(&rng, seed);
    double w[8], fixed[9];
    for (size_t i = 0; i < n; i++)
        w[i] = 1.0 + 99.0 * cf_rng_uniform(&rng);
    for (size_t k = 0; k <= n; k++)
        fixed[k] = 5.0 * cf_rng_uniform(&rng);
    size_t count = (size_t)1 << n;
    double *cost = calloc(count, sizeof *cost);
    double *ex = malloc(count * sizeof *ex), *ey = malloc(count * sizeof *ey);
    cr_assert(cost != NULL && ex != NULL && ey != NULL);
    for (size_t s = 1; s < count; s++) {
        double total = 0.0;
        int size = 0;
        for (size_t i = 0; i < n; i++)
            if ((s >> i) & 1u) {
                total += w[i];
                size++;
            }
        cost[s] = 10.0 * sqrt(total) + fixed[size] + 3.0 * cf_rng_uniform(&rng);
    }
    double x[8], y[8];
    nucleolus_of(n, cost, x);
    sorted_excesses(n, cost, x, ex);
    /* any imputation y near x (x_i <= c({i}), same total) must have a
     * lexicographically smaller sorted excess vector, or the same one */
    for (int trial = 0; trial < 4000; trial++) {
        double scale = trial % 2 ? 1e-4 : 0.5;
        double sum = 0.0;
        for (size_t i = 0; i + 1 < n; i++) {
            y[i] = x[i] + scale * (2.0 * cf_rng_uniform(&rng) - 1.0);
            sum += y[i] - x[i];
        }
        y[n - 1] = x[n - 1] - sum;
        int imputation = 1;
        for (size_t i = 0; i < n; i++)
            if (y[i] > cost[(size_t)1 << i])
                imputation = 0;
        if (!imputation)
            continue;
        sorted_excesses(n, cost, y, ey);
        for (size_t k = 0; k + 2 < count; k++)
            if (fabs(ex[k] - ey[k]) > 1e-9) {
                cr_assert(ex[k] > ey[k], "n=%zu trial %d: excess #%zu of y %.12f beats x's %.12f", n, trial,
                          k, ey[k], ex[k]);
                break;
            }
    }
    free(cost);
    free(ex);
    free(ey);
}

Test(nucleolus, no_better_imputation_nearby)
{
    no_better_imputation_nearby(4, 11);
    no_better_imputation_nearby(6, 12);
    no_better_imputation_nearby(8, 13);
}
