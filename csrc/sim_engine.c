/* The simulator's engine: start-up, its one lock and its settings, the
 * connection table, the timer heap and the RAS threads that serve it, each
 * dial's walk through its states with its notifier calls, hang-up and
 * release, reset, fork and shutdown.
 *
 * Model
 * -----
 * - A connection table of SIM_MAX_CONNS slots (calloc'd on first use).  An
 *   HRASCONN is ((generation << 16) | index): never NULL (generations start
 *   at 1), and a stale handle (slot recycled) fails the generation check and
 *   gets ERROR_INVALID_HANDLE.
 * - A small fixed pool of native "RAS threads" (SIM_THREADS, started on
 *   first use) serves one timer queue: a binary heap of (due time, slot,
 *   generation, token) items.  A dial is a chain of timer items, one per
 *   state; scheduling a new item bumps the slot's token, so cancelled items
 *   are recognised and dropped when they come due (lazy cancellation).
 * - One mutex (g.lock) guards everything; sim_locked() is the one way in.
 *   The notifier is never called with it held.  While a RAS thread calls a
 *   slot's notifier the slot is "busy"; nothing else schedules that slot
 *   until the call returns, so the notifications of one connection are
 *   never concurrent and keep order.
 * - Hang-up marks the slot hung up (state Disconnected), cancels its timer,
 *   waits for a notifier call in progress on another thread to return (not
 *   when called from inside a notifier: no deadlock), and schedules the port
 *   release after the release delay.  Until then RasGetConnectStatusW
 *   answers RASCS_Disconnected; afterwards the slot is recycled and the
 *   handle answers ERROR_INVALID_HANDLE.
 * - Notifiers of every type RasDialW takes (RasDialFunc, RasDialFunc1,
 *   RasDialFunc2, an HWND) are called the same way, from call_notifier; the
 *   dial is suspended while one runs (the slot is busy), whatever the type.
 * - The thread that called RasDialW for an asynchronous dial is watched
 *   (rf_on_thread_exit): Windows makes the notifications "in the context of"
 *   that thread, which must not end before the dial does.  If it ends first,
 *   the dial stops with SIM_ORPHAN_CODE (counted): one last notification
 *   with that error, as for any failing state, so a program that breaks the
 *   rule sees why its dial ended; Windows may simply never report again. */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"
#include "atomics.h"

#define SIM_THREADS 3u
#define SIM_DEFAULT_RELEASE_NS 20000000ull
#define SIM_RETRY_NS 50000ull

enum { ITEM_STEP = 0, ITEM_RELEASE = 1, ITEM_REFNOTE = 2, ITEM_ORPHAN = 3, ITEM_LIFE = 4 };

typedef struct sim_item {
    uint64_t due;
    uint64_t order;                /* FIFO among equal due times */
    uint32_t idx, gen, token, kind;
    sim_notifier n;                /* ITEM_REFNOTE only */
} sim_item;

static struct {
    rf_mutex *lock;
    rf_cond *work;                 /* RAS threads wait here */
    rf_cond *done;                 /* hang-up, resume, sync dials, reset */
    /* connections */
    sim_conn *conns;
    uint32_t *freeq;               /* FIFO of free slot indices */
    uint32_t freeq_head, freeq_count;
    uint32_t in_use;
    /* Bit i: conns[i] is not free.  Enumerations skip free slots 64 at a
     * time: the table has 65,536 and a watcher pass lists them all (a walk
     * of every slot took 11% of a 10,000-dial run's CPU). */
    uint64_t live[SIM_MAX_CONNS / 64];
    /* timer heap */
    sim_item *heap;
    uint32_t heap_n, heap_cap;
    uint64_t heap_order;
    /* threads */
    rf_thread *threads[SIM_THREADS];
    uint32_t nthreads;
    uint32_t stop;
    sim_settings settings;
    uint64_t orphaned;             /* dials stopped because their caller's thread ended */
} g;

