/* load_game.c — reads the cost game of game_data.h from JSON with cJSON,
 * checking that every non-empty coalition is given once with a cost >= 0.
 * cJSON keeps no line numbers, so the line of an offending key is found by
 * looking for the key's text after the "cost" key. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "input_limits.h"
#include "game_data.h"
#include "utf8.h"

void cf_game_data_free(struct cf_game_data *data)
{
    if (data->players != NULL)
        for (size_t i = 0; i < data->n; i++)
            free(data->players[i]);
    free(data->players);
    free(data->cost);
    memset(data, 0, sizeof *data);
}

static long line_at(const char *text, const char *at)
{
    long line = 1;
    for (const char *p = text; p < at; p++)
        if (*p == '\n')
            line++;
    return line;
}

/* Line of the occurrence-th (0-based) object key "key" at or after from, or
 * 0 when not found (a key written with escapes, say). */
static long line_of_key(const char *text, const char *from, const char *key, int occurrence)
{
    size_t klen = strlen(key);
    for (const char *p = strchr(from, '"'); p != NULL; p = strchr(p + 1, '"')) {
        if (strncmp(p + 1, key, klen) != 0 || p[1 + klen] != '"')
            continue;
        const char *q = p + 2 + klen;
        while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
            q++;
        if (*q != ':')
            continue;
        if (occurrence-- == 0)
            return line_at(text, p);
        p = q;
    }
    return 0;
}

/* Where the "cost" key starts, to search coalition keys after it. */
static const char *cost_key_at(const char *text)
{
    for (const char *p = strstr(text, "\"cost\""); p != NULL; p = strstr(p + 1, "\"cost\"")) {
        const char *q = p + 6;
        while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
            q++;
        if (*q == ':')
            return p;
    }
    return text;
}

static void describe(const cJSON *item, char *buf, size_t size)
{
    if (cJSON_IsString(item))
        snprintf(buf, size, "\"%.60s\"", item->valuestring);
    else if (cJSON_IsBool(item))
        snprintf(buf, size, "%s", cJSON_IsTrue(item) ? "true" : "false");
    else if (cJSON_IsNull(item))
        snprintf(buf, size, "null");
    else if (cJSON_IsArray(item))
        snprintf(buf, size, "an array");
    else if (cJSON_IsObject(item))
        snprintf(buf, size, "an object");
    else
        snprintf(buf, size, "%g", item->valuedouble);
}

/* The names of set, in the players' order, joined by commas. */
static void set_names(const struct cf_game_data *d, size_t set, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < d->n && len + 1 < size; i++)
        if ((set >> i) & 1u) {
            int w = snprintf(buf + len, size - len, "%s%s", len ? "," : "", d->players[i]);
            if (w < 0)
                break;
            len += (size_t)w;
        }
}

static int load_players(const char *name, long line, const cJSON *players, struct cf_game_data *d,
                        struct cf_error *err)
{
    if (players == NULL)
        return cf_error_set(err, CF_ERR_DATA, name, 0, "players", "missing: expected a list of player names");
    if (!cJSON_IsArray(players))
        return cf_error_set(err, CF_ERR_DATA, name, line, "players", "expected an array of names");
    int count = cJSON_GetArraySize(players);
    if (count < 1)
        return cf_error_set(err, CF_ERR_DATA, name, line, "players", "a game needs at least one player");
    if (count > CF_GAME_FILE_MAX_PLAYERS)
        return cf_error_set(err, CF_ERR_DATA, name, line, "players",
                            "at most %d players in a game file (every coalition is listed), got %d",
                            CF_GAME_FILE_MAX_PLAYERS, count);
    d->players = calloc((size_t)count, sizeof *d->players);
    if (d->players == NULL)
        return cf_error_set(err, CF_ERR_INTERNAL, name, 0, NULL, "out of memory");
    const cJSON *item;
    cJSON_ArrayForEach(item, players) {
        char got[96];
        describe(item, got, sizeof got);
        if (!cJSON_IsString(item))
            return cf_error_set(err, CF_ERR_DATA, name, line, "players", "expected a name, got %s", got);
        const char *s = item->valuestring;
        size_t len = strlen(s);
        if (!cf_utf8_valid(s, len))
            return cf_error_set(err, CF_ERR_DATA, name, line, "players", "player %zu is not valid UTF-8",
                                d->n + 1);
        if (len == 0 || strchr(s, ',') != NULL || isspace((unsigned char)s[0]) ||
            isspace((unsigned char)s[len - 1]))
            return cf_error_set(err, CF_ERR_DATA, name, line, "players",
                                "a name must be non-empty, without commas or surrounding spaces, got %s", got);
        for (size_t i = 0; i < d->n; i++)
            if (strcmp(d->players[i], s) == 0)
                return cf_error_set(err, CF_ERR_DATA, name, line, "players", "duplicate player %s", got);
        d->players[d->n] = strdup(s);
        if (d->players[d->n] == NULL)
            return cf_error_set(err, CF_ERR_INTERNAL, name, 0, NULL, "out of memory");
        d->n++;
    }
    return CF_OK;
}

