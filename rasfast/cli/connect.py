"""The dial and hangup commands: dial with a live timeline, hang up by name or all.

(Not named dial.py: ``rasfast.cli.dial`` is the dial function cmd_dial is given.)
"""
from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from types import FrameType
from typing import Any, NoReturn, Optional, Union

from .api import (
    ERROR_INTERACTIVE_MODE,
    ERROR_NO_CONNECTION,
    ERROR_USER_DISCONNECTION,
    Connection,
    ConnectionInfo,
    ConnState,
    RasError,
    clock_ns,
    connections,
    default_backend,
    error_text,
    hangup_connection,
    quoted,
)
from .output import PROG, note, out, to_stderr
from .prompt import read_password, resume_paused
from .sim import SIM_PROCESS_NOTE
from .status import UsageError, exit_status
from .style import make_style
from .timeline import Timeline

__all__ = ["DialFunction", "cmd_dial", "cmd_hangup"]

#: rasfast.dial's signature, as cmd_dial calls it
DialFunction = Callable[..., Connection]
#: what signal.signal takes and returns
_Handler = Union[Callable[[int, Optional[FrameType]], Any], int, signal.Handlers, None]


@contextmanager
def _interrupts_as_keyboard_interrupt() -> Iterator[None]:
    """SIGTERM ends a dial like Ctrl-C does: with a clean hang-up."""
    def handler(signum: int, frame: FrameType | None) -> NoReturn:
        raise KeyboardInterrupt
    old: _Handler = None
    with suppress(ValueError, OSError, AttributeError):   # not the main thread
        old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        if old is not None:
            signal.signal(signal.SIGTERM, old)


@contextmanager
def _no_interrupts() -> Iterator[None]:
    """Finish a hang-up even if Ctrl-C is pressed again."""
    saved: dict[int, _Handler] = {}
    for sig in (signal.SIGINT, getattr(signal, "SIGTERM", None)):
        if sig is None:
            continue
        with suppress(ValueError, OSError):   # not the main thread
            saved[sig] = signal.signal(sig, signal.SIG_IGN)
    try:
        yield
    finally:
        for sig, old in saved.items():
            signal.signal(sig, old)


def cmd_dial(args: argparse.Namespace, dial: DialFunction) -> int:
    """``rasfast dial``: dial args.entry with ``dial`` (rasfast.dial), print each state as
    it happens, and return the exit status.

    Raises UsageError for bad arguments (nothing is dialled); a RAS error is printed and
    becomes the exit status.
    """
    backend = args.backend or default_backend()
    if args.redial:
        if not args.hold:
            raise UsageError(f"{PROG} dial: error: --redial needs --hold")
        from .keepalive import cmd_redial
        return cmd_redial(args, dial, backend)
    style = make_style(args.color, sys.stdout)
    password = read_password(args)
    timeline = Timeline(args.entry, clock_ns(), style, args.json)
    start = time.monotonic()
    try:
        conn = dial(args.entry, username=args.user, password=password, domain=args.domain,
                    phone_number=args.phone, callback_number=args.callback,
                    phonebook=args.phonebook, backend=backend,
                    paused_states=args.paused_states, timeout=args.timeout)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{PROG} dial: error: {exc}") from None
    except RasError as exc:
        timeline.header(backend)
        timeline.result(exc.code, f"Failed: error {exc.code}: {error_text(exc.code)}",
                        time.monotonic() - start)
        return exit_status(exc.code)
    finally:
        password = None   # drop our reference as soon as the dial has it
    timeline.header(backend)   # the events wait in the buffer meanwhile
    timeline.columns()
    code = _watch(conn, timeline, args)
    if code is None:
        return _after_interrupt(conn, timeline, args, start)
    elapsed = time.monotonic() - start
    if code:
        return _after_failure(conn, timeline, code, elapsed)
    return _after_connecting(conn, timeline, args, backend, elapsed)


def _watch(conn: Connection, timeline: Timeline, args: argparse.Namespace) -> int | None:
    """Print events until the dial connects (0; with --hold, until it ends) or fails (its
    error); None when Ctrl-C or SIGTERM interrupted it."""
    with _interrupts_as_keyboard_interrupt():
        try:
            code = _follow(conn, timeline, args)
            if code == 0 and args.hold:
                code = _hold(conn, timeline, args)
        except KeyboardInterrupt:
            return None
    return code


def _follow(conn: Connection, timeline: Timeline, args: argparse.Namespace) -> int:
    """Print events until the dial connects (0) or fails (its error)."""
    assert conn.buffer is not None
    for ev in conn.buffer.events():
        timeline.event(ev)
        if ev.error:
            return ev.error
        if ev.state is ConnState.CONNECTED:
            return 0
        if ev.state is ConnState.DISCONNECTED:
            return ev.error or ERROR_USER_DISCONNECTION
        if ev.is_paused and args.paused_states:
            why = resume_paused(conn, ev.state, args, args.user)
            if why:
                note(why)
                return ERROR_INTERACTIVE_MODE
    return ERROR_USER_DISCONNECTION   # pragma: no cover - events() never ends by itself


