/* Drives the RasDialFunc2 shim for the instruction budget
 * (.ci/steps/45-instructions.sh): callgrind counts the instructions inside
 * rf_notifier over CALLS calls, which is the same from run to run however
 * busy the machine is.
 *
 *   notifier_cost idle|parked|watch|drop CALLS
 *
 * idle: nobody waits on the ring.  parked: before each call a consumer has
 * announced it is going to sleep (rf_ring_park_begin on the empty ring, as
 * EventBuffer.wait() does), so the notifier takes the wake path and makes
 * its one system call.  The ring is drained between calls, outside the
 * count, so no call finds it full.
 *
 * watch and drop count the watcher's push instead (rf_slot_push, csrc/
 * watcher.c's only way into a ring): watch, a record to a watcher's
 * subscription; drop, a dial's drop (the claim, both rings, the dial's
 * state).  Before each drop the dial is made CONNECTED and tracked again,
 * outside the count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ras_abi.h"
#include "rf_slots.h"

int main(int argc, char **argv)
{
    const char *mode = argc == 3 ? argv[1] : "";
    int parked = strcmp(mode, "parked") == 0;
    int watch = strcmp(mode, "watch") == 0, drop = strcmp(mode, "drop") == 0;
    if (argc != 3 || (strcmp(mode, "idle") != 0 && !parked && !watch && !drop)) {
        fprintf(stderr, "usage: %s idle|parked|watch|drop CALLS\n", argv[0]);
        return 2;
    }
    long calls = strtol(argv[2], NULL, 10);
    rf_ring *ring = rf_ring_new(64);
    uint64_t id = ring ? rf_slot_open(ring, NULL) : 0;
    if (!id || calls <= 0) {
        fprintf(stderr, "notifier_cost: no ring or slot\n");
        return 1;
    }
    rf_event out[4];
    uint64_t delivered = 0;
    for (long i = 0; i < calls; i++) {
        if (parked && rf_ring_park_begin(ring)) {
            fprintf(stderr, "notifier_cost: the ring was not empty\n");
            return 1;
        }
        if (watch || drop) {
            rf_event ev;
            memset(&ev, 0, sizeof ev);
            ev.hconn = 0x10001;
            ev.message = RF_WM_RASDIALEVENT;
            ev.state = watch ? RF_RASCS_Connected : RF_RASCS_Disconnected;
            ev.flags = watch ? RF_EVENT_FLAG_WATCH : RF_EVENT_FLAG_REMOTE;
            if (drop) {
                /* Outside the count: CONNECTED (one notifier call, drained) and tracked. */
                rf_notifier((uintptr_t)id, 0, (rf_hrasconn)(uintptr_t)0x10001, RF_WM_RASDIALEVENT,
                            RF_RASCS_Connected, 0, 0);
                rf_ring_drain(ring, out, 4);
                rf_slot_watch(id, 0);
                rf_slot_watch(id, 1);
            }
            if (!rf_slot_push(id, &ev, drop ? RF_SLOT_PUSH_DROP : RF_SLOT_PUSH_WATCH)) {
                fprintf(stderr, "notifier_cost: rf_slot_push refused\n");
                return 1;
            }
            delivered += rf_ring_drain(ring, out, 4);
            continue;
        }
        uint32_t state = (uint32_t)(i % 20);
        if (rf_notifier((uintptr_t)id, 0, (rf_hrasconn)(uintptr_t)0x10001, RF_WM_RASDIALEVENT,
                        state, 0, 0) != 1) {
            fprintf(stderr, "notifier_cost: the shim refused a live slot\n");
            return 1;
        }
        delivered += rf_ring_drain(ring, out, 4);
    }
    rf_ring_stats stats;
    rf_ring_get_stats(ring, &stats);
    rf_slot_close(id);
    rf_ring_release(ring);
    if (delivered != (uint64_t)calls || stats.dropped_full) {
        fprintf(stderr, "notifier_cost: %llu of %ld records arrived\n",
                (unsigned long long)delivered, calls);
        return 1;
    }
    printf("%s: %ld calls, %llu records\n", argv[1], calls, (unsigned long long)delivered);
    return 0;
}
