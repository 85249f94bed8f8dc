/* cmd_benchmark.c — `clusterfreight benchmark --quotes SRC [--member FIRM]`
 * (interface.md): streams the quotes through the rate benchmark
 * (rates/benchmark.h) and prints lanes and firms' positions as a table, CSV
 * or the "benchmark" JSON shape; with --member, that firm's confidential view. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "models/loaders.h"
#include "models/money.h"
#include "rates/benchmark.h"

enum { OPT_QUOTES = 400, OPT_MEMBER, OPT_VIEW, OPT_MIN_FIRMS };

enum view { VIEW_DEFAULT = 0, VIEW_LANES, VIEW_FIRMS, VIEW_BOTH };

static const struct cli_option options[] = {
    {"quotes", 1, OPT_QUOTES, "SRC", "firms' quotes, CSV or JSON (file, - or URL); required", NULL},
    {"member", 1, OPT_MEMBER, "FIRM", "that firm's confidential view: its own lanes and positions, aggregates of at least --min-firms firms, no min or max", NULL},
    {"view", 1, OPT_VIEW, "lanes|firms|both", "tables to print (table and csv; CSV holds one table; JSON always has both)", "both for table, lanes for csv"},
    {"min-firms", 1, OPT_MIN_FIRMS, "N", "with --member: fewest firms quoting a lane for its aggregates to be shown (3 or more)", "3"},
};

static const struct cli_command command = {
    "benchmark", "--quotes SRC [--member FIRM] [--view lanes|firms|both]",
    "Where each firm's quotes stand against the cluster, lane by lane: per (mode, origin,\n"
    "destination, equipment) the firms quoting it and min, p25, median, mean, p75, max of their\n"
    "lowest valid all-in rates (base currency per unit of the equipment), the spread p75/p25 and\n"
    "the excess over the median; per firm its rate and index vs the median (domain.md).",
    options, sizeof options / sizeof options[0], 1, "quotes",
    0, CF_CLOCK_WALL}; /* the shared --time-limit and --clock defaults */

struct benchmark_args {
    const char *quotes;
    const char *member;
    enum view view;
    size_t min_firms;
};

static int on_option(int key, const char *arg, void *ctx)
{
    struct benchmark_args *a = ctx;
    switch (key) {
    case OPT_QUOTES: a->quotes = arg; return 0;
    case OPT_MEMBER:
        if (arg[0] == '\0')
            return cli_usage_error("benchmark", "--member: expected a firm's name, got \"\"");
        a->member = arg;
        return 0;
    case OPT_VIEW:
        if (strcmp(arg, "lanes") == 0)
            a->view = VIEW_LANES;
        else if (strcmp(arg, "firms") == 0)
            a->view = VIEW_FIRMS;
        else if (strcmp(arg, "both") == 0)
            a->view = VIEW_BOTH;
        else
            return cli_usage_error("benchmark", "--view: expected lanes, firms or both, got \"%s\"", arg);
        return 0;
    case OPT_MIN_FIRMS: {
        char *end = NULL;
        errno = 0;
        long n = strtol(arg, &end, 10);
        /* interface.md, "Confidentiality": never fewer than 3 firms */
        if (errno != 0 || end == arg || *end != '\0' || n < CF_BENCHMARK_MIN_FIRMS || n > 1000000)
            return cli_usage_error("benchmark", "--min-firms: expected a whole number >= %d, got \"%s\"",
                                   CF_BENCHMARK_MIN_FIRMS, arg);
        a->min_firms = (size_t)n;
        return 0;
    }
    default:
        return cli_usage_error("benchmark", "internal: unhandled option");
    }
}

/* What one unit of the equipment's rate buys, for people reading the rates. */
static const char *unit_name(const struct cli_common *common, const struct cf_benchmark_lane *lane)
{
    const struct cf_equipment *e = cf_catalogue_find(&common->catalogue, lane->equipment);
    if (e == NULL)
        return "";
    switch (e->unit) {
    case CF_UNIT_CONTAINER: return lane->mode == CF_MODE_ROAD ? "truck" : "container";
    case CF_UNIT_REVENUE_TON: return "revenue_ton";
    case CF_UNIT_AIR_KG: return "kg";
    case CF_UNIT_ROAD_KG: return "kg";
    }
    return "";
}

/* --- JSON --- */

/* A rate at full precision, or null where withheld or undefined. */
static int json_rate(cJSON *obj, const char *name, double v)
{
    return cli_json_number_or_null(obj, name, v) != NULL ? 0 : -1;
}

