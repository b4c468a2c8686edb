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
 * Simulator choices (not Windows facts):
 * - A table full of connections: ERROR_PORT_NOT_AVAILABLE (633).
 * - A synchronous dial (NULL notifier) that is hung up from another thread
 *   returns ERROR_USER_DISCONNECTION (631); it never honours paused states.
 * - Resuming a handle that is not paused: ERROR_INVALID_PARAMETER (87), also
 *   when RasDialW is called from inside that connection's notifier. */
#include <string.h>

#include "sim_internal.h"

/* ------------------------------------------------------------------------
 * RasDialW
 * ---------------------------------------------------------------------- */
typedef struct dial_call {
    const RF_RASDIALPARAMSW *params;
    int has_ext;                   /* RASDIALEXTENSIONS given: options apply */
    uint32_t options;
    RF_RASDIALFUNC2 notifier;
    rf_hrasconn *hrasconn;
} dial_call;

static void take_notifier(sim_conn *c, const dial_call *d)
{
    c->notifier = d->notifier;
    c->callback_id = d->params->dwCallbackId;
    c->notify_on = 1;
    c->sync = d->notifier ? 0 : 1;
}

/* RasDialW with the handle of a paused dial: resume it. */
static uint32_t dial_resume(const dial_call *d)
{
    rf_hrasconn h = *d->hrasconn;
    sim_conn *c = sim_conn_lookup(h);
    if (!c) return RF_ERROR_INVALID_HANDLE;
    if (c->busy) {
        /* A notifier call is in progress: from inside one we cannot wait. */
        if (sim_in_notifier()) return RF_ERROR_INVALID_PARAMETER;
        sim_conn_wait_idle(c, h);
        if (sim_conn_lookup(h) != c) return RF_ERROR_INVALID_HANDLE;
    }
    if (c->phase != SIM_PAUSED) return RF_ERROR_INVALID_PARAMETER;
    if (d->has_ext) c->options = d->options;
    const rf_wchar *password = d->params->szPassword;
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
    if (d->notifier && !sim_note_reference(c, d->notifier, d->params->dwCallbackId))
        return RF_ERROR_NOT_ENOUGH_MEMORY;
    c->refs++;
    *d->hrasconn = sim_conn_handle(c);
    return 0;
}

static uint32_t dial_new(sim_pbe *e, const dial_call *d)
{
    sim_conn *c;
    uint32_t err = sim_conn_open(e, d->notifier != NULL, &c);
    if (err) return err;
    c->options = d->options;
    take_notifier(c, d);
    c->auth_bad = (uint8_t)sim_pbe_password_rejected(e, d->params->szPassword);
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
    const uint16_t *name = d->params->szEntryName;
    sim_pbe *e = name[0] ? sim_pb_find(name) : NULL;
    if (!e) return RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
    if (e->active && !sim_settings_locked()->duplicates) return dial_again(e->active, d);
    return dial_new(e, d);
}

