"""Only what pyproject.toml cannot say: the cffi modules and the abi3 tag."""
import os
import sys
import sysconfig

from setuptools import Extension, setup

options = {}
# The module uses only the limited API, so one wheel serves every CPython
# 3.9+; a free-threaded build has no stable ABI.
if not sysconfig.get_config_var("Py_GIL_DISABLED") and sys.implementation.name == "cpython":
    options["bdist_wheel"] = {"py_limited_api": "cp39"}

# The event type's storage and the drain loop's batch conversion
# (csrc/records.c): plain limited-API C.
# A free-threaded build has no limited API: it gets the full one.
limited = bool(options)
records = Extension(
    "rasfast._records",
    sources=["csrc/records.c"],
    include_dirs=["csrc"],
    define_macros=[("Py_LIMITED_API", "0x03090000")] if limited else [],
    py_limited_api=limited,
)

# rasfast._testing, the native helpers of the tests and benchmarks (a
# module of its own, not part of rasfast._native): built unless
# RASFAST_BUILD_TESTING=0 (for release wheels).
cffi_modules = ["rasfast/_build.py:make_ffibuilder"]
if os.environ.get("RASFAST_BUILD_TESTING", "1") != "0":
    cffi_modules.append("rasfast/_build.py:make_testing_ffibuilder")

setup(
    # Functions, not FFI objects: importing _build.py reads nothing, so the
    # copy installed with the package is harmless.
    cffi_modules=cffi_modules,
    ext_modules=[records],
    options=options,
)
