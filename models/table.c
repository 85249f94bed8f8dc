/* table.c — the generic record reader of table.h: sniffs CSV or JSON, streams
 * CSV in 64 KiB chunks (one reused record buffer: no per-row allocation),
 * walks a JSON array with cJSON, and hands each record to the loader's
 * callback with values in the loader's column order. Body lines without a
 * quote or CR are split here in place, as libcsv would split them; every
 * other line goes through libcsv. The typed field parsers the loaders share
 * are in field.c. */
#include "table.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <csv.h>

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
};

static void reader_reset_record(struct reader *r)
{
    r->buf.len = 0;
    for (size_t i = 0; i < r->ncols; i++) {
        r->offs[i] = NO_VALUE;
        r->values[i] = NULL;
    }
}

/* Store the value s[0..n) of column col (already trimmed); empty = absent,
 * and the first of repeated columns wins. */
static int reader_set(struct reader *r, size_t col, const char *s, size_t n)
{
    if (n == 0 || r->offs[col] != NO_VALUE || r->values[col] != NULL)
        return CF_OK;
    size_t at = r->buf.len;
    if (strbuf_append(&r->buf, s, n) != 0)
        return cf_error_set(r->err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    r->offs[col] = at;
    return CF_OK;
}

/* The record is complete: check required values and call back. */
static int reader_emit(struct reader *r, long line, int decimal_comma)
{
    for (size_t i = 0; i < r->ncols; i++) {
        if (r->offs[i] != NO_VALUE)
            r->values[i] = r->buf.data + r->offs[i];
        if (r->values[i] == NULL && r->cols[i].required)
            return cf_error_set(r->err, CF_ERR_DATA, r->source, line, r->cols[i].name,
                                "missing value");
    }
    struct cf_table_record rec = {r->values, r->source, line, decimal_comma};
    return r->fn(&rec, r->ctx, r->err);
}

/* ------------------------------------------------------------------ CSV */

struct csv_reader {
    struct reader *r;
    int header_done;
    struct strbuf header;  /* header names, NUL-separated */
    size_t nheader;
    long *colmap;          /* header position -> caller column or -1 */
    size_t field;          /* position of the next field in the record */
    int nonempty;          /* the record has a non-blank field */
    long line;             /* physical line where the current record starts */
    long pending_newlines; /* newlines inside the current record's quoted fields */
    int after_cr;          /* the last line ended in CR: a LF right after it is CRLF */
    int decimal_comma;
    unsigned char delim;
    int in_libcsv;         /* libcsv holds part of a record: feed it the next line too */
    int ended_at_lf;       /* the last record callback was for a LF */
};

static long count_newlines(const char *s, size_t n)
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

static void csv_on_field(void *s, size_t n, void *data)
{
    struct csv_reader *c = data;
    struct reader *r = c->r;
    size_t field = c->field++;
    if (r->rc != CF_OK)
        return;
    const char *text = s != NULL ? s : "";
    if (n > 0 && memchr(text, '\n', n) != NULL)
        c->pending_newlines += count_newlines(text, n);
    long col = c->header_done && field < c->nheader ? c->colmap[field] : -1;
    if (c->header_done && col < 0 && c->nonempty)
        return; /* a column nobody asked for */
    size_t tn = n;
    const char *t = trim(text, &tn);
    if (tn > 0)
        c->nonempty = 1;
    if (!c->header_done) {
        if (strbuf_append(&c->header, t, tn) != 0)
            r->rc = cf_error_set(r->err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
        c->nheader++;
    } else if (col >= 0) {
        r->rc = reader_set(r, (size_t)col, t, tn);
    }
}

/* Map the header's names onto the caller's columns; report a missing one. */
static int csv_map_header(struct csv_reader *c)
{
    struct reader *r = c->r;
    c->colmap = malloc((c->nheader ? c->nheader : 1) * sizeof *c->colmap);
    if (c->colmap == NULL)
        return cf_error_set(r->err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    const char *name = c->header.data;
    for (size_t h = 0; h < c->nheader; h++) {
        c->colmap[h] = -1;
        for (size_t i = 0; i < r->ncols; i++) {
            if (strcasecmp(name, r->cols[i].name) != 0)
                continue;
            int taken = 0;
            for (size_t k = 0; k < h; k++)
                taken |= c->colmap[k] == (long)i;
            if (!taken)
                c->colmap[h] = (long)i;
            break;
        }
        name += strlen(name) + 1;
    }
    for (size_t i = 0; i < r->ncols; i++) {
        if (!r->cols[i].required)
            continue;
        int found = 0;
        for (size_t h = 0; h < c->nheader; h++)
            found |= c->colmap[h] == (long)i;
        if (!found)
            return cf_error_set(r->err, CF_ERR_DATA, r->source, c->line, r->cols[i].name,
                                "missing column");
    }
    return CF_OK;
}

static void csv_on_record(int term, void *data)
{
    struct csv_reader *c = data;
    struct reader *r = c->r;
    c->ended_at_lf = term == '\n';
    if (r->rc != CF_OK)
        return;
    if (c->nonempty) {
        if (!c->header_done) {
            c->header_done = 1;
            r->rc = csv_map_header(c);
        } else {
            r->rc = reader_emit(r, c->line, c->decimal_comma);
        }
    } else if (!c->header_done) {
        /* a blank line before the header: forget its empty fields */
        c->header.len = 0;
        c->nheader = 0;
    }
    /* a line ends in LF, CRLF or a lone CR (libcsv reports CRLF as CR, then an
     * empty row ended by LF) */
    int ends_line = term == '\r' || (term == '\n' && !(c->after_cr && c->field == 0));
    reader_reset_record(r);
    c->field = 0;
    c->nonempty = 0;
    c->line += c->pending_newlines + ends_line;
    c->pending_newlines = 0;
    c->after_cr = term == '\r';
}

static inline int is_space_or_tab(char ch)
{
    return ch == ' ' || ch == '\t';
}

/* One body line s[0..n) holding no quote, CR or LF, split in place: the
 * callbacks see what libcsv would report (values without the spaces and tabs
 * around them, no field at all on a blank line, then the record ended by LF),
 * but values are NUL-terminated where they lie instead of copied. */
static void csv_plain_line(struct csv_reader *c, char *s, size_t n)
{
    struct reader *r = c->r;
    char *p = s, *end = s + n;
    while (p < end && is_space_or_tab(*p))
        p++;
    while (p < end) {
        char *delim = memchr(p, c->delim, (size_t)(end - p));
        char *stop = delim != NULL ? delim : end;
        size_t field = c->field++;
        long col = field < c->nheader ? c->colmap[field] : -1;
        if (col >= 0 || !c->nonempty) { /* as csv_on_field */
            char *last = stop;
            while (p < last && is_space_or_tab(*p))
                p++;
            while (last > p && is_space_or_tab(last[-1]))
                last--;
            if (last > p) {
                c->nonempty = 1;
                if (col >= 0 && r->offs[col] == NO_VALUE && r->values[col] == NULL) {
                    *last = '\0';
                    r->values[col] = p;
                }
            }
        }
        if (delim == NULL)
            break;
        p = delim + 1;
        if (p == end) { /* a trailing delimiter: one more, empty field */
            c->field++;
            break;
        }
    }
    csv_on_record('\n', c);
}

/* libcsv stopped: a strict-mode parse error, reported at the record's first line. */
static int csv_failure(struct reader *r, struct csv_parser *parser, long line)
{
    int code = csv_error(parser);
    if (code == CSV_ENOMEM || code == CSV_ETOOBIG)
        return cf_error_set(r->err, CF_ERR_INTERNAL, r->source, line, NULL, "%s",
                            csv_strerror(code));
    return cf_error_set(r->err, CF_ERR_DATA, r->source, line, NULL, "malformed CSV: %s",
                        csv_strerror(code));
}

/* Parse data[0..len), line by line: a body line with no quote or CR, while
 * libcsv holds nothing, is split by csv_plain_line; anything else (the
 * header, quoted values, CR line ends, a line cut by the chunk's end) goes
 * through libcsv until a LF ends a record there. Returns the read's status. */
static int csv_feed(struct csv_reader *c, struct csv_parser *parser, char *data, size_t len)
{
    struct reader *r = c->r;
    char *p = data, *end = data + len;
    while (p < end && r->rc == CF_OK) {
        char *lf = memchr(p, '\n', (size_t)(end - p));
        size_t n = lf != NULL ? (size_t)(lf - p) + 1 : (size_t)(end - p);
        if (lf != NULL && !c->in_libcsv && c->header_done && memchr(p, '"', n - 1) == NULL &&
            memchr(p, '\r', n - 1) == NULL) {
            csv_plain_line(c, p, n - 1);
        } else {
            c->ended_at_lf = 0;
            if (csv_parse(parser, p, n, csv_on_field, csv_on_record, c) != n && r->rc == CF_OK)
                return csv_failure(r, parser, c->line);
            /* a record ended by the line's LF leaves libcsv at a row start */
            c->in_libcsv = !c->ended_at_lf;
        }
        p += n;
    }
    return r->rc;
}

/* Semicolon when the first line holds more ';' than ',' outside quotes. */
static unsigned char csv_sniff_delimiter(const char *s, size_t n)
{
    long commas = 0, semicolons = 0;
    int quoted = 0;
    size_t i = 0;
    while (i < n && is_blank((unsigned char)s[i]))
        i++; /* blank lines before the header */
    for (; i < n; i++) {
        char ch = s[i];
        if (ch == '"')
            quoted = !quoted;
        else if (!quoted && (ch == '\n' || ch == '\r'))
            break;
        else if (!quoted && ch == ',')
            commas++;
        else if (!quoted && ch == ';')
            semicolons++;
    }
    return semicolons > commas ? ';' : ',';
}

/* Stream the CSV: first holds the bytes already read (BOM stripped), chunk is
 * the CHUNK_BYTES buffer to read the rest into. */
static int csv_read(struct reader *r, struct cf_source *src, char *first, size_t first_len,
                    long first_line, char *chunk)
{
    struct csv_parser parser;
    struct csv_reader c = {.r = r, .line = first_line};
    int rc = CF_OK;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL) != 0)
        return cf_error_set(r->err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    c.delim = csv_sniff_delimiter(first, first_len);
    csv_set_delim(&parser, c.delim);
    c.decimal_comma = c.delim == ';';

    char *data = first;
    size_t len = first_len;
    for (;;) {
        rc = csv_feed(&c, &parser, data, len);
        if (rc != CF_OK)
            goto done;
        long n = cf_source_read(src, chunk, CHUNK_BYTES);
        if (n < 0) {
            rc = cf_error_set(r->err, CF_ERR_IO, r->source, 0, NULL, "read error");
            goto done;
        }
        if (n == 0)
            break;
        data = chunk;
        len = (size_t)n;
    }
    if (csv_fini(&parser, csv_on_field, csv_on_record, &c) != 0 && r->rc == CF_OK) {
        rc = csv_failure(r, &parser, c.line);
        goto done;
    }
    if (r->rc != CF_OK) {
        rc = r->rc;
        goto done;
    }
    if (!c.header_done)
        rc = cf_error_set(r->err, CF_ERR_DATA, r->source, 0, NULL,
                          "empty file (expected a header row)");
done:
    csv_free(&parser);
    free(c.header.data);
    free(c.colmap);
    return rc;
}

/* ----------------------------------------------------------------- JSON */

static size_t json_skip_ws(const char *t, size_t i)
{
    while (t[i] != '\0' && is_blank((unsigned char)t[i]))
        i++;
    return i;
}

/* End of the string starting at t[i] == '"' (one past the closing quote). */
static size_t json_skip_string(const char *t, size_t i)
{
    for (i++; t[i] != '\0' && t[i] != '"'; i++)
        if (t[i] == '\\' && t[i + 1] != '\0')
            i++;
    return t[i] == '"' ? i + 1 : i;
}

/* End of the (already validated) value starting at t[i]. */
static size_t json_skip_value(const char *t, size_t i)
{
    if (t[i] == '"')
        return json_skip_string(t, i);
    if (t[i] == '[' || t[i] == '{') {
        int depth = 0;
        while (t[i] != '\0') {
            if (t[i] == '"') {
                i = json_skip_string(t, i);
                continue;
            }
            if (t[i] == '[' || t[i] == '{')
                depth++;
            else if (t[i] == ']' || t[i] == '}') {
                depth--;
                if (depth == 0)
                    return i + 1;
            }
            i++;
        }
        return i;
    }
    while (t[i] != '\0' && t[i] != ',' && t[i] != ']' && t[i] != '}' && !is_blank((unsigned char)t[i]))
        i++;
    return i;
}

/* Offset of the value of the first member whose key is key (case-insensitive,
 * as cJSON_GetObjectItem matches) in the object at t[i] == '{'. */
static size_t json_member_offset(const char *t, size_t i, const char *key)
{
    size_t keylen = strlen(key);
    i = json_skip_ws(t, i + 1);
    while (t[i] == '"') {
        size_t end = json_skip_string(t, i);
        int match = end - i - 2 == keylen && strncasecmp(t + i + 1, key, keylen) == 0;
        i = json_skip_ws(t, end);
        if (t[i] == ':')
            i = json_skip_ws(t, i + 1);
        if (match)
            return i;
        i = json_skip_ws(t, json_skip_value(t, i));
        if (t[i] == ',')
            i = json_skip_ws(t, i + 1);
    }
    return i;
}

/* A JSON value as text in buf: strings as they are, numbers in the shortest
 * form that reads back exactly, true/false, arrays of strings joined by '|'. */
static int json_value_text(struct reader *r, size_t col, const cJSON *item, long line)
{
    char num[40];
    if (item == NULL || cJSON_IsNull(item))
        return CF_OK;
    if (cJSON_IsString(item)) {
        size_t n = strlen(item->valuestring);
        const char *t = trim(item->valuestring, &n);
        return reader_set(r, col, t, n);
    }
    if (cJSON_IsNumber(item)) {
        double v = item->valuedouble;
        for (int digits = 15; digits <= 17; digits++) {
            snprintf(num, sizeof num, "%.*g", digits, v);
            if (strtod(num, NULL) == v)
                break;
        }
        return reader_set(r, col, num, strlen(num));
    }
    if (cJSON_IsBool(item)) {
        const char *text = cJSON_IsTrue(item) ? "true" : "false";
        return reader_set(r, col, text, strlen(text));
    }
    if (cJSON_IsArray(item)) {
        struct strbuf joined = {0};
        int rc = CF_OK;
        const cJSON *el;
        cJSON_ArrayForEach(el, item) {
            if (!cJSON_IsString(el)) {
                rc = cf_error_set(r->err, CF_ERR_DATA, r->source, line, r->cols[col].name,
                                  "must be text or a number");
                goto done;
            }
            if (joined.len > 0)
                joined.data[joined.len - 1] = '|';
            if (strbuf_append(&joined, el->valuestring, strlen(el->valuestring)) != 0) {
                rc = cf_error_set(r->err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
                goto done;
            }
        }
        if (joined.len > 0) {
            size_t n = joined.len - 1;
            const char *t = trim(joined.data, &n);
            rc = reader_set(r, col, t, n);
        }
    done:
        free(joined.data);
        return rc;
    }
    return cf_error_set(r->err, CF_ERR_DATA, r->source, line, r->cols[col].name,
                        "must be text or a number");
}

static long line_at(const char *t, size_t from, size_t to, long line)
{
    return line + count_newlines(t + from, to - from);
}

static int json_read(struct reader *r, const char *text, size_t len, long first_line,
                     const char *kind, const char *alt_kind)
{
    const char *end = NULL;
    /* len + 1: cJSON wants the terminating NUL inside the length */
    cJSON *root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
    int rc = CF_OK;
    if (root == NULL) {
        size_t at = end != NULL && end >= text && end <= text + len ? (size_t)(end - text) : 0;
        return cf_error_set(r->err, CF_ERR_DATA, r->source, line_at(text, 0, at, first_line),
                            NULL, "invalid JSON");
    }
    size_t pos = json_skip_ws(text, 0);
    const cJSON *array = root;
    if (cJSON_IsObject(root)) {
        const char *key = kind;
        array = cJSON_GetObjectItem(root, kind);
        if (array == NULL && alt_kind != NULL) {
            key = alt_kind;
            array = cJSON_GetObjectItem(root, alt_kind);
        }
        if (array != NULL)
            pos = json_member_offset(text, pos, key);
    }
    if (!cJSON_IsArray(array)) {
        rc = cf_error_set(r->err, CF_ERR_DATA, r->source, line_at(text, 0, pos, first_line), NULL,
                          "expected an array of objects, or an object holding one under \"%s\"",
                          kind);
        goto done;
    }
    long line = line_at(text, 0, pos, first_line);
    size_t i = json_skip_ws(text, pos + 1); /* past '[' */
    const cJSON *element;
    cJSON_ArrayForEach(element, array) {
        line = line_at(text, pos, i, line);
        pos = i;
        if (!cJSON_IsObject(element)) {
            rc = cf_error_set(r->err, CF_ERR_DATA, r->source, line, NULL, "expected an object");
            goto done;
        }
        reader_reset_record(r);
        for (size_t col = 0; col < r->ncols && rc == CF_OK; col++)
            rc = json_value_text(r, col, cJSON_GetObjectItem(element, r->cols[col].name), line);
        if (rc == CF_OK)
            rc = reader_emit(r, line, 0);
        if (rc != CF_OK)
            goto done;
        i = json_skip_ws(text, json_skip_value(text, i));
        if (text[i] == ',')
            i = json_skip_ws(text, i + 1);
    }
done:
    cJSON_Delete(root);
    return rc;
}

/* ------------------------------------------------------------ the reader */

/* JSON when the content type says "json", CSV when it says "csv" (any case),
 * else JSON when the text starts with '[' or '{'. */
static int looks_like_json(const struct cf_source *src, char first)
{
    char type[sizeof src->content_type];
    size_t i = 0;
    for (; src->content_type[i] != '\0' && i + 1 < sizeof type; i++)
        type[i] = (char)tolower((unsigned char)src->content_type[i]);
    type[i] = '\0';
    if (strstr(type, "json") != NULL)
        return 1;
    if (strstr(type, "csv") != NULL)
        return 0;
    return first == '[' || first == '{';
}

int cf_table_read(struct cf_source *src, const char *kind, const char *alt_kind,
                  const struct cf_table_column *cols, size_t ncols, cf_table_fn fn, void *ctx,
                  struct cf_error *err)
{
    struct reader r = {.cols = cols, .ncols = ncols, .fn = fn, .ctx = ctx, .err = err,
                       .source = src->name};
    char *chunk = malloc(CHUNK_BYTES);
    char *rest = NULL;
    char *whole = NULL;
    int rc = CF_OK;
    r.offs = malloc((ncols ? ncols : 1) * sizeof *r.offs);
    r.values = malloc((ncols ? ncols : 1) * sizeof *r.values);
    if (chunk == NULL || r.offs == NULL || r.values == NULL) {
        rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
        goto done;
    }
    reader_reset_record(&r);

    /* Skip a BOM and leading blank chunks, counting their lines. */
    long line = 1;
    size_t start = 0, len = 0;
    int first_chunk = 1;
    for (;;) {
        long n = cf_source_read(src, chunk, CHUNK_BYTES);
        if (n < 0) {
            rc = cf_error_set(err, CF_ERR_IO, src->name, 0, NULL, "read error");
            goto done;
        }
        if (n == 0) {
            rc = cf_error_set(err, CF_ERR_DATA, src->name, 0, NULL,
                              "empty file (expected a header row)");
            goto done;
        }
        len = (size_t)n;
        start = 0;
        if (first_chunk && len >= 3 && memcmp(chunk, "\xEF\xBB\xBF", 3) == 0)
            start = 3;
        first_chunk = 0;
        size_t k = start;
        while (k < len && is_blank((unsigned char)chunk[k]))
            k++;
        if (k < len)
            break;
        line += count_newlines(chunk + start, len - start);
    }

    size_t k = start;
    while (is_blank((unsigned char)chunk[k]))
        k++;
    if (looks_like_json(src, chunk[k])) {
        size_t rest_len = 0;
        rc = cf_source_slurp(src, &rest, &rest_len, err);
        if (rc != CF_OK)
            goto done;
        size_t total = len - start + rest_len;
        whole = malloc(total + 1);
        if (whole == NULL) {
            rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
            goto done;
        }
        memcpy(whole, chunk + start, len - start);
        memcpy(whole + len - start, rest, rest_len);
        whole[total] = '\0';
        free(rest);
        rest = NULL;
        rc = json_read(&r, whole, total, line, kind, alt_kind);
    } else {
        rc = csv_read(&r, src, chunk + start, len - start, line, chunk);
    }
done:
    free(whole);
    free(rest);
    free(r.buf.data);
    free(r.values);
    free(r.offs);
    free(chunk);
    return rc;
}
