/* fetch.c — GET one SRC URL with libcurl (fetch.h; interface.md "SRC", exit 69).
 * The only file of the project that includes curl/curl.h. One easy handle per
 * fetch: per-attempt timeouts, a cap on the decoded body, gzip/deflate, bounded
 * http(s)-only redirects (followed here, not by libcurl, so that the request's
 * own headers and token go only to the origin they were given for), verified
 * TLS, a bearer token that is never logged,
 * retries with backoff on 429/5xx/timeouts, and one-line reasons without
 * credentials. Proxies come from the environment, as libcurl does by default. */
#include "fetch.h"

#include <curl/curl.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define CF_FETCH_USER_AGENT "clusterfreight/0.1"
#define CF_FETCH_DEFAULT_TIMEOUT_S 30
#define CF_FETCH_DEFAULT_MAX_BYTES ((size_t)64 << 20) /* 64 MiB, issue "Rate benchmarking" */
#define CF_FETCH_DEFAULT_REDIRECTS 5
#define CF_FETCH_DEFAULT_RETRIES 2
#define CF_FETCH_DEFAULT_BACKOFF_MS 500
#define CF_FETCH_MAX_CONNECT_S 10       /* connect timeout is min(10 s, timeout) */
#define CF_FETCH_MAX_RETRIES 10         /* more extra attempts than this are clamped */
#define CF_FETCH_MAX_RETRY_AFTER_S 5    /* a longer Retry-After ends the retries */
#define CF_FETCH_MAX_WAIT_MS 10000L     /* one backoff never exceeds this */
#define CF_FETCH_MAX_TOTAL_WAIT_MS 30000L /* nor all backoffs of one fetch together */
#define CF_FETCH_TOKEN_ENV "CLUSTERFREIGHT_TOKEN"

/* curl_global_init is not safe to race; it runs once, lazily, for the process.
 * The only process-wide state of this file: set once, then read-only. */
static pthread_once_t fetch_global_once = PTHREAD_ONCE_INIT;
static CURLcode fetch_global_rc = CURLE_FAILED_INIT;

