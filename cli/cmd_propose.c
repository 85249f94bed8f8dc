/* cmd_propose.c — `clusterfreight propose --shipments SRC --quotes SRC
 * [--cluster-rates SRC] [--lane ORIG-DEST] [-o proposal.md] [--named]`
 * (interface.md): per sea lane the cluster-rate figures of domain.md
 * "Cluster rate (propose)" (solver/propose.h), printed as the `propose`
 * JSON, a table or CSV; -o writes a one-page Markdown proposal for carriers
 * that names no member unless --named. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "models/loaders.h"
#include "models/money.h"
#include "rates/percentile.h"
#include "solver/propose.h"

enum { OPT_SHIPMENTS = 600, OPT_QUOTES, OPT_CLUSTER_RATES, OPT_LANE, OPT_NAMED, OPT_OUTPUT = 'o' };

static const struct cli_option options[] = {
    {"shipments", 1, OPT_SHIPMENTS, "SRC", "members' shipments, CSV or JSON (file, - or URL); required", NULL},
    {"quotes", 1, OPT_QUOTES, "SRC", "firms' own quotes; required", NULL},
    {"cluster-rates", 1, OPT_CLUSTER_RATES, "SRC", "price the consolidated plan with this card where it applies",
     "the lowest quote any member holds"},
    {"lane", 1, OPT_LANE, "ORIG-DEST", "only this lane, e.g. ZADUR-DEHAM", "every sea lane"},
    {"output", 1, OPT_OUTPUT, "FILE", "also write a one-page Markdown proposal for carriers; -: on stdout, alone",
     NULL},
    {"named", 0, OPT_NAMED, NULL, "name the members in the Markdown proposal", "anonymous"},
};

static const struct cli_command command = {
    "propose", "--shipments SRC --quotes SRC [--cluster-rates SRC] [--lane ORIG-DEST] [-o FILE.md] [--named]",
    "The cluster rate to ask carriers for, per sea lane: the pooled volume in TEU, what members\n"
    "sea spend today, the best rate any member holds (the floor), the revenue-neutral rate, the\n"
    "break-even rate (the ceiling), and the target from the members' volume-rate curve.",
    options, sizeof options / sizeof options[0], 1, "shipments quotes",
    0, CF_CLOCK_WALL}; /* the shared --time-limit and --clock defaults */

struct propose_args {
    const char *shipments, *quotes, *cluster_rates, *output;
    char origin[CF_LOCODE_LEN], destination[CF_LOCODE_LEN];
    int lane, named;
};

static int on_option(int key, const char *arg, void *ctx)
{
    struct propose_args *a = ctx;
    switch (key) {
    case OPT_SHIPMENTS: a->shipments = arg; return 0;
    case OPT_QUOTES: a->quotes = arg; return 0;
    case OPT_CLUSTER_RATES: a->cluster_rates = arg; return 0;
    case OPT_OUTPUT:
        if (arg[0] == '\0')
            return cli_usage_error("propose", "-o: expected a file name, got \"\"");
        a->output = arg;
        return 0;
    case OPT_NAMED: a->named = 1; return 0;
    case OPT_LANE: {
        const char *dash = strchr(arg, '-');
        if (dash == NULL || dash - arg != CF_LOCODE_LEN - 1 || strlen(dash + 1) != CF_LOCODE_LEN - 1)
            return cli_usage_error("propose", "--lane: expected ORIG-DEST as two UN/LOCODEs, e.g. ZADUR-DEHAM, got \"%s\"",
                                   arg);
        memcpy(a->origin, arg, CF_LOCODE_LEN - 1);
        a->origin[CF_LOCODE_LEN - 1] = '\0';
        memcpy(a->destination, dash + 1, CF_LOCODE_LEN);
        a->lane = 1;
        return 0;
    }
    default:
        return cli_usage_error("propose", "internal: unhandled option");
    }
}

/* Rates per TEU to the cent in JSON (a rate keeps full precision in the
 * solver; people and scripts read cents). */
static double cents_of(double rate)
{
    return cf_money_units(cf_money_round(rate));
}

/* Members who pay more at the lane's target than alone: only where the
 * break-even rate (the ceiling) lies below the best observed rate (the floor),
 * which the target never goes under. */
