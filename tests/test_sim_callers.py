"""The simulated service as foreign programs call it: the lifetime rule for
the thread that calls RasDialW.

Windows makes a dial's notifications "in the context of the thread that
made the RasDial call", which "must not terminate until the connection
operation has been successfully established or an error occurs".  The
simulator models it for every caller: a dial whose calling thread ends
first stops with ERROR_DISCONNECTION (628; Windows documents no code),
counted by rasfast.sim.orphaned_dials().  These tests dial through the raw
RasDialW of rasfast._testing with rasfast's shim as the RasDialFunc2, as a
foreign C program would, from Python threads."""
from __future__ import annotations

import threading
import time

import pytest
from conftest import TESTING_ABSENT

from rasfast import ConnState, EventBuffer, sim
from rasfast._native import ffi, lib
from rasfast._wstring import wstr

SIM = lib.RF_BACKEND_SIM
ERROR_DISCONNECTION = 628


def raw_dial_from_thread(buf: EventBuffer, entry: str, stay: bool) -> tuple:
    """RasDialW (async, the shim as notifier) from a new thread, which then
    ends at once, or once the dial ended (stay).  Returns the handle and the
    events the thread saw."""
    testing = pytest.importorskip("rasfast._testing", reason=TESTING_ABSENT)
    testlib = testing.lib
    slot = lib.rf_slot_open(buf._native_ring(), ffi.NULL)
    assert slot
    notifier = testing.ffi.cast("void *", int(ffi.cast("uintptr_t", lib.rf_notifier_address())))
    result = {}

    def caller() -> None:
        handle = testing.ffi.new("uint64_t *")
        result["rc"] = testlib.rf_sim_dial_raw(wstr(entry, "entry", 256, optional=False),
                                               notifier, slot, 0, handle)
        result["handle"] = int(handle[0])
        if stay:
            result["events"] = wait_for_end(buf)

    t = threading.Thread(target=caller)
    t.start()
    t.join()
    assert result["rc"] == 0
    return result["handle"], result.get("events", [])


def wait_for_end(buf: EventBuffer, timeout: float = 10.0) -> list:
    events: list = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        events += buf.poll()
        if events and (events[-1].error or events[-1].state is ConnState.CONNECTED):
            return events
        buf.wait(0.05)
    raise AssertionError(f"the dial did not end: {events}")


def test_a_dial_whose_calling_thread_ends_first_stops_with_628_and_is_counted():
    sim.set_time_scale(1.0)                 # "Demo VPN" takes 0.1 s to 2 s
    with EventBuffer(256) as buf:
        handle, _ = raw_dial_from_thread(buf, "Demo VPN", stay=False)
        # Thread.join() returns before the OS thread has run its exit
        # callbacks: wait for them (the dial itself takes far longer).
        deadline = time.monotonic() + 5.0
        while sim.orphaned_dials() == 0 and time.monotonic() < deadline:
            time.sleep(0.001)
        assert sim.orphaned_dials() == 1
        events = wait_for_end(buf)
        assert events[-1].error == ERROR_DISCONNECTION
        assert events[-1].state is not ConnState.CONNECTED
        time.sleep(0.2)
        assert buf.poll() == []             # nothing after it
        assert lib.rf_hangup(SIM, handle) == 0
        assert lib.rf_wait_released(SIM, handle, int(5e9), 100_000) == 0
    sim.reset()
    assert sim.orphaned_dials() == 0


def test_a_dial_whose_calling_thread_waits_connects_and_nothing_is_counted():
    sim.set_time_scale(0.05)
    with EventBuffer(256) as buf:
        handle, events = raw_dial_from_thread(buf, "Demo VPN", stay=True)
        assert events[-1].state is ConnState.CONNECTED and events[-1].error == 0
        time.sleep(0.1)                     # (its exit callbacks have run)
        assert sim.orphaned_dials() == 0    # also not after the thread ended
        assert lib.rf_hangup(SIM, handle) == 0
        assert lib.rf_wait_released(SIM, handle, int(5e9), 100_000) == 0
