/* The simulated service's rasapi32-shaped functions (RasDialW, RasHangUpW,
 * RasGetConnectStatusW, RasEnumConnectionsW, RasEnumEntriesW,
 * RasGetErrorStringW) and the provider table that holds them.
 *
 * Each one checks its arguments without the lock, then runs one locked
 * section (sim_locked) with a single exit.
 *
 * Windows behaviour followed here (sources in the comments at each place):
 * - Dialing an entry that is already being dialed: ERROR_DIAL_ALREADY_IN_
 *   PROGRESS (756), *lphRasConn untouched.
 * - Dialing an entry that is already connected: RAS "referenced
 *   connections".  The RasDial reference page (learn.microsoft.com,
 *   nf-ras-rasdiala, Remarks) says that if the entry is already connected,
 *   RasDial returns success and the connection is referenced; each
 *   successful RasDial of the same entry should be matched by a RasHangUp.
 *   DotRas issue #24 ("HangUp always closes all referenced connections",
 *   github.com/DotRas/DotRas/issues/24) is a consequence of this.  So the
 *   simulator returns 0, stores the existing connection's handle, counts a
 *   reference, and RasHangUpW only disconnects when the last reference goes.
 *   With a notifier, the new dial gets a single RASCS_Connected
 *   notification (error 0) carrying its own dwCallbackId, so a caller
 *   waiting for a terminal state sees one.  (Windows' exact notification
 *   behaviour for a referenced dial is not documented; this is our choice.)
 *   rf_sim_set_duplicate_dials(1) turns all this off: every dial of an entry
 *   then gets a connection of its own (stress tests, benchmarks).
 * - RasEnumConnections "lists all active RAS connections": we list dials in
 *   progress, paused and connected ones (not failed ones, not hung-up ones).
 * - RasGetErrorString: ras_errors.c.
 * - Enumerations: a buffer too small gives ERROR_BUFFER_TOO_SMALL (603)
 *   with *lpcb = bytes needed and the count (nf-ras-rasenumconnectionsa,
 *   nf-ras-rasenumentriesa); NULL buffer with *lpcb == 0 asks for the size.
 *   With nothing to list the answer is 0 with a count of 0 (Microsoft's
 *   sample code for both functions prints "no connections/entries" on that
 *   branch rather than on ERROR_BUFFER_TOO_SMALL).
 *
 * - Structure versions: every dwSize of csrc/ras_abi.h's RF_*_SIZE_* lists
 *   (WINVER 0x400 on) is accepted, anything else is ERROR_INVALID_SIZE
 *   (632).  What is read or filled is the caller's version: older versions
 *   are prefixes of newer ones, so a structure is filled in full and copied
 *   up to the caller's dwSize.  The elements of an enumeration's array have
 *   the size of the first one's dwSize.
 * - Notifiers: types 0 (RasDialFunc), 1 (RasDialFunc1), 2 (RasDialFunc2)
 *   and 0xFFFFFFFF (lpvNotifier is an HWND, which must be a window:
 *   ERROR_INVALID_PARAMETER otherwise, and always where there are no
 *   windows); a NULL notifier is a synchronous dial whatever the type; any
 *   other type with a notifier is ERROR_INVALID_PARAMETER (87).
 *
 * Simulator choices (not Windows facts):
 * - A table full of connections: ERROR_PORT_NOT_AVAILABLE (633).
 * - A synchronous dial (NULL notifier) that is hung up from another thread
 *   returns ERROR_USER_DISCONNECTION (631); it never honours paused states.
 * - Resuming a handle that is not paused: ERROR_INVALID_PARAMETER (87).
 * - RasDialW from inside a notifier (of any type, any connection), a new
 *   dial or a resume: ERROR_INVALID_PARAMETER (87) at once.  The seed page
 *   (RasDialFunc) forbids the call without saying what Windows answers; 87
 *   is what resuming from inside always answered here, and one code for
 *   "not allowed from here" whatever the arguments keeps it simple to
 *   check.  Never a deadlock: nothing waits.
 * - RASCONNSTATUSW 0x601: the endpoints are IPv4 documentation addresses
 *   once a VPN's tunnel is up (sim_pbe_endpoints), unknown for a modem and
 *   before; rasconnsubstate is RASCSS_None (no IKEv2 reconnects here).
 * - RASCONNW 0x600: guidCorrelationId is a random GUID per connection.
 * - Enumerations asked for the size with no buffer answer with the newest
 *   element size (enough for any caller). */
