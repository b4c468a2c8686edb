/* What the shim needs of ring.c beyond rf_events.h (not part of the cdef). */
#ifndef RASFAST_RING_H
#define RASFAST_RING_H
#include "rf_events.h"

/* Start the misses of the lines the next push reads (its shared line and
 * its tail), so that they overlap the notifier's other misses.  Only a
 * hint: r may be stale or freed, since a prefetch never faults and this
 * reads nothing through r. */
void rf_ring__prefetch(const rf_ring *r);

#endif /* RASFAST_RING_H */
