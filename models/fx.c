/* fx.c — the exchange-rate table (fx.h). */
#include "fx.h"
#include "grow.h"

#include <stdlib.h>
#include <string.h>

int cf_currency_valid(const char *code)
{
    if (code == NULL || strlen(code) != 3)
        return 0;
    for (int i = 0; i < 3; i++)
        if (code[i] < 'A' || code[i] > 'Z')
            return 0;
    return 1;
}

int cf_fx_init(struct cf_fx *fx, const char *base, struct cf_error *err)
{
    memset(fx, 0, sizeof *fx);
    if (!cf_currency_valid(base))
        return cf_error_set(err, CF_ERR_USAGE, NULL, 0, "--currency",
                            "must be a three-letter ISO 4217 code, got \"%s\"", base);
    memcpy(fx->base, base, 4);
    return CF_OK;
}

int cf_fx_set(struct cf_fx *fx, const char *currency, double rate, struct cf_error *err)
{
    for (size_t i = 0; i < fx->count; i++)
        if (strcmp(fx->rates[i].currency, currency) == 0) {
            fx->rates[i].rate = rate;
            return CF_OK;
        }
    struct cf_fx_rate *rates = cf_grow(fx->rates, &fx->cap, fx->count, 8, sizeof *rates);
    if (rates == NULL)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    fx->rates = rates;
    memcpy(fx->rates[fx->count].currency, currency, 4);
    fx->rates[fx->count].currency[3] = '\0';
    fx->rates[fx->count].rate = rate;
    fx->count++;
    return CF_OK;
}

int cf_fx_convert(const struct cf_fx *fx, const char *currency, double amount, double *out)
{
    if (strcmp(currency, fx->base) == 0) {
        *out = amount;
        return 0;
    }
    for (size_t i = 0; i < fx->count; i++)
        if (strcmp(fx->rates[i].currency, currency) == 0) {
            *out = amount * fx->rates[i].rate;
            return 0;
        }
    return -1;
}

void cf_fx_free(struct cf_fx *fx)
{
    free(fx->rates);
    fx->rates = NULL;
    fx->count = fx->cap = 0;
}
