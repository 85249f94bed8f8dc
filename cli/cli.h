/* cli.h — what every command shares: the option tables that drive getopt_long
 * and --help, the shared data options of interface.md, opening a SRC (file,
 * "-", URL), and the output forms (table, CSV, JSON, files written atomically).
 * Only cli/ prints and exits. */
#ifndef CF_CLI_H
#define CF_CLI_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "models/date.h"
#include "models/equipment.h"
#include "models/error.h"
#include "models/fx.h"
#include "models/quote.h"
#include "models/shipment.h"
#include "models/source.h"
#include "rates/fetch.h"
#include "solver/clock.h"
#include "solver/plan.h"

enum cli_format { CLI_FORMAT_AUTO = 0, CLI_FORMAT_TABLE, CLI_FORMAT_CSV, CLI_FORMAT_JSON };

#define CLI_MAX_HEADERS 16

/* The shared options of interface.md, parsed for every command that reads data. */
struct cli_common {
    char currency[4];          /* --currency, "USD" */
    const char *fx_src;        /* --fx */
    const char *equipment_src; /* --equipment */
    double fill_factor;        /* --fill-factor, 0.90 */
    cf_date_t as_of;           /* --as-of, CF_DATE_NONE */
    enum cli_format format;    /* resolved after parsing: never AUTO */
    char csv_delimiter;        /* --csv-delimiter: ',' (default) or ';' (numbers then with a decimal comma) */
    double time_limit_s;       /* --time-limit, 30 */
    enum cf_clock_kind clock;  /* --clock: what the time limit counts, wall (default) or work */
    int verbosity;             /* -q: -1, default 0, -v: 1 (more -v, more) */
    double timeout_s;          /* --timeout for URLs, 30 (to the millisecond) */
    const char *headers[CLI_MAX_HEADERS]; /* --header, repeatable */
    size_t nheaders;

    /* filled by cli_common_load */
    struct cf_fx fx;
    struct cf_catalogue catalogue;
};

/* One option of a command. key is passed to the command's handler; keys below
 * 256 are also the short option letter. */
struct cli_option {
    const char *name;         /* long name, without "--" */
    int has_arg;              /* 0: flag, 1: takes a value */
    int key;
    const char *metavar;      /* "SRC", "FIRM" */
    const char *help;         /* one line */
    const char *default_text; /* shown as "(default: ...)", NULL for none */
};

struct cli_command {
    const char *name;
    const char *synopsis; /* arguments after the command name */
    const char *summary;  /* one line */
    const struct cli_option *options;
    size_t noptions;
    int data_options;     /* 1: the shared data options apply */
    const char *required; /* long names of options the command cannot run without, space-separated,
                             checked in this order once the arguments are parsed; NULL: none */
    double time_limit_s;  /* the command's own --time-limit default; 0: the shared one (30 s) */
    int clock;            /* its --clock default, an enum cf_clock_kind (0: wall, interface.md's) */
};

typedef int (*cli_option_fn)(int key, const char *arg, void *ctx);

/* Parse argv (argv[0] is the command name). Calls on_option for each of the
 * command's own options; it returns 0 or prints its error and returns
 * CF_ERR_USAGE. Returns CF_OK, CF_ERR_USAGE (message printed), or
 * CLI_HELP_SHOWN when --help was printed (the command then exits 0). */
#define CLI_HELP_SHOWN (-1)
int cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_common *common,
              cli_option_fn on_option, void *ctx);

/* Load --fx and --equipment (the built-in catalogue first). */
int cli_common_load(struct cli_common *common, struct cf_error *err);
void cli_common_free(struct cli_common *common);

/* A SRC opened for reading: a file, stdin, or a fetched URL held in memory. */
struct cli_source {
    struct cf_source src;
    struct cf_fetch_result fetched;
};

int cli_source_open(const struct cli_common *common, const char *spec, struct cli_source *cs,
                    struct cf_error *err);
void cli_source_close(struct cli_source *cs);

/* Open spec and load every quote (cluster = 1: a cluster rate card) or every
 * shipment from it, with common's fx and catalogue. out as for cf_load_quotes /
 * cf_load_shipments (the caller frees it, also on error). */
int cli_load_quotes(const struct cli_common *common, const char *spec, int cluster,
                    struct cf_quotes *out, struct cf_error *err);
/* How source spec is named in messages, as its loader names it: "<stdin>"
 * for "-", a URL without its credentials, a path as given; into buf. */
