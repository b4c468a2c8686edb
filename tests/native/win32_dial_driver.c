/* Dials through a rasapi32.dll the way rasfast's extension does on Windows:
 * the i686 (or x86_64) Windows build of the C core, run under Wine.
 *
 *   bash .ci/windows/x86.sh      (builds this, the DLL, and runs both)
 *
 * The program is this file linked with the product's own C core (dial.c,
 * shim.c, ring.c, provider_rasapi32.c, platform_win32.c, the simulator's
 * sim_*.c and ras_errors.c, hist.c, and the testing_*.c files: CORE in
 * .ci/windows/x86.sh), compiled with the
 * extension's flags.  It runs from a folder that also holds the
 * rasapi32.dll built from the simulated service (cross_build.py --sim-dll),
 * with WINEDLLOVERRIDES="rasapi32=n,b" so that this DLL, not Wine's stubs,
 * is what LoadLibraryW(L"rasapi32.dll") finds.  Every dial then takes the
 * path of backend="win32" on a real machine:
 *
 *   rf_dial(RF_BACKEND_RASAPI32) -> provider_rasapi32.c (LoadLibraryW,
 *   GetProcAddress) -> the DLL's RasDialW(..., 2, rf_notifier_address(), ..)
 *   -> the DLL's own RAS threads call rf_notifier (RasDialFunc2, WINAPI)
 *   -> dial slot -> the rings this program drains.
 *
 * Checks (each counted):
 *   - i686 only: rf_notifier_address() called as RAS calls a RasDialFunc2
 *     (7 arguments pushed, __stdcall) leaves esp where it was, and the
 *     arguments reach the record unchanged (phase_convention).
 *   - rasapi32.dll is the one beside the program (not Wine's builtin), and
 *     the provider loads it; RasEnumEntriesW lists the simulated phonebook;
 *     RasGetErrorStringW answers 691.
 *   - "Demo VPN" connects: every state of the walk arrives once, in order,
 *     with the dial's callback id, the handle RasDialW stored, WM_RASDIALEVENT
 *     and no error, ending in RASCS_Connected; the ring's seq numbers have no
 *     gap; the slot's status agrees; the last notification came after
 *     RasDialW had returned (so a thread of the DLL made it).  A second dial
 *     of the entry while it dials gets 756 and no notification; one while it
 *     is connected gets the same handle (a referenced connection) and one
 *     Connected notification with its own callback id.
 *   - "Demo Bad Password" ends with Authenticate twice, the second with 691.
 *   - "Demo Password Expired" pauses (RDEOPT_PausedStates) and is resumed
 *     through rf_dial with its handle, then connects.
 *   - Rounds of six entries dialed at once (connect, multilink, failures
 *     678, 691, 809), each walk checked the same way, plus one shared
 *     auxiliary ring that must see every notification of every dial.
 *   - Hang-ups: RasHangUpW answers 0, the port is released (the handle
 *     then answers ERROR_INVALID_HANDLE), nothing arrives afterwards, no
 *     notification was stray, nothing was dropped.
 *
 * Prints one summary line; exit status 0 only when every check passed.
 * An exception on any thread (what a calling-convention mismatch does)
 * ends the process with status 3, a watchdog with status 4.
 *
 * x86.sh also builds this program as a positive control, linked with a
 * scratch copy of the core in which rf_notifier lacks RF_WINAPI: the DLL
 * calls it as __stdcall, the cdecl function does not pop its 28 bytes of
 * arguments, and the DLL's RAS thread returns through a corrupted stack
 * (an access violation on that thread: exit 3).  phase_convention fails
 * first, on its own, so the control fails even where the caller's code
 * happens to survive the mismatch.  That run must fail. */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "rasfast.h"
#include "ras_abi.h"
#include "platform.h"

static int g_checks, g_failures;
/* Report the first failures only; the count says how many there were. */
#define CHECK(cond) do { g_checks++; if (!(cond) && ++g_failures < 30) \
    fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } while (0)
