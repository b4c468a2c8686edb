"""rasfast's own Python threads: the on_event dispatcher and the dial-timeout watchdog.

Both start on first use, one per process, and are daemons.  Neither ever
runs on a RAS thread: the dispatcher reads a buffer the shim fills, the
watchdog sleeps on a heap of deadlines.
"""
from __future__ import annotations

import heapq
import logging
import os
import threading
import time
import weakref
from typing import TYPE_CHECKING, Callable, Generic, List, Optional, Tuple, TypeVar

from . import _registry
from .buffer import EventBuffer

if TYPE_CHECKING:
    from .connection import Connection

log = logging.getLogger("rasfast")
T = TypeVar("T")


class Dispatcher:
    """One daemon thread that delivers events to on_event callbacks.  It
    reads its own buffer, which the shim fills as a second ring of every
    dial that has a callback."""

    CAPACITY = 1 << 16

    def __init__(self) -> None:
        self.buffer = EventBuffer(self.CAPACITY)
        self.thread = threading.Thread(target=self._run, name="rasfast-dispatcher", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        for ev in self.buffer.events():
            conn = _registry.connection_for(ev.callback_id)
            callback = conn.on_event if conn is not None else None
            if callback is None:
                continue
            try:
                callback(ev)
            except Exception:  # a callback's bug must not stop the others
                log.exception("rasfast: on_event callback for %r raised", conn)


class Watchdog:
    """Dial timeouts: one thread, one heap of deadlines."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: List[Tuple[float, int, weakref.ref[Connection]]] = []
        self._count = 0
        self._thread = threading.Thread(target=self._run, name="rasfast-timeouts", daemon=True)
        self._thread.start()

    def add(self, conn: Connection, deadline: float) -> None:
        """Call ``conn._expire()`` at ``deadline`` (time.monotonic()) unless
        the Connection is gone by then."""
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


class _OnePerProcess(Generic[T]):
    """A thread-owning service made on first use, forgotten after fork()."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._lock = threading.Lock()
        self._value: Optional[T] = None

    def get(self) -> T:
        with self._lock:
            if self._value is None:
                self._value = self._make()
            return self._value

    def forget(self) -> None:
        # The thread did not survive the fork; a parent thread may have held
        # the lock.  The service starts again on first use in the child.
        self._value, self._lock = None, threading.Lock()


_dispatcher = _OnePerProcess(Dispatcher)
_watchdog = _OnePerProcess(Watchdog)


def dispatcher() -> Dispatcher:
    """The process's dispatcher, started on first use."""
    return _dispatcher.get()


def watchdog() -> Watchdog:
    """The process's dial-timeout watchdog, started on first use."""
    return _watchdog.get()


def _fork_child() -> None:
    _dispatcher.forget()
    _watchdog.forget()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_fork_child)
