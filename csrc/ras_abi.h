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

#include <stddef.h>
#include <stdint.h>
#include "platform.h"
#include "ras_numbers.h"

typedef uint16_t rf_wchar;        /* WCHAR: UTF-16 code unit */
typedef void *rf_hrasconn;        /* HRASCONN */

#pragma pack(push, 4)

/* Versions.  Windows accepts every dwSize it ever shipped and answers 632 to
 * anything else.  Each structure below is the version rasfast sends (dial.c);
 * where Windows has a newer one, a second structure _0NNN is that newest
 * version (WINVER 0xNNN of the SDK's Ras.h), and RF_<NAME>_SIZE_0NNN are the
 * sizes of every version from WINVER 0x400 on (each version is the next one's
 * prefix, so a size is where the next version's first new field starts,
 * rounded up to the structures' alignment, 4).  The simulator accepts all of
 * them.  The Windows NT 3.5x versions (RAS_MaxEntryName 20) are not
 * modelled. */
#define RF_RAS_SIZE_BEFORE(type, field) ((offsetof(type, field) + 3u) & ~(size_t)3u)

/* RASDIALPARAMSW as of Windows 7 (with dwIfIndex): what rasfast sends. */
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

/* RASDIALPARAMSW as of Windows 8 (WINVER 0x602): szEncPassword. */
typedef struct RF_RASDIALPARAMSW_0602 {
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
    rf_wchar *szEncPassword;
} RF_RASDIALPARAMSW_0602;
#define RF_RASDIALPARAMSW_SIZE_0400 RF_RAS_SIZE_BEFORE(RF_RASDIALPARAMSW_0602, dwSubEntry)
#define RF_RASDIALPARAMSW_SIZE_0401 RF_RAS_SIZE_BEFORE(RF_RASDIALPARAMSW_0602, dwIfIndex)
#define RF_RASDIALPARAMSW_SIZE_0601 RF_RAS_SIZE_BEFORE(RF_RASDIALPARAMSW_0602, szEncPassword)
#define RF_RASDIALPARAMSW_SIZE_0602 sizeof(RF_RASDIALPARAMSW_0602)

typedef struct RF_RASEAPINFO {
    uint32_t dwSizeofEapInfo;
    uint8_t *pbEapInfo;
} RF_RASEAPINFO;

/* RASDIALEXTENSIONS as of Windows 2000 (with RasEapInfo): what rasfast sends. */
typedef struct RF_RASDIALEXTENSIONS {
    uint32_t dwSize;
    uint32_t dwfOptions;
    void *hwndParent;
    uintptr_t reserved;
    uintptr_t reserved1;
    RF_RASEAPINFO RasEapInfo;
} RF_RASDIALEXTENSIONS;

typedef struct RF_RASDEVSPECIFICINFO {
    uint32_t dwSize;
    uint8_t *pbDevSpecificInfo;
} RF_RASDEVSPECIFICINFO;

/* RASDIALEXTENSIONS as of Windows 7 (WINVER 0x601): fSkipPppAuth,
 * RasDevSpecificInfo. */
typedef struct RF_RASDIALEXTENSIONS_0601 {
    uint32_t dwSize;
    uint32_t dwfOptions;
    void *hwndParent;
    uintptr_t reserved;
    uintptr_t reserved1;
    RF_RASEAPINFO RasEapInfo;
    int32_t fSkipPppAuth;          /* BOOL */
    RF_RASDEVSPECIFICINFO RasDevSpecificInfo;
} RF_RASDIALEXTENSIONS_0601;
#define RF_RASDIALEXTENSIONS_SIZE_0400 RF_RAS_SIZE_BEFORE(RF_RASDIALEXTENSIONS_0601, reserved1)
#define RF_RASDIALEXTENSIONS_SIZE_0500 RF_RAS_SIZE_BEFORE(RF_RASDIALEXTENSIONS_0601, fSkipPppAuth)
#define RF_RASDIALEXTENSIONS_SIZE_0601 sizeof(RF_RASDIALEXTENSIONS_0601)

