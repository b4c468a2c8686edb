/* The event ring: a bounded lock-free queue of 64-byte records after
 * Vyukov's bounded MPMC queue, with one consumer at a time.
 *
 * Each slot's `turn` says whose turn it is: turn == pos means free for the
 * producer that claims position pos; turn == pos + 1 means published for
 * the consumer at pos; the consumer hands the slot to the next lap by
 * storing pos + capacity.  Positions are free-running 64-bit counters, so
 * they never wrap in practice. */
#include "rf_events.h"
#include "ring.h"
#include "atomics.h"
#include "hub.h"
#include "platform.h"
#include "clock.h"

#include <string.h>

#define CACHE_LINE 64

const uint64_t RF_RING_MIN_CAPACITY = 2;
const uint64_t RF_RING_MAX_CAPACITY = (uint64_t)1 << 26;   /* 4 GiB of records */
/* A producer retries its claim only when another producer won the race,
 * so this is never reached in practice; it bounds the producer's time. */
const uint32_t RF_RING_MAX_RETRIES = 4096;

/* Each group of fields owns a cache line, so producers (tail), the consumer
 * (head) and the parking flag never share one. */
#define LINE_OF(fields) union { struct fields v; char line[CACHE_LINE]; }

struct rf_ring {
    LINE_OF({                       /* what every push reads, rarely written */
        rf_event *slots;
        uint64_t mask;
        uint32_t refcount;
        uint32_t closed;
        /* Set by a consumer about to sleep (PARKED_* bits), cleared by the
         * producer that wakes it.  Here rather than on a line of its own:
         * every push reads it, and a push whose caches went cold while RAS
         * waited then misses one line fewer (measured: bench/PERFORMANCE.md). */
        uint32_t parked;
    }) shared;
    LINE_OF({ uint64_t tail; }) prod;
    /* The consumer's own: spin_ns and last_gap_ns are rf_ring_wait's
     * (EventBuffer's ``spin``), spin_hits counts its spins that ended
     * with a record. */
    LINE_OF({ uint64_t head; uint64_t high_water; uint64_t spin_ns; uint64_t last_gap_ns;
              uint64_t spin_hits; }) cons;
    /* A producer that sees `parked` bumps `wake_word` and makes the one
     * wake system call (a thread waiter), or signals the hub waiter's
     * (hub, token), rf_hub__ref's word (hub.c). */
    LINE_OF({ uint32_t wake_word; uint64_t wakeups; uint64_t hub_ref; }) park;
    /* Written only when a record is dropped. */
    LINE_OF({ uint64_t full; uint64_t closed; uint64_t contention; }) drops;
};

typedef char rf_event_is_one_cache_line[sizeof(rf_event) == CACHE_LINE ? 1 : -1];
typedef char rf_ring_layout_ok[sizeof(struct rf_ring) == 5 * CACHE_LINE ? 1 : -1];

/* `parked`: who waits.  A thread in rf_ring_wait (EventBuffer.wait) parks
 * on wake_word; an asyncio hub waiter (rf_ring_hub_park) is told through
 * its hub.  Both may wait at once; one wake serves both. */
enum { PARKED_THREAD = 1, PARKED_HUB = 2 };

rf_ring *rf_ring_new(uint64_t capacity)
{
    if (capacity < RF_RING_MIN_CAPACITY || capacity > RF_RING_MAX_CAPACITY
        || (capacity & (capacity - 1)) != 0)
        return NULL;
    rf_ring *r = (rf_ring *)rf_aligned_alloc(CACHE_LINE, sizeof *r);
    if (!r) return NULL;
    memset(r, 0, sizeof *r);
    r->shared.v.slots = (rf_event *)rf_aligned_alloc(CACHE_LINE, (size_t)capacity * sizeof(rf_event));
    if (!r->shared.v.slots) {
        rf_aligned_free(r);
        return NULL;
    }
    memset(r->shared.v.slots, 0, (size_t)capacity * sizeof(rf_event));
    for (uint64_t i = 0; i < capacity; i++) r->shared.v.slots[i].turn = i;
    r->shared.v.mask = capacity - 1;
    r->shared.v.refcount = 1;
    rf_fence_seq_cst();   /* publish the initialised ring before any hand-off */
    return r;
}

void rf_ring_retain(rf_ring *r)
{
    rf_fetch_add_u32(&r->shared.v.refcount, 1);
}

void rf_ring_release(rf_ring *r)
{
    if (!r) return;
    if (rf_fetch_add_u32(&r->shared.v.refcount, (uint32_t)-1) == 1) {
        rf_aligned_free(r->shared.v.slots);
        rf_aligned_free(r);
    }
}

static void wake_thread(rf_ring *r)
{
    rf_fetch_add_u32(&r->park.v.wake_word, 1);
    rf_park_wake_all(&r->park.v.wake_word);
}

/* A hub waiter (and maybe a thread too): out of line, so the thread-only
 * wake stays as short as it was (the notifier's instruction budget). */