static uint32_t g_init;            /* 0 none, 1 initialising, 2 ready */
static uint64_t g_rng;             /* counter for splitmix64 */
static rf_histogram g_hold;        /* notifier hold times */
static RF_THREAD_LOCAL sim_conn *tls_notifying;  /* slot whose notifier this thread runs */
static RF_THREAD_LOCAL uint64_t tls_caller;      /* this thread's serial, once watched */
static uint64_t g_caller_serials;                /* serials handed out (atomic) */

/* ------------------------------------------------------------------------
 * Start-up, the lock, settings, the hold histogram
 * ---------------------------------------------------------------------- */
void sim_hold_reset(void)
{
    /* Not rf_histogram_reset (a plain memset): RAS threads may be recording. */
    for (uint32_t i = 0; i < 512; i++) rf_store_release_u64(&g_hold.buckets[i], 0);
    rf_store_release_u64(&g_hold.count, 0);
    rf_store_release_u64(&g_hold.total_ns, 0);
    rf_store_release_u64(&g_hold.max_ns, 0);
    rf_store_release_u64(&g_hold.min_ns, UINT64_MAX);
}

void sim_hold_copy(rf_histogram *out)
{
    out->count = rf_load_u64(&g_hold.count);
    out->total_ns = rf_load_u64(&g_hold.total_ns);
    out->min_ns = rf_load_u64(&g_hold.min_ns);
    out->max_ns = rf_load_u64(&g_hold.max_ns);
    for (uint32_t i = 0; i < 512; i++) out->buckets[i] = rf_load_u64(&g_hold.buckets[i]);
}

void sim_settings_defaults(void)
{
    g.settings.time_scale = 1.0;
    g.settings.release_ns = SIM_DEFAULT_RELEASE_NS;
    g.settings.duplicates = 0;
}

sim_settings *sim_settings_locked(void)
{
    return &g.settings;
}

void sim_ready(void)
{
    if (rf_load_acquire_u32(&g_init) == 2) return;
    uint32_t expected = 0;
    if (rf_cas_u32(&g_init, &expected, 1)) {
        g.lock = rf_mutex_new();
        g.work = rf_cond_new();
        g.done = rf_cond_new();
        sim_settings_defaults();
        sim_hold_reset();
        sim_pb_restore();
        rf_store_release_u32(&g_init, 2);
        return;
    }
    while (rf_load_acquire_u32(&g_init) != 2) rf_yield();
}

uint32_t sim_locked(uint32_t (*body)(void *arg), void *arg)
{
    sim_ready();
    rf_mutex_lock(g.lock);
    uint32_t result = body(arg);
    rf_mutex_unlock(g.lock);
    return result;
}

int sim_in_notifier(void)
{
    return tls_notifying != NULL;
}

/* ------------------------------------------------------------------------
 * Delays and handles (lock held)
 * ---------------------------------------------------------------------- */