#include <string.h>

#include "sim_internal.h"

/* ------------------------------------------------------------------------
 * RasDialW
 * ---------------------------------------------------------------------- */
/* What RasDialW read from its arguments, whatever their versions. */
typedef struct dial_call {
    const rf_wchar *entry;         /* szEntryName (NUL inside checked) */
    const rf_wchar *password;      /* szPassword (compared, never kept) */
    const rf_wchar *phonebook;     /* lpszPhonebook: which phonebook has the entry */
    int has_ext;                   /* RASDIALEXTENSIONS given: options apply */
    uint32_t options;
    sim_notifier notifier;
    uint64_t caller;               /* sim_caller_serial() for async dials */
    rf_hrasconn *hrasconn;
} dial_call;

static void take_notifier(sim_conn *c, const dial_call *d)
{
    c->notifier = d->notifier;
    c->caller = d->caller;
    c->notify_on = 1;
    c->sync = d->notifier.fn ? 0 : 1;
}

/* RasDialW with the handle of a paused dial: resume it. */
static uint32_t dial_resume(const dial_call *d)
{
    rf_hrasconn h = *d->hrasconn;
    sim_conn *c = sim_conn_lookup(h);
    if (!c) return RF_ERROR_INVALID_HANDLE;
    if (c->busy) {
        /* A notifier call is in progress on a RAS thread (not ours: RasDialW
         * refuses calls from inside a notifier). */
        sim_conn_wait_idle(c, h);
        if (sim_conn_lookup(h) != c) return RF_ERROR_INVALID_HANDLE;
    }
    if (c->phase != SIM_PAUSED) return RF_ERROR_INVALID_PARAMETER;
    if (d->has_ext) c->options = d->options;
    const rf_wchar *password = d->password;
    if (c->e->pub.checks_password && password[0]) {
        if (c->state == RF_RASCS_PasswordExpired) {
            sim_pbe_set_password(c->e, password);   /* the server takes it from now on */
            c->auth_bad = 0;
        } else {
            c->auth_bad = (uint8_t)sim_pbe_password_rejected(c->e, password);
        }
    }
    c->phase = SIM_DIALING;
    take_notifier(c, d);
    if (c->sync) return sim_walk_sync(c);
    if (!sim_walk_start(c, sim_step_delay(c->e->pub.profile))) {
        c->phase = SIM_PAUSED;
        return RF_ERROR_NOT_ENOUGH_MEMORY;
    }
    return 0;
}

/* RasDialW of an entry that has a dial already (duplicate dials off): a
 * referenced connection when that one is connected (see the top). */
static uint32_t dial_again(sim_conn *c, const dial_call *d)
{
    if (c->phase != SIM_CONNECTED) return RF_ERROR_DIAL_ALREADY_IN_PROGRESS;
    if (d->notifier.fn && !sim_note_reference(c, d->notifier))
        return RF_ERROR_NOT_ENOUGH_MEMORY;
    c->refs++;
    *d->hrasconn = sim_conn_handle(c);
    return 0;
}

static uint32_t dial_new(sim_pbe *e, const dial_call *d)
{
    sim_conn *c;
    uint32_t err = sim_conn_open(e, d->notifier.fn != NULL, &c);
    if (err) return err;
    c->options = d->options;
    take_notifier(c, d);
    c->auth_bad = (uint8_t)sim_pbe_dial_rejected(e, d->password);
    if (!sim_settings_locked()->duplicates) e->active = c;
    /* The handle is stored before the first notification can be made. */
    *d->hrasconn = sim_conn_handle(c);
    if (c->sync) return sim_walk_sync(c);
    if (!sim_walk_start(c, 0)) {
        /* Out of memory for the timer: fail like a dial that ended at once. */
        sim_conn_fail(c, RF_ERROR_NOT_ENOUGH_MEMORY);
        return RF_ERROR_NOT_ENOUGH_MEMORY;
    }
    return 0;
}

static uint32_t dial_locked(void *arg)
{
    const dial_call *d = (const dial_call *)arg;
    if (*d->hrasconn) return dial_resume(d);
    const uint16_t *name = d->entry;
    uint32_t book;
    uint32_t err = sim_pb_book(d->phonebook, &book);
    if (err) return err;
    sim_pbe *e = name[0] ? sim_pb_find_in(book, name) : NULL;
    if (!e) return RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
    if (e->active && !sim_settings_locked()->duplicates) return dial_again(e->active, d);
    return dial_new(e, d);
}