static void fetch_global_init(void)
{
    fetch_global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

void cf_fetch_opts_default(struct cf_fetch_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->timeout_s = CF_FETCH_DEFAULT_TIMEOUT_S;
    opts->max_bytes = CF_FETCH_DEFAULT_MAX_BYTES;
    opts->max_redirects = CF_FETCH_DEFAULT_REDIRECTS;
    opts->retries = CF_FETCH_DEFAULT_RETRIES;
    opts->backoff_ms = CF_FETCH_DEFAULT_BACKOFF_MS;
    const char *token = getenv(CF_FETCH_TOKEN_ENV);
    if (token != NULL && token[0] != '\0')
        opts->bearer_token = token;
}

void cf_fetch_result_free(struct cf_fetch_result *res)
{
    if (res == NULL)
        return;
    free(res->body);
    memset(res, 0, sizeof *res);
}

/* ---- one transfer --------------------------------------------------------- */

struct body {
    char *data;
    size_t len;
    size_t cap;
    size_t max_bytes;
    int too_large;
    int out_of_memory;
};

/* Decoded bytes arrive here; past max_bytes the transfer is aborted (a chunked
 * or gzip body has no length for CURLOPT_MAXFILESIZE_LARGE to check). */
static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
    struct body *b = userdata;
    size_t n = size * nmemb;
    if (n > b->max_bytes - b->len) {
        b->too_large = 1;
        return 0;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap != 0 ? b->cap : 16384;
        while (cap < b->len + n + 1)
            cap = cap <= SIZE_MAX / 2 ? cap * 2 : b->len + n + 1;
        char *bigger = realloc(b->data, cap);
        if (bigger == NULL) {
            b->out_of_memory = 1;
            return 0;
        }
        b->data = bigger;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

static void body_reset(struct body *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->too_large = b->out_of_memory = 0;
}

/* Standard reason phrases (RFC 9110 section 15); servers' own phrases are not
 * trusted into messages. */
static const char *http_reason(long status)
{
    static const struct {
        long status;
        const char *reason;
    } reasons[] = {
        {300, "Multiple Choices"}, {301, "Moved Permanently"}, {302, "Found"}, {303, "See Other"},
        {304, "Not Modified"}, {307, "Temporary Redirect"}, {308, "Permanent Redirect"},
        {400, "Bad Request"}, {401, "Unauthorized"}, {402, "Payment Required"}, {403, "Forbidden"},
        {404, "Not Found"}, {405, "Method Not Allowed"}, {406, "Not Acceptable"},
        {407, "Proxy Authentication Required"}, {408, "Request Timeout"}, {409, "Conflict"},
        {410, "Gone"}, {411, "Length Required"}, {412, "Precondition Failed"},
        {413, "Content Too Large"}, {414, "URI Too Long"}, {415, "Unsupported Media Type"},
        {416, "Range Not Satisfiable"}, {417, "Expectation Failed"}, {421, "Misdirected Request"},
        {422, "Unprocessable Content"}, {425, "Too Early"}, {426, "Upgrade Required"},
        {428, "Precondition Required"}, {429, "Too Many Requests"},
        {431, "Request Header Fields Too Large"}, {451, "Unavailable For Legal Reasons"},
        {500, "Internal Server Error"}, {501, "Not Implemented"}, {502, "Bad Gateway"},
        {503, "Service Unavailable"}, {504, "Gateway Timeout"},
        {505, "HTTP Version Not Supported"}, {507, "Insufficient Storage"},
        {511, "Network Authentication Required"},
    };
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
        if (reasons[i].status == status)
            return reasons[i].reason;
    return NULL;
}

static void format_size(size_t bytes, char *buf, size_t size)
{
    const size_t kib = 1024, mib = 1024 * 1024;
    if (bytes >= mib && bytes % mib == 0)
        snprintf(buf, size, "%zu MiB", bytes / mib);
    else if (bytes >= kib && bytes % kib == 0)
        snprintf(buf, size, "%zu KiB", bytes / kib);
    else
        snprintf(buf, size, "%zu bytes", bytes);
}

/* Drop a known prefix of curl's error text ("SSL certificate problem: ..."). */
static const char *after_prefix(const char *text, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(text, prefix, n) == 0 ? text + n : text;
}

/* What one attempt came to. */
struct outcome {
    int ok;                 /* 2xx and a whole body */
    int retryable;          /* 429, 5xx, timeout */
    long retry_after_s;     /* the server's Retry-After, 0 when none */
    char reason[400];       /* for the error line */
    char short_reason[400]; /* for "retrying in N ms (...)" */
};

static void classify_curl_error(CURL *curl, CURLcode code, const struct body *b,
                                const struct cf_fetch_opts *o, double connect_s,
                                const char *errbuf, struct outcome *oc)
{
    const char *curl_words = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(code);
    char size_text[48];

    if (b->too_large || code == CURLE_FILESIZE_EXCEEDED) {
        format_size(o->max_bytes, size_text, sizeof size_text);
        snprintf(oc->reason, sizeof oc->reason, "body larger than %s", size_text);
    } else if (b->out_of_memory) {
        snprintf(oc->reason, sizeof oc->reason, "out of memory after %zu bytes of body", b->len);
    } else if (code == CURLE_OPERATION_TIMEDOUT) {
        curl_off_t connect_us = 0;
        curl_easy_getinfo(curl, CURLINFO_CONNECT_TIME_T, &connect_us);
        if (connect_us == 0 && connect_s > 0)
            snprintf(oc->reason, sizeof oc->reason, "could not connect within %g s", connect_s);
        else
            snprintf(oc->reason, sizeof oc->reason, "timed out after %g s", o->timeout_s);
        oc->retryable = 1;
    } else if (code == CURLE_PARTIAL_FILE) {
        curl_off_t expected = -1, got = -1;
        curl_easy_getinfo(curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &expected);
        curl_easy_getinfo(curl, CURLINFO_SIZE_DOWNLOAD_T, &got);
        if (expected > 0 && got >= 0 && got < expected)
            snprintf(oc->reason, sizeof oc->reason,
                     "transfer closed with %lld bytes remaining (truncated body)",
                     (long long)(expected - got));
        else
            snprintf(oc->reason, sizeof oc->reason, "%s (truncated body)", curl_words);
    } else if (code == CURLE_COULDNT_RESOLVE_HOST) {
        snprintf(oc->reason, sizeof oc->reason, "could not resolve host");
    } else if (code == CURLE_COULDNT_RESOLVE_PROXY) {
        snprintf(oc->reason, sizeof oc->reason, "could not resolve proxy");
    } else if (code == CURLE_COULDNT_CONNECT) {
        long os_errno = 0;
        char why[128] = "";
        curl_easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
        if (os_errno == 0 || strerror_r((int)os_errno, why, sizeof why) != 0)
            snprintf(why, sizeof why, "%s", curl_words);
        snprintf(oc->reason, sizeof oc->reason, "could not connect: %s", why);
    } else if (code == CURLE_PEER_FAILED_VERIFICATION) {
        const char *what = after_prefix(after_prefix(curl_words, "SSL certificate problem: "), "SSL: ");
        snprintf(oc->reason, sizeof oc->reason, "TLS certificate problem: %s", what);
    } else if (code == CURLE_SSL_CACERT_BADFILE) {
        snprintf(oc->reason, sizeof oc->reason, "TLS: cannot load the system CA certificates: %s",
                 curl_words);
    } else if (code == CURLE_SSL_CONNECT_ERROR) {
        snprintf(oc->reason, sizeof oc->reason, "TLS handshake failed: %s", curl_words);
    } else if (code == CURLE_GOT_NOTHING) {
        snprintf(oc->reason, sizeof oc->reason, "server closed the connection without replying");
    } else {
        snprintf(oc->reason, sizeof oc->reason, "%s", curl_words);
    }
    if (oc->retryable)
        snprintf(oc->short_reason, sizeof oc->short_reason, "%s", oc->reason);
}

static void classify_status(long status, struct outcome *oc)
{
    const char *phrase = http_reason(status);
    snprintf(oc->reason, sizeof oc->reason, "HTTP %ld%s%s", status, phrase ? " " : "",
             phrase ? phrase : "");
    snprintf(oc->short_reason, sizeof oc->short_reason, "HTTP %ld", status);
    oc->retryable = status == 429 || (status >= 500 && status <= 599);
}

/* One line, no control characters, no token: reasons partly come from curl and
 * servers, and end up on a terminal. */
static void scrub(char *text, const char *token)
{
    for (char *c = text; *c != '\0'; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = ' ';
    size_t tlen = token != NULL ? strlen(token) : 0;
    if (tlen < 4)
        return;
    char *hit;
    while ((hit = strstr(text, token)) != NULL) {
        memcpy(hit, "***", 3);
        memmove(hit + 3, hit + tlen, strlen(hit + tlen) + 1);
    }
}

static void say(const struct cf_fetch_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void say(const struct cf_fetch_opts *o, const char *fmt, ...)
{
    if (o->log == NULL)
        return;
    char line[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    scrub(line, o->bearer_token);
    o->log(o->log_ctx, line);
}

static void sleep_ms(long ms)
{
    struct timespec left = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&left, &left) != 0 && errno == EINTR)
        ;
}

static int has_line_break(const char *text)
{
    return strpbrk(text, "\r\n") != NULL;
}

static int is_http_url(const char *url)
{
    return strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0;
}

/* Options with the defaults filled in for zero or out-of-range fields. */
static void normalise(const struct cf_fetch_opts *in, struct cf_fetch_opts *o)
{
    if (in != NULL)
        *o = *in;
    else
        cf_fetch_opts_default(o);
    if (o->timeout_s < 0)
        o->timeout_s = 0; /* 0: no limit on the whole transfer */
    if (o->max_bytes == 0)
        o->max_bytes = CF_FETCH_DEFAULT_MAX_BYTES;
    if (o->max_bytes > SIZE_MAX / 2)
        o->max_bytes = SIZE_MAX / 2;
    if (o->max_redirects < 0)
        o->max_redirects = CF_FETCH_DEFAULT_REDIRECTS;
    if (o->retries < 0)
        o->retries = 0;
    if (o->retries > CF_FETCH_MAX_RETRIES)
        o->retries = CF_FETCH_MAX_RETRIES;
    if (o->backoff_ms < 0)
        o->backoff_ms = 0;
    if (o->backoff_ms > CF_FETCH_MAX_WAIT_MS)
        o->backoff_ms = CF_FETCH_MAX_WAIT_MS;
    if (o->headers == NULL)
        o->nheaders = 0;
}

/* Set every option of the transfer; CURLE_OK or the first refusal. */
static CURLcode configure(CURL *curl, const struct cf_fetch_opts *o, const char *url,
                          struct curl_slist *headers, struct body *b, char *errbuf,
                          double connect_s)
{
    CURLcode rc = curl_easy_setopt(curl, CURLOPT_URL, url);
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L); /* timeouts without SIGALRM: thread-safe */
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(curl, CURLOPT_FAILONERROR, 0L); /* the status is judged below */
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L); /* attempt_once follows them */
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, (long)ceil(connect_s * 1000.0));
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_bytes);
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, ""); /* every decoding built in */
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(curl, CURLOPT_USERAGENT, CF_FETCH_USER_AGENT);
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(curl, CURLOPT_WRITEDATA, b);
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    return rc;
}