static int withheld_note(char *buf, size_t size, size_t min_firms)
{
    return snprintf(buf, size, "fewer than %zu firms", min_firms);
}

static cJSON *report_json(const struct cli_common *common, const struct benchmark_args *args,
                          const struct cf_benchmark_report *r)
{
    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL)
        return NULL;
    int bad = cJSON_AddStringToObject(doc, "currency", common->currency) == NULL;
    if (common->as_of != CF_DATE_NONE) {
        char day[11];
        cf_date_format(common->as_of, day);
        bad |= cJSON_AddStringToObject(doc, "as_of", day) == NULL;
    } else {
        bad |= cJSON_AddNullToObject(doc, "as_of") == NULL;
    }
    if (r->member_view) {
        bad |= cJSON_AddStringToObject(doc, "member", args->member) == NULL;
        bad |= cJSON_AddNumberToObject(doc, "min_firms", (double)r->min_firms) == NULL;
    }
    cJSON *lanes = cJSON_AddArrayToObject(doc, "lanes");
    cJSON *firms = cJSON_AddArrayToObject(doc, "firms");
    bad |= lanes == NULL || firms == NULL;
    for (size_t i = 0; !bad && i < r->nlanes; i++) {
        const struct cf_benchmark_lane *l = &r->lanes[i];
        cJSON *o = cli_json_push_object(lanes);
        bad |= o == NULL;
        if (bad)
            break;
        bad |= cJSON_AddStringToObject(o, "mode", cf_mode_name(l->mode)) == NULL;
        bad |= cJSON_AddStringToObject(o, "origin", l->origin) == NULL;
        bad |= cJSON_AddStringToObject(o, "destination", l->destination) == NULL;
        bad |= cJSON_AddStringToObject(o, "equipment", l->equipment) == NULL;
        bad |= cJSON_AddStringToObject(o, "unit", unit_name(common, l)) == NULL;
        bad |= cJSON_AddNumberToObject(o, "firms", (double)l->firms) == NULL;
        bad |= json_rate(o, "min", l->min);
        bad |= json_rate(o, "p25", l->p25);
        bad |= json_rate(o, "median", l->median);
        bad |= json_rate(o, "mean", l->mean);
        bad |= json_rate(o, "p75", l->p75);
        bad |= json_rate(o, "max", l->max);
        bad |= json_rate(o, "p75_over_p25", l->p75_over_p25);
        bad |= json_rate(o, "excess_over_median", l->excess_over_median);
        if (l->withheld) {
            char note[64];
            withheld_note(note, sizeof note, r->min_firms);
            bad |= cJSON_AddStringToObject(o, "withheld", note) == NULL;
        } else if (r->member_view && l->firms < CF_BENCHMARK_QUARTILE_FIRMS) {
            char note[64];
            withheld_note(note, sizeof note, CF_BENCHMARK_QUARTILE_FIRMS);
            bad |= cJSON_AddStringToObject(o, "quartiles_withheld", note) == NULL;
        }
    }
    for (size_t i = 0; !bad && i < r->npositions; i++) {
        const struct cf_benchmark_position *p = &r->positions[i];
        const struct cf_benchmark_lane *l = &r->lanes[p->lane];
        char lane[2 * CF_LOCODE_LEN + 1];
        snprintf(lane, sizeof lane, "%s-%s", l->origin, l->destination);
        cJSON *o = cli_json_push_object(firms);
        bad |= o == NULL;
        if (bad)
            break;
        bad |= cJSON_AddStringToObject(o, "firm", p->firm) == NULL;
        bad |= cJSON_AddStringToObject(o, "mode", cf_mode_name(l->mode)) == NULL;
        bad |= cJSON_AddStringToObject(o, "lane", lane) == NULL;
        bad |= cJSON_AddStringToObject(o, "equipment", l->equipment) == NULL;
        bad |= json_rate(o, "all_in", p->all_in);
        bad |= json_rate(o, "index_vs_median", p->index_vs_median);
    }
    if (bad) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

/* --- tables (terminal and CSV) --- */

/* A rate: 2 decimals (grouped for people, plain in CSV), but 4 for rates per
 * kg, where cents hide the spread (0.14 vs 0.1449); withheld or undefined:
 * "-" for people, empty in CSV. */
static void cell_money(char *buf, size_t size, double v, int csv, int per_kg)
{
    if (isnan(v))
        snprintf(buf, size, "%s", csv ? "" : "-");
    else if (per_kg)
        snprintf(buf, size, "%.4f", v);
    else if (csv)
        cf_money_format(cf_money_round(v), buf, size);
    else
        cf_money_format_grouped(cf_money_round(v), buf, size);
}

