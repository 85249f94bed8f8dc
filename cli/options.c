/* options.c — one option table per command drives getopt_long and --help
 * (cli.h); the shared data options of interface.md live here once. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "models/loaders.h"
#include "rates/bound.h"
#include "solver/clock.h"

enum {
    OPT_CURRENCY = 1000, OPT_FX, OPT_EQUIPMENT, OPT_FILL, OPT_AS_OF, OPT_FORMAT,
    OPT_TIME_LIMIT, OPT_CLOCK, OPT_TIMEOUT, OPT_HEADER, OPT_CSV_DELIMITER, OPT_HELP = 'h', OPT_QUIET = 'q', OPT_VERBOSE = 'v'
};

static const struct cli_option data_options[] = {
    {"currency", 1, OPT_CURRENCY, "CUR", "base currency (ISO 4217) of every figure printed", "USD"},
    {"fx", 1, OPT_FX, "SRC", "exchange rates, CSV currency,rate (base units per 1 unit)", NULL},
    {"equipment", 1, OPT_EQUIPMENT, "SRC", "equipment catalogue CSV code,mode,teu,volume_m3,payload_kg; replaces or extends the built-in one", NULL},
    {"fill-factor", 1, OPT_FILL, "F", "usable share of a container's volume, 0 < F <= 1", "0.90"},
    {"as-of", 1, OPT_AS_OF, "DATE", "only quotes valid on DATE (YYYY-MM-DD) count", "every quote"},
    /* these two defaults are the command's own (command_time_limit, cmd->clock): print_help says them */
    {"time-limit", 1, OPT_TIME_LIMIT, "S", "solver wall-clock budget in seconds (nominal seconds of work under --clock work)", NULL},
    {"clock", 1, OPT_CLOCK, "wall|work", "what --time-limit counts: wall-clock seconds, or the solver's own work in nominal seconds (the same plans, to the cent, on every run and machine)", NULL},
    {"timeout", 1, OPT_TIMEOUT, "S", "connect-and-transfer timeout for URL sources, seconds", "30"},
    {"header", 1, OPT_HEADER, "'NAME: value'", "extra HTTP header for URL sources (repeatable); a bearer token comes from CLUSTERFREIGHT_TOKEN", NULL},
};

static const struct cli_option general_options[] = {
    {"format", 1, OPT_FORMAT, "table|csv|json", "output form on stdout", "table on a terminal, else json"},
    {"csv-delimiter", 1, OPT_CSV_DELIMITER, ",|;", "delimiter of --format csv; ';' also writes numbers with a decimal comma, as Excel reads CSV in ZA and EU locales", ","},
    {"quiet", 0, OPT_QUIET, NULL, "less on stderr", NULL},
    {"verbose", 0, OPT_VERBOSE, NULL, "more detail on stderr (repeat for more)", NULL},
    {"help", 0, OPT_HELP, NULL, "show this help and exit", NULL},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* cmd's --time-limit default: its own, else the shared 30 s (interface.md) */
static double command_time_limit(const struct cli_command *cmd)
{
    return cmd->time_limit_s > 0 ? cmd->time_limit_s : 30.0;
}

static void print_option(const struct cli_option *o, const char *default_text)
{
    char left[96];
    if (o->key < 256)
        snprintf(left, sizeof left, "-%c, --%s%s%s", o->key, o->name, o->has_arg ? " " : "",
                 o->has_arg ? o->metavar : "");
    else
        snprintf(left, sizeof left, "    --%s%s%s", o->name, o->has_arg ? " " : "",
                 o->has_arg ? o->metavar : "");
    printf("  %-30s %s", left, o->help);
    if (default_text != NULL)
        printf(" (default: %s)", default_text);
    printf("\n");
}

static void print_help(const struct cli_command *cmd)
{
    printf("usage: clusterfreight %s %s\n\n%s\n", cmd->name, cmd->synopsis, cmd->summary);
    if (cmd->noptions > 0) {
        printf("\noptions:\n");
        for (size_t i = 0; i < cmd->noptions; i++)
            print_option(&cmd->options[i], cmd->options[i].default_text);
    }
    if (cmd->data_options) {
        printf("\ndata options:\n");
        char limit[32];
        snprintf(limit, sizeof limit, "%g", command_time_limit(cmd));
        for (size_t i = 0; i < COUNT(data_options); i++) {
            const char *text = data_options[i].default_text;
            if (data_options[i].key == OPT_TIME_LIMIT)
                text = limit;
            if (data_options[i].key == OPT_CLOCK)
                text = cf_clock_name(cmd->clock);
            print_option(&data_options[i], text);
        }
    }
    printf("\ngeneral options:\n");
    for (size_t i = 0; i < COUNT(general_options); i++)
        print_option(&general_options[i], general_options[i].default_text);
    printf("\nexit status: 0 ok, 1 internal failure, 2 bad command line, 65 invalid input data,\n"
           "69 a URL could not be fetched, 74 a file could not be read or written\n");
}

static int add_options(struct option *longopts, size_t *n, char *shortopts, size_t *ns,
                       const struct cli_option *opts, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        longopts[*n] = (struct option){opts[i].name, opts[i].has_arg ? required_argument : no_argument,
                                       NULL, opts[i].key};
        (*n)++;
        if (opts[i].key < 256) {
            shortopts[(*ns)++] = (char)opts[i].key;
            if (opts[i].has_arg)
                shortopts[(*ns)++] = ':';
        }
    }
    return 0;
}

