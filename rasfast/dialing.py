"""The dialing API: dial(), connections(), entries(), hangup(), hangup_all()."""
from __future__ import annotations

import atexit
import logging
import math
import time
from dataclasses import dataclass
from typing import List, Optional, Tuple, Union

from . import _backends, _registry, _validate, _workers
from . import phonebook as phonebook_mod
from ._native import ffi, lib
from ._wstring import from_wstr, wstr
from .buffer import EventBuffer
from .connection import (
    DEFAULT_HANGUP_TIMEOUT,
    MAX_PHONEBOOK,
    RELEASE_POLL,
    Connection,
    OnEvent,
    _DialRequest,
    hangup_many,
)
from .enums import DialOption
from .errors import BufferClosedError, check
from .stats import AfterConnected

__all__ = ["ConnectionInfo", "EntryInfo", "dial", "connections", "entries", "hangup",
           "hangup_all"]

log = logging.getLogger("rasfast")

#: Capacity of the buffer a dial gets when the caller passes none.
PRIVATE_BUFFER_CAPACITY = 1024

_PAUSED = int(DialOption.PAUSED_STATES)


@dataclass(frozen=True)
class ConnectionInfo(AfterConnected):
    """One entry of RasEnumConnections; ``statistics()``,
    ``clear_statistics()`` and ``projection()`` as on a Connection."""

    handle: int
    entry: str
    device_type: str
    device_name: str
    phonebook: str
    subentry: int
    connection: Optional[Connection]  #: this process's Connection, if it dialled it
    backend: str = "sim"              #: the backend that listed it

    def _link_target(self) -> Tuple[int, int, str]:
        return _backends.resolve(self.backend), self.handle, repr(self.entry)


@dataclass(frozen=True)
class EntryInfo:
    """One phonebook entry of RasEnumEntries."""

    name: str
    phonebook: str
    flags: int


def dial(entry: str, *, username: Optional[str] = None, password: Optional[str] = None,
         domain: Optional[str] = None, phone_number: Optional[str] = None,
         callback_number: Optional[str] = None, phonebook: Optional[str] = None,
         subentry: int = 0, buffer: Optional[EventBuffer] = None,
         on_event: Optional[OnEvent] = None, paused_states: bool = False,
         backend: Optional[str] = None, timeout: Optional[float] = None) -> Connection:
    """Start dialling a phonebook entry and return at once.

    Every notification goes to ``buffer`` (a private EventBuffer of 1024
    records, ``conn.buffer``, when None) and, if given, to ``on_event``,
    called on rasfast's dispatcher thread (never on RAS's thread).  With
    ``paused_states=True`` paused states are reported and wait for
    ``Connection.resume``; without it they fail the dial.  ``timeout``
    (seconds) hangs the dial up if it has not connected by then; wait()
    then raises RasError(1460).  ``backend`` is "win32" (rasapi32, the
    default on Windows) or "sim" (the simulated service, the default
    elsewhere).  Any thread may dial, one that exits right away included:
    RasDial is called on rasfast's own dial thread, which outlives the dial
    as RAS requires.

    Raises:
        TypeError, ValueError: a bad argument; nothing is dialled.
        BufferClosedError: ``buffer`` is closed.
        RasError: RAS refused the dial (its code), or 8 when every dial
            slot is taken or the dial thread cannot be started.
    """
    # Validate everything before any native state exists.  The common
    # arguments (a plain int, a bool, no timeout) skip the helpers' calls:
    # a fleet's 10,000-dial loop pays each line here 10,000 times.
    if type(subentry) is not int or not 0 <= subentry <= 0xFFFFFFFF:
        subentry = _validate.integer(subentry, "subentry")
    if buffer is not None and not isinstance(buffer, EventBuffer):
        raise TypeError(f"buffer must be an EventBuffer or None, not {type(buffer).__name__}")
    if on_event is not None and not callable(on_event):
        raise TypeError("on_event must be callable or None")
    if paused_states is not False and paused_states is not True:
        _validate.flag(paused_states, "paused_states")
    if timeout is not None:
        seconds = _validate.timeout(timeout)
        if not seconds or math.isinf(seconds):
            raise ValueError(f"timeout must be a positive, finite number of seconds, got {seconds}")
        timeout = seconds
    backend_name = backend if backend is not None else _backends.default_backend()
    backend_id = _backends.resolve(backend_name)
    if buffer is not None and buffer.closed:
        raise BufferClosedError("dial on a closed EventBuffer")
    if phonebook is not None:
        # A phonebook file on the simulator: its entries into the simulator first.
        phonebook_mod.load_for_dial(phonebook, backend_id)
    request = _DialRequest(entry, username, password, domain, phone_number, callback_number,
                           phonebook, subentry, _PAUSED if paused_states else 0)
    try:
        aux = _workers.dispatcher().buffer if on_event is not None else None
        if buffer is None and on_event is None:
            buffer = EventBuffer(PRIVATE_BUFFER_CAPACITY)
        # The dial's own buffer first; the dispatcher's as the second ring
        # (or the only one, when the caller gave on_event and no buffer).
        if buffer is not None:
            primary, second = buffer, aux
        else:
            assert aux is not None
            primary, second = aux, None
        callback_id = primary._open_slot(second)
        if not callback_id:
            check(lib.RF_ERROR_NOT_ENOUGH_MEMORY,
                  f"too many dials at once (at most {lib.rf_slot_capacity()})")
    except BaseException:
        request.discard()
        raise
    conn = Connection(entry, backend_name, backend_id, callback_id, buffer, second,
                      on_event, paused_states)
    _registry.add(conn)
    # rf_dial also hands a dial that started to the watcher (its drop after
    # CONNECTED reaches its buffer through the watcher thread).
    code, conn._handle = request.run(backend_id, callback_id)
    if code:
        conn._end_failed_dial()
        check(code, f"dialling {entry!r}")
    if timeout is not None:
        _workers.watchdog().add(conn, time.monotonic() + timeout)
    return conn


