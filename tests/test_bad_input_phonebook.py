"""Bad-input matrix of the phonebook API: entry names, every property with wrong types and
values, phonebook arguments and paths that cannot be used.  Each case must raise its
documented exception (TypeError/ValueError naming the field, RasError with Windows' code)
and write nothing: the phonebook file's bytes and the entry as read back are compared
before and after every case (a positive control shows that comparison sees a change).

The matrix runs in a child process (tests/_helpers.run_python), so that a crash is
reported as the case that crashed rather than taking the test run with it."""
from __future__ import annotations

import errno
import json
import os

import pytest
from _helpers import run_python

import rasfast
from rasfast import RasError

NOT_PASSABLE = {"": "must not be empty", "x" * 257: "too long", "a\0b": "control character",
                "a\ud800": "lone surrogate", "\udc00z": "lone surrogate"}
RAS_REFUSES = [".dot", "a\\b", "a/b", "c:d", "e*f", "g?h", 'i"j', "k<l", "m>n", "o|p"]
NOT_STR = [5, None, b"x", ["x"], 1.5]

# (property, bad value, exception, words the message must contain)
BAD_PROPERTIES = [
    ("server", 5, TypeError, "server"), ("server", b"h", TypeError, "server"),
    ("server", "", ValueError, "server"), ("server", "h" * 129, ValueError, "server"),
    ("server", "a\0b", ValueError, "server"), ("server", "a\udfff", ValueError, "server"),
    ("tunnel_type", 2, TypeError, "tunnel_type"), ("tunnel_type", "gre", ValueError, "tunnel_type"),
    ("tunnel_type", "IKEv2", ValueError, "tunnel_type"), ("tunnel_type", None, TypeError, "tunnel_type"),
    ("encryption", 3, TypeError, "encryption"), ("encryption", "strong", ValueError, "encryption"),
    ("authentication", "mschapv2", TypeError, "authentication"),
    ("authentication", (), ValueError, "authentication"),
    ("authentication", ("kerberos",), ValueError, "authentication"),
    ("authentication", (1,), TypeError, "authentication"),
    ("authentication", None, TypeError, "authentication"),
    ("split_tunneling", 1, TypeError, "split_tunneling"),
    ("split_tunneling", "yes", TypeError, "split_tunneling"),
    ("split_tunneling", None, TypeError, "split_tunneling"),
    ("dns_suffix", 7, TypeError, "dns_suffix"), ("dns_suffix", "d" * 256, ValueError, "dns_suffix"),
    ("dns_suffix", "a\0", ValueError, "dns_suffix"),
    ("eap_type", "13", TypeError, "eap_type"), ("eap_type", True, TypeError, "eap_type"),
    ("eap_type", -1, ValueError, "eap_type"), ("eap_type", 2**32, ValueError, "eap_type"),
    ("eap_type", 13, ValueError, "eap"),                     # without "eap" authentication
    ("eap_config", "text", TypeError, "eap_config"), ("eap_config", [1], TypeError, "eap_config"),
    ("eap_config", b"x", ValueError, "eap"),                 # without "eap" authentication
    ("idle_disconnect", -1, ValueError, "idle_disconnect"),
    ("idle_disconnect", 1.5, TypeError, "idle_disconnect"),
    ("idle_disconnect", 2**32, ValueError, "idle_disconnect"),
    ("idle_disconnect", "60", TypeError, "idle_disconnect"),
    ("redial_count", 100, ValueError, "redial_count"), ("redial_count", -1, ValueError, "redial_count"),
    ("redial_count", True, TypeError, "redial_count"), ("redial_count", 2.0, TypeError, "redial_count"),
    ("redial_pause", 601, ValueError, "redial_pause"), ("redial_pause", -1, ValueError, "redial_pause"),
    ("redial_pause", None, TypeError, "redial_pause"),
]
# combinations RAS refuses (on top of a valid ikev2 base)
BAD_COMBINATIONS = [
    (dict(encryption="none"), "encryption"),                            # ikev2 always encrypts
    (dict(authentication=("pap",)), "authentication"),                  # not on ikev2
    (dict(tunnel_type="sstp", encryption="none"), "encryption"),
    (dict(tunnel_type="pptp", authentication=("machine_certificate",)), "machine_certificate"),
]
BASE = dict(server="base.example.com", tunnel_type="ikev2")