static const struct cli_option *find_option(const struct cli_option *opts, size_t count, int key)
{
    for (size_t i = 0; i < count; i++)
        if (opts[i].key == key)
            return &opts[i];
    return NULL;
}

static int parse_number(const char *cmd, const char *opt, const char *arg, double lo_excl,
                        double hi_incl, double *out)
{
    double v = 0.0;
    if (!cli_number(arg, &v) || v <= lo_excl || v > hi_incl)
        return cli_usage_error(cmd, "--%s: expected a number in (%g, %g], got \"%s\"", opt, lo_excl,
                               hi_incl, arg);
    *out = v;
    return 0;
}

/* A SRC option (own, else a data option of key) given "-" takes standard
 * input, which only one source can read: the second is a usage error naming
 * both. *stdin_by holds the option that took it. */
static int claim_stdin(const struct cli_command *cmd, const struct cli_option *own, int key, const char *arg,
                       const char **stdin_by)
{
    const struct cli_option *src = own;
    if (src == NULL && cmd->data_options)
        src = find_option(data_options, COUNT(data_options), key);
    if (src == NULL || src->metavar == NULL || strcmp(src->metavar, "SRC") != 0 || arg == NULL ||
        strcmp(arg, "-") != 0)
        return CF_OK;
    if (*stdin_by != NULL && strcmp(*stdin_by, src->name) != 0)
        return cli_usage_error(cmd->name, "--%s: standard input ('-') is already read by --%s", src->name,
                               *stdin_by);
    *stdin_by = src->name;
    return CF_OK;
}

