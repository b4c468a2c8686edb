"""Hold time: how long the simulated RAS thread waits inside the notifier,
rasfast's shim against Python notifiers, with and without load."""
from __future__ import annotations

import pytest
from conftest import notifier_or_skip

from rasfast import bench as rb

LOADS = ("idle", "busy", "gil")
PYTHON_NOTIFIERS = ("cffi_extern", "cffi_callback", "ctypes")


@pytest.mark.parametrize("load", LOADS)
@pytest.mark.parametrize("parked", [False, True], ids=["no-consumer", "parked-consumer"])
def test_shim_hold(measure, contenders, load, parked):
    r = measure(f"hold-{load}", rb.run_hold, notifier=contenders.notifiers["shim"], load=load,
                parked=parked, notes=330, contenders=contenders)
    assert r["notifications"] == r["expected"] == r["received"]
    assert r["connected"] == r["dials"]
    assert r["dropped"] == 0
    if not parked:
        assert r["wakeups"] == 0   # nobody was parked, so no wake system call


@pytest.mark.parametrize("load", LOADS)
def test_shim_hold_spinning_consumer(measure, contenders, load):
    """The consumer's EventBuffer polls (spin) before it parks: most
    notifications of a wave find it polling, so RAS's thread makes no wake
    system call for them."""
    r = measure(f"hold-{load}", rb.run_hold, notifier=contenders.notifiers["shim"], load=load,
                parked=True, spin=rb.HOLD_SPIN, notes=330, contenders=contenders)
    assert r["notifications"] == r["expected"] == r["received"]
    assert r["connected"] == r["dials"] and r["dropped"] == 0
    if load == "idle":   # under load the consumer waits for the GIL, and finds events ready
        assert r["spin_hits"] > 0


@pytest.mark.parametrize("load", LOADS)
@pytest.mark.parametrize("key", PYTHON_NOTIFIERS)
def test_python_notifier_hold(measure, contenders, load, key):
    notifier = notifier_or_skip(contenders, key)
    # Under load each call waits for the GIL (milliseconds): keep it short.
    notes = 330 if load == "idle" else 66
    r = measure(f"hold-{load}", rb.run_hold, notifier=notifier, load=load, notes=notes,
                contenders=contenders)
    assert r["notifications"] == r["expected"] == r["received"]
    assert r["connected"] == r["dials"]


@pytest.mark.parametrize("load", LOADS)
def test_floor_hold(measure, contenders, load):
    r = measure(f"hold-{load}", rb.run_hold, notifier=notifier_or_skip(contenders, "floor"),
                load=load, notes=330, contenders=contenders)
    assert r["notifications"] == r["expected"]


def test_shim_hold_instant_profile(measure, contenders):
    """Every state at once: RAS threads back to back, warm caches."""
    r = measure("hold-idle", rb.run_hold, notifier=contenders.notifiers["shim"], notes=2200,
                spaced=False, contenders=contenders)
    assert r["notifications"] == r["expected"] == r["received"]
    assert r["connected"] == r["dials"]
    assert r["dropped"] == 0
