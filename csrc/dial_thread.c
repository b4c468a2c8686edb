/* The dial thread: one native thread per process, kept alive for the
 * process's life, on which every RasDialW of rasfast runs (new dials and
 * resumes), so that "the thread that made the RasDial call" outlives every
 * dial as Microsoft's RAS page "Asynchronous Operation" requires, whichever
 * Python thread dialled and however soon that thread exits.
 *
 * Hand-off
 * --------
 * A caller puts a job (on its own stack) on a lock-free stack of pending
 * jobs, wakes the thread only if it is parked, and waits for the job's done
 * flag: a short spin and yields first (RasDialW of an async dial takes
 * microseconds), then parked on one of a few static doorbell words.  The
 * dial thread takes the whole stack at once, runs the jobs oldest first,
 * and for each sets done as its last access to the job (the caller may
 * return at once and its stack be gone), then rings the job's doorbell,
 * with a system call only when a caller is parked there.  Static doorbells rather than a word in the
 * job: a wake never targets memory that may already be freed.
 *
 * The thread never runs Python, takes no lock, allocates nothing: all it
 * does of its own is atomics and, to wake a parked caller, one system call.
 * What RasDialW itself does (RPC to the RAS service on Windows, the
 * simulator's lock here) is RAS's business, as it was on the caller's thread.
 *
 * os.fork(): the child has no dial thread; rf_dial_thread_fork_child forgets
 * it (and any jobs of the parent's other threads, which do not exist in the
 * child), and the child's first dial starts a thread of its own. */
#include "dial_thread.h"
#include "rf_dial.h"
#include "platform.h"
#include "atomics.h"

#include <stddef.h>

/* A caller's request; lives on the caller's stack until done != 0. */
typedef struct dial_job {
    struct dial_job *next;
    rf_dial_thread_fn fn;
    void *arg;
    uint32_t result;
    uint32_t done;
    uint32_t bell;
} dial_job;

#define BELLS 16u
/* Callers wait SPIN_PAUSES pauses, then yield the processor for up to
 * SPIN_NS, before they park: RasDialW of an async dial returns within
 * microseconds, and a parked caller costs a second wake-up.  Yielding, not
 * spinning: on a small busy machine the dial thread may be waiting for the
 * caller's own core (a pure spin there added ~50 us per dial).  The thread
 * itself never spins: that would take the core the RAS threads need. */
#define SPIN_NS 50000u
#define SPIN_PAUSES 32u

/* One cache line per doorbell: callers parked on different bells do not
 * share a line with each other or with the queue. */
typedef struct doorbell {
    uint32_t seq;          /* bumped after each done; callers park on it */
    uint32_t waiters;      /* callers parked (or about to park) here */
    char pad[56];
} doorbell;

enum { STOPPED = 0, STARTING = 1, RUNNING = 2 };

static struct {
    uint64_t head;         /* (uintptr_t) of the newest pending job, 0 = none */
    uint32_t parked;       /* 1 while the thread parks waiting for head */
    uint32_t state;        /* STOPPED, STARTING, RUNNING */
    rf_thread *thread;
    uint64_t thread_id;
    uint64_t calls;
    uint64_t starts;
} g;
static doorbell g_bells[BELLS];

static dial_job *job_at(uint64_t v) { return (dial_job *)(uintptr_t)v; }

/* Take every pending job (newest first) and leave the stack empty. */
static dial_job *take_all(void)
{
    uint64_t seen = rf_load_acquire_u64(&g.head);
    while (seen && !rf_cas_u64(&g.head, &seen, 0)) {
    }
    return job_at(seen);
}

static void finish(dial_job *j, uint32_t result)
{
    doorbell *b = &g_bells[j->bell];
    j->result = result;
    rf_exchange_u32(&j->done, 1);          /* last access to *j */
    rf_fetch_add_u32(&b->seq, 1);
    if (rf_load_seq_cst_u32(&b->waiters)) rf_park_wake_all(&b->seq);
}

static void run_batch(dial_job *newest_first)
{
    dial_job *oldest_first = NULL;
    while (newest_first) {
        dial_job *next = newest_first->next;
        newest_first->next = oldest_first;
        oldest_first = newest_first;
        newest_first = next;
    }
    while (oldest_first) {
        dial_job *j = oldest_first;
        oldest_first = j->next;            /* read before finish() frees *j */
        uint32_t result = j->fn(j->arg);
        rf_store_release_u64(&g.calls, rf_load_u64(&g.calls) + 1);   /* one writer */
        finish(j, result);
    }
}

