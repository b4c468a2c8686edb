/* The simulated service's phonebook functions: RasValidateEntryNameW,
 * RasGet/SetEntryPropertiesW, RasDeleteEntryW, RasRenameEntryW,
 * RasGet/SetCredentialsW, RasGet/SetCustomAuthDataW; the saved-credential
 * check of a dial; rf_sim_set_server_password.
 *
 * Each checks its arguments without the lock, then runs one locked section.
 *
 * Windows behaviour followed here (the functions' reference pages on
 * learn.microsoft.com, nf-ras-ras*):
 * - RasValidateEntryName: 0 for a valid unused name, ERROR_ALREADY_EXISTS
 *   (183) when the phonebook has it, ERROR_INVALID_NAME (123) for an empty
 *   or too long name, a leading dot, or one of \ / : * ? " < > | (and here:
 *   control characters and unpaired UTF-16 surrogates).
 * - RasGetEntryProperties: a NULL buffer or *cb smaller than the caller's
 *   dwSize is ERROR_BUFFER_TOO_SMALL (603) with the size needed in *cb; an
 *   unknown dwSize is ERROR_INVALID_SIZE (632); a NULL or empty entry name
 *   gives the default properties of a new entry.
 * - RasSetEntryProperties creates the entry or replaces its properties; an
 *   invalid name is 123.
 * - No such entry: ERROR_CANNOT_FIND_PHONEBOOK_ENTRY (623).  A phonebook
 *   path that cannot be used: ERROR_CANNOT_OPEN_PHONEBOOK (621).
 * - RasGetCredentials never returns a saved password: szPassword receives a
 *   handle to it, which RasDial and RasSetCredentials take in its place.
 *   RASCM_PreSharedKey cannot be combined with another flag (87).
 *
 * Simulator choices (not Windows facts):
 * - The handle is sixteen asterisks (Windows says only that its value may
 *   change).
 * - Saved passwords and keys are kept as sim_secret_hash values with the
 *   entry's salt: a dial given the handle passes when the saved hash is the
 *   hash of the password the "server" has (rf_sim_set_server_password or
 *   sim.add_entry's password); an entry without one accepts any password.
 * - Set with cb smaller than the structure's dwSize: 632.  A dwType, an
 *   encryption type or a VPN strategy outside the SDK's values: 87.
 * - Custom auth (EAP) data: up to 64 KiB. */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"
#include "rf_entries.h"

#define SIM_MAX_EAP (64u * 1024u)

static const rf_wchar k_saved_handle[] = {
    '*', '*', '*', '*', '*', '*', '*', '*', '*', '*', '*', '*', '*', '*', '*', '*', 0
};

static int is_saved_handle(const rf_wchar *s)
{
    for (size_t i = 0; i < sizeof k_saved_handle / sizeof *k_saved_handle; i++)
        if (s[i] != k_saved_handle[i]) return 0;
    return 1;
}

uint64_t sim_secret_hash(uint64_t salt, const rf_wchar *secret)
{
    uint64_t h = salt ^ 0xcbf29ce484222325ull;
    for (size_t i = 0; i <= RF_PWLEN && secret[i]; i++) {
        h ^= secret[i];
        h *= 0x100000001b3ull;
    }
    for (int round = 0; round < 16; round++) {
        h ^= h >> 30;
        h *= 0xbf58476d1ce4e5b9ull;
        h ^= h >> 27;
        h *= 0x94d049bb133111ebull;
        h ^= h >> 31;
    }
    return h;
}

int sim_pbe_dial_rejected(const sim_pbe *e, const rf_wchar *given)
{
    if (is_saved_handle(given) && (e->saved.mask & RF_RASCM_Password)) {
        if (!e->pub.checks_password) return 0;
        return sim_secret_hash(e->salt, e->pub.password) != e->saved.password_hash;
    }
    return sim_pbe_password_rejected(e, given);
}

/* ------------------------------------------------------------------------
 * Names, sizes
 * ---------------------------------------------------------------------- */
