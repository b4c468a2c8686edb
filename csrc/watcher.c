/* The connection watcher: one native thread that learns of connections
 * coming and going from RasConnectionNotificationW's event, works out what
 * changed by enumerating, and pushes records into the rings (rf_watch.h).
 *
 * It never runs Python and never takes a lock: subscriptions and tracked
 * dials are read from atomics (the subscriber table here, the dial slots'
 * watch word in shim.c), and records go through rf_slot_push, which guards
 * a slot exactly as the notifier does.  Its push path allocates nothing;
 * its snapshots and the enumeration buffer grow (realloc) between pushes,
 * when RAS lists more connections than before.
 *
 * Each pass: register again (DotRas issue 105: a registration may fire only
 * once on Windows 11; again is harmless), enumerate, sort by handle, and
 * compare with the last pass:
 * - a handle first seen CONNECTED: a CONNECTED record; its links are probed
 *   (RasGetLinkStatistics per subentry: up, down (606), or none (87));
 * - a multilink connection whose links changed: SUBENTRY_CONNECTED or
 *   SUBENTRY_DISCONNECTED with the subentry;
 * - a handle gone: DISCONNECTED, the reason from RasGetConnectStatusW
 *   (RASCS_Disconnected's dwError; 0 when it answers ERROR_INVALID_HANDLE);
 * - a tracked dial (CONNECTED in its slot) whose handle is gone: its drop
 *   into the dial's slot, then RasHangUpW on the handle.
 * A pass also runs RF_WATCH_POLL_NS after the last one without a signal;
 * a signal of new connections alone, with nobody subscribed, waits for it. */
#include "rf_watch.h"
#include "rf_dial.h"
#include "rf_slots.h"
#include "ras_abi.h"
#include "atomics.h"
#include "platform.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SUBS 64u
#define MAX_PROBED_LINKS 8u
#define NAME_CACHE 4096u
#define NAME_WORDS ((RF_RAS_MaxEntryName + 2) / 2)

const uint32_t RF_WATCH_MAX_SUBSCRIBERS = MAX_SUBS;
const int64_t RF_WATCH_POLL_NS = 500000000;

enum { SEEN = 1, MULTI = 2 };
/* The watcher's signal: new connections on one channel; disconnections,
 * bandwidth changes and rasfast's own requests (start, subscribe, poke) on
 * the other, which always brings a pass. */
enum { CHANNEL_CONNECT = 0, CHANNEL_NOW = 1 };
#define SUB_NEW (1ull << 63)

typedef struct wconn {
    uint64_t hconn;
    uint64_t dial_id;              /* a tracked dial of this handle, or 0 */
    uint32_t flags;                /* SEEN, MULTI */
    uint32_t links;                /* bit k: subentry k + 1 is up */
    uint32_t probed;               /* subentries found */
    uint32_t name_slot;
    uint32_t listed_at;            /* its index in this pass's enumeration */
} wconn;

typedef struct tracked {
    uint64_t id;
    uint64_t hconn;
} tracked;

/* A recent connection's entry name, for rf_watch_entry_name: written by the
 * watcher only, read by anyone (a sequence lock over relaxed atomics). */
typedef struct name_rec {
    uint32_t seq;                  /* odd while being written */
    uint32_t pad;
    uint64_t hconn;
    uint32_t words[NAME_WORDS];    /* the UTF-16 name, two units a word */
} name_rec;

#define NBACKENDS 2u                 /* RF_BACKEND_SIM, RF_BACKEND_RASAPI32 */

typedef struct watcher {
    uint32_t state;                /* 0 stopped, 1 starting, 2 running */
    uint32_t backend;
    uint32_t stop;
    rf_thread *thread;
    rf_signal *signal;
    uint64_t subs[MAX_SUBS];       /* callback ids; | SUB_NEW until told of the
                                    * connections already up */
    /* the thread's own */
    const rf_provider *p;
    RF_RASCONNW *enum_buf;
    uint32_t enum_cap;
    wconn *prev, *cur;
    uint32_t prev_n, cur_n, snap_cap;
    tracked *tracked;
    uint32_t tracked_n, tracked_cap;
    uint64_t *hang;
    uint32_t hang_n;
    uint32_t name_next;
    /* stats */
    uint64_t wakeups, signals, deferred, enumerations, events, undelivered, drops, hangups,
        last_pass_ns;
    name_rec names[NAME_CACHE];
} watcher;

