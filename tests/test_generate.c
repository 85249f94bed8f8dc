/* test_generate.c — suite generate: `clusterfreight generate` end to end. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static char *file_at(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return cf_read_file(path, NULL);
}

Test(generate, same_arguments_give_byte_identical_files)
{
    struct cf_run a = cf_run_cli("generate --firms 12 --weeks 8 --seed 5 --out /tmp/cf_gen_a");
    struct cf_run b = cf_run_cli("generate --firms 12 --weeks 8 --seed 5 --out /tmp/cf_gen_b");
    cr_assert_eq(a.status, 0, "stderr: %s", a.err);
    cr_assert_eq(b.status, 0);
    const char *names[] = {"shipments.csv", "quotes.csv", "cluster_rates.csv"};
    for (int i = 0; i < 3; i++) {
        char *x = file_at("/tmp/cf_gen_a", names[i]), *y = file_at("/tmp/cf_gen_b", names[i]);
        cr_assert_not_null(x);
        cr_assert_not_null(y);
        cr_assert_str_eq(x, y, "%s differs", names[i]);
        free(x);
        free(y);
    }
    cf_run_free(&a);
    cf_run_free(&b);
}

Test(generate, another_seed_gives_other_data)
{
    struct cf_run a = cf_run_cli("generate --firms 5 --weeks 4 --seed 1 --out /tmp/cf_gen_c");
    struct cf_run b = cf_run_cli("generate --firms 5 --weeks 4 --seed 2 --out /tmp/cf_gen_d");
    char *x = file_at("/tmp/cf_gen_c", "shipments.csv"), *y = file_at("/tmp/cf_gen_d", "shipments.csv");
    cr_assert(strcmp(x, y) != 0);
    free(x);
    free(y);
    cf_run_free(&a);
    cf_run_free(&b);
}

Test(generate, small_firms_quote_about_twice_what_the_largest_pay)
{
    /* synth.c's curve: $2,500 per 20ft at 10 TEU a year, clamped to [1200, 2650],
     * times a lane factor (Hamburg 1.0) and +-5 % noise. The first firm is large. */
    struct cf_run a = cf_run_cli("generate --firms 40 --weeks 4 --seed 3 --out /tmp/cf_gen_e");
    cr_assert_eq(a.status, 0);
    char *q = file_at("/tmp/cf_gen_e", "quotes.csv");
    cr_assert(strstr(q, ",sea,ZADUR,DEHAM,20GP,") != NULL);
    /* each firm's figure is its lowest quote (a second carrier may quote dearer) */
    char firms[64][64];
    double best[64];
    int nf = 0;
    for (char *line = strtok(q, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        char *p = strstr(line, ",sea,ZADUR,DEHAM,20GP,");
        double amount = 0, sur = 0;
        char cur[4];
        /* firm,...,20GP,amount,currency,surcharges,... */
        if (p == NULL || sscanf(p + strlen(",sea,ZADUR,DEHAM,20GP,"), "%lf,%3[A-Z],%lf", &amount, cur, &sur) != 3)
            continue;
        *p = '\0';
        int f = 0;
        while (f < nf && strcmp(firms[f], line) != 0)
            f++;
        if (f == nf) {
            snprintf(firms[nf], sizeof firms[nf], "%s", line);
            best[nf++] = amount + sur;
        } else if (amount + sur < best[f]) {
            best[f] = amount + sur;
        }
    }
    double lo = 1e9, hi = 0;
    for (int f = 0; f < nf; f++) {
        lo = best[f] < lo ? best[f] : lo;
        hi = best[f] > hi ? best[f] : hi;
    }
    free(q);
    cr_assert(lo > 1100 && lo < 1400, "lowest 20GP all-in %.2f", lo);
    cr_assert(hi > 2300 && hi < 2800, "highest 20GP all-in %.2f", hi);
    cf_run_free(&a);
}

