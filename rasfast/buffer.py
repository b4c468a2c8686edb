"""EventBuffer: the Python side of the native ring the RAS notifier writes to."""
from __future__ import annotations

import asyncio
import threading
import time
import weakref
from dataclasses import dataclass
from itertools import chain
from typing import Any, AsyncIterator, Iterator, List, Optional

from . import _hub, _validate
from ._native import ffi, lib
from ._records import convert as _convert_records
from .errors import BufferClosedError
from .events import RECORD_SIZE, RasEvent

__all__ = ["EventBuffer", "BufferStats"]

#: Records copied per native call; one call per batch, never one per event.
BATCH = 4096
#: Longest single native wait, so Ctrl-C is seen within about 0.1 s.
WAIT_SLICE = 0.1
#: The longest ``spin`` an EventBuffer takes (seconds).
MAX_SPIN = 0.01
#: asyncio's hub (one per event loop) waits on an fd the producers signal
#: (eventfd or pipe) where the platform has one and the loop has add_reader;
#: elsewhere (Windows, the proactor loop) on one thread per loop.
USE_NOTIFY_FD = bool(lib.RF_HAS_NOTIFY_FD)



@dataclass(frozen=True)
class BufferStats:
    """Counters of an EventBuffer.  ``pushed == delivered + dropped +
    pending`` holds exactly whenever no producer is mid-push."""

    capacity: int
    pushed: int        #: records offered by producers
    delivered: int     #: records handed to Python
    dropped: int       #: records lost: full + closed + contention
    dropped_full: int  #: ... because the buffer was full
    dropped_closed: int  #: ... because the buffer was closed
    dropped_contention: int  #: ... because a producer lost too many races
    pending: int       #: records waiting in the buffer
    high_water: int    #: most records ever pending at once
    wakeups: int       #: wake system calls producers made for parked consumers
    spin_hits: int = 0  #: waits whose event came while the consumer polled (``spin``)


def _release_ring(ring: Any) -> None:
    lib.rf_ring_close(ring)
    lib.rf_ring_release(ring)