static void ring_wake_hub(rf_ring *r, uint32_t parked)
{
    uint64_t woke = 0;
    if (parked & PARKED_THREAD) {
        wake_thread(r);
        woke = 1;
    }
    /* A system call only if the hub itself sleeps: one per batch. */
    woke += (uint64_t)rf_hub__signal_ref(rf_load_acquire_u64(&r->park.v.hub_ref));
    if (woke) rf_fetch_add_u64(&r->park.v.wakeups, woke);
}

static void ring_wake(rf_ring *r)
{
    /* Only the producer that clears the flag makes the system call. */
    uint32_t parked = rf_exchange_u32(&r->shared.v.parked, 0);
    if (parked == PARKED_THREAD) {
        wake_thread(r);
        rf_fetch_add_u64(&r->park.v.wakeups, 1);
    } else if (parked) {
        ring_wake_hub(r, parked);
    }
}

void rf_ring_close(rf_ring *r)
{
    rf_store_release_u32(&r->shared.v.closed, 1);
    rf_fetch_or_u32(&r->shared.v.parked, PARKED_THREAD);
    ring_wake(r);
}

void rf_ring__prefetch(const rf_ring *r)
{
    if (!r) return;                 /* a closed slot */
    rf_prefetch(&r->shared);
    rf_prefetch_write(&r->prod);
}

int rf_ring_push(rf_ring *r, const rf_event *ev)
{
    if (rf_load_acquire_u32(&r->shared.v.closed)) {
        rf_fetch_add_u64(&r->drops.v.closed, 1);
        return 0;
    }
    rf_event *slots = r->shared.v.slots;
    const uint64_t mask = r->shared.v.mask;
    uint64_t pos = rf_load_u64(&r->prod.v.tail);
    rf_event *slot;
    uint32_t tries = 0;
    for (;;) {
        slot = &slots[pos & mask];
        int64_t dif = (int64_t)(rf_load_acquire_u64(&slot->turn) - pos);
        if (dif == 0) {
            if (rf_cas_u64(&r->prod.v.tail, &pos, pos + 1)) break;   /* pos reloaded on failure */
        } else if (dif < 0) {
            rf_fetch_add_u64(&r->drops.v.full, 1);              /* a lap behind: full */
            return 0;
        } else {
            pos = rf_load_u64(&r->prod.v.tail);                          /* someone claimed pos */
        }
        if (++tries >= RF_RING_MAX_RETRIES) {
            rf_fetch_add_u64(&r->drops.v.contention, 1);
            return 0;
        }
    }
    slot->seq = pos;
    slot->timestamp_ns = ev->timestamp_ns;
    slot->callback_id = ev->callback_id;
    slot->hconn = ev->hconn;
    slot->subentry = ev->subentry;
    slot->message = ev->message;
    slot->state = ev->state;
    slot->error = ev->error;
    slot->extended_error = ev->extended_error;
    slot->flags = ev->flags;
    rf_store_release_u64(&slot->turn, pos + 1);
    /* The next push's record: its line was last written by the consumer a
     * lap ago, so it is cold; fetch it while RAS waits for the next state. */
    rf_prefetch_write(&slots[(pos + 1) & mask]);
    /* Publish before reading `parked`: pairs with the fence in a parking
     * consumer, so either it sees this record or we see its flag. */
    rf_fence_seq_cst();
    if (rf_load_u32(&r->shared.v.parked)) ring_wake(r);
    return 1;
}

static int ring_ready(rf_ring *r)
{
    uint64_t head = rf_load_u64(&r->cons.v.head);
    return rf_load_acquire_u64(&r->shared.v.slots[head & r->shared.v.mask].turn) == head + 1;
}

uint64_t rf_ring_drain(rf_ring *r, rf_event *out, uint64_t max)
{
    rf_event *slots = r->shared.v.slots;
    const uint64_t mask = r->shared.v.mask;
    const uint64_t capacity = mask + 1;
    uint64_t head = rf_load_u64(&r->cons.v.head);
    /* Pending only grows between drains, so its peak is seen here. */
    uint64_t pending = rf_load_u64(&r->prod.v.tail) - head;
    if (pending > rf_load_u64(&r->cons.v.high_water)) rf_store_release_u64(&r->cons.v.high_water, pending);
    uint64_t n = 0;
    rf_stamp_batch stamps = {0};
    while (n < max) {
        rf_event *slot = &slots[head & mask];
        if (rf_load_acquire_u64(&slot->turn) != head + 1) break;
        memcpy(&out[n], slot, sizeof(rf_event));
        rf_store_release_u64(&slot->turn, head + capacity);
        /* The shim's counter stamps become nanoseconds here, off the RAS thread. */
        out[n].timestamp_ns = rf_stamp_to_ns(out[n].timestamp_ns, &stamps);
        head++;
        n++;
    }
    if (n) rf_store_release_u64(&r->cons.v.head, head);
    return n;
}

int rf_ring_park_begin(rf_ring *r)
{
    rf_fetch_or_u32(&r->shared.v.parked, PARKED_THREAD);
    rf_fence_seq_cst();
    return ring_ready(r) || rf_load_acquire_u32(&r->shared.v.closed);
}

