"""Drain throughput of two or more installed trees side by side: each round
runs every tree once, in turn, in a fresh process (the numbers in
bench/PERFORMANCE.md, "The drain: RasEvent as C integers").  The
measurement is the bench's own (rasfast.bench.drain: a prefilled buffer
drained with poll(n) or events(), and the live drain with the native
producer running).  Not a pytest module (bench/test_drain.py has the
benchmark of the current tree).

usage: python bench/compare_drain.py NAME=SITE_DIR [NAME=SITE_DIR ...]
           [--rounds R] [--count N] [--methods poll_4096,iterate,...,live]
  SITE_DIR: a tree installed with `pip install --no-deps --target SITE_DIR TREE`."""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

CHILD = """
import json, sys
from rasfast.bench.drain import run_drain, run_live_drain
method, count = sys.argv[1], int(sys.argv[2])
r = (run_live_drain(count=count, rounds=1) if method == "live"
     else run_drain(method, count=count, rounds=1))
print(json.dumps(r["rates"][0]))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("trees", nargs="+", help="NAME=SITE_DIR")
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--count", type=int, default=1_000_000)
    ap.add_argument("--methods", default="poll_4096,iterate,poll_64,poll_1,live")
    args = ap.parse_args()
    trees = [t.split("=", 1) for t in args.trees]
    methods = args.methods.split(",")
    rates: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.rounds):
        for method in methods:
            count = args.count if method != "poll_1" else args.count // 10
            for name, site in trees:
                env = dict(os.environ, PYTHONPATH=site)
                out = subprocess.run([sys.executable, "-c", CHILD, method, str(count)],
                                     env=env, capture_output=True, text=True, check=True,
                                     cwd="/" if os.name != "nt" else None)
                rates.setdefault((method, name), []).append(json.loads(out.stdout))
    print(f"{args.rounds} rounds, trees alternating; M events/s: median [min-max]")
    for method in methods:
        cells = []
        for name, _ in trees:
            r = rates[(method, name)]
            cells.append(f"{name} {statistics.median(r) / 1e6:.2f} "
                         f"[{min(r) / 1e6:.2f}-{max(r) / 1e6:.2f}]")
        base = statistics.median(rates[(method, trees[0][0])])
        ratios = ", ".join(f"{name}/{trees[0][0]} {statistics.median(rates[(method, name)]) / base:.2f}x"
                           for name, _ in trees[1:])
        print(f"{method:10s} " + "; ".join(cells) + (f"; {ratios}" if ratios else ""))


if __name__ == "__main__":
    main()