static int name_valid(const rf_wchar *name)
{
    size_t n = sim_wlen_max(name, RF_RAS_MaxEntryName);
    if (n == 0 || n > RF_RAS_MaxEntryName || name[0] == '.') return 0;
    for (size_t i = 0; i < n; i++) {
        rf_wchar c = name[i];
        if (c < 0x20 || c == '\\' || c == '/' || c == ':' || c == '*' || c == '?' || c == '"' ||
            c == '<' || c == '>' || c == '|')
            return 0;
        if (c >= 0xD800 && c <= 0xDBFF) {         /* a high surrogate needs a low one */
            if (i + 1 >= n || name[i + 1] < 0xDC00 || name[i + 1] > 0xDFFF) return 0;
            i++;
        } else if (c >= 0xDC00 && c <= 0xDFFF) {
            return 0;
        }
    }
    return 1;
}

static const size_t k_entry_sizes[] = {
    RF_RASENTRYW_SIZE_0400, RF_RASENTRYW_SIZE_0401, RF_RASENTRYW_SIZE_0500,
    RF_RASENTRYW_SIZE_0501, RF_RASENTRYW_SIZE_0600, RF_RASENTRYW_SIZE_0601,
    RF_RASENTRYW_SIZE_0A00,
};

static int entry_size_known(uint32_t size)
{
    for (size_t i = 0; i < sizeof k_entry_sizes / sizeof *k_entry_sizes; i++)
        if (size == k_entry_sizes[i]) return 1;
    return 0;
}

static int strategy_known(uint32_t vs)
{
    return vs <= 9 || (vs >= 12 && vs <= 15);    /* VS_Default..VS_GREOnly, VS_PptpSstp..VS_ProtocolList */
}

/* The properties of an entry that has none of its own (built-in,
 * sim.add_entry, or the defaults for a NULL name: e NULL). */
static void default_props(const sim_pbe *e, RF_RASENTRYW_0A00 *out)
{
    memset(out, 0, sizeof *out);
    RF_RASENTRYW *p = &out->v0601;
    int modem = e && e->pub.profile == RF_SIM_PROFILE_MODEM;
    p->dwType = modem ? RF_RASET_Phone : RF_RASET_Vpn;
    p->dwfOptions = RF_RASEO_RemoteDefaultGateway | RF_RASEO_RequireMsCHAP2;
    p->dwfNetProtocols = RF_RASNP_Ip | RF_RASNP_Ipv6;
    p->dwFramingProtocol = 1;                    /* PPP */
    p->dwEncryptionType = RF_ET_Require;
    p->dwVpnStrategy = modem ? RF_VS_Default : RF_VS_Ikev2Only;
    p->dwRedialCount = 3;
    p->dwRedialPause = 60;
    p->dwSubEntries = e ? e->pub.subentries : 1;
    p->dwDialMode = 1;                           /* RASEDM_DialAll */
    if (e) {
        sim_pbe_device(e, p->szDeviceType, p->szDeviceName);
        sim_pbe_phone_number_w(e, p->szLocalPhoneNumber, RF_RAS_MaxPhoneNumber + 1);
    } else {
        sim_wcopy_ascii(p->szDeviceType, RF_RAS_MaxDeviceType + 1, "vpn");
    }
}

/* Every string of a structure ends inside its field, whatever the caller
 * wrote. */
static void terminate_strings(RF_RASENTRYW_0A00 *f)
{
    RF_RASENTRYW *p = &f->v0601;
#define END(field) (field)[sizeof(field) / sizeof((field)[0]) - 1] = 0
    END(p->szAreaCode); END(p->szLocalPhoneNumber); END(p->szScript); END(p->szAutodialDll);
    END(p->szAutodialFunc); END(p->szDeviceType); END(p->szDeviceName); END(p->szX25PadType);
    END(p->szX25Address); END(p->szX25Facilities); END(p->szX25UserData);
    END(p->szCustomDialDll); END(p->szDnsSuffix); END(p->szPrerequisitePbk);
    END(p->szPrerequisiteEntry); END(f->szIDi); END(f->szIDr);
#undef END
}

/* ------------------------------------------------------------------------
 * The calls
 * ---------------------------------------------------------------------- */
typedef struct entry_call {
    const rf_wchar *pbk;
    const rf_wchar *name;
    const rf_wchar *new_name;      /* rename */
    RF_RASENTRYW_0A00 *full;       /* get: filled; set: the caller's, widened */
    RF_RASCREDENTIALSW *creds;
    int32_t clear;
    uint8_t *data;                 /* custom auth data */
    uint32_t *cb;
    uint32_t cb_in;
    int names_default;             /* get with no name: the defaults */
} entry_call;

