/* The simulated RAS service's controls (sim_controls.c): its phonebook,
 * timing, duplicate dials, fork support, and the hold times it measured.
 *
 * C and cdef, like every rf_*.h header.  The service itself is dialled
 * through rf_dial.h with RF_BACKEND_SIM, like rasapi32. */
#ifndef RASFAST_RF_SIM_H
#define RASFAST_RF_SIM_H
#include <stdint.h>

#include "ras_numbers.h"
#include "rf_histogram.h"

enum {
    RF_SIM_PROFILE_INSTANT = 0,   /* no delay between states */
    RF_SIM_PROFILE_VPN = 1,       /* tens to hundreds of milliseconds */
    RF_SIM_PROFILE_MODEM = 2      /* seconds */
};

typedef struct rf_sim_entry {
    uint16_t name[RF_RAS_MaxEntryName + 1];
    uint32_t profile;
    int32_t fail_at;        /* RASCONNSTATE that fails, or -1 */
    uint32_t error;         /* the error fail_at reports */
    int32_t pause_at;       /* paused RASCONNSTATE (0x1000-0x1004), or -1 */
    uint32_t subentries;    /* 1, or 2 for a multilink entry */
    uint32_t builtin;       /* part of the built-in phonebook */
    uint32_t checks_password;  /* out: the entry has a password */
    uint16_t password[RF_PWLEN + 1]; /* in: the password the "server" accepts
                             * (empty: any); never given back by rf_sim_get_entry */
    uint64_t drop_after_ns; /* the server ends the connection this long (unscaled)
                             * after CONNECTED; 0: never */
    uint32_t drop_error;    /* the reason it gives (0: none given) */
    uint32_t tunnel;        /* RF_SIM_TUNNEL_*: the projection it reports */
} rf_sim_entry;

enum { RF_SIM_TUNNEL_PPP = 0, RF_SIM_TUNNEL_IKEV2 = 1 };

/* 0, ERROR_ALREADY_EXISTS, or ERROR_INVALID_PARAMETER (the builtin field
 * is ignored). */
uint32_t rf_sim_add_entry(const rf_sim_entry *entry);
/* 0 or ERROR_CANNOT_FIND_PHONEBOOK_ENTRY. */
uint32_t rf_sim_remove_entry(const uint16_t *name);
uint32_t rf_sim_entry_count(void);
/* Bumped by every change to any entry of any phonebook (added, changed,
 * renamed, removed, reset): a caller that saw the same number twice knows
 * nothing changed between (rasfast's phonebook files skip a reload). */
uint64_t rf_sim_phonebook_changes(void);
/* 1 and *out filled for index < rf_sim_entry_count(), else 0. */
int rf_sim_get_entry(uint32_t index, rf_sim_entry *out);
/* 1 and *out filled when the default phonebook has an entry of that name
 * (compared as Windows does, ignoring case), else 0: one hash lookup. */
int rf_sim_find_entry(const uint16_t *name, rf_sim_entry *out);
/* The states a dial of this entry walks through (pause and failure
 * included), for documentation and tests; returns the count. */
uint32_t rf_sim_entry_states(const uint16_t *name, uint32_t *states, uint32_t max);
/* Hang up every simulated connection, forget user entries, restore the
 * built-in phonebook and the default settings, empty the hold-time
 * histogram. */
void rf_sim_reset(void);

/* Settings.  The time scale multiplies every delay (0 = no delays); a
 * larger one is cut to RF_SIM_MAX_TIME_SCALE, a negative one or NaN is
 * ignored. */
extern const double RF_SIM_MAX_TIME_SCALE;
void rf_sim_set_time_scale(double scale);
double rf_sim_get_time_scale(void);
/* Delay before a hung-up connection's port is released (unscaled ns). */
void rf_sim_set_release_delay(uint64_t ns);
uint64_t rf_sim_get_release_delay(void);
/* 0 (default, Windows): a second dial of an entry being dialed gets
 * ERROR_DIAL_ALREADY_IN_PROGRESS, of a connected entry the same handle (a
 * referenced connection).  1: every dial gets a connection of its own. */
void rf_sim_set_duplicate_dials(uint32_t allow);
uint32_t rf_sim_get_duplicate_dials(void);

/* Smallest and largest delay between states of a profile (unscaled ns). */
int rf_sim_profile_delays(uint32_t profile, uint64_t *min_ns, uint64_t *max_ns);
/* Connection slots in use, hung-up ones whose port is not yet released
 * included. */
uint32_t rf_sim_active_connections(void);
/* Dials stopped because the thread that called RasDialW (asynchronously,
 * with a notifier) ended before the dial did (ERROR_DISCONNECTION, 628:
 * Windows documents no code for it).  rf_sim_reset sets it to 0. */
uint64_t rf_sim_orphaned_dials(void);
/* How long each notifier call held a simulated RAS thread (every notifier
 * type). */
void rf_sim_get_hold_histogram(rf_histogram *out);
void rf_sim_reset_hold_histogram(void);
/* Life after CONNECTED.  rf_sim_drop ends a connected connection as its
 * server would (its RasGetConnectStatusW then answers RASCS_Disconnected
 * with error, or ERROR_INVALID_HANDLE when error is 0, "no reason given"):
 * 0, ERROR_INVALID_HANDLE, or ERROR_INVALID_PARAMETER (not connected). */
uint32_t rf_sim_drop(uint64_t hconn, uint32_t error);
/* Add bytes to a connection's counters (tests crossing the 4 GiB wrap). */
uint32_t rf_sim_add_traffic(uint64_t hconn, uint64_t sent, uint64_t received);
/* Each profile's traffic (bytes per simulated second each way) and line rate. */
int rf_sim_profile_traffic(uint32_t profile, uint64_t *tx_per_s, uint64_t *rx_per_s,
                           uint32_t *bps);
/* The last drops (timer or rf_sim_drop), oldest first: handle and
 * rf_clock_ns time; returns how many were copied (up to max, at most
 * RF_SIM_DROP_LOG).  rf_sim_reset empties it. */
typedef struct rf_sim_drop_record {
    uint64_t hconn;
    uint64_t time_ns;
    uint32_t error;
    uint32_t pad;
} rf_sim_drop_record;
enum { RF_SIM_DROP_LOG = 65536 };
uint32_t rf_sim_drop_log(rf_sim_drop_record *out, uint32_t max);

/* os.fork() support: prepare and parent around the fork in the parent, child
 * in the child, whose simulated service then starts empty. */
void rf_sim_fork_prepare(void);
void rf_sim_fork_parent(void);
void rf_sim_fork_child(void);

#endif /* RASFAST_RF_SIM_H */
