/* The phonebook through a provider table (rf_entries.h): fills RASENTRYW and
 * RASCREDENTIALSW, calls the provider's rasapi32-shaped functions, wipes
 * secrets.  The same code runs against rasapi32 and the simulated service. */
#include <stdlib.h>
#include <string.h>

#include "rf_entries.h"
#include "rf_dial.h"
#include "ras_abi.h"
#include "platform.h"

/* The backend's table, or NULL with the error that stops it. */
static const rf_provider *provider(uint32_t backend, uint32_t *rc)
{
    *rc = rf_backend_check(backend);
    return *rc ? NULL : (const rf_provider *)rf_provider_table(backend);
}

/* A provider without the function (an old rasapi32): ERROR_PROC_NOT_FOUND. */
#define NEED(p, fn) do { if (!(p)->fn) return RF_ERROR_PROC_NOT_FOUND; } while (0)

static size_t wlen_cap(const uint16_t *s, size_t cap)
{
    size_t n = 0;
    while (n < cap && s[n]) n++;
    return n;
}

/* Copy into a fixed field: too long is an error, never a silent cut. */
static uint32_t put_field(rf_wchar *dst, size_t cap, const uint16_t *src, size_t src_cap)
{
    size_t n = wlen_cap(src, src_cap);
    if (n >= cap) return RF_ERROR_INVALID_PARAMETER;
    memcpy(dst, src, n * sizeof *dst);
    memset(dst + n, 0, (cap - n) * sizeof *dst);
    return 0;
}

static void get_field(uint16_t *dst, size_t cap, const rf_wchar *src, size_t src_cap)
{
    size_t n = wlen_cap(src, src_cap);
    if (n >= cap) n = cap - 1;
    memcpy(dst, src, n * sizeof *dst);
    memset(dst + n, 0, (cap - n) * sizeof *dst);
}

#define N(field) (sizeof(field) / sizeof((field)[0]))

uint32_t rf_entry_validate(uint32_t backend, const uint16_t *phonebook, const uint16_t *name)
{
    uint32_t rc;
    const rf_provider *p = provider(backend, &rc);
    if (!p) return rc;
    NEED(p, RasValidateEntryNameW);
    return p->RasValidateEntryNameW(phonebook, name);
}

/* RasGetEntryPropertiesW into *e (rasfast's version); NULL name: RAS's
 * defaults for a new entry. */
static uint32_t read_raw(const rf_provider *p, const uint16_t *phonebook, const uint16_t *name,
                         RF_RASENTRYW *e)
{
    NEED(p, RasGetEntryPropertiesW);
    memset(e, 0, sizeof *e);
    e->dwSize = (uint32_t)sizeof *e;
    uint32_t cb = (uint32_t)sizeof *e;
    return p->RasGetEntryPropertiesW(phonebook, name, e, &cb, NULL, NULL);
}

uint32_t rf_entry_get(uint32_t backend, const uint16_t *phonebook, const uint16_t *name,
                      rf_entry_props *out)
{
    uint32_t rc;
    const rf_provider *p = provider(backend, &rc);
    memset(out, 0, sizeof *out);
    if (!p) return rc;
    if (!name || !name[0]) return RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
    RF_RASENTRYW *e = (RF_RASENTRYW *)malloc(sizeof *e);
    if (!e) return RF_ERROR_NOT_ENOUGH_MEMORY;
    rc = read_raw(p, phonebook, name, e);
    if (rc == 0) {
        out->type = e->dwType;
        out->vpn_strategy = e->dwVpnStrategy;
        out->encryption = e->dwEncryptionType;
        out->options = e->dwfOptions;
        out->options2 = e->dwfOptions2;
        out->custom_auth_key = e->dwCustomAuthKey;
        out->idle_disconnect = e->dwIdleDisconnectSeconds;
        out->redial_count = e->dwRedialCount;
        out->redial_pause = e->dwRedialPause;
        get_field(out->server, N(out->server), e->szLocalPhoneNumber, N(e->szLocalPhoneNumber));
        get_field(out->dns_suffix, N(out->dns_suffix), e->szDnsSuffix, N(e->szDnsSuffix));
        get_field(out->device_type, N(out->device_type), e->szDeviceType, N(e->szDeviceType));
        get_field(out->device_name, N(out->device_name), e->szDeviceName, N(e->szDeviceName));
    }
    free(e);
    return rc;
}

