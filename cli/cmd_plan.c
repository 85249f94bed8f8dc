/* cmd_plan.c — `clusterfreight plan --shipments SRC --cluster-rates SRC
 * [--quotes SRC]` (interface.md): loads every input (bad data exits 65 before
 * any solving), builds the whole cluster's rate card (rates/ratecard.h: the
 * cluster rows with their tiers plus every firm's lowest quote), plans all
 * shipments together (solver/plan.h) and prints the plan as a table, one CSV
 * row per shipment, or the "plan" JSON shape. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "models/loaders.h"
#include "models/money.h"
#include "rates/ratecard.h"
#include "solver/usage.h"
#include "solver/plan.h"

enum { OPT_SHIPMENTS = 400, OPT_CLUSTER_RATES, OPT_QUOTES, OPT_SCHEDULE_START };

static const struct cli_option options[] = {
    {"shipments", 1, OPT_SHIPMENTS, "SRC", "members' shipments, CSV or JSON (file, - or URL); required", NULL},
    {"cluster-rates", 1, OPT_CLUSTER_RATES, "SRC", "the cluster's rate card with min_teu tiers; required", NULL},
    {"quotes", 1, OPT_QUOTES, "SRC", "firms' own quotes: the lowest per lane and equipment also prices the plan", "none"},
    {"schedule-start", 1, OPT_SCHEDULE_START, "DATE", "first sea sailing (sailings every 7 days)",
     "the Monday on or before the earliest ready date"},
};

static const struct cli_command command = {
    "plan", "--shipments SRC --cluster-rates SRC [--quotes SRC]",
    "The least-cost consolidation plan of every member's shipments: each shipment on one\n"
    "departure its dates allow, in a shared container or loose (LCL, AIR, LTL), priced by the\n"
    "cluster rate card (tiers by the plan's TEU per lane) or the lowest quote any firm holds;\n"
    "among plans of equal cost the balanced one. Reports a proven lower bound and the gap.",
    options, sizeof options / sizeof options[0], 1, "shipments cluster-rates",
    0, CF_CLOCK_WALL}; /* the shared --time-limit and --clock defaults */

struct plan_args {
    const char *shipments;
    const char *cluster_rates;
    const char *quotes;
    cf_date_t schedule_start;
};

static int on_option(int key, const char *arg, void *ctx)
{
    struct plan_args *a = ctx;
    switch (key) {
    case OPT_SHIPMENTS: a->shipments = arg; return 0;
    case OPT_CLUSTER_RATES: a->cluster_rates = arg; return 0;
    case OPT_QUOTES: a->quotes = arg; return 0;
    case OPT_SCHEDULE_START:
        if (cf_date_parse(arg, &a->schedule_start) != 0)
            return cli_usage_error("plan", "--schedule-start: expected YYYY-MM-DD, got \"%s\"", arg);
        return 0;
    default:
        return cli_usage_error("plan", "internal: unhandled option");
    }
}

static void log_line(void *ctx, const char *line)
{
    cli_log(ctx, 1, "%s", line);
}

/* Every firm named in the shipments or the quotes: the whole cluster. */
static int all_firms(const struct cf_shipments *ships, const struct cf_quotes *quotes,
                     const char ***firms, size_t *nfirms)
{
    size_t cap = ships->count + quotes->count;
    const char **list = calloc(cap ? cap : 1, sizeof *list);
    if (list == NULL)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < cap; i++) {
        const char *f = i < ships->count ? ships->items[i].firm : quotes->items[i - ships->count].firm;
        size_t j = 0;
        while (j < n && strcmp(list[j], f) != 0)
            j++;
        if (j == n && f[0] != '\0')
            list[n++] = f;
    }
    *firms = list;
    *nfirms = n;
    return 0;
}

/* --- output --- */

/* Each shipment's part of its container's cost under the usage rule
 * (revenue tons), in cents that add up to the container's cost (largest
 * remainder); a loose shipment's is its charge. 0, -1 on OOM or bad weights. */