static void cell_ratio(char *buf, size_t size, double v, int csv)
{
    if (isnan(v))
        snprintf(buf, size, "%s", csv ? "" : "-");
    else
        snprintf(buf, size, csv ? "%.4f" : "%.2f", v);
}

static struct cli_table *lanes_table(const struct cli_common *common, const struct cf_benchmark_report *r)
{
    static const char *const headers[] = {"mode", "origin", "destination", "equipment", "unit",
                                          "firms", "min", "p25", "median", "mean", "p75", "max",
                                          "p75_over_p25", "excess_over_median", "note"};
    enum { NCOLS = sizeof headers / sizeof headers[0] };
    /* the note column says what a member's view withholds: only there */
    struct cli_table *t = cli_table_new(r->member_view ? NCOLS : NCOLS - 1, headers);
    if (t == NULL)
        return NULL;
    for (size_t c = 5; c <= 13; c++)
        cli_table_numeric(t, c);
    int csv = common->format == CLI_FORMAT_CSV;
    for (size_t i = 0; i < r->nlanes; i++) {
        const struct cf_benchmark_lane *l = &r->lanes[i];
        char firms[24], fig[8][40], note[64] = "";
        snprintf(firms, sizeof firms, "%zu", l->firms);
        const double money[] = {l->min, l->p25, l->median, l->mean, l->p75, l->max};
        int per_kg = strcmp(unit_name(common, l), "kg") == 0;
        for (size_t k = 0; k < 6; k++)
            cell_money(fig[k], sizeof fig[k], money[k], csv, per_kg);
        cell_ratio(fig[6], sizeof fig[6], l->p75_over_p25, csv);
        cell_money(fig[7], sizeof fig[7], l->excess_over_median, csv, per_kg);
        if (l->withheld) {
            memcpy(note, "withheld: ", 11);
            withheld_note(note + 10, sizeof note - 10, r->min_firms);
        } else if (r->member_view && l->firms < CF_BENCHMARK_QUARTILE_FIRMS) {
            memcpy(note, "quartiles withheld: ", 21);
            withheld_note(note + 20, sizeof note - 20, CF_BENCHMARK_QUARTILE_FIRMS);
        }
        const char *cells[NCOLS] = {cf_mode_name(l->mode), l->origin, l->destination, l->equipment,
                                    unit_name(common, l), firms, fig[0], fig[1], fig[2], fig[3],
                                    fig[4], fig[5], fig[6], fig[7], note};
        if (cli_table_add(t, cells) != 0) {
            cli_table_free(t);
            return NULL;
        }
    }
    return t;
}

static struct cli_table *firms_table(const struct cli_common *common, const struct cf_benchmark_report *r)
{
    static const char *const headers[] = {"firm", "mode", "lane", "equipment", "all_in",
                                          "index_vs_median"};
    enum { NCOLS = sizeof headers / sizeof headers[0] };
    struct cli_table *t = cli_table_new(NCOLS, headers);
    if (t == NULL)
        return NULL;
    cli_table_numeric(t, 4);
    cli_table_numeric(t, 5);
    int csv = common->format == CLI_FORMAT_CSV;
    for (size_t i = 0; i < r->npositions; i++) {
        const struct cf_benchmark_position *p = &r->positions[i];
        const struct cf_benchmark_lane *l = &r->lanes[p->lane];
        char lane[2 * CF_LOCODE_LEN + 1], all_in[40], index[40];
        snprintf(lane, sizeof lane, "%s-%s", l->origin, l->destination);
        cell_money(all_in, sizeof all_in, p->all_in, csv, strcmp(unit_name(common, l), "kg") == 0);
        cell_ratio(index, sizeof index, p->index_vs_median, csv);
        const char *cells[NCOLS] = {p->firm, cf_mode_name(l->mode), lane, l->equipment, all_in, index};
        if (cli_table_add(t, cells) != 0) {
            cli_table_free(t);
            return NULL;
        }
    }
    return t;
}

