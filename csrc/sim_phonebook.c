/* The simulator's phonebook: entries, the name hash, the built-in entries,
 * and the states a dial of each entry walks through (its profile's step
 * sequence, with its pause and failure).
 *
 * Simulator choices (not Windows facts):
 * - Single-link dials report dwSubEntry 0 for every state; multilink dials
 *   report each subentry's device and authentication states with dwSubEntry
 *   1 or 2, then RASCS_SubEntryConnected for it, then ApplySettings and
 *   Connected with dwSubEntry 0.
 * - "Demo No Answer" uses the vpn timing (a modem dial would take seconds
 *   before failing); its device is still shown as the vpn miniport.
 *
 * - Phonebooks: the default one (a NULL or empty path) and one per other
 *   path a RAS call names, all in memory; the same name may be in several.
 *
 * Everything here but sim_profile_delays runs with the lock held. */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"
#include "atomics.h"

#define SIM_MAX_ENTRIES 1000000u
#define SIM_HASH_BUCKETS 4096u
#define SIM_MAX_BOOKS 256u         /* phonebook paths besides the default */

static struct {
    sim_pbe **list;                /* in the order they were added */
    uint32_t n, cap;
    sim_pbe *hash[SIM_HASH_BUCKETS];
    rf_wchar *books[SIM_MAX_BOOKS];   /* books[i] is phonebook i + 1 */
    uint32_t nbooks;
} pb;

/* An entry's hash: its name's, mixed with its phonebook's number. */
static uint32_t book_hash(uint32_t book, const uint16_t *name)
{
    return sim_whash(name) ^ (book * 0x9E3779B1u);
}

/* ------------------------------------------------------------------------
 * Profiles: timing, device, step sequences
 * ---------------------------------------------------------------------- */
static const uint64_t k_profile_min[3] = { 0, 10000000ull, 300000000ull };
static const uint64_t k_profile_max[3] = { 0, 200000000ull, 3000000000ull };

int sim_profile_delays(uint32_t profile, uint64_t *min_ns, uint64_t *max_ns)
{
    if (profile > RF_SIM_PROFILE_MODEM) return 0;
    if (min_ns) *min_ns = k_profile_min[profile];
    if (max_ns) *max_ns = k_profile_max[profile];
    return 1;
}

void sim_pbe_device(const sim_pbe *e, rf_wchar *type, rf_wchar *name)
{
    if (e->props && e->props->v0601.szDeviceType[0]) {
        sim_wcopy(type, RF_RAS_MaxDeviceType + 1, e->props->v0601.szDeviceType);
        sim_wcopy(name, RF_RAS_MaxDeviceName + 1, e->props->v0601.szDeviceName);
        return;
    }
    int modem = e->pub.profile == RF_SIM_PROFILE_MODEM;
    sim_wcopy_ascii(type, RF_RAS_MaxDeviceType + 1, modem ? "modem" : "vpn");
    sim_wcopy_ascii(name, RF_RAS_MaxDeviceName + 1,
                    modem ? "Simulated Modem" : "WAN Miniport (IKEv2)");
}

/* A VPN's tunnel: this side 198.51.100.x (x from the connection's slot,
 * 2..253), the server 203.0.113.1 (RFC 5737 documentation ranges). */
void sim_pbe_endpoints(const sim_pbe *e, uint32_t conn_index, RF_RASTUNNELENDPOINT *local,
                       RF_RASTUNNELENDPOINT *remote)
{
    memset(local, 0, sizeof *local);
    memset(remote, 0, sizeof *remote);
    if (e->pub.profile == RF_SIM_PROFILE_MODEM) return;   /* no tunnel: unknown */
    static const uint8_t k_local[4] = { 198, 51, 100, 0 }, k_remote[4] = { 203, 0, 113, 1 };
    local->dwType = remote->dwType = RF_RASTUNNELENDPOINT_IPv4;
    memcpy(local->addr.ipv4, k_local, 4);
    local->addr.ipv4[3] = (uint8_t)(2 + conn_index % 252);
    memcpy(remote->addr.ipv4, k_remote, 4);
}

