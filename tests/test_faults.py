"""Faults: a consumer that stops (GIL held in C) under a flood, the simulator
failing at every state in turn, and the process's life cycle with dials in
flight: interpreter exit, buffer collection, os.fork()."""
from __future__ import annotations

import ctypes
import gc
import os
import sys
import time

import pytest
from _helpers import run_python
from conftest import native_testlib

import rasfast
from rasfast import ConnState, EventBuffer, RasError
from rasfast._native import ffi, lib

ERROR_USER_DISCONNECTION = 631
STALL_S = 0.1
RATE = 100_000


def _stall_holding_gil(seconds: float) -> None:
    """Sleep in C *with the GIL held* (PyDLL never releases it): for this
    long no Python thread runs, so nobody drains any buffer."""
    if sys.platform == "win32":
        kernel32 = ctypes.PyDLL("kernel32")
        kernel32.Sleep.argtypes = [ctypes.c_uint32]
        kernel32.Sleep(int(seconds * 1000))
        return
    if os.name == "nt":
        ctypes.PyDLL("kernel32").Sleep(int(seconds * 1000))
        return
    libc = ctypes.PyDLL(None)
    libc.usleep.argtypes = [ctypes.c_uint]
    libc.usleep(int(seconds * 1e6))


def test_consumer_stalled_with_gil_held_under_flood(native_source):
    """100,000 events/s arrive while the only consumer is stuck for 100 ms
    with the GIL held: every drop is counted exactly, nothing is reordered,
    the dials sharing the buffer still report their latest state, and the
    simulated RAS thread never waited for Python."""
    rasfast.sim.set_time_scale(0.05)          # "Demo VPN": ~50 ms, spans the stall
    rasfast.sim.set_duplicate_dials(True)     # 20 dials of one entry at once
    buf = EventBuffer(1024)
    src = native_source(buf)
    count = int(RATE * 0.4)
    tp = src.start(threads=1, count=count, rate=RATE)
    rasfast.sim.reset_hold_stats()
    conns = [rasfast.dial("Demo VPN", backend="sim", buffer=buf) for _ in range(20)]
    received = []
    _stall_holding_gil(STALL_S)
    deadline = time.monotonic() + 30
    while not src.join(tp, timeout=0):
        received += buf.poll()
        buf.wait(0.01)
        assert time.monotonic() < deadline
    for c in conns:
        assert c.wait(timeout=10) is ConnState.CONNECTED
    received += buf.poll()

    flood = [e for e in received if e.callback_id == src.callback_id]
    counters = [e.extended_error for e in flood]
    assert counters == sorted(set(counters)), "events reordered or duplicated"
    st = buf.stats
    assert st.pending == 0
    assert st.pushed == st.delivered + st.dropped
    assert st.dropped == st.dropped_full > 0, "the stall did not overflow the buffer"
    # Exactly the missing records are the counted drops.
    dial_notes = 0
    for c in conns:
        s = ffi.new("rf_slot_status *")
        assert lib.rf_slot_get_status(c.callback_id, s)
        dial_notes += s.notifications
    dial_received = len(received) - len(flood)
    assert (count - len(flood)) + (dial_notes - dial_received) == st.dropped
    assert st.pushed == count + dial_notes
    # Some dial notifications were lost, yet each dial's latest state is known.
    assert dial_received < dial_notes
    for c in conns:
        assert c.state is ConnState.CONNECTED
        assert c.status().state is ConnState.CONNECTED
    # The RAS thread pushed into a full buffer while Python was frozen and
    # never waited: no notifier call came near the length of the stall.
    hold = rasfast.sim.hold_stats()
    assert hold.count >= dial_notes
    assert hold.max_ns < STALL_S * 1e9 / 2, hold
    print(f"\nstall {STALL_S * 1e3:.0f} ms at {RATE}/s: pushed {st.pushed}, delivered "
          f"{st.delivered}, dropped {st.dropped}; RAS hold p50 {hold.percentile(50)} ns, "
          f"max {hold.max_ns} ns")
    for c in conns:
        assert c.hangup(timeout=5)
    buf.close()


def _walks():
    """Every (entry spec, state of its walk) pair: the simulator fails there."""
    specs = [("vpn", 1), ("modem", 1), ("vpn", 2)]
    out = []
    for profile, subentries in specs:
        probe = f"walk {profile} {subentries}"
        rasfast.sim.add_entry(probe, profile=profile, subentries=subentries)
        states = rasfast.sim.entry_states(probe)
        rasfast.sim.remove_entry(probe)
        for i, state in enumerate(states):
            if state < ConnState.CONNECTED:   # the end states cannot fail
                out.append((profile, subentries, i, state))
    return out


