"""Backends, UTF-16 strings and error texts: the glue between the public
modules and the private native module."""
from __future__ import annotations

import os
from typing import Optional

from ._native import ffi, lib
from .errors import RasError

#: Public backend names and their native ids.
BACKENDS = {"sim": lib.RF_BACKEND_SIM, "win32": lib.RF_BACKEND_RASAPI32}

HAS_RASAPI32 = bool(lib.RF_HAS_RASAPI32)


def default_backend() -> str:
    """"win32" (rasapi32) on Windows, "sim" (the simulated service) elsewhere.

    The environment variable RASFAST_BACKEND overrides it, so a program (or
    the test suite under Wine) can run against the simulator on Windows."""
    return os.environ.get("RASFAST_BACKEND") or ("win32" if HAS_RASAPI32 else "sim")


def resolve(backend: Optional[str]) -> int:
    """The native id of a usable backend; ValueError/TypeError for a bad
    name, RasError when the backend cannot be used on this machine."""
    if backend is None:
        backend = default_backend()
    if not isinstance(backend, str):
        raise TypeError(f"backend must be a str, not {type(backend).__name__}")
    try:
        native = BACKENDS[backend]
    except KeyError:
        raise ValueError(f"unknown backend {backend!r}; expected one of {sorted(BACKENDS)}") from None
    code = lib.rf_backend_check(native)
    if code:
        raise RasError(code, context=f"backend {backend!r} is not available")
    return native


def wstr(value: object, what: str, max_len: int, *, optional: bool = True):
    """A NUL-terminated UTF-16 copy of ``value`` in native memory.

    The whole string is checked before any native memory is written, and it
    is written unit by unit with no intermediate bytes object, so a password
    exists only in the returned array (which rf_dial wipes).
    """
    if value is None:
        if optional:
            return ffi.NULL
        raise TypeError(f"{what} is required")
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    units = 0
    for ch in value:
        c = ord(ch)
        if c == 0:
            raise ValueError(f"{what} contains an embedded NUL character")
        if 0xD800 <= c <= 0xDFFF:
            raise ValueError(f"{what} contains a lone surrogate (not encodable as UTF-16)")
        units += 2 if c > 0xFFFF else 1
    if units > max_len:
        raise ValueError(f"{what} is too long: {units} UTF-16 units, at most {max_len}")
    buf = ffi.new("uint16_t[]", units + 1)
    i = 0
    for ch in value:
        c = ord(ch)
        if c > 0xFFFF:
            c -= 0x10000
            buf[i] = 0xD800 | (c >> 10)
            buf[i + 1] = 0xDC00 | (c & 0x3FF)
            i += 2
        else:
            buf[i] = c
            i += 1
    return buf


def wipe(buf) -> None:
    """Zero a native string made by wstr (a real store: cffi cannot elide it)."""
    if buf != ffi.NULL:
        ffi.memmove(buf, bytes(ffi.sizeof(buf)), ffi.sizeof(buf))


def from_wstr(units) -> str:
    """Decode a NUL-terminated UTF-16 field of a native struct."""
    raw = ffi.buffer(units)[:]
    end = 0
    while end + 1 < len(raw) and (raw[end] or raw[end + 1]):
        end += 2
    return raw[:end].decode("utf-16-le", "replace")


def error_text(code: int, backend: Optional[str] = None) -> str:
    buf = ffi.new("uint16_t[]", 512)
    order = []
    if backend == "win32" or (backend is None and HAS_RASAPI32):
        order.append(lib.RF_BACKEND_RASAPI32)
    order.append(lib.RF_BACKEND_SIM)
    for native in order:
        if lib.rf_error_string(native, code, buf, 512) == 0 and buf[0]:
            return from_wstr(buf).strip()
    if HAS_RASAPI32 and code < 0x10000:
        # A Windows error outside RAS's table (e.g. 1 from the placeholder rasapi32 Wine ships).
        import ctypes

        text = ctypes.FormatError(code).strip()
        if text and text != "<no description>":
            return text
    return f"Unknown RAS error {code}."


