/* report_page.h — inside the report page (report.h): what its two views
 * (report_committee.c, report_member.c) share. Not for other commands. */
#ifndef CF_CLI_REPORT_PAGE_H
#define CF_CLI_REPORT_PAGE_H

#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "models/error.h"
#include "report.h"

/* interface.md, "Confidentiality": an aggregate needs at least 3 firms */
#define CLI_REPORT_MIN_FIRMS 3

/* The page being written. */
struct cli_report_page {
    FILE *out;
    const char *currency; /* base currency of every figure (from the documents) */
    int oom;              /* set when a text could not be written for lack of memory */
};

/* The inline style sheet: screen (readable projected) and print (A4). */
extern const char cli_report_css[];

/* --- reading the documents: a missing or null field reads as NAN / NULL --- */
double cli_report_num(const cJSON *obj, const char *name);
const char *cli_report_str(const cJSON *obj, const char *name);
const cJSON *cli_report_array(const cJSON *obj, const char *name);
/* Firm names compare case-insensitively, as the commands' --member does. */
int cli_report_same_firm(const char *a, const char *b);
const char *cli_report_or_empty(const char *s);

/* --- figures as text; NAN (withheld, undefined) prints as an en dash --- */
void cli_report_money(char *buf, size_t size, double v);                  /* "1,234.56" */
void cli_report_rate(char *buf, size_t size, double v, const char *unit); /* per kg: 4 decimals */
void cli_report_pct(char *buf, size_t size, double pct);                  /* 12.34 -> "12.34 %" */
void cli_report_share(char *buf, size_t size, double fraction);           /* 0.953 -> "95 %" */
void cli_report_count(char *buf, size_t size, double v);
void cli_report_range(char *buf, size_t size, double lo, double hi, const char *unit); /* "a – b" */
void cli_report_ratio(char *buf, size_t size, double v);                               /* "1.36×" */
void cli_report_lane_name(char *buf, size_t size, const cJSON *obj);                   /* "ZADUR-DEHAM" */
void cli_report_unit_text(char *buf, size_t size, const char *unit);                   /* "revenue ton" */

/* --- writing: text is always escaped, markup never --- */
void cli_report_text(struct cli_report_page *pg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_report_markup(struct cli_report_page *pg, const char *html);
/* A headline figure: a large value over its label. */
void cli_report_figure(struct cli_report_page *pg, const char *label, const char *value);
void cli_report_footer(struct cli_report_page *pg, const cJSON *benchmark, int member_view);

/* The allocation rule in one plain sentence (domain.md, "Cost allocation"),
 * NULL for a rule it does not know; how the core check covered the groups. */
const char *cli_report_rule_sentence(const char *rule);
const char *cli_report_checked_phrase(const char *checked);

/* The two views; each writes the whole page. Status as cli_report_render. */
int cli_report_committee(struct cli_report_page *pg, const struct cli_report_docs *docs,
                         struct cf_error *err);
int cli_report_member(struct cli_report_page *pg, const struct cli_report_docs *docs, const char *member,
                      struct cf_error *err);

#endif
