#!/usr/bin/env bash
# x86 (32-bit Windows) at run time: builds the C core for i686 with
# i686-w64-mingw32-gcc and runs it under 32-bit Wine:
#   a. tests/native/sim_selftest.c  - the simulated RAS service;
#   b. tests/native/stress_core.c   - ring, parking, shim, dial, simulator
#      (platform_win32.c in place of platform_posix.c/park_futex.c);
#   b2. tests/native/sim_hwnd_win32.c - the simulator's window notifier
#      (WM_RASDIALEVENT posted to a message-only window; 87 for a non-window);
#   c. tests/native/win32_dial_driver.c - dials through the i686
#      rasapi32.dll built from the simulator (cross_build.py --sim-dll, as
#      the product builds it), loaded by rasfast's own rasapi32 provider,
#      with rasfast's WINAPI notifier called by the DLL's threads;
#   d. the positive control: the same driver linked with a scratch copy of
#      csrc/ whose rf_notifier lacks RF_WINAPI (cdecl) MUST fail; this
#      script fails if it passes.
# Without 32-bit Wine (.cache/win/wine32.status is not "installed") it says
# so loudly, falls back to the compile-only i686 check and exits 0.
#
#   bash .ci/windows/x86.sh      (after .ci/windows/setup.sh)
#
# Prints a summary line per program; exit status 0 only if all runs pass
# and the control fails.  RASFAST_WIN_CACHE moves the cache (.cache/win);
# RASFAST_X86_KEEP=1 keeps the programs and logs (the temp dir is printed).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
CACHE="${RASFAST_WIN_CACHE:-$ROOT/.cache/win}"
t0=$(date +%s)
say() { printf '[x86] %s\n' "$*"; }
banner() {
    echo "########################################################################"
    printf '#  %s\n' "$@"
    echo "########################################################################"
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/rasfast-x86.XXXXXX")"
if [ "${RASFAST_X86_KEEP:-0}" = 1 ]; then
    say "keeping the build and logs in $WORK"
else
    trap 'rm -rf "$WORK"' EXIT
fi

CC=i686-w64-mingw32-gcc
command -v "$CC" >/dev/null || { say "missing $CC: run .ci/windows/setup.sh"; exit 1; }

ext=()
[ -f csrc/records.c ] && ext=(--extension rasfast._records=csrc/records.c)

# The product's i686 build: the extension's C files compiled (no 32-bit
# CPython to link against) and rasapi32.dll linked from the simulator.
product_build() {
    if ! python3 .ci/windows/cross_build.py --arch i686 --compile-only --sim-dll "${ext[@]}" \
            --python "$CACHE/cp313" --out "$WORK/build" >"$WORK/cross-build.log" 2>&1; then
        tail -30 "$WORK/cross-build.log"
        say "i686 cross build FAILED"
        exit 1
    fi
    say "i686 product build: $(grep -c -- ' -c ' "$WORK/cross-build.log") C files compiled, rasapi32.dll linked"
}

wine32_status="$(cat "$CACHE/wine32.status" 2>/dev/null || echo "no $CACHE/wine32.status (run .ci/windows/setup.sh)")"
if [ "$wine32_status" != installed ]; then
    banner "WARNING: 32-bit Wine unavailable: x86 checked at compile time only" \
           "wine32.status: $wine32_status" \
           "Nothing 32-bit runs: sim_selftest, stress_core and the rasapi32 dial" \
           "driver are NOT run for i686, the stdcall positive control is NOT run."
    product_build
    say "x86 summary: compile-only (32-bit Wine unavailable), $(( $(date +%s) - t0 ))s"
    exit 0
fi

# ------------------------------------------------------------------ build ---
# The extension's flags (cross_build.py: -O2 -DNDEBUG, the i686 -Werror set,
# rasfast/_build.py's win32 macros and -std=c11); printf's %llu via
# mingw's own stdio for the test programs.
CFLAGS=(-std=c11 -O2 -DNDEBUG -Wall -Wno-unused-function -Wno-unused-variable
        -Wno-unused-but-set-variable
        -Werror=incompatible-pointer-types -Werror=int-conversion
        -Werror=implicit-function-declaration -Werror=pointer-to-int-cast
        -Werror=int-to-pointer-cast
        -D_WIN32_WINNT=0x0602 -DWINVER=0x0602 -D__USE_MINGW_ANSI_STDIO=1)
LIBS=(-static-libgcc -lsynchronization)
SIM=(sim_engine.c sim_phonebook.c sim_rasapi.c sim_entries.c sim_controls.c sim_strings.c sim_link.c
     ras_errors.c)
CORE=(ring.c hub.c shim.c clock.c dial.c dial_thread.c entries.c link.c watcher.c "${SIM[@]}" hist.c testing_producer.c testing_calls.c
      testing_link_static.c provider_rasapi32.c platform_win32.c)

compile() {   # LOG ARGS...: the compiler, its output shown (warnings), fatal on error
    local log=$1
    shift
    if ! "$CC" "$@" >"$log" 2>&1; then
        cat "$log"
        say "build FAILED: $CC $*"
        exit 1
    fi
    if [ -s "$log" ]; then cat "$log"; fi
}
objects() {   # CSRC-DIR OBJ-DIR: the core compiled once per variant
    mkdir -p "$2"
    for f in "${CORE[@]}"; do compile "$2/${f%.c}.log" "${CFLAGS[@]}" -I"$1" -c "$1/$f" -o "$2/${f%.c}.o"; done
}
link_exe() {   # OUT.exe CSRC-DIR OBJ-DIR MAIN.c CORE-FILES...
    local out=$1 csrc=$2 obj=$3 main=$4
    shift 4
    local objs=()
    for f in "$@"; do objs+=("$obj/${f%.c}.o"); done
    compile "$out.log" "${CFLAGS[@]}" -I"$csrc" -o "$out" "$main" "${objs[@]}" "${LIBS[@]}"
}

t_build=$(date +%s)
product_build
RUN="$WORK/run"        # the driver beside the DLL, as python.exe is in run-tests.sh
mkdir -p "$RUN" "$WORK/ctl"
cp "$WORK/build/rasapi32.dll" "$RUN/rasapi32.dll"
cp "$WORK/build/rasapi32.dll" "$WORK/ctl/rasapi32.dll"
objects csrc "$WORK/obj"
link_exe "$WORK/sim_selftest.exe" csrc "$WORK/obj" tests/native/sim_selftest.c "${SIM[@]}" \
    platform_win32.c hist.c testing_calls.c testing_link_static.c shim.c clock.c ring.c hub.c dial.c dial_thread.c \
    entries.c link.c watcher.c provider_rasapi32.c
link_exe "$WORK/stress_core.exe" csrc "$WORK/obj" tests/native/stress_core.c "${CORE[@]}"
link_exe "$WORK/sim_hwnd_win32.exe" csrc "$WORK/obj" tests/native/sim_hwnd_win32.c "${SIM[@]}" \
    platform_win32.c hist.c
link_exe "$RUN/win32_dial_driver.exe" csrc "$WORK/obj" tests/native/win32_dial_driver.c "${CORE[@]}"

# The control's core: a scratch copy of csrc/ in which rf_notifier (its
# definition in shim.c, its declaration in ras_abi.h) loses RF_WINAPI.  The
# product sources are never touched.
CTL_SRC="$WORK/csrc-cdecl"
cp -r csrc "$CTL_SRC"
for f in shim.c ras_abi.h; do
    grep -q 'uint32_t RF_WINAPI rf_notifier(' "csrc/$f" \
        || { say "csrc/$f: no 'uint32_t RF_WINAPI rf_notifier(' to remove: update the control"; exit 1; }
    sed -i 's/uint32_t RF_WINAPI rf_notifier(/uint32_t rf_notifier(/' "$CTL_SRC/$f"
    if grep -q 'RF_WINAPI rf_notifier' "$CTL_SRC/$f" || ! grep -q 'uint32_t rf_notifier(' "$CTL_SRC/$f"; then
        say "the control's sed did not apply to $f"; exit 1
    fi
done
objects "$CTL_SRC" "$WORK/obj-cdecl"
link_exe "$WORK/ctl/win32_dial_driver.exe" "$CTL_SRC" "$WORK/obj-cdecl" tests/native/win32_dial_driver.c "${CORE[@]}"
# The variants really differ: __stdcall decorates the symbol with its
# argument bytes (_rf_notifier@28), cdecl does not.
notifier_symbol() { i686-w64-mingw32-nm "$1" | awk '$2 == "T" && $3 ~ /^_rf_notifier(@|$)/ {print $3}'; }
sym_product="$(notifier_symbol "$WORK/obj/shim.o")"
sym_control="$(notifier_symbol "$WORK/obj-cdecl/shim.o")"
if [ "$sym_product" != "_rf_notifier@28" ] || [ "$sym_control" != "_rf_notifier" ]; then
    say "unexpected notifier symbols: product '$sym_product' (want _rf_notifier@28), control '$sym_control' (want _rf_notifier)"
    exit 1
fi
say "built in $(( $(date +%s) - t_build ))s; notifier symbol: product $sym_product, control $sym_control"

# -------------------------------------------------------------------- run ---
export WINEPREFIX="$CACHE/wineprefix" WINEDEBUG=-all
status=0
wine_run() {   # NAME DIR EXE SECONDS: output in $WORK/NAME.log, exit code in $rc
    local name=$1 dir=$2 exe=$3 secs=$4
    local t=$(date +%s)
    rc=0
    (cd "$dir" && WINEDLLOVERRIDES="rasapi32=n,b" timeout -k 5 "$secs" wine "./$exe" </dev/null) \
        >"$WORK/$name.log" 2>&1 || rc=$?
    # Wine lost its server before the program printed a thing (seen once, as
    # "wine client error:0: recvmsg: Connection reset by peer", when a
    # program started while the previous one's wineserver was exiting): the
    # program never ran, so it runs once more, and the output says so.
    if [ "$rc" != 0 ] && grep -q 'wine client error' "$WORK/$name.log" \
        && ! grep -v -q 'wine client error' "$WORK/$name.log"; then
        say "$name: WINE LOST ITS SERVER BEFORE THE PROGRAM RAN ($(cat "$WORK/$name.log")): running it once more"
        rc=0
        (cd "$dir" && WINEDLLOVERRIDES="rasapi32=n,b" timeout -k 5 "$secs" wine "./$exe" </dev/null) \
            >"$WORK/$name.log" 2>&1 || rc=$?
    fi
    eval "t_$name=$(( $(date +%s) - t ))"
    if grep -q -i 'could not load kernel32.dll' "$WORK/$name.log"; then
        say "$name: Wine could not load kernel32.dll: 32-bit Wine is broken or the prefix lacks its 32-bit half"
    fi
}
show() { sed "s/^/    [$1] /" "$WORK/$1.log"; }

say "run: sim_selftest (i686, 32-bit Wine)"
wine_run sim_selftest "$WORK" sim_selftest.exe 120
show sim_selftest
if [ "$rc" = 0 ] && grep -q '^sim_selftest: all passed' "$WORK/sim_selftest.log"; then
    s_sim="OK: $(grep -c '^test_' "$WORK/sim_selftest.log") tests passed, $(grep -o '[0-9]* instant dials connected in [0-9.]* ms' "$WORK/sim_selftest.log" || echo '?'), ${t_sim_selftest}s"
else
    s_sim="FAILED (exit $rc)"; status=1
fi

say "run: stress_core (i686, 32-bit Wine)"
wine_run stress_core "$WORK" stress_core.exe 150
show stress_core
if [ "$rc" = 0 ] && grep -q '^stress_core: all passed' "$WORK/stress_core.log"; then
    s_stress="OK: all phases passed, $(grep -o '[0-9]* notifier calls in all' "$WORK/stress_core.log"), $(grep -o '[0-9]* concurrent dials' "$WORK/stress_core.log"), ${t_stress_core}s"
else
    s_stress="FAILED (exit $rc)"; status=1
fi

say "run: sim_hwnd_win32 (i686, 32-bit Wine)"
wine_run sim_hwnd_win32 "$WORK" sim_hwnd_win32.exe 60
show sim_hwnd_win32
if [ "$rc" = 0 ] && grep -q '^sim_hwnd_win32: all passed' "$WORK/sim_hwnd_win32.log"; then
    s_hwnd="OK: window notifier, ${t_sim_hwnd_win32}s"
else
    s_hwnd="FAILED (exit $rc)"; status=1
fi

say "run: win32_dial_driver (i686, 32-bit Wine, rasapi32.dll = the simulator, rasapi32=n,b)"
wine_run driver "$RUN" win32_dial_driver.exe 90
show driver
driver_line="$(grep '^win32_dial_driver (' "$WORK/driver.log" | tail -1 || true)"
if [ "$rc" = 0 ] && [ -n "$driver_line" ]; then
    s_driver="OK: ${driver_line#win32_dial_driver (i686): }"
else
    s_driver="FAILED (exit $rc)"; status=1
fi

say "run: POSITIVE CONTROL - win32_dial_driver with a cdecl rf_notifier (must FAIL)"
wine_run control "$WORK/ctl" win32_dial_driver.exe 90
show control
ctl_why="$(grep -E 'unhandled exception|^FAIL|still running' "$WORK/control.log" | head -3 \
    | sed 's/^win32_dial_driver: //' | paste -sd';' - | sed 's/;/; /g' || true)"
if [ "$rc" = 0 ]; then
    s_ctl="BROKEN: the cdecl notifier PASSED (exit 0): the run cannot see a calling-convention mismatch"
    status=1
elif [ -z "$ctl_why" ] || [ "$s_driver" = "${s_driver#OK}" ]; then
    # Failing for a reason of its own (no Wine, no DLL) proves nothing.
    s_ctl="INCONCLUSIVE: exit $rc without a crash report or a failed check (or the real driver failed too)"
    status=1
else
    s_ctl="OK, failed as it must: exit $rc: $ctl_why"
fi

echo
echo "=== x86 (i686 Windows under 32-bit Wine) summary ==="
echo "sim_selftest:       $s_sim"
echo "stress_core:        $s_stress"
echo "sim_hwnd_win32:     $s_hwnd"
echo "win32_dial_driver:  $s_driver"
echo "positive control:   $s_ctl"
echo "wall time: $(( $(date +%s) - t0 ))s"
exit $status
