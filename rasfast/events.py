"""RasEvent: one RAS notification, as the shim recorded it."""
from __future__ import annotations

import struct
from typing import TYPE_CHECKING, Any, Dict, Tuple, Union

from ._records import EventRecord
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


class RasEvent(EventRecord):
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

    The fields are C integers (``rasfast._records.EventRecord``): an event
    is one small allocation, and a field makes its int when it is read.  It
    is also a sequence of its ten fields in the order above (``raw_state``
    seventh), for unpacking and ``tuple(ev)``.  Equal fields make equal,
    equally hashed events.

    ``RasEvent(seq, timestamp_ns, callback_id, handle, subentry, message,
    state, error=0, extended_error=0, flags=0)``: ints (a ConnState is one)
    in the fields' ranges, 64 bits for the first four, 32 for the rest;
    ValueError outside them, TypeError for another type.
    """

    __slots__ = ()

    @property
    def state(self) -> ConnState:
        """The RASCONNSTATE RAS reported."""
        return ConnState.of(self.raw_state)

    @property
    def is_paused(self) -> bool:
        """The dial waits in a paused state (resume it with Connection.resume)."""
        return self.error == 0 and RASCS_PAUSED <= self.raw_state < RASCS_DONE

    @property
    def is_terminal(self) -> bool:
        """No further RAS notification follows for this dial: CONNECTED,
        DISCONNECTED, or any failure (a nonzero error)."""
        return self.error != 0 or self.raw_state >= RASCS_DONE

    @property
    def is_local(self) -> bool:
        """Made by rasfast (a hang-up or a dial timeout), not by RAS."""
        return bool(self.flags & EventFlag.LOCAL)

    @property
    def error_text(self) -> str:
        """The message for ``error`` ("" when there is none)."""
        if not self.error:
            return ""
        from .errors import error_text

        return error_text(self.error)

    @property
    def is_remote(self) -> bool:
        """The far side ended the connection (a drop after CONNECTED)."""
        return bool(self.flags & EventFlag.REMOTE)

    @property
    def connection(self) -> Union[Connection, WatchedConnection, int]:
        """The Connection this event belongs to while it is alive in this
        process, else the raw handle.  A watcher's event (EventFlag.WATCH)
        names its connection: this process's Connection, or a
        WatchedConnection with the entry name and handle."""
        from ._registry import connection_for

        if self.flags & EventFlag.WATCH:
            from .watch import connection_of

            return connection_of(self)

        conn = connection_for(self.callback_id)
        return conn if conn is not None else self.handle

    def _asdict(self) -> Dict[str, Any]:
        d = dict(zip(_FIELDS, self))
        d["state"] = self.state
        del d["raw_state"]
        return d

    def __repr__(self) -> str:
        parts = [f"seq={self.seq}", f"state={self.state.name}", f"error={self.error}"]
        if self.extended_error:
            parts.append(f"extended_error={self.extended_error}")
        if self.subentry:
            parts.append(f"subentry={self.subentry}")
        parts += [f"handle={self.handle:#x}", f"callback_id={self.callback_id:#x}",
                  f"timestamp_ns={self.timestamp_ns}"]
        if self.flags:
            parts.append(f"flags={EventFlag(self.flags)!r}")
        return f"RasEvent({', '.join(parts)})"

    def __reduce__(self) -> Tuple[type, Tuple[Any, ...]]:
        return (RasEvent, tuple(self))
