"""RasEvent: one RAS notification, as the shim recorded it."""
from __future__ import annotations

import struct
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Dict, Tuple, Union

from .enums import RASCS_DONE, RASCS_PAUSED, ConnState, EventFlag

if TYPE_CHECKING:
    from .connection import Connection
    from .watch import WatchedConnection

__all__ = ["RasEvent"]

#: The layout of a native rf_event record (64 bytes; the ring-internal
#: `turn` word is skipped).
RECORD = struct.Struct("=8xQQQQIIIIII")
RECORD_SIZE = 64
assert RECORD.size == RECORD_SIZE

_FIELDS = ("seq", "timestamp_ns", "callback_id", "handle", "subentry",
           "message", "raw_state", "error", "extended_error", "flags")


if TYPE_CHECKING:
    _EventBase = Tuple[Any, ...]
else:
    _EventBase = tuple     # a plain tuple at run time: no Generic in the MRO


class RasEvent(_EventBase):
    """A RAS notification: frozen, hashable, cheap to create in bulk.

    ``seq`` counts records in the buffer from 0; ``timestamp_ns`` is the
    monotonic clock (``time.monotonic_ns()`` on Linux/macOS, the
    QueryPerformanceCounter clock on Windows) when RAS called the native
    shim (which reads the CPU's time-stamp counter, converted to that clock
    when the record leaves the buffer; ``RASFAST_CLOCK=ns`` in the
    environment makes the shim read the clock itself); ``callback_id`` routes it to its dial; ``handle`` is the
    HRASCONN; ``state`` a ConnState (a pseudo-member named ``RASCS_0x...``
    for a value RAS may add in future); ``error``/``extended_error`` are
    dwError/dwExtendedError; ``flags`` an EventFlag.
    """

    __slots__ = ()

    seq: int = property(itemgetter(0))  # type: ignore[assignment]
    timestamp_ns: int = property(itemgetter(1))  # type: ignore[assignment]
    callback_id: int = property(itemgetter(2))  # type: ignore[assignment]
    handle: int = property(itemgetter(3))  # type: ignore[assignment]
    subentry: int = property(itemgetter(4))  # type: ignore[assignment]
    message: int = property(itemgetter(5))  # type: ignore[assignment]
    raw_state: int = property(itemgetter(6))  # type: ignore[assignment]
    error: int = property(itemgetter(7))  # type: ignore[assignment]
    extended_error: int = property(itemgetter(8))  # type: ignore[assignment]
    flags: int = property(itemgetter(9))  # type: ignore[assignment]

    def __new__(cls, seq: int, timestamp_ns: int, callback_id: int, handle: int,
                subentry: int, message: int, state: int, error: int = 0,
                extended_error: int = 0, flags: int = 0) -> "RasEvent":
        return tuple.__new__(cls, (seq, timestamp_ns, callback_id, handle, subentry,
                                   message, int(state), error, extended_error, flags))

    @property
    def state(self) -> ConnState:
        """The RASCONNSTATE RAS reported."""
        return ConnState.of(self[6])

    @property
    def is_paused(self) -> bool:
        """The dial waits in a paused state (resume it with Connection.resume)."""
        error: int = self[7]
        state: int = self[6]
        return error == 0 and RASCS_PAUSED <= state < RASCS_DONE

    @property
    def is_terminal(self) -> bool:
        """No further RAS notification follows for this dial: CONNECTED,
        DISCONNECTED, or any failure (a nonzero error)."""
        error: int = self[7]
        state: int = self[6]
        return error != 0 or state >= RASCS_DONE

    @property
    def is_local(self) -> bool:
        """Made by rasfast (a hang-up or a dial timeout), not by RAS."""
        return bool(self[9] & EventFlag.LOCAL)

    @property
    def error_text(self) -> str:
        """The message for ``error`` ("" when there is none)."""
        if not self[7]:
            return ""
        from .errors import error_text

        return error_text(self[7])

    @property
    def is_remote(self) -> bool:
        """The far side ended the connection (a drop after CONNECTED)."""
        return bool(self[9] & EventFlag.REMOTE)

    @property
    def connection(self) -> Union[Connection, WatchedConnection, int]:
        """The Connection this event belongs to while it is alive in this
        process, else the raw handle.  A watcher's event (EventFlag.WATCH)
        names its connection: this process's Connection, or a
        WatchedConnection with the entry name and handle."""
        from ._registry import connection_for

        if self[9] & EventFlag.WATCH:
            from .watch import connection_of

            return connection_of(self)

        conn = connection_for(self[2])
        return conn if conn is not None else self[3]

    def _asdict(self) -> Dict[str, Any]:
        d = dict(zip(_FIELDS, self))
        d["state"] = self.state
        del d["raw_state"]
        return d

    def __repr__(self) -> str:
        parts = [f"seq={self[0]}", f"state={self.state.name}", f"error={self[7]}"]
        if self[8]:
            parts.append(f"extended_error={self[8]}")
        if self[4]:
            parts.append(f"subentry={self[4]}")
        parts += [f"handle={self[3]:#x}", f"callback_id={self[2]:#x}",
                  f"timestamp_ns={self[1]}"]
        if self[9]:
            parts.append(f"flags={EventFlag(self[9])!r}")
        return f"RasEvent({', '.join(parts)})"

    def __reduce__(self) -> Tuple[type, Tuple[Any, ...]]:
        return (RasEvent, tuple(self))
