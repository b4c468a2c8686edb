"""rasfast status, rasfast watch and rasfast dial --hold --redial: terminal and pipe
output, --json, exit statuses, and rates across the 4 GiB wrap."""
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
from rasfast import cli
from rasfast.cli.monitor import human_bytes, human_rate

WINDOWS = os.name == "nt"


@pytest.fixture
def env(tmp_path):
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e["RASFAST_SIM_TIME_SCALE"] = "0.02"
    e["RASFAST_SIM_SESSION_FILE"] = str(tmp_path / "sim-session.json")
    e["PYTHONIOENCODING"] = "utf-8"
    e["RASFAST_BACKEND"] = "sim"
    return e


def run(env, *args, timeout=60):
    return subprocess.run([sys.executable, "-m", "rasfast", *args], env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_status_text_shows_state_traffic_rates_and_addresses(env):
    r = run(env, "status", "--dial", "Demo VPN", "--dial", "Demo IKEv2")
    assert r.returncode == 0, r.stderr
    blocks = r.stdout.split("\n\n")
    assert len(blocks) == 2
    vpn, ike = blocks
    assert vpn.startswith("Demo VPN  (handle 0x")
    assert re.search(r"^  state +CONNECTED$", vpn, re.M)
    assert re.search(r"^  device +vpn / WAN Miniport", vpn, re.M)
    assert re.search(r"^  sent +[\d.]+ [KM]?B  \([\d.]+ [KM]?B/s\)$", vpn, re.M)
    assert re.search(r"^  received +[\d.]+ [KM]?B  \([\d.]+ [KM]?B/s\)$", vpn, re.M)
    assert re.search(r"^  ipv4 +10\.6[45]\.\d+\.\d+  server 10\.64\.0\.1$", vpn, re.M)
    assert re.search(r"^  ipv6 +fe80::\S+  server fe80::1$", vpn, re.M)
    assert "protocol  ppp, mschapv2, mppe-128" in vpn
    assert re.search(r"^  ipv6 +fd00:5241:5300::\S+  server fd00:5241:5300::1$", ike, re.M)
    assert "protocol  ikev2, eap, aes-256" in ike


def test_status_json_and_not_connected(env):
    r = run(env, "status", "--json", "--dial", "Demo Modem", "--interval", "0.2")
    assert r.returncode == 0, r.stderr
    (rec,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert rec["entry"] == "Demo Modem" and rec["state"] == "CONNECTED"
    assert rec["bps"] == 56000 and rec["ipv6"] is None and rec["ipv4"].startswith("10.64.")
    tx, rx, _ = rasfast.sim.profile_traffic()["modem"]
    assert 0.5 * tx * 50 < rec["sent_per_s"] < 2 * tx * 50        # time scale 0.02: 50x
    assert 0.5 * rx * 50 < rec["received_per_s"] < 2 * rx * 50
    r = run(env, "status", "Nobody")
    assert r.returncode == cli.exit_status(668)
    assert "Not connected to 'Nobody': error 668" in r.stderr
    r = run(env, "status")
    assert r.returncode == 0 and r.stdout == "No connections.\n"
    r = run(env, "status", "--dial", "Demo VPN", "--backend", "win32")
    assert r.returncode == 2 or r.returncode == cli.USAGE


def test_watch_through_a_pipe_is_one_line_per_change(env):
    r = run(env, "watch", "--dial", "Demo Flaky VPN", "--dial", "Demo Multilink",
            "--duration", "1.5")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "\x1b[" not in r.stdout                     # no cursor movement in a pipe
    assert any(re.search(r"CONNECTED +'Demo Flaky VPN'  handle 0x", ln) for ln in lines)
    (drop,) = [ln for ln in lines if "DISCONNECTED" in ln and "Flaky" in ln]
    assert "error 629: The connection was closed by the remote computer." in drop
    assert drop.endswith("[dropped]")
    subs = [ln for ln in lines if "SUBENTRY_" in ln]
    assert subs and all(re.search(r"\[sub 2\] +'Demo Multilink'", ln) for ln in subs)


def test_watch_json_records(env):
    r = run(env, "watch", "--json", "--dial", "Demo Flaky VPN", "--count", "2", "--duration", "10")
    assert r.returncode == 0, r.stderr
    recs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [(x["state"], x["entry"], x["error"], x["remote"]) for x in recs] == [
        ("CONNECTED", "Demo Flaky VPN", 0, False), ("DISCONNECTED", "Demo Flaky VPN", 629, True)]
    assert recs[0]["handle"] == recs[1]["handle"] and recs[1]["time"] > recs[0]["time"]


def test_watch_terminal_table_updates_in_place(env):
    r = run(env, "watch", "--table", "always", "--color", "never", "--dial", "Demo VPN",
            "--interval", "0.2", "--duration", "1.0")
    assert r.returncode == 0, r.stderr
    frames = r.stdout.split("\x1b[")
    assert len(frames) >= 3                              # redrawn, not appended
    assert all(re.match(r"\d+F|J", f) for f in frames[1:])   # up to the table's top, clear
    assert sum(1 for f in frames[1:] if re.match(r"\d+F", f)) >= 2
    last = frames[-1][1:]                                 # after the J of the last clear
    assert re.search(r"^ENTRY +STATE +TIME +SENT/S +RECEIVED/S +IPV4$", last, re.M)
    assert re.search(r"^Demo VPN +CONNECTED +0:00:0\d +[\d.]+ [KM]?B/s +[\d.]+ [KM]?B/s +10\.64\.", last, re.M)
    assert "CONNECTED" in last and "'Demo VPN'" in last  # the change lines below it
    r = run(env, "watch", "--table", "always", "--json", "--duration", "0.1")
    assert r.returncode == cli.USAGE


def test_rates_handle_the_4gib_wrap():
    from rasfast.cli.monitor import _LiveTable  # noqa: F401 - the view uses RateMeter
    meter = rasfast.RateMeter()
    from datetime import timedelta

    from rasfast.stats import ConnectionStatistics

    def st(sent, received, ms):
        return ConnectionStatistics(sent, received, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                    timedelta(milliseconds=ms))

    assert meter.update(st(2 ** 32 - 500, 2 ** 32 - 1000, 1000), now=10.0) == (0.0, 0.0)
    assert meter.update(st(500, 1000, 2000), now=11.0) == (1000.0, 2000.0)   # both wrapped
    assert human_rate(2000.0) == "2.0 KB/s" and human_bytes(999) == "999 B"
    assert human_bytes(4_294_967_296) == "4.3 GB"


def _start(env, tmp_path, *args):
    err = open(tmp_path / "stderr.txt", "w+")
    proc = subprocess.Popen([sys.executable, "-m", "rasfast", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=err)
    err.close()                      # the child has its own descriptor
    return proc


@pytest.mark.skipif(WINDOWS, reason="SIGINT to a child process is a POSIX test "
                                      "(Wine refuses CTRL_BREAK_EVENT: WinError 12)")
def test_dial_hold_redial_redials_after_drops_and_ctrl_c_hangs_up(env, tmp_path):
    proc = _start(env, tmp_path, "dial", "Demo Flaky VPN", "--hold", "--redial",
                  "--redial-delay", "0.1", "--json")
    records = []
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            rec = json.loads(line)
            records.append(rec)
            if rec.get("type") == "redial" and rec["kind"] == "attempt" and rec["attempt"] == 3:
                break
        proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    records += [json.loads(line) for line in rest.splitlines()]
    assert proc.returncode == 0
    redials = [r for r in records if r["type"] == "redial"]
    kinds = [r["kind"] for r in redials]
    assert kinds[:8] == ["attempt", "connected", "dropped", "waiting",
                         "attempt", "connected", "dropped", "waiting"]
    drops = [r for r in redials if r["kind"] == "dropped"]
    assert all(r["error"] == 629 and "remote computer" in r["error_text"] for r in drops)
    waits = [r["delay"] for r in redials if r["kind"] == "waiting"]
    assert waits[:2] == [0.1, 0.2]                    # backoff doubles (the drops come fast)
    events = [r for r in records if r["type"] == "event"]
    assert [e["state"] for e in events].count("DISCONNECTED") >= 2
    assert records[-1]["type"] == "result" and records[-1]["connected"] is True


def test_dial_redial_gives_up_after_max_attempts(env):
    r = run(env, "dial", "Demo Bad Password", "--hold", "--redial", "--max-attempts", "3",
            "--redial-delay", "0.05")
    assert r.returncode == cli.exit_status(691), r.stderr
    assert r.stdout.count("-- attempt") == 3
    assert r.stdout.count("-- failed: error 691") == 3
    assert "-- giving up after 3 attempts" in r.stdout
    assert [ln for ln in r.stdout.splitlines() if ln.startswith("-- redialling in")] == [
        "-- redialling in 0.05 s", "-- redialling in 0.1 s"]


def test_redial_needs_hold(env):
    r = run(env, "dial", "Demo VPN", "--redial")
    assert r.returncode == cli.USAGE and "--redial needs --hold" in r.stderr


def test_keep_connected_library_form(fast_sim=None):
    rasfast.sim.set_time_scale(0.02)
    import threading
    stop = threading.Event()
    seen = []

    def on_change(ev):
        seen.append((ev.kind, ev.error))
        if [k for k, _ in seen].count("dropped") == 2:
            stop.set()

    policy = rasfast.RedialPolicy(initial=0.05, max_attempts=3)
    with pytest.raises(ValueError):
        rasfast.RedialPolicy(initial=0)
    conn = rasfast.keep_connected("Demo Flaky VPN", policy=policy, on_change=on_change, stop=stop)
    assert ("dropped", 629) in seen and seen[0] == ("attempt", 0)
    if conn is not None:
        conn.hangup()
    assert list(policy.delays().__next__() for _ in range(1)) == [0.05]
    d = rasfast.RedialPolicy().delays()
    assert [next(d) for _ in range(8)] == [1, 2, 4, 8, 16, 32, 60, 60]


def _readme_transcript(command_prefix: str) -> list[str]:
    from pathlib import Path
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```text\n(.*?)^```", text, re.S | re.M)
    (block,) = [b for b in blocks if b.startswith("$ " + command_prefix)]
    return block.splitlines()


def _shape(line: str) -> str:
    """A line with its numbers (and the units sizes and rates take) masked."""
    line = re.sub(r"[\d.]+ [KMG]?B", "#B", line)
    line = re.sub(r"0x[0-9a-f]+", "0x#", line)
    return re.sub(r"\d+", "#", line)


def test_readme_status_and_watch_transcripts_match_real_runs(env):
    shown = _readme_transcript("rasfast status")
    assert shown[0] == '$ rasfast status --dial "Demo IKEv2"'
    r = run(env, "status", "--dial", "Demo IKEv2")
    assert r.returncode == 0, r.stderr
    assert [_shape(x) for x in r.stdout.splitlines()] == [_shape(x) for x in shown[1:]]
    shown = _readme_transcript("rasfast watch")
    assert shown[0] == '$ rasfast watch --dial "Demo Flaky VPN" --count 2'
    r = run(env, "watch", "--dial", "Demo Flaky VPN", "--count", "2")
    assert r.returncode == 0, r.stderr
    assert [_shape(x) for x in r.stdout.splitlines()] == [_shape(x) for x in shown[1:]]


@pytest.mark.parametrize("args", [["status", "--interval", "-1"], ["status", "--interval", "x"],
                                  ["watch", "--count", "0"], ["watch", "--duration", "-2"],
                                  ["watch", "--table", "sometimes"],
                                  ["dial", "Demo VPN", "--hold", "--redial", "--max-attempts", "0"]])
def test_bad_monitor_arguments_are_usage_errors(env, args):
    r = run(env, *args)
    assert r.returncode == cli.USAGE, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
