"""Every public name says what it does: a docstring on each name in
``__all__``, and on each public method and property of the public classes
(the API reference is built from them)."""
from __future__ import annotations

import inspect

import pytest

import rasfast
import rasfast.sim

MODULES = [rasfast, rasfast.sim]


def public_names():
    for module in MODULES:
        for name in module.__all__:
            yield f"{module.__name__}.{name}", getattr(module, name)


def members(cls):
    for name, value in vars(cls).items():
        if name.startswith("_") or isinstance(value, (int, str)):
            continue
        if inspect.isfunction(value) or isinstance(value, (property, classmethod, staticmethod)):
            yield name, value


@pytest.mark.parametrize("qualname,obj", list(public_names()), ids=lambda x: str(x))
def test_public_name_has_a_docstring(qualname, obj):
    if isinstance(obj, (dict, tuple, int, str)):     # data: documented where it is defined
        return
    doc = inspect.getdoc(obj) or ""
    assert len(doc) > 20, f"{qualname} has no docstring"
    if inspect.isclass(obj) and not issubclass(obj, (int, BaseException)):
        undocumented = [name for name, value in members(obj)
                        if not (inspect.getdoc(getattr(value, "__func__", value)) or "")]
        assert undocumented == [], f"{qualname}: no docstring on {undocumented}"


def test_the_check_finds_a_missing_docstring():
    """Positive control: a class with an undocumented method is caught."""
    class Bare:
        """A class."""

        def method(self):
            pass

    assert [name for name, _ in members(Bare)] == ["method"]
    assert not inspect.getdoc(Bare.method)