/* The entry a call names, or its error. */
static uint32_t lookup(const entry_call *a, uint32_t *book, sim_pbe **e)
{
    uint32_t err = sim_pb_book(a->pbk, book);
    if (err) return err;
    *e = a->name ? sim_pb_find_in(*book, a->name) : NULL;
    return *e ? 0 : RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
}

static uint32_t validate_locked(void *arg)
{
    const entry_call *a = (const entry_call *)arg;
    uint32_t book;
    uint32_t err = sim_pb_book(a->pbk, &book);
    if (err) return err;
    if (!name_valid(a->name)) return RF_ERROR_INVALID_NAME;
    return sim_pb_find_in(book, a->name) ? RF_ERROR_ALREADY_EXISTS : 0;
}

uint32_t RF_WINAPI sim_RasValidateEntryNameW(const rf_wchar *pbk, const rf_wchar *entry)
{
    if (!entry) return RF_ERROR_INVALID_NAME;
    entry_call a = { .pbk = pbk, .name = entry };
    return sim_locked(validate_locked, &a);
}

static uint32_t get_props_locked(void *arg)
{
    entry_call *a = (entry_call *)arg;
    if (a->names_default) {
        uint32_t book;
        uint32_t err = sim_pb_book(a->pbk, &book);
        if (err) return err;
        default_props(NULL, a->full);
        return 0;
    }
    uint32_t book;
    sim_pbe *e;
    uint32_t err = lookup(a, &book, &e);
    if (err) return err;
    if (e->props) *a->full = *e->props;
    else default_props(e, a->full);
    return 0;
}

uint32_t RF_WINAPI sim_RasGetEntryPropertiesW(const rf_wchar *pbk, const rf_wchar *entry,
                                              RF_RASENTRYW *props, uint32_t *cb,
                                              uint8_t *devinfo, uint32_t *cbdevinfo)
{
    (void)devinfo;                 /* TAPI device configuration: none here */
    if (!cb) return RF_ERROR_INVALID_PARAMETER;
    if (!props) {
        *cb = (uint32_t)RF_RASENTRYW_SIZE_0A00;   /* enough for any version */
        return RF_ERROR_BUFFER_TOO_SMALL;
    }
    uint32_t size = props->dwSize;
    if (!entry_size_known(size)) return RF_ERROR_INVALID_SIZE;
    if (*cb < size) {
        *cb = size;
        return RF_ERROR_BUFFER_TOO_SMALL;
    }
    if (entry && sim_wlen_max(entry, RF_RAS_MaxEntryName) > RF_RAS_MaxEntryName)
        return RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
    RF_RASENTRYW_0A00 *full = (RF_RASENTRYW_0A00 *)malloc(sizeof *full);
    if (!full) return RF_ERROR_NOT_ENOUGH_MEMORY;
    entry_call a = { .pbk = pbk, .name = entry, .full = full,
                     .names_default = !entry || !entry[0] };
    uint32_t rc = sim_locked(get_props_locked, &a);
    if (rc == 0) {
        full->v0601.dwSize = size;
        memcpy(props, full, size);
        *cb = size;
        if (cbdevinfo) *cbdevinfo = 0;
    }
    free(full);
    return rc;
}

static uint32_t set_props_locked(void *arg)
{
    entry_call *a = (entry_call *)arg;
    sim_pb_changed();              /* its properties change in place */
    uint32_t book;
    uint32_t err = sim_pb_book(a->pbk, &book);
    if (err) return err;
    sim_pbe *e = sim_pb_find_in(book, a->name);
    RF_RASENTRYW_0A00 *props = e ? e->props : NULL;
    if (!props) {
        props = (RF_RASENTRYW_0A00 *)malloc(sizeof *props);
        if (!props) return RF_ERROR_NOT_ENOUGH_MEMORY;
    }
    if (!e) {
        rf_sim_entry spec;
        memset(&spec, 0, sizeof spec);
        sim_wcopy(spec.name, RF_RAS_MaxEntryName + 1, a->name);
        spec.profile = RF_SIM_PROFILE_VPN;
        spec.fail_at = -1;
        spec.pause_at = -1;
        spec.subentries = 1;
        err = sim_pb_add_in(book, &spec, &e);
        if (err) {
            free(props);
            return err;
        }
        e->created = 1;
    }
    *props = *a->full;
    props->v0601.dwSize = (uint32_t)sizeof *props;
    e->props = props;
    sim_pbe_rebuild_steps(e);
    return 0;
}