uint32_t rf_entry_put(uint32_t backend, const uint16_t *phonebook, const uint16_t *name,
                      const rf_entry_props *in, uint32_t options_mask, uint32_t options2_mask,
                      uint32_t mode)
{
    uint32_t rc;
    const rf_provider *p = provider(backend, &rc);
    if (!p) return rc;
    if (!name || !in || (mode != RF_ENTRY_CREATE && mode != RF_ENTRY_UPDATE))
        return RF_ERROR_INVALID_PARAMETER;
    NEED(p, RasSetEntryPropertiesW);
    if (mode == RF_ENTRY_CREATE) {
        NEED(p, RasValidateEntryNameW);
        rc = p->RasValidateEntryNameW(phonebook, name);
        if (rc) return rc;
    }
    RF_RASENTRYW *e = (RF_RASENTRYW *)malloc(sizeof *e);
    if (!e) return RF_ERROR_NOT_ENOUGH_MEMORY;
    /* Read, change what rasfast models, write back: the rest survives. */
    rc = read_raw(p, phonebook, mode == RF_ENTRY_CREATE ? NULL : name, e);
    if (rc == 0) {
        e->dwSize = (uint32_t)sizeof *e;
        e->dwType = in->type;
        e->dwVpnStrategy = in->vpn_strategy;
        e->dwEncryptionType = in->encryption;
        e->dwfOptions = (e->dwfOptions & ~options_mask) | (in->options & options_mask);
        e->dwfOptions2 = (e->dwfOptions2 & ~options2_mask) | (in->options2 & options2_mask);
        e->dwCustomAuthKey = in->custom_auth_key;
        e->dwIdleDisconnectSeconds = in->idle_disconnect;
        e->dwRedialCount = in->redial_count;
        e->dwRedialPause = in->redial_pause;
        if ((rc = put_field(e->szLocalPhoneNumber, N(e->szLocalPhoneNumber), in->server,
                            N(in->server))) == 0 &&
            (rc = put_field(e->szDnsSuffix, N(e->szDnsSuffix), in->dns_suffix,
                            N(in->dns_suffix))) == 0 &&
            (rc = put_field(e->szDeviceType, N(e->szDeviceType), in->device_type,
                            N(in->device_type))) == 0 &&
            (rc = put_field(e->szDeviceName, N(e->szDeviceName), in->device_name,
                            N(in->device_name))) == 0)
            rc = p->RasSetEntryPropertiesW(phonebook, name, e, (uint32_t)sizeof *e, NULL, 0);
    }
    free(e);
    return rc;
}

uint32_t rf_entry_delete(uint32_t backend, const uint16_t *phonebook, const uint16_t *name)
{
    uint32_t rc;
    const rf_provider *p = provider(backend, &rc);
    if (!p) return rc;
    NEED(p, RasDeleteEntryW);
    return p->RasDeleteEntryW(phonebook, name);
}

uint32_t rf_entry_rename(uint32_t backend, const uint16_t *phonebook, const uint16_t *old_name,
                         const uint16_t *new_name)
{
    uint32_t rc;
    const rf_provider *p = provider(backend, &rc);
    if (!p) return rc;
    NEED(p, RasRenameEntryW);
    return p->RasRenameEntryW(phonebook, old_name, new_name);
}

uint32_t rf_entry_get_eap(uint32_t backend, const uint16_t *phonebook, const uint16_t *name,
                          uint8_t *buf, uint32_t *len)
{
    uint32_t rc;
    const rf_provider *p = provider(backend, &rc);
    if (!p) return rc;
    if (!len) return RF_ERROR_INVALID_PARAMETER;
    NEED(p, RasGetCustomAuthDataW);
    return p->RasGetCustomAuthDataW(phonebook, name, buf, len);
}

uint32_t rf_entry_set_eap(uint32_t backend, const uint16_t *phonebook, const uint16_t *name,
                          const uint8_t *data, uint32_t len)
{
    uint32_t rc;
    const rf_provider *p = provider(backend, &rc);
    if (!p) return rc;
    NEED(p, RasSetCustomAuthDataW);
    return p->RasSetCustomAuthDataW(phonebook, name, (uint8_t *)data, len);
}

