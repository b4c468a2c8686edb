/* Native stress of the event core under the sanitizers: the ring, parking,
 * the RasDialFunc2 shim with its dial slots, and the simulated RAS service
 * driven through rf_dial exactly as rasfast/dialing.py drives it.
 *
 *   make -C tests/native stress        (ThreadSanitizer, then ASan+UBSan)
 *   bash .ci/windows/x86.sh            (i686 Windows build, under Wine)
 *
 * Phases (each checks its own invariants and counts failures):
 *   producers  - many threads push through the shim while a consumer drains
 *                with parking: per-producer order, checksums, and
 *                pushed == delivered + dropped + pending, with the drops
 *                seen by producers equal to the ring's drop counters.
 *   park       - ping-pong park/wake cycles on the ring and on a dial slot;
 *                a lost wake-up shows as a cycle that needs the timeout.
 *   teardown   - slots closed and rings released while producer threads are
 *                inside the notifier (the ring parked on an asyncio hub with
 *                an eventfd, the hub released and reacquired each round):
 *                ASan sees any use after free, TSan any unordered access.
 *   hub        - asyncio's hub (hub.c): producers push to many rings parked
 *                on one hub while a consumer thread waits in rf_hub_wait,
 *                drains the rings it is handed and parks them again (with a
 *                small collect buffer, so tokens are handed over in parts):
 *                every record delivered, no lost wake-up, fewer hub wakes
 *                than records.
 *   dials      - 10,000 concurrent simulated dials (connect, fail, pause and
 *                resume, multilink) with hang-ups at random moments from
 *                several threads; every dial's events are a prefix of its
 *                entry's walk, nothing arrives after its hang-up returned,
 *                nothing stray, nothing lost.
 *   dial thread- many threads hand calls to rasfast's dial thread at once
 *                (some slow enough that callers park): each runs once, on
 *                the dial thread, never on its caller, with its result and
 *                its writes seen by the caller; then short-lived threads
 *                each start a dial and exit at once, and every dial still
 *                connects.
 *   watch      - the connection watcher thread racing dials, drops (timers
 *                and rf_sim_drop), hang-ups, watcher subscriptions opened and
 *                closed, and rings closed while drops arrive: every drop of a
 *                dial is pushed exactly once (REMOTE, with its reason), none
 *                after a hang-up claimed the dial, every record accounted.
 *
 * RF_STRESS_SCALE (default 1) multiplies the work for a longer manual soak.
 * Exit status 0 and "stress_core: all passed" on success. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rasfast.h"
#include "ras_abi.h"
#include "atomics.h"
#include "platform.h"
#include "rf_testing.h"
#include "sim_internal.h"   /* rf_sim__shutdown */
#include "dial_thread.h"

