"""Single-threaded semantics of the native ring through EventBuffer."""
from __future__ import annotations

import operator

import pytest
from conftest import checksum, native_testlib

import rasfast
from rasfast import EventBuffer, RasEvent
from rasfast._native import ffi, lib


def push(buf: EventBuffer, state: int, error: int = 0) -> bool:
    ev = ffi.new("rf_event *")
    ev.state = state
    ev.error = error
    ev.timestamp_ns = lib.rf_clock_ns()
    return bool(lib.rf_ring_push(buf._native_ring(), ev))


def test_empty_poll_returns_nothing():
    with EventBuffer(8) as buf:
        assert buf.poll() == []
        assert buf.wait(0) is False
        s = buf.stats
        assert (s.pushed, s.delivered, s.dropped, s.pending) == (0, 0, 0, 0)


def test_order_and_sequence_numbers():
    with EventBuffer(16) as buf:
        for i in range(10):
            assert push(buf, i)
        events = buf.poll()
        assert [e.raw_state for e in events] == list(range(10))
        assert [e.seq for e in events] == list(range(10))
        assert all(isinstance(e, RasEvent) for e in events)


def test_wrap_around_many_laps():
    with EventBuffer(4) as buf:
        expected = 0
        for lap in range(100):
            for _ in range(3):
                assert push(buf, expected + _)
            got = buf.poll()
            assert [e.raw_state for e in got] == [expected, expected + 1, expected + 2]
            assert [e.seq for e in got] == [lap * 3 + k for k in range(3)]
            expected += 3
        s = buf.stats
        assert s.pushed == s.delivered == 300 and s.dropped == 0


def test_full_drops_new_records_and_counts_them():
    with EventBuffer(4) as buf:
        assert all(push(buf, i) for i in range(4))
        assert push(buf, 99) is False           # full: the new record is dropped
        assert push(buf, 100) is False
        s = buf.stats
        assert (s.pushed, s.dropped, s.dropped_full, s.pending, s.high_water) == (6, 2, 2, 4, 4)
        assert [e.raw_state for e in buf.poll()] == [0, 1, 2, 3]   # the oldest kept
        assert push(buf, 5)
        assert [e.raw_state for e in buf.poll()] == [5]
        s = buf.stats
        assert s.pushed == s.delivered + s.dropped + s.pending


def test_poll_max_events_and_zero():
    with EventBuffer(64) as buf:
        for i in range(10):
            push(buf, i)
        assert buf.poll(0) == []
        assert [e.raw_state for e in buf.poll(3)] == [0, 1, 2]
        assert [e.raw_state for e in buf.poll(100)] == list(range(3, 10))


def test_poll_more_than_one_native_batch():
    # Larger than the 4096-record batch: several native calls, one order.
    with EventBuffer(1 << 14) as buf:
        for i in range(10000):
            push(buf, i & 0xFFF, i)
        got = buf.poll()
        assert [e.error for e in got] == list(range(10000))


@pytest.mark.parametrize("capacity", [2, 4, 1024, 1 << 16])
def test_capacity_edges_hold_exactly_capacity(capacity):
    with EventBuffer(capacity) as buf:
        assert buf.capacity == capacity
        for i in range(capacity):
            assert push(buf, i & 0xFFF)
        assert not push(buf, 0)
        assert len(buf.poll()) == capacity
        assert buf.stats.high_water == capacity


def test_poll_raw_gives_the_records_bytes():
    from rasfast.events import RECORD
    with EventBuffer(8) as buf:
        push(buf, 5, 691)
        raw = buf.poll_raw()
        assert len(raw) == 64
        fields = RECORD.unpack(raw)
        assert fields[6] == 5 and fields[7] == 691


def test_event_record_fields_from_the_shim(native_source):
    with EventBuffer(8) as buf:
        src = native_source(buf)
        before = lib.rf_clock_ns()
        assert src.testlib.rf_notify(src.callback_id, 2, 0xABC, 0xCCCD, 5, 691, 7) == 1
        after = lib.rf_clock_ns()
        (ev,) = buf.poll()
        assert ev.callback_id == src.callback_id
        assert ev.subentry == 2 and ev.handle == 0xABC and ev.message == 0xCCCD
        assert ev.state is rasfast.ConnState.AUTHENTICATE
        assert ev.error == 691 and ev.extended_error == 7 and ev.flags == 0
        assert before <= ev.timestamp_ns <= after
        assert ev.is_terminal and not ev.is_paused
        assert "691" in repr(ev) and "AUTHENTICATE" in repr(ev)
        assert ev.error_text


def test_event_is_frozen_and_hashable():
    ev = RasEvent(1, 2, 3, 4, 0, 0xCCCD, 0x2000)
    with pytest.raises(AttributeError):
        ev.state = 1
    with pytest.raises(AttributeError):
        ev.extra = 1
    assert hash(ev) == hash(RasEvent(1, 2, 3, 4, 0, 0xCCCD, 0x2000))
    assert ev.state is rasfast.ConnState.CONNECTED and ev.is_terminal
    assert RasEvent(1, 2, 3, 4, 0, 0xCCCD, 0x1003).is_paused
    assert RasEvent(1, 2, 3, 4, 0, 0xCCCD, 0x7777).state == 0x7777   # unknown value stays an int
    import pickle
    assert pickle.loads(pickle.dumps(ev)) == ev
    with pytest.raises(AttributeError):
        ev.raw_state = 1
    assert ev != RasEvent(1, 2, 3, 4, 0, 0xCCCD, 0x2000, flags=1)
    assert len({ev, RasEvent(1, 2, 3, 4, 0, 0xCCCD, 0x2000), RasEvent(2, 2, 3, 4, 0, 0xCCCD, 0x2000)}) == 2


