/* test_allocate.c — cf_allocate (solver/allocate.c): every rule rounded to
 * cents adds up to c(N); EPM and the standalone split by hand; the game
 * loader (models/load_game.c) and its messages; and `clusterfreight
 * allocate` end to end through the built binary (interface.md). */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "models/game_data.h"
#include "solver/allocate.h"

#define GAMES CF_TEST_DATA "/games"

static const char *const names[] = {"P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9", "P10"};

static struct cf_game *table_game(size_t n, const double *cost)
{
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_game *game = NULL;
    cr_assert_eq(cf_game_from_table(n, names, cost, &game, &err), CF_OK, "%s", err.message);
    return game;
}

static void check_adds_up(size_t n, const double *cost)
{
    struct cf_game *game = table_game(n, cost);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    for (int rule = CF_RULE_SHAPLEY; rule <= CF_RULE_STANDALONE; rule++) {
        struct cf_allocation a;
        struct cf_error err;
        cf_error_clear(&err);
        int rc = cf_allocate(game, (enum cf_alloc_rule)rule, &opts, &a, &err);
        cr_assert_eq(rc, CF_OK, "%s: %s", cf_alloc_rule_name((enum cf_alloc_rule)rule), err.message);
        cf_cents_t sum = 0;
        for (size_t i = 0; i < n; i++) {
            sum += a.allocated_cents[i];
            cr_expect(fabs(cf_money_units(a.allocated_cents[i]) - a.value[i]) < 0.01 + 1e-9,
                      "%s: player %zu rounded %lld from %.6f", cf_alloc_rule_name((enum cf_alloc_rule)rule),
                      i + 1, (long long)a.allocated_cents[i], a.value[i]);
        }
        cr_expect_eq(a.total_consolidated, cf_money_round(cost[((size_t)1 << n) - 1]));
        cr_expect_eq(sum, a.total_consolidated, "%s: %lld != %lld", cf_alloc_rule_name((enum cf_alloc_rule)rule),
                     (long long)sum, (long long)a.total_consolidated);
        cf_allocation_free(&a);
    }
    cf_game_free(game);
}

Test(allocate, every_rule_adds_up_to_c_n_to_the_cent)
{
    /* thirds: c(i) = 10, pairs 15, c(N) = 20 -> 6.666... each, rounded
     * 6.67 + 6.67 + 6.66 = 20.00 */
    const double thirds[8] = {0, 10, 10, 15, 10, 15, 15, 20};
    check_adds_up(3, thirds);
    /* Oh & Shin (2012) manufacturing game (test_nucleolus.c) */
    const double oh_shin[8] = {0, 375144, 245280, 568232, 211239, 551055, 452411, 772500};
    check_adds_up(3, oh_shin);
    /* a 7-player game with irrational costs: c(S) = 3 sqrt(sum of weights)
     * + 1.01 |S|^0.5, concave so the core is non-empty and EPM exists */
    static const double w[7] = {13.7, 2.9, 41.3, 7.77, 19.01, 3.33, 28.6};
    double cost[128] = {0};
    for (size_t s = 1; s < 128; s++) {
        double total = 0.0;
        int size = 0;
        for (size_t i = 0; i < 7; i++)
            if ((s >> i) & 1u) {
                total += w[i];
                size++;
            }
        cost[s] = 3.0 * sqrt(total) + 1.01 * sqrt((double)size);
    }
    check_adds_up(7, cost);
}

Test(allocate, epm_by_hand)
{
    /* c(A)=c(B)=c(C)=10, c(AB)=12, c(AC)=c(BC)=20, c(ABC)=22. The core
     * forces x_A + x_B <= 12 so x_C >= 10 = c(C): x_C = 10, x_A + x_B = 12.
     * The largest ratio is x_C/10 = 1; the spread 1 - min(x_A, x_B)/10 is
     * smallest at x_A = x_B = 6. The standalone split (22/3 each) would
     * make {A,B} pay 14.67 > 12. */
    const double cost[8] = {0, 10, 10, 12, 10, 20, 20, 22};
    struct cf_game *game = table_game(3, cost);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    struct cf_allocation a;
    struct cf_error err;
    cr_assert_eq(cf_allocate(game, CF_RULE_EPM, &opts, &a, &err), CF_OK, "%s", err.message);
    cr_expect(fabs(a.value[0] - 6) < 1e-7 && fabs(a.value[1] - 6) < 1e-7 && fabs(a.value[2] - 10) < 1e-7,
              "%g %g %g", a.value[0], a.value[1], a.value[2]);
    cr_expect_eq(a.core.stable, 1);
    cf_allocation_free(&a);
    cr_assert_eq(cf_allocate(game, CF_RULE_STANDALONE, &opts, &a, &err), CF_OK);
    cr_expect_eq(a.core.stable, 0);
    cr_expect_eq(a.core.blocking, 3u);
    cr_expect_eq(a.allocated_cents[0] + a.allocated_cents[1] + a.allocated_cents[2], 2200);
    cf_allocation_free(&a);
    cf_game_free(game);
}