static int cost_shares(const struct cf_shipments *ships, const struct cf_plan *plan, cf_cents_t *share)
{
    size_t most = 1;
    for (size_t c = 0; c < plan->ncontainers; c++)
        if (plan->containers[c].nshipments > most)
            most = plan->containers[c].nshipments;
    double *w = malloc(most * sizeof *w);
    cf_cents_t *part = malloc(most * sizeof *part);
    int rc = w != NULL && part != NULL ? 0 : -1;
    for (size_t c = 0; rc == 0 && c < plan->ncontainers; c++) {
        const struct cf_plan_container *pc = &plan->containers[c];
        if (pc->nshipments == 0)
            continue;
        rc = cf_usage_weights(ships, pc, w);
        for (size_t k = 0; rc == 0 && k < pc->nshipments; k++)
            w[k] *= (double)pc->cost;
        if (rc == 0)
            rc = cf_money_round_cents_to_total(w, pc->nshipments, pc->cost, part);
        for (size_t k = 0; rc == 0 && k < pc->nshipments; k++)
            share[pc->shipments[k]] = part[k];
    }
    for (size_t l = 0; rc == 0 && l < plan->nloose; l++)
        share[plan->loose[l].shipment] = plan->loose[l].cost;
    free(part);
    free(w);
    return rc;
}

/* CSV: one row per shipment (placed, loose or unplaced), in input order;
 * cost is its container's (or its loose charge), cost_share its part of it,
 * which a spreadsheet can sum to the plan's total. */
static int print_csv(const struct cli_common *common, const struct cf_shipments *ships,
                     const struct cf_plan *plan)
{
    static const char *const headers[] = {"shipment", "firm", "mode", "equipment", "container",
                                          "departure", "cost", "status", "cost_share"};
    size_t n = ships->count;
    const char **mode = calloc(n ? n : 1, sizeof *mode);
    const char **equipment = calloc(n ? n : 1, sizeof *equipment);
    const char **container = calloc(n ? n : 1, sizeof *container);
    cf_date_t *departure = calloc(n ? n : 1, sizeof *departure);
    cf_cents_t *cost = calloc(n ? n : 1, sizeof *cost), *share = calloc(n ? n : 1, sizeof *share);
    const char **status = calloc(n ? n : 1, sizeof *status);
    struct cli_table *t = cli_table_new(9, headers);
    int rc = CF_ERR_INTERNAL;
    if (mode == NULL || equipment == NULL || container == NULL || departure == NULL || cost == NULL ||
        share == NULL || status == NULL || t == NULL || cost_shares(ships, plan, share) != 0)
        goto done;
    cli_table_numeric(t, 6);
    cli_table_numeric(t, 8);
    for (size_t c = 0; c < plan->ncontainers; c++) {
        const struct cf_plan_container *pc = &plan->containers[c];
        for (size_t i = 0; i < pc->nshipments; i++) {
            size_t s = pc->shipments[i];
            mode[s] = cf_mode_name(pc->mode);
            equipment[s] = pc->equipment;
            container[s] = pc->id;
            departure[s] = pc->departure;
            cost[s] = pc->cost;
            status[s] = "container";
        }
    }
    for (size_t l = 0; l < plan->nloose; l++) {
        size_t s = plan->loose[l].shipment;
        mode[s] = cf_mode_name(plan->loose[l].mode);
        equipment[s] = plan->loose[l].equipment;
        container[s] = "";
        departure[s] = plan->loose[l].departure;
        cost[s] = plan->loose[l].cost;
        status[s] = "loose";
    }
    for (size_t i = 0; i < n; i++) {
        char day[11] = "", money[32] = "", part[32] = "";
        if (status[i] != NULL) {
            cf_date_format(departure[i], day);
            cf_money_format(cost[i], money, sizeof money);
            cf_money_format(share[i], part, sizeof part);
        }
        const char *cells[9] = {ships->items[i].id, ships->items[i].firm, mode[i] ? mode[i] : "",
                                equipment[i] ? equipment[i] : "", container[i] ? container[i] : "",
                                day, money, status[i] ? status[i] : "unplaced", part};
        if (cli_table_add(t, cells) != 0)
            goto done;
    }
    cli_table_print_csv(t, common->csv_delimiter, stdout);
    rc = CF_OK;
done:
    cli_table_free(t);
    free(status);
    free(share);
    free(cost);
    free(departure);
    free(container);
    free(equipment);
    free(mode);
    return rc;
}

