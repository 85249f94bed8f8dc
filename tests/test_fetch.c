/* test_fetch.c — suite fetch: rates/fetch.c against a real HTTP server on
 * 127.0.0.1 (tests/http_server.py, started per test on a free port and killed
 * in teardown; its header lists the special paths used here). Expected sizes
 * are those of tests/data/fetch/ (wc -c); expected reasons are the one-line
 * forms of issue "Rate benchmarking", item 1. Nothing leaves loopback. */
#include <criterion/criterion.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

#include "rates/fetch.h"
#include "tests/helpers.h"

#define SERVER_PY CF_TEST_DATA "/../http_server.py"
#define FETCH_DATA CF_TEST_DATA "/fetch"
#define TOKEN "cf-test-token-7f3a" /* the token tests/http_server.py expects at /auth */
#define QUOTES_CSV_BYTES 930       /* wc -c tests/data/fetch/quotes.csv */
#define QUOTES_JSON_BYTES 3543     /* wc -c tests/data/fetch/quotes.json */

/* The servers of the running test (Criterion runs each test in its own process). */
static pid_t plain_pid = -1, tls_pid = -1;
static int plain_port, tls_port;

static int spawn_server(int tls, pid_t *pid)
{
    return cf_http_server_start(FETCH_DATA, tls, pid);
}

static void stop_server(pid_t *pid)
{
    cf_http_server_stop(pid);
}

static void isolate_env(void)
{
    setenv("no_proxy", "*", 1); /* loopback only, whatever proxy the machine has */
    setenv("NO_PROXY", "*", 1);
    unsetenv("CLUSTERFREIGHT_TOKEN");
}

static void server_up(void)
{
    isolate_env();
    plain_port = spawn_server(0, &plain_pid);
}

static void server_down(void)
{
    stop_server(&plain_pid);
    stop_server(&tls_pid);
}

/* ---- helpers -------------------------------------------------------------- */

struct log {
    int n;
    char lines[24][400];
};

static void collect(void *ctx, const char *line)
{
    struct log *log = ctx;
    if (log->n < 24)
        snprintf(log->lines[log->n++], sizeof log->lines[0], "%s", line);
}

static int log_count(const struct log *log, const char *prefix)
{
    int count = 0;
    for (int i = 0; i < log->n; i++)
        count += strncmp(log->lines[i], prefix, strlen(prefix)) == 0;
    return count;
}

static int log_mentions(const struct log *log, const char *text)
{
    for (int i = 0; i < log->n; i++)
        if (strstr(log->lines[i], text) != NULL)
            return 1;
    return 0;
}

/* Defaults with the log captured, 1 ms backoff (keeps retries fast) unless a
 * test wants the real 500 ms. */
static void test_opts(struct cf_fetch_opts *o, struct log *log)
{
    cf_fetch_opts_default(o);
    memset(log, 0, sizeof *log);
    o->log = collect;
    o->log_ctx = log;
    o->backoff_ms = 1;
}

