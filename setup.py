"""Only what pyproject.toml cannot say: the cffi module and the abi3 tag."""
import sys
import sysconfig

from setuptools import setup

options = {}
# The module uses only the limited API, so one wheel serves every CPython
# 3.9+; a free-threaded build has no stable ABI.
if not sysconfig.get_config_var("Py_GIL_DISABLED") and sys.implementation.name == "cpython":
    options["bdist_wheel"] = {"py_limited_api": "cp39"}

setup(
    cffi_modules=["rasfast/_build.py:ffibuilder"],
    options=options,
)
