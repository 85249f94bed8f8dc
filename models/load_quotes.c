/* load_quotes.c — per-firm quotes and cluster rate cards (interface.md,
 * "quotes and cluster rates"), streamed row by row through table.c and
 * normalised into the base currency as they are read (domain.md, "Costs"). */
#include <stdio.h>
#include <string.h>

#include "input_limits.h"
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

/* Rows of a file repeat a handful of equipment codes and currencies: the
 * first SEEN_MAX of each are remembered as spelled, so a row costs a short
 * compare instead of a catalogue or exchange-rate search. */
#define SEEN_MAX 16

struct equipment_seen {
    char code[CF_CODE_MAX];
    const struct cf_equipment *equipment;
};

struct rate_seen {
    char currency[4]; /* upper-cased by cf_field_currency */
    double rate;      /* base units per unit (fx.h) */
};

struct quote_reader {
    const struct cf_fx *fx;
    const struct cf_catalogue *catalogue;
    int cluster; /* a cluster rate card: no firm */
    cf_quote_fn fn;
    void *ctx;
    struct equipment_seen equipment_seen[SEEN_MAX];
    size_t nequipment_seen;
    struct rate_seen rate_seen[SEEN_MAX];
    size_t nrate_seen;
};

/* Catalogue entry for code (case-insensitive), or NULL. */
static const struct cf_equipment *find_equipment(struct quote_reader *qr, const char *code)
{
    for (size_t i = 0; i < qr->nequipment_seen; i++) {
        const struct equipment_seen *seen = &qr->equipment_seen[i];
        if (seen->code[0] == code[0] && strcmp(seen->code, code) == 0)
            return seen->equipment;
    }
    const struct cf_equipment *e = cf_catalogue_find(qr->catalogue, code);
    size_t len = strlen(code);
    if (e != NULL && len < CF_CODE_MAX && qr->nequipment_seen < SEEN_MAX) {
        struct equipment_seen *seen = &qr->equipment_seen[qr->nequipment_seen++];
        memcpy(seen->code, code, len + 1);
        seen->equipment = e;
    }
    return e;
}

/* The rate of currency into the base currency; -1 when there is none. */
static int find_rate(struct quote_reader *qr, const char *currency, double *rate)
{
    for (size_t i = 0; i < qr->nrate_seen; i++) {
        if (memcmp(qr->rate_seen[i].currency, currency, sizeof qr->rate_seen[i].currency) == 0) {
            *rate = qr->rate_seen[i].rate;
            return 0;
        }
    }
    if (cf_fx_convert(qr->fx, currency, 1.0, rate) != 0)
        return -1;
    if (qr->nrate_seen < SEEN_MAX) {
        struct rate_seen *seen = &qr->rate_seen[qr->nrate_seen++];
        memcpy(seen->currency, currency, sizeof seen->currency);
        seen->rate = *rate;
    }
    return 0;
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

/* The currency's amount in the base currency (amount x rate, as
 * cf_fx_convert), or the "no exchange rate" error. */
static int to_base(const struct cf_table_record *rec, struct quote_reader *qr,
                   const char *currency, double amount, double *out, struct cf_error *err)
{
    double rate;
    if (qr->fx == NULL) {
        *out = amount;
        return CF_OK;
    }
    if (find_rate(qr, currency, &rate) != 0)
        return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, "currency",
                            "no exchange rate for %s into %s (give --fx)", currency,
                            qr->fx->base);
    *out = amount * rate;
    return CF_OK;
}

/* A figure in the base currency above its limit (input_limits.h): no freight
 * rate is that high, so a typo or an exchange rate the wrong way round. per:
 * " a container", " a kg", ... or "" for a minimum charge. */
static int beyond_limit(const struct cf_table_record *rec, const char *field, const char *what,
                        double base_value, const char *base, const char *per, double limit,
                        struct cf_error *err)
{
    return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, field,
                        "%s is %.2f %s%s, more than %.0f: check the figure and the exchange rate", what,
                        base_value, base, per, limit);
}