static uint64_t rng_next(void)
{
    uint64_t z = rf_fetch_add_u64(&g_rng, 0x9E3779B97F4A7C15ull) + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t scaled(uint64_t ns)
{
    double v = (double)ns * g.settings.time_scale;
    if (v <= 0.0) return 0;
    if (v > 1.8e19) return (uint64_t)1.8e19;
    return (uint64_t)v;
}

uint64_t sim_scaled(uint64_t ns)
{
    return scaled(ns);
}

/* Traffic runs faster as delays get shorter; time scale 0 (no delays)
 * counts as the fastest scale, 1/1000. */
double sim_speed(void)
{
    double s = g.settings.time_scale;
    return 1.0 / (s < 0.001 ? 0.001 : s);
}

uint64_t sim_step_delay(uint32_t profile)
{
    uint64_t lo = 0, hi = 0;
    sim_profile_delays(profile, &lo, &hi);
    if (hi == 0) return 0;
    return scaled(lo + rng_next() % (hi - lo + 1));
}

static uint32_t next_gen(uint32_t gen)
{
    uintptr_t mask = ((uintptr_t)-1) >> 16;   /* 16 bits on 32-bit targets */
    uint32_t m = (mask > 0xFFFFFFFFu) ? 0xFFFFFFFFu : (uint32_t)mask;
    gen = (gen + 1) & m;
    return gen ? gen : 1;
}

static uint32_t conn_index(const sim_conn *c)
{
    return (uint32_t)(c - g.conns);
}

rf_hrasconn sim_conn_handle(const sim_conn *c)
{
    return (rf_hrasconn)(((uintptr_t)c->gen << 16) | (uintptr_t)conn_index(c));
}

sim_conn *sim_conn_lookup(rf_hrasconn h)
{
    uintptr_t v = (uintptr_t)h;
    uintptr_t gen = v >> 16;
    if (!g.conns || gen == 0 || gen > 0xFFFFFFFFu) return NULL;
    sim_conn *c = &g.conns[v & 0xFFFFu];
    if (c->phase == SIM_FREE || c->gen != (uint32_t)gen) return NULL;
    return c;
}

sim_conn *sim_conn_next(const sim_conn *prev)
{
    if (!g.conns) return NULL;
    uint32_t i = prev ? conn_index(prev) + 1 : 0;
    while (i < SIM_MAX_CONNS) {
        uint64_t bits = g.live[i / 64] >> (i % 64);
        if (!bits) {
            i = (i | 63u) + 1;
            continue;
        }
        while (!(bits & 1)) {
            bits >>= 1;
            i++;
        }
        return &g.conns[i];
    }
    return NULL;
}

uint32_t sim_conns_in_use(void)
{
    return g.in_use;
}

/* ------------------------------------------------------------------------
 * Timer heap and RAS threads (lock held)
 * ---------------------------------------------------------------------- */
static int item_before(const sim_item *a, const sim_item *b)
{
    return a->due < b->due || (a->due == b->due && a->order < b->order);
}

static int heap_push(sim_item it)
{
    if (g.heap_n == g.heap_cap) {
        uint32_t cap = g.heap_cap ? g.heap_cap * 2 : 1024;
        sim_item *h = (sim_item *)realloc(g.heap, cap * sizeof *h);
        if (!h) return 0;
        g.heap = h;
        g.heap_cap = cap;
    }
    it.order = g.heap_order++;
    uint32_t i = g.heap_n++;
    while (i > 0) {
        uint32_t p = (i - 1) / 2;
        if (!item_before(&it, &g.heap[p])) break;
        g.heap[i] = g.heap[p];
        i = p;
    }
    g.heap[i] = it;
    /* A new earliest deadline: one RAS thread is enough to take it (the
     * others wait for the later ones); waking all three per item was most
     * of the service's context switches in a 10,000-dial run. */
    if (i == 0) rf_cond_signal(g.work);
    return 1;
}

static sim_item heap_pop(void)
{
    sim_item top = g.heap[0], last = g.heap[--g.heap_n];
    uint32_t i = 0, n = g.heap_n;
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, m = i;
        const sim_item *best = &last;
        if (l < n && item_before(&g.heap[l], best)) { m = l; best = &g.heap[l]; }
        if (r < n && item_before(&g.heap[r], best)) { m = r; }
        if (m == i) break;
        g.heap[i] = g.heap[m];
        i = m;
    }
    if (n) g.heap[i] = last;
    return top;
}

static int schedule(sim_conn *c, uint32_t kind, uint64_t delay)
{
    sim_item it;
    memset(&it, 0, sizeof it);
    c->token++;
    it.due = rf_now_ns() + delay;
    it.idx = conn_index(c);
    it.gen = c->gen;
    it.token = c->token;
    it.kind = kind;
    return heap_push(it);
}

static void worker_main(void *arg);

