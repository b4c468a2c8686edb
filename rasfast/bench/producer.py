"""The native test producer: start it on a fresh slot of a buffer, join it, free it.

The producer is C threads pushing numbered events into a ring as fast as
they can (or ``rate`` per second), the source of the drain and wake
measurements.  Its functions are test-only natives, reached through
``_testlib.testlib``.
"""
from __future__ import annotations

from typing import Any

from .._native import ffi, lib
from ..buffer import EventBuffer
from ._testlib import testlib

__all__ = ["fill", "finish_producer"]


def fill(buf: EventBuffer, count: int, threads: int = 1, rate: int = 0) -> tuple[Any, int]:
    """Start the native test producer on a fresh slot of buf: returns
    (producer, callback_id).

    ``count`` events in all, from ``threads`` threads, ``rate`` per second
    (0: flat out).  Raises ValueError when count is not a multiple of
    threads, RuntimeError when no slot is free or the producer cannot
    start."""
    cb = lib.rf_slot_open(buf._native_ring(), ffi.NULL)  # type: ignore[no-untyped-call,unused-ignore]
    if not cb:
        raise RuntimeError("no free dial slot")
    per = count // threads
    if per * threads != count:
        raise ValueError("count must be a multiple of threads")
    tp = testlib.rf_test_producer_start(cb, threads, per, rate)
    if tp == ffi.NULL:
        lib.rf_slot_close(cb)
        raise RuntimeError("cannot start the native test producer")
    return tp, cb


def finish_producer(tp: Any, cb: int, timeout: float = 60.0) -> int:
    """Join and free the producer, close its slot; returns events sent.

    Raises RuntimeError when the producer does not finish within
    ``timeout`` seconds (it is then neither freed nor its slot closed)."""
    if not testlib.rf_test_producer_join(tp, int(timeout * 1e9)):
        raise RuntimeError("the native test producer did not finish")
    sent = int(testlib.rf_test_producer_sent(tp))
    testlib.rf_test_producer_free(tp)
    lib.rf_slot_close(cb)
    return sent
