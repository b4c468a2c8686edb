/* rasfast._testing's link for the native tests, which link the core itself:
 * its notifier, its simulated service and its dial thread, by symbol. */
#include "testing_link.h"
#include "rf_dial.h"
#include "rf_slots.h"

int rf_testing_link_get(rf_testing_link *out)
{
    out->notifier = (RF_RASDIALFUNC2)rf_notifier_address();
    out->sim = (const rf_provider *)rf_provider_table(RF_BACKEND_SIM);
    out->dial_thread_run = rf_dial_thread_run;
    return out->notifier && out->sim;
}
