/* rasfast's native API: the C files include this header, and cffi's cdef
 * reads it too (rasfast/_build.py drops the preprocessor lines).  So it holds
 * only stdint types, opaque handles and plain declarations: no macros inside
 * declarations, no Windows types. */
#ifndef RASFAST_H
#define RASFAST_H
#include <stdint.h>

/* ------------------------------------------------------------------------
 * Event records: one 64-byte cache line each.
 * ---------------------------------------------------------------------- */
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

enum {
    RF_EVENT_FLAG_LOCAL = 1,     /* made by rasfast itself (hang-up, timeout), not by RAS */
    RF_EVENT_FLAG_TEST = 2       /* made by the native test producer */
};

/* ------------------------------------------------------------------------
 * The ring: bounded, lock-free, any number of native producers, one
 * consumer at a time (the Python side serialises its consumers).
 * ---------------------------------------------------------------------- */
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
 * timeout_ns < 0 waits forever. */
int rf_ring_wait(rf_ring *ring, int64_t timeout_ns);
/* asyncio: producers signal fd (eventfd or a pipe's write end) when the
 * consumer is parked.  The ring takes the fd over and closes it when it is
 * freed.  Once per ring: returns 1 if taken, 0 if one was set already. */
int rf_ring_set_notify_fd(rf_ring *ring, int fd);
/* Announce a parked consumer (one that will sleep on the notify fd).
 * Returns 1 if a record is already ready, so the caller must not sleep. */
int rf_ring_park_begin(rf_ring *ring);
void rf_ring_get_stats(rf_ring *ring, rf_ring_stats *out);

extern const uint64_t RF_RING_MIN_CAPACITY;
extern const uint64_t RF_RING_MAX_CAPACITY;
extern const uint32_t RF_RING_MAX_RETRIES;

/* ------------------------------------------------------------------------
 * Dial slots: the shim finds the rings of a dial through dwCallbackId =
 * (generation << 16) | index, never through a pointer Python may free.
 * ---------------------------------------------------------------------- */
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

/* The RasDialFunc2 shim as a plain address, for the providers and tests. */
void *rf_notifier_address(void);
/* Call the shim directly (tests and benchmarks). */
uint32_t rf_notify(uint64_t callback_id, uint32_t subentry, uint64_t hconn,
                   uint32_t message, uint32_t state, uint32_t error,
                   uint32_t extended_error);

uint64_t rf_clock_ns(void);

/* ------------------------------------------------------------------------
 * Native test producer: C threads that call the shim at a given rate.
 * Thread i sends records with subentry = i + 1, extended_error = running
 * counter from 0, error = rf_test_checksum(i + 1, counter).
 * ---------------------------------------------------------------------- */
typedef struct rf_test_producer rf_test_producer;
/* rate_per_thread: notifications per second per thread, 0 = flat out. */
rf_test_producer *rf_test_producer_start(uint64_t callback_id, uint32_t threads,
                                         uint64_t count_per_thread,
                                         uint64_t rate_per_thread);
/* 1 when all threads finished (and were joined), 0 on timeout. */
int rf_test_producer_join(rf_test_producer *tp, int64_t timeout_ns);
/* Notifier calls made so far, and how many got 0 back. */
uint64_t rf_test_producer_sent(rf_test_producer *tp);
uint64_t rf_test_producer_refused(rf_test_producer *tp);
void rf_test_producer_free(rf_test_producer *tp);
uint32_t rf_test_checksum(uint32_t producer, uint32_t counter);

/* ------------------------------------------------------------------------
 * Latency histogram (hold times of notifier calls, wake-ups): log-linear
 * buckets, 8 per power of two, in nanoseconds.
 * ---------------------------------------------------------------------- */
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

/* ------------------------------------------------------------------------
 * Dialing through a provider: the rasapi32-shaped function table of
 * ras_abi.h.  Strings are NUL-terminated UTF-16.  Every function returns
 * the RAS or Windows error code (0 = success).
 * ---------------------------------------------------------------------- */
enum { RF_BACKEND_SIM = 0, RF_BACKEND_RASAPI32 = 1 };

/* 0 when the backend can be used here, else the error that stops it
 * (ERROR_CALL_NOT_IMPLEMENTED off Windows, ERROR_MOD_NOT_FOUND...). */
uint32_t rf_backend_check(uint32_t backend);

typedef struct rf_dial_request {
    const uint16_t *entry;
    const uint16_t *phonebook;        /* NULL: the default phonebook */
    const uint16_t *phone_number;     /* NULL: the entry's own */
    const uint16_t *callback_number;
    const uint16_t *username;
    uint16_t *password;               /* wiped by rf_dial before it returns */
    const uint16_t *domain;
    uint32_t password_len;            /* UTF-16 units in password, for the wipe */
    uint32_t subentry;
    uint32_t options;                 /* RDEOPT_* flags for RASDIALEXTENSIONS */
} rf_dial_request;

/* Start a dial whose notifications go to the shim with callback_id, or
 * resume a paused one when *hconn != 0.  The handle RAS stored (even on
 * failure) is written to *hconn. */
uint32_t rf_dial(uint32_t backend, rf_dial_request *req, uint64_t callback_id,
                 uint64_t *hconn);
