"""The rasapi32 provider (backend="win32") on Windows, tested under Wine.

.ci/windows/run-tests.sh says which rasapi32.dll the process loaded, in
RASFAST_WIN_RASAPI32:

- "wine": Wine's own rasapi32, all stubs (RasDialW returns 1 and stores no
  handle; RasGetConnectStatusW returns 0 without filling the structure).
  rasfast must raise a clear RasError, hang up nothing that was never
  dialled, and never spin in the hang-up wait.
- "sim-dll": csrc/rasapi32_sim_dll.c, a rasapi32.dll made of the simulated
  service, loaded in place of Wine's.  Dials go through the real provider's
  code (LoadLibraryW, GetProcAddress, RasDialW with the RasDialFunc2 shim,
  resume with the handle, RasHangUpW, the release wait) end to end.  The
  DLL has its own simulator: rasfast.sim controls the in-process one only,
  so these tests dial the DLL's built-in phonebook and check that the
  in-process simulator stayed idle.
"""
from __future__ import annotations

import logging
import os
import sys
import threading

import pytest

import rasfast
from rasfast import ConnState, RasError
from rasfast._native import lib

RASAPI32 = os.environ.get("RASFAST_WIN_RASAPI32", "")

pytestmark = pytest.mark.skipif(
    sys.platform != "win32", reason="rasapi32 provider tests need Windows (or Wine)")

wine_stub = pytest.mark.skipif(
    sys.platform != "win32" or RASAPI32 != "wine",
    reason="needs Windows under Wine with Wine's stub rasapi32 (RASFAST_WIN_RASAPI32=wine, "
           "set by .ci/windows/run-tests.sh)")
sim_dll = pytest.mark.skipif(
    sys.platform != "win32" or RASAPI32 != "sim-dll",
    reason="needs Windows with the simulated-service rasapi32.dll (RASFAST_WIN_RASAPI32=sim-dll, "
           "set by .ci/windows/run-tests.sh)")

ERROR_INVALID_FUNCTION = 1
ERROR_INVALID_HANDLE = 6
ERROR_TIMEOUT = 1460
ERROR_USER_DISCONNECTION = 631
ERROR_PASSWD_EXPIRED = 648
ERROR_AUTHENTICATION_FAILURE = 691


class RecordingLib:
    """Stands in for rasfast.connection's native module: records the hang-up
    calls, and can make RasDial report a stored handle (as Windows does for
    some failures), so a test sees exactly what rasfast asked RAS to do."""

    def __init__(self, store_handle: int = 0) -> None:
        self.store_handle = store_handle
        self.hangups: list = []
        self.release_waits: list = []

    def __getattr__(self, name):
        return getattr(lib, name)

    def rf_dial(self, backend, req, callback_id, out):
        code = lib.rf_dial(backend, req, callback_id, out)
        if self.store_handle and backend == lib.RF_BACKEND_RASAPI32 and not out[0]:
            out[0] = self.store_handle
        return code

    def rf_hangup(self, backend, handle):
        self.hangups.append((backend, handle))
        return lib.rf_hangup(backend, handle)

    def rf_wait_released(self, backend, handle, timeout_ns, poll_ns):
        self.release_waits.append((backend, handle))
        return lib.rf_wait_released(backend, handle, timeout_ns, poll_ns)


def in_thread(fn, limit=60.0):
    """Run fn on a thread; fail (instead of hanging the suite) if it has not
    returned after `limit` seconds.  Returns fn's result or raises its error."""
    box: dict = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as e:  # handed to the test thread
            box["error"] = e

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(limit)
    assert not t.is_alive(), f"{fn} did not return within {limit}s (loops forever?)"
    if "error" in box:
        raise box["error"]
    return box.get("value")


