/* cmd_demo.c — `clusterfreight demo`: the whole pipeline on the built-in Durban
 * Auto Cluster example (models/synth.c). The data is written to a private
 * temporary directory and the real commands run on it in-process (benchmark,
 * savings with the proposal on its plans), so the demo shows exactly what a
 * user gets; the demo
 * adds one summary of its own, the published story: what a 20ft box to
 * Hamburg costs a small, a medium and a large firm today, and in the pool. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture.h"
#include "cli.h"
#include "commands.h"
#include "models/money.h"
#include "models/synth.h"

enum { OPT_KEEP = 400 };

static const struct cli_option options[] = {
    {"keep", 1, OPT_KEEP, "DIR", "also write the example's input files into DIR, to rerun the commands by hand", NULL},
};

static const struct cli_command command = {
    "demo", "[--keep DIR] [--format table|json]",
    "Run the whole pipeline on the built-in Durban Auto Cluster example: 40 member firms\n"
    "(a few large, many small) shipping ZADUR to DEHAM, NLRTM and GBFXT by sea, some urgent air,\n"
    "imports back to ZADUR and road to ZAJNB, over 12 weeks. Illustrative data shaped on the\n"
    "published figures: small firms quoted about $2,500 per 20ft, the largest about $1,250, a\n"
    "$1,300 cluster rate once the pooled volume qualifies. Prints the rate benchmark, the 20ft\n"
    "story by firm size, each member's savings in the pool (usage rule) and the cluster-rate\n"
    "proposal; with --format json, one document {\"benchmark\", \"story\", \"savings\", \"propose\"}.\n"
    "The solver gets 10 s for the pool's plan (--time-limit to change), counted as work\n"
    "(--clock work, unlike the other commands), so every run prints the same figures.",
    options, sizeof options / sizeof options[0], 1, NULL,
    10,             /* the demo should finish while people watch */
    CF_CLOCK_WORK}; /* and show the same figures as the README on any machine */

/* The lane and box of the published story. */
#define STORY_ORIGIN "ZADUR"
#define STORY_DESTINATION "DEHAM"
#define STORY_LANE STORY_ORIGIN "-" STORY_DESTINATION
#define STORY_EQUIPMENT "20GP"

static int on_option(int key, const char *arg, void *ctx)
{
    if (key == OPT_KEEP)
        *(const char **)ctx = arg;
    return 0;
}

/* Write the example's three files into dir, through `generate`, so they are
 * the same bytes `generate` writes for these parameters. */
static int write_inputs(const char *dir)
{
    struct cf_synth_params p;
    cf_synth_durban_params(&p);
    char firms[16], weeks[16], seed[32], start[11];
    snprintf(firms, sizeof firms, "%d", p.firms);
    snprintf(weeks, sizeof weeks, "%d", p.weeks);
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)p.seed);
    cf_date_format(p.start, start);
    char *argv[] = {"generate", "--firms", firms, "--weeks", weeks, "--seed", seed,
                    "--start", start, "--out", (char *)dir, "-q", NULL};
    return cmd_generate(12, argv);
}

/* The cluster rate card's 20ft row on the story lane (price and tier). */
static int story_cluster_row(double *rate, double *min_teu)
{
    struct cf_synth_params p;
    cf_synth_durban_params(&p);
    struct cf_shipments s = {0};
    struct cf_quotes q = {0}, cluster = {0};
    struct cf_error err;
    int rc = cf_synth_generate(&p, &s, &q, &cluster, &err);
    int found = 0;
    for (size_t i = 0; rc == CF_OK && i < cluster.count; i++) {
        const struct cf_quote *c = &cluster.items[i];
        if (strcmp(c->origin, STORY_ORIGIN) == 0 && strcmp(c->destination, STORY_DESTINATION) == 0 &&
            strcmp(c->equipment, STORY_EQUIPMENT) == 0) {
            *rate = c->all_in;
            *min_teu = c->min_teu;
            found = 1;
        }
    }
    cf_shipments_free(&s);
    cf_quotes_free(&q);
    cf_quotes_free(&cluster);
    return found ? CF_OK : CF_ERR_INTERNAL;
}

