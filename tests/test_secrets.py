"""Passwords: gone from native memory once the dial consumed them, and never
in a repr, an event, a log line, an exception message or CLI output."""
from __future__ import annotations

import contextlib
import io
import logging
import os
import pickle
import re
import subprocess
import sys

import pytest

import rasfast
from rasfast import ConnState, RasError, connection
from rasfast._native import ffi, lib
from rasfast._wstring import wstr

SECRET = "Hunter2-s3cret!"


def _units(buf) -> list:
    return [buf[i] for i in range(len(buf))]


@pytest.fixture
def password_arrays(monkeypatch):
    """Keep a reference to the native password array every _DialRequest
    builds (a test hook: the array would otherwise be freed, unchecked)."""
    kept = []
    real_init = connection._DialRequest.__init__

    def spy(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        if self._password != ffi.NULL:
            kept.append(self._password)

    monkeypatch.setattr(connection._DialRequest, "__init__", spy)
    return kept


# ---------------------------------------------------------------------------
# Native memory
# ---------------------------------------------------------------------------

def _request(entry="Demo Instant", password=SECRET, **fields):
    keep = {name: wstr(value, name, 10_000) for name, value in fields.items()}
    keep["entry"] = wstr(entry, "entry", 10_000)
    pw = wstr(password, "password", 10_000)
    req = ffi.new("rf_dial_request *")
    req.entry = keep["entry"]
    for name in fields:
        setattr(req, name, keep[name])
    req.password = pw
    req.password_len = len(pw)
    return req, pw, keep


@pytest.mark.parametrize("case", ["connects", "unknown entry", "field too long", "bad backend",
                                  "rasapi32 missing", "resume of a bad handle"])
def test_rf_dial_wipes_the_callers_password_on_every_path(case):
    rasfast.sim.set_time_scale(0)
    buf = rasfast.EventBuffer(64)
    cid = lib.rf_slot_open(buf._native_ring(), ffi.NULL)
    backend = lib.RF_BACKEND_SIM
    handle = ffi.new("uint64_t *", 0)
    entry, fields = "Demo Instant", {}
    if case == "unknown entry":
        entry = "No Such Entry"
    elif case == "field too long":
        fields = {"domain": "d" * 40}          # RASDIALPARAMS holds 15: rf_dial refuses it
    elif case == "bad backend":
        backend = 99
    elif case == "rasapi32 missing":
        if lib.RF_HAS_RASAPI32:
            pytest.skip("rasapi32 exists here")
        backend = lib.RF_BACKEND_RASAPI32
    elif case == "resume of a bad handle":
        handle[0] = 0x12345
    req, pw, _keep = _request(entry, **fields)
    assert _units(pw)[:3] == [ord(c) for c in SECRET[:3]]
    code = lib.rf_dial(backend, req, cid, handle)
    assert (code == 0) == (case == "connects")
    assert _units(pw) == [0] * len(pw), f"password left in the caller's buffer ({case})"
    if handle[0] and case == "connects":
        lib.rf_hangup(lib.RF_BACKEND_SIM, handle[0])
        lib.rf_wait_released(lib.RF_BACKEND_SIM, handle[0], 5 * 10**9, 10**6)
    lib.rf_slot_close(cid)
    buf.close()


def test_dial_and_resume_leave_no_password_in_their_native_arrays(password_arrays):
    rasfast.sim.set_time_scale(0.01)
    conn = rasfast.dial("Demo VPN", username="alice", password=SECRET)
    failing = rasfast.dial("Demo Bad Password", password=SECRET + "2")
    with pytest.raises(RasError):
        rasfast.dial("No Such Entry", password=SECRET + "3")
    with pytest.raises(ValueError):   # refused after the password array existed? never: checked first
        rasfast.dial("Demo VPN", password=SECRET, domain="d" * 16)
    paused = rasfast.dial("Demo Password Expired", password=SECRET, paused_states=True)
    assert paused.wait(10) is ConnState.PASSWORD_EXPIRED
    paused.resume(password="N3w-" + SECRET)
    assert paused.wait(10) is ConnState.CONNECTED
    assert conn.wait(10) is ConnState.CONNECTED
    with pytest.raises(RasError):
        failing.wait(10)
    assert len(password_arrays) == 5
    for arr in password_arrays:
        assert _units(arr) == [0] * len(arr)


def test_the_simulator_keeps_no_copy_of_the_password():
    """The simulator (csrc/sim_*.c) reads RASDIALPARAMSW.szEntryName and
    dwCallbackId only; a marker password in the parameters never reaches its
    tables (checked through status and enumeration, the only ways out of it)."""
    rasfast.sim.set_time_scale(0)
    conn = rasfast.dial("Demo Instant", password=SECRET)
    assert conn.wait(10) is ConnState.CONNECTED
    blob = repr(conn.status()) + repr(rasfast.connections()) + repr(rasfast.entries())
    assert SECRET not in blob


SCAN_CHILD = r"""
import os, sys, time
import rasfast
from rasfast import ConnState
from rasfast._wstring import wstr
secret, secret2, control = (os.environ["RF_PW1"], os.environ["RF_PW2"], os.environ["RF_CONTROL"])
rasfast.sim.set_time_scale(0.01)
conns = [rasfast.dial("Demo VPN", username="alice", password=secret) for _ in range(1)]
paused = rasfast.dial("Demo Password Expired", password=secret, paused_states=True)
assert paused.wait(10) is ConnState.PASSWORD_EXPIRED
paused.resume(password=secret2)
failed = rasfast.dial("Demo Bad Password", password=secret)
for c in conns + [paused]:
    assert c.wait(10) is ConnState.CONNECTED
# Entries that check a password: the simulated server holds it while the
# entry exists (and takes the new one of a PASSWORD_EXPIRED resume); removing
# the entries must leave no copy behind.
rasfast.sim.add_entry("Checked", password=os.environ["RF_PW3"])
rasfast.sim.add_entry("Checked Expired", password=os.environ["RF_PW3"],
                      pause_at=ConnState.PASSWORD_EXPIRED)
ok = rasfast.dial("Checked", password=os.environ["RF_PW3"])
assert ok.wait(10) is ConnState.CONNECTED
ex = rasfast.dial("Checked Expired", password=os.environ["RF_PW3"], paused_states=True)
assert ex.wait(10) is ConnState.PASSWORD_EXPIRED
ex.resume(password=os.environ["RF_PW4"])
assert ex.wait(10) is ConnState.CONNECTED
ok.hangup(5); ex.hangup(5)
rasfast.sim.remove_entry("Checked"); rasfast.sim.remove_entry("Checked Expired")
# Positive control: a UTF-16 copy nobody wipes.  The scan must find it.
kept = wstr(control, "control", 256)
print("READY", flush=True)
sys.stdin.readline()
"""


def _utf16(s: str) -> bytes:
    return s.encode("utf-16-le")


def _scan(pid: int, needles) -> dict:
    found = {n: 0 for n in needles}
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
        for line in maps:
            addr, perms = line.split()[:2]
            if not perms.startswith("rw"):
                continue
            start, end = (int(x, 16) for x in addr.split("-"))
            try:
                mem.seek(start)
                chunk = mem.read(end - start)
            except (OSError, ValueError, OverflowError):
                continue
            for n in needles:
                found[n] += chunk.count(n)
    return found


# Under Wine, Windows Python sees the Unix /proc (as Z:\proc) but has Windows pids.
@pytest.mark.skipif(sys.platform == "win32" or not os.path.exists("/proc/self/mem"),
                    reason="needs /proc/<pid>/mem (Linux)")
def test_no_utf16_password_anywhere_in_process_memory():
    """After dials (connected, failed, paused and resumed with a new
    password; entries whose simulated server checks a password, removed
    afterwards) the child's whole writable memory (heap, stacks, the RAS
    threads' stacks, the native parameter block's old stack frame) holds no
    UTF-16 copy of any password, while an unwiped control copy is found.
    The child gets the passwords as ASCII (Python keeps them as 1-byte
    strings), so any UTF-16 form could only come from rasfast."""
    pw1, pw2, control = "Zq7-pw-alpha-91", "Zq7-pw-bravo-27", "Zq7-pw-control-55"
    pw3, pw4 = "Zq7-pw-charlie-38", "Zq7-pw-delta-64"
    env = {**os.environ, "RF_PW1": pw1, "RF_PW2": pw2, "RF_PW3": pw3, "RF_PW4": pw4,
           "RF_CONTROL": control}
    p = subprocess.Popen([sys.executable, "-c", SCAN_CHILD], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = p.stdout.readline()
        assert line.strip() == "READY", p.stderr.read()
        found = _scan(p.pid, [_utf16(pw) for pw in (pw1, pw2, pw3, pw4, control)])
    finally:
        p.communicate("\n", timeout=30)
    assert found.pop(_utf16(control)) >= 1, "the scan cannot see native memory"
    assert set(found.values()) == {0}, found


# ---------------------------------------------------------------------------
# Python-visible text
# ---------------------------------------------------------------------------

def _walk_values(obj, seen=None, depth=0):
    """Every str reachable from an object's attributes (a few levels)."""
    seen = seen if seen is not None else set()
    if id(obj) in seen or depth > 4:
        return
    seen.add(id(obj))
    if isinstance(obj, str):
        yield obj
        return
    if isinstance(obj, (list, tuple, set, frozenset)):
        for x in obj:
            yield from _walk_values(x, seen, depth + 1)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _walk_values(k, seen, depth + 1)
            yield from _walk_values(v, seen, depth + 1)
    elif hasattr(obj, "__dict__"):
        yield from _walk_values(vars(obj), seen, depth + 1)


def test_password_never_in_repr_event_log_or_exception(caplog):
    caplog.set_level(logging.DEBUG, logger="rasfast")
    rasfast.sim.set_time_scale(0.01)
    texts = []
    buf = rasfast.EventBuffer(256)
    seen_by_callback = []
    conn = rasfast.dial("Demo VPN", username="alice", password=SECRET, buffer=buf)
    cb_conn = rasfast.dial("Demo Instant", password=SECRET, on_event=seen_by_callback.append)
    bad = rasfast.dial("Demo Bad Password", password=SECRET, buffer=buf)
    paused = rasfast.dial("Demo Password Expired", password=SECRET, buffer=buf, paused_states=True)
    paused.wait(10)
    paused.resume(password=SECRET)
    conn.wait(10)
    cb_conn.wait(10)
    for call in (lambda: bad.wait(10), lambda: rasfast.dial("No Such Entry", password=SECRET),
                 lambda: rasfast.dial("Demo VPN", password=SECRET, domain="d" * 16),
                 lambda: rasfast.dial("Demo VPN", password=SECRET + "\0"),
                 lambda: rasfast.dial("Demo VPN", password=SECRET + "\ud800"),
                 lambda: rasfast.dial("Demo VPN", password=SECRET * 20),
                 lambda: paused.resume(password=SECRET),
                 lambda: rasfast.dial(SECRET, password=SECRET)):
        with pytest.raises(Exception) as info:
            call()
        texts += [str(info.value), repr(info.value), repr(info.value.args)]
    for c in (conn, cb_conn, bad, paused):
        texts.append(repr(c))
        texts += list(_walk_values(c))
        c.hangup(timeout=5)
        texts.append(repr(c))
    events = buf.poll() + seen_by_callback
    assert len(events) > 10
    for ev in events:
        texts += [repr(ev), str(ev), repr(ev._asdict()), repr(pickle.dumps(ev))]
    texts += [repr(buf), repr(buf.stats), caplog.text]
    texts += [r.getMessage() for r in caplog.records]
    # The one place the test itself put the secret: the entry name of the last
    # dial, which its error message names (as it should: an entry name).
    leaks = [t for t in texts if SECRET in t.replace(f"dialling {SECRET!r}", "")]
    assert not leaks, leaks


def _run_cli(argv, stdin=""):
    from rasfast.cli import main

    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue() + err.getvalue()


@pytest.mark.parametrize("argv", [
    ["dial", "Demo Instant", "alice", SECRET, "--json"],
    ["dial", "Demo Instant", "alice", SECRET],
    ["dial", "Demo Bad Password", "alice", SECRET, "--json"],
    ["dial", "Demo Bad Password", "alice", SECRET],
    ["dial", "No Such Entry", "alice", SECRET, "--json"],
    ["Demo Instant", "alice", SECRET, "/DOMAIN:corp"],
    ["dial", "Demo Instant", "alice", SECRET, "--timeout", "-1"],       # usage error
    ["dial", "Demo Instant", "alice", SECRET, "--domain", "d" * 16, "--json"],
    ["dial", "Demo Instant", "alice", SECRET, "--bogus-option"],
    ["dial", "Demo Instant", "alice", "--password-stdin", "--json"],
])
def test_password_never_in_cli_output(argv, monkeypatch):
    monkeypatch.setenv("RASFAST_SIM_SESSION_FILE", "")
    monkeypatch.setenv("RASFAST_SIM_TIME_SCALE", "0")
    code, text = _run_cli(argv, stdin=SECRET + "\n")
    assert text.strip(), "no output at all: the check would prove nothing"
    assert SECRET not in text, text
    assert re.sub(r"\s", "", SECRET) not in re.sub(r"\s", "", text)
    if "--json" in argv and code == 0:
        assert '"state"' in text or "CONNECTED" in text


SAVED_CHILD = r"""
import os, sys, rasfast
rasfast.sim.set_time_scale(0)
rasfast.create_entry("Saved", server="vpn.example.com", tunnel_type="l2tp",
                     psk=os.environ["RF_PSK"])
rasfast.sim.require_password("Saved", os.environ["RF_PW1"])
rasfast.set_credentials("Saved", username="alice", password=os.environ["RF_PW1"])
conn = rasfast.dial("Saved")
assert conn.wait(10) is rasfast.ConnState.CONNECTED
conn.hangup()
assert rasfast.get_credentials("Saved").has_password      # still saved (as a hash)
rasfast.sim.require_password("Saved", None)    # the server's own copy, as sim.add_entry's
from rasfast._native import ffi
control = ffi.new("uint16_t[]", [ord(c) for c in os.environ["RF_CONTROL"]] + [0])
print("READY", flush=True)
sys.stdin.readline()
"""


@pytest.mark.skipif(sys.platform == "win32" or not os.path.exists("/proc/self/mem"),
                    reason="needs /proc/<pid>/mem (Linux)")
def test_saved_password_and_psk_leave_no_utf16_copy_in_process_memory():
    """set_credentials, a PSK given to create_entry, require_password and a dial with the
    saved credentials: no UTF-16 copy of the password or the key anywhere in the child's
    writable memory afterwards (the simulator keeps salted hashes; the simulated
    server's own copy, which require_password sets like sim.add_entry's, is dropped
    first), while an unwiped control copy is found."""
    pw, psk, control = "Zq7-saved-echo-11", "Zq7-saved-psk-12", "Zq7-saved-control-13"
    env = {**os.environ, "RF_PW1": pw, "RF_PSK": psk, "RF_CONTROL": control}
    p = subprocess.Popen([sys.executable, "-c", SAVED_CHILD], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = p.stdout.readline()
        assert line.strip() == "READY", p.stderr.read()
        found = _scan(p.pid, [_utf16(s) for s in (pw, psk, control)])
    finally:
        p.communicate("\n", timeout=30)
    assert found.pop(_utf16(control)) >= 1, "the scan cannot see native memory"
    assert set(found.values()) == {0}, found
