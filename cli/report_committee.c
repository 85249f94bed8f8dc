/* report_committee.c — the committee's view of the report page: every
 * member's standalone and allocated cost with the rule and core check, the
 * consolidation plan, the proposal per sea lane and today's rates per lane. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "report_page.h"
#include "models/grow.h"

/* --- committee view --- */

static int committee_members(struct cli_report_page *pg, const cJSON *savings, struct cf_error *err)
{
    const cJSON *members = cli_report_array(savings, "members");
    if (members == NULL)
        return cf_error_set(err, CF_ERR_DATA, "savings JSON", 0, "members", "missing");
    int shapley_hw = 0;
    const cJSON *m;
    cJSON_ArrayForEach(m, members)
        shapley_hw |= !isnan(cli_report_num(m, "half_width"));

    static const char *const headers[] = {"member",  "standalone", "allocated",
                                          "savings", "savings %",  "\u00b1 (95 %)"};
    static const unsigned char numeric[] = {0, 1, 1, 1, 1, 1};
    size_t ncols = shapley_hw ? 6 : 5;
    char caption[160];
    snprintf(caption, sizeof caption, "Each member, %s: standing alone and in the pool", pg->currency);
    cli_html_table_begin(pg->out, caption, headers, ncols, numeric);
    double sum_standalone = 0, sum_allocated = 0;
    size_t count = 0, stand_ins = 0;
    cJSON_ArrayForEach(m, members) {
        const char *firm = cli_report_str(m, "firm");
        double standalone = cli_report_num(m, "standalone_cost"),
               allocated = cli_report_num(m, "allocated_cost");
        char c1[48], c2[48], c3[48], c4[32], c5[48], name[600];
        cli_report_money(c1, sizeof c1, standalone);
        cli_report_money(c2, sizeof c2, allocated);
        cli_report_money(c3, sizeof c3, cli_report_num(m, "savings"));
        cli_report_pct(c4, sizeof c4, cli_report_num(m, "savings_pct"));
        cli_report_money(c5, sizeof c5, cli_report_num(m, "half_width"));
        const cJSON *si = cJSON_GetObjectItemCaseSensitive(m, "stand_in_lanes");
        int has_stand_in =
            (cJSON_IsArray(si) && cJSON_GetArraySize(si) > 0) || (cJSON_IsNumber(si) && si->valuedouble > 0);
        stand_ins += has_stand_in;
        snprintf(name, sizeof name, "%s%s", firm != NULL ? firm : "?", has_stand_in ? " *" : "");
        const char *cells[] = {name, c1, c2, c3, c4, c5};
        cli_html_row(pg->out, cells, ncols, numeric, NULL);
        if (!isnan(standalone))
            sum_standalone += standalone;
        if (!isnan(allocated))
            sum_allocated += allocated;
        count++;
    }
    double total_standalone = cli_report_num(savings, "total_standalone");
    double total_consolidated = cli_report_num(savings, "total_consolidated");
    if (isnan(total_standalone))
        total_standalone = sum_standalone;
    if (isnan(total_consolidated))
        total_consolidated = sum_allocated;
    char t1[48], t2[48], t3[48], t4[32], label[64];
    cli_report_money(t1, sizeof t1, total_standalone);
    cli_report_money(t2, sizeof t2, total_consolidated);
    cli_report_money(t3, sizeof t3, total_standalone - total_consolidated);
    cli_report_pct(t4, sizeof t4,
                   total_standalone > 0 ? 100.0 * (total_standalone - total_consolidated) / total_standalone
                                        : NAN);
    snprintf(label, sizeof label, "Total (%zu members)", count);
    const char *totals[] = {label, t1, t2, t3, t4, ""};
    cli_html_row(pg->out, totals, ncols, numeric, "total");
    cli_html_table_end(pg->out);

    if (stand_ins > 0)
        cli_report_markup(pg, "<p class=\"note\">* holds no quote of its own on some lane: the cluster&#39;s "
                              "median quote stands in for its standalone cost there.</p>\n");
    if (shapley_hw)
        cli_report_markup(pg, "<p class=\"note\">\u00b1: 95 % confidence half-width of the sampled Shapley "
                              "value.</p>\n");

    const char *rule = cli_report_str(savings, "rule");
    cli_report_markup(pg, "<p><strong>Rule: ");
    cli_report_text(pg, "%s", rule != NULL ? rule : "usage");
    cli_report_markup(pg, ".</strong> ");
    const char *sentence = cli_report_rule_sentence(rule);
    if (sentence != NULL)
        cli_report_text(pg, "%s", sentence);
    cli_report_markup(pg, "</p>\n");

    const cJSON *core = cJSON_GetObjectItemCaseSensitive(savings, "core");
    const cJSON *stable = cJSON_GetObjectItemCaseSensitive(core, "stable");
    cli_report_markup(pg, "<p><strong>Core check:</strong> ");
    if (cJSON_IsTrue(stable)) {
        cli_report_markup(
            pg, "<span class=\"ok\">stable</span> \u2014 no group of members could do better on its own (");
        cli_report_text(pg, "%s", cli_report_checked_phrase(cli_report_str(core, "checked")));
        cli_report_markup(pg, ").");
    } else if (cJSON_IsFalse(stable)) {
        cli_report_markup(pg, "<span class=\"warn\">not stable</span> \u2014 ");
        const cJSON *blocking = cli_report_array(core, "blocking_coalition");
        if (blocking != NULL && cJSON_GetArraySize(blocking) > 0) {
            cli_report_markup(pg,
                              "this group pays more under the rule than its own consolidated plan costs: ");
            const cJSON *f;
            int first = 1;
            cJSON_ArrayForEach(f, blocking) {
                if (!first)
                    cli_report_markup(pg, ", ");
                cli_report_text(pg, "%s", cJSON_IsString(f) ? f->valuestring : "?");
                first = 0;
            }
            cli_report_markup(pg, " (");
        } else {
            cli_report_markup(pg, "some group pays more under the rule than on its own (");
        }
        cli_report_text(pg, "%s", cli_report_checked_phrase(cli_report_str(core, "checked")));
        cli_report_markup(pg, ").");
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(core, "rounding_only")))
            cli_report_text(pg, "%s", " Only the rounding to the cent does this: before rounding the shares are stable.");
    } else {
        cli_report_markup(pg, "not reported.");
    }
    cli_report_markup(pg, "</p>\n");
    return CF_OK;
}

