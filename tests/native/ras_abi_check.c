/* Compile-time check of rasfast's RAS ABI (csrc/ras_abi.h, csrc/ras_numbers.h)
 * against mingw-w64.
 *
 * The independent definition is mingw-w64's ras.h, raserror.h and winerror.h.
 * Nothing runs: the file compiles, or a _Static_assert names what differs.
 *
 * EVERY STRUCTURE, CONSTANT AND FUNCTION TYPE RASFAST ADDS TO ITS RAS ABI GOES
 * HERE.  .ci/steps/35-ras-abi.sh fails when csrc/ras_abi.h or csrc/ras_numbers.h
 * defines a structure, a structure field, a macro, an enum constant or a
 * function pointer type that this file never names, when another csrc file
 * defines a RAS number (they belong in ras_numbers.h), and when a RAS number
 * of rasfast/enums.py or rasfast/errors.py has no RF_PY_SDK_ line below.
 *
 * How to add one:
 * - A structure mingw-w64 has: CHECK_SIZE(RF_X, X) and one CHECK_*FIELD per
 *   field (CHECK_INT_FIELD for integers, CHECK_ARRAY_FIELD for arrays,
 *   CHECK_FIELD for pointers and nested structures), inside the #if of the
 *   WINVER at which mingw's ras.h has the version rasfast sends or accepts;
 *   add that WINVER to WINVERS in 35-ras-abi.sh if it is new.  Pin the x64 and
 *   x86 sizes too (CHECK_PIN_SIZE) when shared/ras-reference.md gives them.
 * - A version mingw-w64 lacks (RASCONNSTATUSW 608, RASDIALPARAMSW 2120,
 *   RASDIALEXTENSIONS 60, RASCONNW 1388, RASENTRYW 6724) or a structure it
 *   lacks (RAS_PROJECTION_INFO): check the fields the mingw version has, then
 *   CHECK_PIN_SIZE and CHECK_PIN_OFFSET for the rest, each with a comment
 *   naming the SDK header (Ras.h, Windows SDK version) the numbers come from.
 * - A constant (in csrc/ras_numbers.h): CHECK_CONST(RF_X, X); one mingw-w64
 *   lacks: CHECK_PIN(RF_X, value) with a comment naming the SDK header.
 * - A Python name for a RAS number (rasfast/enums.py, rasfast/errors.py):
 *   #define RF_PY_SDK_<name> <SDK name> in the last section.
 * - A function pointer type: CHECK_FUNC plus one CHECK_ARG_* per position.
 *
 * By hand (from the project root; WINVER and _WIN32_WINNT must both be given
 * and equal; 0x0501, 0x0600 and 0x0601 are what CI compiles):
 *
 *     x86_64-w64-mingw32-gcc -std=c11 -Wall -Wextra -Werror -fsyntax-only \
 *         -DWINVER=0x0601 -D_WIN32_WINNT=0x0601 -I csrc tests/native/ras_abi_check.c
 *     i686-w64-mingw32-gcc   ...same flags...
 *
 * Silence means every check held.  That covers csrc/ras_abi.h and
 * csrc/ras_numbers.h; the values of rasfast/enums.py and rasfast/errors.py are
 * extracted by `bash .ci/steps/35-ras-abi.sh` into a header passed as
 * -DRF_ABI_EXTRACTED, with their checks (without it those are skipped).  The step also runs positive
 * controls (among them: a scratch ras_abi.h with two fields swapped, or with
 * a constant changed, must fail to compile) and prints the number of checks
 * per architecture and WINVER.
 *
 * "ras_abi.h" is included by name, not by a relative path, so that a scratch
 * copy put first on the include path replaces the product's header. */

#if !defined(WINVER) || !defined(_WIN32_WINNT)
#  error "compile with -DWINVER=0x0NNN -D_WIN32_WINNT=0x0NNN (the same value)"
#endif
#if WINVER != _WIN32_WINNT
#  error "WINVER and _WIN32_WINNT differ: mingw's ras.h tests one, raserror.h the other"
#endif

#include <windows.h>
#include <ras.h>
#include <raserror.h>
#include <ipsectypes.h>
#include <stddef.h>
#include <stdint.h>

#include "ras_abi.h"

#ifdef RF_ABI_EXTRACTED
#  include RF_ABI_EXTRACTED
#endif

/* ------------------------------------------------------------------------
 * The helpers.  Every assertion's message starts with "ras_abi_check KIND:",
 * which the CI step counts (per KIND) in the preprocessed file.
 * ---------------------------------------------------------------------- */
#define RF_ASSERT(kind, cond, what) _Static_assert(cond, "ras_abi_check " #kind ": " what)

#define RF_MEMBER(type, f) (((type *)0)->f)
#define RF_SIGNED(type) ((type)-1 < (type)1)   /* (not 0: -Wtype-limits) */
/* __builtin_classify_type: 1 integer, 3 enum, 5 pointer (GCC's typeclass.h).
 * An enum is an integer here (RASCONNSTATE is one, rasfast uses uint32_t). */
#define RF_KIND(expr) (__builtin_classify_type(expr) == 3 ? 1 : __builtin_classify_type(expr))