/* The request headers: opts.headers verbatim, then the bearer token unless
 * they hold an Authorization header of their own. NULL
 * list and CF_OK when there are none; *reason says what was refused. */
static int build_headers(const struct cf_fetch_opts *o, struct curl_slist **list, char *reason,
                         size_t size)
{
    *list = NULL;
    for (size_t i = 0; i < o->nheaders; i++) {
        const char *h = o->headers[i];
        if (h == NULL || has_line_break(h) || strchr(h, ':') == NULL) {
            snprintf(reason, size, "header %zu is not one 'Name: value' line", i + 1);
            return CF_ERR_FETCH;
        }
        struct curl_slist *grown = curl_slist_append(*list, h);
        if (grown == NULL)
            goto out_of_memory;
        *list = grown;
    }
    int own_authorization = 0; /* a --header Authorization: the token is not sent besides it */
    for (size_t i = 0; i < o->nheaders; i++)
        own_authorization |= strncasecmp(o->headers[i], "Authorization:", 14) == 0;
    if (o->bearer_token != NULL && o->bearer_token[0] != '\0' && !own_authorization) {
        if (has_line_break(o->bearer_token)) {
            snprintf(reason, size, "the bearer token contains a line break");
            return CF_ERR_FETCH;
        }
        size_t n = strlen("Authorization: Bearer ") + strlen(o->bearer_token) + 1;
        char *line = malloc(n);
        if (line == NULL)
            goto out_of_memory;
        snprintf(line, n, "Authorization: Bearer %s", o->bearer_token);
        struct curl_slist *grown = curl_slist_append(*list, line); /* copies it */
        memset(line, 0, n);
        free(line);
        if (grown == NULL)
            goto out_of_memory;
        *list = grown;
    }
    return CF_OK;

out_of_memory:
    snprintf(reason, size, "out of memory");
    return CF_ERR_FETCH;
}