def test_default_backend_is_rasapi32_unless_overridden(monkeypatch):
    monkeypatch.delenv("RASFAST_BACKEND", raising=False)
    assert rasfast._backends.default_backend() == "win32"
    monkeypatch.setenv("RASFAST_BACKEND", "sim")
    assert rasfast._backends.default_backend() == "sim"
    monkeypatch.setenv("RASFAST_BACKEND", "nonsense")
    with pytest.raises(ValueError, match="unknown backend 'nonsense'"):
        rasfast.dial("Demo VPN")


# ---------------------------------------------------------------------------
# Wine's own rasapi32: stubs
# ---------------------------------------------------------------------------

@wine_stub
def test_wine_rasapi32_loads_and_lists_nothing():
    assert lib.rf_backend_check(lib.RF_BACKEND_RASAPI32) == 0
    assert rasfast.connections(backend="win32") == []


@wine_stub
def test_wine_stub_dial_is_a_clear_error_and_hangs_up_nothing(monkeypatch):
    rec = RecordingLib()
    monkeypatch.setattr(rasfast.connection, "lib", rec)
    buf = rasfast.EventBuffer(16)
    with pytest.raises(RasError) as info:
        in_thread(lambda: rasfast.dial("Demo VPN", username="alice", password="s3cret",
                                       buffer=buf, backend="win32"))
    err = info.value
    assert err.code == err.winerror == ERROR_INVALID_FUNCTION
    assert isinstance(err, OSError)
    # The entry and Windows' own text for the code, not "Unknown ...".
    assert "Demo VPN" in str(err) and "Unknown" not in str(err), str(err)
    assert "s3cret" not in str(err) and "s3cret" not in repr(err)
    # RasDialW stored no handle: nothing to hang up, no release to wait for.
    assert rec.hangups == [] and rec.release_waits == []
    assert rasfast.hangup_all(timeout=1.0) == 0
    assert buf.poll() == []               # RAS never called the notifier
    assert not buf.closed
    # The process is fine: the simulator still dials.
    conn = rasfast.dial("Demo Instant", backend="sim")
    assert conn.wait(10) is ConnState.CONNECTED
    assert conn.hangup()


@wine_stub
def test_wine_stub_hangup_wait_is_bounded(monkeypatch, caplog):
    """Wine's RasGetConnectStatusW answers 0 for any handle and never
    ERROR_INVALID_HANDLE: a dial that stored a handle must still finish its
    hang-up at the deadline, with a warning, not wait forever."""
    rec = RecordingLib(store_handle=0x10000)
    monkeypatch.setattr(rasfast.connection, "lib", rec)
    monkeypatch.setattr(rasfast.connection, "DEFAULT_HANGUP_TIMEOUT", 0.5)
    caplog.set_level(logging.WARNING, logger="rasfast")
    with pytest.raises(RasError) as info:
        # With a password: a dial without one first asks RasGetCredentialsW for
        # the saved credentials, which Wine's rasapi32 has only as a stub that
        # aborts the process when called.
        in_thread(lambda: rasfast.dial("Demo VPN", password="s3cret", backend="win32"),
                  limit=30)
    assert info.value.code == ERROR_INVALID_FUNCTION
    # The stored handle was hung up exactly once, and the release wait gave up.
    assert rec.hangups == [(lib.RF_BACKEND_RASAPI32, 0x10000)]
    assert rec.release_waits and all(h == 0x10000 for _, h in rec.release_waits)
    assert any("not released" in r.getMessage() for r in caplog.records)
    assert rasfast.hangup_all(timeout=1.0) == 0


@wine_stub
def test_wine_stub_native_release_wait_times_out():
    # The native loop on its own: ERROR_TIMEOUT, not a hang.
    code = in_thread(lambda: lib.rf_wait_released(lib.RF_BACKEND_RASAPI32, 0x10000,
                                                  int(0.2e9), int(0.01e9)), limit=30)
    assert code == ERROR_TIMEOUT