const char *sim_pbe_phone_number(const sim_pbe *e)
{
    return e->pub.profile == RF_SIM_PROFILE_MODEM ? "555-0100" : "vpn.example.com";
}

void sim_pbe_phone_number_w(const sim_pbe *e, rf_wchar *out, size_t cap)
{
    if (e->props) sim_wcopy(out, cap, e->props->v0601.szLocalPhoneNumber);
    else sim_wcopy_ascii(out, cap, sim_pbe_phone_number(e));
}

/* IKEv2 has no PPP: no AuthNotify/AuthAck between Authenticate and
 * Authenticated (a simulator choice; Windows documents no order). */
static const uint16_t k_ikev2_link[] = {
    RF_RASCS_OpenPort, RF_RASCS_PortOpened, RF_RASCS_ConnectDevice,
    RF_RASCS_DeviceConnected, RF_RASCS_AllDevicesConnected, RF_RASCS_Authenticate,
    RF_RASCS_Authenticated
};
static const uint16_t k_vpn_link[] = {
    RF_RASCS_OpenPort, RF_RASCS_PortOpened, RF_RASCS_ConnectDevice,
    RF_RASCS_DeviceConnected, RF_RASCS_AllDevicesConnected, RF_RASCS_Authenticate,
    RF_RASCS_AuthNotify, RF_RASCS_AuthAck, RF_RASCS_Authenticated
};
static const uint16_t k_modem_link[] = {
    RF_RASCS_OpenPort, RF_RASCS_PortOpened, RF_RASCS_ConnectDevice,
    RF_RASCS_DeviceConnected, RF_RASCS_AllDevicesConnected, RF_RASCS_Authenticate,
    RF_RASCS_AuthNotify, RF_RASCS_AuthProject, RF_RASCS_AuthAck,
    RF_RASCS_Authenticated, RF_RASCS_Projected
};

static int is_pause_state(int32_t s)
{
    return s >= RF_RASCS_Interactive && s <= RF_RASCS_InvokeEapUI;
}

static int is_auth_pause(int32_t s)
{
    return s == RF_RASCS_RetryAuthentication || s == RF_RASCS_PasswordExpired ||
           s == RF_RASCS_InvokeEapUI;
}

static void push_step(sim_step *out, uint32_t *n, uint32_t state, uint32_t sub, uint32_t kind)
{
    if (*n < SIM_MAX_STEPS) {
        out[*n].state = (uint16_t)state;
        out[*n].sub = (uint8_t)sub;
        out[*n].kind = (uint8_t)kind;
        (*n)++;
    }
}

/* The link states of one subentry, with the entry's pause where it falls:
 * authentication pauses at Authenticate, the others at DeviceConnected. */
static void push_link(const rf_sim_entry *e, int ikev2, uint32_t sub, int *paused,
                      sim_step *out, uint32_t *n)
{
    int modem = e->profile == RF_SIM_PROFILE_MODEM;
    const uint16_t *link = modem ? k_modem_link : ikev2 ? k_ikev2_link : k_vpn_link;
    uint32_t link_n = modem ? (uint32_t)(sizeof k_modem_link / sizeof *k_modem_link)
                    : ikev2 ? (uint32_t)(sizeof k_ikev2_link / sizeof *k_ikev2_link)
                            : (uint32_t)(sizeof k_vpn_link / sizeof *k_vpn_link);
    for (uint32_t i = 0; i < link_n; i++) {
        push_step(out, n, link[i], sub, SIM_STEP_NORMAL);
        if (*paused || e->pause_at < 0) continue;
        uint16_t pause_after = is_auth_pause(e->pause_at) ? RF_RASCS_Authenticate
                                                          : RF_RASCS_DeviceConnected;
        if (link[i] != pause_after) continue;
        *paused = 1;
        push_step(out, n, (uint32_t)e->pause_at, sub, SIM_STEP_PAUSE);
        if (e->pause_at == RF_RASCS_PasswordExpired)
            push_step(out, n, RF_RASCS_AuthChangePassword, sub, SIM_STEP_NORMAL);
    }
}

