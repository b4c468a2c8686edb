"""The command line: ``python -m rasfast bench [--quick] [--only Q] [--json F] [--plot F]``."""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from .output import write_json, write_plot
from .report import FULL, QUESTIONS, QUICK, run_report
from .table import format_table

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the report with the arguments (``sys.argv[1:]`` when None),
    print the table and write the JSON and the plot; returns the exit
    status: 0, or 1 when a measurement failed (the reason on stderr).
    Raises SystemExit for bad arguments and for --help (argparse), OSError
    when the JSON or the plot cannot be written."""
    argv = list(sys.argv[1:] if argv is None else argv)
    p = argparse.ArgumentParser(
        prog="rasfast bench",
        description="Measure how long rasfast's notifier holds the RAS thread, drain "
                    "throughput, wake-up latency, scale and the dial thread's hand-off, "
                    "against naive Python callbacks and direct calls, in one run.")
    p.add_argument("--quick", action="store_true", help="small samples; under a minute")
    p.add_argument("--only", action="append", choices=QUESTIONS,
                   help="run only this question (repeatable)")
    p.add_argument("--json", default="rasfast-bench.json", metavar="PATH",
                   help="where to write the results as JSON (default: %(default)s)")
    p.add_argument("--plot", default="rasfast-bench.png", metavar="PATH",
                   help="where to write a PNG plot when matplotlib is installed "
                        "(default: %(default)s)")
    p.add_argument("--no-plot", action="store_true", help="do not write the plot")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    args = p.parse_args(argv)
    settings = QUICK if args.quick else FULL
    questions = args.only or list(QUESTIONS)
    started = time.perf_counter()
    try:
        rep = run_report(settings, questions, verbose=not args.quiet)
    except RuntimeError as exc:
        print(f"rasfast bench: {exc}", file=sys.stderr)
        return 1
    print(format_table(rep))
    write_json(rep, args.json, argv)
    print(f"\nWrote {args.json}", end="")
    if not args.no_plot:
        if write_plot(rep, args.plot):
            print(f" and {args.plot}", end="")
        else:
            print(" (no plot: pip install 'rasfast[plot]' for one)", end="")
    print(f"; {time.perf_counter() - started:.0f} s.")
    return 0