static int handle_data_option(const struct cli_command *cmd, int key, const char *arg,
                              struct cli_common *c)
{
    double v = 0.0; /* -O3 cannot see that every error path returns */
    switch (key) {
    case OPT_CURRENCY: {
        /* upper-cased, as the files' codes are */
        char code[4] = "";
        for (size_t i = 0; i < 3 && arg[i] != '\0'; i++)
            code[i] = (char)toupper((unsigned char)arg[i]);
        if (strlen(arg) != 3 || !cf_currency_valid(code))
            return cli_usage_error(cmd->name, "--currency: expected a three-letter ISO 4217 code such as USD, got \"%s\"",
                                   arg);
        memcpy(c->currency, code, 4);
        return 0;
    }
    case OPT_FX: c->fx_src = arg; return 0;
    case OPT_EQUIPMENT: c->equipment_src = arg; return 0;
    case OPT_FILL:
        if (parse_number(cmd->name, "fill-factor", arg, 0.0, 1.0, &v) != 0)
            return CF_ERR_USAGE;
        c->fill_factor = v;
        return 0;
    case OPT_AS_OF:
        if (cf_date_parse(arg, &c->as_of) != 0) {
            const char *problem = cf_date_problem(arg);
            return cli_usage_error(cmd->name, "--as-of: %s, got \"%s\"",
                                   problem != NULL ? problem : "expected a date YYYY-MM-DD", arg);
        }
        return 0;
    case OPT_TIME_LIMIT:
        if (parse_number(cmd->name, "time-limit", arg, 0.0, 1e7, &v) != 0)
            return CF_ERR_USAGE;
        c->time_limit_s = v;
        return 0;
    case OPT_CLOCK:
        if (strcmp(arg, cf_clock_name(CF_CLOCK_WALL)) == 0)
            c->clock = CF_CLOCK_WALL;
        else if (strcmp(arg, cf_clock_name(CF_CLOCK_WORK)) == 0)
            c->clock = CF_CLOCK_WORK;
        else
            return cli_usage_error(cmd->name, "--clock: expected wall or work, got \"%s\"", arg);
        return 0;
    case OPT_TIMEOUT:
        if (parse_number(cmd->name, "timeout", arg, 0.0, 86400, &v) != 0)
            return CF_ERR_USAGE;
        c->timeout_s = v; /* libcurl counts milliseconds: 0.5 is half a second, not 1 */
        return 0;
    case OPT_HEADER: {
        /* one line with a name before its colon: a line break would smuggle a
           second header in, and it was only refused (exit 69) at the fetch */
        const char *colon = strchr(arg, ':');
        size_t name = colon != NULL ? strspn(arg, "!#$%&'*+-.^_`|~0123456789"
                                                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
                                    : 0;
        if (colon == NULL || name == 0 || arg + name != colon || strpbrk(arg, "\r\n") != NULL)
            return cli_usage_error(cmd->name, "--header: expected one line 'Name: value', got \"%s\"", arg);
        if (c->nheaders == CLI_MAX_HEADERS)
            return cli_usage_error(cmd->name, "--header: at most %d headers", CLI_MAX_HEADERS);
        c->headers[c->nheaders++] = arg;
        return 0;
    }
    default:
        return cli_usage_error(cmd->name, "internal: unhandled option");
    }
}

/* The first of cmd->required the line did not give, as a usage error
 * ("--shipments SRC is required"; an option with a short name is named by
 * it: "-o FILE.html is required"), else CF_OK. */
static int check_required(const struct cli_command *cmd, const unsigned char *given)
{
    for (const char *p = cmd->required; p != NULL && *p != '\0';) {
        size_t len = strcspn(p, " ");
        for (size_t i = 0; len > 0 && i < cmd->noptions; i++) {
            const struct cli_option *o = &cmd->options[i];
            if (strlen(o->name) != len || strncmp(o->name, p, len) != 0 || given[i])
                continue;
            if (o->key > 0 && o->key < 128 && isalnum(o->key))
                return cli_usage_error(cmd->name, "-%c %s is required", o->key, o->metavar);
            return cli_usage_error(cmd->name, "--%s %s is required", o->name, o->metavar);
        }
        p += len;
        p += strspn(p, " ");
    }
    return CF_OK;
}

int cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_common *common,
              cli_option_fn on_option, void *ctx)
{
    memset(common, 0, sizeof *common);
    memcpy(common->currency, "USD", 4);
    common->fill_factor = 0.90; /* domain.md: cargo never fills a box to the last litre */
    common->as_of = CF_DATE_NONE;
    common->time_limit_s = command_time_limit(cmd);
    common->clock = cmd->clock;
    common->timeout_s = 30;
    common->csv_delimiter = ',';

    size_t total = cmd->noptions + COUNT(data_options) + COUNT(general_options) + 1;
    struct option *longopts = calloc(total, sizeof *longopts);
    char *shortopts = calloc(2 * total + 2, 1);
    unsigned char *given = calloc(cmd->noptions + 1, 1); /* per own option: seen on the line */
    if (longopts == NULL || shortopts == NULL || given == NULL) {
        free(longopts);
        free(shortopts);
        free(given);
        return cli_usage_error(cmd->name, "out of memory");
    }
    size_t n = 0, ns = 0;
    shortopts[ns++] = ':';
    add_options(longopts, &n, shortopts, &ns, cmd->options, cmd->noptions);
    if (cmd->data_options)
        add_options(longopts, &n, shortopts, &ns, data_options, COUNT(data_options));
    add_options(longopts, &n, shortopts, &ns, general_options, COUNT(general_options));

    int rc = CF_OK;
    const char *stdin_by = NULL; /* the SRC option given "-" */
    optind = 1;
    opterr = 0;
    for (;;) {
        int longindex = -1;
        int key = getopt_long(argc, argv, shortopts, longopts, &longindex);
        if (key == -1)
            break;
        const struct cli_option *own = find_option(cmd->options, cmd->noptions, key);
        rc = claim_stdin(cmd, own, key, optarg, &stdin_by);
        if (rc != CF_OK)
            break;
        if (key == '?') {
            if (optopt != 0)
                rc = cli_usage_error(cmd->name, "unknown option -%c", optopt);
            else
                rc = cli_usage_error(cmd->name, "unknown option %s", argv[optind - 1]);
            break;
        }
        if (key == ':') {
            rc = cli_usage_error(cmd->name, "option %s needs a value", argv[optind - 1]);
            break;
        }
        if (key == OPT_HELP) {
            print_help(cmd);
            rc = CLI_HELP_SHOWN;
            break;
        }
        if (key == OPT_QUIET) {
            common->verbosity = -1;
            continue;
        }
        if (key == OPT_VERBOSE) {
            common->verbosity = common->verbosity < 0 ? 1 : common->verbosity + 1;
            continue;
        }
        if (key == OPT_FORMAT) {
            if (strcmp(optarg, "table") == 0)
                common->format = CLI_FORMAT_TABLE;
            else if (strcmp(optarg, "csv") == 0)
                common->format = CLI_FORMAT_CSV;
            else if (strcmp(optarg, "json") == 0)
                common->format = CLI_FORMAT_JSON;
            else {
                rc = cli_usage_error(cmd->name, "--format: expected table, csv or json, got \"%s\"", optarg);
                break;
            }
            continue;
        }
        if (key == OPT_CSV_DELIMITER) {
            if (strcmp(optarg, ",") != 0 && strcmp(optarg, ";") != 0) {
                rc = cli_usage_error(cmd->name, "--csv-delimiter: expected ',' or ';', got \"%s\"", optarg);
                break;
            }
            common->csv_delimiter = optarg[0];
            continue;
        }
        if (own != NULL) {
            given[own - cmd->options] = 1;
            rc = on_option != NULL ? on_option(key, optarg, ctx) : CF_OK;
            if (rc != CF_OK)
                break;
            continue;
        }
        rc = handle_data_option(cmd, key, optarg, common);
        if (rc != CF_OK)
            break;
    }
    if (rc == CF_OK && optind < argc)
        rc = cli_usage_error(cmd->name, "unexpected argument \"%s\"", argv[optind]);
    if (rc == CF_OK)
        rc = check_required(cmd, given);
    if (rc == CF_OK)
        cf_clock_use(common->clock); /* before any solve: solver/clock.h */
    free(given);
    if (common->format == CLI_FORMAT_AUTO)
        common->format = isatty(STDOUT_FILENO) ? CLI_FORMAT_TABLE : CLI_FORMAT_JSON;
    free(longopts);
    free(shortopts);
    return rc;
}

