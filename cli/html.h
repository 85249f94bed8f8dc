/* html.h — small helpers for writing self-contained HTML5 pages (report):
 * escaping every text that comes from input, and the few elements the pages
 * are made of. Markup is written with fputs; text always goes through these. */
#ifndef CF_CLI_HTML_H
#define CF_CLI_HTML_H

#include <stddef.h>
#include <stdio.h>

/* Write text with & < > " ' replaced by their character references, so it is
 * safe both as element content and inside a quoted attribute. NULL writes nothing. */
void cli_html_escape(FILE *out, const char *text);

/* Format like printf, then write the result escaped. Returns 0, or -1 when
 * out of memory (nothing written). */
int cli_html_textf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* <tag>text</tag> with text escaped; tag is markup ("h1", "p", "td"), optionally
 * with attributes written by the caller ("td class=\"num\""): the closing tag
 * is the first word of tag. */
void cli_html_element(FILE *out, const char *tag, const char *text);

/* The page's opening: doctype, <html lang="en">, <head> with charset, title
 * (escaped) and the inline style sheet css (markup: written as is), then <body>. */
void cli_html_begin(FILE *out, const char *title, const char *css);
void cli_html_end(FILE *out);

/* A table: <table> with an optional caption (escaped) and a header row; the
 * columns whose index has numeric[i] != 0 are right-aligned (class "num").
 * numeric may be NULL. Rows follow with cli_html_row, then cli_html_table_end. */
void cli_html_table_begin(FILE *out, const char *caption, const char *const *headers, size_t ncols,
                          const unsigned char *numeric);
/* One row of ncols cells (NULL cells print empty), escaped; row_class (markup)
 * may be NULL or a class name such as "total". */
void cli_html_row(FILE *out, const char *const *cells, size_t ncols, const unsigned char *numeric,
                  const char *row_class);
void cli_html_table_end(FILE *out);

#endif
