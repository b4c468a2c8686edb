#!/usr/bin/env bash
# rasfast's RAS ABI against an independent definition, mingw-w64's ras.h,
# raserror.h and winerror.h, at compile time (issue "install").
#   1. Coverage: every structure, field, macro, enum constant and function
#      type of csrc/ras_abi.h and every number of csrc/ras_numbers.h must be
#      named by tests/native/ras_abi_check.c; no other csrc file may define
#      a RAS number (a second copy); and every RAS number of rasfast/enums.py
#      and rasfast/errors.py (written there or taken from the compiled
#      module's lib) must have the SDK name it equals in the check file (or
#      this step fails).  The Python values and their checks are extracted
#      into a scratch header the C file includes (-DRF_ABI_EXTRACTED).
#   2. tests/native/ras_abi_check.c compiled (-fsyntax-only) for x86_64 and
#      i686 at each WINVER below; its _Static_asserts are counted per kind.
#   3. Positive controls, each of which must fail: a scratch ras_abi.h with
#      szUserName and szPassword swapped, a scratch ras_numbers.h with an
#      error code changed, one without __stdcall on x86 (scratch platform.h),
#      a scratch Python value changed, and four for the coverage check.  The
#      product files are never modified: scratch copies go first on the
#      include path.
set -euo pipefail
cd "$(dirname "$0")/../.."

# mingw's ras.h picks structure versions by _WIN32_WINNT: RASDIALPARAMSW
# without dwIfIndex below 0x0601 (RF_RASDIALPARAMSW_SIZE_0401), with it at
# 0x0601 (rasfast sends that one), and RASTUNNELENDPOINT from 0x0601.  The
# other structures have one version in mingw-w64; the newer versions
# (RASDIALPARAMSW 0x0602, RASDIALEXTENSIONS and RASCONNSTATUSW 0x0601,
# RASCONNW 0x0600) and the WINVER 0x0400 sizes are pinned in the check file
# from the SDK's Ras.h (the DotRas copy, includes/um/Ras.h).
WINVERS="0x0501 0x0600 0x0601"
ARCHES="x86_64 i686"
CFLAGS=(-std=c11 -Wall -Wextra -Werror -fsyntax-only)
SRC=tests/native/ras_abi_check.c
say() { printf '[35-ras-abi] %s\n' "$*"; }

missing=0
for arch in $ARCHES; do
    command -v "$arch-w64-mingw32-gcc" >/dev/null 2>&1 || missing=1
