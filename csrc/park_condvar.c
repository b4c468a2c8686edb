/* Parking where there is no futex (macOS, the BSDs): one process-wide
 * condition variable.  A waker takes the mutex only to broadcast, and only
 * when a consumer is parked, so the notifier's fast path never touches it. */
#include "platform.h"
#include "atomics.h"

#include <pthread.h>

static rf_mutex *park_mutex;
static rf_cond *park_cond;
static pthread_once_t park_once = PTHREAD_ONCE_INIT;

static void park_init(void)
{
    park_mutex = rf_mutex_new();
    park_cond = rf_cond_new();
}

void rf_park_wait(uint32_t *addr, uint32_t expected, int64_t timeout_ns)
{
    pthread_once(&park_once, park_init);
    rf_mutex_lock(park_mutex);
    if (rf_load_acquire_u32(addr) == expected) rf_cond_wait(park_cond, park_mutex, timeout_ns);
    rf_mutex_unlock(park_mutex);
}

void rf_park_fork_child(void)
{
    /* Another thread of the parent may have held the mutex at the fork, or
     * waited on the condition variable (a broadcast in the child then waits
     * for waiters that do not exist: the fork test of the asyncio hub hung
     * here).  Fresh ones; the old are leaked, a few bytes per fork. */
    if (park_mutex) {
        park_mutex = rf_mutex_new();
        park_cond = rf_cond_new();
    }
}

void rf_park_wake_all(uint32_t *addr)
{
    (void)addr;
    pthread_once(&park_once, park_init);
    rf_mutex_lock(park_mutex);
    rf_cond_broadcast(park_cond);
    rf_mutex_unlock(park_mutex);
}
