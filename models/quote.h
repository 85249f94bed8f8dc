/* quote.h — one rate row: a firm's quote or a cluster rate-card row
 * (interface.md, "quotes and cluster rates"). The loader normalises it into
 * the base currency as it reads (all_in = amount + surcharges, domain.md). */
#ifndef CF_QUOTE_H
#define CF_QUOTE_H

#include <stddef.h>

#include "date.h"
#include "equipment.h"
#include "shipment.h"

struct cf_quote {
    char firm[CF_NAME_MAX]; /* "" in a cluster rate card */
    enum cf_mode mode;
    char origin[CF_LOCODE_LEN];
    char destination[CF_LOCODE_LEN];
    char equipment[CF_CODE_MAX]; /* a catalogue code, as the catalogue spells it */
    double amount;               /* as given, in currency */
    double surcharges;           /* as given, 0 when absent */
    char currency[4];
    double min_charge;           /* as given, 0 when absent */
    int transit_days;            /* as given, or the mode's default when absent */
    cf_date_t valid_from;        /* CF_DATE_NONE when absent */
    cf_date_t valid_to;          /* CF_DATE_NONE when absent */
    double min_teu;              /* 0 when absent */
    char carrier[CF_NAME_MAX];
    long line;

    /* normalised into the base currency */
    double all_in;          /* (amount + surcharges) x fx, per unit of the equipment */
    double min_charge_base; /* min_charge x fx */
};

struct cf_quotes {
    struct cf_quote *items;
    size_t count, cap;
};

int cf_quotes_push(struct cf_quotes *list, const struct cf_quote *q);
void cf_quotes_free(struct cf_quotes *list);

/* True when q is valid on day (CF_DATE_NONE: every quote is). */
int cf_quote_valid_on(const struct cf_quote *q, cf_date_t day);

#endif