static int g_failures;
/* Report the first failures only; the count says how many there were. */
#define CHECK(cond) do { if (!(cond) && ++g_failures < 20) { \
    fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_EQ(a, b) do { unsigned long long a_ = (unsigned long long)(a), \
    b_ = (unsigned long long)(b); if (a_ != b_ && ++g_failures < 20) { \
    fprintf(stderr, "FAIL %s:%d: %s == %s (%llu != %llu)\n", __FILE__, __LINE__, \
            #a, #b, a_, b_); } } while (0)

/* Threads through the platform layer (platform_posix.c or
 * platform_win32.c), so this file also builds for Windows
 * (.ci/windows/x86.sh runs it under 32-bit Wine). */
static rf_thread *start_thread(void (*fn)(void *), void *arg)
{
    rf_thread *t = rf_thread_start(fn, arg);
    if (!t) {
        fprintf(stderr, "FAIL: cannot start a thread\n");
        exit(2);
    }
    return t;
}

/* The notify fd the teardown phase gives its hub, as asyncio does on
 * Linux.  Windows has none (RF_HAS_NOTIFY_FD 0: the hub wakes its waiter
 * by address there, and platform_win32.c's rf_notify_fd does nothing), so a
 * dummy number stands in. */
#if RF_HAS_NOTIFY_FD
#include <sys/eventfd.h>
static int notify_fd_new(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }
#else
static int notify_fd_new(void) { return 1000; }
#endif

static uint64_t g_scale = 1;
static uint64_t g_events_total;     /* notifier calls made, all phases */

static uint64_t rnd(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void check_accounting(rf_ring *ring, const char *phase)
{
    rf_ring_stats st;
    rf_ring_get_stats(ring, &st);
    if (st.pushed != st.delivered + st.dropped + st.pending) {
        g_failures++;
        fprintf(stderr, "FAIL %s: pushed %llu != delivered %llu + dropped %llu + pending %llu\n",
                phase, (unsigned long long)st.pushed, (unsigned long long)st.delivered,
                (unsigned long long)st.dropped, (unsigned long long)st.pending);
    }
}

/* ------------------------------------------------------------------------
 * Phase 1: many producers (the native test producer) against one
 * consumer that parks between batches.
 * ---------------------------------------------------------------------- */
#define PRODUCERS 8

static void phase_producers(void)
{
    const uint64_t per_thread = 50000 * g_scale;
    rf_ring *ring = rf_ring_new(4096);   /* producers run flat out: drops are expected, and counted */
    uint64_t id = rf_slot_open(ring, NULL);
    CHECK(id != 0);
    rf_test_producer *tp = rf_test_producer_start(id, PRODUCERS, per_thread, 0);
    CHECK(tp != NULL);
    if (!tp) return;
    static rf_event batch[512];
    uint64_t next[PRODUCERS + 1] = {0};
    uint64_t got = 0, bad_order = 0, bad_sum = 0, waits = 0;
    int finished = 0;
    for (;;) {
        uint64_t n = rf_ring_drain(ring, batch, 512);
        for (uint64_t i = 0; i < n; i++) {
            const rf_event *e = &batch[i];
            uint32_t p = e->subentry;
            if (p < 1 || p > PRODUCERS) { bad_order++; continue; }
            /* Drops leave gaps, never reorderings. */
            if (e->extended_error < next[p]) bad_order++;
            next[p] = (uint64_t)e->extended_error + 1;
            if (e->error != rf_test_checksum(p, e->extended_error)) bad_sum++;
            if (e->callback_id != id || e->state != (e->extended_error & 0xFFFu)) bad_sum++;
        }
        got += n;
        if (n) continue;
        if (finished) break;                 /* joined and drained */
        if (rf_test_producer_join(tp, 0)) {
            finished = 1;
            continue;
        }
        waits++;
        rf_ring_wait(ring, 1000000);   /* park: woken by the next push */
    }
    rf_ring_stats st;
    rf_ring_get_stats(ring, &st);
    CHECK_EQ(bad_order, 0);
    CHECK_EQ(bad_sum, 0);
    CHECK_EQ(st.pushed, PRODUCERS * per_thread);
    CHECK_EQ(st.delivered, got);
    CHECK_EQ(st.pending, 0);
    CHECK_EQ(st.delivered + st.dropped, PRODUCERS * per_thread);
    CHECK_EQ(rf_test_producer_sent(tp), PRODUCERS * per_thread);
    check_accounting(ring, "producers");
    printf("  producers: %u threads x %llu = %llu pushed, %llu delivered, %llu dropped "
           "(full %llu, contention %llu), %llu parks, %llu wakeups\n",
           PRODUCERS, (unsigned long long)per_thread, (unsigned long long)st.pushed,
           (unsigned long long)st.delivered, (unsigned long long)st.dropped,
           (unsigned long long)st.dropped_full, (unsigned long long)st.dropped_contention,
           (unsigned long long)waits, (unsigned long long)st.wakeups);
    g_events_total += st.pushed;
    rf_test_producer_free(tp);
    CHECK(rf_slot_close(id) == 1);
    rf_ring_close(ring);
    rf_ring_release(ring);
}

/* ------------------------------------------------------------------------
 * Phase 2: park/wake ping-pong.  The producer sends one record only after
 * the consumer acknowledged the previous one, so the consumer is parked (or
 * about to park) at every push: the window a lost wake-up needs.
 * ---------------------------------------------------------------------- */
typedef struct pingpong {
    rf_ring *ring;
    uint64_t id;
    uint64_t cycles;
    uint32_t acked;          /* atomic: records the consumer has taken */
    uint32_t slow;           /* atomic: cycles that needed a whole timeout */
    uint64_t slot_start;     /* slot notifications before the slot phase */
} pingpong;

static void pp_consumer(void *arg)
{
    pingpong *pp = (pingpong *)arg;
    rf_event ev;
    for (uint64_t i = 0; i < pp->cycles; i++) {
        for (;;) {
            if (rf_ring_drain(pp->ring, &ev, 1) == 1) break;
            uint64_t t0 = rf_now_ns();
            rf_ring_wait(pp->ring, 2000000000);   /* 2 s: only a lost wake-up waits this long */
            if (rf_now_ns() - t0 >= 1900000000ull) rf_fetch_add_u32(&pp->slow, 1);
        }
        rf_fetch_add_u32(&pp->acked, 1);
    }
}

static void slot_waiter(void *arg)
{
    pingpong *pp = (pingpong *)arg;
    uint64_t seen = pp->slot_start;       /* the slot served the ring phase first */
    for (uint64_t i = 0; i < pp->cycles; i++) {
        uint64_t t0 = rf_now_ns();
        uint64_t n = rf_slot_wait(pp->id, seen, 2000000000);
        if (n == seen && rf_now_ns() - t0 >= 1900000000ull) rf_fetch_add_u32(&pp->slow, 1);
        seen = n;
        rf_fetch_add_u32(&pp->acked, 1);
    }
}

static void phase_park(void)
{
    pingpong pp;
    memset(&pp, 0, sizeof pp);
    pp.cycles = 20000 * g_scale;
    pp.ring = rf_ring_new(64);
    pp.id = rf_slot_open(pp.ring, NULL);
    rf_thread *t = start_thread(pp_consumer, &pp);
    for (uint64_t i = 0; i < pp.cycles; i++) {
        rf_notify(pp.id, 0, 1, RF_WM_RASDIALEVENT, 0, 0, (uint32_t)i);
        while (rf_load_acquire_u32(&pp.acked) <= i) rf_yield();
    }
    rf_thread_join(t);
    rf_ring_stats st;
    rf_ring_get_stats(pp.ring, &st);
    CHECK_EQ(pp.slow, 0);
    CHECK_EQ(st.delivered, pp.cycles);
    CHECK_EQ(st.dropped, 0);
    check_accounting(pp.ring, "park");
    printf("  park: %llu ring park/wake cycles, %llu wake syscalls, %u lost wake-ups\n",
           (unsigned long long)pp.cycles, (unsigned long long)st.wakeups, pp.slow);
    g_events_total += st.pushed;

    /* The same through the slot's own parking (Connection.wait). */
    uint32_t ring_slow = pp.slow;
    pp.acked = 0;
    pp.slow = 0;
    rf_slot_status st0;
    rf_slot_get_status(pp.id, &st0);
    uint64_t notes0 = st0.notifications;
    pp.slot_start = notes0;
    t = start_thread(slot_waiter, &pp);
    for (uint64_t i = 0; i < pp.cycles; i++) {
        rf_notify(pp.id, 0, 1, RF_WM_RASDIALEVENT, 0, 0, 0);
        while (rf_load_acquire_u32(&pp.acked) <= i) rf_yield();
        rf_event sink[64];
        rf_ring_drain(pp.ring, sink, 64);
    }
    rf_thread_join(t);
    CHECK_EQ(pp.slow, 0);
    rf_slot_get_status(pp.id, &st0);
    CHECK_EQ(st0.notifications - notes0, pp.cycles);
    printf("  park: %llu slot park/wake cycles, %u lost wake-ups\n",
           (unsigned long long)pp.cycles, pp.slow);
    g_events_total += pp.cycles;
    (void)ring_slow;
    CHECK(rf_slot_close(pp.id) == 1);
    rf_ring_close(pp.ring);
    rf_ring_release(pp.ring);
}

/* ------------------------------------------------------------------------
 * Phase 2b: a spinning waiter (rf_ring_set_spin) on a ring another thread
 * drains, as EventBuffer.wait() runs beside poll(): a record the spin saw
 * may be gone before the wait returns, and the wait must then neither say
 * "closed" nor lose the next record; closing ends the spin with -1.
 * ---------------------------------------------------------------------- */
typedef struct spin_state {
    rf_ring *ring;
    uint32_t stop;          /* atomic */
    uint64_t closed_early;  /* waits that returned -1 on the open ring */
    uint64_t ready;         /* waits that returned 1 */
    uint64_t drained;       /* atomic: records the drainer took */
} spin_state;

static void spin_waiter(void *arg)
{
    spin_state *ss = (spin_state *)arg;
    while (!rf_load_acquire_u32(&ss->stop)) {
        int r = rf_ring_wait(ss->ring, 1000000);
        if (r < 0 && !rf_load_acquire_u32(&ss->stop)) ss->closed_early++;
        if (r > 0) ss->ready++;
    }
}

static void spin_drainer(void *arg)
{
    spin_state *ss = (spin_state *)arg;
    rf_event out[4];
    while (!rf_load_acquire_u32(&ss->stop))
        rf_fetch_add_u64(&ss->drained, rf_ring_drain(ss->ring, out, 4));
}

static void phase_spin(void)
{
    spin_state ss;
    memset(&ss, 0, sizeof ss);
    ss.ring = rf_ring_new(1 << 16);
    rf_ring_set_spin(ss.ring, 1000000);
    uint64_t id = rf_slot_open(ss.ring, NULL);
    rf_thread *w = start_thread(spin_waiter, &ss);
    rf_thread *d = start_thread(spin_drainer, &ss);
    uint64_t n = 20000 * g_scale;
    for (uint64_t i = 0; i < n; i++) {
        rf_notify(id, 0, 1, RF_WM_RASDIALEVENT, 0, 0, (uint32_t)i);
        for (volatile int k = 0; k < 5000; k++) {   /* the drainer empties the ring between records */
        }
    }
    rf_ring_stats st;
    for (;;) {   /* every record drained, or dropped if the drainer fell a ring behind */
        rf_ring_get_stats(ss.ring, &st);
        if (rf_load_acquire_u64(&ss.drained) + st.dropped >= n) break;
        rf_yield();
    }
    rf_store_release_u32(&ss.stop, 1);
    CHECK(rf_slot_close(id) == 1);
    rf_ring_close(ss.ring);          /* a waiter still spinning returns -1 */
    rf_thread_join(w);
    rf_thread_join(d);
    CHECK_EQ(ss.closed_early, 0);
    rf_ring_get_stats(ss.ring, &st);
    CHECK_EQ(rf_load_acquire_u64(&ss.drained) + st.dropped, n);
    printf("  spin: %llu records drained beside a spinning waiter, %llu waits ready, "
           "%llu spin hits, %llu wake syscalls, %llu said closed while open\n",
           (unsigned long long)n, (unsigned long long)ss.ready,
           (unsigned long long)st.spin_hits, (unsigned long long)st.wakeups,
           (unsigned long long)ss.closed_early);
    g_events_total += n;
    rf_ring_release(ss.ring);
}

/* ------------------------------------------------------------------------
 * Phase 3: teardown while producers run.  Producers keep calling the shim
 * with whatever callback id is current (and with stale ones); the main
 * thread closes the slot, closes and releases the ring (with an eventfd
 * attached), and opens a new pair, over and over.
 * ---------------------------------------------------------------------- */
#define TEAR_PRODUCERS 4
static uint64_t tear_id;        /* atomic: current callback id, 0 between rounds */
static uint32_t tear_stop;      /* atomic */
static uint64_t tear_calls;     /* atomic */
static uint64_t tear_kept;      /* atomic */

static void tear_producer(void *arg)
{
    uint64_t seed = (uint64_t)(uintptr_t)arg * 7919u;
    uint64_t calls = 0, kept = 0, last = 0;
    while (!rf_load_acquire_u32(&tear_stop)) {
        uint64_t id = rf_load_acquire_u64(&tear_id);
        if (!id) id = last;                 /* stale: must be refused, never touch the ring */
        if (!id) continue;
        last = id;
        uint64_t r = rnd(&seed);
        kept += rf_notify(id, (uint32_t)(r & 3), r, RF_WM_RASDIALEVENT, (uint32_t)(r >> 8) & 0x1F,
                          0, (uint32_t)calls);
        calls++;
    }
    rf_fetch_add_u64(&tear_calls, calls);
    rf_fetch_add_u64(&tear_kept, kept);
}

static void phase_teardown(void)
{
    const uint64_t rounds = 2000 * g_scale;
    rf_thread *t[TEAR_PRODUCERS];
    uint64_t stray0 = rf_slot_stray_count();
    uint64_t pushed = 0, delivered = 0, dropped_closed = 0;
    rf_event sink[64];
    for (int i = 0; i < TEAR_PRODUCERS; i++)
        t[i] = start_thread(tear_producer, (void *)(uintptr_t)(i + 1));
    for (uint64_t round = 0; round < rounds; round++) {
        rf_ring *ring = rf_ring_new(64);
        rf_ring *aux = (round & 1) ? rf_ring_new(32) : NULL;
        rf_hub *hub = rf_hub_acquire(RF_HAS_NOTIFY_FD);
        CHECK(hub != NULL);
        if (!hub) break;
        if (rf_hub_notify_fd(hub) < 0) {    /* once per hub of the table */
            int fd = notify_fd_new();
            CHECK(fd >= 0 && rf_hub_set_notify_fd(hub, fd, fd) == 1);
        }
        rf_ring_park_begin(ring);
        CHECK(rf_ring_hub_park(ring, hub, (uint32_t)round) == 0);
        rf_hub_arm(hub);                    /* producers will write the eventfd */
        uint64_t id = rf_slot_open(ring, aux);
        CHECK(id != 0);
        rf_store_release_u64(&tear_id, id);
        for (int k = 0; k < 3; k++) {       /* let the producers in */
            rf_ring_drain(ring, sink, 64);
            rf_yield();
        }
        if (round % 3 == 0) {
            /* The consumer goes first: pushes after close are dropped and counted. */
            rf_ring_close(ring);
            rf_ring_release(ring);
            rf_yield();
            rf_store_release_u64(&tear_id, 0);
            CHECK(rf_slot_close(id) == 1);
            ring = NULL;
        } else {
            rf_store_release_u64(&tear_id, 0);
            CHECK(rf_slot_close(id) == 1);      /* waits out notifier calls in flight */
            CHECK(rf_slot_close(id) == 0);      /* twice is harmless */
            rf_ring_stats st;
            rf_ring_get_stats(ring, &st);
            check_accounting(ring, "teardown");
            pushed += st.pushed;
            delivered += st.delivered;
            dropped_closed += st.dropped_closed;
            rf_ring_close(ring);
            rf_ring_release(ring);
        }
        if (aux) {
            rf_ring_close(aux);
            rf_ring_release(aux);
        }
        rf_hub_release(hub);                /* producers may still signal it: it is never freed */
    }
    rf_store_release_u32(&tear_stop, 1);
    for (int i = 0; i < TEAR_PRODUCERS; i++) rf_thread_join(t[i]);
    uint64_t strays = rf_slot_stray_count() - stray0;
    /* Every call was either routed to a live slot (kept) or refused as stray. */
    CHECK_EQ(tear_kept + strays, tear_calls);
    printf("  teardown: %llu rounds, %llu notifier calls (%llu routed, %llu refused as stale)\n",
           (unsigned long long)rounds, (unsigned long long)tear_calls,
           (unsigned long long)tear_kept, (unsigned long long)strays);
    (void)pushed; (void)delivered; (void)dropped_closed;
    g_events_total += tear_calls;
}

/* ------------------------------------------------------------------------
 * Phase 3b: asyncio's hub.  HUB_RINGS rings parked on one hub; producer
 * threads push to rings at random; a consumer thread does what a hub
 * thread and its loop do together: wait for tokens, drain each token's
 * ring, park it again.
 * ---------------------------------------------------------------------- */
#define HUB_RINGS 256
#define HUB_PRODUCERS 4
static rf_ring *hub_rings[HUB_RINGS];
static rf_hub *hub_hub;
static uint64_t hub_per_producer;
static uint64_t hub_received;      /* atomic */
static uint64_t hub_pushed;        /* atomic: pushes that were stored (a full ring drops, and counts) */
static uint32_t hub_done;          /* atomic: every producer finished */
static uint32_t hub_slow;          /* atomic: waits that needed the whole timeout with records pending */

static void hub_producer(void *arg)
{
    uint64_t seed = (uint64_t)(uintptr_t)arg * 104729u;
    rf_event ev;
    memset(&ev, 0, sizeof ev);
    ev.subentry = (uint32_t)(uintptr_t)arg;
    uint64_t stored = 0;
    for (uint64_t i = 0; i < hub_per_producer; i++) {
        ev.extended_error = (uint32_t)i;
        stored += (uint64_t)rf_ring_push(hub_rings[rnd(&seed) % HUB_RINGS], &ev);
        if ((i & 63) == 0) rf_yield();               /* let the consumer park now and then */
    }
    rf_fetch_add_u64(&hub_pushed, stored);
}

static void hub_consumer(void *arg)
{
    (void)arg;
    uint32_t tokens[64];     /* small: a burst is handed over in parts */
    rf_event sink[64];
    uint64_t got = 0;
    static uint32_t last[HUB_PRODUCERS + 1][HUB_RINGS];
    memset(last, 0, sizeof last);
    for (;;) {
        if (rf_load_acquire_u32(&hub_done) && got == rf_load_acquire_u64(&hub_pushed)) break;
        uint64_t t0 = rf_now_ns();
        int32_t n = rf_hub_wait(hub_hub, tokens, 64, 2000000000);
        if (n == 0 && rf_now_ns() - t0 >= 1900000000ull) {
            for (uint32_t k = 0; k < HUB_RINGS; k++)
                if (rf_ring_ready(hub_rings[k]) == 1) {   /* a lost wake-up: count, recover */
                    rf_fetch_add_u32(&hub_slow, 1);
                    tokens[0] = k;
                    n = 1;
                    break;
                }
        }
        for (int32_t i = 0; i < n; i++) {
            uint32_t k = tokens[i];
            CHECK(k < HUB_RINGS);
            if (k >= HUB_RINGS) continue;
            do {
                uint64_t m;
                while ((m = rf_ring_drain(hub_rings[k], sink, 64)) > 0) {
                    for (uint64_t j = 0; j < m; j++) {
                        uint32_t p = sink[j].subentry;
                        CHECK(p >= 1 && p <= HUB_PRODUCERS);
                        if (p < 1 || p > HUB_PRODUCERS) continue;
                        /* Per producer and ring, records arrive in order. */
                        CHECK(sink[j].extended_error + 1 > last[p][k]);
                        last[p][k] = sink[j].extended_error + 1;
                    }
                    got += m;
                }
            } while (rf_ring_hub_park(hub_rings[k], hub_hub, k));   /* 1: ready again already */
        }
        if (n > 0) rf_hub_ack(hub_hub);    /* the batch is taken: wait for the next */
    }
    rf_store_release_u64(&hub_received, got);
}

static void phase_hub(void)
{
    hub_per_producer = 100000 * g_scale;
    hub_hub = rf_hub_acquire(0);
    CHECK(hub_hub != NULL);
    if (!hub_hub) return;
    for (uint32_t k = 0; k < HUB_RINGS; k++) {
        hub_rings[k] = rf_ring_new(64);
        CHECK(rf_ring_hub_park(hub_rings[k], hub_hub, k) == 0);
    }
    rf_thread *c = start_thread(hub_consumer, NULL);
    rf_thread *t[HUB_PRODUCERS];
    for (int i = 0; i < HUB_PRODUCERS; i++) t[i] = start_thread(hub_producer, (void *)(uintptr_t)(i + 1));
    for (int i = 0; i < HUB_PRODUCERS; i++) rf_thread_join(t[i]);
    rf_store_release_u32(&hub_done, 1);
    rf_hub_interrupt(hub_hub);            /* the consumer re-checks: nothing may be left */
    rf_thread_join(c);
    uint64_t total = hub_per_producer * HUB_PRODUCERS, ring_wakes = 0, dropped = 0;
    for (uint32_t k = 0; k < HUB_RINGS; k++) {
        rf_ring_stats st;
        rf_ring_get_stats(hub_rings[k], &st);
        ring_wakes += st.wakeups;
        dropped += st.dropped;
        check_accounting(hub_rings[k], "hub");
    }
    /* Read before the rings are closed: a close wakes its hub waiter too. */
    uint64_t hub_wakes = rf_hub_wakeups(hub_hub);
    CHECK_EQ(hub_received, hub_pushed);
    CHECK_EQ(hub_pushed + dropped, total);
    CHECK_EQ(hub_slow, 0);
    CHECK_EQ(ring_wakes, hub_wakes);   /* every ring wake was the hub's one system call */
    CHECK(hub_wakes < total);
    /* A parked hub: the next signal wakes it once, later ones make no call.
     * (Tokens of records the consumer had drained already may be left.) */
    uint32_t tokens[64];
    while (rf_hub_collect(hub_hub, tokens, 64)) {
    }
    /* The interrupt that stopped the consumer may still be pending. */
    int32_t w = rf_hub_wait(hub_hub, tokens, 64, 0);
    CHECK(w == 0 || w == -1);
    CHECK(rf_hub_arm(hub_hub) == 0);
    rf_hub_signal(hub_hub, 7);
    rf_hub_signal(hub_hub, 7);
    rf_hub_signal(hub_hub, 40000);
    CHECK_EQ(rf_hub_wakeups(hub_hub), hub_wakes + 1);
    CHECK(rf_hub_arm(hub_hub) == 1);
    CHECK_EQ(rf_hub_collect(hub_hub, tokens, 64), 2);
    CHECK(tokens[0] == 7 && tokens[1] == 40000);
    CHECK(rf_hub_wait(hub_hub, tokens, 64, 1000000) == 0);    /* nothing: times out */
    rf_hub_interrupt(hub_hub);
    CHECK(rf_hub_wait(hub_hub, tokens, 64, -1) == -1);
    for (uint32_t k = 0; k < HUB_RINGS; k++) {
        rf_ring_close(hub_rings[k]);
        rf_ring_release(hub_rings[k]);
    }
    rf_hub_release(hub_hub);
    printf("  hub: %u rings, %llu records (%llu dropped full), %llu hub wake-ups, "
           "%u lost wake-ups\n", HUB_RINGS, (unsigned long long)total,
           (unsigned long long)dropped, (unsigned long long)hub_wakes, hub_slow);
    g_events_total += total;
}

/* ------------------------------------------------------------------------
 * Phase 4: concurrent simulated dials with random hang-ups.
 * ---------------------------------------------------------------------- */
typedef struct dial_rec {
    uint64_t id;
    uint64_t hconn;
    uint32_t kind;            /* index into k_entries */
    uint32_t dial_rc;
    uint32_t hung;            /* atomic: 1 once a thread claimed the hang-up */
    uint32_t hangup_done;     /* atomic */
    uint64_t notes_at_hangup; /* slot notifications when RasHangUp returned */
    uint32_t nstates;
    uint32_t states[48];      /* states received, in order */
    uint32_t errors[48];
    uint32_t subs[48];
    uint32_t resumed;
} dial_rec;

static const char *const k_entries[] = {
    "Demo Instant", "Demo VPN", "Demo Multilink", "Demo Bad Password", "Stress Pause",
    "Stress Modem Fail",
};
#define NKINDS (sizeof k_entries / sizeof *k_entries)
static uint32_t k_walk[NKINDS][48];
static uint32_t k_walk_n[NKINDS];

static void wstr16(uint16_t *dst, size_t cap, const char *s)
{
    size_t i = 0;
    for (; s[i] && i + 1 < cap; i++) dst[i] = (uint16_t)(unsigned char)s[i];
    dst[i] = 0;
}

static dial_rec *g_dials;
static uint32_t g_ndials;
static uint32_t hang_stop;    /* atomic */

static void hangup_one(dial_rec *d)
{
    uint32_t expected = 0;
    if (!rf_cas_u32(&d->hung, &expected, 1)) return;
    if (d->hconn) {
        uint32_t rc = rf_hangup(RF_BACKEND_SIM, d->hconn);
        CHECK(rc == 0 || rc == RF_ERROR_INVALID_HANDLE);
        rf_slot_status st;
        if (rf_slot_get_status(d->id, &st)) d->notes_at_hangup = st.notifications;
    }
    rf_store_release_u32(&d->hangup_done, 1);
}

static void hanger(void *arg)
{
    uint64_t seed = (uint64_t)(uintptr_t)arg;
    while (!rf_load_acquire_u32(&hang_stop)) {
        uint32_t i = (uint32_t)(rnd(&seed) % g_ndials);
        if (rf_load_acquire_u64(&g_dials[i].hconn) && (rnd(&seed) & 1))
            hangup_one(&g_dials[i]);
        if ((rnd(&seed) & 15) == 0) rf_sleep_ns(rnd(&seed) % 200000);
    }
}

typedef struct drain_ctx {
    rf_ring *ring;
    uint32_t stop;            /* atomic */
    uint64_t drained;
    uint64_t unknown;         /* records for no dial of ours */
} drain_ctx;

/* Callback ids are (generation << 16) | slot index: dials by slot index. */
static dial_rec *g_by_slot[65536];

static void record_event(drain_ctx *dc, const rf_event *e)
{
    dial_rec *d = g_by_slot[e->callback_id & 0xFFFF];
    if (!d || d->id != e->callback_id) { dc->unknown++; return; }
    if (d->nstates < 48) {
        d->states[d->nstates] = e->state;
        d->errors[d->nstates] = e->error;
        d->subs[d->nstates] = e->subentry;
    }
    d->nstates++;
}

static void drainer(void *arg)
{
    drain_ctx *dc = (drain_ctx *)arg;
    static rf_event batch[1024];
    int stopping = 0;
    for (;;) {
        uint64_t n = rf_ring_drain(dc->ring, batch, 1024);
        for (uint64_t i = 0; i < n; i++) record_event(dc, &batch[i]);
        dc->drained += n;
        if (n) continue;
        if (stopping) break;                  /* stop seen, then drained empty */
        if (rf_load_acquire_u32(&dc->stop)) {
            stopping = 1;
            continue;
        }
        rf_ring_wait(dc->ring, 5000000);
    }
}

/* The walk a dial of kind k may show: paused dials walk on after resume. */
static int is_prefix_walk(const dial_rec *d)
{
    const uint32_t *w = k_walk[d->kind];
    uint32_t wn = k_walk_n[d->kind], j = 0;
    uint32_t n = d->nstates < 48 ? d->nstates : 48;
    for (uint32_t i = 0; i < n; i++) {
        if (d->errors[i]) {
            /* A failure repeats the state it failed at, with the error, last. */
            if (i == 0 || d->states[i] != d->states[i - 1] || i != n - 1) return 0;
            continue;
        }
        if (j >= wn || w[j] != d->states[i]) return 0;
        j++;
    }
    return 1;
}

static void phase_dials(void)
{
    const uint32_t ndials = (uint32_t)(10000 * (g_scale > 6 ? 6 : g_scale));
    rf_sim_entry e;
    memset(&e, 0, sizeof e);
    wstr16(e.name, 257, "Stress Pause");
    e.profile = RF_SIM_PROFILE_VPN; e.fail_at = -1; e.pause_at = RF_RASCS_Interactive;
    e.subentries = 1;
    CHECK_EQ(rf_sim_add_entry(&e), 0);
    wstr16(e.name, 257, "Stress Modem Fail");
    e.profile = RF_SIM_PROFILE_MODEM; e.fail_at = RF_RASCS_Projected;
    e.error = RF_ERROR_PPP_TIMEOUT; e.pause_at = -1;
    CHECK_EQ(rf_sim_add_entry(&e), 0);
    for (uint32_t k = 0; k < NKINDS; k++) {
        uint16_t name[64];
        wstr16(name, 64, k_entries[k]);
        k_walk_n[k] = rf_sim_entry_states(name, k_walk[k], 48);
        CHECK(k_walk_n[k] > 0);
    }
    rf_sim_set_duplicate_dials(1);
    rf_sim_set_time_scale(0.002);          /* vpn: 20-400 us between states */
    rf_sim_set_release_delay(2000000);     /* scaled: 4 us */

    g_ndials = ndials;
    g_dials = (dial_rec *)calloc(ndials, sizeof *g_dials);
    drain_ctx dc;
    memset(&dc, 0, sizeof dc);
    dc.ring = rf_ring_new(1u << 18);
    rf_thread *dt = start_thread(drainer, &dc), *ht[3];
    for (int i = 0; i < 3; i++) ht[i] = start_thread(hanger, (void *)(uintptr_t)(i * 104729 + 1));

    uint64_t seed = 99;
    uint64_t stray0 = rf_slot_stray_count();
    uint32_t started = 0;
    for (uint32_t i = 0; i < ndials; i++) {
        dial_rec *d = &g_dials[i];
        d->kind = (uint32_t)(rnd(&seed) % NKINDS);
        d->id = rf_slot_open(dc.ring, NULL);
        CHECK(d->id != 0);
        g_by_slot[d->id & 0xFFFF] = d;
        uint16_t entry[64], user[16], pw[16];
        wstr16(entry, 64, k_entries[d->kind]);
        wstr16(user, 16, "alice");
        wstr16(pw, 16, "s3cret");
        rf_dial_request req;
        memset(&req, 0, sizeof req);
        req.entry = entry;
        req.username = user;
        req.password = pw;
        req.password_len = 6;
        req.options = RF_RDEOPT_PausedStates;
        uint64_t h = 0;
        d->dial_rc = rf_dial(RF_BACKEND_SIM, &req, d->id, &h);
        int wiped = 1;
        for (int k = 0; k < 7; k++) wiped &= pw[k] == 0;
        CHECK(wiped);                                      /* the caller's copy is wiped */
        rf_store_release_u64(&d->hconn, h);
        CHECK_EQ(d->dial_rc, 0);
        started++;
    }
    /* Resume paused dials as they pause, until everything settled. */
    uint64_t deadline = rf_now_ns() + 120000000000ull;
    uint32_t resumes = 0;
    for (;;) {
        uint32_t busy = 0;
        for (uint32_t i = 0; i < ndials; i++) {
            dial_rec *d = &g_dials[i];
            if (rf_load_acquire_u32(&d->hung)) continue;
            rf_slot_status st;
            if (!rf_slot_get_status(d->id, &st)) continue;
            if (st.error || st.state >= RF_RASCS_Connected) continue;
            if (st.notifications && st.state >= RF_RASCS_Interactive && !d->resumed) {
                uint16_t entry[64];
                wstr16(entry, 64, k_entries[d->kind]);
                rf_dial_request req;
                memset(&req, 0, sizeof req);
                req.entry = entry;
                req.options = RF_RDEOPT_PausedStates;
                uint64_t h = d->hconn;
                /* Racing a hang-up: the handle may be gone or no longer paused. */
                uint32_t rc = rf_dial(RF_BACKEND_SIM, &req, d->id, &h);
                CHECK(rc == 0 || rc == RF_ERROR_INVALID_HANDLE || rc == RF_ERROR_INVALID_PARAMETER);
                d->resumed = 1;
                resumes++;
            }
            busy++;
        }
        if (!busy || rf_now_ns() > deadline) break;
        rf_sleep_ns(2000000);
    }
    rf_store_release_u32(&hang_stop, 1);
    for (int i = 0; i < 3; i++) rf_thread_join(ht[i]);
    uint32_t random_hangups = 0;
    for (uint32_t i = 0; i < ndials; i++) random_hangups += rf_load_acquire_u32(&g_dials[i].hung);
    for (uint32_t i = 0; i < ndials; i++) hangup_one(&g_dials[i]);   /* the rest */
    for (uint32_t i = 0; i < ndials; i++)
        if (g_dials[i].hconn)
            CHECK_EQ(rf_wait_released(RF_BACKEND_SIM, g_dials[i].hconn, 10000000000ll, 1000000), 0);
    /* Nothing may arrive for a dial after its RasHangUp returned. */
    uint32_t late = 0, bad_walk = 0, terminal = 0;
    for (uint32_t i = 0; i < ndials; i++) {
        rf_slot_status st;
        dial_rec *d = &g_dials[i];
        if (rf_slot_get_status(d->id, &st) && st.notifications != d->notes_at_hangup) late++;
        CHECK(rf_slot_close(d->id) == 1);
    }
    rf_store_release_u32(&dc.stop, 1);
    rf_thread_join(dt);
    for (uint32_t i = 0; i < ndials; i++) {
        dial_rec *d = &g_dials[i];
        if (!is_prefix_walk(d)) bad_walk++;
        if (d->nstates && (d->errors[(d->nstates - 1) % 48] ||
                           d->states[(d->nstates - 1) % 48] >= RF_RASCS_Connected)) terminal++;
    }
    rf_ring_stats rs;
    rf_ring_get_stats(dc.ring, &rs);
    CHECK_EQ(late, 0);
    CHECK_EQ(bad_walk, 0);
    CHECK_EQ(dc.unknown, 0);
    CHECK_EQ(rs.dropped, 0);
    CHECK_EQ(rs.delivered, dc.drained);
    CHECK_EQ(rf_slot_stray_count() - stray0, 0);
    CHECK_EQ(rf_sim_active_connections(), 0);
    check_accounting(dc.ring, "dials");
    printf("  dials: %u concurrent dials, %u hung up at random moments, %u resumes, "
           "%u reached a terminal notification, %llu events, 0 lost\n",
           started, random_hangups, resumes, terminal, (unsigned long long)rs.delivered);
    g_events_total += rs.pushed;
    rf_ring_close(dc.ring);
    rf_ring_release(dc.ring);
    free(g_dials);
}

/* ------------------------------------------------------------------------
 * Phase 5: the dial thread.
 * ---------------------------------------------------------------------- */
typedef struct handoff_job {
    uint32_t in, out;
    uint32_t slow;            /* longer than the callers' spin: they park */
    uint64_t ran_on;          /* thread id the call ran on */
} handoff_job;

static uint32_t handoff_call(void *arg)
{
    handoff_job *j = (handoff_job *)arg;
    j->ran_on = rf_thread_self_id();
    if (j->slow) rf_sleep_ns(60000);
    j->out = j->in * 2654435761u;     /* a plain write the caller must see */
    return j->in ^ 0x5a5a5a5au;
}

typedef struct handoff_caller {
    uint32_t index, calls;
    uint32_t bad, on_caller;
    uint64_t dial_tid;        /* the thread id every call ran on (0: differing) */
} handoff_caller;

static void handoff_caller_main(void *arg)
{
    handoff_caller *c = (handoff_caller *)arg;
    uint64_t self = rf_thread_self_id();
    for (uint32_t i = 0; i < c->calls; i++) {
        handoff_job j;
        j.in = (c->index << 20) | i;
        j.out = 0;
        j.slow = (i % 32u) == c->index % 32u;
        j.ran_on = 0;
        uint32_t r = rf_dial_thread_run(handoff_call, &j);
        if (r != (j.in ^ 0x5a5a5a5au) || j.out != j.in * 2654435761u) c->bad++;
        if (j.ran_on == self) c->on_caller++;
        if (i == 0) c->dial_tid = j.ran_on;
        else if (j.ran_on != c->dial_tid) c->dial_tid = 0;
    }
}

typedef struct exiting_dialer {
    uint64_t id;
    uint32_t rc;
} exiting_dialer;

/* Starts one dial and returns (its thread exits) at once. */
static void exiting_dialer_main(void *arg)
{
    exiting_dialer *d = (exiting_dialer *)arg;
    uint16_t entry[64];
    wstr16(entry, 64, "Demo VPN");
    rf_dial_request req;
    memset(&req, 0, sizeof req);
    req.entry = entry;
    uint64_t h = 0;
    d->rc = rf_dial(RF_BACKEND_SIM, &req, d->id, &h);
}

static void phase_dial_thread(void)
{
    enum { CALLERS = 12, EXITING = 64 };
    rf_dial_thread_info before, after;
    rf_dial_thread_get_info(&before);
    handoff_caller callers[CALLERS];
    rf_thread *t[EXITING];
    const uint32_t calls = (uint32_t)(2000 * g_scale);
    for (uint32_t i = 0; i < CALLERS; i++) {
        memset(&callers[i], 0, sizeof callers[i]);
        callers[i].index = i;
        callers[i].calls = calls;
        t[i] = start_thread(handoff_caller_main, &callers[i]);
    }
    for (uint32_t i = 0; i < CALLERS; i++) rf_thread_join(t[i]);
    rf_dial_thread_get_info(&after);
    CHECK(after.running);
    CHECK(after.thread_id != 0);
    CHECK_EQ(after.calls - before.calls, (uint64_t)CALLERS * calls);
    for (uint32_t i = 0; i < CALLERS; i++) {
        CHECK_EQ(callers[i].bad, 0);
        CHECK_EQ(callers[i].on_caller, 0);
        CHECK_EQ(callers[i].dial_tid, after.thread_id);
    }

    /* Dials whose calling threads are gone before the dials end. */
    rf_sim_set_duplicate_dials(1);
    rf_sim_set_time_scale(0.01);            /* vpn: a few ms per dial */
    rf_ring *ring = rf_ring_new(1u << 12);
    exiting_dialer d[EXITING];
    for (uint32_t i = 0; i < EXITING; i++) {
        d[i].id = rf_slot_open(ring, NULL);
        d[i].rc = 1;
        CHECK(d[i].id != 0);
        t[i] = start_thread(exiting_dialer_main, &d[i]);
    }
    for (uint32_t i = 0; i < EXITING; i++) rf_thread_join(t[i]);   /* all exited */
    uint64_t deadline = rf_now_ns() + 30000000000ull;
    uint32_t connected = 0, failed = 0;
    for (uint32_t i = 0; i < EXITING; i++) {
        CHECK_EQ(d[i].rc, 0);
        rf_slot_status st;
        for (;;) {
            if (!rf_slot_get_status(d[i].id, &st)) break;
            if (st.error || st.state == RF_RASCS_Connected || rf_now_ns() > deadline) break;
            rf_slot_wait(d[i].id, st.notifications, 5000000);
        }
        if (st.error) failed++;
        else if (st.state == RF_RASCS_Connected) connected++;
        CHECK_EQ(rf_hangup(RF_BACKEND_SIM, st.hconn), 0);
        CHECK_EQ(rf_wait_released(RF_BACKEND_SIM, st.hconn, 10000000000ll, 1000000), 0);
        CHECK(rf_slot_close(d[i].id) == 1);
    }
    CHECK_EQ(connected, EXITING);
    CHECK_EQ(failed, 0);
    CHECK_EQ(rf_sim_active_connections(), 0);
    rf_ring_close(ring);
    rf_ring_release(ring);
    printf("  dial thread: %u callers x %u hand-offs, all on thread %llu; "
           "%u dials whose threads exited at once: %u connected\n",
           (unsigned)CALLERS, calls, (unsigned long long)after.thread_id, (unsigned)EXITING,
           connected);
}

/* ------------------------------------------------------------------------
 * Phase 6: the watcher racing dials, drops, hang-ups and closes.
 * ---------------------------------------------------------------------- */
#define W_RINGS 6          /* 0..3 drained, 4..5 closed while drops arrive */
#define W_DRAINED 4

typedef struct wdial {
    uint64_t id;
    uint64_t hconn;        /* atomic */
    uint32_t ring;
    uint32_t hung;         /* atomic: claimed by the hanger */
    uint32_t untrack_saw_drop;
    uint32_t remote;       /* REMOTE records drained */
    uint32_t remote_error;
    uint32_t expect_error;
} wdial;

static wdial *g_w;
static uint32_t g_nw;
static uint32_t w_stop;    /* atomic */
static wdial *g_w_by_slot[65536];

static void w_record(const rf_event *e)
{
    wdial *d = g_w_by_slot[e->callback_id & 0xFFFF];
    if (!d || d->id != e->callback_id) return;
    if (e->flags & RF_EVENT_FLAG_REMOTE) {
        d->remote++;
        d->remote_error = e->error;
        CHECK_EQ(e->state, RF_RASCS_Disconnected);
    }
}

static void w_drainer(void *arg)
{
    rf_ring *ring = (rf_ring *)arg;
    static RF_THREAD_LOCAL rf_event batch[256];
    int stopping = 0;
    for (;;) {
        uint64_t n = rf_ring_drain(ring, batch, 256);
        for (uint64_t i = 0; i < n; i++) w_record(&batch[i]);
        if (n) continue;
        if (stopping) break;
        if (rf_load_acquire_u32(&w_stop)) { stopping = 1; continue; }
        rf_ring_wait(ring, 2000000);
    }
}

static void w_hanger(void *arg)
{
    uint64_t seed = (uint64_t)(uintptr_t)arg;
    while (!rf_load_acquire_u32(&w_stop)) {
        wdial *d = &g_w[rnd(&seed) % g_nw];
        uint32_t expected = 0;
        if ((rnd(&seed) % 8) == 0 && rf_load_acquire_u64(&d->hconn) &&
            rf_cas_u32(&d->hung, &expected, 1)) {
            /* As Connection.hangup: untrack first, RasHangUp only if the
             * watcher has not reported (and hung up) a drop. */
            d->untrack_saw_drop = (uint32_t)rf_watch_untrack(d->id);
            if (!d->untrack_saw_drop) {
                uint32_t rc = rf_hangup(RF_BACKEND_SIM, d->hconn);
                CHECK(rc == 0 || rc == RF_ERROR_INVALID_HANDLE);
            }
        }
        rf_sleep_ns(rnd(&seed) % 300000);
    }
}

static void w_dropper(void *arg)
{
    uint64_t seed = (uint64_t)(uintptr_t)arg;
    while (!rf_load_acquire_u32(&w_stop)) {
        wdial *d = &g_w[rnd(&seed) % g_nw];
        uint64_t h = rf_load_acquire_u64(&d->hconn);
        if (h) (void)rf_sim_drop(h, RF_ERROR_NO_CONNECTION);   /* 0, 6 or 87: all fine */
        rf_sleep_ns(rnd(&seed) % 200000);
    }
}

/* Watchers come and go: subscribe, drain a little, unsubscribe, close. */
static void w_churn(void *arg)
{
    (void)arg;
    rf_event batch[64];
    while (!rf_load_acquire_u32(&w_stop)) {
        rf_ring *ring = rf_ring_new(64);
        uint64_t id = rf_slot_open(ring, NULL);
        CHECK(id != 0);
        CHECK(rf_watch_subscribe(RF_BACKEND_SIM, id));
        for (int k = 0; k < 4; k++) {
            uint64_t n = rf_ring_drain(ring, batch, 64);
            for (uint64_t i = 0; i < n; i++) CHECK(batch[i].flags & RF_EVENT_FLAG_WATCH);
            rf_sleep_ns(200000);
        }
        if (rnd(&(uint64_t){ id }) & 1) rf_ring_close(ring);   /* closed with drops arriving */
        CHECK(rf_watch_unsubscribe(RF_BACKEND_SIM, id));
        rf_slot_close(id);
        rf_ring_stats st;
        rf_ring_get_stats(ring, &st);
        CHECK_EQ(st.pushed, st.delivered + st.dropped + st.pending);
        rf_ring_release(ring);
    }
}

static void phase_watch(void)
{
    const uint32_t n = (uint32_t)(2000 * (g_scale > 5 ? 5 : g_scale));
    static const char *const names[] = { "Watch Drop A", "Watch Drop B", "Watch Multi" };
    static const uint32_t profiles[] = { RF_SIM_PROFILE_VPN, RF_SIM_PROFILE_INSTANT,
                                         RF_SIM_PROFILE_VPN };
    static const uint64_t after[] = { 200000000ull, 50000000ull, 300000000ull };
    static const uint32_t errors[] = { RF_ERROR_REMOTE_DISCONNECTION, 0, RF_ERROR_DISCONNECTION };
    rf_sim_reset();
    rf_sim_set_time_scale(0.05);
    rf_sim_set_duplicate_dials(1);
    rf_sim_set_release_delay(1000000);
    for (uint32_t k = 0; k < 3; k++) {
        rf_sim_entry e;
        memset(&e, 0, sizeof e);
        wstr16(e.name, 257, names[k]);
        e.profile = profiles[k]; e.fail_at = -1; e.pause_at = -1;
        e.subentries = k == 2 ? 2 : 1;
        e.drop_after_ns = after[k]; e.drop_error = errors[k];
        CHECK_EQ(rf_sim_add_entry(&e), 0);
    }
    CHECK_EQ(rf_watch_start(RF_BACKEND_SIM), 0);
    rf_watch_stats ws0;
    rf_watch_get_stats(RF_BACKEND_SIM, &ws0);

    rf_ring *rings[W_RINGS];
    rf_thread *drainers[W_DRAINED];
    for (uint32_t r = 0; r < W_RINGS; r++) rings[r] = rf_ring_new(1u << 14);
    for (uint32_t r = 0; r < W_DRAINED; r++) drainers[r] = start_thread(w_drainer, rings[r]);
    g_w = (wdial *)calloc(n, sizeof *g_w);
    g_nw = n;
    rf_store_release_u32(&w_stop, 0);
    for (uint32_t i = 0; i < n; i++) {       /* slots first: the threads pick any */
        g_w[i].ring = i % W_RINGS;
        g_w[i].id = rf_slot_open(rings[g_w[i].ring], NULL);
        g_w[i].expect_error = errors[i % 3];
        g_w_by_slot[g_w[i].id & 0xFFFF] = &g_w[i];
    }
    rf_thread *hanger_t = start_thread(w_hanger, (void *)(uintptr_t)7);
    rf_thread *dropper_t = start_thread(w_dropper, (void *)(uintptr_t)11);
    rf_thread *churn_t = start_thread(w_churn, NULL);
    for (uint32_t i = 0; i < n; i++) {
        wdial *d = &g_w[i];
        rf_dial_request req;
        uint16_t entry[257];
        memset(&req, 0, sizeof req);
        wstr16(entry, 257, names[i % 3]);
        req.entry = entry;
        uint64_t h = 0;
        CHECK_EQ(rf_dial(RF_BACKEND_SIM, &req, d->id, &h), 0);
        rf_watch_track(RF_BACKEND_SIM, d->id);
        rf_store_release_u64(&d->hconn, h);
        if (i == n / 2) {
            rf_ring_close(rings[4]);         /* closed while their drops arrive */
            rf_ring_close(rings[5]);
        }
    }
    /* Every dial ends: dropped (timer or dropper), or hung up. */
    uint64_t deadline = rf_now_ns() + 30000000000ull;
    for (uint32_t i = 0; i < n; i++) {
        for (;;) {
            rf_slot_status st;
            rf_slot_get_status(g_w[i].id, &st);
            if (rf_load_acquire_u32(&g_w[i].hung) || st.state == RF_RASCS_Disconnected || st.error ||
                rf_now_ns() > deadline)
                break;
            rf_sleep_ns(1000000);
        }
    }
    rf_store_release_u32(&w_stop, 1);
    rf_thread_join(hanger_t);
    rf_thread_join(dropper_t);
    rf_thread_join(churn_t);
    rf_sleep_ns(20000000);                  /* the watcher's last pushes */
    for (uint32_t r = 0; r < W_DRAINED; r++) rf_thread_join(drainers[r]);

    uint32_t claimed = 0, lost = 0, stuck = 0;
    for (uint32_t i = 0; i < n; i++) {
        wdial *d = &g_w[i];
        /* Untrack now (as a late hang-up would): tells whether a drop was pushed. */
        uint32_t pushed = d->untrack_saw_drop;
        if (!d->hung) pushed = (uint32_t)rf_watch_untrack(d->id);
        rf_slot_status st;
        rf_slot_get_status(d->id, &st);
        if (!d->hung && st.state != RF_RASCS_Disconnected) stuck++;
        if (d->hung && !d->untrack_saw_drop) CHECK_EQ(d->remote, 0);   /* nothing after a claim */
        claimed += pushed;
        if (d->ring < W_DRAINED) {
            CHECK_EQ(d->remote, pushed);                              /* exactly once */
            if (d->remote && d->remote_error != RF_ERROR_NO_CONNECTION)
                CHECK_EQ(d->remote_error, d->expect_error);
            lost += pushed != d->remote;
        }
        rf_slot_close(d->id);
    }
    CHECK_EQ(stuck, 0);
    CHECK_EQ(lost, 0);
    rf_watch_stats ws;
    rf_watch_get_stats(RF_BACKEND_SIM, &ws);
    CHECK_EQ(ws.drops - ws0.drops, claimed);
    CHECK(ws.events >= ws.undelivered);
    for (uint32_t r = 0; r < W_RINGS; r++) {
        rf_ring_stats st;
        rf_ring_get_stats(rings[r], &st);
        CHECK_EQ(st.pushed, st.delivered + st.dropped + st.pending);
        if (r >= W_DRAINED) CHECK(st.dropped_closed > 0);
        rf_ring_release(rings[r]);
    }
    printf("stress_core: watch: %u dials, %u drops pushed (%llu by the watcher), %llu watcher "
           "records, %llu to closed subscriptions, %llu passes\n", n, claimed,
           (unsigned long long)(ws.drops - ws0.drops), (unsigned long long)ws.events,
           (unsigned long long)ws.undelivered, (unsigned long long)ws.wakeups);
    rf_watch_stop();
    free(g_w);
    g_w = NULL;
    memset(g_w_by_slot, 0, sizeof g_w_by_slot);
}

int main(void)
{
    const char *s = getenv("RF_STRESS_SCALE");
    if (s && atoi(s) > 0) g_scale = (uint64_t)atoi(s);
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("stress_core: scale %llu\n", (unsigned long long)g_scale);
    phase_producers();
    phase_park();
    phase_spin();
    phase_teardown();
    phase_hub();
    phase_dials();
    phase_dial_thread();
    phase_watch();
    rf_sim__shutdown();
    printf("stress_core: %llu notifier calls in all\n", (unsigned long long)g_events_total);
    if (g_failures) {
        printf("stress_core: %d failures\n", g_failures);
        return 1;
    }
    printf("stress_core: all passed\n");
    return 0;
}