uint32_t rf_hangup(uint32_t backend, uint64_t hconn);
/* Poll RasGetConnectStatusW (every poll_ns) until it answers
 * ERROR_INVALID_HANDLE: 0 = port released, ERROR_TIMEOUT otherwise. */
uint32_t rf_wait_released(uint32_t backend, uint64_t hconn, int64_t timeout_ns,
                          int64_t poll_ns);

typedef struct rf_conn_status {
    uint32_t state;
    uint32_t error;
    uint16_t device_type[17];
    uint16_t device_name[129];
    uint16_t phone_number[129];
} rf_conn_status;
uint32_t rf_get_status(uint32_t backend, uint64_t hconn, rf_conn_status *out);

typedef struct rf_conn_info {
    uint64_t hconn;
    uint32_t subentry;
    uint32_t flags;
    uint16_t entry[257];
    uint16_t device_type[17];
    uint16_t device_name[129];
    uint16_t phonebook[260];
} rf_conn_info;
/* Fills up to max records; *count gets how many connections exist. */
uint32_t rf_enum_connections(uint32_t backend, rf_conn_info *out, uint32_t max,
                             uint32_t *count);

typedef struct rf_entry_info {
    uint32_t flags;
    uint16_t name[257];
    uint16_t phonebook[261];
} rf_entry_info;
uint32_t rf_enum_entries(uint32_t backend, const uint16_t *phonebook,
                         rf_entry_info *out, uint32_t max, uint32_t *count);
/* RasGetErrorStringW; cch is the size of buf in UTF-16 units. */
uint32_t rf_error_string(uint32_t backend, uint32_t code, uint16_t *buf, uint32_t cch);

/* ------------------------------------------------------------------------
 * The simulated RAS service's controls (sim.c).
 * ---------------------------------------------------------------------- */
enum {
    RF_SIM_PROFILE_INSTANT = 0,   /* no delay between states */
    RF_SIM_PROFILE_VPN = 1,       /* tens to hundreds of milliseconds */
    RF_SIM_PROFILE_MODEM = 2      /* seconds */
};

typedef struct rf_sim_entry {
    uint16_t name[257];
    uint32_t profile;
    int32_t fail_at;        /* RASCONNSTATE that fails, or -1 */
    uint32_t error;         /* the error fail_at reports */
    int32_t pause_at;       /* paused RASCONNSTATE (0x1000-0x1004), or -1 */
    uint32_t subentries;    /* 1, or 2 for a multilink entry */
    uint32_t builtin;       /* part of the built-in phonebook */
    uint32_t checks_password;  /* out: the entry has a password */
    uint16_t password[257]; /* in: the password the "server" accepts (empty:
                             * any); never given back by rf_sim_get_entry */
} rf_sim_entry;

/* 0, ERROR_ALREADY_EXISTS, or ERROR_INVALID_PARAMETER (the builtin field
 * is ignored). */
uint32_t rf_sim_add_entry(const rf_sim_entry *entry);
/* 0 or ERROR_CANNOT_FIND_PHONEBOOK_ENTRY. */
uint32_t rf_sim_remove_entry(const uint16_t *name);
uint32_t rf_sim_entry_count(void);
/* 1 and *out filled for index < rf_sim_entry_count(), else 0. */
int rf_sim_get_entry(uint32_t index, rf_sim_entry *out);
/* The states a dial of this entry walks through (pause and failure
 * included), for documentation and tests; returns the count. */
uint32_t rf_sim_entry_states(const uint16_t *name, uint32_t *states, uint32_t max);
/* Hang up every simulated connection, forget user entries, restore the
 * built-in phonebook, time scale 1.0, empty the hold-time histogram. */
void rf_sim_reset(void);
void rf_sim_set_time_scale(double scale);
double rf_sim_get_time_scale(void);
/* Delay before a hung-up connection's port is released (unscaled ns). */
void rf_sim_set_release_delay(uint64_t ns);
uint64_t rf_sim_get_release_delay(void);
/* Smallest and largest delay between states of a profile (unscaled ns). */
int rf_sim_profile_delays(uint32_t profile, uint64_t *min_ns, uint64_t *max_ns);
uint32_t rf_sim_active_connections(void);
/* How long each notifier call held a simulated RAS thread. */
void rf_sim_get_hold_histogram(rf_histogram *out);
void rf_sim_reset_hold_histogram(void);
/* Dial the simulator with any RasDialFunc2 address (benchmark contenders). */
uint32_t rf_sim_dial_raw(const uint16_t *entry, void *notifier, uint64_t callback_id,
                         uint32_t options, uint64_t *hconn);
/* 0 (default, Windows): a second dial of an entry being dialed gets
 * ERROR_DIAL_ALREADY_IN_PROGRESS, of a connected entry the same handle (a
 * referenced connection).  1: every dial gets a connection of its own. */
void rf_sim_set_duplicate_dials(uint32_t allow);
uint32_t rf_sim_get_duplicate_dials(void);
/* os.fork() support: prepare and parent around the fork in the parent, child
 * in the child, whose simulated service then starts empty. */
void rf_sim_fork_prepare(void);
void rf_sim_fork_parent(void);
void rf_sim_fork_child(void);

#endif /* RASFAST_H */
