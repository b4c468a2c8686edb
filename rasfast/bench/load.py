"""The background load a measurement runs under: idle, a busy loop, the GIL held in C.

``with Load(kind):`` runs the load in a daemon thread for the duration of
the block: "idle" runs nothing, "busy" a pure-Python loop, "gil" a loop of
C calls that hold the GIL for ``GIL_CALL_NS`` each (the contenders' busy
wait, or a C sleep without a compiler).
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from .contenders import Contenders, load_contenders

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["LOADS", "LOAD_COLUMN", "Load"]

#: The loads, by name, as the table's notes describe them.
LOADS = {
    "idle": "idle interpreter",
    "busy": "1 thread in a pure-Python loop",
    "gil": "1 thread holding the GIL in long C calls",
}
#: The loads as the table's "Load" column names them.
LOAD_COLUMN = {"idle": "idle", "busy": "busy loop", "gil": "GIL in C"}


class Load:
    """Context manager: runs the given load in a daemon thread.

    ``kind`` is a key of ``LOADS`` (ValueError otherwise); ``contenders``
    supplies the GIL-holding call of the "gil" load (the process-wide
    ones when None).  After the block, ``iterations`` is how many loop
    turns the load thread made."""

    def __init__(self, kind: str, contenders: Contenders | None = None) -> None:
        if kind not in LOADS:
            raise ValueError(f"unknown load {kind!r}; expected one of {sorted(LOADS)}")
        self.kind = kind
        self._contenders = contenders
        self._stop = False
        self._started = threading.Event()
        self._thread: threading.Thread | None = None
        self.iterations = 0

    def _busy(self) -> None:
        self._started.set()
        n = 0
        while not self._stop:
            n += 1
        self.iterations = n

    def _gil(self) -> None:
        call = (self._contenders or load_contenders()).gil_call
        self._started.set()
        n = 0
        while not self._stop:
            call()
            n += 1
        self.iterations = n

    def __enter__(self) -> Self:
        """Start the load thread and return once it runs; raises nothing."""
        if self.kind != "idle":
            target = self._busy if self.kind == "busy" else self._gil
            self._thread = threading.Thread(target=target, name=f"bench-load-{self.kind}",
                                            daemon=True)
            self._thread.start()
            self._started.wait()
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the load thread and wait for it; raises nothing."""
        self._stop = True
        if self._thread is not None:
            self._thread.join()
