/* test_loaders.c — suite loaders: every input form of interface.md ("Input
 * files") gives the same records, every malformed input its exact message
 * and CF_ERR_DATA (65), and the quote stream keeps its memory flat. The
 * files in tests/data/loaders/ hold the same rows in each form. */
#include <criterion/criterion.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/loaders.h"

#define EPS 1e-9
#define DATA CF_TEST_DATA "/loaders/"

static cf_date_t day(const char *text)
{
    cf_date_t d = CF_DATE_NONE;
    cr_assert_eq(cf_date_parse(text, &d), 0, "bad date in test: %s", text);
    return d;
}

static void open_file(struct cf_source *src, const char *name)
{
    struct cf_error err = {0};
    char path[512];
    snprintf(path, sizeof path, DATA "%s", name);
    cr_assert_eq(cf_source_open_file(src, path, &err), CF_OK, "%s", err.message);
}

/* --- the same shipments in every form ----------------------------------- */

/* The rows written to each shipments_* file, as the loader must return them:
 * LOCODEs upper-cased, empty modes = every mode, quoted values unquoted. */
static void check_shipments(const struct cf_shipments *got, const long lines[4])
{
    cr_assert_eq(got->count, 4);
    const struct cf_shipment *s = got->items;
    cr_assert_str_eq(s[0].id, "S1");
    cr_assert_str_eq(s[0].firm, "Toyota Boshoku; SA, Durban");
    cr_assert_str_eq(s[0].origin, "ZADUR");
    cr_assert_str_eq(s[0].destination, "DEHAM");
    cr_assert_float_eq(s[0].volume_m3, 12.5, EPS);
    cr_assert_float_eq(s[0].weight_kg, 3400, EPS);
    cr_assert_eq(s[0].ready_date, day("2026-03-02"));
    cr_assert_eq(s[0].due_date, day("2026-04-20"));
    cr_assert_eq(s[0].modes, CF_MODE_BIT(CF_MODE_SEA));

    cr_assert_str_eq(s[1].firm, "Smiths \"Manufacturing\"");
    cr_assert_str_eq(s[1].origin, "ZADUR");
    cr_assert_str_eq(s[1].destination, "CNSHA");
    cr_assert_float_eq(s[1].volume_m3, 0.75, EPS);
    cr_assert_float_eq(s[1].weight_kg, 120.5, EPS);
    cr_assert_eq(s[1].modes, CF_MODE_BIT(CF_MODE_AIR) | CF_MODE_BIT(CF_MODE_SEA));

    cr_assert_str_eq(s[2].firm, "Bell\nEquipment");
    cr_assert_eq(s[2].modes, CF_MODES_ALL);
    cr_assert_float_eq(s[2].volume_m3, 20, EPS);

    cr_assert_str_eq(s[3].id, "S4");
    cr_assert_str_eq(s[3].origin, "ZAPLZ");
    cr_assert_eq(s[3].ready_date, s[3].due_date);
    cr_assert_eq(s[3].modes, CF_MODE_BIT(CF_MODE_ROAD));
    for (int i = 0; i < 4; i++)
        cr_assert_eq(s[i].line, lines[i], "row %d: line %ld, expected %ld", i, s[i].line,
                     lines[i]);
}

static void load_shipments_file(const char *name, const long lines[4])
{
    struct cf_source src;
    struct cf_error err = {0};
    struct cf_shipments got = {0};
    open_file(&src, name);
    int rc = cf_load_shipments(&src, &got, &err);
    cf_source_close(&src);
    cr_assert_eq(rc, CF_OK, "%s: %s", name, err.message);
    check_shipments(&got, lines);
    cf_shipments_free(&got);
}

/* CSV lines: header 1, S1 2, S2 3, S3 4-5 (a quoted newline), S4 6-7. */
static const long csv_lines[4] = {2, 3, 4, 6};

Test(loaders, shipments_csv_comma) { load_shipments_file("shipments_comma.csv", csv_lines); }
Test(loaders, shipments_csv_semicolon_with_decimal_commas)
{
    load_shipments_file("shipments_semicolon.csv", csv_lines);
}
Test(loaders, shipments_csv_bom_and_crlf) { load_shipments_file("shipments_bom_crlf.csv", csv_lines); }

/* JSON array: "[" on line 1, one object per line from line 2. */
Test(loaders, shipments_json_array)
{
    static const long lines[4] = {2, 3, 4, 5};
    load_shipments_file("shipments_array.json", lines);
}

/* Wrapped: "{" line 1, "shipments": [ line 2, objects from line 3. */
Test(loaders, shipments_json_wrapped)
{
    static const long lines[4] = {3, 4, 5, 6};
    load_shipments_file("shipments_wrapped.json", lines);
}

/* --- the same quotes in every form -------------------------------------- */

/* Base USD; 1 EUR = 1.08 USD, 1 ZAR = 0.055 USD (made-up test rates). */
static void test_fx(struct cf_fx *fx)
{
    struct cf_error err = {0};
    cr_assert_eq(cf_fx_init(fx, "USD", &err), CF_OK);
    cr_assert_eq(cf_fx_set(fx, "EUR", 1.08, &err), CF_OK);
    cr_assert_eq(cf_fx_set(fx, "ZAR", 0.055, &err), CF_OK);
}

static void check_quotes(const struct cf_quotes *got, const long lines[3])
{
    cr_assert_eq(got->count, 3);
    const struct cf_quote *q = got->items;
    /* row 1: 1450.5 + 210 USD = 1660.5 USD all-in */
    cr_assert_str_eq(q[0].firm, "Toyota Boshoku; SA, Durban");
    cr_assert_eq(q[0].mode, CF_MODE_SEA);
    cr_assert_str_eq(q[0].equipment, "20GP"); /* "20gp" in the file: catalogue spelling */
    cr_assert_float_eq(q[0].amount, 1450.5, EPS);
    cr_assert_float_eq(q[0].surcharges, 210, EPS);
    cr_assert_float_eq(q[0].all_in, 1660.5, EPS);
    cr_assert_float_eq(q[0].min_charge_base, 0, EPS);
    cr_assert_eq(q[0].transit_days, 30);
    cr_assert_eq(q[0].valid_from, day("2026-01-01"));
    cr_assert_eq(q[0].valid_to, day("2026-06-30"));
    cr_assert_str_eq(q[0].carrier, "Maersk \"Line\"");
    cr_assert_str_eq(q[0].currency, "USD");

    /* row 2: (3.2 + 0.4) EUR x 1.08 = 3.888 USD per kg; min 150 EUR x 1.08 = 162 USD;
     * no transit_days: air default 3 (domain.md, "Time") */
    cr_assert_str_eq(q[1].firm, "Bell");
    cr_assert_eq(q[1].mode, CF_MODE_AIR);
    cr_assert_str_eq(q[1].origin, "ZADUR");
    cr_assert_str_eq(q[1].currency, "EUR");
    cr_assert_float_eq(q[1].all_in, 3.888, EPS);
    cr_assert_float_eq(q[1].min_charge, 150, EPS);
    cr_assert_float_eq(q[1].min_charge_base, 162, EPS);
    cr_assert_eq(q[1].transit_days, 3);
    cr_assert_eq(q[1].valid_from, CF_DATE_NONE);
    cr_assert_eq(q[1].valid_to, CF_DATE_NONE);
    cr_assert_str_eq(q[1].carrier, "Emirates\nSkyCargo");

    /* row 3: 18000 ZAR x 0.055 = 990 USD; road default 2 days; min_teu 2.5 */
    cr_assert_str_eq(q[2].equipment, "FTL");
    cr_assert_float_eq(q[2].surcharges, 0, EPS);
    cr_assert_float_eq(q[2].all_in, 990, EPS);
    cr_assert_eq(q[2].transit_days, 2);
    cr_assert_float_eq(q[2].min_teu, 2.5, EPS);
    cr_assert_str_eq(q[2].carrier, "");
    for (int i = 0; i < 3; i++)
        cr_assert_eq(q[i].line, lines[i], "row %d: line %ld, expected %ld", i, q[i].line,
                     lines[i]);
}

static void load_quotes_file(const char *name, int cluster, const long lines[3])
{
    struct cf_source src;
    struct cf_error err = {0};
    struct cf_quotes got = {0};
    struct cf_fx fx;
    struct cf_catalogue cat;
    test_fx(&fx);
    cr_assert_eq(cf_catalogue_init_builtin(&cat, &err), CF_OK);
    struct cf_quote_opts opts = {&fx, &cat, cluster};
    open_file(&src, name);
    int rc = cf_load_quotes(&src, &opts, &got, &err);
    cf_source_close(&src);
    cr_assert_eq(rc, CF_OK, "%s: %s", name, err.message);
    check_quotes(&got, lines);
    cf_quotes_free(&got);
    cf_catalogue_free(&cat);
    cf_fx_free(&fx);
}