/* Start the RAS threads on first use.  0 if none could start. */
static int threads_ready(void)
{
    while (g.nthreads < SIM_THREADS) {
        rf_thread *t = rf_thread_start(worker_main, NULL);
        if (!t) break;
        g.threads[g.nthreads++] = t;
    }
    return g.nthreads > 0;
}

/* ------------------------------------------------------------------------
 * Connection life cycle (lock held)
 * ---------------------------------------------------------------------- */
/* Allocate the connection table on first use. */
static int conns_ready(void)
{
    if (g.conns) return 1;
    g.conns = (sim_conn *)calloc(SIM_MAX_CONNS, sizeof *g.conns);
    g.freeq = (uint32_t *)malloc(SIM_MAX_CONNS * sizeof *g.freeq);
    if (!g.conns || !g.freeq) {
        free(g.conns);
        free(g.freeq);
        g.conns = NULL;
        g.freeq = NULL;
        return 0;
    }
    for (uint32_t i = 0; i < SIM_MAX_CONNS; i++) {
        g.freeq[i] = i;
        g.conns[i].gen = 1;
    }
    g.freeq_head = 0;
    g.freeq_count = SIM_MAX_CONNS;
    return 1;
}

uint32_t sim_conn_open(sim_pbe *e, int async, sim_conn **out)
{
    if (!conns_ready()) return RF_ERROR_NOT_ENOUGH_MEMORY;
    if (async && !threads_ready()) return RF_ERROR_NOT_ENOUGH_MEMORY;
    if (!g.freeq_count) return RF_ERROR_PORT_NOT_AVAILABLE;
    uint32_t idx = g.freeq[g.freeq_head];
    g.freeq_head = (g.freeq_head + 1) % SIM_MAX_CONNS;
    g.freeq_count--;
    sim_conn *c = &g.conns[idx];
    uint32_t gen = c->gen;
    memset(c, 0, sizeof *c);
    c->gen = gen;
    c->e = e;
    sim_pbe_retain(e);
    c->phase = SIM_DIALING;
    c->state = RF_RASCS_OpenPort;
    c->refs = 1;
    /* A random (version 4) GUID per connection, for RASCONNW. */
    uint64_t r0 = rng_next(), r1 = rng_next();
    c->correlation.Data1 = (uint32_t)r0;
    c->correlation.Data2 = (uint16_t)(r0 >> 32);
    c->correlation.Data3 = (uint16_t)(((r0 >> 48) & 0x0FFFu) | 0x4000u);
    for (uint32_t i = 0; i < 8; i++) c->correlation.Data4[i] = (uint8_t)(r1 >> (8 * i));
    c->correlation.Data4[0] = (uint8_t)((c->correlation.Data4[0] & 0x3Fu) | 0x80u);
    g.in_use++;
    g.live[idx / 64] |= (uint64_t)1 << (idx % 64);
    *out = c;
    return 0;
}

static void leave_active(sim_conn *c)
{
    if (c->e && c->e->active == c) c->e->active = NULL;
}

void sim_leave_active(sim_conn *c)
{
    leave_active(c);
}

static void conn_free(sim_conn *c)
{
    uint32_t idx = conn_index(c);
    leave_active(c);
    sim_link_forget(c);
    sim_pbe_release(c->e);
    c->e = NULL;
    c->phase = SIM_FREE;
    memset(&c->notifier, 0, sizeof c->notifier);
    c->gen = next_gen(c->gen);
    c->token++;
    g.freeq[(g.freeq_head + g.freeq_count) % SIM_MAX_CONNS] = idx;
    g.freeq_count++;
    g.in_use--;
    g.live[idx / 64] &= ~((uint64_t)1 << (idx % 64));
    rf_cond_broadcast(g.done);
}

void sim_conn_fail(sim_conn *c, uint32_t error)
{
    c->phase = SIM_FAILED;
    c->error = error;
    leave_active(c);
}

