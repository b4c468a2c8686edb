"""EventBuffer under load: native producers, parking, lifetimes, bad input."""
from __future__ import annotations

import asyncio
import gc
import math
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from conftest import checksum

import rasfast
from rasfast import EventBuffer
from rasfast._native import ffi, lib


def drain_and_check(buf, src, tp, producers):
    """Drain while producers run; check every record; return counts."""
    last = [-1] * (producers + 1)
    seen = 0
    finished = False
    while True:
        if not finished:
            finished = src.join(tp, 0)
        batch = buf.poll()
        for ev in batch:
            p, counter, err = ev[4], ev[8], ev[7]
            # Per-producer order kept, no duplicate, no torn record.
            assert counter > last[p], (p, counter, last[p])
            assert err == checksum(p, counter), (p, counter)
            last[p] = counter
        seen += len(batch)
        if finished and not batch:
            return seen, last


@pytest.mark.slow
def test_stress_4_producers_1m_each_small_ring(native_source):
    buf = EventBuffer(1024)
    src = native_source(buf)
    tp = src.start(threads=4, count=1_000_000)
    seen, last = drain_and_check(buf, src, tp, 4)
    s = buf.stats
    assert s.pushed == 4_000_000
    assert s.pushed == s.delivered + s.dropped + s.pending
    assert s.pending == 0 and s.delivered == seen
    assert s.dropped == s.dropped_full + s.dropped_closed + s.dropped_contention
    assert s.high_water <= 1024
    print(f"\n4 x 1,000,000 into 1,024: {s}")     # the figures, with pytest -s
    buf.close()


def test_stress_ring_big_enough_drops_nothing(native_source):
    buf = EventBuffer(1 << 20)
    src = native_source(buf)
    tp = src.start(threads=4, count=250_000)
    seen, last = drain_and_check(buf, src, tp, 4)
    s = buf.stats
    assert s.dropped == 0
    assert seen == s.delivered == s.pushed == 1_000_000
    assert last[1:] == [249_999] * 4      # every producer's last record arrived
    print(f"\n4 x 250,000 into 2**20: {s}")
    buf.close()


def test_consumers_in_several_threads_share_the_work(native_source):
    buf = EventBuffer(4096)
    src = native_source(buf)
    tp = src.start(threads=2, count=200_000, rate=0)
    got = []
    done = threading.Event()

    def consumer():
        mine = []
        while not done.is_set() or buf.stats.pending:
            if buf.wait(0.05):
                mine += buf.poll(100)
        got.append(mine)

    threads = [threading.Thread(target=consumer) for _ in range(3)]
    for t in threads:
        t.start()
    src.join(tp)
    done.set()
    for t in threads:
        t.join()
    allev = [e for part in got for e in part]
    seqs = sorted(e.seq for e in allev)
    assert seqs == list(range(len(seqs)))     # each record delivered exactly once
    s = buf.stats
    assert s.delivered == len(allev) and s.pushed == s.delivered + s.dropped + s.pending
    buf.close()


def test_parked_consumer_wakes_for_a_single_event(native_source):
    buf = EventBuffer(16)
    src = native_source(buf)
    result = {}

    def waiter():
        t0 = time.monotonic()
        result["ready"] = buf.wait(10)
        result["waited"] = time.monotonic() - t0

    t = threading.Thread(target=waiter)
    t.start()
    time.sleep(0.2)                      # let it park
    assert src.notify(state=3) == 1
    t.join(10)
    assert result["ready"] is True
    assert result["waited"] < 5          # woken, not timed out
    assert buf.stats.wakeups >= 1        # the producer made the wake call
    assert [e.raw_state for e in buf.poll()] == [3]
    buf.close()


def test_wait_timeout_is_honoured():
    with EventBuffer(8) as buf:
        t0 = time.monotonic()
        assert buf.wait(0.25) is False
        waited = time.monotonic() - t0
        assert 0.25 <= waited < 5
        assert buf.wait(0) is False


def test_no_lost_wakeup_in_100k_park_wake_cycles(native_source):
    """Ping-pong: the producer sends the next record only after the consumer
    took the previous one, so each record must wake a parked consumer; a
    lost wake-up would leave the consumer asleep for its 5 s timeout."""
    buf = EventBuffer(8)
    src = native_source(buf)
    ring = buf._native_ring()
    cycles = 100_000
    ack = threading.Semaphore(0)
    stalls = []

    def consumer():
        batch = ffi.new("rf_event[]", 8)
        for i in range(cycles):
            t0 = time.monotonic()
            r = lib.rf_ring_wait(ring, 5_000_000_000)
            if time.monotonic() - t0 > 4 or r != 1:
                stalls.append(i)
            while lib.rf_ring_drain(ring, batch, 8) == 0:
                pass
            ack.release()

    t = threading.Thread(target=consumer)
    t.start()
    for _ in range(cycles):
        src.notify(state=1)
        ack.acquire()
    t.join()
    assert stalls == []
    s = buf.stats
    assert s.delivered == cycles and s.dropped == 0
    assert s.wakeups > 0                 # the consumer really parked
    buf.close()