/* Build the walk of an entry; truncated after the failing state.  Returns
 * the count; *fail_found says whether fail_at was met. */
static uint32_t build_steps(const rf_sim_entry *e, int ikev2, sim_step *out, int *fail_found)
{
    uint32_t nsub = e->subentries == 2 ? 2 : 1;
    uint32_t n = 0;
    int paused = 0;
    sim_step all[SIM_MAX_STEPS];
    for (uint32_t s = 1; s <= nsub; s++) {
        uint32_t sub = nsub == 2 ? s : 0;
        push_link(e, ikev2, sub, &paused, all, &n);
        if (nsub == 2) push_step(all, &n, RF_RASCS_SubEntryConnected, sub, SIM_STEP_NORMAL);
    }
    push_step(all, &n, RF_RASCS_ApplySettings, 0, SIM_STEP_NORMAL);
    push_step(all, &n, RF_RASCS_Connected, 0, SIM_STEP_NORMAL);

    *fail_found = 0;
    for (uint32_t k = 0; k < n; k++) {
        out[k] = all[k];
        if (e->fail_at >= 0 && all[k].state == (uint32_t)e->fail_at) {
            out[k].kind = SIM_STEP_FAIL;
            *fail_found = 1;
            return k + 1;
        }
    }
    return n;
}

static uint32_t validate_entry(const rf_sim_entry *in, sim_step *steps, uint32_t *nsteps)
{
    size_t len = sim_wlen_max(in->name, RF_RAS_MaxEntryName);
    if (len == 0 || len > RF_RAS_MaxEntryName) return RF_ERROR_INVALID_PARAMETER;
    if (in->profile > RF_SIM_PROFILE_MODEM) return RF_ERROR_INVALID_PARAMETER;
    if (in->subentries != 1 && in->subentries != 2) return RF_ERROR_INVALID_PARAMETER;
    if (in->pause_at != -1 && !is_pause_state(in->pause_at)) return RF_ERROR_INVALID_PARAMETER;
    if (in->fail_at < -1) return RF_ERROR_INVALID_PARAMETER;
    if (in->tunnel > RF_SIM_TUNNEL_IKEV2) return RF_ERROR_INVALID_PARAMETER;
    if (in->tunnel == RF_SIM_TUNNEL_IKEV2 && in->profile == RF_SIM_PROFILE_MODEM)
        return RF_ERROR_INVALID_PARAMETER;    /* IKEv2 needs a VPN */
    if (in->drop_error && !in->drop_after_ns) return RF_ERROR_INVALID_PARAMETER;
    if (in->fail_at >= 0 && in->error == 0) return RF_ERROR_INVALID_PARAMETER;
    /* CONNECTED and DISCONNECTED end the notifications: a dial cannot
     * announce CONNECTED and then fail there. */
    if (in->fail_at >= RF_RASCS_Connected) return RF_ERROR_INVALID_PARAMETER;
    int fail_found;
    /* an IKEv2 tunnel walks IKEv2's states (no AuthNotify/AuthAck) */
    *nsteps = build_steps(in, in->tunnel == RF_SIM_TUNNEL_IKEV2, steps, &fail_found);
    if (in->fail_at >= 0 && !fail_found) return RF_ERROR_INVALID_PARAMETER;
    return 0;
}

/* ------------------------------------------------------------------------
 * Entries, the list and the name hash
 * ---------------------------------------------------------------------- */
void sim_pbe_retain(sim_pbe *e)
{
    e->refs++;
}

void sim_pbe_release(sim_pbe *e)
{
    if (e && --e->refs == 0) {
        rf_secure_wipe(e->pub.password, sizeof e->pub.password);   /* no copy in freed memory */
        rf_secure_wipe(&e->saved, sizeof e->saved);
        free(e->props);
        free(e->eap);
        free(e);
    }
}

/* The password check of an entry that has one (exact, case-sensitive, as
 * a server compares); the dialled password is compared, never stored. */
