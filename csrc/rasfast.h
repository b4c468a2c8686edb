/* rasfast._native's API: the list of its headers, in the order cffi's cdef
 * reads them (rasfast/_build.py takes the list from the #include lines
 * below; one #include per line, nothing else here).  C code may include
 * this for everything, or the one header it needs. */
#ifndef RASFAST_H
#define RASFAST_H
#include "ras_numbers.h"
#include "rf_events.h"
#include "rf_hub.h"
#include "rf_slots.h"
#include "rf_histogram.h"
#include "rf_dial.h"
#include "rf_sim.h"
#include "rf_entries.h"
#include "rf_watch.h"
#endif /* RASFAST_H */
