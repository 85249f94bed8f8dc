/* utf8.c — the UTF-8 check of utf8.h: the well-formed byte sequences of
 * RFC 3629, section 4 (Unicode Table 3-7), with a fast path for ASCII. */
#include "utf8.h"

#include <stdint.h>
#include <string.h>

int cf_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        /* eight ASCII bytes at a time: no byte has its top bit set */
        if (end - p >= 8) {
            uint64_t word;
            memcpy(&word, p, sizeof word);
            if ((word & 0x8080808080808080ull) == 0) {
                p += 8;
                continue;
            }
        }
        unsigned char b = *p;
        if (b < 0x80) {
            p++;
            continue;
        }
        /* the lead byte sets the length and the range of the second byte */
        size_t len;
        unsigned char lo = 0x80, hi = 0xBF;
        if (b >= 0xC2 && b <= 0xDF)
            len = 2;
        else if (b >= 0xE0 && b <= 0xEF) {
            len = 3;
            if (b == 0xE0)
                lo = 0xA0; /* overlong below U+0800 */
            else if (b == 0xED)
                hi = 0x9F; /* U+D800..U+DFFF: UTF-16 surrogates */
        } else if (b >= 0xF0 && b <= 0xF4) {
            len = 4;
            if (b == 0xF0)
                lo = 0x90; /* overlong below U+10000 */
            else if (b == 0xF4)
                hi = 0x8F; /* above U+10FFFF */
        } else
            return 0; /* a continuation byte, an overlong C0/C1, or F5..FF */
        if ((size_t)(end - p) < len || p[1] < lo || p[1] > hi)
            return 0;
        for (size_t k = 2; k < len; k++)
            if (p[k] < 0x80 || p[k] > 0xBF)
                return 0;
        p += len;
    }
    return 1;
}

int cf_utf8_is_ascii(const char *s, size_t n)
{
    uint64_t high = 0; /* the top bits of every byte, or'ed together */
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t word;
        memcpy(&word, s + i, sizeof word);
        high |= word;
    }
    for (; i < n; i++)
        high |= (unsigned char)s[i];
    return (high & 0x8080808080808080ull) == 0;
}
