/* The few things that differ per operating system, behind one small API.
 *
 * Implementations: platform_posix.c (threads, clock, mutex, memory on Linux
 * and macOS), park_futex.c (Linux) or park_condvar.c (other POSIX) for
 * parking, and platform_win32.c (all of it on Windows).  The build script
 * picks the files; nothing else in csrc/ tests the platform. */
#ifndef RASFAST_PLATFORM_H
#define RASFAST_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

/* The calling convention of every RAS function and notifier: __stdcall on
 * 32-bit x86 Windows, the platform default everywhere else. */
#if defined(_WIN32) && !defined(_WIN64) && (defined(_M_IX86) || defined(__i386__))
#  define RF_WINAPI __stdcall
#else
#  define RF_WINAPI
#endif

/* Thread-local storage, per compiler (MSVC is tested first, as in atomics.h). */
#if defined(_MSC_VER)
#  define RF_THREAD_LOCAL __declspec(thread)
#elif defined(__GNUC__) || defined(__clang__)
#  define RF_THREAD_LOCAL __thread
#else
#  define RF_THREAD_LOCAL _Thread_local
#endif

#if defined(_WIN32)
#  define RF_HAS_RASAPI32 1
#  define RF_HAS_NOTIFY_FD 0
#else
#  define RF_HAS_RASAPI32 0
#  define RF_HAS_NOTIFY_FD 1
#endif

/* Monotonic clock in nanoseconds (CLOCK_MONOTONIC / QueryPerformanceCounter). */
uint64_t rf_now_ns(void);
void rf_sleep_ns(uint64_t ns);
void rf_yield(void);

/* Parking on a 32-bit word (futex, WaitOnAddress, or a condition variable).
 * rf_park_wait returns when *addr != expected, on a wake, on timeout, or
 * spuriously; callers re-check their condition.  timeout_ns < 0 = forever. */
void rf_park_wait(uint32_t *addr, uint32_t expected, int64_t timeout_ns);
void rf_park_wake_all(uint32_t *addr);
/* In a forked child (rf_slot_fork_child calls it): forget parking state the
 * parent's other threads may have held or waited on. */
void rf_park_fork_child(void);

/* Signal a file descriptor an asyncio loop watches (eventfd or pipe), and
 * close it once no producer can signal it any more. */
void rf_notify_fd(int fd);
void rf_close_fd(int fd);

/* Native threads (never Python threads). */
typedef struct rf_thread rf_thread;
rf_thread *rf_thread_start(void (*fn)(void *), void *arg);
void rf_thread_join(rf_thread *t);
/* The calling thread's OS id (gettid, pthread_threadid_np, GetCurrentThreadId):
 * the numbers Python's threading.get_native_id() gives. */
uint64_t rf_thread_self_id(void);

/* Thread exit: rf_on_thread_exit(fn, arg) has fn(arg) called when the
 * calling thread ends (a pthread key destructor; a fiber-local storage
 * callback on Windows), on the exiting thread, not at process exit.  fn must
 * be the same function on every call; a second call from one thread replaces
 * its arg.  arg must not be NULL.  0 when it cannot be registered. */
int rf_on_thread_exit(void (*fn)(void *), void *arg);

/* Window messages (the RasDialW notifier that is an HWND).  Where there are
 * no windows (POSIX) rf_window_exists answers 0 and nothing is posted.
 * rf_window_post returns 1 when the message was queued. */
int rf_window_exists(void *hwnd);
int rf_window_post(void *hwnd, uint32_t msg, uintptr_t wparam, intptr_t lparam);

/* A native mutex and condition variable, for native code only: the RAS
 * thread's notifier path never takes one. */
typedef struct rf_mutex rf_mutex;
rf_mutex *rf_mutex_new(void);
void rf_mutex_free(rf_mutex *m);
void rf_mutex_lock(rf_mutex *m);
void rf_mutex_unlock(rf_mutex *m);
typedef struct rf_cond rf_cond;
rf_cond *rf_cond_new(void);
void rf_cond_free(rf_cond *c);
/* Returns after a signal, a timeout (timeout_ns < 0 = forever) or spuriously. */
void rf_cond_wait(rf_cond *c, rf_mutex *m, int64_t timeout_ns);
void rf_cond_broadcast(rf_cond *c);
void rf_cond_signal(rf_cond *c);     /* wakes one waiter */

/* Event objects, what RasConnectionNotificationW signals: a signal has
 * RF_SIGNAL_CHANNELS channels, each with a handle of its own (on Windows an
 * auto-reset event, elsewhere a record the simulator hands back), so one
 * waiter learns which kinds of notification came.  rf_signal_set_handle
 * signals a channel by its handle (SetEvent); rf_signal_wait returns the
 * bits (1 << channel) of those signalled since the last wait, and resets
 * them, or 0 on timeout (timeout_ns < 0 = forever).  rf_signal_handle is
 * channel 0's handle. */
#define RF_SIGNAL_CHANNELS 2u
typedef struct rf_signal rf_signal;
rf_signal *rf_signal_new(void);
void rf_signal_free(rf_signal *s);
void *rf_signal_channel(rf_signal *s, uint32_t channel);
#define rf_signal_handle(s) rf_signal_channel((s), 0)
void rf_signal_set_handle(void *handle);
uint32_t rf_signal_wait(rf_signal *s, int64_t timeout_ns);

/* Cache-line aligned memory. */
void *rf_aligned_alloc(size_t alignment, size_t size);
void rf_aligned_free(void *p);

/* Overwrite memory in a way the compiler may not remove (for secrets). */
void rf_secure_wipe(void *p, size_t n);

#endif /* RASFAST_PLATFORM_H */