/* 1 when a and b are the same origin: scheme, host (either case) and port,
 * the default port of the scheme where none is given; 0 when they differ or
 * either does not parse. libcurl's own rule for Authorization headers on a
 * redirect, applied here to every header the request was given. */
static int same_origin(const char *a, const char *b)
{
    CURLU *ua = curl_url(), *ub = curl_url();
    char *pa[3] = {NULL, NULL, NULL}, *pb[3] = {NULL, NULL, NULL};
    static const CURLUPart parts[3] = {CURLUPART_SCHEME, CURLUPART_HOST, CURLUPART_PORT};
    int same = ua != NULL && ub != NULL && curl_url_set(ua, CURLUPART_URL, a, 0) == CURLUE_OK &&
               curl_url_set(ub, CURLUPART_URL, b, 0) == CURLUE_OK;
    for (int i = 0; same && i < 3; i++)
        same = curl_url_get(ua, parts[i], &pa[i], CURLU_DEFAULT_PORT) == CURLUE_OK &&
               curl_url_get(ub, parts[i], &pb[i], CURLU_DEFAULT_PORT) == CURLUE_OK &&
               strcasecmp(pa[i], pb[i]) == 0;
    for (int i = 0; i < 3; i++) {
        curl_free(pa[i]);
        curl_free(pb[i]);
    }
    curl_url_cleanup(ua);
    curl_url_cleanup(ub);
    return same;
}