def test_event_is_a_sequence_of_its_fields():
    ev = RasEvent(7, 2 ** 64 - 1, 3, 0xFFFFFFFFFFFF0001, 2, 0xCCCD, 0x2000, 691, 2 ** 32 - 1, 1)
    assert tuple(ev) == (7, 2 ** 64 - 1, 3, 0xFFFFFFFFFFFF0001, 2, 0xCCCD, 0x2000, 691,
                         2 ** 32 - 1, 1)
    assert len(ev) == 10 and ev[0] == 7 and ev[-1] == 1 and ev[6] == ev.raw_state
    seq, ts, *_, flags = ev
    assert (seq, ts, flags) == (7, 2 ** 64 - 1, 1)
    with pytest.raises(IndexError):
        ev[10]
    assert ev._asdict()["state"] is rasfast.ConnState.CONNECTED
    assert RasEvent(*ev) == ev and RasEvent(**{**ev._asdict(), "flags": 1}) == ev
    # Ordered as the tuple of its fields was (seq first), so sorted() works.
    later = RasEvent(8, 0, 0, 0, 0, 0, 0)
    same_seq = RasEvent(7, 2 ** 64 - 1, 3, 0xFFFFFFFFFFFF0001, 2, 0xCCCD, 0x2000, 691, 2 ** 32 - 1, 2)
    assert ev < later and later > ev and ev <= ev and ev >= ev and ev < same_seq
    assert sorted([later, same_seq, ev]) == [ev, same_seq, later]
    assert ev != (7,) and (ev == tuple(ev)) is False
    with pytest.raises(TypeError):
        operator.lt(ev, (7,))


@pytest.mark.parametrize("fields, error", [
    ((-1, 2, 3, 4, 0, 0, 0), ValueError),
    ((2 ** 64, 2, 3, 4, 0, 0, 0), ValueError),
    ((1, 2, 3, 4, 2 ** 32, 0, 0), ValueError),
    ((1, 2, 3, 4, 0, 0, 0, -5), ValueError),
    (("1", 2, 3, 4, 0, 0, 0), TypeError),
    ((1, 2, 3, 4, 0, 0, 1.5), TypeError),
    ((1, 2, 3, 4, 0, 0), TypeError),     # state is required
])
def test_event_refuses_fields_out_of_range(fields, error):
    with pytest.raises(error):
        RasEvent(*fields)


def test_event_subclass_with_storage_stays_tracked():
    """Only a subclass that adds no storage is left to the GC untracked: one
    with a __dict__ could hold a cycle."""
    import gc

    class Annotated(RasEvent):
        pass

    a = Annotated(1, 2, 3, 4, 0, 0, 0)
    a.note = a
    assert gc.is_tracked(a) and a == RasEvent(1, 2, 3, 4, 0, 0, 0)
    assert not gc.is_tracked(RasEvent(1, 2, 3, 4, 0, 0, 0))


def test_checksum_twin_matches_native():
    testlib = native_testlib()
    for p, c in [(1, 0), (4, 123456), (64, 0xFFFFFFFF)]:
        assert checksum(p, c) == testlib.rf_test_checksum(p, c)


def test_drained_events_are_the_records_fields(native_source):
    """The C batch conversion (rasfast._records) gives each record's fields
    exactly, in RasEvent objects equal to (and hashing like) ones built in
    Python from the raw bytes; they are left untracked by the cyclic GC
    (they hold no objects), so draining millions costs no GC scans."""
    import gc

    from rasfast.events import RECORD

    def forty(read):
        with EventBuffer(64) as buf:
            src = native_source(buf)
            for i in range(40):
                src.testlib.rf_notify(src.callback_id, i % 3, 0xFFFFFFFFFFFF0000 + i % 2,
                                      0xCCCD, i, 0 if i % 5 else 691, 2 ** 32 - 1 - i)
            return read(buf)

    raw = forty(lambda buf: buf.poll_raw())
    native = forty(lambda buf: buf.poll())
    from_bytes = [RasEvent(*fields) for fields in RECORD.iter_unpack(raw)]
    assert len(native) == len(from_bytes) == 40
    # Timestamps and callback ids differ between the two buffers; all else agrees.
    strip = lambda evs: [tuple(e)[:1] + tuple(e)[3:] for e in evs]
    assert strip(native) == strip(from_bytes)
    assert all(type(e) is RasEvent for e in native)
    assert not any(gc.is_tracked(e) for e in native)
    assert native[7].handle == 0xFFFFFFFFFFFF0001 and native[5].error == 691
    assert native[9].extended_error == 2 ** 32 - 1 - 9 and native[9].subentry == 0
    same = [RasEvent(*e) for e in native]
    assert same == native and [hash(e) for e in same] == [hash(e) for e in native]
    assert len(set(native)) == 40
