/* money.c — cents arithmetic and the largest-remainder split (money.h). */
#include "money.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

cf_cents_t cf_money_round(double amount)
{
    double cents = fabs(amount) * 100.0;
    double whole = floor(cents + 0.5 + 1e-6);
    /* beyond 64 bits (or NaN) the cast would be undefined: saturate. The
     * loaders' limits (input_limits.h) keep real figures far below. */
    if (!(whole < CF_CENTS_MAX))
        whole = CF_CENTS_MAX;
    return amount < 0 ? -(cf_cents_t)whole : (cf_cents_t)whole;
}

double cf_money_units(cf_cents_t cents)
{
    return (double)cents / 100.0;
}

int cf_money_split(cf_cents_t total, const double *weights, size_t n, cf_cents_t *out)
{
    if (n == 0)
        return -1;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(weights[i]) || weights[i] < 0)
            return -1;
        sum += weights[i];
    }
    double *rem = malloc(n * sizeof *rem);
    if (rem == NULL)
        return -1;
    cf_cents_t sign = total < 0 ? -1 : 1;
    cf_cents_t mag = total < 0 ? -total : total;
    cf_cents_t given = 0;
    for (size_t i = 0; i < n; i++) {
        double share = sum > 0 ? (double)mag * (weights[i] / sum) : (double)mag / (double)n;
        double fl = floor(share + 1e-9);
        out[i] = (cf_cents_t)fl;
        rem[i] = share - fl;
        given += out[i];
    }
    /* hand out the cents left, one each, to the largest remainders */
    for (cf_cents_t left = mag - given; left > 0; left--) {
        size_t best = 0;
        for (size_t i = 1; i < n; i++)
            if (rem[i] > rem[best] + 1e-12)
                best = i;
        out[best] += 1;
        rem[best] = -1.0;
    }
    for (size_t i = 0; i < n; i++)
        out[i] *= sign;
    free(rem);
    return 0;
}

/* Remainders (cents) this close are a tie: values summed from many exact
   shares carry float noise far below a millionth of a cent, and a tie goes
   to the lower index as documented, not to whichever sum rounded up. */
#define CF_MONEY_TIE 1e-6

/* cf_money_round_to_total over values[i] * scale cents */
static int round_to_total(const double *values, double scale, size_t n, cf_cents_t total, cf_cents_t *out)
{
    if (n == 0)
        return total == 0 ? 0 : -1;
    double *rem = malloc(n * sizeof *rem);
    if (rem == NULL)
        return -1;
    cf_cents_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(values[i])) {
            free(rem);
            return -1;
        }
        double cents = values[i] * scale;
        double fl = floor(cents + 1e-6);
        out[i] = (cf_cents_t)fl;
        rem[i] = cents - fl;
        sum += out[i];
    }
    while (sum < total) { /* give a cent to the largest remainder */
        size_t best = 0;
        for (size_t i = 1; i < n; i++)
            if (rem[i] > rem[best] + CF_MONEY_TIE)
                best = i;
        out[best]++;
        rem[best] -= 1.0;
        sum++;
    }
    while (sum > total) { /* take a cent from the smallest remainder */
        size_t best = 0;
        for (size_t i = 1; i < n; i++)
            if (rem[i] < rem[best] - CF_MONEY_TIE)
                best = i;
        out[best]--;
        rem[best] += 1.0;
        sum--;
    }
    free(rem);
    return 0;
}

int cf_money_round_to_total(const double *values, size_t n, cf_cents_t total, cf_cents_t *out)
{
    return round_to_total(values, 100.0, n, total, out);
}

int cf_money_round_cents_to_total(const double *cents, size_t n, cf_cents_t total, cf_cents_t *out)
{
    return round_to_total(cents, 1.0, n, total, out);
}

void cf_money_format(cf_cents_t cents, char *buf, size_t size)
{
    cf_cents_t mag = cents < 0 ? -cents : cents;
    snprintf(buf, size, "%s%lld.%02lld", cents < 0 ? "-" : "", (long long)(mag / 100),
             (long long)(mag % 100));
}

void cf_money_format_grouped(cf_cents_t cents, char *buf, size_t size)
{
    cf_cents_t mag = cents < 0 ? -cents : cents;
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", (long long)(mag / 100));
    char grouped[48];
    size_t len = 0, nd = 0;
    while (digits[nd] != '\0')
        nd++;
    for (size_t i = 0; i < nd; i++) {
        if (i > 0 && (nd - i) % 3 == 0)
            grouped[len++] = ',';
        grouped[len++] = digits[i];
    }
    grouped[len] = '\0';
    snprintf(buf, size, "%s%s.%02lld", cents < 0 ? "-" : "", grouped, (long long)(mag % 100));
}
