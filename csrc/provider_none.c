/* Off Windows there is no rasapi32: only the simulated service dials. */
#include "ras_abi.h"

const rf_provider *rf_provider_rasapi32(uint32_t *load_error)
{
    if (load_error) *load_error = RF_ERROR_CALL_NOT_IMPLEMENTED;
    return NULL;
}
