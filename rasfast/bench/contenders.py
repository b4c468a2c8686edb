"""The contenders rasfast is measured against, built once per process.

rasfast's native shim, an empty C notifier (the measurement floor), and
Python notifiers called through cffi (``@ffi.def_extern`` in a small
API-mode module compiled at run time, and an ABI-mode ``ffi.callback``) and
ctypes ``CFUNCTYPE``.  Each Python notifier does what a callback-style
wrapper does on the RAS thread: build a tuple and put it on the queue in
``SINK[0]``.  Without a C compiler the API-mode module is missing, and so
are the rows that need it (``Contenders.unavailable`` says why).

The compiled module also carries the C busy-wait the "gil" load calls with
the GIL held; ``Contenders.gil_call`` is that call (a C sleep that keeps
the GIL when there is no compiler).
"""
from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import os
import queue
import shutil
import struct
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import cffi  # type: ignore[import-untyped,unused-ignore]

from .._native import ffi, lib

__all__ = ["GIL_CALL_NS", "NOTIFIER_ARGS", "SINK", "STDCALL", "Contenders", "Notifier",
           "load_contenders"]

#: RasDialFunc2 as the simulated RAS service calls it (HRASCONN is a pointer).
NOTIFIER_ARGS = "uintptr_t, uint32_t, void *, uint32_t, uint32_t, uint32_t, uint32_t"
#: 32-bit Windows calls RasDialFunc2 with __stdcall; everywhere else the
#: default convention is the only one.
STDCALL = sys.platform == "win32" and struct.calcsize("P") == 4
#: How long each GIL-holding C call of the "gil" load lasts: CPython's
#: default switch interval, so a thread waiting for the GIL waits it out.
GIL_CALL_NS = 5_000_000

# ---------------------------------------------------------------------------
# The contenders' native half: a cffi API-mode module built at run time
# ---------------------------------------------------------------------------
_CC = "__stdcall " if STDCALL else ""
_CONTENDERS_CDEF = f"""
extern "Python" uint32_t {_CC}rfbench_extern_notifier({NOTIFIER_ARGS});
uint32_t {_CC}rfbench_null_notifier({NOTIFIER_ARGS});
void rfbench_spin_ns(uint64_t ns, uint64_t (*clock)(void));
uint64_t rfbench_call_n(uint32_t ({_CC}*fn)({NOTIFIER_ARGS}), uint64_t callback_id, uint64_t n);
"""

_CONTENDERS_SOURCE = r"""
#include <stdint.h>
#ifdef _WIN32
#  define RFB_CALL __stdcall
#else
#  define RFB_CALL
#endif
typedef uint32_t (RFB_CALL *rfb_notifier)(uintptr_t, uint32_t, void *, uint32_t,
                                          uint32_t, uint32_t, uint32_t);

/* The measurement floor: a notifier that does nothing. */
uint32_t RFB_CALL rfbench_null_notifier(uintptr_t id, uint32_t sub, void *h, uint32_t msg,
                                        uint32_t state, uint32_t err, uint32_t ext)
{
    (void)id; (void)sub; (void)h; (void)msg; (void)state; (void)err; (void)ext;
    return 1;
}

/* Busy-wait; called through ctypes.PYFUNCTYPE, which keeps the GIL held:
 * a C extension that computes without releasing the GIL. */
void rfbench_spin_ns(uint64_t ns, uint64_t (*clock)(void))
{
    uint64_t end = clock() + ns;
    while (clock() < end) { }
}

/* A native thread calling a notifier as fast as it can (cffi releases the
 * GIL around this call, so each notification takes the GIL on its own). */
uint64_t rfbench_call_n(rfb_notifier fn, uint64_t callback_id, uint64_t n)
{
    uint64_t i, accepted = 0;
    for (i = 0; i < n; i++)
        accepted += fn((uintptr_t)callback_id, 1, (void *)0, 0xCCCDu, 0, 0, (uint32_t)i);
    return accepted;
}
"""

_MODULE_NAME = "_rasfast_bench_contenders"


@contextlib.contextmanager
def _quiet_fds() -> Iterator[None]:
    """Silence the compiler (it writes to fds 1 and 2, not sys.stdout)."""
    saved = []
    try:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        devnull = os.open(os.devnull, os.O_WRONLY)
        for fd in (1, 2):
            saved.append((fd, os.dup(fd)))
            os.dup2(devnull, fd)
        os.close(devnull)
    except OSError:
        pass
    try:
        yield
    finally:
        for fd, copy in saved:
            os.dup2(copy, fd)
            os.close(copy)


#: A one-element list holding the queue the Python notifiers put into, so
#: each run gets a fresh one without re-creating the callbacks.
SINK: list[queue.SimpleQueue[tuple[Any, ...]]] = [queue.SimpleQueue()]


@dataclass
class Notifier:
    """A RasDialFunc2 implementation, by address.

    ``key`` names it in results ("shim", "floor", "cffi_extern",
    "cffi_callback", "ctypes"), ``label`` in the table; ``python`` is true
    for the notifiers that run Python code; ``keepalive`` holds whatever
    must outlive the address (a callback object, its FFI)."""

    key: str
    label: str
    address: int
    python: bool
    keepalive: Any = None


