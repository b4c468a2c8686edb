#!/usr/bin/env bash
# Types, lint and the API reference, as a user's tools see the package:
#   1. mypy --strict on rasfast/ (settings in pyproject.toml [tool.mypy]),
#      for Linux, Windows and macOS (the platform branches differ);
#   2. ruff on the package, the tests, the benchmarks and the CI scripts
#      (pyproject.toml [tool.ruff]);
#   3. the API reference (.ci/docs, Sphinx autodoc) with warnings as errors,
#      built from the installed package's docstrings.
# tests/test_typing.py checks a user's program and the README's examples.
set -euo pipefail
cd "$(dirname "$0")/../.."
python -m pip install -q mypy ruff sphinx 2>&1 | grep -v "is ignored" || true
echo "--- mypy --strict (linux, win32, darwin)"
mypy
mypy --platform win32
mypy --platform darwin
echo "--- ruff"
ruff check rasfast tests bench .ci
echo "--- API reference (Sphinx, -W)"
out="$PWD/.cache/api"
rm -rf "$out"
# From outside the source tree, so autodoc imports the installed package.
(cd /tmp && python -m sphinx -W --keep-going -q -b html "$OLDPWD/.ci/docs" "$out")
echo "API reference: $out/index.html ($(grep -o 'class="sig-name descname"' "$out/index.html" | wc -l) names)"
