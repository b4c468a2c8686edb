"""The .pyi of each compiled cffi module stays in step with its headers:
rasfast/_native.pyi with the headers csrc/rasfast.h lists, rasfast/_testing.pyi
with csrc/rf_testing.h.  Parameter names and types come from the cdef itself.

Regenerate after changing a header: ``python tests/test_stubs.py``."""
from __future__ import annotations

import importlib
import importlib.util
import keyword
import os

import cffi.model as model
import pytest
from cffi import cparser
from pycparser import c_ast

CHECKOUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir)
BUILD_SCRIPT = os.path.join(CHECKOUT, "rasfast", "_build.py")

if not os.path.exists(os.path.join(CHECKOUT, "csrc", "rasfast.h")):
    pytest.skip("needs the source checkout's csrc/ headers (tests copied without them)",
                allow_module_level=True)

# The checkout's build script (the installed package may be elsewhere):
# loaded by path, like cffi's setuptools hook does.
_spec = importlib.util.spec_from_file_location("_rasfast_build", BUILD_SCRIPT)
_build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_build)

#: module -> (its builder, its cdef, what the stub says it is built from)
MODULES = {
    "_native": (_build.make_ffibuilder, _build.read_cdef,
                "the headers csrc/rasfast.h lists"),
    "_testing": (_build.make_testing_ffibuilder, _build.read_testing_cdef,
                 "csrc/rf_testing.h"),
}


def stub_path(module: str) -> str:
    return os.path.join(CHECKOUT, "rasfast", f"{module}.pyi")


def _pytype(t) -> str:
    if isinstance(t, model.PrimitiveType):
        return "float" if t.name in ("double", "float") else "int"
    if isinstance(t, model.VoidType):
        return "None"
    return "Any"   # cdata: pointers and structs


def parameter_names(cdef: str) -> dict[str, list[str | None]]:
    """function name -> its parameter names as the header writes them
    (cffi's model keeps the types only; its parser's pycparser AST has both)."""
    ast, _macros, _source = cparser.Parser()._parse(cdef)
    names = {}
    for node in ast.ext:
        if isinstance(node, c_ast.Decl) and isinstance(node.type, c_ast.FuncDecl):
            params = node.type.args.params if node.type.args else []
            names[node.name] = [getattr(p, "name", None) for p in params]
    return names


def _parameters(name: str, args, names: dict[str, list[str | None]]) -> str:
    given = names.get(name, [])
    if len(given) != len(args):            # (void) or unnamed: positional names
        given = [None] * len(args)
    out = []
    for i, (arg, pname) in enumerate(zip(args, given)):
        pname = pname or f"arg{i}"
        if keyword.iskeyword(pname):
            pname += "_"
        out.append(f"{pname}: {_pytype(arg)}")
    return ", ".join(out)


def render_stub(module: str) -> str:
    make, read_cdef, source = MODULES[module]
    decls = make()._parser._declarations
    names = parameter_names(read_cdef())
    consts, funcs = set(), []
    for key, (tp, _) in sorted(decls.items()):
        kind, name = key.split(" ", 1)
        if kind == "function":
            params = _parameters(name, tp.args, names)
            sep = ", " if params else ""
            funcs.append(f"    def {name}(self{sep}{params}) -> {_pytype(tp.result)}: ...")
        elif kind in ("constant", "variable"):
            consts.add(f"    {name}: {_pytype(tp)}")
        elif kind == "anonymous" and isinstance(tp, model.EnumType):
            consts.update(f"    {e}: int" for e in tp.enumerators)
    lines = [f'"""Type stubs for rasfast.{module}, the private cffi module built from',
             f'{source} (regenerate with: python tests/test_stubs.py)."""',
             "from typing import Any", "", "import cffi", "", "ffi: cffi.FFI", "", "",
             "class _Lib:", *sorted(consts), "", *funcs, "", "", "lib: _Lib", ""]
    return "\n".join(lines)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_stub_matches_the_headers(module):
    with open(stub_path(module), encoding="utf-8") as f:
        assert f.read() == render_stub(module), \
            f"stale rasfast/{module}.pyi: run python tests/test_stubs.py"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_stubbed_name_exists_in_the_module(module):
    if module == "_testing":
        compiled = pytest.importorskip(
            "rasfast._testing", reason="rasfast._testing not built (RASFAST_BUILD_TESTING=0)")
    else:
        compiled = importlib.import_module(f"rasfast.{module}")
    for line in render_stub(module).splitlines():
        line = line.strip()
        if line.startswith("def "):
            assert hasattr(compiled.lib, line[4:line.index("(")])


def test_the_testing_module_is_not_in_the_product():
    """rasfast._native has none of the test-only functions."""
    testing = parameter_names(_build.read_testing_cdef())
    assert testing and not set(testing) & set(parameter_names(_build.read_cdef()))


if __name__ == "__main__":
    for name in MODULES:
        with open(stub_path(name), "w", encoding="utf-8") as f:
            f.write(render_stub(name))
