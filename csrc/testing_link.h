/* How rasfast._testing reaches rasfast._native: the shim, the simulated
 * service's provider table and the dial thread's runner, as addresses found
 * once, on first use.
 *
 * Two implementations, one per build: testing_link_python.c in the
 * rasfast._testing module (asks rasfast._native for the addresses through
 * Python), testing_link_static.c in the native tests (which link the core
 * itself). */
#ifndef RASFAST_TESTING_LINK_H
#define RASFAST_TESTING_LINK_H

#include "ras_abi.h"
#include "dial_thread.h"

typedef struct rf_testing_link {
    RF_RASDIALFUNC2 notifier;      /* rasfast._native's rf_notifier */
    const rf_provider *sim;        /* its simulated service */
    uint32_t (*dial_thread_run)(rf_dial_thread_fn fn, void *arg);   /* its dial thread */
} rf_testing_link;

/* 1 and *out filled, or 0 when rasfast._native cannot be reached. */
int rf_testing_link_get(rf_testing_link *out);

#endif /* RASFAST_TESTING_LINK_H */