/* 1 when url names a user (user:password@host) */
static int has_user(const char *url)
{
    CURLU *u = curl_url();
    char *user = NULL;
    int has = u != NULL && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
              curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK;
    curl_free(user);
    curl_url_cleanup(u);
    return has;
}

/* next, with the user and password of from when from has them and next has
 * none (a redirect within the origin keeps the URL's credentials, as the
 * headers); malloc'd, NULL when out of memory. */
static char *with_userinfo(const char *from, const char *next)
{
    CURLU *uf = curl_url(), *un = curl_url();
    char *user = NULL, *password = NULL, *own = NULL, *full = NULL, *out = NULL;
    if (uf != NULL && un != NULL && curl_url_set(uf, CURLUPART_URL, from, 0) == CURLUE_OK &&
        curl_url_set(un, CURLUPART_URL, next, 0) == CURLUE_OK &&
        curl_url_get(uf, CURLUPART_USER, &user, 0) == CURLUE_OK &&
        curl_url_get(un, CURLUPART_USER, &own, 0) != CURLUE_OK &&
        curl_url_set(un, CURLUPART_USER, user, 0) == CURLUE_OK &&
        (curl_url_get(uf, CURLUPART_PASSWORD, &password, 0) != CURLUE_OK ||
         curl_url_set(un, CURLUPART_PASSWORD, password, 0) == CURLUE_OK) &&
        curl_url_get(un, CURLUPART_URL, &full, 0) == CURLUE_OK)
        out = strdup(full);
    else
        out = strdup(next);
    curl_free(user);
    curl_free(password);
    curl_free(own);
    curl_free(full);
    curl_url_cleanup(uf);
    curl_url_cleanup(un);
    return out;
}

/* The time since start, in seconds. */
static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* One GET of url and the redirects it leads to, at most o->max_redirects,
 * http(s) only, all within o->timeout_s; headers (the request's own and the
 * token) go no further than the first redirect to another origin. Logs "GET
 * url", the redirects followed and "HTTP status, n bytes, type"; fills oc,
 * the status and (on success) the Content-Type of out. */
