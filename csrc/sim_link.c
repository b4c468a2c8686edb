/* The simulator's life after CONNECTED: drops (an entry's drop_after, or
 * rf_sim_drop), traffic counters, assigned addresses and projections,
 * multilink subentries that come and go, RasConnectionNotificationW's
 * registrations and signals, and the rasapi32-shaped functions that read
 * them (statistics, projection info).
 *
 * Windows behaviour followed here:
 * - RasConnectionNotificationW(h, hEvent, dwFlags) signals hEvent (SetEvent
 *   on Windows, rf_signal_set elsewhere) and says nothing more: the caller
 *   enumerates.  h == INVALID_HANDLE_VALUE watches every connection;
 *   RASCN_Connection only with it (ERROR_INVALID_PARAMETER otherwise);
 *   a stale handle is ERROR_INVALID_HANDLE.  Registering the same (h, event)
 *   again adds its flags (registering again after each signal is harmless,
 *   DotRas issue 105).
 * - RAS_STATS: dwSize must be sizeof(RAS_STATS) (60), else 632; byte
 *   counters are 32 bits and wrap; dwConnectDuration in milliseconds.
 * - RasGetProjectionInfoW: a too small *lpcb gives 603 with the size
 *   needed; a dwSize it does not know, 632; before the projection is done,
 *   ERROR_PROJECTION_NOT_COMPLETE (730); a protocol the connection does not
 *   run (IPv6 on a modem, PPP on IKEv2), ERROR_PROTOCOL_NOT_CONFIGURED (731).
 * - RasGetProjectionInfoEx: RAS_PROJECTION_INFO has no dwSize; version must
 *   be RASAPIVERSION_601 (87 otherwise); 603 with the size for a small
 *   buffer; 730 before the connection is up.
 * - After a drop the handle stays valid for RasHangUp; RasGetConnectStatusW
 *   answers RASCS_Disconnected with the reason, or ERROR_INVALID_HANDLE
 *   when the server gave none (DotRas issue 80: often all Windows says).
 *
 * Simulator choices (not Windows facts):
 * - Addresses: this side 10.64.0.0/15 from a pool (by connection slot),
 *   the server 10.64.0.1; IPv6 fd00:5241:5300::/64 for IKEv2 (prefix +
 *   interface id), interface ids only for PPP's IPV6CP, as PPP reports.
 * - Traffic: each profile's bytes per second each way, times sim_speed() as
 *   it was when the connection came up (a later time scale leaves it be).
 *   RasClearConnectionStatistics restarts the counters, not the duration.
 * - RasGetLinkStatistics of a subentry that is down: ERROR_PORT_NOT_CONNECTED
 *   (606); of one the entry does not have (0 or past the last): 87.
 * - "Demo Multilink": subentry 2 goes down for 1.5 s every 4 s (scaled).
 * - RasConnectionNotificationW keeps at most 64 events for every
 *   connection and 4 per connection; one more is ERROR_NOT_ENOUGH_MEMORY.
 * - Statistics and projections of a dropped, failed or hung-up connection:
 *   ERROR_INVALID_HANDLE; of one still dialing: zero counters / 730. */
#include <string.h>

#include "sim_internal.h"

#define SIM_MAX_ALL_REGS 64u       /* registrations for every connection */
#define SIM_LINK_UP_NS 4000000000ull
#define SIM_LINK_DOWN_NS 1500000000ull
/* A link flips at most this often whatever the time scale: at scale 0 the
 * flip timer rescheduled itself every nanosecond and a RAS thread never let
 * go of the lock (every dial of "Demo Multilink" hung the process). */
#define SIM_LINK_MIN_FLIP_NS 1000000ull

/* Registrations for every connection (h == RF_HRASCONN_ALL); a
 * connection's own are in its sim_conn. */
static sim_conn_reg g_all_regs[SIM_MAX_ALL_REGS];
static uint32_t g_nall_regs;
static rf_sim_drop_record g_drops[RF_SIM_DROP_LOG];
static uint64_t g_drops_head;      /* records ever logged */

/* Per profile: bytes per simulated second sent and received, line rate,
 * bytes per frame. */
static const uint64_t k_tx[3] = { 2000000ull, 250000ull, 2000ull };
static const uint64_t k_rx[3] = { 8000000ull, 1000000ull, 5000ull };
static const uint32_t k_bps[3] = { 1000000000u, 100000000u, 56000u };
static const uint64_t k_frame[3] = { 1400u, 1400u, 256u };