static double spread_of(const cJSON *lane)
{
    double s = cli_report_num(lane, "p75_over_p25");
    if (isnan(s)) {
        double p25 = cli_report_num(lane, "p25"), p75 = cli_report_num(lane, "p75");
        if (!isnan(p25) && !isnan(p75) && p25 > 0)
            s = p75 / p25;
    }
    return s;
}

static int committee_benchmark(struct cli_report_page *pg, const cJSON *benchmark, struct cf_error *err)
{
    const cJSON *lanes = cli_report_array(benchmark, "lanes");
    if (lanes == NULL)
        return cf_error_set(err, CF_ERR_DATA, "benchmark JSON", 0, "lanes", "missing");
    cli_report_markup(pg, "<h2>Today's rates, lane by lane</h2>\n<p class=\"lead\">");
    cli_report_text(
        pg, "Each firm's lowest valid all-in quote, %s per unit of the equipment; the spread is p75 / p25.",
        pg->currency);
    cli_report_markup(pg, "</p>\n");
    static const char *const headers[] = {"mode",  "lane",   "equipment",      "per",
                                          "firms", "median", "p25 \u2013 p75", "spread"};
    static const unsigned char numeric[] = {0, 0, 0, 0, 1, 1, 1, 1};
    cli_html_table_begin(pg->out, NULL, headers, 8, numeric);
    const cJSON *l;
    cJSON_ArrayForEach(l, lanes) {
        const char *unit = cli_report_str(l, "unit");
        char lane[64], firms[24], median[40], range[96], spread[32], per[40];
        cli_report_lane_name(lane, sizeof lane, l);
        cli_report_unit_text(per, sizeof per, unit);
        cli_report_count(firms, sizeof firms, cli_report_num(l, "firms"));
        cli_report_rate(median, sizeof median, cli_report_num(l, "median"), unit);
        cli_report_range(range, sizeof range, cli_report_num(l, "p25"), cli_report_num(l, "p75"), unit);
        cli_report_ratio(spread, sizeof spread, spread_of(l));
        const char *cells[] = {cli_report_str(l, "mode"),
                               lane,
                               cli_report_str(l, "equipment"),
                               per,
                               firms,
                               median,
                               range,
                               spread};
        cli_html_row(pg->out, cells, 8, numeric, NULL);
    }
    cli_html_table_end(pg->out);
    return CF_OK;
}