static watcher g_watchers[NBACKENDS];

/* The watcher of a backend, or NULL for an unknown one. */
static watcher *of(uint32_t backend)
{
    return backend < NBACKENDS ? &g_watchers[backend] : NULL;
}

/* ------------------------------------------------------------------------
 * Names
 * ---------------------------------------------------------------------- */
static uint32_t name_put(watcher *w, uint64_t hconn, const rf_wchar *name)
{
    uint32_t slot = w->name_next++ % NAME_CACHE;
    name_rec *r = &w->names[slot];
    uint32_t seq = rf_load_u32(&r->seq);
    rf_store_release_u32(&r->seq, seq + 1);
    rf_fence_seq_cst();
    rf_store_release_u64(&r->hconn, hconn);
    for (uint32_t i = 0; i < NAME_WORDS; i++) {
        uint32_t lo = 2 * i < RF_RAS_MaxEntryName + 1 ? name[2 * i] : 0;
        uint32_t hi = 2 * i + 1 < RF_RAS_MaxEntryName + 1 ? name[2 * i + 1] : 0;
        rf_store_u32(&r->words[i], lo | (hi << 16));
    }
    rf_store_release_u32(&r->seq, seq + 2);
    return slot;
}

/* One watcher's name cache: 1 and buf filled when it has hconn. */
static int name_get(watcher *w, uint64_t hconn, uint16_t *buf, uint32_t cch)
{
    for (uint32_t k = 0; k < NAME_CACHE; k++) {
        name_rec *r = &w->names[k];
        for (int tries = 0; tries < 100; tries++) {
            uint32_t seq = rf_load_acquire_u32(&r->seq);
            if (seq & 1) { rf_yield(); continue; }
            if (rf_load_acquire_u64(&r->hconn) != hconn || seq == 0) break;
            uint32_t words[NAME_WORDS];
            for (uint32_t i = 0; i < NAME_WORDS; i++) words[i] = rf_load_u32(&r->words[i]);
            rf_fence_seq_cst();
            if (rf_load_acquire_u32(&r->seq) != seq) continue;
            uint32_t n = 0;
            for (uint32_t i = 0; i < NAME_WORDS && n + 1 < cch; i++) {
                uint16_t lo = (uint16_t)words[i], hi = (uint16_t)(words[i] >> 16);
                if (!lo) break;
                buf[n++] = lo;
                if (!hi || n + 1 >= cch) break;
                buf[n++] = hi;
            }
            buf[n] = 0;
            return 1;
        }
    }
    return 0;
}

int rf_watch_entry_name(uint32_t backend, uint64_t hconn, uint16_t *buf, uint32_t cch)
{
    watcher *w = of(backend);
    if (!w || !buf || cch == 0) return 0;
    return name_get(w, hconn, buf, cch);
}

/* ------------------------------------------------------------------------
 * Subscriptions and tracked dials (any thread)
 * ---------------------------------------------------------------------- */
int rf_watch_subscribe(uint32_t backend, uint64_t callback_id)
{
    watcher *w = of(backend);
    if (!w || !callback_id) return 0;
    for (uint32_t i = 0; i < MAX_SUBS; i++) {
        uint64_t expected = 0;
        if (rf_cas_u64(&w->subs[i], &expected, callback_id | SUB_NEW)) {
            rf_watch_poke(backend);
            return 1;
        }
    }
    return 0;
}

int rf_watch_unsubscribe(uint32_t backend, uint64_t callback_id)
{
    watcher *w = of(backend);
    for (uint32_t i = 0; w && i < MAX_SUBS && callback_id; i++) {
        /* The watcher may clear SUB_NEW at any moment: retry the entry for as
         * long as it names this id, with or without the flag (two fixed
         * compare-exchanges could both miss it). */
        uint64_t seen = rf_load_acquire_u64(&w->subs[i]);
        while ((seen & ~SUB_NEW) == callback_id) {
            if (rf_cas_u64(&w->subs[i], &seen, 0)) return 1;
        }
    }
    return 0;
}

int rf_watch_track(uint32_t backend, uint64_t callback_id)
{
    watcher *w = of(backend);
    if (!w || rf_load_acquire_u32(&w->state) != 2) return 0;
    return rf_slot_watch(callback_id, 1 + backend) == 0;
}

