"""dial(), Connection, and the process-wide services behind them: the
registry of live dials, the on_event dispatcher thread, dial timeouts, and
hang-up at interpreter exit."""
from __future__ import annotations

import atexit
import heapq
import logging
import math
import os
import threading
import time
import weakref
from dataclasses import dataclass
from typing import Callable, List, Optional, Set, Tuple, Union

from . import _backends
from ._backends import from_wstr, wstr
from ._native import ffi, lib
from .buffer import EventBuffer, _validate_timeout
from .enums import STATE_BY_VALUE, ConnState, DialOption, EventFlag, WM_RASDIALEVENT
from .errors import (ERROR_INVALID_HANDLE, ERROR_TIMEOUT, ERROR_USER_DISCONNECTION,
                     RasError, check)
from .events import RasEvent

__all__ = ["Connection", "ConnectionInfo", "ConnectionStatus", "EntryInfo", "dial",
           "connections", "entries", "hangup", "hangup_all"]

log = logging.getLogger("rasfast")

# Field limits of RASDIALPARAMSW, in UTF-16 units (without the NUL).
MAX_ENTRY = 256
MAX_PHONE = 128
MAX_USER = 256
MAX_PASSWORD = 256
MAX_DOMAIN = 15
MAX_PHONEBOOK = 259

#: Capacity of the buffer a dial gets when the caller passes none.
PRIVATE_BUFFER_CAPACITY = 1024
#: How often hang-up polls RasGetConnectStatus for the port's release.
RELEASE_POLL = 0.005
DEFAULT_HANGUP_TIMEOUT = 10.0

OnEvent = Callable[[RasEvent], object]


def _state(value: int) -> Union[ConnState, int]:
    return STATE_BY_VALUE.get(value, value)


@dataclass(frozen=True)
class ConnectionStatus:
    """RasGetConnectStatus: where RAS says the connection is."""

    state: Union[ConnState, int]
    error: int
    device_type: str
    device_name: str
    phone_number: str


@dataclass(frozen=True)
class ConnectionInfo:
    """One entry of RasEnumConnections."""

    handle: int
    entry: str
    device_type: str
    device_name: str
    phonebook: str
    subentry: int
    connection: Optional["Connection"]  #: this process's Connection, if it dialled it


@dataclass(frozen=True)
class EntryInfo:
    """One phonebook entry of RasEnumEntries."""

    name: str
    phonebook: str
    flags: int


# ---------------------------------------------------------------------------
# The registry: callback id -> Connection, for RasEvent.connection and the
# dispatcher.  Connections that may still need a hang-up are held strongly,
# so a dial the program forgot about is still hung up at exit.
# ---------------------------------------------------------------------------
_registry_lock = threading.Lock()
_by_callback: "weakref.WeakValueDictionary[int, Connection]" = weakref.WeakValueDictionary()
_needs_hangup: Set["Connection"] = set()


def connection_for(callback_id: int) -> Optional["Connection"]:
    return _by_callback.get(callback_id)


