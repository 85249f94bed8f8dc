/* cmd_allocate.c — `clusterfreight allocate --game SRC [--rule RULE]`
 * (interface.md): a cost game given directly (models/load_game.c) shared out
 * by one of the rules of domain.md, "Cost allocation" (solver/allocate.h),
 * printed in the `savings` shape as JSON, a table or CSV. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "models/game_data.h"
#include "models/money.h"
#include "solver/allocate.h"

enum { OPT_GAME = 300, OPT_RULE, OPT_SAMPLES, OPT_SEED };

static const struct cli_option options[] = {
    {"game", 1, OPT_GAME, "SRC", "cost game JSON {\"players\": [...], \"cost\": {\"A\": 10, \"A,B\": 14, ...}}", NULL},
    {"rule", 1, OPT_RULE, "RULE", "shapley, nucleolus, epm or standalone (usage needs shipments: see savings)", "shapley"},
    {"samples", 1, OPT_SAMPLES, "N", "permutations for the Shapley value beyond 12 players (4..100000000)", "2000"},
    {"seed", 1, OPT_SEED, "S", "random seed of the sampled Shapley value and core check", "1"},
};

static const struct cli_command command = {
    "allocate", "--game SRC [--rule RULE] [--samples N] [--seed S]",
    "Share out the cost of a cooperative cost game given directly: every member's\n"
    "standalone cost, allocated cost and savings, and whether the allocation is in the core.",
    options, sizeof options / sizeof options[0], 1, "game",
    0, CF_CLOCK_WALL}; /* the shared --time-limit and --clock defaults */

struct args {
    const char *game;
    enum cf_alloc_rule rule;
    struct cf_alloc_opts opts;
};

static int on_option(int key, const char *arg, void *ctx)
{
    struct args *a = ctx;
    switch (key) {
    case OPT_GAME:
        a->game = arg;
        return 0;
    case OPT_RULE:
        if (strcmp(arg, "usage") == 0)
            return cli_usage_error("allocate", "--rule usage shares containers by shipment volume and needs "
                                               "shipments: use 'clusterfreight savings --rule usage'");
        if (cf_alloc_rule_parse(arg, &a->rule) != 0)
            return cli_usage_error("allocate", "--rule: expected shapley, nucleolus, epm or standalone, got \"%s\"",
                                   arg);
        return 0;
    case OPT_SAMPLES: {
        long v;
        if (cli_parse_long("allocate", "samples", arg, 4, 100000000, &v) != 0)
            return CF_ERR_USAGE;
        a->opts.samples = v;
        return 0;
    }
    case OPT_SEED: {
        unsigned long long v;
        if (cli_parse_seed("allocate", "seed", arg, &v) != 0)
            return CF_ERR_USAGE;
        a->opts.seed = v;
        return 0;
    }
    default:
        return CF_ERR_USAGE;
    }
}

static cJSON *to_json(const struct cli_common *common, const struct cf_game_data *g,
                      const struct cf_allocation *a)
{
    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL)
        return NULL;
    cJSON_AddStringToObject(doc, "rule", cf_alloc_rule_name(a->rule));
    cJSON_AddStringToObject(doc, "currency", common->currency);
    cli_json_money(doc, "total_standalone", a->total_standalone);
    cli_json_money(doc, "total_consolidated", a->total_consolidated);
    cJSON *members = cJSON_AddArrayToObject(doc, "members");
    for (size_t i = 0; members != NULL && i < a->n; i++) {
        cJSON *m = cli_json_push_object(members);
        if (m == NULL) {
            cJSON_Delete(doc);
            return NULL;
        }
        cJSON_AddStringToObject(m, "firm", g->players[i]);
        cli_json_money(m, "standalone_cost", a->standalone_cents[i]);
        cli_json_money(m, "allocated_cost", a->allocated_cents[i]);
        cli_json_money(m, "savings", a->standalone_cents[i] - a->allocated_cents[i]);
        cli_json_number_or_null(m, "savings_pct", cli_savings_pct(a->standalone_cents[i], a->allocated_cents[i]));
        if (a->half_width != NULL)
            cli_json_money(m, "half_width", cf_money_round(a->half_width[i]));
    }
    cJSON *core = cJSON_AddObjectToObject(doc, "core");
    if (core != NULL) {
        cJSON_AddStringToObject(core, "checked", a->core.exact ? "exact" : "sampled");
        cJSON_AddBoolToObject(core, "stable", a->core.stable);
        if (a->core.stable) {
            cJSON_AddNullToObject(core, "blocking_coalition");
        } else {
            cJSON *list = cJSON_AddArrayToObject(core, "blocking_coalition");
            for (size_t i = 0; list != NULL && i < a->n; i++)
                if ((a->core.blocking >> i) & 1u)
                    cJSON_AddItemToArray(list, cJSON_CreateString(g->players[i]));
            cli_json_money(core, "violation", cf_money_round(a->core.violation));
            cJSON_AddBoolToObject(core, "rounding_only", a->core.rounding_only);
        }
    }
    if (members == NULL || core == NULL) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

