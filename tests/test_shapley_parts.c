/* test_shapley_parts.c — the Shapley value of a game that is a sum of parts
 * (solver/shapley_parts.c, the pooling game's lanes): against the whole
 * game's exact value, by hand and on generated games. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "solver/allocate.h"

static const char *const names[] = {"P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9", "P10",
                                    "P11", "P12", "P13", "P14", "P15"};

/* A part's cost: a part-specific mix of economies of scale and a longest
 * leg, over its local players (bit k = the part's k-th player). */
static double part_cost(size_t part, cf_coalition_t local)
{
    double volume = 0.0, longest = 0.0;
    for (size_t k = 0; k < 64; k++)
        if ((local >> k) & 1u) {
            volume += 5.0 + (double)((k * 7 + part * 3) % 11);
            longest = fmax(longest, 2.0 + (double)((k * 5 + part) % 9));
        }
    return volume > 0.0 ? longest + (3.0 + (double)part) * sqrt(volume) : 0.0;
}

struct parts_ctx {
    size_t part;
    size_t n; /* the part's players */
};

static int part_oracle(void *ctx, const unsigned char *in, double *cost, struct cf_error *err)
{
    (void)err;
    const struct parts_ctx *p = ctx;
    cf_coalition_t local = 0;
    for (size_t k = 0; k < p->n; k++)
        if (in[k])
            local |= (cf_coalition_t)1 << k;
    *cost = part_cost(p->part, local);
    return CF_OK;
}

/* The bits of set inside members, renumbered 0.. in members' order. */
static cf_coalition_t to_local(cf_coalition_t set, cf_coalition_t members)
{
    cf_coalition_t local = 0;
    size_t k = 0;
    for (size_t i = 0; i < 64; i++)
        if ((members >> i) & 1u) {
            if ((set >> i) & 1u)
                local |= (cf_coalition_t)1 << k;
            k++;
        }
    return local;
}

/* Exact Shapley value of the table cost[0..2^n-1], by the formula. */
static void exact_shapley(size_t n, const double *cost, double *x)
{
    size_t count = (size_t)1 << n;
    for (size_t i = 0; i < n; i++) {
        double sum = 0.0;
        for (size_t s = 0; s < count; s++) {
            if ((s >> i) & 1u)
                continue;
            size_t k = (size_t)__builtin_popcountll(s);
            double w = 1.0 / (double)n; /* k! (n-k-1)! / n! = 1 / (n C(n-1, k)) */
            for (size_t j = 1; j <= k; j++)
                w = w * (double)j / (double)(n - 1 - k + j);
            sum += w * (cost[s | ((size_t)1 << i)] - cost[s]);
        }
        x[i] = sum;
    }
}

/* The whole game's table: the sum of the parts beyond singletons, and
 * singleton[i] for {i}. */
static double *whole_table(size_t n, size_t nparts, const cf_coalition_t *members, const double *singleton)
{
    size_t count = (size_t)1 << n;
    double *cost = calloc(count, sizeof *cost);
    cr_assert_not_null(cost);
    for (size_t s = 1; s < count; s++) {
        if (__builtin_popcountll(s) == 1) {
            cost[s] = singleton[__builtin_ctzll(s)];
            continue;
        }
        for (size_t p = 0; p < nparts; p++)
            cost[s] += part_cost(p, to_local(s, members[p]));
    }
    return cost;
}

Test(shapley_parts, three_players_by_hand)
{
    /* One part over {P1, P2}: c_p(P1) 4, c_p(P2) 6, c_p(P1 P2) 8; P3 in no
     * part. Alone: c(P1) 5 (its standalone price is 1 above its part's),
     * c(P2) 6, c(P3) 0. So c(12) 8, c(13) 4, c(23) 6, c(123) 8, and the
     * whole game's Shapley value by hand:
     *   phi_1 = 5/3 + (8-6)/6 + (4-0)/6 + (8-6)/3 = 10/3
     *   phi_2 = 6/3 + (8-5)/6 + (6-0)/6 + (8-4)/3 = 29/6
     *   phi_3 = 8 - 10/3 - 29/6 = -1/6
     * By parts: the part's value (3, 5) plus the singleton term with
     * delta = (1, 0, 0): delta_j/3 - (1 - delta_j)/6 = 1/3, -1/6, -1/6. */
    const double table[8] = {0, 5, 6, 8, 0, 4, 6, 8};
    const double part_table[4] = {0, 4, 6, 8};
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_game *whole = NULL, *part = NULL;
    cr_assert_eq(cf_game_from_table(3, names, table, &whole, &err), CF_OK);
    cr_assert_eq(cf_game_from_table(2, names, part_table, &part, &err), CF_OK);
    const cf_coalition_t members[1] = {3};
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    double x[3], hw[3];
    struct cf_shapley_report rep;
    cr_assert_eq(cf_shapley_by_parts(whole, 1, &part, members, &opts, x, hw, &rep, &err), CF_OK, "%s",
                 err.message);
    cr_expect_float_eq(x[0], 10.0 / 3.0, 1e-12);
    cr_expect_float_eq(x[1], 29.0 / 6.0, 1e-12);
    cr_expect_float_eq(x[2], -1.0 / 6.0, 1e-12);
    cr_expect_eq(rep.sampled, 0);
    for (size_t i = 0; i < 3; i++)
        cr_expect_eq(hw[i], 0.0);
    cf_game_free(part);
    cf_game_free(whole);
}