@wine_stub
def test_wine_stub_error_text_falls_back_to_rasfasts_table():
    # Wine's RasGetErrorStringW returns 1: the text comes from rasfast's table.
    assert "password" in rasfast.error_text(ERROR_AUTHENTICATION_FAILURE, backend="win32").lower()


# ---------------------------------------------------------------------------
# rasapi32.dll built from the simulated service
# ---------------------------------------------------------------------------

def until_terminal(buf, timeout=30.0):
    events = []
    for ev in buf.events(timeout=timeout):
        events.append(ev)
        if ev.is_terminal or ev.is_paused:
            break
    return events


def timeline(events):
    t0 = events[0].timestamp_ns
    return "\n".join(f"  +{(e.timestamp_ns - t0) / 1e6:8.2f} ms  {getattr(e.state, 'name', e.state)}"
                     f"{f' error={e.error}' if e.error else ''}" for e in events)


@sim_dll
def test_sim_dll_is_the_rasapi32_in_use():
    names = [e.name for e in rasfast.entries(backend="win32")]
    assert {"Demo VPN", "Demo Bad Password", "Demo Password Expired"} <= set(names), (
        "WINEDLLOVERRIDES did not load the simulated-service rasapi32.dll: "
        f"RasEnumEntriesW listed {names}")
    assert "password" in rasfast.error_text(ERROR_AUTHENTICATION_FAILURE, backend="win32").lower()


@sim_dll
def test_sim_dll_full_dial_and_hangup_through_rasapi32_provider():
    seen = []
    conn = rasfast.dial("Demo VPN", username="alice", password="s3cret", backend="win32",
                        on_event=seen.append, buffer=rasfast.EventBuffer(64))
    assert conn.backend == "win32" and conn.handle != 0
    events = until_terminal(conn.buffer)
    print(f"\nend-to-end dial through the rasapi32 provider (sim DLL), handle {conn.handle:#x}:\n"
          + timeline(events))
    states = [e.state for e in events]
    assert states[0] is ConnState.OPEN_PORT and states[-1] is ConnState.CONNECTED
    for must in (ConnState.PORT_OPENED, ConnState.CONNECT_DEVICE, ConnState.AUTHENTICATE,
                 ConnState.AUTHENTICATED):
        assert must in states
    # dwCallbackId and the handle came back through the DLL's RAS threads.
    assert all(e.callback_id == conn.callback_id and e.handle == conn.handle
               and e.connection is conn and e.error == 0 and not e.is_local for e in events)
    stamps = [e.timestamp_ns for e in events]
    assert stamps == sorted(stamps)
    assert conn.wait(10) is ConnState.CONNECTED and conn.is_connected

    listed = rasfast.connections(backend="win32")
    assert [(c.entry, c.handle, c.connection) for c in listed] == [("Demo VPN", conn.handle, conn)]
    status = conn.status()
    assert status.state is ConnState.CONNECTED and status.error == 0 and status.device_name
    # The in-process simulator was never used: the dial went through the DLL.
    assert rasfast.sim.active_connections() == 0

    assert conn.hangup(timeout=10) is True          # RasGetConnectStatusW said 6
    assert conn.state is ConnState.DISCONNECTED
    assert rasfast.connections(backend="win32") == []
    with pytest.raises(RasError) as info:
        conn.status()
    assert info.value.code == ERROR_INVALID_HANDLE
    tail = conn.buffer.poll()
    assert tail and tail[-1].is_local and tail[-1].state is ConnState.DISCONNECTED
    # on_event ran on rasfast's dispatcher thread with the same notifications.
    deadline = 100
    while len(seen) < len(events) and deadline:
        threading.Event().wait(0.05)
        deadline -= 1
    assert [e.state for e in seen[:len(events)]] == states