/* CSV lines: header 1, rows 2, 3-4 (quoted newline in carrier), 5. */
static const long quote_csv_lines[3] = {2, 3, 5};

Test(loaders, quotes_csv_comma) { load_quotes_file("quotes_comma.csv", 0, quote_csv_lines); }
Test(loaders, quotes_csv_semicolon_with_decimal_commas)
{
    load_quotes_file("quotes_semicolon.csv", 0, quote_csv_lines);
}
Test(loaders, quotes_csv_bom_and_crlf) { load_quotes_file("quotes_bom_crlf.csv", 0, quote_csv_lines); }
Test(loaders, quotes_json_array)
{
    static const long lines[3] = {2, 3, 4};
    load_quotes_file("quotes_array.json", 0, lines);
}
Test(loaders, quotes_json_wrapped)
{
    static const long lines[3] = {3, 4, 5};
    load_quotes_file("quotes_wrapped.json", 0, lines);
}

/* --- memory sources ------------------------------------------------------ */

struct loaded {
    int rc;
    struct cf_error err;
    struct cf_shipments shipments;
    struct cf_quotes quotes;
};

static struct loaded load_shipments_text(const char *text)
{
    struct loaded l = {0};
    struct cf_source src;
    cf_source_from_memory(&src, "S", text, strlen(text), NULL);
    l.rc = cf_load_shipments(&src, &l.shipments, &l.err);
    return l;
}

static struct loaded load_quotes_text(const char *text, int cluster, const char *content_type)
{
    struct loaded l = {0};
    struct cf_source src;
    struct cf_fx fx;
    struct cf_catalogue cat;
    struct cf_error err = {0};
    cr_assert_eq(cf_fx_init(&fx, "USD", &err), CF_OK);
    cr_assert_eq(cf_fx_set(&fx, "ZAR", 0.055, &err), CF_OK);
    cr_assert_eq(cf_catalogue_init_builtin(&cat, &err), CF_OK);
    struct cf_quote_opts opts = {&fx, &cat, cluster};
    cf_source_from_memory(&src, "S", text, strlen(text), content_type);
    l.rc = cf_load_quotes(&src, &opts, &l.quotes, &l.err);
    cf_catalogue_free(&cat);
    cf_fx_free(&fx);
    return l;
}

static void loaded_free(struct loaded *l)
{
    cf_shipments_free(&l->shipments);
    cf_quotes_free(&l->quotes);
}

#define SHIP_HEADER "id,firm,origin,destination,volume_m3,weight_kg,ready_date,due_date,modes\n"
#define SHIP_ROW(id) id ",F1,ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20,sea\n"
#define QUOTE_HEADER "firm,mode,origin,destination,equipment,amount,currency,valid_from,valid_to,transit_days\n"
#define QUOTE_ROW "F1,sea,ZADUR,DEHAM,20GP,1500,USD,,,\n"

Test(loaders, header_only_is_an_empty_list)
{
    struct loaded l = load_shipments_text(SHIP_HEADER);
    cr_assert_eq(l.rc, CF_OK, "%s", l.err.message);
    cr_assert_eq(l.shipments.count, 0);
    loaded_free(&l);
    l = load_quotes_text("[]", 0, NULL);
    cr_assert_eq(l.rc, CF_OK, "%s", l.err.message);
    cr_assert_eq(l.quotes.count, 0);
    loaded_free(&l);
}

Test(loaders, columns_in_any_order_any_case_and_blank_lines_skipped)
{
    /* header trimmed and case-insensitive, an unknown column ignored, blank lines
     * (also ",,,," as Excel writes them) skipped but counted: the row is line 5 */
    struct loaded l = load_shipments_text(
        "\n Due_Date ,READY_DATE,weight_kg,volume_m3,destination,origin,firm,id,notes\n"
        "\r\n,,,,,,,,\n"
        "2026-04-20,2026-03-02,2000,10,deham,zadur,F1,S9,hello\n");
    cr_assert_eq(l.rc, CF_OK, "%s", l.err.message);
    cr_assert_eq(l.shipments.count, 1);
    cr_assert_str_eq(l.shipments.items[0].id, "S9");
    cr_assert_str_eq(l.shipments.items[0].destination, "DEHAM");
    cr_assert_eq(l.shipments.items[0].modes, CF_MODES_ALL); /* no modes column */
    cr_assert_eq(l.shipments.items[0].line, 5);
    loaded_free(&l);
}

Test(loaders, lone_cr_and_mixed_line_ends_count_lines)
{
    /* header CR (line 1), row CRLF (line 2), blank LF (line 3), blank CR (line 4),
     * row LF (line 5), row CR (line 6): the bad row is on line 6 */
    struct loaded l = load_quotes_text("firm,mode,origin,destination,equipment,amount,currency\r"
                                       "F1,sea,ZADUR,DEHAM,20GP,1500,USD\r\n"
                                       "\n"
                                       "\r"
                                       "F1,sea,ZADUR,DEHAM,20GP,1500,USD\n"
                                       "F1,sea,ZADUR,DEHAM,20GP,x,USD\r",
                                       0, NULL);
    cr_assert_eq(l.rc, CF_ERR_DATA);
    cr_assert_str_eq(l.err.message, "S:6: amount: must be a number, got \"x\"");
    loaded_free(&l);
}

Test(loaders, cluster_rates_need_no_firm_and_accept_the_rates_key)
{
    struct loaded l = load_quotes_text(
        "{\"rates\": [{\"mode\": \"sea\", \"origin\": \"ZADUR\", \"destination\": \"DEHAM\", "
        "\"equipment\": \"40HC\", \"amount\": 2000, \"currency\": \"ZAR\", \"min_teu\": 10}]}",
        1, NULL);
    cr_assert_eq(l.rc, CF_OK, "%s", l.err.message);
    cr_assert_eq(l.quotes.count, 1);
    cr_assert_str_eq(l.quotes.items[0].firm, "");
    cr_assert_float_eq(l.quotes.items[0].all_in, 110, EPS); /* 2000 ZAR x 0.055 */
    cr_assert_float_eq(l.quotes.items[0].min_teu, 10, EPS);
    cr_assert_eq(l.quotes.items[0].transit_days, 28); /* sea default, domain.md "Time" */
    loaded_free(&l);
}

Test(loaders, content_type_decides_the_format)
{
    /* "[" would sniff as JSON, but the server says CSV: a one-column header "[" */
    struct loaded l = load_quotes_text("[\n", 0, "text/csv; charset=utf-8");
    cr_assert_eq(l.rc, CF_ERR_DATA);
    cr_assert_str_eq(l.err.message, "S:1: firm: missing column");
    loaded_free(&l);
    l = load_quotes_text(QUOTE_HEADER QUOTE_ROW, 0, "Application/JSON");
    cr_assert_eq(l.rc, CF_ERR_DATA);
    cr_assert_str_eq(l.err.message, "S:1: invalid JSON");
    loaded_free(&l);
}

/* --- every malformed input: exact message, code 65 ----------------------- */

struct bad_case {
    char kind; /* 's' shipments, 'q' quotes, 'c' cluster rates, 'f' fx, 'e' equipment */
    const char *text;
    const char *message;
};

