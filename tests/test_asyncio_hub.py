"""asyncio at scale: one waiter per event loop, however many buffers await.

Two paths, each tested: "fd", a selector loop's one reader on its hub's
notify fd (POSIX); "thread", one hub thread per loop, the path of a loop
without add_reader (Windows' ProactorEventLoop; forced elsewhere with
``rasfast.buffer.USE_NOTIFY_FD = False``)."""
from __future__ import annotations

import asyncio
import os
import sys
import threading
import time

import pytest
from _helpers import run_python
from conftest import native_testlib

import rasfast
import rasfast.buffer
from rasfast import EventBuffer, _hub
from rasfast._native import ffi, lib

PATHS = ["fd", "thread"]
HUB_THREAD = "rasfast-asyncio-hub"


@pytest.fixture(params=PATHS)
def path(request, monkeypatch):
    """Which waiter the loops of the test get."""
    if request.param == "fd" and not lib.RF_HAS_NOTIFY_FD:
        pytest.skip("no notify fd here: loops wait on a hub thread")
    monkeypatch.setattr(rasfast.buffer, "USE_NOTIFY_FD", request.param == "fd")
    return request.param


class Sources:
    """Dial slots on buffers, fed from native threads (the shim, as RAS
    calls it)."""

    def __init__(self, testlib):
        self.testlib = testlib
        self.ids = []
        self.producers = []

    def open(self, buf):
        cb = lib.rf_slot_open(buf._native_ring(), ffi.NULL)
        assert cb
        self.ids.append(cb)
        return cb

    def spread(self, ids, count, rate=0):
        """One native thread: count events to ids in turn (extended_error = i)."""
        tp = self.testlib.rf_test_producer_start_spread(ffi.new("uint64_t[]", ids), len(ids),
                                                        count, rate)
        assert tp != ffi.NULL
        self.producers.append(tp)
        return tp

    def join(self, tp, timeout=60.0):
        assert self.testlib.rf_test_producer_join(tp, int(timeout * 1e9))
        return int(self.testlib.rf_test_producer_sent(tp))

    def notify_later(self, cb, delay, state=5):
        """One event from another thread after delay seconds."""
        t = threading.Timer(delay, self.testlib.rf_notify, (cb, 0, 0x77, 0xCCCD, state, 0, 0))
        t.start()
        return t

    def close(self):
        for tp in self.producers:
            self.testlib.rf_test_producer_free(tp)
        for cb in self.ids:
            lib.rf_slot_close(cb)


@pytest.fixture
def sources():
    s = Sources(native_testlib())
    yield s
    s.close()


def open_fds():
    """This process's open fds, None where they cannot be counted (on
    Windows; under Wine the Z: drive's /proc is the Wine process's)."""
    if sys.platform == "win32":
        return None
    for d in ("/proc/self/fd", "/dev/fd"):
        try:
            return len(os.listdir(d))
        except OSError:
            pass
    return None


def hub_threads():
    return sum(1 for t in threading.enumerate() if t.name == HUB_THREAD and t.is_alive())


