/* load_quotes.c — per-firm quotes and cluster rate cards (interface.md,
 * "quotes and cluster rates"), streamed row by row through table.c and
 * normalised into the base currency as they are read (domain.md, "Costs"). */
#include <stdio.h>
#include <string.h>

#include "loaders.h"
#include "table.h"

enum {
    COL_FIRM,
    COL_MODE,
    COL_ORIGIN,
    COL_DESTINATION,
    COL_EQUIPMENT,
    COL_AMOUNT,
    COL_CURRENCY,
    COL_SURCHARGES,
    COL_MIN_CHARGE,
    COL_TRANSIT_DAYS,
    COL_VALID_FROM,
    COL_VALID_TO,
    COL_MIN_TEU,
    COL_CARRIER,
    COL_COUNT
};

struct quote_reader {
    const struct cf_fx *fx;
    const struct cf_catalogue *catalogue;
    cf_quote_fn fn;
    void *ctx;
    /* the last equipment looked up: rows of a file mostly repeat a few codes */
    char last_code[CF_CODE_MAX];
    const struct cf_equipment *last_equipment;
};

/* Catalogue entry for code (case-insensitive), or NULL. */
static const struct cf_equipment *find_equipment(struct quote_reader *qr, const char *code)
{
    if (qr->last_equipment != NULL && strcmp(code, qr->last_code) == 0)
        return qr->last_equipment;
    const struct cf_equipment *e = cf_catalogue_find(qr->catalogue, code);
    if (e != NULL && strlen(code) < sizeof qr->last_code) {
        memcpy(qr->last_code, code, strlen(code) + 1);
        qr->last_equipment = e;
    }
    return e;
}

/* "unknown equipment "X" (known: 20GP, 40GP, ...)", the catalogue's codes in order. */
static int unknown_equipment(const struct cf_table_record *rec, const struct cf_catalogue *cat,
                             const char *code, struct cf_error *err)
{
    char known[384] = "";
    size_t used = 0;
    for (size_t i = 0; i < cat->count && used < sizeof known; i++) {
        int n = snprintf(known + used, sizeof known - used, "%s%s", i > 0 ? ", " : "",
                         cat->items[i].code);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, "equipment",
                        "unknown equipment \"%s\" (known: %s)", code, known);
}

/* The currency's amount in the base currency, or the "no exchange rate" error. */
static int to_base(const struct cf_table_record *rec, const struct cf_fx *fx, const char *currency,
                   double amount, double *out, struct cf_error *err)
{
    if (fx == NULL) {
        *out = amount;
        return CF_OK;
    }
    if (cf_fx_convert(fx, currency, amount, out) != 0)
        return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, "currency",
                            "no exchange rate for %s into %s (give --fx)", currency, fx->base);
    return CF_OK;
}

/* An optional number: absent leaves *out as it is. */
static int optional_number(const struct cf_table_record *rec, const char *field, const char *value,
                           double *out, struct cf_error *err)
{
    if (value == NULL)
        return CF_OK;
    return cf_field_number(rec, field, value, CF_FIELD_NON_NEGATIVE, out, err);
}

/* The row's equipment: known to the catalogue and of the row's mode. */
static int quote_equipment(const struct cf_table_record *rec, struct quote_reader *qr,
                           struct cf_quote *q, struct cf_error *err)
{
    const char *code = rec->values[COL_EQUIPMENT];
    const struct cf_equipment *e = find_equipment(qr, code);
    if (e == NULL)
        return unknown_equipment(rec, qr->catalogue, code, err);
    if (e->mode != q->mode)
        return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, "equipment",
                            "%s is %s equipment, but mode is %s", e->code, cf_mode_name(e->mode),
                            cf_mode_name(q->mode));
    memcpy(q->equipment, e->code, sizeof q->equipment);
    return CF_OK;
}