static void attempt_once(CURL *curl, const struct cf_fetch_opts *o, const char *url, const char *shown,
                         struct curl_slist *headers, struct body *b, char *errbuf, double connect_s,
                         struct cf_fetch_result *out, struct outcome *oc)
{
    memset(oc, 0, sizeof *oc);
    say(o, "GET %s", shown);
    char *here = strdup(url); /* the URL being asked; curl's own is gone at the next perform */
    if (here == NULL) {
        snprintf(oc->reason, sizeof oc->reason, "out of memory");
        return;
    }
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    int home = 1; /* still on the origin the URL names */
    long status = 0, redirects = 0;
    CURLcode code;
    for (;;) {
        body_reset(b);
        errbuf[0] = '\0';
        long left_ms = 0; /* 0: no limit */
        if (o->timeout_s > 0) {
            left_ms = (long)ceil((o->timeout_s - seconds_since(&start)) * 1000.0);
            if (left_ms < 1)
                left_ms = 1; /* what is left of the attempt's time: curl then times out */
        }
        curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, left_ms);
        code = curl_easy_perform(curl);
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        const char *next = NULL;
        if (code == CURLE_OK && status >= 300 && status <= 399)
            curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &next);
        if (next == NULL)
            break;
        out->status = status; /* the redirect's, where one is refused below */
        if (redirects == o->max_redirects) {
            snprintf(oc->reason, sizeof oc->reason, "too many redirects (more than %ld)", o->max_redirects);
            goto refused;
        }
        if (!is_http_url(next)) {
            char scheme[16];
            size_t n = strcspn(next, ":");
            snprintf(scheme, sizeof scheme, "%.*s", (int)(n < sizeof scheme - 1 ? n : sizeof scheme - 1), next);
            scrub(scheme, NULL);
            snprintf(oc->reason, sizeof oc->reason, "redirected to a URL that is not http:// or https:// (%s)",
                     scheme);
            goto refused;
        }
        if (home && !same_origin(here, next)) {
            char next_shown[256];
            cf_fetch_redact(next, next_shown, sizeof next_shown);
            if (headers != NULL || has_user(url))
                say(o, "redirected to another origin, %s: the request's headers, token and credentials "
                       "not sent there", next_shown);
            curl_easy_setopt(curl, CURLOPT_HTTPHEADER, NULL);
            home = 0;
        }
        char *copy = home ? with_userinfo(here, next) : strdup(next);
        if (copy == NULL) {
            snprintf(oc->reason, sizeof oc->reason, "out of memory");
            goto refused;
        }
        free(here);
        here = copy;
        curl_easy_setopt(curl, CURLOPT_URL, here);
        redirects++;
    }
    out->status = status;
    if (redirects > 0) {
        char landed_shown[256] = "";
        cf_fetch_redact(here, landed_shown, sizeof landed_shown);
        say(o, "followed %ld redirect%s to %s", redirects, redirects == 1 ? "" : "s", landed_shown);
    }
    free(here);
    if (code != CURLE_OK) {
        classify_curl_error(curl, code, b, o, connect_s, errbuf, oc);
        return;
    }
    const char *type = NULL;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
    say(o, "HTTP %ld, %zu bytes, %s", status, b->len,
        type != NULL && type[0] != '\0' ? type : "no Content-Type");
    if (status >= 200 && status <= 299) {
        oc->ok = 1;
        snprintf(out->content_type, sizeof out->content_type, "%s", type != NULL ? type : "");
        scrub(out->content_type, NULL);
        return;
    }
    classify_status(status, oc);
    curl_off_t retry_after = 0;
    curl_easy_getinfo(curl, CURLINFO_RETRY_AFTER, &retry_after);
    oc->retry_after_s = (long)retry_after;
    return;

refused: /* a redirect not followed: oc->reason says why */
    free(here);
}

/* How long to wait before attempt number attempt+1 (attempt counts from 0),
 * or -1 to stop: backoff_ms doubled per retry, at least a Retry-After of up to
 * CF_FETCH_MAX_RETRY_AFTER_S, and all waits within CF_FETCH_MAX_TOTAL_WAIT_MS. */
static long retry_wait_ms(const struct cf_fetch_opts *o, int attempt, long waited_ms,
                          struct outcome *oc)
{
    if (!oc->retryable || attempt >= o->retries)
        return -1;
    if (oc->retry_after_s > CF_FETCH_MAX_RETRY_AFTER_S) {
        size_t used = strlen(oc->reason);
        snprintf(oc->reason + used, sizeof oc->reason - used, " (server asks to retry after %ld s)",
                 oc->retry_after_s);
        return -1;
    }
    long wait_ms = o->backoff_ms << attempt; /* backoff_ms <= 10 s, attempt <= 10: no overflow */
    if (wait_ms > CF_FETCH_MAX_WAIT_MS)
        wait_ms = CF_FETCH_MAX_WAIT_MS;
    if (oc->retry_after_s * 1000 > wait_ms)
        wait_ms = oc->retry_after_s * 1000;
    if (waited_ms + wait_ms > CF_FETCH_MAX_TOTAL_WAIT_MS)
        return -1;
    return wait_ms;
}

