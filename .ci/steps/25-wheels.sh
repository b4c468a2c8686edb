#!/usr/bin/env bash
# The sdist and the one abi3 wheel, as pip and users see them.
#   1. `python -m build` with the oldest CPython rasfast supports (3.9, as
#      cibuildwheel builds the release wheel) and the release setting
#      RASFAST_BUILD_TESTING=0 (no test-only native module): the sdist, then
#      the wheel built from that sdist (so the sdist is proven complete).
#   2. Both checked by .ci/check_dist.py (tags, RECORD, entry point, contents);
#      `auditwheel show` (the manylinux policy the wheel meets) and
#      `abi3audit --strict` (no symbol outside the stable ABI).
#   3. That same wheel file, not a rebuild, installed into a fresh venv of
#      every CPython 3.9-3.13: the whole suite on 3.9 and 3.13, the buffer,
#      dial and CLI tests on the others.
# An interpreter that is missing is reported; it fails CI where it should
# exist (pyenv is installed, as on the project's CI machines, see
# ../shared/DESIGN.md) and is skipped with a warning elsewhere.
# The README's two commands from the unpacked sdist are .ci/steps/20-readme.sh.
# ci: first
set -euo pipefail
cd "$(dirname "$0")/../.."
say() { printf '[25-wheels] %s\n' "$*"; }
t0=$(date +%s)
work="$PWD/.cache/wheels"
rm -rf "$work"; mkdir -p "$work"

find_python() {   # VERSION -> path of a CPython of that minor version, or nothing
    local v=$1 p
    for p in "$(command -v "python$v" 2>/dev/null || true)" \
             "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$v".*/bin/"python$v"; do
        [ -n "$p" ] && [ -x "$p" ] && "$p" -c "import sys; assert sys.version_info[:2] == tuple(map(int, '$v'.split('.')))" 2>/dev/null \
            && { echo "$p"; return; }
    done
}
have_pyenv=0
{ command -v pyenv >/dev/null || [ -d "${PYENV_ROOT:-$HOME/.pyenv}/versions" ]; } && have_pyenv=1

fresh_venv() {   # PYTHON DIR
    rm -rf "$2"
    "$1" -m venv "$2"
    "$2/bin/python" -m pip install -q -U pip 2>&1 | grep -v "is ignored" || true
}

# ------------------------------------------------------------ 1. build ---
py39="$(find_python 3.9)"
if [ -z "$py39" ]; then
    [ $have_pyenv = 1 ] && { say "FAIL: CPython 3.9 is missing (pyenv has no 3.9.x)"; exit 1; }
    py39=python3; say "WARNING: no CPython 3.9 here: building with $(python3 -V)"
fi
say "building the sdist and the wheel with $("$py39" -V)"
fresh_venv "$py39" "$work/build-venv"
"$work/build-venv/bin/python" -m pip install -q build auditwheel abi3audit 2>&1 | grep -v "is ignored" || true
src="$work/src"
# From the tracked files only: what a fresh clone (and a release) has.
mkdir -p "$src"
git ls-files -co --exclude-standard -z | xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh | xargs -0 cp --parents -t "$src/"
RASFAST_BUILD_TESTING=0 "$work/build-venv/bin/python" -m build --outdir "$work/dist" "$src" >"$work/build.log" 2>&1 \
    || { tail -30 "$work/build.log"; say "FAIL: python -m build"; exit 1; }
sdist=$(ls "$work"/dist/*.tar.gz); wheel=$(ls "$work"/dist/*.whl)
say "built $(basename "$sdist") and $(basename "$wheel")"

# ------------------------------------------------------------ 2. audit ---
python3 .ci/check_dist.py sdist "$sdist"
python3 .ci/check_dist.py wheel "$wheel" --platform "linux_$(uname -m)" --native .abi3.so --release
"$work/build-venv/bin/auditwheel" show "$wheel" | tee "$work/auditwheel.txt" | sed 's/^/    /'
grep -qE 'is consistent with the following platform tag:|consistent with' "$work/auditwheel.txt" \
    || { say "FAIL: auditwheel found no manylinux policy the wheel meets"; exit 1; }
"$work/build-venv/bin/abi3audit" --strict --report "$wheel" >"$work/abi3audit.json" 2>"$work/abi3audit.log" \
    || { cat "$work/abi3audit.log" "$work/abi3audit.json"; say "FAIL: abi3audit"; exit 1; }
say "abi3audit --strict: $(python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
specs = r['specs'][next(iter(r['specs']))]['wheel']
objs = [o for o in specs if o.get('result')]
bad = sum(len(o['result'].get('non_abi3_symbols', [])) for o in objs)
print(f'{len(objs)} shared objects, {bad} symbols outside the stable ABI, '
      + ', '.join(f\"{o['name']}: computed {o['result'].get('computed')}\" for o in objs))
" "$work/abi3audit.json" 2>/dev/null || echo "passed")"

# -------------------------------------------------- 3. every CPython ---
status=0
summary=()
for v in 3.9 3.10 3.11 3.12 3.13; do
    py="$(find_python "$v")"
    if [ -z "$py" ]; then
        if [ $have_pyenv = 1 ]; then
            summary+=("CPython $v: MISSING (pyenv is here, so it should be): FAIL"); status=1
        else
            summary+=("CPython $v: not installed here (skipped)")
        fi
        continue
    fi
    venv="$work/venv-$v"
    fresh_venv "$py" "$venv"
    "$venv/bin/python" -m pip install -q "$wheel[test]" 2>&1 | grep -v "is ignored" || true
    case $v in
        3.9|3.13) select=(tests) ;;
        *) select=(tests/test_buffer.py tests/test_dial.py tests/test_cli.py) ;;
    esac
    say "CPython $v ($("$venv/bin/python" -V)): pytest ${select[*]}"
    rc=0
    # The same command as the README's, from the checkout: the installed
    # wheel is what it imports (pytest is the console script).
    "$venv/bin/pytest" -q -p no:cacheprovider "${select[@]}" >"$work/pytest-$v.log" 2>&1 || rc=$?
    line="$(grep -E '^[0-9]+ (passed|failed)|^=+ .*(passed|failed)' "$work/pytest-$v.log" | tail -1 | tr -d '=')"
    [ $rc = 0 ] || { tail -40 "$work/pytest-$v.log"; status=1; }
    summary+=("CPython $v, ${select[*]}: ${line:-no summary} (exit $rc)")
    rm -rf "$venv"
done
echo
echo "=== one cp39-abi3 wheel, every CPython ==="
echo "wheel: $(basename "$wheel") ($(grep -oE 'manylinux_[0-9]+_[0-9]+_[a-z0-9_]+' "$work/auditwheel.txt" | head -1) per auditwheel)"
printf '%s\n' "${summary[@]}"
say "wall time $(( $(date +%s) - t0 ))s"
exit $status
