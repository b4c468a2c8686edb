/* A foreign RAS client: a plain Windows program built against mingw-w64's
 * ras.h (not rasfast's headers) that dials the simulator's rasapi32.dll with
 * every notifier type and checks the states and codes it gets.
 *
 *   bash .ci/windows/ras-client.sh    (builds 4 variants, runs them under Wine)
 *
 * It includes <ras.h> and links mingw-w64's import library (-lrasapi32), as
 * any Windows program does; run from a folder holding the rasapi32.dll built
 * from the simulated service (cross_build.py --sim-dll), with
 * WINEDLLOVERRIDES="rasapi32=n,b", the loader binds that DLL.  The structures
 * come from one of two headers (-DRAS_CLIENT_HEADER): ras_client_mingw.h,
 * mingw-w64's own at WINVER 0x0501, or ras_client_sdk.h, the newest versions
 * declared by hand from the SDK's Ras.h.  Built for x86_64 and i686 (32-bit
 * Wine, __stdcall notifiers).
 *
 * For each notifier: NULL (synchronous), type 0 RasDialFunc, type 1
 * RasDialFunc1, type 2 RasDialFunc2, 0xFFFFFFFF with a window handle (a
 * message loop on this thread):
 *   - "Demo VPN": every state of the walk once, in order, no error, ending
 *     in RASCS_Connected; WM_RASDIALEVENT, the dial's handle (types 1, 2),
 *     the callback id (type 2); called on a thread that is not the caller's
 *     (types 0-2); nothing else runs in the dial while a notifier sleeps
 *     (the dial is suspended); from inside the notifier RasGetConnectStatus,
 *     RasEnumConnections, RasEnumEntries and RasGetErrorString answer 0 and
 *     a nested RasDial is an error, not a deadlock; then RasGetConnectStatus
 *     and RasEnumConnections with this layout's sizes, RasHangUp, the port's
 *     release (ERROR_INVALID_HANDLE) and no notification afterwards.
 *   - "Demo Bad Password": the walk up to Authenticate, then Authenticate
 *     again with 691, and no more (the synchronous dial returns 691).
 * Plus: RasDialFunc2 returning 0 stops the notifications; a wrong dwSize is
 * 632; notifier type 3 is 87; RasEnumEntries walks the array with this
 * layout's element size; RasGetErrorString(691).
 *
 * Prints one line per notifier and a summary line; exit status 0 only when
 * every check passed; an exception on any thread exits 3, the watchdog 4. */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include RAS_CLIENT_HEADER
#include <raserror.h>

static int g_checks, g_failures;
#define CHECK(cond) do { g_checks++; if (!(cond) && ++g_failures < 40) \
    fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } while (0)
