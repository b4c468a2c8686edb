"""Question 2, drain throughput: events per second from the native producer into Python.

By batch size and by iteration from a prefilled buffer (``run_drain``),
with the producer running meanwhile (``run_live_drain``), and the naive
design it is compared with: a Python callback per event feeding a
``queue.SimpleQueue`` (``run_queue_contender``).
"""
from __future__ import annotations

import queue
import statistics
import struct
import threading
import time
from typing import Any

from ..buffer import EventBuffer
from ..events import RECORD_SIZE
from ._testlib import testlib
from .contenders import SINK, Contenders, load_contenders
from .producer import fill, finish_producer

__all__ = ["DRAIN_METHODS", "LIVE_BATCH", "run_drain", "run_live_drain", "run_queue_contender"]

#: How ``run_drain`` reads the buffer: poll(n) for a batch size n, iterating
#: events(), poll_raw(4096) as bytes, and poll_raw into a numpy array.
DRAIN_METHODS = ("poll_1", "poll_64", "poll_4096", "iterate", "poll_raw", "poll_raw_numpy")


def _record_dtype() -> Any:
    """numpy dtype of an rf_event record (native byte order)."""
    import numpy as np  # type: ignore[import-not-found,unused-ignore]
    return np.dtype([("turn", "=u8"), ("seq", "=u8"), ("timestamp_ns", "=u8"),
                     ("callback_id", "=u8"), ("hconn", "=u8"), ("subentry", "=u4"),
                     ("message", "=u4"), ("state", "=u4"), ("error", "=u4"),
                     ("extended_error", "=u4"), ("flags", "=u4")])


def _drain(buf: EventBuffer, method: str, count: int) -> tuple[int, int]:
    """Drain count events with the method: returns (events, last seq)."""
    got, last = 0, -1
    if method.startswith("poll_raw"):
        as_numpy = method == "poll_raw_numpy"
        if as_numpy:
            import numpy as np  # type: ignore[import-not-found,unused-ignore]
            dtype = _record_dtype()
        while got < count:
            raw = buf.poll_raw(4096)
            if not raw:
                break
            if as_numpy:
                records = np.frombuffer(raw, dtype=dtype)
                got += len(records)
                last = int(records["seq"][-1])
            else:
                got += len(raw) // RECORD_SIZE
                last = struct.unpack_from("=Q", raw, len(raw) - RECORD_SIZE + 8)[0]
        return got, last
    if method == "iterate":
        ev = None
        for ev in buf.events(timeout=0):  # noqa: B007 (the last one is read below)
            got += 1
        return got, (ev.seq if ev is not None else -1)
    batch = int(method.split("_")[1])
    poll = buf.poll
    while got < count:
        events = poll(batch)
        if not events:
            break
        got += len(events)
        last = events[-1].seq
    return got, last


def run_drain(method: str, *, count: int, rounds: int = 3) -> dict[str, Any]:
    """Prefill a buffer with ``count`` events from the native producer, then
    time draining it into Python with ``method``; ``rounds`` times.  Each
    batch is dropped after it is read, as a consumer that handles events
    would.  Raises ValueError for a method not in DRAIN_METHODS,
    ImportError for "poll_raw_numpy" without numpy, RuntimeError when an
    event is missing."""
    if method not in DRAIN_METHODS:
        raise ValueError(f"unknown drain method {method!r}")
    rates = []
    delivered, last_seq = 0, -1
    capacity = 1 << max(1, (count - 1).bit_length())
    if method == "poll_raw_numpy":
        _record_dtype()   # import numpy before the clock starts
    for _ in range(rounds):
        with EventBuffer(capacity) as buf:
            tp, cb = fill(buf, count)
            sent = finish_producer(tp, cb)
            start = time.perf_counter_ns()
            got, last = _drain(buf, method, count)
            elapsed = time.perf_counter_ns() - start
            s = buf.stats
        if got != count or sent != count or last != count - 1 or s.dropped:
            raise RuntimeError(f"drain {method}: {got} of {count} events (last seq {last}, "
                               f"dropped {s.dropped})")
        rates.append(count / (elapsed / 1e9))
        delivered, last_seq = got, last
    return {"method": method, "count": count, "rounds": rounds, "delivered": delivered,
            "last_seq": last_seq, "rates": rates, "median": statistics.median(rates),
            "worst": min(rates), "best": max(rates), "lost": 0}