/* sizeof(rf) == sizeof(mg). */
#define CHECK_SIZE(rf, mg) \
    RF_ASSERT(size, sizeof(rf) == sizeof(mg), "sizeof(" #rf ") != sizeof(" #mg ")")

/* Field f: same offset and same size.  (RF_FIELD takes mingw's name as a
 * string, made where it is still unexpanded: RASCONNW is a macro.) */
#define RF_FIELD(rf, mg, f, mg_name)                                               \
    RF_ASSERT(field, offsetof(rf, f) == offsetof(mg, f),                           \
              "offsetof(" #rf ", " #f ") != offsetof(" mg_name ", " #f ")");        \
    RF_ASSERT(field-size, sizeof RF_MEMBER(rf, f) == sizeof RF_MEMBER(mg, f),      \
              "sizeof " #rf "." #f " != sizeof " mg_name "." #f)
#define CHECK_FIELD(rf, mg, f) RF_FIELD(rf, mg, f, #mg)

/* An integer field: also the same signedness. */
#define CHECK_INT_FIELD(rf, mg, f)                                                 \
    RF_FIELD(rf, mg, f, #mg);                                                      \
    RF_ASSERT(field-sign, RF_SIGNED(__typeof__(RF_MEMBER(rf, f))) ==               \
                          RF_SIGNED(__typeof__(RF_MEMBER(mg, f))),                 \
              #rf "." #f " and " #mg "." #f " differ in signedness")

/* An array field: also the same element size and signedness (so the same
 * number of elements). */
#define CHECK_ARRAY_FIELD(rf, mg, f)                                               \
    RF_FIELD(rf, mg, f, #mg);                                                      \
    RF_ASSERT(field-elem, sizeof RF_MEMBER(rf, f)[0] == sizeof RF_MEMBER(mg, f)[0] && \
                          RF_SIGNED(__typeof__(RF_MEMBER(rf, f)[0])) ==            \
                          RF_SIGNED(__typeof__(RF_MEMBER(mg, f)[0])),              \
              #rf "." #f "[0] and " #mg "." #f "[0] differ")

/* A constant: the same value (as unsigned long long, so a negative mingw
 * value never equals a positive rasfast one). */
#define CHECK_CONST(rf, mg)                                                        \
    RF_ASSERT(const, (unsigned long long)(rf) == (unsigned long long)(mg),         \
              #rf " != " #mg)

/* Pinned numbers, for what mingw-w64 lacks: the comment beside each use names
 * the SDK header the value comes from. */
#define CHECK_PIN(rf, value)                                                       \
    RF_ASSERT(pin, (unsigned long long)(rf) == (unsigned long long)(value),        \
              #rf " != " #value)
#ifdef _WIN64
#  define RF_PIN_FOR_ARCH(x64, x86) (x64)
#else
#  define RF_PIN_FOR_ARCH(x64, x86) (x86)
#endif
#define CHECK_PIN_SIZE(rf, x64, x86)                                               \
    RF_ASSERT(pin, sizeof(rf) == RF_PIN_FOR_ARCH(x64, x86),                        \
              "sizeof(" #rf ") != " #x64 " (x64) / " #x86 " (x86)")
#define CHECK_PIN_OFFSET(rf, f, x64, x86)                                          \
    RF_ASSERT(pin, offsetof(rf, f) == RF_PIN_FOR_ARCH(x64, x86),                   \
              "offsetof(" #rf ", " #f ") != " #x64 " (x64) / " #x86 " (x86)")

/* A function pointer type.  rf_t is exactly rf_ret (WINAPI *) rf_args, so
 * rf_args is rasfast's parameter list and rasfast uses WINAPI (on x86 GCC
 * treats __stdcall and __cdecl function types as incompatible); mg_t is
 * exactly mg_ret (WINAPI *) mg_args, so mg_args is mingw's.  The CHECK_ARG_*
 * after each CHECK_FUNC compare the two lists position by position. */
#define CHECK_FUNC(rf_t, rf_ret, rf_args, mg_t, mg_ret, mg_args)                   \
    RF_ASSERT(func, __builtin_types_compatible_p(rf_t, rf_ret (WINAPI *) rf_args), \
              #rf_t " is not " #rf_ret " (WINAPI *)" #rf_args);                    \
    RF_ASSERT(func-mingw, __builtin_types_compatible_p(mg_t, mg_ret (WINAPI *) mg_args), \
              #mg_t " is not " #mg_ret " (WINAPI *)" #mg_args)
/* Argument n (0 = the return value) of fn: integers of the same size and
 * signedness, or pointers of the same size. */
#define CHECK_ARG_INT(fn, n, rf, mg)                                               \
    RF_ASSERT(arg, sizeof(rf) == sizeof(mg) && RF_KIND((rf)0) == 1 &&              \
                   RF_KIND((mg)0) == 1 && RF_SIGNED(rf) == RF_SIGNED(mg),          \
              #fn " argument " #n ": " #rf " is not ABI-equal to " #mg)
#define CHECK_ARG_PTR(fn, n, rf, mg)                                               \
    RF_ASSERT(arg, sizeof(rf) == sizeof(mg) && RF_KIND((rf)0) == 5 &&              \
                   RF_KIND((mg)0) == 5,                                            \
              #fn " argument " #n ": " #rf " is not ABI-equal to " #mg)

/* ------------------------------------------------------------------------
 * Basic types.
 * ---------------------------------------------------------------------- */
CHECK_ARG_INT(rf_wchar, 0, rf_wchar, WCHAR);
CHECK_ARG_PTR(rf_hrasconn, 0, rf_hrasconn, HRASCONN);

/* ------------------------------------------------------------------------
 * Structures, by the WINVER at which mingw's ras.h has the version rasfast
 * sends or accepts.  mingw-w64 10's ras.h has one version of each of these
 * except RASDIALPARAMSW (dwIfIndex from _WIN32_WINNT 0x0601); the newer
 * versions (RASCONNW 1388, RASCONNSTATUSW 608, RASDIALEXTENSIONS 60,
 * RASDIALPARAMSW 2120) are not in it.
 *
 * The CHECK_PIN_SIZEs are a third opinion beside mingw's and rasfast's: the
 * x64 sizes from the dwSize table of shared/ras-reference.md (computed there
 * from the Windows SDK's Ras.h), the x86 sizes computed for this file by the
 * same rules (packed to 4; pointers and ULONG_PTR 4 bytes).
 * ---------------------------------------------------------------------- */

/* The versions mingw-w64 lacks are pinned from the Windows SDK's um/Ras.h,
 * the copy in the DotRas repository (github.com/DotRas/DotRas,
 * includes/um/Ras.h: the Windows 10 SDK header whose WINVER list ends at
 * 0xA00).  Each pinned offset and size below was computed from its #if
 * blocks by the rules above (pack 4; pointers and ULONG_PTR 8 bytes on x64,
 * 4 on x86).  Every RF_*_SIZE_0NNN is RF_RAS_SIZE_BEFORE(newest version,
 * first field that version lacks): pinned too, and against mingw's sizeof
 * where mingw has that version. */

/* RASDIALPARAMSW.  rasfast sends the 0x0601 version (with dwIfIndex); the
 * simulator accepts 0x0400, 0x0401, 0x0601 and 0x0602. */
CHECK_INT_FIELD(RF_RASDIALPARAMSW, RASDIALPARAMSW, dwSize);
CHECK_ARRAY_FIELD(RF_RASDIALPARAMSW, RASDIALPARAMSW, szEntryName);
CHECK_ARRAY_FIELD(RF_RASDIALPARAMSW, RASDIALPARAMSW, szPhoneNumber);
CHECK_ARRAY_FIELD(RF_RASDIALPARAMSW, RASDIALPARAMSW, szCallbackNumber);
CHECK_ARRAY_FIELD(RF_RASDIALPARAMSW, RASDIALPARAMSW, szUserName);
CHECK_ARRAY_FIELD(RF_RASDIALPARAMSW, RASDIALPARAMSW, szPassword);
CHECK_ARRAY_FIELD(RF_RASDIALPARAMSW, RASDIALPARAMSW, szDomain);
CHECK_INT_FIELD(RF_RASDIALPARAMSW, RASDIALPARAMSW, dwSubEntry);
CHECK_INT_FIELD(RF_RASDIALPARAMSW, RASDIALPARAMSW, dwCallbackId);
#if _WIN32_WINNT >= 0x0601
CHECK_INT_FIELD(RF_RASDIALPARAMSW, RASDIALPARAMSW, dwIfIndex);
CHECK_SIZE(RF_RASDIALPARAMSW, RASDIALPARAMSW);
/* The older version is this one without its last field. */
CHECK_CONST(RF_RASDIALPARAMSW_SIZE_0401, offsetof(RASDIALPARAMSW, dwIfIndex));
CHECK_CONST(RF_RASDIALPARAMSW_SIZE_0601, sizeof(RASDIALPARAMSW));
CHECK_PIN_SIZE(RF_RASDIALPARAMSW, 2112, 2108);
#else
CHECK_CONST(RF_RASDIALPARAMSW_SIZE_0401, sizeof(RASDIALPARAMSW));
#endif
/* The 0x0602 version (Ras.h: szEncPassword under WINVER >= 0x602): the
 * fields mingw has, then the pointer it adds. */
CHECK_INT_FIELD(RF_RASDIALPARAMSW_0602, RASDIALPARAMSW, dwSize);
CHECK_ARRAY_FIELD(RF_RASDIALPARAMSW_0602, RASDIALPARAMSW, szEntryName);
CHECK_ARRAY_FIELD(RF_RASDIALPARAMSW_0602, RASDIALPARAMSW, szPhoneNumber);
CHECK_ARRAY_FIELD(RF_RASDIALPARAMSW_0602, RASDIALPARAMSW, szCallbackNumber);
CHECK_ARRAY_FIELD(RF_RASDIALPARAMSW_0602, RASDIALPARAMSW, szUserName);
CHECK_ARRAY_FIELD(RF_RASDIALPARAMSW_0602, RASDIALPARAMSW, szPassword);
CHECK_ARRAY_FIELD(RF_RASDIALPARAMSW_0602, RASDIALPARAMSW, szDomain);
CHECK_INT_FIELD(RF_RASDIALPARAMSW_0602, RASDIALPARAMSW, dwSubEntry);
CHECK_INT_FIELD(RF_RASDIALPARAMSW_0602, RASDIALPARAMSW, dwCallbackId);
#if _WIN32_WINNT >= 0x0601
CHECK_INT_FIELD(RF_RASDIALPARAMSW_0602, RASDIALPARAMSW, dwIfIndex);
#endif
CHECK_PIN_OFFSET(RF_RASDIALPARAMSW_0602, dwIfIndex, 2108, 2104);
CHECK_PIN_OFFSET(RF_RASDIALPARAMSW_0602, szEncPassword, 2112, 2108);
RF_ASSERT(pin, sizeof RF_MEMBER(RF_RASDIALPARAMSW_0602, szEncPassword) == sizeof(LPWSTR),
          "RF_RASDIALPARAMSW_0602.szEncPassword is not an LPWSTR");
CHECK_PIN_SIZE(RF_RASDIALPARAMSW_0602, 2120, 2112);
/* Ras.h WINVER 0x400: no dwSubEntry, dwCallbackId (Windows NT 4). */
CHECK_PIN(RF_RASDIALPARAMSW_SIZE_0400, 2096);
CHECK_PIN(RF_RASDIALPARAMSW_SIZE_0401, RF_PIN_FOR_ARCH(2108, 2104));
CHECK_PIN(RF_RASDIALPARAMSW_SIZE_0601, RF_PIN_FOR_ARCH(2112, 2108));
CHECK_PIN(RF_RASDIALPARAMSW_SIZE_0602, RF_PIN_FOR_ARCH(2120, 2112));
/* RF_RAS_SIZE_BEFORE rounds up to 4: RASCONNW 0x400 ends on a WCHAR. */
CHECK_PIN(RF_RAS_SIZE_BEFORE(RF_RASCONNW_0600, szPhonebook), RF_PIN_FOR_ARCH(820, 816));

/* RASEAPINFO (inside RASDIALEXTENSIONS). */
CHECK_SIZE(RF_RASEAPINFO, RASEAPINFO);
CHECK_INT_FIELD(RF_RASEAPINFO, RASEAPINFO, dwSizeofEapInfo);
CHECK_FIELD(RF_RASEAPINFO, RASEAPINFO, pbEapInfo);

/* RASDIALEXTENSIONS, the 0x0500 version (with RasEapInfo): 44 bytes on x64. */
CHECK_SIZE(RF_RASDIALEXTENSIONS, RASDIALEXTENSIONS);
CHECK_INT_FIELD(RF_RASDIALEXTENSIONS, RASDIALEXTENSIONS, dwSize);
CHECK_INT_FIELD(RF_RASDIALEXTENSIONS, RASDIALEXTENSIONS, dwfOptions);
CHECK_FIELD(RF_RASDIALEXTENSIONS, RASDIALEXTENSIONS, hwndParent);
CHECK_INT_FIELD(RF_RASDIALEXTENSIONS, RASDIALEXTENSIONS, reserved);
CHECK_INT_FIELD(RF_RASDIALEXTENSIONS, RASDIALEXTENSIONS, reserved1);
CHECK_FIELD(RF_RASDIALEXTENSIONS, RASDIALEXTENSIONS, RasEapInfo);
CHECK_PIN_SIZE(RF_RASDIALEXTENSIONS, 44, 28);
CHECK_CONST(RF_RASDIALEXTENSIONS_SIZE_0500, sizeof(RASDIALEXTENSIONS));
/* The 0x0601 version (Ras.h: fSkipPppAuth, RasDevSpecificInfo under WINVER
 * >= 0x601; RASDEVSPECIFICINFO is { DWORD dwSize; BYTE *pbDevSpecificInfo; }). */
CHECK_INT_FIELD(RF_RASDIALEXTENSIONS_0601, RASDIALEXTENSIONS, dwSize);
CHECK_INT_FIELD(RF_RASDIALEXTENSIONS_0601, RASDIALEXTENSIONS, dwfOptions);
CHECK_FIELD(RF_RASDIALEXTENSIONS_0601, RASDIALEXTENSIONS, hwndParent);
CHECK_INT_FIELD(RF_RASDIALEXTENSIONS_0601, RASDIALEXTENSIONS, reserved);
CHECK_INT_FIELD(RF_RASDIALEXTENSIONS_0601, RASDIALEXTENSIONS, reserved1);
CHECK_FIELD(RF_RASDIALEXTENSIONS_0601, RASDIALEXTENSIONS, RasEapInfo);
CHECK_PIN_OFFSET(RF_RASDIALEXTENSIONS_0601, fSkipPppAuth, 44, 28);
RF_ASSERT(pin, sizeof RF_MEMBER(RF_RASDIALEXTENSIONS_0601, fSkipPppAuth) == sizeof(BOOL) &&
               RF_SIGNED(__typeof__(RF_MEMBER(RF_RASDIALEXTENSIONS_0601, fSkipPppAuth))) ==
               RF_SIGNED(BOOL), "RF_RASDIALEXTENSIONS_0601.fSkipPppAuth is not a BOOL");
CHECK_PIN_OFFSET(RF_RASDIALEXTENSIONS_0601, RasDevSpecificInfo, 48, 32);
CHECK_PIN_SIZE(RF_RASDIALEXTENSIONS_0601, 60, 40);
CHECK_PIN_OFFSET(RF_RASDEVSPECIFICINFO, dwSize, 0, 0);
CHECK_PIN_OFFSET(RF_RASDEVSPECIFICINFO, pbDevSpecificInfo, 4, 4);
CHECK_PIN_SIZE(RF_RASDEVSPECIFICINFO, 12, 8);
/* Ras.h WINVER 0x400: dwSize, dwfOptions, hwndParent, reserved.  (Not 32
 * on x64 as shared/ras-reference.md's table says: reserved1 came with
 * RasEapInfo, at 0x500.) */
CHECK_PIN(RF_RASDIALEXTENSIONS_SIZE_0400, RF_PIN_FOR_ARCH(24, 16));
CHECK_PIN(RF_RASDIALEXTENSIONS_SIZE_0500, RF_PIN_FOR_ARCH(44, 28));
CHECK_PIN(RF_RASDIALEXTENSIONS_SIZE_0601, RF_PIN_FOR_ARCH(60, 40));

/* RASCONNSTATUSW, the 0x0401 version (with szPhoneNumber). */
CHECK_SIZE(RF_RASCONNSTATUSW, RASCONNSTATUSW);
CHECK_INT_FIELD(RF_RASCONNSTATUSW, RASCONNSTATUSW, dwSize);
CHECK_INT_FIELD(RF_RASCONNSTATUSW, RASCONNSTATUSW, rasconnstate);
CHECK_INT_FIELD(RF_RASCONNSTATUSW, RASCONNSTATUSW, dwError);
CHECK_ARRAY_FIELD(RF_RASCONNSTATUSW, RASCONNSTATUSW, szDeviceType);
CHECK_ARRAY_FIELD(RF_RASCONNSTATUSW, RASCONNSTATUSW, szDeviceName);
CHECK_ARRAY_FIELD(RF_RASCONNSTATUSW, RASCONNSTATUSW, szPhoneNumber);
CHECK_PIN_SIZE(RF_RASCONNSTATUSW, 564, 564);
CHECK_CONST(RF_RASCONNSTATUSW_SIZE_0401, sizeof(RASCONNSTATUSW));
/* RASTUNNELENDPOINT: mingw-w64 has it at 0x0601 (its union is anonymous,
 * rasfast's is addr). */
#if _WIN32_WINNT >= 0x0601
CHECK_SIZE(RF_RASTUNNELENDPOINT, RASTUNNELENDPOINT);
CHECK_INT_FIELD(RF_RASTUNNELENDPOINT, RASTUNNELENDPOINT, dwType);
RF_ASSERT(field, offsetof(RF_RASTUNNELENDPOINT, addr) == offsetof(RASTUNNELENDPOINT, ipv4) &&
                 offsetof(RF_RASTUNNELENDPOINT, addr) == offsetof(RASTUNNELENDPOINT, ipv6),
          "offsetof(RF_RASTUNNELENDPOINT, addr) != offsetof(RASTUNNELENDPOINT, ipv4/ipv6)");
RF_ASSERT(field-size, sizeof RF_MEMBER(RF_RASTUNNELENDPOINT, addr.ipv4) ==
                      sizeof RF_MEMBER(RASTUNNELENDPOINT, ipv4) &&
                      sizeof RF_MEMBER(RF_RASTUNNELENDPOINT, addr.ipv6) ==
                      sizeof RF_MEMBER(RASTUNNELENDPOINT, ipv6),
          "RF_RASTUNNELADDR's ipv4/ipv6 differ in size from in_addr/in6_addr");
#endif
CHECK_PIN_OFFSET(RF_RASTUNNELENDPOINT, addr, 4, 4);
CHECK_PIN_SIZE(RF_RASTUNNELENDPOINT, 20, 20);
/* The 0x0601 version (Ras.h: localEndPoint, remoteEndPoint, rasconnsubstate
 * under WINVER >= 0x601), which pywin32 sends. */
CHECK_INT_FIELD(RF_RASCONNSTATUSW_0601, RASCONNSTATUSW, dwSize);
CHECK_INT_FIELD(RF_RASCONNSTATUSW_0601, RASCONNSTATUSW, rasconnstate);
CHECK_INT_FIELD(RF_RASCONNSTATUSW_0601, RASCONNSTATUSW, dwError);
CHECK_ARRAY_FIELD(RF_RASCONNSTATUSW_0601, RASCONNSTATUSW, szDeviceType);
CHECK_ARRAY_FIELD(RF_RASCONNSTATUSW_0601, RASCONNSTATUSW, szDeviceName);
CHECK_ARRAY_FIELD(RF_RASCONNSTATUSW_0601, RASCONNSTATUSW, szPhoneNumber);
CHECK_PIN_OFFSET(RF_RASCONNSTATUSW_0601, localEndPoint, 564, 564);
CHECK_PIN_OFFSET(RF_RASCONNSTATUSW_0601, remoteEndPoint, 584, 584);
CHECK_PIN_OFFSET(RF_RASCONNSTATUSW_0601, rasconnsubstate, 604, 604);
CHECK_PIN_SIZE(RF_RASCONNSTATUSW_0601, 608, 608);
/* Ras.h WINVER 0x400: no szPhoneNumber. */
CHECK_PIN(RF_RASCONNSTATUSW_SIZE_0400, 304);
CHECK_PIN(RF_RASCONNSTATUSW_SIZE_0401, 564);
CHECK_PIN(RF_RASCONNSTATUSW_SIZE_0601, 608);

/* GUID and LUID (inside RASCONNW). */
CHECK_SIZE(RF_GUID, GUID);
CHECK_INT_FIELD(RF_GUID, GUID, Data1);
CHECK_INT_FIELD(RF_GUID, GUID, Data2);
CHECK_INT_FIELD(RF_GUID, GUID, Data3);
CHECK_ARRAY_FIELD(RF_GUID, GUID, Data4);
CHECK_SIZE(RF_LUID, LUID);
CHECK_INT_FIELD(RF_LUID, LUID, LowPart);
CHECK_INT_FIELD(RF_LUID, LUID, HighPart);

/* RASCONNW, the 0x0501 version (with dwFlags and luid). */
CHECK_SIZE(RF_RASCONNW, RASCONNW);
CHECK_INT_FIELD(RF_RASCONNW, RASCONNW, dwSize);
CHECK_FIELD(RF_RASCONNW, RASCONNW, hrasconn);
CHECK_ARRAY_FIELD(RF_RASCONNW, RASCONNW, szEntryName);
CHECK_ARRAY_FIELD(RF_RASCONNW, RASCONNW, szDeviceType);
CHECK_ARRAY_FIELD(RF_RASCONNW, RASCONNW, szDeviceName);
CHECK_ARRAY_FIELD(RF_RASCONNW, RASCONNW, szPhonebook);
CHECK_INT_FIELD(RF_RASCONNW, RASCONNW, dwSubEntry);
CHECK_FIELD(RF_RASCONNW, RASCONNW, guidEntry);
CHECK_INT_FIELD(RF_RASCONNW, RASCONNW, dwFlags);
CHECK_FIELD(RF_RASCONNW, RASCONNW, luid);
CHECK_PIN_SIZE(RF_RASCONNW, 1372, 1368);
CHECK_CONST(RF_RASCONNW_SIZE_0501, sizeof(RASCONNW));
/* The 0x0600 version.  Ras.h has guidCorrelationId under WINVER >= 0x600
 * (shared/ras-reference.md's table says 0x601: the header wins). */
CHECK_INT_FIELD(RF_RASCONNW_0600, RASCONNW, dwSize);
CHECK_FIELD(RF_RASCONNW_0600, RASCONNW, hrasconn);
CHECK_ARRAY_FIELD(RF_RASCONNW_0600, RASCONNW, szEntryName);
CHECK_ARRAY_FIELD(RF_RASCONNW_0600, RASCONNW, szDeviceType);
CHECK_ARRAY_FIELD(RF_RASCONNW_0600, RASCONNW, szDeviceName);
CHECK_ARRAY_FIELD(RF_RASCONNW_0600, RASCONNW, szPhonebook);
CHECK_INT_FIELD(RF_RASCONNW_0600, RASCONNW, dwSubEntry);
CHECK_FIELD(RF_RASCONNW_0600, RASCONNW, guidEntry);
CHECK_INT_FIELD(RF_RASCONNW_0600, RASCONNW, dwFlags);
CHECK_FIELD(RF_RASCONNW_0600, RASCONNW, luid);
CHECK_PIN_OFFSET(RF_RASCONNW_0600, guidCorrelationId, 1372, 1368);
RF_ASSERT(pin, sizeof RF_MEMBER(RF_RASCONNW_0600, guidCorrelationId) == sizeof(GUID),
          "RF_RASCONNW_0600.guidCorrelationId is not a GUID");
CHECK_PIN_SIZE(RF_RASCONNW_0600, 1388, 1384);
/* Ras.h WINVER 0x400 (no szPhonebook, dwSubEntry), 0x401 (no guidEntry),
 * 0x500 (no dwFlags, luid). */
CHECK_PIN(RF_RASCONNW_SIZE_0400, RF_PIN_FOR_ARCH(820, 816));
CHECK_PIN(RF_RASCONNW_SIZE_0401, RF_PIN_FOR_ARCH(1344, 1340));
CHECK_PIN(RF_RASCONNW_SIZE_0500, RF_PIN_FOR_ARCH(1360, 1356));
CHECK_PIN(RF_RASCONNW_SIZE_0501, RF_PIN_FOR_ARCH(1372, 1368));
CHECK_PIN(RF_RASCONNW_SIZE_0600, RF_PIN_FOR_ARCH(1388, 1384));

/* RASIPADDR and RASIPV6ADDR (inside RASENTRYW). */
CHECK_SIZE(RF_RASIPADDR, RASIPADDR);
CHECK_INT_FIELD(RF_RASIPADDR, RASIPADDR, a);
CHECK_INT_FIELD(RF_RASIPADDR, RASIPADDR, b);
CHECK_INT_FIELD(RF_RASIPADDR, RASIPADDR, c);
CHECK_INT_FIELD(RF_RASIPADDR, RASIPADDR, d);
CHECK_SIZE(RF_RASIPV6ADDR, RASIPV6ADDR);
CHECK_PIN_OFFSET(RF_RASIPV6ADDR, bytes, 0, 0);

/* RASENTRYW.  mingw-w64 has one version, WINVER 0x501's (5616 bytes, no
 * pointers: the same on x86), at every WINVER: every field of it is checked
 * against mingw.  rasfast sends the 0x601 version; its fields after
 * dwRedialPause, and the 0xA00 version's, are pinned from the SDK's Ras.h
 * (DotRas copy: ipv6addrDns, ipv6addrDnsAlt, dwIPv4InterfaceMetric,
 * dwIPv6InterfaceMetric under WINVER >= 0x600; ipv6addr,
 * dwIPv6PrefixLength, dwNetworkOutageTime under >= 0x601; szIDi and szIDr
 * [RAS_MaxIDSize + 1], fIsImsConfig, IdiType, IdrType (an enum: 4 bytes),
 * fDisableIKEv2Fragmentation under >= 0xA00). */
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwSize);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwfOptions);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwCountryID);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwCountryCode);
CHECK_ARRAY_FIELD(RF_RASENTRYW, RASENTRYW, szAreaCode);
CHECK_ARRAY_FIELD(RF_RASENTRYW, RASENTRYW, szLocalPhoneNumber);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwAlternateOffset);
CHECK_FIELD(RF_RASENTRYW, RASENTRYW, ipaddr);
CHECK_FIELD(RF_RASENTRYW, RASENTRYW, ipaddrDns);
CHECK_FIELD(RF_RASENTRYW, RASENTRYW, ipaddrDnsAlt);
CHECK_FIELD(RF_RASENTRYW, RASENTRYW, ipaddrWins);
CHECK_FIELD(RF_RASENTRYW, RASENTRYW, ipaddrWinsAlt);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwFrameSize);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwfNetProtocols);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwFramingProtocol);
CHECK_ARRAY_FIELD(RF_RASENTRYW, RASENTRYW, szScript);
CHECK_ARRAY_FIELD(RF_RASENTRYW, RASENTRYW, szAutodialDll);
CHECK_ARRAY_FIELD(RF_RASENTRYW, RASENTRYW, szAutodialFunc);
CHECK_ARRAY_FIELD(RF_RASENTRYW, RASENTRYW, szDeviceType);
CHECK_ARRAY_FIELD(RF_RASENTRYW, RASENTRYW, szDeviceName);
CHECK_ARRAY_FIELD(RF_RASENTRYW, RASENTRYW, szX25PadType);
CHECK_ARRAY_FIELD(RF_RASENTRYW, RASENTRYW, szX25Address);
CHECK_ARRAY_FIELD(RF_RASENTRYW, RASENTRYW, szX25Facilities);
CHECK_ARRAY_FIELD(RF_RASENTRYW, RASENTRYW, szX25UserData);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwChannels);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwReserved1);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwReserved2);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwSubEntries);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwDialMode);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwDialExtraPercent);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwDialExtraSampleSeconds);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwHangUpExtraPercent);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwHangUpExtraSampleSeconds);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwIdleDisconnectSeconds);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwType);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwEncryptionType);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwCustomAuthKey);
CHECK_FIELD(RF_RASENTRYW, RASENTRYW, guidId);
CHECK_ARRAY_FIELD(RF_RASENTRYW, RASENTRYW, szCustomDialDll);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwVpnStrategy);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwfOptions2);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwfOptions3);
CHECK_ARRAY_FIELD(RF_RASENTRYW, RASENTRYW, szDnsSuffix);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwTcpWindowSize);
CHECK_ARRAY_FIELD(RF_RASENTRYW, RASENTRYW, szPrerequisitePbk);
CHECK_ARRAY_FIELD(RF_RASENTRYW, RASENTRYW, szPrerequisiteEntry);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwRedialCount);
CHECK_INT_FIELD(RF_RASENTRYW, RASENTRYW, dwRedialPause);
CHECK_CONST(RF_RASENTRYW_SIZE_0501, sizeof(RASENTRYW));
CHECK_PIN_OFFSET(RF_RASENTRYW, ipv6addrDns, 5616, 5616);
CHECK_PIN_OFFSET(RF_RASENTRYW, ipv6addrDnsAlt, 5632, 5632);
CHECK_PIN_OFFSET(RF_RASENTRYW, dwIPv4InterfaceMetric, 5648, 5648);
CHECK_PIN_OFFSET(RF_RASENTRYW, dwIPv6InterfaceMetric, 5652, 5652);
CHECK_PIN_OFFSET(RF_RASENTRYW, ipv6addr, 5656, 5656);
CHECK_PIN_OFFSET(RF_RASENTRYW, dwIPv6PrefixLength, 5672, 5672);
CHECK_PIN_OFFSET(RF_RASENTRYW, dwNetworkOutageTime, 5676, 5676);
CHECK_PIN_SIZE(RF_RASENTRYW, 5680, 5680);
CHECK_PIN_OFFSET(RF_RASENTRYW_0A00, v0601, 0, 0);
CHECK_PIN_OFFSET(RF_RASENTRYW_0A00, szIDi, 5680, 5680);
CHECK_PIN_OFFSET(RF_RASENTRYW_0A00, szIDr, 6194, 6194);
CHECK_PIN_OFFSET(RF_RASENTRYW_0A00, fIsImsConfig, 6708, 6708);
CHECK_PIN_OFFSET(RF_RASENTRYW_0A00, IdiType, 6712, 6712);
CHECK_PIN_OFFSET(RF_RASENTRYW_0A00, IdrType, 6716, 6716);
CHECK_PIN_OFFSET(RF_RASENTRYW_0A00, fDisableIKEv2Fragmentation, 6720, 6720);
CHECK_PIN_SIZE(RF_RASENTRYW_0A00, 6724, 6724);
/* Every version: where the next one's first field starts (Ras.h's #if
 * blocks: 0x401 adds dwSubEntries, 0x500 dwType, 0x501 dwfOptions2, 0x600
 * ipv6addrDns, 0x601 ipv6addr, 0xA00 szIDi). */