static const char *url(char *buf, size_t size, const char *path)
{
    snprintf(buf, size, "http://127.0.0.1:%d%s", plain_port, path);
    return buf;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Expect failure with exactly "URL-of-path: reason". */
static void expect_failure(const struct cf_fetch_opts *o, const char *path, const char *reason)
{
    char u[256], expected[700];
    struct cf_fetch_result res;
    struct cf_error err = {0};
    url(u, sizeof u, path);
    cr_assert_eq(cf_fetch(u, o, &res, &err), CF_ERR_FETCH, "%s fetched", path);
    snprintf(expected, sizeof expected, "%s: %s", u, reason);
    cr_assert_str_eq(err.message, expected);
    cr_assert_eq(err.code, CF_ERR_FETCH);
    cr_assert_null(res.body);
    cf_fetch_result_free(&res);
}

/* The body of a fetch of u (a whole URL) that must succeed; the caller frees res. */
static const char *fetched(const struct cf_fetch_opts *o, const char *u, struct cf_fetch_result *res)
{
    struct cf_error err = {0};
    cr_assert_eq(cf_fetch(u, o, res, &err), CF_OK, "%s: %s", u, err.message);
    return res->body;
}

/* test_opts with an API key in a header of its own */
static void key_opts(struct cf_fetch_opts *o, struct log *log)
{
    static const char *headers[] = {"X-Api-Key: k-5e1c7"};
    test_opts(o, log);
    o->headers = headers;
    o->nheaders = 1;
}

/* ---- cf_fetch_redact ------------------------------------------------------- */

Test(fetch, redact_drops_userinfo_and_secret_query_values)
{
    char buf[256];
    cf_fetch_redact("https://ana:hunter2@rates.example.org/q.csv", buf, sizeof buf);
    cr_assert_str_eq(buf, "https://rates.example.org/q.csv");
    cf_fetch_redact("https://ana@rates.example.org:8443/q.csv", buf, sizeof buf);
    cr_assert_str_eq(buf, "https://rates.example.org:8443/q.csv");
    cf_fetch_redact("https://h/q?token=abc&week=12&api_key=k1&Signature=s&sig=x&access_token=t"
                    "&client_secret=c&password=p&X-Amz-Signature=z#top",
                    buf, sizeof buf);
    cr_assert_str_eq(buf, "https://h/q?token=***&week=12&api_key=***&Signature=***&sig=***"
                          "&access_token=***&client_secret=***&password=***&X-Amz-Signature=***#top");
    /* session ids, JWTs and bearer values, and a name written with percent
       escapes (tok%65n is token), were printed as they were */
    cf_fetch_redact("https://h/q?jwt=J&session=S&bearer=B&tok%65n=E&sessionid=I&week=3", buf, sizeof buf);
    cr_assert_str_eq(buf, "https://h/q?jwt=***&session=***&bearer=***&tok%65n=***&sessionid=***&week=3");
    /* names that merely resemble a secret word stay: "design", "keyboard", "monkey" */
    cf_fetch_redact("http://h/p?design=1&keyboard=2&monkey=3&key=4", buf, sizeof buf);
    cr_assert_str_eq(buf, "http://h/p?design=1&keyboard=2&monkey=3&key=***");
}

Test(fetch, redact_leaves_plain_urls_and_odd_inputs_alone)
{
    char buf[128];
    cf_fetch_redact("http://127.0.0.1:8123/x.csv", buf, sizeof buf);
    cr_assert_str_eq(buf, "http://127.0.0.1:8123/x.csv");
    cf_fetch_redact("http://h/p?flag&token&x=", buf, sizeof buf); /* no '=': nothing to hide */
    cr_assert_str_eq(buf, "http://h/p?flag&token&x=");
    cf_fetch_redact("quotes@2027.csv", buf, sizeof buf); /* a file name, not an authority */
    cr_assert_str_eq(buf, "quotes@2027.csv");
    /* '@' after the authority belongs to the path */
    cf_fetch_redact("http://h/a@b?x=1", buf, sizeof buf);
    cr_assert_str_eq(buf, "http://h/a@b?x=1");
}

Test(fetch, redact_truncates_without_revealing)
{
    char buf[12];
    cf_fetch_redact("http://u:pw@h/path/long", buf, sizeof buf);
    cr_assert_str_eq(buf, "http://h/pa"); /* 11 characters and the NUL */
    char tiny[1] = {'z'};
    cf_fetch_redact("http://h/", tiny, sizeof tiny);
    cr_assert_eq(tiny[0], '\0');
    char small[20];
    cf_fetch_redact("http://h/?token=supersecretvalue", small, sizeof small);
    cr_assert_str_eq(small, "http://h/?token=***");
}

/* ---- options ----------------------------------------------------------------- */

Test(fetch, defaults_match_the_issue, .init = isolate_env)
{
    struct cf_fetch_opts o;
    cf_fetch_opts_default(&o);
    cr_assert_eq(o.timeout_s, 30);
    cr_assert_eq(o.max_bytes, (size_t)64 * 1024 * 1024);
    cr_assert_eq(o.max_redirects, 5);
    cr_assert_eq(o.retries, 2);
    cr_assert_eq(o.backoff_ms, 500);
    cr_assert_null(o.bearer_token);
    cr_assert_null(o.headers);
    setenv("CLUSTERFREIGHT_TOKEN", TOKEN, 1);
    cf_fetch_opts_default(&o);
    cr_assert_str_eq(o.bearer_token, TOKEN);
}

Test(fetch, only_http_and_https_urls_are_fetched, .init = isolate_env)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    struct cf_fetch_result res;
    struct cf_error err = {0};
    cr_assert_eq(cf_fetch("file:///etc/passwd", &o, &res, &err), CF_ERR_FETCH);
    cr_assert_str_eq(err.message, "file:///etc/passwd: only http:// and https:// URLs can be fetched");
    cr_assert_eq(cf_fetch("ftp://u:pw@127.0.0.1/q.csv", &o, &res, &err), CF_ERR_FETCH);
    cr_assert_str_eq(err.message, "ftp://127.0.0.1/q.csv: only http:// and https:// URLs can be fetched");
    cr_assert_eq(log.n, 0); /* refused before any request */
}

