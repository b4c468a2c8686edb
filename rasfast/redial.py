"""Keep a connection up: dial, and after each drop (or failed attempt) dial
again with exponential backoff, reporting every attempt and drop with its
reason (``rasfast dial ENTRY --hold --redial``)."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional

from . import _validate
from .connection import Connection
from .enums import ConnState
from .errors import RasError, error_text

__all__ = ["RedialPolicy", "RedialEvent", "keep_connected"]


@dataclass(frozen=True)
class RedialPolicy:
    """Backoff before each redial: ``initial`` seconds, times ``factor``
    after each one, at most ``maximum`` (1, 2, 4 ... 60 s by default); the
    backoff starts again only after a connection stayed up ``stable``
    seconds (so a link that drops right after connecting is not hammered);
    give up after ``max_attempts`` dials in a row that do not connect
    (None: never)."""

    initial: float = 1.0
    factor: float = 2.0
    maximum: float = 60.0
    max_attempts: Optional[int] = 10
    stable: float = 60.0

    def __post_init__(self) -> None:
        for name in ("initial", "factor", "maximum", "stable"):
            value = _validate.number(getattr(self, name), name)
            if not value > 0 or value != value or value == float("inf"):
                raise ValueError(f"{name} must be a positive finite number, got {value}")
        if self.factor < 1:
            raise ValueError(f"factor must be at least 1, got {self.factor}")
        if self.max_attempts is not None:
            _validate.integer(self.max_attempts, "max_attempts", 1, 2 ** 31)

    def delays(self) -> Iterator[float]:
        """The waits before the 2nd, 3rd ... attempt."""
        delay = self.initial
        while True:
            yield min(delay, self.maximum)
            delay = min(delay * self.factor, self.maximum)


@dataclass(frozen=True)
class RedialEvent:
    """One line of the redial timeline: ``kind`` is "attempt", "connected",
    "failed" (an attempt that did not connect), "dropped", "waiting" or
    "gave-up"; ``error`` the RAS code (0: none given) and its text."""

    kind: str
    attempt: int
    error: int = 0
    delay: float = 0.0
    time: float = 0.0
    connection: Optional[Connection] = None   #: the dial this is about, if any

    @property
    def reason(self) -> str:
        """The error's text, or "no reason given" for 0."""
        if not self.error:
            return "no reason given"
        return error_text(self.error)


def keep_connected(entry: str, *, policy: Optional[RedialPolicy] = None,
                   on_change: Optional[Callable[[RedialEvent], Any]] = None,
                   stop: Optional[threading.Event] = None,
                   dial: Optional[Callable[..., Connection]] = None,
                   **dial_args: Any) -> Optional[Connection]:
    """Dial ``entry`` and keep it connected until ``stop`` is set: after a
    drop, or an attempt that fails, dial again after the policy's backoff
    (started again once a connection stayed up ``policy.stable`` seconds).
    Every attempt, connection, failure, drop and wait goes to ``on_change``
    (a RedialEvent).  Blocks; Ctrl-C (KeyboardInterrupt) hangs the
    connection up and propagates.  Returns the
    live Connection when ``stop`` was set while connected (the caller hangs
    it up), None when it gave up after ``max_attempts``.

    ``dial_args`` go to :func:`rasfast.dial` (username, password, backend...).
    """
    from .dialing import dial as default_dial

    policy = policy or RedialPolicy()
    dial_fn = dial or default_dial
    stop = stop or threading.Event()
    report = on_change or (lambda ev: None)
    failures = 0
    attempt = 0
    delays = policy.delays()
    conn: Optional[Connection] = None
    try:
        while not stop.is_set():
            attempt += 1
            error = 0
            try:
                conn = dial_fn(entry, **dial_args)
                report(RedialEvent("attempt", attempt, time=time.monotonic(), connection=conn))
                state = conn.wait()
            except RasError as exc:
                if conn is None:
                    report(RedialEvent("attempt", attempt, time=time.monotonic()))
                error, state = exc.code, ConnState.DISCONNECTED
            if conn is not None and state is ConnState.CONNECTED:
                failures = 0
                up_since = time.monotonic()
                report(RedialEvent("connected", attempt, time=up_since, connection=conn))
                while not stop.is_set() and conn.is_connected:
                    stop.wait(0.1)
                if stop.is_set():
                    return conn
                if time.monotonic() - up_since >= policy.stable:
                    delays = policy.delays()
                error = conn.error
                report(RedialEvent("dropped", attempt, error, time=time.monotonic(),
                                   connection=conn))
            else:
                failures += 1
                report(RedialEvent("failed", attempt, error, time=time.monotonic(),
                                   connection=conn))
            if conn is not None:
                conn.hangup()
                conn = None
            if policy.max_attempts is not None and failures >= policy.max_attempts:
                report(RedialEvent("gave-up", attempt, error, time=time.monotonic()))
                return None
            delay = next(delays)        # 1, 2, 4 ... (from the start after a connect)
            report(RedialEvent("waiting", attempt, error, delay, time.monotonic()))
            if stop.wait(delay):
                break
        return conn
    except BaseException:
        if conn is not None:
            conn.hangup()
        raise