CHECK_PIN(RF_RASENTRYW_SIZE_0400, 3468);
CHECK_PIN(RF_RASENTRYW_SIZE_0401, 3496);
CHECK_PIN(RF_RASENTRYW_SIZE_0500, 4048);
CHECK_PIN(RF_RASENTRYW_SIZE_0501, 5616);
CHECK_PIN(RF_RASENTRYW_SIZE_0600, 5656);
CHECK_PIN(RF_RASENTRYW_SIZE_0601, 5680);
CHECK_PIN(RF_RASENTRYW_SIZE_0A00, 6724);

/* RASCREDENTIALSW (one version, 1068 bytes: shared/ras-reference.md). */
CHECK_SIZE(RF_RASCREDENTIALSW, RASCREDENTIALSW);
CHECK_INT_FIELD(RF_RASCREDENTIALSW, RASCREDENTIALSW, dwSize);
CHECK_INT_FIELD(RF_RASCREDENTIALSW, RASCREDENTIALSW, dwMask);
CHECK_ARRAY_FIELD(RF_RASCREDENTIALSW, RASCREDENTIALSW, szUserName);
CHECK_ARRAY_FIELD(RF_RASCREDENTIALSW, RASCREDENTIALSW, szPassword);
CHECK_ARRAY_FIELD(RF_RASCREDENTIALSW, RASCREDENTIALSW, szDomain);
CHECK_PIN_SIZE(RF_RASCREDENTIALSW, 1068, 1068);

