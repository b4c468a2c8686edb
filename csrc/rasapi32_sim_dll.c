/* rasapi32.dll made of the simulated RAS service, to run the rasapi32
 * provider (provider_rasapi32.c) end to end where no real RAS exists.
 *
 * Under Wine, rasapi32 is stubs.  Put this DLL beside python.exe and set
 * WINEDLLOVERRIDES="rasapi32=n,b": LoadLibraryW(L"rasapi32.dll") then
 * finds it, GetProcAddress binds these exports exactly as it binds
 * Windows' own, and dials through backend="win32" walk the real provider's
 * code: RasDialW with RASDIALEXTENSIONS, the RasDialFunc2 shim called on
 * this DLL's own threads, resume with the handle, RasHangUpW and the
 * RasGetConnectStatusW release wait.
 *
 * Each export forwards to rf_provider_sim()'s table.  The DLL links its own
 * copy of the simulator (the sim_*.c files, ras_errors.c, platform_win32.c
 * and hist.c: SIM_DLL_SOURCES in cross_build.py), so its simulator state is
 * separate from the one inside rasfast._native: rasfast.sim's controls
 * do not reach it; its built-in phonebook ("Demo VPN", "Demo Bad Password",
 * "Demo Password Expired", ...) is what a test dials.
 *
 * Built by .ci/windows/cross_build.py --sim-dll.  On x86 the exports are
 * __stdcall like Windows' (RF_WINAPI) and exported undecorated
 * (-Wl,--kill-at), as GetProcAddress expects. */
#include "ras_abi.h"

#define RF_DLL_EXPORT __declspec(dllexport)

RF_DLL_EXPORT uint32_t RF_WINAPI RasDialW(RF_RASDIALEXTENSIONS *ext, const rf_wchar *phonebook,
                                          RF_RASDIALPARAMSW *params, uint32_t notifier_type,
                                          void *notifier, rf_hrasconn *hrasconn)
{
    return rf_provider_sim()->RasDialW(ext, phonebook, params, notifier_type, notifier, hrasconn);
}

RF_DLL_EXPORT uint32_t RF_WINAPI RasHangUpW(rf_hrasconn hrasconn)
{
    return rf_provider_sim()->RasHangUpW(hrasconn);
}

RF_DLL_EXPORT uint32_t RF_WINAPI RasGetConnectStatusW(rf_hrasconn hrasconn,
                                                      RF_RASCONNSTATUSW *status)
{
    return rf_provider_sim()->RasGetConnectStatusW(hrasconn, status);
}

RF_DLL_EXPORT uint32_t RF_WINAPI RasEnumConnectionsW(RF_RASCONNW *conns, uint32_t *cb,
                                                     uint32_t *count)
{
    return rf_provider_sim()->RasEnumConnectionsW(conns, cb, count);
}

RF_DLL_EXPORT uint32_t RF_WINAPI RasEnumEntriesW(const rf_wchar *reserved, const rf_wchar *phonebook,
                                                 RF_RASENTRYNAMEW *entries, uint32_t *cb,
                                                 uint32_t *count)
{
    return rf_provider_sim()->RasEnumEntriesW(reserved, phonebook, entries, cb, count);
}

RF_DLL_EXPORT uint32_t RF_WINAPI RasGetErrorStringW(uint32_t code, rf_wchar *buf, uint32_t cch)
{
    return rf_provider_sim()->RasGetErrorStringW(code, buf, cch);
}

RF_DLL_EXPORT uint32_t RF_WINAPI RasConnectionNotificationW(rf_hrasconn hrasconn, void *event,
                                                            uint32_t flags)
{
    return rf_provider_sim()->RasConnectionNotificationW(hrasconn, event, flags);
}

RF_DLL_EXPORT uint32_t RF_WINAPI RasGetConnectionStatistics(rf_hrasconn hrasconn, RF_RAS_STATS *st)
{
    return rf_provider_sim()->RasGetConnectionStatistics(hrasconn, st);
}

RF_DLL_EXPORT uint32_t RF_WINAPI RasGetLinkStatistics(rf_hrasconn hrasconn, uint32_t sub,
                                                      RF_RAS_STATS *st)
{
    return rf_provider_sim()->RasGetLinkStatistics(hrasconn, sub, st);
}

RF_DLL_EXPORT uint32_t RF_WINAPI RasClearConnectionStatistics(rf_hrasconn hrasconn)
{
    return rf_provider_sim()->RasClearConnectionStatistics(hrasconn);
}

RF_DLL_EXPORT uint32_t RF_WINAPI RasClearLinkStatistics(rf_hrasconn hrasconn, uint32_t sub)
{
    return rf_provider_sim()->RasClearLinkStatistics(hrasconn, sub);
}

RF_DLL_EXPORT uint32_t RF_WINAPI RasGetProjectionInfoW(rf_hrasconn hrasconn, uint32_t projection,
                                                       void *info, uint32_t *cb)
{
    return rf_provider_sim()->RasGetProjectionInfoW(hrasconn, projection, info, cb);
}

RF_DLL_EXPORT uint32_t RF_WINAPI RasGetProjectionInfoEx(rf_hrasconn hrasconn,
                                                        RF_RAS_PROJECTION_INFO *info, uint32_t *cb)
{
    return rf_provider_sim()->RasGetProjectionInfoEx(hrasconn, info, cb);
}

/* The exports in the provider table's own types: on x86 an export declared
 * without RF_WINAPI fails to compile here (-Werror=incompatible-pointer-types
 * in the i686 check) instead of corrupting the stack at run time. */
const rf_provider *rf_sim_dll_exports(void)
{
    static const rf_provider exports = {
        "rasapi32_sim_dll", RasDialW, RasHangUpW, RasGetConnectStatusW,
        RasEnumConnectionsW, RasEnumEntriesW, RasGetErrorStringW,
        RasConnectionNotificationW, RasGetConnectionStatistics, RasGetLinkStatistics,
        RasClearConnectionStatistics, RasClearLinkStatistics, RasGetProjectionInfoW,
        RasGetProjectionInfoEx,
    };
    return &exports;
}