/* ---- successful fetches ------------------------------------------------------ */

Test(fetch, csv_arrives_whole_with_its_content_type, .init = server_up, .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    char u[128], line[160];
    struct cf_fetch_result res;
    struct cf_error err = {0};
    cr_assert_eq(cf_fetch(url(u, sizeof u, "/quotes.csv"), &o, &res, &err), CF_OK, "%s", err.message);
    size_t len = 0;
    char *expected = cf_read_file(FETCH_DATA "/quotes.csv", &len);
    cr_assert_not_null(expected);
    cr_assert_eq(res.len, QUOTES_CSV_BYTES);
    cr_assert_eq(res.len, len);
    cr_assert_str_eq(res.body, expected);
    cr_assert_str_eq(res.content_type, "text/csv");
    cr_assert_eq(res.status, 200);
    cr_assert_eq(log.n, 2);
    snprintf(line, sizeof line, "GET %s", u);
    cr_assert_str_eq(log.lines[0], line);
    cr_assert_str_eq(log.lines[1], "HTTP 200, 930 bytes, text/csv");
    free(expected);
    cf_fetch_result_free(&res);
    cr_assert_null(res.body);
}

Test(fetch, json_arrives_with_its_content_type, .init = server_up, .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    char u[128];
    struct cf_fetch_result res;
    struct cf_error err = {0};
    cr_assert_eq(cf_fetch(url(u, sizeof u, "/quotes.json"), &o, &res, &err), CF_OK, "%s", err.message);
    cr_assert_eq(res.len, QUOTES_JSON_BYTES);
    cr_assert_eq(res.body[0], '{');
    cr_assert_str_eq(res.content_type, "application/json");
    cr_assert_str_eq(log.lines[1], "HTTP 200, 3543 bytes, application/json");
    cf_fetch_result_free(&res);
}

Test(fetch, gzip_and_deflate_bodies_are_decoded, .init = server_up, .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    char *expected = cf_read_file(FETCH_DATA "/quotes.csv", NULL);
    cr_assert_not_null(expected);
    const char *paths[] = {"/gzip/quotes.csv", "/deflate/quotes.csv"};
    for (size_t i = 0; i < 2; i++) {
        char u[128];
        struct cf_fetch_result res;
        struct cf_error err = {0};
        cr_assert_eq(cf_fetch(url(u, sizeof u, paths[i]), &o, &res, &err), CF_OK, "%s", err.message);
        cr_assert_eq(res.len, QUOTES_CSV_BYTES, "%s: %zu bytes", paths[i], res.len);
        cr_assert_str_eq(res.body, expected);
        cf_fetch_result_free(&res);
    }
    free(expected);
}

