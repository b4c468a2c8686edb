/* rasfast._testing's link for the native tests, which link the core itself:
 * its notifier and its simulated service, by symbol. */
#include "testing_link.h"
#include "rf_dial.h"
#include "rf_slots.h"

int rf_testing_link_get(rf_testing_link *out)
{
    out->notifier = (RF_RASDIALFUNC2)rf_notifier_address();
    out->sim = (const rf_provider *)rf_provider_table(RF_BACKEND_SIM);
    return out->notifier && out->sim;
}