@pytest.fixture(autouse=True)
def instant():
    rasfast.sim.set_time_scale(0)


@pytest.fixture(params=["memory", "file"])
def book(request, tmp_path):
    return None if request.param == "memory" else str(tmp_path / "rasphone.pbk")


def _snapshot(book):
    raw = None
    if book is not None and os.path.exists(book):
        with open(book, "rb") as f:
            raw = f.read()
    names = sorted(e.name for e in rasfast.entries(phonebook=book))
    entry = rasfast.get_entry("Keep", phonebook=book)
    return raw, names, entry, rasfast.get_credentials("Keep", phonebook=book)


@pytest.fixture
def keep(book):
    rasfast.create_entry("Keep", phonebook=book, **BASE)
    rasfast.set_credentials("Keep", username="alice", password="pw", phonebook=book)
    return book


def _refused(book, call, exc_type, *words, code=None):
    before = _snapshot(book)
    with pytest.raises(exc_type) as info:
        call()
    if code is not None:
        assert info.value.code == code, info.value
    for w in words:
        assert w in str(info.value), (w, str(info.value))
    assert _snapshot(book) == before
    return info.value


def test_the_snapshot_sees_a_change(keep):
    """Positive control: a write that does happen changes the snapshot."""
    before = _snapshot(keep)
    rasfast.update_entry("Keep", phonebook=keep, redial_count=9)
    assert _snapshot(keep) != before


@pytest.mark.parametrize("name, why", list(NOT_PASSABLE.items()))
def test_names_that_cannot_reach_ras_are_value_errors_naming_the_field(keep, name, why):
    book = keep
    _refused(book, lambda: rasfast.create_entry(name, phonebook=book, **BASE), ValueError,
             "name", why)
    _refused(book, lambda: rasfast.rename_entry("Keep", name, phonebook=book), ValueError,
             "new_name", why)
    _refused(book, lambda: rasfast.rename_entry(name, "New", phonebook=book), ValueError,
             "old_name", why)
    for call in (rasfast.get_entry, rasfast.delete_entry, rasfast.get_credentials,
                 rasfast.clear_credentials):
        _refused(book, lambda call=call: call(name, phonebook=book), ValueError, "name", why)
    _refused(book, lambda: rasfast.update_entry(name, phonebook=book, redial_count=1),
             ValueError, "name", why)
    _refused(book, lambda: rasfast.set_credentials(name, username="u", phonebook=book),
             ValueError, "name", why)
    # validating one is Windows' answer: 123
    _refused(book, lambda: rasfast.validate_entry_name(name, phonebook=book), RasError,
             code=123)


@pytest.mark.parametrize("name", RAS_REFUSES)
def test_names_ras_refuses_are_123_and_unknown_to_lookups(keep, name):
    book = keep
    _refused(book, lambda: rasfast.create_entry(name, phonebook=book, **BASE), RasError,
             code=123)
    _refused(book, lambda: rasfast.rename_entry("Keep", name, phonebook=book), RasError,
             code=123)
    _refused(book, lambda: rasfast.validate_entry_name(name, phonebook=book), RasError,
             code=123)
    for call in (rasfast.get_entry, rasfast.delete_entry, rasfast.get_credentials):
        _refused(book, lambda call=call: call(name, phonebook=book), RasError, code=623)


@pytest.mark.parametrize("value", NOT_STR, ids=repr)
def test_names_of_the_wrong_type_are_type_errors(keep, value):
    book = keep
    _refused(book, lambda: rasfast.create_entry(value, phonebook=book, **BASE), TypeError, "name")
    _refused(book, lambda: rasfast.validate_entry_name(value, phonebook=book), TypeError, "name")
    _refused(book, lambda: rasfast.rename_entry("Keep", value, phonebook=book), TypeError,
             "new_name")
    _refused(book, lambda: rasfast.get_entry(value, phonebook=book), TypeError, "name")


@pytest.mark.parametrize("field, value, exc, word", BAD_PROPERTIES,
                         ids=[f"{f}={v!r}"[:40] for f, v, _, _ in BAD_PROPERTIES])
def test_every_property_with_a_bad_value_names_the_field_and_writes_nothing(keep, field, value,
                                                                           exc, word):
    book = keep
    _refused(book, lambda: rasfast.create_entry("New", phonebook=book,
                                                **{**BASE, field: value}), exc, word)
    _refused(book, lambda: rasfast.update_entry("Keep", phonebook=book, **{field: value}), exc,
             word)


