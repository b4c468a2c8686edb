"""RasError and the error-code checks every native call goes through."""
from __future__ import annotations

from typing import Optional

__all__ = ["RasError", "error_text"]

# Codes rasfast itself raises or reports.
ERROR_INVALID_HANDLE = 6
ERROR_INVALID_PARAMETER = 87
ERROR_CALL_NOT_IMPLEMENTED = 120
ERROR_ALREADY_EXISTS = 183
ERROR_CANNOT_FIND_PHONEBOOK_ENTRY = 623
ERROR_USER_DISCONNECTION = 631
ERROR_TIMEOUT = 1460


class RasError(OSError):
    """A RAS or Windows error code from a dial, a hang-up or the simulator.

    ``code`` (and ``winerror``, on every platform) is the number RAS gave;
    the message comes from RasGetErrorString on Windows and from rasfast's
    own table elsewhere.
    """

    code: int
    winerror: int  # type: ignore[assignment]

    def __init__(self, code: int, message: Optional[str] = None, *, context: str = "") -> None:
        code = int(code)
        text = message if message is not None else error_text(code)
        if context:
            text = f"{context}: {text}"
        super().__init__(code, text)
        self.code = code
        self.winerror = code

    def __str__(self) -> str:
        return f"[RAS error {self.code}] {self.strerror}"

    def __reduce__(self):  # keep pickling (multiprocessing) working
        return (_rebuild, (self.code, self.strerror))


def _rebuild(code: int, text: str) -> "RasError":
    return RasError(code, text)


def check(code: int, context: str = "") -> None:
    """Raise RasError unless ``code`` is 0: the one place return codes of
    native calls are turned into exceptions."""
    if code:
        raise RasError(code, context=context)


def error_text(code: int, backend: Optional[str] = None) -> str:
    """The message for a RAS or Windows error code.

    With the rasapi32 backend (Windows) the text comes from
    RasGetErrorString; otherwise, or when rasapi32 has no text for the code,
    from the simulated service's table, which covers the common RAS codes.
    """
    if isinstance(code, bool) or not isinstance(code, int):
        raise TypeError(f"error code must be an int, not {type(code).__name__}")
    if not 0 <= code <= 0xFFFFFFFF:
        raise ValueError(f"error code must be in 0..0xFFFFFFFF, got {code}")
    from . import _backends

    return _backends.error_text(code, backend)
