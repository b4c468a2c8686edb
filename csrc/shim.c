/* The RasDialFunc2 notifier and the dial slots it routes through.
 *
 * RAS calls rf_notifier on its own thread, and the dial waits until it
 * returns.  So the notifier never runs Python, never takes a lock, never
 * allocates: it finds the dial's slot from dwCallbackId, pushes one record
 * into the slot's ring(s), records the latest state, and returns.  The only
 * system call is the wake of a consumer that is parked.
 *
 * dwCallbackId = (generation << 16) | index.  A slot's generation is odd
 * while it is live; closing makes it even, then waits until no notifier is
 * inside the slot (`busy`), so a late or stale notification can never reach
 * a ring that has been released. */
#include "rf_slots.h"
#include "ras_abi.h"
#include "atomics.h"
#include "platform.h"
#include "clock.h"
#include "ring.h"

#include <string.h>

#define SLOT_BITS 16
#define SLOT_COUNT (1u << SLOT_BITS)
/* dwCallbackId is pointer sized: on 32-bit Windows 16 bits are left for
 * the generation. */
/* watch word: 0 none, 1 + backend while tracked by that backend's watcher,
 * WATCH_DROPPED once the drop was pushed. */
enum { WATCH_NONE = 0, WATCH_DROPPED = RF_SLOT_WATCH_DROPPED };
#define GEN_MASK ((uint32_t)(sizeof(uintptr_t) >= 8 ? 0xFFFFFFFFu : 0xFFFFu))

typedef struct dial_slot {
    uint32_t generation;     /* odd while live */
    uint32_t busy;           /* notifier calls inside the slot right now */
    uint32_t stopped;        /* consumer asked to stop notifications */
    uint32_t parked;         /* a Connection.wait() is sleeping on wake_word */
    uint32_t wake_word;
    uint32_t watch;          /* WATCH_*: the watcher reports this dial's drop */
    uint32_t ticks;          /* rf_clock_use_ticks() when opened: how the shim stamps */
    rf_ring *ring;
    rf_ring *aux;
    uint64_t state_word;     /* (error << 32) | state, one atomic store */
    uint64_t detail_word;    /* (subentry << 32) | extended error */
    uint64_t notifications;
    uint64_t hconn;
    uint64_t timestamp_ns;
    char pad[128 - 8 * 4 - 2 * sizeof(rf_ring *) - 5 * 8];
} dial_slot;

static dial_slot slots[SLOT_COUNT];
static uint32_t free_stack[SLOT_COUNT];
static uint32_t free_top;
static uint32_t table_ready;
static uint32_t table_lock;        /* taken by Python-side threads only */
static uint64_t stray_count;
static uint32_t slots_high;        /* one past the highest index ever opened */

static void table_lock_acquire(void)
{
    for (;;) {
        uint32_t expected = 0;
        if (rf_cas_u32(&table_lock, &expected, 1)) return;
        rf_yield();
    }
}

static void table_lock_release(void) { rf_store_release_u32(&table_lock, 0); }

static uint64_t make_id(uint32_t index, uint32_t gen)
{
    return ((uint64_t)(gen & GEN_MASK) << SLOT_BITS) | index;
}

/* The slot while id is live, else NULL (for Python-side callers). */
static dial_slot *live_slot(uint64_t id)
{
    uint32_t index = (uint32_t)(id & (SLOT_COUNT - 1));
    dial_slot *s = &slots[index];
    uint32_t gen = rf_load_acquire_u32(&s->generation);
    if ((gen & 1) == 0 || make_id(index, gen) != id) return NULL;
    return s;
}

