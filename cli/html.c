/* html.c — escaping and element writers for self-contained HTML pages (html.h). */
#include "html.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void cli_html_escape(FILE *out, const char *text)
{
    if (text == NULL)
        return;
    for (const char *p = text; *p != '\0'; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*p, out); break;
        }
    }
}

int cli_html_textf(FILE *out, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    if ((size_t)n < sizeof small) {
        cli_html_escape(out, small);
        return 0;
    }
    char *big = malloc((size_t)n + 1);
    if (big == NULL)
        return -1;
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    cli_html_escape(out, big);
    free(big);
    return 0;
}

/* The tag name: tag up to its first space ("td class=..." -> "td"). */
static void close_tag(FILE *out, const char *tag)
{
    size_t len = strcspn(tag, " ");
    fprintf(out, "</%.*s>", (int)len, tag);
}

void cli_html_element(FILE *out, const char *tag, const char *text)
{
    fprintf(out, "<%s>", tag);
    cli_html_escape(out, text);
    close_tag(out, tag);
    fputc('\n', out);
}

void cli_html_begin(FILE *out, const char *title, const char *css)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          out);
    cli_html_escape(out, title);
    fputs("</title>\n<style>\n", out);
    if (css != NULL)
        fputs(css, out);
    fputs("</style>\n</head>\n<body>\n", out);
}

void cli_html_end(FILE *out)
{
    fputs("</body>\n</html>\n", out);
}

static const char *cell_tag(const unsigned char *numeric, size_t i, int header)
{
    int num = numeric != NULL && numeric[i];
    if (header)
        return num ? "th scope=\"col\" class=\"num\"" : "th scope=\"col\"";
    return num ? "td class=\"num\"" : "td";
}

void cli_html_table_begin(FILE *out, const char *caption, const char *const *headers, size_t ncols,
                          const unsigned char *numeric)
{
    fputs("<table>\n", out);
    if (caption != NULL)
        cli_html_element(out, "caption", caption);
    fputs("<thead><tr>", out);
    for (size_t i = 0; i < ncols; i++) {
        fprintf(out, "<%s>", cell_tag(numeric, i, 1));
        cli_html_escape(out, headers[i]);
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
}

void cli_html_row(FILE *out, const char *const *cells, size_t ncols, const unsigned char *numeric,
                  const char *row_class)
{
    if (row_class != NULL)
        fprintf(out, "<tr class=\"%s\">", row_class);
    else
        fputs("<tr>", out);
    for (size_t i = 0; i < ncols; i++) {
        fprintf(out, "<%s>", cell_tag(numeric, i, 0));
        cli_html_escape(out, cells[i]);
        fputs("</td>", out);
    }
    fputs("</tr>\n", out);
}

void cli_html_table_end(FILE *out)
{
    fputs("</tbody>\n</table>\n", out);
}
