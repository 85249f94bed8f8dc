/* cmd_generate.c — `clusterfreight generate --firms N --weeks W --seed S --out DIR`:
 * synthetic cluster data (models/synth.c) as shipments.csv, quotes.csv and
 * cluster_rates.csv, byte-identical for the same arguments. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "commands.h"
#include "models/synth.h"

enum { OPT_FIRMS = 300, OPT_WEEKS, OPT_SEED, OPT_OUT, OPT_START };

static const struct cli_option options[] = {
    {"firms", 1, OPT_FIRMS, "N", "member firms (1..100000)", "40"},
    {"weeks", 1, OPT_WEEKS, "W", "weeks of shipments (1..520)", "52"},
    {"seed", 1, OPT_SEED, "S", "random seed; the same arguments give byte-identical files", "1"},
    {"start", 1, OPT_START, "DATE", "Monday of the first week", "2027-01-04"},
    {"out", 1, OPT_OUT, "DIR", "directory to write into (created if missing)", NULL},
};

static const struct cli_command command = {
    "generate", "--firms N --weeks W --seed S --out DIR",
    "Write synthetic cluster data: shipments.csv, quotes.csv and cluster_rates.csv.\n"
    "Illustrative, shaped on the published Durban Auto Cluster figures.",
    options, sizeof options / sizeof options[0], 0, "out",
    0, CF_CLOCK_WALL}; /* the shared --time-limit and --clock defaults */

struct args {
    struct cf_synth_params params;
    const char *out;
};

static int on_option(int key, const char *arg, void *ctx)
{
    struct args *a = ctx;
    long v;
    switch (key) {
    case OPT_FIRMS:
        if (cli_parse_long("generate", "firms", arg, 1, 100000, &v) != 0)
            return CF_ERR_USAGE;
        a->params.firms = (int)v;
        return 0;
    case OPT_WEEKS:
        if (cli_parse_long("generate", "weeks", arg, 1, 520, &v) != 0)
            return CF_ERR_USAGE;
        a->params.weeks = (int)v;
        return 0;
    case OPT_SEED: {
        unsigned long long seed;
        if (cli_parse_seed("generate", "seed", arg, &seed) != 0)
            return CF_ERR_USAGE;
        a->params.seed = seed;
        return 0;
    }
    case OPT_START:
        if (cf_date_parse(arg, &a->params.start) != 0)
            return cli_usage_error("generate", "--start: expected a date YYYY-MM-DD, got \"%s\"", arg);
        return 0;
    case OPT_OUT:
        a->out = arg;
        return 0;
    default:
        return CF_ERR_USAGE;
    }
}

/* A header of comma-separated names, with d between them (after the byte
 * order mark of a ';' file, cli_csv_start). */
static void put_header(FILE *fp, const char *names, char d)
{
    cli_csv_start(fp, d);
    for (; *names; names++)
        fputc(*names == ',' ? d : *names, fp);
    fputc('\n', fp);
}

/* A number with `places` decimals (cli_csv_number: a decimal comma when d is
 * ';', which the loaders read back), then d. */
static void put_number(FILE *fp, double v, int places, char d)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.*f", places, v);
    cli_csv_number(fp, buf, d);
    fputc(d, fp);
}

static void write_shipments(FILE *fp, const struct cf_shipments *list, char d)
{
    put_header(fp, "id,firm,origin,destination,volume_m3,weight_kg,ready_date,due_date,modes", d);
    for (size_t i = 0; i < list->count; i++) {
        const struct cf_shipment *s = &list->items[i];
        char ready[11], due[11];
        cf_date_format(s->ready_date, ready);
        cf_date_format(s->due_date, due);
        cli_csv_field(fp, s->id);
        fputc(d, fp);
        cli_csv_field(fp, s->firm);
        fprintf(fp, "%c%s%c%s%c", d, s->origin, d, s->destination, d);
        put_number(fp, s->volume_m3, 1, d);
        put_number(fp, s->weight_kg, 0, d);
        fprintf(fp, "%s%c%s%c\n", ready, d, due, d);
    }
}