static const struct bad_case bad_cases[] = {
    {'s', "id,firm,origin,destination,weight_kg,ready_date,due_date\n", "S:1: volume_m3: missing column"},
    {'s', SHIP_HEADER SHIP_ROW("S1") SHIP_ROW("S2") SHIP_ROW("S3") SHIP_ROW("S4")
          "S5,,ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20,sea\n",
     "S:6: firm: missing value"},
    {'s', SHIP_HEADER "S1,F1,ZADUR,DEHAM,abc,2000,2026-03-02,2026-04-20,sea\n",
     "S:2: volume_m3: must be a number, got \"abc\""},
    {'s', SHIP_HEADER "S1,F1,ZADUR,DEHAM,-3,2000,2026-03-02,2026-04-20,sea\n",
     "S:2: volume_m3: must be > 0, got \"-3\""},
    {'s', SHIP_HEADER "S1,F1,ZADUR,DEHAM,10,0,2026-03-02,2026-04-20,sea\n",
     "S:2: weight_kg: must be > 0, got \"0\""},
    /* a decimal comma only in a semicolon file; never a thousands separator */
    {'s', SHIP_HEADER "S1,F1,ZADUR,DEHAM,\"12,5\",2000,2026-03-02,2026-04-20,sea\n",
     "S:2: volume_m3: must be a number, got \"12,5\""},
    {'s', SHIP_HEADER "S1,F1,ZADUR,DEHAM,1e999,2000,2026-03-02,2026-04-20,sea\n",
     "S:2: volume_m3: must be a number, got \"1e999\""},
    {'s', SHIP_HEADER "S1,F1,ZADUR,DEHAM,nan,2000,2026-03-02,2026-04-20,sea\n",
     "S:2: volume_m3: must be a number, got \"nan\""},
    {'s', SHIP_HEADER SHIP_ROW("S1") SHIP_ROW("S2") SHIP_ROW("S3")
          "S4,F1,ZADUR,DEHAM,10,2000,2026-13-01,2026-04-20,sea\n",
     "S:5: ready_date: no such day in the calendar, got \"2026-13-01\""},
    {'s', SHIP_HEADER "S1,F1,ZADUR,DEHAM,10,2000,2026-03-10,2026-03-01,sea\n",
     "S:2: due_date: must not be before ready_date 2026-03-10, got \"2026-03-01\""},
    /* a window of more than two years is a typo (2207 for 2027): 65,749 daily departures */
    {'s', SHIP_HEADER "S1,F1,ZADUR,DEHAM,10,2000,2027-01-04,2207-01-10,sea\n",
     "S:2: due_date: \"2207-01-10\" is 65749 days after ready_date 2027-01-04; a shipment's window is at most 731 days"},
    {'s', SHIP_HEADER "S1,F1,ZADUR,DEHAM,10,2000,2027-01-04,2029-01-05,sea\n",
     "S:2: due_date: \"2029-01-05\" is 732 days after ready_date 2027-01-04; a shipment's window is at most 731 days"},
    {'s', SHIP_HEADER "S1,F1,Durban,DEHAM,10,2000,2026-03-02,2026-04-20,sea\n",
     "S:2: origin: must be a UN/LOCODE such as ZADUR, got \"Durban\""},
    {'s', SHIP_HEADER "S1,F1,ZADUR,DE-HA,10,2000,2026-03-02,2026-04-20,sea\n",
     "S:2: destination: must be a UN/LOCODE such as ZADUR, got \"DE-HA\""},
    {'s', SHIP_HEADER "S1,F1,ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20,sea|rail\n",
     "S:2: modes: must be sea, air or road, got \"rail\""},
    {'s', SHIP_HEADER SHIP_ROW("S0") SHIP_ROW("S1") SHIP_ROW("S2") SHIP_ROW("S3") SHIP_ROW("S4")
          SHIP_ROW("S5") SHIP_ROW("S6") SHIP_ROW("S1"),
     "S:9: id: duplicate shipment id \"S1\" (first on line 3)"},
    {'s', "", "S: empty file (expected a header row)"},
    {'s', "\xEF\xBB\xBF", "S: empty file (expected a header row)"},
    {'s', " \r\n\n\t\n", "S: empty file (expected a header row)"},
    /* JSON: the line where the object starts; a key absent = an empty value */
    {'s', "[\n{\"id\": \"S1\", \"firm\": \"F1\",\n \"origin\": \"ZADUR\"}\n]",
     "S:2: destination: missing value"},
    {'s', "[\n  {\"id\": \"S1\",\n   \"firm\": }\n]", "S:3: invalid JSON"},
    {'s', "[\n{\"id\": \"S1\", \"firm\": \"F1\", \"origin\": \"ZADUR\", \"destination\": \"DEHAM\", "
          "\"volume_m3\": 1, \"weight_kg\": 1, \"ready_date\": \"2026-03-02\", "
          "\"due_date\": \"2026-03-02\"},\n\n 5\n]",
     "S:4: expected an object"},
    {'s', "[\n{\"id\": \"S1\", \"firm\": \"F1\", \"origin\": \"ZADUR\", \"destination\": \"DEHAM\", "
          "\"volume_m3\": -3, \"weight_kg\": 1, \"ready_date\": \"2026-03-02\", "
          "\"due_date\": \"2026-03-02\"}]",
     "S:2: volume_m3: must be > 0, got \"-3\""},
    {'s', "{\"quotes\": []}", "S:1: expected an array of objects, or an object holding one under \"shipments\""},

    {'q', QUOTE_HEADER ",sea,ZADUR,DEHAM,20GP,1500,USD,,,\n", "S:2: firm: missing value"},
    {'q', QUOTE_HEADER "F1,sea,ZADUR,DEHAM,20GP,-1,USD,,,\n", "S:2: amount: must be >= 0, got \"-1\""},
    {'q', QUOTE_HEADER "F1,rail,ZADUR,DEHAM,20GP,1500,USD,,,\n",
     "S:2: mode: must be sea, air or road, got \"rail\""},
    {'q', QUOTE_HEADER QUOTE_ROW QUOTE_ROW QUOTE_ROW "F1,sea,ZADUR,DEHAM,20GP,1500,USD,2026-03-10,2026-03-01,\n",
     "S:5: valid_to: must not be before valid_from 2026-03-10, got \"2026-03-01\""},
    {'q', QUOTE_HEADER QUOTE_ROW QUOTE_ROW QUOTE_ROW "F1,sea,ZADUR,DEHAM,20GP,1500,USD,,,2.5\n",
     "S:5: transit_days: must be a whole number from 1 to 1000000, got \"2.5\""},
    {'q', QUOTE_HEADER "F1,sea,ZADUR,DEHAM,20GP,1500,USD,,,0\n",
     "S:2: transit_days: must be a whole number from 1 to 1000000, got \"0\""},
    {'q', QUOTE_HEADER QUOTE_ROW QUOTE_ROW QUOTE_ROW QUOTE_ROW QUOTE_ROW "F1,sea,ZADUR,DEHAM,20GP,1500,usd1,,,\n",
     "S:7: currency: must be a three-letter ISO 4217 code, got \"usd1\""},
    {'q', QUOTE_HEADER QUOTE_ROW QUOTE_ROW QUOTE_ROW QUOTE_ROW QUOTE_ROW "F1,sea,ZADUR,DEHAM,20GP,1500,eur,,,\n",
     "S:7: currency: no exchange rate for EUR into USD (give --fx)"},
    {'q', QUOTE_HEADER QUOTE_ROW QUOTE_ROW "F1,sea,ZADUR,DEHAM,45R1,1500,USD,,,\n",
     "S:4: equipment: unknown equipment \"45R1\" (known: 20GP, 40GP, 40HC, FTL, LCL, AIR, LTL)"},
    {'q', QUOTE_HEADER QUOTE_ROW QUOTE_ROW "F1,road,ZADUR,DEHAM,20gp,1500,USD,,,\n",
     "S:4: equipment: 20GP is sea equipment, but mode is road"},
    {'q', "firm,mode,origin,destination,equipment,currency\n", "S:1: amount: missing column"},
    {'q', "[\n\"F1\"\n]", "S:2: expected an object"},
    {'c', "mode,origin,destination,equipment,amount,currency,min_teu\n"
          "sea,ZADUR,DEHAM,20GP,1500,USD,-2\n",
     "S:2: min_teu: must be >= 0, got \"-2\""},

    /* the limits of models/input_limits.h: far beyond real figures, they keep
       every charge and total inside cents in 64 bits */
    {'s', SHIP_HEADER "S1,F1,ZADUR,DEHAM,20000,2000,2026-03-02,2026-04-20,sea\n",
     "S:2: volume_m3: must be <= 10000, got \"20000\""},
    {'s', SHIP_HEADER "S1,F1,ZADUR,DEHAM,10,1e7,2026-03-02,2026-04-20,sea\n",
     "S:2: weight_kg: must be <= 1000000, got \"1e7\""},
    {'q', QUOTE_HEADER "F1,sea,ZADUR,DEHAM,20GP,1e308,USD,,,\n",
     "S:2: amount: must be <= 1000000000000, got \"1e308\""},
    {'q', "firm,mode,origin,destination,equipment,amount,surcharges,currency\n"
          "F1,sea,ZADUR,DEHAM,20GP,999999999,2,USD\n",
     "S:2: amount: amount + surcharges is 1000000001.00 USD a container, more than 1000000000: check the "
     "figure and the exchange rate"},
    {'q', "firm,mode,origin,destination,equipment,amount,surcharges,currency\n"
          "F1,sea,ZADUR,DEHAM,LCL,9999999,2,USD\n",
     "S:2: amount: amount + surcharges is 10000001.00 USD a revenue ton, more than 10000000: check the "
     "figure and the exchange rate"},
    {'q', "firm,mode,origin,destination,equipment,amount,surcharges,currency\n"
          "F1,air,ZADUR,DEHAM,AIR,10000000,0.5,USD\n",
     "S:2: amount: amount + surcharges is 10000000.50 USD a kg, more than 10000000: check the figure and "
     "the exchange rate"},
    {'q', "firm,mode,origin,destination,equipment,amount,min_charge,currency\n"
          "F1,sea,ZADUR,DEHAM,LCL,60,2000000000,USD\n",
     "S:2: min_charge: min_charge is 2000000000.00 USD, more than 1000000000: check the figure and the "
     "exchange rate"},
    {'c', "mode,origin,destination,equipment,amount,currency,min_teu\n"
          "sea,ZADUR,DEHAM,20GP,1500,USD,2e6\n",
     "S:2: min_teu: must be <= 1000000, got \"2e6\""},
    {'f', "currency,rate\nEUR,1e10\n", "S:2: rate: must be <= 1000000000, got \"1e10\""},
    {'e', "code,mode,teu,volume_m3,payload_kg\n45R1,sea,2,60,2e6\n",
     "S:2: payload_kg: must be <= 1000000, got \"2e6\""},
    {'e', "code,mode,teu,volume_m3,payload_kg\n45R1,sea,200,60,29000\n",
     "S:2: teu: must be <= 100, got \"200\""},
    /* a quoted value with line breaks cannot split the one-line message */
    {'s', SHIP_HEADER "S1,F1,ZADUR,DEHAM,10,2000,2026-03-02,\"2026-04-20\r\nS2,\tF1\",sea\n",
     "S:2: due_date: must be a date YYYY-MM-DD, got \"2026-04-20\\r\\nS2,\\tF1\""},
    {'f', "currency,rate\nEUR,1.08\nZAR,-1\n", "S:3: rate: must be > 0, got \"-1\""},
    {'f', "currency,rate\neuro,1.08\n", "S:2: currency: must be a three-letter ISO 4217 code, got \"euro\""},
    {'f', "currency\nEUR\n", "S:1: rate: missing column"},
    {'e', "code,mode,teu,volume_m3,payload_kg\n45R1,sea,2,0,29000\n",
     "S:2: volume_m3: must be > 0, got \"0\""},
    /* a date of the right shape that the calendar lacks, and a year out of range */
    {'s', SHIP_HEADER "S1,F1,ZADUR,DEHAM,10,2000,2026-02-29,2026-04-20,sea\n",
     "S:2: ready_date: no such day in the calendar, got \"2026-02-29\""},
    {'s', SHIP_HEADER "S1,F1,ZADUR,DEHAM,10,2000,2026-03-02,3026-04-20,sea\n",
     "S:2: due_date: year must be from 1900 to 2999, got \"3026-04-20\""},
    /* a sea box of 0 TEU: propose found no lane for it and no tier counted it */
    {'e', "code,mode,teu,volume_m3,payload_kg\n45R1,sea,0,60,29000\n",
     "S:2: teu: must be > 0 for a sea container (a 20ft box is 1), got \"0\""},
    {'e', "code,mode,teu,volume_m3,payload_kg\n45R1,rail,2,60,29000\n",
     "S:2: mode: must be sea, air or road, got \"rail\""},
};

