"""The report as the printed table: machine line, rows by question, legend, targets, notes."""
from __future__ import annotations

from collections.abc import Sequence

from .load import LOADS
from .report import Report

__all__ = ["format_table"]


def format_table(rep: Report) -> str:
    """The whole report as text, columns padded to their widest cell;
    raises KeyError when ``rep.machine`` lacks a field of machine_info()."""
    m = rep.machine
    head = ("Question", "Contender", "Load", "Condition", "N", "Median", "p99", "p99.9", "Max",
            "Ratio")
    rows = [(r.question, r.contender, r.load, r.condition, r.n, r.median, r.p99, r.p999, r.max,
             r.ratio) for r in rep.rows]
    widths = [max(len(str(x[i])) for x in [head] + rows) for i in range(len(head))]
    right = {4, 5, 6, 7, 8}

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    out = [(f"rasfast {m['rasfast']} benchmark ({rep.settings.name}): {m['cpu']}, "
            f"{m['cores']} cores, {m['os']}, {m['python']}, cffi {m['cffi']}"), ""]
    out.append(line(head))
    out.append("  ".join("-" * w for w in widths))
    prev = None
    for r in rows:
        if prev is not None and r[0] != prev:
            out.append("")
        out.append(line(r))
        prev = r[0]
    out.append("")
    out += [
        ("Hold: time the simulated RAS thread spent inside the notifier, per call; ratio: p99 "
         "against the shim with no parked consumer under the same load."),
        ("Drain: events/s, median of rounds (p99 column: worst round; max: best round). "
         "Wake: shim timestamp to Python code running with the event."),
        ("Scale: wall time from the first dial() to the last CONNECTED event; events/s in the "
         "p99 column. Ratios are between rows of this run."),
        ("Handoff: one RasDialW of the simulated service until it returned, called directly "
         "and through rasfast's dial thread, alternately in one run; exact percentiles."),
        "Load: idle = nothing else runs; busy loop = " + LOADS["busy"] + "; GIL in C = "
        + LOADS["gil"] + ". Percentiles are histogram bucket upper bounds (12.5% wide).",
    ]
    if any(r.question == "peer" for r in rep.rows):
        out.append("Peer: dials of 'Demo VPN' (states 50 us to 1 ms apart) by pywin32's "
                   "win32ras.Dial with a Python callback (RasDialFunc1, the GIL taken on the RAS "
                   "thread) and by rasfast.dial(backend='win32') (the RasDialFunc2 shim), both "
                   "through the simulator's rasapi32.dll, whose RAS threads time each notifier "
                   "call; median and p99: medians of the rounds' values; max: the largest of "
                   "all rounds; ratio: against rasfast under the same load.")
    if rep.targets:
        out.append("")
        out.append("Targets:")
        for t in rep.targets:
            if t["met"] is None:
                mark = f"over ({t['by']})" if t["by"] else "within"
            else:
                mark = "met" if t["met"] else f"MISSED ({t['by']})" if t["by"] else "MISSED"
            out.append(f"  {t['target']}: {t['goal']}; measured {t['measured']}: {mark}")
    for n in rep.notes:
        out.append(f"Note: {n}")
    return "\n".join(out)