@sim_dll
def test_sim_dll_failed_dial_reports_the_error():
    conn = rasfast.dial("Demo Bad Password", username="alice", password="wrong",
                        backend="win32")
    events = until_terminal(conn.buffer)
    assert events[-1].error == ERROR_AUTHENTICATION_FAILURE
    assert events[-1].state is ConnState.AUTHENTICATE
    with pytest.raises(RasError) as info:
        conn.wait(10)
    assert info.value.code == ERROR_AUTHENTICATION_FAILURE
    assert "password" in str(info.value).lower() and "wrong" not in str(info.value)
    assert conn.hangup(timeout=10) is True
    assert rasfast.connections(backend="win32") == []


@sim_dll
def test_sim_dll_pause_and_resume():
    conn = rasfast.dial("Demo Password Expired", username="alice", password="old",
                        backend="win32", paused_states=True)
    assert conn.wait(30) is ConnState.PASSWORD_EXPIRED
    assert conn.is_paused
    before = until_terminal(conn.buffer)
    assert before[-1].state is ConnState.PASSWORD_EXPIRED and before[-1].is_paused
    conn.resume(password="new")                     # RasDialW again, with the handle
    assert conn.wait(30) is ConnState.CONNECTED
    after = until_terminal(conn.buffer)
    assert after[-1].state is ConnState.CONNECTED
    assert all(e.callback_id == conn.callback_id and e.handle == conn.handle for e in after)
    assert conn.hangup(timeout=10) is True


@sim_dll
def test_sim_dll_pause_without_paused_states_fails_the_dial():
    conn = rasfast.dial("Demo Password Expired", backend="win32")
    with pytest.raises(RasError) as info:
        conn.wait(30)
    assert info.value.code == ERROR_PASSWD_EXPIRED
    assert conn.hangup(timeout=10) is True


@sim_dll
def test_sim_dll_hangup_mid_dial_releases_the_port():
    conn = rasfast.dial("Demo Modem", backend="win32")
    first = next(iter(conn.buffer.events(timeout=30)))
    assert first.state is ConnState.OPEN_PORT
    assert conn.hangup(timeout=10) is True
    assert conn.state is ConnState.DISCONNECTED
    end = conn.buffer.poll()[-1]
    assert end.is_local and end.state is ConnState.DISCONNECTED
    assert end.error == ERROR_USER_DISCONNECTION
    assert rasfast.connections(backend="win32") == []


@sim_dll
def test_sim_dll_hangup_all_covers_win32_dials():
    conns = [rasfast.dial(name, backend="win32") for name in ("Demo VPN", "Demo Modem")]
    assert len(rasfast.connections(backend="win32")) == 2
    assert rasfast.hangup_all(timeout=10) == 2
    assert all(c.state is ConnState.DISCONNECTED for c in conns)
    assert rasfast.connections(backend="win32") == []


def on_exiting_thread(fn):
    """fn() on a thread that ends as soon as fn returns (a thread-pool
    worker, say); returns fn's result once the thread is gone."""
    box: dict = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as e:  # handed to the test thread
            box["error"] = e

    t = threading.Thread(target=run)
    t.start()
    t.join(60)
    assert not t.is_alive()
    if "error" in box:
        raise box["error"]
    return box.get("value")


@sim_dll
def test_sim_dll_dial_from_a_thread_that_exits_still_connects():
    """RAS needs the thread that called RasDial to outlive the dial; the
    sim DLL stops a dial whose RasDialW caller thread exits (628).  rasfast
    calls RasDialW on its own dial thread, so a dial started by a thread
    that exits at once still connects, with every state."""
    conn = on_exiting_thread(lambda: rasfast.dial("Demo VPN", backend="win32"))
    assert conn.wait(30) is ConnState.CONNECTED
    states = [e.state for e in conn.buffer.poll()]
    assert states[0] is ConnState.OPEN_PORT and states[-1] is ConnState.CONNECTED
    assert ConnState.AUTHENTICATED in states
    assert conn.hangup(timeout=10) is True


