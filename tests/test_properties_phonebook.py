"""Hypothesis state machine of the phonebook: random sequences of create, update, rename,
delete, validate, set/clear credentials, dial, and concurrent writers of one phonebook file
(threads of this process and another process, at once), checked against a model after
every step, on the simulator's memory and on a phonebook file.

The model: entries by case-insensitive name (Windows compares names so) with the
properties set, the saved password (or none), and whether the simulated server checks
passwords.  A dial of a model entry must end CONNECTED when the saved password is the
server's (or the server checks none), 868 for a server under .invalid, else 691; a dial of
a name the model lacks, 623.  Concurrent writers each add entries; none may be lost.

RASFAST_HYPOTHESIS_PROFILE=long runs more (as tests/test_properties.py).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
from dataclasses import dataclass
from typing import Dict, Optional

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

import rasfast
from rasfast import ConnState, RasError, sim

# Every file-phonebook step rewrites and fsyncs the file, so CI's profile is
# small (the suite runs it on four interpreters); RASFAST_HYPOTHESIS_PROFILE=long
# soaks it.
settings.register_profile("pb-ci", max_examples=15, stateful_step_count=20, deadline=None,
                          suppress_health_check=list(HealthCheck))
settings.register_profile("pb-long", max_examples=400, stateful_step_count=50, deadline=None,
                          suppress_health_check=list(HealthCheck))
PROFILE = "pb-long" if os.environ.get("RASFAST_HYPOTHESIS_PROFILE") == "long" else "pb-ci"

NAMES = st.sampled_from(["Alpha", "alpha", "Beta", "GAMMA", "gamma", "Delta"])
SERVERS = st.sampled_from(["a.example.com", "b.example.net", "vpn.corp.invalid"])
TUNNELS = st.sampled_from(["automatic", "ikev2", "sstp", "l2tp", "pptp"])
PASSWORDS = st.sampled_from(["pw-right", "pw-wrong", None])
SERVER_PASSWORD = "pw-right"
STATS = {"steps": 0, "dials": 0, "concurrent": 0}


@dataclass
class Entry:
    name: str
    server: str
    tunnel_type: str
    redial_count: int
    dns_suffix: str
    password: Optional[str] = None    # the saved one
    username: str = ""
    checks: bool = True               # the simulated server checks passwords


WRITER = textwrap.dedent("""
    import sys, rasfast
    book, names = sys.argv[1], sys.argv[2:]
    for n in names:
        rasfast.create_entry(n, server="w.example.com", phonebook=book, backend="sim")
