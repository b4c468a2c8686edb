#!/usr/bin/env bash
# The notifier's instruction budget: callgrind counts the instructions
# rf_notifier executes per call (tests/native/notifier_cost.c, built with
# the product's flags), with no consumer parked and with one parked, and
# this step fails when either passes bench/instruction_budget.json.  Unlike
# a timing, the count does not move with the machine's load, so the budget
# can be tight.  Per call = (count over 2N calls - count over N) / N, which
# leaves out one-time costs (the first call's lazy symbol binding).
# Positive control: a scratch copy of shim.c with an extra loop in the
# notifier must fail the budget.  The product's shim.c is never modified.
set -euo pipefail
cd "$(dirname "$0")/../.."
say() { printf '[45-instructions] %s\n' "$*"; }

if ! command -v valgrind >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    . .ci/apt.sh
    ci_apt_install --no-install-recommends valgrind
fi
command -v valgrind >/dev/null || { say "FAIL: valgrind not found"; exit 1; }

OUT=$(mktemp -d "${TMPDIR:-/tmp}/rasfast-instructions.XXXXXX")
trap 'rm -rf "$OUT"' EXIT
N=1000
# The product's compile flags (rasfast/_build.py) and the Linux platform files.
build() {   # OUTPUT SHIM_C
    gcc -std=c11 -O2 -fvisibility=hidden -g -Icsrc -o "$1" tests/native/notifier_cost.c \
        "$2" csrc/clock.c csrc/ring.c csrc/hub.c csrc/platform_posix.c csrc/park_futex.c -lpthread
}
# idle and parked count the notifier; watch and drop the watcher's push
# (rf_slot_push: a record to a subscription, a dial's drop).
function_of() { case "$1" in watch|drop) echo rf_slot_push ;; *) echo rf_notifier ;; esac; }
count() {   # BINARY MODE CALLS -> instructions inside the mode's function
    valgrind --tool=callgrind --toggle-collect="$(function_of "$2")" \
        --callgrind-out-file="$OUT/cg.out" "$1" "$2" "$3" >"$OUT/run.log" 2>&1 \
        || { cat "$OUT/run.log" >&2; return 1; }
    sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$OUT/cg.out"
}
per_call() {   # BINARY MODE
    local a b
    a=$(count "$1" "$2" "$N"); b=$(count "$1" "$2" $((2 * N)))
    echo $(( (b - a) / N ))
}
budget() { python3 -c "import json,sys; print(json.load(open('bench/instruction_budget.json'))['per_call'][sys.argv[1]])" "$1"; }

say "$(gcc --version | head -1); budget from bench/instruction_budget.json ($(python3 -c "import json; print(json.load(open('bench/instruction_budget.json'))['compiler'])"))"
build "$OUT/notifier_cost" csrc/shim.c
status=0
for mode in idle parked watch drop; do
    got=$(per_call "$OUT/notifier_cost" "$mode"); max=$(budget "$mode")
    if [ "$got" -le "$max" ]; then
        say "$(function_of "$mode"), $mode: $got instructions per call (budget $max): OK"
        [ $(( got * 100 )) -lt $(( max * 95 )) ] \
            && say "  note: more than 5% under budget: lower it in bench/instruction_budget.json"
    else
        say "FAIL: $(function_of "$mode"), $mode: $got instructions per call, over the budget of $max"
        status=1
    fi
done

say "positive control: a scratch shim.c with an extra loop in the notifier"
sed 's|uint64_t id = (uint64_t)dwCallbackId;|uint64_t id = (uint64_t)dwCallbackId; for (volatile int k = 0; k < 8; k++) {}  /* INJECTED */|' \
    csrc/shim.c >"$OUT/shim_slow.c"
grep -q INJECTED "$OUT/shim_slow.c" || { say "FAIL: shim.c changed; the injection no longer applies"; exit 1; }
# The scratch copy includes the product's headers from csrc/.
sed -i 's|#include "|#include "'"$PWD"'/csrc/|' "$OUT/shim_slow.c"
build "$OUT/notifier_slow" "$OUT/shim_slow.c"
got=$(per_call "$OUT/notifier_slow" idle); max=$(budget idle)
if [ "$got" -gt "$max" ]; then
    say "positive control: $got instructions per call, over the budget of $max: fails as it must"
else
    say "FAIL: positive control: the slowed notifier ($got per call) passed the budget of $max"
    status=1
fi
exit $status