def test_simulator_fails_at_every_state_in_turn():
    """For every state of every walk: the dial fails there with the given
    error, wait() raises it, the events are the walk up to that state, the
    failure is the last RAS event, and hang-up adds nothing after it."""
    rasfast.sim.set_time_scale(0.001)
    cases = _walks()
    assert len(cases) > 25
    seen_states = set()
    for n, (profile, subentries, index, state) in enumerate(cases):
        name = f"fail {n}"
        error = 700 + n
        rasfast.sim.add_entry(name, profile=profile, subentries=subentries, fail_at=state,
                              error=error)
        walk = rasfast.sim.entry_states(name)
        assert walk[-1] == state and len(walk) <= index + 1
        buf = EventBuffer(64)
        conn = rasfast.dial(name, backend="sim", buffer=buf)
        with pytest.raises(RasError) as info:
            conn.wait(timeout=10)
        assert info.value.code == error, (profile, subentries, index, state)
        assert conn.state == state and conn.error == error
        events = buf.poll()
        assert [e.state for e in events[:-1]] == walk
        last = events[-1]
        assert last.state == state and last.error == error and last.is_terminal
        assert not any(e.error for e in events[:-1])
        assert not any(e.is_terminal for e in events[:-1])
        conn.hangup(timeout=5)
        assert buf.poll() == [], "an event after the failure's terminal event"
        buf.close()
        seen_states.add(state)
    assert {ConnState.OPEN_PORT, ConnState.APPLY_SETTINGS, ConnState.SUBENTRY_CONNECTED} <= seen_states


def test_fail_at_connected_is_refused():
    """RasEvent.is_terminal: no further RAS notification follows CONNECTED,
    so a failure "at" CONNECTED (a success followed by a failure) is refused
    by add_entry, in Python and in the native simulator."""
    for state in (ConnState.CONNECTED, ConnState.DISCONNECTED):
        with pytest.raises(ValueError, match="before CONNECTED"):
            rasfast.sim.add_entry("Fails Connected", fail_at=state, error=720)
    spec = ffi.new("rf_sim_entry *")
    spec.name[0:2] = [ord("X"), 0]
    spec.profile, spec.fail_at, spec.error, spec.pause_at, spec.subentries = 0, 0x2000, 720, -1, 1
    assert lib.rf_sim_add_entry(spec) == 87
    assert "Fails Connected" not in [e.name for e in rasfast.sim.entries()]


def test_interpreter_exit_with_dials_and_producers_in_flight():
    """Exit while 200 dials are mid-way, a consumer thread is parked in
    wait(), an asyncio-less iterator is open and native producers still
    push: no crash, no hang; exit hangs every dial up first."""
    native_testlib()                  # the child's native producer: skip without it
    r = run_python("""
        import atexit, sys
        # Registered before rasfast's own exit handler, so it runs after it.
        atexit.register(lambda: print("after hang-up:", sys.modules["rasfast"].sim.active_connections(),
                                      "connections", flush=True))
        import threading, time, rasfast
        from rasfast._native import ffi, lib
        from rasfast._testing import lib as testlib
        rasfast.sim.set_time_scale(0.2)
        lib.rf_sim_set_duplicate_dials(1)
        buf = rasfast.EventBuffer(256)
        conns = [rasfast.dial(e, backend="sim", buffer=buf)
                 for e in ["Demo VPN", "Demo Modem", "Demo Multilink"] * 10]
        conns += [rasfast.dial("Demo Modem", backend="sim") for _ in range(170)]
        flood = rasfast.EventBuffer(64)
        cid = lib.rf_slot_open(flood._native_ring(), ffi.NULL)
        tp = testlib.rf_test_producer_start(cid, 2, 10**9, 0)     # never finishes
        threading.Thread(target=lambda: [None for _ in buf.events()], daemon=True).start()
        threading.Thread(target=flood.wait, daemon=True).start()
        time.sleep(0.05)
        print("exiting with", rasfast.sim.active_connections(), "connections", flush=True)
    """, timeout=60)
    assert not r.timed_out and r.returncode == 0, r.describe()
    assert "exiting with 200 connections" in r.stdout, r.describe()
    assert "after hang-up: 0 connections" in r.stdout, r.describe()


