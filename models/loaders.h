/* loaders.h — read every input of interface.md from a struct cf_source, CSV or
 * JSON (told apart by content type, else by the first non-blank byte), with
 * the validation of interface.md and domain.md. Errors are CF_ERR_DATA with
 * "source:line: field: reason"; the line is the CSV line (header = 1) or, for
 * JSON, the line where the offending object starts. */
#ifndef CF_LOADERS_H
#define CF_LOADERS_H

#include "equipment.h"
#include "error.h"
#include "fx.h"
#include "quote.h"
#include "shipment.h"
#include "source.h"

/* Shipments: appends to out (caller frees with cf_shipments_free, also on error).
 * Checks unique ids, positive volume and weight, dates, due >= ready, modes. */
int cf_load_shipments(struct cf_source *src, struct cf_shipments *out, struct cf_error *err);

struct cf_quote_opts {
    const struct cf_fx *fx;               /* converts to the base currency */
    const struct cf_catalogue *catalogue; /* known equipment codes */
    int cluster;                          /* 1: a cluster rate card (firm optional) */
};

/* Called once per row, in file order. A non-zero return stops the read and is
 * returned (fill err first). */
typedef int (*cf_quote_fn)(const struct cf_quote *q, void *ctx, struct cf_error *err);

/* Stream quotes: memory independent of the number of rows (CSV). */
int cf_load_quotes_each(struct cf_source *src, const struct cf_quote_opts *opts, cf_quote_fn fn,
                        void *ctx, struct cf_error *err);

/* Every quote into out (caller frees with cf_quotes_free, also on error). */
int cf_load_quotes(struct cf_source *src, const struct cf_quote_opts *opts, struct cf_quotes *out,
                   struct cf_error *err);

/* --fx: CSV or JSON rows currency,rate; added to fx (already initialised). */
int cf_load_fx(struct cf_source *src, struct cf_fx *fx, struct cf_error *err);

/* --equipment: rows code,mode,teu,volume_m3,payload_kg; put into cat
 * (replacing same codes, adding new ones as per-container types). */
int cf_load_equipment(struct cf_source *src, struct cf_catalogue *cat, struct cf_error *err);

#endif