Test(fetch, empty_body_is_an_empty_string, .init = server_up, .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    char u[128];
    struct cf_fetch_result res;
    struct cf_error err = {0};
    cr_assert_eq(cf_fetch(url(u, sizeof u, "/bytes/0"), &o, &res, &err), CF_OK, "%s", err.message);
    cr_assert_not_null(res.body);
    cr_assert_str_eq(res.body, "");
    cr_assert_eq(res.len, 0);
    cf_fetch_result_free(&res);
}

/* ---- HTTP status and retries --------------------------------------------------- */

Test(fetch, not_found_fails_at_once_with_status_and_reason, .init = server_up, .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    expect_failure(&o, "/status/404", "HTTP 404 Not Found");
    cr_assert_eq(log_count(&log, "GET "), 1); /* a 404 is not retried */
    cr_assert_str_eq(log.lines[1], "HTTP 404, 11 bytes, text/plain"); /* "status 404\n" */
}

Test(fetch, server_error_is_retried_with_doubling_backoff, .init = server_up, .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    o.backoff_ms = 2;
    /* retries = 2 (default): 3 attempts, waits 2 ms then 4 ms */
    expect_failure(&o, "/status/500", "HTTP 500 Internal Server Error (3 attempts)");
    cr_assert_eq(log_count(&log, "GET "), 3);
    cr_assert_eq(log.n, 8); /* GET, HTTP, retrying x2; GET, HTTP */
    cr_assert_str_eq(log.lines[2], "retrying in 2 ms (HTTP 500)");
    cr_assert_str_eq(log.lines[5], "retrying in 4 ms (HTTP 500)");
}

Test(fetch, unavailable_then_ok_succeeds_on_the_retry, .init = server_up, .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    o.backoff_ms = 500; /* the default first backoff, as a user sees it at -v */
    char u[128];
    struct cf_fetch_result res;
    struct cf_error err = {0};
    cr_assert_eq(cf_fetch(url(u, sizeof u, "/flaky?id=a&fail=1"), &o, &res, &err), CF_OK, "%s",
                 err.message);
    cr_assert_str_eq(res.body, "recovered after 1 failures\n");
    cr_assert_eq(res.status, 200);
    cr_assert_eq(log.n, 5);
    cr_assert_str_eq(log.lines[1], "HTTP 503, 10 bytes, text/plain"); /* "try later\n" */
    cr_assert_str_eq(log.lines[2], "retrying in 500 ms (HTTP 503)");
    cr_assert_str_eq(log.lines[4], "HTTP 200, 27 bytes, text/plain");
    cf_fetch_result_free(&res);
}

Test(fetch, too_many_requests_honours_a_short_retry_after, .init = server_up, .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    char u[128];
    struct cf_fetch_result res;
    struct cf_error err = {0};
    cr_assert_eq(cf_fetch(url(u, sizeof u, "/flaky?id=b&fail=1&status=429&retry_after=1"), &o, &res,
                          &err),
                 CF_OK, "%s", err.message);
    /* Retry-After: 1 s beats the 1 ms backoff */
    cr_assert_str_eq(log.lines[2], "retrying in 1000 ms (HTTP 429, Retry-After 1 s)");
    cf_fetch_result_free(&res);
}

Test(fetch, a_long_retry_after_ends_the_retries, .init = server_up, .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    expect_failure(&o, "/flaky?id=c&fail=5&retry_after=120",
                   "HTTP 503 Service Unavailable (server asks to retry after 120 s)");
    cr_assert_eq(log_count(&log, "GET "), 1);
}

Test(fetch, no_retries_means_one_attempt, .init = server_up, .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    o.retries = 0;
    expect_failure(&o, "/status/502", "HTTP 502 Bad Gateway");
    cr_assert_eq(log_count(&log, "GET "), 1);
}

/* ---- limits -------------------------------------------------------------------- */

Test(fetch, a_server_that_never_answers_times_out, .init = server_up, .fini = server_down,
     .timeout = 20)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    o.timeout_s = 1;
    o.retries = 0;
    double start = now_s();
    expect_failure(&o, "/hang", "timed out after 1 s");
    /* generous bound: a 1 s timeout, not the server's 60 s sleep */
    cr_assert_lt(now_s() - start, 5.0);
}

