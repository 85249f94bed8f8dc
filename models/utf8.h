/* utf8.h — the one UTF-8 check every input goes through (interface.md: input
 * files are UTF-8): table.c runs it on every value a loader reads, load_game.c
 * on player names, so no byte that is not UTF-8 reaches JSON or CSV output. */
#ifndef CF_UTF8_H
#define CF_UTF8_H

#include <stddef.h>

/* 1 when s[0..n) is well-formed UTF-8 (RFC 3629: no overlong forms, no
 * UTF-16 surrogates, nothing above U+10FFFF), else 0. */
int cf_utf8_valid(const char *s, size_t n);

/* 1 when every byte of s[0..n) is ASCII (so s is UTF-8), else 0: a cheap
 * first look at a whole chunk before checking value by value. */
int cf_utf8_is_ascii(const char *s, size_t n);

#endif