int rf_watch_untrack(uint64_t callback_id)
{
    return rf_slot_watch(callback_id, 0) == RF_SLOT_WATCH_DROPPED;
}

void rf_watch_poke(uint32_t backend)
{
    watcher *w = of(backend);
    if (w && rf_load_acquire_u32(&w->state) == 2)
        rf_signal_set_handle(rf_signal_channel(w->signal, CHANNEL_NOW));
}

void rf_watch_get_stats(uint32_t backend, rf_watch_stats *out)
{
    watcher *w = of(backend);
    if (!out) return;
    memset(out, 0, sizeof *out);
    if (!w) return;
    out->running = rf_load_acquire_u32(&w->state) == 2;
    out->backend = backend;
    out->wakeups = rf_load_u64(&w->wakeups);
    out->signals = rf_load_u64(&w->signals);
    out->deferred = rf_load_u64(&w->deferred);
    out->enumerations = rf_load_u64(&w->enumerations);
    out->events = rf_load_u64(&w->events);
    out->undelivered = rf_load_u64(&w->undelivered);
    out->drops = rf_load_u64(&w->drops);
    out->hangups = rf_load_u64(&w->hangups);
    out->last_pass_ns = rf_load_u64(&w->last_pass_ns);
}

static void count(uint64_t *counter, uint64_t n)
{
    rf_store_release_u64(counter, rf_load_u64(counter) + n);   /* one writer: the thread */
}

/* ------------------------------------------------------------------------
 * One pass (the watcher thread only)
 * ---------------------------------------------------------------------- */
static int by_hconn(const void *a, const void *b)
{
    uint64_t x = ((const wconn *)a)->hconn, y = ((const wconn *)b)->hconn;
    return x < y ? -1 : x > y;
}

static wconn *find(wconn *v, uint32_t n, uint64_t h)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (v[mid].hconn < h) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && v[lo].hconn == h ? &v[lo] : NULL;
}

/* RasEnumConnectionsW into w->enum_buf (grown on 603): the count, or -1. */
static int64_t enumerate(watcher *w)
{
    for (int attempt = 0; attempt < 8; attempt++) {
        if (!w->enum_buf) {
            uint32_t cap = w->enum_cap ? w->enum_cap : 64;
            w->enum_buf = (RF_RASCONNW *)calloc(cap, sizeof *w->enum_buf);
            if (!w->enum_buf) return -1;
            w->enum_cap = cap;
        }
        uint32_t cb = (uint32_t)(w->enum_cap * sizeof *w->enum_buf), n = 0;
        w->enum_buf[0].dwSize = (uint32_t)sizeof *w->enum_buf;
        uint32_t rc = w->p->RasEnumConnectionsW(w->enum_buf, &cb, &n);
        if (rc == 0) return n;
        if (rc != RF_ERROR_BUFFER_TOO_SMALL) return -1;
        free(w->enum_buf);
        w->enum_buf = NULL;
        uint32_t need = (uint32_t)(cb / sizeof *w->enum_buf) + 16;
        w->enum_cap = need > w->enum_cap * 2 ? need : w->enum_cap * 2;
    }
    return -1;
}

static int snapshots_fit(watcher *w, uint32_t n)
{
    if (n <= w->snap_cap) return 1;
    uint32_t cap = n > w->snap_cap * 2 ? n : w->snap_cap * 2;
    wconn *a = (wconn *)realloc(w->prev, cap * sizeof *a);
    if (!a) return 0;
    w->prev = a;
    wconn *b = (wconn *)realloc(w->cur, cap * sizeof *b);
    if (!b) return 0;
    w->cur = b;
    w->snap_cap = cap;
    return 1;
}

static int tracked_by_hconn(const void *a, const void *b)
{
    uint64_t x = ((const tracked *)a)->hconn, y = ((const tracked *)b)->hconn;
    return x < y ? -1 : x > y;
}

