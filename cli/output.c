/* output.c — the output forms of interface.md: aligned tables for a terminal,
 * RFC 4180 CSV for spreadsheets, JSON through cJSON, Markdown text escaped,
 * and where -o FILE writes (atomically, through links, "-" for stdout). */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "models/money.h"

struct cli_table {
    size_t ncols;
    char **headers;
    int *numeric;
    char **cells; /* rows x ncols */
    size_t nrows, cap;
};

static char *dup_or_empty(const char *s)
{
    return strdup(s != NULL ? s : "");
}

struct cli_table *cli_table_new(size_t ncols, const char *const *headers)
{
    struct cli_table *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    t->ncols = ncols;
    t->headers = calloc(ncols, sizeof *t->headers);
    t->numeric = calloc(ncols, sizeof *t->numeric);
    if (t->headers == NULL || t->numeric == NULL) {
        cli_table_free(t);
        return NULL;
    }
    for (size_t i = 0; i < ncols; i++)
        t->headers[i] = dup_or_empty(headers[i]);
    return t;
}

void cli_table_numeric(struct cli_table *t, size_t col)
{
    if (col < t->ncols)
        t->numeric[col] = 1;
}

int cli_table_add(struct cli_table *t, const char *const *cells)
{
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        char **grown = realloc(t->cells, cap * t->ncols * sizeof *grown);
        if (grown == NULL)
            return -1;
        t->cells = grown;
        t->cap = cap;
    }
    for (size_t c = 0; c < t->ncols; c++)
        t->cells[t->nrows * t->ncols + c] = dup_or_empty(cells[c]);
    t->nrows++;
    return 0;
}

/* Display width of UTF-8 text: code points, not bytes. */
static size_t text_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

static void print_cell(FILE *out, const char *text, size_t width, int right)
{
    size_t pad = width - text_width(text);
    if (right)
        fprintf(out, "%*s%s", (int)pad, "", text);
    else
        fprintf(out, "%s%*s", text, (int)pad, "");
}

void cli_table_print(const struct cli_table *t, FILE *out)
{
    size_t *width = calloc(t->ncols, sizeof *width);
    if (width == NULL)
        return;
    for (size_t c = 0; c < t->ncols; c++) {
        width[c] = text_width(t->headers[c]);
        for (size_t r = 0; r < t->nrows; r++) {
            size_t w = text_width(t->cells[r * t->ncols + c]);
            if (w > width[c])
                width[c] = w;
        }
    }
    for (size_t c = 0; c < t->ncols; c++) {
        print_cell(out, t->headers[c], width[c], t->numeric[c]);
        fputs(c + 1 < t->ncols ? "  " : "\n", out);
    }
    for (size_t c = 0; c < t->ncols; c++) {
        for (size_t i = 0; i < width[c]; i++)
            fputc('-', out);
        fputs(c + 1 < t->ncols ? "  " : "\n", out);
    }
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            print_cell(out, t->cells[r * t->ncols + c], width[c], t->numeric[c]);
            fputs(c + 1 < t->ncols ? "  " : "\n", out);
        }
    free(width);
}

void cli_csv_field(FILE *out, const char *s)
{
    if (strpbrk(s, ",;\"\r\n") == NULL) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

/* 1 when s is a plain decimal number: an optional minus, digits, at most one
 * point between digits (what cf_money_format and "%.2f" write) */
static int plain_number(const char *s)
{
    if (*s == '-')
        s++;
    size_t digits = strspn(s, "0123456789");
    if (digits == 0)
        return 0;
    s += digits;
    if (*s == '.')
        s += 1 + (digits = strspn(s + 1, "0123456789"));
    return *s == '\0' && digits > 0;
}

void cli_csv_number(FILE *out, const char *number, char delimiter)
{
    for (; *number; number++)
        fputc(delimiter == ';' && *number == '.' ? ',' : *number, out);
}

/* One field as delimiter wants it: a numeric column's plain number through
 * cli_csv_number, anything else through cli_csv_field. */
static void csv_cell(FILE *out, const char *s, int numeric, char delimiter)
{
    if (numeric && plain_number(s))
        cli_csv_number(out, s, delimiter);
    else
        cli_csv_field(out, s);
}

void cli_csv_start(FILE *out, char delimiter)
{
    if (delimiter == ';')
        fputs("\xEF\xBB\xBF", out);
}

void cli_table_print_csv(const struct cli_table *t, char delimiter, FILE *out)
{
    char sep[2] = {delimiter == ';' ? ';' : ',', '\0'};
    cli_csv_start(out, sep[0]);
    for (size_t c = 0; c < t->ncols; c++) {
        cli_csv_field(out, t->headers[c]);
        fputs(c + 1 < t->ncols ? sep : "\r\n", out);
    }
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            csv_cell(out, t->cells[r * t->ncols + c], t->numeric[c], sep[0]);
            fputs(c + 1 < t->ncols ? sep : "\r\n", out);
        }
}

