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


def test_concurrent_dials_from_many_threads(measure):
    """16 Python threads dialling at once: every RasDialW goes through the
    one dial thread, and nothing is lost."""
    r = measure("scale", rb.run_scale, dials=10_000, threads=16)
    assert r["connected"] == 10_000 and r["threads"] == 16
    assert r["events"] == 10_000 * r["notifications_per_dial"]
    assert r["dropped"] == 0 and r["lost"] == 0
