/* The bad-input matrix of the simulated service's raw entry points, called
 * as a foreign C program calls rasapi32: wrong sizes, NULL pointers,
 * unterminated strings, notifier types out of range, garbage handles, the
 * phonebook and credential functions.  Each
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

/* A UTF-16 string of n units, none of them 0, in a buffer of exactly n units
 * (no terminator): a function that reads past its limit is reported. */
static rf_wchar *unterminated(size_t n)
{
    rf_wchar *w = (rf_wchar *)malloc(n * sizeof *w);
    for (size_t i = 0; i < n; i++) w[i] = 'u';
    return w;
}

static void phonebook_matrix(void)
{
    static const uint32_t bad_sizes[] = { 0, 1, 4, RF_RASENTRYW_SIZE_0400 - 1,
                                          RF_RASENTRYW_SIZE_0400 + 1, RF_RASENTRYW_SIZE_0601 + 2,
                                          RF_RASENTRYW_SIZE_0A00 + 4, 0xFFFFFFFFu };
    rf_wchar name[16], pbk[8];
    rf_wchar *long_name = unterminated(RF_RAS_MaxEntryName + 1);
    rf_wchar *long_path = unterminated(RF_MAX_PATH);
    RF_RASENTRYW *e = (RF_RASENTRYW *)calloc(1, sizeof *e);
    RF_RASCREDENTIALSW *c = (RF_RASCREDENTIALSW *)calloc(1, sizeof *c);
    uint8_t data[4] = { 1, 2, 3, 4 };
    uint32_t cb, i;
    wset(name, 16, "Demo VPN");
    wset(pbk, 8, "x.pbk");

    /* RasValidateEntryNameW */
    EXPECT(P->RasValidateEntryNameW(NULL, NULL), RF_ERROR_INVALID_NAME);
    EXPECT(P->RasValidateEntryNameW(NULL, long_name), RF_ERROR_INVALID_NAME);
    EXPECT(P->RasValidateEntryNameW(long_path, name), RF_ERROR_CANNOT_OPEN_PHONEBOOK);

    /* RasGetEntryPropertiesW: NULL cb, NULL buffer, wrong dwSize, small *cb */
    e->dwSize = sizeof *e;
    cb = sizeof *e;
    EXPECT(P->RasGetEntryPropertiesW(NULL, name, e, NULL, NULL, NULL), RF_ERROR_INVALID_PARAMETER);
    cb = 0;
    EXPECT(P->RasGetEntryPropertiesW(NULL, name, NULL, &cb, NULL, NULL), RF_ERROR_BUFFER_TOO_SMALL);
    EXPECT(cb, RF_RASENTRYW_SIZE_0A00);
    for (i = 0; i < sizeof bad_sizes / sizeof *bad_sizes; i++) {
        e->dwSize = bad_sizes[i];
        cb = sizeof *e;
        EXPECT(P->RasGetEntryPropertiesW(NULL, name, e, &cb, NULL, NULL), RF_ERROR_INVALID_SIZE);
        EXPECT(P->RasSetEntryPropertiesW(NULL, name, e, sizeof *e, NULL, 0),
               RF_ERROR_INVALID_SIZE);
    }
    e->dwSize = sizeof *e;
    cb = 8;
    EXPECT(P->RasGetEntryPropertiesW(NULL, name, e, &cb, NULL, NULL), RF_ERROR_BUFFER_TOO_SMALL);
    EXPECT(cb, sizeof *e);
    cb = sizeof *e;
    EXPECT(P->RasGetEntryPropertiesW(NULL, long_name, e, &cb, NULL, NULL),
           RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    EXPECT(P->RasGetEntryPropertiesW(long_path, name, e, &cb, NULL, NULL),
           RF_ERROR_CANNOT_OPEN_PHONEBOOK);
    EXPECT(P->RasGetEntryPropertiesW(NULL, name, e, &cb, NULL, NULL), 0);

    /* RasSetEntryPropertiesW: NULL props, cb below dwSize, bad names and values,
     * strings without their terminator (cut at the field's end, never read past) */
    EXPECT(P->RasSetEntryPropertiesW(NULL, name, NULL, sizeof *e, NULL, 0),
           RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasSetEntryPropertiesW(NULL, name, e, sizeof *e - 1, NULL, 0),
           RF_ERROR_INVALID_SIZE);
    EXPECT(P->RasSetEntryPropertiesW(NULL, NULL, e, sizeof *e, NULL, 0), RF_ERROR_INVALID_NAME);
    EXPECT(P->RasSetEntryPropertiesW(NULL, long_name, e, sizeof *e, NULL, 0),
           RF_ERROR_INVALID_NAME);
    EXPECT(P->RasSetEntryPropertiesW(long_path, name, e, sizeof *e, NULL, 0),
           RF_ERROR_CANNOT_OPEN_PHONEBOOK);
    e->dwType = 0;
    EXPECT(P->RasSetEntryPropertiesW(NULL, name, e, sizeof *e, NULL, 0),
           RF_ERROR_INVALID_PARAMETER);
    e->dwType = 0xFFFFFFFFu;
    EXPECT(P->RasSetEntryPropertiesW(NULL, name, e, sizeof *e, NULL, 0),
           RF_ERROR_INVALID_PARAMETER);
    e->dwType = RF_RASET_Vpn;
    e->dwEncryptionType = 0x80000000u;
    EXPECT(P->RasSetEntryPropertiesW(NULL, name, e, sizeof *e, NULL, 0),
           RF_ERROR_INVALID_PARAMETER);
    e->dwEncryptionType = RF_ET_Require;
    e->dwVpnStrategy = 0xFFFFFFFFu;
    EXPECT(P->RasSetEntryPropertiesW(NULL, name, e, sizeof *e, NULL, 0),
           RF_ERROR_INVALID_PARAMETER);
    e->dwVpnStrategy = RF_VS_Ikev2Only;
    for (i = 0; i < RF_RAS_MaxPhoneNumber + 1; i++) e->szLocalPhoneNumber[i] = 'h';
    for (i = 0; i < RF_RAS_MaxDnsSuffix; i++) e->szDnsSuffix[i] = 'd';
    for (i = 0; i < RF_RAS_MaxDeviceName + 1; i++) e->szDeviceName[i] = 'n';
    EXPECT(P->RasSetEntryPropertiesW(NULL, name, e, sizeof *e, NULL, 0), 0);
    memset(e, 0, sizeof *e);
    e->dwSize = sizeof *e;
    cb = sizeof *e;
    EXPECT(P->RasGetEntryPropertiesW(NULL, name, e, &cb, NULL, NULL), 0);
    EXPECT(e->szLocalPhoneNumber[RF_RAS_MaxPhoneNumber], 0);
    EXPECT(e->szLocalPhoneNumber[RF_RAS_MaxPhoneNumber - 1], 'h');
    EXPECT(e->szDnsSuffix[RF_RAS_MaxDnsSuffix - 1], 0);

    /* RasDeleteEntryW, RasRenameEntryW */
    EXPECT(P->RasDeleteEntryW(NULL, NULL), RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    EXPECT(P->RasDeleteEntryW(NULL, long_name), RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    EXPECT(P->RasDeleteEntryW(long_path, name), RF_ERROR_CANNOT_OPEN_PHONEBOOK);
    EXPECT(P->RasDeleteEntryW(pbk, name), RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    EXPECT(P->RasRenameEntryW(NULL, NULL, name), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasRenameEntryW(NULL, name, NULL), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasRenameEntryW(NULL, name, long_name), RF_ERROR_INVALID_NAME);
    EXPECT(P->RasRenameEntryW(NULL, long_name, name), RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    EXPECT(P->RasRenameEntryW(long_path, name, pbk), RF_ERROR_CANNOT_OPEN_PHONEBOOK);

    /* RasGetCredentialsW, RasSetCredentialsW: NULL, wrong sizes, mixed PSK,
     * unterminated fields */
    EXPECT(P->RasGetCredentialsW(NULL, name, NULL), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasSetCredentialsW(NULL, name, NULL, 0), RF_ERROR_INVALID_PARAMETER);
    for (i = 0; i < sizeof bad_sizes / sizeof *bad_sizes; i++) {
        c->dwSize = bad_sizes[i];
        EXPECT(P->RasGetCredentialsW(NULL, name, c), RF_ERROR_INVALID_SIZE);
        EXPECT(P->RasSetCredentialsW(NULL, name, c, 0), RF_ERROR_INVALID_SIZE);
    }
    c->dwSize = sizeof *c - 1;
    EXPECT(P->RasGetCredentialsW(NULL, name, c), RF_ERROR_INVALID_SIZE);
    c->dwSize = sizeof *c;
    c->dwMask = RF_RASCM_PreSharedKey | RF_RASCM_Password;
    EXPECT(P->RasGetCredentialsW(NULL, name, c), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasSetCredentialsW(NULL, name, c, 0), RF_ERROR_INVALID_PARAMETER);
    c->dwMask = RF_RASCM_UserName;
    EXPECT(P->RasGetCredentialsW(NULL, NULL, c), RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    EXPECT(P->RasGetCredentialsW(NULL, long_name, c), RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    EXPECT(P->RasGetCredentialsW(long_path, name, c), RF_ERROR_CANNOT_OPEN_PHONEBOOK);
    for (i = 0; i < RF_UNLEN + 1; i++) c->szUserName[i] = 'u';
    EXPECT(P->RasSetCredentialsW(NULL, name, c, 0), RF_ERROR_INVALID_PARAMETER);
    memset(c->szUserName, 0, sizeof c->szUserName);
    for (i = 0; i < RF_PWLEN + 1; i++) c->szPassword[i] = 'p';
    EXPECT(P->RasSetCredentialsW(NULL, name, c, 0), RF_ERROR_INVALID_PARAMETER);
    memset(c->szPassword, 0, sizeof c->szPassword);
    for (i = 0; i < RF_DNLEN + 1; i++) c->szDomain[i] = 'd';
    EXPECT(P->RasSetCredentialsW(NULL, name, c, 0), RF_ERROR_INVALID_PARAMETER);
    memset(c->szDomain, 0, sizeof c->szDomain);
    EXPECT(P->RasSetCredentialsW(NULL, NULL, c, 0), RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    EXPECT(P->RasSetCredentialsW(NULL, long_name, c, 0), RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    EXPECT(P->RasSetCredentialsW(NULL, name, c, 0), 0);

    /* RasGet/SetCustomAuthDataW */
    EXPECT(P->RasGetCustomAuthDataW(NULL, name, data, NULL), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasSetCustomAuthDataW(NULL, name, NULL, 4), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasSetCustomAuthDataW(NULL, name, data, 0xFFFFFFFFu), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasSetCustomAuthDataW(NULL, long_name, data, 4),
           RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    cb = 4;
    EXPECT(P->RasGetCustomAuthDataW(NULL, NULL, data, &cb), RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY);
    EXPECT(P->RasSetCustomAuthDataW(NULL, name, data, 4), 0);
    cb = 0;
    EXPECT(P->RasGetCustomAuthDataW(NULL, name, NULL, &cb), RF_ERROR_BUFFER_TOO_SMALL);
    EXPECT(cb, 4);
    EXPECT(P->RasSetCustomAuthDataW(NULL, name, NULL, 0), 0);   /* cleared */
    cb = 0;
    EXPECT(P->RasGetCustomAuthDataW(NULL, name, NULL, &cb), 0);
    EXPECT(cb, 0);

    free(long_name);
    free(long_path);
    free(e);
    free(c);
}

/* A connected "Demo Instant" (a synchronous dial: time scale 0). */
static rf_hrasconn connect_instant(const char *entry)
{
    RF_RASDIALPARAMSW *p = params(sizeof(RF_RASDIALPARAMSW), entry);
    rf_hrasconn h = NULL;
    EXPECT(P->RasDialW(NULL, NULL, p, 2, NULL, &h), 0);
    free(p);
    return h;
}

/* After CONNECTED: statistics, projections, connection notifications. */
static void after_connected_matrix(void)
{
    rf_hrasconn h = connect_instant("Demo Instant");
    rf_hrasconn garbage = (rf_hrasconn)(uintptr_t)0x7FFF0123u;

    RF_RAS_STATS *st = (RF_RAS_STATS *)malloc(sizeof *st);
    memset(st, 0, sizeof *st);
    EXPECT(P->RasGetConnectionStatistics(h, NULL), RF_ERROR_INVALID_PARAMETER);
    st->dwSize = sizeof *st - 4;
    EXPECT(P->RasGetConnectionStatistics(h, st), RF_ERROR_INVALID_SIZE);
    st->dwSize = sizeof *st + 4;
    EXPECT(P->RasGetConnectionStatistics(h, st), RF_ERROR_INVALID_SIZE);
    st->dwSize = sizeof *st;
    EXPECT(P->RasGetConnectionStatistics(h, st), 0);
    EXPECT(st->dwSize, 60);
    EXPECT(P->RasGetConnectionStatistics(garbage, st), RF_ERROR_INVALID_HANDLE);
    EXPECT(P->RasGetConnectionStatistics(NULL, st), RF_ERROR_INVALID_HANDLE);
    EXPECT(P->RasGetLinkStatistics(h, 0, st), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasGetLinkStatistics(h, 1, st), 0);
    EXPECT(P->RasGetLinkStatistics(h, 2, st), RF_ERROR_INVALID_PARAMETER);   /* one link only */
    EXPECT(P->RasGetLinkStatistics(h, 0xFFFFFFFFu, st), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasClearConnectionStatistics(h), 0);
    EXPECT(P->RasClearConnectionStatistics(garbage), RF_ERROR_INVALID_HANDLE);
    EXPECT(P->RasClearLinkStatistics(h, 0), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasClearLinkStatistics(h, 9), RF_ERROR_INVALID_PARAMETER);

    /* RasGetProjectionInfoW: exact-size buffers. */
    RF_RASPPPIPW *ip = (RF_RASPPPIPW *)malloc(sizeof *ip);
    uint32_t cb = sizeof *ip;
    memset(ip, 0, sizeof *ip);
    ip->dwSize = sizeof *ip;
    EXPECT(P->RasGetProjectionInfoW(h, RF_RASP_PppIp, ip, NULL), RF_ERROR_INVALID_PARAMETER);
    cb = 0;
    EXPECT(P->RasGetProjectionInfoW(h, RF_RASP_PppIp, NULL, &cb), RF_ERROR_BUFFER_TOO_SMALL);
    EXPECT(cb, 80);
    cb = 79;
    EXPECT(P->RasGetProjectionInfoW(h, RF_RASP_PppIp, ip, &cb), RF_ERROR_BUFFER_TOO_SMALL);
    EXPECT(cb, 80);
    ip->dwSize = 81;
    cb = sizeof *ip;
    EXPECT(P->RasGetProjectionInfoW(h, RF_RASP_PppIp, ip, &cb), RF_ERROR_INVALID_SIZE);
    ip->dwSize = sizeof *ip;
    EXPECT(P->RasGetProjectionInfoW(h, RF_RASP_PppIp, ip, &cb), 0);
    EXPECT(ip->szIpAddress[0], '1');
    ip->dwSize = (uint32_t)RF_RASPPPIPW_SIZE_0400;         /* the older version: 72 bytes */
    cb = (uint32_t)RF_RASPPPIPW_SIZE_0400;
    EXPECT(P->RasGetProjectionInfoW(h, RF_RASP_PppIp, ip, &cb), 0);
    EXPECT(P->RasGetProjectionInfoW(h, 0x802B /* RASP_PppIpx */, ip, &cb),
           RF_ERROR_PROTOCOL_NOT_CONFIGURED);
    ip->dwSize = sizeof *ip;
    cb = sizeof *ip;
    EXPECT(P->RasGetProjectionInfoW(garbage, RF_RASP_PppIp, ip, &cb), RF_ERROR_INVALID_HANDLE);
    RF_RASPPPIPV6 *v6 = (RF_RASPPPIPV6 *)malloc(sizeof *v6);
    memset(v6, 0, sizeof *v6);
    v6->dwSize = sizeof *v6;
    cb = sizeof *v6;
    EXPECT(P->RasGetProjectionInfoW(h, RF_RASP_PppIpv6, v6, &cb), 0);
    v6->dwSize = 27;
    EXPECT(P->RasGetProjectionInfoW(h, RF_RASP_PppIpv6, v6, &cb), RF_ERROR_INVALID_SIZE);

    /* RasGetProjectionInfoEx: no dwSize; version and the buffer's size. */
    RF_RAS_PROJECTION_INFO *pi = (RF_RAS_PROJECTION_INFO *)malloc(sizeof *pi);
    memset(pi, 0, sizeof *pi);
    cb = sizeof *pi;
    EXPECT(P->RasGetProjectionInfoEx(h, pi, NULL), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasGetProjectionInfoEx(h, pi, &cb), RF_ERROR_INVALID_PARAMETER);   /* version 0 */
    pi->version = RF_RASAPIVERSION_601;
    cb = sizeof *pi - 1;
    EXPECT(P->RasGetProjectionInfoEx(h, pi, &cb), RF_ERROR_BUFFER_TOO_SMALL);
    EXPECT(cb, sizeof *pi);
    EXPECT(P->RasGetProjectionInfoEx(h, pi, &cb), 0);
    EXPECT(pi->type, RF_PROJECTION_INFO_TYPE_PPP);
    EXPECT(P->RasGetProjectionInfoEx(garbage, pi, &cb), RF_ERROR_INVALID_HANDLE);

    /* RasConnectionNotificationW */
    rf_signal *sig = rf_signal_new();
    void *ev = rf_signal_handle(sig);
    EXPECT(P->RasConnectionNotificationW(RF_HRASCONN_ALL, NULL, RF_RASCN_Connection),
           RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasConnectionNotificationW(RF_HRASCONN_ALL, ev, 0), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasConnectionNotificationW(RF_HRASCONN_ALL, ev, 0x10), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasConnectionNotificationW(h, ev, RF_RASCN_Connection), RF_ERROR_INVALID_PARAMETER);
    EXPECT(P->RasConnectionNotificationW(garbage, ev, RF_RASCN_Disconnection),
           RF_ERROR_INVALID_HANDLE);
    EXPECT(P->RasConnectionNotificationW(h, ev, RF_RASCN_Disconnection), 0);
    EXPECT(P->RasConnectionNotificationW(h, ev, RF_RASCN_Disconnection), 0);   /* again: harmless */
    EXPECT(rf_signal_wait(sig, 0), 0);
    /* The simulator's limits: 4 events per connection, 64 for every one;
     * the same event again is no new one. */
    rf_signal *more[64];
    for (int i = 0; i < 64; i++) more[i] = rf_signal_new();
    for (int i = 0; i < 3; i++)
        EXPECT(P->RasConnectionNotificationW(h, rf_signal_handle(more[i]), RF_RASCN_BandwidthAdded), 0);
    EXPECT(P->RasConnectionNotificationW(h, rf_signal_handle(more[3]), RF_RASCN_BandwidthAdded),
           RF_ERROR_NOT_ENOUGH_MEMORY);
    EXPECT(P->RasConnectionNotificationW(h, rf_signal_handle(more[2]), RF_RASCN_BandwidthRemoved), 0);
    uint32_t all_before = 0;
    while (all_before < 64 && P->RasConnectionNotificationW(RF_HRASCONN_ALL, rf_signal_handle(more[all_before]),
                                                           RF_RASCN_Connection) == 0)
        all_before++;
    EXPECT(all_before, 64);    /* the table was empty: 64 fit */
    rf_signal *extra = rf_signal_new();
    EXPECT(P->RasConnectionNotificationW(RF_HRASCONN_ALL, rf_signal_handle(extra), RF_RASCN_Connection),
           RF_ERROR_NOT_ENOUGH_MEMORY);
    EXPECT(P->RasConnectionNotificationW(RF_HRASCONN_ALL, rf_signal_handle(more[0]), RF_RASCN_Disconnection), 0);
    for (int i = 0; i < 64; i++) (void)rf_signal_wait(more[i], 0);

    /* A drop: signalled; the handle lives (status: the reason) until RasHangUpW. */
    EXPECT(rf_sim_drop((uint64_t)(uintptr_t)h, RF_ERROR_REMOTE_DISCONNECTION), 0);
    EXPECT(rf_signal_wait(sig, 1000000000), 1);
    RF_RASCONNSTATUSW cs;
    memset(&cs, 0, sizeof cs);
    cs.dwSize = sizeof cs;
    EXPECT(P->RasGetConnectStatusW(h, &cs), 0);
    EXPECT(cs.rasconnstate, RF_RASCS_Disconnected);
    EXPECT(cs.dwError, RF_ERROR_REMOTE_DISCONNECTION);
    EXPECT(P->RasGetConnectionStatistics(h, st), RF_ERROR_INVALID_HANDLE);
    cb = sizeof *pi;
    EXPECT(P->RasGetProjectionInfoEx(h, pi, &cb), RF_ERROR_INVALID_HANDLE);
    EXPECT(rf_sim_drop((uint64_t)(uintptr_t)h, 0), RF_ERROR_INVALID_HANDLE);  /* twice */
    EXPECT(P->RasHangUpW(h), 0);
    EXPECT(released(h), 1);

    /* Dropped with no reason given: status answers 6 before the hang-up. */
    h = connect_instant("Demo Instant");
    EXPECT(rf_sim_drop((uint64_t)(uintptr_t)h, 0), 0);
    EXPECT(P->RasGetConnectStatusW(h, &cs), RF_ERROR_INVALID_HANDLE);
    EXPECT(P->RasHangUpW(h), 0);
    EXPECT(released(h), 1);

    /* IKEv2 has no PPP projection; a modem no IPv6. */
    h = connect_instant("Demo IKEv2");
    cb = sizeof *ip;
    EXPECT(P->RasGetProjectionInfoW(h, RF_RASP_PppIp, ip, &cb), RF_ERROR_PROTOCOL_NOT_CONFIGURED);
    cb = sizeof *pi;
    EXPECT(P->RasGetProjectionInfoEx(h, pi, &cb), 0);
    EXPECT(pi->type, RF_PROJECTION_INFO_TYPE_IKEv2);
    EXPECT(P->RasHangUpW(h), 0);
    EXPECT(released(h), 1);

    EXPECT(rf_sim_drop(0, 0), RF_ERROR_INVALID_HANDLE);
    EXPECT(rf_sim_add_traffic(0xFFFFFFFFull, 1, 1), RF_ERROR_INVALID_HANDLE);
    free(st);
    free(ip);
    free(v6);
    free(pi);
    rf_sim__shutdown();            /* the registrations go before their event */
    rf_signal_free(sig);
    rf_signal_free(extra);
    for (int i = 0; i < 64; i++) rf_signal_free(more[i]);
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
    phonebook_matrix();
    after_connected_matrix();
    rf_sim__shutdown();
    if (g_failures) {
        fprintf(stderr, "sim_bad_input: %d of %d checks failed\n", g_failures, g_checks);
        return 1;
    }
    fprintf(stderr, "sim_bad_input: all passed (%d checks)\n", g_checks);
    return 0;
}