const char *cli_source_label(const char *spec, char *buf, size_t size);
/* The freight bound (rates/bound.h) of shipments loaded from spec, checked
 * before any plan: an input error beyond it. quotes and cluster may be NULL. */
int cli_check_freight(const struct cli_common *common, const char *spec, const struct cf_shipments *ships,
                      const struct cf_quotes *quotes, const struct cf_quotes *cluster, struct cf_error *err);

int cli_load_shipments(const struct cli_common *common, const char *spec, struct cf_shipments *out,
                       struct cf_error *err);

/* Parse a whole number in [lo, hi] or a seed (any whole number >= 0) given to
 * --NAME of command; a bad value prints the usage error and returns
 * CF_ERR_USAGE. */
int cli_parse_long(const char *command, const char *name, const char *arg, long lo, long hi, long *out);
int cli_parse_seed(const char *command, const char *name, const char *arg, unsigned long long *out);

/* 1 when arg is one whole finite decimal number (strtod syntax, nothing
 * after it), stored in *out; 0 otherwise, nothing printed: the caller checks
 * its range and words the message. */
int cli_number(const char *arg, double *out);

/* "clusterfreight: <message>" on stderr; returns err->code. */
int cli_fail(const struct cf_error *err);

/* "clusterfreight CMD: <message>" plus a hint at --help on stderr; returns CF_ERR_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A line on stderr when verbosity >= level; level 0 (progress, summaries) only
 * when stderr is a terminal or with -v (interface.md, "Output rules"). */
