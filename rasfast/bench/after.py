"""After CONNECTED: drops reaching the rings under a busy Python thread, and the
cost of polling the statistics of many live connections.

- ``run_drops``: ``n`` simulated connections whose server ends each at a
  random moment (entries with random ``drop_after``, timers on the simulated
  RAS threads) while a Python thread spins; every drop must arrive as a
  DISCONNECTED flagged REMOTE in the dials' buffer and every Connection must
  read DISCONNECTED.  The drop-to-ring latency runs from the simulator's drop
  (its drop log, the shim's clock) to the record's timestamp (taken by the
  native watcher when it pushed), side by side with the dial notifier's
  hold time over the same dials.
- ``run_stats_poll``: ``n`` live connections, ``rasfast.connections()`` and
  ``statistics()`` of each, once per ``interval``: CPU time per poll.

``python -m rasfast.bench.after`` prints both."""
from __future__ import annotations

import random
import time
from typing import Any, Dict, List

from .. import sim
from ..buffer import EventBuffer
from ..dialing import connections, dial, hangup_all
from ..enums import ConnState, EventFlag
from .load import Load
from .simulator import sim_session

__all__ = ["run_drops", "run_stats_poll"]


def _percentiles(values: List[float]) -> Dict[str, float]:
    if not values:
        return {"p50": 0.0, "p99": 0.0, "max": 0.0}
    v = sorted(values)
    return {"p50": v[len(v) // 2], "p99": v[min(len(v) - 1, int(len(v) * 0.99))],
            "max": v[-1]}


def run_drops(n: int = 1000, *, load: str = "busy", entries: int = 20,
              min_after: float = 0.05, max_after: float = 1.0, seed: int = 1) -> Dict[str, Any]:
    """Dial ``n`` connections that drop at random moments; return the counts and
    the drop-to-ring latency (ns) beside the notifier's hold time (ns).

    Raises RuntimeError when a drop was lost or a Connection's state is not
    DISCONNECTED at the end."""
    rng = random.Random(seed)
    with sim_session(time_scale=1.0, release_delay=0.001):
        names = []
        for k in range(entries):
            name = f"Bench Drop {k}"
            sim.add_entry(name, profile="instant", drop_after=rng.uniform(min_after, max_after),
                          drop_error=629 if k % 2 else 0)
            names.append(name)
        buf = EventBuffer(1 << 16)
        sim.reset_hold_stats()
        remote: Dict[int, Any] = {}
        with Load(load) as busy:
            t0 = time.monotonic()
            conns = [dial(names[i % entries], buffer=buf) for i in range(n)]
            deadline = time.monotonic() + max_after * 3 + 30
            while len(remote) < n and time.monotonic() < deadline:
                buf.wait(0.1)
                for ev in buf.poll():
                    if ev.flags & EventFlag.REMOTE:
                        remote[ev.handle] = ev
            elapsed = time.monotonic() - t0
        hold = sim.hold_stats()
        states_ok = sum(1 for c in conns if c.state is ConnState.DISCONNECTED)
        log = {h: (t, err) for h, t, err in sim.drop_log()}
        latencies = [float(ev.timestamp_ns - log[h][0]) for h, ev in remote.items() if h in log]
        reasons_ok = sum(1 for h, ev in remote.items() if h in log and ev.error == log[h][1])
        stats = buf.stats
        hangup_all(timeout=10)
        buf.close()
    result = {
        "connections": n, "drops_delivered": len(remote), "states_disconnected": states_ok,
        "reasons_match": reasons_ok, "dropped_records": stats.dropped, "seconds": elapsed,
        "load": load, "busy_iterations": busy.iterations,
        "drop_to_ring_ns": _percentiles(latencies),
        "notifier_hold_ns": {"p50": float(hold.p50_ns), "p99": float(hold.p99_ns),
                             "max": float(hold.max_ns)},
    }
    if len(remote) != n or states_ok != n:
        raise RuntimeError(f"drops lost: {result}")
    return result


def run_stats_poll(n: int = 10000, *, polls: int = 3, interval: float = 1.0) -> Dict[str, Any]:
    """``n`` live connections; poll the statistics of every one ``polls`` times,
    ``interval`` apart; return the CPU and wall time per poll (seconds)."""
    with sim_session(time_scale=0.0, release_delay=0.0):
        buf = EventBuffer(1 << 20)
        conns = [dial("Demo Instant", buffer=buf) for _ in range(n)]
        for c in conns:
            c.wait(30)
        cpu: List[float] = []
        wall: List[float] = []
        total = 0
        for k in range(polls):
            if k:
                time.sleep(interval)
            c0, w0 = time.process_time(), time.perf_counter()
            stats = [info.statistics() for info in connections()]
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
            total += len(stats)
            if len(stats) != n:
                raise RuntimeError(f"{len(stats)} connections listed, {n} dialled")
        hangup_all(timeout=30)
        buf.close()
    return {"connections": n, "polls": polls, "statistics_read": total,
            "cpu_per_poll_s": _percentiles(cpu), "wall_per_poll_s": _percentiles(wall),
            "cpu_per_connection_us": min(cpu) / n * 1e6}


def main() -> None:
    """Print both measurements."""
    d = run_drops()
    print(f"drops: {d['drops_delivered']}/{d['connections']} DISCONNECTED (REMOTE), "
          f"{d['states_disconnected']} states right, {d['reasons_match']} reasons right, "
          f"busy thread {d['busy_iterations']:,} turns")
    lat, hold = d["drop_to_ring_ns"], d["notifier_hold_ns"]
    print(f"  drop-to-ring  p50 {lat['p50'] / 1e3:.1f} us  p99 {lat['p99'] / 1e3:.1f} us  "
          f"max {lat['max'] / 1e3:.1f} us")
    print(f"  notifier hold p50 {hold['p50']:.0f} ns  p99 {hold['p99']:.0f} ns  "
          f"max {hold['max'] / 1e3:.1f} us")
    s = run_stats_poll()
    print(f"stats poll: {s['connections']} connections, CPU per poll p50 "
          f"{s['cpu_per_poll_s']['p50'] * 1e3:.1f} ms (max {s['cpu_per_poll_s']['max'] * 1e3:.1f} ms), "
          f"wall p50 {s['wall_per_poll_s']['p50'] * 1e3:.1f} ms, "
          f"{s['cpu_per_connection_us']:.2f} us CPU per connection")


if __name__ == "__main__":
    main()
