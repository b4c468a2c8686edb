/* The notifier's timestamps (clock.c): a raw TSC-class count where one is
 * usable, converted to rf_now_ns() nanoseconds by whoever takes the record
 * off the RAS thread.
 *
 * A stamp is either nanoseconds of rf_now_ns(), or, with RF_STAMP_TICKS
 * (bit 63) set, the counter of ticks.h halved (so it always fits beside the
 * tag; half a tick of resolution is lost).  Nanoseconds of a monotonic
 * clock since boot never reach bit 63, so records stamped by rf_now_ns()
 * elsewhere (the watcher, Python's own records) pass through unchanged. */
#ifndef RASFAST_CLOCK_H
#define RASFAST_CLOCK_H
#include <stdint.h>

#include "platform.h"
#include "ticks.h"

#define RF_STAMP_TICKS ((uint64_t)1 << 63)

/* Decide once whether the counter is usable (invariant, advancing at a
 * plausible rate against rf_now_ns(), not refused by RASFAST_CLOCK=ns) and
 * take the conversion's origin.  Python-side threads only (rf_slot_open
 * calls it); safe to call from several at once; later calls return at once. */
void rf_clock_init(void);
/* In a forked child (rf_slot_fork_child calls it): a decision another
 * thread of the parent had under way is dropped, to be made again. */
void rf_clock_fork_child(void);
/* 1 when stamps are counter ticks (after rf_clock_init), else 0. */
uint32_t rf_clock_use_ticks(void);

/* The stamp now.  use_ticks is rf_clock_use_ticks() as the caller saved it
 * (the notifier keeps a copy in the dial slot, on the line it reads anyway). */
static inline uint64_t rf_stamp_now(uint32_t use_ticks)
{
    return use_ticks ? (rf_ticks_read() >> 1) | RF_STAMP_TICKS : rf_now_ns();
}

/* Converting stamps on the consumer's side: one fresh reference point per
 * batch (a counter reading paired with rf_now_ns()), taken when the batch's
 * first counter stamp is met.  Zero-initialise, then call for each stamp. */
typedef struct rf_stamp_batch {
    uint64_t ticks, ns;   /* the reference point */
    double ns_per_tick;   /* from the origin to the reference point */
    uint32_t ready;
} rf_stamp_batch;
void rf_stamp_batch_begin(rf_stamp_batch *batch);
/* stamp in nanoseconds of rf_now_ns() (stamps without the tag unchanged);
 * inline, since a drain converts every record it copies. */
static inline uint64_t rf_stamp_to_ns(uint64_t stamp, rf_stamp_batch *b)
{
    if (!(stamp & RF_STAMP_TICKS)) return stamp;
    if (!b->ready) rf_stamp_batch_begin(b);
    uint64_t t = (stamp & ~RF_STAMP_TICKS) << 1;
    if (t >= b->ticks) return b->ns;   /* never later than the reference */
    uint64_t back = (uint64_t)((double)(b->ticks - t) * b->ns_per_tick + 0.5);
    return back < b->ns ? b->ns - back : 0;
}

#endif /* RASFAST_CLOCK_H */
