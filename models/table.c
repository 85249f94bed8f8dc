/* table.c — the generic record reader of table.h: skips a BOM and blank
 * lines, sniffs CSV or JSON (table_csv.c, table_json.c) and hands each
 * record to the loader's callback with values in the loader's column order.
 * The typed field parsers the loaders share are in field.c. */
#include "table_internal.h"

#include <ctype.h>

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
        if (first_chunk && len >= 2 &&
            (memcmp(chunk, "\xFF\xFE", 2) == 0 || memcmp(chunk, "\xFE\xFF", 2) == 0)) {
            rc = cf_error_set(err, CF_ERR_DATA, src->name, 1, NULL,
                              "UTF-16 text: save it as UTF-8 (in Excel: CSV UTF-8)");
            goto done;
        }
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
        rc = cf_table_json_read(&r, whole, total, line, kind, alt_kind);
    } else {
        rc = cf_table_csv_read(&r, src, chunk + start, len - start, line, chunk);
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
