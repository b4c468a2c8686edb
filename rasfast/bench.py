"""rasfast's benchmark report: ``python -m rasfast bench [--quick]``.

Four questions, each answered against its contenders in the same run:

1. hold:  how long the RAS thread is held inside the notifier (measured by
          the simulated RAS thread around each call), rasfast's native shim
          against Python notifiers called through cffi (``@ffi.def_extern``
          and an ABI-mode ``ffi.callback``) and ctypes ``CFUNCTYPE``; with an
          idle interpreter, a busy Python thread, and a thread holding the
          GIL inside long C calls.
2. drain: events per second from the native producer into RasEvent objects,
          by batch size and by iteration, against a Python callback feeding
          ``queue.SimpleQueue``.
3. wake:  shim timestamp to Python code running after ``wait()``, in
          ``events()`` and in ``async for``; idle and with a busy thread.
4. scale: 1,000 and 10,000 concurrent dials through one buffer.

The pytest-benchmark suite in ``bench/`` drives the same functions.  The
Python-notifier contenders need a C compiler (a small cffi API-mode module is
built at run time); without one, those rows are skipped and say why.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import importlib.util
import json
import math
import os
import platform
import queue
import shutil
import statistics
import struct
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

import cffi

from . import __version__, sim
from ._backends import wstr
from ._histogram import LatencyStats, new_native, stats_from_native
from ._native import ffi, lib
from .buffer import EventBuffer
from .enums import ConnState
from .events import RECORD_SIZE

__all__ = ["Settings", "QUICK", "FULL", "Contenders", "load_contenders", "Load",
           "run_hold", "run_drain", "run_live_drain", "run_queue_contender", "run_wake",
           "run_scale", "machine_info", "run_report", "main"]

CONNECTED = int(ConnState.CONNECTED)
#: RasDialFunc2 as the simulated RAS service calls it (HRASCONN is a pointer).
NOTIFIER_ARGS = "uintptr_t, uint32_t, void *, uint32_t, uint32_t, uint32_t, uint32_t"
#: 32-bit Windows calls RasDialFunc2 with __stdcall; everywhere else the
#: default convention is the only one.
STDCALL = sys.platform == "win32" and struct.calcsize("P") == 4
#: How long each GIL-holding C call of the "gil" load lasts: CPython's
#: default switch interval, so a thread waiting for the GIL waits it out.
GIL_CALL_NS = 5_000_000
#: The hold-time dials: a VPN-profile entry with the time scale below, so
#: states come 50 us to 1 ms apart and a parked consumer parks again between
#: them (with the "instant" profile it would still be draining).
HOLD_ENTRY = "rasfast bench hold"
HOLD_TIME_SCALE = 0.005
SCALE_ENTRY = "Demo Instant"
SIM = lib.RF_BACKEND_SIM


# ---------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Settings:
    """Sample sizes.  Hold counts are notifications per cell."""

    name: str
    hold_notes: int              # shim cells, and Python notifiers when idle
    hold_notes_loaded: int       # Python notifiers under load (each waits for the GIL)
    hold_wave: int               # concurrent dials per wave
    drain_events: int            # prefilled events per drain round (batch >= 64, iteration)
    drain_events_small: int      # ... for batch size 1 (one native call per event)
    drain_rounds: int
    live_events: int             # producer running while Python drains
    wake_events: int             # per wake cell
    wake_rate: int               # events per second from the producer
    scale_dials: Tuple[int, ...] = (1_000, 10_000)
    scale_capacity: int = 1 << 16


QUICK = Settings("quick", hold_notes=3_000, hold_notes_loaded=150, hold_wave=16,
                 drain_events=1 << 18, drain_events_small=1 << 15, drain_rounds=3,
                 live_events=1 << 17, wake_events=400, wake_rate=2_000)
FULL = Settings("full", hold_notes=30_000, hold_notes_loaded=2_000, hold_wave=16,
                drain_events=1 << 20, drain_events_small=1 << 17, drain_rounds=7,
                live_events=1 << 20, wake_events=4_000, wake_rate=2_000)


# ---------------------------------------------------------------------------
# The contenders' native half: a cffi API-mode module built at run time
# ---------------------------------------------------------------------------
_CC = "__stdcall " if STDCALL else ""
_CONTENDERS_CDEF = f"""
extern "Python" uint32_t {_CC}rfbench_extern_notifier({NOTIFIER_ARGS});
uint32_t {_CC}rfbench_null_notifier({NOTIFIER_ARGS});
void rfbench_spin_ns(uint64_t ns, uint64_t (*clock)(void));
uint64_t rfbench_call_n(uint32_t ({_CC}*fn)({NOTIFIER_ARGS}), uint64_t callback_id, uint64_t n);
"""

_CONTENDERS_SOURCE = r"""
#include <stdint.h>
#ifdef _WIN32
#  define RFB_CALL __stdcall
#else
#  define RFB_CALL
#endif
typedef uint32_t (RFB_CALL *rfb_notifier)(uintptr_t, uint32_t, void *, uint32_t,
                                          uint32_t, uint32_t, uint32_t);

/* The measurement floor: a notifier that does nothing. */
uint32_t RFB_CALL rfbench_null_notifier(uintptr_t id, uint32_t sub, void *h, uint32_t msg,
                                        uint32_t state, uint32_t err, uint32_t ext)
{
    (void)id; (void)sub; (void)h; (void)msg; (void)state; (void)err; (void)ext;
    return 1;
}

/* Busy-wait; called through ctypes.PYFUNCTYPE, which keeps the GIL held:
 * a C extension that computes without releasing the GIL. */
void rfbench_spin_ns(uint64_t ns, uint64_t (*clock)(void))
{
    uint64_t end = clock() + ns;
    while (clock() < end) { }
}