static double number(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const char *text(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* A firm's own lowest 20ft all-in on the story lane, from the benchmark. */
static double own_20ft(const cJSON *benchmark, const char *firm)
{
    const cJSON *row;
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(benchmark, "firms"))
    {
        if (strcmp(text(row, "firm"), firm) == 0 && strcmp(text(row, "lane"), STORY_LANE) == 0 &&
            strcmp(text(row, "equipment"), STORY_EQUIPMENT) == 0 && strcmp(text(row, "mode"), "sea") == 0)
            return number(row, "all_in");
    }
    return NAN;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_of(double *v, size_t n)
{
    if (n == 0)
        return NAN;
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct member_ref {
    const cJSON *row;
    double standalone;
};

static int cmp_member(const void *a, const void *b)
{
    const struct member_ref *x = a, *y = b;
    return (x->standalone < y->standalone) - (x->standalone > y->standalone); /* largest first */
}

/* The story: firms by size (the largest tenth, the next fifth, the rest, by
 * standalone cost as models/synth.c draws them), each class's median own 20ft
 * quote to Hamburg against the pool's price for that box, and what the class
 * pays alone and in the pool. Returns a new JSON object, or NULL. */
static cJSON *build_story(const cJSON *benchmark, const cJSON *savings, const cJSON *propose)
{
    double cluster_rate = NAN, min_teu = NAN;
    if (story_cluster_row(&cluster_rate, &min_teu) != CF_OK)
        return NULL;
    double pooled_teu = NAN;
    const cJSON *lane;
    cJSON_ArrayForEach(lane, cJSON_GetObjectItemCaseSensitive(propose, "lanes"))
    {
        if (strcmp(text(lane, "origin"), STORY_ORIGIN) == 0 &&
            strcmp(text(lane, "destination"), STORY_DESTINATION) == 0)
            pooled_teu = number(lane, "consolidated_teu");
    }
    const cJSON *members = cJSON_GetObjectItemCaseSensitive(savings, "members");
    size_t n = (size_t)cJSON_GetArraySize(members);
    struct member_ref *refs = calloc(n ? n : 1, sizeof *refs);
    double *quotes = calloc(n ? n : 1, sizeof *quotes);
    cJSON *story = cJSON_CreateObject();
    if (refs == NULL || quotes == NULL || story == NULL) {
        free(refs);
        free(quotes);
        cJSON_Delete(story);
        return NULL;
    }
    size_t i = 0;
    const cJSON *m;
    cJSON_ArrayForEach(m, members)
    {
        refs[i].row = m;
        refs[i].standalone = number(m, "standalone_cost");
        i++;
    }
    qsort(refs, n, sizeof *refs, cmp_member);

    int tier_met = !isnan(pooled_teu) && pooled_teu >= min_teu;
    /* below the tier the pool pays the lowest quote any member holds (domain.md, "Costs") */
    double pool_20ft = cluster_rate;
    if (!tier_met) {
        const cJSON *row;
        cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(benchmark, "lanes"))
        {
            if (strcmp(text(row, "mode"), "sea") == 0 && strcmp(text(row, "origin"), STORY_ORIGIN) == 0 &&
                strcmp(text(row, "destination"), STORY_DESTINATION) == 0 &&
                strcmp(text(row, "equipment"), STORY_EQUIPMENT) == 0)
                pool_20ft = number(row, "min");
        }
    }
    /* each add returns NULL when out of memory: the story is then dropped whole */
    int ok = cJSON_AddStringToObject(story, "lane", STORY_LANE) != NULL;
    ok &= cJSON_AddStringToObject(story, "equipment", STORY_EQUIPMENT) != NULL;
    ok &= cJSON_AddNumberToObject(story, "cluster_rate", cluster_rate) != NULL;
    ok &= cJSON_AddNumberToObject(story, "cluster_rate_min_teu", min_teu) != NULL;
    ok &= cJSON_AddNumberToObject(story, "pooled_teu", isnan(pooled_teu) ? 0 : pooled_teu) != NULL;
    ok &= cJSON_AddBoolToObject(story, "tier_reached", tier_met) != NULL;
    cJSON *classes = cJSON_AddArrayToObject(story, "classes");
    ok &= classes != NULL;
    size_t large = n >= 10 ? n / 10 : 1, medium = n / 5;
    size_t bounds[4] = {0, large, large + medium, n};
    const char *names[3] = {"large", "medium", "small"};
    for (int c = 0; c < 3 && ok; c++) {
        size_t nq = 0;
        double alone = 0, pooled = 0;
        for (size_t k = bounds[c]; k < bounds[c + 1] && k < n; k++) {
            double q = own_20ft(benchmark, text(refs[k].row, "firm"));
            if (!isnan(q))
                quotes[nq++] = q;
            alone += number(refs[k].row, "standalone_cost");
            pooled += number(refs[k].row, "allocated_cost");
        }
        cJSON *row = cli_json_push_object(classes);
        ok &= row != NULL;
        if (row == NULL)
            break;
        ok &= cJSON_AddStringToObject(row, "size", names[c]) != NULL;
        ok &= cJSON_AddNumberToObject(row, "firms", (double)(bounds[c + 1] - bounds[c])) != NULL;
        ok &= cJSON_AddNumberToObject(row, "median_own_20ft", nq ? median_of(quotes, nq) : 0) != NULL;
        ok &= cJSON_AddNumberToObject(row, "pool_20ft", pool_20ft) != NULL;
        ok &= cJSON_AddNumberToObject(row, "standalone_cost", cf_money_units(cf_money_round(alone))) != NULL;
        ok &= cJSON_AddNumberToObject(row, "allocated_cost", cf_money_units(cf_money_round(pooled))) != NULL;
        ok &= cJSON_AddNumberToObject(row, "savings_pct",
                                      alone > 0 ? round(10000 * (alone - pooled) / alone) / 100 : 0) != NULL;
    }
    if (!ok) {
        cJSON_Delete(story);
        story = NULL;
    }
    free(refs);
    free(quotes);
    return story;
}

static void money_cell(double units, char *buf, size_t size)
{
    cf_money_format_grouped(cf_money_round(units), buf, size);
}

static void print_story(const cJSON *story)
{
    printf("\n== The 20ft story: a box from Durban to Hamburg ==\n\n");
    const char *headers[] = {"firms", "size", "own 20ft quote (median)", "20ft in the pool",
                             "standalone cost", "pooled cost", "savings %"};
    struct cli_table *t = cli_table_new(7, headers);
    if (t == NULL)
        return;
    for (size_t c = 0; c < 7; c++)
        if (c != 1)
            cli_table_numeric(t, c);
    const cJSON *row;
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(story, "classes"))
    {
        char firms[16], own[32], pool[32], alone[32], pooled[32], pct[16];
        snprintf(firms, sizeof firms, "%.0f", number(row, "firms"));
        money_cell(number(row, "median_own_20ft"), own, sizeof own);
        money_cell(number(row, "pool_20ft"), pool, sizeof pool);
        money_cell(number(row, "standalone_cost"), alone, sizeof alone);
        money_cell(number(row, "allocated_cost"), pooled, sizeof pooled);
        snprintf(pct, sizeof pct, "%.2f", number(row, "savings_pct"));
        const char *cells[] = {firms, text(row, "size"), own, pool, alone, pooled, pct};
        cli_table_add(t, cells);
    }
    cli_table_print(t, stdout);
    cli_table_free(t);
    printf("\nThe cluster rate card prices a 20ft at %.2f once the lane's pooled volume reaches %.0f TEU;\n"
           "the pool's plan moves %.0f TEU in containers on %s, so the tier is %s.\n"
           "Costs are each size class's whole freight bill (sea, air and road), alone and in the pool\n"
           "under the usage rule; savings come from the cluster rate and from sharing boxes instead of LCL.\n",
           number(story, "cluster_rate"), number(story, "cluster_rate_min_teu"),
           number(story, "pooled_teu"), STORY_LANE,
           cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(story, "tier_reached")) ? "reached" : "NOT reached");
}

