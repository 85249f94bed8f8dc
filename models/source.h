/* source.h — an input source (interface.md "SRC"): a file, standard input, or
 * bytes already in memory (a body fetched by rates/fetch.c). Loaders read
 * through this, in chunks, so a large CSV is never held whole. */
#ifndef CF_SOURCE_H
#define CF_SOURCE_H

#include <stdio.h>
#include <stddef.h>

#include "error.h"

struct cf_source {
    char name[512];           /* for messages: path, "<stdin>" or URL without credentials */
    FILE *fp;                 /* file or stdin, or NULL for memory */
    int owns_fp;              /* close fp in cf_source_close */
    const char *data;         /* memory source (not owned) */
    size_t len, pos;
    char content_type[128];   /* from HTTP, "" when unknown */
};

/* Open path, or standard input for "-". Exit-74 error naming the path. */
int cf_source_open_file(struct cf_source *src, const char *path, struct cf_error *err);

/* A source over len bytes at data (not copied: keep them alive). */
void cf_source_from_memory(struct cf_source *src, const char *name, const char *data, size_t len,
                           const char *content_type);

/* Read up to size bytes; returns bytes read, 0 at end. -1 on a read error. */
long cf_source_read(struct cf_source *src, char *buf, size_t size);

/* Read everything left into a new NUL-terminated buffer the caller frees with free(). */
int cf_source_slurp(struct cf_source *src, char **out, size_t *len, struct cf_error *err);

void cf_source_close(struct cf_source *src);

/* True when spec is an http:// or https:// URL. */
int cf_source_is_url(const char *spec);

#endif
