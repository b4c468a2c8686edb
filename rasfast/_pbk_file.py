"""Phonebook files for the simulator: rasphone.pbk's INI format, loaded into the simulated
service before a call and written back, atomically, after one that changed it.

Format: one ``[Entry Name]`` section per entry, ``Key=Value`` lines, UTF-8 (a BOM is
accepted), in three parts as Windows writes them: the entry's keys, then the link from
``MEDIA=rastapi`` (Port, Device), then the device from ``DEVICE=vpn`` (PhoneNumber,
AreaCode, ...).  The keys and values are Windows' own (see "Windows' keys" below); every
other key of a section is kept as it was, in its part and order, when rasfast writes the
section again (also after a rename), and so are the bits of AuthRestrictions and IpSecFlags
rasfast does not model.  No secret is ever written: saved credentials stay in the
simulator's memory, and rasfast never writes a PreSharedKey value.

Safety: the file is read with rasfast._files.read_private and written with atomic_write,
so a phonebook file or folder that another user could change (group- or other-writable,
another owner, a link) is refused like the session file: ERROR_CANNOT_OPEN_PHONEBOOK (621)
with the reason, never used.  The reason: an entry's server is where a dial sends its
credentials; a file someone else can edit could redirect them.  A file that does not parse
is 621 too (line and reason) and is never overwritten.  Writers of one file take turns
(rasfast._filelock, on ``.NAME.lock`` beside it), each reading the file afresh, so two
processes updating one file lose no entry; a writer killed mid-write leaves the old file
or the new one (atomic_write), never a mix.
"""
from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Dict, List, NamedTuple, Optional, Tuple

from . import _filelock, _files
from ._native import lib
from .errors import RasError

if TYPE_CHECKING:
    from .phonebook import EntryProperties, _Book

__all__ = ["PhonebookFile", "parse", "render", "PBK_READ_LIMIT"]

PBK_READ_LIMIT = 16 * 1024 * 1024

# Windows' keys.  Sources (read for the facts, nothing copied): the phonebook library's
# headers in the Windows Server 2003 / XP source trees (net/rras/ras/ui/inc/pbk.h for the
# AR_F_*, DE_* and IpSec values, ui/common/pbk/pbkp.h for the key names), the same trees'
# RasEntryToPhonebookEntry (winstate loadras.cxx: RASENTRY to phonebook entry), a
# decompilation of a current rasapi32.dll's ModifyEntryList (the keys a Windows 10/11
# writes, in order), and rasphone.pbk sections captured from real Windows machines in
# public repositories (PPTP AuthRestrictions=512/640, L2TP 544 with IpSecFlags=1, IKEv2
# VpnStrategy=7 with CustomAuthKey=26 and AuthRestrictions=128, DataEncryption 8 and 256).
# Stored as RASENTRY has them: VpnStrategy (dwVpnStrategy's VS_ number; 8, IKEv2 first, and
# 14, a protocol list, occur in real files and are not modelled: 621), Type (RASET_Vpn, 2),
# IpPrioritizeRemote (RASEO_RemoteDefaultGateway: 0 is split tunnelling; Windows keeps
# IPv6's in Ipv6PrioritizeRemote, not modelled), IpDnsSuffix, IdleDisconnectSeconds,
# RedialAttempts, RedialSeconds, CustomAuthKey (the EAP type) and CustomAuthData (its
# configuration, upper-case hex), PhoneNumber (the server).
#: AuthRestrictions bits (pbk.h AR_F_AuthPAP, _AuthMD5CHAP, _AuthMSCHAP2, _AuthEAP).  The
#: others (SPAP 0x10, MS-CHAP 0x40, custom 0x100, Win95 MS-CHAP 0x400) are not modelled
#: and survive an update.
AUTH_RESTRICTION_BITS = {"pap": 0x8, "chap": 0x20, "mschapv2": 0x200, "eap": 0x80}
_AUTH_MODELLED = sum(AUTH_RESTRICTION_BITS.values())
#: DataEncryption (pbk.h DE_None, DE_IfPossible, DE_Require, DE_RequireMax): not RASENTRY's
#: ET_ numbers; RasSetEntryProperties maps ET_Optional to 8, ET_Require to 256 and
#: ET_RequireMax to 512.
DATA_ENCRYPTION = {"none": 0, "optional": 8, "required": 256, "maximum": 512}
_DATA_ENCRYPTION_NAMES = {v: k for k, v in DATA_ENCRYPTION.items()}
#: IpSecFlags bit for L2TP with a pre-shared key (pbk.h AR_F_IpSecPSK; rasdial turns it
#: into the connection's use-a-pre-shared-key flag).  Windows' PreSharedKey key is never
#: written with a value: the key itself is a credential (RasSetCredentials).
IPSEC_PSK = 0x1
#: NOT VERIFIED: where Windows keeps RASEO2_RequireMachineCertificates (IKEv2 "use machine
#: certificates") in rasphone.pbk could not be found in any source read; rasfast writes
#: this key of its own, named so that it cannot be taken for one of Windows'.
MACHINE_CERTIFICATE_KEY = "RasfastRequireMachineCertificates"
#: the keys rasfast writes (and reads) itself; every other key is kept as it was
KNOWN_KEYS = ("Encoding", "Type", "VpnStrategy", "DataEncryption", "RedialAttempts",
              "RedialSeconds", "IdleDisconnectSeconds", "CustomAuthKey", "CustomAuthData",
              "AuthRestrictions", "IpPrioritizeRemote", "IpSecFlags", "IpDnsSuffix",
              MACHINE_CERTIFICATE_KEY, "MEDIA", "Device", "DEVICE", "PhoneNumber")