/* ------------------------------------------------------------------------
 * Notifications (lock held)
 * ---------------------------------------------------------------------- */
static void signal_regs(const sim_conn *c, uint32_t flag)
{
    for (uint32_t i = 0; i < g_nall_regs; i++)
        if (g_all_regs[i].flags & flag) rf_signal_set_handle(g_all_regs[i].event);
    for (uint32_t i = 0; i < c->nregs; i++)
        if (c->regs[i].flags & flag) rf_signal_set_handle(c->regs[i].event);
}

void sim_link_forget(sim_conn *c)
{
    c->nregs = 0;
}

void sim_link_reset(void)
{
    g_nall_regs = 0;
    g_drops_head = 0;
}

void sim_link_clear_log(void)
{
    g_drops_head = 0;
}

static uint32_t nsubs(const sim_conn *c)
{
    return c->e->pub.subentries == 2 ? 2 : 1;
}

static uint64_t flip_delay(uint64_t ns)
{
    uint64_t d = sim_scaled(ns);
    return d < SIM_LINK_MIN_FLIP_NS ? SIM_LINK_MIN_FLIP_NS : d;
}

void sim_link_connected(sim_conn *c)
{
    uint64_t now = rf_now_ns();
    c->connected_ns = now;
    c->speed = sim_speed();
    c->link_since[0] = now;
    c->link_since[1] = nsubs(c) == 2 ? now : 0;
    c->drop_at = c->flip_at = 0;
    if (c->e->pub.drop_after_ns) c->drop_at = now + sim_scaled(c->e->pub.drop_after_ns);
    if (nsubs(c) == 2) c->flip_at = now + flip_delay(SIM_LINK_UP_NS);
    signal_regs(c, RF_RASCN_Connection);
    uint64_t next = c->drop_at;
    if (c->flip_at && (!next || c->flip_at < next)) next = c->flip_at;
    if (next) sim_life_schedule(c, next > now ? next - now : 1);
}

static void log_drop(rf_hrasconn h, uint32_t error)
{
    rf_sim_drop_record *r = &g_drops[g_drops_head % RF_SIM_DROP_LOG];
    r->hconn = (uint64_t)(uintptr_t)h;
    r->time_ns = rf_now_ns();
    r->error = error;
    r->pad = 0;
    g_drops_head++;
}

static void drop(sim_conn *c, uint32_t error)
{
    rf_hrasconn h = sim_conn_handle(c);
    sim_leave_active(c);
    c->phase = SIM_DROPPED;
    c->state = RF_RASCS_Disconnected;
    c->error = error;
    c->sub = 0;
    c->token++;                    /* cancels the life timer */
    log_drop(h, error);
    signal_regs(c, RF_RASCN_Disconnection);
}

uint64_t sim_link_tick(sim_conn *c)
{
    uint64_t now = rf_now_ns();
    if (c->drop_at && now >= c->drop_at) {
        drop(c, c->e->pub.drop_error);
        return 0;
    }
    if (c->flip_at && now >= c->flip_at) {
        int up = c->link_since[1] != 0;
        c->link_since[1] = up ? 0 : now;
        c->flip_at = now + flip_delay(up ? SIM_LINK_DOWN_NS : SIM_LINK_UP_NS);
        signal_regs(c, up ? RF_RASCN_BandwidthRemoved : RF_RASCN_BandwidthAdded);
    }
    uint64_t next = c->drop_at;
    if (c->flip_at && (!next || c->flip_at < next)) next = c->flip_at;
    if (!next) return 0;
    return next > now ? next - now : 1;
}

void sim_link_hangup(sim_conn *c)
{
    if (c->phase == SIM_CONNECTED)
        signal_regs(c, RF_RASCN_Disconnection);
}

typedef struct notify_call {
    rf_hrasconn h;
    void *event;
    uint32_t flags;
} notify_call;

static uint32_t notify_locked(void *arg)
{
    const notify_call *n = (const notify_call *)arg;
    sim_conn_reg *regs = g_all_regs;
    uint32_t *count = &g_nall_regs, max = SIM_MAX_ALL_REGS;
    if (n->h != RF_HRASCONN_ALL) {
        sim_conn *c = sim_conn_lookup(n->h);
        if (!c || c->phase == SIM_HUNGUP || c->phase == SIM_FAILED) return RF_ERROR_INVALID_HANDLE;
        regs = c->regs;
        count = &c->nregs;
        max = SIM_CONN_REGS;
    }
    for (uint32_t i = 0; i < *count; i++) {
        if (regs[i].event == n->event) {
            regs[i].flags |= n->flags;
            return 0;
        }
    }
    if (*count == max) return RF_ERROR_NOT_ENOUGH_MEMORY;
    regs[*count].event = n->event;
    regs[*count].flags = n->flags;
    (*count)++;
    return 0;
}

