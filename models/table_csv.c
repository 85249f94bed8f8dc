/* table_csv.c — the CSV half of the record reader (table.h): streamed in
 * 64 KiB chunks with one reused record buffer (no per-row allocation). Body
 * lines without a quote or CR are split here in place, as libcsv would split
 * them; the header, quoted lines and CR line ends go through libcsv in strict
 * mode. A semicolon delimiter (sniffed from the header) means decimal commas. */
#include "table_internal.h"

#include <stdio.h>
#include <strings.h>

#include <csv.h>

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


/* A value beyond the header's last column: RFC 4180 rows have the header's
 * fields, and the likely cause is a delimiter inside an unquoted value
 * ("sea,air" for modes), which would shift or drop what follows. */
static int csv_extra_field(const struct csv_reader *c, size_t field)
{
    char name[48];
    snprintf(name, sizeof name, "column %zu", field + 1);
    return cf_error_set(c->r->err, CF_ERR_DATA, c->r->source, c->line, name,
                        "more values than the header's %zu columns (a value holding '%c' must be "
                        "in double quotes)",
                        c->nheader, c->delim);
}

static void csv_on_field(void *s, size_t n, void *data)
{
    struct csv_reader *c = data;
    struct reader *r = c->r;
    size_t field = c->field++;
    if (r->rc != CF_OK)
        return;
    const char *text = s != NULL ? s : "";
    if (n > 0 && (memchr(text, '\n', n) != NULL || memchr(text, '\r', n) != NULL))
        c->pending_newlines += count_line_breaks(text, n);
    long col = c->header_done && field < c->nheader ? c->colmap[field] : -1;
    if (c->header_done && col < 0 && c->nonempty && field < c->nheader)
        return; /* a column nobody asked for */
    size_t tn = n;
    const char *t = trim(text, &tn);
    if (tn > 0 && c->header_done && field >= c->nheader) {
        r->rc = csv_extra_field(c, field);
        return;
    }
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

/* Map the header's names onto the caller's columns; report a missing one, or
 * one given twice (an unknown column may repeat: it is never read). */
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
            for (size_t k = 0; k < h; k++)
                if (c->colmap[k] == (long)i)
                    return cf_error_set(r->err, CF_ERR_DATA, r->source, c->line, r->cols[i].name,
                                        "duplicate column (columns %zu and %zu)", k + 1, h + 1);
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
        if (!found && c->nheader == 1 && strchr(c->header.data, '\t') != NULL)
            return cf_error_set(r->err, CF_ERR_DATA, r->source, c->line, NULL,
                                "the header is separated by tabs: save the file as CSV (comma or "
                                "semicolon delimited)");
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
        if (field >= c->nheader) { /* as csv_on_field: only blanks may follow the last column */
            const char *q = p;
            while (q < stop && is_space_or_tab(*q))
                q++;
            if (q < stop) {
                r->rc = csv_extra_field(c, field);
                return;
            }
        }
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

/* The name of the column the parser is in, for messages: the caller's name
 * for a column it reads, else the header's, else "column N" (1-based). */
static const char *csv_column_name(const struct csv_reader *c, char *buf, size_t size)
{
    size_t field = c->field;
    if (!c->header_done) {
        snprintf(buf, size, "column %zu of the header", field + 1);
        return buf;
    }
    if (field < c->nheader && c->colmap[field] >= 0)
        return c->r->cols[c->colmap[field]].name;
    if (field < c->nheader) {
        const char *name = c->header.data;
        for (size_t h = 0; h < field; h++)
            name += strlen(name) + 1;
        if (name[0] != '\0')
            return name;
    }
    snprintf(buf, size, "column %zu", field + 1);
    return buf;
}

/* libcsv stopped: a strict-mode parse error, reported at the record's first
 * line and named by column. at is the byte libcsv refused (NULL when the
 * input ended inside a quoted field). In strict mode libcsv refuses a quote
 * inside an unquoted field, and anything but a delimiter, a line end or
 * spaces after the closing quote of a quoted one. */
static int csv_failure(struct csv_reader *c, struct csv_parser *parser, const char *at)
{
    struct reader *r = c->r;
    int code = csv_error(parser);
    if (code == CSV_ENOMEM || code == CSV_ETOOBIG)
        return cf_error_set(r->err, CF_ERR_INTERNAL, r->source, c->line, NULL, "%s",
                            csv_strerror(code));
    char buf[64];
    const char *column = csv_column_name(c, buf, sizeof buf);
    const char *reason;
    if (at == NULL)
        reason = "quoted field not closed before the end of the file";
    else if (!parser->quoted && *at == '"')
        reason = "stray quote character inside an unquoted field";
    else if (parser->quoted)
        reason = "text after the closing quote of a quoted field (a quote inside one is written \"\")";
    else
        return cf_error_set(r->err, CF_ERR_DATA, r->source, c->line, column, "malformed CSV: %s",
                            csv_strerror(code));
    return cf_error_set(r->err, CF_ERR_DATA, r->source, c->line, column, "%s", reason);
}

/* Parse data[0..len), line by line: a body line with no quote or CR, while
 * libcsv holds nothing, is split by csv_plain_line; anything else (the
 * header, quoted values, CR line ends, a line cut by the chunk's end) goes
 * through libcsv until a LF ends a record there. Returns the read's status. */
static int csv_feed(struct csv_reader *c, struct csv_parser *parser, char *data, size_t len)
{
    struct reader *r = c->r;
    char *p = data, *end = data + len;
    const char *nul = memchr(data, '\0', len); /* libcsv would keep it, and a value would end there */
    while (p < end && r->rc == CF_OK) {
        char *lf = memchr(p, '\n', (size_t)(end - p));
        size_t n = lf != NULL ? (size_t)(lf - p) + 1 : (size_t)(end - p);
        if (nul != NULL && nul < p + n)
            return reader_nul_error(r, p, (size_t)(nul - p), c->line + c->pending_newlines);
        if (lf != NULL && !c->in_libcsv && c->header_done && memchr(p, '"', n - 1) == NULL &&
            memchr(p, '\r', n - 1) == NULL) {
            csv_plain_line(c, p, n - 1);
        } else {
            c->ended_at_lf = 0;
            size_t done = csv_parse(parser, p, n, csv_on_field, csv_on_record, c);
            if (done != n && r->rc == CF_OK)
                return csv_failure(c, parser, done < n ? p + done : NULL);
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
int cf_table_csv_read(struct reader *r, struct cf_source *src, char *first, size_t first_len,
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
        if (!r->check_utf8 && !cf_utf8_is_ascii(data, len))
            r->check_utf8 = 1; /* from here on: the record reader checks each value */
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
        rc = csv_failure(&c, &parser, NULL);
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