static int print_tables(const struct cli_common *common, const struct benchmark_args *args,
                        const struct cf_benchmark_report *r)
{
    enum view view = args->view;
    int titles = common->format == CLI_FORMAT_TABLE;
    struct cli_table *lanes = NULL, *firms = NULL;
    int rc = CF_OK;
    if (view == VIEW_LANES || view == VIEW_BOTH) {
        lanes = lanes_table(common, r);
        if (lanes == NULL) {
            rc = CF_ERR_INTERNAL;
            goto done;
        }
        if (titles && r->member_view)
            printf("Lanes quoted by %s: all-in %s per unit; medians of at least %zu firms, quartiles of at least %d; "
                   "min, max, mean and excess withheld\n\n",
                   args->member, common->currency, r->min_firms, CF_BENCHMARK_QUARTILE_FIRMS);
        else if (titles)
            printf("Lanes: all-in %s per unit, each firm's lowest valid quote\n\n", common->currency);
        cli_table_emit(common, lanes, stdout);
    }
    if (view == VIEW_FIRMS || view == VIEW_BOTH) {
        firms = firms_table(common, r);
        if (firms == NULL) {
            rc = CF_ERR_INTERNAL;
            goto done;
        }
        if (titles)
            printf("%s%s: all-in %s per unit and index vs the lane median\n\n", lanes != NULL ? "\n" : "",
                   r->member_view ? "Your positions" : "Firms' positions", common->currency);
        cli_table_emit(common, firms, stdout);
    }
done:
    cli_table_free(firms);
    cli_table_free(lanes);
    if (rc == CF_ERR_INTERNAL)
        fprintf(stderr, "clusterfreight: benchmark: out of memory\n");
    return rc;
}

int cmd_benchmark(int argc, char **argv)
{
    struct benchmark_args args = {NULL, NULL, VIEW_DEFAULT, CF_BENCHMARK_MIN_FIRMS};
    struct cli_common common;
    int rc = cli_parse(&command, argc, argv, &common, on_option, &args);
    if (rc == CLI_HELP_SHOWN)
        return 0;
    if (rc != CF_OK)
        return rc;
    if (args.view == VIEW_DEFAULT)
        args.view = common.format == CLI_FORMAT_CSV ? VIEW_LANES : VIEW_BOTH;
    if (args.view == VIEW_BOTH && common.format == CLI_FORMAT_CSV)
        return cli_usage_error("benchmark", "--view both: CSV holds one table, choose lanes or firms");
    if (args.member == NULL && args.min_firms != CF_BENCHMARK_MIN_FIRMS)
        return cli_usage_error("benchmark", "--min-firms applies to a member's view: add --member FIRM");

    struct cf_error err;
    cf_error_clear(&err);
    struct cli_source cs;
    int source_open = 0;
    struct cf_benchmark *bench = NULL;
    struct cf_benchmark_report report;
    memset(&report, 0, sizeof report);
    cJSON *doc = NULL;

    rc = cli_common_load(&common, &err);
    if (rc == CF_OK) {
        rc = cli_source_open(&common, args.quotes, &cs, &err);
        source_open = rc == CF_OK;
    }
    if (rc == CF_OK)
        rc = cf_benchmark_create(common.as_of, &bench, &err);
    if (rc == CF_OK) {
        struct cf_quote_opts qopts = {&common.fx, &common.catalogue, 0};
        rc = cf_load_quotes_each(&cs.src, &qopts, cf_benchmark_each, bench, &err);
    }
    if (rc == CF_OK) {
        struct cf_benchmark_counts counts;
        cf_benchmark_counts(bench, &counts);
        cli_log(&common, 1, "benchmark: %zu quotes read, %zu valid, %zu lanes", counts.rows, counts.valid,
                counts.lanes);
        if (common.as_of != CF_DATE_NONE && counts.rows > 0 && counts.valid == 0) { /* as cli_load_quotes */
            char day[11];
            cf_date_format(common.as_of, day);
            rc = cf_error_set(&err, CF_ERR_DATA, cs.src.name, 0, NULL,
                              "none of its %zu quotes is valid on %s (--as-of)", counts.rows, day);
        }
    }
    if (rc == CF_OK) {
        struct cf_benchmark_view view = {args.member, args.min_firms};
        rc = cf_benchmark_report(bench, &view, &report, &err);
    }
    if (rc != CF_OK) {
        rc = cli_fail(&err);
        goto done;
    }

    if (common.format == CLI_FORMAT_JSON) {
        doc = report_json(&common, &args, &report);
        rc = doc != NULL ? cli_json_print(doc, stdout) : CF_ERR_INTERNAL;
        if (rc != CF_OK)
            fprintf(stderr, "clusterfreight: benchmark: out of memory\n");
    } else {
        rc = print_tables(&common, &args, &report);
    }
    if (rc == CF_OK)
        rc = cli_stdout_flush();

done:
    cJSON_Delete(doc);
    cf_benchmark_report_free(&report);
    cf_benchmark_free(bench);
    if (source_open)
        cli_source_close(&cs);
    cli_common_free(&common);
    return rc;
}
