"""Drain throughput: native producer to RasEvent objects, by batch size and
by iteration, the raw-bytes path, and the naive SimpleQueue design."""
from __future__ import annotations

import pytest

from rasfast import bench as rb

COUNT = 1 << 14


@pytest.mark.parametrize("method", [m for m in rb.DRAIN_METHODS if m != "poll_raw_numpy"])
def test_drain_prefilled(measure, method):
    count = COUNT // 8 if method == "poll_1" else COUNT
    r = measure("drain", rb.run_drain, method=method, count=count, rounds=1)
    assert r["delivered"] == count
    assert r["last_seq"] == count - 1


def test_drain_numpy(measure):
    pytest.importorskip("numpy")
    r = measure("drain", rb.run_drain, method="poll_raw_numpy", count=COUNT, rounds=1)
    assert r["delivered"] == COUNT
    assert r["last_seq"] == COUNT - 1


def test_drain_live_producer(measure):
    r = measure("drain", rb.run_live_drain, count=COUNT, rounds=1)
    # The buffer holds every record, so nothing may drop.
    assert r["dropped"] == [0]
    assert r["delivered"] == COUNT


def test_drain_live_small_buffer_counts_every_drop(measure):
    """A buffer far smaller than the burst: whatever is not delivered is
    counted as dropped, never silently lost."""
    r = measure("drain", rb.run_live_drain, count=COUNT, rounds=1, capacity=64)
    assert r["delivered"] + r["dropped"][0] == COUNT


def test_simplequeue_contender(measure, contenders):
    if contenders.module is None:
        pytest.skip(contenders.unavailable)
    r = measure("drain", rb.run_queue_contender, count=COUNT // 4, rounds=1,
                contenders=contenders)
    assert r["delivered"] == COUNT // 4
