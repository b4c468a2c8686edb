"""Percentiles from the native log-linear latency histogram (rf_histogram)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Tuple

from ._native import ffi, lib


@dataclass(frozen=True)
class LatencyStats:
    """A latency distribution in nanoseconds.  Percentiles are read from
    buckets 12.5% wide and reported as the bucket's upper bound (never
    flattering); min, max and mean are exact."""

    count: int
    mean_ns: float
    min_ns: int
    p50_ns: int
    p90_ns: int
    p99_ns: int
    p999_ns: int
    max_ns: int
    buckets: Tuple[Tuple[int, int, int], ...] = field(repr=False, default=())  #: (low, high, count)

    def percentile(self, q: float) -> int:
        """The q-th percentile (0 < q <= 100), in ns."""
        if not 0 < q <= 100:
            raise ValueError(f"percentile must be in (0, 100], got {q}")
        if not self.count:
            return 0
        rank = q / 100.0 * self.count
        seen = 0
        for _, high, n in self.buckets:
            seen += n
            if seen >= rank:
                return min(high, self.max_ns)
        return self.max_ns

    def as_dict(self) -> Dict[str, float]:
        return {"count": self.count, "mean_ns": self.mean_ns, "min_ns": self.min_ns,
                "p50_ns": self.p50_ns, "p90_ns": self.p90_ns, "p99_ns": self.p99_ns,
                "p999_ns": self.p999_ns, "max_ns": self.max_ns}


def stats_from_native(h: Any) -> LatencyStats:
    """LatencyStats from an ``rf_histogram *``."""
    count = int(h.count)
    buckets = tuple((int(lib.rf_histogram_bucket_low(i)), int(lib.rf_histogram_bucket_high(i)),
                     int(h.buckets[i])) for i in range(len(h.buckets)) if h.buckets[i])
    partial = LatencyStats(count, (h.total_ns / count) if count else 0.0,
                           int(h.min_ns) if count else 0, 0, 0, 0, 0, int(h.max_ns), buckets)
    return LatencyStats(partial.count, partial.mean_ns, partial.min_ns,
                        partial.percentile(50), partial.percentile(90), partial.percentile(99),
                        partial.percentile(99.9), partial.max_ns, buckets)


def new_native() -> object:
    h = ffi.new("rf_histogram *")
    lib.rf_histogram_reset(h)
    return h