/* Mark hung up; the caller schedules or performs the release. */
static void hangup_mark(sim_conn *c)
{
    sim_link_hangup(c);
    leave_active(c);
    c->phase = SIM_HUNGUP;
    c->state = RF_RASCS_Disconnected;
    c->error = 0;
    c->sub = 0;
    c->refs = 0;
    c->token++;                    /* cancels a pending step */
    rf_cond_broadcast(g.done);
}

void sim_conn_wait_idle(sim_conn *c, rf_hrasconn h)
{
    while (c->busy && sim_conn_lookup(h) == c) rf_cond_wait(g.done, g.lock, -1);
}

void sim_conn_hangup(sim_conn *c, rf_hrasconn h)
{
    hangup_mark(c);
    if (threads_ready() && schedule(c, ITEM_RELEASE, scaled(g.settings.release_ns))) {
        /* A notifier call in progress on another RAS thread finishes before
         * we return; from inside a notifier we cannot wait (it may be our
         * own). */
        if (!tls_notifying) sim_conn_wait_idle(c, h);
        return;
    }
    /* No timer: release now (once no notifier call is in progress). */
    if (!tls_notifying) sim_conn_wait_idle(c, h);
    if (sim_conn_lookup(h) == c && !c->busy) conn_free(c);
}

static uint32_t pause_error(uint32_t state)
{
    if (state == RF_RASCS_PasswordExpired) return RF_ERROR_PASSWD_EXPIRED;
    if (state == RF_RASCS_RetryAuthentication) return RF_ERROR_AUTHENTICATION_FAILURE;
    return RF_ERROR_INTERACTIVE_MODE;
}

/* One notification in the notifier's own signature.  Only RasDialFunc2
 * can answer 0 ("stop"); a window gets WM_RASDIALEVENT posted with the state
 * in wParam and the error in lParam. */
static uint32_t notify(const sim_notifier *n, rf_hrasconn h, uint32_t sub, uint32_t state,
                       uint32_t err)
{
    switch (n->type) {
    case RF_RAS_NOTIFIER_RASDIALFUNC:
        ((RF_RASDIALFUNC)n->fn)(RF_WM_RASDIALEVENT, state, err);
        return 1;
    case RF_RAS_NOTIFIER_RASDIALFUNC1:
        ((RF_RASDIALFUNC1)n->fn)(h, RF_WM_RASDIALEVENT, state, err, 0);
        return 1;
    case RF_RAS_NOTIFIER_HWND:
        (void)rf_window_post(n->fn, RF_WM_RASDIALEVENT, state, (intptr_t)err);
        return 1;
    default:
        return ((RF_RASDIALFUNC2)n->fn)(n->callback_id, sub, h, RF_WM_RASDIALEVENT, state,
                                        err, 0);
    }
}

/* The one place the lock is dropped inside a locked section: around the
 * notifier, whose call time goes into the hold histogram (every type). */
static uint32_t call_notifier(sim_conn *c, const sim_notifier *n, uint32_t sub,
                              uint32_t state, uint32_t err)
{
    rf_hrasconn h = sim_conn_handle(c);
    sim_notifier copy = *n;        /* *n may change once the lock is dropped */
    rf_mutex_unlock(g.lock);
    tls_notifying = c;
    uint64_t t0 = rf_now_ns();
    uint32_t r = notify(&copy, h, sub, state, err);
    uint64_t t1 = rf_now_ns();
    tls_notifying = NULL;
    rf_histogram_record(&g_hold, t1 - t0);
    rf_mutex_lock(g.lock);
    return r;
}

/* The error a step ends the dial with, or 0. */
static uint32_t step_error(const sim_conn *c, sim_step s)
{
    if (s.kind == SIM_STEP_FAIL) return c->e->pub.error;
    if (c->auth_bad && s.state == RF_RASCS_Authenticate) return RF_ERROR_AUTHENTICATION_FAILURE;
    if (s.kind == SIM_STEP_PAUSE && (!(c->options & RF_RDEOPT_PausedStates) || c->sync))
        return pause_error(s.state);
    return 0;
}

