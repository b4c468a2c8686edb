"""After CONNECTED: drops reach the dial's buffer and on_event, statistics
and projections of live, dropped and hung-up connections, the connection
watcher, and the 4 GiB wrap of RAS's byte counters."""
from __future__ import annotations

import asyncio
import ipaddress
import threading
import time
from datetime import timedelta

import pytest
from _helpers import run_python
from conftest import native_testlib

import rasfast
from rasfast import ConnState, EventFlag, RasError
from rasfast._native import ffi, lib


def _until(pred, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(0.005)
    return pred()


def _watch_events(w, want, timeout=5.0):
    """Events of a watcher until pred(list) holds or the timeout passes."""
    got = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not want(got):
        w.wait(0.05)
        got.extend(w.poll())
    return got


# -- drops of a dialled connection -----------------------------------------------

def test_drop_after_reaches_the_buffer_and_on_event_with_the_reason(fast_sim):
    rasfast.sim.add_entry("Flaky", drop_after=0.5, drop_error=629)   # 10 ms at 0.02
    seen = []
    buf = rasfast.EventBuffer(256)
    conn = rasfast.dial("Flaky", buffer=buf, on_event=seen.append)
    assert conn.wait(5) is ConnState.CONNECTED
    assert _until(lambda: conn.state is ConnState.DISCONNECTED)
    assert conn.error == 629 and not conn.is_connected
    events = buf.poll()
    last = events[-1]
    assert last.state is ConnState.DISCONNECTED and last.error == 629
    assert last.flags & EventFlag.REMOTE and last.is_remote and not last.is_local
    assert last.callback_id == conn.callback_id and last.handle == conn.handle
    assert [e.state for e in events].count(ConnState.DISCONNECTED) == 1
    assert _until(lambda: any(e.flags & EventFlag.REMOTE for e in seen))
    # RasHangUp was called for it: the port is released, no second DISCONNECTED.
    assert _until(lambda: rasfast.sim.active_connections() == 0)
    assert conn.hangup() is True
    assert buf.poll() == []
    assert conn.state is ConnState.DISCONNECTED and conn.error == 629


def test_a_drop_without_a_reason_reports_0(fast_sim):
    conn = rasfast.dial("Demo VPN")
    assert conn.wait(5) is ConnState.CONNECTED
    rasfast.sim.drop(conn)                       # no reason: status answers 6 on Windows
    assert _until(lambda: conn.state is ConnState.DISCONNECTED)
    ev = conn.buffer.poll()[-1]
    assert (ev.state, ev.error, bool(ev.flags & EventFlag.REMOTE)) == (ConnState.DISCONNECTED, 0, True)
    with pytest.raises(RasError) as e:
        conn.statistics()
    assert e.value.code == 6 or e.value.code == lib.RF_ERROR_INVALID_HANDLE


def test_a_local_hangup_is_not_reported_as_a_drop(fast_sim):
    conn = rasfast.dial("Demo VPN")
    assert conn.wait(5) is ConnState.CONNECTED
    before = rasfast.watcher_stats().drops
    conn.hangup()
    time.sleep(0.1)
    evs = conn.buffer.poll()
    assert [e for e in evs if e.flags & EventFlag.REMOTE] == []
    assert evs[-1].state is ConnState.DISCONNECTED and evs[-1].is_local
    assert rasfast.watcher_stats().drops == before


def test_drop_of_a_connection_that_is_not_up(fast_sim):
    rasfast.sim.set_time_scale(1.0)
    conn = rasfast.dial("Demo Modem")                    # seconds to connect
    with pytest.raises(RasError) as e:
        rasfast.sim.drop(conn)
    assert e.value.code == lib.RF_ERROR_INVALID_PARAMETER
    conn.hangup()
    with pytest.raises(RasError) as e:
        rasfast.sim.drop(conn)
    assert e.value.code == lib.RF_ERROR_INVALID_HANDLE
    with pytest.raises(TypeError):
        rasfast.sim.drop("Demo Modem")                   # type: ignore[arg-type]


def test_flaky_vpn_is_built_in(fast_sim):
    entry = {e.name: e for e in rasfast.sim.entries()}["Demo Flaky VPN"]
    assert entry.drop_after and 1 <= entry.drop_after <= 10 and entry.drop_error == 629
    conn = rasfast.dial("Demo Flaky VPN")
    assert conn.wait(5) is ConnState.CONNECTED
    assert _until(lambda: conn.state is ConnState.DISCONNECTED, 5)
    assert conn.error == 629


@pytest.mark.parametrize("kwargs", [dict(drop_after=0), dict(drop_after=-1),
                                    dict(drop_error=629), dict(drop_after="5"),
                                    dict(tunnel_type="l2tp"), dict(tunnel_type="ikev2", profile="modem"),
                                    dict(drop_after=1, drop_error=-1)])
def test_add_entry_rejects_bad_life_settings(kwargs):
    with pytest.raises((TypeError, ValueError)):
        rasfast.sim.add_entry("Bad", **kwargs)


# -- statistics -------------------------------------------------------------------

def test_statistics_grow_and_clear(fast_sim):
    conn = rasfast.dial("Demo VPN")
    assert conn.wait(5) is ConnState.CONNECTED
    first = conn.statistics()
    time.sleep(0.05)
    second = conn.statistics()
    assert second.bytes_received > first.bytes_received > 0 or second.bytes_received > 0
    assert second.bytes_sent > first.bytes_sent
    assert second.frames_received >= first.frames_received
    assert second.bps == rasfast.sim.profile_traffic()["vpn"][2]
    assert isinstance(second.duration, timedelta) and second.duration >= timedelta(milliseconds=40)
    conn.clear_statistics()
    cleared = conn.statistics()
    assert cleared.bytes_received < second.bytes_received
    assert cleared.duration >= second.duration             # the duration is not cleared
    # The same through rasfast.connections().
    (info,) = [c for c in rasfast.connections() if c.handle == conn.handle]
    assert info.statistics().bytes_sent >= cleared.bytes_sent
    assert info.projection() == conn.projection()
    conn.hangup()
    for target in (conn, info):
        with pytest.raises(RasError) as e:
            target.statistics()
        assert e.value.code == lib.RF_ERROR_INVALID_HANDLE


def test_link_statistics_of_a_multilink_connection(fast_sim):
    conn = rasfast.dial("Demo Multilink")
    assert conn.wait(5) is ConnState.CONNECTED
    link1 = conn.statistics(subentry=1)
    assert link1.subentry == 1
    for bad in (3, 99):
        with pytest.raises(RasError) as e:
            conn.statistics(subentry=bad)
        assert e.value.code == lib.RF_ERROR_INVALID_PARAMETER
    for bad in (0, -1, True, "1"):
        with pytest.raises((TypeError, ValueError)):
            conn.statistics(subentry=bad)                  # type: ignore[arg-type]
    conn.clear_statistics(subentry=1)


def test_counters_cross_the_4gib_wrap_and_rates_handle_it():
    rasfast.sim.set_time_scale(1.0)
    conn = rasfast.dial("Demo Instant")                    # instant: 8 MB/s received
    assert conn.wait(5) is ConnState.CONNECTED
    rate = rasfast.sim.profile_traffic()["instant"][1]
    now = conn.statistics().bytes_received
    rasfast.sim.add_traffic(conn, received=2 ** 32 - now - rate // 20)   # 50 ms before the wrap
    meter = rasfast.RateMeter()
    t0 = time.monotonic()
    a = conn.statistics()
    meter.update(a, now=t0)
    assert a.bytes_received > 2 ** 32 - rate // 10
    time.sleep(0.2)
    t1 = time.monotonic()
    b = conn.statistics()
    assert b.bytes_received < a.bytes_received                       # the 32-bit counter wrapped
    grown = rasfast.counter_delta(a.bytes_received, b.bytes_received)
    assert 0.5 * rate * 0.2 < grown < 2.0 * rate * (t1 - t0 + 0.05)
    _, per_s = meter.update(b, now=t1)
    assert 0.5 * rate < per_s < 2.0 * rate * (t1 - t0 + 0.05) / (t1 - t0)
    assert rasfast.counter_delta(2 ** 32 - 10, 5) == 15
    assert rasfast.counter_delta(5, 5) == 0


# -- projections ------------------------------------------------------------------

def test_ppp_projection_addresses(fast_sim):
    conn = rasfast.dial("Demo VPN")
    assert conn.wait(5) is ConnState.CONNECTED
    pj = conn.projection()
    assert pj.kind == "ppp"
    assert pj.ipv4 in ipaddress.ip_network("10.64.0.0/15")
    assert pj.server_ipv4 == ipaddress.ip_address("10.64.0.1")
    assert pj.ipv6 is not None and pj.ipv6.is_link_local and pj.server_ipv6 is not None
    assert (pj.auth, pj.encryption) == ("mschapv2", "mppe-128")
    # The pre-Windows 7 path (RasGetProjectionInfoW) gives the same addresses.
    from rasfast.stats import read_projection
    old = read_projection(lib.RF_BACKEND_SIM, conn.handle, "x", use_ex=False)
    assert (old.ipv4, old.server_ipv4) == (pj.ipv4, pj.server_ipv4)
    assert (old.ipv6, old.server_ipv6) == (pj.ipv6, pj.server_ipv6)
    other = rasfast.dial("Demo Instant")
    other.wait(5)
    assert other.projection().ipv4 != pj.ipv4             # a pool, one address each


def test_modem_has_no_ipv6_and_ikev2_its_own_projection(fast_sim):
    modem = rasfast.dial("Demo Modem")
    ike = rasfast.dial("Demo IKEv2")
    assert modem.wait(5) is ConnState.CONNECTED and ike.wait(5) is ConnState.CONNECTED
    pm = modem.projection()
    assert pm.kind == "ppp" and pm.ipv4 is not None and pm.ipv6 is None and pm.encryption == "none"
    pk = ike.projection()
    assert pk.kind == "ikev2" and pk.ipv6 in ipaddress.ip_network("fd00:5241:5300::/64")
    assert pk.server_ipv6 == ipaddress.ip_address("fd00:5241:5300::1")
    assert (pk.auth, pk.encryption, pk.ipv6_prefix_length) == ("eap", "aes-256", 64)
    from rasfast.stats import read_projection
    with pytest.raises(RasError) as e:
        read_projection(lib.RF_BACKEND_SIM, ike.handle, "x", use_ex=False)
    assert e.value.code == lib.RF_ERROR_PROTOCOL_NOT_CONFIGURED


def test_projection_before_connected_is_730(fast_sim):
    rasfast.sim.set_time_scale(1.0)
    conn = rasfast.dial("Demo Modem")
    assert _until(lambda: conn.handle != 0)
    with pytest.raises(RasError) as e:
        conn.projection()
    assert e.value.code == lib.RF_ERROR_PROJECTION_NOT_COMPLETE


# -- the watcher --------------------------------------------------------------------

def test_watcher_sees_connections_of_other_callers_by_name(fast_sim):
    testlib = native_testlib()
    from rasfast._wstring import wstr
    with rasfast.watch() as w:
        # A raw RasDialW, not through rasfast.dial: as another program would.
        h = ffi.new("uint64_t *")
        assert testlib.rf_sim_dial_raw(wstr("Demo VPN", "e", 256), lib.rf_notifier_address(),
                                       0, 0, h) == 0
        evs = _watch_events(w, lambda got: any(e.state is ConnState.CONNECTED for e in got))
        (up,) = [e for e in evs if e.state is ConnState.CONNECTED]
        assert up.flags & EventFlag.WATCH and up.handle == h[0]
        assert up.connection.entry == "Demo VPN" and up.connection.handle == h[0]
        assert up.connection.statistics().bps > 0
        rasfast.sim.drop(h[0], error=628)
        evs = _watch_events(w, lambda got: any(e.state is ConnState.DISCONNECTED for e in got))
        (down,) = [e for e in evs if e.state is ConnState.DISCONNECTED]
        assert down.error == 628 and down.connection.entry == "Demo VPN"
        assert not down.flags & EventFlag.REMOTE        # not a dial of rasfast's: nobody claimed it
        lib.rf_hangup(lib.RF_BACKEND_SIM, h[0])


def test_watcher_reports_existing_connections_first_and_names_dials(fast_sim):
    conn = rasfast.dial("Demo VPN")
    assert conn.wait(5) is ConnState.CONNECTED
    time.sleep(0.05)
    with rasfast.watch() as w:
        evs = _watch_events(w, lambda got: len(got) >= 1)
        assert [(e.state, e.handle) for e in evs] == [(ConnState.CONNECTED, conn.handle)]
        assert evs[0].connection is conn
        conn.hangup()
        evs = _watch_events(w, lambda got: len(got) >= 1)
        assert [(e.state, e.error, e.flags) for e in evs] == [(ConnState.DISCONNECTED, 0, EventFlag.WATCH)]


def test_watcher_sees_multilink_links_come_and_go(fast_sim):
    with rasfast.watch() as w:
        conn = rasfast.dial("Demo Multilink")
        assert conn.wait(5) is ConnState.CONNECTED
        evs = _watch_events(w, lambda got: {ConnState.SUBENTRY_DISCONNECTED, ConnState.SUBENTRY_CONNECTED}
                            <= {e.state for e in got}, timeout=5)
        subs = [e for e in evs if e.state in (ConnState.SUBENTRY_CONNECTED, ConnState.SUBENTRY_DISCONNECTED)]
        assert subs and all(e.subentry == 2 and e.flags & EventFlag.WATCH for e in subs)
        assert subs[0].state is ConnState.SUBENTRY_DISCONNECTED          # link 2 goes down first
        assert all(a.state != b.state for a, b in zip(subs, subs[1:]))   # alternating


def test_watcher_into_a_shared_buffer_and_async_for(fast_sim):
    buf = rasfast.EventBuffer(256)
    w = rasfast.watch(buf)
    conn = rasfast.dial("Demo Instant", buffer=buf)

    async def first_watch_event():
        # The watcher reports every live connection first: one an earlier
        # test left behind may come before ours.
        async for ev in buf:
            if ev.flags & EventFlag.WATCH and ev.handle == conn.handle:
                return ev
        return None

    ev = asyncio.run(asyncio.wait_for(first_watch_event(), 5))
    assert ev is not None and ev.state is ConnState.CONNECTED and ev.handle == conn.handle
    w.close()
    assert w.closed and not buf.closed                   # the caller's buffer stays open
    w.close()                                            # twice: harmless


def test_closing_watchers_and_buffers_while_drops_arrive(fast_sim):
    rasfast.sim.set_duplicate_dials(True)
    rasfast.sim.add_entry("Drops", profile="instant", drop_after=0.2)   # 4 ms
    stop = threading.Event()
    errors = []

    def churn():
        try:
            while not stop.is_set():
                w = rasfast.watch(capacity=64)
                w.poll()
                w.close()
        except Exception as e:                       # pragma: no cover - reported below
            errors.append(e)

    drops_before = rasfast.watcher_stats().drops
    t = threading.Thread(target=churn)
    t.start()
    bufs = [rasfast.EventBuffer(64) for _ in range(200)]
    conns = [rasfast.dial("Drops", buffer=b) for b in bufs]
    for b in bufs[::2]:
        b.close()                                    # closed while their drops arrive
    assert _until(lambda: all(c.state is ConnState.DISCONNECTED for c in conns), 10)
    stop.set()
    t.join()
    assert errors == []
    assert all(c.error == 0 for c in conns)
    # Every drop was pushed (a closed buffer counts it as dropped_closed).
    assert _until(lambda: rasfast.watcher_stats().drops - drops_before == len(conns))
    for b in bufs[1::2]:
        evs = b.poll()
        assert [e.state for e in evs if e.is_remote] == [ConnState.DISCONNECTED]
    ws = rasfast.watcher_stats()
    assert ws.running and ws.events >= ws.undelivered


def test_a_burst_of_dials_with_no_watcher_open_waits_but_a_drop_does_not(fast_sim):
    """New connections alone, with no watcher open, bring no pass (the
    dials' own notifier reports CONNECTED; a burst of 10,000 paid a fifth of
    its time for passes): they wait for the poll.  A drop signals the other
    channel and is in the dial's buffer at once, well before any poll."""
    rasfast.sim.set_time_scale(0)
    rasfast.sim.set_duplicate_dials(True)     # 300 connections, not one shared
    first = rasfast.dial("Demo Instant")
    assert first.wait(5) is ConnState.CONNECTED
    assert _until(lambda: rasfast.watcher_stats().running)
    time.sleep(0.05)                                  # the start's own pass is done
    before = rasfast.watcher_stats()
    started = time.monotonic()
    conns = [rasfast.dial("Demo Instant") for _ in range(300)]
    assert all(c.wait(5) is ConnState.CONNECTED for c in conns)
    burst = time.monotonic() - started
    during = rasfast.watcher_stats()
    assert during.deferred > before.deferred, (before, during)
    # Passes only when the poll is due (every 0.5 s) or another test's
    # connection ended: far fewer than the 300 signals.
    assert during.enumerations - before.enumerations <= 3 + int(burst / 0.5), (before, during)
    victim = conns[17]
    dropped_at = time.monotonic()
    rasfast.sim.drop(victim, 629)
    assert _until(lambda: victim.state is ConnState.DISCONNECTED, timeout=5)
    assert time.monotonic() - dropped_at < 0.4
    last = victim.buffer.poll()[-1]
    assert last.state is ConnState.DISCONNECTED and last.error == 629 and last.is_remote
    assert rasfast.watcher_stats().drops == during.drops + 1
    for c in [first, *conns]:
        c.hangup(timeout=5)


def test_multilink_at_time_scale_0_does_not_hang_the_simulator():
    """A link flips at most every millisecond whatever the scale: at 0 the
    flip timer rescheduled itself every nanosecond and a RAS thread never let
    go of the simulator's lock (the whole process hung)."""
    r = run_python("""
        import time, rasfast
        rasfast.sim.set_time_scale(0)
        conn = rasfast.dial("Demo Multilink")
        assert conn.wait(5) is rasfast.ConnState.CONNECTED
        time.sleep(0.2)
        assert rasfast.dial("Demo Instant").wait(5) is rasfast.ConnState.CONNECTED
        assert conn.hangup(timeout=5)
        print("ok")
    """, timeout=60)
    assert r.returncode == 0 and "ok" in r.stdout, r.describe()


def test_watcher_bad_input():
    with pytest.raises(ValueError):
        rasfast.watch(capacity=3)
    with pytest.raises((TypeError, ValueError)):
        rasfast.watch(backend="nope")
    w = rasfast.watch()
    w.close()
    from rasfast import BufferClosedError
    with pytest.raises(BufferClosedError):
        w.poll()
