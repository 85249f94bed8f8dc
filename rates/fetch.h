/* fetch.h — fetch a SRC URL with libcurl (interface.md "SRC"; issue 3). The only
 * file of the project that talks to libcurl is fetch.c. */
#ifndef CF_FETCH_H
#define CF_FETCH_H

#include <stddef.h>

#include "models/error.h"

struct cf_fetch_opts {
    double timeout_s;           /* total time per attempt, to the millisecond; connect timeout is
                                   min(10, this) */
    size_t max_bytes;           /* cap on the (decoded) body; default 64 MiB */
    long max_redirects;         /* default 5 */
    int retries;                /* extra attempts on 429/5xx/timeouts, default 2 */
    long backoff_ms;            /* first backoff, doubled each retry; default 500 */
    const char *const *headers; /* "Name: value" lines, may be NULL */
    size_t nheaders;
    const char *bearer_token;   /* Authorization: Bearer ...; never logged; NULL = none */
    void (*log)(void *ctx, const char *line); /* -v channel, may be NULL */
    void *log_ctx;
};

struct cf_fetch_result {
    char *body;             /* NUL-terminated; free with cf_fetch_result_free */
    size_t len;
    char content_type[128]; /* "" when the server sent none */
    long status;            /* final HTTP status */
};

/* Defaults above; token from CLUSTERFREIGHT_TOKEN when set. */
void cf_fetch_opts_default(struct cf_fetch_opts *opts);

/* GET url. CF_ERR_FETCH on any failure, with a one-line reason naming the URL
 * without credentials (user:password@ and token-like query values removed). */
int cf_fetch(const char *url, const struct cf_fetch_opts *opts, struct cf_fetch_result *out,
             struct cf_error *err);

void cf_fetch_result_free(struct cf_fetch_result *res);

/* url without credentials, for messages. */
void cf_fetch_redact(const char *url, char *buf, size_t size);

#endif
