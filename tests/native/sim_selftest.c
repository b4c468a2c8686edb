/* Self-test of the simulated RAS service (csrc/sim_*.c), through the
 * rasapi32-shaped provider table exactly as the dial code uses it.
 *
 * Build and run (from the repository root) under ThreadSanitizer, then
 * AddressSanitizer + UndefinedBehaviorSanitizer: `make -C tests/native sim`
 * (SIM_SRC in tests/native/Makefile lists the files).  Exit status 0 and
 * "sim_selftest: all passed" on success.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rasfast.h"
#include "ras_abi.h"
#include "platform.h"
#include "atomics.h"
#include "rf_testing.h"
#include "sim_internal.h"   /* rf_sim__shutdown */

static int g_failures;
#define CHECK(cond) do { if (!(cond)) { g_failures++; \
    fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_EQ(a, b) do { unsigned long long a_ = (unsigned long long)(a), \
    b_ = (unsigned long long)(b); if (a_ != b_) { g_failures++; \
    fprintf(stderr, "FAIL %s:%d: %s == %s (%llu != %llu)\n", __FILE__, __LINE__, \
            #a, #b, a_, b_); } } while (0)

static const rf_provider *P;

/* ------------------------------------------------------------------------
 * Recording notifier: one record per callback id (1..MAX_CB-1).
 * ---------------------------------------------------------------------- */
#define MAX_CB 10010
#define MAX_NOTES 64

typedef struct note { uint32_t state, sub, err, msg, ext; uintptr_t h; } note;

typedef struct rec {
    uint32_t inflight;            /* atomic */
    uint32_t overlap;             /* atomic: concurrent notifications seen */
    uint32_t count;               /* atomic, release-published */
    uint32_t stop_after;          /* return 0 on this notification number (1-based) */
    uint32_t hangup_at_state;     /* call RasHangUpW from inside at this state (+1) */
    uint32_t sleep_at_state;      /* sleep 50 ms inside at this state (+1) */
    uint32_t in_sleep;            /* atomic */
    uint32_t inner_hangup_rc;
    uint32_t inner_status_rc;
    uint32_t handle_mismatch;
    uint32_t inner_calls;         /* call the other functions from inside, first note */
    uint32_t inner_rc[8];         /* their results (see inner_functions) */
    uint32_t sleep_on_error_ms;   /* sleep this long inside the error notification */
    uintptr_t *caller_handle;     /* the RasDialW caller's variable */
    note notes[MAX_NOTES];
} rec;

static rec *R;

static void rec_reset(void)
{
    memset(R, 0, sizeof(rec) * MAX_CB);
}

static void inner_functions(rec *r, rf_hrasconn h);

/* Every notifier type records through this. */
static uint32_t on_note(uintptr_t cb, uint32_t sub, rf_hrasconn h, uint32_t msg,
                        uint32_t state, uint32_t err, uint32_t ext)
{
    rec *r;
    uint32_t n, ret = 1;
    if (cb == 0 || cb >= MAX_CB) return 1;
    r = &R[cb];
    if (rf_fetch_add_u32(&r->inflight, 1) != 0) rf_fetch_add_u32(&r->overlap, 1);
    n = rf_load_u32(&r->count);
    if (n < MAX_NOTES) {
        note *x = &r->notes[n];
        x->state = state; x->sub = sub; x->err = err; x->msg = msg; x->ext = ext;
        x->h = (uintptr_t)h;
    }
    /* The handle must already be stored in the caller's variable. */
    if (r->caller_handle && *r->caller_handle != (uintptr_t)h) r->handle_mismatch++;
    if (r->sleep_at_state && state == r->sleep_at_state - 1 && err == 0) {
        rf_store_release_u32(&r->in_sleep, 1);
        rf_sleep_ns(50000000);
        rf_store_release_u32(&r->in_sleep, 0);
    }
    if (r->hangup_at_state && state == r->hangup_at_state - 1 && err == 0) {
        RF_RASCONNSTATUSW st;
        r->inner_hangup_rc = P->RasHangUpW(h);
        memset(&st, 0, sizeof st);
        st.dwSize = sizeof st;
        r->inner_status_rc = P->RasGetConnectStatusW(h, &st);
        if (st.rasconnstate != RF_RASCS_Disconnected) r->inner_status_rc = 9999;
    }
    if (r->inner_calls && n == 0) inner_functions(r, h);
    if (r->sleep_on_error_ms && err) {
        rf_store_release_u32(&r->in_sleep, 1);
        rf_sleep_ns((uint64_t)r->sleep_on_error_ms * 1000000ull);
        rf_store_release_u32(&r->in_sleep, 0);
    }
    if (r->stop_after && n + 1 == r->stop_after) ret = 0;
    rf_store_release_u32(&r->count, n + 1);
    rf_fetch_add_u32(&r->inflight, (uint32_t)-1);
    return ret;
}

static uint32_t RF_WINAPI recorder(uintptr_t cb, uint32_t sub, rf_hrasconn h, uint32_t msg,
                                   uint32_t state, uint32_t err, uint32_t ext)
{
    return on_note(cb, sub, h, msg, state, err, ext);
}

/* RasDialFunc and RasDialFunc1 carry no dwCallbackId: each records into a
 * fixed slot.  RasDialFunc has no handle either: the caller's variable (the
 * simulator stores it before the first notification) stands in. */
enum { CB_FUNC0 = 9001, CB_FUNC1 = 9002 };
static void RF_WINAPI recorder0(uint32_t msg, uint32_t state, uint32_t err)
{
    uintptr_t *h = R[CB_FUNC0].caller_handle;
    (void)on_note(CB_FUNC0, 0, (rf_hrasconn)(h ? *h : 0), msg, state, err, 0);
}
static void RF_WINAPI recorder1(rf_hrasconn h, uint32_t msg, uint32_t state, uint32_t err,
                                uint32_t ext)
{
    (void)on_note(CB_FUNC1, 0, h, msg, state, err, ext);
}

static uint32_t count_of(uint32_t cb) { return rf_load_acquire_u32(&R[cb].count); }

static int is_end(const note *x)
{
    return x->err != 0 || x->state == RF_RASCS_Connected ||
           (x->state >= RF_RASCS_Interactive && x->state <= RF_RASCS_InvokeEapUI);
}

/* Wait until cb's last notification is an end (Connected, error, pause). */
static int wait_end(uint32_t cb, uint64_t timeout_ms)
{
    uint64_t until = rf_now_ns() + timeout_ms * 1000000ull;
    for (;;) {
        uint32_t n = count_of(cb);
        if (n && n <= MAX_NOTES && is_end(&R[cb].notes[n - 1])) {
            /* a failure comes as (state, 0) then (state, err): wait for the pair */
            const note *x = &R[cb].notes[n - 1];
            if (x->err || x->state == RF_RASCS_Connected) return 1;
            rf_sleep_ns(2000000);
            if (count_of(cb) == n) return 1;
            continue;
        }
        if (rf_now_ns() > until) return 0;
        rf_sleep_ns(500000);
    }
}

static int wait_count(uint32_t cb, uint32_t n, uint64_t timeout_ms)
{
    uint64_t until = rf_now_ns() + timeout_ms * 1000000ull;
    while (count_of(cb) < n) {
        if (rf_now_ns() > until) return 0;
        rf_sleep_ns(200000);
    }
    return 1;
}

static void wstr(uint16_t *dst, size_t cap, const char *s)
{
    size_t i = 0;
    for (; s[i] && i + 1 < cap; i++) dst[i] = (uint16_t)(unsigned char)s[i];
    dst[i] = 0;
}

static int weq_ascii(const uint16_t *w, const char *s)
{
    for (; *s; s++, w++) if (*w != (uint16_t)(unsigned char)*s) return 0;
    return *w == 0;
}

static RF_RASDIALPARAMSW *params_for(const char *entry, uintptr_t cb)
{
    static RF_RASDIALPARAMSW p;   /* main thread only */
    memset(&p, 0, sizeof p);
    p.dwSize = sizeof p;
    wstr(p.szEntryName, RF_RAS_MaxEntryName + 1, entry);
    wstr(p.szUserName, RF_UNLEN + 1, "alice");
    wstr(p.szPassword, RF_PWLEN + 1, "secret");
    p.dwCallbackId = cb;
    return &p;
}

static uint32_t dial(const char *entry, uintptr_t cb, uint32_t options, uintptr_t *h)
{
    RF_RASDIALEXTENSIONS ext;
    memset(&ext, 0, sizeof ext);
    ext.dwSize = sizeof ext;
    ext.dwfOptions = options;
    R[cb].caller_handle = h;
    return P->RasDialW(&ext, NULL, params_for(entry, cb), 2, (void *)recorder,
                       (rf_hrasconn *)h);
}

static uint32_t status(uintptr_t h, RF_RASCONNSTATUSW *st)
{
    memset(st, 0, sizeof *st);
    st->dwSize = sizeof *st;
    return P->RasGetConnectStatusW((rf_hrasconn)h, st);
}

/* Poll until the handle answers ERROR_INVALID_HANDLE. */
static int wait_released(uintptr_t h, uint64_t timeout_ms)
{
    uint64_t until = rf_now_ns() + timeout_ms * 1000000ull;
    RF_RASCONNSTATUSW st;
    while (status(h, &st) != RF_ERROR_INVALID_HANDLE) {
        if (rf_now_ns() > until) return 0;
        rf_sleep_ns(1000000);
    }
    return 1;
}

static uint32_t entry_states(const char *name, uint32_t *out, uint32_t max)
{
    uint16_t w[RF_RAS_MaxEntryName + 1];
    wstr(w, sizeof w / sizeof *w, name);
    return rf_sim_entry_states(w, out, max);
}

/* The notifications of cb follow the entry's walk exactly; a failing walk
 * ends with the failing state twice (0, then error). */
static void check_walk(uint32_t cb, const char *entry, uint32_t expect_err)
{
    uint32_t states[64], n = entry_states(entry, states, 64), i, got = count_of(cb);
    uint32_t expect_n = n + (expect_err ? 1 : 0);
    CHECK(n > 0);
    CHECK_EQ(got, expect_n);
    for (i = 0; i < got && i < n; i++) {
        CHECK_EQ(R[cb].notes[i].state, states[i]);
        CHECK_EQ(R[cb].notes[i].err, 0);
        CHECK_EQ(R[cb].notes[i].msg, RF_WM_RASDIALEVENT);
        CHECK_EQ(R[cb].notes[i].ext, 0);
    }
    if (expect_err && got == expect_n) {
        CHECK_EQ(R[cb].notes[n].state, states[n - 1]);
        CHECK_EQ(R[cb].notes[n].err, expect_err);
    }
    CHECK_EQ(rf_load_u32(&R[cb].overlap), 0);
    CHECK_EQ(R[cb].handle_mismatch, 0);
}

/* ------------------------------------------------------------------------
 * Tests
 * ---------------------------------------------------------------------- */
static void test_vpn_connects(void)
{
    uintptr_t h = 0;
    RF_RASCONNSTATUSW st;
    RF_RASCONNW conns[4];
    uint32_t cb_bytes, n, i, k;
    rf_sim_set_time_scale(0.05);
    CHECK_EQ(dial("Demo VPN", 1, 0, &h), 0);
    CHECK(h != 0);
    CHECK(wait_end(1, 5000));
    check_walk(1, "Demo VPN", 0);
    for (i = 0; i < count_of(1); i++) {
        CHECK_EQ(R[1].notes[i].h, h);
        CHECK_EQ(R[1].notes[i].sub, 0);
    }
    CHECK_EQ(R[1].notes[count_of(1) - 1].state, RF_RASCS_Connected);
    CHECK_EQ(status(h, &st), 0);
    CHECK_EQ(st.rasconnstate, RF_RASCS_Connected);
    CHECK_EQ(st.dwError, 0);
    CHECK(weq_ascii(st.szDeviceType, "vpn"));
    CHECK(weq_ascii(st.szDeviceName, "WAN Miniport (IKEv2)"));

    /* RasEnumConnectionsW: size query, then the list */
    cb_bytes = 0;
    n = 0;
    CHECK_EQ(P->RasEnumConnectionsW(NULL, &cb_bytes, &n), RF_ERROR_BUFFER_TOO_SMALL);
    CHECK_EQ(cb_bytes, RF_RASCONNW_SIZE_0600);   /* no buffer: the newest size */
    CHECK_EQ(n, 1);
    memset(conns, 0, sizeof conns);
    conns[0].dwSize = sizeof conns[0];
    cb_bytes = sizeof conns;
    CHECK_EQ(P->RasEnumConnectionsW(conns, &cb_bytes, &n), 0);
    CHECK_EQ(n, 1);
    CHECK_EQ((uintptr_t)conns[0].hrasconn, h);
    CHECK(weq_ascii(conns[0].szEntryName, "Demo VPN"));
    CHECK(weq_ascii(conns[0].szDeviceType, "vpn"));
    CHECK_EQ(conns[0].szPhonebook[0], 0);

    /* hang up: Disconnected until the port is released, then 6 */
    rf_sim_set_release_delay(100000000);   /* 100 ms (scaled: 5 ms) */
    rf_sim_set_time_scale(1.0);
    k = count_of(1);
    CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);
    CHECK_EQ(status(h, &st), 0);
    CHECK_EQ(st.rasconnstate, RF_RASCS_Disconnected);
    CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);        /* double hang-up */
    cb_bytes = sizeof conns;
    CHECK_EQ(P->RasEnumConnectionsW(conns, &cb_bytes, &n), 0);
    CHECK_EQ(n, 0);                                     /* not listed any more */
    CHECK(wait_released(h, 2000));
    CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), RF_ERROR_INVALID_HANDLE);
    CHECK_EQ(count_of(1), k);
    CHECK_EQ(rf_sim_active_connections(), 0);
    rf_sim_set_release_delay(20000000);
}