def test_close_wakes_waiters_with_an_error():
    buf = EventBuffer(8)
    errors = []

    def waiter():
        try:
            buf.wait(10)
        except ValueError as e:
            errors.append(e)

    t = threading.Thread(target=waiter)
    t.start()
    time.sleep(0.2)
    t0 = time.monotonic()
    buf.close()
    t.join(5)
    assert not t.is_alive() and time.monotonic() - t0 < 2
    assert len(errors) == 1 and "closed" in str(errors[0])


@pytest.mark.parametrize("how", ["close", "collect"])
def test_buffer_gone_while_native_producers_push(native_source, how):
    """The ring outlives the Python object while a dial slot still points at
    it; pushes after close are dropped (counted by the ring), never written
    to freed memory.  Run repeatedly so a use-after-free would show."""
    for _ in range(20):
        buf = EventBuffer(256)
        src = native_source(buf)
        tp = src.start(threads=4, count=20_000)
        buf.poll()
        if how == "close":
            buf.close()
            buf.close()                    # double close is harmless
        else:
            del buf
            gc.collect()
        assert src.join(tp)
        assert src.testlib.rf_test_producer_sent(tp) == 80_000
        src.close()


def test_slot_closed_while_producers_push_refuses_and_counts(native_source):
    buf = EventBuffer(1 << 16)
    src = native_source(buf)
    stray_before = lib.rf_slot_stray_count()
    tp = src.start(threads=4, count=50_000, rate=200_000)
    time.sleep(0.05)
    assert lib.rf_slot_close(src.callback_id) == 1
    assert lib.rf_slot_close(src.callback_id) == 0      # twice: harmless
    assert src.join(tp)
    refused = src.testlib.rf_test_producer_refused(tp)
    delivered = len(buf.poll()) + 0
    assert refused > 0                                   # the shim said "stop"
    assert delivered + refused == 200_000                # nothing unaccounted
    assert lib.rf_slot_stray_count() - stray_before == refused
    buf.close()


def test_stop_events_makes_the_shim_return_zero(native_source):
    with EventBuffer(8) as buf:
        src = native_source(buf)
        assert src.notify(1) == 1
        assert lib.rf_slot_stop(src.callback_id) == 1
        assert src.notify(2) == 0
        assert [e.raw_state for e in buf.poll()] == [1]


def test_events_iterator_ends_on_idle_timeout(native_source):
    with EventBuffer(8) as buf:
        src = native_source(buf)
        src.notify(1)
        src.notify(2)
        t0 = time.monotonic()
        assert [e.raw_state for e in buf.events(timeout=0.2)] == [1, 2]
        assert time.monotonic() - t0 >= 0.2


def test_async_iteration_receives_events_from_native_threads(native_source):
    buf = EventBuffer(1024)
    src = native_source(buf)

    async def main():
        got = []
        tp = src.start(threads=2, count=500, rate=20_000)
        async for ev in buf.aevents(timeout=2):
            got.append(ev)
            if len(got) == 1000:
                break
        src.join(tp)
        return got

    got = asyncio.run(main())
    assert sorted(e.seq for e in got) == list(range(1000))
    buf.close()


def test_async_wait_parks_and_wakes(native_source):
    buf = EventBuffer(16)
    src = native_source(buf)

    async def main():
        loop = asyncio.get_running_loop()
        loop.call_later(0.1, lambda: threading.Thread(target=src.notify, args=(7,)).start())
        t0 = time.monotonic()
        ready = await buf.await_ready(5)
        return ready, time.monotonic() - t0

    ready, waited = asyncio.run(main())
    assert ready is True and waited < 4
    assert [e.raw_state for e in buf.poll()] == [7]
    assert asyncio.run(buf.await_ready(0.05)) is False
    buf.close()


def test_async_on_a_thread_backed_loop_too(native_source, monkeypatch):
    """The Windows proactor path (no add_reader): a thread-backed wait."""
    buf = EventBuffer(16)
    src = native_source(buf)
    monkeypatch.setattr(rasfast.buffer, "USE_NOTIFY_FD", False)

    async def main():
        loop = asyncio.get_running_loop()
        loop.call_later(0.1, lambda: threading.Thread(target=src.notify, args=(9,)).start())
        return await buf.await_ready(5)

    assert asyncio.run(main()) is True
    buf.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT delivery differs on Windows")
