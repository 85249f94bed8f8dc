/* cmd_demo.c — `clusterfreight demo`: the whole pipeline on the built-in Durban
 * Auto Cluster example (models/synth.c, 40 firms over 12 weeks). The data is
 * written to a private temporary directory and the real commands run on it
 * (benchmark, savings, propose), so the demo shows exactly what a user gets. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture.h"
#include "cli.h"
#include "commands.h"
#include "models/synth.h"

enum { OPT_KEEP = 400 };

static const struct cli_option options[] = {
    {"keep", 1, OPT_KEEP, "DIR", "also write the example's input files into DIR, to rerun the commands by hand", NULL},
};

static const struct cli_command command = {
    "demo", "[--keep DIR] [--format table|json]",
    "Run the whole pipeline on the built-in Durban Auto Cluster example: 40 member firms\n"
    "(a few large, many small) shipping ZADUR to DEHAM, NLRTM and GBFXT by sea, some urgent air,\n"
    "imports back to ZADUR and road to ZAJNB. Illustrative data shaped on the published figures:\n"
    "small firms quoted about $2,500 per 20ft, the largest about $1,250, a $1,300 cluster rate.\n"
    "Prints the rate benchmark, each member's savings in the pool and the cluster-rate proposal;\n"
    "with --format json, one document {\"benchmark\", \"savings\", \"propose\"}.",
    options, sizeof options / sizeof options[0], 0};

static int on_option(int key, const char *arg, void *ctx)
{
    if (key == OPT_KEEP)
        *(const char **)ctx = arg;
    return 0;
}

/* Write the example's three files into dir (through `generate`, so they are the
 * same bytes `generate` writes for these parameters). */
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

struct step {
    const char *title;
    const char *key;
    int (*cmd)(int, char **);
    const char *args[8];
};

int cmd_demo(int argc, char **argv)
{
    const char *keep = NULL;
    struct cli_common common;
    int rc = cli_parse(&command, argc, argv, &common, on_option, &keep);
    if (rc == CLI_HELP_SHOWN)
        return 0;
    if (rc != CF_OK)
        return rc;

    char dir[] = "/tmp/clusterfreight-demo-XXXXXX";
    if (mkdtemp(dir) == NULL) {
        fprintf(stderr, "clusterfreight: cannot create a temporary directory: %s\n", strerror(errno));
        return CF_ERR_IO;
    }
    char shipments[64], quotes[64], cluster[64];
    snprintf(shipments, sizeof shipments, "%s/shipments.csv", dir);
    snprintf(quotes, sizeof quotes, "%s/quotes.csv", dir);
    snprintf(cluster, sizeof cluster, "%s/cluster_rates.csv", dir);

    const char *format = common.format == CLI_FORMAT_JSON ? "json"
                         : common.format == CLI_FORMAT_CSV ? "csv" : "table";
    struct step steps[] = {
        {"Where each firm stands: 20ft and other quotes against the cluster", "benchmark",
         cmd_benchmark, {"benchmark", "--quotes", quotes, "--view", "lanes", NULL}},
        {"Each member in the pool: standalone cost, allocated cost (usage rule), savings", "savings",
         cmd_savings, {"savings", "--shipments", shipments, "--quotes", quotes, "--cluster-rates", cluster}},
        {"The cluster rate to ask carriers for, per sea lane", "propose", cmd_propose,
         {"propose", "--shipments", shipments, "--quotes", quotes, NULL}},
    };
    size_t nsteps = sizeof steps / sizeof steps[0];

    cJSON *doc = common.format == CLI_FORMAT_JSON ? cJSON_CreateObject() : NULL;
    rc = write_inputs(dir);
    if (rc == CF_OK && keep != NULL) {
        if (mkdir(keep, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "clusterfreight: %s: cannot create directory: %s\n", keep, strerror(errno));
            rc = CF_ERR_IO;
        } else {
            rc = write_inputs(keep);
        }
    }
    if (rc == CF_OK && doc == NULL)
        printf("clusterfreight demo: Durban Auto Cluster (illustrative data, 40 firms, 12 weeks)\n");
    for (size_t i = 0; rc == CF_OK && i < nsteps; i++) {
        char *args[12];
        int n = 0;
        for (; n < 7 && steps[i].args[n] != NULL; n++)
            args[n] = (char *)steps[i].args[n];
        args[n++] = "--format";
        args[n++] = (char *)format;
        if (common.verbosity < 0)
            args[n++] = "-q";
        args[n] = NULL;
        char *out = NULL;
        rc = cli_run_captured(steps[i].cmd, n, args, &out);
        if (rc != CF_OK) {
            fprintf(stderr, "clusterfreight: demo: %s failed (exit %d)\n", steps[i].key, rc);
        } else if (doc != NULL) {
            cJSON *part = cJSON_Parse(out != NULL ? out : "");
            if (part == NULL) {
                fprintf(stderr, "clusterfreight: demo: %s printed no JSON\n", steps[i].key);
                rc = CF_ERR_INTERNAL;
            } else {
                cJSON_AddItemToObject(doc, steps[i].key, part);
            }
        } else {
            printf("\n== %s ==\n\n%s", steps[i].title, out != NULL ? out : "");
        }
        free(out);
    }
    if (rc == CF_OK && doc != NULL)
        rc = cli_json_print(doc, stdout);
    cJSON_Delete(doc);
    unlink(shipments);
    unlink(quotes);
    unlink(cluster);
    rmdir(dir);
    return rc;
}