Test(fetch, a_timeout_counts_milliseconds, .init = server_up, .fini = server_down, .timeout = 20)
{
    /* --timeout 0.3 was rounded up to a whole second */
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    o.timeout_s = 0.3;
    o.retries = 0;
    expect_failure(&o, "/hang", "timed out after 0.3 s");
}

Test(fetch, timeouts_are_retried, .init = server_up, .fini = server_down, .timeout = 20)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    o.timeout_s = 1;
    o.retries = 1;
    expect_failure(&o, "/hang", "timed out after 1 s (2 attempts)");
    cr_assert_str_eq(log.lines[1], "retrying in 1 ms (timed out after 1 s)");
}

Test(fetch, bodies_over_the_cap_fail_with_or_without_a_length, .init = server_up,
     .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    o.max_bytes = 1024;
    expect_failure(&o, "/bytes/1025", "body larger than 1 KiB");      /* Content-Length */
    expect_failure(&o, "/chunked/2048", "body larger than 1 KiB");    /* no length */
    expect_failure(&o, "/gzip-zeros/4096", "body larger than 1 KiB"); /* small on the wire */
    cr_assert_eq(log_count(&log, "GET "), 3); /* never retried */
}

Test(fetch, a_body_exactly_at_the_cap_passes, .init = server_up, .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    o.max_bytes = 1024;
    const char *paths[] = {"/bytes/1024", "/chunked/1024", "/gzip-zeros/1024"};
    for (size_t i = 0; i < 3; i++) {
        char u[128];
        struct cf_fetch_result res;
        struct cf_error err = {0};
        cr_assert_eq(cf_fetch(url(u, sizeof u, paths[i]), &o, &res, &err), CF_OK, "%s", err.message);
        cr_assert_eq(res.len, 1024);
        cf_fetch_result_free(&res);
    }
}

Test(fetch, default_cap_is_named_in_mib, .init = server_up, .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    o.max_bytes = 2 * 1024 * 1024 - 1; /* not a round size: said in bytes */
    expect_failure(&o, "/gzip-zeros/2097152", "body larger than 2097151 bytes");
    o.max_bytes = 1024 * 1024;
    expect_failure(&o, "/gzip-zeros/2097152", "body larger than 1 MiB");
}

Test(fetch, a_truncated_body_is_an_error, .init = server_up, .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    /* Content-Length 2000, 1000 bytes sent */
    expect_failure(&o, "/truncated", "transfer closed with 1000 bytes remaining (truncated body)");
}

/* ---- redirects ------------------------------------------------------------------- */

Test(fetch, five_redirects_are_followed, .init = server_up, .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    char u[128], line[200];
    struct cf_fetch_result res;
    struct cf_error err = {0};
    cr_assert_eq(cf_fetch(url(u, sizeof u, "/redirect/5"), &o, &res, &err), CF_OK, "%s", err.message);
    cr_assert_str_eq(res.body, "arrived\n");
    snprintf(line, sizeof line, "followed 5 redirects to http://127.0.0.1:%d/redirect/0", plain_port);
    cr_assert_str_eq(log.lines[1], line);
    cf_fetch_result_free(&res);
}

Test(fetch, a_sixth_redirect_or_a_loop_fails, .init = server_up, .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    expect_failure(&o, "/redirect/6", "too many redirects (more than 5)");
    expect_failure(&o, "/loop", "too many redirects (more than 5)");
    o.max_redirects = 1;
    expect_failure(&o, "/redirect/2", "too many redirects (more than 1)");
}

