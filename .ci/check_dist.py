"""Check a built wheel or sdist the way pip and a packager will see it.

    python .ci/check_dist.py wheel DIST.whl [--platform PLAT] [--native SUFFIX]
    python .ci/check_dist.py sdist DIST.tar.gz

wheel: the file name's tags (cp39-abi3-PLAT), the WHEEL file agrees with
them, RECORD lists every file with a matching sha256 and size, the console
script entry point, the metadata pip resolves (Requires-Python, cffi), and
the contents: the package with its compiled modules, py.typed and stubs, and
nothing of the repository a user does not need (tests, CI files, C sources).

sdist: everything a build and the test suite need (setup.py, pyproject.toml,
csrc/, rasfast/, tests/ with tests/native/, bench/), no build products or
caches.

Prints what it checked; exits 1 with every problem listed.
"""
from __future__ import annotations

import argparse
import base64
import csv
import email.parser
import hashlib
import io
import re
import sys
import tarfile
import zipfile

PACKAGE = "rasfast"
WHEEL_NEEDS = ("__init__.py", "cli/__init__.py", "bench/__init__.py", "py.typed", "_native.pyi")
NATIVE_MODULES = ("_native", "_records")
# The repository's bench/ (pytest-benchmark files) is not for users; the
# package's own rasfast/bench/ (`rasfast bench`) is.
FORBIDDEN_IN_WHEEL = re.compile(r"(^|/)(tests?|\.ci|\.github|csrc)/|^bench/|\.c$|\.h$|\.o$")
SDIST_NEEDS = ("setup.py", "pyproject.toml", "README.md", "MANIFEST.in",
               "csrc/rasfast.h", "csrc/ras_numbers.h", "csrc/ring.c", "csrc/shim.c",
               "csrc/sim_engine.c", "csrc/rf_testing.h", "csrc/testing_link_python.c",
               "rasfast/__init__.py", "rasfast/py.typed", "rasfast/_native.pyi",
               "tests/conftest.py", "tests/test_dial.py", "tests/native/Makefile",
               "tests/native/sim_selftest.c", "bench/conftest.py")
FORBIDDEN_IN_SDIST = re.compile(
    r"(^|/)(\.git|\.cache|__pycache__|\.pytest_cache|\.hypothesis|build|dist)/"
    r"|\.(so|pyd|o|pyc)$|(^|/)rasfast/_(native|testing)\.c$")


