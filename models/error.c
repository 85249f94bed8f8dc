/* error.c — formatting of struct cf_error (error.h). */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int cf_error_set(struct cf_error *err, int code, const char *source, long line,
                 const char *field, const char *fmt, ...)
{
    if (err == NULL)
        return code;
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);

    char where[256] = "";
    if (source != NULL && line > 0)
        snprintf(where, sizeof where, "%s:%ld: ", source, line);
    else if (source != NULL)
        snprintf(where, sizeof where, "%s: ", source);

    if (field != NULL)
        snprintf(err->message, sizeof err->message, "%s%s: %s", where, field, reason);
    else
        snprintf(err->message, sizeof err->message, "%s%s", where, reason);
    cf_error_one_line(err->message, sizeof err->message);
    err->code = code;
    err->line = line;
    return code;
}

void cf_error_one_line(char *s, size_t size)
{
    char out[1024];
    size_t cap = size < sizeof out ? size : sizeof out, w = 0;
    for (const char *p = s; *p != '\0' && w + 1 < cap; p++) {
        unsigned char ch = (unsigned char)*p;
        char esc = ch == '\n' ? 'n' : ch == '\r' ? 'r' : ch == '\t' ? 't' : '\0';
        if (esc != '\0') {
            if (w + 2 >= cap)
                break;
            out[w++] = '\\';
            out[w++] = esc;
        } else {
            out[w++] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
        }
    }
    out[w] = '\0';
    memcpy(s, out, w + 1);
}

void cf_error_clear(struct cf_error *err)
{
    if (err == NULL)
        return;
    err->code = CF_OK;
    err->line = 0;
    err->message[0] = '\0';
}