uint32_t RF_WINAPI sim_RasSetEntryPropertiesW(const rf_wchar *pbk, const rf_wchar *entry,
                                              RF_RASENTRYW *props, uint32_t cb,
                                              uint8_t *devinfo, uint32_t cbdevinfo)
{
    (void)devinfo;
    (void)cbdevinfo;
    if (!props) return RF_ERROR_INVALID_PARAMETER;
    uint32_t size = props->dwSize;
    if (!entry_size_known(size) || cb < size) return RF_ERROR_INVALID_SIZE;
    if (!entry || !name_valid(entry)) return RF_ERROR_INVALID_NAME;
    if (size >= RF_RASENTRYW_SIZE_0401 && (props->dwType < RF_RASET_Phone || props->dwType > 5))
        return RF_ERROR_INVALID_PARAMETER;
    if (size >= RF_RASENTRYW_SIZE_0401 &&
        (props->dwEncryptionType > RF_ET_Optional || !strategy_known(props->dwVpnStrategy)))
        return RF_ERROR_INVALID_PARAMETER;
    RF_RASENTRYW_0A00 *full = (RF_RASENTRYW_0A00 *)calloc(1, sizeof *full);
    if (!full) return RF_ERROR_NOT_ENOUGH_MEMORY;
    memcpy(full, props, size);     /* an older version: the newer fields stay 0 */
    terminate_strings(full);
    entry_call a = { .pbk = pbk, .name = entry, .full = full };
    uint32_t rc = sim_locked(set_props_locked, &a);
    free(full);
    return rc;
}

static uint32_t delete_locked(void *arg)
{
    const entry_call *a = (const entry_call *)arg;
    uint32_t book;
    sim_pbe *e;
    uint32_t err = lookup(a, &book, &e);
    if (err) return err;
    sim_pb_unlink(e);
    return 0;
}

uint32_t RF_WINAPI sim_RasDeleteEntryW(const rf_wchar *pbk, const rf_wchar *entry)
{
    if (!entry || sim_wlen_max(entry, RF_RAS_MaxEntryName) > RF_RAS_MaxEntryName)
        return RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
    entry_call a = { .pbk = pbk, .name = entry };
    return sim_locked(delete_locked, &a);
}

static uint32_t rename_locked(void *arg)
{
    const entry_call *a = (const entry_call *)arg;
    uint32_t book;
    sim_pbe *e;
    uint32_t err = lookup(a, &book, &e);
    if (err) return err;
    sim_pbe *other = sim_pb_find_in(book, a->new_name);
    if (other && other != e) return RF_ERROR_ALREADY_EXISTS;
    sim_pb_rename(e, a->new_name);
    return 0;
}

uint32_t RF_WINAPI sim_RasRenameEntryW(const rf_wchar *pbk, const rf_wchar *old_name,
                                       const rf_wchar *new_name)
{
    if (!old_name || !new_name) return RF_ERROR_INVALID_PARAMETER;
    if (!name_valid(new_name)) return RF_ERROR_INVALID_NAME;
    if (sim_wlen_max(old_name, RF_RAS_MaxEntryName) > RF_RAS_MaxEntryName)
        return RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
    entry_call a = { .pbk = pbk, .name = old_name, .new_name = new_name };
    return sim_locked(rename_locked, &a);
}

/* ------------------------------------------------------------------------
 * Credentials
 * ---------------------------------------------------------------------- */
static uint32_t get_creds_locked(void *arg)
{
    entry_call *a = (entry_call *)arg;
    uint32_t book;
    sim_pbe *e;
    uint32_t err = lookup(a, &book, &e);
    if (err) return err;
    RF_RASCREDENTIALSW *c = a->creds;
    uint32_t want = c->dwMask, have = e->saved.mask;
    c->dwMask = 0;
    if ((want & RF_RASCM_UserName) && (have & RF_RASCM_UserName)) {
        sim_wcopy(c->szUserName, RF_UNLEN + 1, e->saved.username);
        c->dwMask |= RF_RASCM_UserName;
    }
    if ((want & RF_RASCM_Domain) && (have & RF_RASCM_Domain)) {
        sim_wcopy(c->szDomain, RF_DNLEN + 1, e->saved.domain);
        c->dwMask |= RF_RASCM_Domain;
    }
    uint32_t secret = want & (RF_RASCM_Password | RF_RASCM_PreSharedKey) & have;
    if (secret) {
        sim_wcopy(c->szPassword, RF_PWLEN + 1, k_saved_handle);
        c->dwMask |= secret;
    }
    c->dwMask |= have & want & RF_RASCM_DefaultCreds;
    return 0;
}

