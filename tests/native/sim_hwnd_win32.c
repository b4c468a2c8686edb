/* Windows only (Wine too): the simulated service's window notifier
 * (dwNotifierType 0xFFFFFFFF).  A message-only window receives
 * WM_RASDIALEVENT with the state in wParam and the error in lParam, for a
 * dial that connects and one that fails; a handle that is no window is
 * refused with 87.  Build (from the repository root):
 *   x86_64-w64-mingw32-gcc -std=c11 -D_WIN32_WINNT=0x0602 -Icsrc -o sim_hwnd.exe \
 *       tests/native/sim_hwnd_win32.c csrc/sim_*.c csrc/ras_errors.c csrc/hist.c \
 *       csrc/platform_win32.c -lsynchronization -luser32
 * and run with wine.  Exit status 0 and "sim_hwnd_win32: all passed". */
#include <windows.h>
#include <stdio.h>
#include <string.h>

#include "ras_abi.h"
#include "sim_internal.h"

static int g_failures;
#define CHECK_EQ(a, b) do { unsigned long long a_ = (unsigned long long)(a), \
    b_ = (unsigned long long)(b); if (a_ != b_) { g_failures++; \
    fprintf(stderr, "FAIL %s:%d: %s == %s (%llu != %llu)\n", __FILE__, __LINE__, \
            #a, #b, a_, b_); } } while (0)

/* Pump the window's messages until an end state (Connected or an error). */
static int collect(HWND w, uint32_t *states, uint32_t *errors, int max)
{
    int n = 0;
    DWORD until = GetTickCount() + 10000;
    while (GetTickCount() < until && n < max) {
        MSG m;
        if (!PeekMessageW(&m, w, 0, 0, PM_REMOVE)) { Sleep(1); continue; }
        if (m.message != RF_WM_RASDIALEVENT) continue;
        states[n] = (uint32_t)m.wParam;
        errors[n] = (uint32_t)m.lParam;
        n++;
        if (m.lParam || m.wParam == RF_RASCS_Connected) break;
    }
    return n;
}

static void dial_one(HWND w, const char *entry, uint32_t want_err)
{
    RF_RASDIALPARAMSW p;
    rf_hrasconn h = NULL;
    uint32_t states[64], errors[64], expect[64], n_expect;
    uint16_t name[64];
    int n, i;
    memset(&p, 0, sizeof p);
    p.dwSize = sizeof p;
    for (i = 0; entry[i]; i++) p.szEntryName[i] = name[i] = (uint16_t)entry[i];
    name[i] = 0;
    n_expect = rf_sim_entry_states(name, expect, 64);
    CHECK_EQ(rf_provider_sim()->RasDialW(NULL, NULL, &p, RF_RAS_NOTIFIER_HWND, (void *)w, &h), 0);
    n = collect(w, states, errors, 64);
    CHECK_EQ(n, n_expect + (want_err ? 1 : 0));
    for (i = 0; i < n && i < (int)n_expect; i++) {
        CHECK_EQ(states[i], expect[i]);
        CHECK_EQ(errors[i], 0);
    }
    if (want_err) CHECK_EQ(errors[n - 1], want_err);
    else CHECK_EQ(states[n - 1], RF_RASCS_Connected);
    CHECK_EQ(rf_provider_sim()->RasHangUpW(h), 0);
}

int main(void)
{
    HWND w = CreateWindowExW(0, L"STATIC", L"rasfast sim", 0, 0, 0, 0, 0, HWND_MESSAGE,
                             NULL, GetModuleHandleW(NULL), NULL);
    RF_RASDIALPARAMSW p;
    rf_hrasconn h = NULL;
    if (!w) { fprintf(stderr, "no message-only window\n"); return 2; }
    rf_sim_set_time_scale(0.02);
    CHECK_EQ(rf_window_exists(w), 1);
    dial_one(w, "Demo VPN", 0);
    dial_one(w, "Demo Bad Password", RF_ERROR_AUTHENTICATION_FAILURE);
    /* a handle that is no window */
    memset(&p, 0, sizeof p);
    p.dwSize = sizeof p;
    p.szEntryName[0] = 'X';
    CHECK_EQ(rf_provider_sim()->RasDialW(NULL, NULL, &p, RF_RAS_NOTIFIER_HWND,
                                         (void *)(uintptr_t)0x1234, &h),
             RF_ERROR_INVALID_PARAMETER);
    DestroyWindow(w);
    rf_sim__shutdown();
    fprintf(stderr, g_failures ? "sim_hwnd_win32: %d failure(s)\n" : "sim_hwnd_win32: all passed\n",
            g_failures);
    return g_failures ? 1 : 0;
}
