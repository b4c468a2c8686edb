"""The calling thread's lifetime: Microsoft's RAS page "Asynchronous
Operation" says the thread that called RasDial must not terminate until the
dial has connected or failed.  rasfast makes every RasDialW (new dials and
resumes) from one native thread of its own, kept for the process's life, so
a dial started (or resumed) from a short-lived Python thread, a thread-pool
worker say, still runs to its end.  The main thread is the exception: it
lives as long as the process (rasfast hangs up at exit on it), so its
RasDialW runs on it directly, without the hand-off's wake-up per dial.

The simulated service enforces the rule for every caller: a dial whose
RasDialW caller thread exits before the dial ends stops with
ERROR_DISCONNECTION (628), counted by rasfast.sim.orphaned_dials().  The positive
control below shows it stopping a foreign caller's dial; rasfast's own dials
from exiting threads survive."""
from __future__ import annotations

import os
import sys
import threading
import time

import pytest
from _helpers import run_python
from conftest import native_testlib

import rasfast
from rasfast import ConnState, EventBuffer, RasError
from rasfast._native import ffi, lib
from rasfast._wstring import wstr

ERROR_DISCONNECTION = 628
HAS_PROC_TASKS = sys.platform.startswith("linux") and os.path.isdir("/proc/self/task")


def dial_thread_info():
    info = ffi.new("rf_dial_thread_info *")
    lib.rf_dial_thread_get_info(info)
    return info


def on_exiting_thread(fn):
    """fn() on a new threading.Thread that ends as soon as fn returns;
    returns (fn's result, that thread's native id) once the thread is gone."""
    out = {}

    def body():
        out["tid"] = threading.get_native_id()
        try:
            out["result"] = fn()
        except BaseException as exc:  # re-raised on the test's thread
            out["error"] = exc

    t = threading.Thread(target=body, name="short-lived-dialer")
    t.start()
    t.join(30)
    assert not t.is_alive()
    if "error" in out:
        raise out["error"]
    if HAS_PROC_TASKS:   # really gone, not just finished in Python (join returns earlier)
        deadline = time.monotonic() + 10
        while os.path.exists(f"/proc/self/task/{out['tid']}"):
            assert time.monotonic() < deadline, "the thread did not exit"
            time.sleep(0.001)
    return out.get("result"), out["tid"]


@pytest.fixture
def slow_enough():
    """"Demo VPN" takes ~150 ms: its dial is still in progress long after
    the thread that started it has exited."""
    rasfast.sim.set_time_scale(0.2)
    yield


def test_dial_from_a_thread_that_exits_at_once_still_connects(slow_enough):
    orphaned = rasfast.sim.orphaned_dials()
    states = rasfast.sim.entry_states("Demo VPN")
    conn, _ = on_exiting_thread(lambda: rasfast.dial("Demo VPN"))
    assert conn.state is not ConnState.CONNECTED     # still dialling without its thread
    assert conn.wait(10) is ConnState.CONNECTED
    events = conn.buffer.poll()
    assert [e.state for e in events] == states       # every state, in order, once
    assert all(e.error == 0 and e.callback_id == conn.callback_id for e in events)
    assert rasfast.sim.orphaned_dials() == orphaned
    assert conn.hangup()


def test_resume_from_a_thread_that_exits_at_once_still_connects(slow_enough):
    orphaned = rasfast.sim.orphaned_dials()
    states = rasfast.sim.entry_states("Demo Password Expired")
    conn = rasfast.dial("Demo Password Expired", paused_states=True, password="old")
    assert conn.wait(10) is ConnState.PASSWORD_EXPIRED
    before = [e.state for e in conn.buffer.poll()]
    assert before == states[:states.index(ConnState.PASSWORD_EXPIRED) + 1]
    on_exiting_thread(lambda: conn.resume(password="new-secret"))
    assert conn.state is not ConnState.CONNECTED
    assert conn.wait(10) is ConnState.CONNECTED
    after = conn.buffer.poll()
    assert before + [e.state for e in after] == states
    assert all(e.error == 0 for e in after)
    assert rasfast.sim.orphaned_dials() == orphaned
    assert conn.hangup()


