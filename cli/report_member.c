/* report_member.c — one member's confidential view of the report page: what
 * it pays now, what it would pay in the pool, why its share is fair, and
 * cluster aggregates. It names no other firm and shows no other firm's figure
 * (interface.md, "Confidentiality"), whatever the documents hold. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "rates/benchmark.h"
#include "report_page.h"

/* --- a member's confidential view --- */

/* The member's own entry of savings.members, or NULL. */
static const cJSON *own_entry(const cJSON *members, const char *member)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, members)
        if (cli_report_same_firm(cli_report_str(m, "firm"), member))
            return m;
    return NULL;
}

/* The benchmark lane a position refers to (mode, lane "ORIG-DEST", equipment). */
static const cJSON *position_lane(const cJSON *lanes, const cJSON *pos)
{
    const char *lane = cli_report_str(pos, "lane"), *mode = cli_report_str(pos, "mode"),
               *eq = cli_report_str(pos, "equipment");
    const cJSON *l;
    cJSON_ArrayForEach(l, lanes) {
        char name[64];
        snprintf(name, sizeof name, "%s-%s", cli_report_or_empty(cli_report_str(l, "origin")),
                 cli_report_or_empty(cli_report_str(l, "destination")));
        if (lane != NULL && strcmp(name, lane) == 0 && eq != NULL &&
            cli_report_same_firm(cli_report_str(l, "equipment"), eq) &&
            (mode == NULL || cli_report_same_firm(cli_report_str(l, "mode"), mode)))
            return l;
    }
    return NULL;
}

static void member_positions(struct cli_report_page *pg, const cJSON *benchmark, const char *firm)
{
    const cJSON *positions = cli_report_array(benchmark, "firms"),
                *lanes = cli_report_array(benchmark, "lanes"), *p;
    static const char *const headers[] = {"mode",
                                          "lane",
                                          "equipment",
                                          "per",
                                          "your all-in",
                                          "cluster median",
                                          "cluster p25 \u2013 p75",
                                          "you vs the median"};
    static const unsigned char numeric[] = {0, 0, 0, 0, 1, 1, 1, 1};
    int any = 0, withheld = 0, quartiles_withheld = 0;
    cJSON_ArrayForEach(p, positions) {
        if (!cli_report_same_firm(cli_report_str(p, "firm"), firm))
            continue; /* another firm's rate: never on this page */
        if (!any) {
            char caption[160];
            snprintf(caption, sizeof caption, "Your quotes against the cluster, %s per unit", pg->currency);
            cli_html_table_begin(pg->out, caption, headers, 8, numeric);
            any = 1;
        }
        const cJSON *l = position_lane(lanes, p);
        const char *unit = cli_report_str(l, "unit");
        double firms = cli_report_num(l, "firms"), median = cli_report_num(l, "median");
        int shown = l != NULL && !isnan(firms) && firms >= CLI_REPORT_MIN_FIRMS && !isnan(median);
        char lane[64], mine[40], med[48], range[96], vs[64], per[40];
        snprintf(lane, sizeof lane, "%s", cli_report_or_empty(cli_report_str(p, "lane")));
        cli_report_unit_text(per, sizeof per, unit);
        cli_report_rate(mine, sizeof mine, cli_report_num(p, "all_in"), unit);
        if (shown) {
            cli_report_rate(med, sizeof med, median, unit);
            double p25 = cli_report_num(l, "p25"), p75 = cli_report_num(l, "p75");
            /* as benchmark --member withholds them, also from a document of every firm */
            if (isnan(p25) || isnan(p75) || firms < CF_BENCHMARK_QUARTILE_FIRMS) {
                snprintf(range, sizeof range, "withheld \u2020");
                quartiles_withheld = 1;
            } else {
                cli_report_range(range, sizeof range, p25, p75, unit);
            }
            double index = cli_report_num(p, "index_vs_median");
            if (isnan(index) && median > 0)
                index = cli_report_num(p, "all_in") / median;
            if (isnan(index))
                snprintf(vs, sizeof vs, "\u2013");
            else if (fabs(index - 1.0) < 0.005)
                snprintf(vs, sizeof vs, "at the median");
            else
                snprintf(vs, sizeof vs, "%.0f %% %s", fabs(index - 1.0) * 100.0,
                         index > 1.0 ? "above" : "below");
        } else {
            snprintf(med, sizeof med, "withheld *");
            snprintf(range, sizeof range, "withheld *");
            snprintf(vs, sizeof vs, "\u2013");
            withheld = 1;
        }
        const char *cells[] = {
            cli_report_str(p, "mode"), lane, cli_report_str(p, "equipment"), per, mine, med, range, vs};
        cli_html_row(pg->out, cells, 8, numeric, NULL);
    }
    if (any)
        cli_html_table_end(pg->out);
    else
        cli_report_markup(pg, "<p class=\"note\">No valid quotes of yours were found to compare.</p>\n");
    if (withheld) {
        cli_report_markup(pg, "<p class=\"note\">");
        cli_report_text(pg,
                        "* fewer than %d firms quote this lane: its median would reveal another firm's rate.",
                        CLI_REPORT_MIN_FIRMS);
        cli_report_markup(pg, "</p>\n");
    }
    if (quartiles_withheld) {
        cli_report_markup(pg, "<p class=\"note\">");
        cli_report_text(pg,
                        "\u2020 fewer than %d firms quote this lane: its quartiles and median, with your own "
                        "rate, would give every other firm's rate.",
                        CF_BENCHMARK_QUARTILE_FIRMS);
        cli_report_markup(pg, "</p>\n");
    }
}