uint32_t RF_WINAPI rf_notifier(uintptr_t dwCallbackId, uint32_t dwSubEntry,
                               rf_hrasconn hrasconn, uint32_t unMsg, uint32_t rascs,
                               uint32_t dwError, uint32_t dwExtendedError)
{
    rf_event ev;
    uint64_t id = (uint64_t)dwCallbackId;
    dial_slot *s = &slots[id & (SLOT_COUNT - 1)];
    /* With cold caches the hold is a chain of misses, each waiting for
     * the one before (the locked adds order them): start the slot's
     * second line and the ring's lines now, in parallel with the first.
     * The ring pointer may be stale here; it is only a prefetch hint. */
    rf_prefetch_write(&s->notifications);
    rf_ring__prefetch((const rf_ring *)rf_load_ptr(&s->ring));
    /* A counter reading where one is usable (clock.h; the consumer converts
     * it), else the monotonic clock.  The slot's memory is static, so the
     * read is safe before the slot is known to be live; a stale value
     * (the slot reopened meanwhile) still gives a valid stamp. */
    ev.timestamp_ns = rf_stamp_now(rf_load_u32(&s->ticks));
    rf_fetch_add_u32(&s->busy, 1);
    /* Seq-cst pair with rf_slot_close: it flips the generation, then reads
     * busy; we bump busy, then read the generation. */
    uint32_t gen = rf_load_seq_cst_u32(&s->generation);
    if ((gen & 1) == 0 || make_id((uint32_t)(id & (SLOT_COUNT - 1)), gen) != id) {
        rf_fetch_add_u32(&s->busy, (uint32_t)-1);
        rf_fetch_add_u64(&stray_count, 1);
        return 0;
    }
    if (rf_load_u32(&s->stopped)) {
        rf_fetch_add_u32(&s->busy, (uint32_t)-1);
        return 0;
    }
    ev.callback_id = id;
    ev.hconn = (uint64_t)(uintptr_t)hrasconn;
    ev.subentry = dwSubEntry;
    ev.message = unMsg;
    ev.state = rascs;
    ev.error = dwError;
    ev.extended_error = dwExtendedError;
    ev.flags = 0;
    /* The slot's state first, then the record: a consumer that has taken
     * the record from the ring (an acquire of its slot) sees the state it
     * carries, so resume() right after a paused event finds the dial paused. */
    rf_store_release_u64(&s->state_word, ((uint64_t)dwError << 32) | rascs);
    rf_store_release_u64(&s->detail_word, ((uint64_t)dwSubEntry << 32) | dwExtendedError);
    rf_store_release_u64(&s->hconn, ev.hconn);
    rf_store_release_u64(&s->timestamp_ns, ev.timestamp_ns);
    rf_fetch_add_u64(&s->notifications, 1);   /* seq-cst: also orders the parked read */
    rf_ring_push(s->ring, &ev);
    if (s->aux) rf_ring_push(s->aux, &ev);
    if (rf_load_seq_cst_u32(&s->parked) && rf_exchange_u32(&s->parked, 0)) {
        rf_fetch_add_u32(&s->wake_word, 1);
        rf_park_wake_all(&s->wake_word);
    }
    rf_fetch_add_u32(&s->busy, (uint32_t)-1);
    return 1;
}

void *rf_notifier_address(void) { return (void *)&rf_notifier; }

/* The watcher's push (watcher.c), on its native thread: the same guard as
 * the notifier (busy, then the generation), no lock, no allocation. */
int rf_slot_push(uint64_t id, const rf_event *ev, uint32_t mode)
{
    dial_slot *s = &slots[id & (SLOT_COUNT - 1)];
    rf_fetch_add_u32(&s->busy, 1);
    uint32_t gen = rf_load_seq_cst_u32(&s->generation);
    int pushed = 0;
    if ((gen & 1) == 0 || make_id((uint32_t)(id & (SLOT_COUNT - 1)), gen) != id) goto out;
    if (mode == RF_SLOT_PUSH_DROP) {
        /* Only a connected dial that nobody is hanging up, and only once. */
        uint64_t sw = rf_load_acquire_u64(&s->state_word);
        uint32_t expected = rf_load_acquire_u32(&s->watch);
        if ((uint32_t)sw != RF_RASCS_Connected || (sw >> 32) != 0) goto out;
        if (expected == WATCH_NONE || expected == WATCH_DROPPED) goto out;
        if (!rf_cas_u32(&s->watch, &expected, WATCH_DROPPED)) goto out;
    }
    rf_event copy = *ev;
    copy.callback_id = id;
    if (mode != RF_SLOT_PUSH_DROP) {
        rf_ring_push(s->ring, &copy);
    } else {
        /* The slot's state first, then the record (as rf_notifier): a
         * consumer that took the drop finds the dial disconnected. */
        rf_store_release_u64(&s->state_word, ((uint64_t)copy.error << 32) | copy.state);
        rf_store_release_u64(&s->timestamp_ns, copy.timestamp_ns);
        rf_fetch_add_u64(&s->notifications, 1);
        rf_ring_push(s->ring, &copy);
        if (s->aux) rf_ring_push(s->aux, &copy);
        if (rf_load_seq_cst_u32(&s->parked) && rf_exchange_u32(&s->parked, 0)) {
            rf_fetch_add_u32(&s->wake_word, 1);
            rf_park_wake_all(&s->wake_word);
        }
    }
    pushed = 1;
out:
    rf_fetch_add_u32(&s->busy, (uint32_t)-1);
    return pushed;
}

uint32_t rf_slot_watch(uint64_t id, uint32_t value)
{
    dial_slot *s = live_slot(id);
    if (!s) return WATCH_NONE;
    if (value != WATCH_NONE) {
        uint32_t expected = WATCH_NONE;
        rf_cas_u32(&s->watch, &expected, value);
        return expected;
    }
    return rf_exchange_u32(&s->watch, WATCH_NONE);
}

uint32_t rf_slot_next_tracked(uint32_t start, uint32_t value, uint64_t *id, uint64_t *hconn)
{
    uint32_t high = rf_load_acquire_u32(&slots_high);   /* slots are used lowest first */
    for (uint32_t i = start; i < high; i++) {
        dial_slot *s = &slots[i];
        if (rf_load_u32(&s->watch) != value) continue;
        uint32_t gen = rf_load_acquire_u32(&s->generation);
        if ((gen & 1) == 0) continue;
        *id = make_id(i, gen);
        *hconn = rf_load_acquire_u64(&s->hconn);
        return i + 1;
    }
    return 0;
}

