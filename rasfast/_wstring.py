"""NUL-terminated UTF-16 strings in native memory: checked copies in, decoded fields out, wipes."""
from __future__ import annotations

import codecs
from typing import Any

from ._native import ffi

#: A cffi ``uint16_t[]`` (or NULL); cffi's cdata has no static type.
WString = Any

_utf16 = codecs.utf_16_le_encode


def wstr(value: object, what: str, max_len: int, *, optional: bool = True,
         secret: bool = True) -> WString:
    """A NUL-terminated UTF-16 copy of ``value`` in native memory.

    The whole string is checked before any native memory is written.  A
    secret (the default) is written unit by unit with no intermediate bytes
    object, so a password exists only in the returned array (which rf_dial
    wipes); ``secret=False`` (names, numbers) encodes in one call, about 10x
    faster for the strings of a dial.
    """
    if value is None:
        if optional:
            return ffi.NULL
        raise TypeError(f"{what} is required")
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    if not secret:
        if "\0" in value:
            raise ValueError(f"{what} contains an embedded NUL character")
        try:
            data = _utf16(value + "\0")[0]   # the codec itself: no lookup by name
        except UnicodeEncodeError:
            raise ValueError(f"{what} contains a lone surrogate (not encodable as UTF-16)") from None
        units = len(data) // 2 - 1
        if units > max_len:
            raise ValueError(f"{what} is too long: {units} UTF-16 units, at most {max_len}")
        # The array over the bytes object itself (kept alive by the cdata):
        # no second copy.  RAS only reads these strings.
        return ffi.from_buffer("uint16_t[]", data)
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


def wipe(buf: WString) -> None:
    """Zero a native string made by wstr (a real store: cffi cannot elide it)."""
    if buf != ffi.NULL:
        ffi.memmove(buf, bytes(ffi.sizeof(buf)), ffi.sizeof(buf))


def from_wstr(units: WString) -> str:
    """Decode a NUL-terminated UTF-16 field of a native struct."""
    raw = ffi.buffer(units)[:]
    end = 0
    while end + 1 < len(raw) and (raw[end] or raw[end + 1]):
        end += 2
    return str(raw[:end].decode("utf-16-le", "replace"))