def wait_until(cond, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


# -- 1,000 buffers under a 1,024-fd limit -----------------------------------

SCALE_CODE = r"""
import asyncio, os, sys, threading
import rasfast, rasfast.buffer
from rasfast import _hub
from rasfast._native import ffi, lib
from rasfast._testing import lib as testlib

path, n, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
if sys.platform != "win32":
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(1024, hard), hard))
    print("limit", resource.getrlimit(resource.RLIMIT_NOFILE)[0])
rasfast.buffer.USE_NOTIFY_FD = path == "fd"

def open_fds():   # as the test's open_fds (-1 where they cannot be counted)
    fd_dir = next((d for d in ("/proc/self/fd", "/dev/fd") if os.path.isdir(d)), None)
    return len(os.listdir(fd_dir)) if fd_dir and sys.platform != "win32" else -1

async def main():
    loop = asyncio.get_running_loop()
    print("loop", type(loop).__name__)
    bufs = [rasfast.EventBuffer(64) for _ in range(n)]
    ids = [lib.rf_slot_open(b._native_ring(), ffi.NULL) for b in bufs]
    assert all(ids)
    got = [[] for _ in range(n)]

    async def read(i):
        async for ev in bufs[i]:
            got[i].append(ev.extended_error)
            if len(got[i]) == per:
                return

    fds0, threads0 = open_fds(), threading.active_count()
    tasks = [asyncio.ensure_future(read(i)) for i in range(n)]
    for _ in range(200):
        await asyncio.sleep(0.01)
        hub = _hub.hub_for(loop, rasfast.buffer.USE_NOTIFY_FD)
        if hub.waiting == n:
            break
    print("waiting", hub.waiting, "kind", hub.kind, "fds", open_fds() - fds0,
          "threads", threading.active_count() - threads0, "hubs", _hub.hubs_in_use())
    tp = testlib.rf_test_producer_start_spread(ffi.new("uint64_t[]", ids), n, n * per, 20000)
    assert tp != ffi.NULL
    await asyncio.wait_for(asyncio.gather(*tasks), 240)
    assert testlib.rf_test_producer_join(tp, 10 ** 10)
    assert testlib.rf_test_producer_sent(tp) == n * per
    testlib.rf_test_producer_free(tp)
    bad = [i for i, g in enumerate(got) if g != [i + k * n for k in range(per)]]
    assert not bad, (len(bad), bad[:3], got[bad[0]][:5])
    for cb in ids:
        lib.rf_slot_close(cb)
    for b in bufs:
        b.close()
    print("delivered", sum(map(len, got)), "hub wakeups", hub.wakeups)

asyncio.run(main())
print("ok")
"""


def test_1000_async_for_buffers_under_a_1024_fd_limit(path):
    """Every one of 1,000 concurrent ``async for`` buffers gets all its
    events, in order, with RLIMIT_NOFILE at 1,024 (the old design needed two
    fds per buffer: 492 of 1,000 failed with EMFILE); the loop has one
    waiter: one fd (eventfd) or one thread."""
    native_testlib()    # the child's producer; skips here where it was not built
    r = run_python(SCALE_CODE, timeout=300, args=(path, "1000", "5"))
    assert r.returncode == 0 and "ok" in r.stdout, r.describe()
    if sys.platform == "win32":     # Windows' default loop: the proactor, no add_reader
        assert "loop ProactorEventLoop" in r.stdout, r.stdout
    assert "delivered 5000" in r.stdout, r.describe()
    words = next(line for line in r.stdout.splitlines() if line.startswith("waiting")).split()
    stats = dict(zip(words[::2], words[1::2]))
    assert stats["waiting"] == "1000", r.stdout
    assert stats["hubs"] == "1", r.stdout
    if path == "fd":
        assert stats["kind"] == "fd" and stats["threads"] == "0", r.stdout
        assert int(stats["fds"]) <= 2, r.stdout      # one eventfd (a pipe: two)
    else:
        assert stats["kind"] == "thread" and stats["threads"] == "1", r.stdout
        if sys.platform != "win32":
            assert int(stats["fds"]) == 0, r.stdout


README_CODE = r"""
import asyncio, sys
import rasfast, rasfast.buffer

path, n = sys.argv[1], int(sys.argv[2])
if sys.platform != "win32":
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(1024, hard), hard))
rasfast.buffer.USE_NOTIFY_FD = path == "fd"
rasfast.sim.set_time_scale(0.02)
rasfast.sim.set_duplicate_dials(True)    # 1,000 dials of one entry, a connection each
rasfast.sim.set_release_delay(0.0)

# The README's asyncio example, 1,000 dials at once.
async def dial(entry: str) -> tuple[str, str, int]:
    buf = rasfast.EventBuffer()
    conn = rasfast.dial(entry, buffer=buf)
    try:
        async for ev in buf:
            if ev.is_terminal:
                return entry, ev.state.name, ev.error
        raise RuntimeError("the buffer was closed")
    finally:
        await asyncio.to_thread(conn.hangup)

async def main() -> None:
    results = await asyncio.gather(*(dial("Demo VPN") for _ in range(n)))
    print("results", sorted(set(results)), len(results))

asyncio.run(main())
"""


def test_readme_asyncio_example_with_1000_dials(path):
    """The README's example, one buffer per dial, 1,000 dials at once on a
    1,024-fd limit: every dial connects."""
    r = run_python(README_CODE, timeout=300, args=(path, "1000"))
    assert r.returncode == 0, r.describe()
    assert "results [('Demo VPN', 'CONNECTED', 0)] 1000" in r.stdout, r.describe()


# -- one waiter per loop ----------------------------------------------------

def test_one_waiter_per_loop_however_many_buffers(path, sources):
    bufs = [EventBuffer(16) for _ in range(300)]
    ids = [sources.open(b) for b in bufs]
    assert wait_until(lambda: hub_threads() == 0)   # an earlier loop's, ending
    threads0 = hub_threads()
    seen = {}

    async def main():
        loop = asyncio.get_running_loop()
        fds0, hubs0 = open_fds(), _hub.hubs_in_use()     # the loop's own fds counted

        async def one(i):
            assert await bufs[i].await_ready(30)
            return bufs[i].poll()

        tasks = [asyncio.ensure_future(one(i)) for i in range(len(bufs))]
        await asyncio.sleep(0.2)
        hub = _hub.hub_for(loop, rasfast.buffer.USE_NOTIFY_FD)
        seen.update(waiting=hub.waiting, kind=hub.kind, hubs=_hub.hubs_in_use() - hubs0,
                    threads=hub_threads() - threads0,
                    fds=None if fds0 is None else open_fds() - fds0)
        tp = sources.spread(ids, len(ids))
        got = await asyncio.gather(*tasks)
        assert sources.join(tp) == len(ids)
        return got

    got = asyncio.run(main())
    assert [[e.extended_error for e in g] for g in got] == [[i] for i in range(len(bufs))]
    assert seen["waiting"] == 300 and seen["hubs"] == 1, seen
    assert seen["kind"] == path, seen
    assert seen["threads"] == (1 if path == "thread" else 0), seen
    if seen["fds"] is not None:
        assert seen["fds"] <= (2 if path == "fd" else 0), seen
    # The loop is closed: its hub goes back (the thread within a slice).
    assert wait_until(lambda: hub_threads() == threads0)
    for b in bufs:
        b.close()


def test_one_wake_system_call_per_batch_of_ready_buffers(path, sources):
    """100 parked buffers signalled in one burst while the loop is busy:
    the producers wake the hub once (the fd path) or a few times (the thread
    path, which may wake between signals), not once per buffer; every
    buffer's waiter is resolved."""
    bufs = [EventBuffer(16) for _ in range(100)]
    ids = [sources.open(b) for b in bufs]

    async def main():
        loop = asyncio.get_running_loop()
        tasks = [asyncio.ensure_future(b.await_ready(30)) for b in bufs]
        await asyncio.sleep(0.2)
        hub = _hub.hub_for(loop, rasfast.buffer.USE_NOTIFY_FD)
        assert hub.waiting == 100
        before = hub.wakeups
        tp = sources.spread(ids, 100)
        time.sleep(0.3)          # the loop is busy meanwhile: nothing is dispatched
        assert sources.join(tp) == 100
        ready = await asyncio.gather(*tasks)
        return ready, hub.wakeups - before

    ready, wakeups = asyncio.run(main())
    assert ready == [True] * 100
    assert 1 <= wakeups <= (1 if path == "fd" else 50), wakeups
    # Each ring's producer cleared its parked flag and made no system call
    # of its own: the wakes were the hub's.
    assert sum(b.stats.wakeups for b in bufs) == wakeups
    for b in bufs:
        b.close()


def test_a_loop_whose_add_reader_refuses_gets_a_hub_thread(sources):
    """A selector-shaped loop whose add_reader raises NotImplementedError
    (as the proactor's does) falls back to the thread waiter."""
    if not lib.RF_HAS_NOTIFY_FD:
        pytest.skip("the thread waiter is the only one here")

    class NoReaders(asyncio.SelectorEventLoop):
        def add_reader(self, fd, callback, *args):
            raise NotImplementedError

    buf = EventBuffer(16)
    cb = sources.open(buf)
    loop = NoReaders()
    try:
        async def main():
            sources.notify_later(cb, 0.1)
            ready = await buf.await_ready(10)
            return ready, _hub.hub_for(asyncio.get_running_loop(), True).kind

        assert loop.run_until_complete(main()) == (True, "thread")
    finally:
        loop.close()
    buf.close()


def test_no_task_is_made_for_an_await(path, sources):
    """await_ready with or without a timeout runs in the caller's task
    (no asyncio.wait_for task, no executor job)."""
    buf = EventBuffer(16)
    cb = sources.open(buf)

    async def main():
        me = asyncio.current_task()
        tasks = []
        loop = asyncio.get_running_loop()
        loop.call_later(0.1, lambda: tasks.append(asyncio.all_tasks()))
        sources.notify_later(cb, 0.2)
        assert await buf.await_ready() is True
        buf.poll()
        loop.call_later(0.1, lambda: tasks.append(asyncio.all_tasks()))
        assert await buf.await_ready(0.3) is False
        return me, tasks

    me, tasks = asyncio.run(main())
    assert tasks == [{me}, {me}]
    buf.close()


# -- lifetimes ----------------------------------------------------------------

def test_close_while_awaiting_ends_the_wait(path, sources):
    """close() from another thread and from the loop itself: await_ready
    returns False, ``async for`` ends."""
    a, b = EventBuffer(16), EventBuffer(16)
    sources.open(a)
    sources.open(b)

    async def main():
        loop = asyncio.get_running_loop()

        async def iterate():
            return [ev async for ev in b]

        it = asyncio.ensure_future(iterate())
        threading.Timer(0.1, a.close).start()
        loop.call_later(0.2, b.close)
        t0 = time.monotonic()
        ready = await a.await_ready()
        events = await asyncio.wait_for(it, 10)
        return ready, events, time.monotonic() - t0

    ready, events, took = asyncio.run(main())
    assert ready is False and events == [] and took < 5
    assert a.closed and b.closed


def test_timeout_returns_false_and_the_next_wait_still_wakes(path, sources):
    buf = EventBuffer(16)
    cb = sources.open(buf)

    async def main():
        t0 = time.monotonic()
        first = await buf.await_ready(0.1)
        waited = time.monotonic() - t0
        ended = [ev async for ev in buf.aevents(timeout=0.1)]
        sources.notify_later(cb, 0.05, state=9)
        t1 = time.monotonic()
        second = await buf.await_ready(10)
        return first, waited, ended, second, time.monotonic() - t1

    first, waited, ended, second, took = asyncio.run(main())
    assert first is False and waited >= 0.09
    assert ended == []
    assert second is True and took < 5
    assert [e.raw_state for e in buf.poll()] == [9]
    # A timed-out or cancelled wait leaves no parked ring behind: this push
    # makes no wake-up.
    before = buf.stats.wakeups
    assert native_testlib().rf_notify(cb, 0, 0x77, 0xCCCD, 3, 0, 0) == 1
    assert buf.stats.wakeups == before
    buf.close()


def test_cancelled_waiter_is_unparked(path, sources):
    buf = EventBuffer(16)
    cb = sources.open(buf)

    async def main():
        task = asyncio.ensure_future(buf.await_ready())
        await asyncio.sleep(0.1)
        hub = _hub.hub_for(asyncio.get_running_loop(), rasfast.buffer.USE_NOTIFY_FD)
        assert hub.waiting == 1
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return hub.waiting

    assert asyncio.run(main()) == 0
    before = buf.stats.wakeups
    assert native_testlib().rf_notify(cb, 0, 0x77, 0xCCCD, 3, 0, 0) == 1
    assert buf.stats.wakeups == before
    buf.close()


def test_two_loops_in_two_threads_at_once(path, sources):
    bufs = [[EventBuffer(16) for _ in range(50)] for _ in range(2)]
    ids = [[sources.open(b) for b in group] for group in bufs]
    start = threading.Barrier(3)
    results = {}

    def run(k):
        async def main():
            tasks = [asyncio.ensure_future(b.await_ready(30)) for b in bufs[k]]
            await asyncio.sleep(0.1)
            start.wait(10)
            ready = await asyncio.gather(*tasks)
            return ready, _hub.hub_for(asyncio.get_running_loop(), True).native

        results[k] = asyncio.run(main())

    threads = [threading.Thread(target=run, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    start.wait(10)
    in_use = _hub.hubs_in_use()     # (a closed loop's hub may not be swept yet)
    tps = [sources.spread(group, len(group)) for group in ids]
    for t in threads:
        t.join(30)
    for tp in tps:
        sources.join(tp)
    assert in_use >= 2
    assert results[0][0] == [True] * 50 and results[1][0] == [True] * 50
    assert results[0][1] != results[1][1]          # a hub each
    for group in bufs:
        assert [e.extended_error for b in group for e in b.poll()] == list(range(50))
        for b in group:
            b.close()


def test_one_buffer_awaited_from_two_loops_in_turn(path, sources):
    buf = EventBuffer(16)
    cb = sources.open(buf)
    for state in (1, 2, 3):
        async def main(state=state):
            sources.notify_later(cb, 0.05, state=state)
            return await buf.await_ready(10)

        assert asyncio.run(main()) is True
        assert [e.raw_state for e in buf.poll()] == [state]
    buf.close()


def test_a_loop_closed_with_buffers_still_awaited(path, sources):
    """A loop closed while tasks still await buffers (never cancelled): its
    waiter goes away, the buffers' next events harm nothing, and a new loop
    awaits the same buffers."""
    bufs = [EventBuffer(16) for _ in range(10)]
    ids = [sources.open(b) for b in bufs]
    # An earlier test's closed loop may still have its hub thread (it ends
    # within 0.25 s): counted from none, not from one that ends meanwhile.
    assert wait_until(lambda: hub_threads() == 0)
    threads0 = hub_threads()
    loop = asyncio.new_event_loop()
    tasks = [loop.create_task(b.await_ready()) for b in bufs]
    loop.run_until_complete(asyncio.sleep(0.1))
    assert not any(t.done() for t in tasks)
    loop.close()
    tp = sources.spread(ids, len(ids))          # each ring still parked on the closed loop's hub
    assert sources.join(tp) == len(ids)
    assert wait_until(lambda: hub_threads() == threads0)
    for t in tasks:      # pending for good: the point (asyncio would log each)
        t._log_destroy_pending = False
    del tasks, loop

    async def main():
        return await asyncio.gather(*(b.await_ready(10) for b in bufs))

    assert asyncio.run(main()) == [True] * len(bufs)
    assert [e.extended_error for b in bufs for e in b.poll()] == list(range(len(bufs)))
    for b in bufs:
        b.close()


def test_hubs_of_closed_loops_are_reused(path, sources):
    """More loops one after another than the native table holds hubs."""
    buf = EventBuffer(16)
    cb = sources.open(buf)
    n = int(lib.RF_HUB_MAX) + 20
    for i in range(n):
        async def main(i=i):
            assert native_testlib().rf_notify(cb, 0, 0x77, 0xCCCD, 1, 0, i) == 1
            return await buf.await_ready(10)

        assert asyncio.run(main()) is True
        assert [e.extended_error for e in buf.poll()] == [i]
    assert _hub.hubs_in_use() <= int(lib.RF_HUB_MAX)
    buf.close()


FORK_CODE = r"""
import asyncio, os, sys, threading, warnings
import rasfast, rasfast.buffer
from rasfast._native import ffi, lib
from rasfast._testing import lib as testlib
warnings.simplefilter("ignore", DeprecationWarning)   # fork with threads
rasfast.buffer.USE_NOTIFY_FD = sys.argv[1] == "fd"
buf = rasfast.EventBuffer(16)
cb = lib.rf_slot_open(buf._native_ring(), ffi.NULL)

def wait_once(state):
    async def main():
        threading.Timer(0.05, testlib.rf_notify, (cb, 0, 1, 0xCCCD, state, 0, 0)).start()
        ok = await buf.await_ready(10)
        return ok, [e.raw_state for e in buf.poll()]
    return asyncio.run(main())

print("parent", wait_once(1), flush=True)
pid = os.fork()
if pid == 0:
    ok = wait_once(2) == (True, [2]) and wait_once(3) == (True, [3])
    os._exit(0 if ok else 1)
_, status = os.waitpid(pid, 0)
print("child", os.waitstatus_to_exitcode(status), flush=True)
print("parent again", wait_once(4), flush=True)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_fork_child_awaits_on_hubs_of_its_own(path):
    native_testlib()    # the child's producer; skips here where it was not built
    r = run_python(FORK_CODE, timeout=60, args=(path,))
    assert r.returncode == 0, r.describe()
    assert "parent (True, [1])" in r.stdout, r.describe()
    assert "child 0" in r.stdout, r.describe()
    assert "parent again (True, [4])" in r.stdout, r.describe()


PIPE_CODE = r"""
import asyncio, threading
import rasfast
from rasfast import _hub
from rasfast._native import ffi, lib
from rasfast._testing import lib as testlib
_hub._EVENTFD = False            # macOS's notify fd: a pipe
buf = rasfast.EventBuffer(16)
cb = lib.rf_slot_open(buf._native_ring(), ffi.NULL)

async def main():
    got = []
    for i in range(20):
        threading.Timer(0.01, testlib.rf_notify, (cb, 0, 1, 0xCCCD, 1, 0, i)).start()
        assert await buf.await_ready(10)
        got += [e.extended_error for e in buf.poll()]
    hub = _hub.hub_for(asyncio.get_running_loop(), True)
    return got, hub.kind, lib.rf_hub_notify_fd(hub.native)

got, kind, fd = asyncio.run(main())
print("got", got == list(range(20)), kind, fd >= 0)
"""


@pytest.mark.skipif(not lib.RF_HAS_NOTIFY_FD, reason="no notify fd here")
def test_a_pipe_as_the_notify_fd():
    """Where there is no eventfd (macOS, Python 3.9), the hub's fd is a pipe."""
    native_testlib()    # the child's producer; skips here where it was not built
    r = run_python(PIPE_CODE, timeout=60)
    assert r.returncode == 0, r.describe()
    assert "got True fd True" in r.stdout, r.describe()