static void test_instant_first_notification(void)
{
    /* Instant: the first notifications usually arrive before RasDialW
     * returns; the recorder checks the caller's variable already holds the
     * handle each time. */
    uintptr_t h = 0;
    int i;
    for (i = 0; i < 50; i++) {
        h = 0;
        memset(&R[2], 0, sizeof R[2]);
        CHECK_EQ(dial("Demo Instant", 2, 0, &h), 0);
        CHECK(wait_end(2, 2000));
        check_walk(2, "Demo Instant", 0);
        CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);
        CHECK(wait_released(h, 2000));
    }
}

static void test_failures(void)
{
    static const struct { const char *name; uint32_t state, err; } f[] = {
        { "Demo Bad Password", RF_RASCS_Authenticate, RF_ERROR_AUTHENTICATION_FAILURE },
        { "Demo No Answer", RF_RASCS_ConnectDevice, RF_ERROR_NO_ANSWER },
        { "Demo VPN Timeout", RF_RASCS_ConnectDevice, RF_ERROR_VPN_TIMEOUT },
    };
    uintptr_t h[3] = { 0, 0, 0 };
    RF_RASCONNSTATUSW st;
    uint32_t i, cbytes = 0, n = 99;
    rf_sim_set_time_scale(0.05);
    for (i = 0; i < 3; i++) CHECK_EQ(dial(f[i].name, 10 + i, 0, &h[i]), 0);
    for (i = 0; i < 3; i++) {
        CHECK(wait_end(10 + i, 5000));
        check_walk(10 + i, f[i].name, f[i].err);
        CHECK_EQ(status(h[i], &st), 0);
        CHECK_EQ(st.rasconnstate, f[i].state);
        CHECK_EQ(st.dwError, f[i].err);
    }
    /* failed dials are not listed */
    CHECK_EQ(P->RasEnumConnectionsW(NULL, &cbytes, &n), 0);
    CHECK_EQ(n, 0);
    /* a failed entry can be dialed again at once (no 756) */
    {
        uintptr_t h2 = 0;
        CHECK_EQ(dial("Demo Bad Password", 13, 0, &h2), 0);
        CHECK(wait_end(13, 5000));
        CHECK_EQ(P->RasHangUpW((rf_hrasconn)h2), 0);
    }
    /* hang-up after failure */
    for (i = 0; i < 3; i++) {
        CHECK_EQ(P->RasHangUpW((rf_hrasconn)h[i]), 0);
        CHECK_EQ(status(h[i], &st), 0);
        CHECK_EQ(st.rasconnstate, RF_RASCS_Disconnected);
    }
    for (i = 0; i < 3; i++) CHECK(wait_released(h[i], 2000));
}

static void test_sync_dial(void)
{
    uintptr_t h = 0;
    RF_RASCONNSTATUSW st;
    rf_sim_set_time_scale(0.01);
    CHECK_EQ(P->RasDialW(NULL, NULL, params_for("Demo VPN", 0), 0, NULL, (rf_hrasconn *)&h), 0);
    CHECK(h != 0);
    CHECK_EQ(status(h, &st), 0);
    CHECK_EQ(st.rasconnstate, RF_RASCS_Connected);
    CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);
    CHECK(wait_released(h, 2000));
    h = 0;
    CHECK_EQ(P->RasDialW(NULL, NULL, params_for("Demo Bad Password", 0), 2, NULL,
                         (rf_hrasconn *)&h), RF_ERROR_AUTHENTICATION_FAILURE);
    CHECK(h != 0);                 /* stored even on failure */
    CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);
    CHECK(wait_released(h, 2000));
    h = 0;
    CHECK_EQ(P->RasDialW(NULL, NULL, params_for("Demo Password Expired", 0), 2, NULL,
                         (rf_hrasconn *)&h), RF_ERROR_PASSWD_EXPIRED);
    CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);
    CHECK(wait_released(h, 2000));
}

/* A synchronous dial (NULL notifier) hung up from another thread returns
 * ERROR_USER_DISCONNECTION on the dialing thread. */
typedef struct sync_arg { uintptr_t h; uint32_t rc; uint32_t done; } sync_arg;

static void sync_dial_thread(void *p)
{
    sync_arg *a = (sync_arg *)p;
    RF_RASDIALPARAMSW *prm = (RF_RASDIALPARAMSW *)calloc(1, sizeof *prm);
    uintptr_t h = 0;
    prm->dwSize = sizeof *prm;
    wstr(prm->szEntryName, RF_RAS_MaxEntryName + 1, "Demo Modem");
    a->rc = P->RasDialW(NULL, NULL, prm, 2, NULL, (rf_hrasconn *)&h);
    free(prm);
    rf_store_release_u32(&a->done, 1);
}

static void test_sync_hangup(void)
{
    sync_arg a;
    rf_thread *t;
    RF_RASCONNW conns[2];
    uint32_t cbytes, n = 0;
    uint64_t until = rf_now_ns() + 2000000000ull;
    memset(&a, 0, sizeof a);
    rf_sim_set_time_scale(1.0);               /* modem: seconds per step */
    t = rf_thread_start(sync_dial_thread, &a);
    CHECK(t != NULL);
    if (!t) return;
    do {                                        /* find its handle */
        memset(conns, 0, sizeof conns);
        conns[0].dwSize = sizeof conns[0];
        cbytes = sizeof conns;
        if (P->RasEnumConnectionsW(conns, &cbytes, &n) == 0 && n == 1) break;
        rf_sleep_ns(1000000);
    } while (rf_now_ns() < until);
    CHECK_EQ(n, 1);
    CHECK(weq_ascii(conns[0].szDeviceType, "modem"));
    CHECK_EQ(P->RasHangUpW(conns[0].hrasconn), 0);
    rf_thread_join(t);
    CHECK_EQ(a.rc, RF_ERROR_USER_DISCONNECTION);
    CHECK(wait_released((uintptr_t)conns[0].hrasconn, 2000));
}

static void test_pause(void)
{
    uintptr_t h = 0, h2;
    RF_RASCONNSTATUSW st;
    uint32_t n, i, saw_change = 0;
    RF_RASDIALPARAMSW *p;
    rf_sim_set_time_scale(0.05);

    /* With RDEOPT_PausedStates: a pause, then resume to Connected */
    CHECK_EQ(dial("Demo Password Expired", 20, RF_RDEOPT_PausedStates, &h), 0);
    CHECK(wait_end(20, 5000));
    n = count_of(20);
    CHECK_EQ(R[20].notes[n - 1].state, RF_RASCS_PasswordExpired);
    CHECK_EQ(R[20].notes[n - 1].err, 0);
    CHECK_EQ(status(h, &st), 0);
    CHECK_EQ(st.rasconnstate, RF_RASCS_PasswordExpired);
    rf_sleep_ns(30000000);
    CHECK_EQ(count_of(20), n);     /* it waits */
    /* a second dial of the paused entry: already in progress */
    h2 = 0;
    CHECK_EQ(dial("Demo Password Expired", 21, RF_RDEOPT_PausedStates, &h2),
             RF_ERROR_DIAL_ALREADY_IN_PROGRESS);
    CHECK_EQ(h2, 0);
    /* resume with a new password */
    p = params_for("Demo Password Expired", 20);
    wstr(p->szPassword, RF_PWLEN + 1, "new-secret");
    h2 = h;
    CHECK_EQ(P->RasDialW(NULL, NULL, p, 2, (void *)recorder, (rf_hrasconn *)&h2), 0);
    CHECK_EQ(h2, h);
    CHECK(wait_count(20, n + 1, 5000));
    CHECK(wait_end(20, 5000));
    check_walk(20, "Demo Password Expired", 0);
    for (i = 0; i < count_of(20); i++)
        if (R[20].notes[i].state == RF_RASCS_AuthChangePassword) saw_change = 1;
    CHECK(saw_change);
    /* resuming a connection that is not paused */
    h2 = h;
    CHECK_EQ(P->RasDialW(NULL, NULL, params_for("Demo Password Expired", 20), 2,
                         (void *)recorder, (rf_hrasconn *)&h2), RF_ERROR_INVALID_PARAMETER);
    CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);
    CHECK(wait_released(h, 2000));
    /* a stale handle */
    h2 = h;
    CHECK_EQ(P->RasDialW(NULL, NULL, params_for("Demo Password Expired", 20), 2,
                         (void *)recorder, (rf_hrasconn *)&h2), RF_ERROR_INVALID_HANDLE);

    /* Without the flag: the pause fails the dial with 648 */
    h = 0;
    CHECK_EQ(dial("Demo Password Expired", 22, 0, &h), 0);
    CHECK(wait_end(22, 5000));
    n = count_of(22);
    CHECK(n >= 2);
    CHECK_EQ(R[22].notes[n - 2].state, RF_RASCS_PasswordExpired);
    CHECK_EQ(R[22].notes[n - 2].err, 0);
    CHECK_EQ(R[22].notes[n - 1].state, RF_RASCS_PasswordExpired);
    CHECK_EQ(R[22].notes[n - 1].err, RF_ERROR_PASSWD_EXPIRED);
    CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);

    /* other pauses: Interactive -> 703, RetryAuthentication -> 691 */
    {
        rf_sim_entry e;
        uintptr_t ha = 0, hb = 0, hc = 0;
        uint32_t states[64], k, pos_dc = 0, pos_int = 0;
        memset(&e, 0, sizeof e);
        wstr(e.name, 257, "Test Interactive");
        e.profile = RF_SIM_PROFILE_INSTANT;
        e.fail_at = -1;
        e.pause_at = RF_RASCS_Interactive;
        e.subentries = 1;
        CHECK_EQ(rf_sim_add_entry(&e), 0);
        wstr(e.name, 257, "Test Retry");
        e.pause_at = RF_RASCS_RetryAuthentication;
        CHECK_EQ(rf_sim_add_entry(&e), 0);
        n = entry_states("Test Interactive", states, 64);
        for (k = 0; k < n; k++) {
            if (states[k] == RF_RASCS_DeviceConnected) pos_dc = k;
            if (states[k] == RF_RASCS_Interactive) pos_int = k;
        }
        CHECK_EQ(pos_int, pos_dc + 1);
        CHECK_EQ(dial("Test Interactive", 23, 0, &ha), 0);
        CHECK_EQ(dial("Test Retry", 24, 0, &hb), 0);
        CHECK(wait_end(23, 2000));
        CHECK(wait_end(24, 2000));
        CHECK_EQ(R[23].notes[count_of(23) - 1].err, RF_ERROR_INTERACTIVE_MODE);
        CHECK_EQ(R[24].notes[count_of(24) - 1].err, RF_ERROR_AUTHENTICATION_FAILURE);
        CHECK_EQ(R[24].notes[count_of(24) - 1].state, RF_RASCS_RetryAuthentication);
        /* paused, then hung up while paused */
        CHECK_EQ(dial("Test Interactive", 25, RF_RDEOPT_PausedStates, &hc), 0);
        CHECK(wait_end(25, 2000));
        CHECK_EQ(R[25].notes[count_of(25) - 1].state, RF_RASCS_Interactive);
        CHECK_EQ(P->RasHangUpW((rf_hrasconn)hc), 0);
        CHECK_EQ(P->RasHangUpW((rf_hrasconn)ha), 0);
        CHECK_EQ(P->RasHangUpW((rf_hrasconn)hb), 0);
        CHECK(wait_released(hc, 2000));
    }
}

