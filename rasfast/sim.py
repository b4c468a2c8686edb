"""The simulated RAS service: a rasapi32 look-alike in C for every platform.

Its own native "RAS threads" call the notifier with the exact RasDialFunc2
signature, as Windows does: the first notification may come before dial()
returns, paused states wait for a resume, hang-up releases the port a
little later, wrong structure sizes give 632.  Use it to test programs
without a VPN::

    import rasfast
    rasfast.sim.add_entry("Flaky VPN", fail_at=rasfast.ConnState.AUTHENTICATE, error=691)
    conn = rasfast.dial("Flaky VPN", backend="sim")

Built-in entries (restored by reset()): "Demo VPN", "Demo Modem",
"Demo Multilink", "Demo Instant", "Demo Bad Password" (691),
"Demo No Answer" (678), "Demo VPN Timeout" (809), "Demo Password
Expired" (pauses at PASSWORD_EXPIRED), "Demo Flaky VPN" (the server ends
it 4 s after CONNECTED with 629) and "Demo IKEv2" (an IKEv2 projection).

After CONNECTED the service models a connection's life: traffic counters
that grow at the profile's rate (32-bit, wrapping at 4 GiB; a smaller time
scale makes them grow faster), addresses from a pool (this side
10.64.0.0/15, the server 10.64.0.1, IPv6 fd00:5241:5300::/64), a PPP or
IKEv2 projection, drops (``drop_after=``, :func:`drop`), and on "Demo
Multilink" a second link that goes down for 1.5 s every 4 s.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple, Union

from . import _validate
from ._histogram import LatencyStats, stats_from_native
from ._native import ffi, lib
from ._wstring import from_wstr, wipe, wstr
from .enums import ConnState
from .errors import check

__all__ = ["SimEntry", "PROFILES", "add_entry", "remove_entry", "entries", "entry_states",
           "reset", "time_scale", "set_time_scale", "release_delay", "set_release_delay",
           "profile_delays", "hold_stats", "reset_hold_stats", "active_connections",
           "set_duplicate_dials", "duplicate_dials", "orphaned_dials", "require_password",
           "drop", "add_traffic", "profile_traffic", "drop_log", "TUNNEL_TYPES"]

if TYPE_CHECKING:
    from .connection import Connection
    from .dialing import ConnectionInfo

#: add_entry's tunnel_type: the projection a connection reports.
TUNNEL_TYPES = {"ppp": lib.RF_SIM_TUNNEL_PPP, "ikev2": lib.RF_SIM_TUNNEL_IKEV2}
_TUNNEL_NAMES = {v: k for k, v in TUNNEL_TYPES.items()}

#: Timing profiles: delay between states (before the time scale).
PROFILES = {"instant": lib.RF_SIM_PROFILE_INSTANT, "vpn": lib.RF_SIM_PROFILE_VPN,
            "modem": lib.RF_SIM_PROFILE_MODEM}
_PROFILE_NAMES = {v: k for k, v in PROFILES.items()}

PAUSED_STATES = tuple(s for s in ConnState if s.is_paused)
#: An entry name's (and a simulator password's) longest length, in UTF-16 units.
MAX_NAME = int(lib.RF_RAS_MaxEntryName)
#: The RASCONNSTATE values this version knows (no pseudo-members).
_KNOWN_STATES = frozenset(ConnState)


@dataclass(frozen=True)
class SimEntry:
    """A phonebook entry of the simulated service."""

    name: str
    profile: str
    fail_at: Optional[ConnState]
    error: int
    pause_at: Optional[ConnState]
    subentries: int
    builtin: bool
    checks_password: bool = False   #: dials need the entry's password
    drop_after: Optional[float] = None  #: seconds after CONNECTED the server ends it
    drop_error: int = 0             #: the reason it gives then (0: none)
    tunnel_type: str = "ppp"        #: "ppp" or "ikev2": the projection it reports


def _state_arg(value: object, what: str) -> int:
    if value is None:
        return -1
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be a ConnState or None, not {type(value).__name__}")
    if value not in _KNOWN_STATES:
        raise ValueError(f"{what}: {value!r} is not a RASCONNSTATE value")
    return int(value)


def add_entry(name: str, *, profile: str = "vpn", fail_at: Optional[ConnState] = None,
              error: int = 0, pause_at: Optional[ConnState] = None,
              subentries: int = 1, password: Optional[str] = None,
              drop_after: Optional[float] = None, drop_error: int = 0,
              tunnel_type: str = "ppp") -> SimEntry:
    """Add an entry for this process's simulated service.

    ``fail_at`` makes the dial fail at that state with ``error`` (a nonzero
    RAS error code); ``pause_at`` (a paused state such as PASSWORD_EXPIRED)
    makes it pause there; ``subentries=2`` makes a multilink entry.  With
    ``password`` the entry accepts only that password (a dial with another
    one fails at AUTHENTICATE with 691); resuming a PASSWORD_EXPIRED pause
    with a new password changes it, as a server would.  ``drop_after``
    (seconds, scaled by the time scale) makes the server end the connection
    that long after CONNECTED, giving ``drop_error`` as the reason (0: no
    reason given, as Windows often reports).  ``tunnel_type="ikev2"`` gives
    an IKEv2 projection instead of PPP (a VPN profile only).

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: a bad value, or an entry of that name exists already.
    """
    name_w = wstr(name, "name", MAX_NAME, optional=False)
    password_w = wstr(password, "password", MAX_NAME)
    if password == "":
        raise ValueError("password must not be empty (None accepts any password)")
    if not name:
        raise ValueError("name must not be empty")
    if not isinstance(profile, str):
        raise TypeError(f"profile must be a str, not {type(profile).__name__}")
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; expected one of {sorted(PROFILES)}")
    fail = _state_arg(fail_at, "fail_at")
    pause = _state_arg(pause_at, "pause_at")
    error = _validate.integer(error, "error")
    if fail >= ConnState.CONNECTED:
        raise ValueError("fail_at must be a state before CONNECTED (CONNECTED and "
                         "DISCONNECTED end a dial's notifications)")
    if fail >= 0 and error == 0:
        raise ValueError("fail_at needs a nonzero error code")
    if fail < 0 and error:
        raise ValueError("error is only meaningful with fail_at")
    if pause >= 0 and not ConnState.of(pause).is_paused:
        raise ValueError(f"pause_at must be a paused state ({', '.join(s.name for s in PAUSED_STATES)})")
    subentries = _validate.integer(subentries, "subentries", 1, 2)
    drop_error = _validate.integer(drop_error, "drop_error", 0, 2 ** 32 - 1)
    drop_ns = 0
    if drop_after is not None:
        seconds = _validate.number(drop_after, "drop_after")
        if not 0 < seconds <= 86400:
            raise ValueError(f"drop_after must be in (0, 86400] seconds, got {seconds}")
        drop_ns = max(1, int(seconds * 1e9))
    elif drop_error:
        raise ValueError("drop_error is only meaningful with drop_after")
    if not isinstance(tunnel_type, str):
        raise TypeError(f"tunnel_type must be a str, not {type(tunnel_type).__name__}")
    if tunnel_type not in TUNNEL_TYPES:
        raise ValueError(f"unknown tunnel_type {tunnel_type!r}; expected one of {sorted(TUNNEL_TYPES)}")
    if tunnel_type == "ikev2" and profile == "modem":
        raise ValueError("tunnel_type 'ikev2' needs a VPN profile, not 'modem'")
    spec = ffi.new("rf_sim_entry *")
    ffi.memmove(spec.name, name_w, ffi.sizeof(name_w))
    spec.profile = PROFILES[profile]
    spec.fail_at = fail
    spec.error = error
    spec.pause_at = pause
    spec.subentries = subentries
    spec.drop_after_ns = drop_ns
    spec.drop_error = drop_error
    spec.tunnel = TUNNEL_TYPES[tunnel_type]
    if password_w != ffi.NULL:
        ffi.memmove(spec.password, password_w, ffi.sizeof(password_w))
        wipe(password_w)
    code = lib.rf_sim_add_entry(spec)
    wipe(spec.password)
    if code == lib.RF_ERROR_ALREADY_EXISTS:
        raise ValueError(f"the simulator already has an entry named {name!r}")
    if code == lib.RF_ERROR_INVALID_PARAMETER:
        raise ValueError(f"fail_at {ConnState(fail).name} is not a state this entry passes through")
    check(code, f"adding simulator entry {name!r}")
    # The entry as the simulator holds it: one lookup in its name hash (O(1)).
    if not lib.rf_sim_find_entry(name_w, spec):
        check(lib.RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY, f"adding simulator entry {name!r}")
    return _entry(spec)


def remove_entry(name: str) -> None:
    """Remove an entry (built-in ones too, until reset()).

    Raises:
        RasError: 623, no entry of that name.
    """
    check(lib.rf_sim_remove_entry(wstr(name, "name", MAX_NAME, optional=False)),
          f"removing simulator entry {name!r}")


def _state_or_none(value: int) -> Optional[ConnState]:
    return ConnState.of(value) if value >= 0 else None


def _entry(spec: Any) -> SimEntry:
    return SimEntry(
        name=from_wstr(spec.name),
        profile=_PROFILE_NAMES.get(spec.profile, str(spec.profile)),
        fail_at=_state_or_none(spec.fail_at),
        error=spec.error,
        pause_at=_state_or_none(spec.pause_at),
        subentries=spec.subentries,
        builtin=bool(spec.builtin),
        checks_password=bool(spec.checks_password),
        drop_after=spec.drop_after_ns / 1e9 if spec.drop_after_ns else None,
        drop_error=int(spec.drop_error),
        tunnel_type=_TUNNEL_NAMES.get(spec.tunnel, "ppp"),
    )


def entries() -> List[SimEntry]:
    """Every entry of the simulated phonebook."""
    out = []
    spec = ffi.new("rf_sim_entry *")
    for i in range(lib.rf_sim_entry_count()):
        if lib.rf_sim_get_entry(i, spec):
            out.append(_entry(spec))
    return out


def entry_states(name: str) -> List[ConnState]:
    """The states a dial of this entry walks through, in order.

    Raises:
        RasError: 623, no entry of that name.
    """
    name_w = wstr(name, "name", MAX_NAME, optional=False)
    states = ffi.new("uint32_t[]", 256)
    n = lib.rf_sim_entry_states(name_w, states, 256)
    if n == 0:
        check(lib.RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY, f"simulator entry {name!r}")
    return [ConnState.of(states[i]) for i in range(min(n, 256))]


def reset() -> None:
    """Hang up every simulated connection, restore the built-in phonebook,
    time scale 1.0, release delay and hold-time statistics."""
    lib.rf_sim_reset()


def time_scale() -> float:
    """The factor every simulated delay is multiplied by."""
    return float(lib.rf_sim_get_time_scale())


def set_time_scale(scale: float) -> None:
    """Multiply every simulated delay by ``scale`` (0 makes every profile
    instant; 0.01 makes "modem" take tens of milliseconds).

    Raises:
        TypeError: not a number.
        ValueError: outside 0..RF_SIM_MAX_TIME_SCALE (1000).
    """
    value = _validate.number(scale, "scale")
    cap = float(lib.RF_SIM_MAX_TIME_SCALE)
    if not 0 <= value <= cap:
        raise ValueError(f"scale must be in [0, {cap:g}], got {value}")
    lib.rf_sim_set_time_scale(value)


def release_delay() -> float:
    """Seconds between a hang-up and the port's release (before scaling)."""
    return float(lib.rf_sim_get_release_delay()) / 1e9