void cli_log(const struct cli_common *common, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* --- output --- */

/* A table printed aligned for a terminal or as RFC 4180 CSV. Cells are copied. */
struct cli_table;
struct cli_table *cli_table_new(size_t ncols, const char *const *headers);
/* Mark column col as numeric (right-aligned in the terminal form). */
void cli_table_numeric(struct cli_table *t, size_t col);
/* Add a row of ncols cells (NULL prints as empty). Returns 0 or -1 (memory). */
int cli_table_add(struct cli_table *t, const char *const *cells);
void cli_table_print(const struct cli_table *t, FILE *out);
/* What a CSV for delimiter starts with: for ';' (Excel in ZA and EU locales)
 * the UTF-8 byte order mark, without which Excel reads a file it opens as the
 * Windows code page and garbles every accented name; nothing for ','. */
void cli_csv_start(FILE *out, char delimiter);
/* RFC 4180 CSV with CRLF line ends, fields separated by delimiter: ',' or
 * ';', after cli_csv_start. With ';' (as Excel writes and reads CSV in ZA and
 * EU locales) the plain numbers of numeric columns get a decimal comma:
 * 1234.5 -> 1234,5. */
void cli_table_print_csv(const struct cli_table *t, char delimiter, FILE *out);

/* One CSV field, RFC 4180: quoted (quotes doubled) when it holds a comma,
 * semicolon, quote or line break, so either Excel locale reads it back. */
void cli_csv_field(FILE *out, const char *s);

/* A plain decimal number ("1234.5") as a CSV field for delimiter: with ';'
 * its point becomes a decimal comma ("1234,5"), as Excel reads CSV in ZA and
 * EU locales; never quoted. */
void cli_csv_number(FILE *out, const char *number, char delimiter);
void cli_table_free(struct cli_table *t);

/* text as literal Markdown, also inside a table cell: &, < and > as HTML
 * entities (no tag or entity gets through to a renderer), \ ` * _ [ ] | ~
 * backslash-escaped (CommonMark and GitHub tables), control characters as
 * spaces. */
void cli_markdown_escape(FILE *out, const char *text);

/* Flush standard output: CF_OK, or CF_ERR_IO after "<stdout>: write failed"
 * (with the reason when the flush gives one) on stderr. */
int cli_stdout_flush(void);

/* Print t as the common format says (TABLE or CSV). */
void cli_table_emit(const struct cli_common *common, const struct cli_table *t, FILE *out);

/* Print doc, formatted, with a trailing newline, to out. */
int cli_json_print(const cJSON *doc, FILE *out);

/* A money cell of a table: grouped for people (1,234.50), plain in CSV (1234.50). */
void cli_money_cell(const struct cli_common *common, long long cents, char *buf, size_t size);

/* Add a money figure (cents) to a JSON object as a number in currency units. */
cJSON *cli_json_money(cJSON *object, const char *name, long long cents);

/* Add v to a JSON object as a number, or null where it is NAN (withheld or
 * undefined). */
cJSON *cli_json_number_or_null(cJSON *object, const char *name, double v);

/* Savings as a percent of the standalone cost, to two decimals; NAN when that
 * is 0 and the allocation is not (no percent means anything: JSON null, "n/a"
 * in tables), 0 when both are. */
double cli_savings_pct(long long standalone_cents, long long allocated_cents);

/* A new object appended to array (the next row of a JSON list); NULL when
   either step fails, and then nothing leaks. */
cJSON *cli_json_push_object(cJSON *array);

/* --- a plan as JSON (plan_json.c) --- */

/* The plan as `plan --format json` prints it (interface.md): status, totals,
 * clock, currency, containers, loose, unplaced and lanes; shipment indices
 * name ships' ids. NULL when out of memory. */
cJSON *cli_plan_json(const struct cli_common *common, const struct cf_shipments *ships, const struct cf_plan *plan);
struct cf_proposal;
/* The proposal as `propose --format json` prints it (cmd_propose.c); NULL
 * when out of memory. */
cJSON *cli_proposal_json(const struct cli_common *common, const struct cf_proposal *p);
/* A lane's status as a plan's: optimal when its cost meets its proven bound. */
const char *cli_plan_lane_status(const struct cf_plan_lane *l);
/* (cost - bound) / cost, 0 for a lane that costs nothing. */
double cli_plan_lane_gap(const struct cf_plan_lane *l);

/* Where -o FILE writes, for every command that has one (README, "Output
 * files"). "-" is standard output. A symbolic link is followed to its final
 * target, which is what gets written, so the link stays a link. A FIFO, a
 * character device or another file that is neither regular nor a directory
 * is opened and written directly (there is nothing to rename over). Anything
 * else, a regular file or a new name, is written into a temporary file
 * "<target>.tmp.XXXXXX" next to it, renamed into place by commit, so no
 * partial file is ever left behind (interface.md); a file replaced keeps its
 * permissions, and its owner where the process may give it (root). Until
 * then a SIGHUP, SIGINT or SIGTERM removes the temporary file before the
 * process dies of it (cli_cleanup_arm). */
struct cli_outfile {
    FILE *fp;
    char path[4096];   /* as given ("<stdout>" for "-"): messages name it */
    char target[4096]; /* path with its links followed: what the rename replaces */
    char tmp[4200];    /* the temporary file; "" when there is none */
    int direct;        /* 1: fp writes to the target itself (stdout, a FIFO, a device) */
    int slot;          /* tmp's cli_cleanup_arm slot, or -1 */
    int keep_mode;     /* 1: target exists; the new file gets mode, uid and gid */
    unsigned mode;
    unsigned uid, gid;
};
int cli_outfile_open(struct cli_outfile *of, const char *path, struct cf_error *err);

/* A path that a SIGHUP, SIGINT or SIGTERM ending the process removes first (a
 * file, or a directory, removed once the files held after it are gone):
 * returns a slot for cli_cleanup_disarm, or -1 when all 8 are taken. The
 * caller still removes the path itself on every other way out. */
int cli_cleanup_arm(const char *path);
void cli_cleanup_disarm(int slot);

/* mkdtemp of "$TMPDIR/clusterfreight-<stem>-XXXXXX" ("/tmp" when TMPDIR is
 * unset or not absolute) into dir[size], held by cli_cleanup_arm: returns
 * its slot, or -1 with errno set (nothing is left behind). */
int cli_temp_dir(char *dir, size_t size, const char *stem);
/* Flush and close (nothing when already closed); on failure removes the
 * temporary file. Several files that must all appear or none (generate's
 * three) are closed first, then committed, so a full disk renames none. */
int cli_outfile_close(struct cli_outfile *of, struct cf_error *err);
/* Close (cli_outfile_close) and rename into place; on failure removes the
 * temporary file. */
int cli_outfile_commit(struct cli_outfile *of, struct cf_error *err);
/* Close and remove the temporary file (after an error). */
void cli_outfile_abort(struct cli_outfile *of);

/* Check, before any long work, that path can be written as -o FILE: opens
 * and aborts a cli_outfile, so nothing is left (a FIFO or device is only
 * checked for write permission: opening a FIFO waits for its reader).
 * CF_OK or CF_ERR_IO in err. */
int cli_output_check(const char *path, struct cf_error *err);
/* Write len bytes of data to path as -o FILE, all at once: commands build
 * their output in memory after the work, so an interrupted run has no file
 * open. CF_OK or CF_ERR_IO in err. */
int cli_output_write(const char *path, const char *data, size_t len, struct cf_error *err);

#endif