/* Run the slot's next step: state change, then its notifications (the
 * lock is dropped around each notifier call).  Returns 1 when another step
 * follows (c->step advanced, *delay set), 0 when the walk stopped (end
 * state, failure, pause, hang-up). */
static int run_step(sim_conn *c, uint64_t *delay)
{
    sim_step s = c->e->steps[c->step];
    uint32_t err = step_error(c, s);
    int more = 0;

    c->state = s.state;
    c->sub = s.sub;
    c->error = 0;
    if (s.state == RF_RASCS_DeviceConnected) c->tunnel_up = 1;
    if (err) {
        sim_conn_fail(c, err);
    } else if (s.kind == SIM_STEP_PAUSE) {
        c->phase = SIM_PAUSED;
        c->step++;
    } else if (s.state == RF_RASCS_Connected) {
        c->phase = SIM_CONNECTED;
        sim_link_connected(c);
    } else {
        more = 1;
    }

    if (c->notifier.fn && c->notify_on) {
        /* A failing step notifies twice: the state, then the state with the error. */
        uint32_t notes = err ? 2 : 1;
        c->busy = 1;
        for (uint32_t k = 0; k < notes; k++) {
            if (c->phase == SIM_HUNGUP || !c->notify_on) break;
            if (call_notifier(c, &c->notifier, s.sub, s.state, k ? err : 0) == 0)
                c->notify_on = 0;   /* "stop": the dial goes on silently */
        }
        c->busy = 0;
        rf_cond_broadcast(g.done);
    }
    if (more && c->phase == SIM_DIALING) {
        c->step++;
        *delay = sim_step_delay(c->e->pub.profile);
        return 1;
    }
    return 0;
}

int sim_life_schedule(sim_conn *c, uint64_t delay)
{
    return threads_ready() && schedule(c, ITEM_LIFE, delay);
}

int sim_walk_start(sim_conn *c, uint64_t delay)
{
    return threads_ready() && schedule(c, ITEM_STEP, delay);
}

int sim_note_reference(sim_conn *c, sim_notifier n)
{
    sim_item it;
    memset(&it, 0, sizeof it);
    it.due = rf_now_ns();
    it.idx = conn_index(c);
    it.gen = c->gen;
    it.kind = ITEM_REFNOTE;
    it.n = n;
    return threads_ready() && heap_push(it);
}

/* ------------------------------------------------------------------------
 * The caller's thread (see the top): serials, exit, orphaned dials
 * ---------------------------------------------------------------------- */
static void caller_exited(void *arg)
{
    uint64_t serial = (uint64_t)(uintptr_t)arg;
    if (rf_load_acquire_u32(&g_init) != 2) return;   /* shut down meanwhile */
    rf_mutex_lock(g.lock);
    sim_caller_exited_locked(serial);
    rf_mutex_unlock(g.lock);
}

uint64_t sim_caller_serial(void)
{
    if (tls_caller) return tls_caller;
    /* Serials fit a pointer (the exit callback's argument); 2^32 threads
     * on a 32-bit target wrap to 1 again, which at worst confuses a thread
     * with one long gone. */
    uintptr_t serial = (uintptr_t)(rf_fetch_add_u64(&g_caller_serials, 1) + 1);
    if (!serial) serial = 1;
    if (!rf_on_thread_exit(caller_exited, (void *)serial)) return 0;
    tls_caller = serial;
    return serial;
}

void sim_caller_exited_locked(uint64_t serial)
{
    if (serial == tls_caller) tls_caller = 0;   /* (the exiting thread's own) */
    for (sim_conn *c = sim_conn_next(NULL); c; c = sim_conn_next(c)) {
        if (c->caller != serial) continue;
        c->caller = 0;
        if (c->phase != SIM_DIALING && c->phase != SIM_PAUSED) continue;
        g.orphaned++;
        sim_conn_fail(c, SIM_ORPHAN_CODE);
        c->token++;                /* cancels a pending step */
        /* The last notification, on a RAS thread (after a call in progress). */
        if (c->notifier.fn && c->notify_on && threads_ready()) schedule(c, ITEM_ORPHAN, 0);
    }
}