def test_many_short_lived_threads_dial_at_once_and_every_dial_connects():
    rasfast.sim.set_time_scale(0.05)
    rasfast.sim.set_duplicate_dials(True)
    orphaned = rasfast.sim.orphaned_dials()
    buf = EventBuffer(1 << 14)
    conns = []
    lock = threading.Lock()
    go = threading.Event()

    def dial_then_exit():
        go.wait()
        c = rasfast.dial("Demo VPN", buffer=buf)
        with lock:
            conns.append(c)

    threads = [threading.Thread(target=dial_then_exit) for _ in range(64)]
    for t in threads:
        t.start()
    go.set()
    for t in threads:
        t.join(30)
    assert len(conns) == 64
    assert all(c.wait(20) is ConnState.CONNECTED for c in conns)
    assert rasfast.sim.orphaned_dials() == orphaned
    rasfast.hangup_all(timeout=10)


def test_rasdial_runs_on_rasfasts_own_thread_not_the_callers(slow_enough):
    """Every RasDialW of rasfast, dial and resume, is one call on the same
    native thread, which is none of the callers' and outlives them."""
    start = dial_thread_info()
    conn, dialer = on_exiting_thread(lambda: rasfast.dial("Demo Instant"))
    assert conn.wait(10) is ConnState.CONNECTED
    paused, pauser = on_exiting_thread(
        lambda: rasfast.dial("Demo Password Expired", paused_states=True, password="old"))
    assert paused.wait(10) is ConnState.PASSWORD_EXPIRED
    _, resumer = on_exiting_thread(lambda: paused.resume(password="new"))
    assert paused.wait(10) is ConnState.CONNECTED
    info = dial_thread_info()
    assert info.running and info.thread_id
    assert info.calls - start.calls == 3                      # two dials and a resume
    assert info.starts == max(start.starts, 1)                # one thread, started once
    assert start.thread_id in (0, info.thread_id)
    callers = {dialer, pauser, resumer, threading.get_native_id()}
    assert len(callers) == 4 and info.thread_id not in callers
    if HAS_PROC_TASKS:
        assert os.path.exists(f"/proc/self/task/{info.thread_id}")   # alive after them
    assert conn.hangup() and paused.hangup()


def test_the_main_threads_dials_skip_the_hand_off_and_a_workers_take_it(slow_enough):
    """A dial and a resume from the main thread are RasDialW calls on the
    main thread (the dial thread's count does not move); the same from a
    worker thread are calls on the dial thread."""
    assert threading.current_thread() is threading.main_thread()
    start = dial_thread_info()
    conn = rasfast.dial("Demo Instant")
    paused = rasfast.dial("Demo Password Expired", paused_states=True, password="old")
    assert paused.wait(10) is ConnState.PASSWORD_EXPIRED
    paused.resume(password="new")
    assert conn.wait(10) is ConnState.CONNECTED and paused.wait(10) is ConnState.CONNECTED
    assert dial_thread_info().calls == start.calls
    worker, _ = on_exiting_thread(lambda: rasfast.dial("Demo VPN"))
    assert worker.wait(10) is ConnState.CONNECTED
    assert dial_thread_info().calls == start.calls + 1
    assert conn.hangup() and paused.hangup() and worker.hangup()


def test_a_dial_refused_by_ras_is_still_one_call_on_the_dial_thread():
    start = dial_thread_info()
    with pytest.raises(RasError) as e:
        on_exiting_thread(lambda: rasfast.dial("No Such Entry"))
    assert e.value.code == 623
    assert dial_thread_info().calls - start.calls == 1


def test_positive_control_a_foreign_callers_dial_stops_when_its_thread_exits(slow_enough):
    """The simulator's rule is in force: the same dial made by RasDialW on
    the exiting thread itself (rasfast._testing's raw dial, as a foreign
    program calls it) is stopped with 628 and counted."""
    testlib = native_testlib()
    orphaned = rasfast.sim.orphaned_dials()
    buf = EventBuffer(256)
    callback_id = lib.rf_slot_open(buf._native_ring(), ffi.NULL)
    assert callback_id
    entry = wstr("Demo VPN", "entry", 256)
    handle = ffi.new("uint64_t *", 0)
    notifier = lib.rf_notifier_address()
    try:
        rc, _ = on_exiting_thread(
            lambda: testlib.rf_sim_dial_raw(entry, notifier, callback_id, 0, handle))
        assert rc == 0 and handle[0]
        events = []
        for ev in buf.events(timeout=10):
            events.append(ev)
            if ev.error or ev.state is ConnState.CONNECTED:
                break
        assert events and events[-1].error == ERROR_DISCONNECTION, events
        assert ConnState.CONNECTED not in [e.state for e in events]
        assert rasfast.sim.orphaned_dials() == orphaned + 1
    finally:
        if handle[0]:
            lib.rf_hangup(lib.RF_BACKEND_SIM, handle[0])
            lib.rf_wait_released(lib.RF_BACKEND_SIM, handle[0], int(5e9), int(1e6))
        lib.rf_slot_close(callback_id)