@sim_dll
def test_sim_dll_resume_from_a_thread_that_exits_still_connects():
    conn = rasfast.dial("Demo Password Expired", password="old", backend="win32",
                        paused_states=True)
    assert conn.wait(30) is ConnState.PASSWORD_EXPIRED
    on_exiting_thread(lambda: conn.resume(password="new"))
    assert conn.wait(30) is ConnState.CONNECTED
    assert conn.buffer.poll()[-1].state is ConnState.CONNECTED
    assert conn.hangup(timeout=10) is True

# -- the phonebook through the rasapi32 provider (sim DLL) ---------------------

FULL_PROPS = dict(server="vpn.example.com", tunnel_type="ikev2", encryption="maximum",
                  authentication=("mschapv2", "eap", "machine_certificate"),
                  split_tunneling=True, dns_suffix="corp.example.com", eap_type=13,
                  eap_config=b"\x01\x02eap\xff", idle_disconnect=900, redial_count=5,
                  redial_pause=30)
CHANGED_PROPS = dict(server="vpn2.example.net", tunnel_type="l2tp", encryption="optional",
                     authentication=("pap", "chap"), split_tunneling=False, dns_suffix="",
                     eap_type=0, eap_config=b"", idle_disconnect=0, redial_count=0,
                     redial_pause=1)


def _modelled(e):
    return {k: getattr(e, k) for k in FULL_PROPS}


def _sim_dll_server_password(entry, password, phonebook=None):
    """The DLL's "server": the password a dial of ``entry`` must bring (RfSimSetServerPassword,
    the sim DLL's one export that is not a rasapi32 function)."""
    import ctypes
    dll = ctypes.WinDLL("rasapi32.dll")      # the module the provider loaded
    fn = dll.RfSimSetServerPassword
    fn.argtypes = [ctypes.c_wchar_p, ctypes.c_wchar_p, ctypes.c_void_p, ctypes.c_uint32]
    fn.restype = ctypes.c_uint32
    buf = ctypes.create_unicode_buffer(password)
    code = fn(phonebook, entry, ctypes.addressof(buf), len(password))
    assert code == 0, code
    assert buf.value == ""                   # wiped by the DLL


@sim_dll
@pytest.mark.parametrize("phonebook", [None, r"C:\rasfast-test\office.pbk"])
def test_sim_dll_every_property_round_trips_through_the_rasapi32_provider(phonebook):
    name = f"Round Trip {'default' if phonebook is None else 'file'}"
    kw = dict(phonebook=phonebook, backend="win32")
    with pytest.raises(RasError) as info:
        rasfast.get_entry(name, **kw)
    assert info.value.code == 623
    created = rasfast.create_entry(name, **kw, **FULL_PROPS)
    assert _modelled(created) == FULL_PROPS
    assert _modelled(rasfast.get_entry(name, **kw)) == FULL_PROPS
    assert created.device_name == "WAN Miniport (IKEv2)"
    updated = rasfast.update_entry(name, **kw, **CHANGED_PROPS)
    assert _modelled(updated) == CHANGED_PROPS
    assert _modelled(rasfast.get_entry(name, **kw)) == CHANGED_PROPS
    assert updated.device_name == "WAN Miniport (L2TP)"
    # a partial update keeps the rest
    again = rasfast.update_entry(name, **kw, dns_suffix="x.example.org")
    assert _modelled(again) == {**CHANGED_PROPS, "dns_suffix": "x.example.org"}
    # the entry is the DLL's, not the in-process simulator's
    assert name in [e.name for e in rasfast.entries(**kw)]
    if phonebook is None:
        assert name not in [e.name for e in rasfast.entries(backend="sim")]
    # Windows' codes through the provider
    with pytest.raises(RasError) as info:
        rasfast.create_entry(name.upper(), **kw, server="x.example.com")
    assert info.value.code == 183
    with pytest.raises(RasError) as info:
        rasfast.validate_entry_name(name, **kw)
    assert info.value.code == 183
    with pytest.raises(RasError) as info:
        rasfast.validate_entry_name(".dot", **kw)
    assert info.value.code == 123
    rasfast.rename_entry(name, name + " 2", **kw)
    assert rasfast.get_entry(name + " 2", **kw).dns_suffix == "x.example.org"
    rasfast.delete_entry(name + " 2", **kw)
    with pytest.raises(RasError) as info:
        rasfast.delete_entry(name + " 2", **kw)
    assert info.value.code == 623


