"""The report: runs the chosen questions and turns their results into table rows.

``run_report`` measures each question against its contenders (hold,
drain, wake, scale, handoff, in that order), keeps every result for the JSON, adds
one ``Row`` per measurement, and checks the results against the targets.
"""
from __future__ import annotations

import importlib.util
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .contenders import Contenders, Notifier, load_contenders
from .drain import DRAIN_METHODS, run_drain, run_live_drain, run_queue_contender
from .figures import fmt_ns, fmt_rate, fmt_ratio
from .handoff import run_handoff
from .hold import HOLD_SPIN, run_hold
from .load import LOAD_COLUMN, LOADS
from .machine import machine_info
from .peer import PEER_CONTENDERS, peer_unavailable, run_peer
from .scale import run_scale
from .targets import targets
from .wake import ASYNC_PATHS, WAKE_MODES, async_path_unavailable, run_async_many, run_wake

__all__ = ["FULL", "QUESTIONS", "QUICK", "Report", "Row", "Settings", "run_report"]

#: The questions, in the order the report asks them.  "peer" runs on
#: Windows with pywin32 and the simulator's rasapi32.dll (skipped, with a
#: note, elsewhere).
QUESTIONS = ("hold", "drain", "wake", "scale", "handoff", "peer")
#: The questions that need the compiled contenders (load_contenders).
_NEED_CONTENDERS = ("hold", "drain", "wake")


@dataclass(frozen=True)
class Settings:
    """Sample sizes.  Hold counts are notifications per cell."""

    name: str
    hold_notes: int              # shim cells, and Python notifiers when idle
    hold_notes_loaded: int       # Python notifiers under load (each waits for the GIL)
    hold_wave: int               # concurrent dials per wave
    drain_events: int            # prefilled events per drain round (batch >= 64, iteration)
    drain_events_small: int      # ... for batch size 1 (one native call per event)
    drain_rounds: int
    live_events: int             # producer running while Python drains
    wake_events: int             # per wake cell
    wake_rate: int               # events per second from the producer
    wake_many_buffers: int = 1_000   # async for tasks, one buffer each, in the many-buffer rows
    wake_many_events: int = 4_000    # events spread over them (at wake_rate)
    scale_dials: tuple[int, ...] = (1_000, 10_000)
    scale_capacity: int = 1 << 16
    scale_threads: int = 16      # Python threads dialling at once, in the last scale row
    handoff_calls: int = 5_000   # RasDialW calls each way, per load
    peer_notes: int = 220        # notifier calls per round of the peer comparison
    peer_rounds: int = 3         # rounds per contender and load (medians of them)


#: ``--quick``: under a minute.
QUICK = Settings("quick", hold_notes=3_000, hold_notes_loaded=150, hold_wave=16,
                 drain_events=1 << 18, drain_events_small=1 << 15, drain_rounds=3,
                 live_events=1 << 17, wake_events=400, wake_rate=2_000, wake_many_events=2_000,
                 handoff_calls=1_000,
                 peer_notes=220, peer_rounds=3)
#: The default: about three minutes.
FULL = Settings("full", hold_notes=30_000, hold_notes_loaded=2_000, hold_wave=16,
                drain_events=1 << 20, drain_events_small=1 << 17, drain_rounds=7,
                live_events=1 << 20, wake_events=4_000, wake_rate=2_000,
                peer_notes=440, peer_rounds=7)


@dataclass
class Row:
    """One line of the table, every cell already written as text."""

    question: str
    contender: str
    load: str
    condition: str
    n: str
    median: str
    p99: str = "-"
    p999: str = "-"
    max: str = "-"
    ratio: str = ""


@dataclass
class Report:
    """One run: its settings and machine, every result by question, the
    table's rows, the targets checked and the notes printed under them."""

    settings: Settings
    machine: dict[str, Any]
    results: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)


def _progress(enabled: bool, msg: str) -> None:
    if enabled:
        print(f"  .. {msg}", file=sys.stderr, flush=True)