uint32_t RF_WINAPI sim_RasGetCredentialsW(const rf_wchar *pbk, const rf_wchar *entry,
                                          RF_RASCREDENTIALSW *creds)
{
    if (!creds) return RF_ERROR_INVALID_PARAMETER;
    if (creds->dwSize != sizeof *creds) return RF_ERROR_INVALID_SIZE;
    if ((creds->dwMask & RF_RASCM_PreSharedKey) && creds->dwMask != RF_RASCM_PreSharedKey)
        return RF_ERROR_INVALID_PARAMETER;
    if (!entry || sim_wlen_max(entry, RF_RAS_MaxEntryName) > RF_RAS_MaxEntryName)
        return RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
    RF_RASCREDENTIALSW out;
    memset(&out, 0, sizeof out);
    out.dwSize = creds->dwSize;
    out.dwMask = creds->dwMask;
    entry_call a = { .pbk = pbk, .name = entry, .creds = &out };
    uint32_t rc = sim_locked(get_creds_locked, &a);
    if (rc == 0) *creds = out;
    return rc;
}

static uint32_t set_creds_locked(void *arg)
{
    entry_call *a = (entry_call *)arg;
    uint32_t book;
    sim_pbe *e;
    uint32_t err = lookup(a, &book, &e);
    if (err) return err;
    const RF_RASCREDENTIALSW *c = a->creds;
    sim_saved *s = &e->saved;
    uint32_t m = c->dwMask;
    if (a->clear) {
        s->mask &= ~m;
        if (m & RF_RASCM_UserName) memset(s->username, 0, sizeof s->username);
        if (m & RF_RASCM_Domain) memset(s->domain, 0, sizeof s->domain);
        if (m & RF_RASCM_Password) s->password_hash = 0;
        if (m & RF_RASCM_PreSharedKey) s->psk_hash = 0;
        return 0;
    }
    if (m & RF_RASCM_UserName) sim_wcopy(s->username, RF_UNLEN + 1, c->szUserName);
    if (m & RF_RASCM_Domain) sim_wcopy(s->domain, RF_DNLEN + 1, c->szDomain);
    /* The handle RasGetCredentialsW gave stands for the secret saved now. */
    int keep = is_saved_handle(c->szPassword);
    if ((m & RF_RASCM_Password) && !(keep && (s->mask & RF_RASCM_Password)))
        s->password_hash = sim_secret_hash(e->salt, c->szPassword);
    if ((m & RF_RASCM_PreSharedKey) && !(keep && (s->mask & RF_RASCM_PreSharedKey)))
        s->psk_hash = sim_secret_hash(e->salt ^ 1u, c->szPassword);
    s->mask |= m & (RF_RASCM_UserName | RF_RASCM_Password | RF_RASCM_Domain |
                    RF_RASCM_DefaultCreds | RF_RASCM_PreSharedKey);
    return 0;
}

uint32_t RF_WINAPI sim_RasSetCredentialsW(const rf_wchar *pbk, const rf_wchar *entry,
                                          RF_RASCREDENTIALSW *creds, int32_t clear)
{
    if (!creds) return RF_ERROR_INVALID_PARAMETER;
    if (creds->dwSize != sizeof *creds) return RF_ERROR_INVALID_SIZE;
    if ((creds->dwMask & RF_RASCM_PreSharedKey) && creds->dwMask != RF_RASCM_PreSharedKey)
        return RF_ERROR_INVALID_PARAMETER;
    if (sim_wlen_max(creds->szUserName, RF_UNLEN) > RF_UNLEN ||
        sim_wlen_max(creds->szPassword, RF_PWLEN) > RF_PWLEN ||
        sim_wlen_max(creds->szDomain, RF_DNLEN) > RF_DNLEN)
        return RF_ERROR_INVALID_PARAMETER;
    if (!entry || sim_wlen_max(entry, RF_RAS_MaxEntryName) > RF_RAS_MaxEntryName)
        return RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
    entry_call a = { .pbk = pbk, .name = entry, .creds = creds, .clear = clear };
    return sim_locked(set_creds_locked, &a);
}

