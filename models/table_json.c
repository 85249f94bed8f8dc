/* table_json.c — the JSON half of the record reader (table.h): the document
 * is parsed whole with cJSON, and each object of the array becomes a record
 * whose line number is found by walking the text alongside. */
#include "table_internal.h"

#include <math.h>
#include <stdio.h>
#include <strings.h>

#include <cjson/cJSON.h>

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
        if (!(fabs(v) <= 9007199254740992.0)) /* 2^53: above it a whole number loses digits */
            return cf_error_set(r->err, CF_ERR_DATA, r->source, line, r->cols[col].name,
                                "a number beyond 2^53, too large to hold exactly (a code or a name goes in "
                                "double quotes)");
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

/* Members of object whose key is key (case-insensitive, as cJSON_GetObjectItem). */
static int json_key_count(const cJSON *object, const char *key)
{
    int count = 0;
    for (const cJSON *c = object->child; c != NULL; c = c->next)
        count += c->string != NULL && strcasecmp(c->string, key) == 0;
    return count;
}

/* The member of object for each of the caller's columns into items (NULL when
 * absent), keys matched case-insensitively; a column's key given twice is an
 * error (unknown keys are never read, and may repeat). */
static int json_columns(struct reader *r, const cJSON *object, const cJSON **items, long line)
{
    for (size_t col = 0; col < r->ncols; col++)
        items[col] = NULL;
    for (const cJSON *member = object->child; member != NULL; member = member->next) {
        for (size_t col = 0; col < r->ncols; col++) {
            if (strcasecmp(member->string, r->cols[col].name) != 0)
                continue;
            if (items[col] != NULL)
                return cf_error_set(r->err, CF_ERR_DATA, r->source, line, r->cols[col].name,
                                    "duplicate key");
            items[col] = member;
            break;
        }
    }
    return CF_OK;
}

/* Offset of the first \u0000 escape inside a string of t[0..len) (cJSON
 * would end the value there), or len. */
static size_t json_nul_escape(const char *t, size_t len)
{
    int in_string = 0;
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '"')
            in_string = !in_string;
        else if (in_string && t[i] == '\\' && i + 1 < len) {
            if (t[i + 1] == 'u' && i + 6 <= len && strncmp(t + i + 2, "0000", 4) == 0)
                return i;
            i++; /* the escaped character */
        }
    }
    return len;
}

static long line_at(const char *t, size_t from, size_t to, long line)
{
    return line + count_newlines(t + from, to - from);
}

int cf_table_json_read(struct reader *r, const char *text, size_t len, long first_line,
                       const char *kind, const char *alt_kind)
{
    const char *nul = memchr(text, '\0', len);
    if (nul != NULL)
        return reader_nul_error(r, text, (size_t)(nul - text), first_line);
    size_t escape = json_nul_escape(text, len);
    if (escape < len)
        return cf_error_set(r->err, CF_ERR_DATA, r->source, line_at(text, 0, escape, first_line), NULL,
                            "\\u0000 in a string: text never holds a NUL character");
    const char *end = NULL;
    /* len + 1: cJSON wants the terminating NUL inside the length */
    cJSON *root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
    int rc = CF_OK;
    if (root == NULL) {
        size_t at = end != NULL && end >= text && end <= text + len ? (size_t)(end - text) : 0;
        return cf_error_set(r->err, CF_ERR_DATA, r->source, line_at(text, 0, at, first_line),
                            NULL, "invalid JSON");
    }
    r->check_utf8 = 1; /* cJSON copies string bytes as they are */
    size_t pos = json_skip_ws(text, 0);
    const cJSON *array = root;
    const cJSON **items = malloc((r->ncols ? r->ncols : 1) * sizeof *items);
    if (items == NULL) {
        rc = cf_error_set(r->err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
        goto done;
    }
    if (cJSON_IsObject(root)) {
        const char *key = kind;
        array = cJSON_GetObjectItem(root, kind);
        if (array == NULL && alt_kind != NULL) {
            key = alt_kind;
            array = cJSON_GetObjectItem(root, alt_kind);
        }
        if (array != NULL && alt_kind != NULL && key == kind && cJSON_GetObjectItem(root, alt_kind) != NULL) {
            rc = cf_error_set(r->err, CF_ERR_DATA, r->source, line_at(text, 0, pos, first_line), alt_kind,
                              "both \"%s\" and \"%s\": give one", kind, alt_kind);
            goto done;
        }
        if (array != NULL && json_key_count(root, key) > 1) {
            rc = cf_error_set(r->err, CF_ERR_DATA, r->source, line_at(text, 0, pos, first_line), key,
                              "duplicate key");
            goto done;
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
        rc = json_columns(r, element, items, line);
        for (size_t col = 0; col < r->ncols && rc == CF_OK; col++)
            rc = json_value_text(r, col, items[col], line);
        if (rc == CF_OK)
            rc = reader_emit(r, line, 0);
        if (rc != CF_OK)
            goto done;
        i = json_skip_ws(text, json_skip_value(text, i));
        if (text[i] == ',')
            i = json_skip_ws(text, i + 1);
    }
done:
    free(items);
    cJSON_Delete(root);
    return rc;
}
