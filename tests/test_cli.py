"""The command line, run as users run it: ``python -m rasfast ...`` in a
subprocess (on the simulator, with its delays scaled down), plus a few
in-process checks of what reached dial()."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest

import rasfast
from rasfast import ConnState, cli

WINDOWS = os.name == "nt"
#: exit statuses a script sees (Windows keeps the RAS code, POSIX its low byte)
STATUS = {0: 0, 691: 691 if WINDOWS else 179, 678: 678 if WINDOWS else 166,
          623: 623 if WINDOWS else 111, 631: 631 if WINDOWS else 119,
          668: 668 if WINDOWS else 156, 703: 703 if WINDOWS else 191,
          648: 648 if WINDOWS else 136, 1460: 1460 if WINDOWS else 1}

LINE = re.compile(r"^\s*(\d+\.\d{3})s\s+\+(\d+\.\d{3})\s+([A-Z_]+)(?: \[sub (\d)\])?\s*(\d+)?\s*(.*)$")


@pytest.fixture(autouse=True)
def in_process_env(tmp_path, monkeypatch):
    """cli.main() run in this process reads the same variables."""
    monkeypatch.setenv("RASFAST_SIM_SESSION_FILE", str(tmp_path / "sim-session.json"))
    monkeypatch.setenv("RASFAST_SIM_TIME_SCALE", "0.02")
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def env(tmp_path):
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e["RASFAST_SIM_TIME_SCALE"] = "0.02"
    e["RASFAST_SIM_SESSION_FILE"] = str(tmp_path / "sim-session.json")
    e["PYTHONIOENCODING"] = "utf-8"
    return e


# Wine's CreateProcess now and then fails with ERROR_INTERNAL_ERROR (1359)
# before the child exists (once in five CI runs of the suite under Wine 8);
# nothing of the child ran, so starting it again is safe.
WINE_CREATEPROCESS_FLAKE = 1359


def run(env, *args, input=None, timeout=60):
    argv = [sys.executable, "-m", "rasfast", *args]
    for attempt in range(3):
        try:
            return subprocess.run(argv, env=env, input=input, capture_output=True,
                                  text=True, timeout=timeout)
        except OSError as e:
            if getattr(e, "winerror", None) != WINE_CREATEPROCESS_FLAKE or attempt == 2:
                raise


def timeline(stdout: str):
    """(state name, error, subentry) of every timeline line."""
    rows = []
    for line in stdout.splitlines():
        m = LINE.match(line)
        if m:
            rows.append((m.group(3), int(m.group(5) or 0), int(m.group(4) or 0)))
    return rows


def names(states):
    return [s.name for s in states]


# -- exit statuses -------------------------------------------------------------

def test_exit_status_keeps_ras_codes_distinct_and_never_zero():
    assert cli.exit_status(0, windows=True) == 0
    assert cli.exit_status(691, windows=True) == 691
    assert cli.exit_status(1460, windows=True) == 1460
    assert [cli.exit_status(c, windows=False) for c in (691, 678, 623, 600, 767)] == \
        [179, 166, 111, 88, 255]
    # A plain `code & 0xFF` would report 768 as success; anything outside
    # 600-767 exits with 1 instead.
    assert [cli.exit_status(c, windows=False) for c in (768, 1024, 6, 87, 1460)] == [1] * 5
    posix = {cli.exit_status(c, windows=False) for c in range(600, 768)}
    assert len(posix) == 168 and not posix & {0, 1, 2}


# -- dial ----------------------------------------------------------------------

def test_dial_prints_the_live_timeline_and_exits_0(env):
    r = run(env, "dial", "Demo VPN")
    assert r.returncode == 0, r.stderr
    rows = timeline(r.stdout)
    assert [name for name, _, _ in rows] == names(rasfast.sim.entry_states("Demo VPN"))
    assert all(err == 0 for _, err, _ in rows)
    lines = [line for line in r.stdout.splitlines() if LINE.match(line)]
    # aligned: every state name starts in the same column
    assert len({LINE.match(line).start(3) for line in lines}) == 1
    times = [float(LINE.match(line).group(1)) for line in lines]
    assert times == sorted(times)
    assert r.stdout.splitlines()[-1].startswith("Connected to 'Demo VPN' in ")
    assert "\x1b[" not in r.stdout + r.stderr   # piped: plain text
    assert "ends when rasfast exits" in r.stderr   # honest about the simulator


@pytest.mark.parametrize("entry, code, state", [
    ("Demo Bad Password", 691, ConnState.AUTHENTICATE),
    ("Demo No Answer", 678, ConnState.CONNECT_DEVICE),
])
def test_failed_dial_exits_with_the_ras_error(env, entry, code, state):
    r = run(env, "dial", entry, "alice", "pw")
    assert r.returncode == STATUS[code], r.stderr
    rows = timeline(r.stdout)
    assert rows[-1] == (state.name, code, 0)
    assert [n for n, e, _ in rows if e] == [state.name]
    text = rasfast.error_text(code)
    assert text in r.stdout
    header = next(line for line in r.stdout.splitlines() if line.split()[:2] == ["time", "delta"])
    error_line = next(line for line in r.stdout.splitlines() if f" {code}  " in line)
    assert error_line.index(f"{code}  ") == header.index("error")      # aligned under "error"
    assert LINE.match(error_line).start(3) == header.index("state")
    assert r.stdout.splitlines()[-1] == f"Failed: error {code}: {text}"


def test_unknown_entry_exits_623(env):
    r = run(env, "dial", "No Such Entry")
    assert r.returncode == STATUS[623]
    assert "Failed: error 623: " in r.stdout
    assert timeline(r.stdout) == []


def test_subentries_are_shown_for_multilink(env):
    r = run(env, "dial", "Demo Multilink")
    assert r.returncode == 0
    rows = timeline(r.stdout)
    assert {sub for _, _, sub in rows} == {0, 1, 2}
    assert ("SUBENTRY_CONNECTED", 0, 2) in rows
    assert rows[-1] == ("CONNECTED", 0, 0)


def test_dial_timeout_hangs_up_with_1460(env):
    env["RASFAST_SIM_TIME_SCALE"] = "1"
    r = run(env, "dial", "Demo Modem", "--timeout", "0.3")
    assert r.returncode == STATUS[1460]
    assert timeline(r.stdout)[-1][1] == 1460
    assert "Failed: error 1460" in r.stdout


def test_json_events_parse_and_match_the_dial(env):
    r = run(env, "dial", "Demo Bad Password", "--json")
    assert r.returncode == STATUS[691]
    records = [json.loads(line) for line in r.stdout.splitlines()]
    events, result = records[:-1], records[-1]
    assert all(e["type"] == "event" for e in events)
    expected = rasfast.sim.entry_states("Demo Bad Password")
    # every state once on entry, then the failing state again with its error
    assert [e["state"] for e in events] == names(expected) + [ConnState.AUTHENTICATE.name]
    assert [e["state_value"] for e in events[:-1]] == [int(s) for s in expected]
    assert [e["seq"] for e in events] == list(range(len(events)))
    assert [e["error"] for e in events] == [0] * (len(events) - 1) + [691]
    assert events[-1]["error_text"] == rasfast.error_text(691)
    assert all(e["entry"] == "Demo Bad Password" and e["handle"] for e in events)
    ts = [e["timestamp_ns"] for e in events]
    assert ts == sorted(ts)
    assert [e["time"] for e in events] == sorted(e["time"] for e in events)
    assert result == {**result, "type": "result", "connected": False, "error": 691,
                      "exit_status": STATUS[691], "events": len(events)}


def test_json_connected_result(env):
    r = run(env, "dial", "Demo Instant", "--json")
    assert r.returncode == 0
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert records[-2]["state"] == "CONNECTED"
    assert records[-1]["connected"] is True and records[-1]["error"] == 0
    assert r.stderr == ""     # nothing but JSON, and no notes, in --json mode


def test_password_on_the_command_line_is_never_printed(env):
    secret = "Hunter2-secret"
    for extra in ([], ["--json"]):
        r = run(env, "dial", "Demo Bad Password", "alice", secret, *extra)
        assert r.returncode == STATUS[691]
        assert secret not in r.stdout + r.stderr


def test_usage_error_never_repeats_a_password_shaped_argument(env):
    r = run(env, "dial", "Demo VPN", "alice", "-Secret42")
    assert r.returncode == 2
    assert "-Secret42" not in r.stdout + r.stderr
    assert "usage:" in r.stderr


def test_password_stdin(env, tmp_path):
    probe = tmp_path / "probe.json"
    env["RASFAST_TEST_PROBE"] = str(probe)
    r = subprocess.run([sys.executable, "-c", PROBE, "dial", "Demo Instant", "alice",
                        "--password-stdin"], input="from stdin\n", env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    calls = json.loads(probe.read_text())
    assert calls == [{"password": "from stdin", "resume": False, "wiped": True}]
    assert "from stdin" not in r.stdout + r.stderr


def test_star_without_a_terminal_fails_clearly(env):
    r = run(env, "dial", "Demo VPN", "alice", "*", input="")
    assert r.returncode == 2
    assert "not one" in r.stderr and "--password-stdin" in r.stderr
    assert "Dialling" not in r.stdout


def test_paused_state_without_a_terminal_fails_clearly(env):
    r = run(env, "dial", "Demo Password Expired", "alice", "old", "--paused-states", input="")
    assert r.returncode == STATUS[703]
    assert ("PASSWORD_EXPIRED", 0, 0) in timeline(r.stdout)
    assert "not a terminal" in r.stderr
    assert "Failed: error 703" in r.stdout


def test_paused_state_without_paused_states_fails_with_648(env):
    r = run(env, "dial", "Demo Password Expired", "alice", "old")
    assert r.returncode == STATUS[648]
    assert timeline(r.stdout)[-1] == ("PASSWORD_EXPIRED", 648, 0)


def test_forced_colour(env):
    r = run(env, "dial", "Demo Bad Password", "--color", "always")
    assert "\x1b[31;1m" in r.stdout   # the failing state in red
    r = run(env, "dial", "Demo Instant", "--color", "always")
    assert "\x1b[32;1mCONNECTED\x1b[0m" in r.stdout


# -- Ctrl-C --------------------------------------------------------------------

def _start(env, tmp_path, *args):
    """Popen the CLI; stderr goes to a file so that reading stdout line by
    line cannot deadlock or lose buffered output."""
    flags = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if WINDOWS else {}
    err = open(tmp_path / "stderr.txt", "w+")
    proc = subprocess.Popen([sys.executable, "-m", "rasfast", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=err, **flags)
    proc.err_file = err
    return proc


def _read_until(proc, state: str, timeout: float = 30.0) -> str:
    """Read the timeline until a line for ``state``."""
    seen = ""
    deadline = time.monotonic() + timeout
    while True:
        assert time.monotonic() < deadline, seen
        line = proc.stdout.readline()
        assert line, seen
        seen += line
        m = LINE.match(line)
        if m and m.group(3) == state:
            return seen


def _close(proc):
    if proc.poll() is None:
        proc.kill()
        proc.wait(30)
    proc.stdout.close()
    proc.err_file.close()


def _finish(proc):
    rest = proc.stdout.read()
    proc.wait(30)
    proc.err_file.seek(0)
    return rest, proc.err_file.read()


@pytest.mark.skipif(WINDOWS, reason="SIGINT to a child process is a POSIX test")
def test_ctrl_c_hangs_up_cleanly(env, tmp_path):
    env["RASFAST_SIM_TIME_SCALE"] = "1"      # "Demo Modem" takes seconds
    proc = _start(env, tmp_path, "dial", "Demo Modem")
    try:
        head = _read_until(proc, "OPEN_PORT")
        proc.send_signal(signal.SIGINT)
        rest, err = _finish(proc)
    finally:
        _close(proc)
    assert proc.returncode == STATUS[631], err
    rows = timeline(head + rest)
    assert rows[-1] == ("DISCONNECTED", 631, 0)
    assert "CONNECTED" not in [n for n, _, _ in rows]
    assert "Interrupted: hung up 'Demo Modem'" in rest
    assert "Traceback" not in err


@pytest.mark.skipif(WINDOWS, reason="signals to a child process are a POSIX test")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_hold_keeps_the_connection_until_interrupted(env, tmp_path, sig):
    proc = _start(env, tmp_path, "dial", "Demo Instant", "--hold")
    try:
        head = _read_until(proc, "CONNECTED")
        time.sleep(0.2)
        assert proc.poll() is None          # still holding
        proc.send_signal(sig)
        rest, err = _finish(proc)
    finally:
        _close(proc)
    assert proc.returncode == 0, err
    rows = timeline(head + rest)
    assert rows[-2:] == [("CONNECTED", 0, 0), ("DISCONNECTED", 0, 0)]
    assert "Hung up 'Demo Instant'" in rest


# -- rasdial spellings ---------------------------------------------------------

@pytest.fixture
def dial_calls(monkeypatch):
    """Run cli.main in this process with dial() recorded instead of made."""
    calls = []

    def fake_dial(entry, **kwargs):
        calls.append((entry, kwargs))
        raise rasfast.RasError(623)

    monkeypatch.setattr(cli, "dial", fake_dial)
    return calls


def test_rasdial_spellings_reach_dial_the_same_way(dial_calls, capsys):
    ours = ["dial", "Corp VPN", "alice", "pw", "--domain", "CORP", "--phone", "vpn.example.com",
            "--callback", "5551234", "--phonebook", "C:\\my.pbk"]
    rasdials = ["Corp VPN", "alice", "pw", "/DOMAIN:CORP", "/PHONE:vpn.example.com",
                "/CALLBACK:5551234", "/PHONEBOOK:C:\\my.pbk"]
    lowercase = ["Corp VPN", "/domain:CORP", "alice", "/phone:vpn.example.com", "pw",
                 "/callback:5551234", "/Phonebook:C:\\my.pbk"]
    codes = [cli.main(argv) for argv in (ours, rasdials, lowercase)]
    assert codes == [STATUS[623]] * 3
    assert len(dial_calls) == 3
    assert dial_calls[0] == dial_calls[1] == dial_calls[2]
    entry, kwargs = dial_calls[0]
    assert entry == "Corp VPN"
    assert {k: kwargs[k] for k in ("username", "password", "domain", "phone_number",
                                   "callback_number", "phonebook")} == {
        "username": "alice", "password": "pw", "domain": "CORP",
        "phone_number": "vpn.example.com", "callback_number": "5551234",
        "phonebook": "C:\\my.pbk"}
    assert "pw" not in capsys.readouterr().out


def test_rasdial_dial_same_outcome_as_dial_subcommand(env):
    a = run(env, "Demo Bad Password", "alice", "pw", "/DOMAIN:CORP", "--json")
    b = run(env, "dial", "Demo Bad Password", "alice", "pw", "--domain", "CORP", "--json")
    assert a.returncode == b.returncode == STATUS[691]
    states = [[json.loads(line).get("state") for line in r.stdout.splitlines()] for r in (a, b)]
    assert states[0] == states[1]


def test_bare_invocation_lists_connections(env):
    a, b = run(env), run(env, "list")
    assert a.returncode == b.returncode == 0
    assert a.stdout == b.stdout == "No connections.\n"
    assert "inside each process" in a.stderr


def test_rasdial_disconnect_is_hangup(env):
    a = run(env, "Demo VPN", "/DISCONNECT")
    b = run(env, "hangup", "Demo VPN")
    assert a.returncode == b.returncode == STATUS[668]
    assert a.stderr == b.stderr
    assert "Not connected to 'Demo VPN'" in a.stderr
    assert "inside each process" in a.stderr   # the simulator's limit, said plainly


def test_unsupported_rasdial_option_is_a_usage_error(env):
    r = run(env, "Demo VPN", "/PREFIXSUFFIX")
    assert r.returncode == 2 and "not supported" in r.stderr and r.stdout == ""


# -- bad arguments -------------------------------------------------------------

BAD = [
    ["dial"],
    ["dial", "Demo VPN", "--timeout", "-1"],
    ["dial", "Demo VPN", "--timeout", "soon"],
    ["dial", "Demo VPN", "--backend", "nope"],
    ["dial", "Demo VPN", "--domain", "x" * 16],
    ["dial", "Demo VPN", "alice", "pw", "extra"],
    ["dial", "Demo VPN", "--no-such-option"],
    ["dial", "Demo VPN", "alice", "pw", "--password-stdin"],
    ["Demo VPN", "/DOMAIN"],
    ["hangup", "Demo VPN", "--all"],
    ["error", "six"],
    ["sim", "add", "X", "--fail-at", "AUTHENTICATE"],       # no error code
    ["sim", "add", "X", "--fail-at", "NOT_A_STATE", "--error", "691"],
    ["sim", "add", "Demo VPN"],                               # exists
    ["frobnicate", "--now"],
]
if not WINDOWS:
    BAD.append(["dial", "Demo VPN", "--backend", "win32"])


@pytest.mark.parametrize("argv", BAD, ids=[" ".join(a) for a in BAD])
def test_bad_arguments_usage_and_exit_2(env, argv):
    r = run(env, *argv)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert r.stderr.startswith("usage: rasfast"), r.stderr
    assert "error:" in r.stderr
    assert "Traceback" not in r.stderr
    assert "Dialling" not in r.stdout and timeline(r.stdout) == []


@pytest.mark.parametrize("argv", [a for a in BAD if a and a[0] in ("dial", "Demo VPN")],
                         ids=lambda a: " ".join(a))
def test_bad_arguments_dial_nothing(argv, monkeypatch, capsys):
    from rasfast import connection

    native_dials = []
    real = connection.lib

    class Spy:     # the native module, with rf_dial (RasDial's caller) recorded
        def __getattr__(self, name):
            return getattr(real, name)

        def rf_dial(self, *args):
            native_dials.append(args)
            return real.rf_dial(*args)

    monkeypatch.setattr(connection, "lib", Spy())
    assert cli.main(["dial", "Demo Instant"]) == 0 and len(native_dials) == 1   # the spy sees dials
    native_dials.clear()
    capsys.readouterr()
    assert cli.main(argv) == 2
    assert native_dials == []                 # RasDial was never called
    assert rasfast.sim.active_connections() == 0
    assert "usage:" in capsys.readouterr().err


# -- hangup, list, entries, error ----------------------------------------------

def test_hangup_and_list_act_on_this_process_connections(capsys, fast_sim):
    conn = rasfast.dial("Demo VPN")
    assert conn.wait(10) is ConnState.CONNECTED
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["ENTRY", "DEVICE", "TYPE", "DEVICE", "NAME", "HANDLE"]
    assert "Demo VPN" in out and f"{conn.handle:#x}" in out
    assert cli.main(["list", "--json"]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["entry"] == "Demo VPN" and rec["handle"] == conn.handle
    assert cli.main(["hangup", "demo vpn"]) == 0      # entry names ignore case, as on Windows
    assert capsys.readouterr().out == "Hung up 'Demo VPN'.\n"
    assert rasfast.connections() == []
    assert rasfast.sim.active_connections() == 0     # the port was released too


def test_hangup_all(capsys, fast_sim):
    conns = [rasfast.dial(name) for name in ("Demo VPN", "Demo Instant")]
    for c in conns:
        c.wait(10)
    assert cli.main(["hangup", "--all"]) == 0
    assert sorted(capsys.readouterr().out.splitlines()) == ["Hung up 'Demo Instant'.",
                                                            "Hung up 'Demo VPN'."]
    assert rasfast.connections() == []
    assert cli.main(["/DISCONNECT"]) == 0
    assert capsys.readouterr().out == "No connections.\n"


def test_disconnect_without_entry_needs_a_choice_among_several(capsys, fast_sim):
    conns = [rasfast.dial(name) for name in ("Demo VPN", "Demo Instant")]
    for c in conns:
        c.wait(10)
    assert cli.main(["/DISCONNECT"]) == 2
    assert "several connections" in capsys.readouterr().err
    assert len(rasfast.connections()) == 2


def test_entries(env):
    r = run(env, "entries")
    assert r.returncode == 0
    listed = [line.split("  ")[0] for line in r.stdout.splitlines()[1:]]
    assert listed == [e.name for e in rasfast.entries()]
    assert "fails at AUTHENTICATE with 691" in r.stdout
    r = run(env, "entries", "--json")
    assert [json.loads(line)["name"] for line in r.stdout.splitlines()] == listed


def test_error(env):
    r = run(env, "error", "691", "0x273")
    assert r.returncode == 0
    assert r.stdout.splitlines() == [f"691: {rasfast.error_text(691)}",
                                     f"627: {rasfast.error_text(627)}"]
    r = run(env, "error", "678", "--json")
    assert json.loads(r.stdout) == {"error": 678, "error_text": rasfast.error_text(678),
                                    "exit_status": STATUS[678]}


# -- sim -----------------------------------------------------------------------

def test_sim_lists_entries_and_profiles(env):
    r = run(env, "sim")
    assert r.returncode == 0
    for e in rasfast.sim.entries():
        assert e.name in r.stdout
    assert "pauses at PASSWORD_EXPIRED" in r.stdout
    for profile in rasfast.sim.PROFILES:
        assert re.search(rf"^{profile}\s+\d", r.stdout, re.M)
    assert "Time scale: 0.02" in r.stdout
    assert run(env, "sim", "list").stdout == r.stdout
    r = run(env, "sim", "states", "Demo Bad Password")
    assert r.stdout.split() == names(rasfast.sim.entry_states("Demo Bad Password"))


def test_sim_add_lasts_for_the_session(env, tmp_path):
    r = run(env, "sim", "add", "Flaky VPN", "--fail-at", "auth-notify", "--error", "691")
    assert r.returncode == 0, r.stderr
    assert "Flaky VPN" in r.stdout and str(tmp_path) in r.stderr
    # later processes see it: dial, entries, sim list
    r = run(env, "dial", "Flaky VPN")
    assert r.returncode == STATUS[691]
    assert timeline(r.stdout)[-1] == ("AUTH_NOTIFY", 691, 0)
    assert "Flaky VPN" in run(env, "entries").stdout
    assert re.search(r"^Flaky VPN\s+vpn\s+fails at AUTH_NOTIFY with 691\s+1\s+session$",
                     run(env, "sim").stdout, re.M)
    r = run(env, "sim", "add", "Expiring", "--pause-at", "PASSWORD_EXPIRED", "--profile", "instant")
    assert r.returncode == 0
    assert ("PASSWORD_EXPIRED", 648, 0) in timeline(run(env, "dial", "Expiring").stdout)
    # a second add of the same name is refused, the first one stays
    assert run(env, "sim", "add", "Flaky VPN").returncode == 2
    assert run(env, "dial", "Flaky VPN").returncode == STATUS[691]
    assert run(env, "sim", "remove", "Flaky VPN").returncode == 0
    assert run(env, "dial", "Flaky VPN").returncode == STATUS[623]
    assert run(env, "sim", "remove", "Demo VPN").returncode == 1   # built in
    r = run(env, "sim", "clear")
    assert r.returncode == 0 and "Removed 1 session entry" in r.stdout
    assert run(env, "dial", "Expiring").returncode == STATUS[623]


def test_sim_session_file_can_be_disabled(env):
    env["RASFAST_SIM_SESSION_FILE"] = ""
    r = run(env, "sim", "add", "X")
    assert r.returncode == 2 and "disabled" in r.stderr


def test_corrupt_session_file_is_reported_not_fatal(env, tmp_path):
    (tmp_path / "sim-session.json").write_text("{not json")
    r = run(env, "dial", "Demo Instant")
    assert r.returncode == 0
    assert "ignoring the simulator session file" in r.stderr


def test_bad_time_scale_env_is_a_usage_error(env):
    env["RASFAST_SIM_TIME_SCALE"] = "-3"
    r = run(env, "dial", "Demo VPN")
    assert r.returncode == 2 and "RASFAST_SIM_TIME_SCALE" in r.stderr


# -- bench ---------------------------------------------------------------------

def test_bench_forwards_its_arguments(monkeypatch):
    import importlib.machinery
    import types

    seen = []
    fake = types.ModuleType("rasfast.bench")
    fake.__spec__ = importlib.machinery.ModuleSpec("rasfast.bench", None)
    fake.main = lambda argv: seen.append(argv) or 3
    monkeypatch.setitem(sys.modules, "rasfast.bench", fake)
    monkeypatch.setattr(rasfast, "bench", fake, raising=False)
    assert cli.main(["bench", "--quick", "-k", "drain"]) == 3
    assert seen == [["--quick", "-k", "drain"]]


def test_bench_missing_is_a_clear_error(monkeypatch, capsys):
    monkeypatch.setattr(cli.importlib.util, "find_spec", lambda name: None)
    assert cli.main(["bench"]) == 1
    assert "no rasfast.bench module" in capsys.readouterr().err


# -- the password prompt, through a pseudo-terminal -----------------------------

#: Runs the CLI with rasfast's native rf_dial wrapped: each call records the
#: password found in the native request RAS receives, and whether rf_dial
#: wiped it afterwards.  (The simulator does not check passwords.)
PROBE = r"""
import json, os, sys
import rasfast.connection as d
real, ffi, calls = d.lib, d.ffi, []