#: the first key of the link part and of the device part of a section
_LINK, _DEVICE = "MEDIA", "DEVICE"

Section = List[Tuple[str, str]]


def _refused(path: str, reason: str) -> RasError:
    return RasError(lib.RF_ERROR_CANNOT_OPEN_PHONEBOOK, context=f"phonebook {path}: {reason}")


def parse(text: str, path: str) -> Dict[str, Section]:
    """The sections of a phonebook file, in order; RasError 621 naming the line when it is
    not one."""
    sections: Dict[str, Section] = {}
    current: Optional[Section] = None
    lowered: Dict[str, str] = {}
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if line.startswith("[") and line.endswith("]"):
            name = line[1:-1]
            if name.lower() in lowered:
                raise _refused(path, f"line {number}: a second section [{name}]")
            lowered[name.lower()] = name
            current = sections.setdefault(name, [])
            continue
        if current is None:
            raise _refused(path, f"line {number}: a key outside any [section]")
        key, eq, value = line.partition("=")
        if not eq or not key.strip():
            raise _refused(path, f"line {number}: not Key=Value")
        current.append((key.strip(), value.strip()))
    return sections


def _first(section: Section) -> Dict[str, str]:
    """Each key's first value: a repeated key (PhoneNumber for alternates) is Windows' list,
    whose first entry is the one that counts."""
    first: Dict[str, str] = {}
    for k, v in section:
        first.setdefault(k, v)
    return first


def _number(keys: Dict[str, str], key: str, default: int, name: str, path: str) -> int:
    value = keys.get(key)
    if value is None or value == "":
        return default
    try:
        return int(value, 10)
    except ValueError:
        raise _refused(path, f"[{name}] {key}={value!r} is not a number") from None


def to_properties(name: str, section: Section, path: str) -> "EntryProperties":
    """An entry of the file as EntryProperties (checked like the API's arguments)."""
    from . import phonebook as pb
    keys = _first(section)
    strategy = _number(keys, "VpnStrategy", 0, name, path)
    encryption = _number(keys, "DataEncryption", DATA_ENCRYPTION["required"], name, path)
    tunnel = {v: k for k, v in pb.TUNNEL_TYPES.items()}.get(strategy)
    level = _DATA_ENCRYPTION_NAMES.get(encryption)
    if tunnel is None or level is None:
        raise _refused(path, f"[{name}] VpnStrategy={strategy} / DataEncryption={encryption}: "
                             f"not one rasfast models")
    restrictions = _number(keys, "AuthRestrictions", AUTH_RESTRICTION_BITS["mschapv2"], name,
                           path)
    methods = [m for m, bit in AUTH_RESTRICTION_BITS.items() if restrictions & bit]
    if _number(keys, MACHINE_CERTIFICATE_KEY, 0, name, path) == 1:
        methods.append("machine_certificate")
    eap, eap_type = "eap" in methods, 0
    eap_config = b""
    if eap:        # without EAP, Windows leaves 0 or -1 in CustomAuthKey: not rasfast's
        eap_type = _number(keys, "CustomAuthKey", 0, name, path)
        try:
            eap_config = bytes.fromhex(keys.get("CustomAuthData", ""))
        except ValueError:
            raise _refused(path, f"[{name}] CustomAuthData is not hex") from None
    try:
        return pb._check(pb.EntryProperties(
            name=name, server=keys.get("PhoneNumber", ""), tunnel_type=tunnel, encryption=level,
            authentication=tuple(methods),
            split_tunneling=_number(keys, "IpPrioritizeRemote", 1, name, path) == 0,
            dns_suffix=keys.get("IpDnsSuffix", ""),
            use_psk=bool(_number(keys, "IpSecFlags", 0, name, path) & IPSEC_PSK),
            eap_type=eap_type, eap_config=eap_config,
            idle_disconnect=_number(keys, "IdleDisconnectSeconds", 0, name, path),
            redial_count=_number(keys, "RedialAttempts", 3, name, path),
            redial_pause=_number(keys, "RedialSeconds", 60, name, path),
            device_name=keys.get("Device", ""), phonebook=path))
    except (TypeError, ValueError) as exc:
        raise _refused(path, f"[{name}] {exc}") from None