Test(fetch, redirects_only_to_http_or_https, .init = server_up, .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    char u[200];
    struct cf_fetch_result res;
    struct cf_error err = {0};
    /* ftp is among libcurl's default redirect protocols; ours refuse it */
    url(u, sizeof u, "/redirect-to?url=ftp%3A%2F%2F127.0.0.1%3A9%2Fq.csv");
    cr_assert_eq(cf_fetch(u, &o, &res, &err), CF_ERR_FETCH);
    char expected[300];
    snprintf(expected, sizeof expected, "%s: redirected to a URL that is not http:// or https://", u);
    cr_assert(strncmp(err.message, expected, strlen(expected)) == 0, "%s", err.message);
    cr_assert_null(res.body);
}

/* ---- credentials and headers -------------------------------------------------- */

Test(fetch, the_bearer_token_reaches_the_server_but_never_the_log, .init = server_up,
     .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    o.bearer_token = TOKEN;
    char u[128];
    struct cf_fetch_result res;
    struct cf_error err = {0};
    cr_assert_eq(cf_fetch(url(u, sizeof u, "/auth"), &o, &res, &err), CF_OK, "%s", err.message);
    cr_assert_str_eq(res.body, "bearer ok\n");
    cf_fetch_result_free(&res);
    cr_assert_eq(log.n, 2);
    cr_assert_not(log_mentions(&log, TOKEN));
    cr_assert_not(log_mentions(&log, "7f3a"));

    /* a wrong token: refused, and the message does not repeat it */
    o.bearer_token = "wrong-token-0000";
    expect_failure(&o, "/auth", "HTTP 401 Unauthorized");
    cr_assert_not(log_mentions(&log, "wrong-token"));
    /* no token: the server sees none */
    o.bearer_token = NULL;
    cr_assert_eq(cf_fetch(u, &o, &res, &err), CF_ERR_FETCH);
    cr_assert_eq(res.status, 401);
}

Test(fetch, the_token_comes_from_the_environment, .init = server_up, .fini = server_down)
{
    setenv("CLUSTERFREIGHT_TOKEN", TOKEN, 1);
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    char u[128];
    struct cf_fetch_result res;
    struct cf_error err = {0};
    cr_assert_eq(cf_fetch(url(u, sizeof u, "/auth"), &o, &res, &err), CF_OK, "%s", err.message);
    cr_assert_str_eq(res.body, "bearer ok\n");
    cr_assert_not(log_mentions(&log, TOKEN));
    cf_fetch_result_free(&res);
}

Test(fetch, the_token_is_not_sent_on_to_another_host, .init = server_up, .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    o.bearer_token = TOKEN;
    /* 127.0.0.1 redirects to localhost: same server, another host name, so
     * libcurl drops the Authorization header and /auth answers 401 */
    char path[128];
    snprintf(path, sizeof path, "/redirect-to?url=http%%3A%%2F%%2Flocalhost%%3A%d%%2Fauth", plain_port);
    expect_failure(&o, path, "HTTP 401 Unauthorized");
}

Test(fetch, the_request_headers_are_not_sent_on_to_another_origin, .init = server_up,
     .fini = server_down)
{
    /* an API key in a header of its own: libcurl, following the redirect
     * itself, sent every such header on to any host (only Authorization and
     * Cookie stayed behind); 127.0.0.1 to localhost is another origin */
    struct cf_fetch_opts o;
    struct log log;
    key_opts(&o, &log);
    char path[160], u[200], line[300];
    snprintf(path, sizeof path, "/redirect-to?url=http%%3A%%2F%%2Flocalhost%%3A%d%%2Fheaders", plain_port);
    struct cf_fetch_result res;
    const char *body = fetched(&o, url(u, sizeof u, path), &res);
    cr_assert_null(strstr(body, "X-Api-Key"), "%s", body);
    cr_assert_not_null(strstr(body, "User-Agent: clusterfreight/0.1\n"), "%s", body);
    snprintf(line, sizeof line,
             "redirected to another origin, http://localhost:%d/headers: the request's headers, token and "
             "credentials not sent there",
             plain_port);
    cr_assert_str_eq(log.lines[1], line);
    cf_fetch_result_free(&res);
}

