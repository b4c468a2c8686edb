/* Windows: threads, QueryPerformanceCounter, WaitOnAddress parking,
 * SRW locks and condition variables, aligned memory. */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <malloc.h>
#include <stdlib.h>

#include "platform.h"

static uint64_t qpc_frequency(void)
{
    static volatile LONG64 cached;   /* benign race: every thread computes the same */
    LONG64 f = cached;
    if (!f) {
        LARGE_INTEGER li;
        QueryPerformanceFrequency(&li);
        f = li.QuadPart;
        cached = f;
    }
    return (uint64_t)f;
}

uint64_t rf_now_ns(void)
{
    LARGE_INTEGER li;
    QueryPerformanceCounter(&li);
    uint64_t ticks = (uint64_t)li.QuadPart, freq = qpc_frequency();
    /* Split to avoid overflow of ticks * 1e9. */
    return (ticks / freq) * 1000000000u + (ticks % freq) * 1000000000u / freq;
}

void rf_sleep_ns(uint64_t ns)
{
    DWORD ms = (DWORD)((ns + 999999u) / 1000000u);
    Sleep(ms);
}

void rf_yield(void) { SwitchToThread(); }

void rf_park_wait(uint32_t *addr, uint32_t expected, int64_t timeout_ns)
{
    DWORD ms = INFINITE;
    if (timeout_ns >= 0) {
        uint64_t m = ((uint64_t)timeout_ns + 999999u) / 1000000u;
        ms = m >= INFINITE ? INFINITE - 1 : (DWORD)m;
    }
    WaitOnAddress((volatile VOID *)addr, &expected, sizeof expected, ms);
}

void rf_park_wake_all(uint32_t *addr) { WakeByAddressAll((PVOID)addr); }

/* asyncio on Windows waits on a thread instead: there is no notify fd. */
void rf_notify_fd(int fd) { (void)fd; }
void rf_close_fd(int fd) { (void)fd; }

struct rf_thread {
    HANDLE handle;
    void (*fn)(void *);
    void *arg;
};

static DWORD WINAPI thread_main(LPVOID p)
{
    rf_thread *t = (rf_thread *)p;
    t->fn(t->arg);
    return 0;
}

rf_thread *rf_thread_start(void (*fn)(void *), void *arg)
{
    rf_thread *t = (rf_thread *)malloc(sizeof *t);
    if (!t) return NULL;
    t->fn = fn;
    t->arg = arg;
    t->handle = CreateThread(NULL, 0, thread_main, t, 0, NULL);
    if (!t->handle) {
        free(t);
        return NULL;
    }
    return t;
}

void rf_thread_join(rf_thread *t)
{
    if (!t) return;
    WaitForSingleObject(t->handle, INFINITE);
    CloseHandle(t->handle);
    free(t);
}

uint64_t rf_thread_self_id(void) { return GetCurrentThreadId(); }

struct rf_mutex { SRWLOCK lock; };
struct rf_cond { CONDITION_VARIABLE cv; };

rf_mutex *rf_mutex_new(void)
{
    rf_mutex *m = (rf_mutex *)malloc(sizeof *m);
    if (m) InitializeSRWLock(&m->lock);
    return m;
}
void rf_mutex_free(rf_mutex *m) { free(m); }
void rf_mutex_lock(rf_mutex *m) { AcquireSRWLockExclusive(&m->lock); }
void rf_mutex_unlock(rf_mutex *m) { ReleaseSRWLockExclusive(&m->lock); }

rf_cond *rf_cond_new(void)
{
    rf_cond *c = (rf_cond *)malloc(sizeof *c);
    if (c) InitializeConditionVariable(&c->cv);
    return c;
}
void rf_cond_free(rf_cond *c) { free(c); }
void rf_cond_broadcast(rf_cond *c) { WakeAllConditionVariable(&c->cv); }

void rf_cond_wait(rf_cond *c, rf_mutex *m, int64_t timeout_ns)
{
    DWORD ms = INFINITE;
    if (timeout_ns >= 0) {
        uint64_t v = ((uint64_t)timeout_ns + 999999u) / 1000000u;
        ms = v >= INFINITE ? INFINITE - 1 : (DWORD)v;
    }
    SleepConditionVariableSRW(&c->cv, &m->lock, ms, 0);
}

void *rf_aligned_alloc(size_t alignment, size_t size) { return _aligned_malloc(size, alignment); }
void rf_aligned_free(void *p) { _aligned_free(p); }

void rf_secure_wipe(void *p, size_t n)
{
    if (p && n) SecureZeroMemory(p, n);
}