/* RASENTRYNAMEW, the 0x0500 version (with dwFlags and szPhonebookPath). */
CHECK_SIZE(RF_RASENTRYNAMEW, RASENTRYNAMEW);
CHECK_INT_FIELD(RF_RASENTRYNAMEW, RASENTRYNAMEW, dwSize);
CHECK_ARRAY_FIELD(RF_RASENTRYNAMEW, RASENTRYNAMEW, szEntryName);
CHECK_INT_FIELD(RF_RASENTRYNAMEW, RASENTRYNAMEW, dwFlags);
CHECK_ARRAY_FIELD(RF_RASENTRYNAMEW, RASENTRYNAMEW, szPhonebookPath);
/* Not in shared/ras-reference.md's table: 4 + 514 + 2 (padding) + 4 + 522 +
 * 2 (padding), no pointers, so the same on x64 and x86 (computed here). */
CHECK_PIN_SIZE(RF_RASENTRYNAMEW, 1048, 1048);
CHECK_CONST(RF_RASENTRYNAMEW_SIZE_0500, sizeof(RASENTRYNAMEW));
/* Ras.h WINVER 0x400: dwSize and szEntryName only (4 + 514, rounded to 4). */
CHECK_PIN(RF_RASENTRYNAMEW_SIZE_0400, 520);
CHECK_PIN(RF_RASENTRYNAMEW_SIZE_0500, 1048);

/* ------------------------------------------------------------------------
 * After CONNECTED: statistics and projections.
 * ---------------------------------------------------------------------- */
/* RAS_STATS: 15 DWORDs in every version of mingw-w64 and the SDK. */
CHECK_SIZE(RF_RAS_STATS, RAS_STATS);
CHECK_INT_FIELD(RF_RAS_STATS, RAS_STATS, dwSize);
CHECK_INT_FIELD(RF_RAS_STATS, RAS_STATS, dwBytesXmited);
CHECK_INT_FIELD(RF_RAS_STATS, RAS_STATS, dwBytesRcved);
CHECK_INT_FIELD(RF_RAS_STATS, RAS_STATS, dwFramesXmited);
CHECK_INT_FIELD(RF_RAS_STATS, RAS_STATS, dwFramesRcved);
CHECK_INT_FIELD(RF_RAS_STATS, RAS_STATS, dwCrcErr);
CHECK_INT_FIELD(RF_RAS_STATS, RAS_STATS, dwTimeoutErr);
CHECK_INT_FIELD(RF_RAS_STATS, RAS_STATS, dwAlignmentErr);
CHECK_INT_FIELD(RF_RAS_STATS, RAS_STATS, dwHardwareOverrunErr);
CHECK_INT_FIELD(RF_RAS_STATS, RAS_STATS, dwFramingErr);
CHECK_INT_FIELD(RF_RAS_STATS, RAS_STATS, dwBufferOverrunErr);
CHECK_INT_FIELD(RF_RAS_STATS, RAS_STATS, dwCompressionRatioIn);
CHECK_INT_FIELD(RF_RAS_STATS, RAS_STATS, dwCompressionRatioOut);
CHECK_INT_FIELD(RF_RAS_STATS, RAS_STATS, dwBps);
CHECK_INT_FIELD(RF_RAS_STATS, RAS_STATS, dwConnectDuration);
CHECK_PIN_SIZE(RF_RAS_STATS, 60, 60);

/* RASPPPIPW, the 0x0500 version (dwOptions, dwServerOptions): 80 bytes. */
CHECK_SIZE(RF_RASPPPIPW, RASPPPIPW);
CHECK_INT_FIELD(RF_RASPPPIPW, RASPPPIPW, dwSize);
CHECK_INT_FIELD(RF_RASPPPIPW, RASPPPIPW, dwError);
CHECK_ARRAY_FIELD(RF_RASPPPIPW, RASPPPIPW, szIpAddress);
CHECK_ARRAY_FIELD(RF_RASPPPIPW, RASPPPIPW, szServerIpAddress);
CHECK_INT_FIELD(RF_RASPPPIPW, RASPPPIPW, dwOptions);
CHECK_INT_FIELD(RF_RASPPPIPW, RASPPPIPW, dwServerOptions);
CHECK_PIN_SIZE(RF_RASPPPIPW, 80, 80);
CHECK_CONST(RF_RASPPPIPW_SIZE_0500, sizeof(RASPPPIPW));
/* Ras.h WINVER 0x400: no dwOptions, dwServerOptions (4 + 4 + 32 + 32). */
CHECK_CONST(RF_RASPPPIPW_SIZE_0400, offsetof(RASPPPIPW, dwOptions));
CHECK_PIN(RF_RASPPPIPW_SIZE_0400, 72);
CHECK_PIN(RF_RASPPPIPW_SIZE_0500, 80);

/* RASPPPIPV6: mingw-w64 has it from _WIN32_WINNT 0x0600, as the SDK. */
#if _WIN32_WINNT >= 0x0600
CHECK_SIZE(RF_RASPPPIPV6, RASPPPIPV6);
CHECK_INT_FIELD(RF_RASPPPIPV6, RASPPPIPV6, dwSize);
CHECK_INT_FIELD(RF_RASPPPIPV6, RASPPPIPV6, dwError);
CHECK_ARRAY_FIELD(RF_RASPPPIPV6, RASPPPIPV6, bLocalInterfaceIdentifier);
CHECK_ARRAY_FIELD(RF_RASPPPIPV6, RASPPPIPV6, bPeerInterfaceIdentifier);
CHECK_ARRAY_FIELD(RF_RASPPPIPV6, RASPPPIPV6, bLocalCompressionProtocol);
CHECK_ARRAY_FIELD(RF_RASPPPIPV6, RASPPPIPV6, bPeerCompressionProtocol);
#endif
CHECK_PIN_SIZE(RF_RASPPPIPV6, 28, 28);

/* RASPPP_PROJECTION_INFO, RASIKEV2_PROJECTION_INFO and RAS_PROJECTION_INFO
 * (Windows 7): not in mingw-w64.  Pinned from the SDK's Ras.h (DotRas copy,
 * WINVER >= 0x601): in_addr 4 bytes, in6_addr 16, BOOL 4, pointers 8 on
 * x64 and 4 on x86, packed to 4.  RAS_PROJECTION_INFO: version, type, then
 * the union (the larger member, PPP's 100 bytes) at 8: 108 on both. */
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, dwIPv4NegotiationError, 0, 0);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, ipv4Address, 4, 4);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, ipv4ServerAddress, 8, 8);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, dwIPv4Options, 12, 12);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, dwIPv4ServerOptions, 16, 16);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, dwIPv6NegotiationError, 20, 20);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, bInterfaceIdentifier, 24, 24);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, bServerInterfaceIdentifier, 32, 32);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, fBundled, 40, 40);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, fMultilink, 44, 44);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, dwAuthenticationProtocol, 48, 48);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, dwAuthenticationData, 52, 52);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, dwServerAuthenticationProtocol, 56, 56);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, dwServerAuthenticationData, 60, 60);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, dwEapTypeId, 64, 64);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, dwServerEapTypeId, 68, 68);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, dwLcpOptions, 72, 72);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, dwLcpServerOptions, 76, 76);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, dwCcpError, 80, 80);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, dwCcpCompressionAlgorithm, 84, 84);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, dwCcpServerCompressionAlgorithm, 88, 88);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, dwCcpOptions, 92, 92);
CHECK_PIN_OFFSET(RF_RASPPP_PROJECTION_INFO, dwCcpServerOptions, 96, 96);
CHECK_PIN_SIZE(RF_RASPPP_PROJECTION_INFO, 100, 100);
RF_ASSERT(pin, sizeof RF_MEMBER(RF_RASPPP_PROJECTION_INFO, ipv4Address) == sizeof(IN_ADDR) &&
               sizeof RF_MEMBER(RF_RASPPP_PROJECTION_INFO, fBundled) == sizeof(BOOL),
          "RF_RASPPP_PROJECTION_INFO: an address is not an in_addr, or fBundled not a BOOL");
CHECK_PIN_OFFSET(RF_RASIKEV2_PROJECTION_INFO, dwIPv4NegotiationError, 0, 0);
CHECK_PIN_OFFSET(RF_RASIKEV2_PROJECTION_INFO, ipv4Address, 4, 4);
CHECK_PIN_OFFSET(RF_RASIKEV2_PROJECTION_INFO, ipv4ServerAddress, 8, 8);
CHECK_PIN_OFFSET(RF_RASIKEV2_PROJECTION_INFO, dwIPv6NegotiationError, 12, 12);
CHECK_PIN_OFFSET(RF_RASIKEV2_PROJECTION_INFO, ipv6Address, 16, 16);
CHECK_PIN_OFFSET(RF_RASIKEV2_PROJECTION_INFO, ipv6ServerAddress, 32, 32);
CHECK_PIN_OFFSET(RF_RASIKEV2_PROJECTION_INFO, dwPrefixLength, 48, 48);
CHECK_PIN_OFFSET(RF_RASIKEV2_PROJECTION_INFO, dwAuthenticationProtocol, 52, 52);
CHECK_PIN_OFFSET(RF_RASIKEV2_PROJECTION_INFO, dwEapTypeId, 56, 56);
CHECK_PIN_OFFSET(RF_RASIKEV2_PROJECTION_INFO, dwFlags, 60, 60);
CHECK_PIN_OFFSET(RF_RASIKEV2_PROJECTION_INFO, dwEncryptionMethod, 64, 64);
CHECK_PIN_OFFSET(RF_RASIKEV2_PROJECTION_INFO, numIPv4ServerAddresses, 68, 68);
CHECK_PIN_OFFSET(RF_RASIKEV2_PROJECTION_INFO, ipv4ServerAddresses, 72, 72);
CHECK_PIN_OFFSET(RF_RASIKEV2_PROJECTION_INFO, numIPv6ServerAddresses, 80, 76);
CHECK_PIN_OFFSET(RF_RASIKEV2_PROJECTION_INFO, ipv6ServerAddresses, 84, 80);
CHECK_PIN_SIZE(RF_RASIKEV2_PROJECTION_INFO, 92, 84);
RF_ASSERT(pin, sizeof RF_MEMBER(RF_RASIKEV2_PROJECTION_INFO, ipv6Address) == sizeof(IN6_ADDR) &&
               sizeof RF_MEMBER(RF_RASIKEV2_PROJECTION_INFO, ipv4ServerAddresses) == sizeof(void *),
          "RF_RASIKEV2_PROJECTION_INFO: ipv6Address is not an in6_addr, or a list not a pointer");