def set_release_delay(seconds: float) -> None:
    """Set the delay between a hang-up and the port's release.

    Raises:
        TypeError: not a number.
        ValueError: outside 0..60 seconds.
    """
    value = _validate.number(seconds, "seconds")
    if not 0 <= value <= 60:
        raise ValueError(f"seconds must be in [0, 60], got {value}")
    lib.rf_sim_set_release_delay(int(value * 1e9))


def profile_delays() -> Dict[str, Tuple[float, float]]:
    """Each profile's (shortest, longest) delay between states, seconds."""
    lo, hi = ffi.new("uint64_t *"), ffi.new("uint64_t *")
    out = {}
    for name, value in PROFILES.items():
        if lib.rf_sim_profile_delays(value, lo, hi):
            out[name] = (lo[0] / 1e9, hi[0] / 1e9)
    return out


def hold_stats() -> LatencyStats:
    """How long each notifier call held a simulated RAS thread (the time
    the dial was suspended), since the last reset."""
    h = ffi.new("rf_histogram *")
    lib.rf_sim_get_hold_histogram(h)
    return stats_from_native(h)


def reset_hold_stats() -> None:
    """Empty the hold-time histogram."""
    lib.rf_sim_reset_hold_histogram()


def set_duplicate_dials(allow: bool) -> None:
    """Windows answers a dial of an entry that is already connected with a
    reference to the existing connection (and 756 while it is still being
    dialled); ``set_duplicate_dials(True)`` gives every dial a connection
    of its own instead (load tests: many dials of one entry).

    Raises:
        TypeError: ``allow`` is not a bool.
    """
    lib.rf_sim_set_duplicate_dials(1 if _validate.flag(allow, "allow") else 0)