static void collect_tracked(watcher *w)
{
    w->tracked_n = 0;
    uint64_t id, h;
    uint32_t mine = 1 + w->backend;
    for (uint32_t next = rf_slot_next_tracked(0, mine, &id, &h); next;
         next = rf_slot_next_tracked(next, mine, &id, &h)) {
        if (w->tracked_n == w->tracked_cap) {
            /* w->hang holds up to tracked_cap handles: it grows first, and
             * the capacity moves only once both have grown (out of memory,
             * this pass sees fewer dials, sorted still). */
            uint32_t cap = w->tracked_cap ? w->tracked_cap * 2 : 256;
            uint64_t *hang = (uint64_t *)realloc(w->hang, cap * sizeof *hang);
            if (!hang) break;
            w->hang = hang;
            tracked *t = (tracked *)realloc(w->tracked, cap * sizeof *t);
            if (!t) break;
            w->tracked = t;
            w->tracked_cap = cap;
        }
        w->tracked[w->tracked_n].id = id;
        w->tracked[w->tracked_n].hconn = h;
        w->tracked_n++;
    }
    if (w->tracked_n > 1) qsort(w->tracked, w->tracked_n, sizeof *w->tracked, tracked_by_hconn);
}

static void make_record(rf_event *ev, uint64_t h, uint32_t sub, uint32_t state, uint32_t error,
                        uint32_t flags)
{
    memset(ev, 0, sizeof *ev);
    ev->timestamp_ns = rf_now_ns();
    ev->hconn = h;
    ev->subentry = sub;
    ev->message = RF_WM_RASDIALEVENT;
    ev->state = state;
    ev->error = error;
    ev->flags = flags;
}

static uint32_t backend_flag(const watcher *w)
{
    return w->backend == RF_BACKEND_RASAPI32 ? RF_EVENT_FLAG_RASAPI32 : 0;
}

/* To every subscription; the record's callback_id is then the
 * subscription's, extended_error carries a tracked dial's slot index + 1
 * (0: not a dial of this process). */
static void publish(watcher *w, uint64_t h, uint64_t dial_id, uint32_t sub, uint32_t state, uint32_t error,
                    uint32_t flags)
{
    rf_event ev;
    make_record(&ev, h, sub, state, error, RF_EVENT_FLAG_WATCH | flags | backend_flag(w));
    ev.extended_error = dial_id ? (uint32_t)(dial_id & 0xFFFFu) + 1 : 0;
    for (uint32_t i = 0; i < MAX_SUBS; i++) {
        uint64_t id = rf_load_acquire_u64(&w->subs[i]);
        if (!id || (id & SUB_NEW)) continue;   /* a new one: caught up next pass */
        count(&w->events, 1);
        if (!rf_slot_push(id, &ev, RF_SLOT_PUSH_WATCH)) count(&w->undelivered, 1);
    }
}

/* A new subscription first hears of the connections already up (those the
 * last pass had seen): CONNECTED, and each link that is up. */
static void catch_up(watcher *w)
{
    for (uint32_t i = 0; i < MAX_SUBS; i++) {
        uint64_t entry = rf_load_acquire_u64(&w->subs[i]);
        if (!(entry & SUB_NEW)) continue;
        uint64_t id = entry & ~SUB_NEW;
        /* From now on it hears everything (unless it was closed meanwhile). */
        if (!rf_cas_u64(&w->subs[i], &entry, id)) continue;
        for (uint32_t k = 0; k < w->prev_n; k++) {
            const wconn *c = &w->prev[k];
            if (!(c->flags & SEEN)) continue;
            rf_event ev;
            make_record(&ev, c->hconn, 0, RF_RASCS_Connected, 0,
                        RF_EVENT_FLAG_WATCH | backend_flag(w));
            ev.extended_error = c->dial_id ? (uint32_t)(c->dial_id & 0xFFFFu) + 1 : 0;
            count(&w->events, 1);
            if (!rf_slot_push(id, &ev, RF_SLOT_PUSH_WATCH)) count(&w->undelivered, 1);
        }
    }
}

/* Whether a connection is gone, and the reason it ended with: RASCS_
 * Disconnected's dwError, or 0 when RAS answers ERROR_INVALID_HANDLE. */
static int gone(watcher *w, uint64_t h, uint32_t *why)
{
    RF_RASCONNSTATUSW st;
    memset(&st, 0, sizeof st);
    st.dwSize = (uint32_t)sizeof st;
    uint32_t rc = w->p->RasGetConnectStatusW((rf_hrasconn)(uintptr_t)h, &st);
    *why = 0;
    if (rc) return rc == RF_ERROR_INVALID_HANDLE;
    if (st.rasconnstate != RF_RASCS_Disconnected) return 0;
    *why = st.dwError;
    return 1;
}

