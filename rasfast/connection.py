"""Connection: one dial of this process, from RasDial to the port's release.

Its state has one source while it lives, the native slot the notifier
writes (``rf_slot_status``); once it is hung up, one Python record of how
it ended.  Every property reads a :class:`_Phase` made from one or the other.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Callable, List, NamedTuple, Optional, Tuple

from . import _registry, _validate
from ._native import ffi, lib
from ._wstring import from_wstr, wipe, wstr
from .buffer import EventBuffer
from .enums import ConnState, DialOption, EventFlag
from .errors import check
from .events import RasEvent
from .stats import AfterConnected

__all__ = ["Connection", "ConnectionStatus"]

log = logging.getLogger("rasfast")

#: How often hang-up polls RasGetConnectStatus for the port's release.
RELEASE_POLL = 0.005
DEFAULT_HANGUP_TIMEOUT = 10.0

# Field limits of RASDIALPARAMSW, in UTF-16 units (without the NUL).
MAX_ENTRY = int(lib.RF_RAS_MaxEntryName)
MAX_PHONE = int(lib.RF_RAS_MaxPhoneNumber)
MAX_USER = int(lib.RF_UNLEN)
MAX_PASSWORD = int(lib.RF_PWLEN)
MAX_DOMAIN = int(lib.RF_DNLEN)
MAX_PHONEBOOK = int(lib.RF_MAX_PATH) - 1

OnEvent = Callable[[RasEvent], object]


@dataclass(frozen=True)
class ConnectionStatus:
    """RasGetConnectStatus: where RAS says the connection is."""

    state: ConnState
    error: int
    device_type: str
    device_name: str
    phone_number: str


class _End(NamedTuple):
    """How a hung-up dial ended."""

    error: int          #: 0, RAS's error, 631 (hung up before it connected) or 1460 (timed out)
    local_event: bool   #: mark the end with a local DISCONNECTED event


class _Phase(NamedTuple):
    """Where a dial is: read from the native slot, or from its _End."""

    state: ConnState
    error: int
    seen: int       #: notifier calls so far (-1 once ended)
    paused: bool    #: waits in a paused state that resume() has not answered
    ended: bool     #: hung up


#: The request's optional strings in the order they are checked: the field
#: (and the argument's name) and its limit in UTF-16 units.
_OPTIONAL_STRINGS = (("phonebook", MAX_PHONEBOOK), ("phone_number", MAX_PHONE),
                     ("callback_number", MAX_PHONE), ("username", MAX_USER),
                     ("domain", MAX_DOMAIN))


class _DialRequest:
    """An rf_dial_request and the native strings it points to.  Building it
    validates every string; the password array is wiped by rf_dial, or by
    ``discard()`` when the dial never happens."""

    def __init__(self, entry: str, username: Optional[str], password: Optional[str],
                 domain: Optional[str], phone_number: Optional[str],
                 callback_number: Optional[str], phonebook: Optional[str], subentry: int,
                 options: int) -> None:
        # Positional: a class called with keywords builds a dict per call.
        # Only the strings given are made and stored (most dials give one
        # or two); the request starts zeroed, so the rest stay NULL.  Every
        # string is checked before the password is copied, so no failure
        # can leave an unwiped copy of it.
        req = ffi.new("rf_dial_request *")
        strings = [wstr(entry, "entry", MAX_ENTRY, optional=False, secret=False)]
        req.entry = strings[0]
        for (field, limit), value in zip(_OPTIONAL_STRINGS, (phonebook, phone_number,
                                                             callback_number, username, domain)):
            if value is not None:
                strings.append(wstr(value, field, limit, secret=False))
                setattr(req, field, strings[-1])
        if subentry:
            req.subentry = subentry
        if options:
            req.options = int(options)
        self._strings = strings          # the arrays live as long as the request
        self._password = ffi.NULL
        if password is not None:
            self._password = req.password = wstr(password, "password", MAX_PASSWORD)
            req.password_len = len(self._password)
        self.cdata = req

    def run(self, backend_id: int, callback_id: int, handle: int = 0) -> Tuple[int, int]:
        """rf_dial: start (handle 0) or resume a dial; returns (code, handle).
        RasDialW runs on the calling thread when it is the main thread (it
        outlives every dial: rasfast hangs up at exit on it), else on the
        dial thread.  A new dial that started is handed to the watcher."""
        out = ffi.new("uint64_t *", handle)
        req = self.cdata
        req.caller_outlives_dials = threading.get_ident() == threading.main_thread().ident
        req.track_drop = handle == 0
        code = lib.rf_dial(backend_id, req, callback_id, out)
        return int(code), int(out[0])

    def discard(self) -> None:
        """The dial will not happen: wipe the password now."""
        wipe(self._password)


class Connection(AfterConnected):
    """A dial in progress or a connection, as returned by :func:`rasfast.dial`.

    ``state`` is the latest state the notifier saw (read from native memory,
    so it is current even when nobody drains the buffer, or when the buffer
    overflowed).  ``wait()`` blocks until the dial connects, pauses, or
    fails; ``hangup()`` ends it and waits until RAS releases the port.
    Used as a context manager it hangs up on exit.

    After CONNECTED, a drop (the server ends it, the link goes down) arrives
    in the buffer and at ``on_event`` as DISCONNECTED with
    ``EventFlag.REMOTE`` and RAS's reason; ``state`` is DISCONNECTED then.
    ``statistics()``, ``clear_statistics()`` and ``projection()`` read RAS's
    counters and addresses while it is up.
    """

    def __init__(self, entry: str, backend: str, backend_id: int, callback_id: int,
                 buffer: Optional[EventBuffer], aux_buffer: Optional[EventBuffer],
                 on_event: Optional[OnEvent], paused_states: bool) -> None:
        #: The phonebook entry dialled.
        self.entry = entry
        #: "sim" or "win32".
        self.backend = backend
        #: The dwCallbackId RAS echoes to the notifier for this dial.
        self.callback_id = callback_id
        self._buffer = buffer
        #: The callback the dispatcher thread calls with each event, if any.
        self.on_event = on_event
        self._backend_id = backend_id
        self._aux_buffer = aux_buffer
        self._paused_states = paused_states
        self._handle = 0
        self._lock = threading.RLock()
        self._end: Optional[_End] = None     # set once, by the hang-up
        self._released = False               # RAS released the port
        self._resume_mark = 0                # notifications seen when the last resume started
        self._forked = False                 # dialled by the parent of this (forked) process

    # -- state ---------------------------------------------------------------

    @property
    def buffer(self) -> EventBuffer:
        """The EventBuffer this dial's events go to.

        Raises:
            ValueError: the dial was made with ``on_event`` and no buffer,
                so its events go to the callback only.
        """
        if self._buffer is None:
            raise ValueError(f"{self.entry!r} was dialled with on_event and no buffer: "
                             "its events go to the callback only (pass buffer= to keep them)")
        return self._buffer

    @property
    def handle(self) -> int:
        """The HRASCONN, as an int (0 until RasDial stored one)."""
        return self._handle

    @property
    def hung_up(self) -> bool:
        """hangup() ran (or the dial failed, or timed out, and was hung up)."""
        return self._end is not None

    def _phase(self) -> _Phase:
        end = self._end
        if end is None:
            st = ffi.new("rf_slot_status *")
            if lib.rf_slot_get_status(self.callback_id, st):
                seen = int(st.notifications)
                state = ConnState.of(st.state) if seen else ConnState.OPEN_PORT
                paused = st.error == 0 and state.is_paused and seen > self._resume_mark
                return _Phase(state, int(st.error), seen, paused, False)
            end = self._end    # the slot closes only after the end is recorded
        return _Phase(ConnState.DISCONNECTED, end.error if end else 0, -1, False, True)

    @property
    def state(self) -> ConnState:
        """The latest state (OPEN_PORT before the first notification,
        DISCONNECTED after hang-up)."""
        return self._phase().state

    @property
    def error(self) -> int:
        """The error that ended the dial: RAS's, 1460 for the dial timeout,
        631 for a hang-up before it connected; else 0."""
        return self._phase().error

    @property
    def is_paused(self) -> bool:
        """The dial waits in a paused state for :meth:`resume`."""
        return self._phase().paused

    @property
    def is_connected(self) -> bool:
        """CONNECTED and not hung up."""
        return self._phase().state is ConnState.CONNECTED

    def wait(self, timeout: Optional[float] = None) -> ConnState:
        """Block until the dial is CONNECTED, paused (with paused_states), or
        hung up, and return that state; after ``timeout`` seconds, return
        the current state.  The GIL is released while waiting.

        Raises:
            RasError: the dial failed (RAS's code), its dial timeout expired
                (1460), it was hung up before it connected (631), or it was
                dialled by the parent of this forked process (6).
        """
        timeout = _validate.timeout(timeout)
        self._check_not_forked()
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            phase = self._phase()
            check(phase.error, f"dialling {self.entry!r}"
                  + (" timed out" if phase.error == lib.RF_ERROR_TIMEOUT else ""))
            if phase.ended:
                return ConnState.DISCONNECTED
            if phase.seen > 0 and (phase.state.is_done or (self._paused_states and phase.paused)):
                return phase.state
            slice_ = 0.1
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return phase.state
                slice_ = min(slice_, left)
            lib.rf_slot_wait(self.callback_id, max(phase.seen, 0), int(slice_ * 1e9))

    def status(self) -> ConnectionStatus:
        """RasGetConnectStatus for this connection.

        Raises:
            RasError: 6 once the port was released (or in a forked child),
                or whatever RAS answers.
        """
        self._check_not_forked()
        if self._released or not self._handle:
            check(lib.RF_ERROR_INVALID_HANDLE, f"status of {self.entry!r}")
        out = ffi.new("rf_conn_status *")
        check(lib.rf_get_status(self._backend_id, self._handle, out),
              f"status of {self.entry!r}")
        return ConnectionStatus(ConnState.of(out.state), int(out.error),
                                from_wstr(out.device_type), from_wstr(out.device_name),
                                from_wstr(out.phone_number))

    # -- control -------------------------------------------------------------

    def resume(self, *, password: Optional[str] = None, username: Optional[str] = None,
               domain: Optional[str] = None, phone_number: Optional[str] = None,
               callback_number: Optional[str] = None) -> None:
        """Continue a dial that waits in a paused state (for example a new
        password after PASSWORD_EXPIRED), by calling RasDial again with the
        handle, as Windows requires (on rasfast's dial thread, like every
        RasDial: the calling thread may exit right after).  Never call it
        from an on_event callback that must return quickly: it is an
        ordinary RAS call.

        Raises:
            ValueError: the dial is not paused.
            TypeError, ValueError: a bad string argument.
            RasError: 6 once it was hung up, or what RAS answers.
        """
        self._check_not_forked()
        with self._lock:
            phase = self._phase()
            if phase.ended:
                check(lib.RF_ERROR_INVALID_HANDLE, f"{self.entry!r} was hung up")
            if not phase.paused:
                raise ValueError(f"{self.entry!r} is not paused (state {phase.state!r})")
            options = DialOption.PAUSED_STATES if self._paused_states else 0
            request = _DialRequest(self.entry, username, password, domain, phone_number,
                                   callback_number, None, 0, options)
            previous, self._resume_mark = self._resume_mark, phase.seen
            code, _ = request.run(self._backend_id, self.callback_id, self._handle)
            if code:
                self._resume_mark = previous     # still paused: resume may be retried
            check(code, f"resuming {self.entry!r}")

    def detach(self) -> None:
        """Leave the connection up when this interpreter exits (rasfast
        otherwise hangs up every dial at exit), as rasdial.exe does.  On
        Windows it stays until someone hangs it up (``rasfast hangup``); the
        simulated service's connections end with the process anyway."""
        _registry.done(self)

    def hangup(self, timeout: Optional[float] = DEFAULT_HANGUP_TIMEOUT) -> bool:
        """Hang up (a dial in progress, a failed dial, or a connection) and
        wait until RAS has released the port, at most ``timeout`` seconds
        (the default wait when None).  Returns True when the release was
        seen.  Calling it again is harmless.  A local DISCONNECTED event
        marks the end in the buffer.  In a forked child, a dial of the
        parent is left alone: False.

        Raises:
            TypeError, ValueError: a bad ``timeout``.
        """
        timeout = _validate.timeout(timeout)
        if self._forked:
            return False
        with self._lock:
            if self._end is None:
                hangup_many([self], DEFAULT_HANGUP_TIMEOUT if timeout is None else timeout)
            return self._released

    # -- internals -----------------------------------------------------------

    def _mark_forked(self) -> None:
        self._forked = True

    def _check_not_forked(self) -> None:
        if self._forked:
            check(lib.RF_ERROR_INVALID_HANDLE,
                  f"{self.entry!r} was dialled by the parent process "
                  "before os.fork(); the child cannot use it")

    def _link_target(self) -> Tuple[int, int, str]:
        self._check_not_forked()
        if self._released or not self._handle or self._end is not None:
            check(lib.RF_ERROR_INVALID_HANDLE, f"{self.entry!r} was hung up")
        return self._backend_id, self._handle, repr(self.entry)

    def _hangup_start(self, timed_out: bool = False) -> None:
        """First half of a hang-up: RasHangUp, then record how it ended."""
        if lib.rf_watch_untrack(self.callback_id):
            # Dropped after CONNECTED: the watcher pushed the DISCONNECTED
            # (REMOTE, with the reason) and hung the handle up already.
            self._end = _End(self._phase().error, False)
            return
        if self._handle:
            code = lib.rf_hangup(self._backend_id, self._handle)
            if code and code != lib.RF_ERROR_INVALID_HANDLE:
                log.warning("rasfast: RasHangUp(%s) returned %d", self.entry, code)
        # Read the last state only now: a notification (CONNECTED, say) may
        # arrive until RasHangUp returns.
        last = self._phase()
        if timed_out:
            self._end = _End(lib.RF_ERROR_TIMEOUT, False)
        elif last.error:
            self._end = _End(last.error, False)
        elif last.state.is_done:
            self._end = _End(0, True)
        else:                                     # hung up before it connected
            self._end = _End(lib.RF_ERROR_USER_DISCONNECTION, True)

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
        end = self._end
        if end is not None and end.local_event:
            self._push_local(ConnState.DISCONNECTED, end.error)
        _registry.done(self)

    def _end_failed_dial(self) -> None:
        """RasDial failed: whenever it stored a handle, RasHangUp must follow
        (Windows' rule); no local event, the failure is the end."""
        with self._lock:
            self._hangup_start()
            if self._end is not None and self._end.local_event:
                self._end = _End(self._end.error, False)
            self._hangup_finish(time.monotonic() + DEFAULT_HANGUP_TIMEOUT, False)

    def _push_local(self, state: int, error: int) -> None:
        ev = ffi.new("rf_event *")
        ev.timestamp_ns = lib.rf_clock_ns()    # the shim's clock, as RAS's events
        ev.callback_id = self.callback_id
        ev.hconn = self._handle
        ev.message = lib.RF_WM_RASDIALEVENT
        ev.state = state
        ev.error = error
        ev.flags = EventFlag.LOCAL
        for buf in (self._buffer, self._aux_buffer):
            if buf is not None:
                buf._push(ev)

    def _expire(self) -> None:
        """The dial timeout passed: hang up unless the dial already ended."""
        with self._lock:
            phase = self._phase()
            if phase.ended or phase.error or (phase.seen and phase.state.is_done):
                return
            self._push_local(phase.state, lib.RF_ERROR_TIMEOUT)
            hangup_many([self], DEFAULT_HANGUP_TIMEOUT, timed_out=True)

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.hangup()

    def __repr__(self) -> str:
        phase = self._phase()
        extra = f" error={phase.error}" if phase.error else ""
        return (f"<Connection {self.entry!r} backend={self.backend} "
                f"handle={self._handle:#x} state={phase.state.name}{extra}>")


def hangup_many(conns: List[Connection], timeout: float, *, timed_out: bool = False) -> None:
    """Hang up many connections at once: every RasHangUp first, then every
    release wait under one deadline (so 10,000 dials do not take 10,000
    release delays)."""
    deadline = time.monotonic() + timeout
    started = []
    for c in conns:
        with c._lock:
            if c._end is None:
                c._hangup_start(timed_out)
                started.append(c)
    live = _registry.live_handles()
    for c in started:
        c._hangup_finish(deadline, c._handle in live)