uint64_t sim_orphaned_count(void)
{
    return g.orphaned;
}

uint32_t sim_walk_sync(sim_conn *c)
{
    uint32_t gen = c->gen;
    uint64_t delay = 0;
    for (;;) {
        uint64_t due = rf_now_ns() + delay;
        for (;;) {
            if (c->gen != gen || c->phase != SIM_DIALING) break;
            uint64_t now = rf_now_ns();
            if (now >= due) break;
            rf_cond_wait(g.done, g.lock, (int64_t)(due - now));
        }
        if (c->gen != gen || c->phase != SIM_DIALING) break;
        if (!run_step(c, &delay)) break;
    }
    if (c->gen != gen || c->phase == SIM_HUNGUP || c->phase == SIM_FREE)
        return RF_ERROR_USER_DISCONNECTION;
    if (c->phase == SIM_FAILED) return c->error;
    return 0;
}

/* A RAS thread runs a due item. */
static void run_item(const sim_item *it)
{
    sim_conn *c = &g.conns[it->idx];
    uint64_t delay = 0;
    if (c->phase == SIM_FREE || c->gen != it->gen) return;
    switch (it->kind) {
    case ITEM_STEP:
        if (c->token != it->token || c->phase != SIM_DIALING) return;
        if (run_step(c, &delay)) schedule(c, ITEM_STEP, delay);
        break;
    case ITEM_RELEASE:
        if (c->token != it->token || c->phase != SIM_HUNGUP) return;
        if (c->busy) {                 /* hung up from inside its notifier */
            schedule(c, ITEM_RELEASE, SIM_RETRY_NS);
            return;
        }
        conn_free(c);
        break;
    case ITEM_REFNOTE:
        if (c->phase != SIM_CONNECTED) return;
        if (c->busy) {
            sim_item again = *it;
            again.due = rf_now_ns() + SIM_RETRY_NS;
            heap_push(again);
            return;
        }
        c->busy = 1;
        (void)call_notifier(c, &it->n, 0, RF_RASCS_Connected, 0);
        c->busy = 0;
        rf_cond_broadcast(g.done);
        break;
    case ITEM_LIFE:
        if (c->token != it->token || c->phase != SIM_CONNECTED) return;
        delay = sim_link_tick(c);
        if (delay) schedule(c, ITEM_LIFE, delay);
        break;
    case ITEM_ORPHAN:
        if (c->token != it->token || c->phase != SIM_FAILED || !c->notify_on) return;
        if (c->busy) {
            schedule(c, ITEM_ORPHAN, SIM_RETRY_NS);
            return;
        }
        c->busy = 1;
        (void)call_notifier(c, &c->notifier, c->sub, c->state, c->error);
        c->notify_on = 0;          /* that was the last one */
        c->busy = 0;
        rf_cond_broadcast(g.done);
        break;
    }
}

static void worker_main(void *arg)
{
    (void)arg;
    rf_mutex_lock(g.lock);
    while (!g.stop) {
        if (g.heap_n == 0) {
            rf_cond_wait(g.work, g.lock, -1);
            continue;
        }
        uint64_t now = rf_now_ns();
        if (g.heap[0].due > now) {
            rf_cond_wait(g.work, g.lock, (int64_t)(g.heap[0].due - now));
            continue;
        }
        sim_item it = heap_pop();
        /* More due: pass the wake on (heap_push woke one thread only), so
         * a slow notifier in run_item does not hold up the other dials. */
        if (g.heap_n) rf_cond_signal(g.work);
        run_item(&it);
    }
    rf_mutex_unlock(g.lock);
}

