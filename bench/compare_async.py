"""async-for latency over N buffers with only what every rasfast build has
(rf_test_producer_start): for side-by-side runs of two designs (the numbers
in bench/PERFORMANCE.md, "asyncio at scale").  One native producer thread
per buffer, started staggered so that the events come evenly; percentiles
exact over all events.  Not a pytest module (bench/test_wake.py has the
benchmark of the current design).

usage: python bench/compare_async.py fd|thread BUFFERS EVENTS_PER_BUFFER RATE_PER_BUFFER
  fd: the loop's notify-fd waiter (USE_NOTIFY_FD true); thread: the path of
  a loop without add_reader (USE_NOTIFY_FD false).  Run it under
  `ulimit -n 1024` for the fd-limit case."""
from __future__ import annotations

import asyncio
import sys
import threading
import time

import rasfast
import rasfast.buffer
from rasfast._native import ffi, lib
from rasfast._testing import lib as testlib


def main() -> None:
    path, n, per, rate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    rasfast.buffer.USE_NOTIFY_FD = path == "fd"
    try:
        import resource
        limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except ImportError:    # Windows
        limit = -1
    clock = lib.rf_clock_ns
    bufs = [rasfast.EventBuffer(64) for _ in range(n)]
    ids = [lib.rf_slot_open(b._native_ring(), ffi.NULL) for b in bufs]
    samples: list[int] = []
    errors: list[str] = []
    producers: list = []

    async def read(buf: rasfast.EventBuffer) -> None:
        try:
            async for ev in buf.aevents(timeout=30):
                samples.append(clock() - ev.timestamp_ns)
                if len(samples) >= n * per:
                    for b in bufs:
                        b.close()
        except Exception as e:    # the old design's EMFILE, for one
            errors.append(repr(e))

    def start() -> None:    # buffer i's events 1 / (rate * n) s after buffer i-1's
        gap = 1.0 / (rate * n)
        t = time.monotonic()
        for k, cb in enumerate(ids):
            while time.monotonic() < t + k * gap:
                time.sleep(gap / 4)
            producers.append(testlib.rf_test_producer_start(cb, 1, per, rate))

    async def run() -> float:
        tasks = [asyncio.ensure_future(read(b)) for b in bufs]
        await asyncio.sleep(1.0)    # every task parked
        starter = threading.Thread(target=start)
        starter.start()
        t0 = time.monotonic()
        await asyncio.gather(*tasks)
        starter.join()
        for tp in producers:
            testlib.rf_test_producer_join(tp, 10 ** 10)
            testlib.rf_test_producer_free(tp)
        return time.monotonic() - t0

    wall = asyncio.run(run())
    s = sorted(samples)

    def pct(q: float) -> float:
        return s[min(len(s) - 1, int(q * len(s)))] / 1000 if s else float("nan")

    print(f"path={path} buffers={n} fd-limit={limit} events={len(s)}/{n * per} "
          f"errors={len(errors)} {errors[:1]} p50={pct(0.5):.1f}us p99={pct(0.99):.1f}us "
          f"p99.9={pct(0.999):.1f}us max={(s[-1] / 1000 if s else 0):.1f}us wall={wall:.2f}s")


if __name__ == "__main__":
    main()