Test(fetch, a_redirect_within_the_origin_keeps_the_headers, .init = server_up, .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    key_opts(&o, &log);
    o.bearer_token = TOKEN;
    char u[200];
    struct cf_fetch_result res;
    const char *body = fetched(&o, url(u, sizeof u, "/redirect-to?url=%2Fheaders"), &res);
    cr_assert_not_null(strstr(body, "X-Api-Key: k-5e1c7\n"), "%s", body);
    cr_assert_not_null(strstr(body, "uthorization: (present)"), "%s", body);
    cf_fetch_result_free(&res);
    /* and the token still opens /auth after a redirect on the same origin */
    cr_assert_str_eq(fetched(&o, url(u, sizeof u, "/redirect-to?url=%2Fauth"), &res), "bearer ok\n");
    cf_fetch_result_free(&res);
}

Test(fetch, the_url_credentials_follow_a_redirect_within_the_origin_only, .init = server_up,
     .fini = server_down)
{
    /* user:password@ in the URL is sent as Basic authorization ("(present)"
       at /headers): on to /headers on the same origin, not to localhost */
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    char u[300];
    struct cf_fetch_result res;
    snprintf(u, sizeof u, "http://ana:hunter2@127.0.0.1:%d/redirect-to?url=%%2Fheaders", plain_port);
    cr_assert_not_null(strstr(fetched(&o, u, &res), "uthorization: (present)"), "%s", res.body);
    cf_fetch_result_free(&res);
    snprintf(u, sizeof u, "http://ana:hunter2@127.0.0.1:%d/redirect-to?url=http%%3A%%2F%%2Flocalhost%%3A%d%%2Fheaders",
             plain_port, plain_port);
    cr_assert_null(strstr(fetched(&o, u, &res), "uthorization"), "%s", res.body);
    cf_fetch_result_free(&res);
    cr_assert_not(log_mentions(&log, "hunter2"));
}

Test(fetch, the_time_limit_covers_the_redirects_too, .init = server_up, .fini = server_down,
     .timeout = 20)
{
    /* the redirects are followed one request at a time: each gets what is
       left of the attempt's limit, so the limit holds for the whole chain */
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    o.timeout_s = 1;
    o.retries = 0;
    expect_failure(&o, "/redirect-to?url=%2Fhang", "timed out after 1 s");
}

Test(fetch, credentials_in_the_url_stay_out_of_messages_and_log, .init = server_up,
     .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    char u[200], expected[300];
    struct cf_fetch_result res;
    struct cf_error err = {0};
    snprintf(u, sizeof u, "http://ana:hunter2@127.0.0.1:%d/status/404?token=abc123&week=12",
             plain_port);
    cr_assert_eq(cf_fetch(u, &o, &res, &err), CF_ERR_FETCH);
    snprintf(expected, sizeof expected,
             "http://127.0.0.1:%d/status/404?token=***&week=12: HTTP 404 Not Found", plain_port);
    cr_assert_str_eq(err.message, expected);
    cr_assert_not(log_mentions(&log, "hunter2"));
    cr_assert_not(log_mentions(&log, "abc123"));
}

Test(fetch, headers_and_user_agent_reach_the_server, .init = server_up, .fini = server_down)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    const char *headers[] = {"X-Cluster: durban-auto", "Accept: text/csv"};
    o.headers = headers;
    o.nheaders = 2;
    char u[128];
    struct cf_fetch_result res;
    struct cf_error err = {0};
    cr_assert_eq(cf_fetch(url(u, sizeof u, "/headers"), &o, &res, &err), CF_OK, "%s", err.message);
    cr_assert_not_null(strstr(res.body, "X-Cluster: durban-auto\n"), "%s", res.body);
    cr_assert_not_null(strstr(res.body, "Accept: text/csv\n"), "%s", res.body);
    cr_assert_not_null(strstr(res.body, "User-Agent: clusterfreight/0.1\n"), "%s", res.body);
    cr_assert_not_null(strstr(res.body, "gzip"), "Accept-Encoding offers gzip: %s", res.body);
    cr_assert_null(strstr(res.body, "Authorization"), "no token, no header: %s", res.body);
    cf_fetch_result_free(&res);
}