/* One group of the plan summary: containers of one lane and equipment, or
 * loose shipments of one mode and equipment. */
struct group {
    char mode[16], lane[64], equipment[32];
    size_t count;
    double cost, fill_volume, fill_weight;
};

struct groups {
    struct group *items;
    size_t n, cap;
};

static struct group *group_find(struct groups *g, const char *mode, const char *lane, const char *equipment)
{
    for (size_t i = 0; i < g->n; i++)
        if (strcmp(g->items[i].mode, mode) == 0 && strcmp(g->items[i].lane, lane) == 0 &&
            strcmp(g->items[i].equipment, equipment) == 0)
            return &g->items[i];
    struct group *bigger = cf_grow(g->items, &g->cap, g->n, 16, sizeof *bigger);
    if (bigger == NULL)
        return NULL;
    g->items = bigger;
    struct group *it = &g->items[g->n++];
    memset(it, 0, sizeof *it);
    snprintf(it->mode, sizeof it->mode, "%s", mode);
    snprintf(it->lane, sizeof it->lane, "%s", lane);
    snprintf(it->equipment, sizeof it->equipment, "%s", equipment);
    return it;
}

static void plan_status_line(struct cli_report_page *pg, const char *status, double gap, const char *clock)
{
    char g[32];
    cli_report_pct(g, sizeof g, isnan(gap) ? NAN : 100.0 * gap);
    cli_report_markup(pg, "<p><strong>Status:</strong> ");
    cli_report_text(pg, "%s", status != NULL ? status : "not reported");
    cli_report_markup(pg, "; <strong>gap to the proven bound:</strong> ");
    cli_report_text(pg, "%s", g);
    if (status != NULL && strcmp(status, "optimal") != 0 && strcmp(status, "infeasible") != 0)
        cli_report_markup(pg, clock != NULL && strcmp(clock, "work") == 0
                                  ? " <span class=\"note\">(the best plan found within the time limit, counted as "
                                    "the solver's work: a rerun gives the same figures)</span>"
                                  : " <span class=\"note\">(the best plan found within the time limit)</span>");
    cli_report_markup(pg, "</p>\n");
}