class Probe:
    def __getattr__(self, name):
        return getattr(real, name)

    def rf_dial(self, backend, req, callback_id, hconn):
        units = req.password_len
        pw = None
        if req.password != ffi.NULL:
            pw = ffi.buffer(req.password, 2 * units)[:].decode("utf-16-le").rstrip("\0")
        user = None
        if req.username != ffi.NULL:
            n = 0
            while req.username[n]:
                n += 1
            user = ffi.buffer(req.username, 2 * n)[:].decode("utf-16-le")
        resume = hconn[0] != 0
        rc = real.rf_dial(backend, req, callback_id, hconn)
        wiped = req.password == ffi.NULL or not any(ffi.unpack(req.password, units))
        record = {"password": pw, "resume": resume, "wiped": wiped}
        if os.environ.get("RASFAST_TEST_PROBE_USER"):
            record["username"] = user
        calls.append(record)
        with open(os.environ["RASFAST_TEST_PROBE"], "w") as f:
            json.dump(calls, f)
        return rc

d.lib = Probe()
from rasfast.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _pty_run(env, argv, answers, timeout=60.0):
    """Run the probe in a pseudo-terminal; type each answer after its prompt.
    Returns (exit status, everything the terminal showed)."""
    import pty
    import select

    pid, fd = pty.fork()
    if pid == 0:   # child: the pty is its controlling terminal
        try:
            os.execve(sys.executable, [sys.executable, "-c", PROBE, *argv], env)
        finally:
            os._exit(127)
    shown = b""
    pending = list(answers)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if pending and pending[0][0].encode() in shown:
                prompt, answer = pending.pop(0)
                shown = shown.replace(prompt.encode(), b"<prompted>", 1)
                os.write(fd, answer.encode() + b"\r")
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:   # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                shown += chunk
        else:
            os.kill(pid, signal.SIGKILL)
            raise AssertionError(f"timed out; terminal showed {shown!r}")
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert not pending, f"never prompted for {pending[0][0]!r}; terminal showed {shown!r}"
    return os.waitstatus_to_exitcode(status), shown.decode("utf-8", "replace")


