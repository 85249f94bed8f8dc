/* test_output.c — suite output: where `-o FILE` writes (cli/output.c,
 * cli_outfile): a regular file through a temporary file that is renamed into
 * place and that a signal removes (interface.md: "No partial output file is
 * ever left behind"); a symlink written through, a FIFO or a device written
 * directly; "-" standard output. The commands run are propose on
 * tests/data/savings/propose_*.csv (quick) and on a generated year (slow
 * enough to be interrupted). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
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

/* The proposal written to a plain new file: what every other target must get. */
static char *reference_markdown(const char *dir)
{
    char path[128];
    snprintf(path, sizeof path, "%s/reference.md", dir);
    struct cf_run r = cf_run_cli("propose " ARGS " -o %s", path);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cf_run_free(&r);
    char *md = cf_read_file(path, NULL);
    cr_assert_not_null(md);
    cr_assert_not_null(strstr(md, "# Sea freight proposal"), "%s", md);
    unlink(path);
    return md;
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

/* `"$CF" args` (run_script's) under TMPDIR, stopped after secs twice:
 * killed (SIGKILL cannot be caught) it leaves a folder named prefix...,
 * which shows where it worked; stopped by signal sig (INT, TERM) nothing,
 * neither in TMPDIR nor in the working directory. */
static void stopped_leaves_nothing_in_tmpdir(const char *args, const char *secs, const char *sig, int signo,
                                             const char *prefix)
{
    char dir[64], tmp[64], script[2048];
    make_dir(dir);
    make_dir(tmp);
    snprintf(script, sizeof script, "TMPDIR=%s timeout --preserve-status -s KILL %s \"$CF\" %s", tmp, secs, args);
    cr_assert_eq(run_script(dir, script), 128 + SIGKILL);
    cr_assert_eq(strncmp(entries(tmp), prefix, strlen(prefix)), 0, "in TMPDIR: %s", entries(tmp));
    remove_dir(tmp);
    make_dir(tmp);
    snprintf(script, sizeof script, "TMPDIR=%s timeout --preserve-status -s %s %s \"$CF\" %s", tmp, sig, secs, args);
    cr_assert_eq(run_script(dir, script), 128 + signo);
    cr_expect_str_eq(entries(tmp), "", "left behind: %s", entries(tmp));
    cr_expect_str_eq(entries(dir), "", "left behind: %s", entries(dir));
    remove_dir(tmp);
    remove_dir(dir);
}

Test(output, an_interrupted_demo_leaves_no_temporary_folder)
{
    /* the demo writes its example inputs into a folder under $TMPDIR and
     * plans for seconds */
    stopped_leaves_nothing_in_tmpdir("demo", "0.5", "INT", SIGINT, "clusterfreight-demo-");
}

Test(output, an_interrupted_report_from_stdin_leaves_no_spooled_copy)
{
    /* report copies standard input into $TMPDIR first; a generated year
     * keeps it planning past the signal at 1 s (as the propose above) */
    const char *g = cf_temp_generated("--firms 5 --weeks 8 --seed 1");
    char args[1024];
    snprintf(args, sizeof args,
             "report --shipments - --quotes %s/quotes.csv --cluster-rates %s/cluster_rates.csv --time-limit 5 "
             "-o r.html < %s/shipments.csv",
             g, g, g);
    stopped_leaves_nothing_in_tmpdir(args, "1", "TERM", SIGTERM, "clusterfreight-report-");
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

Test(output, a_symlink_is_written_through_and_stays_a_link)
{
    char dir[64], link[96], target[96], sub[96];
    make_dir(dir);
    char *want = reference_markdown(dir);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    cr_assert_eq(mkdir(sub, 0777), 0);
    snprintf(target, sizeof target, "%s/sub/target.md", dir);
    FILE *fp = fopen(target, "w");
    cr_assert_not_null(fp);
    fputs("old\n", fp);
    fclose(fp);
    snprintf(link, sizeof link, "%s/lnk", dir);
    cr_assert_eq(symlink("sub/target.md", link), 0); /* relative to the link's directory */

    struct cf_run r = cf_run_cli("propose " ARGS " -o %s", link);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_str_eq(r.err, "");
    cf_run_free(&r);
    struct stat st;
    cr_assert_eq(lstat(link, &st), 0);
    cr_expect(S_ISLNK(st.st_mode), "the link was replaced");
    char *got = cf_read_file(target, NULL);
    cr_assert_not_null(got);
    cr_expect_str_eq(got, want);
    cr_expect_str_eq(entries(dir), "lnk sub");
    cr_expect_str_eq(entries(sub), "target.md");
    free(got);
    free(want);
    remove_dir(dir);
}

Test(output, a_dangling_symlink_gets_its_target_created)
{
    char dir[64], link[96], target[96];
    make_dir(dir);
    char *want = reference_markdown(dir);
    snprintf(link, sizeof link, "%s/lnk", dir);
    snprintf(target, sizeof target, "%s/new.md", dir);
    cr_assert_eq(symlink(target, link), 0); /* absolute */

    struct cf_run r = cf_run_cli("propose " ARGS " -o %s", link);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cf_run_free(&r);
    struct stat st;
    cr_assert_eq(lstat(link, &st), 0);
    cr_expect(S_ISLNK(st.st_mode), "the link was replaced");
    char *got = cf_read_file(target, NULL);
    cr_assert_not_null(got);
    cr_expect_str_eq(got, want);
    cr_expect_str_eq(entries(dir), "lnk new.md");
    free(got);
    free(want);
    remove_dir(dir);
}

Test(output, a_fifo_is_written_directly)
{
    char dir[64], fifo[96];
    make_dir(dir);
    char *want = reference_markdown(dir);
    snprintf(fifo, sizeof fifo, "%s/pipe", dir);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    /* the reader gives up after 20 s, should the writer never open the FIFO */
    char script[1024];
    snprintf(script, sizeof script,
             "timeout 20 cat pipe > got.md & \"$CF\" propose " ARGS " -o pipe; rc=$?; wait; exit $rc");
    cr_assert_eq(run_script(dir, script), 0);
    struct stat st;
    cr_assert_eq(lstat(fifo, &st), 0);
    cr_expect(S_ISFIFO(st.st_mode), "the FIFO was replaced");
    char path[128];
    snprintf(path, sizeof path, "%s/got.md", dir);
    char *got = cf_read_file(path, NULL);
    cr_assert_not_null(got);
    cr_expect_str_eq(got, want);
    cr_expect_str_eq(entries(dir), "got.md pipe");
    free(got);
    free(want);
    remove_dir(dir);
}

Test(output, a_full_device_is_a_write_error_and_stays_a_device)
{
    /* a full device (Linux's "full", char 1,7) takes the open and fails every
     * write with ENOSPC. As root the test makes its own node, so a regression
     * could only ever replace that one; others cannot replace /dev/full. */
    char dir[64], dev[96];
    make_dir(dir);
    snprintf(dev, sizeof dev, "%s/full", dir);
    if (mknod(dev, S_IFCHR | 0666, makedev(1, 7)) != 0)
        snprintf(dev, sizeof dev, "/dev/full");
    struct stat before, after;
    if (stat(dev, &before) != 0 || !S_ISCHR(before.st_mode))
        cr_skip_test("no full device");
    struct cf_run r = cf_run_cli("propose " ARGS " -o %s", dev);
    cr_expect_eq(r.status, 74, "%s", r.err);
    char want[160];
    snprintf(want, sizeof want, "clusterfreight: %s: write failed: No space left on device\n", dev);
    cr_expect_str_eq(r.err, want);
    cf_run_free(&r);
    cr_assert_eq(stat(dev, &after), 0);
    cr_expect(S_ISCHR(after.st_mode) && after.st_rdev == before.st_rdev, "%s was replaced", dev);
    remove_dir(dir);
}

Test(output, dash_is_standard_output)
{
    char dir[64];
    make_dir(dir);
    char *want = reference_markdown(dir);
    cr_assert_eq(chdir(dir), 0); /* each test runs in its own process */
    /* with -o - the Markdown is all stdout carries: no JSON before it */
    struct cf_run r = cf_run_cli("propose " ARGS " -o -");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_str_eq(r.out, want);
    cr_expect_str_eq(r.err, "");
    cf_run_free(&r);
    cr_expect_str_eq(entries(dir), "", "wrote a file: %s", entries(dir));
    free(want);
    remove_dir(dir);
}

Test(output, a_replaced_file_keeps_its_permissions_and_owner)
{
    /* mode 0604 stays 0604; run as root, a file of user 4242, group 4343
     * (an admin's cron job rewriting a member's report) stays theirs, not
     * root's. Other users cannot give files away, and theirs stay theirs. */
    char dir[64], path[96];
    make_dir(dir);
    snprintf(path, sizeof path, "%s/p.md", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0640);
    cr_assert(fd >= 0);
    close(fd);
    cr_assert_eq(chmod(path, 0604), 0);
    int root = geteuid() == 0;
    if (root)
        cr_assert_eq(chown(path, 4242, 4343), 0);
    struct cf_run r = cf_run_cli("propose " ARGS " -o %s", path);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cf_run_free(&r);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_expect_eq(st.st_mode & 07777, 0604, "mode %o", (unsigned)(st.st_mode & 07777));
    if (root) {
        cr_expect_eq(st.st_uid, 4242u, "uid %u", (unsigned)st.st_uid);
        cr_expect_eq(st.st_gid, 4343u, "gid %u", (unsigned)st.st_gid);
    }
    cr_expect_eq(st.st_size > 0, 1);
    cr_expect_str_eq(entries(dir), "p.md");
    remove_dir(dir);
}

Test(output, a_directory_is_an_error_before_any_work)
{
    char dir[64];
    make_dir(dir);
    /* the inputs do not exist either: -o is checked first */
    struct cf_run r = cf_run_cli("propose --shipments nope.csv --quotes nope.csv -o %s", dir);
    cr_expect_eq(r.status, 74, "%s", r.err);
    char want[160];
    snprintf(want, sizeof want, "clusterfreight: %s: cannot write: Is a directory\n", dir);
    cr_expect_str_eq(r.err, want);
    cr_expect_str_eq(entries(dir), "");
    cf_run_free(&r);
    remove_dir(dir);
}

Test(output, an_empty_name_is_a_usage_error)
{
    struct cf_run r = cf_run_cli("propose " ARGS " -o ''");
    cr_expect_eq(r.status, 2, "%s", r.err);
    cr_expect_str_eq(r.err, "clusterfreight propose: -o: expected a file name, got \"\" "
                            "(see 'clusterfreight propose --help')\n");
    cr_expect_str_eq(r.out, "");
    cf_run_free(&r);
}

Test(output, markdown_escape_keeps_text_literal)
{
    /* what a firm's name may hold, as it must reach a Markdown table cell */
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    cr_assert_not_null(mem);
    cli_markdown_escape(mem, "a|b <i>&amp;</i> \\ `c` *d* _e_ [f](g) ~h~\r\nnext");
    cli_markdown_escape(mem, NULL);
    cr_assert_eq(fclose(mem), 0);
    cr_expect_str_eq(buf, "a\\|b &lt;i&gt;&amp;amp;&lt;/i&gt; \\\\ \\`c\\` \\*d\\* \\_e\\_ \\[f\\](g) \\~h\\~  next");
    free(buf);
}

Test(output, standard_output_that_cannot_be_written_says_why)
{
    /* stdout on a full device: every command's tables or JSON fail at the flush,
     * exit 74, and the message gives the reason as -o's does */
    struct stat st;
    if (stat("/dev/full", &st) != 0 || !S_ISCHR(st.st_mode))
        cr_skip_test("no /dev/full");
    char dir[64], cmd[1024], errp[128];
    make_dir(dir);
    snprintf(errp, sizeof errp, "%s/err", dir);
    /* allocate and demo exited 0 here, their output lost without a word */
    const char *runs[] = {"benchmark --quotes " DATA "quotes.csv",
                          "allocate --game " CF_TEST_DATA "/games/hasan_2011.json --format table",
                          "allocate --game " CF_TEST_DATA "/games/hasan_2011.json --format json",
                          "demo --format table"};
    for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
        snprintf(cmd, sizeof cmd, "%s %s -q </dev/null >/dev/full 2>%s", CF_BINARY, runs[r], errp);
        int status = system(cmd);
        cr_assert(WIFEXITED(status));
        cr_expect_eq(WEXITSTATUS(status), 74, "%s", runs[r]);
        char *err = cf_read_file(errp, NULL);
        cr_assert_not_null(err);
        cr_expect_str_eq(err, "clusterfreight: <stdout>: write failed: No space left on device\n", "%s", runs[r]);
        free(err);
    }
    remove_dir(dir);
}
