"""asyncio's waiter for EventBuffers: one hub per event loop (csrc/hub.c).

A coroutine awaiting a buffer takes a token of its loop's hub, parks the
buffer's ring on (hub, token) and awaits a future; the producer that finds
the ring parked marks the token ready in the hub, with a system call only
when the hub itself sleeps.  The hub's consumer hands the ready tokens to
the loop in batches:

- a selector loop (``add_reader``, POSIX): one reader on the hub's notify fd
  (an eventfd on Linux, a pipe elsewhere) that every hub keeps for the life
  of the process, so a process holds one or two fds per loop in use, never
  one per buffer;
- a loop without ``add_reader`` (Windows' ProactorEventLoop, or
  ``buffer.USE_NOTIFY_FD`` false): one daemon thread per loop blocked in
  ``rf_hub_wait`` with the GIL released, which hands each batch to the loop
  with one ``call_soon_threadsafe`` and collects the next once the loop has
  taken it (``rf_hub_ack``): what becomes ready meanwhile costs producers no
  system call and forms the next batch.

Futures are resolved with True when their token is signalled; the waiter
then re-checks its ring (a token signalled for a previous holder is a
spurious wake-up, never a lost one).  Hubs of closed loops go back to the
native table: a waiter thread notices within ``CHECK_SLICE`` seconds, a
selector loop's hub when the loop is collected or when a new hub is needed.
"""
from __future__ import annotations

import asyncio
import os
import sys
import threading
import weakref
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

from ._native import ffi, lib

if TYPE_CHECKING:
    from .buffer import EventBuffer

__all__ = ["Hub", "hub_for", "hubs_in_use"]

#: Tokens one native call hands over at most (more wait for the next call).
BATCH = 4096
#: How often a waiter thread checks whether its loop was closed, seconds.
CHECK_SLICE = 0.25
_TOKENS = int(lib.RF_HUB_TOKENS)
#: The notify fd is an eventfd (one read empties it) on Linux with Python
#: 3.10+, else a pipe (read until empty).
_EVENTFD = sys.platform.startswith("linux") and hasattr(os, "eventfd")

_lock = threading.RLock()
_hubs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub]" = weakref.WeakKeyDictionary()
_local = threading.local()      # per thread: (weakref to the last loop, its hub)


def _time_out(fut: "asyncio.Future[bool]") -> None:
    if not fut.done():
        fut.set_result(False)


