/* table_internal.h — what the record reader's three files share (not for
 * other modules): the reused record buffer, the reader state every format
 * fills, and the two format readers. table.c sniffs the format and calls
 * table_csv.c (streamed, libcsv for the hard lines) or table_json.c (cJSON).
 * The per-field helpers are inline: they run once per value of every row. */
#ifndef CF_TABLE_INTERNAL_H
#define CF_TABLE_INTERNAL_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "utf8.h"

#define CHUNK_BYTES 65536 /* one read from the source */
#define NO_VALUE SIZE_MAX

/* A growable byte buffer, reused from record to record. */
struct strbuf {
    char *data;
    size_t len, cap;
};

static inline int strbuf_append(struct strbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *data = realloc(b->data, cap);
        if (data == NULL)
            return -1;
        b->data = data;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len++] = '\0';
    return 0;
}

static inline int is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Trim s[0..*n) of spaces and tabs (and line ends); returns the new start. */
static inline const char *trim(const char *s, size_t *n)
{
    size_t a = 0, b = *n;
    while (a < b && is_blank((unsigned char)s[a]))
        a++;
    while (b > a && is_blank((unsigned char)s[b - 1]))
        b--;
    *n = b - a;
    return s + a;
}

/* What every reader shares: the caller's columns, the values of the record
 * being built (offsets into buf) and the callback. */
struct reader {
    const struct cf_table_column *cols;
    size_t ncols;
    cf_table_fn fn;
    void *ctx;
    struct cf_error *err;
    const char *source;
    struct strbuf buf;
    size_t *offs;        /* per column: offset in buf or NO_VALUE */
    const char **values; /* per column: set directly (a value split in place),
                          * else resolved from offs when the record is complete */
    int rc;              /* first non-OK status; stops the read */
    int check_utf8;      /* a byte beyond ASCII has been read: check values */
};

static inline void reader_reset_record(struct reader *r)
{
    r->buf.len = 0;
    for (size_t i = 0; i < r->ncols; i++) {
        r->offs[i] = NO_VALUE;
        r->values[i] = NULL;
    }
}

/* Store the value s[0..n) of column col (already trimmed); empty = absent,
 * and the first of repeated columns wins. */
static inline int reader_set(struct reader *r, size_t col, const char *s, size_t n)
{
    if (n == 0 || r->offs[col] != NO_VALUE || r->values[col] != NULL)
        return CF_OK;
    size_t at = r->buf.len;
    if (strbuf_append(&r->buf, s, n) != 0)
        return cf_error_set(r->err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    r->offs[col] = at;
    return CF_OK;
}

/* The record is complete: check required values and that every value is
 * UTF-8 (the one place every loader's text passes; a CSV read only ASCII so
 * far needs no check), and call back. */
static inline int reader_emit(struct reader *r, long line, int decimal_comma)
{
    for (size_t i = 0; i < r->ncols; i++) {
        if (r->offs[i] != NO_VALUE)
            r->values[i] = r->buf.data + r->offs[i];
        if (r->values[i] == NULL && r->cols[i].required)
            return cf_error_set(r->err, CF_ERR_DATA, r->source, line, r->cols[i].name,
                                "missing value");
    }
    for (size_t i = 0; r->check_utf8 && i < r->ncols; i++)
        if (r->values[i] != NULL && !cf_utf8_valid(r->values[i], strlen(r->values[i])))
            return cf_error_set(r->err, CF_ERR_DATA, r->source, line, r->cols[i].name,
                                "not valid UTF-8");
    struct cf_table_record rec = {r->values, r->source, line, decimal_comma};
    return r->fn(&rec, r->ctx, r->err);
}

/* Newlines in s[0..n). */
static inline long count_newlines(const char *s, size_t n)
{
    long count = 0;
    const char *end = s + n, *p = s;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL)
            break;
        count++;
        p = nl + 1;
    }
    return count;
}

/* Line breaks in s[0..n): LF, CRLF (one) and a lone CR, as a CSV's lines
 * may end. */
static inline long count_line_breaks(const char *s, size_t n)
{
    long count = 0;
    for (size_t i = 0; i < n; i++)
        count += s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'));
    return count;
}

/* The error for a NUL byte at text[at] of a source whose text[0] is on line
 * first_line: text files never hold one (UTF-16, or not text at all). */
static inline int reader_nul_error(struct reader *r, const char *text, size_t at, long first_line)
{
    return cf_error_set(r->err, CF_ERR_DATA, r->source, first_line + count_line_breaks(text, at), NULL,
                        "a NUL byte: not UTF-8 text (a UTF-16 or binary file? save it as CSV UTF-8)");
}

/* Stream the CSV: first holds the bytes already read (BOM stripped), chunk is
 * the CHUNK_BYTES buffer to read the rest into (table_csv.c). */
int cf_table_csv_read(struct reader *r, struct cf_source *src, char *first, size_t first_len,
                      long first_line, char *chunk);

/* The JSON document text[0..len) (NUL-terminated), its first byte on line
 * first_line: an array of objects, or an object holding one under kind or
 * alt_kind (table_json.c). */
int cf_table_json_read(struct reader *r, const char *text, size_t len, long first_line,
                       const char *kind, const char *alt_kind);

#endif
