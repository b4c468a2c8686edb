"""Phonebook scale: N sim.add_entry and N create_entry/get_entry calls, each O(1) (one
lookup in the simulator's name hash), so that N = 10,000 takes well under a second.
Correctness only is asserted (every entry there, read back by name); times are
pytest-benchmark's."""
from __future__ import annotations

import pytest

import rasfast
from rasfast import sim


@pytest.fixture(autouse=True)
def clean():
    sim.reset()
    yield
    sim.reset()


def _add(n: int) -> int:
    sim.reset()
    for i in range(n):
        sim.add_entry(f"Scale {i}", profile="instant")
    return n


@pytest.mark.parametrize("n", [1_000, 10_000])
def test_sim_add_entry(benchmark, n):
    benchmark.group = "phonebook"
    benchmark.extra_info["entries"] = n
    assert benchmark.pedantic(_add, args=(n,), rounds=3, iterations=1) == n
    names = {e.name for e in sim.entries()}
    assert {f"Scale {i}" for i in range(n)} <= names


def _create_and_get(n: int) -> int:
    sim.reset()
    for i in range(n):
        rasfast.create_entry(f"Made {i}", server="vpn.example.com", backend="sim")
    for i in range(0, n, 7):
        assert rasfast.get_entry(f"Made {i}", backend="sim").server == "vpn.example.com"
    return n


@pytest.mark.parametrize("n", [1_000, 10_000])
def test_create_entry_and_get_entry(benchmark, n):
    benchmark.group = "phonebook"
    benchmark.extra_info["entries"] = n
    assert benchmark.pedantic(_create_and_get, args=(n,), rounds=1, iterations=1) == n


@pytest.fixture
def fleet_file(tmp_path):
    """A phonebook file of 1,000 entries (written once, outside the timing)."""
    import os
    os.chmod(tmp_path, 0o700)
    path = str(tmp_path / "fleet.pbk")
    text = "".join(f"[Branch {i}]\nType=2\nPhoneNumber=vpn{i}.example.com\n\n" for i in range(1000))
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(path, 0o600)
    return path


def _dial_from_file(path: str, n: int) -> int:
    conns = [rasfast.dial(f"Branch {i}", phonebook=path, username="u", password="p")
             for i in range(n)]
    rasfast.hangup_all(timeout=30)
    return len(conns)


def test_dial_from_a_1000_entry_phonebook_file(benchmark, fleet_file):
    """100 dials of entries of one unchanged 1,000-entry file: the file is read once."""
    sim.set_time_scale(0)
    benchmark.group = "phonebook"
    benchmark.extra_info["entries"] = 1000
    assert benchmark.pedantic(_dial_from_file, args=(fleet_file, 100), rounds=3,
                              iterations=1) == 100
