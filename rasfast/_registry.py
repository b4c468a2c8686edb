"""The registry of this process's dials: callback id -> Connection, the
dials still to hang up at exit, and what os.fork() does to them.

Connections that may still need a hang-up are held strongly, so a dial the
program forgot about is still hung up at exit.
"""
from __future__ import annotations

import os
import threading
import weakref
from typing import TYPE_CHECKING, Dict, List, Optional, Set

from ._native import lib

if TYPE_CHECKING:
    from .connection import Connection

_lock = threading.Lock()
# callback id -> weak reference to its Connection.  Plain references in a
# plain dict (a WeakValueDictionary's Python-level __setitem__ was a sixth
# of dial()'s cost): dead ones are swept when the dict has doubled since
# the last sweep, so it stays within twice the live dials, and no callback
# ever changes the dict while a reader iterates it.
_by_callback: Dict[int, "weakref.ReferenceType[Connection]"] = {}
_sweep_at = 1024
_needs_hangup: Set[Connection] = set()


def add(conn: Connection) -> None:
    """A new dial: findable by its callback id, hung up at exit."""
    global _sweep_at
    ref = weakref.ref(conn)
    with _lock:
        _by_callback[conn.callback_id] = ref
        _needs_hangup.add(conn)
        if len(_by_callback) >= _sweep_at:
            for key, old in list(_by_callback.items()):
                if old() is None:
                    del _by_callback[key]
            _sweep_at = max(1024, 2 * len(_by_callback))


def done(conn: Connection) -> None:
    """The dial was hung up (or detached): exit leaves it alone."""
    with _lock:
        _needs_hangup.discard(conn)


def connection_for(callback_id: int) -> Optional[Connection]:
    """This process's Connection for a callback id, while it is alive."""
    ref = _by_callback.get(callback_id)
    return ref() if ref is not None else None


def alive() -> List[Connection]:
    """Every Connection of this process that is still referenced."""
    with _lock:
        refs = list(_by_callback.values())
    return [c for c in (r() for r in refs) if c is not None]


def to_hang_up() -> List[Connection]:
    """The dials not hung up yet."""
    with _lock:
        return list(_needs_hangup)


def live_handles() -> Set[int]:
    """Handles held by dials not hung up yet (a referenced connection
    shares its handle with another dial)."""
    with _lock:
        return {c.handle for c in _needs_hangup if c.handle and not c.hung_up}


def _fork_prepare() -> None:
    lib.rf_sim_fork_prepare()
    lib.rf_slot_fork_prepare()


def _fork_parent() -> None:
    lib.rf_slot_fork_parent()
    lib.rf_sim_fork_parent()


def _fork_child() -> None:
    """After os.fork(), in the child: none of the parent's threads exist.
    The child's simulated service starts empty; the parent's dials are
    inert here (``state`` keeps the last state seen before the fork,
    ``hangup()`` returns False without touching RAS, ``wait()``,
    ``status()`` and ``resume()`` raise RasError 6), and exit never hangs
    them up.  New dials in the child work as usual."""
    global _lock
    lib.rf_watch_fork_child()
    lib.rf_slot_fork_child()
    lib.rf_sim_fork_child()
    lib.rf_dial_thread_fork_child()
    _lock = threading.Lock()    # a parent thread may have held it
    for conn in alive():
        conn._mark_forked()
    _needs_hangup.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_fork_prepare, after_in_parent=_fork_parent,
                        after_in_child=_fork_child)