pty_only = pytest.mark.skipif(WINDOWS or not hasattr(os, "fork"), reason="needs a POSIX pty")


@pty_only
def test_star_prompts_on_the_terminal_and_the_password_reaches_the_dial(env, tmp_path):
    probe = tmp_path / "probe.json"
    env["RASFAST_TEST_PROBE"] = str(probe)
    env["TERM"] = "xterm"
    secret = "pty-Secret-7"
    code, shown = _pty_run(env, ["dial", "Demo VPN", "alice", "*"],
                           [("Password for alice@Demo VPN: ", secret)])
    assert code == 0, shown
    assert secret not in shown          # not echoed, not printed
    assert "<prompted>" in shown and "CONNECTED" in shown
    assert "\x1b[32;1mCONNECTED\x1b[0m" in shown   # a terminal gets colour
    assert json.loads(probe.read_text()) == [{"password": secret, "resume": False,
                                              "wiped": True}]


@pty_only
def test_no_color_on_a_terminal(env, tmp_path):
    env["RASFAST_TEST_PROBE"] = str(tmp_path / "probe.json")
    env["NO_COLOR"] = "1"
    code, shown = _pty_run(env, ["dial", "Demo Bad Password"], [])
    assert code == STATUS[691]
    assert "\x1b[" not in shown and "AUTHENTICATE" in shown


