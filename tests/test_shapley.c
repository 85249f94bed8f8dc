/* test_shapley.c — the Shapley value (solver/shapley.c), exact and sampled,
 * against published figures and hand calculations, and the game's cache
 * (solver/game.c): each coalition reaches the oracle once, even from threads. */
#include <criterion/criterion.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "solver/allocate.h"
#include "solver/clock.h"

static const char *const names[] = {"P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9", "P10"};

static void shapley_of(size_t n, const double *cost, double *x)
{
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_game *game = NULL;
    cr_assert_eq(cf_game_from_table(n, names, cost, &game, &err), CF_OK, "%s", err.message);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    int sampled = -1;
    double hw[10];
    cr_assert_eq(cf_shapley(game, &opts, x, hw, &sampled, &err), CF_OK, "%s", err.message);
    cr_expect_eq(sampled, 0);
    for (size_t i = 0; i < n; i++)
        cr_expect_eq(hw[i], 0.0);
    cf_game_free(game);
}

Test(shapley, three_players_by_hand)
{
    /* c(A)=10 c(B)=20 c(C)=30 c(AB)=24 c(AC)=34 c(BC)=44 c(ABC)=48.
     * phi_A = 1/3 c(A) + 1/6 (c(AB)-c(B)) + 1/6 (c(AC)-c(C)) + 1/3 (c(ABC)-c(BC))
     *       = 10/3 + 4/6 + 4/6 + 4/3 = 6;
     * phi_B = 20/3 + 14/6 + 14/6 + 14/3 = 16; phi_C = 48 - 6 - 16 = 26. */
    const double cost[8] = {0, 10, 20, 24, 30, 34, 44, 48};
    const double want[3] = {6, 16, 26};
    double x[3];
    shapley_of(3, cost, x);
    cf_expect_values(3, x, want, 1e-12);
}

Test(shapley, lemaire_1991_three_investors)
{
    /* Lemaire (1991), ASTIN Bulletin 21(1), the investors' gains game of the
     * R package GameTheory's ShapleyValue example: v(1)=46125 v(2)=17437.5
     * v(3)=5812.5 v(12)=69187.5 v(13)=53812.5 v(23)=30750 v(123)=90000, as
     * the cost game c = -v. Shapley value 51750, 25875, 12375; by hand
     * phi_1 = 46125/3 + 51750/6 + 48000/6 + 59250/3 = 51750. */
    const double cost[8] = {0, -46125, -17437.5, -69187.5, -5812.5, -53812.5, -30750, -90000};
    const double want[3] = {-51750, -25875, -12375};
    double x[3];
    shapley_of(3, cost, x);
    cf_expect_values(3, x, want, 1e-9);
}

Test(shapley, airport_taxi_game)
{
    /* The taxi-fare game of V. Knight's coopgt documentation ("Shapley
     * value: motivating example"), an airport game in the sense of
     * Littlechild & Owen (1973): c(1)=6 c(2)=12 c(3)=42, c(S) = the longest
     * leg in S. Published Shapley value (2, 5, 35): each leg is shared
     * equally by those who use it, 6/3; 6/3 + 6/2; 6/3 + 6/2 + 30. */
    const double cost[8] = {0, 6, 12, 12, 42, 42, 42, 42};
    const double want[3] = {2, 5, 35};
    double x[3];
    shapley_of(3, cost, x);
    cf_expect_values(3, x, want, 1e-12);
}

Test(shapley, barron_doctors_scheduling_game)
{
    /* Barron, "Game Theory: An Introduction" (2nd ed., Wiley 2013), problem
     * 5.19 (fair scheduling of four doctors), gains game: singletons 0,
     * v(12)=4 v(13)=4 v(23)=6 v(14)=3 v(24)=2 v(34)=2 v(123)=10 v(124)=7
     * v(134)=7 v(234)=8 v(1234)=13. Published Shapley value
     * (10/3, 23/6, 23/6, 2); entered as c = -v. */
    double cost[16] = {0};
    cost[3] = -4;   /* {1,2} */
    cost[5] = -4;   /* {1,3} */
    cost[6] = -6;   /* {2,3} */
    cost[9] = -3;   /* {1,4} */
    cost[10] = -2;  /* {2,4} */
    cost[12] = -2;  /* {3,4} */
    cost[7] = -10;  /* {1,2,3} */
    cost[11] = -7;  /* {1,2,4} */
    cost[13] = -7;  /* {1,3,4} */
    cost[14] = -8;  /* {2,3,4} */
    cost[15] = -13; /* N */
    const double want[4] = {-10.0 / 3, -23.0 / 6, -23.0 / 6, -2};
    double x[4];
    shapley_of(4, cost, x);
    cf_expect_values(4, x, want, 1e-12);
}