int sim_pbe_password_rejected(const sim_pbe *e, const rf_wchar *given)
{
    if (!e->pub.checks_password) return 0;
    const uint16_t *want = e->pub.password;
    uint16_t diff = 0;
    for (size_t i = 0; i <= RF_PWLEN; i++) {
        diff |= (uint16_t)(want[i] ^ given[i]);
        if (!want[i] || !given[i]) break;
    }
    return diff != 0;
}

static uint64_t g_changes;         /* rf_sim_phonebook_changes */

void sim_pb_changed(void)
{
    rf_fetch_add_u64(&g_changes, 1);
}

uint64_t rf_sim_phonebook_changes(void)
{
    return rf_load_acquire_u64(&g_changes);
}

void sim_pbe_set_password(sim_pbe *e, const rf_wchar *password)
{
    memcpy(e->pub.password, password, sizeof e->pub.password);
    e->pub.password[RF_PWLEN] = 0;
}

sim_pbe *sim_pb_find_in(uint32_t book, const uint16_t *name)
{
    uint32_t h = book_hash(book, name);
    for (sim_pbe *e = pb.hash[h % SIM_HASH_BUCKETS]; e; e = e->hnext)
        if (e->hash == h && e->book == book && sim_wieq(e->pub.name, name)) return e;
    return NULL;
}

sim_pbe *sim_pb_find(const uint16_t *name)
{
    return sim_pb_find_in(0, name);
}

uint32_t sim_pb_book(const rf_wchar *path, uint32_t *book)
{
    *book = 0;
    if (!path || !path[0]) return 0;
    size_t len = sim_wlen_max(path, RF_MAX_PATH - 1);
    if (len > RF_MAX_PATH - 1) return RF_ERROR_CANNOT_OPEN_PHONEBOOK;
    for (uint32_t i = 0; i < pb.nbooks; i++) {
        if (sim_wieq(pb.books[i], path)) {
            *book = i + 1;
            return 0;
        }
    }
    if (pb.nbooks == SIM_MAX_BOOKS) return RF_ERROR_CANNOT_OPEN_PHONEBOOK;
    rf_wchar *copy = (rf_wchar *)calloc(len + 1, sizeof *copy);
    if (!copy) return RF_ERROR_NOT_ENOUGH_MEMORY;
    memcpy(copy, path, len * sizeof *copy);
    pb.books[pb.nbooks++] = copy;
    *book = pb.nbooks;
    return 0;
}

static uint64_t g_salt_counter;

static uint32_t add(uint32_t book, const rf_sim_entry *in, uint32_t builtin, sim_pbe **out)
{
    sim_step steps[SIM_MAX_STEPS];
    uint32_t nsteps = 0;
    uint32_t err = validate_entry(in, steps, &nsteps);
    if (err) return err;
    if (sim_pb_find_in(book, in->name)) return RF_ERROR_ALREADY_EXISTS;
    if (pb.n >= SIM_MAX_ENTRIES) return RF_ERROR_NOT_ENOUGH_MEMORY;
    if (pb.n == pb.cap) {
        uint32_t cap = pb.cap ? pb.cap * 2 : 64;
        sim_pbe **list = (sim_pbe **)realloc(pb.list, cap * sizeof *list);
        if (!list) return RF_ERROR_NOT_ENOUGH_MEMORY;
        pb.list = list;
        pb.cap = cap;
    }
    sim_pbe *e = (sim_pbe *)calloc(1, sizeof *e);
    if (!e) return RF_ERROR_NOT_ENOUGH_MEMORY;
    e->refs = 1;
    e->listed = 1;
    e->pub = *in;
    e->pub.name[RF_RAS_MaxEntryName] = 0;
    e->pub.builtin = builtin;
    e->pub.password[RF_PWLEN] = 0;
    e->pub.checks_password = e->pub.password[0] != 0;
    e->book = book;
    /* Distinct per entry; not secret (a salt need not be). */
    e->salt = (rf_now_ns() ^ (uint64_t)(uintptr_t)e) * 0x9E3779B97F4A7C15ull + ++g_salt_counter;
    e->hash = book_hash(book, e->pub.name);
    e->nsteps = nsteps;
    memcpy(e->steps, steps, sizeof steps);
    e->hnext = pb.hash[e->hash % SIM_HASH_BUCKETS];
    pb.hash[e->hash % SIM_HASH_BUCKETS] = e;
    pb.list[pb.n++] = e;
    if (out) *out = e;
    sim_pb_changed();
    return 0;
}