/* The savings document's member table, compact (the command's own table has
 * every column; the demo shows the ones of the story). */
static void print_savings(const cJSON *savings)
{
    const char *headers[] = {"firm", "standalone cost", "pooled cost", "savings", "savings %"};
    struct cli_table *t = cli_table_new(5, headers);
    if (t == NULL)
        return;
    for (size_t c = 1; c < 5; c++)
        cli_table_numeric(t, c);
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(savings, "members"))
    {
        char alone[32], pooled[32], saved[32], pct[16];
        money_cell(number(m, "standalone_cost"), alone, sizeof alone);
        money_cell(number(m, "allocated_cost"), pooled, sizeof pooled);
        money_cell(number(m, "savings"), saved, sizeof saved);
        snprintf(pct, sizeof pct, "%.2f", number(m, "savings_pct"));
        const char *cells[] = {text(m, "firm"), alone, pooled, saved, pct};
        cli_table_add(t, cells);
    }
    double alone = number(savings, "total_standalone"), pooled = number(savings, "total_consolidated");
    char a[32], p[32], d[32], pct[16];
    money_cell(alone, a, sizeof a);
    money_cell(pooled, p, sizeof p);
    money_cell(alone - pooled, d, sizeof d);
    snprintf(pct, sizeof pct, "%.2f", alone > 0 ? 100 * (alone - pooled) / alone : 0);
    const char *total[] = {"total", a, p, d, pct};
    cli_table_add(t, total);
    cli_table_print(t, stdout);
    cli_table_free(t);
    const cJSON *core = cJSON_GetObjectItemCaseSensitive(savings, "core");
    const cJSON *plan = cJSON_GetObjectItemCaseSensitive(savings, "plan");
    printf("\ncore (%s): %s", text(core, "checked"),
           cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(core, "stable"))
               ? "stable: no group of members checked would pay less on its own\n"
               : "UNSTABLE: a group of members would pay less on its own (savings --format json names it)\n");
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(core, "within_plan_gap"))) {
        char over[32];
        money_cell(number(core, "violation"), over, sizeof over);
        printf("  its excess of %s is within the pool plan's gap of %.2f %%: a better plan may remove it\n",
               over, 100 * number(plan, "gap"));
    }
    printf("pool's plan: %s, gap %.2f %%\n", text(plan, "status"), 100 * number(plan, "gap"));
}

