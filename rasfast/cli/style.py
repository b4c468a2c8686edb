"""Colour for the terminal: ANSI styles, on only where --color, NO_COLOR and the stream allow."""
from __future__ import annotations

import os
import sys
from typing import TextIO

__all__ = ["Style", "make_style"]

#: SetConsoleMode's ENABLE_VIRTUAL_TERMINAL_PROCESSING
_VT_PROCESSING = 0x0004
#: GetStdHandle's STD_OUTPUT_HANDLE and STD_ERROR_HANDLE
_STD_OUTPUT, _STD_ERROR = -11, -12


class Style:
    """Wraps text in ANSI colour when enabled, else leaves it plain."""

    #: the SGR parameters of the styles callers name
    CODES = {"red": "31", "green": "32", "yellow": "33", "bold": "1", "dim": "2"}

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, *styles: str) -> str:
        """``text`` in the named styles (keys of CODES; KeyError for others), or as it is
        when colour is off or no style is named."""
        if not self.enabled or not styles:
            return text
        codes = ";".join(self.CODES[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"


def _enable_windows_ansi(stream: TextIO) -> bool:
    """Turn on VT processing for a Windows console; False if impossible."""
    try:
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
        handle = kernel32.GetStdHandle(_STD_OUTPUT if stream is sys.stdout else _STD_ERROR)
        mode = wintypes.DWORD()
        if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        return bool(kernel32.SetConsoleMode(handle, mode.value | _VT_PROCESSING))
    except Exception:   # no console, no windll: plain text it is
        return False


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):   # no isatty, or a closed stream
        return False


def make_style(choice: str, stream: TextIO) -> Style:
    """The Style for writing to ``stream`` under ``--color choice`` (always, never or auto);
    raises nothing.

    auto colours only a terminal that is not TERM=dumb, and never when NO_COLOR is set and
    not empty (no-color.org); on Windows it needs the console's VT processing.
    """
    if choice == "never":
        return Style(False)
    if choice == "always":
        return Style(True)
    if os.environ.get("NO_COLOR"):
        return Style(False)
    if not _is_terminal(stream) or os.environ.get("TERM") == "dumb":
        return Style(False)
    if os.name == "nt":
        return Style(_enable_windows_ansi(stream))
    return Style(True)