/* A native thread calling a notifier as fast as it can (cffi releases the
 * GIL around this call, so each notification takes the GIL on its own). */
uint64_t rfbench_call_n(rfb_notifier fn, uint64_t callback_id, uint64_t n)
{
    uint64_t i, accepted = 0;
    for (i = 0; i < n; i++)
        accepted += fn((uintptr_t)callback_id, 1, (void *)0, 0xCCCDu, 0, 0, (uint32_t)i);
    return accepted;
}
"""

_MODULE_NAME = "_rasfast_bench_contenders"


@contextlib.contextmanager
def _quiet_fds() -> Iterator[None]:
    """Silence the compiler (it writes to fds 1 and 2, not sys.stdout)."""
    saved = []
    try:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        devnull = os.open(os.devnull, os.O_WRONLY)
        for fd in (1, 2):
            saved.append((fd, os.dup(fd)))
            os.dup2(devnull, fd)
        os.close(devnull)
    except OSError:
        pass
    try:
        yield
    finally:
        for fd, copy in saved:
            os.dup2(copy, fd)
            os.close(copy)


#: A one-element list holding the queue the Python notifiers put into, so
#: each run gets a fresh one without re-creating the callbacks.
_SINK: List["queue.SimpleQueue[tuple]"] = [queue.SimpleQueue()]


@dataclass
class Notifier:
    """A RasDialFunc2 implementation, by address."""

    key: str
    label: str
    address: int
    python: bool
    keepalive: Any = None


class Contenders:
    """The notifiers to compare and the GIL-holding C call, built once."""

    def __init__(self) -> None:
        self.module: Any = None
        self.unavailable = ""
        self._build()
        self.notifiers: Dict[str, Notifier] = {}
        self.notifiers["shim"] = Notifier("shim", "rasfast shim", int(
            ffi.cast("uintptr_t", lib.rf_notifier_address())), python=False)
        if self.module is not None:
            mffi, mlib = self.module.ffi, self.module.lib
            mffi.def_extern(name="rfbench_extern_notifier")(_cffi_notifier_body)
            addr = int(mffi.cast("uintptr_t", mffi.addressof(mlib, "rfbench_extern_notifier")))
            self.notifiers["cffi_extern"] = Notifier(
                "cffi_extern", "cffi @def_extern", addr, python=True)
            addr = int(mffi.cast("uintptr_t", mffi.addressof(mlib, "rfbench_null_notifier")))
            self.notifiers["floor"] = Notifier(
                "floor", "empty C notifier (floor)", addr, python=False)
        abi = cffi.FFI()
        convention = "__stdcall " if STDCALL else ""
        cb = abi.callback(f"uint32_t({convention}*)({NOTIFIER_ARGS})", _cffi_notifier_body)
        self.notifiers["cffi_callback"] = Notifier(
            "cffi_callback", "cffi ffi.callback", int(abi.cast("uintptr_t", cb)),
            python=True, keepalive=(abi, cb))
        proto = (ctypes.WINFUNCTYPE if STDCALL else ctypes.CFUNCTYPE)(  # type: ignore[attr-defined]
            ctypes.c_uint32, ctypes.c_size_t, ctypes.c_uint32, ctypes.c_void_p,
            ctypes.c_uint32, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_uint32)
        cfn = proto(_ctypes_notifier_body)
        self.notifiers["ctypes"] = Notifier(
            "ctypes", "ctypes CFUNCTYPE", int(ctypes.cast(cfn, ctypes.c_void_p).value or 0),
            python=True, keepalive=cfn)
        self.gil_call, self.gil_call_label = self._gil_call()

    def _build(self) -> None:
        builder = cffi.FFI()
        builder.cdef(_CONTENDERS_CDEF)
        builder.set_source(_MODULE_NAME, _CONTENDERS_SOURCE)
        workdir = tempfile.mkdtemp(prefix="rasfast-bench-")
        try:
            with _quiet_fds():
                path = builder.compile(tmpdir=workdir, verbose=False)
            spec = importlib.util.spec_from_file_location(_MODULE_NAME, path)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            self.module = module
        except Exception as exc:  # no compiler, no Python headers...
            self.unavailable = (f"the cffi API-mode contender could not be built "
                                f"({type(exc).__name__}: {str(exc).strip()[:200]})")
        finally:
            if sys.platform != "win32":   # Windows keeps a loaded DLL's file busy
                shutil.rmtree(workdir, ignore_errors=True)

    def _gil_call(self) -> Tuple[Callable[[], object], str]:
        """A C call that holds the GIL for GIL_CALL_NS."""
        ms = GIL_CALL_NS / 1e6
        if self.module is not None:
            mffi, mlib = self.module.ffi, self.module.lib
            spin_addr = int(mffi.cast("uintptr_t", mffi.addressof(mlib, "rfbench_spin_ns")))
            clock_addr = int(ffi.cast("uintptr_t", ffi.addressof(lib, "rf_clock_ns")))
            spin = ctypes.PYFUNCTYPE(None, ctypes.c_uint64, ctypes.c_void_p)(spin_addr)
            return (lambda: spin(GIL_CALL_NS, clock_addr),
                    f"C busy-wait of {ms:g} ms called with the GIL held (ctypes.PYFUNCTYPE)")
        # No compiler: a C sleep called without releasing the GIL does the same
        # to other threads (the CPU is idle, the GIL is not).
        if sys.platform == "win32":
            sleep = ctypes.PyDLL("kernel32").Sleep
            return (lambda: sleep(int(ms))), f"kernel32 Sleep({ms:g} ms) with the GIL held (ctypes.PyDLL)"
        usleep = ctypes.PyDLL(None).usleep
        return (lambda: usleep(int(GIL_CALL_NS / 1000))), \
            f"libc usleep({ms:g} ms) with the GIL held (ctypes.PyDLL)"

    def python_notifiers(self) -> List[Notifier]:
        return [n for n in self.notifiers.values() if n.python]


def _cffi_notifier_body(callback_id, subentry, hconn, message, state, error, extended):
    # What a callback-style wrapper does on the RAS thread: make a Python
    # record and hand it to the consumer.
    _SINK[0].put((callback_id, subentry, int(ffi.cast("uintptr_t", hconn)), message,
                  state, error, extended))
    return 1


def _ctypes_notifier_body(callback_id, subentry, hconn, message, state, error, extended):
    _SINK[0].put((callback_id, subentry, hconn or 0, message, state, error, extended))
    return 1


_contenders: Optional[Contenders] = None
_contenders_lock = threading.Lock()


def load_contenders() -> Contenders:
    """The process-wide Contenders (the cffi module is compiled once)."""
    global _contenders
    with _contenders_lock:
        if _contenders is None:
            _contenders = Contenders()
        return _contenders


# ---------------------------------------------------------------------------
# Load: what the rest of the interpreter is doing meanwhile
# ---------------------------------------------------------------------------
LOADS = {
    "idle": "idle interpreter",
    "busy": "1 thread in a pure-Python loop",
    "gil": "1 thread holding the GIL in long C calls",
}
LOAD_COLUMN = {"idle": "idle", "busy": "busy loop", "gil": "GIL in C"}


class Load:
    """Context manager: runs the given load in a daemon thread."""

    def __init__(self, kind: str, contenders: Optional[Contenders] = None) -> None:
        if kind not in LOADS:
            raise ValueError(f"unknown load {kind!r}; expected one of {sorted(LOADS)}")
        self.kind = kind
        self._contenders = contenders
        self._stop = False
        self._started = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self.iterations = 0

    def _busy(self) -> None:
        self._started.set()
        n = 0
        while not self._stop:
            n += 1
        self.iterations = n

    def _gil(self) -> None:
        call = (self._contenders or load_contenders()).gil_call
        self._started.set()
        n = 0
        while not self._stop:
            call()
            n += 1
        self.iterations = n

    def __enter__(self) -> "Load":
        if self.kind != "idle":
            target = self._busy if self.kind == "busy" else self._gil
            self._thread = threading.Thread(target=target, name=f"bench-load-{self.kind}",
                                            daemon=True)
            self._thread.start()
            self._started.wait()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop = True
        if self._thread is not None:
            self._thread.join()


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------
def _stats_from_samples(samples: Sequence[int]) -> LatencyStats:
    h = new_native()
    for ns in samples:
        lib.rf_histogram_record(h, max(0, int(ns)))
    return stats_from_native(h)


@contextlib.contextmanager
def _sim_session(*, duplicates: bool = True, release_delay: float = 0.0,
                 time_scale: float = 1.0) -> Iterator[None]:
    """A clean simulator with the given settings, restored afterwards."""
    sim.reset()
    lib.rf_sim_set_duplicate_dials(1 if duplicates else 0)
    sim.set_release_delay(release_delay)
    sim.set_time_scale(time_scale)
    try:
        yield
    finally:
        sim.reset()
        lib.rf_sim_set_duplicate_dials(0)


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


def _fill(buf: EventBuffer, count: int, threads: int = 1, rate: int = 0):
    """Start the native test producer on a fresh slot of buf: returns
    (producer, callback_id)."""
    cb = lib.rf_slot_open(buf._native_ring(), ffi.NULL)
    if not cb:
        raise RuntimeError("no free dial slot")
    per = count // threads
    if per * threads != count:
        raise ValueError("count must be a multiple of threads")
    tp = lib.rf_test_producer_start(cb, threads, per, rate)
    if tp == ffi.NULL:
        lib.rf_slot_close(cb)
        raise RuntimeError("cannot start the native test producer")
    return tp, cb


def _finish_producer(tp, cb, timeout: float = 60.0) -> int:
    """Join and free the producer, close its slot; returns events sent."""
    if not lib.rf_test_producer_join(tp, int(timeout * 1e9)):
        raise RuntimeError("the native test producer did not finish")
    sent = int(lib.rf_test_producer_sent(tp))
    lib.rf_test_producer_free(tp)
    lib.rf_slot_close(cb)
    return sent


# ---------------------------------------------------------------------------
# 1. Hold time
# ---------------------------------------------------------------------------
def _ensure_hold_entry() -> int:
    if not any(e.name == HOLD_ENTRY for e in sim.entries()):
        sim.add_entry(HOLD_ENTRY, profile="vpn")
    return len(sim.entry_states(HOLD_ENTRY))


def run_hold(notifier: Notifier, *, load: str = "idle", parked: bool = False,
             notes: int = 3000, wave: int = 16, spaced: bool = True,
             contenders: Optional[Contenders] = None) -> Dict[str, Any]:
    """Dial the simulated service in waves of ``wave`` concurrent dials with
    ``notifier`` until about ``notes`` notifications were made, and return
    the hold-time distribution the RAS threads measured around each call.

    ``spaced``: states come 50 us to 1 ms apart (the RAS thread sleeps in
    between, as it does in a real dial); False: the "instant" profile, every
    state at once (warm caches, RAS threads racing each other).

    ``parked``: a consumer thread blocks for the events (``EventBuffer.wait``
    for the shim, ``SimpleQueue.get`` for Python notifiers) so notifications
    have someone to wake.  Raises RuntimeError when a dial never reached
    CONNECTED or a notification was lost."""
    contenders = contenders or load_contenders()
    with _sim_session(time_scale=HOLD_TIME_SCALE if spaced else 0.0):
        per_dial = _ensure_hold_entry()
        dials = max(1, math.ceil(notes / per_dial))
        waves = [min(wave, dials - i) for i in range(0, dials, wave)]
        entry_w = wstr(HOLD_ENTRY, "entry", 256, optional=False)
        notifier_ptr = ffi.cast("void *", notifier.address)

        buf: Optional[EventBuffer] = None
        received: List[tuple] = []   # (state, error) of every notification
        stop = threading.Event()
        if notifier.python:
            sink: "queue.SimpleQueue[tuple]" = queue.SimpleQueue()
            _SINK[0] = sink
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
            buf = EventBuffer(1 << 16)
            # One slot per dial, as rasfast.dial() does (a shared slot would
            # make the RAS threads fight over its cache line).
            slot_ids = [lib.rf_slot_open(buf._native_ring(), ffi.NULL) for _ in range(wave)]
            if not all(slot_ids):
                raise RuntimeError("no free dial slots")

            def take_all() -> None:
                received.extend((ev.raw_state, ev.error) for ev in buf.poll())

            def consume() -> None:
                while not stop.is_set():
                    if buf.wait(0.05):
                        take_all()

        consumer = threading.Thread(target=consume, name="bench-consumer", daemon=True)
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
                    rc = lib.rf_sim_dial_raw(entry_w, notifier_ptr,
                                             slot_ids[i] if buf is not None else callback_id,
                                             0, handle)
                    if rc:
                        raise RuntimeError(f"simulated dial failed with {rc}")
                    handles.append(int(handle[0]))
                expected += k * per_dial
                _wait_until(lambda: _hold_count() >= expected, 120.0,
                            f"{expected} notifications ({notifier.label}, load {load})")
                for h in handles:
                    lib.rf_hangup(SIM, h)
                for h in handles:
                    if lib.rf_wait_released(SIM, h, int(10e9), 100_000):
                        raise RuntimeError("a simulated port was not released")
                if not parked:
                    take_all()
        elapsed = time.perf_counter() - started
        h = ffi.new("rf_histogram *")
        lib.rf_sim_get_hold_histogram(h)
        stats = stats_from_native(h)
        if parked:
            _wait_until(lambda: len(received) >= expected, 10.0, "the consumer")
            stop.set()
            consumer.join()
        take_all()
        wakeups = dropped = None
        if buf is not None:
            s = buf.stats
            wakeups, dropped = s.wakeups, s.dropped
            for cb in slot_ids:
                lib.rf_slot_close(cb)
            buf.close()
        if notifier.key == "floor":
            received = [(CONNECTED, 0)] * dials + [(0, 0)] * (stats.count - dials)
        connected = sum(1 for state, error in received if state == CONNECTED and not error)
        result = {
            "notifier": notifier.key, "label": notifier.label, "load": load,
            "parked": parked, "spaced": spaced, "dials": dials, "notifications": stats.count,
            "expected": expected, "received": len(received), "connected": connected,
            "lost": expected - len(received), "dropped": dropped, "wakeups": wakeups,
            "elapsed_s": elapsed, "load_iterations": running.iterations,
            "stats": stats.as_dict(),
        }
        if stats.count != expected or len(received) != expected or connected != dials:
            raise RuntimeError(f"hold run lost notifications or dials: {result}")
        return result


# ---------------------------------------------------------------------------
# 2. Drain throughput
# ---------------------------------------------------------------------------
DRAIN_METHODS = ("poll_1", "poll_64", "poll_4096", "iterate", "poll_raw", "poll_raw_numpy")


def _record_dtype() -> Any:
    """numpy dtype of an rf_event record (native byte order)."""
    import numpy as np
    return np.dtype([("turn", "=u8"), ("seq", "=u8"), ("timestamp_ns", "=u8"),
                     ("callback_id", "=u8"), ("hconn", "=u8"), ("subentry", "=u4"),
                     ("message", "=u4"), ("state", "=u4"), ("error", "=u4"),
                     ("extended_error", "=u4"), ("flags", "=u4")])


def _drain(buf: EventBuffer, method: str, count: int) -> Tuple[int, int]:
    """Drain count events with the method: returns (events, last seq)."""
    got, last = 0, -1
    if method.startswith("poll_raw"):
        as_numpy = method == "poll_raw_numpy"
        if as_numpy:
            import numpy as np
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
        for ev in buf.events(timeout=0):
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


def run_drain(method: str, *, count: int, rounds: int = 3) -> Dict[str, Any]:
    """Prefill a buffer with ``count`` events from the native producer, then
    time draining it into Python with ``method``; ``rounds`` times.  Each
    batch is dropped after it is read, as a consumer that handles events
    would.  Raises RuntimeError when an event is missing."""
    if method not in DRAIN_METHODS:
        raise ValueError(f"unknown drain method {method!r}")
    rates = []
    delivered, last_seq = 0, -1
    capacity = 1 << max(1, (count - 1).bit_length())
    if method == "poll_raw_numpy":
        _record_dtype()   # import numpy before the clock starts
    for _ in range(rounds):
        with EventBuffer(capacity) as buf:
            tp, cb = _fill(buf, count)
            sent = _finish_producer(tp, cb)
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


def run_live_drain(*, count: int, rounds: int = 3, capacity: Optional[int] = None) -> Dict[str, Any]:
    """The native producer (one thread, flat out) and Python draining with
    poll(4096) at the same time: events/s from the first push to the last
    RasEvent.  The buffer holds ``capacity`` records (all of them when
    None, so nothing can drop); drops are reported."""
    rates, drops = [], []
    capacity = capacity or 1 << max(1, (count - 1).bit_length())
    for _ in range(rounds):
        with EventBuffer(capacity) as buf:
            got = 0
            start = time.perf_counter_ns()
            tp, cb = _fill(buf, count)
            poll = buf.poll
            joined = False
            while True:
                events = poll(LIVE_BATCH)
                got += len(events)
                if not events:
                    if joined:   # empty after the producer finished: all read
                        break
                    joined = bool(lib.rf_test_producer_join(tp, 0))
            elapsed = time.perf_counter_ns() - start
            _finish_producer(tp, cb)
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
                        contenders: Optional[Contenders] = None) -> Dict[str, Any]:
    """The naive design: a native thread calls a Python notifier (cffi
    @def_extern) for each event, which puts a tuple on a SimpleQueue; the
    main thread takes them off.  Events/s end to end."""
    contenders = contenders or load_contenders()
    if contenders.module is None:
        raise RuntimeError(contenders.unavailable)
    mffi, mlib = contenders.module.ffi, contenders.module.lib
    fn = mffi.addressof(mlib, "rfbench_extern_notifier")
    rates = []
    for _ in range(rounds):
        sink: "queue.SimpleQueue[tuple]" = queue.SimpleQueue()
        _SINK[0] = sink
        accepted = []
        producer = threading.Thread(
            target=lambda: accepted.append(mlib.rfbench_call_n(fn, 0x5EED, count)),
            name="bench-callback-producer", daemon=True)
        start = time.perf_counter_ns()
        producer.start()
        get = sink.get
        last = received = -1
        for received in range(1, count + 1):
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


# ---------------------------------------------------------------------------
# 3. Wake-up latency
# ---------------------------------------------------------------------------
WAKE_MODES = ("wait", "events", "async")


def run_wake(mode: str, *, load: str = "idle", count: int = 400, rate: int = 2000,
             contenders: Optional[Contenders] = None) -> Dict[str, Any]:
    """The native producer sends ``count`` events ``rate`` per second; for
    each, the time from the shim's timestamp to the moment Python code runs
    with it in hand: after ``wait()`` returns, in the body of a loop over
    ``events()``, in the body of an ``async for``."""
    if mode not in WAKE_MODES:
        raise ValueError(f"unknown wake mode {mode!r}")
    clock = lib.rf_clock_ns   # the shim's clock, whatever the platform
    samples: List[int] = []
    stamps: List[int] = []
    with EventBuffer(1 << 14) as buf, Load(load, contenders):
        tp, cb = _fill(buf, count, rate=rate)
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
            sent = _finish_producer(tp, cb)
        s = buf.stats
    if len(stamps) != count or sent != count or s.dropped:
        raise RuntimeError(f"wake {mode}: {len(stamps)} of {count} events, dropped {s.dropped}")
    stats = _stats_from_samples([t - ts for t, ts in zip(samples, stamps)])
    return {"mode": mode, "load": load, "count": count, "rate": rate, "delivered": len(stamps),
            "wakeups": s.wakeups, "lost": 0, "stats": stats.as_dict()}


# ---------------------------------------------------------------------------
# 4. Scale
# ---------------------------------------------------------------------------
def run_scale(dials: int, *, capacity: int = 1 << 16) -> Dict[str, Any]:
    """``dials`` concurrent rasfast.dial() calls on the instant profile, all
    into one EventBuffer that a consumer thread drains meanwhile.  Wall time
    from the first dial() to the last CONNECTED event, events/s, drops."""
    from .dialing import dial, hangup_all

    with _sim_session(release_delay=0.0):
        per_dial = len(sim.entry_states(SCALE_ENTRY))
        buf = EventBuffer(capacity)
        connected: Dict[int, int] = {}
        events = [0]
        done = threading.Event()

        def consume() -> None:
            for ev in buf.events():
                events[0] += 1
                if ev.raw_state == CONNECTED and not ev.error and not ev.is_local:
                    connected[ev.callback_id] = connected.get(ev.callback_id, 0) + 1
                    if len(connected) == dials:
                        done.set()

        consumer = threading.Thread(target=consume, name="bench-scale-consumer", daemon=True)
        consumer.start()
        start = time.perf_counter()
        conns = [dial(SCALE_ENTRY, buffer=buf, backend="sim") for _ in range(dials)]
        dialled = time.perf_counter()
        finished = done.wait(120.0)
        end = time.perf_counter()
        s = buf.stats
        hangup_start = time.perf_counter()
        hangup_all(timeout=60.0)
        hangup_s = time.perf_counter() - hangup_start
        ids = {c.callback_id for c in conns}
        del conns
        buf.close()
        consumer.join(10.0)
    wall = end - start
    result = {
        "dials": dials, "capacity": capacity, "notifications_per_dial": per_dial,
        "wall_s": wall, "dial_calls_s": dialled - start, "hangup_s": hangup_s,
        "events": s.delivered + s.pending, "events_per_s": (s.delivered + s.pending) / wall,
        "connected": len(connected), "dropped": s.dropped, "high_water": s.high_water,
        "wakeups": s.wakeups, "lost": dials * per_dial - (s.delivered + s.pending),
    }
    if (not finished or set(connected) != ids or any(v != 1 for v in connected.values())
            or s.dropped or result["lost"]):
        raise RuntimeError(f"scale run lost dials or events: {result}")
    return result


# ---------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------
def _cpu_name() -> str:
    with contextlib.suppress(OSError):
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    if sys.platform == "darwin":
        with contextlib.suppress(Exception):
            import subprocess
            return subprocess.run(["sysctl", "-n", "machdep.cpu.brand_string"],
                                  capture_output=True, text=True, check=True).stdout.strip()
    return platform.processor() or platform.machine() or "unknown CPU"


def machine_info() -> Dict[str, Any]:
    return {
        "cpu": _cpu_name(),
        "cores": os.cpu_count(),
        "os": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "rasfast": __version__,
        "cffi": cffi.__version__,
        "switch_interval_s": sys.getswitchinterval(),
    }


def _fmt_ns(ns: Optional[float]) -> str:
    if ns is None:
        return "-"
    if ns < 1_000:
        return f"{ns:.0f} ns"
    if ns < 1_000_000:
        return f"{ns / 1e3:.1f} us"
    if ns < 1_000_000_000:
        return f"{ns / 1e6:.2f} ms"
    return f"{ns / 1e9:.2f} s"


def _fmt_rate(rate: float) -> str:
    return f"{rate / 1e6:.2f} M/s" if rate >= 1e5 else f"{rate / 1e3:.1f} k/s"


def _fmt_ratio(x: Optional[float]) -> str:
    if x is None or not math.isfinite(x):
        return "-"
    return f"{x:,.0f}x" if x >= 100 else f"{x:.1f}x"


@dataclass
class Row:
    question: str
    contender: str
    load: str
    condition: str
    n: str
    median: str
    p99: str = "-"
    p999: str = "-"
    max: str = "-"
    ratio: str = ""


@dataclass
class Report:
    settings: Settings
    machine: Dict[str, Any]
    results: Dict[str, Any] = field(default_factory=dict)
    notes: List[str] = field(default_factory=list)
    rows: List[Row] = field(default_factory=list)
    targets: List[Dict[str, Any]] = field(default_factory=list)


def _progress(enabled: bool, msg: str) -> None:
    if enabled:
        print(f"  .. {msg}", file=sys.stderr, flush=True)


def _measure_hold(rep: Report, c: Contenders, verbose: bool) -> None:
    st = rep.settings
    cells = []
    for load in LOADS:
        cells.append((c.notifiers["shim"], load, False, st.hold_notes))
        cells.append((c.notifiers["shim"], load, True, st.hold_notes))
        if "floor" in c.notifiers:
            cells.append((c.notifiers["floor"], load, False, st.hold_notes))
        for n in c.python_notifiers():
            cells.append((n, load, False, st.hold_notes if load == "idle" else st.hold_notes_loaded))
    out = []
    for notifier, load, parked, notes in cells:
        _progress(verbose, f"hold: {notifier.label}, {load}{', parked consumer' if parked else ''}")
        out.append(run_hold(notifier, load=load, parked=parked, notes=notes,
                            wave=st.hold_wave, contenders=c))
    rep.results["hold"] = out
    for load in LOADS:
        base = next(r for r in out if r["notifier"] == "shim" and r["load"] == load
                    and not r["parked"])
        for r in (x for x in out if x["load"] == load):
            s = r["stats"]
            if r["notifier"] == "shim":
                cond = "consumer parked in wait()" if r["parked"] else "no parked consumer"
                if r["parked"] and r["notifications"]:
                    cond += f", {100 * r['wakeups'] / r['notifications']:.0f}% woke it"
                ratio = "1x (baseline)" if not r["parked"] else \
                    f"{_fmt_ratio(s['p99_ns'] / base['stats']['p99_ns'])} p99"
            elif r["notifier"] == "floor":
                cond = "returns at once"
                ratio = ""
            else:
                cond = "no consumer thread"
                ratio = f"{_fmt_ratio(s['p99_ns'] / base['stats']['p99_ns'])} p99"
            rep.rows.append(Row("hold", r["label"], LOAD_COLUMN[load], cond,
                                f"{r['notifications']:,}", _fmt_ns(s["p50_ns"]),
                                _fmt_ns(s["p99_ns"]), _fmt_ns(s["p999_ns"]),
                                _fmt_ns(s["max_ns"]), ratio))


def _measure_drain(rep: Report, c: Contenders, verbose: bool) -> None:
    st = rep.settings
    out = []
    methods = list(DRAIN_METHODS)
    if importlib.util.find_spec("numpy") is None:
        methods.remove("poll_raw_numpy")
        rep.notes.append("numpy is not installed: the poll_raw + numpy.frombuffer row is skipped.")
    for m in methods:
        _progress(verbose, f"drain: {m}")
        count = st.drain_events_small if m == "poll_1" else st.drain_events
        out.append(run_drain(m, count=count, rounds=st.drain_rounds))
    _progress(verbose, "drain: live producer + poll(4096)")
    out.append(run_live_drain(count=st.live_events, rounds=st.drain_rounds))
    if c.module is not None:
        _progress(verbose, "drain: Python callback + SimpleQueue")
        out.append(run_queue_contender(count=st.live_events // 8, rounds=st.drain_rounds,
                                       contenders=c))
    rep.results["drain"] = out
    labels = {
        "poll_1": ("EventBuffer.poll(1)", "prefilled buffer, RasEvent objects"),
        "poll_64": ("EventBuffer.poll(64)", "prefilled buffer, RasEvent objects"),
        "poll_4096": ("EventBuffer.poll(4096)", "prefilled buffer, RasEvent objects"),
        "iterate": ("for ev in EventBuffer.events()", "prefilled buffer, RasEvent objects"),
        "poll_raw": ("EventBuffer.poll_raw(4096)", "prefilled buffer, raw bytes"),
        "poll_raw_numpy": ("poll_raw + numpy.frombuffer", "prefilled buffer, structured array"),
        "live": ("native producer + poll(4096)", "producer running, RasEvent objects"),
        "simplequeue": ("Python callback -> SimpleQueue", "native thread calls cffi callback"),
    }
    live = next(r for r in out if r["method"] == "live")
    for r in out:
        name, cond = labels[r["method"]]
        if r["method"] == "simplequeue":
            ratio = f"rasfast live is {_fmt_ratio(live['median'] / r['median'])} faster"
        else:
            ratio = ""
        rep.rows.append(Row("drain", name, "idle", cond, f"{r['count']:,} x {r['rounds']}",
                            _fmt_rate(r["median"]), max=_fmt_rate(r["best"]),
                            p99=f"worst {_fmt_rate(r['worst'])}", ratio=ratio))


def _measure_wake(rep: Report, c: Contenders, verbose: bool) -> None:
    st = rep.settings
    out = []
    for load in ("idle", "busy"):
        for mode in WAKE_MODES:
            _progress(verbose, f"wake: {mode}, {load}")
            out.append(run_wake(mode, load=load, count=st.wake_events, rate=st.wake_rate,
                                contenders=c))
    rep.results["wake"] = out
    names = {"wait": "EventBuffer.wait() + poll()", "events": "for ev in events()",
             "async": "async for ev in buffer"}
    for r in out:
        s = r["stats"]
        base = next(x for x in out if x["mode"] == r["mode"] and x["load"] == "idle")
        ratio = "" if r["load"] == "idle" else \
            f"{_fmt_ratio(s['p50_ns'] / base['stats']['p50_ns'])} p50 vs idle"
        rep.rows.append(Row("wake", names[r["mode"]], LOAD_COLUMN[r["load"]],
                            f"{r['rate']:,} events/s",
                            f"{r['count']:,}", _fmt_ns(s["p50_ns"]), _fmt_ns(s["p99_ns"]),
                            _fmt_ns(s["p999_ns"]), _fmt_ns(s["max_ns"]), ratio))


def _measure_scale(rep: Report, c: Contenders, verbose: bool) -> None:
    out = []
    for n in rep.settings.scale_dials:
        _progress(verbose, f"scale: {n:,} dials")
        out.append(run_scale(n, capacity=rep.settings.scale_capacity))
    rep.results["scale"] = out
    for r in out:
        rep.rows.append(Row(
            "scale", f"{r['dials']:,} x rasfast.dial()", "idle",
            f"one buffer of {r['capacity']:,}; hang-up {r['hangup_s']:.2f} s",
            f"{r['events']:,} events", f"{r['wall_s']:.3f} s wall",
            p99=_fmt_rate(r["events_per_s"]), p999=f"dropped {r['dropped']}",
            max=f"high-water {r['high_water']:,}", ratio=f"{r['connected']:,} connected"))


def _targets(rep: Report) -> None:
    t = rep.targets

    def add(name: str, goal: str, measured: str, met: Optional[bool], by: str = "") -> None:
        t.append({"target": name, "goal": goal, "measured": measured, "met": met, "by": by})

    hold = rep.results.get("hold")
    if hold:
        idle = next(r for r in hold if r["notifier"] == "shim" and r["load"] == "idle"
                    and not r["parked"])
        p50 = idle["stats"]["p50_ns"]
        add("hold p50, no parked consumer", "<= 50 ns", _fmt_ns(p50), p50 <= 50,
            "" if p50 <= 50 else f"{p50 / 50:.1f}x over")
        busy_shim = next(r for r in hold if r["notifier"] == "shim" and r["load"] == "busy"
                         and not r["parked"])
        busy_cffi = next((r for r in hold if r["notifier"] == "cffi_extern"
                          and r["load"] == "busy"), None) or \
            next(r for r in hold if r["notifier"] == "cffi_callback" and r["load"] == "busy")
        ratio = busy_cffi["stats"]["p99_ns"] / busy_shim["stats"]["p99_ns"]
        add(f"p99 hold vs {busy_cffi['label']}, busy thread", ">= 1000x lower",
            f"{_fmt_ratio(ratio)} lower", ratio >= 1000,
            "" if ratio >= 1000 else f"{1000 / ratio:.1f}x short")
    drain = rep.results.get("drain")
    if drain:
        best = max((r for r in drain if r["method"] in ("poll_4096", "iterate", "live")),
                   key=lambda r: r["median"])
        add("drain into RasEvent objects", ">= 8 M events/s",
            f"{_fmt_rate(best['median'])} ({best['method']})", best["median"] >= 8e6,
            "" if best["median"] >= 8e6 else f"{8e6 / best['median']:.1f}x short")
    wake = rep.results.get("wake")
    if wake:
        for r in (x for x in wake if x["load"] == "idle"):
            p50 = r["stats"]["p50_ns"]
            if r["mode"] == "wait":   # DESIGN.md: a thread blocked in wait()
                add("wake p50 idle, wait()", "<= 20 us", _fmt_ns(p50), p50 <= 20_000,
                    "" if p50 <= 20_000 else f"{p50 / 20_000:.1f}x over")
            else:
                add(f"wake p50 idle, {r['mode']} (includes building the RasEvent)",
                    "<= 20 us, for information", _fmt_ns(p50), None,
                    "" if p50 <= 20_000 else f"{p50 / 20_000:.1f}x over")
    scale = rep.results.get("scale")
    if scale:
        big = max(scale, key=lambda r: r["dials"])
        add(f"{big['dials']:,} dials, nothing lost", "0 lost, 0 dropped",
            f"{big['lost']} lost, {big['dropped']} dropped",
            big["lost"] == 0 and big["dropped"] == 0)


def run_report(settings: Settings, questions: Sequence[str] = ("hold", "drain", "wake", "scale"),
               verbose: bool = True) -> Report:
    rep = Report(settings, machine_info())
    c = load_contenders()
    if c.module is None:
        rep.notes.append(c.unavailable + ": the cffi @def_extern and SimpleQueue rows are skipped.")
    rep.notes.append(f"'gil' load: {c.gil_call_label}.")
    steps = {"hold": _measure_hold, "drain": _measure_drain, "wake": _measure_wake,
             "scale": _measure_scale}
    for q in questions:
        steps[q](rep, c, verbose)
    _targets(rep)
    return rep


def format_table(rep: Report) -> str:
    m = rep.machine
    head = ("Question", "Contender", "Load", "Condition", "N", "Median", "p99", "p99.9", "Max",
            "Ratio")
    rows = [(r.question, r.contender, r.load, r.condition, r.n, r.median, r.p99, r.p999, r.max,
             r.ratio) for r in rep.rows]
    widths = [max(len(str(x[i])) for x in [head] + rows) for i in range(len(head))]
    right = {4, 5, 6, 7, 8}

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    out = [f"rasfast {m['rasfast']} benchmark ({rep.settings.name}): {m['cpu']}, "
           f"{m['cores']} cores, {m['os']}, {m['python']}, cffi {m['cffi']}", ""]
    out.append(line(head))
    out.append("  ".join("-" * w for w in widths))
    prev = None
    for r in rows:
        if prev is not None and r[0] != prev:
            out.append("")
        out.append(line(r))
        prev = r[0]
    out.append("")
    out += [
        "Hold: time the simulated RAS thread spent inside the notifier, per call; ratio: p99 "
        "against the shim with no parked consumer under the same load.",
        "Drain: events/s, median of rounds (p99 column: worst round; max: best round). "
        "Wake: shim timestamp to Python code running with the event.",
        "Scale: wall time from the first dial() to the last CONNECTED event; events/s in the "
        "p99 column. Ratios are between rows of this run.",
        "Load: idle = nothing else runs; busy loop = " + LOADS["busy"] + "; GIL in C = "
        + LOADS["gil"] + ". Percentiles are histogram bucket upper bounds (12.5% wide).",
    ]
    if rep.targets:
        out.append("")
        out.append("Targets:")
        for t in rep.targets:
            if t["met"] is None:
                mark = f"over ({t['by']})" if t["by"] else "within"
            else:
                mark = "met" if t["met"] else f"MISSED ({t['by']})" if t["by"] else "MISSED"
            out.append(f"  {t['target']}: {t['goal']}; measured {t['measured']}: {mark}")
    for n in rep.notes:
        out.append(f"Note: {n}")
    return "\n".join(out)


def write_json(rep: Report, path: str, argv: Sequence[str]) -> None:
    doc = {"command": "python -m rasfast bench " + " ".join(argv), "settings": rep.settings.__dict__,
           "machine": rep.machine, "results": rep.results, "targets": rep.targets,
           "notes": rep.notes, "table": [r.__dict__ for r in rep.rows]}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")


def write_plot(rep: Report, path: str) -> bool:
    """A PNG of the hold, wake and drain results; False without matplotlib."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    panels = [k for k in ("hold", "wake", "drain") if k in rep.results]
    if not panels:
        return False
    fig, axes = plt.subplots(len(panels), 1, figsize=(11, 4.2 * len(panels)), squeeze=False)
    for ax, key in zip(axes[:, 0], panels):
        res = rep.results[key]
        if key == "drain":
            labels = [r["method"] for r in res]
            ax.barh(labels, [r["median"] / 1e6 for r in res], color="tab:blue")
            ax.set_xscale("log")
            ax.set_xlabel("million events per second (median of rounds, log scale)")
            ax.set_title("Drain throughput into Python")
            ax.invert_yaxis()
            continue
        if key == "hold":
            labels = [f"{r['label']} / {r['load']}{' / parked' if r['parked'] else ''}" for r in res]
            ax.set_title("RAS thread hold time per notification (log scale)")
        else:
            labels = [f"{r['mode']} / {r['load']}" for r in res]
            ax.set_title("Wake-up latency: shim timestamp to Python (log scale)")
        y = range(len(res))
        for q, color in (("max_ns", "tab:red"), ("p999_ns", "tab:orange"),
                         ("p99_ns", "tab:olive"), ("p50_ns", "tab:blue")):
            ax.barh(list(y), [max(1, r["stats"][q]) for r in res], color=color, label=q[:-3])
        ax.set_yticks(list(y))
        ax.set_yticklabels(labels, fontsize=8)
        ax.set_xscale("log")
        ax.set_xlabel("nanoseconds")
        ax.invert_yaxis()
        ax.legend(loc="lower right", fontsize=8)
    m = rep.machine
    fig.suptitle(f"rasfast {m['rasfast']}: {m['cpu']}, {m['cores']} cores, {m['python']}",
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    p = argparse.ArgumentParser(
        prog="rasfast bench",
        description="Measure how long rasfast's notifier holds the RAS thread, drain "
                    "throughput, wake-up latency and scale, against naive Python "
                    "callbacks, in one run.")
    p.add_argument("--quick", action="store_true", help="small samples; under a minute")
    p.add_argument("--only", action="append", choices=("hold", "drain", "wake", "scale"),
                   help="run only this question (repeatable)")
    p.add_argument("--json", default="rasfast-bench.json", metavar="PATH",
                   help="where to write the results as JSON (default: %(default)s)")
    p.add_argument("--plot", default="rasfast-bench.png", metavar="PATH",
                   help="where to write a PNG plot when matplotlib is installed "
                        "(default: %(default)s)")
    p.add_argument("--no-plot", action="store_true", help="do not write the plot")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    args = p.parse_args(argv)
    settings = QUICK if args.quick else FULL
    questions = args.only or ["hold", "drain", "wake", "scale"]
    started = time.perf_counter()
    try:
        rep = run_report(settings, questions, verbose=not args.quiet)
    except RuntimeError as exc:
        print(f"rasfast bench: {exc}", file=sys.stderr)
        return 1
    print(format_table(rep))
    write_json(rep, args.json, argv)
    print(f"\nWrote {args.json}", end="")
    if not args.no_plot:
        if write_plot(rep, args.plot):
            print(f" and {args.plot}", end="")
        else:
            print(" (no plot: pip install 'rasfast[plot]' for one)", end="")
    print(f"; {time.perf_counter() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