/* The proposal's lane table, compact. */
static void print_propose(const cJSON *propose)
{
    const char *headers[] = {"lane", "TEU pooled", "sea spend today", "floor", "revenue-neutral", "ceiling", "target"};
    struct cli_table *t = cli_table_new(7, headers);
    if (t == NULL)
        return;
    for (size_t c = 1; c < 7; c++)
        cli_table_numeric(t, c);
    const cJSON *l;
    cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(propose, "lanes"))
    {
        char lane[16], teu[16], spend[32], floor_[32], neutral[32], ceiling[32], target[32];
        snprintf(lane, sizeof lane, "%s-%s", text(l, "origin"), text(l, "destination"));
        snprintf(teu, sizeof teu, "%.0f", number(l, "consolidated_teu"));
        money_cell(number(l, "current_spend"), spend, sizeof spend);
        money_cell(number(l, "best_observed_rate"), floor_, sizeof floor_);
        money_cell(number(l, "revenue_neutral_rate"), neutral, sizeof neutral);
        money_cell(number(l, "break_even_rate"), ceiling, sizeof ceiling);
        money_cell(number(l, "target_rate"), target, sizeof target);
        const char *cells[] = {lane, teu, spend, floor_, neutral, ceiling, target};
        cli_table_add(t, cells);
    }
    cli_table_print(t, stdout);
    cli_table_free(t);
    printf("\nRates per TEU. Floor: the lowest rate any member already holds; ceiling: the highest\n"
           "rate at which every member still pays less than alone; target: the members' volume-rate\n"
           "curve read at the pooled volume, kept between the two (domain.md, \"Cluster rate\").\n");
}

struct step {
    const char *title;
    const char *key;
    int (*cmd)(int, char **);
    const char *args[12];
};

/* Run step with --format FORMAT; returns its exit status and what it printed. */
static int run_step(const struct step *s, const char *format, const struct cli_common *common,
                    char **out)
{
    char *args[24];
    int n = 0;
    for (; n < 11 && s->args[n] != NULL; n++)
        args[n] = (char *)s->args[n];
    char limit[32];
    snprintf(limit, sizeof limit, "%g", common->time_limit_s);
    args[n++] = "--time-limit";
    args[n++] = limit;
    args[n++] = "--clock";
    args[n++] = (char *)cf_clock_name(common->clock);
    args[n++] = "--format";
    args[n++] = (char *)format;
    if (common->verbosity < 0)
        args[n++] = "-q";
    for (int v = 0; v < common->verbosity && v < 3; v++)
        args[n++] = "-v";
    args[n] = NULL;
    int rc = cli_run_captured(s->cmd, n, args, out);
    if (rc != CF_OK)
        fprintf(stderr, "clusterfreight: demo: %s failed (exit %d)\n", s->key, rc);
    return rc;
}