done
if [ "$missing" = 1 ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    say "installing the mingw-w64 cross compilers"
    . .ci/apt.sh
    ci_apt_install --no-install-recommends gcc-mingw-w64-x86-64 gcc-mingw-w64-i686
fi
for arch in $ARCHES; do
    if ! command -v "$arch-w64-mingw32-gcc" >/dev/null 2>&1; then
        echo "FAIL: $arch-w64-mingw32-gcc not found (apt-get install gcc-mingw-w64-x86-64 gcc-mingw-w64-i686)" >&2
        exit 1
    fi
done

OUT=$(mktemp -d "${TMPDIR:-/tmp}/rasfast-ras-abi.XXXXXX")
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$OUT/extracted"

mingw_version=$(printf '#include <windows.h>\n__MINGW64_VERSION_MAJOR.__MINGW64_VERSION_MINOR.__MINGW64_VERSION_BUGFIX\n' \
    | x86_64-w64-mingw32-gcc -E -P -x c - | tail -1 | tr -d ' ')
say "mingw-w64 $mingw_version headers; $(x86_64-w64-mingw32-gcc --version | head -1)"

# --- 1. coverage, and the values of rasfast/*.py -------------------------
cat > "$OUT/coverage.py" <<'PY'
"""Names rasfast's RAS ABI defines that the check file never names.

usage: coverage.py RAS_ABI_H RAS_NUMBERS_H CHECK_C CSRC_DIR PY_DIR EXTRACTED_H
Writes EXTRACTED_H (the RF_PY_* values and RF_PY_CHECKS, their checks),
prints one line per unchecked name, exits 1 if there is any."""
import enum
import importlib
import re
import sys
import types
from pathlib import Path

abi_h, numbers_h, check_c, csrc, pydir, out = map(Path, sys.argv[1:])


def strip_comments(text):
    return re.sub(r"/\*.*?\*/|//[^\n]*", " ", text, flags=re.S)


def enum_constants(text):
    """(name, value or None when not a plain number) of every enum constant,
    implicit values counted as C counts them."""
    found = []
    for body in re.findall(r"\benum\s*\w*\s*\{(.*?)\}", text, re.S):
        value = -1
        for item in filter(None, (i.strip() for i in body.split(","))):
            m = re.fullmatch(r"(\w+)\s*(?:=\s*(.+))?", item, re.S)
            if not m:
                continue
            if m.group(2) is None:
                value = None if value is None else value + 1
            elif re.fullmatch(r"(0[xX][0-9a-fA-F]+|[0-9]+)", m.group(2).strip()):
                value = int(m.group(2).strip(), 0)
            else:
                value = None
            found.append((m.group(1), value))
    return found


abi = strip_comments(abi_h.read_text())
numbers = strip_comments(numbers_h.read_text())
check = strip_comments(check_c.read_text())
words = set(re.findall(r"\w+", check))
missing = []

# csrc/ras_abi.h and csrc/ras_numbers.h: macros (include guards aside), enum
# constants, typedef'd scalars, function types.
names = set()
for header, text in (("ras_abi.h", abi), ("ras_numbers.h", numbers)):
    guards = set(re.findall(r"^\s*#\s*ifndef\s+(\w+)", text, re.M))
    here = set(re.findall(r"^\s*#\s*define\s+(\w+)", text, re.M)) - guards
    here.update(n for n, _ in enum_constants(text) if n.startswith("RF_"))
    missing += [f"csrc/{header}: {n}" for n in sorted(here) if n not in words]
    names |= here
typedefs = set(re.findall(r"^\s*typedef\s+[\w\s]+?[\s*](rf_\w+)\s*;", abi, re.M))
typedefs.update(re.findall(r"\(\s*RF_WINAPI\s*\*\s*(\w+)\s*\)", abi))  # pointer types, members
typedefs.update(re.findall(r"\bRF_WINAPI\s+(\w+)\s*\(", abi))          # functions (rf_notifier)
missing += [f"csrc/ras_abi.h: {n}" for n in sorted(typedefs) if n not in words]

# csrc/ras_abi.h: structures and every field.
for tag, body, name in re.findall(r"typedef\s+struct\s+(\w+)\s*\{(.*?)\}\s*(\w+)\s*;", abi, re.S):
    if not name.startswith("RF_"):
        continue                                     # rf_provider: its members above
    if name not in words:
        missing.append(f"csrc/ras_abi.h: structure {name}")
    for decl in body.split(";"):
        m = re.search(r"(\w+)\s*(\[[^\]]*\])?\s*$", decl.strip())
        if not m:
            continue
        field = m.group(1)
        call = rf"CHECK_\w+\(\s*{name}\s*,(?:[^,()]*,)?\s*{field}\s*[,)]"
        if not re.search(call, check):
            missing.append(f"csrc/ras_abi.h: field {name}.{field}")

# Other csrc files: a RAS or Windows-error number there is a second copy
# (they belong in csrc/ras_numbers.h), #defined or an enum constant.
ras_name = re.compile(r"(^|_)(ERROR|PENDING|RASBASE|RASCS|RASCN|RASCM|RASEO2?|RDEOPT|RASP"
                      r"|RASET|WM_RASDIALEVENT|UNLEN|PWLEN|DNLEN|MAX_PATH|RAS_Max\w*)(_|$)"
                      r"|_SIZE$")
for path in sorted(csrc.glob("*.[ch]")):
    if path.name in ("ras_abi.h", "ras_numbers.h"):
        continue                                     # checked above (or a scratch copy is)
    text = strip_comments(path.read_text())
    here = re.findall(r"^\s*#\s*define\s+(\w+)", text, re.M)
    here += [n for n, _ in enum_constants(text)]
    for name in here:
        if ras_name.search(name):
            missing.append(f"csrc/{path.name}: {name}: RAS numbers belong in csrc/ras_numbers.h")


# rasfast/enums.py and rasfast/errors.py, imported as a package of their own
# (rasfast/__init__.py needs the compiled module) whose _native is a
# stand-in: its lib holds the enum constants of the cdef's headers.  So the
# values checked are the ones Python ends up with, whether a module writes
# them or takes them from lib.  EventFlag is rasfast's own, not a RAS number.
def load(modnames):
    headers = re.findall(r'^\s*#\s*include\s+"([^"]+)"', (csrc / "rasfast.h").read_text(), re.M)
    lib = types.SimpleNamespace()
    for header in headers:
        for n, v in enum_constants(strip_comments((csrc / header).read_text())):
            if v is not None:
                setattr(lib, n, v)
    for n, v in enum_constants(numbers):             # the one being checked (a scratch copy)
        if v is not None:
            setattr(lib, n, v)
    package = types.ModuleType("_rf_abi_py")
    package.__path__ = [str(pydir)]
    native = types.ModuleType("_rf_abi_py._native")
    native.lib, native.ffi = lib, None
    package._native = native
    sys.modules.update({"_rf_abi_py": package, "_rf_abi_py._native": native})
    try:
        return {name: importlib.import_module(f"_rf_abi_py.{name}") for name in modnames}
    except Exception as e:
        sys.exit(f"cannot import rasfast/*.py with a stand-in rasfast._native (lib holds "
                 f"the headers' enum constants only): {e!r}")


NOT_RAS = {"EventFlag"}
# The check file maps each Python name to the SDK name it must equal:
# #define RF_PY_SDK_<python name> <SDK name>.
sdk_of = dict(re.findall(r"^\s*#\s*define\s+RF_PY_SDK_(\w+)\s+(\w+)", check, re.M))
lines = ["/* Extracted by .ci/steps/35-ras-abi.sh; do not edit. */"]
checks = []
seen = set()
for modname, module in load(("enums", "errors")).items():
    for attr, value in sorted(vars(module).items()):
        if attr.isupper() and isinstance(value, int) and not isinstance(value, bool):
            found = [(attr, int(value))]
        elif (isinstance(value, type) and issubclass(value, enum.Enum)
              and value.__module__ == module.__name__ and attr not in NOT_RAS):
            found = [(f"{attr}_{m}", int(v.value)) for m, v in value.__members__.items()]
        else:
            continue
        for pyname, number in found:
            seen.add(pyname)
            lines.append(f"#define RF_PY_{pyname} {number:#x}  /* rasfast/{modname}.py */")
            sdk = sdk_of.get(pyname)
            if sdk is None:
                missing.append(f"rasfast/{modname}.py: {pyname} (as RF_PY_SDK_{pyname})")
                continue
            kind = "CHECK_PIN" if sdk.startswith("RF_SDK_") else "CHECK_CONST"
            checks.append(f"    {kind}(RF_PY_{pyname}, {sdk});")
lines.append("/* The checks of the values above, expanded at the end of the check file. */")
lines.append("#define RF_PY_CHECKS \\")
lines += [c + " \\" for c in checks]
lines.append("    /* end */")
out.write_text("\n".join(lines) + "\n")
unused = sorted(set(sdk_of) - seen)
if unused:
    print(f"note: {len(unused)} Python names of {check_c.name} not defined by rasfast/*.py "
          f"(now taken from elsewhere?): {', '.join(unused)}", file=sys.stderr)
for line in missing:
    print(f"not checked by {check_c}: {line}")
sys.exit(1 if missing else 0)
PY

coverage() {   # RAS_ABI_H RAS_NUMBERS_H CHECK_C EXTRACTED_H [CSRC_DIR [PY_DIR]]
    python3 "$OUT/coverage.py" "$1" "$2" "$3" "${5:-csrc}" "${6:-rasfast}" "$4"
}
if ! coverage csrc/ras_abi.h csrc/ras_numbers.h "$SRC" "$OUT/extracted/ras_abi_extracted.h"; then
    echo "FAIL: add the names above to $SRC (see its first comment)" >&2
    exit 1
fi
n_extracted=$(grep -c '^#define RF_PY_' "$OUT/extracted/ras_abi_extracted.h" || true)
say "coverage: every name of csrc/ras_abi.h and csrc/ras_numbers.h is checked, no RAS number elsewhere in csrc/; $n_extracted values of rasfast/*.py extracted"

# --- 2. the checks, per architecture and WINVER --------------------------
compile() {    # ARCH WINVER [INCLUDE-FIRST-DIR...] -- compiler output on stdout
    local arch=$1 v=$2 incs=() d
    shift 2
    for d in "$@"; do incs+=(-I "$d"); done
    "$arch-w64-mingw32-gcc" "${CFLAGS[@]}" -DWINVER="$v" -D_WIN32_WINNT="$v" \
        -DRF_ABI_EXTRACTED='"ras_abi_extracted.h"' "${incs[@]}" -I "$OUT/extracted" -I csrc \
        "$SRC" 2>&1
}
count_checks() {   # ARCH WINVER -- "TOTAL kind=N kind=N ..."
    local pre
    pre=$("$1-w64-mingw32-gcc" -std=c11 -E -DWINVER="$2" -D_WIN32_WINNT="$2" \
        -DRF_ABI_EXTRACTED='"ras_abi_extracted.h"' -I "$OUT/extracted" -I csrc "$SRC")
    printf '%s\n' "$pre" | grep -o '"ras_abi_check " "[a-z-]*"' | sed 's/^.* "//; s/"$//' \
        | sort | uniq -c | awk '{n[$2] = $1; t += $1} END {
            printf "%d %d structure sizes, %d fields (offset and size; %d signedness, %d element),",
                t, n["size"], n["field"], n["field-sign"], n["field-elem"]
            printf " %d constants, %d pinned SDK numbers, %d function types (+%d mingw), %d arguments\n",
                n["const"], n["pin"], n["func"], n["func-mingw"], n["arg"] }'
}
for arch in $ARCHES; do
    for v in $WINVERS; do
        if ! log=$(compile "$arch" "$v"); then
            printf '%s\n' "$log" >&2
            echo "FAIL: rasfast's RAS ABI differs from mingw-w64's ($arch, WINVER=$v)" >&2
            exit 1
        fi
        read -r total kinds <<<"$(count_checks "$arch" "$v")"
        say "ok $arch WINVER=$v: $total assertions hold: $kinds"
    done