@sim_dll
def test_sim_dll_created_entry_dials_with_saved_credentials():
    name = "Saved Creds VPN"
    kw = dict(backend="win32")
    rasfast.create_entry(name, server="vpn.example.com", tunnel_type="ikev2", **kw)
    try:
        _sim_dll_server_password(name, "right-Pw1")

        def outcome():
            conn = rasfast.dial(name, **kw)
            try:
                return conn.wait(20)
            except RasError as exc:
                return exc.code
            finally:
                conn.hangup(timeout=10)

        # positive control: the DLL's server checks, so nothing saved fails
        assert outcome() == ERROR_AUTHENTICATION_FAILURE
        rasfast.set_credentials(name, username="alice", password="right-Pw1", **kw)
        saved = rasfast.get_credentials(name, **kw)
        assert (saved.username, saved.has_password) == ("alice", True)
        assert "right-Pw1" not in repr(saved)
        assert outcome() is ConnState.CONNECTED
        rasfast.set_credentials(name, username="alice", password="wrong-Pw2", **kw)
        assert outcome() == ERROR_AUTHENTICATION_FAILURE
        rasfast.clear_credentials(name, **kw)
        assert rasfast.get_credentials(name, **kw).has_password is False
        assert rasfast.sim.active_connections() == 0      # all through the DLL
    finally:
        rasfast.delete_entry(name, **kw)


# -- after CONNECTED through the rasapi32 provider (sim DLL) -----------------

@sim_dll
def test_sim_dll_after_connected_through_rasapi32_provider():
    """Statistics, RasGetProjectionInfoEx and the watcher through the real
    provider: RasConnectionNotificationW with a Windows event object that the
    DLL's simulator signals (SetEvent), as RAS does.  "Demo Flaky VPN" (the
    DLL's own phonebook, its time scale 1) drops 4 s after CONNECTED with 629."""
    import time

    with rasfast.watch(backend="win32") as w:
        conn = rasfast.dial("Demo Flaky VPN", backend="win32", buffer=rasfast.EventBuffer(64))
        assert conn.wait(15) is ConnState.CONNECTED
        st = conn.statistics()
        assert st.bps > 0 and st.duration.total_seconds() >= 0
        pj = conn.projection()
        assert pj.kind == "ppp" and str(pj.server_ipv4) == "10.64.0.1" and pj.ipv6 is not None
        (info,) = rasfast.connections(backend="win32")
        assert info.statistics().bps == st.bps
        deadline = time.monotonic() + 20
        while conn.state is not ConnState.DISCONNECTED and time.monotonic() < deadline:
            time.sleep(0.05)
        assert conn.state is ConnState.DISCONNECTED and conn.error == 629
        drop = [e for e in conn.buffer.poll() if e.is_remote]
        assert [(e.state, e.error) for e in drop] == [(ConnState.DISCONNECTED, 629)]
        seen = []
        while time.monotonic() < deadline and not any(
                e.state is ConnState.DISCONNECTED for e in seen):
            w.wait(0.1)
            seen += w.poll()
        mine = [e for e in seen if e.handle == conn.handle]
        assert [e.state for e in mine] == [ConnState.CONNECTED, ConnState.DISCONNECTED]
        assert all(e.flags & rasfast.EventFlag.RASAPI32 for e in mine)
        assert mine[1].error == 629 and mine[1].connection.entry == "Demo Flaky VPN"
        assert rasfast.watcher_stats("win32").signals > 0   # the DLL signalled the event
        assert conn.hangup(timeout=10) is True
