"""Phonebook files for the simulator: rasphone.pbk's INI format, loaded into the simulated
service before a call and written back, atomically, after one that changed it.

Format: one ``[Entry Name]`` section per entry, ``Key=Value`` lines, UTF-8 (a BOM is
accepted).  The keys Windows writes for what rasfast models: Type, VpnStrategy,
DataEncryption (RASENTRY's ET_ number), IpPrioritizeRemote (1: all traffic through the
tunnel, 0: split tunnelling), IpDnsSuffix, IdleDisconnectSeconds, RedialAttempts,
RedialSeconds, UsePreSharedKey, CustomAuthKey, CustomAuthData (hex), and the device
part: MEDIA, Device, DEVICE, PhoneNumber.  One key is rasfast's own: Authentication
(the method names, comma-separated), since Windows' AuthRestrictions bits are not
modelled.  Every other key of a section is kept as it was, in order, when rasfast writes
the section again (also after a rename).  No secret is ever in the file: saved credentials
stay in the simulator's memory.

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
from typing import TYPE_CHECKING, Dict, List, Optional, Tuple

from . import _filelock, _files
from ._native import lib
from .errors import RasError

if TYPE_CHECKING:
    from .phonebook import EntryProperties, _Book

__all__ = ["PhonebookFile", "parse", "render", "PBK_READ_LIMIT"]

PBK_READ_LIMIT = 16 * 1024 * 1024
#: the keys rasfast writes (and reads) itself; every other key is kept as it was
KNOWN_KEYS = ("Encoding", "Type", "VpnStrategy", "DataEncryption", "Authentication",
              "IpPrioritizeRemote", "IpDnsSuffix", "IdleDisconnectSeconds", "RedialAttempts",
              "RedialSeconds", "UsePreSharedKey", "CustomAuthKey", "CustomAuthData", "MEDIA",
              "Device", "DEVICE", "PhoneNumber")

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


def _number(section: Section, key: str, default: int, name: str, path: str) -> int:
    value = dict(section).get(key)
    if value is None or value == "":
        return default
    try:
        return int(value, 10)
    except ValueError:
        raise _refused(path, f"[{name}] {key}={value!r} is not a number") from None


def to_properties(name: str, section: Section, path: str) -> "EntryProperties":
    """An entry of the file as EntryProperties (checked like the API's arguments)."""
    from . import phonebook as pb
    keys = dict(section)
    strategy = _number(section, "VpnStrategy", 0, name, path)
    encryption = _number(section, "DataEncryption", int(lib.RF_ET_Require), name, path)
    tunnel = {v: k for k, v in pb.TUNNEL_TYPES.items()}.get(strategy)
    level = {v: k for k, v in pb.ENCRYPTION_LEVELS.items()}.get(encryption)
    if tunnel is None or level is None:
        raise _refused(path, f"[{name}] VpnStrategy={strategy} / DataEncryption={encryption}: "
                             f"not one rasfast models")
    try:
        eap = bytes.fromhex(keys.get("CustomAuthData", ""))
    except ValueError:
        raise _refused(path, f"[{name}] CustomAuthData is not hex") from None
    methods = tuple(m for m in keys.get("Authentication", "mschapv2").split(",") if m)
    try:
        return pb._check(pb.EntryProperties(
            name=name, server=keys.get("PhoneNumber", ""), tunnel_type=tunnel, encryption=level,
            authentication=methods,
            split_tunneling=_number(section, "IpPrioritizeRemote", 1, name, path) == 0,
            dns_suffix=keys.get("IpDnsSuffix", ""),
            use_psk=_number(section, "UsePreSharedKey", 0, name, path) == 1,
            eap_type=_number(section, "CustomAuthKey", 0, name, path), eap_config=eap,
            idle_disconnect=_number(section, "IdleDisconnectSeconds", 0, name, path),
            redial_count=_number(section, "RedialAttempts", 3, name, path),
            redial_pause=_number(section, "RedialSeconds", 60, name, path),
            device_name=keys.get("Device", ""), phonebook=path))
    except (TypeError, ValueError) as exc:
        raise _refused(path, f"[{name}] {exc}") from None


def to_section(p: "EntryProperties", kept: Section) -> Section:
    from . import phonebook as pb
    out: Section = [
        ("Encoding", "1"), ("Type", str(int(lib.RF_RASET_Vpn))),
        ("VpnStrategy", str(pb.TUNNEL_TYPES[p.tunnel_type])),
        ("DataEncryption", str(pb.ENCRYPTION_LEVELS[p.encryption])),
        ("Authentication", ",".join(p.authentication)),
        ("IpPrioritizeRemote", "0" if p.split_tunneling else "1"),
        ("IpDnsSuffix", p.dns_suffix), ("IdleDisconnectSeconds", str(p.idle_disconnect)),
        ("RedialAttempts", str(p.redial_count)), ("RedialSeconds", str(p.redial_pause)),
        ("UsePreSharedKey", "1" if p.use_psk else "0"), ("CustomAuthKey", str(p.eap_type)),
        ("CustomAuthData", p.eap_config.hex().upper()),
    ]
    out += [(k, v) for k, v in kept if k not in KNOWN_KEYS]
    out += [("MEDIA", "rastapi"), ("Device", p.device_name), ("DEVICE", "vpn"),
            ("PhoneNumber", p.server)]
    return out


def render(sections: Dict[str, Section]) -> str:
    parts = []
    for name, section in sections.items():
        parts.append(f"[{name}]\n" + "".join(f"{k}={v}\n" for k, v in section))
    return "\n".join(parts)


class PhonebookFile:
    """One call's hold on a phonebook file (see the module's docstring)."""

    def __init__(self, path: str, book: "_Book") -> None:
        self.path = path
        self.book = book
        self.kept: Dict[str, Section] = {}
        self.before = ""
        self._stack = contextlib.ExitStack()

    def open(self) -> None:
        try:
            self._stack.enter_context(_filelock.locked(self.path))
        except OSError as exc:
            raise _refused(self.path, f"cannot lock it: {exc.strerror or exc}") from None
        try:
            self._load()
        except BaseException:
            self._stack.close()
            raise

    def _load(self) -> None:
        try:
            raw = _files.read_private(self.path, limit=PBK_READ_LIMIT)
        except _files.RefusedFile as exc:
            raise _refused(self.path, exc.reason) from None
        except OSError as exc:
            raise _refused(self.path, exc.strerror or str(exc)) from None
        try:
            text = raw.decode("utf-8") if raw is not None else ""
        except UnicodeDecodeError as exc:
            raise _refused(self.path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") \
                from None
        sections = parse(text, self.path)
        wanted = {name: to_properties(name, s, self.path) for name, s in sections.items()}
        self.kept = sections
        have = {n.lower(): n for n in self.book.names()}
        for lower, name in have.items():
            if lower not in {w.lower() for w in wanted}:
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
                after = self._render()
                if after != self.before:
                    try:
                        _files.atomic_write(self.path, after.encode("utf-8"))
                    except _files.RefusedFile as exc:
                        raise _refused(self.path, exc.reason) from None
                    except OSError as exc:
                        raise _refused(self.path, f"cannot write it: {exc.strerror or exc}") \
                            from None
        finally:
            self._stack.close()