static int print_table(const struct cli_common *common, const struct cf_shipments *ships,
                       const struct cf_plan *plan)
{
    static const char *const ch[] = {"container", "mode", "lane", "equipment", "departure",
                                     "shipments", "m3", "kg", "fill %", "cost"};
    static const char *const lh[] = {"loose", "firm", "mode", "lane", "equipment", "departure", "cost"};
    static const char *const uh[] = {"unplaced", "firm", "reason"};
    static const char *const nh[] = {"lane", "shipments", "unplaced", "cost", "lower bound", "gap %", "status"};
    struct cli_table *tc = cli_table_new(10, ch), *tl = cli_table_new(7, lh), *tu = cli_table_new(3, uh);
    struct cli_table *tn = cli_table_new(7, nh);
    int rc = CF_ERR_INTERNAL;
    if (tc == NULL || tl == NULL || tu == NULL || tn == NULL)
        goto done;
    for (size_t col = 1; col < 6; col++)
        cli_table_numeric(tn, col);
    for (size_t col = 5; col < 10; col++)
        cli_table_numeric(tc, col);
    cli_table_numeric(tl, 6);
    for (size_t c = 0; c < plan->ncontainers; c++) {
        const struct cf_plan_container *pc = &plan->containers[c];
        char lane[16], day[11], count[24], m3[32], kg[32], fill[16], money[32];
        snprintf(lane, sizeof lane, "%s-%s", pc->origin, pc->destination);
        cf_date_format(pc->departure, day);
        snprintf(count, sizeof count, "%zu", pc->nshipments);
        snprintf(m3, sizeof m3, "%.2f", pc->volume_m3);
        snprintf(kg, sizeof kg, "%.0f", pc->weight_kg);
        double f = pc->fill_volume > pc->fill_weight ? pc->fill_volume : pc->fill_weight;
        snprintf(fill, sizeof fill, "%.1f", 100.0 * f);
        cf_money_format_grouped(pc->cost, money, sizeof money);
        const char *cells[10] = {pc->id, cf_mode_name(pc->mode), lane, pc->equipment, day, count, m3, kg, fill, money};
        if (cli_table_add(tc, cells) != 0)
            goto done;
    }
    for (size_t l = 0; l < plan->nloose; l++) {
        const struct cf_plan_loose *pl = &plan->loose[l];
        const struct cf_shipment *s = &ships->items[pl->shipment];
        char lane[16], day[11], money[32];
        snprintf(lane, sizeof lane, "%s-%s", s->origin, s->destination);
        cf_date_format(pl->departure, day);
        cf_money_format_grouped(pl->cost, money, sizeof money);
        const char *cells[7] = {s->id, s->firm, cf_mode_name(pl->mode), lane, pl->equipment, day, money};
        if (cli_table_add(tl, cells) != 0)
            goto done;
    }
    for (size_t u = 0; u < plan->nunplaced; u++) {
        const struct cf_shipment *s = &ships->items[plan->unplaced[u].shipment];
        const char *cells[3] = {s->id, s->firm, plan->unplaced[u].reason};
        if (cli_table_add(tu, cells) != 0)
            goto done;
    }
    if (plan->ncontainers > 0) {
        cli_table_print(tc, stdout);
        fputc('\n', stdout);
    }
    if (plan->nloose > 0) {
        cli_table_print(tl, stdout);
        fputc('\n', stdout);
    }
    if (plan->nunplaced > 0) {
        cli_table_print(tu, stdout);
        fputc('\n', stdout);
    }
    /* where the cost and the gap are, lane by lane */
    for (size_t l = 0; l < plan->nlanes; l++) {
        const struct cf_plan_lane *pl = &plan->lanes[l];
        char lane[16], count[24], left[24], money[32], bound_l[32], gap[16];
        snprintf(lane, sizeof lane, "%s-%s", pl->origin, pl->destination);
        snprintf(count, sizeof count, "%zu", pl->shipments);
        snprintf(left, sizeof left, "%zu", pl->unplaced);
        cf_money_format_grouped(pl->cost, money, sizeof money);
        cf_money_format_grouped(pl->lower_bound, bound_l, sizeof bound_l);
        snprintf(gap, sizeof gap, "%.2f", 100.0 * cli_plan_lane_gap(pl));
        const char *cells[7] = {lane, count, left, money, bound_l, gap, cli_plan_lane_status(pl)};
        if (cli_table_add(tn, cells) != 0)
            goto done;
    }
    if (plan->nlanes > 0) {
        cli_table_print(tn, stdout);
        fputc('\n', stdout);
    }
    char total[32], bound[32];
    cf_money_format_grouped(plan->total_cost, total, sizeof total);
    cf_money_format_grouped(cf_money_round(plan->lower_bound), bound, sizeof bound);
    printf("%zu containers, %zu loose, %zu unplaced\n", plan->ncontainers, plan->nloose, plan->nunplaced);
    printf("total %s %s, lower bound %s, gap %.2f %%, %s\n", total, common->currency, bound,
           100.0 * plan->gap, cf_plan_status_name(plan->status));
    if (plan->status == CF_PLAN_TIME_LIMIT)
        printf(common->clock == CF_CLOCK_WORK
                   ? "the time limit counted the solver's work (--clock work): a rerun prints this plan again\n"
                   : "the time limit counted wall-clock seconds: a rerun may find a slightly different plan "
                     "(--clock work repeats it)\n");
    rc = CF_OK;
done:
    cli_table_free(tn);
    cli_table_free(tu);
    cli_table_free(tl);
    cli_table_free(tc);
    return rc;
}