Test(allocate, standalone_split_by_hand)
{
    /* c(N) = 48 in proportion to 10 : 20 : 30 -> 8, 16, 24: everyone saves 20 % */
    const double cost[8] = {0, 10, 20, 24, 30, 34, 44, 48};
    struct cf_game *game = table_game(3, cost);
    struct cf_alloc_opts opts;
    cf_alloc_opts_default(&opts);
    struct cf_allocation a;
    struct cf_error err;
    cr_assert_eq(cf_allocate(game, CF_RULE_STANDALONE, &opts, &a, &err), CF_OK);
    cr_expect_eq(a.allocated_cents[0], 800);
    cr_expect_eq(a.allocated_cents[1], 1600);
    cr_expect_eq(a.allocated_cents[2], 2400);
    cr_expect_eq(a.total_standalone, 6000);
    cf_allocation_free(&a);
    cf_game_free(game);
}

Test(allocate, rule_names)
{
    enum cf_alloc_rule r;
    cr_expect_eq(cf_alloc_rule_parse("nucleolus", &r), 0);
    cr_expect_eq(r, CF_RULE_NUCLEOLUS);
    cr_expect_eq(cf_alloc_rule_parse("usage", &r), -1, "usage needs shipments");
    cr_expect_eq(cf_alloc_rule_parse("Shapley", &r), -1);
    cr_expect_str_eq(cf_alloc_rule_name(CF_RULE_EPM), "epm");
}

/* --- the loader --- */

static int load_text(const char *text, struct cf_game_data *d, struct cf_error *err)
{
    struct cf_source src;
    cf_source_from_memory(&src, "game.json", text, strlen(text), "");
    cf_error_clear(err);
    int rc = cf_load_game(&src, d, err);
    cf_source_close(&src);
    return rc;
}

Test(allocate, loader_reads_keys_in_any_order)
{
    struct cf_game_data d;
    struct cf_error err;
    cr_assert_eq(load_text("{\"players\": [\"A\", \"B\"],\n \"cost\": {\"B\": 2, \"B , A\": 2.5, \"A\": 1}}", &d, &err),
                 CF_OK, "%s", err.message);
    cr_expect_eq(d.n, 2);
    cr_expect_str_eq(d.players[1], "B");
    cr_expect(d.cost[1] == 1 && d.cost[2] == 2 && d.cost[3] == 2.5);
    cf_game_data_free(&d);
}

static void expect_load_error(const char *text, const char *message)
{
    struct cf_game_data d;
    struct cf_error err;
    cr_expect_eq(load_text(text, &d, &err), CF_ERR_DATA, "%s", text);
    cr_expect_str_eq(err.message, message);
    cf_game_data_free(&d);
}

