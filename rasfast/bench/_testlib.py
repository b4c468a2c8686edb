"""Where the benchmarks get the test-only native functions: rasfast._testing.

The native test producer (``rf_test_producer_start``, ``_join``, ``_sent``,
``_refused``, ``_free``), ``rf_test_checksum``, ``rf_notify`` and
``rf_sim_dial_raw`` live in a compiled module of their own, which a release
wheel (built with ``RASFAST_BUILD_TESTING=0``) leaves out.  Every module of
this package calls them through ``testlib`` below; without the module the
measurements that need it stop with a clear error instead of a traceback.
"""
from __future__ import annotations

from typing import Any

__all__ = ["testlib", "TESTING_MISSING"]

#: Why there are no test-only natives here, or None when there are.
TESTING_MISSING: str | None = None


class _Missing:
    """Stands in for rasfast._testing's lib where the module was not built."""

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError(f"rasfast bench needs {name} from rasfast._testing, which this "
                           f"installation lacks ({TESTING_MISSING}); build rasfast from "
                           "source without RASFAST_BUILD_TESTING=0")


testlib: Any
try:
    from .._testing import lib as testlib
except ImportError as exc:  # a release wheel
    TESTING_MISSING = str(exc)
    testlib = _Missing()
