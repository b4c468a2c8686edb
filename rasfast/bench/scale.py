"""Question 4, scale: thousands of concurrent rasfast.dial() calls through one buffer."""
from __future__ import annotations

import threading
import time
from typing import Any

from .. import sim
from ..buffer import EventBuffer
from .simulator import CONNECTED, sim_session

__all__ = ["SCALE_ENTRY", "run_scale"]

#: The simulator's entry the scale dials use (every state at once).
SCALE_ENTRY = "Demo Instant"


def run_scale(dials: int, *, capacity: int = 1 << 16, threads: int = 1) -> dict[str, Any]:
    """``dials`` concurrent rasfast.dial() calls on the instant profile, all
    into one EventBuffer that a consumer thread drains meanwhile, made by
    ``threads`` Python threads at once (dials split evenly among them).  Wall
    time from the first dial() to the last CONNECTED event, events/s, drops.
    Raises ValueError when threads < 1 or does not divide dials,
    RuntimeError when a dial or an event is lost or dropped, or not every
    dial reached CONNECTED within 120 s; what rasfast.dial() raises
    propagates (from any of the threads)."""
    from ..connection import Connection
    from ..dialing import dial, hangup_all

    if threads < 1 or dials % threads:
        raise ValueError(f"threads must be at least 1 and divide dials, got {threads}")

    with sim_session(release_delay=0.0):
        per_dial = len(sim.entry_states(SCALE_ENTRY))
        buf = EventBuffer(capacity)
        connected: dict[int, int] = {}
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
        per_thread = dials // threads
        made: list[list[Connection]] = [[] for _ in range(threads)]
        errors: list[BaseException] = []
        go = threading.Barrier(threads + 1)

        def dial_some(out: list[Connection]) -> None:
            go.wait()
            try:
                for _ in range(per_thread):
                    out.append(dial(SCALE_ENTRY, buffer=buf, backend="sim"))
            except BaseException as exc:  # re-raised on the calling thread
                errors.append(exc)
                done.set()
            # Alive until every dial connected: the same run is then valid
            # for a RasDialW made on the caller's thread (rasfast before its
            # dial thread, for a before/after comparison).
            done.wait(120.0)

        if threads == 1:
            start = time.perf_counter()
            made[0] = [dial(SCALE_ENTRY, buffer=buf, backend="sim") for _ in range(dials)]
        else:
            dialers = [threading.Thread(target=dial_some, args=(out,), name="bench-scale-dialer")
                       for out in made]
            for t in dialers:
                t.start()
            go.wait()
            start = time.perf_counter()
            while any(len(out) < per_thread for out in made) and not errors:
                time.sleep(0.0005)
        conns = [c for out in made for c in out]
        dialled = time.perf_counter()
        finished = done.wait(120.0)
        end = time.perf_counter()
        if threads > 1:
            for t in dialers:
                t.join()
            if errors:
                raise errors[0]
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
        "dials": dials, "threads": threads, "capacity": capacity,
        "notifications_per_dial": per_dial,
        "wall_s": wall, "dial_calls_s": dialled - start, "hangup_s": hangup_s,
        "events": s.delivered + s.pending, "events_per_s": (s.delivered + s.pending) / wall,
        "connected": len(connected), "dropped": s.dropped, "high_water": s.high_water,
        "wakeups": s.wakeups, "lost": dials * per_dial - (s.delivered + s.pending),
    }
    if (not finished or set(connected) != ids or any(v != 1 for v in connected.values())
            or s.dropped or result["lost"]):
        raise RuntimeError(f"scale run lost dials or events: {result}")
    return result
