/* test_sources.c — suite sources: every SRC form of interface.md (a file, "-"
 * for standard input, an http:// URL) gives the same result through the real
 * binary, and a URL that fails exits 69 with one line naming it. The server is
 * tests/http_server.py on 127.0.0.1; nothing leaves loopback. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "helpers.h"

#define DATA CF_TEST_DATA "/benchmark"

static pid_t server = -1;
static int port;

static void up(void)
{
    port = cf_http_server_start(DATA, 0, &server);
}

static void down(void)
{
    cf_http_server_stop(&server);
}

TestSuite(sources, .init = up, .fini = down);

Test(sources, a_url_a_file_and_stdin_give_the_same_benchmark)
{
    struct cf_run file = cf_run_cli("benchmark --quotes %s/quotes.csv --fx %s/fx.csv --format json", DATA, DATA);
    struct cf_run url = cf_run_cli("benchmark --quotes http://127.0.0.1:%d/quotes.csv --fx http://127.0.0.1:%d/fx.csv --format json",
                                   port, port);
    struct cf_run in = cf_run_cli("benchmark --quotes - --fx %s/fx.csv --format json <%s/quotes.csv", DATA, DATA);
    cr_assert_eq(file.status, 0, "%s", file.err);
    cr_assert_eq(url.status, 0, "%s", url.err);
    cr_assert_eq(in.status, 0, "%s", in.err);
    cr_assert(strstr(file.out, "\"lanes\"") != NULL);
    cr_assert_str_eq(url.out, file.out);
    cr_assert_str_eq(in.out, file.out);
    cf_run_free(&file);
    cf_run_free(&url);
    cf_run_free(&in);
}

Test(sources, json_over_http_is_told_apart_by_content_type)
{
    struct cf_run csv = cf_run_cli("benchmark --quotes %s/quotes.csv --fx %s/fx.csv --format json", DATA, DATA);
    struct cf_run json = cf_run_cli("benchmark --quotes http://127.0.0.1:%d/quotes.json --fx %s/fx.csv --format json", port, DATA);
    cr_assert_eq(json.status, 0, "%s", json.err);
    cr_assert_str_eq(json.out, csv.out);
    cf_run_free(&csv);
    cf_run_free(&json);
}

Test(sources, a_404_exits_69_naming_the_url)
{
    struct cf_run r = cf_run_cli("benchmark --quotes http://127.0.0.1:%d/missing.csv --format json", port);
    cr_assert_eq(r.status, 69);
    char expected[256];
    snprintf(expected, sizeof expected,
             "clusterfreight: http://127.0.0.1:%d/missing.csv: HTTP 404 Not Found\n", port);
    cr_assert_str_eq(r.err, expected);
    cr_assert_str_eq(r.out, "");
    cf_run_free(&r);
}

Test(sources, credentials_never_reach_the_message)
{
    struct cf_run r = cf_run_cli("benchmark --quotes 'http://user:secret@127.0.0.1:%d/status/500?token=abc' --timeout 5 --format json", port);
    cr_assert_eq(r.status, 69);
    cr_assert(strstr(r.err, "secret") == NULL, "%s", r.err);
    cr_assert(strstr(r.err, "abc") == NULL, "%s", r.err);
    cr_assert(strstr(r.err, "HTTP 500") != NULL, "%s", r.err);
    cf_run_free(&r);
}

Test(sources, a_missing_file_exits_74)
{
    struct cf_run r = cf_run_cli("benchmark --quotes /nonexistent/quotes.csv --format json");
    cr_assert_eq(r.status, 74);
    cr_assert_str_eq(r.err, "clusterfreight: /nonexistent/quotes.csv: cannot open: No such file or directory\n");
    cf_run_free(&r);
}

Test(sources, bad_quote_data_exits_65_with_line_and_field)
{
    const char *path = cf_temp_file("firm,mode,origin,destination,equipment,amount,currency\n"
                                    "A,sea,ZADUR,DEHAM,20GP,1300,USD\n"
                                    "B,sea,ZADUR,DEHAM,20GP,-5,USD\n",
                                    ".csv");
    struct cf_run r = cf_run_cli("benchmark --quotes %s --format json", path);
    cr_assert_eq(r.status, 65);
    char expected[256];
    snprintf(expected, sizeof expected, "clusterfreight: %s:3: amount: must be >= 0, got \"-5\"\n", path);
    cr_assert_str_eq(r.err, expected);
    cf_run_free(&r);
}

Test(sources, non_utf8_quotes_exit_65_naming_line_and_field)
{
    /* a Latin-1 export: "Firm\xE9" would otherwise reach the JSON output as a raw byte */
    const char *path = cf_temp_file("firm,mode,origin,destination,equipment,amount,currency\n"
                                    "A,sea,ZADUR,DEHAM,20GP,1300,USD\n"
                                    "Firm\xE9,sea,ZADUR,DEHAM,20GP,1200,USD\n",
                                    ".csv");
    struct cf_run r = cf_run_cli("benchmark --quotes %s --format json", path);
    cr_assert_eq(r.status, 65);
    cr_assert_str_eq(r.out, "");
    char expected[256];
    snprintf(expected, sizeof expected, "clusterfreight: %s:3: firm: not valid UTF-8\n", path);
    cr_assert_str_eq(r.err, expected);
    cf_run_free(&r);
}
