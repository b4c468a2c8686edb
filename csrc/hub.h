/* What ring.c needs of hub.c (not part of the cdef): a ring keeps the
 * (hub, token) of its hub waiter in one 64-bit word, so a producer never
 * reads a hub of one park with the token of another. */
#ifndef RASFAST_HUB_H
#define RASFAST_HUB_H
#include <stdint.h>

#include "rf_hub.h"

/* (hub, token) as one nonzero word. */
uint64_t rf_hub__ref(rf_hub *hub, uint32_t token);
/* rf_hub_signal for a word of rf_hub__ref (0: nothing).  Returns 1 when it
 * made a wake system call (the hub was parked), else 0. */
int rf_hub__signal_ref(uint64_t ref);

#endif /* RASFAST_HUB_H */
