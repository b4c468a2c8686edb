/* Windows: threads, thread-exit callbacks (fiber-local storage), window
 * messages, QueryPerformanceCounter, WaitOnAddress parking, SRW locks and
 * condition variables, event objects, aligned memory. */
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
void rf_park_fork_child(void) {}   /* no fork on Windows */

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

/* Thread exit: a fiber-local storage slot whose callback Windows calls
 * when a thread that set it ends.  It is also called while the process
 * shuts down, after the other threads were killed (possibly holding locks
 * fn would take): then fn is not called (RtlDllShutdownInProgress). */
static INIT_ONCE g_exit_once = INIT_ONCE_STATIC_INIT;
static DWORD g_exit_slot = FLS_OUT_OF_INDEXES;
static void (*volatile g_exit_fn)(void *);
static BOOLEAN (NTAPI *g_shutdown_in_progress)(void);

static int process_shutting_down(void)
{
    return g_shutdown_in_progress && g_shutdown_in_progress();
}

static VOID WINAPI fls_exit(PVOID arg)
{
    void (*fn)(void *) = g_exit_fn;
    if (fn && arg && !process_shutting_down()) fn(arg);
}

static BOOL CALLBACK exit_slot_create(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    (void)once; (void)param; (void)ctx;
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    FARPROC f = ntdll ? GetProcAddress(ntdll, "RtlDllShutdownInProgress") : NULL;
    g_shutdown_in_progress = (BOOLEAN (NTAPI *)(void))(void (*)(void))f;
    g_exit_slot = FlsAlloc(fls_exit);
    return TRUE;
}

int rf_on_thread_exit(void (*fn)(void *), void *arg)
{
    if (!fn || !arg) return 0;
    InitOnceExecuteOnce(&g_exit_once, exit_slot_create, NULL, NULL);
    if (g_exit_slot == FLS_OUT_OF_INDEXES) return 0;
    g_exit_fn = fn;
    return FlsSetValue(g_exit_slot, arg) != 0;
}

/* Window messages.  user32 is loaded on first use, not linked: a process
 * that never passes a window notifier never loads it (and the sim DLL and
 * the extension need no extra import). */
static INIT_ONCE g_user32_once = INIT_ONCE_STATIC_INIT;
static BOOL (WINAPI *g_is_window)(HWND);
static BOOL (WINAPI *g_post_message)(HWND, UINT, WPARAM, LPARAM);

static BOOL CALLBACK user32_load(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    (void)once; (void)param; (void)ctx;
    HMODULE user32 = LoadLibraryW(L"user32.dll");
    if (user32) {
        g_is_window = (BOOL (WINAPI *)(HWND))(void (*)(void))GetProcAddress(user32, "IsWindow");
        g_post_message = (BOOL (WINAPI *)(HWND, UINT, WPARAM, LPARAM))(void (*)(void))
            GetProcAddress(user32, "PostMessageW");
    }
    return TRUE;
}

int rf_window_exists(void *hwnd)
{
    InitOnceExecuteOnce(&g_user32_once, user32_load, NULL, NULL);
    return hwnd && g_is_window && g_post_message && g_is_window((HWND)hwnd);
}

int rf_window_post(void *hwnd, uint32_t msg, uintptr_t wparam, intptr_t lparam)
{
    InitOnceExecuteOnce(&g_user32_once, user32_load, NULL, NULL);
    return g_post_message && g_post_message((HWND)hwnd, msg, (WPARAM)wparam, (LPARAM)lparam);
}

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
void rf_cond_signal(rf_cond *c) { WakeConditionVariable(&c->cv); }

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

/* An event object: an auto-reset event per channel, the HANDLEs RAS
 * signals. */
struct rf_signal { HANDLE events[RF_SIGNAL_CHANNELS]; };

void rf_signal_free(rf_signal *s)
{
    if (!s) return;
    for (uint32_t i = 0; i < RF_SIGNAL_CHANNELS; i++)
        if (s->events[i]) CloseHandle(s->events[i]);
    free(s);
}

rf_signal *rf_signal_new(void)
{
    rf_signal *s = (rf_signal *)calloc(1, sizeof *s);
    if (!s) return NULL;
    for (uint32_t i = 0; i < RF_SIGNAL_CHANNELS; i++) {
        s->events[i] = CreateEventW(NULL, FALSE, FALSE, NULL);
        if (!s->events[i]) {
            rf_signal_free(s);
            return NULL;
        }
    }
    return s;
}

void *rf_signal_channel(rf_signal *s, uint32_t channel)
{
    return channel < RF_SIGNAL_CHANNELS ? s->events[channel] : NULL;
}
void rf_signal_set_handle(void *handle) { SetEvent((HANDLE)handle); }

uint32_t rf_signal_wait(rf_signal *s, int64_t timeout_ns)
{
    DWORD ms = timeout_ns < 0 ? INFINITE : (DWORD)(((uint64_t)timeout_ns + 999999u) / 1000000u);
    DWORD rc = WaitForMultipleObjects(RF_SIGNAL_CHANNELS, s->events, FALSE, ms);
    if (rc >= WAIT_OBJECT_0 + RF_SIGNAL_CHANNELS) return 0;
    /* The first signalled one is reset; the others that are set too are
     * taken now (auto-reset: a wait of 0 resets it). */
    uint32_t bits = 1u << (rc - WAIT_OBJECT_0);
    for (uint32_t i = 0; i < RF_SIGNAL_CHANNELS; i++)
        if (!(bits & (1u << i)) && WaitForSingleObject(s->events[i], 0) == WAIT_OBJECT_0)
            bits |= 1u << i;
    return bits;
}
