"""The 10,000-dial row of two or more installed trees side by side: each
round runs every tree once, in turn, in a fresh process (the numbers in
bench/PERFORMANCE.md, "The 10,000-dial row").  The measurement is the
bench's own (rasfast.bench.scale.run_scale: N dial() calls of the instant
profile into one buffer a thread drains, wall time to the last CONNECTED).
Not a pytest module (bench/test_scale.py has the benchmark of the current
tree).

usage: python bench/compare_scale.py NAME=SITE_DIR [NAME=SITE_DIR ...]
           [--rounds R] [--dials N] [--threads T]
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
from rasfast.bench.scale import run_scale
r = run_scale(int(sys.argv[1]), threads=int(sys.argv[2]))
print(json.dumps({"wall_s": r["wall_s"], "dial_calls_s": r["dial_calls_s"]}))
"""


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("trees", nargs="+", metavar="NAME=SITE_DIR")
    p.add_argument("--rounds", type=int, default=6)
    p.add_argument("--dials", type=int, default=10_000)
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    trees = [t.split("=", 1) for t in args.trees]
    walls: dict[str, list[float]] = {name: [] for name, _ in trees}
    for _ in range(args.rounds):
        for name, site in trees:
            env = dict(os.environ, PYTHONPATH=os.path.abspath(site))
            out = subprocess.run([sys.executable, "-c", CHILD, str(args.dials), str(args.threads)],
                                 env=env, cwd="/", capture_output=True, text=True, check=False)
            if out.returncode:
                print(out.stderr, file=sys.stderr)
                return 1
            walls[name].append(json.loads(out.stdout.strip().splitlines()[-1])["wall_s"])
    print(f"{args.dials:,} dials from {args.threads} thread(s), {args.rounds} rounds")
    for name, w in walls.items():
        print(f"{name:12s} median {statistics.median(w):.3f} s  range {min(w):.3f}-{max(w):.3f}"
              f"  [{' '.join(f'{x:.3f}' for x in w)}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