int cmd_plan(int argc, char **argv)
{
    struct plan_args args = {NULL, NULL, NULL, CF_DATE_NONE};
    struct cli_common common;
    int rc = cli_parse(&command, argc, argv, &common, on_option, &args);
    if (rc == CLI_HELP_SHOWN)
        return 0;
    if (rc != CF_OK)
        return rc;

    struct cf_error err;
    cf_error_clear(&err);
    struct cf_shipments ships = {0};
    struct cf_quotes quotes = {0}, cluster = {0};
    struct cf_ratecard card = {0};
    struct cf_plan plan;
    memset(&plan, 0, sizeof plan);
    const char **firms = NULL;
    size_t nfirms = 0;
    cJSON *doc = NULL;

    rc = cli_common_load(&common, &err);
    if (rc == CF_OK) {
        rc = cli_load_shipments(&common, args.shipments, &ships, &err);
    }
    if (rc == CF_OK)
        rc = cli_load_quotes(&common, args.cluster_rates, 1, &cluster, &err);
    if (rc == CF_OK && args.quotes != NULL)
        rc = cli_load_quotes(&common, args.quotes, 0, &quotes, &err);
    if (rc == CF_OK)
        rc = cli_check_freight(&common, args.shipments, &ships, &quotes, &cluster, &err);
    if (rc == CF_OK && all_firms(&ships, &quotes, &firms, &nfirms) != 0)
        rc = cf_error_set(&err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    if (rc == CF_OK)
        rc = cf_ratecard_coalition(&quotes, &cluster, firms, nfirms, common.as_of, &card, &err);
    if (rc == CF_OK) {
        cli_log(&common, 1, "plan: %zu shipments, %zu cluster rates, %zu quotes, %zu card rows",
                ships.count, cluster.count, quotes.count, card.count);
        struct cf_plan_input in = {ships.items, ships.count, &card, &common.catalogue,
                                   common.fill_factor, common.time_limit_s, args.schedule_start,
                                   common.verbosity >= 1 ? log_line : NULL, &common, 0};
        rc = cf_plan_solve(&in, &plan, &err);
    }
    if (rc != CF_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    cli_log(&common, 0, "plan: %s, total %.2f %s, gap %.4f", cf_plan_status_name(plan.status),
            cf_money_units(plan.total_cost), common.currency, plan.gap);

    if (common.format == CLI_FORMAT_JSON) {
        doc = cli_plan_json(&common, &ships, &plan);
        rc = doc != NULL ? cli_json_print(doc, stdout) : CF_ERR_INTERNAL;
    } else if (common.format == CLI_FORMAT_CSV) {
        rc = print_csv(&common, &ships, &plan);
    } else {
        rc = print_table(&common, &ships, &plan);
    }
    if (rc != CF_OK)
        fprintf(stderr, "clusterfreight: plan: out of memory\n");
    if (rc == CF_OK)
        rc = cli_stdout_flush();
done:
    cJSON_Delete(doc);
    cf_plan_free(&plan);
    free(firms);
    cf_ratecard_free(&card);
    cf_quotes_free(&cluster);
    cf_quotes_free(&quotes);
    cf_shipments_free(&ships);
    cli_common_free(&common);
    return rc;
}