static int committee_plan(struct cli_report_page *pg, const cJSON *plan, struct cf_error *err)
{
    const cJSON *containers = cli_report_array(plan, "containers");
    if (containers == NULL)
        return cf_error_set(err, CF_ERR_DATA, "plan JSON", 0, "containers", "missing");
    struct groups boxes = {0}, loose = {0};
    int rc = CF_OK;
    const cJSON *c;
    cJSON_ArrayForEach(c, containers) {
        char lane[64];
        cli_report_lane_name(lane, sizeof lane, c);
        struct group *g = group_find(&boxes, cli_report_or_empty(cli_report_str(c, "mode")), lane,
                                     cli_report_or_empty(cli_report_str(c, "equipment")));
        if (g == NULL) {
            rc = CF_ERR_INTERNAL;
            goto done;
        }
        g->count++;
        double cost = cli_report_num(c, "cost"), fv = cli_report_num(c, "fill_volume"),
               fw = cli_report_num(c, "fill_weight");
        g->cost += isnan(cost) ? 0 : cost;
        g->fill_volume += isnan(fv) ? 0 : fv;
        g->fill_weight += isnan(fw) ? 0 : fw;
    }
    const cJSON *lo = cli_report_array(plan, "loose");
    cJSON_ArrayForEach(c, lo) {
        struct group *g = group_find(&loose, cli_report_or_empty(cli_report_str(c, "mode")), "",
                                     cli_report_or_empty(cli_report_str(c, "equipment")));
        if (g == NULL) {
            rc = CF_ERR_INTERNAL;
            goto done;
        }
        g->count++;
        double cost = cli_report_num(c, "cost");
        g->cost += isnan(cost) ? 0 : cost;
    }

    cli_report_markup(pg, "<h2>The consolidation plan</h2>\n");
    {
        char total[48], bound[48];
        cli_report_money(total, sizeof total, cli_report_num(plan, "total_cost"));
        cli_report_money(bound, sizeof bound, cli_report_num(plan, "lower_bound"));
        cli_report_markup(pg, "<div class=\"figures\">\n");
        char label[64];
        snprintf(label, sizeof label, "plan cost, %s", pg->currency);
        cli_report_figure(pg, label, total);
        snprintf(label, sizeof label, "proven lower bound, %s", pg->currency);
        cli_report_figure(pg, label, bound);
        char n[32];
        snprintf(n, sizeof n, "%d", cJSON_GetArraySize(containers));
        cli_report_figure(pg, "containers and trucks", n);
        snprintf(n, sizeof n, "%d", lo != NULL ? cJSON_GetArraySize(lo) : 0);
        cli_report_figure(pg, "loose shipments (LCL, air, LTL)", n);
        const cJSON *unplaced = cli_report_array(plan, "unplaced");
        snprintf(n, sizeof n, "%d", unplaced != NULL ? cJSON_GetArraySize(unplaced) : 0);
        cli_report_figure(pg, "unplaced shipments", n);
        cli_report_markup(pg, "</div>\n");
    }
    plan_status_line(pg, cli_report_str(plan, "status"), cli_report_num(plan, "gap"), cli_report_str(plan, "clock"));

    /* where the cost and the gap are (plan's `lanes`; older plan JSON has none) */
    const cJSON *lanes = cli_report_array(plan, "lanes");
    if (lanes != NULL && cJSON_GetArraySize(lanes) > 0) {
        static const char *const lane_headers[] = {"lane", "shipments", "unplaced", "cost", "proven lower bound",
                                                   "gap", "status"};
        static const unsigned char lane_numeric[] = {0, 1, 1, 1, 1, 1, 0};
        cli_html_table_begin(pg->out, "Cost and proven bound by lane", lane_headers, 7, lane_numeric);
        const cJSON *l;
        cJSON_ArrayForEach(l, lanes) {
            char lane[64], count[24], left[24], cost[48], bound[48], gap[24];
            cli_report_lane_name(lane, sizeof lane, l);
            snprintf(count, sizeof count, "%.0f", cli_report_num(l, "shipments"));
            snprintf(left, sizeof left, "%.0f", cli_report_num(l, "unplaced"));
            cli_report_money(cost, sizeof cost, cli_report_num(l, "cost"));
            cli_report_money(bound, sizeof bound, cli_report_num(l, "lower_bound"));
            double g = cli_report_num(l, "gap");
            cli_report_pct(gap, sizeof gap, isnan(g) ? NAN : 100.0 * g);
            const char *cells[] = {lane, count, left, cost, bound, gap,
                                   cli_report_or_empty(cli_report_str(l, "status"))};
            cli_html_row(pg->out, cells, 7, lane_numeric, NULL);
        }
        cli_html_table_end(pg->out);
    }

    static const char *const box_headers[] = {
        "mode", "lane", "equipment", "containers", "cost", "average fill (volume)", "average fill (weight)"};
    static const unsigned char box_numeric[] = {0, 0, 0, 1, 1, 1, 1};
    if (boxes.n > 0) {
        cli_html_table_begin(pg->out, "Containers by lane and equipment", box_headers, 7, box_numeric);
        for (size_t i = 0; i < boxes.n; i++) {
            const struct group *g = &boxes.items[i];
            char count[24], cost[48], fv[16], fw[16];
            snprintf(count, sizeof count, "%zu", g->count);
            cli_report_money(cost, sizeof cost, g->cost);
            cli_report_share(fv, sizeof fv, g->fill_volume / (double)g->count);
            cli_report_share(fw, sizeof fw, g->fill_weight / (double)g->count);
            const char *cells[] = {g->mode, g->lane, g->equipment, count, cost, fv, fw};
            cli_html_row(pg->out, cells, 7, box_numeric, NULL);
        }
        cli_html_table_end(pg->out);
    }
    static const char *const loose_headers[] = {"mode", "equipment", "shipments", "cost"};
    static const unsigned char loose_numeric[] = {0, 0, 1, 1};
    if (loose.n > 0) {
        cli_html_table_begin(pg->out, "Loose shipments", loose_headers, 4, loose_numeric);
        for (size_t i = 0; i < loose.n; i++) {
            const struct group *g = &loose.items[i];
            char count[24], cost[48];
            snprintf(count, sizeof count, "%zu", g->count);
            cli_report_money(cost, sizeof cost, g->cost);
            const char *cells[] = {g->mode, g->equipment, count, cost};
            cli_html_row(pg->out, cells, 4, loose_numeric, NULL);
        }
        cli_html_table_end(pg->out);
    }
    const cJSON *unplaced = cli_report_array(plan, "unplaced");
    if (unplaced != NULL && cJSON_GetArraySize(unplaced) > 0) {
        static const char *const headers[] = {"unplaced shipment", "reason"};
        cli_html_table_begin(pg->out, "Shipments no departure can serve", headers, 2, NULL);
        cJSON_ArrayForEach(c, unplaced) {
            const char *cells[] = {cli_report_str(c, "shipment"), cli_report_str(c, "reason")};
            cli_html_row(pg->out, cells, 2, NULL, NULL);
        }
        cli_html_table_end(pg->out);
    }
done:
    free(boxes.items);
    free(loose.items);
    if (rc == CF_ERR_INTERNAL)
        cf_error_set(err, rc, "report", 0, NULL, "out of memory");
    return rc;
}

