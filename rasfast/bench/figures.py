"""How the report writes a figure: durations, event rates and ratios as short strings."""
from __future__ import annotations

import math

__all__ = ["fmt_ns", "fmt_rate", "fmt_ratio"]


def fmt_ns(ns: float | None) -> str:
    """Nanoseconds in the largest unit under 1,000 ("143 ns", "15.4 us",
    "2.88 ms", "1.20 s"); "-" for None.  Raises nothing."""
    if ns is None:
        return "-"
    if ns < 1_000:
        return f"{ns:.0f} ns"
    if ns < 1_000_000:
        return f"{ns / 1e3:.1f} us"
    if ns < 1_000_000_000:
        return f"{ns / 1e6:.2f} ms"
    return f"{ns / 1e9:.2f} s"


def fmt_rate(rate: float) -> str:
    """Events per second: "6.24 M/s" from 100,000 up, "49.0 k/s" below.  Raises nothing."""
    return f"{rate / 1e6:.2f} M/s" if rate >= 1e5 else f"{rate / 1e3:.1f} k/s"


def fmt_ratio(x: float | None) -> str:
    """A ratio: "27,146x" from 100 up, "9.7x" below; "-" for None, inf or
    NaN.  Raises nothing."""
    if x is None or not math.isfinite(x):
        return "-"
    return f"{x:,.0f}x" if x >= 100 else f"{x:.1f}x"