void cli_table_emit(const struct cli_common *common, const struct cli_table *t, FILE *out)
{
    if (common->format == CLI_FORMAT_CSV)
        cli_table_print_csv(t, common->csv_delimiter, out);
    else
        cli_table_print(t, out);
}

void cli_table_free(struct cli_table *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; t->headers != NULL && i < t->ncols; i++)
        free(t->headers[i]);
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->headers);
    free(t->numeric);
    free(t->cells);
    free(t);
}

int cli_json_print(const cJSON *doc, FILE *out)
{
    char *text = cJSON_Print(doc);
    if (text == NULL)
        return CF_ERR_INTERNAL;
    fputs(text, out);
    fputc('\n', out);
    cJSON_free(text);
    return CF_OK;
}

cJSON *cli_json_number_or_null(cJSON *object, const char *name, double v)
{
    return isnan(v) ? cJSON_AddNullToObject(object, name) : cJSON_AddNumberToObject(object, name, v);
}

double cli_savings_pct(long long standalone_cents, long long allocated_cents)
{
    if (standalone_cents == 0)
        return allocated_cents == 0 ? 0.0 : NAN;
    return (double)cf_money_round(100.0 * (double)(standalone_cents - allocated_cents) / (double)standalone_cents) /
           100.0;
}

void cli_money_cell(const struct cli_common *common, long long cents, char *buf, size_t size)
{
    if (common->format == CLI_FORMAT_CSV)
        cf_money_format((cf_cents_t)cents, buf, size);
    else
        cf_money_format_grouped((cf_cents_t)cents, buf, size);
}

cJSON *cli_json_money(cJSON *object, const char *name, long long cents)
{
    return cJSON_AddNumberToObject(object, name, cf_money_units((cf_cents_t)cents));
}

cJSON *cli_json_push_object(cJSON *array)
{
    cJSON *o = cJSON_CreateObject();
    if (o != NULL && !cJSON_AddItemToArray(array, o)) {
        cJSON_Delete(o);
        o = NULL;
    }
    return o;
}

int cli_stdout_flush(void)
{
    errno = 0;
    int failed = fflush(stdout) != 0;
    int e = errno;
    if (!failed && !ferror(stdout))
        return CF_OK;
    if (failed && e != 0)
        fprintf(stderr, "clusterfreight: <stdout>: write failed: %s\n", strerror(e));
    else
        fprintf(stderr, "clusterfreight: <stdout>: write failed\n");
    return CF_ERR_IO;
}

void cli_markdown_escape(FILE *out, const char *text)
{
    if (text == NULL)
        return;
    for (const char *p = text; *p != '\0'; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '~':
            fputc('\\', out);
            fputc(*p, out);
            break;
        default:
            /* a line break would end a table row */
            fputc((unsigned char)*p < 0x20 || *p == 0x7f ? ' ' : *p, out);
            break;
        }
    }
}

/* --- paths a signal removes ---
 * A temporary file or directory must not outlive a signal that ends the
 * process (interface.md: "No partial output file is ever left behind"). A
 * signal handler can only reach state that outlives every call, so the
 * names live here, in slots set and cleared with the signals blocked; the
 * handlers are installed while any slot is taken. */
static const int cleanup_signals[] = {SIGHUP, SIGINT, SIGTERM};
#define NCLEANUP_SIGNALS (sizeof cleanup_signals / sizeof cleanup_signals[0])
#define NCLEANUP_SLOTS 8 /* demo: a folder and its 3 files; report: a spool and its file, and -o */
static char cleanup_path[NCLEANUP_SLOTS][sizeof ((struct cli_outfile *)0)->tmp];
static volatile sig_atomic_t cleanup_taken[NCLEANUP_SLOTS];
static int cleanup_count;
static struct sigaction cleanup_saved[NCLEANUP_SIGNALS];