Test(allocate, loader_errors_name_source_line_and_field)
{
    expect_load_error("{\"players\": [\"A\", \"B\"],\n\"cost\": {\n\"A\": 1,\n\"B\": 2\n}}",
                      "game.json:2: cost: missing coalition \"A,B\"");
    expect_load_error("{\"players\": [\"A\", \"B\", \"A\"], \"cost\": {}}",
                      "game.json:1: players: duplicate player \"A\"");
    expect_load_error("{\"players\": [\"A\", \"B\"],\n\"cost\": {\n\"A\": 1,\n\"B\": 2,\n\"A,B\": 3,\n\"B,A\": 3}}",
                      "game.json:6: cost: coalition \"B,A\" given twice (also as \"A,B\")");
    expect_load_error("{\"players\": [\"A\", \"B\"],\n\"cost\": {\n\"A\": 1,\n\"A,C\": 2}}",
                      "game.json:4: cost: unknown player \"C\" in coalition \"A,C\"");
    expect_load_error("{\"players\": [\"A\"],\n\"cost\": {\n\"A\": -1}}",
                      "game.json:3: cost: coalition \"A\": must be >= 0, got -1");
    expect_load_error("{\"players\": [\"A\"],\n\"cost\": {\n\"A\": 1e308}}",
                      "game.json:3: cost: coalition \"A\": must be <= 10000000000000, got 1e+308");
    expect_load_error("{\"players\": [\"A\"],\n\"cost\": {\n\"A\": null}}",
                      "game.json:3: cost: coalition \"A\": expected a number, got null");
    expect_load_error("{\"players\": [\"A\"],\n\"cost\": {\n\"A\": 1,}}",
                      "game.json:3: invalid JSON: expected {\"players\": [...], \"cost\": {...}}");
    expect_load_error("{\"players\": [\"A\", \"A,B\"], \"cost\": {}}",
                      "game.json:1: players: a name must be non-empty, without commas or surrounding spaces, "
                      "got \"A,B\"");
    expect_load_error("{\"players\": [\"A\"]}", "game.json: cost: missing: expected an object of coalition costs");
    /* 1e400 reads as infinity: said as too large, not as "must be >= 0, got inf" */
    expect_load_error("{\"players\": [\"A\"],\n\"cost\": {\n\"A\": 1e400}}",
                      "game.json:3: cost: coalition \"A\": must be <= 10000000000000, got a number beyond any double");
    /* a players error names the line the list starts on (it named none) */
    expect_load_error("{\n\n  \"players\": [\"A\", \"B\", \"A\"], \"cost\": {}}",
                      "game.json:3: players: duplicate player \"A\"");
}

Test(allocate, loader_refuses_names_that_are_not_utf8)
{
    /* interface.md: inputs are UTF-8; a Latin-1 name would reach the JSON output raw */
    expect_load_error("{\"players\": [\"A\", \"B\xE9\"], \"cost\": {\"A\": 1}}",
                      "game.json:1: players: player 2 is not valid UTF-8");
}

/* --- end to end --- */

Test(allocate, cli_prints_the_savings_shape)
{
    /* tests/data/games/three_firms.json: the 3-player game of
     * test_shapley.c (three_players_by_hand): Shapley value 6, 16, 26. */
    struct cf_run r = cf_run_cli("allocate --game %s/three_firms.json --format json", GAMES);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_str_eq(r.out,
                     "{\n"
                     "\t\"rule\":\t\"shapley\",\n"
                     "\t\"currency\":\t\"USD\",\n"
                     "\t\"total_standalone\":\t60,\n"
                     "\t\"total_consolidated\":\t48,\n"
                     "\t\"members\":\t[{\n"
                     "\t\t\t\"firm\":\t\"A\",\n"
                     "\t\t\t\"standalone_cost\":\t10,\n"
                     "\t\t\t\"allocated_cost\":\t6,\n"
                     "\t\t\t\"savings\":\t4,\n"
                     "\t\t\t\"savings_pct\":\t40\n"
                     "\t\t}, {\n"
                     "\t\t\t\"firm\":\t\"B\",\n"
                     "\t\t\t\"standalone_cost\":\t20,\n"
                     "\t\t\t\"allocated_cost\":\t16,\n"
                     "\t\t\t\"savings\":\t4,\n"
                     "\t\t\t\"savings_pct\":\t20\n"
                     "\t\t}, {\n"
                     "\t\t\t\"firm\":\t\"C\",\n"
                     "\t\t\t\"standalone_cost\":\t30,\n"
                     "\t\t\t\"allocated_cost\":\t26,\n"
                     "\t\t\t\"savings\":\t4,\n"
                     "\t\t\t\"savings_pct\":\t13.33\n"
                     "\t\t}],\n"
                     "\t\"core\":\t{\n"
                     "\t\t\"checked\":\t\"exact\",\n"
                     "\t\t\"stable\":\ttrue,\n"
                     "\t\t\"blocking_coalition\":\tnull\n"
                     "\t}\n"
                     "}\n");
    cr_expect_str_eq(r.err, "");
    cf_run_free(&r);
}