class EventBuffer:
    """A bounded buffer of RAS notifications in native memory.

    The RAS notifier (native code, on RAS's thread) writes each notification
    into it without ever waiting for Python.  Python reads it in batches:
    ``poll()`` never blocks, ``wait()`` blocks with the GIL released,
    iteration (``events()``) and ``async for`` combine the two.  When the
    buffer is full, new notifications are dropped and counted in ``stats``.

    ``capacity`` is a power of two from 2 to 2**26 records (64 bytes each).
    Safe to share between threads; close it (or use ``with``) to free the
    native memory as soon as no dial still writes to it.

    ``spin`` (seconds, at most MAX_SPIN; 0, the default, never spins): a
    thread in ``wait()`` or ``events()`` whose previous event came within
    ``spin`` polls for up to that long before it parks, on its own CPU
    with the GIL released.  While it polls, a notification finds nobody
    parked, so RAS's thread makes no wake system call (on a virtual machine
    that call alone can hold RAS for 10-20 us); the price is up to ``spin``
    of CPU per event while events come that close together.  A quiet
    buffer parks at once.  ``stats.spin_hits`` counts the waits it served.
    """

    def __init__(self, capacity: int = 4096, *, spin: float = 0.0) -> None:
        lo, hi = int(lib.RF_RING_MIN_CAPACITY), int(lib.RF_RING_MAX_CAPACITY)
        if isinstance(capacity, bool) or not isinstance(capacity, int):
            raise TypeError(f"capacity must be an int, not {type(capacity).__name__}")
        if not lo <= capacity <= hi or capacity & (capacity - 1):
            raise ValueError(f"capacity must be a power of two from {lo} to {hi}, got {capacity}")
        spin = _validate.number(spin, "spin")
        if not 0.0 <= spin <= MAX_SPIN:
            raise ValueError(f"spin must be from 0 to {MAX_SPIN} seconds, got {spin!r}")
        ring = lib.rf_ring_new(capacity)
        if ring == ffi.NULL:
            raise MemoryError(f"cannot allocate an EventBuffer of {capacity} records")
        if spin:
            lib.rf_ring_set_spin(ring, int(spin * 1e9))
        self._spin = spin
        self._ring = ring
        self._capacity = capacity
        self._batch_len = min(capacity, BATCH)
        self._batch = ffi.new("rf_event[]", self._batch_len)
        self._batch_view = ffi.buffer(self._batch)
        self._batch_address = int(ffi.cast("uintptr_t", self._batch))
        self._lock = threading.Lock()
        self._closed = False
        self._finalizer = weakref.finalize(self, _release_ring, ring)
        # Not at interpreter exit: dials are hung up then and may still mark
        # their end in this buffer; the process's memory goes anyway.
        self._finalizer.atexit = False

    # -- native plumbing -------------------------------------------------

    @property
    def capacity(self) -> int:
        """How many records the buffer holds."""
        return self._capacity

    @property
    def spin(self) -> float:
        """Seconds a waiting thread polls before it parks (0: never)."""
        return self._spin

    @property
    def closed(self) -> bool:
        """close() was called."""
        return self._closed

    def _check_open(self) -> None:
        if self._closed:
            raise BufferClosedError("EventBuffer is closed")

    def _limit(self, max_events: Optional[int]) -> int:
        if max_events is None:
            return self._capacity
        return _validate.integer(max_events, "max_events", 0, 2 ** 63 - 1)

    def _native_ring(self) -> Any:
        """The ring cdata (tests and benchmarks that own the buffer)."""
        self._check_open()
        return self._ring

    def _open_slot(self, aux: Optional["EventBuffer"] = None) -> int:
        """A dial slot delivering here (and to ``aux``): its callback id, 0
        when every slot is taken.  Under the buffers' locks, so neither
        ring can be freed by a concurrent close() before the slot holds it."""
        with self._lock:
            self._check_open()
            if aux is None:
                return lib.rf_slot_open(self._ring, ffi.NULL)
            with aux._lock:
                aux._check_open()
                return lib.rf_slot_open(self._ring, aux._ring)

    def _push(self, record: Any) -> bool:
        """Add one record made by rasfast itself (an ``rf_event *``): a
        hang-up's or a timeout's local event.  Under the lock, so a
        concurrent close() cannot free the ring meanwhile; False if closed
        or full (a full buffer counts the drop)."""
        with self._lock:
            return not self._closed and bool(lib.rf_ring_push(self._ring, record))

    def _drain_locked(self, limit: int) -> List[RasEvent]:
        events: Optional[List[RasEvent]] = None
        ring, batch = self._ring, self._batch
        while limit > 0:
            want = min(limit, self._batch_len)
            n = lib.rf_ring_drain(ring, batch, want)
            got = _convert_records(RasEvent, self._batch_address, n)
            if events is None:
                events = got          # the common case: one batch, no copy
            else:
                events += got
            if n < want:
                break
            limit -= n
        return events if events is not None else []

    # -- reading ---------------------------------------------------------

    def poll(self, max_events: Optional[int] = None) -> List[RasEvent]:
        """The events ready now, oldest first, at most ``max_events`` (all
        that are pending when None).  Never blocks.

        Raises:
            TypeError, ValueError: ``max_events`` is not an int >= 0 or None.
            BufferClosedError: the buffer is closed.
        """
        limit = self._limit(max_events)
        with self._lock:
            self._check_open()
            return self._drain_locked(limit)

    def poll_raw(self, max_events: Optional[int] = None) -> bytes:
        """Like poll(), but the records as raw bytes (64 per record, layout
        ``events.RECORD`` after 8 bytes of padding): for numpy's
        ``frombuffer`` or struct, with no Python object per event.

        Raises:
            TypeError, ValueError: ``max_events`` is not an int >= 0 or None.
            BufferClosedError: the buffer is closed.
        """
        limit = self._limit(max_events)
        chunks = []
        with self._lock:
            self._check_open()
            while limit > 0:
                want = min(limit, self._batch_len)
                n = lib.rf_ring_drain(self._ring, self._batch, want)
                chunks.append(self._batch_view[: n * RECORD_SIZE])
                if n < want:
                    break
                limit -= n
        return b"".join(chunks)

    def wait(self, timeout: Optional[float] = None) -> bool:
        """Block until an event is ready (True) or ``timeout`` seconds pass
        (False).  The GIL is released while waiting; Ctrl-C interrupts.

        Raises:
            TypeError, ValueError: a bad ``timeout``.
            BufferClosedError: the buffer is or gets closed.
        """
        timeout = _validate.timeout(timeout)
        with self._lock:
            self._check_open()
            ring = self._ring
            lib.rf_ring_retain(ring)   # stays valid even if closed meanwhile
        try:
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                if deadline is None:
                    slice_ = WAIT_SLICE
                else:
                    slice_ = min(WAIT_SLICE, max(0.0, deadline - time.monotonic()))
                r = lib.rf_ring_wait(ring, int(slice_ * 1e9))
                if r == 1:
                    return True
                if r < 0:
                    raise BufferClosedError("EventBuffer was closed while waiting")
                if deadline is not None and time.monotonic() >= deadline:
                    return False
        finally:
            lib.rf_ring_release(ring)

    def events(self, timeout: Optional[float] = None) -> Iterator[RasEvent]:
        """Iterate over events as they arrive.  The iteration ends when no
        event arrives for ``timeout`` seconds (never, when None) or when the
        buffer is closed.

        Raises:
            TypeError, ValueError: a bad ``timeout`` (at once, not when
                iterated).
        """
        timeout = _validate.timeout(timeout)
        # chain pulls events from each batch in C; Python runs once a batch.
        return chain.from_iterable(self._batches(timeout))

    def _batches(self, timeout: Optional[float]) -> Iterator[List[RasEvent]]:
        while True:
            try:
                batch = self.poll(BATCH)   # bounded: never one giant list
                if not batch:
                    if not self.wait(timeout):
                        return
                    continue
            except BufferClosedError:
                return
            yield batch

    def __iter__(self) -> Iterator[RasEvent]:
        return self.events()

    # -- asyncio ---------------------------------------------------------

    def __aiter__(self) -> AsyncIterator[RasEvent]:
        return self.aevents()

    async def aevents(self, timeout: Optional[float] = None) -> AsyncIterator[RasEvent]:
        """``async for`` over events; ends like events() does (no event for
        ``timeout`` seconds, or the buffer closed).

        Waits on the running loop's hub (one per loop, not one per buffer:
        see await_ready)."""
        timeout = _validate.timeout(timeout)
        loop = asyncio.get_running_loop()
        while True:
            batch = self.poll(BATCH) if not self._closed else []
            if not batch:
                if self._closed:
                    return
                if not await _hub.hub_for(loop, USE_NOTIFY_FD).wait(self, timeout):
                    return
                continue
            for ev in batch:
                yield ev

    async def await_ready(self, timeout: Optional[float] = None) -> bool:
        """The asyncio form of wait(): True when events are ready, False on
        timeout or when the buffer is (or gets) closed.

        However many buffers are awaited, each event loop has one waiter:
        on a loop with ``add_reader`` (POSIX selector loops) one reader on
        one notify fd per loop; on a loop without it (Windows'
        ProactorEventLoop) one thread per loop.  A buffer's producers wake
        that waiter once per batch of ready buffers.  No task or timer is
        made unless ``timeout`` is given.

        Raises:
            TypeError, ValueError: a bad ``timeout``.
            RuntimeError: no running event loop, or 64 loops of this
                process await buffers already.
        """
        timeout = _validate.timeout(timeout)
        return await _hub.hub_for(asyncio.get_running_loop(), USE_NOTIFY_FD).wait(self, timeout)

    # -- counters and lifetime -------------------------------------------

    @property
    def stats(self) -> BufferStats:
        """The buffer's counters (BufferClosedError once closed)."""
        with self._lock:
            self._check_open()
            s = ffi.new("rf_ring_stats *")
            lib.rf_ring_get_stats(self._ring, s)
            return BufferStats(
                capacity=s.capacity, pushed=s.pushed, delivered=s.delivered,
                dropped=s.dropped, dropped_full=s.dropped_full,
                dropped_closed=s.dropped_closed, dropped_contention=s.dropped_contention,
                pending=s.pending, high_water=s.high_water, wakeups=s.wakeups,
                spin_hits=s.spin_hits,
            )

    def close(self) -> None:
        """Stop reading: waiters return, later notifications are dropped
        (and counted), the native memory is freed once no dial writes to it.
        Closing twice is harmless."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._finalizer()   # the ring's close wakes its waiters, asyncio's too

    def __enter__(self) -> "EventBuffer":
        self._check_open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        if self._closed:
            return f"<EventBuffer capacity={self._capacity} closed>"
        s = self.stats
        return (f"<EventBuffer capacity={self._capacity} pending={s.pending} "
                f"delivered={s.delivered} dropped={s.dropped}>")
