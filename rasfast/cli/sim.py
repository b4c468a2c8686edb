"""The sim commands (list, states, add, remove, clear) and how the CLI describes sim entries."""
from __future__ import annotations

import argparse
import json
import os
import sys

from .api import RasError, printable, quoted, simulator
from .output import PROG, note, out, state_name, table, to_stderr
from .session import (
    SessionItem,
    entry_kwargs,
    parse_state,
    read_session,
    session_disabled,
    session_file,
    session_names,
    write_session,
)
from .status import UsageError, exit_status
from .style import make_style

__all__ = ["SIM_PROCESS_NOTE", "cmd_sim", "sim_outcome"]

#: said whenever a command looks for connections on the simulator
SIM_PROCESS_NOTE = ("the simulated RAS service runs inside each process, so connections "
                    "dialled by other rasfast processes are not visible here; on Windows, "
                    "--backend win32 acts on the system's connections")


def sim_outcome(e: simulator.SimEntry) -> str:
    """What dialling the simulator's entry ``e`` does, in a few words; raises nothing."""
    if e.fail_at is not None:
        return f"fails at {e.fail_at.name} with {e.error}"
    if e.pause_at is not None:
        return f"pauses at {e.pause_at.name}"
    return "connects"


def cmd_sim(args: argparse.Namespace) -> int:
    """``rasfast sim [ACTION]``: list (the default), states, add, remove or clear; returns
    the exit status (1 when the session file cannot be used).

    Raises UsageError for an entry the simulator refuses, and for add, remove or clear while
    RASFAST_SIM_SESSION_FILE disables the session file.
    """
    action = args.sim_command or "list"
    path = session_file()
    if action == "list":
        return _sim_list(args, path)
    if action == "states":
        return _sim_states(args.entry)
    if path is None:
        if session_disabled():
            raise UsageError(f"{PROG} sim {action}: error: the session file is disabled "
                             f"(RASFAST_SIM_SESSION_FILE is empty)")
        to_stderr(f"{PROG} sim {action}: no safe session file to keep entries in (see above)")
        return 1
    items = read_session(path)
    if action == "add":
        return _sim_add(args, path, items)
    if action == "remove":
        return _sim_remove(args.name, path, items)
    return _sim_clear(path, items)


def _origin(e: simulator.SimEntry, session: set[str]) -> str:
    if e.builtin:
        return "built-in"
    return "session" if e.name.lower() in session else "process"


def _sim_list(args: argparse.Namespace, path: str | None) -> int:
    # sim's own `list` has --json and --color; a bare `rasfast sim` has neither
    as_json = getattr(args, "json", False)
    style = make_style(getattr(args, "color", "auto"), sys.stdout)
    session = set(session_names(path))
    items = simulator.entries()
    if as_json:
        for e in items:
            out(json.dumps({"name": e.name, "profile": e.profile, "outcome": sim_outcome(e),
                            "fail_at": e.fail_at.name if e.fail_at is not None else None,
                            "error": e.error,
                            "pause_at": e.pause_at.name if e.pause_at is not None else None,
                            "subentries": e.subentries, "origin": _origin(e, session)}))
        return 0
    rows = [[e.name, e.profile, sim_outcome(e), str(e.subentries),
             "built-in" if e.builtin else "session"] for e in items]
    for line in table(rows, ["ENTRY", "PROFILE", "OUTCOME", "LINKS", "ORIGIN"], style):
        out(line)
    out()
    delays = simulator.profile_delays()
    rows = [[name, f"{lo * 1000:g}-{hi * 1000:g} ms"] for name, (lo, hi) in delays.items()]
    for line in table(rows, ["PROFILE", "DELAY BETWEEN STATES"], style):
        out(line)
    out()
    out(f"Time scale: {simulator.time_scale():g} (RASFAST_SIM_TIME_SCALE)")
    out(f"Session entries: {_session_where(path)}")
    return 0


def _session_where(path: str | None) -> str:
    if path:
        return printable(path)
    if session_disabled():
        return "disabled (RASFAST_SIM_SESSION_FILE is empty)"
    return "none (its folder is unsafe, as said above)"


def _sim_states(entry: str) -> int:
    try:
        states = simulator.entry_states(entry)
    except RasError as exc:
        to_stderr(f"{PROG} sim states: {exc}")
        return exit_status(exc.code)
    except ValueError as exc:   # a name UTF-16 cannot hold (NUL, lone surrogate)
        raise UsageError(f"{PROG} sim states: error: {exc}") from None
    for s in states:
        out(state_name(s))
    return 0


def _sim_add(args: argparse.Namespace, path: str, items: list[SessionItem]) -> int:
    item: SessionItem = {"name": args.name, "profile": args.profile,
                         "subentries": args.subentries}
    try:
        if args.fail_at is not None:
            item["fail_at"] = parse_state(args.fail_at).name
        if args.pause_at is not None:
            item["pause_at"] = parse_state(args.pause_at).name
        if args.error:
            item["error"] = args.error
        added = simulator.add_entry(args.name, **entry_kwargs(item))   # validates it all
    except (TypeError, ValueError, RasError) as exc:
        raise UsageError(f"{PROG} sim add: error: {exc}") from None
    if not write_session(path, [*items, item]):
        return 1
    out(f"Added {quoted(added.name)} ({sim_outcome(added)}, profile {added.profile}) for this "
        f"session; every rasfast command on the simulator sees it until "
        f"'{PROG} sim remove' or '{PROG} sim clear'.")
    note(f"kept in {path}")
    return 0


def _sim_remove(name: str, path: str, items: list[SessionItem]) -> int:
    keep = [i for i in items if str(i.get("name", "")).lower() != name.lower()]
    if len(keep) == len(items):
        builtin = any(e.builtin and e.name.lower() == name.lower() for e in simulator.entries())
        why = "is built in" if builtin else "is not a session entry"
        to_stderr(f"{PROG} sim remove: {quoted(name)} {why}.")
        return 1
    if not write_session(path, keep):
        return 1
    out(f"Removed {quoted(name)}.")
    return 0


def _sim_clear(path: str, items: list[SessionItem]) -> int:
    try:
        os.remove(path)     # a link there goes, not what it points at
    except FileNotFoundError:
        pass
    except OSError as exc:
        note(f"cannot remove the simulator session file {path}: {exc}")
        return 1
    out(f"Removed {len(items)} session entr{'y' if len(items) == 1 else 'ies'}.")
    return 0
