"""Question 1, hold time: how long a notifier keeps the simulated RAS thread.

The simulated RAS threads time every call of the notifier they are given
and keep the times in a native histogram; ``run_hold`` dials in waves with
one notifier under one load and returns that histogram's percentiles.
"""
from __future__ import annotations

import contextlib
import math
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from .. import sim
from .._histogram import stats_from_native
from .._native import ffi, lib
from .._wstring import wstr
from ..buffer import EventBuffer
from ._testlib import testlib
from .contenders import SINK, Contenders, Notifier, load_contenders
from .load import Load
from .simulator import CONNECTED, SIM, sim_session

__all__ = ["HOLD_ENTRY", "HOLD_SPIN", "HOLD_TIME_SCALE", "run_hold"]

#: The hold-time dials: a VPN-profile entry with the time scale below, so
#: states come 50 us to 1 ms apart and a parked consumer parks again between
#: them (with the "instant" profile it would still be draining).
HOLD_ENTRY = "rasfast bench hold"
HOLD_TIME_SCALE = 0.005


def _wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.0005)


def _hold_count() -> int:
    h = ffi.new("rf_histogram *")
    lib.rf_sim_get_hold_histogram(h)
    return int(h.count)


def _ensure_hold_entry() -> int:
    if not any(e.name == HOLD_ENTRY for e in sim.entries()):
        sim.add_entry(HOLD_ENTRY, profile="vpn")
    return len(sim.entry_states(HOLD_ENTRY))


#: The ``spin`` of the hold rows whose consumer polls before it parks:
#: nearly every gap between notifications in a wave is shorter (300 us left
#: 2% of them to a wake; bench/PERFORMANCE.md).
HOLD_SPIN = 1e-3


def run_hold(notifier: Notifier, *, load: str = "idle", parked: bool = False,
             notes: int = 3000, wave: int = 16, spaced: bool = True, spin: float = 0.0,
             contenders: Contenders | None = None) -> dict[str, Any]:
    """Dial the simulated service in waves of ``wave`` concurrent dials with
    ``notifier`` until about ``notes`` notifications were made, and return
    the hold-time distribution the RAS threads measured around each call.

    ``spaced``: states come 50 us to 1 ms apart (the RAS thread sleeps in
    between, as it does in a real dial); False: the "instant" profile, every
    state at once (warm caches, RAS threads racing each other).

    ``parked``: a consumer thread blocks for the events (``EventBuffer.wait``
    for the shim, ``SimpleQueue.get`` for Python notifiers) so notifications
    have someone to wake; with ``spin`` (seconds, the shim only) its
    EventBuffer polls that long before it parks.  Raises RuntimeError when a dial never reached
    CONNECTED or a notification was lost, ValueError for an unknown load."""
    contenders = contenders or load_contenders()
    with sim_session(time_scale=HOLD_TIME_SCALE if spaced else 0.0):
        per_dial = _ensure_hold_entry()
        dials = max(1, math.ceil(notes / per_dial))
        waves = [min(wave, dials - i) for i in range(0, dials, wave)]
        entry_w = wstr(HOLD_ENTRY, "entry", 256, optional=False)
        notifier_ptr = ffi.cast("void *", notifier.address)

        buf: EventBuffer | None = None
        received: list[tuple[int, int]] = []   # (state, error) of every notification
        stop = threading.Event()
        if notifier.python:
            sink: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
            SINK[0] = sink
            callback_id = 0x5EED

            def take_all() -> None:
                with contextlib.suppress(queue.Empty):
                    while True:
                        r = sink.get_nowait()
                        received.append((r[4], r[5]))

            def consume() -> None:
                while not stop.is_set():
                    try:
                        r = sink.get(timeout=0.05)
                    except queue.Empty:
                        continue
                    received.append((r[4], r[5]))
        elif notifier.key == "floor":
            callback_id = 0x5EED

            def take_all() -> None:   # nothing to take: only the hold count is checked
                pass

            def consume() -> None:
                pass
        else:
            buf = ring = EventBuffer(1 << 16, spin=spin)
            # One slot per dial, as rasfast.dial() does (a shared slot would
            # make the RAS threads fight over its cache line).
            ring_ptr = ring._native_ring()  # type: ignore[no-untyped-call,unused-ignore]
            slot_ids = [lib.rf_slot_open(ring_ptr, ffi.NULL) for _ in range(wave)]
            if not all(slot_ids):
                raise RuntimeError("no free dial slots")

            def take_all() -> None:
                received.extend((ev.raw_state, ev.error) for ev in ring.poll())

            def consume() -> None:
                while not stop.is_set():
                    if ring.wait(0.05):
                        take_all()

        consumer_cpu = [0.0]

        def consume_timed() -> None:
            # The consumer's own CPU time: what a spinning wait() costs.
            cpu = time.thread_time()
            try:
                consume()
            finally:
                consumer_cpu[0] = time.thread_time() - cpu

        consumer = threading.Thread(target=consume_timed, name="bench-consumer", daemon=True)
        if parked:
            consumer.start()
        sim.reset_hold_stats()
        started = time.perf_counter()
        handle = ffi.new("uint64_t *")
        expected = 0
        with Load(load, contenders) as running:
            for k in waves:
                handles = []
                for i in range(k):
                    handle[0] = 0
                    rc = testlib.rf_sim_dial_raw(entry_w, notifier_ptr,
                                                 slot_ids[i] if buf is not None else callback_id,
                                                 0, handle)
                    if rc:
                        raise RuntimeError(f"simulated dial failed with {rc}")
                    handles.append(int(handle[0]))
                expected += k * per_dial
                _wait_until(lambda: _hold_count() >= expected, 120.0,  # noqa: B023 (called here)
                            f"{expected} notifications ({notifier.label}, load {load})")
                for h in handles:
                    lib.rf_hangup(SIM, h)
                for h in handles:
                    if lib.rf_wait_released(SIM, h, int(10e9), 100_000):
                        raise RuntimeError("a simulated port was not released")
                if not parked:
                    take_all()
        elapsed = time.perf_counter() - started
        hist = ffi.new("rf_histogram *")
        lib.rf_sim_get_hold_histogram(hist)
        stats = stats_from_native(hist)
        if parked:
            _wait_until(lambda: len(received) >= expected, 10.0, "the consumer")
            stop.set()
            consumer.join()
        take_all()
        wakeups = dropped = spin_hits = None
        if buf is not None:
            s = buf.stats
            wakeups, dropped, spin_hits = s.wakeups, s.dropped, s.spin_hits
            for cb in slot_ids:
                lib.rf_slot_close(cb)
            buf.close()
        if notifier.key == "floor":
            received = [(CONNECTED, 0)] * dials + [(0, 0)] * (stats.count - dials)
        connected = sum(1 for state, error in received if state == CONNECTED and not error)
        result = {
            "notifier": notifier.key, "label": notifier.label, "load": load,
            "parked": parked, "spin": spin, "spin_hits": spin_hits,
            "consumer_cpu_s": consumer_cpu[0] if parked else None,
            "spaced": spaced, "dials": dials, "notifications": stats.count,
            "expected": expected, "received": len(received), "connected": connected,
            "lost": expected - len(received), "dropped": dropped, "wakeups": wakeups,
            "elapsed_s": elapsed, "load_iterations": running.iterations,
            "stats": stats.as_dict(),
        }
        if stats.count != expected or len(received) != expected or connected != dials:
            raise RuntimeError(f"hold run lost notifications or dials: {result}")
        return result
