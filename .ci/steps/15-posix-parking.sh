#!/usr/bin/env bash
# macOS and the BSDs park consumers on a condition variable (csrc/park_condvar.c)
# instead of Linux's futex.  Build that variant here, in its own virtual
# environment, and run the ring, buffer, dialing and asyncio-hub tests
# against it (the hub thread parks through it too).
set -euo pipefail
venv="$PWD/.cache/posix-venv"
rm -rf "$venv"
python3 -m venv "$venv"
# Build from a clean copy: the checkout's build/ holds the Linux variant,
# which setuptools would take as up to date.
src=$(mktemp -d)
cp -r csrc setup.py pyproject.toml README.md MANIFEST.in "$src"/
mkdir "$src/rasfast" && cp rasfast/*.py rasfast/*.pyi rasfast/py.typed "$src/rasfast"/
RASFAST_BUILD_TARGET=posix "$venv/bin/python" -m pip install -q "$src[test]" 2>&1 | grep -v "is ignored" || true
rm -rf "$src"
# (grep without -q: an early exit would kill nm with SIGPIPE under pipefail)
symbols=$(nm -D "$venv"/lib/python3*/site-packages/rasfast/_native*.so)
grep pthread_once >/dev/null <<<"$symbols" \
    || { echo "the posix variant was not built (no park_condvar.c)" >&2; exit 1; }
"$venv/bin/pytest" -q -p no:cacheprovider tests/test_ring.py tests/test_buffer.py tests/test_dial.py \
    tests/test_asyncio_hub.py
rm -rf "$venv"