CHECK_PIN_OFFSET(RF_RAS_PROJECTION_INFO, version, 0, 0);
CHECK_PIN_OFFSET(RF_RAS_PROJECTION_INFO, type, 4, 4);
CHECK_PIN_OFFSET(RF_RAS_PROJECTION_INFO, u, 8, 8);
CHECK_PIN_OFFSET(RF_RAS_PROJECTION_INFO, u.ppp, 8, 8);
CHECK_PIN_OFFSET(RF_RAS_PROJECTION_INFO, u.ikev2, 8, 8);
CHECK_PIN_SIZE(RF_RAS_PROJECTION_INFO, 108, 108);

/* ------------------------------------------------------------------------
 * Function types (all WINAPI).
 * ---------------------------------------------------------------------- */

/* RasDialFunc and RasDialFunc1 (the simulator calls them). */
CHECK_FUNC(RF_RASDIALFUNC, void, (uint32_t, uint32_t, uint32_t),
           RASDIALFUNC, VOID, (UINT, RASCONNSTATE, DWORD));
CHECK_ARG_INT(RF_RASDIALFUNC, 1, uint32_t, UINT);
CHECK_ARG_INT(RF_RASDIALFUNC, 2, uint32_t, RASCONNSTATE);
CHECK_ARG_INT(RF_RASDIALFUNC, 3, uint32_t, DWORD);
CHECK_FUNC(RF_RASDIALFUNC1, void, (rf_hrasconn, uint32_t, uint32_t, uint32_t, uint32_t),
           RASDIALFUNC1, VOID, (HRASCONN, UINT, RASCONNSTATE, DWORD, DWORD));
CHECK_ARG_PTR(RF_RASDIALFUNC1, 1, rf_hrasconn, HRASCONN);
CHECK_ARG_INT(RF_RASDIALFUNC1, 2, uint32_t, UINT);
CHECK_ARG_INT(RF_RASDIALFUNC1, 3, uint32_t, RASCONNSTATE);
CHECK_ARG_INT(RF_RASDIALFUNC1, 4, uint32_t, DWORD);
CHECK_ARG_INT(RF_RASDIALFUNC1, 5, uint32_t, DWORD);

/* RasDialFunc2, and the shim that implements it. */
CHECK_FUNC(RF_RASDIALFUNC2, uint32_t,
           (uintptr_t, uint32_t, rf_hrasconn, uint32_t, uint32_t, uint32_t, uint32_t),
           RASDIALFUNC2, DWORD,
           (ULONG_PTR, DWORD, HRASCONN, UINT, RASCONNSTATE, DWORD, DWORD));
CHECK_ARG_INT(RF_RASDIALFUNC2, 0, uint32_t, DWORD);
CHECK_ARG_INT(RF_RASDIALFUNC2, 1, uintptr_t, ULONG_PTR);
CHECK_ARG_INT(RF_RASDIALFUNC2, 2, uint32_t, DWORD);
CHECK_ARG_PTR(RF_RASDIALFUNC2, 3, rf_hrasconn, HRASCONN);
CHECK_ARG_INT(RF_RASDIALFUNC2, 4, uint32_t, UINT);
CHECK_ARG_INT(RF_RASDIALFUNC2, 5, uint32_t, RASCONNSTATE);
CHECK_ARG_INT(RF_RASDIALFUNC2, 6, uint32_t, DWORD);
CHECK_ARG_INT(RF_RASDIALFUNC2, 7, uint32_t, DWORD);
RF_ASSERT(func, __builtin_types_compatible_p(__typeof__(&rf_notifier), RF_RASDIALFUNC2),
          "rf_notifier is not an RF_RASDIALFUNC2");

/* The rasapi32 functions, as rf_provider holds them (provider_rasapi32.c
 * fills them with GetProcAddress) against mingw's prototypes. */
#define RF_PROVIDER_FN(name) __typeof__(RF_MEMBER(rf_provider, name))

CHECK_FUNC(RF_PROVIDER_FN(RasDialW), uint32_t,
           (RF_RASDIALEXTENSIONS *, const rf_wchar *, RF_RASDIALPARAMSW *, uint32_t, void *,
            rf_hrasconn *),
           __typeof__(&RasDialW), DWORD,
           (LPRASDIALEXTENSIONS, LPCWSTR, LPRASDIALPARAMSW, DWORD, LPVOID, LPHRASCONN));
CHECK_ARG_INT(RasDialW, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasDialW, 1, RF_RASDIALEXTENSIONS *, LPRASDIALEXTENSIONS);
CHECK_ARG_PTR(RasDialW, 2, const rf_wchar *, LPCWSTR);
CHECK_ARG_PTR(RasDialW, 3, RF_RASDIALPARAMSW *, LPRASDIALPARAMSW);
CHECK_ARG_INT(RasDialW, 4, uint32_t, DWORD);
CHECK_ARG_PTR(RasDialW, 5, void *, LPVOID);
CHECK_ARG_PTR(RasDialW, 6, rf_hrasconn *, LPHRASCONN);

CHECK_FUNC(RF_PROVIDER_FN(RasHangUpW), uint32_t, (rf_hrasconn),
           __typeof__(&RasHangUpW), DWORD, (HRASCONN));
CHECK_ARG_INT(RasHangUpW, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasHangUpW, 1, rf_hrasconn, HRASCONN);

CHECK_FUNC(RF_PROVIDER_FN(RasGetConnectStatusW), uint32_t, (rf_hrasconn, RF_RASCONNSTATUSW *),
           __typeof__(&RasGetConnectStatusW), DWORD, (HRASCONN, LPRASCONNSTATUSW));
CHECK_ARG_INT(RasGetConnectStatusW, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasGetConnectStatusW, 1, rf_hrasconn, HRASCONN);
CHECK_ARG_PTR(RasGetConnectStatusW, 2, RF_RASCONNSTATUSW *, LPRASCONNSTATUSW);

CHECK_FUNC(RF_PROVIDER_FN(RasEnumConnectionsW), uint32_t, (RF_RASCONNW *, uint32_t *, uint32_t *),
           __typeof__(&RasEnumConnectionsW), DWORD, (LPRASCONNW, LPDWORD, LPDWORD));
CHECK_ARG_INT(RasEnumConnectionsW, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasEnumConnectionsW, 1, RF_RASCONNW *, LPRASCONNW);
CHECK_ARG_PTR(RasEnumConnectionsW, 2, uint32_t *, LPDWORD);
CHECK_ARG_PTR(RasEnumConnectionsW, 3, uint32_t *, LPDWORD);

CHECK_FUNC(RF_PROVIDER_FN(RasEnumEntriesW), uint32_t,
           (const rf_wchar *, const rf_wchar *, RF_RASENTRYNAMEW *, uint32_t *, uint32_t *),
           __typeof__(&RasEnumEntriesW), DWORD,
           (LPCWSTR, LPCWSTR, LPRASENTRYNAMEW, LPDWORD, LPDWORD));
CHECK_ARG_INT(RasEnumEntriesW, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasEnumEntriesW, 1, const rf_wchar *, LPCWSTR);
CHECK_ARG_PTR(RasEnumEntriesW, 2, const rf_wchar *, LPCWSTR);
CHECK_ARG_PTR(RasEnumEntriesW, 3, RF_RASENTRYNAMEW *, LPRASENTRYNAMEW);
CHECK_ARG_PTR(RasEnumEntriesW, 4, uint32_t *, LPDWORD);
CHECK_ARG_PTR(RasEnumEntriesW, 5, uint32_t *, LPDWORD);

CHECK_FUNC(RF_PROVIDER_FN(RasGetErrorStringW), uint32_t, (uint32_t, rf_wchar *, uint32_t),
           __typeof__(&RasGetErrorStringW), DWORD, (UINT, LPWSTR, DWORD));
CHECK_ARG_INT(RasGetErrorStringW, 0, uint32_t, DWORD);
CHECK_ARG_INT(RasGetErrorStringW, 1, uint32_t, UINT);
CHECK_ARG_PTR(RasGetErrorStringW, 2, rf_wchar *, LPWSTR);
CHECK_ARG_INT(RasGetErrorStringW, 3, uint32_t, DWORD);

/* The phonebook's functions. */
CHECK_FUNC(RF_PROVIDER_FN(RasValidateEntryNameW), uint32_t, (const rf_wchar *, const rf_wchar *),
           __typeof__(&RasValidateEntryNameW), DWORD, (LPCWSTR, LPCWSTR));
CHECK_ARG_INT(RasValidateEntryNameW, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasValidateEntryNameW, 1, const rf_wchar *, LPCWSTR);
CHECK_ARG_PTR(RasValidateEntryNameW, 2, const rf_wchar *, LPCWSTR);

CHECK_FUNC(RF_PROVIDER_FN(RasGetEntryPropertiesW), uint32_t,
           (const rf_wchar *, const rf_wchar *, RF_RASENTRYW *, uint32_t *, uint8_t *, uint32_t *),
           __typeof__(&RasGetEntryPropertiesW), DWORD,
           (LPCWSTR, LPCWSTR, LPRASENTRYW, LPDWORD, LPBYTE, LPDWORD));
CHECK_ARG_INT(RasGetEntryPropertiesW, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasGetEntryPropertiesW, 1, const rf_wchar *, LPCWSTR);
CHECK_ARG_PTR(RasGetEntryPropertiesW, 2, const rf_wchar *, LPCWSTR);
CHECK_ARG_PTR(RasGetEntryPropertiesW, 3, RF_RASENTRYW *, LPRASENTRYW);
CHECK_ARG_PTR(RasGetEntryPropertiesW, 4, uint32_t *, LPDWORD);
CHECK_ARG_PTR(RasGetEntryPropertiesW, 5, uint8_t *, LPBYTE);
CHECK_ARG_PTR(RasGetEntryPropertiesW, 6, uint32_t *, LPDWORD);

CHECK_FUNC(RF_PROVIDER_FN(RasSetEntryPropertiesW), uint32_t,
           (const rf_wchar *, const rf_wchar *, RF_RASENTRYW *, uint32_t, uint8_t *, uint32_t),
           __typeof__(&RasSetEntryPropertiesW), DWORD,
           (LPCWSTR, LPCWSTR, LPRASENTRYW, DWORD, LPBYTE, DWORD));
CHECK_ARG_INT(RasSetEntryPropertiesW, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasSetEntryPropertiesW, 1, const rf_wchar *, LPCWSTR);
CHECK_ARG_PTR(RasSetEntryPropertiesW, 2, const rf_wchar *, LPCWSTR);
CHECK_ARG_PTR(RasSetEntryPropertiesW, 3, RF_RASENTRYW *, LPRASENTRYW);
CHECK_ARG_INT(RasSetEntryPropertiesW, 4, uint32_t, DWORD);
CHECK_ARG_PTR(RasSetEntryPropertiesW, 5, uint8_t *, LPBYTE);
CHECK_ARG_INT(RasSetEntryPropertiesW, 6, uint32_t, DWORD);

CHECK_FUNC(RF_PROVIDER_FN(RasDeleteEntryW), uint32_t, (const rf_wchar *, const rf_wchar *),
           __typeof__(&RasDeleteEntryW), DWORD, (LPCWSTR, LPCWSTR));
CHECK_ARG_INT(RasDeleteEntryW, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasDeleteEntryW, 1, const rf_wchar *, LPCWSTR);
CHECK_ARG_PTR(RasDeleteEntryW, 2, const rf_wchar *, LPCWSTR);

