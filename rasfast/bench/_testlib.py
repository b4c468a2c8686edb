"""Where the benchmarks get the test-only native functions: the one switch.

The native test producer (``rf_test_producer_start``, ``_join``, ``_sent``,
``_refused``, ``_free``), ``rf_test_checksum``, ``rf_notify`` and
``rf_sim_dial_raw`` exist for the tests and the benchmarks only.  They are
moving from ``rasfast._native`` to a compiled module of their own,
``rasfast._testing``, under the same names.  Every module of this package
calls them through ``testlib`` below, so the move changes nothing here;
everything else stays on ``rasfast._native``.
"""
from __future__ import annotations

try:
    from .._testing import lib as testlib  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # before the move: the same functions in rasfast._native
    from .._native import lib as testlib  # type: ignore[assignment,unused-ignore]

__all__ = ["testlib"]
