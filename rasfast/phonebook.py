"""The phonebook: create, read, change, rename and delete entries; saved credentials.

Every function takes ``phonebook=`` (a phonebook file's path; None: the
default phonebook) and ``backend=`` like :func:`rasfast.dial`, and raises
RasError with the code Windows gives: 123 (not a valid name), 183 (the name
is taken), 623 (no such entry), 621 (the phonebook cannot be opened).  Every
argument is checked first: a value RAS would refuse is a ValueError naming
the field, and nothing is written.

On the simulator a ``phonebook`` path is a file in rasphone.pbk's format
(rasfast/_pbk_file.py), read and written by this process; the default
phonebook is the simulator's memory.  On rasapi32 RAS itself reads and writes
the file.

Secrets (a password, a pre-shared key) go to RAS once and are wiped from
native memory at once; nothing gives them back: :class:`SavedCredentials`
says only whether one is saved.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Dict, Iterable, List, Optional, Tuple

from . import _backends, _pbk_file
from ._native import ffi, lib
from ._wstring import WString, from_wstr, wipe, wstr
from .errors import check

__all__ = ["EntryProperties", "SavedCredentials", "TUNNEL_TYPES", "ENCRYPTION_LEVELS",
           "AUTHENTICATION_METHODS", "create_entry", "get_entry", "update_entry",
           "rename_entry", "delete_entry", "validate_entry_name", "set_credentials",
           "get_credentials", "clear_credentials"]

MAX_NAME = int(lib.RF_RAS_MaxEntryName)
MAX_SERVER = int(lib.RF_RAS_MaxPhoneNumber)
MAX_DNS_SUFFIX = int(lib.RF_RAS_MaxDnsSuffix) - 1
MAX_PHONEBOOK = int(lib.RF_MAX_PATH) - 1
MAX_USERNAME = int(lib.RF_UNLEN)
MAX_PASSWORD = int(lib.RF_PWLEN)
MAX_DOMAIN = int(lib.RF_DNLEN)
MAX_EAP_CONFIG = 64 * 1024
#: the ranges Windows' connection dialog offers
MAX_REDIAL_COUNT = 99
MAX_REDIAL_PAUSE = 600

#: PowerShell's TunnelType names and RASENTRY.dwVpnStrategy.
TUNNEL_TYPES = {"automatic": int(lib.RF_VS_Default), "pptp": int(lib.RF_VS_PptpOnly),
                "l2tp": int(lib.RF_VS_L2tpOnly), "sstp": int(lib.RF_VS_SstpOnly),
                "ikev2": int(lib.RF_VS_Ikev2Only)}
_TUNNEL_NAMES = {v: k for k, v in TUNNEL_TYPES.items()}
#: the device each tunnel type dials through
_DEVICE_NAMES = {"automatic": "WAN Miniport (IKEv2)", "pptp": "WAN Miniport (PPTP)",
                 "l2tp": "WAN Miniport (L2TP)", "sstp": "WAN Miniport (SSTP)",
                 "ikev2": "WAN Miniport (IKEv2)"}
#: PowerShell's EncryptionLevel names and RASENTRY.dwEncryptionType.
ENCRYPTION_LEVELS = {"none": int(lib.RF_ET_None), "optional": int(lib.RF_ET_Optional),
                     "required": int(lib.RF_ET_Require), "maximum": int(lib.RF_ET_RequireMax)}
_ENCRYPTION_NAMES = {v: k for k, v in ENCRYPTION_LEVELS.items()}
#: authentication methods: (dwfOptions bit, dwfOptions2 bit)
AUTHENTICATION_METHODS: Dict[str, Tuple[int, int]] = {
    "pap": (int(lib.RF_RASEO_RequirePAP), 0),
    "chap": (int(lib.RF_RASEO_RequireCHAP), 0),
    "mschapv2": (int(lib.RF_RASEO_RequireMsCHAP2), 0),
    "eap": (int(lib.RF_RASEO_RequireEAP), 0),
    "machine_certificate": (0, int(lib.RF_RASEO2_RequireMachineCertificates)),
}
#: the EAP type an "eap" entry gets unless told: 26, EAP-MSCHAPv2
DEFAULT_EAP_TYPE = 26
_NOT_SPLIT = int(lib.RF_RASEO_RemoteDefaultGateway)
_USE_PSK = int(lib.RF_RASEO2_UsePreSharedKey)
#: the option bits rasfast models; every other bit survives an update
OPTIONS_MASK = _NOT_SPLIT | sum(o for o, _ in AUTHENTICATION_METHODS.values())
OPTIONS2_MASK = _USE_PSK | sum(o for _, o in AUTHENTICATION_METHODS.values())


@dataclass(frozen=True)
class EntryProperties:
    """A VPN entry's properties (RASENTRY), as rasfast models them."""

    name: str
    server: str                       #: host name or address (szLocalPhoneNumber)
    tunnel_type: str = "automatic"    #: automatic, ikev2, sstp, l2tp, pptp
    encryption: str = "required"      #: none, optional, required, maximum
    authentication: Tuple[str, ...] = ("mschapv2",)
    split_tunneling: bool = False     #: only the VPN's own routes through the tunnel
    dns_suffix: str = ""
    use_psk: bool = False             #: L2TP with a pre-shared key (saved with credentials)
    eap_type: int = 0                 #: the EAP method's type (dwCustomAuthKey)
    eap_config: bytes = b""           #: the EAP method's configuration, passed through
    idle_disconnect: int = 0          #: seconds; 0: the system's default
    redial_count: int = 3
    redial_pause: int = 60            #: seconds
    device_name: str = ""
    phonebook: Optional[str] = None