/* ------------------------------------------------------------------------
 * Credentials
 * ---------------------------------------------------------------------- */
uint32_t rf_credentials_get(uint32_t backend, const uint16_t *phonebook, const uint16_t *name,
                            rf_saved_credentials *out)
{
    uint32_t rc;
    const rf_provider *p = provider(backend, &rc);
    memset(out, 0, sizeof *out);
    if (!p) return rc;
    NEED(p, RasGetCredentialsW);
    RF_RASCREDENTIALSW c;
    memset(&c, 0, sizeof c);
    c.dwSize = (uint32_t)sizeof c;
    c.dwMask = RF_RASCM_UserName | RF_RASCM_Password | RF_RASCM_Domain;
    rc = p->RasGetCredentialsW(phonebook, name, &c);
    if (rc == 0) {
        out->mask = c.dwMask;
        get_field(out->username, N(out->username), c.szUserName, N(c.szUserName));
        get_field(out->domain, N(out->domain), c.szDomain, N(c.szDomain));
        /* RASCM_PreSharedKey must be asked for alone. */
        rf_secure_wipe(&c, sizeof c);
        c.dwSize = (uint32_t)sizeof c;
        c.dwMask = RF_RASCM_PreSharedKey;
        if (p->RasGetCredentialsW(phonebook, name, &c) == 0)
            out->mask |= c.dwMask & RF_RASCM_PreSharedKey;
    }
    /* szPassword holds RAS's handle to the saved secret: no copy stays. */
    rf_secure_wipe(&c, sizeof c);
    return rc;
}

uint32_t rf_credentials_set(uint32_t backend, const uint16_t *phonebook, const uint16_t *name,
                            const uint16_t *username, const uint16_t *domain,
                            uint16_t *password, uint32_t password_len,
                            uint16_t *psk, uint32_t psk_len)
{
    uint32_t rc;
    RF_RASCREDENTIALSW c;
    memset(&c, 0, sizeof c);
    const rf_provider *p = provider(backend, &rc);
    if (!p) goto done;
    if (!p->RasSetCredentialsW) {
        rc = RF_ERROR_PROC_NOT_FOUND;
        goto done;
    }
    c.dwSize = (uint32_t)sizeof c;
    c.dwMask = RF_RASCM_UserName | RF_RASCM_Domain;
    if ((username && (rc = put_field(c.szUserName, N(c.szUserName), username, RF_UNLEN + 1))) ||
        (domain && (rc = put_field(c.szDomain, N(c.szDomain), domain, RF_DNLEN + 1))) ||
        (password && (rc = put_field(c.szPassword, N(c.szPassword), password,
                                     (size_t)password_len + 1))))
        goto done;
    if (password) c.dwMask |= RF_RASCM_Password;
    rc = p->RasSetCredentialsW(phonebook, name, &c, 0);
    if (rc || !psk) goto done;
    rf_secure_wipe(&c, sizeof c);
    c.dwSize = (uint32_t)sizeof c;
    c.dwMask = RF_RASCM_PreSharedKey;
    if ((rc = put_field(c.szPassword, N(c.szPassword), psk, (size_t)psk_len + 1)) == 0)
        rc = p->RasSetCredentialsW(phonebook, name, &c, 0);
done:
    rf_secure_wipe(&c, sizeof c);
    if (password) rf_secure_wipe(password, (size_t)password_len * sizeof *password);
    if (psk) rf_secure_wipe(psk, (size_t)psk_len * sizeof *psk);
    return rc;
}

uint32_t rf_credentials_clear(uint32_t backend, const uint16_t *phonebook, const uint16_t *name)
{
    uint32_t rc;
    const rf_provider *p = provider(backend, &rc);
    if (!p) return rc;
    NEED(p, RasSetCredentialsW);
    RF_RASCREDENTIALSW c;
    memset(&c, 0, sizeof c);
    c.dwSize = (uint32_t)sizeof c;
    c.dwMask = RF_RASCM_UserName | RF_RASCM_Password | RF_RASCM_Domain;
    rc = p->RasSetCredentialsW(phonebook, name, &c, 1);
    if (rc) return rc;
    c.dwMask = RF_RASCM_PreSharedKey;
    return p->RasSetCredentialsW(phonebook, name, &c, 1);
}