def _measure_hold(rep: Report, c: Contenders, verbose: bool) -> None:
    st = rep.settings
    cells: list[tuple[Notifier, str, bool, float, int]] = []
    for load in LOADS:
        cells.append((c.notifiers["shim"], load, False, 0.0, st.hold_notes))
        cells.append((c.notifiers["shim"], load, True, 0.0, st.hold_notes))
        cells.append((c.notifiers["shim"], load, True, HOLD_SPIN, st.hold_notes))
        if "floor" in c.notifiers:
            cells.append((c.notifiers["floor"], load, False, 0.0, st.hold_notes))
        for n in c.python_notifiers():
            cells.append((n, load, False, 0.0,
                          st.hold_notes if load == "idle" else st.hold_notes_loaded))
    out = []
    for notifier, load, parked, spin, notes in cells:
        _progress(verbose, f"hold: {notifier.label}, {load}{', parked consumer' if parked else ''}"
                           f"{f', spin {spin * 1e6:.0f} us' if spin else ''}")
        out.append(run_hold(notifier, load=load, parked=parked, notes=notes, spin=spin,
                            wave=st.hold_wave, contenders=c))
    rep.results["hold"] = out
    for load in LOADS:
        base = next(r for r in out if r["notifier"] == "shim" and r["load"] == load
                    and not r["parked"])
        for r in (x for x in out if x["load"] == load):
            s = r["stats"]
            if r["notifier"] == "shim":
                cond = "consumer parked in wait()" if r["parked"] else "no parked consumer"
                if r.get("spin"):
                    cond = f"consumer in wait(), spin {r['spin'] * 1e6:.0f} us"
                if r["parked"] and r["notifications"]:
                    cond += f", {100 * r['wakeups'] / r['notifications']:.0f}% woke it"
                if r["parked"] and r.get("consumer_cpu_s") is not None and r["elapsed_s"]:
                    cond += f", {100 * r['consumer_cpu_s'] / r['elapsed_s']:.0f}% CPU"
                ratio = "1x (baseline)" if not r["parked"] else \
                    f"{fmt_ratio(s['p99_ns'] / base['stats']['p99_ns'])} p99"
            elif r["notifier"] == "floor":
                cond = "returns at once"
                ratio = ""
            else:
                cond = "no consumer thread"
                ratio = f"{fmt_ratio(s['p99_ns'] / base['stats']['p99_ns'])} p99"
            rep.rows.append(Row("hold", r["label"], LOAD_COLUMN[load], cond,
                                f"{r['notifications']:,}", fmt_ns(s["p50_ns"]),
                                fmt_ns(s["p99_ns"]), fmt_ns(s["p999_ns"]),
                                fmt_ns(s["max_ns"]), ratio))


#: The drain rows' Contender and Condition cells, by method.
_DRAIN_LABELS = {
    "poll_1": ("EventBuffer.poll(1)", "prefilled buffer, RasEvent objects"),
    "poll_64": ("EventBuffer.poll(64)", "prefilled buffer, RasEvent objects"),
    "poll_4096": ("EventBuffer.poll(4096)", "prefilled buffer, RasEvent objects"),
    "iterate": ("for ev in EventBuffer.events()", "prefilled buffer, RasEvent objects"),
    "poll_raw": ("EventBuffer.poll_raw(4096)", "prefilled buffer, raw bytes"),
    "poll_raw_numpy": ("poll_raw + numpy.frombuffer", "prefilled buffer, structured array"),
    "live": ("native producer + poll(4096)", "producer running, RasEvent objects"),
    "simplequeue": ("Python callback -> SimpleQueue", "native thread calls cffi callback"),
}


def _measure_drain(rep: Report, c: Contenders, verbose: bool) -> None:
    st = rep.settings
    out = []
    methods = list(DRAIN_METHODS)
    if importlib.util.find_spec("numpy") is None:
        methods.remove("poll_raw_numpy")
        rep.notes.append("numpy is not installed: the poll_raw + numpy.frombuffer row is skipped.")
    for m in methods:
        _progress(verbose, f"drain: {m}")
        count = st.drain_events_small if m == "poll_1" else st.drain_events
        out.append(run_drain(m, count=count, rounds=st.drain_rounds))
    _progress(verbose, "drain: live producer + poll(4096)")
    out.append(run_live_drain(count=st.live_events, rounds=st.drain_rounds))
    if c.module is not None:
        _progress(verbose, "drain: Python callback + SimpleQueue")
        out.append(run_queue_contender(count=st.live_events // 8, rounds=st.drain_rounds,
                                       contenders=c))
    rep.results["drain"] = out
    live = next(r for r in out if r["method"] == "live")
    for r in out:
        name, cond = _DRAIN_LABELS[r["method"]]
        if r["method"] == "simplequeue":
            ratio = f"rasfast live is {fmt_ratio(live['median'] / r['median'])} faster"
        else:
            ratio = ""
        rep.rows.append(Row("drain", name, "idle", cond, f"{r['count']:,} x {r['rounds']}",
                            fmt_rate(r["median"]), max=fmt_rate(r["best"]),
                            p99=f"worst {fmt_rate(r['worst'])}", ratio=ratio))


