/* Linux and macOS: threads, thread-exit callbacks, clock, mutex, memory,
 * event objects, and the absence of windows (parking is in park_futex.c or
 * park_condvar.c). */
#define _GNU_SOURCE
#include "platform.h"
#include "atomics.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

uint64_t rf_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void rf_sleep_ns(uint64_t ns)
{
    struct timespec ts;
    ts.tv_sec = (time_t)(ns / 1000000000u);
    ts.tv_nsec = (long)(ns % 1000000000u);
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
    }
}

void rf_yield(void) { sched_yield(); }

void rf_notify_fd(int fd)
{
    /* 8 bytes suit an eventfd and a pipe alike (a pipe reader drains all). */
    uint64_t one = 1;
    ssize_t r;
    do {
        r = write(fd, &one, sizeof one);
    } while (r == -1 && errno == EINTR);
}

void rf_close_fd(int fd) { close(fd); }

struct rf_thread {
    pthread_t tid;
    void (*fn)(void *);
    void *arg;
};

static void *thread_main(void *p)
{
    rf_thread *t = (rf_thread *)p;
    t->fn(t->arg);
    return NULL;
}

rf_thread *rf_thread_start(void (*fn)(void *), void *arg)
{
    rf_thread *t = (rf_thread *)malloc(sizeof *t);
    if (!t) return NULL;
    t->fn = fn;
    t->arg = arg;
    if (pthread_create(&t->tid, NULL, thread_main, t) != 0) {
        free(t);
        return NULL;
    }
    return t;
}

void rf_thread_join(rf_thread *t)
{
    if (!t) return;
    pthread_join(t->tid, NULL);
    free(t);
}

uint64_t rf_thread_self_id(void)
{
#if defined(__APPLE__)
    uint64_t id = 0;
    pthread_threadid_np(NULL, &id);
    return id;
#else
    return (uint64_t)syscall(SYS_gettid);
#endif
}

/* Thread exit: one key whose destructor runs when a thread that set it ends
 * (pthread_exit or return from its start function; not for the main thread
 * at exit(), nor for threads a process exit kills). */
static pthread_once_t g_exit_once = PTHREAD_ONCE_INIT;
static pthread_key_t g_exit_key;
static int g_exit_key_ok;
static void (*volatile g_exit_fn)(void *);

static void exit_destructor(void *arg)
{
    void (*fn)(void *) = g_exit_fn;
    if (fn && arg) fn(arg);
}

static void exit_key_create(void)
{
    g_exit_key_ok = pthread_key_create(&g_exit_key, exit_destructor) == 0;
}

int rf_on_thread_exit(void (*fn)(void *), void *arg)
{
    if (!fn || !arg) return 0;
    pthread_once(&g_exit_once, exit_key_create);
    if (!g_exit_key_ok) return 0;
    g_exit_fn = fn;
    return pthread_setspecific(g_exit_key, arg) == 0;
}

/* No windows here: a window notifier is refused (RasDialW answers 87). */
int rf_window_exists(void *hwnd)
{
    (void)hwnd;
    return 0;
}

int rf_window_post(void *hwnd, uint32_t msg, uintptr_t wparam, intptr_t lparam)
{
    (void)hwnd; (void)msg; (void)wparam; (void)lparam;
    return 0;
}

struct rf_mutex { pthread_mutex_t m; };
struct rf_cond { pthread_cond_t c; };

rf_mutex *rf_mutex_new(void)
{
    rf_mutex *m = (rf_mutex *)malloc(sizeof *m);
    if (m) pthread_mutex_init(&m->m, NULL);
    return m;
}
void rf_mutex_free(rf_mutex *m) { if (m) { pthread_mutex_destroy(&m->m); free(m); } }
void rf_mutex_lock(rf_mutex *m) { pthread_mutex_lock(&m->m); }
void rf_mutex_unlock(rf_mutex *m) { pthread_mutex_unlock(&m->m); }

