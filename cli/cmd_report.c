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
    options, sizeof options / sizeof options[0], 1, "shipments quotes cluster-rates output",
    0, CF_CLOCK_WALL}; /* the shared --time-limit and --clock defaults */

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
    case OPT_RULE: {
        /* domain.md, "Cost allocation"; checked here so the message names report */
        static const char *const rules[] = {"usage", "standalone", "shapley", "nucleolus", "epm"};
        for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
            if (strcmp(arg, rules[i]) == 0) {
                a->rule = arg;
                return 0;
            }
        return cli_usage_error("report", "--rule: expected usage, standalone, shapley, nucleolus or epm, got \"%s\"",
                               arg);
    }
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
    if (c->as_of != CF_DATE_NONE && s->nvalues < sizeof s->values / sizeof s->values[0]) {
        char *day = s->values[s->nvalues++];
        cf_date_format(c->as_of, day);
        push(s, "--as-of");
        push(s, day);
    }
    push(s, "--time-limit");
    push(s, value(s, "%.17g", c->time_limit_s));
    push(s, "--clock");
    push(s, cf_clock_name(c->clock));
    push(s, "--timeout");
    push(s, value(s, "%.17g", c->timeout_s));
    for (size_t i = 0; i < c->nheaders; i++) {
        push(s, "--header");
        push(s, c->headers[i]);
    }
    if (c->verbosity < 0)
        push(s, "-q");
    for (int v = 0; v < c->verbosity && v < 3; v++)
        push(s, "-v");
    push(s, "--format");
    push(s, "json");
}

static int is_stdin(const char *spec)
{
    return spec != NULL && strcmp(spec, "-") == 0;
}

/* Standard input can be read once: when one SRC is "-", it is copied into a
 * private temporary file that every sub-command then reads. */
struct spool {
    char dir[4096];
    char path[4200];
    int dir_slot, path_slot; /* cli_cleanup_arm's: an interrupt removes them too */
};

