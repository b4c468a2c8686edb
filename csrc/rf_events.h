/* The 64-byte event record, its flags, and the lock-free ring that carries
 * records from RAS threads to Python (ring.c).
 *
 * Like every rf_*.h header, C and cffi's cdef both read it: stdint types,
 * opaque handles and plain declarations only (rasfast/_build.py drops the
 * preprocessor lines). */
#ifndef RASFAST_RF_EVENTS_H
#define RASFAST_RF_EVENTS_H
#include <stdint.h>

/* One record per notification: one 64-byte cache line.  Python reads the
 * layout from here (ffi.sizeof, ffi.offsetof). */
typedef struct rf_event {
    uint64_t turn;            /* ring-internal per-slot sequence number */
    uint64_t seq;             /* position in the ring's stream, from 0 */
    uint64_t timestamp_ns;    /* monotonic clock, taken in the shim */
    uint64_t callback_id;     /* dwCallbackId as RAS echoed it */
    uint64_t hconn;           /* HRASCONN the notifier received */
    uint32_t subentry;        /* dwSubEntry: 0 = whole connection */
    uint32_t message;         /* unMsg: WM_RASDIALEVENT */
    uint32_t state;           /* RASCONNSTATE */
    uint32_t error;           /* dwError */
    uint32_t extended_error;  /* dwExtendedError */
    uint32_t flags;           /* RF_EVENT_FLAG_* */
} rf_event;

/* rf_event.flags: where a record came from, beyond RAS itself. */
enum {
    RF_EVENT_FLAG_LOCAL = 1,     /* made by rasfast itself (hang-up, timeout), not by RAS */
    RF_EVENT_FLAG_TEST = 2,      /* made by the native test producer */
    RF_EVENT_FLAG_REMOTE = 4,    /* the connection ended from the far side (a drop after CONNECTED) */
    RF_EVENT_FLAG_WATCH = 8,     /* made by the connection watcher (watcher.c), not by the dial's notifier */
    RF_EVENT_FLAG_RASAPI32 = 16  /* ... the watcher of rasapi32 (backend win32), not of the simulator */
};

/* The ring: bounded, lock-free, any number of native producers, one
 * consumer at a time (the Python side serialises its consumers). */
typedef struct rf_ring rf_ring;

typedef struct rf_ring_stats {
    uint64_t capacity;
    uint64_t pushed;             /* every record offered: delivered + dropped + pending */
    uint64_t delivered;          /* handed to the consumer */
    uint64_t dropped;            /* all drops; the three causes follow */
    uint64_t dropped_full;       /* the ring was full */
    uint64_t dropped_closed;     /* the consumer had closed the ring */
    uint64_t dropped_contention; /* the producer gave up after RF_RING_MAX_RETRIES lost races */
    uint64_t pending;            /* claimed by producers, not yet delivered */
    uint64_t high_water;         /* most records ever pending at once */
    uint64_t wakeups;            /* wake system calls made by producers */
    uint64_t spin_hits;          /* waits whose record came while the consumer spun */
} rf_ring_stats;

/* capacity: a power of two in [RF_RING_MIN_CAPACITY, RF_RING_MAX_CAPACITY].
 * Returns NULL for a bad capacity or when memory runs out.  The new ring has
 * one reference, owned by the caller. */
rf_ring *rf_ring_new(uint64_t capacity);
void rf_ring_retain(rf_ring *ring);
void rf_ring_release(rf_ring *ring);
/* The consumer is gone: later pushes are dropped (and counted), parked
 * waiters return.  Producers that still hold a reference stay safe. */
void rf_ring_close(rf_ring *ring);
/* Push one record (fields from turn to seq are set by the ring).
 * Returns 1 when stored, 0 when dropped. */
int rf_ring_push(rf_ring *ring, const rf_event *ev);
/* Copy up to max published records into out; returns how many. */
uint64_t rf_ring_drain(rf_ring *ring, rf_event *out, uint64_t max);
/* Block until a record is ready: 1 ready, 0 timed out, -1 closed.
 * timeout_ns < 0 waits forever.  With a spin set, a wait whose previous
 * record came within the spin polls for up to spin_ns before it parks. */
int rf_ring_wait(rf_ring *ring, int64_t timeout_ns);
/* How long rf_ring_wait polls before it parks (0: never), for the one
 * consumer; a producer that finds no parked consumer makes no system call. */
void rf_ring_set_spin(rf_ring *ring, uint64_t spin_ns);
/* Announce a parked consumer thread (rf_ring_wait's first step).  Returns
 * 1 if a record is already ready, so the caller must not sleep.  asyncio
 * waits through a hub instead (rf_hub.h: rf_ring_hub_park). */
int rf_ring_park_begin(rf_ring *ring);
void rf_ring_get_stats(rf_ring *ring, rf_ring_stats *out);

extern const uint64_t RF_RING_MIN_CAPACITY;
extern const uint64_t RF_RING_MAX_CAPACITY;
extern const uint32_t RF_RING_MAX_RETRIES;

#endif /* RASFAST_RF_EVENTS_H */
