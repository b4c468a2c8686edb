/* The bad-input matrix of the simulated service's raw entry points, called
 * as a foreign C program calls rasapi32: wrong sizes, NULL pointers,
 * unterminated strings, notifier types out of range, garbage handles.  Each
 * gets an error code (asserted), never a crash: run under AddressSanitizer +
 * UndefinedBehaviorSanitizer (make -C tests/native sim-bad-input), with
 * every structure in a buffer of exactly its size, so a read or write past
 * it is reported.  Exit status 0 and "sim_bad_input: all passed". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ras_abi.h"
#include "platform.h"
#include "sim_internal.h"   /* rf_sim__shutdown */

static int g_failures, g_checks;
#define EXPECT(call, want) do { unsigned long long got_ = (unsigned long long)(call); \
    g_checks++; if (got_ != (unsigned long long)(want)) { g_failures++; \
    fprintf(stderr, "FAIL %s:%d: %s = %llu, want %llu\n", __FILE__, __LINE__, #call, \
            got_, (unsigned long long)(want)); } } while (0)

static const rf_provider *P;

static uint32_t RF_WINAPI ignore(uintptr_t cb, uint32_t sub, rf_hrasconn h, uint32_t msg,
                                 uint32_t state, uint32_t err, uint32_t ext)
{
    (void)cb; (void)sub; (void)h; (void)msg; (void)state; (void)err; (void)ext;
    return 1;
}

static void wset(rf_wchar *dst, size_t cap, const char *s)
{
    size_t i = 0;
    for (; s[i] && i + 1 < cap; i++) dst[i] = (rf_wchar)(unsigned char)s[i];
    dst[i] = 0;
}

/* RASDIALPARAMSW of the given version in a buffer of exactly that size. */
static RF_RASDIALPARAMSW *params(size_t size, const char *entry)
{
    RF_RASDIALPARAMSW full;
    RF_RASDIALPARAMSW *p = (RF_RASDIALPARAMSW *)malloc(size);
    memset(&full, 0, sizeof full);
    wset(full.szEntryName, RF_RAS_MaxEntryName + 1, entry);
    memcpy(p, &full, size < sizeof full ? size : sizeof full);
    p->dwSize = (uint32_t)size;
    return p;
}

static int released(rf_hrasconn h)
{
    RF_RASCONNSTATUSW st;
    for (int i = 0; i < 2000; i++) {
        memset(&st, 0, sizeof st);
        st.dwSize = sizeof st;
        if (P->RasGetConnectStatusW(h, &st) == RF_ERROR_INVALID_HANDLE) return 1;
        rf_sleep_ns(1000000);
    }
    return 0;
}