static uint32_t RF_WINAPI sim_RasDialW(RF_RASDIALEXTENSIONS *ext, const rf_wchar *phonebook,
                                       RF_RASDIALPARAMSW *params, uint32_t notifier_type,
                                       void *notifier, rf_hrasconn *hrasconn)
{
    (void)phonebook;               /* one simulated phonebook */
    if (!params || !hrasconn) return RF_ERROR_INVALID_PARAMETER;
    if (params->dwSize != sizeof(RF_RASDIALPARAMSW) &&
        params->dwSize != RF_RASDIALPARAMSW_V1_SIZE)
        return RF_ERROR_INVALID_SIZE;
    if (ext && ext->dwSize != sizeof(RF_RASDIALEXTENSIONS)) return RF_ERROR_INVALID_SIZE;
    if (notifier && notifier_type != 2) return RF_ERROR_INVALID_PARAMETER;
    if (sim_wlen_max(params->szEntryName, RF_RAS_MaxEntryName) > RF_RAS_MaxEntryName)
        return RF_ERROR_INVALID_PARAMETER;
    dial_call d = {
        params, ext != NULL, ext ? ext->dwfOptions : 0, (RF_RASDIALFUNC2)notifier, hrasconn,
    };
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

typedef struct status_call {
    rf_hrasconn h;
    RF_RASCONNSTATUSW *st;
} status_call;

static uint32_t status_locked(void *arg)
{
    status_call *s = (status_call *)arg;
    const sim_conn *c = sim_conn_lookup(s->h);
    if (!c) return RF_ERROR_INVALID_HANDLE;
    s->st->rasconnstate = c->state;
    s->st->dwError = c->error;
    sim_pbe_device(c->e, s->st->szDeviceType, s->st->szDeviceName);
    sim_wcopy_ascii(s->st->szPhoneNumber, RF_RAS_MaxPhoneNumber + 1,
                    sim_pbe_phone_number(c->e));
    return 0;
}

static uint32_t RF_WINAPI sim_RasGetConnectStatusW(rf_hrasconn h, RF_RASCONNSTATUSW *st)
{
    if (!st) return RF_ERROR_INVALID_PARAMETER;
    if (st->dwSize != sizeof(RF_RASCONNSTATUSW)) return RF_ERROR_INVALID_SIZE;
    status_call s = { h, st };
    return sim_locked(status_locked, &s);
}

/* ------------------------------------------------------------------------
 * Enumerations
 * ---------------------------------------------------------------------- */
typedef struct enum_call {
    void *items;
    uint32_t *cb;
    uint32_t *count;
} enum_call;

/* Both enumerations answer alike: the count and size needed always, 603
 * when there is something to list and no room for it. */
static int enum_fits(const enum_call *a, uint32_t n, size_t item_size)
{
    uint64_t need = (uint64_t)n * item_size;
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
    if (!enum_fits(a, n, sizeof(RF_RASCONNW))) return RF_ERROR_BUFFER_TOO_SMALL;
    RF_RASCONNW *o = (RF_RASCONNW *)a->items;
    for (const sim_conn *c = sim_conn_next(NULL); c; c = sim_conn_next(c)) {
        if (!listed(c)) continue;
        memset(o, 0, sizeof *o);   /* szPhonebook, dwSubEntry, dwFlags: 0 */
        o->dwSize = sizeof(RF_RASCONNW);
        o->hrasconn = sim_conn_handle(c);
        sim_wcopy(o->szEntryName, RF_RAS_MaxEntryName + 1, c->e->pub.name);
        sim_pbe_device(c->e, o->szDeviceType, o->szDeviceName);
        o++;
    }
    return 0;
}

static uint32_t RF_WINAPI sim_RasEnumConnectionsW(RF_RASCONNW *conns, uint32_t *cb, uint32_t *count)
{
    if (!cb || !count) return RF_ERROR_INVALID_PARAMETER;
    if (conns && *cb >= sizeof(uint32_t) && conns[0].dwSize != sizeof(RF_RASCONNW))
        return RF_ERROR_INVALID_SIZE;
    enum_call a = { conns, cb, count };
    return sim_locked(enum_connections_locked, &a);
}

static uint32_t enum_entries_locked(void *arg)
{
    const enum_call *a = (const enum_call *)arg;
    uint32_t n = sim_pb_count();
    if (!enum_fits(a, n, sizeof(RF_RASENTRYNAMEW))) return RF_ERROR_BUFFER_TOO_SMALL;
    RF_RASENTRYNAMEW *o = (RF_RASENTRYNAMEW *)a->items;
    for (uint32_t i = 0; i < n; i++, o++) {
        memset(o, 0, sizeof *o);   /* dwFlags 0 (REN_User), szPhonebookPath empty */
        o->dwSize = sizeof(RF_RASENTRYNAMEW);
        sim_wcopy(o->szEntryName, RF_RAS_MaxEntryName + 1, sim_pb_at(i)->pub.name);
    }
    return 0;
}

static uint32_t RF_WINAPI sim_RasEnumEntriesW(const rf_wchar *reserved, const rf_wchar *phonebook,
                                              RF_RASENTRYNAMEW *entries, uint32_t *cb,
                                              uint32_t *count)
{
    (void)phonebook;
    if (reserved || !cb || !count) return RF_ERROR_INVALID_PARAMETER;
    if (entries && *cb >= sizeof(uint32_t) && entries[0].dwSize != sizeof(RF_RASENTRYNAMEW))
        return RF_ERROR_INVALID_SIZE;
    enum_call a = { entries, cb, count };
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
    "sim",
    sim_RasDialW,
    sim_RasHangUpW,
    sim_RasGetConnectStatusW,
    sim_RasEnumConnectionsW,
    sim_RasEnumEntriesW,
    sim_RasGetErrorStringW,
};

const rf_provider *rf_provider_sim(void)
{
    return &k_sim_provider;
}
