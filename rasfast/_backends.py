"""Backends: the public names "sim" and "win32", which one is the default, and error texts."""
from __future__ import annotations

import os
import sys
from typing import Optional

from ._native import ffi, lib
from ._wstring import from_wstr
from .errors import check

#: Public backend names and their native ids.
BACKENDS = {"sim": lib.RF_BACKEND_SIM, "win32": lib.RF_BACKEND_RASAPI32}

HAS_RASAPI32 = bool(lib.RF_HAS_RASAPI32)


def default_backend() -> str:
    """"win32" (rasapi32) on Windows, "sim" (the simulated service) elsewhere.

    The environment variable RASFAST_BACKEND overrides it, so a program (or
    the test suite under Wine) can run against the simulator on Windows."""
    return os.environ.get("RASFAST_BACKEND") or ("win32" if HAS_RASAPI32 else "sim")


#: Backends rf_backend_check has accepted: a provider, once loaded, stays.
_usable: dict[str, int] = {}


def resolve(backend: object) -> int:
    """The native id of a usable backend; ValueError/TypeError for a bad
    name, RasError when the backend cannot be used on this machine."""
    if backend is None:
        backend = default_backend()
    native_id = _usable.get(backend) if type(backend) is str else None
    if native_id is not None:
        return native_id
    if not isinstance(backend, str):
        raise TypeError(f"backend must be a str, not {type(backend).__name__}")
    try:
        native = BACKENDS[backend]
    except KeyError:
        raise ValueError(f"unknown backend {backend!r}; expected one of {sorted(BACKENDS)}") from None
    check(lib.rf_backend_check(native), f"backend {backend!r} is not available")
    _usable[backend] = int(native)
    return int(native)


def name_of(native: int) -> str:
    """The public name of a native backend id."""
    return "win32" if native == lib.RF_BACKEND_RASAPI32 else "sim"


def error_text(code: int, backend: Optional[str] = None) -> str:
    """RasGetErrorString of the backend, then the simulator's table, then
    Windows' own message table."""
    buf = ffi.new("uint16_t[]", 512)
    order: list[int] = []
    if backend == "win32" or (backend is None and HAS_RASAPI32):
        order.append(lib.RF_BACKEND_RASAPI32)
    order.append(lib.RF_BACKEND_SIM)
    for native in order:
        if lib.rf_error_string(native, code, buf, 512) == 0 and buf[0]:
            return from_wstr(buf).strip()
    if sys.platform == "win32" and code < 0x10000:
        # A Windows error outside RAS's table (e.g. 1 from the placeholder rasapi32 Wine ships).
        import ctypes

        text = str(ctypes.FormatError(code)).strip()
        if text and text != "<no description>":
            return text
    return f"Unknown RAS error {code}."