def _flags(kept: Dict[str, str], key: str) -> int:
    try:
        return int(kept.get(key, "0"), 10)
    except ValueError:
        return 0


def _parts(kept: Section) -> Tuple[Section, Section, Section]:
    """A kept section's unknown keys, split into the entry's, the link's and the device's
    part (Windows tells them by the MEDIA and DEVICE lines); each known key's first
    occurrence is rasfast's, a repeated one (an alternate PhoneNumber) is kept."""
    parts: Tuple[Section, Section, Section] = ([], [], [])
    part, seen = 0, set()
    for k, v in kept:
        if k == _LINK and part == 0:
            part = 1
        elif k == _DEVICE and part < 2:
            part = 2
        if k in KNOWN_KEYS and k not in seen:
            seen.add(k)
            continue
        parts[part].append((k, v))
    return parts


def to_section(p: "EntryProperties", kept: Section) -> Section:
    """The entry as Windows writes it, with the kept section's unknown keys and bits."""
    from . import phonebook as pb
    old = _first(kept)
    restrictions = _flags(old, "AuthRestrictions") & ~_AUTH_MODELLED
    for m in p.authentication:
        restrictions |= AUTH_RESTRICTION_BITS.get(m, 0)
    ipsec = (_flags(old, "IpSecFlags") & ~IPSEC_PSK) | (IPSEC_PSK if p.use_psk else 0)
    eap = "eap" in p.authentication
    if not eap and _flags(old, "AuthRestrictions") & AUTH_RESTRICTION_BITS["eap"]:
        old.pop("CustomAuthKey", None)      # the EAP settings were rasfast's: gone with EAP
        old.pop("CustomAuthData", None)
    entry, link, device = _parts(kept)
    out: Section = [
        ("Encoding", "1"), ("Type", str(int(lib.RF_RASET_Vpn))),
        ("VpnStrategy", str(pb.TUNNEL_TYPES[p.tunnel_type])),
        ("DataEncryption", str(DATA_ENCRYPTION[p.encryption])),
        ("RedialAttempts", str(p.redial_count)), ("RedialSeconds", str(p.redial_pause)),
        ("IdleDisconnectSeconds", str(p.idle_disconnect)),
        ("CustomAuthKey", str(p.eap_type) if eap else old.get("CustomAuthKey", "0")),
    ]
    auth_data = p.eap_config.hex().upper() if eap else old.get("CustomAuthData", "")
    if auth_data:  # Windows writes CustomAuthData only when there is some
        out.append(("CustomAuthData", auth_data))
    out += [("AuthRestrictions", str(restrictions)),
            ("IpPrioritizeRemote", "0" if p.split_tunneling else "1"),
            ("IpSecFlags", str(ipsec)), ("IpDnsSuffix", p.dns_suffix)]
    if "machine_certificate" in p.authentication:
        out.append((MACHINE_CERTIFICATE_KEY, "1"))
    out += entry
    out += [(_LINK, "rastapi")] + link + [("Device", p.device_name)]
    out += [(_DEVICE, "vpn"), ("PhoneNumber", p.server)] + device
    return out


