"""`rasfast entry add|show|set|rename|rm` and `rasfast credentials set|show|clear`.

Words follow PowerShell's Add-VpnConnection.  On the simulator, without --phonebook, the
entries live in phonebook.pbk in rasfast's private folder (rasfast._files), so that a later
`rasfast dial NAME` finds them.  Saved credentials are the simulator's memory: they do not
survive the command that saved them (no file ever holds a secret).  Secrets come only from a
prompt (echo off) or the first line of stdin, and are never printed.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from typing import Any

from .. import phonebook as pb
from .api import RefusedFile, default_backend, private_dir
from .output import PROG
from .prompt import ask_secret, can_prompt
from .status import UsageError

__all__ = ["cmd_entry", "cmd_credentials", "cli_phonebook", "CLI_PHONEBOOK_NAME"]

CLI_PHONEBOOK_NAME = "phonebook.pbk"


def cli_phonebook(args: argparse.Namespace) -> str | None:
    """--phonebook, else on the simulator the CLI's own phonebook file (None elsewhere, or
    when rasfast's private folder is refused)."""
    if getattr(args, "phonebook", None):
        return str(args.phonebook)
    if (getattr(args, "backend", None) or default_backend()) != "sim":
        return None
    try:
        return os.path.join(private_dir(create=True), CLI_PHONEBOOK_NAME)
    except (RefusedFile, OSError):
        return None


def _secret(value: str | None, from_stdin: bool, what: str) -> str | None:
    if value is None and not from_stdin:
        return None
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if value != "*":
        raise UsageError(f"{PROG}: error: {what}: give '*' (asked on the terminal, never "
                         f"echoed) or --{what}-stdin, not the secret itself")
    if not can_prompt():
        raise UsageError(f"{PROG}: error: {what} '*' needs a terminal; use --{what}-stdin")
    return ask_secret(f"{what.capitalize()}: ")


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in ("server", "tunnel_type", "encryption", "dns_suffix", "idle_disconnect",
                  "redial_count", "redial_pause"):
        value = getattr(args, field, None)
        if value is not None:
            out[field] = value
    if getattr(args, "auth", None):
        out["authentication"] = tuple(args.auth)
    if getattr(args, "split_tunneling", None) is not None:
        out["split_tunneling"] = args.split_tunneling
    return out


def _show(e: pb.EntryProperties, as_json: bool) -> None:
    d = dataclasses.asdict(e)
    d["eap_config"] = d["eap_config"].hex()
    d["authentication"] = list(d["authentication"])
    if as_json:
        print(json.dumps(d, ensure_ascii=False))
        return
    for k, v in d.items():
        print(f"{k:16} {v}")


def cmd_entry(args: argparse.Namespace) -> int:
    action = args.entry_command
    if action is None:
        raise UsageError(f"{PROG} entry: error: give an action: add, show, set, rename, rm")
    book = cli_phonebook(args)
    backend = args.backend
    if action == "add":
        psk = _secret(args.psk, args.psk_stdin, "psk")
        changes = _changes(args)
        try:
            e = pb.create_entry(args.name, psk=psk, phonebook=book, backend=backend, **changes)
        except (TypeError, ValueError) as exc:
            raise UsageError(f"{PROG} entry add: error: {exc}") from None
        _show(e, args.json)
    elif action == "show":
        _show(pb.get_entry(args.name, phonebook=book, backend=backend), args.json)
    elif action == "set":
        psk = _secret(args.psk, args.psk_stdin, "psk")
        try:
            e = pb.update_entry(args.name, psk=psk, phonebook=book, backend=backend,
                                **_changes(args))
        except (TypeError, ValueError) as exc:
            raise UsageError(f"{PROG} entry set: error: {exc}") from None
        _show(e, args.json)
    elif action == "rename":
        pb.rename_entry(args.name, args.new_name, phonebook=book, backend=backend)
    elif action == "rm":
        pb.delete_entry(args.name, phonebook=book, backend=backend)
    else:
        raise UsageError(f"{PROG} entry: error: give an action: add, show, set, rename, rm")
    return 0


def cmd_credentials(args: argparse.Namespace) -> int:
    action = args.credentials_command
    if action is None:
        raise UsageError(f"{PROG} credentials: error: give an action: set, show, clear")
    book = cli_phonebook(args)
    backend = args.backend
    if action == "set":
        password = _secret(args.password, args.password_stdin, "password")
        psk = _secret(args.psk, False, "psk")
        pb.set_credentials(args.name, username=args.user, password=password,
                           domain=args.domain, psk=psk, phonebook=book, backend=backend)
    elif action == "show":
        c = pb.get_credentials(args.name, phonebook=book, backend=backend)
        if args.json:
            print(json.dumps(dataclasses.asdict(c), ensure_ascii=False))
        else:
            print(f"user {c.username or '-'}  domain {c.domain or '-'}  password "
                  f"{'saved' if c.has_password else 'none'}  psk "
                  f"{'saved' if c.has_psk else 'none'}")
    elif action == "clear":
        pb.clear_credentials(args.name, phonebook=book, backend=backend)
    else:
        raise UsageError(f"{PROG} credentials: error: give an action: set, show, clear")
    return 0
