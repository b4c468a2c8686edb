"""Hypothesis state machine: random interleavings of dial, hang-up, resume,
poll, wait, close, new buffers of other capacities and simulator entries
that fail or pause, against the simulated RAS service.

Invariants (RasEvent.is_terminal: a nonzero error, CONNECTED or
DISCONNECTED; rasfast.dialing: a hang-up of a dial that had not failed adds
one local DISCONNECTED event, flag LOCAL, error 631 when it had not
connected, else 0):

- per dial, RAS's events are its entry's walk in order (resumes continue
  it); a failure repeats the state it failed at, with the error;
- at most one terminal event from RAS; at most one local event, and it is
  the last one; nothing at all after a failure (hang-up of a failed dial
  adds nothing);
- once everything is hung up and drained, every dial whose events were not
  dropped reached exactly one terminal outcome: CONNECTED (then LOCAL
  DISCONNECTED error 0 when hung up), a failure, or LOCAL DISCONNECTED 631;
- every buffer: pushed == delivered + dropped + pending, delivered equals
  what the test received, and pushed equals the notifications the dials
  sent to it plus the local events (nothing unaccounted).

CI runs a short profile; RASFAST_HYPOTHESIS_PROFILE=long runs many more
interleavings (e.g. ``RASFAST_HYPOTHESIS_PROFILE=long pytest -s
tests/test_properties.py``).
"""
from __future__ import annotations

import os
import time
from typing import Dict, List, Optional

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

import rasfast
from rasfast import ConnState, EventBuffer, RasError

ERROR_USER_DISCONNECTION = 631

settings.register_profile("ci", max_examples=40, stateful_step_count=30, deadline=None,
                          suppress_health_check=list(HealthCheck), derandomize=False)
settings.register_profile("long", max_examples=1000, stateful_step_count=60, deadline=None,
                          suppress_health_check=list(HealthCheck))
PROFILE = os.environ.get("RASFAST_HYPOTHESIS_PROFILE", "ci")

PAUSES = [ConnState.INTERACTIVE, ConnState.RETRY_AUTHENTICATION,
          ConnState.CALLBACK_SET_BY_CALLER, ConnState.PASSWORD_EXPIRED,
          ConnState.INVOKE_EAP_UI]
FIXED_ENTRIES = ["Demo VPN", "Demo Instant", "Demo Multilink", "Demo Bad Password",
                 "Demo Password Expired", "Demo Password Expired"]   # resumes are frequent

STATS = {"examples": 0, "steps": 0, "dials": 0, "events": 0, "hangups": 0, "resumes": 0,
         "drops": 0}


class Dial:
    def __init__(self, conn: rasfast.Connection, buffer_index: int, walk: list,
                 paused_states: bool) -> None:
        self.conn = conn
        self.buffer_index = buffer_index
        self.walk = walk
        self.paused_states = paused_states
        self.events: List[rasfast.RasEvent] = []
        self.hung_up = False


class Buffer:
    def __init__(self, capacity: int) -> None:
        self.buf = EventBuffer(capacity)
        self.received = 0
        self.closed = False
        self.local_pushes = 0


class DialMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        rasfast.hangup_all(timeout=5)
        rasfast.sim.reset()
        rasfast.sim.set_time_scale(0.01)
        rasfast.sim.set_release_delay(0.001)
        rasfast.sim.set_duplicate_dials(True)
        self.entries: List[str] = list(FIXED_ENTRIES)
        self.buffers: List[Buffer] = [Buffer(64)]
        self.dials: Dict[int, Dial] = {}
        self.by_callback: Dict[int, Dial] = {}
        self.n_entries = 0
        STATS["examples"] += 1

    # -- helpers ------------------------------------------------------------

    def _record(self, b: Buffer, events) -> None:
        b.received += len(events)
        STATS["events"] += len(events)
        for ev in events:
            d = self.by_callback.get(ev.callback_id)
            assert d is not None, f"event for no dial of ours: {ev!r}"
            assert d.buffer_index == self.buffers.index(b)
            d.events.append(ev)
            self._check_dial(d)

    def _check_dial(self, d: Dial) -> None:
        ras = [e for e in d.events if not e.is_local]
        local = [e for e in d.events if e.is_local]
        assert len(local) <= 1, local
        if local:
            assert d.events[-1] is local[0], f"event after the local terminal: {d.events}"
            assert local[0].state is ConnState.DISCONNECTED
        terminal = [e for e in ras if e.is_terminal]
        assert len(terminal) <= 1, f"two RAS terminal events: {d.events}"
        if terminal:
            assert ras[-1] is terminal[0], f"RAS event after a terminal one: {d.events}"
            if terminal[0].error:
                assert not local, f"local event after a failure: {d.events}"
        if local and not self._dropped(d):    # a dropped CONNECTED would look mid-dial
            connected = bool(terminal) and terminal[0].state is ConnState.CONNECTED
            assert local[0].error == (0 if connected else ERROR_USER_DISCONNECTION), d.events
        # RAS's states follow the walk; a failure repeats its state with the error.
        j = 0
        for i, e in enumerate(ras):
            if e.error:
                # (A full buffer may have dropped the error-free one before it.)
                assert (i > 0 and ras[i - 1].raw_state == e.raw_state and ras[i - 1].error == 0
                        or self._dropped(d)), ras
                continue
            if j >= len(d.walk) or d.walk[j] != e.state:
                # Drops may remove events: only a subsequence is guaranteed then.
                assert self._dropped(d), f"off the walk {d.walk}: {ras}"
                while j < len(d.walk) and d.walk[j] != e.state:
                    j += 1
                assert j < len(d.walk), f"state not in the walk {d.walk}: {ras}"
            j += 1

    def _dropped(self, d: Dial) -> bool:
        b = self.buffers[d.buffer_index]
        return b.closed or b.buf.stats.dropped > 0

    def _live_buffers(self):
        return [b for b in self.buffers if not b.closed]

    # -- rules --------------------------------------------------------------

    @rule(profile=st.sampled_from(["instant", "vpn"]), subentries=st.sampled_from([1, 2]),
          fail=st.integers(min_value=-1, max_value=25), pause=st.integers(-1, len(PAUSES) - 1),
          error=st.integers(min_value=600, max_value=900))
    def add_entry(self, profile, subentries, fail, pause, error):
        """A simulator entry that fails at some state of its walk and/or pauses."""
        name = f"prop {self.n_entries}"
        self.n_entries += 1
        pause_at = PAUSES[pause] if pause >= 0 else None
        rasfast.sim.add_entry(name, profile=profile, subentries=subentries, pause_at=pause_at)
        walk = rasfast.sim.entry_states(name)
        # Not CONNECTED (the walk's last state): the simulator refuses it
        # (test_faults.py::test_fail_at_connected_is_refused).
        if fail >= 0:
            rasfast.sim.remove_entry(name)
            rasfast.sim.add_entry(name, profile=profile, subentries=subentries, pause_at=pause_at,
                                  fail_at=walk[fail % (len(walk) - 1)], error=error)
        self.entries.append(name)

    @rule(capacity=st.sampled_from([2, 4, 16, 64, 4096]))
    def new_buffer(self, capacity):
        """Later dials go to a buffer of another capacity."""
        self.buffers.append(Buffer(capacity))

    @rule(data=st.data(), paused_states=st.booleans(), count=st.integers(1, 6))
    def dial(self, data, paused_states, count):
        """A burst of dials of one entry into one buffer."""
        live = [i for i, b in enumerate(self.buffers) if not b.closed]
        if not live or len(self.dials) >= 60:
            return
        entry = data.draw(st.sampled_from(self.entries))
        index = data.draw(st.sampled_from(live))
        walk = rasfast.sim.entry_states(entry)
        for _ in range(count):
            conn = rasfast.dial(entry, backend="sim", buffer=self.buffers[index].buf,
                                paused_states=paused_states, password="pw")
            d = Dial(conn, index, walk, paused_states)
            self.dials[conn.callback_id] = d
            self.by_callback[conn.callback_id] = d
            STATS["dials"] += 1

    @rule(ms=st.sampled_from([0, 1, 5, 20]))
    def let_time_pass(self, ms):
        """The simulated RAS threads move on while Python does nothing."""
        time.sleep(ms / 1000)

    def _pick_dial(self, data) -> Optional[Dial]:
        live = [d for d in self.dials.values() if not d.hung_up]
        return data.draw(st.sampled_from(live)) if live else None

    @rule(data=st.data())
    def hangup(self, data):
        d = self._pick_dial(data)
        if d is None:
            return
        d.conn.hangup(timeout=5)
        d.hung_up = True
        STATS["hangups"] += 1
        assert d.conn.state is ConnState.DISCONNECTED

    @rule(pick=st.integers(0, 1000))
    def resume(self, pick):
        # Which dials are paused depends on timing: always draw one integer,
        # so the drawn data has the same shape on a replay.
        paused = [d for d in self.dials.values() if not d.hung_up and d.conn.is_paused]
        if not paused:
            return
        d = paused[pick % len(paused)]
        if d.conn.is_paused:
            try:
                d.conn.resume(password="new")
                STATS["resumes"] += 1
            except (RasError, ValueError):
                pass      # raced with the dial's own progress: documented errors only

    @rule(data=st.data(), max_events=st.one_of(st.none(), st.integers(0, 8)))
    def poll(self, data, max_events):
        live = self._live_buffers()
        if live:
            b = data.draw(st.sampled_from(live))
            self._record(b, b.buf.poll(max_events))

    @rule(data=st.data(), timeout=st.sampled_from([0, 0.001, 0.005]))
    def wait(self, data, timeout):
        live = self._live_buffers()
        if live:
            b = data.draw(st.sampled_from(live))
            if b.buf.wait(timeout):
                self._record(b, b.buf.poll())

    @rule(data=st.data(), timeout=st.sampled_from([0, 0.002, 0.02]))
    def conn_wait(self, data, timeout):
        d = self._pick_dial(data)
        if d is None:
            return
        try:
            state = d.conn.wait(timeout)
        except RasError as e:
            assert e.code == d.conn.error != 0
        else:
            assert isinstance(state, (ConnState, int))

    @precondition(lambda self: len(self.buffers) > 1)
    @rule(data=st.data())
    def close(self, data):
        """Close a buffer; its dials go on, their events are dropped (counted)."""
        live = self._live_buffers()
        if len(live) > 1:
            b = data.draw(st.sampled_from(live))
            b.closed = True
            b.buf.close()

    @invariant()
    def accounting(self):
        STATS["steps"] += 1
        for b in self._live_buffers():
            s = b.buf.stats
            assert s.pushed == s.delivered + s.dropped + s.pending
            assert s.delivered == b.received
            assert s.dropped == s.dropped_full + s.dropped_closed + s.dropped_contention

    def teardown(self):
        try:
            rasfast.hangup_all(timeout=5)
            for b in self._live_buffers():
                self._record(b, b.buf.poll())
                s = b.buf.stats
                assert s.pending == 0 and s.delivered == b.received
                STATS["drops"] += s.dropped
            for d in self.dials.values():
                assert d.conn.state is ConnState.DISCONNECTED
                if self._dropped(d):
                    continue
                self._check_dial(d)
                # Exactly one outcome: CONNECTED (its local DISCONNECTED after
                # the hang-up is the documented extra), a failure, or the local
                # DISCONNECTED 631 of a hang-up before it connected.
                ras = [e for e in d.events if not e.is_local]
                outcome = [e for e in d.events if e.is_terminal and
                           not (e.is_local and ras and ras[-1].state is ConnState.CONNECTED)]
                assert len(outcome) == 1, f"{len(outcome)} terminal outcomes: {d.events}"
            # Pushed = RAS notifications + local events, per buffer with no drops.
            for i, b in enumerate(self.buffers):
                if b.closed or b.buf.stats.dropped:
                    continue
                mine = [d for d in self.dials.values() if d.buffer_index == i]
                assert b.buf.stats.pushed == sum(len(d.events) for d in mine)
        finally:
            for b in self._live_buffers():
                b.buf.close()
            rasfast.hangup_all(timeout=5)
            rasfast.sim.reset()


def test_dial_state_machine():
    run_state_machine_as_test(DialMachine, settings=settings.get_profile(PROFILE))
    print(f"\nstate machine ({PROFILE}): {STATS}")
    assert STATS["dials"] > 0 and STATS["events"] > 0