int cf_fetch(const char *url, const struct cf_fetch_opts *opts, struct cf_fetch_result *out,
             struct cf_error *err)
{
    struct cf_fetch_opts o;
    struct body b = {0};
    struct curl_slist *headers = NULL;
    CURL *curl = NULL;
    char errbuf[CURL_ERROR_SIZE] = "";
    char shown[256];
    struct outcome oc = {0};
    int rc = CF_ERR_FETCH;

    memset(out, 0, sizeof *out);
    normalise(opts, &o);
    cf_fetch_redact(url, shown, sizeof shown);
    b.max_bytes = o.max_bytes;

    if (!is_http_url(url)) {
        rc = cf_error_set(err, CF_ERR_FETCH, shown, 0, NULL,
                          "only http:// and https:// URLs can be fetched");
        goto done;
    }
    rc = build_headers(&o, &headers, oc.reason, sizeof oc.reason);
    if (rc != CF_OK) {
        rc = cf_error_set(err, CF_ERR_FETCH, shown, 0, NULL, "%s", oc.reason);
        goto done;
    }
    pthread_once(&fetch_global_once, fetch_global_init);
    if (fetch_global_rc != CURLE_OK) {
        rc = cf_error_set(err, CF_ERR_FETCH, shown, 0, NULL, "libcurl did not start: %s",
                          curl_easy_strerror(fetch_global_rc));
        goto done;
    }
    curl = curl_easy_init();
    if (curl == NULL) {
        rc = cf_error_set(err, CF_ERR_FETCH, shown, 0, NULL, "libcurl could not make a handle");
        goto done;
    }
    double connect_s = o.timeout_s > 0 && o.timeout_s < CF_FETCH_MAX_CONNECT_S ? o.timeout_s
                                                                                : CF_FETCH_MAX_CONNECT_S;
    CURLcode setup = configure(curl, &o, url, headers, &b, errbuf, connect_s);
    if (setup != CURLE_OK) {
        rc = cf_error_set(err, CF_ERR_FETCH, shown, 0, NULL, "libcurl refused an option: %s",
                          curl_easy_strerror(setup));
        goto done;
    }

    long waited_ms = 0;
    int attempt = 0;
    for (;; attempt++) {
        attempt_once(curl, &o, url, shown, headers, &b, errbuf, connect_s, out, &oc);
        long wait_ms = oc.ok ? -1 : retry_wait_ms(&o, attempt, waited_ms, &oc);
        if (wait_ms < 0)
            break;
        if (oc.retry_after_s > 0)
            say(&o, "retrying in %ld ms (%s, Retry-After %ld s)", wait_ms, oc.short_reason,
                oc.retry_after_s);
        else
            say(&o, "retrying in %ld ms (%s)", wait_ms, oc.short_reason);
        sleep_ms(wait_ms);
        waited_ms += wait_ms;
    }

    if (!oc.ok) {
        if (attempt > 0) {
            size_t used = strlen(oc.reason);
            snprintf(oc.reason + used, sizeof oc.reason - used, " (%d attempts)", attempt + 1);
        }
        scrub(oc.reason, o.bearer_token);
        rc = cf_error_set(err, CF_ERR_FETCH, shown, 0, NULL, "%s", oc.reason);
        goto done;
    }
    if (b.data == NULL) { /* an empty body is still a string */
        b.data = calloc(1, 1);
        if (b.data == NULL) {
            rc = cf_error_set(err, CF_ERR_FETCH, shown, 0, NULL, "out of memory");
            goto done;
        }
    }
    out->body = b.data;
    out->len = b.len;
    b.data = NULL;
    rc = CF_OK;

done:
    if (curl != NULL)
        curl_easy_cleanup(curl);
    curl_slist_free_all(headers);
    body_reset(&b);
    if (rc != CF_OK) {
        long status = out->status;
        memset(out, 0, sizeof *out);
        out->status = status;
    }
    return rc;
}