def render(sections: Dict[str, Section]) -> str:
    """The file's text; a blank line before each part of a section, as Windows writes it."""
    parts = []
    for name, section in sections.items():
        lines = [f"[{name}]\n"]
        for k, v in section:
            if k in (_LINK, _DEVICE, "NETCOMPONENTS"):
                lines.append("\n")
            lines.append(f"{k}={v}\n")
        parts.append("".join(lines))
    return "\n".join(parts)


class _Fresh(NamedTuple):
    """A file as this process last read or wrote it, while the simulator's phonebook
    stayed as it left it: a call that reads the same bytes skips parsing and loading."""

    raw: bytes                   #: the file's bytes
    changes: int                 #: rf_sim_phonebook_changes() then
    text: str                    #: the file's entries, rendered
    kept: Dict[str, Section]     #: their keys rasfast does not model


#: path -> _Fresh.  A dial of an entry of a 1,000-entry file parsed and loaded all of it
#: each time (155 ms a dial); now every call still reads the file (read_private, with its
#: checks of the file and its folder) and compares the bytes, but parses and loads them
#: only when they, or the simulator's phonebook, changed since.  No file times are trusted.
_FRESH: Dict[str, _Fresh] = {}


class PhonebookFile:
    """One call's hold on a phonebook file (see the module's docstring)."""

    def __init__(self, path: str, book: "_Book") -> None:
        self.path = path
        self.book = book
        self.kept: Dict[str, Section] = {}
        self.before = ""
        self._raw = b""
        self._changes = -1
        self._stack = contextlib.ExitStack()

    def open(self) -> None:
        try:
            self._stack.enter_context(_filelock.locked(self.path))
        except _files.RefusedFile as exc:
            raise _refused(self.path, f"{exc.reason} (its lock file)") from None
        except OSError as exc:
            raise _refused(self.path, f"cannot lock it: {exc.strerror or exc}") from None
        try:
            raw = self._read()
            fresh = _FRESH.pop(self.path, None)
            if (fresh is not None and raw is not None and raw == fresh.raw
                    and lib.rf_sim_phonebook_changes() == fresh.changes):
                self.kept, self.before = fresh.kept, fresh.text
            else:
                self._load(raw)
            self._raw = raw or b""
            self._changes = lib.rf_sim_phonebook_changes()
        except BaseException:
            self._stack.close()
            raise

    def _read(self) -> Optional[bytes]:
        try:
            return _files.read_private(self.path, limit=PBK_READ_LIMIT)
        except _files.RefusedFile as exc:
            raise _refused(self.path, exc.reason) from None
        except OSError as exc:
            raise _refused(self.path, exc.strerror or str(exc)) from None

    def _load(self, raw: Optional[bytes]) -> None:
        try:
            text = raw.decode("utf-8") if raw is not None else ""
        except UnicodeDecodeError as exc:
            raise _refused(self.path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") \
                from None
        sections = parse(text, self.path)
        wanted = {name: to_properties(name, s, self.path) for name, s in sections.items()}
        self.kept = sections
        have = {n.lower(): n for n in self.book.names()}
        wanted_lower = {w.lower() for w in wanted}
        for lower, name in have.items():
            if lower not in wanted_lower:
                self.book.delete(name)
        for name, props in wanted.items():
            mode = lib.RF_ENTRY_UPDATE if name.lower() in have else lib.RF_ENTRY_CREATE
            if mode == lib.RF_ENTRY_UPDATE and have[name.lower()] != name:
                self.book.rename(have[name.lower()], name)
            self.book.put(props, mode)
        self.before = self._render()

    def _render(self) -> str:
        sections = {}
        for name in self.book.names():
            sections[name] = to_section(self.book.get(name), self.kept.get(name, []))
        return render(sections)

    def renamed(self, old: str, new: str) -> None:
        if old in self.kept:
            self.kept[new] = self.kept.pop(old)

    def close(self, commit: bool) -> None:
        try:
            if commit:
                changes = lib.rf_sim_phonebook_changes()
                # Nothing changed in the simulator since the load: nor did its rendering.
                after = self.before if changes == self._changes else self._render()
                raw = self._raw
                if after != self.before:
                    raw = after.encode("utf-8")
                    try:
                        _files.atomic_write(self.path, raw)
                    except _files.RefusedFile as exc:
                        raise _refused(self.path, exc.reason) from None
                    except OSError as exc:
                        raise _refused(self.path, f"cannot write it: {exc.strerror or exc}") \
                            from None
                if raw:
                    _FRESH[self.path] = _Fresh(raw, changes, after, self.kept)
        finally:
            self._stack.close()
