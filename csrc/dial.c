/* Dialing through a provider table: fills the RAS structures, calls the
 * provider's rasapi32-shaped functions, wipes secrets.  The same code runs
 * against rasapi32 and against the simulated service. */
#include "rf_dial.h"
#include "rf_watch.h"
#include "dial_thread.h"
#include "rf_slots.h"
#include "ras_abi.h"
#include "platform.h"

#include <stdlib.h>
#include <string.h>

static const rf_provider *provider_for(uint32_t backend, uint32_t *error)
{
    *error = 0;
    switch (backend) {
    case RF_BACKEND_SIM:
        return rf_provider_sim();
    case RF_BACKEND_RASAPI32: {
        const rf_provider *p = rf_provider_rasapi32(error);
        if (!p && !*error) *error = RF_ERROR_CALL_NOT_IMPLEMENTED;
        return p;
    }
    default:
        *error = RF_ERROR_INVALID_PARAMETER;
        return NULL;
    }
}

uint32_t rf_backend_check(uint32_t backend)
{
    uint32_t error;
    return provider_for(backend, &error) ? 0 : error;
}

void *rf_provider_table(uint32_t backend)
{
    uint32_t error;
    return (void *)provider_for(backend, &error);
}

static size_t wlen(const uint16_t *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

/* Copy a NUL-terminated string into a fixed field; too long is an error,
 * never a silent truncation. */
static uint32_t copy_field(rf_wchar *dst, size_t capacity, const uint16_t *src)
{
    if (!src) {
        dst[0] = 0;
        return 0;
    }
    size_t n = wlen(src);
    if (n >= capacity) return RF_ERROR_INVALID_PARAMETER;
    memcpy(dst, src, n * sizeof(rf_wchar));
    dst[n] = 0;
    return 0;
}

#define COPY(field, src) copy_field((field), sizeof(field) / sizeof((field)[0]), (src))

/* One RasDialW, as the dial thread makes it.  Its structures stay on the
 * caller's stack (the caller waits), so the dial thread holds no copy of the
 * password: the caller's wipe covers it. */
typedef struct rasdial_call {
    const rf_provider *p;
    RF_RASDIALEXTENSIONS *ext;
    const uint16_t *phonebook;
    RF_RASDIALPARAMSW *params;
    rf_hrasconn *hrasconn;
} rasdial_call;

static uint32_t call_rasdial(void *arg)
{
    rasdial_call *c = (rasdial_call *)arg;
    return c->p->RasDialW(c->ext, c->phonebook, c->params, 2, rf_notifier_address(),
                          c->hrasconn);
}

/* No password given: what RasGetCredentialsW has saved for the entry (the
 * user name and domain unless given too; for the password, RAS's handle to
 * the saved one, which RasDialW takes in its place). */
static void use_saved_credentials(const rf_provider *p, const rf_dial_request *req,
                                  RF_RASDIALPARAMSW *params)
{
    if (!p->RasGetCredentialsW) return;
    RF_RASCREDENTIALSW c;
    memset(&c, 0, sizeof c);
    c.dwSize = (uint32_t)sizeof c;
    c.dwMask = RF_RASCM_UserName | RF_RASCM_Password | RF_RASCM_Domain;
    if (p->RasGetCredentialsW(req->phonebook, req->entry, &c) == 0) {
        c.szUserName[RF_UNLEN] = c.szPassword[RF_PWLEN] = c.szDomain[RF_DNLEN] = 0;
        if (!req->username && (c.dwMask & RF_RASCM_UserName))
            memcpy(params->szUserName, c.szUserName, sizeof params->szUserName);
        if (!req->domain && (c.dwMask & RF_RASCM_Domain))
            memcpy(params->szDomain, c.szDomain, sizeof params->szDomain);
        if (c.dwMask & RF_RASCM_Password)
            memcpy(params->szPassword, c.szPassword, sizeof params->szPassword);
    }
    rf_secure_wipe(&c, sizeof c);
}

uint32_t rf_dial(uint32_t backend, rf_dial_request *req, uint64_t callback_id, uint64_t *hconn)
{
    RF_RASDIALPARAMSW params;
    RF_RASDIALEXTENSIONS ext;
    uint32_t rc;
    int track = 0;
    const rf_provider *p = provider_for(backend, &rc);
    memset(&params, 0, sizeof params);
    if (!p) goto done;
    if (!req->entry || (uint64_t)(uintptr_t)callback_id != callback_id) {
        rc = RF_ERROR_INVALID_PARAMETER;
        goto done;
    }
    params.dwSize = (uint32_t)sizeof params;
    if ((rc = COPY(params.szEntryName, req->entry)) != 0
        || (rc = COPY(params.szPhoneNumber, req->phone_number)) != 0
        || (rc = COPY(params.szCallbackNumber, req->callback_number)) != 0
        || (rc = COPY(params.szUserName, req->username)) != 0
        || (rc = COPY(params.szPassword, req->password)) != 0
        || (rc = COPY(params.szDomain, req->domain)) != 0)
        goto done;
    if (!req->password && !*hconn) use_saved_credentials(p, req, &params);
    params.dwSubEntry = req->subentry;
    params.dwCallbackId = (uintptr_t)callback_id;

    memset(&ext, 0, sizeof ext);
    ext.dwSize = (uint32_t)sizeof ext;
    ext.dwfOptions = req->options;

    rf_hrasconn h = (rf_hrasconn)(uintptr_t)*hconn;
    /* RAS requires the thread that called RasDial to live until the dial
     * ends; the caller's (a Python thread-pool worker, say) may not, unless
     * it is the process's main thread: the hand-off costs a wake-up of the
     * dial thread per dial (bench/PERFORMANCE.md, "dial() per call"). */
    rasdial_call call = {p, &ext, req->phonebook, &params, &h};
    int resume = *hconn != 0;
    rc = req->caller_outlives_dials ? call_rasdial(&call) : rf_dial_thread_run(call_rasdial, &call);
    *hconn = (uint64_t)(uintptr_t)h;
    track = rc == 0 && req->track_drop && !resume;
done:
    /* RAS has copied what it needs: no copy of the password outlives us,
     * not even while the watcher starts (a thread, maybe a wait). */
    rf_secure_wipe(params.szPassword, sizeof params.szPassword);
    if (req->password) rf_secure_wipe(req->password, (size_t)req->password_len * sizeof(uint16_t));
    if (track && rf_watch_start(backend) == 0) rf_watch_track(backend, callback_id);
    return rc;
}

uint32_t rf_hangup(uint32_t backend, uint64_t hconn)
{
    uint32_t rc;
    const rf_provider *p = provider_for(backend, &rc);
    if (!p) return rc;
    return p->RasHangUpW((rf_hrasconn)(uintptr_t)hconn);
}

uint32_t rf_wait_released(uint32_t backend, uint64_t hconn, int64_t timeout_ns, int64_t poll_ns)
{
    uint32_t rc;
    const rf_provider *p = provider_for(backend, &rc);
    if (!p) return rc;
    if (poll_ns <= 0) poll_ns = 1000000;
    uint64_t deadline = rf_now_ns() + (uint64_t)(timeout_ns > 0 ? timeout_ns : 0);
    /* Start polling fast and back off to poll_ns: a port is often released
     * within microseconds, and thousands of hang-ups wait one after another. */
    uint64_t interval = 20000;
    for (;;) {
        RF_RASCONNSTATUSW st;
        memset(&st, 0, sizeof st);
        st.dwSize = (uint32_t)sizeof st;
        if (p->RasGetConnectStatusW((rf_hrasconn)(uintptr_t)hconn, &st) == RF_ERROR_INVALID_HANDLE)
            return 0;
        uint64_t now = rf_now_ns();
        if (now >= deadline) return RF_ERROR_TIMEOUT;
        uint64_t left = deadline - now;
        rf_sleep_ns(left < interval ? left : interval);
        interval = interval * 2 < (uint64_t)poll_ns ? interval * 2 : (uint64_t)poll_ns;
    }
}

uint32_t rf_get_status(uint32_t backend, uint64_t hconn, rf_conn_status *out)
{
    uint32_t rc;
    const rf_provider *p = provider_for(backend, &rc);
    memset(out, 0, sizeof *out);
    if (!p) return rc;
    RF_RASCONNSTATUSW st;
    memset(&st, 0, sizeof st);
    st.dwSize = (uint32_t)sizeof st;
    rc = p->RasGetConnectStatusW((rf_hrasconn)(uintptr_t)hconn, &st);
    if (rc) return rc;
    out->state = st.rasconnstate;
    out->error = st.dwError;
    memcpy(out->device_type, st.szDeviceType, sizeof out->device_type);
    memcpy(out->device_name, st.szDeviceName, sizeof out->device_name);
    memcpy(out->phone_number, st.szPhoneNumber, sizeof out->phone_number);
    out->device_type[RF_RAS_MaxDeviceType] = out->device_name[RF_RAS_MaxDeviceName] = 0;
    out->phone_number[RF_RAS_MaxPhoneNumber] = 0;
    return 0;
}

/* Call an enumeration with a growing buffer until it fits (Windows answers
 * ERROR_BUFFER_TOO_SMALL with the size it needs in *cb). */
typedef uint32_t (*enum_call)(const rf_provider *p, const uint16_t *phonebook, void *buf,
                              uint32_t *cb, uint32_t *count);

static uint32_t enumerate(const rf_provider *p, const uint16_t *phonebook, enum_call call,
                          size_t item_size, void **items, uint32_t *count)
{
    uint32_t capacity = 16;
    *items = NULL;
    for (int attempt = 0; attempt < 8; attempt++) {
        uint32_t cb = (uint32_t)(capacity * item_size);
        unsigned char *buf = (unsigned char *)calloc(capacity, item_size);
        if (!buf) return RF_ERROR_NOT_ENOUGH_MEMORY;
        /* Windows wants dwSize set in the first element. */
        *(uint32_t *)buf = (uint32_t)item_size;
        *count = 0;
        uint32_t rc = call(p, phonebook, buf, &cb, count);
        if (rc == 0) {
            *items = buf;
            return 0;
        }
        free(buf);
        if (rc != RF_ERROR_BUFFER_TOO_SMALL) return rc;
        uint32_t need = (uint32_t)(cb / item_size) + 1;
        capacity = need > capacity * 2 ? need : capacity * 2;
    }
    return RF_ERROR_BUFFER_TOO_SMALL;
}

static uint32_t call_enum_connections(const rf_provider *p, const uint16_t *phonebook, void *buf,
                                      uint32_t *cb, uint32_t *count)
{
    (void)phonebook;
    return p->RasEnumConnectionsW((RF_RASCONNW *)buf, cb, count);
}

static uint32_t call_enum_entries(const rf_provider *p, const uint16_t *phonebook, void *buf,
                                  uint32_t *cb, uint32_t *count)
{
    return p->RasEnumEntriesW(NULL, phonebook, (RF_RASENTRYNAMEW *)buf, cb, count);
}

uint32_t rf_enum_connections(uint32_t backend, rf_conn_info *out, uint32_t max, uint32_t *count)
{
    uint32_t rc;
    const rf_provider *p = provider_for(backend, &rc);
    *count = 0;
    if (!p) return rc;
    void *items;
    rc = enumerate(p, NULL, call_enum_connections, sizeof(RF_RASCONNW), &items, count);
    if (rc) return rc;
    RF_RASCONNW *conns = (RF_RASCONNW *)items;
    for (uint32_t i = 0; i < *count && i < max; i++) {
        memset(&out[i], 0, sizeof out[i]);
        out[i].hconn = (uint64_t)(uintptr_t)conns[i].hrasconn;
        out[i].subentry = conns[i].dwSubEntry;
        out[i].flags = conns[i].dwFlags;
        memcpy(out[i].entry, conns[i].szEntryName, sizeof out[i].entry);
        memcpy(out[i].device_type, conns[i].szDeviceType, sizeof out[i].device_type);
        memcpy(out[i].device_name, conns[i].szDeviceName, sizeof out[i].device_name);
        memcpy(out[i].phonebook, conns[i].szPhonebook, sizeof out[i].phonebook);
        out[i].entry[RF_RAS_MaxEntryName] = out[i].device_type[RF_RAS_MaxDeviceType] = 0;
        out[i].device_name[RF_RAS_MaxDeviceName] = out[i].phonebook[RF_MAX_PATH - 1] = 0;
    }
    free(items);
    return 0;
}

uint32_t rf_enum_entries(uint32_t backend, const uint16_t *phonebook, rf_entry_info *out,
                         uint32_t max, uint32_t *count)
{
    uint32_t rc;
    const rf_provider *p = provider_for(backend, &rc);
    *count = 0;
    if (!p) return rc;
    void *items;
    rc = enumerate(p, phonebook, call_enum_entries, sizeof(RF_RASENTRYNAMEW), &items, count);
    if (rc) return rc;
    RF_RASENTRYNAMEW *entries = (RF_RASENTRYNAMEW *)items;
    for (uint32_t i = 0; i < *count && i < max; i++) {
        memset(&out[i], 0, sizeof out[i]);
        out[i].flags = entries[i].dwFlags;
        memcpy(out[i].name, entries[i].szEntryName, sizeof out[i].name);
        memcpy(out[i].phonebook, entries[i].szPhonebookPath, sizeof out[i].phonebook);
        out[i].name[RF_RAS_MaxEntryName] = out[i].phonebook[RF_MAX_PATH] = 0;
    }
    free(items);
    return 0;
}

uint32_t rf_error_string(uint32_t backend, uint32_t code, uint16_t *buf, uint32_t cch)
{
    uint32_t rc;
    const rf_provider *p = provider_for(backend, &rc);
    if (!p) return rc;
    if (!buf || cch == 0) return RF_ERROR_INVALID_PARAMETER;
    buf[0] = 0;
    return p->RasGetErrorStringW(code, buf, cch);
}
