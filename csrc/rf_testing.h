/* rasfast._testing, a module of its own for tests and benchmarks: a native
 * producer that calls the shim as RAS threads would, one notification, a
 * raw dial of the simulator with any notifier, and the dial thread's
 * hand-off cost.
 *
 * C and cdef, like every rf_*.h header.  It holds no copy of the ring, the
 * shim or the simulator: it calls rasfast._native's, through the addresses
 * rf_notifier_address() and rf_provider_table(RF_BACKEND_SIM) give (found
 * on first use, testing_link.h).  Release wheels leave it out
 * (RASFAST_BUILD_TESTING=0 at build time). */
#ifndef RASFAST_RF_TESTING_H
#define RASFAST_RF_TESTING_H
#include <stdint.h>

/* The native test producer (testing_producer.c): C threads that call the
 * shim at a given rate.  Thread i sends records with subentry = i + 1,
 * extended_error = running counter from 0, error = rf_test_checksum(i + 1,
 * counter). */
typedef struct rf_test_producer rf_test_producer;
/* rate_per_thread: notifications per second per thread, 0 = flat out.
 * NULL for a bad thread count, or when the shim cannot be reached. */
rf_test_producer *rf_test_producer_start(uint64_t callback_id, uint32_t threads,
                                         uint64_t count_per_thread,
                                         uint64_t rate_per_thread);
/* One thread that sends count notifications in all, rate per second (0 =
 * flat out), to the n_ids callback ids in turn (the i-th to
 * callback_ids[i % n_ids], extended_error = i): many buffers' events from
 * one RAS-like thread. */
rf_test_producer *rf_test_producer_start_spread(const uint64_t *callback_ids, uint32_t n_ids,
                                                uint64_t count, uint64_t rate);
/* 1 when all threads finished (and were joined), 0 on timeout. */
int rf_test_producer_join(rf_test_producer *tp, int64_t timeout_ns);
/* Notifier calls made so far, and how many got 0 back. */
uint64_t rf_test_producer_sent(rf_test_producer *tp);
uint64_t rf_test_producer_refused(rf_test_producer *tp);
void rf_test_producer_free(rf_test_producer *tp);
uint32_t rf_test_checksum(uint32_t producer, uint32_t counter);

/* Single calls (testing_calls.c), and one measurement.  rf_notify: one call of the shim, its
 * return value (0 also when the shim cannot be reached).  rf_sim_dial_raw:
 * RasDialW of the simulated service with any RasDialFunc2 address
 * (benchmark contenders); *hconn != 0 resumes that handle. */
uint32_t rf_notify(uint64_t callback_id, uint32_t subentry, uint64_t hconn,
                   uint32_t message, uint32_t state, uint32_t error,
                   uint32_t extended_error);
uint32_t rf_sim_dial_raw(const uint16_t *entry, void *notifier, uint64_t callback_id,
                         uint32_t options, uint64_t *hconn);
/* The dial thread's hand-off cost: n RasDialW calls of the simulated
 * service for entry each way, alternating, on this thread (direct_ns[i])
 * and through rasfast._native's dial thread as rf_dial makes them
 * (thread_ns[i]): the time until RasDialW returned.  Each dial is hung up
 * after its call, untimed.  For an instant entry with duplicate dials on and
 * no release delay (else the ports run out).  0, or the first RAS error. */
uint32_t rf_test_dial_handoff(const uint16_t *entry, uint32_t n, uint64_t *direct_ns,
                              uint64_t *thread_ns);

#endif /* RASFAST_RF_TESTING_H */