def test_buffer_collected_and_closed_with_dials_in_flight(native_source):
    """A buffer closed, or dropped and garbage-collected, while dials and a
    native producer still write to it: later pushes are dropped and
    counted, the dials go on, Connection.state still tells the truth."""
    rasfast.sim.set_time_scale(0.02)
    rasfast.sim.set_duplicate_dials(True)
    buf = EventBuffer(64)
    conns = [rasfast.dial("Demo VPN", backend="sim", buffer=buf) for _ in range(5)]
    src = native_source(buf)
    tp = src.start(threads=2, count=200_000, rate=0)
    time.sleep(0.01)
    buf.close()
    with pytest.raises(ValueError):
        buf.poll()
    for c in conns:
        assert c.wait(timeout=10) is ConnState.CONNECTED
    assert src.join(tp, timeout=60)
    for c in conns:
        assert c.hangup(timeout=5)

    # Dropped without close(): the finalizer closes the ring; the slot's own
    # reference keeps the native memory alive for producers still pushing.
    buf2 = EventBuffer(64)
    conn = rasfast.dial("Demo VPN", backend="sim", buffer=buf2)
    src2 = native_source(buf2)
    tp2 = src2.start(threads=2, count=200_000, rate=0)
    conn._buffer = None          # the Connection's reference too: nothing holds buf2 now
    del buf2
    gc.collect()
    assert conn.wait(timeout=10) is ConnState.CONNECTED
    assert src2.join(tp2, timeout=60)
    assert conn.hangup(timeout=5)


FORK_SCRIPT = """
    import os, sys, time, warnings
    warnings.simplefilter("ignore", DeprecationWarning)   # fork with threads: that is the point
    import rasfast
    from rasfast import ConnState, RasError
    rasfast.sim.set_time_scale(0.05)
    buf = rasfast.EventBuffer(4096)
    slow = [rasfast.dial("Demo Modem", backend="sim", buffer=buf)]
    seen = []
    fast = rasfast.dial("Demo VPN", backend="sim", on_event=seen.append)
    from rasfast._native import lib
    lib.rf_sim_set_duplicate_dials(1)
    forks = 0
    for round in range(15):
        # Fork while RAS threads are busy notifying (instant dials).
        burst = [rasfast.dial("Demo Instant", backend="sim", buffer=buf) for _ in range(30)]
        pid = os.fork()
        if pid == 0:
            try:
                c = slow[0]
                assert isinstance(c.state, ConnState), c.state
                for call in (lambda: c.wait(1), c.status, c.resume):
                    try:
                        call()
                    except RasError as e:
                        assert e.code == 6 and "parent process" in str(e), e
                    else:
                        raise AssertionError("parent's dial usable in the child")
                assert c.hangup(timeout=1) is False
                assert rasfast.connections() == []
                got = []
                mine = rasfast.dial("Demo VPN", backend="sim", on_event=got.append)
                assert mine.wait(timeout=10) is ConnState.CONNECTED
                deadline = time.monotonic() + 5
                while not any(e.state is ConnState.CONNECTED for e in got):
                    assert time.monotonic() < deadline, "no on_event delivery in the child"
                    time.sleep(0.005)
                assert mine.hangup(timeout=5) is True
            except BaseException as e:
                import traceback; traceback.print_exc()
                os._exit(3)
            sys.exit(0)          # a normal exit: atexit must not touch the parent's dials
        _, status = os.waitpid(pid, 0)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
        forks += 1
        for c in burst:
            assert c.wait(timeout=10) is ConnState.CONNECTED
    # The parent's dials never noticed.
    assert slow[0].wait(timeout=30) is ConnState.CONNECTED
    assert fast.wait(timeout=30) is ConnState.CONNECTED
    assert slow[0].hangup(timeout=5) and fast.hangup(timeout=5)
    print("forks", forks, flush=True)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_fork_with_dials_in_flight():
    """Documented behaviour in a forked child (rasfast.dialing._fork_child):
    the parent's dials are inert (state kept, hangup() False, wait/status/
    resume raise RasError 6); the child's simulator starts empty and new
    dials, on_event included, work; the parent is untouched."""
    r = run_python(FORK_SCRIPT, timeout=120)
    assert not r.timed_out and r.returncode == 0, r.describe()
    assert "forks 15" in r.stdout, r.describe()


def test_gil_stall_helper_really_holds_the_gil():
    """Positive control for the stall: a Python thread makes no progress
    while the main thread sleeps in PyDLL."""
    import threading

    ticks = []
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            ticks.append(time.perf_counter())

    t = threading.Thread(target=spin)
    t.start()
    time.sleep(0.02)
    before = time.perf_counter()
    _stall_holding_gil(0.2)
    after = time.perf_counter()
    time.sleep(0.02)          # releases the GIL: the other thread runs again
    stop.set()
    t.join()
    window = [before] + [x for x in ticks if before < x < after] + [after]
    longest = max(b - a for a, b in zip(window, window[1:]))
    # The spinning thread got no step for (almost) the whole stall; it may
    # run for a switch interval (5 ms) or so before the stall starts, while
    # the GIL changes hands, on a loaded machine somewhat longer.
    assert longest >= 0.15, f"the other thread ran during the stall (longest gap {longest:.4f} s)"
    assert [x for x in ticks if x > after], "the other thread never resumed"


def test_fork_while_another_thread_opens_and_closes_slots():
    """The slot table's lock is held across fork(): a child forked while
    another thread is inside rf_slot_open/rf_slot_close can still dial."""
    if not hasattr(os, "fork"):
        pytest.skip("needs os.fork")
    code = """
        import os, threading, rasfast
        from rasfast._native import ffi, lib
        buf = rasfast.EventBuffer(8)
        ring = buf._native_ring()
        stop = False
        def churn():
            while not stop:
                lib.rf_slot_close(lib.rf_slot_open(ring, ffi.NULL))
        t = threading.Thread(target=churn); t.start()
        for i in range(30):
            pid = os.fork()
            if pid == 0:
                rasfast.sim.set_time_scale(0)
                c = rasfast.dial("Demo Instant")
                os._exit(0 if c.wait(5) is rasfast.ConnState.CONNECTED else 3)
            _, status = os.waitpid(pid, 0)
            assert os.waitstatus_to_exitcode(status) == 0, status
        stop = True; t.join()
        print("ok")
    """
    r = run_python(code, timeout=120)
    assert r.returncode == 0 and "ok" in r.stdout, r.describe()


_FORK_MID_CLOCK_CHOICE = """
    import os, sys, time, rasfast
    from rasfast._native import lib
    # As the first rf_slot_open of another thread leaves the clock while it
    # chooses (about 0.2 ms; far longer when that thread is preempted):
    # test_fork_while_another_thread_opens_and_closes_slots hung so under load.
    assert lib.rf_clock__pretend_deciding(1) == 1
    pid = os.fork()
    if pid == 0:
        if sys.argv[1] == "control":
            lib.rf_clock__pretend_deciding(1)   # as if no fork handler had run
        rasfast.sim.set_time_scale(0)
        c = rasfast.dial("Demo Instant")
        os._exit(0 if c.wait(5) is rasfast.ConnState.CONNECTED else 3)
    assert lib.rf_clock__pretend_deciding(0) == 1
    deadline = time.monotonic() + float(sys.argv[2])
    while os.waitpid(pid, os.WNOHANG) == (0, 0):
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            sys.exit("the child hung in its first dial")
        time.sleep(0.01)
    c = rasfast.dial("Demo Instant")   # the parent chooses for itself
    assert c.wait(5) is rasfast.ConnState.CONNECTED
    print("ok")