static struct cf_game **make_parts(size_t nparts, const cf_coalition_t *members, struct parts_ctx *ctx)
{
    struct cf_game **parts = calloc(nparts, sizeof *parts);
    cr_assert_not_null(parts);
    struct cf_error err;
    for (size_t p = 0; p < nparts; p++) {
        ctx[p].part = p;
        ctx[p].n = (size_t)__builtin_popcountll(members[p]);
        cr_assert_eq(cf_game_create((size_t)__builtin_popcountll(members[p]), names, part_oracle, &ctx[p],
                                    &parts[p], &err), CF_OK);
    }
    return parts;
}

/* A generated game of n players as a sum of parts (whole_table), its exact
 * Shapley value, the parts as oracles and the whole game as a table: what
 * the generated-game tests below share. Close with case_close. */
enum { CASE_MAX_N = 15, CASE_MAX_PARTS = 3 };
struct parts_case {
    size_t nparts;
    double *cost; /* the whole game, 2^n entries */
    double exact[CASE_MAX_N];
    struct parts_ctx ctx[CASE_MAX_PARTS];
    struct cf_game **parts;
    struct cf_game *whole;
};

static void case_open(struct parts_case *pc, size_t n, size_t nparts, const cf_coalition_t *members,
                      const double *singleton)
{
    cr_assert(n <= CASE_MAX_N && nparts <= CASE_MAX_PARTS);
    pc->nparts = nparts;
    pc->cost = whole_table(n, nparts, members, singleton);
    exact_shapley(n, pc->cost, pc->exact);
    pc->parts = make_parts(nparts, members, pc->ctx);
    struct cf_error err;
    cf_error_clear(&err);
    pc->whole = NULL;
    cr_assert_eq(cf_game_from_table(n, names, pc->cost, &pc->whole, &err), CF_OK);
}

static void case_close(struct parts_case *pc)
{
    cf_game_free(pc->whole);
    for (size_t p = 0; p < pc->nparts; p++)
        cf_game_free(pc->parts[p]);
    free(pc->parts);
    free(pc->cost);
}

Test(shapley_parts, equals_the_whole_games_exact_value)
{
    /* 9 players, three overlapping parts (P9 in none), singletons apart */
    enum { N = 9, NPARTS = 3 };
    const cf_coalition_t members[NPARTS] = {0x0fu, 0x3cu, 0xe1u};
    const double singleton[N] = {40, 35, 60, 52, 18, 30, 44, 26, 0};
    struct parts_case pc;
    case_open(&pc, N, NPARTS, members, singleton);
    double x[N], hw[N];
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    struct cf_shapley_report rep;
    cr_assert_eq(cf_shapley_by_parts(pc.whole, NPARTS, pc.parts, members, &opts, x, hw, &rep, &err), CF_OK, "%s",
                 err.message);
    double sum = 0.0;
    for (size_t i = 0; i < N; i++) {
        cr_expect(fabs(x[i] - pc.exact[i]) < 1e-9, "player %zu: %.12f vs %.12f", i + 1, x[i], pc.exact[i]);
        sum += x[i];
    }
    cr_expect(fabs(sum - pc.cost[(1u << N) - 1]) < 1e-9);
    case_close(&pc);
}

