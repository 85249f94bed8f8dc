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
    err->code = code;
    err->line = line;
    return code;
}

void cf_error_clear(struct cf_error *err)
{
    if (err == NULL)
        return;
    err->code = CF_OK;
    err->line = 0;
    err->message[0] = '\0';
}