static void test_multilink(void)
{
    uintptr_t h = 0;
    uint32_t i, n, sec1 = 0, sec2 = 0, dev1 = 0, dev2 = 0;
    rf_sim_set_time_scale(0.02);
    CHECK_EQ(dial("Demo Multilink", 30, 0, &h), 0);
    CHECK(wait_end(30, 5000));
    check_walk(30, "Demo Multilink", 0);
    n = count_of(30);
    for (i = 0; i < n; i++) {
        const note *x = &R[30].notes[i];
        if (x->state == RF_RASCS_SubEntryConnected) { if (x->sub == 1) sec1++; if (x->sub == 2) sec2++; }
        if (x->state == RF_RASCS_DeviceConnected) { if (x->sub == 1) dev1++; if (x->sub == 2) dev2++; }
    }
    CHECK_EQ(sec1, 1);
    CHECK_EQ(sec2, 1);
    CHECK_EQ(dev1, 1);
    CHECK_EQ(dev2, 1);
    CHECK_EQ(R[30].notes[n - 1].state, RF_RASCS_Connected);
    CHECK_EQ(R[30].notes[n - 1].sub, 0);
    CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);
    CHECK(wait_released(h, 2000));
}

static void test_hangup_mid_dial(void)
{
    uintptr_t h = 0;
    RF_RASCONNSTATUSW st;
    uint32_t k;
    rf_sim_set_time_scale(1.0);               /* vpn: 10-200 ms per step */
    rf_sim_set_release_delay(200000000);      /* 200 ms */
    CHECK_EQ(dial("Demo VPN", 40, 0, &h), 0);
    CHECK(wait_count(40, 3, 5000));
    CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);
    k = count_of(40);
    CHECK(k < 11);
    CHECK_EQ(status(h, &st), 0);
    CHECK_EQ(st.rasconnstate, RF_RASCS_Disconnected);
    rf_sleep_ns(100000000);
    CHECK_EQ(count_of(40), k);                 /* nothing after RasHangUpW returned */
    CHECK_EQ(status(h, &st), 0);               /* port not yet released */
    CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);
    CHECK(wait_released(h, 2000));
    CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), RF_ERROR_INVALID_HANDLE);
    CHECK_EQ(count_of(40), k);
    rf_sim_set_release_delay(20000000);

    /* RasHangUpW while the notifier is running on a RAS thread: returns
     * only after that call has returned; nothing after. */
    h = 0;
    rf_sim_set_time_scale(0.0);
    R[41].sleep_at_state = RF_RASCS_ConnectDevice + 1;
    CHECK_EQ(dial("Demo VPN", 41, 0, &h), 0);
    while (!rf_load_acquire_u32(&R[41].in_sleep) && count_of(41) < 3) rf_sleep_ns(100000);
    CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);
    CHECK_EQ(rf_load_acquire_u32(&R[41].in_sleep), 0);
    k = count_of(41);
    CHECK_EQ(k, 3);                            /* OpenPort, PortOpened, ConnectDevice */
    rf_sleep_ns(20000000);
    CHECK_EQ(count_of(41), k);
    CHECK(wait_released(h, 2000));

    /* RasHangUpW from inside the notifier: no deadlock, nothing after */
    h = 0;
    R[42].hangup_at_state = RF_RASCS_AuthNotify + 1;
    CHECK_EQ(dial("Demo VPN", 42, 0, &h), 0);
    CHECK(wait_released(h, 2000));
    CHECK_EQ(R[42].inner_hangup_rc, 0);
    CHECK_EQ(R[42].inner_status_rc, 0);
    CHECK_EQ(R[42].notes[count_of(42) - 1].state, RF_RASCS_AuthNotify);
    rf_sleep_ns(5000000);
    CHECK_EQ(R[42].notes[count_of(42) - 1].state, RF_RASCS_AuthNotify);

    /* ... also on the failing state's first call: the error call is skipped */
    h = 0;
    R[43].hangup_at_state = RF_RASCS_Authenticate + 1;
    CHECK_EQ(dial("Demo Bad Password", 43, 0, &h), 0);
    CHECK(wait_released(h, 2000));
    CHECK_EQ(R[43].notes[count_of(43) - 1].state, RF_RASCS_Authenticate);
    CHECK_EQ(R[43].notes[count_of(43) - 1].err, 0);
}

static void test_notifier_stop(void)
{
    uintptr_t h = 0;
    RF_RASCONNSTATUSW st;
    uint64_t until;
    rf_sim_set_time_scale(0.0);
    R[50].stop_after = 3;
    CHECK_EQ(dial("Demo VPN", 50, 0, &h), 0);
    until = rf_now_ns() + 2000000000ull;
    for (;;) {                                 /* the dial carries on silently */
        CHECK_EQ(status(h, &st), 0);
        if (st.rasconnstate == RF_RASCS_Connected || rf_now_ns() > until) break;
        rf_sleep_ns(1000000);
    }
    CHECK_EQ(st.rasconnstate, RF_RASCS_Connected);
    CHECK_EQ(count_of(50), 3);
    CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);
    CHECK(wait_released(h, 2000));
}

static void test_duplicates(void)
{
    uintptr_t h = 0, h2 = 0;
    RF_RASCONNSTATUSW st;
    rf_sim_set_time_scale(0.05);
    CHECK_EQ(dial("Demo VPN", 60, 0, &h), 0);
    CHECK_EQ(dial("demo vpn", 61, 0, &h2), RF_ERROR_DIAL_ALREADY_IN_PROGRESS);
    CHECK_EQ(h2, 0);
    CHECK(wait_end(60, 5000));
    /* connected: the same handle, referenced; one Connected notification */
    CHECK_EQ(dial("DEMO VPN", 62, 0, &h2), 0);
    CHECK_EQ(h2, h);
    CHECK(wait_count(62, 1, 2000));
    CHECK_EQ(R[62].notes[0].state, RF_RASCS_Connected);
    CHECK_EQ(R[62].notes[0].h, h);
    CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);  /* drops one reference */
    CHECK_EQ(status(h, &st), 0);
    CHECK_EQ(st.rasconnstate, RF_RASCS_Connected);
    CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);  /* the last one */
    CHECK_EQ(status(h, &st), 0);
    CHECK_EQ(st.rasconnstate, RF_RASCS_Disconnected);
    CHECK(wait_released(h, 2000));
}

static void test_bad_input(void)
{
    uintptr_t h = 0;
    RF_RASDIALPARAMSW *p;
    RF_RASDIALEXTENSIONS ext;
    RF_RASCONNSTATUSW st;
    RF_RASCONNW conn;
    RF_RASENTRYNAMEW names[16];
    uint32_t cb_bytes, n, i;
    uint16_t buf[512];

    p = params_for("Demo Instant", 70);
    p->dwSize = 12;
    CHECK_EQ(P->RasDialW(NULL, NULL, p, 2, (void *)recorder, (rf_hrasconn *)&h), RF_ERROR_INVALID_SIZE);
    CHECK_EQ(h, 0);
    p = params_for("Demo Instant", 70);
    memset(&ext, 0, sizeof ext);
    ext.dwSize = sizeof ext - 4;
    CHECK_EQ(P->RasDialW(&ext, NULL, p, 2, (void *)recorder, (rf_hrasconn *)&h), RF_ERROR_INVALID_SIZE);
    CHECK_EQ(P->RasDialW(NULL, NULL, p, 3, (void *)recorder, (rf_hrasconn *)&h), RF_ERROR_INVALID_PARAMETER);
    CHECK_EQ(P->RasDialW(NULL, NULL, p, 0xFFFFFFFEu, (void *)recorder, (rf_hrasconn *)&h), RF_ERROR_INVALID_PARAMETER);
    /* an HWND that is no window (here: no windows at all on POSIX) */
    CHECK(!rf_window_exists((void *)recorder));
    CHECK_EQ(P->RasDialW(NULL, NULL, p, 0xFFFFFFFFu, (void *)recorder, (rf_hrasconn *)&h), RF_ERROR_INVALID_PARAMETER);
    CHECK_EQ(P->RasDialW(NULL, NULL, p, 2, (void *)recorder, NULL), RF_ERROR_INVALID_PARAMETER);
    CHECK_EQ(h, 0);
    p = params_for("No Such Entry", 70);
    CHECK_EQ(P->RasDialW(NULL, NULL, p, 2, (void *)recorder, (rf_hrasconn *)&h),
             RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    CHECK_EQ(h, 0);
    CHECK_EQ(count_of(70), 0);
    /* the older RASDIALPARAMSW size is accepted */
    p = params_for("Demo Instant", 71);
    p->dwSize = (uint32_t)RF_RASDIALPARAMSW_SIZE_0401;
    R[71].caller_handle = &h;
    CHECK_EQ(P->RasDialW(NULL, NULL, p, 2, (void *)recorder, (rf_hrasconn *)&h), 0);
    CHECK(wait_end(71, 2000));

    memset(&st, 0, sizeof st);
    st.dwSize = sizeof st + 2;
    CHECK_EQ(P->RasGetConnectStatusW((rf_hrasconn)h, &st), RF_ERROR_INVALID_SIZE);
    CHECK_EQ(P->RasGetConnectStatusW((rf_hrasconn)h, NULL), RF_ERROR_INVALID_PARAMETER);
    CHECK_EQ(status(h ^ 0x10000u, &st), RF_ERROR_INVALID_HANDLE);   /* wrong generation */
    CHECK_EQ(status(0, &st), RF_ERROR_INVALID_HANDLE);
    CHECK_EQ(P->RasHangUpW(NULL), RF_ERROR_INVALID_HANDLE);

    memset(&conn, 0, sizeof conn);
    conn.dwSize = 100;
    cb_bytes = sizeof conn;
    CHECK_EQ(P->RasEnumConnectionsW(&conn, &cb_bytes, &n), RF_ERROR_INVALID_SIZE);
    conn.dwSize = sizeof conn;
    cb_bytes = sizeof conn - 1;
    CHECK_EQ(P->RasEnumConnectionsW(&conn, &cb_bytes, &n), RF_ERROR_BUFFER_TOO_SMALL);
    CHECK_EQ(cb_bytes, sizeof conn);
    CHECK_EQ(n, 1);
    CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);
    CHECK(wait_released(h, 2000));

    /* RasEnumEntriesW */
    memset(names, 0, sizeof names);
    names[0].dwSize = 7;
    cb_bytes = sizeof names;
    CHECK_EQ(P->RasEnumEntriesW(NULL, NULL, names, &cb_bytes, &n), RF_ERROR_INVALID_SIZE);
    names[0].dwSize = sizeof names[0];
    cb_bytes = sizeof names[0];
    CHECK_EQ(P->RasEnumEntriesW(NULL, NULL, names, &cb_bytes, &n), RF_ERROR_BUFFER_TOO_SMALL);
    CHECK_EQ(n, rf_sim_entry_count());
    CHECK_EQ(cb_bytes, n * sizeof names[0]);
    cb_bytes = sizeof names;
    CHECK_EQ(P->RasEnumEntriesW(NULL, NULL, names, &cb_bytes, &n), 0);
    CHECK(n >= 8);
    CHECK(weq_ascii(names[0].szEntryName, "Demo VPN"));
    {
        int seen = 0;
        for (i = 0; i < n; i++) if (weq_ascii(names[i].szEntryName, "Demo Password Expired")) seen = 1;
        CHECK(seen);
    }
    CHECK_EQ(P->RasEnumEntriesW((const rf_wchar *)buf, NULL, names, &cb_bytes, &n), RF_ERROR_INVALID_PARAMETER);

    /* RasGetErrorStringW */
    CHECK_EQ(P->RasGetErrorStringW(691, buf, 512), 0);
    CHECK(buf[0] != 0);
    {
        static const uint32_t codes[] = { 6, 87, 600, 603, 619, 623, 628, 629, 631, 632, 633,
                                          648, 668, 678, 679, 680, 691, 703, 718, 720, 756,
                                          800, 809, 868, 1460 };
        for (i = 0; i < sizeof codes / sizeof *codes; i++)
            CHECK_EQ(P->RasGetErrorStringW(codes[i], buf, 512), 0);
    }
    CHECK_EQ(P->RasGetErrorStringW(12345, buf, 512), RF_ERROR_INVALID_PARAMETER);
    CHECK_EQ(P->RasGetErrorStringW(691, buf, 4), 122);
    CHECK_EQ(P->RasGetErrorStringW(691, NULL, 512), RF_ERROR_INVALID_PARAMETER);
}

