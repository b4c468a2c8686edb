/* The simulated RAS service: rasapi32-shaped functions (rf_provider_sim)
 * and the rf_sim_* controls of rasfast.h.
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
 * - One mutex (g.lock) guards everything.  The notifier is never called with
 *   it held.  While a RAS thread calls a slot's notifier the slot is "busy";
 *   nothing else schedules that slot until the call returns, so the
 *   notifications of one connection are never concurrent and keep order.
 * - RasHangUpW marks the slot hung up (state Disconnected), cancels its
 *   timer, waits for a notifier call in progress on another thread to
 *   return (not when called from inside a notifier: no deadlock), and
 *   schedules the port release after the release delay.  Until then
 *   RasGetConnectStatusW answers RASCS_Disconnected; afterwards the slot is
 *   recycled and the handle answers ERROR_INVALID_HANDLE.
 *
 * Windows behaviour followed here (sources in the comments at each place):
 * - Dialing an entry that is already being dialed: ERROR_DIAL_ALREADY_IN_
 *   PROGRESS (756), *lphRasConn untouched.
 * - Dialing an entry that is already connected: RAS "referenced
 *   connections".  The RasDial reference page (learn.microsoft.com,
 *   nf-ras-rasdiala, Remarks) says that if the entry is already connected,
 *   RasDial returns success and the connection is referenced; each
 *   successful RasDial of the same entry should be matched by a RasHangUp.
 *   DotRas issue #24 ("HangUp always closes all referenced connections",
 *   github.com/DotRas/DotRas/issues/24) is a consequence of this.  So the
 *   simulator returns 0, stores the existing connection's handle, counts a
 *   reference, and RasHangUpW only disconnects when the last reference goes.
 *   With a notifier, the new dial gets a single RASCS_Connected
 *   notification (error 0) carrying its own dwCallbackId, so a caller
 *   waiting for a terminal state sees one.  (Windows' exact notification
 *   behaviour for a referenced dial is not documented; this is our choice.)
 *   rf_sim_set_duplicate_dials(1) turns all this off: every dial of an entry
 *   then gets a connection of its own (stress tests, benchmarks).
 * - RasEnumConnections "lists all active RAS connections": we list dials in
 *   progress, paused and connected ones (not failed ones, not hung-up ones).
 * - RasGetErrorString: ERROR_INVALID_PARAMETER for a bad argument or a code
 *   without a message; a buffer too small gives ERROR_INSUFFICIENT_BUFFER
 *   (122) as the current reference page says (nf-ras-rasgeterrorstringa,
 *   Remarks; older pages said ERROR_INVALID_PARAMETER).
 * - Enumerations: a buffer too small gives ERROR_BUFFER_TOO_SMALL (603)
 *   with *lpcb = bytes needed and the count (nf-ras-rasenumconnectionsa,
 *   nf-ras-rasenumentriesa); NULL buffer with *lpcb == 0 asks for the size.
 *   With nothing to list the answer is 0 with a count of 0 (Microsoft's
 *   sample code for both functions prints "no connections/entries" on that
 *   branch rather than on ERROR_BUFFER_TOO_SMALL).
 *
 * Simulator choices (not Windows facts):
 * - Single-link dials report dwSubEntry 0 for every state; multilink dials
 *   report each subentry's device and authentication states with dwSubEntry
 *   1 or 2, then RASCS_SubEntryConnected for it, then ApplySettings and
 *   Connected with dwSubEntry 0.
 * - "Demo No Answer" uses the vpn timing (a modem dial would take seconds
 *   before failing); its device is still shown as the vpn miniport.
 * - A table full of connections: ERROR_PORT_NOT_AVAILABLE (633).
 * - A synchronous dial (NULL notifier) that is hung up from another thread
 *   returns ERROR_USER_DISCONNECTION (631); it never honours paused states.
 * - Resuming a handle that is not paused: ERROR_INVALID_PARAMETER (87), also
 *   when RasDialW is called from inside that connection's notifier.
 * - rf_sim_active_connections counts every slot in use, hung-up slots whose
 *   port is not yet released included.
 */
#include <stdlib.h>
#include <string.h>

#include "rasfast.h"
#include "ras_abi.h"
#include "platform.h"
#include "atomics.h"

#if defined(_MSC_VER)
#  define SIM_TLS __declspec(thread)
#elif defined(__GNUC__) || defined(__clang__)
#  define SIM_TLS __thread
#else
#  define SIM_TLS _Thread_local
#endif

#define SIM_MAX_CONNS 65536u
#define SIM_THREADS 3u
#define SIM_MAX_STEPS 40u
#define SIM_MAX_ENTRIES 1000000u
#define SIM_HASH_BUCKETS 4096u
#define SIM_DEFAULT_RELEASE_NS 20000000ull
#define SIM_RETRY_NS 50000ull
#define SIM_ERROR_INSUFFICIENT_BUFFER 122u

/* ------------------------------------------------------------------------
 * Phonebook entries
 * ---------------------------------------------------------------------- */
enum { STEP_NORMAL = 0, STEP_FAIL = 1, STEP_PAUSE = 2 };

typedef struct sim_step {
    uint16_t state;
    uint8_t sub;
    uint8_t kind;
} sim_step;

struct sim_conn;

typedef struct sim_pbe {
    uint32_t refs;                 /* the phonebook's + one per connection */
    uint32_t listed;               /* still in the phonebook */
    uint32_t hash;
    struct sim_pbe *hnext;
    struct sim_conn *active;       /* dialing / paused / connected dial of it */
    rf_sim_entry pub;
    uint32_t nsteps;
    sim_step steps[SIM_MAX_STEPS];
} sim_pbe;

/* ------------------------------------------------------------------------
 * Connections
 * ---------------------------------------------------------------------- */
enum {
    PH_FREE = 0, PH_DIALING, PH_PAUSED, PH_CONNECTED, PH_FAILED, PH_HUNGUP
};

typedef struct sim_conn {
    sim_pbe *e;
    RF_RASDIALFUNC2 notifier;      /* NULL: synchronous dial, or none */
    uintptr_t callback_id;
    uint32_t gen;
    uint32_t phase;
    uint32_t step;                 /* next step to run */
    uint32_t token;                /* current timer item */
    uint32_t state, error, sub;    /* what RasGetConnectStatusW reports */
    uint32_t options;
    uint32_t refs;                 /* referenced connection count */
    uint8_t notify_on;             /* the notifier has not returned 0 */
    uint8_t busy;                  /* a notifier call is in progress */
    uint8_t sync;                  /* run by the caller of RasDialW */
    uint8_t auth_bad;              /* the password did not match: fail at Authenticate */
} sim_conn;

enum { ITEM_STEP = 0, ITEM_RELEASE = 1, ITEM_REFNOTE = 2 };

typedef struct sim_item {
    uint64_t due;
    uint64_t order;                /* FIFO among equal due times */
    uint32_t idx, gen, token, kind;
    RF_RASDIALFUNC2 fn;            /* ITEM_REFNOTE only */
    uintptr_t cb;
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
    /* timer heap */
    sim_item *heap;
    uint32_t heap_n, heap_cap;
    uint64_t heap_order;
    /* threads */
    rf_thread *threads[SIM_THREADS];
    uint32_t nthreads;
    uint32_t stop;
    /* phonebook */
    sim_pbe **pb;
    uint32_t pb_n, pb_cap;
    sim_pbe *hash[SIM_HASH_BUCKETS];
    /* settings */
    double time_scale;
    uint64_t release_ns;
    uint32_t duplicates;
} g;

