"""Question 3, wake-up latency: the shim's timestamp to Python code running with the event.

After ``EventBuffer.wait()`` returns, in the body of a loop over
``events()``, and in the body of an ``async for``; idle or under load.
"""
from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from .._histogram import LatencyStats, new_native, stats_from_native
from .._native import lib
from ..buffer import EventBuffer
from .contenders import Contenders
from .load import Load
from .producer import fill, finish_producer

__all__ = ["WAKE_MODES", "run_wake"]

#: Where ``run_wake`` takes the time: after wait(), in events(), in async for.
WAKE_MODES = ("wait", "events", "async")


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
