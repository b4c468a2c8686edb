#!/usr/bin/env bash
# A foreign C client of the sim DLL: tests/native/ras_client.c, compiled
# against mingw-w64's own ras.h at WINVER 0x0501 and with the newest
# structure sizes declared by hand (SDK Ras.h), for x86_64 and i686, each
# run under Wine beside the rasapi32.dll built from the simulator of its
# architecture (cross_build.py --sim-dll), dialing with every notifier type.
#
#   bash .ci/windows/ras-client.sh      (after .ci/windows/setup.sh)
#
# Without 32-bit Wine (.cache/win/wine32.status) the i686 builds are
# compiled, not run, and the summary says so.  Prints one summary line per
# build; exit status 0 only when every run passed.
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE="${RASFAST_WIN_CACHE:-$PWD/.cache/win}"
t0=$(date +%s)
say() { printf '[ras-client] %s\n' "$*"; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/rasfast-ras-client.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
export WINEPREFIX="$CACHE/wineprefix" WINEDEBUG=-all
have_wine32=0
[ "$(cat "$CACHE/wine32.status" 2>/dev/null)" = installed ] && have_wine32=1

# layout name, header, WINVER it is built at
LAYOUTS=("mingw ras_client_mingw.h 0x0501" "sdk ras_client_sdk.h 0x0A00")
status=0
summary=()
for arch in x86_64 i686; do
    out="$WORK/$arch"
    mkdir -p "$out"
    if ! python3 .ci/windows/cross_build.py --arch "$arch" --compile-only --sim-dll \
            --python "$CACHE/cp313" --out "$out/build" >"$out/cross-build.log" 2>&1; then
        tail -20 "$out/cross-build.log"
        say "$arch: sim DLL build FAILED"
        exit 1
    fi
    for layout in "${LAYOUTS[@]}"; do
        read -r name header winver <<<"$layout"
        run="$out/$name"
        mkdir -p "$run"
        cp "$out/build/rasapi32.dll" "$run/"
        if ! "$arch-w64-mingw32-gcc" -std=c11 -O2 -Wall -Werror \
                -D_WIN32_WINNT="$winver" -DWINVER="$winver" -DUNICODE -D_UNICODE \
                -DRAS_CLIENT_HEADER="\"$header\"" -Itests/native \
                -o "$run/ras_client.exe" tests/native/ras_client.c \
                -static-libgcc -lrasapi32 -luser32 >"$run/build.log" 2>&1; then
            cat "$run/build.log"
            summary+=("$arch $name: BUILD FAILED")
            status=1
            continue
        fi
        if [ "$arch" = i686 ] && [ $have_wine32 = 0 ]; then
            summary+=("$arch $name: compiled only (32-bit Wine unavailable: $(cat "$CACHE/wine32.status" 2>/dev/null))")
            continue
        fi
        rc=0
        (cd "$run" && WINEDLLOVERRIDES="rasapi32=n,b" timeout -k 5 150 wine ./ras_client.exe </dev/null) \
            >"$run/run.log" 2>&1 || rc=$?
        tr -d '\r' <"$run/run.log" | sed "s/^/    [$arch $name] /"
        # "ras_client (ARCH, LAYOUT): SIZES" first, "ras_client (ARCH, LAYOUT): COUNTS" last
        first="$(tr -d '\r' <"$run/run.log" | grep -E '^ras_client \(.*bytes$' | head -1 || true)"
        line="$(tr -d '\r' <"$run/run.log" | grep -E '^ras_client \(.*checks' | tail -1 || true)"
        what="${first#ras_client }"
        what="${what:-($arch, $name)}"
        if [ "$rc" = 0 ] && [ -n "$line" ]; then
            summary+=("$what: OK, ${line#*): }")
        else
            summary+=("$what: FAILED (exit $rc)${line:+, ${line#*): }}")
            status=1
        fi
    done
done
echo
echo "=== ras_client (foreign C client, mingw-w64 ras.h) summary ==="
for s in "${summary[@]}"; do echo "$s"; done
echo "wall time: $(( $(date +%s) - t0 ))s"
exit $status