static int print_table(const struct cli_common *common, const struct cf_game_data *g,
                       const struct cf_allocation *a)
{
    static const char *const headers[] = {"firm", "standalone_cost", "allocated_cost", "savings",
                                          "savings_pct", "half_width"};
    size_t ncols = a->half_width != NULL ? 6 : 5;
    struct cli_table *t = cli_table_new(ncols, headers);
    if (t == NULL)
        return CF_ERR_INTERNAL;
    for (size_t c = 1; c < ncols; c++)
        cli_table_numeric(t, c);
    char cells[6][64];
    const char *row[6];
    for (size_t c = 0; c < 6; c++)
        row[c] = cells[c];
    size_t rows = a->n + (common->format == CLI_FORMAT_TABLE ? 1 : 0); /* a total row for people */
    for (size_t i = 0; i < rows; i++) {
        int total = i == a->n;
        cf_cents_t standalone = total ? a->total_standalone : a->standalone_cents[i];
        cf_cents_t allocated = total ? a->total_consolidated : a->allocated_cents[i];
        snprintf(cells[0], sizeof cells[0], "%s", total ? "total" : g->players[i]);
        cli_money_cell(common, standalone, cells[1], sizeof cells[1]);
        cli_money_cell(common, allocated, cells[2], sizeof cells[2]);
        cli_money_cell(common, standalone - allocated, cells[3], sizeof cells[3]);
        double pct = cli_savings_pct(standalone, allocated);
        snprintf(cells[4], sizeof cells[4], isnan(pct) ? "n/a" : "%.2f", pct);
        if (a->half_width != NULL && !total)
            cli_money_cell(common, cf_money_round(a->half_width[i]), cells[5], sizeof cells[5]);
        else
            cells[5][0] = '\0';
        if (cli_table_add(t, row) != 0) {
            cli_table_free(t);
            return CF_ERR_INTERNAL;
        }
    }
    cli_table_emit(common, t, stdout);
    cli_table_free(t);

    /* the core verdict: under the table for people, on stderr beside CSV data */
    FILE *out = common->format == CLI_FORMAT_TABLE ? stdout : stderr;
    if (common->format != CLI_FORMAT_TABLE && common->verbosity < 0)
        return CF_OK;
    fprintf(out, "%s%s: core %s (%s)", common->format == CLI_FORMAT_TABLE ? "\n" : "clusterfreight: ",
            cf_alloc_rule_name(a->rule), a->core.stable ? "stable" : "unstable",
            a->core.exact ? "every coalition checked" : "sampled coalitions checked");
    if (!a->core.stable) {
        char over[64];
        cf_money_format_grouped(cf_money_round(a->core.violation), over, sizeof over);
        fprintf(out, ": coalition ");
        const char *sep = "";
        for (size_t i = 0; i < a->n; i++)
            if ((a->core.blocking >> i) & 1u) {
                fprintf(out, "%s%s", sep, g->players[i]);
                sep = ",";
            }
        fprintf(out, " would pay %s %s more than on its own", over, common->currency);
        if (a->core.rounding_only)
            fprintf(out, " (only by the rounding to the cent: the unrounded shares are in the core)");
    }
    fprintf(out, "\n");
    return CF_OK;
}

int cmd_allocate(int argc, char **argv)
{
    struct args a;
    memset(&a, 0, sizeof a);
    a.rule = CF_RULE_SHAPLEY;
    cf_alloc_opts_default(&a.opts);
    struct cli_common common;
    int rc = cli_parse(&command, argc, argv, &common, on_option, &a);
    if (rc == CLI_HELP_SHOWN)
        return 0;
    if (rc != CF_OK)
        return rc;

    struct cf_error err;
    cf_error_clear(&err);
    struct cli_source cs;
    struct cf_game_data data;
    struct cf_game *game = NULL;
    struct cf_allocation alloc;
    memset(&cs, 0, sizeof cs);
    memset(&data, 0, sizeof data);
    memset(&alloc, 0, sizeof alloc);
    int opened = 0, io_failed = 0;
    rc = cli_common_load(&common, &err);
    if (rc != CF_OK)
        goto done;
    rc = cli_source_open(&common, a.game, &cs, &err);
    if (rc != CF_OK)
        goto done;
    opened = 1;
    rc = cf_load_game(&cs.src, &data, &err);
    if (rc != CF_OK)
        goto done;
    rc = cf_game_from_table(data.n, (const char *const *)data.players, data.cost, &game, &err);
    if (rc != CF_OK)
        goto done;
    rc = cf_allocate(game, a.rule, &a.opts, &alloc, &err);
    if (rc == CF_ERR_DATA) { /* a rule that cannot apply to this game: name the game */
        char message[sizeof err.message];
        snprintf(message, sizeof message, "%s", err.message);
        cf_error_set(&err, CF_ERR_DATA, cs.src.name, 0, NULL, "%s", message);
    }
    if (rc != CF_OK)
        goto done;
    cli_log(&common, 0, "%s: %zu players, %s allocation", cs.src.name, data.n, cf_alloc_rule_name(a.rule));
    if (common.format == CLI_FORMAT_JSON) {
        cJSON *doc = to_json(&common, &data, &alloc);
        rc = doc != NULL ? cli_json_print(doc, stdout) : CF_ERR_INTERNAL;
        cJSON_Delete(doc);
    } else {
        rc = print_table(&common, &data, &alloc);
    }
    if (rc != CF_OK)
        cf_error_set(&err, rc, NULL, 0, NULL, "could not write the output");
    else
        io_failed = cli_stdout_flush() != CF_OK; /* it said why */
done:
    cf_allocation_free(&alloc);
    cf_game_free(game);
    cf_game_data_free(&data);
    if (opened)
        cli_source_close(&cs);
    cli_common_free(&common);
    if (io_failed)
        return CF_ERR_IO;
    return rc == CF_OK ? 0 : cli_fail(&err);
}