class Contenders:
    """The notifiers to compare and the GIL-holding C call, built once.

    Building compiles the API-mode module; a failure (no compiler, no
    Python headers) raises nothing: ``module`` stays None, ``unavailable``
    says why, and the notifiers that need it are left out of
    ``notifiers``."""

    def __init__(self) -> None:
        self.module: Any = None
        self.unavailable = ""
        self._build()
        self.notifiers: dict[str, Notifier] = {}
        self.notifiers["shim"] = Notifier("shim", "rasfast shim", int(
            ffi.cast("uintptr_t", lib.rf_notifier_address())), python=False)
        if self.module is not None:
            mffi, mlib = self.module.ffi, self.module.lib
            mffi.def_extern(name="rfbench_extern_notifier")(_cffi_notifier_body)
            addr = int(mffi.cast("uintptr_t", mffi.addressof(mlib, "rfbench_extern_notifier")))
            self.notifiers["cffi_extern"] = Notifier(
                "cffi_extern", "cffi @def_extern", addr, python=True)
            addr = int(mffi.cast("uintptr_t", mffi.addressof(mlib, "rfbench_null_notifier")))
            self.notifiers["floor"] = Notifier(
                "floor", "empty C notifier (floor)", addr, python=False)
        abi = cffi.FFI()
        convention = "__stdcall " if STDCALL else ""
        cb = abi.callback(f"uint32_t({convention}*)({NOTIFIER_ARGS})", _cffi_notifier_body)
        self.notifiers["cffi_callback"] = Notifier(
            "cffi_callback", "cffi ffi.callback", int(abi.cast("uintptr_t", cb)),
            python=True, keepalive=(abi, cb))
        proto = (ctypes.WINFUNCTYPE if STDCALL else ctypes.CFUNCTYPE)(  # type: ignore[attr-defined,unused-ignore]
            ctypes.c_uint32, ctypes.c_size_t, ctypes.c_uint32, ctypes.c_void_p,
            ctypes.c_uint32, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_uint32)
        cfn = proto(_ctypes_notifier_body)
        self.notifiers["ctypes"] = Notifier(
            "ctypes", "ctypes CFUNCTYPE", int(ctypes.cast(cfn, ctypes.c_void_p).value or 0),
            python=True, keepalive=cfn)
        self.gil_call, self.gil_call_label = self._gil_call()

    def _build(self) -> None:
        builder = cffi.FFI()
        builder.cdef(_CONTENDERS_CDEF)
        builder.set_source(_MODULE_NAME, _CONTENDERS_SOURCE)
        workdir = tempfile.mkdtemp(prefix="rasfast-bench-")
        try:
            with _quiet_fds():
                path = builder.compile(tmpdir=workdir, verbose=False)
            spec = importlib.util.spec_from_file_location(_MODULE_NAME, path)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            self.module = module
        except Exception as exc:  # noqa: BLE001 (no compiler, no Python headers...)
            self.unavailable = (f"the cffi API-mode contender could not be built "
                                f"({type(exc).__name__}: {str(exc).strip()[:200]})")
        finally:
            if sys.platform != "win32":   # Windows keeps a loaded DLL's file busy
                shutil.rmtree(workdir, ignore_errors=True)

    def _gil_call(self) -> tuple[Callable[[], object], str]:
        """A C call that holds the GIL for GIL_CALL_NS."""
        ms = GIL_CALL_NS / 1e6
        if self.module is not None:
            mffi, mlib = self.module.ffi, self.module.lib
            spin_addr = int(mffi.cast("uintptr_t", mffi.addressof(mlib, "rfbench_spin_ns")))
            clock_addr = int(ffi.cast("uintptr_t", ffi.addressof(lib, "rf_clock_ns")))
            spin = ctypes.PYFUNCTYPE(None, ctypes.c_uint64, ctypes.c_void_p)(spin_addr)
            return (lambda: spin(GIL_CALL_NS, clock_addr),
                    f"C busy-wait of {ms:g} ms called with the GIL held (ctypes.PYFUNCTYPE)")
        # No compiler: a C sleep called without releasing the GIL does the same
        # to other threads (the CPU is idle, the GIL is not).
        if sys.platform == "win32":
            sleep = ctypes.PyDLL("kernel32").Sleep
            return (lambda: sleep(int(ms))), f"kernel32 Sleep({ms:g} ms) with the GIL held (ctypes.PyDLL)"
        usleep = ctypes.PyDLL(None).usleep
        return (lambda: usleep(int(GIL_CALL_NS / 1000))), \
            f"libc usleep({ms:g} ms) with the GIL held (ctypes.PyDLL)"

    def python_notifiers(self) -> list[Notifier]:
        """The notifiers that run Python code, in the table's order; raises nothing."""
        return [n for n in self.notifiers.values() if n.python]


def _cffi_notifier_body(callback_id: int, subentry: int, hconn: Any, message: int,
                        state: int, error: int, extended: int) -> int:
    # What a callback-style wrapper does on the RAS thread: make a Python
    # record and hand it to the consumer.
    SINK[0].put((callback_id, subentry, int(ffi.cast("uintptr_t", hconn)), message,
                 state, error, extended))
    return 1


def _ctypes_notifier_body(callback_id: int, subentry: int, hconn: int | None, message: int,
                          state: int, error: int, extended: int) -> int:
    SINK[0].put((callback_id, subentry, hconn or 0, message, state, error, extended))
    return 1


_contenders: Contenders | None = None
_contenders_lock = threading.Lock()


def load_contenders() -> Contenders:
    """The process-wide Contenders (the cffi module is compiled once).

    Raises nothing when the module cannot be built (see ``Contenders``);
    ctypes or cffi errors building the ABI-mode notifiers propagate."""
    global _contenders
    with _contenders_lock:
        if _contenders is None:
            _contenders = Contenders()
        return _contenders