uint32_t RF_WINAPI sim_RasConnectionNotificationW(rf_hrasconn h, void *event, uint32_t flags)
{
    const uint32_t known = RF_RASCN_Connection | RF_RASCN_Disconnection |
                           RF_RASCN_BandwidthAdded | RF_RASCN_BandwidthRemoved;
    if (!event || !flags || (flags & ~known)) return RF_ERROR_INVALID_PARAMETER;
    if ((flags & RF_RASCN_Connection) && h != RF_HRASCONN_ALL) return RF_ERROR_INVALID_PARAMETER;
    notify_call n = { h, event, flags };
    return sim_locked(notify_locked, &n);
}

/* ------------------------------------------------------------------------
 * Statistics (lock held)
 * ---------------------------------------------------------------------- */
/* The connection is one whose counters can be read: listed, not ended. */
static sim_conn *live_conn(rf_hrasconn h)
{
    sim_conn *c = sim_conn_lookup(h);
    if (!c) return NULL;
    if (c->phase != SIM_DIALING && c->phase != SIM_PAUSED && c->phase != SIM_CONNECTED)
        return NULL;
    return c;
}

static uint64_t sim_bytes(const sim_conn *c, uint64_t since, uint64_t per_s, uint64_t now)
{
    if (!since || c->phase != SIM_CONNECTED || now <= since) return 0;
    double secs = (double)(now - since) / 1e9 * c->speed;
    return (uint64_t)(secs * (double)per_s);
}

typedef struct stats_call {
    rf_hrasconn h;
    uint32_t sub;                  /* 0: the connection */
    uint32_t clear;
    RF_RAS_STATS out;
} stats_call;

static uint32_t stats_locked(void *arg)
{
    stats_call *s = (stats_call *)arg;
    sim_conn *c = live_conn(s->h);
    if (!c) return RF_ERROR_INVALID_HANDLE;
    uint32_t p = c->e->pub.profile <= RF_SIM_PROFILE_MODEM ? c->e->pub.profile : 0;
    uint32_t n = nsubs(c);
    uint64_t now = rf_now_ns();
    uint64_t tx, rx, *ctx, *crx, since;
    if (s->sub == 0) {
        since = c->connected_ns;
        tx = sim_bytes(c, since, k_tx[p], now) + c->extra_tx;
        rx = sim_bytes(c, since, k_rx[p], now) + c->extra_rx;
        ctx = &c->clear_tx;
        crx = &c->clear_rx;
    } else {
        if (s->sub > n) return RF_ERROR_INVALID_PARAMETER;
        since = c->link_since[s->sub - 1];
        if (c->phase == SIM_CONNECTED && !since) return RF_ERROR_PORT_NOT_CONNECTED;
        tx = sim_bytes(c, since, k_tx[p] / n, now);
        rx = sim_bytes(c, since, k_rx[p] / n, now);
        ctx = &c->link_clear_tx[s->sub - 1];
        crx = &c->link_clear_rx[s->sub - 1];
    }
    if (tx < *ctx || rx < *crx) *ctx = *crx = 0;   /* a new up period */
    if (s->clear) {
        *ctx = tx;
        *crx = rx;
        return 0;
    }
    tx -= *ctx;
    rx -= *crx;
    memset(&s->out, 0, sizeof s->out);
    s->out.dwSize = (uint32_t)sizeof s->out;
    s->out.dwBytesXmited = (uint32_t)tx;          /* 32 bits: wraps at 4 GiB */
    s->out.dwBytesRcved = (uint32_t)rx;
    s->out.dwFramesXmited = (uint32_t)((tx + k_frame[p] - 1) / k_frame[p]);
    s->out.dwFramesRcved = (uint32_t)((rx + k_frame[p] - 1) / k_frame[p]);
    if (p == RF_SIM_PROFILE_MODEM) {
        s->out.dwCompressionRatioIn = 60;
        s->out.dwCompressionRatioOut = 55;
    }
    s->out.dwBps = c->phase == SIM_CONNECTED ? k_bps[p] : 0;
    uint64_t ms = since && c->phase == SIM_CONNECTED && now > since ? (now - since) / 1000000u : 0;
    s->out.dwConnectDuration = (uint32_t)ms;
    return 0;
}

