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


@pytest.mark.parametrize("path", rb.ASYNC_PATHS)
def test_async_for_over_1000_buffers(measure, path):
    """1,000 buffers, one ``async for`` task each, on one loop: through the
    loop's hub reader (selector) or its hub thread (no add_reader)."""
    why = rb.async_path_unavailable(path)
    if why:
        pytest.skip(why)
    r = measure("wake-async-1000", rb.run_async_many, path=path, buffers=1000, count=2000,
                rate=2000)
    assert r["delivered"] == 2000
    assert r["stats"]["count"] == 2000
