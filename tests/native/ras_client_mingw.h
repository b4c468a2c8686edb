/* ras_client.c's RAS structures from mingw-w64's own ras.h, built at WINVER
 * 0x0501 (Windows XP): the sizes an older program sends.
 *
 * mingw-w64's ras.h is independent of rasfast's ras_abi.h; the expected
 * sizes are the ones computed from the SDK's Ras.h at WINVER 0x0501
 * (shared/ras-reference.md, "dwSize versions"; x86 by the same rules with
 * 4-byte pointers). */
#ifndef RAS_CLIENT_MINGW_H
#define RAS_CLIENT_MINGW_H
#include <windows.h>
#include <ras.h>

#define CLIENT_LAYOUT "mingw-w64 ras.h, WINVER 0x0501"

typedef RASDIALPARAMSW client_dialparams;
typedef RASDIALEXTENSIONS client_dialext;
typedef RASCONNSTATUSW client_connstatus;
typedef RASCONNW client_conn;
typedef RASENTRYNAMEW client_entryname;

#define CLIENT_64 (sizeof(void *) == 8)
_Static_assert(sizeof(client_dialparams) == (CLIENT_64 ? 2108 : 2104), "RASDIALPARAMSW 0x0501");
_Static_assert(sizeof(client_dialext) == (CLIENT_64 ? 44 : 28), "RASDIALEXTENSIONS 0x0500");
_Static_assert(sizeof(client_connstatus) == 564, "RASCONNSTATUSW 0x0401");
_Static_assert(sizeof(client_conn) == (CLIENT_64 ? 1372 : 1368), "RASCONNW 0x0501");
_Static_assert(sizeof(client_entryname) == 1048, "RASENTRYNAMEW 0x0500");

/* The 564-byte status has nothing past szPhoneNumber to check. */
static inline int client_status_tail_ok(const client_connstatus *st, char *why, size_t cb)
{
    (void)st; (void)why; (void)cb;
    return 1;
}

#endif /* RAS_CLIENT_MINGW_H */
