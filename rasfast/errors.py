"""The exceptions rasfast raises, and the one check every RAS return code goes through."""
from __future__ import annotations

from typing import Optional, Tuple

from . import _validate

__all__ = ["RasError", "BufferClosedError", "check", "error_text"]


class RasError(OSError):
    """A RAS or Windows error code from a dial, a hang-up or the simulator.

    ``code`` (and ``winerror``, on every platform) is the number RAS gave;
    the message comes from RasGetErrorString on Windows and from rasfast's
    own table elsewhere.
    """

    code: int
    winerror: int

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

    def __reduce__(self) -> Tuple[object, Tuple[int, str]]:
        # Keep pickling (multiprocessing) working: OSError's own reduce
        # would call __init__ with the wrong arguments.
        return (_rebuild, (self.code, str(self.strerror)))


def _rebuild(code: int, text: str) -> RasError:
    return RasError(code, text)


class BufferClosedError(ValueError):
    """The EventBuffer is closed (by this thread or another while it waited).

    A ValueError, as for any operation on a closed file."""


def check(code: int, context: str = "") -> None:
    """Raise RasError unless ``code`` is 0: every RAS or Windows error code
    rasfast meets, returned by a native call or decided by rasfast itself
    (a dial timeout is 1460), becomes an exception here and nowhere else.

    Raises:
        RasError: ``code`` is nonzero; ``context`` prefixes its message.
    """
    if code:
        raise RasError(code, context=context)


def error_text(code: int, backend: Optional[str] = None) -> str:
    """The message for a RAS or Windows error code.

    With the rasapi32 backend (Windows) the text comes from
    RasGetErrorString; otherwise, or when rasapi32 has no text for the code,
    from the simulated service's table, which covers the common RAS codes.

    Raises:
        TypeError: ``code`` is not an int.
        ValueError: ``code`` is outside 0..0xFFFFFFFF.
    """
    code = _validate.integer(code, "error code")
    from . import _backends

    return _backends.error_text(code, backend)
