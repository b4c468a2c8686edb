"""The phonebook: entries and saved credentials through the API, on the simulator's
memory and on phonebook files (rasphone.pbk format), with Windows' error codes."""
from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time

import pytest

import rasfast
from rasfast import ConnState, RasError, _pbk_file, sim

FULL = dict(server="vpn.example.com", tunnel_type="ikev2", encryption="maximum",
            authentication=("mschapv2", "eap", "machine_certificate"), split_tunneling=True,
            dns_suffix="corp.example.com", eap_type=13, eap_config=b"\x01\x02eap\xff",
            idle_disconnect=900, redial_count=5, redial_pause=30)
CHANGED = dict(server="vpn2.example.net", tunnel_type="l2tp", encryption="optional",
               authentication=("chap", "pap"), split_tunneling=False, dns_suffix="",
               eap_type=0, eap_config=b"", idle_disconnect=0, redial_count=0, redial_pause=1)


@pytest.fixture(autouse=True)
def instant():
    sim.set_time_scale(0)


@pytest.fixture
def pbk(tmp_path):
    return str(tmp_path / "rasphone.pbk")


#: os.stat has POSIX permission bits (Windows' are only the read-only flag; a file's privacy
#: there is its folder's ACL, %LOCALAPPDATA%'s)
POSIX_MODES = sys.platform != "win32"


def _raw(path):
    with open(path, "rb") as f:
        return f.read()


def _props(e, fields):
    return {k: getattr(e, k) for k in fields}


@pytest.mark.parametrize("where", ["memory", "file"])
def test_every_property_round_trips_through_create_read_update_read(where, pbk):
    book = pbk if where == "file" else None
    created = rasfast.create_entry("Office VPN", phonebook=book, **FULL)
    assert _props(created, FULL) == {**FULL, "authentication": ("mschapv2", "eap",
                                                                "machine_certificate")}
    assert _props(rasfast.get_entry("Office VPN", phonebook=book), FULL) == _props(created, FULL)
    updated = rasfast.update_entry("Office VPN", phonebook=book, **CHANGED)
    expect = {**CHANGED, "authentication": ("pap", "chap")}
    assert _props(updated, CHANGED) == expect
    assert _props(rasfast.get_entry("Office VPN", phonebook=book), CHANGED) == expect
    assert updated.device_name == "WAN Miniport (L2TP)"


