/* field.c — the typed field parsers every loader shares (declared in table.h):
 * text, numbers, whole numbers, dates, UN/LOCODEs, currencies and modes, each
 * with the one exact error message interface.md's users see. */
#include "table.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static inline int is_ascii_letter(char ch)
{
    char upper = (char)(ch & ~0x20); /* ASCII letters differ from their capitals in bit 5 */
    return upper >= 'A' && upper <= 'Z';
}

static inline char ascii_upper(char ch)
{
    return ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : ch;
}

int cf_field_text(const struct cf_table_record *rec, const char *field, const char *value,
                  char *out, size_t size, struct cf_error *err)
{
    if (value == NULL) {
        out[0] = '\0';
        return CF_OK;
    }
    size_t n = strlen(value);
    if (n >= size)
        return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, field,
                            "must be at most %zu bytes of UTF-8, got %zu", size - 1, n);
    memcpy(out, value, n + 1);
    return CF_OK;
}

/* Strict plain decimal: [+-]digits[.digits][e[+-]digits]; with a decimal
 * comma, "12,5" too (one separator, never a thousands one: see also
 * is_thousands_grouping). Up to 15 digits
 * without an exponent are converted exactly here (an integer below 2^53
 * divided by an exact power of ten is correctly rounded, as strtod would);
 * anything else goes through strtod. */
static int parse_number(const char *value, int decimal_comma, double *out)
{
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    const char *p = value;
    int negative = *p == '-';
    if (*p == '+' || *p == '-')
        p++;
    uint64_t mantissa = 0;
    int digits = 0, frac_digits = 0, seps = 0;
    for (;; p++) {
        char ch = *p;
        if (ch >= '0' && ch <= '9') {
            if (digits < 19)
                mantissa = mantissa * 10 + (uint64_t)(ch - '0');
            digits++;
            frac_digits += seps;
        } else if (ch == '.' || (ch == ',' && decimal_comma)) {
            if (++seps > 1)
                return -1;
        } else
            break;
    }
    if (digits == 0)
        return -1;
    if (*p == '\0' && digits <= 15) {
        double v = (double)mantissa / pow10[frac_digits];
        *out = negative ? -v : v;
        return 0;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        const char *exp_start = p;
        while (*p >= '0' && *p <= '9')
            p++;
        if (p == exp_start)
            return -1;
    }
    if (*p != '\0')
        return -1;
    char tmp[64];
    size_t n = (size_t)(p - value);
    if (n >= sizeof tmp)
        return -1;
    memcpy(tmp, value, n + 1);
    for (size_t i = 0; i < n; i++)
        if (tmp[i] == ',')
            tmp[i] = '.';
    char *end;
    double v = strtod(tmp, &end);
    if (*end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* In a file of decimal commas, a figure written with a dot as the thousands
 * separator of ZA/EU exports: [+-], 1-3 digits (no leading 0), then groups of
 * a dot and three digits, then at most a decimal comma and digits ("1.000",
 * "12.500,5", "1.234.567"). Read as a decimal point it would be a thousand
 * times too small, so it is refused; other dots ("0.300", "12.5") stay
 * decimal points. */
static int is_thousands_grouping(const char *value)
{
    const char *p = value;
    if (*p == '+' || *p == '-')
        p++;
    if (*p < '1' || *p > '9')
        return 0;
    int lead = 0, groups = 0;
    while (*p >= '0' && *p <= '9' && lead < 4) {
        p++;
        lead++;
    }
    if (lead > 3)
        return 0;
    while (p[0] == '.' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' && p[3] >= '0' &&
           p[3] <= '9' && !(p[4] >= '0' && p[4] <= '9')) {
        p += 4;
        groups++;
    }
    if (groups == 0)
        return 0;
    if (*p == ',')
        for (p++; *p >= '0' && *p <= '9'; p++)
            ;
    return *p == '\0';
}

/* The error for is_thousands_grouping, or CF_OK. */
static int check_no_thousands(const struct cf_table_record *rec, const char *field, const char *value,
                              struct cf_error *err)
{
    if (value == NULL || !rec->decimal_comma || !is_thousands_grouping(value))
        return CF_OK;
    return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, field,
                        "\"%s\" has a dot in a file with decimal commas (thousands separators are not "
                        "accepted)",
                        value);
}

int cf_field_number(const struct cf_table_record *rec, const char *field, const char *value,
                    enum cf_field_sign sign, double max, double *out, struct cf_error *err)
{
    double v;
    if (check_no_thousands(rec, field, value, err) != CF_OK)
        return CF_ERR_DATA;
    if (value == NULL || parse_number(value, rec->decimal_comma, &v) != 0)
        return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, field,
                            "must be a number, got \"%s\"", value != NULL ? value : "");
    if (sign == CF_FIELD_POSITIVE && !(v > 0))
        return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, field,
                            "must be > 0, got \"%s\"", value);
    if (sign == CF_FIELD_NON_NEGATIVE && !(v >= 0))
        return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, field,
                            "must be >= 0, got \"%s\"", value);
    if (v > max)
        return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, field,
                            "must be <= %.0f, got \"%s\"", max, value);
    *out = v == 0 ? 0 : v; /* no negative zero */
    return CF_OK;
}

