"""Shared fixtures: a clean simulator for every test, fast timing."""
from __future__ import annotations

import os

import pytest

import rasfast
from rasfast._native import ffi, lib

TESTING_ABSENT = ("rasfast._testing (the native test producer, rf_notify) was not built: "
                  "RASFAST_BUILD_TESTING=0")


def native_testlib():
    """rasfast._testing's lib, or skip the test when the module was not built."""
    return pytest.importorskip("rasfast._testing", reason=TESTING_ABSENT).lib


@pytest.fixture(autouse=True, scope="session")
def neutral_working_directory(tmp_path_factory):
    """Run the suite outside the source tree: ``python -m rasfast`` and
    ``python -c`` in a subprocess put their working directory first on
    sys.path, and the source tree's rasfast/ has no compiled modules unless
    it was installed in editable mode.  Tests import what users import."""
    old = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("cwd"))
    yield
    os.chdir(old)


@pytest.fixture(autouse=True)
def clean_sim():
    """Every test starts and ends with a reset simulator and no live dials."""
    rasfast.hangup_all(timeout=5.0)
    rasfast.sim.reset()
    yield
    rasfast.hangup_all(timeout=5.0)
    rasfast.sim.reset()


@pytest.fixture
def fast_sim():
    """Simulated delays 50x shorter: "Demo VPN" connects in ~15 ms."""
    rasfast.sim.set_time_scale(0.02)
    yield


class NativeSource:
    """A dial slot on a buffer, fed by the native test producer (C threads
    calling the RasDialFunc2 shim, as RAS threads would)."""

    def __init__(self, buffer: rasfast.EventBuffer, testlib) -> None:
        self.testlib = testlib
        self.callback_id = lib.rf_slot_open(buffer._native_ring(), ffi.NULL)
        assert self.callback_id
        self._producers = []

    def start(self, threads: int, count: int, rate: int = 0):
        tp = self.testlib.rf_test_producer_start(self.callback_id, threads, count, rate)
        assert tp != ffi.NULL
        self._producers.append(tp)
        return tp

    def join(self, tp, timeout: float = 60.0) -> bool:
        return bool(self.testlib.rf_test_producer_join(tp, int(timeout * 1e9)))

    def notify(self, state: int = 0, error: int = 0, subentry: int = 0) -> int:
        return self.testlib.rf_notify(self.callback_id, subentry, 0x77, 0xCCCD, state, error, 0)

    def close(self) -> None:
        for tp in self._producers:
            self.testlib.rf_test_producer_free(tp)   # joins first
        self._producers.clear()
        lib.rf_slot_close(self.callback_id)


@pytest.fixture
def native_source():
    testlib = native_testlib()
    sources = []

    def make(buffer):
        s = NativeSource(buffer, testlib)
        sources.append(s)
        return s

    yield make
    for s in sources:
        s.close()


def checksum(producer: int, counter: int) -> int:
    """Python twin of rf_test_checksum."""
    m = 0xFFFFFFFF
    x = ((counter * 0x9E3779B1) & m) ^ ((producer * 0x85EBCA77) & m)
    x ^= x >> 15
    x = (x * 0x2C1B3C6D) & m
    x ^= x >> 12
    return x
