/* Where the hold goes when a consumer is parked (Linux): a native consumer
 * thread parked in rf_ring_wait, the main thread (pinned to CPU 0) calling
 * rf_notifier every GAP_US, so that every call finds the consumer parked
 * and makes the wake system call; the hold timed around each call, exact
 * percentiles.  Modes place the consumer: any (unpinned), same (CPU 0, the
 * producer's), other (CPU 1), batch / samebatch (SCHED_BATCH, which a
 * woken thread does not preempt with).  Figures: bench/PERFORMANCE.md.
 *
 *   gcc -std=c11 -O2 -D_GNU_SOURCE -Icsrc -o /tmp/wakecost bench/native/wakecost.c \
 *       csrc/shim.c csrc/clock.c csrc/ring.c csrc/hub.c csrc/platform_posix.c csrc/park_futex.c -lpthread
 *   /tmp/wakecost any|same|other|batch|samebatch GAP_US N */
#include <sched.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ras_abi.h"
#include "rf_slots.h"
#include "platform.h"

static rf_ring *ring;
static volatile int stop;
static int pin_consumer = -1;
static int batch;

static void pin(int cpu)
{
    if (cpu < 0) return;
    cpu_set_t set; CPU_ZERO(&set); CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

static void consumer(void *arg)
{
    (void)arg;
    pin(pin_consumer);
    if (batch) {
        struct sched_param sp = {0};
        if (pthread_setschedparam(pthread_self(), SCHED_BATCH, &sp)) perror("SCHED_BATCH");
    }
    rf_event out[64];
    while (!stop) {
        if (rf_ring_wait(ring, 50000000) == 1) rf_ring_drain(ring, out, 64);
        /* a little work, as Python's drain would do */
        for (volatile int k = 0; k < 2000; k++) {}
    }
}

static int cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "any";
    long gap = argc > 2 ? atol(argv[2]) : 200;
    long n = argc > 3 ? atol(argv[3]) : 5000;
    pin(0);
    if (!strcmp(mode, "same")) pin_consumer = 0;
    if (!strcmp(mode, "other")) pin_consumer = 1;
    if (!strcmp(mode, "batch")) batch = 1;
    if (!strcmp(mode, "samebatch")) { batch = 1; pin_consumer = 0; }
    ring = rf_ring_new(1024);
    uint64_t id = rf_slot_open(ring, NULL);
    rf_thread *t = rf_thread_start(consumer, NULL);
    rf_sleep_ns(20000000);
    uint64_t *hold = calloc(n, 8);
    rf_ring_stats st0; rf_ring_get_stats(ring, &st0);
    for (long i = 0; i < n; i++) {
        rf_sleep_ns((uint64_t)gap * 1000);
        uint64_t t0 = rf_now_ns();
        rf_notifier((uintptr_t)id, 0, (rf_hrasconn)(uintptr_t)1, 0xCCCD, (uint32_t)(i % 20), 0, 0);
        hold[i] = rf_now_ns() - t0;
    }
    rf_ring_stats st; rf_ring_get_stats(ring, &st);
    stop = 1;
    rf_ring_close(ring);
    rf_thread_join(t);
    qsort(hold, n, 8, cmp);
    printf("%-5s gap %4ld us: hold p50 %6llu p90 %6llu p99 %6llu p99.9 %6llu ns; woke %llu of %ld\n",
           mode, gap, (unsigned long long)hold[n / 2], (unsigned long long)hold[n * 9 / 10],
           (unsigned long long)hold[n * 99 / 100], (unsigned long long)hold[n * 999 / 1000],
           (unsigned long long)(st.wakeups - st0.wakeups), n);
    return 0;
}
