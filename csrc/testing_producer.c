/* The native test producer (rasfast._testing): C threads that call
 * rasfast._native's RasDialFunc2 shim, as RAS threads would, at a given rate. */
#include "rf_testing.h"
#include "testing_link.h"
#include "atomics.h"
#include "platform.h"

#include <stdlib.h>

#define MAX_THREADS 64

typedef struct producer_thread {
    struct rf_test_producer *owner;
    uint32_t producer;          /* 1-based: sent as dwSubEntry */
    rf_thread *thread;
} producer_thread;

struct rf_test_producer {
    RF_RASDIALFUNC2 notifier;
    uint64_t callback_id;
    uint64_t *ids;              /* rf_test_producer_start_spread: n_ids slots in turn */
    uint32_t n_ids;
    uint64_t count;
    uint64_t rate;
    uint32_t threads;
    uint32_t finished;
    uint32_t joined;
    uint64_t sent;
    uint64_t refused;
    producer_thread workers[MAX_THREADS];
};

uint32_t rf_test_checksum(uint32_t producer, uint32_t counter)
{
    /* Any bijective mix will do; it catches torn or mixed-up records. */
    uint32_t x = counter * 0x9E3779B1u ^ producer * 0x85EBCA77u;
    x ^= x >> 15;
    x *= 0x2C1B3C6Du;
    x ^= x >> 12;
    return x;
}

static void producer_main(void *arg)
{
    producer_thread *w = (producer_thread *)arg;
    rf_test_producer *tp = w->owner;
    uint64_t start = rf_now_ns();
    uint64_t interval = tp->rate ? 1000000000u / tp->rate : 0;
    uint64_t refused = 0;
    for (uint64_t i = 0; i < tp->count; i++) {
        if (interval) {
            /* Pace against the start time, so the rate holds on average. */
            uint64_t due = start + i * interval;
            uint64_t now = rf_now_ns();
            if (due > now + 200000) rf_sleep_ns(due - now);
            else while (rf_now_ns() < due) rf_cpu_relax();
        }
        uint32_t counter = (uint32_t)i;
        uint64_t id = tp->ids ? tp->ids[i % tp->n_ids] : tp->callback_id;
        uint32_t kept = tp->notifier((uintptr_t)id, w->producer,
                                     (rf_hrasconn)(uintptr_t)(0x1000u + w->producer),
                                     RF_WM_RASDIALEVENT, counter & 0xFFFu,
                                     rf_test_checksum(w->producer, counter), counter);
        if (!kept) refused++;
    }
    rf_fetch_add_u64(&tp->sent, tp->count);
    rf_fetch_add_u64(&tp->refused, refused);
    rf_fetch_add_u32(&tp->finished, 1);
}

rf_test_producer *rf_test_producer_start(uint64_t callback_id, uint32_t threads,
                                         uint64_t count_per_thread, uint64_t rate_per_thread)
{
    rf_testing_link link;
    if (threads == 0 || threads > MAX_THREADS || !rf_testing_link_get(&link)) return NULL;
    rf_test_producer *tp = (rf_test_producer *)calloc(1, sizeof *tp);
    if (!tp) return NULL;
    tp->notifier = link.notifier;
    tp->callback_id = callback_id;
    tp->count = count_per_thread;
    tp->rate = rate_per_thread;
    tp->threads = threads;
    for (uint32_t i = 0; i < threads; i++) {
        tp->workers[i].owner = tp;
        tp->workers[i].producer = i + 1;
        tp->workers[i].thread = rf_thread_start(producer_main, &tp->workers[i]);
        if (!tp->workers[i].thread) {
            /* Threads already started run to completion before we free. */
            tp->threads = i;
            rf_test_producer_join(tp, -1);
            free(tp);
            return NULL;
        }
    }
    return tp;
}

rf_test_producer *rf_test_producer_start_spread(const uint64_t *callback_ids, uint32_t n_ids,
                                                uint64_t count, uint64_t rate)
{
    rf_testing_link link;
    if (n_ids == 0 || !rf_testing_link_get(&link)) return NULL;
    rf_test_producer *tp = (rf_test_producer *)calloc(1, sizeof *tp);
    if (!tp) return NULL;
    tp->ids = (uint64_t *)malloc(n_ids * sizeof *tp->ids);
    if (!tp->ids) {
        free(tp);
        return NULL;
    }
    for (uint32_t i = 0; i < n_ids; i++) tp->ids[i] = callback_ids[i];
    tp->n_ids = n_ids;
    tp->notifier = link.notifier;
    tp->count = count;
    tp->rate = rate;
    tp->threads = 1;
    tp->workers[0].owner = tp;
    tp->workers[0].producer = 1;
    tp->workers[0].thread = rf_thread_start(producer_main, &tp->workers[0]);
    if (!tp->workers[0].thread) {
        free(tp->ids);
        free(tp);
        return NULL;
    }
    return tp;
}

int rf_test_producer_join(rf_test_producer *tp, int64_t timeout_ns)
{
    uint64_t deadline = timeout_ns >= 0 ? rf_now_ns() + (uint64_t)timeout_ns : 0;
    while (rf_load_acquire_u32(&tp->finished) < tp->threads) {
        if (timeout_ns >= 0 && rf_now_ns() >= deadline) return 0;
        rf_sleep_ns(200000);
    }
    if (!tp->joined) {
        for (uint32_t i = 0; i < tp->threads; i++) rf_thread_join(tp->workers[i].thread);
        tp->joined = 1;
    }
    return 1;
}

uint64_t rf_test_producer_sent(rf_test_producer *tp) { return rf_load_acquire_u64(&tp->sent); }
uint64_t rf_test_producer_refused(rf_test_producer *tp) { return rf_load_acquire_u64(&tp->refused); }

void rf_test_producer_free(rf_test_producer *tp)
{
    if (!tp) return;
    rf_test_producer_join(tp, -1);
    free(tp->ids);
    free(tp);
}