def connections(backend: Optional[str] = None) -> List[ConnectionInfo]:
    """The connections RAS knows (RasEnumConnections).

    Raises:
        TypeError, ValueError: a bad ``backend`` name.
        RasError: the backend cannot be used here, or RAS's error.
    """
    backend_id = _backends.resolve(backend)
    count = ffi.new("uint32_t *")
    capacity = 64
    while True:
        out = ffi.new("rf_conn_info[]", capacity)
        check(lib.rf_enum_connections(backend_id, out, capacity, count), "listing connections")
        if count[0] <= capacity:
            break
        capacity = count[0]
    by_handle = {c.handle: c for c in _registry.alive() if c.handle}
    name = _backends.name_of(backend_id)
    return [ConnectionInfo(out[i].hconn, from_wstr(out[i].entry), from_wstr(out[i].device_type),
                           from_wstr(out[i].device_name), from_wstr(out[i].phonebook),
                           out[i].subentry, by_handle.get(out[i].hconn), name)
            for i in range(count[0])]


def entries(phonebook: Optional[str] = None, backend: Optional[str] = None) -> List[EntryInfo]:
    """The phonebook's entries (RasEnumEntries).

    Raises:
        TypeError, ValueError: a bad ``phonebook`` or ``backend``.
        RasError: the backend cannot be used here, or RAS's error.
    """
    backend_id = _backends.resolve(backend)
    phonebook_w = wstr(phonebook, "phonebook", MAX_PHONEBOOK)
    phonebook_mod.load_for_dial(phonebook, backend_id)     # a file on the simulator: read it
    count = ffi.new("uint32_t *")
    capacity = 64
    while True:
        out = ffi.new("rf_entry_info[]", capacity)
        check(lib.rf_enum_entries(backend_id, phonebook_w, out, capacity, count), "listing entries")
        if count[0] <= capacity:
            break
        capacity = count[0]
    return [EntryInfo(from_wstr(out[i].name), from_wstr(out[i].phonebook), out[i].flags)
            for i in range(count[0])]


def hangup(target: Union[int, ConnectionInfo, Connection], *, backend: Optional[str] = None,
           timeout: float = DEFAULT_HANGUP_TIMEOUT) -> bool:
    """Hang up a connection by handle (or a ConnectionInfo from
    connections()), whichever process dialled it, and wait for the port's
    release; True when it was seen.  A Connection of this process is hung
    up through its own hangup().

    Raises:
        TypeError, ValueError: a bad ``target``, ``backend`` or ``timeout``.
        RasError: what RasHangUp answers (6, no such connection, is not an
            error: the port is gone already).
    """
    if isinstance(target, Connection):
        return target.hangup(timeout)
    handle = target.handle if isinstance(target, ConnectionInfo) else target
    if isinstance(handle, bool) or not isinstance(handle, int):
        raise TypeError(f"target must be a handle, a ConnectionInfo or a Connection, "
                        f"not {type(target).__name__}")
    if not 0 < handle < 2 ** 64:
        raise ValueError(f"not a connection handle: {handle}")
    wait = _validate.timeout(timeout)
    if wait is None:             # as Connection.hangup: the default wait
        wait = DEFAULT_HANGUP_TIMEOUT
    for conn in _registry.alive():
        if conn.handle == handle and not conn.hung_up:
            return conn.hangup(wait)
    backend_id = _backends.resolve(backend)
    code = lib.rf_hangup(backend_id, handle)
    if code != lib.RF_ERROR_INVALID_HANDLE:
        check(code, "hanging up")
    return lib.rf_wait_released(backend_id, handle, int(wait * 1e9),
                                int(RELEASE_POLL * 1e9)) == 0


def hangup_all(timeout: float = DEFAULT_HANGUP_TIMEOUT) -> int:
    """Hang up every dial this process started and has not hung up; returns
    how many.  Runs at interpreter exit.

    Raises:
        TypeError, ValueError: a bad ``timeout``.
    """
    wait = _validate.timeout(timeout)
    live = _registry.to_hang_up()
    hangup_many(live, DEFAULT_HANGUP_TIMEOUT if wait is None else wait)
    return len(live)


@atexit.register
def _hangup_at_exit() -> None:
    try:
        hangup_all(timeout=5.0)
    except Exception:  # pragma: no cover - never let exit fail
        log.exception("rasfast: hang-up at exit failed")
