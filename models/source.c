/* source.c — reading a SRC in chunks (source.h). */
#include "source.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

int cf_source_open_file(struct cf_source *src, const char *path, struct cf_error *err)
{
    memset(src, 0, sizeof *src);
    if (strcmp(path, "-") == 0) {
        snprintf(src->name, sizeof src->name, "<stdin>");
        src->fp = stdin;
        return CF_OK;
    }
    snprintf(src->name, sizeof src->name, "%s", path);
    src->fp = fopen(path, "rb");
    if (src->fp == NULL)
        return cf_error_set(err, CF_ERR_IO, path, 0, NULL, "cannot open: %s", strerror(errno));
    src->owns_fp = 1;
    struct stat st;
    if (fstat(fileno(src->fp), &st) == 0 && S_ISDIR(st.st_mode)) { /* fopen takes one; reading it fails */
        fclose(src->fp);
        src->fp = NULL;
        src->owns_fp = 0;
        return cf_error_set(err, CF_ERR_IO, path, 0, NULL, "cannot open: %s", strerror(EISDIR));
    }
    return CF_OK;
}

void cf_source_from_memory(struct cf_source *src, const char *name, const char *data, size_t len,
                           const char *content_type)
{
    memset(src, 0, sizeof *src);
    snprintf(src->name, sizeof src->name, "%s", name);
    src->data = data;
    src->len = len;
    if (content_type != NULL)
        snprintf(src->content_type, sizeof src->content_type, "%s", content_type);
}

long cf_source_read(struct cf_source *src, char *buf, size_t size)
{
    if (src->fp != NULL) {
        size_t n = fread(buf, 1, size, src->fp);
        if (n == 0 && ferror(src->fp))
            return -1;
        return (long)n;
    }
    size_t left = src->len - src->pos;
    size_t n = left < size ? left : size;
    if (n > 0)
        memcpy(buf, src->data + src->pos, n);
    src->pos += n;
    return (long)n;
}

int cf_source_slurp(struct cf_source *src, char **out, size_t *len, struct cf_error *err)
{
    size_t cap = 65536, used = 0;
    char *buf = malloc(cap + 1);
    if (buf == NULL)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    for (;;) {
        if (used == cap) {
            char *bigger = realloc(buf, cap * 2 + 1);
            if (bigger == NULL) {
                free(buf);
                return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
            }
            buf = bigger;
            cap *= 2;
        }
        long n = cf_source_read(src, buf + used, cap - used);
        if (n < 0) {
            free(buf);
            return cf_error_set(err, CF_ERR_IO, src->name, 0, NULL, "read error");
        }
        if (n == 0)
            break;
        used += (size_t)n;
    }
    buf[used] = '\0';
    *out = buf;
    *len = used;
    return CF_OK;
}

void cf_source_close(struct cf_source *src)
{
    if (src->owns_fp && src->fp != NULL)
        fclose(src->fp);
    src->fp = NULL;
    src->owns_fp = 0;
}

int cf_source_is_url(const char *spec)
{
    return strncasecmp(spec, "http://", 7) == 0 || strncasecmp(spec, "https://", 8) == 0;
}