static size_t worse_off(const struct cf_propose_lane *ln)
{
    size_t n = 0;
    for (size_t m = 0; m < ln->nmembers; m++)
        n += ln->members[m].savings < 0;
    return n;
}

cJSON *cli_proposal_json(const struct cli_common *common, const struct cf_proposal *p)
{
    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL)
        return NULL;
    int bad = cJSON_AddStringToObject(doc, "currency", common->currency) == NULL;
    bad |= cJSON_AddNumberToObject(doc, "period_days", p->period_days) == NULL;
    cJSON *lanes = cJSON_AddArrayToObject(doc, "lanes");
    bad |= lanes == NULL;
    for (size_t l = 0; !bad && l < p->nlanes; l++) {
        const struct cf_propose_lane *ln = &p->lanes[l];
        cJSON *o = cli_json_push_object(lanes);
        bad |= o == NULL;
        if (bad)
            break;
        bad |= cJSON_AddStringToObject(o, "origin", ln->origin) == NULL;
        bad |= cJSON_AddStringToObject(o, "destination", ln->destination) == NULL;
        bad |= cJSON_AddNumberToObject(o, "consolidated_teu", ln->consolidated_teu) == NULL;
        bad |= cli_json_money(o, "current_spend", ln->current_spend) == NULL;
        bad |= cli_json_money(o, "current_spend_all_modes", ln->current_spend_all_modes) == NULL;
        bad |= cJSON_AddNumberToObject(o, "best_observed_rate", cents_of(ln->best_observed_rate)) == NULL;
        bad |= cJSON_AddNumberToObject(o, "revenue_neutral_rate", cents_of(ln->revenue_neutral_rate)) == NULL;
        bad |= cJSON_AddNumberToObject(o, "break_even_rate", cents_of(ln->break_even_rate)) == NULL;
        bad |= cJSON_AddNumberToObject(o, "target_rate", cents_of(ln->target_rate)) == NULL;
        bad |= cJSON_AddNumberToObject(o, "quoting_firms", ln->quoting_firms) == NULL;
        bad |= cJSON_AddNumberToObject(o, "consolidated_teu_annual", ln->consolidated_teu_annual) == NULL;
        bad |= cJSON_AddNumberToObject(o, "members_worse_off", (double)worse_off(ln)) == NULL;
        if (ln->fit_points >= 3 && ln->quoting_firms >= 3) {
            cJSON *fit = cJSON_AddObjectToObject(o, "fit");
            bad |= fit == NULL;
            if (!bad) {
                bad |= cJSON_AddNumberToObject(fit, "a", ln->fit_a) == NULL;
                bad |= cJSON_AddNumberToObject(fit, "b", ln->fit_b) == NULL;
                bad |= cJSON_AddNumberToObject(fit, "points", ln->fit_points) == NULL;
                bad |= cJSON_AddNumberToObject(fit, "fitted_rate", cents_of(ln->fitted_rate)) == NULL;
            }
        } else {
            bad |= cJSON_AddNullToObject(o, "fit") == NULL;
        }
        cJSON *members = cJSON_AddArrayToObject(o, "members");
        bad |= members == NULL;
        for (size_t m = 0; !bad && m < ln->nmembers; m++) {
            const struct cf_propose_member *pm = &ln->members[m];
            cJSON *mo = cli_json_push_object(members);
            bad |= mo == NULL;
            if (bad)
                break;
            bad |= cJSON_AddStringToObject(mo, "firm", pm->firm) == NULL;
            bad |= cli_json_money(mo, "standalone_cost", pm->standalone_cost) == NULL;
            bad |= cli_json_money(mo, "cost_at_target", pm->cost_at_target) == NULL;
            bad |= cli_json_money(mo, "savings", pm->savings) == NULL;
            bad |= cJSON_AddNumberToObject(mo, "teu_share", pm->teu_share) == NULL;
            bad |= cJSON_AddNumberToObject(mo, "annual_teu", pm->annual_teu) == NULL;
            if (pm->own_rate_per_teu > 0.0)
                bad |= cJSON_AddNumberToObject(mo, "own_rate_per_teu", cents_of(pm->own_rate_per_teu)) == NULL;
            else
                bad |= cJSON_AddNullToObject(mo, "own_rate_per_teu") == NULL;
        }
    }
    if (!bad) {
        cJSON *plan = cJSON_AddObjectToObject(doc, "plan");
        bad |= plan == NULL;
        if (!bad) {
            bad |= cJSON_AddStringToObject(plan, "worst_status", cf_plan_status_name(p->worst_status)) == NULL;
            bad |= cJSON_AddNumberToObject(plan, "worst_gap", p->worst_gap) == NULL;
        }
    }
    if (bad) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

