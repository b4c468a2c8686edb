"""Question 5, hand-off: what rasfast's dial thread adds to each RasDialW.

Every RasDialW of rasfast (new dials and resumes) runs on one native thread
rasfast keeps alive, because RAS needs the thread that called RasDial to
outlive the dial.  This measures that hand-off: the same RasDialW of the
simulated service, called directly on this thread and through the dial
thread, alternately in one run, each call timed natively until RasDialW
returned; against the time a real dial takes ("Demo VPN", vpn profile).
"""
from __future__ import annotations

import time
from typing import Any

from .. import sim
from .._native import ffi
from .._wstring import wstr
from ..enums import ConnState
from ._testlib import testlib
from .load import Load
from .simulator import sim_session

__all__ = ["HANDOFF_ENTRY", "run_handoff"]

#: Every state at once: the RasDialW call is the whole cost measured.
HANDOFF_ENTRY = "Demo Instant"
#: The dial the hand-off is compared with.
REAL_DIAL_ENTRY = "Demo VPN"


def _stats(samples: list[int]) -> dict[str, float]:
    s = sorted(samples)
    n = len(s)

    def pct(p: float) -> float:
        return float(s[min(n - 1, int(p * n))])

    return {"count": n, "p50_ns": pct(0.50), "p99_ns": pct(0.99), "p999_ns": pct(0.999),
            "min_ns": float(s[0]), "max_ns": float(s[-1]),
            "mean_ns": sum(s) / n}


def _real_dial_ns() -> float:
    """How long one dial of REAL_DIAL_ENTRY takes, RasDialW to CONNECTED
    (the profile's step delays; one dial, measured)."""
    from ..dialing import dial

    conn = dial(REAL_DIAL_ENTRY, backend="sim")
    try:
        if conn.wait(30.0) is not ConnState.CONNECTED:
            raise RuntimeError(f"{REAL_DIAL_ENTRY!r} did not connect")
        events = conn.buffer.poll()
        return float(events[-1].timestamp_ns - events[0].timestamp_ns)
    finally:
        conn.hangup()


def run_handoff(calls: int = 2000, *, load: str = "idle") -> dict[str, Any]:
    """``calls`` RasDialW calls each way (directly on this thread, and through
    the dial thread as rf_dial makes them), alternating, under ``load``;
    exact percentiles of each and their difference, and how long one real
    dial takes.  Raises ValueError for calls < 1 or an unknown load,
    RuntimeError when a call fails (the RAS error) or the module with the
    test-only natives is missing."""
    if calls < 1:
        raise ValueError(f"calls must be at least 1, got {calls}")
    direct = ffi.new("uint64_t[]", calls)
    threaded = ffi.new("uint64_t[]", calls)
    entry = wstr(HANDOFF_ENTRY, "entry", 256)
    with sim_session(release_delay=0.0):
        real_ns = _real_dial_ns()
        with Load(load):
            rc = testlib.rf_test_dial_handoff(entry, calls, direct, threaded)
        if rc:
            raise RuntimeError(f"RasDialW failed with {rc} during the hand-off measurement")
        # The last hang-up's port release runs on a RAS thread: give it a moment.
        deadline = time.monotonic() + 2.0
        while (left := sim.active_connections()) and time.monotonic() < deadline:
            time.sleep(0.001)
    d = _stats(list(direct))
    t = _stats(list(threaded))
    return {
        "calls": calls, "load": load, "entry": HANDOFF_ENTRY,
        "direct": d, "dial_thread": t,
        "added_p50_ns": t["p50_ns"] - d["p50_ns"], "added_p99_ns": t["p99_ns"] - d["p99_ns"],
        "real_dial_entry": REAL_DIAL_ENTRY, "real_dial_ns": real_ns,
        "left_connected": left,
    }
