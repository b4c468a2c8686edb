#!/usr/bin/env bash
# The Windows build, verified on Linux: mingw-w64 cross-build, rasfast's
# Windows wheel installed by Windows pip, and the test suite on Windows
# CPython 3.13 under Wine 8; then 32-bit x86 under 32-bit Wine.
#
#   1. setup.sh: apt mingw-w64, wine, wine64, wine32:i386 (when the mirror
#      serves it), Windows CPython + wheels, a WINEPREFIX (cached in
#      .cache/win/, git-ignored).
#   2. The whole suite under Wine against the pip-installed
#      rasfast-<v>-cp39-abi3-win_amd64.whl, Wine's own (stub) rasapi32: the
#      simulated provider with the Windows clock (QPC), WaitOnAddress parking
#      and Windows threads calling the WINAPI shim; the rasapi32 provider's
#      error paths against the stubs; `rasfast.exe dial "Demo VPN"`.
#   3. tests/test_windows_rasapi32.py again with rasapi32.dll built from the
#      simulated service (csrc/rasapi32_sim_dll.c) in place of Wine's: dials
#      through the real provider (backend="win32") end to end, and the
#      console script dials through it with the default backend.  In the
#      same run, a real client nobody here wrote: pywin32 312's win32ras
#      (tests/test_pywin32_win32ras.py; it must run, not skip), and the
#      hold-time comparison with it (`rasfast bench --only peer --quick`).
#   4. x86 (i686) under 32-bit Wine (.ci/windows/x86.sh): the native tests
#      and a driver dialling through the i686 sim rasapi32.dll with
#      rasfast's WINAPI notifier, plus its positive control; compile-only,
#      said loudly, where wine32 does not install.
#   5. A foreign C client (.ci/windows/ras-client.sh): tests/native/ras_client.c
#      compiled against mingw-w64's own ras.h at WINVER 0x0501 and with the
#      newest sizes by hand, x86_64 and i686, dialing the sim DLL with every
#      notifier type (NULL, 0, 1, 2, HWND).
#
# Prints the Windows pass/skip/fail counts; fails when any run fails.
# ci: first
set -euo pipefail
cd "$(dirname "$0")/../.."
t0=$(date +%s)
log="$(mktemp -d "${TMPDIR:-/tmp}/rasfast-ci-win.XXXXXX")"
trap 'rm -rf "$log"' EXIT
say() { printf '[40-windows] %s\n' "$*"; }

bash .ci/windows/setup.sh
t_setup=$(( $(date +%s) - t0 ))

status=0
run_wine() {   # NAME RASAPI32 SELECT PYTEST-ARGS...
    local name=$1 rasapi32=$2 select=$3 rc=0
    shift 3
    say "Wine run: $name"
    RASFAST_WIN_RASAPI32="$rasapi32" RASFAST_WIN_SELECT="$select" \
        bash .ci/windows/run-tests.sh -rs "$@" 2>&1 \
        | grep -v -E '^\[cross-build\] \$ ' | tee "$log/$name.log" || rc=$?
    [ "$rc" = 0 ] || status=1
}

# One host wheel for both runs: each turns it into the Windows wheel.
# From a clean copy of the tracked files: a checkout's build/ may hold
# objects of another variant that setuptools would take as up to date.
wheeldir="$log/host-wheel"
mkdir -p "$log/wheel-src"
git ls-files -co --exclude-standard -z \
    | xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh \
    | xargs -0 -r cp --parents -t "$log/wheel-src/"
python3 -m pip wheel -q --no-deps -w "$wheeldir" "$log/wheel-src" 2>&1 | grep -v "is ignored" || true
RASFAST_WIN_HOST_WHEEL="$(ls "$wheeldir"/rasfast-*.whl)"
export RASFAST_WIN_HOST_WHEEL

t1=$(date +%s)
run_wine suite wine tests
t_suite=$(( $(date +%s) - t1 ))