int cli_common_load(struct cli_common *common, struct cf_error *err)
{
    int rc = cf_fx_init(&common->fx, common->currency, err);
    if (rc != CF_OK)
        return rc;
    rc = cf_catalogue_init_builtin(&common->catalogue, err);
    if (rc != CF_OK)
        return rc;
    if (common->fx_src != NULL) {
        struct cli_source cs;
        rc = cli_source_open(common, common->fx_src, &cs, err);
        if (rc != CF_OK)
            return rc;
        rc = cf_load_fx(&cs.src, &common->fx, err);
        cli_source_close(&cs);
        if (rc != CF_OK)
            return rc;
    }
    if (common->equipment_src != NULL) {
        struct cli_source cs;
        rc = cli_source_open(common, common->equipment_src, &cs, err);
        if (rc != CF_OK)
            return rc;
        rc = cf_load_equipment(&cs.src, &common->catalogue, err);
        cli_source_close(&cs);
    }
    return rc;
}

void cli_common_free(struct cli_common *common)
{
    cf_fx_free(&common->fx);
    cf_catalogue_free(&common->catalogue);
}

static void log_to_stderr(void *ctx, const char *line)
{
    const struct cli_common *common = ctx;
    if (common->verbosity >= 1)
        fprintf(stderr, "clusterfreight: %s\n", line);
}

int cli_source_open(const struct cli_common *common, const char *spec, struct cli_source *cs,
                    struct cf_error *err)
{
    memset(cs, 0, sizeof *cs);
    if (!cf_source_is_url(spec))
        return cf_source_open_file(&cs->src, spec, err);
    struct cf_fetch_opts opts;
    cf_fetch_opts_default(&opts);
    opts.timeout_s = common->timeout_s;
    opts.headers = common->headers;
    opts.nheaders = common->nheaders;
    opts.log = log_to_stderr;
    opts.log_ctx = (void *)common;
    int rc = cf_fetch(spec, &opts, &cs->fetched, err);
    if (rc != CF_OK)
        return rc;
    char name[512];
    cf_fetch_redact(spec, name, sizeof name);
    cf_source_from_memory(&cs->src, name, cs->fetched.body, cs->fetched.len,
                          cs->fetched.content_type);
    return CF_OK;
}

