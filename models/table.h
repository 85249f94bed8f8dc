/* table.h — the generic record reader under every loader (loaders.h): CSV
 * (libcsv, streamed in 64 KiB chunks) or JSON (cJSON), mapped onto the
 * caller's column list, one callback per record; plus the field parsers the
 * loaders share, so every file validates numbers, dates and codes alike
 * (messages of interface.md: "source:line: field: reason", CF_ERR_DATA). */
#ifndef CF_TABLE_H
#define CF_TABLE_H

#include <stddef.h>

#include "date.h"
#include "equipment.h"
#include "error.h"
#include "source.h"

struct cf_table_column {
    const char *name; /* header name / JSON key, matched case-insensitively */
    int required;     /* 1: a missing column or empty value is an error */
};

/* One record as the callback sees it. Pointers are valid during the call only. */
struct cf_table_record {
    const char *const *values; /* by the caller's column index; NULL when absent or empty */
    const char *source;        /* src->name, for messages */
    long line;                 /* physical line where the record starts (header = 1) */
    int decimal_comma;         /* 1 in a semicolon-delimited CSV: "12,5" is 12.5 */
};

/* Return CF_OK to go on; anything else stops the read and is returned (fill err). */
typedef int (*cf_table_fn)(const struct cf_table_record *rec, void *ctx, struct cf_error *err);

/* Read every record of src in order. kind names the JSON wrapper key
 * ({"quotes": [...]}); alt_kind (may be NULL) is accepted too. Checks missing
 * columns (CSV) and empty required values before calling fn. Memory does not
 * grow with the number of CSV rows; a JSON document is held whole. */
int cf_table_read(struct cf_source *src, const char *kind, const char *alt_kind,
                  const struct cf_table_column *cols, size_t ncols, cf_table_fn fn, void *ctx,
                  struct cf_error *err);

/* --- field parsers: value may be NULL (absent); each returns CF_OK or CF_ERR_DATA --- */

enum cf_field_sign { CF_FIELD_ANY, CF_FIELD_POSITIVE, CF_FIELD_NON_NEGATIVE };

/* Text into out (size bytes with the NUL): "must be at most N bytes of UTF-8,
 * got M" (a limit in bytes: a kana is three). */
int cf_field_text(const struct cf_table_record *rec, const char *field, const char *value,
                  char *out, size_t size, struct cf_error *err);

/* A plain decimal number (decimal comma only when rec->decimal_comma, where a
 * dot grouping thousands, "1.000", is an error rather than a decimal point), with a
 * sign rule and at most max ("must be <= max"): the limits of input_limits.h keep
 * every charge and total well inside cents in 64 bits. */
int cf_field_number(const struct cf_table_record *rec, const char *field, const char *value,
                    enum cf_field_sign sign, double max, double *out, struct cf_error *err);

/* A whole number > 0 (transit_days). */
int cf_field_positive_int(const struct cf_table_record *rec, const char *field, const char *value,
                          int *out, struct cf_error *err);

/* YYYY-MM-DD; NULL value gives CF_DATE_NONE. */
int cf_field_date(const struct cf_table_record *rec, const char *field, const char *value,
                  cf_date_t *out, struct cf_error *err);

/* UN/LOCODE (2 letters + 3 letters/digits), upper-cased into out (6 bytes). */
int cf_field_locode(const struct cf_table_record *rec, const char *field, const char *value,
                    char *out, struct cf_error *err);

/* Three-letter ISO 4217 code, upper-cased into out (4 bytes). */
int cf_field_currency(const struct cf_table_record *rec, const char *field, const char *value,
                      char *out, struct cf_error *err);

/* sea, air or road. */
int cf_field_mode(const struct cf_table_record *rec, const char *field, const char *value,
                  enum cf_mode *out, struct cf_error *err);

/* A list of modes separated by '|', ',' or spaces; NULL or empty = CF_MODES_ALL. */
int cf_field_modes(const struct cf_table_record *rec, const char *field, const char *value,
                   unsigned *out, struct cf_error *err);

#endif
