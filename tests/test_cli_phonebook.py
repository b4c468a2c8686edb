"""`rasfast entry add|show|set|rename|rm` and `rasfast credentials set|show|clear`, run as
users run them (``python -m rasfast ...`` in a subprocess, on the simulator): exit codes,
--json, secrets only from a prompt or stdin and never echoed, and `rasfast dial NAME` of a
created entry connecting without asking."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from rasfast import cli

WINDOWS = os.name == "nt"
SECRET = "Pb-Secret-91x"
PSK = "Pb-Psk-77y"


def status(code: int) -> int:
    return cli.exit_status(code)


@pytest.fixture
def env(tmp_path):
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e["RASFAST_SIM_TIME_SCALE"] = "0.02"
    e["RASFAST_SIM_SESSION_FILE"] = str(tmp_path / "sim-session.json")
    e["PYTHONIOENCODING"] = "utf-8"
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    e["XDG_RUNTIME_DIR"] = str(runtime)      # the CLI's own phonebook lives under it
    e["LOCALAPPDATA"] = str(runtime)
    return e


@pytest.fixture
def pbk(tmp_path):
    return str(tmp_path / "books" / "rasphone.pbk")


def run(env, *args, input=None, timeout=60):
    argv = [sys.executable, "-m", "rasfast", *args]
    for attempt in range(3):
        try:
            return subprocess.run(argv, env=env, input=input, capture_output=True, text=True,
                                  timeout=timeout)
        except OSError as e:    # Wine's CreateProcess flake (see test_cli.py)
            if getattr(e, "winerror", None) != 1359 or attempt == 2:
                raise


def _read(path) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def show(env, name, *extra):
    r = run(env, "entry", "show", name, "--json", *extra)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.fixture(autouse=True)
def books_dir(tmp_path):
    (tmp_path / "books").mkdir(mode=0o700)


def test_entry_add_show_set_rename_rm_with_a_phonebook_file(env, pbk):
    r = run(env, "entry", "add", "Office VPN", "--server", "vpn.example.com",
            "--tunnel-type", "ikev2", "--encryption", "maximum", "--auth", "mschapv2",
            "--auth", "eap", "--split-tunneling", "--dns-suffix", "corp.example.com",
            "--idle-disconnect", "900", "--redial-count", "5", "--redial-pause", "30",
            "--phonebook", pbk, "--json")
    assert r.returncode == 0, r.stderr
    added = json.loads(r.stdout)
    want = {"name": "Office VPN", "server": "vpn.example.com", "tunnel_type": "ikev2",
            "encryption": "maximum", "authentication": ["mschapv2", "eap"],
            "split_tunneling": True, "dns_suffix": "corp.example.com", "idle_disconnect": 900,
            "redial_count": 5, "redial_pause": 30, "phonebook": pbk, "use_psk": False}
    assert {k: added[k] for k in want} == want
    assert show(env, "Office VPN", "--phonebook", pbk) == added     # a later process
    assert "[Office VPN]" in _read(pbk).decode()

    r = run(env, "entry", "set", "Office VPN", "--server", "vpn2.example.net",
            "--no-split-tunneling", "--redial-count", "0", "--phonebook", pbk, "--json")
    assert r.returncode == 0, r.stderr
    after = show(env, "Office VPN", "--phonebook", pbk)
    assert after == json.loads(r.stdout)
    assert after == {**added, "server": "vpn2.example.net", "split_tunneling": False,
                     "redial_count": 0}

    # plain text: one "field value" line per property
    r = run(env, "entry", "show", "Office VPN", "--phonebook", pbk)
    assert r.returncode == 0
    assert any(line.split() == ["server", "vpn2.example.net"] for line in r.stdout.splitlines())

    assert run(env, "entry", "rename", "Office VPN", "Home VPN", "--phonebook", pbk).returncode == 0
    assert run(env, "entry", "show", "Office VPN", "--phonebook", pbk).returncode == status(623)
    assert show(env, "Home VPN", "--phonebook", pbk)["server"] == "vpn2.example.net"
    assert run(env, "entry", "rm", "Home VPN", "--phonebook", pbk).returncode == 0
    r = run(env, "entry", "rm", "Home VPN", "--phonebook", pbk)
    assert r.returncode == status(623) and "623" in r.stderr
    assert "Traceback" not in r.stderr


def test_ras_errors_exit_as_dial_does_and_say_the_code(env, pbk):
    assert run(env, "entry", "add", "A", "--server", "a.example.com", "--phonebook",
               pbk).returncode == 0
    before = _read(pbk)
    cases = [(("entry", "add", "a", "--server", "b.example.com"), 183),   # any case
             (("entry", "add", ".hidden", "--server", "b.example.com"), 123),
             (("entry", "show", "Nope"), 623),
             (("entry", "set", "Nope", "--server", "x.example.com"), 623),
             (("entry", "rename", "A", "bad|name"), 123),
             (("entry", "rm", "Nope"), 623),
             (("credentials", "show", "Nope"), 623),
             (("credentials", "clear", "Nope"), 623)]
    for argv, code in cases:
        r = run(env, *argv, "--phonebook", pbk)
        assert r.returncode == status(code), (argv, r.returncode, r.stderr)
        assert f"RAS error {code}" in r.stderr, (argv, r.stderr)
        assert "Traceback" not in r.stderr
    assert _read(pbk) == before        # nothing written by a refused command


@pytest.mark.parametrize("argv, field", [
    (("entry", "add", "X", "--server", "x.example.com", "--redial-count", "500"), "redial_count"),
    (("entry", "add", "X", "--server", "x.example.com", "--redial-pause", "-1"), "redial_pause"),
    (("entry", "add", "X", "--server", "x.example.com", "--tunnel-type", "sstp",
      "--encryption", "none"), "encryption"),
    (("entry", "add", "X", "--server", ""), "server"),
    (("entry", "set", "A", "--dns-suffix", "x" * 300), "dns_suffix"),
    (("entry", "set", "A", "--tunnel-type", "ikev2", "--auth", "pap"), "authentication"),
])
def test_a_value_ras_would_refuse_is_a_usage_error_naming_the_field(env, pbk, argv, field):
    assert run(env, "entry", "add", "A", "--server", "a.example.com", "--phonebook",
               pbk).returncode == 0
    before = _read(pbk)
    r = run(env, *argv, "--phonebook", pbk)
    assert r.returncode == 2, r.stderr
    assert field in r.stderr and "Traceback" not in r.stderr
    assert _read(pbk) == before


def test_without_phonebook_the_entry_is_in_the_cli_phonebook_and_dial_finds_it(env):
    r = run(env, "entry", "add", "Made Here", "--server", "made.example.com",
            "--tunnel-type", "ikev2")
    assert r.returncode == 0, r.stderr
    book = os.path.join(env["XDG_RUNTIME_DIR"], "rasfast", "phonebook.pbk")
    assert os.path.isfile(book) and "[Made Here]" in _read(book).decode()
    if not WINDOWS:
        assert os.stat(book).st_mode & 0o077 == 0
    assert "Made Here" in run(env, "entries").stdout
    r = run(env, "dial", "Made Here", input="")    # no password, no terminal: no question
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Connected to 'Made Here'" in r.stdout
    assert "assword" not in r.stdout + r.stderr
    # a created IKEv2 entry walks IKEv2's states, like sim.add_entry's
    r = run(env, "dial", "Made Here", "--json", input="")
    assert r.returncode == 0
    states = [json.loads(line).get("state") for line in r.stdout.splitlines() if line.strip()]
    assert "CONNECTED" in states
    # removed: dial says 623
    assert run(env, "entry", "rm", "Made Here").returncode == 0
    assert run(env, "dial", "Made Here", input="").returncode == status(623)


def test_a_created_entry_on_an_invalid_server_fails_868(env, pbk):
    assert run(env, "entry", "add", "Nowhere", "--server", "vpn.example.invalid",
               "--phonebook", pbk).returncode == 0
    r = run(env, "dial", "Nowhere", "--phonebook", pbk, input="")
    assert r.returncode == status(868), r.stdout + r.stderr
    assert "868" in r.stdout


def _files_text(*roots) -> bytes:
    out = b""
    for root in roots:
        for d, _, files in os.walk(root):
            for f in files:
                with open(os.path.join(d, f), "rb") as fh:
                    out += fh.read()
    return out


def _leaks(blob: bytes, secret: str) -> bool:
    return secret.encode() in blob or secret.encode("utf-16-le") in blob


def test_credentials_set_from_stdin_never_echoed_nor_written(env, pbk, tmp_path):
    assert run(env, "entry", "add", "L2", "--server", "l2.example.com", "--tunnel-type", "l2tp",
               "--phonebook", pbk).returncode == 0
    r = run(env, "credentials", "set", "L2", "alice", "--password-stdin", "--domain", "CORP",
            "--phonebook", pbk, input=SECRET + "\n")
    assert r.returncode == 0, r.stderr
    assert SECRET not in r.stdout + r.stderr
    # the PSK of an entry: from stdin too, never shown
    r = run(env, "entry", "set", "L2", "--psk-stdin", "--phonebook", pbk, "--json",
            input=PSK + "\n")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["use_psk"] is True
    assert PSK not in r.stdout + r.stderr
    for extra in ([], ["--json"]):
        r = run(env, "credentials", "show", "L2", "--phonebook", pbk, *extra)
        assert r.returncode == 0, r.stderr
        assert SECRET not in r.stdout and PSK not in r.stdout
    shown = json.loads(run(env, "credentials", "show", "L2", "--phonebook", pbk,
                           "--json").stdout)
    assert set(shown) == {"entry", "username", "domain", "has_password", "has_psk"}
    assert shown["entry"] == "L2"
    # no file rasfast writes holds a secret (positive control: the entry is there)
    blob = _files_text(tmp_path)
    assert b"[L2]" in blob
    assert not _leaks(blob, SECRET) and not _leaks(blob, PSK)
    assert run(env, "credentials", "clear", "L2", "--phonebook", pbk).returncode == 0
    assert json.loads(run(env, "credentials", "show", "L2", "--phonebook", pbk,
                          "--json").stdout)["has_password"] is False


def test_a_secret_on_the_command_line_is_refused_and_not_repeated(env, pbk):
    assert run(env, "entry", "add", "A", "--server", "a.example.com", "--tunnel-type", "l2tp",
               "--phonebook", pbk).returncode == 0
    for argv in (("credentials", "set", "A", "alice", SECRET),
                 ("credentials", "set", "A", "alice", "--psk", SECRET),
                 ("entry", "set", "A", "--psk", SECRET),
                 ("entry", "add", "B", "--server", "b.example.com", "--tunnel-type", "l2tp",
                  "--psk", SECRET)):
        r = run(env, *argv, "--phonebook", pbk, input="")
        assert r.returncode == 2, (argv, r.stderr)
        assert SECRET not in r.stdout + r.stderr
        assert "stdin" in r.stderr or "'*'" in r.stderr
    r = run(env, "credentials", "set", "A", "alice", "*", "--phonebook", pbk, input="")
    assert r.returncode == 2 and "terminal" in r.stderr


def test_actions_are_required_and_unknown_options_are_usage_errors(env):
    for argv in (("entry",), ("credentials",), ("entry", "add", "X"),
                 ("entry", "frob", "X"), ("credentials", "set", "X")):
        r = run(env, *argv)
        assert r.returncode == 2, (argv, r.stdout, r.stderr)
        assert "Traceback" not in r.stderr


def test_a_phonebook_that_cannot_be_used_is_621_not_a_traceback(env, tmp_path):
    d = tmp_path / "adir.pbk"
    d.mkdir()
    r = run(env, "entry", "add", "X", "--server", "x.example.com", "--phonebook", str(d))
    assert r.returncode == status(621), r.stderr
    assert "621" in r.stderr and "Traceback" not in r.stderr
    bad = tmp_path / "books" / "corrupt.pbk"
    bad.write_bytes(b"\xff\xfe\x00garbage[[[\n")
    os.chmod(bad, 0o600)
    r = run(env, "entry", "show", "X", "--phonebook", str(bad))
    assert r.returncode == status(621) and "Traceback" not in r.stderr
    assert bad.read_bytes() == b"\xff\xfe\x00garbage[[[\n"


pty_only = pytest.mark.skipif(WINDOWS or not hasattr(os, "fork"), reason="needs a POSIX pty")


def _pty(env, argv, answers, timeout=60.0):
    """Run `python -m rasfast ARGV` in a pseudo-terminal, typing each answer after its
    prompt; (exit status, what the terminal showed)."""
    import pty
    import select
    import signal
    import time

    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execve(sys.executable, [sys.executable, "-m", "rasfast", *argv], env)
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
                except OSError:
                    break
                if not chunk:
                    break
                shown += chunk
        else:
            os.kill(pid, signal.SIGKILL)
            raise AssertionError(f"timed out; terminal showed {shown!r}")
    finally:
        _, st = os.waitpid(pid, 0)
        os.close(fd)
    assert not pending, f"never prompted for {pending[0][0]!r}; terminal showed {shown!r}"
    return os.waitstatus_to_exitcode(st), shown.decode("utf-8", "replace")


@pty_only
def test_star_asks_on_the_terminal_without_echo(env, pbk):
    env["TERM"] = "xterm"
    assert run(env, "entry", "add", "T", "--server", "t.example.com", "--tunnel-type", "l2tp",
               "--phonebook", pbk).returncode == 0
    code, shown = _pty(env, ["credentials", "set", "T", "alice", "*", "--psk", "*",
                             "--phonebook", pbk],
                       [("Password: ", SECRET), ("Psk: ", PSK)])
    assert code == 0, shown
    assert shown.count("<prompted>") == 2
    assert SECRET not in shown and PSK not in shown


@pty_only
def test_dial_of_a_created_entry_does_not_ask_even_on_a_terminal(env, pbk):
    env["TERM"] = "xterm"
    assert run(env, "entry", "add", "Quiet", "--server", "q.example.com",
               "--phonebook", pbk).returncode == 0
    code, shown = _pty(env, ["dial", "Quiet", "--phonebook", pbk], [])
    assert code == 0, shown
    assert "CONNECTED" in shown and "assword" not in shown