@pty_only
def test_paused_state_asks_for_a_new_password_and_resumes(env, tmp_path):
    probe = tmp_path / "probe.json"
    env["RASFAST_TEST_PROBE"] = str(probe)
    new = "brand-New-pw-9"
    code, shown = _pty_run(env, ["dial", "Demo Password Expired", "alice", "old-pw-1",
                                 "--paused-states"],
                           [("New password: ", new), ("Repeat the new password: ", new)])
    assert code == 0, shown
    assert new not in shown and "old-pw-1" not in shown
    plain = re.sub(r"\x1b\[[0-9;]*m", "", shown.replace("\r", ""))
    states = [m.group(3) for m in map(LINE.match, plain.splitlines()) if m]
    assert states.index("PASSWORD_EXPIRED") < states.index("CONNECTED")
    assert json.loads(probe.read_text()) == [
        {"password": "old-pw-1", "resume": False, "wiped": True},
        {"password": new, "resume": True, "wiped": True},   # RasDial again, with the handle
    ]


@pty_only
def test_paused_state_mismatched_passwords_hang_up(env, tmp_path):
    env["RASFAST_TEST_PROBE"] = str(tmp_path / "probe.json")
    code, shown = _pty_run(env, ["dial", "Demo Password Expired", "alice", "pw",
                                 "--paused-states"],
                           [("New password: ", "one"), ("Repeat the new password: ", "two")])
    assert code == STATUS[703]
    assert "do not match" in shown and "Failed: error 703" in shown