done

# --- 3. positive controls -------------------------------------------------
# expect_fail NAME EXPECTED ARCH WINVER DIR...: compiling with DIR first on the
# include path must fail, every error must be one of our assertions, and
# EXPECTED (a fixed string) must be among them.
expect_fail() {
    local name=$1 expected=$2 arch=$3 v=$4 log errors ours
    shift 4
    if log=$(compile "$arch" "$v" "$@"); then
        echo "FAIL: control '$name' compiled ($arch, WINVER=$v): the check cannot fail" >&2
        exit 1
    fi
    errors=$(printf '%s\n' "$log" | grep -c 'error:' || true)
    ours=$(printf '%s\n' "$log" | grep -c 'error: static assertion failed: "ras_abi_check ' || true)
    if [ "$errors" != "$ours" ] || ! printf '%s\n' "$log" | grep -qF "$expected"; then
        printf '%s\n' "$log" | grep 'error:' | head -20 >&2
        echo "FAIL: control '$name' ($arch) failed, but not (only) on: $expected" >&2
        exit 1
    fi
    say "ok control '$name' fails ($arch, WINVER=$v, $ours assertions):"
    printf '%s\n' "$log" | grep 'error: static assertion failed' | sed 's/^.*error: /      /' | head -4
}
applied() {    # FILE MARKER COUNT: the sed made COUNT changes
    if [ "$(grep -c "$2" "$1" || true)" != "$3" ]; then
        echo "FAIL: csrc changed; the control's sed no longer applies ($2 in $1)" >&2
        exit 1
    fi
}