@pytest.mark.parametrize("changes, word", BAD_COMBINATIONS)
def test_combinations_ras_refuses(keep, changes, word):
    book = keep
    _refused(book, lambda: rasfast.create_entry("New", phonebook=book, **{**BASE, **changes}),
             ValueError, word)
    _refused(book, lambda: rasfast.update_entry("Keep", phonebook=book, **changes), ValueError,
             word)


def test_update_refuses_unknown_and_unmodelled_properties(keep):
    book = keep
    for bad in ({"colour": "red"}, {"device_name": "x"}, {"eap": b""}):
        _refused(book, lambda bad=bad: rasfast.update_entry("Keep", phonebook=book, **bad), TypeError,
                 "unknown properties")


def test_secrets_of_the_wrong_kind(keep):
    book = keep
    l2tp = dict(server="l2.example.com", tunnel_type="l2tp")
    _refused(book, lambda: rasfast.create_entry("New", psk="k", phonebook=book, **BASE),
             ValueError, "psk")                               # not an l2tp entry
    _refused(book, lambda: rasfast.create_entry("New", psk="", phonebook=book, **l2tp),
             ValueError, "psk")
    _refused(book, lambda: rasfast.create_entry("New", psk=5, phonebook=book, **l2tp),
             TypeError, "psk")
    _refused(book, lambda: rasfast.create_entry("New", psk="p" * 257, phonebook=book, **l2tp),
             ValueError, "psk")
    for kw, value, exc in (("username", 5, TypeError), ("username", "u" * 257, ValueError),
                           ("username", "a\0", ValueError), ("password", 5, TypeError),
                           ("password", "p" * 257, ValueError), ("password", "\ud800", ValueError),
                           ("domain", "d" * 16, ValueError), ("domain", b"D", TypeError),
                           ("psk", "", ValueError)):
        args = {"username": "bob", kw: value}
        err = _refused(book, lambda args=args: rasfast.set_credentials("Keep", phonebook=book, **args),
                       exc, kw)
        if kw == "password" and isinstance(value, str):
            assert value not in str(err)                       # never repeated


@pytest.mark.parametrize("value, exc", [(5, TypeError), (b"/tmp/x.pbk", TypeError),
                                        ("", ValueError), ("a\0b.pbk", ValueError),
                                        ("p" * 260, ValueError), ("\ud800.pbk", ValueError)])
def test_phonebook_arguments_of_the_wrong_kind(value, exc):
    for call in (lambda: rasfast.create_entry("X", phonebook=value, **BASE),
                 lambda: rasfast.get_entry("X", phonebook=value),
                 lambda: rasfast.update_entry("X", phonebook=value, redial_count=1),
                 lambda: rasfast.rename_entry("X", "Y", phonebook=value),
                 lambda: rasfast.delete_entry("X", phonebook=value),
                 lambda: rasfast.validate_entry_name("X", phonebook=value),
                 lambda: rasfast.set_credentials("X", username="u", phonebook=value),
                 lambda: rasfast.get_credentials("X", phonebook=value),
                 lambda: rasfast.clear_credentials("X", phonebook=value)):
        with pytest.raises(exc) as info:
            call()
        assert "phonebook" in str(info.value)


def _every_call(book):
    return [("create", lambda: rasfast.create_entry("X", phonebook=book, **BASE)),
            ("get", lambda: rasfast.get_entry("X", phonebook=book)),
            ("update", lambda: rasfast.update_entry("X", phonebook=book, redial_count=1)),
            ("rename", lambda: rasfast.rename_entry("X", "Y", phonebook=book)),
            ("delete", lambda: rasfast.delete_entry("X", phonebook=book)),
            ("validate", lambda: rasfast.validate_entry_name("X", phonebook=book)),
            ("set_credentials", lambda: rasfast.set_credentials("X", username="u",
                                                                phonebook=book)),
            ("get_credentials", lambda: rasfast.get_credentials("X", phonebook=book)),
            ("clear_credentials", lambda: rasfast.clear_credentials("X", phonebook=book)),
            ("entries", lambda: rasfast.entries(phonebook=book)),
            ("dial", lambda: rasfast.dial("X", phonebook=book))]


