"""Question 3, wake-up latency: the shim's timestamp to Python code running with the event.

After ``EventBuffer.wait()`` returns, in the body of a loop over
``events()``, and in the body of an ``async for``; idle or under load.
"""
from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from .. import buffer as _buffer
from .._histogram import LatencyStats, new_native, stats_from_native
from .._native import ffi, lib
from ..buffer import EventBuffer
from ._testlib import testlib
from .contenders import Contenders
from .load import Load
from .producer import fill, finish_producer

__all__ = ["WAKE_MODES", "ASYNC_PATHS", "run_wake", "run_async_many", "async_path_unavailable"]

#: Where ``run_wake`` takes the time: after wait(), in events(), in async for.
WAKE_MODES = ("wait", "events", "async")
#: How ``run_async_many``'s loop waits: "fd", its hub's reader on a notify fd
#: (a selector loop with add_reader); "thread", its hub's waiter thread (the
#: path of a loop without add_reader: Windows' proactor, or forced here by
#: ``buffer.USE_NOTIFY_FD = False``).
ASYNC_PATHS = ("fd", "thread")


def _stats_from_samples(samples: Sequence[int]) -> LatencyStats:
    h = new_native()
    for ns in samples:
        lib.rf_histogram_record(h, max(0, int(ns)))
    return stats_from_native(h)


def run_wake(mode: str, *, load: str = "idle", count: int = 400, rate: int = 2000,
             contenders: Contenders | None = None) -> dict[str, Any]:
    """The native producer sends ``count`` events ``rate`` per second; for
    each, the time from the shim's timestamp to the moment Python code runs
    with it in hand: after ``wait()`` returns, in the body of a loop over
    ``events()``, in the body of an ``async for``.  Raises ValueError for a
    mode not in WAKE_MODES or an unknown load, RuntimeError when an event
    is missing or dropped."""
    if mode not in WAKE_MODES:
        raise ValueError(f"unknown wake mode {mode!r}")
    clock = lib.rf_clock_ns   # the shim's clock, whatever the platform
    samples: list[int] = []
    stamps: list[int] = []
    with EventBuffer(1 << 14) as buf, Load(load, contenders):
        tp, cb = fill(buf, count, rate=rate)
        try:
            if mode == "wait":
                while len(stamps) < count:
                    if not buf.wait(5.0):
                        break
                    t = clock()
                    events = buf.poll()
                    after = clock()
                    for ev in events:
                        # An event pushed after t (during poll) is timed to
                        # when poll returned it.
                        samples.append(t if ev.timestamp_ns <= t else after)
                        stamps.append(ev.timestamp_ns)
            elif mode == "events":
                for ev in buf.events(timeout=5.0):
                    samples.append(clock())
                    stamps.append(ev.timestamp_ns)
                    if len(stamps) == count:
                        break
            else:
                async def consume() -> None:
                    async for ev in buf.aevents(timeout=5.0):
                        samples.append(clock())
                        stamps.append(ev.timestamp_ns)
                        if len(stamps) == count:
                            break
                asyncio.run(consume())
        finally:
            sent = finish_producer(tp, cb)
        s = buf.stats
    if len(stamps) != count or sent != count or s.dropped:
        raise RuntimeError(f"wake {mode}: {len(stamps)} of {count} events, dropped {s.dropped}")
    stats = _stats_from_samples([t - ts for t, ts in zip(samples, stamps)])
    return {"mode": mode, "load": load, "count": count, "rate": rate, "delivered": len(stamps),
            "wakeups": s.wakeups, "lost": 0, "stats": stats.as_dict()}


def async_path_unavailable(path: str) -> str | None:
    """Why ``run_async_many(path=...)`` cannot run here, or None."""
    if path == "fd" and not lib.RF_HAS_NOTIFY_FD:
        return "no notify fd on this platform (the proactor loop has no add_reader)"
    return None


def run_async_many(path: str, *, buffers: int = 1000, count: int = 4000,
                   rate: int = 2000) -> dict[str, Any]:
    """``buffers`` EventBuffers, each read by its own ``async for`` task on
    one event loop; one native thread sends ``count`` events, ``rate`` per
    second, to the buffers in turn.  For each event, the shim's timestamp
    to the task's body running with it.  ``path`` ("fd" or "thread", see
    ASYNC_PATHS) picks how the loop's hub waits.  Raises ValueError for an
    unknown or unavailable path, RuntimeError when an event is missing or
    dropped."""
    if path not in ASYNC_PATHS or async_path_unavailable(path):
        raise ValueError(f"async path {path!r}: {async_path_unavailable(path) or 'unknown'}")
    clock = lib.rf_clock_ns
    bufs = [EventBuffer(64) for _ in range(buffers)]
    ids = [lib.rf_slot_open(b._native_ring(), ffi.NULL) for b in bufs]
    samples: list[int] = []
    saved = _buffer.USE_NOTIFY_FD
    _buffer.USE_NOTIFY_FD = path == "fd"
    tp = None
    try:
        if not all(ids):
            raise RuntimeError("no free dial slot")

        async def read(buf: EventBuffer, done: asyncio.Event) -> None:
            async for ev in buf.aevents(timeout=10.0):
                samples.append(clock() - ev.timestamp_ns)
                if len(samples) >= count:
                    done.set()

        async def main() -> None:
            nonlocal tp
            done = asyncio.Event()
            tasks = [asyncio.ensure_future(read(b, done)) for b in bufs]
            await asyncio.sleep(0.2)     # every task parked before the first event
            c_ids = ffi.new("uint64_t[]", ids)
            tp = testlib.rf_test_producer_start_spread(c_ids, len(ids), count, rate)
            if tp == ffi.NULL:
                raise RuntimeError("cannot start the native test producer")
            try:
                await asyncio.wait_for(done.wait(), count / rate + 30.0)
            finally:
                for b in bufs:
                    b.close()            # ends every async for
                await asyncio.gather(*tasks, return_exceptions=True)

        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(main())
        finally:
            loop.close()
    finally:
        _buffer.USE_NOTIFY_FD = saved
        sent = 0
        if tp is not None and tp != ffi.NULL:
            testlib.rf_test_producer_join(tp, 60 * 10 ** 9)
            sent = int(testlib.rf_test_producer_sent(tp))
            testlib.rf_test_producer_free(tp)
        for cb in ids:
            if cb:
                lib.rf_slot_close(cb)
        for b in bufs:
            b.close()
    if len(samples) != count or sent != count:
        raise RuntimeError(f"async x {buffers} ({path}): {len(samples)} of {count} events "
                           f"(sent {sent})")
    stats = _stats_from_samples(samples)
    return {"path": path, "buffers": buffers, "count": count, "rate": rate,
            "delivered": len(samples), "lost": 0, "stats": stats.as_dict()}
