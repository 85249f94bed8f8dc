/* load_fx.c — --fx exchange rates (interface.md: rows currency,rate, units of
 * the base currency per 1 unit of currency) read through table.c into a
 * struct cf_fx; a currency given twice is an error. */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "input_limits.h"
#include "loaders.h"
#include "table.h"

enum { COL_CURRENCY, COL_RATE, COL_COUNT };

/* The currencies the file has given so far, with their lines: a second row
 * for one is an error, even with the same rate (as a repeated shipment id). */
struct fx_reader {
    struct cf_fx *fx;
    struct fx_seen {
        char currency[4];
        long line;
    } *seen;
    size_t nseen, cap;
};

static int fx_row(const struct cf_table_record *rec, void *ctx, struct cf_error *err)
{
    struct fx_reader *fr = ctx;
    char currency[4];
    double rate;
    int rc = cf_field_currency(rec, "currency", rec->values[COL_CURRENCY], currency, err);
    if (rc == CF_OK)
        rc = cf_field_number(rec, "rate", rec->values[COL_RATE], CF_FIELD_POSITIVE, CF_MAX_FX_RATE, &rate, err);
    if (rc != CF_OK)
        return rc;
    if (strcmp(currency, fr->fx->base) == 0 && rate != 1.0) /* it was ignored: the base converts as itself */
        return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, "rate",
                            "%s is the base currency, worth 1 %s, got \"%s\"", currency, currency,
                            rec->values[COL_RATE]);
    for (size_t i = 0; i < fr->nseen; i++)
        if (strcmp(fr->seen[i].currency, currency) == 0)
            return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, "currency",
                                "duplicate rate for %s (first on line %ld)", currency, fr->seen[i].line);
    struct fx_seen *seen = cf_grow(fr->seen, &fr->cap, fr->nseen, 16, sizeof *seen);
    if (seen == NULL)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    fr->seen = seen;
    memcpy(fr->seen[fr->nseen].currency, currency, sizeof currency);
    fr->seen[fr->nseen++].line = rec->line;
    return cf_fx_set(fr->fx, currency, rate, err);
}

int cf_load_fx(struct cf_source *src, struct cf_fx *fx, struct cf_error *err)
{
    static const struct cf_table_column cols[COL_COUNT] = {
        [COL_CURRENCY] = {"currency", 1},
        [COL_RATE] = {"rate", 1},
    };
    struct fx_reader fr = {.fx = fx};
    int rc = cf_table_read(src, "fx", NULL, cols, COL_COUNT, fx_row, &fr, err);
    free(fr.seen);
    return rc;
}
