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

import rasfast
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


# --- The simulator's three RAS threads: a notifier that blocks holds up its
# own dial only.  A due item is handed to a waiting RAS thread whenever the
# others are inside notifiers (sim_engine.c, heap_push and worker_main).

RAS_THREADS = 3


def blocking_notifiers(count: int, release: threading.Event) -> tuple:
    """``count`` raw dials of "Demo Instant" whose notifier (a ctypes
    function, so it runs Python on the RAS thread, as a naive client's
    would) blocks until ``release`` is set.  Returns the handles, an event
    set once every one of them is blocked, and the function object."""
    import ctypes
    import struct
    import sys

    testing = pytest.importorskip("rasfast._testing", reason=TESTING_ABSENT)
    stdcall = sys.platform == "win32" and struct.calcsize("P") == 4
    proto = (ctypes.WINFUNCTYPE if stdcall else ctypes.CFUNCTYPE)(  # type: ignore[attr-defined]
        ctypes.c_uint32, ctypes.c_size_t, ctypes.c_uint32, ctypes.c_void_p,
        ctypes.c_uint32, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_uint32)
    blocked: set = set()
    all_blocked = threading.Event()
    lock = threading.Lock()

    def body(callback_id, sub, hconn, msg, state, error, ext):
        with lock:
            blocked.add(callback_id)
            if len(blocked) == count:
                all_blocked.set()
        release.wait(30.0)
        return 1

    fn = proto(body)
    address = testing.ffi.cast("void *", ctypes.cast(fn, ctypes.c_void_p).value)
    handles = []
    for i in range(count):
        handle = testing.ffi.new("uint64_t *")
        rc = testing.lib.rf_sim_dial_raw(wstr("Demo Instant", "entry", 256, optional=False),
                                         address, 0x600 + i, 0, handle)
        assert rc == 0
        handles.append(int(handle[0]))
    return handles, all_blocked, fn


def hang_up_raw(handles: list) -> None:
    for h in handles:
        lib.rf_hangup(SIM, h)
    for h in handles:
        assert lib.rf_wait_released(SIM, h, int(10e9), 1_000_000) == 0


@pytest.mark.parametrize("blocked", [1, RAS_THREADS - 1])
def test_dials_go_on_while_other_notifiers_block(blocked):
    sim.set_duplicate_dials(True)
    release = threading.Event()
    handles, all_blocked, keep = blocking_notifiers(blocked, release)
    try:
        assert all_blocked.wait(10.0), "the blocking notifiers were not all called"
        # Every RAS thread but one (or two) is stuck in a notifier: the
        # free one must be woken for these dials, one after the other.
        for _ in range(20):
            with EventBuffer(64) as buf:
                conn = rasfast.dial("Demo Instant", buffer=buf)
                assert conn.wait(10.0) is ConnState.CONNECTED
                conn.hangup()
    finally:
        release.set()
        hang_up_raw(handles)
    del keep


def test_dials_wait_while_every_ras_thread_blocks_positive_control():
    """With every RAS thread inside a blocking notifier nothing else moves:
    the test above would fail if a dial needed a thread it did not get."""
    sim.set_duplicate_dials(True)
    release = threading.Event()
    handles, all_blocked, keep = blocking_notifiers(RAS_THREADS, release)
    try:
        assert all_blocked.wait(10.0)
        buf = EventBuffer(64)
        conn = rasfast.dial("Demo Instant", buffer=buf)
        time.sleep(0.3)
        assert conn.state is ConnState.OPEN_PORT and buf.poll() == []
        release.set()
        assert conn.wait(10.0) is ConnState.CONNECTED
        conn.hangup()
        buf.close()
    finally:
        release.set()
        hang_up_raw(handles)
    del keep