CHECK_FUNC(RF_PROVIDER_FN(RasRenameEntryW), uint32_t,
           (const rf_wchar *, const rf_wchar *, const rf_wchar *),
           __typeof__(&RasRenameEntryW), DWORD, (LPCWSTR, LPCWSTR, LPCWSTR));
CHECK_ARG_INT(RasRenameEntryW, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasRenameEntryW, 1, const rf_wchar *, LPCWSTR);
CHECK_ARG_PTR(RasRenameEntryW, 2, const rf_wchar *, LPCWSTR);
CHECK_ARG_PTR(RasRenameEntryW, 3, const rf_wchar *, LPCWSTR);

CHECK_FUNC(RF_PROVIDER_FN(RasGetCredentialsW), uint32_t,
           (const rf_wchar *, const rf_wchar *, RF_RASCREDENTIALSW *),
           __typeof__(&RasGetCredentialsW), DWORD, (LPCWSTR, LPCWSTR, LPRASCREDENTIALSW));
CHECK_ARG_INT(RasGetCredentialsW, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasGetCredentialsW, 1, const rf_wchar *, LPCWSTR);
CHECK_ARG_PTR(RasGetCredentialsW, 2, const rf_wchar *, LPCWSTR);
CHECK_ARG_PTR(RasGetCredentialsW, 3, RF_RASCREDENTIALSW *, LPRASCREDENTIALSW);

CHECK_FUNC(RF_PROVIDER_FN(RasSetCredentialsW), uint32_t,
           (const rf_wchar *, const rf_wchar *, RF_RASCREDENTIALSW *, int32_t),
           __typeof__(&RasSetCredentialsW), DWORD, (LPCWSTR, LPCWSTR, LPRASCREDENTIALSW, WINBOOL));
CHECK_ARG_INT(RasSetCredentialsW, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasSetCredentialsW, 1, const rf_wchar *, LPCWSTR);
CHECK_ARG_PTR(RasSetCredentialsW, 2, const rf_wchar *, LPCWSTR);
CHECK_ARG_PTR(RasSetCredentialsW, 3, RF_RASCREDENTIALSW *, LPRASCREDENTIALSW);
CHECK_ARG_INT(RasSetCredentialsW, 4, int32_t, WINBOOL);

CHECK_FUNC(RF_PROVIDER_FN(RasGetCustomAuthDataW), uint32_t,
           (const rf_wchar *, const rf_wchar *, uint8_t *, uint32_t *),
           __typeof__(&RasGetCustomAuthDataW), DWORD, (LPCWSTR, LPCWSTR, BYTE *, DWORD *));
CHECK_ARG_INT(RasGetCustomAuthDataW, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasGetCustomAuthDataW, 1, const rf_wchar *, LPCWSTR);
CHECK_ARG_PTR(RasGetCustomAuthDataW, 2, const rf_wchar *, LPCWSTR);
CHECK_ARG_PTR(RasGetCustomAuthDataW, 3, uint8_t *, BYTE *);
CHECK_ARG_PTR(RasGetCustomAuthDataW, 4, uint32_t *, DWORD *);

CHECK_FUNC(RF_PROVIDER_FN(RasSetCustomAuthDataW), uint32_t,
           (const rf_wchar *, const rf_wchar *, uint8_t *, uint32_t),
           __typeof__(&RasSetCustomAuthDataW), DWORD, (LPCWSTR, LPCWSTR, BYTE *, DWORD));
CHECK_ARG_INT(RasSetCustomAuthDataW, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasSetCustomAuthDataW, 1, const rf_wchar *, LPCWSTR);
CHECK_ARG_PTR(RasSetCustomAuthDataW, 2, const rf_wchar *, LPCWSTR);
CHECK_ARG_PTR(RasSetCustomAuthDataW, 3, uint8_t *, BYTE *);
CHECK_ARG_INT(RasSetCustomAuthDataW, 4, uint32_t, DWORD);
/* After CONNECTED (optional in provider_rasapi32.c). */
CHECK_FUNC(RF_PROVIDER_FN(RasConnectionNotificationW), uint32_t, (rf_hrasconn, void *, uint32_t),
           __typeof__(&RasConnectionNotificationW), DWORD, (HRASCONN, HANDLE, DWORD));
CHECK_ARG_INT(RasConnectionNotificationW, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasConnectionNotificationW, 1, rf_hrasconn, HRASCONN);
CHECK_ARG_PTR(RasConnectionNotificationW, 2, void *, HANDLE);
CHECK_ARG_INT(RasConnectionNotificationW, 3, uint32_t, DWORD);
/* RasConnectionNotificationW's "every connection" is INVALID_HANDLE_VALUE. */
RF_ASSERT(const, RF_HRASCONN_ALL == (rf_hrasconn)INVALID_HANDLE_VALUE,
          "RF_HRASCONN_ALL != INVALID_HANDLE_VALUE");

CHECK_FUNC(RF_PROVIDER_FN(RasGetConnectionStatistics), uint32_t, (rf_hrasconn, RF_RAS_STATS *),
           __typeof__(&RasGetConnectionStatistics), DWORD, (HRASCONN, RAS_STATS *));
CHECK_ARG_INT(RasGetConnectionStatistics, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasGetConnectionStatistics, 1, rf_hrasconn, HRASCONN);
CHECK_ARG_PTR(RasGetConnectionStatistics, 2, RF_RAS_STATS *, RAS_STATS *);

CHECK_FUNC(RF_PROVIDER_FN(RasGetLinkStatistics), uint32_t, (rf_hrasconn, uint32_t, RF_RAS_STATS *),
           __typeof__(&RasGetLinkStatistics), DWORD, (HRASCONN, DWORD, RAS_STATS *));
CHECK_ARG_INT(RasGetLinkStatistics, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasGetLinkStatistics, 1, rf_hrasconn, HRASCONN);
CHECK_ARG_INT(RasGetLinkStatistics, 2, uint32_t, DWORD);
CHECK_ARG_PTR(RasGetLinkStatistics, 3, RF_RAS_STATS *, RAS_STATS *);

CHECK_FUNC(RF_PROVIDER_FN(RasClearConnectionStatistics), uint32_t, (rf_hrasconn),
           __typeof__(&RasClearConnectionStatistics), DWORD, (HRASCONN));
CHECK_ARG_INT(RasClearConnectionStatistics, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasClearConnectionStatistics, 1, rf_hrasconn, HRASCONN);

CHECK_FUNC(RF_PROVIDER_FN(RasClearLinkStatistics), uint32_t, (rf_hrasconn, uint32_t),
           __typeof__(&RasClearLinkStatistics), DWORD, (HRASCONN, DWORD));
CHECK_ARG_INT(RasClearLinkStatistics, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasClearLinkStatistics, 1, rf_hrasconn, HRASCONN);
CHECK_ARG_INT(RasClearLinkStatistics, 2, uint32_t, DWORD);

CHECK_FUNC(RF_PROVIDER_FN(RasGetProjectionInfoW), uint32_t,
           (rf_hrasconn, uint32_t, void *, uint32_t *),
           __typeof__(&RasGetProjectionInfoW), DWORD, (HRASCONN, RASPROJECTION, LPVOID, LPDWORD));
CHECK_ARG_INT(RasGetProjectionInfoW, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasGetProjectionInfoW, 1, rf_hrasconn, HRASCONN);
CHECK_ARG_INT(RasGetProjectionInfoW, 2, uint32_t, RASPROJECTION);
CHECK_ARG_PTR(RasGetProjectionInfoW, 3, void *, LPVOID);
CHECK_ARG_PTR(RasGetProjectionInfoW, 4, uint32_t *, LPDWORD);

/* RasGetProjectionInfoEx: not in mingw-w64; the SDK's Ras.h (WINVER >=
 * 0x601) declares DWORD APIENTRY RasGetProjectionInfoEx(HRASCONN,
 * PRAS_PROJECTION_INFO, LPDWORD). */
typedef DWORD (WINAPI *RF_SDK_RasGetProjectionInfoEx)(HRASCONN, RF_RAS_PROJECTION_INFO *, LPDWORD);
CHECK_FUNC(RF_PROVIDER_FN(RasGetProjectionInfoEx), uint32_t,
           (rf_hrasconn, RF_RAS_PROJECTION_INFO *, uint32_t *),
           RF_SDK_RasGetProjectionInfoEx, DWORD, (HRASCONN, RF_RAS_PROJECTION_INFO *, LPDWORD));
CHECK_ARG_INT(RasGetProjectionInfoEx, 0, uint32_t, DWORD);
CHECK_ARG_PTR(RasGetProjectionInfoEx, 1, rf_hrasconn, HRASCONN);
CHECK_ARG_PTR(RasGetProjectionInfoEx, 3, uint32_t *, LPDWORD);

/* ------------------------------------------------------------------------
 * Constants.
 * ---------------------------------------------------------------------- */
CHECK_CONST(RF_WM_RASDIALEVENT, WM_RASDIALEVENT);

CHECK_CONST(RF_RAS_MaxEntryName, RAS_MaxEntryName);
CHECK_CONST(RF_RAS_MaxPhoneNumber, RAS_MaxPhoneNumber);
CHECK_CONST(RF_RAS_MaxCallbackNumber, RAS_MaxCallbackNumber);
CHECK_CONST(RF_RAS_MaxDeviceType, RAS_MaxDeviceType);
CHECK_CONST(RF_RAS_MaxDeviceName, RAS_MaxDeviceName);
CHECK_CONST(RF_UNLEN, UNLEN);
CHECK_CONST(RF_PWLEN, PWLEN);
CHECK_CONST(RF_DNLEN, DNLEN);
CHECK_CONST(RF_MAX_PATH, MAX_PATH);

/* RASCONNSTATE */
CHECK_CONST(RF_RASCS_PAUSED, RASCS_PAUSED);
CHECK_CONST(RF_RASCS_DONE, RASCS_DONE);
CHECK_CONST(RF_RASCS_OpenPort, RASCS_OpenPort);
CHECK_CONST(RF_RASCS_PortOpened, RASCS_PortOpened);
CHECK_CONST(RF_RASCS_ConnectDevice, RASCS_ConnectDevice);
CHECK_CONST(RF_RASCS_DeviceConnected, RASCS_DeviceConnected);
CHECK_CONST(RF_RASCS_AllDevicesConnected, RASCS_AllDevicesConnected);
CHECK_CONST(RF_RASCS_Authenticate, RASCS_Authenticate);
CHECK_CONST(RF_RASCS_AuthNotify, RASCS_AuthNotify);
CHECK_CONST(RF_RASCS_AuthRetry, RASCS_AuthRetry);
CHECK_CONST(RF_RASCS_AuthCallback, RASCS_AuthCallback);
CHECK_CONST(RF_RASCS_AuthChangePassword, RASCS_AuthChangePassword);
CHECK_CONST(RF_RASCS_AuthProject, RASCS_AuthProject);
CHECK_CONST(RF_RASCS_AuthLinkSpeed, RASCS_AuthLinkSpeed);
CHECK_CONST(RF_RASCS_AuthAck, RASCS_AuthAck);
CHECK_CONST(RF_RASCS_ReAuthenticate, RASCS_ReAuthenticate);
CHECK_CONST(RF_RASCS_Authenticated, RASCS_Authenticated);
CHECK_CONST(RF_RASCS_PrepareForCallback, RASCS_PrepareForCallback);
CHECK_CONST(RF_RASCS_WaitForModemReset, RASCS_WaitForModemReset);
CHECK_CONST(RF_RASCS_WaitForCallback, RASCS_WaitForCallback);
CHECK_CONST(RF_RASCS_Projected, RASCS_Projected);
CHECK_CONST(RF_RASCS_StartAuthentication, RASCS_StartAuthentication);
CHECK_CONST(RF_RASCS_CallbackComplete, RASCS_CallbackComplete);
CHECK_CONST(RF_RASCS_LogonNetwork, RASCS_LogonNetwork);
CHECK_CONST(RF_RASCS_SubEntryConnected, RASCS_SubEntryConnected);
CHECK_CONST(RF_RASCS_SubEntryDisconnected, RASCS_SubEntryDisconnected);
/* mingw-w64 10's ras.h lacks RASCS_ApplySettings.  The Windows 10 SDK's
 * um/Ras.h (the one whose WINVER list ends at 0xA00; a copy is in DotRas's
 * includes/um/Ras.h) has it under WINVER >= 0x601, right after
 * RASCS_SubEntryDisconnected (23): 24. */