static void test_entries(void)
{
    rf_sim_entry e, out;
    uint16_t w[300];
    uint32_t n0 = rf_sim_entry_count(), i;
    memset(&e, 0, sizeof e);
    wstr(e.name, 257, "Test Fail");
    e.profile = RF_SIM_PROFILE_VPN;
    e.fail_at = RF_RASCS_Projected;            /* not in a vpn walk */
    e.error = 718;
    e.pause_at = -1;
    e.subentries = 1;
    CHECK_EQ(rf_sim_add_entry(&e), RF_ERROR_INVALID_PARAMETER);
    e.profile = RF_SIM_PROFILE_MODEM;          /* modem walks have Projected */
    CHECK_EQ(rf_sim_add_entry(&e), 0);
    CHECK_EQ(rf_sim_add_entry(&e), RF_ERROR_ALREADY_EXISTS);
    wstr(e.name, 257, "TEST FAIL");
    CHECK_EQ(rf_sim_add_entry(&e), RF_ERROR_ALREADY_EXISTS);
    e.subentries = 3;
    wstr(e.name, 257, "Other");
    CHECK_EQ(rf_sim_add_entry(&e), RF_ERROR_INVALID_PARAMETER);
    e.subentries = 1;
    e.pause_at = 5;
    CHECK_EQ(rf_sim_add_entry(&e), RF_ERROR_INVALID_PARAMETER);
    e.pause_at = -1;
    e.error = 0;
    CHECK_EQ(rf_sim_add_entry(&e), RF_ERROR_INVALID_PARAMETER);
    e.name[0] = 0;
    e.error = 718;
    CHECK_EQ(rf_sim_add_entry(&e), RF_ERROR_INVALID_PARAMETER);
    CHECK_EQ(rf_sim_entry_count(), n0 + 1);
    CHECK(rf_sim_get_entry(n0, &out));
    CHECK(weq_ascii(out.name, "Test Fail"));
    CHECK_EQ(out.builtin, 0);
    CHECK(rf_sim_get_entry(0, &out));
    CHECK_EQ(out.builtin, 1);
    CHECK(!rf_sim_get_entry(n0 + 1, &out));
    /* by name, ignoring case, through the name hash */
    memset(&out, 0, sizeof out);
    wstr(w, 300, "test FAIL");
    CHECK(rf_sim_find_entry(w, &out));
    CHECK(weq_ascii(out.name, "Test Fail"));
    CHECK_EQ(out.profile, RF_SIM_PROFILE_MODEM);
    CHECK_EQ(out.fail_at, RF_RASCS_Projected);
    wstr(w, 300, "Nope");
    CHECK(!rf_sim_find_entry(w, &out));
    CHECK(!rf_sim_find_entry(NULL, &out));
    wstr(w, 300, "test fail");
    {
        uint32_t st[64], n = rf_sim_entry_states(w, st, 64);
        CHECK(n > 3);
        CHECK_EQ(st[n - 1], RF_RASCS_Projected);
    }
    CHECK_EQ(rf_sim_remove_entry(w), 0);
    CHECK_EQ(rf_sim_remove_entry(w), RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    CHECK_EQ(rf_sim_entry_count(), n0);
    /* too long a name: 257 characters */
    for (i = 0; i < 257; i++) e.name[i] = 'x';
    CHECK_EQ(rf_sim_add_entry(&e), RF_ERROR_INVALID_PARAMETER);
    {
        uint64_t lo, hi;
        CHECK(rf_sim_profile_delays(RF_SIM_PROFILE_VPN, &lo, &hi));
        CHECK_EQ(lo, 10000000);
        CHECK_EQ(hi, 200000000);
        CHECK(!rf_sim_profile_delays(7, &lo, &hi));
    }
}

static void test_many_dials(void)
{
    enum { N = 10000 };
    uintptr_t *h = (uintptr_t *)calloc(N + 1, sizeof *h);
    uint16_t name[32];
    uint32_t i, ended = 0, connected = 0;
    uint64_t until, t0;
    rf_histogram hist;
    rec_reset();
    rf_sim_reset_hold_histogram();
    rf_sim_set_duplicate_dials(1);
    t0 = rf_now_ns();
    for (i = 1; i <= N; i++) {
        RF_RASDIALPARAMSW *p = params_for("Demo Instant", i);
        R[i].caller_handle = &h[i];
        if (P->RasDialW(NULL, NULL, p, 2, (void *)recorder, (rf_hrasconn *)&h[i]) != 0) break;
    }
    CHECK_EQ(i, N + 1);
    until = rf_now_ns() + 30000000000ull;
    do {
        ended = 0;
        connected = 0;
        for (i = 1; i <= N; i++) {
            uint32_t n = count_of(i);
            if (n && is_end(&R[i].notes[n - 1])) {
                ended++;
                if (R[i].notes[n - 1].state == RF_RASCS_Connected) connected++;
            }
        }
        if (ended == N) break;
        rf_sleep_ns(5000000);
    } while (rf_now_ns() < until);
    CHECK_EQ(ended, N);
    CHECK_EQ(connected, N);
    for (i = 1; i <= N; i++) {
        CHECK_EQ(rf_load_u32(&R[i].overlap), 0);
        CHECK_EQ(R[i].handle_mismatch, 0);
    }
    check_walk(1, "Demo Instant", 0);
    check_walk(N, "Demo Instant", 0);
    fprintf(stderr, "  %u instant dials connected in %.1f ms\n", N,
            (double)(rf_now_ns() - t0) / 1e6);
    /* A RAS thread records a call's hold after the notifier returned: the
     * last few may still be on their way when the last CONNECTED was seen. */
    until = rf_now_ns() + 2000000000ull;
    do {
        rf_sim_get_hold_histogram(&hist);
        if (hist.count >= (uint64_t)N * 11) break;
        rf_sleep_ns(1000000);
    } while (rf_now_ns() < until);
    CHECK(hist.count >= (uint64_t)N * 11);
    for (i = 1; i <= N; i++) CHECK_EQ(P->RasHangUpW((rf_hrasconn)h[i]), 0);
    for (i = 1; i <= N; i++) CHECK(wait_released(h[i], 5000));
    CHECK_EQ(rf_sim_active_connections(), 0);
    rf_sim_set_duplicate_dials(0);

    /* distinct entries (the hashed phonebook), fewer dials */
    for (i = 1; i <= 2000; i++) {
        rf_sim_entry e;
        char buf[32];
        memset(&e, 0, sizeof e);
        snprintf(buf, sizeof buf, "Stress %u", i);
        wstr(e.name, 257, buf);
        e.profile = RF_SIM_PROFILE_INSTANT;
        e.fail_at = (i % 3 == 0) ? RF_RASCS_Authenticate : -1;
        e.error = (i % 3 == 0) ? 691 : 0;
        e.pause_at = -1;
        e.subentries = (i % 5 == 0) ? 2 : 1;
        CHECK_EQ(rf_sim_add_entry(&e), 0);
    }
    rec_reset();
    for (i = 1; i <= 2000; i++) {
        char buf[32];
        h[i] = 0;
        snprintf(buf, sizeof buf, "stress %u", i);
        CHECK_EQ(dial(buf, i, 0, &h[i]), 0);
    }
    for (i = 1; i <= 2000; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "Stress %u", i);
        CHECK(wait_end(i, 10000));
        check_walk(i, buf, (i % 3 == 0) ? 691 : 0);
    }
    /* reset hangs everything up and restores the phonebook */
    rf_sim_reset();
    CHECK_EQ(rf_sim_active_connections(), 0);
    CHECK_EQ(rf_sim_entry_count(), 10);    /* the built-in phonebook (sim_phonebook.c) */
    wstr(name, 32, "Stress 1");
    CHECK_EQ(rf_sim_remove_entry(name), RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    free(h);
}

static void test_reset_mid_dial(void)
{
    enum { N = 200 };
    uintptr_t h[N + 1];
    uint32_t i, counts[N + 1];
    rec_reset();
    rf_sim_set_duplicate_dials(1);
    rf_sim_set_time_scale(0.1);
    for (i = 1; i <= N; i++) { h[i] = 0; CHECK_EQ(dial("Demo VPN", i, 0, &h[i]), 0); }
    rf_sleep_ns(20000000);
    rf_sim_reset();
    CHECK_EQ(rf_sim_active_connections(), 0);
    CHECK_EQ(rf_sim_get_duplicate_dials(), 0);
    CHECK(rf_sim_get_time_scale() == 1.0);
    CHECK_EQ(rf_sim_get_release_delay(), 20000000);
    for (i = 1; i <= N; i++) counts[i] = count_of(i);
    rf_sleep_ns(50000000);
    for (i = 1; i <= N; i++) {
        RF_RASCONNSTATUSW st;
        CHECK_EQ(count_of(i), counts[i]);      /* nobody is called after reset */
        CHECK_EQ(status(h[i], &st), RF_ERROR_INVALID_HANDLE);
    }
}

static void test_dial_raw(void)
{
    uint16_t w[32];
    uint64_t h = 0;
    rec_reset();
    wstr(w, 32, "Demo Instant");
    CHECK_EQ(rf_sim_dial_raw(w, (void *)recorder, 80, 0, &h), 0);
    CHECK(h != 0);
    CHECK(wait_end(80, 2000));
    CHECK_EQ(R[80].notes[count_of(80) - 1].state, RF_RASCS_Connected);
    CHECK_EQ(R[80].notes[0].h, h);
    CHECK_EQ(P->RasHangUpW((rf_hrasconn)(uintptr_t)h), 0);
    h = 0;
    wstr(w, 32, "Nope");
    CHECK_EQ(rf_sim_dial_raw(w, (void *)recorder, 81, 0, &h), RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    CHECK_EQ(h, 0);
}

/* ------------------------------------------------------------------------
 * Every notifier type (issue 12)
 * ---------------------------------------------------------------------- */
/* From inside the first notification: what the seed page allows works,
 * RasDialW (new, resume, synchronous) is refused with 87. */
static void inner_functions(rec *r, rf_hrasconn h)
{
    RF_RASCONNSTATUSW_0601 st;
    RF_RASCONNW conns[4];
    RF_RASENTRYNAMEW names[16];
    RF_RASDIALPARAMSW p;
    uint16_t text[256];
    uint32_t cb, n;
    rf_hrasconn h2 = NULL;
    memset(&st, 0, sizeof st);
    st.dwSize = sizeof st;
    r->inner_rc[0] = P->RasGetConnectStatusW(h, (RF_RASCONNSTATUSW *)&st);
    if (r->inner_rc[0] == 0 && st.rasconnstate != RF_RASCS_OpenPort) r->inner_rc[0] = 9999;
    memset(names, 0, sizeof names);
    names[0].dwSize = sizeof names[0];
    cb = sizeof names;
    r->inner_rc[1] = P->RasEnumEntriesW(NULL, NULL, names, &cb, &n);
    memset(conns, 0, sizeof conns);
    conns[0].dwSize = sizeof conns[0];
    cb = sizeof conns;
    r->inner_rc[2] = P->RasEnumConnectionsW(conns, &cb, &n);
    if (r->inner_rc[2] == 0 && n < 1) r->inner_rc[2] = 9999;
    r->inner_rc[3] = P->RasGetErrorStringW(691, text, 256);
    memset(&p, 0, sizeof p);
    p.dwSize = sizeof p;
    wstr(p.szEntryName, RF_RAS_MaxEntryName + 1, "Demo Instant");
    r->inner_rc[4] = P->RasDialW(NULL, NULL, &p, 2, (void *)recorder, &h2);
    h2 = h;
    r->inner_rc[5] = P->RasDialW(NULL, NULL, &p, 2, (void *)recorder, &h2);
    h2 = NULL;
    r->inner_rc[6] = P->RasDialW(NULL, NULL, &p, 2, NULL, &h2);
    r->inner_rc[7] = h2 == NULL ? 0 : 9999;
}

typedef struct typed { uint32_t type; void *fn; uint32_t cb; const char *name; } typed;
static const typed k_types[3] = {
    { 0, (void *)recorder0, CB_FUNC0, "RasDialFunc" },
    { 1, (void *)recorder1, CB_FUNC1, "RasDialFunc1" },
    { 2, (void *)recorder, 90, "RasDialFunc2" },
};

static uint32_t dial_typed(const char *entry, const typed *t, uint32_t options, uintptr_t *h)
{
    RF_RASDIALEXTENSIONS ext;
    memset(&ext, 0, sizeof ext);
    ext.dwSize = sizeof ext;
    ext.dwfOptions = options;
    R[t->cb].caller_handle = h;
    return P->RasDialW(&ext, NULL, params_for(entry, t->cb), t->type, t->fn, (rf_hrasconn *)h);
}

static int wait_flag(uint32_t *flag, uint64_t timeout_ms)
{
    uint64_t until = rf_now_ns() + timeout_ms * 1000000ull;
    while (!rf_load_acquire_u32(flag)) {
        if (rf_now_ns() > until) return 0;
        rf_sleep_ns(100000);
    }
    return 1;
}

static void test_notifier_types(void)
{
    for (uint32_t k = 0; k < 3; k++) {
        const typed *t = &k_types[k];
        rec *r = &R[t->cb];
        uintptr_t h = 0, h_ref = 0;
        RF_RASCONNSTATUSW st;
        rf_histogram hist;
        uint32_t n, i;
        fprintf(stderr, "  %s\n", t->name);

        /* The walk, the other functions from inside, the dial suspended
         * while the notifier runs (50 ms at Authenticate). */
        memset(r, 0, sizeof *r);
        r->inner_calls = 1;
        r->sleep_at_state = RF_RASCS_Authenticate + 1;
        rf_sim_set_time_scale(0.05);
        rf_sim_reset_hold_histogram();
        CHECK_EQ(dial_typed("Demo VPN", t, 0, &h), 0);
        CHECK(wait_flag(&r->in_sleep, 5000));
        for (i = 0; i < 4; i++) {
            CHECK_EQ(status(h, &st), 0);
            CHECK_EQ(st.rasconnstate, RF_RASCS_Authenticate);
            rf_sleep_ns(8000000);
        }
        CHECK(wait_end(t->cb, 5000));
        check_walk(t->cb, "Demo VPN", 0);
        for (i = 0; i < 8; i++) {
            uint32_t want = (i >= 4 && i <= 6) ? RF_ERROR_INVALID_PARAMETER : 0;
            CHECK_EQ(r->inner_rc[i], want);
        }
        for (i = 0; i < count_of(t->cb); i++) CHECK_EQ(r->notes[i].h, h);
        rf_sim_get_hold_histogram(&hist);       /* every call of every type */
        CHECK_EQ(hist.count, count_of(t->cb));
        CHECK(hist.max_ns >= 45000000ull);

        /* A referenced dial (the entry is connected) notifies with its own type. */
        R[95].caller_handle = NULL;
        memset(r, 0, sizeof *r);
        CHECK_EQ(dial_typed("Demo VPN", t, 0, &h_ref), 0);
        CHECK_EQ(h_ref, h);
        CHECK(wait_count(t->cb, 1, 2000));
        rf_sleep_ns(5000000);
        CHECK_EQ(count_of(t->cb), 1);
        CHECK_EQ(r->notes[0].state, RF_RASCS_Connected);
        CHECK_EQ(r->notes[0].h, h);
        CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);
        CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);
        CHECK(wait_released(h, 2000));

        /* RasHangUpW from inside. */
        memset(r, 0, sizeof *r);
        r->hangup_at_state = RF_RASCS_DeviceConnected + 1;
        h = 0;
        CHECK_EQ(dial_typed("Demo VPN", t, 0, &h), 0);
        CHECK(wait_released(h, 5000));
        n = count_of(t->cb);
        CHECK_EQ(r->notes[n - 1].state, RF_RASCS_DeviceConnected);
        CHECK_EQ(r->inner_hangup_rc, 0);
        CHECK_EQ(r->inner_status_rc, 0);

        /* An error notification may take its time (a dialog): the dial
         * waits, keeps its error, and nothing times out. */
        memset(r, 0, sizeof *r);
        r->sleep_on_error_ms = 200;
        rf_sim_reset_hold_histogram();
        h = 0;
        CHECK_EQ(dial_typed("Demo Bad Password", t, 0, &h), 0);
        CHECK(wait_flag(&r->in_sleep, 5000));
        CHECK_EQ(status(h, &st), 0);
        CHECK_EQ(st.rasconnstate, RF_RASCS_Authenticate);
        CHECK_EQ(st.dwError, RF_ERROR_AUTHENTICATION_FAILURE);
        CHECK(wait_end(t->cb, 5000));
        while (rf_load_acquire_u32(&r->in_sleep)) rf_sleep_ns(1000000);
        check_walk(t->cb, "Demo Bad Password", RF_ERROR_AUTHENTICATION_FAILURE);
        CHECK_EQ(status(h, &st), 0);
        CHECK_EQ(st.dwError, RF_ERROR_AUTHENTICATION_FAILURE);
        rf_sim_get_hold_histogram(&hist);
        CHECK(hist.max_ns >= 195000000ull);
        CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);
        CHECK(wait_released(h, 2000));
    }
}