#define CHECK_EQ(a, b) do { unsigned long long a_ = (unsigned long long)(a), \
    b_ = (unsigned long long)(b); g_checks++; if (a_ != b_ && ++g_failures < 40) \
    fprintf(stderr, "FAIL %s:%d: %s == %s (%llu != %llu)\n", __FILE__, __LINE__, \
            #a, #b, a_, b_); } while (0)

static const char *arch_name(void) { return sizeof(void *) == 4 ? "i686" : "x86_64"; }

static DWORD g_main_thread;

static LONG WINAPI on_crash(EXCEPTION_POINTERS *info)
{
    DWORD tid = GetCurrentThreadId();
    fprintf(stderr, "ras_client: unhandled exception 0x%08lx at %p on %s\n",
            (unsigned long)info->ExceptionRecord->ExceptionCode,
            info->ExceptionRecord->ExceptionAddress,
            tid == g_main_thread ? "the main thread" : "a RAS thread");
    fflush(stderr);
    TerminateProcess(GetCurrentProcess(), 3);
    return EXCEPTION_EXECUTE_HANDLER;
}

static DWORD WINAPI watchdog(LPVOID arg)
{
    Sleep((DWORD)(ULONG_PTR)arg);
    fprintf(stderr, "ras_client: still running after %lu ms: stopped\n",
            (unsigned long)(ULONG_PTR)arg);
    fflush(stderr);
    TerminateProcess(GetCurrentProcess(), 4);
    return 0;
}

/* ------------------------------------------------------------------------
 * The simulator's built-in walks (csrc/sim_phonebook.c's model).
 * ---------------------------------------------------------------------- */
static const DWORD k_vpn_walk[] = {
    RASCS_OpenPort, RASCS_PortOpened, RASCS_ConnectDevice, RASCS_DeviceConnected,
    RASCS_AllDevicesConnected, RASCS_Authenticate, RASCS_AuthNotify, RASCS_AuthAck,
    RASCS_Authenticated, 24 /* RASCS_ApplySettings: not in mingw-w64's ras.h */,
    RASCS_Connected,
};
#define VPN_WALK (sizeof k_vpn_walk / sizeof *k_vpn_walk)
#define BAD_WALK 6      /* OpenPort .. Authenticate, then Authenticate with 691 */

/* ------------------------------------------------------------------------
 * What one dial received.
 * ---------------------------------------------------------------------- */
#define MAX_NOTES 64
typedef struct note {
    DWORD state, error, msg, tid;
    HRASCONN h;
    ULONG_PTR callback_id;
} note;

typedef struct dial_log {
    volatile LONG count;
    note notes[MAX_NOTES];
    volatile HRASCONN handle;   /* what RasDialW stored (type 0 has no handle argument) */
    HANDLE done;                /* set on Connected or an error */
    int in_notifier;            /* 1: also call the RAS functions from inside */
    int inside_done;            /* those calls were made (once per dial) */
    DWORD inside_status, inside_enum_conns, inside_enum_entries, inside_error_string;
    DWORD nested_dial;          /* what a RasDialW from inside the notifier returned */
    int suspended_ok;           /* nothing arrived while a notifier slept */
    int suspension_checked;
    DWORD stop_after;           /* RasDialFunc2: return 0 after this many (0: never) */
} dial_log;

static dial_log g_log;
static const ULONG_PTR k_callback_id = (ULONG_PTR)0x5EEDF00DUL;

static void log_reset(int in_notifier)
{
    HANDLE done = g_log.done;
    memset(&g_log, 0, sizeof g_log);
    g_log.done = done;
    g_log.in_notifier = in_notifier;
    ResetEvent(done);
}

/* The RAS calls a notifier may make, once per dial at Authenticate. */
static void calls_from_inside(HRASCONN h)
{
    client_connstatus st;
    memset(&st, 0, sizeof st);
    st.dwSize = sizeof st;
    g_log.inside_status = RasGetConnectStatusW(h, (LPRASCONNSTATUSW)&st);

    client_conn conns[8];
    memset(conns, 0, sizeof conns);
    conns[0].dwSize = sizeof conns[0];
    DWORD cb = sizeof conns, n = 0;
    g_log.inside_enum_conns = RasEnumConnectionsW((LPRASCONNW)conns, &cb, &n);

    static client_entryname names[16];
    memset(names, 0, sizeof names);
    names[0].dwSize = sizeof names[0];
    cb = sizeof names;
    n = 0;
    g_log.inside_enum_entries = RasEnumEntriesW(NULL, NULL, (LPRASENTRYNAMEW)names, &cb, &n);

    WCHAR text[512];
    g_log.inside_error_string = RasGetErrorStringW(691, text, 512);

    /* Never allowed from a notifier (seed: RasDialFunc): an error. */
    client_dialparams p;
    memset(&p, 0, sizeof p);
    p.dwSize = sizeof p;
    wcscpy(p.szEntryName, L"Demo Instant");
    HRASCONN nested = NULL;
    g_log.nested_dial = RasDialW(NULL, NULL, (LPRASDIALPARAMSW)&p, 0, NULL, &nested);
    if (nested) RasHangUpW(nested);
    g_log.inside_done = 1;
}

static void record(DWORD msg, DWORD state, DWORD error, HRASCONN h, ULONG_PTR id)
{
    LONG i = InterlockedIncrement(&g_log.count) - 1;
    if (i < MAX_NOTES) {
        note *n = &g_log.notes[i];
        n->state = state;
        n->error = error;
        n->msg = msg;
        n->h = h;
        n->callback_id = id;
        n->tid = GetCurrentThreadId();
    }
    HRASCONN handle = h ? h : g_log.handle;
    if (g_log.in_notifier && state == RASCS_Authenticate && !error && handle)
        calls_from_inside(handle);
    if (state == RASCS_AuthNotify && !error && GetCurrentThreadId() != g_main_thread) {
        /* The dial is suspended while the notifier runs. */
        LONG before = g_log.count;
        Sleep(30);
        g_log.suspended_ok = g_log.count == before;
        g_log.suspension_checked = 1;
    }
    if (state == RASCS_Connected || error) SetEvent(g_log.done);
}

static VOID WINAPI notifier0(UINT msg, RASCONNSTATE state, DWORD error)
{
    record(msg, (DWORD)state, error, NULL, 0);
}

static VOID WINAPI notifier1(HRASCONN h, UINT msg, RASCONNSTATE state, DWORD error,
                             DWORD extended)
{
    (void)extended;
    record(msg, (DWORD)state, error, h, 0);
}

static DWORD WINAPI notifier2(ULONG_PTR id, DWORD sub, HRASCONN h, UINT msg,
                              RASCONNSTATE state, DWORD error, DWORD extended)
{
    (void)sub; (void)extended;
    record(msg, (DWORD)state, error, h, id);
    if (g_log.stop_after && (DWORD)g_log.count >= g_log.stop_after) {
        SetEvent(g_log.done);
        return 0;
    }
    return 1;
}

/* The HWND notifier: RAS posts the message; wParam is the state, lParam the
 * error.  Windows may use RegisterWindowMessage("RasDialEvent") instead of
 * WM_RASDIALEVENT; both are accepted. */
static UINT g_registered_msg;

static LRESULT CALLBACK window_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_RASDIALEVENT || (g_registered_msg && msg == g_registered_msg)) {
        record(msg, (DWORD)wp, (DWORD)lp, NULL, 0);
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

static HWND make_window(void)
{
    WNDCLASSW wc;
    memset(&wc, 0, sizeof wc);
    wc.lpfnWndProc = window_proc;
    wc.hInstance = GetModuleHandleW(NULL);
    wc.lpszClassName = L"ras_client_notifier";
    if (!RegisterClassW(&wc)) return NULL;
    return CreateWindowExW(0, wc.lpszClassName, L"", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL,
                           wc.hInstance, NULL);
}

/* Wait for the dial's end: on the event, or pumping this thread's messages. */
static int wait_done(int pump, DWORD ms)
{
    DWORD deadline = GetTickCount() + ms;
    for (;;) {
        DWORD now = GetTickCount();
        if ((LONG)(deadline - now) <= 0) return 0;
        if (!pump) return WaitForSingleObject(g_log.done, deadline - now) == WAIT_OBJECT_0;
        DWORD r = MsgWaitForMultipleObjects(1, &g_log.done, FALSE, deadline - now, QS_ALLINPUT);
        if (r == WAIT_OBJECT_0) return 1;
        MSG m;
        while (PeekMessageW(&m, NULL, 0, 0, PM_REMOVE)) {
            TranslateMessage(&m);
            DispatchMessageW(&m);
        }
    }
}

/* Keep pumping (or just waiting) for a while: nothing may arrive. */
static void settle(int pump, DWORD ms)
{
    DWORD end = GetTickCount() + ms;
    while ((LONG)(end - GetTickCount()) > 0) {
        if (pump) {
            MSG m;
            while (PeekMessageW(&m, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&m);
        }
        Sleep(5);
    }
}

/* ------------------------------------------------------------------------
 * The checks
 * ---------------------------------------------------------------------- */
typedef struct notifier_kind {
    const char *name;
    DWORD type;           /* RasDial's dwNotifierType */
    void *fn;             /* NULL: synchronous; the HWND is filled in at run time */
    int on_ras_thread;    /* called on a thread of the DLL's */
    int has_handle;       /* the handle is an argument */
    int pump;             /* a message loop receives it */
} notifier_kind;

static void fill_params(client_dialparams *p, const wchar_t *entry, const wchar_t *password)
{
    memset(p, 0, sizeof *p);
    p->dwSize = sizeof *p;
    wcscpy(p->szEntryName, entry);
    wcscpy(p->szUserName, L"alice");
    wcscpy(p->szPassword, password);
    p->dwCallbackId = k_callback_id;
}

static int wait_released(HRASCONN h)
{
    for (int i = 0; i < 2000; i++) {
        client_connstatus st;
        memset(&st, 0, sizeof st);
        st.dwSize = sizeof st;
        if (RasGetConnectStatusW(h, (LPRASCONNSTATUSW)&st) == ERROR_INVALID_HANDLE) return 1;
        Sleep(5);
    }
    return 0;
}

static int listed(HRASCONN h, const wchar_t *entry)
{
    client_conn conns[16];
    memset(conns, 0, sizeof conns);
    conns[0].dwSize = sizeof conns[0];
    DWORD cb = sizeof conns, n = 0;
    DWORD rc = RasEnumConnectionsW((LPRASCONNW)conns, &cb, &n);
    CHECK_EQ(rc, 0);
    int found = 0;
    for (DWORD i = 0; i < n && i < 16; i++)
        if (conns[i].hrasconn == h && !wcscmp(conns[i].szEntryName, entry)) found = 1;
    return found;
}

/* Checks shared by both entries: every notification's message, handle,
 * callback id and thread. */
static void check_notes(const notifier_kind *k, HRASCONN h, LONG count)
{
    for (LONG i = 0; i < count && i < MAX_NOTES; i++) {
        const note *n = &g_log.notes[i];
        if (!k->pump) CHECK_EQ(n->msg, WM_RASDIALEVENT);
        else CHECK(n->msg == WM_RASDIALEVENT || n->msg == g_registered_msg);
        if (k->has_handle) CHECK(n->h == h);
        if (k->type == 2) CHECK_EQ(n->callback_id, k_callback_id);
        if (k->on_ras_thread) CHECK(n->tid != g_main_thread);
        else CHECK_EQ(n->tid, g_main_thread);
    }
}

static int dial_vpn(const notifier_kind *k, void *notifier)
{
    int failures = g_failures;
    client_dialparams p;
    fill_params(&p, L"Demo VPN", L"s3cret");
    log_reset(k->on_ras_thread);
    HRASCONN h = NULL;
    DWORD rc = RasDialW(NULL, NULL, (LPRASDIALPARAMSW)&p, k->type, notifier, &h);
    g_log.handle = h;
    CHECK_EQ(rc, 0);
    CHECK(h != NULL);
    if (!h) return 0;
    if (notifier) CHECK(wait_done(k->pump, 20000));
    LONG count = g_log.count;
    if (notifier) {
        CHECK_EQ(count, VPN_WALK);
        for (LONG i = 0; i < count && i < (LONG)VPN_WALK; i++) {
            CHECK_EQ(g_log.notes[i].state, k_vpn_walk[i]);
            CHECK_EQ(g_log.notes[i].error, 0);
        }
        check_notes(k, h, count);
    }
    if (k->on_ras_thread) CHECK(g_log.suspension_checked && g_log.suspended_ok);
    if (k->on_ras_thread) {
        CHECK(g_log.inside_done);
        CHECK_EQ(g_log.inside_status, 0);
        CHECK_EQ(g_log.inside_enum_conns, 0);
        CHECK_EQ(g_log.inside_enum_entries, 0);
        CHECK_EQ(g_log.inside_error_string, 0);
        CHECK(g_log.nested_dial != 0 && g_log.nested_dial != PENDING);
    }
    client_connstatus st;
    memset(&st, 0xAB, sizeof st);
    st.dwSize = sizeof st;
    CHECK_EQ(RasGetConnectStatusW(h, (LPRASCONNSTATUSW)&st), 0);
    CHECK_EQ(st.rasconnstate, RASCS_Connected);
    CHECK_EQ(st.dwError, 0);
    CHECK(!wcscmp(st.szDeviceType, L"vpn") || !wcscmp(st.szDeviceType, L"VPN"));
    char why[128] = "";
    int tail = client_status_tail_ok(&st, why, sizeof why);
    if (!tail) fprintf(stderr, "FAIL: RASCONNSTATUSW (%u bytes) tail: %s\n",
                       (unsigned)sizeof st, why);
    CHECK(tail);
    CHECK(listed(h, L"Demo VPN"));
    CHECK_EQ(RasHangUpW(h), 0);
    CHECK(wait_released(h));
    CHECK(!listed(h, L"Demo VPN"));
    settle(k->pump, 30);
    CHECK_EQ(g_log.count, count);   /* nothing after the dial ended */
    return g_failures == failures;
}

static int dial_bad_password(const notifier_kind *k, void *notifier)
{
    int failures = g_failures;
    client_dialparams p;
    fill_params(&p, L"Demo Bad Password", L"wrong");
    log_reset(0);
    HRASCONN h = NULL;
    DWORD rc = RasDialW(NULL, NULL, (LPRASDIALPARAMSW)&p, k->type, notifier, &h);
    g_log.handle = h;
    CHECK_EQ(rc, notifier ? 0 : ERROR_AUTHENTICATION_FAILURE);
    if (notifier && rc == 0) {
        CHECK(wait_done(k->pump, 20000));
        settle(k->pump, 30);
        LONG count = g_log.count;
        CHECK_EQ(count, BAD_WALK + 1);
        for (LONG i = 0; i < count && i < MAX_NOTES && i < (LONG)BAD_WALK; i++) {
            CHECK_EQ(g_log.notes[i].state, k_vpn_walk[i]);
            CHECK_EQ(g_log.notes[i].error, 0);
        }
        CHECK_EQ(g_log.notes[BAD_WALK].state, RASCS_Authenticate);
        CHECK_EQ(g_log.notes[BAD_WALK].error, ERROR_AUTHENTICATION_FAILURE);
        check_notes(k, h, count);
    }
    /* Whenever RasDial stored a handle, RasHangUp, even after a failure. */
    if (h) {
        CHECK_EQ(RasHangUpW(h), 0);
        CHECK(wait_released(h));
    }
    return g_failures == failures;
}

/* RasDialFunc2 returning 0: no more notifications for this connection. */
static void dial_stop_notifications(void)
{
    client_dialparams p;
    fill_params(&p, L"Demo VPN", L"s3cret");
    log_reset(0);
    g_log.stop_after = 2;
    HRASCONN h = NULL;
    DWORD rc = RasDialW(NULL, NULL, (LPRASDIALPARAMSW)&p, 2, (void *)notifier2, &h);
    CHECK_EQ(rc, 0);
    CHECK(rc == 0 && wait_done(0, 20000));
    Sleep(300);                     /* the whole walk takes ~40 ms at this time scale */
    CHECK_EQ(g_log.count, 2);
    if (h) {
        CHECK_EQ(RasHangUpW(h), 0);
        CHECK(wait_released(h));
    }
}

static void bad_calls(void)
{
    client_dialparams p;
    fill_params(&p, L"Demo VPN", L"s3cret");
    HRASCONN h = NULL;
    p.dwSize = 100;                 /* no version of RASDIALPARAMSW has this size */
    CHECK_EQ(RasDialW(NULL, NULL, (LPRASDIALPARAMSW)&p, 2, (void *)notifier2, &h), ERROR_INVALID_SIZE);
    CHECK(h == NULL);
    p.dwSize = sizeof p;
    CHECK_EQ(RasDialW(NULL, NULL, (LPRASDIALPARAMSW)&p, 3, (void *)notifier2, &h),
             ERROR_INVALID_PARAMETER);
    CHECK(h == NULL);
    client_connstatus st;
    memset(&st, 0, sizeof st);
    st.dwSize = sizeof st;
    CHECK_EQ(RasGetConnectStatusW((HRASCONN)(ULONG_PTR)0x7FFF0001, (LPRASCONNSTATUSW)&st),
             ERROR_INVALID_HANDLE);
    st.dwSize = 100;
    CHECK_EQ(RasGetConnectStatusW((HRASCONN)(ULONG_PTR)0x7FFF0001, (LPRASCONNSTATUSW)&st),
             ERROR_INVALID_SIZE);
}

static void enum_entries(void)
{
    static client_entryname names[16];
    memset(names, 0, sizeof names);
    names[0].dwSize = sizeof names[0];
    DWORD cb = sizeof names[0], n = 0;
    /* One element is too small for the phonebook: 603 and the size needed. */
    CHECK_EQ(RasEnumEntriesW(NULL, NULL, (LPRASENTRYNAMEW)names, &cb, &n), ERROR_BUFFER_TOO_SMALL);
    CHECK(cb > sizeof names[0] && cb % sizeof names[0] == 0);
    cb = sizeof names;
    CHECK_EQ(RasEnumEntriesW(NULL, NULL, (LPRASENTRYNAMEW)names, &cb, &n), 0);
    CHECK(n >= 3 && n <= 16);
    CHECK_EQ(cb, n * sizeof names[0]);
    int vpn = 0, bad = 0;
    for (DWORD i = 0; i < n && i < 16; i++) {
        vpn |= !wcscmp(names[i].szEntryName, L"Demo VPN");
        bad |= !wcscmp(names[i].szEntryName, L"Demo Bad Password");
    }
    CHECK(vpn && bad);
    WCHAR text[512] = L"";
    CHECK_EQ(RasGetErrorStringW(ERROR_AUTHENTICATION_FAILURE, text, 512), 0);
    CHECK(wcslen(text) > 10);
}

int main(void)
{
    g_main_thread = GetCurrentThreadId();
    SetUnhandledExceptionFilter(on_crash);
    CloseHandle(CreateThread(NULL, 0, watchdog, (LPVOID)(ULONG_PTR)120000, 0, NULL));
    g_log.done = CreateEventW(NULL, TRUE, FALSE, NULL);
    g_registered_msg = RegisterWindowMessageA(RASDIALEVENT);

    /* The loader bound the simulator's DLL, not Wine's (or Windows') own. */
    HMODULE ras = GetModuleHandleW(L"rasapi32.dll");
    typedef double (WINAPI *set_scale_fn)(double);
    set_scale_fn set_scale = ras ? (set_scale_fn)(void (*)(void))GetProcAddress(ras, "RfSimSetTimeScale") : NULL;
    if (!set_scale) {
        fprintf(stderr, "ras_client: the rasapi32.dll loaded is not the simulator's\n");
        return 2;
    }
    set_scale(0.05);   /* "Demo VPN" in ~40 ms */

    printf("ras_client (%s, %s): RASDIALPARAMSW %u, RASDIALEXTENSIONS %u, RASCONNSTATUSW %u, "
           "RASCONNW %u, RASENTRYNAMEW %u bytes\n", arch_name(), CLIENT_LAYOUT,
           (unsigned)sizeof(client_dialparams), (unsigned)sizeof(client_dialext),
           (unsigned)sizeof(client_connstatus), (unsigned)sizeof(client_conn),
           (unsigned)sizeof(client_entryname));
    enum_entries();

    HWND hwnd = make_window();
    CHECK(hwnd != NULL);
    const notifier_kind kinds[] = {
        {"NULL (synchronous)", 0, NULL, 0, 0, 0},
        {"type 0 RasDialFunc", 0, (void *)notifier0, 1, 0, 0},
        {"type 1 RasDialFunc1", 1, (void *)notifier1, 1, 1, 0},
        {"type 2 RasDialFunc2", 2, (void *)notifier2, 1, 1, 0},
        {"0xFFFFFFFF HWND", 0xFFFFFFFFu, NULL, 0, 0, 1},
    };
    int passed = 0;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        const notifier_kind *k = &kinds[i];
        void *notifier = k->pump ? (void *)hwnd : k->fn;
        int before = g_failures;
        int vpn = dial_vpn(k, notifier);
        int bad = dial_bad_password(k, notifier);
        printf("  %-20s Demo VPN: %s; Demo Bad Password: %s\n", k->name,
               vpn ? (notifier ? "11 states, Connected" : "returned 0, Connected") : "FAILED",
               bad ? (notifier ? "Authenticate + 691" : "returned 691") : "FAILED");
        passed += g_failures == before;
    }
    dial_stop_notifications();
    bad_calls();
    printf("ras_client (%s, %s): %d/5 notifiers passed, %d checks, %d failed\n", arch_name(),
           CLIENT_LAYOUT, passed, g_checks, g_failures);
    fflush(stdout);
    return g_failures ? 1 : 0;
}