const char *cli_source_label(const char *spec, char *buf, size_t size)
{
    if (strcmp(spec, "-") == 0)
        snprintf(buf, size, "<stdin>");
    else
        cf_fetch_redact(spec, buf, size); /* a path as it is, a URL without its credentials */
    return buf;
}

void cli_source_close(struct cli_source *cs)
{
    cf_source_close(&cs->src);
    cf_fetch_result_free(&cs->fetched);
}

int cli_load_quotes(const struct cli_common *common, const char *spec, int cluster,
                    struct cf_quotes *out, struct cf_error *err)
{
    struct cli_source cs;
    int rc = cli_source_open(common, spec, &cs, err);
    if (rc != CF_OK)
        return rc;
    struct cf_quote_opts qopts = {&common->fx, &common->catalogue, cluster};
    rc = cf_load_quotes(&cs.src, &qopts, out, err);
    cli_source_close(&cs);
    return rc;
}

static size_t valid_rows(const struct cf_quotes *q, cf_date_t day)
{
    size_t valid = 0;
    for (size_t i = 0; q != NULL && i < q->count; i++)
        valid += cf_quote_valid_on(&q->items[i], day);
    return valid;
}

int cli_check_freight(const struct cli_common *common, const char *spec, const struct cf_shipments *ships,
                      const struct cf_quotes *quotes, const struct cf_quotes *cluster, struct cf_error *err)
{
    /* an --as-of date none of the rates holds: a date typed wrong (every plan
       would leave every shipment unplaced at no cost); one file lapsed while
       the other holds is a real case (an old tender, members' quotes) */
    size_t rows = (quotes != NULL ? quotes->count : 0) + (cluster != NULL ? cluster->count : 0);
    if (common->as_of != CF_DATE_NONE && rows > 0 && valid_rows(quotes, common->as_of) == 0 &&
        valid_rows(cluster, common->as_of) == 0) {
        char day[11];
        cf_date_format(common->as_of, day);
        return cf_error_set(err, CF_ERR_DATA, NULL, 0, "--as-of",
                            "none of the %zu quotes and rates read is valid on %s", rows, day);
    }
    char label[512];
    return cf_freight_bound_check(ships, quotes, cluster, &common->catalogue,
                                  cli_source_label(spec, label, sizeof label), err);
}

int cli_load_shipments(const struct cli_common *common, const char *spec, struct cf_shipments *out,
                       struct cf_error *err)
{
    struct cli_source cs;
    int rc = cli_source_open(common, spec, &cs, err);
    if (rc != CF_OK)
        return rc;
    rc = cf_load_shipments(&cs.src, out, err);
    cli_source_close(&cs);
    return rc;
}

int cli_parse_long(const char *command, const char *name, const char *arg, long lo, long hi, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno != 0 || end == arg || *end != '\0' || v < lo || v > hi)
        return cli_usage_error(command, "--%s: expected a whole number from %ld to %ld, got \"%s\"", name, lo,
                               hi, arg);
    *out = v;
    return 0;
}

int cli_number(const char *arg, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(arg, &end);
    if (errno != 0 || end == arg || *end != '\0' || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

int cli_parse_seed(const char *command, const char *name, const char *arg, unsigned long long *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(arg, &end, 10);
    if (errno != 0 || end == arg || *end != '\0' || arg[0] == '-')
        return cli_usage_error(command, "--%s: expected a whole number >= 0, got \"%s\"", name, arg);
    *out = v;
    return 0;
}

int cli_fail(const struct cf_error *err)
{
    fprintf(stderr, "clusterfreight: %s\n", err->message[0] ? err->message : "internal failure");
    return err->code != CF_OK ? err->code : CF_ERR_INTERNAL;
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    char message[640];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    cf_error_one_line(message, sizeof message); /* an argument may hold a line break */
    fprintf(stderr, "clusterfreight %s: %s (see 'clusterfreight %s --help')\n", command, message, command);
    return CF_ERR_USAGE;
}

void cli_log(const struct cli_common *common, int level, const char *fmt, ...)
{
    /* level 0 is progress and summaries: only for a person at a terminal */
    if (common->verbosity < level || (level == 0 && common->verbosity == 0 && !isatty(STDERR_FILENO)))
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "clusterfreight: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
}
