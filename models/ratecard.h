/* ratecard.h — the prices a plan is built on: per lane and equipment, the
 * all-in rate in the base currency, with optional volume tiers (min_teu).
 * rates/ builds one from quotes (a coalition's lowest quotes, a firm's own,
 * the cluster rate card); solver/ plans against it. */
#ifndef CF_RATECARD_H
#define CF_RATECARD_H

#include <stddef.h>

#include "equipment.h"
#include "shipment.h"

struct cf_rate {
    enum cf_mode mode;
    char origin[CF_LOCODE_LEN];
    char destination[CF_LOCODE_LEN];
    char equipment[CF_CODE_MAX]; /* catalogue code */
    double rate;                 /* all-in per unit of the equipment, base currency */
    double min_charge;           /* loose only, base currency */
    int transit_days;
    double min_teu;              /* tier: applies once the lane's plan TEU >= this; 0 = always */
    int stand_in;                /* 1: a cluster-median stand-in, not the holder's own quote */
    int stand_in_firms;          /* a stand-in's median is over this many firms' quotes */
    int faster;                  /* 1: dearer than the lane's lowest quote, kept for its transit or
                                    minimum (rates/ratecard.h); a container one is planned only on a
                                    lane where some shipment needs it (solver/plan.c) */
};

struct cf_ratecard {
    struct cf_rate *items;
    size_t count, cap;
};

int cf_ratecard_push(struct cf_ratecard *card, const struct cf_rate *r);
void cf_ratecard_free(struct cf_ratecard *card);

#endif
