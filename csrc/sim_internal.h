/* What the simulator's files share: its types (phonebook entries and their
 * step sequences, connections, settings) and the functions each file gives
 * the others.  Private to csrc/sim_*.c and the native tests.
 *
 * The files: sim_engine.c (start-up, the lock, connections, timers, RAS
 * threads, fork, shutdown), sim_phonebook.c (entries, the name hash, step
 * sequences, phonebook paths), sim_rasapi.c (the rasapi32-shaped dial
 * functions), sim_entries.c (the entry and credential functions), sim_controls.c
 * (rf_sim.h), sim_strings.c (UTF-16 helpers), sim_link.c (life after
 * CONNECTED: drops, traffic, addresses, multilink, connection
 * notifications, and their rasapi32-shaped functions).
 *
 * One mutex guards all of the service's state.  "Lock held" below means: call
 * only from inside sim_locked().  The notifier is never called with it held. */
#ifndef RASFAST_SIM_INTERNAL_H
#define RASFAST_SIM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "platform.h"
#include "ras_abi.h"
#include "rf_sim.h"

#define SIM_MAX_CONNS 65536u       /* connection slots; HRASCONN = (generation << 16) | index */
#define SIM_MAX_STEPS 40u          /* states in one dial's walk */
/* The error a dial stops with when the thread that called RasDialW ends
 * before the dial does.  Windows does not document what happens then
 * (its "Asynchronous Operation" page only says that thread must not end
 * first); ERROR_DISCONNECTION is the simulator's choice. */
#define SIM_ORPHAN_CODE RF_ERROR_DISCONNECTION

/* ------------------------------------------------------------------------
 * Types
 * ---------------------------------------------------------------------- */
enum { SIM_STEP_NORMAL = 0, SIM_STEP_FAIL = 1, SIM_STEP_PAUSE = 2 };

typedef struct sim_step {
    uint16_t state;                /* RASCONNSTATE */
    uint8_t sub;                   /* dwSubEntry */
    uint8_t kind;                  /* SIM_STEP_* */
} sim_step;

struct sim_conn;

/* What the simulator keeps of an entry's saved credentials: never a
 * password or key, only a salted hash a server can check one against. */
typedef struct sim_saved {
    uint32_t mask;                 /* RF_RASCM_* saved */
    rf_wchar username[RF_UNLEN + 1];
    rf_wchar domain[RF_DNLEN + 1];
    uint64_t password_hash;        /* sim_secret_hash(salt, password) */
    uint64_t psk_hash;
} sim_saved;

/* A phonebook entry.  Connections hold references: an entry removed while
 * dialled lives until its last connection is freed. */
typedef struct sim_pbe {
    uint32_t refs;                 /* the phonebook's + one per connection */
    uint32_t listed;               /* still in the phonebook */
    uint32_t hash;
    uint32_t book;                 /* the phonebook it is in: 0 default, sim_pb_book() */
    uint32_t created;              /* made by RasSetEntryPropertiesW: walks follow props */
    uint64_t salt;                 /* of its hashes (saved credentials, server check) */
    RF_RASENTRYW_0A00 *props;      /* RasSetEntryPropertiesW's; NULL: from the profile */
    uint8_t *eap;                  /* RasSetCustomAuthDataW's bytes */
    uint32_t eap_len;
    sim_saved saved;
    struct sim_pbe *hnext;
    struct sim_conn *active;       /* dialing / paused / connected dial of it */
    rf_sim_entry pub;
    uint32_t nsteps;
    sim_step steps[SIM_MAX_STEPS];
} sim_pbe;

/* A connection's phase. */
enum { SIM_FREE = 0, SIM_DIALING, SIM_PAUSED, SIM_CONNECTED, SIM_FAILED, SIM_HUNGUP,
       SIM_DROPPED /* ended by the "server" after CONNECTED; the handle lives until RasHangUp */ };

/* The notifier a dial reports to: RasDialW's dwNotifierType and lpvNotifier. */
typedef struct sim_notifier {
    uint32_t type;                 /* RF_RAS_NOTIFIER_* */
    void *fn;                      /* the function or the HWND; NULL: none (synchronous) */
    uintptr_t callback_id;         /* RasDialFunc2's dwCallbackId */
} sim_notifier;

#define SIM_CONN_REGS 4u           /* registrations per connection (events) */
typedef struct sim_conn_reg {
    void *event;
    uint32_t flags;                /* RASCN_* */
} sim_conn_reg;

