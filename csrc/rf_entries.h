/* The phonebook through a provider (entries.c): create, read, change,
 * rename and delete entries, their EAP data, and saved credentials, on
 * rasapi32 or the simulated service.
 *
 * C and cdef, like every rf_*.h header.  Strings are NUL-terminated UTF-16;
 * a NULL phonebook is the default one.  Every function returns the RAS or
 * Windows error code (0 = success). */
#ifndef RASFAST_RF_ENTRIES_H
#define RASFAST_RF_ENTRIES_H
#include <stdint.h>

#include "ras_numbers.h"

/* The RASENTRYW fields rasfast models. */
typedef struct rf_entry_props {
    uint32_t type;                    /* dwType: RF_RASET_* */
    uint32_t vpn_strategy;            /* RF_VS_* */
    uint32_t encryption;              /* RF_ET_* */
    uint32_t options;                 /* dwfOptions (RF_RASEO_*) */
    uint32_t options2;                /* dwfOptions2 (RF_RASEO2_*) */
    uint32_t custom_auth_key;         /* the EAP type */
    uint32_t idle_disconnect;         /* seconds; 0: the system's default */
    uint32_t redial_count;
    uint32_t redial_pause;            /* seconds */
    uint16_t server[RF_RAS_MaxPhoneNumber + 1];     /* szLocalPhoneNumber */
    uint16_t dns_suffix[RF_RAS_MaxDnsSuffix];
    uint16_t device_type[RF_RAS_MaxDeviceType + 1];
    uint16_t device_name[RF_RAS_MaxDeviceName + 1];
} rf_entry_props;

enum { RF_ENTRY_CREATE = 1, RF_ENTRY_UPDATE = 2 };

/* RasValidateEntryNameW: 0, 183 (exists), 123 (not a valid name), 621. */
uint32_t rf_entry_validate(uint32_t backend, const uint16_t *phonebook, const uint16_t *name);
uint32_t rf_entry_get(uint32_t backend, const uint16_t *phonebook, const uint16_t *name,
                      rf_entry_props *out);
/* RF_ENTRY_CREATE: a new entry (183 if the name is taken), from RAS's
 * defaults.  RF_ENTRY_UPDATE: an existing one (623 if none), read first so
 * that every field rasfast does not model, and the option bits outside the
 * masks, stay as they were. */
uint32_t rf_entry_put(uint32_t backend, const uint16_t *phonebook, const uint16_t *name,
                      const rf_entry_props *in, uint32_t options_mask, uint32_t options2_mask,
                      uint32_t mode);
uint32_t rf_entry_delete(uint32_t backend, const uint16_t *phonebook, const uint16_t *name);
uint32_t rf_entry_rename(uint32_t backend, const uint16_t *phonebook, const uint16_t *old_name,
                         const uint16_t *new_name);
/* RasGet/SetCustomAuthDataW.  get: *len is buf's size in, the data's out
 * (603 when buf is too small). */
uint32_t rf_entry_get_eap(uint32_t backend, const uint16_t *phonebook, const uint16_t *name,
                          uint8_t *buf, uint32_t *len);
uint32_t rf_entry_set_eap(uint32_t backend, const uint16_t *phonebook, const uint16_t *name,
                          const uint8_t *data, uint32_t len);

/* What is saved for an entry, never a secret: mask is RF_RASCM_* bits. */
typedef struct rf_saved_credentials {
    uint32_t mask;
    uint16_t username[RF_UNLEN + 1];
    uint16_t domain[RF_DNLEN + 1];
} rf_saved_credentials;
uint32_t rf_credentials_get(uint32_t backend, const uint16_t *phonebook, const uint16_t *name,
                            rf_saved_credentials *out);
/* Save a user name, domain (NULL: none) and password (NULL: leave the saved
 * one) and, when psk is not NULL, a pre-shared key.  password and psk are
 * wiped before this returns (their lengths in UTF-16 units, for that). */
uint32_t rf_credentials_set(uint32_t backend, const uint16_t *phonebook, const uint16_t *name,
                            const uint16_t *username, const uint16_t *domain,
                            uint16_t *password, uint32_t password_len,
                            uint16_t *psk, uint32_t psk_len);
/* Forget the saved user name, domain, password and pre-shared key. */
uint32_t rf_credentials_clear(uint32_t backend, const uint16_t *phonebook, const uint16_t *name);

/* The simulated service's "server": the password a dial of this entry must
 * bring (wiped before return; an empty one: any password). */
uint32_t rf_sim_set_server_password(const uint16_t *phonebook, const uint16_t *name,
                                    uint16_t *password, uint32_t password_len);

#endif /* RASFAST_RF_ENTRIES_H */
