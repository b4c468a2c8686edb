"""The simulator's session across CLI runs: the session file of `rasfast sim add` entries.

Each process has a simulator of its own, so the entries a user adds live in a file (kept
with rasfast._files' checks) that every run on the simulator loads, with the environment's
time scale.
"""
from __future__ import annotations

import json
import os
from typing import Any

from .api import (
    KNOWN_STATES,
    ConnState,
    RasError,
    RefusedFile,
    atomic_write,
    private_dir,
    quoted,
    read_private,
    simulator,
)
from .output import note
from .status import UsageError

__all__ = ["SESSION_FILE_LIMIT", "SESSION_FILE_NAME", "SessionItem", "apply_sim_env",
           "entry_kwargs", "load_session", "parse_state", "read_session", "session_disabled",
           "session_file", "session_names", "write_session"]

#: one entry of the session file: name, profile, subentries, fail_at, error, pause_at
SessionItem = dict[str, Any]

SESSION_FILE_NAME = "sim-session.json"
#: larger than any session file rasfast writes
SESSION_FILE_LIMIT = 1024 * 1024
#: what this process has already said about an unsafe session file
_said: set[str] = set()


def _note_once(text: str) -> None:
    if text not in _said:    # loading the session and the command both look
        _said.add(text)
        note(text)


def session_disabled() -> bool:
    """True when RASFAST_SIM_SESSION_FILE is set and empty; raises nothing."""
    return os.environ.get("RASFAST_SIM_SESSION_FILE") == ""


def session_file() -> str | None:
    """Where `rasfast sim add` keeps entries; None when disabled, or when
    the folder is unsafe (said once, on stderr).  Raises nothing.

    $RASFAST_SIM_SESSION_FILE if set (empty disables it); else
    sim-session.json in rasfast's private per-user folder (see
    rasfast._files: $XDG_RUNTIME_DIR/rasfast, emptied at logout, else the
    user's cache folder, else <tempdir>/rasfast-<uid>).  Finding it makes
    nothing: the first write makes the folder."""
    env = os.environ.get("RASFAST_SIM_SESSION_FILE")
    if env is not None:
        return env or None
    try:
        folder = private_dir(create=False)
    except RefusedFile as exc:
        _note_once(f"not using {exc.path} for the simulator session: {exc.reason}; "
                   f"continuing without a session file")
        return None
    return os.path.join(folder, SESSION_FILE_NAME)


def read_session(path: str | None) -> list[SessionItem]:
    """The entries of the session file at ``path``; [] when there is none, and when it is
    unsafe or unreadable (said on stderr).  Raises nothing."""
    if not path:
        return []
    try:
        raw = read_private(path, limit=SESSION_FILE_LIMIT)
        if raw is None:
            return []
        items = json.loads(raw.decode("utf-8"))["entries"]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ValueError("'entries' is not a list of objects")
        return items
    except RefusedFile as exc:
        where = "" if exc.path == path else f"its folder {exc.path}: "
        _note_once(f"ignoring the simulator session file {path}: {where}{exc.reason}")
        return []
    except (OSError, ValueError, KeyError, TypeError) as exc:
        note(f"ignoring the simulator session file {path}: {exc}")
        return []


def write_session(path: str, items: list[SessionItem]) -> bool:
    """Replace the session file; False (said on stderr) if it cannot be.  Raises nothing."""
    try:
        # The folder may not exist yet (made mode 0700); atomic_write
        # then checks it, whoever made it.
        os.makedirs(os.path.dirname(os.path.abspath(path)), mode=0o700, exist_ok=True)
        atomic_write(path, json.dumps({"entries": items}, indent=1).encode("utf-8"))
    except (OSError, RefusedFile) as exc:
        note(f"cannot write the simulator session file {path}: {exc}")
        return False
    return True


def session_names(path: str | None) -> list[str]:
    """The lower-cased names of the session file's entries (see read_session); raises
    nothing."""
    return [str(i.get("name", "")).lower() for i in read_session(path)]


def parse_state(text: str) -> ConnState:
    """A ConnState from its name (any case, '-' or '_') or its number; ValueError for
    anything else."""
    key = text.strip().upper().replace("-", "_")
    if key in ConnState.__members__:
        return ConnState[key]
    try:
        value: int | None = int(text, 0)
    except ValueError:
        value = None
    if value is not None and value in KNOWN_STATES:
        return ConnState(value)
    raise ValueError(f"unknown state {quoted(text)} "
                     f"(a ConnState name such as AUTHENTICATE, or its number)")


def entry_kwargs(item: SessionItem) -> dict[str, Any]:
    """The keyword arguments of rasfast.sim.add_entry for a session entry (all but its
    name); ValueError for a state parse_state does not know."""
    kwargs: dict[str, Any] = {"profile": item.get("profile", "vpn"),
                              "subentries": item.get("subentries", 1)}
    for key in ("fail_at", "pause_at"):
        if item.get(key) is not None:
            kwargs[key] = parse_state(str(item[key]))
    if item.get("error"):
        kwargs["error"] = item["error"]
    return kwargs


def load_session() -> None:
    """Add the session file's entries to this process's simulator; an entry it refuses is
    skipped (said on stderr).  Raises nothing."""
    for item in read_session(session_file()):
        try:
            simulator.add_entry(item["name"], **entry_kwargs(item))
        except (KeyError, TypeError, ValueError, RasError) as exc:
            note(f"skipping simulator session entry {quoted(str(item.get('name')))}: {exc}")


def apply_sim_env() -> None:
    """Set the simulator up for this run: RASFAST_SIM_TIME_SCALE, then the session's
    entries.  UsageError for a time scale the simulator refuses."""
    scale = os.environ.get("RASFAST_SIM_TIME_SCALE")
    if scale:
        try:
            simulator.set_time_scale(float(scale))
        except ValueError as exc:
            raise UsageError(f"RASFAST_SIM_TIME_SCALE={quoted(scale)}: {exc}") from None
    load_session()