static void write_quotes(FILE *fp, const struct cf_quotes *list, int cluster, char d)
{
    put_header(fp, cluster ? "mode,origin,destination,equipment,amount,currency,surcharges,min_charge,"
                             "transit_days,valid_from,valid_to,min_teu,carrier"
                           : "firm,mode,origin,destination,equipment,amount,currency,surcharges,min_charge,"
                             "transit_days,valid_from,valid_to,carrier",
               d);
    for (size_t i = 0; i < list->count; i++) {
        const struct cf_quote *q = &list->items[i];
        char from[11], to[11];
        cf_date_format(q->valid_from, from);
        cf_date_format(q->valid_to, to);
        if (!cluster) {
            cli_csv_field(fp, q->firm);
            fputc(d, fp);
        }
        fprintf(fp, "%s%c%s%c%s%c%s%c", cf_mode_name(q->mode), d, q->origin, d, q->destination, d,
                q->equipment, d);
        put_number(fp, q->amount, 2, d);
        fprintf(fp, "%s%c", q->currency, d);
        put_number(fp, q->surcharges, 2, d);
        put_number(fp, q->min_charge, 2, d);
        fprintf(fp, "%d%c%s%c%s%c", q->transit_days, d, from, d, to, d);
        if (cluster)
            put_number(fp, q->min_teu, 0, d);
        cli_csv_field(fp, q->carrier);
        fputc('\n', fp);
    }
}

/* The three files, all or none: each written to a temporary file, all
 * closed, then renamed into place; when one cannot be opened or written,
 * none replaces what the directory held (a rerun never mixes two data sets). */
static int write_files(const char *dir, const struct cf_shipments *s, const struct cf_quotes *q,
                       const struct cf_quotes *cluster, char d, struct cf_error *err)
{
    static const char *const names[3] = {"shipments.csv", "quotes.csv", "cluster_rates.csv"};
    struct cli_outfile of[3];
    size_t opened = 0;
    int rc = CF_OK;
    for (; opened < 3 && rc == CF_OK; opened++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[opened]);
        rc = cli_outfile_open(&of[opened], path, err);
        if (rc != CF_OK)
            break;
        if (opened == 0)
            write_shipments(of[0].fp, s, d);
        else
            write_quotes(of[opened].fp, opened == 1 ? q : cluster, opened == 2, d);
    }
    for (size_t f = 0; f < opened && rc == CF_OK; f++)
        rc = cli_outfile_close(&of[f], err);
    for (size_t f = 0; f < opened && rc == CF_OK; f++)
        rc = cli_outfile_commit(&of[f], err);
    if (rc != CF_OK)
        for (size_t f = 0; f < opened; f++)
            cli_outfile_abort(&of[f]);
    return rc;
}

int cmd_generate(int argc, char **argv)
{
    struct args a = {{40, 52, 1, 0}, NULL};
    cf_date_parse("2027-01-04", &a.params.start);
    struct cli_common common;
    int rc = cli_parse(&command, argc, argv, &common, on_option, &a);
    if (rc == CLI_HELP_SHOWN)
        return 0;
    if (rc != CF_OK)
        return rc;

    struct cf_error err;
    cf_error_clear(&err);
    struct cf_shipments shipments = {0};
    struct cf_quotes quotes = {0}, cluster = {0};
    if (mkdir(a.out, 0777) != 0 && errno != EEXIST) {
        rc = cf_error_set(&err, CF_ERR_IO, a.out, 0, NULL, "cannot create directory: %s", strerror(errno));
        goto done;
    }
    rc = cf_synth_generate(&a.params, &shipments, &quotes, &cluster, &err);
    if (rc == CF_OK)
        rc = write_files(a.out, &shipments, &quotes, &cluster, common.csv_delimiter, &err);
    if (rc == CF_OK)
        cli_log(&common, 0, "wrote %zu shipments, %zu quotes and %zu cluster rates for %d firms to %s",
                shipments.count, quotes.count, cluster.count, a.params.firms, a.out);
done:
    cf_shipments_free(&shipments);
    cf_quotes_free(&quotes);
    cf_quotes_free(&cluster);
    return rc == CF_OK ? 0 : cli_fail(&err);
}