def _paths(tmp_path):
    folder = tmp_path / "a-folder.pbk"
    folder.mkdir()
    shared = tmp_path / "shared.pbk"
    shared.write_text("[X]\nPhoneNumber=x.example.com\n")
    paths = {"a folder": str(folder), "a missing folder": str(tmp_path / "none" / "x.pbk")}
    if os.name != "nt":      # Windows has no mode bits for others, nor /dev/full
        os.chmod(shared, 0o666)
        paths["writable by others"] = str(shared)
        if os.path.exists("/dev/full"):
            paths["a device (/dev/full)"] = "/dev/full"
    return paths


def test_phonebook_paths_that_cannot_be_used_are_621_for_every_call(tmp_path):
    for what, path in _paths(tmp_path).items():
        for call_name, call in _every_call(path):
            with pytest.raises(RasError) as info:
                call()
            assert info.value.code == 621, (what, call_name, info.value)
            assert "Traceback" not in str(info.value)
    assert os.path.isdir(tmp_path / "a-folder.pbk")
    assert not os.path.exists(tmp_path / "none")
    with open(tmp_path / "shared.pbk") as f:
        assert f.read() == "[X]\nPhoneNumber=x.example.com\n"     # never overwritten


@pytest.mark.skipif(os.name == "nt" or not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads any file")
def test_an_unreadable_phonebook_is_621_for_every_call(tmp_path):
    path = tmp_path / "locked.pbk"
    path.write_text("[X]\nPhoneNumber=x.example.com\n")
    os.chmod(path, 0)
    try:
        for call_name, call in _every_call(str(path)):
            with pytest.raises(RasError) as info:
                call()
            assert info.value.code == 621, call_name
    finally:
        os.chmod(path, 0o600)


def test_a_full_disk_fails_every_writing_call_with_621_and_keeps_the_file(tmp_path, monkeypatch):
    book = str(tmp_path / "rasphone.pbk")
    rasfast.create_entry("X", phonebook=book, **BASE)
    rasfast.create_entry("Z", phonebook=book, **BASE)
    with open(book, "rb") as f:
        before = f.read()
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
    writers = [("create", lambda: rasfast.create_entry("New", phonebook=book, **BASE)),
               ("update", lambda: rasfast.update_entry("X", phonebook=book, redial_count=1)),
               ("rename", lambda: rasfast.rename_entry("X", "Y", phonebook=book)),
               ("delete", lambda: rasfast.delete_entry("Z", phonebook=book))]
    for call_name, call in writers:
        with pytest.raises(RasError) as info:
            call()
        assert info.value.code == 621 and "No space left" in str(info.value), call_name
    # readers do not write: they still work on the full disk
    assert rasfast.get_entry("X", phonebook=book).redial_count == 3
    monkeypatch.undo()
    assert temps, "no temporary file was written: nothing was tested"
    with open(book, "rb") as f:
        assert f.read() == before
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]


MATRIX_CHILD = r"""
import json, rasfast
from rasfast import RasError
rasfast.sim.set_time_scale(0)
rasfast.create_entry("Keep", server="k.example.com")
names = %(names)s
done = []
for n in names:
    for label, call in (("create", lambda: rasfast.create_entry(n, server="s.example.com")),
                        ("validate", lambda: rasfast.validate_entry_name(n)),
                        ("rename", lambda: rasfast.rename_entry("Keep", n)),
                        ("credentials", lambda: rasfast.set_credentials(n, username=n,
                                                                       password=n))):
        try:
            call()
            done.append([label, "ok"])
        except (TypeError, ValueError, RasError) as e:
            done.append([label, type(e).__name__])
print(json.dumps(done))
"""


def test_the_name_matrix_never_crashes_the_process():
    names = list(NOT_PASSABLE) + RAS_REFUSES + ["x" * 256, "\U0001F600 ok", "trailing dot."]
    r = run_python(MATRIX_CHILD % {"names": repr(names)}, timeout=120)
    assert not r.crashed and not r.timed_out, r.describe()
    assert r.returncode == 0, r.stderr
    outcomes = json.loads(r.stdout)
    assert len(outcomes) == 4 * len(names)
    # positive control: the valid names at the end were created
    assert outcomes[-12][1] == "ok" and outcomes[-8][1] == "ok"