def _measure_wake(rep: Report, c: Contenders, verbose: bool) -> None:
    st = rep.settings
    out = []
    for load in ("idle", "busy"):
        for mode in WAKE_MODES:
            _progress(verbose, f"wake: {mode}, {load}")
            out.append(run_wake(mode, load=load, count=st.wake_events, rate=st.wake_rate,
                                contenders=c))
    rep.results["wake"] = out
    many = []
    for path in ASYNC_PATHS:
        why = async_path_unavailable(path)
        if why:
            rep.notes.append(f"wake, async for x {st.wake_many_buffers:,} on the {path} path "
                             f"skipped: {why}.")
            continue
        _progress(verbose, f"wake: async for x {st.wake_many_buffers:,} buffers, {path} path")
        many.append(run_async_many(path, buffers=st.wake_many_buffers,
                                   count=st.wake_many_events, rate=st.wake_rate))
    rep.results["wake_many"] = many
    names = {"wait": "EventBuffer.wait() + poll()", "events": "for ev in events()",
             "async": "async for ev in buffer"}
    for r in out:
        s = r["stats"]
        base = next(x for x in out if x["mode"] == r["mode"] and x["load"] == "idle")
        ratio = "" if r["load"] == "idle" else \
            f"{fmt_ratio(s['p50_ns'] / base['stats']['p50_ns'])} p50 vs idle"
        rep.rows.append(Row("wake", names[r["mode"]], LOAD_COLUMN[r["load"]],
                            f"{r['rate']:,} events/s",
                            f"{r['count']:,}", fmt_ns(s["p50_ns"]), fmt_ns(s["p99_ns"]),
                            fmt_ns(s["p999_ns"]), fmt_ns(s["max_ns"]), ratio))
    path_names = {"fd": "one reader per loop (selector)", "thread": "one thread per loop (no add_reader)"}
    for r in many:
        s = r["stats"]
        rep.rows.append(Row("wake", f"async for x {r['buffers']:,} buffers", "idle",
                            f"{r['rate']:,} events/s; {path_names[r['path']]}",
                            f"{r['count']:,}", fmt_ns(s["p50_ns"]), fmt_ns(s["p99_ns"]),
                            fmt_ns(s["p999_ns"]), fmt_ns(s["max_ns"])))


def _measure_scale(rep: Report, c: Contenders | None, verbose: bool) -> None:
    out = []
    for n in rep.settings.scale_dials:
        _progress(verbose, f"scale: {n:,} dials")
        out.append(run_scale(n, capacity=rep.settings.scale_capacity))
    n = max(rep.settings.scale_dials)
    threads = rep.settings.scale_threads
    _progress(verbose, f"scale: {n:,} dials from {threads} threads")
    out.append(run_scale(n, capacity=rep.settings.scale_capacity, threads=threads))
    rep.results["scale"] = out
    for r in out:
        by = f" from {r['threads']} threads" if r["threads"] > 1 else ""
        rep.rows.append(Row(
            "scale", f"{r['dials']:,} x rasfast.dial(){by}", "idle",
            f"one buffer of {r['capacity']:,}; hang-up {r['hangup_s']:.2f} s",
            f"{r['events']:,} events", f"{r['wall_s']:.3f} s wall",
            p99=fmt_rate(r["events_per_s"]), p999=f"dropped {r['dropped']}",
            max=f"high-water {r['high_water']:,}", ratio=f"{r['connected']:,} connected"))


def _signed_ns(ns: float) -> str:
    return ("+" if ns >= 0 else "-") + fmt_ns(abs(ns))