/* The benchmark lane of today's per-TEU rates for a sea lane: its 20GP row
 * (1 TEU, domain.md "Equipment"). NULL when no firm quotes it. */
static const cJSON *sea_teu_lane(const cJSON *benchmark, const cJSON *lane)
{
    const cJSON *lanes = cli_report_array(benchmark, "lanes"), *l;
    const char *o = cli_report_str(lane, "origin"), *d = cli_report_str(lane, "destination");
    cJSON_ArrayForEach(l, lanes) {
        const char *mode = cli_report_str(l, "mode"), *eq = cli_report_str(l, "equipment");
        if (mode != NULL && strcmp(mode, "sea") == 0 && eq != NULL && strcmp(eq, "20GP") == 0 && o != NULL &&
            d != NULL && cli_report_same_firm(cli_report_str(l, "origin"), o) &&
            cli_report_same_firm(cli_report_str(l, "destination"), d))
            return l;
    }
    return NULL;
}

static int committee_propose(struct cli_report_page *pg, const cJSON *propose, const cJSON *benchmark,
                             struct cf_error *err)
{
    const cJSON *lanes = cli_report_array(propose, "lanes");
    if (lanes == NULL)
        return cf_error_set(err, CF_ERR_DATA, "propose JSON", 0, "lanes", "missing");
    cli_report_markup(pg, "<h2>The cluster rate to ask for, per sea lane</h2>\n<p class=\"lead\">");
    cli_report_text(
        pg,
        "Rates in %s per TEU. Today: the 20ft quotes' median and p25 \u2013 p75 across firms. The target "
        "lies between the floor (best observed) and the ceiling (break-even, above which a member "
        "would be better off alone).",
        pg->currency);
    cli_report_markup(pg, "</p>\n");
    static const char *const headers[] = {"lane",          "firms quoting",   "TEU in the pool",
                                          "sea spend today","today: median",   "today: p25 \u2013 p75",
                                          "best observed", "revenue-neutral", "break-even",
                                          "target"};
    static const unsigned char numeric[] = {0, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    cli_html_table_begin(pg->out, NULL, headers, 10, numeric);
    const cJSON *l;
    cJSON_ArrayForEach(l, lanes) {
        char lane[64], firms[24], teu[32], spend[48], median[40], range[96], best[40], neutral[40], even[40],
            target[40];
        cli_report_lane_name(lane, sizeof lane, l);
        cli_report_count(firms, sizeof firms, cli_report_num(l, "quoting_firms"));
        double t = cli_report_num(l, "consolidated_teu");
        if (isnan(t))
            snprintf(teu, sizeof teu, "\u2013");
        else
            snprintf(teu, sizeof teu, "%.1f", t);
        cli_report_money(spend, sizeof spend, cli_report_num(l, "current_spend"));
        const cJSON *today = sea_teu_lane(benchmark, l);
        cli_report_money(median, sizeof median, cli_report_num(today, "median"));
        cli_report_range(range, sizeof range, cli_report_num(today, "p25"), cli_report_num(today, "p75"),
                         NULL);
        cli_report_money(best, sizeof best, cli_report_num(l, "best_observed_rate"));
        cli_report_money(neutral, sizeof neutral, cli_report_num(l, "revenue_neutral_rate"));
        cli_report_money(even, sizeof even, cli_report_num(l, "break_even_rate"));
        cli_report_money(target, sizeof target, cli_report_num(l, "target_rate"));
        const char *cells[] = {lane, firms, teu, spend, median, range, best, neutral, even, target};
        cli_html_row(pg->out, cells, 10, numeric, NULL);
    }
    cli_html_table_end(pg->out);

    static const char *const mheaders[] = {"member", "standalone", "at the target rate", "savings"};
    static const unsigned char mnumeric[] = {0, 1, 1, 1};
    cJSON_ArrayForEach(l, lanes) {
        const cJSON *members = cli_report_array(l, "members"), *m;
        if (members == NULL || cJSON_GetArraySize(members) == 0)
            continue;
        char lane[64], caption[160];
        cli_report_lane_name(lane, sizeof lane, l);
        snprintf(caption, sizeof caption, "%s: each member at the target rate, %s", lane, pg->currency);
        cli_html_table_begin(pg->out, caption, mheaders, 4, mnumeric);
        cJSON_ArrayForEach(m, members) {
            char a[48], b[48], c[48];
            cli_report_money(a, sizeof a, cli_report_num(m, "standalone_cost"));
            cli_report_money(b, sizeof b, cli_report_num(m, "cost_at_target"));
            cli_report_money(c, sizeof c, cli_report_num(m, "savings"));
            const char *cells[] = {cli_report_str(m, "firm"), a, b, c};
            cli_html_row(pg->out, cells, 4, mnumeric, NULL);
        }
        cli_html_table_end(pg->out);
    }
    return CF_OK;
}

int cli_report_committee(struct cli_report_page *pg, const struct cli_report_docs *docs, struct cf_error *err)
{
    cli_html_begin(pg->out, "Freight pool report \u2014 committee", cli_report_css);
    cli_report_markup(pg, "<h1>Freight pool report</h1>\n<p class=\"lead\">");
    cli_report_text(
        pg,
        "Committee view: every member's cost standing alone and in the pool, today's rates and the "
        "rate to ask carriers for. Figures in %s.",
        pg->currency);
    cli_report_markup(pg, "</p>\n");

    double total_s = cli_report_num(docs->savings, "total_standalone"),
           total_c = cli_report_num(docs->savings, "total_consolidated");
    if (!isnan(total_s) && !isnan(total_c)) {
        char a[48], b[48], c[48], d[32], label[64];
        cli_report_money(a, sizeof a, total_s);
        cli_report_money(b, sizeof b, total_c);
        cli_report_money(c, sizeof c, total_s - total_c);
        cli_report_pct(d, sizeof d, total_s > 0 ? 100.0 * (total_s - total_c) / total_s : NAN);
        cli_report_markup(pg, "<div class=\"figures\">\n");
        snprintf(label, sizeof label, "members alone, %s", pg->currency);
        cli_report_figure(pg, label, a);
        snprintf(label, sizeof label, "in the pool, %s", pg->currency);
        cli_report_figure(pg, label, b);
        snprintf(label, sizeof label, "saved, %s", pg->currency);
        cli_report_figure(pg, label, c);
        cli_report_figure(pg, "saved", d);
        cli_report_markup(pg, "</div>\n");
    }
    cli_report_markup(pg, "<h2>Members: what each pays alone and in the pool</h2>\n");
    int rc = committee_members(pg, docs->savings, err);
    if (rc == CF_OK && docs->plan != NULL)
        rc = committee_plan(pg, docs->plan, err);
    if (rc == CF_OK && docs->plan == NULL) {
        const cJSON *sp = cJSON_GetObjectItemCaseSensitive(docs->savings, "plan");
        if (cJSON_IsObject(sp)) {
            cli_report_markup(pg, "<h2>The consolidation plan</h2>\n");
            plan_status_line(pg, cli_report_str(sp, "status"), cli_report_num(sp, "gap"),
                             cli_report_str(sp, "clock"));
        }
    }
    if (rc == CF_OK && docs->propose != NULL)
        rc = committee_propose(pg, docs->propose, docs->benchmark, err);
    if (rc == CF_OK)
        rc = committee_benchmark(pg, docs->benchmark, err);
    if (rc == CF_OK) {
        cli_report_footer(pg, docs->benchmark, 0);
        cli_html_end(pg->out);
    }
    return rc;
}