static uint32_t get_stats(rf_hrasconn h, uint32_t sub, RF_RAS_STATS *st)
{
    if (!st) return RF_ERROR_INVALID_PARAMETER;
    if (st->dwSize != sizeof(RF_RAS_STATS)) return RF_ERROR_INVALID_SIZE;
    stats_call s;
    memset(&s, 0, sizeof s);
    s.h = h;
    s.sub = sub;
    uint32_t rc = sim_locked(stats_locked, &s);
    if (rc == 0) memcpy(st, &s.out, sizeof s.out);
    return rc;
}

uint32_t RF_WINAPI sim_RasGetConnectionStatistics(rf_hrasconn h, RF_RAS_STATS *st)
{
    return get_stats(h, 0, st);
}

uint32_t RF_WINAPI sim_RasGetLinkStatistics(rf_hrasconn h, uint32_t sub, RF_RAS_STATS *st)
{
    if (sub == 0) return RF_ERROR_INVALID_PARAMETER;
    return get_stats(h, sub, st);
}

static uint32_t clear_stats(rf_hrasconn h, uint32_t sub)
{
    stats_call s;
    memset(&s, 0, sizeof s);
    s.h = h;
    s.sub = sub;
    s.clear = 1;
    return sim_locked(stats_locked, &s);
}

uint32_t RF_WINAPI sim_RasClearConnectionStatistics(rf_hrasconn h)
{
    return clear_stats(h, 0);
}

uint32_t RF_WINAPI sim_RasClearLinkStatistics(rf_hrasconn h, uint32_t sub)
{
    if (sub == 0) return RF_ERROR_INVALID_PARAMETER;
    return clear_stats(h, sub);
}

/* ------------------------------------------------------------------------
 * Addresses and projections (lock held)
 * ---------------------------------------------------------------------- */
static void addr4(uint32_t host, uint8_t out[4])
{
    uint32_t a = (10u << 24) | (64u << 16) | host;   /* 10.64.0.0/15 */
    out[0] = (uint8_t)(a >> 24);
    out[1] = (uint8_t)(a >> 16);
    out[2] = (uint8_t)(a >> 8);
    out[3] = (uint8_t)a;
}

static void iid(uint32_t host, uint8_t out[8])
{
    memset(out, 0, 8);
    out[4] = (uint8_t)(host >> 24);
    out[5] = (uint8_t)(host >> 16);
    out[6] = (uint8_t)(host >> 8);
    out[7] = (uint8_t)host;
}

static void addr6(uint32_t host, uint8_t out[16])
{
    static const uint8_t k_prefix[8] = { 0xfd, 0x00, 0x52, 0x41, 0x53, 0x00, 0x00, 0x00 };
    memcpy(out, k_prefix, 8);
    iid(host, out + 8);
}

/* This side's host number in the pool: 2 on (1 is the server). */
static uint32_t client_host(rf_hrasconn h)
{
    return 2u + (uint32_t)((uintptr_t)h & 0xFFFFu);
}

typedef struct proj_call {
    rf_hrasconn h;
    uint32_t tunnel;               /* out */
    uint32_t modem;                /* out */
    uint32_t host;                 /* out */
} proj_call;

/* 0 when the projection is there, 730 while dialing, 6 when gone. */
static uint32_t proj_locked(void *arg)
{
    proj_call *p = (proj_call *)arg;
    sim_conn *c = live_conn(p->h);
    if (!c) return RF_ERROR_INVALID_HANDLE;
    if (c->phase != SIM_CONNECTED) return RF_ERROR_PROJECTION_NOT_COMPLETE;
    p->tunnel = c->e->pub.tunnel;
    p->modem = c->e->pub.profile == RF_SIM_PROFILE_MODEM;
    p->host = client_host(p->h);
    return 0;
}

static void ascii_addr(rf_wchar *dst, const uint8_t a[4])
{
    char buf[16];
    size_t n = 0;
    for (int i = 0; i < 4; i++) {
        unsigned v = a[i];
        char digits[3];
        int k = 0;
        do { digits[k++] = (char)('0' + v % 10); v /= 10; } while (v);
        while (k) buf[n++] = digits[--k];
        if (i < 3) buf[n++] = '.';
    }
    buf[n] = 0;
    sim_wcopy_ascii(dst, RF_RAS_MaxIpAddress + 1, buf);
}