static uint32_t reason(watcher *w, uint64_t h)
{
    uint32_t why;
    (void)gone(w, h, &why);
    return why;
}

static int connected_now(watcher *w, uint64_t h)
{
    RF_RASCONNSTATUSW st;
    memset(&st, 0, sizeof st);
    st.dwSize = (uint32_t)sizeof st;
    return w->p->RasGetConnectStatusW((rf_hrasconn)(uintptr_t)h, &st) == 0 &&
           st.rasconnstate == RF_RASCS_Connected && st.dwError == 0;
}

/* Which subentries are up: bit k for subentry k + 1; *n gets how many exist. */
static uint32_t probe_links(watcher *w, uint64_t h, uint32_t *n)
{
    uint32_t mask = 0, k;
    if (!w->p->RasGetLinkStatistics) {
        *n = 1;
        return 1;
    }
    for (k = 0; k < MAX_PROBED_LINKS; k++) {
        RF_RAS_STATS st;
        memset(&st, 0, sizeof st);
        st.dwSize = (uint32_t)sizeof st;
        uint32_t rc = w->p->RasGetLinkStatistics((rf_hrasconn)(uintptr_t)h, k + 1, &st);
        if (rc == 0) mask |= 1u << k;
        else if (rc != RF_ERROR_PORT_NOT_CONNECTED) break;
    }
    *n = k;
    return mask;
}

/* A tracked dial of handle h (w->tracked is sorted by handle), or 0. */
static uint64_t dial_of(watcher *w, uint64_t h)
{
    uint32_t lo = 0, hi = w->tracked_n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (w->tracked[mid].hconn < h) lo = mid + 1;
        else hi = mid;
    }
    return lo < w->tracked_n && w->tracked[lo].hconn == h ? w->tracked[lo].id : 0;
}

/* w->hang is sorted by handle (it follows w->tracked's order). */
static int find_hang(watcher *w, uint64_t h)
{
    uint32_t lo = 0, hi = w->hang_n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (w->hang[mid] < h) lo = mid + 1;
        else hi = mid;
    }
    return lo < w->hang_n && w->hang[lo] == h;
}

