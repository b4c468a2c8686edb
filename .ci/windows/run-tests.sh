#!/usr/bin/env bash
# Run the project's test suite on Windows CPython 3.13 under Wine, against
# rasfast installed from its Windows wheel by the interpreter's own pip.
#
#   bash .ci/windows/run-tests.sh [PYTEST ARGS...]
#
# Needs .ci/windows/setup.sh first (it is run here if the cache is missing).
# Steps, as a Windows user gets rasfast:
#   1. the host's wheel of the checkout (`pip wheel .`, or
#      RASFAST_WIN_HOST_WHEEL), and the cffi extension cross-built for
#      win_amd64 (cross_build.py), which turns it into the real
#      rasfast-<version>-cp39-abi3-win_amd64.whl (checked by check_dist.py);
#   2. a copy of the cached Windows interpreter as shipped, where
#      `python.exe -m pip install --no-index` installs that wheel with its
#      test extra from the cached Windows wheels (pip makes Scripts/rasfast.exe);
#   3. `python.exe -m pytest` over a staged copy of the checkout's tests,
#      with PYTHONSAFEPATH=1 so the staged rasfast/ sources never shadow the
#      installed package; then the console script: `rasfast.exe dial "Demo VPN"`.
# Prints the counts; exits with pytest's status (or the script's).
#
# Environment (defaults are the project's own layout):
#   RASFAST_WIN_HOST_WHEEL  the host wheel to convert (default: built here)
#   RASFAST_WIN_BUILDER   MODULE:FUNC or FILE.py:FUNC, space-separated: the cffi
#                         modules (default: rasfast._build:make_ffibuilder and
#                         rasfast._build:make_testing_ffibuilder, as setup.py)
#   RASFAST_WIN_EXTENSIONS  plain limited-API modules built beside the cffi one
#                         (default: "rasfast._records=csrc/records.c" when it exists)
#   RASFAST_WIN_TIMEOUT   seconds before the Wine run is killed (default: 900)
#   RASFAST_WIN_RASAPI32  which rasapi32.dll the rasapi32 provider meets:
#       wine     (default) Wine's own, all stubs; the console script dials
#                the simulated provider (RASFAST_BACKEND=sim);
#       sim-dll  rasapi32.dll built from the simulated service
#                (cross_build.py --sim-dll), placed beside python.exe and
#                preferred with WINEDLLOVERRIDES="rasapi32=n,b"; the
#                console script dials through it with the default
#                (rasapi32) backend, as on Windows.
#     Exported to the tests, which pick their rasapi32 tests by it.
#   RASFAST_WIN_SELECT    what pytest collects, relative to the staged tree
#                         (default: tests; e.g. "tests/test_windows_rasapi32.py")
#   WINEDLLOVERRIDES      passed through (sim-dll mode adds rasapi32=n,b)
#   RASFAST_WIN_PEER_BENCH  quick|full (sim-dll mode only): after the suite,
#                         `python -m rasfast bench --only peer` in the installed
#                         interpreter, pywin32's callback against rasfast's
#                         notifier on the DLL's RAS threads; its table is
#                         printed and a failure (or a skip) fails the run.
#   RASFAST_WIN_PEER_JSON   where to copy that run's JSON (default: not kept)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${RASFAST_WIN_CACHE:-$ROOT/.cache/win}"
PY="$CACHE/cp313"
BUILDER="${RASFAST_WIN_BUILDER:-rasfast._build:make_ffibuilder rasfast._build:make_testing_ffibuilder}"
builders=()
for b in $BUILDER; do builders+=(--builder "$b"); done

say() { printf '[win-tests] %s\n' "$*"; }
winpath() { printf 'Z:%s' "$1" | tr / '\\'; }
t0=$(date +%s)

if [ ! -f "$CACHE/cp313.stamp" ] || [ ! -f "$CACHE/wineprefix/system.reg" ]; then
    say "no Windows toolchain cache: running setup.sh"
    bash "$HERE/setup.sh"
fi

# On the /work file system, not /tmp: the interpreter copy is ~90 MB.
STAGE="$(mktemp -d "$CACHE/stage.XXXXXX")"
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

# The checkout as CI sees it (tracked files, plus new ones not ignored).
mkdir -p "$STAGE/src"
if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
    (cd "$ROOT" && git ls-files -co --exclude-standard -z \
        | xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh \
        | xargs -0 -r cp --parents -t "$STAGE/src/")