/* Load c->text as its kind and expect CF_ERR_DATA (65) with c->message. */
static void expect_bad_case(const struct bad_case *c, size_t i)
{
    struct cf_source src;
    struct cf_error err = {0};
    struct cf_fx fx;
    struct cf_catalogue cat;
    struct cf_shipments shipments = {0};
    struct cf_quotes quotes = {0};
    cr_assert_eq(cf_fx_init(&fx, "USD", &err), CF_OK);
    cr_assert_eq(cf_catalogue_init_builtin(&cat, &err), CF_OK);
    struct cf_quote_opts opts = {&fx, &cat, c->kind == 'c'};
    cf_source_from_memory(&src, "S", c->text, strlen(c->text), NULL);
    int rc;
    switch (c->kind) {
    case 's': rc = cf_load_shipments(&src, &shipments, &err); break;
    case 'f': rc = cf_load_fx(&src, &fx, &err); break;
    case 'e': rc = cf_load_equipment(&src, &cat, &err); break;
    default: rc = cf_load_quotes(&src, &opts, &quotes, &err); break;
    }
    cr_expect_eq(rc, CF_ERR_DATA, "case %zu: rc %d (%s)", i, rc, err.message);
    cr_expect_str_eq(err.message, c->message, "case %zu", i);
    cf_shipments_free(&shipments);
    cf_quotes_free(&quotes);
    cf_catalogue_free(&cat);
    cf_fx_free(&fx);
}

#define EXPECT_BAD_CASES(cases)                                    \
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) \
        expect_bad_case(&cases[i], i)

Test(loaders, malformed_inputs_give_exact_messages) { EXPECT_BAD_CASES(bad_cases); }

/* --- text is UTF-8 ---------------------------------------------------------- */

/* interface.md: inputs are UTF-8. A byte sequence that is not (Latin-1 0xE9,
 * an overlong '/', a UTF-16 surrogate, a cut sequence, a code point above
 * U+10FFFF) is an error naming the field, in every loader and both formats,
 * so it can never be copied into JSON output. */
static const struct bad_case utf8_cases[] = {
    {'s', SHIP_HEADER "S1,F\xE9,ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20,sea\n",
     "S:2: firm: not valid UTF-8"},
    {'s', SHIP_HEADER SHIP_ROW("S1") "S2,\"F \xC0\xAF\",ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20,sea\n",
     "S:3: firm: not valid UTF-8"},
    {'s', SHIP_HEADER "S\xED\xA0\x80,F1,ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20,sea\n",
     "S:2: id: not valid UTF-8"},
    {'s', SHIP_HEADER "S1,F1,ZADUR,DEHAM,1\xE9,2000,2026-03-02,2026-04-20,sea\n",
     "S:2: volume_m3: not valid UTF-8"},
    {'s', "[\n{\"id\": \"S1\", \"firm\": \"F\xE2\x82\", \"origin\": \"ZADUR\", \"destination\": \"DEHAM\", "
          "\"volume_m3\": 1, \"weight_kg\": 1, \"ready_date\": \"2026-03-02\", "
          "\"due_date\": \"2026-03-02\"}]",
     "S:2: firm: not valid UTF-8"},
    {'q', QUOTE_HEADER "F\xF4\x90\x80\x80,sea,ZADUR,DEHAM,20GP,1500,USD,,,\n", "S:2: firm: not valid UTF-8"},
    {'q', "firm,mode,origin,destination,equipment,amount,currency,carrier\n"
          "F1,sea,ZADUR,DEHAM,20GP,1500,USD,\"Ma\xE9rsk\"\n",
     "S:2: carrier: not valid UTF-8"},
    {'c', "[{\"mode\": \"sea\", \"origin\": \"ZADUR\", \"destination\": \"DEHAM\", \"equipment\": \"20GP\", "
          "\"amount\": 1500, \"currency\": \"USD\", \"carrier\": \"\xFF\"}]",
     "S:1: carrier: not valid UTF-8"},
    {'f', "currency;rate\nEUR;1,08\n\xE9UR;1,1\n", "S:3: currency: not valid UTF-8"},
    {'e', "code,mode,teu,volume_m3,payload_kg\nX\xFF,sea,2,60,29000\n", "S:2: code: not valid UTF-8"},
};

Test(loaders, invalid_utf8_is_an_error_in_every_loader) { EXPECT_BAD_CASES(utf8_cases); }