/* A 10-player game with both a shared-infrastructure part (the longest
 * runway of the coalition) and economies of scale (square root of volume). */
static double ten_player_cost(cf_coalition_t s)
{
    static const double runway[10] = {5, 9, 14, 3, 20, 7, 11, 2, 16, 8};
    static const double volume[10] = {40, 10, 90, 25, 60, 5, 70, 30, 15, 50};
    double longest = 0.0, total = 0.0;
    for (size_t i = 0; i < 10; i++)
        if ((s >> i) & 1u) {
            longest = fmax(longest, runway[i]);
            total += volume[i];
        }
    return longest + 4.0 * sqrt(total);
}

Test(shapley, sampled_lands_within_half_width_of_exact)
{
    double *cost = calloc(1024, sizeof *cost);
    cr_assert_not_null(cost);
    for (cf_coalition_t s = 1; s < 1024; s++)
        cost[s] = ten_player_cost(s);
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_game *game = NULL;
    cr_assert_eq(cf_game_from_table(10, names, cost, &game, &err), CF_OK);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    opts.samples = 2000;
    opts.seed = 42;
    double exact[10], est[10], hw[10], again[10], hw2[10];
    int sampled = -1;
    cr_assert_eq(cf_shapley(game, &opts, exact, NULL, &sampled, &err), CF_OK, "%s", err.message);
    cr_assert_eq(sampled, 0, "10 players: exact");
    cr_assert_eq(cf_shapley_sample(game, &opts, est, hw, &err), CF_OK, "%s", err.message);
    double sum = 0.0;
    for (size_t i = 0; i < 10; i++) {
        cr_expect(hw[i] > 0.0 && hw[i] < 0.1 * exact[i], "player %zu: half-width %g", i + 1, hw[i]);
        cr_expect(fabs(est[i] - exact[i]) <= hw[i], "player %zu: %.4f vs exact %.4f, half-width %.4f",
                  i + 1, est[i], exact[i], hw[i]);
        sum += est[i];
    }
    /* every sampled order adds up to c(N), so the estimate does too */
    cr_expect(fabs(sum - cost[1023]) < 1e-9, "sum %.12f vs c(N) %.12f", sum, cost[1023]);
    /* the same seed gives the same figures */
    cr_assert_eq(cf_shapley_sample(game, &opts, again, hw2, &err), CF_OK);
    for (size_t i = 0; i < 10; i++)
        cr_expect(again[i] == est[i] && hw2[i] == hw[i]);
    cf_game_free(game);
    free(cost);
}

/* --- the cache --- */

struct counting {
    atomic_int calls[1024];
    atomic_int total;
};

static int counting_cost(void *ctx, const unsigned char *in, double *cost, struct cf_error *err)
{
    (void)err;
    struct counting *c = ctx;
    cf_coalition_t s = 0;
    for (size_t i = 0; i < 10; i++)
        if (in[i])
            s |= (cf_coalition_t)1 << i;
    atomic_fetch_add(&c->calls[s], 1);
    atomic_fetch_add(&c->total, 1);
    *cost = ten_player_cost(s);
    return CF_OK;
}

struct asker {
    struct cf_game *game;
    int rc;
};

static void *ask_everything(void *arg)
{
    struct asker *a = arg;
    struct cf_error err;
    for (cf_coalition_t s = 1; s < 1024 && a->rc == CF_OK; s++) {
        double c;
        a->rc = cf_game_cost_set(a->game, s, &c, &err);
        if (a->rc == CF_OK && c != ten_player_cost(s))
            a->rc = -1;
    }
    return NULL;
}

Test(shapley, oracle_is_called_once_per_coalition)
{
    static struct counting counts; /* zero-initialised, too big for the stack */
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_game *game = NULL;
    cr_assert_eq(cf_game_create(10, names, counting_cost, &counts, &game, &err), CF_OK);
    /* four threads asking for every coalition while a 3-thread prefetch runs */
    struct asker askers[4];
    pthread_t ids[4];
    for (int t = 0; t < 4; t++) {
        askers[t] = (struct asker){game, CF_OK};
        cr_assert_eq(pthread_create(&ids[t], NULL, ask_everything, &askers[t]), 0);
    }
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    opts.threads = 3;
    double x[10];
    cr_assert_eq(cf_shapley(game, &opts, x, NULL, NULL, &err), CF_OK, "%s", err.message);
    for (int t = 0; t < 4; t++) {
        pthread_join(ids[t], NULL);
        cr_expect_eq(askers[t].rc, CF_OK);
    }
    /* 2^10 - 1 = 1023 non-empty coalitions, each computed exactly once */
    cr_expect_eq(atomic_load(&counts.total), 1023);
    cr_expect_eq(cf_game_oracle_calls(game), 1023);
    for (size_t s = 1; s < 1024; s++)
        cr_expect_eq(atomic_load(&counts.calls[s]), 1, "coalition %zu", s);
    cf_game_free(game);
}