uint64_t rf_slot_open(rf_ring *ring, rf_ring *aux)
{
    if (!ring) return 0;
    rf_clock_init();   /* once: how the shim stamps (about 0.2 ms, the first time) */
    table_lock_acquire();
    if (!table_ready) {
        for (uint32_t i = 0; i < SLOT_COUNT; i++) free_stack[i] = SLOT_COUNT - 1 - i;
        free_top = SLOT_COUNT;
        table_ready = 1;
    }
    if (free_top == 0) {
        table_lock_release();
        return 0;
    }
    uint32_t index = free_stack[--free_top];
    dial_slot *s = &slots[index];
    if (index >= rf_load_u32(&slots_high)) rf_store_release_u32(&slots_high, index + 1);
    rf_ring_retain(ring);
    if (aux) rf_ring_retain(aux);
    rf_store_ptr(&s->ring, ring);     /* the notifier's early prefetch may read it */
    s->aux = aux;
    rf_store_u32(&s->stopped, 0);
    rf_store_u32(&s->ticks, rf_clock_use_ticks());
    rf_store_release_u32(&s->watch, WATCH_NONE);
    rf_store_release_u64(&s->state_word, 0);
    rf_store_release_u64(&s->detail_word, 0);
    rf_store_release_u64(&s->notifications, 0);
    rf_store_release_u64(&s->hconn, 0);
    rf_store_release_u64(&s->timestamp_ns, 0);
    /* The generation turns odd last: it publishes everything above. */
    uint32_t gen = rf_fetch_add_u32(&s->generation, 1) + 1;
    table_lock_release();
    return make_id(index, gen);
}

int rf_slot_close(uint64_t id)
{
    table_lock_acquire();
    dial_slot *s = live_slot(id);
    if (!s) {
        table_lock_release();
        return 0;
    }
    rf_fetch_add_u32(&s->generation, 1);             /* even: dead to the shim */
    while (rf_load_seq_cst_u32(&s->busy) != 0) rf_yield();   /* nanoseconds at most */
    rf_ring *ring = s->ring, *aux = s->aux;
    rf_store_ptr(&s->ring, NULL);
    s->aux = NULL;
    free_stack[free_top++] = (uint32_t)(id & (SLOT_COUNT - 1));
    table_lock_release();
    /* Wake a Connection.wait() sleeping on the slot. */
    rf_fetch_add_u32(&s->wake_word, 1);
    rf_park_wake_all(&s->wake_word);
    rf_ring_release(ring);
    rf_ring_release(aux);
    return 1;
}

int rf_slot_stop(uint64_t id)
{
    dial_slot *s = live_slot(id);
    if (!s) return 0;
    rf_store_release_u32(&s->stopped, 1);
    return 1;
}

int rf_slot_get_status(uint64_t id, rf_slot_status *out)
{
    memset(out, 0, sizeof *out);
    dial_slot *s = live_slot(id);
    if (!s) return 0;
    uint64_t notifications = rf_load_acquire_u64(&s->notifications);
    uint64_t sw = rf_load_acquire_u64(&s->state_word);
    uint64_t dw = rf_load_acquire_u64(&s->detail_word);
    out->live = 1;
    out->state = (uint32_t)sw;
    out->error = (uint32_t)(sw >> 32);
    out->extended_error = (uint32_t)dw;
    out->subentry = (uint32_t)(dw >> 32);
    out->stopped = rf_load_u32(&s->stopped);
    out->notifications = notifications;
    out->hconn = rf_load_acquire_u64(&s->hconn);
    rf_stamp_batch batch = {0};
    out->timestamp_ns = rf_stamp_to_ns(rf_load_acquire_u64(&s->timestamp_ns), &batch);
    return live_slot(id) == s;   /* closed meanwhile: report not live */
}

uint64_t rf_slot_wait(uint64_t id, uint64_t seen, int64_t timeout_ns)
{
    uint64_t deadline = timeout_ns >= 0 ? rf_now_ns() + (uint64_t)timeout_ns : 0;
    dial_slot *s = &slots[id & (SLOT_COUNT - 1)];
    for (;;) {
        if (!live_slot(id)) return seen;
        uint64_t n = rf_load_acquire_u64(&s->notifications);
        if (n != seen) return n;
        uint32_t word = rf_load_acquire_u32(&s->wake_word);
        rf_exchange_u32(&s->parked, 1);
        rf_fence_seq_cst();
        n = rf_load_acquire_u64(&s->notifications);
        if (n != seen || !live_slot(id)) return n;
        int64_t remaining = -1;
        if (timeout_ns >= 0) {
            uint64_t now = rf_now_ns();
            if (now >= deadline) return n;
            remaining = (int64_t)(deadline - now);
        }
        rf_park_wait(&s->wake_word, word, remaining);
    }
}

void rf_slot_fork_prepare(void) { table_lock_acquire(); }
void rf_slot_fork_parent(void) { table_lock_release(); }
void rf_slot_fork_child(void)
{
    rf_park_fork_child();
    rf_clock_fork_child();
    table_lock_release();
}

uint64_t rf_slot_stray_count(void) { return rf_load_u64(&stray_count); }

uint32_t rf_slot_capacity(void) { return SLOT_COUNT; }
