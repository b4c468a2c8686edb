"""rasfast.watch(): every connection of the system as it comes and goes.

A native watcher thread (csrc/watcher.c, one per process) waits on the event
RasConnectionNotificationW signals, enumerates the connections, and pushes
64-byte records into the rings of every ConnectionWatcher: CONNECTED,
DISCONNECTED (with RAS's reason), SUBENTRY_CONNECTED and
SUBENTRY_DISCONNECTED (a multilink connection gaining or losing a link),
each flagged :attr:`EventFlag.WATCH`.  The same thread reports a drop of a
connection this process dialled to that dial's own buffer (DISCONNECTED
with :attr:`EventFlag.REMOTE`).  Nothing on that path waits for Python.

On Windows it sees the connections of every program; off Windows, those of
this process's simulated service.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, AsyncIterator, Iterator, List, Optional, Tuple

from . import _backends
from ._native import ffi, lib
from ._wstring import from_wstr
from .buffer import BufferStats, EventBuffer
from .errors import check
from .events import RasEvent
from .stats import AfterConnected

if TYPE_CHECKING:
    from .connection import Connection

__all__ = ["ConnectionWatcher", "WatchedConnection", "WatcherStats", "watch", "watcher_stats"]

_NAME_UNITS = int(lib.RF_RAS_MaxEntryName) + 1


@dataclass(frozen=True)
class WatchedConnection(AfterConnected):
    """A connection a watcher event is about: its entry name and handle
    (``entry`` is "" when the watcher never saw its name)."""

    entry: str
    handle: int
    backend: str = "sim"     #: the backend whose watcher saw it

    def __str__(self) -> str:
        return f"{self.entry!r} (handle {self.handle:#x})"

    def _link_target(self) -> Tuple[int, int, str]:
        return _backends.resolve(self.backend), self.handle, repr(self.entry)


@dataclass(frozen=True)
class WatcherStats:
    """Counters of the process's native watcher thread."""

    running: bool
    wakeups: int        #: wake-ups (a signal, or a poll timeout)
    signals: int        #: signals among them (RAS's, or rasfast's own requests)
    enumerations: int   #: passes
    events: int         #: records offered to watchers
    undelivered: int    #: ... to a watcher closed meanwhile (counted, never lost silently)
    drops: int          #: drops of this process's dials pushed to their buffers
    hangups: int        #: dropped handles hung up by the watcher
    last_pass_ns: int   #: how long its last pass took
    deferred: int = 0   #: signals of new connections only, with no watcher open: no pass then


def watcher_stats(backend: Optional[str] = None) -> WatcherStats:
    """The counters of a backend's native watcher (the default backend's)."""
    st = ffi.new("rf_watch_stats *")
    lib.rf_watch_get_stats(_backends.resolve(backend), st)
    return WatcherStats(bool(st.running), int(st.wakeups), int(st.signals),
                        int(st.enumerations), int(st.events), int(st.undelivered),
                        int(st.drops), int(st.hangups), int(st.last_pass_ns),
                        int(st.deferred))


def entry_name(backend_id: int, handle: int) -> str:
    """The entry name of a connection a watcher has seen ("" if none)."""
    buf = ffi.new("uint16_t[]", _NAME_UNITS)
    if lib.rf_watch_entry_name(backend_id, handle, buf, _NAME_UNITS):
        return from_wstr(buf)
    return ""


def connection_of(event: RasEvent) -> "Connection | WatchedConnection":
    """What a WATCH event is about: this process's Connection when it dialled
    it (and it is alive), else a WatchedConnection."""
    from ._registry import alive

    if event.extended_error:   # the dial's slot index + 1 (csrc/watcher.c)
        index = event.extended_error - 1
        for conn in alive():
            if conn.handle == event.handle and (conn.callback_id & 0xFFFF) == index:
                return conn
    native = (lib.RF_BACKEND_RASAPI32 if event.flags & lib.RF_EVENT_FLAG_RASAPI32
              else lib.RF_BACKEND_SIM)
    return WatchedConnection(entry_name(native, event.handle), event.handle,
                             _backends.name_of(native))


