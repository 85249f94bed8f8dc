/* helpers.c — shared test helpers (helpers.h). */
#include "helpers.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <poll.h>
#include <signal.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CF_BINARY
#define CF_BINARY "clusterfreight"
#endif

char *cf_read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return NULL;
    size_t cap = 4096, used = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf != NULL && (n = fread(buf + used, 1, cap - used - 1, fp)) > 0) {
        used += n;
        if (cap - used < 2) {
            cap *= 2;
            char *bigger = realloc(buf, cap);
            if (bigger == NULL) {
                free(buf);
                buf = NULL;
            } else {
                buf = bigger;
            }
        }
    }
    fclose(fp);
    if (buf == NULL)
        return NULL;
    buf[used] = '\0';
    if (len != NULL)
        *len = used;
    return buf;
}

struct cf_run cf_run_cli(const char *fmt, ...)
{
    struct cf_run run = {.status = -1, .out = NULL, .err = NULL};
    char args[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);

    char outp[] = "/tmp/cf_out_XXXXXX", errp[] = "/tmp/cf_err_XXXXXX";
    int fo = mkstemp(outp), fe = mkstemp(errp);
    if (fo < 0 || fe < 0)
        return run;
    close(fo);
    close(fe);
    size_t cmdlen = strlen(args) + strlen(CF_BINARY) + 2 * sizeof outp + 64;
    char *cmd = malloc(cmdlen);
    snprintf(cmd, cmdlen, "%s </dev/null %s >%s 2>%s", CF_BINARY, args, outp, errp);
    /* a redirection of stdin in args comes later, so it wins over </dev/null */
    int st = system(cmd);
    free(cmd);
    if (WIFEXITED(st))
        run.status = WEXITSTATUS(st);
    else if (WIFSIGNALED(st))
        run.status = 128 + WTERMSIG(st);
    run.out = cf_read_file(outp, NULL);
    run.err = cf_read_file(errp, NULL);
    unlink(outp);
    unlink(errp);
    return run;
}

void cf_run_free(struct cf_run *run)
{
    free(run->out);
    free(run->err);
    run->out = run->err = NULL;
}

/* The files cf_temp_file made in this process, removed when it exits (each
 * Criterion test runs in a process of its own). */
#define TEMP_FILES_MAX 64
static char temp_files[TEMP_FILES_MAX][64];
static size_t ntemp_files;

static void remove_temp_files(void)
{
    for (size_t i = 0; i < ntemp_files; i++)
        unlink(temp_files[i]);
    ntemp_files = 0;
}

const char *cf_temp_file(const char *text, const char *suffix)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/cf_test_XXXXXX%s", suffix);
    int fd = mkstemps(path, (int)strlen(suffix));
    if (fd < 0)
        return NULL;
    if (ntemp_files == 0)
        atexit(remove_temp_files);
    if (ntemp_files < TEMP_FILES_MAX)
        memcpy(temp_files[ntemp_files++], path, sizeof path);
    size_t len = strlen(text);
    if (write(fd, text, len) != (ssize_t)len) {
        close(fd);
        return NULL;
    }
    close(fd);
    return path;
}

/* The directories cf_temp_generated made, removed with what generate
 * writes when the process exits. */
static char temp_dirs[8][64];
static size_t ntemp_dirs;

static void remove_temp_dirs(void)
{
    static const char *const files[] = {"shipments.csv", "quotes.csv", "cluster_rates.csv"};
    for (size_t d = 0; d < ntemp_dirs; d++) {
        for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
            char path[128];
            snprintf(path, sizeof path, "%.63s/%s", temp_dirs[d], files[f]);
            unlink(path);
        }
        rmdir(temp_dirs[d]);
    }
    ntemp_dirs = 0;
}

const char *cf_temp_generated(const char *args)
{
    static char dir[64];
    snprintf(dir, sizeof dir, "/tmp/cf_test_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    if (ntemp_dirs == 0)
        atexit(remove_temp_dirs);
    cr_assert(ntemp_dirs < sizeof temp_dirs / sizeof temp_dirs[0]);
    memcpy(temp_dirs[ntemp_dirs++], dir, sizeof dir);
    struct cf_run g = cf_run_cli("generate %s --out %s", args, dir);
    cr_assert_eq(g.status, 0, "generate %s: %s", args, g.err);
    cf_run_free(&g);
    return dir;
}

#define CF_SERVER_PY CF_TEST_DATA "/../http_server.py"
#define CF_TLS_PAIR CF_TEST_DATA "/fetch/selfsigned-cert.pem", CF_TEST_DATA "/fetch/selfsigned-key.pem"

int cf_http_server_start(const char *dir, int tls, pid_t *pid)
{
    setenv("no_proxy", "*", 1); /* loopback only, whatever proxy the machine has */
    setenv("NO_PROXY", "*", 1);
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    *pid = fork();
    cr_assert_neq(*pid, -1);
    if (*pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        if (tls)
            execlp("python3", "python3", CF_SERVER_PY, "0", dir, "--tls", CF_TLS_PAIR, (char *)NULL);
        else
            execlp("python3", "python3", CF_SERVER_PY, "0", dir, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    /* the server prints its port once it listens */
    char line[32] = "";
    size_t used = 0;
    while (used + 1 < sizeof line && strchr(line, '\n') == NULL) {
        struct pollfd pfd = {fds[0], POLLIN, 0};
        cr_assert_gt(poll(&pfd, 1, 10000), 0, "test server did not start within 10 s");
        ssize_t n = read(fds[0], line + used, sizeof line - 1 - used);
        cr_assert_gt(n, 0, "test server exited before listening");
        used += (size_t)n;
        line[used] = '\0';
    }
    close(fds[0]);
    int port = atoi(line);
    cr_assert_gt(port, 0);
    return port;
}

void cf_http_server_stop(pid_t *pid)
{
    if (*pid > 0) {
        kill(*pid, SIGTERM);
        waitpid(*pid, NULL, 0);
        *pid = -1;
    }
}

void cf_expect_values(size_t n, const double *x, const double *want, double tol)
{
    for (size_t i = 0; i < n; i++)
        cr_expect(fabs(x[i] - want[i]) <= tol, "player %zu: got %.9f, want %.9f", i + 1, x[i], want[i]);
}

double cf_json_num(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    cr_assert(cJSON_IsNumber(v), "missing number %s", name);
    return v->valuedouble;
}