else
    tar -C "$ROOT" --exclude=./.cache --exclude=./.git --exclude=./build -cf - . \
        | tar -C "$STAGE/src" -xf -
fi

# ------------------------------------------------------- 1. the wheel ---
HOST_WHEEL="${RASFAST_WIN_HOST_WHEEL:-}"
if [ -z "$HOST_WHEEL" ]; then
    say "host wheel of the checkout (pip wheel)"
    cp -r "$STAGE/src" "$STAGE/wheel-src"
    python3 -m pip wheel -q --no-deps -w "$STAGE/host-wheel" "$STAGE/wheel-src" 2>&1 | grep -v "is ignored" || true
    HOST_WHEEL="$(ls "$STAGE"/host-wheel/rasfast-*.whl)"
    rm -rf "$STAGE/wheel-src"
fi
say "cross-building for win_amd64 ($BUILDER) and the Windows wheel from $(basename "$HOST_WHEEL")"
BUILD="$STAGE/build"
python3 "$HERE/cross_build.py" --python "$PY" "${builders[@]}" --out "$BUILD" \
    --wheel "$HOST_WHEEL" "${sim_dll[@]}" "${extensions[@]}" >"$STAGE/cross-build.log" 2>&1 \
    || { tail -30 "$STAGE/cross-build.log"; say "cross build FAILED"; exit 1; }
grep -v '^\[cross-build\] \$ ' "$STAGE/cross-build.log" | grep -v '^Z\?/' | sed 's/^/    /'
WHEEL="$(ls "$BUILD"/rasfast-*-cp39-abi3-win_amd64.whl)"
python3 "$ROOT/.ci/check_dist.py" wheel "$WHEEL" --platform win_amd64 --native .pyd

# ------------------------------------ 2. install it as a Windows user ---
export WINEPREFIX="$CACHE/wineprefix" WINEDEBUG=-all WINEARCH=win64
export PYTHONLEGACYWINDOWSSTDIO=1 PYTHONDONTWRITEBYTECODE=1 PYTHONIOENCODING=utf-8 PYTHONUNBUFFERED=1
HOST="$STAGE/python"
cp -a "$PY" "$HOST"
if [ "$RASAPI32" = sim-dll ]; then
    # LoadLibraryW(L"rasapi32.dll") searches the program's directory before
    # system32 (where Wine keeps its builtin).
    cp "$BUILD/rasapi32.dll" "$HOST/rasapi32.dll"
    export WINEDLLOVERRIDES="rasapi32=n,b${WINEDLLOVERRIDES:+;$WINEDLLOVERRIDES}"
    say "rasapi32: simulated-service DLL beside python.exe (WINEDLLOVERRIDES=$WINEDLLOVERRIDES)"
else
    say "rasapi32: Wine's own (stubs)"
fi
PYEXE="$HOST/python.exe"
cffi_pin="cffi==$(cat "$CACHE/host-cffi.version")"
# pywin32: the real client tests/test_pywin32_win32ras.py runs against the
# sim DLL, and the peer of `rasfast bench --only peer`.
pywin32_pin="$(cat "$CACHE/pywin32.version" 2>/dev/null || true)"
say "pip install (Windows pip, --no-index): $(basename "$WHEEL")[test] $cffi_pin $pywin32_pin"
ti=$(date +%s)
wine "$PYEXE" -m pip install --no-index --find-links "$(winpath "$CACHE/wheels")" \
    --no-warn-script-location --disable-pip-version-check \
    "$(winpath "$WHEEL")[test]" "$cffi_pin" ${pywin32_pin:+"$pywin32_pin"} </dev/null 2>&1 \
    | sed -u 's/\r$//' >"$STAGE/pip.log" || true
grep -E '^Successfully installed' "$STAGE/pip.log" | sed 's/^/    /' \
    || { cat "$STAGE/pip.log"; say "Windows pip install FAILED"; exit 1; }
[ -f "$HOST/Scripts/rasfast.exe" ] || { say "pip made no Scripts/rasfast.exe"; exit 1; }
say "installed in $(( $(date +%s) - ti ))s; console script Scripts/rasfast.exe"