static void pass(watcher *w)
{
    uint64_t t0 = rf_now_ns();
    const uint32_t per_conn = RF_RASCN_Disconnection | RF_RASCN_BandwidthAdded |
                              RF_RASCN_BandwidthRemoved;
    void *event = rf_signal_channel(w->signal, CHANNEL_NOW);
    if (w->p->RasConnectionNotificationW) {
        (void)w->p->RasConnectionNotificationW(RF_HRASCONN_ALL,
                                              rf_signal_channel(w->signal, CHANNEL_CONNECT),
                                              RF_RASCN_Connection);
        (void)w->p->RasConnectionNotificationW(RF_HRASCONN_ALL, event, RF_RASCN_Disconnection);
    }
    /* The tracked dials first: one connected by now was connected before
     * the enumeration, so it is listed unless it is gone. */
    collect_tracked(w);
    int64_t n = enumerate(w);
    if (n < 0 || !snapshots_fit(w, (uint32_t)n + 1)) return;
    count(&w->enumerations, 1);
    catch_up(w);

    w->cur_n = 0;
    for (int64_t i = 0; i < n; i++) {
        wconn *c = &w->cur[w->cur_n++];
        memset(c, 0, sizeof *c);
        c->hconn = (uint64_t)(uintptr_t)w->enum_buf[i].hrasconn;
        c->listed_at = (uint32_t)i;
    }
    qsort(w->cur, w->cur_n, sizeof *w->cur, by_hconn);
    for (uint32_t i = 0; i < w->cur_n; i++) {
        wconn *c = &w->cur[i];
        const wconn *p = find(w->prev, w->prev_n, c->hconn);
        if (p) {
            uint64_t h = c->hconn;
            uint32_t at = c->listed_at;
            *c = *p;
            c->hconn = h;
            c->listed_at = at;
        } else {
            /* Its name, from its line of the enumeration (a search of the
             * whole enumeration per new connection was quadratic: 15% of a
             * 10,000-dial run's CPU). */
            c->name_slot = name_put(w, c->hconn, w->enum_buf[c->listed_at].szEntryName);
            if (w->p->RasConnectionNotificationW)
                (void)w->p->RasConnectionNotificationW((rf_hrasconn)(uintptr_t)c->hconn, event,
                                                      per_conn);
        }
        c->dial_id = dial_of(w, c->hconn);
        if (!(c->flags & SEEN)) {
            if (!connected_now(w, c->hconn)) continue;
            c->flags |= SEEN;
            c->links = probe_links(w, c->hconn, &c->probed);
            if (c->probed >= 2) c->flags |= MULTI;
            publish(w, c->hconn, c->dial_id, 0, RF_RASCS_Connected, 0, 0);
        } else if (c->flags & MULTI) {
            uint32_t probed;
            uint32_t links = probe_links(w, c->hconn, &probed);
            if (probed < c->probed) continue;   /* gone meanwhile: the next pass says so */
            for (uint32_t k = 0; k < c->probed; k++) {
                uint32_t bit = 1u << k;
                if ((links & bit) == (c->links & bit)) continue;
                publish(w, c->hconn, c->dial_id, k + 1,
                        (links & bit) ? RF_RASCS_SubEntryConnected : RF_RASCS_SubEntryDisconnected,
                        0, 0);
            }
            c->links = links;
        }
    }

    /* Tracked dials whose handle is gone: their drop, then RasHangUpW. */
    w->hang_n = 0;
    for (uint32_t i = 0; i < w->tracked_n; i++) {
        const tracked *t = &w->tracked[i];
        uint32_t why;
        if (!t->hconn || find(w->cur, w->cur_n, t->hconn) || !gone(w, t->hconn, &why)) continue;
        rf_event ev;
        make_record(&ev, t->hconn, 0, RF_RASCS_Disconnected, why, RF_EVENT_FLAG_REMOTE);
        if (!rf_slot_push(t->id, &ev, RF_SLOT_PUSH_DROP)) continue;
        count(&w->drops, 1);
        int dup = 0;
        /* Sorted by handle: a referenced connection's dials are neighbours. */
        for (uint32_t k = w->hang_n; k > 0 && !dup; k--) dup = w->hang[k - 1] == t->hconn;
        if (!dup && w->hang) w->hang[w->hang_n++] = t->hconn;
    }

    /* Connections gone since the last pass. */
    for (uint32_t i = 0; i < w->prev_n; i++) {
        const wconn *p = &w->prev[i];
        if (!(p->flags & SEEN) || find(w->cur, w->cur_n, p->hconn)) continue;
        int dropped = find_hang(w, p->hconn);
        publish(w, p->hconn, p->dial_id, 0, RF_RASCS_Disconnected, reason(w, p->hconn),
                dropped ? RF_EVENT_FLAG_REMOTE : 0);
    }
    for (uint32_t k = 0; k < w->hang_n; k++) {
        (void)w->p->RasHangUpW((rf_hrasconn)(uintptr_t)w->hang[k]);
        count(&w->hangups, 1);
    }

    wconn *swap = w->prev;
    w->prev = w->cur;
    w->cur = swap;
    w->prev_n = w->cur_n;
    rf_store_release_u64(&w->last_pass_ns, rf_now_ns() - t0);
}

/* A pass costs O(n log n) in the connections listed, and every connection
 * that comes up signals one: with thousands dialling at once the watcher
 * took half a core from the RAS threads and the dialler (2 cores, 10,000
 * dials).  So after a pass it rests PASS_REST_RATIO times as long as the
 * pass took (signals meanwhile fold into one pass), at most PASS_REST_MAX_NS;
 * a pass of less than a third of PASS_REST_MIN_NS (up to a few thousand
 * connections) does not rest at all.  Windows' Sleep rounds a rest up to
 * its timer tick (1-16 ms), so no rest is shorter than a millisecond. */
#define PASS_REST_RATIO 3u
#define PASS_REST_MIN_NS 1000000u
#define PASS_REST_MAX_NS 10000000u

static int has_subscribers(watcher *w)
{
    for (uint32_t i = 0; i < MAX_SUBS; i++)
        if (rf_load_acquire_u64(&w->subs[i])) return 1;
    return 0;
}

