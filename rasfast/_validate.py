"""Argument checks shared by the public API: one helper per kind of value.

Each raises TypeError for a value of the wrong type (``bool`` is never
taken for an int) and ValueError for a value out of range, naming the
argument, before anything native is touched.
"""
from __future__ import annotations

import math
from typing import Optional, Union

__all__ = ["integer", "number", "timeout", "flag"]


def _type_name(value: object) -> str:
    return type(value).__name__


def integer(value: object, name: str, lo: int = 0, hi: int = 0xFFFFFFFF) -> int:
    """``value`` as an int in ``lo..hi``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {_type_name(value)}")
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be in {lo}..{hi:#x}, got {value}"
                         if hi >= 0xFFFF else f"{name} must be in {lo}..{hi}, got {value}")
    return int(value)


def number(value: object, name: str) -> float:
    """``value`` (an int or a float, not a bool) as a float; NaN is refused."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, not {_type_name(value)}")
    result = float(value)
    if math.isnan(result):
        raise ValueError(f"{name} must be a number, got nan")
    return result


def timeout(value: Optional[Union[int, float]], name: str = "timeout") -> Optional[float]:
    """Seconds to wait: None (no limit) or a non-negative number."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number or None, not {_type_name(value)}")
    result = float(value)
    if math.isnan(result) or result < 0:
        raise ValueError(f"{name} must be a non-negative number or None, got {result!r}")
    return result


def flag(value: object, name: str) -> bool:
    """``value``, which must be a bool (not merely truthy)."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, not {_type_name(value)}")
    return value