/* RASCONNSTATUSW as of Windows XP (with szPhoneNumber): what rasfast sends. */
typedef struct RF_RASCONNSTATUSW {
    uint32_t dwSize;
    uint32_t rasconnstate;
    uint32_t dwError;
    rf_wchar szDeviceType[RF_RAS_MaxDeviceType + 1];
    rf_wchar szDeviceName[RF_RAS_MaxDeviceName + 1];
    rf_wchar szPhoneNumber[RF_RAS_MaxPhoneNumber + 1];
} RF_RASCONNSTATUSW;

/* RASTUNNELENDPOINT's address: in_addr or in6_addr, network byte order. */
typedef union RF_RASTUNNELADDR {
    uint8_t ipv4[4];
    uint8_t ipv6[16];
} RF_RASTUNNELADDR;

/* RASTUNNELENDPOINT (Windows 7).  The SDK's union is anonymous; here it is
 * named (addr), at the same offset. */
typedef struct RF_RASTUNNELENDPOINT {
    uint32_t dwType;               /* RF_RASTUNNELENDPOINT_* */
    RF_RASTUNNELADDR addr;
} RF_RASTUNNELENDPOINT;

/* RASCONNSTATUSW as of Windows 7 (WINVER 0x601): the tunnel's endpoints and
 * the substate. */
typedef struct RF_RASCONNSTATUSW_0601 {
    uint32_t dwSize;
    uint32_t rasconnstate;
    uint32_t dwError;
    rf_wchar szDeviceType[RF_RAS_MaxDeviceType + 1];
    rf_wchar szDeviceName[RF_RAS_MaxDeviceName + 1];
    rf_wchar szPhoneNumber[RF_RAS_MaxPhoneNumber + 1];
    RF_RASTUNNELENDPOINT localEndPoint;
    RF_RASTUNNELENDPOINT remoteEndPoint;
    uint32_t rasconnsubstate;      /* RASCONNSUBSTATE: RF_RASCSS_* */
} RF_RASCONNSTATUSW_0601;
#define RF_RASCONNSTATUSW_SIZE_0400 RF_RAS_SIZE_BEFORE(RF_RASCONNSTATUSW_0601, szPhoneNumber)
#define RF_RASCONNSTATUSW_SIZE_0401 RF_RAS_SIZE_BEFORE(RF_RASCONNSTATUSW_0601, localEndPoint)
#define RF_RASCONNSTATUSW_SIZE_0601 sizeof(RF_RASCONNSTATUSW_0601)

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

/* RASCONNW as of Windows XP (with dwFlags and luid): what rasfast sends. */
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

/* RASCONNW as of Windows Vista: guidCorrelationId.  The SDK's Ras.h has it
 * under WINVER >= 0x600 (not 0x601). */
typedef struct RF_RASCONNW_0600 {
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
    RF_GUID guidCorrelationId;
} RF_RASCONNW_0600;
#define RF_RASCONNW_SIZE_0400 RF_RAS_SIZE_BEFORE(RF_RASCONNW_0600, szPhonebook)
#define RF_RASCONNW_SIZE_0401 RF_RAS_SIZE_BEFORE(RF_RASCONNW_0600, guidEntry)
#define RF_RASCONNW_SIZE_0500 RF_RAS_SIZE_BEFORE(RF_RASCONNW_0600, dwFlags)
#define RF_RASCONNW_SIZE_0501 RF_RAS_SIZE_BEFORE(RF_RASCONNW_0600, guidCorrelationId)
#define RF_RASCONNW_SIZE_0600 sizeof(RF_RASCONNW_0600)

/* RASENTRYNAMEW as of Windows 2000 (with dwFlags and szPhonebookPath), the
 * newest. */