/* Table: one row per lane, then one per member and lane. CSV: the member
 * rows, each carrying its lane's figures. */
static int print_tables(const struct cli_common *common, const struct cf_proposal *p)
{
    static const char *const lh[] = {"lane", "teu", "current_spend", "best_observed", "revenue_neutral",
                                     "break_even", "target"};
    static const char *const mh[] = {"lane", "firm", "standalone_cost", "cost_at_target", "savings",
                                     "teu", "best_observed", "revenue_neutral", "break_even", "target"};
    int csv = common->format == CLI_FORMAT_CSV;
    struct cli_table *tl = cli_table_new(7, lh), *tm = cli_table_new(csv ? 10 : 5, mh);
    int rc = CF_ERR_INTERNAL;
    if (tl == NULL || tm == NULL)
        goto done;
    for (size_t c = 1; c < 7; c++)
        cli_table_numeric(tl, c);
    for (size_t c = 2; c < 10; c++)
        cli_table_numeric(tm, c);
    for (size_t l = 0; l < p->nlanes; l++) {
        const struct cf_propose_lane *ln = &p->lanes[l];
        char lane[16], teu[32], spend[32], rates[4][32];
        snprintf(lane, sizeof lane, "%s-%s", ln->origin, ln->destination);
        snprintf(teu, sizeof teu, "%g", ln->consolidated_teu);
        cli_money_cell(common, ln->current_spend, spend, sizeof spend);
        double r[4] = {ln->best_observed_rate, ln->revenue_neutral_rate, ln->break_even_rate, ln->target_rate};
        for (size_t k = 0; k < 4; k++)
            cli_money_cell(common, cf_money_round(r[k]), rates[k], sizeof rates[k]);
        const char *lc[7] = {lane, teu, spend, rates[0], rates[1], rates[2], rates[3]};
        if (cli_table_add(tl, lc) != 0)
            goto done;
        for (size_t m = 0; m < ln->nmembers; m++) {
            const struct cf_propose_member *pm = &ln->members[m];
            char sa[32], at[32], sv[32];
            cli_money_cell(common, pm->standalone_cost, sa, sizeof sa);
            cli_money_cell(common, pm->cost_at_target, at, sizeof at);
            cli_money_cell(common, pm->savings, sv, sizeof sv);
            const char *mc[10] = {lane, pm->firm, sa, at, sv, teu, rates[0], rates[1], rates[2], rates[3]};
            if (cli_table_add(tm, mc) != 0)
                goto done;
        }
    }
    if (csv) {
        cli_table_print_csv(tm, common->csv_delimiter, stdout);
    } else {
        cli_table_print(tl, stdout);
        fputc('\n', stdout);
        cli_table_print(tm, stdout);
        printf("\nrates per TEU in %s over %.0f days; target = the members' volume-rate fit at the pooled\n"
               "volume, kept between the best observed rate and the break-even rate\n",
               common->currency, p->period_days);
        for (size_t l = 0; l < p->nlanes; l++) {
            const struct cf_propose_lane *ln = &p->lanes[l];
            size_t n = worse_off(ln);
            if (n == 0)
                continue;
            char floor[32], ceiling[32];
            cf_money_format_grouped(cf_money_round(ln->best_observed_rate), floor, sizeof floor);
            cf_money_format_grouped(cf_money_round(ln->break_even_rate), ceiling, sizeof ceiling);
            printf("%s-%s: break-even %s is below the best observed %s: at the target %zu member%s "
                   "more than alone\n",
                   ln->origin, ln->destination, ceiling, floor, n, n == 1 ? " pays" : "s pay");
        }
    }
    rc = CF_OK;
done:
    cli_table_free(tm);
    cli_table_free(tl);
    return rc;
}

