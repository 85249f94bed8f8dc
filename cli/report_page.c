/* report_page.c — what both views of the report page share (report_page.h):
 * reading the JSON documents, formatting figures, writing escaped text and the
 * page's style sheet; and cli_report_render, which picks the view. */
#include "report_page.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "models/money.h"

const char cli_report_css[] =
    ":root{color-scheme:light}\n"
    "body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif;"
    "font-size:18px;line-height:1.45;color:#111;background:#fff;max-width:1200px;margin:0 "
    "auto;padding:24px}\n"
    "h1{font-size:1.8em;margin:0 0 .2em}\n"
    "h2{font-size:1.35em;color:#1f4e79;border-bottom:2px solid #1f4e79;margin:1.6em 0 .5em}\n"
    "h3{font-size:1.1em;margin:1.2em 0 .3em}\n"
    "p.lead{font-size:1.05em;color:#333;margin-top:0}\n"
    "table{border-collapse:collapse;width:100%;margin:.4em 0 1em;font-variant-numeric:tabular-nums}\n"
    "caption{text-align:left;font-weight:600;padding:.3em 0}\n"
    "th,td{padding:.35em .6em;border-bottom:1px solid #bbb;text-align:left;vertical-align:top}\n"
    "th{background:#e8eef5;font-weight:600}\n"
    "th.num,td.num{text-align:right;white-space:nowrap}\n"
    "tr.total td{font-weight:700;border-top:2px solid #111}\n"
    ".figures{display:flex;flex-wrap:wrap;gap:.8em;margin:.6em 0 1em}\n"
    ".figure{border:1px solid #999;border-radius:6px;padding:.5em .9em;min-width:11em}\n"
    ".figure .value{display:block;font-size:1.6em;font-weight:700;font-variant-numeric:tabular-nums}\n"
    ".figure .label{display:block;color:#333}\n"
    ".ok{color:#1b5e20;font-weight:600}\n"
    ".warn{color:#b00020;font-weight:600}\n"
    ".note{color:#333;font-size:.9em}\n"
    "footer{margin-top:2em;color:#444;font-size:.85em;border-top:1px solid #bbb;padding-top:.5em}\n"
    "@media print{\n"
    "@page{size:A4;margin:14mm 12mm}\n"
    "body{font-size:10pt;max-width:none;padding:0}\n"
    "table{font-size:9pt}\n"
    "h2{break-after:avoid}\n"
    "tr,.figure{break-inside:avoid}\n"
    "thead{display:table-header-group}\n"
    "}\n";

/* --- reading the documents --- */

double cli_report_num(const cJSON *obj, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsNumber(item) ? item->valuedouble : NAN;
}

const char *cli_report_str(const cJSON *obj, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

const cJSON *cli_report_array(const cJSON *obj, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsArray(item) ? item : NULL;
}

int cli_report_same_firm(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcasecmp(a, b) == 0;
}

/* --- formatting figures --- */

/* "1,234.56", or "–" where the figure is withheld or undefined. */
void cli_report_money(char *buf, size_t size, double v)
{
    if (isnan(v))
        snprintf(buf, size, "\u2013");
    else
        cf_money_format_grouped(cf_money_round(v), buf, size);
}

/* A rate: cents, but 4 decimals for rates per kg, where cents hide the spread
 * (the benchmark command's own convention). */
void cli_report_rate(char *buf, size_t size, double v, const char *unit)
{
    if (!isnan(v) && unit != NULL && strcmp(unit, "kg") == 0)
        snprintf(buf, size, "%.4f", v);
    else
        cli_report_money(buf, size, v);
}

void cli_report_pct(char *buf, size_t size, double pct)
{
    if (isnan(pct))
        snprintf(buf, size, "\u2013");
    else
        snprintf(buf, size, "%.2f %%", pct);
}

/* A fraction (0..1) as a whole percentage. */
void cli_report_share(char *buf, size_t size, double fraction)
{
    if (isnan(fraction))
        snprintf(buf, size, "\u2013");
    else
        snprintf(buf, size, "%.0f %%", 100.0 * fraction);
}

void cli_report_count(char *buf, size_t size, double v)
{
    if (isnan(v))
        snprintf(buf, size, "\u2013");
    else
        snprintf(buf, size, "%.0f", v);
}

/* --- writing the page --- */

/* Formatted text, escaped. */
void cli_report_text(struct cli_report_page *pg, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf) {
        /* longer than a sentence: go through the allocating writer */
        char *big = n < 0 ? NULL : malloc((size_t)n + 1);
        if (big == NULL) {
            pg->oom = 1;
            return;
        }
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        cli_html_escape(pg->out, big);
        free(big);
        return;
    }
    cli_html_escape(pg->out, buf);
}

void cli_report_markup(struct cli_report_page *pg, const char *html)
{
    fputs(html, pg->out);
}

void cli_report_figure(struct cli_report_page *pg, const char *label, const char *value)
{
    cli_report_markup(pg, "<div class=\"figure\"><span class=\"value\">");
    cli_html_escape(pg->out, value);
    cli_report_markup(pg, "</span><span class=\"label\">");
    cli_html_escape(pg->out, label);
    cli_report_markup(pg, "</span></div>\n");
}

