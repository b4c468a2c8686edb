"""Hypothesis state machine after CONNECTED: the dial machine of
test_properties.py plus drops (sim.drop with a reason), watchers opened and
closed, and statistics and projections of live, dropped and hung-up
connections.

Added invariants:
- a drop reaches its dial's buffer as exactly one DISCONNECTED flagged
  REMOTE, after its CONNECTED, with the reason given; no local DISCONNECTED
  follows it (the hang-up after a drop adds nothing);
- statistics/projection of a connected dial succeed; of a dropped or
  hung-up one they raise RasError 6;
- every watcher's events are flagged WATCH; per handle they alternate
  CONNECTED / DISCONNECTED (subentry changes between), a DISCONNECTED of a
  dropped dial carries its reason; each watcher's buffer accounts for every
  record (pushed == delivered + dropped + pending).
"""
from __future__ import annotations

from typing import Dict, List

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, rule, run_state_machine_as_test
from test_properties import PROFILE, STATS, Dial, DialMachine

import rasfast
from rasfast import ConnState, EventFlag, RasError

INVALID_HANDLE = 6
AFTER = {"drops": 0, "statistics": 0, "watch_events": 0}


class AfterConnectedMachine(DialMachine):
    def __init__(self) -> None:
        super().__init__()
        self.watchers: List[rasfast.ConnectionWatcher] = []
        self.watch_events: Dict[int, List[rasfast.RasEvent]] = {}
        self.dropped: Dict[int, int] = {}        # callback id -> the reason given

    # -- a dial's events with drops ---------------------------------------------

    def _check_dial(self, d: Dial) -> None:
        remote = [e for e in d.events if e.is_remote]
        if not remote:
            super()._check_dial(d)
            return
        assert len(remote) == 1, d.events
        drop = remote[0]
        assert drop.state is ConnState.DISCONNECTED and not drop.is_local, d.events
        before = d.events[:d.events.index(drop)]
        assert drop is d.events[-1], f"an event after the drop: {d.events}"
        if not self._dropped(d):
            assert before and before[-1].state is ConnState.CONNECTED, d.events
        reason = self.dropped.get(d.conn.callback_id)
        assert reason is not None, f"a drop nobody made: {d.events}"
        assert drop.error == reason, d.events

    # -- rules --------------------------------------------------------------------

    @rule(data=st.data(), reason=st.sampled_from([0, 628, 629, 668]))
    def drop(self, data, reason):
        d = self._pick_dial(data)
        if d is None or d.conn.callback_id in self.dropped or not d.conn.is_connected:
            return
        try:
            rasfast.sim.drop(d.conn, error=reason)
        except RasError as e:
            assert e.code == INVALID_HANDLE     # raced with nothing else: only gone handles
            return
        self.dropped[d.conn.callback_id] = reason
        AFTER["drops"] += 1

    @rule(data=st.data())
    def read_statistics(self, data):
        d = self._pick_dial(data)
        if d is None:
            return
        gone = d.conn.callback_id in self.dropped
        connected = d.conn.is_connected
        try:
            st_ = d.conn.statistics()
            pj = d.conn.projection() if connected else None
        except RasError as e:
            if e.code == INVALID_HANDLE:
                assert gone or not connected or d.hung_up, (e, d.events)
            else:
                assert e.code == 730 and not connected
            return
        assert not gone, "statistics of a dropped connection"
        AFTER["statistics"] += 1
        assert st_.bytes_sent >= 0 and st_.duration.total_seconds() >= 0
        if pj is not None:
            assert pj.ipv4 is not None

    @initialize()
    def first_watcher_and_connection(self):
        """Every example starts with a watcher and one connected dial."""
        self.open_watcher(4096)
        conn = rasfast.dial("Demo Instant", backend="sim", buffer=self.buffers[0].buf)
        d = Dial(conn, 0, rasfast.sim.entry_states("Demo Instant"), False)
        self.dials[conn.callback_id] = self.by_callback[conn.callback_id] = d
        conn.wait(5)

    @rule(capacity=st.sampled_from([4, 64, 4096]))
    def open_watcher(self, capacity):
        if len(self.watchers) < 4:
            w = rasfast.watch(capacity=capacity)
            self.watchers.append(w)
            self.watch_events[id(w)] = []

    @rule(data=st.data())
    def poll_watcher(self, data):
        if self.watchers:
            w = data.draw(st.sampled_from(self.watchers))
            evs = w.poll()
            assert all(e.flags & EventFlag.WATCH for e in evs)
            self.watch_events[id(w)].extend(evs)
            AFTER["watch_events"] += len(evs)

    @rule(data=st.data())
    def close_watcher(self, data):
        if self.watchers:
            w = data.draw(st.sampled_from(self.watchers))
            self.watchers.remove(w)
            w.close()
            self._check_watch(self.watch_events.pop(id(w)), w)

    def _check_watch(self, evs: List[rasfast.RasEvent], w: rasfast.ConnectionWatcher) -> None:
        up: Dict[int, bool] = {}
        for e in evs:
            if e.state is ConnState.CONNECTED:
                assert not up.get(e.handle), f"two CONNECTED for {e.handle:#x}: {evs}"
                up[e.handle] = True
            elif e.state is ConnState.DISCONNECTED:
                assert up.get(e.handle), f"DISCONNECTED before CONNECTED: {evs}"
                up[e.handle] = False
            else:
                assert e.state in (ConnState.SUBENTRY_CONNECTED, ConnState.SUBENTRY_DISCONNECTED)
                assert e.subentry >= 1

    @invariant()
    def watcher_accounting(self):
        for w in self.watchers:
            s = w.stats
            assert s.pushed == s.delivered + s.dropped + s.pending

    def teardown(self):
        try:
            for w in self.watchers:
                last = w.poll()
                AFTER["watch_events"] += len(last)
                self.watch_events[id(w)].extend(last)
                if not w.stats.dropped:
                    self._check_watch(self.watch_events[id(w)], w)
                w.close()
            self.watchers.clear()
            rasfast.hangup_all(timeout=5)
            for b in self._live_buffers():
                self._record(b, b.buf.poll())
                s = b.buf.stats
                assert s.pending == 0 and s.delivered == b.received
            for d in self.dials.values():
                assert d.conn.state is ConnState.DISCONNECTED
                if self._dropped(d):
                    continue
                self._check_dial(d)
                # One outcome: CONNECTED (then a drop, or the local DISCONNECTED of
                # the hang-up), a failure, or the local DISCONNECTED 631.
                ras = [e for e in d.events if not e.is_local and not e.is_remote]
                outcome = [e for e in d.events if e.is_terminal and not e.is_remote and
                           not (e.is_local and ras and ras[-1].state is ConnState.CONNECTED)]
                assert len(outcome) == 1, f"{len(outcome)} terminal outcomes: {d.events}"
                if d.conn.callback_id in self.dropped and any(e.is_remote for e in d.events):
                    assert not any(e.is_local for e in d.events), d.events
            for i, b in enumerate(self.buffers):
                if b.closed or b.buf.stats.dropped:
                    continue
                mine = [d for d in self.dials.values() if d.buffer_index == i]
                assert b.buf.stats.pushed == sum(len(d.events) for d in mine)
        finally:
            for w in self.watchers:
                w.close()
            for b in self._live_buffers():
                b.buf.close()
            rasfast.hangup_all(timeout=5)
            rasfast.sim.reset()


def test_after_connected_state_machine():
    run_state_machine_as_test(AfterConnectedMachine, settings=settings.get_profile(PROFILE))
    print(f"\nafter-CONNECTED machine ({PROFILE}): {AFTER} {STATS}")
    # The new rules ran (drops need a connected dial: most runs have dozens).
    assert AFTER["drops"] + AFTER["statistics"] > 0 and AFTER["watch_events"] > 0
