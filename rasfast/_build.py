"""cffi build script for rasfast's private native module, ``rasfast._native``.

The cdef is csrc/rasfast.h itself, minus its preprocessor lines, so the C
code and Python can never disagree about a declaration.  ``target`` picks the
platform sources: "linux", "posix" (macOS and other POSIX) or "win32"; the
Windows cross-build in .ci/windows uses the same function.
"""
from __future__ import annotations

import os
import sys

from cffi import FFI

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CSRC = "csrc"

#: Capability flags, readable in Python as ``bool(_lib.RF_HAS_...)``.
CAPABILITIES = ("RF_HAS_RASAPI32", "RF_HAS_NOTIFY_FD")

COMMON_SOURCES = ("ring.c", "shim.c", "hist.c", "test_producer.c", "dial.c", "sim.c")
PLATFORM_SOURCES = {
    "linux": ("platform_posix.c", "park_futex.c", "provider_none.c"),
    "posix": ("platform_posix.c", "park_condvar.c", "provider_none.c"),
    "win32": ("platform_win32.c", "provider_rasapi32.c"),
}
PLATFORM_LIBRARIES = {
    "linux": ["pthread"],
    "posix": ["pthread"],
    "win32": ["synchronization"],   # WaitOnAddress
}


def default_target() -> str:
    """The platform's target; RASFAST_BUILD_TARGET=posix builds the generic
    POSIX variant on Linux too (CI runs macOS's parking code that way)."""
    forced = os.environ.get("RASFAST_BUILD_TARGET")
    if forced:
        return forced
    if sys.platform == "win32":
        return "win32"
    if sys.platform.startswith("linux"):
        return "linux"
    return "posix"


def read_cdef() -> str:
    with open(os.path.join(ROOT, CSRC, "rasfast.h"), encoding="utf-8") as f:
        lines = [line for line in f if not line.lstrip().startswith("#")]
    caps = "".join(f"static const int {name};\n" for name in CAPABILITIES)
    return "".join(lines) + caps


def make_ffibuilder(target: str | None = None) -> FFI:
    target = target or default_target()
    if target not in PLATFORM_SOURCES:
        raise ValueError(f"unknown target {target!r}; expected one of {sorted(PLATFORM_SOURCES)}")
    ffi = FFI()
    ffi.cdef(read_cdef())
    sources = [os.path.join(CSRC, name) for name in COMMON_SOURCES + PLATFORM_SOURCES[target]]
    if target == "win32":
        # Vista+ APIs (WaitOnAddress is Windows 8+).
        macros = [("_WIN32_WINNT", "0x0602"), ("WINVER", "0x0602")]
        extra = [] if sys.platform == "win32" and "MSC" in sys.version else ["-std=c11"]
    else:
        macros = [("_GNU_SOURCE", "1")]
        extra = ["-std=c11", "-O2", "-fvisibility=hidden"]
    ffi.set_source(
        "rasfast._native",
        '#include "rasfast.h"\n#include "platform.h"\n',
        sources=sources,
        include_dirs=[CSRC],
        define_macros=macros,
        libraries=PLATFORM_LIBRARIES[target],
        extra_compile_args=extra,
    )
    return ffi


if __name__ == "__main__":
    make_ffibuilder().compile(verbose=True)