#define RF_SDK_RASCS_ApplySettings 24
CHECK_PIN(RF_RASCS_ApplySettings, RF_SDK_RASCS_ApplySettings);
CHECK_CONST(RF_RASCS_Interactive, RASCS_Interactive);
CHECK_CONST(RF_RASCS_RetryAuthentication, RASCS_RetryAuthentication);
CHECK_CONST(RF_RASCS_CallbackSetByCaller, RASCS_CallbackSetByCaller);
CHECK_CONST(RF_RASCS_PasswordExpired, RASCS_PasswordExpired);
CHECK_CONST(RF_RASCS_InvokeEapUI, RASCS_InvokeEapUI);
CHECK_CONST(RF_RASCS_Connected, RASCS_Connected);
CHECK_CONST(RF_RASCS_Disconnected, RASCS_Disconnected);

/* Windows errors (winerror.h). */
CHECK_CONST(RF_ERROR_SUCCESS, ERROR_SUCCESS);
CHECK_CONST(RF_ERROR_INVALID_HANDLE, ERROR_INVALID_HANDLE);
CHECK_CONST(RF_ERROR_NOT_ENOUGH_MEMORY, ERROR_NOT_ENOUGH_MEMORY);
CHECK_CONST(RF_ERROR_INVALID_PARAMETER, ERROR_INVALID_PARAMETER);
CHECK_CONST(RF_ERROR_CALL_NOT_IMPLEMENTED, ERROR_CALL_NOT_IMPLEMENTED);
CHECK_CONST(RF_ERROR_INSUFFICIENT_BUFFER, ERROR_INSUFFICIENT_BUFFER);
CHECK_CONST(RF_ERROR_INVALID_NAME, ERROR_INVALID_NAME);
CHECK_CONST(RF_ERROR_MOD_NOT_FOUND, ERROR_MOD_NOT_FOUND);
CHECK_CONST(RF_ERROR_PROC_NOT_FOUND, ERROR_PROC_NOT_FOUND);
CHECK_CONST(RF_ERROR_ALREADY_EXISTS, ERROR_ALREADY_EXISTS);
CHECK_CONST(RF_ERROR_INTERNAL_ERROR, ERROR_INTERNAL_ERROR);
CHECK_CONST(RF_ERROR_TIMEOUT, ERROR_TIMEOUT);