int cf_field_positive_int(const struct cf_table_record *rec, const char *field, const char *value,
                          int *out, struct cf_error *err)
{
    double v;
    if (check_no_thousands(rec, field, value, err) != CF_OK)
        return CF_ERR_DATA;
    if (value == NULL || parse_number(value, rec->decimal_comma, &v) != 0 || v <= 0 ||
        v > 1000000 || v != floor(v))
        return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, field,
                            "must be a whole number from 1 to 1000000, got \"%s\"", value != NULL ? value : "");
    *out = (int)v;
    return CF_OK;
}

int cf_field_date(const struct cf_table_record *rec, const char *field, const char *value,
                  cf_date_t *out, struct cf_error *err)
{
    if (value == NULL) {
        *out = CF_DATE_NONE;
        return CF_OK;
    }
    if (cf_date_parse(value, out) == 0)
        return CF_OK;
    const char *problem = cf_date_problem(value);
    if (problem == NULL)
        problem = "must be a date YYYY-MM-DD";
    return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, field, "%s, got \"%s\"", problem, value);
}

int cf_field_locode(const struct cf_table_record *rec, const char *field, const char *value,
                    char *out, struct cf_error *err)
{
    /* UN/LOCODE: ISO 3166 country (2 letters) + location (3 letters or digits) */
    int ok = value != NULL && is_ascii_letter(value[0]) && is_ascii_letter(value[1]);
    for (int i = 2; ok && i < 5; i++)
        ok = is_ascii_letter(value[i]) || (value[i] >= '0' && value[i] <= '9');
    ok = ok && value[5] == '\0';
    if (!ok)
        return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, field,
                            "must be a UN/LOCODE such as ZADUR, got \"%s\"",
                            value != NULL ? value : "");
    for (int i = 0; i < 5; i++)
        out[i] = ascii_upper(value[i]);
    out[5] = '\0';
    return CF_OK;
}

int cf_field_currency(const struct cf_table_record *rec, const char *field, const char *value,
                      char *out, struct cf_error *err)
{
    int ok = value != NULL;
    for (int i = 0; ok && i < 3; i++)
        ok = is_ascii_letter(value[i]);
    ok = ok && value[3] == '\0';
    if (!ok)
        return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, field,
                            "must be a three-letter ISO 4217 code, got \"%s\"",
                            value != NULL ? value : "");
    for (int i = 0; i < 3; i++)
        out[i] = ascii_upper(value[i]);
    out[3] = '\0';
    return CF_OK;
}

/* sea, air or road in any case (as cf_mode_parse, without a strcasecmp per row). */
static int parse_mode(const char *text, enum cf_mode *out)
{
    for (int m = 0; m < CF_MODE_COUNT; m++) {
        const char *name = cf_mode_name((enum cf_mode)m);
        size_t i = 0;
        while (name[i] != '\0' && (text[i] | 0x20) == name[i])
            i++;
        if (name[i] == '\0' && text[i] == '\0') {
            *out = (enum cf_mode)m;
            return 0;
        }
    }
    return -1;
}

int cf_field_mode(const struct cf_table_record *rec, const char *field, const char *value,
                  enum cf_mode *out, struct cf_error *err)
{
    if (value == NULL || parse_mode(value, out) != 0)
        return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, field,
                            "must be sea, air or road, got \"%s\"", value != NULL ? value : "");
    return CF_OK;
}

int cf_field_modes(const struct cf_table_record *rec, const char *field, const char *value,
                   unsigned *out, struct cf_error *err)
{
    unsigned modes = 0;
    const char *p = value != NULL ? value : "";
    while (*p != '\0') {
        size_t sep = strspn(p, "|, \t");
        p += sep;
        size_t n = strcspn(p, "|, \t");
        if (n == 0)
            break;
        char token[16];
        enum cf_mode mode;
        if (n >= sizeof token) {
            return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, field,
                                "must be sea, air or road, got \"%.*s\"", (int)n, p);
        }
        memcpy(token, p, n);
        token[n] = '\0';
        if (parse_mode(token, &mode) != 0)
            return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, field,
                                "must be sea, air or road, got \"%s\"", token);
        modes |= CF_MODE_BIT(mode);
        p += n;
    }
    *out = modes != 0 ? modes : CF_MODES_ALL;
    return CF_OK;
}