@dataclass(frozen=True)
class SavedCredentials:
    """What is saved for an entry: never the secret itself."""

    entry: str
    username: str
    domain: str
    has_password: bool
    has_psk: bool


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------

def _text(value: object, what: str, max_len: int, *, empty: bool = True) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    if not empty and not value:
        raise ValueError(f"{what} must not be empty")
    for ch in value:
        c = ord(ch)
        if c < 0x20 or c == 0x7F:
            raise ValueError(f"{what} contains a control character ({c:#04x})")
        if 0xD800 <= c <= 0xDFFF:
            raise ValueError(f"{what} contains a lone surrogate (not encodable as UTF-16)")
    units = sum(2 if ord(ch) > 0xFFFF else 1 for ch in value)
    if units > max_len:
        raise ValueError(f"{what} is too long: {units} UTF-16 units, at most {max_len}")
    return value


def _int(value: object, what: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    if not lo <= value <= hi:
        raise ValueError(f"{what} must be in {lo}..{hi}, got {value}")
    return int(value)


def _choice(value: object, what: str, choices: Iterable[str]) -> str:
    names = sorted(choices)
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    if value not in names:
        raise ValueError(f"{what}: unknown value {value!r}; expected one of {names}")
    return value


def _bool(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{what} must be a bool, not {type(value).__name__}")
    return value


def _methods(value: object) -> Tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (tuple, list, set, frozenset)):
        raise TypeError(f"authentication must be a tuple of method names, not "
                        f"{type(value).__name__}")
    items = list(value)
    if not items:
        raise ValueError("authentication must name at least one method")
    for m in items:
        _choice(m, "authentication", AUTHENTICATION_METHODS)
    return tuple(sorted(set(items), key=list(AUTHENTICATION_METHODS).index))


def _check(p: EntryProperties) -> EntryProperties:
    """Every field, and the combinations RAS refuses; a ValueError or TypeError names the
    field."""
    _text(p.name, "name", MAX_NAME, empty=False)
    _text(p.server, "server", MAX_SERVER, empty=False)
    _choice(p.tunnel_type, "tunnel_type", TUNNEL_TYPES)
    _choice(p.encryption, "encryption", ENCRYPTION_LEVELS)
    methods = _methods(p.authentication)
    _bool(p.split_tunneling, "split_tunneling")
    _text(p.dns_suffix, "dns_suffix", MAX_DNS_SUFFIX)
    _bool(p.use_psk, "use_psk")
    _int(p.eap_type, "eap_type", 0, 0xFFFFFFFF)
    if not isinstance(p.eap_config, (bytes, bytearray, memoryview)):
        raise TypeError(f"eap_config must be bytes, not {type(p.eap_config).__name__}")
    if len(p.eap_config) > MAX_EAP_CONFIG:
        raise ValueError(f"eap_config is too long: {len(p.eap_config)} bytes, "
                         f"at most {MAX_EAP_CONFIG}")
    _int(p.idle_disconnect, "idle_disconnect", 0, 0xFFFFFFFE)
    _int(p.redial_count, "redial_count", 0, MAX_REDIAL_COUNT)
    _int(p.redial_pause, "redial_pause", 0, MAX_REDIAL_PAUSE)
    if "eap" not in methods and (p.eap_config or p.eap_type):
        raise ValueError("eap_config and eap_type need 'eap' in authentication")
    if p.use_psk and p.tunnel_type != "l2tp":
        raise ValueError("psk: a pre-shared key is for tunnel_type 'l2tp' only")
    if "machine_certificate" in methods and p.tunnel_type not in ("ikev2", "l2tp"):
        raise ValueError("authentication: machine_certificate needs tunnel_type 'ikev2' or "
                         "'l2tp'")
    if p.encryption == "none" and p.tunnel_type in ("ikev2", "sstp"):
        raise ValueError(f"encryption: {p.tunnel_type} always encrypts; 'none' is refused")
    if p.tunnel_type == "ikev2" and set(methods) & {"pap", "chap"}:
        raise ValueError("authentication: ikev2 takes mschapv2, eap or machine_certificate")
    eap_type = p.eap_type or (DEFAULT_EAP_TYPE if "eap" in methods else 0)
    return replace(p, authentication=methods, eap_type=eap_type, eap_config=bytes(p.eap_config))


# ---------------------------------------------------------------------------
# Native calls (one provider, one phonebook)
# ---------------------------------------------------------------------------

def _to_native(p: EntryProperties) -> Any:
    n = ffi.new("rf_entry_props *")
    n.type = lib.RF_RASET_Vpn
    n.vpn_strategy = TUNNEL_TYPES[p.tunnel_type]
    n.encryption = ENCRYPTION_LEVELS[p.encryption]
    options = 0 if p.split_tunneling else _NOT_SPLIT
    options2 = _USE_PSK if p.use_psk else 0
    for m in p.authentication:
        o1, o2 = AUTHENTICATION_METHODS[m]
        options |= o1
        options2 |= o2
    n.options = options
    n.options2 = options2
    n.custom_auth_key = p.eap_type
    n.idle_disconnect = p.idle_disconnect
    n.redial_count = p.redial_count
    n.redial_pause = p.redial_pause
    for field, value, cap in (("server", p.server, MAX_SERVER),
                              ("dns_suffix", p.dns_suffix, MAX_DNS_SUFFIX),
                              ("device_type", "vpn", 16),
                              ("device_name", p.device_name or _DEVICE_NAMES[p.tunnel_type], 128)):
        w = wstr(value, field, cap, optional=False)
        ffi.memmove(getattr(n, field), w, ffi.sizeof(w))
    return n


def _from_native(name: str, n: Any, eap: bytes, phonebook: Optional[str]) -> EntryProperties:
    methods = tuple(m for m, (o1, o2) in AUTHENTICATION_METHODS.items()
                    if (o1 and n.options & o1) or (o2 and n.options2 & o2))
    return EntryProperties(
        name=name, server=from_wstr(n.server),
        tunnel_type=_TUNNEL_NAMES.get(n.vpn_strategy, f"strategy-{n.vpn_strategy}"),
        encryption=_ENCRYPTION_NAMES.get(n.encryption, f"type-{n.encryption}"),
        authentication=methods, split_tunneling=not n.options & _NOT_SPLIT,
        dns_suffix=from_wstr(n.dns_suffix), use_psk=bool(n.options2 & _USE_PSK),
        eap_type=int(n.custom_auth_key), eap_config=eap,
        idle_disconnect=int(n.idle_disconnect), redial_count=int(n.redial_count),
        redial_pause=int(n.redial_pause), device_name=from_wstr(n.device_name),
        phonebook=phonebook)


def _native_get(backend_id: int, pbk: WString, name: str,
                phonebook: Optional[str]) -> EntryProperties:
    name_w = wstr(name, "name", MAX_NAME, optional=False)
    n = ffi.new("rf_entry_props *")
    check(lib.rf_entry_get(backend_id, pbk, name_w, n), f"reading entry {name!r}")
    size = ffi.new("uint32_t *", 0)
    code = lib.rf_entry_get_eap(backend_id, pbk, name_w, ffi.NULL, size)
    eap = b""
    if code == lib.RF_ERROR_BUFFER_TOO_SMALL:
        buf = ffi.new("uint8_t[]", size[0])
        check(lib.rf_entry_get_eap(backend_id, pbk, name_w, buf, size), f"reading entry {name!r}")
        eap = bytes(ffi.buffer(buf, size[0]))
    elif code != lib.RF_ERROR_PROC_NOT_FOUND:
        check(code, f"reading entry {name!r}")
    return _from_native(name, n, eap, phonebook)


def _native_put(backend_id: int, pbk: WString, p: EntryProperties, mode: int) -> None:
    name_w = wstr(p.name, "name", MAX_NAME, optional=False)
    n = _to_native(p)
    check(lib.rf_entry_put(backend_id, pbk, name_w, n, OPTIONS_MASK, OPTIONS2_MASK, mode),
          f"{'creating' if mode == lib.RF_ENTRY_CREATE else 'writing'} entry {p.name!r}")
    code = lib.rf_entry_set_eap(backend_id, pbk, name_w, p.eap_config, len(p.eap_config))
    if code != lib.RF_ERROR_PROC_NOT_FOUND or p.eap_config:
        check(code, f"writing entry {p.name!r}")


def _native_names(backend_id: int, pbk: WString) -> List[str]:
    count = ffi.new("uint32_t *")
    capacity = 64
    while True:
        out = ffi.new("rf_entry_info[]", capacity)
        check(lib.rf_enum_entries(backend_id, pbk, out, capacity, count), "listing entries")
        if count[0] <= capacity:
            return [from_wstr(out[i].name) for i in range(count[0])]
        capacity = count[0]


class _Book:
    """One call's phonebook: its native path and, for a file on the simulator, the file's
    lock, loaded before the call and written back after it when it changed."""

    def __init__(self, phonebook: Optional[str], backend: Optional[str]) -> None:
        if phonebook is not None:
            _text(phonebook, "phonebook", MAX_PHONEBOOK, empty=False)
        self.phonebook = phonebook
        self.backend_id = _backends.resolve(backend)
        self.pbk = wstr(phonebook, "phonebook", MAX_PHONEBOOK)
        self.file = (_pbk_file.PhonebookFile(phonebook, self)
                     if phonebook is not None and self.backend_id == lib.RF_BACKEND_SIM else None)

    def __enter__(self) -> "_Book":
        if self.file:
            self.file.open()
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if self.file:
            self.file.close(commit=exc_type is None)

    def get(self, name: str) -> EntryProperties:
        return _native_get(self.backend_id, self.pbk, name, self.phonebook)

    def put(self, p: EntryProperties, mode: int) -> None:
        _native_put(self.backend_id, self.pbk, p, mode)

    def names(self) -> List[str]:
        return _native_names(self.backend_id, self.pbk)

    def delete(self, name: str) -> None:
        check(lib.rf_entry_delete(self.backend_id, self.pbk,
                                  wstr(name, "name", MAX_NAME, optional=False)),
              f"deleting entry {name!r}")

    def rename(self, old: str, new: str) -> None:
        check(lib.rf_entry_rename(self.backend_id, self.pbk,
                                  wstr(old, "name", MAX_NAME, optional=False),
                                  wstr(new, "new_name", MAX_NAME, optional=False)),
              f"renaming entry {old!r}")
        if self.file:
            self.file.renamed(old, new)


def load_for_dial(phonebook: Optional[str], backend_id: int) -> None:
    """Before a dial on the simulator: a phonebook file's entries into its memory."""
    if phonebook is not None and backend_id == lib.RF_BACKEND_SIM:
        with _Book(phonebook, "sim"):
            pass


# ---------------------------------------------------------------------------
# Entries
# ---------------------------------------------------------------------------

_FIELDS = tuple(f for f in EntryProperties.__dataclass_fields__ if f not in ("name", "phonebook"))


def create_entry(name: str, *, server: str, tunnel_type: str = "automatic",
                 encryption: str = "required",
                 authentication: Tuple[str, ...] = ("mschapv2",), split_tunneling: bool = False,
                 dns_suffix: str = "", psk: Optional[str] = None, eap_type: int = 0,
                 eap_config: bytes = b"", idle_disconnect: int = 0, redial_count: int = 3,
                 redial_pause: int = 60, phonebook: Optional[str] = None,
                 backend: Optional[str] = None) -> EntryProperties:
    """Create a VPN entry and return it as read back.

    ``psk`` (tunnel_type "l2tp") is the pre-shared key, saved like a
    password (never readable back).

    Raises:
        TypeError, ValueError: a bad argument, naming it; nothing is written.
        RasError: 183 (the name is taken), 123 (not a valid name), 621.
    """
    if psk is not None:
        _text(psk, "psk", MAX_PASSWORD, empty=False)
    props = _check(EntryProperties(
        name=name, server=server, tunnel_type=tunnel_type, encryption=encryption,
        authentication=authentication, split_tunneling=split_tunneling, dns_suffix=dns_suffix,
        use_psk=psk is not None, eap_type=eap_type, eap_config=eap_config,
        idle_disconnect=idle_disconnect, redial_count=redial_count, redial_pause=redial_pause,
        phonebook=phonebook))
    with _Book(phonebook, backend) as book:
        book.put(props, lib.RF_ENTRY_CREATE)
        if psk is not None:
            _save_credentials(book, name, None, None, None, psk, keep_user=True)
        return book.get(name)


def get_entry(name: str, *, phonebook: Optional[str] = None,
              backend: Optional[str] = None) -> EntryProperties:
    """The entry's properties.

    Raises:
        TypeError, ValueError: a bad argument.
        RasError: 623 (no such entry), 621.
    """
    _text(name, "name", MAX_NAME, empty=False)
    with _Book(phonebook, backend) as book:
        return book.get(name)


def update_entry(name: str, *, phonebook: Optional[str] = None, backend: Optional[str] = None,
                 psk: Optional[str] = None, **changes: Any) -> EntryProperties:
    """Change some properties (keyword arguments named as EntryProperties' fields) and
    return the entry as read back; every property not named, and every one rasfast does
    not model, stays as it was.

    Raises:
        TypeError: an unknown property or a value of the wrong type.
        ValueError: a value RAS would refuse; nothing is written.
        RasError: 623 (no such entry), 621.
    """
    _text(name, "name", MAX_NAME, empty=False)
    unknown = sorted(set(changes) - set(_FIELDS) | ({"device_name"} & set(changes)))
    if unknown:
        raise TypeError(f"update_entry: unknown properties {unknown}; "
                        f"expected some of {sorted(set(_FIELDS) - {'device_name'})}")
    if psk is not None:
        _text(psk, "psk", MAX_PASSWORD, empty=False)
        changes["use_psk"] = True
    with _Book(phonebook, backend) as book:
        current = book.get(name)
        if "tunnel_type" in changes:
            changes["device_name"] = ""      # the new tunnel's device
        new = _check(replace(current, **changes))
        book.put(new, lib.RF_ENTRY_UPDATE)
        if psk is not None:
            _save_credentials(book, name, None, None, None, psk, keep_user=True)
        return book.get(name)


def rename_entry(old_name: str, new_name: str, *, phonebook: Optional[str] = None,
                 backend: Optional[str] = None) -> None:
    """Rename an entry (its saved credentials go with it).

    Raises:
        RasError: 623 (no such entry), 183 (the new name is taken), 123, 621.
    """
    _text(old_name, "old_name", MAX_NAME, empty=False)
    _text(new_name, "new_name", MAX_NAME, empty=False)
    with _Book(phonebook, backend) as book:
        book.rename(old_name, new_name)


def delete_entry(name: str, *, phonebook: Optional[str] = None,
                 backend: Optional[str] = None) -> None:
    """Delete an entry and its saved credentials.

    Raises:
        RasError: 623 (no such entry), 621.
    """
    _text(name, "name", MAX_NAME, empty=False)
    with _Book(phonebook, backend) as book:
        book.delete(name)


def validate_entry_name(name: str, *, phonebook: Optional[str] = None,
                        backend: Optional[str] = None) -> None:
    """Return if ``name`` is a valid name no entry has.

    Raises:
        TypeError: ``name`` is not a str.
        RasError: 183 (an entry has it), 123 (not a valid name), 621.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, not {type(name).__name__}")
    if len(name) > MAX_NAME or any(ord(c) == 0 or 0xD800 <= ord(c) <= 0xDFFF for c in name):
        check(lib.RF_ERROR_INVALID_NAME, f"entry name {name[:40]!r}")
    with _Book(phonebook, backend) as book:
        check(lib.rf_entry_validate(book.backend_id, book.pbk,
                                    wstr(name, "name", MAX_NAME, optional=False)),
              f"entry name {name!r}")


# ---------------------------------------------------------------------------
# Saved credentials
# ---------------------------------------------------------------------------

def _save_credentials(book: _Book, name: str, username: Optional[str], domain: Optional[str],
                      password: Optional[str], psk: Optional[str], keep_user: bool) -> None:
    name_w = wstr(name, "name", MAX_NAME, optional=False)
    if keep_user:       # only the key: keep the saved user name and domain
        saved = _native_credentials(book, name)
        username, domain = saved.username, saved.domain
    user_w = wstr(username or "", "username", MAX_USERNAME)
    domain_w = wstr(domain or "", "domain", MAX_DOMAIN)
    password_w = wstr(password, "password", MAX_PASSWORD)
    psk_w = ffi.NULL
    try:
        psk_w = wstr(psk, "psk", MAX_PASSWORD)
    except BaseException:
        wipe(password_w)
        raise
    code = lib.rf_credentials_set(
        book.backend_id, book.pbk, name_w, user_w, domain_w,
        password_w, (ffi.sizeof(password_w) // 2 - 1) if password_w != ffi.NULL else 0,
        psk_w, (ffi.sizeof(psk_w) // 2 - 1) if psk_w != ffi.NULL else 0)
    check(code, f"saving credentials of {name!r}")   # rf_credentials_set wiped both


def _native_credentials(book: _Book, name: str) -> SavedCredentials:
    out = ffi.new("rf_saved_credentials *")
    check(lib.rf_credentials_get(book.backend_id, book.pbk,
                                 wstr(name, "name", MAX_NAME, optional=False), out),
          f"reading credentials of {name!r}")
    return SavedCredentials(entry=name, username=from_wstr(out.username),
                            domain=from_wstr(out.domain),
                            has_password=bool(out.mask & lib.RF_RASCM_Password),
                            has_psk=bool(out.mask & lib.RF_RASCM_PreSharedKey))


def set_credentials(name: str, *, username: str, password: Optional[str] = None,
                    domain: Optional[str] = None, psk: Optional[str] = None,
                    phonebook: Optional[str] = None, backend: Optional[str] = None) -> None:
    """Save the user name, domain and password (and an L2TP pre-shared key) a dial of
    the entry uses when it is given no password.  ``password=None`` keeps the saved one.

    Raises:
        TypeError, ValueError: a bad argument; nothing is saved.
        RasError: 623 (no such entry), 621.
    """
    _text(name, "name", MAX_NAME, empty=False)
    _text(username, "username", MAX_USERNAME)
    if domain is not None:
        _text(domain, "domain", MAX_DOMAIN)
    if password is not None:
        _text(password, "password", MAX_PASSWORD)
    if psk is not None:
        _text(psk, "psk", MAX_PASSWORD, empty=False)
    with _Book(phonebook, backend) as book:
        _save_credentials(book, name, username, domain, password, psk, keep_user=False)


def get_credentials(name: str, *, phonebook: Optional[str] = None,
                    backend: Optional[str] = None) -> SavedCredentials:
    """What is saved for the entry: user name, domain, and whether a password and a
    pre-shared key are (never them).

    Raises:
        RasError: 623 (no such entry), 621.
    """
    _text(name, "name", MAX_NAME, empty=False)
    with _Book(phonebook, backend) as book:
        return _native_credentials(book, name)


def clear_credentials(name: str, *, phonebook: Optional[str] = None,
                      backend: Optional[str] = None) -> None:
    """Forget the entry's saved user name, domain, password and pre-shared key.

    Raises:
        RasError: 623 (no such entry), 621.
    """
    _text(name, "name", MAX_NAME, empty=False)
    with _Book(phonebook, backend) as book:
        check(lib.rf_credentials_clear(book.backend_id, book.pbk,
                                       wstr(name, "name", MAX_NAME, optional=False)),
              f"clearing credentials of {name!r}")

