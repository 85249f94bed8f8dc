/* money.h — money is kept as whole cents in a signed 64-bit integer
 * (cf_cents_t). Rates (per kg, per revenue ton) stay doubles at full precision;
 * a charge becomes cents once, when it is priced (domain.md, "Costs"), and totals
 * are sums of cents, so every printed total adds up exactly. */
#ifndef CF_MONEY_H
#define CF_MONEY_H

#include <stddef.h>
#include <stdint.h>

typedef int64_t cf_cents_t;

/* The largest amount cf_money_round returns (2^62 cents), as a double. */
#define CF_CENTS_MAX 4611686018427387904.0

/* Round an amount in currency units to cents, half away from zero. A bias of
 * 1e-6 cent absorbs binary representation error (2.675 -> 267.5 cents -> 268).
 * Saturates at +-CF_CENTS_MAX (NaN: CF_CENTS_MAX). */
cf_cents_t cf_money_round(double amount);

/* Cents as currency units, for JSON output and arithmetic on rates. */
double cf_money_units(cf_cents_t cents);

/* Split total into n parts proportional to weights (each >= 0), by the
 * largest-remainder method: out[] adds up to total exactly. Ties in the
 * remainder go to the lower index. All-zero weights split equally.
 * Returns 0, or -1 when n == 0 or a weight is negative or not finite. */
int cf_money_split(cf_cents_t total, const double *weights, size_t n, cf_cents_t *out);

/* Round values (currency units, any sign) to cents so that they add up to
 * total exactly: floor each, then hand the cents left (or take the cents over)
 * by largest (smallest) remainder, ties (within a millionth of a cent) to
 * the lower index. Returns 0 or -1. */
int cf_money_round_to_total(const double *values, size_t n, cf_cents_t total, cf_cents_t *out);

/* The same for values already in cents (exact shares of whole-cent charges). */
int cf_money_round_cents_to_total(const double *cents, size_t n, cf_cents_t total, cf_cents_t *out);

/* "1234.56", "-0.05": plain decimal with two places, no separators. */
void cf_money_format(cf_cents_t cents, char *buf, size_t size);

/* "1,234.56": with thousands separators, for tables people read. */
void cf_money_format_grouped(cf_cents_t cents, char *buf, size_t size);

#endif