/* ------------------------------------------------------------------------
 * Every structure version (issue 12): exact-size buffers, so ASan sees a
 * read or write past the caller's version.
 * ---------------------------------------------------------------------- */
#define ARCH(x64, x86) (sizeof(void *) == 8 ? (x64) : (x86))

static void *exact(const void *src, size_t src_size, size_t size)
{
    unsigned char *p = (unsigned char *)calloc(1, size);
    memcpy(p, src, src_size < size ? src_size : size);
    *(uint32_t *)p = (uint32_t)size;
    return p;
}

static void check_wrong_sizes(const size_t *sizes, size_t n, uint32_t (*call)(uint32_t size))
{
    for (size_t i = 0; i < n; i++) {
        static const int delta[] = { -2, -1, 1, 2 };
        for (size_t d = 0; d < 4; d++) CHECK_EQ(call((uint32_t)((int)sizes[i] + delta[d])), RF_ERROR_INVALID_SIZE);
    }
    CHECK_EQ(call(0), RF_ERROR_INVALID_SIZE);
}

static uint32_t dial_params_of_size(uint32_t size)
{
    RF_RASDIALPARAMSW_0602 big;
    uintptr_t h = 0;
    memset(&big, 0, sizeof big);
    memcpy(&big, params_for("Demo Instant", 0), sizeof(RF_RASDIALPARAMSW));
    big.dwSize = size;
    return P->RasDialW(NULL, NULL, (RF_RASDIALPARAMSW *)&big, 2, NULL, (rf_hrasconn *)&h);
}

static uint32_t dial_ext_of_size(uint32_t size)
{
    RF_RASDIALEXTENSIONS_0601 ext;
    uintptr_t h = 0;
    memset(&ext, 0, sizeof ext);
    ext.dwSize = size;
    return P->RasDialW((RF_RASDIALEXTENSIONS *)&ext, NULL, params_for("Demo Instant", 0), 2,
                       NULL, (rf_hrasconn *)&h);
}

static uintptr_t g_status_h;
static uint32_t status_of_size(uint32_t size)
{
    RF_RASCONNSTATUSW_0601 st;
    memset(&st, 0, sizeof st);
    st.dwSize = size;
    return P->RasGetConnectStatusW((rf_hrasconn)g_status_h, (RF_RASCONNSTATUSW *)&st);
}

static uint32_t enum_conns_of_size(uint32_t size)
{
    unsigned char buf[4 * sizeof(RF_RASCONNW_0600)];
    uint32_t cb = sizeof buf, n;
    memset(buf, 0, sizeof buf);
    *(uint32_t *)buf = size;
    return P->RasEnumConnectionsW((RF_RASCONNW *)buf, &cb, &n);
}

static uint32_t enum_entries_of_size(uint32_t size)
{
    static RF_RASENTRYNAMEW buf[64];
    uint32_t cb = sizeof buf, n;
    memset(buf, 0, sizeof buf);
    buf[0].dwSize = size;
    return P->RasEnumEntriesW(NULL, NULL, buf, &cb, &n);
}