static int size_known(uint32_t size, const size_t *sizes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (size == sizes[i]) return 1;
    return 0;
}
#define SIZE_KNOWN(size, sizes) size_known((size), (sizes), sizeof(sizes) / sizeof *(sizes))

static const size_t k_dialparams_sizes[] = {
    RF_RASDIALPARAMSW_SIZE_0400, RF_RASDIALPARAMSW_SIZE_0401, RF_RASDIALPARAMSW_SIZE_0601,
    RF_RASDIALPARAMSW_SIZE_0602,
};
static const size_t k_dialext_sizes[] = {
    RF_RASDIALEXTENSIONS_SIZE_0400, RF_RASDIALEXTENSIONS_SIZE_0500,
    RF_RASDIALEXTENSIONS_SIZE_0601,
};

static int notifier_ok(uint32_t type, void *notifier)
{
    switch (type) {
    case RF_RAS_NOTIFIER_RASDIALFUNC:
    case RF_RAS_NOTIFIER_RASDIALFUNC1:
    case RF_RAS_NOTIFIER_RASDIALFUNC2: return 1;
    case RF_RAS_NOTIFIER_HWND: return rf_window_exists(notifier);
    default: return 0;
    }
}

static uint32_t RF_WINAPI sim_RasDialW(RF_RASDIALEXTENSIONS *ext, const rf_wchar *phonebook,
                                       RF_RASDIALPARAMSW *params, uint32_t notifier_type,
                                       void *notifier, rf_hrasconn *hrasconn)
{
    if (!params || !hrasconn) return RF_ERROR_INVALID_PARAMETER;
    if (sim_in_notifier()) return RF_ERROR_INVALID_PARAMETER;   /* see the top */
    if (!SIZE_KNOWN(params->dwSize, k_dialparams_sizes)) return RF_ERROR_INVALID_SIZE;
    if (ext && !SIZE_KNOWN(ext->dwSize, k_dialext_sizes)) return RF_ERROR_INVALID_SIZE;
    if (notifier && !notifier_ok(notifier_type, notifier)) return RF_ERROR_INVALID_PARAMETER;
    if (sim_wlen_max(params->szEntryName, RF_RAS_MaxEntryName) > RF_RAS_MaxEntryName)
        return RF_ERROR_INVALID_PARAMETER;
    dial_call d;
    memset(&d, 0, sizeof d);
    d.entry = params->szEntryName;
    d.password = params->szPassword;
    d.phonebook = phonebook;
    d.has_ext = ext != NULL;
    d.options = ext ? ext->dwfOptions : 0;
    d.notifier.type = notifier_type;
    d.notifier.fn = notifier;
    /* dwCallbackId is in every version but Windows NT 4's. */
    if (params->dwSize >= RF_RASDIALPARAMSW_SIZE_0401) d.notifier.callback_id = params->dwCallbackId;
    d.caller = notifier ? sim_caller_serial() : 0;
    d.hrasconn = hrasconn;
    return sim_locked(dial_locked, &d);
}

/* ------------------------------------------------------------------------
 * RasHangUpW, RasGetConnectStatusW
 * ---------------------------------------------------------------------- */
static uint32_t hangup_locked(void *arg)
{
    rf_hrasconn h = (rf_hrasconn)arg;
    sim_conn *c = sim_conn_lookup(h);
    if (!c) return RF_ERROR_INVALID_HANDLE;
    if (c->phase == SIM_HUNGUP) return 0;
    if (c->phase == SIM_CONNECTED && c->refs > 1) {
        c->refs--;                 /* a referenced connection: one reference less */
        return 0;
    }
    sim_conn_hangup(c, h);
    return 0;
}

static uint32_t RF_WINAPI sim_RasHangUpW(rf_hrasconn h)
{
    return sim_locked(hangup_locked, h);
}

static const size_t k_status_sizes[] = {
    RF_RASCONNSTATUSW_SIZE_0400, RF_RASCONNSTATUSW_SIZE_0401, RF_RASCONNSTATUSW_SIZE_0601,
};

typedef struct status_call {
    rf_hrasconn h;
    RF_RASCONNSTATUSW_0601 full;   /* filled here, copied out at the caller's size */
} status_call;

