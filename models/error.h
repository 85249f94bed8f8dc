/* error.h — the project's one status enum and the error record every fallible
 * function fills. Codes equal the exit statuses of interface.md, so cli/ can
 * exit with err.code directly. Library code never prints: it fills this. */
#ifndef CF_ERROR_H
#define CF_ERROR_H

#include <stddef.h>

enum cf_status {
    CF_OK = 0,
    CF_ERR_INTERNAL = 1,
    CF_ERR_USAGE = 2,
    CF_ERR_DATA = 65,  /* invalid input data: names source, line, field */
    CF_ERR_FETCH = 69, /* a URL could not be fetched */
    CF_ERR_IO = 74     /* a file could not be read or written */
};

struct cf_error {
    int code;          /* enum cf_status */
    long line;         /* 0 when not tied to a line */
    char message[640]; /* "source:line: field: reason", no trailing newline */
};

/* Fill err (if not NULL) and return code. source, field may be NULL and line 0;
 * each part is then left out: "src: reason", "src:14: field: reason". */
int cf_error_set(struct cf_error *err, int code, const char *source, long line,
                 const char *field, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

void cf_error_clear(struct cf_error *err);

/* Make s (a NUL-terminated string in a buffer of size bytes) one line: line
 * breaks and tabs become \n, \r, \t and other control bytes '?', so a value
 * quoted from the input cannot split an error message. Truncates to fit
 * (and to 1,023 bytes). */
void cf_error_one_line(char *s, size_t size);

#endif
