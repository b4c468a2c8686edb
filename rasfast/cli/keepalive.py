"""``rasfast dial ENTRY --hold --redial``: keep a connection up, redialling after each
drop with backoff, every attempt and drop on the timeline with its reason."""
from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any, Callable

from .api import Connection, clock_ns, error_text, quoted
from .output import PROG, note, out
from .prompt import read_password
from .status import UsageError, exit_status
from .style import make_style
from .timeline import Timeline

__all__ = ["cmd_redial"]


def cmd_redial(args: argparse.Namespace, dial: Callable[..., Connection], backend: str) -> int:
    """Dial, hold, and redial after every drop until Ctrl-C (0) or until --max-attempts
    attempts in a row fail (the last error's exit status).  Raises UsageError for bad
    arguments."""
    from ..redial import RedialEvent, RedialPolicy, keep_connected

    if args.max_attempts < 1:
        raise UsageError(f"{PROG} dial: error: --max-attempts must be at least 1")
    if args.paused_states:
        raise UsageError(f"{PROG} dial: error: --redial cannot answer paused states")
    style = make_style(args.color, sys.stdout)
    password = read_password(args)
    timeline = Timeline(args.entry, clock_ns(), style, args.json)
    policy = RedialPolicy(initial=args.redial_delay, maximum=max(60.0, args.redial_delay),
                          max_attempts=args.max_attempts)
    start = time.monotonic()
    last_error = 0
    timeline.header(backend)
    timeline.columns()

    def drain(conn: Any) -> None:
        if conn is not None:
            for ev in conn.buffer.poll():
                timeline.event(ev)

    def report(ev: RedialEvent) -> None:
        nonlocal last_error
        if ev.kind != "attempt":
            drain(ev.connection)
        t = time.monotonic() - start
        if args.json:
            out(json.dumps({"type": "redial", "kind": ev.kind, "attempt": ev.attempt,
                            "error": ev.error, "error_text": error_text(ev.error) if ev.error else "",
                            "delay": ev.delay, "time": round(t, 6)}))
        elif ev.kind == "attempt":
            out(style(f"-- attempt {ev.attempt}: dialling {quoted(args.entry)}", "bold"))
        elif ev.kind == "connected":
            out(style(f"-- connected (attempt {ev.attempt}); holding until Ctrl-C", "green"))
        elif ev.kind in ("dropped", "failed"):
            what = "dropped" if ev.kind == "dropped" else "failed"
            out(style(f"-- {what}: {ev.reason if not ev.error else f'error {ev.error}: {ev.reason}'}",
                      "red"))
        elif ev.kind == "waiting":
            out(style(f"-- redialling in {ev.delay:g} s", "yellow"))
        elif ev.kind == "gave-up":
            out(style(f"-- giving up after {ev.attempt} attempts", "red", "bold"))
        if ev.kind == "attempt":
            drain(ev.connection)
        if ev.kind in ("dropped", "failed", "gave-up"):
            last_error = ev.error or last_error

    try:
        conn = keep_connected(args.entry, policy=policy, on_change=report,
                              dial=dial, username=args.user, password=password,
                              domain=args.domain, phone_number=args.phone,
                              callback_number=args.callback, phonebook=args.phonebook,
                              backend=backend, timeout=args.timeout)
    except KeyboardInterrupt:
        elapsed = time.monotonic() - start
        timeline.result(0, f"Hung up {quoted(args.entry)} after {elapsed:.3f} s.", elapsed)
        return 0
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{PROG} dial: error: {exc}") from None
    finally:
        password = None
    elapsed = time.monotonic() - start
    if conn is not None:    # pragma: no cover - keep_connected returns one only when stopped
        conn.hangup()
        return 0
    timeline.result(last_error or 1, f"Gave up on {quoted(args.entry)} after {args.max_attempts} "
                    f"failed attempts (last error {last_error}).", elapsed)
    if not args.json:
        note("--max-attempts N sets how many failed attempts in a row end it")
    return exit_status(last_error or 1)
