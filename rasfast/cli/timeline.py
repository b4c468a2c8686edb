"""The live dial timeline: one aligned line (or --json object) per event, then the result."""
from __future__ import annotations

import json

from .api import ConnState, RasEvent, error_text, printable, quoted
from .output import out, state_name
from .status import exit_status
from .style import Style

__all__ = ["NAME_WIDTH", "STATE_WIDTH", "Timeline"]

STATE_WIDTH = max(len(s.name) for s in ConnState)
#: the state column, wide enough for a state with its subentry
NAME_WIDTH = STATE_WIDTH + len(" [sub 2]")


class Timeline:
    """Prints a dial's events as aligned lines (or JSON objects) as they arrive.

    Every method writes through output.out and raises what it raises (BrokenPipeError).
    """

    def __init__(self, entry: str, start_ns: int, style: Style, as_json: bool) -> None:
        self.entry = entry
        self.start_ns = start_ns
        self.last_ns = start_ns
        self.style = style
        self.as_json = as_json
        self.count = 0

    def header(self, backend: str) -> None:
        """The line that says what is dialled, and where (none with --json)."""
        if self.as_json:
            return
        where = "the simulated RAS service" if backend == "sim" else "RAS"
        out(f"Dialling {quoted(self.entry)} ({where}, backend {backend})")

    def columns(self) -> None:
        """The column headings (none with --json)."""
        if self.as_json:
            return
        out(self.style(f"{'time':>8}  {'delta':>8}  {'state':<{NAME_WIDTH}}  error", "dim"))

    def event(self, ev: RasEvent) -> None:
        """One event: its time since the start and since the previous event, its state
        and its error."""
        self.count += 1
        t = (ev.timestamp_ns - self.start_ns) / 1e9
        delta = (ev.timestamp_ns - self.last_ns) / 1e9
        self.last_ns = max(self.last_ns, ev.timestamp_ns)
        if self.as_json:
            out(json.dumps(self._event_record(ev, t, delta)))
        else:
            out((f"{t:8.3f}s {delta:+8.3f}  " + self._event_body(ev)).rstrip())

    def _event_record(self, ev: RasEvent, t: float, delta: float) -> dict[str, object]:
        return {
            "type": "event", "entry": self.entry, "seq": ev.seq,
            "time": round(t, 6), "delta": round(delta, 6), "timestamp_ns": ev.timestamp_ns,
            "state": state_name(ev.state), "state_value": ev.raw_state,
            "error": ev.error, "error_text": ev.error_text,
            "extended_error": ev.extended_error, "subentry": ev.subentry,
            "handle": ev.handle, "paused": ev.is_paused, "local": ev.is_local,
        }

    def _event_body(self, ev: RasEvent) -> str:
        """The state column and what follows it, coloured by what the event means."""
        name = state_name(ev.state)
        if ev.subentry:
            name = f"{name} [sub {ev.subentry}]"
        if ev.error:
            err = f"{ev.error}  {printable(ev.error_text)}"
            if ev.extended_error:
                err += f" (extended error {ev.extended_error})"
            return (self.style(f"{name:<{NAME_WIDTH}}", "red", "bold") + "  "
                    + self.style(err, "red"))
        if ev.state is ConnState.CONNECTED:
            return self.style(name, "green", "bold")
        if ev.is_paused:
            return (self.style(f"{name:<{NAME_WIDTH}}", "yellow") + "  "
                    + self.style("(paused)", "yellow"))
        if ev.state is ConnState.DISCONNECTED:
            return self.style(name, "bold")
        return name

    def result(self, code: int, message: str, elapsed: float) -> None:
        """How the dial ended: ``message`` (escaped; green for success, red for error
        ``code``), or with --json a result record with ``elapsed`` and the event count."""
        if self.as_json:
            out(json.dumps({"type": "result", "entry": self.entry, "connected": code == 0,
                            "error": code, "error_text": error_text(code) if code else "",
                            "exit_status": exit_status(code), "time": round(elapsed, 6),
                            "events": self.count}))
            return
        out(self.style(printable(message), "green" if code == 0 else "red", "bold"))
