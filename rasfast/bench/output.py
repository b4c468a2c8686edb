"""The report's files: the JSON of every result, and a PNG plot when matplotlib is installed."""
from __future__ import annotations

import json
from collections.abc import Sequence

from .report import Report

__all__ = ["write_json", "write_plot"]


def write_json(rep: Report, path: str, argv: Sequence[str]) -> None:
    """Write the command (``argv``: its arguments), settings, machine,
    results, targets, notes and table rows to ``path`` as indented JSON.
    Raises OSError when the file cannot be written, TypeError when a
    result holds something JSON cannot represent."""
    doc = {"command": "python -m rasfast bench " + " ".join(argv), "settings": rep.settings.__dict__,
           "machine": rep.machine, "results": rep.results, "targets": rep.targets,
           "notes": rep.notes, "table": [r.__dict__ for r in rep.rows]}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")


def write_plot(rep: Report, path: str) -> bool:
    """A PNG of the hold, wake and drain results; False without matplotlib.

    Also False when the report has none of those questions.  Raises
    OSError when the file cannot be written."""
    try:
        import matplotlib  # type: ignore[import-not-found,unused-ignore]
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return False
    panels = [k for k in ("hold", "wake", "drain") if k in rep.results]
    if not panels:
        return False
    fig, axes = plt.subplots(len(panels), 1, figsize=(11, 4.2 * len(panels)), squeeze=False)
    for ax, key in zip(axes[:, 0], panels):
        res = rep.results[key]
        if key == "drain":
            labels = [r["method"] for r in res]
            ax.barh(labels, [r["median"] / 1e6 for r in res], color="tab:blue")
            ax.set_xscale("log")
            ax.set_xlabel("million events per second (median of rounds, log scale)")
            ax.set_title("Drain throughput into Python")
            ax.invert_yaxis()
            continue
        if key == "hold":
            labels = [f"{r['label']} / {r['load']}{' / parked' if r['parked'] else ''}" for r in res]
            ax.set_title("RAS thread hold time per notification (log scale)")
        else:
            labels = [f"{r['mode']} / {r['load']}" for r in res]
            ax.set_title("Wake-up latency: shim timestamp to Python (log scale)")
        y = range(len(res))
        for q, color in (("max_ns", "tab:red"), ("p999_ns", "tab:orange"),
                         ("p99_ns", "tab:olive"), ("p50_ns", "tab:blue")):
            ax.barh(list(y), [max(1, r["stats"][q]) for r in res], color=color, label=q[:-3])
        ax.set_yticks(list(y))
        ax.set_yticklabels(labels, fontsize=8)
        ax.set_xscale("log")
        ax.set_xlabel("nanoseconds")
        ax.invert_yaxis()
        ax.legend(loc="lower right", fontsize=8)
    m = rep.machine
    fig.suptitle(f"rasfast {m['rasfast']}: {m['cpu']}, {m['cores']} cores, {m['python']}",
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True