typedef struct sim_conn {
    sim_pbe *e;
    sim_notifier notifier;
    uint64_t caller;               /* serial of the thread that called RasDialW
                                    * (async dials); 0: none to watch */
    uint32_t gen;
    uint32_t phase;                /* SIM_FREE... */
    uint32_t step;                 /* next step to run */
    uint32_t token;                /* current timer item */
    uint32_t state, error, sub;    /* what RasGetConnectStatusW reports */
    uint32_t options;              /* RDEOPT_* */
    uint32_t refs;                 /* referenced connection count */
    uint8_t notify_on;             /* the notifier has not returned 0 */
    uint8_t busy;                  /* a notifier call is in progress */
    uint8_t sync;                  /* run by the caller of RasDialW */
    uint8_t auth_bad;              /* the password did not match: fail at Authenticate */
    uint8_t tunnel_up;             /* past DeviceConnected: the endpoints are known */
    RF_GUID correlation;           /* RASCONNW.guidCorrelationId */
    /* After CONNECTED (sim_link.c) */
    uint64_t connected_ns;         /* when it reached RASCS_Connected */
    double speed;                  /* sim_speed() then: its traffic's pace */
    uint64_t drop_at;              /* when the entry's drop_after drops it (0: never) */
    uint64_t flip_at;              /* next multilink subentry change (0: none) */
    uint64_t link_since[2];        /* each subentry up since (0: down) */
    uint64_t extra_tx, extra_rx;   /* bytes added by rf_sim_add_traffic */
    uint64_t clear_tx, clear_rx;   /* the counters at the last clear */
    uint64_t link_clear_tx[2], link_clear_rx[2];
    /* RasConnectionNotificationW registrations for this connection
     * (sim_link.c): kept here, so signalling one is O(1). */
    sim_conn_reg regs[SIM_CONN_REGS];
    uint32_t nregs;
} sim_conn;

typedef struct sim_settings {
    double time_scale;             /* multiplies every delay */
    uint64_t release_ns;           /* hang-up to port release, unscaled */
    uint32_t duplicates;           /* every dial gets a connection of its own */
} sim_settings;

/* ------------------------------------------------------------------------
 * sim_engine.c
 * ---------------------------------------------------------------------- */
/* Start the service on first use (the only caller of its start-up). */
void sim_ready(void);
/* Run body(arg) with the lock held and return its result: the one locked
 * section every rasapi32-shaped function and control goes through. */
uint32_t sim_locked(uint32_t (*body)(void *arg), void *arg);

/* Lock held. */
sim_settings *sim_settings_locked(void);
void sim_settings_defaults(void);
sim_conn *sim_conn_lookup(rf_hrasconn h);          /* NULL: stale, garbage, free */
rf_hrasconn sim_conn_handle(const sim_conn *c);
sim_conn *sim_conn_next(const sim_conn *prev);     /* slots in use; NULL starts */
uint32_t sim_conns_in_use(void);
/* A new connection of e: 0, ERROR_NOT_ENOUGH_MEMORY, ERROR_PORT_NOT_AVAILABLE. */
uint32_t sim_conn_open(sim_pbe *e, int async, sim_conn **out);
/* Walk a dial on the RAS threads from its next step after delay ns: 0 when
 * no timer could be set. */
int sim_walk_start(sim_conn *c, uint64_t delay);
/* Walk a dial on the caller's thread (NULL notifier): RasDialW's result. */
uint32_t sim_walk_sync(sim_conn *c);
/* A referenced dial's single RASCS_Connected note, on a RAS thread. */
int sim_note_reference(sim_conn *c, sim_notifier n);
/* The calling thread's serial, watched for its exit (sim_caller_exited is
 * then called for it); 0 when it cannot be watched.  Not locked. */
uint64_t sim_caller_serial(void);
/* The dials whose caller's thread ended (lock held): each still dialing or
 * paused stops with SIM_ORPHAN_CODE, counted. */
void sim_caller_exited_locked(uint64_t serial);
uint64_t sim_orphaned_count(void);
uint64_t sim_step_delay(uint32_t profile);
void sim_conn_fail(sim_conn *c, uint32_t error);
/* Hang up: Disconnected now, port released after the release delay. */
void sim_conn_hangup(sim_conn *c, rf_hrasconn h);
/* Wait while a notifier call of c is in progress on another thread. */
void sim_conn_wait_idle(sim_conn *c, rf_hrasconn h);
/* Hang up and release every connection (the caller's own excepted, when
 * called from inside a notifier: it is released once that returns). */
