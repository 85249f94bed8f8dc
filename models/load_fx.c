/* load_fx.c — --fx exchange rates (interface.md: rows currency,rate, units of
 * the base currency per 1 unit of currency) read through table.c into a
 * struct cf_fx. */
#include "input_limits.h"
#include "loaders.h"
#include "table.h"

enum { COL_CURRENCY, COL_RATE, COL_COUNT };

static int fx_row(const struct cf_table_record *rec, void *ctx, struct cf_error *err)
{
    struct cf_fx *fx = ctx;
    char currency[4];
    double rate;
    int rc = cf_field_currency(rec, "currency", rec->values[COL_CURRENCY], currency, err);
    if (rc == CF_OK)
        rc = cf_field_number(rec, "rate", rec->values[COL_RATE], CF_FIELD_POSITIVE, CF_MAX_FX_RATE, &rate, err);
    if (rc == CF_OK)
        rc = cf_fx_set(fx, currency, rate, err);
    return rc;
}

int cf_load_fx(struct cf_source *src, struct cf_fx *fx, struct cf_error *err)
{
    static const struct cf_table_column cols[COL_COUNT] = {
        [COL_CURRENCY] = {"currency", 1},
        [COL_RATE] = {"rate", 1},
    };
    return cf_table_read(src, "fx", NULL, cols, COL_COUNT, fx_row, fx, err);
}