static int failing_cost(void *ctx, const unsigned char *in, double *cost, struct cf_error *err)
{
    (void)ctx;
    *cost = 1.0;
    if (in[0] && in[1])
        return cf_error_set(err, CF_ERR_DATA, "oracle", 0, NULL, "no plan for this coalition");
    return CF_OK;
}

Test(shapley, oracle_error_comes_back)
{
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_game *game = NULL;
    cr_assert_eq(cf_game_create(3, names, failing_cost, NULL, &game, &err), CF_OK);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    double x[3];
    cr_expect_eq(cf_shapley(game, &opts, x, NULL, NULL, &err), CF_ERR_DATA);
    cr_expect_str_eq(err.message, "oracle: no plan for this coalition");
    cf_game_free(game);
}

/* --- stopping rules of the sampled value --- */

static struct cf_game *ten_player_game(double **cost_out)
{
    double *cost = calloc(1024, sizeof *cost);
    cr_assert_not_null(cost);
    for (cf_coalition_t s = 1; s < 1024; s++)
        cost[s] = ten_player_cost(s);
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_game *game = NULL;
    cr_assert_eq(cf_game_from_table(10, names, cost, &game, &err), CF_OK);
    *cost_out = cost;
    return game;
}

Test(shapley, target_half_width_stops_early_and_repeats)
{
    double *cost = NULL;
    struct cf_game *game = ten_player_game(&cost);
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    opts.samples = 1000000;
    opts.seed = 7;
    opts.target_half_width = 0.02; /* 2 % of each value */
    double exact[10], est[10], hw[10], again[10], hw2[10];
    cr_assert_eq(cf_shapley(game, &opts, exact, NULL, NULL, &err), CF_OK, "%s", err.message);
    struct cf_shapley_report rep;
    cr_assert_eq(cf_shapley_sample_report(game, &opts, est, hw, &rep, &err), CF_OK, "%s", err.message);
    cr_expect_eq(rep.sampled, 1);
    cr_expect_eq(rep.stop, CF_SHAPLEY_STOP_TARGET);
    cr_expect(rep.permutations >= 20 && rep.permutations < opts.samples, "%ld permutations", rep.permutations);
    cr_expect_eq(rep.permutations % 2, 0, "antithetic pairs");
    double sum = 0.0;
    for (size_t i = 0; i < 10; i++) {
        cr_expect(hw[i] <= 0.02 * fabs(est[i]), "player %zu: half-width %g of %g", i + 1, hw[i], est[i]);
        /* the target is checked on the estimate; 3 half-widths cover the
           exact value with room for the early stop's optimism */
        cr_expect(fabs(est[i] - exact[i]) <= 3.0 * hw[i], "player %zu: %.4f vs exact %.4f (hw %.4f)", i + 1,
                  est[i], exact[i], hw[i]);
        sum += est[i];
    }
    cr_expect(fabs(sum - cost[1023]) < 1e-9, "every order adds up to c(N)");
    /* the orders do not depend on when sampling stops: asking for exactly
       that many permutations, without a target, gives the same figures */
    struct cf_alloc_opts fixed = opts;
    fixed.samples = rep.permutations;
    fixed.target_half_width = 0.0;
    struct cf_shapley_report rep2;
    cr_assert_eq(cf_shapley_sample_report(game, &fixed, again, hw2, &rep2, &err), CF_OK, "%s", err.message);
    cr_expect_eq(rep2.stop, CF_SHAPLEY_STOP_SAMPLES);
    cr_expect_eq(rep2.permutations, rep.permutations);
    for (size_t i = 0; i < 10; i++)
        cr_expect(again[i] == est[i] && hw2[i] == hw[i], "player %zu", i + 1);
    cf_game_free(game);
    free(cost);
}