FORK_CHILD = """
    import os, sys, warnings
    warnings.simplefilter("ignore", DeprecationWarning)   # fork with threads
    import rasfast
    from rasfast import ConnState
    from rasfast._native import ffi, lib

    def info():
        i = ffi.new("rf_dial_thread_info *")
        lib.rf_dial_thread_get_info(i)
        return i.running, i.thread_id, i.starts

    def on_worker(fn):     # the main thread's dials skip the dial thread
        import threading
        out = []
        t = threading.Thread(target=lambda: out.append(fn()))
        t.start()
        t.join()
        return out[0]

    rasfast.sim.set_time_scale(0.05)
    c = on_worker(lambda: rasfast.dial("Demo Instant"))
    assert c.wait(10) is ConnState.CONNECTED
    parent = info()
    assert parent[0] and parent[2] == 1
    pid = os.fork()
    if pid == 0:
        try:
            assert info() == (0, 0, 0), info()            # the parent's thread is not here
            mine = on_worker(lambda: rasfast.dial("Demo VPN"))
            assert mine.wait(10) is ConnState.CONNECTED
            running, tid, starts = info()
            assert running and starts == 1 and tid not in (0, parent[1])
            assert mine.hangup(timeout=5)
        except BaseException:
            import traceback; traceback.print_exc()
            os._exit(3)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
    again = on_worker(lambda: rasfast.dial("Demo VPN"))
    assert again.wait(10) is ConnState.CONNECTED and info() == parent
    print("fork ok", flush=True)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_starts_a_dial_thread_of_its_own():
    r = run_python(FORK_CHILD, timeout=60)
    assert not r.timed_out and r.returncode == 0, r.describe()
    assert "fork ok" in r.stdout, r.describe()


THREAD_START_FAILS = """
    import resource, sys, threading
    import rasfast
    from rasfast import ConnState, EventBuffer, RasError
    from rasfast._native import ffi, lib

    buf = EventBuffer(1024)
    go, done = threading.Event(), threading.Event()
    out = []

    def dial_on_worker():   # the main thread's dials skip the dial thread
        go.wait()
        try:
            out.append(rasfast.dial("Demo Instant", buffer=buf))
        except RasError as e:
            out.append(e.code)
        done.set()

    def on_worker():
        go.set()
        done.wait()
        return out.pop()

    worker = threading.Thread(target=dial_on_worker)   # its stack exists before the limit
    worker.start()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as f:
        used = int(f.read().split()[0]) * resource.getpagesize()
    # Room for Python's small allocations, none for a thread's stack.
    resource.setrlimit(resource.RLIMIT_AS, (used + (2 << 20), hard))
    code = on_worker()
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    worker.join()
    i = ffi.new("rf_dial_thread_info *")
    lib.rf_dial_thread_get_info(i)
    print("first", code, i.running, i.starts, flush=True)
    go.clear(); done.clear()
    worker = threading.Thread(target=dial_on_worker)
    worker.start()
    c = on_worker()                                    # tried again, now it starts
    assert c.wait(10) is ConnState.CONNECTED
    lib.rf_dial_thread_get_info(i)
    print("then", i.running, i.starts, flush=True)
"""


@pytest.mark.skipif(not HAS_PROC_TASKS, reason="needs Linux's RLIMIT_AS and /proc/self/statm")
def test_a_dial_thread_that_cannot_start_is_a_clear_error_and_is_retried():
    r = run_python(THREAD_START_FAILS, timeout=60)
    assert not r.timed_out and r.returncode == 0, r.describe()
    assert "first 8 0 0" in r.stdout, r.describe()    # ERROR_NOT_ENOUGH_MEMORY, no thread
    assert "then 1 1" in r.stdout, r.describe()
