/* rasfast._testing's single calls into rasfast._native: one notification of
 * the shim (rf_notify), one RasDialW of the simulated service with any
 * notifier (rf_sim_dial_raw). */
#include <stdlib.h>
#include <string.h>

#include "rf_testing.h"
#include "testing_link.h"

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