void sim_conns_reset(void)
{
    g.orphaned = 0;
    if (g.conns) {
        for (uint32_t i = 0; i < SIM_MAX_CONNS; i++) {
            sim_conn *c = &g.conns[i];
            if (c->phase != SIM_FREE && c->phase != SIM_HUNGUP) hangup_mark(c);
        }
        /* Wait for notifier calls in progress (except our own, when reset
         * is called from inside a notifier). */
        for (;;) {
            int busy = 0;
            for (uint32_t i = 0; i < SIM_MAX_CONNS && !busy; i++)
                busy = g.conns[i].busy && &g.conns[i] != tls_notifying;
            if (!busy) break;
            rf_cond_wait(g.done, g.lock, -1);
        }
        for (uint32_t i = 0; i < SIM_MAX_CONNS; i++) {
            sim_conn *c = &g.conns[i];
            if (c->phase != SIM_FREE && !c->busy) conn_free(c);
        }
    }
    g.heap_n = 0;                  /* every item is stale now */
    if (tls_notifying && tls_notifying->phase == SIM_HUNGUP && g.nthreads)
        schedule(tls_notifying, ITEM_RELEASE, 0);   /* our own slot, still busy */
}

/* ------------------------------------------------------------------------
 * os.fork() and shutdown
 * ---------------------------------------------------------------------- */
/* rasfast/dialing.py calls these around every fork.  The lock is held across
 * the fork so the child copies consistent tables; the child has none of the
 * RAS threads, so its service starts empty (the parent's connections stay
 * the parent's) and starts threads of its own on first use. */
void rf_sim_fork_prepare(void)
{
    /* Ready first: a child that inherited another thread's first use half
     * made (g_init 1) would wait for it forever, and one made between a
     * check here and the fork would leave the lock unheld. */
    sim_ready();
    rf_mutex_lock(g.lock);
}

void rf_sim_fork_parent(void)
{
    rf_mutex_unlock(g.lock);
}

void rf_sim_fork_child(void)
{
    /* The parent's waiters do not exist here: fresh condition variables
     * (the old ones are leaked, a few bytes per fork). */
    g.work = rf_cond_new();
    g.done = rf_cond_new();
    g.nthreads = 0;
    g.heap_n = 0;
    for (uint32_t i = 0; g.conns && i < SIM_MAX_CONNS; i++) {
        if (g.conns[i].phase == SIM_FREE) continue;
        g.conns[i].busy = 0;
        conn_free(&g.conns[i]);
    }
    /* Nor its watcher, whose event the registrations name. */
    sim_link_reset();
    rf_mutex_unlock(g.lock);
}

static uint32_t stop_threads(void *threads)
{
    rf_thread **out = (rf_thread **)threads;
    g.stop = 1;
    rf_cond_broadcast(g.work);
    uint32_t n = g.nthreads;
    for (uint32_t i = 0; i < n; i++) out[i] = g.threads[i];
    g.nthreads = 0;
    return n;
}

static uint32_t free_all(void *unused)
{
    (void)unused;
    sim_pb_free();
    free(g.conns);
    free(g.freeq);
    free(g.heap);
    g.conns = NULL;
    g.freeq = NULL;
    g.heap = NULL;
    g.heap_n = g.heap_cap = 0;
    g.in_use = 0;
    memset(g.live, 0, sizeof g.live);
    g.stop = 0;
    return 0;
}

void rf_sim__shutdown(void)
{
    if (rf_load_acquire_u32(&g_init) != 2) return;
    rf_sim_reset();
    rf_thread *threads[SIM_THREADS];
    uint32_t n = sim_locked(stop_threads, threads);
    for (uint32_t i = 0; i < n; i++) rf_thread_join(threads[i]);
    sim_locked(free_all, NULL);
    sim_link_reset();
    rf_cond_free(g.work);
    rf_cond_free(g.done);
    rf_mutex_free(g.lock);
    g.lock = NULL;
    rf_store_release_u32(&g_init, 0);
}
