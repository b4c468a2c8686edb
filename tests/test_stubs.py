"""The .pyi of the compiled module stays in step with csrc/rasfast.h.

Regenerate after changing the header: ``python tests/test_stubs.py``."""
from __future__ import annotations

import importlib.util
import os

import cffi.model as model
import pytest

CHECKOUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir)
BUILD_SCRIPT = os.path.join(CHECKOUT, "rasfast", "_build.py")

if not os.path.exists(os.path.join(CHECKOUT, "csrc", "rasfast.h")):
    pytest.skip("needs the source checkout's csrc/rasfast.h (tests copied without it)",
                allow_module_level=True)

# The checkout's build script (the installed package may be elsewhere):
# loaded by path, like cffi's setuptools hook does.
_spec = importlib.util.spec_from_file_location("_rasfast_build", BUILD_SCRIPT)
_build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_build)
make_ffibuilder = _build.make_ffibuilder

STUB = os.path.join(CHECKOUT, "rasfast", "_native.pyi")


def _pytype(t) -> str:
    if isinstance(t, model.PrimitiveType):
        return "float" if t.name in ("double", "float") else "int"
    if isinstance(t, model.VoidType):
        return "None"
    return "Any"   # cdata: pointers and structs


def render_stub() -> str:
    decls = make_ffibuilder()._parser._declarations
    consts, funcs = set(), []
    for key, (tp, _) in sorted(decls.items()):
        kind, name = key.split(" ", 1)
        if kind == "function":
            args = ", ".join(f"arg{i}: {_pytype(a)}" for i, a in enumerate(tp.args))
            sep = ", " if args else ""
            funcs.append(f"    def {name}(self{sep}{args}) -> {_pytype(tp.result)}: ...")
        elif kind in ("constant", "variable"):
            consts.add(f"    {name}: {_pytype(tp)}")
        elif kind == "anonymous" and isinstance(tp, model.EnumType):
            consts.update(f"    {e}: int" for e in tp.enumerators)
    lines = ['"""Type stubs for rasfast._native, the private cffi module built from',
             'csrc/rasfast.h (regenerate with: python tests/test_stubs.py)."""',
             "from typing import Any", "", "import cffi", "", "ffi: cffi.FFI", "", "",
             "class _Lib:", *sorted(consts), "", *funcs, "", "", "lib: _Lib", ""]
    return "\n".join(lines)


def test_native_stub_matches_the_header():
    with open(STUB, encoding="utf-8") as f:
        assert f.read() == render_stub(), "stale rasfast/_native.pyi: run python tests/test_stubs.py"


def test_every_stubbed_name_exists_in_the_module():
    from rasfast._native import lib
    for line in render_stub().splitlines():
        line = line.strip()
        if line.startswith("def "):
            assert hasattr(lib, line[4:line.index("(")])


if __name__ == "__main__":
    with open(STUB, "w", encoding="utf-8") as f:
        f.write(render_stub())