Test(allocate, cli_nucleolus_of_a_published_game_as_csv)
{
    /* Hasan et al. (2011) via Guajardo & Jörnsten (2015): nucleolus
     * 7.5, 0.5, 1.5, 10.5 (test_nucleolus.c). */
    struct cf_run r = cf_run_cli("allocate --game %s/hasan_2011.json --rule nucleolus --format csv", GAMES);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_str_eq(r.out, "firm,standalone_cost,allocated_cost,savings,savings_pct\r\n" /* RFC 4180 */
                            "M1,8.00,7.50,0.50,6.25\r\n"
                            "M2,1.00,0.50,0.50,50.00\r\n"
                            "M3,10.00,1.50,8.50,85.00\r\n"
                            "M4,11.00,10.50,0.50,4.55\r\n");
    cr_expect_str_eq(r.err, "clusterfreight: nucleolus: core stable (every coalition checked)\n");
    cf_run_free(&r);
}

Test(allocate, cli_csv_for_excel_in_za_and_eu_locales)
{
    /* --csv-delimiter ';': fields split by ';' and amounts with a decimal
     * comma, as Excel in those locales writes and reads them, after the UTF-8
     * byte order mark that makes Excel read the names as UTF-8; the same
     * nucleolus as above */
    struct cf_run r = cf_run_cli("allocate --game %s/hasan_2011.json --rule nucleolus --format csv "
                                 "--csv-delimiter ';'", GAMES);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_str_eq(r.out, "\xEF\xBB\xBF"
                            "firm;standalone_cost;allocated_cost;savings;savings_pct\r\n"
                            "M1;8,00;7,50;0,50;6,25\r\n"
                            "M2;1,00;0,50;0,50;50,00\r\n"
                            "M3;10,00;1,50;8,50;85,00\r\n"
                            "M4;11,00;10,50;0,50;4,55\r\n");
    cf_run_free(&r);
    r = cf_run_cli("allocate --game %s/hasan_2011.json --format csv --csv-delimiter tab", GAMES);
    cr_expect_eq(r.status, 2);
    cr_expect_str_eq(r.err, "clusterfreight allocate: --csv-delimiter: expected ',' or ';', got \"tab\" "
                            "(see 'clusterfreight allocate --help')\n");
    cr_expect_str_eq(r.out, "");
    cf_run_free(&r);
}

/* The allocated_cost column of `allocate --game GAMES/<name> --rule RULE
 * --format csv`, joined by spaces. */
static char *allocated_column(const char *name, const char *rule)
{
    struct cf_run r = cf_run_cli("allocate --game %s/%s --rule %s --format csv", GAMES, name, rule);
    cr_assert_eq(r.status, 0, "%s: %s", name, r.err);
    static char col[512];
    col[0] = '\0';
    char *save = NULL;
    for (char *line = strtok_r(r.out, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, "firm,", 5) == 0)
            continue;
        char *cell = strchr(line, ',');
        cell = cell != NULL ? strchr(cell + 1, ',') : NULL;
        cr_assert_not_null(cell, "%s", line);
        char *end = strchr(cell + 1, ',');
        size_t len = strlen(col);
        snprintf(col + len, sizeof col - len, "%s%.*s", len ? " " : "", (int)(end - cell - 1), cell + 1);
    }
    cf_run_free(&r);
    return col;
}

Test(allocate, nucleolus_of_random_games_that_stopped_glpk, .timeout = 60)
{
    /* random games of 6 to 9 players (a helper's audit, costs 0.3 to 1.2 times
       the members' standalone sum); the exact nucleoli, solved in rational
       arithmetic by glpsol --exact and rounded by largest remainder. They
       stopped the sequence of LPs: the dual simplex failing once rows were
       fixed (6), a coalition fixed twice with right-hand sides that differed
       in the last bits, making the next LP infeasible (6), or looping for
       minutes (8); and eps unbounded while its rows were still to be added (9) */
    cr_expect_str_eq(allocated_column("random6_efail.json", "nucleolus"),
                     "506.61 199.59 227.56 498.23 457.22 124.83");
    cr_expect_str_eq(allocated_column("random6_infeasible.json", "nucleolus"),
                     "174.07 474.15 492.74 494.69 123.28 648.76");
    cr_expect_str_eq(allocated_column("random8_cycle.json", "nucleolus"),
                     "353.97 22.56 59.32 527.02 234.50 141.90 264.76 183.21");
    cr_expect_str_eq(allocated_column("random9_unbounded.json", "nucleolus"),
                     "177.86 203.94 220.29 145.80 139.68 427.67 260.24 369.25 156.36");
}