#define CHECK_EQ(a, b) do { unsigned long long a_ = (unsigned long long)(a), \
    b_ = (unsigned long long)(b); g_checks++; if (a_ != b_ && ++g_failures < 30) \
    fprintf(stderr, "FAIL %s:%d: %s == %s (%llu != %llu)\n", __FILE__, __LINE__, \
            #a, #b, a_, b_); } while (0)

static const char *arch_name(void) { return sizeof(void *) == 4 ? "i686" : "x86_64"; }

/* ------------------------------------------------------------------------
 * Crashes and hangs become a failed run with a message, never a debugger.
 * ---------------------------------------------------------------------- */
static DWORD g_main_thread;

static LONG WINAPI on_crash(EXCEPTION_POINTERS *info)
{
    DWORD tid = GetCurrentThreadId();
    fprintf(stderr, "win32_dial_driver: unhandled exception 0x%08lx at %p on thread %lu (%s)\n",
            (unsigned long)info->ExceptionRecord->ExceptionCode,
            info->ExceptionRecord->ExceptionAddress, (unsigned long)tid,
            tid == g_main_thread ? "the main thread" : "not the main thread: a RAS thread");
    fflush(stderr);
    TerminateProcess(GetCurrentProcess(), 3);
    return EXCEPTION_EXECUTE_HANDLER;
}

static DWORD WINAPI watchdog(LPVOID arg)
{
    Sleep((DWORD)(uintptr_t)arg);
    fprintf(stderr, "win32_dial_driver: still running after %lu ms: stopped\n",
            (unsigned long)(uintptr_t)arg);
    fflush(stderr);
    TerminateProcess(GetCurrentProcess(), 4);
    return 0;
}

/* ------------------------------------------------------------------------
 * The simulated phonebook's walks, written out from sim.c's documented
 * model (a vpn link: OpenPort ... Authenticated; a multilink entry walks
 * the link once per subentry, each closed by SubEntryConnected; then
 * ApplySettings and Connected; a failure repeats the failing state with
 * the error and ends the walk).
 * ---------------------------------------------------------------------- */
typedef struct spec {
    const char *name;
    uint32_t subentries;     /* 1, or 2 for multilink */
    int32_t fail_at;         /* the state that fails, or -1 */
    uint32_t error;          /* the error it fails with */
    int32_t pause_at;        /* a paused state, or -1 */
    uint32_t instant;        /* no delay between states */
} spec;

static const spec k_vpn = {"Demo VPN", 1, -1, 0, -1, 0};
static const spec k_bad_password = {"Demo Bad Password", 1, RF_RASCS_Authenticate,
                                    RF_ERROR_AUTHENTICATION_FAILURE, -1, 0};
static const spec k_expired = {"Demo Password Expired", 1, -1, 0, RF_RASCS_PasswordExpired, 0};
/* Distinct entries: the DLL's simulator refuses a second dial of an entry
 * being dialed (756), as Windows does. */
static const spec k_batch[] = {
    {"Demo VPN", 1, -1, 0, -1, 0},
    {"Demo Instant", 1, -1, 0, -1, 1},
    {"Demo Multilink", 2, -1, 0, -1, 0},
    {"Demo Bad Password", 1, RF_RASCS_Authenticate, RF_ERROR_AUTHENTICATION_FAILURE, -1, 0},
    {"Demo No Answer", 1, RF_RASCS_ConnectDevice, RF_ERROR_NO_ANSWER, -1, 0},
    {"Demo VPN Timeout", 1, RF_RASCS_ConnectDevice, RF_ERROR_VPN_TIMEOUT, -1, 0},
};
#define NBATCH (sizeof k_batch / sizeof *k_batch)
#define BATCH_ROUNDS 3

static const uint32_t k_link[] = {
    RF_RASCS_OpenPort, RF_RASCS_PortOpened, RF_RASCS_ConnectDevice,
    RF_RASCS_DeviceConnected, RF_RASCS_AllDevicesConnected, RF_RASCS_Authenticate,
    RF_RASCS_AuthNotify, RF_RASCS_AuthAck, RF_RASCS_Authenticated,
};

#define MAX_NOTES 64

typedef struct note { uint32_t state, sub, error; } note;

static uint32_t push_note(note *w, uint32_t n, uint32_t state, uint32_t sub, uint32_t error)
{
    if (n < MAX_NOTES) {
        w[n].state = state;
        w[n].sub = sub;
        w[n].error = error;
    }
    return n + 1;
}

/* The notifications a dial of s makes, in order; returns the count. */
static uint32_t expected_walk(const spec *s, note *w)
{
    uint32_t n = 0;
    for (uint32_t k = 1; k <= s->subentries; k++) {
        uint32_t sub = s->subentries == 2 ? k : 0;
        for (size_t i = 0; i < sizeof k_link / sizeof *k_link; i++) {
            n = push_note(w, n, k_link[i], sub, 0);
            if (s->fail_at >= 0 && k_link[i] == (uint32_t)s->fail_at)
                return push_note(w, n, k_link[i], sub, s->error);
            if (s->pause_at == RF_RASCS_PasswordExpired && k_link[i] == RF_RASCS_Authenticate) {
                n = push_note(w, n, RF_RASCS_PasswordExpired, sub, 0);
                n = push_note(w, n, RF_RASCS_AuthChangePassword, sub, 0);
            }
        }
        if (s->subentries == 2) n = push_note(w, n, RF_RASCS_SubEntryConnected, sub, 0);
    }
    n = push_note(w, n, RF_RASCS_ApplySettings, 0, 0);
    return push_note(w, n, RF_RASCS_Connected, 0, 0);
}

static void w16(uint16_t *dst, size_t cap, const char *s)
{
    size_t i = 0;
    for (; s[i] && i + 1 < cap; i++) dst[i] = (uint16_t)(unsigned char)s[i];
    dst[i] = 0;
}

static int w16_eq(const uint16_t *a, const char *b)
{
    size_t i = 0;
    for (; b[i]; i++)
        if (a[i] != (uint16_t)(unsigned char)b[i]) return 0;
    return a[i] == 0;
}

/* ------------------------------------------------------------------------
 * One dial: its slot, its own ring, and what arrived.
 * ---------------------------------------------------------------------- */
typedef struct dial {
    const spec *s;
    rf_ring *ring;
    uint64_t id;              /* dwCallbackId */
    uint64_t hconn;           /* what RasDialW stored */
    uint32_t rc;
    uint64_t t_returned;      /* clock when rf_dial returned */
    uint32_t resumed_at;      /* notifications before the resume (0: none) */
    uint32_t n;               /* notifications received */
    rf_event ev[MAX_NOTES];
} dial;

static rf_ring *g_aux;          /* every dial's second ring */
static uint64_t g_aux_events;   /* drained from g_aux */
static uint64_t g_aux_unknown;  /* g_aux records of no open dial */
static uint64_t g_notes;        /* notifications received on the dials' own rings */
static uint32_t g_dials, g_connected, g_failed_as_expected, g_resumed, g_referenced;
static dial *g_open[32];
static uint32_t g_nopen;

static void dial_open(dial *d, const spec *s)
{
    memset(d, 0, sizeof *d);
    d->s = s;
    d->ring = rf_ring_new(256);
    CHECK(d->ring != NULL);
    d->id = rf_slot_open(d->ring, g_aux);
    CHECK(d->id != 0);
    if (g_nopen < sizeof g_open / sizeof *g_open) g_open[g_nopen++] = d;
}

static uint32_t dial_start(dial *d, uint32_t options, uint64_t *hconn)
{
    uint16_t entry[257], user[16], pw[16];
    w16(entry, 257, d->s->name);
    w16(user, 16, "alice");
    w16(pw, 16, "s3cret");
    rf_dial_request req;
    memset(&req, 0, sizeof req);
    req.entry = entry;
    req.username = user;
    req.password = pw;
    req.password_len = 6;
    req.options = options;
    uint32_t rc = rf_dial(RF_BACKEND_RASAPI32, &req, d->id, hconn);
    d->t_returned = rf_now_ns();
    CHECK_EQ(pw[0], 0);       /* the caller's password copy is wiped */
    g_dials++;
    return rc;
}

static void drain_aux(void)
{
    rf_event batch[64];
    uint64_t n;
    while ((n = rf_ring_drain(g_aux, batch, 64)) != 0) {
        for (uint64_t i = 0; i < n; i++) {
            int known = 0;
            for (uint32_t k = 0; k < g_nopen; k++) known |= g_open[k]->id == batch[i].callback_id;
            if (!known) g_aux_unknown++;
        }
        g_aux_events += n;
    }
}

static void drain(dial *d)
{
    rf_event batch[64];
    uint64_t n;
    while ((n = rf_ring_drain(d->ring, batch, 64)) != 0) {
        for (uint64_t i = 0; i < n; i++) {
            if (d->n < MAX_NOTES) d->ev[d->n] = batch[i];
            d->n++;
        }
        g_notes += n;
    }
}

static int is_terminal(const dial *d)
{
    if (d->n <= d->resumed_at) return 0;
    if (d->n > MAX_NOTES) return 1;
    const rf_event *e = &d->ev[d->n - 1];
    return e->error != 0 || e->state >= RF_RASCS_Connected ||
           (e->state & RF_RASCS_PAUSED) != 0;
}

/* Drain until every dial in ds[0..n) reached a terminal or paused
 * notification, or the deadline passes. */
static void wait_all(dial **ds, uint32_t n, uint64_t timeout_ms)
{
    uint64_t deadline = rf_now_ns() + timeout_ms * 1000000u;
    for (;;) {
        uint32_t pending = 0;
        drain_aux();
        for (uint32_t i = 0; i < n; i++) {
            drain(ds[i]);
            pending += !is_terminal(ds[i]);
        }
        if (!pending) return;
        if (rf_now_ns() > deadline) {
            g_checks++;
            fprintf(stderr, "FAIL: %u dial(s) did not finish in %llu ms\n", pending,
                    (unsigned long long)timeout_ms);
            g_failures++;
            return;
        }
        /* Parks until a RAS thread pushes (the aux ring sees every push). */
        rf_ring_wait(g_aux, 50000000);
    }
}

/* The slot's status once the notifier calls of everything drained have
 * returned: rf_notifier pushes into the rings first and records the state
 * and the count afterwards, so a record can be drained a moment before the
 * slot shows it. */
static void settled_status(const dial *d, rf_slot_status *st)
{
    uint64_t deadline = rf_now_ns() + 2000000000u;
    while (rf_slot_get_status(d->id, st) && st->notifications < d->n && rf_now_ns() < deadline)
        rf_slot_wait(d->id, st->notifications, 100000000);
}

/* d's notifications are exactly the first `count` of the walk w. */
static void check_walk(dial *d, const note *w, uint32_t count)
{
    CHECK_EQ(d->n, count);
    uint32_t n = d->n < count ? d->n : count;
    if (n > MAX_NOTES) n = MAX_NOTES;
    for (uint32_t i = 0; i < n; i++) {
        const rf_event *e = &d->ev[i];
        const note *x = &w[i];
        CHECK_EQ(e->callback_id, d->id);
        CHECK_EQ(e->hconn, d->hconn);
        CHECK_EQ(e->message, RF_WM_RASDIALEVENT);
        CHECK_EQ(e->state, x->state);
        CHECK_EQ(e->subentry, x->sub);
        CHECK_EQ(e->error, x->error);
        CHECK_EQ(e->extended_error, 0);
        CHECK_EQ(e->flags, 0);
        CHECK_EQ(e->seq, i);                           /* no gap, no drop */
        if (i) CHECK(e->timestamp_ns >= d->ev[i - 1].timestamp_ns);
    }
    if (n == 0) return;
    const rf_event *last = &d->ev[n - 1];
    rf_slot_status st;
    settled_status(d, &st);
    CHECK_EQ(st.live, 1);
    CHECK_EQ(st.notifications, d->n);
    CHECK_EQ(st.state, last->state);
    CHECK_EQ(st.error, last->error);
    CHECK_EQ(st.hconn, d->hconn);
    /* Only the DLL's thread can have made a notification that came after
     * RasDialW returned on this (draining) thread. */
    if (!d->s->instant) CHECK(last->timestamp_ns > d->t_returned);
}

/* A whole walk from the start, for a dial that did not pause. */
static void check_full_walk(dial *d)
{
    note w[MAX_NOTES];
    uint32_t count = expected_walk(d->s, w);
    check_walk(d, w, count);
    if (d->s->fail_at >= 0) {
        g_failed_as_expected += d->n == count && d->ev[count - 1].error == d->s->error;
    } else {
        g_connected += d->n == count && d->ev[count - 1].state == RF_RASCS_Connected;
    }
}

static void check_connected_status(uint64_t hconn)
{
    rf_conn_status cs;
    CHECK_EQ(rf_get_status(RF_BACKEND_RASAPI32, hconn, &cs), 0);
    CHECK_EQ(cs.state, RF_RASCS_Connected);
    CHECK_EQ(cs.error, 0);
    CHECK(w16_eq(cs.device_type, "vpn"));
    rf_conn_info conns[16];
    uint32_t count = 0, found = 0;
    CHECK_EQ(rf_enum_connections(RF_BACKEND_RASAPI32, conns, 16, &count), 0);
    for (uint32_t i = 0; i < count && i < 16; i++) found += conns[i].hconn == hconn;
    CHECK_EQ(found, 1);
}

/* RasHangUpW, the release wait, and silence afterwards; closes the slot. */
static void hang_up(dial *d)
{
    if (d->hconn) {
        CHECK_EQ(rf_hangup(RF_BACKEND_RASAPI32, d->hconn), 0);
        CHECK_EQ(rf_wait_released(RF_BACKEND_RASAPI32, d->hconn, 5000000000ll, 1000000), 0);
        rf_conn_status cs;
        CHECK_EQ(rf_get_status(RF_BACKEND_RASAPI32, d->hconn, &cs), RF_ERROR_INVALID_HANDLE);
    }
    uint32_t before = d->n;
    drain(d);
    CHECK_EQ(d->n, before);   /* nothing after the hang-up returned */
    drain_aux();
    CHECK(rf_slot_close(d->id) == 1);
    rf_ring_stats rs;
    rf_ring_get_stats(d->ring, &rs);
    CHECK_EQ(rs.dropped, 0);
    CHECK_EQ(rs.delivered, d->n);
    rf_ring_close(d->ring);
    rf_ring_release(d->ring);
    for (uint32_t k = 0; k < g_nopen; k++)
        if (g_open[k] == d) g_open[k] = g_open[--g_nopen];
}

/* ------------------------------------------------------------------------
 * The notifier's calling convention, seen from a RAS-like caller.
 *
 * On x86 RasDialFunc2 is __stdcall: the callee pops its 7 arguments (28
 * bytes).  Whether a mismatch crashes the DLL's thread depends on how the
 * DLL's caller was compiled: the sim DLL's call_notifier (gcc -O2, no frame
 * pointer) returns through the shifted stack and faults, but a caller that
 * restores esp from ebp in its epilogue would hide the leak.  So the driver
 * also makes the call itself, pushing the arguments and calling through
 * rf_notifier_address() as RAS does, and measures esp across the call: it
 * must not move.  A cdecl notifier leaves esp 28 bytes low.  The arguments
 * are distinct values that must arrive in the record unchanged.
 * ---------------------------------------------------------------------- */
static void phase_convention(void)
{
#if defined(__i386__) && defined(__GNUC__)
    rf_ring *ring = rf_ring_new(16);
    uint64_t id = rf_slot_open(ring, NULL);
    CHECK(id != 0);
    uint32_t args[7] = {(uint32_t)id, 5, 0x12345678u, RF_WM_RASDIALEVENT,
                        RF_RASCS_Authenticate, 0, 0xABCDu};
    void *fn = rf_notifier_address();
    uint32_t result;
    int32_t delta;
    /* edi keeps esp across the call (callee-saved in both conventions),
     * then puts it back whatever the callee did. */
    __asm__ volatile(
        "movl %%esp, %%edi\n\t"
        "pushl 24(%%esi)\n\t"
        "pushl 20(%%esi)\n\t"
        "pushl 16(%%esi)\n\t"
        "pushl 12(%%esi)\n\t"
        "pushl 8(%%esi)\n\t"
        "pushl 4(%%esi)\n\t"
        "pushl 0(%%esi)\n\t"
        "call *%%ebx\n\t"
        "movl %%esp, %%ecx\n\t"
        "subl %%edi, %%ecx\n\t"
        "movl %%edi, %%esp\n\t"
        : "=a"(result), "=c"(delta)
        : "S"(args), "b"(fn)
        : "edi", "edx", "memory", "cc");
    if (delta != 0)
        fprintf(stderr, "FAIL: the notifier left esp %+d bytes off after a __stdcall call "
                "(RasDialFunc2 must pop its 28 bytes: RF_WINAPI missing?)\n", (int)delta);
    CHECK(delta == 0);
    CHECK_EQ(result, 1);
    rf_event ev;
    CHECK_EQ(rf_ring_drain(ring, &ev, 1), 1);
    CHECK_EQ(ev.callback_id, id);
    CHECK_EQ(ev.subentry, 5);
    CHECK_EQ(ev.hconn, 0x12345678u);
    CHECK_EQ(ev.message, RF_WM_RASDIALEVENT);
    CHECK_EQ(ev.state, RF_RASCS_Authenticate);
    CHECK_EQ(ev.error, 0);
    CHECK_EQ(ev.extended_error, 0xABCDu);
    CHECK(rf_slot_close(id) == 1);
    rf_ring_close(ring);
    rf_ring_release(ring);
#endif
}

/* ------------------------------------------------------------------------
 * Phases
 * ---------------------------------------------------------------------- */
static void phase_loaded(void)
{
    CHECK_EQ(rf_backend_check(RF_BACKEND_RASAPI32), 0);
    HMODULE m = GetModuleHandleW(L"rasapi32.dll");
    CHECK(m != NULL);
    CHECK(m && GetProcAddress(m, "RasDialW") != NULL);
    wchar_t dll[MAX_PATH] = {0}, exe[MAX_PATH] = {0};
    if (m) GetModuleFileNameW(m, dll, MAX_PATH);
    GetModuleFileNameW(NULL, exe, MAX_PATH);
    wchar_t *a = wcsrchr(dll, L'\\'), *b = wcsrchr(exe, L'\\');
    int beside = a && b && a - dll == b - exe && _wcsnicmp(dll, exe, (size_t)(a - dll)) == 0;
    if (!beside) fprintf(stderr, "rasapi32.dll loaded from %ls, program in %ls\n", dll, exe);
    CHECK(beside);            /* ours, not Wine's builtin in system32 */

    rf_entry_info entries[32];
    uint32_t count = 0, found = 0;
    CHECK_EQ(rf_enum_entries(RF_BACKEND_RASAPI32, NULL, entries, 32, &count), 0);
    for (uint32_t i = 0; i < count && i < 32; i++) {
        for (size_t k = 0; k < NBATCH; k++) found += w16_eq(entries[i].name, k_batch[k].name);
        found += w16_eq(entries[i].name, k_expired.name);
    }
    CHECK_EQ(found, NBATCH + 1);

    uint16_t text[256];
    CHECK_EQ(rf_error_string(RF_BACKEND_RASAPI32, RF_ERROR_AUTHENTICATION_FAILURE, text, 256), 0);
    CHECK(text[0] != 0);

    /* The walks written out here are the simulator's own (the in-process
     * copy of sim.c answers rf_sim_entry_states; it is the same code as
     * the DLL's, whose phonebook the dials below then confirm). */
    const spec *all[NBATCH + 1];
    for (size_t k = 0; k < NBATCH; k++) all[k] = &k_batch[k];
    all[NBATCH] = &k_expired;
    for (size_t k = 0; k <= NBATCH; k++) {
        note w[MAX_NOTES];
        uint32_t states[MAX_NOTES], n = expected_walk(all[k], w), got;
        uint16_t name[257];
        w16(name, 257, all[k]->name);
        got = rf_sim_entry_states(name, states, MAX_NOTES);
        if (all[k]->fail_at >= 0) n--;   /* the failing state is listed once */
        CHECK_EQ(got, n);
        for (uint32_t i = 0; i < n && i < got; i++) CHECK_EQ(states[i], w[i].state);
    }
}

static void phase_vpn(void)
{
    static dial d, busy, ref;
    dial_open(&d, &k_vpn);
    d.rc = dial_start(&d, 0, &d.hconn);
    CHECK_EQ(d.rc, 0);
    CHECK(d.hconn != 0);

    /* Dialing it again while it dials: 756, the handle untouched. */
    dial_open(&busy, &k_vpn);
    uint64_t h2 = 0;
    CHECK_EQ(dial_start(&busy, 0, &h2), RF_ERROR_DIAL_ALREADY_IN_PROGRESS);
    CHECK_EQ(h2, 0);

    dial *one = &d;
    wait_all(&one, 1, 15000);
    check_full_walk(&d);
    check_connected_status(d.hconn);
    drain(&busy);
    CHECK_EQ(busy.n, 0);
    hang_up(&busy);

    /* Connected: a referenced connection, same handle, one Connected
     * notification carrying the new dial's own callback id. */
    dial_open(&ref, &k_vpn);
    CHECK_EQ(dial_start(&ref, 0, &ref.hconn), 0);
    CHECK_EQ(ref.hconn, d.hconn);
    dial *r = &ref;
    wait_all(&r, 1, 5000);
    CHECK_EQ(ref.n, 1);
    if (ref.n >= 1) {
        CHECK_EQ(ref.ev[0].callback_id, ref.id);
        CHECK_EQ(ref.ev[0].state, RF_RASCS_Connected);
        CHECK_EQ(ref.ev[0].error, 0);
        CHECK_EQ(ref.ev[0].hconn, d.hconn);
        g_referenced++;
    }
    /* The first hang-up drops the reference, the connection stays. */
    CHECK_EQ(rf_hangup(RF_BACKEND_RASAPI32, ref.hconn), 0);
    check_connected_status(d.hconn);
    ref.hconn = 0;
    hang_up(&ref);
    hang_up(&d);
}

static void phase_bad_password(void)
{
    static dial d;
    dial_open(&d, &k_bad_password);
    d.rc = dial_start(&d, 0, &d.hconn);
    CHECK_EQ(d.rc, 0);             /* asynchronous: the error comes by notification */
    CHECK(d.hconn != 0);
    dial *one = &d;
    wait_all(&one, 1, 15000);
    check_full_walk(&d);
    CHECK(d.n >= 1 && d.ev[(d.n - 1) % MAX_NOTES].error == RF_ERROR_AUTHENTICATION_FAILURE);
    hang_up(&d);
}

static void phase_resume(void)
{
    static dial d;
    note w[MAX_NOTES];
    uint32_t count = expected_walk(&k_expired, w), paused = 0;
    while (paused < count && w[paused].state != RF_RASCS_PasswordExpired) paused++;
    dial_open(&d, &k_expired);
    d.rc = dial_start(&d, RF_RDEOPT_PausedStates, &d.hconn);
    CHECK_EQ(d.rc, 0);
    dial *one = &d;
    wait_all(&one, 1, 15000);
    check_walk(&d, w, paused + 1);              /* up to the pause, included */
    /* Resume with the handle (Connection.resume), with a new password. */
    uint16_t entry[257], pw[16];
    w16(entry, 257, k_expired.name);
    w16(pw, 16, "n3w-s3cret");
    rf_dial_request req;
    memset(&req, 0, sizeof req);
    req.entry = entry;
    req.password = pw;
    req.password_len = 10;
    req.options = RF_RDEOPT_PausedStates;
    uint64_t h = d.hconn;
    d.resumed_at = d.n;
    CHECK_EQ(rf_dial(RF_BACKEND_RASAPI32, &req, d.id, &h), 0);
    d.t_returned = rf_now_ns();
    CHECK_EQ(h, d.hconn);
    CHECK_EQ(pw[0], 0);
    g_dials++;
    wait_all(&one, 1, 15000);
    check_walk(&d, w, count);                   /* the whole walk, one stream */
    if (d.n == count && d.ev[count - 1].state == RF_RASCS_Connected) {
        g_connected++;
        g_resumed++;
    }
    check_connected_status(h);
    hang_up(&d);
}

static void phase_batch(void)
{
    static dial ds[NBATCH];
    dial *p[NBATCH];
    for (uint32_t round = 0; round < BATCH_ROUNDS; round++) {
        for (size_t k = 0; k < NBATCH; k++) {
            p[k] = &ds[k];
            dial_open(&ds[k], &k_batch[k]);
        }
        for (size_t k = 0; k < NBATCH; k++) {
            ds[k].rc = dial_start(&ds[k], 0, &ds[k].hconn);
            CHECK_EQ(ds[k].rc, 0);
            CHECK(ds[k].hconn != 0);
        }
        wait_all(p, NBATCH, 20000);
        for (size_t k = 0; k < NBATCH; k++) {
            check_full_walk(&ds[k]);
            if (k_batch[k].fail_at < 0) check_connected_status(ds[k].hconn);
        }
        for (size_t k = 0; k < NBATCH; k++) hang_up(&ds[k]);
    }
}

int main(void)
{
    g_main_thread = GetCurrentThreadId();
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
    SetUnhandledExceptionFilter(on_crash);
    HANDLE wd = CreateThread(NULL, 0, watchdog, (LPVOID)(uintptr_t)60000, 0, NULL);
    if (wd) CloseHandle(wd);
    setvbuf(stdout, NULL, _IONBF, 0);
    setvbuf(stderr, NULL, _IONBF, 0);
    uint64_t t0 = rf_now_ns();

    g_aux = rf_ring_new(1u << 12);
    uint64_t stray0 = rf_slot_stray_count();
    phase_convention();
    phase_loaded();
    phase_vpn();
    phase_bad_password();
    phase_resume();
    phase_batch();
    drain_aux();
    CHECK_EQ(g_aux_events, g_notes);         /* the shared ring saw every notification */
    CHECK_EQ(g_aux_unknown, 0);
    CHECK_EQ(rf_slot_stray_count() - stray0, 0);
    rf_ring_stats rs;
    rf_ring_get_stats(g_aux, &rs);
    CHECK_EQ(rs.dropped, 0);
    uint32_t left = 99;
    rf_conn_info conns[4];
    CHECK_EQ(rf_enum_connections(RF_BACKEND_RASAPI32, conns, 4, &left), 0);
    CHECK_EQ(left, 0);
    rf_ring_close(g_aux);
    rf_ring_release(g_aux);

    uint32_t expect_connected = 1 + 1 + BATCH_ROUNDS * 3;
    uint32_t expect_failed = 1 + BATCH_ROUNDS * 3;
    CHECK_EQ(g_connected, expect_connected);
    CHECK_EQ(g_failed_as_expected, expect_failed);
    printf("win32_dial_driver (%s): %d checks passed, %d failed; %u dials (%u connected, "
           "%u failed as expected, %u referenced, %u resumed), %llu notifier calls "
           "through rasapi32.dll in %.1f s\n",
           arch_name(), g_checks - g_failures, g_failures, g_dials, g_connected,
           g_failed_as_expected, g_referenced, g_resumed, (unsigned long long)g_notes,
           (double)(rf_now_ns() - t0) / 1e9);
    return g_failures ? 1 : 0;
}
