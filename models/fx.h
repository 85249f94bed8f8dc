/* fx.h — exchange rates into the base currency (interface.md, --fx:
 * units of base currency per 1 unit of the other currency). */
#ifndef CF_FX_H
#define CF_FX_H

#include <stddef.h>

#include "error.h"

struct cf_fx_rate {
    char currency[4];
    double rate; /* base units per 1 unit of currency */
};

struct cf_fx {
    char base[4];
    struct cf_fx_rate *rates;
    size_t count, cap;
};

/* Start a table with base currency base (3 letters). */
int cf_fx_init(struct cf_fx *fx, const char *base, struct cf_error *err);

/* Set (or replace) the rate of currency. rate must be > 0. */
int cf_fx_set(struct cf_fx *fx, const char *currency, double rate, struct cf_error *err);

/* amount in currency -> base currency. The base converts at 1.
 * Returns 0, or -1 when no rate is known for currency. */
int cf_fx_convert(const struct cf_fx *fx, const char *currency, double amount, double *out);

void cf_fx_free(struct cf_fx *fx);

/* True for three upper-case ASCII letters (ISO 4217 form). */
int cf_currency_valid(const char *code);

#endif