/* RAS errors (raserror.h). */
CHECK_CONST(RF_PENDING, PENDING);
CHECK_CONST(RF_ERROR_INVALID_PORT_HANDLE, ERROR_INVALID_PORT_HANDLE);
CHECK_CONST(RF_ERROR_BUFFER_TOO_SMALL, ERROR_BUFFER_TOO_SMALL);
CHECK_CONST(RF_ERROR_PORT_DISCONNECTED, ERROR_PORT_DISCONNECTED);
CHECK_CONST(RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY, ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
CHECK_CONST(RF_ERROR_DISCONNECTION, ERROR_DISCONNECTION);
CHECK_CONST(RF_ERROR_REMOTE_DISCONNECTION, ERROR_REMOTE_DISCONNECTION);
CHECK_CONST(RF_ERROR_USER_DISCONNECTION, ERROR_USER_DISCONNECTION);
CHECK_CONST(RF_ERROR_INVALID_SIZE, ERROR_INVALID_SIZE);
CHECK_CONST(RF_ERROR_PORT_NOT_AVAILABLE, ERROR_PORT_NOT_AVAILABLE);
CHECK_CONST(RF_ERROR_PASSWD_EXPIRED, ERROR_PASSWD_EXPIRED);
CHECK_CONST(RF_ERROR_NO_CONNECTION, ERROR_NO_CONNECTION);
CHECK_CONST(RF_ERROR_NO_ANSWER, ERROR_NO_ANSWER);
CHECK_CONST(RF_ERROR_NO_CARRIER, ERROR_NO_CARRIER);
CHECK_CONST(RF_ERROR_NO_DIALTONE, ERROR_NO_DIALTONE);
CHECK_CONST(RF_ERROR_AUTHENTICATION_FAILURE, ERROR_AUTHENTICATION_FAILURE);
CHECK_CONST(RF_ERROR_INTERACTIVE_MODE, ERROR_INTERACTIVE_MODE);
CHECK_CONST(RF_ERROR_PPP_TIMEOUT, ERROR_PPP_TIMEOUT);
CHECK_CONST(RF_ERROR_PPP_NO_PROTOCOLS_CONFIGURED, ERROR_PPP_NO_PROTOCOLS_CONFIGURED);
CHECK_CONST(RF_ERROR_DIAL_ALREADY_IN_PROGRESS, ERROR_DIAL_ALREADY_IN_PROGRESS);
CHECK_CONST(RF_ERROR_AUTOMATIC_VPN_FAILED, ERROR_AUTOMATIC_VPN_FAILED);
CHECK_CONST(RF_ERROR_VPN_TIMEOUT, ERROR_VPN_TIMEOUT);
/* mingw-w64's raserror.h defines ERROR_DNSNAME_NOT_RESOLVABLE only for
 * WINVER >= 0x601; below that it is pinned (RASBASE + 268, as there). */
#ifdef ERROR_DNSNAME_NOT_RESOLVABLE
CHECK_CONST(RF_ERROR_DNSNAME_NOT_RESOLVABLE, ERROR_DNSNAME_NOT_RESOLVABLE);
#else
CHECK_PIN(RF_ERROR_DNSNAME_NOT_RESOLVABLE, RASBASE + 268);
#endif

/* RASDIALEXTENSIONS.dwfOptions */
CHECK_CONST(RF_RDEOPT_UsePrefixSuffix, RDEOPT_UsePrefixSuffix);
CHECK_CONST(RF_RDEOPT_PausedStates, RDEOPT_PausedStates);
CHECK_CONST(RF_RDEOPT_IgnoreModemSpeaker, RDEOPT_IgnoreModemSpeaker);
CHECK_CONST(RF_RDEOPT_SetModemSpeaker, RDEOPT_SetModemSpeaker);
CHECK_CONST(RF_RDEOPT_IgnoreSoftwareCompression, RDEOPT_IgnoreSoftwareCompression);
CHECK_CONST(RF_RDEOPT_SetSoftwareCompression, RDEOPT_SetSoftwareCompression);
CHECK_CONST(RF_RDEOPT_DisableConnectedUI, RDEOPT_DisableConnectedUI);
CHECK_CONST(RF_RDEOPT_DisableReconnectUI, RDEOPT_DisableReconnectUI);
CHECK_CONST(RF_RDEOPT_DisableReconnect, RDEOPT_DisableReconnect);
CHECK_CONST(RF_RDEOPT_NoUser, RDEOPT_NoUser);
CHECK_CONST(RF_RDEOPT_PauseOnScript, RDEOPT_PauseOnScript);
CHECK_CONST(RF_RDEOPT_Router, RDEOPT_Router);
CHECK_CONST(RF_RDEOPT_CustomDial, RDEOPT_CustomDial);
CHECK_CONST(RF_RDEOPT_UseCustomScripting, RDEOPT_UseCustomScripting);

/* RasDialW's dwNotifierType.  Neither mingw-w64 nor the SDK's Ras.h names
 * these: the values are those of the RasDial reference page
 * (learn.microsoft.com, nf-ras-rasdiala, dwNotifierType: 0 RasDialFunc,
 * 1 RasDialFunc1, 2 RasDialFunc2, 0xFFFFFFFF a window handle). */
CHECK_PIN(RF_RAS_NOTIFIER_RASDIALFUNC, 0);
CHECK_PIN(RF_RAS_NOTIFIER_RASDIALFUNC1, 1);
CHECK_PIN(RF_RAS_NOTIFIER_RASDIALFUNC2, 2);
CHECK_PIN(RF_RAS_NOTIFIER_HWND, 0xFFFFFFFFu);
/* mingw-w64 lacks RASTUNNELENDPOINT_* and RASCONNSUBSTATE: the SDK's Ras.h
 * (DotRas copy, WINVER >= 0x601) has RASTUNNELENDPOINT_UNKNOWN 0, _IPv4 1,
 * _IPv6 2, and RASCSS_None = 0, RASCSS_Dormant, RASCSS_Reconnecting,
 * RASCSS_Reconnected = RASCSS_DONE = 0x2000. */
CHECK_PIN(RF_RASTUNNELENDPOINT_UNKNOWN, 0);
CHECK_PIN(RF_RASTUNNELENDPOINT_IPv4, 1);
CHECK_PIN(RF_RASTUNNELENDPOINT_IPv6, 2);
CHECK_PIN(RF_RASCSS_None, 0);
CHECK_PIN(RF_RASCSS_Dormant, 1);
CHECK_PIN(RF_RASCSS_Reconnecting, 2);
CHECK_PIN(RF_RASCSS_Reconnected, 0x2000);

/* The phonebook's numbers (mingw's ras.h, raserror.h); those mingw-w64
 * lacks pinned from the SDK's Ras.h (DotRas copy): VS_SstpOnly 5 (WINVER >=
 * 0x600), VS_Ikev2Only 7 (>= 0x601), RASEO2_RequireMachineCertificates
 * 0x00400000 (>= 0x601), RASNP_Ipv6 0x8 (>= 0x600), RAS_MaxIDSize 256
 * (the size of RASENTRYW 0xA00's szIDi: 6724 - 5680 = 2 * 2 * 257 + 16). */
CHECK_CONST(RF_ERROR_CANNOT_OPEN_PHONEBOOK, ERROR_CANNOT_OPEN_PHONEBOOK);
CHECK_CONST(RF_RAS_MaxAreaCode, RAS_MaxAreaCode);
CHECK_CONST(RF_RAS_MaxPadType, RAS_MaxPadType);
CHECK_CONST(RF_RAS_MaxX25Address, RAS_MaxX25Address);
CHECK_CONST(RF_RAS_MaxFacilities, RAS_MaxFacilities);
CHECK_CONST(RF_RAS_MaxUserData, RAS_MaxUserData);
CHECK_CONST(RF_RAS_MaxDnsSuffix, RAS_MaxDnsSuffix);
CHECK_PIN(RF_RAS_MaxIDSize, 256);
CHECK_CONST(RF_RASET_Phone, RASET_Phone);
CHECK_CONST(RF_RASET_Vpn, RASET_Vpn);
CHECK_CONST(RF_ET_None, ET_None);
CHECK_CONST(RF_ET_Require, ET_Require);
CHECK_CONST(RF_ET_RequireMax, ET_RequireMax);
CHECK_CONST(RF_ET_Optional, ET_Optional);
CHECK_CONST(RF_VS_Default, VS_Default);
CHECK_CONST(RF_VS_PptpOnly, VS_PptpOnly);
CHECK_CONST(RF_VS_L2tpOnly, VS_L2tpOnly);
CHECK_PIN(RF_VS_SstpOnly, 5);
CHECK_PIN(RF_VS_Ikev2Only, 7);
CHECK_CONST(RF_RASEO_RemoteDefaultGateway, RASEO_RemoteDefaultGateway);
CHECK_CONST(RF_RASEO_RequireDataEncryption, RASEO_RequireDataEncryption);
CHECK_CONST(RF_RASEO_RequireEAP, RASEO_RequireEAP);
CHECK_CONST(RF_RASEO_RequirePAP, RASEO_RequirePAP);
CHECK_CONST(RF_RASEO_RequireCHAP, RASEO_RequireCHAP);
CHECK_CONST(RF_RASEO_RequireMsCHAP2, RASEO_RequireMsCHAP2);
CHECK_CONST(RF_RASEO2_UsePreSharedKey, RASEO2_UsePreSharedKey);
CHECK_PIN(RF_RASEO2_RequireMachineCertificates, 0x00400000);
CHECK_CONST(RF_RASNP_Ip, RASNP_Ip);
CHECK_PIN(RF_RASNP_Ipv6, 0x00000008);
CHECK_CONST(RF_RASCM_UserName, RASCM_UserName);
CHECK_CONST(RF_RASCM_Password, RASCM_Password);
CHECK_CONST(RF_RASCM_Domain, RASCM_Domain);
CHECK_CONST(RF_RASCM_DefaultCreds, RASCM_DefaultCreds);
CHECK_CONST(RF_RASCM_PreSharedKey, RASCM_PreSharedKey);
/* After CONNECTED: errors, RasConnectionNotification flags, projections. */
CHECK_CONST(RF_ERROR_PORT_NOT_CONNECTED, ERROR_PORT_NOT_CONNECTED);
/* mingw-w64's raserror.h has ERROR_PROJECTION_NOT_COMPLETE only below WINVER
 * 0x600; from there it is pinned (RASBASE + 130, as there). */
#ifdef ERROR_PROJECTION_NOT_COMPLETE
CHECK_CONST(RF_ERROR_PROJECTION_NOT_COMPLETE, ERROR_PROJECTION_NOT_COMPLETE);
#else
CHECK_PIN(RF_ERROR_PROJECTION_NOT_COMPLETE, RASBASE + 130);
#endif
CHECK_CONST(RF_ERROR_PROTOCOL_NOT_CONFIGURED, ERROR_PROTOCOL_NOT_CONFIGURED);
CHECK_CONST(RF_RASCN_Connection, RASCN_Connection);
CHECK_CONST(RF_RASCN_Disconnection, RASCN_Disconnection);
CHECK_CONST(RF_RASCN_BandwidthAdded, RASCN_BandwidthAdded);
CHECK_CONST(RF_RASCN_BandwidthRemoved, RASCN_BandwidthRemoved);
CHECK_CONST(RF_RASP_PppIp, RASP_PppIp);
/* mingw-w64's RASPROJECTION stops before RASP_PppIpv6; the SDK's Ras.h has
 * RASP_PppIpv6 = 0x8057 (WINVER >= 0x600). */
CHECK_PIN(RF_RASP_PppIpv6, 0x8057);
CHECK_CONST(RF_RAS_MaxIpAddress, RAS_MaxIpAddress);
CHECK_CONST(RF_RASLCPAP_PAP, RASLCPAP_PAP);
CHECK_CONST(RF_RASLCPAP_CHAP, RASLCPAP_CHAP);
CHECK_CONST(RF_RASLCPAP_EAP, RASLCPAP_EAP);
CHECK_CONST(RF_RASLCPAD_CHAP_MD5, RASLCPAD_CHAP_MD5);
CHECK_CONST(RF_RASLCPAD_CHAP_MS, RASLCPAD_CHAP_MS);
CHECK_CONST(RF_RASLCPAD_CHAP_MSV2, RASLCPAD_CHAP_MSV2);
CHECK_CONST(RF_RASCCPCA_MPPC, RASCCPCA_MPPC);
CHECK_CONST(RF_RASCCPCA_STAC, RASCCPCA_STAC);
CHECK_CONST(RF_RASCCPO_Compression, RASCCPO_Compression);
CHECK_CONST(RF_RASCCPO_HistoryLess, RASCCPO_HistoryLess);
CHECK_CONST(RF_RASCCPO_Encryption56bit, RASCCPO_Encryption56bit);
CHECK_CONST(RF_RASCCPO_Encryption40bit, RASCCPO_Encryption40bit);
CHECK_CONST(RF_RASCCPO_Encryption128bit, RASCCPO_Encryption128bit);
/* IKEv2's cipher is an IPSEC_CIPHER_TYPE: mingw-w64's ipsectypes.h has it
 * from _WIN32_WINNT 0x0600; below that the same values are pinned (DES = 1,
 * 3DES, AES_128, AES_192, AES_256). */
#if _WIN32_WINNT >= 0x0600
CHECK_CONST(RF_IPSEC_CIPHER_TYPE_DES, IPSEC_CIPHER_TYPE_DES);
CHECK_CONST(RF_IPSEC_CIPHER_TYPE_3DES, IPSEC_CIPHER_TYPE_3DES);
CHECK_CONST(RF_IPSEC_CIPHER_TYPE_AES_128, IPSEC_CIPHER_TYPE_AES_128);
CHECK_CONST(RF_IPSEC_CIPHER_TYPE_AES_192, IPSEC_CIPHER_TYPE_AES_192);
CHECK_CONST(RF_IPSEC_CIPHER_TYPE_AES_256, IPSEC_CIPHER_TYPE_AES_256);
#else
CHECK_PIN(RF_IPSEC_CIPHER_TYPE_DES, 1);
CHECK_PIN(RF_IPSEC_CIPHER_TYPE_3DES, 2);
CHECK_PIN(RF_IPSEC_CIPHER_TYPE_AES_128, 3);
CHECK_PIN(RF_IPSEC_CIPHER_TYPE_AES_192, 4);
CHECK_PIN(RF_IPSEC_CIPHER_TYPE_AES_256, 5);
#endif
/* Not in mingw-w64, from the SDK's Ras.h (WINVER >= 0x601): RASAPIVERSION_
 * 601 (500 = 1, 501, 600, 601), PROJECTION_INFO_TYPE_PPP = 1, _IKEv2, and
 * RASIKEv2_AUTH_MACHINECERTIFICATES 1, _EAP 2, _PSK 3. */
CHECK_PIN(RF_RASAPIVERSION_601, 4);
CHECK_PIN(RF_PROJECTION_INFO_TYPE_PPP, 1);
CHECK_PIN(RF_PROJECTION_INFO_TYPE_IKEv2, 2);
CHECK_PIN(RF_RASIKEv2_AUTH_MACHINECERTIFICATES, 1);
CHECK_PIN(RF_RASIKEv2_AUTH_EAP, 2);
CHECK_PIN(RF_RASIKEv2_AUTH_PSK, 3);

/* ------------------------------------------------------------------------
 * RAS numbers as rasfast/enums.py and rasfast/errors.py name them: the SDK
 * name each must equal, RF_PY_SDK_<python name> (ConnState.CONNECTED is
 * ConnState_CONNECTED).  The CI step imports those modules (with a stand-in
 * lib holding the headers' numbers, so whether Python writes a value or
 * takes it from lib, the value it ends up with is checked), extracts
 * RF_PY_<name> for each, and turns each of these lines whose name it found
 * into a CHECK_CONST (CHECK_PIN for an RF_SDK_ value): RF_PY_CHECKS, below.
 * A line no Python name uses any more is only reported.
 * ---------------------------------------------------------------------- */

/* rasfast/enums.py */
#define RF_PY_SDK_WM_RASDIALEVENT WM_RASDIALEVENT
#define RF_PY_SDK_RASCS_PAUSED RASCS_PAUSED
#define RF_PY_SDK_RASCS_DONE RASCS_DONE
#define RF_PY_SDK_ConnState_OPEN_PORT RASCS_OpenPort
#define RF_PY_SDK_ConnState_PORT_OPENED RASCS_PortOpened
#define RF_PY_SDK_ConnState_CONNECT_DEVICE RASCS_ConnectDevice
#define RF_PY_SDK_ConnState_DEVICE_CONNECTED RASCS_DeviceConnected
#define RF_PY_SDK_ConnState_ALL_DEVICES_CONNECTED RASCS_AllDevicesConnected
#define RF_PY_SDK_ConnState_AUTHENTICATE RASCS_Authenticate
#define RF_PY_SDK_ConnState_AUTH_NOTIFY RASCS_AuthNotify
#define RF_PY_SDK_ConnState_AUTH_RETRY RASCS_AuthRetry
#define RF_PY_SDK_ConnState_AUTH_CALLBACK RASCS_AuthCallback
#define RF_PY_SDK_ConnState_AUTH_CHANGE_PASSWORD RASCS_AuthChangePassword
#define RF_PY_SDK_ConnState_AUTH_PROJECT RASCS_AuthProject
#define RF_PY_SDK_ConnState_AUTH_LINK_SPEED RASCS_AuthLinkSpeed
#define RF_PY_SDK_ConnState_AUTH_ACK RASCS_AuthAck
#define RF_PY_SDK_ConnState_RE_AUTHENTICATE RASCS_ReAuthenticate
#define RF_PY_SDK_ConnState_AUTHENTICATED RASCS_Authenticated
#define RF_PY_SDK_ConnState_PREPARE_FOR_CALLBACK RASCS_PrepareForCallback
#define RF_PY_SDK_ConnState_WAIT_FOR_MODEM_RESET RASCS_WaitForModemReset
#define RF_PY_SDK_ConnState_WAIT_FOR_CALLBACK RASCS_WaitForCallback
#define RF_PY_SDK_ConnState_PROJECTED RASCS_Projected
#define RF_PY_SDK_ConnState_START_AUTHENTICATION RASCS_StartAuthentication
#define RF_PY_SDK_ConnState_CALLBACK_COMPLETE RASCS_CallbackComplete
#define RF_PY_SDK_ConnState_LOGON_NETWORK RASCS_LogonNetwork
#define RF_PY_SDK_ConnState_SUBENTRY_CONNECTED RASCS_SubEntryConnected
#define RF_PY_SDK_ConnState_SUBENTRY_DISCONNECTED RASCS_SubEntryDisconnected
#define RF_PY_SDK_ConnState_APPLY_SETTINGS RF_SDK_RASCS_ApplySettings
#define RF_PY_SDK_ConnState_INTERACTIVE RASCS_Interactive
#define RF_PY_SDK_ConnState_RETRY_AUTHENTICATION RASCS_RetryAuthentication
#define RF_PY_SDK_ConnState_CALLBACK_SET_BY_CALLER RASCS_CallbackSetByCaller
#define RF_PY_SDK_ConnState_PASSWORD_EXPIRED RASCS_PasswordExpired
#define RF_PY_SDK_ConnState_INVOKE_EAP_UI RASCS_InvokeEapUI
#define RF_PY_SDK_ConnState_CONNECTED RASCS_Connected
#define RF_PY_SDK_ConnState_DISCONNECTED RASCS_Disconnected
#define RF_PY_SDK_DialOption_USE_PREFIX_SUFFIX RDEOPT_UsePrefixSuffix
#define RF_PY_SDK_DialOption_PAUSED_STATES RDEOPT_PausedStates
#define RF_PY_SDK_DialOption_IGNORE_MODEM_SPEAKER RDEOPT_IgnoreModemSpeaker
#define RF_PY_SDK_DialOption_SET_MODEM_SPEAKER RDEOPT_SetModemSpeaker
#define RF_PY_SDK_DialOption_IGNORE_SOFTWARE_COMPRESSION RDEOPT_IgnoreSoftwareCompression
#define RF_PY_SDK_DialOption_SET_SOFTWARE_COMPRESSION RDEOPT_SetSoftwareCompression
#define RF_PY_SDK_DialOption_DISABLE_CONNECTED_UI RDEOPT_DisableConnectedUI
#define RF_PY_SDK_DialOption_DISABLE_RECONNECT_UI RDEOPT_DisableReconnectUI
#define RF_PY_SDK_DialOption_DISABLE_RECONNECT RDEOPT_DisableReconnect
#define RF_PY_SDK_DialOption_NO_USER RDEOPT_NoUser
#define RF_PY_SDK_DialOption_PAUSE_ON_SCRIPT RDEOPT_PauseOnScript
#define RF_PY_SDK_DialOption_ROUTER RDEOPT_Router
#define RF_PY_SDK_DialOption_CUSTOM_DIAL RDEOPT_CustomDial
#define RF_PY_SDK_DialOption_USE_CUSTOM_SCRIPTING RDEOPT_UseCustomScripting

/* rasfast/errors.py */

#ifdef RF_ABI_EXTRACTED
RF_PY_CHECKS
#endif /* RF_ABI_EXTRACTED */