static uint32_t g_init;            /* 0 none, 1 initialising, 2 ready */
static uint64_t g_rng;             /* counter for splitmix64 */
static rf_histogram g_hold;        /* notifier hold times */
static SIM_TLS sim_conn *tls_notifying;  /* slot whose notifier this thread runs */

/* ------------------------------------------------------------------------
 * Small helpers
 * ---------------------------------------------------------------------- */
/* rf_histogram_reset is a plain memset; RAS threads may be recording. */
static void hold_reset(void)
{
    uint32_t i;
    for (i = 0; i < 512; i++) rf_store_release_u64(&g_hold.buckets[i], 0);
    rf_store_release_u64(&g_hold.count, 0);
    rf_store_release_u64(&g_hold.total_ns, 0);
    rf_store_release_u64(&g_hold.max_ns, 0);
    rf_store_release_u64(&g_hold.min_ns, UINT64_MAX);
}

static uint16_t lower16(uint16_t c)
{
    return (c >= 'A' && c <= 'Z') ? (uint16_t)(c + 32) : c;
}

/* Length of a NUL-terminated UTF-16 string, or max+1 if longer than max. */
static size_t wlen_max(const uint16_t *s, size_t max)
{
    size_t n = 0;
    while (n <= max && s[n]) n++;
    return n;
}

static int wieq(const uint16_t *a, const uint16_t *b)
{
    for (;; a++, b++) {
        if (lower16(*a) != lower16(*b)) return 0;
        if (!*a) return 1;
    }
}

/* The password check of an entry that has one (exact, case-sensitive, as
 * a server compares); the dialled password is compared, never stored. */
static int password_rejected(const sim_pbe *e, const rf_wchar *given)
{
    const uint16_t *want = e->pub.password;
    uint16_t diff = 0;
    size_t i;
    if (!e->pub.checks_password) return 0;
    for (i = 0; i <= RF_PWLEN; i++) {
        diff |= (uint16_t)(want[i] ^ given[i]);
        if (!want[i] || !given[i]) break;
    }
    return diff != 0;
}

static uint32_t whash(const uint16_t *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) { h ^= lower16(*s); h *= 16777619u; }
    return h;
}

static void wcopy_ascii(uint16_t *dst, size_t cap, const char *src)
{
    size_t i = 0;
    for (; src[i] && i + 1 < cap; i++) dst[i] = (uint16_t)(unsigned char)src[i];
    dst[i] = 0;
}

static void wcopy(uint16_t *dst, size_t cap, const uint16_t *src)
{
    size_t i = 0;
    for (; src[i] && i + 1 < cap; i++) dst[i] = src[i];
    dst[i] = 0;
}