static uint32_t status_locked(void *arg)
{
    status_call *s = (status_call *)arg;
    sim_conn *c = sim_conn_lookup(s->h);
    if (!c) return RF_ERROR_INVALID_HANDLE;
    /* Dropped with no reason given: all Windows often says (sim_link.c). */
    if (c->phase == SIM_DROPPED && c->error == 0) return RF_ERROR_INVALID_HANDLE;
    s->full.rasconnstate = c->state;
    s->full.dwError = c->error;
    sim_pbe_device(c->e, s->full.szDeviceType, s->full.szDeviceName);
    sim_pbe_phone_number_w(c->e, s->full.szPhoneNumber, RF_RAS_MaxPhoneNumber + 1);
    if (c->tunnel_up && c->phase != SIM_HUNGUP)
        sim_pbe_endpoints(c->e, (uint32_t)((uintptr_t)s->h & 0xFFFFu), &s->full.localEndPoint,
                          &s->full.remoteEndPoint);
    s->full.rasconnsubstate = RF_RASCSS_None;
    return 0;
}

static uint32_t RF_WINAPI sim_RasGetConnectStatusW(rf_hrasconn h, RF_RASCONNSTATUSW *st)
{
    if (!st) return RF_ERROR_INVALID_PARAMETER;
    uint32_t size = st->dwSize;
    if (!SIZE_KNOWN(size, k_status_sizes)) return RF_ERROR_INVALID_SIZE;
    status_call s;
    memset(&s, 0, sizeof s);
    s.h = h;
    uint32_t rc = sim_locked(status_locked, &s);
    if (rc) return rc;
    s.full.dwSize = size;
    memcpy(st, &s.full, size);
    return 0;
}

/* ------------------------------------------------------------------------
 * Enumerations
 * ---------------------------------------------------------------------- */
typedef struct enum_call {
    const rf_wchar *phonebook;     /* RasEnumEntriesW's */
    void *items;
    size_t item_size;              /* the caller's version */
    uint32_t *cb;
    uint32_t *count;
} enum_call;

/* The element size of an enumeration's array: the first element's dwSize
 * when there is a buffer to read it from, else the newest size.  0 when the
 * dwSize is not one of sizes. */
static size_t item_size_of(const void *items, uint32_t cb, const size_t *sizes, size_t n)
{
    if (!items || cb < sizeof(uint32_t)) return sizes[n - 1];
    uint32_t size;
    memcpy(&size, items, sizeof size);
    return size_known(size, sizes, n) ? size : 0;
}

/* Both enumerations answer alike: the count and size needed always, 603
 * when there is something to list and no room for it. */
static int enum_fits(const enum_call *a, uint32_t n)
{
    uint64_t need = (uint64_t)n * a->item_size;
    uint32_t have = *a->cb;
    *a->cb = (uint32_t)need;
    *a->count = n;
    return !n || (a->items && have >= need);
}

static int listed(const sim_conn *c)
{
    return c->phase == SIM_DIALING || c->phase == SIM_PAUSED || c->phase == SIM_CONNECTED;
}

static uint32_t enum_connections_locked(void *arg)
{
    const enum_call *a = (const enum_call *)arg;
    uint32_t n = 0;
    for (const sim_conn *c = sim_conn_next(NULL); c; c = sim_conn_next(c)) n += listed(c);
    if (!enum_fits(a, n)) return RF_ERROR_BUFFER_TOO_SMALL;
    unsigned char *o = (unsigned char *)a->items;
    for (const sim_conn *c = sim_conn_next(NULL); c; c = sim_conn_next(c)) {
        if (!listed(c)) continue;
        RF_RASCONNW_0600 full;
        memset(&full, 0, sizeof full);   /* szPhonebook, dwSubEntry, dwFlags: 0 */
        full.dwSize = (uint32_t)a->item_size;
        full.hrasconn = sim_conn_handle(c);
        sim_wcopy(full.szEntryName, RF_RAS_MaxEntryName + 1, c->e->pub.name);
        sim_pbe_device(c->e, full.szDeviceType, full.szDeviceName);
        full.guidCorrelationId = c->correlation;
        memcpy(o, &full, a->item_size);
        o += a->item_size;
    }
    return 0;
}

static const size_t k_conn_sizes[] = {
    RF_RASCONNW_SIZE_0400, RF_RASCONNW_SIZE_0401, RF_RASCONNW_SIZE_0500,
    RF_RASCONNW_SIZE_0501, RF_RASCONNW_SIZE_0600,
};