rf_cond *rf_cond_new(void)
{
    rf_cond *c = (rf_cond *)malloc(sizeof *c);
    if (!c) return NULL;
#if defined(__APPLE__)
    pthread_cond_init(&c->c, NULL);
#else
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&c->c, &attr);
    pthread_condattr_destroy(&attr);
#endif
    return c;
}
void rf_cond_free(rf_cond *c) { if (c) { pthread_cond_destroy(&c->c); free(c); } }
void rf_cond_broadcast(rf_cond *c) { pthread_cond_broadcast(&c->c); }
void rf_cond_signal(rf_cond *c) { pthread_cond_signal(&c->c); }

void rf_cond_wait(rf_cond *c, rf_mutex *m, int64_t timeout_ns)
{
    if (timeout_ns < 0) {
        pthread_cond_wait(&c->c, &m->m);
        return;
    }
#if defined(__APPLE__)
    struct timespec rel;
    rel.tv_sec = (time_t)(timeout_ns / 1000000000);
    rel.tv_nsec = (long)(timeout_ns % 1000000000);
    pthread_cond_timedwait_relative_np(&c->c, &m->m, &rel);
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t ns = (uint64_t)ts.tv_nsec + (uint64_t)timeout_ns;
    ts.tv_sec += (time_t)(ns / 1000000000u);
    ts.tv_nsec = (long)(ns % 1000000000u);
    pthread_cond_timedwait(&c->c, &m->m, &ts);
#endif
}

void *rf_aligned_alloc(size_t alignment, size_t size)
{
    void *p = NULL;
    if (posix_memalign(&p, alignment, size) != 0) return NULL;
    return p;
}

void rf_aligned_free(void *p) { free(p); }

void rf_secure_wipe(void *p, size_t n)
{
    /* A volatile function pointer: the compiler cannot prove the call is
     * a plain memset of memory about to die, so it cannot drop it. */
    static void *(*const volatile wipe)(void *, int, size_t) = memset;
    if (p && n) wipe(p, 0, n);
}

/* An event object: one word, a bit per channel while it is signalled; the
 * waiter parks on the word.  A channel's handle is its record, which knows
 * the word and its bit. */
struct rf_signal;
typedef struct rf_signal_channel_rec {
    struct rf_signal *owner;
    uint32_t bit;
} rf_signal_channel_rec;
struct rf_signal {
    uint32_t word;
    rf_signal_channel_rec channels[RF_SIGNAL_CHANNELS];
};

rf_signal *rf_signal_new(void)
{
    rf_signal *s = (rf_signal *)calloc(1, sizeof(rf_signal));
    for (uint32_t i = 0; s && i < RF_SIGNAL_CHANNELS; i++) {
        s->channels[i].owner = s;
        s->channels[i].bit = 1u << i;
    }
    return s;
}
void rf_signal_free(rf_signal *s) { free(s); }
void *rf_signal_channel(rf_signal *s, uint32_t channel)
{
    return channel < RF_SIGNAL_CHANNELS ? &s->channels[channel] : NULL;
}

void rf_signal_set_handle(void *handle)
{
    rf_signal_channel_rec *c = (rf_signal_channel_rec *)handle;
    if (rf_fetch_or_u32(&c->owner->word, c->bit) == 0) rf_park_wake_all(&c->owner->word);
}

uint32_t rf_signal_wait(rf_signal *s, int64_t timeout_ns)
{
    uint64_t deadline = timeout_ns >= 0 ? rf_now_ns() + (uint64_t)timeout_ns : 0;
    for (;;) {
        uint32_t bits = rf_exchange_u32(&s->word, 0);
        if (bits) return bits;
        int64_t left = -1;
        if (timeout_ns >= 0) {
            uint64_t now = rf_now_ns();
            if (now >= deadline) return 0;
            left = (int64_t)(deadline - now);
        }
        rf_park_wait(&s->word, 0, left);
    }
}
