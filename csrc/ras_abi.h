/* The rasapi32 ABI, defined by rasfast itself on every platform: the RAS
 * structures, the RasDialFunc2 type, and the provider table of
 * rasapi32-shaped functions that dial.c calls.
 *
 * Layouts follow the Windows SDK's Ras.h: structures packed to 4 bytes,
 * UTF-16 strings, dwSize versions.  The numbers are in ras_numbers.h.
 * Neither mingw-w64's nor Wine's ras.h is complete, so no system header is
 * used, and the simulated service compiles everywhere.  Not read by cffi's
 * cdef (#pragma pack, Windows-sized types): Python sees the rf_*.h headers. */
#ifndef RASFAST_RAS_ABI_H
#define RASFAST_RAS_ABI_H

#include <stdint.h>
#include "platform.h"
#include "ras_numbers.h"

typedef uint16_t rf_wchar;        /* WCHAR: UTF-16 code unit */
typedef void *rf_hrasconn;        /* HRASCONN */

#pragma pack(push, 4)

/* RASDIALPARAMSW as of Windows 7 (with dwIfIndex).  The older size, without
 * dwIfIndex, is accepted too (RF_RASDIALPARAMSW_V1_SIZE). */
typedef struct RF_RASDIALPARAMSW {
    uint32_t dwSize;
    rf_wchar szEntryName[RF_RAS_MaxEntryName + 1];
    rf_wchar szPhoneNumber[RF_RAS_MaxPhoneNumber + 1];
    rf_wchar szCallbackNumber[RF_RAS_MaxCallbackNumber + 1];
    rf_wchar szUserName[RF_UNLEN + 1];
    rf_wchar szPassword[RF_PWLEN + 1];
    rf_wchar szDomain[RF_DNLEN + 1];
    uint32_t dwSubEntry;
    uintptr_t dwCallbackId;
    uint32_t dwIfIndex;
} RF_RASDIALPARAMSW;
#define RF_RASDIALPARAMSW_V1_SIZE (sizeof(RF_RASDIALPARAMSW) - sizeof(uint32_t))

typedef struct RF_RASEAPINFO {
    uint32_t dwSizeofEapInfo;
    uint8_t *pbEapInfo;
} RF_RASEAPINFO;

/* RASDIALEXTENSIONS as of Windows 2000 (with RasEapInfo). */
typedef struct RF_RASDIALEXTENSIONS {
    uint32_t dwSize;
    uint32_t dwfOptions;
    void *hwndParent;
    uintptr_t reserved;
    uintptr_t reserved1;
    RF_RASEAPINFO RasEapInfo;
} RF_RASDIALEXTENSIONS;

/* RASCONNSTATUSW as of Windows XP (with szPhoneNumber). */
typedef struct RF_RASCONNSTATUSW {
    uint32_t dwSize;
    uint32_t rasconnstate;
    uint32_t dwError;
    rf_wchar szDeviceType[RF_RAS_MaxDeviceType + 1];
    rf_wchar szDeviceName[RF_RAS_MaxDeviceName + 1];
    rf_wchar szPhoneNumber[RF_RAS_MaxPhoneNumber + 1];
} RF_RASCONNSTATUSW;

typedef struct RF_GUID {
    uint32_t Data1;
    uint16_t Data2;
    uint16_t Data3;
    uint8_t Data4[8];
} RF_GUID;

typedef struct RF_LUID {
    uint32_t LowPart;
    int32_t HighPart;
} RF_LUID;

/* RASCONNW as of Windows XP (with dwFlags and luid). */
typedef struct RF_RASCONNW {
    uint32_t dwSize;
    rf_hrasconn hrasconn;
    rf_wchar szEntryName[RF_RAS_MaxEntryName + 1];
    rf_wchar szDeviceType[RF_RAS_MaxDeviceType + 1];
    rf_wchar szDeviceName[RF_RAS_MaxDeviceName + 1];
    rf_wchar szPhonebook[RF_MAX_PATH];
    uint32_t dwSubEntry;
    RF_GUID guidEntry;
    uint32_t dwFlags;
    RF_LUID luid;
} RF_RASCONNW;

/* RASENTRYNAMEW as of Windows 2000 (with dwFlags and szPhonebookPath). */
typedef struct RF_RASENTRYNAMEW {
    uint32_t dwSize;
    rf_wchar szEntryName[RF_RAS_MaxEntryName + 1];
    uint32_t dwFlags;
    rf_wchar szPhonebookPath[RF_MAX_PATH + 1];
} RF_RASENTRYNAMEW;

#pragma pack(pop)

/* RasDialFunc2 */
typedef uint32_t (RF_WINAPI *RF_RASDIALFUNC2)(uintptr_t dwCallbackId, uint32_t dwSubEntry,
                                             rf_hrasconn hrasconn, uint32_t unMsg,
                                             uint32_t rascs, uint32_t dwError,
                                             uint32_t dwExtendedError);

/* The rasapi32-shaped functions every provider implements. */
typedef struct rf_provider {
    const char *name;
    uint32_t (RF_WINAPI *RasDialW)(RF_RASDIALEXTENSIONS *ext, const rf_wchar *phonebook,
                                   RF_RASDIALPARAMSW *params, uint32_t notifier_type,
                                   void *notifier, rf_hrasconn *hrasconn);
    uint32_t (RF_WINAPI *RasHangUpW)(rf_hrasconn hrasconn);
    uint32_t (RF_WINAPI *RasGetConnectStatusW)(rf_hrasconn hrasconn, RF_RASCONNSTATUSW *status);
    uint32_t (RF_WINAPI *RasEnumConnectionsW)(RF_RASCONNW *conns, uint32_t *cb, uint32_t *count);
    uint32_t (RF_WINAPI *RasEnumEntriesW)(const rf_wchar *reserved, const rf_wchar *phonebook,
                                          RF_RASENTRYNAMEW *entries, uint32_t *cb,
                                          uint32_t *count);
    uint32_t (RF_WINAPI *RasGetErrorStringW)(uint32_t code, rf_wchar *buf, uint32_t cch);
} rf_provider;

/* The simulated service (sim_rasapi.c) and rasapi32 (provider_rasapi32.c;
 * on other platforms provider_none.c, whose rf_provider_rasapi32 returns
 * NULL with ERROR_CALL_NOT_IMPLEMENTED). */
const rf_provider *rf_provider_sim(void);
const rf_provider *rf_provider_rasapi32(uint32_t *load_error);

/* RasGetErrorStringW from rasfast's own table of error texts (ras_errors.c),
 * for the providers without a system one. */
uint32_t rf_ras_error_text(uint32_t code, rf_wchar *buf, uint32_t cch);

/* The shim (shim.c), with the exact RasDialFunc2 signature. */
uint32_t RF_WINAPI rf_notifier(uintptr_t dwCallbackId, uint32_t dwSubEntry,
                               rf_hrasconn hrasconn, uint32_t unMsg, uint32_t rascs,
                               uint32_t dwError, uint32_t dwExtendedError);

#endif /* RASFAST_RAS_ABI_H */
