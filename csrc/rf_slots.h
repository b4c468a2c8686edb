/* Dial slots, the notifier's address, and its clock (shim.c): how the
 * RasDialFunc2 shim finds the rings of a dial from dwCallbackId.
 *
 * C and cdef, like every rf_*.h header. */
#ifndef RASFAST_RF_SLOTS_H
#define RASFAST_RF_SLOTS_H
#include <stdint.h>

#include "rf_events.h"

/* dwCallbackId = (generation << 16) | index, never a pointer Python may free. */
typedef struct rf_slot_status {
    uint32_t live;           /* 1 while the slot belongs to this callback id */
    uint32_t state;          /* RASCONNSTATE of the last notification */
    uint32_t error;          /* dwError of the last notification */
    uint32_t extended_error;
    uint32_t stopped;        /* the consumer asked to stop notifications */
    uint32_t subentry;       /* dwSubEntry of the last notification */
    uint64_t notifications;  /* notifier calls routed to this slot */
    uint64_t hconn;          /* HRASCONN of the last notification */
    uint64_t timestamp_ns;   /* time of the last notification */
} rf_slot_status;

/* Opens a slot that delivers to ring (and to aux, which may be NULL); both
 * gain a reference, dropped by rf_slot_close.  Returns the callback id, or
 * 0 when all slots are in use. */
uint64_t rf_slot_open(rf_ring *ring, rf_ring *aux);
/* After this returns no notifier call touches the slot's rings.  Safe to
 * call twice; returns 0 if the id was not live. */
int rf_slot_close(uint64_t callback_id);
/* Later notifications for this callback id get 0 ("stop") from the shim. */
int rf_slot_stop(uint64_t callback_id);
/* 1 and *out filled while live, else 0. */
int rf_slot_get_status(uint64_t callback_id, rf_slot_status *out);
/* Wait until the slot sees a notification after `seen` notifications, is
 * closed, or timeout_ns passes: returns the slot's notification count. */
uint64_t rf_slot_wait(uint64_t callback_id, uint64_t seen, int64_t timeout_ns);
/* os.fork() support: the slot table's lock is held across the fork, so a
 * child never inherits it locked by a thread it does not have. */
void rf_slot_fork_prepare(void);
void rf_slot_fork_parent(void);
void rf_slot_fork_child(void);
/* Notifier calls with a callback id that matched no live slot. */
uint64_t rf_slot_stray_count(void);
uint32_t rf_slot_capacity(void);

/* For the watcher (watcher.c), on its native thread.  rf_slot_push puts one
 * record into the slot's ring as the notifier would, without waiting,
 * locking or allocating: RF_SLOT_PUSH_WATCH into the ring only (a
 * watcher's subscription); RF_SLOT_PUSH_DROP, a dial's drop, only while
 * the dial is tracked and CONNECTED, once (it claims the slot), into both
 * rings, and the dial's state becomes the record's.  1 when pushed. */
enum { RF_SLOT_PUSH_WATCH = 0, RF_SLOT_PUSH_DROP = 1 };
int rf_slot_push(uint64_t callback_id, const rf_event *ev, uint32_t mode);
/* value 1 + backend: track the dial for that backend's watcher (from 0;
 * returns the old value); value 0: stop tracking it, returns the old value
 * (RF_SLOT_WATCH_DROPPED: its drop was pushed). */
enum { RF_SLOT_WATCH_DROPPED = 0xFF };
uint32_t rf_slot_watch(uint64_t callback_id, uint32_t value);
/* The first slot at index >= start whose watch word is value: its id and
 * handle, and the index to continue from; 0 when there is none. */
uint32_t rf_slot_next_tracked(uint32_t start, uint32_t value, uint64_t *callback_id,
                              uint64_t *hconn);

/* The RasDialFunc2 shim as a plain address: what the providers are given,
 * and how rasfast._testing's native producer reaches the shim. */
void *rf_notifier_address(void);
/* The clock of rf_event.timestamp_ns, for the records Python makes itself
 * (hang-up, timeout): they sort among the shim's. */
uint64_t rf_clock_ns(void);
/* How the shim stamps a record on the RAS thread: 1, a TSC-class counter
 * (rdtsc, CNTVCT_EL0), converted to rf_clock_ns() nanoseconds when the
 * record is taken off the ring (so RasEvent.timestamp_ns, poll_raw() and
 * the slot status are nanoseconds as before); 0, rf_clock_ns() itself.
 * Chosen once, when the first slot opens (RASFAST_CLOCK=ns refuses the
 * counter); 0 before that. */
uint32_t rf_clock_use_ticks(void);
/* For tests: a stamp now, as the shim would take it, and its conversion
 * to rf_clock_ns() nanoseconds (a stamp without the counter's tag, bit 63,
 * is returned as it is). */
uint64_t rf_clock_stamp(void);
uint64_t rf_clock_stamp_ns(uint64_t stamp);
/* For tests: on 1, mark the choice as being made, as another thread inside
 * the first rf_slot_open would leave it if the process forked then; on 0,
 * undo that.  1 when the mark was set or cleared, 0 when the choice was
 * already made (or, on 1, already marked). */
int rf_clock__pretend_deciding(int on);

#endif /* RASFAST_RF_SLOTS_H */