uint32_t sim_pb_add(const rf_sim_entry *entry)
{
    return add(0, entry, 0, NULL);
}

uint32_t sim_pb_add_in(uint32_t book, const rf_sim_entry *entry, sim_pbe **out)
{
    return add(book, entry, 0, out);
}

void sim_pb_rename(sim_pbe *e, const rf_wchar *name)
{
    sim_pbe **pp = &pb.hash[e->hash % SIM_HASH_BUCKETS];
    while (*pp && *pp != e) pp = &(*pp)->hnext;
    if (*pp) *pp = e->hnext;
    sim_wcopy(e->pub.name, RF_RAS_MaxEntryName + 1, name);
    e->hash = book_hash(e->book, e->pub.name);
    e->hnext = pb.hash[e->hash % SIM_HASH_BUCKETS];
    pb.hash[e->hash % SIM_HASH_BUCKETS] = e;
    sim_pb_changed();
}

/* A created entry: a VPN unless its type is RASET_Phone; IKEv2's walk for
 * an IKEv2-only strategy; a server under .invalid (RFC 2606: never
 * resolves) fails at ConnectDevice with ERROR_DNSNAME_NOT_RESOLVABLE. */
void sim_pbe_rebuild_steps(sim_pbe *e)
{
    if (!e->created || !e->props) return;
    const RF_RASENTRYW *p = &e->props->v0601;
    rf_sim_entry spec = e->pub;
    spec.profile = p->dwType == RF_RASET_Phone ? RF_SIM_PROFILE_MODEM : RF_SIM_PROFILE_VPN;
    spec.fail_at = -1;
    spec.error = 0;
    static const char k_invalid[] = ".invalid";
    size_t n = sim_wlen_max(p->szLocalPhoneNumber, RF_RAS_MaxPhoneNumber), k = sizeof k_invalid - 1;
    int invalid = 0;
    if (n > k) {
        invalid = 1;
        for (size_t i = 0; i < k; i++) {
            rf_wchar c = p->szLocalPhoneNumber[n - k + i];
            if (c >= 'A' && c <= 'Z') c = (rf_wchar)(c + 32);
            if (c != (rf_wchar)k_invalid[i]) invalid = 0;
        }
    }
    if (invalid) {
        spec.fail_at = RF_RASCS_ConnectDevice;
        spec.error = RF_ERROR_DNSNAME_NOT_RESOLVABLE;
    }
    /* An IKEv2-only VPN walks IKEv2's states and projects IKEv2 (sim_link.c). */
    int ikev2 = spec.profile == RF_SIM_PROFILE_VPN && p->dwVpnStrategy == RF_VS_Ikev2Only;
    spec.tunnel = ikev2 ? RF_SIM_TUNNEL_IKEV2 : RF_SIM_TUNNEL_PPP;
    int fail_found;
    e->pub.profile = spec.profile;
    e->pub.fail_at = spec.fail_at;
    e->pub.error = spec.error;
    e->pub.tunnel = spec.tunnel;
    e->nsteps = build_steps(&spec, ikev2, e->steps, &fail_found);
    sim_pb_changed();
}

void sim_pb_unlink(sim_pbe *e)
{
    sim_pbe **pp = &pb.hash[e->hash % SIM_HASH_BUCKETS];
    while (*pp && *pp != e) pp = &(*pp)->hnext;
    if (*pp) *pp = e->hnext;
    for (uint32_t i = 0; i < pb.n; i++) {
        if (pb.list[i] == e) {
            memmove(&pb.list[i], &pb.list[i + 1], (pb.n - i - 1) * sizeof *pb.list);
            pb.n--;
            break;
        }
    }
    e->listed = 0;
    e->hnext = NULL;
    sim_pbe_release(e);
    sim_pb_changed();
}