static void dial_matrix(void)
{
    static const uint32_t bad_sizes[] = { 0, 1, 4, 2092, 2095, 2097, 2100, 2104 + 2, 2116,
                                          2124, 4096, 0xFFFFFFFFu };
    static const uint32_t bad_types[] = { 3, 4, 0x100, 0x80000000u, 0xFFFFFFFEu };
    RF_RASDIALPARAMSW *p = params(sizeof(RF_RASDIALPARAMSW), "Demo Instant");
    rf_hrasconn h = NULL;
    size_t i;

    EXPECT(P->RasDialW(NULL, NULL, NULL, 2, (void *)ignore, &h), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasDialW(NULL, NULL, p, 2, (void *)ignore, NULL), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasDialW(NULL, NULL, NULL, 2, NULL, NULL), RF_ERROR_INVALID_PARAMETER);
    for (i = 0; i < sizeof bad_sizes / sizeof *bad_sizes; i++) {
        p->dwSize = bad_sizes[i];
        EXPECT(P->RasDialW(NULL, NULL, p, 2, (void *)ignore, &h), RF_ERROR_INVALID_SIZE);
    }
    p->dwSize = sizeof *p;
    {
        /* RASDIALEXTENSIONS of a wrong size, in a buffer of that size */
        static const uint32_t ext_bad[] = { 4, 8, 20, 32, 48, 56, 64 };
        for (i = 0; i < sizeof ext_bad / sizeof *ext_bad; i++) {
            RF_RASDIALEXTENSIONS *ext = (RF_RASDIALEXTENSIONS *)calloc(1, ext_bad[i] + 4);
            ext->dwSize = ext_bad[i];
            if (ext_bad[i] == RF_RASDIALEXTENSIONS_SIZE_0400 ||
                ext_bad[i] == RF_RASDIALEXTENSIONS_SIZE_0500 ||
                ext_bad[i] == RF_RASDIALEXTENSIONS_SIZE_0601) { free(ext); continue; }
            EXPECT(P->RasDialW(ext, NULL, p, 2, (void *)ignore, &h), RF_ERROR_INVALID_SIZE);
            free(ext);
        }
    }
    for (i = 0; i < sizeof bad_types / sizeof *bad_types; i++)
        EXPECT(P->RasDialW(NULL, NULL, p, bad_types[i], (void *)ignore, &h),
               RF_ERROR_INVALID_PARAMETER);
    /* an HWND notifier that is no window (POSIX: no windows at all) */
    EXPECT(P->RasDialW(NULL, NULL, p, RF_RAS_NOTIFIER_HWND, (void *)(uintptr_t)0x1234, &h),
           RF_ERROR_INVALID_PARAMETER);
    EXPECT((uintptr_t)h, 0);                       /* nothing stored by any of them */

    /* szEntryName with no NUL inside its array (exact-size buffer) */
    for (i = 0; i <= RF_RAS_MaxEntryName; i++) p->szEntryName[i] = 'A';
    EXPECT(P->RasDialW(NULL, NULL, p, 2, (void *)ignore, &h), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasDialW(NULL, NULL, p, 2, NULL, &h), RF_ERROR_INVALID_PARAMETER);
    p->szEntryName[0] = 0;                         /* empty: no such entry */
    EXPECT(P->RasDialW(NULL, NULL, p, 2, (void *)ignore, &h), RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    free(p);

    /* a garbage *lphRasConn is a resume of an unknown handle */
    p = params(sizeof(RF_RASDIALPARAMSW), "Demo Instant");
    h = (rf_hrasconn)(uintptr_t)0xDEAD0001u;
    EXPECT(P->RasDialW(NULL, NULL, p, 2, (void *)ignore, &h), RF_ERROR_INVALID_HANDLE);
    h = (rf_hrasconn)(uintptr_t)-1;
    EXPECT(P->RasDialW(NULL, NULL, p, 2, (void *)ignore, &h), RF_ERROR_INVALID_HANDLE);
    free(p);

    /* the other strings unterminated, every version: the dial proceeds on
     * what is there, reads nothing past the caller's structure */
    {
        static const size_t sizes[] = { RF_RASDIALPARAMSW_SIZE_0400, RF_RASDIALPARAMSW_SIZE_0401,
                                        RF_RASDIALPARAMSW_SIZE_0601, RF_RASDIALPARAMSW_SIZE_0602 };
        for (i = 0; i < 4; i++) {
            size_t k;
            p = params(sizeof(RF_RASDIALPARAMSW), "Demo Instant");
            for (k = 0; k <= RF_RAS_MaxPhoneNumber; k++) p->szPhoneNumber[k] = '5';
            for (k = 0; k <= RF_RAS_MaxCallbackNumber; k++) p->szCallbackNumber[k] = '6';
            for (k = 0; k <= RF_UNLEN; k++) p->szUserName[k] = 'u';
            for (k = 0; k <= RF_PWLEN; k++) p->szPassword[k] = 'p';
            for (k = 0; k <= RF_DNLEN; k++) p->szDomain[k] = 'd';
            {
                RF_RASDIALPARAMSW *q = (RF_RASDIALPARAMSW *)malloc(sizes[i]);
                memcpy(q, p, sizes[i] < sizeof *p ? sizes[i] : sizeof *p);
                if (sizes[i] > sizeof *p) memset((char *)q + sizeof *p, 0, sizes[i] - sizeof *p);
                q->dwSize = (uint32_t)sizes[i];
                h = NULL;
                EXPECT(P->RasDialW(NULL, NULL, q, 2, NULL, &h), 0);
                EXPECT(P->RasHangUpW(h), 0);
                EXPECT(released(h), 1);
                free(q);
            }
            free(p);
        }
    }
}

static void handle_matrix(void)
{
    static const uintptr_t garbage[] = { 0, 1, 0xFFFF, 0x10000, 0x12345678u, (uintptr_t)-1,
                                         (uintptr_t)-2, ((uintptr_t)1 << 16) | 0xFFFF };
    RF_RASCONNSTATUSW *st = (RF_RASCONNSTATUSW *)malloc(sizeof *st);
    size_t i;
    for (i = 0; i < sizeof garbage / sizeof *garbage; i++) {
        memset(st, 0, sizeof *st);
        st->dwSize = sizeof *st;
        EXPECT(P->RasHangUpW((rf_hrasconn)garbage[i]), RF_ERROR_INVALID_HANDLE);
        EXPECT(P->RasGetConnectStatusW((rf_hrasconn)garbage[i], st), RF_ERROR_INVALID_HANDLE);
    }
    free(st);
}

static void status_matrix(void)
{
    static const uint32_t bad_sizes[] = { 0, 4, 300, 303, 305, 560, 563, 565, 568, 600,
                                          604, 607, 609, 612, 1024, 0xFFFFFFFFu };
    RF_RASDIALPARAMSW *p = params(sizeof(RF_RASDIALPARAMSW), "Demo Instant");
    rf_hrasconn h = NULL;
    size_t i;
    EXPECT(P->RasDialW(NULL, NULL, p, 2, NULL, &h), 0);
    EXPECT(P->RasGetConnectStatusW(h, NULL), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasGetConnectStatusW(NULL, NULL), RF_ERROR_INVALID_PARAMETER);
    for (i = 0; i < sizeof bad_sizes / sizeof *bad_sizes; i++) {
        /* a buffer of the smallest version: a wrong size must not be written */
        RF_RASCONNSTATUSW *st = (RF_RASCONNSTATUSW *)malloc(RF_RASCONNSTATUSW_SIZE_0400);
        memset(st, 0, RF_RASCONNSTATUSW_SIZE_0400);
        st->dwSize = bad_sizes[i];
        EXPECT(P->RasGetConnectStatusW(h, st), RF_ERROR_INVALID_SIZE);
        free(st);
    }
    EXPECT(P->RasHangUpW(h), 0);
    EXPECT(released(h), 1);
    free(p);
}

static void enum_matrix(void)
{
    uint32_t cb = 0, n = 0;
    RF_RASCONNW *conns = (RF_RASCONNW *)calloc(1, sizeof *conns);
    RF_RASENTRYNAMEW *names = (RF_RASENTRYNAMEW *)calloc(1, sizeof *names);
    rf_wchar reserved[2] = { 'x', 0 };
    uint32_t entries = rf_sim_entry_count();

    /* RasEnumConnectionsW: NULL counts, wrong element sizes, no connections */
    conns->dwSize = sizeof *conns;
    cb = sizeof *conns;
    EXPECT(P->RasEnumConnectionsW(conns, NULL, &n), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasEnumConnectionsW(conns, &cb, NULL), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasEnumConnectionsW(NULL, NULL, NULL), RF_ERROR_INVALID_PARAMETER);
    conns->dwSize = 0;
    EXPECT(P->RasEnumConnectionsW(conns, &cb, &n), RF_ERROR_INVALID_SIZE);
    conns->dwSize = sizeof *conns + 1;
    EXPECT(P->RasEnumConnectionsW(conns, &cb, &n), RF_ERROR_INVALID_SIZE);
    conns->dwSize = 0xFFFFFFFFu;
    EXPECT(P->RasEnumConnectionsW(conns, &cb, &n), RF_ERROR_INVALID_SIZE);
    conns->dwSize = sizeof *conns;
    cb = 0;
    EXPECT(P->RasEnumConnectionsW(NULL, &cb, &n), 0);      /* nothing to list */
    EXPECT(n, 0);
    EXPECT(cb, 0);
    cb = 2;                                                 /* too short to hold dwSize */
    EXPECT(P->RasEnumConnectionsW(conns, &cb, &n), 0);
    /* one connection, a buffer for none, a NULL buffer with a big *lpcb */
    {
        RF_RASDIALPARAMSW *p = params(sizeof(RF_RASDIALPARAMSW), "Demo Instant");
        rf_hrasconn h = NULL;
        EXPECT(P->RasDialW(NULL, NULL, p, 2, NULL, &h), 0);
        cb = 0;
        EXPECT(P->RasEnumConnectionsW(conns, &cb, &n), RF_ERROR_BUFFER_TOO_SMALL);
        EXPECT(cb, RF_RASCONNW_SIZE_0600);                  /* no dwSize readable: newest */
        EXPECT(n, 1);
        cb = 100000;
        EXPECT(P->RasEnumConnectionsW(NULL, &cb, &n), RF_ERROR_BUFFER_TOO_SMALL);
        cb = sizeof *conns;
        EXPECT(P->RasEnumConnectionsW(conns, &cb, &n), 0);
        EXPECT((uintptr_t)conns->hrasconn, (uintptr_t)h);
        EXPECT(P->RasHangUpW(h), 0);
        EXPECT(released(h), 1);
        free(p);
    }

    /* RasEnumEntriesW */
    names->dwSize = sizeof *names;
    cb = sizeof *names;
    EXPECT(P->RasEnumEntriesW(reserved, NULL, names, &cb, &n), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasEnumEntriesW(NULL, NULL, names, NULL, &n), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasEnumEntriesW(NULL, NULL, names, &cb, NULL), RF_ERROR_INVALID_PARAMETER);
    names->dwSize = 519;
    EXPECT(P->RasEnumEntriesW(NULL, NULL, names, &cb, &n), RF_ERROR_INVALID_SIZE);
    names->dwSize = 1044;
    EXPECT(P->RasEnumEntriesW(NULL, NULL, names, &cb, &n), RF_ERROR_INVALID_SIZE);
    names->dwSize = sizeof *names;
    cb = sizeof *names;                                     /* room for one of several */
    EXPECT(P->RasEnumEntriesW(NULL, NULL, names, &cb, &n), RF_ERROR_BUFFER_TOO_SMALL);
    EXPECT(cb, entries * sizeof *names);
    EXPECT(n, entries);
    cb = 0;
    EXPECT(P->RasEnumEntriesW(NULL, NULL, NULL, &cb, &n), RF_ERROR_BUFFER_TOO_SMALL);
    EXPECT(cb, entries * sizeof *names);
    free(conns);
    free(names);
}

static void error_string_matrix(void)
{
    rf_wchar *buf = (rf_wchar *)malloc(8 * sizeof *buf);
    EXPECT(P->RasGetErrorStringW(691, NULL, 512), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasGetErrorStringW(691, buf, 0), RF_ERROR_INSUFFICIENT_BUFFER);
    EXPECT(P->RasGetErrorStringW(691, buf, 8), RF_ERROR_INSUFFICIENT_BUFFER);
    EXPECT(P->RasGetErrorStringW(0xFFFFFFFFu, buf, 8), RF_ERROR_INVALID_PARAMETER);
    free(buf);
}

int main(void)
{
    P = rf_provider_sim();
    rf_sim_set_time_scale(0.0);
    dial_matrix();
    handle_matrix();
    status_matrix();
    enum_matrix();
    error_string_matrix();
    rf_sim__shutdown();
    if (g_failures) {
        fprintf(stderr, "sim_bad_input: %d of %d checks failed\n", g_failures, g_checks);
        return 1;
    }
    fprintf(stderr, "sim_bad_input: all passed (%d checks)\n", g_checks);
    return 0;
}