Test(shapley, time_cap_stops_and_says_so)
{
    double *cost = NULL;
    struct cf_game *game = ten_player_game(&cost);
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    opts.samples = 100000000;
    opts.time_cap_s = 1e-9; /* spent by the first batch */
    double est[10], hw[10];
    struct cf_shapley_report rep;
    cr_assert_eq(cf_shapley_sample_report(game, &opts, est, hw, &rep, &err), CF_OK, "%s", err.message);
    cr_expect_eq(rep.stop, CF_SHAPLEY_STOP_TIME);
    cr_expect(rep.permutations >= 20 && rep.permutations < 1000, "%ld permutations", rep.permutations);
    cr_expect_str_eq(cf_shapley_stop_name(rep.stop), "time");
    double sum = 0.0;
    for (size_t i = 0; i < 10; i++) {
        cr_expect(hw[i] > 0.0 && isfinite(hw[i]));
        sum += est[i];
    }
    cr_expect(fabs(sum - cost[1023]) < 1e-9);
    cf_game_free(game);
    free(cost);
}

/* Under the work clock the cap counts what sampling asked for: each
 * coalition planned at its game's cost hint (1.7 us a unit, over two
 * threads), each one asked at 0.1 us. A dear game (hint 1e5: 0.085 nominal
 * s a coalition) spends a 1 s cap in its first batch, whatever the machine,
 * and stops at the same place every run; a cheap one (hint 1: its 1,023
 * coalitions and 2,000 orders cost a few milliseconds) runs every sample
 * under the same cap. */
Test(shapley, the_work_clock_caps_the_coalitions_planned)
{
    cf_clock_use(CF_CLOCK_WORK);
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    opts.samples = 2000;
    opts.seed = 5;
    opts.time_cap_s = 1.0;
    double est[2][10], hw[10];
    struct cf_shapley_report rep[2];
    for (int run = 0; run < 2; run++) {
        double *cost = NULL;
        struct cf_game *game = ten_player_game(&cost); /* a fresh cache each run */
        cf_game_set_cost_hint(game, 1e5);
        cr_assert_eq(cf_shapley_sample_report(game, &opts, est[run], hw, &rep[run], &err), CF_OK, "%s",
                     err.message);
        cr_expect_eq(rep[run].stop, CF_SHAPLEY_STOP_TIME);
        cr_expect(rep[run].work_seconds >= 1.0, "%g nominal s", rep[run].work_seconds);
        cr_expect(rep[run].permutations >= 20 && rep[run].permutations <= 100, "%ld permutations",
                  rep[run].permutations);
        cf_game_free(game);
        free(cost);
    }
    cr_expect_eq(rep[1].permutations, rep[0].permutations);
    cr_expect_eq(rep[1].work_seconds, rep[0].work_seconds);
    for (size_t i = 0; i < 10; i++)
        cr_expect(est[1][i] == est[0][i], "player %zu", i + 1);

    double *cost = NULL;
    struct cf_game *cheap = ten_player_game(&cost);
    struct cf_shapley_report all;
    cr_assert_eq(cf_shapley_sample_report(cheap, &opts, est[0], hw, &all, &err), CF_OK, "%s", err.message);
    cr_expect_eq(all.stop, CF_SHAPLEY_STOP_SAMPLES);
    cr_expect_eq(all.permutations, 2000);
    cr_expect(all.work_seconds > 0.0 && all.work_seconds < 0.1, "%g nominal s", all.work_seconds);
    cf_game_free(cheap);
    free(cost);
    cf_clock_use(CF_CLOCK_WALL);
}

Test(shapley, exact_value_reports_no_sampling)
{
    const double cost[8] = {0, 10, 20, 24, 30, 34, 44, 48};
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_game *game = NULL;
    cr_assert_eq(cf_game_from_table(3, names, cost, &game, &err), CF_OK);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    opts.target_half_width = 0.5; /* no effect on an exact value */
    struct cf_shapley_report rep;
    double x[3], hw[3];
    cr_assert_eq(cf_shapley_report(game, &opts, x, hw, &rep, &err), CF_OK);
    cr_expect_eq(rep.sampled, 0);
    cr_expect_eq(rep.permutations, 0);
    /* three_players_by_hand: 6, 16, 26 */
    cr_expect_float_eq(x[0], 6.0, 1e-12);
    cr_expect_float_eq(x[1], 16.0, 1e-12);
    cr_expect_float_eq(x[2], 26.0, 1e-12);
    cf_game_free(game);
}

/* --- the control variate (game.h, cf_game_set_proxy) ---
 * 14 players (beyond the exact limit): c(S) = the longest runway of S (an
 * airport game) + the members' own costs w_i + a small irregular term h(S),
 * the kind of noise a heuristic plan adds. The proxy is the first two parts
 * only. The exact value is computed here over all 2^14 coalitions. */
