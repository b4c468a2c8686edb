"""Issue #16: what rasfast writes and prints cannot be turned against its
user.  Its own files (rasfast._files, and the CLI's simulator session file
kept with it) cannot be redirected, replaced or fed by another local user,
and a crash never leaves half a file; names from outside reach the terminal
with their control characters escaped, and --json keeps them exact."""
from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import warnings

import pytest

import rasfast
from rasfast import ConnState, _files, cli
from rasfast._text import printable, quoted

WINDOWS = os.name == "nt"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
#: the other local user the attacks run as
NOBODY = 65534

posix_only = pytest.mark.skipif(WINDOWS, reason="POSIX owners and modes")
root_only = pytest.mark.skipif(
    WINDOWS or not IS_ROOT or not hasattr(os, "fork"),
    reason="needs root, to act as another user (nobody) and to own files as one")

#: terminal escapes in a name: clear the screen, then turn the text red; then
#: a right-to-left override that would reverse what follows it on screen
EVIL = "\x1b[2J\x1b[31mEvil VPN\u202e"
EVIL_SHOWN = "\\x1b[2J\\x1b[31mEvil VPN\\u202e"


def _no_terminal_controls(text: str) -> bool:
    return not any(ch in text for ch in ("\x1b", "\x9b", "\u202e"))


@pytest.fixture
def run_dir(tmp_path, monkeypatch):
    """$XDG_RUNTIME_DIR in a fresh folder, so rasfast's private folder is
    <run_dir>/rasfast; no RASFAST_SIM_SESSION_FILE."""
    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run))
    monkeypatch.delenv("RASFAST_SIM_SESSION_FILE", raising=False)
    monkeypatch.setattr(cli.session, "_said", set())     # each test hears the notes afresh
    return run


def cli_env(**changes):
    env = dict(os.environ)
    for name in ("NO_COLOR", "RASFAST_SIM_SESSION_FILE"):
        env.pop(name, None)
    env["RASFAST_SIM_TIME_SCALE"] = "0.02"
    env["PYTHONIOENCODING"] = "utf-8"
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run_cli(env, *args, timeout=60):
    return subprocess.run([sys.executable, "-m", "rasfast", *args], env=env,
                          capture_output=True, text=True, timeout=timeout)


def as_nobody(action) -> None:
    """Run ``action()`` in a forked child that has become user nobody, as
    another local user would.  (Not a subprocess: nobody may be unable to
    execute this interpreter, which can live in root's home.)"""
    with warnings.catch_warnings():
        # Python 3.12+ warns that fork() in a threaded process may deadlock
        # the child; this child makes only system calls, then _exit()s.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            action()
            code = 0
        except PermissionError:
            code = 3
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == 3:
        pytest.skip("nobody cannot reach the shared temporary folder here")
    assert code == 0, f"the hostile child failed (exit {code})"


