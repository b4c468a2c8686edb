"""Scale: thousands of concurrent dials through one buffer, nothing lost."""
from __future__ import annotations

import pytest

from rasfast import bench as rb


@pytest.mark.parametrize("dials", [1_000, 10_000])
def test_concurrent_dials(measure, dials):
    r = measure("scale", rb.run_scale, dials=dials)
    assert r["connected"] == dials
    assert r["events"] == dials * r["notifications_per_dial"]
    assert r["dropped"] == 0
    assert r["lost"] == 0