Test(fetch, an_authorization_header_of_its_own_replaces_the_token, .init = server_up, .fini = server_down)
{
    /* both were sent: two Authorization lines, the server's pick */
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    const char *headers[] = {"authorization: Basic YWxhZGRpbjpvcGVu"};
    o.headers = headers;
    o.nheaders = 1;
    o.bearer_token = TOKEN;
    char u[128];
    struct cf_fetch_result res;
    struct cf_error err = {0};
    cr_assert_eq(cf_fetch(url(u, sizeof u, "/headers"), &o, &res, &err), CF_OK, "%s", err.message);
    /* the server shows an Authorization line as "(present)": exactly one */
    const char *first = strstr(res.body, "uthorization: (present)");
    cr_assert_not_null(first, "%s", res.body);
    cr_assert_null(strstr(first + 1, "uthorization: (present)"), "two Authorization lines: %s", res.body);
    cf_fetch_result_free(&res);
    /* and it is the --header's: /auth accepts only the token, and refuses */
    cr_assert_eq(cf_fetch(url(u, sizeof u, "/auth"), &o, &res, &err), CF_ERR_FETCH);
    cr_assert(strstr(err.message, "HTTP 401") != NULL, "%s", err.message);
}

Test(fetch, a_header_must_be_one_name_value_line, .init = isolate_env)
{
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    const char *injected[] = {"X-Ok: 1", "X-Evil: a\r\nHost: elsewhere"};
    o.headers = injected;
    o.nheaders = 2;
    struct cf_fetch_result res;
    struct cf_error err = {0};
    cr_assert_eq(cf_fetch("http://127.0.0.1:9/x", &o, &res, &err), CF_ERR_FETCH);
    cr_assert_str_eq(err.message, "http://127.0.0.1:9/x: header 2 is not one 'Name: value' line");
    const char *no_colon[] = {"X-Cluster durban"};
    o.headers = no_colon;
    o.nheaders = 1;
    cr_assert_eq(cf_fetch("http://127.0.0.1:9/x", &o, &res, &err), CF_ERR_FETCH);
    cr_assert_str_eq(err.message, "http://127.0.0.1:9/x: header 1 is not one 'Name: value' line");
    cr_assert_eq(log.n, 0);
}

/* ---- connection and TLS failures ------------------------------------------------ */

Test(fetch, a_closed_port_is_refused, .init = isolate_env)
{
    /* a port that was free a moment ago: bind to 0, read it back, close */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert_geq(fd, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(bind(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    socklen_t alen = sizeof addr;
    cr_assert_eq(getsockname(fd, (struct sockaddr *)&addr, &alen), 0);
    close(fd);
    char u[64], expected[128];
    snprintf(u, sizeof u, "http://127.0.0.1:%d/q.csv", ntohs(addr.sin_port));
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    struct cf_fetch_result res;
    struct cf_error err = {0};
    cr_assert_eq(cf_fetch(u, &o, &res, &err), CF_ERR_FETCH);
    snprintf(expected, sizeof expected, "%s: could not connect: Connection refused", u);
    cr_assert_str_eq(err.message, expected);
}

Test(fetch, tls_verification_is_on, .init = server_up, .fini = server_down)
{
    tls_port = spawn_server(1, &tls_pid);
    struct cf_fetch_opts o;
    struct log log;
    test_opts(&o, &log);
    char u[128], expected[200];
    snprintf(u, sizeof u, "https://127.0.0.1:%d/quotes.csv", tls_port);
    struct cf_fetch_result res;
    struct cf_error err = {0};
    cr_assert_eq(cf_fetch(u, &o, &res, &err), CF_ERR_FETCH);
    /* tests/data/fetch/selfsigned-cert.pem is in no system CA bundle */
    snprintf(expected, sizeof expected, "%s: TLS certificate problem: self-signed certificate", u);
    cr_assert_str_eq(err.message, expected);
    cr_assert_eq(log_count(&log, "GET "), 1); /* not retried */
}