static void stand_in_note(struct cli_report_page *pg, const cJSON *entry)
{
    const cJSON *si = cJSON_GetObjectItemCaseSensitive(entry, "stand_in_lanes");
    if (cJSON_IsArray(si) && cJSON_GetArraySize(si) > 0) {
        cli_report_markup(pg, "<p class=\"note\">");
        cli_report_text(pg, "%s",
                        "Where you hold no quote of your own, the cluster's median quote stands in: ");
        const cJSON *s;
        int first = 1;
        cJSON_ArrayForEach(s, si) {
            if (!first)
                cli_report_markup(pg, ", ");
            if (cJSON_IsString(s)) {
                cli_report_text(pg, "%s", s->valuestring);
            } else {
                const char *lane = cli_report_str(s, "lane"), *eq = cli_report_str(s, "equipment");
                char name[64];
                if (lane == NULL) {
                    cli_report_lane_name(name, sizeof name, s);
                    lane = name;
                }
                cli_report_text(pg, "%s%s%s", lane, eq != NULL ? " " : "", eq != NULL ? eq : "");
            }
            first = 0;
        }
        cli_report_markup(pg, ".</p>\n");
    } else if (cJSON_IsNumber(si) && si->valuedouble > 0) {
        cli_report_markup(pg, "<p class=\"note\">");
        cli_report_text(
            pg, "On %.0f lane(s) where you hold no quote of your own, the cluster's median quote stands in.",
            si->valuedouble);
        cli_report_markup(pg, "</p>\n");
    }
}

int cli_report_member(struct cli_report_page *pg, const struct cli_report_docs *docs, const char *member,
                      struct cf_error *err)
{
    const cJSON *members = cli_report_array(docs->savings, "members");
    if (members == NULL)
        return cf_error_set(err, CF_ERR_DATA, "savings JSON", 0, "members", "missing");
    const cJSON *entry = own_entry(members, member);
    if (entry == NULL)
        return cf_error_set(err, CF_ERR_DATA, "savings JSON", 0, "members", "no member named \"%s\"", member);
    /* the name as the data spells it */
    const char *firm = cli_report_str(entry, "firm");

    char title[600];
    snprintf(title, sizeof title, "%s \u2014 freight pool report", firm);
    cli_html_begin(pg->out, title, cli_report_css);
    cli_report_markup(pg, "<h1>");
    cli_report_text(pg, "%s", firm);
    cli_report_markup(pg, "</h1>\n<p class=\"lead\">");
    cli_report_text(
        pg,
        "Your freight in the cluster pool: what you pay now, what you would pay in the pool, and why "
        "your share is fair. Figures in %s. Confidential to %s.",
        pg->currency, firm);
    cli_report_markup(pg, "</p>\n");

    double standalone = cli_report_num(entry, "standalone_cost"),
           allocated = cli_report_num(entry, "allocated_cost");
    double saved = cli_report_num(entry, "savings"), pct = cli_report_num(entry, "savings_pct");
    if (isnan(saved) && !isnan(standalone) && !isnan(allocated))
        saved = standalone - allocated;
    char a[48], b[48], c[48], d[32], label[96];

    cli_report_markup(pg, "<h2>What you pay now</h2>\n<div class=\"figures\">\n");
    cli_report_money(a, sizeof a, standalone);
    snprintf(label, sizeof label, "your freight on your own, %s", pg->currency);
    cli_report_figure(pg, label, a);
    cli_report_markup(pg, "</div>\n<p>");
    cli_report_text(pg, "%s",
                    "This is the cost of the best plan for your shipments alone, at your own valid quotes.");
    cli_report_markup(pg, "</p>\n");
    stand_in_note(pg, entry);
    if (cli_report_str(entry, "withheld") != NULL) { /* savings withheld it (cmd_savings.c) */
        cli_report_markup(pg, "<p>");
        cli_report_text(pg, "%s",
                        "Your cost on your own and your savings are not shown: a cluster median of fewer than "
                        "3 firms' quotes priced them, and they would show another firm's own rate.");
        cli_report_markup(pg, "</p>\n");
    }
    member_positions(pg, docs->benchmark, firm);