static int spool_stdin(struct spool *sp)
{
    sp->dir_slot = cli_temp_dir(sp->dir, sizeof sp->dir, "report");
    if (sp->dir_slot < 0) {
        fprintf(stderr, "clusterfreight: cannot create a temporary directory: %s\n", strerror(errno));
        sp->dir[0] = '\0';
        return CF_ERR_IO;
    }
    snprintf(sp->path, sizeof sp->path, "%s/stdin", sp->dir);
    sp->path_slot = cli_cleanup_arm(sp->path);
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
    int read_failed = ferror(stdin);
    int write_failed = ferror(fp);
    if (fclose(fp) != 0)
        write_failed = 1;
    if (read_failed) {
        fprintf(stderr, "clusterfreight: <stdin>: read failed\n");
        return CF_ERR_IO;
    }
    if (write_failed) {
        fprintf(stderr, "clusterfreight: %s: write failed\n", sp->path);
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
    cli_cleanup_disarm(sp->path_slot);
    cli_cleanup_disarm(sp->dir_slot);
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

/* The commands behind the page, in the order they run (benchmark first: it is
 * quick and checks the quotes and --member before any solving). The plan and
 * the proposal of the committee's page are no commands of their own: savings
 * adds them (--with-pool-plan, --with-proposal) on the plans the members'
 * figures stand on; plan and propose would plan the pool again and, on the
 * wall clock, find other plans at other costs. */
enum { STEP_BENCHMARK, STEP_SAVINGS, NSTEPS };

struct step {
    const char *name;
    int (*cmd)(int, char **);
    int shipments, quotes, cluster_rates; /* which sources it reads */
    int rule;                             /* takes --rule */
};

static const struct step steps[NSTEPS] = {
    {"benchmark", cmd_benchmark, 0, 1, 0, 0},
    {"savings", cmd_savings, 1, 1, 1, 1},
};

struct sources {
    const char *shipments, *quotes, *cluster_rates;
};

static void step_args(const struct step *st, const struct sources *src, const struct report_args *args,
                      const struct cli_common *common, struct subargs *s)
{
    memset(s, 0, sizeof *s);
    push(s, st->name);
    if (st->shipments) {
        push(s, "--shipments");
        push(s, src->shipments);
    }
    if (st->quotes) {
        push(s, "--quotes");
        push(s, src->quotes);
    }
    if (st->cluster_rates) {
        push(s, "--cluster-rates");
        push(s, src->cluster_rates);
    }
    if (st->rule && args->rule != NULL) {
        push(s, "--rule");
        push(s, args->rule);
    }
    if (args->member != NULL) {
        push(s, "--member");
        push(s, args->member);
    } else if (st->cmd == cmd_savings) { /* the committee's plan and proposal sections */
        push(s, "--with-pool-plan");
        push(s, "--with-proposal");
    }
    push_common(s, common);
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
    /* cli_parse lets at most one source be - (standard input) */
    int from_stdin = is_stdin(args.shipments) || is_stdin(args.quotes) || is_stdin(args.cluster_rates) ||
                     is_stdin(common.fx_src) || is_stdin(common.equipment_src);
    int to_stdout = strcmp(args.output, "-") == 0;

    struct cf_error err;
    cf_error_clear(&err);
    struct spool sp = {"", "", -1, -1};
    cJSON *docs[NSTEPS] = {NULL}, *plan = NULL, *proposal = NULL;
    char *page = NULL;
    size_t page_len = 0;

    /* fail on an unwritable -o before any solving; the file itself is only
     * opened once the page is whole, so an interrupted run leaves nothing */
    if (!to_stdout) {
        rc = cli_output_check(args.output, &err);
        if (rc != CF_OK) {
            rc = cli_fail(&err);
            goto done;
        }
    }
    if (from_stdin) {
        rc = spool_stdin(&sp);
        if (rc != CF_OK)
            goto done;
    }
    struct sources src = {is_stdin(args.shipments) ? sp.path : args.shipments,
                          is_stdin(args.quotes) ? sp.path : args.quotes,
                          is_stdin(args.cluster_rates) ? sp.path : args.cluster_rates};
    if (is_stdin(common.fx_src))
        common.fx_src = sp.path;
    if (is_stdin(common.equipment_src))
        common.equipment_src = sp.path;
    for (size_t i = 0; i < NSTEPS; i++) {
        struct subargs s;
        step_args(&steps[i], &src, &args, &common, &s);
        rc = run_json(steps[i].name, steps[i].cmd, &s, sp.path, &docs[i]);
        if (rc != CF_OK)
            goto done;
    }
    if (args.member == NULL) { /* they show every member: the committee's only */
        plan = cJSON_DetachItemFromObjectCaseSensitive(docs[STEP_SAVINGS], "pool_plan");
        proposal = cJSON_DetachItemFromObjectCaseSensitive(docs[STEP_SAVINGS], "proposal");
        if (plan == NULL || proposal == NULL) {
            fprintf(stderr, "clusterfreight: report: savings printed no %s\n", plan == NULL ? "pool_plan" : "proposal");
            rc = CF_ERR_INTERNAL;
            goto done;
        }
    }

    FILE *mem = open_memstream(&page, &page_len);
    if (mem == NULL) {
        fprintf(stderr, "clusterfreight: report: out of memory\n");
        rc = CF_ERR_INTERNAL;
        goto done;
    }
    struct cli_report_docs report = {docs[STEP_BENCHMARK], docs[STEP_SAVINGS], plan, proposal};
    rc = cli_report_render(mem, &report, args.member, &err);
    if (fclose(mem) != 0 && rc == CF_OK)
        rc = cf_error_set(&err, CF_ERR_INTERNAL, "report", 0, NULL, "out of memory");
    if (rc != CF_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    rc = cli_output_write(args.output, page, page_len, &err);
    if (rc != CF_OK)
        rc = cli_fail(&err);
    else if (!to_stdout)
        cli_log(&common, 0, "report: wrote %s", args.output);

done:
    free(page);
    for (size_t i = 0; i < NSTEPS; i++)
        cJSON_Delete(docs[i]);
    cJSON_Delete(plan);
    cJSON_Delete(proposal);
    spool_remove(&sp);
    cli_common_free(&common);
    return rc;
}
