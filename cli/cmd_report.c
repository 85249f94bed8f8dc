/* cmd_report.c — `clusterfreight report ... -o FILE.html` (interface.md): runs
 * the real commands in-process with --format json (benchmark, savings, and for
 * the committee also plan and propose), parses what they print and renders one
 * self-contained HTML page from it (report.h). With --member, the firm's
 * confidential page; benchmark and savings get --member themselves. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "cli.h"
#include "commands.h"
#include "report.h"

enum { OPT_SHIPMENTS = 400, OPT_QUOTES, OPT_CLUSTER_RATES, OPT_MEMBER, OPT_RULE, OPT_OUTPUT = 'o' };

static const struct cli_option options[] = {
    {"shipments", 1, OPT_SHIPMENTS, "SRC", "members' shipments, CSV or JSON (file, - or URL); required", NULL},
    {"quotes", 1, OPT_QUOTES, "SRC", "firms' quotes, CSV or JSON; required", NULL},
    {"cluster-rates", 1, OPT_CLUSTER_RATES, "SRC", "the cluster's negotiated rates, CSV or JSON; required", NULL},
    {"member", 1, OPT_MEMBER, "FIRM", "that firm's confidential one-page view: no other firm's name or figure", NULL},
    {"rule", 1, OPT_RULE, "RULE", "cost allocation rule, passed to savings (usage, standalone, shapley, nucleolus, epm)", "usage"},
    {"output", 1, OPT_OUTPUT, "FILE.html", "where to write the page (written atomically; - for stdout); required", NULL},
};

static const struct cli_command command = {
    "report", "--shipments SRC --quotes SRC --cluster-rates SRC [--member FIRM] -o FILE.html",
    "One self-contained HTML page (no scripts, no external files, prints on A4) from the real\n"
    "commands' figures. Without --member, the committee's view: each member's standalone and\n"
    "allocated cost and savings with the rule and core check, the consolidation plan, the\n"
    "cluster rate to ask for per sea lane and today's rates per lane. With --member FIRM, that\n"
    "firm's page: what it pays now, what it would pay in the pool, why its share is fair, and\n"
    "cluster aggregates of at least 3 firms; no other firm's name, rate, volume or cost.",
    options, sizeof options / sizeof options[0], 1};

struct report_args {
    const char *shipments;
    const char *quotes;
    const char *cluster_rates;
    const char *member;
    const char *rule;
    const char *output;
};

static int on_option(int key, const char *arg, void *ctx)
{
    struct report_args *a = ctx;
    switch (key) {
    case OPT_SHIPMENTS: a->shipments = arg; return 0;
    case OPT_QUOTES: a->quotes = arg; return 0;
    case OPT_CLUSTER_RATES: a->cluster_rates = arg; return 0;
    case OPT_MEMBER:
        if (arg[0] == '\0')
            return cli_usage_error("report", "--member: expected a firm's name, got \"\"");
        a->member = arg;
        return 0;
    case OPT_RULE: a->rule = arg; return 0;
    case OPT_OUTPUT:
        if (arg[0] == '\0')
            return cli_usage_error("report", "-o: expected a file name, got \"\"");
        a->output = arg;
        return 0;
    default:
        return cli_usage_error("report", "internal: unhandled option");
    }
}

/* The argument vector of one sub-command, with room for the formatted values
 * of the forwarded options. */
#define ARGV_MAX (48 + 2 * CLI_MAX_HEADERS)
struct subargs {
    char *argv[ARGV_MAX + 1];
    int argc;
    char values[8][64];
    size_t nvalues;
};

static void push(struct subargs *s, const char *arg)
{
    if (s->argc < ARGV_MAX) {
        s->argv[s->argc++] = (char *)arg;
        s->argv[s->argc] = NULL;
    }
}

static const char *value(struct subargs *s, const char *fmt, double v)
{
    if (s->nvalues == sizeof s->values / sizeof s->values[0])
        return "";
    char *buf = s->values[s->nvalues++];
    snprintf(buf, sizeof s->values[0], fmt, v);
    return buf;
}

/* The shared data options as given to report, for the sub-command to read the
 * data exactly as report was asked to, plus --format json. */
