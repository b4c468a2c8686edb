#!/usr/bin/env bash
# Run the project's test suite on Windows CPython 3.13 under Wine.
#
#   bash .ci/windows/run-tests.sh [PYTEST ARGS...]
#
# Needs .ci/windows/setup.sh first (it is run here if the cache is missing).
# Steps: cross-build the cffi extension for win_amd64 (cross_build.py),
# stage a copy of the package with the .pyd inside plus tests/ in a temp dir,
# run `wine python.exe -m pytest tests -q -p no:cacheprovider` there, print
# the counts and exit with pytest's status.
#
# Environment (defaults are the project's own layout):
#   RASFAST_WIN_PACKAGE   package dir to stage         (default: rasfast)
#   RASFAST_WIN_TESTS     tests dir to stage           (default: tests)
#   RASFAST_WIN_BUILDER   MODULE:FUNC or FILE.py:FUNC  (default: rasfast._build:make_ffibuilder)
#   RASFAST_WIN_EXTENSIONS  plain limited-API modules built beside the cffi one
#                         (default: "rasfast._records=csrc/records.c" when it exists)
#   RASFAST_WIN_TIMEOUT   seconds before the Wine run is killed (default: 900)
#   RASFAST_WIN_RASAPI32  which rasapi32.dll the rasapi32 provider meets:
#       wine     (default) Wine's own, all stubs;
#       sim-dll  rasapi32.dll built from the simulated service
#                (cross_build.py --sim-dll), placed beside python.exe in a
#                staged interpreter dir (symlinks to the cached cp313) and
#                preferred with WINEDLLOVERRIDES="rasapi32=n,b".
#     Exported to the tests, which pick their rasapi32 tests by it.
#   RASFAST_WIN_SELECT    what pytest collects, relative to the staged tree
#                         (default: tests; e.g. "tests/test_windows_rasapi32.py")
#   WINEDLLOVERRIDES      passed through (sim-dll mode adds rasapi32=n,b)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${RASFAST_WIN_CACHE:-$ROOT/.cache/win}"
PY="$CACHE/cp313"
PKG="${RASFAST_WIN_PACKAGE:-$ROOT/rasfast}"
TESTS="${RASFAST_WIN_TESTS:-$ROOT/tests}"
BUILDER="${RASFAST_WIN_BUILDER:-rasfast._build:make_ffibuilder}"

say() { printf '[win-tests] %s\n' "$*"; }
t0=$(date +%s)

if [ ! -f "$CACHE/cp313.stamp" ] || [ ! -f "$CACHE/wineprefix/system.reg" ]; then
    say "no Windows toolchain cache: running setup.sh"
    bash "$HERE/setup.sh"
fi

for d in "$PKG" "$TESTS"; do
    [ -d "$d" ] || { say "missing $d"; exit 2; }
done

STAGE="$(mktemp -d "${TMPDIR:-/tmp}/rasfast-win.XXXXXX")"
cleanup() { rm -rf "$STAGE"; }
trap cleanup EXIT

RASAPI32="${RASFAST_WIN_RASAPI32:-wine}"
case "$RASAPI32" in
    wine) sim_dll=() ;;
    sim-dll) sim_dll=(--sim-dll) ;;
    *) say "RASFAST_WIN_RASAPI32 must be 'wine' or 'sim-dll', not '$RASAPI32'"; exit 2 ;;
esac

extensions=()
default_ext=""
[ -f "$ROOT/csrc/records.c" ] && default_ext="rasfast._records=csrc/records.c"
for e in ${RASFAST_WIN_EXTENSIONS-$default_ext}; do extensions+=(--extension "$e"); done

say "cross-building the extension for win_amd64 ($BUILDER)"
BUILD="$STAGE/build"
pyd="$(python3 "$HERE/cross_build.py" --python "$PY" --builder "$BUILDER" --out "$BUILD" "${sim_dll[@]}" "${extensions[@]}" | tail -1)"
[ -f "$pyd" ] || { say "cross build did not produce a .pyd"; exit 1; }

