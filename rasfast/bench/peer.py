"""Question "peer" (Windows only): pywin32's callback and rasfast's notifier on the same RAS threads.

Where the rasapi32.dll in use is the one built from the simulated service
(csrc/rasapi32_sim_dll.c), pywin32's ``win32ras.Dial`` with a Python
callback (RasDialFunc1: it takes the GIL on the RAS thread) and
``rasfast.dial(backend="win32")`` (the RasDialFunc2 shim) dial the same DLL,
whose RAS threads time every notifier call into one histogram
(``RfSimGetHoldHistogram``, reset with ``RfSimResetHoldHistogram``).  The
peer itself is measured, not a re-implementation of it.

``peer_unavailable()`` says why the question cannot run here (not Windows,
no pywin32, Windows' own rasapi32); ``run_peer`` measures one contender
under one load in rounds and returns each round's percentiles.
"""
from __future__ import annotations

import ctypes
import queue
import sys
import time
from typing import Any

from .._histogram import stats_from_native
from .._native import ffi
from ..buffer import EventBuffer
from ..enums import EventFlag
from .load import Load
from .simulator import CONNECTED

__all__ = ["PEER_CONTENDERS", "PEER_ENTRY", "PEER_TIME_SCALE", "peer_unavailable", "run_peer"]

#: The dialed entry: the DLL's built-in VPN entry, 11 notifications a dial.
PEER_ENTRY = "Demo VPN"
#: The DLL's time scale while measuring: states come 50 us to 1 ms apart, as
#: in the "hold" question, so caches go cold between notifications.
PEER_TIME_SCALE = 0.005
#: The contenders, by key: their table labels.
PEER_CONTENDERS = {
    "pywin32": "pywin32 win32ras.Dial callback",
    "rasfast": "rasfast.dial(backend='win32')",
}
ERROR_INVALID_HANDLE = 6
_LIMIT_S = 60.0


class _SimDll:
    """The simulator's extra exports in the rasapi32.dll this process loaded."""

    def __init__(self, dll: Any) -> None:
        self._get = dll.RfSimGetHoldHistogram
        self._get.argtypes = (ctypes.c_void_p,)
        self._get.restype = None
        self._reset = dll.RfSimResetHoldHistogram
        self._reset.argtypes = ()
        self._reset.restype = None
        self._scale = dll.RfSimSetTimeScale
        self._scale.argtypes = (ctypes.c_double,)
        self._scale.restype = ctypes.c_double

    def reset(self) -> None:
        self._reset()

    def histogram(self) -> Any:
        h = ffi.new("rf_histogram *")
        self._get(int(ffi.cast("uintptr_t", h)))
        return h

    def set_time_scale(self, scale: float) -> float:
        return float(self._scale(scale))

    def wait_returned(self, calls: int) -> None:
        """Until ``calls`` notifier calls (since the reset) have returned: the
        DLL times a call once it returned."""
        deadline = time.monotonic() + _LIMIT_S
        while int(self.histogram().count) < calls:
            if time.monotonic() > deadline:
                raise RuntimeError(f"a notifier call did not return ({calls} expected)")
            time.sleep(0.0002)


def _sim_dll() -> _SimDll | None:
    if sys.platform != "win32":
        return None
    # LoadLibrary by name returns the rasapi32.dll already in the process
    # (the one pywin32 and rasfast's provider bound), or finds it as they do.
    dll = ctypes.WinDLL("rasapi32.dll")  # type: ignore[attr-defined,unused-ignore]
    return _SimDll(dll) if hasattr(dll, "RfSimGetHoldHistogram") else None


def peer_unavailable() -> str | None:
    """Why the peer comparison cannot run in this process, or None when it can."""
    if sys.platform != "win32":
        return "needs Windows (or Wine): pywin32 and rasapi32.dll"
    try:
        import win32ras  # type: ignore[import-not-found,import-untyped,unused-ignore]  # noqa: F401
    except ImportError as exc:
        return f"pywin32's win32ras is not importable ({exc}): pip install pywin32"
    if _sim_dll() is None:
        return ("the rasapi32.dll in use is not the simulator's: put the one built from "
                "csrc/rasapi32_sim_dll.c beside python.exe (see .ci/windows/README.md)")
    return None