int sim_pb_remove(const uint16_t *name)
{
    sim_pbe *e = sim_pb_find(name);
    if (e) sim_pb_unlink(e);
    return e != NULL;
}

uint32_t sim_pb_count(void)
{
    return pb.n;
}

const sim_pbe *sim_pb_at(uint32_t index)
{
    return index < pb.n ? pb.list[index] : NULL;
}

static void clear(void)
{
    while (pb.n) sim_pb_unlink(pb.list[pb.n - 1]);
}

void sim_pb_free(void)
{
    clear();
    for (uint32_t i = 0; i < pb.nbooks; i++) free(pb.books[i]);
    free(pb.list);
    memset(&pb, 0, sizeof pb);
}

/* ------------------------------------------------------------------------
 * The built-in phonebook
 * ---------------------------------------------------------------------- */
static void add_builtin_life(const char *name, uint32_t profile, uint32_t tunnel,
                             uint64_t drop_after_ns, uint32_t drop_error)
{
    rf_sim_entry e;
    memset(&e, 0, sizeof e);
    sim_wcopy_ascii(e.name, RF_RAS_MaxEntryName + 1, name);
    e.profile = profile;
    e.fail_at = e.pause_at = -1;
    e.subentries = 1;
    e.tunnel = tunnel;
    e.drop_after_ns = drop_after_ns;
    e.drop_error = drop_error;
    (void)add(0, &e, 1, NULL);
}

static void add_builtin(const char *name, uint32_t profile, int32_t fail_at, uint32_t error,
                        int32_t pause_at, uint32_t subentries)
{
    rf_sim_entry e;
    memset(&e, 0, sizeof e);
    sim_wcopy_ascii(e.name, RF_RAS_MaxEntryName + 1, name);
    e.profile = profile;
    e.fail_at = fail_at;
    e.error = error;
    e.pause_at = pause_at;
    e.subentries = subentries;
    (void)add(0, &e, 1, NULL);
}

void sim_pb_restore(void)
{
    clear();
    add_builtin("Demo VPN", RF_SIM_PROFILE_VPN, -1, 0, -1, 1);
    add_builtin("Demo Modem", RF_SIM_PROFILE_MODEM, -1, 0, -1, 1);
    add_builtin("Demo Multilink", RF_SIM_PROFILE_VPN, -1, 0, -1, 2);
    add_builtin("Demo Bad Password", RF_SIM_PROFILE_VPN, RF_RASCS_Authenticate,
                RF_ERROR_AUTHENTICATION_FAILURE, -1, 1);
    /* vpn timing on purpose: a modem would take seconds to fail */
    add_builtin("Demo No Answer", RF_SIM_PROFILE_VPN, RF_RASCS_ConnectDevice,
                RF_ERROR_NO_ANSWER, -1, 1);
    add_builtin("Demo VPN Timeout", RF_SIM_PROFILE_VPN, RF_RASCS_ConnectDevice,
                RF_ERROR_VPN_TIMEOUT, -1, 1);
    add_builtin("Demo Password Expired", RF_SIM_PROFILE_VPN, -1, 0,
                RF_RASCS_PasswordExpired, 1);
    add_builtin("Demo Instant", RF_SIM_PROFILE_INSTANT, -1, 0, -1, 1);
    /* The server ends it a few seconds after CONNECTED (sim_link.c). */
    add_builtin_life("Demo Flaky VPN", RF_SIM_PROFILE_VPN, RF_SIM_TUNNEL_PPP, 4000000000ull,
                     RF_ERROR_REMOTE_DISCONNECTION);
    add_builtin_life("Demo IKEv2", RF_SIM_PROFILE_VPN, RF_SIM_TUNNEL_IKEV2, 0, 0);
}
