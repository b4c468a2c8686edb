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
 * Three exports of its own (RfSim*, below) read and reset the simulator's
 * hold-time histogram and set its time scale.
 *
 * Built by .ci/windows/cross_build.py --sim-dll.  On x86 the exports are
 * __stdcall like Windows' (RF_WINAPI) and exported undecorated
 * (-Wl,--kill-at), as GetProcAddress expects. */
#include "ras_abi.h"
#include "rf_entries.h"
#include "rf_sim.h"

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

RF_DLL_EXPORT uint32_t RF_WINAPI RasValidateEntryNameW(const rf_wchar *pbk, const rf_wchar *entry)
{
    return rf_provider_sim()->RasValidateEntryNameW(pbk, entry);
}

RF_DLL_EXPORT uint32_t RF_WINAPI RasGetEntryPropertiesW(const rf_wchar *pbk, const rf_wchar *entry,
                                                        RF_RASENTRYW *props, uint32_t *cb,
                                                        uint8_t *devinfo, uint32_t *cbdevinfo)
{
    return rf_provider_sim()->RasGetEntryPropertiesW(pbk, entry, props, cb, devinfo, cbdevinfo);
}

RF_DLL_EXPORT uint32_t RF_WINAPI RasSetEntryPropertiesW(const rf_wchar *pbk, const rf_wchar *entry,
                                                        RF_RASENTRYW *props, uint32_t cb,
                                                        uint8_t *devinfo, uint32_t cbdevinfo)
{
    return rf_provider_sim()->RasSetEntryPropertiesW(pbk, entry, props, cb, devinfo, cbdevinfo);
}

RF_DLL_EXPORT uint32_t RF_WINAPI RasDeleteEntryW(const rf_wchar *pbk, const rf_wchar *entry)
{
    return rf_provider_sim()->RasDeleteEntryW(pbk, entry);
}

RF_DLL_EXPORT uint32_t RF_WINAPI RasRenameEntryW(const rf_wchar *pbk, const rf_wchar *old_name,
                                                 const rf_wchar *new_name)
{
    return rf_provider_sim()->RasRenameEntryW(pbk, old_name, new_name);
}

RF_DLL_EXPORT uint32_t RF_WINAPI RasGetCredentialsW(const rf_wchar *pbk, const rf_wchar *entry,
                                                    RF_RASCREDENTIALSW *creds)
{
    return rf_provider_sim()->RasGetCredentialsW(pbk, entry, creds);
}

RF_DLL_EXPORT uint32_t RF_WINAPI RasSetCredentialsW(const rf_wchar *pbk, const rf_wchar *entry,
                                                    RF_RASCREDENTIALSW *creds, int32_t clear)
{
    return rf_provider_sim()->RasSetCredentialsW(pbk, entry, creds, clear);
}

RF_DLL_EXPORT uint32_t RF_WINAPI RasGetCustomAuthDataW(const rf_wchar *pbk, const rf_wchar *entry,
                                                       uint8_t *data, uint32_t *cb)
{
    return rf_provider_sim()->RasGetCustomAuthDataW(pbk, entry, data, cb);
}

RF_DLL_EXPORT uint32_t RF_WINAPI RasSetCustomAuthDataW(const rf_wchar *pbk, const rf_wchar *entry,
                                                       uint8_t *data, uint32_t cb)
{
    return rf_provider_sim()->RasSetCustomAuthDataW(pbk, entry, data, cb);
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

/* Not a rasapi32 function: the "server" side of the DLL's simulator, which
 * rasfast.sim cannot reach (see the top): the password a dial of an entry
 * must bring, so that a test can dial saved credentials that are right and
 * wrong through the rasapi32 provider.  The password is wiped before return. */
RF_DLL_EXPORT uint32_t RF_WINAPI RfSimSetServerPassword(const rf_wchar *pbk, const rf_wchar *entry,
                                                        rf_wchar *password, uint32_t len)
{
    return rf_sim_set_server_password(pbk, entry, password, len);
}

/* Beyond rasapi32: the simulator's own measurements, for a program that
 * loaded this DLL in place of Windows' (rasfast's bench compares its
 * notifier with pywin32's on the same simulated RAS threads).  Named so
 * that no Windows export can clash; `out` is an rf_histogram (rf_histogram.h:
 * count, total_ns, min_ns, max_ns, then 512 log-linear buckets, all
 * uint64_t) of every notifier call since the last reset, whatever the
 * notifier type. */
RF_DLL_EXPORT void RF_WINAPI RfSimGetHoldHistogram(rf_histogram *out)
{
    if (out) rf_sim_get_hold_histogram(out);
}

RF_DLL_EXPORT void RF_WINAPI RfSimResetHoldHistogram(void)
{
    rf_sim_reset_hold_histogram();
}

/* The time scale of every simulated delay (rf_sim_set_time_scale: 0 = none,
 * 1 = the profiles' own timing, the default); returns the previous one. */
RF_DLL_EXPORT double RF_WINAPI RfSimSetTimeScale(double scale)
{
    double previous = rf_sim_get_time_scale();
    rf_sim_set_time_scale(scale);
    return previous;
}

/* The exports in the provider table's own types: on x86 an export declared
 * without RF_WINAPI fails to compile here (-Werror=incompatible-pointer-types
 * in the i686 check) instead of corrupting the stack at run time. */
const rf_provider *rf_sim_dll_exports(void)
{
    static const rf_provider exports = {
        .name = "rasapi32_sim_dll",
        .RasDialW = RasDialW,
        .RasHangUpW = RasHangUpW,
        .RasGetConnectStatusW = RasGetConnectStatusW,
        .RasEnumConnectionsW = RasEnumConnectionsW,
        .RasEnumEntriesW = RasEnumEntriesW,
        .RasGetErrorStringW = RasGetErrorStringW,
        .RasValidateEntryNameW = RasValidateEntryNameW,
        .RasGetEntryPropertiesW = RasGetEntryPropertiesW,
        .RasSetEntryPropertiesW = RasSetEntryPropertiesW,
        .RasDeleteEntryW = RasDeleteEntryW,
        .RasRenameEntryW = RasRenameEntryW,
        .RasGetCredentialsW = RasGetCredentialsW,
        .RasSetCredentialsW = RasSetCredentialsW,
        .RasGetCustomAuthDataW = RasGetCustomAuthDataW,
        .RasSetCustomAuthDataW = RasSetCustomAuthDataW,
        .RasConnectionNotificationW = RasConnectionNotificationW,
        .RasGetConnectionStatistics = RasGetConnectionStatistics,
        .RasGetLinkStatistics = RasGetLinkStatistics,
        .RasClearConnectionStatistics = RasClearConnectionStatistics,
        .RasClearLinkStatistics = RasClearLinkStatistics,
        .RasGetProjectionInfoW = RasGetProjectionInfoW,
        .RasGetProjectionInfoEx = RasGetProjectionInfoEx,
    };
    return &exports;
}
