"""After CONNECTED: 1,000 connections dropped at random moments under a busy
Python thread (drop-to-ring latency beside the notifier's hold time), and the
CPU cost of polling the statistics of 10,000 live connections."""
from __future__ import annotations

import pytest

from rasfast.bench import after


@pytest.mark.parametrize("load", ["busy", "idle"])
def test_drops_reach_the_rings(measure, load):
    r = measure(f"drops-{load}", after.run_drops, n=1000, load=load)
    assert r["drops_delivered"] == r["connections"] == r["states_disconnected"] == 1000
    assert r["reasons_match"] == 1000
    assert r["dropped_records"] == 0
    if load == "busy":
        assert r["busy_iterations"] > 0          # the Python thread really ran


def test_statistics_poll_of_10000_connections(measure):
    r = measure("stats-poll", after.run_stats_poll, n=10000, polls=3, interval=1.0)
    assert r["statistics_read"] == 3 * 10000
