"""Hand-off: what rasfast's dial thread adds to each RasDialW, against the
same call made directly, in one run; the median and p99 of both go side by
side into extra_info (direct_p50_ns, dial_thread_p50_ns, ...)."""
from __future__ import annotations

import pytest

from rasfast import bench as rb


@pytest.mark.parametrize("load", ["idle", "busy"])
def test_dial_thread_handoff(measure, benchmark, load):
    r = measure(f"handoff-{load}", rb.run_handoff, calls=2000, load=load)
    for way in ("direct", "dial_thread"):
        benchmark.extra_info.update({f"{way}_{k}": v for k, v in r[way].items()})
    assert r["direct"]["count"] == r["dial_thread"]["count"] == 2000
    assert r["left_connected"] == 0          # every dial it made was hung up
    assert r["dial_thread"]["min_ns"] > 0 and r["direct"]["min_ns"] > 0