#define CV_N 14
#define Z_95_TEST 1.959963984540054
static const double cv_runway[CV_N] = {120, 40, 300, 75, 210, 15, 260, 90, 180, 55, 330, 25, 150, 95};
static const double cv_own[CV_N] = {30, 12, 8, 44, 19, 27, 5, 61, 14, 9, 23, 38, 16, 7};
static const char *const cv_names[CV_N] = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N"};

/* The sum of the own costs of s's players. */
static double cv_own_sum(cf_coalition_t s)
{
    double own = 0.0;
    for (size_t i = 0; i < CV_N; i++)
        if ((s >> i) & 1u)
            own += cv_own[i];
    return own;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double cv_noise(cf_coalition_t s)
{
    uint64_t h = s * 0x9e3779b97f4a7c15ull;
    h ^= h >> 29;
    return (double)(h % 1000) / 250.0; /* 0 .. 4 */
}

static double cv_cost(cf_coalition_t s)
{
    double longest = 0.0, own = 0.0;
    for (size_t i = 0; i < CV_N; i++)
        if ((s >> i) & 1u) {
            longest = fmax(longest, cv_runway[i]);
            own += cv_own[i];
        }
    return longest + own + cv_noise(s);
}

static int cv_proxy(void *ctx, const size_t *order, size_t n, double *cost)
{
    (void)ctx;
    double longest = 0.0, own = 0.0;
    for (size_t k = 0; k < n; k++) {
        longest = fmax(longest, cv_runway[order[k]]);
        own += cv_own[order[k]];
        cost[k] = longest + own;
    }
    return 0;
}

Test(shapley, control_variate_narrows_and_stays_unbiased)
{
    size_t count = (size_t)1 << CV_N;
    double *cost = calloc(count, sizeof *cost);
    cr_assert_not_null(cost);
    for (cf_coalition_t s = 1; s < count; s++)
        cost[s] = cv_cost(s);
    /* the exact value: phi_i = sum over S without i of |S|! (n-|S|-1)! / n! (c(S+i) - c(S)) */
    double weight[CV_N], exact[CV_N] = {0};
    for (size_t k = 0; k < CV_N; k++) {
        double binom = 1.0;
        for (size_t j = 1; j <= k; j++)
            binom = binom * (double)(CV_N - 1 - k + j) / (double)j;
        weight[k] = 1.0 / ((double)CV_N * binom);
    }
    for (size_t i = 0; i < CV_N; i++)
        for (cf_coalition_t s = 0; s < count; s++)
            if (!((s >> i) & 1u))
                exact[i] += weight[__builtin_popcountll(s)] * (cost[s | ((cf_coalition_t)1 << i)] - cost[s]);
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_game *plain = NULL, *proxied = NULL;
    cr_assert_eq(cf_game_from_table(CV_N, cv_names, cost, &plain, &err), CF_OK, "%s", err.message);
    cr_assert_eq(cf_game_from_table(CV_N, cv_names, cost, &proxied, &err), CF_OK, "%s", err.message);
    cf_game_set_proxy(proxied, cv_proxy, NULL);
    cr_expect(cf_game_has_proxy(proxied) && !cf_game_has_proxy(plain));
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    opts.samples = 400;
    opts.seed = 11;
    double x_plain[CV_N], hw_plain[CV_N], x[CV_N], hw[CV_N], again[CV_N], hw2[CV_N];
    cr_assert_eq(cf_shapley_sample(plain, &opts, x_plain, hw_plain, &err), CF_OK, "%s", err.message);
    cr_assert_eq(cf_shapley_sample(proxied, &opts, x, hw, &err), CF_OK, "%s", err.message);
    double sum = 0.0, var = 0.0, var_plain = 0.0;
    for (size_t i = 0; i < CV_N; i++) {
        /* the runway part, which the proxy carries, is most of the variance;
           what is left is the noise h (half-widths 0.14 .. 0.23 here, 0.30
           for N), which the exact places and the places' moments already
           narrow without a proxy. N (runway 95) gains from a runway only
           where the two or more before it all have shorter ones, which
           these 400 orders seldom drew: without the proxy its estimate is
           15.29 with a half-width of 0.16 against an exact 15.69; the
           proxy's known mean pulls it to 15.70, and its half-width widens to
           0.30 for how far the fit is carried */
        cr_expect(hw[i] <= 2.0 * hw_plain[i], "player %zu: half-width %.3f against %.3f without", i + 1, hw[i],
                  hw_plain[i]);
        var += hw[i] * hw[i];
        var_plain += hw_plain[i] * hw_plain[i];
        cr_expect(fabs(x[i] - exact[i]) <= 3.0 * hw[i], "player %zu: %.4f vs exact %.4f (hw %.4f)", i + 1, x[i],
                  exact[i], hw[i]);
        sum += x[i];
    }
    cr_expect(var < var_plain / 50.0, "variance %.3f against %.3f without", var, var_plain); /* 0.50, 41.5 */
    cr_expect(fabs(sum - cost[count - 1]) < 1e-9, "adds up to c(N): %.12f vs %.12f", sum, cost[count - 1]);
    /* the same seed, the same figures */
    cr_assert_eq(cf_shapley_sample(proxied, &opts, again, hw2, &err), CF_OK, "%s", err.message);
    for (size_t i = 0; i < CV_N; i++)
        cr_expect(again[i] == x[i] && hw2[i] == hw[i], "player %zu", i + 1);
    cf_game_free(plain);
    cf_game_free(proxied);
    free(cost);
}

Test(shapley, control_variate_equal_to_the_game_leaves_only_its_own_error)
{
    /* a proxy that is the game itself (no noise): every pair's difference is
       0, so what is left is the proxy's own sampling error, from far more
       orders than the game's */
    size_t count = (size_t)1 << CV_N;
    double *cost = calloc(count, sizeof *cost);
    cr_assert_not_null(cost);
    for (cf_coalition_t s = 1; s < count; s++)
        cost[s] = cv_cost(s) - cv_noise(s);
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_game *game = NULL;
    cr_assert_eq(cf_game_from_table(CV_N, cv_names, cost, &game, &err), CF_OK, "%s", err.message);
    cf_game_set_proxy(game, cv_proxy, NULL);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    opts.samples = 100;
    double x[CV_N], hw[CV_N];
    cr_assert_eq(cf_shapley_sample(game, &opts, x, hw, &err), CF_OK, "%s", err.message);
    /* the airport game's value in closed form: runways sorted r(1) <= ... <=
       r(n), phi of the k-th = sum over j <= k of (r(j) - r(j-1)) / (n - j + 1) */
    double sorted[CV_N];
    memcpy(sorted, cv_runway, sizeof sorted);
    qsort(sorted, CV_N, sizeof *sorted, cmp_double);
    for (size_t i = 0; i < CV_N; i++) {
        double phi = cv_own[i], prev = 0.0;
        for (size_t j = 0; j < CV_N && sorted[j] <= cv_runway[i]; j++) {
            phi += (sorted[j] - prev) / (double)(CV_N - j);
            prev = sorted[j];
        }
        cr_expect(fabs(x[i] - phi) <= 3.0 * hw[i] + 1e-9, "player %zu: %.4f vs %.4f (hw %.4f)", i + 1, x[i], phi,
                  hw[i]);
        cr_expect(hw[i] < 0.01 * phi, "player %zu: half-width %.4f of %.4f", i + 1, hw[i], phi);
    }
    cf_game_free(game);
    free(cost);
}

Test(shapley, places_in_the_order_narrow_an_economy_of_scale)
{
    /* c(S) = sum of own costs + 100 sqrt(|S|): a player's marginal cost is
     * its own cost plus 100 (sqrt(k+1) - sqrt(k)), k the players before it,
     * so all its variance comes from its place. Exact value: w_i +
     * 100 sqrt(14) / 14. A pair (an order and its reverse) averages k and
     * 13 - k; over a uniform k that average has variance v, and plain sampling
     * of 200 pairs would give a half-width of 1.96 sqrt(v / 200) = 1.75. The
     * first and last places, worked out exactly, and the moments of the
     * places between, known in advance, take nearly all of it away (about
     * 0.014 here; 0.35 when the ends were sampled too). */
    size_t count = (size_t)1 << CV_N;
    double *cost = calloc(count, sizeof *cost);
    cr_assert_not_null(cost);
    for (cf_coalition_t s = 1; s < count; s++)
        cost[s] = cv_own_sum(s) + 100.0 * sqrt((double)__builtin_popcountll(s));
    double mean = 0.0, sq = 0.0;
    for (size_t k = 0; k < CV_N; k++) {
        double a = 0.5 * (100.0 * (sqrt((double)k + 1) - sqrt((double)k)) +
                          100.0 * (sqrt((double)(CV_N - k)) - sqrt((double)(CV_N - 1 - k))));
        mean += a / CV_N;
        sq += a * a / CV_N;
    }
    double plain_hw = Z_95_TEST * sqrt((sq - mean * mean) / 200.0);
    cr_expect(fabs(plain_hw - 1.747) < 0.001, "plain half-width %.4f", plain_hw);
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_game *game = NULL;
    cr_assert_eq(cf_game_from_table(CV_N, cv_names, cost, &game, &err), CF_OK, "%s", err.message);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    opts.samples = 400;
    opts.seed = 3;
    double x[CV_N], hw[CV_N], sum = 0.0;
    cr_assert_eq(cf_shapley_sample(game, &opts, x, hw, &err), CF_OK, "%s", err.message);
    for (size_t i = 0; i < CV_N; i++) {
        double exact = cv_own[i] + 100.0 * sqrt((double)CV_N) / CV_N;
        cr_expect(hw[i] < 0.02 * plain_hw, "player %zu: half-width %.4f against %.4f plain", i + 1, hw[i], plain_hw);
        cr_expect(fabs(x[i] - exact) <= 3.0 * hw[i] + 1e-9, "player %zu: %.4f vs exact %.4f (hw %.4f)", i + 1, x[i],
                  exact, hw[i]);
        sum += x[i];
    }
    cr_expect(fabs(sum - cost[count - 1]) < 1e-9, "adds up to c(N)");
    cf_game_free(game);
    free(cost);
}

/* h(k) of the games whose marginal costs vary only at the ends of the order
 * (first_and_last_places_are_exact, ends_cost): on n players, c(S) is the
 * own costs plus h(|S|), h = 0, 100, 130, ..., 130, 110, 70. */
static double ends_h(size_t k, size_t n)
{
    return k == 0 ? 0.0 : k == 1 ? 100.0 : k + 2 <= n ? 130.0 : k + 1 == n ? 110.0 : 70.0;
}

Test(shapley, first_and_last_places_are_exact)
{
    /* c(S) = sum of own costs + h(|S|), h = 0, 100, 130, ..., 130, 110, 70
     * for |S| = 0, 1, 2 .. 12, 13, 14: a player's marginal cost is its own
     * cost plus 100 when it comes first, 30 second, -20 second to last and
     * -40 last, and exactly its own cost in every place between. Shapley
     * value: own + 70 / 14. The first and last places are worked out from
     * c({i}), c(N) and c(N - i), and in a game of at most 20 players the
     * second and second to last from c({i, j}) and c(N - {i, j}), not
     * sampled, so what is sampled never varies: from two pairs of orders the
     * estimate is exact and its half-width 0. (Sampling those places too, as
     * the sampler did, missed by up to 25.00 from 2 pairs, with half-widths
     * of 5.6 on average, and left half-widths of about 0.29 from 200.) */
    size_t count = (size_t)1 << CV_N;
    double *cost = calloc(count, sizeof *cost);
    cr_assert_not_null(cost);
    for (cf_coalition_t s = 1; s < count; s++)
        cost[s] = cv_own_sum(s) + ends_h((size_t)__builtin_popcountll(s), CV_N);
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_game *game = NULL;
    cr_assert_eq(cf_game_from_table(CV_N, cv_names, cost, &game, &err), CF_OK, "%s", err.message);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    opts.samples = 4;
    double x[CV_N], hw[CV_N], sum = 0.0;
    cr_assert_eq(cf_shapley_sample(game, &opts, x, hw, &err), CF_OK, "%s", err.message);
    for (size_t i = 0; i < CV_N; i++) {
        double exact = cv_own[i] + 70.0 / CV_N;
        cr_expect(fabs(x[i] - exact) < 1e-9, "player %zu: %.6f vs exact %.6f", i + 1, x[i], exact);
        cr_expect(hw[i] < 1e-9, "player %zu: half-width %g", i + 1, hw[i]);
        sum += x[i];
    }
    cr_expect(fabs(sum - cost[count - 1]) < 1e-9, "adds up to c(N)");
    cf_game_free(game);
    free(cost);
}

Test(shapley, small_games_with_a_proxy_sample_to_their_exact_value)
{
    /* the airport game with noise of the control-variate tests, on its
     * first n players for n = 3 to 7: the places at the ends are exact
     * (n < 6: the first and last; from 6: the second and second to last
     * too), the proxy's there worked out from orders that put each player
     * first, second, second to last and last; with 2,000 orders every value
     * lands within three half-widths of the exact one (cf_shapley_from_table
     * over the 2^n coalitions) and they add up to c(N) */
    for (size_t n = 3; n <= 7; n++) {
        size_t count = (size_t)1 << n;
        double cost[1 << 7], exact[7], x[7], hw[7], sum = 0.0;
        cost[0] = 0.0;
        for (cf_coalition_t s = 1; s < count; s++)
            cost[s] = cv_cost(s);
        cf_shapley_from_table(n, cost, exact);
        struct cf_error err;
        cf_error_clear(&err);
        struct cf_game *game = NULL;
        cr_assert_eq(cf_game_from_table(n, cv_names, cost, &game, &err), CF_OK, "%s", err.message);
        cf_game_set_proxy(game, cv_proxy, NULL);
        struct cf_alloc_opts opts;
        cf_alloc_opts_default(&opts);
        cr_assert_eq(cf_shapley_sample(game, &opts, x, hw, &err), CF_OK, "%s", err.message);
        for (size_t i = 0; i < n; i++) {
            cr_expect(isfinite(x[i]) && isfinite(hw[i]), "n %zu, player %zu", n, i + 1);
            cr_expect(fabs(x[i] - exact[i]) <= 3.0 * hw[i] + 1e-9, "n %zu, player %zu: %.4f vs exact %.4f (hw %.4f)",
                      n, i + 1, x[i], exact[i], hw[i]);
            sum += x[i];
        }
        cr_expect(fabs(sum - cost[count - 1]) < 1e-9, "n %zu: adds up to c(N)", n);
        cf_game_free(game);
    }
}

/* The game of first_and_last_places_are_exact on n players through an
 * oracle: c(S) = sum of own costs (i + 1 for player i) + ends_h(|S|), where the
 * marginal cost is own + 100 first, + 30 second, - 20 second to last, - 40
 * last, own elsewhere: Shapley value own + 70 / n. */
static size_t ends_n;
static int ends_cost(void *ctx, const unsigned char *in, double *cost, struct cf_error *err)
{
    (void)ctx;
    (void)err;
    size_t k = 0;
    double c = 0.0;
    for (size_t i = 0; i < ends_n; i++)
        if (in[i]) {
            k++;
            c += (double)(i + 1);
        }
    *cost = c + ends_h(k, ends_n);
    return CF_OK;
}

/* Sampled on n players with the given samples, time cap and cost hint: the
 * largest error against the exact value and the largest half-width. */
static void ends_run(size_t n, long samples, double time_cap_s, double hint, double *worst_err, double *worst_hw)
{
    static const char *const names[40] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n",
                                          "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "A", "B",
                                          "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N"};
    ends_n = n;
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_game *game = NULL;
    cr_assert_eq(cf_game_create(n, names, ends_cost, NULL, &game, &err), CF_OK, "%s", err.message);
    cf_game_set_cost_hint(game, hint);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    opts.samples = samples;
    opts.time_cap_s = time_cap_s;
    double x[40], hw[40];
    cr_assert_eq(cf_shapley_sample(game, &opts, x, hw, &err), CF_OK, "%s", err.message);
    *worst_err = *worst_hw = 0.0;
    for (size_t i = 0; i < n; i++) {
        *worst_err = fmax(*worst_err, fabs(x[i] - ((double)(i + 1) + 70.0 / (double)n)));
        *worst_hw = fmax(*worst_hw, hw[i]);
    }
    cf_game_free(game);
}

