/* ras_client.c's RAS structures in their newest versions, declared here by
 * hand from the Windows SDK's Ras.h (10.0 SDK, WINVER 0x0A00; the copy in
 * the DotRas repository, includes/um/Ras.h): the sizes a program built
 * with a current SDK sends.  mingw-w64's ras.h stops before these (its
 * RASCONNSTATUSW has no endpoints, its RASCONNW no guidCorrelationId).
 *
 * mingw-w64's ras.h still gives the functions, constants and RASCONNSTATE;
 * the client passes these structures through casts, as a program compiled
 * against the newer header passes them to the same rasapi32 exports. */
#ifndef RAS_CLIENT_SDK_H
#define RAS_CLIENT_SDK_H
#include <windows.h>
#include <ras.h>

#define CLIENT_LAYOUT "newest sizes by hand (SDK Ras.h, WINVER 0x0A00)"

#include <pshpack4.h>

/* WINVER 0x602: dwIfIndex (0x601) and szEncPassword. */
typedef struct client_dialparams {
    DWORD dwSize;
    WCHAR szEntryName[RAS_MaxEntryName + 1];
    WCHAR szPhoneNumber[RAS_MaxPhoneNumber + 1];
    WCHAR szCallbackNumber[RAS_MaxCallbackNumber + 1];
    WCHAR szUserName[UNLEN + 1];
    WCHAR szPassword[PWLEN + 1];
    WCHAR szDomain[DNLEN + 1];
    DWORD dwSubEntry;
    ULONG_PTR dwCallbackId;
    DWORD dwIfIndex;
    LPWSTR szEncPassword;
} client_dialparams;

typedef struct client_devspecificinfo {
    DWORD dwSize;
    BYTE *pbDevSpecificInfo;
} client_devspecificinfo;

/* WINVER 0x601: fSkipPppAuth and RasDevSpecificInfo. */
typedef struct client_dialext {
    DWORD dwSize;
    DWORD dwfOptions;
    HWND hwndParent;
    ULONG_PTR reserved;
    ULONG_PTR reserved1;
    RASEAPINFO RasEapInfo;
    BOOL fSkipPppAuth;
    client_devspecificinfo RasDevSpecificInfo;
} client_dialext;

typedef struct client_tunnel_endpoint {
    DWORD dwType;             /* RASTUNNELENDPOINT_UNKNOWN 0, _IPv4 1, _IPv6 2 */
    union {
        struct in_addr ipv4;
        struct in6_addr ipv6;
    } addr;
} client_tunnel_endpoint;

/* WINVER 0x601: localEndPoint, remoteEndPoint, rasconnsubstate. */
typedef struct client_connstatus {
    DWORD dwSize;
    RASCONNSTATE rasconnstate;
    DWORD dwError;
    WCHAR szDeviceType[RAS_MaxDeviceType + 1];
    WCHAR szDeviceName[RAS_MaxDeviceName + 1];
    WCHAR szPhoneNumber[RAS_MaxPhoneNumber + 1];
    client_tunnel_endpoint localEndPoint;
    client_tunnel_endpoint remoteEndPoint;
    DWORD rasconnsubstate;    /* RASCSS_None 0, _Dormant 1, _Reconnecting 2, _Reconnected 0x2000 */
} client_connstatus;

/* WINVER 0x600: guidCorrelationId. */
typedef struct client_conn {
    DWORD dwSize;
    HRASCONN hrasconn;
    WCHAR szEntryName[RAS_MaxEntryName + 1];
    WCHAR szDeviceType[RAS_MaxDeviceType + 1];
    WCHAR szDeviceName[RAS_MaxDeviceName + 1];
    WCHAR szPhonebook[MAX_PATH];
    DWORD dwSubEntry;
    GUID guidEntry;
    DWORD dwFlags;
    LUID luid;
    GUID guidCorrelationId;
} client_conn;

/* Unchanged since WINVER 0x500. */
typedef struct client_entryname {
    DWORD dwSize;
    WCHAR szEntryName[RAS_MaxEntryName + 1];
    DWORD dwFlags;
    WCHAR szPhonebookPath[MAX_PATH + 1];
} client_entryname;

#include <poppack.h>

#define CLIENT_64 (sizeof(void *) == 8)
_Static_assert(sizeof(client_dialparams) == (CLIENT_64 ? 2120 : 2112), "RASDIALPARAMSW 0x0602");
_Static_assert(sizeof(client_dialext) == (CLIENT_64 ? 60 : 40), "RASDIALEXTENSIONS 0x0601");
_Static_assert(sizeof(client_connstatus) == 608, "RASCONNSTATUSW 0x0601");
_Static_assert(sizeof(client_conn) == (CLIENT_64 ? 1388 : 1384), "RASCONNW 0x0600");
_Static_assert(sizeof(client_entryname) == 1048, "RASENTRYNAMEW 0x0500");

/* The fields past the 564-byte version were written (ras_client.c fills
 * the structure with 0xAB first) and hold values the SDK defines. */
static inline int client_status_tail_ok(const client_connstatus *st, char *why, size_t cb)
{
    DWORD lt = st->localEndPoint.dwType, rt = st->remoteEndPoint.dwType, sub = st->rasconnsubstate;
    int ok = lt <= 2 && rt <= 2 && (sub <= 2 || sub == 0x2000);
    if (!ok)
        snprintf(why, cb, "endpoint types %lu/%lu, substate 0x%lx", (unsigned long)lt,
                 (unsigned long)rt, (unsigned long)sub);
    return ok;
}

#endif /* RAS_CLIENT_SDK_H */