def record_digest(data: bytes) -> str:
    raw = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def check_wheel(path: str, platform: str | None, native_suffix: str | None,
                release: bool = False) -> list[str]:
    problems: list[str] = []
    name = path.rsplit("/", 1)[-1]
    m = re.fullmatch(r"(?P<dist>[^-]+)-(?P<ver>[^-]+)-(?P<py>[^-]+)-(?P<abi>[^-]+)-(?P<plat>[^-]+)\.whl", name)
    if not m:
        return [f"{name}: not a wheel file name"]
    tag = f"{m['py']}-{m['abi']}-{m['plat']}"
    if (m["py"], m["abi"]) != ("cp39", "abi3"):
        problems.append(f"tags {tag}: want cp39-abi3 (one wheel for every CPython 3.9+)")
    if platform and m["plat"] != platform:
        problems.append(f"platform tag {m['plat']}: want {platform}")
    info = f"{m['dist']}-{m['ver']}.dist-info"
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if not n.endswith("/")]
        files = {n: zf.read(n) for n in names}
    def text(member: str) -> str:
        data = files.get(f"{info}/{member}")
        if data is None:
            problems.append(f"{info}/{member} missing")
            return ""
        return data.decode("utf-8")

    wheel_meta = email.parser.Parser().parsestr(text("WHEEL"))
    if wheel_meta.get_all("Tag") != [tag]:
        problems.append(f"WHEEL Tag {wheel_meta.get_all('Tag')} != file name's {tag}")
    if wheel_meta.get("Root-Is-Purelib", "").strip().lower() != "false":
        problems.append("WHEEL: Root-Is-Purelib must be false (it has compiled modules)")

    rows = list(csv.reader(io.StringIO(text("RECORD"))))
    recorded = {row[0]: row for row in rows if row}
    for member, data in files.items():
        row = recorded.pop(member, None)
        if row is None:
            problems.append(f"RECORD does not list {member}")
        elif member != f"{info}/RECORD" and (row[1] != record_digest(data) or row[2] != str(len(data))):
            problems.append(f"RECORD hash/size wrong for {member}")
    for member in recorded:
        problems.append(f"RECORD lists {member}, which is not in the wheel")

    entry_points = text("entry_points.txt")
    if not re.search(r"^\[console_scripts\]\s*$[^\[]*^rasfast\s*=\s*rasfast\.cli:main\s*$",
                     entry_points, re.M):
        problems.append("entry_points.txt: no console script 'rasfast = rasfast.cli:main'")
    metadata = email.parser.Parser().parsestr(text("METADATA"))
    if metadata.get("Name") != PACKAGE:
        problems.append(f"METADATA Name {metadata.get('Name')!r}")
    if (metadata.get("Requires-Python") or "").replace(" ", "") != ">=3.9":
        problems.append(f"METADATA Requires-Python {metadata.get('Requires-Python')!r}")
    if not any(r.startswith("cffi") for r in metadata.get_all("Requires-Dist") or []):
        problems.append("METADATA: cffi is not a requirement")

    top = {n.split("/", 1)[0] for n in names}
    if top != {PACKAGE, info}:
        problems.append(f"top-level entries {sorted(top)}: want only {PACKAGE}/ and {info}/")
    for need in WHEEL_NEEDS:
        if f"{PACKAGE}/{need}" not in files:
            problems.append(f"{PACKAGE}/{need} missing")
    for module in NATIVE_MODULES:
        built = [n for n in names if re.fullmatch(rf"{PACKAGE}/{module}(\.[^/]*)?\.(so|pyd)", n)]
        if len(built) != 1:
            problems.append(f"compiled module {module}: found {built}")
        elif native_suffix and not built[0].endswith(native_suffix):
            problems.append(f"{built[0]}: want the suffix {native_suffix}")
    testing = [n for n in names if re.fullmatch(rf"{PACKAGE}/_testing(\.[^/]*)?\.(so|pyd)", n)]
    if release and testing:
        problems.append(f"{testing}: a release wheel has no test-only native module")
    for member in names:
        if FORBIDDEN_IN_WHEEL.search(member):
            problems.append(f"{member}: not for users (tests, CI files or C sources)")
    print(f"wheel {name}: {len(names)} files, tag {tag}, RECORD verified, "
          f"console script rasfast, {', '.join(sorted(n for n in names if n.endswith(('.so', '.pyd'))))}")
    return problems


def check_sdist(path: str) -> list[str]:
    problems: list[str] = []
    with tarfile.open(path) as tar:
        members = [m.name for m in tar.getmembers() if m.isfile()]
    roots = {n.split("/", 1)[0] for n in members}
    if len(roots) != 1:
        return [f"sdist has {len(roots)} top-level folders: {sorted(roots)}"]
    root = roots.pop()
    rel = [n[len(root) + 1:] for n in members]
    for need in SDIST_NEEDS:
        if need not in rel:
            problems.append(f"sdist lacks {need}")
    for member in rel:
        if FORBIDDEN_IN_SDIST.search(member):
            problems.append(f"sdist carries {member} (a build product or cache)")
    tests = sum(1 for n in rel if re.fullmatch(r"tests/test_\w+\.py", n))
    print(f"sdist {path.rsplit('/', 1)[-1]}: {len(rel)} files, {tests} test modules, "
          f"{sum(1 for n in rel if n.startswith('csrc/'))} C files and headers")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("kind", choices=("wheel", "sdist"))
    ap.add_argument("path")
    ap.add_argument("--platform", help="expected platform tag, e.g. win_amd64")
    ap.add_argument("--native", help="expected suffix of the compiled modules, e.g. .abi3.so")
    ap.add_argument("--release", action="store_true",
                    help="a release wheel: no test-only module (rasfast._testing)")
    opts = ap.parse_args(argv)
    if opts.kind == "wheel":
        problems = check_wheel(opts.path, opts.platform, opts.native, opts.release)
    else:
        problems = check_sdist(opts.path)
    for p in problems:
        print(f"  PROBLEM: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