Test(shapley, second_places_are_exact_up_to_40_players_where_the_run_affords_them)
{
    /* 30 players: the second places' c({i, j}) and c(N - {i, j}) are 870
     * coalitions. With --samples 600 (9,000 coalitions of orders: a tenth is
     * 900) they are exact, and two pairs' worth of what is sampled never
     * varies: the value exact, half-widths 0. With --samples 4 they would be
     * most of the run: sampled, the estimate misses and says so. Under a
     * time limit the same choice is made at the nominal seconds they would
     * cost (870 x hint x 1.4 us over two threads, against a tenth of the
     * limit): a cost hint of 1 affords them in 1 s (0.0006 s), a hint of
     * 10,000 (6.09 s) does not. 20 players: always. */
    double e, hw;
    ends_run(30, 600, 0.0, 1.0, &e, &hw);
    cr_expect(e < 1e-9 && hw < 1e-9, "30 players, 600 samples: error %g, half-width %g", e, hw);
    ends_run(30, 4, 0.0, 1.0, &e, &hw);
    cr_expect(e > 1e-6 && hw > 1e-6, "30 players, 4 samples: error %g, half-width %g", e, hw);
    ends_run(30, 4, 1.0, 1.0, &e, &hw);
    cr_expect(e < 1e-9 && hw < 1e-9, "30 players, 1 s, hint 1: error %g, half-width %g", e, hw);
    ends_run(30, 4, 1.0, 10000.0, &e, &hw);
    cr_expect(e > 1e-6 && hw > 1e-6, "30 players, 1 s, hint 10,000: error %g, half-width %g", e, hw);
    ends_run(20, 4, 0.0, 1.0, &e, &hw);
    cr_expect(e < 1e-9 && hw < 1e-9, "20 players: always, error %g, half-width %g", e, hw);
}
