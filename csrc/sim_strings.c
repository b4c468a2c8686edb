/* UTF-16 string helpers for the simulator: bounded length, copies, and the
 * ASCII case-insensitive compare and hash of entry names. */
#include "sim_internal.h"

static uint16_t lower16(uint16_t c)
{
    return (c >= 'A' && c <= 'Z') ? (uint16_t)(c + 32) : c;
}

size_t sim_wlen_max(const uint16_t *s, size_t max)
{
    size_t n = 0;
    while (n <= max && s[n]) n++;
    return n;
}

void sim_wcopy(uint16_t *dst, size_t cap, const uint16_t *src)
{
    size_t i = 0;
    for (; src[i] && i + 1 < cap; i++) dst[i] = src[i];
    dst[i] = 0;
}

void sim_wcopy_ascii(uint16_t *dst, size_t cap, const char *src)
{
    size_t i = 0;
    for (; src[i] && i + 1 < cap; i++) dst[i] = (uint16_t)(unsigned char)src[i];
    dst[i] = 0;
}

int sim_wieq(const uint16_t *a, const uint16_t *b)
{
    for (;; a++, b++) {
        if (lower16(*a) != lower16(*b)) return 0;
        if (!*a) return 1;
    }
}

uint32_t sim_whash(const uint16_t *s)
{
    uint32_t h = 2166136261u;   /* FNV-1a */
    for (; *s; s++) {
        h ^= lower16(*s);
        h *= 16777619u;
    }
    return h;
}