Test(loaders, utf8_names_load_as_written)
{
    /* two- to four-byte sequences, behind a BOM, in CSV and JSON */
    struct loaded l = load_shipments_text(
        "\xEF\xBB\xBF" SHIP_HEADER
        "S1,Soci\xC3\xA9t\xC3\xA9 G\xC3\xA9n\xC3\xA9rale,ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20,sea\n"
        "\xE2\x82\xAC" "2,\xE3\x83\x88\xE3\x83\xA8\xE3\x82\xBF,ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20,sea\n"
        "S3,\"\xF0\x9F\x9A\xA2 Ships\",ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20,sea\n");
    cr_assert_eq(l.rc, CF_OK, "%s", l.err.message);
    cr_assert_eq(l.shipments.count, 3);
    cr_assert_str_eq(l.shipments.items[0].firm, "Soci\xC3\xA9t\xC3\xA9 G\xC3\xA9n\xC3\xA9rale");
    cr_assert_str_eq(l.shipments.items[1].id, "\xE2\x82\xAC" "2");
    cr_assert_str_eq(l.shipments.items[1].firm, "\xE3\x83\x88\xE3\x83\xA8\xE3\x82\xBF");
    cr_assert_str_eq(l.shipments.items[2].firm, "\xF0\x9F\x9A\xA2 Ships");
    loaded_free(&l);
    l = load_quotes_text("[{\"firm\": \"Soci\\u00e9t\\u00e9\", \"mode\": \"sea\", \"origin\": \"ZADUR\", "
                         "\"destination\": \"DEHAM\", \"equipment\": \"20GP\", \"amount\": 1500, "
                         "\"currency\": \"USD\", \"carrier\": \"\xE3\x83\x88\"}]",
                         0, NULL);
    cr_assert_eq(l.rc, CF_OK, "%s", l.err.message);
    cr_assert_str_eq(l.quotes.items[0].firm, "Soci\xC3\xA9t\xC3\xA9");
    cr_assert_str_eq(l.quotes.items[0].carrier, "\xE3\x83\x88");
    loaded_free(&l);
}

/* --- decimal commas ---------------------------------------------------------- */

/* In a semicolon file the decimal separator is the comma, and ZA/EU exports
 * write one thousand as "1.000": a figure whose dots group digits in threes
 * after a first group of 1-3 digits is refused, never read as 1.0. Other dots
 * are read as decimal points, as before (numbers_parse_exactly). */
static const struct bad_case thousands_cases[] = {
    {'q', "firm;mode;origin;destination;equipment;amount;currency\nF1;sea;ZADUR;DEHAM;20GP;1.000;USD\n",
     "S:2: amount: \"1.000\" has a dot in a file with decimal commas (thousands separators are not "
     "accepted)"},
    {'q', "firm;mode;origin;destination;equipment;amount;currency\nF1;sea;ZADUR;DEHAM;20GP;1.000,50;USD\n",
     "S:2: amount: \"1.000,50\" has a dot in a file with decimal commas (thousands separators are not "
     "accepted)"},
    {'s', "id;firm;origin;destination;volume_m3;weight_kg;ready_date;due_date\n"
          "S1;F1;ZADUR;DEHAM;10;1.234,5;2026-03-02;2026-04-20\n",
     "S:2: weight_kg: \"1.234,5\" has a dot in a file with decimal commas (thousands separators are not "
     "accepted)"},
    {'s', "id;firm;origin;destination;volume_m3;weight_kg;ready_date;due_date\n"
          "S1;F1;ZADUR;DEHAM;10;-12.500;2026-03-02;2026-04-20\n",
     "S:2: weight_kg: \"-12.500\" has a dot in a file with decimal commas (thousands separators are not "
     "accepted)"},
    {'s', "id;firm;origin;destination;volume_m3;weight_kg;ready_date;due_date\n"
          "S1;F1;ZADUR;DEHAM;10;1.234.567;2026-03-02;2026-04-20\n",
     "S:2: weight_kg: \"1.234.567\" has a dot in a file with decimal commas (thousands separators are "
     "not accepted)"},
    {'q', "firm;mode;origin;destination;equipment;amount;currency;transit_days\n"
          "F1;sea;ZADUR;DEHAM;20GP;1000;USD;1.000\n",
     "S:2: transit_days: \"1.000\" has a dot in a file with decimal commas (thousands separators are "
     "not accepted)"},
    {'f', "currency;rate\nEUR;1.100\n",
     "S:2: rate: \"1.100\" has a dot in a file with decimal commas (thousands separators are not accepted)"},
};

Test(loaders, a_thousands_dot_in_a_decimal_comma_file_is_an_error)
{
    EXPECT_BAD_CASES(thousands_cases);
    /* not a grouping of thousands: read as before (decimal comma, or a decimal point) */
    struct loaded l = load_shipments_text("id;firm;origin;destination;volume_m3;weight_kg;ready_date;due_date\n"
                                          "A;F;ZADUR;DEHAM;1,000;0.300;2026-03-02;2026-03-02\n"
                                          "B;F;ZADUR;DEHAM;1234.567;12.5;2026-03-02;2026-03-02\n");
    cr_assert_eq(l.rc, CF_OK, "%s", l.err.message);
    cr_assert_eq(l.shipments.items[0].volume_m3, 1.0);
    cr_assert_eq(l.shipments.items[0].weight_kg, 0.3);
    cr_assert_eq(l.shipments.items[1].volume_m3, 1234.567);
    cr_assert_eq(l.shipments.items[1].weight_kg, 12.5);
    loaded_free(&l);
    /* a comma file reads 1.000 as one, with a decimal point */
    l = load_shipments_text(SHIP_HEADER "S1,F1,ZADUR,DEHAM,1.000,2000,2026-03-02,2026-04-20,sea\n");
    cr_assert_eq(l.rc, CF_OK, "%s", l.err.message);
    cr_assert_eq(l.shipments.items[0].volume_m3, 1.0);
    loaded_free(&l);
}

/* --- quotes in CSV -------------------------------------------------------- */

/* RFC 4180 quoting broken three ways, each named by its column (the caller's
 * name, else the header's, else its number) in plain words, not libcsv's. */
static const struct bad_case quote_cases[] = {
    {'q', "firm,mode,origin,destination,equipment,amount,currency\nF1,sea,ZADUR,DEHAM,20GP,10\"00,USD\n",
     "S:2: amount: stray quote character inside an unquoted field"},
    {'s', SHIP_HEADER SHIP_ROW("S1") "S2,F\"1,ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20,sea\n",
     "S:3: firm: stray quote character inside an unquoted field"},
    {'s', "ID,Firm,origin,destination,volume_m3,weight_kg,ready_date,due_date,Notes\n"
          "S1,F1,ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20,12\" pipe\n",
     "S:2: Notes: stray quote character inside an unquoted field"},
    {'s', "id,firm,origin,destination,volume_m3,weight_kg,ready_date,due_date,modes,a,b\n"
          "S1,F1,ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20,sea,x,y\"\n",
     "S:2: b: stray quote character inside an unquoted field"},
    {'s', "id,firm,origin,destination,volume_m3,weight_kg,ready_date,due_date,modes,\n"
          "S1,F1,ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20,sea,y\"\n",
     "S:2: column 10: stray quote character inside an unquoted field"},
    {'s', "id,firm,origin,destination,volume\"m3,weight_kg,ready_date,due_date\n",
     "S:1: column 5 of the header: stray quote character inside an unquoted field"},
    {'q', "firm,mode,origin,destination,equipment,amount,currency\n"
          "F1,sea,ZADUR,DEHAM,20GP,\"10\"00,USD\n",
     "S:2: amount: text after the closing quote of a quoted field (a quote inside one is written \"\")"},
    {'s', SHIP_HEADER "S1,\"F1,ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20,sea\n",
     "S:2: firm: quoted field not closed before the end of the file"},
};

Test(loaders, a_stray_quote_names_its_column) { EXPECT_BAD_CASES(quote_cases); }

/* Spreadsheet exports gone wrong, each a one-line error at its line rather
 * than a silently different plan: "sea,air" typed unquoted in a comma file
 * (the row has more values than the header: modes would read "sea" and the
 * plan would never fly it); a lone-CR file whose quoted value holds a line
 * break (the next record is on line 4, not 3); a UTF-16 export; a
 * tab-separated one; a JSON string holding \u0000 (cJSON would end the value
 * there, merging "Al\u0000pha" and "Al\u0000beta"); a JSON number too large
 * for a double to hold exactly (two firm codes would merge into one). */