/* The bit set named by key "A, B,C"; 0 with err filled on an error. */
static size_t parse_key(const struct cf_game_data *d, const char *key, const char *name, long line,
                        struct cf_error *err)
{
    size_t set = 0;
    const char *p = key;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        const char *end = p;
        while (*end != '\0' && *end != ',')
            end++;
        const char *last = end;
        while (last > p && (last[-1] == ' ' || last[-1] == '\t'))
            last--;
        size_t len = (size_t)(last - p);
        if (len == 0) {
            cf_error_set(err, CF_ERR_DATA, name, line, "cost", "empty player name in coalition \"%.200s\"", key);
            return 0;
        }
        size_t i = 0;
        while (i < d->n && (strlen(d->players[i]) != len || strncmp(d->players[i], p, len) != 0))
            i++;
        if (i == d->n) {
            cf_error_set(err, CF_ERR_DATA, name, line, "cost", "unknown player \"%.*s\" in coalition \"%.200s\"",
                         (int)(len > 100 ? 100 : len), p, key);
            return 0;
        }
        if ((set >> i) & 1u) {
            cf_error_set(err, CF_ERR_DATA, name, line, "cost", "player \"%s\" twice in coalition \"%.200s\"",
                         d->players[i], key);
            return 0;
        }
        set |= (size_t)1 << i;
        if (*end == '\0')
            return set;
        p = end + 1;
    }
}

/* How many earlier siblings of item have the same key: which occurrence of
 * the key's text in the file it is. */
static int occurrence_of(const cJSON *object, const cJSON *item)
{
    int k = 0;
    for (const cJSON *c = object->child; c != NULL && c != item; c = c->next)
        if (strcmp(c->string, item->string) == 0)
            k++;
    return k;
}