int cmd_demo(int argc, char **argv)
{
    const char *keep = NULL;
    struct cli_common common;
    int rc = cli_parse(&command, argc, argv, &common, on_option, &keep);
    if (rc == CLI_HELP_SHOWN)
        return 0;
    if (rc != CF_OK)
        return rc;
    if (common.format == CLI_FORMAT_CSV) {
        cli_common_free(&common);
        return cli_usage_error("demo", "--format csv: the demo prints a table or one JSON document, choose table or json");
    }

    /* the example inputs, in a folder that an interrupt removes too */
    char dir[4096];
    int dir_slot = cli_temp_dir(dir, sizeof dir, "demo");
    if (dir_slot < 0) {
        fprintf(stderr, "clusterfreight: cannot create a temporary directory: %s\n", strerror(errno));
        return CF_ERR_IO;
    }
    char shipments[4200], quotes[4200], cluster[4200];
    snprintf(shipments, sizeof shipments, "%s/shipments.csv", dir);
    snprintf(quotes, sizeof quotes, "%s/quotes.csv", dir);
    snprintf(cluster, sizeof cluster, "%s/cluster_rates.csv", dir);
    int file_slots[3] = {cli_cleanup_arm(shipments), cli_cleanup_arm(quotes), cli_cleanup_arm(cluster)};

    const struct step benchmark = {"Where each firm stands: every lane's quotes against the cluster", "benchmark",
                                   cmd_benchmark, {"benchmark", "--quotes", quotes, "--view", "lanes", NULL}};
    const struct step savings = {"Each member in the pool: standalone cost, allocated cost (usage rule), savings",
                                 "savings", cmd_savings,
                                 {"savings", "--shipments", shipments, "--quotes", quotes, "--cluster-rates",
                                  cluster, "--core-samples", "100", "--with-proposal", NULL}};
    /* the proposal comes from the savings run (--with-proposal): on the same
       pool plan and standalone plans as the members' figures, not on plans of
       its own that the wall clock would make differ */
    const char *propose_title = "The cluster rate to ask carriers for, per sea lane";

    char *bench_json = NULL, *bench_table = NULL, *sav_json = NULL;
    cJSON *bdoc = NULL, *sdoc = NULL, *pdoc = NULL, *story = NULL, *doc = NULL;
    int json = common.format == CLI_FORMAT_JSON;

    rc = write_inputs(dir);
    if (rc == CF_OK && keep != NULL) {
        if (mkdir(keep, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "clusterfreight: %s: cannot create directory: %s\n", keep, strerror(errno));
            rc = CF_ERR_IO;
        } else {
            rc = write_inputs(keep);
        }
    }
    cli_log(&common, 0, "demo: benchmark, then the pool's plan and every member's standalone plans ...");
    if (rc == CF_OK)
        rc = run_step(&benchmark, "json", &common, &bench_json);
    if (rc == CF_OK && !json)
        rc = run_step(&benchmark, "table", &common, &bench_table);
    if (rc == CF_OK)
        rc = run_step(&savings, "json", &common, &sav_json);
    if (rc == CF_OK) {
        bdoc = cJSON_Parse(bench_json);
        sdoc = cJSON_Parse(sav_json);
        pdoc = sdoc != NULL ? cJSON_DetachItemFromObjectCaseSensitive(sdoc, "proposal") : NULL;
        story = bdoc && sdoc && pdoc ? build_story(bdoc, sdoc, pdoc) : NULL;
        if (story == NULL) {
            fprintf(stderr, "clusterfreight: demo: could not read the commands' JSON (or out of memory)\n");
            rc = CF_ERR_INTERNAL;
        }
    }
    if (rc == CF_OK && json) {
        /* each part the document takes is its to free; a part it could not
           take is still ours */
        doc = cJSON_CreateObject();
        int ok = doc != NULL && cJSON_AddItemToObject(doc, "benchmark", bdoc);
        if (ok)
            bdoc = NULL;
        ok = ok && cJSON_AddItemToObject(doc, "story", story);
        if (ok)
            story = NULL;
        ok = ok && cJSON_AddItemToObject(doc, "savings", sdoc);
        if (ok)
            sdoc = NULL;
        ok = ok && cJSON_AddItemToObject(doc, "propose", pdoc);
        if (ok)
            pdoc = NULL;
        if (ok) {
            rc = cli_json_print(doc, stdout);
        } else {
            fprintf(stderr, "clusterfreight: demo: out of memory\n");
            rc = CF_ERR_INTERNAL;
        }
    } else if (rc == CF_OK) {
        printf("clusterfreight demo: Durban Auto Cluster (illustrative data: 40 firms, 12 weeks)\n");
        printf("\n== %s ==\n\n%s", benchmark.title, bench_table);
        print_story(story);
        printf("\n== %s ==\n\n", savings.title);
        print_savings(sdoc);
        printf("\n== %s ==\n\n", propose_title);
        print_propose(pdoc);
        printf("\nEvery figure comes from the real commands; rerun them by hand with --keep DIR.\n");
    }
    if (rc == CF_OK)
        rc = cli_stdout_flush(); /* a full disk or a closed pipe is exit 74, not a silent loss */
    free(bench_json);
    free(bench_table);
    free(sav_json);
    cJSON_Delete(bdoc);
    cJSON_Delete(sdoc);
    cJSON_Delete(pdoc);
    cJSON_Delete(story);
    cJSON_Delete(doc);
    unlink(shipments);
    unlink(quotes);
    unlink(cluster);
    rmdir(dir);
    for (size_t f = 0; f < 3; f++)
        cli_cleanup_disarm(file_slots[f]);
    cli_cleanup_disarm(dir_slot);
    return rc;
}