static void test_sizes(void)
{
    static const size_t params_sizes[] = {
        RF_RASDIALPARAMSW_SIZE_0400, RF_RASDIALPARAMSW_SIZE_0401, RF_RASDIALPARAMSW_SIZE_0601,
        RF_RASDIALPARAMSW_SIZE_0602 };
    static const size_t ext_sizes[] = {
        RF_RASDIALEXTENSIONS_SIZE_0400, RF_RASDIALEXTENSIONS_SIZE_0500,
        RF_RASDIALEXTENSIONS_SIZE_0601 };
    static const size_t status_sizes[] = {
        RF_RASCONNSTATUSW_SIZE_0400, RF_RASCONNSTATUSW_SIZE_0401, RF_RASCONNSTATUSW_SIZE_0601 };
    static const size_t conn_sizes[] = {
        RF_RASCONNW_SIZE_0400, RF_RASCONNW_SIZE_0401, RF_RASCONNW_SIZE_0500,
        RF_RASCONNW_SIZE_0501, RF_RASCONNW_SIZE_0600 };
    static const size_t entry_sizes[] = { RF_RASENTRYNAMEW_SIZE_0400, RF_RASENTRYNAMEW_SIZE_0500 };
    uintptr_t h = 0, h2 = 0;
    uint32_t i, n, cb;

    /* The sizes themselves (the ABI check pins the same numbers). */
    CHECK_EQ(params_sizes[0], 2096);
    CHECK_EQ(params_sizes[1], ARCH(2108, 2104));
    CHECK_EQ(params_sizes[2], ARCH(2112, 2108));
    CHECK_EQ(params_sizes[3], ARCH(2120, 2112));
    CHECK_EQ(ext_sizes[0], ARCH(24, 16));
    CHECK_EQ(ext_sizes[1], ARCH(44, 28));
    CHECK_EQ(ext_sizes[2], ARCH(60, 40));
    CHECK_EQ(status_sizes[0], 304);
    CHECK_EQ(status_sizes[1], 564);
    CHECK_EQ(status_sizes[2], 608);
    CHECK_EQ(conn_sizes[0], ARCH(820, 816));
    CHECK_EQ(conn_sizes[1], ARCH(1344, 1340));
    CHECK_EQ(conn_sizes[2], ARCH(1360, 1356));
    CHECK_EQ(conn_sizes[3], ARCH(1372, 1368));
    CHECK_EQ(conn_sizes[4], ARCH(1388, 1384));
    CHECK_EQ(entry_sizes[0], 520);
    CHECK_EQ(entry_sizes[1], 1048);

    rf_sim_set_time_scale(0.0);
    /* RASDIALPARAMSW: each version dials; dwCallbackId from 0x401 on. */
    for (i = 0; i < 4; i++) {
        RF_RASDIALPARAMSW *p = (RF_RASDIALPARAMSW *)exact(params_for("Demo Instant", 0),
                                                          sizeof(RF_RASDIALPARAMSW), params_sizes[i]);
        h = 0;
        CHECK_EQ(P->RasDialW(NULL, NULL, p, 2, NULL, (rf_hrasconn *)&h), 0);   /* synchronous */
        CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);
        CHECK(wait_released(h, 2000));
        if (i > 0) {
            p->dwCallbackId = 91;
            memset(&R[91], 0, sizeof R[91]);
            h = 0;
            R[91].caller_handle = &h;
            CHECK_EQ(P->RasDialW(NULL, NULL, p, 2, (void *)recorder, (rf_hrasconn *)&h), 0);
            CHECK(wait_end(91, 2000));
            check_walk(91, "Demo Instant", 0);
            CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);
            CHECK(wait_released(h, 2000));
        }
        free(p);
    }
    check_wrong_sizes(params_sizes, 4, dial_params_of_size);

    /* RASDIALEXTENSIONS: each version's dwfOptions is read (paused states). */
    for (i = 0; i < 3; i++) {
        RF_RASDIALEXTENSIONS_0601 full;
        RF_RASDIALEXTENSIONS *ext;
        memset(&full, 0, sizeof full);
        full.dwfOptions = RF_RDEOPT_PausedStates;
        ext = (RF_RASDIALEXTENSIONS *)exact(&full, sizeof full, ext_sizes[i]);
        memset(&R[92], 0, sizeof R[92]);
        h = 0;
        R[92].caller_handle = &h;
        CHECK_EQ(P->RasDialW(ext, NULL, params_for("Demo Password Expired", 92), 2,
                             (void *)recorder, (rf_hrasconn *)&h), 0);
        CHECK(wait_end(92, 2000));
        n = count_of(92);
        CHECK_EQ(R[92].notes[n - 1].state, RF_RASCS_PasswordExpired);
        CHECK_EQ(R[92].notes[n - 1].err, 0);
        CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);
        CHECK(wait_released(h, 2000));
        free(ext);
    }
    check_wrong_sizes(ext_sizes, 3, dial_ext_of_size);

    /* RASCONNSTATUSW: filled up to the caller's size, not a byte further. */
    h = 0;
    CHECK_EQ(P->RasDialW(NULL, NULL, params_for("Demo VPN", 0), 2, NULL, (rf_hrasconn *)&h), 0);
    rf_sim_set_time_scale(0.0001);
    CHECK_EQ(P->RasDialW(NULL, NULL, params_for("Demo Modem", 0), 2, NULL, (rf_hrasconn *)&h2), 0);
    for (i = 0; i < 3; i++) {
        size_t size = status_sizes[i];
        unsigned char *buf = (unsigned char *)malloc(size + 64);
        RF_RASCONNSTATUSW_0601 *st = (RF_RASCONNSTATUSW_0601 *)buf;
        size_t k;
        memset(buf, 0xAB, size + 64);
        st->dwSize = (uint32_t)size;
        CHECK_EQ(P->RasGetConnectStatusW((rf_hrasconn)h, (RF_RASCONNSTATUSW *)st), 0);
        for (k = size; k < size + 64; k++) CHECK_EQ(buf[k], 0xAB);
        CHECK_EQ(st->dwSize, size);
        CHECK_EQ(st->rasconnstate, RF_RASCS_Connected);
        CHECK(weq_ascii(st->szDeviceName, "WAN Miniport (IKEv2)"));
        if (size >= RF_RASCONNSTATUSW_SIZE_0401) CHECK(weq_ascii(st->szPhoneNumber, "vpn.example.com"));
        if (size >= RF_RASCONNSTATUSW_SIZE_0601) {
            CHECK_EQ(st->localEndPoint.dwType, RF_RASTUNNELENDPOINT_IPv4);
            CHECK_EQ(st->localEndPoint.addr.ipv4[0], 198);
            CHECK_EQ(st->localEndPoint.addr.ipv4[1], 51);
            CHECK_EQ(st->localEndPoint.addr.ipv4[2], 100);
            CHECK_EQ(st->remoteEndPoint.dwType, RF_RASTUNNELENDPOINT_IPv4);
            CHECK_EQ(st->remoteEndPoint.addr.ipv4[0], 203);
            CHECK_EQ(st->remoteEndPoint.addr.ipv4[3], 1);
            CHECK_EQ(st->rasconnsubstate, RF_RASCSS_None);
            /* a modem has no tunnel */
            memset(buf, 0xAB, size + 64);
            st->dwSize = (uint32_t)size;
            CHECK_EQ(P->RasGetConnectStatusW((rf_hrasconn)h2, (RF_RASCONNSTATUSW *)st), 0);
            CHECK(weq_ascii(st->szDeviceType, "modem"));
            CHECK_EQ(st->localEndPoint.dwType, RF_RASTUNNELENDPOINT_UNKNOWN);
            CHECK_EQ(st->remoteEndPoint.dwType, RF_RASTUNNELENDPOINT_UNKNOWN);
        }
        free(buf);
    }
    g_status_h = h;
    check_wrong_sizes(status_sizes, 3, status_of_size);

    /* RASCONNW arrays walked with the caller's element size. */
    for (i = 0; i < 5; i++) {
        size_t size = conn_sizes[i];
        unsigned char *buf = (unsigned char *)calloc(2, size);
        RF_RASCONNW_0600 *e0, *e1;
        *(uint32_t *)buf = (uint32_t)size;
        cb = (uint32_t)(2 * size - 1);
        CHECK_EQ(P->RasEnumConnectionsW((RF_RASCONNW *)buf, &cb, &n), RF_ERROR_BUFFER_TOO_SMALL);
        CHECK_EQ(cb, 2 * size);
        CHECK_EQ(n, 2);
        CHECK_EQ(P->RasEnumConnectionsW((RF_RASCONNW *)buf, &cb, &n), 0);
        CHECK_EQ(n, 2);
        e0 = (RF_RASCONNW_0600 *)buf;
        e1 = (RF_RASCONNW_0600 *)(buf + size);
        CHECK_EQ(e0->dwSize, size);
        CHECK_EQ(e1->dwSize, size);
        CHECK((uintptr_t)e0->hrasconn == h || (uintptr_t)e0->hrasconn == h2);
        CHECK((uintptr_t)e1->hrasconn == h || (uintptr_t)e1->hrasconn == h2);
        CHECK(e0->hrasconn != e1->hrasconn);
        CHECK(weq_ascii(e1->szEntryName, (uintptr_t)e1->hrasconn == h ? "Demo VPN" : "Demo Modem"));
        CHECK(weq_ascii(e1->szDeviceName, (uintptr_t)e1->hrasconn == h ? "WAN Miniport (IKEv2)"
                                                                       : "Simulated Modem"));
        if (size == RF_RASCONNW_SIZE_0600) {
            CHECK(e0->guidCorrelationId.Data1 || e0->guidCorrelationId.Data2);
            CHECK(memcmp(&e0->guidCorrelationId, &e1->guidCorrelationId, sizeof(RF_GUID)) != 0);
            CHECK_EQ(e0->guidCorrelationId.Data3 >> 12, 4);   /* a version 4 GUID */
        }
        free(buf);
    }
    check_wrong_sizes(conn_sizes, 5, enum_conns_of_size);
    CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);
    CHECK_EQ(P->RasHangUpW((rf_hrasconn)h2), 0);
    CHECK(wait_released(h, 2000));
    CHECK(wait_released(h2, 2000));

    /* RASENTRYNAMEW arrays. */
    for (i = 0; i < 2; i++) {
        size_t size = entry_sizes[i];
        uint32_t count = rf_sim_entry_count(), k, seen = 0;
        unsigned char *buf = (unsigned char *)calloc(count, size);
        *(uint32_t *)buf = (uint32_t)size;
        cb = (uint32_t)(count * size - 1);
        CHECK_EQ(P->RasEnumEntriesW(NULL, NULL, (RF_RASENTRYNAMEW *)buf, &cb, &n), RF_ERROR_BUFFER_TOO_SMALL);
        CHECK_EQ(cb, count * size);
        CHECK_EQ(P->RasEnumEntriesW(NULL, NULL, (RF_RASENTRYNAMEW *)buf, &cb, &n), 0);
        CHECK_EQ(n, count);
        for (k = 0; k < n; k++) {
            RF_RASENTRYNAMEW *e = (RF_RASENTRYNAMEW *)(buf + k * size);
            CHECK_EQ(e->dwSize, size);
            seen += weq_ascii(e->szEntryName, "Demo Password Expired");
        }
        CHECK_EQ(seen, 1);
        free(buf);
    }
    check_wrong_sizes(entry_sizes, 2, enum_entries_of_size);
}

/* ------------------------------------------------------------------------
 * The phonebook functions (sim_entries.c): Windows' codes, every RASENTRYW
 * size, saved credentials and a dial that uses them.
 * ---------------------------------------------------------------------- */
static const size_t k_entry_sizes[] = {
    RF_RASENTRYW_SIZE_0400, RF_RASENTRYW_SIZE_0401, RF_RASENTRYW_SIZE_0500,
    RF_RASENTRYW_SIZE_0501, RF_RASENTRYW_SIZE_0600, RF_RASENTRYW_SIZE_0601,
    RF_RASENTRYW_SIZE_0A00 };

static uint32_t get_props_of_size(uint32_t size)
{
    static RF_RASENTRYW_0A00 buf;
    uint16_t name[32];
    uint32_t cb = sizeof buf;
    memset(&buf, 0, sizeof buf);
    buf.v0601.dwSize = size;
    wstr(name, 32, "Demo VPN");
    return P->RasGetEntryPropertiesW(NULL, name, &buf.v0601, &cb, NULL, NULL);
}

static uint32_t set_props_of_size(uint32_t size)
{
    static RF_RASENTRYW_0A00 buf;
    uint16_t name[32];
    memset(&buf, 0, sizeof buf);
    buf.v0601.dwSize = size;
    buf.v0601.dwType = RF_RASET_Vpn;
    wstr(name, 32, "Sized");
    return P->RasSetEntryPropertiesW(NULL, name, &buf.v0601, sizeof buf, NULL, 0);
}

static uint32_t set_credentials(const uint16_t *pbk, const char *entry, uint32_t mask,
                                const char *user, const char *secret)
{
    RF_RASCREDENTIALSW c;
    uint16_t name[RF_RAS_MaxEntryName + 1];
    memset(&c, 0, sizeof c);
    c.dwSize = sizeof c;
    c.dwMask = mask;
    wstr(name, RF_RAS_MaxEntryName + 1, entry);
    if (user) wstr(c.szUserName, RF_UNLEN + 1, user);
    if (secret) wstr(c.szPassword, RF_PWLEN + 1, secret);
    return P->RasSetCredentialsW(pbk, name, &c, 0);
}

/* A synchronous dial of entry with the saved-password handle RasGetCredentialsW gives. */
static uint32_t dial_saved(const uint16_t *pbk, const char *entry)
{
    RF_RASCREDENTIALSW c;
    RF_RASDIALPARAMSW p;
    uint16_t name[RF_RAS_MaxEntryName + 1];
    uintptr_t h = 0;
    uint32_t rc;
    memset(&c, 0, sizeof c);
    c.dwSize = sizeof c;
    c.dwMask = RF_RASCM_UserName | RF_RASCM_Password;
    wstr(name, RF_RAS_MaxEntryName + 1, entry);
    rc = P->RasGetCredentialsW(pbk, name, &c);
    if (rc) return 100000 + rc;
    memset(&p, 0, sizeof p);
    p.dwSize = sizeof p;
    memcpy(p.szEntryName, name, sizeof name);
    memcpy(p.szUserName, c.szUserName, sizeof c.szUserName);
    memcpy(p.szPassword, c.szPassword, sizeof c.szPassword);
    rc = P->RasDialW(NULL, pbk, &p, 2, NULL, (rf_hrasconn *)&h);
    if (h) {
        CHECK_EQ(P->RasHangUpW((rf_hrasconn)h), 0);
        CHECK(wait_released(h, 2000));
    }
    return rc;
}