static int load_costs(const char *name, const char *text, const cJSON *cost, struct cf_game_data *d,
                      struct cf_error *err)
{
    const char *cost_at = cost_key_at(text);
    long cost_line = cost_at != text || strncmp(text, "\"cost\"", 6) == 0 ? line_at(text, cost_at) : 0;
    if (cost == NULL)
        return cf_error_set(err, CF_ERR_DATA, name, 0, "cost", "missing: expected an object of coalition costs");
    if (!cJSON_IsObject(cost))
        return cf_error_set(err, CF_ERR_DATA, name, cost_line, "cost",
                            "expected an object {\"A,B\": cost, ...}");
    size_t count = (size_t)1 << d->n;
    d->cost = calloc(count, sizeof *d->cost);
    const cJSON **first = calloc(count, sizeof *first);
    int rc = CF_OK;
    if (d->cost == NULL || first == NULL) {
        rc = cf_error_set(err, CF_ERR_INTERNAL, name, 0, NULL, "out of memory");
        goto done;
    }
    const cJSON *item;
    cJSON_ArrayForEach(item, cost) {
        /* the line is looked for only when there is an error to report:
         * finding it is a scan of the text */
        size_t set = parse_key(d, item->string, name, 0, err);
        long line = 0;
        if (set == 0 || first[set] != NULL || !cJSON_IsNumber(item) || !isfinite(item->valuedouble) ||
            item->valuedouble < 0.0 || item->valuedouble > CF_MAX_GAME_COST)
            line = line_of_key(text, cost_at, item->string, occurrence_of(cost, item));
        if (set == 0) {
            parse_key(d, item->string, name, line, err); /* again, with the line */
            rc = CF_ERR_DATA;
            goto done;
        }
        if (first[set] != NULL) {
            rc = cf_error_set(err, CF_ERR_DATA, name, line, "cost",
                              "coalition \"%.200s\" given twice (also as \"%.200s\")", item->string,
                              first[set]->string);
            goto done;
        }
        char got[96];
        describe(item, got, sizeof got);
        if (!cJSON_IsNumber(item)) {
            rc = cf_error_set(err, CF_ERR_DATA, name, line, "cost",
                              "coalition \"%.200s\": expected a number, got %s", item->string, got);
            goto done;
        }
        if (!isfinite(item->valuedouble)) { /* 1e400 reads as infinity */
            rc = cf_error_set(err, CF_ERR_DATA, name, line, "cost",
                              "coalition \"%.200s\": must be <= %.0f, got a number beyond any double", item->string,
                              CF_MAX_GAME_COST);
            goto done;
        }
        if (item->valuedouble < 0.0) {
            rc = cf_error_set(err, CF_ERR_DATA, name, line, "cost",
                              "coalition \"%.200s\": must be >= 0, got %s", item->string, got);
            goto done;
        }
        if (item->valuedouble > CF_MAX_GAME_COST) {
            rc = cf_error_set(err, CF_ERR_DATA, name, line, "cost",
                              "coalition \"%.200s\": must be <= %.0f, got %s", item->string,
                              CF_MAX_GAME_COST, got);
            goto done;
        }
        first[set] = item;
        d->cost[set] = item->valuedouble;
    }
    size_t missing = 0, shown = 0;
    for (size_t size = 1; size <= d->n; size++) /* smallest coalitions first */
        for (size_t set = 1; set < count; set++)
            if (first[set] == NULL && (size_t)__builtin_popcountll(set) == size && missing++ == 0)
                shown = set;
    if (missing > 0) {
        char names[512];
        set_names(d, shown, names, sizeof names);
        if (missing == 1)
            rc = cf_error_set(err, CF_ERR_DATA, name, cost_line, "cost", "missing coalition \"%s\"", names);
        else
            rc = cf_error_set(err, CF_ERR_DATA, name, cost_line, "cost",
                              "missing coalition \"%s\" (and %zu more: every non-empty coalition needs a cost)",
                              names, missing - 1);
    }
done:
    free(first);
    return rc;
}

int cf_load_game(struct cf_source *src, struct cf_game_data *out, struct cf_error *err)
{
    memset(out, 0, sizeof *out);
    char *text = NULL;
    size_t len = 0;
    int rc = cf_source_slurp(src, &text, &len, err);
    if (rc != CF_OK)
        return rc;
    const char *body = text;
    if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0) /* UTF-8 byte order mark */
        body += 3;
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithLengthOpts(body, len - (size_t)(body - text) + 1, &end, 1); /* + the NUL */
    if (doc == NULL) {
        rc = cf_error_set(err, CF_ERR_DATA, src->name, end != NULL ? line_at(body, end) : 0, NULL,
                          "invalid JSON: expected {\"players\": [...], \"cost\": {...}}");
        goto done;
    }
    if (!cJSON_IsObject(doc)) {
        rc = cf_error_set(err, CF_ERR_DATA, src->name, 0, NULL,
                          "expected an object {\"players\": [...], \"cost\": {...}}");
        goto done;
    }
    rc = load_players(src->name, line_of_key(body, body, "players", 0),
                      cJSON_GetObjectItemCaseSensitive(doc, "players"), out, err);
    if (rc == CF_OK)
        rc = load_costs(src->name, body, cJSON_GetObjectItemCaseSensitive(doc, "cost"), out, err);
done:
    cJSON_Delete(doc);
    free(text);
    return rc;
}
