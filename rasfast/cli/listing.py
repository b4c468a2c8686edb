"""The list, entries and error commands: tables of connections, entries and error texts."""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from ..errors import RasError
from .api import connections as list_connections
from .api import default_backend, entries, error_text, printable, simulator
from .output import PROG, note, out, table, to_stderr
from .sim import SIM_PROCESS_NOTE, sim_outcome
from .status import UsageError, exit_status
from .style import make_style

__all__ = ["cmd_entries", "cmd_error", "cmd_list"]


def cmd_list(args: argparse.Namespace) -> int:
    """``rasfast list``: the connections RAS knows, as a table or --json records; returns 0.

    Raises RasError when RAS cannot list them.
    """
    backend = args.backend or default_backend()
    live = list_connections(backend)
    if args.json:
        for c in live:
            out(json.dumps({"entry": c.entry, "handle": c.handle, "device_type": c.device_type,
                            "device_name": c.device_name, "phonebook": c.phonebook,
                            "subentry": c.subentry}))
    elif not live:
        out("No connections.")
    else:
        style = make_style(args.color, sys.stdout)
        rows = [[c.entry, c.device_type, c.device_name, f"{c.handle:#x}"] for c in live]
        for line in table(rows, ["ENTRY", "DEVICE TYPE", "DEVICE NAME", "HANDLE"], style):
            out(line)
    if backend == "sim":
        note(SIM_PROCESS_NOTE)
    return 0


def _cli_phonebook_entries(args: argparse.Namespace) -> list[Any]:
    """On the simulator: the entries `rasfast entry add` put in the CLI's phonebook file."""
    from .phonebook import cli_phonebook
    book = cli_phonebook(args)
    if not book or not os.path.exists(book):
        return []
    try:
        return list(entries(phonebook=book, backend="sim"))
    except RasError as exc:
        to_stderr(f"{PROG}: ignoring {book}: {exc}")
        return []


def cmd_entries(args: argparse.Namespace) -> int:
    """``rasfast entries``: the phonebook's entries (on the simulator, with what dialling
    each does), as a table or --json records; returns 0.

    Raises UsageError for a phonebook path RAS cannot take, RasError when RAS cannot list
    the entries.
    """
    backend = args.backend or default_backend()
    try:
        items = entries(phonebook=args.phonebook, backend=backend)
        if backend == "sim" and not args.phonebook:
            items += _cli_phonebook_entries(args)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{PROG} entries: error: {exc}") from None
    details = {e.name: e for e in simulator.entries()} if backend == "sim" else {}
    if args.json:
        for e in items:
            record: dict[str, Any] = {"name": e.name, "phonebook": e.phonebook}
            if e.name in details:
                record["outcome"] = sim_outcome(details[e.name])
            out(json.dumps(record))
        return 0
    if not items:
        out("No entries.")
        return 0
    style = make_style(args.color, sys.stdout)
    if details:
        rows = [[e.name, sim_outcome(details[e.name]) if e.name in details else ""]
                for e in items]
        lines = table(rows, ["ENTRY", "ON THE SIMULATOR"], style)
    else:
        rows = [[e.name, e.phonebook] for e in items]
        lines = table(rows, ["ENTRY", "PHONEBOOK"], style)
    for line in lines:
        out(line)
    return 0


def cmd_error(args: argparse.Namespace) -> int:
    """``rasfast error``: what each of args.codes means, as lines or --json records; returns
    0 and raises nothing."""
    for code in args.codes:
        text = error_text(code)
        if args.json:
            out(json.dumps({"error": code, "error_text": text, "exit_status": exit_status(code)}))
        else:
            out(f"{code}: {printable(text)}")   # FormatMessage's text, on Windows
    return 0