typedef struct RF_RASENTRYNAMEW {
    uint32_t dwSize;
    rf_wchar szEntryName[RF_RAS_MaxEntryName + 1];
    uint32_t dwFlags;
    rf_wchar szPhonebookPath[RF_MAX_PATH + 1];
} RF_RASENTRYNAMEW;
#define RF_RASENTRYNAMEW_SIZE_0400 RF_RAS_SIZE_BEFORE(RF_RASENTRYNAMEW, dwFlags)
#define RF_RASENTRYNAMEW_SIZE_0500 sizeof(RF_RASENTRYNAMEW)

/* ------------------------------------------------------------------------
 * The phonebook: RASENTRYW, RASCREDENTIALSW.
 * ---------------------------------------------------------------------- */
typedef struct RF_RASIPADDR {
    uint8_t a, b, c, d;
} RF_RASIPADDR;

typedef struct RF_RASIPV6ADDR {     /* in6_addr */
    uint8_t bytes[16];
} RF_RASIPV6ADDR;

/* RASENTRYW as of Windows 7 (WINVER 0x601-0x603, 5680 bytes): what rasfast
 * sends.  No pointers in it: the same layout on x86 and x64. */
typedef struct RF_RASENTRYW {
    uint32_t dwSize;
    uint32_t dwfOptions;
    uint32_t dwCountryID;
    uint32_t dwCountryCode;
    rf_wchar szAreaCode[RF_RAS_MaxAreaCode + 1];
    rf_wchar szLocalPhoneNumber[RF_RAS_MaxPhoneNumber + 1];
    uint32_t dwAlternateOffset;
    RF_RASIPADDR ipaddr;
    RF_RASIPADDR ipaddrDns;
    RF_RASIPADDR ipaddrDnsAlt;
    RF_RASIPADDR ipaddrWins;
    RF_RASIPADDR ipaddrWinsAlt;
    uint32_t dwFrameSize;
    uint32_t dwfNetProtocols;
    uint32_t dwFramingProtocol;
    rf_wchar szScript[RF_MAX_PATH];
    rf_wchar szAutodialDll[RF_MAX_PATH];
    rf_wchar szAutodialFunc[RF_MAX_PATH];
    rf_wchar szDeviceType[RF_RAS_MaxDeviceType + 1];
    rf_wchar szDeviceName[RF_RAS_MaxDeviceName + 1];
    rf_wchar szX25PadType[RF_RAS_MaxPadType + 1];
    rf_wchar szX25Address[RF_RAS_MaxX25Address + 1];
    rf_wchar szX25Facilities[RF_RAS_MaxFacilities + 1];
    rf_wchar szX25UserData[RF_RAS_MaxUserData + 1];
    uint32_t dwChannels;
    uint32_t dwReserved1;
    uint32_t dwReserved2;
    uint32_t dwSubEntries;              /* 0x401 */
    uint32_t dwDialMode;
    uint32_t dwDialExtraPercent;
    uint32_t dwDialExtraSampleSeconds;
    uint32_t dwHangUpExtraPercent;
    uint32_t dwHangUpExtraSampleSeconds;
    uint32_t dwIdleDisconnectSeconds;
    uint32_t dwType;                    /* 0x500 */
    uint32_t dwEncryptionType;
    uint32_t dwCustomAuthKey;
    RF_GUID guidId;
    rf_wchar szCustomDialDll[RF_MAX_PATH];
    uint32_t dwVpnStrategy;
    uint32_t dwfOptions2;               /* 0x501 */
    uint32_t dwfOptions3;
    rf_wchar szDnsSuffix[RF_RAS_MaxDnsSuffix];
    uint32_t dwTcpWindowSize;
    rf_wchar szPrerequisitePbk[RF_MAX_PATH];
    rf_wchar szPrerequisiteEntry[RF_RAS_MaxEntryName + 1];
    uint32_t dwRedialCount;
    uint32_t dwRedialPause;
    RF_RASIPV6ADDR ipv6addrDns;         /* 0x600 */
    RF_RASIPV6ADDR ipv6addrDnsAlt;
    uint32_t dwIPv4InterfaceMetric;
    uint32_t dwIPv6InterfaceMetric;
    RF_RASIPV6ADDR ipv6addr;            /* 0x601 */
    uint32_t dwIPv6PrefixLength;
    uint32_t dwNetworkOutageTime;
} RF_RASENTRYW;

