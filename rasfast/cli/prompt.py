"""Asking on the terminal: a dial's password, and what a paused dial waits for."""
from __future__ import annotations

import argparse
import getpass
import sys

from .api import Connection, ConnState, printable, quoted
from .output import PROG, state_name
from .status import UsageError

__all__ = ["ANSWERABLE_PAUSES", "ask_secret", "can_prompt", "read_password", "resume_paused"]

#: the paused states rasfast can ask the user about
ANSWERABLE_PAUSES = (ConnState.PASSWORD_EXPIRED, ConnState.RETRY_AUTHENTICATION,
                     ConnState.CALLBACK_SET_BY_CALLER)


def can_prompt() -> bool:
    """True when standard input is a terminal to ask on; raises nothing."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):   # no stdin, or a closed one
        return False


def ask_secret(prompt: str) -> str:
    """Ask on the terminal with its echo off (getpass); raises what getpass raises
    (EOFError, KeyboardInterrupt)."""
    return getpass.getpass(prompt)


def read_password(args: argparse.Namespace) -> str | None:
    """The dial's password: PASSWORD, '*' asked on the terminal, or --password-stdin's first
    line of standard input; None when there is none.

    Raises UsageError for both PASSWORD and --password-stdin, for '*' without a terminal,
    and for a password without a USER.
    """
    password: str | None = args.password
    if args.password_stdin:
        if password is not None:
            raise UsageError(f"{PROG} dial: error: give PASSWORD or --password-stdin, not both")
        password = sys.stdin.readline().rstrip("\r\n")
    elif password == "*":
        if not can_prompt():
            raise UsageError(f"{PROG} dial: error: PASSWORD '*' asks on a terminal, but standard "
                             f"input is not one; use --password-stdin to read it from a pipe")
        who = f"{args.user}@{args.entry}" if args.user else args.entry
        password = ask_secret(f"Password for {printable(who)}: ")
    if password is not None and args.user is None:
        raise UsageError(f"{PROG} dial: error: a PASSWORD needs a USER")
    return password


def _ask_line(prompt: str) -> str:
    """A line typed on standard input after ``prompt`` on stderr, stripped."""
    sys.stderr.write(prompt)
    sys.stderr.flush()
    return sys.stdin.readline().strip()


def resume_paused(conn: Connection, state: ConnState | int, args: argparse.Namespace,
                  user: str | None) -> str | None:
    """Give a dial paused at ``state`` what it waits for (asked on the terminal unless
    --callback gives it); returns why it cannot, or None once resumed.

    Raises what Connection.resume raises (RasError) and what asking raises (EOFError,
    KeyboardInterrupt).
    """
    if state is ConnState.CALLBACK_SET_BY_CALLER and args.callback:
        conn.resume(callback_number=args.callback)
        return None
    if state not in ANSWERABLE_PAUSES:
        return f"the dial paused at {state_name(state)}, which rasfast cannot answer"
    if not can_prompt():
        return (f"the dial paused at {state_name(state)} and needs input, but standard input "
                f"is not a terminal to ask on")
    if state is ConnState.PASSWORD_EXPIRED:
        new = ask_secret(f"The password for {quoted(conn.entry)} has expired. New password: ")
        again = ask_secret("Repeat the new password: ")
        if new != again:
            return "the new passwords do not match"
        conn.resume(password=new)
    elif state is ConnState.RETRY_AUTHENTICATION:
        typed = _ask_line(f"Authentication failed for {quoted(conn.entry)}. "
                          f"User name [{printable(user or '')}]: ")
        conn.resume(username=typed or user, password=ask_secret("Password: "))
    else:
        conn.resume(callback_number=_ask_line(f"Callback number for {quoted(conn.entry)}: "))
    return None
