"""Writing for a reader: flushed lines, escaped messages on stderr, aligned tables."""
from __future__ import annotations

import sys
from typing import TextIO

from .api import ConnState, printable
from .style import Style

__all__ = ["PROG", "note", "out", "state_name", "table", "to_stderr"]

#: the program's name, as messages and usage lines give it
PROG = "rasfast"


def out(text: str = "", stream: TextIO | None = None) -> None:
    """Write a line to ``stream`` (default: the current sys.stdout) and flush it at once,
    so that the timeline is live even through a pipe.  Raises what the stream's write
    raises (BrokenPipeError when the reader is gone)."""
    stream = stream or sys.stdout
    stream.write(text + "\n")
    stream.flush()


def to_stderr(text: str) -> None:
    """Write a message to stderr, escaped: names in it may come from anywhere.  Raises what
    the stream raises."""
    out(printable(text, keep_newlines=True), sys.stderr)


def note(text: str) -> None:
    """Write ``rasfast: text`` to stderr, escaped.  Raises what the stream raises."""
    to_stderr(f"{PROG}: {text}")


def state_name(state: ConnState | int) -> str:
    """A state's name, or its number in hex for a value ConnState does not know; raises
    nothing."""
    return state.name if isinstance(state, ConnState) else f"0x{int(state):04x}"


def table(rows: list[list[str]], header: list[str], style: Style) -> list[str]:
    """The lines of a table with left-aligned columns under a bold header; cells are
    escaped before they are measured (they hold names from phonebooks and RAS).  Raises
    nothing."""
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [max(len(r[i]) for r in [*rows, header]) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [style(fmt.format(*header).rstrip(), "bold")]
    lines += [fmt.format(*r).rstrip() for r in rows]
    return lines