static const char *currency_of(const cJSON *savings, const cJSON *benchmark)
{
    const char *c = cli_report_str(savings, "currency");
    if (c == NULL)
        c = cli_report_str(benchmark, "currency");
    return c != NULL ? c : "USD";
}

/* The allocation rule in one plain sentence a finance lead can repeat
 * (domain.md, "Cost allocation"). */
const char *cli_report_rule_sentence(const char *rule)
{
    if (rule == NULL || strcmp(rule, "usage") == 0)
        return "You pay for the space your cargo takes in each shared container, in revenue tons "
               "(the larger of its cubic metres and its tonnes); cargo that travels loose (LCL, air, "
               "part-load road) pays its own charge.";
    if (strcmp(rule, "standalone") == 0)
        return "The pool's cost is shared in proportion to what each member would pay on its own, "
               "so every member saves the same percentage.";
    if (strcmp(rule, "shapley") == 0)
        return "You pay the cost you add to the pool, averaged over every order in which the members "
               "could have joined it (the Shapley value).";
    if (strcmp(rule, "nucleolus") == 0)
        return "The shares leave the worst-treated group of members as well off as possible: the most "
               "any group pays above its own cost is made as small as it can be (the nucleolus).";
    if (strcmp(rule, "epm") == 0)
        return "The shares keep the members' percentage savings as equal as possible, while no group "
               "pays more than it would on its own (the equal profit method).";
    return NULL;
}

const char *cli_report_checked_phrase(const char *checked)
{
    if (checked != NULL && strcmp(checked, "exact") == 0)
        return "every possible group of members was checked";
    return "a large sample of groups of members was checked (the pool is too large to check every one)";
}

/* "ZADUR-DEHAM" (interface.md's ORIG-DEST) from an object with origin and destination. */
void cli_report_lane_name(char *buf, size_t size, const cJSON *obj)
{
    const char *o = cli_report_str(obj, "origin"), *d = cli_report_str(obj, "destination");
    snprintf(buf, size, "%s-%s", o != NULL ? o : "?", d != NULL ? d : "?");
}

/* A benchmark unit for people: "revenue_ton" -> "revenue ton". */
void cli_report_unit_text(char *buf, size_t size, const char *unit)
{
    snprintf(buf, size, "%s", unit != NULL ? unit : "");
    for (char *p = buf; *p != '\0'; p++)
        if (*p == '_')
            *p = ' ';
}

void cli_report_range(char *buf, size_t size, double lo, double hi, const char *unit)
{
    if (isnan(lo) || isnan(hi)) {
        snprintf(buf, size, "\u2013");
        return;
    }
    char a[40], b[40];
    cli_report_rate(a, sizeof a, lo, unit);
    cli_report_rate(b, sizeof b, hi, unit);
    snprintf(buf, size, "%s \u2013 %s", a, b);
}

void cli_report_ratio(char *buf, size_t size, double v)
{
    if (isnan(v))
        snprintf(buf, size, "\u2013");
    else
        snprintf(buf, size, "%.2f\u00d7", v);
}

const char *cli_report_or_empty(const char *s)
{
    return s != NULL ? s : "";
}

void cli_report_footer(struct cli_report_page *pg, const cJSON *benchmark, int member_view)
{
    cli_report_markup(pg, "<footer>");
    cli_report_text(pg, "All figures in %s", pg->currency);
    const char *as_of = cli_report_str(benchmark, "as_of");
    if (as_of != NULL)
        cli_report_text(pg, ", quotes valid on %s", as_of);
    cli_report_text(pg, ". Produced by clusterfreight report from the %s.",
                    member_view ? "benchmark and savings commands"
                                : "benchmark and savings commands (the plan and the proposal are those of the "
                                  "savings run)");
    if (member_view)
        cli_report_text(
            pg, " Confidential: this page shows only your own figures and aggregates of at least %d firms.",
            CLI_REPORT_MIN_FIRMS);
    cli_report_markup(pg, "</footer>\n");
}

int cli_report_render(FILE *out, const struct cli_report_docs *docs, const char *member, struct cf_error *err)
{
    if (docs->savings == NULL || !cJSON_IsObject(docs->savings))
        return cf_error_set(err, CF_ERR_DATA, "savings JSON", 0, NULL, "not a JSON object");
    if (docs->benchmark == NULL || !cJSON_IsObject(docs->benchmark))
        return cf_error_set(err, CF_ERR_DATA, "benchmark JSON", 0, NULL, "not a JSON object");
    struct cli_report_page pg = {out, currency_of(docs->savings, docs->benchmark), 0};
    int rc =
        member != NULL ? cli_report_member(&pg, docs, member, err) : cli_report_committee(&pg, docs, err);
    if (rc == CF_OK && pg.oom)
        rc = cf_error_set(err, CF_ERR_INTERNAL, "report", 0, NULL, "out of memory");
    return rc;
}