    cli_report_markup(pg, "<h2>What you would pay in the pool</h2>\n<div class=\"figures\">\n");
    cli_report_money(b, sizeof b, allocated);
    snprintf(label, sizeof label, "your share in the pool, %s", pg->currency);
    cli_report_figure(pg, label, b);
    cli_report_money(c, sizeof c, saved);
    snprintf(label, sizeof label, "you save, %s", pg->currency);
    cli_report_figure(pg, label, c);
    cli_report_pct(d, sizeof d, pct);
    cli_report_figure(pg, "you save, share of today's cost", d);
    cli_report_markup(pg, "</div>\n");
    const char *share_note = cli_report_str(entry, "share_withheld"); /* cmd_savings.c */
    if (share_note != NULL) {
        cli_report_markup(pg, "<p>");
        const char *why;
        if (strstr(share_note, "in a pool of fewer than 3 firms") != NULL)
            why = "Your share in the pool and your savings are not shown: in a pool of fewer than 3 firms your "
                  "share would reveal the other firm's costs.";
        else if (strstr(share_note, "pays a quote") != NULL)
            why = "Your share in the pool and your savings are not shown: on one of your lanes the pool pays a "
                  "quote that fewer than 3 firms hold, and your share would show it.";
        else
            why = "Your share in the pool is not shown either: like your cost on your own, it would show the "
                  "rate of the few firms that quote one of your lanes.";
        cli_report_text(pg, "%s", why);
        cli_report_markup(pg, "</p>\n");
    }
    double hw = cli_report_num(entry, "half_width");
    if (!isnan(hw)) {
        char h[48];
        cli_report_money(h, sizeof h, hw);
        cli_report_markup(pg, "<p class=\"note\">");
        cli_report_text(pg, "Your share is estimated by sampling, to within \u00b1 %s %s (95 %% confidence).",
                        h, pg->currency);
        cli_report_markup(pg, "</p>\n");
    }

    cli_report_markup(pg, "<h2>Why your share is fair</h2>\n<p>");
    const char *rule = cli_report_str(docs->savings, "rule");
    const char *sentence = cli_report_rule_sentence(rule);
    if (sentence != NULL)
        cli_report_text(pg, "%s", sentence);
    else
        cli_report_text(pg, "Shares follow the %s rule.", rule);
    cli_report_markup(pg, "</p>\n<p>");
    const cJSON *core = cJSON_GetObjectItemCaseSensitive(docs->savings, "core");
    const cJSON *stable = cJSON_GetObjectItemCaseSensitive(core, "stable");
    /* the blocking coalition names other firms: never shown here */
    if (cJSON_IsTrue(stable)) {
        cli_report_markup(pg, "<span class=\"ok\">No group of members could do better on its own.</span> ");
        cli_report_text(pg, "Under these shares no group pays more than its own pooled plan would cost: %s.",
                        cli_report_checked_phrase(cli_report_str(core, "checked")));
    } else if (cJSON_IsFalse(stable)) {
        cli_report_markup(
            pg,
            "<span class=\"warn\">Under this rule some group of members would do better on its own;</span> ");
        cli_report_text(pg, "%s",
                        cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(core, "rounding_only"))
                            ? "by a few cents, which only the rounding of the shares to the cent makes."
                            : "the committee is reviewing the shares.");
    } else {
        cli_report_text(pg, "%s", "The core check was not reported.");
    }
    cli_report_markup(pg, "</p>\n");

    /* cluster aggregates: only figures built from at least 3 firms */
    double total_s = cli_report_num(docs->savings, "total_standalone"),
           total_c = cli_report_num(docs->savings, "total_consolidated");
    double firms = cli_report_num(docs->savings, "firms");
    if (!isnan(total_s) && !isnan(total_c) && (isnan(firms) || firms >= CLI_REPORT_MIN_FIRMS)) {
        cli_report_markup(pg, "<h2>The cluster as a whole</h2>\n<div class=\"figures\">\n");
        cli_report_money(a, sizeof a, total_s);
        snprintf(label, sizeof label, "all members on their own, %s", pg->currency);
        cli_report_figure(pg, label, a);
        cli_report_money(b, sizeof b, total_c);
        snprintf(label, sizeof label, "all members in the pool, %s", pg->currency);
        cli_report_figure(pg, label, b);
        cli_report_pct(d, sizeof d, total_s > 0 ? 100.0 * (total_s - total_c) / total_s : NAN);
        cli_report_figure(pg, "the cluster saves", d);
        cli_report_markup(pg, "</div>\n");
    }
    cli_report_footer(pg, docs->benchmark, 1);
    cli_html_end(pg->out);
    return CF_OK;
}