/* The one-page Markdown proposal for carriers. Break-even is the members'
 * ceiling and stays out of it; members are named only with --named. */
static void write_markdown(FILE *out, const struct cli_common *common, const struct cf_proposal *p, int named)
{
    char buf[4][32];
    fprintf(out, "# Sea freight proposal from the cluster's members\n\n");
    fprintf(out, "The members of the cluster pool their sea freight and ask for one rate per lane for the\n"
                 "pooled volume: fewer, fuller containers booked together, on the lanes below. Figures are in\n"
                 "%s per TEU, over a planning period of %.0f days.\n\n",
            common->currency, p->period_days);
    fprintf(out, "| lane | pooled TEU (period) | pooled TEU a year | firms | asking rate per TEU |\n");
    fprintf(out, "| --- | ---: | ---: | ---: | ---: |\n");
    for (size_t l = 0; l < p->nlanes; l++) {
        const struct cf_propose_lane *ln = &p->lanes[l];
        cf_money_format_grouped(cf_money_round(ln->target_rate), buf[0], sizeof buf[0]);
        fprintf(out, "| %s → %s | %g | %.0f | %zu | %s |\n", ln->origin, ln->destination, ln->consolidated_teu,
                ln->consolidated_teu_annual, ln->nmembers, buf[0]);
    }
    for (size_t l = 0; l < p->nlanes; l++) {
        const struct cf_propose_lane *ln = &p->lanes[l];
        fprintf(out, "\n## %s → %s\n\n", ln->origin, ln->destination);
        double rates[64];
        size_t n = 0;
        for (size_t m = 0; m < ln->nmembers && n < 64; m++)
            if (ln->members[m].own_rate_per_teu > 0.0)
                rates[n++] = ln->members[m].own_rate_per_teu;
        cf_money_format_grouped(cf_money_round(ln->best_observed_rate), buf[0], sizeof buf[0]);
        cf_money_format_grouped(cf_money_round(ln->revenue_neutral_rate), buf[1], sizeof buf[1]);
        cf_money_format_grouped(cf_money_round(ln->target_rate), buf[2], sizeof buf[2]);
        cf_money_format_grouped(ln->current_spend, buf[3], sizeof buf[3]);
        fprintf(out, "- Pooled volume: %g TEU in the period (about %.0f TEU a year) from %zu firms.\n",
                ln->consolidated_teu, ln->consolidated_teu_annual, ln->nmembers);
        fprintf(out, "- What the members pay for sea freight today on this lane (boxes and LCL): %s %s in the period.\n", buf[3], common->currency);
        if (n >= 3) {
            struct cf_summary s;
            cf_percentile_sort(rates, n);
            cf_summary_of_sorted(rates, n, &s);
            char lo[32], med[32], hi[32];
            cf_money_format_grouped(cf_money_round(s.min), lo, sizeof lo);
            cf_money_format_grouped(cf_money_round(s.median), med, sizeof med);
            cf_money_format_grouped(cf_money_round(s.max), hi, sizeof hi);
            fprintf(out, "- Today's spread of the members' own all-in rates per TEU (%zu firms): lowest %s, median %s, "
                         "highest %s.\n", n, lo, med, hi);
        } else {
            fprintf(out, "- Today's spread: withheld (fewer than 3 members hold their own rate on this lane).\n");
        }
        fprintf(out, "- Best rate a member already holds: %s per TEU — a price carriers accept today.\n",
                buf[0]);
        fprintf(out, "- Revenue-neutral rate: %s per TEU — at this rate carriers earn what they earn today,\n"
                     "  moving fewer, fuller boxes.\n", buf[1]);
        if (ln->fit_points >= 3 && ln->quoting_firms >= 3)
            fprintf(out, "- The members' own rates against their volume: log(rate) = %.3f %+.3f log(TEU a year), "
                         "over %d firms;\n  at the pooled volume it gives %.2f per TEU.\n",
                    ln->fit_a, ln->fit_b, ln->fit_points, ln->fitted_rate);
        fprintf(out, "\n**Asking rate: %s %s per TEU** for the pooled volume.\n", buf[2], common->currency);
        if (named) {
            fprintf(out, "\n| member | TEU a year shipped alone |\n| --- | ---: |\n");
            for (size_t m = 0; m < ln->nmembers; m++) {
                fputs("| ", out);
                cli_markdown_escape(out, ln->members[m].firm);
                fprintf(out, " | %.1f |\n", ln->members[m].annual_teu);
            }
        }
    }
}