static const struct bad_case spreadsheet_cases[] = {
    {'s', SHIP_HEADER "S1,F1,ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20,sea,air\n",
     "S:2: column 10: more values than the header's 9 columns (a value holding ',' must be in double "
     "quotes)"},
    {'s', "id;firm;origin;destination;volume_m3;weight_kg;ready_date;due_date\n"
          "S1;F1;ZADUR;DEHAM;10,5;2000;2026-03-02;2026-04-20;x\n",
     "S:2: column 9: more values than the header's 8 columns (a value holding ';' must be in double "
     "quotes)"},
    {'s', "id,firm,origin,destination,volume_m3,weight_kg,ready_date,due_date\r"
          "S1,\"F\r1\",ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20\r"
          "S2,F1,ZADUR,DEHAM,-5,2000,2026-03-02,2026-04-20\r",
     "S:4: volume_m3: must be > 0, got \"-5\""},
    {'s', "\xFF\xFEi",
     "S:1: UTF-16 text: save it as UTF-8 (in Excel: CSV UTF-8)"},
    {'s', "id\tfirm\torigin\tdestination\tvolume_m3\tweight_kg\tready_date\tdue_date\n",
     "S:1: the header is separated by tabs: save the file as CSV (comma or semicolon delimited)"},
    {'s', "[{\"id\": \"S1\",\n \"firm\": \"Al\\u0000pha\"}]",
     "S:2: \\u0000 in a string: text never holds a NUL character"},
    {'s', "[{\"id\": \"S1\", \"firm\": 12345678901234567890, \"origin\": \"ZADUR\"}]",
     "S:1: firm: a number beyond 2^53, too large to hold exactly (a code or a name goes in double quotes)"},
};

Test(loaders, spreadsheet_exports_gone_wrong_are_errors_at_their_line) { EXPECT_BAD_CASES(spreadsheet_cases); }

/* Blank values after the last column (a spreadsheet's trailing empty
 * cells) are no error: only a value there is. */
Test(loaders, blank_cells_after_the_last_column_are_read_as_nothing)
{
    const char *text = SHIP_HEADER "S1,F1,ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20,sea,, ,\n"
                                   "S2,\"F2\",ZADUR,DEHAM,12,2000,2026-03-02,2026-04-20,sea,\"\",\n";
    struct cf_source src;
    struct cf_error err = {0};
    struct cf_shipments shipments = {0};
    cf_source_from_memory(&src, "S", text, strlen(text), NULL);
    cr_assert_eq(cf_load_shipments(&src, &shipments, &err), CF_OK, "%s", err.message);
    cr_assert_eq(shipments.count, 2);
    cr_expect_float_eq(shipments.items[1].volume_m3, 12.0, 1e-12);
    cf_shipments_free(&shipments);
}

/* A NUL byte (strlen cannot give these texts' lengths): never part of a value
 * ("5\0" + "9" would read as 5), in a CSV or a JSON file, at its line. */
Test(loaders, a_nul_byte_is_an_error_at_its_line)
{
    static const char csv[] = SHIP_HEADER SHIP_ROW("S1") "S2,F1,ZADUR,DEHAM,5\0009,2000,2026-03-02,2026-04-20,sea\n";
    static const char json[] = "[{\"id\": \"S1\",\n\"firm\": \"Al\0pha\"}]";
    const char *texts[] = {csv, json};
    size_t lens[] = {sizeof csv - 1, sizeof json - 1};
    const char *messages[] = {
        "S:3: a NUL byte: not UTF-8 text (a UTF-16 or binary file? save it as CSV UTF-8)",
        "S:2: a NUL byte: not UTF-8 text (a UTF-16 or binary file? save it as CSV UTF-8)"};
    for (size_t i = 0; i < 2; i++) {
        struct cf_source src;
        struct cf_error err = {0};
        struct cf_shipments shipments = {0};
        cf_source_from_memory(&src, "S", texts[i], lens[i], NULL);
        cr_expect_eq(cf_load_shipments(&src, &shipments, &err), CF_ERR_DATA, "case %zu", i);
        cr_expect_str_eq(err.message, messages[i], "case %zu", i);
        cf_shipments_free(&shipments);
    }
}

/* --- duplicates ------------------------------------------------------------- */

/* A column, key, currency or code given twice is an error naming the second
 * (the first used to win silently for columns and keys, the last for rates and
 * codes); so is a firm in a cluster rate card (interface.md: "the firm column
 * is absent or empty"). */
static const struct bad_case duplicate_cases[] = {
    {'s', "id,firm,origin,destination,volume_m3,VOLUME_M3,weight_kg,ready_date,due_date\n"
          "A1,F1,ZADUR,DEHAM,3,5,100,2027-01-04,2027-02-20\n",
     "S:1: volume_m3: duplicate column (columns 5 and 6)"},
    {'q', "firm;mode;origin;destination;equipment;amount;currency;Amount\n",
     "S:1: amount: duplicate column (columns 6 and 8)"},
    {'s', "[\n{\"id\": \"A\", \"firm\": \"F\", \"origin\": \"ZADUR\", \"destination\": \"DEHAM\", "
          "\"volume_m3\": 3, \"volume_m3\": 5, \"weight_kg\": 100, \"ready_date\": \"2027-01-04\", "
          "\"due_date\": \"2027-03-01\"}]",
     "S:2: volume_m3: duplicate key"},
    {'s', "[{\"id\": \"A\", \"ID\": \"B\", \"firm\": \"F\", \"origin\": \"ZADUR\", \"destination\": \"DEHAM\", "
          "\"volume_m3\": 3, \"weight_kg\": 100, \"ready_date\": \"2027-01-04\", \"due_date\": \"2027-03-01\"}]",
     "S:1: id: duplicate key"},
    {'s', "{\"shipments\": [],\n \"shipments\": []}", "S:1: shipments: duplicate key"},
    {'f', "currency,rate\nEUR,1.1\nZAR,0.055\nEUR,1.2\n", "S:4: currency: duplicate rate for EUR (first on line 2)"},
    {'f', "currency,rate\neur,1.1\nEUR,1.1\n", "S:3: currency: duplicate rate for EUR (first on line 2)"},
    {'f', "[{\"currency\": \"EUR\", \"rate\": 1.1},\n {\"currency\": \"EUR\", \"rate\": 1.2}]",
     "S:2: currency: duplicate rate for EUR (first on line 1)"},
    /* a cluster card under both of its keys: one was ignored, silently */
    {'c', "{\"cluster_rates\": [],\n \"rates\": []}", "S:1: rates: both \"cluster_rates\" and \"rates\": give one"},
    /* a rate for the base currency other than 1 was ignored, silently */
    {'f', "currency,rate\nEUR,1.1\nUSD,2\n", "S:3: rate: USD is the base currency, worth 1 USD, got \"2\""},
    {'e', "code,mode,teu,volume_m3,payload_kg\nX1,sea,1,20,10000\nx1,sea,2,70,10000\n",
     "S:3: code: duplicate code \"x1\" (first on line 2)"},
    {'e', "code,mode,teu,volume_m3,payload_kg\n20gp,sea,1,32.8,28000\n20GP,sea,1,33,28000\n",
     "S:3: code: duplicate code \"20GP\" (first on line 2)"},
    {'c', "firm,mode,origin,destination,equipment,amount,currency\nF1,sea,ZADUR,DEHAM,20GP,1014,USD\n",
     "S:2: firm: must be absent or empty in cluster rates, got \"F1\""},
    {'c', "[{\"firm\": \"F1\", \"mode\": \"sea\", \"origin\": \"ZADUR\", \"destination\": \"DEHAM\", "
          "\"equipment\": \"20GP\", \"amount\": 1014, \"currency\": \"USD\"}]",
     "S:1: firm: must be absent or empty in cluster rates, got \"F1\""},
};

Test(loaders, duplicate_columns_keys_rates_and_codes_are_errors)
{
    EXPECT_BAD_CASES(duplicate_cases);
    /* an unknown column twice is still ignored, and an empty firm column is fine
     * in cluster rates */
    struct loaded l = load_quotes_text("firm,mode,origin,destination,equipment,amount,currency,note,note\n"
                                       ",sea,ZADUR,DEHAM,20GP,1014,USD,a,b\n",
                                       1, NULL);
    cr_assert_eq(l.rc, CF_OK, "%s", l.err.message);
    cr_assert_eq(l.quotes.count, 1);
    loaded_free(&l);
}

/* --- lengths of names ----------------------------------------------------- */

#define X16 "XXXXXXXXXXXXXXXX"
#define X64 X16 X16 X16 X16
#define TOYOTA "\xE3\x83\x88\xE3\x83\xA8\xE3\x82\xBF" /* three kana, 9 bytes */

/* Ids, firm and carrier names hold 127 bytes of UTF-8 (CF_NAME_MAX), equipment
 * codes 15 (CF_CODE_MAX): limits in bytes, so the message says bytes. */
