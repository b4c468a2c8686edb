"""The ``rasfast`` command line: main(argv) runs it (rasdial's commands, a live dial timeline).

    rasfast dial ENTRY [USER [PASSWORD|*]] [options]    dial, print each state as it happens
    rasfast hangup ENTRY | --all                        hang up
    rasfast list                                        the connections RAS knows
    rasfast status [ENTRY]                              state, traffic, rates, addresses
    rasfast watch                                       every connection, live
    rasfast entries                                     the phonebook's entries
    rasfast error CODE...                               what an error code means
    rasfast sim [list|states|add|remove|clear]          the simulated RAS service
    rasfast bench ...                                   the benchmark report (rasfast.bench)

rasdial's own spellings work too: ``rasfast ENTRY USER * /DOMAIN:d``,
``rasfast ENTRY /DISCONNECT``, and a bare ``rasfast`` lists connections.

Exit status: 0 when the dial connected (or the command succeeded), 2 for
bad arguments (nothing was dialled), else the RAS error, as rasdial does.
Windows keeps the whole 32-bit code (691 stays 691).  POSIX keeps only 8
bits, so there RAS codes 600-767 exit with ``code - 512`` (the low byte:
691 -> 179, 678 -> 166, 623 -> 111; add 512 to get the code back) and
every other error exits with 1; the exact code is always printed, and is
in the ``--json`` result record.

Environment: NO_COLOR turns colour off; RASFAST_SIM_TIME_SCALE multiplies
the simulator's delays; RASFAST_SIM_SESSION_FILE moves (or, set empty,
disables) the file that keeps ``rasfast sim add`` entries for the session.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib as importlib  # re-exported: tests replace importlib.util.find_spec
import os
import sys
from collections.abc import Callable, Sequence

from .api import ERROR_USER_DISCONNECTION, RasError, default_backend, quoted, resolve_backend
from .api import dial as dial  # looked up at each dial: tests replace rasfast.cli.dial
from .bench import cmd_bench
from .connect import cmd_dial, cmd_hangup
from .listing import cmd_entries, cmd_error, cmd_list
from .monitor import cmd_status, cmd_watch
from .output import PROG, to_stderr
from .parser import parse_args, usage_for
from .phonebook import cli_phonebook, cmd_credentials, cmd_entry
from .rasdial import translate_rasdial
from .session import apply_sim_env, read_session
from .session import load_session as load_session
from .session import session_file as session_file
from .sim import cmd_sim
from .status import USAGE, UsageError, exit_status

__all__ = ["exit_status", "main"]

_read_session = read_session   # the name tests use

#: the commands that take parsed arguments (dial is given the dial function too)
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "hangup": cmd_hangup, "list": cmd_list, "entries": cmd_entries, "error": cmd_error,
    "sim": cmd_sim, "entry": cmd_entry, "credentials": cmd_credentials,
    "status": cmd_status, "watch": cmd_watch}


def _check_backend(backend: str) -> None:
    """UsageError unless the backend can be used on this machine."""
    try:
        resolve_backend(backend)
    except RasError as exc:
        raise UsageError(f"{PROG}: error: backend {quoted(backend)} cannot be used here: "
                         f"{exc.strerror}") from None


def _run(argv: list[str]) -> int:
    """Run a translated command line; raises what the command raises."""
    if argv and argv[0] == "bench":
        return cmd_bench(argv[1:])
    args = parse_args(argv)
    backend = getattr(args, "backend", None)
    if backend is not None:
        _check_backend(backend)
    if args.command == "sim" or (backend or default_backend()) == "sim":
        apply_sim_env()
    if args.command == "dial":
        _use_cli_phonebook(args)
        return cmd_dial(args, dial)
    return COMMANDS[args.command](args)


def _use_cli_phonebook(args: argparse.Namespace) -> None:
    """`rasfast dial NAME` on the simulator finds the entries `rasfast entry add` made."""
    if args.phonebook or (args.backend or default_backend()) != "sim":
        return
    book = cli_phonebook(args)
    if book and os.path.exists(book):
        from .. import phonebook as pb
        with contextlib.suppress(RasError):
            pb.get_entry(args.entry, phonebook=book, backend="sim")
            args.phonebook = book


def _quiet_after_broken_pipe() -> None:
    """`rasfast ... | head`: keep Python from complaining at exit when it flushes stdout."""
    with contextlib.suppress(OSError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - it stays open until exit


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: sys.argv[1:]) and return its exit status.

    Raises nothing a user can cause: bad arguments print the usage and return 2, a RAS
    error prints its text and returns its exit status (see exit_status), --help and
    --version return 0, Ctrl-C returns the status of error 631, a closed stdout 1.
    """
    raw = list(sys.argv[1:] if argv is None else argv)
    args_list: list[str] = raw
    try:
        args_list = translate_rasdial(raw)
        return _run(args_list)
    except UsageError as exc:
        message = str(exc)
        if not message.startswith("usage:"):
            message = usage_for(args_list) + message
        to_stderr(message)
        return USAGE
    except RasError as exc:
        to_stderr(f"{PROG}: {exc}")
        return exit_status(exc.code)
    except SystemExit as exc:    # --help, --version
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KeyboardInterrupt:
        to_stderr(f"{PROG}: interrupted")
        return exit_status(ERROR_USER_DISCONNECTION)
    except BrokenPipeError:
        _quiet_after_broken_pipe()
        return 1