static void push_common(struct subargs *s, const struct cli_common *c)
{
    push(s, "--currency");
    push(s, c->currency);
    if (c->fx_src != NULL) {
        push(s, "--fx");
        push(s, c->fx_src);
    }
    if (c->equipment_src != NULL) {
        push(s, "--equipment");
        push(s, c->equipment_src);
    }
    push(s, "--fill-factor");
    push(s, value(s, "%.17g", c->fill_factor));
    if (c->as_of != CF_DATE_NONE) {
        if (s->nvalues < sizeof s->values / sizeof s->values[0]) {
            char *buf = s->values[s->nvalues++];
            cf_date_format(c->as_of, buf);
            push(s, "--as-of");
            push(s, buf);
        }
    }
    push(s, "--time-limit");
    push(s, value(s, "%.17g", c->time_limit_s));
    push(s, "--timeout");
    push(s, value(s, "%.0f", (double)c->timeout_s));
    for (size_t i = 0; i < c->nheaders; i++) {
        push(s, "--header");
        push(s, c->headers[i]);
    }
    if (c->verbosity < 0)
        push(s, "-q");
    for (int v = 0; v < c->verbosity; v++)
        push(s, "-v");
    push(s, "--format");
    push(s, "json");
}

/* Standard input can be read once: when one SRC is "-", it is copied into a
 * private temporary file that every sub-command then reads. */
struct spool {
    char dir[64];
    char path[96];
};

static int spool_stdin(struct spool *sp)
{
    snprintf(sp->dir, sizeof sp->dir, "/tmp/clusterfreight-report-XXXXXX");
    if (mkdtemp(sp->dir) == NULL) {
        fprintf(stderr, "clusterfreight: cannot create a temporary directory: %s\n", strerror(errno));
        sp->dir[0] = '\0';
        return CF_ERR_IO;
    }
    snprintf(sp->path, sizeof sp->path, "%s/stdin", sp->dir);
    FILE *fp = fopen(sp->path, "wb");
    if (fp == NULL) {
        fprintf(stderr, "clusterfreight: %s: cannot write: %s\n", sp->path, strerror(errno));
        return CF_ERR_IO;
    }
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
        if (fwrite(buf, 1, n, fp) != n)
            break;
    int bad = ferror(stdin) || ferror(fp);
    if (fclose(fp) != 0)
        bad = 1;
    if (bad) {
        fprintf(stderr, "clusterfreight: <stdin>: read failed\n");
        return CF_ERR_IO;
    }
    return CF_OK;
}

static void spool_remove(struct spool *sp)
{
    if (sp->path[0] != '\0')
        unlink(sp->path);
    if (sp->dir[0] != '\0')
        rmdir(sp->dir);
}

/* Pass a sub-command's stderr on, naming the spooled copy of standard input
 * "<stdin>" as the command would have (models/source.c). */
static void pass_stderr(const char *text, const char *spooled)
{
    size_t n = strlen(spooled);
    for (const char *p = text; *p != '\0';) {
        const char *hit = n > 0 ? strstr(p, spooled) : NULL;
        if (hit == NULL) {
            fputs(p, stderr);
            break;
        }
        fwrite(p, 1, (size_t)(hit - p), stderr);
        fputs("<stdin>", stderr);
        p = hit + n;
    }
}

/* Run one command with --format json and parse what it printed into *doc.
 * A failing command has printed its own one-line error: its status passes
 * through unchanged. spooled: the path standing in for stdin, or "". */