@pty_only
def test_retry_authentication_asks_for_user_and_password(env, tmp_path):
    probe = tmp_path / "probe.json"
    env["RASFAST_TEST_PROBE"] = str(probe)
    env["RASFAST_TEST_PROBE_USER"] = "1"
    assert run(env, "sim", "add", "Retry VPN", "--pause-at", "RETRY_AUTHENTICATION",
               "--profile", "instant").returncode == 0
    code, shown = _pty_run(env, ["dial", "Retry VPN", "alice", "first-pw", "--paused-states"],
                           [("User name [alice]: ", "bob"), ("Password: ", "second-pw")])
    assert code == 0, shown
    assert "first-pw" not in shown and "second-pw" not in shown
    assert json.loads(probe.read_text()) == [
        {"password": "first-pw", "resume": False, "wiped": True, "username": "alice"},
        {"password": "second-pw", "resume": True, "wiped": True, "username": "bob"},
    ]


def test_callback_pause_uses_the_callback_option(env):
    assert run(env, "sim", "add", "Callback VPN", "--pause-at", "CALLBACK_SET_BY_CALLER",
               "--profile", "instant").returncode == 0
    r = run(env, "dial", "Callback VPN", "--paused-states", "--callback", "5551234", input="")
    assert r.returncode == 0, r.stdout + r.stderr
    states = [n for n, _, _ in timeline(r.stdout)]
    assert states.index("CALLBACK_SET_BY_CALLER") < states.index("CONNECTED")
    r = run(env, "dial", "Callback VPN", "--paused-states", input="")   # nobody to ask
    assert r.returncode == STATUS[703] and "not a terminal" in r.stderr
