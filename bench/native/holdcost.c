/* Hold time of rf_notifier measured in C, exact percentiles (no Python, no
 * histogram buckets): 16 dial slots on one ring, a pause of GAP_US between
 * calls (0: back to back, warm caches; 200: the thread sleeps, caches go
 * cold as under RAS), the ring drained every 16 calls outside the timing.
 * "floor" times an empty notifier instead.  bench/PERFORMANCE.md has the
 * figures; to compare builds, compile one binary per source tree and run
 * them in alternation:
 *
 *   gcc -std=c11 -O2 -fvisibility=hidden -Icsrc -o /tmp/holdcost bench/native/holdcost.c \
 *       csrc/shim.c csrc/clock.c csrc/ring.c csrc/hub.c csrc/platform_posix.c csrc/park_futex.c -lpthread
 *   /tmp/holdcost GAP_US N [floor]      -> p50 p90 p99 mean, nanoseconds */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ras_abi.h"
#include "rf_slots.h"
#include "platform.h"

static __attribute__((noinline)) uint32_t floor_notifier(uintptr_t a, uint32_t b, rf_hrasconn c, uint32_t d,
                                               uint32_t e, uint32_t f, uint32_t g)
{ (void)a; (void)b; (void)c; (void)d; (void)e; (void)f; (void)g; __asm__ volatile("" ::: "memory"); return 1; }

static int cmp(const void *a, const void *b)
{ uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b; return x < y ? -1 : x > y; }

int main(int argc, char **argv)
{
    long gap = atol(argv[1]), n = atol(argv[2]);
    int use_floor = argc > 3;
    uint32_t (*volatile fn)(uintptr_t, uint32_t, rf_hrasconn, uint32_t, uint32_t, uint32_t, uint32_t) =
        use_floor ? floor_notifier : rf_notifier;
    rf_ring *ring = rf_ring_new(65536);
    uint64_t ids[16];
    for (int i = 0; i < 16; i++) ids[i] = rf_slot_open(ring, NULL);
    static rf_event out[64];
    uint64_t *t = calloc(n, 8);
    double sum = 0;
    for (long i = -200; i < n; i++) {
        if (gap) rf_sleep_ns((uint64_t)gap * 1000);
        uint64_t t0 = rf_now_ns();
        fn((uintptr_t)ids[i & 15], 0, (rf_hrasconn)(uintptr_t)0x1001, 0xCCCD, (uint32_t)(i % 20), 0, 0);
        uint64_t d = rf_now_ns() - t0;
        if (i >= 0) { t[i] = d; sum += d; }
        if ((i & 15) == 15) while (rf_ring_drain(ring, out, 64)) {}
    }
    qsort(t, n, 8, cmp);
    printf("p50 %4llu p90 %4llu p99 %5llu mean %.1f\n", (unsigned long long)t[n / 2],
           (unsigned long long)t[n * 9 / 10], (unsigned long long)t[n * 99 / 100], sum / n);
    return 0;
}