/* Remove every path held, the latest first (a directory's files before it:
 * unlink fails on a directory, which rmdir then removes once empty), then
 * die of the signal as if it had not been caught (the exit status says
 * which signal). unlink, rmdir, signal and raise are async-signal-safe. */
static void cleanup_on_signal(int sig)
{
    for (size_t s = NCLEANUP_SLOTS; s-- > 0;)
        if (cleanup_taken[s] && unlink(cleanup_path[s]) != 0)
            rmdir(cleanup_path[s]);
    signal(sig, SIG_DFL);
    raise(sig); /* delivered when the handler returns: sig is blocked in it */
}

static void block_cleanup_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < NCLEANUP_SIGNALS; i++)
        sigaddset(&set, cleanup_signals[i]);
    sigprocmask(SIG_BLOCK, &set, old);
}

/* cli_cleanup_arm with the signals already blocked. */
static int arm_blocked(const char *path)
{
    if (strlen(path) >= sizeof cleanup_path[0])
        return -1;
    for (int s = 0; s < NCLEANUP_SLOTS; s++) {
        if (cleanup_taken[s])
            continue;
        memcpy(cleanup_path[s], path, strlen(path) + 1);
        cleanup_taken[s] = 1;
        if (cleanup_count++ == 0) {
            /* a signal the process ignores (nohup) stays ignored */
            struct sigaction sa;
            memset(&sa, 0, sizeof sa);
            sa.sa_handler = cleanup_on_signal;
            sigemptyset(&sa.sa_mask);
            for (size_t i = 0; i < NCLEANUP_SIGNALS; i++) {
                sigaction(cleanup_signals[i], NULL, &cleanup_saved[i]);
                if (cleanup_saved[i].sa_handler != SIG_IGN)
                    sigaction(cleanup_signals[i], &sa, NULL);
            }
        }
        return s;
    }
    return -1;
}

/* cli_cleanup_disarm with the signals already blocked. */
static void disarm_blocked(int slot)
{
    if (slot < 0 || slot >= NCLEANUP_SLOTS || !cleanup_taken[slot])
        return;
    cleanup_taken[slot] = 0;
    if (--cleanup_count == 0)
        for (size_t i = 0; i < NCLEANUP_SIGNALS; i++)
            sigaction(cleanup_signals[i], &cleanup_saved[i], NULL);
}

int cli_cleanup_arm(const char *path)
{
    sigset_t old;
    block_cleanup_signals(&old);
    int slot = arm_blocked(path);
    sigprocmask(SIG_SETMASK, &old, NULL);
    return slot;
}

void cli_cleanup_disarm(int slot)
{
    sigset_t old;
    block_cleanup_signals(&old);
    disarm_blocked(slot);
    sigprocmask(SIG_SETMASK, &old, NULL);
}