static void test_phonebook_functions(void)
{
    RF_RASENTRYW_0A00 full;
    RF_RASCREDENTIALSW c;
    uint16_t name[RF_RAS_MaxEntryName + 2], other[64], pbk[RF_MAX_PATH + 2], pw[32];
    uint32_t cb, i;
    rf_sim_set_time_scale(0.0);

    /* the size dance: NULL buffer, a buffer too small for its dwSize, unknown sizes */
    wstr(name, 64, "Demo VPN");
    cb = 0;
    CHECK_EQ(P->RasGetEntryPropertiesW(NULL, name, NULL, &cb, NULL, NULL),
             RF_ERROR_BUFFER_TOO_SMALL);
    CHECK_EQ(cb, RF_RASENTRYW_SIZE_0A00);
    for (i = 0; i < sizeof k_entry_sizes / sizeof *k_entry_sizes; i++) {
        memset(&full, 0xAB, sizeof full);
        full.v0601.dwSize = (uint32_t)k_entry_sizes[i];
        cb = (uint32_t)k_entry_sizes[i] - 1;
        CHECK_EQ(P->RasGetEntryPropertiesW(NULL, name, &full.v0601, &cb, NULL, NULL),
                 RF_ERROR_BUFFER_TOO_SMALL);
        CHECK_EQ(cb, k_entry_sizes[i]);
        CHECK_EQ(P->RasGetEntryPropertiesW(NULL, name, &full.v0601, &cb, NULL, NULL), 0);
        CHECK_EQ(full.v0601.dwSize, k_entry_sizes[i]);
        CHECK_EQ(full.v0601.szLocalPhoneNumber[0] != 0, 1);
        /* nothing written past the caller's version */
        if (k_entry_sizes[i] < sizeof full)
            CHECK_EQ(((unsigned char *)&full)[k_entry_sizes[i]], 0xAB);
        CHECK_EQ(set_props_of_size((uint32_t)k_entry_sizes[i]), 0);
    }
    check_wrong_sizes(k_entry_sizes, sizeof k_entry_sizes / sizeof *k_entry_sizes,
                      get_props_of_size);
    check_wrong_sizes(k_entry_sizes, sizeof k_entry_sizes / sizeof *k_entry_sizes,
                      set_props_of_size);
    /* a NULL or empty name: the defaults of a new entry */
    memset(&full, 0, sizeof full);
    full.v0601.dwSize = sizeof full;
    cb = sizeof full;
    CHECK_EQ(P->RasGetEntryPropertiesW(NULL, NULL, &full.v0601, &cb, NULL, NULL), 0);
    CHECK_EQ(full.v0601.dwType, RF_RASET_Vpn);
    CHECK_EQ(full.v0601.dwRedialCount, 3);

    /* validate: 0 unused, 183 taken (any case), 123 invalid */
    wstr(name, 64, "New Entry");
    CHECK_EQ(P->RasValidateEntryNameW(NULL, name), 0);
    wstr(name, 64, "demo vpn");
    CHECK_EQ(P->RasValidateEntryNameW(NULL, name), RF_ERROR_ALREADY_EXISTS);
    {
        static const char *bad[] = { "", ".dot", "a\\b", "a/b", "a:b", "a*b", "a?b", "a\"b",
                                     "a<b", "a>b", "a|b", "tab\tx" };
        for (i = 0; i < sizeof bad / sizeof *bad; i++) {
            wstr(name, 64, bad[i]);
            CHECK_EQ(P->RasValidateEntryNameW(NULL, name), RF_ERROR_INVALID_NAME);
            memset(&full, 0, sizeof full);
            full.v0601.dwSize = sizeof full;
            full.v0601.dwType = RF_RASET_Vpn;
            CHECK_EQ(P->RasSetEntryPropertiesW(NULL, name, &full.v0601, sizeof full, NULL, 0),
                     RF_ERROR_INVALID_NAME);
            CHECK_EQ(P->RasValidateEntryNameW(NULL, name), RF_ERROR_INVALID_NAME);  /* not made */
        }
        wstr(name, 64, "lone");
        name[2] = 0xD800;                        /* unpaired high surrogate */
        CHECK_EQ(P->RasValidateEntryNameW(NULL, name), RF_ERROR_INVALID_NAME);
        name[2] = 0xDC00;                        /* unpaired low surrogate */
        CHECK_EQ(P->RasValidateEntryNameW(NULL, name), RF_ERROR_INVALID_NAME);
        name[2] = 0xD83D; name[3] = 0xDE00;      /* a pair: valid */
        CHECK_EQ(P->RasValidateEntryNameW(NULL, name), 0);
        for (i = 0; i < 257; i++) name[i] = 'x';
        name[257] = 0;
        CHECK_EQ(P->RasValidateEntryNameW(NULL, name), RF_ERROR_INVALID_NAME);
        name[256] = 0;                           /* 256: the longest valid name */
        CHECK_EQ(P->RasValidateEntryNameW(NULL, name), 0);
        CHECK_EQ(P->RasValidateEntryNameW(NULL, NULL), RF_ERROR_INVALID_NAME);
    }

    /* create, read back, replace, rename, delete */
    wstr(name, 64, "Created");
    memset(&full, 0, sizeof full);
    full.v0601.dwSize = sizeof full;
    full.v0601.dwType = RF_RASET_Vpn;
    full.v0601.dwVpnStrategy = RF_VS_Ikev2Only;
    full.v0601.dwEncryptionType = RF_ET_RequireMax;
    full.v0601.dwRedialCount = 7;
    wstr(full.v0601.szLocalPhoneNumber, RF_RAS_MaxPhoneNumber + 1, "vpn.example.com");
    wstr(full.v0601.szDnsSuffix, RF_RAS_MaxDnsSuffix, "corp.example.com");
    CHECK_EQ(P->RasSetEntryPropertiesW(NULL, name, &full.v0601, sizeof full, NULL, 0), 0);
    CHECK_EQ(P->RasValidateEntryNameW(NULL, name), RF_ERROR_ALREADY_EXISTS);
    memset(&full, 0, sizeof full);
    full.v0601.dwSize = sizeof full;
    cb = sizeof full;
    CHECK_EQ(P->RasGetEntryPropertiesW(NULL, name, &full.v0601, &cb, NULL, NULL), 0);
    CHECK_EQ(full.v0601.dwVpnStrategy, RF_VS_Ikev2Only);
    CHECK_EQ(full.v0601.dwEncryptionType, RF_ET_RequireMax);
    CHECK_EQ(full.v0601.dwRedialCount, 7);
    CHECK(weq_ascii(full.v0601.szLocalPhoneNumber, "vpn.example.com"));
    CHECK(weq_ascii(full.v0601.szDnsSuffix, "corp.example.com"));
    full.v0601.dwRedialCount = 9;
    CHECK_EQ(P->RasSetEntryPropertiesW(NULL, name, &full.v0601, sizeof full, NULL, 0), 0);
    full.v0601.dwRedialCount = 0;
    CHECK_EQ(P->RasGetEntryPropertiesW(NULL, name, &full.v0601, &cb, NULL, NULL), 0);
    CHECK_EQ(full.v0601.dwRedialCount, 9);
    /* values outside the SDK's: 87, nothing changed */
    full.v0601.dwType = 9;
    CHECK_EQ(P->RasSetEntryPropertiesW(NULL, name, &full.v0601, sizeof full, NULL, 0),
             RF_ERROR_INVALID_PARAMETER);
    full.v0601.dwType = RF_RASET_Vpn;
    full.v0601.dwEncryptionType = 7;
    CHECK_EQ(P->RasSetEntryPropertiesW(NULL, name, &full.v0601, sizeof full, NULL, 0),
             RF_ERROR_INVALID_PARAMETER);
    full.v0601.dwEncryptionType = RF_ET_RequireMax;
    full.v0601.dwVpnStrategy = 10;
    CHECK_EQ(P->RasSetEntryPropertiesW(NULL, name, &full.v0601, sizeof full, NULL, 0),
             RF_ERROR_INVALID_PARAMETER);
    /* a set with cb smaller than its dwSize: 632 */
    full.v0601.dwVpnStrategy = RF_VS_Ikev2Only;
    CHECK_EQ(P->RasSetEntryPropertiesW(NULL, name, &full.v0601, sizeof full - 1, NULL, 0),
             RF_ERROR_INVALID_SIZE);
    wstr(other, 64, ".bad");
    CHECK_EQ(P->RasSetEntryPropertiesW(NULL, other, &full.v0601, sizeof full, NULL, 0),
             RF_ERROR_INVALID_NAME);
    CHECK_EQ(P->RasRenameEntryW(NULL, name, other), RF_ERROR_INVALID_NAME);
    wstr(other, 64, "DEMO VPN");
    CHECK_EQ(P->RasRenameEntryW(NULL, name, other), RF_ERROR_ALREADY_EXISTS);
    wstr(other, 64, "Renamed");
    CHECK_EQ(P->RasRenameEntryW(NULL, name, other), 0);
    CHECK_EQ(P->RasGetEntryPropertiesW(NULL, name, &full.v0601, &cb, NULL, NULL),
             RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    CHECK_EQ(P->RasGetEntryPropertiesW(NULL, other, &full.v0601, &cb, NULL, NULL), 0);
    CHECK_EQ(full.v0601.dwRedialCount, 9);
    CHECK_EQ(P->RasRenameEntryW(NULL, name, other), RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    CHECK_EQ(P->RasDeleteEntryW(NULL, other), 0);
    CHECK_EQ(P->RasDeleteEntryW(NULL, other), RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    CHECK_EQ(P->RasGetEntryPropertiesW(NULL, other, &full.v0601, &cb, NULL, NULL),
             RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);

    /* phonebook paths: separate namespaces; one longer than MAX_PATH - 1 is 621 */
    wstr(pbk, 64, "/tmp/other.pbk");
    wstr(name, 64, "Demo VPN");
    CHECK_EQ(P->RasValidateEntryNameW(pbk, name), 0);    /* not in this book */
    memset(&full, 0, sizeof full);
    full.v0601.dwSize = sizeof full;
    full.v0601.dwType = RF_RASET_Vpn;
    wstr(full.v0601.szLocalPhoneNumber, RF_RAS_MaxPhoneNumber + 1, "book.example.com");
    CHECK_EQ(P->RasSetEntryPropertiesW(pbk, name, &full.v0601, sizeof full, NULL, 0), 0);
    CHECK_EQ(P->RasGetEntryPropertiesW(pbk, name, &full.v0601, &cb, NULL, NULL), 0);
    CHECK(weq_ascii(full.v0601.szLocalPhoneNumber, "book.example.com"));
    CHECK_EQ(P->RasGetEntryPropertiesW(NULL, name, &full.v0601, &cb, NULL, NULL), 0);
    CHECK(!weq_ascii(full.v0601.szLocalPhoneNumber, "book.example.com"));
    for (i = 0; i < RF_MAX_PATH; i++) pbk[i] = 'p';
    pbk[RF_MAX_PATH] = 0;
    CHECK_EQ(P->RasValidateEntryNameW(pbk, name), RF_ERROR_CANNOT_OPEN_PHONEBOOK);
    CHECK_EQ(P->RasGetEntryPropertiesW(pbk, name, &full.v0601, &cb, NULL, NULL),
             RF_ERROR_CANNOT_OPEN_PHONEBOOK);
    CHECK_EQ(P->RasSetEntryPropertiesW(pbk, name, &full.v0601, sizeof full, NULL, 0),
             RF_ERROR_CANNOT_OPEN_PHONEBOOK);
    CHECK_EQ(P->RasDeleteEntryW(pbk, name), RF_ERROR_CANNOT_OPEN_PHONEBOOK);

    /* credentials: a handle comes back, never the password; PSK alone; 623 */
    wstr(name, 64, "Saved");
    memset(&full, 0, sizeof full);
    full.v0601.dwSize = sizeof full;
    full.v0601.dwType = RF_RASET_Vpn;
    wstr(full.v0601.szLocalPhoneNumber, RF_RAS_MaxPhoneNumber + 1, "saved.example.com");
    CHECK_EQ(P->RasSetEntryPropertiesW(NULL, name, &full.v0601, sizeof full, NULL, 0), 0);
    CHECK_EQ(set_credentials(NULL, "Saved", RF_RASCM_UserName | RF_RASCM_Password, "alice",
                             "right"), 0);
    CHECK_EQ(set_credentials(NULL, "Nope", RF_RASCM_UserName, "alice", NULL),
             RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    CHECK_EQ(set_credentials(NULL, "Saved", RF_RASCM_PreSharedKey | RF_RASCM_Password, NULL,
                             "k"), RF_ERROR_INVALID_PARAMETER);
    CHECK_EQ(set_credentials(NULL, "Saved", RF_RASCM_PreSharedKey, NULL, "the-psk"), 0);
    memset(&c, 0, sizeof c);
    c.dwSize = sizeof c;
    c.dwMask = RF_RASCM_UserName | RF_RASCM_Password | RF_RASCM_Domain;
    CHECK_EQ(P->RasGetCredentialsW(NULL, name, &c), 0);
    CHECK_EQ(c.dwMask, RF_RASCM_UserName | RF_RASCM_Password);
    CHECK(weq_ascii(c.szUserName, "alice"));
    CHECK(!weq_ascii(c.szPassword, "right"));
    CHECK(weq_ascii(c.szPassword, "****************"));
    c.dwMask = RF_RASCM_PreSharedKey;
    CHECK_EQ(P->RasGetCredentialsW(NULL, name, &c), 0);
    CHECK_EQ(c.dwMask, RF_RASCM_PreSharedKey);
    CHECK(!weq_ascii(c.szPassword, "the-psk"));
    c.dwSize = sizeof c - 1;
    CHECK_EQ(P->RasGetCredentialsW(NULL, name, &c), RF_ERROR_INVALID_SIZE);
    c.dwSize = sizeof c;
    c.dwMask = RF_RASCM_PreSharedKey | RF_RASCM_UserName;
    CHECK_EQ(P->RasGetCredentialsW(NULL, name, &c), RF_ERROR_INVALID_PARAMETER);
    wstr(other, 64, "Nope");
    c.dwMask = RF_RASCM_UserName;
    CHECK_EQ(P->RasGetCredentialsW(NULL, other, &c), RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);

    /* a dial with the saved handle: accepted when the saved password is the server's,
     * 691 when not (positive control: the same dial passes first) */
    wstr(pw, 32, "right");
    CHECK_EQ(rf_sim_set_server_password(NULL, name, pw, 5), 0);
    CHECK_EQ(pw[0], 0);                          /* wiped */
    CHECK_EQ(dial_saved(NULL, "Saved"), 0);
    CHECK_EQ(set_credentials(NULL, "Saved", RF_RASCM_Password, NULL, "wrong"), 0);
    CHECK_EQ(dial_saved(NULL, "Saved"), RF_ERROR_AUTHENTICATION_FAILURE);
    /* the handle given back to RasSetCredentialsW keeps the saved password */
    CHECK_EQ(set_credentials(NULL, "Saved", RF_RASCM_Password, NULL, "right"), 0);
    CHECK_EQ(set_credentials(NULL, "Saved", RF_RASCM_Password, NULL, "****************"), 0);
    CHECK_EQ(dial_saved(NULL, "Saved"), 0);
    /* cleared: no password saved */
    memset(&c, 0, sizeof c);
    c.dwSize = sizeof c;
    c.dwMask = RF_RASCM_UserName | RF_RASCM_Password | RF_RASCM_PreSharedKey;
    CHECK_EQ(P->RasSetCredentialsW(NULL, name, &c, 1), RF_ERROR_INVALID_PARAMETER);
    c.dwMask = RF_RASCM_UserName | RF_RASCM_Password;
    CHECK_EQ(P->RasSetCredentialsW(NULL, name, &c, 1), 0);
    c.dwMask = RF_RASCM_PreSharedKey;
    CHECK_EQ(P->RasSetCredentialsW(NULL, name, &c, 1), 0);
    CHECK_EQ(P->RasGetCredentialsW(NULL, name, &c), 0);
    CHECK_EQ(c.dwMask, 0);
    c.dwMask = RF_RASCM_UserName | RF_RASCM_Password;
    CHECK_EQ(P->RasGetCredentialsW(NULL, name, &c), 0);
    CHECK_EQ(c.dwMask, 0);
    /* renamed: the credentials go with the entry; deleted: gone */
    CHECK_EQ(set_credentials(NULL, "Saved", RF_RASCM_UserName | RF_RASCM_Password, "bob",
                             "right"), 0);
    wstr(other, 64, "Saved Too");
    CHECK_EQ(P->RasRenameEntryW(NULL, name, other), 0);
    c.dwMask = RF_RASCM_UserName | RF_RASCM_Password;
    CHECK_EQ(P->RasGetCredentialsW(NULL, other, &c), 0);
    CHECK(weq_ascii(c.szUserName, "bob"));
    CHECK_EQ(dial_saved(NULL, "Saved Too"), 0);
    CHECK_EQ(P->RasDeleteEntryW(NULL, other), 0);
    CHECK_EQ(P->RasGetCredentialsW(NULL, other, &c), RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);

    /* custom auth data: size dance, 623 */
    {
        uint8_t data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, back[8];
        wstr(name, 64, "Demo VPN");
        CHECK_EQ(P->RasSetCustomAuthDataW(NULL, name, data, sizeof data), 0);
        cb = 4;
        CHECK_EQ(P->RasGetCustomAuthDataW(NULL, name, back, &cb), RF_ERROR_BUFFER_TOO_SMALL);
        CHECK_EQ(cb, 8);
        CHECK_EQ(P->RasGetCustomAuthDataW(NULL, name, back, &cb), 0);
        CHECK_EQ(memcmp(back, data, 8), 0);
        CHECK_EQ(P->RasSetCustomAuthDataW(NULL, name, NULL, 4), RF_ERROR_INVALID_PARAMETER);
        CHECK_EQ(P->RasSetCustomAuthDataW(NULL, name, data, 64u * 1024u + 1),
                 RF_ERROR_INVALID_PARAMETER);
        wstr(other, 64, "Nope");
        CHECK_EQ(P->RasSetCustomAuthDataW(NULL, other, data, 8),
                 RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
        CHECK_EQ(P->RasGetCustomAuthDataW(NULL, other, back, &cb),
                 RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    }
}

/* ------------------------------------------------------------------------
 * The calling thread's lifetime (issue 12)
 * ---------------------------------------------------------------------- */
typedef struct dialer {
    const char *entry;
    const typed *t;
    uint32_t options;
    int async;                     /* else a synchronous dial */
    int stay;                      /* wait for the dial's end before exiting */
    uintptr_t h;
    uint32_t rc;
} dialer;

static void dialer_main(void *arg)
{
    dialer *d = (dialer *)arg;
    RF_RASDIALPARAMSW p;
    RF_RASDIALEXTENSIONS ext;
    memset(&p, 0, sizeof p);
    p.dwSize = sizeof p;
    wstr(p.szEntryName, RF_RAS_MaxEntryName + 1, d->entry);
    p.dwCallbackId = d->t->cb;
    memset(&ext, 0, sizeof ext);
    ext.dwSize = sizeof ext;
    ext.dwfOptions = d->options;
    d->rc = P->RasDialW(&ext, NULL, &p, d->t->type, d->async ? d->t->fn : NULL,
                        (rf_hrasconn *)&d->h);
    if (d->stay && d->async) (void)wait_end(d->t->cb, 10000);
}

static void run_dialer(dialer *d)
{
    rf_thread *th;
    memset(&R[d->t->cb], 0, sizeof R[d->t->cb]);
    R[d->t->cb].caller_handle = &d->h;
    th = rf_thread_start(dialer_main, d);
    CHECK(th != NULL);
    rf_thread_join(th);            /* the thread has ended */
}

static void test_thread_exit(void)
{
    RF_RASCONNSTATUSW st;
    uint32_t k, n, orphans = 0;
    rf_sim_set_time_scale(1.0);    /* a VPN dial takes 0.1 s to 2 s */
    CHECK_EQ(rf_sim_orphaned_dials(), 0);

    /* A thread that dials and exits at once: the dial stops with 628. */
    for (k = 0; k < 3; k++) {
        dialer d = { "Demo VPN", &k_types[k], 0, 1, 0, 0, 0 };
        fprintf(stderr, "  %s, caller exits\n", k_types[k].name);
        run_dialer(&d);
        CHECK_EQ(d.rc, 0);
        CHECK_EQ(rf_sim_orphaned_dials(), ++orphans);
        CHECK(wait_end(d.t->cb, 5000));
        n = count_of(d.t->cb);
        CHECK_EQ(R[d.t->cb].notes[n - 1].err, RF_ERROR_DISCONNECTION);
        CHECK(R[d.t->cb].notes[n - 1].state != RF_RASCS_Connected);
        CHECK_EQ(status(d.h, &st), 0);
        CHECK_EQ(st.dwError, RF_ERROR_DISCONNECTION);
        rf_sleep_ns(250000000);     /* and nothing more */
        CHECK_EQ(count_of(d.t->cb), n);
        CHECK_EQ(status(d.h, &st), 0);
        CHECK(st.rasconnstate != RF_RASCS_Connected);
        CHECK_EQ(P->RasHangUpW((rf_hrasconn)d.h), 0);
        CHECK(wait_released(d.h, 2000));
    }
    /* A thread that stays until its dial ends: Connected, nothing counted
     * (also not when it exits afterwards). */
    {
        dialer d = { "Demo VPN", &k_types[2], 0, 1, 1, 0, 0 };
        run_dialer(&d);
        CHECK_EQ(d.rc, 0);
        n = count_of(d.t->cb);
        CHECK(n > 0);
        CHECK_EQ(R[d.t->cb].notes[n - 1].state, RF_RASCS_Connected);
        CHECK_EQ(R[d.t->cb].notes[n - 1].err, 0);
        CHECK_EQ(status(d.h, &st), 0);
        CHECK_EQ(st.rasconnstate, RF_RASCS_Connected);
        CHECK_EQ(rf_sim_orphaned_dials(), orphans);
        CHECK_EQ(P->RasHangUpW((rf_hrasconn)d.h), 0);
        CHECK(wait_released(d.h, 2000));
    }
    /* A paused dial whose caller exits: stopped too. */
    {
        dialer d = { "Demo Password Expired", &k_types[2], RF_RDEOPT_PausedStates, 1, 1, 0, 0 };
        rf_sim_set_time_scale(0.05);
        run_dialer(&d);
        CHECK_EQ(rf_sim_orphaned_dials(), ++orphans);
        CHECK(wait_end(d.t->cb, 5000));
        n = count_of(d.t->cb);
        CHECK_EQ(R[d.t->cb].notes[n - 1].state, RF_RASCS_PasswordExpired);
        CHECK_EQ(R[d.t->cb].notes[n - 1].err, RF_ERROR_DISCONNECTION);
        CHECK_EQ(status(d.h, &st), 0);
        CHECK_EQ(st.dwError, RF_ERROR_DISCONNECTION);
        CHECK_EQ(P->RasHangUpW((rf_hrasconn)d.h), 0);
        CHECK(wait_released(d.h, 2000));
    }
    /* A synchronous dial ends before its thread can: nothing to count. */
    {
        dialer d = { "Demo VPN", &k_types[2], 0, 0, 0, 0, 0 };
        run_dialer(&d);
        CHECK_EQ(d.rc, 0);
        CHECK_EQ(status(d.h, &st), 0);
        CHECK_EQ(st.rasconnstate, RF_RASCS_Connected);
        CHECK_EQ(rf_sim_orphaned_dials(), orphans);
        CHECK_EQ(P->RasHangUpW((rf_hrasconn)d.h), 0);
        CHECK(wait_released(d.h, 2000));
    }
    rf_sim_reset();
    CHECK_EQ(rf_sim_orphaned_dials(), 0);
}

int main(void)
{
    R = (rec *)calloc(MAX_CB, sizeof(rec));
    P = rf_provider_sim();
    if (!R || !P) return 2;
#define RUN(t) do { fprintf(stderr, "%s\n", #t); rec_reset(); t(); rf_sim_reset(); } while (0)
    RUN(test_vpn_connects);
    RUN(test_instant_first_notification);
    RUN(test_failures);
    RUN(test_sync_dial);
    RUN(test_sync_hangup);
    RUN(test_pause);
    RUN(test_multilink);
    RUN(test_hangup_mid_dial);
    RUN(test_notifier_stop);
    RUN(test_duplicates);
    RUN(test_bad_input);
    RUN(test_entries);
    RUN(test_many_dials);
    RUN(test_reset_mid_dial);
    RUN(test_dial_raw);
    RUN(test_notifier_types);
    RUN(test_sizes);
    RUN(test_phonebook_functions);
    RUN(test_thread_exit);
    rf_sim__shutdown();
    free(R);
    if (g_failures) {
        fprintf(stderr, "sim_selftest: %d failure(s)\n", g_failures);
        return 1;
    }
    fprintf(stderr, "sim_selftest: all passed\n");
    return 0;
}