Test(allocate, savings_pct_is_null_where_the_standalone_cost_is_0)
{
    /* c(A) = 0, c(B) = 10, c(AB) = 20: Shapley A = (0 + 20 - 10) / 2 = 5.00, B = 15.00.
       A pays 5.00 where alone it pays nothing: no percent of 0 says that */
    const char *game = cf_temp_file("{\"players\":[\"A\",\"B\"],\"cost\":{\"A\":0,\"B\":10,\"A,B\":20}}", ".json");
    struct cf_run r = cf_run_cli("allocate --game %s --format json", game);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_not_null(strstr(r.out, "\"allocated_cost\":\t5,\n\t\t\t\"savings\":\t-5,\n\t\t\t\"savings_pct\":\tnull"),
                       "%s", r.out);
    cf_run_free(&r);
    r = cf_run_cli("allocate --game %s --format csv", game);
    cr_expect_not_null(strstr(r.out, "\nA,0.00,5.00,-5.00,n/a\r\n"), "%s", r.out);
    cf_run_free(&r);
}

Test(allocate, cli_names_the_blocking_coalition)
{
    struct cf_run r = cf_run_cli("allocate --game %s/empty_core.json --rule shapley --format table", GAMES);
    cr_assert_eq(r.status, 0, "%s", r.err);
    /* A and B are printed at 6.67 each: 13.34 against c(AB) = 12.00 */
    cr_expect(strstr(r.out, "shapley: core unstable (every coalition checked): coalition A,B would pay "
                            "1.34 USD more than on its own\n") != NULL, "%s", r.out);
    cf_run_free(&r);
    r = cf_run_cli("allocate --game %s/empty_core.json --format json", GAMES);
    cr_expect(strstr(r.out, "\"blocking_coalition\":\t[\"A\", \"B\"]") != NULL, "%s", r.out);
    cf_run_free(&r);
}

Test(allocate, the_core_check_is_of_the_cents_printed)
{
    /* tests/data/games/rounding5.json: five alike players, c(S) = 20.4 cents a member
       rounded up to the cent: 0.21, 0.41, 0.62, 0.82 and c(N) = 1.02. Every rule gives
       each 0.204, in the core (a pair pays 0.408 <= 0.41). Rounded by largest remainder
       (domain.md: 0.20 each and the two cents left to the first two on the tie) A and B
       pay 0.21 each: 0.42, 0.01 over their 0.41. The check used to run on the unrounded
       values and call this stable; the allocation printed is not, and the output says
       that the rounding alone does it. */
    static const char *const rules[] = {"shapley", "nucleolus", "epm"};
    for (size_t k = 0; k < 3; k++) {
        struct cf_run r = cf_run_cli("allocate --game %s/rounding5.json --rule %s --format table", GAMES, rules[k]);
        cr_assert_eq(r.status, 0, "%s", r.err);
        cr_expect(strstr(r.out, ": core unstable (every coalition checked): coalition A,B would pay 0.01 USD more "
                                "than on its own (only by the rounding to the cent: the unrounded shares are in "
                                "the core)\n") != NULL, "%s: %s", rules[k], r.out);
        cf_run_free(&r);
    }
    struct cf_run r = cf_run_cli("allocate --game %s/rounding5.json --rule shapley --format json", GAMES);
    cJSON *doc = cJSON_Parse(r.out);
    cr_assert_not_null(doc, "%s", r.out);
    const cJSON *core = cJSON_GetObjectItem(doc, "core");
    cr_expect(cJSON_IsFalse(cJSON_GetObjectItem(core, "stable")));
    cr_expect(cJSON_IsTrue(cJSON_GetObjectItem(core, "rounding_only")));
    cr_expect_float_eq(cJSON_GetNumberValue(cJSON_GetObjectItem(core, "violation")), 0.01, 1e-9);
    cJSON_Delete(doc);
    cf_run_free(&r);
    /* a real blocking coalition is not put down to rounding (empty_core.json) */
    r = cf_run_cli("allocate --game %s/empty_core.json --rule shapley --format json", GAMES);
    doc = cJSON_Parse(r.out);
    cr_assert_not_null(doc, "%s", r.out);
    cr_expect(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "core"), "rounding_only")));
    cJSON_Delete(doc);
    cf_run_free(&r);
}