static const size_t k_pppip_sizes[] = { RF_RASPPPIPW_SIZE_0400, RF_RASPPPIPW_SIZE_0500 };

uint32_t RF_WINAPI sim_RasGetProjectionInfoW(rf_hrasconn h, uint32_t projection, void *info,
                                             uint32_t *cb)
{
    if (!cb) return RF_ERROR_INVALID_PARAMETER;
    if (projection != RF_RASP_PppIp && projection != RF_RASP_PppIpv6)
        return RF_ERROR_PROTOCOL_NOT_CONFIGURED;
    size_t need = projection == RF_RASP_PppIp ? sizeof(RF_RASPPPIPW) : sizeof(RF_RASPPPIPV6);
    uint32_t size = 0;
    if (info && *cb >= sizeof(uint32_t)) memcpy(&size, info, sizeof size);
    if (projection == RF_RASP_PppIp && info && *cb >= sizeof(uint32_t) &&
        (size == RF_RASPPPIPW_SIZE_0400 || size == RF_RASPPPIPW_SIZE_0500))
        need = size;               /* the caller's version */
    if (!info || *cb < need) {
        *cb = (uint32_t)need;
        return RF_ERROR_BUFFER_TOO_SMALL;
    }
    if (projection == RF_RASP_PppIp &&
        size != k_pppip_sizes[0] && size != k_pppip_sizes[1]) return RF_ERROR_INVALID_SIZE;
    if (projection == RF_RASP_PppIpv6 && size != sizeof(RF_RASPPPIPV6)) return RF_ERROR_INVALID_SIZE;
    proj_call p;
    memset(&p, 0, sizeof p);
    p.h = h;
    uint32_t rc = sim_locked(proj_locked, &p);
    if (rc) return rc;
    if (p.tunnel == RF_SIM_TUNNEL_IKEV2) return RF_ERROR_PROTOCOL_NOT_CONFIGURED;
    if (projection == RF_RASP_PppIp) {
        RF_RASPPPIPW full;
        memset(&full, 0, sizeof full);
        full.dwSize = size;
        uint8_t a[4];
        addr4(p.host, a);
        ascii_addr(full.szIpAddress, a);
        addr4(1, a);
        ascii_addr(full.szServerIpAddress, a);
        memcpy(info, &full, size);
        return 0;
    }
    if (p.modem) return RF_ERROR_PROTOCOL_NOT_CONFIGURED;
    RF_RASPPPIPV6 v6;
    memset(&v6, 0, sizeof v6);
    v6.dwSize = (uint32_t)sizeof v6;
    iid(p.host, v6.bLocalInterfaceIdentifier);
    iid(1, v6.bPeerInterfaceIdentifier);
    memcpy(info, &v6, sizeof v6);
    return 0;
}