def duplicate_dials() -> bool:
    """Whether every dial gets a connection of its own."""
    return bool(lib.rf_sim_get_duplicate_dials())


def active_connections() -> int:
    """Simulated connections that exist (dialling, connected, or waiting
    for their port to be released)."""
    return int(lib.rf_sim_active_connections())


def orphaned_dials() -> int:
    """Dials the simulator stopped because the thread that called RasDialW
    (asynchronously, with a notifier) ended before the dial did, since the
    last :func:`reset`.

    Windows makes a dial's notifications in the context of the thread that
    called RasDial, which must not end before the dial does; what Windows
    then does is not documented.  The simulator stops such a dial with
    ERROR_DISCONNECTION (628): one last notification with that error, and
    the connection's status reports it.
    """
    return int(lib.rf_sim_orphaned_dials())


def require_password(entry: str, password: Optional[str], *,
                     phonebook: Optional[str] = None) -> None:
    """Make the simulated server of ``entry`` (one made with rasfast.create_entry, or
    any other) accept only ``password``: a dial with another one, or with saved
    credentials holding another one, fails at AUTHENTICATE with 691.  None: any
    password.  A phonebook file's entries are the simulator's once loaded (any call
    with ``phonebook=`` does that); this setting is not written to the file.

    Raises:
        TypeError, ValueError: a bad argument.
        RasError: 623, no such entry.
    """
    from . import phonebook as _phonebook
    if phonebook is not None:
        _phonebook.load_for_dial(phonebook, lib.RF_BACKEND_SIM)
    name_w = wstr(entry, "entry", MAX_NAME, optional=False)
    pbk_w = wstr(phonebook, "phonebook", int(lib.RF_MAX_PATH) - 1)
    password_w = wstr(password or "", "password", MAX_NAME)
    check(lib.rf_sim_set_server_password(pbk_w, name_w, password_w,
                                         ffi.sizeof(password_w) // 2 - 1),
          f"simulator entry {entry!r}")
def _handle_of(conn: Union["Connection", "ConnectionInfo", int]) -> int:
    if isinstance(conn, bool):
        raise TypeError("conn must be a Connection, a ConnectionInfo or a handle, not bool")
    if isinstance(conn, int):
        return conn
    handle = getattr(conn, "handle", None)
    if not isinstance(handle, int):
        raise TypeError(f"conn must be a Connection, a ConnectionInfo or a handle, "
                        f"not {type(conn).__name__}")
    return handle


def drop(conn: Union["Connection", "ConnectionInfo", int], error: int = 0) -> None:
    """End a connected simulated connection as its server would: its
    watchers and its dial's buffer get DISCONNECTED (EventFlag.REMOTE) with
    ``error`` as the reason (0: "no reason given").

    Raises:
        TypeError, ValueError: a bad argument.
        RasError: 6 for a handle that is gone, 87 for one not connected.
    """
    handle = _handle_of(conn)
    error = _validate.integer(error, "error", 0, 2 ** 32 - 1)
    check(lib.rf_sim_drop(handle, error), f"dropping simulated connection {handle:#x}")


def add_traffic(conn: Union["Connection", "ConnectionInfo", int], sent: int = 0,
                received: int = 0) -> None:
    """Add bytes to a connected simulated connection's counters (to cross
    the 32-bit wrap in a test without waiting for it).

    Raises:
        RasError: 6 for a handle that is gone, 87 for one not connected.
    """
    handle = _handle_of(conn)
    sent = _validate.integer(sent, "sent", 0, 2 ** 63 - 1)
    received = _validate.integer(received, "received", 0, 2 ** 63 - 1)
    check(lib.rf_sim_add_traffic(handle, sent, received),
          f"adding traffic to simulated connection {handle:#x}")


def profile_traffic() -> Dict[str, Tuple[int, int, int]]:
    """Each profile's traffic: (bytes sent, bytes received) per simulated
    second and the line rate in bits per second."""
    tx, rx, bps = ffi.new("uint64_t *"), ffi.new("uint64_t *"), ffi.new("uint32_t *")
    out = {}
    for name, value in PROFILES.items():
        if lib.rf_sim_profile_traffic(value, tx, rx, bps):
            out[name] = (int(tx[0]), int(rx[0]), int(bps[0]))
    return out


def drop_log() -> List[Tuple[int, int, int]]:
    """The simulator's recent drops, oldest first: (handle, time in the
    events' clock (ns), reason), since the last :func:`reset`."""
    cap = int(lib.RF_SIM_DROP_LOG)
    out = ffi.new("rf_sim_drop_record[]", cap)
    n = lib.rf_sim_drop_log(out, cap)
    return [(int(out[i].hconn), int(out[i].time_ns), int(out[i].error)) for i in range(n)]