Test(shapley_parts, sampled_part_lands_within_half_width)
{
    /* 14 players: a 13-player part (sampled) and a 4-player one (exact); P14
     * only in the small one, so its value is exact, half-width 0 */
    enum { N = 14, NPARTS = 2 };
    const cf_coalition_t members[NPARTS] = {0x1fffu, 0x2007u};
    double singleton[N];
    for (size_t i = 0; i < N; i++)
        singleton[i] = 25.0 + (double)(i % 5) * 4.0;
    singleton[13] = 9.0;
    struct parts_case pc;
    case_open(&pc, N, NPARTS, members, singleton);
    const double *exact = pc.exact;
    double x[N], hw[N], again[N], hw2[N];
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    opts.samples = 4000;
    opts.seed = 11;
    struct cf_shapley_report rep;
    cr_assert_eq(cf_shapley_by_parts(pc.whole, NPARTS, pc.parts, members, &opts, x, hw, &rep, &err), CF_OK);
    cr_expect_eq(rep.sampled, 1);
    cr_expect_eq(rep.permutations, 4000, "the sampled part's permutations");
    double sum = 0.0;
    for (size_t i = 0; i < N; i++) {
        cr_expect(fabs(x[i] - exact[i]) <= 3.0 * hw[i] + 1e-9, "player %zu: %.4f vs %.4f (hw %.4f)", i + 1,
                  x[i], exact[i], hw[i]);
        sum += x[i];
    }
    cr_expect_eq(hw[13], 0.0);
    cr_expect(fabs(x[13] - exact[13]) < 1e-9, "P14: %.12f vs %.12f", x[13], exact[13]);
    cr_expect(fabs(sum - pc.cost[(1u << N) - 1]) < 1e-9, "each order of a part adds up to its c_p");
    /* the same seed, the same figures; through cf_shapley with the parts attached too */
    cr_assert_eq(cf_game_set_parts(pc.whole, NPARTS, pc.parts, members, &err), CF_OK);
    cr_assert_eq(cf_shapley_report(pc.whole, &opts, again, hw2, &rep, &err), CF_OK);
    for (size_t i = 0; i < N; i++)
        cr_expect(again[i] == x[i] && hw2[i] == hw[i], "player %zu", i + 1);
    case_close(&pc);
}

/* Options that sample until every member's half-width is within target of
 * its value (samples practically unbounded), on seed. */
static struct cf_alloc_opts target_opts(uint64_t seed, double target)
{
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    opts.samples = 1000000;
    opts.seed = seed;
    opts.target_half_width = target;
    return opts;
}

Test(shapley_parts, shared_budget_stops_on_every_members_target)
{
    /* 15 players, two sampled 13-player parts (P1..P13 and P3..P15), the
     * second one ten times dearer per oracle call. The target applies to each
     * member's whole value (the parts' sum), and the batches go where they
     * narrow the widest member most: it stops on the target, every half-width
     * within 1 % of its value, each value within 3 half-widths of the exact
     * one, and the same seed repeats it. */
    enum { N = 15, NPARTS = 2 };
    const cf_coalition_t members[NPARTS] = {0x1fffu, 0x7ffcu};
    double singleton[N];
    for (size_t i = 0; i < N; i++)
        singleton[i] = 30.0 + (double)(i % 4) * 6.0;
    struct parts_case pc;
    case_open(&pc, N, NPARTS, members, singleton);
    const double *exact = pc.exact;
    double x[N], hw[N], again[N], hw2[N];
    cf_game_set_cost_hint(pc.parts[1], 10.0);
    cr_expect_float_eq(cf_game_cost_hint(pc.parts[1]), 10.0, 1e-12);
    cr_expect_float_eq(cf_game_cost_hint(pc.parts[0]), 1.0, 1e-12, "1 unless set");
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_alloc_opts opts = target_opts(5, 0.01);
    struct cf_shapley_report rep, rep2;
    cr_assert_eq(cf_shapley_by_parts(pc.whole, NPARTS, pc.parts, members, &opts, x, hw, &rep, &err), CF_OK, "%s",
                 err.message);
    cr_expect_eq(rep.stop, CF_SHAPLEY_STOP_TARGET);
    /* beyond the 10 pairs a part starts with: the widest members' own orders
       (with batches aimed by r^16 shared pairs win only once many members
       are about as wide) */
    cr_expect(rep.permutations >= 40 && rep.permutations < 2 * opts.samples, "%ld permutations", rep.permutations);
    cr_expect(rep.own_permutations > 0, "%ld own permutations", rep.own_permutations);
    double sum = 0.0;
    for (size_t i = 0; i < N; i++) {
        cr_expect(hw[i] > 0.0 && hw[i] <= 0.01 * fabs(x[i]), "player %zu: half-width %.4f of %.4f", i + 1, hw[i],
                  x[i]);
        cr_expect(fabs(x[i] - exact[i]) <= 3.0 * hw[i], "player %zu: %.4f vs %.4f (hw %.4f)", i + 1, x[i],
                  exact[i], hw[i]);
        sum += x[i];
    }
    cr_expect(fabs(sum - pc.cost[(1u << N) - 1]) < 1e-9);
    cr_assert_eq(cf_shapley_by_parts(pc.whole, NPARTS, pc.parts, members, &opts, again, hw2, &rep2, &err), CF_OK);
    cr_expect_eq(rep2.permutations, rep.permutations);
    for (size_t i = 0; i < N; i++)
        cr_expect(again[i] == x[i] && hw2[i] == hw[i], "player %zu", i + 1);
    case_close(&pc);
}