/* RASENTRYW as of Windows 10 (WINVER 0xA00): the IKEv2 identities after the
 * 0x601 version, which is its prefix (held here as one member, v0601). */
typedef struct RF_RASENTRYW_0A00 {
    RF_RASENTRYW v0601;
    rf_wchar szIDi[RF_RAS_MaxIDSize + 1];
    rf_wchar szIDr[RF_RAS_MaxIDSize + 1];
    int32_t fIsImsConfig;               /* BOOL */
    uint32_t IdiType;                   /* IKEV2_ID_PAYLOAD_TYPE */
    uint32_t IdrType;
    int32_t fDisableIKEv2Fragmentation; /* BOOL */
} RF_RASENTRYW_0A00;
#define RF_RASENTRYW_SIZE_0400 RF_RAS_SIZE_BEFORE(RF_RASENTRYW, dwSubEntries)
#define RF_RASENTRYW_SIZE_0401 RF_RAS_SIZE_BEFORE(RF_RASENTRYW, dwType)
#define RF_RASENTRYW_SIZE_0500 RF_RAS_SIZE_BEFORE(RF_RASENTRYW, dwfOptions2)
#define RF_RASENTRYW_SIZE_0501 RF_RAS_SIZE_BEFORE(RF_RASENTRYW, ipv6addrDns)
#define RF_RASENTRYW_SIZE_0600 RF_RAS_SIZE_BEFORE(RF_RASENTRYW, ipv6addr)
#define RF_RASENTRYW_SIZE_0601 sizeof(RF_RASENTRYW)
#define RF_RASENTRYW_SIZE_0A00 sizeof(RF_RASENTRYW_0A00)

/* RASCREDENTIALSW (one version). */
typedef struct RF_RASCREDENTIALSW {
    uint32_t dwSize;
    uint32_t dwMask;                    /* RF_RASCM_* */
    rf_wchar szUserName[RF_UNLEN + 1];
    rf_wchar szPassword[RF_PWLEN + 1];
    rf_wchar szDomain[RF_DNLEN + 1];
} RF_RASCREDENTIALSW;
/* ---- After CONNECTED: statistics and projections ---------------------- */

/* RAS_STATS (one version, dwSize 60).  The byte counters are 32 bits and
 * wrap at 4 GiB; dwConnectDuration is in milliseconds. */
typedef struct RF_RAS_STATS {
    uint32_t dwSize;
    uint32_t dwBytesXmited;
    uint32_t dwBytesRcved;
    uint32_t dwFramesXmited;
    uint32_t dwFramesRcved;
    uint32_t dwCrcErr;
    uint32_t dwTimeoutErr;
    uint32_t dwAlignmentErr;
    uint32_t dwHardwareOverrunErr;
    uint32_t dwFramingErr;
    uint32_t dwBufferOverrunErr;
    uint32_t dwCompressionRatioIn;
    uint32_t dwCompressionRatioOut;
    uint32_t dwBps;
    uint32_t dwConnectDuration;
} RF_RAS_STATS;

/* RASPPPIPW as of Windows 2000 (dwOptions, dwServerOptions): 80 bytes.
 * RasGetProjectionInfoW(RASP_PppIp) also takes the Windows 95/NT 4 version
 * without the two option words (RF_RASPPPIPW_SIZE_0400). */