# -------------------------------------------- 3. the suite, the script ---
# The suite runs on the simulated provider (its rasfast.sim controls drive
# it); tests of the rasapi32 provider ask for backend="win32" themselves.
export RASFAST_UNDER_WINE=1 RASFAST_WIN_RASAPI32="$RASAPI32" PYTHONSAFEPATH=1
unset PYTHONPATH
read -r -a SELECT <<<"${RASFAST_WIN_SELECT:-tests}"
say "running pytest under Wine (Windows CPython $(cut -d" " -f1 "$CACHE/cp313.stamp"), installed rasfast"
tr=$(date +%s)
set +e
(cd "$STAGE/src" && RASFAST_BACKEND=sim timeout -k 10 "${RASFAST_WIN_TIMEOUT:-900}" \
    wine "$PYEXE" -m pytest "${SELECT[@]}" -q -p no:cacheprovider "$@" </dev/null 2>&1) \
    | sed -u 's/\r$//' | tee "$STAGE/pytest.log"
rc=${PIPESTATUS[0]}
set -e
# No `wineserver -k`: other runs may share the prefix; the server exits on
# its own once the last Wine process is gone.

summary="$(grep -E '^(=+ )?[0-9]+ (passed|failed|skipped|error|deselected|xfailed|xpassed)|no tests ran' "$STAGE/pytest.log" | tail -1 | sed 's/=//g; s/^ *//; s/ *$//' || true)"
count() { grep -oE "[0-9]+ $1" <<<"$summary" | grep -oE '^[0-9]+' || echo 0; }
say "Windows (Wine, rasapi32=$RASAPI32, installed wheel): passed=$(count passed) skipped=$(count skipped) failed=$(count failed) errors=$(count 'errors?')"
say "pytest exit $rc; Wine run $(( $(date +%s) - tr ))s"
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then say "TIMED OUT"; fi

# The console script pip generated, as a user types it.  With Wine's stub
# rasapi32 it dials the simulated provider; with the sim DLL, the default
# rasapi32 backend dials through rasapi32.dll.
script_env=(env)
[ "$RASAPI32" = wine ] && script_env=(env RASFAST_BACKEND=sim)
set +e
(cd "$STAGE" && "${script_env[@]}" RASFAST_SIM_SESSION_FILE= timeout -k 5 120 \
    wine "$HOST/Scripts/rasfast.exe" dial "Demo VPN" </dev/null 2>&1) \
    | sed -u 's/\r$//' >"$STAGE/script.log"
src=${PIPESTATUS[0]}
set -e
sed 's/^/    /' "$STAGE/script.log"
if [ "$src" = 0 ] && grep -q CONNECTED "$STAGE/script.log"; then
    say "console script: rasfast.exe dial \"Demo VPN\" (rasapi32=$RASAPI32): CONNECTED, exit 0"
else
    say "console script: rasfast.exe dial \"Demo VPN\" FAILED (exit $src)"
    [ "$rc" = 0 ] && rc=1
fi
# The hold-time comparison with the real peer (rasfast/bench/peer.py).
PEER="${RASFAST_WIN_PEER_BENCH:-}"
if [ -n "$PEER" ]; then
    if [ "$RASAPI32" != sim-dll ]; then
        say "RASFAST_WIN_PEER_BENCH needs RASFAST_WIN_RASAPI32=sim-dll"; exit 2
    fi
    case "$PEER" in quick) peer_mode=(--quick) ;; full) peer_mode=() ;;
        *) say "RASFAST_WIN_PEER_BENCH must be quick or full, not '$PEER'"; exit 2 ;; esac
    tp=$(date +%s)
    set +e
    (cd "$STAGE" && timeout -k 5 300 wine "$PYEXE" -m rasfast bench --only peer "${peer_mode[@]}" \
        --json peer.json --no-plot </dev/null 2>&1) | sed -u 's/\r$//' >"$STAGE/peer.log"
    prc=${PIPESTATUS[0]}
    set -e
    sed 's/^/    /' "$STAGE/peer.log"
    [ -n "${RASFAST_WIN_PEER_JSON:-}" ] && [ -f "$STAGE/peer.json" ] && cp "$STAGE/peer.json" "$RASFAST_WIN_PEER_JSON"
    rows="$(grep -c '^peer ' "$STAGE/peer.log" || true)"
    if [ "$prc" = 0 ] && [ "$rows" = 4 ]; then
        say "peer bench ($PEER): $rows rows, $(( $(date +%s) - tp ))s"
    else
        say "peer bench ($PEER) FAILED (exit $prc, $rows of 4 rows)"
        [ "$rc" = 0 ] && rc=1
    fi
fi
say "total $(( $(date +%s) - t0 ))s"
exit "$rc"
