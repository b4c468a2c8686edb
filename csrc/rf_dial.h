/* Dialing through a provider (dial.c): backends, dial, resume, hang-up,
 * status, enumeration and error texts, on rasapi32 or the simulated service.
 *
 * C and cdef, like every rf_*.h header.  Strings are NUL-terminated UTF-16.
 * Every function returns the RAS or Windows error code (0 = success). */
#ifndef RASFAST_RF_DIAL_H
#define RASFAST_RF_DIAL_H
#include <stdint.h>

#include "ras_numbers.h"

enum { RF_BACKEND_SIM = 0, RF_BACKEND_RASAPI32 = 1 };

/* 0 when the backend can be used here, else the error that stops it
 * (ERROR_CALL_NOT_IMPLEMENTED off Windows, ERROR_MOD_NOT_FOUND...). */
uint32_t rf_backend_check(uint32_t backend);
/* The backend's rasapi32-shaped function table (ras_abi.h's rf_provider),
 * or NULL when rf_backend_check says no.  For code that calls RAS functions
 * itself with a notifier of its own (rasfast._testing's raw dial). */
void *rf_provider_table(uint32_t backend);

typedef struct rf_dial_request {
    const uint16_t *entry;
    const uint16_t *phonebook;        /* NULL: the default phonebook */
    const uint16_t *phone_number;     /* NULL: the entry's own */
    const uint16_t *callback_number;
    const uint16_t *username;
    uint16_t *password;               /* wiped by rf_dial before it returns */
    const uint16_t *domain;
    uint32_t password_len;            /* UTF-16 units in password, for the wipe */
    uint32_t subentry;
    uint32_t options;                 /* RDEOPT_* flags for RASDIALEXTENSIONS */
    /* 1: the calling thread lives as long as the process (Python's main
     * thread), so RasDialW runs on it and skips the dial thread's hand-off. */
    uint32_t caller_outlives_dials;
    /* 1: a new dial that RasDialW started is handed to the backend's
     * watcher (started if need be), so its drop after CONNECTED reaches
     * its slot (rf_watch_track): one native call per dial, not three. */
    uint32_t track_drop;
} rf_dial_request;

/* Start a dial whose notifications go to the shim with callback_id, or
 * resume a paused one when *hconn != 0, by RasDialW on the dial thread
 * (below), or on the caller's own when req->caller_outlives_dials says it
 * lives as long as the process; returns when RasDialW has returned.  The handle RAS stored (even
 * on failure) is written to *hconn. */
uint32_t rf_dial(uint32_t backend, rf_dial_request *req, uint64_t callback_id,
                 uint64_t *hconn);

/* rasfast's dial thread (dial_thread.c): every RasDialW of rf_dial, new
 * dials and resumes, is made from this one native thread, started on first
 * use and kept for the process's life, so a dial outlives the thread that
 * called rf_dial.  rf_dial returns ERROR_NOT_ENOUGH_MEMORY when it cannot
 * be started (a later dial tries again). */
typedef struct rf_dial_thread_info {
    uint32_t running;        /* 1 once started in this process */
    uint32_t parked;         /* 1 while it waits for work */
    uint64_t thread_id;      /* its OS thread id (threading.get_native_id's numbering) */
    uint64_t calls;          /* RasDialW calls it made */
    uint64_t starts;         /* threads started for it in this process */
} rf_dial_thread_info;
void rf_dial_thread_get_info(rf_dial_thread_info *out);
/* The address of dial_thread.h's rf_dial_thread_run, for rasfast._testing's
 * measurement of the hand-off (rf_test_dial_handoff). */
void *rf_dial_thread_runner(void);
/* os.fork() support, in the child: the parent's dial thread is not there;
 * the child's first dial starts one of its own. */
void rf_dial_thread_fork_child(void);

uint32_t rf_hangup(uint32_t backend, uint64_t hconn);
/* Poll RasGetConnectStatusW (every poll_ns) until it answers
 * ERROR_INVALID_HANDLE: 0 = port released, ERROR_TIMEOUT otherwise. */
uint32_t rf_wait_released(uint32_t backend, uint64_t hconn, int64_t timeout_ns,
                          int64_t poll_ns);

typedef struct rf_conn_status {
    uint32_t state;
    uint32_t error;
    uint16_t device_type[RF_RAS_MaxDeviceType + 1];
    uint16_t device_name[RF_RAS_MaxDeviceName + 1];
    uint16_t phone_number[RF_RAS_MaxPhoneNumber + 1];
} rf_conn_status;
uint32_t rf_get_status(uint32_t backend, uint64_t hconn, rf_conn_status *out);

typedef struct rf_conn_info {
    uint64_t hconn;
    uint32_t subentry;
    uint32_t flags;
    uint16_t entry[RF_RAS_MaxEntryName + 1];
    uint16_t device_type[RF_RAS_MaxDeviceType + 1];
    uint16_t device_name[RF_RAS_MaxDeviceName + 1];
    uint16_t phonebook[RF_MAX_PATH];
} rf_conn_info;
/* Fills up to max records; *count gets how many connections exist. */
uint32_t rf_enum_connections(uint32_t backend, rf_conn_info *out, uint32_t max,
                             uint32_t *count);

typedef struct rf_entry_info {
    uint32_t flags;
    uint16_t name[RF_RAS_MaxEntryName + 1];
    uint16_t phonebook[RF_MAX_PATH + 1];
} rf_entry_info;
uint32_t rf_enum_entries(uint32_t backend, const uint16_t *phonebook,
                         rf_entry_info *out, uint32_t max, uint32_t *count);
/* RasGetErrorStringW; cch is the size of buf in UTF-16 units. */
uint32_t rf_error_string(uint32_t backend, uint32_t code, uint16_t *buf, uint32_t cch);

#endif /* RASFAST_RF_DIAL_H */
