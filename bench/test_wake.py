"""Wake-up latency: the shim's timestamp to Python code running with the
event, after wait(), in events() and in async for."""
from __future__ import annotations

import pytest

from rasfast import bench as rb


@pytest.mark.parametrize("load", ["idle", "busy"])
@pytest.mark.parametrize("mode", rb.WAKE_MODES)
def test_wake(measure, contenders, mode, load):
    r = measure(f"wake-{load}", rb.run_wake, mode=mode, load=load, count=100, rate=2000,
                contenders=contenders)
    assert r["delivered"] == 100
    assert r["stats"]["count"] == 100
    assert r["stats"]["min_ns"] > 0   # the shim stamped it before Python saw it
