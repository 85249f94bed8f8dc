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

/* Whole file as a NUL-terminated string (NULL when unreadable). free() it. */
char *cf_read_file(const char *path, size_t *len);

/* Write text to a fresh temporary file and return its path (static buffer
 * per call: copy it if you need two). suffix like ".csv". */
const char *cf_temp_file(const char *text, const char *suffix);

#endif