def test_ctrl_c_interrupts_wait_quickly():
    code = textwrap.dedent("""
        import os, signal, threading, time, rasfast
        buf = rasfast.EventBuffer(8)
        threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT)).start()
        t0 = time.monotonic()
        try:
            buf.wait()
        except KeyboardInterrupt:
            print("interrupted after %.3f" % (time.monotonic() - t0 - 0.3))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    delay = float(out.stdout.split()[-1])
    assert delay < 1.0      # ~0.1 s by design; generous for a loaded machine


# -- bad input -------------------------------------------------------------

@pytest.mark.parametrize("capacity,exc", [
    (0, ValueError), (1, ValueError), (3, ValueError), (-4, ValueError),
    (1 << 40, ValueError), (2 ** 200, ValueError),
    (4.0, TypeError), ("64", TypeError), (None, TypeError), (True, TypeError),
])
def test_bad_capacity(capacity, exc):
    with pytest.raises(exc, match="capacity"):
        EventBuffer(capacity)


def test_bad_arguments_change_nothing():
    buf = EventBuffer(8)
    lib.rf_ring_push(buf._native_ring(), ffi.new("rf_event *"))
    for call, exc in [
        (lambda: buf.poll(-1), ValueError), (lambda: buf.poll(1.5), TypeError),
        (lambda: buf.poll("x"), TypeError), (lambda: buf.wait(-1), ValueError),
        (lambda: buf.wait(math.nan), ValueError), (lambda: buf.wait("1"), TypeError),
        (lambda: list(buf.events(timeout=-1)), ValueError),
    ]:
        with pytest.raises(exc):
            call()
    assert len(buf.poll()) == 1          # the pending record is still there
    buf.close()


def test_use_after_close_raises_and_double_close_is_harmless():
    buf = EventBuffer(8)
    buf.close()
    buf.close()
    assert buf.closed
    for call in (buf.poll, lambda: buf.wait(0), lambda: buf.stats, buf.poll_raw,
                 lambda: buf.__enter__()):
        with pytest.raises(ValueError, match="closed"):
            call()
    assert list(buf.events(timeout=0)) == []
    assert "closed" in repr(buf)


# --- spin: a waiting thread that polls before it parks, so that RAS's
# thread makes no wake system call while events come close together.

def consume_paced(buf, src, count, rate):
    """A native producer sends ``count`` events ``rate`` per second while
    this thread waits and drains; returns the buffer's stats."""
    tp = src.start(1, count, rate)
    got = 0
    deadline = time.monotonic() + 30
    while got < count and time.monotonic() < deadline:
        if buf.wait(1.0):
            got += len(buf.poll())
    assert src.join(tp, 10.0) and got == count
    return buf.stats


def test_spin_spares_the_producer_its_wake_calls(native_source):
    """The same paced producer (1,000 events 500 us apart) into a buffer
    whose consumer parks at once, the positive control, and into one whose
    consumer spins 5 ms: parked, nearly every event costs the producer a
    wake system call; spinning, hardly any does.  (How many waits the spin
    itself served depends on the machine's load: a consumer that falls
    behind finds events ready and needs no spin.)"""
    count = 1000
    with EventBuffer(4096) as buf:
        assert buf.spin == 0.0
        parked = consume_paced(buf, native_source(buf), count, 2000)
    with EventBuffer(4096, spin=0.005) as buf:
        assert buf.spin == 0.005
        spinning = consume_paced(buf, native_source(buf), count, 2000)
    assert parked.spin_hits == 0
    assert parked.wakeups >= count // 10, parked
    assert spinning.wakeups <= parked.wakeups // 4, (spinning, parked)
    assert spinning.spin_hits > 0
    assert spinning.delivered == count and spinning.dropped == 0


def test_spin_on_a_quiet_buffer_parks_at_once():
    """Only a wait whose previous event came within ``spin`` polls: ten
    timed-out waits on an empty buffer cost at most one spin of CPU."""
    with EventBuffer(64, spin=0.01) as buf:
        cpu = time.thread_time()
        for _ in range(10):
            assert buf.wait(0.03) is False
        used = time.thread_time() - cpu
    assert used < 0.05, f"{used:.3f} s of CPU: the waits kept spinning"


def test_spin_ends_when_the_buffer_is_closed():
    buf = EventBuffer(64, spin=0.01)
    closer = threading.Timer(0.002, buf.close)
    closer.start()
    with pytest.raises(rasfast.BufferClosedError):
        buf.wait(5.0)
    closer.join()


def test_spin_keeps_a_short_timeout():
    """A wait shorter than the spin ends at its timeout (the best of five
    tries, against scheduling noise): a spin that ignored it takes 10 ms."""
    with EventBuffer(64, spin=0.01) as buf:
        took = []
        for _ in range(5):
            start = time.monotonic()
            assert buf.wait(0.0005) is False
            took.append(time.monotonic() - start)
    assert min(took) < 0.008, took


@pytest.mark.parametrize("spin, exc", [(-1e-6, ValueError), (0.02, ValueError),
                                       (math.nan, ValueError), (math.inf, ValueError),
                                       ("1", TypeError), (True, TypeError), (None, TypeError)])
def test_spin_bad_values(spin, exc):
    with pytest.raises(exc):
        EventBuffer(64, spin=spin)