# a. Two fields of the same size swapped (the subtlest move: the size and
#    every other field stay right).
mkdir "$OUT/swap"
sed -e 's|rf_wchar szUserName\[RF_UNLEN + 1\];|rf_wchar szPassword[RF_PWLEN + 1]; /* CONTROL: swapped */|' -e t \
    -e 's|rf_wchar szPassword\[RF_PWLEN + 1\];|rf_wchar szUserName[RF_UNLEN + 1]; /* CONTROL: swapped */|' \
    csrc/ras_abi.h > "$OUT/swap/ras_abi.h"
applied "$OUT/swap/ras_abi.h" "CONTROL: swapped" 6   # RF_RASDIALPARAMSW, _0602, RF_RASCREDENTIALSW
for arch in $ARCHES; do
    expect_fail "RASDIALPARAMSW szUserName<->szPassword" \
        'offsetof(RF_RASDIALPARAMSW, szUserName) != offsetof(RASDIALPARAMSW, szUserName)' \
        "$arch" 0x0601 "$OUT/swap"
done

# b. One error code changed: a scratch ras_numbers.h beside an unchanged
#    copy of ras_abi.h (its #include "ras_numbers.h" looks beside itself first).
mkdir "$OUT/const"
cp csrc/ras_abi.h "$OUT/const/ras_abi.h"
sed 's|^    RF_ERROR_INVALID_SIZE = 632,$|    RF_ERROR_INVALID_SIZE = 633, /* CONTROL: changed */|' \
    csrc/ras_numbers.h > "$OUT/const/ras_numbers.h"
applied "$OUT/const/ras_numbers.h" "CONTROL: changed" 1
expect_fail "ERROR_INVALID_SIZE 632 -> 633" 'RF_ERROR_INVALID_SIZE != ERROR_INVALID_SIZE' \
    x86_64 0x0501 "$OUT/const"