def test_a_phonebook_file_is_read_back_by_another_process(pbk):
    rasfast.create_entry("Office VPN", phonebook=pbk, **FULL)
    code = textwrap.dedent(f"""
        import rasfast
        e = rasfast.get_entry("Office VPN", phonebook={pbk!r}, backend="sim")
        print(e.server, e.tunnel_type, e.encryption, ",".join(e.authentication),
              e.split_tunneling, e.dns_suffix, e.eap_config.hex(), e.idle_disconnect,
              e.redial_count, e.redial_pause)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["vpn.example.com", "ikev2", "maximum", "mschapv2,eap,machine_certificate",
                   "True", "corp.example.com", "010265617" + "0ff", "900", "5", "30"]
    if POSIX_MODES:
        assert os.stat(pbk).st_mode & 0o077 == 0


def test_update_changes_only_what_it_names(pbk):
    rasfast.create_entry("A", phonebook=pbk, **FULL)
    after = rasfast.update_entry("A", phonebook=pbk, server="other.example.com")
    assert _props(after, FULL) == {**FULL, "server": "other.example.com"}


def test_keys_rasfast_does_not_model_survive_an_update_and_a_rename(pbk):
    rasfast.create_entry("A", phonebook=pbk, server="a.example.com")
    with open(pbk, "a") as f:
        f.write("PreferredHwFlow=1\nCustomDialDll=foo.dll\n")
    rasfast.update_entry("A", phonebook=pbk, dns_suffix="x.example.com")
    rasfast.rename_entry("A", "B", phonebook=pbk)
    text = _raw(pbk).decode()
    assert "[B]" in text and "[A]" not in text
    assert "PreferredHwFlow=1\n" in text and "CustomDialDll=foo.dll\n" in text
    assert "IpDnsSuffix=x.example.com\n" in text


def test_the_error_codes_windows_gives(pbk):
    for book in (None, pbk):
        rasfast.create_entry("X", server="x.example.com", phonebook=book)
        with pytest.raises(RasError) as exc:
            rasfast.create_entry("x", server="y.example.com", phonebook=book)
        assert exc.value.code == 183              # names compare case-insensitively
        with pytest.raises(RasError) as exc:
            rasfast.validate_entry_name("X", phonebook=book)
        assert exc.value.code == 183
        rasfast.validate_entry_name("Y", phonebook=book)    # valid and unused: no error
        for missing in (rasfast.get_entry, rasfast.delete_entry, rasfast.get_credentials,
                        rasfast.clear_credentials):
            with pytest.raises(RasError) as exc:
                missing("Nope", phonebook=book)
            assert exc.value.code == 623
        with pytest.raises(RasError) as exc:
            rasfast.update_entry("Nope", phonebook=book, server="z.example.com")
        assert exc.value.code == 623
        rasfast.create_entry("Z", server="z.example.com", phonebook=book)
        with pytest.raises(RasError) as exc:
            rasfast.rename_entry("X", "Z", phonebook=book)
        assert exc.value.code == 183
        with pytest.raises(RasError) as exc:
            rasfast.rename_entry("X", ".hidden", phonebook=book)
        assert exc.value.code == 123
        rasfast.delete_entry("X", phonebook=book)
        with pytest.raises(RasError) as exc:
            rasfast.get_entry("X", phonebook=book)
        assert exc.value.code == 623


@pytest.mark.parametrize("name", ["", "x" * 257, ".leading", "back\\slash", "a/b", "c:d",
                                  "star*", "what?", 'quote"', "less<", "more>", "pipe|",
                                  "nul\x00inside", "lone\ud800", "tab\there"])
def test_invalid_names_are_123(name):
    with pytest.raises(RasError) as exc:
        rasfast.validate_entry_name(name)
    assert exc.value.code == 123
    assert "x" * 256 not in str(exc.value)


def test_a_name_of_256_units_is_valid():
    rasfast.validate_entry_name("x" * 256)
    rasfast.create_entry("x" * 256, server="s.example.com")


def test_separate_phonebooks_are_separate(tmp_path):
    a, b = str(tmp_path / "a.pbk"), str(tmp_path / "b.pbk")
    rasfast.create_entry("Same", server="a.example.com", phonebook=a)
    rasfast.create_entry("Same", server="b.example.com", phonebook=b)
    rasfast.create_entry("Same", server="m.example.com")
    assert rasfast.get_entry("Same", phonebook=a).server == "a.example.com"
    assert rasfast.get_entry("Same", phonebook=b).server == "b.example.com"
    assert rasfast.get_entry("Same").server == "m.example.com"
    assert [e.name for e in rasfast.entries(phonebook=a)] == ["Same"]


# ---------------------------------------------------------------------------
# Dialling created entries, saved credentials
# ---------------------------------------------------------------------------

def _dial_result(entry, **kw):
    conn = rasfast.dial(entry, **kw)
    try:
        return conn.wait(10)
    except RasError as exc:
        return exc.code
    finally:
        conn.hangup()


@pytest.mark.parametrize("book", ["memory", "file"])
def test_a_created_entry_dials_with_saved_credentials_and_no_password(book, pbk):
    book = pbk if book == "file" else None
    rasfast.create_entry("Office VPN", server="vpn.example.com", tunnel_type="ikev2",
                         phonebook=book)
    sim.require_password("Office VPN", "right-pw", phonebook=book)
    # Positive control: the server does check, so no credentials fail.
    assert _dial_result("Office VPN", phonebook=book) == 691
    rasfast.set_credentials("Office VPN", username="alice", password="right-pw",
                            phonebook=book)
    assert _dial_result("Office VPN", phonebook=book) is ConnState.CONNECTED
    rasfast.set_credentials("Office VPN", username="alice", password="wrong-pw",
                            phonebook=book)
    assert _dial_result("Office VPN", phonebook=book) == 691
    # An explicit password still wins over the saved one.
    assert _dial_result("Office VPN", phonebook=book, password="right-pw") is ConnState.CONNECTED


def test_a_created_ikev2_entry_walks_ikev2s_states_and_invalid_servers_fail_with_868():
    rasfast.create_entry("IK", server="vpn.example.com", tunnel_type="ikev2")
    rasfast.create_entry("SS", server="vpn.example.com", tunnel_type="sstp")
    ik, ss = sim.entry_states("IK"), sim.entry_states("SS")
    assert ConnState.AUTH_NOTIFY not in ik and ConnState.AUTH_NOTIFY in ss
    assert ik[-1] is ConnState.CONNECTED
    rasfast.create_entry("Bad", server="vpn.corp.invalid")
    assert _dial_result("Bad") == 868
    rasfast.update_entry("Bad", server="vpn.example.com")
    assert _dial_result("Bad") is ConnState.CONNECTED


def test_saved_credentials_say_what_is_saved_never_the_secret():
    rasfast.create_entry("L", server="l.example.com", tunnel_type="l2tp", psk="psk-Qx81")
    c = rasfast.get_credentials("L")
    assert (c.username, c.has_password, c.has_psk) == ("", False, True)
    rasfast.set_credentials("L", username="bob", domain="CORP", password="pw-Qx82")
    c = rasfast.get_credentials("L")
    assert (c.username, c.domain, c.has_password, c.has_psk) == ("bob", "CORP", True, True)
    assert "pw-Qx82" not in repr(c) and "psk-Qx81" not in repr(c)
    assert rasfast.get_entry("L").use_psk
    rasfast.clear_credentials("L")
    c = rasfast.get_credentials("L")
    assert (c.username, c.domain, c.has_password, c.has_psk) == ("", "", False, False)


def test_rename_keeps_saved_credentials_and_delete_drops_them():
    rasfast.create_entry("A", server="a.example.com")
    rasfast.set_credentials("A", username="u", password="p")
    rasfast.rename_entry("A", "B")
    assert rasfast.get_credentials("B").has_password
    rasfast.delete_entry("B")
    rasfast.create_entry("B", server="a.example.com")
    assert not rasfast.get_credentials("B").has_password


def test_no_secret_in_the_phonebook_file(pbk):
    rasfast.create_entry("L", server="l.example.com", tunnel_type="l2tp", psk="psk-Zr55",
                         phonebook=pbk)
    rasfast.set_credentials("L", username="carol", password="pw-Zr56", phonebook=pbk)
    raw = _raw(pbk)
    for secret in ("psk-Zr55", "pw-Zr56"):
        assert secret.encode() not in raw and secret.encode("utf-16-le") not in raw
    assert b"IpSecFlags=1" in raw     # positive control: the file is the entry's


# ---------------------------------------------------------------------------
# Phonebook files that cannot be used: 621, the reason, never overwritten
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("content, reason", [
    (b"Type=2\n", "outside any [section]"),
    (b"[A]\nnot a key value line\n", "not Key=Value"),
    (b"[A]\nPhoneNumber=x\n[a]\nPhoneNumber=y\n", "a second section"),
    (b"[A]\nVpnStrategy=abc\nPhoneNumber=x\n", "not a number"),
    (b"[A]\nVpnStrategy=99\nPhoneNumber=x\n", "not one rasfast models"),
    (b"[A]\nRedialAttempts=5000\nPhoneNumber=x\n", "redial_count"),
    (b"[A]\n", "server must not be empty"),
    (b"\xff\xfe[\x00A\x00]\x00", "not UTF-8"),
])
def test_a_corrupt_phonebook_file_is_621_with_the_reason_and_never_overwritten(pbk, content,
                                                                             reason):
    with open(pbk, "wb") as f:
        f.write(content)
    os.chmod(pbk, 0o600)
    for call in (lambda: rasfast.get_entry("A", phonebook=pbk),
                 lambda: rasfast.create_entry("New", server="n.example.com", phonebook=pbk),
                 lambda: rasfast.dial("A", phonebook=pbk)):
        with pytest.raises(RasError) as exc:
            call()
        assert exc.value.code == 621
        assert reason in str(exc.value)
    assert _raw(pbk) == content


def test_phonebook_paths_that_cannot_be_used_are_621(tmp_path):
    with pytest.raises(RasError) as exc:
        rasfast.get_entry("A", phonebook=str(tmp_path))               # a folder
    assert exc.value.code == 621 and "not a regular file" in str(exc.value)
    with pytest.raises(RasError) as exc:
        rasfast.create_entry("A", server="a.example.com",
                             phonebook=str(tmp_path / "missing" / "x.pbk"))
    assert exc.value.code == 621


@pytest.mark.skipif(not POSIX_MODES, reason="Windows has no group or other permission bits: "
                                           "os.chmod only sets the read-only flag")
def test_a_phonebook_others_can_change_or_nobody_can_read_is_621(tmp_path):
    shared = tmp_path / "shared.pbk"
    shared.write_text("[A]\nPhoneNumber=a.example.com\n")
    os.chmod(shared, 0o620)                                            # group-writable
    with pytest.raises(RasError) as exc:
        rasfast.get_entry("A", phonebook=str(shared))
    assert exc.value.code == 621 and "other users change" in str(exc.value)
    os.chmod(shared, 0o600)                                            # positive control
    assert rasfast.get_entry("A", phonebook=str(shared)).server == "a.example.com"
    if os.geteuid() != 0:
        os.chmod(shared, 0o000)
        with pytest.raises(RasError) as exc:
            rasfast.get_entry("A", phonebook=str(shared))
        assert exc.value.code == 621
        os.chmod(shared, 0o600)


@pytest.mark.skipif(not POSIX_MODES, reason="a folder others can write to is a POSIX mode here")
def test_no_lock_file_goes_into_a_folder_others_can_write_to(tmp_path):
    """The lock file is made only in a folder that passed the file checks: a
    phonebook in a world-writable folder is 621 and leaves nothing there."""
    folder = tmp_path / "drop"
    folder.mkdir()
    os.chmod(folder, 0o777)
    path = str(folder / "rasphone.pbk")
    for call in (lambda: rasfast.get_entry("A", phonebook=path),
                 lambda: rasfast.create_entry("A", server="a.example.com", phonebook=path)):
        with pytest.raises(RasError) as exc:
            call()
        assert exc.value.code == 621 and "lock file" in str(exc.value)
    assert os.listdir(folder) == []
    os.chmod(folder, 0o700)                                            # positive control
    rasfast.create_entry("A", server="a.example.com", phonebook=path)
    assert sorted(os.listdir(folder)) == [".rasphone.pbk.lock", "rasphone.pbk"]
    # A link planted as the lock file is refused, never followed.
    os.unlink(folder / ".rasphone.pbk.lock")
    os.symlink(tmp_path / "elsewhere", folder / ".rasphone.pbk.lock")
    with pytest.raises(RasError) as exc:
        rasfast.get_entry("A", phonebook=path)
    assert exc.value.code == 621
    assert not (tmp_path / "elsewhere").exists()


def test_a_full_disk_is_621_and_leaves_the_old_file(pbk, monkeypatch):
    rasfast.create_entry("Old", server="o.example.com", phonebook=pbk)
    before = _raw(pbk)
    real_open, real_write = os.open, os.write
    temps = set()

    def tracking_open(path, *args, **kwargs):
        fd = real_open(path, *args, **kwargs)
        if os.fspath(path).endswith(".tmp"):
            temps.add(fd)
        return fd

    def full(fd, data):
        if fd in temps:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)
    monkeypatch.setattr(os, "open", tracking_open)
    monkeypatch.setattr(os, "write", full)
    with pytest.raises(RasError) as exc:
        rasfast.create_entry("New", server="n.example.com", phonebook=pbk)
    assert exc.value.code == 621 and "No space left" in str(exc.value)
    monkeypatch.undo()
    assert temps, "no temporary file was written: nothing was tested"
    assert _raw(pbk) == before
    assert not [n for n in os.listdir(os.path.dirname(pbk)) if n.endswith(".tmp")]


# ---------------------------------------------------------------------------
# Writers: two processes, and a writer killed mid-update
# ---------------------------------------------------------------------------

WRITER = textwrap.dedent("""
    import sys, rasfast
    pbk, prefix, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for i in range(n):
        rasfast.create_entry(f"{prefix}{i}", server=f"s{i}.example.com", phonebook=pbk,
                             backend="sim")
        rasfast.update_entry(f"{prefix}{i}", phonebook=pbk, backend="sim", redial_count=7)
""")


def test_two_processes_updating_one_file_lose_no_entry(pbk):
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, pbk, prefix, "15"])
             for prefix in ("left-", "right-")]
    assert [p.wait(120) for p in procs] == [0, 0]
    names = sorted(e.name for e in rasfast.entries(phonebook=pbk))
    assert names == sorted([f"left-{i}" for i in range(15)] + [f"right-{i}" for i in range(15)])
    assert {rasfast.get_entry(n, phonebook=pbk).redial_count for n in names} == {7}


LOOPER = textwrap.dedent("""
    import sys, rasfast
    pbk = sys.argv[1]
    print("GO", flush=True)
    i = 0
    while True:
        i += 1
        rasfast.update_entry("E0", phonebook=pbk, backend="sim",
                             server=f"round{i}.example.com")
""")


def test_a_writer_killed_mid_update_leaves_the_old_or_the_new_file(pbk):
    for i in range(60):
        rasfast.create_entry(f"E{i}", server="round0.example.com", phonebook=pbk,
                             dns_suffix="d" * 200)
    seen = set()
    for delay in (0.3, 0.6, 0.9):
        with subprocess.Popen([sys.executable, "-c", LOOPER, pbk], stdout=subprocess.PIPE,
                              text=True) as p:
            assert p.stdout.readline().strip() == "GO"
            time.sleep(delay)
            p.kill()          # SIGKILL; on Windows TerminateProcess(1)
            p.wait(10)
        assert p.returncode == (-signal.SIGKILL if POSIX_MODES else 1)  # killed, not finished
        text = _raw(pbk).decode("utf-8")
        sections = _pbk_file.parse(text, pbk)          # whole, never a mix
        assert sorted(sections) == sorted(f"E{i}" for i in range(60))
        server = dict(sections["E0"])["PhoneNumber"]
        assert server.startswith("round") and server.endswith(".example.com")
        seen.add(server)
        assert rasfast.get_entry("E59", phonebook=pbk).dns_suffix == "d" * 200
    assert seen - {"round0.example.com"}, "the writer never got to write: nothing was tested"
    if POSIX_MODES:
        assert stat.S_IMODE(os.stat(pbk).st_mode) == 0o600


def _count_loads(monkeypatch):
    loads = []
    real = _pbk_file.parse

    def counting(text, path):
        loads.append(path)
        return real(text, path)

    monkeypatch.setattr(_pbk_file, "parse", counting)
    return loads


def test_an_unchanged_file_is_not_loaded_again_and_any_change_is_seen(pbk, monkeypatch):
    """Calls on a file whose bytes are those this process last read or
    wrote, with the simulator's phonebook unchanged since, skip parsing and
    loading it (a dial of a 1,000-entry file took 155 ms); a change of the
    file by anyone else (same size, same second), or of the simulator's
    phonebook, makes the next call load it again."""
    rasfast.create_entry("Office VPN", phonebook=pbk, server="vpn.example.com")
    loads = _count_loads(monkeypatch)
    for _ in range(3):
        assert rasfast.get_entry("Office VPN", phonebook=pbk).server == "vpn.example.com"
        conn = rasfast.dial("Office VPN", phonebook=pbk, username="u", password="p")
        assert conn.wait(5) is ConnState.CONNECTED and conn.hangup()
    assert loads.count(pbk) == 0
    # Another program edits the file, keeping its size: seen at once.
    text = _raw(pbk).decode()
    edited = text.replace("vpn.example.com", "vpn.example.org")
    assert len(edited) == len(text)
    with open(pbk, "wb") as f:
        f.write(edited.encode("utf-8"))
    assert rasfast.get_entry("Office VPN", phonebook=pbk).server == "vpn.example.org"
    assert loads.count(pbk) == 1
    # The simulator's phonebook changes (reset, another file): loaded again.
    sim.reset()
    assert rasfast.get_entry("Office VPN", phonebook=pbk).server == "vpn.example.org"
    assert loads.count(pbk) == 2
    rasfast.create_entry("Other", phonebook=pbk + ".other", server="other.example.com")
    assert [e.name for e in rasfast.entries(phonebook=pbk)] == ["Office VPN"]
    assert loads.count(pbk) == 3
    # A write by this process leaves it fresh: no load after it.
    rasfast.update_entry("Office VPN", phonebook=pbk, server="vpn3.example.com")
    n = loads.count(pbk)
    assert rasfast.get_entry("Office VPN", phonebook=pbk).server == "vpn3.example.com"
    assert loads.count(pbk) == n
    # A folder others may write to, or a link in the file's place: refused, never skipped.
    if POSIX_MODES:
        os.chmod(os.path.dirname(pbk), 0o777)
        with pytest.raises(RasError) as e:
            rasfast.get_entry("Office VPN", phonebook=pbk)
        assert e.value.code == 621
        os.chmod(os.path.dirname(pbk), 0o700)
        assert rasfast.get_entry("Office VPN", phonebook=pbk).server == "vpn3.example.com"
    if sys.platform == "win32":   # links there: test_files.py's Windows cases
        return
    os.replace(pbk, pbk + ".real")
    os.symlink(pbk + ".real", pbk)
    with pytest.raises(RasError) as e:
        rasfast.get_entry("Office VPN", phonebook=pbk)
    assert e.value.code == 621
