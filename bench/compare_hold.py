"""Side-by-side hold times of several builds of rasfast, in one invocation.

    python bench/compare_hold.py NAME=DIR [NAME=DIR ...] [--rounds 7] [--notes 3000]

Each DIR is a source tree whose extension modules were built in place
(``python setup.py build_ext --inplace`` in it).  Every round runs, for each
build in turn (the order rotates from round to round), one subprocess with
that tree first on sys.path, measuring the hold time of rasfast's shim with
no parked consumer and with one parked in wait(), and the empty C notifier
(the floor), idle, the way ``rasfast bench --only hold`` does.  The table
gives, per build and row, the median over rounds of each round's p50 and
p99, and the range of the round p50s: builds compared under the same noise.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

CHILD = r"""
import json, sys
from rasfast.bench.contenders import load_contenders
from rasfast.bench.hold import run_hold
import rasfast._native as native
c = load_contenders()
notes = int(sys.argv[1])
out = {"native": native.__file__}
for key, parked in (("shim", False), ("shim", True), ("floor", False)):
    if key not in c.notifiers:
        continue
    r = run_hold(c.notifiers[key], load="idle", parked=parked, notes=notes, contenders=c)
    out[f"{key}{'+parked' if parked else ''}"] = {
        "p50": r["stats"]["p50_ns"], "p99": r["stats"]["p99_ns"],
        "p999": r["stats"]["p999_ns"], "wakeups": r["wakeups"], "n": r["notifications"]}
print("RESULT " + json.dumps(out))
"""


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("builds", nargs="+", metavar="NAME=DIR")
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--notes", type=int, default=3000)
    p.add_argument("--json", metavar="PATH", help="write every round's figures here")
    args = p.parse_args()
    builds = [b.split("=", 1) for b in args.builds]
    results: dict[str, list[dict]] = {name: [] for name, _ in builds}
    for rnd in range(args.rounds):
        order = builds[rnd % len(builds):] + builds[:rnd % len(builds)]
        for name, path in order:
            env = dict(os.environ, PYTHONPATH=os.path.abspath(path))
            proc = subprocess.run([sys.executable, "-c", CHILD, str(args.notes)], env=env,
                                  cwd="/", capture_output=True, text=True, check=False)
            line = [x for x in proc.stdout.splitlines() if x.startswith("RESULT ")]
            if proc.returncode or not line:
                print(f"{name}: failed\n{proc.stdout}\n{proc.stderr}", file=sys.stderr)
                return 1
            r = json.loads(line[0][7:])
            if not r["native"].startswith(os.path.abspath(path)):
                print(f"{name}: imported {r['native']}, not the build in {path}", file=sys.stderr)
                return 1
            results[name].append(r)
            print(f"round {rnd + 1}: {name}: " + ", ".join(
                f"{k} p50 {v['p50']:.0f} p99 {v['p99']:.0f}" for k, v in r.items() if k != "native"),
                file=sys.stderr)
    rows = sorted({k for rs in results.values() for r in rs for k in r if k != "native"})
    print(f"{'build':<14} {'row':<13} {'p50 (median of rounds)':>23} {'p50 range':>14} "
          f"{'p99 (median)':>13} {'p99.9 (median)':>15}  rounds={args.rounds} notes={args.notes}")
    for name, _ in builds:
        for row in rows:
            vals = [r[row] for r in results[name] if row in r]
            if not vals:
                continue
            p50 = [v["p50"] for v in vals]
            print(f"{name:<14} {row:<13} {statistics.median(p50):>20.0f} ns "
                  f"{min(p50):>6.0f}-{max(p50):<6.0f} {statistics.median(v['p99'] for v in vals):>10.0f} ns "
                  f"{statistics.median(v['p999'] for v in vals):>12.0f} ns")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