# c. x86 without __stdcall: a scratch platform.h beside an unchanged copy of
#    ras_abi.h (its #include "platform.h" looks beside itself first).
mkdir "$OUT/cdecl"
cp csrc/ras_abi.h "$OUT/cdecl/ras_abi.h"
sed 's|#  define RF_WINAPI __stdcall|#  define RF_WINAPI /* CONTROL: no __stdcall */|' \
    csrc/platform.h > "$OUT/cdecl/platform.h"
applied "$OUT/cdecl/platform.h" "CONTROL: no __stdcall" 1
expect_fail "RF_WINAPI without __stdcall" 'RF_RASDIALFUNC2 is not uint32_t (WINAPI *)' \
    i686 0x0601 "$OUT/cdecl"

# d. A Python value changed (a scratch extracted header).
mkdir "$OUT/py"
sed 's|^#define RF_PY_ConnState_CONNECTED 0x2000 |#define RF_PY_ConnState_CONNECTED 0x2001 /* CONTROL: changed */ |' \
    "$OUT/extracted/ras_abi_extracted.h" > "$OUT/py/ras_abi_extracted.h"
applied "$OUT/py/ras_abi_extracted.h" "CONTROL: changed" 1
expect_fail "ConnState.CONNECTED 0x2000 -> 0x2001" 'RF_PY_ConnState_CONNECTED != RASCS_Connected' \
    x86_64 0x0601 "$OUT/py"

# e. Coverage (each of which would compile): a new number nobody checks, a
#    field whose check is gone, a RAS number defined outside ras_numbers.h,
#    and a Python number without its SDK name.
sed 's|^    RF_RDEOPT_UseCustomScripting = 0x00002000$|&,\n    RF_RASEDM_DialAll = 0x00000001 /* CONTROL: unchecked */|' \
    csrc/ras_numbers.h > "$OUT/unchecked_ras_numbers.h"
applied "$OUT/unchecked_ras_numbers.h" "CONTROL: unchecked" 1
grep -v 'CHECK_INT_FIELD(RF_RASDIALPARAMSW, RASDIALPARAMSW, dwCallbackId);' "$SRC" \
    > "$OUT/unchecked_check.c"
if [ "$(( $(wc -l < "$SRC") - $(wc -l < "$OUT/unchecked_check.c") ))" != 1 ]; then
    echo "FAIL: $SRC changed; the coverage control's grep no longer applies" >&2
    exit 1
fi
cp -r csrc "$OUT/copy_csrc"
printf '#define RF_SIM_ERROR_INSUFFICIENT_BUFFER 122u /* CONTROL: second copy */\n' \
    >> "$OUT/copy_csrc/sim_rasapi.c"
cp -r rasfast "$OUT/copy_py"
printf '\nERROR_NOT_IN_THE_CHECK = 9999  # CONTROL: unchecked\n' >> "$OUT/copy_py/errors.py"
N=csrc/ras_numbers.h
for control in "RF_RASEDM_DialAll|csrc/ras_abi.h|$OUT/unchecked_ras_numbers.h|$SRC" \
               "RF_RASDIALPARAMSW.dwCallbackId|csrc/ras_abi.h|$N|$OUT/unchecked_check.c" \
               "RF_SIM_ERROR_INSUFFICIENT_BUFFER|csrc/ras_abi.h|$N|$SRC|$OUT/copy_csrc" \
               "ERROR_NOT_IN_THE_CHECK|csrc/ras_abi.h|$N|$SRC|csrc|$OUT/copy_py"; do
    IFS='|' read -r name abi numbers check csrc_dir py_dir <<<"$control"
    if report=$(coverage "$abi" "$numbers" "$check" "$OUT/scratch_extracted.h" \
                "${csrc_dir:-csrc}" "${py_dir:-rasfast}" 2>/dev/null); then
        echo "FAIL: coverage control '$name' passed: the coverage check cannot fail" >&2
        exit 1
    fi
    if [ "$(printf '%s\n' "$report" | wc -l)" != 1 ] || ! printf '%s\n' "$report" | grep -qF "$name"; then
        printf '%s\n' "$report" >&2
        echo "FAIL: coverage control '$name' reported something else" >&2
        exit 1
    fi
    say "ok control 'unchecked $name' fails: ${report#not checked by }"
done

say "RAS ABI: rasfast matches mingw-w64 $mingw_version for $ARCHES at WINVER $WINVERS; all controls failed as they must"
