"""rasfast: Windows RAS dialing whose progress notifications never wait for Python.

A native RasDialFunc2 notifier writes every state change into a lock-free
ring buffer and returns at once; Python reads the buffer when it likes.
On Linux and macOS (and on Windows with ``backend="sim"``) dials go to a
simulated RAS service with the same semantics.
"""
from __future__ import annotations

from . import sim
from .buffer import BufferStats, EventBuffer
from .connection import Connection, ConnectionStatus
from .dialing import ConnectionInfo, EntryInfo, connections, dial, entries, hangup, hangup_all
from .enums import ConnState, DialOption, EventFlag
from .errors import BufferClosedError, RasError, error_text
from .events import RasEvent
from .phonebook import (
    EntryProperties,
    SavedCredentials,
    clear_credentials,
    create_entry,
    delete_entry,
    get_credentials,
    get_entry,
    rename_entry,
    set_credentials,
    update_entry,
    validate_entry_name,
)
from .redial import RedialPolicy, keep_connected
from .stats import ConnectionStatistics, Projection, RateMeter, counter_delta
from .watch import ConnectionWatcher, WatchedConnection, WatcherStats, watch, watcher_stats

__all__ = [
    "BufferClosedError",
    "BufferStats",
    "Connection",
    "ConnectionInfo",
    "ConnectionStatus",
    "EntryInfo",
    "EntryProperties",
    "SavedCredentials",
    "clear_credentials",
    "create_entry",
    "delete_entry",
    "get_credentials",
    "get_entry",
    "rename_entry",
    "set_credentials",
    "update_entry",
    "validate_entry_name",
    "connections",
    "dial",
    "entries",
    "hangup",
    "hangup_all",
    "sim",
    "ConnState",
    "DialOption",
    "EventBuffer",
    "EventFlag",
    "RasError",
    "RasEvent",
    "error_text",
    "ConnectionStatistics",
    "ConnectionWatcher",
    "Projection",
    "RateMeter",
    "RedialPolicy",
    "WatchedConnection",
    "WatcherStats",
    "counter_delta",
    "keep_connected",
    "watch",
    "watcher_stats",
]

__version__ = "0.1.0"