int cmd_propose(int argc, char **argv)
{
    struct propose_args args;
    memset(&args, 0, sizeof args);
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
    struct cf_proposal proposal;
    memset(&proposal, 0, sizeof proposal);
    cJSON *doc = NULL;
    char *md = NULL;
    size_t md_len = 0;

    rc = cli_common_load(&common, &err);
    /* fail on an unwritable -o before any solving; the file itself is only
     * written once the proposal is whole, so an interrupted run leaves nothing */
    if (rc == CF_OK && args.output != NULL)
        rc = cli_output_check(args.output, &err);
    if (rc == CF_OK) {
        rc = cli_load_shipments(&common, args.shipments, &ships, &err);
    }
    if (rc == CF_OK)
        rc = cli_load_quotes(&common, args.quotes, 0, &quotes, &err);
    if (rc == CF_OK && args.cluster_rates != NULL)
        rc = cli_load_quotes(&common, args.cluster_rates, 1, &cluster, &err);
    char label[512];
    if (rc == CF_OK && ships.count == 0)
        rc = cf_error_set(&err, CF_ERR_DATA, cli_source_label(args.shipments, label, sizeof label), 0, NULL,
                          "no shipments");
    if (rc == CF_OK)
        rc = cli_check_freight(&common, args.shipments, &ships, &quotes, &cluster, &err);
    if (rc == CF_OK) {
        struct cf_propose_input pin = {&ships, &quotes, args.cluster_rates != NULL ? &cluster : NULL,
                                       &common.catalogue, common.fill_factor, common.time_limit_s, common.as_of,
                                       args.lane ? args.origin : NULL, args.lane ? args.destination : NULL,
                                       NULL, NULL, NULL, 0, CF_PLAN_OPTIMAL, 0.0};
        rc = cf_propose(&pin, &proposal, &err);
    }
    if (rc == CF_OK && args.lane && proposal.nlanes == 0)
        rc = cf_error_set(&err, CF_ERR_DATA, NULL, 0, "--lane",
                          "no sea lane %s-%s with pooled containers and a member's sea quote", args.origin,
                          args.destination);
    if (rc != CF_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    cli_log(&common, 0, "propose: %zu sea lanes", proposal.nlanes);
    int figures = args.output == NULL || strcmp(args.output, "-") != 0; /* -o -: the Markdown alone */
    if (figures && common.format == CLI_FORMAT_JSON) {
        doc = cli_proposal_json(&common, &proposal);
        rc = doc != NULL ? cli_json_print(doc, stdout) : CF_ERR_INTERNAL;
    } else if (figures) {
        rc = print_tables(&common, &proposal);
    }
    if (rc != CF_OK) {
        fprintf(stderr, "clusterfreight: propose: out of memory\n");
        goto done;
    }
    rc = cli_stdout_flush();
    if (rc != CF_OK)
        goto done;
    if (args.output != NULL) {
        FILE *mem = open_memstream(&md, &md_len);
        if (mem == NULL) {
            fprintf(stderr, "clusterfreight: propose: out of memory\n");
            rc = CF_ERR_INTERNAL;
            goto done;
        }
        write_markdown(mem, &common, &proposal, args.named);
        int bad = ferror(mem);
        if (fclose(mem) != 0)
            bad = 1;
        if (bad) {
            fprintf(stderr, "clusterfreight: propose: out of memory\n");
            rc = CF_ERR_INTERNAL;
            goto done;
        }
        rc = cli_output_write(args.output, md, md_len, &err);
        if (rc != CF_OK)
            rc = cli_fail(&err);
    }
done:
    free(md);
    cJSON_Delete(doc);
    cf_proposal_free(&proposal);
    cf_quotes_free(&cluster);
    cf_quotes_free(&quotes);
    cf_shipments_free(&ships);
    cli_common_free(&common);
    return rc;
}
