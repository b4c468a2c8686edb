/* Log-linear latency histogram: values below 8 ns get a bucket each, then 8
 * buckets per power of two (12.5% resolution). */
#include "rf_histogram.h"
#include "atomics.h"

#include <string.h>

#define SUB_BITS 3
#define SUB_COUNT (1u << SUB_BITS)
#define BUCKETS 512u

/* Not atomic: reset a histogram no thread records into at the moment. */
void rf_histogram_reset(rf_histogram *h)
{
    memset(h, 0, sizeof *h);
    h->min_ns = UINT64_MAX;
}

static uint32_t highest_bit(uint64_t v)   /* v != 0; portable, no intrinsics */
{
    uint32_t n = 0;
    if (v >> 32) { v >>= 32; n += 32; }
    if (v >> 16) { v >>= 16; n += 16; }
    if (v >> 8) { v >>= 8; n += 8; }
    if (v >> 4) { v >>= 4; n += 4; }
    if (v >> 2) { v >>= 2; n += 2; }
    if (v >> 1) { n += 1; }
    return n;
}

uint32_t rf_histogram_bucket(uint64_t ns)
{
    if (ns < SUB_COUNT) return (uint32_t)ns;
    uint32_t msb = highest_bit(ns);    /* >= SUB_BITS */
    uint32_t sub = (uint32_t)(ns >> (msb - SUB_BITS)) & (SUB_COUNT - 1);
    uint32_t b = (msb - SUB_BITS + 1) * SUB_COUNT + sub;
    return b < BUCKETS ? b : BUCKETS - 1;
}

uint64_t rf_histogram_bucket_low(uint32_t b)
{
    if (b < SUB_COUNT) return b;
    uint32_t msb = b / SUB_COUNT - 1 + SUB_BITS;
    uint64_t sub = b % SUB_COUNT;
    return ((uint64_t)SUB_COUNT + sub) << (msb - SUB_BITS);
}

uint64_t rf_histogram_bucket_high(uint32_t b)
{
    if (b < SUB_COUNT) return b;
    if (b + 1 >= BUCKETS) return UINT64_MAX;
    return rf_histogram_bucket_low(b + 1) - 1;
}

void rf_histogram_record(rf_histogram *h, uint64_t ns)
{
    rf_fetch_add_u64(&h->buckets[rf_histogram_bucket(ns)], 1);
    rf_fetch_add_u64(&h->count, 1);
    rf_fetch_add_u64(&h->total_ns, ns);
    uint64_t seen = rf_load_u64(&h->max_ns);
    while (ns > seen && !rf_cas_u64(&h->max_ns, &seen, ns)) {
    }
    seen = rf_load_u64(&h->min_ns);
    while (ns < seen && !rf_cas_u64(&h->min_ns, &seen, ns)) {
    }
}