PYEXE="$PY/python.exe"
if [ "$RASAPI32" = sim-dll ]; then
    # LoadLibraryW(L"rasapi32.dll") searches the program's directory before
    # system32 (where Wine keeps its builtin): an interpreter dir whose
    # entries link to the cached cp313, plus our DLL.
    HOST="$STAGE/python"
    mkdir -p "$HOST"
    for f in "$PY"/*; do ln -s "$f" "$HOST/"; done
    cp "$BUILD/rasapi32.dll" "$HOST/rasapi32.dll"
    PYEXE="$HOST/python.exe"
    export WINEDLLOVERRIDES="rasapi32=n,b${WINEDLLOVERRIDES:+;$WINEDLLOVERRIDES}"
    say "rasapi32: simulated-service DLL beside python.exe (WINEDLLOVERRIDES=$WINEDLLOVERRIDES)"
else
    say "rasapi32: Wine's own (stubs)"
fi

mkdir -p "$STAGE/src"
if [ -z "${RASFAST_WIN_PACKAGE:-}${RASFAST_WIN_TESTS:-}" ] && git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
    # The checkout as CI sees it (tracked files, plus new ones not ignored):
    # tests read README.md, csrc/rasfast.h, the .pyi...
    say "staging the checkout (git ls-files) in $STAGE"
    (cd "$ROOT" && git ls-files -co --exclude-standard -z \
        | xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh \
        | xargs -0 -r cp --parents -t "$STAGE/src/")
elif [ -z "${RASFAST_WIN_PACKAGE:-}${RASFAST_WIN_TESTS:-}" ]; then
    say "staging the source tree (no git) in $STAGE"
    tar -C "$ROOT" --exclude=./.cache --exclude=./.git --exclude=./build -cf - . \
        | tar -C "$STAGE/src" -xf -
else
    say "staging $(basename "$PKG")/ and $(basename "$TESTS")/ in $STAGE"
    cp -r "$PKG" "$STAGE/src/"
    cp -r "$TESTS" "$STAGE/src/tests"
fi
# Native Linux builds of the extension must not shadow the Windows one.
find "$STAGE/src" \( -name '*.so' -o -name '__pycache__' \) -prune -exec rm -rf {} +
# The .pyd lands inside the package: OUT mirrors the dotted module name.
(cd "$BUILD" && find . -name '*.pyd' -exec cp --parents {} "$STAGE/src/" \;)
say "extension modules: $(cd "$BUILD" && find . -name '*.pyd' | sed 's|^\./||' | tr '\n' ' ')"
for f in pytest.ini pyproject.toml setup.cfg conftest.py; do
    [ -f "$ROOT/$f" ] && [ ! -f "$STAGE/src/$f" ] && cp "$ROOT/$f" "$STAGE/src/"
done

export WINEPREFIX="$CACHE/wineprefix" WINEDEBUG=-all WINEARCH=win64
export PYTHONLEGACYWINDOWSSTDIO=1 PYTHONDONTWRITEBYTECODE=1 PYTHONIOENCODING=utf-8 PYTHONUNBUFFERED=1
# The staged tree stands in for an installed rasfast, for child interpreters
# too (tests run examples from temporary directories): its Windows path,
# through Wine's Z: drive.
PYTHONPATH="Z:$(printf '%s' "$STAGE/src" | tr / '\\')"
export PYTHONPATH
export RASFAST_UNDER_WINE=1 RASFAST_WIN_RASAPI32="$RASAPI32"
# The suite runs on the simulated provider (its rasfast.sim controls drive
# it); tests of the rasapi32 provider ask for backend="win32" themselves.
export RASFAST_BACKEND=sim
read -r -a SELECT <<<"${RASFAST_WIN_SELECT:-tests}"

say "running pytest under Wine (Windows CPython $(cut -d" " -f1 "$CACHE/cp313.stamp"))"
tr=$(date +%s)
set +e
(cd "$STAGE/src" && timeout -k 10 "${RASFAST_WIN_TIMEOUT:-900}" \
    wine "$PYEXE" -m pytest "${SELECT[@]}" -q -p no:cacheprovider "$@" </dev/null 2>&1) \
    | sed -u 's/\r$//' | tee "$STAGE/pytest.log"
rc=${PIPESTATUS[0]}
set -e
# No `wineserver -k`: other runs may share the prefix; the server exits on
# its own once the last Wine process is gone.

summary="$(grep -E '^(=+ )?[0-9]+ (passed|failed|skipped|error|deselected|xfailed|xpassed)|no tests ran' "$STAGE/pytest.log" | tail -1 | sed 's/=//g; s/^ *//; s/ *$//' || true)"
count() { grep -oE "[0-9]+ $1" <<<"$summary" | grep -oE '^[0-9]+' || echo 0; }
say "Windows (Wine, rasapi32=$RASAPI32): passed=$(count passed) skipped=$(count skipped) failed=$(count failed) errors=$(count 'errors?')"
say "pytest exit $rc; Wine run $(( $(date +%s) - tr ))s, total $(( $(date +%s) - t0 ))s"
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then say "TIMED OUT"; fi
exit "$rc"