#: Batch of the live consumer: poll(4096), one native call per batch.
LIVE_BATCH = 4096


def run_live_drain(*, count: int, rounds: int = 3, capacity: int | None = None) -> dict[str, Any]:
    """The native producer (one thread, flat out) and Python draining with
    poll(4096) at the same time: events/s from the first push to the last
    RasEvent.  The buffer holds ``capacity`` records (all of them when
    None, so nothing can drop); drops are reported.  Raises RuntimeError
    when delivered plus dropped is not ``count``."""
    rates, drops = [], []
    capacity = capacity or 1 << max(1, (count - 1).bit_length())
    for _ in range(rounds):
        with EventBuffer(capacity) as buf:
            got = 0
            start = time.perf_counter_ns()
            tp, cb = fill(buf, count)
            poll = buf.poll
            joined = False
            while True:
                events = poll(LIVE_BATCH)
                got += len(events)
                if not events:
                    if joined:   # empty after the producer finished: all read
                        break
                    joined = bool(testlib.rf_test_producer_join(tp, 0))
            elapsed = time.perf_counter_ns() - start
            finish_producer(tp, cb)
            s = buf.stats
        if got + s.dropped != count:
            raise RuntimeError(f"live drain: {got} delivered + {s.dropped} dropped != {count}")
        rates.append(got / (elapsed / 1e9))
        drops.append(s.dropped)
    return {"method": "live", "count": count, "rounds": rounds, "capacity": capacity,
            "delivered": got,
            "rates": rates, "median": statistics.median(rates), "worst": min(rates),
            "best": max(rates), "dropped": drops, "lost": 0}


def run_queue_contender(*, count: int, rounds: int = 3,
                        contenders: Contenders | None = None) -> dict[str, Any]:
    """The naive design: a native thread calls a Python notifier (cffi
    @def_extern) for each event, which puts a tuple on a SimpleQueue; the
    main thread takes them off.  Events/s end to end.  Raises RuntimeError
    when the cffi module could not be built or an event is lost, and
    queue.Empty when none arrives for 30 s."""
    contenders = contenders or load_contenders()
    if contenders.module is None:
        raise RuntimeError(contenders.unavailable)
    mffi, mlib = contenders.module.ffi, contenders.module.lib
    fn = mffi.addressof(mlib, "rfbench_extern_notifier")
    rates = []
    for _ in range(rounds):
        sink: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        SINK[0] = sink
        accepted: list[int] = []
        producer = threading.Thread(
            target=lambda: accepted.append(  # noqa: B023 (joined in this round)
                mlib.rfbench_call_n(fn, 0x5EED, count)),
            name="bench-callback-producer", daemon=True)
        start = time.perf_counter_ns()
        producer.start()
        get = sink.get
        last = received = -1
        for received in range(1, count + 1):  # noqa: B007 (checked below)
            last = get(timeout=30)[6]
        elapsed = time.perf_counter_ns() - start
        producer.join()
        if accepted != [count] or received != count or last != count - 1:
            raise RuntimeError(f"SimpleQueue contender lost events: {accepted}, last {last}")
        rates.append(count / (elapsed / 1e9))
    return {"method": "simplequeue", "count": count, "rounds": rounds, "delivered": received,
            "last_seq": last, "rates": rates,
            "median": statistics.median(rates), "worst": min(rates), "best": max(rates),
            "lost": 0}