/* One row, validated in the column order of interface.md. */
static int quote_row(const struct cf_table_record *rec, void *ctx, struct cf_error *err)
{
    struct quote_reader *qr = ctx;
    const char *const *v = rec->values;
    struct cf_quote q;
    memset(&q, 0, sizeof q);
    q.line = rec->line;

    int rc = cf_field_text(rec, "firm", v[COL_FIRM], q.firm, sizeof q.firm, err);
    if (rc == CF_OK)
        rc = cf_field_mode(rec, "mode", v[COL_MODE], &q.mode, err);
    if (rc == CF_OK)
        rc = cf_field_locode(rec, "origin", v[COL_ORIGIN], q.origin, err);
    if (rc == CF_OK)
        rc = cf_field_locode(rec, "destination", v[COL_DESTINATION], q.destination, err);
    if (rc == CF_OK)
        rc = quote_equipment(rec, qr, &q, err);
    if (rc == CF_OK)
        rc = cf_field_number(rec, "amount", v[COL_AMOUNT], CF_FIELD_NON_NEGATIVE, &q.amount, err);
    if (rc == CF_OK)
        rc = cf_field_currency(rec, "currency", v[COL_CURRENCY], q.currency, err);
    if (rc == CF_OK)
        rc = optional_number(rec, "surcharges", v[COL_SURCHARGES], &q.surcharges, err);
    if (rc == CF_OK)
        rc = optional_number(rec, "min_charge", v[COL_MIN_CHARGE], &q.min_charge, err);
    q.transit_days = cf_mode_default_transit_days(q.mode); /* domain.md, "Time" */
    if (rc == CF_OK && v[COL_TRANSIT_DAYS] != NULL)
        rc = cf_field_positive_int(rec, "transit_days", v[COL_TRANSIT_DAYS], &q.transit_days, err);
    if (rc == CF_OK)
        rc = cf_field_date(rec, "valid_from", v[COL_VALID_FROM], &q.valid_from, err);
    if (rc == CF_OK)
        rc = cf_field_date(rec, "valid_to", v[COL_VALID_TO], &q.valid_to, err);
    if (rc == CF_OK && q.valid_from != CF_DATE_NONE && q.valid_to != CF_DATE_NONE &&
        q.valid_to < q.valid_from)
        rc = cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, "valid_to",
                          "must not be before valid_from %s, got \"%s\"", v[COL_VALID_FROM],
                          v[COL_VALID_TO]);
    if (rc == CF_OK)
        rc = optional_number(rec, "min_teu", v[COL_MIN_TEU], &q.min_teu, err);
    if (rc == CF_OK)
        rc = cf_field_text(rec, "carrier", v[COL_CARRIER], q.carrier, sizeof q.carrier, err);
    /* all-in = amount + surcharges, in the base currency: domain.md, "Costs" */
    if (rc == CF_OK)
        rc = to_base(rec, qr->fx, q.currency, q.amount + q.surcharges, &q.all_in, err);
    if (rc == CF_OK)
        rc = to_base(rec, qr->fx, q.currency, q.min_charge, &q.min_charge_base, err);
    if (rc != CF_OK)
        return rc;
    return qr->fn(&q, qr->ctx, err);
}

int cf_load_quotes_each(struct cf_source *src, const struct cf_quote_opts *opts, cf_quote_fn fn,
                        void *ctx, struct cf_error *err)
{
    int cluster = opts != NULL && opts->cluster;
    const struct cf_table_column cols[COL_COUNT] = {
        [COL_FIRM] = {"firm", !cluster},
        [COL_MODE] = {"mode", 1},
        [COL_ORIGIN] = {"origin", 1},
        [COL_DESTINATION] = {"destination", 1},
        [COL_EQUIPMENT] = {"equipment", 1},
        [COL_AMOUNT] = {"amount", 1},
        [COL_CURRENCY] = {"currency", 1},
        [COL_SURCHARGES] = {"surcharges", 0},
        [COL_MIN_CHARGE] = {"min_charge", 0},
        [COL_TRANSIT_DAYS] = {"transit_days", 0},
        [COL_VALID_FROM] = {"valid_from", 0},
        [COL_VALID_TO] = {"valid_to", 0},
        [COL_MIN_TEU] = {"min_teu", 0},
        [COL_CARRIER] = {"carrier", 0},
    };
    struct cf_catalogue builtin = {0};
    struct quote_reader qr = {.fx = opts != NULL ? opts->fx : NULL,
                              .catalogue = opts != NULL ? opts->catalogue : NULL,
                              .fn = fn,
                              .ctx = ctx};
    int rc;
    if (qr.catalogue == NULL) {
        rc = cf_catalogue_init_builtin(&builtin, err);
        if (rc != CF_OK)
            goto done;
        qr.catalogue = &builtin;
    }
    rc = cf_table_read(src, cluster ? "cluster_rates" : "quotes", cluster ? "rates" : NULL, cols,
                       COL_COUNT, quote_row, &qr, err);
done:
    cf_catalogue_free(&builtin);
    return rc;
}

static int push_quote(const struct cf_quote *q, void *ctx, struct cf_error *err)
{
    if (cf_quotes_push(ctx, q) != CF_OK)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    return CF_OK;
}

int cf_load_quotes(struct cf_source *src, const struct cf_quote_opts *opts, struct cf_quotes *out,
                   struct cf_error *err)
{
    return cf_load_quotes_each(src, opts, push_quote, out, err);
}
