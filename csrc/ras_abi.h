/* The rasapi32 ABI, defined by rasfast itself on every platform.
 *
 * The numbers and layouts follow the Windows SDK (Ras.h, RasError.h) and
 * shared/ras-reference.md: structures packed to 4 bytes, UTF-16 strings,
 * dwSize versions.  Neither mingw-w64's nor Wine's ras.h is complete, so no
 * system header is used, and the simulated service compiles everywhere. */
#ifndef RASFAST_RAS_ABI_H
#define RASFAST_RAS_ABI_H

#include <stdint.h>
#include "platform.h"

typedef uint16_t rf_wchar;        /* WCHAR: UTF-16 code unit */
typedef void *rf_hrasconn;        /* HRASCONN */

#define RF_WM_RASDIALEVENT 0xCCCDu

#define RF_RAS_MaxEntryName 256
#define RF_RAS_MaxPhoneNumber 128
#define RF_RAS_MaxCallbackNumber 128
#define RF_RAS_MaxDeviceType 16
#define RF_RAS_MaxDeviceName 128
#define RF_UNLEN 256
#define RF_PWLEN 256
#define RF_DNLEN 15
#define RF_MAX_PATH 260

/* RASCONNSTATE */
enum {
    RF_RASCS_OpenPort = 0, RF_RASCS_PortOpened, RF_RASCS_ConnectDevice,
    RF_RASCS_DeviceConnected, RF_RASCS_AllDevicesConnected, RF_RASCS_Authenticate,
    RF_RASCS_AuthNotify, RF_RASCS_AuthRetry, RF_RASCS_AuthCallback,
    RF_RASCS_AuthChangePassword, RF_RASCS_AuthProject, RF_RASCS_AuthLinkSpeed,
    RF_RASCS_AuthAck, RF_RASCS_ReAuthenticate, RF_RASCS_Authenticated,
    RF_RASCS_PrepareForCallback, RF_RASCS_WaitForModemReset, RF_RASCS_WaitForCallback,
    RF_RASCS_Projected, RF_RASCS_StartAuthentication, RF_RASCS_CallbackComplete,
    RF_RASCS_LogonNetwork, RF_RASCS_SubEntryConnected, RF_RASCS_SubEntryDisconnected,
    RF_RASCS_ApplySettings,
    RF_RASCS_Interactive = 0x1000, RF_RASCS_RetryAuthentication,
    RF_RASCS_CallbackSetByCaller, RF_RASCS_PasswordExpired, RF_RASCS_InvokeEapUI,
    RF_RASCS_Connected = 0x2000, RF_RASCS_Disconnected
};
#define RF_RASCS_PAUSED 0x1000u
#define RF_RASCS_DONE 0x2000u

/* Error codes (winerror.h and raserror.h). */
#define RF_ERROR_SUCCESS 0u
#define RF_ERROR_INVALID_HANDLE 6u
#define RF_ERROR_NOT_ENOUGH_MEMORY 8u
#define RF_ERROR_INVALID_PARAMETER 87u
#define RF_ERROR_CALL_NOT_IMPLEMENTED 120u
#define RF_ERROR_MOD_NOT_FOUND 126u
#define RF_ERROR_PROC_NOT_FOUND 127u
#define RF_ERROR_ALREADY_EXISTS 183u
#define RF_ERROR_TIMEOUT 1460u
#define RF_PENDING 600u
#define RF_ERROR_INVALID_PORT_HANDLE 601u
#define RF_ERROR_BUFFER_TOO_SMALL 603u
#define RF_ERROR_PORT_DISCONNECTED 619u
#define RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY 623u
#define RF_ERROR_DISCONNECTION 628u
#define RF_ERROR_REMOTE_DISCONNECTION 629u
#define RF_ERROR_USER_DISCONNECTION 631u
#define RF_ERROR_INVALID_SIZE 632u
#define RF_ERROR_PORT_NOT_AVAILABLE 633u
#define RF_ERROR_PASSWD_EXPIRED 648u
#define RF_ERROR_NO_CONNECTION 668u
#define RF_ERROR_NO_ANSWER 678u
#define RF_ERROR_NO_CARRIER 679u
#define RF_ERROR_NO_DIALTONE 680u
#define RF_ERROR_AUTHENTICATION_FAILURE 691u
#define RF_ERROR_INTERACTIVE_MODE 703u
#define RF_ERROR_PPP_TIMEOUT 718u
#define RF_ERROR_PPP_NO_PROTOCOLS_CONFIGURED 720u
#define RF_ERROR_DIAL_ALREADY_IN_PROGRESS 756u
#define RF_ERROR_AUTOMATIC_VPN_FAILED 800u
#define RF_ERROR_VPN_TIMEOUT 809u
#define RF_ERROR_DNSNAME_NOT_RESOLVABLE 868u

/* RASDIALEXTENSIONS.dwfOptions */
#define RF_RDEOPT_UsePrefixSuffix 0x00000001u
#define RF_RDEOPT_PausedStates 0x00000002u
#define RF_RDEOPT_IgnoreModemSpeaker 0x00000004u
#define RF_RDEOPT_SetModemSpeaker 0x00000008u
#define RF_RDEOPT_IgnoreSoftwareCompression 0x00000010u
#define RF_RDEOPT_SetSoftwareCompression 0x00000020u
#define RF_RDEOPT_DisableConnectedUI 0x00000040u
#define RF_RDEOPT_DisableReconnectUI 0x00000080u
#define RF_RDEOPT_DisableReconnect 0x00000100u
#define RF_RDEOPT_NoUser 0x00000200u
#define RF_RDEOPT_PauseOnScript 0x00000400u
#define RF_RDEOPT_Router 0x00000800u
#define RF_RDEOPT_CustomDial 0x00001000u
#define RF_RDEOPT_UseCustomScripting 0x00002000u

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

/* The simulated service (sim.c) and rasapi32 (provider_win32.c; on other
 * platforms rf_provider_rasapi32 returns NULL). */
const rf_provider *rf_provider_sim(void);
const rf_provider *rf_provider_rasapi32(uint32_t *load_error);

/* The shim (shim.c), with the exact RasDialFunc2 signature. */
uint32_t RF_WINAPI rf_notifier(uintptr_t dwCallbackId, uint32_t dwSubEntry,
                               rf_hrasconn hrasconn, uint32_t unMsg, uint32_t rascs,
                               uint32_t dwError, uint32_t dwExtendedError);

#endif /* RASFAST_RAS_ABI_H */
