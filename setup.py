"""Only what pyproject.toml cannot say: the cffi module and the abi3 tag."""
import sys
import sysconfig

from setuptools import Extension, setup

options = {}
# The module uses only the limited API, so one wheel serves every CPython
# 3.9+; a free-threaded build has no stable ABI.
if not sysconfig.get_config_var("Py_GIL_DISABLED") and sys.implementation.name == "cpython":
    options["bdist_wheel"] = {"py_limited_api": "cp39"}

# The drain loop's batch conversion (csrc/records.c): plain limited-API C,
# optional at run time (rasfast falls back to struct.iter_unpack).
records = Extension(
    "rasfast._records",
    sources=["csrc/records.c"],
    include_dirs=["csrc"],
    py_limited_api=True,
    optional=True,
)

setup(
    # A function, not an FFI object: importing _build.py reads nothing, so the
    # copy installed with the package is harmless.
    cffi_modules=["rasfast/_build.py:make_ffibuilder"],
    ext_modules=[records],
    options=options,
)