Test(generate, bad_arguments_exit_2)
{
    struct cf_run r = cf_run_cli("generate --firms 0 --weeks 4 --out /tmp/cf_gen_f");
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "--firms: expected a whole number from 1 to 100000, got \"0\"") != NULL, "%s", r.err);
    cf_run_free(&r);
    r = cf_run_cli("generate --firms 3");
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "--out DIR is required") != NULL);
    cf_run_free(&r);
    r = cf_run_cli("generate --bogus");
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "unknown option --bogus") != NULL, "%s", r.err);
    cf_run_free(&r);
}

Test(generate, the_three_files_appear_together_or_not_at_all)
{
    /* quotes.csv cannot be written (a directory holds its name): exit 74,
       and the shipments.csv written before it used to stay, so a rerun into
       an old folder mixed two data sets; now none of the three appears, and
       a file already there is left as it was */
    int rc = system("rm -rf /tmp/cf_gen_partial && mkdir -p /tmp/cf_gen_partial/quotes.csv && "
                    "echo old > /tmp/cf_gen_partial/cluster_rates.csv");
    cr_assert_eq(rc, 0);
    struct cf_run r = cf_run_cli("generate --firms 3 --weeks 2 --out /tmp/cf_gen_partial");
    cr_expect_eq(r.status, 74);
    cr_expect_str_eq(r.err, "clusterfreight: /tmp/cf_gen_partial/quotes.csv: cannot write: Is a directory\n");
    char *ships = file_at("/tmp/cf_gen_partial", "shipments.csv");
    cr_expect_null(ships, "shipments.csv was left behind");
    free(ships);
    char *old = file_at("/tmp/cf_gen_partial", "cluster_rates.csv");
    cr_expect_str_eq(old != NULL ? old : "", "old\n");
    free(old);
    cf_run_free(&r);
    cr_expect_eq(system("ls -A /tmp/cf_gen_partial | grep -v -x -e quotes.csv -e cluster_rates.csv"), 256,
                 "a temporary file was left behind");
    rc = system("rm -rf /tmp/cf_gen_partial");
    (void)rc;
}

Test(generate, semicolon_files_read_back_to_the_same_plan)
{
    /* --csv-delimiter ';': the files as Excel writes them in ZA and EU locales
     * (semicolons, decimal commas); every loader reads them back to the same
     * shipments and rates, so the same plan, row for row */
    struct cf_run a = cf_run_cli("generate --firms 3 --weeks 2 --seed 4 --out /tmp/cf_gen_comma");
    struct cf_run b = cf_run_cli("generate --firms 3 --weeks 2 --seed 4 --out /tmp/cf_gen_semi --csv-delimiter ';'");
    cr_assert_eq(a.status, 0, "stderr: %s", a.err);
    cr_assert_eq(b.status, 0, "stderr: %s", b.err);
    cf_run_free(&a);
    cf_run_free(&b);
    char *s = file_at("/tmp/cf_gen_semi", "shipments.csv");
    cr_assert_not_null(s);
    cr_expect(strncmp(s, "\xEF\xBB\xBF" "id;firm;origin;destination;volume_m3;weight_kg;ready_date;due_date;modes\n",
                      76) == 0,
              "%s", s); /* after the byte order mark Excel needs to read UTF-8 */
    cr_expect_null(strchr(s, '.'), "%s", s); /* volumes with a decimal comma */
    free(s);
    char *out[2];
    const char *dirs[2] = {"/tmp/cf_gen_comma", "/tmp/cf_gen_semi"};
    for (int i = 0; i < 2; i++) {
        struct cf_run r = cf_run_cli("plan --shipments %s/shipments.csv --cluster-rates %s/cluster_rates.csv "
                                     "--quotes %s/quotes.csv --format csv",
                                     dirs[i], dirs[i], dirs[i]);
        cr_assert_eq(r.status, 0, "stderr: %s", r.err);
        out[i] = strdup(r.out);
        cf_run_free(&r);
    }
    cr_expect_str_eq(out[0], out[1]);
    cr_expect(strlen(out[0]) > 200, "%s", out[0]);
    free(out[0]);
    free(out[1]);
}
