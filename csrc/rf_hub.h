/* asyncio's waiter: one hub per event loop, not one fd or thread per buffer
 * (hub.c; the ring's side is in ring.c).
 *
 * A hub is a bitmap of tokens, one token per buffer awaited on the hub's
 * loop at the moment.  A coroutine that awaits a buffer parks its ring on
 * (hub, token); the producer that finds the ring parked sets the token's
 * bit (two atomic ORs: the bit and its summary bit) and makes a system call
 * only when the hub itself is parked: one wake per batch of ready buffers,
 * whatever their number.  The hub's consumer (a selector loop's reader on
 * the hub's notify fd, or one thread per loop blocked in rf_hub_wait)
 * collects the ready tokens and hands them to the loop.
 *
 * Hubs live in a static table and are never freed: a producer holding a
 * stale (hub, token) of a ring sets a bit in a hub that still exists, at
 * worst a spurious wake-up for whoever holds that token now (the Python
 * side re-checks the ring).  A hub's notify fd, once set, stays for the
 * life of the process (a producer may be about to write it).
 *
 * C and cdef, like every rf_*.h header. */
#ifndef RASFAST_RF_HUB_H
#define RASFAST_RF_HUB_H
#include <stdint.h>

#include "rf_events.h"

typedef struct rf_hub rf_hub;

enum {
    RF_HUB_MAX = 64,            /* hubs in use at once (event loops awaiting buffers) */
    RF_HUB_TOKENS = 65536       /* buffers awaited at once on one hub: tokens 0..65535 */
};

/* A free hub from the table, emptied, with no waiter; NULL when all
 * RF_HUB_MAX are in use.  use_fd: its producers write the notify fd
 * (rf_hub_set_notify_fd) instead of waking rf_hub_wait. */
rf_hub *rf_hub_acquire(int use_fd);
/* Back to the table.  Its consumer must be gone (no rf_hub_wait running). */
void rf_hub_release(rf_hub *hub);
/* The notify fd of a selector loop: write_fd is what producers signal
 * (eventfd or a pipe's write end), read_fd what the loop reads (the same
 * eventfd, or the pipe's read end).  Set once per table entry for the life
 * of the process: 1 if taken, 0 if the entry has its fds already. */
int rf_hub_set_notify_fd(rf_hub *hub, int read_fd, int write_fd);
/* The read end set above, -1 when none. */
int rf_hub_notify_fd(rf_hub *hub);
/* Mark token ready (what a producer does for a hub-parked ring). */
void rf_hub_signal(rf_hub *hub, uint32_t token);
/* Take the ready tokens (at most max, max >= 32): how many were written
 * to out.  Tokens left over stay ready for the next call.  One consumer
 * at a time. */
uint32_t rf_hub_collect(rf_hub *hub, uint32_t *out, uint32_t max);
/* The consumer is about to sleep on the notify fd: returns 1 (and does
 * not park) when tokens are ready already, so it must collect again. */
int rf_hub_arm(rf_hub *hub);
/* The waiter thread: collect ready tokens, sleeping until some are ready
 * (GIL released by cffi).  Returns how many, 0 on timeout (timeout_ns < 0
 * waits forever), -1 when rf_hub_interrupt was called.  After a batch it
 * first waits for rf_hub_ack (the loop took the batch): tokens that become
 * ready meanwhile make no system call and form the next batch. */
int32_t rf_hub_wait(rf_hub *hub, uint32_t *out, uint32_t max, int64_t timeout_ns);
/* The loop took the batch rf_hub_wait returned: the waiter may go on. */
void rf_hub_ack(rf_hub *hub);
/* Make the hub's rf_hub_wait return -1 (once). */
void rf_hub_interrupt(rf_hub *hub);
/* Wake system calls (futex or notify fd) producers made for this hub
 * since it was acquired. */
uint64_t rf_hub_wakeups(rf_hub *hub);
/* Hubs in use now. */
uint32_t rf_hub_in_use(void);
/* In a forked child: every hub is free again, the notify fds inherited
 * from the parent (whose file descriptions the parent still reads) are
 * closed here.  Only while no other thread runs (os.fork's child). */
void rf_hub_fork_child(void);

/* A ring's hub waiter (ring.c).  Park ring on (hub, token): its next push
 * signals the token.  Returns 1 when a record is ready or the ring is
 * closed already (then the ring is not parked: do not wait). */
int rf_ring_hub_park(rf_ring *ring, rf_hub *hub, uint32_t token);
/* The waiter gave up (timeout, cancellation): no signal for it any more
 * (one from a push that is already under way may still come). */
void rf_ring_hub_unpark(rf_ring *ring);
/* 1 a record is ready, -1 the ring is closed (and empty), 0 neither. */
int rf_ring_ready(rf_ring *ring);

#endif /* RASFAST_RF_HUB_H */
