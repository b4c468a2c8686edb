/* Latency histogram (hist.c): log-linear buckets, 8 per power of two, in
 * nanoseconds; the simulator reports its notifier hold times in one.
 *
 * C and cdef, like every rf_*.h header. */
#ifndef RASFAST_RF_HISTOGRAM_H
#define RASFAST_RF_HISTOGRAM_H
#include <stdint.h>

typedef struct rf_histogram {
    uint64_t count;
    uint64_t total_ns;
    uint64_t min_ns;
    uint64_t max_ns;
    uint64_t buckets[512];
} rf_histogram;
void rf_histogram_reset(rf_histogram *h);
void rf_histogram_record(rf_histogram *h, uint64_t ns);   /* thread-safe */
uint32_t rf_histogram_bucket(uint64_t ns);
uint64_t rf_histogram_bucket_low(uint32_t bucket);       /* smallest value in the bucket */
uint64_t rf_histogram_bucket_high(uint32_t bucket);      /* largest value in the bucket */

#endif /* RASFAST_RF_HISTOGRAM_H */