@pytest.fixture
def shared_tmp():
    """A folder like /tmp: anyone may create in it (mode 1777)."""
    path = tempfile.mkdtemp(prefix="rasfast-shared-")
    os.chmod(path, 0o1777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _next_pids(count: int):
    """The pids the next processes will most likely get."""
    try:
        with open("/proc/sys/kernel/ns_last_pid") as f:
            last = int(f.read())
        with open("/proc/sys/kernel/pid_max") as f:
            pid_max = int(f.read())
    except OSError:
        last, pid_max = os.getpid(), 1 << 22
    pids = []
    for i in range(1, count + 1):
        pid = last + i
        if pid >= pid_max:          # the kernel wraps around past its reserved pids
            pid = 300 + pid - pid_max
        pids.append(pid)
    return pids


# -- the reproduction: a planted folder in the shared temporary folder ------------

@root_only
def test_planted_temp_folder_cannot_overwrite_the_victims_file(tmp_path, shared_tmp):
    """The issue's attack, as it was reproduced: nobody makes rasfast-0 in
    the temporary folder, mode 0777, with one symlink per likely pid (and
    one at the final name) to a file of root's; root runs `rasfast sim add`.
    The temporary folder is the fallback here: no XDG_RUNTIME_DIR and no
    home folder."""
    victim = tmp_path / "victim.conf"
    original = b"root's own file, which nobody may change\n"
    victim.write_bytes(original)
    folder = os.path.join(shared_tmp, f"rasfast-{os.geteuid()}")
    pids = _next_pids(3000)

    def plant():
        os.mkdir(folder)
        os.chmod(folder, 0o777)
        for pid in pids:
            os.symlink(victim, os.path.join(folder, f"sim-session.json.{pid}.tmp"))
        os.symlink(victim, os.path.join(folder, "sim-session.json"))

    as_nobody(plant)
    planted = sorted(os.listdir(folder))
    env = cli_env(TMPDIR=shared_tmp, HOME=str(tmp_path / "no-home"),
                  XDG_RUNTIME_DIR=None, XDG_CACHE_HOME=None)
    proc = subprocess.Popen([sys.executable, "-m", "rasfast", "sim", "add", "x"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.pid in pids, "a link was planted for every likely pid but not for this one"

    assert victim.read_bytes() == original
    assert f"not using {folder} for the simulator session" in stderr, stderr
    assert f"uid {NOBODY}" in stderr and "mode 0777" in stderr
    assert proc.returncode == 1, (stdout, stderr)
    assert "Added" not in stdout
    # the folder is left exactly as its owner made it
    st = os.lstat(folder)
    assert (st.st_uid, stat.S_IMODE(st.st_mode)) == (NOBODY, 0o777)
    assert sorted(os.listdir(folder)) == planted

    # a command that only reads the session says the same, and reads nothing
    r = run_cli(env, "dial", "Demo Instant")
    assert r.returncode == 0, r.stderr
    assert f"not using {folder}" in r.stderr
    assert victim.read_bytes() == original


# -- the private folder ------------------------------------------------------

@posix_only
@pytest.mark.parametrize("mode, says", [(0o750, "lets other users see"),
                                        (0o705, "lets other users see"),
                                        (0o770, "lets other users change"),
                                        (0o777, "lets other users change")])
def test_a_folder_open_to_group_or_others_is_refused_and_left_alone(run_dir, mode, says):
    folder = run_dir / "rasfast"
    folder.mkdir()
    os.chmod(folder, mode)
    for create in (False, True):
        with pytest.raises(_files.RefusedFile) as refused:
            _files.private_dir(create=create)
        assert refused.value.path == str(folder)
        assert f"mode {mode:04o} {says}" in refused.value.reason
    assert stat.S_IMODE(os.lstat(folder).st_mode) == mode     # never chmod-ed
    assert cli.session_file() is None


@posix_only
def test_a_folder_that_is_a_symlink_is_refused(run_dir, tmp_path):
    real = tmp_path / "elsewhere"
    real.mkdir(mode=0o700)
    (run_dir / "rasfast").symlink_to(real)
    with pytest.raises(_files.RefusedFile, match="symbolic link"):
        _files.private_dir()
    with pytest.raises(_files.RefusedFile, match="symbolic link"):
        _files.atomic_write(str(run_dir / "rasfast" / "f.json"), b"{}")
    with pytest.raises(_files.RefusedFile, match="symbolic link"):
        _files.read_private(str(run_dir / "rasfast" / "f.json"))
    assert list(real.iterdir()) == []


@root_only
def test_a_folder_of_another_user_is_refused(run_dir):
    folder = run_dir / "rasfast"
    folder.mkdir(mode=0o700)
    os.chown(folder, NOBODY, NOBODY)
    with pytest.raises(_files.RefusedFile, match=f"belongs to uid {NOBODY}"):
        _files.private_dir()
    with pytest.raises(_files.RefusedFile, match=f"belongs to uid {NOBODY}"):
        _files.atomic_write(str(folder / "f.json"), b"{}")
    assert list(folder.iterdir()) == []


@posix_only
def test_the_folder_is_made_private(run_dir):
    folder = _files.private_dir()
    assert folder == str(run_dir / "rasfast")
    st = os.lstat(folder)
    assert stat.S_ISDIR(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o700
    assert st.st_uid == os.geteuid()


@posix_only
def test_a_missing_folder_is_not_made_just_to_read(run_dir):
    assert cli.session_file() == str(run_dir / "rasfast" / "sim-session.json")
    assert cli._read_session(cli.session_file()) == []
    assert not (run_dir / "rasfast").exists()


@posix_only
@pytest.mark.skipif(sys.platform == "darwin", reason="macOS uses ~/Library/Caches")
def test_location_order(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    run = tmp_path / "run"
    run.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert _files.default_dir() == str(run / "rasfast")
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert _files.default_dir() == str(tmp_path / "cache" / "rasfast")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")    # invalid: ignored
    assert _files.default_dir() == str(home / ".cache" / "rasfast")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert _files.default_dir() == str(home / ".cache" / "rasfast")
    monkeypatch.setenv("HOME", str(tmp_path / "no-home"))    # a service account
    assert _files.default_dir() == os.path.join(tempfile.gettempdir(),
                                                f"rasfast-{os.geteuid()}")


@pytest.mark.skipif(not WINDOWS, reason="the Windows location")
def test_windows_location_is_the_users_profile(tmp_path, monkeypatch):
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    assert _files.default_dir() == str(tmp_path / "rasfast")
    assert _files.private_dir() == str(tmp_path / "rasfast")


# -- planted links and files others can change ---------------------------------

@pytest.mark.skipif(not hasattr(os, "symlink") or WINDOWS, reason="needs symlinks")
def test_a_planted_session_symlink_is_neither_read_nor_written_through(run_dir, tmp_path):
    victim = tmp_path / "victim.json"
    original = json.dumps({"entries": [{"name": "Planted"}]}).encode()
    victim.write_bytes(original)
    folder = _files.private_dir()
    link = os.path.join(folder, "sim-session.json")
    os.symlink(victim, link)

    with pytest.raises(_files.RefusedFile, match="symbolic link"):
        _files.read_private(link)
    env = cli_env(XDG_RUNTIME_DIR=str(run_dir))
    r = run_cli(env, "sim")
    assert r.returncode == 0, r.stderr
    assert "Planted" not in r.stdout
    assert f"ignoring the simulator session file {link}: it is a symbolic link" in r.stderr

    r = run_cli(env, "sim", "add", "Mine")
    assert r.returncode == 0, r.stderr
    assert victim.read_bytes() == original          # not written through
    assert stat.S_ISREG(os.lstat(link).st_mode)     # the link itself was replaced
    assert [i["name"] for i in json.loads(_files.read_private(link))["entries"]] == ["Mine"]


@pytest.mark.skipif(WINDOWS, reason="needs symlinks")
def test_a_link_planted_at_the_temporary_name_is_not_written_through(tmp_path, monkeypatch):
    victim = tmp_path / "victim"
    victim.write_bytes(b"untouched")
    folder = tmp_path / "own"
    folder.mkdir(mode=0o700)
    os.symlink(victim, folder / ".f.json.guessed.tmp")
    names = iter(["guessed", "fresh"])
    monkeypatch.setattr(_files.secrets, "token_hex", lambda n: next(names))
    _files.atomic_write(str(folder / "f.json"), b"new")
    assert victim.read_bytes() == b"untouched"
    assert (folder / "f.json").read_bytes() == b"new"
    assert os.path.islink(folder / ".f.json.guessed.tmp")   # not ours to remove


@posix_only
def test_a_file_others_can_change_is_refused(tmp_path):
    path = tmp_path / "f.json"
    path.write_bytes(b"{}")
    os.chmod(path, 0o666)
    with pytest.raises(_files.RefusedFile, match="mode 0666 lets other users change"):
        _files.read_private(str(path))
    os.chmod(path, 0o644)
    assert _files.read_private(str(path)) == b"{}"


@root_only
def test_a_file_of_another_user_is_refused(tmp_path):
    path = tmp_path / "f.json"
    path.write_bytes(b"{}")
    os.chown(path, NOBODY, NOBODY)
    with pytest.raises(_files.RefusedFile, match=f"belongs to uid {NOBODY}"):
        _files.read_private(str(path))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "f.json", 0o600)
    start = time.monotonic()
    with pytest.raises(_files.RefusedFile, match="not a regular file"):
        _files.read_private(str(tmp_path / "f.json"))
    assert time.monotonic() - start < 5


def test_read_limits_and_missing_files(tmp_path):
    assert _files.read_private(str(tmp_path / "absent")) is None
    assert _files.read_private(str(tmp_path / "no-folder" / "absent")) is None
    _files.atomic_write(str(tmp_path / "big"), b"x" * 1001)
    with pytest.raises(_files.RefusedFile, match="larger than 1000 bytes"):
        _files.read_private(str(tmp_path / "big"), limit=1000)
    assert _files.read_private(str(tmp_path / "big"), limit=1001) == b"x" * 1001


def test_written_files_are_private_and_leave_nothing_behind(tmp_path):
    path = tmp_path / "f.json"
    for data in (b"one", b"two" * 100000, b""):
        _files.atomic_write(str(path), data)
        assert _files.read_private(str(path)) == data
    assert os.listdir(tmp_path) == ["f.json"]
    if not WINDOWS:
        assert stat.S_IMODE(os.lstat(path).st_mode) == 0o600


# -- a crash mid-write ---------------------------------------------------------

#: Rewrites a file again and again with big, different payloads: a line
#: "<n> <sha256 of the rest>" and then the rest.
WRITER = r"""
import hashlib, os, sys
from rasfast._files import atomic_write
path, n = sys.argv[1], 0
print("writing", flush=True)
while True:
    n += 1
    body = os.urandom(1 << 16) * (8 + n % 24)
    atomic_write(path, b"%d %s\n" % (n, hashlib.sha256(body).hexdigest().encode()) + body)
"""


def _check_whole(data: bytes) -> int:
    header, _, body = data.partition(b"\n")
    n, digest = header.split()
    assert hashlib.sha256(body).hexdigest().encode() == digest, "a mix of two writes"
    return int(n)


def test_kill_9_mid_write_leaves_the_old_or_the_new_file(tmp_path):
    path = str(tmp_path / "f.bin")
    _files.atomic_write(path, b"0 " + hashlib.sha256(b"").hexdigest().encode() + b"\n")
    rng = random.Random(16)
    strays_seen = 0
    rounds = 0
    while rounds < 4 or (strays_seen == 0 and rounds < 20):
        rounds += 1
        proc = subprocess.Popen([sys.executable, "-c", WRITER, path],
                                stdout=subprocess.PIPE, text=True)
        try:
            assert proc.stdout.readline() == "writing\n"
            time.sleep(rng.uniform(0.05, 0.5))
            proc.kill()      # SIGKILL: no clean-up runs
            proc.wait(30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(30)
            proc.stdout.close()
        assert proc.returncode == (1 if WINDOWS else -signal.SIGKILL)
        _check_whole(_files.read_private(path, limit=64 << 20))
        others = [e for e in os.listdir(tmp_path) if e != "f.bin"]
        assert all(_files.is_temp_name(e, "f.bin") for e in others), others
        strays_seen += bool(others)
    assert strays_seen, "no kill landed mid-write; the test did not test it"

    # the strays trip nothing: later writes and reads work beside them...
    _files.atomic_write(path, b"7 " + hashlib.sha256(b"").hexdigest().encode() + b"\n")
    assert _check_whole(_files.read_private(path)) == 7
    strays = [e for e in os.listdir(tmp_path) if _files.is_temp_name(e, "f.bin")]
    assert strays          # ...and a fresh one might be a live writer's: kept
    # once they are older than any write takes, the next write removes them
    old = time.time() - 2 * _files.STALE_TEMP_SECONDS
    for e in strays:
        os.utime(tmp_path / e, (old, old))
    _files.atomic_write(path, b"8 " + hashlib.sha256(b"").hexdigest().encode() + b"\n")
    assert os.listdir(tmp_path) == ["f.bin"]


# -- what reaches the terminal -------------------------------------------------

def test_printable_escapes_what_controls_or_disguises_a_terminal():
    plain = "Demo VPN \u00e9\u65e5\u672c \U0001f600 C:\\Users\\x.pbk"
    assert printable(plain) == plain      # letters, emoji and paths stay as they are
    assert printable(EVIL) == EVIL_SHOWN
    assert printable("\x00\x07\x7f\x85\x9b\t\r\n") == "\\x00\\x07\\x7f\\x85\\x9b\\t\\r\\n"
    # bidi overrides and isolates, zero-width and other format characters,
    # line separators, odd spaces, a lone surrogate, unassigned and private use
    assert printable("\u202a\u202b\u202d\u2066\u2067\u2068\u2069\u200b\u200d\ufeff\u00ad") == (
        "\\u202a\\u202b\\u202d\\u2066\\u2067\\u2068\\u2069\\u200b\\u200d\\ufeff\\xad")
    assert printable("\u2028\u2029\u00a0\ud800\U000e0041\ue000\U0010ffff") == (
        "\\u2028\\u2029\\xa0\\ud800\\U000e0041\\ue000\\U0010ffff")
    assert printable("a\nb\rc", keep_newlines=True) == "a\nb\\rc"
    assert quoted("Demo VPN") == "'Demo VPN'" == repr("Demo VPN")
    assert quoted("Bob's VPN") == '"Bob\'s VPN"'
    assert quoted("a'\"b") == "'a\\'\"b'"
    assert quoted(EVIL) == f"'{EVIL_SHOWN}'"
    assert all(_no_terminal_controls(quoted(chr(c))) for c in range(0x110000))


@pytest.fixture
def evil_session(tmp_path, monkeypatch):
    """A session file (the CLI's, in and out of process) with the evil entry."""
    path = tmp_path / "sim-session.json"
    _files.atomic_write(str(path), json.dumps({"entries": [{"name": EVIL,
                                                            "profile": "instant"}]}).encode())
    monkeypatch.setenv("RASFAST_SIM_SESSION_FILE", str(path))
    monkeypatch.setenv("RASFAST_SIM_TIME_SCALE", "0.02")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return cli_env(RASFAST_SIM_SESSION_FILE=str(path))


@pytest.mark.parametrize("argv", [["entries"], ["sim"], ["sim", "list"]])
def test_names_are_escaped_in_listings_through_a_pipe(evil_session, argv):
    json_argv = ["entries", "--json"] if argv == ["entries"] else ["sim", "list", "--json"]
    r = run_cli(evil_session, *argv)
    assert r.returncode == 0, r.stderr
    assert _no_terminal_controls(r.stdout + r.stderr)
    assert EVIL_SHOWN in r.stdout
    rows = [line for line in r.stdout.splitlines() if line.startswith(EVIL_SHOWN)]
    assert len(rows) == 1
    r = run_cli(evil_session, *json_argv)
    names = [json.loads(line)["name"] for line in r.stdout.splitlines()]
    assert EVIL in names               # --json keeps the exact name


def test_names_are_escaped_even_in_colour(evil_session, capsys):
    assert cli.main(["entries", "--color", "always"]) == 0
    shown = capsys.readouterr().out
    assert "\x1b[1m" in shown                          # our colour is there...
    assert "\x1b[2J" not in shown and "\u202e" not in shown    # ...theirs is not
    assert EVIL_SHOWN in shown


def test_names_are_escaped_in_list_dial_hangup_and_sim(evil_session, capsys, fast_sim):
    cli.load_session()
    conn = rasfast.dial(EVIL)
    assert conn.wait(10) is ConnState.CONNECTED
    assert cli.main(["list"]) == 0
    listed = capsys.readouterr()
    assert EVIL_SHOWN in listed.out and _no_terminal_controls(listed.out + listed.err)
    assert cli.main(["list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["entry"] == EVIL
    assert cli.main(["hangup", EVIL]) == 0
    hung = capsys.readouterr()
    assert hung.out == f"Hung up '{EVIL_SHOWN}'.\n"

    assert cli.main(["dial", EVIL]) == 0
    dialled = capsys.readouterr()
    assert _no_terminal_controls(dialled.out + dialled.err)
    assert f"Dialling '{EVIL_SHOWN}'" in dialled.out
    assert cli.main(["dial", EVIL, "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["entry"] for r in records} == {EVIL}

    for argv in (["sim", "add", EVIL + "2"], ["sim", "remove", EVIL + "2"],
                 ["sim", "remove", EVIL + "3"], ["sim", "states", EVIL + "3"],
                 ["hangup", EVIL + "3"]):
        cli.main(argv)
        said = capsys.readouterr()
        assert _no_terminal_controls(said.out + said.err), (argv, said)
        assert EVIL_SHOWN in said.out + said.err, (argv, said)


def test_error_messages_are_escaped(evil_session, capsys):
    # argparse repeats an unknown argument as it is
    assert cli.main(["list", EVIL]) == 2
    said = capsys.readouterr()
    assert "unrecognized arguments" in said.err
    assert EVIL_SHOWN in said.err and _no_terminal_controls(said.err)
    assert cli.main(["dial", "Demo VPN", "--timeout", EVIL]) == 2
    said = capsys.readouterr()
    assert EVIL_SHOWN in said.err and _no_terminal_controls(said.err)


def test_a_bad_session_entry_is_reported_escaped(tmp_path, monkeypatch, capsys):
    path = tmp_path / "sim-session.json"
    _files.atomic_write(str(path), json.dumps({"entries": [{"name": EVIL,
                                                            "profile": "no-such-profile"}]}).encode())
    monkeypatch.setenv("RASFAST_SIM_SESSION_FILE", str(path))
    cli.load_session()
    said = capsys.readouterr().err
    assert "skipping simulator session entry" in said
    assert EVIL_SHOWN in said and _no_terminal_controls(said)