def _hold(conn: Connection, timeline: Timeline, args: argparse.Namespace) -> int:
    """Print the connection's events until it ends (0, or its error)."""
    assert conn.buffer is not None
    if not args.json:
        note("connected; holding the connection until Ctrl-C")
    for ev in conn.buffer.events():
        timeline.event(ev)
        if ev.is_terminal:
            return ev.error
    return 0


def _hang_up(conn: Connection, timeline: Timeline, errors_only: bool = False) -> None:
    """Hang up, uninterrupted, and print the events that came meanwhile."""
    assert conn.buffer is not None
    with _no_interrupts():
        conn.hangup()
        for ev in conn.buffer.poll():
            if ev.error or not errors_only:
                timeline.event(ev)


def _after_interrupt(conn: Connection, timeline: Timeline, args: argparse.Namespace,
                     start: float) -> int:
    connected = conn.is_connected
    _hang_up(conn, timeline)
    elapsed = time.monotonic() - start
    if connected and args.hold:
        timeline.result(0, f"Hung up {quoted(conn.entry)} after {elapsed:.3f} s.", elapsed)
        return 0
    timeline.result(ERROR_USER_DISCONNECTION, f"Interrupted: hung up {quoted(conn.entry)} "
                    f"(error {ERROR_USER_DISCONNECTION}).", elapsed)
    return exit_status(ERROR_USER_DISCONNECTION)


def _after_failure(conn: Connection, timeline: Timeline, code: int, elapsed: float) -> int:
    # RAS wants a hang-up after a failed dial too; of the events that came meanwhile,
    # only the timeout's own (if it came late) is news.
    _hang_up(conn, timeline, errors_only=True)
    timeline.result(code, f"Failed: error {code}: {error_text(code)}", elapsed)
    return exit_status(code)


def _after_connecting(conn: Connection, timeline: Timeline, args: argparse.Namespace,
                      backend: str, elapsed: float) -> int:
    if args.hold:   # the connection ended by itself
        timeline.result(0, f"{quoted(conn.entry)} disconnected after {elapsed:.3f} s.", elapsed)
        conn.hangup()
        return 0
    timeline.result(0, f"Connected to {quoted(conn.entry)} in {elapsed:.3f} s.", elapsed)
    if backend == "sim":
        if not args.json:
            note("this simulated connection lives in this process and ends when rasfast exits "
                 "(use --hold to keep it up until Ctrl-C)")
        with _no_interrupts():
            conn.hangup()
    else:
        conn.detach()
        if not args.json:
            note(f"the connection stays up; hang up with: {PROG} hangup {quoted(args.entry)}")
    return 0


def _hangup_targets(args: argparse.Namespace,
                    live: list[ConnectionInfo]) -> list[ConnectionInfo]:
    """The connections ``rasfast hangup`` acts on; UsageError when a bare /DISCONNECT
    finds several."""
    if args.all:
        return live
    if args.entry:
        return [c for c in live if c.entry.lower() == args.entry.lower()]
    if len(live) <= 1:      # rasdial /DISCONNECT with a single connection
        return live
    names = ", ".join(quoted(c.entry) for c in live)
    raise UsageError(f"{PROG} hangup: error: several connections ({names}); name one, or --all")


def cmd_hangup(args: argparse.Namespace) -> int:
    """``rasfast hangup``: hang up args.entry, every connection (--all), or the only one;
    returns the exit status (668 when not connected, 1 when a port was not released).

    Raises UsageError for ENTRY with --all, and for several connections and no name;
    RasError when RAS cannot list connections.
    """
    if args.all and args.entry:
        raise UsageError(f"{PROG} hangup: error: give ENTRY or --all, not both")
    backend = args.backend or default_backend()
    targets = _hangup_targets(args, connections(backend))
    if not targets:
        if backend == "sim":
            note(SIM_PROCESS_NOTE)
        if args.all or not args.entry:
            out("No connections.")
            return 0
        to_stderr(f"Not connected to {quoted(args.entry)}: error {ERROR_NO_CONNECTION}.")
        return exit_status(ERROR_NO_CONNECTION)
    failed = 0
    for c in targets:
        if hangup_connection(c, backend=backend, timeout=args.timeout):
            out(f"Hung up {quoted(c.entry)}.")
        else:
            failed += 1
            to_stderr(f"Hung up {quoted(c.entry)}, but its port was not released within "
                      f"{args.timeout:g} s.")
    return 1 if failed else 0