"""


def test_fork_while_another_thread_chooses_the_clock():
    """A child forked while another thread makes the clock's choice (in the
    first dial slot's opening) makes it again instead of waiting forever for
    a thread it does not have."""
    if not hasattr(os, "fork"):
        pytest.skip("needs os.fork")
    r = run_python(_FORK_MID_CLOCK_CHOICE, timeout=90, args=("fixed", "30"))
    assert r.returncode == 0 and "ok" in r.stdout, r.describe()


def test_fork_mid_clock_choice_positive_control():
    """Positive control: the same child, with the choice marked as under way
    again after the fork handlers ran, hangs in its first dial."""
    if not hasattr(os, "fork"):
        pytest.skip("needs os.fork")
    r = run_python(_FORK_MID_CLOCK_CHOICE, timeout=60, args=("control", "2"))
    assert r.returncode == 1 and "the child hung in its first dial" in r.stderr, r.describe()


def test_buffer_closed_while_dials_start_and_end():
    """close() racing dial() (slot open) and hang-up (local events): either
    the dial sees a closed buffer (ValueError) or it holds the ring; no
    use of a freed ring either way.  Under ASan this would show a crash."""
    import threading

    rasfast.sim.set_time_scale(0)
    rasfast.sim.set_duplicate_dials(True)
    outcomes = {"dialled": 0, "closed": 0}
    for _ in range(300):
        buf = EventBuffer(16)
        closer = threading.Thread(target=buf.close)
        closer.start()
        try:
            conn = rasfast.dial("Demo Instant", buffer=buf)
        except ValueError:
            outcomes["closed"] += 1
        else:
            outcomes["dialled"] += 1
            conn.hangup(timeout=5)
        closer.join()
    assert sum(outcomes.values()) == 300
    assert rasfast.sim.active_connections() == 0