class Hub:
    """One event loop's share of the native hub table."""

    def __init__(self, loop: asyncio.AbstractEventLoop, use_fd: bool) -> None:
        self._loop_ref = weakref.ref(loop)
        self._waiters: Dict[int, "asyncio.Future[bool]"] = {}
        self._spare: List[int] = []    # tokens given back, reused first
        self._next = 0                 # tokens never used yet: _next.._TOKENS-1
        self._retired = False
        self._retire_lock = threading.RLock()
        self._thread: Optional[threading.Thread] = None
        self._fd = -1
        self.native = self._acquire(use_fd)
        try:
            if use_fd:
                try:
                    self._start_reader(loop)
                    return
                except NotImplementedError:   # a loop with add_reader that refuses it
                    native, self.native = self.native, ffi.NULL
                    lib.rf_hub_release(native)
                    self.native = self._acquire(False)
            self._start_thread()
        except BaseException:
            self._retired = True
            if self.native != ffi.NULL:
                lib.rf_hub_release(self.native)
            raise

    @staticmethod
    def _acquire(use_fd: bool) -> Any:
        native = lib.rf_hub_acquire(1 if use_fd else 0)
        if native == ffi.NULL:
            raise RuntimeError(f"too many event loops awaiting EventBuffers at once "
                               f"(at most {int(lib.RF_HUB_MAX)} per process)")
        return native

    @property
    def kind(self) -> str:
        """``"fd"`` (a reader on the loop) or ``"thread"`` (a waiter thread)."""
        return "fd" if self._thread is None else "thread"

    @property
    def retired(self) -> bool:
        """The native hub went back to the table: a new one is needed."""
        return self._retired

    @property
    def waiting(self) -> int:
        """Futures waiting for their token now."""
        return len(self._waiters)

    @property
    def wakeups(self) -> int:
        """Wake system calls producers made for this hub."""
        return 0 if self._retired else int(lib.rf_hub_wakeups(self.native))

    # -- the selector loop's reader ----------------------------------------

    def _start_reader(self, loop: asyncio.AbstractEventLoop) -> None:
        native = self.native
        fd = lib.rf_hub_notify_fd(native)
        if fd < 0:
            if sys.platform == "win32":   # pragma: no cover - USE_NOTIFY_FD is false there
                raise NotImplementedError("no notify fd on Windows")
            if sys.platform == "linux" and _EVENTFD:   # (the platform check is for mypy)
                rfd = wfd = os.eventfd(0, os.EFD_NONBLOCK | os.EFD_CLOEXEC)
            else:
                rfd, wfd = os.pipe()
                os.set_blocking(rfd, False)
                os.set_blocking(wfd, False)
            # Kept for the life of the process (a producer may be about to
            # write it), and reused by the next loop that gets this hub.
            if not lib.rf_hub_set_notify_fd(native, rfd, wfd):  # pragma: no cover
                for f in {rfd, wfd}:
                    os.close(f)
            fd = lib.rf_hub_notify_fd(native)
        self._fd = fd
        loop.add_reader(fd, self._on_readable)
        if lib.rf_hub_arm(native):
            loop.call_soon(self._drain)

    def _on_readable(self) -> None:
        try:
            while os.read(self._fd, 4096) and not _EVENTFD:   # a pipe: all of it
                pass
        except (BlockingIOError, InterruptedError):
            pass
        self._drain()

    def _drain(self) -> None:
        if self._retired:
            return
        native, out = self.native, _out_buffer()
        while True:
            n = lib.rf_hub_collect(native, out, BATCH)
            if n:
                self._dispatch(ffi.unpack(out, n))
            elif not lib.rf_hub_arm(native):
                return

    # -- the waiter thread (no add_reader) ---------------------------------

    def _start_thread(self) -> None:
        self._thread = threading.Thread(target=self._run, name="rasfast-asyncio-hub", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        native, out = self.native, ffi.new("uint32_t[]", BATCH)
        slice_ns = int(CHECK_SLICE * 1e9)
        try:
            while not self._retired:
                n = lib.rf_hub_wait(native, out, BATCH, slice_ns)   # GIL released
                loop = self._loop_ref()
                if loop is None or loop.is_closed():
                    return
                if n > 0:
                    try:
                        loop.call_soon_threadsafe(self._dispatch_batch, ffi.unpack(out, n))
                    except RuntimeError:   # closed meanwhile
                        return
                del loop
        finally:
            self._retire()

    def _dispatch_batch(self, tokens: List[int]) -> None:
        """The waiter thread's batch, on the loop; then the thread may go on."""
        self._dispatch(tokens)
        if not self._retired:
            lib.rf_hub_ack(self.native)

    # -- both ----------------------------------------------------------------

    def _dispatch(self, tokens: List[int]) -> None:
        pop = self._waiters.pop
        for token in tokens:
            fut = pop(token, None)
            if fut is not None and not fut.done():
                fut.set_result(True)

    def _take_token(self) -> int:
        if self._spare:
            return self._spare.pop()
        if self._next >= _TOKENS:
            raise RuntimeError(f"more than {_TOKENS:,} EventBuffers awaited at once on one loop")
        self._next += 1
        return self._next - 1

    def _retire(self) -> None:
        """Give the native hub back, once; only when nobody consumes it any
        more (the waiter thread ended, or the loop is closed or gone)."""
        with self._retire_lock:
            if self._retired:
                return
            self._retired = True
            lib.rf_hub_release(self.native)
        with _lock:
            loop = self._loop_ref()
            if loop is not None and _hubs.get(loop) is self:
                del _hubs[loop]

    def stop(self, join: bool = False) -> None:
        """Retire this hub of a closed or collected loop (any thread); with
        ``join``, wait until its waiter thread has given it back (never
        while holding the registry's lock: the thread takes it)."""
        thread = self._thread
        if thread is None:
            self._retire()
            return
        if not self._retired:
            lib.rf_hub_interrupt(self.native)
        if join and thread is not threading.current_thread():
            thread.join(5.0)

    def _forget(self) -> None:
        """In a forked child: the native table was reset, this hub is not ours."""
        self._retired = True
        self._retire_lock = threading.RLock()

    # -- awaiting one buffer ---------------------------------------------------

    async def wait(self, buf: "EventBuffer", timeout: Optional[float]) -> bool:
        loop = self._loop_ref()
        assert loop is not None
        deadline = None if timeout is None else loop.time() + timeout
        native, waiters, spare = self.native, self._waiters, self._spare
        while True:
            with buf._lock:
                if buf._closed:
                    return False
                token = self._take_token()
                if lib.rf_ring_hub_park(buf._ring, native, token):
                    spare.append(token)
                    return True
            fut: "asyncio.Future[bool]" = loop.create_future()
            waiters[token] = fut
            timer = None if deadline is None else \
                loop.call_at(deadline, _time_out, fut)
            signalled = False
            try:
                signalled = await fut
            finally:
                if waiters.get(token) is fut:
                    del waiters[token]
                spare.append(token)
                if timer is not None:
                    timer.cancel()
                if not signalled:      # timeout or cancellation: no signal wanted
                    with buf._lock:
                        if not buf._closed:
                            lib.rf_ring_hub_unpark(buf._ring)
            if not signalled:
                return False
            with buf._lock:
                if buf._closed:
                    return False
                if lib.rf_ring_ready(buf._ring) > 0:
                    return True
            # A token signalled for its previous holder: park again.


def _out_buffer() -> Any:
    out = getattr(_local, "out", None)
    if out is None:
        out = _local.out = ffi.new("uint32_t[]", BATCH)
    return out


def _sweep() -> None:
    """Retire the hubs of closed loops (their waiter threads stop)."""
    with _lock:
        stale = [hub for loop, hub in list(_hubs.items()) if loop.is_closed()]
    for hub in stale:
        hub.stop(join=True)


def hub_for(loop: asyncio.AbstractEventLoop, use_fd: bool) -> Hub:
    """The running loop's hub, made on first use.  ``use_fd``: wait on a
    notify fd when the loop has add_reader (else on a thread).

    Raises:
        RuntimeError: RF_HUB_MAX loops hold hubs already."""
    cached: Optional[Tuple["weakref.ref[asyncio.AbstractEventLoop]", Hub]] = \
        getattr(_local, "hub", None)
    if cached is not None and cached[0]() is loop and not cached[1].retired:
        return cached[1]
    with _lock:
        hub = _hubs.get(loop)
    if hub is None or hub.retired:
        _sweep()
        with _lock:
            hub = _hubs.get(loop)
            if hub is None or hub.retired:
                hub = Hub(loop, use_fd and hasattr(loop, "add_reader"))
                _hubs[loop] = hub
                weakref.finalize(loop, hub.stop)
    _local.hub = (weakref.ref(loop), hub)
    return hub


def hubs_in_use() -> int:
    """Native hubs this process holds now (tests)."""
    return int(lib.rf_hub_in_use())


def _fork_child() -> None:
    global _lock, _local
    lib.rf_hub_fork_child()
    for hub in list(_hubs.values()):
        hub._forget()
    _hubs.clear()
    _lock = threading.RLock()
    _local = threading.local()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_fork_child)