void sim_conns_reset(void);
/* The calling thread is inside one of the service's notifier calls. */
int sim_in_notifier(void);

/* Life after CONNECTED: a timer item (lock held) that calls
 * sim_link_tick after delay ns; 0 when none could be set. */
int sim_life_schedule(sim_conn *c, uint64_t delay);
void sim_leave_active(sim_conn *c);
uint64_t sim_scaled(uint64_t ns);
double sim_speed(void);            /* simulated seconds per real second */

/* Not locked (atomic). */
void sim_hold_reset(void);
void sim_hold_copy(rf_histogram *out);

/* Stop the RAS threads and free everything (leak checkers in the native
 * tests, a module unload); the service starts afresh on next use. */
void rf_sim__shutdown(void);

/* ------------------------------------------------------------------------
 * sim_phonebook.c (lock held, except sim_profile_delays)
 * ---------------------------------------------------------------------- */
sim_pbe *sim_pb_find(const uint16_t *name);      /* in the default phonebook */
sim_pbe *sim_pb_find_in(uint32_t book, const uint16_t *name);
/* 0, ERROR_ALREADY_EXISTS, ERROR_INVALID_PARAMETER, ERROR_NOT_ENOUGH_MEMORY. */
uint32_t sim_pb_add(const rf_sim_entry *entry);
/* The same into phonebook book; *out the new entry. */
uint32_t sim_pb_add_in(uint32_t book, const rf_sim_entry *entry, sim_pbe **out);
/* The phonebook a RAS call names: 0 for NULL or "", else a number of its
 * own per path (compared case-insensitively): 0 or
 * ERROR_CANNOT_OPEN_PHONEBOOK (too long, or too many phonebooks). */
uint32_t sim_pb_book(const rf_wchar *path, uint32_t *book);
/* Give e a new name (its hash chain follows). */
void sim_pb_rename(sim_pbe *e, const rf_wchar *name);
/* Remove e from its phonebook. */
void sim_pb_unlink(sim_pbe *e);
/* A created entry's walk, again from its props (after a change). */
void sim_pbe_rebuild_steps(sim_pbe *e);
/* The phone number or server a dial of e reports (its props' when set). */
void sim_pbe_phone_number_w(const sim_pbe *e, rf_wchar *out, size_t cap);
int sim_pb_remove(const uint16_t *name);           /* 1 if it was there */
uint32_t sim_pb_count(void);
const sim_pbe *sim_pb_at(uint32_t index);          /* NULL past the end */
void sim_pb_restore(void);                         /* only the built-in entries */
void sim_pb_free(void);                            /* empty, its memory freed */
void sim_pb_changed(void);                         /* an entry changed: bump the counter */
void sim_pbe_retain(sim_pbe *e);
void sim_pbe_release(sim_pbe *e);
int sim_pbe_password_rejected(const sim_pbe *e, const rf_wchar *given);
void sim_pbe_set_password(sim_pbe *e, const rf_wchar *password);
void sim_pbe_device(const sim_pbe *e, rf_wchar *type, rf_wchar *name);
/* The tunnel's endpoints of a connection of e once it is up (a VPN: IPv4
 * documentation addresses; a modem: none, RASTUNNELENDPOINT_UNKNOWN). */
void sim_pbe_endpoints(const sim_pbe *e, uint32_t conn_index, RF_RASTUNNELENDPOINT *local,
                       RF_RASTUNNELENDPOINT *remote);
const char *sim_pbe_phone_number(const sim_pbe *e);
int sim_profile_delays(uint32_t profile, uint64_t *min_ns, uint64_t *max_ns);

/* ------------------------------------------------------------------------
 * sim_entries.c (lock held)
 * ---------------------------------------------------------------------- */
/* A dial of e with this password fails authentication: the saved password
 * when given RasGetCredentialsW's handle for it, else sim_pbe_password_rejected. */
int sim_pbe_dial_rejected(const sim_pbe *e, const rf_wchar *given);
/* Not a secret: a salted 64-bit hash (not cryptographic: the simulator only
 * needs a check that keeps no password). */
