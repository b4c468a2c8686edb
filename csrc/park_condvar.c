/* Parking where there is no futex (macOS, the BSDs): one process-wide
 * condition variable.  A waker takes the mutex only to broadcast, and only
 * when a consumer is parked, so the notifier's fast path never touches it. */
#include "platform.h"
#include "atomics.h"

#include <pthread.h>
#include <time.h>

static pthread_mutex_t park_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t park_cond = PTHREAD_COND_INITIALIZER;

void rf_park_wait(uint32_t *addr, uint32_t expected, int64_t timeout_ns)
{
    pthread_mutex_lock(&park_mutex);
    if (rf_load_acquire_u32(addr) == expected) {
        if (timeout_ns < 0) {
            pthread_cond_wait(&park_cond, &park_mutex);
        } else {
#if defined(__APPLE__)
            struct timespec rel;
            rel.tv_sec = (time_t)(timeout_ns / 1000000000);
            rel.tv_nsec = (long)(timeout_ns % 1000000000);
            pthread_cond_timedwait_relative_np(&park_cond, &park_mutex, &rel);
#else
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            uint64_t ns = (uint64_t)ts.tv_nsec + (uint64_t)timeout_ns;
            ts.tv_sec += (time_t)(ns / 1000000000u);
            ts.tv_nsec = (long)(ns % 1000000000u);
            pthread_cond_timedwait(&park_cond, &park_mutex, &ts);
#endif
        }
    }
    pthread_mutex_unlock(&park_mutex);
}

void rf_park_wake_all(uint32_t *addr)
{
    (void)addr;
    pthread_mutex_lock(&park_mutex);
    pthread_cond_broadcast(&park_cond);
    pthread_mutex_unlock(&park_mutex);
}