/* One part of 14 players: thirteen of volume 10 and P1 of volume 0.5, at
 * 100 sqrt(volume), plus a charge of 1 to 4 that only a coalition holding P1
 * pays, set by a hash of the coalition (a box more or less, as a small
 * firm's marginal cost jumps with what the others happen to ship). */
static double noisy_cost(cf_coalition_t s)
{
    double volume = 0.0;
    for (size_t k = 0; k < 14; k++)
        if ((s >> k) & 1u)
            volume += k == 0 ? 0.5 : 10.0;
    double cost = 100.0 * sqrt(volume);
    if (s & 1u) {
        uint64_t h = (s + 1) * 0x9e3779b97f4a7c15ull;
        h ^= h >> 29;
        h *= 0xbf58476d1ce4e5b9ull;
        cost += 1.0 + 3.0 * (double)(h >> 40) / (double)(1ull << 24);
    }
    return cost;
}

static int noisy_oracle(void *ctx, const unsigned char *in, double *cost, struct cf_error *err)
{
    (void)ctx;
    (void)err;
    cf_coalition_t s = 0;
    for (size_t k = 0; k < 14; k++)
        if (in[k])
            s |= (cf_coalition_t)1 << k;
    *cost = noisy_cost(s);
    return CF_OK;
}

Test(shapley_parts, the_widest_member_gets_orders_of_its_own)
{
    /* P1's value is about 10.8 and its marginal cost varies by 3 with the
     * hash; the others' are about 87 and vary by as much, which is eight
     * times less of their value. Sampling to a 2 % target, whole orders (28
     * coalitions a pair) would go on mostly for P1; its own orders ask 4
     * coalitions a pair, so P1 gets orders of its own and the rest share
     * theirs. Every value within 3 half-widths of the exact one (2^14
     * coalitions by the formula), adding up to c(N), the same again with
     * the same seed. */
    enum { N = 14 };
    size_t count = (size_t)1 << N;
    double *table = malloc(count * sizeof *table);
    cr_assert_not_null(table);
    for (size_t s = 0; s < count; s++)
        table[s] = s == 0 ? 0.0 : noisy_cost((cf_coalition_t)s);
    double exact[N], x[N], hw[N], again[N], hw2[N];
    exact_shapley(N, table, exact);
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_game *whole = NULL, *part = NULL;
    cr_assert_eq(cf_game_from_table(N, names, table, &whole, &err), CF_OK);
    cr_assert_eq(cf_game_create(N, names, noisy_oracle, NULL, &part, &err), CF_OK);
    const cf_coalition_t members[1] = {count - 1};
    struct cf_alloc_opts opts = target_opts(3, 0.02);
    struct cf_shapley_report rep, rep2;
    cr_assert_eq(cf_shapley_by_parts(whole, 1, &part, members, &opts, x, hw, &rep, &err), CF_OK, "%s",
                 err.message);
    cr_expect_eq(rep.stop, CF_SHAPLEY_STOP_TARGET);
    cr_expect(rep.own_permutations > rep.permutations, "own %ld, shared %ld", rep.own_permutations,
              rep.permutations);
    double sum = 0.0;
    for (size_t i = 0; i < N; i++) {
        cr_expect(hw[i] > 0.0 && hw[i] <= 0.02 * fabs(x[i]), "P%zu: half-width %.4f of %.4f", i + 1, hw[i], x[i]);
        cr_expect(fabs(x[i] - exact[i]) <= 3.0 * hw[i], "P%zu: %.4f vs %.4f (hw %.4f)", i + 1, x[i], exact[i],
                  hw[i]);
        sum += x[i];
    }
    cr_expect(fabs(sum - table[count - 1]) < 1e-9, "adds up to c(N): %.12f vs %.12f", sum, table[count - 1]);
    cr_expect(exact[0] > 10.0 && exact[0] < 12.0 && exact[1] > 80.0, "values %.4f, %.4f", exact[0], exact[1]);
    cr_assert_eq(cf_shapley_by_parts(whole, 1, &part, members, &opts, again, hw2, &rep2, &err), CF_OK);
    cr_expect_eq(rep2.own_permutations, rep.own_permutations);
    for (size_t i = 0; i < N; i++)
        cr_expect(again[i] == x[i] && hw2[i] == hw[i], "P%zu", i + 1);
    cf_game_free(part);
    cf_game_free(whole);
    free(table);
}
