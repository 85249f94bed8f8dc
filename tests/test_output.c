/* test_output.c — suite output: where `-o FILE` writes (cli/output.c,
 * cli_outfile): a regular file through a temporary file that is renamed into
 * place and that a signal removes (interface.md: "No partial output file is
 * ever left behind"). The commands run are propose on a generated year (slow
 * enough to be interrupted). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "helpers.h"

#define DATA CF_TEST_DATA "/savings/"
#define ARGS "--shipments " DATA "propose_shipments.csv --quotes " DATA "propose_quotes.csv --format json"

/* A fresh empty directory for output files. */
static void make_dir(char *dir)
{
    strcpy(dir, "/tmp/cf-test-output-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

/* The entries of dir besides . and .., sorted, joined by spaces. */
static char *entries(const char *dir)
{
    struct dirent **list;
    int n = scandir(dir, &list, NULL, alphasort);
    cr_assert(n >= 0);
    static char names[1024];
    names[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (strcmp(list[i]->d_name, ".") != 0 && strcmp(list[i]->d_name, "..") != 0) {
            if (names[0] != '\0')
                strcat(names, " ");
            strncat(names, list[i]->d_name, sizeof names - strlen(names) - 2);
        }
        free(list[i]);
    }
    free(list);
    return names;
}

/* Remove dir and what the tests put in it (no subdirectories but "sub"). */
static void remove_dir(const char *dir)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
}

/* Run "sh -c script" with $CF set to the binary and the working directory
 * dir; returns the exit status (128 + signal when killed). */
static int run_script(const char *dir, const char *script)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && CF='%s' sh -c '%s' </dev/null >/dev/null 2>&1", dir, CF_BINARY, script);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void interrupted_propose_leaves_nothing(const char *signal_name, int status)
{
    char dir[64];
    make_dir(dir);
    const char *g = cf_temp_generated("--firms 5 --weeks 8 --seed 1");
    /* this year takes its whole 5 s time limit to propose (4.3 s on the test
     * machine): the signal at 1 s comes while it solves */
    char script[1024];
    snprintf(script, sizeof script,
             "timeout --preserve-status -s %s 1 \"$CF\" propose --shipments %s/shipments.csv "
             "--quotes %s/quotes.csv --time-limit 5 -o k.md",
             signal_name, g, g);
    cr_assert_eq(run_script(dir, script), status);
    cr_expect_str_eq(entries(dir), "", "left behind: %s", entries(dir));
    remove_dir(dir);
}

Test(output, interrupted_propose_leaves_no_file_on_sigint)
{
    interrupted_propose_leaves_nothing("INT", 128 + SIGINT);
}

Test(output, interrupted_propose_leaves_no_file_on_sigterm)
{
    interrupted_propose_leaves_nothing("TERM", 128 + SIGTERM);
}

Test(output, a_signal_removes_the_open_temporary_file)
{
    /* a child opens an output, writes into it and is killed with the file
     * still open: what it leaves is what a signal during any -o leaves */
    char dir[64], path[96];
    make_dir(dir);
    snprintf(path, sizeof path, "%s/out.md", dir);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        struct cli_outfile of;
        struct cf_error err;
        if (cli_outfile_open(&of, path, &err) != CF_OK)
            _exit(3);
        fputs("half a page", of.fp);
        fflush(of.fp);
        raise(SIGTERM);
        _exit(4);
    }
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "status %d", st);
    cr_expect_str_eq(entries(dir), "", "left behind: %s", entries(dir));
    remove_dir(dir);
}