static uint64_t rng_next(void)
{
    uint64_t z = rf_fetch_add_u64(&g_rng, 0x9E3779B97F4A7C15ull) + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static const uint64_t k_profile_min[3] = { 0, 10000000ull, 300000000ull };
static const uint64_t k_profile_max[3] = { 0, 200000000ull, 3000000000ull };

static uint64_t scaled(uint64_t ns)          /* lock held */
{
    double v = (double)ns * g.time_scale;
    if (v <= 0.0) return 0;
    if (v > 1.8e19) return (uint64_t)1.8e19;
    return (uint64_t)v;
}

static uint64_t step_delay(uint32_t profile)  /* lock held */
{
    uint64_t lo = k_profile_min[profile], hi = k_profile_max[profile];
    if (hi == 0) return 0;
    return scaled(lo + rng_next() % (hi - lo + 1));
}

static uintptr_t make_handle(uint32_t idx, uint32_t gen)
{
    return ((uintptr_t)gen << 16) | (uintptr_t)idx;
}

static uint32_t next_gen(uint32_t gen)
{
    uintptr_t mask = ((uintptr_t)-1) >> 16;   /* 16 bits on 32-bit targets */
    uint32_t m = (mask > 0xFFFFFFFFu) ? 0xFFFFFFFFu : (uint32_t)mask;
    gen = (gen + 1) & m;
    return gen ? gen : 1;
}

/* lock held: the slot for a handle, or NULL (stale, garbage, free). */
static sim_conn *lookup(rf_hrasconn h)
{
    uintptr_t v = (uintptr_t)h;
    uint32_t idx = (uint32_t)(v & 0xFFFFu);
    uintptr_t gen = v >> 16;
    sim_conn *c;
    if (!g.conns || gen == 0 || gen > 0xFFFFFFFFu) return NULL;
    c = &g.conns[idx];
    if (c->phase == PH_FREE || c->gen != (uint32_t)gen) return NULL;
    return c;
}

static uint32_t conn_index(const sim_conn *c) { return (uint32_t)(c - g.conns); }
static rf_hrasconn conn_handle(const sim_conn *c)
{
    return (rf_hrasconn)make_handle(conn_index(c), c->gen);
}

/* ------------------------------------------------------------------------
 * Step sequences
 * ---------------------------------------------------------------------- */
static const uint16_t k_vpn_link[] = {
    RF_RASCS_OpenPort, RF_RASCS_PortOpened, RF_RASCS_ConnectDevice,
    RF_RASCS_DeviceConnected, RF_RASCS_AllDevicesConnected, RF_RASCS_Authenticate,
    RF_RASCS_AuthNotify, RF_RASCS_AuthAck, RF_RASCS_Authenticated
};
static const uint16_t k_modem_link[] = {
    RF_RASCS_OpenPort, RF_RASCS_PortOpened, RF_RASCS_ConnectDevice,
    RF_RASCS_DeviceConnected, RF_RASCS_AllDevicesConnected, RF_RASCS_Authenticate,
    RF_RASCS_AuthNotify, RF_RASCS_AuthProject, RF_RASCS_AuthAck,
    RF_RASCS_Authenticated, RF_RASCS_Projected
};

static int is_pause_state(int32_t s)
{
    return s >= (int32_t)RF_RASCS_Interactive && s <= (int32_t)RF_RASCS_InvokeEapUI;
}

static int is_auth_pause(int32_t s)
{
    return s == RF_RASCS_RetryAuthentication || s == RF_RASCS_PasswordExpired ||
           s == RF_RASCS_InvokeEapUI;
}

static void push_step(sim_step *out, uint32_t *n, uint32_t state, uint32_t sub, uint32_t kind)
{
    if (*n < SIM_MAX_STEPS) {
        out[*n].state = (uint16_t)state;
        out[*n].sub = (uint8_t)sub;
        out[*n].kind = (uint8_t)kind;
        (*n)++;
    }
}

/* Build the walk of an entry; truncated after the failing state.  Returns
 * the count, and *fail_found says whether fail_at was met (when asked). */
static uint32_t build_steps(const rf_sim_entry *e, sim_step *out, int *fail_found)
{
    const uint16_t *link = e->profile == RF_SIM_PROFILE_MODEM ? k_modem_link : k_vpn_link;
    uint32_t link_n = e->profile == RF_SIM_PROFILE_MODEM
        ? (uint32_t)(sizeof k_modem_link / sizeof *k_modem_link)
        : (uint32_t)(sizeof k_vpn_link / sizeof *k_vpn_link);
    uint32_t nsub = e->subentries == 2 ? 2 : 1;
    uint32_t n = 0, s, i, k;
    int paused = 0;
    sim_step all[SIM_MAX_STEPS];

    for (s = 1; s <= nsub; s++) {
        uint32_t sub = nsub == 2 ? s : 0;
        for (i = 0; i < link_n; i++) {
            push_step(all, &n, link[i], sub, STEP_NORMAL);
            if (!paused && e->pause_at >= 0) {
                int here = is_auth_pause(e->pause_at) ? link[i] == RF_RASCS_Authenticate
                                                      : link[i] == RF_RASCS_DeviceConnected;
                if (here) {
                    paused = 1;
                    push_step(all, &n, (uint32_t)e->pause_at, sub, STEP_PAUSE);
                    if (e->pause_at == RF_RASCS_PasswordExpired)
                        push_step(all, &n, RF_RASCS_AuthChangePassword, sub, STEP_NORMAL);
                }
            }
        }
        if (nsub == 2) push_step(all, &n, RF_RASCS_SubEntryConnected, sub, STEP_NORMAL);
    }
    push_step(all, &n, RF_RASCS_ApplySettings, 0, STEP_NORMAL);
    push_step(all, &n, RF_RASCS_Connected, 0, STEP_NORMAL);

    if (fail_found) *fail_found = 0;
    for (k = 0; k < n; k++) {
        out[k] = all[k];
        if (e->fail_at >= 0 && all[k].state == (uint32_t)e->fail_at) {
            out[k].kind = STEP_FAIL;
            if (fail_found) *fail_found = 1;
            return k + 1;
        }
    }
    return n;
}

/* ------------------------------------------------------------------------
 * Phonebook (lock held)
 * ---------------------------------------------------------------------- */
static void pbe_release(sim_pbe *e)
{
    if (e && --e->refs == 0) {
        rf_secure_wipe(e->pub.password, sizeof e->pub.password);   /* no copy in freed memory */
        free(e);
    }
}

static sim_pbe *pb_find(const uint16_t *name)
{
    uint32_t h = whash(name);
    sim_pbe *e;
    for (e = g.hash[h % SIM_HASH_BUCKETS]; e; e = e->hnext)
        if (e->hash == h && wieq(e->pub.name, name)) return e;
    return NULL;
}

static uint32_t validate_entry(const rf_sim_entry *in, sim_step *steps, uint32_t *nsteps)
{
    size_t len = wlen_max(in->name, RF_RAS_MaxEntryName);
    int fail_found = 0;
    if (len == 0 || len > RF_RAS_MaxEntryName) return RF_ERROR_INVALID_PARAMETER;
    if (in->profile > RF_SIM_PROFILE_MODEM) return RF_ERROR_INVALID_PARAMETER;
    if (in->subentries != 1 && in->subentries != 2) return RF_ERROR_INVALID_PARAMETER;
    if (in->pause_at != -1 && !is_pause_state(in->pause_at)) return RF_ERROR_INVALID_PARAMETER;
    if (in->fail_at < -1) return RF_ERROR_INVALID_PARAMETER;
    if (in->fail_at >= 0 && in->error == 0) return RF_ERROR_INVALID_PARAMETER;
    /* CONNECTED and DISCONNECTED end the notifications: a dial cannot
     * announce CONNECTED and then fail there. */
    if (in->fail_at >= (int32_t)RF_RASCS_Connected) return RF_ERROR_INVALID_PARAMETER;
    *nsteps = build_steps(in, steps, &fail_found);
    if (in->fail_at >= 0 && !fail_found) return RF_ERROR_INVALID_PARAMETER;
    return 0;
}

static uint32_t pb_add(const rf_sim_entry *in, uint32_t builtin)
{
    sim_step steps[SIM_MAX_STEPS];
    uint32_t nsteps = 0, err;
    sim_pbe *e;
    err = validate_entry(in, steps, &nsteps);
    if (err) return err;
    if (pb_find(in->name)) return RF_ERROR_ALREADY_EXISTS;
    if (g.pb_n >= SIM_MAX_ENTRIES) return RF_ERROR_NOT_ENOUGH_MEMORY;
    if (g.pb_n == g.pb_cap) {
        uint32_t cap = g.pb_cap ? g.pb_cap * 2 : 64;
        sim_pbe **pb = (sim_pbe **)realloc(g.pb, cap * sizeof *pb);
        if (!pb) return RF_ERROR_NOT_ENOUGH_MEMORY;
        g.pb = pb;
        g.pb_cap = cap;
    }
    e = (sim_pbe *)calloc(1, sizeof *e);
    if (!e) return RF_ERROR_NOT_ENOUGH_MEMORY;
    e->refs = 1;
    e->listed = 1;
    e->pub = *in;
    e->pub.name[RF_RAS_MaxEntryName] = 0;
    e->pub.builtin = builtin;
    e->pub.password[RF_PWLEN] = 0;
    e->pub.checks_password = e->pub.password[0] != 0;
    e->hash = whash(e->pub.name);
    e->nsteps = nsteps;
    memcpy(e->steps, steps, sizeof steps);
    e->hnext = g.hash[e->hash % SIM_HASH_BUCKETS];
    g.hash[e->hash % SIM_HASH_BUCKETS] = e;
    g.pb[g.pb_n++] = e;
    return 0;
}

static void pb_unlink(sim_pbe *e)
{
    sim_pbe **pp = &g.hash[e->hash % SIM_HASH_BUCKETS];
    uint32_t i;
    while (*pp && *pp != e) pp = &(*pp)->hnext;
    if (*pp) *pp = e->hnext;
    for (i = 0; i < g.pb_n; i++) {
        if (g.pb[i] == e) {
            memmove(&g.pb[i], &g.pb[i + 1], (g.pb_n - i - 1) * sizeof *g.pb);
            g.pb_n--;
            break;
        }
    }
    e->listed = 0;
    e->hnext = NULL;
    pbe_release(e);
}

static void pb_clear(void)
{
    while (g.pb_n) pb_unlink(g.pb[g.pb_n - 1]);
}

static void add_builtin(const char *name, uint32_t profile, int32_t fail_at, uint32_t error,
                        int32_t pause_at, uint32_t subentries)
{
    rf_sim_entry e;
    memset(&e, 0, sizeof e);
    wcopy_ascii(e.name, RF_RAS_MaxEntryName + 1, name);
    e.profile = profile;
    e.fail_at = fail_at;
    e.error = error;
    e.pause_at = pause_at;
    e.subentries = subentries;
    (void)pb_add(&e, 1);
}

static void pb_builtin(void)
{
    add_builtin("Demo VPN", RF_SIM_PROFILE_VPN, -1, 0, -1, 1);
    add_builtin("Demo Modem", RF_SIM_PROFILE_MODEM, -1, 0, -1, 1);
    add_builtin("Demo Multilink", RF_SIM_PROFILE_VPN, -1, 0, -1, 2);
    add_builtin("Demo Bad Password", RF_SIM_PROFILE_VPN, RF_RASCS_Authenticate,
                RF_ERROR_AUTHENTICATION_FAILURE, -1, 1);
    /* vpn timing on purpose: a modem would take seconds to fail */
    add_builtin("Demo No Answer", RF_SIM_PROFILE_VPN, RF_RASCS_ConnectDevice,
                RF_ERROR_NO_ANSWER, -1, 1);
    add_builtin("Demo VPN Timeout", RF_SIM_PROFILE_VPN, RF_RASCS_ConnectDevice,
                RF_ERROR_VPN_TIMEOUT, -1, 1);
    add_builtin("Demo Password Expired", RF_SIM_PROFILE_VPN, -1, 0,
                RF_RASCS_PasswordExpired, 1);
    add_builtin("Demo Instant", RF_SIM_PROFILE_INSTANT, -1, 0, -1, 1);
}

/* ------------------------------------------------------------------------
 * Initialisation
 * ---------------------------------------------------------------------- */
static void settings_defaults(void)
{
    g.time_scale = 1.0;
    g.release_ns = SIM_DEFAULT_RELEASE_NS;
    g.duplicates = 0;
}

static void sim_init(void)
{
    uint32_t st = rf_load_acquire_u32(&g_init);
    if (st == 2) return;
    st = 0;
    if (rf_cas_u32(&g_init, &st, 1)) {
        g.lock = rf_mutex_new();
        g.work = rf_cond_new();
        g.done = rf_cond_new();
        settings_defaults();
        hold_reset();
        pb_builtin();
        rf_store_release_u32(&g_init, 2);
        return;
    }
    while (rf_load_acquire_u32(&g_init) != 2) rf_yield();
}

/* lock held: allocate the connection table on first use. */
static int conns_ready(void)
{
    uint32_t i;
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
    for (i = 0; i < SIM_MAX_CONNS; i++) {
        g.freeq[i] = i;
        g.conns[i].gen = 1;
    }
    g.freeq_head = 0;
    g.freeq_count = SIM_MAX_CONNS;
    return 1;
}

static void worker_main(void *arg);

/* lock held: start the RAS threads on first use.  0 if none could start. */
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
 * Timer heap (lock held)
 * ---------------------------------------------------------------------- */
static int item_before(const sim_item *a, const sim_item *b)
{
    return a->due < b->due || (a->due == b->due && a->order < b->order);
}

static int heap_push(sim_item it)
{
    uint32_t i;
    if (g.heap_n == g.heap_cap) {
        uint32_t cap = g.heap_cap ? g.heap_cap * 2 : 1024;
        sim_item *h = (sim_item *)realloc(g.heap, cap * sizeof *h);
        if (!h) return 0;
        g.heap = h;
        g.heap_cap = cap;
    }
    it.order = g.heap_order++;
    i = g.heap_n++;
    while (i > 0) {
        uint32_t p = (i - 1) / 2;
        if (!item_before(&it, &g.heap[p])) break;
        g.heap[i] = g.heap[p];
        i = p;
    }
    g.heap[i] = it;
    if (i == 0) rf_cond_broadcast(g.work);   /* new earliest deadline */
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

/* ------------------------------------------------------------------------
 * Connection life cycle (lock held)
 * ---------------------------------------------------------------------- */
static sim_conn *conn_alloc(sim_pbe *e)
{
    sim_conn *c;
    uint32_t idx, gen;
    if (!g.freeq_count) return NULL;
    idx = g.freeq[g.freeq_head];
    g.freeq_head = (g.freeq_head + 1) % SIM_MAX_CONNS;
    g.freeq_count--;
    c = &g.conns[idx];
    gen = c->gen;
    memset(c, 0, sizeof *c);
    c->gen = gen;
    c->e = e;
    e->refs++;
    c->phase = PH_DIALING;
    c->state = RF_RASCS_OpenPort;
    c->refs = 1;
    g.in_use++;
    return c;
}

static void conn_free(sim_conn *c)
{
    uint32_t idx = conn_index(c);
    if (c->e && c->e->active == c) c->e->active = NULL;
    pbe_release(c->e);
    c->e = NULL;
    c->phase = PH_FREE;
    c->notifier = NULL;
    c->gen = next_gen(c->gen);
    c->token++;
    g.freeq[(g.freeq_head + g.freeq_count) % SIM_MAX_CONNS] = idx;
    g.freeq_count++;
    g.in_use--;
    rf_cond_broadcast(g.done);
}

static void leave_active(sim_conn *c)
{
    if (c->e && c->e->active == c) c->e->active = NULL;
}

/* Mark hung up; the caller schedules or performs the release. */
static void conn_hangup_mark(sim_conn *c)
{
    leave_active(c);
    c->phase = PH_HUNGUP;
    c->state = RF_RASCS_Disconnected;
    c->error = 0;
    c->sub = 0;
    c->refs = 0;
    c->token++;                    /* cancels a pending step */
    rf_cond_broadcast(g.done);
}

static uint32_t pause_error(uint32_t state)
{
    if (state == RF_RASCS_PasswordExpired) return RF_ERROR_PASSWD_EXPIRED;
    if (state == RF_RASCS_RetryAuthentication) return RF_ERROR_AUTHENTICATION_FAILURE;
    return RF_ERROR_INTERACTIVE_MODE;
}

static uint32_t call_notifier(sim_conn *c, RF_RASDIALFUNC2 fn, uintptr_t cb, uint32_t sub,
                              uint32_t state, uint32_t err)
{
    rf_hrasconn h = conn_handle(c);
    uint64_t t0, t1;
    uint32_t r;
    rf_mutex_unlock(g.lock);
    tls_notifying = c;
    t0 = rf_now_ns();
    r = fn(cb, sub, h, RF_WM_RASDIALEVENT, state, err, 0);
    t1 = rf_now_ns();
    tls_notifying = NULL;
    rf_histogram_record(&g_hold, t1 - t0);
    rf_mutex_lock(g.lock);
    return r;
}

/* Run the slot's next step: state change, then its notifications (the
 * lock is dropped around each notifier call).  Returns 1 when another step
 * follows (c->step advanced, *delay set), 0 when the walk stopped (end
 * state, failure, pause, hang-up). */
static int run_step(sim_conn *c, uint64_t *delay)
{
    sim_step s = c->e->steps[c->step];
    uint32_t notes = 1, err2 = 0, k;
    int more = 0;

    c->state = s.state;
    c->sub = s.sub;
    c->error = 0;
    if (s.kind == STEP_FAIL) {
        err2 = c->e->pub.error;
    } else if (c->auth_bad && s.state == RF_RASCS_Authenticate) {
        err2 = RF_ERROR_AUTHENTICATION_FAILURE;
    } else if (s.kind == STEP_PAUSE &&
               (!(c->options & RF_RDEOPT_PausedStates) || c->sync)) {
        err2 = pause_error(s.state);
    }
    if (err2) {
        notes = 2;
        c->error = err2;
        c->phase = PH_FAILED;
        leave_active(c);
    } else if (s.kind == STEP_PAUSE) {
        c->phase = PH_PAUSED;
        c->step++;
    } else if (s.state == RF_RASCS_Connected) {
        c->phase = PH_CONNECTED;
    } else {
        more = 1;
    }

    if (c->notifier && c->notify_on) {
        c->busy = 1;
        for (k = 0; k < notes; k++) {
            if (c->phase == PH_HUNGUP || !c->notify_on) break;
            if (call_notifier(c, c->notifier, c->callback_id, s.sub, s.state,
                              k ? err2 : 0) == 0)
                c->notify_on = 0;   /* "stop": the dial goes on silently */
        }
        c->busy = 0;
        rf_cond_broadcast(g.done);
    }
    if (more && c->phase == PH_DIALING) {
        c->step++;
        *delay = step_delay(c->e->pub.profile);
        return 1;
    }
    return 0;
}

/* lock held: a RAS thread runs a due item. */
static void run_item(const sim_item *it)
{
    sim_conn *c = &g.conns[it->idx];
    uint64_t delay = 0;
    if (c->phase == PH_FREE || c->gen != it->gen) return;
    switch (it->kind) {
    case ITEM_STEP:
        if (c->token != it->token || c->phase != PH_DIALING) return;
        if (run_step(c, &delay)) schedule(c, ITEM_STEP, delay);
        break;
    case ITEM_RELEASE:
        if (c->token != it->token || c->phase != PH_HUNGUP) return;
        if (c->busy) {                 /* hung up from inside its notifier */
            schedule(c, ITEM_RELEASE, SIM_RETRY_NS);
            return;
        }
        conn_free(c);
        break;
    case ITEM_REFNOTE:
        if (c->phase != PH_CONNECTED) return;
        if (c->busy) {
            sim_item again = *it;
            again.due = rf_now_ns() + SIM_RETRY_NS;
            heap_push(again);
            return;
        }
        c->busy = 1;
        (void)call_notifier(c, it->fn, it->cb, 0, RF_RASCS_Connected, 0);
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
        uint64_t now;
        sim_item it;
        if (g.heap_n == 0) {
            rf_cond_wait(g.work, g.lock, -1);
            continue;
        }
        now = rf_now_ns();
        if (g.heap[0].due > now) {
            rf_cond_wait(g.work, g.lock, (int64_t)(g.heap[0].due - now));
            continue;
        }
        it = heap_pop();
        run_item(&it);
    }
    rf_mutex_unlock(g.lock);
}

/* lock held: walk a dial on the caller's thread (NULL notifier).  Returns
 * RasDialW's result. */
static uint32_t run_sync(sim_conn *c)
{
    uint32_t gen = c->gen;
    uint64_t delay = 0;
    for (;;) {
        uint64_t due = rf_now_ns() + delay;
        for (;;) {
            uint64_t now;
            if (c->gen != gen || c->phase != PH_DIALING) break;
            now = rf_now_ns();
            if (now >= due) break;
            rf_cond_wait(g.done, g.lock, (int64_t)(due - now));
        }
        if (c->gen != gen || c->phase != PH_DIALING) break;
        if (!run_step(c, &delay)) break;
    }
    if (c->gen != gen || c->phase == PH_HUNGUP || c->phase == PH_FREE)
        return RF_ERROR_USER_DISCONNECTION;
    if (c->phase == PH_FAILED) return c->error;
    return 0;
}

/* ------------------------------------------------------------------------
 * rasapi32-shaped functions
 * ---------------------------------------------------------------------- */
static uint32_t RF_WINAPI sim_RasDialW(RF_RASDIALEXTENSIONS *ext, const rf_wchar *phonebook,
                                       RF_RASDIALPARAMSW *params, uint32_t notifier_type,
                                       void *notifier, rf_hrasconn *hrasconn)
{
    uint32_t options = 0, result = 0;
    size_t len;
    sim_pbe *e;
    sim_conn *c;
    (void)phonebook;               /* one simulated phonebook */

    if (!params || !hrasconn) return RF_ERROR_INVALID_PARAMETER;
    if (params->dwSize != sizeof(RF_RASDIALPARAMSW) &&
        params->dwSize != RF_RASDIALPARAMSW_V1_SIZE)
        return RF_ERROR_INVALID_SIZE;
    if (ext) {
        if (ext->dwSize != sizeof(RF_RASDIALEXTENSIONS)) return RF_ERROR_INVALID_SIZE;
        options = ext->dwfOptions;
    }
    if (notifier && notifier_type != 2) return RF_ERROR_INVALID_PARAMETER;
    len = wlen_max(params->szEntryName, RF_RAS_MaxEntryName);
    if (len > RF_RAS_MaxEntryName) return RF_ERROR_INVALID_PARAMETER;

    sim_init();
    rf_mutex_lock(g.lock);

    if (*hrasconn) {
        /* Resume a paused dial. */
        c = lookup(*hrasconn);
        if (!c) { rf_mutex_unlock(g.lock); return RF_ERROR_INVALID_HANDLE; }
        if (c->busy) {
            if (tls_notifying) { rf_mutex_unlock(g.lock); return RF_ERROR_INVALID_PARAMETER; }
            while (c->busy && lookup(*hrasconn) == c) rf_cond_wait(g.done, g.lock, -1);
            if (lookup(*hrasconn) != c) { rf_mutex_unlock(g.lock); return RF_ERROR_INVALID_HANDLE; }
        }
        if (c->phase != PH_PAUSED) { rf_mutex_unlock(g.lock); return RF_ERROR_INVALID_PARAMETER; }
        if (ext) c->options = options;
        if (c->e->pub.checks_password && params->szPassword[0]) {
            if (c->state == RF_RASCS_PasswordExpired) {
                /* The server takes the new password from now on. */
                memcpy(c->e->pub.password, params->szPassword, sizeof c->e->pub.password);
                c->e->pub.password[RF_PWLEN] = 0;
                c->auth_bad = 0;
            } else {
                c->auth_bad = (uint8_t)password_rejected(c->e, params->szPassword);
            }
        }
        c->phase = PH_DIALING;
        c->notifier = (RF_RASDIALFUNC2)notifier;
        c->callback_id = params->dwCallbackId;
        c->notify_on = 1;
        if (!notifier) {
            c->sync = 1;
            result = run_sync(c);
            rf_mutex_unlock(g.lock);
            return result;
        }
        c->sync = 0;
        if (!threads_ready() || !schedule(c, ITEM_STEP, step_delay(c->e->pub.profile))) {
            c->phase = PH_PAUSED;
            rf_mutex_unlock(g.lock);
            return RF_ERROR_NOT_ENOUGH_MEMORY;
        }
        rf_mutex_unlock(g.lock);
        return 0;
    }

    e = len ? pb_find(params->szEntryName) : NULL;
    if (!e) { rf_mutex_unlock(g.lock); return RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY; }

    if (!g.duplicates && e->active) {
        c = e->active;
        if (c->phase == PH_CONNECTED) {
            /* Referenced connection (see the top of this file). */
            if (notifier) {
                sim_item it;
                memset(&it, 0, sizeof it);
                it.due = rf_now_ns();
                it.idx = conn_index(c);
                it.gen = c->gen;
                it.kind = ITEM_REFNOTE;
                it.fn = (RF_RASDIALFUNC2)notifier;
                it.cb = params->dwCallbackId;
                if (!threads_ready() || !heap_push(it)) {
                    rf_mutex_unlock(g.lock);
                    return RF_ERROR_NOT_ENOUGH_MEMORY;
                }
            }
            c->refs++;
            *hrasconn = conn_handle(c);
            rf_mutex_unlock(g.lock);
            return 0;
        }
        rf_mutex_unlock(g.lock);
        return RF_ERROR_DIAL_ALREADY_IN_PROGRESS;
    }

    if (!conns_ready()) { rf_mutex_unlock(g.lock); return RF_ERROR_NOT_ENOUGH_MEMORY; }
    if (notifier && !threads_ready()) { rf_mutex_unlock(g.lock); return RF_ERROR_NOT_ENOUGH_MEMORY; }
    c = conn_alloc(e);
    if (!c) { rf_mutex_unlock(g.lock); return RF_ERROR_PORT_NOT_AVAILABLE; }
    c->options = options;
    c->notifier = (RF_RASDIALFUNC2)notifier;
    c->callback_id = params->dwCallbackId;
    c->notify_on = 1;
    c->sync = notifier ? 0 : 1;
    c->auth_bad = (uint8_t)password_rejected(e, params->szPassword);
    if (!g.duplicates) e->active = c;
    /* The handle is stored before the first notification can be made. */
    *hrasconn = conn_handle(c);
    if (!notifier) {
        result = run_sync(c);
        rf_mutex_unlock(g.lock);
        return result;
    }
    if (!schedule(c, ITEM_STEP, 0)) {
        /* Out of memory for the timer: fail like a dial that ended at once. */
        c->phase = PH_FAILED;
        c->error = RF_ERROR_NOT_ENOUGH_MEMORY;
        leave_active(c);
        rf_mutex_unlock(g.lock);
        return RF_ERROR_NOT_ENOUGH_MEMORY;
    }
    rf_mutex_unlock(g.lock);
    return 0;
}

static uint32_t RF_WINAPI sim_RasHangUpW(rf_hrasconn h)
{
    sim_conn *c;
    sim_init();
    rf_mutex_lock(g.lock);
    c = lookup(h);
    if (!c) { rf_mutex_unlock(g.lock); return RF_ERROR_INVALID_HANDLE; }
    if (c->phase == PH_HUNGUP) { rf_mutex_unlock(g.lock); return 0; }
    if (c->phase == PH_CONNECTED && c->refs > 1) {
        c->refs--;
        rf_mutex_unlock(g.lock);
        return 0;
    }
    conn_hangup_mark(c);
    if (!threads_ready() || !schedule(c, ITEM_RELEASE, scaled(g.release_ns))) {
        /* No timer: release now (once no notifier call is in progress). */
        while (c->busy && lookup(h) == c && !tls_notifying) rf_cond_wait(g.done, g.lock, -1);
        if (lookup(h) == c && !c->busy) conn_free(c);
        rf_mutex_unlock(g.lock);
        return 0;
    }
    /* A notifier call in progress on another RAS thread finishes before we
     * return; from inside a notifier we cannot wait (it may be our own). */
    if (!tls_notifying)
        while (c->busy && lookup(h) == c) rf_cond_wait(g.done, g.lock, -1);
    rf_mutex_unlock(g.lock);
    return 0;
}

static void fill_device(const sim_pbe *e, rf_wchar *type, rf_wchar *name)
{
    if (e->pub.profile == RF_SIM_PROFILE_MODEM) {
        wcopy_ascii(type, RF_RAS_MaxDeviceType + 1, "modem");
        wcopy_ascii(name, RF_RAS_MaxDeviceName + 1, "Simulated Modem");
    } else {
        wcopy_ascii(type, RF_RAS_MaxDeviceType + 1, "vpn");
        wcopy_ascii(name, RF_RAS_MaxDeviceName + 1, "WAN Miniport (IKEv2)");
    }
}

static uint32_t RF_WINAPI sim_RasGetConnectStatusW(rf_hrasconn h, RF_RASCONNSTATUSW *st)
{
    sim_conn *c;
    if (!st) return RF_ERROR_INVALID_PARAMETER;
    if (st->dwSize != sizeof(RF_RASCONNSTATUSW)) return RF_ERROR_INVALID_SIZE;
    sim_init();
    rf_mutex_lock(g.lock);
    c = lookup(h);
    if (!c) { rf_mutex_unlock(g.lock); return RF_ERROR_INVALID_HANDLE; }
    st->rasconnstate = c->state;
    st->dwError = c->error;
    fill_device(c->e, st->szDeviceType, st->szDeviceName);
    wcopy_ascii(st->szPhoneNumber, RF_RAS_MaxPhoneNumber + 1,
                c->e->pub.profile == RF_SIM_PROFILE_MODEM ? "555-0100" : "vpn.example.com");
    rf_mutex_unlock(g.lock);
    return 0;
}

static int listed_conn(const sim_conn *c)
{
    return c->phase == PH_DIALING || c->phase == PH_PAUSED || c->phase == PH_CONNECTED;
}

static uint32_t RF_WINAPI sim_RasEnumConnectionsW(RF_RASCONNW *conns, uint32_t *cb, uint32_t *count)
{
    uint32_t n = 0, i, k = 0;
    uint64_t need;
    if (!cb || !count) return RF_ERROR_INVALID_PARAMETER;
    if (conns && *cb >= sizeof(uint32_t) && conns[0].dwSize != sizeof(RF_RASCONNW))
        return RF_ERROR_INVALID_SIZE;
    sim_init();
    rf_mutex_lock(g.lock);
    if (g.conns)
        for (i = 0; i < SIM_MAX_CONNS; i++)
            if (listed_conn(&g.conns[i])) n++;
    need = (uint64_t)n * sizeof(RF_RASCONNW);
    if (n && (!conns || *cb < need)) {
        *cb = (uint32_t)need;
        *count = n;
        rf_mutex_unlock(g.lock);
        return RF_ERROR_BUFFER_TOO_SMALL;
    }
    for (i = 0; g.conns && i < SIM_MAX_CONNS && k < n; i++) {
        const sim_conn *c = &g.conns[i];
        RF_RASCONNW *o;
        if (!listed_conn(c)) continue;
        o = &conns[k++];
        memset(o, 0, sizeof *o);
        o->dwSize = sizeof(RF_RASCONNW);
        o->hrasconn = conn_handle(c);
        wcopy(o->szEntryName, RF_RAS_MaxEntryName + 1, c->e->pub.name);
        fill_device(c->e, o->szDeviceType, o->szDeviceName);
        o->szPhonebook[0] = 0;
        o->dwSubEntry = 0;
        o->dwFlags = 0;
    }
    *cb = (uint32_t)need;
    *count = k;
    rf_mutex_unlock(g.lock);
    return 0;
}

static uint32_t RF_WINAPI sim_RasEnumEntriesW(const rf_wchar *reserved, const rf_wchar *phonebook,
                                              RF_RASENTRYNAMEW *entries, uint32_t *cb,
                                              uint32_t *count)
{
    uint32_t n, i;
    uint64_t need;
    (void)phonebook;
    if (reserved || !cb || !count) return RF_ERROR_INVALID_PARAMETER;
    if (entries && *cb >= sizeof(uint32_t) && entries[0].dwSize != sizeof(RF_RASENTRYNAMEW))
        return RF_ERROR_INVALID_SIZE;
    sim_init();
    rf_mutex_lock(g.lock);
    n = g.pb_n;
    need = (uint64_t)n * sizeof(RF_RASENTRYNAMEW);
    if (n && (!entries || *cb < need)) {
        *cb = (uint32_t)need;
        *count = n;
        rf_mutex_unlock(g.lock);
        return RF_ERROR_BUFFER_TOO_SMALL;
    }
    for (i = 0; i < n; i++) {
        RF_RASENTRYNAMEW *o = &entries[i];
        memset(o, 0, sizeof *o);
        o->dwSize = sizeof(RF_RASENTRYNAMEW);
        wcopy(o->szEntryName, RF_RAS_MaxEntryName + 1, g.pb[i]->pub.name);
        o->dwFlags = 0;            /* REN_User */
        o->szPhonebookPath[0] = 0;
    }
    *cb = (uint32_t)need;
    *count = n;
    rf_mutex_unlock(g.lock);
    return 0;
}

/* Our own English wording, in the spirit of Windows' messages. */
static const struct { uint32_t code; const char *text; } k_errors[] = {
    { 0, "The operation completed successfully." },
    { 6, "The handle is invalid." },
    { 8, "Not enough memory is available to complete this operation." },
    { 87, "The parameter is incorrect." },
    { 120, "This function is not supported on this system." },
    { 122, "The data area passed to a system call is too small." },
    { 126, "The specified module could not be found." },
    { 127, "The specified procedure could not be found." },
    { 183, "Cannot create an object that already exists." },
    { 600, "An operation is pending." },
    { 601, "An invalid port handle was detected." },
    { 603, "The caller's buffer is too small." },
    { 619, "A connection to the remote computer could not be established, so the port used for this connection was closed." },
    { 623, "The system could not find the phone book entry for this connection." },
    { 628, "The connection was terminated by the remote computer before it could be completed." },
    { 629, "The connection was closed by the remote computer." },
    { 631, "The port was disconnected by the user." },
    { 632, "An incorrect structure size was detected." },
    { 633, "The modem or other connecting device is already in use or is not configured properly." },
    { 648, "The password for this connection has expired." },
    { 668, "The connection was lost." },
    { 678, "The remote computer did not respond." },
    { 679, "The system could not detect the carrier." },
    { 680, "There was no dial tone." },
    { 691, "The remote connection was denied because the user name and password combination is not recognized, or the authentication protocol is not permitted on the remote access server." },
    { 703, "The connection needs information from you, but the application does not allow user interaction." },
    { 718, "The connection was terminated because the remote computer did not respond in time." },
    { 720, "A connection to the remote computer could not be established: no PPP control protocols are configured." },
    { 756, "This connection is already being dialed." },
    { 800, "The remote connection was not made because the attempted VPN tunnels failed." },
    { 809, "The network connection between your computer and the VPN server could not be established because the remote server is not responding." },
    { 868, "The remote connection was not made because the name of the remote access server did not resolve." },
    { 1460, "This operation returned because the timeout period expired." },
};

static uint32_t RF_WINAPI sim_RasGetErrorStringW(uint32_t code, rf_wchar *buf, uint32_t cch)
{
    size_t i, n;
    const char *text = NULL;
    if (!buf) return RF_ERROR_INVALID_PARAMETER;
    for (i = 0; i < sizeof k_errors / sizeof *k_errors; i++)
        if (k_errors[i].code == code) { text = k_errors[i].text; break; }
    if (!text) return RF_ERROR_INVALID_PARAMETER;
    n = strlen(text);
    if (cch < n + 1) return SIM_ERROR_INSUFFICIENT_BUFFER;
    wcopy_ascii(buf, cch, text);
    return 0;
}

static const rf_provider k_sim_provider = {
    "sim",
    sim_RasDialW,
    sim_RasHangUpW,
    sim_RasGetConnectStatusW,
    sim_RasEnumConnectionsW,
    sim_RasEnumEntriesW,
    sim_RasGetErrorStringW,
};

const rf_provider *rf_provider_sim(void)
{
    return &k_sim_provider;
}

/* ------------------------------------------------------------------------
 * Controls (rasfast.h)
 * ---------------------------------------------------------------------- */
uint32_t rf_sim_add_entry(const rf_sim_entry *entry)
{
    uint32_t r;
    if (!entry) return RF_ERROR_INVALID_PARAMETER;
    sim_init();
    rf_mutex_lock(g.lock);
    r = pb_add(entry, 0);
    rf_mutex_unlock(g.lock);
    return r;
}

uint32_t rf_sim_remove_entry(const uint16_t *name)
{
    sim_pbe *e;
    if (!name || wlen_max(name, RF_RAS_MaxEntryName) > RF_RAS_MaxEntryName)
        return RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
    sim_init();
    rf_mutex_lock(g.lock);
    e = pb_find(name);
    if (e) pb_unlink(e);
    rf_mutex_unlock(g.lock);
    return e ? 0 : RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
}

uint32_t rf_sim_entry_count(void)
{
    uint32_t n;
    sim_init();
    rf_mutex_lock(g.lock);
    n = g.pb_n;
    rf_mutex_unlock(g.lock);
    return n;
}

int rf_sim_get_entry(uint32_t index, rf_sim_entry *out)
{
    int ok = 0;
    if (!out) return 0;
    sim_init();
    rf_mutex_lock(g.lock);
    if (index < g.pb_n) {
        *out = g.pb[index]->pub;
        memset(out->password, 0, sizeof out->password);
        ok = 1;
    }
    rf_mutex_unlock(g.lock);
    return ok;
}

uint32_t rf_sim_entry_states(const uint16_t *name, uint32_t *states, uint32_t max)
{
    sim_pbe *e;
    uint32_t n = 0, i;
    if (!name || wlen_max(name, RF_RAS_MaxEntryName) > RF_RAS_MaxEntryName) return 0;
    sim_init();
    rf_mutex_lock(g.lock);
    e = pb_find(name);
    if (e) {
        n = e->nsteps;
        for (i = 0; states && i < n && i < max; i++) states[i] = e->steps[i].state;
    }
    rf_mutex_unlock(g.lock);
    return n;
}

void rf_sim_reset(void)
{
    uint32_t i;
    sim_init();
    rf_mutex_lock(g.lock);
    if (g.conns) {
        for (i = 0; i < SIM_MAX_CONNS; i++) {
            sim_conn *c = &g.conns[i];
            if (c->phase != PH_FREE && c->phase != PH_HUNGUP) conn_hangup_mark(c);
        }
        /* Wait for notifier calls in progress (except our own, when reset
         * is called from inside a notifier). */
        for (;;) {
            int busy = 0;
            for (i = 0; i < SIM_MAX_CONNS; i++)
                if (g.conns[i].busy && &g.conns[i] != tls_notifying) { busy = 1; break; }
            if (!busy) break;
            rf_cond_wait(g.done, g.lock, -1);
        }
        for (i = 0; i < SIM_MAX_CONNS; i++) {
            sim_conn *c = &g.conns[i];
            if (c->phase != PH_FREE && !c->busy) conn_free(c);
        }
    }
    g.heap_n = 0;                  /* every item is stale now */
    if (tls_notifying && tls_notifying->phase == PH_HUNGUP && g.nthreads)
        schedule(tls_notifying, ITEM_RELEASE, 0);   /* our own slot, still busy */
    pb_clear();
    pb_builtin();
    settings_defaults();
    hold_reset();
    rf_mutex_unlock(g.lock);
}

void rf_sim_set_time_scale(double scale)
{
    if (!(scale >= 0.0)) return;   /* negative or NaN: ignored */
    if (scale > 1e6) scale = 1e6;
    sim_init();
    rf_mutex_lock(g.lock);
    g.time_scale = scale;
    rf_mutex_unlock(g.lock);
}

double rf_sim_get_time_scale(void)
{
    double s;
    sim_init();
    rf_mutex_lock(g.lock);
    s = g.time_scale;
    rf_mutex_unlock(g.lock);
    return s;
}

void rf_sim_set_release_delay(uint64_t ns)
{
    sim_init();
    rf_mutex_lock(g.lock);
    g.release_ns = ns;
    rf_mutex_unlock(g.lock);
}

uint64_t rf_sim_get_release_delay(void)
{
    uint64_t ns;
    sim_init();
    rf_mutex_lock(g.lock);
    ns = g.release_ns;
    rf_mutex_unlock(g.lock);
    return ns;
}

void rf_sim_set_duplicate_dials(uint32_t allow)
{
    sim_init();
    rf_mutex_lock(g.lock);
    g.duplicates = allow ? 1 : 0;
    rf_mutex_unlock(g.lock);
}

uint32_t rf_sim_get_duplicate_dials(void)
{
    uint32_t v;
    sim_init();
    rf_mutex_lock(g.lock);
    v = g.duplicates;
    rf_mutex_unlock(g.lock);
    return v;
}

int rf_sim_profile_delays(uint32_t profile, uint64_t *min_ns, uint64_t *max_ns)
{
    if (profile > RF_SIM_PROFILE_MODEM) return 0;
    if (min_ns) *min_ns = k_profile_min[profile];
    if (max_ns) *max_ns = k_profile_max[profile];
    return 1;
}

uint32_t rf_sim_active_connections(void)
{
    uint32_t n;
    sim_init();
    rf_mutex_lock(g.lock);
    n = g.in_use;
    rf_mutex_unlock(g.lock);
    return n;
}

void rf_sim_get_hold_histogram(rf_histogram *out)
{
    uint32_t i;
    if (!out) return;
    sim_init();
    out->count = rf_load_u64(&g_hold.count);
    out->total_ns = rf_load_u64(&g_hold.total_ns);
    out->min_ns = rf_load_u64(&g_hold.min_ns);
    out->max_ns = rf_load_u64(&g_hold.max_ns);
    for (i = 0; i < 512; i++) out->buckets[i] = rf_load_u64(&g_hold.buckets[i]);
}

void rf_sim_reset_hold_histogram(void)
{
    sim_init();
    hold_reset();
}

uint32_t rf_sim_dial_raw(const uint16_t *entry, void *notifier, uint64_t callback_id,
                         uint32_t options, uint64_t *hconn)
{
    RF_RASDIALPARAMSW *p;
    RF_RASDIALEXTENSIONS ext;
    rf_hrasconn h = NULL;
    uint32_t r;
    if (!entry || !hconn) return RF_ERROR_INVALID_PARAMETER;
    if (wlen_max(entry, RF_RAS_MaxEntryName) > RF_RAS_MaxEntryName)
        return RF_ERROR_INVALID_PARAMETER;
    p = (RF_RASDIALPARAMSW *)calloc(1, sizeof *p);
    if (!p) return RF_ERROR_NOT_ENOUGH_MEMORY;
    p->dwSize = sizeof *p;
    wcopy(p->szEntryName, RF_RAS_MaxEntryName + 1, entry);
    p->dwCallbackId = (uintptr_t)callback_id;
    memset(&ext, 0, sizeof ext);
    ext.dwSize = sizeof ext;
    ext.dwfOptions = options;
    if (*hconn) h = (rf_hrasconn)(uintptr_t)*hconn;
    r = sim_RasDialW(&ext, NULL, p, 2, notifier, &h);
    free(p);
    *hconn = (uint64_t)(uintptr_t)h;
    return r;
}

/* os.fork(): rasfast/dialing.py calls these around every fork.  The lock is
 * held across the fork so the child copies consistent tables; the child has
 * none of the RAS threads, so its service starts empty (the parent's
 * connections stay the parent's) and starts threads of its own on first use. */
void rf_sim_fork_prepare(void)
{
    if (rf_load_acquire_u32(&g_init) == 2) rf_mutex_lock(g.lock);
}

void rf_sim_fork_parent(void)
{
    if (rf_load_acquire_u32(&g_init) == 2) rf_mutex_unlock(g.lock);
}

void rf_sim_fork_child(void)
{
    uint32_t i;
    if (rf_load_acquire_u32(&g_init) != 2) return;
    /* The parent's waiters do not exist here: fresh condition variables
     * (the old ones are leaked, a few bytes per fork). */
    g.work = rf_cond_new();
    g.done = rf_cond_new();
    g.nthreads = 0;
    g.heap_n = 0;
    if (g.conns) {
        for (i = 0; i < SIM_MAX_CONNS; i++) {
            if (g.conns[i].phase == PH_FREE) continue;
            g.conns[i].busy = 0;
            conn_free(&g.conns[i]);
        }
    }
    rf_mutex_unlock(g.lock);
}

/* Not in rasfast.h: stop the RAS threads and free everything (for leak
 * checkers in tests, or a module unload).  The simulator starts afresh on
 * next use. */
void rf_sim__shutdown(void);
void rf_sim__shutdown(void)
{
    uint32_t i, n;
    rf_thread *threads[SIM_THREADS];
    if (rf_load_acquire_u32(&g_init) != 2) return;
    rf_sim_reset();
    rf_mutex_lock(g.lock);
    g.stop = 1;
    rf_cond_broadcast(g.work);
    n = g.nthreads;
    for (i = 0; i < n; i++) threads[i] = g.threads[i];
    g.nthreads = 0;
    rf_mutex_unlock(g.lock);
    for (i = 0; i < n; i++) rf_thread_join(threads[i]);
    rf_mutex_lock(g.lock);
    pb_clear();
    free(g.conns);
    free(g.freeq);
    free(g.heap);
    free(g.pb);
    g.conns = NULL;
    g.freeq = NULL;
    g.heap = NULL;
    g.pb = NULL;
    g.heap_n = g.heap_cap = 0;
    g.pb_n = g.pb_cap = 0;
    g.in_use = 0;
    g.stop = 0;
    memset(g.hash, 0, sizeof g.hash);
    rf_mutex_unlock(g.lock);
    rf_cond_free(g.work);
    rf_cond_free(g.done);
    rf_mutex_free(g.lock);
    g.lock = NULL;
    rf_store_release_u32(&g_init, 0);
}