uint32_t RF_WINAPI sim_RasGetProjectionInfoEx(rf_hrasconn h, RF_RAS_PROJECTION_INFO *info,
                                              uint32_t *cb)
{
    if (!cb) return RF_ERROR_INVALID_PARAMETER;
    if (!info || *cb < sizeof *info) {
        *cb = (uint32_t)sizeof *info;
        return RF_ERROR_BUFFER_TOO_SMALL;
    }
    if (info->version != RF_RASAPIVERSION_601) return RF_ERROR_INVALID_PARAMETER;
    proj_call p;
    memset(&p, 0, sizeof p);
    p.h = h;
    uint32_t rc = sim_locked(proj_locked, &p);
    if (rc) return rc;
    memset(&info->u, 0, sizeof info->u);
    if (p.tunnel == RF_SIM_TUNNEL_IKEV2) {
        RF_RASIKEV2_PROJECTION_INFO *k = &info->u.ikev2;
        info->type = RF_PROJECTION_INFO_TYPE_IKEv2;
        addr4(p.host, k->ipv4Address);
        addr4(1, k->ipv4ServerAddress);
        addr6(p.host, k->ipv6Address);
        addr6(1, k->ipv6ServerAddress);
        k->dwPrefixLength = 64;
        k->dwAuthenticationProtocol = RF_RASIKEv2_AUTH_EAP;
        k->dwEapTypeId = 26;       /* EAP-MSCHAPv2 */
        k->dwFlags = 1;            /* RASIKEv2_FLAGS_MOBIKESUPPORTED */
        k->dwEncryptionMethod = RF_IPSEC_CIPHER_TYPE_AES_256;
        return 0;
    }
    RF_RASPPP_PROJECTION_INFO *q = &info->u.ppp;
    info->type = RF_PROJECTION_INFO_TYPE_PPP;
    addr4(p.host, q->ipv4Address);
    addr4(1, q->ipv4ServerAddress);
    if (p.modem) {
        q->dwIPv6NegotiationError = RF_ERROR_PROTOCOL_NOT_CONFIGURED;
        q->dwAuthenticationProtocol = RF_RASLCPAP_CHAP;
        q->dwAuthenticationData = RF_RASLCPAD_CHAP_MD5;
        q->dwCcpCompressionAlgorithm = RF_RASCCPCA_MPPC;
        q->dwCcpOptions = RF_RASCCPO_Compression;
    } else {
        iid(p.host, q->bInterfaceIdentifier);
        iid(1, q->bServerInterfaceIdentifier);
        q->dwAuthenticationProtocol = RF_RASLCPAP_CHAP;
        q->dwAuthenticationData = RF_RASLCPAD_CHAP_MSV2;
        q->dwCcpCompressionAlgorithm = RF_RASCCPCA_MPPC;
        q->dwCcpOptions = RF_RASCCPO_Encryption128bit;
    }
    q->dwServerAuthenticationProtocol = q->dwAuthenticationProtocol;
    q->dwServerAuthenticationData = q->dwAuthenticationData;
    q->dwCcpServerCompressionAlgorithm = q->dwCcpCompressionAlgorithm;
    q->dwCcpServerOptions = q->dwCcpOptions;
    return 0;
}

/* ------------------------------------------------------------------------
 * Controls (rf_sim.h)
 * ---------------------------------------------------------------------- */
typedef struct drop_call {
    rf_hrasconn h;
    uint32_t error;
    uint64_t tx, rx;
    uint32_t traffic;              /* 1: add traffic instead of dropping */
} drop_call;

static uint32_t drop_locked(void *arg)
{
    drop_call *d = (drop_call *)arg;
    sim_conn *c = sim_conn_lookup(d->h);
    if (!c || c->phase == SIM_HUNGUP || c->phase == SIM_FAILED || c->phase == SIM_DROPPED)
        return RF_ERROR_INVALID_HANDLE;
    if (c->phase != SIM_CONNECTED) return RF_ERROR_INVALID_PARAMETER;
    if (d->traffic) {
        c->extra_tx += d->tx;
        c->extra_rx += d->rx;
        return 0;
    }
    drop(c, d->error);
    return 0;
}

uint32_t rf_sim_drop(uint64_t hconn, uint32_t error)
{
    drop_call d;
    memset(&d, 0, sizeof d);
    d.h = (rf_hrasconn)(uintptr_t)hconn;
    d.error = error;
    return sim_locked(drop_locked, &d);
}

uint32_t rf_sim_add_traffic(uint64_t hconn, uint64_t sent, uint64_t received)
{
    drop_call d;
    memset(&d, 0, sizeof d);
    d.h = (rf_hrasconn)(uintptr_t)hconn;
    d.tx = sent;
    d.rx = received;
    d.traffic = 1;
    return sim_locked(drop_locked, &d);
}

int rf_sim_profile_traffic(uint32_t profile, uint64_t *tx_per_s, uint64_t *rx_per_s,
                           uint32_t *bps)
{
    if (profile > RF_SIM_PROFILE_MODEM) return 0;
    if (tx_per_s) *tx_per_s = k_tx[profile];
    if (rx_per_s) *rx_per_s = k_rx[profile];
    if (bps) *bps = k_bps[profile];
    return 1;
}

typedef struct log_call {
    rf_sim_drop_record *out;
    uint32_t max;
} log_call;

static uint32_t log_locked(void *arg)
{
    const log_call *l = (const log_call *)arg;
    uint64_t n = g_drops_head < RF_SIM_DROP_LOG ? g_drops_head : RF_SIM_DROP_LOG;
    if (n > l->max) n = l->max;
    uint64_t first = g_drops_head - n;
    for (uint64_t i = 0; i < n; i++) l->out[i] = g_drops[(first + i) % RF_SIM_DROP_LOG];
    return (uint32_t)n;
}

uint32_t rf_sim_drop_log(rf_sim_drop_record *out, uint32_t max)
{
    if (!out) return 0;
    log_call l = { out, max };
    return sim_locked(log_locked, &l);
}