typedef struct RF_RASPPPIPW {
    uint32_t dwSize;
    uint32_t dwError;
    rf_wchar szIpAddress[RF_RAS_MaxIpAddress + 1];
    rf_wchar szServerIpAddress[RF_RAS_MaxIpAddress + 1];
    uint32_t dwOptions;
    uint32_t dwServerOptions;
} RF_RASPPPIPW;
#define RF_RASPPPIPW_SIZE_0400 RF_RAS_SIZE_BEFORE(RF_RASPPPIPW, dwOptions)
#define RF_RASPPPIPW_SIZE_0500 sizeof(RF_RASPPPIPW)

/* RASPPPIPV6 (Windows Vista): the interface identifiers, 28 bytes. */
typedef struct RF_RASPPPIPV6 {
    uint32_t dwSize;
    uint32_t dwError;
    uint8_t bLocalInterfaceIdentifier[8];
    uint8_t bPeerInterfaceIdentifier[8];
    uint8_t bLocalCompressionProtocol[2];
    uint8_t bPeerCompressionProtocol[2];
} RF_RASPPPIPV6;

/* RASPPP_PROJECTION_INFO (Windows 7; not in mingw-w64: pinned from the
 * SDK's Ras.h).  Addresses are in_addr, network byte order. */
typedef struct RF_RASPPP_PROJECTION_INFO {
    uint32_t dwIPv4NegotiationError;
    uint8_t ipv4Address[4];
    uint8_t ipv4ServerAddress[4];
    uint32_t dwIPv4Options;
    uint32_t dwIPv4ServerOptions;
    uint32_t dwIPv6NegotiationError;
    uint8_t bInterfaceIdentifier[8];
    uint8_t bServerInterfaceIdentifier[8];
    int32_t fBundled;              /* BOOL */
    int32_t fMultilink;            /* BOOL */
    uint32_t dwAuthenticationProtocol;
    uint32_t dwAuthenticationData;
    uint32_t dwServerAuthenticationProtocol;
    uint32_t dwServerAuthenticationData;
    uint32_t dwEapTypeId;
    uint32_t dwServerEapTypeId;
    uint32_t dwLcpOptions;
    uint32_t dwLcpServerOptions;
    uint32_t dwCcpError;
    uint32_t dwCcpCompressionAlgorithm;
    uint32_t dwCcpServerCompressionAlgorithm;
    uint32_t dwCcpOptions;
    uint32_t dwCcpServerOptions;
} RF_RASPPP_PROJECTION_INFO;

/* RASIKEV2_PROJECTION_INFO (Windows 7; pinned from the SDK's Ras.h). */
typedef struct RF_RASIKEV2_PROJECTION_INFO {
    uint32_t dwIPv4NegotiationError;
    uint8_t ipv4Address[4];
    uint8_t ipv4ServerAddress[4];
    uint32_t dwIPv6NegotiationError;
    uint8_t ipv6Address[16];
    uint8_t ipv6ServerAddress[16];
    uint32_t dwPrefixLength;
    uint32_t dwAuthenticationProtocol;
    uint32_t dwEapTypeId;
    uint32_t dwFlags;
    uint32_t dwEncryptionMethod;
    uint32_t numIPv4ServerAddresses;
    uint8_t *ipv4ServerAddresses;  /* RASIPV4ADDR * */
    uint32_t numIPv6ServerAddresses;
    uint8_t *ipv6ServerAddresses;  /* RASIPV6ADDR * */
} RF_RASIKEV2_PROJECTION_INFO;

/* RAS_PROJECTION_INFO (Windows 7; pinned from the SDK's Ras.h): no dwSize;
 * version is RASAPIVERSION_601; the SDK's union is anonymous, here it is
 * named (u), at the same offset. */
typedef struct RF_RAS_PROJECTION_INFO {
    uint32_t version;              /* RASAPIVERSION */
    uint32_t type;                 /* RASPROJECTION_INFO_TYPE */
    union {
        RF_RASPPP_PROJECTION_INFO ppp;
        RF_RASIKEV2_PROJECTION_INFO ikev2;
    } u;
} RF_RAS_PROJECTION_INFO;

#pragma pack(pop)

