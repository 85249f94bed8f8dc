/* test_readme.c — suite readme: the README's runnable examples (the block
 * between <!-- examples:start --> and <!-- examples:end -->) run as written,
 * from the repository root, and exit 0; cJSON and jq test their docs the same
 * way. "./build/clusterfreight" in the README stands for the binary under test. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "helpers.h"

#define README CF_TEST_DATA "/../../README.md"
#define REPO CF_TEST_DATA "/../.."
#define PROGRAM "./build/clusterfreight"

Test(readme, every_example_runs, .timeout = 600)
{
    char *text = cf_read_file(README, NULL);
    cr_assert_not_null(text, "cannot read README.md");
    char *start = strstr(text, "<!-- examples:start -->");
    char *end = strstr(text, "<!-- examples:end -->");
    cr_assert(start != NULL && end != NULL && start < end, "README lacks the examples block");
    *end = '\0';
    int ran = 0;
    for (char *line = strtok(start, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        if (strncmp(line, PROGRAM " ", strlen(PROGRAM) + 1) != 0)
            continue;
        char cmd[4096];
        snprintf(cmd, sizeof cmd, "cd %s && %s%s >/dev/null 2>/tmp/cf_readme_err", REPO, CF_BINARY,
                 line + strlen(PROGRAM));
        int st = system(cmd);
        char *err = cf_read_file("/tmp/cf_readme_err", NULL);
        cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "README example failed (%d): %s\n%s", st, line,
                  err != NULL ? err : "");
        free(err);
        ran++;
    }
    cr_assert_geq(ran, 8, "only %d examples found", ran);
    free(text);
    char *html = cf_read_file("/tmp/cf-example/bayhead.html", NULL);
    cr_assert_not_null(html);
    cr_assert(strstr(html, "Bayhead Castings") != NULL);
    cr_assert(strstr(html, "Umbilo Brake Components") == NULL, "member page names another firm");
    free(html);
}