static int run_json(const char *name, int (*cmd)(int, char **), struct subargs *s, const char *spooled,
                    cJSON **doc)
{
    *doc = NULL;
    char *out = NULL, *err_text = NULL;
    int rc = cli_run_captured_both(cmd, s->argc, s->argv, &out, spooled[0] != '\0' ? &err_text : NULL);
    if (err_text != NULL)
        pass_stderr(err_text, spooled);
    if (rc == CF_OK) {
        *doc = cJSON_Parse(out != NULL ? out : "");
        if (*doc == NULL) {
            fprintf(stderr, "clusterfreight: report: %s printed no JSON document\n", name);
            rc = CF_ERR_INTERNAL;
        }
    } else if (rc == CF_ERR_IO && out == NULL) {
        fprintf(stderr, "clusterfreight: report: cannot capture the output of %s\n", name);
    }
    free(err_text);
    free(out);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    struct report_args args = {0};
    struct cli_common common;
    int rc = cli_parse(&command, argc, argv, &common, on_option, &args);
    if (rc == CLI_HELP_SHOWN)
        return 0;
    if (rc != CF_OK)
        return rc;
    if (args.shipments == NULL)
        return cli_usage_error("report", "--shipments SRC is required");
    if (args.quotes == NULL)
        return cli_usage_error("report", "--quotes SRC is required");
    if (args.cluster_rates == NULL)
        return cli_usage_error("report", "--cluster-rates SRC is required");
    if (args.output == NULL)
        return cli_usage_error("report", "-o FILE.html is required");
    int from_stdin = (strcmp(args.shipments, "-") == 0) + (strcmp(args.quotes, "-") == 0) +
                     (strcmp(args.cluster_rates, "-") == 0);
    if (from_stdin > 1)
        return cli_usage_error("report", "at most one of --shipments, --quotes and --cluster-rates can be - (standard input)");
    int to_stdout = strcmp(args.output, "-") == 0;

    struct cf_error err;
    cf_error_clear(&err);
    struct spool sp = {"", ""};
    struct cli_outfile of;
    memset(&of, 0, sizeof of);
    int of_open = 0;
    cJSON *benchmark = NULL, *savings = NULL, *plan = NULL, *propose = NULL;

    /* fail on an unwritable -o before any solving */
    if (!to_stdout) {
        rc = cli_outfile_open(&of, args.output, &err);
        if (rc != CF_OK) {
            rc = cli_fail(&err);
            goto done;
        }
        of_open = 1;
    }
    if (from_stdin) {
        rc = spool_stdin(&sp);
        if (rc != CF_OK)
            goto done;
    }
    const char *shipments = strcmp(args.shipments, "-") == 0 ? sp.path : args.shipments;
    const char *quotes = strcmp(args.quotes, "-") == 0 ? sp.path : args.quotes;
    const char *cluster = strcmp(args.cluster_rates, "-") == 0 ? sp.path : args.cluster_rates;

    struct subargs s = {0};
    push(&s, "benchmark");
    push(&s, "--quotes");
    push(&s, quotes);
    if (args.member != NULL) {
        push(&s, "--member");
        push(&s, args.member);
    }
    push_common(&s, &common);
    rc = run_json("benchmark", cmd_benchmark, &s, sp.path, &benchmark);
    if (rc != CF_OK)
        goto done;

    s = (struct subargs){0};
    push(&s, "savings");
    push(&s, "--shipments");
    push(&s, shipments);
    push(&s, "--quotes");
    push(&s, quotes);
    push(&s, "--cluster-rates");
    push(&s, cluster);
    if (args.rule != NULL) {
        push(&s, "--rule");
        push(&s, args.rule);
    }
    if (args.member != NULL) {
        push(&s, "--member");
        push(&s, args.member);
    }
    push_common(&s, &common);
    rc = run_json("savings", cmd_savings, &s, sp.path, &savings);
    if (rc != CF_OK)
        goto done;

    /* the plan and the proposal show every member: the committee's only */
    if (args.member == NULL) {
        s = (struct subargs){0};
        push(&s, "plan");
        push(&s, "--shipments");
        push(&s, shipments);
        push(&s, "--cluster-rates");
        push(&s, cluster);
        push(&s, "--quotes");
        push(&s, quotes);
        push_common(&s, &common);
        rc = run_json("plan", cmd_plan, &s, sp.path, &plan);
        if (rc != CF_OK)
            goto done;

        s = (struct subargs){0};
        push(&s, "propose");
        push(&s, "--shipments");
        push(&s, shipments);
        push(&s, "--quotes");
        push(&s, quotes);
        push_common(&s, &common);
        rc = run_json("propose", cmd_propose, &s, sp.path, &propose);
        if (rc != CF_OK)
            goto done;
    }

    struct cli_report_docs docs = {benchmark, savings, plan, propose};
    rc = cli_report_render(to_stdout ? stdout : of.fp, &docs, args.member, &err);
    if (rc != CF_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    if (to_stdout) {
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "clusterfreight: <stdout>: write failed\n");
            rc = CF_ERR_IO;
        }
    } else {
        of_open = 0;
        rc = cli_outfile_commit(&of, &err);
        if (rc != CF_OK)
            rc = cli_fail(&err);
        else
            cli_log(&common, 0, "report: wrote %s", args.output);
    }

done:
    if (of_open)
        cli_outfile_abort(&of);
    cJSON_Delete(propose);
    cJSON_Delete(plan);
    cJSON_Delete(savings);
    cJSON_Delete(benchmark);
    spool_remove(&sp);
    cli_common_free(&common);
    return rc;
}