int cli_temp_dir(char *dir, size_t size, const char *stem)
{
    const char *base = getenv("TMPDIR");
    if (base == NULL || base[0] != '/')
        base = "/tmp";
    if (snprintf(dir, size, "%s/clusterfreight-%s-XXXXXX", base, stem) >= (int)size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    sigset_t old;
    block_cleanup_signals(&old);
    int slot = -1;
    if (mkdtemp(dir) != NULL && (slot = arm_blocked(dir)) < 0) {
        rmdir(dir);
        errno = EMFILE; /* every slot taken: a bug, never seen */
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    return slot;
}

/* --- -o FILE --- */

/* Create of->tmp from its template, its name held for the signal handlers
 * before any signal can see the file. Returns the descriptor or -1. */
static int create_temporary(struct cli_outfile *of)
{
    sigset_t old;
    block_cleanup_signals(&old);
    int fd = mkstemp(of->tmp);
    int e = errno;
    if (fd >= 0)
        of->slot = arm_blocked(of->tmp);
    sigprocmask(SIG_SETMASK, &old, NULL);
    errno = e;
    return fd;
}

/* Rename (commit) or remove the temporary file and give its slot back; a
 * signal that came meanwhile is delivered after, with nothing left to
 * remove. Returns rename's errno, or 0. */
static int finish_temporary(struct cli_outfile *of, int commit)
{
    sigset_t old;
    block_cleanup_signals(&old);
    int e = 0;
    if (commit) {
        if (rename(of->tmp, of->target) != 0) {
            e = errno;
            unlink(of->tmp);
        }
    } else {
        unlink(of->tmp);
    }
    disarm_blocked(of->slot);
    of->slot = -1;
    of->tmp[0] = '\0';
    sigprocmask(SIG_SETMASK, &old, NULL);
    return e;
}

/* Follow path's symbolic links to the name a rename must replace for the
 * link to stay a link: each link's text read relative to the link's own
 * directory, as open() reads it. A name that does not exist (a dangling
 * link's target) ends the walk; so does one that is not a link. 0 or an errno. */
static int follow_links(const char *path, char *out, size_t size)
{
    char link[4096];
    if (snprintf(out, size, "%s", path) >= (int)size)
        return ENAMETOOLONG;
    for (int hops = 0;; hops++) {
        struct stat st;
        if (lstat(out, &st) != 0 || !S_ISLNK(st.st_mode))
            return 0;
        if (hops == 40) /* Linux's MAXSYMLINKS */
            return ELOOP;
        ssize_t n = readlink(out, link, sizeof link - 1);
        if (n < 0)
            return errno;
        link[n] = '\0';
        const char *slash = strrchr(out, '/');
        size_t dir = link[0] == '/' || slash == NULL ? 0 : (size_t)(slash - out) + 1;
        if (dir + (size_t)n >= size)
            return ENAMETOOLONG;
        memcpy(out + dir, link, (size_t)n + 1);
    }
}

/* What -o path names, links followed into target: 0 and *kind, or an
 * errno. A directory is EISDIR. */
enum out_kind { OUT_NEW, OUT_REGULAR, OUT_DIRECT };

static int classify(const char *path, char *target, size_t size, enum out_kind *kind, struct stat *was)
{
    int e = follow_links(path, target, size);
    if (e != 0)
        return e;
    struct stat st;
    if (stat(target, &st) != 0) {
        *kind = OUT_NEW;
        return 0;
    }
    if (S_ISDIR(st.st_mode))
        return EISDIR;
    *kind = S_ISREG(st.st_mode) ? OUT_REGULAR : OUT_DIRECT; /* a FIFO, a device */
    *was = st;
    return 0;
}

int cli_outfile_open(struct cli_outfile *of, const char *path, struct cf_error *err)
{
    memset(of, 0, sizeof *of);
    of->slot = -1;
    if (strcmp(path, "-") == 0) {
        snprintf(of->path, sizeof of->path, "<stdout>");
        of->fp = stdout;
        of->direct = 1;
        return CF_OK;
    }
    snprintf(of->path, sizeof of->path, "%s", path);
    enum out_kind kind = OUT_NEW;
    struct stat was;
    int e = classify(path, of->target, sizeof of->target, &kind, &was);
    if (e != 0)
        return cf_error_set(err, CF_ERR_IO, path, 0, NULL, "cannot write: %s", strerror(e));
    if (kind == OUT_DIRECT) {
        /* nothing to rename over: write into it, as a shell's > would */
        int fd = open(of->target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (fd < 0)
            return cf_error_set(err, CF_ERR_IO, path, 0, NULL, "cannot write: %s", strerror(errno));
        of->fp = fdopen(fd, "w");
        if (of->fp == NULL) {
            e = errno;
            close(fd);
            return cf_error_set(err, CF_ERR_IO, path, 0, NULL, "cannot write: %s", strerror(e));
        }
        of->direct = 1;
        return CF_OK;
    }
    if (kind == OUT_REGULAR) {
        of->mode = was.st_mode & 0777; /* a file replaced keeps its permissions and owner */
        of->uid = was.st_uid;
        of->gid = was.st_gid;
        of->keep_mode = 1;
    }
    if (snprintf(of->tmp, sizeof of->tmp, "%s.tmp.XXXXXX", of->target) >= (int)sizeof of->tmp) {
        of->tmp[0] = '\0';
        return cf_error_set(err, CF_ERR_IO, path, 0, NULL, "cannot write: %s", strerror(ENAMETOOLONG));
    }
    int fd = create_temporary(of);
    if (fd < 0) {
        of->tmp[0] = '\0';
        return cf_error_set(err, CF_ERR_IO, path, 0, NULL, "cannot write: %s", strerror(errno));
    }
    of->fp = fdopen(fd, "w");
    if (of->fp == NULL) {
        e = errno;
        close(fd);
        finish_temporary(of, 0);
        return cf_error_set(err, CF_ERR_IO, path, 0, NULL, "cannot write: %s", strerror(e));
    }
    return CF_OK;
}

/* "write failed", with the reason when one is known (e: an errno, or 0). */
static int write_failed(struct cf_error *err, const char *path, int e)
{
    if (e == 0)
        return cf_error_set(err, CF_ERR_IO, path, 0, NULL, "write failed");
    return cf_error_set(err, CF_ERR_IO, path, 0, NULL, "write failed: %s", strerror(e));
}

int cli_outfile_close(struct cli_outfile *of, struct cf_error *err)
{
    if (of->fp == NULL)
        return CF_OK;
    int bad = ferror(of->fp), e = 0;
    if (fflush(of->fp) != 0) {
        bad = 1;
        e = errno;
    }
    if (of->fp == stdout) {
        of->fp = NULL;
        return bad || ferror(stdout) ? write_failed(err, of->path, e) : CF_OK;
    }
    if (!of->direct && fsync(fileno(of->fp)) != 0 && errno != EINVAL) {
        bad = 1;
        e = e != 0 ? e : errno;
    }
    if (fclose(of->fp) != 0) {
        bad = 1;
        e = e != 0 ? e : errno;
    }
    of->fp = NULL;
    if (!bad)
        return CF_OK;
    if (!of->direct && of->tmp[0] != '\0')
        finish_temporary(of, 0);
    return write_failed(err, of->path, e);
}

int cli_outfile_commit(struct cli_outfile *of, struct cf_error *err)
{
    int rc = cli_outfile_close(of, err);
    if (rc != CF_OK || of->direct || of->tmp[0] == '\0')
        return rc; /* written in place (stdout, a FIFO, a device), or failed and removed */
    /* mkstemp makes 0600; a new file is an ordinary one */
    mode_t mode = of->mode;
    if (!of->keep_mode) {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    } else if (chown(of->tmp, of->uid, of->gid) != 0) {
        /* not root: the file cannot be given away and stays the process's, as
           a shell's > would leave it; nothing to report */
    }
    chmod(of->tmp, mode);
    int e = finish_temporary(of, 1);
    if (e != 0)
        return cf_error_set(err, CF_ERR_IO, of->path, 0, NULL, "cannot write: %s", strerror(e));
    return CF_OK;
}

void cli_outfile_abort(struct cli_outfile *of)
{
    if (of->fp != NULL && of->fp != stdout)
        fclose(of->fp);
    of->fp = NULL;
    if (of->tmp[0] != '\0')
        finish_temporary(of, 0);
}

int cli_output_check(const char *path, struct cf_error *err)
{
    if (strcmp(path, "-") == 0)
        return CF_OK;
    char target[sizeof ((struct cli_outfile *)0)->target];
    enum out_kind kind = OUT_NEW;
    struct stat was;
    int e = classify(path, target, sizeof target, &kind, &was);
    if (e == 0 && kind == OUT_DIRECT && access(target, W_OK) != 0)
        e = errno;
    if (e != 0)
        return cf_error_set(err, CF_ERR_IO, path, 0, NULL, "cannot write: %s", strerror(e));
    if (kind == OUT_DIRECT) /* opening a FIFO would wait for its reader */
        return CF_OK;
    struct cli_outfile probe;
    int rc = cli_outfile_open(&probe, path, err);
    if (rc == CF_OK)
        cli_outfile_abort(&probe);
    return rc;
}

int cli_output_write(const char *path, const char *data, size_t len, struct cf_error *err)
{
    struct cli_outfile of;
    int rc = cli_outfile_open(&of, path, err);
    if (rc != CF_OK)
        return rc;
    if (fwrite(data, 1, len, of.fp) != len) {
        int e = errno;
        cli_outfile_abort(&of);
        return write_failed(err, of.path, e);
    }
    return cli_outfile_commit(&of, err);
}