uint64_t sim_secret_hash(uint64_t salt, const rf_wchar *secret);
/* The provider table's phonebook members (ras_abi.h's rf_provider). */
uint32_t RF_WINAPI sim_RasValidateEntryNameW(const rf_wchar *pbk, const rf_wchar *entry);
uint32_t RF_WINAPI sim_RasGetEntryPropertiesW(const rf_wchar *pbk, const rf_wchar *entry,
                                              RF_RASENTRYW *props, uint32_t *cb,
                                              uint8_t *devinfo, uint32_t *cbdevinfo);
uint32_t RF_WINAPI sim_RasSetEntryPropertiesW(const rf_wchar *pbk, const rf_wchar *entry,
                                              RF_RASENTRYW *props, uint32_t cb,
                                              uint8_t *devinfo, uint32_t cbdevinfo);
uint32_t RF_WINAPI sim_RasDeleteEntryW(const rf_wchar *pbk, const rf_wchar *entry);
uint32_t RF_WINAPI sim_RasRenameEntryW(const rf_wchar *pbk, const rf_wchar *old_name,
                                       const rf_wchar *new_name);
uint32_t RF_WINAPI sim_RasGetCredentialsW(const rf_wchar *pbk, const rf_wchar *entry,
                                          RF_RASCREDENTIALSW *creds);
uint32_t RF_WINAPI sim_RasSetCredentialsW(const rf_wchar *pbk, const rf_wchar *entry,
                                          RF_RASCREDENTIALSW *creds, int32_t clear);
uint32_t RF_WINAPI sim_RasGetCustomAuthDataW(const rf_wchar *pbk, const rf_wchar *entry,
                                             uint8_t *data, uint32_t *cb);
uint32_t RF_WINAPI sim_RasSetCustomAuthDataW(const rf_wchar *pbk, const rf_wchar *entry,
                                             uint8_t *data, uint32_t cb);

/* ------------------------------------------------------------------------
 * sim_link.c (lock held)
 * ---------------------------------------------------------------------- */
/* c just reached RASCS_Connected. */
void sim_link_connected(sim_conn *c);
/* c's life timer came due: returns the delay to the next one, 0 for none. */
uint64_t sim_link_tick(sim_conn *c);
/* c is being hung up (any phase): Disconnection notifications. */
void sim_link_hangup(sim_conn *c);
/* c's slot is being freed: its registrations go. */
void sim_link_forget(sim_conn *c);
/* Every registration goes (rf_sim__shutdown). */
void sim_link_reset(void);
/* The drop log empties (rf_sim_reset). */
void sim_link_clear_log(void);
/* The rasapi32-shaped functions of sim_link.c, for the provider table. */
uint32_t RF_WINAPI sim_RasConnectionNotificationW(rf_hrasconn h, void *event, uint32_t flags);
uint32_t RF_WINAPI sim_RasGetConnectionStatistics(rf_hrasconn h, RF_RAS_STATS *st);
uint32_t RF_WINAPI sim_RasGetLinkStatistics(rf_hrasconn h, uint32_t sub, RF_RAS_STATS *st);
uint32_t RF_WINAPI sim_RasClearConnectionStatistics(rf_hrasconn h);
uint32_t RF_WINAPI sim_RasClearLinkStatistics(rf_hrasconn h, uint32_t sub);
uint32_t RF_WINAPI sim_RasGetProjectionInfoW(rf_hrasconn h, uint32_t projection, void *info,
                                             uint32_t *cb);
uint32_t RF_WINAPI sim_RasGetProjectionInfoEx(rf_hrasconn h, RF_RAS_PROJECTION_INFO *info,
                                              uint32_t *cb);

/* ------------------------------------------------------------------------
 * sim_strings.c
 * ---------------------------------------------------------------------- */
/* Length of a NUL-terminated UTF-16 string, or max + 1 if longer than max. */
size_t sim_wlen_max(const uint16_t *s, size_t max);
/* Copies truncated to cap - 1 units, always NUL-terminated. */
void sim_wcopy(uint16_t *dst, size_t cap, const uint16_t *src);
void sim_wcopy_ascii(uint16_t *dst, size_t cap, const char *src);
/* ASCII case-insensitive, as RAS compares entry names. */
int sim_wieq(const uint16_t *a, const uint16_t *b);
uint32_t sim_whash(const uint16_t *s);

#endif /* RASFAST_SIM_INTERNAL_H */