int rf_ring_hub_park(rf_ring *r, rf_hub *hub, uint32_t token)
{
    /* The word first: a producer that sees PARKED_HUB reads it after. */
    rf_store_release_u64(&r->park.v.hub_ref, rf_hub__ref(hub, token));
    rf_fetch_or_u32(&r->shared.v.parked, PARKED_HUB);
    rf_fence_seq_cst();
    if (!ring_ready(r) && !rf_load_acquire_u32(&r->shared.v.closed)) return 0;
    rf_ring_hub_unpark(r);
    return 1;
}

void rf_ring_hub_unpark(rf_ring *r)
{
    rf_fetch_and_u32(&r->shared.v.parked, ~(uint32_t)PARKED_HUB);
}

int rf_ring_ready(rf_ring *r)
{
    if (ring_ready(r)) return 1;
    return rf_load_acquire_u32(&r->shared.v.closed) ? -1 : 0;
}

void rf_ring_set_spin(rf_ring *r, uint64_t spin_ns)
{
    rf_store_release_u64(&r->cons.v.spin_ns, spin_ns);
    rf_store_release_u64(&r->cons.v.last_gap_ns, 0);   /* spin from the next wait on */
}

/* Poll for a record for up to budget_ns: 1 ready (or closed), 0 not.
 * The clock is read every 32 pauses, and the CPU offered to other
 * threads every 256 (on 2 cores a RAS thread may need this one). */
static int spin_for_record(rf_ring *r, uint64_t start, uint64_t budget_ns)
{
    for (uint32_t round = 1;; round++) {
        for (int i = 0; i < 32; i++) {
            if (ring_ready(r) || rf_load_acquire_u32(&r->shared.v.closed)) return 1;
            rf_cpu_relax();
        }
        if (rf_now_ns() - start >= budget_ns) return 0;
        if ((round & 7) == 0) rf_yield();
    }
}

/* How long the consumer waited, for the next wait's choice to spin. */
static void note_gap(rf_ring *r, uint64_t start, uint64_t now)
{
    rf_store_release_u64(&r->cons.v.last_gap_ns, now - start);
}

int rf_ring_wait(rf_ring *r, int64_t timeout_ns)
{
    uint64_t start = rf_now_ns();
    uint64_t deadline = timeout_ns >= 0 ? start + (uint64_t)timeout_ns : 0;
    uint64_t spin = rf_load_u64(&r->cons.v.spin_ns);
    if (spin && !ring_ready(r)) {
        /* Spin only while records come closer together than the spin: a
         * quiet buffer parks at once and costs no CPU.  While it spins no
         * producer finds it parked, so none pays a wake system call. */
        uint64_t budget = timeout_ns >= 0 && (uint64_t)timeout_ns < spin ? (uint64_t)timeout_ns : spin;
        if (rf_load_u64(&r->cons.v.last_gap_ns) <= spin && spin_for_record(r, start, budget)
            && ring_ready(r)) {
            note_gap(r, start, rf_now_ns());
            rf_fetch_add_u64(&r->cons.v.spin_hits, 1);
            return 1;
        }
        /* Closed, or another thread drained the record the spin saw (wait
         * runs without the buffer's lock): the loop below sorts it out. */
    }
    for (;;) {
        if (ring_ready(r)) {
            if (spin) note_gap(r, start, rf_now_ns());
            return 1;
        }
        if (rf_load_acquire_u32(&r->shared.v.closed)) return -1;
        uint32_t word = rf_load_acquire_u32(&r->park.v.wake_word);
        if (rf_ring_park_begin(r)) continue;
        int64_t remaining = -1;
        if (timeout_ns >= 0) {
            uint64_t now = rf_now_ns();
            if (now >= deadline) {
                if (spin) note_gap(r, start, now);   /* quiet: the next wait parks at once */
                return 0;
            }
            remaining = (int64_t)(deadline - now);
        }
        rf_park_wait(&r->park.v.wake_word, word, remaining);
    }
}

void rf_ring_get_stats(rf_ring *r, rf_ring_stats *out)
{
    memset(out, 0, sizeof *out);
    out->capacity = r->shared.v.mask + 1;
    out->dropped_full = rf_load_u64(&r->drops.v.full);
    out->dropped_closed = rf_load_u64(&r->drops.v.closed);
    out->dropped_contention = rf_load_u64(&r->drops.v.contention);
    out->dropped = out->dropped_full + out->dropped_closed + out->dropped_contention;
    uint64_t head = rf_load_acquire_u64(&r->cons.v.head);
    uint64_t tail = rf_load_acquire_u64(&r->prod.v.tail);
    out->delivered = head;
    out->pending = tail - head;
    out->pushed = tail + out->dropped;
    out->high_water = rf_load_u64(&r->cons.v.high_water);
    if (out->pending > out->high_water) out->high_water = out->pending;
    if (out->dropped_full) out->high_water = out->capacity;
    out->wakeups = rf_load_u64(&r->park.v.wakeups);
    out->spin_hits = rf_load_u64(&r->cons.v.spin_hits);
}
