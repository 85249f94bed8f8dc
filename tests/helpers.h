/* helpers.h — shared test helpers: run the built binary, read files. */
#ifndef CF_TEST_HELPERS_H
#define CF_TEST_HELPERS_H

#include <stddef.h>

struct cf_run {
    int status;   /* exit code, or 128+signal */
    char *out;    /* stdout, NUL-terminated */
    char *err;    /* stderr, NUL-terminated */
};

/* Run "CF_BINARY args" through /bin/sh (args may hold redirections and pipes
 * that follow the binary), capturing stdout and stderr. stdin is /dev/null
 * unless args redirects it. Free with cf_run_free. */
struct cf_run cf_run_cli(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cf_run_free(struct cf_run *run);

/* Expect (Criterion, non-fatal) each x[i] within tol of want[i], naming the
 * player (1-based) that is off: the allocation tests' check. */
void cf_expect_values(size_t n, const double *x, const double *want, double tol);

/* Whole file as a NUL-terminated string (NULL when unreadable). free() it. */
char *cf_read_file(const char *path, size_t *len);

/* Write text to a fresh temporary file and return its path (static buffer
 * per call: copy it if you need two). suffix like ".csv". The file is
 * removed when the test's process exits. */
const char *cf_temp_file(const char *text, const char *suffix);

/* `clusterfreight generate ARGS` into a fresh temporary directory, asserting
 * (Criterion) that it succeeded; returns the directory (a static buffer per
 * call: copy it if you need two). Its files and the directory are removed
 * when the test's process exits. */
const char *cf_temp_generated(const char *args);

#include <sys/types.h>

struct cJSON;
/* The number under name in the JSON object o, asserting (Criterion) that
 * there is one. */
double cf_json_num(const struct cJSON *o, const char *name);

/* Start tests/http_server.py on 127.0.0.1 serving dir (a free port); with tls,
 * over HTTPS with the self-signed pair in tests/data/fetch/. Returns the port
 * (asserting with Criterion that it started) and sets *pid for
 * cf_http_server_stop. Also sets no_proxy so nothing leaves loopback. */
int cf_http_server_start(const char *dir, int tls, pid_t *pid);
void cf_http_server_stop(pid_t *pid);

#endif
