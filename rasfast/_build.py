"""cffi build script for rasfast's compiled modules.

``rasfast._native`` (``make_ffibuilder``) is the product: its cdef is the
headers csrc/rasfast.h lists, in that order, minus their preprocessor lines,
so the C code and Python can never disagree about a declaration or a RAS
number.  ``rasfast._testing`` (``make_testing_ffibuilder``) holds the native
helpers of the tests and benchmarks (csrc/rf_testing.h); it calls into
``rasfast._native`` at run time and has no copy of its ring, shim or
simulator.  setup.py builds it unless ``RASFAST_BUILD_TESTING=0``.

``target`` picks the platform sources: "linux", "posix" (macOS and other
POSIX) or "win32"; the Windows cross-build in .ci/windows uses the same
functions.
"""
from __future__ import annotations

import os
import re
import sys
from typing import Any, Dict, Iterable

from cffi import FFI

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CSRC = "csrc"

#: The umbrella header whose #include lines list the cdef's headers.
PRODUCT_UMBRELLA = "rasfast.h"
TESTING_HEADERS = ("rf_testing.h",)

#: Capability flags, readable in Python as ``bool(_lib.RF_HAS_...)``.
CAPABILITIES = ("RF_HAS_RASAPI32", "RF_HAS_NOTIFY_FD")

#: The simulated RAS service, also linked into the Windows stand-in
#: rasapi32.dll (.ci/windows/cross_build.py).
SIM_SOURCES = ("sim_engine.c", "sim_phonebook.c", "sim_rasapi.c", "sim_entries.c",
               "sim_controls.c", "sim_strings.c", "sim_link.c", "ras_errors.c")
COMMON_SOURCES = ("ring.c", "hub.c", "shim.c", "clock.c", "hist.c", "dial.c", "dial_thread.c",
                  "entries.c", "link.c", "watcher.c") + SIM_SOURCES
TESTING_SOURCES = ("testing_producer.c", "testing_calls.c")
#: Compiled inside the testing module's cffi wrapper (the preamble), after
#: cffi's Python.h: it talks to rasfast._native through Python.
TESTING_PREAMBLE_SOURCE = "testing_link_python.c"

PLATFORM_SOURCES = {
    "linux": ("platform_posix.c", "park_futex.c", "provider_none.c"),
    "posix": ("platform_posix.c", "park_condvar.c", "provider_none.c"),
    "win32": ("platform_win32.c", "provider_rasapi32.c"),
}
#: What the testing module needs of the platform: threads, clock, sleep (and
#: the parking that platform_posix.c's event objects use).
TESTING_PLATFORM_SOURCES = {
    "linux": ("platform_posix.c", "park_futex.c"),
    "posix": ("platform_posix.c", "park_condvar.c"),
    "win32": ("platform_win32.c",),
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


def _read(name: str) -> str:
    with open(os.path.join(ROOT, CSRC, name), encoding="utf-8") as f:
        return f.read()


def product_headers() -> tuple[str, ...]:
    """The headers of rasfast._native's cdef, in order: the ``#include "..."``
    lines of csrc/rasfast.h."""
    return tuple(re.findall(r'^\s*#\s*include\s+"([^"]+)"', _read(PRODUCT_UMBRELLA), re.M))


def cdef_of(headers: Iterable[str]) -> str:
    """The headers' text without preprocessor lines (cffi's cdef takes none)."""
    return "".join(line for name in headers for line in _read(name).splitlines(keepends=True)
                   if not line.lstrip().startswith("#"))


def read_cdef() -> str:
    caps = "".join(f"static const int {name};\n" for name in CAPABILITIES)
    return cdef_of(product_headers()) + caps


def read_testing_cdef() -> str:
    return cdef_of(TESTING_HEADERS)


def _check_target(target: str | None) -> str:
    target = target or default_target()
    if target not in PLATFORM_SOURCES:
        raise ValueError(f"unknown target {target!r}; expected one of {sorted(PLATFORM_SOURCES)}")
    return target


def _compile_options(target: str) -> Dict[str, Any]:
    if target == "win32":
        # Vista+ APIs (WaitOnAddress is Windows 8+).
        macros = [("_WIN32_WINNT", "0x0602"), ("WINVER", "0x0602")]
        extra = [] if sys.platform == "win32" and "MSC" in sys.version else ["-std=c11"]
    else:
        macros = [("_GNU_SOURCE", "1")]
        extra = ["-std=c11", "-O2", "-fvisibility=hidden"]
    return dict(include_dirs=[CSRC], define_macros=macros,
                libraries=PLATFORM_LIBRARIES[target], extra_compile_args=extra)


def make_ffibuilder(target: str | None = None) -> FFI:
    """rasfast._native: the ring, the shim, dialing, the simulated service."""
    target = _check_target(target)
    ffi = FFI()
    ffi.cdef(read_cdef())
    sources = [os.path.join(CSRC, name) for name in COMMON_SOURCES + PLATFORM_SOURCES[target]]
    ffi.set_source(
        "rasfast._native",
        f'#include "{PRODUCT_UMBRELLA}"\n#include "platform.h"\n',
        sources=sources,
        **_compile_options(target),
    )
    return ffi


def make_testing_ffibuilder(target: str | None = None) -> FFI:
    """rasfast._testing: the native test producer, rf_notify, rf_sim_dial_raw."""
    target = _check_target(target)
    ffi = FFI()
    ffi.cdef(read_testing_cdef())
    sources = [os.path.join(CSRC, name)
               for name in TESTING_SOURCES + TESTING_PLATFORM_SOURCES[target]]
    preamble = "".join(f'#include "{h}"\n' for h in TESTING_HEADERS)
    preamble += f'#include "{TESTING_PREAMBLE_SOURCE}"\n'
    ffi.set_source("rasfast._testing", preamble, sources=sources,
                   depends=[os.path.join(CSRC, TESTING_PREAMBLE_SOURCE)],
                   **_compile_options(target))
    return ffi


if __name__ == "__main__":
    make_ffibuilder().compile(verbose=True)
    make_testing_ffibuilder().compile(verbose=True)
