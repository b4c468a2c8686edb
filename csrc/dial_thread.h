/* The dial thread's C interface for dial.c (dial_thread.c): run one call on
 * rasfast's own long-lived thread and wait for its result.  What Python
 * sees of it (rf_dial_thread_get_info, the fork hook) is in rf_dial.h. */
#ifndef RASFAST_DIAL_THREAD_H
#define RASFAST_DIAL_THREAD_H
#include <stdint.h>

typedef uint32_t (*rf_dial_thread_fn)(void *arg);

/* fn(arg) on the dial thread (started on first use); returns what fn
 * returned.  The caller blocks until fn has returned, so arg may point to
 * its stack.  RF_ERROR_NOT_ENOUGH_MEMORY, fn not called, when the thread
 * cannot be started (the next call tries again).  Never call it from a RAS
 * notifier: the dial thread may be waiting for that notifier to return. */
uint32_t rf_dial_thread_run(rf_dial_thread_fn fn, void *arg);

#endif /* RASFAST_DIAL_THREAD_H */