class _Dispatcher:
    """One daemon thread that delivers events to on_event callbacks, never
    on the RAS thread.  It reads its own buffer, which the shim fills as a
    second ring of every dial that has a callback."""

    CAPACITY = 1 << 16

    def __init__(self) -> None:
        self.buffer = EventBuffer(self.CAPACITY)
        self.thread = threading.Thread(target=self._run, name="rasfast-dispatcher", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        for ev in self.buffer.events():
            conn = _by_callback.get(ev.callback_id)
            callback = conn._on_event if conn is not None else None
            if callback is None:
                continue
            try:
                callback(ev)
            except Exception:  # a callback's bug must not stop the others
                log.exception("rasfast: on_event callback for %r raised", conn)


_dispatcher: Optional[_Dispatcher] = None
_dispatcher_lock = threading.Lock()


def _get_dispatcher() -> _Dispatcher:
    global _dispatcher
    with _dispatcher_lock:
        if _dispatcher is None:
            _dispatcher = _Dispatcher()
        return _dispatcher


class _Watchdog:
    """Dial timeouts: one thread, one heap of deadlines."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: List[Tuple[float, int, "weakref.ref[Connection]"]] = []
        self._count = 0
        self._thread = threading.Thread(target=self._run, name="rasfast-timeouts", daemon=True)
        self._thread.start()

    def add(self, conn: "Connection", deadline: float) -> None:
        with self._cond:
            self._count += 1
            heapq.heappush(self._heap, (deadline, self._count, weakref.ref(conn)))
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._heap or self._heap[0][0] > time.monotonic():
                    wait = self._heap[0][0] - time.monotonic() if self._heap else None
                    self._cond.wait(wait)
                _, _, ref = heapq.heappop(self._heap)
            conn = ref()
            if conn is not None:
                try:
                    conn._expire()
                except Exception:
                    log.exception("rasfast: dial timeout handling failed for %r", conn)


_watchdog: Optional[_Watchdog] = None


def _get_watchdog() -> _Watchdog:
    global _watchdog
    with _dispatcher_lock:
        if _watchdog is None:
            _watchdog = _Watchdog()
        return _watchdog


class Connection:
    """A dial in progress or a connection, as returned by :func:`dial`.

    ``state`` is the latest state the notifier saw (read from native memory,
    so it is current even when nobody drains the buffer, or when the buffer
    overflowed).  ``wait()`` blocks until the dial connects, pauses, or
    fails; ``hangup()`` ends it and waits until RAS releases the port.
    Used as a context manager it hangs up on exit.
    """

    def __init__(self, entry: str, backend: str, backend_id: int, callback_id: int,
                 buffer: Optional[EventBuffer], aux_buffer: Optional[EventBuffer],
                 on_event: Optional[OnEvent], paused_states: bool) -> None:
        self.entry = entry
        self.backend = backend
        self.callback_id = callback_id
        self.buffer = buffer
        self._backend_id = backend_id
        self._aux_buffer = aux_buffer
        self._on_event = on_event
        self._paused_states = paused_states
        self._handle = 0
        self._lock = threading.RLock()
        self._hung_up = False
        self._released = False
        self._timed_out = False
        self._final: Optional[Tuple[int, int]] = None   # (state, error) after hang-up
        self._resume_mark = 0    # notifications seen when the last resume started
        self._ended_by_hangup = False   # push a local DISCONNECTED when done
        self._forked = False     # dialled by the parent of this (forked) process

    # -- state ---------------------------------------------------------------

    @property
    def handle(self) -> int:
        """The HRASCONN, as an int (0 until RasDial stored one)."""
        return self._handle

    def _snapshot(self) -> Tuple[int, int, int]:
        """(raw state, error, notifications) of the latest notification."""
        if self._final is not None:
            return self._final[0], self._final[1], -1
        st = ffi.new("rf_slot_status *")
        if lib.rf_slot_get_status(self.callback_id, st):
            return st.state, st.error, st.notifications
        final = self._final
        return (final[0], final[1], -1) if final else (ConnState.DISCONNECTED, 0, -1)

    @property
    def state(self) -> Union[ConnState, int]:
        """The latest state (DISCONNECTED after hang-up)."""
        if self._hung_up:
            return ConnState.DISCONNECTED
        raw, _, notifications = self._snapshot()
        if notifications == 0:
            return ConnState.OPEN_PORT   # dialling; no notification yet
        return _state(raw)

    @property
    def error(self) -> int:
        """The error that ended the dial: RAS's, 1460 for the dial timeout,
        631 for a hang-up before it connected; else 0."""
        if self._timed_out:
            return ERROR_TIMEOUT
        return self._snapshot()[1]

    @property
    def is_paused(self) -> bool:
        raw, error, n = self._snapshot()
        return (not self._hung_up and error == 0 and 0x1000 <= raw < 0x2000
                and n > self._resume_mark)

    @property
    def is_connected(self) -> bool:
        return not self._hung_up and self.state is ConnState.CONNECTED

    def wait(self, timeout: Optional[float] = None) -> Union[ConnState, int]:
        """Block until the dial is CONNECTED, paused (with paused_states), or
        hung up, and return that state; raise RasError when it failed, its
        dial timeout expired (1460), or it was hung up before it connected
        (631).  After ``timeout`` seconds, return the current
        state.  The GIL is released while waiting."""
        timeout = _validate_timeout(timeout)
        self._check_not_forked()
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            raw, error, notifications = self._snapshot()
            if self._timed_out:
                raise RasError(ERROR_TIMEOUT, context=f"dialling {self.entry!r} timed out")
            if error:
                raise RasError(error, context=f"dialling {self.entry!r}")
            if self._hung_up:
                return ConnState.DISCONNECTED
            if notifications > 0:
                if raw >= 0x2000:
                    return _state(raw)
                if (self._paused_states and 0x1000 <= raw < 0x2000
                        and notifications > self._resume_mark):
                    return _state(raw)
            slice_ = 0.1
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return self.state
                slice_ = min(slice_, left)
            lib.rf_slot_wait(self.callback_id, max(notifications, 0), int(slice_ * 1e9))

    def status(self) -> ConnectionStatus:
        """RasGetConnectStatus for this connection (RasError 6 once the
        port was released)."""
        self._check_not_forked()
        if self._released or not self._handle:
            raise RasError(ERROR_INVALID_HANDLE, context=f"status of {self.entry!r}")
        out = ffi.new("rf_conn_status *")
        check(lib.rf_get_status(self._backend_id, self._handle, out),
              f"status of {self.entry!r}")
        return ConnectionStatus(_state(out.state), out.error, from_wstr(out.device_type),
                                from_wstr(out.device_name), from_wstr(out.phone_number))

    # -- control -------------------------------------------------------------

    def resume(self, *, password: Optional[str] = None, username: Optional[str] = None,
               domain: Optional[str] = None, phone_number: Optional[str] = None,
               callback_number: Optional[str] = None) -> None:
        """Continue a dial that waits in a paused state (for example a new
        password after PASSWORD_EXPIRED), by calling RasDial again with the
        handle, as Windows requires.  Never call it from an on_event callback
        that must return quickly: it is an ordinary RAS call."""
        self._check_not_forked()
        with self._lock:
            if self._hung_up:
                raise RasError(ERROR_INVALID_HANDLE, context=f"{self.entry!r} was hung up")
            raw, error, n = self._snapshot()
            if not (error == 0 and 0x1000 <= raw < 0x2000 and n > self._resume_mark):
                raise ValueError(f"{self.entry!r} is not paused (state {_state(raw)!r})")
            options = DialOption.PAUSED_STATES if self._paused_states else 0
            request = _DialRequest(self.entry, username=username, password=password,
                                   domain=domain, phone_number=phone_number,
                                   callback_number=callback_number, options=options)
            previous, self._resume_mark = self._resume_mark, n
            rc, _ = request.run(self._backend_id, self.callback_id, self._handle)
            if rc:
                self._resume_mark = previous     # still paused: resume may be retried
            check(rc, f"resuming {self.entry!r}")

    def detach(self) -> None:
        """Leave the connection up when this interpreter exits (rasfast
        otherwise hangs up every dial at exit), as rasdial.exe does.  On
        Windows it stays until someone hangs it up (``rasfast hangup``); the
        simulated service's connections end with the process anyway."""
        with _registry_lock:
            _needs_hangup.discard(self)

    def stop_events(self) -> None:
        """Ask RAS to stop notifying this dial (the notifier returns 0 from
        now on); the dial itself goes on, and ``state`` stops changing."""
        lib.rf_slot_stop(self.callback_id)

    def hangup(self, timeout: Optional[float] = DEFAULT_HANGUP_TIMEOUT) -> bool:
        """Hang up (a dial in progress, a failed dial, or a connection) and
        wait until RAS has released the port, at most ``timeout`` seconds.
        Returns True when the release was seen.  Calling it again is harmless.
        A local DISCONNECTED event marks the end in the buffer.
        In a forked child, a dial of the parent is left alone: False."""
        timeout = _validate_timeout(timeout)
        if self._forked:
            return False
        with self._lock:
            if self._hung_up:
                return self._released
            _hangup_many([self], DEFAULT_HANGUP_TIMEOUT if timeout is None else timeout)
            return self._released

    # -- internals -----------------------------------------------------------

    def _check_not_forked(self) -> None:
        if self._forked:
            raise RasError(ERROR_INVALID_HANDLE,
                           context=f"{self.entry!r} was dialled by the parent process "
                                   "before os.fork(); the child cannot use it")

    def _hangup_start(self) -> None:
        """First half of a hang-up: RasHangUp, remember the final state."""
        self._hung_up = True
        if self._handle:
            code = lib.rf_hangup(self._backend_id, self._handle)
            if code and code != ERROR_INVALID_HANDLE:
                log.warning("rasfast: RasHangUp(%s) returned %d", self.entry, code)
        # Read the last state only now: a notification (CONNECTED, say) may
        # arrive until RasHangUp returns.
        raw, error, n = self._snapshot()
        if not n:
            raw = ConnState.OPEN_PORT
        self._ended_by_hangup = not (error or self._timed_out)
        if self._timed_out:
            error = ERROR_TIMEOUT
        elif self._ended_by_hangup and raw < 0x2000:
            error = ERROR_USER_DISCONNECTION      # hung up before it connected
        self._final = (raw, error)

    def _hangup_finish(self, deadline: float, shared: bool) -> None:
        """Second half: wait for the port, close the slot, mark the end.
        ``shared``: another live dial holds the same handle."""
        if self._handle and shared:
            # A referenced connection (a second dial of a connected entry
            # gets the same handle): RAS keeps the port for the other dial.
            self._released = True
        elif self._handle:
            while True:
                left = deadline - time.monotonic()
                code = lib.rf_wait_released(self._backend_id, self._handle,
                                            int(max(0.0, min(left, 0.1)) * 1e9),
                                            int(RELEASE_POLL * 1e9))
                if code == 0:
                    self._released = True
                    break
                if left <= 0.1:
                    log.warning("rasfast: %r: port not released after hang-up", self.entry)
                    break
        else:
            self._released = True
        lib.rf_slot_close(self.callback_id)
        if self._ended_by_hangup:
            self._push_local(ConnState.DISCONNECTED, self._final[1])
        with _registry_lock:
            _needs_hangup.discard(self)

    def _push_local(self, state: int, error: int) -> None:
        ev = ffi.new("rf_event *")
        ev.timestamp_ns = lib.rf_clock_ns()
        ev.callback_id = self.callback_id
        ev.hconn = self._handle
        ev.message = WM_RASDIALEVENT
        ev.state = state
        ev.error = error
        ev.flags = EventFlag.LOCAL
        for buf in (self.buffer, self._aux_buffer):
            if buf is not None:
                buf._push(ev)

    def _expire(self) -> None:
        """The dial timeout passed: hang up unless the dial already ended."""
        with self._lock:
            if self._hung_up:
                return
            raw, error, n = self._snapshot()
            if error or (n and raw >= 0x2000):
                return
            self._timed_out = True
            self._push_local(raw if n else ConnState.OPEN_PORT, ERROR_TIMEOUT)
            _hangup_many([self], DEFAULT_HANGUP_TIMEOUT)

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *exc: object) -> None:
        self.hangup()

    def __repr__(self) -> str:
        state = self.state
        name = state.name if isinstance(state, ConnState) else hex(state)
        extra = f" error={self.error}" if self.error else ""
        return (f"<Connection {self.entry!r} backend={self.backend} "
                f"handle={self._handle:#x} state={name}{extra}>")