""")


class PhonebookMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        sim.reset()
        sim.set_time_scale(0)
        self.tmp = tempfile.mkdtemp(prefix="rasfast-pb-sm-")
        os.chmod(self.tmp, 0o700)
        self.book: Optional[str] = None
        self.model: Dict[str, Entry] = {}
        self.writers = 0

    def teardown(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)
        sim.reset()

    @initialize(on_file=st.booleans())
    def choose_book(self, on_file: bool) -> None:
        self.book = os.path.join(self.tmp, "rasphone.pbk") if on_file else None

    # -- helpers ------------------------------------------------------------
    def _code(self, call) -> int:
        try:
            call()
        except RasError as exc:
            return exc.code
        return 0

    def _get(self, name: str) -> Optional[Entry]:
        return self.model.get(name.lower())

    # -- rules --------------------------------------------------------------
    @rule(name=NAMES, server=SERVERS, tunnel=TUNNELS, redial=st.integers(0, 99))
    def create(self, name: str, server: str, tunnel: str, redial: int) -> None:
        STATS["steps"] += 1
        code = self._code(lambda: rasfast.create_entry(
            name, server=server, tunnel_type=tunnel, redial_count=redial, phonebook=self.book))
        if self._get(name):
            assert code == 183
            return
        assert code == 0
        sim.require_password(name, SERVER_PASSWORD, phonebook=self.book)
        self.model[name.lower()] = Entry(name, server, tunnel, redial, "")

    @rule(name=NAMES, server=st.one_of(st.none(), SERVERS), tunnel=st.one_of(st.none(), TUNNELS),
          suffix=st.one_of(st.none(), st.sampled_from(["", "corp.example.com"])))
    def update(self, name: str, server, tunnel, suffix) -> None:
        STATS["steps"] += 1
        changes = {k: v for k, v in (("server", server), ("tunnel_type", tunnel),
                                     ("dns_suffix", suffix)) if v is not None}
        code = self._code(lambda: rasfast.update_entry(name, phonebook=self.book, **changes))
        e = self._get(name)
        if not e:
            assert code == 623
            return
        assert code == 0
        e.server = changes.get("server", e.server)
        e.tunnel_type = changes.get("tunnel_type", e.tunnel_type)
        e.dns_suffix = changes.get("dns_suffix", e.dns_suffix)

    @rule(old=NAMES, new=NAMES)
    def rename(self, old: str, new: str) -> None:
        STATS["steps"] += 1
        code = self._code(lambda: rasfast.rename_entry(old, new, phonebook=self.book))
        e, other = self._get(old), self._get(new)
        if not e:
            assert code == 623
        elif other and other is not e:
            assert code == 183
        else:
            assert code == 0
            del self.model[old.lower()]
            e.name = new
            self.model[new.lower()] = e

    @rule(name=NAMES)
    def delete(self, name: str) -> None:
        STATS["steps"] += 1
        code = self._code(lambda: rasfast.delete_entry(name, phonebook=self.book))
        if not self._get(name):
            assert code == 623
            return
        assert code == 0
        del self.model[name.lower()]

    @rule(name=NAMES)
    def validate(self, name: str) -> None:
        code = self._code(lambda: rasfast.validate_entry_name(name, phonebook=self.book))
        assert code == (183 if self._get(name) else 0)

    @rule(name=NAMES, user=st.sampled_from(["alice", "bob"]), password=PASSWORDS)
    def set_credentials(self, name: str, user: str, password: Optional[str]) -> None:
        STATS["steps"] += 1
        code = self._code(lambda: rasfast.set_credentials(
            name, username=user, password=password, phonebook=self.book))
        e = self._get(name)
        if not e:
            assert code == 623
            return
        assert code == 0
        e.username = user
        if password is not None:
            e.password = password

    @rule(name=NAMES)
    def clear_credentials(self, name: str) -> None:
        code = self._code(lambda: rasfast.clear_credentials(name, phonebook=self.book))
        e = self._get(name)
        if not e:
            assert code == 623
            return
        assert code == 0
        e.password, e.username = None, ""

    @rule(name=NAMES)
    def dial(self, name: str) -> None:
        STATS["dials"] += 1
        e = self._get(name)
        try:
            conn = rasfast.dial(name, phonebook=self.book)
        except RasError as exc:
            assert e is None and exc.code == 623, exc
            return
        try:
            try:
                outcome = conn.wait(10)
            except RasError as exc:
                outcome = exc.code
        finally:
            conn.hangup()
        if e is None:
            assert outcome == 623
        elif e.server.endswith(".invalid"):
            assert outcome == 868
        elif not e.checks or e.password == SERVER_PASSWORD:
            assert outcome is ConnState.CONNECTED, outcome
        else:
            assert outcome == 691

    @precondition(lambda self: self.book is not None and self.writers < 1)
    @rule(threads=st.integers(1, 3))
    def concurrent_writers(self, threads: int) -> None:
        """Another process and `threads` threads of this one each add two entries to the
        file at the same moment: every one of them is there afterwards."""
        STATS["concurrent"] += 1
        self.writers += 1
        batch = [[f"W{self.writers}-{w}-{i}" for i in range(2)] for w in range(threads + 1)]
        proc = subprocess.Popen([sys.executable, "-c", WRITER, self.book, *batch[0]],
                                stderr=subprocess.PIPE, text=True)
        errors = []

        def write(names):
            try:
                for n in names:
                    rasfast.create_entry(n, server="w.example.com", phonebook=self.book)
            except BaseException as exc:       # reported below
                errors.append(exc)
        ts = [threading.Thread(target=write, args=(names,)) for names in batch[1:]]
        for t in ts:
            t.start()
        for t in ts:
            t.join(60)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert not errors, errors
        for names in batch:
            for n in names:
                self.model[n.lower()] = Entry(n, "w.example.com", "automatic", 3, "",
                                              checks=False)

    # -- invariant ----------------------------------------------------------
    @invariant()
    def matches_the_model(self) -> None:
        if not hasattr(self, "model"):
            return
        listed = {e.name.lower(): e.name for e in rasfast.entries(phonebook=self.book)
                  if not e.name.startswith("Demo ")}
        assert listed == {k: e.name for k, e in self.model.items()}
        for e in self.model.values():
            got = rasfast.get_entry(e.name, phonebook=self.book)
            assert (got.server, got.tunnel_type, got.redial_count, got.dns_suffix) == \
                (e.server, e.tunnel_type, e.redial_count, e.dns_suffix), e.name
            c = rasfast.get_credentials(e.name, phonebook=self.book)
            assert c.has_password == (e.password is not None), e.name
            assert c.username == e.username
        if self.book is not None and self.model:
            with open(self.book, encoding="utf-8") as f:
                text = f.read()
            assert "pw-right" not in text and "pw-wrong" not in text    # never a secret
            for e in self.model.values():
                assert f"[{e.name}]" in text


def test_phonebook_state_machine():
    run_state_machine_as_test(PhonebookMachine, settings=settings.get_profile(PROFILE))
    assert STATS["steps"] > 0 and STATS["dials"] > 0
