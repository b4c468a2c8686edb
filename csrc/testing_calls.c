/* rasfast._testing's single calls into rasfast._native: one notification of
 * the shim (rf_notify), one RasDialW of the simulated service with any
 * notifier (rf_sim_dial_raw), and RasDialW timed directly and through the
 * dial thread (rf_test_dial_handoff). */
#include <stdlib.h>
#include <string.h>

#include "rf_testing.h"
#include "testing_link.h"
#include "platform.h"

uint32_t rf_notify(uint64_t callback_id, uint32_t subentry, uint64_t hconn, uint32_t message,
                   uint32_t state, uint32_t error, uint32_t extended_error)
{
    rf_testing_link link;
    if (!rf_testing_link_get(&link)) return 0;
    return link.notifier((uintptr_t)callback_id, subentry, (rf_hrasconn)(uintptr_t)hconn,
                         message, state, error, extended_error);
}

uint32_t rf_sim_dial_raw(const uint16_t *entry, void *notifier, uint64_t callback_id,
                         uint32_t options, uint64_t *hconn)
{
    if (!entry || !hconn) return RF_ERROR_INVALID_PARAMETER;
    size_t len = 0;
    while (len <= RF_RAS_MaxEntryName && entry[len]) len++;
    if (len > RF_RAS_MaxEntryName) return RF_ERROR_INVALID_PARAMETER;
    rf_testing_link link;
    if (!rf_testing_link_get(&link)) return RF_ERROR_CALL_NOT_IMPLEMENTED;

    RF_RASDIALPARAMSW *p = (RF_RASDIALPARAMSW *)calloc(1, sizeof *p);
    if (!p) return RF_ERROR_NOT_ENOUGH_MEMORY;
    p->dwSize = sizeof *p;
    memcpy(p->szEntryName, entry, len * sizeof *entry);
    p->dwCallbackId = (uintptr_t)callback_id;
    RF_RASDIALEXTENSIONS ext;
    memset(&ext, 0, sizeof ext);
    ext.dwSize = sizeof ext;
    ext.dwfOptions = options;
    rf_hrasconn h = (rf_hrasconn)(uintptr_t)*hconn;
    uint32_t rc = link.sim->RasDialW(&ext, NULL, p, 2, notifier, &h);
    free(p);
    *hconn = (uint64_t)(uintptr_t)h;
    return rc;
}

/* The hand-off measurement's RasDialW: the same structures either way. */
typedef struct handoff_call {
    const rf_provider *sim;
    RF_RASDIALEXTENSIONS *ext;
    RF_RASDIALPARAMSW *params;
    rf_hrasconn h;
} handoff_call;

/* Keeps notifications coming and costs nothing, so the walk of each dial
 * happens as with the shim. */
static uint32_t RF_WINAPI quiet_notifier(uintptr_t cb, uint32_t sub, rf_hrasconn h, uint32_t msg,
                                         uint32_t state, uint32_t error, uint32_t ext)
{
    (void)cb, (void)sub, (void)h, (void)msg, (void)state, (void)error, (void)ext;
    return 1;
}

static uint32_t handoff_rasdial(void *arg)
{
    handoff_call *c = (handoff_call *)arg;
    c->h = NULL;
    return c->sim->RasDialW(c->ext, NULL, c->params, 2, (void *)quiet_notifier, &c->h);
}

uint32_t rf_test_dial_handoff(const uint16_t *entry, uint32_t n, uint64_t *direct_ns,
                              uint64_t *thread_ns)
{
    if (!entry || !direct_ns || !thread_ns) return RF_ERROR_INVALID_PARAMETER;
    size_t len = 0;
    while (len <= RF_RAS_MaxEntryName && entry[len]) len++;
    if (len > RF_RAS_MaxEntryName) return RF_ERROR_INVALID_PARAMETER;
    rf_testing_link link;
    if (!rf_testing_link_get(&link)) return RF_ERROR_CALL_NOT_IMPLEMENTED;
    RF_RASDIALPARAMSW *params = (RF_RASDIALPARAMSW *)calloc(1, sizeof *params);
    if (!params) return RF_ERROR_NOT_ENOUGH_MEMORY;
    params->dwSize = sizeof *params;
    memcpy(params->szEntryName, entry, len * sizeof *entry);
    RF_RASDIALEXTENSIONS ext;
    memset(&ext, 0, sizeof ext);
    ext.dwSize = sizeof ext;
    handoff_call call = {link.sim, &ext, params, NULL};
    uint32_t rc = 0;
    for (uint32_t i = 0; i < 2 * n && !rc; i++) {
        int via_thread = (int)(i & 1u);
        uint64_t t0 = rf_now_ns();
        rc = via_thread ? link.dial_thread_run(handoff_rasdial, &call) : handoff_rasdial(&call);
        uint64_t t1 = rf_now_ns();
        (via_thread ? thread_ns : direct_ns)[i / 2] = t1 - t0;
        if (call.h) link.sim->RasHangUpW(call.h);
    }
    free(params);
    return rc;
}
