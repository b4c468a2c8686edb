"""The status and watch commands: each connection's state, traffic, rates and addresses,
once (status) or live as connections come and go (watch)."""
from __future__ import annotations

import argparse
import json
import sys
import time
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, Dict, List

from .api import (
    ERROR_NO_CONNECTION,
    Connection,
    ConnectionInfo,
    ConnState,
    RasError,
    RasEvent,
    clock_ns,
    connection_status,
    connections,
    default_backend,
    dial,
    error_text,
    printable,
    quoted,
)
from .output import PROG, note, out, table, to_stderr
from .sim import SIM_PROCESS_NOTE
from .status import UsageError, exit_status
from .style import make_style

__all__ = ["cmd_status", "cmd_watch", "human_bytes", "human_rate"]


def human_bytes(n: float) -> str:
    """1234567 -> '1.2 MB' (decimal units); raises nothing."""
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"   # pragma: no cover


def human_rate(n: float) -> str:
    """Bytes per second as '1.2 MB/s'; raises nothing."""
    return human_bytes(n) + "/s"


def _duration(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


@dataclass
class Sample:
    """One connection's status, counters, rates and addresses at one moment."""

    info: ConnectionInfo
    state: str
    error: int
    stats: Any = None            #: ConnectionStatistics, or None when RAS gave none
    projection: Any = None       #: Projection, or None
    sent_rate: float = 0.0
    received_rate: float = 0.0

    def record(self) -> Dict[str, Any]:
        """The --json object of this sample."""
        st, pj = self.stats, self.projection
        rec: Dict[str, Any] = {
            "entry": self.info.entry, "handle": self.info.handle, "state": self.state,
            "error": self.error, "device_type": self.info.device_type,
            "device_name": self.info.device_name,
        }
        if st is not None:
            rec.update(duration=st.duration.total_seconds(), bytes_sent=st.bytes_sent,
                       bytes_received=st.bytes_received, bps=st.bps,
                       sent_per_s=round(self.sent_rate, 1),
                       received_per_s=round(self.received_rate, 1))
        if pj is not None:
            rec.update(kind=pj.kind, auth=pj.auth, encryption=pj.encryption, **pj.addresses())
        return rec


def _status_of(info: ConnectionInfo) -> tuple[str, int]:
    """RasGetConnectStatus's state name and error ("GONE" and the code when it fails)."""
    try:
        st = connection_status(info)
    except RasError as exc:
        return "GONE", exc.code
    return st.state.name, st.error


def _sample(info: ConnectionInfo) -> Sample:
    state, error = _status_of(info)
    s = Sample(info, state, error)
    with suppress(RasError):
        s.stats = info.statistics()
    with suppress(RasError):
        s.projection = info.projection()
    return s


def _with_rates(infos: List[ConnectionInfo], interval: float) -> List[Sample]:
    """Two samples ``interval`` apart; rates from their difference (across the wrap)."""
    from ..stats import RateMeter

    meters = {i.handle: RateMeter() for i in infos}
    first = {i.handle: _sample(i) for i in infos}
    t0 = time.monotonic()
    for s in first.values():
        if s.stats is not None:
            meters[s.info.handle].update(s.stats, t0)
    if interval > 0:
        time.sleep(interval)
    t1 = time.monotonic()
    out_samples = []
    for i in infos:
        s = _sample(i)
        if s.stats is not None:
            s.sent_rate, s.received_rate = meters[i.handle].update(s.stats, t1)
        out_samples.append(s)
    return out_samples


def _demo_dials(args: argparse.Namespace, backend: str) -> List[Connection]:
    """--dial ENTRY (simulator only): dial those first, in this process, and wait."""
    names = getattr(args, "dial", None) or []
    if names and backend != "sim":
        raise UsageError(f"{PROG} {args.command}: error: --dial is for the simulator "
                         "(--backend sim), whose connections live in this process")
    conns = []
    for name in names:
        conn = dial(name, backend=backend)
        conns.append(conn)
    for conn in conns:
        try:
            conn.wait(30)
        except RasError as exc:
            to_stderr(f"{PROG}: dialling {quoted(conn.entry)} failed: error {exc.code}")
    return conns


def _print_block(s: Sample) -> None:
    out(f"{printable(s.info.entry)}  (handle {s.info.handle:#x})")
    rows = [("state", s.state + (f"  error {s.error}: {error_text(s.error)}" if s.error else "")),
            ("device", f"{s.info.device_type} / {s.info.device_name}")]
    st, pj = s.stats, s.projection
    if st is not None:
        rows += [("duration", _duration(st.duration.total_seconds())),
                 ("sent", f"{human_bytes(st.bytes_sent)}  ({human_rate(s.sent_rate)})"),
                 ("received", f"{human_bytes(st.bytes_received)}  ({human_rate(s.received_rate)})")]
    if pj is not None:
        if pj.ipv4 is not None:
            rows.append(("ipv4", f"{pj.ipv4}  server {pj.server_ipv4}"))
        if pj.ipv6 is not None:
            rows.append(("ipv6", f"{pj.ipv6}  server {pj.server_ipv6}"))
        rows.append(("protocol", ", ".join(x for x in (pj.kind, pj.auth, pj.encryption) if x)))
    for name, value in rows:
        out(f"  {name:<9} {printable(value)}")


def cmd_status(args: argparse.Namespace) -> int:
    """``rasfast status [ENTRY]``: each connection's state, device, duration, bytes each
    way, rates and addresses; returns 0, or 668's exit status when ENTRY is not
    connected.  Raises RasError when RAS cannot list the connections."""
    backend = args.backend or default_backend()
    dialled = _demo_dials(args, backend)
    try:
        live = connections(backend)
        if args.entry:
            live = [c for c in live if c.entry.lower() == args.entry.lower()]
        samples = _with_rates(live, args.interval)
        if args.json:
            for s in samples:
                out(json.dumps(s.record()))
        elif not samples and not args.entry:
            out("No connections.")
        for i, s in enumerate(samples):
            if not args.json:
                if i:
                    out()
                _print_block(s)
        if not samples and backend == "sim" and not dialled:
            note(SIM_PROCESS_NOTE)
        if args.entry and not samples:
            to_stderr(f"Not connected to {quoted(args.entry)}: error {ERROR_NO_CONNECTION}.")
            return exit_status(ERROR_NO_CONNECTION)
        return 0
    finally:
        for conn in dialled:
            conn.hangup()


# -- watch ------------------------------------------------------------------------------

def _change_line(ev: RasEvent, start_ns: int) -> str:
    c = ev.connection
    entry = getattr(c, "entry", "")
    t = (ev.timestamp_ns - start_ns) / 1e9
    what = ev.state.name + (f" [sub {ev.subentry}]" if ev.subentry else "")
    line = f"{t:8.3f}s  {what:<30} {quoted(entry)}  handle {ev.handle:#x}"
    if ev.state is ConnState.DISCONNECTED:
        line += (f"  error {ev.error}: {error_text(ev.error)}" if ev.error
                 else "  (no reason given)")
        if ev.is_remote:
            line += "  [dropped]"
    return printable(line)


def _change_record(ev: RasEvent, start_ns: int) -> Dict[str, Any]:
    c = ev.connection
    return {"type": "change", "time": round((ev.timestamp_ns - start_ns) / 1e9, 6),
            "timestamp_ns": ev.timestamp_ns, "state": ev.state.name, "subentry": ev.subentry,
            "entry": getattr(c, "entry", ""), "handle": ev.handle, "error": ev.error,
            "error_text": ev.error_text, "remote": ev.is_remote}


class _LiveTable:
    """The terminal view: one row per connection, redrawn in place."""

    def __init__(self, args: argparse.Namespace) -> None:
        from ..stats import RateMeter

        self.style = make_style(args.color, sys.stdout)
        self.meters: Dict[int, RateMeter] = {}
        self.lines = 0
        self.last: Dict[int, str] = {}
        self._meter_type = RateMeter

    def draw(self, backend: str, changes: List[str]) -> None:
        rows = []
        live = connections(backend)
        now = time.monotonic()
        for info in live:
            s = _sample(info)
            meter = self.meters.setdefault(info.handle, self._meter_type())
            if s.stats is not None:
                s.sent_rate, s.received_rate = meter.update(s.stats, now)
            ipv4 = str(s.projection.ipv4) if s.projection is not None and s.projection.ipv4 else ""
            dur = _duration(s.stats.duration.total_seconds()) if s.stats is not None else ""
            rows.append([info.entry, s.state, dur, human_rate(s.sent_rate),
                         human_rate(s.received_rate), ipv4])
        for h in list(self.meters):
            if h not in {i.handle for i in live}:
                del self.meters[h]
        lines = table(rows, ["ENTRY", "STATE", "TIME", "SENT/S", "RECEIVED/S", "IPV4"], self.style)
        if not rows:
            lines.append("(no connections)")
        lines += changes[-5:]
        buf = ""
        if self.lines:
            buf += f"\x1b[{self.lines}F\x1b[J"      # back to the table's first line, clear below
        buf += "\n".join(lines) + "\n"
        sys.stdout.write(buf)
        sys.stdout.flush()
        self.lines = len(lines)


def cmd_watch(args: argparse.Namespace) -> int:
    """``rasfast watch``: every connection as it comes and goes.  On a terminal a table
    redrawn in place (state and rates of each connection, the last changes below it);
    through a pipe (or --table never) one line per change; --json one object per change.
    Ends after --duration seconds, --count changes, or Ctrl-C (0).  Raises RasError when
    the watcher cannot start."""
    from ..watch import watch

    backend = args.backend or default_backend()
    live_table = args.table == "always" or (args.table == "auto" and not args.json
                                            and sys.stdout.isatty())
    if live_table and args.json:
        raise UsageError(f"{PROG} watch: error: --table always and --json do not mix")
    start_ns = clock_ns()
    changes: List[str] = []
    seen = 0
    deadline = None if args.duration is None else time.monotonic() + args.duration
    view = _LiveTable(args) if live_table else None
    dialled: List[Connection] = []
    with watch(backend=backend) as w:
        try:
            dialled = _demo_dials(args, backend)
            if backend == "sim" and not args.json and not live_table and not dialled:
                note(SIM_PROCESS_NOTE)
            next_draw = 0.0
            while True:
                now = time.monotonic()
                if deadline is not None and now >= deadline:
                    break
                if args.count is not None and seen >= args.count:
                    break
                slice_ = args.interval if view is not None else 0.1
                if deadline is not None:
                    slice_ = min(slice_, max(0.0, deadline - now))
                w.wait(slice_)
                for ev in w.poll():
                    if args.count is not None and seen >= args.count:
                        break
                    seen += 1
                    if args.json:
                        out(json.dumps(_change_record(ev, start_ns)))
                    elif view is not None:
                        changes.append(_change_line(ev, start_ns))
                    else:
                        out(_change_line(ev, start_ns))
                if view is not None and time.monotonic() >= next_draw:
                    view.draw(backend, changes)
                    next_draw = time.monotonic() + args.interval
            if view is not None:
                view.draw(backend, changes)
        except KeyboardInterrupt:
            pass
        finally:
            for conn in dialled:
                conn.hangup()
    return 0


def _count(text: str) -> int:
    """A positive number of changes, for --count."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {quoted(text)}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {quoted(text)}")
    return value


def add_parsers(sub: Any, add_backend: Any, add_output: Any, positive_seconds: Any) -> None:
    """The status and watch subcommands (parser.py calls it)."""
    p = sub.add_parser("status", help="each connection's state, traffic, rates and addresses")
    p.add_argument("entry", metavar="ENTRY", nargs="?")
    p.add_argument("--interval", metavar="S", type=positive_seconds, default=0.5,
                   help="seconds between the two samples the rates come from (default 0.5)")
    p.add_argument("--dial", metavar="ENTRY", action="append",
                   help="simulator only: dial ENTRY first, in this process (repeatable)")
    add_backend(p)
    add_output(p, "one JSON object per connection")
    p = sub.add_parser("watch", help="every connection live, as it comes and goes")
    p.add_argument("--interval", metavar="S", type=positive_seconds, default=1.0,
                   help="seconds between redraws of the terminal table (default 1)")
    p.add_argument("--duration", metavar="S", type=positive_seconds,
                   help="stop after S seconds (default: at Ctrl-C)")
    p.add_argument("--count", metavar="N", type=_count, help="stop after N changes")
    p.add_argument("--table", choices=("auto", "always", "never"), default="auto",
                   help="the table redrawn in place (auto: on a terminal)")
    p.add_argument("--dial", metavar="ENTRY", action="append",
                   help="simulator only: dial ENTRY first, in this process (repeatable)")
    add_backend(p)
    add_output(p, "one JSON object per change")