static void watcher_main(void *arg)
{
    watcher *w = (watcher *)arg;
    uint64_t last_pass = rf_now_ns();
    while (!rf_load_acquire_u32(&w->stop)) {
        uint64_t since = rf_now_ns() - last_pass;
        int64_t until_poll = since < (uint64_t)RF_WATCH_POLL_NS
                             ? RF_WATCH_POLL_NS - (int64_t)since : 0;
        uint32_t bits = rf_signal_wait(w->signal, until_poll);
        if (rf_load_acquire_u32(&w->stop)) break;
        count(&w->wakeups, 1);
        if (bits) count(&w->signals, 1);
        /* Only new connections, and nobody subscribed to hear of them: the
         * tracked dials' CONNECTED came from their notifier, and their
         * drops signal the other channel, so this waits for the next pass
         * (at most RF_WATCH_POLL_NS away).  A burst of 10,000 dials paid a
         * fifth of its time for passes nobody needed. */
        if (bits == (1u << CHANNEL_CONNECT) && !has_subscribers(w) &&
            rf_now_ns() - last_pass < (uint64_t)RF_WATCH_POLL_NS) {
            count(&w->deferred, 1);
            continue;
        }
        uint64_t t0 = rf_now_ns();
        last_pass = t0;
        pass(w);
        uint64_t rest = (rf_now_ns() - t0) * PASS_REST_RATIO;
        if (rest > PASS_REST_MAX_NS) rest = PASS_REST_MAX_NS;
        if (rest >= PASS_REST_MIN_NS) rf_sleep_ns(rest);
    }
}

/* ------------------------------------------------------------------------
 * Start, stop, fork
 * ---------------------------------------------------------------------- */
uint32_t rf_watch_start(uint32_t backend)
{
    uint32_t rc = rf_backend_check(backend);
    watcher *w = of(backend);
    if (rc) return rc;
    if (!w) return RF_ERROR_INVALID_PARAMETER;
    for (;;) {
        uint32_t state = rf_load_acquire_u32(&w->state);
        if (state == 2) return 0;
        uint32_t expected = 0;
        if (state == 0 && rf_cas_u32(&w->state, &expected, 1)) break;
        rf_yield();
    }
    w->p = (const rf_provider *)rf_provider_table(backend);
    w->backend = backend;
    /* The event outlives a stop: the provider keeps its registrations. */
    if (!w->signal) w->signal = rf_signal_new();
    rf_store_release_u32(&w->stop, 0);
    w->thread = w->signal ? rf_thread_start(watcher_main, w) : NULL;
    if (!w->thread) {
        rf_store_release_u32(&w->state, 0);
        return RF_ERROR_NOT_ENOUGH_MEMORY;
    }
    rf_store_release_u32(&w->state, 2);
    rf_signal_set_handle(rf_signal_channel(w->signal, CHANNEL_NOW));   /* a first pass now */
    return 0;
}

static void free_memory(watcher *w)
{
    free(w->enum_buf);
    free(w->prev);
    free(w->cur);
    free(w->tracked);
    free(w->hang);
    w->enum_buf = NULL;
    w->prev = w->cur = NULL;
    w->tracked = NULL;
    w->hang = NULL;
    w->enum_cap = w->snap_cap = w->tracked_cap = 0;
    w->prev_n = w->cur_n = w->tracked_n = w->hang_n = 0;
}

void rf_watch_stop(void)
{
    for (uint32_t b = 0; b < NBACKENDS; b++) {
        watcher *w = &g_watchers[b];
        uint32_t expected = 2;
        if (!rf_cas_u32(&w->state, &expected, 1)) continue;
        rf_store_release_u32(&w->stop, 1);
        rf_signal_set_handle(rf_signal_channel(w->signal, CHANNEL_NOW));
        rf_thread_join(w->thread);
        w->thread = NULL;
        free_memory(w);
        for (uint32_t i = 0; i < MAX_SUBS; i++) rf_store_release_u64(&w->subs[i], 0);
        rf_store_release_u32(&w->state, 0);
    }
}

void rf_watch_fork_child(void)
{
    for (uint32_t b = 0; b < NBACKENDS; b++) {
        watcher *w = &g_watchers[b];
        w->thread = NULL;
        w->signal = NULL;
        free_memory(w);
        for (uint32_t i = 0; i < MAX_SUBS; i++) w->subs[i] = 0;
        w->state = 0;
    }
}