/* The notifiers, selected by RasDialW's dwNotifierType (RF_RAS_NOTIFIER_*):
 * RasDialFunc, RasDialFunc1, RasDialFunc2; all WINAPI. */
typedef void (RF_WINAPI *RF_RASDIALFUNC)(uint32_t unMsg, uint32_t rascs, uint32_t dwError);
typedef void (RF_WINAPI *RF_RASDIALFUNC1)(rf_hrasconn hrasconn, uint32_t unMsg, uint32_t rascs,
                                         uint32_t dwError, uint32_t dwExtendedError);
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
    /* The phonebook and saved credentials. */
    uint32_t (RF_WINAPI *RasValidateEntryNameW)(const rf_wchar *phonebook, const rf_wchar *entry);
    uint32_t (RF_WINAPI *RasGetEntryPropertiesW)(const rf_wchar *phonebook, const rf_wchar *entry,
                                                 RF_RASENTRYW *props, uint32_t *cb,
                                                 uint8_t *devinfo, uint32_t *cbdevinfo);
    uint32_t (RF_WINAPI *RasSetEntryPropertiesW)(const rf_wchar *phonebook, const rf_wchar *entry,
                                                 RF_RASENTRYW *props, uint32_t cb,
                                                 uint8_t *devinfo, uint32_t cbdevinfo);
    uint32_t (RF_WINAPI *RasDeleteEntryW)(const rf_wchar *phonebook, const rf_wchar *entry);
    uint32_t (RF_WINAPI *RasRenameEntryW)(const rf_wchar *phonebook, const rf_wchar *old_name,
                                          const rf_wchar *new_name);
    uint32_t (RF_WINAPI *RasGetCredentialsW)(const rf_wchar *phonebook, const rf_wchar *entry,
                                             RF_RASCREDENTIALSW *creds);
    uint32_t (RF_WINAPI *RasSetCredentialsW)(const rf_wchar *phonebook, const rf_wchar *entry,
                                             RF_RASCREDENTIALSW *creds, int32_t clear);
    uint32_t (RF_WINAPI *RasGetCustomAuthDataW)(const rf_wchar *phonebook, const rf_wchar *entry,
                                                uint8_t *data, uint32_t *cb);
    uint32_t (RF_WINAPI *RasSetCustomAuthDataW)(const rf_wchar *phonebook, const rf_wchar *entry,
                                                uint8_t *data, uint32_t cb);
    /* After CONNECTED (watcher.c, link.c).  RasGetProjectionInfoEx is
     * Windows 7+: NULL where rasapi32 lacks it (callers fall back to
     * RasGetProjectionInfoW). */
    uint32_t (RF_WINAPI *RasConnectionNotificationW)(rf_hrasconn hrasconn, void *event,
                                                     uint32_t flags);
    uint32_t (RF_WINAPI *RasGetConnectionStatistics)(rf_hrasconn hrasconn, RF_RAS_STATS *stats);
    uint32_t (RF_WINAPI *RasGetLinkStatistics)(rf_hrasconn hrasconn, uint32_t subentry,
                                               RF_RAS_STATS *stats);
    uint32_t (RF_WINAPI *RasClearConnectionStatistics)(rf_hrasconn hrasconn);
    uint32_t (RF_WINAPI *RasClearLinkStatistics)(rf_hrasconn hrasconn, uint32_t subentry);
    uint32_t (RF_WINAPI *RasGetProjectionInfoW)(rf_hrasconn hrasconn, uint32_t projection,
                                                void *info, uint32_t *cb);
    uint32_t (RF_WINAPI *RasGetProjectionInfoEx)(rf_hrasconn hrasconn,
                                                 RF_RAS_PROJECTION_INFO *info, uint32_t *cb);
} rf_provider;

/* RasConnectionNotificationW's handle for "every connection"
 * (INVALID_HANDLE_VALUE). */
#define RF_HRASCONN_ALL ((rf_hrasconn)(intptr_t)-1)

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