static void dial_thread_main(void *unused)
{
    (void)unused;
    rf_store_release_u64(&g.thread_id, rf_thread_self_id());
    for (;;) {
        dial_job *jobs = take_all();
        if (jobs) {
            run_batch(jobs);
            continue;
        }
        /* Announce the park, then look again: a caller that pushed before
         * seeing parked == 1 is seen here (both sides are seq_cst). */
        rf_exchange_u32(&g.parked, 1);
        rf_fence_seq_cst();
        if (!rf_load_acquire_u64(&g.head)) rf_park_wait(&g.parked, 1, -1);
        rf_store_release_u32(&g.parked, 0);
    }
}

/* 1 when the thread runs (started now if need be), 0 when it cannot start. */
static int ensure_running(void)
{
    for (;;) {
        uint32_t state = rf_load_acquire_u32(&g.state);
        if (state == RUNNING) return 1;
        if (state == STARTING) {
            rf_yield();
            continue;
        }
        uint32_t expected = STOPPED;
        if (!rf_cas_u32(&g.state, &expected, STARTING)) continue;
        rf_thread *t = rf_thread_start(dial_thread_main, NULL);
        if (!t) {
            rf_store_release_u32(&g.state, STOPPED);
            return 0;
        }
        g.thread = t;          /* never joined: it lives as long as the process */
        rf_store_release_u64(&g.starts, rf_load_u64(&g.starts) + 1);
        rf_store_release_u32(&g.state, RUNNING);
        return 1;
    }
}

static void push(dial_job *j)
{
    uint64_t seen = rf_load_u64(&g.head);
    do {
        j->next = job_at(seen);
    } while (!rf_cas_u64(&g.head, &seen, (uint64_t)(uintptr_t)j));
    if (rf_load_seq_cst_u32(&g.parked) && rf_exchange_u32(&g.parked, 0))
        rf_park_wake_all(&g.parked);
}

static void wait_done(dial_job *j)
{
    /* A few pauses, then yields: on a busy machine the woken dial thread
     * may be queued behind this very caller on its core. */
    for (uint32_t i = 0; i < SPIN_PAUSES; i++) {
        if (rf_load_acquire_u32(&j->done)) return;
        rf_cpu_relax();
    }
    uint64_t spin_until = rf_now_ns() + SPIN_NS;
    for (;;) {
        if (rf_load_acquire_u32(&j->done)) return;
        if (rf_now_ns() >= spin_until) break;
        rf_yield();
    }
    doorbell *b = &g_bells[j->bell];
    rf_fetch_add_u32(&b->waiters, 1);
    for (;;) {
        uint32_t seq = rf_load_seq_cst_u32(&b->seq);
        if (rf_load_seq_cst_u32(&j->done)) break;
        rf_park_wait(&b->seq, seq, -1);
    }
    rf_fetch_add_u32(&b->waiters, (uint32_t)-1);
}

uint32_t rf_dial_thread_run(rf_dial_thread_fn fn, void *arg)
{
    if (!ensure_running()) return RF_ERROR_NOT_ENOUGH_MEMORY;
    dial_job j;
    j.next = NULL;
    j.fn = fn;
    j.arg = arg;
    j.result = 0;
    j.done = 0;
    /* Stack addresses differ per thread (by multiples of the stack size:
     * a multiplicative hash spreads them): concurrent callers spread over
     * the doorbells. */
    j.bell = (uint32_t)(((uint64_t)(uintptr_t)&j * 0x9E3779B97F4A7C15ull) >> 60) % BELLS;
    push(&j);
    wait_done(&j);
    return j.result;
}

void *rf_dial_thread_runner(void) { return (void *)&rf_dial_thread_run; }

void rf_dial_thread_get_info(rf_dial_thread_info *out)
{
    out->running = rf_load_acquire_u32(&g.state) == RUNNING;
    out->parked = rf_load_acquire_u32(&g.parked);
    out->thread_id = rf_load_acquire_u64(&g.thread_id);
    out->calls = rf_load_acquire_u64(&g.calls);
    out->starts = rf_load_acquire_u64(&g.starts);
}

void rf_dial_thread_fork_child(void)
{
    /* Only the forking thread exists here, and it is not in
     * rf_dial_thread_run (it is forking).  The parent's rf_thread record
     * is leaked: a few bytes per fork. */
    g.head = 0;
    g.parked = 0;
    g.thread = NULL;
    g.thread_id = 0;
    g.calls = 0;
    g.starts = 0;
    for (uint32_t i = 0; i < BELLS; i++) g_bells[i].seq = g_bells[i].waiters = 0;
    rf_store_release_u32(&g.state, STOPPED);
}
