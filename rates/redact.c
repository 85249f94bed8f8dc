/* redact.c — a URL without its credentials, for every message and log line
 * that names a SRC (fetch.h, cf_fetch_redact): "user:password@" goes, and the
 * values of secret-looking query parameters become "***". No libcurl here. */
#include "fetch.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct sink {
    char *buf;
    size_t size;
    size_t used;
};

/* Append what fits, always NUL-terminated: a truncated URL never shows more
 * than its redacted form would. */
static void sink_put(struct sink *s, const char *text, size_t len)
{
    if (s->used + 1 >= s->size)
        return;
    size_t room = s->size - 1 - s->used;
    size_t n = len < room ? len : room;
    memcpy(s->buf + s->used, text, n);
    s->used += n;
    s->buf[s->used] = '\0';
}

static int contains_ci(const char *text, size_t len, const char *word)
{
    size_t wlen = strlen(word);
    for (size_t i = 0; i + wlen <= len; i++)
        if (strncasecmp(text + i, word, wlen) == 0)
            return 1;
    return 0;
}

/* A query parameter whose value is a secret: its name contains token, secret,
 * password, signature, credential, apikey, session, jwt, bearer or cookie, or
 * one of its words (split at '_', '-', '.') is key, sig, pass, pwd or auth.
 * Catches access_token, api_key, client_secret, X-Amz-Signature, Azure's sig,
 * session ids and JWTs. The name is read percent-decoded (tok%65n is token). */
static int is_secret_name_plain(const char *name, size_t len)
{
    static const char *const inside[] = {"token", "secret", "passw", "signature", "credential",
                                         "apikey", "passwd", "session", "jwt", "bearer", "cookie"};
    static const char *const words[] = {"key", "sig", "pass", "pwd", "auth"};
    for (size_t i = 0; i < sizeof inside / sizeof inside[0]; i++)
        if (contains_ci(name, len, inside[i]))
            return 1;
    size_t start = 0;
    while (start < len) {
        size_t end = start;
        while (end < len && name[end] != '_' && name[end] != '-' && name[end] != '.')
            end++;
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
            if (end - start == strlen(words[i]) && strncasecmp(name + start, words[i], end - start) == 0)
                return 1;
        start = end + 1;
    }
    return 0;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* is_secret_name_plain of the name percent-decoded ('+' a space); a name
 * longer than the buffer is also tried as it is. */
static int is_secret_name(const char *name, size_t len)
{
    char decoded[256] = "";
    size_t n = 0;
    for (size_t i = 0; i < len && n < sizeof decoded; i++) {
        if (name[i] == '%' && i + 2 < len && hex_value(name[i + 1]) >= 0 && hex_value(name[i + 2]) >= 0) {
            decoded[n++] = (char)(hex_value(name[i + 1]) * 16 + hex_value(name[i + 2]));
            i += 2;
        } else {
            decoded[n++] = name[i] == '+' ? ' ' : name[i];
        }
    }
    return is_secret_name_plain(decoded, n) || (len > sizeof decoded && is_secret_name_plain(name, len));
}

void cf_fetch_redact(const char *url, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return;
    buf[0] = '\0';
    if (url == NULL)
        return;
    struct sink s = {buf, size, 0};
    const char *p = url;

    /* scheme://[userinfo@]host: the userinfo goes, whatever it holds */
    const char *sep = strstr(url, "://");
    if (sep != NULL && strcspn(url, "/?#") == (size_t)(sep - url) + 1) {
        const char *authority = sep + 3;
        sink_put(&s, url, (size_t)(authority - url));
        size_t alen = strcspn(authority, "/?#");
        const char *host = authority;
        for (size_t i = 0; i < alen; i++)
            if (authority[i] == '@')
                host = authority + i + 1;
        sink_put(&s, host, (size_t)(authority + alen - host));
        p = authority + alen;
    }

    size_t path_len = strcspn(p, "?#");
    sink_put(&s, p, path_len);
    p += path_len;
    if (*p == '?') {
        sink_put(&s, "?", 1);
        p++;
        while (*p != '\0' && *p != '#') {
            size_t plen = strcspn(p, "&#");
            size_t nlen = strcspn(p, "=&#");
            if (nlen < plen && is_secret_name(p, nlen)) {
                sink_put(&s, p, nlen);
                sink_put(&s, "=***", 4);
            } else {
                sink_put(&s, p, plen);
            }
            p += plen;
            if (*p == '&') {
                sink_put(&s, "&", 1);
                p++;
            }
        }
    }
    sink_put(&s, p, strlen(p)); /* the #fragment, never sent to the server */
}
