/* report.h — the HTML report of `clusterfreight report`, rendered from the JSON
 * documents the real commands print (interface.md shapes: benchmark, savings,
 * plan, propose), so the page shows exactly the figures users get from them. */
#ifndef CF_CLI_REPORT_H
#define CF_CLI_REPORT_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "models/error.h"

/* The parsed documents (not owned). benchmark and savings are required; plan
 * and propose feed the committee view and may be NULL (their sections are
 * left out). In a member's view they are never read. */
struct cli_report_docs {
    const cJSON *benchmark;
    const cJSON *savings;
    const cJSON *plan;
    const cJSON *propose;
};

/* Write the whole page to out. member NULL: the committee view (every member,
 * lane benchmark, plan summary, proposal). member set: that firm's
 * confidential page, which names no other firm and shows no other firm's
 * figure, only the firm's own and aggregates of at least 3 firms
 * (interface.md, "Confidentiality"), whatever else the documents hold.
 * Returns CF_OK; CF_ERR_DATA when a document lacks a field the page needs or
 * the member is not in the savings (err names which); CF_ERR_INTERNAL when
 * out of memory. Write errors are left on out (ferror) for the caller. */
int cli_report_render(FILE *out, const struct cli_report_docs *docs, const char *member,
                      struct cf_error *err);

#endif