def _measure_handoff(rep: Report, c: Contenders | None, verbose: bool) -> None:
    out = []
    for load in ("idle", "busy"):
        _progress(verbose, f"handoff: {load}")
        out.append(run_handoff(rep.settings.handoff_calls, load=load))
    rep.results["handoff"] = out
    for r in out:
        for key, name in (("direct", "RasDialW on the caller's thread"),
                          ("dial_thread", "RasDialW via the dial thread")):
            s = r[key]
            if key == "direct":
                ratio = f"one {r['real_dial_entry']} dial: {fmt_ns(r['real_dial_ns'])}"
            else:
                ratio = f"{_signed_ns(r['added_p50_ns'])} p50, {_signed_ns(r['added_p99_ns'])} p99"
            rep.rows.append(Row("handoff", name, LOAD_COLUMN[r["load"]],
                                f"{r['entry']}, until RasDialW returned", f"{r['calls']:,}",
                                fmt_ns(s["p50_ns"]), fmt_ns(s["p99_ns"]), fmt_ns(s["p999_ns"]),
                                fmt_ns(s["max_ns"]), ratio))


def _median_of_rounds(r: dict[str, Any], key: str) -> float:
    return float(statistics.median(x["stats"][key] for x in r["rounds"]))


def _measure_peer(rep: Report, c: Contenders | None, verbose: bool) -> None:
    why = peer_unavailable()
    if why:
        rep.notes.append(f"peer (pywin32 vs rasfast on the sim rasapi32.dll) skipped: {why}.")
        return
    st = rep.settings
    out = []
    for load in ("idle", "busy"):
        # Alternating contenders under each load, so drift hits both alike.
        for contender in PEER_CONTENDERS:
            _progress(verbose, f"peer: {contender}, {load}")
            out.append(run_peer(contender, load=load, notes=st.peer_notes,
                                rounds=st.peer_rounds))
    rep.results["peer"] = out
    for load in ("idle", "busy"):
        base = next(r for r in out if r["contender"] == "rasfast" and r["load"] == load)
        base_p50 = _median_of_rounds(base, "p50_ns")
        base_p99 = _median_of_rounds(base, "p99_ns")
        for r in (x for x in out if x["load"] == load):
            p50 = _median_of_rounds(r, "p50_ns")
            p99 = _median_of_rounds(r, "p99_ns")
            worst = max(x["stats"]["max_ns"] for x in r["rounds"])
            calls = sum(x["notifications"] for x in r["rounds"])
            if r["contender"] == "rasfast":
                ratio = "1x (baseline)"
                woke = sum(x["wakeups"] for x in r["rounds"])
                cond = f"consumer in events(), {100 * woke / calls:.0f}% woke it"
            else:
                ratio = f"{fmt_ratio(p50 / base_p50)} p50, {fmt_ratio(p99 / base_p99)} p99"
                cond = "callback -> SimpleQueue, consumer in get()"
            rep.rows.append(Row("peer", r["label"], LOAD_COLUMN[load],
                                f"{cond}; {len(r['rounds'])} rounds",
                                f"{calls:,}", fmt_ns(p50), fmt_ns(p99), "-", fmt_ns(worst),
                                ratio))


_STEPS: dict[str, Callable[[Report, Any, bool], None]] = {
    "hold": _measure_hold, "drain": _measure_drain, "wake": _measure_wake,
    "scale": _measure_scale, "handoff": _measure_handoff,
    "peer": _measure_peer}


def run_report(settings: Settings, questions: Sequence[str] = QUESTIONS,
               verbose: bool = True) -> Report:
    """Measure ``questions`` (names in QUESTIONS) with ``settings`` and
    return the Report; ``verbose`` prints a progress line per measurement
    on stderr.  Raises KeyError for an unknown question, RuntimeError when
    a measurement lost events or dials or timed out (the run stops there),
    ValueError for bad settings."""
    rep = Report(settings, machine_info())
    c: Contenders | None = None
    if any(q in _NEED_CONTENDERS for q in questions):
        c = load_contenders()
        if c.module is None:
            rep.notes.append(c.unavailable + ": the cffi @def_extern and SimpleQueue rows are skipped.")
        rep.notes.append(f"'gil' load: {c.gil_call_label}.")
    for q in questions:
        _STEPS[q](rep, c, verbose)
    rep.targets.extend(targets(rep.results))
    return rep