static uint32_t RF_WINAPI sim_RasEnumConnectionsW(RF_RASCONNW *conns, uint32_t *cb, uint32_t *count)
{
    if (!cb || !count) return RF_ERROR_INVALID_PARAMETER;
    size_t size = item_size_of(conns, *cb, k_conn_sizes, sizeof k_conn_sizes / sizeof *k_conn_sizes);
    if (!size) return RF_ERROR_INVALID_SIZE;
    enum_call a = { NULL, conns, size, cb, count };
    return sim_locked(enum_connections_locked, &a);
}

static uint32_t enum_entries_locked(void *arg)
{
    const enum_call *a = (const enum_call *)arg;
    uint32_t book;
    uint32_t err = sim_pb_book(a->phonebook, &book);
    if (err) return err;
    uint32_t total = sim_pb_count(), n = 0;
    for (uint32_t i = 0; i < total; i++) n += sim_pb_at(i)->book == book;
    if (!enum_fits(a, n)) return RF_ERROR_BUFFER_TOO_SMALL;
    unsigned char *o = (unsigned char *)a->items;
    for (uint32_t i = 0; i < total; i++) {
        const sim_pbe *e = sim_pb_at(i);
        if (e->book != book) continue;
        RF_RASENTRYNAMEW full;
        memset(&full, 0, sizeof full);   /* dwFlags 0 (REN_User) */
        full.dwSize = (uint32_t)a->item_size;
        sim_wcopy(full.szEntryName, RF_RAS_MaxEntryName + 1, e->pub.name);
        if (a->phonebook) sim_wcopy(full.szPhonebookPath, RF_MAX_PATH + 1, a->phonebook);
        memcpy(o, &full, a->item_size);
        o += a->item_size;
    }
    return 0;
}

static const size_t k_entryname_sizes[] = { RF_RASENTRYNAMEW_SIZE_0400, RF_RASENTRYNAMEW_SIZE_0500 };

static uint32_t RF_WINAPI sim_RasEnumEntriesW(const rf_wchar *reserved, const rf_wchar *phonebook,
                                              RF_RASENTRYNAMEW *entries, uint32_t *cb,
                                              uint32_t *count)
{
    if (reserved || !cb || !count) return RF_ERROR_INVALID_PARAMETER;
    size_t size = item_size_of(entries, *cb, k_entryname_sizes,
                               sizeof k_entryname_sizes / sizeof *k_entryname_sizes);
    if (!size) return RF_ERROR_INVALID_SIZE;
    enum_call a = { phonebook, entries, size, cb, count };
    return sim_locked(enum_entries_locked, &a);
}

/* ------------------------------------------------------------------------
 * RasGetErrorStringW, the table
 * ---------------------------------------------------------------------- */
static uint32_t RF_WINAPI sim_RasGetErrorStringW(uint32_t code, rf_wchar *buf, uint32_t cch)
{
    return rf_ras_error_text(code, buf, cch);
}

static const rf_provider k_sim_provider = {
    .name = "sim",
    .RasDialW = sim_RasDialW,
    .RasHangUpW = sim_RasHangUpW,
    .RasGetConnectStatusW = sim_RasGetConnectStatusW,
    .RasEnumConnectionsW = sim_RasEnumConnectionsW,
    .RasEnumEntriesW = sim_RasEnumEntriesW,
    .RasGetErrorStringW = sim_RasGetErrorStringW,
    .RasValidateEntryNameW = sim_RasValidateEntryNameW,
    .RasGetEntryPropertiesW = sim_RasGetEntryPropertiesW,
    .RasSetEntryPropertiesW = sim_RasSetEntryPropertiesW,
    .RasDeleteEntryW = sim_RasDeleteEntryW,
    .RasRenameEntryW = sim_RasRenameEntryW,
    .RasGetCredentialsW = sim_RasGetCredentialsW,
    .RasSetCredentialsW = sim_RasSetCredentialsW,
    .RasGetCustomAuthDataW = sim_RasGetCustomAuthDataW,
    .RasSetCustomAuthDataW = sim_RasSetCustomAuthDataW,
    .RasConnectionNotificationW = sim_RasConnectionNotificationW,
    .RasGetConnectionStatistics = sim_RasGetConnectionStatistics,
    .RasGetLinkStatistics = sim_RasGetLinkStatistics,
    .RasClearConnectionStatistics = sim_RasClearConnectionStatistics,
    .RasClearLinkStatistics = sim_RasClearLinkStatistics,
    .RasGetProjectionInfoW = sim_RasGetProjectionInfoW,
    .RasGetProjectionInfoEx = sim_RasGetProjectionInfoEx,
};

const rf_provider *rf_provider_sim(void)
{
    return &k_sim_provider;
}