/* ------------------------------------------------------------------------
 * Custom auth (EAP) data
 * ---------------------------------------------------------------------- */
static uint32_t get_eap_locked(void *arg)
{
    entry_call *a = (entry_call *)arg;
    uint32_t book;
    sim_pbe *e;
    uint32_t err = lookup(a, &book, &e);
    if (err) return err;
    uint32_t have = *a->cb;
    *a->cb = e->eap_len;
    if (!e->eap_len) return 0;
    if (!a->data || have < e->eap_len) return RF_ERROR_BUFFER_TOO_SMALL;
    memcpy(a->data, e->eap, e->eap_len);
    return 0;
}

uint32_t RF_WINAPI sim_RasGetCustomAuthDataW(const rf_wchar *pbk, const rf_wchar *entry,
                                             uint8_t *data, uint32_t *cb)
{
    if (!cb) return RF_ERROR_INVALID_PARAMETER;
    if (!entry || sim_wlen_max(entry, RF_RAS_MaxEntryName) > RF_RAS_MaxEntryName)
        return RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
    entry_call a = { .pbk = pbk, .name = entry, .data = data, .cb = cb };
    return sim_locked(get_eap_locked, &a);
}

static uint32_t set_eap_locked(void *arg)
{
    entry_call *a = (entry_call *)arg;
    sim_pb_changed();              /* its properties change in place */
    uint32_t book;
    sim_pbe *e;
    uint32_t err = lookup(a, &book, &e);
    if (err) return err;
    free(e->eap);                  /* a->data is the caller's copy, taken outside */
    e->eap = a->data;
    e->eap_len = a->cb_in;
    a->data = NULL;
    return 0;
}

uint32_t RF_WINAPI sim_RasSetCustomAuthDataW(const rf_wchar *pbk, const rf_wchar *entry,
                                             uint8_t *data, uint32_t cb)
{
    if ((!data && cb) || cb > SIM_MAX_EAP) return RF_ERROR_INVALID_PARAMETER;
    if (!entry || sim_wlen_max(entry, RF_RAS_MaxEntryName) > RF_RAS_MaxEntryName)
        return RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
    uint8_t *copy = NULL;
    if (cb) {
        copy = (uint8_t *)malloc(cb);
        if (!copy) return RF_ERROR_NOT_ENOUGH_MEMORY;
        memcpy(copy, data, cb);
    }
    entry_call a = { .pbk = pbk, .name = entry, .data = copy, .cb_in = cb };
    uint32_t rc = sim_locked(set_eap_locked, &a);
    free(a.data);                  /* not taken: the entry was not found */
    return rc;
}

/* ------------------------------------------------------------------------
 * The "server" side: which password a dial must bring
 * ---------------------------------------------------------------------- */
static uint32_t server_password_locked(void *arg)
{
    entry_call *a = (entry_call *)arg;
    uint32_t book;
    sim_pbe *e;
    uint32_t err = lookup(a, &book, &e);
    if (err) return err;
    const rf_wchar *pw = a->new_name;
    sim_pbe_set_password(e, pw);
    e->pub.checks_password = pw[0] != 0;
    return 0;
}

uint32_t rf_sim_set_server_password(const uint16_t *phonebook, const uint16_t *name,
                                    uint16_t *password, uint32_t password_len)
{
    uint32_t rc;
    rf_wchar pw[RF_PWLEN + 1];
    memset(pw, 0, sizeof pw);
    if (!name || !password || password_len > RF_PWLEN) {
        rc = RF_ERROR_INVALID_PARAMETER;
    } else {
        memcpy(pw, password, (size_t)password_len * sizeof *pw);
        entry_call a = { .pbk = phonebook, .name = name, .new_name = pw };
        rc = sim_locked(server_password_locked, &a);
    }
    rf_secure_wipe(pw, sizeof pw);
    if (password) rf_secure_wipe(password, (size_t)password_len * sizeof *password);
    return rc;
}