def start(backend_id: int) -> None:
    """Start the native watcher for a backend (idempotent)."""
    check(lib.rf_watch_start(backend_id), "starting the connection watcher")


class ConnectionWatcher:
    """Every connection's CONNECTED, DISCONNECTED, SUBENTRY_CONNECTED and
    SUBENTRY_DISCONNECTED, as RasEvents flagged ``EventFlag.WATCH`` whose
    ``connection`` names the entry and handle.  The connections already up
    when it opens arrive first, as CONNECTED.  Poll, wait, iterate and
    ``async for`` as on any EventBuffer; a context manager.

    ``buffer``: an EventBuffer to deliver to (shared with dials, say); by
    default the watcher has its own of ``capacity`` records, closed with it.
    """

    def __init__(self, buffer: Optional[EventBuffer] = None, *, capacity: int = 4096,
                 backend: Optional[str] = None) -> None:
        backend_id = _backends.resolve(backend)
        self._backend_id = backend_id
        self._buffer = buffer if buffer is not None else EventBuffer(capacity)
        self._owns_buffer = buffer is None
        self._callback_id = 0
        try:
            start(backend_id)
            self._callback_id = self._buffer._open_slot(None)
            if not self._callback_id:
                check(lib.RF_ERROR_NOT_ENOUGH_MEMORY, "opening a connection watcher")
            if not lib.rf_watch_subscribe(backend_id, self._callback_id):
                check(lib.RF_ERROR_NOT_ENOUGH_MEMORY,
                      f"opening a connection watcher (at most {lib.RF_WATCH_MAX_SUBSCRIBERS})")
        except BaseException:
            self.close()
            raise

    @property
    def buffer(self) -> EventBuffer:
        """The EventBuffer the watcher's events go to."""
        return self._buffer

    @property
    def closed(self) -> bool:
        """close() was called."""
        return self._callback_id == 0

    def poll(self, max_events: Optional[int] = None) -> List[RasEvent]:
        """The events so far, without blocking."""
        return self._buffer.poll(max_events)

    def wait(self, timeout: Optional[float] = None) -> bool:
        """Block (GIL released) until an event is ready: True, or False on timeout."""
        return self._buffer.wait(timeout)

    def events(self, timeout: Optional[float] = None) -> Iterator[RasEvent]:
        """Iterate over events as they come; stops after ``timeout`` seconds
        without one (never, for None) or when the watcher is closed."""
        return self._buffer.events(timeout)

    def __iter__(self) -> Iterator[RasEvent]:
        return iter(self._buffer)

    def __aiter__(self) -> AsyncIterator[RasEvent]:
        return self._buffer.__aiter__()

    @property
    def stats(self) -> BufferStats:
        """The buffer's counters (drops included: none is lost silently)."""
        return self._buffer.stats

    def close(self) -> None:
        """Stop delivering (the native thread goes on for other watchers and
        for the dials' drops); the own buffer is closed too."""
        cid, self._callback_id = self._callback_id, 0
        if cid:
            lib.rf_watch_unsubscribe(self._backend_id, cid)
            lib.rf_slot_close(cid)
        if self._owns_buffer:
            self._buffer.close()

    def __enter__(self) -> "ConnectionWatcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        pending = 0 if self._buffer.closed else self._buffer.stats.pending
        return f"<ConnectionWatcher {state} pending={pending}>"


def watch(buffer: Optional[EventBuffer] = None, *, capacity: int = 4096,
          backend: Optional[str] = None) -> ConnectionWatcher:
    """A :class:`ConnectionWatcher` of every connection (``with
    rasfast.watch() as w: for ev in w.events(): ...``)."""
    return ConnectionWatcher(buffer, capacity=capacity, backend=backend)