Test(allocate, cli_errors_and_exit_codes)
{
    struct cf_run r = cf_run_cli("allocate --game %s/empty_core.json --rule epm", GAMES);
    cr_expect_eq(r.status, 65);
    cr_expect_str_eq(r.out, "");
    cr_expect_str_eq(r.err, "clusterfreight: " GAMES "/empty_core.json: epm: the core is empty: no allocation "
                            "of c(N) keeps every coalition at or below its own cost, so the equal profit "
                            "method is undefined\n");
    cf_run_free(&r);

    r = cf_run_cli("allocate --game %s/missing_coalition.json", GAMES);
    cr_expect_eq(r.status, 65);
    cr_expect_str_eq(r.err, "clusterfreight: " GAMES "/missing_coalition.json:3: cost: missing coalition \"B,C\"\n");
    cf_run_free(&r);

    r = cf_run_cli("allocate --game %s/duplicate_player.json", GAMES);
    cr_expect_eq(r.status, 65);
    cr_expect_str_eq(r.err, "clusterfreight: " GAMES "/duplicate_player.json:1: players: duplicate player \"A\"\n");
    cf_run_free(&r);

    r = cf_run_cli("allocate --game %s/bad_cost.json", GAMES);
    cr_expect_eq(r.status, 65);
    cr_expect_str_eq(r.err, "clusterfreight: " GAMES "/bad_cost.json:5: cost: coalition \"B\": expected a "
                            "number, got \"twenty\"\n");
    cf_run_free(&r);

    r = cf_run_cli("allocate --game %s/three_firms.json --rule usage", GAMES);
    cr_expect_eq(r.status, 2);
    cr_expect_str_eq(r.err, "clusterfreight allocate: --rule usage shares containers by shipment volume and "
                            "needs shipments: use 'clusterfreight savings --rule usage' (see 'clusterfreight "
                            "allocate --help')\n");
    cf_run_free(&r);

    r = cf_run_cli("allocate --rule nucleolus");
    cr_expect_eq(r.status, 2);
    cr_expect_str_eq(r.err, "clusterfreight allocate: --game SRC is required (see 'clusterfreight allocate --help')\n");
    cf_run_free(&r);

    r = cf_run_cli("allocate --game %s/no_such_game.json", GAMES);
    cr_expect_eq(r.status, 74);
    cf_run_free(&r);

    r = cf_run_cli("allocate --help");
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "(default: shapley)") != NULL);
    cf_run_free(&r);
}

Test(allocate, cli_samples_beyond_twelve_players)
{
    /* 13 players: 8191 coalitions written out; c(S) = longest runway in S
     * plus 4 sqrt(total volume). The Shapley value is sampled, each member
     * gets a half_width, and the core check is sampled too. */
    static const double runway[13] = {5, 9, 14, 3, 20, 7, 11, 2, 16, 8, 4, 12, 6};
    static const double volume[13] = {40, 10, 90, 25, 60, 5, 70, 30, 15, 50, 20, 35, 45};
    size_t cap = 8192 * 80;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    size_t len = (size_t)snprintf(text, cap, "{\"players\": [\"F1\"");
    for (int i = 1; i < 13; i++)
        len += (size_t)snprintf(text + len, cap - len, ", \"F%d\"", i + 1);
    len += (size_t)snprintf(text + len, cap - len, "],\n\"cost\": {");
    for (unsigned s = 1; s < 8192; s++) {
        double longest = 0.0, total = 0.0;
        len += (size_t)snprintf(text + len, cap - len, "%s\n\"", s == 1 ? "" : ",");
        const char *sep = "";
        for (int i = 0; i < 13; i++)
            if ((s >> i) & 1u) {
                longest = fmax(longest, runway[i]);
                total += volume[i];
                len += (size_t)snprintf(text + len, cap - len, "%sF%d", sep, i + 1);
                sep = ",";
            }
        len += (size_t)snprintf(text + len, cap - len, "\": %.6f", longest + 4.0 * sqrt(total));
    }
    snprintf(text + len, cap - len, "}}\n");
    const char *path = cf_temp_file(text, ".json");
    free(text);
    struct cf_run r = cf_run_cli("allocate --game %s --samples 400 --seed 5 --format json", path);
    cr_assert_eq(r.status, 0, "%s", r.err);
    size_t widths = 0;
    for (const char *p = strstr(r.out, "\"half_width\""); p != NULL; p = strstr(p + 1, "\"half_width\""))
        widths++;
    cr_expect_eq(widths, 13);
    cr_expect(strstr(r.out, "\"checked\":\t\"sampled\"") != NULL, "%s", r.out);
    /* the same seed prints the same figures */
    struct cf_run again = cf_run_cli("allocate --game %s --samples 400 --seed 5 --format json", path);
    cr_expect_str_eq(again.out, r.out);
    cf_run_free(&again);
    cf_run_free(&r);
}
