"""The shim's timestamps: a TSC-class counter read on the RAS thread
(csrc/ticks.h), converted to rf_clock_ns() nanoseconds off it (csrc/clock.c),
or the monotonic clock itself where the counter is not usable."""
from __future__ import annotations

import os
import subprocess
import sys
import time

from conftest import native_testlib

from rasfast import EventBuffer
from rasfast._native import ffi, lib

#: How far a converted stamp may be from the clock readings around it:
#: pairing a counter reading with a clock reading costs tens of
#: nanoseconds, and the rate's error over a second's age a few microseconds.
SLACK_NS = 5_000


def _bracketed(make_stamp):
    before = lib.rf_clock_ns()
    stamp = make_stamp()
    after = lib.rf_clock_ns()
    return before, stamp, after


def test_the_mode_is_chosen_when_a_slot_opens(native_source):
    with EventBuffer(8) as buf:
        native_source(buf)
        mode = lib.rf_clock_use_ticks()
        assert mode in (0, 1)
        stamp = lib.rf_clock_stamp()
        assert bool(stamp >> 63) == bool(mode)   # the counter's tag, and only then
        assert lib.rf_clock_use_ticks() == mode  # chosen once


def test_a_stamp_a_second_old_converts_to_the_monotonic_clock():
    lib.rf_clock_stamp()   # decides the mode
    before, stamp, after = _bracketed(lib.rf_clock_stamp)
    time.sleep(1.0)
    ns = lib.rf_clock_stamp_ns(stamp)
    assert before - SLACK_NS <= ns <= after + SLACK_NS, (before, ns, after, lib.rf_clock_use_ticks())
    # A fresh one, just taken, converts to "now".
    before, stamp, after = _bracketed(lib.rf_clock_stamp)
    assert before - SLACK_NS <= lib.rf_clock_stamp_ns(stamp) <= after + SLACK_NS


def test_stamps_converted_over_a_second_keep_the_clock_rate():
    lib.rf_clock_stamp()
    pairs = []
    for _ in range(11):
        pairs.append(_bracketed(lib.rf_clock_stamp))
        time.sleep(0.1)
    for before, stamp, after in pairs:
        ns = lib.rf_clock_stamp_ns(stamp)
        assert before - SLACK_NS <= ns <= after + SLACK_NS, (before, ns, after)
    converted = [lib.rf_clock_stamp_ns(s) for _, s, _ in pairs]
    assert converted == sorted(converted)


def test_records_from_the_shim_carry_nanoseconds_when_drained_late(native_source):
    with EventBuffer(8) as buf:
        src = native_source(buf)
        before, kept, after = _bracketed(lambda: src.notify(state=1))
        assert kept == 1
        time.sleep(1.0)
        raw = buf.poll_raw()
        assert len(raw) == 64
        ts = int.from_bytes(raw[16:24], sys.byteorder)   # rf_event.timestamp_ns
        assert before - SLACK_NS <= ts <= after + SLACK_NS, (before, ts, after)
        before, _, after = _bracketed(lambda: src.notify(state=2))
        (ev,) = buf.poll()
        assert before - SLACK_NS <= ev.timestamp_ns <= after + SLACK_NS


def test_slot_status_reports_nanoseconds(native_source):
    with EventBuffer(8) as buf:
        src = native_source(buf)
        before, _, after = _bracketed(lambda: src.notify(state=1))
        st = ffi.new("rf_slot_status *")
        assert lib.rf_slot_get_status(src.callback_id, st) == 1
        assert before - SLACK_NS <= st.timestamp_ns <= after + SLACK_NS


def test_the_plain_clock_when_the_counter_is_refused():
    """RASFAST_CLOCK=ns: the fallback a machine without an invariant counter
    gets; stamps are rf_clock_ns() readings, exactly bracketed."""
    native_testlib()    # skips here, not in the child, where it was not built
    code = r"""
import sys
sys.path.insert(0, sys.argv[1])
from conftest import native_testlib
from rasfast import EventBuffer
from rasfast._native import ffi, lib
testlib = native_testlib()
with EventBuffer(8) as buf:
    cb = lib.rf_slot_open(buf._native_ring(), ffi.NULL)
    assert cb and lib.rf_clock_use_ticks() == 0
    before = lib.rf_clock_ns()
    assert testlib.rf_notify(cb, 1, 0x10, 0xCCCD, 1, 0, 0) == 1
    after = lib.rf_clock_ns()
    (ev,) = buf.poll()
    assert before <= ev.timestamp_ns <= after, (before, ev.timestamp_ns, after)
    assert lib.rf_clock_stamp() >> 63 == 0
    lib.rf_slot_close(cb)
print("ok")
"""
    env = dict(os.environ, RASFAST_CLOCK="ns")
    here = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run([sys.executable, "-c", code, here], env=env, capture_output=True,
                         text=True, timeout=120, check=False)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stdout + out.stderr