static const struct bad_case length_cases[] = {
    {'s', SHIP_HEADER "S" X64 X64 ",F1,ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20,sea\n",
     "S:2: id: must be at most 127 bytes of UTF-8, got 129"},
    /* 43 kana of 3 bytes: 129 bytes */
    {'s', SHIP_HEADER "S1," TOYOTA TOYOTA TOYOTA TOYOTA TOYOTA TOYOTA TOYOTA TOYOTA TOYOTA TOYOTA TOYOTA
          TOYOTA TOYOTA TOYOTA "\xE3\x83\x88,ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20,sea\n",
     "S:2: firm: must be at most 127 bytes of UTF-8, got 129"},
    {'q', "firm,mode,origin,destination,equipment,amount,currency,carrier\n"
          "F1,sea,ZADUR,DEHAM,20GP,1500,USD," X64 X64 "\n",
     "S:2: carrier: must be at most 127 bytes of UTF-8, got 128"},
    {'e', "code,mode,teu,volume_m3,payload_kg\nREEFER45HIGHCUBE,sea,2,60,29000\n",
     "S:2: code: must be at most 15 bytes of UTF-8, got 16"},
};

Test(loaders, names_are_limited_in_bytes_of_utf8)
{
    EXPECT_BAD_CASES(length_cases);
    /* a 64-character legal name and a 26-kana one (78 bytes) fit; 127 bytes fit */
    struct loaded l = load_shipments_text(
        SHIP_HEADER "S1,Durban Automotive Components and Precision Engineering (Pty) Ltd,ZADUR,DEHAM,10,2000,"
                    "2026-03-02,2026-04-20,sea\n"
                    "S2," TOYOTA TOYOTA TOYOTA TOYOTA TOYOTA TOYOTA TOYOTA TOYOTA "\xE3\x83\x88\xE3\x83\xA8,"
                    "ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20,sea\n"
                    "S" X64 X16 X16 X16 "XXXXXXXXXXXXXX,F1,ZADUR,DEHAM,10,2000,2026-03-02,2026-04-20,sea\n");
    cr_assert_eq(l.rc, CF_OK, "%s", l.err.message);
    cr_assert_eq(strlen(l.shipments.items[0].firm), 64);
    cr_assert_eq(strlen(l.shipments.items[1].firm), 78);
    cr_assert_eq(strlen(l.shipments.items[2].id), 127);
    loaded_free(&l);
}

Test(loaders, limits_leave_room_for_currencies_of_many_digits)
{
    /* in VND as the base currency a 40ft box at some 5,000 USD is 1.25e8 and
     * LCL at 60 USD a revenue ton 1.5e6: both inside the limits */
    const char *text = "firm,mode,origin,destination,equipment,amount,min_charge,currency\n"
                       "F1,sea,ZADUR,DEHAM,40HC,125000000,0,VND\n"
                       "F1,sea,ZADUR,DEHAM,LCL,1500000,2500000,VND\n";
    struct cf_fx fx;
    struct cf_catalogue cat;
    struct cf_error err = {0};
    struct cf_quotes quotes = {0};
    struct cf_source src;
    cr_assert_eq(cf_fx_init(&fx, "VND", &err), CF_OK);
    cr_assert_eq(cf_catalogue_init_builtin(&cat, &err), CF_OK);
    struct cf_quote_opts opts = {&fx, &cat, 0};
    cf_source_from_memory(&src, "S", text, strlen(text), NULL);
    cr_assert_eq(cf_load_quotes(&src, &opts, &quotes, &err), CF_OK, "%s", err.message);
    cr_assert_eq(quotes.count, 2);
    cr_expect_float_eq(quotes.items[0].all_in, 1.25e8, 1e-6);
    cr_expect_float_eq(quotes.items[1].min_charge_base, 2.5e6, 1e-6);
    cf_quotes_free(&quotes);
    cf_catalogue_free(&cat);
    cf_fx_free(&fx);
}

/* --- fx and equipment ----------------------------------------------------- */

Test(loaders, fx_rows_add_rates_and_accept_lower_case)
{
    struct cf_fx fx;
    struct cf_error err = {0};
    struct cf_source src;
    const char *text = "Currency;Rate\neur;1,08\nZAR;0,055\n";
    cr_assert_eq(cf_fx_init(&fx, "USD", &err), CF_OK);
    cf_source_from_memory(&src, "fx.csv", text, strlen(text), NULL);
    cr_assert_eq(cf_load_fx(&src, &fx, &err), CF_OK, "%s", err.message);
    double usd = 0;
    cr_assert_eq(cf_fx_convert(&fx, "EUR", 100, &usd), 0);
    cr_assert_float_eq(usd, 108, EPS); /* 100 EUR x 1.08 */
    cr_assert_eq(cf_fx_convert(&fx, "ZAR", 1000, &usd), 0);
    cr_assert_float_eq(usd, 55, EPS); /* 1000 ZAR x 0.055 */
    cf_fx_free(&fx);

    text = "{\"fx\": [{\"currency\": \"GBP\", \"rate\": 1.27}]}";
    cr_assert_eq(cf_fx_init(&fx, "USD", &err), CF_OK);
    cf_source_from_memory(&src, "fx.json", text, strlen(text), NULL);
    cr_assert_eq(cf_load_fx(&src, &fx, &err), CF_OK, "%s", err.message);
    cr_assert_eq(cf_fx_convert(&fx, "GBP", 10, &usd), 0);
    cr_assert_float_eq(usd, 12.7, EPS);
    cf_fx_free(&fx);
}

Test(loaders, equipment_rows_replace_and_extend_the_catalogue)
{
    struct cf_catalogue cat;
    struct cf_error err = {0};
    struct cf_source src;
    /* 20gp replaced (keeps its spelling and place), 45R1 added as a container */
    const char *text = "code,mode,teu,volume_m3,payload_kg\n"
                       "20gp,sea,1,32.8,28000\n"
                       "45R1,sea,2,67.5,29000\n";
    cr_assert_eq(cf_catalogue_init_builtin(&cat, &err), CF_OK);
    cf_source_from_memory(&src, "eq.csv", text, strlen(text), NULL);
    cr_assert_eq(cf_load_equipment(&src, &cat, &err), CF_OK, "%s", err.message);
    cr_assert_eq(cat.count, 8);
    cr_assert_str_eq(cat.items[0].code, "20GP");
    cr_assert_float_eq(cat.items[0].volume_m3, 32.8, EPS);
    cr_assert_float_eq(cat.items[0].payload_kg, 28000, EPS);
    const struct cf_equipment *e = cf_catalogue_find(&cat, "45r1");
    cr_assert_not_null(e);
    cr_assert_eq(e->mode, CF_MODE_SEA);
    cr_assert_float_eq(e->teu, 2, EPS);
    cr_assert_eq(e->unit, CF_UNIT_CONTAINER);
    cf_catalogue_free(&cat);
}

/* --- streaming ------------------------------------------------------------- */

struct counter {
    long rows;
    double sum_all_in;
    size_t heap_at_1000; /* bytes in use when row 1000 is seen */
    size_t heap_at_last;
};

static size_t heap_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

static int count_quote(const struct cf_quote *q, void *ctx, struct cf_error *err)
{
    (void)err;
    struct counter *c = ctx;
    c->rows++;
    c->sum_all_in += q->all_in;
    if (c->rows == 1000)
        c->heap_at_1000 = heap_in_use();
    c->heap_at_last = heap_in_use();
    return CF_OK;
}

Test(loaders, quote_stream_memory_does_not_grow_with_rows)
{
    const long rows = 200000;
    const char *header = "firm,mode,origin,destination,equipment,amount,currency\n";
    size_t cap = strlen(header) + (size_t)rows * 64;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    size_t len = (size_t)snprintf(text, cap, "%s", header);
    for (long i = 0; i < rows; i++)
        len += (size_t)snprintf(text + len, cap - len, "F%ld,sea,ZADUR,DEHAM,40HC,%ld,ZAR\n",
                                i % 40, 1000 + i % 3);
    struct cf_source src;
    struct cf_error err = {0};
    struct cf_fx fx;
    struct cf_catalogue cat;
    cr_assert_eq(cf_fx_init(&fx, "USD", &err), CF_OK);
    cr_assert_eq(cf_fx_set(&fx, "ZAR", 0.05, &err), CF_OK);
    cr_assert_eq(cf_catalogue_init_builtin(&cat, &err), CF_OK);
    struct cf_quote_opts opts = {&fx, &cat, 0};
    struct counter c = {0};
    cf_source_from_memory(&src, "big.csv", text, len, NULL);
    cr_assert_eq(cf_load_quotes_each(&src, &opts, count_quote, &c, &err), CF_OK, "%s",
                 err.message);
    cr_assert_eq(c.rows, rows);
    /* amounts cycle 1000, 1001, 1002 ZAR: 66,667 + 66,667 + 66,666 rows, x 0.05 USD:
     * (66,667,000 + 66,733,667 + 66,799,332) x 0.05 = 200,199,999 x 0.05 = 10,009,999.95 */
    cr_assert_float_eq(c.sum_all_in, 10009999.95, 1e-3);
#ifndef __SANITIZE_ADDRESS__
    /* glibc's count is live (the 64 KiB read buffer alone is in use): not a vacuous 0 == 0 */
    cr_assert_gt(c.heap_at_1000, 65536);
#endif
    /* no heap growth between row 1,000 and row 200,000 (the record buffer is reused) */
    cr_assert_eq(c.heap_at_last, c.heap_at_1000, "heap grew from %zu to %zu bytes",
                 c.heap_at_1000, c.heap_at_last);
    cf_catalogue_free(&cat);
    cf_fx_free(&fx);
    free(text);
}