/* An optional number: absent leaves *out as it is. */
static int optional_number(const struct cf_table_record *rec, const char *field, const char *value,
                           double max, double *out, struct cf_error *err)
{
    if (value == NULL)
        return CF_OK;
    return cf_field_number(rec, field, value, CF_FIELD_NON_NEGATIVE, max, out, err);
}

/* The row's equipment: known to the catalogue and of the row's mode; its
 * catalogue entry into *out. */
static int quote_equipment(const struct cf_table_record *rec, struct quote_reader *qr,
                           struct cf_quote *q, const struct cf_equipment **out, struct cf_error *err)
{
    const char *code = rec->values[COL_EQUIPMENT];
    const struct cf_equipment *e = find_equipment(qr, code);
    *out = e;
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

    const struct cf_equipment *eq = NULL; /* set by quote_equipment */
    int rc = CF_OK;
    /* interface.md: in --cluster-rates "the firm column is absent or empty" */
    if (qr->cluster && v[COL_FIRM] != NULL)
        rc = cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, "firm",
                          "must be absent or empty in cluster rates, got \"%s\"", v[COL_FIRM]);
    if (rc == CF_OK)
        rc = cf_field_text(rec, "firm", v[COL_FIRM], q.firm, sizeof q.firm, err);
    if (rc == CF_OK)
        rc = cf_field_mode(rec, "mode", v[COL_MODE], &q.mode, err);
    if (rc == CF_OK)
        rc = cf_field_locode(rec, "origin", v[COL_ORIGIN], q.origin, err);
    if (rc == CF_OK)
        rc = cf_field_locode(rec, "destination", v[COL_DESTINATION], q.destination, err);
    if (rc == CF_OK)
        rc = quote_equipment(rec, qr, &q, &eq, err);
    if (rc == CF_OK)
        rc = cf_field_number(rec, "amount", v[COL_AMOUNT], CF_FIELD_NON_NEGATIVE, CF_MAX_AMOUNT, &q.amount, err);
    if (rc == CF_OK)
        rc = cf_field_currency(rec, "currency", v[COL_CURRENCY], q.currency, err);
    if (rc == CF_OK)
        rc = optional_number(rec, "surcharges", v[COL_SURCHARGES], CF_MAX_AMOUNT, &q.surcharges, err);
    if (rc == CF_OK)
        rc = optional_number(rec, "min_charge", v[COL_MIN_CHARGE], CF_MAX_AMOUNT, &q.min_charge, err);
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
        rc = optional_number(rec, "min_teu", v[COL_MIN_TEU], CF_MAX_MIN_TEU, &q.min_teu, err);
    if (rc == CF_OK)
        rc = cf_field_text(rec, "carrier", v[COL_CARRIER], q.carrier, sizeof q.carrier, err);
    /* all-in = amount + surcharges, in the base currency: domain.md, "Costs" */
    if (rc == CF_OK)
        rc = to_base(rec, qr, q.currency, q.amount + q.surcharges, &q.all_in, err);
    if (rc == CF_OK)
        rc = to_base(rec, qr, q.currency, q.min_charge, &q.min_charge_base, err);
    const char *base = qr->fx != NULL ? qr->fx->base : q.currency;
    int per_box = eq == NULL || eq->unit == CF_UNIT_CONTAINER;
    double rate_limit = per_box ? CF_MAX_CONTAINER_RATE : CF_MAX_UNIT_RATE;
    if (rc == CF_OK && q.all_in > rate_limit)
        rc = beyond_limit(rec, "amount", "amount + surcharges", q.all_in, base,
                          per_box ? " a container" : eq->unit == CF_UNIT_REVENUE_TON ? " a revenue ton" : " a kg",
                          rate_limit, err);
    if (rc == CF_OK && q.min_charge_base > CF_MAX_CONTAINER_RATE)
        rc = beyond_limit(rec, "min_charge", "min_charge", q.min_charge_base, base, "", CF_MAX_CONTAINER_RATE,
                          err);
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
                              .cluster = cluster,
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
