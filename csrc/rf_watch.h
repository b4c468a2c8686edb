/* After CONNECTED: statistics and projections of a connection (link.c), and
 * the native connection watcher (watcher.c) that reports connections coming
 * and going, and the drops of this process's dials.
 *
 * C and cdef, like every rf_*.h header.  Every uint32_t function returns
 * the RAS or Windows error code (0 = success). */
#ifndef RASFAST_RF_WATCH_H
#define RASFAST_RF_WATCH_H
#include <stdint.h>

#include "ras_numbers.h"

/* RAS_STATS: the byte and frame counters are 32 bits and wrap at 4 GiB. */
typedef struct rf_link_stats {
    uint32_t bytes_sent;
    uint32_t bytes_received;
    uint32_t frames_sent;
    uint32_t frames_received;
    uint32_t crc_errors;
    uint32_t timeout_errors;
    uint32_t alignment_errors;
    uint32_t hardware_overrun_errors;
    uint32_t framing_errors;
    uint32_t buffer_overrun_errors;
    uint32_t compression_in;
    uint32_t compression_out;
    uint32_t bps;
    uint32_t duration_ms;
} rf_link_stats;

/* subentry 0: RasGetConnectionStatistics; 1..n: RasGetLinkStatistics. */
uint32_t rf_get_statistics(uint32_t backend, uint64_t hconn, uint32_t subentry,
                           rf_link_stats *out);
uint32_t rf_clear_statistics(uint32_t backend, uint64_t hconn, uint32_t subentry);

/* A connection's projection: RasGetProjectionInfoEx where rasapi32 has it
 * (and use_ex is 1), else RasGetProjectionInfoW's RASP_PppIp and
 * RASP_PppIpv6.  Addresses in network byte order; PPP's IPv6 is fe80::
 * and the interface identifier IPV6CP negotiated (has_ipv6 0 when IPv6 is
 * not configured).  auth: PPP's LCP protocol (RASLCPAP_*) and data
 * (RASLCPAD_*), or IKEv2's method (RASIKEv2_AUTH_*) and EAP type;
 * encryption: CCP's options (RASCCPO_*) or IKEv2's IPSEC_CIPHER_TYPE. */
typedef struct rf_projection {
    uint32_t kind;                 /* RF_PROJECTION_INFO_TYPE_PPP or _IKEv2 */
    uint32_t used_ex;              /* 1: from RasGetProjectionInfoEx */
    uint32_t has_ipv4;
    uint32_t has_ipv6;
    uint8_t ipv4[4];
    uint8_t server_ipv4[4];
    uint8_t ipv6[16];
    uint8_t server_ipv6[16];
    uint32_t ipv6_prefix_length;
    uint32_t auth_protocol;
    uint32_t auth_data;
    uint32_t eap_type;
    uint32_t encryption;
    uint32_t compression;
} rf_projection;
uint32_t rf_get_projection(uint32_t backend, uint64_t hconn, uint32_t use_ex,
                           rf_projection *out);

/* The watcher: one native thread per backend in use (rasapi32, the
 * simulated service), started by rf_watch_start.  It waits
 * on the event registered with RasConnectionNotificationW (every
 * connection, and each one it has seen, registered again after each
 * signal), enumerates, and pushes 64-byte records (the shim's clock):
 * RF_EVENT_FLAG_WATCH records to every subscription (CONNECTED,
 * DISCONNECTED, SUBENTRY_CONNECTED, SUBENTRY_DISCONNECTED), and a drop of a
 * tracked dial to that dial's slot as DISCONNECTED with
 * RF_EVENT_FLAG_REMOTE and RAS's reason (0 when it gives none); it then
 * hangs the dropped handle up (RasHangUpW) to free it. */
uint32_t rf_watch_start(uint32_t backend);
/* Deliver the watcher's records to this slot (rf_slot_open's id): 1, or 0
 * when RF_WATCH_MAX_SUBSCRIBERS are in use. */
int rf_watch_subscribe(uint32_t backend, uint64_t callback_id);
int rf_watch_unsubscribe(uint32_t backend, uint64_t callback_id);
/* A dial of this process on backend: its drop after CONNECTED goes to its
 * slot.  1 when tracked (that backend's watcher runs). */
int rf_watch_track(uint32_t backend, uint64_t callback_id);
/* Before hanging the dial up: 1 when the watcher already pushed its drop
 * (and hung it up), 0 otherwise; either way it is not tracked any more. */
int rf_watch_untrack(uint64_t callback_id);
/* Enumerate now (as if RAS had signalled a disconnection). */
void rf_watch_poke(uint32_t backend);
/* The entry name of a connection the watcher has seen (recent ones, gone
 * ones included): 1 and buf filled, else 0. */
int rf_watch_entry_name(uint32_t backend, uint64_t hconn, uint16_t *buf, uint32_t cch);

typedef struct rf_watch_stats {
    uint32_t running;
    uint32_t backend;
    uint64_t wakeups;              /* signals (and poll timeouts) handled */
    uint64_t signals;              /* of them, signals (RAS's, or rasfast's own requests) */
    uint64_t deferred;             /* ... of new connections only, with nobody subscribed:
                                    * no pass until RF_WATCH_POLL_NS after the last */
    uint64_t enumerations;
    uint64_t events;               /* records offered to subscriptions */
    uint64_t undelivered;          /* ... to a subscription closed meanwhile */
    uint64_t drops;                /* dial drops pushed to a dial's slot */
    uint64_t hangups;              /* dropped handles hung up */
    uint64_t last_pass_ns;         /* how long the last pass took */
} rf_watch_stats;
void rf_watch_get_stats(uint32_t backend, rf_watch_stats *out);
/* Stop the threads and free their memory (native tests).  Safe when none
 * started. */
void rf_watch_stop(void);
/* os.fork(): the child has no watcher threads (they start on next use). */
void rf_watch_fork_child(void);

extern const uint32_t RF_WATCH_MAX_SUBSCRIBERS;
extern const int64_t RF_WATCH_POLL_NS;

#endif /* RASFAST_RF_WATCH_H */
