"""Shared fixtures of the benchmark suite.

The measurements themselves live in rasfast.bench (the report command runs
the same functions).  Each test runs one measurement through
pytest-benchmark's pedantic mode, stores the percentiles the measurement
took itself in ``extra_info`` (so ``--benchmark-json`` carries them), and
asserts only correctness: nothing lost, every dial reached its terminal
state.  Timing is never asserted (shared, noisy machines).
"""
from __future__ import annotations

from typing import Any, Callable, Dict

import pytest

from rasfast import bench as rb

#: Rounds per benchmark when benchmarks are enabled (pytest-benchmark runs
#: each function once under --benchmark-disable).
ROUNDS = 3


@pytest.fixture(scope="session")
def contenders() -> rb.Contenders:
    return rb.load_contenders()


def _flatten(result: Dict[str, Any]) -> Dict[str, Any]:
    info = {k: v for k, v in result.items() if not isinstance(v, (dict, list))}
    info.update(result.get("stats", {}))
    if "rates" in result:
        info["rates_per_s"] = result["rates"]
    return info


@pytest.fixture
def measure(benchmark) -> Callable[..., Dict[str, Any]]:
    """measure(group, fn, **kwargs): run fn through pytest-benchmark in the
    given group and return its last result."""

    def run(group: str, fn: Callable[..., Dict[str, Any]], **kwargs: Any) -> Dict[str, Any]:
        benchmark.group = group
        result = benchmark.pedantic(fn, kwargs=kwargs, rounds=ROUNDS, iterations=1)
        benchmark.extra_info.update(_flatten(result))
        return result

    return run


def notifier_or_skip(contenders: rb.Contenders, key: str) -> rb.Notifier:
    if key not in contenders.notifiers:
        pytest.skip(contenders.unavailable or f"no {key} notifier here")
    return contenders.notifiers[key]