Test(loaders, lines_stay_right_across_read_chunks)
{
    /* 30,000 rows of ~70 bytes span many 64 KiB reads; every 100th row has a quoted
     * newline in carrier (one extra physical line). Row i (0-based) starts on line
     * 2 + i + ceil(i / 100): the header is line 1, and each of rows 0, 100, ... before
     * i takes two lines. The last row, i = 29,999, is bad: 2 + 29,999 + 300 = 30,301. */
    const long rows = 30000;
    size_t cap = (size_t)rows * 96 + 256;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    size_t len = (size_t)snprintf(text, cap, "firm,mode,origin,destination,equipment,amount,"
                                             "currency,carrier\n");
    for (long i = 0; i < rows; i++) {
        const char *carrier = i % 100 == 0 ? "\"Two\nLines\"" : "One line";
        const char *amount = i == rows - 1 ? "-5" : "1500";
        len += (size_t)snprintf(text + len, cap - len, "F%ld,sea,ZADUR,DEHAM,20GP,%s,USD,%s\n",
                                i, amount, carrier);
    }
    struct cf_source src;
    struct cf_error err = {0};
    struct counter c = {0};
    cf_source_from_memory(&src, "S", text, len, NULL);
    cr_assert_eq(cf_load_quotes_each(&src, NULL, count_quote, &c, &err), CF_ERR_DATA);
    cr_assert_eq(c.rows, rows - 1);
    cr_assert_str_eq(err.message, "S:30301: amount: must be >= 0, got \"-5\"");
    free(text);
}

Test(loaders, invalid_utf8_after_the_first_read_chunk_is_found)
{
    /* values are checked once a read chunk holds a byte beyond ASCII: 20,000 ASCII
     * rows of ~40 bytes fill more than one 64 KiB chunk, and row 20,000 (line
     * 20,001) has a Latin-1 byte */
    const long rows = 20000;
    size_t cap = (size_t)rows * 64 + 256;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    size_t len = (size_t)snprintf(text, cap, "firm,mode,origin,destination,equipment,amount,currency\n");
    for (long i = 0; i < rows; i++)
        len += (size_t)snprintf(text + len, cap - len, "F%ld%s,sea,ZADUR,DEHAM,20GP,1500,USD\n", i,
                                i == rows - 1 ? "\xE9" : "");
    cr_assert_gt(len, 65536 + 1000);
    struct cf_source src;
    struct cf_error err = {0};
    struct counter c = {0};
    cf_source_from_memory(&src, "S", text, len, NULL);
    cr_assert_eq(cf_load_quotes_each(&src, NULL, count_quote, &c, &err), CF_ERR_DATA);
    cr_assert_eq(c.rows, rows - 1);
    cr_assert_str_eq(err.message, "S:20001: firm: not valid UTF-8");
    free(text);
}

Test(loaders, json_takes_numbers_as_text_and_lists_of_modes)
{
    /* an id given as a number, modes as a JSON list, a BOM, null = absent */
    const char *text = "\xEF\xBB\xBF {\"shipments\": [{\"id\": 17, \"firm\": \"F1\", "
                       "\"origin\": \"ZADUR\", \"destination\": \"DEHAM\", \"volume_m3\": 0.1, "
                       "\"weight_kg\": 1e3, \"ready_date\": \"2026-03-02\", "
                       "\"due_date\": \"2026-03-09\", \"modes\": [\"road\", \"AIR\"]},\n"
                       "{\"id\": \"18\", \"firm\": \"F1\", \"origin\": \"ZADUR\", "
                       "\"destination\": \"DEHAM\", \"volume_m3\": 2, \"weight_kg\": 3, "
                       "\"ready_date\": \"2026-03-02\", \"due_date\": \"2026-03-09\", "
                       "\"modes\": null}]}";
    struct loaded l = load_shipments_text(text);
    cr_assert_eq(l.rc, CF_OK, "%s", l.err.message);
    cr_assert_eq(l.shipments.count, 2);
    cr_assert_str_eq(l.shipments.items[0].id, "17");
    cr_assert_float_eq(l.shipments.items[0].volume_m3, 0.1, EPS);
    cr_assert_float_eq(l.shipments.items[0].weight_kg, 1000, EPS);
    cr_assert_eq(l.shipments.items[0].modes, CF_MODE_BIT(CF_MODE_ROAD) | CF_MODE_BIT(CF_MODE_AIR));
    cr_assert_eq(l.shipments.items[1].modes, CF_MODES_ALL);
    cr_assert_eq(l.shipments.items[0].line, 1);
    cr_assert_eq(l.shipments.items[1].line, 2);
    loaded_free(&l);

    l = load_shipments_text("[]\n[]");
    cr_assert_eq(l.rc, CF_ERR_DATA);
    cr_assert_str_eq(l.err.message, "S:2: invalid JSON"); /* trailing text after the array */
    loaded_free(&l);
}

Test(loaders, numbers_parse_exactly)
{
    /* the fast path must agree with strtod: 0.1, 12,5 (decimal comma), 1e2, and
     * 20 digits (beyond the fast path) all read as the nearest double */
    struct loaded l = load_shipments_text(
        "id;firm;origin;destination;volume_m3;weight_kg;ready_date;due_date\n"
        "A;F;ZADUR;DEHAM;0,1;12,5;2026-03-02;2026-03-02\n"
        "B;F;ZADUR;DEHAM;1e2;0.30000000000000000004;2026-03-02;2026-03-02\n"
        "C;F;ZADUR;DEHAM;+7;.5;2026-03-02;2026-03-02\n");
    cr_assert_eq(l.rc, CF_OK, "%s", l.err.message);
    cr_assert_eq(l.shipments.items[0].volume_m3, 0.1); /* exact: same double as the literal */
    cr_assert_eq(l.shipments.items[0].weight_kg, 12.5);
    cr_assert_eq(l.shipments.items[1].volume_m3, 100.0);
    cr_assert_eq(l.shipments.items[1].weight_kg, 0.30000000000000000004);
    cr_assert_eq(l.shipments.items[2].volume_m3, 7.0);
    cr_assert_eq(l.shipments.items[2].weight_kg, 0.5);
    loaded_free(&l);
}

static int stop_at_third(const struct cf_quote *q, void *ctx, struct cf_error *err)
{
    long *seen = ctx;
    if (++*seen == 3)
        return cf_error_set(err, CF_ERR_DATA, "cb", q->line, NULL, "stop");
    return CF_OK;
}

Test(loaders, callback_status_stops_the_stream)
{
    const char *text = QUOTE_HEADER QUOTE_ROW QUOTE_ROW QUOTE_ROW QUOTE_ROW;
    struct cf_source src;
    struct cf_error err = {0};
    long seen = 0;
    cf_source_from_memory(&src, "S", text, strlen(text), NULL);
    cr_assert_eq(cf_load_quotes_each(&src, NULL, stop_at_third, &seen, &err), CF_ERR_DATA);
    cr_assert_eq(seen, 3);
    cr_assert_str_eq(err.message, "cb:4: stop"); /* the third row is on line 4 */
}

/* A directory given as a file: fopen takes it and the read fails; it said
 * "read error", now why. */
Test(loaders, a_directory_is_not_a_file)
{
    struct cf_source src;
    struct cf_error err = {0};
    cr_expect_eq(cf_source_open_file(&src, "/tmp", &err), CF_ERR_IO);
    cr_expect_str_eq(err.message, "/tmp: cannot open: Is a directory");
}