def _pywin32_dial(sink: queue.SimpleQueue[tuple[Any, ...]], dll: _SimDll, before: int) -> int:
    """One dial through pywin32 with a Python callback; the notifications
    seen.  ``before``: the notifier calls the DLL timed before this dial."""
    import win32ras  # type: ignore[import-not-found,import-untyped,unused-ignore]

    def callback(hrasconn: Any, msg: int, state: int, error: int, extended: int) -> None:
        # What a pywin32 user's callback does at least: hand the event over.
        sink.put((hrasconn, msg, state, error, extended))

    handle, rc = win32ras.Dial(None, None, (PEER_ENTRY,), callback)
    if rc or not handle:
        raise RuntimeError(f"win32ras.Dial({PEER_ENTRY!r}) returned {rc}")
    seen = 0
    while True:
        _h, _msg, state, error, _ext = sink.get(timeout=_LIMIT_S)
        seen += 1
        if error or state == CONNECTED:
            break
    if error:
        raise RuntimeError(f"the pywin32 dial failed with {error}")
    # pywin32's HangUp keeps the GIL, and RasHangUp waits for a notifier
    # call in progress, whose callback needs the GIL to return: a deadlock
    # unless the last callback has returned first.
    dll.wait_returned(before + seen)
    win32ras.HangUp(handle)
    deadline = time.monotonic() + _LIMIT_S
    while True:   # what RAS asks before the next dial: wait for the port's release
        try:
            win32ras.GetConnectStatus(handle)
        except win32ras.error as exc:
            if exc.args[0] != ERROR_INVALID_HANDLE:
                raise
            return seen
        if time.monotonic() > deadline:
            raise RuntimeError("a pywin32 hang-up was not released")
        time.sleep(0.0005)


def _rasfast_dial(buf: EventBuffer) -> int:
    """One rasfast dial through rasapi32 (the sim DLL); the notifications seen."""
    import rasfast

    conn = rasfast.dial(PEER_ENTRY, buffer=buf, backend="win32")
    seen = 0
    last = None
    for ev in buf.events(timeout=_LIMIT_S):
        if ev.flags & EventFlag.LOCAL:   # rasfast's own marks (a hang-up), not RAS's
            continue
        seen += 1
        last = ev
        if ev.is_terminal:
            break
    if last is None or last.error or int(last.raw_state) != CONNECTED:
        raise RuntimeError(f"the rasfast dial did not connect: {last}")
    if not conn.hangup(timeout=_LIMIT_S):
        raise RuntimeError("a rasfast hang-up was not released")
    buf.poll()   # the hang-up's local DISCONNECTED
    return seen


def run_peer(contender: str, *, load: str = "idle", notes: int = 220,
             rounds: int = 3) -> dict[str, Any]:
    """Dial ``PEER_ENTRY`` through ``contender`` (a key of PEER_CONTENDERS)
    until about ``notes`` notifier calls per round, ``rounds`` times, under
    ``load``; returns every round's hold-time statistics as the DLL's RAS
    threads measured them.  Raises RuntimeError when the peer is unavailable
    (``peer_unavailable``), a dial fails or times out, or the DLL timed a
    different number of notifier calls than the contender received;
    ValueError for an unknown contender or load."""
    if contender not in PEER_CONTENDERS:
        raise ValueError(f"unknown contender {contender!r}; expected one of {sorted(PEER_CONTENDERS)}")
    why = peer_unavailable()
    dll = _sim_dll()
    if why or dll is None:
        raise RuntimeError(f"peer comparison unavailable: {why}")
    per_round = []
    previous_scale = dll.set_time_scale(PEER_TIME_SCALE)
    sink: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
    buf = EventBuffer(1 << 12)
    try:
        with Load(load):
            for _ in range(rounds):
                dll.reset()
                seen = dials = 0
                woken = buf.stats.wakeups
                started = time.perf_counter()
                while seen < notes:
                    seen += _pywin32_dial(sink, dll, seen) if contender == "pywin32" \
                        else _rasfast_dial(buf)
                    dials += 1
                elapsed = time.perf_counter() - started
                stats = stats_from_native(dll.histogram())
                if stats.count != seen:
                    raise RuntimeError(f"{contender}: the DLL timed {stats.count} notifier calls, "
                                       f"the contender received {seen}")
                # rasfast: notifications that found the consumer parked in
                # events() and made the shim's one wake system call.
                wakeups = buf.stats.wakeups - woken if contender == "rasfast" else None
                per_round.append({"dials": dials, "notifications": seen, "elapsed_s": elapsed,
                                  "wakeups": wakeups, "stats": stats.as_dict()})
    finally:
        buf.close()
        dll.set_time_scale(previous_scale)
    return {"contender": contender, "label": PEER_CONTENDERS[contender], "load": load,
            "entry": PEER_ENTRY, "time_scale": PEER_TIME_SCALE, "rounds": per_round}