t1=$(date +%s)
# -s shows the end-to-end dial's timeline; -vv (with run-tests.sh's -q)
# names each test.
RASFAST_WIN_PEER_BENCH=quick RASFAST_WIN_PEER_JSON="$log/peer.json" \
    run_wine sim-dll sim-dll "tests/test_windows_rasapi32.py tests/test_pywin32_win32ras.py" -vv -s
t_dll=$(( $(date +%s) - t1 ))
# pywin32's tests must have run: a skip (win32ras not importable, the DLL
# not in front) would otherwise pass unseen.
pyw() { grep -cE "^tests/test_pywin32_win32ras\.py::.* $1" "$log/sim-dll.log" || true; }
pyw_pass=$(pyw PASSED) pyw_skip=$(pyw SKIPPED) pyw_fail=$(( $(pyw FAILED) + $(pyw ERROR) ))
pywin32="passed=$pyw_pass skipped=$pyw_skip failed=$pyw_fail"
if [ "$pyw_pass" = 0 ] || [ "$pyw_skip" != 0 ] || [ "$pyw_fail" != 0 ]; then
    pywin32="$pywin32: FAILED (every test must run and pass)"
    status=1
fi

t1=$(date +%s)
i686=FAILED
if bash .ci/windows/x86.sh >"$log/i686.log" 2>&1; then
    i686="$( { grep -E '^\[x86\] (x86 summary|WARNING)' "$log/i686.log" | sed 's/^\[x86\] //'
               sed -n '/^=== x86/,$p' "$log/i686.log" | tail -n +2; } | paste -sd ';' - | sed 's/;/; /g')"
else
    tail -40 "$log/i686.log"
    status=1
fi
grep -v -E '^\[cross-build\] \$ ' "$log/i686.log" | sed 's/^/    /' | tail -25
t_i686=$(( $(date +%s) - t1 ))

t1=$(date +%s)
client_rc=0
bash .ci/windows/ras-client.sh >"$log/ras-client.log" 2>&1 || client_rc=$?
[ "$client_rc" = 0 ] || { grep -v '^\[cross-build\]' "$log/ras-client.log" | tail -40; status=1; }
t_client=$(( $(date +%s) - t1 ))

counts() { grep -E '^\[win-tests\] Windows \(Wine' "$log/$1.log" | tail -1 | sed 's/^\[win-tests\] //' || true; }
echo
script() { grep -E '^\[win-tests\] console script' "$log/$1.log" | tail -1 | sed 's/^\[win-tests\] //' || true; }
echo "=== Windows summary ==="
echo "whole suite, Windows CPython 3.13 under Wine, pip-installed wheel, rasapi32 = Wine's stubs:"
echo "    $(counts suite)"
echo "    $(script suite)"
echo "rasapi32 provider and pywin32 against the simulated-service rasapi32.dll, pip-installed wheel:"
echo "    $(counts sim-dll)"
echo "    $(script sim-dll)"
echo "pywin32 312 win32ras against the sim DLL (tests/test_pywin32_win32ras.py): $pywin32"
echo "hold time on the sim DLL's RAS threads, pywin32 vs rasfast (rasfast bench --only peer --quick):"
grep -E '^    (peer |Question|--------)' "$log/sim-dll.log" | sed 's/^    /    /' || echo "    (no table: the peer run FAILED)"
echo "win32 (i686): $i686"
echo "foreign C client (mingw-w64 ras.h; notifiers NULL, 0, 1, 2, HWND):"
sed -n '/^=== ras_client/,/^wall time/p' "$log/ras-client.log" | sed '1d;$d; s/^/    /'
echo "wall time: setup ${t_setup}s, suite ${t_suite}s, sim DLL + pywin32 + peer ${t_dll}s, i686 ${t_i686}s, C client ${t_client}s, total $(( $(date +%s) - t0 ))s"
exit $status