def _hangup_many(conns: List[Connection], timeout: float) -> None:
    """Hang up many connections at once: every RasHangUp first, then every
    release wait under one deadline (so 10,000 dials do not take 10,000
    release delays)."""
    deadline = time.monotonic() + timeout
    started = []
    for c in conns:
        with c._lock:
            if not c._hung_up:
                c._hangup_start()
                started.append(c)
    with _registry_lock:
        live_handles = {c._handle for c in _needs_hangup if not c._hung_up and c._handle}
    for c in started:
        c._hangup_finish(deadline, c._handle in live_handles)


class _DialRequest:
    """An rf_dial_request and the native strings it points to.  Building it
    validates every string; the password array is wiped by rf_dial, or by
    ``discard()`` when the dial never happens."""

    def __init__(self, entry: str, *, username=None, password=None, domain=None,
                 phone_number=None, callback_number=None, phonebook=None,
                 subentry: int = 0, options: int = 0) -> None:
        self._strings = [
            wstr(entry, "entry", MAX_ENTRY, optional=False),
            wstr(phonebook, "phonebook", MAX_PHONEBOOK),
            wstr(phone_number, "phone_number", MAX_PHONE),
            wstr(callback_number, "callback_number", MAX_PHONE),
            wstr(username, "username", MAX_USER),
            wstr(domain, "domain", MAX_DOMAIN),
        ]
        self._password = wstr(password, "password", MAX_PASSWORD)   # last: nothing can fail after it
        req = ffi.new("rf_dial_request *")
        (req.entry, req.phonebook, req.phone_number, req.callback_number, req.username,
         req.domain) = self._strings
        req.password = self._password
        req.password_len = len(self._password) if self._password != ffi.NULL else 0
        req.subentry = subentry
        req.options = int(options)
        self.cdata = req

    def run(self, backend_id: int, callback_id: int, handle: int = 0) -> Tuple[int, int]:
        """rf_dial: start (handle 0) or resume a dial; returns (code, handle)."""
        out = ffi.new("uint64_t *", handle)
        code = lib.rf_dial(backend_id, self.cdata, callback_id, out)
        return code, out[0]

    def discard(self) -> None:
        _backends.wipe(self._password)


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
    elsewhere).

    Raises TypeError/ValueError for bad arguments (nothing is dialled) and
    RasError when RAS refuses the dial.
    """
    # Validate everything before any native state exists.
    if isinstance(subentry, bool) or not isinstance(subentry, int):
        raise TypeError(f"subentry must be an int, not {type(subentry).__name__}")
    if not 0 <= subentry <= 0xFFFFFFFF:
        raise ValueError(f"subentry must be in 0..0xFFFFFFFF, got {subentry}")
    if buffer is not None and not isinstance(buffer, EventBuffer):
        raise TypeError(f"buffer must be an EventBuffer or None, not {type(buffer).__name__}")
    if on_event is not None and not callable(on_event):
        raise TypeError("on_event must be callable or None")
    if not isinstance(paused_states, bool):
        raise TypeError(f"paused_states must be a bool, not {type(paused_states).__name__}")
    if timeout is not None:
        timeout = _validate_timeout(timeout)
        if timeout == 0 or math.isinf(timeout):
            raise ValueError(f"timeout must be a positive, finite number of seconds, got {timeout}")
    backend_name = backend if backend is not None else _backends.default_backend()
    backend_id = _backends.resolve(backend)
    if buffer is not None and buffer.closed:
        raise ValueError("dial on a closed EventBuffer")
    request = _DialRequest(entry, username=username, password=password, domain=domain,
                           phone_number=phone_number, callback_number=callback_number,
                           phonebook=phonebook, subentry=subentry,
                           options=DialOption.PAUSED_STATES if paused_states else 0)
    try:
        aux = _get_dispatcher().buffer if on_event is not None else None
        if buffer is None and on_event is None:
            buffer = EventBuffer(PRIVATE_BUFFER_CAPACITY)
        primary = buffer if buffer is not None else aux
        second = aux if buffer is not None else None
        callback_id = primary._open_slot(second)
        if not callback_id:
            raise RasError(8, context=f"too many dials at once (at most {lib.rf_slot_capacity()})")
    except BaseException:
        request.discard()
        raise
    conn = Connection(entry, backend_name, backend_id, callback_id, buffer, second,
                      on_event, paused_states)
    with _registry_lock:
        _by_callback[callback_id] = conn
        _needs_hangup.add(conn)
    code, handle = request.run(backend_id, callback_id)
    conn._handle = handle
    if code:
        # Windows: whenever RasDial stored a handle, RasHangUp must follow.
        with conn._lock:
            conn._hangup_start()
            conn._ended_by_hangup = False
            conn._hangup_finish(time.monotonic() + DEFAULT_HANGUP_TIMEOUT, False)
        raise RasError(code, context=f"dialling {entry!r}")
    if timeout is not None:
        _get_watchdog().add(conn, time.monotonic() + timeout)
    return conn


def connections(backend: Optional[str] = None) -> List[ConnectionInfo]:
    """The connections RAS knows (RasEnumConnections)."""
    backend_id = _backends.resolve(backend)
    count = ffi.new("uint32_t *")
    capacity = 64
    while True:
        out = ffi.new("rf_conn_info[]", capacity)
        check(lib.rf_enum_connections(backend_id, out, capacity, count), "listing connections")
        if count[0] <= capacity:
            break
        capacity = count[0]
    by_handle = {c._handle: c for c in list(_by_callback.values()) if c._handle}
    return [ConnectionInfo(out[i].hconn, from_wstr(out[i].entry), from_wstr(out[i].device_type),
                           from_wstr(out[i].device_name), from_wstr(out[i].phonebook),
                           out[i].subentry, by_handle.get(out[i].hconn))
            for i in range(count[0])]


def entries(phonebook: Optional[str] = None, backend: Optional[str] = None) -> List[EntryInfo]:
    """The phonebook's entries (RasEnumEntries)."""
    backend_id = _backends.resolve(backend)
    phonebook_w = wstr(phonebook, "phonebook", MAX_PHONEBOOK)
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
    up through its own hangup()."""
    if isinstance(target, Connection):
        return target.hangup(timeout)
    handle = target.handle if isinstance(target, ConnectionInfo) else target
    if isinstance(handle, bool) or not isinstance(handle, int):
        raise TypeError(f"target must be a handle, a ConnectionInfo or a Connection, "
                        f"not {type(target).__name__}")
    if not 0 < handle < 2 ** 64:
        raise ValueError(f"not a connection handle: {handle}")
    timeout = _validate_timeout(timeout)
    if timeout is None:          # as Connection.hangup: the default wait
        timeout = DEFAULT_HANGUP_TIMEOUT
    for conn in list(_by_callback.values()):
        if conn._handle == handle and not conn._hung_up:
            return conn.hangup(timeout)
    backend_id = _backends.resolve(backend)
    code = lib.rf_hangup(backend_id, handle)
    if code and code != ERROR_INVALID_HANDLE:
        raise RasError(code, context="hanging up")
    return lib.rf_wait_released(backend_id, handle, int(timeout * 1e9),
                                int(RELEASE_POLL * 1e9)) == 0


def hangup_all(timeout: float = DEFAULT_HANGUP_TIMEOUT) -> int:
    """Hang up every dial this process started and has not hung up; returns
    how many.  Runs at interpreter exit."""
    timeout = _validate_timeout(timeout)
    if timeout is None:
        timeout = DEFAULT_HANGUP_TIMEOUT
    with _registry_lock:
        live = list(_needs_hangup)
    _hangup_many(live, timeout)
    return len(live)


def _fork_child() -> None:
    """After os.fork(), in the child: none of the parent's threads (the
    simulator's RAS threads, the dispatcher, the timeout watchdog) exist.
    The child's simulated service starts empty; the parent's dials are
    inert here (``state`` keeps the last state seen before the fork,
    ``hangup()`` returns False without touching RAS, ``wait()``,
    ``status()`` and ``resume()`` raise RasError 6), and exit never hangs
    them up.  New dials in the child work as usual."""
    global _dispatcher, _watchdog, _registry_lock, _dispatcher_lock
    lib.rf_slot_fork_child()
    lib.rf_sim_fork_child()
    _registry_lock = threading.Lock()    # a parent thread may have held them
    _dispatcher_lock = threading.Lock()
    _dispatcher = None
    _watchdog = None
    for conn in list(_by_callback.values()):
        conn._forked = True
    _needs_hangup.clear()


def _fork_prepare() -> None:
    lib.rf_sim_fork_prepare()
    lib.rf_slot_fork_prepare()


def _fork_parent() -> None:
    lib.rf_slot_fork_parent()
    lib.rf_sim_fork_parent()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_fork_prepare, after_in_parent=_fork_parent,
                        after_in_child=_fork_child)


@atexit.register
def _hangup_at_exit() -> None:
    try:
        hangup_all(timeout=5.0)
    except Exception:  # pragma: no cover - never let exit fail
        log.exception("rasfast: hang-up at exit failed")
