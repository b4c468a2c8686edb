/* The rasapi32 provider (Windows only): the real RAS client API, loaded at
 * run time so that the module imports on systems without RAS (Server Core,
 * Wine prefixes without it) and reports why it cannot dial instead. */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <string.h>

#include "ras_abi.h"
#include "atomics.h"

static rf_provider rasapi32 = { .name = "rasapi32" };
static uint32_t load_state;     /* 0 not tried, 1 loading, 2 done */
static uint32_t load_result;

/* Store GetProcAddress's FARPROC into a table member of the matching
 * signature (ras_abi.h); memcpy, because writing through a FARPROC * cast
 * of the member breaks strict aliasing. */
static void bind(void *member, HMODULE m, const char *name, uint32_t *error)
{
    FARPROC f = GetProcAddress(m, name);
    if (!f && !*error) *error = (uint32_t)GetLastError();
    memcpy(member, &f, sizeof f);
}

static void load(void)
{
    uint32_t error = 0;
    HMODULE m = LoadLibraryW(L"rasapi32.dll");
    if (!m) {
        load_result = (uint32_t)GetLastError();
        if (!load_result) load_result = RF_ERROR_MOD_NOT_FOUND;
        return;
    }
    bind(&rasapi32.RasDialW, m, "RasDialW", &error);
    bind(&rasapi32.RasHangUpW, m, "RasHangUpW", &error);
    bind(&rasapi32.RasGetConnectStatusW, m, "RasGetConnectStatusW", &error);
    bind(&rasapi32.RasEnumConnectionsW, m, "RasEnumConnectionsW", &error);
    bind(&rasapi32.RasEnumEntriesW, m, "RasEnumEntriesW", &error);
    bind(&rasapi32.RasGetErrorStringW, m, "RasGetErrorStringW", &error);
    /* The phonebook's functions are optional: a rasapi32 without one still
     * dials, and a call of it answers ERROR_PROC_NOT_FOUND (entries.c). */
    uint32_t optional = 0;
    bind(&rasapi32.RasValidateEntryNameW, m, "RasValidateEntryNameW", &optional);
    bind(&rasapi32.RasGetEntryPropertiesW, m, "RasGetEntryPropertiesW", &optional);
    bind(&rasapi32.RasSetEntryPropertiesW, m, "RasSetEntryPropertiesW", &optional);
    bind(&rasapi32.RasDeleteEntryW, m, "RasDeleteEntryW", &optional);
    bind(&rasapi32.RasRenameEntryW, m, "RasRenameEntryW", &optional);
    bind(&rasapi32.RasGetCredentialsW, m, "RasGetCredentialsW", &optional);
    bind(&rasapi32.RasSetCredentialsW, m, "RasSetCredentialsW", &optional);
    bind(&rasapi32.RasGetCustomAuthDataW, m, "RasGetCustomAuthDataW", &optional);
    bind(&rasapi32.RasSetCustomAuthDataW, m, "RasSetCustomAuthDataW", &optional);
    /* After CONNECTED: optional too (Wine lacks some; Ex is Windows 7+).
     * A missing one stays NULL: link.c answers ERROR_CALL_NOT_IMPLEMENTED,
     * or falls back to RasGetProjectionInfoW. */
    bind(&rasapi32.RasConnectionNotificationW, m, "RasConnectionNotificationW", &optional);
    bind(&rasapi32.RasGetConnectionStatistics, m, "RasGetConnectionStatistics", &optional);
    bind(&rasapi32.RasGetLinkStatistics, m, "RasGetLinkStatistics", &optional);
    bind(&rasapi32.RasClearConnectionStatistics, m, "RasClearConnectionStatistics", &optional);
    bind(&rasapi32.RasClearLinkStatistics, m, "RasClearLinkStatistics", &optional);
    bind(&rasapi32.RasGetProjectionInfoW, m, "RasGetProjectionInfoW", &optional);
    bind(&rasapi32.RasGetProjectionInfoEx, m, "RasGetProjectionInfoEx", &optional);
    load_result = error;   /* the module stays loaded for the process's life */
}

const rf_provider *rf_provider_rasapi32(uint32_t *load_error)
{
    uint32_t state = rf_load_acquire_u32(&load_state);
    if (state != 2) {
        uint32_t expected = 0;
        if (rf_cas_u32(&load_state, &expected, 1)) {
            load();
            rf_store_release_u32(&load_state, 2);
        } else {
            while (rf_load_acquire_u32(&load_state) != 2) SwitchToThread();
        }
    }
    if (load_error) *load_error = load_result;
    return load_result ? NULL : &rasapi32;
}
