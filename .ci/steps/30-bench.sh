#!/usr/bin/env bash
# The benchmark suite stays working: every bench/ test once (timing off;
# they assert only that nothing was lost), then the quick report.
set -euo pipefail
python -m pip install -q pytest-benchmark 2>&1 | grep -v "is ignored" || true
# `pytest`, not `python -m pytest`: the latter puts the source tree (which
# has no compiled module) ahead of the installed package.
pytest -q -p no:cacheprovider bench --benchmark-disable
# The report from outside the source tree, so the installed package is used;
# its JSON lands next to the CI logs.
out="$PWD/.cache/bench"
mkdir -p "$out"
(cd "$out" && python -m rasfast bench --quick --json quick.json --plot quick.png)
